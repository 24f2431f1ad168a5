/* csvread.c - records out of a checked UTF-8 text with libcsv, in batches.
 *
 * libcsv is fed line by line, so every record knows the line it starts
 * on. Records are gathered into batches (fields end to end in one buffer,
 * no allocation per field) and handed to the consumer, which calls the
 * loader's callback for each. A large text is parsed ahead on a second
 * thread: libcsv fills the next batch while the loader works through the
 * last one. The parsing thread never touches the diagnostics or the
 * loader; what stops it (malformed quoting, a field too long) travels at
 * the end of its batch and is reported by the consumer, in order, so the
 * messages are the same with or without the thread.
 */
#include "csvread_impl.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "grow.h"
#include "i18n.h"
#include "utf8.h"

#define CSVIO_CHUNK (64u << 10)       /* bytes handed to libcsv at a time */
#define BATCH_BYTES (256u << 10)      /* a batch is handed over past this */
#define BATCH_RECORDS 2048u
#define THREAD_MIN (1u << 20)         /* smaller texts are parsed inline */

int csvread_mode = CSVREAD_AUTO;

void csvread_set_mode(int mode) { csvread_mode = mode; }

void csvread_batch_reset(struct batch *b)
{
    b->used = b->noffs = b->nrecs = 0;
    b->stop = STOP_NONE;
    b->stop_line = 0;
    b->stop_errno = 0;
    b->checked = false;
    b->last = false;
    b->handoff = false;
    b->lines = 0;
}

void csvread_batch_free(struct batch *b)
{
    free(b->buf);
    free(b->offs);
    free(b->recs);
}

/* ---- the consumer: the loader's callback, diagnostics ---- */

/* The first record of b with an invalid byte (b->nrecs if none) and the
 * line of that byte: the record's line plus the line breaks before it in
 * its fields (a record breaks lines only inside its quoted fields), found
 * piece by piece with the reader's own csvread_line_end. */
size_t csvread_first_invalid(const struct batch *b, long *line)
{
    if (u8_valid(b->buf, b->used))
        return b->nrecs;
    for (size_t r = 0; r < b->nrecs; r++) {
        const struct rec *x = &b->recs[r];
        long at = x->line;
        for (size_t i = 0; i < x->n; i++) {
            const char *f = b->buf + b->offs[x->first + i];
            size_t len = strlen(f);
            size_t cr = CSVREAD_CR_UNKNOWN;
            for (size_t st = 0, e; st < len; st = e) {
                e = csvread_line_end(f, st, len, &cr);
                if (!u8_valid(f + st, e - st)) {
                    *line = at;
                    return r;
                }
                at += f[e - 1] == '\n' || f[e - 1] == '\r';
            }
        }
    }
    return b->nrecs;   /* not reached: the bytes are the fields' */
}

/* Hand b's records to the callback, then report what stopped the parse
 * after them. base: lines before the part b is from (0 for a first). */
void csvread_consume(struct consumer *c, const struct batch *b, long base)
{
    long bad_line = b->bad_line;
    size_t bad = b->checked    ? b->bad
                 : c->check_utf8 ? csvread_first_invalid(b, &bad_line)
                                 : b->nrecs;
    for (size_t r = 0; r < b->nrecs && !c->stopped; r++) {
        if (r == bad) {
            diags_add(c->d, DIAG_ERROR, c->name, base + bad_line,
                      _("invalid UTF-8 (save the file as UTF-8)"));
            c->stopped = true;
            break;
        }
        const struct rec *x = &b->recs[r];
        char **fields = grow_array(c->fields, &c->cap, x->n, 1, sizeof *fields);
        if (!fields) {
            diags_add(c->d, DIAG_ERROR, c->name, base + x->line, _("out of memory"));
            c->stopped = true;
            break;
        }
        c->fields = fields;
        for (size_t i = 0; i < x->n; i++)
            c->fields[i] = b->buf + b->offs[x->first + i];
        if (c->fn(c->ctx, base + x->line, c->fields, x->n))
            c->stopped = true;
    }
    if (c->stopped || b->stop == STOP_NONE)
        return;
    c->stopped = true;
    long line = base + b->stop_line;
    switch (b->stop) {
    case STOP_TOO_MANY:
        diags_add(c->d, DIAG_ERROR, c->name, line, _("too many columns (more than %d)"),
                  CSVIO_MAX_FIELDS);
        break;
    case STOP_TOO_LONG:
        diags_add(c->d, DIAG_ERROR, c->name, line, _("a field is longer than %u bytes"),
                  CSVIO_MAX_FIELD);
        break;
    case STOP_OOM:
        diags_add(c->d, DIAG_ERROR, c->name, line, _("out of memory"));
        break;
    case STOP_QUOTING:
        diags_add(c->d, DIAG_ERROR, c->name, line, _("malformed quoting (%s)"),
                  _("a quote inside a field must be doubled and the field quoted"));
        break;
    case STOP_OPEN_QUOTE:
        diags_add(c->d, DIAG_ERROR, c->name, line, _("unterminated quoted field"));
        break;
    case STOP_NUL:
        diags_add(c->d, DIAG_ERROR, c->name, line, _("the file contains a NUL byte"));
        break;
    case STOP_READ:
        diags_add(c->d, DIAG_ERROR, c->name, 0, _("cannot read: %s"), strerror(b->stop_errno));
        break;
    case STOP_NONE:
        break;
    }
}

