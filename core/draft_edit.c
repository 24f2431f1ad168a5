/* draft_edit.c - every change to a draft: validate, apply, invert. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "draft_impl.h"
#include "i18n.h"
#include "utf8.h"

#define NOTE_MAX (64u << 10)

static int refuse(char *why, size_t n, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int refuse(char *why, size_t n, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    if (why && n)
        vsnprintf(why, n, fmt, ap);
    va_end(ap);
    return -1;
}

static char *dup_or_null(const char *s)
{
    return s ? strdup(s) : NULL;
}

void edit_clear(struct edit *e)
{
    if (!e)
        return;
    free(e->id);
    free(e->key);
    free(e->value);
    free(e->points);
    free(e->desc);
    free(e->score);
    free(e->note);
    memset(e, 0, sizeof *e);
}

int edit_copy(struct edit *dst, const struct edit *src)
{
    memset(dst, 0, sizeof *dst);
    dst->kind = src->kind;
    dst->id = dup_or_null(src->id);
    dst->key = dup_or_null(src->key);
    dst->value = dup_or_null(src->value);
    dst->points = dup_or_null(src->points);
    dst->desc = dup_or_null(src->desc);
    dst->score = dup_or_null(src->score);
    dst->note = dup_or_null(src->note);
    if ((src->id && !dst->id) || (src->key && !dst->key) || (src->value && !dst->value) ||
        (src->points && !dst->points) || (src->desc && !dst->desc) ||
        (src->score && !dst->score) || (src->note && !dst->note)) {
        edit_clear(dst);
        return -1;
    }
    return 0;
}

static void inverse_set(struct edit *inv, enum edit_kind kind, const char *id, const char *key,
                        const char *value)
{
    if (!inv)
        return;
    memset(inv, 0, sizeof *inv);
    inv->kind = kind;
    inv->id = dup_or_null(id);
    inv->key = dup_or_null(key);
    inv->value = dup_or_null(value);
}

static int find_leaf(struct draft *d, const char *id, char *why, size_t n)
{
    int i = id ? draft_find(d, id) : -1;
    if (i < 0)
        return refuse(why, n, _("there is no indicator \"%s\""), id ? id : "");
    if (!dnode_is_leaf(&d->nodes[i]))
        return refuse(why, n, _("%s %s has sub-indicators; its score is their sum"), id,
                      d->nodes[i].name);
    return i;
}

static int apply_score(struct draft *d, const struct edit *e, struct edit *inv, char *why,
                       size_t n)
{
    int i = find_leaf(d, e->id, why, n);
    if (i < 0)
        return -1;
    struct dnode *nd = &d->nodes[i];
    if (draft_node_rule(nd))
        return refuse(why, n, _("%s is scored by its rule: enter its figures and marks"),
                      nd->name);
    if (nd->replaced)
        return refuse(why, n, _("%s is replaced by the unit's own indicators"), nd->name);
    pts_t v = PTS_NONE;
    const char *value = e->value ? e->value : "";
    if (*value) {
        const char *w;
        if (!num_parse_pts(value, true, &v, &w))
            return refuse(why, n, _("score \"%s\": %s"), value, _(w));
        char a[NUM_BUF], b[NUM_BUF];
        if (v < 0)
            return refuse(why, n, _("score %s is negative"), num_format_pts(v, a));
        if (v > nd->points)
            return refuse(why, n, _("score %s is above the %s points of %s"),
                          num_format_pts(v, a), num_format_pts(nd->points, b), nd->name);
    }
    char old[NUM_BUF] = "";
    if (nd->entered != PTS_NONE)
        num_format_pts(nd->entered, old);
    inverse_set(inv, EDIT_SCORE, nd->id, NULL, old);
    nd->entered = v;
    draft_leaf_update(d, i);
    return 0;
}

static int apply_figure(struct draft *d, const struct edit *e, struct edit *inv, char *why,
                        size_t n)
{
    int i = find_leaf(d, e->id, why, n);
    if (i < 0)
        return -1;
    struct dnode *nd = &d->nodes[i];
    const struct form_node *fn = nd->fn;
    size_t k = 0;
    while (fn && k < fn->nfigs && strcmp(fn->figs[k].name, e->key ? e->key : ""))
        k++;
    if (!fn || k == fn->nfigs)
        return refuse(why, n, _("%s has no figure \"%s\""), nd->name, e->key ? e->key : "");
    struct figval v = {0};
    const char *value = e->value ? e->value : "";
    if (*value) {
        char w[256];
        if (rule_parse_figure_value(&fn->figs[k], value, &v.v, w, sizeof w) < 0)
            return refuse(why, n, "%s: %s", fn->figs[k].label, w);
        v.set = true;
    }
    char old[NUM_BUF] = "";
    if (nd->figs[k].set)
        num_format_decimal(nd->figs[k].v, old);
    inverse_set(inv, EDIT_FIGURE, nd->id, fn->figs[k].name, old);
    nd->figs[k] = v;
    draft_leaf_update(d, i);
    return 0;
}

static int apply_mark(struct draft *d, const struct edit *e, struct edit *inv, char *why,
                      size_t n)
{
    int i = find_leaf(d, e->id, why, n);
    if (i < 0)
        return -1;
    struct dnode *nd = &d->nodes[i];
    const struct rule *r = draft_node_rule(nd);
    size_t k = 0;
    while (r && k < r->nparts && strcmp(r->parts[k].label, e->key ? e->key : ""))
        k++;
    if (!r || k == r->nparts)
        return refuse(why, n, _("%s has no item \"%s\""), nd->name, e->key ? e->key : "");
    const struct part *p = &r->parts[k];
    if (p->kind == PART_CALC)
        return refuse(why, n, _("\"%s\" is computed from the figures"), p->label);
    const char *value = e->value ? e->value : "";
    mark_t m = p->kind == PART_CHECK ? MARK_NONE : -1;
    if (*value) {
        char w[256];
        if (rule_parse_mark(p, value, &m, w, sizeof w) < 0)
            return refuse(why, n, "%s: %s", p->label, w);
    }
    char old[256];
    inverse_set(inv, EDIT_MARK, nd->id, p->label,
                rule_format_mark(p, nd->marks[k], old, sizeof old));
    nd->marks[k] = m;
    draft_leaf_update(d, i);
    return 0;
}

static int check_text(const char *s, size_t max, char *why, size_t n)
{
    size_t len = strlen(s);
    if (len > max)
        return refuse(why, n, _("the text is too long (more than %zu bytes)"), max);
    if (!u8_valid(s, len))
        return refuse(why, n, _("the text is not valid UTF-8"));
    return 0;
}

static int apply_note(struct draft *d, const struct edit *e, struct edit *inv, char *why,
                      size_t n)
{
    int i = e->id ? draft_find(d, e->id) : -1;
    if (i < 0)
        return refuse(why, n, _("there is no indicator \"%s\""), e->id ? e->id : "");
    const char *value = e->value ? e->value : "";
    if (check_text(value, NOTE_MAX, why, n) < 0)
        return -1;
    char *v = strdup(value);
    if (!v)
        return refuse(why, n, _("out of memory"));
    struct dnode *nd = &d->nodes[i];
    inverse_set(inv, EDIT_NOTE, nd->id, NULL, nd->note);
    free(nd->note);
    nd->note = v;
    return 0;
}

static int apply_meta(struct draft *d, const struct edit *e, struct edit *inv, char *why,
                      size_t n)
{
    int k = 0;
    while (k < META__COUNT && strcmp(draft_meta_keys[k], e->key ? e->key : ""))
        k++;
    if (k == META__COUNT)
        return refuse(why, n, _("unknown setting \"%s\""), e->key ? e->key : "");
    const char *value = e->value ? e->value : "";
    if (check_text(value, 1024, why, n) < 0)
        return -1;
    if (strchr(value, '\n') || strchr(value, '\r'))
        return refuse(why, n, _("must be one line"));
    if (k == META_YEAR && *value) {
        bool ok = strlen(value) == 4;
        for (const char *p = value; ok && *p; p++)
            ok = *p >= '0' && *p <= '9';
        if (!ok || atoi(value) < 1990 || atoi(value) > 2100)
            return refuse(why, n, _("year \"%s\" is not a year such as 2021"), value);
    }
    char *v = strdup(value);
    if (!v)
        return refuse(why, n, _("out of memory"));
    inverse_set(inv, EDIT_META, NULL, draft_meta_keys[k], d->meta[k]);
    free(d->meta[k]);
    d->meta[k] = v;
    return 0;
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
        if (cn->fn && cn->fn->rule && cn->fn->rule->custom && cn->replaced != any) {
            cn->replaced = any;
            int before = cn->scored;
            (void)before;
            /* re-evaluate without propagating: the parent is re-summed next */
            cn->scored = 0;
            cn->score = PTS_NONE;
            cn->leaves = any ? 0 : 1;
            if (!any) {
                cn->score = cn->entered;
                cn->scored = cn->entered != PTS_NONE;
            }
            free(cn->why);
            cn->why = strdup(any || cn->entered != PTS_NONE ? "" : _("not scored yet"));
        }
    }
}

