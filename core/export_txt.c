/* export_txt.c - the scoring table as plain text, aligned by display width.
 *
 * The grid is a boxed table of table.h (the renderer `jixiao score` uses
 * too): every cell padded to its column's width in display columns (CJK
 * counts 2), a cell wider than its column's wrap width broken into lines
 * inside the column, so the '|' borders of every line stand in the same
 * display columns. The deduction and override lists follow, their
 * reasons wrapped at TXT_NOTE_WIDTH.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "export_impl.h"
#include "i18n.h"
#include "table.h"

#define TXT_NOTE_WIDTH 72

_Static_assert(XDOC_MAX_COLS <= TABLE_MAX_COLS, "every model column fits in a table");

/* The model's columns, each as wide as its header and widest cell line,
 * or as its wrap width when a cell is wider. */
static void txt_layout(struct table *t, const struct xdoc *x)
{
    *t = (struct table){.style = TABLE_BOXED, .ncols = x->ncols};
    for (size_t c = 0; c < x->ncols; c++) {
        t->cols[c] = (struct table_col){.wrap = x->cols[c].wrap, .right = x->cols[c].numeric};
        table_fit(t, c, x->cols[c].header);
        for (size_t r = 0; r < x->n; r++)
            table_fit(t, c, xdoc_cell(x, r, c));
    }
}

/* The grid: header, then the rows, a rule above each first-level group. */
static void put_grid(struct strbuf *b, const struct xdoc *x)
{
    struct table t;
    const char *cells[TABLE_MAX_COLS];
    txt_layout(&t, x);
    table_put_rule(b, &t);
    for (size_t c = 0; c < x->ncols; c++)
        cells[c] = x->cols[c].header;
    table_put_row(b, &t, cells);
    table_put_rule(b, &t);
    for (size_t r = 0; r < x->n; r++) {
        if (r > 0 && x->rows[r].nd->fn->level == 1)
            table_put_rule(b, &t);
        for (size_t c = 0; c < x->ncols; c++)
            cells[c] = xdoc_cell(x, r, c);
        table_put_row(b, &t, cells);
    }
    table_put_rule(b, &t);
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

/* An entry of the lists under the table, its reason wrapped below it:
 *   3.2.3 项目完成及时性  5.76 / 6  (-0.24) */
static void put_entry(struct strbuf *b, const struct dnode *nd, const char *score,
                      const char *points, const char *tail, const char *reason)
{
    strbuf_puts(b, nd->fn->id);
    strbuf_puts(b, " ");
    strbuf_put_safe(b, nd->fn->name, strlen(nd->fn->name));
    strbuf_puts(b, "  ");
    strbuf_puts(b, score);
    strbuf_puts(b, " / ");
    strbuf_puts(b, points);
    strbuf_puts(b, tail);
    strbuf_puts(b, "\n");
    table_put_wrapped(b, "    ", reason, TXT_NOTE_WIDTH);
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
    for (size_t i = 0; i < n; i++) {
        char tail[NUM_BUF + 8];
        snprintf(tail, sizeof tail, "  (-%s)", v[i].minus);
        put_entry(b, v[i].nd, v[i].score, v[i].points, tail, v[i].reason);
    }
    free(v);
    return 0;
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
    for (size_t i = 0; i < n; i++) {
        char tail[128];
        xdoc_override_tail(&v[i], tail, sizeof tail);
        put_entry(b, v[i].nd, v[i].score, v[i].points, tail, v[i].reason);
    }
    free(v);
    return 0;
}

int export_txt(const struct xdoc *x, struct strbuf *b)
{
    put_title(b, x);
    put_grid(b, x);
    xdoc_totals(x, b, "\n");
    return put_deductions(b, x) < 0 || put_overrides(b, x) < 0 ? -1 : 0;
}
