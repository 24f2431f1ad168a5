/* form_impl.h - private to form.c and form_key.c. */
#ifndef JIXIAO_FORM_IMPL_H
#define JIXIAO_FORM_IMPL_H

#include <stdint.h>

#include "forms.h"

#include <stdbool.h>
#include "diag.h"

#define FORM_MAX_DEPTH 8

enum fcol { FC_ID, FC_LEVEL, FC_NAME, FC_POINTS, FC_DESC, FC_CRIT, FC_FIGS, FC_RULE, FC_REASONS,
            FC_KIND, FC__N };

/* The state of one form being read (form.c), checked as a tree at the end
 * (form_tree.c). */
struct loader {
    const char *file;
    struct diags *d;
    struct form *f;
    int col[FC__N];        /* field index of each column, -1 absent */
    size_t ncols;
    bool have_header;
    size_t cap;
    int *last_child;       /* per node, for linking in O(1) */
    long *lines;           /* per node, the line it came from */
    int last_top;
    int last_at[FORM_MAX_DEPTH + 1];   /* the last node read at each depth */
    long grades_line;      /* where #grades was, 0 if the default */
    long name_line;
    long shared_line;      /* the #shared row */
    uint64_t hash;         /* of the nodes so far: see hash_node */
    bool texts;            /* keep descriptions and criteria */
    bool notices;          /* FORM_NOTICES */
    bool fatal;
    size_t reasons_cap;
};

/* The tree read: points summed or left to the unit, sums checked, the
 * form's total (form_tree.c). */
void form_check_tree(struct loader *l);

/* "1.2.3": non-empty digit groups without leading zeros. Returns the
 * depth, 0 if the id is not of that form. */
int form_id_depth(const char *id);

/* Table order of two well-formed ids: group by group, numerically, a
 * parent before its children ("1.2" < "1.2.1" < "1.10"). */
int form_id_cmp(const char *a, const char *b);

/* Build f->ids from the nodes read so far (a form out of table order). */
int form_index(struct form *f);

/* Add one node to the running form hash (FNV-1a, docs/forms.md). */
void form_hash_node(uint64_t *h, const struct form_node *n);

/* Parse a #grades value ("优>=90; 良>=80; 中>=60; 差") into f->grades:
 * 0, or -1 with a translated reason in why (form_grades.c). */
int form_parse_grades(struct form *f, const char *text, char *why, size_t whylen);

#endif
