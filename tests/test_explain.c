/* test_explain.c - what a rule computed, the rule in words, and the
 * 扣分说明 drafted from the figures (core/explain.c). Runs in the C locale:
 * the words are English here; the Chinese ones are seen on screen in
 * tests/screen/test_screen.c. */
#include "testutil.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "explain.h"
#include "forms.h"

static int leaf(const struct draft *d, const char *id)
{
    int i = draft_find(d, id);
    assert_true(i >= 0);
    return i;
}

/* The measure of part k of leaf id as shown ("" when it has none). */
static void want_value(const struct draft *d, const char *id, size_t k, const char *want)
{
    struct part_value *pv = explain_leaf_values(d, leaf(d, id));
    assert_non_null(pv);
    char b[64];
    explain_format_value(&pv[k], b, sizeof b);
    if (strcmp(b, want) != 0)
        fail_msg("%s part %zu: value \"%s\", expected \"%s\"", id, k, b, want);
    free(pv);
}

/* The measures quoted by the seed report's notes, from the example draft. */
static void test_values_of_seed(void **state)
{
    (void)state;
    struct draft *d = test_seed(test_form);
    want_value(d, "2.1.2", 1, "44.29%");   /* |7621.05 - 5281.87| / 5281.87 */
    want_value(d, "2.1.2", 0, "");         /* a check has no measure */
    want_value(d, "3.1.1", 0, "33.49%");
    want_value(d, "3.1.1", 1, "99.69%");
    want_value(d, "3.2.3", 0, "96%");
    want_value(d, "2.1.1", 0, "100%");
    want_value(d, "2.3.2", 0, "100%");     /* tiers on a percent figure */
    want_value(d, "2.4.2", 0, "0%");       /* the same ratio written twice */
    want_value(d, "3.2.1", 3, "99.80%");
    want_value(d, "3.2.1", 4, "");         /* four different ratios: none */
    want_value(d, "1.1.2", 0, "");         /* 5 - n: no ratio */
    draft_free(d);
}

/* Values follow the figures as they are typed; a missing figure hides it. */
static void test_values_follow_figures(void **state)
{
    (void)state;
    struct draft *d = draft_new(test_form);
    assert_non_null(d);
    want_value(d, "2.1.2", 1, "");
    test_apply(d, EDIT_FIGURE, "2.1.2", "budget", "1000");
    want_value(d, "2.1.2", 1, "");
    test_apply(d, EDIT_FIGURE, "2.1.2", "adjusted", "850");
    want_value(d, "2.1.2", 1, "15%");
    test_apply(d, EDIT_FIGURE, "2.1.2", "adjusted", "1,100");
    want_value(d, "2.1.2", 1, "10%");
    draft_free(d);
}

static char *render(const struct form *f, const char *id, size_t k)
{
    int i = form_find(f, id);
    assert_true(i >= 0);
    const struct form_node *n = &f->nodes[i];
    struct strbuf sb = {0};
    explain_part(&sb, n->rule, k, n->figs, n->nfigs);
    assert_false(sb.oom);
    return sb.p ? sb.p : strdup("");
}

static void expect_render(const char *id, size_t k, const char *want)
{
    char *s = render(test_form, id, k);
    if (strcmp(s, want) != 0)
        fail_msg("%s part %zu:\n  got  %s\n  want %s", id, k, s, want);
    free(s);
}

