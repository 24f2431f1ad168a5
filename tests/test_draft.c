/* test_draft.c - edits, refusals, live totals, custom indicators, undo. */
#include "testutil.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "draft.h"
#include "forms.h"
#include "history.h"


/* Sum of leaves shown, computed independently of the draft's totals. */
static pts_t sum_leaves(const struct draft *d, int root)
{
    pts_t s = 0;
    for (int i = root >= 0 ? root : draft_first(d); i >= 0; i = draft_next(d, i)) {
        const struct dnode *nd = draft_node(d, i);
        if (root >= 0 && i != root) {
            int p = nd->parent;
            while (p >= 0 && p != root)
                p = draft_node(d, p)->parent;
            if (p != root)
                break;
        }
        if (dnode_is_leaf(nd) && nd->score != PTS_NONE && !nd->replaced)
            s += nd->score;
    }
    return s;
}

static void test_direct_score(void **state)
{
    (void)state;
    struct draft *d = draft_new(test_form);
    char why[256];
    assert_int_equal(draft_total(d), 0);
    assert_int_equal(draft_scored(d), 0);
    assert_int_equal(draft_leaves(d), 21);
    assert_int_equal(draft_set_score(d, "3.3.1", "18", why, sizeof why), 0);
    assert_int_equal(draft_total(d), 1800);
    assert_int_equal(draft_node(d, draft_find(d, "3.3"))->score, 1800);
    assert_int_equal(draft_node(d, draft_find(d, "3"))->score, 1800);
    assert_int_equal(draft_scored(d), 1);
    /* refused values keep the previous one, with a reason */
    assert_int_equal(draft_set_score(d, "3.3.1", "21", why, sizeof why), -1);
    assert_non_null(strstr(why, "above"));
    assert_int_equal(draft_set_score(d, "3.3.1", "-1", why, sizeof why), -1);
    assert_int_equal(draft_set_score(d, "3.3.1", "17.555", why, sizeof why), -1);
    assert_non_null(strstr(why, "two decimals"));
    assert_int_equal(draft_set_score(d, "3.3.1", "abc", why, sizeof why), -1);
    assert_int_equal(draft_total(d), 1800);
    /* rule-scored leaves and groups refuse a typed score */
    assert_int_equal(draft_set_score(d, "3.2.1", "6", why, sizeof why), -1);
    assert_int_equal(draft_set_score(d, "3.2", "6", why, sizeof why), -1);
    assert_int_equal(draft_set_score(d, "9.9", "6", why, sizeof why), -1);
    /* clearing */
    assert_int_equal(draft_set_score(d, "3.3.1", "", why, sizeof why), 0);
    assert_int_equal(draft_total(d), 0);
    assert_int_equal(draft_scored(d), 0);
    draft_free(d);
}

/* Part values are computed when asked for, from the marks and figures. */
static void test_part_scores(void **state)
{
    (void)state;
    struct draft *d = draft_new(test_form);
    char why[256];
    int i = draft_find(d, "1.1.1");
    pts_t *ps = draft_part_scores(d, i);
    assert_non_null(ps);
    for (int k = 0; k < 5; k++)
        assert_int_equal(ps[k], PTS_NONE);   /* nothing marked yet */
    free(ps);
    assert_int_equal(draft_set_mark(d, "1.1.1", "资金按重点合理分配", "0.5", why, sizeof why), 0);
    assert_int_equal(draft_set_mark(d, "1.1.1", "预算分配不固化", "1", why, sizeof why), 0);
    ps = draft_part_scores(d, i);
    assert_non_null(ps);
    assert_int_equal(ps[0], PTS_NONE);
    assert_int_equal(ps[1], 50);
    assert_int_equal(ps[4], 100);
    free(ps);
    /* a formula: 6 * min(1, 3 / 4) */
    i = draft_find(d, "3.2.3");
    assert_int_equal(draft_set_figure(d, "3.2.3", "done", "3", why, sizeof why), 0);
    ps = draft_part_scores(d, i);
    assert_int_equal(ps[0], PTS_NONE);
    free(ps);
    assert_int_equal(draft_set_figure(d, "3.2.3", "planned", "4", why, sizeof why), 0);
    ps = draft_part_scores(d, i);
    assert_int_equal(ps[0], 450);
    assert_int_equal(draft_node(d, i)->score, 450);
    free(ps);
    /* scored directly: no parts */
    assert_null(draft_part_scores(d, draft_find(d, "3.3.1")));
    draft_free(d);
}

