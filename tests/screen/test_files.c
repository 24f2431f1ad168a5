/* test_files.c - the editor and the files around a draft, through a
 * pseudo-terminal as test_screen.c: recovery after a kill, the journal kept
 * or asked about, planted files, saving elsewhere, read-only and changed
 * files.
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

/* A journal older than the draft (the file was saved after it, by another
 * program say) is never deleted without asking: n recovers its changes,
 * y discards it, and only then is it gone. */
static void test_older_journal_asked(void **state)
{
    struct fx *fx = *state;
    char *jp = journal_path_for(fx->path);
    for (int round = 0; round < 2; round++) {
        struct vt *t = fx->t = round ? start(24, 80, fx->path, NULL, NULL)
                                     : open_example(fx, 24, 80);
        must_wait_row(t, status_row(t), round ? "Total 95.76" : "Total 93.76");
        goto_effect(t);
        vt_send(t, round ? "\t\r\x15" "19\r" : "\t\r\x15" "20\r");
        must_row(t, status_row(t), round ? "Total 94.76" : "Total 95.76");
        kill(vt_pid(t), SIGKILL);
        vt_wait_exit(t, WAIT_MS);
        vt_free(t);
        fx->t = NULL;
        struct timespec later[2];
        clock_gettime(CLOCK_REALTIME, &later[0]);
        later[0].tv_sec += 60;
        later[1] = later[0];
        assert_int_equal(utimensat(AT_FDCWD, fx->path, later, 0), 0);
        t = fx->t = start(24, 80, fx->path, NULL, NULL);
        must_wait_row(t, msg_row(t), "older than the file");
        assert_int_equal(access(jp, F_OK), 0);
        if (round == 0) {
            vt_send(t, "n");
            must_row(t, msg_row(t), "Recover 1 unsaved changes");
            vt_send(t, "y");
            must_row(t, status_row(t), "Total 95.76");
            vt_send(t, "q");
            must_row(t, msg_row(t), "Save changes before quitting?");
            vt_send(t, "y");   /* saved: the recovered change is in the file */
        } else {
            vt_send(t, "y");
            must_row(t, msg_row(t), "discarded");
            must_row(t, status_row(t), "Total 95.76");   /* the file as saved */
            assert_int_equal(access(jp, F_OK), -1);
            vt_send(t, "q");
        }
        vt_wait_exit(t, WAIT_MS);
        vt_free(t);
        fx->t = NULL;
    }
    free(jp);
}

static void test_recovery_after_kill(void **state)
{
    struct fx *fx = *state;
    struct vt *t = open_example(fx, 24, 80);
    goto_effect(t);
    vt_send(t, "\t\r\x15" "20\r");
    must_row(t, 0, "[+]");
    must_row(t, status_row(t), "Total 95.76");
    /* Move away so that recovery has to bring us back. */
    vt_send(t, "hg");
    must_see(t, "1 部门决策");
    kill(vt_pid(t), SIGKILL);
    vt_wait_exit(t, WAIT_MS);
    vt_free(t);

    t = fx->t = start(24, 80, fx->path, NULL, NULL);
    must_wait_row(t, msg_row(t), "Recover 1 unsaved changes to dapeng.csv");
    vt_send(t, "y");
    must_row(t, status_row(t), "Total 95.76");
    must_row(t, msg_row(t), "Recovered 1 changes");
    must_see(t, "3.3.1 社会效益");
    must_row(t, 0, "[+]");
    vt_send(t, "\x13");
    must_row(t, msg_row(t), "Saved");
    vt_send(t, "q");
    assert_int_equal(vt_wait_exit(t, WAIT_MS), 0);
    char *jp = journal_path_for(fx->path);
    assert_int_equal(access(jp, F_OK), -1);
    vt_free(t);

    /* Killed again, and this time the changes are discarded. */
    t = fx->t = start(24, 80, fx->path, NULL, NULL);
    must_wait_row(t, status_row(t), "Total 95.76");
    goto_effect(t);
    vt_send(t, "\t\r\x15" "10\r");
    must_row(t, status_row(t), "Total 85.76");
    must_row(t, 0, "[+]");
    kill(vt_pid(t), SIGKILL);
    vt_wait_exit(t, WAIT_MS);
    vt_free(t);
    assert_int_equal(access(jp, F_OK), 0);
    t = fx->t = start(24, 80, fx->path, NULL, NULL);
    must_wait_row(t, msg_row(t), "Recover 1 unsaved changes to dapeng.csv");
    vt_send(t, "n");
    must_row(t, msg_row(t), "discarded");
    must_row(t, status_row(t), "Total 95.76");
    assert_int_equal(access(jp, F_OK), -1);
    free(jp);
}