/* Every kind of part and expression of the standard form, in words. */
static void test_render_kinds(void **state)
{
    (void)state;
    expect_render("1.1.1", 0, "符合职责和方针政策: 1 point when met");
    expect_render("2.1.3", 0,
                  "部门预算公开: 按规定公开 1.5 points; 公开但不符合要求 1 point; "
                  "未公开 0 points; 涉密按规定不公开 1.5 points");
    expect_render("2.1.2", 3, "Veto: 超范围超标准支出、虚列支出或截留挤占挪用资金 makes the "
                              "indicator score 0");
    expect_render("2.3.2", 0,
                  "固定资产利用率 (1 point): 固定资产利用率 ≥90%: 1 point; ≥75%: 0.7 points; "
                  "≥60%: 0.4 points; otherwise: 0 points");
    expect_render("2.4.2", 0,
                  "编外人员控制率 (1 point): 劳务派遣及编外人员数 ÷ (在编人数 + 劳务派遣及编外人员数) "
                  "< 5%: 1 point; 劳务派遣及编外人员数 ÷ (在编人数 + 劳务派遣及编外人员数) ≤ 10%: "
                  "0.5 points; otherwise: 0 points");
    /* units in brackets are left out of a figure's name */
    expect_render("2.1.1", 0,
                  "政府采购执行率 (1 point): 实际采购金额 > 采购预算金额: 0 points; "
                  "otherwise: score = 实际采购金额 ÷ 采购预算金额");
    expect_render("2.1.2", 1,
                  "资金调整调剂规范性 (1 point): score = 1 − 0.1 × (the larger of 0, "
                  "|调整后预算 − 年初部门预算| ÷ 年初部门预算 × 100 − 10)");
    expect_render("3.2.1", 0, "一季度 (1 point): score = (the smaller of 1, 一季度末支出进度 ÷ 25%)");
    expect_render("3.2.2", 0, "重点工作完成情况 (8 points): score = 8 − 4 × 未完成的重点工作数");
    /* no rule syntax is left in any part of the standard form */
    for (size_t i = 0; i < test_form->n; i++) {
        const struct form_node *n = &test_form->nodes[i];
        for (size_t k = 0; n->rule && k < n->rule->nparts; k++) {
            char *s = render(test_form, n->id, k);
            if (strstr(s, "if(") || strstr(s, "tiers") || strstr(s, "min(") ||
                strstr(s, "max(") || strstr(s, "<=") || strstr(s, ">=") || strstr(s, "*") ||
                strstr(s, "/") || strstr(s, "abs"))
                fail_msg("%s part %zu shows rule syntax: %s", n->id, k, s);
            free(s);
        }
    }
}

/* Brackets where precedence needs them, and only there. */
static void test_render_brackets(void **state)
{
    (void)state;
    const char *figs = "a:count:甲; b:count:乙（人）; c:rate:丙";
    struct figure_def *fd;
    size_t nf;
    char why[256];
    assert_int_equal(rule_parse_figures(figs, &fd, &nf, why, sizeof why), 0);
    struct rule *r = rule_parse("calc(x, 5, (a - (b - a)) * 2 / -b + abs(a - b))\n"
                                "calc(y, 5, if(c >= 0.5, tiers(c, 90%, 2, 1), a == b))",
                                fd, nf, 1000, why, sizeof why);
    assert_non_null(r);
    struct strbuf sb = {0};
    explain_part(&sb, r, 0, fd, nf);
    assert_string_equal(sb.p, "x (5 points): score = (甲 − (乙 − 甲)) × 2 ÷ −乙 + |甲 − 乙|");
    sb.n = 0;
    explain_part(&sb, r, 1, fd, nf);
    /* a rate figure compares with percentages: 0.5 is shown as 50% */
    assert_string_equal(sb.p, "y (5 points): 丙 ≥ 50%: score = (丙 ≥90%: 2 points; otherwise: "
                              "1 point); otherwise: score = 甲 = 乙");
    strbuf_free(&sb);
    rule_free(r);
    rule_free_figures(fd, nf);
}

/* The rule functions round/floor/ceil and the veto's scope read as words,
 * never as '?' or as rule syntax. */
