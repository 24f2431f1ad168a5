/* cli.c - jixiao score, check and new. */
#include "cli.h"
#include "cli_report.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "csvio.h"
#include "draftio.h"
#include "evidence.h"
#include <unistd.h>

#include "fileio.h"
#include "i18n.h"

/* Common option parsing: --form FILE, then exactly one file argument. */
struct cli_args {
    const char *form;
    const char *unit, *year, *assessor, *project, *department;
    const char *file;
    bool force;
};

static int cli_parse(int argc, char **argv, struct cli_args *a, bool new_opts)
{
    static const struct option opts[] = {
        {"form", required_argument, NULL, 'f'},
        {"unit", required_argument, NULL, 'u'},
        {"year", required_argument, NULL, 'y'},
        {"assessor", required_argument, NULL, 'a'},
        {"project", required_argument, NULL, 'p'},
        {"department", required_argument, NULL, 'd'},
        {"force", no_argument, NULL, 'F'},
        {NULL, 0, NULL, 0},
    };
    memset(a, 0, sizeof *a);
    optind = 1;
    int c;
    while ((c = getopt_long(argc, argv, "f:", opts, NULL)) != -1) {
        switch (c) {
        case 'f': a->form = optarg; break;
        case 'u': a->unit = optarg; break;
        case 'y': a->year = optarg; break;
        case 'a': a->assessor = optarg; break;
        case 'p': a->project = optarg; break;
        case 'd': a->department = optarg; break;
        case 'F': a->force = true; break;
        default: return -1;
        }
        if (!new_opts && c != 'f') {
            fprintf(stderr, _("jixiao %s: option --%s is only for \"jixiao new\"\n"), argv[0],
                    c == 'u' ? "unit" : c == 'y' ? "year" : c == 'a' ? "assessor"
                    : c == 'p' ? "project" : c == 'd' ? "department" : "force");
            return -1;
        }
    }
    if (argc - optind != 1) {
        fprintf(stderr, _("jixiao %s: give exactly one file (see jixiao --help)\n"), argv[0]);
        return -1;
    }
    a->file = argv[optind];
    return 0;
}

int cli_score(int argc, char **argv)
{
    struct cli_args a;
    if (cli_parse(argc, argv, &a, false) < 0)
        return EXIT_UNREADABLE;
    struct diags d = {0};
    struct form *f = draftio_form_for(a.file, a.form, false, &d);
    struct draft *dr = f ? draftio_load(a.file, f, &d) : NULL;
    say_diags(&d);
    int rc = EXIT_OK;
    if (!dr) {
        /* nothing loaded at all means the file itself is unusable */
        rc = f && d.errors ? EXIT_PROBLEMS : EXIT_UNREADABLE;
        struct stat st;
        if (stat(a.file, &st) != 0)
            rc = EXIT_UNREADABLE;
    } else if (cli_refuse_overflow("score", a.file, dr)) {
        rc = EXIT_PROBLEMS;
    } else if (cli_print_table(dr, stdout) < 0) {
        fprintf(stderr, "jixiao score: %s\n", _("out of memory"));
        rc = EXIT_UNREADABLE;
    }
    draft_free(dr);
    form_free(f);
    diags_clear(&d);
    return rc;
}

/* A draft's header names a "score" column; a form's does not. */
static bool file_is_draft(const char *path)
{
    /* the header line is enough: read the head of the file, not all of it */
    char head[4096];
    FILE *f = fileio_fopen_read(path);
    if (!f)
        return false;
    size_t n = fread(head, 1, sizeof head - 1, f);
    fclose(f);
    head[n] = '\0';
    char *nl = memchr(head, '\n', n);
    if (nl)
        *nl = '\0';
    return strstr(head, "score") || strstr(head, "得分") || strstr(head, "#format");
}

/* ---- evidence (佐证材料): missing or changed since attached ---- */

struct evidence_ctx {
    const char *path;
    long failed;      /* missing, unreadable or changed; unhashed only warns */
};

static void check_evidence_issue(void *ctx, const struct evidence_issue *is)
{
    struct evidence_ctx *c = ctx;
    bool warn = is->state == EVIDENCE_UNHASHED;
    c->failed += !warn;
    say("%s: %s%s", c->path, warn ? _("warning: ") : "", is->msg);
}

/* Returns how many references are missing, unreadable or changed. */
static long check_evidence(const char *path, const struct draft *dr)
{
    struct evidence_ctx c = {path, 0};
    char *dir = evidence_draft_dir(path);
    long n = dir ? evidence_check(dr, dir, check_evidence_issue, &c) : -1;
    free(dir);
    if (n < 0)
        say("%s: %s", path, strerror(ENOMEM));
    return n < 0 ? 1 : c.failed;
}

/* ---- end evidence ---- */

