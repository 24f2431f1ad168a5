/* test_journal.c - the journal's and the lock's files (core/journal.c, core/journal_lock.c). */
#include "testutil.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/sysmacros.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <signal.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "draft.h"
#include "draftio.h"
#include "forms.h"
#include "history.h"
#include "journal.h"
#include "journal_fx.h"

static void test_paths(void **state)
{
    (void)state;
    char *j = journal_path_for("dir/sub/x.csv");
    char *l = journal_lock_path_for("x.csv");
    assert_string_equal(j, "dir/sub/.x.csv.jixiao-journal");
    assert_string_equal(l, ".x.csv.jixiao-lock");
    free(j);
    free(l);
}

/* Files planted at the journal's and the lock's names by another user of a
 * shared folder: never followed, read or waited on. Each call runs in a
 * child under alarm(), so a blocked open fails the test instead of
 * hanging it. */
static void run_bounded(void (*fn)(struct fx *), struct fx *fx)
{
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        alarm(5);
        fn(fx);
        _exit(0);
    }
    int ws;
    assert_int_equal(waitpid(pid, &ws, 0), pid);
    if (!WIFEXITED(ws) || WEXITSTATUS(ws) != 0)
        fail_msg("planted file: the child %s", WIFSIGNALED(ws) ? "blocked or crashed" : "failed");
}

static int planted_ok(struct fx *fx, const char *kind)
{
    char why[1024] = "";
    char *jp = journal_path_for(fx->path);
    int bad = 0;
    struct journal *j = journal_start(fx->path, "-", why, sizeof why);
    if (j || !strstr(why, jp)) {
        fprintf(stderr, "%s: journal_start %s (%s)\n", kind, j ? "used it" : "gave no name", why);
        bad = 1;
    }
    journal_close(j);
    j = journal_continue(fx->path, why, sizeof why);
    if (j) {
        fprintf(stderr, "%s: journal_continue used it\n", kind);
        bad = 1;
    }
    journal_close(j);
    struct journal_state st;
    struct diags dg = {0};
    if (journal_read(fx->path, &st, &dg) != -1 || dg.errors == 0) {
        fprintf(stderr, "%s: journal_read did not refuse it\n", kind);
        bad = 1;
    }
    journal_state_free(&st);
    diags_clear(&dg);
    free(jp);
    return bad;
}

static void planted_symlink(struct fx *fx)
{
    char target[600];
    snprintf(target, sizeof target, "%s/victim", fx->dir);
    FILE *f = fopen(target, "w");
    fputs("precious\n", f);
    fclose(f);
    char *jp = journal_path_for(fx->path);
    if (symlink(target, jp) != 0)
        _exit(3);
    int bad = planted_ok(fx, "symlink");
    size_t len;
    char *s = slurp(target, &len);
    if (!s || strcmp(s, "precious\n") != 0)
        bad = 1;   /* the target was written through the link */
    free(s);
    unlink(jp);
    free(jp);
    _exit(bad);
}

static void planted_fifo(struct fx *fx)
{
    char *jp = journal_path_for(fx->path);
    if (mkfifo(jp, 0666) != 0)
        _exit(3);
    int bad = planted_ok(fx, "FIFO");
    unlink(jp);
    free(jp);
    _exit(bad);
}

static void planted_device(struct fx *fx)
{
    /* like /dev/zero (1, 5): endless zero bytes to whoever reads it */
    char *jp = journal_path_for(fx->path);
    if (mknod(jp, S_IFCHR | 0666, makedev(1, 5)) != 0)
        _exit(4);
    int bad = planted_ok(fx, "device");
    unlink(jp);
    free(jp);
    _exit(bad);
}

