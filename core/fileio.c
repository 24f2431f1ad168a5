/* fileio.c - atomic saves with injectable faults. */
#include "fileio.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <nettle/sha2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "i18n.h"
#include "utf8.h"

static ssize_t sys_write(int fd, const void *buf, size_t n) { return write(fd, buf, n); }
static int sys_fsync(int fd) { return fsync(fd); }
static int sys_rename(const char *a, const char *b) { return rename(a, b); }
static int sys_close(int fd) { return close(fd); }
static int sys_mkstemp(char *tmpl) { return mkstemp(tmpl); }

const struct fileio_ops fileio_default_ops = {sys_write, sys_fsync, sys_rename, sys_close,
                                              sys_mkstemp};
struct fileio_ops fileio_ops = {sys_write, sys_fsync, sys_rename, sys_close, sys_mkstemp};

static int fail(char *why, size_t whylen, const char *what, const char *path, int err)
{
    u8_snprintf(why, whylen, what, path, fileio_strerror(err));
    return -1;
}

int fileio_open_beside(const char *path, int flags, mode_t mode, unsigned how, char *why,
                       size_t whylen)
{
    int fd = open(path, flags | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, mode);
    if (fd < 0) {
        int err = errno;
        if (why && whylen) {
            if (err == ELOOP)
                u8_snprintf(why, whylen, _("%s is a symbolic link, not a file of jixiao's: not used"),
                         path);
            else
                u8_snprintf(why, whylen, _("%s: %s"), path, strerror(err));
        }
        errno = err;
        return -1;
    }
    struct stat st;
    const char *bad = NULL;
    if (fstat(fd, &st) != 0)
        bad = strerror(errno);
    else if (!S_ISREG(st.st_mode))
        bad = _("not a regular file (a FIFO, device, socket or folder was put there)");
    else if (!(how & FILEIO_ANY_OWNER) && st.st_uid != geteuid())
        bad = _("it belongs to another user");
    else if (!(how & FILEIO_ANY_OWNER) && st.st_nlink != 1)
        bad = _("it has other names (hard links)");
    if (!bad) {
        int fl = fcntl(fd, F_GETFL);
        if (fl < 0 || fcntl(fd, F_SETFL, fl & ~O_NONBLOCK) < 0)
            bad = strerror(errno);
    }
    if (bad) {
        if (why && whylen)
            u8_snprintf(why, whylen, _("%s: %s; not used"), path, bad);
        close(fd);
        errno = EPERM;
        return -1;
    }
    return fd;
}

char *fileio_name_beside(const char *path, const char *prefix, const char *suffix)
{
    const char *slash = strrchr(path, '/');
    size_t dirlen = slash ? (size_t)(slash - path) + 1 : 0;
    const char *base = path + dirlen;
    size_t blen = strlen(base), plen = strlen(prefix), slen = strlen(suffix);
    char tag[18] = "";
    size_t keep = blen;
    if (plen + blen + slen > NAME_MAX) {
        /* "~" and 16 hex digits of the whole name keep shortened names of
         * different files apart */
        uint8_t h[SHA256_DIGEST_SIZE];
        struct sha256_ctx c;
        sha256_init(&c);
        sha256_update(&c, blen, (const uint8_t *)base);
        sha256_digest(&c, sizeof h, h);
        tag[0] = '~';
        for (int i = 0; i < 8; i++)
            snprintf(tag + 1 + 2 * i, 3, "%02x", h[i]);
        size_t room = NAME_MAX - plen - slen - 17;
        keep = room < blen ? room : blen;
        if (plen + slen + 17 > NAME_MAX)
            keep = 0;
        while (keep > 0 && ((unsigned char)base[keep] & 0xC0) == 0x80)
            keep--;   /* never half a character */
    }
    size_t n = dirlen + plen + keep + strlen(tag) + slen + 1;
    char *p = malloc(n);
    if (p)
        snprintf(p, n, "%.*s%s%.*s%s%s", (int)dirlen, path, prefix, (int)keep, base, tag, suffix);
    return p;
}

/* The file a save replaces: path itself, or the target of a symlink (so
 * the link stays a link). Caller frees; NULL when out of memory. */
static char *save_target(const char *path)
{
    struct stat ls;
    if (lstat(path, &ls) != 0 || !S_ISLNK(ls.st_mode))
        return strdup(path);
    char *real = realpath(path, NULL);
    if (real)
        return real;
    /* a dangling link: the file it names is created */
    char link[PATH_MAX];
    ssize_t n = readlink(path, link, sizeof link - 1);
    if (n <= 0)
        return strdup(path);
    link[n] = '\0';
    const char *slash = strrchr(path, '/');
    if (link[0] == '/' || !slash)
        return strdup(link);
    size_t dl = (size_t)(slash - path) + 1, len = dl + (size_t)n + 1;
    char *p = malloc(len);
    if (p)
        snprintf(p, len, "%.*s%s", (int)dl, path, link);
    return p;
}

