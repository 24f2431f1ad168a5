/* draft.c - the draft model: entered values, validation, live totals.
 *
 * Recomputation is local: a change re-evaluates its leaf and adds the
 * difference to each ancestor, so a keystroke costs O(depth), not O(tree).
 * Only adding or removing a custom indicator re-sums the parent's children
 * (then adds the difference to the ancestors, as for a leaf).
 *
 * Memory, for drafts of a million rows: an empty text field (note, why,
 * review comment, evidence) points at a string literal and is never freed
 * (draft_text_free() frees only non-empty texts, so nothing may store a
 * malloc'd ""; draft_edit.c and draft_custom.c keep the same rule), and
 * the texts read from a file live in one arena; the figures and marks of
 * all form leaves live in two blocks allocated by draft_create and owned
 * by the draft (d->figs, d->marks); a node repeats nothing of its form
 * node (struct dnode stays at 120 bytes), and only custom indicators, with
 * their own form node, are allocated one by one. Part scores are shown for
 * one leaf at a time and computed then (draft_part_scores).
 */
#include "draft_impl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grow.h"
#include "i18n.h"
#include "idmap.h"


const char *const draft_meta_keys[META__COUNT] = {
    "unit", "year", "assessor", "project", "department", "goal", "goal_done",
};

const char *draft_meta_key(enum draft_meta k)
{
    return draft_meta_keys[k];
}

char *draft_text_dup(struct draft *d, const char *s)
{
    if (!*s)
        return (char *)"";
    return d->defer ? arena_strndup(&d->loaded, s, strlen(s)) : strdup(s);
}

void draft_text_free(struct draft *d, char *s)
{
    if (s && *s && !arena_owns(&d->loaded, s))
        free(s);
}

void draft_set_why(struct draft *d, struct dnode *nd, const char *why)
{
    if (nd->why && !strcmp(nd->why, why))
        return;
    char *w = draft_text_dup(d, why);
    if (w) {
        draft_text_free(d, nd->why);
        nd->why = w;
    }
}

const struct rule *draft_node_rule(const struct dnode *nd)
{
    return nd->fn->rule && nd->fn->rule->nparts ? nd->fn->rule : NULL;
}

/* A placeholder whose points the unit distributes (an open leaf): nothing
 * to score until the unit's own indicators replace it, and not counted as
 * an indicator (a project without 生态效益指标 leaves it as it is). */
static bool open_placeholder(const struct draft *d, const struct dnode *nd)
{
    return d->nopen && draft_node_open(d, (int)(nd - d->nodes));
}

/* Evaluate one leaf into score/status/why; does not touch ancestors. */
static void leaf_eval(struct draft *d, struct dnode *nd)
{
    const struct rule *r = draft_node_rule(nd);
    if (nd->replaced || open_placeholder(d, nd)) {
        nd->score = PTS_NONE;
        nd->status = RULE_COMPLETE;
        draft_set_why(d, nd, "");
        return;
    }
    if (nd->na) {
        nd->score = PTS_NONE;   /* left out: not a 0 */
        nd->status = RULE_COMPLETE;
        draft_set_why(d, nd, "");
        return;
    }
    if (r && nd->overridden) {
        nd->score = nd->entered;
        nd->status = RULE_COMPLETE;
        draft_set_why(d, nd, "");
        return;
    }
    if (r) {
        char why[256] = "";
        pts_t s = PTS_NONE;
        nd->status = rule_eval(r, nd->fn->figs, nd->figs, nd->fn->nfigs, nd->marks, &s, NULL,
                               why, sizeof why);
        nd->score = nd->status == RULE_COMPLETE ? s : PTS_NONE;
        draft_set_why(d, nd, why);
        return;
    }
    if (nd->custom && draft_target_eval(d, nd))
        return;
    nd->score = nd->entered;
    nd->status = nd->entered == PTS_NONE ? RULE_INCOMPLETE : RULE_COMPLETE;
    /* looked up once: gettext reads the environment on every call, and
     * loading a large draft evaluates every leaf */
    static const char *not_scored;
    if (!not_scored)
        not_scored = _("not scored yet");
    draft_set_why(d, nd, nd->entered == PTS_NONE ? not_scored : "");
}

pts_t *draft_part_scores(const struct draft *d, int i)
{
    const struct dnode *nd = &d->nodes[i];
    const struct rule *r = draft_node_rule(nd);
    pts_t *ps = r && !nd->replaced ? malloc(r->nparts * sizeof *ps) : NULL;
    if (ps) {
        pts_t s;
        rule_eval(r, nd->fn->figs, nd->figs, nd->fn->nfigs, nd->marks, &s, ps, NULL, 0);
    }
    return ps;
}