static void planted_lock_fifo(struct fx *fx)
{
    char *lp = journal_lock_path_for(fx->path);
    if (mkfifo(lp, 0666) != 0)
        _exit(3);
    char why[1024] = "";
    struct lock_owner o;
    enum lock_result r = journal_lock(fx->path, &o, why, sizeof why);
    int bad = r != LOCK_FAILED || !strstr(why, lp);
    if (bad)
        fprintf(stderr, "lock FIFO: %d (%s)\n", (int)r, why);
    journal_unlock(fx->path);   /* must not block either */
    struct stat st;
    if (lstat(lp, &st) != 0 || !S_ISFIFO(st.st_mode))
        bad = 1;   /* not ours: left alone */
    unlink(lp);
    free(lp);
    _exit(bad);
}

static void test_planted_symlink(void **state) { run_bounded(planted_symlink, *state); }
static void test_planted_fifo(void **state) { run_bounded(planted_fifo, *state); }
static void test_planted_lock_fifo(void **state) { run_bounded(planted_lock_fifo, *state); }

static void test_planted_device(void **state)
{
    if (geteuid() != 0)
        skip_because("needs root to make a device node (mknod)");
    run_bounded(planted_device, *state);
}

/* A regular journal of another user (planted, or a colleague's) is not
 * appended to or replayed. */
static void test_planted_other_owner(void **state)
{
    struct fx *fx = *state;
    if (geteuid() != 0)
        skip_because("needs root to give a file to another user (chown)");
    char why[1024] = "";
    struct journal *j = journal_start(fx->path, fx->form->hash, why, sizeof why);
    struct draft *d = draft_new(fx->form);
    struct history *h = history_new();
    commit(d, h, j, EDIT_SCORE, "3.3.1", NULL, "18");
    journal_close(j);
    char *jp = journal_path_for(fx->path);
    assert_int_equal(chown(jp, 65534, 65534), 0);
    assert_null(journal_continue(fx->path, why, sizeof why));
    assert_non_null(strstr(why, jp));
    assert_non_null(strstr(why, "another user"));
    struct journal_state st;
    struct diags dg = {0};
    assert_int_equal(journal_read(fx->path, &st, &dg), -1);
    assert_int_equal(st.nedits, 0);
    journal_state_free(&st);
    diags_clear(&dg);
    free(jp);
    history_free(h);
    draft_free(d);
}

static void test_not_a_journal(void **state)
{
    struct fx *fx = *state;
    char *jp = journal_path_for(fx->path);
    FILE *f = fopen(jp, "w");
    fputs("hello\nworld\n", f);
    fclose(f);
    struct journal_state st;
    struct diags dg = {0};
    assert_int_equal(journal_read(fx->path, &st, &dg), -1);
    assert_true(dg.errors > 0);
    char *all = diags_join(&dg);
    char expect[600];
    snprintf(expect, sizeof expect, "%s:1:", jp);
    assert_non_null(strstr(all, expect));
    free(all);
    journal_state_free(&st);
    diags_clear(&dg);
    free(jp);
}

static void test_absent_and_empty(void **state)
{
    struct fx *fx = *state;
    struct journal_state st;
    struct diags dg = {0};
    assert_int_equal(journal_read(fx->path, &st, &dg), 0);
    assert_false(st.exists);
    assert_false(journal_should_offer(&st));
    /* Created but never written (a crash right after opening it). */
    char *jp = journal_path_for(fx->path);
    close(open(jp, O_CREAT | O_WRONLY, 0600));
    assert_int_equal(journal_read(fx->path, &st, &dg), 0);
    assert_true(st.exists);
    assert_false(journal_should_offer(&st));
    assert_int_equal(journal_remove(fx->path), 0);
    assert_int_equal(access(jp, F_OK), -1);
    assert_int_equal(journal_remove(fx->path), 0);   /* already gone is fine */
    free(jp);
    diags_clear(&dg);
}

