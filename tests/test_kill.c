/* test_kill.c - kill -9 during editing and saving, 220 times and more.
 *
 * A child process does what the editor does (session.c): take the lock,
 * apply an edit, journal it (fsync'd), and every few edits save the draft
 * atomically and drop the journal. It reports each edit once its journal
 * record is written, and each save as it begins and once it returned. The
 * parent kills it with SIGKILL after a random delay (every third time
 * aimed at a save: a random delay after it begins, or as soon as the draft
 * is seen replaced), then opens the draft as the editor
 * would: takes over the stale lock, cleans leftover temp files, reads the
 * draft and replays the journal. Every time:
 *   - the folder holds the draft, its lock, its journal and at most one
 *     temp file, and a temp file only when a save was under way;
 *   - the lock is there, and taken over as stale, exactly when the child
 *     had taken it;
 *   - the draft file is exactly the last reported save, or, when a save was
 *     under way, the version it was writing (never a mix), each note as
 *     its edit made it; a temp file means the old one;
 *   - recovery is offered whenever the file lacks a reported edit; the
 *     journal holds the edits since the last save in order, each the note
 *     of its indicator with its text, and at least every reported one;
 *   - after recovery each note is what the last edit made it, and the
 *     whole draft is that version (nothing lost, at most the one edit that
 *     was being written added);
 *   - once the user saved, the folder holds the draft alone.
 * The next child continues from the recovered draft, so the whole run is
 * one long editing session that must lose nothing. At the end each class
 * of kill (a recovery, a stale lock, a temp file, a save killed before its
 * rename and one after it) must have happened at least once: the run goes
 * on past 220 kills until it has (within a time budget), or fails.
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
#include <sys/stat.h>
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
#define MAX_ROUNDS 2000   /* while a class of kill is still missing */
#define BUDGET_S 60.0
#define AIM_WAIT_US 500000.0   /* an aimed kill waits this long at most for a save */
#define AIM_DELAY_US 400

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

/* What the child tells the parent: 'E' i once edit i is journalled, 'B' i
 * before the save after edit i starts, 'S' i once that save returned and
 * the journal is gone. */
