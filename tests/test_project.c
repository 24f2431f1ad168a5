/* test_project.c - project tables (项目支出绩效自评表): the built-in project
 * form, the two public tables (a municipal school renovation and a
 * township's entrusted services) scored from their targets and actual
 * values, a missed at-least and at-most target, a qualitative band, a
 * missed date, an indicator that does not apply and the total rescaled,
 * points the unit distributes that do not add up, and drafts that keep
 * all of it across a save and through undo. */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "draftio.h"
#include "history.h"
#include "target.h"

static struct form *project;

static int setup(void **state)
{
    if (test_form_setup(state) < 0)
        return -1;
    struct diags d = {0};
    project = form_load_builtin("project", &d);
    diags_clear(&d);
    return project ? 0 : -1;
}

static int teardown(void **state)
{
    form_free(project);
    return test_form_teardown(state);
}

static size_t warnings(const struct diags *d)
{
    size_t n = 0;
    for (size_t i = 0; i < d->n; i++)
        n += d->v[i].level == DIAG_WARNING;
    return n;
}

/* Apply e and record it for undo. */
static void apply_push(struct history *h, struct draft *d, const struct edit *e)
{
    struct edit inv;
    char why[256] = "";
    if (draft_apply(d, e, &inv, why, sizeof why) < 0)
        fail_msg("%s", why);
    assert_int_equal(history_push(h, e, &inv), 0);
    edit_clear(&inv);
}

static struct draft *load_data(const char *name)
{
    char path[512];
    snprintf(path, sizeof path, SRCDIR "/tests/data/project/%s", name);
    struct diags d = {0};
    struct draft *dr = draftio_load(path, project, &d);
    for (size_t i = 0; i < d.n; i++)
        print_message("# %s:%ld: %s\n", d.v[i].file, d.v[i].line, d.v[i].msg);
    assert_int_equal(d.errors, 0);
    assert_int_equal(warnings(&d), 0);
    diags_clear(&d);
    assert_non_null(dr);
    return dr;
}

static pts_t score_of(const struct draft *d, const char *id)
{
    int i = draft_find(d, id);
    assert_true(i >= 0);
    return draft_node(d, i)->score;
}

/* A blank project draft with one of the unit's indicators under group:
 * points, target and actual as given. */
static struct draft *one_indicator(const char *group, const char *points, const char *target,
                                   const char *actual)
{
    struct draft *d = draft_new(project);
    char id[32];
    snprintf(id, sizeof id, "%s.2", group);
    struct edit e = {.kind = EDIT_ADD_CUSTOM, .id = id, .key = (char *)group,
                     .value = (char *)"指标", .points = (char *)points};
    char why[256] = "";
    if (draft_apply(d, &e, NULL, why, sizeof why) < 0)
        fail_msg("add %s: %s", id, why);
    if (draft_set_target(d, id, target, actual, why, sizeof why) < 0)
        fail_msg("target %s: %s", id, why);
    return d;
}

static void test_form_builtin(void **state)
{
    (void)state;
    assert_string_equal(project->name, "项目支出绩效自评表");
    assert_int_equal(project->total_points, 10000);
    assert_string_equal(form_builtin_for_name(project->name), "project");
    assert_true(form_builtin_key("standard"));
    assert_false(form_builtin_key("projects"));
    /* the groups under 产出指标 are the unit's to distribute */
    assert_true(form_node_open(project, form_find(project, "2.1")));
    assert_true(form_node_open(project, form_find(project, "2.1.1")));
    assert_false(form_node_open(project, form_find(project, "2")));
    struct draft *d = draft_new(project);
    /* a blank table: only 预算执行率 is an indicator until the unit adds its own */
    assert_int_equal(draft_leaves(d), 1);
    size_t total;
    struct problem p[16];
    draft_problems(d, p, 16, &total);
    assert_int_equal(total, 4);   /* unscored 1, and 2, 3, 4 not distributed */
    assert_int_equal(p[1].kind, PROB_POINTS_SUM);
    draft_free(d);
}

/* 2019 municipal school renovation: 43.2 budgeted, 37.24 spent, 执行率 86%
 * gives 8.6 of 10; every other indicator met. */
