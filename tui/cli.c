/* cli.c - jixiao score, check and new. */
#include "cli.h"
#include "cli_report.h"

#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "csvio.h"
#include "draftio.h"
#include "evidence.h"
#include "fileio.h"
#include "i18n.h"
#include "utf8.h"

/* s with every unsafe character or invalid byte as U+FFFD: to b, or
 * straight to f when b is NULL. */
static void safe_copy(struct strbuf *b, FILE *f, const char *s, size_t len)
{
    size_t run = 0;   /* start of the bytes copied as they are */
    for (size_t i = 0; i <= len;) {
        uint32_t cp = 0;
        size_t k = i < len ? u8_decode(s + i, len - i, &cp) : 0;
        /* an invalid byte decodes as U+FFFD too: write that, not the byte
         * (0x9B alone is a CSI to a terminal in 8-bit mode) */
        bool bad = i < len && (u8_is_unsafe(cp) || cp == U8_PLACEHOLDER);
        if (bad || i == len) {
            const char *with = bad ? "\xEF\xBF\xBD" : "";
            if (b) {
                strbuf_put(b, s + run, i - run);
                strbuf_puts(b, with);
            } else {
                fwrite(s + run, 1, i - run, f);
                fputs(with, f);
            }
            run = i + k;
        }
        if (i == len)
            break;
        i += k;
    }
}

/* One write for the whole text: stderr is unbuffered, and a write per
 * character made `check` on 100k rows spend most of its time in the
 * kernel. */
static void safe_write(FILE *f, const char *s, size_t len, bool newline)
{
    struct strbuf b = {0};
    safe_copy(&b, f, s, len);
    if (newline)
        strbuf_put(&b, "\n", 1);
    if (!b.oom) {
        fwrite(b.p ? b.p : "", 1, b.n, f);
    } else {   /* out of memory: piece by piece */
        safe_copy(NULL, f, s, len);
        if (newline)
            fputc('\n', f);
    }
    strbuf_free(&b);
}

void cli_put_safe(FILE *f, const char *s, size_t len)
{
    safe_write(f, s, len, false);
}

void cli_put_lines(FILE *f, const char *s, size_t len)
{
    for (size_t i = 0, start = 0; i <= len; i++) {
        bool end = i == len || s[i] == '\n';
        if (!end)
            continue;
        size_t stop = i > start && s[i - 1] == '\r' && i < len ? i - 1 : i;   /* CRLF */
        cli_put_safe(f, s + start, stop - start);
        if (i < len)
            fwrite(s + stop, 1, i + 1 - stop, f);
        start = i + 1;
    }
}

void cli_say(const char *fmt, ...)
{
    char small[1024], *buf = small;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    if ((size_t)n >= sizeof small && (buf = malloc((size_t)n + 1))) {
        va_start(ap, fmt);
        vsnprintf(buf, (size_t)n + 1, fmt, ap);
        va_end(ap);
    }
    if (!buf)
        buf = small;   /* out of memory: the beginning */
    size_t len = strlen(buf);
    if (len && buf[len - 1] == '\n')
        len--;   /* a translated line may end with its newline */
    safe_write(stderr, buf, len, true);
    if (buf != small)
        free(buf);
}

void cli_print_diags(const struct diags *d)
{
    for (size_t i = 0; i < d->n; i++) {
        const struct diag *x = &d->v[i];
        const char *warn = x->level == DIAG_WARNING  ? _("warning: ")
                           : x->level == DIAG_NOTICE ? _("notice: ")
                                                     : "";
        if (x->file && x->line > 0)
            cli_say("%s:%ld: %s%s", x->file, x->line, warn, x->msg);
        else if (x->file)
            cli_say("%s: %s%s", x->file, warn, x->msg);
        else
            cli_say("%s%s", warn, x->msg);
    }
    if (d->dropped)
        fprintf(stderr, _("... and %zu more problems\n"), d->dropped);
}

struct form *cli_form_for_draft(const char *draft_path, const char *form_path, bool texts,
                                struct diags *d)
{
    struct form *f = !form_path ? form_load_standard(d)
                                : form_load_file_flags(form_path, texts ? 0 : FORM_NO_TEXTS, d);
    if (!f || !draft_path)
        return f;
    struct draft_header h;
    if (draftio_peek(draft_path, &h, d) < 0) {
        form_free(f);
        return NULL;
    }
    if (strcmp(h.form_name, f->name)) {
        diags_add(d, DIAG_ERROR, draft_path, 0,
                  _("this draft was made with the form \"%s\", not \"%s\"; open it with --form FORM.csv"),
                  h.form_name, f->name);
        form_free(f);
        return NULL;
    }
    return f;
}

