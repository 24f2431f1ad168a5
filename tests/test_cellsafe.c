/* test_cellsafe.c - the formula guard through cellsafe.h. Its promise: a
 * text cell that begins with = + - @, a tab or a CR (a spreadsheet would
 * run it) or with an apostrophe is written with one apostrophe in front;
 * reading strips exactly one; so what a spreadsheet sees never begins
 * with a formula character, and the text comes back as it was. Drafts
 * (draftio_write.c, draftio_read.c) and the roll-up (summary.c) write
 * their text cells through it. */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cellsafe.h"
#include "csvio.h"
#include "oom.h"

/* Each character the header names, with what may follow it: a formula, a
 * phone number, a negative number (a text cell is text: "-5" in a note is
 * guarded like "-A1"), Chinese. */
static const char *const guarded[] = {
    "=SUM(A1:A9)", "=", "=1+1", "=汇总!A1", "+86 138 0000 0000", "+", "-5", "-", "-1.5",
    "-A1+A2", "@SUM(A1)", "@", "@张三", "\t=1", "\t", "\t汉字", "\r=1", "\r", "\r\n说明",
    "'", "'=1", "''", "'普通文字",
};

/* Text that begins with none of them, though it may hold them further in. */
static const char *const plain[] = {
    "", "0", "5", "1-2", "3.5", "a=b", "汉字", "完成情况良好", "１２", "指标=1", "x@y.cn",
    "说明：-5分", "（一）", "1.2.3", "A'B", " 前有空格", "\n换行在前", "\x1f", "＝SUM(A1)",
    "＋1", "－1", "＠",
};

static void test_needs_guard(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof guarded / sizeof *guarded; i++)
        if (!cellsafe_needs_guard(guarded[i]))
            fail_msg("\"%s\" is not guarded", guarded[i]);
    for (size_t i = 0; i < sizeof plain / sizeof *plain; i++)
        if (cellsafe_needs_guard(plain[i]))
            fail_msg("\"%s\" is guarded", plain[i]);
}

/* Every byte as a first character: guarded exactly when the header says. */
static void test_every_first_byte(void **state)
{
    (void)state;
    for (int c = 1; c < 256; c++) {
        char s[3] = {(char)c, 'x', '\0'};
        bool want = c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r' ||
                    c == '\'';
        if (cellsafe_needs_guard(s) != want)
            fail_msg("first byte 0x%02x: guarded %d, should be %d", c, !want, want);
    }
}

/* Reading skips one apostrophe, no more, and leaves other text as it is
 * (the same pointer: no copy). */
static void test_unguard(void **state)
{
    (void)state;
    assert_string_equal(cellsafe_unguard("'=1"), "=1");
    assert_string_equal(cellsafe_unguard("''"), "'");
    assert_string_equal(cellsafe_unguard("'''x"), "''x");
    assert_string_equal(cellsafe_unguard("'"), "");
    assert_string_equal(cellsafe_unguard("'汉字"), "汉字");
    for (size_t i = 0; i < sizeof plain / sizeof *plain; i++)
        assert_ptr_equal(cellsafe_unguard(plain[i]), plain[i]);
    static const char mid[] = "a'b";
    assert_ptr_equal(cellsafe_unguard(mid), mid);
}

struct parsed {
    size_t records, n;
    char *f[64];
};

static int collect(void *ctx, long line, char **fields, size_t n)
{
    (void)line;
    struct parsed *p = ctx;
    p->records++;
    for (size_t i = 0; i < n && p->n < 64; i++)
        p->f[p->n++] = strdup(fields[i]);
    return 0;
}

static void parsed_free(struct parsed *p)
{
    for (size_t i = 0; i < p->n; i++)
        free(p->f[i]);
}

/* Write texts as one record, read it back with the CSV reader drafts are
 * read with: each cell as stored (what a spreadsheet sees) begins with no
 * formula character, and unguarded it is the text written. */