static int custom_check_id(struct draft *d, const char *id, int parent, char *why, size_t n)
{
    const struct dnode *pn = &d->nodes[parent];
    size_t pl = strlen(pn->id);
    if (strncmp(id, pn->id, pl) || id[pl] != '.' || !id[pl + 1])
        return refuse(why, n, _("id \"%s\" is not under %s"), id, pn->id);
    const char *p = id + pl + 1;
    if (*p == '0' || strlen(p) > 6)
        return refuse(why, n, _("id \"%s\" is not of the form 1, 1.2 or 1.2.3"), id);
    for (; *p; p++)
        if (*p < '0' || *p > '9')
            return refuse(why, n, _("id \"%s\" is not of the form 1, 1.2 or 1.2.3"), id);
    if (draft_find(d, id) >= 0)
        return refuse(why, n, _("duplicate id \"%s\""), id);
    return 0;
}

static int apply_add_custom(struct draft *d, const struct edit *e, struct edit *inv, char *why,
                            size_t n)
{
    int parent = e->key ? draft_find(d, e->key) : -1;
    if (parent < 0)
        return refuse(why, n, _("there is no indicator \"%s\""), e->key ? e->key : "");
    struct dnode *pn = &d->nodes[parent];
    if (dnode_is_leaf(pn))
        return refuse(why, n, _("indicators can only be added under a group such as %s"),
                      d->nodes[pn->parent >= 0 ? pn->parent : parent].id);
    for (int c = pn->first_child; c >= 0; c = d->nodes[c].next_sibling)
        if (!dnode_is_leaf(&d->nodes[c]))
            return refuse(why, n, _("%s %s holds groups, not indicators; add under one of them"),
                          pn->id, pn->name);
    if (!e->id || custom_check_id(d, e->id, parent, why, n) < 0)
        return e->id ? -1 : refuse(why, n, _("the new indicator has no id"));
    const char *name = e->value ? e->value : "";
    while (*name == ' ')
        name++;
    if (!*name)
        return refuse(why, n, _("the new indicator needs a name"));
    if (check_text(name, 1024, why, n) < 0 || check_text(e->desc ? e->desc : "", NOTE_MAX, why, n) < 0)
        return -1;
    pts_t points;
    const char *w;
    if (!num_parse_pts(e->points ? e->points : "", false, &points, &w))
        return refuse(why, n, _("points \"%s\": %s"), e->points ? e->points : "", _(w));
    if (points == 0)
        return refuse(why, n, _("points must be above 0"));
    pts_t score = PTS_NONE;
    if (e->score && *e->score) {
        if (!num_parse_pts(e->score, false, &score, &w))
            return refuse(why, n, _("score \"%s\": %s"), e->score, _(w));
        if (score > points)
            return refuse(why, n, _("the score is above the indicator's points"));
    }
    int idx = draft_node_alloc(d);
    if (idx < 0)
        return refuse(why, n, _("out of memory"));
    pn = &d->nodes[parent];
    struct dnode *nd = &d->nodes[idx];
    nd->custom = true;
    nd->id = strdup(e->id);
    nd->name = strdup(name);
    nd->description = strdup(e->desc ? e->desc : "");
    nd->level = pn->level + 1;
    nd->points = points;
    nd->parent = parent;
    nd->first_child = nd->next_sibling = -1;
    if (!nd->id || !nd->name || !nd->description || draft_node_init_state(nd) < 0 ||
        idmap_put(d->ids, nd->id, idx) < 0) {
        free((char *)nd->id);
        free((char *)nd->name);
        free((char *)nd->description);
        free(nd->note);
        free(nd->why);
        d->n--;
        return refuse(why, n, _("out of memory"));
    }
    if (e->note && *e->note) {
        free(nd->note);
        nd->note = strdup(e->note);
        if (!nd->note)
            nd->note = strdup("");
    }
    nd->entered = score;
    nd->score = score;
    nd->scored = score != PTS_NONE;
    nd->leaves = 1;
    free(nd->why);
    nd->why = strdup(score == PTS_NONE ? _("not scored yet") : "");
    /* link as the last child */
    int *link = &pn->first_child;
    while (*link >= 0)
        link = &d->nodes[*link].next_sibling;
    *link = idx;
    custom_reflag(d, parent);
    draft_branch_resum(d, parent);
    if (inv) {
        memset(inv, 0, sizeof *inv);
        inv->kind = EDIT_DEL_CUSTOM;
        inv->id = strdup(e->id);
    }
    return 0;
}

