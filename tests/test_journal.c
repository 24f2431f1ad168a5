/* test_journal.c - recovery journal and lock file (core/journal.c). */
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
#include "fileio.h"
#include "forms.h"
#include "history.h"
#include "journal.h"

/* history_push as journal.c sees it: linked with -Wl,--wrap=history_push
 * (tests/meson.build), so that a test can make the nth call from now fail
 * as if out of memory. */
int __real_history_push(struct history *h, const struct edit *fwd, const struct edit *inv);
int __wrap_history_push(struct history *h, const struct edit *fwd, const struct edit *inv);
static int push_fail_in;   /* 0: never; n: the nth call fails */

int __wrap_history_push(struct history *h, const struct edit *fwd, const struct edit *inv)
{
    if (push_fail_in > 0 && --push_fail_in == 0)
        return -1;
    return __real_history_push(h, fwd, inv);
}

struct fx {
    char *dir;
    char path[512];
    struct form *form;
};

static int setup(void **state)
{
    struct fx *fx = calloc(1, sizeof *fx);
    struct diags d = {0};
    fx->dir = tmpdir_new();
    snprintf(fx->path, sizeof fx->path, "%s/draft.csv", fx->dir);
    fx->form = form_load_standard(&d);
    diags_clear(&d);
    assert_non_null(fx->form);
    *state = fx;
    return 0;
}

static int teardown(void **state)
{
    struct fx *fx = *state;
    rmtree(fx->dir);
    free(fx->dir);
    form_free(fx->form);
    free(fx);
    return 0;
}

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

/* Apply e, record it in history and journal, like the editor does. */
static void commit(struct draft *d, struct history *h, struct journal *j, enum edit_kind k,
                   const char *id, const char *key, const char *value)
{
    struct edit e = {.kind = k, .id = (char *)id, .key = (char *)key, .value = (char *)value};
    struct edit inv = {0};
    char why[256] = "";
    if (draft_apply(d, &e, &inv, why, sizeof why) != 0)
        fail_msg("%s %s: %s", id, value, why);
    assert_int_equal(history_push(h, &e, &inv), 0);
    if (journal_append_edit(j, &e, why, sizeof why) != 0)
        fail_msg("%s", why);
    edit_clear(&inv);
}

static char *dump(const struct draft *d)
{
    char *out = NULL;
    size_t len = 0;
    assert_int_equal(draftio_write_buffer(d, false, &out, &len), 0);
    return out;
}

static struct draft *load(struct fx *fx)
{
    struct diags dg = {0};
    struct draft *d = draftio_load(fx->path, fx->form, &dg);
    diags_clear(&dg);
    assert_non_null(d);
    return d;
}

static void test_write_and_replay(void **state)
{
    struct fx *fx = *state;
    char why[256] = "";
    struct draft *d = draft_new(fx->form);
    assert_int_equal(draftio_save(d, fx->path, why, sizeof why), 0);

    struct history *h = history_new();
    struct journal *j = journal_start(fx->path, fx->form->hash, why, sizeof why);
    assert_non_null(j);
    commit(d, h, j, EDIT_SCORE, "3.3.1", NULL, "18");
    commit(d, h, j, EDIT_FIGURE, "3.2.3", "done", "24");
    commit(d, h, j, EDIT_FIGURE, "3.2.3", "planned", "25");
    /* Text that needs escaping survives the round trip. */
    commit(d, h, j, EDIT_NOTE, "3.2.3", NULL, "一项\t未完成\n第二行 \\ 反斜杠\r");
    commit(d, h, j, EDIT_META, NULL, "unit", "大鹏新区");
    commit(d, h, j, EDIT_MARK, "2.1.3", "部门预算公开", "按规定公开");
    const char *id;
    assert_int_equal(history_undo(h, d, &id, why, sizeof why), 0);
    assert_int_equal(journal_append_undo(j, why, sizeof why), 0);
    assert_int_equal(history_undo(h, d, &id, why, sizeof why), 0);
    assert_int_equal(journal_append_undo(j, why, sizeof why), 0);
    assert_int_equal(history_redo(h, d, &id, why, sizeof why), 0);
    assert_int_equal(journal_append_redo(j, why, sizeof why), 0);
    journal_close(j);

    struct journal_state st;
    struct diags dg = {0};
    assert_int_equal(journal_read(fx->path, &st, &dg), 0);
    assert_int_equal(dg.n, 0);
    assert_true(st.exists);
    assert_true(st.base_exists);
    assert_true(st.base_matches);
    assert_true(st.newer);
    assert_true(journal_should_offer(&st));
    assert_int_equal(st.nedits, 6);
    assert_int_equal(st.nrecs, 9);
    assert_string_equal(st.form_hash, fx->form->hash);
    assert_string_equal(st.recs[3].e.value, "一项\t未完成\n第二行 \\ 反斜杠\r");
    assert_null(st.recs[3].e.key);
    assert_null(st.recs[4].e.id);

    struct draft *r = load(fx);
    struct history *rh = history_new();
    char *last = NULL;
    assert_int_equal(journal_replay(&st, r, rh, &last, &dg), 9);
    assert_int_equal(dg.n, 0);
    char *a = dump(d), *b = dump(r);
    assert_string_equal(a, b);
    /* The last record was a redo of the meta change: no node; the last
     * node touched before it was 3.2.3 (the undo of the mark touched
     * 2.1.3 and it stays the last one with an id). */
    assert_non_null(last);
    /* The recovered history can still undo what the crashed session could. */
    assert_int_equal(history_depth(rh), history_depth(h));
    free(a);
    free(b);
    free(last);
    journal_state_free(&st);
    diags_clear(&dg);
    history_free(rh);
    history_free(h);
    draft_free(r);
    draft_free(d);
}

