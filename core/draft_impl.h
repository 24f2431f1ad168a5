/* draft_impl.h - private to draft*.c: the draft's insides. */
#ifndef JIXIAO_DRAFT_IMPL_H
#define JIXIAO_DRAFT_IMPL_H

#include "draft.h"
#include "idmap.h"

struct draft {
    const struct form *f;
    struct dnode *nodes;
    size_t n, cap;
    struct idmap *ids;
    char *meta[META__COUNT];
    pts_t total;
    int leaves, scored;
};

extern const char *const draft_meta_keys[META__COUNT];

/* The rule of a leaf when it has parts, else NULL (scored directly). */
const struct rule *draft_node_rule(const struct dnode *nd);
/* Re-evaluate leaf i and push the change in score up the tree. */
void draft_leaf_update(struct draft *d, int i);
/* Re-sum branch i from its children, then its ancestors and the totals. */
void draft_branch_resum(struct draft *d, int i);
/* Append a zeroed node; returns its index or -1. */
int draft_node_alloc(struct draft *d);
/* Give a new node its empty entered state. */
int draft_node_init_state(struct dnode *nd);

#endif
