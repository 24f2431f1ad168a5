/* strbuf.c - see strbuf.h */
#include "strbuf.h"

#include <stdlib.h>
#include <string.h>

#include "grow.h"
#include "utf8.h"

void strbuf_put(struct strbuf *b, const char *s, size_t n)
{
    if (b->oom)
        return;
    /* b->n + 1 <= cap: the NUL after the text always fits; most puts fit
     * in what is there (the rows of a large table), without a call */
    if (!b->p || b->cap - b->n - 1 < n) {
        char *p = grow_array(b->p, &b->cap, b->n + 1, n, 1);
        if (!p) {
            b->oom = true;
            return;
        }
        b->p = p;
    }
    if (n)
        memcpy(b->p + b->n, s, n);
    b->n += n;
    b->p[b->n] = '\0';
}

void strbuf_puts(struct strbuf *b, const char *s)
{
    strbuf_put(b, s, strlen(s));
}

/* Whether s (n bytes) may hold a character u8_is_unsafe refuses: those
 * are C0, DEL and, in UTF-8, start with C2 (C1), D8 (U+061C) or E2 (the
 * bidi controls). Most text has none of these bytes: copied as it is. */
static bool maybe_unsafe(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20 || c == 0x7F || c == 0xC2 || c == 0xD8 || c == 0xE2)
            return true;
    }
    return false;
}

void strbuf_put_safe(struct strbuf *b, const char *s, size_t n)
{
    if (!maybe_unsafe(s, n)) {
        strbuf_put(b, s, n);
        return;
    }
    size_t start = 0;
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        size_t k = u8_decode(s + i, n - i, &cp);
        if (u8_is_unsafe(cp)) {
            strbuf_put(b, s + start, i - start);
            strbuf_puts(b, "\xEF\xBF\xBD");
            start = i + k;
        }
        i += k;
    }
    strbuf_put(b, s + start, n - start);
}

void strbuf_free(struct strbuf *b)
{
    free(b->p);
    *b = (struct strbuf){0};
}
