/* test_form.c - form validation: each rule of docs/forms.md, with its
 * FILE:LINE message. */
#include "testutil.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csvio.h"
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
    char *m = load(HDR "#grades,,A>=8；B>=5；C,,,,,\n"
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
    assert_string_equal(form_grade(f, 800), "A");
    assert_string_equal(form_grade(f, 799), "B");
    assert_string_equal(form_grade(f, 0), "C");
    assert_int_equal(form_find(f, "1.1.2"), 3);
    assert_int_equal(form_find(f, "1.1.3"), -1);
    assert_int_equal(f->nodes[0].first_child, 1);
    assert_int_equal(f->nodes[2].next_sibling, 3);
    assert_int_equal(f->nodes[3].level, 3);
    assert_int_equal(f->nodes[3].nfigs, 1);
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
    expect_error(HDR "#grades,,A>=50; B>=80; C,,,,,\n1,1,x,100,,,,\n",
                 "t.csv:3: grade band \"B\": its minimum 80 is not below the 50 of \"A\"");
    expect_error(HDR "#grades,,A>=50; B>=10,,,,,\n1,1,x,100,,,,\n", "the last grade band");
    expect_error(HDR "1,1,a,1000000000000,,,,\n2,1,b,1000000000000,,,,\n",
                 "t.csv:4: the first-level indicators add up to more than 1000000000000 points");
    /* figures: as many as a node may hold, then one more */
    for (int extra = 0; extra <= 1; extra++) {
        struct strbuf b = {0};
        strbuf_puts(&b, HDR "1,1,x,1,,,\"");
        for (int k = 0; k < RULE_MAX_FIGS + extra; k++) {
            char fig[64];
            snprintf(fig, sizeof fig, "%sf%d:money:钱%d", k ? "; " : "", k, k);
            strbuf_puts(&b, fig);
        }
        strbuf_puts(&b, "\",\"check(a, 1)\"\n");
        assert_false(b.oom);
        struct form *f;
        char *m = load(b.p, &f);
        if (extra) {
            assert_null(f);
            assert_non_null(strstr(m, "t.csv:3: figures of 1: more than 65535 figures"));
        } else {
            if (!f)
                fail_msg("%s", m);
            assert_int_equal(f->nodes[0].nfigs, RULE_MAX_FIGS);
            form_free(f);
        }
        free(m);
        strbuf_free(&b);
    }
    expect_error("", "the file is empty");
    expect_error(HDR, "the form has no indicators");
}

/* #grades is read strictly: what Chinese documents write is taken, any
 * other band is refused with FILE:LINE, never guessed (优>90 used to be
 * read as a band named "优>90" taking every total). */
