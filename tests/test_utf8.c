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
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
