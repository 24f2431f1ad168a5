/* test_idmap.c - the id map through idmap.h: what the form and the draft
 * rely on when they look an id up (form_key.c, form.c, draft.c,
 * draft_custom.c). Keys are borrowed, so every key here lives in an array
 * that outlives its map. */
#include "testutil.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "idmap.h"
#include "oom.h"

/* n keys "prefix<i>", each its own allocation, freed by keys_free. */
static char **keys_new(const char *prefix, int n)
{
    char **k = malloc((size_t)n * sizeof *k);
    assert_non_null(k);
    for (int i = 0; i < n; i++) {
        char buf[256];
        snprintf(buf, sizeof buf, "%s%d", prefix, i);
        k[i] = strdup(buf);
        assert_non_null(k[i]);
    }
    return k;
}

static void keys_free(char **k, int n)
{
    for (int i = 0; i < n; i++)
        free(k[i]);
    free(k);
}

static void test_empty(void **state)
{
    (void)state;
    struct idmap *m = idmap_new(0);
    assert_non_null(m);
    assert_int_equal(idmap_get(m, ""), -1);
    assert_int_equal(idmap_get(m, "1"), -1);
    idmap_del(m, "1");   /* absent: nothing happens */
    assert_int_equal(idmap_get(m, "1"), -1);
    idmap_free(m);
    idmap_free(NULL);   /* like every *_free in core */
}

static void test_one(void **state)
{
    (void)state;
    struct idmap *m = idmap_new(1);
    static const char key[] = "1.2";
    assert_int_equal(idmap_put(m, key, 0), 0);
    assert_int_equal(idmap_get(m, key), 0);   /* 0 is an index, not "absent" */
    /* found by its text, not by the pointer the map was given */
    char copy[sizeof key];
    memcpy(copy, key, sizeof key);
    assert_int_equal(idmap_get(m, copy), 0);
    /* nothing near it matches */
    assert_int_equal(idmap_get(m, "1"), -1);
    assert_int_equal(idmap_get(m, "1.2.1"), -1);
    assert_int_equal(idmap_get(m, "1.3"), -1);
    assert_int_equal(idmap_get(m, "1.2 "), -1);
    assert_int_equal(idmap_get(m, ""), -1);
    idmap_free(m);
}

/* The empty string is a key like any other. */
static void test_empty_key(void **state)
{
    (void)state;
    struct idmap *m = idmap_new(4);
    assert_int_equal(idmap_put(m, "", 7), 0);
    assert_int_equal(idmap_put(m, "a", 8), 0);
    assert_int_equal(idmap_get(m, ""), 7);
    assert_int_equal(idmap_get(m, "a"), 8);
    idmap_del(m, "");
    assert_int_equal(idmap_get(m, ""), -1);
    assert_int_equal(idmap_get(m, "a"), 8);
    idmap_free(m);
}

/* Putting a key again replaces its value, whichever copy of the text is
 * given; there is still one entry (deleting it once removes it). */
static void test_replace(void **state)
{
    (void)state;
    struct idmap *m = idmap_new(2);
    char a[] = "2.1", b[] = "2.1";
    assert_int_equal(idmap_put(m, a, 1), 0);
    assert_int_equal(idmap_put(m, a, 2), 0);
    assert_int_equal(idmap_get(m, "2.1"), 2);
    assert_int_equal(idmap_put(m, b, 3), 0);
    assert_int_equal(idmap_get(m, a), 3);
    assert_int_equal(idmap_put(m, "x", INT_MAX), 0);
    assert_int_equal(idmap_get(m, "x"), INT_MAX);
    idmap_del(m, "2.1");
    assert_int_equal(idmap_get(m, "2.1"), -1);
    assert_int_equal(idmap_get(m, "x"), INT_MAX);
    idmap_free(m);
}

/* Ten thousand ids from a map sized for none: it grows many times past
 * its first 16 slots and keeps every entry. */
static void test_growth(void **state)
{
    (void)state;
    enum { N = 10000 };
    char **k = keys_new("1.2.", N);
    struct idmap *m = idmap_new(0);
    for (int i = 0; i < N; i++) {
        assert_int_equal(idmap_put(m, k[i], i), 0);
        /* the entry just put and the first one survive each growth */
        assert_int_equal(idmap_get(m, k[i]), i);
        assert_int_equal(idmap_get(m, k[0]), 0);
    }
    for (int i = 0; i < N; i++)
        assert_int_equal(idmap_get(m, k[i]), i);
    /* absent keys of the same shape */
    char buf[64];
    for (int i = N; i < N + 1000; i++) {
        snprintf(buf, sizeof buf, "1.2.%d", i);
        assert_int_equal(idmap_get(m, buf), -1);
    }
    assert_int_equal(idmap_get(m, "1.2."), -1);
    idmap_free(m);
    keys_free(k, N);
}