/* Every kind of change has a journal name: a reviewer's work and the
 * evidence list come back after a crash like the assessor's scores. */
static void test_review_edits_replayed(void **state)
{
    struct fx *fx = *state;
    char why[256] = "";
    struct draft *d = draft_new(fx->form);
    assert_int_equal(draftio_save(d, fx->path, why, sizeof why), 0);
    struct history *h = history_new();
    struct journal *j = journal_start(fx->path, fx->form->hash, why, sizeof why);
    assert_non_null(j);
    commit(d, h, j, EDIT_REVIEW_SCORE, "3.3.1", NULL, "16");
    commit(d, h, j, EDIT_REVIEW_STATUS, "3.3.1", NULL, "有疑问");
    commit(d, h, j, EDIT_REVIEW_COMMENT, "3.3.1", NULL, "个性化指标目标值不明确");
    commit(d, h, j, EDIT_EVIDENCE, "3.3.1", NULL, "佐证/绩效目标表.pdf|3|");
    journal_close(j);
    struct journal_state st;
    struct diags dg = {0};
    assert_int_equal(journal_read(fx->path, &st, &dg), 0);
    assert_int_equal(st.nedits, 4);
    struct draft *r = load(fx);
    struct history *rh = history_new();
    char *last = NULL;
    assert_int_equal(journal_replay(&st, r, rh, &last, &dg), 4);
    assert_int_equal(dg.n, 0);
    assert_int_equal(draft_review_total(r), 1600);
    char *a = dump(d), *b = dump(r);
    assert_string_equal(a, b);
    free(a);
    free(b);
    free(last);
    journal_state_free(&st);
    diags_clear(&dg);
    history_free(rh);
    history_free(h);
    draft_free(r);
    draft_free(d);
}

/* An edit the history cannot take (out of memory) is reported like any
 * refused record and taken back from the draft, so that the draft and its
 * undo steps stay in step: nothing applied silently without undo. */
static void test_replay_push_fails(void **state)
{
    struct fx *fx = *state;
    char why[256] = "";
    struct draft *d = draft_new(fx->form);
    assert_non_null(d);
    assert_int_equal(draftio_save(d, fx->path, why, sizeof why), 0);
    struct history *h = history_new();
    assert_non_null(h);
    struct journal *j = journal_start(fx->path, fx->form->hash, why, sizeof why);
    assert_non_null(j);
    commit(d, h, j, EDIT_SCORE, "3.3.1", NULL, "18");
    commit(d, h, j, EDIT_SCORE, "3.3.1", NULL, "16");
    journal_close(j);
    struct journal_state st;
    struct diags dg = {0};
    assert_int_equal(journal_read(fx->path, &st, &dg), 0);
    struct draft *r = load(fx);
    struct history *rh = history_new();
    assert_non_null(rh);
    push_fail_in = 2;
    assert_int_equal(journal_replay(&st, r, rh, NULL, &dg), 1);
    assert_int_equal(push_fail_in, 0);
    assert_int_equal(dg.n, 1);
    assert_int_equal(dg.v[0].level, DIAG_WARNING);
    assert_non_null(strstr(dg.v[0].msg, "out of memory"));
    assert_int_equal(draft_total(r), 1800);   /* the second edit taken back */
    assert_int_equal(history_depth(rh), 1);
    journal_state_free(&st);
    diags_clear(&dg);
    history_free(rh);
    history_free(h);
    draft_free(r);
    draft_free(d);
}

