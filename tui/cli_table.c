/* cli_table.c - the filled scoring table as plain text. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "csvio.h"
#include "explain.h"
#include "i18n.h"
#include "utf8.h"

/* One row of the table, built in memory and written with one fwrite:
 * a million-row table must not cost a million fprintf calls per column. */
struct line {
    char buf[2048];
    size_t n;
};

static void line_put(struct line *l, const char *s, size_t n)
{
    if (n > sizeof l->buf - l->n)
        n = sizeof l->buf - l->n;
    memcpy(l->buf + l->n, s, n);
    l->n += n;
}

static void line_pad(struct line *l, int cols)
{
    for (; cols > 0 && l->n < sizeof l->buf; cols--)
        l->buf[l->n++] = ' ';
}

/* Printable ASCII: one column a byte, nothing to replace. */
static bool plain_ascii(const char *s, size_t *len)
{
    size_t i = 0;
    for (; s[i]; i++)
        if ((unsigned char)s[i] < 0x20 || (unsigned char)s[i] > 0x7E)
            return false;
    *len = i;
    return true;
}

/* Whether s (n bytes) may hold a character u8_is_unsafe refuses: those
 * are C0, DEL and, in UTF-8, start with C2 (C1), D8 (U+061C) or E2 (the
 * bidi controls). Most text has none of these bytes: copied as it is. */
static bool maybe_unsafe(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20 || c == 0x7F || c == 0xC2 || c == 0xD8 || c == 0xE2)
            return true;
    }
    return false;
}

/* Append n bytes of text from a file with nothing a terminal would act on. */
static void put_text(struct line *l, const char *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        size_t k = u8_decode(s + i, n - i, &cp);
        if (u8_is_unsafe(cp))
            line_put(l, "\xEF\xBF\xBD", 3);
        else
            line_put(l, s + i, k);
        i += k;
    }
}

/* Append s padded (or clipped) to exactly cols display columns. */
static void put_cell(struct line *l, const char *s, int cols, bool right)
{
    int used;
    size_t n;
    bool ascii = plain_ascii(s, &n);
    if (ascii) {
        if (n > (size_t)cols)
            n = (size_t)cols;
        used = (int)n;
    } else {
        n = u8_clip(s, (size_t)-1, cols, &used);
    }
    if (right)
        line_pad(l, cols - used);
    if (ascii || !maybe_unsafe(s, n))
        line_put(l, s, n);
    else
        put_text(l, s, n);
    if (!right)
        line_pad(l, cols - used);
}

enum { IDW = 8, NAMEW = 44, NUMW = 8 };   /* columns of the id, name and numbers */

/* Where finished lines go: a stream, or memory (rows drawn ahead). */
struct sink {
    FILE *out;
    struct strbuf *mem;
};

static void line_end(struct line *l, const struct sink *k)
{
    line_put(l, "\n", 1);
    if (k->mem)
        strbuf_put(k->mem, l->buf, l->n);
    else
        fwrite(l->buf, 1, l->n, k->out);
    l->n = 0;
}

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

static void row_put(struct line *l, const struct rows *r, const struct dnode *nd,
                    const struct sink *k)
{
    char name[1024], pts[NUM_BUF], sc[NUM_BUF] = "-";
    int indent = 2 * (nd->fn->level - 1);
    if (indent > 32)
        indent = 32;
    memset(name, ' ', (size_t)indent);
    /* a unit's own indicator and a score typed over the formula are tagged */
    const char *tag = nd->custom ? r->custom : nd->overridden ? r->override : "";
    size_t nl = strlen(nd->fn->name), cl = strlen(tag);
    if (nl > sizeof name - 1 - (size_t)indent)
        nl = sizeof name - 1 - (size_t)indent;
    memcpy(name + indent, nd->fn->name, nl);
    if (cl > sizeof name - 1 - (size_t)indent - nl)
        cl = 0;
    memcpy(name + indent + nl, tag, cl);
    name[indent + nl + cl] = '\0';
    bool has = dnode_is_leaf(nd) ? nd->score != PTS_NONE : nd->scored > 0;
    if (has)
        num_format_pts2(nd->score, sc);
    put_cell(l, nd->fn->id, IDW, false);
    put_cell(l, name, NAMEW, false);
    put_cell(l, num_format_pts(nd->fn->points, pts), NUMW, true);
    put_cell(l, sc, NUMW, true);
    line_end(l, k);
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
    struct line l = {.n = 0};
    struct sink k = {NULL, NULL};
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
                k.mem = &r->slot[cur];
            }
        }
        if (mine)
            row_put(&l, r, nd, &k);
    }
    if (mine)
        slot_set(r, cur, true);
    return NULL;
}

