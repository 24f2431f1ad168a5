/* test_arena.c - the string arena through arena.h: what a form (its ids,
 * names and texts, form.c) and a loaded draft (its notes, draft.c) rely
 * on. draft_text_free frees a text unless arena_owns says it is the
 * arena's, so owns must be exact both ways. */
#include "testutil.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "oom.h"

static void test_empty(void **state)
{
    (void)state;
    struct arena a = {0};
    int local = 0;
    char *heap = malloc(16);
    assert_non_null(heap);
    assert_false(arena_owns(&a, &local));
    assert_false(arena_owns(&a, heap));
    assert_false(arena_owns(&a, ""));
    assert_false(arena_owns(&a, NULL));
    arena_free(&a);   /* nothing to free, twice */
    arena_free(&a);
    assert_null(a.head);
    free(heap);
}

static void test_one(void **state)
{
    (void)state;
    struct arena a = {0};
    static const char src[] = "1.1 党建工作";
    char *s = arena_strndup(&a, src, strlen(src));
    assert_non_null(s);
    assert_ptr_not_equal(s, src);
    assert_string_equal(s, src);
    assert_true(arena_owns(&a, s));
    assert_true(arena_owns(&a, s + strlen(src)));   /* its NUL */
    assert_false(arena_owns(&a, src));
    /* a string of the heap is not the arena's, so draft_text_free frees it */
    char *dup = strdup(src);
    assert_false(arena_owns(&a, dup));
    free(dup);
    arena_free(&a);
}

/* n bytes are copied, whatever they are, and a NUL is put after them. */
static void test_n_bytes(void **state)
{
    (void)state;
    struct arena a = {0};
    char *s = arena_strndup(&a, "abcdef", 3);
    assert_string_equal(s, "abc");
    char *e = arena_strndup(&a, "xyz", 0);
    assert_non_null(e);
    assert_string_equal(e, "");
    assert_true(arena_owns(&a, e));
    assert_ptr_not_equal(e, s);
    static const char bin[] = {'a', '\0', 'b', '\n', '\x1f'};
    char *b = arena_strndup(&a, bin, sizeof bin);
    assert_memory_equal(b, bin, sizeof bin);
    assert_int_equal(b[sizeof bin], '\0');
    /* 汉字 is 6 bytes; 4 of them is what was asked */
    char *h = arena_strndup(&a, "汉字", 4);
    assert_memory_equal(h, "汉字", 4);
    assert_int_equal(h[4], '\0');
    assert_string_equal(s, "abc");   /* untouched by what came after */
    arena_free(&a);
}

/* A quarter of a million strings of every length up to 300 bytes, Chinese
 * and ASCII: far past the first block and several doublings. Each keeps
 * its text (none overlaps another, none moves) and each is the arena's. */
static void test_many(void **state)
{
    (void)state;
    enum { N = 250000 };
    struct arena a = {0};
    char **p = malloc(N * sizeof *p);
    assert_non_null(p);
    char buf[400];
    size_t total = 0;
    oom_fail_after(-1);
    for (int i = 0; i < N; i++) {
        int len = snprintf(buf, sizeof buf, "%d.%s%*s", i, i % 2 ? "指标" : "x", i % 300, "");
        p[i] = arena_strndup(&a, buf, (size_t)len);
        assert_non_null(p[i]);
        total += (size_t)len + 1;
    }
    long mallocs = oom_calls();
    assert_true(total > (size_t)32 << 20);   /* past the first block and the doublings to 16 MB */
    for (int i = 0; i < N; i++) {
        int len = snprintf(buf, sizeof buf, "%d.%s%*s", i, i % 2 ? "指标" : "x", i % 300, "");
        assert_int_equal(strlen(p[i]), len);
        assert_memory_equal(p[i], buf, (size_t)len);
        assert_true(arena_owns(&a, p[i]));
        assert_true(arena_owns(&a, p[i] + len));
    }
    /* blocks, not a malloc per string: 40 MB in blocks that double from
     * a few KB to 16 MB is a few dozen mallocs at most */
    print_message("# %d strings, %zu bytes, %ld allocations\n", N, total, mallocs);
    assert_true(mallocs >= 1 && mallocs <= 40);
    arena_free(&a);
    free(p);
}

/* Strings of the sizes around the blocks' (16 KB first, 16 MB last), and
 * one larger than the largest block: each whole, and small ones after a
 * large one still fit. */