static int hash_fd(int fd, uint8_t out[32])
{
    struct sha256_ctx c;
    sha256_init(&c);
    uint8_t buf[65536];
    for (;;) {
        ssize_t n = read(fd, buf, sizeof buf);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return -1;
        if (n == 0)
            break;
        sha256_update(&c, (size_t)n, buf);
    }
    sha256_digest(&c, 32, out);
    return 0;
}

static void stamp_from(struct fileio_stamp *st, const struct stat *s)
{
    st->valid = true;
    st->exists = true;
    st->dev = s->st_dev;
    st->ino = s->st_ino;
    st->size = s->st_size;
    st->mtime = s->st_mtim;
}

int fileio_stamp_take(const char *path, struct fileio_stamp *st, char *why, size_t whylen)
{
    memset(st, 0, sizeof *st);
    /* never blocks: a FIFO named like the draft is refused, not waited on
     * (a link to the draft is followed: a draft may be opened through one) */
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0 && errno == ENOENT) {
        st->valid = true;   /* known: there is no file */
        return 0;
    }
    struct stat s;
    if (fd >= 0 && fstat(fd, &s) == 0 && !S_ISREG(s.st_mode)) {
        close(fd);
        memset(st, 0, sizeof *st);
        return fail(why, whylen, _("cannot read %s: %s"), path, FILEIO_ENOTREG);
    }
    if (fd < 0 || fstat(fd, &s) != 0 || hash_fd(fd, st->hash) != 0) {
        int err = errno;
        if (fd >= 0)
            close(fd);
        memset(st, 0, sizeof *st);
        return fail(why, whylen, _("cannot read %s: %s"), path, err);
    }
    close(fd);
    stamp_from(st, &s);
    return 0;
}

static bool stamp_same(const struct fileio_stamp *a, const struct fileio_stamp *b)
{
    if (a->exists != b->exists)
        return false;
    if (!a->exists)
        return true;
    return a->dev == b->dev && a->ino == b->ino && a->size == b->size &&
           a->mtime.tv_sec == b->mtime.tv_sec && a->mtime.tv_nsec == b->mtime.tv_nsec &&
           memcmp(a->hash, b->hash, sizeof a->hash) == 0;
}

/* The atomic save itself, to target; messages name path. */
static int write_atomic(const char *path, const char *target, const void *buf, size_t len,
                        struct fileio_stamp *out, char *why, size_t whylen)
{
    char *tmp = fileio_name_beside(target, "", FILEIO_TMP_INFIX "XXXXXX");
    char *dircopy = strdup(target);
    if (!tmp || !dircopy) {
        free(tmp);
        free(dircopy);
        u8_snprintf(why, whylen, _("cannot save %s: out of memory"), path);
        return -1;
    }
    int rc = -1;
    int fd = fileio_ops.mkstemp(tmp);
    if (fd < 0) {
        fail(why, whylen, _("cannot create a temporary file beside %s: %s"), path, errno);
        goto out;
    }
    /* A replaced file keeps its permissions, but never setuid, setgid or
     * sticky; a new one gets 0666 less the umask, as any other program's. */
    struct stat st;
    mode_t mode;
    if (stat(target, &st) == 0) {
        mode = st.st_mode & 0777;
    } else {
        mode_t mask = umask(0);
        umask(mask);
        mode = 0666 & ~mask;
    }
    fchmod(fd, mode);
    const char *p = buf;
    size_t left = len;
    while (left > 0) {
        ssize_t n = fileio_ops.write(fd, p, left);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            int err = n < 0 ? errno : EIO;
            fail(why, whylen, _("cannot write %s: %s"), path, err);
            fileio_ops.close(fd);
            unlink(tmp);
            goto out;
        }
        p += n;
        left -= (size_t)n;
    }
    if (fileio_ops.fsync(fd) != 0) {
        fail(why, whylen, _("cannot write %s: %s"), path, errno);
        fileio_ops.close(fd);
        unlink(tmp);
        goto out;
    }
    struct stat written;
    bool have_written = fstat(fd, &written) == 0;
    if (fileio_ops.close(fd) != 0) {
        fail(why, whylen, _("cannot write %s: %s"), path, errno);
        unlink(tmp);
        goto out;
    }
    if (fileio_ops.rename(tmp, target) != 0) {
        fail(why, whylen, _("cannot replace %s: %s"), path, errno);
        unlink(tmp);
        goto out;
    }
    if (out) {
        memset(out, 0, sizeof *out);
        if (have_written) {
            stamp_from(out, &written);
            struct sha256_ctx c;
            sha256_init(&c);
            sha256_update(&c, len, buf);
            sha256_digest(&c, sizeof out->hash, out->hash);
        }
    }
    /* make the rename itself durable */
    int dfd = open(dirname(dircopy), O_RDONLY | O_DIRECTORY);
    if (dfd >= 0) {
        if (fileio_ops.fsync(dfd) != 0 && errno != EINVAL) {
            fail(why, whylen, _("saved %s, but the folder could not be synced: %s"), path,
                 errno);
            close(dfd);
            rc = 0;   /* the new file is in place; report but do not fail */
            goto out;
        }
        close(dfd);
    }
    rc = 0;
    why[0] = '\0';
