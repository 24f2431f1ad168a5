/* folder.c - the drafts in one folder and what the folder screen shows of
 * each (folder.h). */
#include "folder.h"

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "diag.h"
#include "draft.h"
#include "draftio.h"
#include "fileio.h"
#include "grow.h"
#include "i18n.h"
#include "journal.h"
#include "utf8.h"

/* A draft's name: *.csv (Excel on Windows writes .CSV), not hidden. */
static bool csv_name(const char *n)
{
    size_t len = strlen(n);
    return n[0] != '.' && len > 4 && strcasecmp(n + len - 4, ".csv") == 0;
}

static char *join(const char *dir, const char *name)
{
    size_t dl = strlen(dir);
    bool slash = dl > 0 && dir[dl - 1] == '/';
    size_t n = dl + strlen(name) + 2;
    char *p = malloc(n);
    if (p)
        snprintf(p, n, "%s%s%s", dir, slash ? "" : "/", name);
    return p;
}

static char *dup_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static char *dup_printf(const char *fmt, ...)
{
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    u8_vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    return strdup(buf);
}

/* The first error of a load as "FILE:LINE: message", FILE being the name in
 * the folder when the error is about the draft itself. */
static char *first_error(const struct diags *d, const char *path, const char *file)
{
    for (size_t i = 0; i < d->n; i++) {
        if (d->v[i].level != DIAG_ERROR)
            continue;
        struct diag c = d->v[i];
        if (c.file && !strcmp(c.file, path))
            c.file = (char *)file;
        char buf[1024];
        return strdup(diag_format(&c, buf, sizeof buf));
    }
    /* errors past DIAGS_MAX or out of memory: nothing kept to quote */
    return dup_printf("%s: %s", file, _("not loaded"));
}

/* One scan: the folder open, the forms given, the growth of the lists. */
struct scan {
    struct folder *out;
    size_t cap, bcap;
    int dfd;
    const char *dir;
    const struct form *const *forms;
    size_t nforms;
};

/* The built-in form of that key, loaded once per scan (owned by out). */
static const struct form *builtin_form(struct scan *sc, const char *key)
{
    struct folder *out = sc->out;
    for (size_t i = 0; i < out->nbuiltin; i++) {
        const char *k = form_builtin_for_name(out->builtin[i]->name);
        if (k && !strcmp(k, key))
            return out->builtin[i];
    }
    struct form **v = grow_array(out->builtin, &sc->bcap, out->nbuiltin, 1, sizeof *v);
    if (!v)
        return NULL;
    out->builtin = v;
    struct diags d = {0};
    struct form *f = form_load_builtin(key, &d);
    diags_clear(&d);
    if (f)
        out->builtin[out->nbuiltin++] = f;
    return f;
}

/* The draft's form: a given one of its name, else the built-in one (as
 * draftio_form_for picks it); NULL with the reason in e->error. */
static const struct form *pick_form(struct scan *sc, struct folder_entry *e)
{
    for (size_t k = 0; k < sc->nforms; k++)
        if (!strcmp(sc->forms[k]->name, e->form_name)) {
            e->form = (int)k;
            return sc->forms[k];
        }
    const char *key = form_builtin_for_name(e->form_name);
    const struct form *f = key ? builtin_form(sc, key) : NULL;
    if (f)
        return f;
    /* said as draftio_form_for says it, naming the form it would use */
    const struct form *used = sc->nforms ? sc->forms[0] : builtin_form(sc, "standard");
    char msg[768];
    if (used)
        u8_snprintf(msg, sizeof msg,
                    _("this draft was made with the form \"%s\", not \"%s\"; open it with --form FORM.csv"),
                    e->form_name, used->name);
    else
        snprintf(msg, sizeof msg, "%s", _("no form to load it with"));
    e->error = dup_printf("%s: %s", e->file, msg);
    return NULL;
}

/* Load it and take the numbers as score and check give them. */
static void load_facts(struct scan *sc, struct folder_entry *e)
{
    const struct form *form = pick_form(sc, e);
    if (!form)
        return;
    struct diags d = {0};
    struct draft *dr = draftio_load(e->path, form, &d);
    if (!dr) {
        e->form = -1;
        e->error = first_error(&d, e->path, e->file);
        diags_clear(&d);
        return;
    }
    diags_clear(&d);
    e->loaded = true;
    bool overflow = draft_overflow(dr) >= 0;   /* score refuses to give a total */
    e->total = overflow ? PTS_NONE : draft_total(dr);
    e->grade = overflow ? "" : draft_grade(dr);
    e->leaves = draft_leaves(dr);
    e->scored = draft_scored(dr);
    draft_problems(dr, NULL, 0, &e->problems);
    const char *project = draft_meta(dr, META_PROJECT);
    char *name = strdup(project[0] ? project : draft_meta(dr, META_UNIT));
    if (name) {   /* else the header's stays */
        free(e->name);
        e->name = name;
    }
    draft_free(dr);
}

