/* test_diff.c - comparing drafts: the seed against edited copies of itself,
 * every change found exactly, in table order, and nothing else. */
#include "testutil.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diff.h"
#include "draftio.h"

static void test_identical(void **state)
{
    (void)state;
    struct form *f = test_std_form();
    struct draft *a = test_seed(f), *b = test_seed(f);
    struct diff d;
    assert_int_equal(diff_drafts(a, b, &d), 0);
    assert_int_equal(d.n, 0);
    assert_int_equal(d.total[0], 9376);
    assert_int_equal(d.total[1], 9376);
    assert_string_equal(d.grade[0], "优");
    assert_int_equal(d.reviewed[0], 0);
    diff_free(&d);
    draft_free(a);
    draft_free(b);
    form_free(f);
}

struct want {
    enum diff_field field;
    const char *id, *key, *before, *after;
};

static void expect_changes(const struct diff *d, const struct want *w, size_t n)
{
    for (size_t i = 0; i < d->n && i < n; i++) {
        const struct diff_change *c = &d->v[i];
        if (c->field != w[i].field || strcmp(c->id, w[i].id) || strcmp(c->key, w[i].key) ||
            strcmp(c->before, w[i].before) || strcmp(c->after, w[i].after))
            fail_msg("change %zu: got %d %s [%s] \"%s\" -> \"%s\", want %d %s [%s] \"%s\" -> \"%s\"",
                     i, c->field, c->id, c->key, c->before, c->after, w[i].field, w[i].id,
                     w[i].key, w[i].before, w[i].after);
    }
    assert_int_equal(d->n, n);
}

/* Scores, figures, marks, notes, review fields and metadata changed
 * through the draft API: exactly those are reported. */
static void test_changes(void **state)
{
    (void)state;
    struct form *f = test_std_form();
    struct draft *a = test_seed(f), *b = test_seed(f);
    test_apply(b, EDIT_META, NULL, "unit", "测试局");
    test_apply(b, EDIT_MARK, "1.1.1", "符合职责和方针政策", "0");
    test_apply(b, EDIT_NOTE, "1.2.2", NULL, "改写的扣分说明");
    test_apply(b, EDIT_FIGURE, "2.1.1", "actual", "600");
    test_apply(b, EDIT_REVIEW_SCORE, "3.2.2", NULL, "7");
    test_apply(b, EDIT_REVIEW_STATUS, "3.2.2", NULL, "有疑问");
    test_apply(b, EDIT_REVIEW_COMMENT, "3.2.2", NULL, "请补充\n验收材料");
    test_apply(b, EDIT_REVIEW_STATUS, "2", NULL, "通过");
    test_apply(b, EDIT_EVIDENCE, "3.2.3", NULL, "佐证/项目台账.xlsx|2|");
    static const struct want w[] = {
        {DIFF_META, "", "unit", "深圳市大鹏新区政务服务数据管理局", "测试局"},
        {DIFF_SCORE, "1.1.1", "", "5.00", "4.00"},
        {DIFF_MARK, "1.1.1", "符合职责和方针政策", "1", "0"},
        {DIFF_NOTE, "1.2.2", "",
         "自评发现绩效目标表中的绩效指标仍存在定性指标，未明确具体指标值，绩效指标的明确性、可衡量性有待提升（见报告“存在的问题”），“指标值清晰可衡量”“包含可量化指标”两项各扣1分。",
         "改写的扣分说明"},
        {DIFF_REVIEW_STATUS, "2", "", "", "通过"},
        {DIFF_SCORE, "2.1.1", "", "2.00", "1.94"},
        {DIFF_FIGURE, "2.1.1", "实际采购金额（万元）", "635.3", "600"},
        {DIFF_REVIEW_SCORE, "3.2.2", "", "", "7.00"},
        {DIFF_REVIEW_STATUS, "3.2.2", "", "", "有疑问"},
        {DIFF_REVIEW_COMMENT, "3.2.2", "", "", "请补充\n验收材料"},
        {DIFF_EVIDENCE, "3.2.3", "", "", "佐证/项目台账.xlsx|2|"},
    };
    struct diff d;
    assert_int_equal(diff_drafts(a, b, &d), (long)(sizeof w / sizeof w[0]));
    expect_changes(&d, w, sizeof w / sizeof w[0]);
    assert_string_equal(d.v[1].name, "预算编制合理性");
    assert_int_equal(d.total[0], 9376);
    assert_int_equal(d.total[1], 9376 - 100 - 6);
    assert_int_equal(d.review_total[1], 9376 - 100 - 6 - 800 + 700);
    assert_int_equal(d.reviewed[0], 0);
    assert_int_equal(d.reviewed[1], 1);
    diff_free(&d);

    /* the other way round: same changes, before and after swapped */
    assert_int_equal(diff_drafts(b, a, &d), (long)(sizeof w / sizeof w[0]));
    assert_string_equal(d.v[5].before, "1.94");
    assert_string_equal(d.v[5].after, "2.00");
    diff_free(&d);

    /* saved and loaded back, nothing differs: review fields survive */
    char *buf;
    size_t len;
    assert_int_equal(draftio_write_buffer(b, true, &buf, &len), 0);
    struct diags dg = {0};
    struct draft *c = draftio_load_buffer("b.csv", buf, len, f, &dg);
    assert_non_null(c);
    assert_int_equal(diff_drafts(b, c, &d), 0);
    diff_free(&d);
    diags_clear(&dg);
    free(buf);
    draft_free(c);
    draft_free(a);
    draft_free(b);
    form_free(f);
}

