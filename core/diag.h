/* diag.h - problems found while loading or checking, each with its place.
 *
 * The core never prints. Loaders append diagnostics to a caller-owned list;
 * the caller shows them as "FILE:LINE: message".
 */
#ifndef JIXIAO_DIAG_H
#define JIXIAO_DIAG_H

#include <stddef.h>

/* A notice says how the file was read (e.g. points summed from the
 * sub-indicators): nothing is wrong, check shows it. */
enum diag_level { DIAG_WARNING, DIAG_ERROR, DIAG_NOTICE };

struct diag {
    enum diag_level level;
    char *file;   /* may be NULL */
    long line;    /* 0 when there is no line */
    char *msg;    /* already translated */
};

struct diags {
    struct diag *v;
    size_t n, cap;
    size_t errors;   /* errors found, kept or not */
    size_t dropped;  /* diagnostics past DIAGS_MAX, counted but not kept */
};

/* A file with a million bad rows is reported by its first problems and a
 * count, not by a million messages. */
#define DIAGS_MAX 200

/* Append a diagnostic; msg is printf-style. Never fails visibly: past
 * DIAGS_MAX or when out of memory the message is dropped (and counted in
 * dropped) but errors is still counted. */
void diags_add(struct diags *d, enum diag_level level, const char *file, long line,
               const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* "FILE:LINE: msg", "FILE: msg" or "msg" into buf (truncated safely). */
char *diag_format(const struct diag *d, char *buf, size_t size);

void diags_clear(struct diags *d);   /* free contents, keep the struct usable */

#endif
