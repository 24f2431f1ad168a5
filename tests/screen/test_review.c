/* test_review.c - the editor's review mode (--review), problems view,
 * evidence, the unit's own indicators and monochrome terminals, driven
 * through a pseudo-terminal like test_screen.c. */
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

static void test_custom_indicator(void **state)
{
    struct fx *fx = *state;
    struct vt *t = open_example(fx, 24, 80);
    goto_effect(t);
    /* The first one replaces the scored placeholder: asked first, and no
     * leaves it as it was. */
    vt_send(t, "a");
    must_row(t, msg_row(t), "its score 18 is left out");
    vt_send(t, "n");
    must_not_see(t, "Name of the new indicator");
    must_row(t, status_row(t), "Scored 21/21");
    vt_send(t, "a");
    must_row(t, msg_row(t), "its score 18 is left out");
    vt_send(t, "y");
    must_row(t, msg_row(t), "Name of the new indicator");
    vt_send(t, "社会效益指标\r");
    must_row(t, msg_row(t), "指标说明 of 社会效益指标");
    vt_send(t, "群众办事满意率\r");
    must_row(t, msg_row(t), "Points of");
    vt_send(t, "10\r");
    must_see(t, "社会效益指标");
    must_see(t, "群众办事满意率");            /* its 指标说明, in the detail pane */
    /* The unit's own indicator replaces the placeholder 3.3.1: it is not
     * scored yet, and 10 points under 效果性 (20) do not add up. */
    must_row(t, status_row(t), "Scored 20/21");
    must_row(t, status_row(t), "Problems: 1");
    vt_send(t, "h");
    must_see(t, "3.3 效果性");
    must_see(t, "its indicators add up to");
    /* Name and points stay editable after adding, each one undo step. */
    vt_send(t, "jj\t");                     /* past the replaced 3.3.1 */
    vt_send(t, "jj");                       /* score, note, then the name */
    must_see(t, "Name of the custom indicator");
    vt_send(t, "\r\x15" "群众满意度\r");
    must_see(t, "群众满意度");
    must_not_see(t, "社会效益指标");
    vt_send(t, "\r\x15" "20\r");
    must_see(t, "/20");
    must_not_see(t, "Problems:");                 /* 20 of 20: the points add up */
    must_row(t, status_row(t), "Scored 20/21");
    vt_send(t, "u");
    must_row(t, status_row(t), "Problems: 1");
    must_see(t, "群众满意度");
    vt_send(t, "u");
    must_see(t, "社会效益指标");
    vt_send(t, "\x12");
    must_see(t, "群众满意度");
    /* One undo per step: the old "uu" here undid the add as well, and
     * passed only by seeing the screen between the two keys. */
    vt_send(t, "u");
    must_see(t, "社会效益指标");
    vt_send(t, "u");
    must_row(t, status_row(t), "Scored 21/21");
    must_row(t, status_row(t), "Total 93.76");
    must_not_see(t, "[+]");                       /* back at the saved file */
}

static bool wait_reverse(struct vt *t, int row, int col, bool want)
{
    for (int i = 0; i < WAIT_MS / 20; i++) {
        if (vt_reverse(t, row, col) == want)
            return true;
        vt_pump(t, 20);
    }
    return false;
}

/* A terminal without colour (vt100) and NO_COLOR: bold and reverse only,
 * the selection still visible, the same numbers on screen. */
static void test_monochrome(void **state)
{
    struct fx *fx = *state;
    char *argv[] = {(char *)screen_bin(), fx->path, NULL};
    char *env[] = {"TERM=vt100", "NO_COLOR=1", NULL};
    fx->t = vt_spawn(24, 80, argv, env);
    struct vt *t = fx->t;
    assert_non_null(t);
    must_wait_row(t, status_row(t), "Total 93.76");
    int row = vt_find_row(t, "部门决策");
    assert_true(row > 0);
    assert_true(wait_reverse(t, row, 4, true));   /* the selected first row */
    vt_send(t, "j");
    must_see(t, "1.1 预算编制");   /* synced: the whole frame is drawn */
    assert_true(vt_reverse(t, row + 1, 4));
    assert_false(vt_reverse(t, row, 4));
}

/* ---- review (--review), problems view, evidence ---- */

