/* export.c - the table model behind every export format, and dispatch. */
#include "export_impl.h"
#include "explain.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "grow.h"
#include "i18n.h"

#define MAX_LEVELS 8
#define CUSTOM_TAG "（个性化）"

int export_format_parse(const char *name)
{
    if (!strcasecmp(name, "txt") || !strcasecmp(name, "text"))
        return EXPORT_TXT;
    if (!strcasecmp(name, "md") || !strcasecmp(name, "markdown"))
        return EXPORT_MD;
    if (!strcasecmp(name, "html") || !strcasecmp(name, "htm"))
        return EXPORT_HTML;
    if (!strcasecmp(name, "xlsx"))
        return EXPORT_XLSX;
    return -1;
}

bool export_has_review(const struct draft *d)
{
    for (int i = draft_first(d); i >= 0; i = draft_next(d, i)) {
        const struct dnode *nd = draft_node(d, i);
        if (nd->review_score != PTS_NONE || nd->review_status != REVIEW_NONE ||
            nd->review_comment[0])
            return true;
    }
    return false;
}

static const char *level_header(int level)
{
    static const char *const names[MAX_LEVELS] = {
        "一级指标", "二级指标", "三级指标", "四级指标",
        "五级指标", "六级指标", "七级指标", "八级指标",
    };
    return names[level - 1];
}

static void add_col(struct xdoc *x, enum xcol_kind k, int level, const char *header,
                    bool numeric, int wrap)
{
    if (x->ncols < XDOC_MAX_COLS)   /* always: the bound counts every column */
        x->cols[x->ncols++] = (struct xcol){k, level, header, numeric, wrap};
}

/* 评分标准 followed by what the rule computed, a line per calc part
 * ("资金调整调剂规范性 44.29% → 0 / 1"). */
static int row_values(struct xrow *r, const struct draft *d, int i)
{
    struct strbuf sb = {0};
    const char *crit = r->nd->fn->criteria ? r->nd->fn->criteria : "";
    strbuf_puts(&sb, crit);
    if (explain_leaf_lines(&sb, d, i, crit[0] ? "\n" : "") == 0 && !sb.oom) {
        strbuf_free(&sb);
        return 0;
    }
    if (sb.oom) {
        strbuf_free(&sb);
        return -1;
    }
    r->crit = sb.p;
    return 0;
}

int xdoc_build(struct xdoc *x, const struct draft *d, const struct export_opts *o)
{
    memset(x, 0, sizeof *x);
    x->d = d;
    x->review = export_has_review(d);
    size_t cap = draft_count(d);
    x->rows = calloc(cap ? cap : 1, sizeof *x->rows);
    if (!x->rows)
        return -1;
    int depth = 1;
    for (int i = draft_first(d); i >= 0; i = draft_next(d, i)) {
        const struct dnode *nd = draft_node(d, i);
        if (nd->replaced)
            continue;
        struct xrow *r = &x->rows[x->n++];
        r->nd = nd;
        size_t len = strlen(nd->fn->name);
        r->name = malloc(len + sizeof CUSTOM_TAG);
        if (!r->name) {
            xdoc_free(x);
            return -1;
        }
        memcpy(r->name, nd->fn->name, len + 1);
        if (nd->custom)
            strcat(r->name, CUSTOM_TAG);
        if (o->criteria && row_values(r, d, i) < 0) {
            xdoc_free(x);
            return -1;
        }
        num_format_pts(nd->fn->points, r->points);
        bool has = dnode_is_leaf(nd) ? nd->score != PTS_NONE : nd->scored > 0;
        if (has)
            num_format_pts2(nd->score, r->score);
        if (has && nd->overridden)
            strcat(r->score, XDOC_OVERRIDE_TAG);
        /* a group's review subtotal counts reviewed and self-assessed leaves
         * alike, so it is shown whenever the draft has a review */
        if (dnode_is_leaf(nd) ? nd->review_score != PTS_NONE : x->review)
            num_format_pts2(dnode_is_leaf(nd) ? nd->review_score : nd->review, r->rscore);
        if (nd->fn->level > depth)
            depth = nd->fn->level;
    }
    if (depth > MAX_LEVELS)
        depth = MAX_LEVELS;
    for (int l = 1; l <= depth; l++)
        add_col(x, XC_LEVEL, l, level_header(l), false, l == depth ? 28 : 16);
    /* a project table: each indicator's target and what was done */
    if (draft_form(d)->open) {
        add_col(x, XC_TARGET, 0, "年度指标值", false, 14);
        add_col(x, XC_ACTUAL, 0, "实际完成值", false, 14);
    }
    add_col(x, XC_POINTS, 0, "分值", true, 0);
    add_col(x, XC_SCORE, 0, "得分", true, 0);
    if (draft_form(d)->open)
        add_col(x, XC_NOTE, 0, "偏差原因分析及改进措施", false, 24);
    if (x->review) {
        add_col(x, XC_RSCORE, 0, "复核得分", true, 0);
        add_col(x, XC_RSTATUS, 0, "复核状态", false, 0);
        add_col(x, XC_RCOMMENT, 0, "复核意见", false, 24);
    }
    if (o->criteria) {
        add_col(x, XC_DESC, 0, "指标说明", false, 30);
        add_col(x, XC_CRIT, 0, "评分标准", false, 30);
    }
    return 0;
}