static void test_school(void **state)
{
    (void)state;
    struct draft *d = load_data("school-2019.csv");
    assert_int_equal(score_of(d, "1"), 860);
    assert_int_equal(score_of(d, "2.1.2"), 2000);   /* ≥1200平方米, 1200 done */
    assert_int_equal(score_of(d, "2.2.2"), 1500);   /* =100% */
    assert_int_equal(score_of(d, "2.3.2"), 1000);   /* 2019年8月底前, done in August */
    assert_int_equal(score_of(d, "2.4.2"), 500);    /* ≤43.2万元, 37.24 spent */
    assert_int_equal(score_of(d, "3.2.2"), 3000);   /* qualitative, typed */
    assert_int_equal(score_of(d, "2"), 5000);
    assert_int_equal(draft_total(d), 9860);
    assert_string_equal(draft_grade(d), "优");
    assert_string_equal(draft_meta(d, META_PROJECT), "校舍维修改造项目");
    assert_string_equal(draft_meta(d, META_DEPARTMENT), "某市教育局");
    assert_non_null(strstr(draft_meta(d, META_GOAL), "消除安全隐患"));
    size_t total;
    struct problem p[4];
    draft_problems(d, p, 4, &total);
    assert_int_equal(total, 0);
    draft_free(d);
}

/* 2022 township entrusted services: 90 budgeted, 89.974 spent; ≥50 个,
 * ≥100%, ≤90 万元 all met: full marks. */
static void test_township(void **state)
{
    (void)state;
    struct draft *d = load_data("township-2022.csv");
    assert_int_equal(score_of(d, "1"), 1000);
    assert_int_equal(score_of(d, "2.1.2"), 2000);
    assert_int_equal(score_of(d, "2.2.2"), 1500);
    assert_int_equal(score_of(d, "2.4.2"), 1000);
    assert_int_equal(draft_total(d), 10000);
    assert_string_equal(draft_target(d, draft_find(d, "2.1.2")), "≥50 个");
    assert_string_equal(draft_actual(d, draft_find(d, "2.4.2")), "90 万元");
    draft_free(d);
}

static void test_missed_at_least(void **state)
{
    (void)state;
    struct draft *d = one_indicator("2.1", "20", "≥50 个", "40 个");
    int i = draft_find(d, "2.1.2");
    assert_int_equal(draft_node(d, i)->score, 1600);   /* 40 / 50 x 20 */
    /* a deduction needs its 偏差原因 */
    struct problem p;
    assert_true(draft_node_problem(d, i, &p));
    assert_int_equal(p.kind, PROB_NO_REASON);
    char why[256] = "";
    assert_int_equal(draft_set_note(d, "2.1.2", "受疫情影响，10个项目延至次年。", why, sizeof why),
                     0);
    assert_false(draft_node_problem(d, i, &p));
    /* 50个以上 is the same target; the score follows the actual value */
    assert_int_equal(draft_set_target(d, "2.1.2", "50个以上", "45个", why, sizeof why), 0);
    assert_int_equal(draft_node(d, i)->score, 1800);
    /* above the target: capped at the points */
    assert_int_equal(draft_set_target(d, "2.1.2", NULL, "60个", why, sizeof why), 0);
    assert_int_equal(draft_node(d, i)->score, 2000);
    /* a score typed over it is refused: the target decides */
    assert_int_equal(draft_set_score(d, "2.1.2", "15", why, sizeof why), -1);
    assert_contains(why, "年度指标值");
    draft_free(d);
}

static void test_missed_at_most(void **state)
{
    (void)state;
    struct draft *d = one_indicator("2.4", "10", "≤90 万元", "100 万元");
    int i = draft_find(d, "2.4.2");
    assert_int_equal(draft_node(d, i)->score, 900);    /* 90 / 100 x 10 */
    char why[256] = "";
    assert_int_equal(draft_set_target(d, "2.4.2", "不超过90万元", "120万元", why, sizeof why), 0);
    assert_int_equal(draft_node(d, i)->score, 750);
    /* under the ceiling: full */
    assert_int_equal(draft_set_target(d, "2.4.2", NULL, "0", why, sizeof why), 0);
    assert_int_equal(draft_node(d, i)->score, 1000);
    /* another unit cannot be compared */
    assert_int_equal(draft_set_target(d, "2.4.2", NULL, "900000 元", why, sizeof why), 0);
    assert_int_equal(draft_node(d, i)->status, RULE_ERROR);
    assert_contains(draft_node(d, i)->why, "万元");
    draft_free(d);
}

static void test_qualitative_band(void **state)
{
    (void)state;
    struct draft *d = one_indicator("3.2", "30", "效果明显", "群众反映良好");
    int i = draft_find(d, "3.2.2");
    /* nothing to compute: the assessor types the score */
    assert_int_equal(draft_node(d, i)->status, RULE_INCOMPLETE);
    assert_false(draft_target_scores(d, i));
    char why[256] = "";
    assert_int_equal(draft_set_score(d, "3.2.2", "25", why, sizeof why), 0);
    assert_int_equal(draft_node(d, i)->score, 2500);
    assert_int_equal(target_band(2500, 3000), 0);   /* 达成: 24 to 30 */
    assert_int_equal(target_band(2400, 3000), 0);
    assert_int_equal(target_band(2399, 3000), 1);   /* 部分达成: 18 to 24 */
    assert_int_equal(target_band(1800, 3000), 1);
    assert_int_equal(target_band(1799, 3000), 2);
    pts_t lo, hi;
    target_band_range(1, 3000, &lo, &hi);
    assert_int_equal(lo, 1800);
    assert_int_equal(hi, 2400);
    target_band_range(2, 3000, &lo, &hi);
    assert_int_equal(lo, 0);
    assert_int_equal(hi, 1800);
    draft_free(d);
}

