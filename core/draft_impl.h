/* draft_impl.h - private to draft*.c: the draft's insides. */
#ifndef JIXIAO_DRAFT_IMPL_H
#define JIXIAO_DRAFT_IMPL_H

#include "draft.h"
#include "arena.h"
#include "idmap.h"

struct draft {
    const struct form *f;
    struct dnode *nodes;
    size_t n, cap;
    struct idmap *ids;   /* the unit's own indicators only: form ids are
                          * looked up in the form (same indices) */
    int hint;            /* the last node found: a loader asks for the
                          * same id several times, then for the next one */
    char *meta[META__COUNT];
    struct figval *figs;   /* the blocks the form leaves' figures and marks */
    mark_t *marks;         /* point into (see entries_alloc), or NULL */
    pts_t total, review_total;
    int leaves, scored, reviewed;
    bool defer;    /* loading: leaves are evaluated by draft_leaf_settle */
    char **reasons;      /* override reasons per form node, NULL until the first */
    int noverrides;
    struct arena loaded;   /* texts set while loading (defer): freed with the draft */
    struct form_node *open_fn;   /* the draft's copies of the form's open nodes, whose
                                  * points are what the unit distributes (draft_project.c) */
    size_t nopen;
    int nna;               /* leaves marked 不适用 at some time: 0 spares the scan */
};

extern const char *const draft_meta_keys[META__COUNT];

/* A leaf the reviewer has looked at: a review score or a verdict (a
 * verdict alone, 通过 with the self-assessed score kept, counts). */
static inline bool draft_node_reviewed(const struct dnode *nd)
{
    return nd->review_score != PTS_NONE || nd->review_status != REVIEW_NONE;
}

/* draft_new, or with evaluate false a draft whose leaves are not evaluated
 * yet (all unscored): a loader then settles every leaf, read or not. */
struct draft *draft_create(const struct form *f, bool evaluate);
/* The rule of a leaf when it has parts, else NULL (scored directly). */
const struct rule *draft_node_rule(const struct dnode *nd);
/* Re-evaluate leaf i and push the change in score up the tree. */
void draft_leaf_update(struct draft *d, int i);
/* Evaluate leaf i now and push its change up, even while d->defer is set
 * (a loader sets all of a row's cells, then settles the row once). */
void draft_leaf_settle(struct draft *d, int i);
/* Re-evaluate leaf i in place without touching its ancestors (the caller
 * re-sums them with draft_branch_resum). */
void draft_leaf_refresh(struct draft *d, int i);
/* Re-sum branch i from its children, then its ancestors and the totals. */
void draft_branch_resum(struct draft *d, int i);
/* Recompute the draft totals from the first-level nodes. */
void draft_sum_top(struct draft *d);
/* Append a zeroed node; returns its index or -1. */
int draft_node_alloc(struct draft *d);
/* Give a new node its empty entered state. */
void draft_node_init_state(struct dnode *nd);
/* A custom indicator's own form node: fn first (dnode.fn reads it through
 * the union), then the texts fn points at, owned and changed here. */
struct custom_fn {
    struct form_node fn;
    char *id, *name, *description;
    char *target, *actual;   /* 年度指标值, 实际完成值: NULL when none */
};

/* Free a custom indicator's own form node and its texts (NULL is fine). */
void draft_custom_fn_free(struct custom_fn *cf);

/* A text field's copy, NULL when out of memory. "" is a literal, never
 * allocated; while loading (d->defer), texts go into d->loaded (a third
 * of a million notes in a large draft: no malloc and no free each). */
char *draft_text_dup(struct draft *d, const char *s);
/* Free a text field's value, unless it is "" or in d->loaded. */
void draft_text_free(struct draft *d, char *s);

/* Longest note, comment or evidence list, in bytes. */
#define NOTE_MAX (64u << 10)

/* Write a refusal reason (printf-style) and return -1. */
int draft_refuse(char *why, size_t n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* -1 with a reason when s is longer than max bytes or not UTF-8. */
int draft_check_text(const char *s, size_t max, char *why, size_t n);

/* Copy leaf i's figure k to every other form leaf with a figure of that
 * name (a #shared figure) and re-evaluate them. */
void draft_share_figure(struct draft *d, int i, size_t k);

/* ---- draft_project.c ---- */
/* Point open nodes at the draft's own copies (draft_create). 0 or -1. */
int draft_open_init(struct draft *d);
/* Branch i's points changed by delta when it is open: its copy follows
 * and so does every open ancestor, and the first fixed one's sum. */
void draft_open_follow(struct draft *d, int i);
/* Leaf nd scored by its target (a unit's own indicator with one): true
 * when it was, with score, status and why set. */
bool draft_target_eval(struct draft *d, struct dnode *nd);
/* The group whose points bound the unit's indicators under parent: the
 * parent, or its nearest ancestor that is not open. */
int draft_points_owner(const struct draft *d, int parent);
int draft_apply_target(struct draft *d, const struct edit *e, struct edit *inv, char *why,
                       size_t n);
int draft_apply_na(struct draft *d, const struct edit *e, struct edit *inv, char *why, size_t n);
/* sum rescaled to the form's points when some indicators do not apply
 * (按百分制折算), else sum. */
pts_t draft_rescaled(const struct draft *d, pts_t sum);
/* Set why's text (kept when the same). */
void draft_set_why(struct draft *d, struct dnode *nd, const char *why);

int draft_apply_add_custom(struct draft *d, const struct edit *e, struct edit *inv, char *why,
                           size_t n);
int draft_apply_del_custom(struct draft *d, const struct edit *e, struct edit *inv, char *why,
                           size_t n);
int draft_apply_restore_custom(struct draft *d, const struct edit *e, struct edit *inv,
                               char *why, size_t n);
int draft_apply_custom_set(struct draft *d, const struct edit *e, struct edit *inv, char *why,
                           size_t n);

#endif
