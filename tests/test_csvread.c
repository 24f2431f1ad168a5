/* test_csvread.c - the record reader gives the same records, lines and
 * diagnostics whether it parses inline or ahead on a second thread, on
 * every file of the tree and on large generated texts (over the size at
 * which the thread is used). */
#define _POSIX_C_SOURCE 200809L
#include "testutil.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "csvio.h"
#include "csvread.h"

struct seen {
    struct strbuf out;     /* "LINE:f1|f2|...\n" per record */
    size_t records;
    size_t stop_after;     /* ask to stop after this many records (0: never) */
};

/* Whether the first record waits a little, so that the parsing thread
 * fills every batch and the queue holds several. */
static bool slow_start;

static int record(void *ctx, long line, char **fields, size_t n)
{
    struct seen *s = ctx;
    char num[32];
    snprintf(num, sizeof num, "%ld:", line);
    strbuf_puts(&s->out, num);
    for (size_t i = 0; i < n; i++) {
        if (i)
            strbuf_put(&s->out, "|", 1);
        strbuf_puts(&s->out, fields[i]);
    }
    strbuf_put(&s->out, "\n", 1);
    s->records++;
    if (slow_start && s->records == 1)
        nanosleep(&(struct timespec){0, 50 * 1000 * 1000}, NULL);
    return s->stop_after && s->records == s->stop_after;
}

/* Finish what read_as and read_piecewise print: rc, count, messages. */
static char *seen_end(struct seen *s, int rc, struct diags *d)
{
    char *msgs = diags_join(d);
    char tail[64];
    snprintf(tail, sizeof tail, "rc=%d records=%zu\n", rc, s->records);
    strbuf_puts(&s->out, tail);
    strbuf_puts(&s->out, msgs);
    free(msgs);
    diags_clear(d);
    assert_false(s->out.oom);
    return s->out.p;
}

/* What one mode makes of the text: the records, then rc and diagnostics. */
static char *read_as(int mode, const char *name, const char *data, size_t len, size_t stop_after)
{
    csvread_set_mode(mode);
    struct seen s = {.stop_after = stop_after};
    struct diags d = {0};
    /* as a form is read: a large text may be split (SPLIT: any text) */
    struct csvio_src src = {.name = name, .data = data, .len = len, .split = true};
    int rc = csvio_read(&src, record, &s, &d);
    csvread_set_mode(CSVREAD_AUTO);
    return seen_end(&s, rc, &d);
}

static void assert_modes_agree(const char *name, const char *data, size_t len, size_t stop_after)
{
    char *a = read_as(CSVREAD_INLINE, name, data, len, stop_after);
    for (int mode = CSVREAD_THREAD; mode <= CSVREAD_SPLIT; mode++) {
        char *b = read_as(mode, name, data, len, stop_after);
        if (strcmp(a, b))
            fail_msg("%s: inline and %s reading differ\n--- inline\n%.2000s\n--- %s\n%.2000s",
                     name, mode == CSVREAD_SPLIT ? "split" : "threaded", a,
                     mode == CSVREAD_SPLIT ? "split" : "threaded", b);
        free(b);
    }
    free(a);
}

/* A scratch file holding data; the caller unlinks and frees its path. */
static char *scratch_file(const char *data, size_t len)
{
    char *path = strdup("/tmp/jixiao-csvread-XXXXXX");
    assert_non_null(path);
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, data, len), (ssize_t)len);
    close(fd);
    return path;
}

/* Texts split so far, and of them those whose second part was taken. */
struct splits {
    unsigned long split, taken;
};

static struct splits splits_now(void)
{
    struct splits c;
    csvread_split_counts(&c.split, &c.taken);
    return c;
}

/* What the reader makes of data read from a file in a window of cap
 * bytes (as small as 2: lines and CRLFs cut at every place), stopping
 * past max bytes. */
