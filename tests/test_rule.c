/* test_rule.c - figures, rules, marks and evaluation.
 *
 * The standard form's real rules are evaluated end to end from the figures
 * and marks as a user would type them; only the expected scores are
 * written down here.
 */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "rat.h"
#include "rule.h"

#define MAXN 16

struct ev {
    enum rule_status st;
    pts_t score;
    pts_t parts[MAXN];
    char why[256];
};

/* Parse figures and rule, enter the values and marks as typed (NULL or ""
 * for not entered) and evaluate. */
static struct ev run(const char *figtext, const char *ruletext, pts_t points,
                     const char *const *vals, const char *const *marks)
{
    struct ev out;
    struct figure_def *f;
    size_t nf;
    char why[256];
    memset(&out, 0, sizeof out);
    if (rule_parse_figures(figtext, &f, &nf, why, sizeof why) != 0)
        fail_msg("figures: %s", why);
    struct rule *r = rule_parse(ruletext, f, nf, points, why, sizeof why);
    if (!r)
        fail_msg("rule: %s", why);
    assert_true(nf <= MAXN && r->nparts <= MAXN);
    struct figval fv[MAXN];
    memset(fv, 0, sizeof fv);
    for (size_t i = 0; i < nf; i++) {
        if (!vals || !vals[i] || !vals[i][0])
            continue;
        if (rule_parse_figure_value(&f[i], vals[i], &fv[i].v, why, sizeof why) != 0)
            fail_msg("figure %s = %s: %s", f[i].name, vals[i], why);
        fv[i].set = true;
    }
    mark_t m[MAXN];
    for (size_t i = 0; i < r->nparts; i++) {
        const char *t = marks && marks[i] ? marks[i] : "";
        if (rule_parse_mark(&r->parts[i], t, &m[i], why, sizeof why) != 0)
            fail_msg("mark %s = %s: %s", r->parts[i].label, t, why);
    }
    out.st = rule_eval(r, f, fv, nf, m, &out.score, out.parts, out.why, sizeof out.why);
    rule_free(r);
    rule_free_figures(f, nf);
    return out;
}

#define V(...) ((const char *const[]){__VA_ARGS__})

static void assert_score(struct ev e, pts_t want)
{
    if (e.st != RULE_COMPLETE)
        fail_msg("status %d: %s", e.st, e.why);
    assert_int_equal(e.score, want);
}

static void assert_has(const char *s, const char *sub)
{
    if (!strstr(s, sub))
        fail_msg("\"%s\" does not contain \"%s\"", s, sub);
}

/* ---- the standard form's rules ---- */

#define PROC_F "planned:money:采购预算金额（万元）; actual:money:实际采购金额（万元）"
#define PROC_R "calc(政府采购执行率, 1, if(actual > planned, 0, actual / planned)); " \
               "check(政府采购政策功能落实, 1)"

static void test_procurement(void **state)
{
    (void)state;
    struct ev e = run(PROC_F, PROC_R, 200, V("635.3", "635.3"), V("", "1"));
    assert_score(e, 200);
    assert_int_equal(e.parts[0], 100);
    assert_int_equal(e.parts[1], 100);
    e = run(PROC_F, PROC_R, 200, V("635.3", "700"), V("", "是"));
    assert_score(e, 100);
    assert_int_equal(e.parts[0], 0);
    assert_score(run(PROC_F, PROC_R, 200, V("635.3", "600"), V("", "1")), 194);
    e = run(PROC_F, PROC_R, 200, V("635.3", NULL), V("", "1"));
    assert_int_equal(e.st, RULE_INCOMPLETE);
    assert_string_equal(e.why, "missing figure: 实际采购金额（万元）");
    assert_int_equal(e.parts[0], PTS_NONE);
    assert_int_equal(e.parts[1], 100);
    e = run(PROC_F, PROC_R, 200, V("0", "0"), V("", "1"));
    assert_int_equal(e.st, RULE_ERROR);
    assert_string_equal(e.why, "division by zero in 政府采购执行率");
    e = run(PROC_F, PROC_R, 200, V("635.3", "635.3"), V("", ""));
    assert_int_equal(e.st, RULE_INCOMPLETE);
    assert_string_equal(e.why, "not marked: 政府采购政策功能落实");
}

#define FIN_F "budget:money:年初部门预算（万元）; adjusted:money:调整后预算（万元）"
#define FIN_R "check(资金支出规范性, 1); calc(资金调整调剂规范性, 1, 1 - 0.1 * max(0, " \
              "abs(adjusted - budget) / budget * 100 - 10)); check(会计核算规范性, 1); " \
              "veto(超范围超标准支出、虚列支出或截留挤占挪用资金)"

