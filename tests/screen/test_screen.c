/* test_screen.c - the editor driven through a pseudo-terminal.
 *
 * Each test starts the real jixiao binary in a pty, types keys and reads
 * the cells of the screen (vt.c, libvterm). Waits have deadlines; nothing
 * sleeps for a fixed time.
 */
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
#include <unistd.h>
#include <cmocka.h>

#include "draft.h"
#include "draftio.h"
#include "form.h"
#include "journal.h"
#include "num.h"
#include "vt.h"

#define WAIT_MS 10000

static const char *bin(void)
{
    const char *b = getenv("JIXIAO_BIN");
    return b ? b : "./jixiao";
}

static void example_path(char *buf, size_t size)
{
    const char *src = getenv("JIXIAO_SRCDIR");
    snprintf(buf, size, "%s/examples/dapeng-2021.csv", src ? src : SRCDIR);
}

struct fx {
    char dir[256];
    char path[512];     /* a copy of the example draft */
    struct vt *t;
};

static void copy_file(const char *from, const char *to)
{
    FILE *in = fopen(from, "rb"), *out = fopen(to, "wb");
    assert_non_null(in);
    assert_non_null(out);
    char buf[8192];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, in)) > 0)
        fwrite(buf, 1, n, out);
    fclose(in);
    fclose(out);
}

static int setup(void **state)
{
    struct fx *fx = calloc(1, sizeof *fx);
    snprintf(fx->dir, sizeof fx->dir, "/tmp/jixiao-screen-XXXXXX");
    assert_non_null(mkdtemp(fx->dir));
    snprintf(fx->path, sizeof fx->path, "%s/dapeng.csv", fx->dir);
    char ex[512];
    example_path(ex, sizeof ex);
    copy_file(ex, fx->path);
    *state = fx;
    return 0;
}

static int teardown(void **state)
{
    struct fx *fx = *state;
    vt_free(fx->t);
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", fx->dir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", fx->dir);
    free(fx);
    return 0;
}

static struct vt *start(int rows, int cols, const char *a1, const char *a2, const char *a3)
{
    char *argv[] = {(char *)bin(), (char *)a1, (char *)a2, (char *)a3, NULL};
    struct vt *t = vt_spawn(rows, cols, argv, NULL);
    assert_non_null(t);
    return t;
}

#define must_wait(t, text) must_wait_at(t, -1, text, __LINE__)
#define must_wait_row(t, row, text) must_wait_at(t, row, text, __LINE__)
#define must_go(t, text) must_go_at(t, text, __LINE__)

static void must_wait_at(struct vt *t, int row, const char *text, int line)
{
    bool ok = row < 0 ? vt_wait(t, text, WAIT_MS) : vt_wait_row(t, row, text, WAIT_MS);
    if (!ok) {
        vt_dump(t, stderr);
        fail_msg("line %d: \"%s\" did not appear%s", line, text, row >= 0 ? " on its row" : "");
    }
}

static void must_go_at(struct vt *t, const char *text, int line)
{
    if (!vt_wait_gone(t, text, WAIT_MS)) {
        vt_dump(t, stderr);
        fail_msg("line %d: \"%s\" did not go away", line, text);
    }
}

static int status_row(struct vt *t) { return vt_rows(t) - 2; }
static int msg_row(struct vt *t) { return vt_rows(t) - 1; }

static struct form *std_form(void)
{
    struct diags d = {0};
    struct form *f = form_load_standard(&d);
    diags_clear(&d);
    assert_non_null(f);
    return f;
}

static struct draft *load_draft(const char *path, const struct form *f)
{
    struct diags d = {0};
    struct draft *dr = draftio_load(path, f, &d);
    diags_clear(&d);
    assert_non_null(dr);
    return dr;
}

/* ---- walking every indicator ---- */

static bool takes_score(const struct dnode *n)
{
    const struct rule *r = n->fn ? n->fn->rule : NULL;
    return !n->fn || !r || (r->custom && r->nparts == 0);
}

/* Type one text field's value: Enter opens it with its old value, Ctrl-U
 * clears it, Enter keeps the new one and moves to the next field. */
