/* test_rule_input.c - what the user types for a rule: the figures cell of
 * a form, figure values ("7,621.05", "32.74%"), and checklist, choice and
 * veto marks, each accepted or refused with its reason. */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "rule.h"

static void assert_figs_bad(const char *text, const char *sub)
{
    struct figure_def *f = (struct figure_def *)1;
    size_t nf = 99;
    char why[256] = "";
    assert_int_equal(rule_parse_figures(text, &f, &nf, why, sizeof why), -1);
    assert_null(f);
    assert_int_equal(nf, 0);
    assert_contains(why, sub);
}

static void test_figures(void **state)
{
    (void)state;
    struct figure_def *f;
    size_t nf;
    char why[256];
    assert_int_equal(rule_parse_figures(" a_1 : money : 金额：万元 \n\nb:Count:人数;q２:percent:比例;"
                                        "r:rate:增长率", &f, &nf, why, sizeof why), 0);
    assert_int_equal(nf, 4);
    assert_string_equal(f[0].name, "a_1");
    assert_int_equal(f[0].type, FIG_MONEY);
    assert_string_equal(f[0].label, "金额：万元");   /* the label keeps later colons */
    assert_int_equal(f[1].type, FIG_COUNT);
    assert_string_equal(f[2].name, "q2");          /* full-width digit normalised */
    assert_int_equal(f[2].type, FIG_PERCENT);
    assert_int_equal(f[3].type, FIG_RATE);
    rule_free_figures(f, nf);

    assert_int_equal(rule_parse_figures("", &f, &nf, why, sizeof why), 0);
    assert_null(f);
    assert_int_equal(nf, 0);
    assert_int_equal(rule_parse_figures(" ;\n", &f, &nf, why, sizeof why), 0);
    assert_null(f);
    assert_int_equal(rule_parse_figures("采购额:money:采购额", &f, &nf, why, sizeof why), 0);
    assert_int_equal(nf, 1);
    rule_free_figures(f, nf);

    assert_figs_bad("x:money", "expected NAME:TYPE:LABEL");
    assert_figs_bad("x", "expected NAME:TYPE:LABEL");
    assert_figs_bad("x:euro:X", "unknown figure type 'euro'");
    assert_figs_bad("x:money:X; y:count:Y\nx:count:Z", "duplicate figure name 'x'");
    assert_figs_bad("1x:money:X", "figure name '1x' is not a valid name");
    assert_figs_bad("a b:money:X", "figure name 'a b' is not a valid name");
    assert_figs_bad(":money:X", "not a valid name");
    assert_figs_bad("a(1):money:X", "not a valid name");
    assert_figs_bad("min:money:X", "figure name 'min' is not a valid name");
    assert_figs_bad("x:money:  ", "figure 'x' has no label");
}

static void assert_value(enum fig_type t, const char *text, int64_t mant, int scale)
{
    struct figure_def f = {"x", t, "X"};
    struct decimal d;
    char why[256];
    if (rule_parse_figure_value(&f, text, &d, why, sizeof why) != 0)
        fail_msg("%s: %s", text, why);
    assert_int_equal(d.mant, mant);
    assert_int_equal(d.scale, scale);
}

static void assert_value_bad(enum fig_type t, const char *text, const char *sub)
{
    struct figure_def f = {"x", t, "X"};
    struct decimal d;
    char why[256] = "";
    if (rule_parse_figure_value(&f, text, &d, why, sizeof why) == 0)
        fail_msg("%s accepted", text);
    assert_contains(why, sub);
}

static void test_figure_values(void **state)
{
    (void)state;
    assert_value(FIG_MONEY, "7,621.05", 762105, 2);
    assert_value(FIG_MONEY, " 7621.05 ", 762105, 2);
    assert_value(FIG_MONEY, "０.５", 5, 1);
    assert_value(FIG_MONEY, "0", 0, 0);
    assert_value(FIG_PERCENT, "32.74", 3274, 2);
    assert_value(FIG_PERCENT, "32.74%", 3274, 2);
    assert_value(FIG_PERCENT, "100", 100, 0);
    assert_value(FIG_RATE, "250%", 250, 0);
    assert_value(FIG_COUNT, "２４", 24, 0);
    assert_value(FIG_COUNT, "24.0", 24, 0);
    assert_value(FIG_MONEY, "1.123456", 1123456, 6);

    assert_value_bad(FIG_MONEY, "-1", "negative");
    assert_value_bad(FIG_COUNT, "-1", "negative");
    assert_value_bad(FIG_PERCENT, "-0.5", "negative");
    assert_value_bad(FIG_RATE, "-3%", "negative");
    assert_value_bad(FIG_COUNT, "2.5", "whole number");
    assert_value_bad(FIG_PERCENT, "100.01", "between 0 and 100");
    assert_value_bad(FIG_PERCENT, "101%", "between 0 and 100");
    assert_value_bad(FIG_MONEY, "1.1234567", "decimals");
    assert_value_bad(FIG_MONEY, "32.74%", "percent sign");
    assert_value_bad(FIG_COUNT, "5%", "percent sign");
    const char *junk[] = {"abc", "NaN", "nan", "inf", "1e308", "五", "一百", "0x10", "1.2.3", ""};
    for (size_t i = 0; i < sizeof junk / sizeof junk[0]; i++) {
        struct figure_def f = {"x", FIG_MONEY, "X"};
        struct decimal d;
        char why[256] = "";
        if (rule_parse_figure_value(&f, junk[i], &d, why, sizeof why) == 0)
            fail_msg("'%s' accepted", junk[i]);
        assert_true(why[0] != '\0');
    }
}