/* A review score equal to the self-assessed one is still a review. */
static void test_equal_review_score(void **state)
{
    (void)state;
    struct form *f = test_std_form();
    struct draft *a = test_seed(f), *b = test_seed(f);
    test_apply(b, EDIT_REVIEW_SCORE, "3.2.2", NULL, "8");
    struct diff d;
    assert_int_equal(diff_drafts(a, b, &d), 1);
    assert_int_equal(d.reviewed[1], 1);
    assert_int_equal(d.review_total[1], 9376);
    diff_free(&d);
    draft_free(a);
    draft_free(b);
    form_free(f);
}

/* The unit's own indicators: added, removed, renamed. */
static void test_custom(void **state)
{
    (void)state;
    struct form *f = test_std_form();
    struct draft *a = test_seed(f), *b = test_seed(f);
    char why[512];
    struct edit add = {.kind = EDIT_ADD_CUSTOM, .id = "3.3.2", .key = "3.3",
                       .value = "网站绩效排名", .points = "12", .score = "11"};
    struct edit add2 = {.kind = EDIT_ADD_CUSTOM, .id = "3.3.3", .key = "3.3",
                        .value = "安全生产", .points = "8"};
    assert_int_equal(draft_apply(b, &add, NULL, why, sizeof why), 0);
    assert_int_equal(draft_apply(b, &add2, NULL, why, sizeof why), 0);
    struct diff d;
    long n = diff_drafts(a, b, &d);
    /* 3.3.1 is replaced (no score shown any more), 3.3.2 and 3.3.3 added */
    static const struct want w[] = {
        {DIFF_SCORE, "3.3.1", "", "18.00", ""},
        {DIFF_ADDED, "3.3.2", "", "", "11.00"},
        {DIFF_ADDED, "3.3.3", "", "", ""},
    };
    assert_int_equal(n, 3);
    expect_changes(&d, w, 3);
    assert_string_equal(d.v[1].name, "网站绩效排名");
    diff_free(&d);

    struct draft *c = test_seed(f);
    struct edit add3 = {.kind = EDIT_ADD_CUSTOM, .id = "3.3.2", .key = "3.3",
                        .value = "网站排名", .points = "20", .score = "11"};
    assert_int_equal(draft_apply(c, &add3, NULL, why, sizeof why), 0);
    n = diff_drafts(b, c, &d);
    static const struct want w2[] = {
        {DIFF_NAME, "3.3.2", "", "网站绩效排名", "网站排名"},
        {DIFF_POINTS, "3.3.2", "", "12", "20"},
        {DIFF_REMOVED, "3.3.3", "", "", ""},
    };
    assert_int_equal(n, 3);
    expect_changes(&d, w2, 3);
    diff_free(&d);
    draft_free(a);
    draft_free(b);
    draft_free(c);
    form_free(f);
}

/* diff_text: spans on character boundaries, the change only. */
static void spans_str(const char *a, const char *b, char *out, size_t size)
{
    struct diff_span *v;
    long n = diff_text(a, b, &v);
    assert_true(n >= 0);
    out[0] = '\0';
    size_t at = 0;
    for (long i = 0; i < n; i++) {
        const char *open = v[i].kind == SPAN_DEL ? "[-" : v[i].kind == SPAN_INS ? "{+" : "";
        const char *close = v[i].kind == SPAN_DEL ? "-]" : v[i].kind == SPAN_INS ? "+}" : "";
        at += (size_t)snprintf(out + at, size - at, "%s%.*s%s", open, (int)v[i].len, v[i].s,
                               close);
    }
    free(v);
}

static void test_text(void **state)
{
    (void)state;
    char buf[512];
    spans_str("酌情扣2分", "酌情扣3分", buf, sizeof buf);
    assert_string_equal(buf, "酌情扣[-2-]{+3+}分");
    /* a shared UTF-8 lead byte is not a shared character: 效 and 数 */
    spans_str("效益", "数益", buf, sizeof buf);
    assert_string_equal(buf, "[-效-]{+数+}益");
    spans_str("", "新", buf, sizeof buf);
    assert_string_equal(buf, "{+新+}");
    spans_str("旧", "", buf, sizeof buf);
    assert_string_equal(buf, "[-旧-]");
    spans_str("同", "同", buf, sizeof buf);
    assert_string_equal(buf, "同");
    /* the middle by LCS: two separate changes keep what is common */
    spans_str("甲乙丙丁戊", "甲X丙丁Y戊", buf, sizeof buf);
    assert_string_equal(buf, "甲[-乙-]{+X+}丙丁{+Y+}戊");
    /* too large for the table: one removal and one addition, still exact */
    size_t n = 1100;
    char *a = malloc(n + 3), *b = malloc(n + 3);
    assert_non_null(a);
    assert_non_null(b);
    for (size_t i = 0; i < n; i++) {
        a[i + 1] = (char)('a' + i % 7);
        b[i + 1] = (char)('a' + i % 5);
    }
    a[0] = b[0] = 'S';
    a[n + 1] = b[n + 1] = 'E';
    a[n + 2] = b[n + 2] = '\0';
    struct diff_span *v;
    long k = diff_text(a, b, &v);
    assert_true(k >= 3);
    size_t la = 0, lb = 0;
    for (long i = 0; i < k; i++) {
        la += v[i].kind != SPAN_INS ? v[i].len : 0;
        lb += v[i].kind != SPAN_DEL ? v[i].len : 0;
    }
    assert_int_equal(la, n + 2);
    assert_int_equal(lb, n + 2);
    free(v);
    free(a);
    free(b);
}

int main(void)
{
    setlocale(LC_ALL, "");
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_identical),
        cmocka_unit_test(test_changes),
        cmocka_unit_test(test_equal_review_score),
        cmocka_unit_test(test_custom),
        cmocka_unit_test(test_text),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
