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
    ".meta > span, .sign > span { margin-right: 2em; white-space: nowrap; }\n"
    ".blank { display: inline-block; min-width: 7em; border-bottom: 0.5pt solid #000; }\n"
    ".sign { margin: 10mm 0 0; line-height: 3; break-inside: avoid; }\n"
    "table { border-collapse: collapse; width: 100%%; table-layout: fixed; }\n"
    "th, td { border: 0.5pt solid #000; padding: 1mm 1.5mm; vertical-align: top;"
    " white-space: pre-line; }\n"
    "th { background: #eee; }\n"
    "td.n { text-align: right; white-space: nowrap; }\n"
    "td.t { font-size: 9pt; }\n"
    "tr.total td { font-weight: bold; }\n"
    "thead { display: table-header-group; }\n"
    /* a row that opens a merged group may break, or Chromium pushes a
     * whole group of long texts past a page and leaves that page blank */
    "tr:not(:has(td[rowspan])), li { page-break-inside: avoid; break-inside: avoid; }\n"
    ".total { font-size: 12pt; font-weight: bold; margin: 3mm 0 0; }\n"
    ".note { margin: 1mm 0 0; }\n"
    ".reason { white-space: pre-line; }\n"
    ".missing { font-style: italic; }\n"
    "@media print { body { margin: 0; max-width: none; }"
    " th { -webkit-print-color-adjust: exact; print-color-adjust: exact; } }\n";

/* Append s HTML-escaped, keeping line breaks (shown by white-space:
 * pre-line); strbuf_put_safe would turn them into U+FFFD. */
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
        strbuf_put_safe(b, s + start, i - start);
        strbuf_puts(b, rep);
        start = i + 1;
    }
    strbuf_put_safe(b, s + start, i - start);
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
    /* every field is there, a blank one as a line to write on by hand */
    const char *labels[] = { "单位名称", "评价年度", "填报人", "填报日期" };
    const char *values[] = { unit, year, draft_meta(x->d, META_ASSESSOR), "" };
    strbuf_puts(b, "<p class=\"meta\">");
    for (size_t k = 0; k < sizeof labels / sizeof *labels; k++) {
        strbuf_puts(b, "<span>");
        strbuf_puts(b, labels[k]);
        strbuf_puts(b, "：");
        html_text(b, values[k]);
        strbuf_puts(b, *values[k] ? "</span>" : "<span class=\"blank\"></span></span>");
    }
    if (f->version[0])
        put_tag(b, "<span>评分表版本：", f->version, "</span>");
    if (*draft_meta(x->d, META_PROJECT)) {
        put_tag(b, "<span>项目名称：", draft_meta(x->d, META_PROJECT), "</span>");
        put_tag(b, "<span>主管部门：", draft_meta(x->d, META_DEPARTMENT), "</span>");
    }
    strbuf_puts(b, "</p>\n");
}

/* Where a printed copy is signed and stamped. */
static void put_signature(struct strbuf *b)
{
    static const char *const labels[] = { "单位负责人", "填报人", "单位（盖章）", "日期" };
    strbuf_puts(b, "<p class=\"sign\">");
    for (size_t k = 0; k < sizeof labels / sizeof *labels; k++) {
        strbuf_puts(b, "<span>");
        strbuf_puts(b, labels[k]);
        strbuf_puts(b, "：<span class=\"blank\"></span></span>");
    }
    strbuf_puts(b, "</p>\n");
}

/* The appendix's layout (附件): the grid of export.c (xdoc_grid_row). */
static void put_col(struct strbuf *b, int em)
{
    char col[64];
    if (em)
        snprintf(col, sizeof col, "<col style=\"width: %dem\">", em + 1);
    else
        snprintf(col, sizeof col, "<col>");
    strbuf_puts(b, col);
}

static void put_cell(struct strbuf *b, const char *cls, int rowspan, int colspan, const char *text)
{
    char open[96];
    int n = snprintf(open, sizeof open, "<td");
    if (*cls)
        n += snprintf(open + n, sizeof open - (size_t)n, " class=\"%s\"", cls);
    if (rowspan > 1)
        n += snprintf(open + n, sizeof open - (size_t)n, " rowspan=\"%d\"", rowspan);
    if (colspan > 1)
        snprintf(open + n, sizeof open - (size_t)n, " colspan=\"%d\"", colspan);
    strbuf_puts(b, open);
    strbuf_puts(b, ">");
    html_text(b, text);
    strbuf_puts(b, "</td>");
}

static const char *level_name(int l)
{
    static const char *const names[] = { "一级指标", "二级指标", "三级指标", "四级指标",
                                         "五级指标", "六级指标" };
    return l >= 1 && l <= 6 ? names[l - 1] : "指标";
}