/* Common option parsing: --form FILE, then exactly one file argument. */
struct cli_args {
    const char *form;
    const char *unit, *year, *assessor;
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
        case 'F': a->force = true; break;
        default: return -1;
        }
        if (!new_opts && c != 'f') {
            fprintf(stderr, _("jixiao %s: option --%s is only for \"jixiao new\"\n"), argv[0],
                    c == 'u' ? "unit" : c == 'y' ? "year" : c == 'a' ? "assessor" : "force");
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
    struct form *f = cli_form_for_draft(a.file, a.form, false, &d);
    struct draft *dr = f ? draftio_load(a.file, f, &d) : NULL;
    cli_print_diags(&d);
    int rc = EXIT_OK;
    if (!dr) {
        /* nothing loaded at all means the file itself is unusable */
        rc = f && d.errors ? EXIT_PROBLEMS : EXIT_UNREADABLE;
        struct stat st;
        if (stat(a.file, &st) != 0)
            rc = EXIT_UNREADABLE;
    } else if (cli_refuse_overflow("score", a.file, dr)) {
        rc = EXIT_PROBLEMS;
    } else {
        cli_print_table(dr, stdout);
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
    cli_say("%s: %s%s", c->path, warn ? _("warning: ") : "", is->msg);
}

/* Returns how many references are missing, unreadable or changed. */
static long check_evidence(const char *path, const struct draft *dr)
{
    struct evidence_ctx c = {path, 0};
    char *dir = evidence_draft_dir(path);
    long n = dir ? evidence_check(dr, dir, check_evidence_issue, &c) : -1;
    free(dir);
    if (n < 0)
        cli_say("%s: %s", path, strerror(ENOMEM));
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
        cli_say("%s: %s", a.file, fileio_strerror(errno));
        return EXIT_UNREADABLE;
    }
    fclose(probe);
    int rc = EXIT_OK;
    if (file_is_draft(a.file)) {
        struct form *f = cli_form_for_draft(a.file, a.form, false, &d);
        struct draft *dr = f ? draftio_load(a.file, f, &d) : NULL;
        cli_print_diags(&d);
        if (!dr) {
            rc = EXIT_PROBLEMS;
        } else {
            size_t total;
            struct problem p[64];
            size_t n = draft_problems(dr, p, 64, &total);
            for (size_t i = 0; i < n; i++)
                cli_say("%s: %s", a.file, p[i].msg);
            if (total > n)
                cli_say(_("%s: ... and %zu more problems\n"), a.file, total - n);
            /* overrides are notices: they do not make the draft fail */
            for (int i = draft_first(dr); draft_overrides(dr) && i >= 0; i = draft_next(dr, i)) {
                char msg[1024];
                if (draft_override_notice(dr, i, msg, sizeof msg))
                    cli_say("%s: %s%s", a.file, _("notice: "), msg);
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
        cli_print_diags(&d);
        rc = f ? EXIT_OK : EXIT_PROBLEMS;
        form_free(f);
    }
    if (rc == EXIT_OK)
        cli_say(_("%s: no problems found\n"), a.file);
    diags_clear(&d);
    return rc;
}

int cli_new(int argc, char **argv)
{
    struct cli_args a;
    if (cli_parse(argc, argv, &a, true) < 0)
        return EXIT_UNREADABLE;
    struct stat st;
    if (!a.force && stat(a.file, &st) == 0) {
        cli_say(_("%s: the file exists; not overwriting it (use --force)\n"), a.file);
        return EXIT_PROBLEMS;
    }
    struct diags d = {0};
    struct form *f = a.form ? form_load_file(a.form, &d) : form_load_standard(&d);
    cli_print_diags(&d);
    diags_clear(&d);
    if (!f)
        return EXIT_UNREADABLE;
    int rc = EXIT_OK;
    struct draft *dr = draft_new(f);
    char why[512] = "";
    static const enum draft_meta keys[] = {META_UNIT, META_YEAR, META_ASSESSOR};
    const char *vals[] = {a.unit, a.year, a.assessor};
    for (size_t k = 0; dr && k < 3; k++) {
        if (vals[k] && draft_set_meta(dr, keys[k], vals[k], why, sizeof why) < 0) {
            cli_say("jixiao new: --%s: %s", draft_meta_key(keys[k]), why);
            rc = EXIT_PROBLEMS;
        }
    }
    if (!dr) {
        fprintf(stderr, "jixiao new: %s\n", strerror(ENOMEM));
        rc = EXIT_UNREADABLE;
    } else if (rc == EXIT_OK && draftio_save(dr, a.file, why, sizeof why) < 0) {
        cli_say("%s", why);
        rc = EXIT_UNREADABLE;
    } else if (rc == EXIT_OK) {
        cli_say(_("%s: new draft of \"%s\" with %zu indicators\n"), a.file, f->name,
                f->nleaves);
    }
    draft_free(dr);
    form_free(f);
    return rc;
}