static void test_finance(void **state)
{
    (void)state;
    assert_score(run(FIN_F, FIN_R, 300, V("5281.87", "7,621.05"), V("1", "", "1", "否")), 200);
    assert_score(run(FIN_F, FIN_R, 300, V("5281.87", "7,621.05"), V("1", "", "1", "")), 200);
    /* Within 10% nothing is deducted; at 15% half a point goes. */
    assert_score(run(FIN_F, FIN_R, 300, V("1000", "1100"), V("1", "", "1", "否")), 300);
    assert_score(run(FIN_F, FIN_R, 300, V("1000", "850"), V("1", "", "1", "否")), 250);
    /* A marked veto wins over everything, even missing input. */
    assert_score(run(FIN_F, FIN_R, 300, V("5281.87", "7,621.05"), V("1", "", "1", "是")), 0);
    assert_score(run(FIN_F, FIN_R, 300, V(NULL, NULL), V("", "", "", "yes")), 0);
    assert_score(run(FIN_F, FIN_R, 300, V("0", "1"), V("1", "", "1", "1")), 0);
}

static void test_fixed_assets(void **state)
{
    (void)state;
    const char *f = "rate:percent:固定资产利用率";
    const char *r = "calc(固定资产利用率, 1, tiers(rate, 90%, 1, 75%, 0.7, 60%, 0.4, 0))";
    assert_score(run(f, r, 100, V("100"), NULL), 100);
    assert_score(run(f, r, 100, V("90"), NULL), 100);
    assert_score(run(f, r, 100, V("80"), NULL), 70);
    assert_score(run(f, r, 100, V("75"), NULL), 70);
    assert_score(run(f, r, 100, V("74.99"), NULL), 40);
    assert_score(run(f, r, 100, V("60%"), NULL), 40);
    assert_score(run(f, r, 100, V("10"), NULL), 0);
}

static void test_public_expense(void **state)
{
    (void)state;
    const char *f = "sg_actual:money:“三公”经费实际支出（万元）\n"
                    "sg_budget:money:“三公”经费预算（万元）\n"
                    "daily_actual:money:日常公用经费决算数（万元）\n"
                    "daily_budget:money:日常公用经费调整预算（万元）";
    const char *r = "calc(“三公”经费控制率, 3, if(sg_actual / sg_budget < 90%, 3,\n"
                    "     if(sg_actual / sg_budget <= 100%, 2, 0)))\n"
                    "calc(日常公用经费控制率, 3, if(daily_actual / daily_budget < 90%, 3,\n"
                    "     if(daily_actual / daily_budget <= 100%, 2, 0)))";
    struct ev e = run(f, r, 600, V("3.49", "10.42", "54.44", "54.61"), NULL);
    assert_score(e, 500);
    assert_int_equal(e.parts[0], 300);
    assert_int_equal(e.parts[1], 200);
    assert_score(run(f, r, 600, V("11", "10.42", "54.61", "54.61"), NULL), 200);
}

static void test_budget_execution(void **state)
{
    (void)state;
    const char *f = "q1:percent:一季度末支出进度; q2:percent:二季度末支出进度; "
                    "q3:percent:三季度末支出进度; q4:percent:四季度末支出进度";
    const char *r = "calc(一季度, 1, min(1, q1 / 25%)); calc(二季度, 1, min(1, q2 / 50%)); "
                    "calc(三季度, 1, min(1, q3 / 75%)); calc(四季度, 1, min(1, q4 / 100%)); "
                    "calc(全年平均, 2, 2 * (min(1, q1 / 25%) + min(1, q2 / 50%) + "
                    "min(1, q3 / 75%) + min(1, q4 / 100%)) / 4)";
    struct ev e = run(f, r, 600, V("32.74", "63.93", "80.12", "99.8"), NULL);
    assert_score(e, 600);   /* exact 5.997, rounded once */
    pts_t shown[] = {100, 100, 100, 100, 200};
    for (int i = 0; i < 5; i++)
        assert_int_equal(e.parts[i], shown[i]);
    assert_score(run(f, r, 600, V("20", "50", "75", "90"), NULL), 555);
}

