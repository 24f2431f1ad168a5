/* grow.c - see grow.h */
#include "grow.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>

/* A first allocation of at least this many bytes, so that small arrays
 * and buffers do not reallocate for every element at the start. */
enum { GROW_MIN_BYTES = 64 };

static void *grow_by(void *v, size_t *cap, size_t count, size_t n, size_t size, size_t extra)
{
    if (size == 0 || count > SIZE_MAX - n)
        goto overflow;
    size_t need = count + n;
    if (v && need <= *cap)
        return v;
    size_t max = SIZE_MAX / size;
    if (need > max)
        goto overflow;
    size_t c = extra > max || *cap > max - extra ? max : *cap + extra;   /* geometric, capped */
    size_t min = size < GROW_MIN_BYTES ? GROW_MIN_BYTES / size : 1;
    if (c < min)
        c = min;
    if (c < need)
        c = need;
    if (c > max)
        c = max;
    void *p = realloc(v, c * size);
    if (!p)
        return NULL;
    *cap = c;
    return p;
overflow:
    errno = ENOMEM;
    return NULL;
}

void *grow_array(void *v, size_t *cap, size_t count, size_t n, size_t size)
{
    return grow_by(v, cap, count, n, size, *cap);
}

void *grow_array_slow(void *v, size_t *cap, size_t count, size_t n, size_t size)
{
    return grow_by(v, cap, count, n, size, *cap / 8 + 64);
}