/* ---- the producer: libcsv ---- */

static void producer_stop(struct producer *pr, enum stop_kind k, long line)
{
    if (pr->stop)
        return;
    pr->stop = true;
    pr->b->stop = k;
    pr->b->stop_line = line;
}

/* Give the filled batch to the consumer and take an empty one. */
static void handover(struct producer *pr, bool last)
{
    if (pr->q) {
        csvread_handover_queued(pr, last);
        return;
    }
    struct batch *b = pr->b;
    b->last = last;
    csvread_consume(pr->c, b, 0);
    csvread_batch_reset(b);
    if (pr->c->stopped)
        pr->stop = true;
}

static void on_field(void *s, size_t len, void *data)
{
    struct producer *pr = data;
    struct batch *b = pr->b;
    if (pr->stop)
        return;
    if (pr->nfields == CSVIO_MAX_FIELDS) {
        producer_stop(pr, STOP_TOO_MANY, pr->start);
        return;
    }
    if (len > CSVIO_MAX_FIELD) {
        producer_stop(pr, STOP_TOO_LONG, pr->start);
        return;
    }
    char *buf = grow_array(b->buf, &b->size, b->used, len + 1, 1);
    if (buf)
        b->buf = buf;
    size_t *offs = buf ? grow_array(b->offs, &b->offcap, b->noffs, 1, sizeof *offs) : NULL;
    if (!offs) {
        producer_stop(pr, STOP_OOM, pr->start);
        return;
    }
    b->offs = offs;
    if (len)
        memcpy(b->buf + b->used, s, len);
    b->buf[b->used + len] = '\0';
    b->offs[b->noffs++] = b->used;
    b->used += len + 1;
    pr->nfields++;
}

static void on_record(int c, void *data)
{
    (void)c;
    struct producer *pr = data;
    struct batch *b = pr->b;
    size_t n = pr->nfields;
    pr->nfields = 0;
    if (pr->stop)
        return;
    struct rec *recs = grow_array(b->recs, &b->reccap, b->nrecs, 1, sizeof *recs);
    if (!recs) {
        producer_stop(pr, STOP_OOM, pr->start);
        return;
    }
    b->recs = recs;
    b->recs[b->nrecs++] = (struct rec){pr->start, b->noffs - n, n};
    if (b->used >= BATCH_BYTES || b->nrecs >= BATCH_RECORDS)
        handover(pr, false);
}

/* End of the line starting at off: just past its '\n', past a lone '\r'
 * (old Mac files; libcsv ends a record there too), or len. *cr is where
 * the next CR is (see csvread.h): a text with LF line ends is searched
 * for CRs once, not once a line. */
