/* strbuf.h - a growable output buffer (NUL-terminated text). */
#ifndef JIXIAO_STRBUF_H
#define JIXIAO_STRBUF_H

#include <stdbool.h>
#include <stddef.h>

#include "compiler.h"

/* Zero-initialise ({0}) to start. p is malloc'd and owned by the buffer
 * until strbuf_free; once p is set it is NUL-terminated after n bytes. */
struct strbuf {
    char *p;
    size_t n, cap;
    bool oom;          /* set once an allocation failed: later puts do nothing */
};

/* Append n bytes of s. On out of memory (or a size past SIZE_MAX) sets
 * b->oom and leaves the buffer as it was; the caller tests b->oom once at
 * the end. */
void strbuf_put(struct strbuf *b, const char *s, size_t n) JX_NONNULL(1);
void strbuf_puts(struct strbuf *b, const char *s) JX_NONNULL(1, 2);
/* Append n bytes of text from a file with every character a terminal
 * would act on (u8_is_unsafe: controls, bidi) written as U+FFFD. Bytes
 * that are not UTF-8 are copied as they are: loaded text is valid. */
void strbuf_put_safe(struct strbuf *b, const char *s, size_t n) JX_NONNULL(1);
/* Free the text and reset b to {0}. */
void strbuf_free(struct strbuf *b) JX_NONNULL(1);

#endif