static void test_counts(void **state)
{
    (void)state;
    const char *f = "done:count:按时完成项目数; planned:count:计划完成项目数";
    const char *r = "calc(项目完成及时性, 6, 6 * min(1, done / planned))";
    assert_score(run(f, r, 600, V("24", "25"), NULL), 576);
    assert_score(run(f, r, 600, V("30", "25"), NULL), 600);

    const char *kf = "undone:count:未完成重点工作数";
    const char *kr = "calc(重点工作完成情况, 8, 8 - 4 * undone)";
    assert_score(run(kf, kr, 800, V("0"), NULL), 800);
    assert_score(run(kf, kr, 800, V("1"), NULL), 400);
    assert_score(run(kf, kr, 800, V("3"), NULL), 0);   /* -4 clamps to 0 */

    const char *xf = "extra:count:编外人员数; staff:count:在编人数";
    const char *xr = "calc(编外人员控制率, 1, if(extra / (staff + extra) < 5%, 1, "
                     "if(extra / (staff + extra) <= 10%, 0.5, 0)))";
    assert_score(run(xf, xr, 100, V("2", "48"), NULL), 100);
    assert_score(run(xf, xr, 100, V("5", "45"), NULL), 50);   /* exactly 10% */
    assert_score(run(xf, xr, 100, V("6", "44"), NULL), 0);
    struct ev e = run(xf, xr, 100, V("0", "0"), NULL);
    assert_int_equal(e.st, RULE_ERROR);
    assert_has(e.why, "division by zero");
}

static void test_satisfaction(void **state)
{
    (void)state;
    const char *f = "sat:percent:满意度";
    const char *r = "calc(满意度, 6, tiers(sat, 95%, 6, 90%, 4, 80%, 2, 1))";
    assert_score(run(f, r, 600, V("99.91"), NULL), 600);
    assert_score(run(f, r, 600, V("94.99"), NULL), 400);
    assert_score(run(f, r, 600, V("80"), NULL), 200);
    assert_score(run(f, r, 600, V("79.999999"), NULL), 100);
}

#define DISC_R "choice(部门预算公开, 1.5, 按规定公开=1.5, 公开但不符合要求=1, 未公开=0, " \
               "涉密按规定不公开=1.5); choice(部门决算公开, 1.5, 按规定公开=1.5, " \
               "公开但不符合要求=1, 未公开=0, 涉密按规定不公开=1.5)"

static void test_disclosure(void **state)
{
    (void)state;
    assert_score(run("", DISC_R, 300, NULL, V("按规定公开", "公开但不符合要求")), 250);
    assert_score(run("", DISC_R, 300, NULL, V("未公开", "涉密按规定不公开")), 150);
    assert_score(run("", DISC_R, 300, NULL, V(" 按规定公开 ", "1")), 250);   /* unique value */
    struct ev e = run("", DISC_R, 300, NULL, V("未公开", ""));
    assert_int_equal(e.st, RULE_INCOMPLETE);
    assert_string_equal(e.why, "not marked: 部门决算公开");
    assert_int_equal(e.parts[0], 0);
    assert_int_equal(e.parts[1], PTS_NONE);
}

static void test_checklist(void **state)
{
    (void)state;
    const char *r = "check(符合职责和方针政策, 1)\ncheck(资金按重点合理分配, 1)\n"
                    "check(专项资金编制细化, 1)\ncheck(分类准确无频繁调剂, 1)\n"
                    "check(预算分配不固化, 1)";
    assert_score(run("", r, 500, NULL, V("1", "1", "1", "1", "1")), 500);
    assert_score(run("", r, 500, NULL, V("1", "是", "0.5", "否", "1")), 350);
    assert_score(run("", r, 500, NULL, V("1", "1", "0.5", "1", "1")), 450);
    struct ev e = run("", r, 500, NULL, V("1", "1", "1", "", "1"));
    assert_int_equal(e.st, RULE_INCOMPLETE);
    assert_string_equal(e.why, "not marked: 分类准确无频繁调剂");
}

/* ---- rounding ---- */

static void test_rounding(void **state)
{
    (void)state;
    assert_score(run("", "calc(a, 1, 1/200)", 100, NULL, NULL), 1);
    assert_score(run("", "calc(a, 1, 1/300)", 100, NULL, NULL), 0);
    assert_score(run("", "calc(a, 1, 0.00499999)", 100, NULL, NULL), 0);
    assert_score(run("", "calc(a, 1, 0 - 5)", 100, NULL, NULL), 0);
    assert_score(run("", "calc(a, 1, -1/200)", 100, NULL, NULL), 0);
    assert_score(run("", "calc(a, 1, 7)", 100, NULL, NULL), 100);
    assert_score(run("", "calc(a, 1, 2/3)", 100, NULL, NULL), 67);
    /* Two parts of 0.0025 each show as 0 but sum to 0.005: one rounding. */
    struct ev e = run("", "calc(a, 1, 1/400); calc(b, 1, 1/400)", 200, NULL, NULL);
    assert_score(e, 1);
    assert_int_equal(e.parts[0], 0);
    assert_int_equal(e.parts[1], 0);
}

