/* draft_custom.c - the unit's own indicators (个性化指标): add, remove, ids. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "draft_impl.h"
#include "i18n.h"

/* The unit's own indicators under one group, at most. */
#define CUSTOM_MAX 200

/* Reviewed leaves among p's children, as counted in the draft's total. */
static int custom_reviewed(const struct draft *d, int p)
{
    int n = 0;
    for (int c = d->nodes[p].first_child; c >= 0; c = d->nodes[c].next_sibling)
        n += !d->nodes[c].replaced && draft_node_reviewed(&d->nodes[c]);
    return n;
}

/* A placeholder ("custom" rule) is replaced once its parent has at least
 * one live custom child; re-flag the placeholders under parent p. */
static void custom_reflag(struct draft *d, int p)
{
    bool any = false;
    for (int c = d->nodes[p].first_child; c >= 0; c = d->nodes[c].next_sibling)
        any |= d->nodes[c].custom;
    for (int c = d->nodes[p].first_child; c >= 0; c = d->nodes[c].next_sibling) {
        struct dnode *cn = &d->nodes[c];
        if (cn->fn->rule && cn->fn->rule->custom && cn->replaced != any) {
            cn->replaced = any;
            draft_leaf_refresh(d, c);
        }
    }
}

/* Last number of an id ("3.3.12" -> 12). */
static long id_last(const char *id)
{
    const char *dot = strrchr(id, '.');
    return strtol(dot ? dot + 1 : id, NULL, 10);
}

/* Link child idx under parent in the order of the ids' last numbers, so a
 * restored indicator returns to its place. */
static void custom_link(struct draft *d, int parent, int idx)
{
    long key = id_last(d->nodes[idx].fn->id);
    int *link = &d->nodes[parent].first_child;
    while (*link >= 0 && id_last(d->nodes[*link].fn->id) < key)
        link = &d->nodes[*link].next_sibling;
    d->nodes[idx].next_sibling = *link;
    *link = idx;
}

/* After a custom indicator under parent appeared, went or changed: the
 * placeholders, the reviewed count (before: as counted before the change)
 * and the sums. */
static void custom_settle(struct draft *d, int parent, int reviewed_before)
{
    custom_reflag(d, parent);
    d->reviewed += custom_reviewed(d, parent) - reviewed_before;
    draft_branch_resum(d, parent);
}

/* The name (leading blanks skipped), points and description a custom
 * indicator is given by an add or a change: checked, or -1 with why. */
static int custom_fields(const struct edit *e, const char **name, pts_t *points, char *why,
                         size_t n)
{
    const char *nm = e->value ? e->value : "";
    while (*nm == ' ')
        nm++;
    *name = nm;
    *points = 0;
    if (!*nm)
        return draft_refuse(why, n, _("the new indicator needs a name"));
    if (draft_check_text(nm, 1024, why, n) < 0 ||
        draft_check_text(e->desc ? e->desc : "", NOTE_MAX, why, n) < 0)
        return -1;
    const char *w;
    if (!num_parse_pts(e->points ? e->points : "", false, points, &w))
        return draft_refuse(why, n, _("points \"%s\": %s"), e->points ? e->points : "", _(w));
    if (*points == 0)
        return draft_refuse(why, n, _("points must be above 0"));
    return 0;
}

/* live children's points of group p */
static pts_t children_points(const struct draft *d, int p)
{
    pts_t sum = 0;
    for (int c = d->nodes[p].first_child; c >= 0; c = d->nodes[c].next_sibling)
        if (!d->nodes[c].replaced && !d->nodes[c].deleted)
            sum += d->nodes[c].fn->points;
    return sum;
}

int draft_overflow(const struct draft *d)
{
    for (int i = draft_first(d); i >= 0; i = draft_next(d, i)) {
        const struct dnode *nd = &d->nodes[i];
        if (dnode_is_leaf(nd) || draft_node_open(d, i))
            continue;
        bool open_child = false;
        for (int c = nd->first_child; c >= 0 && !open_child; c = d->nodes[c].next_sibling)
            open_child = draft_node_open(d, c);
        if (!open_child && !draft_takes_custom(d, i))
            continue;
        if (children_points(d, i) > nd->fn->points)
            return i;
    }
    return -1;
}

