/* test_kill.c - kill -9 during editing and saving, 200+ times.
 *
 * A child process does what the editor does (session.c): take the lock,
 * apply an edit, journal it (fsync'd), and every few edits save the draft
 * atomically and drop the journal. It reports each edit once its journal
 * record is written, and each save once it returned. The parent kills it
 * with SIGKILL after a random delay, then opens the draft as the editor
 * would: takes over the stale lock, cleans leftover temp files, reads the
 * draft and replays the journal. Every time:
 *   - the draft file loads without error and is exactly the version saved
 *     after some edit k (never half written), k between the last reported
 *     save and the last edit started;
 *   - after recovery the draft holds every reported edit (nothing lost),
 *     and at most the one edit that was being written when killed.
 * The next child continues from the recovered draft, so the whole run is
 * one long editing session that must lose nothing.
 *
 * Timing only decides where the kills land, never whether a check passes.
 */
#include "testutil.h"

#include <errno.h>
#include <locale.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <dirent.h>
#include <poll.h>

#include "draftio.h"
#include "fileio.h"
#include "forms.h"
#include "history.h"
#include "journal.h"

#define KILLS 220
#define SAVE_EVERY 5
#define MAX_DELAY_US 12000

static struct form *form;
static int leaves[256];
static int nleaves;
static char *base_buf;       /* the draft the run starts from */
static size_t base_len;

/* Edit number i (1-based) sets the note of leaf i % nleaves to a text that
 * needs quoting or the formula guard. */
static void note_text(long i, char *buf, size_t size)
{
    switch (i % 4) {
    case 0: snprintf(buf, size, "第%ld次修改", i); break;
    case 1: snprintf(buf, size, "=第%ld次,\"引号\"", i); break;
    case 2: snprintf(buf, size, "换行\n第%ld次", i); break;
    default: snprintf(buf, size, "-%ld", i); break;
    }
}

static void make_edit(const struct draft *dr, long i, struct edit *e, char *text, size_t size)
{
    note_text(i, text, size);
    *e = (struct edit){.kind = EDIT_NOTE,
                       .id = (char *)draft_node(dr, leaves[i % nleaves])->fn->id,
                       .value = text};
}

/* The draft after edits 1..k, serialised as a save writes it. */
static char *version(long k, size_t *len)
{
    struct diags d = {0};
    struct draft *dr = draftio_load_buffer("base.csv", base_buf, base_len, form, &d);
    assert_non_null(dr);
    diags_clear(&d);
    char text[128], why[256];
    for (long j = 0; j < nleaves; j++) {
        long i = k - ((k - j) % nleaves + nleaves) % nleaves;   /* last i <= k, i = j mod n */
        if (i < 1)
            continue;
        struct edit e;
        make_edit(dr, i, &e, text, sizeof text);
        assert_int_equal(draft_apply(dr, &e, NULL, why, sizeof why), 0);
    }
    char *buf;
    assert_int_equal(draftio_write_buffer(dr, true, &buf, len), 0);
    draft_free(dr);
    return buf;
}

struct report {
    char kind;   /* 'E' edit journalled, 'S' saved */
    long i;
};

static void report(int fd, char kind, long i)
{
    struct report r = {kind, i};
    if (write(fd, &r, sizeof r) != (ssize_t)sizeof r)
        _exit(3);
}

/* The child: the editor's sequence of calls, until killed. */
static void child(const char *path, long start, int fd)
{
    struct lock_owner o;
    char why[512], text[128];
    if (journal_lock(path, &o, why, sizeof why) != LOCK_OK)
        _exit(4);
    struct diags d = {0};
    struct draft *dr = draftio_load(path, form, &d);
    if (!dr)
        _exit(5);
    struct journal *j = NULL;
    for (long i = start + 1; i < start + 100000; i++) {
        struct edit e, inv;
        make_edit(dr, i, &e, text, sizeof text);
        if (draft_apply(dr, &e, &inv, why, sizeof why) < 0)
            _exit(6);
        edit_clear(&inv);
        if (!j && !(j = journal_start(path, form->hash, why, sizeof why)))
            _exit(7);
        if (journal_append_edit(j, &e, why, sizeof why) < 0)
            _exit(8);
        report(fd, 'E', i);
        if (i % SAVE_EVERY == 0) {
            if (draftio_save(dr, path, why, sizeof why) < 0)
                _exit(9);
            journal_discard(j);
            j = NULL;
            journal_remove(path);
            report(fd, 'S', i);
        }
    }
    _exit(0);
}

