/* journal_lock.c - the "already open" lock beside a draft (format in
 * journal.h): one jixiao edits a draft at a time. */
#include "journal.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "fileio.h"
#include "i18n.h"
#include "utf8.h"

static void set_why(char *why, size_t n, const char *fmt, const char *path, int err)
{
    if (why && n)
        u8_snprintf(why, n, fmt, path, strerror(err));
}

/* A zombie (dead, not yet reaped by its parent) still answers kill(0):
 * on Linux its state in /proc/PID/stat is Z (or X while it goes). */
static bool pid_zombie(long pid)
{
    char name[64], buf[512];
    snprintf(name, sizeof name, "/proc/%ld/stat", pid);
    FILE *f = fopen(name, "r");
    if (!f)
        return false;
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    /* "PID (COMM) STATE ...": COMM may hold spaces and parentheses */
    char *rp = strrchr(buf, ')');
    return rp && rp[1] == ' ' && (rp[2] == 'Z' || rp[2] == 'X');
}

static bool pid_alive(long pid)
{
    return pid > 0 && (kill((pid_t)pid, 0) == 0 || errno == EPERM) && !pid_zombie(pid);
}

#define LOCK_TEMP ".jixiao-lock."

/* Create the lock with its content in one step: written to a temp file,
 * then link()ed to the lock's name, which fails with EEXIST when a lock is
 * there. So no one ever reads a lock that is half written. The temp file
 * is DIR/.jixiao-lock.HOST.PID: short whatever the draft's name, and named
 * by our host and pid, so that one left by a process killed before it
 * removed it can be told from one being written: see clean_lock_temps. */
static int write_lock(const char *path, char *why, size_t whylen)
{
    char host[256] = "";
    gethostname(host, sizeof host - 1);
    const char *slash = strrchr(path, '/');
    size_t pl = slash ? (size_t)(slash - path) + 1 : 0, tl = pl + strlen(host) + 48;
    char *tmp = malloc(tl);
    if (!tmp) {
        set_why(why, whylen, _("%s: cannot create the lock file: %s"), path, ENOMEM);
        errno = ENOMEM;
        return -2;
    }
    snprintf(tmp, tl, "%.*s" LOCK_TEMP "%s.%ld", (int)pl, path, host, (long)getpid());
    int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd < 0 && errno == EEXIST) {
        /* left by a dead process that had our pid: no live one has it */
        unlink(tmp);
        fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    }
    if (fd < 0) {
        free(tmp);
        return -1;
    }
    char line[320];
    int n = snprintf(line, sizeof line, "%ld %s\n", (long)getpid(), host);
    /* No fsync: after a crash a lock is stale anyway (its pid is gone). */
    int r = write(fd, line, (size_t)n) == n ? 0 : -1;
    int err = errno;
    close(fd);
    if (r < 0) {
        unlink(tmp);
        free(tmp);
        set_why(why, whylen, _("%s: cannot create the lock file: %s"), path, err);
        errno = err;
        return -2;
    }
    r = link(tmp, path);
    err = errno;
    unlink(tmp);
    free(tmp);
    errno = err;
    return r == 0 ? 0 : -1;
}

/* Read the lock at path; false when it is not there or not a lock. A
 * FIFO or device put there is not waited on or read (fileio_open_beside);
 * another user's lock is read: it says who has the draft open. */
static bool read_lock(const char *path, struct lock_owner *o)
{
    o->pid = 0;
    o->host[0] = '\0';
    int fd = fileio_open_beside(path, O_RDONLY, 0, FILEIO_ANY_OWNER, NULL, 0);
    if (fd < 0)
        return false;
    char line[320] = "";
    ssize_t n = read(fd, line, sizeof line - 1);
    close(fd);
    line[n > 0 ? n : 0] = '\0';
    bool ok = n > 0;
    char *sp = strchr(line, ' ');
    if (!ok || !sp)
        return false;
    o->pid = strtol(line, NULL, 10);
    snprintf(o->host, sizeof o->host, "%s", sp + 1);
    o->host[strcspn(o->host, "\r\n")] = '\0';
    return true;
}

/* Remove the lock temp files of this host (.jixiao-lock.HOST.PID, see write_lock)
 * whose process is gone: killed between creating its temp file and
 * removing it. Called with the lock held. */
