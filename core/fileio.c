/* fileio.c - atomic saves with injectable faults. */
#include "fileio.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "i18n.h"

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
    snprintf(why, whylen, what, path, strerror(err));
    return -1;
}

int fileio_write_atomic(const char *path, const void *buf, size_t len, char *why, size_t whylen)
{
    size_t plen = strlen(path);
    char *tmp = malloc(plen + sizeof FILEIO_TMP_INFIX + 6);
    char *dircopy = strdup(path);
    if (!tmp || !dircopy) {
        free(tmp);
        free(dircopy);
        snprintf(why, whylen, _("cannot save %s: out of memory"), path);
        return -1;
    }
    sprintf(tmp, "%s%sXXXXXX", path, FILEIO_TMP_INFIX);
    int rc = -1;
    int fd = fileio_ops.mkstemp(tmp);
    if (fd < 0) {
        fail(why, whylen, _("cannot create a temporary file beside %s: %s"), path, errno);
        goto out;
    }
    /* keep the permissions of the file we replace, else rw-r--r-- */
    struct stat st;
    fchmod(fd, stat(path, &st) == 0 ? (st.st_mode & 07777) : 0644);
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
    if (fileio_ops.close(fd) != 0) {
        fail(why, whylen, _("cannot write %s: %s"), path, errno);
        unlink(tmp);
        goto out;
    }
    if (fileio_ops.rename(tmp, path) != 0) {
        fail(why, whylen, _("cannot replace %s: %s"), path, errno);
        unlink(tmp);
        goto out;
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

int fileio_is_temp_of(const char *name, const char *base)
{
    size_t blen = strlen(base), ilen = strlen(FILEIO_TMP_INFIX);
    if (strncmp(name, base, blen) || strncmp(name + blen, FILEIO_TMP_INFIX, ilen))
        return 0;
    const char *x = name + blen + ilen;
    for (int i = 0; i < 6; i++)
        if (!isalnum((unsigned char)x[i]))
            return 0;
    return x[6] == '\0';
}

int fileio_clean_stale(const char *path, char *why, size_t whylen)
{
    char *dcopy = strdup(path), *bcopy = strdup(path);
    if (!dcopy || !bcopy) {
        free(dcopy);
        free(bcopy);
        snprintf(why, whylen, _("cannot clean up beside %s: out of memory"), path);
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
            snprintf(why, whylen, _("cannot remove the leftover temporary file %s/%s: %s"), dir,
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
