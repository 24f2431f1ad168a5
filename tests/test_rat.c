/* test_rat.c - exact rationals: normalisation, overflow, rounding. */
#include "testutil.h"

#include "rat.h"

static struct rat R(int64_t n, int64_t d)
{
    struct rat r;
    assert_true(rat_div(rat_int(n), rat_int(d), &r));
    return r;
}

static void assert_rat(struct rat r, int64_t n, int64_t d)
{
    assert_int_equal(r.n, n);
    assert_int_equal(r.d, d);
}

static void test_normalise(void **state)
{
    (void)state;
    assert_rat(R(6, 8), 3, 4);
    assert_rat(R(6, -8), -3, 4);   /* the sign lives in the numerator */
    assert_rat(R(-6, -8), 3, 4);
    assert_rat(R(0, -5), 0, 1);
    assert_rat(rat_from_decimal((struct decimal){762105, 2}), 152421, 20);
    assert_rat(rat_from_decimal((struct decimal){3274, 2}), 1637, 50);
    assert_rat(rat_from_decimal((struct decimal){24, 0}), 24, 1);
    assert_rat(rat_from_decimal((struct decimal){-5, 1}), -1, 2);
    assert_rat(rat_from_pts(576), 144, 25);
    assert_rat(rat_from_pts(-50), -1, 2);
    assert_rat(rat_from_pts(PTS_NONE), INT64_MIN / 4, 25);
}

static uint64_t euclid(uint64_t a, uint64_t b)
{
    while (b) {
        uint64_t t = a % b;
        a = b;
        b = t;
    }
    return a;
}

/* Lowest terms for pairs of every size: powers of two, odd factors,
 * 64-bit values, zero (checked against Euclid's algorithm). */
static void test_normalise_many(void **state)
{
    (void)state;
    uint64_t x = 88172645463325252u;   /* xorshift64 */
    const uint64_t below62 = (UINT64_C(1) << 62) - 1;
    for (int i = 0; i < 200000; i++) {
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        uint64_t un = ((x >> 3) & ((UINT64_C(1) << (1 + x % 62)) - 1)) << (i % 5);
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        uint64_t ud = ((x >> 3) & ((UINT64_C(1) << (1 + x % 62)) - 1)) << (i % 3);
        int64_t n = (int64_t)(un & below62), d = (int64_t)(ud & below62);
        if (d == 0)
            d = 1 + (i % 7);
        struct rat r = R(i % 2 ? -n : n, d);
        uint64_t g = euclid((uint64_t)n, (uint64_t)d);
        assert_rat(r, (i % 2 ? -n : n) / (int64_t)g, d / (int64_t)g);
    }
}

static void test_arith(void **state)
{
    (void)state;
    struct rat r;
    assert_true(rat_add(R(1, 6), R(1, 3), &r));
    assert_rat(r, 1, 2);
    assert_true(rat_sub(R(1, 6), R(1, 3), &r));
    assert_rat(r, -1, 6);
    assert_true(rat_mul(R(24, 25), rat_int(6), &r));
    assert_rat(r, 144, 25);
    assert_true(rat_mul(R(-2, 3), R(-3, 4), &r));
    assert_rat(r, 1, 2);
    assert_true(rat_mul(R(0, 1), R(INT64_MAX, 3), &r));
    assert_rat(r, 0, 1);
    assert_true(rat_div(R(1, 2), R(-1, 4), &r));
    assert_rat(r, -2, 1);
    assert_true(rat_div(rat_int(0), R(-7, 3), &r));
    assert_rat(r, 0, 1);
    assert_false(rat_div(rat_int(1), rat_int(0), &r));
    /* Cross-cancelling keeps huge but reducible products in range. */
    assert_true(rat_mul(R(INT64_MAX, 3), R(3, INT64_MAX), &r));
    assert_rat(r, 1, 1);
    assert_true(rat_add(R(1, INT64_MAX), R(1, INT64_MAX), &r));
    assert_rat(r, 2, INT64_MAX);
}

static void test_overflow(void **state)
{
    (void)state;
    struct rat r;
    assert_false(rat_add(rat_int(INT64_MAX), rat_int(1), &r));
    assert_false(rat_sub(rat_int(INT64_MIN), rat_int(1), &r));
    assert_false(rat_sub(rat_int(0), rat_int(INT64_MIN), &r));   /* -INT64_MIN */
    assert_false(rat_mul(rat_int(INT64_MAX), rat_int(2), &r));
    assert_false(rat_mul(rat_int(INT64_MIN), rat_int(-1), &r));
    assert_false(rat_div(rat_int(INT64_MIN), rat_int(-1), &r));
    assert_false(rat_div(rat_int(1), rat_int(INT64_MIN), &r));   /* d would be 2^63 */
    assert_false(rat_add(R(1, 4294967291), R(1, 4294967279), &r));   /* lcm > 2^63 */
    assert_true(rat_sub(rat_int(INT64_MIN + 1), rat_int(1), &r));
    assert_rat(r, INT64_MIN, 1);
}