/* ---- expressions ---- */

static enum rule_status ex(const char *text, const struct figure_def *f, const struct figval *v,
                           size_t n, struct rat *out, char *why)
{
    struct expr *e = expr_parse(text, f, n, why, 256);
    if (!e)
        fail_msg("expr_parse(%s): %s", text, why);
    enum rule_status st = expr_eval(e, f, v, n, out, why, 256);
    expr_free(e);
    return st;
}

static void assert_ex(const char *text, int64_t n, int64_t d)
{
    struct rat r;
    char why[256];
    if (ex(text, NULL, NULL, 0, &r, why) != RULE_COMPLETE)
        fail_msg("%s: %s", text, why);
    if (r.n != n || r.d != d)
        fail_msg("%s = %lld/%lld, want %lld/%lld", text, (long long)r.n, (long long)r.d,
                 (long long)n, (long long)d);
}

static void test_expr_values(void **state)
{
    (void)state;
    assert_ex("1 + 2 * 3", 7, 1);
    assert_ex("(1 + 2) * 3", 9, 1);
    assert_ex("10 - 4 - 3", 3, 1);
    assert_ex("12 / 4 / 3", 1, 1);
    assert_ex("-(2) - -3", 1, 1);
    assert_ex("+2", 2, 1);
    assert_ex("1 < 2", 1, 1);
    assert_ex("2 <= 1", 0, 1);
    assert_ex("2 > 1", 1, 1);
    assert_ex("1 >= 1", 1, 1);
    assert_ex("1/3 == 2/6", 1, 1);
    assert_ex("1 != 1", 0, 1);
    assert_ex("90%", 9, 10);
    assert_ex("0.125", 1, 8);
    assert_ex("max(1, 5, 3)", 5, 1);
    assert_ex("min(4, 2, 3)", 2, 1);
    assert_ex("min(7)", 7, 1);
    assert_ex("abs(0 - 3/2)", 3, 2);
    assert_ex("IF(1, 2, 3)", 2, 1);
    assert_ex("if(0, 1/0, 3)", 3, 1);   /* only the chosen branch runs */
    assert_ex("tiers(5, 10, 1, 2)", 2, 1);
    assert_ex("tiers(10, 10, 1, 2)", 1, 1);
    assert_ex("tiers(7, 10, 1, 5, 0.5, 0)", 1, 2);
    assert_ex("tiers(1, 10, 1, 5, 1/0, 0)", 0, 1);   /* unchosen values never run */
    assert_ex("１＋（２）", 3, 1);       /* full-width digits and parentheses */
    assert_ex("1\n+\n2", 3, 1);
}

static void test_expr_figures(void **state)
{
    (void)state;
    struct figure_def f[3] = {{"num", FIG_MONEY, "分子"}, {"den", FIG_COUNT, "分母"},
                              {"pct", FIG_PERCENT, "比例"}};
    struct figval v[3] = {{true, {5, 0}}, {true, {0, 0}}, {true, {3274, 2}}};
    struct rat r;
    char why[256];
    assert_int_equal(ex("if(den == 0, 0, num / den)", f, v, 3, &r, why), RULE_COMPLETE);
    assert_int_equal(r.n, 0);
    assert_int_equal(ex("num / den", f, v, 3, &r, why), RULE_ERROR);
    assert_string_equal(why, "division by zero");
    assert_int_equal(ex("pct", f, v, 3, &r, why), RULE_COMPLETE);   /* 32.74% */
    assert_int_equal(r.n, 1637);
    assert_int_equal(r.d, 5000);
    v[0].set = false;
    assert_int_equal(ex("if(den == 0, 1, num)", f, v, 3, &r, why), RULE_COMPLETE);
    assert_int_equal(ex("den + num", f, v, 3, &r, why), RULE_INCOMPLETE);
    assert_string_equal(why, "missing figure: 分子");
    v[0] = (struct figval){true, {INT64_MAX, 0}};
    assert_int_equal(ex("num + 1", f, v, 3, &r, why), RULE_ERROR);
    assert_has(why, "too large");
    assert_int_equal(ex("0 - num - num", f, v, 3, &r, why), RULE_ERROR);
}

static void assert_expr_bad(const char *text, const char *sub)
{
    struct figure_def f[1] = {{"x", FIG_MONEY, "X"}};
    char why[256] = "";
    struct expr *e = expr_parse(text, f, 1, why, sizeof why);
    if (e) {
        expr_free(e);
        fail_msg("expr_parse(%s) succeeded", text);
    }
    assert_has(why, sub);
}

