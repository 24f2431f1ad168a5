/* draft_edit.c - every change to a draft: validate, apply, invert. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "draft_impl.h"
#include "i18n.h"
#include "utf8.h"


int draft_refuse(char *why, size_t n, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    if (why && n)
        u8_vsnprintf(why, n, fmt, ap);
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
        return draft_refuse(why, n, _("there is no indicator \"%s\""), id ? id : "");
    if (!dnode_is_leaf(&d->nodes[i]))
        return draft_refuse(why, n, _("%s %s has sub-indicators; its score is their sum"), id,
                      d->nodes[i].fn->name);
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
        return draft_refuse(why, n, _("%s is scored by its rule: enter its figures and marks"),
                      nd->fn->name);
    if (nd->replaced)
        return draft_refuse(why, n, _("%s is replaced by the unit's own indicators"), nd->fn->name);
    const char *value = e->value ? e->value : "";
    if (*value && draft_target_scores(d, i))
        return draft_refuse(why, n, _("%s is scored by its 年度指标值 and 实际完成值: change those"),
                            nd->fn->name);
    pts_t v = PTS_NONE;
    if (*value) {
        const char *w;
        if (!num_parse_pts(value, true, &v, &w))
            return draft_refuse(why, n, _("score \"%s\": %s"), value, _(w));
        char a[NUM_BUF], b[NUM_BUF];
        if (v < 0)
            return draft_refuse(why, n, _("score %s is negative"), num_format_pts(v, a));
        if (v > nd->fn->points)
            return draft_refuse(why, n, _("score %s is above the %s points of %s"),
                          num_format_pts(v, a), num_format_pts(nd->fn->points, b), nd->fn->name);
    }
    char old[NUM_BUF] = "";
    if (inv && nd->entered != PTS_NONE)
        num_format_pts(nd->entered, old);
    inverse_set(inv, EDIT_SCORE, nd->fn->id, NULL, old);
    nd->entered = v;
    draft_leaf_update(d, i);
    return 0;
}

/* A score typed over the leaf's formula, with its reason; "" clears. */
static int apply_override(struct draft *d, const struct edit *e, struct edit *inv, char *why,
                          size_t n)
{
    int i = find_leaf(d, e->id, why, n);
    if (i < 0)
        return -1;
    struct dnode *nd = &d->nodes[i];
    if (nd->replaced)
        return draft_refuse(why, n, _("%s is replaced by the unit's own indicators"), nd->fn->name);
    if (!draft_node_rule(nd) || (size_t)i >= d->f->n)
        return draft_refuse(why, n, _("%s has no formula to override: type its score"),
                            nd->fn->name);
    const char *value = e->value ? e->value : "", *reason = e->note ? e->note : "";
    pts_t v = PTS_NONE;
    if (*value) {
        const char *w;
        if (!num_parse_pts(value, true, &v, &w))
            return draft_refuse(why, n, _("score \"%s\": %s"), value, _(w));
        char a[NUM_BUF], b[NUM_BUF];
        if (v < 0)
            return draft_refuse(why, n, _("score %s is negative"), num_format_pts(v, a));
        if (v > nd->fn->points)
            return draft_refuse(why, n, _("score %s is above the %s points of %s"),
                                num_format_pts(v, a), num_format_pts(nd->fn->points, b),
                                nd->fn->name);
        if (!reason[strspn(reason, " \t\r\n")])
            return draft_refuse(why, n, _("%s: a score typed over the formula needs a reason"),
                                nd->fn->name);
        if (draft_check_text(reason, NOTE_MAX, why, n) < 0)
            return -1;
    }
    if (!d->reasons && v != PTS_NONE && !(d->reasons = calloc(d->f->n, sizeof *d->reasons)))
        return draft_refuse(why, n, _("out of memory"));
    char *text = v != PTS_NONE ? draft_text_dup(d, reason) : NULL;
    if (v != PTS_NONE && !text)
        return draft_refuse(why, n, _("out of memory"));
    char old[NUM_BUF] = "";
    /* an overridden leaf always has its reason: d->reasons was made with
     * the first override (the checks on d->reasons say so to the analyzer) */
    if (inv && nd->overridden && d->reasons) {
        num_format_pts(nd->entered, old);
        inverse_set(inv, EDIT_OVERRIDE, nd->fn->id, NULL, old);
        if (!(inv->note = strdup(d->reasons[i]))) {
            edit_clear(inv);
            if (text)
                draft_text_free(d, text);
            return draft_refuse(why, n, _("out of memory"));
        }
    } else {
        inverse_set(inv, EDIT_OVERRIDE, nd->fn->id, NULL, "");
    }
    if (nd->overridden && d->reasons) {
        draft_text_free(d, d->reasons[i]);
        d->reasons[i] = NULL;
        d->noverrides--;
    }
    nd->overridden = v != PTS_NONE;
    nd->entered = v;
    if (nd->overridden && d->reasons) {
        d->reasons[i] = text;
        d->noverrides++;
    }
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
    while (k < fn->nfigs && strcmp(fn->figs[k].name, e->key ? e->key : ""))
        k++;
    if (k == fn->nfigs)
        return draft_refuse(why, n, _("%s has no figure \"%s\""), nd->fn->name, e->key ? e->key : "");
    struct figval v = {0};
    const char *value = e->value ? e->value : "";
    if (*value) {
        char w[256];
        if (rule_parse_figure_value(&fn->figs[k], value, &v.v, w, sizeof w) < 0)
            return draft_refuse(why, n, "%s: %s", fn->figs[k].label, w);
        v.set = true;
    }
    char old[NUM_BUF] = "";
    if (inv && nd->figs[k].set)
        num_format_decimal(nd->figs[k].v, old);
    inverse_set(inv, EDIT_FIGURE, nd->fn->id, fn->figs[k].name, old);
    nd->figs[k] = v;
    draft_leaf_update(d, i);
    /* a shared figure is one value: every indicator using it follows (a
     * loader makes them agree once the whole file is read) */
    if (d->f->nshared && !d->defer && form_figure_shared(d->f, fn->figs[k].name))
        draft_share_figure(d, i, k);
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
        return draft_refuse(why, n, _("%s has no item \"%s\""), nd->fn->name, e->key ? e->key : "");
    const struct part *p = &r->parts[k];
    if (p->kind == PART_CALC)
        return draft_refuse(why, n, _("\"%s\" is computed from the figures"), p->label);
    const char *value = e->value ? e->value : "";
    mark_t m = p->kind == PART_CHECK ? MARK_NONE : -1;
    if (*value) {
        char w[256];
        if (rule_parse_mark(p, value, &m, w, sizeof w) < 0)
            return draft_refuse(why, n, "%s: %s", p->label, w);
    }
    char old[256];
    if (inv)   /* a loader keeps no undo: the old value is not formatted */
        inverse_set(inv, EDIT_MARK, nd->fn->id, p->label,
                    rule_format_mark(p, nd->marks[k], old, sizeof old));
    nd->marks[k] = m;
    draft_leaf_update(d, i);
    return 0;
}

