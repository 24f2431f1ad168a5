/* cli.h - the non-interactive commands: score, check, new. */
#ifndef JIXIAO_CLI_H
#define JIXIAO_CLI_H

#include <stdio.h>

#include "diag.h"
#include "draft.h"
#include "forms.h"
#include "say.h"

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

/* Print the filled table, level by level, and the total as the last line.
 * Returns 0, or -1 when out of memory (the table is then incomplete). */
int cli_print_table(const struct draft *d, FILE *out) JX_WARN_UNUSED;

#endif
