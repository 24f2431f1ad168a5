/* test_grow.c - the growth helper and strbuf: growth from zero, geometric
 * growth, and refusal (never a wrapped size) near SIZE_MAX. */
#include "testutil.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "grow.h"
#include "strbuf.h"

static void test_from_zero(void **state)
{
    (void)state;
    size_t cap = 0;
    int *v = grow_array(NULL, &cap, 0, 1, sizeof *v);
    assert_non_null(v);
    assert_true(cap >= 1);
    v[0] = 7;
    free(v);
    /* room for nothing still gives an array (NULL means failure) */
    cap = 0;
    v = grow_array(NULL, &cap, 0, 0, sizeof *v);
    assert_non_null(v);
    free(v);
}

static void test_geometric(void **state)
{
    (void)state;
    size_t cap = 0, n = 0, reallocs = 0, last = 0;
    long *v = NULL;
    for (long i = 0; i < 100000; i++) {
        long *p = grow_array(v, &cap, n, 1, sizeof *v);
        assert_non_null(p);
        v = p;
        if (cap != last) {
            reallocs++;
            if (last)
                assert_true(cap >= 2 * last);
            last = cap;
        }
        v[n++] = i;
    }
    assert_true(reallocs < 20);
    for (size_t i = 0; i < n; i++)
        assert_int_equal(v[i], (long)i);
    /* enough room: the same array back, capacity unchanged */
    assert_ptr_equal(grow_array(v, &cap, 10, 10, sizeof *v), v);
    assert_int_equal(cap, last);
    free(v);
}

static void test_slow(void **state)
{
    (void)state;
    size_t cap = 0, n = 0;
    char *v = NULL;
    for (int i = 0; i < 5000; i++) {
        size_t before = cap;
        char *p = grow_array_slow(v, &cap, n, 1, 1);
        assert_non_null(p);
        v = p;
        if (cap != before)
            assert_true(cap >= before + before / 8 + 1);
        v[n++] = 'x';
    }
    free(v);
}

/* count + n past SIZE_MAX: refused, the array and capacity untouched */
static void test_count_overflow(void **state)
{
    (void)state;
    size_t cap = 4;
    char *v = malloc(cap);
    assert_non_null(v);
    assert_null(grow_array(v, &cap, SIZE_MAX - 1, 2, 1));
    assert_int_equal(cap, 4);
    assert_null(grow_array(v, &cap, SIZE_MAX, 1, 1));
    assert_null(grow_array(v, &cap, 1, SIZE_MAX, 1));
    assert_null(grow_array_slow(v, &cap, SIZE_MAX - 1, 2, 1));
    assert_int_equal(cap, 4);
    v[3] = 'z';   /* still ours */
    free(v);
}

/* count + n fits but (count + n) * size does not */
static void test_size_overflow(void **state)
{
    (void)state;
    size_t cap = 0;
    assert_null(grow_array(NULL, &cap, 0, SIZE_MAX / 8 + 1, 8));
    assert_int_equal(cap, 0);
    assert_null(grow_array(NULL, &cap, SIZE_MAX / 2, 1, 4));
    assert_null(grow_array(NULL, &cap, 0, 2, SIZE_MAX));
    assert_null(grow_array_slow(NULL, &cap, 0, SIZE_MAX / 16 + 1, 16));
    assert_int_equal(cap, 0);
}

static void test_strbuf(void **state)
{
    (void)state;
    struct strbuf b = {0};
    strbuf_put(&b, "", 0);
    assert_non_null(b.p);
    assert_string_equal(b.p, "");
    for (int i = 0; i < 1000; i++)
        strbuf_puts(&b, "绩效");
    assert_false(b.oom);
    assert_int_equal(b.n, 6000);
    assert_int_equal(strlen(b.p), 6000);
    assert_true(b.cap > b.n);
    /* a length that would wrap: refused, the text kept */
    strbuf_put(&b, "x", SIZE_MAX - 3);
    assert_true(b.oom);
    assert_int_equal(b.n, 6000);
    strbuf_puts(&b, "more");   /* nothing more after oom */
    assert_int_equal(b.n, 6000);
    strbuf_free(&b);
    assert_null(b.p);
    assert_int_equal(b.cap, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_from_zero),
        cmocka_unit_test(test_geometric),
        cmocka_unit_test(test_slow),
        cmocka_unit_test(test_count_overflow),
        cmocka_unit_test(test_size_overflow),
        cmocka_unit_test(test_strbuf),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