static char *read_piecewise(int mode, const char *name, const char *data, size_t len, size_t cap,
                            size_t max)
{
    char *path = scratch_file(data, len);
    int fd = open(path, O_RDONLY);
    assert_true(fd >= 0);
    csvread_set_mode(mode);
    struct seen s = {0};
    struct diags d = {0};
    int rc = csvread_run_fd(name, fd, malloc(cap), 0, cap, max, CSVREAD_MAY_SPLIT, record, &s, &d);
    csvread_set_mode(CSVREAD_AUTO);
    close(fd);
    unlink(path);
    free(path);
    return seen_end(&s, rc, &d);
}

/* Reading in pieces gives what reading the whole text (checked as it is
 * parsed) gives, whatever the window. */
static void assert_pieces_agree(const char *name, const char *data, size_t len,
                                const size_t *caps, size_t ncaps)
{
    csvread_set_mode(CSVREAD_INLINE);
    struct seen s = {0};
    struct diags d = {0};
    char *want = seen_end(&s, csvread_run(name, data, len, CSVREAD_CHECK_UTF8, record, &s, &d), &d);
    csvread_set_mode(CSVREAD_AUTO);
    for (size_t k = 0; k < ncaps; k++) {
        for (int mode = CSVREAD_INLINE; mode <= CSVREAD_SPLIT; mode++) {
            char *got = read_piecewise(mode, name, data, len, caps[k], SIZE_MAX);
            if (strcmp(want, got))
                fail_msg("%s: read whole and in windows of %zu bytes differ\n--- whole\n%.2000s\n"
                         "--- pieces\n%.2000s", name, caps[k], want, got);
            free(got);
        }
    }
    free(want);
}

static int files_in(const char *rel, const char *suffix)
{
    char dir[4096];
    srcpath(dir, sizeof dir, rel);
    DIR *dp = opendir(dir);
    assert_non_null(dp);
    int n = 0;
    for (struct dirent *e; (e = readdir(dp));) {
        size_t l = strlen(e->d_name), ls = strlen(suffix);
        if (l < ls || strcmp(e->d_name + l - ls, suffix))
            continue;
        char path[8192];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        size_t len;
        char *data = slurp(path, &len);
        assert_non_null(data);
        assert_modes_agree(e->d_name, data, len, 0);
        assert_modes_agree(e->d_name, data, len, 3);   /* the callback stops early */
        /* a NUL is found before parsing in a buffer, while parsing in a
         * file (test_pieces_nul) */
        static const size_t caps[] = {2, 3, 7, 4096};
        if (!memchr(data, '\0', len))
            assert_pieces_agree(e->d_name, data, len, caps, 4);
        free(data);
        n++;
    }
    closedir(dp);
    return n;
}

static void test_tree_files(void **state)
{
    (void)state;
    assert_true(files_in("tests/data/bad", ".csv") >= 80);
    assert_true(files_in("examples", ".csv") >= 1);
    assert_true(files_in("forms", ".csv") >= 1);
}

/* A text of about 3 MB: quoted fields over several lines, CRLF, LF and
 * lone CR ends, Chinese text; bad is appended at the end. */
static char *big_text(const char *bad, size_t *len)
{
    struct strbuf b = {0};
    strbuf_puts(&b, "id,name,note\r\n");
    for (int i = 0; i < 40004; i++) {
        char row[256];
        switch (i % 4) {
        case 0: snprintf(row, sizeof row, "%d,预算执行率%d,\"第一行\r\n第二行, \"\"引号\"\"\"\r\n", i, i); break;
        case 1: snprintf(row, sizeof row, "%d,name %d,plain\n", i, i); break;
        case 2: snprintf(row, sizeof row, "%d,\"a\nb\nc\",x\r", i); break;
        default: snprintf(row, sizeof row, "%d,,%060d\r\n", i, i); break;
        }
        strbuf_puts(&b, row);
    }
    strbuf_puts(&b, bad);
    assert_false(b.oom);
    *len = b.n;
    return b.p;
}

