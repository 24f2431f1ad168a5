/* say.h - what the command line and the editor write to a terminal
 * outside curses: text from a file is shown, never obeyed. */
#ifndef JIXIAO_SAY_H
#define JIXIAO_SAY_H

#include <stddef.h>
#include <stdio.h>

#include "diag.h"

/* Print diagnostics to stderr, "FILE:LINE: message" (warnings marked). */
void say_diags(const struct diags *d);

/* Write s (len bytes) to f with every character a terminal would act on
 * (controls, bidi overrides, invalid bytes) as U+FFFD: a file name or a
 * message quoting a file is never a terminal command. */
void say_safe(FILE *f, const char *s, size_t len);
/* The same for text of several lines: its line ends (LF, CRLF) are kept. */
void say_lines(FILE *f, const char *s, size_t len);
/* A printf-style line to stderr through say_safe; the newline is added. */
void say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