void xdoc_free(struct xdoc *x)
{
    for (size_t i = 0; x->rows && i < x->n; i++) {
        free(x->rows[i].name);
        free(x->rows[i].crit);
    }
    free(x->rows);
    x->rows = NULL;
    x->n = 0;
}

const char *xdoc_cell(const struct xdoc *x, size_t row, size_t col)
{
    const struct xrow *r = &x->rows[row];
    const struct dnode *nd = r->nd;
    const struct xcol *c = &x->cols[col];
    switch (c->kind) {
    case XC_LEVEL: {
        int lv = nd->fn->level > MAX_LEVELS ? MAX_LEVELS : nd->fn->level;
        return lv == c->level ? r->name : "";
    }
    case XC_POINTS: return r->points;
    case XC_SCORE: return nd->na ? "不适用" : r->score[0] ? r->score : "-";
    case XC_TARGET: return draft_target(x->d, (int)(nd - draft_node(x->d, 0)));
    case XC_ACTUAL: return draft_actual(x->d, (int)(nd - draft_node(x->d, 0)));
    case XC_NOTE: return dnode_is_leaf(nd) ? nd->note : "";
    case XC_RSCORE: return r->rscore;
    case XC_RSTATUS: return review_status_name(nd->review_status);
    case XC_RCOMMENT: return nd->review_comment;
    case XC_DESC: return nd->fn->description ? nd->fn->description : "";
    case XC_CRIT: return r->crit ? r->crit : nd->fn->criteria ? nd->fn->criteria : "";
    }
    return "";
}

/* A project table's overall goal (年度总体目标) as planned and as done, and
 * the figures of each first-level indicator scored from figures (its
 * funds: 年初预算数, 全年预算数, 全年执行数 ...). */
static void xdoc_project(const struct xdoc *x, struct strbuf *out, const char *eol)
{
    const struct draft *d = x->d;
    static const char *const goal_names[] = {"年度总体目标（预期目标）", "年度总体目标（实际完成情况）"};
    static const enum draft_meta goals[] = {META_GOAL, META_GOAL_DONE};
    for (size_t k = 0; k < 2; k++) {
        const char *v = draft_meta(d, goals[k]);
        if (!*v)
            continue;
        strbuf_puts(out, goal_names[k]);
        strbuf_puts(out, "：");
        strbuf_puts(out, v);
        strbuf_puts(out, eol);
    }
    for (int i = draft_first(d); i >= 0; i = draft_node(d, i)->next_sibling) {
        const struct dnode *nd = draft_node(d, i);
        if (!dnode_is_leaf(nd) || !nd->fn->nfigs)
            continue;
        strbuf_puts(out, nd->fn->name);
        strbuf_puts(out, "：");
        bool any = false;
        for (size_t k = 0; k < nd->fn->nfigs; k++) {
            char num[NUM_BUF];
            if (!nd->figs[k].set)
                continue;
            if (any)
                strbuf_puts(out, "；");
            strbuf_puts(out, nd->fn->figs[k].label);
            strbuf_puts(out, " ");
            strbuf_puts(out, num_format_decimal(nd->figs[k].v, num));
            any = true;
        }
        strbuf_puts(out, any ? "" : "-");
        strbuf_puts(out, eol);
    }
}