static void test_big_texts(void **state)
{
    (void)state;
    static const char *tails[] = {
        "",                         /* all good */
        "last,\"open quote,x\r\n",  /* unterminated at the end */
        "9,a\"b,c\r\n",             /* a bare quote */
        "1,2,3\n4,5\n",             /* a short record: the loader's business */
    };
    for (size_t k = 0; k < sizeof tails / sizeof tails[0]; k++) {
        size_t len;
        char *text = big_text(tails[k], &len);
        assert_true(len > (1u << 20));   /* threaded in AUTO mode too */
        assert_modes_agree("big.csv", text, len, 0);
        assert_modes_agree("big.csv", text, len, 12345);   /* stops mid-way */
        slow_start = true;
        assert_modes_agree("big.csv", text, len, 0);
        slow_start = false;
        free(text);
    }
}

/* The threaded reader counts lines as the inline one: spot checks. */
static void test_big_lines(void **state)
{
    (void)state;
    size_t len;
    char *text = big_text("", &len);
    char *out = read_as(CSVREAD_THREAD, "big.csv", text, len, 0);
    /* row i starts after the header (line 1); rows 0 and 2 of each group
     * of four take 2 and 3 lines: 7 lines per group */
    assert_contains(out, "\n2:0|预算执行率0|第一行\r\n第二行, \"引号\"\n");
    assert_contains(out, "\n4:1|name 1|plain\n");
    assert_contains(out, "\n5:2|a\nb\nc|x\n");
    assert_contains(out, "\n8:3||");
    assert_contains(out, "\n9:4|预算执行率4|");
    assert_contains(out, "\n70002:40000|");   /* 2 + 7 * 10000 */
    free(out);
    free(text);
}

/* A field over the limit stops the reading with its line, both ways. */
static void test_big_field(void **state)
{
    (void)state;
    static char text[CSVIO_MAX_FIELD + 200];
    size_t n = CSVIO_MAX_FIELD + 100;
    size_t o = (size_t)sprintf(text, "a,b\n1,2\n3,\"");
    memset(text + o, 'x', n);
    strcpy(text + o + n, "\"\n");
    assert_modes_agree("field.csv", text, strlen(text), 0);
    char *out = read_as(CSVREAD_THREAD, "field.csv", text, strlen(text), 0);
    assert_contains(out, "field.csv:3: a field is longer than");
    free(out);
}

/* A large text is checked batch by batch: an invalid byte deep inside
 * stops the reading at its own line, after the records before it. */
static void test_big_invalid(void **state)
{
    (void)state;
    size_t len;
    char *text = big_text("", &len);
    /* row 30000 starts on line 2 + 7 * 7500 = 52502; its second field
     * "第一行\r\n第二行..." spans lines 52502 and 52503: break the
     * second line's first character */
    char *row = strstr(text, "\n30000,");
    assert_non_null(row);
    char *second = strstr(row, "第二行");
    assert_non_null(second);
    second[1] = '\xff';
    assert_modes_agree("bad.csv", text, len, 0);
    char *out = read_as(CSVREAD_THREAD, "bad.csv", text, len, 0);
    assert_contains(out, "rc=1 records=30001\n");   /* the header and rows 0-29999 */
    assert_contains(out, "bad.csv:52503: invalid UTF-8");
    free(out);
    /* the same byte in a small text: found before any record is read */
    out = read_as(CSVREAD_THREAD, "small.csv", row + 1, 200, 0);
    assert_contains(out, "rc=1 records=0\n");
    assert_contains(out, "small.csv:2: invalid UTF-8");
    free(out);
    free(text);
}

/* text (UTF-8, len bytes) in GB18030, as Excel on Chinese Windows saves it. */
static char *big_gb18030(char *text, size_t len, size_t *gblen)
{
    iconv_t cd = iconv_open("GB18030", "UTF-8");
    assert_true(cd != (iconv_t)-1);
    size_t cap = len * 2, left = len, oleft = cap;
    char *gb = malloc(cap), *in = text, *o = gb;
    assert_non_null(gb);
    assert_true(iconv(cd, &in, &left, &o, &oleft) != (size_t)-1);
    iconv_close(cd);
    *gblen = cap - oleft;
    return gb;
}

