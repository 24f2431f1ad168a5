/* test_dirlist.c - the folder screen (`jixiao DIR`) through a
 * pseudo-terminal, as test_screen.c: the drafts of a folder listed with
 * their totals, Enter into the editor and back to the list scanned again,
 * a draft that does not load, a recovery journal, resizing.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "journal.h"
#include "screen_util.h"
#include "utf8.h"

/* The fixture's folder: the example (dapeng.csv), and beside it a blank
 * draft made by `jixiao new` (blank.csv) and a CSV that is no draft. */
static void add_blank_and_notes(struct fx *fx)
{
    char p[600], cmd[1400];
    snprintf(p, sizeof p, "%s/blank.csv", fx->dir);
    snprintf(cmd, sizeof cmd, "'%s' new --unit 测试单位 --year 2022 '%s' >/dev/null 2>&1",
             screen_bin(), p);
    assert_int_equal(system(cmd), 0);
    snprintf(p, sizeof p, "%s/notes.csv", fx->dir);
    put_text(p, "a,b\n1,2\n");
}

/* jixiao on the fixture's folder; in Chinese (zh) or skipped without it */
static struct vt *start_dir(struct fx *fx, int rows, int cols, bool zh)
{
    fx->t = zh ? start_zh(rows, cols, fx->dir, NULL, NULL)
               : start(rows, cols, fx->dir, NULL, NULL);
    return fx->t;
}

/* Display column where text starts on a row (-1: not there). */
static int col_of(struct vt *t, int row, const char *text)
{
    char buf[4096];
    vt_row(t, row, buf, sizeof buf);
    const char *at = strstr(buf, text);
    return at ? u8_width(buf, (size_t)(at - buf)) : -1;
}

/* 80x24 in Chinese: both drafts listed with the core's totals, in file
 * order; Enter opens the editor on the one selected; a change saved there
 * shows in the list on the way back; q quits. */
static void test_dir_open_and_back_zh(void **state)
{
    struct fx *fx = *state;
    add_blank_and_notes(fx);
    char xm[600], cmd[1400];
    snprintf(xm, sizeof xm, "%s/xm.csv", fx->dir);
    snprintf(cmd, sizeof cmd,
             "'%s' new --form project --project 智慧城市建设 --unit 大鹏新区 '%s' >/dev/null 2>&1",
             screen_bin(), xm);
    assert_int_equal(system(cmd), 0);
    struct vt *t = start_dir(fx, 24, 80, true);
    must_wait(t, "93.76");
    must_sync(t);   /* the whole list drawn, not just the row with 93.76 */
    int rb = vt_find_row(t, "blank.csv"), rd = vt_find_row(t, "dapeng.csv");
    int rx = vt_find_row(t, "xm.csv");
    assert_int_equal(rx, 4);
    /* a project table: its form cut to fit, its project as the name */
    must_row(t, rx, "项目支出");
    must_row(t, rx, "智慧城市建设");
    must_row(t, rx, "0.00");
    assert_int_equal(rb, 2);   /* sorted by file name, under the titles */
    assert_int_equal(rd, 3);
    must_row(t, 1, "文件");
    must_row(t, 1, "总分");
    must_row(t, rd, "部门整体");
    must_row(t, rd, "深圳市大鹏新区");
    must_row(t, rd, "93.76 优");
    must_row(t, rd, "已完成");
    must_row(t, rb, "测试单位");
    must_row(t, rb, "0.00 差");
    must_row(t, rb, "未完成 0/21");
    must_row(t, status_row(t), "1 个文件不是自评稿");
    must_row(t, 0, "3 份自评稿");
    /* totals right-aligned in one column, whatever the Chinese before them */
    assert_int_equal(col_of(t, rd, "93.76") + 5, col_of(t, rb, "0.00") + 4);
    assert_int_equal(col_of(t, rd, "优"), col_of(t, rb, "差"));
    assert_true(vt_reverse(t, rb, 1));   /* the first row is selected */

    vt_key(t, VT_DOWN);
    must_sync(t);
    assert_true(vt_reverse(t, rd, 1));
    assert_false(vt_reverse(t, rb, 1));
    vt_key(t, VT_ENTER);
    must_wait_row(t, status_row(t), "总分 93.76");
    must_see(t, "部门决策");
    goto_effect(t);
    vt_send(t, "\t\r\x15" "20\r");
    must_row(t, status_row(t), "95.76");
    vt_send(t, "\x13");
    must_row(t, msg_row(t), "95.76");
    vt_send(t, "q");
    /* back in the list, scanned again: the saved total, the same row
     * still selected */
    must_wait_row(t, rd, "95.76 优");
    assert_true(vt_reverse(t, rd, 1));
    must_row(t, rb, "0.00");
    /* the project table opens with its own (built-in) form, no --form */
    vt_key(t, VT_DOWN);
    vt_key(t, VT_ENTER);
    must_wait_row(t, status_row(t), "总分 0.00");   /* the editor's status line */
    must_row(t, 0, "项目支出绩效自评表");
    vt_send(t, "q");
    must_wait_row(t, 0, "3 份自评稿");   /* the list again */
    must_row(t, rx, "智慧城市建设");
    vt_send(t, "q");
    assert_int_equal(vt_wait_exit(t, WAIT_MS), 0);
}