/* Esc at the recovery question is no answer: nothing is discarded. The
 * draft opens read-only, the journal stays, and the next start asks
 * again. */
static void test_recovery_esc(void **state)
{
    struct fx *fx = *state;
    struct vt *t = open_example(fx, 24, 80);
    goto_effect(t);
    vt_send(t, "\t\r\x15" "20\r");
    must_row(t, status_row(t), "Total 95.76");
    kill(vt_pid(t), SIGKILL);
    vt_wait_exit(t, WAIT_MS);
    vt_free(t);
    t = fx->t = start(24, 80, fx->path, NULL, NULL);
    must_wait_row(t, msg_row(t), "Recover 1 unsaved changes to dapeng.csv");
    vt_key(t, VT_ESC);
    must_row(t, msg_row(t), "Opened read-only: the unsaved changes are kept for the next start.");
    must_row(t, 0, "[read-only]");
    must_row(t, status_row(t), "Total 93.76");
    vt_send(t, "q");
    assert_int_equal(vt_wait_exit(t, WAIT_MS), 0);
    vt_free(t);
    char *jp = journal_path_for(fx->path);
    assert_int_equal(access(jp, F_OK), 0);
    free(jp);
    t = fx->t = start(24, 80, fx->path, NULL, NULL);
    must_wait_row(t, msg_row(t), "Recover 1 unsaved changes to dapeng.csv");
    vt_send(t, "y");
    must_row(t, status_row(t), "Total 95.76");
}

/* Cancelling "save elsewhere" keeps the journal and the lock, and the
 * changes after it are journalled too: a crash then loses none. */
static void test_elsewhere_cancelled_keeps_journal(void **state)
{
    struct fx *fx = *state;
    assert_int_equal(chmod(fx->path, 0444), 0);
    struct vt *t = open_example(fx, 24, 80);
    goto_effect(t);
    vt_send(t, "\t\r\x15" "20\r");
    must_row(t, status_row(t), "Total 95.76");
    vt_send(t, "\x13");
    must_row(t, msg_row(t), "e: save elsewhere");
    vt_send(t, "e");
    must_row(t, msg_row(t), "Save the draft as");
    vt_key(t, VT_ESC);
    must_row(t, msg_row(t), "Not saved");
    char *jp = journal_path_for(fx->path), *lp = journal_lock_path_for(fx->path);
    assert_int_equal(access(jp, F_OK), 0);
    assert_int_equal(access(lp, F_OK), 0);
    must_row(t, 0, "dapeng.csv");
    /* one more change (the note, the field after the score), journalled
     * as well */
    vt_send(t, "\r\x15" "second change\r");
    must_see(t, "second change");
    kill(vt_pid(t), SIGKILL);
    vt_wait_exit(t, WAIT_MS);
    vt_free(t);
    t = fx->t = start(24, 80, fx->path, NULL, NULL);
    must_wait_row(t, msg_row(t), "Recover 2 unsaved changes to dapeng.csv");
    vt_send(t, "y");
    must_row(t, status_row(t), "Total 95.76");
    must_row(t, msg_row(t), "Recovered 2 changes");
    free(jp);
    free(lp);
}


/* A symlink planted at the journal's name by another user of the folder:
 * not followed (its target stays as it was); the editor goes on without a
 * journal and says so, naming the file. */