int draft_check_text(const char *s, size_t max, char *why, size_t n)
{
    size_t len = strlen(s);
    if (len > max)
        return draft_refuse(why, n, _("the text is too long (more than %zu bytes)"), max);
    if (!u8_valid(s, len))
        return draft_refuse(why, n, _("the text is not valid UTF-8"));
    return 0;
}

static int apply_note(struct draft *d, const struct edit *e, struct edit *inv, char *why,
                      size_t n)
{
    int i = e->id ? draft_find(d, e->id) : -1;
    if (i < 0)
        return draft_refuse(why, n, _("there is no indicator \"%s\""), e->id ? e->id : "");
    const char *value = e->value ? e->value : "";
    if (draft_check_text(value, NOTE_MAX, why, n) < 0)
        return -1;
    char *v = draft_text_dup(d, value);
    if (!v)
        return draft_refuse(why, n, _("out of memory"));
    struct dnode *nd = &d->nodes[i];
    inverse_set(inv, EDIT_NOTE, nd->fn->id, NULL, nd->note);
    draft_text_free(d, nd->note);
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
        return draft_refuse(why, n, _("unknown setting \"%s\""), e->key ? e->key : "");
    const char *value = e->value ? e->value : "";
    /* the goal texts are paragraphs; the rest are names */
    bool text = k == META_GOAL || k == META_GOAL_DONE;
    if (draft_check_text(value, text ? NOTE_MAX : 1024, why, n) < 0)
        return -1;
    if (!text && (strchr(value, '\n') || strchr(value, '\r')))
        return draft_refuse(why, n, _("must be one line"));
    if (k == META_YEAR && *value) {
        bool ok = strlen(value) == 4;
        for (const char *p = value; ok && *p; p++)
            ok = *p >= '0' && *p <= '9';
        if (!ok || atoi(value) < 1990 || atoi(value) > 2100)
            return draft_refuse(why, n, _("year \"%s\" is not a year such as 2021"), value);
    }
    char *v = strdup(value);
    if (!v)
        return draft_refuse(why, n, _("out of memory"));
    inverse_set(inv, EDIT_META, NULL, draft_meta_keys[k], d->meta[k]);
    free(d->meta[k]);
    d->meta[k] = v;
    return 0;
}


