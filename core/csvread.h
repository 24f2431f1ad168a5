/* csvread.h - private to csvio.c: the record reader over libcsv.
 *
 * csvio_read_buffer checks and converts the text, then hands it here.
 * Texts of a megabyte or more are parsed on a second thread while the
 * caller's callback works through the records already read (a large form
 * in two parts, on two threads: csvread_thread.c); the callback always
 * runs on the calling thread, in file order, and the diagnostics are the
 * same either way.
 */
#ifndef JIXIAO_CSVREAD_H
#define JIXIAO_CSVREAD_H

#include <stdbool.h>
#include <stddef.h>

#include "csvio.h"
#include "compiler.h"

/* Beyond these a file is hostile, not a scoring table. */
#define CSVIO_MAX_FIELDS 4096
#define CSVIO_MAX_FIELD (4u << 20)

/* Flags: CSVREAD_CHECK_UTF8, the data may hold invalid UTF-8: the reader
 * checks each batch before its records are handed on and stops at the
 * first invalid byte, with its line (the records before it have been
 * handed on). CSVREAD_MAY_SPLIT, the callback does less a record than
 * libcsv does: a large text may be parsed in two parts at once, the
 * second from a line end near its middle, taken only when the first part
 * ends between records there (otherwise the first part's parser goes on
 * and the second part's work is dropped). */
enum { CSVREAD_CHECK_UTF8 = 1, CSVREAD_MAY_SPLIT = 2 };

/* Parse data (no NUL, no BOM) and call fn per record, with the line it
 * starts on. Returns as csvio_read_buffer. */
int csvread_run(const char *name, const char *data, size_t len, unsigned flags,
                csvio_record_fn fn, void *ctx, struct diags *d) JX_WARN_UNUSED;

/* The same for a file read in pieces from fd (on the parsing thread when
 * there is one): head holds the len bytes read of it so far, in a
 * malloc'd buffer of cap bytes, now the reader's (it is freed). The
 * rest is checked as UTF-8 batch by batch and for NUL bytes window by
 * window, each stopping the reading with its line; a read error or more
 * than max bytes in all stops it with "cannot read". fd is not closed; a
 * second part is read from it with pread. */
int csvread_run_fd(const char *name, int fd, char *head, size_t len, size_t cap, size_t max,
                   unsigned flags, csvio_record_fn fn, void *ctx, struct diags *d)
    JX_WARN_UNUSED;

/* Texts from this size on are checked by csvread_run (check_utf8) once
 * their first CSVREAD_LAZY_HEAD bytes (whole lines) are found to be
 * UTF-8; smaller ones are checked whole first, and nothing is read from
 * a text with an invalid byte. */
#define CSVREAD_LAZY_MIN ((size_t)1 << 20)
#define CSVREAD_LAZY_HEAD ((size_t)64 << 10)

/* End of the line starting at off: past its '\n', past a lone '\r', or
 * len. *cr remembers where the next CR is between calls over the same
 * text (lines in order): start it at CSVREAD_CR_UNKNOWN, and again when
 * the text changes. */
#define CSVREAD_CR_UNKNOWN ((size_t)-1)
size_t csvread_line_end(const char *data, size_t off, size_t len, size_t *cr);

/* For tests and benchmarks: when to parse on a second thread. SPLIT:
 * always on threads, and a text split (with CSVREAD_MAY_SPLIT) whatever
 * its size. */
enum { CSVREAD_AUTO, CSVREAD_INLINE, CSVREAD_THREAD, CSVREAD_SPLIT };

/* Where AUTO splits buf[0, n), a piece of a text from near its middle:
 * the offset just past a line end that seems to start a record (the
 * first quote after it does not close a field), or n. */
size_t csvread_split_pick(const char *buf, size_t n);
#define CSVREAD_SPLIT_MIN ((size_t)4 << 20)   /* AUTO splits no smaller text */

/* For tests: texts split so far, and those of them whose second part was
 * taken (the first part ended between records at the split). */
void csvread_split_counts(unsigned long *split, unsigned long *taken);
void csvread_set_mode(int mode);

#endif
