/* test_screen.c - the editor driven through a pseudo-terminal.
 *
 * Each test starts the real jixiao binary in a pty, types keys and reads
 * the cells of the screen (vt.c, libvterm). Waits have deadlines; nothing
 * sleeps for a fixed time.
 */
#include <fcntl.h>
#include <locale.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "draft.h"
#include "draftio.h"
#include "forms.h"
#include "journal.h"
#include "num.h"
#include "screen_util.h"

/* ---- walking every indicator ---- */


static void walk(void **state, int rows, int cols)
{
    struct fx *fx = *state;
    char path[600], ex[512];
    snprintf(path, sizeof path, "%s/new.csv", fx->dir);
    example_path(ex, sizeof ex);
    struct form *f = std_form();
    struct draft *src = load_draft(ex, f);

    fx->t = start(rows, cols, path, NULL, NULL);
    struct vt *t = fx->t;
    must_wait(t, "Scored 0/21");
    must_wait(t, "New draft");
    vt_send(t, "g");
    int scored = 0;
    for (int i = draft_first(src); i >= 0; i = draft_next(src, i)) {
        const struct dnode *n = draft_node(src, i);
        if (dnode_is_leaf(n)) {
            enter_leaf(t, n, false);
            char want[64];
            snprintf(want, sizeof want, "Scored %d/21", ++scored);
            must_row(t, status_row(t), want);
        }
        vt_send(t, "j");
    }
    must_row(t, status_row(t), "Total 93.76");
    must_row(t, status_row(t), "优");
    must_see(t, "[+]");
    vt_send(t, "\x13");   /* Ctrl-S */
    must_row(t, msg_row(t), "Saved");
    must_not_see(t, "[+]");
    vt_send(t, "q");
    assert_int_equal(vt_wait_exit(t, WAIT_MS), 0);

    struct draft *saved = load_draft(path, f);
    assert_int_equal(draft_total(saved), 9376);
    assert_string_equal(draft_grade(saved), "优");
    char *text = NULL;
    size_t len = 0;
    assert_int_equal(draftio_write_buffer(saved, false, &text, &len), 0);
    assert_non_null(strstr(text, "93.76"));
    free(text);
    /* A clean quit leaves neither journal nor lock behind. */
    char *jp = journal_path_for(path), *lp = journal_lock_path_for(path);
    assert_int_equal(access(jp, F_OK), -1);
    assert_int_equal(access(lp, F_OK), -1);
    free(jp);
    free(lp);
    draft_free(saved);
    draft_free(src);
    form_free(f);
}

static void test_walk_80x24(void **state) { walk(state, 24, 80); }
static void test_walk_120x40(void **state) { walk(state, 40, 120); }

/* ---- the rest start from a copy of the example draft ---- */

static void test_search(void **state)
{
    struct fx *fx = *state;
    struct vt *t = open_example(fx, 24, 80);
    vt_send(t, "/固定资产");
    must_see(t, "2.3.2 固定资产利用率");   /* found while typing */
    vt_send(t, "\r");
    vt_send(t, "/资产\r");                  /* the current node matches */
    must_see(t, "2.3.2 固定资产利用率");
    vt_send(t, "n");
    must_see(t, "2.3 资产管理");
    must_row(t, msg_row(t), "wrapped");
    vt_send(t, "n");
    must_see(t, "2.3.1 资产管理安全性");
    vt_send(t, "N");
    must_see(t, "2.3 资产管理");
    /* Esc puts the selection back where the search began. */
    vt_send(t, "/满意度");
    must_see(t, "3.4.2 公众或服务对象满意度");
    vt_key(t, VT_ESC);
    must_see(t, "2.3 资产管理");
    vt_send(t, "/没有这个指标\r");
    must_row(t, msg_row(t), "Not found");
    /* ASCII ids match too. */
    vt_send(t, "/1.2.2\r");
    must_see(t, "1.2.2 绩效指标明确性");
}

/* A search that no name matches goes through 指标说明, 评分标准, notes and
 * review comments, and says which text matched, with the words around it. */