static void clean_lock_temps(const char *path)
{
    char host[256] = "";
    gethostname(host, sizeof host - 1);
    const char *slash = strrchr(path, '/');
    const char *base = LOCK_TEMP;
    char *dir = slash ? strndup(path, slash == path ? 1 : (size_t)(slash - path)) : strdup(".");
    DIR *dp = dir ? opendir(dir) : NULL;
    size_t bl = strlen(base), hl = strlen(host);
    struct dirent *e;
    while (dp && (e = readdir(dp))) {
        const char *n = e->d_name;
        if (strncmp(n, base, bl) || strncmp(n + bl, host, hl) || n[bl + hl] != '.')
            continue;
        const char *pid = n + bl + hl + 1;
        if (!*pid || pid[strspn(pid, "0123456789")] || pid_alive(strtol(pid, NULL, 10)))
            continue;
        unlinkat(dirfd(dp), e->d_name, 0);
    }
    if (dp)
        closedir(dp);
    free(dir);
}

enum lock_result journal_lock(const char *draft_path, struct lock_owner *owner, char *why,
                              size_t whylen)
{
    struct lock_owner dummy;
    if (!owner)
        owner = &dummy;
    memset(owner, 0, sizeof *owner);
    char *path = journal_lock_path_for(draft_path);
    if (!path) {
        set_why(why, whylen, _("%s: %s"), draft_path, ENOMEM);
        return LOCK_FAILED;
    }
    /* busy unless taken or failed: a lock that keeps changing hands while
     * we look belongs to someone else */
    enum lock_result res = LOCK_BUSY;
    int guard = -1;
    /* A few tries: a lock may vanish or be taken over while we look. */
    for (int attempt = 0; attempt < 4; attempt++) {
        int r = write_lock(path, why, whylen);
        if (r == 0) {
            res = LOCK_OK;
            clean_lock_temps(path);
            break;
        }
        if (r == -2 || errno != EEXIST) {
            if (r == -1)
                set_why(why, whylen, _("%s: cannot create the lock file: %s"), path, errno);
            res = LOCK_FAILED;
            break;
        }
        if (guard < 0) {
            /* Taking over a stale lock is serialised on the lock file
             * itself: a second jixiao doing the same waits here, then
             * reads the lock again by name and finds ours. */
            guard = fileio_open_beside(path, O_RDONLY, 0, FILEIO_ANY_OWNER, why, whylen);
            if (guard < 0 && errno == ENOENT)
                continue;   /* gone meanwhile: try to create it again */
            if (guard < 0) {
                /* a symlink, FIFO or device planted at the lock's name:
                 * neither followed, waited on nor removed */
                char reason[768];
                snprintf(reason, sizeof reason, "%s", why ? why : "");
                if (why && whylen)
                    u8_snprintf(why, whylen, _("cannot take the lock: %s"), reason);
                res = LOCK_FAILED;
                break;
            }
            flock(guard, LOCK_EX);
        }
        char host[256] = "";
        gethostname(host, sizeof host - 1);
        if (!read_lock(path, owner)) {
            if (access(path, F_OK) != 0)
                continue;   /* gone meanwhile */
            /* unreadable: left by an older jixiao that crashed mid-write */
            owner->pid = 0;
        }
        /* Only a lock of this host can be judged stale. */
        bool stale = owner->pid == 0 ||
                     (strcmp(owner->host, host) == 0 && !pid_alive(owner->pid));
        if (!stale) {
            res = LOCK_BUSY;
            break;
        }
        owner->stale = true;
        unlink(path);
    }
    if (guard >= 0)
        close(guard);   /* releases the flock */
    free(path);
    return res;
}

void journal_unlock(const char *draft_path)
{
    char *path = journal_lock_path_for(draft_path);
    if (!path)
        return;
    struct lock_owner o;
    char host[256] = "";
    gethostname(host, sizeof host - 1);
    if (read_lock(path, &o) && o.pid == (long)getpid() && strcmp(o.host, host) == 0)
        unlink(path);
    free(path);
}

bool journal_lock_held(const char *draft_path, struct lock_owner *owner)
{
    memset(owner, 0, sizeof *owner);
    char *path = journal_lock_path_for(draft_path);
    if (!path)
        return false;
    bool read = read_lock(path, owner);
    free(path);
    if (!read || owner->pid <= 0)
        return false;   /* journal_lock would take it over */
    char host[256] = "";
    gethostname(host, sizeof host - 1);
    if (strcmp(owner->host, host) != 0)
        return true;    /* another machine's: cannot be judged stale */
    return owner->pid != (long)getpid() && pid_alive(owner->pid);
}
