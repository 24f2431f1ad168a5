/* export_xlsx_sheets.c - what the workbook's cells hold: sheets 评分表 and 扣分说明. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <xlsxwriter.h>

#include "export_impl.h"
#include "export_xlsx_impl.h"
#include "i18n.h"
#include "rule.h"
#include "utf8.h"

#define HEAD_ROWS 5          /* title, meta, three header rows */
#define MAX_CELL 32767       /* Excel's limit on a cell's text, in characters */

/* Text made safe for a cell: unsafe characters as U+FFFD, no "\r",
 * clipped to Excel's limit at a character boundary. */
static const char *safe(struct xl *w, const char *s)
{
    w->tmp.n = 0;
    size_t len = strlen(s), start = 0;
    for (size_t i = 0; i < len; i++)
        if (s[i] == '\r') {
            strbuf_put_safe(&w->tmp, s + start, i - start);
            start = i + 1;
        } else if (s[i] == '\n') {
            strbuf_put_safe(&w->tmp, s + start, i - start);
            strbuf_puts(&w->tmp, "\n");
            start = i + 1;
        }
    strbuf_put_safe(&w->tmp, s + start, len - start);
    size_t n = w->tmp.n, chars = 0, i = 0;
    while (i < n && chars < MAX_CELL) {
        uint32_t cp;
        i += u8_decode(w->tmp.p + i, n - i, &cp);
        chars += cp > 0xFFFF ? 2 : 1;   /* Excel counts UTF-16 units */
    }
    strbuf_put(&w->tmp, "", 1);
    if (w->tmp.oom)
        return "";
    w->tmp.p[i] = '\0';
    return w->tmp.p;
}

static void note(struct xl *w, lxw_error e)
{
    if (e && !w->err)
        w->err = e;
}

static void put_str(struct xl *w, int r, int c, const char *s, lxw_format *f)
{
    note(w, worksheet_write_string(w->ws, (lxw_row_t)r, (lxw_col_t)c, safe(w, s), f));
}

/* A merged range (or one cell) holding s. */
static void put_merged(struct xl *w, int r1, int c1, int r2, int c2, const char *s, lxw_format *f)
{
    if (r1 == r2 && c1 == c2)
        put_str(w, r1, c1, s, f);
    else
        note(w, worksheet_merge_range(w->ws, (lxw_row_t)r1, (lxw_col_t)c1, (lxw_row_t)r2,
                                      (lxw_col_t)c2, safe(w, s), f));
}

/* Excel's name of column c (A, B, ..., Z, AA ...). */
static void col_name(int c, char out[8])
{
    char t[8];
    int n = 0;
    for (c++; c > 0 && n < 7; c = (c - 1) / 26)
        t[n++] = (char)('A' + (c - 1) % 26);
    for (int i = 0; i < n; i++)
        out[i] = t[n - 1 - i];
    out[n] = '\0';
}

/* "SUM(G6:G10)" over rows r1..r2 (0-based) of column c. */
static void sum_of(char *buf, size_t size, int c, int r1, int r2)
{
    char cn[8];
    col_name(c, cn);
    snprintf(buf, size, "=SUM(%s%d:%s%d)", cn, r1 + 1, cn, r2 + 1);
}

/* The grade of the number in cell ref, as nested IFs over the form's
 * bands (highest first, the last one catching everything below). */
static int grade_formula(const struct form *f, const char *ref, struct strbuf *b)
{
    strbuf_puts(b, "=");
    if (!f->ngrades) {
        strbuf_puts(b, "\"\"");
        return b->oom ? -1 : 0;
    }
    for (size_t i = 0; i + 1 < f->ngrades; i++) {
        char num[NUM_BUF], head[64];
        snprintf(head, sizeof head, "IF(%s>=%s,\"", ref, num_format_pts(f->grades[i].min, num));
        strbuf_puts(b, head);
        for (const char *p = f->grades[i].name; *p; p++)
            strbuf_puts(b, *p == '"' ? "\"\"" : (char[]){*p, 0});
        strbuf_puts(b, "\",");
    }
    strbuf_puts(b, "\"");
    for (const char *p = f->grades[f->ngrades - 1].name; *p; p++)
        strbuf_puts(b, *p == '"' ? "\"\"" : (char[]){*p, 0});
    strbuf_puts(b, "\"");
    for (size_t i = 0; i + 1 < f->ngrades; i++)
        strbuf_puts(b, ")");
    strbuf_put(b, "", 1);
    return b->oom ? -1 : 0;
}

