/* export_txt.c - the scoring table as plain text, aligned by display width.
 *
 * Every cell is padded with spaces to its column's width in display
 * columns (u8_width: CJK counts 2), and a cell wider than its column's
 * wrap width is broken into lines inside the column, so the '|' borders
 * of every line stand in the same display columns.
 */
#include <stdlib.h>
#include <string.h>

#include "export_impl.h"
#include "grow.h"
#include "i18n.h"
#include "utf8.h"

#define TXT_NOTE_WIDTH 72

struct seg {
    const char *s;
    size_t len;
};

struct segs {
    struct seg *v;
    size_t n, cap;
    bool oom;
};

static void segs_push(struct segs *g, const char *s, size_t len)
{
    struct seg *v = grow_array(g->v, &g->cap, g->n, 1, sizeof *v);
    if (!v) {
        g->oom = true;
        return;
    }
    g->v = v;
    g->v[g->n++] = (struct seg){s, len};
}

/* Part of a Latin word or number, which should not be split. */
static bool latin(char c)
{
    return (unsigned char)c < 0x80 && c != ' ';
}

/* Break one paragraph into lines of at most w columns, at a space when a
 * Latin word would be split, anywhere between CJK characters. */
static void wrap_para(struct segs *g, const char *p, size_t len, int w)
{
    if (!len) {
        segs_push(g, p, 0);
        return;
    }
    while (len) {
        int used;
        size_t k = u8_clip(p, len, w, &used);
        if (!k) {
            uint32_t cp;
            k = u8_decode(p, len, &cp);
        }
        size_t next = k;
        if (k < len && k > 0 && latin(p[k]) && latin(p[k - 1])) {
            /* move the break back to the start of the word */
            size_t sp = k;
            while (sp > 0 && latin(p[sp - 1]))
                sp--;
            if (sp > 0) {
                next = sp;
                k = p[sp - 1] == ' ' ? sp - 1 : sp;
            }
        }
        segs_push(g, p, k);
        if (next < len && p[next] == ' ' && next == k)
            next++;
        p += next;
        len -= next;
    }
}

/* All lines of a cell; w <= 0 means no wrapping. */
static void wrap_cell(struct segs *g, const char *s, int w)
{
    g->n = 0;
    for (;;) {
        const char *nl = strchr(s, '\n');
        size_t len = nl ? (size_t)(nl - s) : strlen(s);
        size_t keep = len && s[len - 1] == '\r' ? len - 1 : len;
        if (w > 0)
            wrap_para(g, s, keep, w);
        else
            segs_push(g, s, keep);
        if (!nl)
            break;
        s = nl + 1;
    }
}

static int cell_natural(const char *s)
{
    int best = 0;
    for (;;) {
        const char *nl = strchr(s, '\n');
        size_t len = nl ? (size_t)(nl - s) : strlen(s);
        int w = u8_width(s, len && s[len - 1] == '\r' ? len - 1 : len);
        best = w > best ? w : best;
        if (!nl)
            return best;
        s = nl + 1;
    }
}

static void put_pad(struct strbuf *b, int n)
{
    for (int i = 0; i < n; i++)
        strbuf_put(b, " ", 1);
}

static void put_rule(struct strbuf *b, const int *w, size_t n)
{
    for (size_t c = 0; c < n; c++) {
        strbuf_puts(b, "+");
        for (int i = 0; i < w[c] + 2; i++)
            strbuf_put(b, "-", 1);
    }
    strbuf_puts(b, "+\n");
}

/* One table row: its cells (cells[c]) wrapped and padded, several lines. */
static int put_row(struct strbuf *b, const struct xdoc *x, const char *const *cells,
                   const int *w, struct segs *g)
{
    size_t height = 1;
    for (size_t c = 0; c < x->ncols; c++) {
        wrap_cell(&g[c], cells[c], x->cols[c].wrap ? w[c] : 0);
        if (g[c].oom)
            return -1;
        height = g[c].n > height ? g[c].n : height;
    }
    for (size_t line = 0; line < height; line++) {
        for (size_t c = 0; c < x->ncols; c++) {
            strbuf_puts(b, "| ");
            const struct seg *s = line < g[c].n ? &g[c].v[line] : NULL;
            int used = s ? u8_width(s->s, s->len) : 0;
            if (x->cols[c].numeric)
                put_pad(b, w[c] - used);
            if (s)
                strbuf_put_safe(b, s->s, s->len);
            if (!x->cols[c].numeric)
                put_pad(b, w[c] - used);
            strbuf_puts(b, " ");
        }
        strbuf_puts(b, "|\n");
    }
    return 0;
}

