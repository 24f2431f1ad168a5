/* journal.c - recovery journal and lock files (format in journal.h). */
#include "journal.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fileio.h"
#include "grow.h"
#include "i18n.h"
#include "strbuf.h"
#include "utf8.h"

#define JOURNAL_MAGIC "JIXIAO-JOURNAL 2"
#define JOURNAL_MAGIC_V1 "JIXIAO-JOURNAL 1"

struct journal {
    int fd;
    char *path;
    off_t good;              /* end of the last record wholly written */
    bool torn;               /* bytes after good may be a torn record */
    struct strbuf pending;   /* records not yet written (a write failed) */
};

static const char *const kind_names[] = {
    [EDIT_SCORE] = "score", [EDIT_FIGURE] = "figure",  [EDIT_MARK] = "mark",
    [EDIT_NOTE] = "note",   [EDIT_META] = "meta",      [EDIT_ADD_CUSTOM] = "add",
    [EDIT_DEL_CUSTOM] = "del", [EDIT_REVIEW_SCORE] = "review_score",
    [EDIT_REVIEW_STATUS] = "review_status", [EDIT_REVIEW_COMMENT] = "review_comment",
    [EDIT_EVIDENCE] = "evidence", [EDIT_CUSTOM_SET] = "custom_set",
    [EDIT_RESTORE_CUSTOM] = "restore", [EDIT_OVERRIDE] = "override",
    [EDIT_TARGET] = "target", [EDIT_NA] = "na",
};
#define NKINDS (sizeof kind_names / sizeof kind_names[0])
/* a change the journal cannot name would be lost in a crash */
_Static_assert(NKINDS == EDIT__COUNT, "every edit kind needs a journal name");

/* "DIR/.NAME<suffix>" for draft_path "DIR/NAME", shortened with a hash
 * when NAME is too long for the name limit (fileio_name_beside). */
static char *hidden_path(const char *draft_path, const char *suffix)
{
    return fileio_name_beside(draft_path, ".", suffix);
}

char *journal_path_for(const char *draft_path)
{
    return hidden_path(draft_path, ".jixiao-journal");
}

char *journal_lock_path_for(const char *draft_path)
{
    return hidden_path(draft_path, ".jixiao-lock");
}

static void set_why(char *why, size_t n, const char *fmt, const char *path, int err)
{
    if (why && n)
        u8_snprintf(why, n, fmt, path, strerror(err));
}

/* ---- building records (in a strbuf) ---- */

/* A field, escaped so that it holds no TAB or newline. */
static void buf_field(struct strbuf *b, const char *s)
{
    strbuf_put(b, "\t", 1);
    if (!s) {
        strbuf_puts(b, "\\N");
        return;
    }
    for (; *s; s++) {
        switch (*s) {
        case '\\': strbuf_puts(b, "\\\\"); break;
        case '\t': strbuf_puts(b, "\\t"); break;
        case '\n': strbuf_puts(b, "\\n"); break;
        case '\r': strbuf_puts(b, "\\r"); break;
        default: strbuf_put(b, s, 1);
        }
    }
}

/* CRC-32 (IEEE 802.3, the one of zip and PNG), bit by bit: records are
 * short, and it keeps the journal free of another library. */
uint32_t journal_crc32(const void *p, size_t n)
{
    const unsigned char *s = p;
    uint32_t c = 0xFFFFFFFFu;
    while (n--) {
        c ^= *s++;
        for (int k = 0; k < 8; k++)
            c = (c >> 1) ^ (0xEDB88320u & (0u - (c & 1u)));
    }
    return ~c;
}

/* Write all of len bytes (through fileio_ops, so that tests can make the
 * disk full) and sync. Returns 0, or -1 with errno. */
static int write_sync(int fd, const char *p, size_t len)
{
    while (len) {
        ssize_t w = fileio_ops.write(fd, p, len);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        if (w == 0) {
            errno = ENOSPC;
            return -1;
        }
        p += w;
        len -= (size_t)w;
    }
    return fileio_ops.fsync(fd);
}

/* ---- writing ---- */

static struct journal *journal_open(const char *draft_path, int flags, char *why, size_t whylen)
{
    struct journal *j = calloc(1, sizeof *j);
    char *path = journal_path_for(draft_path);
    if (!j || !path) {
        free(j);
        free(path);
        set_why(why, whylen, _("%s: %s"), draft_path, ENOMEM);
        return NULL;
    }
    /* a symlink, FIFO or device planted at the name is refused, not
     * followed or waited on (fileio_open_beside) */
    char reason[768];
    j->fd = fileio_open_beside(path, flags | O_WRONLY | O_APPEND, 0600, 0, reason, sizeof reason);
    struct stat st;
    if (j->fd >= 0 && fstat(j->fd, &st) != 0) {
        snprintf(reason, sizeof reason, _("%s: %s"), path, strerror(errno));
        close(j->fd);
        j->fd = -1;
    }
    if (j->fd < 0) {
        if (why && whylen)
            u8_snprintf(why, whylen, _("cannot keep the recovery journal: %s"), reason);
        free(path);
        free(j);
        return NULL;
    }
    j->good = st.st_size;
    j->path = path;
    return j;
}

/* Append buf (whole records) after the last good record. A write that
 * failed earlier may have left part of a record: that torn tail is cut off
 * first, so that it cannot merge with what follows. */