void draft_share_figure(struct draft *d, int i, size_t k)
{
    const char *name = d->nodes[i].fn->figs[k].name;
    struct figval v = d->nodes[i].figs[k];
    for (size_t j = 0; j < d->f->n; j++) {
        struct dnode *o = &d->nodes[j];
        if ((int)j == i || o->first_child >= 0)
            continue;
        for (size_t m = 0; m < o->fn->nfigs; m++) {
            if (strcmp(o->fn->figs[m].name, name))
                continue;
            if (o->figs[m].set != v.set ||
                (v.set && (o->figs[m].v.mant != v.v.mant || o->figs[m].v.scale != v.v.scale))) {
                o->figs[m] = v;
                draft_leaf_update(d, (int)j);
            }
        }
    }
}

pts_t draft_formula_score(const struct draft *d, int i)
{
    const struct dnode *nd = &d->nodes[i];
    const struct rule *r = draft_node_rule(nd);
    pts_t s = PTS_NONE;
    if (r && !nd->replaced &&
        rule_eval(r, nd->fn->figs, nd->figs, nd->fn->nfigs, nd->marks, &s, NULL, NULL, 0) !=
            RULE_COMPLETE)
        s = PTS_NONE;
    return s;
}

const char *draft_override_reason(const struct draft *d, int i)
{
    return d->nodes[i].overridden && d->reasons ? d->reasons[i] : NULL;
}

int draft_overrides(const struct draft *d)
{
    return d->noverrides;
}

static pts_t contrib(const struct dnode *nd)
{
    return nd->score == PTS_NONE ? 0 : nd->score;
}

/* A leaf's review value: the reviewer's score, else the assessor's. */
static pts_t leaf_review(const struct dnode *nd)
{
    if (nd->replaced)
        return 0;
    return nd->review_score != PTS_NONE ? nd->review_score : contrib(nd);
}

void draft_leaf_update(struct draft *d, int i)
{
    if (d->defer)
        return;   /* the loader settles the row once all its cells are in */
    struct dnode *nd = &d->nodes[i];
    pts_t before = contrib(nd), rbefore = nd->review;
    int scored_before = nd->scored;
    leaf_eval(d, nd);
    nd->scored = !nd->replaced && (nd->score != PTS_NONE || nd->na);
    nd->review = leaf_review(nd);
    pts_t delta = contrib(nd) - before, rdelta = nd->review - rbefore;
    int dscored = nd->scored - scored_before;
    if (!delta && !dscored && !rdelta)
        return;
    for (int p = nd->parent; p >= 0; p = d->nodes[p].parent) {
        d->nodes[p].score += delta;
        d->nodes[p].scored += dscored;
        d->nodes[p].review += rdelta;
    }
    d->total += delta;
    d->scored += dscored;
    d->review_total += rdelta;
}

void draft_leaf_settle(struct draft *d, int i)
{
    bool defer = d->defer;
    d->defer = false;
    draft_leaf_update(d, i);
    d->defer = defer;
}

void draft_leaf_refresh(struct draft *d, int i)
{
    struct dnode *nd = &d->nodes[i];
    leaf_eval(d, nd);
    nd->leaves = nd->replaced || open_placeholder(d, nd) ? 0 : 1;
    nd->scored = !nd->replaced && (nd->score != PTS_NONE || nd->na);
    nd->review = leaf_review(nd);
}

/* Re-sum branch i from its children and add the change to its ancestors
 * and the totals: O(children + depth), never O(tree), so that reading a
 * draft with many custom indicators stays linear. */
void draft_branch_resum(struct draft *d, int i)
{
    struct dnode *b = &d->nodes[i];
    pts_t score = 0, review = 0;
    int scored = 0, leaves = 0;
    b->child_points = 0;
    for (int c = b->first_child; c >= 0; c = d->nodes[c].next_sibling) {
        struct dnode *cn = &d->nodes[c];
        score += contrib(cn);
        review += cn->review;
        scored += cn->scored;
        leaves += cn->leaves;
        if (!cn->replaced)
            b->child_points += cn->fn->points;
    }
    pts_t dscore = score - b->score, dreview = review - b->review;
    int dscored = scored - b->scored, dleaves = leaves - b->leaves;
    for (int p = i; p >= 0; p = d->nodes[p].parent) {
        d->nodes[p].score += dscore;
        d->nodes[p].review += dreview;
        d->nodes[p].scored += dscored;
        d->nodes[p].leaves += dleaves;
    }
    d->total += dscore;
    d->review_total += dreview;
    d->scored += dscored;
    d->leaves += dleaves;
    if (d->nopen)
        draft_open_follow(d, i);
}

