/* test_seed.c - the seed report as proof: the standard form, the Dapeng
 * 2021 draft, and the raw figures reproducing every formula score. */
#include "testutil.h"

#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "draftio.h"
#include "forms.h"

static void test_standard_shape(void **state)
{
    (void)state;
    struct form *f = test_std_form();
    int by_level[4] = {0};
    for (size_t i = 0; i < f->n; i++) {
        assert_in_range(f->nodes[i].level, 1, 3);
        by_level[f->nodes[i].level]++;
        if (f->nodes[i].level == 3) {
            assert_true(form_is_leaf(&f->nodes[i]));
            assert_true(f->nodes[i].description[0] != '\0');
            assert_true(f->nodes[i].criteria[0] != '\0');
        }
    }
    assert_int_equal(by_level[1], 3);
    assert_int_equal(by_level[2], 11);
    assert_int_equal(by_level[3], 21);
    assert_int_equal(f->total_points, 10000);
    assert_string_equal(f->name, "部门整体支出绩效评价自评指标评分表");
    assert_string_equal(form_grade(f, 9376), "优");
    assert_string_equal(form_grade(f, 8999), "良");
    assert_string_equal(form_grade(f, 6000), "中");
    assert_string_equal(form_grade(f, 5999), "差");
    form_free(f);
}

/* The appendix of the seed report: every third-level score. */
static const struct {
    const char *name;
    pts_t score;
} appendix[] = {
    {"预算编制合理性", 500}, {"预算编制规范性", 500}, {"绩效目标完整性", 800},
    {"绩效指标明确性", 500}, {"政府采购执行情况", 200}, {"财务合规性", 200},
    {"预决算信息公开", 300}, {"项目实施程序", 200}, {"项目监管", 200},
    {"资产管理安全性", 200}, {"固定资产利用率", 100}, {"财政供养人员控制率", 100},
    {"编外人员控制率", 100}, {"管理制度健全性", 300}, {"公用经费控制率", 500},
    {"预算执行率", 600}, {"重点工作完成情况", 800}, {"项目完成及时性", 576},
    {"社会效益、经济效益、生态效益及可持续影响等", 1800}, {"群众信访办理情况", 300},
    {"公众或服务对象满意度", 600},
};

static int find_by_name(const struct draft *d, const char *name)
{
    for (int i = draft_first(d); i >= 0; i = draft_next(d, i))
        if (!strcmp(draft_node(d, i)->fn->name, name))
            return i;
    fail_msg("no indicator named %s", name);
    return -1;
}

static struct draft *load_example(const struct form *f)
{
    char path[4096];
    struct diags d = {0};
    struct draft *dr = draftio_load(srcpath(path, sizeof path, "examples/dapeng-2021.csv"), f, &d);
    if (!dr) {
        char *msg = diags_join(&d);
        fail_msg("example: %s", msg);
    }
    diags_clear(&d);
    return dr;
}

static void test_example_scores(void **state)
{
    (void)state;
    struct form *f = test_std_form();
    struct draft *dr = load_example(f);
    assert_int_equal(draft_total(dr), 9376);
    assert_string_equal(draft_grade(dr), "优");
    assert_int_equal(draft_scored(dr), 21);
    assert_int_equal(draft_leaves(dr), 21);
    assert_int_equal(draft_node(dr, draft_find(dr, "1"))->score, 2300);
    assert_int_equal(draft_node(dr, draft_find(dr, "2"))->score, 1900);
    assert_int_equal(draft_node(dr, draft_find(dr, "3"))->score, 5176);
    for (size_t k = 0; k < sizeof appendix / sizeof appendix[0]; k++) {
        const struct dnode *nd = draft_node(dr, find_by_name(dr, appendix[k].name));
        if (nd->score != appendix[k].score)
            fail_msg("%s: %lld, appendix %lld (%s)", appendix[k].name, (long long)nd->score,
                     (long long)appendix[k].score, nd->why);
    }
    /* every deduction in the example carries its reason */
    size_t total;
    struct problem p[8];
    draft_problems(dr, p, 8, &total);
    if (total)
        fail_msg("example has problems: %s", p[0].msg);
    draft_free(dr);
    form_free(f);
}

static void set_fig(struct draft *dr, const char *name, const char *fig, const char *v)
{
    char why[256];
    const struct dnode *nd = draft_node(dr, find_by_name(dr, name));
    if (draft_set_figure(dr, nd->fn->id, fig, v, why, sizeof why) < 0)
        fail_msg("%s %s=%s: %s", name, fig, v, why);
}