static void test_planted_journal_symlink(void **state)
{
    struct fx *fx = *state;
    char victim[600];
    snprintf(victim, sizeof victim, "%s/victim.txt", fx->dir);
    FILE *f = fopen(victim, "w");
    fputs("keep me\n", f);
    fclose(f);
    char *jp = journal_path_for(fx->path);
    assert_int_equal(symlink(victim, jp), 0);
    struct vt *t = open_example(fx, 24, 80);
    goto_effect(t);
    vt_send(t, "\t\r\x15" "20\r");
    must_row(t, status_row(t), "Total 95.76");
    must_row(t, msg_row(t), "recovery journal");
    must_row(t, msg_row(t), "link, not a file of jixiao's: not used");
    assert_true(file_is(victim, "keep me\n"));
    /* still editing, and saving */
    vt_send(t, "\x13");
    must_row(t, msg_row(t), "Saved");
    vt_send(t, "q");
    assert_int_equal(vt_wait_exit(t, WAIT_MS), 0);
    assert_true(file_is(victim, "keep me\n"));
    struct stat st;
    assert_int_equal(lstat(jp, &st), 0);
    assert_true(S_ISLNK(st.st_mode));   /* not ours: left where it is */
    free(jp);
}

/* An undo made after a save is recovered after a crash: the journal then
 * holds the change the undo made, not an "undo" with no history. */
static void test_recovery_of_undo_after_save(void **state)
{
    struct fx *fx = *state;
    struct vt *t = open_example(fx, 24, 80);
    goto_effect(t);
    vt_send(t, "\t\r\x15" "20\r");
    must_row(t, status_row(t), "Total 95.76");
    vt_send(t, "\x13");
    must_row(t, msg_row(t), "Saved");
    vt_send(t, "u");
    must_row(t, status_row(t), "Total 93.76");
    kill(vt_pid(t), SIGKILL);
    vt_wait_exit(t, WAIT_MS);
    vt_free(t);
    t = fx->t = start(24, 80, fx->path, NULL, NULL);
    must_wait_row(t, msg_row(t), "Recover 1 unsaved changes");
    vt_send(t, "y");
    must_row(t, status_row(t), "Total 93.76");
}

/* A crashed save leaves NAME.csv.jixiao-tmp-XXXXXX beside the draft: the
 * next open (with the lock taken) removes it, and nothing else. */
static void test_stale_temp_removed(void **state)
{
    struct fx *fx = *state;
    char tmp[600], other[600];
    snprintf(tmp, sizeof tmp, "%s.jixiao-tmp-Ab12Cd", fx->path);
    snprintf(other, sizeof other, "%s/notes.jixiao-tmp-Ab12Cd", fx->dir);
    copy_file(fx->path, tmp);
    copy_file(fx->path, other);
    struct vt *t = open_example(fx, 24, 80);
    vt_send(t, "q");
    assert_int_equal(vt_wait_exit(t, WAIT_MS), 0);
    assert_int_equal(access(tmp, F_OK), -1);
    assert_int_equal(access(other, F_OK), 0);
}

/* jixiao with no file, 3.3.1 scored 18 and Ctrl-S pressed: the editor
 * asks for the draft's name. */
static struct vt *start_unnamed_draft(struct fx *fx)
{
    struct vt *t = fx->t = start(24, 80, NULL, NULL, NULL);
    must_wait_row(t, 0, "[new draft]");
    goto_effect(t);
    vt_send(t, "\r18\r");
    must_row(t, status_row(t), "Total 18.00");
    vt_send(t, "\x13");
    must_row(t, msg_row(t), "Save the draft as");
    return t;
}

/* jixiao with no file: a new draft of the standard form, named on the
 * first save; what is typed replaces the offered name. */
static void test_new_draft_named_on_save(void **state)
{
    struct fx *fx = *state;
    struct vt *t = start_unnamed_draft(fx);
    char path[600], keys[700];
    snprintf(path, sizeof path, "%s/new.csv", fx->dir);
    snprintf(keys, sizeof keys, "%s\r", path);
    vt_send(t, keys);
    must_row(t, msg_row(t), "Saved");
    vt_send(t, "q");
    assert_int_equal(vt_wait_exit(t, WAIT_MS), 0);
    struct form *f = std_form();
    struct draft *d = load_draft(path, f);
    assert_int_equal(draft_total(d), 1800);
    draft_free(d);
    form_free(f);
}

/* A save that fails keeps the draft in memory, says why, and offers
 * another place, where it then succeeds. The question is longer than
 * the row at 80 columns (a long Chinese folder name): its beginning and
 * its end, the reason, are both on the row, the middle left out. */
