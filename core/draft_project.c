/* draft_project.c - what a project table (项目支出绩效自评表) adds to a
 * draft: groups whose points the unit distributes (open nodes), each
 * indicator's 年度指标值 and 实际完成值 and the score they give, indicators
 * that do not apply (不适用) and the total rescaled to the form's points.
 */
#include <stdlib.h>
#include <string.h>

#include "draft_impl.h"
#include "i18n.h"
#include "rat.h"
#include "target.h"

/* ---- open nodes ---- */

bool draft_node_open(const struct draft *d, int i)
{
    return i >= 0 && (size_t)i < d->f->n && form_node_open(d->f, i);
}

/* The draft's own copy of open node i, whose points it changes. */
static struct form_node *open_copy(struct draft *d, int i)
{
    const struct form_node *fn = d->nodes[i].fn;
    for (size_t k = 0; k < d->nopen; k++)
        if (fn == &d->open_fn[k])
            return &d->open_fn[k];
    return NULL;
}

int draft_open_init(struct draft *d)
{
    const struct form *f = d->f;
    size_t n = 0;
    for (size_t i = 0; i < f->n; i++)
        n += f->open[i];
    if (!n)
        return 0;
    d->open_fn = malloc(n * sizeof *d->open_fn);
    if (!d->open_fn)
        return -1;
    /* a copy starts with the form's points, the part the form fixes:
     * what its children add up to before the unit adds any */
    for (size_t i = 0; i < f->n; i++) {
        if (!f->open[i])
            continue;
        d->open_fn[d->nopen] = f->nodes[i];
        d->nodes[i].fn = &d->open_fn[d->nopen++];
    }
    return 0;
}

void draft_open_follow(struct draft *d, int i)
{
    for (int b = i; b >= 0 && draft_node_open(d, b); b = d->nodes[b].parent) {
        struct form_node *c = open_copy(d, b);
        if (!c)
            return;
        pts_t delta = d->nodes[b].child_points - c->points;
        if (!delta)
            return;
        c->points = d->nodes[b].child_points;
        int p = d->nodes[b].parent;
        if (p >= 0)
            d->nodes[p].child_points += delta;
    }
}

int draft_points_owner(const struct draft *d, int parent)
{
    while (parent >= 0 && draft_node_open(d, parent) && d->nodes[parent].parent >= 0)
        parent = d->nodes[parent].parent;
    return parent;
}

/* ---- targets ---- */

static const struct custom_fn *custom_of(const struct draft *d, int i)
{
    return i >= 0 && (size_t)i < d->n && d->nodes[i].custom ? d->nodes[i].own_fn : NULL;
}

const char *draft_target(const struct draft *d, int i)
{
    const struct custom_fn *cf = custom_of(d, i);
    return cf && cf->target ? cf->target : "";
}

const char *draft_actual(const struct draft *d, int i)
{
    const struct custom_fn *cf = custom_of(d, i);
    return cf && cf->actual ? cf->actual : "";
}

/* What leaf nd's target says of it: the result, and the score. */
static enum target_result target_of(const struct dnode *nd, pts_t *score, char *why, size_t n)
{
    const struct custom_fn *cf = nd->own_fn;
    struct target t;
    *score = PTS_NONE;
    if (target_parse(cf->target, &t, why, n) < 0)
        return TARGET_BAD;
    return target_score(&t, cf->actual ? cf->actual : "", nd->fn->points, score, why, n);
}

bool draft_target_scores(const struct draft *d, int i)
{
    const struct custom_fn *cf = custom_of(d, i);
    if (!cf || !cf->target || !cf->target[0] || d->nodes[i].na)
        return false;
    pts_t s;
    return target_of(&d->nodes[i], &s, NULL, 0) == TARGET_SCORED;
}

bool draft_target_eval(struct draft *d, struct dnode *nd)
{
    const struct custom_fn *cf = nd->own_fn;
    if (!cf->target || !cf->target[0])
        return false;
    char why[256];
    pts_t s;
    switch (target_of(nd, &s, why, sizeof why)) {
    case TARGET_SCORED:
        nd->score = s;
        nd->status = RULE_COMPLETE;
        draft_set_why(d, nd, "");
        return true;
    case TARGET_BAD:
        nd->score = PTS_NONE;
        nd->status = RULE_ERROR;
        break;
    case TARGET_NO_ACTUAL:
        nd->score = PTS_NONE;
        nd->status = RULE_INCOMPLETE;
        break;
    case TARGET_TYPED:
        /* the assessor's score, within its band for a qualitative one */
        nd->score = nd->entered;
        nd->status = nd->entered == PTS_NONE ? RULE_INCOMPLETE : RULE_COMPLETE;
        if (nd->entered != PTS_NONE)
            why[0] = '\0';
        break;
    }
    draft_set_why(d, nd, why);
    return true;
}

