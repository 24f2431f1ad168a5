/* journal_read.c - reading the recovery journal and replaying it (format in journal.h). */
#include "journal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fileio.h"
#include "grow.h"
#include "i18n.h"
#include "journal_impl.h"
#include "utf8.h"

/* Undo buf_field's escaping in place; returns NULL for \N. */
static char *unescape(char *s)
{
    if (strcmp(s, "\\N") == 0)
        return NULL;
    char *w = s;
    for (char *r = s; *r; r++) {
        if (*r == '\\' && r[1]) {
            r++;
            *w++ = *r == 't' ? '\t' : *r == 'n' ? '\n' : *r == 'r' ? '\r' : *r;
        } else {
            *w++ = *r;
        }
    }
    *w = '\0';
    return s;
}

static char *dup_or_null(const char *s)
{
    return s ? strdup(s) : NULL;
}

/* Parse "edit KIND ID KEY VALUE POINTS DESC" (line already split at TAB
 * boundaries by the caller). Returns 0 or -1. */
static int parse_edit(char **f, size_t nf, struct edit *e)
{
    if (nf != 9)
        return -1;
    size_t k;
    for (k = 0; k < NKINDS; k++)
        if (strcmp(f[1], journal_kind_names[k]) == 0)
            break;
    if (k == NKINDS)
        return -1;
    memset(e, 0, sizeof *e);
    e->kind = (enum edit_kind)k;
    char *v[7];
    for (int i = 0; i < 7; i++)
        v[i] = unescape(f[2 + i]);
    e->id = dup_or_null(v[0]);
    e->key = dup_or_null(v[1]);
    e->value = dup_or_null(v[2]);
    e->points = dup_or_null(v[3]);
    e->desc = dup_or_null(v[4]);
    e->score = dup_or_null(v[5]);
    e->note = dup_or_null(v[6]);
    return 0;
}

static int parse_header(struct journal_state *st, char *line, int lineno)
{
    long long a, b, c;
    switch (lineno) {
    case 2:
        if (strncmp(line, "form ", 5) != 0)
            return -1;
        snprintf(st->form_hash, sizeof st->form_hash, "%s", line + 5);
        return 0;
    case 3:
        if (strcmp(line, "base none") == 0)
            return 0;
        if (sscanf(line, "base %lld %lld %lld", &a, &b, &c) != 3)
            return -1;
        st->base_exists = true;
        st->base_size = a;
        st->base_sec = b;
        st->base_nsec = (long)c;
        return 0;
    }
    return -1;
}

static int add_rec(struct journal_state *st, const struct jrec *r)
{
    struct jrec *q = grow_array(st->recs, &st->reccap, st->nrecs, 1, sizeof *q);
    if (!q)
        return -1;
    st->recs = q;
    st->recs[st->nrecs++] = *r;
    if (r->kind == JREC_EDIT)
        st->nedits++;
    return 0;
}

static char *read_all(int fd, size_t *len)
{
    size_t cap = 4096, n = 0;
    char *p = malloc(cap + 1);
    while (p) {
        ssize_t r = read(fd, p + n, cap - n);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0) {
            if (r < 0) {
                free(p);
                return NULL;
            }
            break;
        }
        n += (size_t)r;
        if (n == cap) {   /* full: p holds cap + 1 bytes, one kept for the NUL */
            size_t size = cap + 1;
            char *q = grow_array(p, &size, size, 1, 1);
            if (!q) {
                free(p);
                return NULL;
            }
            p = q;
            cap = size - 1;
        }
    }
    if (p) {
        p[n] = '\0';
        *len = n;
    }
    return p;
}

static bool ts_after_or_same(struct timespec a, struct timespec b)
{
    return a.tv_sec > b.tv_sec || (a.tv_sec == b.tv_sec && a.tv_nsec >= b.tv_nsec);
}

/* One record's text (a v1 line or a v2 payload, NUL-terminated, TABs
 * still in it). Returns 0, 1 when it was malformed (warned), -1 when out
 * of memory. */
static int parse_record(struct journal_state *st, char *line, long lineno, const char *path,
                        struct diags *d)
{
    char *f[10];
    size_t nf = 0;
    for (char *s = line; nf < 10;) {
        f[nf++] = s;
        char *tab = strchr(s, '\t');
        if (!tab)
            break;
        *tab = '\0';
        s = tab + 1;
    }
    struct jrec r = {.line = lineno};
    if (strcmp(f[0], "undo") == 0 && nf == 1) {
        r.kind = JREC_UNDO;
    } else if (strcmp(f[0], "redo") == 0 && nf == 1) {
        r.kind = JREC_REDO;
    } else if (strcmp(f[0], "edit") == 0 && parse_edit(f, nf, &r.e) == 0) {
        r.kind = JREC_EDIT;
    } else {
        diags_add(d, DIAG_WARNING, path, lineno, _("malformed journal record skipped"));
        return 1;
    }
    if (add_rec(st, &r) < 0) {
        edit_clear(&r.e);
        return -1;
    }
    return 0;
}

