/* fileio.h - every file jixiao writes goes through here.
 *
 * Saving is atomic: a temp file in the same folder, write, fsync, rename
 * over the target, fsync the folder. On any failure the old file is
 * untouched and the temp file is removed. The system calls go through a
 * table that tests replace to inject faults (ENOSPC, EIO) at every step.
 */
#ifndef JIXIAO_FILEIO_H
#define JIXIAO_FILEIO_H

#include <stdbool.h>
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdint.h>
#include <sys/types.h>
#include <time.h>
#include "compiler.h"

struct fileio_ops {
    ssize_t (*write)(int fd, const void *buf, size_t n);
    int (*fsync)(int fd);
    int (*rename)(const char *from, const char *to);
    int (*close)(int fd);
    int (*mkstemp)(char *tmpl);   /* creating the temp file */
};

/* The operations in use; tests may overwrite members and restore them. */
extern struct fileio_ops fileio_ops;
extern const struct fileio_ops fileio_default_ops;

/* Write buf to path atomically. Returns -1 with a translated reason
 * ("cannot write x.csv: No space left on device") in why when the old file
 * is still in place, untouched, and no temp file is left. Returns 0 when
 * the new file is in place: why is "" or, when only the final sync of the
 * folder failed, says so (the save may not survive a power cut). */
int fileio_write_atomic(const char *path, const void *buf, size_t len, char *why,
                        size_t whylen) JX_WARN_UNUSED JX_NONNULL(1);

/* What a file was when it was read, to tell at save time whether another
 * program or a colleague changed it since. valid is false when nothing is
 * known (a draft not read from its path): then nothing is compared. */
struct fileio_stamp {
    bool valid;
    bool exists;              /* false: there was no file at the path */
    dev_t dev;
    ino_t ino;
    off_t size;
    struct timespec mtime;
    uint8_t hash[32];         /* SHA-256 of the content */
};

/* Take the stamp of path (following symlinks) before it is read. A missing
 * file gives a valid stamp with exists false. Returns 0, or -1 with a
 * reason when the file is there but cannot be read. */
int fileio_stamp_take(const char *path, struct fileio_stamp *st, char *why, size_t whylen);

enum fileio_result {
    FILEIO_SAVED = 0,         /* in place; why may still say the folder sync failed */
    FILEIO_FAILED = -1,       /* not saved, old file untouched: why says so */
    FILEIO_CHANGED = 1,       /* not saved: the file is not the one stamped */
    FILEIO_READONLY = 2,      /* not saved: its owner may not write it */
};
#define FILEIO_FORCE_CHANGED 1u    /* save over a file changed since read */
#define FILEIO_FORCE_READONLY 2u   /* save over a file without owner write */

/* Save buf to path like fileio_write_atomic, but first check what is
 * there: a file whose mode lacks the owner's write bit is FILEIO_READONLY
 * (also for root, who may write anything), and a file that is not what
 * *st stamped (device, inode, size, mtime or content differ, or a file
 * appeared where there was none) is FILEIO_CHANGED; why names the path.
 * force lifts either check. A symlink is followed: its target is replaced
 * and the link stays a link. On FILEIO_SAVED *st (when not NULL) becomes
 * the stamp of the new file, so the next save compares against it. */
enum fileio_result fileio_save(const char *path, const void *buf, size_t len,
                               struct fileio_stamp *st, unsigned force, char *why,
                               size_t whylen);

/* "DIR/" PREFIX BASE SUFFIX for path "DIR/BASE": the name of a file kept
 * beside path. When that name would be longer than NAME_MAX (255 bytes;
 * a long Chinese name is 3 bytes a character), BASE is cut at a UTF-8
 * character boundary and followed by "~" and 16 hex digits of the SHA-256
 * of the whole BASE, so that it fits and the same path always gives the
 * same name. Caller frees; NULL when out of memory. */
char *fileio_name_beside(const char *path, const char *prefix, const char *suffix);

/* Open a file jixiao keeps beside a draft (journal, lock) so that nothing
 * planted there by another user is followed, read or waited on: never
 * through a symlink (O_NOFOLLOW), never blocking (O_NONBLOCK, cleared once
 * the file is known to be regular), close-on-exec; then fstat: it must be
 * a regular file and, unless FILEIO_ANY_OWNER is in how, owned by this
 * user with no other name (hard link). flags are open's (O_RDONLY, O_WRONLY, O_CREAT,
 * O_EXCL, O_APPEND...), mode the mode of a new file. Returns the fd, or -1
 * with errno kept from open (ENOENT, EEXIST, ELOOP for a symlink...) or
 * EPERM for a file that is not safe, and in why (may be NULL) a translated
 * reason naming path. A file refused after opening is left in place. */
#define FILEIO_ANY_OWNER 1u   /* reading another user's file is fine (a lock) */
int fileio_open_beside(const char *path, int flags, mode_t mode, unsigned how, char *why,
                       size_t whylen) JX_WARN_UNUSED JX_NONNULL(1);

/* Prefix of jixiao's temp files ("NAME.jixiao-tmp-XXXXXX" beside NAME). */
#define FILEIO_TMP_INFIX ".jixiao-tmp-"

/* Remove the temp files a crashed save left beside path (beside its
 * target when path is a symlink, where saves write them): regular files
 * named exactly "NAME.jixiao-tmp-XXXXXX" (six characters as mkstemp makes
 * them). Call it when opening path, after taking its lock (journal_lock),
 * so that no live jixiao is in the middle of writing one. Returns how many
 * were removed, or -1 with a reason in why when the folder cannot be read
 * or a file cannot be removed (the others are still removed). */
int fileio_clean_stale(const char *path, char *why, size_t whylen) JX_WARN_UNUSED JX_NONNULL(1);

/* True when name (a file name, no folder) is a temp file of base (with
 * base shortened as fileio_name_beside does for a long name). */
int fileio_is_temp_of(const char *name, const char *base);

/* fopen(path, "rb") for a draft, form or template named by the user: a
 * link is followed (a draft may be opened through one) but the open never
 * blocks, and only a regular file is read: NULL with errno EISDIR for a
 * folder, FILEIO_ENOTREG for a pipe, device or socket (which fopen would
 * wait on, or read for ever). */
#define FILEIO_ENOTREG EINVAL
FILE *fileio_fopen_read(const char *path) JX_WARN_UNUSED JX_NONNULL(1);
/* strerror, with FILEIO_ENOTREG said as "not a regular file". */
const char *fileio_strerror(int err);

#endif
