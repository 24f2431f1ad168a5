/* arena.c - a bump allocator for strings (see arena.h). */
#include "arena.h"

#include <stdlib.h>
#include <string.h>

#define ARENA_BLOCK ((size_t)1 << 20)

struct arena_block {
    struct arena_block *next;
    char data[];
};

char *arena_strndup(struct arena *a, const char *s, size_t n)
{
    if (n + 1 > a->left) {
        /* a string larger than a block gets a block of its own */
        size_t size = n + 1 > ARENA_BLOCK ? n + 1 : ARENA_BLOCK;
        struct arena_block *b = malloc(sizeof *b + size);
        if (!b)
            return NULL;
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

void arena_free(struct arena *a)
{
    for (struct arena_block *b = a->head, *next; b; b = next) {
        next = b->next;
        free(b);
    }
    *a = (struct arena){0};
}
