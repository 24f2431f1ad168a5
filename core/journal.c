/* journal.c - writing the recovery journal: its paths and records (format in journal.h). */
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
#include "i18n.h"
#include "journal_impl.h"
#include "strbuf.h"
#include "utf8.h"

struct journal {
    int fd;
    char *path;
    off_t good;              /* end of the last record wholly written */
    bool torn;               /* bytes after good may be a torn record */
    struct strbuf pending;   /* records not yet written (a write failed) */
};

const char *const journal_kind_names[] = {
    [EDIT_SCORE] = "score", [EDIT_FIGURE] = "figure",  [EDIT_MARK] = "mark",
    [EDIT_NOTE] = "note",   [EDIT_META] = "meta",      [EDIT_ADD_CUSTOM] = "add",
    [EDIT_DEL_CUSTOM] = "del", [EDIT_REVIEW_SCORE] = "review_score",
    [EDIT_REVIEW_STATUS] = "review_status", [EDIT_REVIEW_COMMENT] = "review_comment",
    [EDIT_EVIDENCE] = "evidence", [EDIT_CUSTOM_SET] = "custom_set",
    [EDIT_RESTORE_CUSTOM] = "restore", [EDIT_OVERRIDE] = "override",
    [EDIT_TARGET] = "target", [EDIT_NA] = "na",
};
/* a change the journal cannot name would be lost in a crash */
_Static_assert(sizeof journal_kind_names / sizeof journal_kind_names[0] == EDIT__COUNT,
               "every edit kind needs a journal name");

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
    strbuf_puts(&b, (size_t)e->kind < NKINDS ? journal_kind_names[e->kind] : "?");
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