struct report {
    char kind;
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
            report(fd, 'B', i);
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

/* The last report of each kind, read from the child's pipe. */
struct reports {
    long e, b, s;   /* -1: none this round */
    char tail[64];
    size_t tail_n;
};

/* Read what the pipe holds; false at its end. */
static bool reports_read(struct reports *r, int fd)
{
    ssize_t got = read(fd, r->tail + r->tail_n, sizeof r->tail - r->tail_n);
    if (got <= 0)
        return false;
    r->tail_n += (size_t)got;
    while (r->tail_n >= sizeof(struct report)) {
        struct report x;
        memcpy(&x, r->tail, sizeof x);
        memmove(r->tail, r->tail + sizeof x, r->tail_n - sizeof x);
        r->tail_n -= sizeof x;
        long *last = x.kind == 'E' ? &r->e : x.kind == 'B' ? &r->b : x.kind == 'S' ? &r->s : NULL;
        if (!last || x.i <= *last)
            fail_msg("report %c %ld out of order", x.kind, x.i);
        *last = x.i;
    }
    return true;
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

/* The folder's entries but . and .., sorted; how many (at most max). */
static int listing(const char *dir, char names[][256], int max)
{
    DIR *dp = opendir(dir);
    assert_non_null(dp);
    int n = 0;
    struct dirent *e;
    while ((e = readdir(dp)))
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..") && n < max)
            snprintf(names[n++], 256, "%s", e->d_name);
    closedir(dp);
    qsort(names, (size_t)n, 256, (int (*)(const void *, const void *))strcmp);
    return n;
}

/* Fail unless the folder holds the draft alone. */
static void assert_only_draft(const char *dir, const char *when)
{
    char names[8][256];
    int n = listing(dir, names, 8);
    if (n != 1 || strcmp(names[0], "draft.csv"))
        fail_msg("%s: the folder holds %d files, \"%s\"%s, not draft.csv alone", when, n,
                 n ? names[0] : "", n > 1 ? " and more" : "");
}

static bool same(const char *a, size_t al, const char *b, size_t bl)
{
    return al == bl && !memcmp(a, b, al);
}

/* Whether the file holds exactly version k. */
static bool file_is(const char *buf, size_t len, long k)
{
    size_t vl;
    char *v = version(k, &vl);
    bool eq = same(buf, len, v, vl);
    free(v);
    return eq;
}

/* Fail unless each leaf's note in dr is the one edits 1..k leave it:
 * the last edit i <= k made to it (i = its place mod nleaves), or the
 * base draft's when there is none. */
static void assert_notes(const struct draft *dr, const struct draft *base, long k, int round,
                         const char *what)
{
    char text[128];
    for (long j = 0; j < nleaves; j++) {
        long i = k - ((k - j) % nleaves + nleaves) % nleaves;
        const char *want = draft_node(base, leaves[j])->note;
        if (i >= 1) {
            note_text(i, text, sizeof text);
            want = text;
        }
        const struct dnode *nd = draft_node(dr, leaves[j]);
        if (strcmp(nd->note, want))
            fail_msg("round %d: %s: the note of %s is \"%s\", but edit %ld made it \"%s\"", round,
                     what, nd->fn->id, nd->note, i, want);
    }
}

/* Fail unless the journal holds edits first, first + 1, ... in order,
 * each the note of its leaf with its text. */
static void assert_journal(const struct journal_state *js, const struct draft *dr, long first,
                           int round)
{
    char text[128];
    assert_int_equal(js->nrecs, js->nedits);   /* the child never undoes */
    for (size_t r = 0; r < js->nrecs; r++) {
        long i = first + (long)r;
        const struct jrec *x = &js->recs[r];
        const char *id = draft_node(dr, leaves[i % nleaves])->fn->id;
        note_text(i, text, sizeof text);
        if (x->kind != JREC_EDIT || x->e.kind != EDIT_NOTE || !x->e.id || strcmp(x->e.id, id) ||
            !x->e.value || strcmp(x->e.value, text) || x->e.key)
            fail_msg("round %d: journal record %zu (line %ld) is not edit %ld (note of %s = "
                     "\"%s\"): kind %d, id %s, value \"%s\"", round, r, x->line, i, id, text,
                     (int)x->e.kind, x->e.id ? x->e.id : "NULL",
                     x->e.value ? x->e.value : "NULL");
    }
}

static double seconds_since(const struct timespec *t0)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - t0->tv_sec) + (double)(now.tv_nsec - t0->tv_nsec) / 1e9;
}

/* Return as soon as path is another file (a save renamed its temp file
 * over it), or after max_us. */
static void wait_for_rename(const char *path, int max_us)
{
    struct stat s0, s;
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    if (stat(path, &s0) != 0)
        return;
    while (seconds_since(&t0) * 1e6 < max_us)
        if (stat(path, &s) == 0 && s.st_ino != s0.st_ino)
            return;
}

/* Every class of kill this test is about, counted. */
struct tally {
    int kills, recoveries, stale_locks, temp_left, saving, saving_old, saving_new, lock_temp_left;
    long edits_reported, edits_replayed;
};