size_t csvread_line_end(const char *data, size_t off, size_t len, size_t *cr)
{
    if (*cr == CSVREAD_CR_UNKNOWN || *cr < off) {
        const char *c = memchr(data + off, '\r', len - off);
        *cr = c ? (size_t)(c - data) : len;
    }
    const char *nl = memchr(data + off, '\n', len - off);
    size_t end = nl ? (size_t)(nl - data) + 1 : len;
    while (*cr < end) {
        size_t i = *cr;
        if (i + 1 == len || data[i + 1] != '\n')
            return i + 1;   /* a lone CR ends the line */
        const char *c = memchr(data + i + 1, '\r', len - i - 1);
        *cr = c ? (size_t)(c - data) : len;
    }
    return end;
}

/* fd: move what is left of the window to its start and read more after
 * it. False at the end of the file or on an error (the parse stopped). */
static bool window_fill(struct producer *pr)
{
    size_t keep = pr->len - pr->off;
    memmove(pr->win, pr->win + pr->off, keep);
    pr->off = 0;
    pr->len = keep;
    while (pr->len < pr->wincap) {
        size_t want = pr->wincap - pr->len;
        if (pr->limit != SIZE_MAX && want > pr->limit - pr->fpos)
            want = pr->limit - pr->fpos;   /* a first part stops at its split */
        if (!want) {
            pr->eof = pr->at_limit = true;
            break;
        }
        ssize_t got = pr->use_pread ? pread(pr->fd, pr->win + pr->len, want, (off_t)pr->fpos)
                                    : read(pr->fd, pr->win + pr->len, want);
        if (got < 0 && errno == EINTR)
            continue;
        if (got > 0 && pr->fpos != SIZE_MAX)
            pr->fpos += (size_t)got;
        if (got < 0 || (pr->total += (size_t)got) > pr->max) {
            int err = got < 0 ? errno : EFBIG;
            producer_stop(pr, STOP_READ, pr->line);
            pr->b->stop_errno = err;
            return false;
        }
        if (got == 0) {
            pr->eof = true;
            break;
        }
        pr->len += (size_t)got;
        if (pr->len > keep)
            break;   /* parse what came; the window refills when it runs out */
    }
    /* one search per window, not one per line */
    const char *nul = memchr(pr->data, '\0', pr->len);
    pr->nul_at = nul ? (size_t)(nul - pr->data) : SIZE_MAX;
    pr->cr_at = CSVREAD_CR_UNKNOWN;
    return pr->len > 0;
}

/* Feed data[off, end) to libcsv: long lines in chunks, and between chunks
 * let libcsv's field buffer grow geometrically (it adds blk_size bytes per
 * realloc: quadratic on a 10 MB field) and stop a field over the limit
 * before it is all in memory. */
static void feed(struct producer *pr, size_t end)
{
    struct csv_parser *p = &pr->p;
    for (size_t pos = pr->off; pos < end && !pr->stop;) {
        size_t n = end - pos < CSVIO_CHUNK ? end - pos : CSVIO_CHUNK;
        /* a buffer was checked for NULs whole; a file read in pieces is
         * checked window by window */
        if (pr->fd >= 0 && pr->nul_at < pos + n) {
            producer_stop(pr, STOP_NUL, pr->line);
            break;
        }
        csv_set_blk_size(p, p->entry_size > 128 ? p->entry_size : 128);
        if (csv_parse(p, pr->data + pos, n, on_field, on_record, pr) != n)
            producer_stop(pr, STOP_QUOTING, pr->line);
        else if (p->entry_pos > CSVIO_MAX_FIELD)
            producer_stop(pr, STOP_TOO_LONG, pr->start);
        pos += n;
    }
    pr->off = end;
}

/* The first part of a split text ends at its split: libcsv is between
 * records there when the second part's parser, started there afresh, was
 * right to; the first part then hands over to it. Otherwise (the split
 * fell inside a quoted field) the second part is dropped and this parser
 * goes on past the split itself. True when handed over. */
static bool part_end(struct producer *pr)
{
    const struct csv_parser *p = &pr->p;
    if (p->pstate == 0 && !p->quoted && !p->entry_pos && !pr->nfields && !pr->midline) {
        pr->b->handoff = true;
        pr->b->lines = pr->line;
        handover(pr, true);
        return true;
    }
    csvread_queue_cancel(pr->other);
    pr->first_part = false;
    if (pr->fd < 0) {
        pr->len = pr->whole_len;
        pr->cr_at = CSVREAD_CR_UNKNOWN;
    } else {
        pr->limit = SIZE_MAX;
        pr->eof = pr->at_limit = false;
    }
    return false;
}

