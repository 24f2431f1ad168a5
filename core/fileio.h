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

struct fileio_ops {
    ssize_t (*write)(int fd, const void *buf, size_t n);
    int (*fsync)(int fd);
    int (*rename)(const char *from, const char *to);
    int (*close)(int fd);
};

/* The operations in use; tests may overwrite members and restore them. */
extern struct fileio_ops fileio_ops;
extern const struct fileio_ops fileio_default_ops;

/* Write buf to path atomically. Returns 0, or -1 with a translated reason
 * ("cannot write x.csv: No space left on device") in why. */
int fileio_write_atomic(const char *path, const void *buf, size_t len, char *why,
                        size_t whylen);

/* Prefix of jixiao's temp files ("NAME.jixiao-tmp-XXXXXX" beside NAME). */
#define FILEIO_TMP_INFIX ".jixiao-tmp-"

#endif
