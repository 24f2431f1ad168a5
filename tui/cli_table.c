/* cli_table.c - the filled scoring table as plain text. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "csvio.h"
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

/* Rows order[from, to) of the table, or with no order all of them. */
struct rows {
    const struct draft *d;
    const int *order;
    size_t from, to;
    const char *custom;   /* the label of a unit's own indicator */
    struct sink sink;
};

static void row_put(struct line *l, const struct rows *r, const struct dnode *nd)
{
    char name[1024], pts[NUM_BUF], sc[NUM_BUF] = "-";
    int indent = 2 * (nd->level - 1);
    if (indent > 32)
        indent = 32;
    memset(name, ' ', (size_t)indent);
    size_t nl = strlen(nd->name), cl = nd->custom ? strlen(r->custom) : 0;
    if (nl > sizeof name - 1 - (size_t)indent)
        nl = sizeof name - 1 - (size_t)indent;
    memcpy(name + indent, nd->name, nl);
    if (cl > sizeof name - 1 - (size_t)indent - nl)
        cl = 0;
    memcpy(name + indent + nl, r->custom, cl);
    name[indent + nl + cl] = '\0';
    bool has = dnode_is_leaf(nd) ? nd->score != PTS_NONE : nd->scored > 0;
    if (has)
        num_format_pts2(nd->score, sc);
    put_cell(l, nd->id, IDW, false);
    put_cell(l, name, NAMEW, false);
    put_cell(l, num_format_pts(nd->points, pts), NUMW, true);
    put_cell(l, sc, NUMW, true);
    line_end(l, &r->sink);
}

static void rows_put(const struct rows *r)
{
    struct line l = {.n = 0};
    if (r->order) {
        for (size_t k = r->from; k < r->to; k++)
            row_put(&l, r, draft_node(r->d, r->order[k]));
        return;
    }
    for (int i = draft_first(r->d); i >= 0; i = draft_next(r->d, i))
        if (!draft_node(r->d, i)->replaced)
            row_put(&l, r, draft_node(r->d, i));
}

static void *rows_thread(void *arg)
{
    rows_put(arg);
    return NULL;
}

/* The rows in table order. A large table is drawn in two halves at once:
 * a second thread draws the second half into memory while this one
 * writes the first. Short of memory for that, one thread draws it all. */
static void rows_print(const struct draft *d, const char *custom, FILE *out)
{
    enum { TWO_THREADS = 50000 };   /* rows; fewer take a few milliseconds */
    struct rows all = {d, NULL, 0, 0, custom, {out, NULL}};
    size_t n = 0, most = draft_count(d);   /* the rows, and an upper bound */
    int *order = most >= TWO_THREADS ? malloc(most * sizeof *order) : NULL;
    for (int i = draft_first(d); order && i >= 0; i = draft_next(d, i))
        if (!draft_node(d, i)->replaced)
            order[n++] = i;
    /* a row is about 70 bytes: room for the second half at once */
    struct strbuf second = {.cap = (n - n / 2) * 96};
    second.p = n >= TWO_THREADS ? malloc(second.cap) : NULL;
    pthread_t t;
    struct rows a = {d, order, 0, n / 2, custom, {out, NULL}};
    struct rows b = {d, order, n / 2, n, custom, {NULL, &second}};
    if (!second.p || pthread_create(&t, NULL, rows_thread, &b) != 0) {
        rows_put(&all);
    } else {
        rows_put(&a);
        pthread_join(t, NULL);
        if (second.oom)
            rows_put(&(struct rows){d, order, n / 2, n, custom, {out, NULL}});
        else
            fwrite(second.p, 1, second.n, out);
    }
    free(second.p);
    free(order);
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
    rows_print(d, _(" (custom)"), out);
    if (draft_scored(d) < draft_leaves(d))
        fprintf(out, _("%d of %d indicators scored\n"), draft_scored(d), draft_leaves(d));
    char tot[NUM_BUF], max[NUM_BUF];
    fprintf(out, "总分 %s / %s %s\n", num_format_pts2(draft_total(d), tot),
            num_format_pts(f->total_points, max), draft_grade(d));
}
