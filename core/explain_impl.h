/* explain_impl.h - private to explain.c (rules in words) and explain_reason.c (drafted reasons). */
#ifndef JIXIAO_EXPLAIN_IMPL_H
#define JIXIAO_EXPLAIN_IMPL_H

#include "num.h"
#include "strbuf.h"

/* Append printf-formatted text (at most 1023 bytes of it) to sb. */
void explain_printf(struct strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The n for ngettext of p points: 1 point, 0.7 points (Chinese has one form). */
unsigned long explain_plural_n(pts_t p);

#endif