static void test_review(void **state)
{
    struct fx *fx = *state;
    fx->t = start(24, 80, "--review", fx->path, NULL);
    struct vt *t = fx->t;
    must_wait_row(t, status_row(t), "Self 93.76 优 | Review 93.76 优");
    must_wait_row(t, 0, "[review]");
    /* ? starts with the reviewer's own keys */
    vt_send(t, "?");
    must_row(t, 2, "Reviewing (--review)");
    must_see(t, "Verdict 有疑问");
    vt_key(t, VT_ESC);
    must_row(t, 0, "[review]");
    goto_effect(t);
    /* Tab lands on the review score; the self-assessed score above it
     * cannot be changed. */
    vt_send(t, "\t");
    must_see(t, "Review score (0 to 20)");
    vt_send(t, "kk\r");
    must_row(t, msg_row(t), "Review mode");
    vt_send(t, "5");
    must_row(t, status_row(t), "Self 93.76");
    vt_send(t, "m");
    vt_send(t, "\r");
    must_row(t, msg_row(t), "Review mode");
    vt_key(t, VT_ESC);
    vt_send(t, "g");
    must_see(t, "1 部门决策");
    goto_effect(t);
    vt_send(t, "\t");
    must_see(t, "Review score (0 to 20)");
    /* The 复核 total follows the typed review score, key by key. */
    vt_send(t, "\r\x15" "1");
    must_row(t, status_row(t), "Review 76.76 中");
    must_row(t, status_row(t), "Self 93.76 优");
    vt_send(t, "6");
    must_row(t, status_row(t), "Review 91.76 优");
    vt_send(t, "\r");
    must_row(t, status_row(t), "Reviewed 1/21");
    must_row(t, 0, "[+]");
    /* Undo back to the saved state clears the modified mark; redo sets it. */
    vt_send(t, "u");
    must_row(t, status_row(t), "Review 93.76");
    must_not_see(t, "[+]");
    vt_send(t, "\x12");
    must_row(t, status_row(t), "Review 91.76");
    must_row(t, 0, "[+]");
    /* Enter moved on to the status picker: 1 通过, 2 有疑问, 3 退回修改. */
    must_see(t, "有疑问");
    vt_send(t, "\r2\r");
    must_row(t, status_row(t), "Problems: 1");
    /* A comment over two lines (Ctrl-J breaks the line). */
    vt_send(t, "\r\x15" "依据不足\n附件缺页\r");
    must_see(t, "附件缺页");
    /* The tree shows the verdict and the review score. */
    vt_send(t, "h");
    must_sync(t);
    int row = vt_find_row(t, "社会效益");
    assert_true(row > 0);
    char buf[1024];
    vt_row(t, row, buf, sizeof buf);
    assert_non_null(strstr(buf, "16.00/20"));
    assert_true(buf[1] == '?');
    vt_send(t, "\x13");
    must_row(t, msg_row(t), "Saved");
    vt_send(t, "q");
    assert_int_equal(vt_wait_exit(t, WAIT_MS), 0);

    /* Both scores, the status and the comment are in the CSV. */
    struct form *f = std_form();
    struct draft *d = load_draft(fx->path, f);
    int i = draft_find(d, "3.3.1");
    assert_true(i >= 0);
    const struct dnode *n = draft_node(d, i);
    assert_int_equal(n->score, 1800);
    assert_int_equal(n->review_score, 1600);
    assert_int_equal(n->review_status, REVIEW_QUERY);
    assert_string_equal(n->review_comment, "依据不足\n附件缺页");
    assert_int_equal(draft_total(d), 9376);
    assert_int_equal(draft_review_total(d), 9176);
    draft_free(d);
    form_free(f);

    /* Opened again for editing: the 复核 is shown, not editable. */
    t = fx->t = (vt_free(t), start(24, 80, fx->path, NULL, NULL));
    must_wait_row(t, status_row(t), "Total 93.76");
    must_wait_row(t, status_row(t), "Problems: 1");
    goto_effect(t);
    must_see(t, "reviewer says 有疑问");
    /* the assessor sees the 复核 total and, in the tree, what the reviewer
     * questioned */
    must_row(t, status_row(t), "Review 91.76 优");
    row = vt_find_row(t, "社会效益、经济效益 ~");   /* the tree's row, clipped */
    assert_true(row > 0);
    vt_row(t, row, buf, sizeof buf);
    assert_non_null(strstr(buf, "18.00/20"));   /* the assessor's own score */
    assert_true(buf[1] == '?');
    vt_send(t, "q");
    assert_int_equal(vt_wait_exit(t, WAIT_MS), 0);

    /* A verdict alone (通过, the self-assessed score kept) is a review. */
    t = fx->t = (vt_free(t), start(24, 80, "--review", fx->path, NULL));
    must_wait_row(t, status_row(t), "Reviewed 1/21");
    vt_send(t, "/固定资产\r\tj\r1\r");
    must_row(t, status_row(t), "Reviewed 2/21");
    must_row(t, status_row(t), "Review 91.76 优");
}

