/* test_utf8.c - the one width function: CJK, full-width punctuation,
 * emoji, combining marks, controls, invalid bytes, clipping. */
#include "testutil.h"

#include <locale.h>
#include <string.h>

#include "utf8.h"

static void test_width(void **state)
{
    (void)state;
    assert_int_equal(u8_width("abc", (size_t)-1), 3);
    assert_int_equal(u8_width("部门决策", (size_t)-1), 8);
    assert_int_equal(u8_width("（，；：）", (size_t)-1), 10);   /* full-width punctuation */
    assert_int_equal(u8_width("“三公”", (size_t)-1), 6);        /* ambiguous quotes: narrow */
    assert_int_equal(u8_width("１２", (size_t)-1), 4);           /* full-width digits */
    assert_int_equal(u8_width("e\xCC\x81", (size_t)-1), 1);      /* e + combining acute */
    assert_int_equal(u8_width("\xF0\x9F\x98\x80", (size_t)-1), 2); /* emoji */
    assert_int_equal(u8_width("a\x1b[31mb", (size_t)-1), 7);     /* ESC shown as one placeholder */
    assert_int_equal(u8_width("\xE2\x80\xAE", (size_t)-1), 1);   /* RLO override */
    assert_int_equal(u8_width("\xff\xfe", (size_t)-1), 2);       /* invalid bytes */
    assert_int_equal(u8_width("", 0), 0);
}

static void test_unsafe(void **state)
{
    (void)state;
    assert_true(u8_is_unsafe(0x1B));
    assert_true(u8_is_unsafe(0x07));
    assert_true(u8_is_unsafe(0x7F));
    assert_true(u8_is_unsafe(0x9B));     /* C1 CSI */
    assert_true(u8_is_unsafe(0x202E));
    assert_true(u8_is_unsafe(0x2066));
    assert_false(u8_is_unsafe('a'));
    assert_false(u8_is_unsafe(0x90E8)); /* 部 */
}

static void test_clip(void **state)
{
    (void)state;
    int used;
    const char *s = "部门决策";
    /* 5 columns hold two characters, never half of the third */
    assert_int_equal(u8_clip(s, (size_t)-1, 5, &used), 6);
    assert_int_equal(used, 4);
    assert_int_equal(u8_clip(s, (size_t)-1, 8, &used), 12);
    assert_int_equal(used, 8);
    assert_int_equal(u8_clip(s, (size_t)-1, 1, &used), 0);
    assert_int_equal(used, 0);
    assert_int_equal(u8_clip("ab部", (size_t)-1, 3, &used), 2);
}

/* u8_clip takes ASCII and CJK ideographs by a short cut: it must agree
 * with u8_cpwidth on every character around the cut's edges, and on
 * malformed bytes. */
static void test_clip_agrees(void **state)
{
    (void)state;
    static const uint32_t cps[] = {0x1F, 0x20, 0x7E, 0x7F, 0xA0, 0x3000, 0x4DFF, 0x4E00,
                                   0x90E8, 0x9FFF, 0xA000, 0xFF01, 0x202E, 0x1F600};
    for (size_t i = 0; i < sizeof cps / sizeof cps[0]; i++) {
        char s[8];
        uint32_t c = cps[i];
        size_t n = c < 0x80 ? (s[0] = (char)c, 1)
                 : c < 0x800 ? (s[0] = (char)(0xC0 | c >> 6), s[1] = (char)(0x80 | (c & 0x3F)), 2)
                 : c < 0x10000 ? (s[0] = (char)(0xE0 | c >> 12), s[1] = (char)(0x80 | ((c >> 6) & 0x3F)),
                                  s[2] = (char)(0x80 | (c & 0x3F)), 3)
                 : (s[0] = (char)(0xF0 | c >> 18), s[1] = (char)(0x80 | ((c >> 12) & 0x3F)),
                    s[2] = (char)(0x80 | ((c >> 6) & 0x3F)), s[3] = (char)(0x80 | (c & 0x3F)), 4);
        int used, w = u8_cpwidth(c);
        assert_int_equal(u8_clip(s, n, 10, &used), n);
        assert_int_equal(used, w);
        assert_int_equal(u8_clip(s, n, w - 1, &used), 0);
    }
    int used;
    /* a lead byte of an ideograph without its continuation bytes */
    assert_int_equal(u8_clip("\xE9\xBFx", 3, 10, &used), 3);
    assert_int_equal(used, u8_width("\xE9\xBFx", 3));
    assert_int_equal(u8_clip("\xE4\xB7\xBF", 3, 10, &used), 3);   /* U+4DFF */
    assert_int_equal(used, u8_cpwidth(0x4DFF));
}

