/* draft_kinds.c - the totals of a draft: bonus and penalty items (加分项,
 * 扣分项), vetoes that zero a group or the table (一票否决), and the review
 * total beside the self-assessed one. */
#include "draft_impl.h"

#include <string.h>

/* d->total and d->review_total add every first-level score; a penalty
 * item's score is taken off instead, and the total never goes below 0. */
/* The first-level node whose group a marked veto(LABEL, group) zeroes, -2
 * for a marked veto(LABEL, all), -1 for none: in form order, so the first
 * table-wide veto wins. */
static int veto_at(const struct draft *d, size_t i)
{
    const struct form_node *fn = &d->f->nodes[i];
    const struct dnode *nd = &d->nodes[i];
    for (size_t k = 0; fn->rule && nd->marks && k < fn->rule->nparts; k++) {
        const struct part *p = &fn->rule->parts[k];
        if (p->kind != PART_VETO || p->scope == VETO_ITEM || nd->marks[k] != 1)
            continue;
        if (p->scope == VETO_ALL)
            return -2;
        int top = (int)i;
        while (d->f->nodes[top].parent >= 0)
            top = d->f->nodes[top].parent;
        return top;
    }
    return -1;
}

bool draft_vetoed(const struct draft *d, int *group)
{
    *group = -1;
    if (!d->f->has_vetoes)
        return false;
    bool any = false;
    for (size_t i = 0; i < d->f->n; i++) {
        int v = veto_at(d, i);
        if (v == -2) {
            *group = -1;
            return true;
        }
        if (v >= 0 && !any) {
            *group = v;
            any = true;
        }
    }
    return any;
}

static pts_t with_kinds(const struct draft *d, pts_t sum, bool review)
{
    const struct form *f = d->f;
    if (!f->has_kinds && !f->has_vetoes)
        return sum;
    /* only forms with scoped vetoes pay for the scans below */
    if (f->has_vetoes) {
        for (size_t i = 0; i < f->n; i++)
            if (veto_at(d, i) == -2)
                return 0;
    }
    sum = 0;
    for (int c = f->first; c >= 0; c = f->nodes[c].next_sibling) {
        bool zeroed = false;
        for (size_t i = 0; f->has_vetoes && i < f->n && !zeroed; i++)
            zeroed = veto_at(d, i) == c;
        if (zeroed)
            continue;
        const struct dnode *nd = &d->nodes[c];
        pts_t s = review ? nd->review : nd->score == PTS_NONE ? 0 : nd->score;
        sum += f->nodes[c].kind == FORM_KIND_PENALTY ? -s : s;
    }
    return sum < 0 ? 0 : sum;
}

pts_t draft_total(const struct draft *d)
{
    return draft_rescaled(d, with_kinds(d, d->total, false));
}

pts_t draft_group_contrib(const struct draft *d, int top, bool *zeroed)
{
    const struct form *f = d->f;
    const struct dnode *nd = &d->nodes[top];
    *zeroed = false;
    if (nd->parent >= 0 || (size_t)top >= f->n)
        return nd->score;
    if (f->has_vetoes) {
        for (size_t i = 0; i < f->n && !*zeroed; i++) {
            int v = veto_at(d, i);
            *zeroed = v == -2 || v == top;
        }
        if (*zeroed)
            return 0;
    }
    if (nd->score == PTS_NONE)
        return PTS_NONE;
    return f->nodes[top].kind == FORM_KIND_PENALTY ? -nd->score : nd->score;
}

int draft_node_kind(const struct draft *d, const struct dnode *nd)
{
    if (!d->f->has_kinds)
        return FORM_KIND_NORMAL;
    while (nd->parent >= 0)
        nd = &d->nodes[nd->parent];
    return nd->fn->kind;
}

bool draft_kind_sums(const struct draft *d, pts_t *bonus, pts_t *penalty)
{
    const struct form *f = d->f;
    *bonus = *penalty = 0;
    if (!f->has_kinds)
        return false;
    for (int c = f->first; c >= 0; c = f->nodes[c].next_sibling) {
        pts_t s = d->nodes[c].score == PTS_NONE ? 0 : d->nodes[c].score;
        if (f->nodes[c].kind == FORM_KIND_BONUS)
            *bonus += s;
        else if (f->nodes[c].kind == FORM_KIND_PENALTY)
            *penalty += s;
    }
    return true;
}
pts_t draft_review_total(const struct draft *d)
{
    return draft_rescaled(d, with_kinds(d, d->review_total, true));
}

const char *draft_review_grade(const struct draft *d)
{
    return form_grade(d->f, draft_review_total(d));
}