static void test_totals_match_parts(void **state)
{
    (void)state;
    struct draft *d = draft_new(test_form);
    char why[256];
    /* a pseudo-random walk of edits: totals always equal the leaves shown */
    unsigned seed = 12345;
    static const char *ids[] = {"3.3.1", "1.1.1", "3.2.3", "2.3.2", "3.4.2", "1.2.1"};
    for (int step = 0; step < 2000; step++) {
        seed = seed * 1103515245u + 12345u;
        const char *id = ids[(seed >> 16) % 6];
        char v[32];
        snprintf(v, sizeof v, "%u.%02u", (seed >> 8) % 25, (seed >> 4) % 100);
        if (!strcmp(id, "3.3.1")) {
            (void)!draft_set_score(d, id, v, why, sizeof why);
        } else if (!strcmp(id, "1.1.1")) {
            (void)!draft_set_mark(d, id, "资金按重点合理分配", (seed & 1) ? "1" : "0.5", why, sizeof why);
        } else if (!strcmp(id, "3.2.3")) {
            snprintf(v, sizeof v, "%u", (seed >> 5) % 30);
            (void)!draft_set_figure(d, id, (seed & 2) ? "done" : "planned", v, why, sizeof why);
        } else if (!strcmp(id, "2.3.2") || !strcmp(id, "3.4.2")) {
            snprintf(v, sizeof v, "%u.%u", (seed >> 6) % 101, (seed >> 3) % 10);
            (void)!draft_set_figure(d, id, !strcmp(id, "2.3.2") ? "rate" : "sat", v, why, sizeof why);
        } else {
            snprintf(v, sizeof v, "%u", (seed >> 7) % 12);
            (void)!draft_set_figure(d, id, "n", v, why, sizeof why);
        }
        assert_int_equal(draft_total(d), sum_leaves(d, -1));
    }
    for (int i = draft_first(d); i >= 0; i = draft_next(d, i))
        if (!dnode_is_leaf(draft_node(d, i)))
            assert_int_equal(draft_node(d, i)->score, sum_leaves(d, i));
    draft_free(d);
}

