/* test_form.c - form validation: each rule of docs/forms.md, with its
 * FILE:LINE message. */
#include "testutil.h"

#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "forms.h"

#define HDR "id,level,name,points,description,criteria,figures,rule\n#name,,测试表,,,,,\n"

/* Load text as a form; return the joined diagnostics (caller frees). */
static char *load(const char *text, struct form **out)
{
    struct diags d = {0};
    struct form *f = form_load_buffer("t.csv", text, strlen(text), &d);
    char *m = diags_join(&d);
    diags_clear(&d);
    if (out)
        *out = f;
    else
        form_free(f);
    return m;
}

static void expect_error(const char *text, const char *msg)
{
    struct form *f;
    char *m = load(text, &f);
    if (f || !strstr(m, msg))
        fail_msg("expected error \"%s\", got%s:\n%s", msg, f ? " a form" : "", m);
    free(m);
}

static void test_valid_small(void **state)
{
    (void)state;
    struct form *f;
    char *m = load(HDR "#grades,,A>=80；B>=50；C,,,,,\n"
                       "1,1,一级,10,,,,\n"
                       "1.1,2,二级,10,,,,\n"
                       "1.1.1,3,直接打分,4,说明,标准,,\n"
                       "1.1.2,3,按公式,6,,,\"x:percent:比率\",\"calc(比率, 6, 6 * x)\"\n",
                   &f);
    if (!f)
        fail_msg("%s", m);
    free(m);
    assert_int_equal(f->n, 4);
    assert_int_equal(f->nleaves, 2);
    assert_int_equal(f->total_points, 1000);
    assert_int_equal(f->ngrades, 3);
    assert_string_equal(form_grade(f, 8000), "A");
    assert_string_equal(form_grade(f, 7999), "B");
    assert_string_equal(form_grade(f, 0), "C");
    assert_int_equal(form_find(f, "1.1.2"), 3);
    assert_int_equal(form_find(f, "1.1.3"), -1);
    assert_int_equal(f->nodes[0].first_child, 1);
    assert_int_equal(f->nodes[2].next_sibling, 3);
    assert_int_equal(f->nodes[3].line, 7);
    assert_int_equal(strlen(f->hash), 16);
    form_free(f);
}

static void test_hash_follows_rules(void **state)
{
    (void)state;
    struct form *a, *b, *c;
    free(load(HDR "1,1,一级,5,,,,\n", &a));
    free(load(HDR "1,1,一级,5,说明改了,,,\n", &b));
    free(load(HDR "1,1,一级,6,,,,\n", &c));
    assert_non_null(a);
    assert_non_null(b);
    assert_non_null(c);
    assert_string_equal(a->hash, b->hash);        /* wording does not matter */
    assert_string_not_equal(a->hash, c->hash);    /* points do */
    form_free(a);
    form_free(b);
    form_free(c);
    /* names do not; figure types and choice options do: they change scores */
    struct form *v[5];
    free(load(HDR "1,1,一级,5,,,x:percent:X,\"calc(c, 2, x * 2); choice(k, 3, 好=3, 差=0)\"\n", &v[0]));
    free(load(HDR "1,1,改名,5,,,x:percent:X,\"calc(c, 2, x * 2); choice(k, 3, 好=3, 差=0)\"\n", &v[1]));
    free(load(HDR "1,1,一级,5,,,x:money:X,\"calc(c, 2, x * 2); choice(k, 3, 好=3, 差=0)\"\n", &v[2]));
    free(load(HDR "1,1,一级,5,,,x:percent:X,\"calc(c, 2, x * 2); choice(k, 3, 好=3, 差=1)\"\n", &v[3]));
    free(load(HDR "1,1,一级,5,,,x:percent:X,\"calc(c, 2, x * 2); choice(k, 3, 好=3, 坏=0)\"\n", &v[4]));
    for (int k = 0; k < 5; k++)
        assert_non_null(v[k]);
    assert_string_equal(v[0]->hash, v[1]->hash);
    assert_string_not_equal(v[0]->hash, v[2]->hash);
    assert_string_not_equal(v[0]->hash, v[3]->hash);
    assert_string_not_equal(v[0]->hash, v[4]->hash);
    for (int k = 0; k < 5; k++)
        form_free(v[k]);
}

static void test_errors(void **state)
{
    (void)state;
    expect_error(HDR "1,1,一级,10,,,,\n1.1,2,二级,9,,,,\n", "t.csv:3: points of 1 (10) do not equal");
    expect_error(HDR "1,1,一级,10,,,,\n1,1,again,10,,,,\n", "t.csv:4: duplicate id \"1\" (first on line 3)");
    expect_error(HDR "1,1,一级,10,,,,\n2.1,2,orphan,1,,,,\n", "t.csv:4: \"2.1\" has no parent");
    expect_error(HDR "1,2,一级,10,,,,\n", "t.csv:3: level \"2\" does not match id \"1\"");
    expect_error(HDR "1,1,一级,五,,,,\n", "t.csv:3: points of 1: not a number (\"五\")");
    expect_error(HDR "1,1,一级,-1,,,,\n", "must not be negative");
    expect_error(HDR "1,1,一级,1e308,,,,\n", "not a number");
    expect_error(HDR "1,1,一级,NaN,,,,\n", "not a number");
    expect_error(HDR "1,1,一级,1.234,,,,\n", "two decimals");
    expect_error(HDR "a.b,1,x,1,,,,\n", "t.csv:3: id \"a.b\" is not of the form");
    expect_error(HDR "01,1,x,1,,,,\n", "is not of the form");
    expect_error(HDR "1.2.3.4.5.6.7.8.9,9,x,1,,,,\n", "nested deeper than 8 levels");
    expect_error(HDR "1,1,一级,1,,,,\"calc(a, 1, b)\"\n", "t.csv:3: rule of 1: ");
    expect_error(HDR "1,1,一级,1,,,y:money:钱,\n1.1,2,x,1,,,,\n", "t.csv:3: 1 has sub-indicators");
    expect_error(HDR "1,1,,1,,,,\n", "has no name");
    expect_error("id,level,name,points\n1,1,x,1\n", "t.csv: the form has no #name row");
    expect_error("foo,bar\n1,2\n", "t.csv:1: not a form: the header has no \"id\" column");
    expect_error(HDR "1,1,x,1,,,\n", "t.csv:3: expected 8 columns, found 7");
    expect_error(HDR "#grades,,A>=50; B>=80; C,,,,,\n1,1,x,1,,,,\n", "grade bands must be listed");
    expect_error(HDR "#grades,,A>=50; B>=10,,,,,\n1,1,x,1,,,,\n", "the last grade band");
    expect_error(HDR "1,1,a,1000000000000,,,,\n2,1,b,1000000000000,,,,\n",
                 "t.csv:4: the first-level indicators add up to more than 1000000000000 points");
    expect_error("", "the file is empty");
    expect_error(HDR, "the form has no indicators");
}

static void test_chinese_headers(void **state)
{
    (void)state;
    struct form *f;
    char *m = load("编号,级别,名称,参考分值,指标说明,参考评分标准\n#name,,表,,,\n1,1,一级,5,,\n", &f);
    if (!f)
        fail_msg("%s", m);
    free(m);
    assert_int_equal(f->nodes[0].points, 500);
    form_free(f);
}

int main(void)
{
    setlocale(LC_ALL, "C.UTF-8");
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_valid_small),
        cmocka_unit_test(test_hash_follows_rules),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_chinese_headers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