static void test_targets_parsed(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        enum target_kind kind;
        const char *unit;
    } cases[] = {
        {"≥50 个", TARGET_AT_LEAST, "个"},   {"50个以上", TARGET_AT_LEAST, "个"},
        {"不少于1,200平方米", TARGET_AT_LEAST, "平方米"},
        {"＞＝９５％", TARGET_AT_LEAST, "%"},  {"≤90 万元", TARGET_AT_MOST, "万元"},
        {"90万元以内", TARGET_AT_MOST, "万元"}, {"=100%", TARGET_EXACT, "%"},
        {"100%", TARGET_EXACT, "%"},          {"2021年12月前", TARGET_DATE, ""},
        {"2022-06-30前", TARGET_DATE, ""},    {"效果明显", TARGET_TEXT, ""},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        struct target t;
        char why[256] = "";
        assert_int_equal(target_parse(cases[k].text, &t, why, sizeof why), 0);
        if (t.kind != cases[k].kind || strcmp(t.unit, cases[k].unit))
            fail_msg("%s: kind %d unit \"%s\"", cases[k].text, t.kind, t.unit);
    }
    /* a comparison without a number is an error, named in check */
    struct target t;
    char why[256] = "";
    assert_int_equal(target_parse("≥五十个", &t, why, sizeof why), -1);
    struct draft *d = one_indicator("2.1", "20", "≥五十个", "50个");
    int i = draft_find(d, "2.1.2");
    assert_int_equal(draft_node(d, i)->status, RULE_ERROR);
    struct problem p;
    assert_true(draft_node_problem(d, i, &p));
    assert_int_equal(p.kind, PROB_ERROR);
    assert_contains(p.msg, "≥五十个");
    draft_free(d);
}

static void test_missed_date(void **state)
{
    (void)state;
    struct draft *d = one_indicator("2.3", "10", "2021年12月前", "2021年11月");
    int i = draft_find(d, "2.3.2");
    assert_int_equal(draft_node(d, i)->score, 1000);
    char why[256] = "";
    assert_int_equal(draft_set_target(d, "2.3.2", NULL, "2022年3月", why, sizeof why), 0);
    assert_int_equal(draft_node(d, i)->score, PTS_NONE);   /* late: typed */
    assert_contains(draft_node(d, i)->why, "2022年3月");
    assert_int_equal(draft_set_score(d, "2.3.2", "6", why, sizeof why), 0);
    assert_int_equal(draft_node(d, i)->score, 600);
    draft_free(d);
}

/* 不适用: the indicator is left out and the total rescaled to 100. */
static void test_not_applicable(void **state)
{
    (void)state;
    struct draft *d = load_data("school-2019.csv");
    pts_t raw, applicable;
    assert_false(draft_rescale(d, &raw, &applicable));
    char why[256] = "";
    /* 师生满意度 (10 points, full) does not apply: 88.6 of 90 -> 98.44 */
    assert_int_equal(draft_set_na(d, "4.1.2", true, why, sizeof why), 0);
    assert_true(draft_rescale(d, &raw, &applicable));
    assert_int_equal(raw, 8860);
    assert_int_equal(applicable, 9000);
    assert_int_equal(draft_total(d), 9844);
    assert_int_equal(draft_scored(d), draft_leaves(d));   /* settled, not missing */
    size_t total;
    struct problem p[4];
    draft_problems(d, p, 4, &total);
    assert_int_equal(total, 0);
    /* kept across a save */
    char *buf = NULL;
    size_t len;
    assert_int_equal(draftio_write_buffer(d, true, &buf, &len), 0);
    assert_non_null(strstr(buf, "不适用"));
    struct diags dg = {0};
    struct draft *back = draftio_load_buffer("mem.csv", buf, len, project, &dg);
    assert_non_null(back);
    assert_int_equal(warnings(&dg), 0);
    assert_int_equal(draft_total(back), 9844);
    assert_true(draft_node(back, draft_find(back, "4.1.2"))->na);
    draft_free(back);
    diags_clear(&dg);
    free(buf);
    /* applies again */
    assert_int_equal(draft_set_na(d, "4.1.2", false, why, sizeof why), 0);
    assert_int_equal(draft_total(d), 9860);
    /* a group is not an indicator */
    assert_int_equal(draft_set_na(d, "2.1", true, why, sizeof why), -1);
    draft_free(d);
}