static void test_render_rounding_and_veto(void **state)
{
    (void)state;
    const char *figs = "a:count:超出个百分点";
    struct figure_def *fd;
    size_t nf;
    char why[256];
    assert_int_equal(rule_parse_figures(figs, &fd, &nf, why, sizeof why), 0);
    struct rule *r = rule_parse("calc(x, 5, 5 - ceil(a) * 0.5)\n"
                                "calc(y, 5, round(a, 0.5))\n"
                                "veto(挪用资金, group)\nveto(重大事故, 全表)\nveto(虚报)",
                                fd, nf, 1000, why, sizeof why);
    if (!r)
        fail_msg("%s", why);
    struct strbuf sb = {0};
    explain_part(&sb, r, 0, fd, nf);
    assert_string_equal(sb.p, "x (5 points): score = 5 − (超出个百分点, rounded up) × 0.5");
    sb.n = 0;
    explain_part(&sb, r, 1, fd, nf);
    assert_string_equal(sb.p,
                        "y (5 points): score = (超出个百分点, rounded to a multiple of 0.5)");
    sb.n = 0;
    explain_part(&sb, r, 2, fd, nf);
    assert_string_equal(sb.p, "Veto: 挪用资金 makes its whole first-level group score 0");
    sb.n = 0;
    explain_part(&sb, r, 3, fd, nf);
    assert_string_equal(sb.p, "Veto: 重大事故 makes the whole table score 0");
    sb.n = 0;
    explain_part(&sb, r, 4, fd, nf);
    assert_string_equal(sb.p, "Veto: 虚报 makes the indicator score 0");
    strbuf_free(&sb);
    rule_free(r);
    rule_free_figures(fd, nf);
}

static void expect_line(const struct draft *d, const char *id, size_t k, const char *want)
{
    int i = leaf(d, id);
    const struct rule *r = draft_node(d, i)->fn->rule;
    struct part_value *pv = explain_leaf_values(d, i);
    pts_t *ps = draft_part_scores(d, i);
    struct strbuf sb = {0};
    explain_part_line(&sb, &r->parts[k], &pv[k], ps[k]);
    assert_string_equal(sb.p ? sb.p : "", want);
    strbuf_free(&sb);
    free(pv);
    free(ps);
}

static void test_part_lines(void **state)
{
    (void)state;
    struct draft *d = test_seed(test_form);
    expect_line(d, "2.1.2", 1, "资金调整调剂规范性 44.29% → 0 / 1");
    expect_line(d, "2.1.2", 0, "资金支出规范性 1 / 1");
    expect_line(d, "3.2.3", 0, "项目完成及时性 96% → 5.76 / 6");
    expect_line(d, "3.2.1", 4, "全年平均 → 2 / 2");
    struct strbuf sb = {0};
    assert_int_equal(explain_leaf_lines(&sb, d, leaf(d, "3.1.1"), "\n"), 2);
    assert_string_equal(sb.p, "\n“三公”经费控制率 33.49% → 3 / 3\n日常公用经费控制率 99.69% → 2 / 3");
    sb.n = 0;
    assert_int_equal(explain_leaf_lines(&sb, d, leaf(d, "1.1.1"), "\n"), 0);   /* checks only */
    strbuf_free(&sb);
    draft_free(d);
    d = draft_new(test_form);
    expect_line(d, "2.1.2", 1, "资金调整调剂规范性 → -- / 1");
    draft_free(d);
}

static void expect_reason(const struct draft *d, const char *id, const char *want)
{
    char *s = explain_leaf_reason(d, leaf(d, id));
    assert_non_null(s);
    if (strcmp(s, want) != 0)
        fail_msg("%s:\n  got  %s\n  want %s", id, s, want);
    free(s);
}

/* The seed's figures give the seed's own 扣分说明 (the example draft's note,
 * taken from the report), word for word, through the standard form's
 * template; indicators that lose nothing by formula give nothing. */
static void test_drafted_reason_seed(void **state)
{
    (void)state;
    struct draft *d = test_seed(test_form);
    expect_reason(d, "2.1.2", draft_node(d, leaf(d, "2.1.2"))->note);
    expect_reason(d, "2.1.2", "年初部门预算5281.87万元，调整后预算7621.05万元，调整预算超出年初"
                              "预算10%以上（约44.29%），资金调整调剂规范性得0分。");
    expect_reason(d, "3.2.3", "计划完成项目25个，按时完成24个，项目完成率96%，项目完成及时性得5.76分。");
    expect_reason(d, "3.1.1", "日常公用经费调整预算54.61万元，决算数54.44万元，日常公用经费控制率"
                              "99.69%，日常公用经费控制率得2分。");
    expect_reason(d, "2.1.1", "");   /* full marks */
    expect_reason(d, "1.2.2", "");   /* checks lost points, no formula did */
    expect_reason(d, "3.3.1", "");   /* replaced by custom indicators */
    draft_free(d);
}

