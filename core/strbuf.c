/* strbuf.c - see strbuf.h */
#include "strbuf.h"

#include <stdlib.h>
#include <string.h>

#include "grow.h"

void strbuf_put(struct strbuf *b, const char *s, size_t n)
{
    if (b->oom)
        return;
    /* b->n + 1 <= cap: the NUL after the text always fits */
    char *p = grow_array(b->p, &b->cap, b->n + 1, n, 1);
    if (!p) {
        b->oom = true;
        return;
    }
    b->p = p;
    if (n)
        memcpy(b->p + b->n, s, n);
    b->n += n;
    b->p[b->n] = '\0';
}

void strbuf_puts(struct strbuf *b, const char *s)
{
    strbuf_put(b, s, strlen(s));
}

void strbuf_free(struct strbuf *b)
{
    free(b->p);
    *b = (struct strbuf){0};
}