/* The totals from the first-level nodes. The count of reviewed leaves is
 * kept up to date where it changes: a review score set or cleared
 * (draft_edit.c) and a custom indicator added or removed (draft_custom.c). */
void draft_sum_top(struct draft *d)
{
    d->total = d->review_total = 0;
    d->scored = d->leaves = 0;
    for (int c = draft_first(d); c >= 0; c = d->nodes[c].next_sibling) {
        d->total += contrib(&d->nodes[c]);
        d->review_total += d->nodes[c].review;
        d->scored += d->nodes[c].scored;
        d->leaves += d->nodes[c].leaves;
    }
}

int draft_node_alloc(struct draft *d)
{
    /* grow by an eighth: a custom indicator added to a million-row
     * draft must not double its largest array (a large realloc moves
     * pages, it does not copy them) */
    struct dnode *v = grow_array_slow(d->nodes, &d->cap, d->n, 1, sizeof *v);
    if (!v)
        return -1;
    d->nodes = v;
    memset(&d->nodes[d->n], 0, sizeof d->nodes[d->n]);
    return (int)d->n++;
}

/* Custom indicators only (form nodes get theirs in draft_new): empty
 * texts, no figures and no marks. */
void draft_node_init_state(struct dnode *nd)
{
    nd->entered = PTS_NONE;
    nd->score = PTS_NONE;
    nd->review_score = PTS_NONE;
    nd->note = nd->why = nd->review_comment = nd->evidence = (char *)"";
}

void draft_custom_fn_free(struct custom_fn *cf)
{
    if (!cf)
        return;
    free(cf->id);
    free(cf->name);
    free(cf->description);
    free(cf->target);
    free(cf->actual);
    free(cf);
}

/* The entered figures and marks of every form leaf, carved out of two
 * blocks (one malloc each instead of two per leaf), which the draft owns
 * (d->figs, d->marks). */
struct entries {
    struct figval *figs;
    mark_t *marks;
};

static bool entries_alloc(struct entries *e, const struct form *f)
{
    e->figs = f->nfigvals ? calloc(f->nfigvals, sizeof *e->figs) : NULL;
    e->marks = f->nmarks ? malloc(f->nmarks * sizeof *e->marks) : NULL;
    if ((f->nfigvals && !e->figs) || (f->nmarks && !e->marks)) {
        free(e->figs);
        free(e->marks);
        return false;
    }
    return true;
}

/* Give nd the next entries for its form node: figures unset, marks empty. */
static void entries_take(struct entries *e, struct dnode *nd, const struct form_node *fn)
{
    if (fn->nfigs) {
        nd->figs = e->figs;
        e->figs += fn->nfigs;
    }
    size_t np = fn->rule ? fn->rule->nparts : 0;
    if (!np || !e->marks)   /* no marks block: the form has no rule parts */
        return;
    nd->marks = e->marks;
    for (size_t k = 0; k < np; k++) {
        enum part_kind kind = fn->rule->parts[k].kind;
        e->marks[k] = kind == PART_CHECK ? MARK_NONE : kind == PART_CALC ? 0 : -1;
    }
    e->marks += np;
}

struct draft *draft_new(const struct form *f)
{
    return draft_create(f, true);
}

struct draft *draft_create(const struct form *f, bool evaluate)
{
    struct draft *d = calloc(1, sizeof *d);
    if (!d)
        return NULL;
    d->f = f;
    d->ids = idmap_new(16);
    for (int k = 0; k < META__COUNT; k++)
        d->meta[k] = strdup("");
    /* room for every form node at once: doubling a million-node array
     * would keep up to half of it unused */
    d->cap = f->n + 16;
    d->nodes = calloc(d->cap, sizeof *d->nodes);
    struct entries e;
    if (!d->ids || !d->nodes || !entries_alloc(&e, f))
        goto fail;
    d->figs = e.figs;
    d->marks = e.marks;
    /* One pass in form order (a parent comes before its children): each
     * node set up from its form node, and each leaf evaluated (unless a
     * loader does it, once its row is in) and added to its ancestors. A
     * million nodes are 120 MB: every pass over them costs. */
    for (size_t i = 0; i < f->n; i++) {
        const struct form_node *fn = &f->nodes[i];
        struct dnode *nd = &d->nodes[i];
        *nd = (struct dnode){
            .fn = fn, .parent = fn->parent,
            .first_child = fn->first_child, .next_sibling = fn->next_sibling,
            /* a branch's slot is its child_points, summed below */
            .entered = fn->first_child < 0 ? PTS_NONE : 0,
            .score = PTS_NONE, .review_score = PTS_NONE,
            .note = (char *)"", .why = (char *)"", .review_comment = (char *)"",
            .evidence = (char *)"",
        };
        entries_take(&e, nd, fn);
        if (fn->parent >= 0)
            d->nodes[fn->parent].child_points += fn->points;
        if (!dnode_is_leaf(nd)) {
            nd->score = 0;   /* the sum of its scored leaves */
            continue;
        }
        if (evaluate)
            leaf_eval(d, nd);
        nd->leaves = form_node_open(f, (int)i) ? 0 : 1;   /* see open_placeholder */
        nd->scored = nd->score != PTS_NONE;
        nd->review = leaf_review(nd);
        for (int p = nd->parent; p >= 0; p = d->nodes[p].parent) {
            d->nodes[p].score += contrib(nd);
            d->nodes[p].review += nd->review;
            d->nodes[p].scored += nd->scored;
            d->nodes[p].leaves += nd->leaves;
        }
    }
    d->n = f->n;
    draft_sum_top(d);
    if (f->open) {
        if (draft_open_init(d) < 0)
            goto fail;
        for (size_t i = 0; evaluate && i < f->n; i++)
            if (f->open[i] && dnode_is_leaf(&d->nodes[i]))
                leaf_eval(d, &d->nodes[i]);   /* unscored either way: no sum moves */
    }
    return d;
fail:
    draft_free(d);
    return NULL;
}