static void test_save_elsewhere(void **state)
{
    struct fx *fx = *state;
    struct vt *t = start_unnamed_draft(fx);
    vt_send(t, "/不存在的文件夹/nonexistent-jixiao-dir-二〇二一年度部门整体支出绩效自评/x.csv\r");
    must_row(t, msg_row(t), "Save it elsewhere?");
    must_row(t, msg_row(t), "No such file or directory");
    must_row(t, msg_row(t), "~");
    vt_send(t, "y");
    must_row(t, msg_row(t), "Save the draft as");
    char keys[700];
    snprintf(keys, sizeof keys, "%s/elsewhere.csv\r", fx->dir);
    vt_send(t, keys);
    must_row(t, msg_row(t), "Saved");
    must_row(t, status_row(t), "Total 18.00");
    vt_send(t, "q");
    assert_int_equal(vt_wait_exit(t, WAIT_MS), 0);
    char path[600];
    snprintf(path, sizeof path, "%s/elsewhere.csv", fx->dir);
    assert_int_equal(access(path, F_OK), 0);
}

static void test_read_only(void **state)
{
    struct fx *fx = *state;
    struct stat before, after;
    assert_int_equal(stat(fx->path, &before), 0);
    fx->t = start(24, 80, "--view", fx->path, NULL);
    struct vt *t = fx->t;
    must_wait_row(t, status_row(t), "Total 93.76");
    must_wait_row(t, 0, "[read-only]");
    goto_effect(t);                       /* search works */
    vt_send(t, "\t\r");
    must_row(t, msg_row(t), "Read-only");
    vt_send(t, "\x1b");
    vt_send(t, "5");
    vt_send(t, "u");
    vt_send(t, "\x13");
    must_row(t, msg_row(t), "cannot be saved");
    must_row(t, status_row(t), "Total 93.76");
    vt_send(t, "?");                      /* help works */
    must_see(t, "Moving around");
    vt_key(t, VT_PGDN);
    must_see(t, "Undo the last change");
    vt_send(t, "q");
    must_row(t, status_row(t), "Total 93.76");
    vt_send(t, "q");
    assert_int_equal(vt_wait_exit(t, WAIT_MS), 0);
    assert_int_equal(stat(fx->path, &after), 0);
    assert_true(before.st_mtim.tv_sec == after.st_mtim.tv_sec &&
                before.st_mtim.tv_nsec == after.st_mtim.tv_nsec);
}

/* Another program changes the draft while it is open: Ctrl-S asks; c
 * keeps the edit unsaved and their file untouched; o writes ours. */
static void test_changed_on_disk(void **state)
{
    struct fx *fx = *state;
    struct vt *t = open_example(fx, 24, 80);
    goto_effect(t);
    vt_send(t, "\t\r\x15" "20\r");
    must_row(t, status_row(t), "Total 95.76");
    put_text(fx->path, "a colleague's version\n");
    vt_send(t, "\x13");
    must_row(t, msg_row(t), "changed on disk. o: overwrite it");
    vt_send(t, "c");
    must_row(t, msg_row(t), "Not saved");
    must_row(t, 0, "[+]");
    assert_true(file_is(fx->path, "a colleague's version\n"));
    vt_send(t, "\x13");
    must_row(t, msg_row(t), "o: overwrite it");
    vt_send(t, "o");
    must_row(t, msg_row(t), "Saved");
    vt_send(t, "q");
    assert_int_equal(vt_wait_exit(t, WAIT_MS), 0);
    struct form *f = std_form();
    struct draft *d = load_draft(fx->path, f);
    assert_int_equal(draft_total(d), 9576);
    draft_free(d);
    form_free(f);
}

/* The same question in Chinese, when the system has a zh_CN locale. */
static void test_changed_on_disk_zh(void **state)
{
    struct fx *fx = *state;
    struct vt *t = fx->t = start_zh(24, 80, fx->path, NULL, NULL);
    must_wait_row(t, status_row(t), "93.76");
    goto_effect(t);
    vt_send(t, "\t\r\x15" "20\r");
    must_row(t, status_row(t), "95.76");
    put_text(fx->path, "同事的版本\n");
    vt_send(t, "\x13");
    must_row(t, msg_row(t), "已在磁盘上被修改。o：覆盖，e：另存到其他位置，c：取消");
    vt_send(t, "c");
    must_row(t, msg_row(t), "未保存");
    assert_true(file_is(fx->path, "同事的版本\n"));
}

