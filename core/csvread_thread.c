/* csvread_thread.c - parsing ahead of the loader on other threads.
 *
 * One parsing thread fills batches while the caller's thread hands the
 * last ones to the loader. A large text whose loader is light (a form:
 * libcsv is most of its cost) is parsed in two parts at once: a third
 * thread starts on a line end near the middle, as if a record began
 * there, and queues its batches until the loader gets that far. The first
 * part's parser checks the guess when it reaches that line end: libcsv
 * between records there means the second part was parsed exactly as one
 * parser would have, and the loader goes on with its batches, their lines
 * counted after the first part's. Otherwise (the line end was inside a
 * quoted field) the second part is dropped and the first parser reads on.
 */
#define _GNU_SOURCE   /* pread */
#include "csvread_impl.h"

#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void queue_destroy(struct queue *q)
{
    pthread_cond_destroy(&q->cv);
    pthread_mutex_destroy(&q->mu);
    for (size_t i = 0; i < q->cap; i++)
        csvread_batch_free(&q->bs[i]);
    free(q->bs);
    free(q->full);
    free(q->free);
}

static atomic_ulong split_count, taken_count;

void csvread_split_counts(unsigned long *split, unsigned long *taken)
{
    *split = atomic_load(&split_count);
    *taken = atomic_load(&taken_count);
}

static bool queue_init(struct queue *q, size_t cap)
{
    memset(q, 0, sizeof *q);
    q->bs = calloc(cap, sizeof *q->bs);
    q->full = calloc(cap, sizeof *q->full);
    q->free = calloc(cap, sizeof *q->free);
    bool mu = false;
    if (q->bs && q->full && q->free && !(pthread_mutex_init(&q->mu, NULL))) {
        mu = true;
        if (!pthread_cond_init(&q->cv, NULL)) {
            q->cap = q->nfree = cap;
            for (size_t i = 0; i < cap; i++)
                q->free[i] = &q->bs[i];
            return true;
        }
    }
    if (mu)
        pthread_mutex_destroy(&q->mu);
    free(q->bs);
    free(q->full);
    free(q->free);
    return false;
}

void csvread_queue_cancel(struct queue *q)
{
    if (!q)
        return;
    pthread_mutex_lock(&q->mu);
    q->cancel = true;
    pthread_cond_broadcast(&q->cv);
    pthread_mutex_unlock(&q->mu);
}

void csvread_handover_queued(struct producer *pr, bool last)
{
    struct batch *b = pr->b;
    struct queue *q = pr->q;
    b->last = last;
    /* The UTF-8 check is done by whichever side would otherwise wait: here
     * when the consumer has batches still to work through. */
    pthread_mutex_lock(&q->mu);
    bool behind = q->nfull > 0;
    pthread_mutex_unlock(&q->mu);
    if (pr->check_utf8 && behind) {
        b->bad = csvread_first_invalid(b, &b->bad_line);
        b->checked = true;
    }
    bool fresh = false;
    pthread_mutex_lock(&q->mu);
    if (!q->cancel) {
        q->full[(q->head + q->nfull++) % q->cap] = b;
        pthread_cond_broadcast(&q->cv);
        while (!last && !q->nfree && !q->cancel)
            pthread_cond_wait(&q->cv, &q->mu);
        if (!last && !q->cancel) {
            pr->b = q->free[--q->nfree];
            fresh = true;
        }
    }
    if (q->cancel)
        pr->stop = true;   /* nothing more is written to pr->b */
    pthread_mutex_unlock(&q->mu);
    if (fresh)
        csvread_batch_reset(pr->b);
}

static void *produce_thread(void *arg)
{
    csvread_produce(arg);
    return NULL;
}

/* Hand q's batches to c until the last one, or until c stops (q is then
 * cancelled). base: the lines before q's part. True when the last batch
 * hands over to a second part, *lines the first part's lines. */
static bool consume_queue(struct queue *q, struct consumer *c, long base, long *lines)
{
    for (;;) {
        pthread_mutex_lock(&q->mu);
        while (!q->nfull)
            pthread_cond_wait(&q->cv, &q->mu);
        struct batch *b = q->full[q->head];
        q->head = (q->head + 1) % q->cap;
        q->nfull--;
        pthread_mutex_unlock(&q->mu);
        csvread_consume(c, b, base);
        bool last = b->last, handoff = b->handoff;
        *lines = b->lines;
        pthread_mutex_lock(&q->mu);
        q->free[q->nfree++] = b;
        pthread_cond_broadcast(&q->cv);
        pthread_mutex_unlock(&q->mu);
        if (c->stopped) {
            csvread_queue_cancel(q);
            return false;
        }
        if (last)
            return handoff;
    }
}

size_t csvread_split_pick(const char *buf, size_t n)
{
    for (size_t at = 0;;) {
        const char *nl = memchr(buf + at, '\n', n - at);
        if (!nl)
            return n;
        at = (size_t)(nl - buf) + 1;
        const char *q = memchr(buf + at, '"', n - at);
        /* a quote that opens a field: at a line's start or after a comma */
        if (!q || q == buf + at || q[-1] == ',' || q[-1] == '\n' || q[-1] == '\r')
            return at;
        at = (size_t)(q - buf) + 1;   /* it closes one: look past it */
    }
}

