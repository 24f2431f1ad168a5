/* test_summary.c - roll-up of three drafts (the seed and two copies with
 * other units): tidy rows, ranking with ties, the table aligned by display
 * width, and drafts of another form or form version named and refused. */
#include "testutil.h"

#include <locale.h>
#include <stdio.h>
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
        assert_int_equal(summary_item_set(&x->v[i], files[i], x->d[i]), 0);
    *state = x;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *x = *state;
    for (int i = 0; i < 3; i++) {
        summary_item_clear(&x->v[i]);
        draft_free(x->d[i]);
    }
    form_free(x->f);
    free(x);
    return 0;
}

static void test_tidy(void **state)
{
    struct fixture *x = *state;
    struct strbuf b = {0};
    summary_tidy_start(&b);
    for (int i = 0; i < 3; i++)
        assert_int_equal(summary_tidy_add(&b, x->d[i]), 0);
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
    assert_int_equal(summary_warnings(v, 2, &d), 0);
    assert_int_equal(d.n, 1);
    assert_int_equal(d.errors, 0);
    assert_string_equal(d.v[0].file, "copy.csv");
    assert_non_null(strstr(d.v[0].msg, "dapeng.csv"));
    diags_clear(&d);
}

/* Many units, some twice or three times: each repeat names the first file
 * with its unit and year, in the order the files were given; another year
 * is not a repeat. */
static void test_warnings_many(void **state)
{
    (void)state;
    enum { N = 180, UNITS = 60, OTHER_YEAR = 150 };
    struct summary_item v[N];
    char unit[N][32], file[N][32];
    for (int i = 0; i < N; i++) {
        snprintf(unit[i], sizeof unit[i], "单位%d", (i * 7) % UNITS);   /* i, i+60, i+120 */
        snprintf(file[i], sizeof file[i], "d%d.csv", i);
        v[i] = (struct summary_item){.file = file[i], .unit = unit[i],
                                     .year = i == OTHER_YEAR ? "2022" : "2021", .scored = 1,
                                     .leaves = 1};
    }
    struct diags d = {0};
    assert_int_equal(summary_warnings(v, N, &d), 0);
    size_t at = 0;
    for (int i = UNITS; i < N; i++) {
        if (i == OTHER_YEAR)
            continue;
        int first = -1;   /* 7 is prime to 60: the first of each unit is below 60 */
        for (int j = 0; j < i && first < 0; j++)
            if (j != OTHER_YEAR && !strcmp(unit[j], unit[i]))
                first = j;
        assert_true(first >= 0 && first < UNITS);
        assert_true(at < d.n);
        assert_string_equal(d.v[at].file, file[i]);
        char want[64];
        snprintf(want, sizeof want, "as %s (", file[first]);
        assert_non_null(strstr(d.v[at].msg, want));
        at++;
    }
    assert_int_equal(d.n, at);
    assert_int_equal(d.errors, 0);
    diags_clear(&d);
}

/* Ranking many: highest total first, equal totals by unit, then as given;
 * equal totals share a rank, the next rank skips. */
static void test_rank_many(void **state)
{
    (void)state;
    enum { N = 5000 };
    struct summary_item *v = calloc(N, sizeof *v);
    struct summary_rank *r = calloc(N, sizeof *r);
    char (*unit)[16] = calloc(N, sizeof *unit);
    assert_true(v && r && unit);
    unsigned seed = 7;
    for (int i = 0; i < N; i++) {
        seed = seed * 1103515245u + 12345u;
        snprintf(unit[i], sizeof unit[i], "u%u", (seed >> 8) % 50);
        v[i] = (struct summary_item){.unit = unit[i], .year = "2021",
                                     .total = (pts_t)((seed >> 16) % 300) * 25};
    }
    summary_rank(v, N, r);
    bool seen[N] = {false};
    for (int i = 0; i < N; i++) {
        assert_false(seen[r[i].item]);
        seen[r[i].item] = true;
        assert_int_equal(r[i].total, v[r[i].item].total);
        if (i == 0) {
            assert_int_equal(r[i].rank, 1);
            continue;
        }
        const struct summary_rank *a = &r[i - 1], *b = &r[i];
        assert_true(a->total >= b->total);
        if (a->total == b->total) {
            int c = strcmp(a->unit, b->unit);
            assert_true(c < 0 || (c == 0 && a->item < b->item));
            assert_int_equal(b->rank, a->rank);
        } else {
            assert_int_equal(b->rank, i + 1);
        }
    }
    free(v);
    free(r);
    free(unit);
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
        cmocka_unit_test(test_warnings_many),
        cmocka_unit_test(test_rank_many),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