static double pts_value(pts_t p)
{
    return (double)p / 100.0;
}

static const char *level_name(int l)
{
    static const char *const names[] = { "一级指标", "二级指标", "三级指标", "四级指标",
                                         "五级指标", "六级指标", "七级指标", "八级指标" };
    return l >= 1 && l <= 8 ? names[l - 1] : "指标";
}

/* Rows of wrapped text a cell needs in a column of the given width: Excel's
 * width unit is about one display column (a Chinese character is two). */
static int lines_for(const char *s, double width)
{
    int lines = 0, cols = width > 1 ? (int)width : 1;
    for (const char *p = s;; ) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        int wdt = u8_width(p, len);
        lines += wdt ? (wdt + cols - 1) / cols : 1;
        if (!nl)
            break;
        p = nl + 1;
    }
    return lines;
}

/* Label：value pieces spread over the width (header and signature). */
static void put_line(struct xl *w, int r, const char *const labels[4], const char *const values[4])
{
    int n = w->ncols < 8 ? 8 : w->ncols;   /* never two pieces in one cell */
    for (int k = 0; k < 4; k++) {
        int c1 = k * n / 4, c2 = (k + 1) * n / 4 - 1;
        if (c2 < c1)
            c2 = c1;
        struct strbuf s = {0};
        strbuf_puts(&s, labels[k]);
        strbuf_puts(&s, "：");
        strbuf_puts(&s, *values[k] ? values[k] : "＿＿＿＿＿＿");
        strbuf_put(&s, "", 1);
        put_merged(w, r, c1, r, c2, s.oom ? "" : s.p, w->plain);
        strbuf_free(&s);
    }
    note(w, worksheet_set_row(w->ws, (lxw_row_t)r, 24, NULL));
}

static void set_width(struct xl *w, int c, double width)
{
    w->width[c] = width;
    note(w, worksheet_set_column(w->ws, (lxw_col_t)c, (lxw_col_t)c, width, NULL));
}