/* GB18030 is still told apart from UTF-8 in a large text, by its head. */
static void test_big_gb18030(void **state)
{
    (void)state;
    size_t len;
    char *text = big_text("", &len);
    size_t gblen;
    char *gb = big_gb18030(text, len, &gblen);
    char *want = read_as(CSVREAD_INLINE, "t.csv", text, len, 0);
    char *got = read_as(CSVREAD_AUTO, "t.csv", gb, gblen, 0);
    assert_contains(got, "read as GB18030");
    /* the same records, and the notice after them */
    size_t n = strstr(want, "rc=") - want;
    assert_int_equal(strncmp(want, got, n), 0);
    free(want);
    free(got);
    free(gb);
    free(text);
}

/* A large file is read in pieces: the same records as the text whole,
 * in any window, with CRLFs cut between two reads. */
static void test_pieces_big(void **state)
{
    (void)state;
    size_t len;
    char *text = big_text("", &len);
    static const size_t caps[] = {61, 4093, 1 << 20};
    assert_pieces_agree("big.csv", text, len, caps, 3);
    /* through csvio_read_file, which takes the same path for this file */
    char *path = scratch_file(text, len);
    struct seen s = {0};
    struct diags d = {0};
    char *got = seen_end(&s, csvio_read_file(path, record, &s, &d), &d);
    char *want = read_as(CSVREAD_INLINE, path, text, len, 0);
    assert_string_equal(want, got);
    free(want);
    free(got);
    unlink(path);
    free(path);
    free(text);
}

/* An invalid byte or a NUL deep in a large file stops the reading at its
 * line, after the records before it, in any window. */
static void test_pieces_bad_bytes(void **state)
{
    (void)state;
    size_t len;
    char *text = big_text("", &len);
    char *second = strstr(strstr(text, "\n30000,"), "第二行");
    /* SPLIT: row 30000 is in the second part, its lines counted after the first's */
    for (int mode = CSVREAD_THREAD; mode <= CSVREAD_SPLIT; mode++) {
        for (size_t cap = 5; cap < (2u << 20); cap *= 517) {
            second[1] = '\xff';
            char *out = read_piecewise(mode, "bad.csv", text, len, cap, SIZE_MAX);
            assert_contains(out, "rc=1 records=30001\n");
            assert_contains(out, "bad.csv:52503: invalid UTF-8");
            free(out);
            second[1] = '\0';
            out = read_piecewise(mode, "nul.csv", text, len, cap, SIZE_MAX);
            assert_contains(out, "nul.csv:52503: the file contains a NUL byte");
            free(out);
            second[1] = "第"[1];
        }
    }
    /* the NUL is reported at the same line when the text is read whole */
    second[1] = '\0';
    char *out = read_as(CSVREAD_AUTO, "nul.csv", text, len, 0);
    assert_contains(out, "nul.csv:52503: the file contains a NUL byte");
    free(out);
    free(text);
}

/* More bytes than allowed, or a descriptor that cannot be read: "cannot
 * read" with the reason. A file over the limit is refused before it is
 * read; the reader's own limit stops a file that grows while read. */