/* ---- marks ---- */

static void test_marks(void **state)
{
    (void)state;
    char why[256], buf[256];
    struct rule *r = rule_parse("check(a, 1.5); veto(v); calc(c, 1, 1); "
                                "choice(ch, 1, 好=1, 差=0, 中=0.5)", NULL, 0, 350, why, sizeof why);
    if (!r)
        fail_msg("%s", why);
    const struct part *ck = &r->parts[0], *vt = &r->parts[1], *cl = &r->parts[2],
                      *ch = &r->parts[3];
    mark_t m;
    struct { const struct part *p; const char *in; mark_t want; const char *out; } ok[] = {
        {ck, "是", 150, "1.5"}, {ck, "否", 0, "0"}, {ck, "0.5", 50, "0.5"},
        {ck, "１.５", 150, "1.5"}, {ck, " 1 ", 100, "1"}, {ck, "", MARK_NONE, ""},
        {vt, "是", 1, "是"}, {vt, "YES", 1, "是"}, {vt, "y", 1, "是"}, {vt, "1", 1, "是"},
        {vt, "否", 0, "否"}, {vt, "no", 0, "否"}, {vt, "N", 0, "否"}, {vt, "0", 0, "否"},
        {vt, "", -1, ""}, {ch, "差", 1, "差"}, {ch, "　中　", 2, "中"}, {ch, "0.5", 2, "中"},
        {ch, "", -1, ""}, {cl, "anything", MARK_NONE, ""},
    };
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        if (rule_parse_mark(ok[i].p, ok[i].in, &m, why, sizeof why) != 0)
            fail_msg("mark '%s': %s", ok[i].in, why);
        assert_int_equal(m, ok[i].want);
        assert_string_equal(rule_format_mark(ok[i].p, m, buf, sizeof buf), ok[i].out);
    }
    struct { const struct part *p; const char *in; const char *sub; } bad[] = {
        {ck, "2", "between 0 and 1.5"}, {ck, "-1", "not a valid mark"},
        {ck, "abc", "not a valid mark"}, {ck, "0.555", "not a valid mark"},
        {vt, "maybe", "是 or 否"}, {vt, "2", "是 or 否"},
        {ch, "优", "'优' is not one of the options: 好, 差, 中"}, {ch, "0.7", "not one of"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        why[0] = '\0';
        if (rule_parse_mark(bad[i].p, bad[i].in, &m, why, sizeof why) == 0)
            fail_msg("mark '%s' accepted", bad[i].in);
        assert_contains(why, bad[i].sub);
    }
    /* Marks that cannot come from parsing (a corrupt draft) are errors. */
    assert_string_equal(rule_format_mark(ch, 7, buf, sizeof buf), "");
    assert_string_equal(rule_format_mark(vt, MARK_NONE, buf, sizeof buf), "");
    mark_t marks[4] = {150, 0, MARK_NONE, 9};
    pts_t score, parts[4];
    assert_int_equal(rule_eval(r, NULL, NULL, 0, marks, &score, parts, why, sizeof why),
                     RULE_ERROR);
    assert_contains(why, "out of range");
    assert_int_equal(parts[0], 150);
    assert_int_equal(parts[2], 100);
    assert_int_equal(parts[3], PTS_NONE);
    marks[3] = 0;
    assert_int_equal(rule_eval(r, NULL, NULL, 0, marks, &score, parts, why, sizeof why),
                     RULE_COMPLETE);
    assert_int_equal(score, 350);
    assert_string_equal(why, "");
    rule_free(r);

    assert_int_equal(rule_eval(NULL, NULL, NULL, 0, NULL, &score, NULL, why, sizeof why),
                     RULE_INCOMPLETE);
    assert_int_equal(score, PTS_NONE);
}

/* An error is reported ahead of a missing input, whatever the order. */

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_figures),
        cmocka_unit_test(test_figure_values),
        cmocka_unit_test(test_marks),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