static void type_text(struct vt *t, const char *v)
{
    if (!v[0]) {
        vt_send(t, "j");
        return;
    }
    vt_send(t, "\r\x15");
    vt_send(t, v);
    vt_send(t, "\r");
}

static void type_pick(struct vt *t, int index)
{
    if (index < 0) {
        vt_send(t, "j");
        return;
    }
    char keys[4] = {'\r', (char)('1' + index), '\r', 0};
    vt_send(t, keys);
}

/* Enter a leaf's values (taken from the example draft) in the order the
 * editor shows its fields: figures, checklist/choice/veto parts, the score
 * of a directly scored leaf, the note. */
static void enter_leaf(struct vt *t, const struct dnode *n)
{
    char buf[512];
    vt_send(t, "\t");
    const struct form_node *fn = n->fn;
    for (size_t i = 0; fn && i < fn->nfigs; i++)
        type_text(t, n->figs[i].set ? num_format_decimal(n->figs[i].v, buf) : "");
    for (size_t i = 0; fn && fn->rule && i < fn->rule->nparts; i++) {
        const struct part *p = &fn->rule->parts[i];
        mark_t m = n->marks[i];
        switch (p->kind) {
        case PART_CHECK: type_text(t, rule_format_mark(p, m, buf, sizeof buf)); break;
        case PART_CHOICE: type_pick(t, m == MARK_NONE ? -1 : (int)m); break;
        case PART_VETO: type_pick(t, m == MARK_NONE || m < 0 ? -1 : (int)m); break;
        case PART_CALC: break;
        }
    }
    if (takes_score(n))
        type_text(t, n->entered == PTS_NONE ? "" : num_format_pts(n->entered, buf));
    type_text(t, n->note);
    vt_send(t, "h");
}

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
            enter_leaf(t, n);
            char want[64];
            snprintf(want, sizeof want, "Scored %d/21", ++scored);
            must_wait_row(t, status_row(t), want);
        }
        vt_send(t, "j");
    }
    must_wait_row(t, status_row(t), "Total 93.76");
    must_wait_row(t, status_row(t), "优");
    must_wait(t, "[+]");
    vt_send(t, "\x13");   /* Ctrl-S */
    must_wait_row(t, msg_row(t), "Saved");
    must_go(t, "[+]");
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

static struct vt *open_example(struct fx *fx, int rows, int cols)
{
    fx->t = start(rows, cols, fx->path, NULL, NULL);
    must_wait_row(fx->t, status_row(fx->t), "Total 93.76");
    return fx->t;
}

/* Select 3.3.1 (scored directly, 18 of 20) by searching its Chinese name. */
static void goto_effect(struct vt *t)
{
    vt_send(t, "/社会效益\r");
    must_wait(t, "3.3.1 社会效益");
}

static void test_search(void **state)
{
    struct fx *fx = *state;
    struct vt *t = open_example(fx, 24, 80);
    vt_send(t, "/固定资产");
    must_wait(t, "2.3.2 固定资产利用率");   /* found while typing */
    vt_send(t, "\r");
    vt_send(t, "/资产\r");                  /* the current node matches */
    must_wait(t, "2.3.2 固定资产利用率");
    vt_send(t, "n");
    must_wait(t, "2.3 资产管理");
    must_wait_row(t, msg_row(t), "wrapped");
    vt_send(t, "n");
    must_wait(t, "2.3.1 资产管理安全性");
    vt_send(t, "N");
    must_wait(t, "2.3 资产管理");
    /* Esc puts the selection back where the search began. */
    vt_send(t, "/满意度");
    must_wait(t, "3.4.2 公众或服务对象满意度");
    vt_key(t, VT_ESC);
    must_wait(t, "2.3 资产管理");
    vt_send(t, "/没有这个指标\r");
    must_wait_row(t, msg_row(t), "Not found");
    /* ASCII ids match too. */
    vt_send(t, "/1.2.2\r");
    must_wait(t, "1.2.2 绩效指标明确性");
}

