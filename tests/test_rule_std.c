/* test_rule_std.c - the standard form's real rules, evaluated end to end
 * from the figures and marks as a user would type them; only the expected
 * scores are written down here. And rounding: once, half-up. */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "rule.h"
#include "std_rules.h"

/* ---- the standard form's rules ---- */


static void test_procurement(void **state)
{
    (void)state;
    struct rule_ev e = rule_run(PROC_F, PROC_R, 200, V("635.3", "635.3"), V("", "1"));
    assert_score(e, 200);
    assert_int_equal(e.parts[0], 100);
    assert_int_equal(e.parts[1], 100);
    e = rule_run(PROC_F, PROC_R, 200, V("635.3", "700"), V("", "是"));
    assert_score(e, 100);
    assert_int_equal(e.parts[0], 0);
    assert_score(rule_run(PROC_F, PROC_R, 200, V("635.3", "600"), V("", "1")), 194);
    e = rule_run(PROC_F, PROC_R, 200, V("635.3", NULL), V("", "1"));
    assert_int_equal(e.st, RULE_INCOMPLETE);
    assert_string_equal(e.why, "missing figure: 实际采购金额（万元）");
    assert_int_equal(e.parts[0], PTS_NONE);
    assert_int_equal(e.parts[1], 100);
    e = rule_run(PROC_F, PROC_R, 200, V("0", "0"), V("", "1"));
    assert_int_equal(e.st, RULE_ERROR);
    assert_string_equal(e.why, "division by zero in 政府采购执行率");
    e = rule_run(PROC_F, PROC_R, 200, V("635.3", "635.3"), V("", ""));
    assert_int_equal(e.st, RULE_INCOMPLETE);
    assert_string_equal(e.why, "not marked: 政府采购政策功能落实");
}


static void test_finance(void **state)
{
    (void)state;
    assert_score(rule_run(FIN_F, FIN_R, 300, V("5281.87", "7,621.05"), V("1", "", "1", "否")), 200);
    assert_score(rule_run(FIN_F, FIN_R, 300, V("5281.87", "7,621.05"), V("1", "", "1", "")), 200);
    /* Within 10% nothing is deducted; at 15% half a point goes. */
    assert_score(rule_run(FIN_F, FIN_R, 300, V("1000", "1100"), V("1", "", "1", "否")), 300);
    assert_score(rule_run(FIN_F, FIN_R, 300, V("1000", "850"), V("1", "", "1", "否")), 250);
    /* A marked veto wins over everything, even missing input. */
    assert_score(rule_run(FIN_F, FIN_R, 300, V("5281.87", "7,621.05"), V("1", "", "1", "是")), 0);
    assert_score(rule_run(FIN_F, FIN_R, 300, V(NULL, NULL), V("", "", "", "yes")), 0);
    assert_score(rule_run(FIN_F, FIN_R, 300, V("0", "1"), V("1", "", "1", "1")), 0);
}

static void test_fixed_assets(void **state)
{
    (void)state;
    const char *f = "rate:percent:固定资产利用率";
    const char *r = "calc(固定资产利用率, 1, tiers(rate, 90%, 1, 75%, 0.7, 60%, 0.4, 0))";
    assert_score(rule_run(f, r, 100, V("100"), NULL), 100);
    assert_score(rule_run(f, r, 100, V("90"), NULL), 100);
    assert_score(rule_run(f, r, 100, V("80"), NULL), 70);
    assert_score(rule_run(f, r, 100, V("75"), NULL), 70);
    assert_score(rule_run(f, r, 100, V("74.99"), NULL), 40);
    assert_score(rule_run(f, r, 100, V("60%"), NULL), 40);
    assert_score(rule_run(f, r, 100, V("10"), NULL), 0);
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
    struct rule_ev e = rule_run(f, r, 600, V("3.49", "10.42", "54.44", "54.61"), NULL);
    assert_score(e, 500);
    assert_int_equal(e.parts[0], 300);
    assert_int_equal(e.parts[1], 200);
    assert_score(rule_run(f, r, 600, V("11", "10.42", "54.61", "54.61"), NULL), 200);
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
    struct rule_ev e = rule_run(f, r, 600, V("32.74", "63.93", "80.12", "99.8"), NULL);
    assert_score(e, 600);   /* exact 5.997, rounded once */
    pts_t shown[] = {100, 100, 100, 100, 200};
    for (int i = 0; i < 5; i++)
        assert_int_equal(e.parts[i], shown[i]);
    assert_score(rule_run(f, r, 600, V("20", "50", "75", "90"), NULL), 555);
}