static void test_search_texts(void **state)
{
    struct fx *fx = *state;
    struct vt *t = open_example(fx, 24, 80);
    vt_send(t, "/采购计划金额\r");
    must_see(t, "2.1.1 政府采购执行情况");
    must_row(t, msg_row(t), "2.1.1 Scoring criteria:");
    must_row(t, msg_row(t), "采购计划金额合计数");
    vt_send(t, "/如期完成\r");   /* the example's own 扣分说明 of 3.2.3, then 3.3.1 */
    must_see(t, "3.2.3 项目完成及时性");
    must_row(t, msg_row(t), "3.2.3 Note (reason for deductions): …");
    vt_send(t, "n");
    must_see(t, "3.3.1 社会效益");
    must_row(t, msg_row(t), "3.3.1 Note (reason for deductions):");
    /* a name still wins over the texts that mention it */
    vt_send(t, "/固定资产\r");
    must_see(t, "2.3.2 固定资产利用率");
    must_not_see(t, "Description:");
}

static void test_undo_redo(void **state)
{
    struct fx *fx = *state;
    struct vt *t = open_example(fx, 24, 80);
    goto_effect(t);
    vt_send(t, "\t\r\x15" "20\r");
    must_row(t, status_row(t), "Total 95.76");
    must_row(t, 0, "[+]");
    vt_send(t, "h/1.2.2\r\t");
    /* A checklist item by Space: 指标值清晰可衡量 is the third part. */
    vt_send(t, "jj ");
    must_row(t, status_row(t), "Total 96.76");
    vt_send(t, "u");
    must_row(t, status_row(t), "Total 95.76");
    must_row(t, msg_row(t), "Undone");
    vt_send(t, "u");
    must_row(t, status_row(t), "Total 93.76");
    must_see(t, "3.3.1 社会效益");   /* undo shows where it happened */
    vt_send(t, "\x12");              /* Ctrl-R */
    must_row(t, status_row(t), "Total 95.76");
    vt_send(t, "\x12");
    must_row(t, status_row(t), "Total 96.76");
    vt_send(t, "\x12");
    must_row(t, msg_row(t), "Nothing to redo");
}

static void test_cancel_restores(void **state)
{
    struct fx *fx = *state;
    struct vt *t = open_example(fx, 24, 80);
    goto_effect(t);
    vt_send(t, "\t\r\x15" "1");
    /* The preview: the total follows the typed value, key by key. */
    must_row(t, status_row(t), "Total 76.76");
    must_row(t, status_row(t), "中");
    vt_send(t, "0");
    must_row(t, status_row(t), "Total 85.76");
    must_row(t, status_row(t), "良");
    vt_key(t, VT_ESC);
    must_row(t, status_row(t), "Total 93.76");
    must_row(t, status_row(t), "优");
    must_not_see(t, "[+]");
    /* Text the core refuses stays, with its reason; the total does not move. */
    vt_send(t, "\r\x15" "1..5");
    must_see(t, "1..5");
    must_row(t, status_row(t), "Total 93.76");
    vt_send(t, "\r");
    must_row(t, msg_row(t), "Not saved");
    vt_key(t, VT_ESC);
    must_not_see(t, "│   1..5");
    /* Letters are never typed into a number: each says so, none is kept. */
    vt_send(t, "\r\x15" "7abc");
    must_row(t, msg_row(t), "takes digits only");
    must_see(t, "│   7");
    must_not_see(t, "7abc");
    vt_key(t, VT_ESC);
    /* Typing past the points is refused as well. */
    vt_send(t, "\r\x15" "25");
    must_row(t, status_row(t), "Total 93.76");
    vt_key(t, VT_ESC);
}

/* A clerk types letters on a money figure: nothing runs ("a" would add a
 * custom indicator, "c" check evidence), the status line says the field
 * takes digits, and the figure keeps its value. Moving keys still move. */
static void test_letters_on_number(void **state)
{
    struct fx *fx = *state;
    struct vt *t = open_example(fx, 24, 80);
    vt_send(t, "/政府采购执行\r");
    must_see(t, "2.1.1 政府采购执行情况");
    vt_send(t, "\t");
    vt_send(t, "abc");
    must_row(t, msg_row(t), "takes digits only");
    must_not_see(t, "Name of the new indicator");
    must_row(t, status_row(t), "Total 93.76");
    /* typing a number still works, and letters inside it are refused */
    vt_send(t, "\x15" "12q");
    must_row(t, msg_row(t), "采购预算金额（万元） takes digits only");
    must_not_see(t, "12q");
    vt_key(t, VT_ESC);
    vt_key(t, VT_ESC);
    /* from the tree the same letter is a command again; 资金管理 has no
     * place for the unit's own indicators */
    vt_send(t, "a");
    must_row(t, msg_row(t), "2.1 资金管理 takes none of the unit's own indicators (no 'custom' in the form)");
}