void xdoc_totals(const struct xdoc *x, struct strbuf *out, const char *eol)
{
    const struct draft *d = x->d;
    const struct form *f = draft_form(d);
    char t[NUM_BUF], m[NUM_BUF], line[512];
    num_format_pts(f->total_points, m);
    snprintf(line, sizeof line, "总分 %s / %s %s", num_format_pts2(draft_total(d), t), m,
             draft_grade(d));
    strbuf_puts(out, line);
    strbuf_puts(out, eol);
    int vg;
    if (draft_vetoed(d, &vg)) {
        if (vg >= 0)
            snprintf(line, sizeof line, "一票否决：%s %s 得 0 分", f->nodes[vg].id,
                     f->nodes[vg].name);
        else
            snprintf(line, sizeof line, "一票否决：总分为 0");
        strbuf_puts(out, line);
        strbuf_puts(out, eol);
    }
    pts_t raw, applicable;
    if (draft_rescale(d, &raw, &applicable)) {
        char r[NUM_BUF], a[NUM_BUF];
        snprintf(line, sizeof line, "按百分制折算：不适用指标不计分，%s / %s × %s = %s",
                 num_format_pts2(raw, r), num_format_pts(applicable, a), m,
                 num_format_pts2(draft_total(d), t));
        strbuf_puts(out, line);
        strbuf_puts(out, eol);
    }
    pts_t bonus, penalty;
    if (draft_kind_sums(d, &bonus, &penalty)) {
        char b[NUM_BUF];
        snprintf(line, sizeof line, "其中加分 %s，扣分 %s", num_format_pts2(bonus, b),
                 num_format_pts2(penalty, t));
        strbuf_puts(out, line);
        strbuf_puts(out, eol);
    }
    if (*draft_meta(d, META_PROJECT))
        xdoc_project(x, out, eol);
    if (draft_scored(d) < draft_leaves(d)) {
        snprintf(line, sizeof line, _("%d of %d indicators scored"), draft_scored(d),
                 draft_leaves(d));
        strbuf_puts(out, line);
        strbuf_puts(out, eol);
    }
    if (!x->review)
        return;
    snprintf(line, sizeof line, "复核总分 %s / %s %s", num_format_pts2(draft_review_total(d), t),
             m, draft_review_grade(d));
    strbuf_puts(out, line);
    strbuf_puts(out, eol);
    int reviewed = draft_reviewed(d);
    if (reviewed < draft_leaves(d)) {
        snprintf(line, sizeof line,
                 _("%d of %d indicators reviewed; the others count with their self-assessed score"),
                 reviewed, draft_leaves(d));
        strbuf_puts(out, line);
        strbuf_puts(out, eol);
    }
}

struct xdeduction *xdoc_deductions(const struct xdoc *x, size_t *n, bool *oom)
{
    *n = 0;
    *oom = false;
    struct xdeduction *v = NULL;
    size_t cap = 0;
    for (size_t i = 0; i < x->n; i++) {
        const struct dnode *nd = x->rows[i].nd;
        if (!dnode_is_leaf(nd) || nd->score == PTS_NONE || nd->score >= nd->fn->points ||
            draft_node_kind(x->d, nd) != FORM_KIND_NORMAL)
            continue;   /* bonus and penalty items are no deductions from the points */
        struct xdeduction *w = grow_array(v, &cap, *n, 1, sizeof *w);
        if (!w) {
            free(v);
            *n = 0;
            *oom = true;
            return NULL;
        }
        v = w;
        struct xdeduction *e = &v[(*n)++];
        e->nd = nd;
        num_format_pts2(nd->score, e->score);
        num_format_pts(nd->fn->points, e->points);
        num_format_pts2(nd->fn->points - nd->score, e->minus);
        e->no_reason = !nd->note[0];
        e->reason = e->no_reason ? _("(no reason given)") : nd->note;
    }
    return v;
}

struct xoverride *xdoc_overrides(const struct xdoc *x, size_t *n, bool *oom)
{
    *n = 0;
    *oom = false;
    struct xoverride *v = NULL;
    size_t cap = 0;
    if (!draft_overrides(x->d))
        return NULL;
    for (int i = draft_first(x->d); i >= 0; i = draft_next(x->d, i)) {
        const char *reason = draft_override_reason(x->d, i);
        if (!reason)
            continue;
        struct xoverride *w = grow_array(v, &cap, *n, 1, sizeof *w);
        if (!w) {
            free(v);
            *n = 0;
            *oom = true;
            return NULL;
        }
        v = w;
        struct xoverride *e = &v[(*n)++];
        e->nd = draft_node(x->d, i);
        num_format_pts2(e->nd->score, e->score);
        num_format_pts(e->nd->fn->points, e->points);
        pts_t f = draft_formula_score(x->d, i);
        e->formula[0] = '\0';
        if (f != PTS_NONE)
            num_format_pts2(f, e->formula);
        e->reason = reason;
    }
    return v;
}

void xdoc_override_tail(const struct xoverride *e, char *buf, size_t n)
{
    if (e->formula[0])
        snprintf(buf, n, "（改，公式得分 %s）", e->formula);
    else
        snprintf(buf, n, "（改，公式缺少数据）");
}

