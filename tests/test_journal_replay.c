/* test_journal_replay.c - the journal written and replayed (core/journal_read.c). */
#include "testutil.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "draft.h"
#include "draftio.h"
#include "fileio.h"
#include "forms.h"
#include "history.h"
#include "journal.h"
#include "journal_fx.h"

/* history_push as journal_read.c sees it: linked with -Wl,--wrap=history_push
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_write_and_replay, setup, teardown),
        cmocka_unit_test_setup_teardown(test_review_edits_replayed, setup, teardown),
        cmocka_unit_test_setup_teardown(test_replay_push_fails, setup, teardown),
        cmocka_unit_test_setup_teardown(test_torn_record, setup, teardown),
        cmocka_unit_test_setup_teardown(test_torn_then_more, setup, teardown),
        cmocka_unit_test_setup_teardown(test_torn_every_byte, setup, teardown),
        cmocka_unit_test_setup_teardown(test_damaged_record, setup, teardown),
        cmocka_unit_test_setup_teardown(test_short_write, setup, teardown),
        cmocka_unit_test_setup_teardown(test_v1_read, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