/* Pasting into a note (bracketed paste, as terminals send a paste) keeps
 * its line breaks, where each pasted line used to be taken as Enter and
 * replace the one before; pasted letters run no command. A paste on a
 * one-line field joins its lines with a space. */
static void test_paste_note(void **state)
{
    struct fx *fx = *state;
    struct vt *t = open_example(fx, 24, 80);
    goto_effect(t);
    vt_send(t, "\tj");
    vt_send(t, "\033[200~第一行 quit\r第二行\r\r第三行 add\033[201~");
    must_see(t, "第三行 add");
    must_see(t, "第一行 quit");
    vt_send(t, "\r");   /* Enter after the paste keeps the note */
    vt_key(t, VT_ESC);
    vt_send(t, "/政府采购执行\r");
    must_see(t, "2.1.1 政府采购执行情况");
    vt_send(t, "\033[200~700\r\033[201~");   /* from the tree: the first figure */
    vt_send(t, "\r");
    vt_send(t, "\x13");
    must_row(t, msg_row(t), "Saved");
    vt_send(t, "q");
    assert_int_equal(vt_wait_exit(t, WAIT_MS), 0);
    struct form *f = std_form();
    struct draft *d = load_draft(fx->path, f);
    const struct dnode *n = draft_node(d, draft_find(d, "3.3.1"));
    assert_string_equal(n->note, "第一行 quit\n第二行\n\n第三行 add");
    n = draft_node(d, draft_find(d, "2.1.1"));
    assert_true(n->figs[0].set);
    char buf[64];
    assert_string_equal(num_format_decimal(n->figs[0].v, buf), "700");
    draft_free(d);
    form_free(f);
}

/* A form with a group veto and a penalty item: the tree's first-level
 * rows show what each adds to the total (the vetoed group 否 0.00, the
 * penalty -2.00), so the rows on screen add up to the total shown. */
static void test_veto_penalty_rows(void **state)
{
    struct fx *fx = *state;
    char form[600], path[600];
    snprintf(form, sizeof form, "%s/veto-form.csv", fx->dir);
    snprintf(path, sizeof path, "%s/veto.csv", fx->dir);
    put_text(form,
             "id,level,name,points,description,criteria,figures,rule,kind\n"
             "#name,,测试表,,,,,,\n"
             "1,1,决策,40,,,,,\n"
             "1.1,2,甲,40,,,,\"check(合规, 40); veto(重大违规, group)\",\n"
             "2,1,管理,60,,,,,\n"
             "2.1,2,乙,60,,,,,\n"
             "3,1,扣分项,10,,,,,扣分\n"
             "3.1,2,违规,10,,,,,\n");
    put_text(path,
             "id,level,indicator,points,score,note,figures,marks,custom,description,"
             "review_score,review_status,review_comment,evidence\n"
             "#format,,jixiao-draft 1,,,,,,,,,,,\n"
             "#form,,测试表,,,,,,,,,,,\n"
             "1.1,2,甲,40,,重大违规,,\"合规=40; 重大违规=是\",,,,,,\n"
             "2.1,2,乙,60,50,未完成,,,,,,,,\n"
             "3.1,2,违规,10,2,违规两次,,,,,,,,\n");
    struct vt *t = fx->t = start(24, 80, "--form", form, path);
    must_wait_row(t, status_row(t), "Total 48.00");
    must_see(t, "- 决策");
    int row = vt_find_row(t, "- 决策");
    char buf[1024];
    vt_row(t, row, buf, sizeof buf);
    assert_non_null(strstr(buf, "否0.00/40"));
    row = vt_find_row(t, "- 管理");
    vt_row(t, row, buf, sizeof buf);
    assert_non_null(strstr(buf, " 50.00/60"));
    row = vt_find_row(t, "- 扣分项");
    vt_row(t, row, buf, sizeof buf);
    assert_non_null(strstr(buf, " -2.00/10"));
    /* unmarking the veto gives the group back, row and total alike */
    vt_send(t, "/甲\r\t");
    vt_send(t, "j\r1\r");
    must_row(t, status_row(t), "Total 88.00");
    row = vt_find_row(t, "- 决策");
    vt_row(t, row, buf, sizeof buf);
    assert_non_null(strstr(buf, " 40.00/40"));
}

