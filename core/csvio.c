/* csvio.c - streaming CSV reader with line numbers, and a field writer. */
#include "csvio.h"

#include <csv.h>
#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "i18n.h"
#include "utf8.h"

/* Beyond these a file is hostile, not a scoring table. */
#define CSVIO_MAX_FIELDS 4096
#define CSVIO_MAX_FIELD (4u << 20)
#define CSVIO_CHUNK (64u << 10)   /* bytes handed to libcsv at a time */

struct reader {
    const char *name;
    csvio_record_fn fn;
    void *ctx;
    struct diags *d;
    long line;          /* line being fed */
    long start;         /* line the current record started on */
    char **fields;      /* the record's fields, pointing into buf */
    size_t *offs;       /* where each field starts in buf */
    size_t n, cap;
    char *buf;          /* the record's fields, NUL-terminated, end to end */
    size_t used, size;
    bool stop;
    bool too_many;
};

static void reader_field(void *s, size_t len, void *data)
{
    struct reader *r = data;
    if (r->stop)
        return;
    if (r->n == CSVIO_MAX_FIELDS) {
        if (!r->too_many)
            diags_add(r->d, DIAG_ERROR, r->name, r->start,
                      _("too many columns (more than %d)"), CSVIO_MAX_FIELDS);
        r->too_many = true;
        r->stop = true;
        return;
    }
    if (len > CSVIO_MAX_FIELD) {
        diags_add(r->d, DIAG_ERROR, r->name, r->start, _("a field is longer than %u bytes"),
                  CSVIO_MAX_FIELD);
        r->stop = true;
        return;
    }
    if (r->n == r->cap) {
        size_t cap = r->cap ? r->cap * 2 : 16;
        char **v = realloc(r->fields, cap * sizeof *v);
        if (v)
            r->fields = v;
        size_t *o = v ? realloc(r->offs, cap * sizeof *o) : NULL;
        if (!o) {
            diags_add(r->d, DIAG_ERROR, r->name, r->start, _("out of memory"));
            r->stop = true;
            return;
        }
        r->offs = o;
        r->cap = cap;
    }
    /* one buffer per record, reused: no allocation per field */
    if (r->used + len + 1 > r->size) {
        size_t size = r->size ? r->size : 1024;
        while (size < r->used + len + 1)
            size *= 2;
        char *b = realloc(r->buf, size);
        if (!b) {
            diags_add(r->d, DIAG_ERROR, r->name, r->start, _("out of memory"));
            r->stop = true;
            return;
        }
        r->buf = b;
        r->size = size;
    }
    if (len)
        memcpy(r->buf + r->used, s, len);
    r->buf[r->used + len] = '\0';
    r->offs[r->n++] = r->used;
    r->used += len + 1;
}

static void reader_flush(struct reader *r)
{
    r->n = 0;
    r->used = 0;
}

static void reader_record(int c, void *data)
{
    (void)c;
    struct reader *r = data;
    for (size_t i = 0; i < r->n; i++)
        r->fields[i] = r->buf + r->offs[i];
    if (!r->stop && r->fn(r->ctx, r->start, r->fields, r->n))
        r->stop = true;
    reader_flush(r);
}

static bool is_space(unsigned char c)
{
    return c == ' ' || c == '\t';
}

/* End of the line starting at off: just past its '\n', past a lone '\r'
 * (old Mac files; libcsv ends a record there too), or len. */
static size_t line_end(const char *data, size_t off, size_t len)
{
    /* memchr runs many bytes at a time; a CR is rare, so look for one
     * only inside the line found */
    const char *nl = memchr(data + off, '\n', len - off);
    size_t end = nl ? (size_t)(nl - data) + 1 : len;
    const char *cr = memchr(data + off, '\r', end - off);
    while (cr) {
        size_t i = (size_t)(cr - data);
        if (i + 1 == len || data[i + 1] != '\n')
            return i + 1;
        cr = memchr(data + i + 1, '\r', end - i - 1);
    }
    return end;
}

