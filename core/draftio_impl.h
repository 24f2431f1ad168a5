/* draftio_impl.h - private to draftio_read.c and draftio_peek.c. */
#ifndef JIXIAO_DRAFTIO_IMPL_H
#define JIXIAO_DRAFTIO_IMPL_H

#include "csvio.h"
#include "draftio.h"

/* Bytes: a larger draft is refused. */
#define DRAFT_MAX ((size_t)2 << 30)

/* Set the "name=value; name=value" pairs of one cell of row id (figures,
 * else marks): each through draft_set_figure/draft_set_mark, a refusal or
 * a name given twice an error at file:line. Full-width ；＝ count too. */
void draftio_pairs(struct draft *draft, struct diags *d, const char *file, long line,
                   const char *id, const char *text, bool figures);

/* Read a draft from src against f; with peek set, only its header rows
 * into *peek (f may then be NULL, and the result is (struct draft *)1 on
 * success). NULL on errors, all of them in d. */
struct draft *draftio_read(const struct csvio_src *src, const struct form *f,
                           struct draft_header *peek, struct diags *d);

#endif