static void test_custom_indicators(void **state)
{
    (void)state;
    struct draft *d = draft_new(test_form);
    char why[256];
    int g = draft_find(d, "3.3");
    char *id = draft_custom_id(d, g);
    assert_string_equal(id, "3.3.2");
    struct edit add = {.kind = EDIT_ADD_CUSTOM, .id = id, .key = "3.3", .value = "社会效益",
                       .points = "12"};
    struct edit inv;
    assert_int_equal(draft_apply(d, &add, &inv, why, sizeof why), 0);
    assert_true(draft_node(d, draft_find(d, "3.3.1"))->replaced);
    /* 12 of 20: the screen must be told */
    struct problem p[32];
    size_t total;
    size_t n = draft_problems(d, p, 32, &total);
    bool sum_problem = false;
    for (size_t k = 0; k < n; k++)
        sum_problem |= p[k].kind == PROB_POINTS_SUM && p[k].node == g;
    assert_true(sum_problem);
    char *id2 = draft_custom_id(d, g);
    assert_string_equal(id2, "3.3.3");
    struct edit add2 = {.kind = EDIT_ADD_CUSTOM, .id = id2, .key = "3.3", .value = "可持续影响",
                        .points = "8"};
    assert_int_equal(draft_overflow(d), -1);   /* 12 of 20: short, not over */
    assert_int_equal(draft_apply(d, &add2, NULL, why, sizeof why), 0);
    assert_false(draft_node_has_problem(d, g));
    assert_int_equal(draft_overflow(d), -1);   /* 20 of 20 */
    assert_int_equal(draft_set_score(d, "3.3.2", "11", why, sizeof why), 0);
    assert_int_equal(draft_set_score(d, "3.3.3", "7", why, sizeof why), 0);
    assert_int_equal(draft_total(d), 1800);
    assert_int_equal(draft_leaves(d), 22);
    /* one more makes 23 of 20: over, until it goes again */
    struct edit add3 = {.kind = EDIT_ADD_CUSTOM, .id = "3.3.4", .key = "3.3", .value = "安全",
                        .points = "3"};
    struct edit undo_add3;
    assert_int_equal(draft_apply(d, &add3, &undo_add3, why, sizeof why), 0);
    assert_int_equal(draft_overflow(d), g);
    assert_int_equal(draft_apply(d, &undo_add3, NULL, why, sizeof why), 0);
    assert_int_equal(draft_overflow(d), -1);
    edit_clear(&undo_add3);
    /* removing one brings its score out of the total; undo brings it back */
    struct edit del = {.kind = EDIT_DEL_CUSTOM, .id = id2};
    struct edit undo_del;
    assert_int_equal(draft_apply(d, &del, &undo_del, why, sizeof why), 0);
    assert_int_equal(draft_total(d), 1100);
    assert_int_equal(draft_find(d, "3.3.3"), -1);
    assert_int_equal(draft_apply(d, &undo_del, NULL, why, sizeof why), 0);
    assert_int_equal(draft_total(d), 1800);
    /* the form's own indicators cannot be removed; bad points refused */
    struct edit delform = {.kind = EDIT_DEL_CUSTOM, .id = "3.3.1"};
    assert_int_equal(draft_apply(d, &delform, NULL, why, sizeof why), -1);
    struct edit badpts = {.kind = EDIT_ADD_CUSTOM, .id = "3.3.9", .key = "3.3", .value = "x",
                          .points = "五"};
    assert_int_equal(draft_apply(d, &badpts, NULL, why, sizeof why), -1);
    struct edit too_big = {.kind = EDIT_ADD_CUSTOM, .id = "3.3.9", .key = "3.3", .value = "x",
                           .points = "21"};
    assert_int_equal(draft_apply(d, &too_big, NULL, why, sizeof why), -1);
    assert_non_null(strstr(why, "more than the 20 points of 3.3"));
    struct edit under_leaf = {.kind = EDIT_ADD_CUSTOM, .id = "3.3.1.1", .key = "3.3.1",
                              .value = "x", .points = "1"};
    assert_int_equal(draft_apply(d, &under_leaf, NULL, why, sizeof why), -1);
    /* only a group with a 'custom' placeholder takes them: 2.1 has none */
    assert_false(draft_takes_custom(d, draft_find(d, "2.1")));
    assert_true(draft_takes_custom(d, g));
    struct edit no_room = {.kind = EDIT_ADD_CUSTOM, .id = "2.1.4", .key = "2.1",
                           .value = "x", .points = "1"};
    assert_int_equal(draft_apply(d, &no_room, NULL, why, sizeof why), -1);
    assert_non_null(strstr(why, "2.1 资金管理 takes none of the unit's own indicators"));
    /* undoing the first add restores the placeholder */
    assert_int_equal(draft_apply(d, &inv, NULL, why, sizeof why), 0);
    edit_clear(&inv);
    edit_clear(&undo_del);
    free(id);
    free(id2);
    draft_free(d);
}

/* Renaming a unit's indicator in place, and removing one then undoing it,
 * keep everything it held and its place in the table. */
