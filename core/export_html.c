/* export_html.c - the scoring table as one self-contained HTML page.
 *
 * Inline CSS only, no scripts, no external resources: the page prints on
 * A4 from any browser (print to PDF). Every text from the form or the
 * draft is HTML-escaped; characters that must not reach a document
 * (controls, bidi overrides) are shown as U+FFFD. Every element is closed,
 * so the output is also well-formed for strict parsers.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "export_impl.h"
#include "i18n.h"

static const char css[] =
    "@page { size: A4%s; margin: 15mm 12mm; }\n"
    "body { font-family: \"SimSun\", \"Songti SC\", \"Noto Serif CJK SC\", serif;"
    " font-size: 10.5pt; color: #000; margin: 1em auto; max-width: %s; }\n"
    "h1 { font-size: 16pt; text-align: center; margin: 0 0 4mm; }\n"
    "h2 { font-size: 13pt; margin: 6mm 0 2mm; }\n"
    ".meta span { margin-right: 2em; white-space: nowrap; }\n"
    "table { border-collapse: collapse; width: 100%%; table-layout: fixed; }\n"
    "th, td { border: 0.5pt solid #000; padding: 1mm 1.5mm; vertical-align: top;"
    " white-space: pre-line; }\n"
    "th { background: #eee; }\n"
    "td.n { text-align: right; white-space: nowrap; }\n"
    "td.t { font-size: 9pt; }\n"
    "tr.l1 td { font-weight: bold; background: #f4f4f4; }\n"
    "tr.l2 td { font-weight: bold; }\n"
    "thead { display: table-header-group; }\n"
    "tr, li { page-break-inside: avoid; break-inside: avoid; }\n"
    ".total { font-size: 12pt; font-weight: bold; margin: 3mm 0 0; }\n"
    ".note { margin: 1mm 0 0; }\n"
    ".reason { white-space: pre-line; }\n"
    ".missing { font-style: italic; }\n"
    "@media print { body { margin: 0; max-width: none; }"
    " th, tr.l1 td { -webkit-print-color-adjust: exact; print-color-adjust: exact; } }\n";

/* Append s HTML-escaped, keeping line breaks (shown by white-space:
 * pre-line); export_put_safe would turn them into U+FFFD. */
static void html_text(struct strbuf *b, const char *s)
{
    size_t start = 0, i = 0;
    for (; s[i]; i++) {
        const char *rep = NULL;
        switch (s[i]) {
        case '&': rep = "&amp;"; break;
        case '<': rep = "&lt;"; break;
        case '>': rep = "&gt;"; break;
        case '"': rep = "&quot;"; break;
        case '\'': rep = "&#39;"; break;
        case '\r': rep = ""; break;
        case '\n': rep = "\n"; break;
        default: break;
        }
        if (!rep)
            continue;
        export_put_safe(b, s + start, i - start);
        strbuf_puts(b, rep);
        start = i + 1;
    }
    export_put_safe(b, s + start, i - start);
}

static void put_tag(struct strbuf *b, const char *open, const char *text, const char *close)
{
    strbuf_puts(b, open);
    html_text(b, text);
    strbuf_puts(b, close);
}