static void put_title(struct strbuf *b, const struct xdoc *x)
{
    const struct form *f = draft_form(x->d);
    strbuf_put_safe(b, f->name, strlen(f->name));
    strbuf_puts(b, "\n");
    const char *labels[XDOC_META_MAX], *values[XDOC_META_MAX];
    size_t n = xdoc_meta(x, labels, values);
    for (size_t k = 0; k < n; k++) {
        strbuf_puts(b, labels[k]);
        strbuf_puts(b, "：");
        strbuf_put_safe(b, values[k], strlen(values[k]));
        strbuf_puts(b, "\n");
    }
    strbuf_puts(b, "\n");
}

static int put_deductions(struct strbuf *b, const struct xdoc *x)
{
    size_t n;
    bool oom;
    struct xdeduction *v = xdoc_deductions(x, &n, &oom);
    if (oom)
        return -1;
    strbuf_puts(b, "\n扣分说明\n");
    if (!n) {
        strbuf_puts(b, _("(no deductions)"));
        strbuf_puts(b, "\n");
    }
    struct segs g = {0};
    for (size_t i = 0; i < n; i++) {
        const struct xdeduction *e = &v[i];
        strbuf_puts(b, e->nd->fn->id);
        strbuf_puts(b, " ");
        strbuf_put_safe(b, e->nd->fn->name, strlen(e->nd->fn->name));
        strbuf_puts(b, "  ");
        strbuf_puts(b, e->score);
        strbuf_puts(b, " / ");
        strbuf_puts(b, e->points);
        strbuf_puts(b, "  (-");
        strbuf_puts(b, e->minus);
        strbuf_puts(b, ")\n");
        wrap_cell(&g, e->reason, TXT_NOTE_WIDTH);
        for (size_t k = 0; k < g.n; k++) {
            strbuf_puts(b, "    ");
            strbuf_put_safe(b, g.v[k].s, g.v[k].len);
            strbuf_puts(b, "\n");
        }
    }
    bool failed = g.oom;
    free(g.v);
    free(v);
    return failed ? -1 : 0;
}

static int put_overrides(struct strbuf *b, const struct xdoc *x)
{
    size_t n;
    bool oom;
    struct xoverride *v = xdoc_overrides(x, &n, &oom);
    if (oom)
        return -1;
    if (n)
        strbuf_puts(b, "\n改分说明\n");
    struct segs g = {0};
    for (size_t i = 0; i < n; i++) {
        const struct xoverride *e = &v[i];
        char tail[128];
        xdoc_override_tail(e, tail, sizeof tail);
        strbuf_puts(b, e->nd->fn->id);
        strbuf_puts(b, " ");
        strbuf_put_safe(b, e->nd->fn->name, strlen(e->nd->fn->name));
        strbuf_puts(b, "  ");
        strbuf_puts(b, e->score);
        strbuf_puts(b, " / ");
        strbuf_puts(b, e->points);
        strbuf_puts(b, tail);
        strbuf_puts(b, "\n");
        wrap_cell(&g, e->reason, TXT_NOTE_WIDTH);
        for (size_t k = 0; k < g.n; k++) {
            strbuf_puts(b, "    ");
            strbuf_put_safe(b, g.v[k].s, g.v[k].len);
            strbuf_puts(b, "\n");
        }
    }
    bool failed = g.oom;
    free(g.v);
    free(v);
    return failed ? -1 : 0;
}

int export_txt(const struct xdoc *x, struct strbuf *b)
{
    int w[16];
    const char *cells[16];
    struct segs g[16];
    memset(g, 0, sizeof g);
    for (size_t c = 0; c < x->ncols; c++) {
        w[c] = u8_width(x->cols[c].header, (size_t)-1);
        for (size_t r = 0; r < x->n; r++) {
            int nat = cell_natural(xdoc_cell(x, r, c));
            w[c] = nat > w[c] ? nat : w[c];
        }
        if (x->cols[c].wrap && w[c] > x->cols[c].wrap)
            w[c] = x->cols[c].wrap;
    }
    put_title(b, x);
    put_rule(b, w, x->ncols);
    int rc = 0;
    for (size_t c = 0; c < x->ncols; c++)
        cells[c] = x->cols[c].header;
    rc |= put_row(b, x, cells, w, g);
    put_rule(b, w, x->ncols);
    for (size_t r = 0; r < x->n && rc == 0; r++) {
        if (r > 0 && x->rows[r].nd->fn->level == 1)
            put_rule(b, w, x->ncols);
        for (size_t c = 0; c < x->ncols; c++)
            cells[c] = xdoc_cell(x, r, c);
        rc |= put_row(b, x, cells, w, g);
    }
    put_rule(b, w, x->ncols);
    for (size_t c = 0; c < x->ncols; c++)
        free(g[c].v);
    if (rc)
        return -1;
    xdoc_totals(x, b, "\n");
    return put_deductions(b, x) < 0 || put_overrides(b, x) < 0 ? -1 : 0;
}