static void test_decode_and_prev(void **state)
{
    (void)state;
    uint32_t cp;
    assert_int_equal(u8_decode("部", 3, &cp), 3);
    assert_int_equal(cp, 0x90E8);
    assert_int_equal(u8_decode("\xC0\x80", 2, &cp), 1);   /* overlong */
    assert_int_equal(cp, U8_PLACEHOLDER);
    assert_int_equal(u8_decode("\xED\xA0\x80", 3, &cp), 1); /* surrogate */
    assert_int_equal(u8_decode("\xE9\x83", 2, &cp), 1);   /* truncated */
    assert_true(u8_valid("部门 ok", strlen("部门 ok")));
    assert_false(u8_valid("\xE9\x83", 2));
    const char *s = "a部b";
    assert_int_equal(u8_prev(s, 5), 4);
    assert_int_equal(u8_prev(s, 4), 1);
    assert_int_equal(u8_prev(s, 1), 0);
    assert_int_equal(u8_prev(s, 0), 0);
}

/* u8_valid agrees with decoding every character, on every byte pattern
 * that matters: all 2-byte pairs after each lead, and edge sequences. */
static bool valid_by_decode(const char *s, size_t len)
{
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        size_t n = u8_decode(s + i, len - i, &cp);
        if (cp == U8_PLACEHOLDER && n == 1)
            return false;
        i += n;
    }
    return true;
}

static void test_valid_agrees(void **state)
{
    (void)state;
    char buf[16];
    for (int a = 0x80; a < 0x100; a++)
        for (int b = 0; b < 0x100; b++)
            for (int c = 0x7F; c <= 0xC0; c += 0x41) {
                buf[0] = 'x';
                buf[1] = (char)a;
                buf[2] = (char)b;
                buf[3] = (char)c;
                buf[4] = (char)0x80;
                for (size_t len = 2; len <= 5; len++)
                    if (u8_valid(buf, len) != valid_by_decode(buf, len))
                        fail_msg("disagree on %02x %02x %02x len %zu", a, b, c, len);
            }
    const char *ok = "ASCII only, long enough for the fast path 部门决策 \xF0\x9F\x98\x80";
    assert_true(u8_valid(ok, strlen(ok)));
    assert_false(u8_valid("abcdefgh\xC0\xAF" "abcdefgh", 18));
    assert_false(u8_valid("abcdefghijklmno\xF4\x90\x80\x80", 19));
}

/* The vector check (u8_valid, AVX2 where the machine has it, on 64
 * bytes and more) agrees with the byte loop on every byte pair and on
 * sequences of three and four bytes, each placed across the places a
 * 32-byte block and its 16-byte lanes are cut, and at the end. */
static void check_at(const unsigned char *seq, size_t n, size_t pos, size_t len, bool cjk_after)
{
    char buf[160];
    memset(buf, 'a', sizeof buf);
    if (cjk_after)
        for (size_t k = pos + n; k + 3 <= len; k += 3)
            memcpy(buf + k, "部", 3);
    memcpy(buf + pos, seq, n);
    if (u8_valid(buf, len) != u8_valid_scalar(buf, len))
        fail_msg("disagree: %02x %02x %02x %02x (%zu bytes) at %zu of %zu", seq[0],
                 n > 1 ? seq[1] : 0, n > 2 ? seq[2] : 0, n > 3 ? seq[3] : 0, n, pos, len);
}