size_t xdoc_meta(const struct xdoc *x, const char *labels[XDOC_META_MAX],
                 const char *values[XDOC_META_MAX])
{
    /* a project table is headed by its project, and its unit is the one
     * that carries it out (实施单位) */
    bool project = *draft_meta(x->d, META_PROJECT) != '\0';
    const char *const names[] = {"项目名称", "主管部门", project ? "实施单位" : "单位名称",
                                 "评价年度", "填报人"};
    static const enum draft_meta keys[] = {META_PROJECT, META_DEPARTMENT, META_UNIT, META_YEAR,
                                           META_ASSESSOR};
    size_t n = 0;
    for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++) {
        const char *v = draft_meta(x->d, keys[k]);
        if (!*v)
            continue;
        labels[n] = names[k];
        values[n++] = v;
    }
    if (draft_form(x->d)->version[0]) {
        labels[n] = "评分表版本";
        values[n++] = draft_form(x->d)->version;
    }
    return n;
}

int export_draft(const struct draft *d, const struct export_opts *o, struct strbuf *out)
{
    struct xdoc x;
    if (xdoc_build(&x, d, o) < 0)
        return -1;
    int rc;
    switch (o->format) {
    case EXPORT_XLSX: rc = -1; break;
    case EXPORT_MD: rc = export_md(&x, out); break;
    case EXPORT_HTML: rc = export_html(&x, out); break;
    default: rc = export_txt(&x, out); break;
    }
    xdoc_free(&x);
    return rc < 0 || out->oom ? -1 : 0;
}

/* The appendix grid. Rows come in table order, so a row is a leaf when
 * the next one is not below it. */
int xdoc_depth(const struct xdoc *x)
{
    int d = 0;
    for (size_t k = 0; k < x->ncols; k++)
        if (x->cols[k].kind == XC_LEVEL)
            d++;
    return d;
}

int xdoc_col_of(const struct xdoc *x, enum xcol_kind k)
{
    for (size_t c = 0; c < x->ncols; c++)
        if (x->cols[c].kind == k)
            return (int)c;
    return -1;
}

static int row_level(const struct xdoc *x, size_t r)
{
    int l = x->rows[r].nd->fn->level;
    return l > MAX_LEVELS ? MAX_LEVELS : l;
}

bool xdoc_leaf_row(const struct xdoc *x, size_t r)
{
    return r + 1 == x->n || row_level(x, r + 1) <= row_level(x, r);
}

size_t xdoc_span(const struct xdoc *x, size_t r)
{
    if (xdoc_leaf_row(x, r))
        return 1;
    size_t n = 0;
    for (size_t k = r + 1; k < x->n && row_level(x, k) > row_level(x, r); k++)
        n += xdoc_leaf_row(x, k);
    return n;
}

size_t xdoc_tail(const struct xdoc *x, enum xcol_kind tail[XDOC_TAIL_MAX])
{
    static const enum xcol_kind order[] = { XC_DESC, XC_CRIT, XC_TARGET, XC_ACTUAL, XC_SCORE,
                                            XC_NOTE, XC_RSCORE, XC_RSTATUS, XC_RCOMMENT };
    _Static_assert(sizeof order / sizeof *order <= XDOC_TAIL_MAX, "tail grew");
    size_t n = 0;
    for (size_t i = 0; i < sizeof order / sizeof *order; i++)
        if (xdoc_col_of(x, order[i]) >= 0)
            tail[n++] = order[i];
    return n;
}

int xdoc_grid_width(const struct xdoc *x)
{
    enum xcol_kind tail[XDOC_TAIL_MAX];
    return 2 * xdoc_depth(x) + (int)xdoc_tail(x, tail);
}

size_t xdoc_grid_row(const struct xdoc *x, size_t r, struct xgcell cells[XGRID_MAX_CELLS])
{
    if (!xdoc_leaf_row(x, r))
        return 0;
    int depth = xdoc_depth(x), L = row_level(x, r), cpoints = xdoc_col_of(x, XC_POINTS);
    size_t n = 0;
    /* the branches above this leaf that start here, outermost first */
    size_t first = r;
    while (first > 0 && row_level(x, first - 1) < row_level(x, first) &&
           !xdoc_leaf_row(x, first - 1))
        first--;
    for (size_t k = first; k <= r; k++) {
        int lv = row_level(x, k), rs = (int)xdoc_span(x, k);
        int cs = k == r ? 2 * (depth - L) + 1 : 1;
        cells[n++] = (struct xgcell){ k, 2 * (lv - 1), rs, cs, XC_LEVEL, x->rows[k].name };
        cells[n++] = (struct xgcell){ k, 2 * (lv - 1) + cs, rs, 1, XC_POINTS,
                                      xdoc_cell(x, k, (size_t)cpoints) };
    }
    enum xcol_kind tail[XDOC_TAIL_MAX];
    size_t nt = xdoc_tail(x, tail);
    for (size_t i = 0; i < nt; i++)
        cells[n++] = (struct xgcell){ r, 2 * depth + (int)i, 1, 1, tail[i],
                                      xdoc_cell(x, r, (size_t)xdoc_col_of(x, tail[i])) };
    return n;
}
