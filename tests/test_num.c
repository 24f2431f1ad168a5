/* test_num.c - exact hundredths: parsing, printing, refusal reasons. */
#include "testutil.h"

#include <string.h>

#include "num.h"

static void test_parse_pts(void **state)
{
    (void)state;
    static const struct {
        const char *in;
        pts_t out;
    } ok[] = {
        {"5", 500}, {"5.7", 570}, {"5.76", 576}, {" 93.76 ", 9376}, {"0", 0}, {"0.01", 1},
        {"１８", 1800}, {"５．７６", 576}, {"1,000", 100000}, {"18.50", 1850},
    };
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        pts_t v = -1;
        const char *why = NULL;
        if (!num_parse_pts(ok[i].in, false, &v, &why))
            fail_msg("\"%s\": %s", ok[i].in, why);
        assert_int_equal(v, ok[i].out);
    }
    static const struct {
        const char *in;
        const char *why;
    } bad[] = {
        {"5.765", "at most two decimals"}, {"-1", "negative"}, {"abc", "not a number"},
        {"", "empty"}, {"五", "not a number"}, {"1e308", "not a number"},
        {"NaN", "not a number"}, {"1.2.3", "not a number"}, {"12,34", "separator"},
        {"99999999999999999999", "too large"}, {"5%", "percent"},
        {"5555555555555555551", "too large"}, {"-999999999999999999", "negative"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        pts_t v = 7;
        const char *why = NULL;
        assert_false(num_parse_pts(bad[i].in, false, &v, &why));
        assert_int_equal(v, 7);
        if (!strstr(why, bad[i].why))
            fail_msg("\"%s\": reason \"%s\" lacks \"%s\"", bad[i].in, why, bad[i].why);
    }
}

static void test_format(void **state)
{
    (void)state;
    char buf[NUM_BUF];
    assert_string_equal(num_format_pts(9376, buf), "93.76");
    assert_string_equal(num_format_pts(500, buf), "5");
    assert_string_equal(num_format_pts(150, buf), "1.5");
    assert_string_equal(num_format_pts(1, buf), "0.01");
    assert_string_equal(num_format_pts(0, buf), "0");
    assert_string_equal(num_format_pts(-10, buf), "-0.1");
    assert_string_equal(num_format_pts2(9376, buf), "93.76");
    assert_string_equal(num_format_pts2(500, buf), "5.00");
    assert_string_equal(num_format_pts2(-5, buf), "-0.05");
    /* every value survives format -> parse */
    for (pts_t v = 0; v < 20000; v += 7) {
        pts_t back;
        const char *why;
        assert_true(num_parse_pts(num_format_pts(v, buf), false, &back, &why));
        assert_int_equal(back, v);
    }
}

static void test_decimal(void **state)
{
    (void)state;
    struct decimal d;
    bool pct;
    const char *why;
    char buf[NUM_BUF];
    assert_true(num_parse_decimal("7,621.05", &d, &pct, &why));
    assert_int_equal(d.mant, 762105);
    assert_int_equal(d.scale, 2);
    assert_false(pct);
    assert_string_equal(num_format_decimal(d, buf), "7621.05");
    assert_true(num_parse_decimal("99.80%", &d, &pct, &why));
    assert_true(pct);
    assert_string_equal(num_format_decimal(d, buf), "99.8");
    assert_true(num_parse_decimal("635.300", &d, NULL, &why));
    assert_string_equal(num_format_decimal(d, buf), "635.3");
    assert_false(num_parse_decimal("1.1234567", &d, NULL, &why));
    assert_false(num_parse_decimal("1,23", &d, NULL, &why));
    assert_false(num_parse_decimal("--1", &d, NULL, &why));
}

/* Plain digits take a short path (parse_plain); at its edges it hands
 * over to the full parser, and both must read the same. */
static void test_decimal_plain(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        bool ok;
        int64_t mant;
        int scale;
    } cases[] = {
        {"86.17", true, 8617, 2},
        {"4", true, 4, 0},
        {"007.50", true, 75, 1},
        {"5.", true, 5, 0},
        {".5", true, 5, 1},
        {"0.000", true, 0, 0},
        {"0.123456", true, 123456, 6},
        {"0.1234567", false, 0, 0},                       /* too many decimals */
        {"12345678901234567", true, 12345678901234567, 0}, /* 17 digits: full parser */
        {"123456789012345678", true, 123456789012345678, 0},
        {"1234567890123456789", false, 0, 0},             /* too large */
        {".", false, 0, 0},
        {"", false, 0, 0},
        {"1.2.3", false, 0, 0},
        {" 12.5 ", true, 125, 1},                         /* blanks: full parser */
        {"１２．５", true, 125, 1},                       /* full width */
        {"+3", true, 3, 0},
        {"-3.10", true, -31, 1},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct decimal d = {0, 0};
        bool pct = true;
        const char *why = NULL;
        bool ok = num_parse_decimal(cases[i].text, &d, &pct, &why);
        if (ok != cases[i].ok)
            fail_msg("\"%s\": %s", cases[i].text, ok ? "taken" : why);
        if (!ok)
            continue;
        assert_false(pct);
        assert_int_equal(d.mant, cases[i].mant);
        assert_int_equal(d.scale, cases[i].scale);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_pts),
        cmocka_unit_test(test_format),
        cmocka_unit_test(test_decimal),
        cmocka_unit_test(test_decimal_plain),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