static void test_torn_record(void **state)
{
    struct fx *fx = *state;
    char why[256] = "";
    struct draft *d = draft_new(fx->form);
    struct history *h = history_new();
    struct journal *j = journal_start(fx->path, fx->form->hash, why, sizeof why);
    commit(d, h, j, EDIT_SCORE, "3.3.1", NULL, "18");
    journal_close(j);
    /* A crash in the middle of writing the next record. */
    char *jp = journal_path_for(fx->path);
    FILE *f = fopen(jp, "a");
    fputs("edit\tscore\t3.3.1\t\\N\t1", f);
    fclose(f);
    struct journal_state st;
    struct diags dg = {0};
    assert_int_equal(journal_read(fx->path, &st, &dg), 0);
    assert_int_equal(st.nedits, 1);
    assert_false(st.base_exists);   /* no draft file was saved */
    assert_true(journal_should_offer(&st));
    assert_int_equal(dg.n, 1);
    assert_int_equal(dg.v[0].level, DIAG_WARNING);
    assert_int_equal(dg.v[0].line, 5);
    journal_state_free(&st);
    diags_clear(&dg);
    free(jp);
    history_free(h);
    draft_free(d);
}

/* A record torn by a crash or a full disk, then more records appended by a
 * later session (which did not know of the torn bytes): every record
 * after the torn one is recovered, and the torn one is named. */
static void test_torn_then_more(void **state)
{
    struct fx *fx = *state;
    char why[256] = "";
    struct draft *d = draft_new(fx->form);
    struct history *h = history_new();
    struct journal *j = journal_start(fx->path, fx->form->hash, why, sizeof why);
    assert_non_null(j);
    commit(d, h, j, EDIT_SCORE, "3.3.1", NULL, "18");
    journal_close(j);
    char *jp = journal_path_for(fx->path);
    FILE *f = fopen(jp, "a");
    fputs("61 0badf00d edit\tscore\t3.3.1\t\\N\t1", f);   /* no end, no newline */
    fclose(f);
    j = journal_continue(fx->path, why, sizeof why);
    assert_non_null(j);
    commit(d, h, j, EDIT_NOTE, "3.2.2", NULL, "seven");
    commit(d, h, j, EDIT_NOTE, "3.2.2", NULL, "after the tear");
    journal_close(j);
    struct journal_state st;
    struct diags dg = {0};
    assert_int_equal(journal_read(fx->path, &st, &dg), 0);
    assert_int_equal(st.nedits, 3);
    assert_string_equal(st.recs[1].e.id, "3.2.2");
    assert_string_equal(st.recs[2].e.value, "after the tear");
    assert_int_equal(dg.n, 1);
    assert_int_equal(dg.v[0].level, DIAG_WARNING);
    assert_int_equal(dg.v[0].line, 5);
    /* replayed, the draft is the one of the session */
    struct draft *r = draft_new(fx->form);
    struct history *rh = history_new();
    assert_int_equal(journal_replay(&st, r, rh, NULL, &dg), 3);
    char *a = dump(d), *b = dump(r);
    assert_string_equal(a, b);
    free(a);
    free(b);
    history_free(rh);
    draft_free(r);
    journal_state_free(&st);
    diags_clear(&dg);
    free(jp);
    history_free(h);
    draft_free(d);
}

/* Tear record B at every byte (as a crash or a full disk could, with no
 * writer left to cut it off), then let a later session append C: A and C
 * are always recovered, B never half. */