static void check_everywhere(const unsigned char *seq, size_t n)
{
    static const size_t at[] = {0, 14, 15, 16, 29, 30, 31, 32, 62, 63, 64, 95};
    for (size_t k = 0; k < sizeof at / sizeof at[0]; k++) {
        size_t end = at[k] + n;
        check_at(seq, n, at[k], end < 64 ? 64 : end, false);   /* the text's end */
        check_at(seq, n, at[k], end + 37 < 64 ? 64 : end + 37, true);
    }
}

static void test_valid_vector(void **state)
{
    (void)state;
    static const unsigned char classes[] = {0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F,
                                            0xA0, 0xBF, 0xC0, 0xE0, 0xF0, 0xFF};
    const size_t nc = sizeof classes;
    unsigned char seq[4];
    for (int a = 0; a < 0x100; a++)
        for (int b = 0; b < 0x100; b++) {
            seq[0] = (unsigned char)a;
            seq[1] = (unsigned char)b;
            check_everywhere(seq, 2);
            for (size_t c = 0; a >= 0xC0 && c < nc; c++) {
                seq[2] = classes[c];
                check_everywhere(seq, 3);
                for (size_t d = 0; a >= 0xF0 && d < nc; d++) {
                    seq[3] = classes[d];
                    check_everywhere(seq, 4);
                }
            }
        }
    /* random texts of Chinese, ASCII and stray bytes, cut anywhere */
    static const char *pieces[] = {"部", "门", "a", "1,", "\n", "\xF0\x9F\x98\x80", "\xC3\xA9",
                                   "\x80", "\xE4\xB8", "\xED\xA0\x80", "\xF4\x90\x80\x80"};
    unsigned seed = 12345;
    size_t invalid = 0;
    for (int round = 0; round < 20000; round++) {
        char buf[600];
        size_t len = 0;
        int bad_odds = 1 + round % 64;   /* from many stray bytes to almost none */
        while (len < 580) {
            seed = seed * 1103515245 + 12345;
            unsigned r = (seed >> 16) & 0x7FFF;
            const char *p = pieces[r % bad_odds == 0 ? 5 + r % 6 : r % 5];
            memcpy(buf + len, p, strlen(p));
            len += strlen(p);
        }
        size_t cut = 64 + (seed >> 8) % (len - 64);
        bool want = u8_valid_scalar(buf, cut);
        invalid += !want;
        if (u8_valid(buf, cut) != want)
            fail_msg("disagree on random text %d, %zu bytes", round, cut);
    }
    assert_true(invalid > 1000 && invalid < 19000);   /* both verdicts were tested */
}

/* A message that does not fit is cut between characters, with "…". */
static void test_snprintf_cut(void **state)
{
    (void)state;
    char buf[16];
    /* fits: unchanged */
    assert_int_equal(u8_snprintf(buf, sizeof buf, "%s", "复核"), 6);
    assert_string_equal(buf, "复核");
    /* 10 ideographs (30 bytes) into 16: 12 bytes of text, "…", NUL */
    for (size_t size = 4; size <= sizeof buf; size++) {
        int r = u8_snprintf(buf, size, "%s", "一二三四五六七八九十");
        assert_int_equal(r, 30);
        size_t n = strlen(buf);
        assert_true(n < size);
        assert_true(u8_valid(buf, n));
        assert_true(n >= 3 && !strcmp(buf + n - 3, "…"));
        assert_int_equal((n - 3) % 3, 0);   /* whole characters before it */
    }
    /* ASCII is cut at the byte */
    u8_snprintf(buf, 8, "%s", "abcdefghij");
    assert_string_equal(buf, "abcd…");
    /* too small for the ellipsis: empty, never half a character */
    u8_snprintf(buf, 3, "%s", "复核");
    assert_string_equal(buf, "");
}

int main(void)
{
    setlocale(LC_ALL, "C.UTF-8");
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_width),
        cmocka_unit_test(test_unsafe),
        cmocka_unit_test(test_clip),
        cmocka_unit_test(test_clip_agrees),
        cmocka_unit_test(test_decode_and_prev),
        cmocka_unit_test(test_valid_agrees),
        cmocka_unit_test(test_valid_vector),
        cmocka_unit_test(test_snprintf_cut),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