static void test_older_than_draft(void **state)
{
    struct fx *fx = *state;
    char why[256] = "";
    struct draft *d = draft_new(fx->form);
    struct history *h = history_new();
    assert_int_equal(draftio_save(d, fx->path, why, sizeof why), 0);
    struct journal *j = journal_start(fx->path, fx->form->hash, why, sizeof why);
    commit(d, h, j, EDIT_SCORE, "3.3.1", NULL, "18");
    journal_close(j);
    /* The draft was saved after the journal's last record. */
    struct timespec later[2];
    clock_gettime(CLOCK_REALTIME, &later[0]);
    later[0].tv_sec += 10;
    later[1] = later[0];
    assert_int_equal(utimensat(AT_FDCWD, fx->path, later, 0), 0);
    struct journal_state st;
    struct diags dg = {0};
    assert_int_equal(journal_read(fx->path, &st, &dg), 0);
    assert_true(st.exists);
    assert_false(st.newer);
    assert_false(st.base_matches);
    assert_false(journal_should_offer(&st));
    journal_state_free(&st);
    diags_clear(&dg);
    history_free(h);
    draft_free(d);
}

static void test_discard(void **state)
{
    struct fx *fx = *state;
    char why[256] = "";
    struct journal *j = journal_start(fx->path, "0123456789abcdef", why, sizeof why);
    assert_non_null(j);
    char *jp = journal_path_for(fx->path);
    assert_int_equal(access(jp, F_OK), 0);
    journal_discard(j);
    assert_int_equal(access(jp, F_OK), -1);
    free(jp);
}

static void write_lock(const char *draft, long pid, const char *host)
{
    char *lp = journal_lock_path_for(draft);
    FILE *f = fopen(lp, "w");
    fprintf(f, "%ld %s\n", pid, host);
    fclose(f);
    free(lp);
}

static void test_lock(void **state)
{
    struct fx *fx = *state;
    struct lock_owner o;
    char why[256] = "";
    char host[256] = "";
    gethostname(host, sizeof host - 1);

    assert_int_equal(journal_lock(fx->path, &o, why, sizeof why), LOCK_OK);
    assert_false(o.stale);
    /* A second editor (here: the same live process) finds it busy. */
    assert_int_equal(journal_lock(fx->path, &o, why, sizeof why), LOCK_BUSY);
    assert_int_equal(o.pid, (long)getpid());
    assert_string_equal(o.host, host);
    journal_unlock(fx->path);
    char *lp = journal_lock_path_for(fx->path);
    assert_int_equal(access(lp, F_OK), -1);

    /* The lock of a process that died (kill -9) is stale and taken over. */
    pid_t child = fork();
    if (child == 0)
        _exit(0);
    waitpid(child, NULL, 0);
    write_lock(fx->path, child, host);
    assert_int_equal(journal_lock(fx->path, &o, why, sizeof why), LOCK_OK);
    assert_true(o.stale);
    assert_int_equal(o.pid, (long)child);
    journal_unlock(fx->path);

    /* Another host's lock cannot be judged: busy, and unlock leaves it. */
    write_lock(fx->path, 1, "some-other-host.example");
    assert_int_equal(journal_lock(fx->path, &o, why, sizeof why), LOCK_BUSY);
    assert_string_equal(o.host, "some-other-host.example");
    journal_unlock(fx->path);
    assert_int_equal(access(lp, F_OK), 0);
    unlink(lp);
    free(lp);
}

/* A jixiao killed while writing the lock leaves its temp file
 * (DIR/.jixiao-lock.HOST.PID): the next one to take the lock removes it, and leaves
 * those of live processes and of other hosts, which it cannot judge. */