static void set_mark(struct draft *dr, const char *name, const char *part, const char *v)
{
    char why[256];
    const struct dnode *nd = draft_node(dr, find_by_name(dr, name));
    if (draft_set_mark(dr, nd->fn->id, part, v, why, sizeof why) < 0)
        fail_msg("%s %s=%s: %s", name, part, v, why);
}

static pts_t score_of(struct draft *dr, const char *name)
{
    const struct dnode *nd = draft_node(dr, find_by_name(dr, name));
    return nd->score;
}

/* Enter the report's raw figures into an empty draft; each formula
 * indicator must give the appendix score. */
static void test_raw_figures(void **state)
{
    (void)state;
    struct form *f = test_std_form();
    struct draft *dr = draft_new(f);
    assert_non_null(dr);
    assert_int_equal(draft_scored(dr), 0);

    set_fig(dr, "政府采购执行情况", "planned", "635.3");
    set_fig(dr, "政府采购执行情况", "actual", "635.3");
    assert_int_equal(score_of(dr, "政府采购执行情况"), PTS_NONE);   /* check not marked */
    set_mark(dr, "政府采购执行情况", "政府采购政策功能落实", "1");
    assert_int_equal(score_of(dr, "政府采购执行情况"), 200);

    set_fig(dr, "财务合规性", "budget", "5,281.87");
    set_fig(dr, "财务合规性", "adjusted", "7621.05");
    set_mark(dr, "财务合规性", "资金支出规范性", "1");
    set_mark(dr, "财务合规性", "会计核算规范性", "1");
    assert_int_equal(score_of(dr, "财务合规性"), 200);

    set_fig(dr, "固定资产利用率", "rate", "100");
    assert_int_equal(score_of(dr, "固定资产利用率"), 100);

    set_fig(dr, "财政供养人员控制率", "staff", "22");
    set_fig(dr, "财政供养人员控制率", "posts", "24");
    assert_int_equal(score_of(dr, "财政供养人员控制率"), 100);

    set_fig(dr, "公用经费控制率", "sg_actual", "3.49");
    set_fig(dr, "公用经费控制率", "sg_budget", "10.42");
    set_fig(dr, "公用经费控制率", "daily_actual", "54.44");
    set_fig(dr, "公用经费控制率", "daily_budget", "54.61");
    assert_int_equal(score_of(dr, "公用经费控制率"), 500);

    set_fig(dr, "预算执行率", "q1", "32.74");
    set_fig(dr, "预算执行率", "q2", "63.93");
    set_fig(dr, "预算执行率", "q3", "80.12");
    set_fig(dr, "预算执行率", "q4", "99.8%");
    assert_int_equal(score_of(dr, "预算执行率"), 600);

    set_fig(dr, "项目完成及时性", "done", "24");
    set_fig(dr, "项目完成及时性", "planned", "25");
    assert_int_equal(score_of(dr, "项目完成及时性"), 576);

    set_fig(dr, "公众或服务对象满意度", "sat", "99.91");
    assert_int_equal(score_of(dr, "公众或服务对象满意度"), 600);

    /* the subtotal of 效率性 so far is exactly the parts shown */
    const struct dnode *eff = draft_node(dr, draft_find(dr, "3.2"));
    assert_int_equal(eff->score, 600 + 576);
    draft_free(dr);
    form_free(f);
}

/* load -> save -> load -> save is byte-identical */
static void test_roundtrip(void **state)
{
    (void)state;
    struct form *f = test_std_form();
    struct draft *a = load_example(f);
    char *b1, *b2;
    size_t n1, n2;
    assert_int_equal(draftio_write_buffer(a, true, &b1, &n1), 0);
    struct diags d = {0};
    struct draft *b = draftio_load_buffer("mem", b1, n1, f, &d);
    assert_non_null(b);
    assert_int_equal(d.errors, 0);
    assert_int_equal(draftio_write_buffer(b, true, &b2, &n2), 0);
    assert_int_equal(n1, n2);
    assert_memory_equal(b1, b2, n1);
    assert_int_equal(draft_total(b), 9376);
    /* BOM and CRLF as promised */
    assert_memory_equal(b1, "\xEF\xBB\xBF" "id,", 6);
    assert_non_null(strstr(b1, "\r\n"));
    assert_non_null(strstr(b1, "total,,总分,100,93.76,优"));
    diags_clear(&d);
    free(b1);
    free(b2);
    draft_free(a);
    draft_free(b);
    form_free(f);
}

int main(void)
{
    setlocale(LC_ALL, "C.UTF-8");
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_standard_shape),
        cmocka_unit_test(test_example_scores),
        cmocka_unit_test(test_raw_figures),
        cmocka_unit_test(test_roundtrip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