static void test_custom_set_and_restore(void **state)
{
    (void)state;
    struct draft *d = draft_new(test_form);
    char why[256];
    struct edit a = {.kind = EDIT_ADD_CUSTOM, .id = "3.3.2", .key = "3.3", .value = "甲",
                     .points = "12"};
    struct edit b = {.kind = EDIT_ADD_CUSTOM, .id = "3.3.3", .key = "3.3", .value = "乙",
                     .points = "8"};
    assert_int_equal(draft_apply(d, &a, NULL, why, sizeof why), 0);
    assert_int_equal(draft_apply(d, &b, NULL, why, sizeof why), 0);
    assert_int_equal(draft_set_score(d, "3.3.2", "10", why, sizeof why), 0);
    struct edit rs = {.kind = EDIT_REVIEW_SCORE, .id = "3.3.2", .value = "9"};
    struct edit ev = {.kind = EDIT_EVIDENCE, .id = "3.3.2", .value = "a.pdf|2|"};
    assert_int_equal(draft_apply(d, &rs, NULL, why, sizeof why), 0);
    assert_int_equal(draft_apply(d, &ev, NULL, why, sizeof why), 0);

    struct edit set = {.kind = EDIT_CUSTOM_SET, .id = "3.3.2", .value = "甲（改）", .points = "11"};
    struct edit unset;
    assert_int_equal(draft_apply(d, &set, &unset, why, sizeof why), 0);
    const struct dnode *nd = draft_node(d, draft_find(d, "3.3.2"));
    assert_string_equal(nd->fn->name, "甲（改）");
    assert_int_equal(nd->fn->points, 1100);
    assert_true(draft_node_has_problem(d, draft_find(d, "3.3")));   /* 11 + 8 != 20 */
    struct edit low = {.kind = EDIT_CUSTOM_SET, .id = "3.3.2", .value = "x", .points = "5"};
    assert_int_equal(draft_apply(d, &low, NULL, why, sizeof why), -1);   /* score 10 > 5 */
    struct edit form_node = {.kind = EDIT_CUSTOM_SET, .id = "3.2.1", .value = "x", .points = "5"};
    assert_int_equal(draft_apply(d, &form_node, NULL, why, sizeof why), -1);
    assert_int_equal(draft_apply(d, &unset, NULL, why, sizeof why), 0);
    assert_string_equal(draft_node(d, draft_find(d, "3.3.2"))->fn->name, "甲");
    assert_false(draft_node_has_problem(d, draft_find(d, "3.3")));
    edit_clear(&unset);

    struct edit del = {.kind = EDIT_DEL_CUSTOM, .id = "3.3.2"}, restore;
    assert_int_equal(draft_apply(d, &del, &restore, why, sizeof why), 0);
    assert_int_equal(restore.kind, EDIT_RESTORE_CUSTOM);
    assert_int_equal(draft_total(d), 0);
    assert_int_equal(draft_reviewed(d), 0);
    assert_int_equal(draft_apply(d, &restore, NULL, why, sizeof why), 0);
    int i = draft_find(d, "3.3.2");
    nd = draft_node(d, i);
    assert_int_equal(nd->score, 1000);
    assert_int_equal(nd->review_score, 900);
    assert_string_equal(nd->evidence, "a.pdf|2|");
    assert_int_equal(draft_reviewed(d), 1);
    assert_int_equal(draft_review_total(d), 900);
    /* back in its place, before 3.3.3 */
    assert_string_equal(draft_node(d, nd->next_sibling)->fn->id, "3.3.3");
    edit_clear(&restore);
    draft_free(d);
}

/* A group takes a bounded number of the unit's own indicators, so a
 * hostile draft cannot make loading quadratic. */
static void test_custom_cap(void **state)
{
    (void)state;
    struct draft *d = draft_new(test_form);
    char why[256];
    int added = 0;
    for (int k = 0; k < 1000; k++) {
        char *id = draft_custom_id(d, draft_find(d, "3.3"));
        struct edit e = {.kind = EDIT_ADD_CUSTOM, .id = id, .key = "3.3", .value = "x",
                         .points = "0.01"};
        int rc = draft_apply(d, &e, NULL, why, sizeof why);
        free(id);
        if (rc < 0)
            break;
        added++;
    }
    assert_true(added >= 20);
    assert_true(added < 1000);
    assert_non_null(strstr(why, "the most a group may have"));
    draft_free(d);
}