static void put_head(struct strbuf *b, const struct xdoc *x)
{
    const struct form *f = draft_form(x->d);
    bool wide = x->ncols > 6;
    char style[sizeof css + 64];
    snprintf(style, sizeof style, css, wide ? " landscape" : "", wide ? "273mm" : "186mm");
    strbuf_puts(b, "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n"
                   "<meta charset=\"utf-8\">\n"
                   "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                   "<title>");
    html_text(b, f->name);
    const char *unit = draft_meta(x->d, META_UNIT), *year = draft_meta(x->d, META_YEAR);
    if (*unit || *year) {
        strbuf_puts(b, " - ");
        html_text(b, unit);
        strbuf_puts(b, *unit && *year ? " " : "");
        html_text(b, year);
    }
    strbuf_puts(b, "</title>\n<style>\n");
    strbuf_puts(b, style);
    strbuf_puts(b, "</style>\n</head>\n<body>\n");
    put_tag(b, "<h1>", f->name, "</h1>\n");
    const char *labels[4], *values[4];
    size_t n = xdoc_meta(x, labels, values);
    if (!n)
        return;
    strbuf_puts(b, "<p class=\"meta\">");
    for (size_t k = 0; k < n; k++) {
        strbuf_puts(b, "<span>");
        strbuf_puts(b, labels[k]);
        strbuf_puts(b, "：");
        html_text(b, values[k]);
        strbuf_puts(b, "</span>");
    }
    strbuf_puts(b, "</p>\n");
}

/* Width of a column in em, 0 for a share of what is left. The layout is
 * fixed, so long texts (--criteria) cannot squeeze the upper levels and
 * the numbers to a character each and make them run vertically. */
static int col_em(const struct xdoc *x, size_t c)
{
    int leaf = 0;
    for (size_t k = 0; k < x->ncols; k++)
        if (x->cols[k].kind == XC_LEVEL && x->cols[k].level > leaf)
            leaf = x->cols[k].level;
    switch (x->cols[c].kind) {
    case XC_LEVEL: return x->cols[c].level == leaf ? 0 : 7;
    case XC_POINTS: case XC_SCORE: return 4;
    case XC_RSCORE: case XC_RSTATUS: return 5;
    default: return 0;
    }
}

static void put_table(struct strbuf *b, const struct xdoc *x)
{
    strbuf_puts(b, "<table>\n<colgroup>");
    for (size_t c = 0; c < x->ncols; c++) {
        int em = col_em(x, c);
        char col[64];
        if (em)
            snprintf(col, sizeof col, "<col style=\"width: %dem\">", em + 1);
        else
            snprintf(col, sizeof col, "<col>");
        strbuf_puts(b, col);
    }
    strbuf_puts(b, "</colgroup>\n<thead>\n<tr>");
    for (size_t c = 0; c < x->ncols; c++)
        put_tag(b, "<th>", x->cols[c].header, "</th>");
    strbuf_puts(b, "</tr>\n</thead>\n<tbody>\n");
    for (size_t r = 0; r < x->n; r++) {
        const struct dnode *nd = x->rows[r].nd;
        char open[64];
        snprintf(open, sizeof open, "<tr class=\"l%d\">", nd->fn->level);
        strbuf_puts(b, open);
        for (size_t c = 0; c < x->ncols; c++) {
            enum xcol_kind k = x->cols[c].kind;
            const char *td = x->cols[c].numeric ? "<td class=\"n\">"
                             : k == XC_DESC || k == XC_CRIT || k == XC_RCOMMENT
                                 ? "<td class=\"t\">"
                                 : "<td>";
            put_tag(b, td, xdoc_cell(x, r, c), "</td>");
        }
        strbuf_puts(b, "</tr>\n");
    }
    strbuf_puts(b, "</tbody>\n</table>\n");
}

static int put_totals(struct strbuf *b, const struct xdoc *x)
{
    struct strbuf t = {0};
    xdoc_totals(x, &t, "\n");
    strbuf_put(&t, "", 1);
    if (t.oom) {
        strbuf_free(&t);
        return -1;
    }
    for (char *p = t.p, *nl; *p; p = nl + 1) {
        nl = strchr(p, '\n');
        *nl = '\0';
        /* the total lines are bold, the remarks after them are not */
        bool total = !strncmp(p, "总分", strlen("总分")) || !strncmp(p, "复核总分", strlen("复核总分"));
        put_tag(b, total ? "<p class=\"total\">" : "<p class=\"note\">", p, "</p>\n");
    }
    strbuf_free(&t);
    return 0;
}

static int put_deductions(struct strbuf *b, const struct xdoc *x)
{
    size_t n;
    bool oom;
    struct xdeduction *v = xdoc_deductions(x, &n, &oom);
    if (oom)
        return -1;
    strbuf_puts(b, "<h2>扣分说明</h2>\n");
    if (!n)
        put_tag(b, "<p>", _("(no deductions)"), "</p>\n");
    else
        strbuf_puts(b, "<ol class=\"deductions\">\n");
    for (size_t i = 0; i < n; i++) {
        const struct xdeduction *e = &v[i];
        strbuf_puts(b, "<li><b>");
        html_text(b, e->nd->fn->id);
        strbuf_puts(b, " ");
        html_text(b, e->nd->fn->name);
        strbuf_puts(b, "</b> ");
        strbuf_puts(b, e->score);
        strbuf_puts(b, " / ");
        strbuf_puts(b, e->points);
        strbuf_puts(b, " (-");
        strbuf_puts(b, e->minus);
        strbuf_puts(b, ")");
        put_tag(b, e->no_reason ? "<div class=\"reason missing\">" : "<div class=\"reason\">",
                e->reason, "</div></li>\n");
    }
    if (n)
        strbuf_puts(b, "</ol>\n");
    free(v);
    return 0;
}

int export_html(const struct xdoc *x, struct strbuf *b)
{
    put_head(b, x);
    put_table(b, x);
    if (put_totals(b, x) < 0 || put_deductions(b, x) < 0)
        return -1;
    strbuf_puts(b, "</body>\n</html>\n");
    return b->oom ? -1 : 0;
}
