/* cli_table.c - the filled scoring table as plain text: each row laid
 * out by core/table.c and written here, a large table on two threads. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "csvio.h"
#include "explain.h"
#include "i18n.h"
#include "table.h"

/* The columns of the id, name, points and score: laid out by the core's
 * one table renderer, each cell clipped to its column. */
enum { IDW = 8, NAMEW = 44, NUMW = 8 };

static const struct table score_table = {
    .style = TABLE_PLAIN,
    .ncols = 4,
    .cols = {{.width = IDW}, {.width = NAMEW}, {.width = NUMW, .right = true},
             {.width = NUMW, .right = true}},
};

/* The table's rows are drawn in chunks of CHUNK rows; with two threads,
 * the second draws the odd chunks into memory while this one draws the
 * even ones to the output and, in between, writes the odd ones out. */
enum {
    CHUNK = 4096,          /* rows: about 300 KB drawn ahead at most */
    TWO_THREADS = 50000,   /* rows; fewer take a few milliseconds */
};

struct rows {
    const struct draft *d;
    const char *custom;   /* the label of a unit's own indicator */
    const char *override; /* the label of a score typed over its formula */
    /* two threads: the odd chunks, hand over in two slots */
    pthread_mutex_t mu;
    pthread_cond_t cv;
    struct strbuf slot[2];   /* chunk k in slot (k / 2) % 2 */
    bool ready[2];           /* drawn, not yet written */
};

/* The name cell: indented by level, a unit's own indicator and a score
 * typed over the formula tagged; cut to NAME_BUF bytes, far more than the
 * column shows. */
enum { NAME_BUF = 1024 };

static void row_name(char name[NAME_BUF], const struct rows *r, const struct dnode *nd)
{
    int indent = 2 * (nd->fn->level - 1);
    if (indent > 32)
        indent = 32;
    memset(name, ' ', (size_t)indent);
    const char *tag = nd->custom ? r->custom : nd->overridden ? r->override : "";
    size_t nl = strlen(nd->fn->name), cl = strlen(tag);
    if (nl > NAME_BUF - 1 - (size_t)indent)
        nl = NAME_BUF - 1 - (size_t)indent;
    memcpy(name + indent, nd->fn->name, nl);
    if (cl > NAME_BUF - 1 - (size_t)indent - nl)
        cl = 0;
    memcpy(name + indent + nl, tag, cl);
    name[indent + nl + cl] = '\0';
}

/* Append the row of nd to b. */
static void row_put(struct strbuf *b, const struct rows *r, const struct dnode *nd)
{
    char name[NAME_BUF], pts[NUM_BUF], sc[NUM_BUF] = "-";
    row_name(name, r, nd);
    bool has = dnode_is_leaf(nd) ? nd->score != PTS_NONE : nd->scored > 0;
    if (has)
        num_format_pts2(nd->score, sc);
    const char *cells[] = {nd->fn->id, name, num_format_pts(nd->fn->points, pts), sc};
    table_put_row(b, &score_table, cells);
}

/* Wait until slot s is ready (drawn) or free (written). */
static void slot_wait(struct rows *r, int s, bool ready)
{
    pthread_mutex_lock(&r->mu);
    while (r->ready[s] != ready)
        pthread_cond_wait(&r->cv, &r->mu);
    pthread_mutex_unlock(&r->mu);
}

static void slot_set(struct rows *r, int s, bool ready)
{
    pthread_mutex_lock(&r->mu);
    r->ready[s] = ready;
    pthread_cond_broadcast(&r->cv);
    pthread_mutex_unlock(&r->mu);
}

/* The first row of a chunk: its number, else -1. */
static long chunk_start(size_t row)
{
    return row % CHUNK ? -1 : (long)(row / CHUNK);
}

/* The second thread: each odd chunk into its slot, once the slot's last
 * chunk is written; handed over as soon as it is drawn. */
static void *rows_odd(void *arg)
{
    struct rows *r = arg;
    int cur = 0;           /* the slot being drawn */
    bool mine = false;     /* the row is in an odd chunk */
    size_t row = 0;
    for (int i = draft_first(r->d); i >= 0; i = draft_next(r->d, i)) {
        const struct dnode *nd = draft_node(r->d, i);
        if (nd->replaced)
            continue;
        long c = chunk_start(row++);
        if (c >= 0) {
            if (mine)
                slot_set(r, cur, true);
            mine = c % 2;
            if (mine) {
                cur = (int)(c / 2 % 2);
                slot_wait(r, cur, false);
                r->slot[cur].n = 0;
            }
        }
        if (mine)
            row_put(&r->slot[cur], r, nd);
    }
    if (mine)
        slot_set(r, cur, true);
    return NULL;
}

/* Start the second thread when the table is large enough; false when
 * the rows are drawn on this thread alone. */
static bool rows_start(struct rows *r, pthread_t *t)
{
    if (draft_count(r->d) < TWO_THREADS || pthread_mutex_init(&r->mu, NULL))
        return false;
    if (pthread_cond_init(&r->cv, NULL)) {
        pthread_mutex_destroy(&r->mu);
        return false;
    }
    for (int s = 0; s < 2; s++) {
        r->slot[s].cap = (size_t)CHUNK * 96;   /* a row is about 75 bytes */
        r->slot[s].p = malloc(r->slot[s].cap);
        if (!r->slot[s].p)
            r->slot[s] = (struct strbuf){.oom = true};
    }
    if (pthread_create(t, NULL, rows_odd, r) == 0)
        return true;
    pthread_cond_destroy(&r->cv);
    pthread_mutex_destroy(&r->mu);
    return false;
}

/* Write odd chunk c once the second thread has drawn it. False when it
 * could not (out of memory): this thread draws that chunk itself. */