static const char small[] =
    "id,level,name,points,description,criteria,figures,rule,reasons\n"
    "#name,,测试表,,,,,,\n"
    "1,1,甲,10,,,\"a:money:实际（万元）\n"
    "b:money:预算（万元）\",\"calc(控制率, 6, if(a / b <= 100%, 6, 0))\n"
    "calc(节约, 2, 2 * min(1, a / b))\n"
    "check(制度, 2)\",\"控制率=实际{a}万元，预算{b}万元，控制率{value}，扣{lost}分，{label}得{score}分（满分{points}分）。{{原文}}\n"
    "制度=未建立制度，扣{lost}分。\"\n";

/* A template for a check part drafts when that check loses points; a calc
 * part without one gets the default sentence; sentences not ending in 。
 * are joined with "; " (；in Chinese). Placeholders: figures, value, lost,
 * label, score, points; {{ is a brace. */
static void test_drafted_reason_templates(void **state)
{
    (void)state;
    struct diags dg = {0};
    struct form *f = form_load_buffer("t.csv", small, strlen(small), &dg);
    char *m = diags_join(&dg);
    if (!f)
        fail_msg("%s", m);
    free(m);
    diags_clear(&dg);
    struct draft *d = draft_new(f);
    expect_reason(d, "1", "");   /* nothing entered: nothing drafted */
    test_apply(d, EDIT_FIGURE, "1", "a", "110");
    test_apply(d, EDIT_FIGURE, "1", "b", "100");
    test_apply(d, EDIT_MARK, "1", "制度", "0");
    expect_reason(d, "1", "实际110万元，预算100万元，控制率110%，扣6分，控制率得0分（满分6分）。"
                          "{原文}; 未建立制度，扣2分。");
    test_apply(d, EDIT_FIGURE, "1", "a", "50");
    test_apply(d, EDIT_MARK, "1", "制度", "2");
    expect_reason(d, "1", "节约 is 50%, scoring 1 of 2 points.");
    draft_free(d);
    form_free(f);
}

static void expect_form_error(const char *reasons, const char *want)
{
    char text[1024];
    snprintf(text, sizeof text,
             "id,level,name,points,description,criteria,figures,rule,reasons\n"
             "#name,,测试表,,,,,,\n"
             "1,1,甲,10,,,x:count:数,\"calc(得分, 10, 10 - x)\",\"%s\"\n", reasons);
    struct diags dg = {0};
    struct form *f = form_load_buffer("t.csv", text, strlen(text), &dg);
    char *m = diags_join(&dg);
    if (f || !strstr(m, want))
        fail_msg("reasons \"%s\": expected \"%s\", got:\n%s", reasons, want, m);
    free(m);
    diags_clear(&dg);
    form_free(f);
}

/* Bad templates are refused at load with their line; good ones do not
 * change the form hash (they are wording, not scoring). */
