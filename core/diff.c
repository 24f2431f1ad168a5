/* diff.c - compare two drafts indicator by indicator. */
#include "diff.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "grow.h"
#include "i18n.h"
#include "utf8.h"

#define MARK_BUF 1024

const char *diff_field_label(enum diff_field f)
{
    switch (f) {
    case DIFF_META: return _("metadata");
    case DIFF_ADDED: return _("added");
    case DIFF_REMOVED: return _("removed");
    case DIFF_NAME: return "指标名称";
    case DIFF_POINTS: return "分值";
    case DIFF_DESCRIPTION: return "指标说明";
    case DIFF_SCORE: return "得分";
    case DIFF_FIGURE: return _("figure");
    case DIFF_MARK: return _("mark");
    case DIFF_NOTE: return "扣分说明";
    case DIFF_REVIEW_SCORE: return "复核得分";
    case DIFF_REVIEW_STATUS: return "复核状态";
    case DIFF_REVIEW_COMMENT: return "复核意见";
    case DIFF_EVIDENCE: return "佐证材料";
    case DIFF_OVERRIDE: return "改分理由";
    }
    return "";
}

void diff_free(struct diff *d)
{
    for (size_t i = 0; d && i < d->n; i++) {
        free(d->v[i].id);
        free(d->v[i].name);
        free(d->v[i].key);
        free(d->v[i].before);
        free(d->v[i].after);
    }
    if (d) {
        free(d->v);
        memset(d, 0, sizeof *d);
    }
}

/* Record a change when before and after differ (NULL counts as ""). */
static void diff_add(struct diff *d, enum diff_field f, const struct dnode *nd,
                     const char *key, const char *before, const char *after)
{
    before = before ? before : "";
    after = after ? after : "";
    if (f != DIFF_ADDED && f != DIFF_REMOVED && !strcmp(before, after))
        return;
    struct diff_change *v = grow_array(d->v, &d->cap, d->n, 1, sizeof *v);
    if (!v) {
        d->oom = true;
        return;
    }
    d->v = v;
    struct diff_change *c = &d->v[d->n];
    c->field = f;
    c->id = strdup(nd ? nd->fn->id : "");
    c->name = strdup(nd ? nd->fn->name : "");
    c->key = strdup(key ? key : "");
    c->before = strdup(before);
    c->after = strdup(after);
    if (!c->id || !c->name || !c->key || !c->before || !c->after) {
        free(c->id);
        free(c->name);
        free(c->key);
        free(c->before);
        free(c->after);
        d->oom = true;
        return;
    }
    d->n++;
}

#define OVERRIDE_TAG "（改）"

/* The score as shown, "" when there is none; a typed-over one is tagged.
 * buf holds NUM_BUF + sizeof OVERRIDE_TAG. */
static const char *leaf_score(const struct dnode *nd, char *buf)
{
    if (!nd || nd->replaced || nd->score == PTS_NONE)
        return "";
    num_format_pts2(nd->score, buf);
    if (nd->overridden)
        strcat(buf, OVERRIDE_TAG);
    return buf;
}

static const char *opt_pts(pts_t v, char *buf)
{
    return v == PTS_NONE ? "" : num_format_pts2(v, buf);
}

/* Value of the figure named name in nd, "" when unset or absent. */
static const char *figure_text(const struct dnode *nd, const char *name, char *buf)
{
    const struct form_node *fn = nd->fn;
    for (size_t k = 0; k < fn->nfigs; k++)
        if (!strcmp(fn->figs[k].name, name))
            return nd->figs[k].set ? num_format_decimal(nd->figs[k].v, buf) : "";
    return "";
}

/* Text of the mark labelled label in nd, "" when unset or absent. */
static const char *mark_text(const struct dnode *nd, const char *label, char *buf)
{
    const struct rule *r = nd->fn->rule;
    for (size_t k = 0; r && k < r->nparts; k++)
        if (r->parts[k].kind != PART_CALC && !strcmp(r->parts[k].label, label))
            return rule_format_mark(&r->parts[k], nd->marks[k], buf, MARK_BUF);
    return "";
}

static bool has_figure(const struct dnode *nd, const char *name)
{
    for (size_t k = 0; k < nd->fn->nfigs; k++)
        if (!strcmp(nd->fn->figs[k].name, name))
            return true;
    return false;
}

static bool has_mark(const struct dnode *nd, const char *label)
{
    const struct rule *r = nd->fn->rule;
    for (size_t k = 0; r && k < r->nparts; k++)
        if (r->parts[k].kind != PART_CALC && !strcmp(r->parts[k].label, label))
            return true;
    return false;
}