/* The same in English, with the keys that move: Home/End/PgUp/PgDn, and
 * a draft that fails to load listed with FILE:LINE, refused by Enter. */
static void test_dir_bad_draft_and_keys(void **state)
{
    struct fx *fx = *state;
    add_blank_and_notes(fx);
    char p[600];
    snprintf(p, sizeof p, "%s/bad.csv", fx->dir);
    put_text(p, "id,level,indicator,points,score\n"
                "#format,,jixiao-draft 1,,\n"
                "#form,,部门整体支出绩效评价自评指标评分表,,\n"
                "#unit,,坏单位,,\n"
                "9.9,3,不存在,1,1\n");
    struct vt *t = start_dir(fx, 24, 80, false);
    must_wait(t, "93.76");
    must_row(t, 2, "bad.csv");
    must_row(t, 2, "坏单位");
    must_row(t, 2, "bad.csv:5:");
    must_row(t, msg_row(t), "bad.csv:5: unknown indicator id \"9.9\"");
    vt_key(t, VT_ENTER);   /* not opened: the error stays, now as a message */
    must_row(t, msg_row(t), "bad.csv:5: unknown indicator id");
    char said[700];
    snprintf(said, sizeof said, "%s:5:", p);   /* as the editor would say it, leaving */
    assert_false(vt_said(t, said));
    must_row(t, 0, "3 drafts");
    vt_key(t, VT_END);
    must_sync(t);
    assert_true(vt_reverse(t, 4, 1));
    must_row(t, msg_row(t), "dapeng.csv");
    vt_key(t, VT_HOME);
    must_sync(t);
    assert_true(vt_reverse(t, 2, 1));
    vt_key(t, VT_PGDN);
    must_sync(t);
    assert_true(vt_reverse(t, 4, 1));
    vt_key(t, VT_PGUP);
    must_sync(t);
    assert_true(vt_reverse(t, 2, 1));
    /* r reads the folder again: a draft copied in meanwhile appears */
    char ex[512];
    example_path(ex, sizeof ex);
    snprintf(p, sizeof p, "%s/zz.csv", fx->dir);
    copy_file(ex, p);
    must_not_see(t, "zz.csv");
    vt_send(t, "r");
    must_row(t, 5, "zz.csv");
    must_row(t, 0, "4 drafts");
    assert_true(vt_reverse(t, 2, 1));   /* still on the same draft */
    vt_send(t, "q");
    assert_int_equal(vt_wait_exit(t, WAIT_MS), 0);
}

/* A recovery journal beside a draft: the list says so, and Enter goes
 * through the editor's own recovery question, as `jixiao FILE` does. */
static void test_dir_recoverable(void **state)
{
    struct fx *fx = *state;
    char why[512] = "";
    struct form *f = std_form();
    struct journal *j = journal_start(fx->path, f->hash, why, sizeof why);
    assert_non_null(j);
    struct edit e = {.kind = EDIT_SCORE, .id = "3.3.1", .value = "20"};
    assert_int_equal(journal_append_edit(j, &e, why, sizeof why), 0);
    journal_close(j);
    form_free(f);
    struct vt *t = start_dir(fx, 24, 80, false);
    must_wait(t, "93.76");
    must_row(t, 2, "recoverable");
    vt_key(t, VT_ENTER);
    must_wait_row(t, msg_row(t), "Recover 1 unsaved changes to dapeng.csv");
    vt_send(t, "y");
    must_row(t, status_row(t), "Total 95.76");
    vt_send(t, "\x13");
    must_row(t, msg_row(t), "Saved");
    vt_send(t, "q");
    must_wait_row(t, 2, "95.76");
    must_row(t, 2, "complete");
    must_not_see(t, "recoverable");
    vt_send(t, "q");
    assert_int_equal(vt_wait_exit(t, WAIT_MS), 0);
}

/* A resize is handled in the list: too small says so and only q works;
 * grown again, the rows are back; wider, the columns spread. */
static void test_dir_resize(void **state)
{
    struct fx *fx = *state;
    add_blank_and_notes(fx);
    struct vt *t = start_dir(fx, 24, 80, true);
    must_wait(t, "93.76");
    vt_resize(t, 10, 50);
    must_wait(t, "60x16");
    vt_send(t, "j\r");   /* ignored while too small */
    must_see(t, "60x16");
    vt_resize(t, 30, 120);
    must_wait(t, "93.76");
    must_sync(t);
    int rd = vt_find_row(t, "dapeng.csv");
    assert_int_equal(rd, 3);
    /* wide enough for the whole unit name */
    must_row(t, rd, "深圳市大鹏新区政务服务数据管理局");
    assert_true(vt_reverse(t, 2, 1));
    vt_resize(t, 24, 80);
    must_wait_row(t, rd, "~");   /* the name cut by columns, and marked */
    must_row(t, rd, "深圳市大鹏新区");
    must_not_see(t, "管理局");
    vt_send(t, "q");
    assert_int_equal(vt_wait_exit(t, WAIT_MS), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_dir_open_and_back_zh, setup, teardown),
        cmocka_unit_test_setup_teardown(test_dir_bad_draft_and_keys, setup, teardown),
        cmocka_unit_test_setup_teardown(test_dir_recoverable, setup, teardown),
        cmocka_unit_test_setup_teardown(test_dir_resize, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
