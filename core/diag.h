/* diag.h - problems found while loading or checking, each with its place.
 *
 * The core never prints. Loaders append diagnostics to a caller-owned list;
 * the caller shows them as "FILE:LINE: message".
 */
#ifndef JIXIAO_DIAG_H
#define JIXIAO_DIAG_H

#include <stddef.h>

enum diag_level { DIAG_WARNING, DIAG_ERROR };

struct diag {
    enum diag_level level;
    char *file;   /* may be NULL */
    long line;    /* 0 when there is no line */
    char *msg;    /* already translated */
};

struct diags {
    struct diag *v;
    size_t n, cap;
    size_t errors;   /* how many of v are DIAG_ERROR */
};

/* Append a diagnostic; msg is printf-style. Never fails visibly: when out
 * of memory the message is dropped but errors is still counted. */
void diags_add(struct diags *d, enum diag_level level, const char *file, long line,
               const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* "FILE:LINE: msg", "FILE: msg" or "msg" into buf (truncated safely). */
char *diag_format(const struct diag *d, char *buf, size_t size);

void diags_clear(struct diags *d);   /* free contents, keep the struct usable */

#endif