static void test_lock_temp_left(void **state)
{
    struct fx *fx = *state;
    struct lock_owner o;
    char why[256] = "", host[256] = "";
    gethostname(host, sizeof host - 1);
    pid_t dead = fork();
    if (dead == 0)
        _exit(0);
    waitpid(dead, NULL, 0);
    char *lp = journal_lock_path_for(fx->path);
    int dl = (int)(strrchr(lp, '/') - lp);
    char gone[4096], live[4096], other[4096], odd[4096];
    snprintf(gone, sizeof gone, "%.*s/.jixiao-lock.%s.%ld", dl, lp, host, (long)dead);
    snprintf(live, sizeof live, "%.*s/.jixiao-lock.%s.%ld", dl, lp, host, (long)getppid());
    snprintf(other, sizeof other, "%.*s/.jixiao-lock.some-other-host.example.%ld", dl, lp,
             (long)dead);
    snprintf(odd, sizeof odd, "%.*s/.jixiao-lock.%s.%ldx", dl, lp, host, (long)dead);
    const char *all[] = {gone, live, other, odd};
    for (int i = 0; i < 4; i++) {
        FILE *f = fopen(all[i], "w");
        assert_non_null(f);
        if (i != 0)
            fprintf(f, "1 x\n");   /* the dead one's was cut before its content */
        fclose(f);
    }
    assert_int_equal(journal_lock(fx->path, &o, why, sizeof why), LOCK_OK);
    assert_int_equal(access(gone, F_OK), -1);
    assert_int_equal(access(live, F_OK), 0);
    assert_int_equal(access(other, F_OK), 0);
    assert_int_equal(access(odd, F_OK), 0);
    journal_unlock(fx->path);
    for (int i = 1; i < 4; i++)
        unlink(all[i]);
    free(lp);
}

/* Eight jixiaos opening a draft whose lock is stale, all at once: exactly
 * one takes it over, the others find it busy. Repeated, since a race only
 * shows now and then. */
static void test_stale_lock_race(void **state)
{
    struct fx *fx = *state;
    char host[256] = "";
    gethostname(host, sizeof host - 1);
    char *lp = journal_lock_path_for(fx->path);
    for (int round = 0; round < 20; round++) {
        pid_t dead = fork();
        if (dead == 0)
            _exit(0);
        waitpid(dead, NULL, 0);
        write_lock(fx->path, dead, host);
        int go[2], res[2];
        assert_int_equal(pipe(go), 0);
        assert_int_equal(pipe(res), 0);
        pid_t kids[8];
        for (int k = 0; k < 8; k++) {
            kids[k] = fork();
            if (kids[k] == 0) {
                char c;
                close(go[1]);
                if (read(go[0], &c, 1) != 0)   /* wait for the start */
                    _exit(2);
                struct lock_owner o;
                char why[256];
                char r = journal_lock(fx->path, &o, why, sizeof why) == LOCK_OK ? 'Y' : 'n';
                if (write(res[1], &r, 1) != 1)
                    _exit(2);
                pause();   /* stay alive: the winner's lock must look live */
                _exit(0);
            }
        }
        close(go[0]);
        close(go[1]);   /* everyone starts */
        int ok = 0;
        for (int k = 0; k < 8; k++) {
            char r;
            assert_int_equal(read(res[0], &r, 1), 1);
            ok += r == 'Y';
        }
        for (int k = 0; k < 8; k++) {
            kill(kids[k], SIGKILL);
            waitpid(kids[k], NULL, 0);
        }
        close(res[0]);
        close(res[1]);
        unlink(lp);
        if (ok != 1)
            fail_msg("round %d: %d of 8 took the lock", round, ok);
    }
    free(lp);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_paths),
        cmocka_unit_test_setup_teardown(test_stale_lock_race, setup, teardown),
        cmocka_unit_test_setup_teardown(test_planted_symlink, setup, teardown),
        cmocka_unit_test_setup_teardown(test_planted_fifo, setup, teardown),
        cmocka_unit_test_setup_teardown(test_planted_device, setup, teardown),
        cmocka_unit_test_setup_teardown(test_planted_lock_fifo, setup, teardown),
        cmocka_unit_test_setup_teardown(test_planted_other_owner, setup, teardown),
        cmocka_unit_test_setup_teardown(test_not_a_journal, setup, teardown),
        cmocka_unit_test_setup_teardown(test_absent_and_empty, setup, teardown),
        cmocka_unit_test_setup_teardown(test_older_than_draft, setup, teardown),
        cmocka_unit_test_setup_teardown(test_discard, setup, teardown),
        cmocka_unit_test_setup_teardown(test_lock, setup, teardown),
        cmocka_unit_test_setup_teardown(test_lock_temp_left, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