static void test_undo_redo(void **state)
{
    struct fx *fx = *state;
    struct vt *t = open_example(fx, 24, 80);
    goto_effect(t);
    vt_send(t, "\t\r\x15" "20\r");
    must_wait_row(t, status_row(t), "Total 95.76");
    must_wait_row(t, 0, "[+]");
    vt_send(t, "h/1.2.2\r\t");
    /* A checklist item by Space: 指标值清晰可衡量 is the third part. */
    vt_send(t, "jj ");
    must_wait_row(t, status_row(t), "Total 96.76");
    vt_send(t, "u");
    must_wait_row(t, status_row(t), "Total 95.76");
    must_wait_row(t, msg_row(t), "Undone");
    vt_send(t, "u");
    must_wait_row(t, status_row(t), "Total 93.76");
    must_wait(t, "3.3.1 社会效益");   /* undo shows where it happened */
    vt_send(t, "\x12");              /* Ctrl-R */
    must_wait_row(t, status_row(t), "Total 95.76");
    vt_send(t, "\x12");
    must_wait_row(t, status_row(t), "Total 96.76");
    vt_send(t, "\x12");
    must_wait_row(t, msg_row(t), "Nothing to redo");
}

static void test_cancel_restores(void **state)
{
    struct fx *fx = *state;
    struct vt *t = open_example(fx, 24, 80);
    goto_effect(t);
    vt_send(t, "\t\r\x15" "1");
    /* The preview: the total follows the typed value, key by key. */
    must_wait_row(t, status_row(t), "Total 76.76");
    must_wait_row(t, status_row(t), "中");
    vt_send(t, "0");
    must_wait_row(t, status_row(t), "Total 85.76");
    must_wait_row(t, status_row(t), "良");
    vt_key(t, VT_ESC);
    must_wait_row(t, status_row(t), "Total 93.76");
    must_wait_row(t, status_row(t), "优");
    assert_false(vt_contains(t, "[+]"));
    /* Text the core refuses stays, with its reason; the total does not move. */
    vt_send(t, "\r\x15" "abc");
    must_wait(t, "abc");
    must_wait_row(t, status_row(t), "Total 93.76");
    vt_send(t, "\r");
    must_wait_row(t, msg_row(t), "Not saved");
    vt_key(t, VT_ESC);
    must_go(t, "│   abc");
    /* Typing past the points is refused as well. */
    vt_send(t, "\r\x15" "25");
    must_wait_row(t, status_row(t), "Total 93.76");
    vt_key(t, VT_ESC);
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
    must_wait_row(t, status_row(t), "Total 76.76");
    vt_resize(t, 30, 100);
    must_wait_row(t, 28, "Total 76.76");
    vt_send(t, "9\r");
    must_wait_row(t, 28, "Total 94.76");
    /* Too small, then back. */
    vt_resize(t, 10, 50);
    must_wait(t, "Terminal too small");
    vt_resize(t, 24, 80);
    must_wait_row(t, 22, "Total 94.76");
    must_go(t, "Terminal too small");
}