/* A v2 record "LEN CRC32 PAYLOAD\n" at p (end at end): its payload and
 * length, or NULL when p does not start a whole record whose checksum
 * holds. */
static char *frame_at(char *p, const char *end, size_t *plen)
{
    char *q = p;
    size_t len = 0;
    if (q >= end || *q < '0' || *q > '9')
        return NULL;
    while (q < end && *q >= '0' && *q <= '9') {
        if (len > (size_t)(end - p))
            return NULL;
        len = len * 10 + (size_t)(*q++ - '0');
    }
    if (q >= end || *q++ != ' ' || end - q < 9)
        return NULL;
    uint32_t crc = 0;
    for (int k = 0; k < 8; k++, q++) {
        int v = *q >= '0' && *q <= '9' ? *q - '0' : *q >= 'a' && *q <= 'f' ? *q - 'a' + 10 : -1;
        if (v < 0)
            return NULL;
        crc = crc << 4 | (uint32_t)v;
    }
    if (*q++ != ' ' || (size_t)(end - q) < len + 1 || q[len] != '\n' ||
        journal_crc32(q, len) != crc)
        return NULL;
    *plen = len;
    return q;
}

static long count_lines(const char *from, const char *to)
{
    long n = 0;
    for (; from < to; from++)
        n += *from == '\n';
    return n;
}

/* The records of a v2 journal after its header (lineno: lines so far). A
 * stretch that is no whole record (torn by a full disk or a crash) is
 * skipped with a warning up to the next record whose length and checksum
 * hold, so that no record written after it is lost. */
static int read_v2(struct journal_state *st, char *p, char *end, long lineno, const char *path,
                   struct diags *d)
{
    while (p < end) {
        size_t len;
        char *pay = frame_at(p, end, &len);
        if (pay) {
            pay[len] = '\0';   /* was its '\n' */
            lineno++;
            bool bad_nul = strlen(pay) != len;
            if (bad_nul)
                diags_add(d, DIAG_WARNING, path, lineno, _("malformed journal record skipped"));
            else if (parse_record(st, pay, lineno, path, d) < 0)
                return -1;
            p = pay + len + 1;
            continue;
        }
        /* not a record here: find where the next whole one starts */
        char *q = p + 1;
        while (q < end && !frame_at(q, end, &len))
            q++;
        diags_add(d, DIAG_WARNING, path, lineno + 1,
                  q < end ? _("damaged journal record skipped")
                          : _("incomplete last record ignored"));
        lineno += count_lines(p, q);
        p = q;
    }
    return 0;
}

