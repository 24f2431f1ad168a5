/* cli_form.c - jixiao form import: a form from the scoring table a
 * finance bureau issues (.xlsx or CSV), through core/form_import. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "fileio.h"
#include "form_import.h"
#include "i18n.h"
#include "say.h"

static int form_import_cmd(int argc, char **argv)
{
    static const struct option opts[] = {
        {"output", required_argument, NULL, 'o'},
        {"sheet", required_argument, NULL, 's'},
        {"name", required_argument, NULL, 'n'},
        {"grades", required_argument, NULL, 'g'},
        {"force", no_argument, NULL, 'F'},
        {NULL, 0, NULL, 0},
    };
    struct form_import_opts o = {0};
    const char *out = NULL;
    bool force = false;
    optind = 1;
    int c;
    while ((c = getopt_long(argc, argv, "o:", opts, NULL)) != -1) {
        switch (c) {
        case 'o': out = optarg; break;
        case 's': o.sheet = optarg; break;
        case 'n': o.name = optarg; break;
        case 'g': o.grades = optarg; break;
        case 'F': force = true; break;
        default: return EXIT_UNREADABLE;
        }
    }
    if (argc - optind != 1) {
        fprintf(stderr, _("jixiao form import: give exactly one template (see jixiao --help)\n"));
        return EXIT_UNREADABLE;
    }
    const char *path = argv[optind];
    struct stat st;
    if (out && !force && stat(out, &st) == 0) {
        say(_("%s: already exists; use --force to replace it"), out);
        return EXIT_UNREADABLE;
    }
    FILE *probe = fileio_fopen_read(path);
    if (!probe) {
        say("%s: %s", path, fileio_strerror(errno));
        return EXIT_UNREADABLE;
    }
    fclose(probe);
    struct diags d = {0};
    struct strbuf b = {0};
    int rc = EXIT_OK;
    if (form_import_file(path, &o, &b, &d) < 0) {
        say_diags(&d);
        rc = EXIT_PROBLEMS;   /* it was read: not a good table */
    } else {
        say_diags(&d);
        char why[1024] = "";
        if (out) {
            if (fileio_write_atomic(out, b.p, b.n, why, sizeof why) < 0) {
                say("%s", why);
                rc = EXIT_UNREADABLE;
            } else {
                if (why[0])
                    say("%s", why);
                struct diags fd = {0};
                struct form *f = form_load_buffer(out, b.p, b.n, &fd);
                if (f) {
                    size_t lv[3] = {0};
                    for (size_t i = 0; i < f->n; i++)
                        if (f->nodes[i].level <= 3)
                            lv[f->nodes[i].level - 1]++;
                    char tot[NUM_BUF];
                    say(_("%s: form \"%s\" written: %zu 一级, %zu 二级, %zu 三级指标, "
                              "%zu scored directly, total %s"),
                            out, f->name, lv[0], lv[1], lv[2], f->nleaves,
                            num_format_pts(f->total_points, tot));
                }
                form_free(f);
                diags_clear(&fd);
            }
        } else if (fwrite(b.p, 1, b.n, stdout) != b.n || fflush(stdout) != 0) {
            perror("jixiao form import");
            rc = EXIT_UNREADABLE;
        }
    }
    strbuf_free(&b);
    diags_clear(&d);
    return rc;
}

int cli_form(int argc, char **argv)
{
    if (argc >= 2 && !strcmp(argv[1], "import"))
        return form_import_cmd(argc - 1, argv + 1);
    fprintf(stderr, _("jixiao form: unknown command; use: jixiao form import TEMPLATE -o FORM.csv\n"));
    return EXIT_UNREADABLE;
}
