/* test_override.c - a score typed over a rule-scored indicator's formula:
 * a reason is required, it counts in the totals, undo and clearing give
 * the formula back, drafts keep it in an override column (and only then),
 * diff, check's notice and the exports show it. */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diff.h"
#include "draftio.h"
#include "export.h"
#include "history.h"
#include "journal.h"

#define REASON "报告未列出编外人员数，按自评表得分录入"

/* not inlined: gcc then takes the returned buffer for the local pointer */
__attribute__((noinline)) static char *save_text(const struct draft *d, size_t *len)
{
    char *buf = NULL;
    if (draftio_write_buffer(d, true, &buf, len) < 0)
        fail_msg("cannot write the draft");
    return buf;
}

static struct draft *load_text(const char *buf, size_t len, struct diags *dg)
{
    return draftio_load_buffer("mem.csv", buf, len, test_form, dg);
}

static void test_reason_required(void **state)
{
    (void)state;
    struct draft *d = draft_new(test_form);
    int i = draft_find(d, "2.4.2");
    char why[256] = "";
    assert_int_equal(draft_set_override(d, "2.4.2", "1", "", why, sizeof why), -1);
    assert_contains(why, "reason");
    assert_int_equal(draft_set_override(d, "2.4.2", "1", " \t\n", why, sizeof why), -1);
    assert_false(draft_node(d, i)->overridden);
    assert_int_equal(draft_node(d, i)->score, PTS_NONE);
    /* over the points, negative, not a number: refused as a typed score is */
    assert_int_equal(draft_set_override(d, "2.4.2", "1.5", REASON, why, sizeof why), -1);
    assert_int_equal(draft_set_override(d, "2.4.2", "-1", REASON, why, sizeof why), -1);
    assert_int_equal(draft_set_override(d, "2.4.2", "一", REASON, why, sizeof why), -1);
    /* a directly scored leaf and a branch have no formula to override */
    assert_int_equal(draft_set_override(d, "3.3.1", "1", REASON, why, sizeof why), -1);
    assert_int_equal(draft_set_override(d, "2.4", "1", REASON, why, sizeof why), -1);
    assert_int_equal(draft_overrides(d), 0);
    draft_free(d);
}

static void test_totals_and_clear(void **state)
{
    (void)state;
    struct draft *d = test_seed(test_form);
    int i = draft_find(d, "2.4.2");
    pts_t total = draft_total(d);
    assert_int_equal(draft_node(d, i)->score, 100);
    char why[256] = "";
    /* over figures that give 1: the typed 0.5 wins, up to the total */
    assert_int_equal(draft_set_override(d, "2.4.2", "0.5", REASON, why, sizeof why), 0);
    assert_true(draft_node(d, i)->overridden);
    assert_int_equal(draft_node(d, i)->score, 50);
    assert_int_equal(draft_node(d, draft_node(d, i)->parent)->score, 150);
    assert_int_equal(draft_total(d), total - 50);
    assert_string_equal(draft_override_reason(d, i), REASON);
    assert_int_equal(draft_formula_score(d, i), 100);
    assert_int_equal(draft_overrides(d), 1);
    /* figures typed later change the formula, not the typed score */
    test_apply(d, EDIT_FIGURE, "2.4.2", "extra", "5");
    assert_int_equal(draft_node(d, i)->score, 50);
    assert_int_not_equal(draft_formula_score(d, i), 100);
    test_apply(d, EDIT_FIGURE, "2.4.2", "extra", "0");
    /* cleared: the formula scores it again */
    assert_int_equal(draft_set_override(d, "2.4.2", "", "", why, sizeof why), 0);
    assert_false(draft_node(d, i)->overridden);
    assert_null(draft_override_reason(d, i));
    assert_int_equal(draft_node(d, i)->score, 100);
    assert_int_equal(draft_total(d), total);
    assert_int_equal(draft_overrides(d), 0);
    draft_free(d);
}

static void test_undo(void **state)
{
    (void)state;
    struct draft *d = draft_new(test_form);
    int i = draft_find(d, "2.4.2");
    struct edit e = {.kind = EDIT_OVERRIDE, .id = "2.4.2", .value = "1", .note = REASON};
    struct edit inv = {0}, inv2 = {0};
    char why[256] = "";
    assert_int_equal(draft_apply(d, &e, &inv, why, sizeof why), 0);
    assert_int_equal(draft_total(d), 100);
    /* the inverse of a first override clears it */
    assert_int_equal(inv.kind, EDIT_OVERRIDE);
    assert_string_equal(inv.value, "");
    struct edit e2 = {.kind = EDIT_OVERRIDE, .id = "2.4.2", .value = "0.8", .note = "四舍五入"};
    assert_int_equal(draft_apply(d, &e2, &inv2, why, sizeof why), 0);
    assert_string_equal(inv2.value, "1");
    assert_string_equal(inv2.note, REASON);
    assert_int_equal(draft_apply(d, &inv2, NULL, why, sizeof why), 0);
    assert_int_equal(draft_node(d, i)->score, 100);
    assert_string_equal(draft_override_reason(d, i), REASON);
    assert_int_equal(draft_apply(d, &inv, NULL, why, sizeof why), 0);
    assert_int_equal(draft_node(d, i)->score, PTS_NONE);
    assert_int_equal(draft_total(d), 0);
    edit_clear(&inv);
    edit_clear(&inv2);
    draft_free(d);
}

