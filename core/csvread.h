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

#include <stddef.h>

#include "csvio.h"

/* Beyond these a file is hostile, not a scoring table. */
#define CSVIO_MAX_FIELDS 4096
#define CSVIO_MAX_FIELD (4u << 20)

/* Parse data (valid UTF-8, no NUL, no BOM) and call fn per record, with
 * the line it starts on. Returns as csvio_read_buffer. */
int csvread_run(const char *name, const char *data, size_t len, csvio_record_fn fn, void *ctx,
                struct diags *d);

/* End of the line starting at off: past its '\n', past a lone '\r', or len. */
size_t csvread_line_end(const char *data, size_t off, size_t len);

/* For tests and benchmarks: when to parse on a second thread. */
enum { CSVREAD_AUTO, CSVREAD_INLINE, CSVREAD_THREAD };
void csvread_set_mode(int mode);

#endif
