/* cli.h - the non-interactive commands: score, check, new. */
#ifndef JIXIAO_CLI_H
#define JIXIAO_CLI_H

#include <stdio.h>

#include "diag.h"
#include "draft.h"
#include "forms.h"

/* Exit statuses, documented in --help and README. */
enum {
    EXIT_OK = 0,
    EXIT_PROBLEMS = 1,      /* problems found / draft invalid */
    EXIT_UNREADABLE = 2,    /* file unreadable, bad usage */
};

int cli_score(int argc, char **argv);
int cli_check(int argc, char **argv);
int cli_new(int argc, char **argv);
/* jixiao form import (cli_form.c) */
int cli_form(int argc, char **argv);

/* Load the form a draft needs: form_path when given, else the standard
 * form, refusing a draft made with another form; without texts (false)
 * for a command that never shows descriptions or criteria. Returns NULL
 * with diagnostics on failure. */
struct form *cli_form_for_draft(const char *draft_path, const char *form_path, bool texts,
                                struct diags *d);

/* Print diagnostics to stderr, "FILE:LINE: message" (warnings marked). */
void cli_print_diags(const struct diags *d);

/* Write s (len bytes) to f with every character a terminal would act on
 * (controls, bidi overrides, invalid bytes) as U+FFFD: a file name or a
 * message quoting a file is never a terminal command. */
void cli_put_safe(FILE *f, const char *s, size_t len);
/* The same for text of several lines: its line ends (LF, CRLF) are kept. */
void cli_put_lines(FILE *f, const char *s, size_t len);
/* A printf-style line to stderr through cli_put_safe; the newline is
 * added. */
void cli_say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Print the filled table, level by level, and the total as the last line. */
void cli_print_table(const struct draft *d, FILE *out);

#endif