bool draft_takes_custom(const struct draft *d, int parent)
{
    if (parent < 0 || (size_t)parent >= d->n)
        return false;
    for (int c = d->nodes[parent].first_child; c >= 0; c = d->nodes[c].next_sibling) {
        const struct rule *r = d->nodes[c].custom ? NULL : d->nodes[c].fn->rule;
        if (r && r->custom)
            return true;
    }
    return false;
}

/* One indicator cannot be worth more than its whole group; this also
 * keeps every draft sum within the form's bounds. */
static int custom_fits(const struct draft *d, int parent, pts_t points, char *why, size_t n)
{
    /* a group the unit distributes has no points of its own: the group
     * above it bounds it */
    const struct dnode *pn = &d->nodes[draft_points_owner(d, parent)];
    if (points <= pn->fn->points)
        return 0;
    char a[NUM_BUF], b[NUM_BUF];
    return draft_refuse(why, n, _("points %s are more than the %s points of %s %s"),
                        num_format_pts(points, a), num_format_pts(pn->fn->points, b), pn->fn->id,
                        pn->fn->name);
}

/* Put leaf idx (new or brought back) under parent, in id order, and bring
 * the placeholders, the reviewed count and the sums up to date. */
static void custom_attach(struct draft *d, int parent, int idx)
{
    int reviewed = custom_reviewed(d, parent);
    custom_link(d, parent, idx);
    custom_settle(d, parent, reviewed);
}

/* The inverse of a custom change that only needs the id. */
static void inverse_id(struct edit *inv, enum edit_kind kind, const char *id)
{
    if (!inv)
        return;
    memset(inv, 0, sizeof *inv);
    inv->kind = kind;
    inv->id = strdup(id);
}

/* Index of the live custom indicator e->id, or -1 with why (not_custom
 * says why a form indicator is refused, with its name for %s). */
static int find_custom(struct draft *d, const struct edit *e, const char *not_custom, char *why,
                       size_t n)
{
    int i = e->id ? draft_find(d, e->id) : -1;
    if (i < 0)
        return draft_refuse(why, n, _("there is no indicator \"%s\""), e->id ? e->id : "");
    if (!d->nodes[i].custom)
        return draft_refuse(why, n, not_custom, d->nodes[i].fn->name);
    return i;
}

static int custom_check_id(struct draft *d, const char *id, int parent, char *why, size_t n)
{
    const struct dnode *pn = &d->nodes[parent];
    size_t pl = strlen(pn->fn->id);
    if (strncmp(id, pn->fn->id, pl) || id[pl] != '.' || !id[pl + 1])
        return draft_refuse(why, n, _("id \"%s\" is not under %s"), id, pn->fn->id);
    const char *p = id + pl + 1;
    if (*p == '0' || strlen(p) > 6)
        return draft_refuse(why, n, _("id \"%s\" is not of the form 1, 1.2 or 1.2.3"), id);
    for (; *p; p++)
        if (*p < '0' || *p > '9')
            return draft_refuse(why, n, _("id \"%s\" is not of the form 1, 1.2 or 1.2.3"), id);
    if (draft_find(d, id) >= 0)
        return draft_refuse(why, n, _("duplicate id \"%s\""), id);
    return 0;
}