static int apply_del_custom(struct draft *d, const struct edit *e, struct edit *inv, char *why,
                            size_t n)
{
    int i = e->id ? draft_find(d, e->id) : -1;
    if (i < 0)
        return refuse(why, n, _("there is no indicator \"%s\""), e->id ? e->id : "");
    struct dnode *nd = &d->nodes[i];
    if (!nd->custom)
        return refuse(why, n, _("%s belongs to the form; only the unit's own indicators can be removed"),
                      nd->name);
    if (inv) {
        char pts[NUM_BUF], sc[NUM_BUF] = "";
        if (nd->entered != PTS_NONE)
            num_format_pts(nd->entered, sc);
        memset(inv, 0, sizeof *inv);
        inv->kind = EDIT_ADD_CUSTOM;
        inv->id = strdup(nd->id);
        inv->key = strdup(d->nodes[nd->parent].id);
        inv->value = strdup(nd->name);
        inv->points = strdup(num_format_pts(nd->points, pts));
        inv->desc = strdup(nd->description);
        inv->score = strdup(sc);
        inv->note = strdup(nd->note);
    }
    int parent = nd->parent;
    int *link = &d->nodes[parent].first_child;
    while (*link != i)
        link = &d->nodes[*link].next_sibling;
    *link = nd->next_sibling;
    nd->next_sibling = -1;
    nd->deleted = true;
    idmap_del(d->ids, nd->id);
    custom_reflag(d, parent);
    draft_branch_resum(d, parent);
    return 0;
}