static void test_resize(void **state)
{
    struct fx *fx = *state;
    struct vt *t = open_example(fx, 24, 80);
    vt_resize(t, 40, 120);
    must_wait_row(t, 38, "Total 93.76");
    vt_resize(t, 24, 80);
    must_wait_row(t, 22, "Total 93.76");
    /* Mid-edit: the typed text survives the resize. */
    goto_effect(t);
    vt_send(t, "\t\r\x15" "1");
    must_row(t, status_row(t), "Total 76.76");
    vt_resize(t, 30, 100);
    must_wait_row(t, 28, "Total 76.76");
    vt_send(t, "9\r");
    must_row(t, 28, "Total 94.76");
    /* Too small, then back. */
    vt_resize(t, 10, 50);
    must_wait(t, "Terminal too small");
    vt_resize(t, 24, 80);
    must_wait_row(t, 22, "Total 94.76");
    must_go(t, "Terminal too small");
}

/* A large form takes a moment to read: the terminal says so until the
 * editor's screen is drawn, and the line is erased, not left behind
 * after the editor quits. */
static void test_reading_note(void **state)
{
    struct fx *fx = *state;
    char form[600], draft[600], desc[1100] = "";
    snprintf(form, sizeof form, "%s/big-form.csv", fx->dir);
    snprintf(draft, sizeof draft, "%s/big.csv", fx->dir);
    for (int i = 0; i < 70; i++)
        strcat(desc, "预算执行率");   /* 1,050 bytes */
    FILE *f = fopen(form, "w");
    assert_non_null(f);
    fputs("id,level,name,points,description,criteria,figures,rule\n#name,,大表,,,,,\n", f);
    for (int g = 1; g <= 40; g++) {   /* 40,000 rows, 42 MB */
        fprintf(f, "%d,1,第%d组,1000,,,,\n", g, g);
        for (int k = 1; k <= 1000; k++)
            fprintf(f, "%d.%d,2,指标%d,1,%s,,,\n", g, k, k, desc);
    }
    assert_int_equal(fclose(f), 0);
    fx->t = start(24, 80, "--form", form, draft);
    struct vt *t = fx->t;
    must_wait_row(t, status_row(t), "Total 0.00");
    assert_true(vt_said(t, "jixiao: reading"));
    assert_false(vt_contains(t, "jixiao: reading"));
    vt_send(t, "q");
    assert_int_equal(vt_wait_exit(t, WAIT_MS), 0);
    assert_false(vt_contains(t, "jixiao: reading"));
}

/* The command line on a terminal: what a hostile file says is shown, not
 * run by the terminal (libvterm would swallow the window-title sequence
 * and clear the screen). A tidy CSV to a terminal too. */
static void test_cli_on_terminal(void **state)
{
    (void)state;
    const char *src = getenv("JIXIAO_SRCDIR");
    char bad[1024];
    snprintf(bad, sizeof bad, "%s/tests/data/bad/draft-terminal-control.csv", src ? src : SRCDIR);
    struct vt *t = start(24, 120, "summary", bad, NULL);
    assert_int_equal(vt_wait_exit(t, WAIT_MS), 0);
    vt_pump(t, 50);
    must_wait(t, "]0;owned");
    must_wait(t, "2021,1.1.1");
    vt_free(t);
    snprintf(bad, sizeof bad, "%s/tests/data/bad/draft-terminal-in-message.csv",
             src ? src : SRCDIR);
    t = start(24, 120, "check", bad, NULL);
    assert_int_equal(vt_wait_exit(t, WAIT_MS), 1);
    vt_pump(t, 50);
    must_wait(t, "]0;pwned");
    vt_free(t);
}