static void test_grades_strict(void **state)
{
    (void)state;
    static const char *const good[] = {
        "优>=90; 良>=80; 中>=60; 差",
        "优≥90；良≥80；中≥60；差",
        "优＞＝90；良>=80；中 ≥ 60 ；差",
        "优≥90分; 良≥80分; 中≥60分; 差≥0",
    };
    for (size_t i = 0; i < sizeof good / sizeof *good; i++) {
        char text[512];
        snprintf(text, sizeof text, HDR "#grades,,\"%s\",,,,,\n1,1,x,100,,,,\n", good[i]);
        struct form *f;
        char *m = load(text, &f);
        if (!f)
            fail_msg("%s: %s", good[i], m);
        free(m);
        assert_int_equal(f->ngrades, 4);
        assert_string_equal(form_grade(f, 9000), "优");
        assert_string_equal(form_grade(f, 8999), "良");
        assert_string_equal(form_grade(f, 6000), "中");
        assert_string_equal(form_grade(f, 5999), "差");
        form_free(f);
    }
    expect_error(HDR "#grades,,优>90; 良>=80; 差,,,,,\n1,1,x,100,,,,\n",
                 "t.csv:3: grade band \"优>90\": a band is written NAME>=MIN");
    expect_error(HDR "#grades,,优=90; 差,,,,,\n1,1,x,100,,,,\n", "grade band \"优=90\"");
    expect_error(HDR "#grades,,优≤90; 差,,,,,\n1,1,x,100,,,,\n", "grade band \"优≤90\"");
    expect_error(HDR "#grades,,优>=90; 良; 差,,,,,\n1,1,x,100,,,,\n",
                 "t.csv:3: grade band \"差\" comes after \"良\", which has no minimum");
    expect_error(HDR "#grades,,优>=90; 优>=80; 差,,,,,\n1,1,x,100,,,,\n",
                 "grade band \"优\" is given twice");
    expect_error(HDR "#grades,,优>=90; 良>=90; 差,,,,,\n1,1,x,100,,,,\n",
                 "its minimum 90 is not below the 90 of \"优\"");
    expect_error(HDR "#grades,,优>=900; 差,,,,,\n1,1,x,100,,,,\n",
                 "t.csv:3: grade band \"优\": its minimum 900 is above the form's total of 100 points");
    expect_error(HDR "#grades,,优>=九十; 差,,,,,\n1,1,x,100,,,,\n", "grade band \"优\": not a number");
    expect_error(HDR "#grades,,>=90; 差,,,,,\n1,1,x,100,,,,\n", "a grade band has no name");
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

/* Ids in table order are found by binary search; a form whose rows are
 * out of order builds an id map and finds them all the same, with
 * parents and duplicates told as before. */
static void test_find_in_any_order(void **state)
{
    (void)state;
    static const char *ids[] = {"1", "1.1", "1.1.1", "1.1.2", "1.2", "1.2.1", "1.10", "1.10.1", "2", "2.1"};
    struct form *f;
    char *m = load(HDR "1,1,a,6,,,,\n1.1,2,b,2,,,,\n1.1.1,3,c,1,,,,\n1.1.2,3,d,1,,,,\n"
                       "1.2,2,e,2,,,,\n1.2.1,3,f,2,,,,\n1.10,2,g,2,,,,\n1.10.1,3,h,2,,,,\n"
                       "2,1,i,4,,,,\n2.1,2,j,4,,,,\n",
                   &f);
    if (!f)
        fail_msg("%s", m);
    free(m);
    assert_true(f->sorted);
    for (int i = 0; i < 10; i++)
        assert_int_equal(form_find(f, ids[i]), i);
    static const char *absent[] = {"", "0", "3", "1.3", "1.1.3", "01", "1.01", "a", "1..1", "1.", "1.1.1.1", "10"};
    for (size_t i = 0; i < sizeof absent / sizeof absent[0]; i++)
        assert_int_equal(form_find(f, absent[i]), -1);
    form_free(f);
    /* 2 before 1, 1.2 before 1.1: out of order */
    m = load(HDR "2,1,i,4,,,,\n2.1,2,j,4,,,,\n1,1,a,4,,,,\n1.2,2,e,2,,,,\n1.1,2,b,2,,,,\n"
                 "2.1.1,3,k,4,,,,\n",
             &f);
    if (!f)
        fail_msg("%s", m);
    free(m);
    assert_false(f->sorted);
    static const char *order[] = {"2", "2.1", "1", "1.2", "1.1", "2.1.1"};
    for (int i = 0; i < 6; i++)
        assert_int_equal(form_find(f, order[i]), i);
    assert_int_equal(f->nodes[5].parent, 1);   /* 2.1.1 under 2.1, far above it */
    assert_int_equal(form_find(f, "1.3"), -1);
    form_free(f);
    expect_error(HDR "1,1,a,2,,,,\n1.2,2,b,1,,,,\n1.1,2,c,1,,,,\n1.2,2,d,1,,,,\n",
                 "t.csv:6: duplicate id \"1.2\" (first on line 4)");
    expect_error(HDR "1,1,a,2,,,,\n1.2,2,b,2,,,,\n1.1.1,3,c,2,,,,\n",
                 "t.csv:5: \"1.1.1\" has no parent: \"1.1\" must be defined above it");
}

/* FORM_NO_TEXTS: no descriptions or criteria, everything else the same. */
static void test_no_texts(void **state)
{
    (void)state;
    char path[4096];
    struct diags d = {0};
    struct form *full = form_load_file(srcpath(path, sizeof path, "forms/standard.csv"), &d);
    struct form *lean = form_load_file_flags(path, FORM_NO_TEXTS, &d);
    assert_non_null(full);
    assert_non_null(lean);
    assert_int_equal(d.n, 0);
    assert_true(full->has_texts);
    assert_false(lean->has_texts);
    assert_string_equal(full->hash, lean->hash);
    assert_int_equal(full->n, lean->n);
    size_t described = 0;
    for (size_t i = 0; i < full->n; i++) {
        assert_string_equal(full->nodes[i].id, lean->nodes[i].id);
        assert_string_equal(full->nodes[i].name, lean->nodes[i].name);
        assert_int_equal(full->nodes[i].points, lean->nodes[i].points);
        assert_ptr_equal(full->nodes[i].rule != NULL, lean->nodes[i].rule != NULL);
        assert_string_equal(lean->nodes[i].description, "");
        assert_string_equal(lean->nodes[i].criteria, "");
        described += full->nodes[i].description[0] != '\0';
    }
    assert_true(described >= 20);
    form_free(full);
    form_free(lean);
}

/* #points,,from-children: parents that print no points take the sum of
 * their sub-indicators; given points must still match; leaves need theirs. */
static void test_points_from_children(void **state)
{
    (void)state;
    struct form *f;
    char *m = load(HDR "#points,,from-children,,,,,\n"
                       "1,1,一级,,,,,\n"
                       "1.1,2,二级,,,,,\n"
                       "1.1.1,3,甲,4,,,,\n"
                       "1.1.2,3,乙,2.5,,,\"x:count:数\",\"calc(乙, 2.5, round(x, 0.5))\"\n"
                       "1.2,2,二级乙,3,,,,\n"
                       "1.2.1,3,丙,3,,,,\n"
                       "2,1,一级乙,,,,,\n"
                       "2.1,2,丁,20,,,,\n",
                   &f);
    if (!f)
        fail_msg("%s", m);
    free(m);
    assert_int_equal(f->nodes[0].points, 950);
    assert_int_equal(f->nodes[1].points, 650);
    assert_int_equal(f->nodes[4].points, 300);
    assert_int_equal(f->nodes[6].points, 2000);
    assert_int_equal(f->total_points, 2950);
    assert_true(f->points_from_children);
    form_free(f);
    /* without the setting an empty points cell stays an error */
    expect_error(HDR "1,1,一级,,,,,\n1.1,2,二级,5,,,,\n", "t.csv:3: points of 1:");
    expect_error(HDR "#points,,from-children,,,,,\n1,1,一级,6,,,,\n1.1,2,二级,5,,,,\n",
                 "t.csv:4: points of 1 (6) do not equal the sum of its sub-indicators (5)");
    expect_error(HDR "#points,,from-children,,,,,\n1,1,一级,,,,,\n1.1,2,二级,,,,,\n",
                 "t.csv:5: points of 1.1: an indicator without sub-indicators needs its points");
    expect_error(HDR "#points,,all,,,,,\n1,1,一级,5,,,,\n",
                 "t.csv:3: #points takes \"from-children\", not \"all\"");
    expect_error(HDR "1,1,一级,5,,,,\n#points,,from-children,,,,,\n",
                 "t.csv:4: #points must come before the first indicator");
}

int main(void)
{
    setlocale(LC_ALL, "C.UTF-8");
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_valid_small),
        cmocka_unit_test(test_hash_follows_rules),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_grades_strict),
        cmocka_unit_test(test_chinese_headers),
        cmocka_unit_test(test_find_in_any_order),
        cmocka_unit_test(test_no_texts),
        cmocka_unit_test(test_points_from_children),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