/* The unit distributes 产出指标's 50 points over its groups' indicators. */
static void test_points_distributed(void **state)
{
    (void)state;
    struct draft *d = one_indicator("2.1", "20", "≥50 个", "50 个");
    int g = draft_find(d, "2"), g1 = draft_find(d, "2.1");
    assert_int_equal(draft_node(d, g1)->fn->points, 2000);   /* the group follows */
    struct problem p;
    assert_true(draft_node_problem(d, g, &p));
    assert_int_equal(p.kind, PROB_POINTS_SUM);
    assert_contains(p.msg, "20");
    struct edit e = {.kind = EDIT_ADD_CUSTOM, .id = (char *)"2.2.2", .key = (char *)"2.2",
                     .value = (char *)"合格率", .points = (char *)"30"};
    char why[256] = "";
    assert_int_equal(draft_apply(d, &e, NULL, why, sizeof why), 0);
    assert_false(draft_node_problem(d, g, &p));
    assert_int_equal(draft_overflow(d), -1);
    /* one more: 55 of 50, which a draft may pass through but not print */
    e.id = (char *)"2.3.2";
    e.key = (char *)"2.3";
    e.points = (char *)"5";
    assert_int_equal(draft_apply(d, &e, NULL, why, sizeof why), 0);
    assert_int_equal(draft_overflow(d), g);
    /* one indicator worth more than 产出指标 itself is refused */
    e.id = (char *)"2.4.2";
    e.key = (char *)"2.4";
    e.points = (char *)"51";
    assert_int_equal(draft_apply(d, &e, NULL, why, sizeof why), -1);
    assert_contains(why, "50");
    draft_free(d);
}

/* Targets, actual values and 不适用 go through undo like every change. */
static void test_undo(void **state)
{
    (void)state;
    struct draft *d = one_indicator("2.1", "20", "≥50 个", "40 个");
    struct history *h = history_new();
    char why[256] = "";
    struct edit e = {.kind = EDIT_TARGET, .id = (char *)"2.1.2", .key = (char *)"actual",
                     .value = (char *)"50 个"};
    apply_push(h, d, &e);
    assert_int_equal(score_of(d, "2.1.2"), 2000);
    struct edit na = {.kind = EDIT_NA, .id = (char *)"2.1.2", .value = (char *)"1"};
    apply_push(h, d, &na);
    assert_int_equal(score_of(d, "2.1.2"), PTS_NONE);
    const char *id;
    assert_int_equal(history_undo(h, d, &id, why, sizeof why), 0);
    assert_false(draft_node(d, draft_find(d, "2.1.2"))->na);
    assert_int_equal(history_undo(h, d, &id, why, sizeof why), 0);
    assert_string_equal(draft_actual(d, draft_find(d, "2.1.2")), "40 个");
    assert_int_equal(score_of(d, "2.1.2"), 1600);
    history_free(h);
    draft_free(d);
}

/* load -> save -> load -> save is byte-identical, and an older draft of
 * the standard form gains no column. */
static void test_round_trip(void **state)
{
    (void)state;
    static const char *const files[] = {"school-2019.csv", "township-2022.csv"};
    for (size_t k = 0; k < 2; k++) {
        struct draft *d = load_data(files[k]);
        char *a = NULL, *b = NULL;
        size_t la, lb;
        assert_int_equal(draftio_write_buffer(d, true, &a, &la), 0);
        struct diags dg = {0};
        struct draft *back = draftio_load_buffer("mem.csv", a, la, project, &dg);
        assert_non_null(back);
        assert_int_equal(warnings(&dg), 0);
        assert_int_equal(draftio_write_buffer(back, true, &b, &lb), 0);
        assert_int_equal(la, lb);
        assert_memory_equal(a, b, la);
        assert_non_null(strstr(a, "#project"));
        assert_non_null(strstr(a, ",target,actual"));
        diags_clear(&dg);
        free(a);
        free(b);
        draft_free(back);
        draft_free(d);
    }
    struct draft *s = test_seed(test_form);
    char *buf = NULL;
    size_t len;
    assert_int_equal(draftio_write_buffer(s, true, &buf, &len), 0);
    assert_null(strstr(buf, "target"));
    assert_null(strstr(buf, "#project"));
    free(buf);
    draft_free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_form_builtin),
        cmocka_unit_test(test_school),
        cmocka_unit_test(test_township),
        cmocka_unit_test(test_missed_at_least),
        cmocka_unit_test(test_missed_at_most),
        cmocka_unit_test(test_qualitative_band),
        cmocka_unit_test(test_targets_parsed),
        cmocka_unit_test(test_missed_date),
        cmocka_unit_test(test_not_applicable),
        cmocka_unit_test(test_points_distributed),
        cmocka_unit_test(test_undo),
        cmocka_unit_test(test_round_trip),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
