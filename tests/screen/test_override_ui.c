/* test_override_ui.c - a score typed over a formula (改分) in the editor:
 * in Chinese, in review mode, a shared figure, and the seed's table filled
 * from a blank draft with one override and the drafted reasons, through a
 * pseudo-terminal like test_screen.c. */
#include <locale.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "draftio.h"
#include "explain.h"
#include "num.h"
#include "screen_util.h"

/* ---- a score typed over the formula (override) ---- */

static bool zh_available(void)
{
    bool ok = setlocale(LC_ALL, "zh_CN.UTF-8") != NULL;
    setlocale(LC_ALL, "C.UTF-8");
    return ok;
}

/* In Chinese at 80x24: o on 3.2.3 (its formula gives 5.76) asks for the
 * score, then for the reason, again while the reason is blank; the tree
 * marks the score ~, the detail pane gives the reason, the total follows;
 * O goes back to the formula, u undoes that, and the saved draft keeps
 * the reason in its override column. */
static void test_override_zh(void **state)
{
    struct fx *fx = *state;
    if (!zh_available()) {
        print_message("# skip: no zh_CN.UTF-8 locale on this system\n");
        skip();
    }
    char *argv[] = {(char *)screen_bin(), fx->path, NULL};
    char *env[] = {"LC_ALL=zh_CN.UTF-8", "LANGUAGE=zh_CN", NULL};
    fx->t = vt_spawn(24, 80, argv, env);
    struct vt *t = fx->t;
    assert_non_null(t);
    must_wait_row(t, status_row(t), "总分 93.76");
    vt_send(t, "/项目完成及时性\r");
    must_see(t, "3.2.3 项目完成及时性");
    must_see(t, "5.76/6");
    vt_send(t, "o");
    must_row(t, msg_row(t), "项目完成及时性 的改分（0 至 6）：");
    vt_send(t, "6\r");
    must_row(t, msg_row(t), "改为 6 分的理由：");
    vt_send(t, "\r");                       /* blank: asked again */
    must_row(t, msg_row(t), "改为 6 分的理由（必填）：");
    must_row(t, status_row(t), "总分 93.76");
    vt_send(t, "表中按四舍五入\r");
    must_see(t, "~6.00/6");
    must_row(t, status_row(t), "总分 94.00");
    vt_send(t, "\t\x06\x06");              /* the detail pane, scrolled to its end */
    must_see(t, "~ 改分，不按公式");
    must_see(t, "表中按四舍五入");
    vt_key(t, VT_ESC);
    /* back to the formula, and the undo of that */
    vt_send(t, "O");
    must_row(t, msg_row(t), "3.2.3：已恢复按公式计分。");
    must_see(t, "5.76/6");
    must_not_see(t, "~6.00/6");
    must_row(t, status_row(t), "总分 93.76");
    vt_send(t, "u");
    must_see(t, "~6.00/6");
    must_row(t, status_row(t), "总分 94.00");
    vt_send(t, "\x13");
    must_not_see(t, "[+]");
    struct form *f = std_form();
    struct draft *d = load_draft(fx->path, f);
    int i = draft_find(d, "3.2.3");
    assert_true(draft_node(d, i)->overridden);
    assert_int_equal(draft_node(d, i)->score, 600);
    assert_string_equal(draft_override_reason(d, i), "表中按四舍五入");
    draft_free(d);
    form_free(f);
}

/* The review screen shows the assessor's typed score marked ~ too; o is
 * the assessor's and is refused there. */
static void test_override_review(void **state)
{
    struct fx *fx = *state;
    struct form *f = std_form();
    struct draft *d = load_draft(fx->path, f);
    char why[256] = "";
    assert_int_equal(draft_set_override(d, "2.4.2", "1", "报告未列出编外人员数", why, sizeof why), 0);
    assert_int_equal(draftio_save(d, fx->path, why, sizeof why), 0);
    draft_free(d);
    form_free(f);
    fx->t = start(24, 80, "--review", fx->path, NULL);
    struct vt *t = fx->t;
    must_wait_row(t, status_row(t), "Self 93.76 优 | Review 93.76 优");
    vt_send(t, "/编外人员\r");
    must_see(t, "2.4.2 编外人员控制率");
    must_see(t, "~1.00/1");
    vt_send(t, "\t\x02");   /* the reason is above the review fields */
    must_see(t, "报告未列出编外人员数");
    vt_key(t, VT_ESC);
    vt_send(t, "o");
    must_row(t, msg_row(t), "Review mode");
}

/* A shared figure (staff, #shared in the standard form) typed in 2.4.1 is
 * the one 2.4.2 shows and uses; undo takes it back in both. */
