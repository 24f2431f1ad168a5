/* csvio.h - CSV reading and writing on top of libcsv.
 *
 * The reader streams records to a callback with the line each record starts
 * on, so loaders can report "FILE:LINE: message" without keeping the whole
 * table. It strips a UTF-8 BOM, accepts CRLF, LF and lone CR line ends, and
 * refuses malformed quoting (libcsv strict mode), NUL bytes and invalid
 * UTF-8 with the line where the problem is.
 *
 * Encodings: input is UTF-8. A file without a UTF-8 BOM that is not valid
 * UTF-8 but decodes cleanly, as a whole, as GB18030 (what Excel and WPS
 * write on Chinese Windows, a superset of GBK and GB2312) is read as
 * GB18030 with a warning; otherwise the invalid UTF-8 is an error with its
 * line. UTF-16 and UTF-32 (recognised by their BOM) are refused plainly.
 * Nothing is ever guessed without a diagnostic.
 */
#ifndef JIXIAO_CSVIO_H
#define JIXIAO_CSVIO_H

#include <stdbool.h>
#include <stddef.h>
#include "diag.h"
#include "strbuf.h"
#include "compiler.h"

/* Called once per record. fields[i] are NUL-terminated and valid only
 * during the call. Return 0 to go on, non-zero to stop reading. */
typedef int (*csvio_record_fn)(void *ctx, long line, char **fields, size_t n);

/* Returns 0 when the whole input was read, 1 when reading stopped at a
 * problem (diagnostic added) or the callback asked to stop, -1 when the
 * file cannot be read at all (diagnostic added). */
int csvio_read_file(const char *path, csvio_record_fn fn, void *ctx, struct diags *d)
    JX_WARN_UNUSED JX_NONNULL(1, 2);

/* Where a loader's text comes from: a buffer (data, len) named name, or,
 * when data is NULL, the file name, refused when over max bytes. A large
 * file whose head is UTF-8 is read in pieces while it is parsed (never
 * whole in memory); others are read whole first. split: the callback does
 * less a record than parsing it costs (a form's loader), so a large text
 * is parsed in two parts at once; the records, lines and messages are the
 * same either way. */
struct csvio_src {
    const char *name;
    const char *data;
    size_t len;
    size_t max;
    bool split;
};
int csvio_read(const struct csvio_src *src, csvio_record_fn fn, void *ctx, struct diags *d)
    JX_WARN_UNUSED JX_NONNULL(1, 2);
int csvio_read_buffer(const char *name, const char *data, size_t len, csvio_record_fn fn,
                      void *ctx, struct diags *d) JX_WARN_UNUSED;

enum csvio_encoding {
    CSVIO_ENC_AUTO,      /* UTF-8, or GB18030 when that alone fits (with a warning) */
    CSVIO_ENC_UTF8,
    CSVIO_ENC_GB18030,   /* also GBK and GB2312, which it contains */
};

/* Name as given to --encoding ("auto", "utf-8", "gb18030", "gbk", any
 * case). Returns -1 when unknown. */
int csvio_encoding_parse(const char *name);

/* Convert data (len bytes) from enc to UTF-8 for the readers above: a
 * malloc'd NUL-terminated copy with its length in *outlen, or NULL when
 * nothing needed converting (the input is already UTF-8, a UTF-8 BOM is
 * kept) or the input cannot be converted (an error in d, *outlen = 0: test
 * d->errors). CSVIO_ENC_AUTO decodes as GB18030 only when the input is not
 * valid UTF-8, has no UTF-8 BOM and no NUL byte, and decodes cleanly as a
 * whole; it then adds the warning "read as GB18030". Used by
 * csvio_read_buffer (with AUTO), and by a caller that takes --encoding
 * before handing the result to a *_load_buffer function. */
char *csvio_to_utf8(const char *name, const char *data, size_t len, enum csvio_encoding enc,
                    size_t *outlen, struct diags *d) JX_WARN_UNUSED;

/* Read a whole file into memory (NUL-terminated). Returns NULL and sets
 * errno on failure. Refuses files over max bytes with EFBIG. */
char *csvio_slurp(const char *path, size_t max, size_t *len) JX_WARN_UNUSED JX_NONNULL(1);

/* Append one field, quoted (via libcsv) only when it must be: it contains
 * a comma, quote, CR or LF, or starts or ends with a space. first says
 * whether it opens a record (no comma before it). */
void csvio_put_field(struct strbuf *b, const char *s, bool first);
/* End a record with CRLF. */
void csvio_end_record(struct strbuf *b);

#endif