/* A target or actual value: one cell of text, kept as typed. */
static char **target_slot(struct custom_fn *cf, const char *key)
{
    if (!strcmp(key, "target"))
        return &cf->target;
    if (!strcmp(key, "actual"))
        return &cf->actual;
    return NULL;
}

int draft_apply_target(struct draft *d, const struct edit *e, struct edit *inv, char *why,
                       size_t n)
{
    int i = e->id ? draft_find(d, e->id) : -1;
    if (i < 0)
        return draft_refuse(why, n, _("there is no indicator \"%s\""), e->id ? e->id : "");
    struct dnode *nd = &d->nodes[i];
    if (!nd->custom)
        return draft_refuse(why, n, _("%s belongs to the form: only the unit's own indicators "
                                      "have a 年度指标值 and 实际完成值"),
                            nd->fn->name);
    char **slot = target_slot(nd->own_fn, e->key ? e->key : "");
    if (!slot)
        return draft_refuse(why, n, _("unknown setting \"%s\""), e->key ? e->key : "");
    const char *value = e->value ? e->value : "";
    if (draft_check_text(value, 1024, why, n) < 0)
        return -1;
    if (strchr(value, '\n') || strchr(value, '\r'))
        return draft_refuse(why, n, _("must be one line"));
    char *v = *value ? strdup(value) : NULL;
    if (*value && !v)
        return draft_refuse(why, n, _("out of memory"));
    if (inv) {
        memset(inv, 0, sizeof *inv);
        inv->kind = EDIT_TARGET;
        inv->id = strdup(nd->fn->id);
        inv->key = strdup(e->key);
        inv->value = strdup(*slot ? *slot : "");
    }
    free(*slot);
    *slot = v;
    draft_leaf_update(d, i);
    return 0;
}

int draft_set_target(struct draft *d, const char *id, const char *target, const char *actual,
                     char *why, size_t n)
{
    struct edit e = {.kind = EDIT_TARGET, .id = (char *)id};
    if (target) {
        e.key = (char *)"target";
        e.value = (char *)target;
        if (draft_apply(d, &e, NULL, why, n) < 0)
            return -1;
    }
    if (actual) {
        e.key = (char *)"actual";
        e.value = (char *)actual;
        if (draft_apply(d, &e, NULL, why, n) < 0)
            return -1;
    }
    return 0;
}

/* ---- not applicable, and the total rescaled ---- */

int draft_apply_na(struct draft *d, const struct edit *e, struct edit *inv, char *why, size_t n)
{
    int i = e->id ? draft_find(d, e->id) : -1;
    if (i < 0)
        return draft_refuse(why, n, _("there is no indicator \"%s\""), e->id ? e->id : "");
    struct dnode *nd = &d->nodes[i];
    if (!dnode_is_leaf(nd) || nd->replaced)
        return draft_refuse(why, n, _("%s %s is not an indicator that takes a score"),
                            nd->fn->id, nd->fn->name);
    if (draft_node_kind(d, nd) != FORM_KIND_NORMAL)
        return draft_refuse(why, n, _("%s %s is a bonus or penalty item: it is left at 0, not "
                                      "out"),
                            nd->fn->id, nd->fn->name);
    const char *v = e->value ? e->value : "";
    bool na = *v && strcmp(v, "0");
    if (inv) {
        memset(inv, 0, sizeof *inv);
        inv->kind = EDIT_NA;
        inv->id = strdup(nd->fn->id);
        inv->value = strdup(nd->na ? "1" : "");
    }
    if (na && !nd->na)
        d->nna++;
    nd->na = na;
    draft_leaf_update(d, i);
    return 0;
}

int draft_set_na(struct draft *d, const char *id, bool na, char *why, size_t n)
{
    struct edit e = {.kind = EDIT_NA, .id = (char *)id, .value = (char *)(na ? "1" : "")};
    return draft_apply(d, &e, NULL, why, n);
}

bool draft_rescale(const struct draft *d, pts_t *raw, pts_t *applicable)
{
    *raw = *applicable = 0;
    if (!d->nna)
        return false;
    pts_t out = 0;
    for (int i = draft_first(d); i >= 0; i = draft_next(d, i)) {
        const struct dnode *nd = &d->nodes[i];
        if (nd->na && dnode_is_leaf(nd) && draft_node_kind(d, nd) == FORM_KIND_NORMAL)
            out += nd->fn->points;
    }
    if (!out)
        return false;
    *applicable = d->f->total_points - out;
    *raw = d->total;
    return true;
}

pts_t draft_rescaled(const struct draft *d, pts_t sum)
{
    pts_t raw, applicable, v;
    if (!draft_rescale(d, &raw, &applicable))
        return sum;
    if (applicable <= 0)
        return 0;   /* nothing applies: nothing to score */
    struct rat r;
    if (!rat_mul(rat_from_pts(sum), rat_from_pts(d->f->total_points), &r) ||
        !rat_div(r, rat_from_pts(applicable), &r) || !rat_to_pts(r, &v))
        return sum;
    return v;
}
