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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_pts),
        cmocka_unit_test(test_format),
        cmocka_unit_test(test_decimal),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
