/* diag.c - the caller-owned list of problems with their places. */
#include "diag.h"
#include "grow.h"
#include "utf8.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void diags_add(struct diags *d, enum diag_level level, const char *file, long line,
               const char *fmt, ...)
{
    if (level == DIAG_ERROR)
        d->errors++;
    if (d->n >= DIAGS_MAX) {
        d->dropped++;
        return;
    }
    struct diag *v = grow_array(d->v, &d->cap, d->n, 1, sizeof *v);
    if (!v)
        return;
    d->v = v;
    va_list ap;
    va_start(ap, fmt);
    int len = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *msg = len >= 0 ? malloc((size_t)len + 1) : NULL;
    if (!msg)
        return;
    va_start(ap, fmt);
    vsnprintf(msg, (size_t)len + 1, fmt, ap);
    va_end(ap);
    struct diag *x = &d->v[d->n++];
    x->level = level;
    x->file = file ? strdup(file) : NULL;
    x->line = line;
    x->msg = msg;
}

char *diag_format(const struct diag *d, char *buf, size_t size)
{
    if (d->file && d->line > 0)
        u8_snprintf(buf, size, "%s:%ld: %s", d->file, d->line, d->msg);
    else if (d->file)
        u8_snprintf(buf, size, "%s: %s", d->file, d->msg);
    else
        u8_snprintf(buf, size, "%s", d->msg);
    return buf;
}

void diags_clear(struct diags *d)
{
    for (size_t i = 0; i < d->n; i++) {
        free(d->v[i].file);
        free(d->v[i].msg);
    }
    free(d->v);
    d->v = NULL;
    d->n = d->cap = d->errors = d->dropped = 0;
}
