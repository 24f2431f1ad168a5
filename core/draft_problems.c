/* draft_problems.c - what still needs attention in a draft. */
#include <stdio.h>
#include <string.h>

#include "draft_impl.h"
#include "i18n.h"
#include "utf8.h"

/* Nothing at all entered on a leaf yet. */
static bool leaf_untouched(const struct dnode *nd)
{
    if (nd->entered != PTS_NONE)
        return false;
    const struct form_node *fn = nd->fn;
    for (size_t k = 0; k < fn->nfigs; k++)
        if (nd->figs[k].set)
            return false;
    const struct rule *r = draft_node_rule(nd);
    for (size_t k = 0; r && k < r->nparts; k++) {
        enum part_kind kind = r->parts[k].kind;
        if ((kind == PART_CHECK && nd->marks[k] != MARK_NONE) ||
            ((kind == PART_CHOICE || kind == PART_VETO) && nd->marks[k] >= 0))
            return false;
    }
    return true;
}

/* The node's own problem, if any: returns false when it has none. */
static bool node_problem(const struct draft *d, int i, struct problem *p)
{
    const struct dnode *nd = &d->nodes[i];
    char a[NUM_BUF], b[NUM_BUF];
    p->node = i;
    if (nd->review_status == REVIEW_QUERY || nd->review_status == REVIEW_RETURN) {
        p->kind = PROB_REVIEW;
        u8_snprintf(p->msg, sizeof p->msg, _("%s %s: reviewer says %s: %s"), nd->fn->id, nd->fn->name,
                 review_status_name(nd->review_status), nd->review_comment);
        return true;
    }
    if (!dnode_is_leaf(nd)) {
        if (nd->child_points == nd->fn->points)
            return false;
        p->kind = PROB_POINTS_SUM;
        u8_snprintf(p->msg, sizeof p->msg,
                 _("%s %s: its indicators add up to %s points, not %s"), nd->fn->id, nd->fn->name,
                 num_format_pts(nd->child_points, a), num_format_pts(nd->fn->points, b));
        return true;
    }
    if (nd->replaced)
        return false;
    if (nd->status == RULE_ERROR) {
        p->kind = PROB_ERROR;
        u8_snprintf(p->msg, sizeof p->msg, "%s %s: %s", nd->fn->id, nd->fn->name, nd->why);
        return true;
    }
    if (nd->status == RULE_INCOMPLETE) {
        bool untouched = leaf_untouched(nd);
        p->kind = untouched ? PROB_UNSCORED : PROB_INCOMPLETE;
        if (untouched)
            u8_snprintf(p->msg, sizeof p->msg, _("%s %s: not scored yet"), nd->fn->id, nd->fn->name);
        else
            u8_snprintf(p->msg, sizeof p->msg, "%s %s: %s", nd->fn->id, nd->fn->name, nd->why);
        return true;
    }
    int kind = draft_node_kind(d, nd);
    if (kind != FORM_KIND_NORMAL) {
        /* a bonus or penalty item needs its reason when it counts */
        if (nd->score == PTS_NONE || nd->score == 0 || nd->note[0])
            return false;
        p->kind = PROB_NO_REASON;
        snprintf(p->msg, sizeof p->msg,
                 kind == FORM_KIND_BONUS ? _("%s %s: %s points added, but no reason given")
                                         : _("%s %s: %s points taken off, but no reason given"),
                 nd->fn->id, nd->fn->name, num_format_pts(nd->score, a));
        return true;
    }
    if (nd->score != PTS_NONE && nd->score < nd->fn->points && !nd->note[0]) {
        p->kind = PROB_NO_REASON;
        u8_snprintf(p->msg, sizeof p->msg,
                 _("%s %s: %s of %s points, but no reason for the deduction"), nd->fn->id,
                 nd->fn->name, num_format_pts(nd->score, a), num_format_pts(nd->fn->points, b));
        return true;
    }
    return false;
}

/* A problem is one line wherever it is shown (check prints one per line,
 * the editor one per row): a line break from a note or a comment becomes
 * a space, never a control character on screen. */
static bool one_line(bool found, struct problem *p)
{
    for (char *c = p->msg; found && *c; c++)
        if (*c == '\n' || *c == '\r')
            *c = ' ';
    return found;
}

bool draft_node_has_problem(const struct draft *d, int i)
{
    struct problem p;
    return node_problem(d, i, &p);
}

bool draft_node_problem(const struct draft *d, int i, struct problem *out)
{
    return !d->nodes[i].deleted && one_line(node_problem(d, i, out), out);
}

size_t draft_problems(const struct draft *d, struct problem *out, size_t max, size_t *total)
{
    size_t n = 0, all = 0;
    for (int i = draft_first(d); i >= 0; i = draft_next(d, i)) {
        struct problem p;
        if (!one_line(node_problem(d, i, &p), &p))
            continue;
        if (n < max)
            out[n++] = p;
        all++;
    }
    if (total)
        *total = all;
    return n;
}

bool draft_override_notice(const struct draft *d, int i, char *buf, size_t n)
{
    const char *reason = draft_override_reason(d, i);
    if (!reason)
        return false;
    const struct dnode *nd = &d->nodes[i];
    char a[NUM_BUF], b[NUM_BUF];
    pts_t f = draft_formula_score(d, i);
    num_format_pts(nd->score, a);
    if (f == PTS_NONE)
        snprintf(buf, n, _("%s %s: score %s typed over the formula, which has no figures yet: %s"),
                 nd->fn->id, nd->fn->name, a, reason);
    else
        snprintf(buf, n, _("%s %s: score %s typed over the formula, which gives %s: %s"),
                 nd->fn->id, nd->fn->name, a, num_format_pts(f, b), reason);
    return true;
}