static void test_torn_every_byte(void **state)
{
    struct fx *fx = *state;
    char why[256] = "";
    char *jp = journal_path_for(fx->path);
    /* B's bytes: what a journal with one record after its header holds */
    struct draft *d = draft_new(fx->form);
    struct history *h = history_new();
    struct journal *j = journal_start(fx->path, fx->form->hash, why, sizeof why);
    size_t hlen, blen;
    char *head = slurp(jp, &hlen);
    commit(d, h, j, EDIT_NOTE, "3.2.2", NULL, "第二条 B\tnote");
    journal_close(j);
    char *withb = slurp(jp, &blen);
    const char *brec = withb + hlen;
    blen -= hlen;
    int tears = 0;
    for (size_t cut = 0; cut < blen; cut++) {
        j = journal_start(fx->path, fx->form->hash, why, sizeof why);
        commit(d, h, j, EDIT_NOTE, "3.2.1", NULL, "A");
        journal_close(j);
        FILE *f = fopen(jp, "a");
        fwrite(brec, 1, cut, f);
        fclose(f);
        j = journal_continue(fx->path, why, sizeof why);
        commit(d, h, j, EDIT_NOTE, "3.2.3", NULL, "C");
        journal_close(j);
        struct journal_state st;
        struct diags dg = {0};
        assert_int_equal(journal_read(fx->path, &st, &dg), 0);
        if (st.nedits != 2 || strcmp(st.recs[0].e.value, "A") || strcmp(st.recs[1].e.value, "C"))
            fail_msg("torn after %zu bytes: %zu records", cut, st.nedits);
        assert_int_equal(dg.n, cut ? 1 : 0);
        journal_state_free(&st);
        diags_clear(&dg);
        tears++;
    }
    print_message("# %d tear points of a %zu-byte record, every later record recovered\n", tears,
                  blen);
    free(head);
    free(withb);
    free(jp);
    history_free(h);
    draft_free(d);
}

/* A flipped byte inside a record: its checksum no longer holds, it is
 * skipped, the records around it are kept. */
static void test_damaged_record(void **state)
{
    struct fx *fx = *state;
    char why[256] = "";
    struct draft *d = draft_new(fx->form);
    struct history *h = history_new();
    struct journal *j = journal_start(fx->path, fx->form->hash, why, sizeof why);
    commit(d, h, j, EDIT_SCORE, "3.3.1", NULL, "18");
    commit(d, h, j, EDIT_NOTE, "3.2.2", NULL, "seven");
    commit(d, h, j, EDIT_NOTE, "3.2.3", NULL, "five");
    journal_close(j);
    char *jp = journal_path_for(fx->path);
    size_t len;
    char *text = slurp(jp, &len);
    char *rec = strstr(text, "3.2.2\t");
    assert_non_null(rec);
    rec[2] = '9';   /* 3.9.2: a valid-looking id, but not what was written */
    FILE *f = fopen(jp, "w");
    fwrite(text, 1, len, f);
    fclose(f);
    free(text);
    struct journal_state st;
    struct diags dg = {0};
    assert_int_equal(journal_read(fx->path, &st, &dg), 0);
    assert_int_equal(st.nedits, 2);
    assert_string_equal(st.recs[0].e.id, "3.3.1");
    assert_string_equal(st.recs[1].e.id, "3.2.3");
    assert_int_equal(st.recs[1].line, 6);
    assert_int_equal(dg.n, 1);
    assert_int_equal(dg.v[0].line, 5);
    journal_state_free(&st);
    diags_clear(&dg);
    free(jp);
    history_free(h);
    draft_free(d);
}

/* The disk fills in the middle of a record: fileio_ops.write writes part
 * of it, then fails. */
static int short_left;   /* writes that still go through whole */
static ssize_t short_write(int fd, const void *buf, size_t n)
{
    if (short_left > 0) {
        short_left--;
        return write(fd, buf, n);
    }
    if (short_left == 0) {
        short_left = -1;
        return write(fd, buf, n / 2 ? n / 2 : 1);
    }
    errno = ENOSPC;
    return -1;
}

