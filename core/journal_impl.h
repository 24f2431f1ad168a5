/* journal_impl.h - private to journal.c (writing) and journal_read.c (reading, replay). */
#ifndef JIXIAO_JOURNAL_IMPL_H
#define JIXIAO_JOURNAL_IMPL_H

#include "journal.h"

/* The first line of a journal: the format written, and the old one still read. */
#define JOURNAL_MAGIC "JIXIAO-JOURNAL 2"
#define JOURNAL_MAGIC_V1 "JIXIAO-JOURNAL 1"

/* The name of each edit kind in an "edit" record, indexed by enum
 * edit_kind: written by journal.c, looked up by journal_read.c. */
extern const char *const journal_kind_names[];
/* its length (journal.c asserts that every kind has a name) */
#define NKINDS ((size_t)EDIT__COUNT)

#endif
