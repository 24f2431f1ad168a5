/* test_table.c - the one plain-text table renderer (core/table.c) of
 * `jixiao score` and `jixiao export --format txt`: columns aligned in
 * display columns with Chinese text (CJK = 2), clipping, wrapping,
 * borders, characters a terminal would act on. */
#include "testutil.h"

#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "table.h"
#include "utf8.h"

/* The line of text that starts at s, without its "\n". */
static size_t line_len(const char *s)
{
    const char *nl = strchr(s, '\n');
    return nl ? (size_t)(nl - s) : strlen(s);
}

/* The display columns at which '|' stands in the line s (n bytes). */
static size_t bar_columns(const char *s, size_t n, int cols[32])
{
    size_t k = 0;
    int w = 0;
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        size_t step = u8_decode(s + i, n - i, &cp);
        if (cp == '|' && k < 32)
            cols[k++] = w;
        w += u8_cpwidth(cp);
        i += step;
    }
    return k;
}

/* Every line of b: its display width is width, and, when boxed, its '|'
 * stand at the columns bars[0..nbars). Returns the number of lines. */
static int check_lines(const struct strbuf *b, int width, const int *bars, size_t nbars)
{
    int lines = 0;
    for (const char *s = b->p; s && *s; lines++) {
        size_t n = line_len(s);
        int got[32];
        if (u8_width(s, n) != width)
            fail_msg("line %d is %d columns wide, not %d: \"%.*s\"", lines + 1,
                     u8_width(s, n), width, (int)n, s);
        size_t k = bar_columns(s, n, got);
        if (k != nbars)
            fail_msg("line %d has %zu borders, not %zu: \"%.*s\"", lines + 1, k, nbars, (int)n, s);
        for (size_t c = 0; c < k; c++)
            if (got[c] != bars[c])
                fail_msg("line %d: border %zu at column %d, not %d: \"%.*s\"", lines + 1, c,
                         got[c], bars[c], (int)n, s);
        s += n + (s[n] == '\n');
    }
    return lines;
}

/* jixiao score's layout: id 8, name 12, points 6 (right): Chinese names
 * padded by their width, clipped at the column, never half a character. */
static void test_plain_chinese(void **state)
{
    (void)state;
    struct table t = {.style = TABLE_PLAIN, .ncols = 3,
                      .cols = {{.width = 8}, {.width = 12}, {.width = 6, .right = true}}};
    struct strbuf b = {0};
    const char *rows[][3] = {
        {"id", "indicator", "points"},
        {"1", "部门决策", "25"},
        {"1.1.1", "  预算编制合理性", "5"},       /* 16 columns: clipped to 12 */
        {"3.3.1", "a社会效益、经济", "20"},        /* a wide character across column 12 */
        {"2", "ＡＢＣ，。", "12.50"},
    };
    for (size_t r = 0; r < 5; r++)
        table_put_row(&b, &t, rows[r]);
    assert_false(b.oom);
    assert_int_equal(check_lines(&b, 26, NULL, 0), 5);
    assert_string_equal(b.p,
                        "id      indicator   points\n"
                        "1       部门决策        25\n"
                        "1.1.1     预算编制合     5\n"
                        "3.3.1   a社会效益、     20\n"
                        "2       ＡＢＣ，。   12.50\n");
    strbuf_free(&b);
}

/* export --format txt's layout: widths fitted to the header and the
 * widest cell line, up to the wrap width; a Chinese cell wider than that
 * wraps inside its column, and every border of every line stands in the
 * same display column. */