static void test_recovery_after_kill(void **state)
{
    struct fx *fx = *state;
    struct vt *t = open_example(fx, 24, 80);
    goto_effect(t);
    vt_send(t, "\t\r\x15" "20\r");
    must_wait_row(t, 0, "[+]");
    must_wait_row(t, status_row(t), "Total 95.76");
    /* Move away so that recovery has to bring us back. */
    vt_send(t, "hg");
    must_wait(t, "1 部门决策");
    kill(vt_pid(t), SIGKILL);
    vt_wait_exit(t, WAIT_MS);
    vt_free(t);

    t = fx->t = start(24, 80, fx->path, NULL, NULL);
    must_wait_row(t, msg_row(t), "Recover 1 unsaved changes to dapeng.csv");
    vt_send(t, "y");
    must_wait_row(t, status_row(t), "Total 95.76");
    must_wait_row(t, msg_row(t), "Recovered 1 changes");
    must_wait(t, "3.3.1 社会效益");
    must_wait_row(t, 0, "[+]");
    vt_send(t, "\x13");
    must_wait_row(t, msg_row(t), "Saved");
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
    must_wait_row(t, status_row(t), "Total 85.76");
    must_wait_row(t, 0, "[+]");
    kill(vt_pid(t), SIGKILL);
    vt_wait_exit(t, WAIT_MS);
    vt_free(t);
    assert_int_equal(access(jp, F_OK), 0);
    t = fx->t = start(24, 80, fx->path, NULL, NULL);
    must_wait_row(t, msg_row(t), "Recover 1 unsaved changes to dapeng.csv");
    vt_send(t, "n");
    must_wait_row(t, msg_row(t), "discarded");
    must_wait_row(t, status_row(t), "Total 95.76");
    assert_int_equal(access(jp, F_OK), -1);
    free(jp);
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

/* jixiao with no file: a new draft of the standard form, named on the
 * first save; what is typed replaces the offered name. */
static void test_new_draft_named_on_save(void **state)
{
    struct fx *fx = *state;
    struct vt *t = fx->t = start(24, 80, NULL, NULL, NULL);
    must_wait_row(t, 0, "[new draft]");
    goto_effect(t);
    vt_send(t, "\r18\r");
    must_wait_row(t, status_row(t), "Total 18.00");
    vt_send(t, "\x13");
    must_wait_row(t, msg_row(t), "Save the draft as");
    char path[600], keys[700];
    snprintf(path, sizeof path, "%s/new.csv", fx->dir);
    snprintf(keys, sizeof keys, "%s\r", path);
    vt_send(t, keys);
    must_wait_row(t, msg_row(t), "Saved");
    vt_send(t, "q");
    assert_int_equal(vt_wait_exit(t, WAIT_MS), 0);
    struct form *f = std_form();
    struct draft *d = load_draft(path, f);
    assert_int_equal(draft_total(d), 1800);
    draft_free(d);
    form_free(f);
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
    must_wait_row(t, msg_row(t), "Read-only");
    vt_send(t, "\x1b");
    vt_send(t, "5");
    vt_send(t, "u");
    vt_send(t, "\x13");
    must_wait_row(t, msg_row(t), "cannot be saved");
    must_wait_row(t, status_row(t), "Total 93.76");
    vt_send(t, "?");                      /* help works */
    must_wait(t, "Moving around");
    vt_key(t, VT_PGDN);
    must_wait(t, "Undo the last change");
    vt_send(t, "q");
    must_wait_row(t, status_row(t), "Total 93.76");
    vt_send(t, "q");
    assert_int_equal(vt_wait_exit(t, WAIT_MS), 0);
    assert_int_equal(stat(fx->path, &after), 0);
    assert_true(before.st_mtim.tv_sec == after.st_mtim.tv_sec &&
                before.st_mtim.tv_nsec == after.st_mtim.tv_nsec);
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
    bool ro = vt_wait(b, "[read-only]", WAIT_MS);
    vt_send(b, "q");
    int rc = vt_wait_exit(b, WAIT_MS);
    vt_free(b);
    assert_true(ro);
    assert_int_equal(rc, 0);
    /* The first one still owns the draft and can save it. */
    vt_send(a, "\x13");
    must_wait_row(a, msg_row(a), "Saved");
}

static void test_help_and_meta(void **state)
{
    struct fx *fx = *state;
    struct vt *t = open_example(fx, 24, 80);
    vt_send(t, "?");
    must_wait(t, "Search indicator names as you type");
    vt_key(t, VT_PGDN);
    must_wait(t, "Undo the last change");
    must_wait(t, "Ctrl-R");
    vt_send(t, "G");
    must_wait(t, "Delete everything before the cursor");
    vt_key(t, VT_ESC);
    must_wait_row(t, status_row(t), "Total 93.76");
    /* Metadata screen: change the year, see it in the header. */
    vt_send(t, "m");
    must_wait(t, "Draft information");
    vt_send(t, "j\r\x15" "2022\r");
    must_wait_row(t, 0, "2022");
    vt_send(t, "u");
    must_wait_row(t, 0, "2021");
}

static void test_custom_indicator(void **state)
{
    struct fx *fx = *state;
    struct vt *t = open_example(fx, 24, 80);
    goto_effect(t);
    vt_send(t, "a");
    must_wait_row(t, msg_row(t), "Name of the new indicator");
    vt_send(t, "社会效益指标\r");
    must_wait_row(t, msg_row(t), "Points of");
    vt_send(t, "10\r");
    must_wait(t, "社会效益指标");
    /* The unit's own indicator replaces the placeholder 3.3.1: it is not
     * scored yet, and 10 points under 效果性 (20) do not add up. */
    must_wait_row(t, status_row(t), "Scored 20/21");
    must_wait_row(t, status_row(t), "Problems: 1");
    vt_send(t, "h");
    must_wait(t, "3.3 效果性");
    must_wait(t, "its indicators add up to");
    /* Name and points stay editable after adding, each one undo step. */
    vt_send(t, "jj\t");                     /* past the replaced 3.3.1 */
    vt_send(t, "jj");                       /* score, note, then the name */
    must_wait(t, "Name of the custom indicator");
    vt_send(t, "\r\x15" "群众满意度\r");
    must_wait(t, "群众满意度");
    must_go(t, "社会效益指标");
    vt_send(t, "\r\x15" "20\r");
    must_wait(t, "/20");
    must_go(t, "Problems:");                 /* 20 of 20: the points add up */
    must_wait_row(t, status_row(t), "Scored 20/21");
    vt_send(t, "u");
    must_wait_row(t, status_row(t), "Problems: 1");
    must_wait(t, "群众满意度");
    vt_send(t, "u");
    must_wait(t, "社会效益指标");
    vt_send(t, "\x12");
    must_wait(t, "群众满意度");
    vt_send(t, "uu");
    must_wait(t, "社会效益指标");
    vt_send(t, "u");
    must_wait_row(t, status_row(t), "Scored 21/21");
    must_wait_row(t, status_row(t), "Total 93.76");
    must_go(t, "[+]");                       /* back at the saved file */
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
    char *argv[] = {(char *)bin(), fx->path, NULL};
    char *env[] = {"TERM=vt100", "NO_COLOR=1", NULL};
    fx->t = vt_spawn(24, 80, argv, env);
    struct vt *t = fx->t;
    assert_non_null(t);
    must_wait_row(t, status_row(t), "Total 93.76");
    int row = vt_find_row(t, "部门决策");
    assert_true(row > 0);
    assert_true(wait_reverse(t, row, 4, true));   /* the selected first row */
    vt_send(t, "j");
    must_wait(t, "1.1 预算编制");
    /* A frame may arrive in several writes: wait for the attributes too. */
    assert_true(wait_reverse(t, row + 1, 4, true));
    assert_true(wait_reverse(t, row, 4, false));
}

/* ---- review (--review), problems view, evidence ---- */

static void test_review(void **state)
{
    struct fx *fx = *state;
    fx->t = start(24, 80, "--review", fx->path, NULL);
    struct vt *t = fx->t;
    must_wait_row(t, status_row(t), "Self 93.76 优 | Review 93.76 优");
    must_wait_row(t, 0, "[review]");
    goto_effect(t);
    /* Tab lands on the review score; the self-assessed score above it
     * cannot be changed. */
    vt_send(t, "\t");
    must_wait(t, "Review score (0 to 20)");
    vt_send(t, "kk\r");
    must_wait_row(t, msg_row(t), "Review mode");
    vt_send(t, "5");
    must_wait_row(t, status_row(t), "Self 93.76");
    vt_send(t, "m");
    vt_send(t, "\r");
    must_wait_row(t, msg_row(t), "Review mode");
    vt_key(t, VT_ESC);
    vt_send(t, "g");
    must_wait(t, "1 部门决策");
    goto_effect(t);
    vt_send(t, "\t");
    must_wait(t, "Review score (0 to 20)");
    /* The 复核 total follows the typed review score, key by key. */
    vt_send(t, "\r\x15" "1");
    must_wait_row(t, status_row(t), "Review 76.76 中");
    must_wait_row(t, status_row(t), "Self 93.76 优");
    vt_send(t, "6");
    must_wait_row(t, status_row(t), "Review 91.76 优");
    vt_send(t, "\r");
    must_wait_row(t, status_row(t), "Reviewed 1/21");
    must_wait_row(t, 0, "[+]");
    /* Undo back to the saved state clears the modified mark; redo sets it. */
    vt_send(t, "u");
    must_wait_row(t, status_row(t), "Review 93.76");
    must_go(t, "[+]");
    vt_send(t, "\x12");
    must_wait_row(t, status_row(t), "Review 91.76");
    must_wait_row(t, 0, "[+]");
    /* Enter moved on to the status picker: 1 通过, 2 有疑问, 3 退回修改. */
    must_wait(t, "有疑问");
    vt_send(t, "\r2\r");
    must_wait_row(t, status_row(t), "Problems: 1");
    /* A comment over two lines (Ctrl-J breaks the line). */
    vt_send(t, "\r\x15" "依据不足\n附件缺页\r");
    must_wait(t, "附件缺页");
    /* The tree shows the verdict and the review score. */
    vt_send(t, "h");
    int row = vt_find_row(t, "社会效益");
    assert_true(row > 0);
    char buf[1024];
    vt_row(t, row, buf, sizeof buf);
    assert_non_null(strstr(buf, "16.00/20"));
    assert_true(buf[1] == '?');
    vt_send(t, "\x13");
    must_wait_row(t, msg_row(t), "Saved");
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
    must_wait(t, "reviewer says 有疑问");
}

static void test_problems_view(void **state)
{
    struct fx *fx = *state;
    struct vt *t = open_example(fx, 24, 80);
    /* Clear the reason of 3.3.1's deduction: a problem. */
    goto_effect(t);
    vt_send(t, "\tjx");
    must_wait_row(t, status_row(t), "Problems: 1");
    vt_send(t, "hg");
    must_wait(t, "1 部门决策");
    vt_send(t, "p");
    must_wait_row(t, 0, "Problems: 1");
    must_wait_row(t, 1, "! 3.3.1 社会效益、经济效益、生态效益及可持续影响等: 18 of 20 points");
    vt_send(t, "\r");
    must_wait(t, "! 3.3.1 社会效益");   /* the detail pane */
    must_wait_row(t, status_row(t), "Total 93.76");
    /* ] stops at the same indicators as the list. */
    vt_send(t, "g");
    must_go(t, "! 3.3.1");
    vt_send(t, "]");
    must_wait(t, "! 3.3.1 社会效益");
    vt_send(t, "[");
    must_wait(t, "! 3.3.1 社会效益");
    /* A new indicator: unscored, and the points no longer add up. */
    vt_send(t, "a新指标\r5\r");
    must_wait(t, "新指标");
    vt_send(t, "p");
    /* (3.3.1 is replaced by the unit's own indicator: its problem went.) */
    must_wait_row(t, 0, "Problems: 2");
    must_wait(t, "3.3.2 新指标: not scored yet");
    must_wait(t, "its indicators add up to");
    vt_send(t, "q");
    must_wait_row(t, status_row(t), "Total");
}

static void write_text(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static void test_evidence(void **state)
{
    struct fx *fx = *state;
    char file[600];
    snprintf(file, sizeof file, "%s/社会效益报告.txt", fx->dir);
    write_text(file, "第一版\n");
    struct vt *t = open_example(fx, 24, 80);
    goto_effect(t);
    vt_send(t, "e");
    must_wait_row(t, msg_row(t), "Evidence file for 3.3.1");
    vt_send(t, file);
    vt_send(t, "\r");
    must_wait_row(t, msg_row(t), "Page");
    vt_send(t, "12\r");
    must_wait_row(t, msg_row(t), "Attached 社会效益报告.txt");   /* relative */
    /* The detail pane lists it, below the fields: scroll there. */
    vt_send(t, "\t");
    vt_key(t, VT_PGDN);
    vt_key(t, VT_PGDN);
    must_wait(t, "1. 社会效益报告.txt, page 12:");
    must_wait(t, "unchanged");
    write_text(file, "第二版，改过了\n");
    vt_send(t, "c");
    must_wait_row(t, msg_row(t), "missing or changed");
    must_wait(t, "CHANGED");
    vt_send(t, "\x13");
    must_wait_row(t, msg_row(t), "Saved");
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
    must_wait_row(t, msg_row(t), "Remove the evidence file");
    vt_send(t, "y");
    must_wait_row(t, msg_row(t), "Evidence removed");
    vt_send(t, "\t");
    vt_key(t, VT_PGDN);
    vt_key(t, VT_PGDN);
    must_wait(t, "none (e attaches a file)");
    vt_send(t, "u");
    must_wait_row(t, msg_row(t), "Undone");
    must_go(t, "none (e attaches a file)");
}

/* The same in Chinese, when the system has a zh_CN locale. */
static void test_review_zh(void **state)
{
    struct fx *fx = *state;
    if (!setlocale(LC_ALL, "zh_CN.UTF-8"))
        skip();
    setlocale(LC_ALL, "C.UTF-8");
    char *argv[] = {(char *)bin(), "--review", fx->path, NULL};
    char *env[] = {"LC_ALL=zh_CN.UTF-8", "LANGUAGE=zh_CN", NULL};
    fx->t = vt_spawn(24, 80, argv, env);
    struct vt *t = fx->t;
    assert_non_null(t);
    must_wait_row(t, status_row(t), "自评 93.76 优 | 复核 93.76 优");
    must_wait_row(t, 0, "[复核]");
    goto_effect(t);
    vt_send(t, "\t");
    must_wait(t, "复核得分（0 到 20）");
    vt_send(t, "\r\x15" "16\r");
    must_wait_row(t, status_row(t), "自评 93.76 优 | 复核 91.76 优");
    must_wait_row(t, status_row(t), "已复核 1/21");
    vt_send(t, "kkk\r");
    must_wait_row(t, msg_row(t), "复核模式");
}

/* q on the too-small screen still asks about unsaved changes. */
static void test_small_quit_asks(void **state)
{
    struct fx *fx = *state;
    struct vt *t = open_example(fx, 24, 80);
    goto_effect(t);
    vt_send(t, "\t\r\x15" "20\r");
    must_wait_row(t, 0, "[+]");
    vt_resize(t, 10, 50);
    must_wait(t, "Terminal too small");
    vt_send(t, "q");
    must_wait(t, "Save changes");
    vt_key(t, VT_ESC);
    must_go(t, "Save changes");
    vt_send(t, "q");
    must_wait(t, "Save changes");
    vt_send(t, "n");
    assert_int_equal(vt_wait_exit(t, WAIT_MS), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_walk_80x24, setup, teardown),
        cmocka_unit_test_setup_teardown(test_walk_120x40, setup, teardown),
        cmocka_unit_test_setup_teardown(test_search, setup, teardown),
        cmocka_unit_test_setup_teardown(test_undo_redo, setup, teardown),
        cmocka_unit_test_setup_teardown(test_cancel_restores, setup, teardown),
        cmocka_unit_test_setup_teardown(test_resize, setup, teardown),
        cmocka_unit_test_setup_teardown(test_recovery_after_kill, setup, teardown),
        cmocka_unit_test_setup_teardown(test_stale_temp_removed, setup, teardown),
        cmocka_unit_test_setup_teardown(test_new_draft_named_on_save, setup, teardown),
        cmocka_unit_test_setup_teardown(test_read_only, setup, teardown),
        cmocka_unit_test_setup_teardown(test_second_instance, setup, teardown),
        cmocka_unit_test_setup_teardown(test_help_and_meta, setup, teardown),
        cmocka_unit_test_setup_teardown(test_custom_indicator, setup, teardown),
        cmocka_unit_test_setup_teardown(test_monochrome, setup, teardown),
        cmocka_unit_test_setup_teardown(test_review, setup, teardown),
        cmocka_unit_test_setup_teardown(test_review_zh, setup, teardown),
        cmocka_unit_test_setup_teardown(test_problems_view, setup, teardown),
        cmocka_unit_test_setup_teardown(test_evidence, setup, teardown),
        cmocka_unit_test_setup_teardown(test_small_quit_asks, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