static void test_block_edges(void **state)
{
    (void)state;
    static const size_t sizes[] = {
        (16 << 10) - 1, 16 << 10, (16 << 10) + 1, 1, (32 << 10) - 1, 0,
        (16 << 20) - 1, 5, (16 << 20) + 1, 7, (40 << 20), 3,
    };
    enum { NS = sizeof sizes / sizeof sizes[0] };
    size_t max = 40 << 20;
    char *src = malloc(max + NS);   /* string i starts at src + i */
    assert_non_null(src);
    for (size_t i = 0; i < max + NS; i++)
        src[i] = (char)('A' + i % 23);
    struct arena a = {0};
    char *p[NS];
    for (int r = 0; r < 2; r++) {   /* again after freeing: the arena is reusable */
        for (int i = 0; i < NS; i++) {
            p[i] = arena_strndup(&a, src + i, sizes[i]);
            assert_non_null(p[i]);
            assert_true(arena_owns(&a, p[i]));
        }
        for (int i = 0; i < NS; i++) {
            assert_memory_equal(p[i], src + i, sizes[i]);
            assert_int_equal(p[i][sizes[i]], '\0');
            assert_true(arena_owns(&a, p[i] + sizes[i]));
        }
        arena_free(&a);
        assert_null(a.head);
        assert_false(arena_owns(&a, p[0]));   /* compared, not read */
    }
    free(src);
}

/* Strings of one length, many of them, for every length up to 130: for
 * most block sizes some length fills a block to its last byte (its NUL
 * the block's last byte), and the strings after it must go to a new
 * block, whole and the arena's. */
static void test_exact_fill(void **state)
{
    (void)state;
    enum { N = 1200 };
    static char *p[N];
    char src[131];
    memset(src, 'z', sizeof src);
    for (size_t n = 0; n <= 130; n++) {
        struct arena a = {0};
        for (int i = 0; i < N; i++) {
            src[0] = (char)('a' + i % 26);
            p[i] = arena_strndup(&a, src, n);
            assert_non_null(p[i]);
        }
        for (int i = 0; i < N; i++) {
            if (!arena_owns(&a, p[i]) || !arena_owns(&a, p[i] + n))
                fail_msg("string %d of %zu bytes is not in the arena", i, n);
            assert_int_equal(strlen(p[i]), n);
            if (n)
                assert_int_equal(p[i][0], 'a' + i % 26);
        }
        arena_free(&a);
    }
}

/* Two arenas own their own strings only (a form's keys and texts are two
 * arenas; a draft's loaded notes a third). */
static void test_two_arenas(void **state)
{
    (void)state;
    struct arena a = {0}, b = {0};
    char *x[1000], *y[1000];
    for (int i = 0; i < 1000; i++) {
        char buf[64];
        int n = snprintf(buf, sizeof buf, "第%d项", i);
        x[i] = arena_strndup(&a, buf, (size_t)n);
        y[i] = arena_strndup(&b, buf, (size_t)n);
        assert_string_equal(x[i], y[i]);
    }
    for (int i = 0; i < 1000; i++) {
        assert_true(arena_owns(&a, x[i]));
        assert_false(arena_owns(&a, y[i]));
        assert_true(arena_owns(&b, y[i]));
        assert_false(arena_owns(&b, x[i]));
    }
    arena_free(&a);
    for (int i = 0; i < 1000; i++)
        assert_true(arena_owns(&b, y[i]));   /* b is untouched by freeing a */
    char buf[64];
    snprintf(buf, sizeof buf, "第%d项", 999);
    assert_string_equal(y[999], buf);
    arena_free(&b);
}

/* Out of memory: arena_strndup gives NULL, and the arena is as before:
 * what it held is still there and its own, and the next string fits. */
static void test_oom(void **state)
{
    (void)state;
    struct arena a = {0};
    oom_fail_after(0);
    assert_null(arena_strndup(&a, "x", 1));
    assert_int_equal(oom_failed(), 1);
    oom_fail_after(-1);
    assert_null(a.head);
    arena_free(&a);

    enum { N = 20000 };
    char *p[N];
    char buf[128];
    int refused = 0;
    for (int i = 0; i < N; i++) {
        int n = snprintf(buf, sizeof buf, "%d 数据", i);
        oom_fail_after(0);   /* fail the next block, when one is needed */
        p[i] = arena_strndup(&a, buf, (size_t)n);
        long failed = oom_failed();
        oom_fail_after(-1);
        if (failed) {
            assert_null(p[i]);
            refused++;
            for (int j = 0; j < i; j += 7)
                assert_true(arena_owns(&a, p[j]));
            p[i] = arena_strndup(&a, buf, (size_t)n);
        }
        assert_non_null(p[i]);
        assert_string_equal(p[i], buf);
    }
    assert_true(refused >= 2);   /* ~300 KB: more than the first block */
    for (int i = 0; i < N; i++) {
        snprintf(buf, sizeof buf, "%d 数据", i);
        assert_string_equal(p[i], buf);
        assert_true(arena_owns(&a, p[i]));
    }
    arena_free(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_empty),
        cmocka_unit_test(test_one),
        cmocka_unit_test(test_n_bytes),
        cmocka_unit_test(test_many),
        cmocka_unit_test(test_block_edges),
        cmocka_unit_test(test_exact_fill),
        cmocka_unit_test(test_two_arenas),
        cmocka_unit_test(test_oom),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