static void test_boxed_chinese(void **state)
{
    (void)state;
    struct table t = {.style = TABLE_BOXED, .ncols = 3,
                      .cols = {{.wrap = 10}, {.wrap = 0, .right = true}, {.wrap = 12}}};
    const char *head[] = {"指标", "分值", "说明"};
    const char *rows[][3] = {
        {"部门决策", "25", "预算编制合理性和规范性"},   /* 22 columns: wraps at 12 */
        {"资金管理与使用情况", "8", "2021 annual report 第一行\n第二行"},
        {"a", "12.50", ""},
    };
    for (size_t c = 0; c < 3; c++) {
        table_fit(&t, c, head[c]);
        for (size_t r = 0; r < 3; r++)
            table_fit(&t, c, rows[r][c]);
    }
    assert_int_equal(t.cols[0].width, 10);   /* 18 columns, capped */
    assert_int_equal(t.cols[1].width, 5);    /* "12.50" */
    assert_int_equal(t.cols[2].width, 12);   /* capped at its wrap */
    struct strbuf b = {0};
    table_put_rule(&b, &t);
    table_put_row(&b, &t, head);
    table_put_rule(&b, &t);
    for (size_t r = 0; r < 3; r++)
        table_put_row(&b, &t, rows[r]);
    table_put_rule(&b, &t);
    assert_false(b.oom);
    static const int bars[] = {0, 13, 21, 36};
    /* the rules have no '|': checked apart */
    struct strbuf rows_only = {0};
    for (const char *s = b.p; *s;) {
        size_t n = line_len(s);
        if (*s == '|')
            strbuf_put(&rows_only, s, n + 1);
        else
            assert_int_equal(u8_width(s, n), 37);
        s += n + 1;
    }
    assert_int_equal(check_lines(&rows_only, 37, bars, 4), 8);
    assert_string_equal(b.p,
                        "+------------+-------+--------------+\n"
                        "| 指标       |  分值 | 说明         |\n"
                        "+------------+-------+--------------+\n"
                        "| 部门决策   |    25 | 预算编制合理 |\n"
                        "|            |       | 性和规范性   |\n"
                        "| 资金管理与 |     8 | 2021 annual  |\n"
                        "| 使用情况   |       | report 第一  |\n"
                        "|            |       | 行           |\n"
                        "|            |       | 第二行       |\n"
                        "| a          | 12.50 |              |\n"
                        "+------------+-------+--------------+\n");
    strbuf_free(&rows_only);
    strbuf_free(&b);
}

/* Controls and bidi overrides in a cell are written as U+FFFD, one
 * column each, in both styles: the columns after them stay aligned. */
static void test_unsafe_cells(void **state)
{
    (void)state;
    struct table t = {.style = TABLE_PLAIN, .ncols = 2,
                      .cols = {{.width = 10}, {.width = 4, .right = true}}};
    struct strbuf b = {0};
    const char *row[] = {"\x1b[2J单位\xE2\x80\xAE", "7"};
    table_put_row(&b, &t, row);
    assert_string_equal(b.p, "\xEF\xBF\xBD[2J单位\xEF\xBF\xBD    7\n");
    check_lines(&b, 14, NULL, 0);
    b.n = 0;
    t.style = TABLE_BOXED;
    const char *two[] = {"a\tb\r\n甲", "1"};
    table_put_row(&b, &t, two);
    assert_string_equal(b.p, "| a\xEF\xBF\xBD" "b        |    1 |\n"
                             "| 甲         |      |\n");
    strbuf_free(&b);
}

/* The lists under the export: a reason wrapped at a width, indented,
 * Latin words kept whole, CJK broken anywhere, line breaks kept. */
static void test_wrapped(void **state)
{
    (void)state;
    struct strbuf b = {0};
    table_put_wrapped(&b, "    ", "自评发现绩效目标表中的 indicators 仍存在\r\n\n定性", 12);
    assert_string_equal(b.p, "    自评发现绩效\n"
                             "    目标表中的\n"
                             "    indicators \n"
                             "    仍存在\n"
                             "    \n"
                             "    定性\n");
    b.n = 0;
    table_put_wrapped(&b, "", "averyveryverylongword", 8);   /* no space: cut */
    assert_string_equal(b.p, "averyver\nyverylon\ngword\n");
    strbuf_free(&b);
}

int main(void)
{
    if (!setlocale(LC_ALL, ""))
        setlocale(LC_ALL, "C.UTF-8");
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plain_chinese),
        cmocka_unit_test(test_boxed_chinese),
        cmocka_unit_test(test_unsafe_cells),
        cmocka_unit_test(test_wrapped),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
