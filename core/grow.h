/* grow.h - the one growth helper for every dynamic array and buffer.
 *
 * An array is a pointer, a count of elements in use and a capacity in
 * elements. grow_array makes room for n more elements after count: when
 * count + n exceeds the capacity it reallocates geometrically (at least
 * doubling). It never aborts: on failure it returns NULL and leaves the
 * array and *cap as they were (still owned by the caller), so each caller
 * keeps its own out-of-memory handling. count + n and the byte size are
 * checked against SIZE_MAX; an overflow fails like an allocation. */
#ifndef JIXIAO_GROW_H
#define JIXIAO_GROW_H

#include <stddef.h>

#include "compiler.h"

/* Room for n more elements of size bytes after count in v (capacity *cap).
 * Returns the array, possibly moved (store it back), with *cap updated; or
 * NULL (errno ENOMEM) on overflow or out of memory, v and *cap untouched.
 * Never returns NULL on success, even for v == NULL and count + n == 0. */
void *grow_array(void *v, size_t *cap, size_t count, size_t n, size_t size)
    JX_WARN_UNUSED JX_NONNULL(2);

/* The same, but growing by an eighth (plus 64 elements) instead of
 * doubling: for the few arrays that reach millions of elements, where
 * doubling the largest one would waste memory. */
void *grow_array_slow(void *v, size_t *cap, size_t count, size_t n, size_t size)
    JX_WARN_UNUSED JX_NONNULL(2);

#endif
