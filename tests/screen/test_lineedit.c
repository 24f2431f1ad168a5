/* test_lineedit.c - the field line editor: the cursor stays on whole
 * characters (CJK, combining marks), line keys work on multi-line notes. */
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "lineedit.h"

static void test_cjk_steps(void **state)
{
    (void)state;
    struct lineedit le = {0};
    assert_int_equal(lineedit_set(&le, "扣分1"), 0);
    assert_int_equal(le.cur, 7);
    assert_true(lineedit_left(&le));
    assert_int_equal(le.cur, 6);
    assert_true(lineedit_left(&le));
    assert_int_equal(le.cur, 3);   /* before 分, never inside it */
    assert_true(lineedit_backspace(&le));
    assert_string_equal(le.buf, "分1");
    assert_int_equal(le.cur, 0);
    assert_false(lineedit_backspace(&le));
    assert_false(lineedit_left(&le));
    assert_true(lineedit_delete(&le));
    assert_string_equal(le.buf, "1");
    assert_int_equal(lineedit_insert(&le, "，", strlen("，")), 0);
    assert_string_equal(le.buf, "，1");
    assert_int_equal(le.cur, 3);
    lineedit_free(&le);
}

static void test_combining(void **state)
{
    (void)state;
    struct lineedit le = {0};
    /* e + COMBINING ACUTE is one step, both ways. */
    assert_int_equal(lineedit_set(&le, "ae\xcc\x81z"), 0);
    lineedit_home(&le);
    assert_true(lineedit_right(&le));
    assert_int_equal(le.cur, 1);
    assert_true(lineedit_right(&le));
    assert_int_equal(le.cur, 4);
    assert_true(lineedit_left(&le));
    assert_int_equal(le.cur, 1);
    assert_true(lineedit_delete(&le));
    assert_string_equal(le.buf, "az");
    lineedit_free(&le);
}

static void test_lines_and_kill(void **state)
{
    (void)state;
    struct lineedit le = {0};
    assert_int_equal(lineedit_set(&le, "第一行\n第二行"), 0);
    assert_true(lineedit_home(&le));
    assert_int_equal(le.cur, strlen("第一行\n"));
    assert_true(lineedit_left(&le));   /* onto the line break */
    assert_int_equal(le.cur, strlen("第一行"));
    assert_true(lineedit_home(&le));
    assert_int_equal(le.cur, 0);
    assert_true(lineedit_end(&le));
    assert_int_equal(le.cur, strlen("第一行"));
    assert_true(lineedit_kill(&le));
    assert_string_equal(le.buf, "\n第二行");
    assert_int_equal(le.cur, 0);
    assert_false(lineedit_kill(&le));
    lineedit_free(&le);
}

static void test_refuses_invalid(void **state)
{
    (void)state;
    struct lineedit le = {0};
    assert_int_equal(lineedit_set(&le, ""), 0);
    assert_int_equal(lineedit_insert(&le, "\xe6\x89", 2), -1);   /* half of 扣 */
    assert_int_equal(lineedit_insert(&le, "a\0b", 3), -1);
    assert_string_equal(le.buf, "");
    assert_int_equal(lineedit_set(&le, NULL), 0);
    assert_int_equal(le.len, 0);
    lineedit_free(&le);
}

int main(void)
{
    setlocale(LC_ALL, "C.UTF-8");
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cjk_steps),
        cmocka_unit_test(test_combining),
        cmocka_unit_test(test_lines_and_kill),
        cmocka_unit_test(test_refuses_invalid),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
