/* cli_summary.c - jixiao summary: many drafts into one tidy CSV and a ranking. */
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "cli_report.h"
#include "draftio.h"
#include "i18n.h"
#include "summary.h"

/* A file or a pipe gets the bytes; a terminal sees what a file says,
 * never runs it (a unit named with an ESC sequence). */
static int write_all(FILE *f, const struct strbuf *b)
{
    const char *p = b->p ? b->p : "";
    bool ok = true;
    if (isatty(fileno(f)))
        cli_put_lines(f, p, b->n);
    else
        ok = fwrite(p, 1, b->n, f) == b->n;
    if (!ok || fflush(f) != 0) {
        perror("jixiao summary");
        return -1;
    }
    return 0;
}

/* Every file's header, then whether they share one form. */
static int check_headers(char **files, size_t n)
{
    struct draft_header *h = calloc(n, sizeof *h);
    struct diags d = {0};
    if (!h) {
        fprintf(stderr, "jixiao summary: %s\n", _("out of memory"));
        return EXIT_UNREADABLE;
    }
    int rc = EXIT_OK;
    for (size_t i = 0; i < n; i++)
        if (draftio_peek(files[i], &h[i], &d) < 0)
            rc = EXIT_UNREADABLE;
    if (rc == EXIT_OK && summary_check_forms((const char *const *)files, h, n, &d) > 0)
        rc = EXIT_PROBLEMS;
    cli_print_diags(&d);
    diags_clear(&d);
    free(h);
    return rc;
}

static int summarise(struct summary_item *v, size_t n, bool table)
{
    struct diags d = {0};
    summary_warnings(v, n, &d);
    cli_print_diags(&d);
    diags_clear(&d);
    struct summary_rank *r = calloc(n, sizeof *r);
    struct strbuf csv = {0}, tab = {0};
    int rc = EXIT_OK;
    if (!r || (!table && summary_tidy(v, n, &csv) < 0)) {
        rc = EXIT_UNREADABLE;
    } else {
        summary_rank(v, n, r);
        if (summary_table(v, r, n, &tab) < 0)
            rc = EXIT_UNREADABLE;
    }
    if (rc != EXIT_OK)
        fprintf(stderr, "jixiao summary: %s\n", _("out of memory"));
    else if ((!table && write_all(stdout, &csv) < 0) || write_all(table ? stdout : stderr, &tab) < 0)
        rc = EXIT_UNREADABLE;
    strbuf_free(&csv);
    strbuf_free(&tab);
    free(r);
    return rc;
}

int cli_summary(int argc, char **argv)
{
    static const struct option opts[] = {
        {"form", required_argument, NULL, 'f'},
        {"table", no_argument, NULL, 't'},
        {NULL, 0, NULL, 0},
    };
    const char *form = NULL;
    bool table = false;
    optind = 1;
    int c;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'f': form = optarg; break;
        case 't': table = true; break;
        default: return EXIT_UNREADABLE;
        }
    }
    size_t n = (size_t)(argc - optind);
    if (n < 1) {
        fprintf(stderr, _("jixiao summary: give one or more drafts (see jixiao --help)\n"));
        return EXIT_UNREADABLE;
    }
    char **files = argv + optind;
    int rc = check_headers(files, n);
    if (rc != EXIT_OK)
        return rc;
    struct summary_item *v = calloc(n, sizeof *v);
    struct form **forms = calloc(n, sizeof *forms);
    struct draft **drafts = calloc(n, sizeof *drafts);
    if (!v || !forms || !drafts) {
        fprintf(stderr, "jixiao summary: %s\n", _("out of memory"));
        rc = EXIT_UNREADABLE;
    }
    for (size_t i = 0; rc == EXIT_OK && i < n; i++) {
        int lrc;
        drafts[i] = cli_report_load(files[i], form, &forms[i], &lrc);
        if (!drafts[i])
            rc = lrc;
        else
            v[i] = (struct summary_item){files[i], drafts[i]};
    }
    if (rc == EXIT_OK)
        rc = summarise(v, n, table);
    for (size_t i = 0; drafts && i < n; i++) {
        draft_free(drafts[i]);
        form_free(forms ? forms[i] : NULL);
    }
    free(v);
    free(forms);
    free(drafts);
    return rc;
}
