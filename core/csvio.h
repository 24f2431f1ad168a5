/* csvio.h - CSV reading and writing on top of libcsv.
 *
 * The reader streams records to a callback with the line each record starts
 * on, so loaders can report "FILE:LINE: message" without keeping the whole
 * table. It strips a UTF-8 BOM, accepts CRLF and LF, and refuses malformed
 * quoting (libcsv strict mode) and invalid UTF-8 with the line where the
 * problem is.
 */
#ifndef JIXIAO_CSVIO_H
#define JIXIAO_CSVIO_H

#include <stdbool.h>
#include <stddef.h>
#include "diag.h"

/* Called once per record. fields[i] are NUL-terminated and valid only
 * during the call. Return 0 to go on, non-zero to stop reading. */
typedef int (*csvio_record_fn)(void *ctx, long line, char **fields, size_t n);

/* Returns 0 when the whole input was read, 1 when reading stopped at a
 * problem (diagnostic added) or the callback asked to stop, -1 when the
 * file cannot be read at all (diagnostic added). */
int csvio_read_file(const char *path, csvio_record_fn fn, void *ctx, struct diags *d);
int csvio_read_buffer(const char *name, const char *data, size_t len, csvio_record_fn fn,
                      void *ctx, struct diags *d);

/* Read a whole file into memory (NUL-terminated). Returns NULL and sets
 * errno on failure. Refuses files over max bytes with EFBIG. */
char *csvio_slurp(const char *path, size_t max, size_t *len);

/* A growable output buffer. */
struct strbuf {
    char *p;
    size_t n, cap;
    bool oom;          /* set once an allocation failed */
};

void strbuf_put(struct strbuf *b, const char *s, size_t n);
void strbuf_puts(struct strbuf *b, const char *s);
void strbuf_free(struct strbuf *b);

/* Append one field, quoted (via libcsv) only when it must be: it contains
 * a comma, quote, CR or LF, or starts or ends with a space. first says
 * whether it opens a record (no comma before it). */
void csvio_put_field(struct strbuf *b, const char *s, bool first);
/* End a record with CRLF. */
void csvio_end_record(struct strbuf *b);

#endif