static void test_template_errors(void **state)
{
    (void)state;
    expect_form_error("得分 {x}", "t.csv:3: reasons of 1: reason template '得分 {x}' has no '='");
    expect_form_error("分数=x", "t.csv:3: reasons of 1: reason template for '分数': the rule "
                                "has no such part");
    expect_form_error("得分=差{y}", "t.csv:3: reasons of 1: reason template for \"得分\": "
                                    "unknown placeholder '{y}'");
    expect_form_error("得分=差{x", "t.csv:3: reasons of 1: reason template for \"得分\": '{' "
                                   "without '}'");
    /* what the file says is quoted, cut on a character and never a control */
    expect_form_error("得\x1b[2J分分分分分分分分分分分分分分分分分分分分分分",
                      "reason template '得 [2J分分分分分分分分分分分...' has no '='");
    const char *a = "id,level,name,points,description,criteria,figures,rule,reasons\n"
                    "#name,,测试表,,,,,,\n1,1,甲,10,,,x:count:数,\"calc(得分, 10, 10 - x)\",\n";
    const char *b = "id,level,name,points,description,criteria,figures,rule,reasons\n"
                    "#name,,测试表,,,,,,\n1,1,甲,10,,,x:count:数,\"calc(得分, 10, 10 - x)\","
                    "得分=差{x}项\n";
    struct diags dg = {0};
    struct form *fa = form_load_buffer("a.csv", a, strlen(a), &dg);
    struct form *fb = form_load_buffer("b.csv", b, strlen(b), &dg);
    assert_non_null(fa);
    assert_non_null(fb);
    assert_string_equal(fa->hash, fb->hash);
    assert_null(form_reasons(fa, 0));
    assert_string_equal(form_reasons(fb, 0), "得分=差{x}项");
    form_free(fa);
    form_free(fb);
    diags_clear(&dg);
    /* a branch has no rule to explain */
    const char *c = "id,level,name,points,description,criteria,figures,rule,reasons\n"
                    "#name,,测试表,,,,,,\n1,1,甲,10,,,,,得分=x\n1.1,2,乙,10,,,,,\n";
    struct form *fc = form_load_buffer("c.csv", c, strlen(c), &dg);
    char *m = diags_join(&dg);
    assert_null(fc);
    assert_contains(m, "c.csv:3: reasons of 1: the indicator has no rule to explain");
    free(m);
    diags_clear(&dg);
}

/* A deduction whose note is the accepted drafted reason is no "missing
 * reason" problem; the standard form has a template for every calc part. */
static void test_accepted_reason_is_a_reason(void **state)
{
    (void)state;
    struct draft *d = draft_new(test_form);
    test_apply(d, EDIT_FIGURE, "2.1.2", "budget", "5281.87");
    test_apply(d, EDIT_FIGURE, "2.1.2", "adjusted", "7,621.05");
    test_apply(d, EDIT_MARK, "2.1.2", "资金支出规范性", "1");
    test_apply(d, EDIT_MARK, "2.1.2", "会计核算规范性", "1");
    int i = leaf(d, "2.1.2");
    struct problem p;
    assert_true(draft_node_problem(d, i, &p));
    assert_int_equal(p.kind, PROB_NO_REASON);
    char *s = explain_leaf_reason(d, i);
    assert_true(s && s[0]);
    test_apply(d, EDIT_NOTE, "2.1.2", NULL, s);
    free(s);
    assert_false(draft_node_problem(d, i, &p));
    draft_free(d);
    for (size_t k = 0; k < test_form->n; k++) {
        const struct form_node *n = &test_form->nodes[k];
        const char *t = form_reasons(test_form, (int)k);
        for (size_t j = 0; n->rule && j < n->rule->nparts; j++) {
            if (n->rule->parts[j].kind != PART_CALC)
                continue;
            char key[256];
            snprintf(key, sizeof key, "%s=", n->rule->parts[j].label);
            if (!t || !strstr(t, key))
                fail_msg("%s: no reason template for %s", n->id, n->rule->parts[j].label);
        }
    }
}

int main(void)
{
    setlocale(LC_ALL, "C.UTF-8");
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_values_of_seed),
        cmocka_unit_test(test_values_follow_figures),
        cmocka_unit_test(test_render_kinds),
        cmocka_unit_test(test_render_brackets),
        cmocka_unit_test(test_render_rounding_and_veto),
        cmocka_unit_test(test_part_lines),
        cmocka_unit_test(test_drafted_reason_seed),
        cmocka_unit_test(test_drafted_reason_templates),
        cmocka_unit_test(test_template_errors),
        cmocka_unit_test(test_accepted_reason_is_a_reason),
    };
    return cmocka_run_group_tests(tests, test_form_setup, test_form_teardown);
}