/* Figures and marks of x, then those only y has (listed under y's labels). */
static void diff_inputs(struct diff *d, const struct dnode *a, const struct dnode *b)
{
    char va[MARK_BUF], vb[MARK_BUF];
    for (int pass = 0; pass < 2; pass++) {
        const struct dnode *x = pass ? b : a, *y = pass ? a : b;
        for (size_t k = 0; k < x->fn->nfigs; k++) {
            const struct figure_def *fd = &x->fn->figs[k];
            if (pass && has_figure(y, fd->name))
                continue;
            diff_add(d, DIFF_FIGURE, a, fd->label, figure_text(a, fd->name, va),
                     figure_text(b, fd->name, vb));
        }
        const struct rule *r = x->fn->rule;
        for (size_t k = 0; r && k < r->nparts; k++) {
            const struct part *p = &r->parts[k];
            if (p->kind == PART_CALC || (pass && has_mark(y, p->label)))
                continue;
            diff_add(d, DIFF_MARK, a, p->label, mark_text(a, p->label, va),
                     mark_text(b, p->label, vb));
        }
    }
}

static void diff_node(struct diff *d, const struct draft *da, int ia, const struct draft *db,
                      int ib)
{
    const struct dnode *a = draft_node(da, ia), *b = draft_node(db, ib);
    char x[NUM_BUF + sizeof OVERRIDE_TAG], y[NUM_BUF + sizeof OVERRIDE_TAG];
    if (a->custom || b->custom) {
        diff_add(d, DIFF_NAME, a, NULL, a->fn->name, b->fn->name);
        diff_add(d, DIFF_POINTS, a, NULL, num_format_pts(a->fn->points, x),
                 num_format_pts(b->fn->points, y));
        diff_add(d, DIFF_DESCRIPTION, a, NULL, a->custom ? a->fn->description : "",
                 b->custom ? b->fn->description : "");
    }
    if (dnode_is_leaf(a) && dnode_is_leaf(b)) {
        diff_add(d, DIFF_SCORE, a, NULL, leaf_score(a, x), leaf_score(b, y));
        diff_inputs(d, a, b);
        diff_add(d, DIFF_OVERRIDE, a, NULL, draft_override_reason(da, ia),
                 draft_override_reason(db, ib));
    }
    diff_add(d, DIFF_NOTE, a, NULL, a->note, b->note);
    diff_add(d, DIFF_REVIEW_SCORE, a, NULL, opt_pts(a->review_score, x),
             opt_pts(b->review_score, y));
    diff_add(d, DIFF_REVIEW_STATUS, a, NULL, review_status_name(a->review_status),
             review_status_name(b->review_status));
    diff_add(d, DIFF_REVIEW_COMMENT, a, NULL, a->review_comment, b->review_comment);
    diff_add(d, DIFF_EVIDENCE, a, NULL, a->evidence, b->evidence);
}

/* Added or removed: the indicator with its score as "after" or "before". */
static void diff_one_side(struct diff *d, const struct dnode *nd, bool added)
{
    char s[NUM_BUF + sizeof OVERRIDE_TAG];
    const char *v = leaf_score(nd, s);
    diff_add(d, added ? DIFF_ADDED : DIFF_REMOVED, nd, NULL, added ? "" : v, added ? v : "");
}

long diff_drafts(const struct draft *a, const struct draft *b, struct diff *out)
{
    memset(out, 0, sizeof *out);
    const struct draft *dr[2] = {a, b};
    for (int s = 0; s < 2; s++) {
        out->total[s] = draft_total(dr[s]);
        out->review_total[s] = draft_review_total(dr[s]);
        out->grade[s] = draft_grade(dr[s]);
        out->review_grade[s] = draft_review_grade(dr[s]);
        out->scored[s] = draft_scored(dr[s]);
        out->leaves[s] = draft_leaves(dr[s]);
        out->reviewed[s] = draft_reviewed(dr[s]);
    }
    for (int k = 0; k < META__COUNT; k++)
        diff_add(out, DIFF_META, NULL, draft_meta_key((enum draft_meta)k),
                 draft_meta(a, (enum draft_meta)k), draft_meta(b, (enum draft_meta)k));
    for (int i = draft_first(a); i >= 0; i = draft_next(a, i)) {
        const struct dnode *na = draft_node(a, i);
        int j = draft_find(b, na->fn->id);
        if (j < 0)
            diff_one_side(out, na, false);
        else
            diff_node(out, a, i, b, j);
    }
    for (int j = draft_first(b); j >= 0; j = draft_next(b, j)) {
        const struct dnode *nb = draft_node(b, j);
        if (draft_find(a, nb->fn->id) < 0)
            diff_one_side(out, nb, true);
    }
    if (out->oom) {
        diff_free(out);
        return -1;
    }
    return (long)out->n;
}

/* ---- the changed characters of a text ---- */