int export_xlsx_put_table(struct xl *w, const struct xdoc *x)
{
    const struct form *f = draft_form(x->d);
    int depth = xdoc_depth(x), gw = xdoc_grid_width(x), nsub = depth - 1;
    enum xcol_kind tail[XDOC_TAIL_MAX];
    size_t nt = xdoc_tail(x, tail);
    int cscore = 2 * depth;
    for (size_t i = 0; i < nt; i++)
        if (tail[i] == XC_SCORE)
            cscore = 2 * depth + (int)i;
    bool criteria = xdoc_col_of(x, XC_DESC) >= 0;
    /* widths: about two units a Chinese character */
    for (int l = 1; l <= depth; l++) {
        set_width(w, 2 * (l - 1), l < depth ? 14 : criteria ? 20 : 26);
        set_width(w, 2 * (l - 1) + 1, 6);
    }
    for (size_t i = 0; i < nt; i++) {
        double wd = 9;
        switch (tail[i]) {
        case XC_DESC: case XC_CRIT: wd = 40; break;
        case XC_RCOMMENT: wd = 24; break;
        case XC_RSTATUS: wd = 9; break;
        default: break;
        }
        set_width(w, 2 * depth + (int)i, wd);
    }
    for (int k = 0; k < nsub; k++)
        set_width(w, gw + k, 9);

    /* title and header block */
    put_merged(w, 0, 0, 0, w->ncols - 1, f->name, w->title);
    note(w, worksheet_set_row(w->ws, 0, 30, NULL));
    static const char *const mlabels[4] = { "单位名称", "评价年度", "填报人", "填报日期" };
    const char *mvalues[4] = { draft_meta(x->d, META_UNIT), draft_meta(x->d, META_YEAR),
                               draft_meta(x->d, META_ASSESSOR), "" };
    put_line(w, 1, mlabels, mvalues);

    /* the three header rows, as the HTML table's */
    put_merged(w, 2, 0, 2, 2 * depth - 1, "评价指标", w->head);
    for (int l = 1; l <= depth; l++) {
        put_merged(w, 3, 2 * (l - 1), 3, 2 * (l - 1) + 1, level_name(l), w->head);
        put_str(w, 4, 2 * (l - 1), "名称", w->head);
        put_str(w, 4, 2 * (l - 1) + 1, "参考分值", w->head);
    }
    for (size_t i = 0; i < nt; i++) {
        int c = xdoc_col_of(x, tail[i]);
        const char *h = tail[i] == XC_CRIT ? "参考评分标准" : x->cols[c].header;
        put_merged(w, 2, 2 * depth + (int)i, 4, 2 * depth + (int)i, h, w->head);
    }
    if (nsub > 0) {
        put_merged(w, 2, gw, 3, gw + nsub - 1, "小计", w->head);
        for (int k = 0; k < nsub; k++)
            put_str(w, 4, gw + k, level_name(k + 1), w->head);
    }

    /* the grid */
    struct xgcell cells[XGRID_MAX_CELLS];
    int g = HEAD_ROWS;
    char formula[128];
    for (size_t r = 0; r < x->n; r++) {
        size_t n = xdoc_grid_row(x, r, cells);
        if (!n)
            continue;
        int lines = 1;
        for (size_t k = 0; k < n; k++) {
            const struct xgcell *c = &cells[k];
            const struct dnode *nd = x->rows[c->src].nd;
            int r2 = g + c->rowspan - 1, c2 = c->col + c->colspan - 1;
            switch (c->kind) {
            case XC_POINTS:
                put_merged(w, g, c->col, r2, c2, "", w->pts);
                note(w, worksheet_write_number(w->ws, (lxw_row_t)g, (lxw_col_t)c->col,
                                               pts_value(nd->fn->points), w->pts));
                break;
            case XC_SCORE:
                if (nd->score != PTS_NONE)
                    note(w, worksheet_write_number(w->ws, (lxw_row_t)g, (lxw_col_t)c->col,
                                                   pts_value(nd->score), w->num));
                else
                    note(w, worksheet_write_blank(w->ws, (lxw_row_t)g, (lxw_col_t)c->col, w->num));
                break;
            case XC_RSCORE:
                if (nd->review_score != PTS_NONE)
                    note(w, worksheet_write_number(w->ws, (lxw_row_t)g, (lxw_col_t)c->col,
                                                   pts_value(nd->review_score), w->num));
                else
                    note(w, worksheet_write_blank(w->ws, (lxw_row_t)g, (lxw_col_t)c->col, w->num));
                break;
            default: {
                lxw_format *fm = c->kind == XC_LEVEL ? w->name : w->text;
                put_merged(w, g, c->col, r2, c2, c->text, fm);
                if (c->rowspan == 1) {
                    double wd = 0;
                    for (int cc = c->col; cc <= c2; cc++)
                        wd += w->width[cc];
                    int ln = lines_for(c->text, wd);
                    if (ln > lines)
                        lines = ln;
                }
                break;
            }
            }
            /* a branch's subtotal: the leaf scores of its rows */
            if (c->kind == XC_LEVEL && c->src != r) {
                int lv = nd->fn->level, sc = gw + lv - 1;
                sum_of(formula, sizeof formula, cscore, g, r2);
                put_merged(w, g, sc, r2, sc, "", w->num);
                note(w, worksheet_write_formula_num(w->ws, (lxw_row_t)g, (lxw_col_t)sc, formula,
                                                    w->num, pts_value(nd->score)));
            }
        }
        /* a leaf above the deepest level has no subtotal cell of its own */
        int L = x->rows[r].nd->fn->level;
        for (int lv = L; lv <= nsub; lv++)
            note(w, worksheet_write_blank(w->ws, (lxw_row_t)g, (lxw_col_t)(gw + lv - 1), w->num));
        note(w, worksheet_set_row(w->ws, (lxw_row_t)g, 14.0 * lines + 4, NULL));
        g++;
    }

    /* the total row: formulas over every leaf score */
    int tr = g, last = g - 1;
    for (int l = 1; l <= depth; l++) {
        put_str(w, tr, 2 * (l - 1), l == 1 ? "总分" : "-", w->bold);
        note(w, worksheet_write_number(w->ws, (lxw_row_t)tr, (lxw_col_t)(2 * (l - 1) + 1),
                                       pts_value(f->total_points), w->pts));
    }
    for (size_t i = 0; i < nt; i++) {
        int c = 2 * depth + (int)i;
        if (tail[i] == XC_SCORE) {
            if (last < HEAD_ROWS)
                snprintf(formula, sizeof formula, "=0");
            else
                sum_of(formula, sizeof formula, c, HEAD_ROWS, last);
            pts_t t = draft_total(x->d);
            note(w, worksheet_write_formula_num(w->ws, (lxw_row_t)tr, (lxw_col_t)c, formula,
                                                w->tnum, t == PTS_NONE ? 0 : pts_value(t)));
        } else if (tail[i] == XC_RSCORE) {
            /* an indicator not reviewed counts with its own score */
            char rc[8], sc[8];
            col_name(c, rc);
            col_name(cscore, sc);
            snprintf(formula, sizeof formula,
                     "=SUMPRODUCT((%s%d:%s%d=\"\")*%s%d:%s%d)+SUM(%s%d:%s%d)", rc, HEAD_ROWS + 1,
                     rc, last + 1, sc, HEAD_ROWS + 1, sc, last + 1, rc, HEAD_ROWS + 1, rc,
                     last + 1);
            pts_t t = draft_review_total(x->d);
            note(w, worksheet_write_formula_num(w->ws, (lxw_row_t)tr, (lxw_col_t)c, formula,
                                                w->tnum, t == PTS_NONE ? 0 : pts_value(t)));
        } else {
            put_str(w, tr, c, tail[i] == XC_DESC || tail[i] == XC_CRIT ? "-" : "", w->bold);
        }
    }
    for (int k = 0; k < nsub; k++)
        note(w, worksheet_write_blank(w->ws, (lxw_row_t)tr, (lxw_col_t)(gw + k), w->num));

    /* the grade, from the total cell by the form's bands */
    int gr = tr + 1;
    put_merged(w, gr, 0, gr, 2 * depth - 1, "等级", w->bold);
    for (size_t i = 0; i < nt; i++) {
        int c = 2 * depth + (int)i;
        if (tail[i] == XC_SCORE || tail[i] == XC_RSCORE) {
            char ref[32], cn[8];
            col_name(c, cn);
            snprintf(ref, sizeof ref, "%s%d", cn, tr + 1);
            struct strbuf fb = {0};
            int bad = grade_formula(f, ref, &fb);
            if (!bad)
                note(w, worksheet_write_formula_str(w->ws, (lxw_row_t)gr, (lxw_col_t)c, fb.p,
                                                    w->bold, tail[i] == XC_SCORE
                                                    ? draft_grade(x->d) : draft_review_grade(x->d)));
            strbuf_free(&fb);
            if (bad)
                return -1;
        } else {
            put_str(w, gr, c, "", w->bold);
        }
    }
    for (int k = 0; k < nsub; k++)
        put_str(w, gr, gw + k, "", w->bold);

    /* remarks under the table (progress), then the signature line */
    struct strbuf t = {0};
    xdoc_totals(x, &t, "\n");
    strbuf_put(&t, "", 1);
    if (t.oom) {
        strbuf_free(&t);
        return -1;
    }
    int rr = gr + 1;
    for (char *p = t.p, *nl; *p; p = nl + 1) {
        nl = strchr(p, '\n');
        *nl = '\0';
        if (strncmp(p, "总分", strlen("总分")) && strncmp(p, "复核总分", strlen("复核总分")))
            put_merged(w, rr, 0, rr, w->ncols - 1, p, w->plain), rr++;
    }
    strbuf_free(&t);
    static const char *const slabels[4] = { "单位负责人", "填报人", "单位（盖章）", "日期" };
    static const char *const svalues[4] = { "", "", "", "" };
    put_line(w, rr + 1, slabels, svalues);

    /* print: A4, landscape with the text columns (as the HTML page), the
     * header rows on every page, one page wide; the header frozen */
    worksheet_set_paper(w->ws, 9);
    if (x->ncols > 6)
        worksheet_set_landscape(w->ws);
    else
        worksheet_set_portrait(w->ws);
    worksheet_set_margins(w->ws, 0.5, 0.5, 0.6, 0.6);
    note(w, worksheet_repeat_rows(w->ws, 2, HEAD_ROWS - 1));
    worksheet_fit_to_pages(w->ws, 1, 0);
    worksheet_center_horizontally(w->ws);
    worksheet_freeze_panes(w->ws, HEAD_ROWS, 0);
    return 0;
}

