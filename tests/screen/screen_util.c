/* screen_util.c - the pseudo-terminal test harness (screen_util.h). */
#include "screen_util.h"

#include "num.h"
#include "rule.h"

#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "draftio.h"

const char *screen_bin(void)
{
    const char *b = getenv("JIXIAO_BIN");
    return b ? b : "./jixiao";
}

void example_path(char *buf, size_t size)
{
    const char *src = getenv("JIXIAO_SRCDIR");
    snprintf(buf, size, "%s/examples/dapeng-2021.csv", src ? src : SRCDIR);
}

void copy_file(const char *from, const char *to)
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

int setup(void **state)
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

int teardown(void **state)
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

struct vt *start(int rows, int cols, const char *a1, const char *a2, const char *a3)
{
    char *argv[] = {(char *)screen_bin(), (char *)a1, (char *)a2, (char *)a3, NULL};
    struct vt *t = vt_spawn(rows, cols, argv, NULL);
    assert_non_null(t);
    return t;
}

struct vt *start_zh(int rows, int cols, const char *a1, const char *a2, const char *a3)
{
    bool zh = setlocale(LC_ALL, "zh_CN.UTF-8") != NULL;
    setlocale(LC_ALL, "C.UTF-8");
    if (!zh) {
        print_message("# skip: no zh_CN.UTF-8 locale on this system\n");
        skip();
    }
    char *argv[] = {(char *)screen_bin(), (char *)a1, (char *)a2, (char *)a3, NULL};
    char *env[] = {"LC_ALL=zh_CN.UTF-8", "LANGUAGE=zh_CN", NULL};
    struct vt *t = vt_spawn(rows, cols, argv, env);
    assert_non_null(t);
    return t;
}


void must_wait_at(struct vt *t, int row, const char *text, int line)
{
    bool ok = row < 0 ? vt_wait(t, text, WAIT_MS) : vt_wait_row(t, row, text, WAIT_MS);
    if (!ok) {
        vt_dump(t, stderr);
        fail_msg("line %d: \"%s\" did not appear%s", line, text, row >= 0 ? " on its row" : "");
    }
}

void must_sync_at(struct vt *t, int line)
{
    if (!vt_sync(t, WAIT_MS)) {
        vt_dump(t, stderr);
        fail_msg("line %d: the editor did not answer the sync key", line);
    }
}

void must_row_at(struct vt *t, int row, const char *text, int line)
{
    must_sync_at(t, line);
    char buf[4096];
    if (!strstr(vt_row(t, row, buf, sizeof buf), text)) {
        vt_dump(t, stderr);
        fail_msg("line %d: row %d is \"%s\", not with \"%s\"", line, row, buf, text);
    }
}

void must_screen_at(struct vt *t, const char *text, bool present, int line)
{
    must_sync_at(t, line);
    if (vt_contains(t, text) != present) {
        vt_dump(t, stderr);
        fail_msg("line %d: \"%s\" is %s the screen", line, text, present ? "not on" : "still on");
    }
}

void must_go_at(struct vt *t, const char *text, int line)
{
    if (!vt_wait_gone(t, text, WAIT_MS)) {
        vt_dump(t, stderr);
        fail_msg("line %d: \"%s\" did not go away", line, text);
    }
}


struct form *std_form(void)
{
    struct diags d = {0};
    struct form *f = form_load_standard(&d);
    diags_clear(&d);
    assert_non_null(f);
    return f;
}

struct draft *load_draft(const char *path, const struct form *f)
{
    struct diags d = {0};
    struct draft *dr = draftio_load(path, f, &d);
    diags_clear(&d);
    assert_non_null(dr);
    return dr;
}

struct vt *open_example(struct fx *fx, int rows, int cols)
{
    fx->t = start(rows, cols, fx->path, NULL, NULL);
    must_wait_row(fx->t, status_row(fx->t), "Total 93.76");
    return fx->t;
}

/* Select 3.3.1 (scored directly, 18 of 20) by searching its Chinese name. */
void goto_effect(struct vt *t)
{
    vt_send(t, "/社会效益\r");
    must_see(t, "3.3.1 社会效益");
}

void type_text(struct vt *t, const char *v)
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

void enter_leaf(struct vt *t, const struct dnode *n, bool accept)
{
    char buf[512];
    vt_send(t, "\t");
    const struct form_node *fn = n->fn;
    for (size_t i = 0; i < fn->nfigs; i++)
        type_text(t, n->figs[i].set ? num_format_decimal(n->figs[i].v, buf) : "");
    for (size_t i = 0; fn->rule && i < fn->rule->nparts; i++) {
        const struct part *p = &fn->rule->parts[i];
        mark_t m = n->marks[i];
        switch (p->kind) {
        case PART_CHECK: type_text(t, rule_format_mark(p, m, buf, sizeof buf)); break;
        case PART_CHOICE:
        case PART_VETO: type_pick(t, m == MARK_NONE || m < 0 ? -1 : (int)m); break;
        case PART_CALC: break;
        }
    }
    const struct rule *r = fn->rule;
    if (!r || (r->custom && r->nparts == 0))
        type_text(t, n->entered == PTS_NONE ? "" : num_format_pts(n->entered, buf));
    if (accept) {
        must_see(t, "Drafted reason (R uses it)");
        vt_send(t, "R");
    } else {
        type_text(t, n->note);
    }
    vt_send(t, "h");
}

void put_text(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    assert_int_equal(fclose(f), 0);
}

bool file_is(const char *path, const char *text)
{
    char buf[256] = "";
    FILE *f = fopen(path, "r");
    if (!f)
        return false;
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    return strcmp(buf, text) == 0;
}