out:
    free(tmp);
    free(dircopy);
    return rc;
}

enum fileio_result fileio_save(const char *path, const void *buf, size_t len,
                               struct fileio_stamp *st, unsigned force, char *why,
                               size_t whylen)
{
    char *target = save_target(path);
    if (!target) {
        u8_snprintf(why, whylen, _("cannot save %s: out of memory"), path);
        return FILEIO_FAILED;
    }
    enum fileio_result res = FILEIO_FAILED;
    if (st && st->valid && !(force & FILEIO_FORCE_CHANGED)) {
        struct fileio_stamp now;
        if (fileio_stamp_take(target, &now, why, whylen) != 0)
            goto out;
        if (!stamp_same(st, &now)) {
            u8_snprintf(why, whylen, _("%s changed on disk since it was read"), path);
            res = FILEIO_CHANGED;
            goto out;
        }
    }
    struct stat cur;
    if (!(force & FILEIO_FORCE_READONLY) && stat(target, &cur) == 0 &&
        !(cur.st_mode & S_IWUSR)) {
        /* not access(W_OK): root may write anything, but the owner said no */
        u8_snprintf(why, whylen, _("%s is read-only"), path);
        res = FILEIO_READONLY;
        goto out;
    }
    res = write_atomic(path, target, buf, len, st, why, whylen) == 0 ? FILEIO_SAVED
                                                                      : FILEIO_FAILED;
out:
    free(target);
    return res;
}

int fileio_write_atomic(const char *path, const void *buf, size_t len, char *why, size_t whylen)
{
    return fileio_save(path, buf, len, NULL, FILEIO_FORCE_READONLY, why, whylen) ==
                   FILEIO_SAVED
               ? 0
               : -1;
}

int fileio_is_temp_of(const char *name, const char *base)
{
    /* the name as the save makes it: it may have been shortened */
    char *full = fileio_name_beside(base, "", FILEIO_TMP_INFIX "XXXXXX");
    if (!full)
        return 0;
    size_t slen = strlen(full) - 6;
    int match = strncmp(name, full, slen) == 0;
    free(full);
    if (!match)
        return 0;
    const char *x = name + slen;
    for (int i = 0; i < 6; i++)
        if (!isalnum((unsigned char)x[i]))
            return 0;
    return x[6] == '\0';
}

int fileio_clean_stale(const char *path, char *why, size_t whylen)
{
    /* a save through a symlink writes its temp file beside the target */
    char *dcopy = save_target(path), *bcopy = dcopy ? strdup(dcopy) : NULL;
    if (!dcopy || !bcopy) {
        free(dcopy);
        free(bcopy);
        u8_snprintf(why, whylen, _("cannot clean up beside %s: out of memory"), path);
        return -1;
    }
    const char *dir = dirname(dcopy), *base = basename(bcopy);
    int removed = 0, failed = 0;
    DIR *dp = opendir(dir);
    if (!dp) {
        fail(why, whylen, _("cannot look for leftover temporary files beside %s: %s"), path,
             errno);
        removed = -1;
        goto out;
    }
    struct dirent *e;
    while ((e = readdir(dp)) != NULL) {
        if (!fileio_is_temp_of(e->d_name, base))
            continue;
        struct stat st;
        if (fstatat(dirfd(dp), e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISREG(st.st_mode))
            continue;
        if (unlinkat(dirfd(dp), e->d_name, 0) == 0) {
            removed++;
        } else if (!failed) {
            failed = errno;
            u8_snprintf(why, whylen, _("cannot remove the leftover temporary file %s/%s: %s"), dir,
                     e->d_name, strerror(errno));
        }
    }
    closedir(dp);
    if (failed)
        removed = -1;
    else
        why[0] = '\0';
out:
    free(dcopy);
    free(bcopy);
    return removed;
}

FILE *fileio_fopen_read(const char *path)
{
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
        return NULL;
    struct stat st;
    int err = 0;
    if (fstat(fd, &st) != 0)
        err = errno;
    else if (S_ISDIR(st.st_mode))
        err = EISDIR;
    else if (!S_ISREG(st.st_mode))
        err = FILEIO_ENOTREG;
    FILE *f = NULL;
    if (!err) {
        int fl = fcntl(fd, F_GETFL);
        if (fl >= 0)
            (void)fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
        f = fdopen(fd, "rb");
        if (!f)
            err = errno;
    }
    if (!f) {
        close(fd);
        errno = err;
    }
    return f;
}

const char *fileio_strerror(int err)
{
    return err == FILEIO_ENOTREG ? _("not a regular file (a pipe, a device or a socket)")
                                 : strerror(err);
}