/* Sheet 扣分说明: the deductions, then the figures the rules used. */
int export_xlsx_put_notes(struct xl *w, const struct xdoc *x)
{
    size_t n;
    bool oom;
    struct xdeduction *v = xdoc_deductions(x, &n, &oom);
    if (oom)
        return -1;
    static const char *const dh[] = { "编号", "指标", "得分", "分值", "扣分", "扣分说明" };
    static const double dw[] = { 8, 26, 9, 9, 9, 60 };
    for (int c = 0; c < 6; c++) {
        w->width[c] = dw[c];
        note(w, worksheet_set_column(w->ws, (lxw_col_t)c, (lxw_col_t)c, dw[c], NULL));
    }
    put_merged(w, 0, 0, 0, 5, "扣分说明", w->title);
    note(w, worksheet_set_row(w->ws, 0, 30, NULL));
    for (int c = 0; c < 6; c++)
        put_str(w, 1, c, dh[c], w->head);
    int r = 2;
    if (!n) {
        put_merged(w, r, 0, r, 5, _("(no deductions)"), w->text);
        r++;
    }
    for (size_t i = 0; i < n; i++, r++) {
        const struct xdeduction *e = &v[i];
        const struct dnode *nd = e->nd;
        put_str(w, r, 0, nd->fn->id, w->text);
        put_str(w, r, 1, nd->fn->name, w->text);
        note(w, worksheet_write_number(w->ws, (lxw_row_t)r, 2, pts_value(nd->score), w->num));
        note(w, worksheet_write_number(w->ws, (lxw_row_t)r, 3, pts_value(nd->fn->points), w->pts));
        note(w, worksheet_write_number(w->ws, (lxw_row_t)r, 4,
                                       pts_value(nd->fn->points - nd->score), w->num));
        put_str(w, r, 5, e->reason, w->text);
        int ln = lines_for(e->reason, dw[5]), ln2 = lines_for(nd->fn->name, dw[1]);
        note(w, worksheet_set_row(w->ws, (lxw_row_t)r, 14.0 * (ln > ln2 ? ln : ln2) + 4, NULL));
    }
    free(v);

    /* the figures entered for the rules */
    r++;
    put_merged(w, r, 0, r, 5, "计算所需数据", w->title);
    r++;
    static const char *const fh[] = { "编号", "指标", "数据项", "数值" };
    put_str(w, r, 0, fh[0], w->head);
    put_str(w, r, 1, fh[1], w->head);
    put_merged(w, r, 2, r, 4, fh[2], w->head);
    put_str(w, r, 5, fh[3], w->head);
    r++;
    int first = r;
    for (size_t i = 0; i < x->n; i++) {
        const struct dnode *nd = x->rows[i].nd;
        if (!nd->figs)
            continue;
        for (unsigned k = 0; k < nd->fn->nfigs; k++) {
            const struct figure_def *fd = &nd->fn->figs[k];
            put_str(w, r, 0, nd->fn->id, w->text);
            put_str(w, r, 1, nd->fn->name, w->text);
            put_merged(w, r, 2, r, 4, fd->label && *fd->label ? fd->label : fd->name, w->text);
            if (nd->figs[k].set) {
                /* a number as entered (a percent as its figure, 32.74 for 32.74%) */
                double scale = 1;
                for (int sc = 0; sc < nd->figs[k].v.scale; sc++)
                    scale *= 10;
                double v = (double)nd->figs[k].v.mant / scale;   /* one rounding */
                note(w, worksheet_write_number(w->ws, (lxw_row_t)r, 5, v,
                                               fd->type == FIG_PERCENT ? w->pct : w->fig));
            } else {
                put_str(w, r, 5, "", w->text);
            }
            r++;
        }
    }
    if (r == first)
        put_merged(w, r, 0, r, 5, "-", w->text);
    worksheet_set_paper(w->ws, 9);
    worksheet_set_portrait(w->ws);
    worksheet_fit_to_pages(w->ws, 1, 0);
    note(w, worksheet_repeat_rows(w->ws, 1, 1));
    worksheet_freeze_panes(w->ws, 2, 0);
    return 0;
}