int draft_apply_add_custom(struct draft *d, const struct edit *e, struct edit *inv, char *why,
                            size_t n)
{
    int parent = e->key ? draft_find(d, e->key) : -1;
    if (parent < 0)
        return draft_refuse(why, n, _("there is no indicator \"%s\""), e->key ? e->key : "");
    struct dnode *pn = &d->nodes[parent];
    if (dnode_is_leaf(pn))
        return draft_refuse(why, n, _("indicators can only be added under a group such as %s"),
                      d->nodes[pn->parent >= 0 ? pn->parent : parent].fn->id);
    for (int c = pn->first_child; c >= 0; c = d->nodes[c].next_sibling)
        if (!dnode_is_leaf(&d->nodes[c]))
            return draft_refuse(why, n, _("%s %s holds groups, not indicators; add under one of them"),
                          pn->fn->id, pn->fn->name);
    /* only where the form leaves room: a group with a 'custom' placeholder */
    if (!draft_takes_custom(d, parent))
        return draft_refuse(why, n, _("%s %s takes none of the unit's own indicators (no 'custom' in the form)"),
                            pn->fn->id, pn->fn->name);
    /* a unit adds a handful; a file adding thousands is not a self-assessment */
    int ncustom = 0;
    for (int c = pn->first_child; c >= 0; c = d->nodes[c].next_sibling)
        ncustom += d->nodes[c].custom;
    if (ncustom >= CUSTOM_MAX)
        return draft_refuse(why, n, _("%s %s already has %d of the unit's own indicators, the most a group may have"),
                            pn->fn->id, pn->fn->name, CUSTOM_MAX);
    if (!e->id || custom_check_id(d, e->id, parent, why, n) < 0)
        return e->id ? -1 : draft_refuse(why, n, _("the new indicator has no id"));
    const char *name;
    pts_t points;
    if (custom_fields(e, &name, &points, why, n) < 0 ||
        custom_fits(d, parent, points, why, n) < 0 ||
        draft_check_text(e->note ? e->note : "", NOTE_MAX, why, n) < 0)
        return -1;
    const char *w;
    pts_t score = PTS_NONE;
    if (e->score && *e->score) {
        if (!num_parse_pts(e->score, false, &score, &w))
            return draft_refuse(why, n, _("score \"%s\": %s"), e->score, _(w));
        if (score > points)
            return draft_refuse(why, n, _("the score is above the indicator's points"));
    }
    int idx = draft_node_alloc(d);
    if (idx < 0)
        return draft_refuse(why, n, _("out of memory"));
    pn = &d->nodes[parent];
    struct dnode *nd = &d->nodes[idx];
    nd->custom = true;
    nd->parent = parent;
    nd->first_child = nd->next_sibling = -1;
    struct custom_fn *cf = calloc(1, sizeof *cf);
    if (cf) {
        cf->id = strdup(e->id);
        cf->name = strdup(name);
        cf->description = strdup(e->desc ? e->desc : "");
        cf->fn = (struct form_node){
            .id = cf->id, .name = cf->name, .description = cf->description, .criteria = "",
            .level = pn->fn->level + 1, .points = points,
            .parent = -1, .first_child = -1, .next_sibling = -1,
        };
        nd->own_fn = cf;
    }
    if (!cf || !cf->id || !cf->name || !cf->description ||
        idmap_put(d->ids, cf->id, idx) < 0) {
        draft_custom_fn_free(cf);
        d->n--;
        return draft_refuse(why, n, _("out of memory"));
    }
    draft_node_init_state(nd);
    if (e->note && *e->note) {
        /* texts stay "" (a literal, see draft.c) when the copy fails */
        char *note = strdup(e->note);
        if (note)
            nd->note = note;
    }
    nd->entered = score;
    draft_leaf_refresh(d, idx);
    custom_attach(d, parent, idx);
    inverse_id(inv, EDIT_DEL_CUSTOM, e->id);
    return 0;
}

int draft_apply_del_custom(struct draft *d, const struct edit *e, struct edit *inv, char *why,
                            size_t n)
{
    int i = find_custom(d, e, _("%s belongs to the form; only the unit's own indicators can be removed"),
                        why, n);
    if (i < 0)
        return -1;
    struct dnode *nd = &d->nodes[i];
    /* the node stays in the draft, marked deleted, so undo brings back
     * everything it held: scores, notes, review, evidence */
    inverse_id(inv, EDIT_RESTORE_CUSTOM, nd->fn->id);
    int parent = nd->parent;
    int reviewed = custom_reviewed(d, parent);
    int *link = &d->nodes[parent].first_child;
    while (*link != i)
        link = &d->nodes[*link].next_sibling;
    *link = nd->next_sibling;
    nd->next_sibling = -1;
    nd->deleted = true;
    idmap_del(d->ids, nd->fn->id);
    custom_settle(d, parent, reviewed);
    return 0;
}

