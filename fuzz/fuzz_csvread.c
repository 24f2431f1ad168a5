/* fuzz_csvread.c - reading a file in pieces against reading it whole.
 *
 * The first byte picks the window (2 to 254 bytes, so that lines, CRLFs
 * and quoted fields are cut at every place) and whether the parsing runs
 * inline, on a second thread, or split in two parts on two threads (the
 * second from a line end near the middle, whose guess is wrong as often
 * as a fuzzer can make it); the rest is the text. Read through csvread_run_fd
 * from a memory file, it must give the very records, lines and messages
 * that csvread_run gives over the same text in one buffer (a text with a
 * NUL is only read, not compared: a buffer's NULs are the caller's to
 * refuse, a file's are found while reading). The text is also checked as
 * UTF-8 both ways (vector and byte loop), which must agree. */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "csvio.h"
#include "csvread.h"
#include "utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int record(void *ctx, long line, char **fields, size_t n)
{
    struct strbuf *b = ctx;
    char num[32];
    snprintf(num, sizeof num, "%ld:", line);
    strbuf_puts(b, num);
    for (size_t i = 0; i < n; i++) {
        if (i)
            strbuf_put(b, "|", 1);
        strbuf_puts(b, fields[i]);
    }
    strbuf_put(b, "\n", 1);
    return 0;
}

/* Records, then the return code and every message. */
static void finish(struct strbuf *b, int rc, struct diags *d)
{
    char num[32];
    snprintf(num, sizeof num, "rc=%d\n", rc);
    strbuf_puts(b, num);
    for (size_t i = 0; i < d->n; i++) {
        snprintf(num, sizeof num, "%ld: ", d->v[i].line);
        strbuf_puts(b, num);
        strbuf_puts(b, d->v[i].msg ? d->v[i].msg : "");
        strbuf_put(b, "\n", 1);
    }
    diags_clear(d);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    size_t cap = 2 + (data[0] & 0x3F) * 4;
    static const int modes[] = {CSVREAD_INLINE, CSVREAD_THREAD, CSVREAD_SPLIT, CSVREAD_SPLIT};
    int mode = modes[data[0] >> 6];
    const char *text = (const char *)data + 1;
    size_t len = size - 1;
    /* the vector UTF-8 check against the byte loop, on the same text */
    if (u8_valid(text, len) != u8_valid_scalar(text, len))
        abort();

    int fd = memfd_create("fuzz.csv", 0);
    char *window = malloc(cap);
    if (fd < 0 || !window) {
        if (fd >= 0)
            close(fd);
        free(window);
        return 0;
    }
    if (write(fd, text, len) != (ssize_t)len || lseek(fd, 0, SEEK_SET) != 0) {
        close(fd);
        free(window);
        return 0;
    }
    struct strbuf got = {0};
    struct diags d = {0};
    csvread_set_mode(mode);
    int rc = csvread_run_fd("f.csv", fd, window, 0, cap, SIZE_MAX, CSVREAD_MAY_SPLIT, record, &got,
                            &d);
    finish(&got, rc, &d);
    close(fd);

    if (!memchr(text, '\0', len)) {
        struct strbuf want = {0};
        csvread_set_mode(CSVREAD_INLINE);
        rc = csvread_run("f.csv", text, len, CSVREAD_CHECK_UTF8, record, &want, &d);
        finish(&want, rc, &d);
        if (!got.oom && !want.oom && (got.n != want.n || memcmp(got.p, want.p, got.n))) {
            fprintf(stderr, "window %zu, mode %d\n--- whole\n%.*s\n--- pieces\n%.*s\n", cap,
                    mode, (int)want.n, want.p, (int)got.n, got.p);
            abort();
        }
        strbuf_free(&want);
        if (mode == CSVREAD_SPLIT) {   /* a buffer split as well */
            struct strbuf split = {0};
            csvread_set_mode(CSVREAD_SPLIT);
            rc = csvread_run("f.csv", text, len, CSVREAD_CHECK_UTF8 | CSVREAD_MAY_SPLIT, record,
                             &split, &d);
            finish(&split, rc, &d);
            if (!got.oom && !split.oom && (got.n != split.n || memcmp(got.p, split.p, got.n))) {
                fprintf(stderr, "split buffer\n--- pieces\n%.*s\n--- split\n%.*s\n",
                        (int)got.n, got.p, (int)split.n, split.p);
                abort();
            }
            strbuf_free(&split);
        }
    }
    csvread_set_mode(CSVREAD_AUTO);
    strbuf_free(&got);
    return 0;
}