/* Line (1-based) of the first invalid UTF-8 byte, 0 when all is valid. */
static long first_invalid_line(const char *data, size_t len)
{
    long line = 0;
    for (size_t off = 0; off < len;) {
        size_t end = line_end(data, off, len);
        line++;
        if (!u8_valid(data + off, end - off))
            return line;
        off = end;
    }
    return 0;
}

static bool has_prefix(const char *data, size_t len, const char *p, size_t n)
{
    return len >= n && !memcmp(data, p, n);
}

/* A BOM of an encoding we do not read: its name, else NULL. */
static const char *foreign_bom(const char *data, size_t len)
{
    if (has_prefix(data, len, "\xFF\xFE\0\0", 4) || has_prefix(data, len, "\0\0\xFE\xFF", 4))
        return "UTF-32";
    if (has_prefix(data, len, "\xFF\xFE", 2) || has_prefix(data, len, "\xFE\xFF", 2))
        return "UTF-16";
    return NULL;
}

int csvio_encoding_parse(const char *name)
{
    static const struct { const char *name; enum csvio_encoding enc; } names[] = {
        {"auto", CSVIO_ENC_AUTO},       {"utf-8", CSVIO_ENC_UTF8},  {"utf8", CSVIO_ENC_UTF8},
        {"gb18030", CSVIO_ENC_GB18030}, {"gbk", CSVIO_ENC_GB18030}, {"gb2312", CSVIO_ENC_GB18030},
        {"cp936", CSVIO_ENC_GB18030},
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (!strcasecmp(name, names[i].name))
            return (int)names[i].enc;
    return -1;
}

/* Decode all of data as GB18030 into a malloc'd UTF-8 copy. NULL when any
 * byte sequence is not GB18030 (no partial or lossy result, ever). */
static char *gb18030_decode(const char *data, size_t len, size_t *outlen)
{
    /* GB18030 -> UTF-8 grows 2 bytes to at most 3, 4 to at most 4 */
    if (len > (SIZE_MAX - 16) / 2)
        return NULL;
    size_t cap = len + len / 2 + 16;
    char *out = malloc(cap);
    if (!out)
        return NULL;
    iconv_t cd = iconv_open("UTF-8", "GB18030");
    if (cd == (iconv_t)-1) {
        free(out);
        return NULL;
    }
    char *in = (char *)data, *o = out;
    size_t inleft = len, oleft = cap - 1;
    size_t rc = iconv(cd, &in, &inleft, &o, &oleft);
    bool ok = rc != (size_t)-1 && inleft == 0;
    if (ok) {
        /* flush any shift state (none for GB18030, but be exact) */
        ok = iconv(cd, NULL, NULL, &o, &oleft) != (size_t)-1;
    }
    iconv_close(cd);
    if (!ok) {
        free(out);
        return NULL;
    }
    *o = '\0';
    *outlen = (size_t)(o - out);
    if (!u8_valid(out, *outlen)) {   /* iconv promised UTF-8; trust but verify */
        free(out);
        return NULL;
    }
    return out;
}

/* Add a diagnostic unless the very same one is already there: a draft is
 * read twice (peek, then load) and the notice should show once. */
static void add_once(struct diags *d, enum diag_level level, const char *name, long line,
                     const char *msg)
{
    for (size_t i = 0; i < d->n; i++) {
        const struct diag *x = &d->v[i];
        if (x->level == level && x->line == line && x->msg && !strcmp(x->msg, msg) &&
            (x->file == name || (x->file && name && !strcmp(x->file, name))))
            return;
    }
    diags_add(d, level, name, line, "%s", msg);
}

/* csvio_to_utf8, also saying whether the input was checked and found
 * valid UTF-8 (so the reader need not check it a second time). */
static char *utf8_convert(const char *name, const char *data, size_t len,
                          enum csvio_encoding enc, size_t *outlen, struct diags *d, bool *valid)
{
    *outlen = 0;
    *valid = false;
    const char *bom = foreign_bom(data, len);
    if (bom) {
        diags_add(d, DIAG_ERROR, name, 1,
                  _("the file is %s; save it as UTF-8 (in Excel: \"CSV UTF-8\")"), bom);
        return NULL;
    }
    bool utf8_bom = has_prefix(data, len, "\xEF\xBB\xBF", 3);
    if (enc == CSVIO_ENC_AUTO && !utf8_bom && u8_valid(data, len)) {
        *valid = true;
        return NULL;
    }
    if (enc == CSVIO_ENC_UTF8 || (enc == CSVIO_ENC_AUTO && utf8_bom)) {
        /* a BOM says UTF-8: check it whole, and find the line only when
         * it is wrong (the reader reports it for AUTO) */
        *valid = u8_valid(data, len);
        long bad = enc == CSVIO_ENC_UTF8 && !*valid ? first_invalid_line(data, len) : 0;
        if (bad)
            diags_add(d, DIAG_ERROR, name, bad, _("invalid UTF-8 (save the file as UTF-8)"));
        return NULL;
    }
    /* a NUL byte means binary or UTF-16 without a BOM: not text to decode */
    if (enc == CSVIO_ENC_AUTO && memchr(data, '\0', len))
        return NULL;
    char *out = gb18030_decode(data, len, outlen);
    if (!out) {
        *outlen = 0;
        if (enc == CSVIO_ENC_GB18030)
            diags_add(d, DIAG_ERROR, name, 0, _("cannot be read as GB18030"));
        /* AUTO: the reader reports the invalid UTF-8 with its line */
        return NULL;
    }
    if (enc == CSVIO_ENC_AUTO)
        add_once(d, DIAG_WARNING, name, 0,
                 _("read as GB18030 (not UTF-8); it will be saved as UTF-8"));
    *valid = true;   /* iconv wrote UTF-8 */
    return out;
}

char *csvio_to_utf8(const char *name, const char *data, size_t len, enum csvio_encoding enc,
                    size_t *outlen, struct diags *d)
{
    bool valid;
    return utf8_convert(name, data, len, enc, outlen, d, &valid);
}

/* Line (1-based) holding byte pos. */
static long line_at(const char *data, size_t len, size_t pos)
{
    long line = 1;
    for (size_t off = 0; (off = line_end(data, off, len)) <= pos && off < len;)
        line++;
    return line;
}

int csvio_read_buffer(const char *name, const char *data, size_t len, csvio_record_fn fn,
                      void *ctx, struct diags *d)
{
    size_t errors = d->errors, declen;
    bool valid;
    char *decoded = utf8_convert(name, data, len, CSVIO_ENC_AUTO, &declen, d, &valid);
    if (d->errors > errors)
        return 1;
    if (decoded) {
        data = decoded;
        len = declen;
    }
    /* a BOM, or several: tools that add one to a file that has one */
    while (has_prefix(data, len, "\xEF\xBB\xBF", 3)) {
        data += 3;
        len -= 3;
    }
    /* the whole text is checked once; a line is worked out only on failure */
    const char *nul = memchr(data, '\0', len);
    long bad = nul ? 0 : valid ? 0 : first_invalid_line(data, len);
    if (nul || bad) {
        if (nul)
            diags_add(d, DIAG_ERROR, name, line_at(data, len, (size_t)(nul - data)),
                      _("the file contains a NUL byte"));
        else
            diags_add(d, DIAG_ERROR, name, bad, _("invalid UTF-8 (save the file as UTF-8)"));
        free(decoded);
        return 1;
    }
    struct csv_parser p;
    if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI) != 0) {
        diags_add(d, DIAG_ERROR, name, 0, _("out of memory"));
        free(decoded);
        return -1;
    }
    struct reader r = {.name = name, .fn = fn, .ctx = ctx, .d = d, .line = 0};
    size_t off = 0;
    int rc = 0;
    while (off < len && !r.stop) {
        size_t end = line_end(data, off, len);
        r.line++;
        if (p.pstate == 0)   /* ROW_NOT_BEGUN: a record may start on this line */
            r.start = r.line;
        /* Feed long lines in chunks, and between chunks let libcsv's field
         * buffer grow geometrically (it adds blk_size bytes per realloc:
         * quadratic on a 10 MB field) and stop a field over the limit
         * before it is all in memory. */
        for (size_t pos = off; pos < end && !r.stop;) {
            size_t n = end - pos < CSVIO_CHUNK ? end - pos : CSVIO_CHUNK;
            csv_set_blk_size(&p, p.entry_size > 128 ? p.entry_size : 128);
            if (csv_parse(&p, data + pos, n, reader_field, reader_record, &r) != n) {
                diags_add(d, DIAG_ERROR, name, r.line, _("malformed quoting (%s)"),
                          _("a quote inside a field must be doubled and the field quoted"));
                rc = 1;
                break;
            }
            if (p.entry_pos > CSVIO_MAX_FIELD) {
                diags_add(d, DIAG_ERROR, r.name, r.start, _("a field is longer than %u bytes"),
                          CSVIO_MAX_FIELD);
                r.stop = true;
            }
            pos += n;
        }
        if (rc)
            break;
        off = end;
    }
    if (rc == 0 && !r.stop &&
        csv_fini(&p, reader_field, reader_record, &r) != 0) {
        diags_add(d, DIAG_ERROR, name, r.start, _("unterminated quoted field"));
        rc = 1;
    }
    if (r.stop && rc == 0)
        rc = 1;
    free(r.fields);
    free(r.offs);
    free(r.buf);
    csv_free(&p);
    free(decoded);
    return rc;
}