static int apply_review_score(struct draft *d, const struct edit *e, struct edit *inv,
                              char *why, size_t n)
{
    int i = find_leaf(d, e->id, why, n);
    if (i < 0)
        return -1;
    struct dnode *nd = &d->nodes[i];
    pts_t v = PTS_NONE;
    const char *value = e->value ? e->value : "";
    if (*value) {
        const char *w;
        char a[NUM_BUF], b[NUM_BUF];
        if (!num_parse_pts(value, false, &v, &w))
            return draft_refuse(why, n, _("review score \"%s\": %s"), value, _(w));
        if (v > nd->fn->points)
            return draft_refuse(why, n, _("score %s is above the %s points of %s"),
                          num_format_pts(v, a), num_format_pts(nd->fn->points, b), nd->fn->name);
    }
    char old[NUM_BUF] = "";
    if (nd->review_score != PTS_NONE)
        num_format_pts(nd->review_score, old);
    inverse_set(inv, EDIT_REVIEW_SCORE, nd->fn->id, NULL, old);
    /* the draft's count of reviewed leaves, as draft_custom.c counts it */
    bool was = draft_node_reviewed(nd);
    nd->review_score = v;
    if (!nd->replaced)
        d->reviewed += draft_node_reviewed(nd) - was;
    draft_leaf_update(d, i);
    return 0;
}

static int apply_review_status(struct draft *d, const struct edit *e, struct edit *inv,
                               char *why, size_t n)
{
    int i = e->id ? draft_find(d, e->id) : -1;
    if (i < 0)
        return draft_refuse(why, n, _("there is no indicator \"%s\""), e->id ? e->id : "");
    int st = review_status_parse(e->value ? e->value : "");
    if (st < 0)
        return draft_refuse(why, n, _("review status \"%s\" is not one of 通过, 有疑问, 退回修改"),
                      e->value);
    struct dnode *nd = &d->nodes[i];
    inverse_set(inv, EDIT_REVIEW_STATUS, nd->fn->id, NULL, review_status_name(nd->review_status));
    bool was = draft_node_reviewed(nd);
    nd->review_status = (unsigned char)st;
    if (!nd->replaced && dnode_is_leaf(nd))
        d->reviewed += draft_node_reviewed(nd) - was;
    return 0;
}

/* Replace the string *slot by value after checking it. */
static int set_text(struct draft *d, char **slot, const char *value, size_t max, char *why,
                    size_t n)
{
    if (draft_check_text(value, max, why, n) < 0)
        return -1;
    char *v = draft_text_dup(d, value);
    if (!v)
        return draft_refuse(why, n, _("out of memory"));
    draft_text_free(d, *slot);
    *slot = v;
    return 0;
}

static int apply_review_comment(struct draft *d, const struct edit *e, struct edit *inv,
                                char *why, size_t n)
{
    int i = e->id ? draft_find(d, e->id) : -1;
    if (i < 0)
        return draft_refuse(why, n, _("there is no indicator \"%s\""), e->id ? e->id : "");
    struct dnode *nd = &d->nodes[i];
    char *old = strdup(nd->review_comment);
    if (!old)
        return draft_refuse(why, n, _("out of memory"));
    if (set_text(d, &nd->review_comment, e->value ? e->value : "", NOTE_MAX, why, n) < 0) {
        free(old);
        return -1;
    }
    inverse_set(inv, EDIT_REVIEW_COMMENT, nd->fn->id, NULL, old);
    free(old);
    return 0;
}