static void round_trip(const char *const *texts, size_t n)
{
    assert_true(n <= 64);
    struct strbuf b = {0};
    for (size_t i = 0; i < n; i++)
        cellsafe_put_field(&b, texts[i], i == 0);
    csvio_end_record(&b);
    assert_false(b.oom);
    struct parsed p = {0};
    struct diags d = {0};
    assert_int_equal(csvio_read_buffer("cells.csv", b.p, b.n, collect, &p, &d), 0);
    assert_int_equal(d.n, 0);
    assert_int_equal(p.records, 1);
    assert_int_equal(p.n, n);
    for (size_t i = 0; i < n; i++) {
        const char *cell = p.f[i];
        if (cell[0] && strchr("=+-@\t\r", cell[0]))
            fail_msg("\"%s\" is stored as \"%s\", which a spreadsheet runs", texts[i], cell);
        if (strcmp(cellsafe_unguard(cell), texts[i]))
            fail_msg("\"%s\" is stored as \"%s\" and read back as \"%s\"", texts[i], cell,
                     cellsafe_unguard(cell));
        /* one apostrophe added exactly when guarded */
        assert_int_equal(strlen(cell), strlen(texts[i]) + cellsafe_needs_guard(texts[i]));
    }
    parsed_free(&p);
    diags_clear(&d);
    strbuf_free(&b);
}

static void test_round_trip(void **state)
{
    (void)state;
    round_trip(guarded, sizeof guarded / sizeof *guarded);
    round_trip(plain, sizeof plain / sizeof *plain);
    /* what the CSV writer must also quote: commas, quotes, line ends,
     * blanks at either end */
    static const char *const quoted[] = {
        "=A1,B1", "-\"5\"", "@a\nb", "+ ", "=\"x\"", "'a,b'", " =1", "=1 ", "\t", "\t\t",
        "\r\n", "第一行\r\n第二行", "\"", "''\"'", ",", "-,-",
    };
    round_trip(quoted, sizeof quoted / sizeof *quoted);
}

/* first says whether the field opens the record: no comma before it. */
static void test_first(void **state)
{
    (void)state;
    struct strbuf b = {0};
    cellsafe_put_field(&b, "=1", true);
    assert_string_equal(b.p, "'=1");
    cellsafe_put_field(&b, "汉字", false);
    cellsafe_put_field(&b, "-2", false);
    assert_string_equal(b.p, "'=1,汉字,'-2");
    strbuf_free(&b);
}

/* A long text (over the CSV writer's 512-byte stack buffer) guarded and
 * quoted both. */
static void test_long(void **state)
{
    (void)state;
    enum { N = 3000 };
    char *s = malloc(N * 3 + 8);
    assert_non_null(s);
    char *o = s;
    *o++ = '=';
    for (int i = 0; i < N; i++) {
        memcpy(o, i % 50 ? "字" : ",\"", 3);   /* 字 is three bytes, ,\" two and a NUL */
        o += i % 50 ? 3 : 2;
    }
    *o = '\0';
    const char *one[] = {s};
    round_trip(one, 1);
    free(s);
}

/* Out of memory: the buffer says so (oom) and takes nothing more; plain
 * text needs no allocation of its own. */
static void test_oom(void **state)
{
    (void)state;
    struct strbuf b = {0};
    strbuf_puts(&b, "id");   /* the buffer has room now */
    assert_false(b.oom);
    oom_fail_after(0);
    cellsafe_put_field(&b, "完成", false);
    assert_int_equal(oom_calls(), 0);
    cellsafe_put_field(&b, "=1", false);   /* needs its guarded copy */
    assert_int_equal(oom_failed(), 1);
    oom_fail_after(-1);
    assert_true(b.oom);
    cellsafe_put_field(&b, "more", false);
    assert_string_equal(b.p, "id,完成");
    strbuf_free(&b);

    /* each allocation a long guarded, quoted field needs, failed in turn */
    char big[2000];
    memset(big, 'a', sizeof big - 1);
    big[0] = '-';
    big[1] = ',';
    big[sizeof big - 1] = '\0';
    for (long n = 0;; n++) {
        struct strbuf c = {0};
        oom_fail_after(n);
        cellsafe_put_field(&c, big, true);
        long failed = oom_failed();
        oom_fail_after(-1);
        if (!failed) {
            assert_false(c.oom);
            assert_true(n >= 2);   /* the guarded copy and the quoting at least */
            strbuf_free(&c);
            break;
        }
        assert_true(c.oom);
        strbuf_free(&c);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_needs_guard),
        cmocka_unit_test(test_every_first_byte),
        cmocka_unit_test(test_unguard),
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_first),
        cmocka_unit_test(test_long),
        cmocka_unit_test(test_oom),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
