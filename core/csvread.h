/* csvread.h - private to csvio.c: the record reader over libcsv.
 *
 * csvio_read_buffer checks and converts the text, then hands it here.
 * Texts of a megabyte or more are parsed on a second thread while the
 * caller's callback works through the records already read; the callback
 * always runs on the calling thread, in file order, and the diagnostics
 * are the same either way.
 */
#ifndef JIXIAO_CSVREAD_H
#define JIXIAO_CSVREAD_H

#include <stdbool.h>
#include <stddef.h>

#include "csvio.h"

/* Beyond these a file is hostile, not a scoring table. */
#define CSVIO_MAX_FIELDS 4096
#define CSVIO_MAX_FIELD (4u << 20)

/* Parse data (no NUL, no BOM) and call fn per record, with the line it
 * starts on. Returns as csvio_read_buffer. The data is valid UTF-8, or
 * with check_utf8 the reader checks each batch before its records are
 * handed on and stops at the first invalid byte, with its line (the
 * records before it have been handed on). */
int csvread_run(const char *name, const char *data, size_t len, bool check_utf8,
                csvio_record_fn fn, void *ctx, struct diags *d);

/* The same for a file read in pieces from fd (on the parsing thread when
 * there is one): head holds the len bytes read of it so far, in a
 * malloc'd buffer of cap bytes, now the reader's (it is freed). The
 * rest is checked as UTF-8 batch by batch and for NUL bytes window by
 * window, each stopping the reading with its line; a read error or more
 * than max bytes in all stops it with "cannot read". fd is not closed. */
int csvread_run_fd(const char *name, int fd, char *head, size_t len, size_t cap, size_t max,
                   csvio_record_fn fn, void *ctx, struct diags *d);

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

/* For tests and benchmarks: when to parse on a second thread. */
enum { CSVREAD_AUTO, CSVREAD_INLINE, CSVREAD_THREAD };
void csvread_set_mode(int mode);

#endif