/* Keys of every length from 0 to 40 bytes (across the hash's 8-byte
 * words), and for each length keys that differ from the first in one byte
 * only, at each position, last byte included: all distinct. */
static void test_one_byte_apart(void **state)
{
    (void)state;
    enum { L = 40 };
    static char keys[L + 1][L + 1][L + 1];   /* [len][pos + 1][byte] */
    struct idmap *m = idmap_new(0);
    int n = 0;
    for (int len = 0; len <= L; len++) {
        memset(keys[len][0], 'a', (size_t)len);
        keys[len][0][len] = '\0';
        assert_int_equal(idmap_put(m, keys[len][0], n++), 0);
        for (int pos = 0; pos < len; pos++) {
            memcpy(keys[len][pos + 1], keys[len][0], (size_t)len + 1);
            keys[len][pos + 1][pos] = 'b';
            assert_int_equal(idmap_put(m, keys[len][pos + 1], n++), 0);
        }
    }
    n = 0;
    for (int len = 0; len <= L; len++)
        for (int pos = 0; pos <= len; pos++)
            if (idmap_get(m, keys[len][pos]) != n++)
                fail_msg("length %d, byte %d changed: %d, not %d", len, pos - 1,
                         idmap_get(m, keys[len][pos]), n - 1);
    /* one byte more or less than a stored key is another key */
    assert_int_equal(idmap_get(m, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"), -1);   /* 41 */
    idmap_free(m);
}

/* Chinese ids and long keys (rule-cache keys run to hundreds of bytes):
 * 一 (E4 B8 80) and 丁 (E4 B8 81) differ in their last byte only. */
static void test_chinese_and_long(void **state)
{
    (void)state;
    static const char *const zh[] = {"指标一", "指标丁", "指标", "一", "丁", "指标一 ", "指标一一"};
    enum { NZ = sizeof zh / sizeof zh[0] };
    struct idmap *m = idmap_new(NZ);
    for (int i = 0; i < NZ; i++)
        assert_int_equal(idmap_put(m, zh[i], i), 0);
    for (int i = 0; i < NZ; i++)
        assert_int_equal(idmap_get(m, zh[i]), i);
    assert_int_equal(idmap_get(m, "指标二"), -1);
    assert_int_equal(idmap_get(m, "指"), -1);

    enum { LONG = 4998 };
    char *a = malloc(LONG + 1), *b = malloc(LONG + 1), *c = malloc(LONG + 1);
    assert_non_null(a);
    assert_non_null(b);
    assert_non_null(c);
    for (int i = 0; i < LONG; i++)
        a[i] = "甲乙丙"[i % 9];   /* 1666 three-byte characters */
    a[LONG] = '\0';
    memcpy(b, a, LONG + 1);
    b[LONG - 1] ^= 1;   /* last byte */
    memcpy(c, a, LONG + 1);
    c[0] ^= 1;          /* first byte */
    assert_int_equal(idmap_put(m, a, 100), 0);
    assert_int_equal(idmap_get(m, b), -1);
    assert_int_equal(idmap_get(m, c), -1);
    assert_int_equal(idmap_put(m, b, 101), 0);
    assert_int_equal(idmap_put(m, c, 102), 0);
    assert_int_equal(idmap_get(m, a), 100);
    assert_int_equal(idmap_get(m, b), 101);
    assert_int_equal(idmap_get(m, c), 102);
    for (int i = 0; i < NZ; i++)
        assert_int_equal(idmap_get(m, zh[i]), i);
    idmap_free(m);
    free(a);
    free(b);
    free(c);
}

/* Deleting a key leaves every other one findable, including those that
 * collided with it (the map is open addressing: a deleted slot must not
 * end a probe); a deleted key can come back (draft_custom.c: remove, then
 * undo). */
static void test_delete(void **state)
{
    (void)state;
    enum { N = 3000 };
    char **k = keys_new("3.", N);
    struct idmap *m = idmap_new(N);
    for (int i = 0; i < N; i++)
        assert_int_equal(idmap_put(m, k[i], i), 0);
    for (int i = 0; i < N; i += 2)
        idmap_del(m, k[i]);
    for (int i = 0; i < N; i++)
        assert_int_equal(idmap_get(m, k[i]), i % 2 ? i : -1);
    idmap_del(m, k[0]);   /* again: nothing happens */
    idmap_del(m, "absent");
    for (int i = 1; i < N; i += 2)
        assert_int_equal(idmap_get(m, k[i]), i);
    /* back, with new values; no key is then there twice */
    for (int i = 0; i < N; i += 2)
        assert_int_equal(idmap_put(m, k[i], N + i), 0);
    for (int i = 0; i < N; i++)
        assert_int_equal(idmap_get(m, k[i]), i % 2 ? i : N + i);
    for (int i = 1; i < N; i += 2)
        idmap_del(m, k[i]);
    for (int i = 0; i < N; i++)
        assert_int_equal(idmap_get(m, k[i]), i % 2 ? -1 : N + i);
    idmap_free(m);
    keys_free(k, N);
}

/* Many keys put and deleted with few alive at a time: the deleted slots
 * never fill the table (a lookup would then probe forever), and the live
 * ones stay right. */
static void test_churn(void **state)
{
    (void)state;
    enum { N = 50000, LIVE = 8 };
    char **k = keys_new("个性化.", N);
    struct idmap *m = idmap_new(LIVE);
    for (int i = 0; i < N; i++) {
        assert_int_equal(idmap_put(m, k[i], i), 0);
        if (i >= LIVE)
            idmap_del(m, k[i - LIVE]);
        if (i % 997 == 0)
            for (int j = 0; j < N; j += 97)
                assert_int_equal(idmap_get(m, k[j]), j <= i && j > i - LIVE ? j : -1);
    }
    for (int i = N - LIVE; i < N; i++)
        assert_int_equal(idmap_get(m, k[i]), i);
    idmap_free(m);
    keys_free(k, N);
}

/* A map made for n keys takes n keys without allocating (form_key.c sizes
 * it for the whole form; a million puts must not rehash). */
static void test_expected_no_growth(void **state)
{
    (void)state;
    enum { N = 5000 };
    char **k = keys_new("", N);
    struct idmap *m = idmap_new(N);
    assert_non_null(m);
    oom_fail_after(-1);
    for (int i = 0; i < N; i++)
        assert_int_equal(idmap_put(m, k[i], i), 0);
    assert_int_equal(oom_calls(), 0);
    for (int i = 0; i < N; i++)
        assert_int_equal(idmap_get(m, k[i]), i);
    idmap_free(m);
    keys_free(k, N);
}

/* Out of memory: idmap_new gives NULL (leaking nothing: valgrind and ASan
 * check), idmap_put gives -1 when the map must grow and cannot, and the map
 * is unchanged and still usable; the same put then succeeds. */
static void test_oom(void **state)
{
    (void)state;
    for (long n = 0;; n++) {
        oom_fail_after(n);
        struct idmap *m = idmap_new(100);
        long failed = oom_failed();
        oom_fail_after(-1);
        if (!failed) {
            assert_non_null(m);
            idmap_free(m);
            assert_true(n >= 1);   /* the map and its slots: some allocation was failed */
            break;
        }
        assert_null(m);
    }

    enum { N = 2000 };
    char **k = keys_new("4.", N);
    struct idmap *m = idmap_new(0);
    int refused = 0;
    for (int i = 0; i < N; i++) {
        oom_fail_after(0);   /* the next allocation fails, if there is one */
        int rc = idmap_put(m, k[i], i);
        long failed = oom_failed();
        oom_fail_after(-1);
        if (failed) {
            assert_int_equal(rc, -1);
            refused++;
            assert_int_equal(idmap_get(m, k[i]), -1);   /* not half put */
            for (int j = 0; j < i; j++)
                assert_int_equal(idmap_get(m, k[j]), j);
            assert_int_equal(idmap_put(m, k[i], i), 0);
        } else {
            assert_int_equal(rc, 0);
        }
        assert_int_equal(idmap_get(m, k[i]), i);
    }
    /* 2000 keys from 16 slots: it had to grow, each time refused first */
    assert_true(refused >= 5);
    for (int i = 0; i < N; i++)
        assert_int_equal(idmap_get(m, k[i]), i);
    idmap_free(m);
    keys_free(k, N);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_empty),
        cmocka_unit_test(test_one),
        cmocka_unit_test(test_empty_key),
        cmocka_unit_test(test_replace),
        cmocka_unit_test(test_growth),
        cmocka_unit_test(test_one_byte_apart),
        cmocka_unit_test(test_chinese_and_long),
        cmocka_unit_test(test_delete),
        cmocka_unit_test(test_churn),
        cmocka_unit_test(test_expected_no_growth),
        cmocka_unit_test(test_oom),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
