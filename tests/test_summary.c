/* test_summary.c - roll-up of three drafts (the seed and two copies with
 * other units): tidy rows, ranking with ties, the table aligned by display
 * width, and drafts of another form or form version named and refused. */
#include "testutil.h"

#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "draftio.h"
#include "summary.h"
#include "utf8.h"

struct fixture {
    struct form *f;
    struct draft *d[3];
    struct summary_item v[3];
};

static int setup(void **state)
{
    struct fixture *x = calloc(1, sizeof *x);
    struct diags dg = {0};
    char p[1024];
    x->f = form_load_standard(&dg);
    srcpath(p, sizeof p, "examples/dapeng-2021.csv");
    for (int i = 0; i < 3; i++)
        x->d[i] = draftio_load(p, x->f, &dg);
    diags_clear(&dg);
    /* 甲局: 3 points lower; 乙局: reviewed, and "=cmd" as a unit name */
    test_apply(x->d[1], EDIT_META, NULL, "unit", "甲局");
    test_apply(x->d[1], EDIT_SCORE, "3.3.1", NULL, "15");
    test_apply(x->d[2], EDIT_META, NULL, "unit", "=乙局");
    test_apply(x->d[2], EDIT_REVIEW_SCORE, "3.2.3", NULL, "5");
    static const char *const files[] = {"dapeng.csv", "dir/jia.csv", "yi.csv"};
    for (int i = 0; i < 3; i++)
        x->v[i] = (struct summary_item){files[i], x->d[i]};
    *state = x;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *x = *state;
    for (int i = 0; i < 3; i++)
        draft_free(x->d[i]);
    form_free(x->f);
    free(x);
    return 0;
}

static void test_tidy(void **state)
{
    struct fixture *x = *state;
    struct strbuf b = {0};
    assert_int_equal(summary_tidy(x->v, 3, &b), 0);
    strbuf_put(&b, "", 1);
    const char *t = b.p;
    static const char head[] = "\xEF\xBB\xBF" "unit,year,id,indicator,points,score,review_score\r\n";
    assert_memory_equal(t, head, sizeof head - 1);
    /* one row per leaf per draft, CRLF everywhere */
    size_t rows = 0, lf = 0, crlf = 0;
    for (const char *p = t; *p; p++)
        if (*p == '\n') {
            lf++;
            crlf += p > t && p[-1] == '\r';
        }
    rows = lf - 1;
    assert_int_equal(rows, 3 * 21);
    assert_int_equal(crlf, lf);
    assert_non_null(strstr(t, "\r\n深圳市大鹏新区政务服务数据管理局,2021,3.2.3,项目完成及时性,6,5.76,\r\n"));
    assert_non_null(strstr(t, "\r\n甲局,2021,3.3.1,社会效益、经济效益、生态效益及可持续影响等,20,15.00,\r\n"));
    /* the formula-looking unit is guarded, the review score in its column */
    assert_non_null(strstr(t, "\r\n'=乙局,2021,3.2.3,项目完成及时性,6,5.76,5.00\r\n"));
    /* no subtotals */
    assert_null(strstr(t, ",2021,3.2,"));
    assert_null(strstr(t, ",2021,1,"));
    strbuf_free(&b);
}

static void test_rank(void **state)
{
    struct fixture *x = *state;
    struct summary_rank r[3];
    summary_rank(x->v, 3, r);
    /* 深圳 93.76 and =乙局 93.76 tie at 1 (ordered by unit), 甲局 90.76 third */
    assert_int_equal(r[0].rank, 1);
    assert_int_equal(r[1].rank, 1);
    assert_int_equal(r[2].rank, 3);
    assert_int_equal(r[0].item, 2);   /* "=" sorts before "深" */
    assert_int_equal(r[1].item, 0);
    assert_int_equal(r[2].item, 1);
    assert_int_equal(r[2].total, 9076);
    assert_true(r[0].reviewed);
    assert_int_equal(r[0].review_total, 9376 - 76);
    assert_false(r[1].reviewed);
    assert_true(r[2].complete);
}

static void test_table(void **state)
{
    struct fixture *x = *state;
    struct summary_rank r[3];
    summary_rank(x->v, 3, r);
    struct strbuf b = {0};
    assert_int_equal(summary_table(x->v, r, 3, &b), 0);
    strbuf_put(&b, "", 1);
    const char *t = b.p;
    assert_non_null(strstr(t, "排名  单位"));
    assert_non_null(strstr(t, "复核总分  复核等级\n"));
    /* the year column starts at the same display column on every line */
    int col = -1, lines = 0;
    for (const char *p = t; *p;) {
        size_t len = strcspn(p, "\n");
        const char *y = strstr(p, lines ? "2021" : "年度");
        assert_true(y && y < p + len);
        int c = u8_width(p, (size_t)(y - p));
        if (col < 0)
            col = c;
        assert_int_equal(c, col);
        lines++;
        p += len + (p[len] == '\n');
    }
    assert_int_equal(lines, 4);
    assert_non_null(strstr(t, "93.00  优"));   /* 乙局's review total and grade */
    strbuf_free(&b);
}

static void test_check_forms(void **state)
{
    (void)state;
    char p[1024], q[1024];
    struct diags d = {0};
    struct draft_header h[3];
    srcpath(p, sizeof p, "examples/dapeng-2021.csv");
    srcpath(q, sizeof q, "tests/data/bad/draft-other-form.csv");
    assert_int_equal(draftio_peek(p, &h[0], &d), 0);
    assert_int_equal(draftio_peek(p, &h[1], &d), 0);
    assert_int_equal(draftio_peek(q, &h[2], &d), 0);
    const char *files[] = {"a.csv", "b.csv", "other.csv"};
    assert_int_equal(summary_check_forms(files, h, 2, &d), 0);
    assert_int_equal(d.n, 0);
    assert_int_equal(summary_check_forms(files, h, 3, &d), 1);
    assert_int_equal(d.errors, 1);
    assert_string_equal(d.v[0].file, "other.csv");
    assert_non_null(strstr(d.v[0].msg, h[2].form_name));
    assert_non_null(strstr(d.v[0].msg, "a.csv"));
    diags_clear(&d);
    /* same name, another version of the form: refused too */
    h[1] = h[0];
    strcpy(h[1].form_hash, "0123456789abcdef");
    strcpy(h[1].form_version, "2022年修订");
    assert_int_equal(summary_check_forms(files, h, 2, &d), 1);
    assert_string_equal(d.v[0].file, "b.csv");
    assert_non_null(strstr(d.v[0].msg, "2022年修订"));
    assert_non_null(strstr(d.v[0].msg, "0123456789abcdef"));
    diags_clear(&d);
}

static void test_warnings(void **state)
{
    struct fixture *x = *state;
    struct diags d = {0};
    struct summary_item v[2] = {x->v[0], x->v[0]};
    v[1].file = "copy.csv";
    summary_warnings(v, 2, &d);
    assert_int_equal(d.n, 1);
    assert_int_equal(d.errors, 0);
    assert_string_equal(d.v[0].file, "copy.csv");
    diags_clear(&d);
}

int main(void)
{
    setlocale(LC_ALL, "");
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tidy),
        cmocka_unit_test(test_rank),
        cmocka_unit_test(test_table),
        cmocka_unit_test(test_check_forms),
        cmocka_unit_test(test_warnings),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
