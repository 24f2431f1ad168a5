/* main.c - jixiao's entry point: subcommands or the editor. */
#include <langinfo.h>
#include <libgen.h>
#include <limits.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "cli_report.h"
#include "editor.h"
#include "i18n.h"

static void usage(FILE *out)
{
    fputs(_("Usage:\n"
            "  jixiao [--form FORM.csv] [--view|--review] [DRAFT.csv]\n"
            "                                                    edit a draft in the terminal\n"
            "  jixiao [--form FORM.csv] [--view|--review] FOLDER/\n"
            "                                                    list the drafts of a folder (total,\n"
            "                                                    grade, state); Enter opens one\n"
            "  jixiao score [--form FORM.csv] DRAFT.csv          print the filled table, what each\n"
            "                                                    formula computed, and the total\n"
            "  jixiao check [--form FORM.csv] FILE.csv           validate a form or a draft\n"
            "  jixiao new [--form FORM.csv|standard|project] [--unit NAME] [--year YYYY]\n"
            "             [--assessor NAME] [--project NAME] [--department NAME] [--force]\n"
            "             DRAFT.csv                              write a blank draft; --form project:\n"
            "                                                    a project table (项目支出绩效自评表)\n"
            "  jixiao diff [--form FORM.csv] A.csv B.csv         what changed from A to B\n"
            "  jixiao export [--format txt|md|html|xlsx] [--criteria] [--form FORM.csv]\n"
            "             [-o OUT] DRAFT.csv                     the filled table for the report\n"
            "                                                    (xlsx: -o FILE.xlsx, a live workbook)\n"
            "  jixiao summary [--form FORM.csv] [--table] DRAFT.csv...\n"
            "                                                    tidy CSV of many drafts on stdout,\n"
            "                                                    ranking on stderr (--table: stdout)\n"
            "  jixiao form import [--sheet NAME] [--name NAME] [--grades BANDS] [--force]\n"
            "             -o FORM.csv TEMPLATE                   a form from the scoring table as\n"
            "                                                    issued (.xlsx, or CSV from Excel/WPS)\n"
            "\n"
            "Without --form the standard form built into jixiao is used\n"
            "(部门整体支出绩效评价自评指标评分表), or the built-in project table\n"
            "(项目支出绩效自评表) for a draft made with it.\n"
            "\n"
            "Options:\n"
            "  --form FORM.csv  use another indicator framework (docs/forms.md); \"standard\"\n"
            "                   and \"project\" name the two built into jixiao\n"
            "  --view           open read-only\n"
            "  --review         review a draft: record 复核 scores, statuses and comments;\n"
            "                   the self-assessment stays read-only\n"
            "  -h, --help       show this help\n"
            "  --version        show the version\n"
            "\n"
            "Exit status:\n"
            "  0  success; for check: no problems; for diff: the drafts are the same\n"
            "  1  problems found (invalid or incomplete draft or form; for diff: the drafts\n"
            "     differ; for summary: drafts of different forms)\n"
            "  2  a file cannot be read, bad usage, or the terminal cannot be used\n"),
          out);
}

/* Catalogues: $JIXIAO_LOCALEDIR, the build tree beside the binary, or the
 * installed LOCALEDIR. */
static void i18n_init(void)
{
    const char *dir = getenv("JIXIAO_LOCALEDIR");
    static char buf[PATH_MAX];
    if (!dir) {
        char exe[PATH_MAX];
        ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
        if (n > 0) {
            exe[n] = '\0';
            snprintf(buf, sizeof buf, "%s/po", dirname(exe));
            if (access(buf, R_OK) == 0)
                dir = buf;
        }
    }
    bindtextdomain(PACKAGE, dir ? dir : LOCALEDIR);
    bind_textdomain_codeset(PACKAGE, "UTF-8");
    textdomain(PACKAGE);
}

/* Character handling must be UTF-8 for widths and Chinese text; fall back
 * to C.UTF-8 for LC_CTYPE when the user's locale is not. */
static void locale_init(void)
{
    if (!setlocale(LC_ALL, ""))
        setlocale(LC_ALL, "C");
    if (strcmp(nl_langinfo(CODESET), "UTF-8") != 0)
        setlocale(LC_CTYPE, "C.UTF-8");
}

int main(int argc, char **argv)
{
    locale_init();
    i18n_init();
    if (argc > 1) {
        const char *cmd = argv[1];
        if (!strcmp(cmd, "-h") || !strcmp(cmd, "--help") || !strcmp(cmd, "help")) {
            usage(stdout);
            return EXIT_OK;
        }
        if (!strcmp(cmd, "--version")) {
            printf("jixiao %s\n", JIXIAO_VERSION);
            return EXIT_OK;
        }
        if (!strcmp(cmd, "score"))
            return cli_score(argc - 1, argv + 1);
        if (!strcmp(cmd, "check"))
            return cli_check(argc - 1, argv + 1);
        if (!strcmp(cmd, "new"))
            return cli_new(argc - 1, argv + 1);
        if (!strcmp(cmd, "diff"))
            return cli_diff(argc - 1, argv + 1);
        if (!strcmp(cmd, "export"))
            return cli_export(argc - 1, argv + 1);
        if (!strcmp(cmd, "form"))
            return cli_form(argc - 1, argv + 1);
        if (!strcmp(cmd, "summary"))
            return cli_summary(argc - 1, argv + 1);
    }
    struct editor_opts o = {0};
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--view")) {
            o.view_only = true;
        } else if (!strcmp(argv[i], "--review")) {
            o.review = true;
        } else if (!strcmp(argv[i], "--form") && i + 1 < argc) {
            o.form_path = argv[++i];
        } else if (!strncmp(argv[i], "--form=", 7)) {
            o.form_path = argv[i] + 7;
        } else if (argv[i][0] == '-' && argv[i][1]) {
            fprintf(stderr, _("jixiao: unknown option %s (see jixiao --help)\n"), argv[i]);
            return EXIT_UNREADABLE;
        } else if (o.draft_path) {
            fprintf(stderr, _("jixiao: give at most one draft (see jixiao --help)\n"));
            return EXIT_UNREADABLE;
        } else {
            o.draft_path = argv[i];
        }
    }
    return editor_run(&o);
}