char *csvio_slurp(const char *path, size_t max, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    struct stat st;
    if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
        fclose(f);
        errno = EISDIR;
        return NULL;
    }
    size_t cap = st.st_size > 0 ? (size_t)st.st_size + 1 : 4096, n = 0;
    char *buf = malloc(cap + 1);
    for (;;) {
        if (!buf) {
            fclose(f);
            errno = ENOMEM;
            return NULL;
        }
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (n > max) {
            free(buf);
            fclose(f);
            errno = EFBIG;
            return NULL;
        }
        if (got == 0)
            break;
        if (n == cap) {
            cap *= 2;
            char *q = realloc(buf, cap + 1);
            if (!q)
                free(buf);
            buf = q;
        }
    }
    int err = ferror(f) ? EIO : 0;
    fclose(f);
    if (err) {
        free(buf);
        errno = err;
        return NULL;
    }
    buf[n] = '\0';
    *len = n;
    return buf;
}

int csvio_read_file(const char *path, csvio_record_fn fn, void *ctx, struct diags *d)
{
    size_t len;
    char *data = csvio_slurp(path, (size_t)2 << 30, &len);
    if (!data) {
        diags_add(d, DIAG_ERROR, path, 0, _("cannot read: %s"), strerror(errno));
        return -1;
    }
    int rc = csvio_read_buffer(path, data, len, fn, ctx, d);
    free(data);
    return rc;
}

