/* test_kinds.c - bonus and penalty items (加分项/扣分项): the kind column
 * of a first-level row, its checks, and the totals outside the 100 points. */
#include "testutil.h"

#include <stdlib.h>
#include <string.h>

#include "draft.h"
#include "forms.h"

#define HDR "id,level,name,points,description,criteria,figures,rule,kind\n#name,,加减分,,,,,,\n"

#define FORM(KIND3) \
    HDR "1,1,基本,100,,,,,\n" \
        "1.1,2,甲,60,,,,,\n" \
        "1.2,2,乙,40,,,,,\n" \
        "2,1,加分项,5,,,,,加分\n" \
        "2.1,2,获得表彰,5,,,n:count:表彰次数,\"calc(表彰, 5, min(5, 2 * n))\",\n" \
        "3,1,扣分项,10,,,,," KIND3 "\n" \
        "3.1,2,违规事项,10,,,n:count:违规次数,\"calc(违规, 10, min(10, 0.5 * n))\",\n"
static const char form_text[] = FORM("penalty");

static struct form *load(const char *text, char **msgs)
{
    struct diags d = {0};
    struct form *f = form_load_buffer("k.csv", text, strlen(text), &d);
    *msgs = diags_join(&d);
    diags_clear(&d);
    return f;
}

/* The first-level rows as the tree shows them (draft_group_contrib) add
 * up to the total, whatever the kinds and vetoes. */
static pts_t shown_sum(const struct draft *d)
{
    pts_t sum = 0;
    for (int c = draft_first(d); c >= 0; c = draft_node(d, c)->next_sibling) {
        bool zeroed;
        pts_t v = draft_group_contrib(d, c, &zeroed);
        sum += v == PTS_NONE ? 0 : v;
    }
    return sum < 0 ? 0 : sum;
}

static void test_form_kinds(void **state)
{
    (void)state;
    char *m;
    struct form *f = load(form_text, &m);
    if (!f)
        fail_msg("%s", m);
    free(m);
    assert_int_equal(f->total_points, 10000);   /* still out of 100 */
    assert_true(f->has_kinds);
    assert_int_equal(f->nodes[form_find(f, "1")].kind, FORM_KIND_NORMAL);
    assert_int_equal(f->nodes[form_find(f, "2")].kind, FORM_KIND_BONUS);
    assert_int_equal(f->nodes[form_find(f, "3")].kind, FORM_KIND_PENALTY);
    assert_int_equal(f->nodes[form_find(f, "3.1")].kind, FORM_KIND_NORMAL);
    char hash[17];
    memcpy(hash, f->hash, sizeof hash);
    form_free(f);
    /* the kind is part of the form hash */
    f = load(FORM("bonus"), &m);
    if (!f)
        fail_msg("%s", m);
    free(m);
    assert_string_not_equal(f->hash, hash);
    form_free(f);
}

static void expect_error(const char *text, const char *msg)
{
    char *m;
    struct form *f = load(text, &m);
    if (f || !strstr(m, msg))
        fail_msg("expected \"%s\", got%s:\n%s", msg, f ? " a form" : "", m);
    free(m);
}

static void test_form_kind_errors(void **state)
{
    (void)state;
    expect_error(HDR "1,1,基本,10,,,,,\n2,1,加分,0,,,,,bonus\n",
                 "k.csv:4: 2 is a bonus item: its points are the most it can add, and must be "
                 "above 0");
    expect_error(HDR "1,1,基本,10,,,,,\n2,1,扣分,0,,,,,扣分项\n",
                 "k.csv:4: 2 is a penalty item: its points are the most it can take off");
    expect_error(HDR "1,1,基本,10,,,,,\n2,1,加分,5,,,,,extra\n",
                 "k.csv:4: kind of 2: \"extra\" is neither bonus (加分) nor penalty (扣分)");
    expect_error(HDR "1,1,基本,10,,,,,\n1.1,2,甲,10,,,,,bonus\n",
                 "k.csv:4: kind of 1.1: only a first-level indicator can be a bonus or penalty");
}

static void set(struct draft *d, const char *id, const char *fig, const char *v)
{
    char why[256];
    int rc = fig ? draft_set_figure(d, id, fig, v, why, sizeof why)
                 : draft_set_score(d, id, v, why, sizeof why);
    if (rc != 0)
        fail_msg("%s %s=%s: %s", id, fig ? fig : "score", v, why);
}