enum { LOOK = 64 << 10 };   /* bytes looked through for a split */

/* The split in data[0, len) from near from on (csvread_split_pick over the
 * next LOOK bytes), or len when none. */
static size_t split_in(const char *data, size_t len, size_t from)
{
    size_t n = len - from < LOOK ? len - from : LOOK;
    size_t at = csvread_split_pick(data + from, n);
    return at < n ? from + at : len;
}

/* Set up second to parse the rest of pr's text from near its middle, and
 * pr to stop there. False when the text is not to be split. */
static bool split_setup(struct producer *pr, struct producer *second)
{
    *second = *pr;
    second->line = second->start = 0;
    second->nfields = 0;
    second->midline = second->first_part = false;
    second->other = NULL;
    second->cr_at = CSVREAD_CR_UNKNOWN;
    if (pr->fd < 0) {
        size_t mid = split_in(pr->data, pr->len, pr->len / 2);
        if (mid >= pr->len || mid <= pr->off)
            return false;
        second->data = pr->data + mid;
        second->len = pr->len - mid;
        pr->whole_len = pr->len;
        pr->len = mid;
        return true;
    }
    struct stat st;
    if (pr->fpos == SIZE_MAX || fstat(pr->fd, &st) < 0 || (size_t)st.st_size <= pr->fpos)
        return false;
    size_t size = (size_t)st.st_size, from = pr->fpos + (size - pr->fpos) / 2;
    char *look = malloc(LOOK);
    ssize_t got = look ? pread(pr->fd, look, LOOK, (off_t)from) : -1;
    size_t mid = got > 0 ? split_in(look, (size_t)got, 0) : 0;
    free(look);
    if (got <= 0 || mid >= (size_t)got || from + mid > pr->max)
        return false;
    mid += from;
    second->win = malloc(pr->wincap);
    if (!second->win)
        return false;
    second->data = second->win;
    second->len = second->off = 0;
    second->use_pread = true;
    second->fpos = mid;
    second->limit = SIZE_MAX;
    second->eof = second->at_limit = false;
    second->total = 0;
    second->max = pr->max - mid;
    second->nul_at = SIZE_MAX;
    pr->limit = mid;
    return true;
}

/* Undo split_setup on pr. */
static void split_undo(struct producer *pr)
{
    if (pr->fd < 0)
        pr->len = pr->whole_len;
    pr->limit = SIZE_MAX;
    pr->first_part = false;
    pr->other = NULL;
}

/* AUTO splits a text of CSVREAD_SPLIT_MIN bytes or more. */
static bool big_enough(const struct producer *pr)
{
    struct stat st;
    if (pr->fd < 0)
        return pr->len >= CSVREAD_SPLIT_MIN;
    return fstat(pr->fd, &st) == 0 && (size_t)st.st_size >= CSVREAD_SPLIT_MIN;
}

/* Start a producer on its own thread, filling q. */
static bool start(struct producer *pr, struct queue *q, pthread_t *t)
{
    pr->q = q;
    pr->b = q->free[--q->nfree];
    return pthread_create(t, NULL, produce_thread, pr) == 0;
}

/* Split pr's text and start its second part on a thread. */
static bool start_second(struct producer *pr, struct producer *second, struct queue *q,
                         pthread_t *t)
{
    if (!queue_init(q, NBATCH))
        return false;
    if (!split_setup(pr, second)) {
        queue_destroy(q);
        return false;
    }
    if (csv_init(&second->p, CSV_STRICT | CSV_STRICT_FINI) == 0) {
        if (start(second, q, t)) {
            pr->first_part = true;
            pr->other = q;
            return true;
        }
        csv_free(&second->p);
    }
    split_undo(pr);
    if (pr->fd >= 0)
        free(second->win);
    queue_destroy(q);
    return false;
}

static void end_second(struct producer *pr, struct producer *second, pthread_t t)
{
    pthread_join(t, NULL);
    csv_free(&second->p);
    if (pr->fd >= 0)
        free(second->win);
    queue_destroy(second->q);
}

bool csvread_run_threaded(struct producer *pr, struct consumer *c, bool split)
{
    struct queue qs[2];
    if (!queue_init(&qs[0], split ? NBATCH : NBATCH_ONE))
        return false;
    struct producer second;
    pthread_t t1, t2;
    bool two = split && (csvread_mode == CSVREAD_SPLIT || big_enough(pr)) &&
               start_second(pr, &second, &qs[1], &t2);
    if (!start(pr, &qs[0], &t1)) {
        if (two) {
            csvread_queue_cancel(&qs[1]);
            end_second(pr, &second, t2);
            split_undo(pr);
        }
        queue_destroy(&qs[0]);
        pr->q = NULL;
        return false;
    }
    long lines = 0;
    bool handoff = consume_queue(&qs[0], c, 0, &lines);
    pthread_join(t1, NULL);
    if (two) {
        atomic_fetch_add(&split_count, 1);
        if (handoff) {
            atomic_fetch_add(&taken_count, 1);
            consume_queue(&qs[1], c, lines, &lines);
        } else {
            csvread_queue_cancel(&qs[1]);
        }
        end_second(pr, &second, t2);
    }
    queue_destroy(&qs[0]);
    pr->q = NULL;
    return true;
}