static void test_pieces_read_errors(void **state)
{
    (void)state;
    size_t len;
    char *text = big_text("", &len);
    /* SPLIT: past the limit in the second part of a split file */
    for (int mode = CSVREAD_THREAD; mode <= CSVREAD_SPLIT; mode++) {
        struct splits before = splits_now();
        size_t max = mode == CSVREAD_SPLIT ? len / 4 * 3 : len / 2;
        char *out = read_piecewise(mode, "grow.csv", text, len, 4096, max);
        assert_int_equal(splits_now().taken, before.taken + (mode == CSVREAD_SPLIT));
        assert_contains(out, "grow.csv: cannot read: ");
        assert_contains(out, strerror(EFBIG));
        free(out);
    }
    char dir[] = "/tmp/jixiao-csvread-dXXXXXX";
    assert_non_null(mkdtemp(dir));
    int fd = open(dir, O_RDONLY);
    assert_true(fd >= 0);
    struct seen s = {0};
    struct diags d = {0};
    char *out =
        seen_end(&s, csvread_run_fd("d.csv", fd, malloc(64), 0, 64, SIZE_MAX, 0, record, &s, &d), &d);
    assert_contains(out, "rc=1 records=0\n");
    assert_contains(out, strerror(EISDIR));
    free(out);
    close(fd);
    rmdir(dir);
    free(text);
}

/* A large GB18030 file is not UTF-8 in its head: it is read whole and
 * decoded, with the notice, as a buffer is. */
static void test_pieces_gb18030(void **state)
{
    (void)state;
    size_t len;
    char *text = big_text("", &len);
    size_t gblen;
    char *gb = big_gb18030(text, len, &gblen);
    char *path = scratch_file(gb, gblen);
    struct seen s = {0};
    struct diags d = {0};
    char *got = seen_end(&s, csvio_read_file(path, record, &s, &d), &d);
    char *want = read_as(CSVREAD_AUTO, path, gb, gblen, 0);
    assert_contains(got, "read as GB18030");
    assert_string_equal(want, got);
    free(want);
    free(got);
    unlink(path);
    free(path);
    free(gb);
    free(text);
}

/* The split's guess: past a line end whose first quote after it opens a
 * field, not one that closes one. */
static void test_split_pick(void **state)
{
    (void)state;
    /* from inside "...b\nc": the first line end is inside the field (the
     * quote after it closes "c"), the next one starts record 5 */
    const char *t = "b\nc\"\n5,\"a\n";
    assert_int_equal(csvread_split_pick(t, strlen(t)), strchr(t, '5') - t);
    const char *plain = "x\n1,2\n";
    assert_int_equal(csvread_split_pick(plain, strlen(plain)), 2);
    const char *open = "x\n\"y\",1\n";   /* a quote at a line's start opens */
    assert_int_equal(csvread_split_pick(open, strlen(open)), 2);
    const char *none = "no line end";
    assert_int_equal(csvread_split_pick(none, strlen(none)), strlen(none));
    const char *last = "a\"\n";   /* closes, and no line end after it */
    assert_int_equal(csvread_split_pick(last, strlen(last)), strlen(last));
}

/* What split mode made of a text, and whether its second part was taken. */
static char *read_split(int mode, const char *data, size_t len, size_t stop_after, bool *taken)
{
    struct splits before = splits_now();
    char *out = read_as(mode, "split.csv", data, len, stop_after);
    struct splits after = splits_now();
    assert_int_equal(after.split, before.split + 1);   /* it was split */
    *taken = after.taken == before.taken + 1;
    return out;
}

/* The second part is taken when the first ends between records at the
 * split, dropped when the split was inside a quoted field; the records,
 * lines and messages are those of one parser either way, also when the
 * callback stops in either part. */
