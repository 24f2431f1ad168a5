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
#include "std_rules.h"

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
    assert_ex("round(8.62)", 9, 1);
    assert_ex("ROUND(8.5)", 9, 1);
    assert_ex("round(0 - 8.5)", -9, 1);
    assert_ex("floor(8.99)", 8, 1);
    assert_ex("ceil(8.01)", 9, 1);
    assert_ex("floor(0 - 0.5)", -1, 1);
    assert_ex("round(0.74, 0.5)", 1, 2);
    assert_ex("round(0.75, 0.5)", 1, 1);
    assert_ex("ceil(2.1, 0.5)", 5, 2);
    assert_ex("floor(2.9, 0.5)", 5, 2);
    assert_ex("floor(1/3, 0.1)", 3, 10);
    assert_ex("round(2/3, 1%)", 67, 100);
    assert_ex("floor(7, 1 + 1)", 6, 1);        /* a step computed without figures */
    assert_ex("round(1, 0.5) + ceil(0.2)", 2, 1);
    /* 每超过 1 个百分点扣 0.5 分: 3.4 points over -> 3 whole points -> 1.5 */
    assert_ex("max(0, 5 - 0.5 * floor(13.4% * 100 - 10))", 7, 2);
    assert_ex("if(1, 3, ceil(1/0))", 3, 1);   /* an unchosen branch never runs */
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
    assert_int_equal(ex("round(num, den)", f, v, 3, &r, why), RULE_ERROR);
    assert_string_equal(why, "the step of round() is not above 0");
    assert_int_equal(ex("floor(pct, 5%)", f, v, 3, &r, why), RULE_COMPLETE);   /* 30% */
    assert_int_equal(r.n, 3);
    assert_int_equal(r.d, 10);
    assert_int_equal(ex("ceil(pct * 100, num)", f, v, 3, &r, why), RULE_COMPLETE);
    assert_int_equal(r.n, 35);
    assert_int_equal(ex("pct", f, v, 3, &r, why), RULE_COMPLETE);   /* 32.74% */
    assert_int_equal(r.n, 1637);
    assert_int_equal(r.d, 5000);
    v[0].set = false;
    assert_int_equal(ex("if(den == 0, 1, num)", f, v, 3, &r, why), RULE_COMPLETE);
    assert_int_equal(ex("den + num", f, v, 3, &r, why), RULE_INCOMPLETE);
    assert_string_equal(why, "missing figure: 分子");
    v[0] = (struct figval){true, {INT64_MAX, 0}};
    assert_int_equal(ex("num + 1", f, v, 3, &r, why), RULE_ERROR);
    assert_contains(why, "too large");
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
    assert_contains(why, sub);
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
    assert_expr_bad("round()", "round() takes a value and an optional step");
    assert_expr_bad("floor(1, 2, 3)", "floor() takes a value and an optional step (1 or 2 "
                                      "arguments), not 3");
    assert_expr_bad("round(x, 0)", "the step of round() must be above 0");
    assert_expr_bad("CEIL(x, 0 - 0.5)", "the step of ceil() must be above 0");
    assert_expr_bad("floor(x, 1 - 1)", "the step of floor() must be above 0");
    assert_expr_bad("floor(x, 1/0)", "the step of floor() must be above 0");
    assert_expr_bad("round(x, ０)", "the step of round() must be above 0");
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
    sprintf(q, "check(c%d, 1)", N / 2);   /* appended: a label taken twice */
    assert_null(rule_parse(rule, f, nf, (pts_t)N * 100 + 100, why, sizeof why));
    assert_string_equal(why, "duplicate label 'c25000'");
    sprintf(o, "f%d:count:again", N / 3);   /* appended: a name taken twice */
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

/* A rule that rounds with a step: exact, and a step from a figure that is
 * not above 0 names the part. 每超过 1 个百分点扣 0.5 分, 扣完为止. */
static void test_rule_rounding(void **state)
{
    (void)state;
    struct figure_def *f;
    size_t nf;
    char why[256];
    assert_int_equal(rule_parse_figures("rate:percent:比率; step:count:步长", &f, &nf, why,
                                        sizeof why), 0);
    struct rule *r = rule_parse("calc(超出扣分, 5, max(0, 5 - 0.5 * ceil(rate * 100 - 10)));"
                                "calc(取整, 1, floor(rate * 10, step) / 10)",
                                f, nf, 600, why, sizeof why);
    if (!r)
        fail_msg("%s", why);
    struct figval v[2] = {{true, {1340, 2}}, {true, {1, 0}}};   /* 13.40%: 4 points over */
    mark_t m[2] = {0, 0};
    pts_t score, parts[2];
    assert_int_equal(rule_eval(r, f, v, nf, m, &score, parts, why, sizeof why), RULE_COMPLETE);
    assert_int_equal(parts[0], 300);
    assert_int_equal(parts[1], 10);
    assert_int_equal(score, 310);
    v[0].v = (struct decimal){1000, 2};   /* exactly 10%: nothing over */
    assert_int_equal(rule_eval(r, f, v, nf, m, &score, parts, why, sizeof why), RULE_COMPLETE);
    assert_int_equal(score, 510);
    v[1].v = (struct decimal){0, 0};
    assert_int_equal(rule_eval(r, f, v, nf, m, &score, parts, why, sizeof why), RULE_ERROR);
    assert_contains(why, "the step of floor() is not above 0 in 取整");
    rule_free(r);
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
    assert_contains(why, sub);
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
    assert_rule_bad(f, "calc(a, 1, round(x, 0))", 100, "the step of round() must be above 0");
    /* the new function names cannot name figures */
    const char *taken[] = {"round:count:R", "Floor:count:R", "ceil:money:C"};
    for (size_t i = 0; i < 3; i++) {
        struct figure_def *fd;
        size_t nfd;
        char why[256] = "";
        assert_int_not_equal(rule_parse_figures(taken[i], &fd, &nfd, why, sizeof why), 0);
        assert_contains(why, "is not a valid name");
    }
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
    struct rule_ev e = rule_run("a:count:A; b:count:B", "check(k, 1); calc(c, 1, a / b)", 200,
                      V("1", "0"), V("", ""));
    assert_int_equal(e.st, RULE_ERROR);
    assert_string_equal(e.why, "division by zero in c");
    e = rule_run("a:count:A; b:count:B", "calc(c, 1, a / b); check(k, 1)", 200, V("1", NULL),
            V("", ""));
    assert_int_equal(e.st, RULE_INCOMPLETE);
    assert_string_equal(e.why, "missing figure: B");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_expr_values),  cmocka_unit_test(test_expr_figures),
        cmocka_unit_test(test_expr_errors),  cmocka_unit_test(test_hostile),
        cmocka_unit_test(test_large),
        cmocka_unit_test(test_mangled),      cmocka_unit_test(test_rule_errors),
        cmocka_unit_test(test_rule_syntax),  cmocka_unit_test(test_rule_rounding),
        cmocka_unit_test(test_status_order),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