static void test_expr_errors(void **state)
{
    (void)state;
    assert_expr_bad("", "empty expression");
    assert_expr_bad("  \n ", "empty expression");
    assert_expr_bad("1 2", "unexpected '2' after the expression");
    assert_expr_bad("x y", "unexpected 'y'");
    assert_expr_bad("(1 + 2", "missing ')'");
    assert_expr_bad("1 +", "expected a number or a figure name, found the end");
    assert_expr_bad("1 < 2 < 3", "cannot be chained");
    assert_expr_bad("x = 1", "use '=='");
    assert_expr_bad("y + 1", "unknown figure 'y'");
    assert_expr_bad("X", "unknown figure 'X'");   /* names are case-sensitive */
    assert_expr_bad("sqrt(4)", "unknown function 'sqrt'");
    assert_expr_bad("abs()", "abs() takes 1 argument, not 0");
    assert_expr_bad("abs(1, 2)", "abs() takes 1 argument, not 2");
    assert_expr_bad("if(1, 2)", "if() takes 3 arguments");
    assert_expr_bad("min()", "min() needs at least 1 argument");
    assert_expr_bad("tiers(x, 1)", "tiers() takes");
    assert_expr_bad("tiers(x, 1, 2)", "not 3 arguments");   /* no else value */
    assert_expr_bad("tiers(x, 1, 2, 3, 4)", "not 5 arguments");
    assert_expr_bad("max(1, 2", "missing ')' after the arguments of max()");
    assert_expr_bad("min(1,)", "found ')'");
    assert_expr_bad("99999999999999999999", "too large");
    assert_expr_bad("0.1234567890123456789", "too many decimals");
    assert_expr_bad("1e308", "'1e308' is not a number");
    assert_expr_bad("1 % 2", "unexpected '%'");
    assert_expr_bad("x * ，", "found '，'");
    assert_expr_bad("\xff\xfe", "unknown figure");
}

/* Hostile sizes: deep nesting and long chains fail cleanly, never by
 * exhausting the stack. */
static char *repeat3(const char *pre, const char *a, size_t n, const char *mid, const char *b,
                     size_t m, const char *post)
{
    size_t la = strlen(a), lb = strlen(b);
    char *s = malloc(strlen(pre) + la * n + strlen(mid) + lb * m + strlen(post) + 1), *o = s;
    assert_non_null(s);
    o = stpcpy(o, pre);
    for (size_t i = 0; i < n; i++, o += la)
        memcpy(o, a, la);
    o = stpcpy(o, mid);
    for (size_t i = 0; i < m; i++, o += lb)
        memcpy(o, b, lb);
    strcpy(o, post);
    return s;
}

static void assert_rule_bad(const char *figs, const char *text, pts_t points, const char *sub);

static void test_hostile(void **state)
{
    (void)state;
    char *s = repeat3("calc(a, 1, ", "(", 100000, "1", ")", 100000, ")");
    assert_rule_bad("", s, 100, "nests too deeply");
    free(s);
    s = repeat3("", "(", 100000, "", "", 0, "");   /* and never closed */
    assert_expr_bad(s, "nests too deeply");
    free(s);
    s = repeat3("", "-", 100000, "1", "", 0, "");
    assert_expr_bad(s, "nests too deeply");
    free(s);
    s = repeat3("", "abs(", 100000, "1", ")", 100000, "");
    assert_expr_bad(s, "nests too deeply");
    free(s);
    s = repeat3("1", "+1", 100000, "", "", 0, "");
    assert_expr_bad(s, "too long");
    free(s);
    /* Legitimate sizes still work: 60 levels, 200 terms, a huge argument list. */
    struct rat r;
    char why[256];
    s = repeat3("", "(", 60, "1", ")", 60, "");
    assert_int_equal(ex(s, NULL, NULL, 0, &r, why), RULE_COMPLETE);
    free(s);
    s = repeat3("0", "+1", 200, "", "", 0, "");
    assert_int_equal(ex(s, NULL, NULL, 0, &r, why), RULE_COMPLETE);
    assert_int_equal(r.n, 200);
    free(s);
    s = repeat3("max(0", ",1", 100000, ")", "", 0, "");
    assert_int_equal(ex(s, NULL, NULL, 0, &r, why), RULE_COMPLETE);
    assert_int_equal(r.n, 1);
    free(s);
    /* A long label and many parts are fine. */
    s = repeat3("check(", "很长", 50000, ", 1)", "; veto(v)", 1, "");
    char why2[64];
    struct rule *rule = rule_parse(s, NULL, 0, 100, why2, sizeof why2);
    assert_non_null(rule);
    assert_int_equal(strlen(rule->parts[0].label), 300000);
    rule_free(rule);
    free(s);
}