static void test_history(void **state)
{
    (void)state;
    struct draft *d = draft_new(test_form);
    struct history *h = history_new();
    char why[256];
    const char *values[] = {"10", "15", "18"};
    for (int k = 0; k < 3; k++) {
        struct edit e = {.kind = EDIT_SCORE, .id = "3.3.1", .value = (char *)values[k]}, inv;
        assert_int_equal(draft_apply(d, &e, &inv, why, sizeof why), 0);
        assert_int_equal(history_push(h, &e, &inv), 0);
        edit_clear(&inv);
    }
    struct edit note = {.kind = EDIT_NOTE, .id = "3.3.1", .value = "酌情扣2分"}, inv;
    assert_int_equal(draft_apply(d, &note, &inv, why, sizeof why), 0);
    assert_int_equal(history_push(h, &note, &inv), 0);
    edit_clear(&inv);
    const char *id;
    assert_int_equal(history_undo(h, d, &id, why, sizeof why), 0);
    assert_string_equal(id, "3.3.1");
    assert_string_equal(draft_node(d, draft_find(d, "3.3.1"))->note, "");
    assert_int_equal(history_undo(h, d, &id, why, sizeof why), 0);
    assert_int_equal(draft_total(d), 1500);
    assert_int_equal(history_undo(h, d, &id, why, sizeof why), 0);
    assert_int_equal(history_undo(h, d, &id, why, sizeof why), 0);
    assert_int_equal(draft_total(d), 0);
    assert_int_equal(draft_scored(d), 0);
    assert_int_equal(history_undo(h, d, &id, why, sizeof why), 1);
    assert_int_equal(history_redo(h, d, &id, why, sizeof why), 0);
    assert_int_equal(draft_total(d), 1000);
    /* a new change drops the redo tail */
    struct edit e = {.kind = EDIT_SCORE, .id = "3.3.1", .value = "5"};
    assert_int_equal(draft_apply(d, &e, &inv, why, sizeof why), 0);
    assert_int_equal(history_push(h, &e, &inv), 0);
    edit_clear(&inv);
    assert_int_equal(history_redo(h, d, &id, why, sizeof why), 1);
    assert_int_equal(draft_total(d), 500);
    history_free(h);
    draft_free(d);
}

static void test_meta(void **state)
{
    (void)state;
    struct draft *d = draft_new(test_form);
    char why[256];
    assert_int_equal(draft_set_meta(d, META_UNIT, "深圳市大鹏新区政务服务数据管理局", why, sizeof why), 0);
    assert_int_equal(draft_set_meta(d, META_YEAR, "2021", why, sizeof why), 0);
    assert_int_equal(draft_set_meta(d, META_YEAR, "二〇二一", why, sizeof why), -1);
    assert_int_equal(draft_set_meta(d, META_YEAR, "21", why, sizeof why), -1);
    assert_string_equal(draft_meta(d, META_YEAR), "2021");
    assert_int_equal(draft_set_meta(d, META_UNIT, "a\nb", why, sizeof why), -1);
    assert_int_equal(draft_set_note(d, "1.1.1", "bad \xff utf8", why, sizeof why), -1);
    draft_free(d);
}

/* The count of reviewed leaves decides whether a saved draft carries the
 * review total: it must follow every review score set or cleared, also
 * when no custom indicator is ever added, and custom indicators added and
 * removed (and the placeholder they replace) must count exactly once. */