static void test_totals(void **state)
{
    (void)state;
    char *m;
    struct form *f = load(form_text, &m);
    if (!f)
        fail_msg("%s", m);
    free(m);
    struct draft *d = draft_new(f);
    assert_non_null(d);
    set(d, "1.1", NULL, "55");
    set(d, "1.2", NULL, "34");
    assert_int_equal(draft_total(d), 8900);
    assert_string_equal(draft_grade(d), "良");
    set(d, "2.1", "n", "1");             /* bonus 2 */
    assert_int_equal(draft_total(d), 9100);
    assert_string_equal(draft_grade(d), "优");
    set(d, "3.1", "n", "3");             /* penalty 1.5 */
    assert_int_equal(draft_node(d, draft_find(d, "3"))->score, 150);   /* shown as the deduction */
    assert_int_equal(draft_total(d), 8950);
    bool zeroed;
    assert_int_equal(draft_group_contrib(d, draft_find(d, "3"), &zeroed), -150);
    assert_false(zeroed);
    assert_int_equal(shown_sum(d), draft_total(d));
    assert_string_equal(draft_grade(d), "良");
    const char *band;
    pts_t gap;
    assert_true(draft_next_band(d, &band, &gap));
    assert_string_equal(band, "优");
    assert_int_equal(gap, 50);
    set(d, "2.1", "n", "9");             /* bonus at most 5: 100 + 5 - 1.5 */
    set(d, "1.1", NULL, "60");
    set(d, "1.2", NULL, "40");
    assert_int_equal(draft_total(d), 10350);
    set(d, "1.1", NULL, "0");
    set(d, "1.2", NULL, "0");
    set(d, "2.1", "n", "0");
    set(d, "3.1", "n", "40");            /* a penalty never takes the total below 0 */
    assert_int_equal(draft_total(d), 0);
    assert_int_equal(draft_review_total(d), 0);
    draft_free(d);
    form_free(f);
}

#define VHDR "id,level,name,points,description,criteria,figures,rule\n#name,,否决,,,,,\n"
static const char veto_form[] =
    VHDR "1,1,决策,40,,,,\n"
         "1.1,2,甲,40,,,,\"check(合规, 40); veto(重大违规, group)\"\n"
         "2,1,管理,60,,,,\n"
         "2.1,2,乙,30,,,,\n"
         "2.2,2,丙,30,,,,\"check(到位, 30); veto(挪用资金, all)\"\n";

static void mark(struct draft *d, const char *id, const char *part, const char *v)
{
    char why[256];
    if (draft_set_mark(d, id, part, v, why, sizeof why) != 0)
        fail_msg("%s %s=%s: %s", id, part, v, why);
}

/* veto(LABEL, group) zeroes its first-level group, veto(LABEL, all) the
 * whole table; unmarked they change nothing. */
static void test_veto(void **state)
{
    (void)state;
    char *m;
    struct form *f = load(veto_form, &m);
    if (!f)
        fail_msg("%s", m);
    free(m);
    assert_true(f->has_vetoes);
    assert_false(f->has_kinds);
    struct draft *d = draft_new(f);
    assert_non_null(d);
    mark(d, "1.1", "合规", "40");
    mark(d, "1.1", "重大违规", "否");
    set(d, "2.1", NULL, "25");
    mark(d, "2.2", "到位", "30");
    mark(d, "2.2", "挪用资金", "否");
    int group;
    assert_int_equal(draft_total(d), 9500);
    assert_false(draft_vetoed(d, &group));
    mark(d, "1.1", "重大违规", "是");   /* group 1 is zeroed: 55 left */
    assert_int_equal(draft_total(d), 5500);
    bool zeroed;
    assert_int_equal(draft_group_contrib(d, draft_find(d, "1"), &zeroed), 0);
    assert_true(zeroed);
    assert_int_equal(shown_sum(d), 5500);
    assert_true(draft_vetoed(d, &group));
    assert_int_equal(group, form_find(f, "1"));
    assert_string_equal(draft_grade(d), "差");
    mark(d, "2.2", "挪用资金", "是");   /* the whole table */
    assert_int_equal(draft_total(d), 0);
    assert_int_equal(shown_sum(d), 0);
    assert_int_equal(draft_review_total(d), 0);
    assert_true(draft_vetoed(d, &group));
    assert_int_equal(group, -1);
    mark(d, "1.1", "重大违规", "否");
    mark(d, "2.2", "挪用资金", "否");
    assert_int_equal(draft_total(d), 9500);
    draft_free(d);
    form_free(f);
    expect_error(VHDR "1,1,决策,10,,,,\n1.1,2,甲,10,,,,\"check(a, 10); veto(b, unit)\"\n",
                 "k.csv:4: rule of 1.1: veto(b): what it zeroes must be group (一级) or all "
                 "(全表), not 'unit'");
    expect_error(VHDR "1,1,决策,10,,,,\n1.1,2,甲,10,,,,\"check(a, 10); veto(b, )\"\n",
                 "k.csv:4: rule of 1.1: veto(b): what it zeroes must be group");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_form_kinds),
        cmocka_unit_test(test_form_kind_errors),
        cmocka_unit_test(test_totals),
        cmocka_unit_test(test_veto),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