static void test_second_instance(void **state)
{
    struct fx *fx = *state;
    struct vt *a = open_example(fx, 24, 80);
    struct vt *b = start(24, 80, fx->path, NULL, NULL);
    if (!vt_wait(b, "already open", WAIT_MS)) {
        vt_dump(b, stderr);
        vt_free(b);
        fail_msg("the second jixiao was not warned");
    }
    vt_send(b, "y");
    bool ro = vt_sync(b, WAIT_MS) && vt_contains(b, "[read-only]");
    vt_send(b, "q");
    int rc = vt_wait_exit(b, WAIT_MS);
    vt_free(b);
    assert_true(ro);
    assert_int_equal(rc, 0);
    /* The first one still owns the draft and can save it. */
    vt_send(a, "\x13");
    must_row(a, msg_row(a), "Saved");
}

static void test_help_and_meta(void **state)
{
    struct fx *fx = *state;
    struct vt *t = open_example(fx, 24, 80);
    vt_send(t, "?");
    must_see(t, "Search names as you type");
    vt_key(t, VT_PGDN);
    must_see(t, "Undo the last change");
    must_see(t, "Ctrl-R");
    vt_send(t, "G");
    must_see(t, "Delete everything before the cursor");
    vt_key(t, VT_ESC);
    must_row(t, status_row(t), "Total 93.76");
    /* Metadata screen: change the year, see it in the header. */
    vt_send(t, "m");
    must_see(t, "Draft information");
    vt_send(t, "j\r\x15" "2022\r");
    must_row(t, 0, "2022");
    vt_send(t, "u");
    must_row(t, 0, "2021");
}

/* ---- the sync point itself ---- */

/* Each sync key gets its own numbered marker, after the keys before it
 * are drawn; the key itself does nothing to the draft. */
static void test_sync_point(void **state)
{
    struct fx *fx = *state;
    struct vt *t = open_example(fx, 24, 80);
    goto_effect(t);
    vt_send(t, "\t\r\x15" "20\r");
    must_row(t, status_row(t), "Total 95.76");
    must_sync(t);
    must_sync(t);
    /* goto_effect and must_row synced once each: these were 3 and 4. */
    assert_int_equal(vt_synced(t), 4);
    vt_send(t, "u");
    must_row(t, status_row(t), "Total 93.76");
    must_row(t, msg_row(t), "Undone");
}

/* Without JIXIAO_TEST_SYNC the key is an ordinary unbound key: no marker,
 * nothing changes. (putenv of a bare name removes it, glibc.) */
static void test_sync_off(void **state)
{
    struct fx *fx = *state;
    char *argv[] = {(char *)screen_bin(), fx->path, NULL};
    char *env[] = {"JIXIAO_TEST_SYNC", NULL};
    fx->t = vt_spawn(24, 80, argv, env);
    struct vt *t = fx->t;
    assert_non_null(t);
    must_wait_row(t, status_row(t), "Total 93.76");
    assert_false(vt_sync(t, 500));
    assert_false(vt_said(t, "jixiao-sync"));
    vt_send(t, "q");
    assert_int_equal(vt_wait_exit(t, WAIT_MS), 0);
    assert_false(vt_contains(t, "[+]"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_walk_80x24, setup, teardown),
        cmocka_unit_test_setup_teardown(test_walk_120x40, setup, teardown),
        cmocka_unit_test_setup_teardown(test_search, setup, teardown),
        cmocka_unit_test_setup_teardown(test_search_texts, setup, teardown),
        cmocka_unit_test_setup_teardown(test_undo_redo, setup, teardown),
        cmocka_unit_test_setup_teardown(test_cancel_restores, setup, teardown),
        cmocka_unit_test_setup_teardown(test_letters_on_number, setup, teardown),
        cmocka_unit_test_setup_teardown(test_paste_note, setup, teardown),
        cmocka_unit_test_setup_teardown(test_veto_penalty_rows, setup, teardown),
        cmocka_unit_test_setup_teardown(test_resize, setup, teardown),
        cmocka_unit_test_setup_teardown(test_reading_note, setup, teardown),
        cmocka_unit_test(test_cli_on_terminal),
        cmocka_unit_test_setup_teardown(test_second_instance, setup, teardown),
        cmocka_unit_test_setup_teardown(test_help_and_meta, setup, teardown),
        cmocka_unit_test_setup_teardown(test_sync_point, setup, teardown),
        cmocka_unit_test_setup_teardown(test_sync_off, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