int journal_read(const char *draft_path, struct journal_state *st, struct diags *d)
{
    memset(st, 0, sizeof *st);
    char *path = journal_path_for(draft_path);
    if (!path)
        return -1;
    /* a FIFO or device planted at the name is neither waited on nor read,
     * a symlink not followed, another user's file not trusted */
    char why[768];
    int fd = fileio_open_beside(path, O_RDONLY, 0, 0, why, sizeof why);
    if (fd < 0) {
        int err = errno;
        if (err != ENOENT)
            diags_add(d, DIAG_ERROR, path, 0, _("cannot read the recovery journal: %s"), why);
        free(path);
        return err == ENOENT ? 0 : -1;
    }
    st->exists = true;
    struct stat js, ds;
    size_t len = 0;
    char *text = fstat(fd, &js) == 0 ? read_all(fd, &len) : NULL;
    close(fd);
    if (!text) {
        diags_add(d, DIAG_ERROR, path, 0, _("cannot read the recovery journal: %s"),
                  strerror(errno));
        free(path);
        return -1;
    }
    st->mtime = js.st_mtim;
    if (len == 0) {
        /* Created but never written: nothing to recover. */
        free(text);
        free(path);
        return 0;
    }
    if (stat(draft_path, &ds) == 0) {
        st->newer = ts_after_or_same(js.st_mtim, ds.st_mtim);
    } else {
        st->newer = true;
    }

    int rc = 0;
    int lineno = 0, version = 0;
    char *p = text, *end = text + len;
    while (p < end && lineno < 3) {
        char *nl = memchr(p, '\n', (size_t)(end - p));
        if (!nl)
            break;
        lineno++;
        *nl = '\0';
        if (nl > p && nl[-1] == '\r')
            nl[-1] = '\0';
        char *line = p;
        p = nl + 1;
        if (lineno == 1) {
            version = strcmp(line, JOURNAL_MAGIC) == 0      ? 2
                      : strcmp(line, JOURNAL_MAGIC_V1) == 0 ? 1
                                                            : 0;
            if (version)
                continue;
        } else if (parse_header(st, line, lineno) == 0) {
            continue;
        }
        diags_add(d, DIAG_ERROR, path, lineno, _("not a jixiao recovery journal"));
        rc = -1;
        break;
    }
    if (lineno < 3 && rc == 0) {
        diags_add(d, DIAG_ERROR, path, lineno, _("not a jixiao recovery journal"));
        rc = -1;
    }
    if (rc == 0 && version == 2) {
        rc = read_v2(st, p, end, lineno, path, d);
    } else if (rc == 0) {
        /* version 1: one record a line, nothing to check it by */
        while (p < end) {
            char *nl = memchr(p, '\n', (size_t)(end - p));
            lineno++;
            if (!nl) {
                /* A record cut short by a crash: what was being written is lost. */
                diags_add(d, DIAG_WARNING, path, lineno, _("incomplete last record ignored"));
                break;
            }
            *nl = '\0';
            if (nl > p && nl[-1] == '\r')
                nl[-1] = '\0';
            char *line = p;
            p = nl + 1;
            if (parse_record(st, line, lineno, path, d) < 0) {
                rc = -1;
                break;
            }
        }
    }
    if (st->base_exists && stat(draft_path, &ds) == 0)
        st->base_matches = ds.st_size == st->base_size && ds.st_mtim.tv_sec == st->base_sec &&
                           ds.st_mtim.tv_nsec == st->base_nsec;
    else
        st->base_matches = !st->base_exists && stat(draft_path, &ds) != 0;
    free(text);
    st->path = path;   /* for the places in replay warnings */
    return rc;
}

void journal_state_free(struct journal_state *st)
{
    for (size_t i = 0; i < st->nrecs; i++)
        edit_clear(&st->recs[i].e);
    free(st->recs);
    free(st->path);
    st->recs = NULL;
    st->path = NULL;
    st->nrecs = st->nedits = st->reccap = 0;
}

bool journal_should_offer(const struct journal_state *st)
{
    return st->exists && st->nedits > 0 && st->newer;
}

static void set_last(char **last_id, const char *id)
{
    if (!last_id || !id)
        return;
    free(*last_id);
    *last_id = strdup(id);
}

size_t journal_replay(const struct journal_state *st, struct draft *d, struct history *h,
                      char **last_id, struct diags *diag)
{
    size_t applied = 0;
    char why[256];
    if (last_id)
        *last_id = NULL;
    for (size_t i = 0; i < st->nrecs; i++) {
        const struct jrec *r = &st->recs[i];
        const char *id = NULL;
        int rc;
        why[0] = '\0';
        if (r->kind == JREC_EDIT) {
            struct edit inv = {0};
            rc = draft_apply(d, &r->e, h ? &inv : NULL, why, sizeof why);
            if (rc == 0 && h && history_push(h, &r->e, &inv) < 0) {
                /* not in the history: take it back so that the draft and
                 * its undo steps (and the records after) stay in step */
                char ignored[64];
                rc = -1;
                if (draft_apply(d, &inv, NULL, ignored, sizeof ignored) == 0)
                    u8_snprintf(why, sizeof why, "%s", _("out of memory"));
                else
                    u8_snprintf(why, sizeof why, "%s",
                             _("out of memory (the change stays but cannot be undone)"));
            }
            edit_clear(&inv);
            /* A meta change touches no node; an added indicator is the
             * node worth returning to. */
            id = r->e.kind == EDIT_META ? NULL : r->e.id;
        } else if (!h) {
            rc = -1;
            u8_snprintf(why, sizeof why, "%s", _("undo and redo need a history"));
        } else {
            rc = r->kind == JREC_UNDO ? history_undo(h, d, &id, why, sizeof why)
                                      : history_redo(h, d, &id, why, sizeof why);
            if (rc == 1) {
                rc = -1;
                u8_snprintf(why, sizeof why, "%s", _("nothing to undo or redo"));
            }
        }
        if (rc != 0) {
            diags_add(diag, DIAG_WARNING, st->path, r->line,
                      _("journal record not applied: %s"), why);
            continue;
        }
        applied++;
        set_last(last_id, id);
    }
    return applied;
}