char *draft_custom_id(const struct draft *d, int parent)
{
    const struct dnode *pn = &d->nodes[parent];
    size_t pl = strlen(pn->id);
    long max = 0;
    for (int c = pn->first_child; c >= 0; c = d->nodes[c].next_sibling) {
        const char *id = d->nodes[c].id;
        if (!strncmp(id, pn->id, pl) && id[pl] == '.') {
            long v = strtol(id + pl + 1, NULL, 10);
            if (v > max)
                max = v;
        }
    }
    /* ids of removed indicators are not reused: undo may bring them back */
    for (size_t k = 0; k < d->n; k++) {
        const struct dnode *x = &d->nodes[k];
        if (x->deleted && x->parent == parent) {
            long v = strtol(x->id + pl + 1, NULL, 10);
            if (v > max)
                max = v;
        }
    }
    char *out = malloc(pl + 24);
    if (out)
        sprintf(out, "%s.%ld", pn->id, max + 1);
    return out;
}

int draft_apply(struct draft *d, const struct edit *e, struct edit *inv, char *why, size_t n)
{
    if (inv)
        memset(inv, 0, sizeof *inv);
    switch (e->kind) {
    case EDIT_SCORE: return apply_score(d, e, inv, why, n);
    case EDIT_FIGURE: return apply_figure(d, e, inv, why, n);
    case EDIT_MARK: return apply_mark(d, e, inv, why, n);
    case EDIT_NOTE: return apply_note(d, e, inv, why, n);
    case EDIT_META: return apply_meta(d, e, inv, why, n);
    case EDIT_ADD_CUSTOM: return apply_add_custom(d, e, inv, why, n);
    case EDIT_DEL_CUSTOM: return apply_del_custom(d, e, inv, why, n);
    }
    return refuse(why, n, _("unknown change"));
}

static int apply_simple(struct draft *d, enum edit_kind kind, const char *id, const char *key,
                        const char *text, char *why, size_t n)
{
    struct edit e = {.kind = kind, .id = (char *)id, .key = (char *)key, .value = (char *)text};
    return draft_apply(d, &e, NULL, why, n);
}

int draft_set_score(struct draft *d, const char *id, const char *text, char *why, size_t n)
{
    return apply_simple(d, EDIT_SCORE, id, NULL, text, why, n);
}

int draft_set_figure(struct draft *d, const char *id, const char *fig, const char *text,
                     char *why, size_t n)
{
    return apply_simple(d, EDIT_FIGURE, id, fig, text, why, n);
}

int draft_set_mark(struct draft *d, const char *id, const char *part, const char *text,
                   char *why, size_t n)
{
    return apply_simple(d, EDIT_MARK, id, part, text, why, n);
}

int draft_set_note(struct draft *d, const char *id, const char *text, char *why, size_t n)
{
    return apply_simple(d, EDIT_NOTE, id, NULL, text, why, n);
}

int draft_set_meta(struct draft *d, enum draft_meta k, const char *text, char *why, size_t n)
{
    return apply_simple(d, EDIT_META, NULL, draft_meta_keys[k], text, why, n);
}