static void test_round_trip(void **state)
{
    (void)state;
    struct draft *d = test_seed(test_form);
    size_t len0, len1, len2;
    char *plain = save_text(d, &len0);
    /* without an override the file has no override column */
    assert_null(strstr(plain, "override"));
    char why[256] = "";
    /* 3.2.3 gives 5.76: a rounded 6, as a published table has it */
    assert_int_equal(draft_set_override(d, "3.2.3", "6", "表中按四舍五入, 得分为6\n(第二行)", why,
                                        sizeof why), 0);
    pts_t total = draft_total(d);
    char *text = save_text(d, &len1);
    assert_non_null(strstr(text, ",override\r\n"));
    struct diags dg = {0};
    struct draft *b = load_text(text, len1, &dg);
    assert_non_null(b);
    assert_int_equal(dg.n, 0);
    int i = draft_find(b, "3.2.3");
    assert_true(draft_node(b, i)->overridden);
    assert_int_equal(draft_node(b, i)->score, 600);
    assert_string_equal(draft_override_reason(b, i), "表中按四舍五入, 得分为6\n(第二行)");
    assert_int_equal(draft_formula_score(b, i), 576);
    assert_int_equal(draft_total(b), total);
    char *again = save_text(b, &len2);
    assert_int_equal(len1, len2);
    assert_memory_equal(text, again, len1);
    /* cleared and saved: byte-identical to the draft never overridden */
    assert_int_equal(draft_set_override(b, "3.2.3", "", "", why, sizeof why), 0);
    free(again);
    again = save_text(b, &len2);
    assert_int_equal(len0, len2);
    assert_memory_equal(plain, again, len0);
    free(plain);
    free(text);
    free(again);
    diags_clear(&dg);
    draft_free(b);
    draft_free(d);
}

static void test_load_errors(void **state)
{
    (void)state;
    struct draft *d = test_seed(test_form);
    char why[256] = "";
    assert_int_equal(draft_set_override(d, "2.4.2", "1", REASON, why, sizeof why), 0);
    size_t len;
    char *text = save_text(d, &len);
    draft_free(d);
    /* a reason without a score: an error with the line */
    char *p = strstr(text, "2.4.2,3,");
    assert_non_null(p);
    char *score = strstr(p, ",1,1,") + 3;   /* points 1, score 1 */
    memmove(score, score + 1, strlen(score + 1) + 1);
    struct diags dg = {0};
    assert_null(load_text(text, strlen(text), &dg));
    char *m = diags_join(&dg);
    assert_contains(m, "mem.csv:");
    assert_contains(m, "2.4.2");
    free(m);
    diags_clear(&dg);
    free(text);
    /* a reason on a directly scored leaf: ignored with a warning */
    d = test_seed(test_form);
    assert_int_equal(draft_set_override(d, "2.4.2", "1", REASON, why, sizeof why), 0);
    text = save_text(d, &len);
    draft_free(d);
    p = strstr(text, "3.3.1,3,");
    char *eol = strstr(p, "\r\n");
    /* the last cell of the row is the override column */
    char *row = malloc(len + 16);
    size_t head = (size_t)(eol - text);
    memcpy(row, text, head);
    strcpy(row + head, "说明");
    strcat(row, eol);
    struct draft *b = load_text(row, strlen(row), &dg);
    assert_non_null(b);
    m = diags_join(&dg);
    assert_contains(m, "3.3.1");
    assert_false(draft_node(b, draft_find(b, "3.3.1"))->overridden);
    assert_int_equal(draft_node(b, draft_find(b, "3.3.1"))->score, 1800);
    free(m);
    free(row);
    free(text);
    diags_clear(&dg);
    draft_free(b);
}

