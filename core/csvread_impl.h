/* csvread_impl.h - private to csvread.c (libcsv, the producer, the
 * consumer) and csvread_thread.c (the queues, the threads, the split).
 */
#ifndef JIXIAO_CSVREAD_IMPL_H
#define JIXIAO_CSVREAD_IMPL_H

#include <csv.h>
#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>

#include "csvread.h"

/* Batches in flight when threaded (their buffers are allocated as the
 * parser gets that far ahead): about 64 MB of a form for each part of a
 * split text. (1024 for a second part let it parse further ahead, but its
 * fresh pages cost more CPU than was gained.) A text never split (a
 * draft) has a loader as busy as its parser: a deeper queue would only
 * hold parsed rows in memory, so NBATCH_ONE, about 8 MB. */
#define NBATCH 256
#define NBATCH_ONE 16

enum stop_kind {
    STOP_NONE, STOP_TOO_MANY, STOP_TOO_LONG, STOP_OOM, STOP_QUOTING, STOP_OPEN_QUOTE,
    STOP_NUL, STOP_READ,
};

struct rec {
    long line;
    size_t first, n;   /* its fields: offs[first .. first + n) */
};

struct batch {
    char *buf;               /* fields, NUL-terminated, end to end */
    size_t used, size;
    size_t *offs;            /* where each field starts in buf */
    size_t noffs, offcap;
    struct rec *recs;
    size_t nrecs, reccap;
    enum stop_kind stop;     /* what ended the parse after these records */
    long stop_line;
    int stop_errno;          /* STOP_READ: why */
    bool checked;            /* the UTF-8 check was done by the producer: */
    size_t bad;              /* the first record with an invalid byte, or nrecs */
    long bad_line;
    bool last;               /* no batch comes after this one */
    bool handoff;            /* last of a first part: the second part's batches
                              * follow, their lines counted after lines */
    long lines;
};

struct consumer {
    const char *name;
    csvio_record_fn fn;
    void *ctx;
    struct diags *d;
    char **fields;           /* one record's field pointers */
    size_t cap;
    bool check_utf8;         /* see csvread_run */
    bool stopped;            /* the callback or an error ended the reading */
};

struct queue {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    size_t cap;              /* batches in all: */
    struct batch *bs;
    struct batch **full, **free;   /* full: a ring from head */
    size_t head, nfull, nfree;
    bool cancel;             /* nobody reads this queue any more: parse no further */
};

struct producer {
    const char *data;        /* the text, or the window of it read so far */
    size_t len, off;         /* bytes in data; the next to parse */
    int fd;                  /* >= 0: the rest of the text is read from here */
    bool use_pread;          /* fd: read at fpos with pread (a second part) */
    size_t fpos;             /* fd: the file offset of the next read (SIZE_MAX: unknown) */
    size_t limit;            /* fd: read no further than this offset (SIZE_MAX: none) */
    char *win;               /* fd: the window (data), wincap bytes */
    size_t wincap, total, max;   /* fd: bytes read in all, and the most allowed */
    bool eof;                /* nothing comes after data[len) */
    bool at_limit;           /* fd: eof is the limit, not the end of the file */
    bool midline;            /* the last piece fed ended inside a line */
    size_t cr_at;            /* csvread_line_end's CR cursor in the window */
    size_t nul_at;           /* fd: the first NUL in the window, or SIZE_MAX */
    bool check_utf8;         /* see csvread_run */
    bool first_part;         /* the text goes on in a second part, parsed apart: */
    size_t whole_len;        /* text: its whole length (len stops at the split) */
    struct queue *other;     /* the second part's queue */
    struct csv_parser p;
    long line, start;        /* line being fed; line the record started on */
    size_t nfields;          /* fields of the record being read */
    struct batch *b;
    bool stop;
    struct queue *q;         /* NULL: inline, each batch consumed at once */
    struct consumer *c;
    struct batch own;        /* the inline mode's one batch */
};

/* csvread.c */
void csvread_produce(struct producer *pr);
void csvread_consume(struct consumer *c, const struct batch *b, long base);
size_t csvread_first_invalid(const struct batch *b, long *line);
void csvread_batch_reset(struct batch *b);
void csvread_batch_free(struct batch *b);
extern int csvread_mode;

/* csvread_thread.c */
void csvread_handover_queued(struct producer *pr, bool last);
void csvread_queue_cancel(struct queue *q);
/* Parse on a second thread (and the text's second half on a third, when
 * split and it is large enough) while c works through the batches. False
 * when no thread could be started (nothing was read). */
bool csvread_run_threaded(struct producer *pr, struct consumer *c, bool split);

#endif
