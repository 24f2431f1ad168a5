/* arena.c - a bump allocator for strings (see arena.h). */
#include "arena.h"

#include <stdlib.h>
#include <string.h>

#define ARENA_FIRST ((size_t)16 << 10)   /* the standard form needs ~60 KB */
#define ARENA_LAST ((size_t)16 << 20)

struct arena_block {
    struct arena_block *next;
    size_t size;
    char data[];
};

char *arena_strndup(struct arena *a, const char *s, size_t n)
{
    if (n + 1 > a->left) {
        /* each block twice the last, up to 16 MB; a string larger than
         * that gets a block of its own */
        size_t size = a->head ? a->head->size * 2 : ARENA_FIRST;
        if (size > ARENA_LAST)
            size = ARENA_LAST;
        if (size < n + 1)
            size = n + 1;
        struct arena_block *b = malloc(sizeof *b + size);
        if (!b)
            return NULL;
        b->size = size;
        b->next = a->head;
        a->head = b;
        a->p = b->data;
        a->left = size;
    }
    char *out = a->p;
    memcpy(out, s, n);
    out[n] = '\0';
    a->p += n + 1;
    a->left -= n + 1;
    return out;
}

bool arena_owns(const struct arena *a, const void *p)
{
    const char *c = p;
    for (const struct arena_block *b = a->head; b; b = b->next)
        if (c >= b->data && c < b->data + b->size)
            return true;
    return false;
}

void arena_free(struct arena *a)
{
    for (struct arena_block *b = a->head, *next; b; b = next) {
        next = b->next;
        free(b);
    }
    *a = (struct arena){0};
}
