/* cli_export.c - jixiao export: the filled scoring table as txt, md, html or xlsx. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "cli_report.h"
#include "draftio.h"
#include "export.h"
#include "fileio.h"
#include "i18n.h"
#include "say.h"

/* The exit status for a draft that did not load: read but invalid, or
 * not read at all. */
static int load_status(const char *path, bool have_form, const struct diags *d)
{
    struct stat st;
    return have_form && d->errors && stat(path, &st) == 0 ? EXIT_PROBLEMS : EXIT_UNREADABLE;
}

struct draft *cli_report_load(const char *path, const char *form_path, struct form **f,
                              int *rc)
{
    struct diags d = {0};
    *f = draftio_form_for(path, form_path, true, &d);
    struct draft *dr = *f ? draftio_load(path, *f, &d) : NULL;
    say_diags(&d);
    *rc = dr ? EXIT_OK : load_status(path, *f, &d);
    if (!dr) {
        form_free(*f);
        *f = NULL;
    }
    diags_clear(&d);
    return dr;
}

struct draft *cli_report_load_draft(const char *path, const struct form *f, int *rc)
{
    struct diags d = {0};
    struct draft *dr = draftio_load(path, f, &d);
    say_diags(&d);
    *rc = dr ? EXIT_OK : load_status(path, true, &d);
    diags_clear(&d);
    return dr;
}

bool cli_refuse_overflow(const char *cmd, const char *path, const struct draft *dr)
{
    int g = draft_overflow(dr);
    if (g < 0)
        return false;
    const struct dnode *gn = draft_node(dr, g);
    fprintf(stderr, _("jixiao %s: %s: the points of %s %s do not add up; no total is given "
                      "until they do\n"),
            cmd, path, gn->fn->id, gn->fn->name);
    return true;
}

int cli_export(int argc, char **argv)
{
    static const struct option opts[] = {
        {"form", required_argument, NULL, 'f'},
        {"format", required_argument, NULL, 'F'},
        {"criteria", no_argument, NULL, 'c'},
        {"output", required_argument, NULL, 'o'},
        {NULL, 0, NULL, 0},
    };
    const char *form = NULL, *out = NULL;
    struct export_opts eo = {EXPORT_TXT, false};
    optind = 1;
    int c;
    while ((c = getopt_long(argc, argv, "o:", opts, NULL)) != -1) {
        switch (c) {
        case 'f': form = optarg; break;
        case 'c': eo.criteria = true; break;
        case 'o': out = optarg; break;
        case 'F': {
            int fmt = export_format_parse(optarg);
            if (fmt < 0) {
                fprintf(stderr, _("jixiao export: unknown format \"%s\" (txt, md, html or xlsx)\n"),
                        optarg);
                return EXIT_UNREADABLE;
            }
            eo.format = (enum export_format)fmt;
            break;
        }
        default: return EXIT_UNREADABLE;
        }
    }
    if (argc - optind != 1) {
        fprintf(stderr, _("jixiao export: give exactly one draft (see jixiao --help)\n"));
        return EXIT_UNREADABLE;
    }
    if (eo.format == EXPORT_XLSX && !out) {
        fprintf(stderr, _("jixiao export: an xlsx workbook needs -o FILE.xlsx\n"));
        return EXIT_UNREADABLE;
    }
    const char *path = argv[optind];
    struct form *f;
    int rc;
    struct draft *dr = cli_report_load(path, form, &f, &rc);
    if (!dr)
        return rc;
    struct strbuf b = {0};
    char why[1024] = "";
    if (cli_refuse_overflow("export", path, dr)) {
        rc = EXIT_PROBLEMS;
    } else if (eo.format == EXPORT_XLSX) {
        if (export_draft_xlsx(dr, &eo, out, why, sizeof why) < 0) {
            say("%s", why);
            rc = EXIT_UNREADABLE;
        }
    } else if (export_draft(dr, &eo, &b) < 0) {
        fprintf(stderr, "jixiao export: %s\n", _("out of memory"));
        rc = EXIT_UNREADABLE;
    } else if (out) {
        if (fileio_write_atomic(out, b.p ? b.p : "", b.n, why, sizeof why) < 0) {
            say("%s", why);
            rc = EXIT_UNREADABLE;
        }
    } else if (fwrite(b.p ? b.p : "", 1, b.n, stdout) != b.n || fflush(stdout) != 0) {
        perror("jixiao export");
        rc = EXIT_UNREADABLE;
    }
    strbuf_free(&b);
    draft_free(dr);
    form_free(f);
    return rc;
}