/* Huge cells stay fast: name lookups and duplicate checks are not
 * quadratic. */
static void test_large(void **state)
{
    (void)state;
    enum { N = 50000 };
    char *figs = malloc((size_t)N * 40), *rule = malloc((size_t)N * 40), *o = figs, *q = rule;
    assert_true(figs && rule);
    for (int i = 0; i < N; i++) {
        o += sprintf(o, "f%d:money:金额%d\n", i, i);
        q += sprintf(q, "calc(c%d, 1, f%d * 2)\n", i, N - 1 - i);
    }
    struct figure_def *f;
    size_t nf;
    char why[256];
    assert_int_equal(rule_parse_figures(figs, &f, &nf, why, sizeof why), 0);
    assert_int_equal(nf, N);
    struct rule *r = rule_parse(rule, f, nf, (pts_t)N * 100, why, sizeof why);
    if (!r)
        fail_msg("%s", why);
    struct figval *v = calloc(N, sizeof *v);
    assert_non_null(v);
    for (int i = 0; i < N; i++)
        v[i] = (struct figval){i != 7, {1, 1}};   /* 0.1 each, f7 missing */
    pts_t score;
    assert_int_equal(rule_eval(r, f, v, nf, NULL, &score, NULL, why, sizeof why),
                     RULE_INCOMPLETE);
    assert_string_equal(why, "missing figure: 金额7");
    v[7].set = true;
    assert_int_equal(rule_eval(r, f, v, nf, NULL, &score, NULL, why, sizeof why),
                     RULE_COMPLETE);
    assert_int_equal(score, (pts_t)N * 20);
    rule_free(r);
    q += sprintf(q, "check(c%d, 1)", N / 2);
    assert_null(rule_parse(rule, f, nf, (pts_t)N * 100 + 100, why, sizeof why));
    assert_string_equal(why, "duplicate label 'c25000'");
    o += sprintf(o, "f%d:count:again", N / 3);
    rule_free_figures(f, nf);
    assert_int_equal(rule_parse_figures(figs, &f, &nf, why, sizeof why), -1);
    assert_string_equal(why, "duplicate figure name 'f16666'");
    free(v);
    free(figs);
    free(rule);
}

/* Every prefix and a pseudo-random mutation of real rules must parse or
 * fail with a reason, never crash or leak (run under ASan/valgrind). */
static void test_mangled(void **state)
{
    (void)state;
    struct figure_def *f;
    size_t nf;
    char why[256];
    assert_int_equal(rule_parse_figures(FIN_F "; q1:percent:Q", &f, &nf, why, sizeof why), 0);
    const char *rules[] = {FIN_R, DISC_R, "calc(x, 3, tiers(q1, 90%, 3, 1) * min(1, 2, abs(-1)))"};
    const char alphabet[] = "(),;=<>!+-*/%\"\n 0123456789.abqxy\xe4\xb8\x80\xef\xbc\x88";
    unsigned seed = 12345;
    for (size_t k = 0; k < sizeof rules / sizeof rules[0]; k++) {
        size_t len = strlen(rules[k]);
        char *buf = malloc(len + 1);
        assert_non_null(buf);
        for (size_t cut = 0; cut <= len; cut++) {
            memcpy(buf, rules[k], cut);
            buf[cut] = '\0';
            struct rule *r = rule_parse(buf, f, nf, 300, why, sizeof why);
            assert_true(r || why[0] || cut == 0);
            rule_free(r);
        }
        for (int round = 0; round < 3000; round++) {
            memcpy(buf, rules[k], len + 1);
            for (int j = 0; j < 4; j++) {
                seed = seed * 1103515245u + 12345u;
                buf[(seed >> 8) % len] = alphabet[(seed >> 20) % (sizeof alphabet - 1)];
            }
            struct rule *r = rule_parse(buf, f, nf, 300, why, sizeof why);
            if (r) {
                struct figval v[3] = {{true, {1, 0}}, {true, {0, 0}}, {false, {0, 0}}};
                mark_t m[64];
                for (size_t i = 0; i < r->nparts && i < 64; i++)
                    m[i] = (mark_t)(seed % 3) - 1;
                pts_t score, parts[64];
                if (r->nparts <= 64)
                    rule_eval(r, f, v, nf, m, &score, parts, why, sizeof why);
            }
            rule_free(r);
        }
        free(buf);
    }
    rule_free_figures(f, nf);
}

/* ---- rule parsing ---- */