void draft_free(struct draft *d)
{
    if (!d)
        return;
    free(d->figs);
    free(d->marks);
    for (size_t i = 0; i < d->n; i++) {
        struct dnode *nd = &d->nodes[i];
        draft_text_free(d, nd->note);
        draft_text_free(d, nd->why);
        draft_text_free(d, nd->review_comment);
        draft_text_free(d, nd->evidence);
        if (nd->custom)
            draft_custom_fn_free(nd->own_fn);
    }
    for (size_t i = 0; d->reasons && i < d->f->n; i++)
        if (d->reasons[i])
            draft_text_free(d, d->reasons[i]);
    free(d->reasons);
    free(d->open_fn);
    for (int k = 0; k < META__COUNT; k++)
        free(d->meta[k]);
    free(d->nodes);
    idmap_free(d->ids);
    arena_free(&d->loaded);
    free(d);
}

const struct form *draft_form(const struct draft *d) { return d->f; }
size_t draft_count(const struct draft *d) { return d->n; }
const struct dnode *draft_node(const struct draft *d, int i) { return &d->nodes[i]; }

static bool draft_is(const struct draft *d, int i, const char *id)
{
    return i >= 0 && (size_t)i < d->n && !d->nodes[i].deleted &&
           (d->nodes[i].fn->id == id || !strcmp(d->nodes[i].fn->id, id));
}

int draft_find(const struct draft *d, const char *id)
{
    /* the hint is a cache, not state: a draft is never shared between
     * threads, and no caller holds a truly const one */
    struct draft *m = (struct draft *)d;
    if (draft_is(d, m->hint, id))
        return m->hint;
    if (draft_is(d, m->hint + 1, id))
        return ++m->hint;
    int i = form_find(d->f, id);
    if (i < 0)
        i = idmap_get(d->ids, id);
    if (i >= 0)
        m->hint = i;
    return i;
}
int draft_first(const struct draft *d) { return d->f->first; }
const char *draft_meta(const struct draft *d, enum draft_meta k) { return d->meta[k]; }
int draft_leaves(const struct draft *d) { return d->leaves; }
int draft_scored(const struct draft *d) { return d->scored; }
const char *draft_grade(const struct draft *d) { return form_grade(d->f, draft_total(d)); }
int draft_reviewed(const struct draft *d) { return d->reviewed; }


static const char *const review_names[REVIEW__COUNT] = {"", "通过", "有疑问", "退回修改"};

const char *review_status_name(enum review_status s)
{
    return s >= 0 && s < REVIEW__COUNT ? review_names[s] : "";
}

int review_status_parse(const char *s)
{
    for (int k = 0; k < REVIEW__COUNT; k++)
        if (!strcmp(s, review_names[k]))
            return k;
    return -1;
}

int draft_next(const struct draft *d, int i)
{
    const struct dnode *nd = &d->nodes[i];
    if (nd->first_child >= 0)
        return nd->first_child;
    while (i >= 0) {
        if (d->nodes[i].next_sibling >= 0)
            return d->nodes[i].next_sibling;
        i = d->nodes[i].parent;
    }
    return -1;
}

bool draft_next_band(const struct draft *d, const char **name, pts_t *gap)
{
    const struct form *f = d->f;
    pts_t total = draft_total(d);
    for (size_t k = f->ngrades; k-- > 0;) {
        if (f->grades[k].min > total) {
            *name = f->grades[k].name;
            *gap = f->grades[k].min - total;
            return true;
        }
    }
    return false;
}