static int put_records(struct journal *j, const char *p, size_t n)
{
    if (j->torn) {
        if (ftruncate(j->fd, j->good) != 0)
            return -1;
        j->torn = false;
    }
    if (write_sync(j->fd, p, n) != 0) {
        int err = errno;
        j->torn = true;
        if (ftruncate(j->fd, j->good) == 0)
            j->torn = false;   /* cut already; else before the next write */
        errno = err;
        return -1;
    }
    j->good += (off_t)n;
    return 0;
}

struct journal *journal_start(const char *draft_path, const char *form_hash, char *why,
                              size_t whylen)
{
    struct journal *j = journal_open(draft_path, O_CREAT, why, whylen);
    if (!j)
        return NULL;
    struct strbuf b = {0};
    char line[128];
    strbuf_puts(&b, JOURNAL_MAGIC "\nform ");
    strbuf_puts(&b, form_hash ? form_hash : "-");
    struct stat st;
    if (stat(draft_path, &st) == 0)
        snprintf(line, sizeof line, "\nbase %lld %lld %ld\n", (long long)st.st_size,
                 (long long)st.st_mtim.tv_sec, (long)st.st_mtim.tv_nsec);
    else
        snprintf(line, sizeof line, "\nbase none\n");
    strbuf_puts(&b, line);
    int err = b.oom ? ENOMEM : 0;
    /* replacing an old journal: it was checked to be ours */
    j->good = 0;
    j->torn = true;
    if (!err && put_records(j, b.p, b.n) < 0)
        err = errno;
    free(b.p);
    /* the new file's name must survive a power cut too: sync its folder */
    if (!err) {
        char *dir = strdup(j->path);
        char *slash = dir ? strrchr(dir, '/') : NULL;
        if (slash)
            *slash = '\0';
        int dfd = dir ? open(slash ? (*dir ? dir : "/") : ".", O_RDONLY | O_DIRECTORY) : -1;
        if (dfd >= 0) {
            if (fsync(dfd) != 0 && errno != EINVAL)
                err = errno;
            close(dfd);
        }
        free(dir);
    }
    if (err) {
        set_why(why, whylen, _("%s: cannot write the recovery journal: %s"), j->path, err);
        journal_discard(j);
        return NULL;
    }
    return j;
}

struct journal *journal_continue(const char *draft_path, char *why, size_t whylen)
{
    return journal_open(draft_path, 0, why, whylen);
}

/* Frame the payload in b as one record "LEN CRC32 PAYLOAD\n" and append
 * it, after any records a failed write left waiting (so that the journal
 * holds every change in order, as the history does). */
static int append(struct journal *j, struct strbuf *b, char *why, size_t whylen)
{
    int err = b->oom ? ENOMEM : 0;
    if (!err) {
        char head[48];
        int hn = snprintf(head, sizeof head, "%zu %08" PRIx32 " ", b->n,
                          journal_crc32(b->p, b->n));
        strbuf_put(&j->pending, head, (size_t)hn);
        strbuf_put(&j->pending, b->p, b->n);
        strbuf_put(&j->pending, "\n", 1);
        if (j->pending.oom)
            err = ENOMEM;
    }
    free(b->p);
    if (!err && put_records(j, j->pending.p, j->pending.n) < 0)
        err = errno;
    if (!err) {
        j->pending.n = 0;
        return 0;
    }
    set_why(why, whylen, _("%s: cannot write the recovery journal: %s"), j->path, err);
    return -1;
}

int journal_append_edit(struct journal *j, const struct edit *e, char *why, size_t whylen)
{
    struct strbuf b = {0};
    strbuf_puts(&b, "edit\t");
    strbuf_puts(&b, (size_t)e->kind < NKINDS ? kind_names[e->kind] : "?");
    buf_field(&b, e->id);
    buf_field(&b, e->key);
    buf_field(&b, e->value);
    buf_field(&b, e->points);
    buf_field(&b, e->desc);
    buf_field(&b, e->score);
    buf_field(&b, e->note);
    return append(j, &b, why, whylen);
}

int journal_append_undo(struct journal *j, char *why, size_t whylen)
{
    struct strbuf b = {0};
    strbuf_puts(&b, "undo");
    return append(j, &b, why, whylen);
}

int journal_append_redo(struct journal *j, char *why, size_t whylen)
{
    struct strbuf b = {0};
    strbuf_puts(&b, "redo");
    return append(j, &b, why, whylen);
}

void journal_close(struct journal *j)
{
    if (!j)
        return;
    close(j->fd);
    strbuf_free(&j->pending);
    free(j->path);
    free(j);
}

void journal_discard(struct journal *j)
{
    if (!j)
        return;
    unlink(j->path);
    journal_close(j);
}

int journal_remove(const char *draft_path)
{
    char *path = journal_path_for(draft_path);
    if (!path)
        return -1;
    /* only a journal of ours: a symlink, FIFO or device planted at its
     * name, or another user's file, is left where it is */
    struct stat st;
    int r = lstat(path, &st);
    if (r == 0 && S_ISREG(st.st_mode) && st.st_uid == geteuid())
        r = unlink(path);
    if (r < 0 && errno == ENOENT)
        r = 0;
    free(path);
    return r;
}

/* ---- reading ---- */

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
        if (strcmp(f[1], kind_names[k]) == 0)
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
