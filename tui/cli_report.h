/* cli_report.h - the reporting commands: diff, export, summary. */
#ifndef JIXIAO_CLI_REPORT_H
#define JIXIAO_CLI_REPORT_H

#include "draft.h"
#include "forms.h"

int cli_diff(int argc, char **argv);
int cli_export(int argc, char **argv);
int cli_summary(int argc, char **argv);

/* Load a draft with the form it needs (draftio_form_for), printing the
 * diagnostics. On success returns the draft and its form in *f (free
 * both). On failure returns NULL and the exit status in *rc: EXIT_PROBLEMS
 * when the file was read but is not a valid draft, EXIT_UNREADABLE when it
 * cannot be read. */
struct draft *cli_report_load(const char *path, const char *form_path, struct form **f,
                              int *rc);
/* The same with a form already loaded (and checked against the draft's
 * header): the draft only. */
struct draft *cli_report_load_draft(const char *path, const struct form *f, int *rc);
/* A result (score, export, summary) is not printed from a draft whose
 * unit indicators add up to more than their group: true after saying so
 * (the loader's warning gave FILE:LINE). */
bool cli_refuse_overflow(const char *cmd, const char *path, const struct draft *dr);

#endif
