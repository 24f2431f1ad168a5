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
        say_lines(f, p, b->n);
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
    say_diags(&d);
    diags_clear(&d);
    free(h);
    return rc;
}

/* Warnings, then the tidy CSV (unless table), then the ranking. */
static int summarise(const struct summary_item *v, size_t n, const struct strbuf *csv, bool table)
{
    struct diags d = {0};
    int rc = summary_warnings(v, n, &d) < 0 ? EXIT_UNREADABLE : EXIT_OK;
    say_diags(&d);
    diags_clear(&d);
    struct summary_rank *r = calloc(n, sizeof *r);
    struct strbuf tab = {0};
    if (rc != EXIT_OK || !r || csv->oom) {
        rc = EXIT_UNREADABLE;
    } else {
        summary_rank(v, n, r);
        if (summary_table(v, r, n, &tab) < 0 || summary_units(v, n, &tab) < 0)
            rc = EXIT_UNREADABLE;
    }
    if (rc != EXIT_OK)
        fprintf(stderr, "jixiao summary: %s\n", _("out of memory"));
    else if ((!table && write_all(stdout, csv) < 0) || write_all(table ? stdout : stderr, &tab) < 0)
        rc = EXIT_UNREADABLE;
    strbuf_free(&tab);
    free(r);
    return rc;
}

/* Each draft against the one form they share (check_headers): its tidy
 * rows and what the ranking needs are kept, then it is freed. */
static int load_all(char **files, size_t n, const struct form *f, struct summary_item *v,
                    struct strbuf *csv, bool table)
{
    if (!table)
        summary_tidy_start(csv);
    for (size_t i = 0; i < n; i++) {
        int rc;
        struct draft *dr = cli_report_load_draft(files[i], f, &rc);
        if (!dr)
            return rc;
        if (cli_refuse_overflow("summary", files[i], dr)) {
            draft_free(dr);
            return EXIT_PROBLEMS;
        }
        bool ok = summary_item_set(&v[i], files[i], dr) == 0 &&
                  (table || summary_tidy_add(csv, dr) == 0);
        draft_free(dr);
        if (!ok) {
            fprintf(stderr, "jixiao summary: %s\n", _("out of memory"));
            return EXIT_UNREADABLE;
        }
    }
    return EXIT_OK;
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
    /* one form for all: the headers name the same one (its texts are not shown) */
    struct diags d = {0};
    struct form *f = draftio_form_for(files[0], form, false, &d);
    say_diags(&d);
    diags_clear(&d);
    if (!f)
        return EXIT_UNREADABLE;
    struct summary_item *v = calloc(n, sizeof *v);
    struct strbuf csv = {0};
    if (!v) {
        fprintf(stderr, "jixiao summary: %s\n", _("out of memory"));
        rc = EXIT_UNREADABLE;
    } else {
        rc = load_all(files, n, f, v, &csv, table);
    }
    if (rc == EXIT_OK)
        rc = summarise(v, n, &csv, table);
    for (size_t i = 0; v && i < n; i++)
        summary_item_clear(&v[i]);
    free(v);
    strbuf_free(&csv);
    form_free(f);
    return rc;
}