int cli_check(int argc, char **argv)
{
    struct cli_args a;
    if (cli_parse(argc, argv, &a, false) < 0)
        return EXIT_UNREADABLE;
    struct diags d = {0};
    FILE *probe = fileio_fopen_read(a.file);
    if (!probe) {
        say("%s: %s", a.file, fileio_strerror(errno));
        return EXIT_UNREADABLE;
    }
    fclose(probe);
    int rc = EXIT_OK;
    if (file_is_draft(a.file)) {
        struct form *f = draftio_form_for(a.file, a.form, false, &d);
        struct draft *dr = f ? draftio_load(a.file, f, &d) : NULL;
        say_diags(&d);
        if (!dr) {
            rc = EXIT_PROBLEMS;
        } else {
            size_t total;
            struct problem p[64];
            size_t n = draft_problems(dr, p, 64, &total);
            for (size_t i = 0; i < n; i++)
                say("%s: %s", a.file, p[i].msg);
            if (total > n)
                say(_("%s: ... and %zu more problems\n"), a.file, total - n);
            /* overrides are notices: they do not make the draft fail */
            for (int i = draft_first(dr); draft_overrides(dr) && i >= 0; i = draft_next(dr, i)) {
                char msg[1024];
                if (draft_override_notice(dr, i, msg, sizeof msg))
                    say("%s: %s%s", a.file, _("notice: "), msg);
            }
            if (total)
                rc = EXIT_PROBLEMS;
            if (check_evidence(a.file, dr) != 0)   /* evidence: see check_evidence */
                rc = EXIT_PROBLEMS;
        }
        draft_free(dr);
        form_free(f);
    } else {
        struct form *f = form_load_file_flags(a.file, FORM_NOTICES, &d);
        say_diags(&d);
        rc = f ? EXIT_OK : EXIT_PROBLEMS;
        form_free(f);
    }
    if (rc == EXIT_OK)
        say(_("%s: no problems found\n"), a.file);
    diags_clear(&d);
    return rc;
}

/* One line from the terminal after prompt, without its line end; NULL
 * when stdin is not a terminal or nothing was typed. */
static const char *cli_ask_line(const char *prompt, char *buf, size_t n)
{
    if (!isatty(STDIN_FILENO))
        return NULL;
    fputs(prompt, stderr);
    if (!fgets(buf, (int)n, stdin))
        return NULL;
    buf[strcspn(buf, "\r\n")] = '\0';
    return buf[0] ? buf : NULL;
}

int cli_new(int argc, char **argv)
{
    struct cli_args a;
    if (cli_parse(argc, argv, &a, true) < 0)
        return EXIT_UNREADABLE;
    struct stat st;
    if (!a.force && stat(a.file, &st) == 0) {
        say(_("%s: the file exists; not overwriting it (use --force)\n"), a.file);
        return EXIT_PROBLEMS;
    }
    struct diags d = {0};
    struct form *f = a.form ? form_load_arg(a.form, 0, &d) : form_load_standard(&d);
    say_diags(&d);
    diags_clear(&d);
    if (!f)
        return EXIT_UNREADABLE;
    int rc = EXIT_OK;
    struct draft *dr = draft_new(f);
    char why[512] = "";
    static const enum draft_meta keys[] = {META_UNIT, META_YEAR, META_ASSESSOR, META_PROJECT,
                                           META_DEPARTMENT};
    char asked[1024];
    if (dr && !a.project && form_builtin_for_name(f->name) &&
        !strcmp(form_builtin_for_name(f->name), "project")) {
        /* a project table is known by its project: ask, or say how */
        a.project = cli_ask_line(_("项目名称 (project name): "), asked, sizeof asked);
        if (!a.project) {
            say(_("jixiao new: a project table needs its project's name: --project NAME\n"));
            rc = EXIT_PROBLEMS;
        }
    }
    const char *vals[] = {a.unit, a.year, a.assessor, a.project, a.department};
    for (size_t k = 0; dr && rc == EXIT_OK && k < sizeof keys / sizeof keys[0]; k++) {
        if (vals[k] && draft_set_meta(dr, keys[k], vals[k], why, sizeof why) < 0) {
            say("jixiao new: --%s: %s", draft_meta_key(keys[k]), why);
            rc = EXIT_PROBLEMS;
        }
    }
    if (!dr) {
        fprintf(stderr, "jixiao new: %s\n", strerror(ENOMEM));
        rc = EXIT_UNREADABLE;
    } else if (rc == EXIT_OK && draftio_save(dr, a.file, why, sizeof why) < 0) {
        say("%s", why);
        rc = EXIT_UNREADABLE;
    } else if (rc == EXIT_OK) {
        say(_("%s: new draft of \"%s\" with %zu indicators\n"), a.file, f->name,
                (size_t)draft_leaves(dr));
    }
    draft_free(dr);
    form_free(f);
    return rc;
}