static void test_reviewed_count(void **state)
{
    (void)state;
    struct draft *d = draft_new(test_form);
    char why[256];
    struct edit e = {.kind = EDIT_REVIEW_SCORE, .id = "1.1.1", .value = "4"};
    assert_int_equal(draft_apply(d, &e, NULL, why, sizeof why), 0);
    assert_int_equal(draft_reviewed(d), 1);
    e.value = "3.5";   /* changing it is not a second review */
    assert_int_equal(draft_apply(d, &e, NULL, why, sizeof why), 0);
    assert_int_equal(draft_reviewed(d), 1);
    /* the placeholder's review stops counting once it is replaced */
    e.id = "3.3.1";
    e.value = "10";
    assert_int_equal(draft_apply(d, &e, NULL, why, sizeof why), 0);
    assert_int_equal(draft_reviewed(d), 2);
    struct edit add = {.kind = EDIT_ADD_CUSTOM, .id = "3.3.2", .key = "3.3",
                       .value = "社会效益", .points = "20"};
    assert_int_equal(draft_apply(d, &add, NULL, why, sizeof why), 0);
    assert_int_equal(draft_reviewed(d), 1);
    e.id = "3.3.2";
    assert_int_equal(draft_apply(d, &e, NULL, why, sizeof why), 0);
    assert_int_equal(draft_reviewed(d), 2);
    struct edit del = {.kind = EDIT_DEL_CUSTOM, .id = "3.3.2"};
    assert_int_equal(draft_apply(d, &del, NULL, why, sizeof why), 0);
    assert_int_equal(draft_reviewed(d), 2);   /* 1.1.1 and the placeholder again */
    e.id = "1.1.1";
    e.value = "";
    assert_int_equal(draft_apply(d, &e, NULL, why, sizeof why), 0);
    assert_int_equal(draft_reviewed(d), 1);
    assert_int_equal(draft_leaves(d), 21);
    /* a verdict alone is a review; with a score as well it counts once */
    struct edit st = {.kind = EDIT_REVIEW_STATUS, .id = "1.1.2", .value = "通过"};
    assert_int_equal(draft_apply(d, &st, NULL, why, sizeof why), 0);
    assert_int_equal(draft_reviewed(d), 2);
    e.id = "1.1.2";
    e.value = "5";
    assert_int_equal(draft_apply(d, &e, NULL, why, sizeof why), 0);
    assert_int_equal(draft_reviewed(d), 2);
    e.value = "";
    assert_int_equal(draft_apply(d, &e, NULL, why, sizeof why), 0);
    assert_int_equal(draft_reviewed(d), 2);
    st.value = "";
    assert_int_equal(draft_apply(d, &st, NULL, why, sizeof why), 0);
    assert_int_equal(draft_reviewed(d), 1);
    /* a verdict on a branch is not a reviewed leaf */
    st.id = "1.1";
    st.value = "有疑问";
    assert_int_equal(draft_apply(d, &st, NULL, why, sizeof why), 0);
    assert_int_equal(draft_reviewed(d), 1);
    draft_free(d);
}

static void test_grade_bands(void **state)
{
    (void)state;
    struct draft *d = draft_new(test_form);
    char why[256];
    const char *band;
    pts_t gap;
    assert_true(draft_next_band(d, &band, &gap));
    assert_string_equal(band, "中");
    assert_int_equal(gap, 6000);
    assert_int_equal(draft_set_score(d, "3.3.1", "18", why, sizeof why), 0);
    assert_true(draft_next_band(d, &band, &gap));
    assert_int_equal(gap, 4200);
    draft_free(d);
}

int main(void)
{
    setlocale(LC_ALL, "C.UTF-8");
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_direct_score),
        cmocka_unit_test(test_part_scores),
        cmocka_unit_test(test_totals_match_parts),
        cmocka_unit_test(test_custom_indicators),
        cmocka_unit_test(test_custom_cap),
        cmocka_unit_test(test_custom_set_and_restore),
        cmocka_unit_test(test_history),
        cmocka_unit_test(test_meta),
        cmocka_unit_test(test_grade_bands),
        cmocka_unit_test(test_reviewed_count),
    };
    return cmocka_run_group_tests(tests, test_form_setup, test_form_teardown);
}