void strbuf_put(struct strbuf *b, const char *s, size_t n)
{
    if (b->oom)
        return;
    if (b->n + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap < b->n + n + 1)
            cap *= 2;
        char *p = realloc(b->p, cap);
        if (!p) {
            b->oom = true;
            return;
        }
        b->p = p;
        b->cap = cap;
    }
    memcpy(b->p + b->n, s, n);
    b->n += n;
    b->p[b->n] = '\0';
}

void strbuf_puts(struct strbuf *b, const char *s)
{
    strbuf_put(b, s, strlen(s));
}

void strbuf_free(struct strbuf *b)
{
    free(b->p);
    *b = (struct strbuf){0};
}

void csvio_put_field(struct strbuf *b, const char *s, bool first)
{
    if (!first)
        strbuf_put(b, ",", 1);
    size_t len = strlen(s);
    bool quote = len && (is_space((unsigned char)s[0]) || is_space((unsigned char)s[len - 1]));
    if (!quote && strpbrk(s, ",\"\r\n"))
        quote = true;
    if (!quote) {
        strbuf_put(b, s, len);
        return;
    }
    size_t need = 2 * len + 2;
    char stackbuf[512];
    char *tmp = need <= sizeof stackbuf ? stackbuf : malloc(need);
    if (!tmp) {
        b->oom = true;
        return;
    }
    size_t n = csv_write(tmp, need, s, len);
    strbuf_put(b, tmp, n);
    if (tmp != stackbuf)
        free(tmp);
}

void csvio_end_record(struct strbuf *b)
{
    strbuf_put(b, "\r\n", 2);
}