int draft_apply_restore_custom(struct draft *d, const struct edit *e, struct edit *inv,
                               char *why, size_t n)
{
    if (!e->id || draft_find(d, e->id) >= 0)
        return draft_refuse(why, n, _("duplicate id \"%s\""), e->id ? e->id : "");
    int i = (int)d->n;
    while (i-- > 0 && !(d->nodes[i].deleted && !strcmp(d->nodes[i].fn->id, e->id)))
        ;
    if (i < 0)
        return draft_refuse(why, n, _("there is no removed indicator \"%s\" to bring back"),
                            e->id);
    struct dnode *nd = &d->nodes[i];
    if (idmap_put(d->ids, nd->fn->id, i) < 0)
        return draft_refuse(why, n, _("out of memory"));
    nd->deleted = false;
    custom_attach(d, nd->parent, i);
    inverse_id(inv, EDIT_DEL_CUSTOM, e->id);
    return 0;
}

int draft_apply_custom_set(struct draft *d, const struct edit *e, struct edit *inv, char *why,
                           size_t n)
{
    int i = find_custom(d, e, _("%s belongs to the form; its name and points are the form's"),
                        why, n);
    if (i < 0)
        return -1;
    struct dnode *nd = &d->nodes[i];
    const char *name;
    pts_t points;
    if (custom_fields(e, &name, &points, why, n) < 0 ||
        custom_fits(d, nd->parent, points, why, n) < 0)
        return -1;
    if ((nd->entered != PTS_NONE && nd->entered > points) ||
        (nd->review_score != PTS_NONE && nd->review_score > points))
        return draft_refuse(why, n, _("the score is above the indicator's points"));
    char *nname = strdup(name), *ndesc = e->desc ? strdup(e->desc) : NULL;
    if (!nname || (e->desc && !ndesc)) {
        free(nname);
        free(ndesc);
        return draft_refuse(why, n, _("out of memory"));
    }
    if (inv) {
        char pts[NUM_BUF];
        memset(inv, 0, sizeof *inv);
        inv->kind = EDIT_CUSTOM_SET;
        inv->id = strdup(nd->fn->id);
        inv->value = strdup(nd->fn->name);
        inv->points = strdup(num_format_pts(nd->fn->points, pts));
        inv->desc = strdup(nd->fn->description);
    }
    /* a custom indicator's form node is the draft's own */
    struct custom_fn *cf = nd->own_fn;
    free(cf->name);
    cf->name = nname;
    cf->fn.name = nname;
    if (ndesc) {
        free(cf->description);
        cf->description = ndesc;
        cf->fn.description = ndesc;
    }
    cf->fn.points = points;
    draft_branch_resum(d, nd->parent);
    return 0;
}

char *draft_custom_id(const struct draft *d, int parent)
{
    const struct dnode *pn = &d->nodes[parent];
    size_t pl = strlen(pn->fn->id);
    long max = 0;
    for (int c = pn->first_child; c >= 0; c = d->nodes[c].next_sibling) {
        const char *id = d->nodes[c].fn->id;
        if (!strncmp(id, pn->fn->id, pl) && id[pl] == '.') {
            long v = strtol(id + pl + 1, NULL, 10);
            if (v > max)
                max = v;
        }
    }
    /* ids of removed indicators are not reused: undo may bring them back.
     * Only custom indicators are removed, and they come after the form's
     * nodes, so the form's million rows need not be looked at. */
    for (size_t k = draft_form(d)->n; k < d->n; k++) {
        const struct dnode *x = &d->nodes[k];
        if (x->deleted && x->parent == parent) {
            long v = strtol(x->fn->id + pl + 1, NULL, 10);
            if (v > max)
                max = v;
        }
    }
    char *out = malloc(pl + 24);
    if (out)
        sprintf(out, "%s.%ld", pn->fn->id, max + 1);
    return out;
}