static bool chunk_write(struct rows *r, long c, FILE *out)
{
    int s = (int)(c / 2 % 2);
    slot_wait(r, s, true);
    bool drawn = !r->slot[s].oom;
    if (drawn)
        fwrite(r->slot[s].p, 1, r->slot[s].n, out);
    r->slot[s].oom = false;   /* try again for the next chunk */
    slot_set(r, s, false);
    return drawn;
}

/* The rows in table order, on one thread or two. Returns -1 when a row
 * could not be drawn (out of memory). */
static int rows_print(const struct draft *d, const char *custom, const char *override,
                      FILE *out)
{
    struct rows r = {.d = d, .custom = custom, .override = override};
    pthread_t t;
    bool two = rows_start(&r, &t);
    struct strbuf line = {0};
    bool mine = true;   /* this thread draws the row */
    size_t row = 0;
    for (int i = draft_first(d); i >= 0; i = draft_next(d, i)) {
        const struct dnode *nd = draft_node(d, i);
        if (nd->replaced)
            continue;
        long c = chunk_start(row++);
        if (two && c >= 0)   /* the other thread's chunk, unless it failed */
            mine = c % 2 == 0 || !chunk_write(&r, c, out);
        if (mine) {
            row_put(&line, &r, nd);
            if (line.n)
                fwrite(line.p, 1, line.n, out);
            line.n = 0;
        }
    }
    if (two) {
        pthread_join(t, NULL);
        pthread_cond_destroy(&r.cv);
        pthread_mutex_destroy(&r.mu);
    }
    bool failed = line.oom;
    strbuf_free(&line);
    strbuf_free(&r.slot[0]);
    strbuf_free(&r.slot[1]);
    return failed ? -1 : 0;
}

/* What each formula computed, the figures a 扣分说明 quotes:
 *   2.1.2 资金调整调剂规范性 44.29% → 0 / 1 */
static void print_values(const struct draft *d, FILE *out)
{
    struct strbuf sb = {0};
    bool head = false;
    for (int i = draft_first(d); i >= 0; i = draft_next(d, i)) {
        const struct dnode *nd = draft_node(d, i);
        if (!nd->fn->rule || !dnode_is_leaf(nd))
            continue;
        sb.n = 0;
        char sep[256];
        snprintf(sep, sizeof sep, "\n%s ", nd->fn->id);
        if (explain_leaf_lines(&sb, d, i, sep) == 0 || sb.oom)
            continue;
        if (!head)
            fputs(_("Computed values:"), out);
        head = true;
        fwrite(sb.p, 1, sb.n, out);
    }
    if (head)
        fputc('\n', out);
    strbuf_free(&sb);
}

/* The form's name, the unit and year, the column headers. */
static void head_put(struct strbuf *b, const struct draft *d)
{
    const struct form *f = draft_form(d);
    strbuf_put_safe(b, f->name, strlen(f->name));
    strbuf_put(b, "\n", 1);
    const char *unit = draft_meta(d, META_UNIT), *year = draft_meta(d, META_YEAR);
    if (*unit || *year) {
        strbuf_put_safe(b, unit, strlen(unit));
        strbuf_put(b, " ", 1);
        strbuf_put_safe(b, year, strlen(year));
        strbuf_put(b, "\n", 1);
    }
    const char *cells[] = {_("id"), _("indicator"), _("points"), _("score")};
    table_put_row(b, &score_table, cells);
}

/* Under the rows: progress, computed values, the total and grade, a veto,
 * the bonus and penalty points. */
static void totals_print(const struct draft *d, FILE *out)
{
    const struct form *f = draft_form(d);
    if (draft_scored(d) < draft_leaves(d))
        fprintf(out, _("%d of %d indicators scored\n"), draft_scored(d), draft_leaves(d));
    print_values(d, out);
    char tot[NUM_BUF], max[NUM_BUF];
    fprintf(out, "总分 %s / %s %s\n", num_format_pts2(draft_total(d), tot),
            num_format_pts(f->total_points, max), draft_grade(d));
    pts_t raw, applicable;
    if (draft_rescale(d, &raw, &applicable)) {
        char r[NUM_BUF], a[NUM_BUF];
        fprintf(out, "按百分制折算：不适用指标不计分，%s / %s × %s = %s\n",
                num_format_pts2(raw, r), num_format_pts(applicable, a), max, tot);
    }
    int vg;
    if (draft_vetoed(d, &vg) && vg >= 0) {
        /* the form's texts may hold controls: shown, never run */
        fprintf(out, "一票否决：%s ", f->nodes[vg].id);
        say_safe(out, f->nodes[vg].name, strlen(f->nodes[vg].name));
        fputs(" 得 0 分\n", out);
    } else if (draft_vetoed(d, &vg))
        fprintf(out, "一票否决：总分为 0\n");
    pts_t bonus, penalty;
    if (draft_kind_sums(d, &bonus, &penalty))
        fprintf(out, "其中加分 %s，扣分 %s\n", num_format_pts2(bonus, tot),
                num_format_pts2(penalty, max));
}

int cli_print_table(const struct draft *d, FILE *out)
{
    /* a table of a million rows goes out in large writes, not in stdio's
     * default 4 KB ones (a terminal keeps its line buffering) */
    static char big[64 << 10];
    if (out == stdout && !isatty(fileno(out)))
        setvbuf(out, big, _IOFBF, sizeof big);
    struct strbuf b = {0};
    head_put(&b, d);
    bool failed = b.oom;
    if (!failed)
        fwrite(b.p, 1, b.n, out);
    strbuf_free(&b);
    if (failed || rows_print(d, _(" (custom)"), _(" (override)"), out) < 0)
        return -1;
    totals_print(d, out);
    return 0;
}