static void test_counts(void **state)
{
    (void)state;
    const char *f = "done:count:按时完成项目数; planned:count:计划完成项目数";
    const char *r = "calc(项目完成及时性, 6, 6 * min(1, done / planned))";
    assert_score(rule_run(f, r, 600, V("24", "25"), NULL), 576);
    assert_score(rule_run(f, r, 600, V("30", "25"), NULL), 600);

    const char *kf = "undone:count:未完成重点工作数";
    const char *kr = "calc(重点工作完成情况, 8, 8 - 4 * undone)";
    assert_score(rule_run(kf, kr, 800, V("0"), NULL), 800);
    assert_score(rule_run(kf, kr, 800, V("1"), NULL), 400);
    assert_score(rule_run(kf, kr, 800, V("3"), NULL), 0);   /* -4 clamps to 0 */

    const char *xf = "extra:count:编外人员数; staff:count:在编人数";
    const char *xr = "calc(编外人员控制率, 1, if(extra / (staff + extra) < 5%, 1, "
                     "if(extra / (staff + extra) <= 10%, 0.5, 0)))";
    assert_score(rule_run(xf, xr, 100, V("2", "48"), NULL), 100);
    assert_score(rule_run(xf, xr, 100, V("5", "45"), NULL), 50);   /* exactly 10% */
    assert_score(rule_run(xf, xr, 100, V("6", "44"), NULL), 0);
    struct rule_ev e = rule_run(xf, xr, 100, V("0", "0"), NULL);
    assert_int_equal(e.st, RULE_ERROR);
    assert_contains(e.why, "division by zero");
}

static void test_satisfaction(void **state)
{
    (void)state;
    const char *f = "sat:percent:满意度";
    const char *r = "calc(满意度, 6, tiers(sat, 95%, 6, 90%, 4, 80%, 2, 1))";
    assert_score(rule_run(f, r, 600, V("99.91"), NULL), 600);
    assert_score(rule_run(f, r, 600, V("94.99"), NULL), 400);
    assert_score(rule_run(f, r, 600, V("80"), NULL), 200);
    assert_score(rule_run(f, r, 600, V("79.999999"), NULL), 100);
}


static void test_disclosure(void **state)
{
    (void)state;
    assert_score(rule_run("", DISC_R, 300, NULL, V("按规定公开", "公开但不符合要求")), 250);
    assert_score(rule_run("", DISC_R, 300, NULL, V("未公开", "涉密按规定不公开")), 150);
    assert_score(rule_run("", DISC_R, 300, NULL, V(" 按规定公开 ", "1")), 250);   /* unique value */
    struct rule_ev e = rule_run("", DISC_R, 300, NULL, V("未公开", ""));
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
    assert_score(rule_run("", r, 500, NULL, V("1", "1", "1", "1", "1")), 500);
    assert_score(rule_run("", r, 500, NULL, V("1", "是", "0.5", "否", "1")), 350);
    assert_score(rule_run("", r, 500, NULL, V("1", "1", "0.5", "1", "1")), 450);
    struct rule_ev e = rule_run("", r, 500, NULL, V("1", "1", "1", "", "1"));
    assert_int_equal(e.st, RULE_INCOMPLETE);
    assert_string_equal(e.why, "not marked: 分类准确无频繁调剂");
}

/* ---- rounding ---- */

static void test_rounding(void **state)
{
    (void)state;
    assert_score(rule_run("", "calc(a, 1, 1/200)", 100, NULL, NULL), 1);
    assert_score(rule_run("", "calc(a, 1, 1/300)", 100, NULL, NULL), 0);
    assert_score(rule_run("", "calc(a, 1, 0.00499999)", 100, NULL, NULL), 0);
    assert_score(rule_run("", "calc(a, 1, 0 - 5)", 100, NULL, NULL), 0);
    assert_score(rule_run("", "calc(a, 1, -1/200)", 100, NULL, NULL), 0);
    assert_score(rule_run("", "calc(a, 1, 7)", 100, NULL, NULL), 100);
    assert_score(rule_run("", "calc(a, 1, 2/3)", 100, NULL, NULL), 67);
    /* Two parts of 0.0025 each show as 0 but sum to 0.005: one rounding. */
    struct rule_ev e = rule_run("", "calc(a, 1, 1/400); calc(b, 1, 1/400)", 200, NULL, NULL);
    assert_score(e, 1);
    assert_int_equal(e.parts[0], 0);
    assert_int_equal(e.parts[1], 0);
}


int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_procurement),  cmocka_unit_test(test_finance),
        cmocka_unit_test(test_fixed_assets), cmocka_unit_test(test_public_expense),
        cmocka_unit_test(test_budget_execution), cmocka_unit_test(test_counts),
        cmocka_unit_test(test_satisfaction), cmocka_unit_test(test_disclosure),
        cmocka_unit_test(test_checklist),    cmocka_unit_test(test_rounding),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