static void test_cmp(void **state)
{
    (void)state;
    assert_int_equal(rat_cmp(R(1, 3), R(1, 2)), -1);
    assert_int_equal(rat_cmp(R(1, 2), R(2, 4)), 0);
    assert_int_equal(rat_cmp(R(-1, 2), R(-1, 3)), -1);
    assert_int_equal(rat_cmp(R(-1, 2), rat_int(0)), -1);
    assert_int_equal(rat_cmp(rat_int(0), rat_int(0)), 0);
    assert_int_equal(rat_cmp(rat_int(INT64_MIN), rat_int(INT64_MAX)), -1);
    /* Cross products overflow 64 bits here; the comparison must not. */
    struct rat a = R(INT64_MAX, INT64_MAX - 1), b = R(INT64_MAX - 1, INT64_MAX - 2);
    assert_int_equal(rat_cmp(a, b), -1);
    assert_int_equal(rat_cmp(b, a), 1);
    struct rat na = R(-INT64_MAX, INT64_MAX - 1), nb = R(-(INT64_MAX - 1), INT64_MAX - 2);
    assert_int_equal(rat_cmp(na, nb), 1);
}

static void assert_pts(struct rat r, pts_t want)
{
    pts_t got = -12345;
    assert_true(rat_to_pts(r, &got));
    assert_int_equal(got, want);
}

static void test_to_pts(void **state)
{
    (void)state;
    assert_pts(R(1, 200), 1);      /* exactly 0.005: half-up */
    assert_pts(R(1, 300), 0);
    assert_pts(R(-1, 200), -1);    /* away from zero */
    assert_pts(R(-1, 300), 0);
    assert_pts(R(5997, 1000), 600);
    assert_pts(R(144, 25), 576);
    assert_pts(R(2, 3), 67);
    assert_pts(R(-2, 3), -67);
    assert_pts(R(1, 8), 13);       /* 0.125 */
    assert_pts(R(1249, 10000), 12);
    assert_pts(R(INT64_MAX - 1, INT64_MAX), 100);
    assert_pts(rat_int(0), 0);
    assert_pts(rat_int(PTS_MAX / 100), PTS_MAX);
    pts_t p;
    assert_false(rat_to_pts(rat_int(PTS_MAX / 100 + 1), &p));
    assert_false(rat_to_pts(rat_int(INT64_MAX), &p));
    assert_false(rat_to_pts(rat_int(INT64_MIN), &p));
}

static void assert_step(struct rat a, struct rat step, enum rat_rounding how, int64_t n,
                        int64_t d)
{
    struct rat r;
    assert_true(rat_step(a, step, how, &r));
    assert_rat(r, n, d);
}

/* floor/ceil/round to whole numbers and to steps, both signs, exact. */
static void test_step(void **state)
{
    (void)state;
    struct rat one = rat_int(1), half = R(1, 2), tenth = R(1, 10);
    assert_step(R(862, 100), one, RAT_FLOOR, 8, 1);
    assert_step(R(862, 100), one, RAT_CEIL, 9, 1);
    assert_step(R(862, 100), one, RAT_ROUND, 9, 1);
    assert_step(R(-862, 100), one, RAT_FLOOR, -9, 1);
    assert_step(R(-862, 100), one, RAT_CEIL, -8, 1);
    assert_step(R(-862, 100), one, RAT_ROUND, -9, 1);
    assert_step(R(5, 2), one, RAT_ROUND, 3, 1);      /* halves away from zero */
    assert_step(R(-5, 2), one, RAT_ROUND, -3, 1);
    assert_step(R(249, 100), one, RAT_ROUND, 2, 1);
    assert_step(rat_int(7), one, RAT_FLOOR, 7, 1);   /* whole numbers stay */
    assert_step(rat_int(7), one, RAT_CEIL, 7, 1);
    assert_step(rat_int(-7), one, RAT_CEIL, -7, 1);
    assert_step(rat_int(0), half, RAT_CEIL, 0, 1);
    assert_step(R(74, 100), half, RAT_ROUND, 1, 2);  /* 0.74 -> 0.5 */
    assert_step(R(75, 100), half, RAT_ROUND, 1, 1);  /* 0.75 -> 1 */
    assert_step(R(74, 100), half, RAT_FLOOR, 1, 2);
    assert_step(R(26, 100), half, RAT_CEIL, 1, 2);
    assert_step(R(-26, 100), half, RAT_FLOOR, -1, 2);
    assert_step(R(1, 3), tenth, RAT_ROUND, 3, 10);   /* no binary fraction on the way */
    assert_step(R(2, 3), tenth, RAT_FLOOR, 3, 5);
    assert_step(R(35, 100), tenth, RAT_ROUND, 2, 5); /* 0.35 exactly -> 0.4 */
    assert_step(R(7, 3), R(2, 3), RAT_FLOOR, 2, 1);  /* a step that is not decimal */
    assert_step(rat_int(17), rat_int(5), RAT_CEIL, 20, 1);
    struct rat r;
    assert_false(rat_step(one, rat_int(0), RAT_ROUND, &r));
    assert_false(rat_step(one, R(-1, 2), RAT_FLOOR, &r));
    assert_false(rat_step(rat_int(INT64_MAX), R(1, 3), RAT_FLOOR, &r));   /* overflow */
    assert_false(rat_step(rat_int(INT64_MAX), rat_int(2), RAT_CEIL, &r));
    assert_step(rat_int(INT64_MAX), rat_int(2), RAT_FLOOR, INT64_MAX - 1, 1);
    assert_step(rat_int(INT64_MIN), one, RAT_FLOOR, INT64_MIN, 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_normalise), cmocka_unit_test(test_normalise_many),
        cmocka_unit_test(test_arith),
        cmocka_unit_test(test_overflow),  cmocka_unit_test(test_cmp),
        cmocka_unit_test(test_to_pts),     cmocka_unit_test(test_step),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
