/* csvio.c - CSV input checked and converted to UTF-8, and a field writer;
 * the records themselves are read by csvread.c. */
#include "csvio.h"

#include <csv.h>
#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "csvread.h"
#include "grow.h"
#include "fileio.h"
#include "i18n.h"
#include "utf8.h"

static bool is_space(unsigned char c)
{
    return c == ' ' || c == '\t';
}

/* Line (1-based) of the first invalid UTF-8 byte, 0 when all is valid. */
static long first_invalid_line(const char *data, size_t len)
{
    long line = 0;
    size_t cr = CSVREAD_CR_UNKNOWN;
    for (size_t off = 0; off < len;) {
        size_t end = csvread_line_end(data, off, len, &cr);
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

/* The first lines of a large text, up to about 64 KB: enough to tell
 * UTF-8 from GB18030 (a table's header and first rows are Chinese). */
static size_t head_len(const char *data, size_t len)
{
    if (len <= CSVREAD_LAZY_HEAD)
        return len;
    const char *p = data + CSVREAD_LAZY_HEAD;
    while (p > data && p[-1] != '\n')
        p--;
    return p > data ? (size_t)(p - data) : CSVREAD_LAZY_HEAD;
}

/* csvio_to_utf8, also saying whether the input was checked and found
 * valid UTF-8 (so the reader need not check it a second time). With
 * lazy, a text in AUTO mode is taken as UTF-8 when its head is: the
 * reader then checks the rest batch by batch (*valid and *lazy set). */
static char *utf8_convert(const char *name, const char *data, size_t len,
                          enum csvio_encoding enc, size_t *outlen, struct diags *d, bool *valid,
                          bool *lazy)
{
    *outlen = 0;
    *valid = false;
    bool may_defer = *lazy;
    *lazy = false;
    const char *bom = foreign_bom(data, len);
    if (bom) {
        diags_add(d, DIAG_ERROR, name, 1,
                  _("the file is %s; save it as UTF-8 (in Excel: \"CSV UTF-8\")"), bom);
        return NULL;
    }
    bool utf8_bom = has_prefix(data, len, "\xEF\xBB\xBF", 3);
    if (enc == CSVIO_ENC_AUTO && may_defer &&
        (utf8_bom || u8_valid(data, head_len(data, len)))) {
        *valid = *lazy = true;
        return NULL;
    }
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
    bool valid, lazy = false;
    return utf8_convert(name, data, len, enc, outlen, d, &valid, &lazy);
}

/* Line (1-based) holding byte pos. */
static long line_at(const char *data, size_t len, size_t pos)
{
    long line = 1;
    size_t cr = CSVREAD_CR_UNKNOWN;
    for (size_t off = 0; (off = csvread_line_end(data, off, len, &cr)) <= pos && off < len;)
        line++;
    return line;
}

/* csvio_read_buffer; split: CSVREAD_MAY_SPLIT or 0. */
static int read_buffer(const char *name, const char *data, size_t len, unsigned split,
                       csvio_record_fn fn, void *ctx, struct diags *d)
{
    size_t errors = d->errors, declen;
    /* a large text is checked while it is parsed, on the other thread's
     * batches, instead of in a pass of its own before */
    bool valid, lazy = len >= CSVREAD_LAZY_MIN;
    char *decoded = utf8_convert(name, data, len, CSVIO_ENC_AUTO, &declen, d, &valid, &lazy);
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
    int rc = csvread_run(name, data, len, (lazy ? CSVREAD_CHECK_UTF8 : 0) | split, fn, ctx, d);
    free(decoded);
    return rc;
}

int csvio_read_buffer(const char *name, const char *data, size_t len, csvio_record_fn fn,
                      void *ctx, struct diags *d)
{
    return read_buffer(name, data, len, 0, fn, ctx, d);
}

char *csvio_slurp(const char *path, size_t max, size_t *len)
{
    FILE *f = fileio_fopen_read(path);   /* never blocks, only a regular file */
    if (!f)
        return NULL;
    struct stat st;
    if (fstat(fileno(f), &st) != 0)
        st.st_size = 0;
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
        if (n == cap) {   /* full: buf holds cap + 1 bytes, one kept for the NUL */
            size_t size = cap + 1;
            char *q = grow_array(buf, &size, size, 1, 1);
            if (!q)
                free(buf);
            buf = q;
            cap = size - 1;
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

/* A large regular file is read in pieces while it is parsed, when its
 * head says UTF-8. Returns -2 when it is not for this path (small, not
 * a regular file, or maybe GB18030: read whole instead). */
static int read_in_pieces(const char *path, size_t max, unsigned split, csvio_record_fn fn,
                          void *ctx, struct diags *d)
{
    enum { WINDOW = 1 << 20 };
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);   /* a FIFO must not block */
    struct stat st;
    if (fd < 0 || fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) ||
        (size_t)st.st_size < CSVREAD_LAZY_MIN || (size_t)st.st_size > max) {
        if (fd >= 0)
            close(fd);
        return -2;   /* the whole-file path says what is wrong, if anything */
    }
    char *head = malloc(WINDOW);
    size_t n = 0;
    while (head && n < WINDOW) {
        ssize_t got = read(fd, head + n, WINDOW - n);
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0)
            break;
        n += (size_t)got;
    }
    size_t skip = 0;
    while (head && has_prefix(head + skip, n - skip, "\xEF\xBB\xBF", 3))
        skip += 3;
    if (!head || n < CSVREAD_LAZY_MIN || foreign_bom(head, n) ||
        !(skip || u8_valid(head, head_len(head, n)))) {
        free(head);
        close(fd);
        return -2;
    }
    memmove(head, head + skip, n - skip);
    int rc = csvread_run_fd(path, fd, head, n - skip, WINDOW, max, split, fn, ctx, d);
    close(fd);
    return rc;
}

int csvio_read(const struct csvio_src *src, csvio_record_fn fn, void *ctx, struct diags *d)
{
    unsigned split = src->split ? CSVREAD_MAY_SPLIT : 0;
    if (src->data)
        return read_buffer(src->name, src->data, src->len, split, fn, ctx, d);
    int rc = read_in_pieces(src->name, src->max, split, fn, ctx, d);
    if (rc != -2)
        return rc;
    size_t len;
    char *data = csvio_slurp(src->name, src->max, &len);
    if (!data) {
        diags_add(d, DIAG_ERROR, src->name, 0, _("cannot read: %s"), fileio_strerror(errno));
        return -1;
    }
    rc = read_buffer(src->name, data, len, split, fn, ctx, d);
    free(data);
    return rc;
}

int csvio_read_file(const char *path, csvio_record_fn fn, void *ctx, struct diags *d)
{
    return csvio_read(&(struct csvio_src){.name = path, .max = (size_t)2 << 30}, fn, ctx, d);
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