static void test_shared_figure(void **state)
{
    struct fx *fx = *state;
    struct vt *t = open_example(fx, 24, 80);
    vt_send(t, "/财政供养\r");
    must_see(t, "2.4.1 财政供养人员控制率");
    vt_send(t, "\t");
    must_see(t, "(shared: one");
    vt_send(t, "\r\x15" "25\r");
    must_row(t, status_row(t), "Total 92.76");     /* 25 of 24 posts: 0 */
    vt_key(t, VT_ESC);
    vt_send(t, "/编外人员\r");
    must_see(t, "2.4.2 编外人员控制率");
    must_see(t, "│   25");
    must_not_see(t, "│   22");
    vt_send(t, "u");
    must_row(t, status_row(t), "Total 93.76");
    must_see(t, "│   22");
}

/* ---- issue 15, done when: the seed filled from a blank draft ---- */

/* Every indicator typed from the report's facts into a blank draft at
 * 80x24; 2.4.2, whose figures the report does not give, by an override
 * with its reason (staff, shared, comes from 2.4.1 by itself); every
 * deduction a formula makes explained by the reason jixiao drafts,
 * accepted with R; the others' reasons typed from the report. The total
 * is the seed's 93.76 优 with no problem, and the saved draft says why
 * 2.4.2 scores 1 and keeps each accepted reason. */
static void test_seed_by_override(void **state)
{
    struct fx *fx = *state;
    char path[600], ex[512];
    snprintf(path, sizeof path, "%s/new.csv", fx->dir);
    example_path(ex, sizeof ex);
    struct form *f = std_form();
    struct draft *src = load_draft(ex, f);
    fx->t = start(24, 80, path, NULL, NULL);
    struct vt *t = fx->t;
    must_wait(t, "Scored 0/21");
    vt_send(t, "g");
    int scored = 0;
    struct drafted {
        int node;
        char *text;
    } drafted[8];
    size_t nreasons = 0;
    for (int i = draft_first(src); i >= 0; i = draft_next(src, i)) {
        const struct dnode *n = draft_node(src, i);
        if (dnode_is_leaf(n) && !strcmp(n->fn->id, "2.4.2")) {
            must_see(t, "2.4.2 编外人员控制率");
            vt_send(t, "o");
            must_row(t, msg_row(t), "Override 编外人员控制率 (0 to 1):");
            vt_send(t, "1\r报告未列出劳务派遣及编外人员数\r");
            must_see(t, "~1.00/1");
            vt_send(t, "\tG");
            type_text(t, n->note);
            vt_send(t, "h");
        } else if (dnode_is_leaf(n)) {
            char *draft = explain_leaf_reason(src, i);
            assert_non_null(draft);
            bool accept = draft[0] != '\0';
            if (accept && nreasons < 8)
                drafted[nreasons++] = (struct drafted){i, draft};
            else
                free(draft);
            enter_leaf(t, n, accept);
        }
        if (dnode_is_leaf(n)) {
            char want[64];
            snprintf(want, sizeof want, "Scored %d/21", ++scored);
            must_row(t, status_row(t), want);
        }
        vt_send(t, "j");
    }
    must_row(t, status_row(t), "Total 93.76  优");
    must_not_see(t, "Problems:");
    vt_send(t, "\x13");
    must_row(t, msg_row(t), "Saved");
    vt_send(t, "q");
    assert_int_equal(vt_wait_exit(t, WAIT_MS), 0);
    struct draft *d = load_draft(path, f);
    assert_int_equal(draft_total(d), 9376);
    size_t problems;
    draft_problems(d, NULL, 0, &problems);
    assert_int_equal(problems, 0);
    assert_int_equal(draft_overrides(d), 1);
    int i = draft_find(d, "2.4.2");
    assert_string_equal(draft_override_reason(d, i), "报告未列出劳务派遣及编外人员数");
    assert_false(draft_node(d, i)->figs[0].set);      /* extra: not in the report */
    assert_true(draft_node(d, i)->figs[1].set);       /* staff: shared with 2.4.1 */
    /* every formula deduction explained by its drafted reason, accepted */
    assert_true(nreasons >= 3);
    for (size_t k = 0; k < nreasons; k++) {
        const struct dnode *n = draft_node(d, drafted[k].node);
        if (strcmp(n->note, drafted[k].text))
            fail_msg("%s: note \"%s\", drafted \"%s\"", n->fn->id, n->note, drafted[k].text);
        free(drafted[k].text);
    }
    draft_free(d);
    draft_free(src);
    form_free(f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_override_zh, setup, teardown),
        cmocka_unit_test_setup_teardown(test_override_review, setup, teardown),
        cmocka_unit_test_setup_teardown(test_shared_figure, setup, teardown),
        cmocka_unit_test_setup_teardown(test_seed_by_override, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
