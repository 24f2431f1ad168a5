/* export_impl.h - the table model shared by the export renderers. */
#ifndef JIXIAO_EXPORT_IMPL_H
#define JIXIAO_EXPORT_IMPL_H

#include "export.h"
#include "num.h"

enum xcol_kind { XC_LEVEL, XC_POINTS, XC_SCORE, XC_RSCORE, XC_RSTATUS, XC_RCOMMENT,
                 XC_DESC, XC_CRIT, XC_TARGET, XC_ACTUAL, XC_NOTE };
/* Tail columns of the grid at most (xdoc_tail). */
#define XDOC_TAIL_MAX 9
/* Label/value pairs of xdoc_meta at most. */
#define XDOC_META_MAX 8

struct xcol {
    enum xcol_kind kind;
    int level;            /* XC_LEVEL: 1, 2, 3 ... */
    const char *header;   /* 一级指标, 分值 ... */
    bool numeric;         /* right-aligned */
    int wrap;             /* txt: widest a cell may be before it wraps */
};

struct xrow {
    const struct dnode *nd;
    char *name;           /* with （个性化） for the unit's own indicators */
    char points[NUM_BUF], score[NUM_BUF + 16], rscore[NUM_BUF];   /* score: 1（改） */
    char *crit;           /* with --criteria: 评分标准 and the computed values, or NULL */
};

/* Columns of the model at most: 8 levels; a project's target, actual and
 * 偏差原因分析及改进措施; points and score; 3 of review; description and
 * criteria. */
#define XDOC_MAX_COLS 18

struct xdoc {
    const struct draft *d;
    struct xrow *rows;
    size_t n;
    struct xcol cols[XDOC_MAX_COLS];
    size_t ncols;
    bool review;
};

/* Build and free the model. Returns 0 or -1 (ENOMEM). */
int xdoc_build(struct xdoc *x, const struct draft *d, const struct export_opts *o);
void xdoc_free(struct xdoc *x);

/* Text of a cell (may hold line breaks), never NULL. */
const char *xdoc_cell(const struct xdoc *x, size_t row, size_t col);

/* Lines under the table: "总分 93.76 / 100 优" and, with review data,
 * "复核总分 ..."; progress when not all is scored. */
void xdoc_totals(const struct xdoc *x, struct strbuf *out, const char *eol);

/* Deductions: scored leaves below their points, in table order. */
struct xdeduction {
    const struct dnode *nd;
    char score[NUM_BUF], points[NUM_BUF], minus[NUM_BUF];   /* 5.00, 7, 2.00 */
    const char *reason;   /* the note, or a translated "(no reason given)" */
    bool no_reason;
};
/* Returns a malloc'd array (NULL when none or ENOMEM, check *n). */
struct xdeduction *xdoc_deductions(const struct xdoc *x, size_t *n, bool *oom);

/* Overrides (改分说明): leaves whose score was typed over the formula, in
 * table order; score is "1", formula what the rule gives ("" when it
 * cannot be computed), reason the override's. */
struct xoverride {
    const struct dnode *nd;
    char score[NUM_BUF], points[NUM_BUF], formula[NUM_BUF];
    const char *reason;
};
/* Returns a malloc'd array (NULL when none or ENOMEM, check *oom). */
struct xoverride *xdoc_overrides(const struct xdoc *x, size_t *n, bool *oom);
/* "（改，公式得分 0.5）" or "（改，公式缺少数据）" for e. */
void xdoc_override_tail(const struct xoverride *e, char *buf, size_t n);
#define XDOC_OVERRIDE_TAG "（改）"

/* Title and metadata lines ("单位名称：..."); label/value pairs. */
size_t xdoc_meta(const struct xdoc *x, const char *labels[XDOC_META_MAX],
                 const char *values[XDOC_META_MAX]);

/* The appendix grid (附件): one row per leaf; each level has a 名称 and a
 * 参考分值 column, a branch is written once and spans its leaves' rows, a
 * leaf above the deepest level spans the name columns to its right; then
 * the tail columns (指标说明, 参考评分标准, 得分, review). HTML and xlsx
 * both lay the table out from these, so the two cannot drift. */
#define XGRID_MAX_CELLS 32

struct xgcell {
    size_t src;            /* the model row */
    int col;               /* grid column, from 0 */
    int rowspan, colspan;
    enum xcol_kind kind;   /* XC_LEVEL (name), XC_POINTS or a tail kind */
    const char *text;
};

int xdoc_depth(const struct xdoc *x);
/* The model's column of a kind, or -1. */
int xdoc_col_of(const struct xdoc *x, enum xcol_kind k);
/* True when model row r is a leaf (a grid row). */
bool xdoc_leaf_row(const struct xdoc *x, size_t r);
/* Grid rows spanned by model row r (its leaves; 1 for a leaf). */
size_t xdoc_span(const struct xdoc *x, size_t r);
/* The tail columns present, in the grid's order; returns how many
 * (<= XDOC_TAIL_MAX). */
size_t xdoc_tail(const struct xdoc *x, enum xcol_kind tail[XDOC_TAIL_MAX]);
/* Grid columns: 2 per level plus the tail. */
int xdoc_grid_width(const struct xdoc *x);
/* The cells that start on the grid row of leaf r, in column order (0 when
 * r is not a leaf): the branches above it that start there, its name and
 * points, its tail cells. */
size_t xdoc_grid_row(const struct xdoc *x, size_t r, struct xgcell cells[XGRID_MAX_CELLS]);

int export_txt(const struct xdoc *x, struct strbuf *out);
int export_md(const struct xdoc *x, struct strbuf *out);
int export_html(const struct xdoc *x, struct strbuf *out);
int export_xlsx(const struct xdoc *x, const char *path, char *why, size_t whysize);

#endif