static void assert_rule_bad(const char *figs, const char *text, pts_t points, const char *sub)
{
    struct figure_def *f;
    size_t nf;
    char why[256] = "";
    if (rule_parse_figures(figs, &f, &nf, why, sizeof why) != 0)
        fail_msg("figures: %s", why);
    struct rule *r = rule_parse(text, f, nf, points, why, sizeof why);
    rule_free_figures(f, nf);
    if (r) {
        rule_free(r);
        fail_msg("rule_parse(%s) succeeded", text);
    }
    assert_has(why, sub);
}

static void test_rule_errors(void **state)
{
    (void)state;
    const char *f = "x:money:X";
    assert_rule_bad(f, "calc(a, 1, (x + 1)", 100, "missing ')'");
    assert_rule_bad(f, "calc(a, 1, (x + 1", 100, "missing ')'");
    assert_rule_bad(f, "check(a, 1", 100, "missing ')' to close check(");
    assert_rule_bad(f, "check(a; check(b, 1)", 100, "missing ')' to close check(");
    assert_rule_bad(f, "calc(a, 1, foo(x))", 100, "unknown function 'foo'");
    assert_rule_bad(f, "calc(a, 1, acutal / x)", 100, "unknown figure 'acutal'");
    assert_rule_bad(f, "calc(a, 1, min())", 100, "min() needs at least 1 argument");
    assert_rule_bad(f, "calc(a, 1, if(x, 1))", 100, "if() takes 3 arguments");
    assert_rule_bad(f, "calc(a, 1, tiers(x, 1, 2))", 100, "tiers() takes");
    assert_rule_bad(f, "check(a, 1); check(b, 3)", 500,
                    "parts add up to 4, but the indicator has 5 points");
    assert_rule_bad(f, "check(a, 1); veto(b)", 150, "parts add up to 1, but the indicator has "
                                                     "1.5 points");
    assert_rule_bad(f, "check(a, 1); calc(a, 1, x)", 200, "duplicate label 'a'");
    assert_rule_bad(f, "check(a, 1); veto( a )", 100, "duplicate label 'a'");
    assert_rule_bad(f, "calc(a, 1, 1/)", 100, "expected a number or a figure name, found ')'");
    assert_rule_bad(f, "check(, 1)", 100, "empty label in check()");
    assert_rule_bad(f, "check(  , 1)", 100, "empty label");
    assert_rule_bad(f, "check(\"\", 1)", 100, "empty label");
    assert_rule_bad(f, "veto()", 0, "empty label in veto()");
    assert_rule_bad(f, "check(a=b, 1)", 100, "label 'a=b' may not contain '='");
    assert_rule_bad(f, "check(a＝b, 1)", 100, "may not contain '='");
    assert_rule_bad(f, "check(\"a;b\", 1)", 100, "may not contain");
    assert_rule_bad(f, "check(\"ab, 1)", 100, "unterminated quote");
    assert_rule_bad(f, "check(a, 1) x", 100, "unexpected 'x' after a part");
    assert_rule_bad(f, "check(a, 1) check(b, 1)", 200, "unexpected 'check'");
    assert_rule_bad(f, "calc(a, 1, x 2)", 100, "missing ')' to close calc( (found '2')");
    assert_rule_bad(f, "calc(a, 1, x))", 100, "unexpected ')' after a part");
    assert_rule_bad(f, "chek(a, 1)", 100, "unknown part 'chek'");
    assert_rule_bad(f, "(a, 1)", 100, "unknown part '('");
    assert_rule_bad(f, "check a, 1", 100, "expected '(' in check(), found 'a'");
    assert_rule_bad(f, "check(a)", 100, "expected ',' in check(), found ')'");
    assert_rule_bad(f, "check(a, b)", 100, "expected points in check(), found 'b'");
    assert_rule_bad(f, "check(a, 1.234)", 100, "at most two decimals");
    assert_rule_bad(f, "check(a, 50%)", 100, "at most two decimals");
    assert_rule_bad(f, "check(a, 0)", 0, "more than 0 points");
    assert_rule_bad(f, "choice(a, 1, p=1, q=2)", 100, "option 'q' is worth 2, more than the 1 "
                                                      "points of choice(a)");
    assert_rule_bad(f, "choice(a, 1, p=1)", 100, "at least two options");
    assert_rule_bad(f, "choice(a, 1, p=1, p=0)", 100, "duplicate option 'p'");
    assert_rule_bad(f, "choice(a, 1, p=1, =0)", 100, "empty label");
    assert_rule_bad(f, "choice(a, 1, p=1, q)", 100, "expected '=' in choice()");
    assert_rule_bad(f, "choice(a, 1, p=1, q=)", 100, "expected points in choice()");
    assert_rule_bad(f, "custom; check(a, 1)", 100, "'custom' stands alone");
    assert_rule_bad(f, "custom(a)", 100, "unexpected '('");
    assert_rule_bad(f, "calc(a, 1, x == 1 == 1)", 100, "cannot be chained");
    assert_rule_bad(f, "\xff\xfe(", 100, "unknown part");
}