static void test_split_parts(void **state)
{
    (void)state;
    struct strbuf good = {0}, fooled = {0};
    strbuf_puts(&good, "id,note\n");
    strbuf_puts(&fooled, "id,note\n");
    for (int i = 0; i < 3000; i++) {
        char row[128];
        snprintf(row, sizeof row, "%d,\"第%d行\n续\"\n", i, i);
        strbuf_puts(&good, row);
        /* a field holding a line break and then ,": the guess takes the
         * line end inside it for a record's end */
        snprintf(row, sizeof row, "%d,\"a\n,\"\"b\"\"\n,\"\"c\"\n", i);
        strbuf_puts(&fooled, row);
    }
    assert_false(good.oom || fooled.oom);
    struct { struct strbuf *t; bool taken; } cases[] = {{&good, true}, {&fooled, false}};
    for (size_t k = 0; k < 2; k++) {
        const char *text = cases[k].t->p;
        size_t len = cases[k].t->n;
        for (size_t stop = 0; stop <= 2900; stop += 1450) {   /* never, first part, second */
            char *want = read_as(CSVREAD_INLINE, "split.csv", text, len, stop);
            bool taken;
            char *got = read_split(CSVREAD_SPLIT, text, len, stop, &taken);
            assert_string_equal(want, got);
            if (stop != 1450)   /* stopped in the first part: nothing is taken */
                assert_int_equal(taken, cases[k].taken);
            free(got);
            /* the same from a file read in pieces */
            static const size_t caps[] = {3, 4093};
            for (size_t c = 0; c < 2 && !stop; c++) {
                struct splits before = splits_now();
                got = read_piecewise(CSVREAD_SPLIT, "split.csv", text, len, caps[c], SIZE_MAX);
                struct splits after = splits_now();
                assert_string_equal(want, got);
                assert_int_equal(after.split, before.split + 1);
                assert_int_equal(after.taken - before.taken, cases[k].taken);
                free(got);
            }
            free(want);
        }
        strbuf_free(cases[k].t);
    }
}

/* A form of 4 MB or more is split when read in AUTO mode; a draft (read
 * without CSVREAD_MAY_SPLIT) never is. */
static void test_split_auto(void **state)
{
    (void)state;
    struct strbuf b = {0};
    strbuf_puts(&b, "id,note\n");
    for (int i = 0; b.n < CSVREAD_SPLIT_MIN + 4096; i++) {
        char row[128];
        snprintf(row, sizeof row, "%d,\"评分标准\n第二行\",x\r\n", i);
        strbuf_puts(&b, row);
    }
    assert_false(b.oom);
    char *want = read_as(CSVREAD_INLINE, "auto.csv", b.p, b.n, 0);
    bool taken;
    char *got = read_split(CSVREAD_AUTO, b.p, b.n, 0, &taken);
    assert_true(taken);
    assert_string_equal(want, got);
    free(got);
    struct splits before = splits_now();
    struct seen s = {0};
    struct diags d = {0};
    got = seen_end(&s, csvio_read_buffer("auto.csv", b.p, b.n, record, &s, &d), &d);
    assert_int_equal(splits_now().split, before.split);
    assert_string_equal(want, got);
    free(got);
    /* a file with a BOM, read in pieces as a form is: the split is at a
     * file offset, the BOM before it */
    struct strbuf bom = {0};
    strbuf_put(&bom, "\xEF\xBB\xBF", 3);
    strbuf_put(&bom, b.p, b.n);
    assert_false(bom.oom);
    char *path = scratch_file(bom.p, bom.n);
    before = splits_now();
    struct csvio_src src = {.name = path, .max = SIZE_MAX, .split = true};
    s = (struct seen){0};
    got = seen_end(&s, csvio_read(&src, record, &s, &d), &d);
    assert_int_equal(splits_now().taken, before.taken + 1);
    char *want_file = read_as(CSVREAD_INLINE, path, b.p, b.n, 0);
    assert_string_equal(want_file, got);
    free(want_file);
    free(got);
    unlink(path);
    free(path);
    strbuf_free(&bom);
    free(want);
    strbuf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tree_files),
        cmocka_unit_test(test_big_texts),
        cmocka_unit_test(test_big_lines),
        cmocka_unit_test(test_big_field),
        cmocka_unit_test(test_big_invalid),
        cmocka_unit_test(test_big_gb18030),
        cmocka_unit_test(test_pieces_big),
        cmocka_unit_test(test_pieces_bad_bytes),
        cmocka_unit_test(test_pieces_read_errors),
        cmocka_unit_test(test_pieces_gb18030),
        cmocka_unit_test(test_split_pick),
        cmocka_unit_test(test_split_parts),
        cmocka_unit_test(test_split_auto),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
