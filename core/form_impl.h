/* form_impl.h - private to form.c and form_key.c. */
#ifndef JIXIAO_FORM_IMPL_H
#define JIXIAO_FORM_IMPL_H

#include <stdint.h>

#include "forms.h"

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