static void put_table(struct strbuf *b, const struct xdoc *x)
{
    int depth = xdoc_depth(x);
    enum xcol_kind tail[XDOC_TAIL_MAX];
    size_t nt = xdoc_tail(x, tail);
    char buf[128];
    strbuf_puts(b, "<table>\n<colgroup>");
    for (int l = 1; l <= depth; l++) {
        put_col(b, l < depth ? 6 : xdoc_col_of(x, XC_DESC) >= 0 ? 8 : 0);
        put_col(b, 3);
    }
    for (size_t i = 0; i < nt; i++)
        put_col(b, tail[i] == XC_SCORE || tail[i] == XC_RSCORE || tail[i] == XC_RSTATUS ? 4 : 0);
    strbuf_puts(b, "</colgroup>\n<thead>\n");
    snprintf(buf, sizeof buf, "<tr><th colspan=\"%d\">评价指标</th>", 2 * depth);
    strbuf_puts(b, buf);
    for (size_t i = 0; i < nt; i++) {
        int c = xdoc_col_of(x, tail[i]);
        const char *h = tail[i] == XC_CRIT ? "参考评分标准" : x->cols[c].header;
        strbuf_puts(b, "<th rowspan=\"3\">");
        html_text(b, h);
        strbuf_puts(b, "</th>");
    }
    strbuf_puts(b, "</tr>\n<tr>");
    for (int l = 1; l <= depth; l++) {
        strbuf_puts(b, "<th colspan=\"2\">");
        strbuf_puts(b, level_name(l));
        strbuf_puts(b, "</th>");
    }
    strbuf_puts(b, "</tr>\n<tr>");
    for (int l = 1; l <= depth; l++)
        strbuf_puts(b, "<th>名称</th><th>参考分值</th>");
    strbuf_puts(b, "</tr>\n</thead>\n<tbody>\n");
    struct xgcell cells[XGRID_MAX_CELLS];
    for (size_t r = 0; r < x->n; r++) {
        size_t n = xdoc_grid_row(x, r, cells);
        if (!n)
            continue;
        strbuf_puts(b, "<tr>");
        for (size_t k = 0; k < n; k++) {
            const struct xgcell *c = &cells[k];
            bool numeric = c->kind == XC_POINTS || c->kind == XC_SCORE || c->kind == XC_RSCORE;
            const char *cls = numeric ? "n" : c->kind == XC_LEVEL || c->kind == XC_RSTATUS ? "" : "t";
            put_cell(b, cls, c->rowspan, c->colspan, c->text);
        }
        strbuf_puts(b, "</tr>\n");
    }
    /* the total, as the appendix's last row */
    const struct form *f = draft_form(x->d);
    char pts[NUM_BUF], tot[NUM_BUF] = "", rtot[NUM_BUF] = "";
    num_format_pts(f->total_points, pts);
    pts_t t = draft_total(x->d);
    if (t != PTS_NONE)
        num_format_pts2(t, tot);
    if (x->review && draft_review_total(x->d) != PTS_NONE)
        num_format_pts2(draft_review_total(x->d), rtot);
    strbuf_puts(b, "<tr class=\"total\">");
    for (int l = 1; l <= depth; l++) {
        put_cell(b, "", 1, 1, l == 1 ? "总分" : "-");
        put_cell(b, "n", 1, 1, pts);
    }
    for (size_t i = 0; i < nt; i++) {
        switch (tail[i]) {
        case XC_SCORE: put_cell(b, "n", 1, 1, tot); break;
        case XC_RSCORE: put_cell(b, "n", 1, 1, rtot); break;
        case XC_DESC: case XC_CRIT: put_cell(b, "", 1, 1, "-"); break;
        default: put_cell(b, "", 1, 1, ""); break;
        }
    }
    strbuf_puts(b, "</tr>\n</tbody>\n</table>\n");
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

static int put_overrides(struct strbuf *b, const struct xdoc *x)
{
    size_t n;
    bool oom;
    struct xoverride *v = xdoc_overrides(x, &n, &oom);
    if (oom)
        return -1;
    if (n)
        strbuf_puts(b, "<h2>改分说明</h2>\n<ol class=\"deductions\">\n");
    for (size_t i = 0; i < n; i++) {
        const struct xoverride *e = &v[i];
        char tail[128];
        xdoc_override_tail(e, tail, sizeof tail);
        strbuf_puts(b, "<li><b>");
        html_text(b, e->nd->fn->id);
        strbuf_puts(b, " ");
        html_text(b, e->nd->fn->name);
        strbuf_puts(b, "</b> ");
        strbuf_puts(b, e->score);
        strbuf_puts(b, " / ");
        strbuf_puts(b, e->points);
        strbuf_puts(b, tail);
        put_tag(b, "<div class=\"reason\">", e->reason, "</div></li>\n");
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
    if (put_totals(b, x) < 0 || put_deductions(b, x) < 0 || put_overrides(b, x) < 0)
        return -1;
    put_signature(b);
    strbuf_puts(b, "</body>\n</html>\n");
    return b->oom ? -1 : 0;
}