static void test_rule_syntax(void **state)
{
    (void)state;
    struct figure_def *f;
    size_t nf;
    char why[256];
    assert_int_equal(rule_parse_figures("planned：money：预算（万元）；actual:money:实际", &f, &nf,
                                        why, sizeof why), 0);
    /* Full-width punctuation, quoted labels, labels with parentheses. */
    struct rule *r = rule_parse("  ；check（甲，１）；；\n\n"
                                "check(\"a, b (c)\", 0.5)\n"
                                "calc(产出（万元）, 1.5, actual ／ planned)\n"
                                "veto( 一票 否决 )；",
                                f, nf, 300, why, sizeof why);
    if (!r)
        fail_msg("%s", why);
    assert_false(r->custom);
    assert_int_equal(r->nparts, 4);
    assert_int_equal(r->parts[0].kind, PART_CHECK);
    assert_string_equal(r->parts[0].label, "甲");
    assert_int_equal(r->parts[0].points, 100);
    assert_string_equal(r->parts[1].label, "a, b (c)");
    assert_int_equal(r->parts[1].points, 50);
    assert_int_equal(r->parts[2].kind, PART_CALC);
    assert_string_equal(r->parts[2].label, "产出（万元）");
    assert_int_equal(r->parts[2].points, 150);
    assert_string_equal(r->parts[2].source, "actual ／ planned");
    assert_int_equal(r->parts[3].kind, PART_VETO);
    assert_string_equal(r->parts[3].label, "一票 否决");
    assert_int_equal(r->parts[3].points, 0);
    rule_free(r);

    r = rule_parse(DISC_R, f, nf, 300, why, sizeof why);
    assert_non_null(r);
    assert_int_equal(r->parts[0].kind, PART_CHOICE);
    assert_int_equal(r->parts[0].nopts, 4);
    assert_string_equal(r->parts[0].opts[1].label, "公开但不符合要求");
    assert_int_equal(r->parts[0].opts[1].value, 100);
    assert_int_equal(r->parts[0].opts[3].value, 150);
    rule_free(r);

    r = rule_parse(" custom ", f, nf, 500, why, sizeof why);
    assert_non_null(r);
    assert_true(r->custom);
    assert_int_equal(r->nparts, 0);
    rule_free(r);

    strcpy(why, "stale");
    assert_null(rule_parse("", f, nf, 500, why, sizeof why));
    assert_string_equal(why, "");
    assert_null(rule_parse(" ;\n ; ", f, nf, 500, why, sizeof why));
    assert_string_equal(why, "");
    assert_null(rule_parse(NULL, f, nf, 500, why, sizeof why));
    assert_string_equal(why, "");
    rule_free_figures(f, nf);
}

/* ---- figures ---- */

static void test_status_order(void **state)
{
    (void)state;
    struct ev e = run("a:count:A; b:count:B", "check(k, 1); calc(c, 1, a / b)", 200,
                      V("1", "0"), V("", ""));
    assert_int_equal(e.st, RULE_ERROR);
    assert_string_equal(e.why, "division by zero in c");
    e = run("a:count:A; b:count:B", "calc(c, 1, a / b); check(k, 1)", 200, V("1", NULL),
            V("", ""));
    assert_int_equal(e.st, RULE_INCOMPLETE);
    assert_string_equal(e.why, "missing figure: B");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_procurement),  cmocka_unit_test(test_finance),
        cmocka_unit_test(test_fixed_assets), cmocka_unit_test(test_public_expense),
        cmocka_unit_test(test_budget_execution), cmocka_unit_test(test_counts),
        cmocka_unit_test(test_satisfaction), cmocka_unit_test(test_disclosure),
        cmocka_unit_test(test_checklist),    cmocka_unit_test(test_rounding),
        cmocka_unit_test(test_expr_values),  cmocka_unit_test(test_expr_figures),
        cmocka_unit_test(test_expr_errors),  cmocka_unit_test(test_hostile),
        cmocka_unit_test(test_large),
        cmocka_unit_test(test_mangled),      cmocka_unit_test(test_rule_errors),
        cmocka_unit_test(test_rule_syntax),
        cmocka_unit_test(test_status_order),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