static void test_diff_notice_export(void **state)
{
    (void)state;
    struct draft *a = test_seed(test_form), *b = test_seed(test_form);
    char why[256] = "";
    assert_int_equal(draft_set_override(b, "3.2.3", "6", "四舍五入", why, sizeof why), 0);
    struct diff df;
    assert_true(diff_drafts(a, b, &df) >= 2);
    bool score = false, reason = false;
    for (size_t k = 0; k < df.n; k++) {
        if (df.v[k].field == DIFF_SCORE && !strcmp(df.v[k].id, "3.2.3"))
            score = !strcmp(df.v[k].before, "5.76") && !strcmp(df.v[k].after, "6.00（改）");
        if (df.v[k].field == DIFF_OVERRIDE)
            reason = !strcmp(df.v[k].after, "四舍五入") && !df.v[k].before[0];
    }
    assert_true(score);
    assert_true(reason);
    diff_free(&df);
    char msg[512];
    assert_false(draft_override_notice(a, draft_find(a, "3.2.3"), msg, sizeof msg));
    assert_true(draft_override_notice(b, draft_find(b, "3.2.3"), msg, sizeof msg));
    assert_contains(msg, "3.2.3");
    assert_contains(msg, "5.76");
    assert_contains(msg, "四舍五入");
    /* an override is not a problem */
    size_t total_a, total_b;
    draft_problems(a, NULL, 0, &total_a);
    draft_problems(b, NULL, 0, &total_b);
    assert_int_equal(total_a, total_b);
    static const enum export_format fmts[] = {EXPORT_TXT, EXPORT_MD, EXPORT_HTML};
    for (size_t k = 0; k < 3; k++) {
        struct strbuf s = {0}, t = {0};
        struct export_opts o = {.format = fmts[k]};
        assert_int_equal(export_draft(b, &o, &s), 0);
        assert_int_equal(export_draft(a, &o, &t), 0);
        strbuf_put(&s, "", 1);
        strbuf_put(&t, "", 1);
        assert_contains(s.p, "6.00（改）");
        assert_contains(s.p, "改分说明");
        assert_contains(s.p, "公式得分 5.76");
        assert_contains(s.p, "四舍五入");
        assert_null(strstr(t.p, "（改）"));
        assert_null(strstr(t.p, "改分说明"));
        strbuf_free(&s);
        strbuf_free(&t);
    }
    draft_free(a);
    draft_free(b);
}

/* An override and its undo come back from the recovery journal after a
 * crash, reason and all. */
static void test_journal_replay(void **state)
{
    (void)state;
    char *dir = tmpdir_new(), path[512], why[256] = "";
    snprintf(path, sizeof path, "%s/draft.csv", dir);
    struct draft *d = draft_new(test_form);
    assert_int_equal(draftio_save(d, path, why, sizeof why), 0);
    struct history *h = history_new();
    struct journal *j = journal_start(path, test_form->hash, why, sizeof why);
    assert_non_null(j);
    static const struct edit edits[] = {
        {.kind = EDIT_OVERRIDE, .id = "2.4.2", .value = "1", .note = "报告未列出\t编外人员\n数"},
        {.kind = EDIT_OVERRIDE, .id = "3.2.3", .value = "6", .note = "四舍五入"},
    };
    for (size_t k = 0; k < 2; k++) {
        struct edit inv = {0};
        assert_int_equal(draft_apply(d, &edits[k], &inv, why, sizeof why), 0);
        assert_int_equal(history_push(h, &edits[k], &inv), 0);
        assert_int_equal(journal_append_edit(j, &edits[k], why, sizeof why), 0);
        edit_clear(&inv);
    }
    const char *id;
    assert_int_equal(history_undo(h, d, &id, why, sizeof why), 0);
    assert_int_equal(journal_append_undo(j, why, sizeof why), 0);
    journal_close(j);
    struct journal_state st;
    struct diags dg = {0};
    assert_int_equal(journal_read(path, &st, &dg), 0);
    struct draft *r = draftio_load(path, test_form, &dg);
    assert_non_null(r);
    struct history *rh = history_new();
    assert_int_equal(journal_replay(&st, r, rh, NULL, &dg), 3);
    assert_int_equal(dg.n, 0);
    int i = draft_find(r, "2.4.2");
    assert_string_equal(draft_override_reason(r, i), "报告未列出\t编外人员\n数");
    assert_int_equal(draft_node(r, i)->score, 100);
    assert_null(draft_override_reason(r, draft_find(r, "3.2.3")));
    assert_int_equal(draft_total(r), draft_total(d));
    journal_state_free(&st);
    diags_clear(&dg);
    history_free(rh);
    history_free(h);
    draft_free(r);
    draft_free(d);
    rmtree(dir);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reason_required),
        cmocka_unit_test(test_totals_and_clear),
        cmocka_unit_test(test_undo),
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_load_errors),
        cmocka_unit_test(test_diff_notice_export),
        cmocka_unit_test(test_journal_replay),
    };
    return cmocka_run_group_tests(tests, test_form_setup, test_form_teardown);
}
