/* fileio.h - every file jixiao writes goes through here.
 *
 * Saving is atomic: a temp file in the same folder, write, fsync, rename
 * over the target, fsync the folder. On any failure the old file is
 * untouched and the temp file is removed. The system calls go through a
 * table that tests replace to inject faults (ENOSPC, EIO) at every step.
 */
#ifndef JIXIAO_FILEIO_H
#define JIXIAO_FILEIO_H

#include <stddef.h>
#include <sys/types.h>
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

/* Prefix of jixiao's temp files ("NAME.jixiao-tmp-XXXXXX" beside NAME). */
#define FILEIO_TMP_INFIX ".jixiao-tmp-"

/* Remove the temp files a crashed save left beside path: regular files
 * named exactly "NAME.jixiao-tmp-XXXXXX" (six characters as mkstemp makes
 * them). Call it when opening path, after taking its lock (journal_lock),
 * so that no live jixiao is in the middle of writing one. Returns how many
 * were removed, or -1 with a reason in why when the folder cannot be read
 * or a file cannot be removed (the others are still removed). */
int fileio_clean_stale(const char *path, char *why, size_t whylen) JX_WARN_UNUSED JX_NONNULL(1);

/* True when name (a file name, no folder) is a temp file of base. */
int fileio_is_temp_of(const char *name, const char *base);

#endif