/* The rows in table order, on one thread or two. An odd chunk the second
 * thread could not draw (out of memory) is drawn here. */
static void rows_print(const struct draft *d, const char *custom, const char *override,
                       FILE *out)
{
    struct rows r = {.d = d, .custom = custom, .override = override};
    pthread_t t;
    bool two = draft_count(d) >= TWO_THREADS && !pthread_mutex_init(&r.mu, NULL);
    if (two && pthread_cond_init(&r.cv, NULL)) {
        pthread_mutex_destroy(&r.mu);
        two = false;
    }
    for (int s = 0; two && s < 2; s++) {
        r.slot[s].cap = (size_t)CHUNK * 96;   /* a row is about 75 bytes */
        r.slot[s].p = malloc(r.slot[s].cap);
        if (!r.slot[s].p)
            r.slot[s] = (struct strbuf){.oom = true};
    }
    if (two && pthread_create(&t, NULL, rows_odd, &r) != 0) {
        two = false;
        pthread_cond_destroy(&r.cv);
        pthread_mutex_destroy(&r.mu);
    }
    struct line l = {.n = 0};
    struct sink k = {out, NULL};
    bool mine = true;   /* this thread draws the row */
    size_t row = 0;
    for (int i = draft_first(d); i >= 0; i = draft_next(d, i)) {
        const struct dnode *nd = draft_node(d, i);
        if (nd->replaced)
            continue;
        long c = chunk_start(row++);
        if (two && c >= 0) {
            mine = c % 2 == 0;
            if (!mine) {   /* the other thread's: write it */
                int s = (int)(c / 2 % 2);
                slot_wait(&r, s, true);
                mine = r.slot[s].oom;
                if (!mine)
                    fwrite(r.slot[s].p, 1, r.slot[s].n, out);
                r.slot[s].oom = false;   /* try again for the next chunk */
                slot_set(&r, s, false);
            }
        }
        if (mine)
            row_put(&l, &r, nd, &k);
    }
    if (two) {
        pthread_join(t, NULL);
        pthread_cond_destroy(&r.cv);
        pthread_mutex_destroy(&r.mu);
    }
    strbuf_free(&r.slot[0]);
    strbuf_free(&r.slot[1]);
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

void cli_print_table(const struct draft *d, FILE *out)
{
    /* a table of a million rows goes out in large writes, not in stdio's
     * default 4 KB ones (a terminal keeps its line buffering) */
    static char big[64 << 10];
    if (out == stdout && !isatty(fileno(out)))
        setvbuf(out, big, _IOFBF, sizeof big);
    const struct form *f = draft_form(d);
    struct sink k = {out, NULL};
    struct line l = {.n = 0};
    put_text(&l, f->name, strlen(f->name));
    line_end(&l, &k);
    const char *unit = draft_meta(d, META_UNIT), *year = draft_meta(d, META_YEAR);
    if (*unit || *year) {
        put_text(&l, unit, strlen(unit));
        line_put(&l, " ", 1);
        put_text(&l, year, strlen(year));
        line_end(&l, &k);
    }
    put_cell(&l, _("id"), IDW, false);
    put_cell(&l, _("indicator"), NAMEW, false);
    put_cell(&l, _("points"), NUMW, true);
    put_cell(&l, _("score"), NUMW, true);
    line_end(&l, &k);
    rows_print(d, _(" (custom)"), _(" (override)"), out);
    if (draft_scored(d) < draft_leaves(d))
        fprintf(out, _("%d of %d indicators scored\n"), draft_scored(d), draft_leaves(d));
    print_values(d, out);
    char tot[NUM_BUF], max[NUM_BUF];
    fprintf(out, "总分 %s / %s %s\n", num_format_pts2(draft_total(d), tot),
            num_format_pts(f->total_points, max), draft_grade(d));
    int vg;
    if (draft_vetoed(d, &vg) && vg >= 0)
        fprintf(out, "一票否决：%s %s 得 0 分\n", f->nodes[vg].id, f->nodes[vg].name);
    else if (draft_vetoed(d, &vg))
        fprintf(out, "一票否决：总分为 0\n");
    pts_t bonus, penalty;
    if (draft_kind_sums(d, &bonus, &penalty))
        fprintf(out, "其中加分 %s，扣分 %s\n", num_format_pts2(bonus, tot),
                num_format_pts2(penalty, max));
}
