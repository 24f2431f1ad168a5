/* journal_lock.c - the "already open" lock beside a draft (format in
 * journal.h): one jixiao edits a draft at a time. */
#include "journal.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "i18n.h"

static void set_why(char *why, size_t n, const char *fmt, const char *path, int err)
{
    if (why && n)
        snprintf(why, n, fmt, path, strerror(err));
}

static int write_lock(const char *path, char *why, size_t whylen)
{
    int fd = open(path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0600);
    if (fd < 0)
        return -1;
    char host[256] = "";
    gethostname(host, sizeof host - 1);
    char line[320];
    int n = snprintf(line, sizeof line, "%ld %s\n", (long)getpid(), host);
    /* No fsync: after a crash a lock is stale anyway (its pid is gone). */
    int r = write(fd, line, (size_t)n) == n ? 0 : -1;
    int err = errno;
    close(fd);
    if (r < 0) {
        unlink(path);
        set_why(why, whylen, _("%s: cannot create the lock file: %s"), path, err);
        errno = err;
        return -2;
    }
    return 0;
}

static bool read_lock(const char *path, struct lock_owner *o)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return false;
    char line[320] = "";
    bool ok = fgets(line, sizeof line, f) != NULL;
    fclose(f);
    o->pid = 0;
    o->host[0] = '\0';
    char *sp = strchr(line, ' ');
    if (!ok || !sp)
        return false;
    o->pid = strtol(line, NULL, 10);
    snprintf(o->host, sizeof o->host, "%s", sp + 1);
    o->host[strcspn(o->host, "\r\n")] = '\0';
    return true;
}

static bool pid_alive(long pid)
{
    return pid > 0 && (kill((pid_t)pid, 0) == 0 || errno == EPERM);
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
    enum lock_result res = LOCK_FAILED;
    /* Two tries: the second after removing a stale lock. */
    for (int attempt = 0; attempt < 2; attempt++) {
        int r = write_lock(path, why, whylen);
        if (r == 0) {
            res = LOCK_OK;
            break;
        }
        if (r == -2 || errno != EEXIST) {
            if (r == -1)
                set_why(why, whylen, _("%s: cannot create the lock file: %s"), path, errno);
            break;
        }
        char host[256] = "";
        gethostname(host, sizeof host - 1);
        bool parsed = read_lock(path, owner);
        /* Only a lock of this host can be judged stale; an unreadable or
         * empty lock is left by a crash between create and write. */
        bool stale = !parsed || (strcmp(owner->host, host) == 0 && !pid_alive(owner->pid));
        if (!stale || attempt == 1) {
            res = LOCK_BUSY;
            break;
        }
        owner->stale = true;
        unlink(path);
    }
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