/* A draft its owner may not write (chmod a-w) is not saved over, even by
 * root: Ctrl-S says read-only and asks; o overrides, and the file stays
 * read-only. */
static void test_read_only_file(void **state)
{
    struct fx *fx = *state;
    assert_int_equal(chmod(fx->path, 0444), 0);
    struct stat before, after;
    assert_int_equal(stat(fx->path, &before), 0);
    struct vt *t = open_example(fx, 24, 80);
    goto_effect(t);
    vt_send(t, "\t\r\x15" "20\r");
    must_row(t, status_row(t), "Total 95.76");
    vt_send(t, "\x13");
    must_row(t, msg_row(t), "is read-only");
    vt_send(t, "c");
    must_row(t, msg_row(t), "Not saved");
    assert_int_equal(stat(fx->path, &after), 0);
    assert_true(before.st_mtim.tv_sec == after.st_mtim.tv_sec &&
                before.st_mtim.tv_nsec == after.st_mtim.tv_nsec);
    vt_send(t, "\x13");
    must_row(t, msg_row(t), "is read-only");
    vt_send(t, "o");
    must_row(t, msg_row(t), "Saved");
    vt_send(t, "q");
    assert_int_equal(vt_wait_exit(t, WAIT_MS), 0);
    assert_int_equal(stat(fx->path, &after), 0);
    assert_int_equal(after.st_mode & 07777, 0444);
    struct form *f = std_form();
    struct draft *d = load_draft(fx->path, f);
    assert_int_equal(draft_total(d), 9576);
    draft_free(d);
    form_free(f);
}

/* The same read-only draft, e: the edit goes to another file, the
 * read-only one is left as it was. */
static void test_read_only_elsewhere(void **state)
{
    struct fx *fx = *state;
    assert_int_equal(chmod(fx->path, 0444), 0);
    struct stat before, after;
    assert_int_equal(stat(fx->path, &before), 0);
    struct vt *t = open_example(fx, 24, 80);
    goto_effect(t);
    vt_send(t, "\t\r\x15" "20\r");
    must_row(t, status_row(t), "Total 95.76");
    vt_send(t, "\x13");
    must_row(t, msg_row(t), "e: save elsewhere");
    vt_send(t, "e");
    must_row(t, msg_row(t), "Save the draft as");
    char keys[700], other[600];
    snprintf(other, sizeof other, "%s/mine.csv", fx->dir);
    snprintf(keys, sizeof keys, "%s\r", other);
    vt_send(t, keys);
    must_row(t, msg_row(t), "Saved");
    vt_send(t, "q");
    assert_int_equal(vt_wait_exit(t, WAIT_MS), 0);
    assert_int_equal(stat(fx->path, &after), 0);
    assert_true(before.st_mtim.tv_sec == after.st_mtim.tv_sec &&
                before.st_mtim.tv_nsec == after.st_mtim.tv_nsec);
    struct form *f = std_form();
    struct draft *d = load_draft(other, f);
    assert_int_equal(draft_total(d), 9576);
    draft_free(d);
    form_free(f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_older_journal_asked, setup, teardown),
        cmocka_unit_test_setup_teardown(test_recovery_after_kill, setup, teardown),
        cmocka_unit_test_setup_teardown(test_recovery_esc, setup, teardown),
        cmocka_unit_test_setup_teardown(test_elsewhere_cancelled_keeps_journal, setup, teardown),
        cmocka_unit_test_setup_teardown(test_planted_journal_symlink, setup, teardown),
        cmocka_unit_test_setup_teardown(test_recovery_of_undo_after_save, setup, teardown),
        cmocka_unit_test_setup_teardown(test_stale_temp_removed, setup, teardown),
        cmocka_unit_test_setup_teardown(test_new_draft_named_on_save, setup, teardown),
        cmocka_unit_test_setup_teardown(test_save_elsewhere, setup, teardown),
        cmocka_unit_test_setup_teardown(test_read_only, setup, teardown),
        cmocka_unit_test_setup_teardown(test_changed_on_disk, setup, teardown),
        cmocka_unit_test_setup_teardown(test_changed_on_disk_zh, setup, teardown),
        cmocka_unit_test_setup_teardown(test_read_only_file, setup, teardown),
        cmocka_unit_test_setup_teardown(test_read_only_elsewhere, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