/* One evidence line: PATH|PAGE|SHA256 with PAGE and SHA256 optional. */
static int evidence_check_line(const char *line, size_t len, char *why, size_t n)
{
    const char *bar = memchr(line, '|', len);
    size_t plen = bar ? (size_t)(bar - line) : len;
    if (plen == 0)
        return draft_refuse(why, n, _("evidence \"%.*s\" has no file path"), (int)len, line);
    const char *bar2 = bar ? memchr(bar + 1, '|', len - plen - 1) : NULL;
    if (bar2) {
        const char *h = bar2 + 1;
        size_t hl = len - (size_t)(h - line);
        bool ok = hl == 0 || hl == 64;
        for (size_t k = 0; ok && k < hl; k++)
            ok = (h[k] >= '0' && h[k] <= '9') || (h[k] >= 'a' && h[k] <= 'f');
        if (!ok)
            return draft_refuse(why, n, _("evidence \"%.*s\": the SHA-256 must be 64 hex digits"),
                          (int)len, line);
        if (memchr(h, '|', hl))
            return draft_refuse(why, n, _("evidence \"%.*s\" is not PATH|PAGE|SHA256"), (int)len,
                          line);
    }
    return 0;
}

static int apply_evidence(struct draft *d, const struct edit *e, struct edit *inv, char *why,
                          size_t n)
{
    int i = e->id ? draft_find(d, e->id) : -1;
    if (i < 0)
        return draft_refuse(why, n, _("there is no indicator \"%s\""), e->id ? e->id : "");
    /* one line per file; a spreadsheet may have written CRLF in the cell */
    char *value = strdup(e->value ? e->value : "");
    if (!value)
        return draft_refuse(why, n, _("out of memory"));
    char *o = value;
    for (const char *q = value; *q; q++)
        if (!(*q == '\r' && q[1] == '\n'))
            *o++ = *q;
    *o = '\0';
    for (const char *p = value; *p;) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        if (len && evidence_check_line(p, len, why, n) < 0) {
            free(value);
            return -1;
        }
        p += len + (nl != NULL);
    }
    struct dnode *nd = &d->nodes[i];
    char *old = strdup(nd->evidence);
    if (!old || set_text(d, &nd->evidence, value, NOTE_MAX, why, n) < 0) {
        if (!old)
            draft_refuse(why, n, _("out of memory"));
        free(old);
        free(value);
        return -1;
    }
    free(value);
    inverse_set(inv, EDIT_EVIDENCE, nd->fn->id, NULL, old);
    free(old);
    return 0;
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
    case EDIT_ADD_CUSTOM: return draft_apply_add_custom(d, e, inv, why, n);
    case EDIT_DEL_CUSTOM: return draft_apply_del_custom(d, e, inv, why, n);
    case EDIT_REVIEW_SCORE: return apply_review_score(d, e, inv, why, n);
    case EDIT_REVIEW_STATUS: return apply_review_status(d, e, inv, why, n);
    case EDIT_REVIEW_COMMENT: return apply_review_comment(d, e, inv, why, n);
    case EDIT_EVIDENCE: return apply_evidence(d, e, inv, why, n);
    case EDIT_CUSTOM_SET: return draft_apply_custom_set(d, e, inv, why, n);
    case EDIT_RESTORE_CUSTOM: return draft_apply_restore_custom(d, e, inv, why, n);
    case EDIT_OVERRIDE: return apply_override(d, e, inv, why, n);
    case EDIT_TARGET: return draft_apply_target(d, e, inv, why, n);
    case EDIT_NA: return draft_apply_na(d, e, inv, why, n);
    case EDIT__COUNT: break;
    }
    return draft_refuse(why, n, _("unknown change"));
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

int draft_set_override(struct draft *d, const char *id, const char *score, const char *reason,
                       char *why, size_t n)
{
    struct edit e = {.kind = EDIT_OVERRIDE, .id = (char *)id, .value = (char *)score,
                     .note = (char *)reason};
    return draft_apply(d, &e, NULL, why, n);
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