static void test_short_write(void **state)
{
    struct fx *fx = *state;
    char why[512] = "";
    struct draft *d = draft_new(fx->form);
    struct history *h = history_new();
    struct journal *j = journal_start(fx->path, fx->form->hash, why, sizeof why);
    commit(d, h, j, EDIT_SCORE, "3.3.1", NULL, "18");
    char *jp = journal_path_for(fx->path);
    struct stat before, after;
    assert_int_equal(stat(jp, &before), 0);
    /* the disk is full: B is not journalled, and the screen says so */
    short_left = 0;
    fileio_ops.write = short_write;
    struct edit e = {.kind = EDIT_NOTE, .id = "3.2.2", .value = "seven"};
    struct edit inv = {0};
    assert_int_equal(draft_apply(d, &e, &inv, why, sizeof why), 0);
    assert_int_equal(history_push(h, &e, &inv), 0);
    edit_clear(&inv);
    why[0] = '\0';
    assert_int_equal(journal_append_edit(j, &e, why, sizeof why), -1);
    assert_non_null(strstr(why, jp));
    fileio_ops = fileio_default_ops;
    /* the torn half was cut off at once */
    assert_int_equal(stat(jp, &after), 0);
    assert_int_equal(after.st_size, before.st_size);
    /* space again: the next record brings the one left out with it */
    commit(d, h, j, EDIT_NOTE, "3.2.3", NULL, "five");
    assert_int_equal(journal_append_undo(j, why, sizeof why), 0);
    char ignored[64];
    const char *id;
    assert_int_equal(history_undo(h, d, &id, ignored, sizeof ignored), 0);
    journal_close(j);
    struct journal_state st;
    struct diags dg = {0};
    assert_int_equal(journal_read(fx->path, &st, &dg), 0);
    assert_int_equal(dg.n, 0);
    assert_int_equal(st.nrecs, 4);
    assert_string_equal(st.recs[1].e.id, "3.2.2");
    assert_int_equal(st.recs[3].kind, JREC_UNDO);
    struct draft *r = draft_new(fx->form);
    struct history *rh = history_new();
    assert_int_equal(journal_replay(&st, r, rh, NULL, &dg), 4);
    char *a = dump(d), *b = dump(r);
    assert_string_equal(a, b);
    free(a);
    free(b);
    history_free(rh);
    draft_free(r);
    journal_state_free(&st);
    diags_clear(&dg);
    free(jp);
    history_free(h);
    draft_free(d);
}

/* A journal of format 1 (before records had a length and checksum) left
 * by an older jixiao is still read. */
static void test_v1_read(void **state)
{
    struct fx *fx = *state;
    char *jp = journal_path_for(fx->path);
    FILE *f = fopen(jp, "w");
    fputs("JIXIAO-JOURNAL 1\nform -\nbase none\n"
          "edit\tscore\t3.3.1\t\\N\t18\t\\N\t\\N\t\\N\t\\N\n"
          "edit\tnote\t3.3.1\t\\N\ta\\tb\t\\N\t\\N\t\\N\t\\N\n"
          "undo\n"
          "edit\tscore\t3.3.1\t\\N\t1",
          f);
    fclose(f);
    struct journal_state st;
    struct diags dg = {0};
    assert_int_equal(journal_read(fx->path, &st, &dg), 0);
    assert_int_equal(st.nrecs, 3);
    assert_int_equal(st.nedits, 2);
    assert_string_equal(st.recs[1].e.value, "a\tb");
    assert_int_equal(st.recs[2].kind, JREC_UNDO);
    assert_int_equal(dg.n, 1);
    assert_int_equal(dg.v[0].line, 7);
    journal_state_free(&st);
    diags_clear(&dg);
    free(jp);
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
        cmocka_unit_test_setup_teardown(test_write_and_replay, setup, teardown),
        cmocka_unit_test_setup_teardown(test_review_edits_replayed, setup, teardown),
        cmocka_unit_test_setup_teardown(test_replay_push_fails, setup, teardown),
        cmocka_unit_test_setup_teardown(test_stale_lock_race, setup, teardown),
        cmocka_unit_test_setup_teardown(test_torn_record, setup, teardown),
        cmocka_unit_test_setup_teardown(test_torn_then_more, setup, teardown),
        cmocka_unit_test_setup_teardown(test_torn_every_byte, setup, teardown),
        cmocka_unit_test_setup_teardown(test_damaged_record, setup, teardown),
        cmocka_unit_test_setup_teardown(test_short_write, setup, teardown),
        cmocka_unit_test_setup_teardown(test_v1_read, setup, teardown),
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