/* Byte offsets of each character of s, and of its end: n + 1 entries. */
static size_t *char_offsets(const char *s, size_t len, size_t *n)
{
    size_t *v = malloc((len + 1) * sizeof *v);
    if (!v)
        return NULL;
    size_t k = 0;
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        size_t step = u8_decode(s + i, len - i, &cp);
        v[k++] = i;
        i += step ? step : 1;
    }
    v[k] = len;
    *n = k;
    return v;
}

static bool char_eq(const char *a, const size_t *oa, size_t i, const char *b, const size_t *ob,
                    size_t j)
{
    size_t la = oa[i + 1] - oa[i], lb = ob[j + 1] - ob[j];
    return la == lb && memcmp(a + oa[i], b + ob[j], la) == 0;
}

struct spans {
    struct diff_span *v;
    size_t n, cap;
    bool oom;
};

static void span_add(struct spans *sp, enum diff_span_kind k, const char *s, size_t len)
{
    if (len == 0 || sp->oom)
        return;
    if (sp->n > 0 && sp->v[sp->n - 1].kind == k && sp->v[sp->n - 1].s + sp->v[sp->n - 1].len == s) {
        sp->v[sp->n - 1].len += len;
        return;
    }
    struct diff_span *v = grow_array(sp->v, &sp->cap, sp->n, 1, sizeof *v);
    if (!v) {
        sp->oom = true;
        return;
    }
    sp->v = v;
    sp->v[sp->n++] = (struct diff_span){k, s, len};
}

/* The middle parts a[i0..i1) and b[j0..j1) (characters) by LCS: the table
 * holds, per cell, the length of the LCS of the suffixes. */
static void lcs_spans(struct spans *sp, const char *a, const size_t *oa, size_t i0, size_t i1,
                      const char *b, const size_t *ob, size_t j0, size_t j1)
{
    size_t na = i1 - i0, nb = j1 - j0;
    bool small = na && nb && na < DIFF_TEXT_CELLS && nb < DIFF_TEXT_CELLS &&
                 (na + 1) * (nb + 1) <= DIFF_TEXT_CELLS;
    uint32_t *t = small ? calloc((na + 1) * (nb + 1), sizeof *t) : NULL;
    if (!t) {
        if (small)
            sp->oom = true;
        span_add(sp, SPAN_DEL, a + oa[i0], oa[i1] - oa[i0]);
        span_add(sp, SPAN_INS, b + ob[j0], ob[j1] - ob[j0]);
        return;
    }
#define T(i, j) t[(i) * (nb + 1) + (j)]
    for (size_t i = na; i-- > 0;)
        for (size_t j = nb; j-- > 0;)
            T(i, j) = char_eq(a, oa, i0 + i, b, ob, j0 + j) ? T(i + 1, j + 1) + 1
                      : T(i + 1, j) >= T(i, j + 1) ? T(i + 1, j) : T(i, j + 1);
    size_t i = 0, j = 0;
    while (i < na || j < nb) {
        if (i < na && j < nb && char_eq(a, oa, i0 + i, b, ob, j0 + j)) {
            span_add(sp, SPAN_SAME, a + oa[i0 + i], oa[i0 + i + 1] - oa[i0 + i]);
            i++, j++;
        } else if (i < na && (j == nb || T(i + 1, j) >= T(i, j + 1))) {
            span_add(sp, SPAN_DEL, a + oa[i0 + i], oa[i0 + i + 1] - oa[i0 + i]);
            i++;
        } else {
            span_add(sp, SPAN_INS, b + ob[j0 + j], ob[j0 + j + 1] - ob[j0 + j]);
            j++;
        }
    }
#undef T
    free(t);
}

long diff_text(const char *a, const char *b, struct diff_span **out)
{
    *out = NULL;
    size_t na, nb;
    size_t *oa = char_offsets(a, strlen(a), &na);
    size_t *ob = char_offsets(b, strlen(b), &nb);
    struct spans sp = {0};
    if (!oa || !ob) {
        free(oa);
        free(ob);
        return -1;
    }
    size_t pre = 0, suf = 0;
    while (pre < na && pre < nb && char_eq(a, oa, pre, b, ob, pre))
        pre++;
    while (suf < na - pre && suf < nb - pre && char_eq(a, oa, na - 1 - suf, b, ob, nb - 1 - suf))
        suf++;
    span_add(&sp, SPAN_SAME, a, oa[pre]);
    lcs_spans(&sp, a, oa, pre, na - suf, b, ob, pre, nb - suf);
    span_add(&sp, SPAN_SAME, a + oa[na - suf], oa[na] - oa[na - suf]);
    free(oa);
    free(ob);
    if (sp.oom) {
        free(sp.v);
        return -1;
    }
    *out = sp.v;
    return (long)sp.n;
}
