/* arena.h - a bump allocator for strings that live as long as their owner.
 *
 * A form holds a million ids, names, descriptions and criteria; one malloc
 * each scatters them over the heap, and every walk over the table then
 * misses the cache once per string. An arena lays them out in file order,
 * in blocks that grow to 16 MB, and frees them all at once.
 */
#ifndef JIXIAO_ARENA_H
#define JIXIAO_ARENA_H

#include <stdbool.h>
#include <stddef.h>
#include "compiler.h"

struct arena_block;

struct arena {
    struct arena_block *head;   /* newest block first */
    char *p;                    /* free space in the head block */
    size_t left;
};

/* A NUL-terminated copy of the n bytes at s; NULL when out of memory. */
char *arena_strndup(struct arena *a, const char *s, size_t n) JX_WARN_UNUSED JX_NONNULL(1, 2);

/* Whether p points into one of the arena's blocks. */
bool arena_owns(const struct arena *a, const void *p);

/* Free every block; the arena is then empty and may be used again. */
void arena_free(struct arena *a);

#endif
