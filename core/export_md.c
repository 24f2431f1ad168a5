/* export_md.c - the scoring table as Markdown (GitHub-flavoured tables).
 *
 * Markdown punctuation in texts is backslash-escaped so a note can never
 * turn into markup; line breaks inside a cell become <br>. Cells are
 * padded by display width so the source also reads well in a terminal.
 */
#include <stdlib.h>
#include <string.h>

#include "export_impl.h"
#include "i18n.h"
#include "utf8.h"

/* Append s escaped; a line break becomes br (table: "<br>", list: a hard
 * break and the item's indent). */
static void md_escape(struct strbuf *b, const char *s, const char *br)
{
    bool line_start = true;
    size_t start = 0, i = 0;
    for (; s[i]; i++) {
        char c = s[i];
        const char *rep = NULL;
        char esc[3] = {'\\', c, '\0'};
        if (c == '\n')
            rep = br;
        else if (c == '\r')
            rep = "";
        else if (strchr("\\`*_[]<>|#~", c) || (line_start && (c == '-' || c == '+')))
            rep = esc;
        line_start = c == '\n';
        if (!rep)
            continue;
        strbuf_put_safe(b, s + start, i - start);
        strbuf_puts(b, rep);
        start = i + 1;
    }
    strbuf_put_safe(b, s + start, i - start);
}

static void put_pad(struct strbuf *b, int n)
{
    for (int i = 0; i < n; i++)
        strbuf_put(b, " ", 1);
}

static int md_table(struct strbuf *b, const struct xdoc *x)
{
    size_t nc = x->ncols, nr = x->n + 1;
    struct strbuf *cells = calloc(nr * nc, sizeof *cells);
    if (!cells)
        return -1;
    int w[XDOC_MAX_COLS];
    bool oom = false;
    for (size_t c = 0; c < nc; c++) {
        w[c] = 3;
        for (size_t r = 0; r < nr; r++) {
            struct strbuf *s = &cells[r * nc + c];
            md_escape(s, r ? xdoc_cell(x, r - 1, c) : x->cols[c].header, "<br>");
            oom |= s->oom;
            int cw = s->p ? u8_width(s->p, s->n) : 0;
            w[c] = cw > w[c] ? cw : w[c];
        }
    }
    for (size_t r = 0; r < nr && !oom; r++) {
        for (size_t c = 0; c < nc; c++) {
            const struct strbuf *s = &cells[r * nc + c];
            int cw = s->p ? u8_width(s->p, s->n) : 0;
            strbuf_puts(b, "| ");
            if (x->cols[c].numeric)
                put_pad(b, w[c] - cw);
            strbuf_put(b, s->p ? s->p : "", s->n);
            if (!x->cols[c].numeric)
                put_pad(b, w[c] - cw);
            strbuf_puts(b, " ");
        }
        strbuf_puts(b, "|\n");
        if (r == 0) {
            for (size_t c = 0; c < nc; c++) {
                strbuf_puts(b, "| ");
                for (int k = 0; k < w[c] - 1; k++)
                    strbuf_put(b, "-", 1);
                strbuf_puts(b, x->cols[c].numeric ? ": " : "- ");
            }
            strbuf_puts(b, "|\n");
        }
    }
    for (size_t i = 0; i < nr * nc; i++)
        strbuf_free(&cells[i]);
    free(cells);
    return oom ? -1 : 0;
}

int export_md(const struct xdoc *x, struct strbuf *b)
{
    const struct form *f = draft_form(x->d);
    strbuf_puts(b, "# ");
    md_escape(b, f->name, " ");
    strbuf_puts(b, "\n\n");
    const char *labels[XDOC_META_MAX], *values[XDOC_META_MAX];
    size_t n = xdoc_meta(x, labels, values);
    for (size_t k = 0; k < n; k++) {
        strbuf_puts(b, "- ");
        strbuf_puts(b, labels[k]);
        strbuf_puts(b, "：");
        md_escape(b, values[k], " ");
        strbuf_puts(b, "\n");
    }
    if (n)
        strbuf_puts(b, "\n");
    if (md_table(b, x) < 0)
        return -1;
    strbuf_puts(b, "\n");
    xdoc_totals(x, b, "\n\n");

    size_t nd;
    bool oom;
    struct xdeduction *v = xdoc_deductions(x, &nd, &oom);
    if (oom)
        return -1;
    strbuf_puts(b, "## 扣分说明\n\n");
    if (!nd) {
        strbuf_puts(b, _("(no deductions)"));
        strbuf_puts(b, "\n");
    }
    for (size_t i = 0; i < nd; i++) {
        const struct xdeduction *e = &v[i];
        strbuf_puts(b, "- **");
        md_escape(b, e->nd->fn->id, " ");
        strbuf_puts(b, " ");
        md_escape(b, e->nd->fn->name, " ");
        strbuf_puts(b, "** ");
        strbuf_puts(b, e->score);
        strbuf_puts(b, " / ");
        strbuf_puts(b, e->points);
        strbuf_puts(b, " (\\-");
        strbuf_puts(b, e->minus);
        strbuf_puts(b, ")  \n  ");
        if (e->no_reason)
            strbuf_puts(b, "*");
        md_escape(b, e->reason, "  \n  ");
        if (e->no_reason)
            strbuf_puts(b, "*");
        strbuf_puts(b, "\n");
    }
    free(v);
    struct xoverride *o = xdoc_overrides(x, &nd, &oom);
    if (oom)
        return -1;
    if (nd)
        strbuf_puts(b, "\n## 改分说明\n\n");
    for (size_t i = 0; i < nd; i++) {
        const struct xoverride *e = &o[i];
        char tail[128];
        xdoc_override_tail(e, tail, sizeof tail);
        strbuf_puts(b, "- **");
        md_escape(b, e->nd->fn->id, " ");
        strbuf_puts(b, " ");
        md_escape(b, e->nd->fn->name, " ");
        strbuf_puts(b, "** ");
        strbuf_puts(b, e->score);
        strbuf_puts(b, " / ");
        strbuf_puts(b, e->points);
        strbuf_puts(b, tail);
        strbuf_puts(b, "  \n  ");
        md_escape(b, e->reason, "  \n  ");
        strbuf_puts(b, "\n");
    }
    free(o);
    return b->oom ? -1 : 0;
}