static void test_kill_during_edits_and_saves(void **state)
{
    (void)state;
    char p[4096];
    base_buf = slurp(srcpath(p, sizeof p, "examples/dapeng-2021.csv"), &base_len);
    assert_non_null(base_buf);
    struct diags bd = {0};
    struct draft *base = draftio_load_buffer("base.csv", base_buf, base_len, form, &bd);
    assert_non_null(base);
    diags_clear(&bd);
    char *dir = tmpdir_new();
    char path[4096], lockpath[4200];
    snprintf(path, sizeof path, "%s/draft.csv", dir);
    snprintf(lockpath, sizeof lockpath, "%s/.draft.csv.jixiao-lock", dir);
    {
        size_t n;
        char *v0 = version(0, &n), why[512];
        assert_int_equal(fileio_write_atomic(path, v0, n, why, sizeof why), 0);
        free(v0);
    }
    unsigned rng = 20240601;
    long file_k = 0;   /* the version the file holds */
    struct tally t = {0};
    struct timespec start;
    clock_gettime(CLOCK_MONOTONIC, &start);
    /* KILLS rounds, and more while a class of kill has not been seen yet,
     * within a time budget that leaves room under ASan (meson: 120 s) */
    for (int round = 0;; round++) {
        bool all_seen = t.recoveries && t.stale_locks && t.temp_left && t.saving_old &&
                        t.saving_new;
        if (round >= KILLS && (all_seen || round >= MAX_ROUNDS || seconds_since(&start) > BUDGET_S))
            break;
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
        /* most kills after a random delay; every third aimed at a save (a
         * small part of the child's time): a random delay after it says a
         * save begins, or, every sixth, as soon as the draft is seen
         * replaced (a kill between the rename and the report is rare when
         * left to chance) */
        enum { AIM_NONE, AIM_SAVE, AIM_RENAME } aim =
            round % 6 == 5 ? AIM_RENAME : round % 3 == 2 ? AIM_SAVE : AIM_NONE;
        double deadline = aim ? AIM_WAIT_US : (double)((rng >> 8) % MAX_DELAY_US);
        struct timespec t0;
        clock_gettime(CLOCK_MONOTONIC, &t0);
        struct reports rp = {.e = -1, .b = -1, .s = -1};
        /* read reports while waiting, so the child never blocks on the pipe */
        for (;;) {
            double el = seconds_since(&t0) * 1e6;
            if (el >= deadline)
                break;
            struct pollfd pf = {pfd[0], POLLIN, 0};
            if (poll(&pf, 1, (int)((deadline - el + 999) / 1000)) > 0 && !reports_read(&rp, pfd[0]))
                break;   /* the child exited: a bug, caught below */
            if (aim == AIM_SAVE && rp.b >= 0) {
                aim = AIM_NONE;
                deadline = seconds_since(&t0) * 1e6 + (double)((rng >> 8) % AIM_DELAY_US);
            }
            if (aim == AIM_RENAME && rp.b >= 0) {
                wait_for_rename(path, AIM_DELAY_US);
                break;
            }
        }
        kill(pid, SIGKILL);
        int st;
        assert_int_equal(waitpid(pid, &st, 0), pid);
        if (!WIFSIGNALED(st))
            fail_msg("round %d: the child exited with %d before the kill", round,
                     WIFEXITED(st) ? WEXITSTATUS(st) : -1);
        t.kills++;
        while (reports_read(&rp, pfd[0]))
            ;
        close(pfd[0]);
        long last_e = rp.e >= 0 ? rp.e : file_k;
        long prev = rp.s >= 0 ? rp.s : file_k;   /* the last save known done */
        bool saving = rp.b > prev;               /* a save started, not reported done */
        t.edits_reported += last_e - file_k;
        t.saving += saving;

        /* nothing but the draft, its lock (and the lock's temp file when
         * the kill came as the lock was taken), its journal and temp files */
        char names[16][256];
        int nn = listing(dir, names, 16), tmp_now = 0, lock_tmp = 0;
        bool lock_left = false;
        for (int i = 0; i < nn; i++) {
            if (fileio_is_temp_of(names[i], "draft.csv"))
                tmp_now++;
            else if (!strcmp(names[i], ".draft.csv.jixiao-lock"))
                lock_left = true;
            else if (!strncmp(names[i], ".jixiao-lock.", 13))
                lock_tmp++;
            else if (strcmp(names[i], "draft.csv") && strcmp(names[i], ".draft.csv.jixiao-journal"))
                fail_msg("round %d: a stray file \"%s\" after the kill", round, names[i]);
        }
        assert_true(lock_tmp <= 1);
        t.lock_temp_left += lock_tmp;
        /* one save at a time, and only a save in flight leaves its temp file */
        assert_true(tmp_now <= 1);
        if (tmp_now && !saving)
            fail_msg("round %d: a temp file, but no save was under way (last save %ld, edit %ld)",
                     round, prev, last_e);
        t.temp_left += tmp_now;

        /* open as the editor does: lock (stale), clean temp files */
        struct lock_owner o;
        char why[512];
        assert_int_equal(access(lockpath, F_OK) == 0, lock_left);
        assert_int_equal(journal_lock(path, &o, why, sizeof why), LOCK_OK);
        assert_int_equal(o.stale, lock_left);   /* the killed child's, and only then */
        t.stale_locks += o.stale;
        /* taking the lock removed the temp file of the child's */
        nn = listing(dir, names, 16);
        for (int i = 0; i < nn; i++)
            if (!strncmp(names[i], ".jixiao-lock.", 13))
                fail_msg("round %d: \"%s\" is still there once the lock is taken", round,
                         names[i]);
        assert_int_equal(fileio_clean_stale(path, why, sizeof why), tmp_now);
        assert_int_equal(temp_files(dir, "draft.csv"), 0);

        /* the file is one complete version: the last save's, or the one
         * being saved when the kill came, never a mix */
        size_t flen;
        char *fbuf = slurp(path, &flen);
        assert_non_null(fbuf);
        long k_file = -1;
        if (file_is(fbuf, flen, prev))
            k_file = prev;
        else if (saving && file_is(fbuf, flen, rp.b))
            k_file = rp.b;
        if (k_file < 0)
            fail_msg("round %d: the draft is not a complete saved version: neither edit %ld "
                     "(last save) nor %s%ld (edits up to %ld)", round, prev,
                     saving ? "the save under way at " : "", saving ? rp.b : prev, last_e);
        free(fbuf);
        if (saving) {
            t.saving_old += k_file == prev;
            t.saving_new += k_file == rp.b;   /* renamed, not yet reported */
        }
        if (tmp_now && k_file != prev)
            fail_msg("round %d: the new file is in place, and its temp file is still there",
                     round);
        struct diags d = {0};
        struct draft *dr = draftio_load(path, form, &d);
        assert_non_null(dr);
        assert_int_equal(d.errors, 0);
        assert_notes(dr, base, k_file, round, "the file");

        /* recovery: offered whenever the file lacks a reported edit; the
         * journal holds the edits since the last save, in order, each with
         * its value; after it the draft holds every reported edit */
        struct journal_state js;
        assert_true(journal_read(path, &js, &d) >= 0);
        long m = k_file;   /* the last edit the draft holds */
        if (journal_should_offer(&js)) {
            assert_journal(&js, dr, prev + 1, round);
            long je = prev + (long)js.nedits;
            if (je < last_e || je > last_e + 1)
                fail_msg("round %d: the journal holds edits %ld..%ld, but %ld were reported",
                         round, prev + 1, je, last_e);
            struct history *h = history_new();
            assert_int_equal(journal_replay(&js, dr, h, NULL, &d), js.nrecs);
            history_free(h);
            t.recoveries++;
            t.edits_replayed += (long)js.nedits;
            m = je > k_file ? je : k_file;
        } else if (k_file < last_e) {
            fail_msg("round %d: edits %ld..%ld were reported journalled, the file has %ld, and "
                     "no recovery is offered", round, k_file + 1, last_e, k_file);
        }
        journal_state_free(&js);
        assert_int_equal(d.errors, 0);
        diags_clear(&d);
        assert_notes(dr, base, m, round, "after recovery");
        /* and nothing else changed: the whole draft is version m */
        char *mem;
        size_t ml;
        assert_int_equal(draftio_write_buffer(dr, true, &mem, &ml), 0);
        if (!file_is(mem, ml, m))
            fail_msg("round %d: after recovery the draft is not edit %ld as saved", round, m);
        free(mem);
        /* the user saves the recovered draft and goes on */
        assert_int_equal(draftio_save(dr, path, why, sizeof why), 0);
        journal_remove(path);
        journal_unlock(path);
        draft_free(dr);
        assert_only_draft(dir, "after the recovered draft is saved");
        file_k = m;
    }
    print_message("# kill: %d kills survived, %ld edits reported and none lost, %d recoveries "
                  "from the journal (%ld journalled edits replayed, each checked), %d stale "
                  "locks taken over, %d kills during a save (%d kept the old file, %d between "
                  "rename and report), %d left a temp file (cleaned), %d the lock's temp file "
                  "(cleaned), %.1f s\n",
                  t.kills, t.edits_reported, t.recoveries, t.edits_replayed, t.stale_locks,
                  t.saving, t.saving_old, t.saving_new, t.temp_left, t.lock_temp_left,
                  seconds_since(&start));
    /* each class of kill happened at least once, or this run proved less
     * than it says */
    assert_true(t.kills >= KILLS);
    assert_true(t.edits_reported > 0);
    if (!t.recoveries || !t.stale_locks || !t.temp_left || !t.saving_old || !t.saving_new)
        fail_msg("in %d kills some class never happened: %d recoveries, %d stale locks, %d "
                 "temp files, %d saves killed before their rename, %d after", t.kills,
                 t.recoveries, t.stale_locks, t.temp_left, t.saving_old, t.saving_new);
    assert_true(t.edits_replayed >= t.recoveries);
    assert_true(t.saving_old + t.saving_new == t.saving);
    assert_true(t.temp_left <= t.saving_old);
    assert_only_draft(dir, "at the end");
    draft_free(base);
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
