/* idmap.h - string -> index hash map (open addressing), so no id lookup
 * ever scans a list. Keys are borrowed: they must outlive the map. */
#ifndef JIXIAO_IDMAP_H
#define JIXIAO_IDMAP_H

#include <stddef.h>
#include "compiler.h"

struct idmap;

struct idmap *idmap_new(size_t expected) JX_WARN_UNUSED;
void idmap_free(struct idmap *m);
/* Returns the index stored for key, or -1. */
int idmap_get(const struct idmap *m, const char *key);
/* Insert or replace; returns 0, or -1 when out of memory. */
int idmap_put(struct idmap *m, const char *key, int value) JX_WARN_UNUSED JX_NONNULL(1, 2);
/* Remove key if present. */
void idmap_del(struct idmap *m, const char *key);

#endif