static void test_problems_view(void **state)
{
    struct fx *fx = *state;
    struct vt *t = open_example(fx, 24, 80);
    /* Clear the reason of 3.3.1's deduction: a problem. */
    goto_effect(t);
    vt_send(t, "\tjx");
    must_row(t, status_row(t), "Problems: 1");
    vt_send(t, "hg");
    must_see(t, "1 部门决策");
    vt_send(t, "p");
    must_row(t, 0, "Problems: 1");
    must_row(t, 1, "! 3.3.1 社会效益、经济效益、生态效益及可持续影响等: 18 of 20 points");
    vt_send(t, "\r");
    must_see(t, "Note (reason for deductions)");   /* the field to fix */
    must_row(t, status_row(t), "Total 93.76");
    /* ] stops at the same indicators as the list, and lands on the same
     * field whether it was pressed in the tree or in the detail pane:
     * typed text goes into the missing reason. */
    vt_key(t, VT_ESC);
    vt_send(t, "g");
    must_not_see(t, "! 3.3.1");
    vt_send(t, "]");
    must_see(t, "社会效益、经济效益 ~  18.00/20");
    vt_send(t, "因为\r");
    must_not_see(t, "Problems: 1");
    vt_send(t, "u");
    must_row(t, status_row(t), "Problems: 1");
    vt_key(t, VT_ESC);
    vt_send(t, "g\t");                   /* now from 1.1.1's first field */
    vt_send(t, "[");
    must_see(t, "社会效益、经济效益 ~  18.00/20");
    vt_send(t, "所以\r");
    must_not_see(t, "Problems: 1");
    vt_send(t, "u");
    must_row(t, status_row(t), "Problems: 1");
    vt_key(t, VT_ESC);
    /* A new indicator: unscored, and the points no longer add up. */
    vt_send(t, "ay新指标\r\r5\r");
    must_see(t, "新指标");
    vt_send(t, "p");
    /* (3.3.1 is replaced by the unit's own indicator: its problem went.) */
    must_row(t, 0, "Problems: 2");
    must_see(t, "3.3.2 新指标: not scored yet");
    must_see(t, "its indicators add up to");
    vt_send(t, "q");
    must_row(t, status_row(t), "Total");
}

static void test_evidence(void **state)
{
    struct fx *fx = *state;
    char file[600];
    snprintf(file, sizeof file, "%s/社会效益报告.txt", fx->dir);
    put_text(file, "第一版\n");
    struct vt *t = open_example(fx, 24, 80);
    goto_effect(t);
    vt_send(t, "e");
    must_row(t, msg_row(t), "Evidence file for 3.3.1");
    vt_send(t, file);
    vt_send(t, "\r");
    must_row(t, msg_row(t), "Page");
    vt_send(t, "12\r");
    must_row(t, msg_row(t), "Attached 社会效益报告.txt");   /* relative */
    /* The detail pane lists it, below the fields: scroll there. */
    vt_send(t, "\t");
    vt_key(t, VT_PGDN);
    vt_key(t, VT_PGDN);
    must_see(t, "1. 社会效益报告.txt, page 12:");
    must_see(t, "unchanged");
    put_text(file, "第二版，改过了\n");
    /* On a number field letters are typing, not commands: Esc first */
    vt_send(t, "c");
    must_row(t, msg_row(t), "takes digits only");
    must_not_see(t, "CHANGED");
    vt_key(t, VT_ESC);
    vt_send(t, "c");
    must_row(t, msg_row(t), "missing or changed");
    must_see(t, "CHANGED");
    vt_send(t, "\x13");
    must_row(t, msg_row(t), "Saved");
    vt_send(t, "q");
    assert_int_equal(vt_wait_exit(t, WAIT_MS), 0);
    struct form *f = std_form();
    struct draft *d = load_draft(fx->path, f);
    const struct dnode *n = draft_node(d, draft_find(d, "3.3.1"));
    assert_true(strncmp(n->evidence, "社会效益报告.txt|12|", strlen("社会效益报告.txt|12|")) == 0);
    draft_free(d);
    form_free(f);

    /* Removed again, and undone. */
    t = fx->t = (vt_free(t), start(24, 80, fx->path, NULL, NULL));
    must_wait_row(t, status_row(t), "Total 93.76");
    goto_effect(t);
    vt_send(t, "E");
    must_row(t, msg_row(t), "Remove the evidence file");
    vt_send(t, "y");
    must_row(t, msg_row(t), "Evidence removed");
    vt_send(t, "\t");
    vt_key(t, VT_PGDN);
    vt_key(t, VT_PGDN);
    must_see(t, "none (e attaches a file)");
    vt_send(t, "u");
    must_row(t, msg_row(t), "Undone");
    must_not_see(t, "none (e attaches a file)");
}

