/* table.c - plain-text tables laid out in display columns (see table.h). */
#include "table.h"

#include <stdint.h>
#include <string.h>

#include "utf8.h"

static void put_pad(struct strbuf *b, int cols)
{
    static const char spaces[] = "                                ";
    for (; cols > 0; cols -= (int)sizeof spaces - 1)
        strbuf_put(b, spaces, cols < (int)sizeof spaces - 1 ? (size_t)cols : sizeof spaces - 1);
}

/* Printable ASCII: one column a byte, nothing to replace. */
static bool plain_ascii(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] < 0x20 || (unsigned char)s[i] > 0x7E)
            return false;
    return true;
}

/* Append s (n bytes, one line) clipped and padded to exactly cols columns.
 * Most cells of a large table are printable ASCII: counted by bytes. */
static void put_cell(struct strbuf *b, const char *s, size_t n, int cols, bool right)
{
    int used;
    bool ascii = plain_ascii(s, n);
    if (ascii) {
        if (n > (size_t)cols)
            n = cols > 0 ? (size_t)cols : 0;
        used = (int)n;
    } else {
        n = u8_clip(s, n, cols, &used);
    }
    if (right)
        put_pad(b, cols - used);
    if (ascii)
        strbuf_put(b, s, n);
    else
        strbuf_put_safe(b, s, n);
    if (!right)
        put_pad(b, cols - used);
}

/* ---- a cell's lines ---- */

/* Part of a Latin word or number, which should not be split. */
static bool latin(char c)
{
    return (unsigned char)c < 0x80 && c != ' ';
}

/* Where to break a paragraph p (len > 0 bytes) into a first line of at
 * most w columns: its length in *k; returns how far the next line starts
 * (past a space broken at). A Latin word is moved whole to the next line
 * unless it fills the line; a character wider than w goes alone. */
static size_t wrap_break(const char *p, size_t len, int w, size_t *k)
{
    int used;
    size_t n = u8_clip(p, len, w, &used);
    if (!n) {
        uint32_t cp;
        n = u8_decode(p, len, &cp);
    }
    size_t next = n;
    if (n < len && latin(p[n]) && latin(p[n - 1])) {
        size_t sp = n;
        while (sp > 0 && latin(p[sp - 1]))
            sp--;
        if (sp > 0) {
            next = sp;
            n = p[sp - 1] == ' ' ? sp - 1 : sp;
        }
    }
    if (next < len && p[next] == ' ' && next == n)
        next++;
    *k = n;
    return next;
}

/* The lines of a cell, one at a time: its paragraphs (split at "\n", a
 * "\r" before it dropped), each wrapped at width columns when width > 0. */
struct lines {
    const char *rest;   /* the text after the current paragraph; NULL after the last */
    const char *p;      /* what is left of the paragraph being wrapped */
    size_t len;
    int width;
};

static void lines_start(struct lines *it, const char *text, int width)
{
    *it = (struct lines){.rest = text, .width = width};
}

/* The next line in *s and *n; false when there is none left. */
static bool lines_next(struct lines *it, const char **s, size_t *n)
{
    if (!it->len) {
        if (!it->rest)
            return false;
        const char *p = it->rest, *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        it->rest = nl ? nl + 1 : NULL;
        if (len && p[len - 1] == '\r')
            len--;
        if (it->width <= 0 || !len) {
            *s = p;
            *n = len;
            return true;
        }
        it->p = p;
        it->len = len;
    }
    size_t next = wrap_break(it->p, it->len, it->width, n);
    *s = it->p;
    it->p += next;
    it->len -= next;
    return true;
}

/* ---- rows ---- */

void table_fit(struct table *t, size_t c, const char *text)
{
    struct table_col *col = &t->cols[c];
    struct lines it;
    const char *s;
    size_t n;
    lines_start(&it, text, 0);
    while (lines_next(&it, &s, &n)) {
        int w = u8_width(s, n);
        if (w > col->width)
            col->width = w;
    }
    if (col->wrap > 0 && col->width > col->wrap)
        col->width = col->wrap;
}

static void row_put_plain(struct strbuf *b, const struct table *t, const char *const *cells)
{
    for (size_t c = 0; c < t->ncols; c++)
        put_cell(b, cells[c], strlen(cells[c]), t->cols[c].width, t->cols[c].right);
    strbuf_put(b, "\n", 1);
}

/* One line of a boxed row: the next line of each cell (blank where a
 * cell has none left). False, and nothing written, when no cell has one. */
static bool line_put_boxed(struct strbuf *b, const struct table *t, struct lines *it)
{
    const char *s[TABLE_MAX_COLS];
    size_t n[TABLE_MAX_COLS];
    bool any = false;
    for (size_t c = 0; c < t->ncols; c++) {
        if (!lines_next(&it[c], &s[c], &n[c])) {
            s[c] = "";
            n[c] = 0;
        } else {
            any = true;
        }
    }
    for (size_t c = 0; any && c < t->ncols; c++) {
        strbuf_put(b, "| ", 2);
        put_cell(b, s[c], n[c], t->cols[c].width, t->cols[c].right);
        strbuf_put(b, " ", 1);
    }
    if (any)
        strbuf_put(b, "|\n", 2);
    return any;
}

static void row_put_boxed(struct strbuf *b, const struct table *t, const char *const *cells)
{
    struct lines it[TABLE_MAX_COLS];
    for (size_t c = 0; c < t->ncols; c++) {
        const struct table_col *col = &t->cols[c];
        lines_start(&it[c], cells[c], col->wrap > 0 ? col->width : 0);
    }
    while (line_put_boxed(b, t, it))
        ;
}

void table_put_row(struct strbuf *b, const struct table *t, const char *const *cells)
{
    if (t->style == TABLE_BOXED)
        row_put_boxed(b, t, cells);
    else
        row_put_plain(b, t, cells);
}

void table_put_rule(struct strbuf *b, const struct table *t)
{
    static const char dashes[] = "--------------------------------";
    for (size_t c = 0; c < t->ncols; c++) {
        strbuf_put(b, "+", 1);
        for (int i = t->cols[c].width + 2; i > 0; i -= (int)sizeof dashes - 1)
            strbuf_put(b, dashes, i < (int)sizeof dashes - 1 ? (size_t)i : sizeof dashes - 1);
    }
    strbuf_put(b, "+\n", 2);
}

void table_put_wrapped(struct strbuf *b, const char *indent, const char *text, int width)
{
    struct lines it;
    const char *s;
    size_t n;
    lines_start(&it, text, width);
    while (lines_next(&it, &s, &n)) {
        strbuf_puts(b, indent);
        strbuf_put_safe(b, s, n);
        strbuf_put(b, "\n", 1);
    }
}