/* The files beside it: another jixiao's lock, else a journal with changes
 * the editor would offer to recover. Neither is taken or changed. */
static void beside_facts(struct folder_entry *e)
{
    struct lock_owner o;
    e->locked = journal_lock_held(e->path, &o);
    e->lock_pid = e->locked ? o.pid : 0;
    if (e->locked)
        return;   /* its journal is being written by that jixiao */
    struct journal_state js;
    struct diags d = {0};
    if (journal_read(e->path, &js, &d) == 0)
        e->recoverable = js.exists && js.nedits > 0;
    journal_state_free(&js);
    diags_clear(&d);
}

static void entry_clear(struct folder_entry *e)
{
    free(e->file);
    free(e->path);
    free(e->form_name);
    free(e->name);
    free(e->error);
    memset(e, 0, sizeof *e);
}

/* Look at one name of the folder; returns -1 when out of memory. */
static int scan_one(struct scan *sc, const char *name)
{
    struct folder *out = sc->out;
    struct stat st;
    if (fstatat(sc->dfd, name, &st, AT_SYMLINK_NOFOLLOW) != 0)
        return 0;   /* gone meanwhile */
    if (!S_ISREG(st.st_mode)) {
        out->special++;
        return 0;
    }
    struct folder_entry e = {.form = -1, .total = PTS_NONE, .grade = ""};
    e.file = strdup(name);
    e.path = join(sc->dir, name);
    if (!e.file || !e.path) {
        entry_clear(&e);
        return -1;
    }
    struct draft_header h;
    struct diags d = {0};
    FILE *f = fileio_fopen_read(e.path);   /* readable at all? (never blocks) */
    int err = errno;
    if (f)
        fclose(f);
    if (!f) {
        /* a draft or not, it cannot be told: listed, saying why */
        memset(&h, 0, sizeof h);
        char msg[512];
        u8_snprintf(msg, sizeof msg, _("cannot read: %s"), fileio_strerror(err));
        e.error = dup_printf("%s: %s", name, msg);
    } else if (draftio_peek(e.path, &h, &d) < 0) {
        diags_clear(&d);
        entry_clear(&e);
        out->not_drafts++;
        return 0;
    }
    diags_clear(&d);
    e.form_name = strdup(h.form_name);
    e.name = strdup(h.project[0] ? h.project : h.unit);
    if (!e.form_name || !e.name) {
        entry_clear(&e);
        return -1;
    }
    if (!e.error)
        load_facts(sc, &e);
    beside_facts(&e);
    struct folder_entry *v = grow_array(out->v, &sc->cap, out->n, 1, sizeof *v);
    if (!v) {
        entry_clear(&e);
        return -1;
    }
    out->v = v;
    out->v[out->n++] = e;
    return 0;
}

static int by_file(const void *a, const void *b)
{
    return strcmp(((const struct folder_entry *)a)->file, ((const struct folder_entry *)b)->file);
}

int folder_scan(const char *dir, const struct form *const *forms, size_t nforms,
                struct folder *out, char *why, size_t whylen)
{
    memset(out, 0, sizeof *out);
    int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    DIR *dp = dfd >= 0 ? fdopendir(dfd) : NULL;
    if (!dp) {
        int err = errno;
        if (dfd >= 0)
            close(dfd);
        if (why && whylen)
            u8_snprintf(why, whylen, _("%s: cannot read the folder: %s"), dir, strerror(err));
        errno = err;
        return -1;
    }
    struct scan sc = {.out = out, .dfd = dfd, .dir = dir, .forms = forms, .nforms = nforms};
    struct dirent *de;
    int rc = 0;
    errno = 0;
    while ((de = readdir(dp))) {
        if (!csv_name(de->d_name))
            continue;
        if (scan_one(&sc, de->d_name) < 0) {
            rc = -1;
            break;
        }
        errno = 0;
    }
    int err = rc < 0 ? ENOMEM : errno;
    closedir(dp);   /* closes dfd */
    if (rc < 0 || err) {
        folder_free(out);
        if (why && whylen)
            u8_snprintf(why, whylen, _("%s: cannot read the folder: %s"), dir, strerror(err));
        errno = err;
        return -1;
    }
    if (out->n > 1)
        qsort(out->v, out->n, sizeof *out->v, by_file);
    return 0;
}

void folder_free(struct folder *f)
{
    if (!f)
        return;
    for (size_t i = 0; i < f->n; i++)
        entry_clear(&f->v[i]);
    free(f->v);
    for (size_t i = 0; i < f->nbuiltin; i++)
        form_free(f->builtin[i]);
    free(f->builtin);
    memset(f, 0, sizeof *f);
}

int folder_find(const struct folder *f, const char *file)
{
    for (size_t i = 0; i < f->n; i++)
        if (!strcmp(f->v[i].file, file))
            return (int)i;
    return -1;
}
