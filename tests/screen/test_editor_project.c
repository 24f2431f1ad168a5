/* test_editor_project.c - a project table (项目支出绩效自评表) in the editor,
 * through a pseudo-terminal as test_screen.c: the score follows the actual
 * value as it is typed, adding an indicator asks its target and points,
 * X leaves an indicator out and the total is rescaled, in English and in
 * Chinese, at 80x24 and 100x30.
 */
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "draft.h"
#include "draftio.h"
#include "forms.h"
#include "screen_util.h"

/* The fixture's draft becomes a copy of the school table. */
static void use_school(struct fx *fx)
{
    char from[512];
    snprintf(from, sizeof from, SRCDIR "/tests/data/project/school-2019.csv");
    copy_file(from, fx->path);
}

/* The actual value typed: the score and the total follow before Enter,
 * and the draft saved keeps it. */
static void test_actual_typed_live(void **state)
{
    struct fx *fx = *state;
    use_school(fx);
    struct vt *t = fx->t = start(24, 80, fx->path, NULL, NULL);
    must_wait_row(t, status_row(t), "Total 98.60");
    vt_send(t, "/维修改造\r");
    must_see(t, "2.1.2 维修改造校舍面积");
    /* its fields: 年度指标值, then 实际完成值 */
    vt_send(t, "\t\t\r\x15" "600平方米");
    must_row(t, status_row(t), "Total 88.60");   /* 600 / 1200 x 20 = 10, live */
    vt_send(t, "\r");
    must_row(t, status_row(t), "Total 88.60");
    must_see(t, "10.00/20");
    /* below its points: the reason is asked for */
    vt_send(t, "\x1bp");
    must_see(t, "10 of 20 points, but no reason");
    vt_send(t, "q\x13");
    must_row(t, msg_row(t), "Saved");
    struct diags dg = {0};
    struct form *f = form_load_builtin("project", &dg);
    struct draft *d = f ? draftio_load(fx->path, f, &dg) : NULL;
    if (!d)
        fail_msg("cannot load %s", fx->path);
    int i = draft_find(d, "2.1.2");
    assert_string_equal(draft_actual(d, i), "600平方米");
    assert_int_equal(draft_node(d, i)->score, 1000);
    draft_free(d);
    form_free(f);
    diags_clear(&dg);
    vt_send(t, "q");
    vt_wait_exit(t, WAIT_MS);
}

/* a under 数量指标 asks the name, the 年度指标值 and the points; the new
 * indicator is scored as its actual value is typed; 产出指标 now has 55 of
 * its 50 points distributed, which the problems list says. */
static void test_add_indicator(void **state)
{
    struct fx *fx = *state;
    use_school(fx);
    struct vt *t = fx->t = start(30, 100, fx->path, NULL, NULL);
    must_wait_row(t, status_row(t), "Total 98.60");
    vt_send(t, "/维修改造\r");
    must_see(t, "2.1.2 维修改造校舍面积");
    vt_send(t, "a");
    must_row(t, msg_row(t), "Name of the new indicator under 数量指标");
    vt_send(t, "培训教师人次\r");
    must_row(t, msg_row(t), "年度指标值 of 培训教师人次");
    vt_send(t, "≥100 人次\r");
    must_row(t, msg_row(t), "Points of 培训教师人次");
    vt_send(t, "5\r");
    must_row(t, msg_row(t), "Added 2.1.3 培训教师人次");
    must_see(t, "年度指标值 ≥100 人次: at least");
    /* the actual value: 80 of 100 gives 4 of 5 */
    vt_send(t, "\t\t\r\x15" "80 人次\r");
    must_row(t, status_row(t), "Total 102.60");
    must_see(t, "4.00/5");
    must_not_see(t, "Score (0 to 5)");   /* the target gives it: nothing to type */
    vt_send(t, "\x1bp");
    must_see(t, "2 产出指标: its indicators add up to 55 points, not 50");
    vt_send(t, "q");
    /* undo twice: the actual value, then the target */
    vt_send(t, "uu");
    must_row(t, status_row(t), "Total 98.60");
    vt_send(t, "q");
    must_row(t, msg_row(t), "Save changes before quitting?");
    vt_send(t, "n");
    vt_wait_exit(t, WAIT_MS);
}

/* X: 不适用, in Chinese. The status line gives the rescaling. */
static void test_not_applicable_zh(void **state)
{
    struct fx *fx = *state;
    use_school(fx);
    struct vt *t = fx->t = start_zh(24, 80, fx->path, NULL, NULL);
    must_wait_row(t, status_row(t), "总分 98.60");
    vt_send(t, "/师生满意度\r");
    must_see(t, "4.1.2 师生满意度");
    vt_send(t, "X");
    must_row(t, status_row(t), "总分 98.44（折算 88.60/90）  优");
    must_see(t, "不适用/10");
    must_row(t, msg_row(t), "不适用");
    vt_send(t, "X");
    must_row(t, status_row(t), "总分 98.60  优");
    must_not_see(t, "折算");
    vt_send(t, "q");
    must_row(t, msg_row(t), "退出前保存");
    vt_send(t, "n");
    vt_wait_exit(t, WAIT_MS);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_actual_typed_live, setup, teardown),
        cmocka_unit_test_setup_teardown(test_add_indicator, setup, teardown),
        cmocka_unit_test_setup_teardown(test_not_applicable_zh, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