/* The same in Chinese, when the system has a zh_CN locale. */
static void test_review_zh(void **state)
{
    struct fx *fx = *state;
    struct vt *t = fx->t = start_zh(24, 80, "--review", fx->path, NULL);
    must_wait_row(t, status_row(t), "自评 93.76 优 | 复核 93.76 优");
    must_wait_row(t, 0, "[复核]");
    goto_effect(t);
    vt_send(t, "\t");
    must_see(t, "复核得分（0 到 20）");
    vt_send(t, "\r\x15" "16\r");
    must_row(t, status_row(t), "自评 93.76 优 | 复核 91.76 优");
    must_row(t, status_row(t), "已复核 1/21");
    vt_send(t, "kkk\r");
    must_row(t, msg_row(t), "复核模式");
}

/* q on the too-small screen still asks about unsaved changes. */
static void test_small_quit_asks(void **state)
{
    struct fx *fx = *state;
    struct vt *t = open_example(fx, 24, 80);
    goto_effect(t);
    vt_send(t, "\t\r\x15" "20\r");
    must_row(t, 0, "[+]");
    vt_resize(t, 10, 50);
    must_wait(t, "Terminal too small");
    vt_send(t, "q");
    must_see(t, "Save changes");
    vt_key(t, VT_ESC);
    must_not_see(t, "Save changes");
    vt_send(t, "q");
    must_see(t, "Save changes");
    vt_send(t, "n");
    assert_int_equal(vt_wait_exit(t, WAIT_MS), 0);
}

/* A value still being typed when the window shrinks is not lost by q: it
 * is committed, and quitting asks about it like any unsaved change. */
static void test_small_quit_keeps_typing(void **state)
{
    struct fx *fx = *state;
    struct vt *t = open_example(fx, 24, 80);
    goto_effect(t);
    vt_send(t, "\t\r\x15" "19");
    must_row(t, status_row(t), "Total 94.76");   /* the preview */
    vt_resize(t, 10, 50);
    must_wait(t, "Terminal too small");
    vt_send(t, "q");
    must_see(t, "Save changes");
    vt_send(t, "y");
    assert_int_equal(vt_wait_exit(t, WAIT_MS), 0);
    struct form *f = std_form();
    struct draft *d = load_draft(fx->path, f);
    assert_int_equal(draft_total(d), 9476);
    draft_free(d);
    form_free(f);
}

/* Names, units and notes from a file never reach the terminal as control
 * sequences: an OSC title, a clear-screen and a bidi override in the unit
 * and a note are drawn as U+FFFD placeholders, the rest as text. */
static void test_terminal_injection(void **state)
{
    struct fx *fx = *state;
    struct form *f = std_form();
    struct draft *d = load_draft(fx->path, f);
    char why[256];
    assert_int_equal(draft_set_meta(d, META_UNIT, "\x1b]0;owned\x07红色\x1b[2J单位", why,
                                    sizeof why), 0);
    assert_int_equal(draft_set_note(d, "3.3.1", "\xe2\x80\xae反向\x1b[31m注释", why,
                                    sizeof why), 0);
    assert_int_equal(draftio_save(d, fx->path, why, sizeof why), 0);
    draft_free(d);
    form_free(f);
    struct vt *t = open_example(fx, 24, 80);
    must_wait_row(t, 0, "\xef\xbf\xbd]0;owned\xef\xbf\xbd红色\xef\xbf\xbd[2J单位");
    goto_effect(t);
    vt_send(t, "\t\t");   /* the score, then the note: the pane scrolls to it */
    must_see(t, "\xef\xbf\xbd反向\xef\xbf\xbd[31m注释");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_custom_indicator, setup, teardown),
        cmocka_unit_test_setup_teardown(test_monochrome, setup, teardown),
        cmocka_unit_test_setup_teardown(test_review, setup, teardown),
        cmocka_unit_test_setup_teardown(test_review_zh, setup, teardown),
        cmocka_unit_test_setup_teardown(test_problems_view, setup, teardown),
        cmocka_unit_test_setup_teardown(test_evidence, setup, teardown),
        cmocka_unit_test_setup_teardown(test_small_quit_asks, setup, teardown),
        cmocka_unit_test_setup_teardown(test_terminal_injection, setup, teardown),
        cmocka_unit_test_setup_teardown(test_small_quit_keeps_typing, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