static int temp_files(const char *dir, const char *base)
{
    DIR *dp = opendir(dir);
    assert_non_null(dp);
    int n = 0;
    struct dirent *e;
    while ((e = readdir(dp)))
        n += fileio_is_temp_of(e->d_name, base);
    closedir(dp);
    return n;
}

static bool same(const char *a, size_t al, const char *b, size_t bl)
{
    return al == bl && !memcmp(a, b, al);
}

static void test_kill_during_edits_and_saves(void **state)
{
    (void)state;
    char p[4096];
    base_buf = slurp(srcpath(p, sizeof p, "examples/dapeng-2021.csv"), &base_len);
    assert_non_null(base_buf);
    char *dir = tmpdir_new();
    char path[4096];
    snprintf(path, sizeof path, "%s/draft.csv", dir);
    {
        size_t n;
        char *v0 = version(0, &n), why[512];
        assert_int_equal(fileio_write_atomic(path, v0, n, why, sizeof why), 0);
        free(v0);
    }
    unsigned rng = 20240601;
    long file_k = 0;   /* the version the file holds */
    int kills = 0, temp_left = 0, stale_locks = 0, recovered_rounds = 0, mid_save = 0;
    long edits_reported = 0, edits_recovered = 0;
    for (int round = 0; round < KILLS; round++) {
        int pfd[2];
        assert_int_equal(pipe(pfd), 0);
        pid_t pid = fork();
        assert_true(pid >= 0);
        if (pid == 0) {
            close(pfd[0]);
            child(path, file_k, pfd[1]);
        }
        close(pfd[1]);
        rng = rng * 1103515245u + 12345u;
        int delay_us = (int)((rng >> 8) % MAX_DELAY_US);
        struct timespec t0, now;
        clock_gettime(CLOCK_MONOTONIC, &t0);
        long last_e = file_k, last_s = -1;
        char tail[64];
        size_t tail_n = 0;
        /* read reports while waiting, so the child never blocks on the pipe */
        for (;;) {
            clock_gettime(CLOCK_MONOTONIC, &now);
            long el = (now.tv_sec - t0.tv_sec) * 1000000L + (now.tv_nsec - t0.tv_nsec) / 1000;
            if (el >= delay_us)
                break;
            struct pollfd pf = {pfd[0], POLLIN, 0};
            int to = (int)((delay_us - el + 999) / 1000);
            if (poll(&pf, 1, to) > 0) {
                ssize_t got = read(pfd[0], tail + tail_n, sizeof tail - tail_n);
                if (got <= 0)
                    break;   /* the child exited: a bug, caught below */
                tail_n += (size_t)got;
                while (tail_n >= sizeof(struct report)) {
                    struct report r;
                    memcpy(&r, tail, sizeof r);
                    memmove(tail, tail + sizeof r, tail_n - sizeof r);
                    tail_n -= sizeof r;
                    if (r.kind == 'E')
                        last_e = r.i;
                    else
                        last_s = r.i;
                }
            }
        }
        kill(pid, SIGKILL);
        int st;
        assert_int_equal(waitpid(pid, &st, 0), pid);
        if (!WIFSIGNALED(st))
            fail_msg("round %d: the child exited with %d before the kill", round,
                     WIFEXITED(st) ? WEXITSTATUS(st) : -1);
        kills++;
        ssize_t got;
        while ((got = read(pfd[0], tail + tail_n, sizeof tail - tail_n)) > 0) {
            tail_n += (size_t)got;
            while (tail_n >= sizeof(struct report)) {
                struct report r;
                memcpy(&r, tail, sizeof r);
                memmove(tail, tail + sizeof r, tail_n - sizeof r);
                tail_n -= sizeof r;
                if (r.kind == 'E')
                    last_e = r.i;
                else
                    last_s = r.i;
            }
        }
        close(pfd[0]);
        edits_reported += last_e - file_k;

        /* open as the editor does: lock (stale), clean temp files */
        int tmp_now = temp_files(dir, "draft.csv");
        temp_left += tmp_now > 0;
        struct lock_owner o;
        char why[512];
        assert_int_equal(journal_lock(path, &o, why, sizeof why), LOCK_OK);
        stale_locks += o.stale;
        assert_int_equal(fileio_clean_stale(path, why, sizeof why), tmp_now);
        assert_int_equal(temp_files(dir, "draft.csv"), 0);

        /* the file is one complete version */
        size_t flen;
        char *fbuf = slurp(path, &flen);
        assert_non_null(fbuf);
        long k_file = -1;
        long lo = last_s >= 0 ? last_s : file_k;
        for (long k = lo; k <= last_e + 1 && k_file < 0; k++) {
            if (k != file_k && k % SAVE_EVERY)
                continue;
            size_t vl;
            char *v = version(k, &vl);
            if (same(fbuf, flen, v, vl))
                k_file = k;
            free(v);
        }
        if (k_file < 0)
            fail_msg("round %d: the draft is not a complete saved version (edits %ld..%ld, "
                     "last save %ld)", round, file_k, last_e, last_s);
        mid_save += k_file > last_s && k_file != file_k;   /* renamed, not yet reported */
        free(fbuf);
        struct diags d = {0};
        struct draft *dr = draftio_load(path, form, &d);
        assert_non_null(dr);
        assert_int_equal(d.errors, 0);

        /* recovery restores every reported edit */
        struct journal_state js;
        assert_true(journal_read(path, &js, &d) >= 0);
        if (journal_should_offer(&js)) {
            struct history *h = history_new();
            journal_replay(&js, dr, h, NULL, &d);
            history_free(h);
            recovered_rounds++;
            edits_recovered += (long)js.nedits;
        }
        journal_state_free(&js);
        assert_int_equal(d.errors, 0);
        diags_clear(&d);
        char *mem;
        size_t ml;
        assert_int_equal(draftio_write_buffer(dr, true, &mem, &ml), 0);
        long m = -1;
        for (long k = last_e; k <= last_e + 1 && m < 0; k++) {
            size_t vl;
            char *v = version(k, &vl);
            if (same(mem, ml, v, vl))
                m = k;
            free(v);
        }
        if (m < 0)
            fail_msg("round %d: after recovery the draft is not edit %ld or %ld (file at %ld)",
                     round, last_e, last_e + 1, k_file);
        free(mem);
        /* the user saves the recovered draft and goes on */
        assert_int_equal(draftio_save(dr, path, why, sizeof why), 0);
        journal_remove(path);
        journal_unlock(path);
        draft_free(dr);
        file_k = m;
    }
    print_message("# kill: %d kills survived, %ld edits reported and none lost, %d recoveries "
                  "from the journal (%ld journalled edits replayed), %d stale locks taken over, "
                  "%d kills left a temp file (cleaned), %d kills between rename and report\n",
                  kills, edits_reported, recovered_rounds, edits_recovered, stale_locks,
                  temp_left, mid_save);
    assert_true(kills >= 200);
    rmtree(dir);
    free(dir);
    free(base_buf);
}

static int setup(void **state)
{
    (void)state;
    struct diags d = {0};
    form = form_load_standard(&d);
    diags_clear(&d);
    if (!form)
        return -1;
    struct draft *dr = draft_new(form);
    for (int k = draft_first(dr); k >= 0 && nleaves < 256; k = draft_next(dr, k))
        if (dnode_is_leaf(draft_node(dr, k)))
            leaves[nleaves++] = k;
    draft_free(dr);
    return nleaves > 0 ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    form_free(form);
    return 0;
}

int main(void)
{
    setlocale(LC_ALL, "C.UTF-8");
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_kill_during_edits_and_saves),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