/* libcsv is fed a line at a time, so each record knows its first line. A
 * file read in pieces may end its window inside a line (or between the CR
 * and LF of one): that part is fed, and the line goes on in the next. */
void csvread_produce(struct producer *pr)
{
    for (;;) {
        while (!pr->stop) {
            if (pr->off == pr->len && (pr->eof || !window_fill(pr)))
                break;
            size_t end = csvread_line_end(pr->data, pr->off, pr->len, &pr->cr_at);
            bool whole = end < pr->len || pr->eof || pr->data[end - 1] == '\n';
            if (!whole) {
                if (pr->off > 0 || pr->len < pr->wincap) {
                    if (!window_fill(pr) && !pr->eof)
                        break;
                    continue;   /* the line may be whole in the refilled window */
                }
                end -= pr->data[end - 1] == '\r';   /* may be a CRLF's first half */
            }
            if (!pr->midline) {
                pr->line++;
                if (pr->p.pstate == 0)   /* ROW_NOT_BEGUN: a record may start on this line */
                    pr->start = pr->line;
            }
            feed(pr, end);
            pr->midline = !whole;
        }
        if (pr->stop || !pr->first_part || (pr->fd >= 0 && !pr->at_limit))
            break;
        if (part_end(pr))
            return;
    }
    if (!pr->stop && csv_fini(&pr->p, on_field, on_record, pr) != 0)
        producer_stop(pr, STOP_OPEN_QUOTE, pr->start);
    handover(pr, true);
}

static int run(struct producer *pr, struct consumer *c, bool big, bool split)
{
    if (csv_init(&pr->p, CSV_STRICT | CSV_STRICT_FINI) != 0) {
        diags_add(c->d, DIAG_ERROR, c->name, 0, _("out of memory"));
        return -1;
    }
    bool threaded = csvread_mode == CSVREAD_THREAD || csvread_mode == CSVREAD_SPLIT ||
                    (csvread_mode == CSVREAD_AUTO && big);
    if (!threaded || !csvread_run_threaded(pr, c, split)) {
        pr->b = &pr->own;   /* inline, or no thread could be started */
        csvread_produce(pr);
        csvread_batch_free(&pr->own);
    }
    csv_free(&pr->p);
    free(c->fields);
    return c->stopped ? 1 : 0;
}

int csvread_run(const char *name, const char *data, size_t len, unsigned flags,
                csvio_record_fn fn, void *ctx, struct diags *d)
{
    bool check = flags & CSVREAD_CHECK_UTF8;
    struct consumer c = {.name = name, .fn = fn, .ctx = ctx, .d = d, .check_utf8 = check};
    struct producer pr = {.data = data, .len = len, .fd = -1, .fpos = SIZE_MAX, .limit = SIZE_MAX,
                          .eof = true, .check_utf8 = check, .cr_at = CSVREAD_CR_UNKNOWN,
                          .nul_at = SIZE_MAX, .c = &c};
    return run(&pr, &c, len >= THREAD_MIN, flags & CSVREAD_MAY_SPLIT);
}

int csvread_run_fd(const char *name, int fd, char *head, size_t len, size_t cap, size_t max,
                   unsigned flags, csvio_record_fn fn, void *ctx, struct diags *d)
{
    struct consumer c = {.name = name, .fn = fn, .ctx = ctx, .d = d, .check_utf8 = true};
    const char *nul = memchr(head, '\0', len);
    off_t at = lseek(fd, 0, SEEK_CUR);   /* where a split's first part reads on from */
    struct producer pr = {.data = head, .len = len, .fd = fd,
                          .fpos = at < 0 ? SIZE_MAX : (size_t)at, .limit = SIZE_MAX,
                          .win = head, .wincap = cap, .total = len, .max = max,
                          .check_utf8 = true, .cr_at = CSVREAD_CR_UNKNOWN,
                          .nul_at = nul ? (size_t)(nul - head) : SIZE_MAX, .c = &c};
    int rc = run(&pr, &c, true, flags & CSVREAD_MAY_SPLIT);
    free(head);
    return rc;
}
