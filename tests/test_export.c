/* test_export.c - the scoring table for the report: txt alignment by
 * display width (CJK, wrapped cells, review columns), Markdown and HTML
 * escaping, totals and deductions, on the seed's draft; the appendix grid
 * shared by HTML and xlsx, and the xlsx file. */
#include "testutil.h"

#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/stat.h>
#include <stdio.h>

#include "draftio.h"
#include "export.h"
#include "export_impl.h"
#include "utf8.h"

/* The document as a NUL-terminated string; caller frees. */
static char *render(const struct draft *d, enum export_format fmt, bool criteria)
{
    struct strbuf b = {0};
    struct export_opts o = {fmt, criteria};
    assert_int_equal(export_draft(d, &o, &b), 0);
    strbuf_put(&b, "", 1);
    assert_false(b.oom);
    return b.p;
}

/* The character that starts at display column col of line (len bytes),
 * or -1 when col falls inside a wide character or past the end. */
static int char_at_col(const char *line, size_t len, int col)
{
    int at = 0;
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        size_t k = u8_decode(line + i, len - i, &cp);
        if (at == col)
            return (int)cp;
        if (at > col)
            return -1;
        at += u8_cpwidth(cp);
        i += k;
    }
    return -1;
}

/* Every line of the table (those starting with '+' or '|') has its
 * borders at the display columns of the first rule line, and the same
 * display width. Returns the number of table lines checked. */
static int check_aligned(const char *doc)
{
    const char *rule = strstr(doc, "\n+-");
    assert_non_null(rule);
    rule++;
    size_t rlen = strcspn(rule, "\n");
    int borders[32], nb = 0, width = u8_width(rule, rlen);
    for (size_t i = 0; i < rlen; i++)
        if (rule[i] == '+') {
            assert_true(nb < 32);
            borders[nb++] = (int)i;   /* the rule line is ASCII */
        }
    assert_true(nb >= 3);
    int lines = 0;
    for (const char *p = doc; *p;) {
        size_t len = strcspn(p, "\n");
        if (*p == '+' || *p == '|') {
            char want = *p;
            if (u8_width(p, len) != width)
                fail_msg("line is %d columns wide, not %d: %.*s", u8_width(p, len), width,
                         (int)len, p);
            for (int k = 0; k < nb; k++)
                if (char_at_col(p, len, borders[k]) != want)
                    fail_msg("no '%c' at column %d: %.*s", want, borders[k], (int)len, p);
            lines++;
        }
        p += len + (p[len] == '\n');
    }
    return lines;
}

/* The first table line containing s. */
static const char *row_with(const char *doc, const char *s)
{
    const char *p = strstr(doc, s);
    assert_non_null(p);
    while (p > doc && p[-1] != '\n')
        p--;
    return p;
}

static void test_txt_seed(void **state)
{
    (void)state;
    struct form *f = test_std_form();
    struct draft *d = test_seed(f);
    char *t = render(d, EXPORT_TXT, false);
    /* 3 rules + header + 35 rows + 1 wrapped line + 2 group rules */
    assert_int_equal(check_aligned(t), 3 + 1 + 35 + 1 + 2);
    assert_non_null(strstr(t, "部门整体支出绩效评价自评指标评分表\n"));
    assert_non_null(strstr(t, "单位名称：深圳市大鹏新区政务服务数据管理局\n"));
    assert_non_null(strstr(t, "| 一级指标 | 二级指标 | 三级指标"));
    const char *r = row_with(t, "项目完成及时性");
    assert_non_null(strstr(r, "|    6 |  5.76 |\n"));
    r = row_with(t, "| 部门绩效");
    assert_non_null(strstr(r, "|   55 | 51.76 |\n"));
    assert_non_null(strstr(t, "\n总分 93.76 / 100 优\n"));
    assert_null(strstr(t, "复核"));
    /* deductions with their reasons, in table order */
    const char *ded = strstr(t, "\n扣分说明\n");
    assert_non_null(ded);
    const char *ids[] = {"1.2.2 绩效指标明确性  5.00 / 7  (-2.00)\n",
                         "2.1.2 财务合规性  2.00 / 3  (-1.00)\n",
                         "3.1.1 公用经费控制率  5.00 / 6  (-1.00)\n",
                         "3.2.3 项目完成及时性  5.76 / 6  (-0.24)\n",
                         "3.3.1 社会效益、经济效益、生态效益及可持续影响等  18.00 / 20  (-2.00)\n"};
    const char *at = ded;
    for (size_t k = 0; k < 5; k++) {
        const char *x = strstr(at, ids[k]);
        if (!x)
            fail_msg("deduction missing or out of order: %s", ids[k]);
        at = x + 1;
    }
    assert_non_null(strstr(ded, "    计划完成项目25个"));
    /* reasons wrapped within 72 columns + 4 of indent */
    for (const char *p = ded; *p;) {
        size_t len = strcspn(p, "\n");
        if (!strncmp(p, "    ", 4))
            assert_true(u8_width(p, len) <= 76);
        p += len + (p[len] == '\n');
    }
    free(t);
    draft_free(d);
    form_free(f);
}

static void test_txt_criteria(void **state)
{
    (void)state;
    struct form *f = test_std_form();
    struct draft *d = test_seed(f);
    char *t = render(d, EXPORT_TXT, true);
    assert_true(check_aligned(t) > 100);   /* long criteria wrap over many lines */
    assert_non_null(strstr(t, "| 指标说明"));
    assert_non_null(strstr(t, "| 评分标准"));
    assert_non_null(strstr(t, "部门(单位)预算的合理性"));
    free(t);
    draft_free(d);
    form_free(f);
}

/* Review data brings the review columns and total; hostile text in a
 * comment (escape sequences, tabs, wide and narrow mixed) stays aligned. */
static void test_txt_review(void **state)
{
    (void)state;
    struct form *f = test_std_form();
    struct draft *d = test_seed(f);
    test_apply(d, EDIT_REVIEW_SCORE, "3.2.2", NULL, "7");
    test_apply(d, EDIT_REVIEW_STATUS, "3.2.2", NULL, "有疑问");
    test_apply(d, EDIT_REVIEW_COMMENT, "3.2.2", NULL,
               "请补充\x1b[31m验收\t材料 and the signed acceptance report");
    test_apply(d, EDIT_REVIEW_STATUS, "1.2.2", NULL, "退回修改");
    char why[512];
    struct edit add = {.kind = EDIT_ADD_CUSTOM, .id = "3.3.2", .key = "3.3",
                       .value = "Website 绩效 ranking（全国区县政府网站绩效评估）", .points = "20",
                       .score = "19.5"};
    assert_int_equal(draft_apply(d, &add, NULL, why, sizeof why), 0);
    char *t = render(d, EXPORT_TXT, false);
    check_aligned(t);
    assert_non_null(strstr(t, "| 复核得分 | 复核状态 | 复核意见"));
    assert_non_null(strstr(row_with(t, "重点工作完成情况"), "7.00 | 有疑问"));
    assert_non_null(strstr(t, "Website"));
    assert_non_null(strstr(t, "个性"));   /* （个性化） may wrap */
    assert_null(strchr(t, '\x1b'));
    assert_null(strchr(t, '\t'));
    assert_non_null(strstr(t, "\xEF\xBF\xBD"));
    /* 3.3.1 is replaced by the unit's own: 93.76 - 18 + 19.5 = 95.26 */
    assert_non_null(strstr(t, "\n总分 95.26 / 100 优\n"));
    assert_non_null(strstr(t, "\n复核总分 94.26 / 100 优\n"));
    assert_null(strstr(t, "社会效益、经济效益"));
    free(t);
    draft_free(d);
    form_free(f);
}

static void test_md(void **state)
{
    (void)state;
    struct form *f = test_std_form();
    struct draft *d = test_seed(f);
    test_apply(d, EDIT_NOTE, "2.1.2", NULL, "a|b*c<x>_y\n- not a list");
    char *t = render(d, EXPORT_MD, false);
    assert_true(!strncmp(t, "# 部门整体支出绩效评价自评指标评分表\n", strlen("# 部门整体支出绩效评价自评指标评分表\n")));
    assert_non_null(strstr(t, "\n| 一级指标 | 二级指标 | 三级指标"));
    assert_non_null(strstr(t, "| ---: | ----: |\n"));
    assert_non_null(strstr(t, "\n总分 93.76 / 100 优\n"));
    assert_non_null(strstr(t, "## 扣分说明"));
    assert_non_null(strstr(t, "- **2.1.2 财务合规性** 2.00 / 3 (\\-1.00)"));
    assert_non_null(strstr(t, "a\\|b\\*c\\<x\\>\\_y  \n  \\- not a list"));
    free(t);
    draft_free(d);
    form_free(f);
}

static size_t count(const char *s, const char *what)
{
    size_t n = 0;
    for (const char *p = s; (p = strstr(p, what)); p++)
        n++;
    return n;
}

static void test_html(void **state)
{
    (void)state;
    struct form *f = test_std_form();
    struct draft *d = test_seed(f);
    test_apply(d, EDIT_NOTE, "2.1.2", NULL, "<script>alert('x')</script> & \"q\"");
    char *t = render(d, EXPORT_HTML, false);
    assert_true(!strncmp(t, "<!DOCTYPE html>\n<html lang=\"zh-CN\">", 34));
    assert_non_null(strstr(t, "<meta charset=\"utf-8\">"));
    assert_non_null(strstr(t, "@page { size: A4; margin"));
    assert_null(strstr(t, "<script"));
    assert_non_null(strstr(t, "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;"));
    assert_int_equal(count(t, "<tr"), 3 + 21 + 1);   /* header, leaves, total */
    assert_int_equal(count(t, "<tr"), count(t, "</tr>"));
    assert_int_equal(count(t, "<td"), count(t, "</td>"));
    assert_non_null(strstr(t, "<p class=\"total\">总分 93.76 / 100 优</p>"));
    assert_int_equal(count(t, "<li>"), 5);
    assert_true(strlen(t) > 20 && !strcmp(t + strlen(t) - 8, "</html>\n"));
    free(t);
    /* with criteria the page turns to A4 landscape */
    t = render(d, EXPORT_HTML, true);
    assert_non_null(strstr(t, "@page { size: A4 landscape;"));
    assert_non_null(strstr(t, "<th rowspan=\"3\">参考评分标准</th>"));
    free(t);
    draft_free(d);
    form_free(f);
}

static void test_blank(void **state)
{
    (void)state;
    struct form *f = test_std_form();
    struct draft *d = draft_new(f);
    char *t = render(d, EXPORT_TXT, false);
    check_aligned(t);
    assert_non_null(strstr(row_with(t, "预算编制合理性"), "|    5 |    - |\n"));
    assert_non_null(strstr(t, "0 of 21 indicators scored"));
    assert_non_null(strstr(t, "(no deductions)"));
    free(t);
    /* html: unscored leaves show "-", the total row as the line below it */
    t = render(d, EXPORT_HTML, false);
    assert_non_null(strstr(t, "<td>预算编制合理性</td><td class=\"n\">5</td><td class=\"n\">-</td></tr>"));
    assert_non_null(strstr(t, "<td class=\"n\">100</td><td class=\"n\">0.00</td></tr>\n</tbody>"));
    free(t);
    draft_free(d);
    form_free(f);
}

static void test_format_parse(void **state)
{
    (void)state;
    assert_int_equal(export_format_parse("txt"), EXPORT_TXT);
    assert_int_equal(export_format_parse("MD"), EXPORT_MD);
    assert_int_equal(export_format_parse("markdown"), EXPORT_MD);
    assert_int_equal(export_format_parse("html"), EXPORT_HTML);
    assert_int_equal(export_format_parse("pdf"), -1);
    assert_int_equal(export_format_parse("XLSX"), EXPORT_XLSX);
}

/* The appendix grid: every cell of the 21 x 7 table covered exactly once
 * by the cells of xdoc_grid_row, branches spanning their leaves. */
static void test_grid(void **state)
{
    (void)state;
    struct form *f = test_std_form();
    struct draft *d = test_seed(f);
    struct xdoc x;
    struct export_opts o = {EXPORT_XLSX, false};
    assert_int_equal(xdoc_build(&x, d, &o), 0);
    assert_int_equal(xdoc_depth(&x), 3);
    assert_int_equal(xdoc_grid_width(&x), 7);
    int cover[21][7] = {{0}};
    struct xgcell c[XGRID_MAX_CELLS];
    size_t g = 0;
    for (size_t r = 0; r < x.n; r++) {
        size_t n = xdoc_grid_row(&x, r, c);
        if (!n)
            continue;
        assert_true(g < 21);
        for (size_t k = 0; k < n; k++)
            for (int i = 0; i < c[k].rowspan; i++)
                for (int j = 0; j < c[k].colspan; j++) {
                    assert_true(g + (size_t)i < 21 && c[k].col + j < 7);
                    cover[g + (size_t)i][c[k].col + j]++;
                }
        if (g == 0) {
            /* 部门决策 25 | 预算编制 10 | 预算编制合理性 5 | 5.00 */
            assert_int_equal(n, 7);
            assert_string_equal(c[0].text, "部门决策");
            assert_int_equal(c[0].rowspan, 4);
            assert_int_equal(c[1].kind, XC_POINTS);
            assert_string_equal(c[1].text, "25");
            assert_string_equal(c[2].text, "预算编制");
            assert_int_equal(c[2].rowspan, 2);
            assert_string_equal(c[4].text, "预算编制合理性");
            assert_int_equal(c[4].col, 4);
            assert_int_equal(c[6].kind, XC_SCORE);
            assert_int_equal(c[6].col, 6);
            assert_string_equal(c[6].text, "5.00");
        }
        if (g == 1) {
            /* a leaf whose branches started above: its own cells only */
            assert_int_equal(n, 3);
            assert_string_equal(c[0].text, "预算编制规范性");
        }
        g++;
    }
    assert_int_equal(g, 21);
    for (int i = 0; i < 21; i++)
        for (int j = 0; j < 7; j++)
            assert_int_equal(cover[i][j], 1);
    /* branches span their leaves: 部门管理 10, 部门绩效 7 */
    for (size_t r = 0; r < x.n; r++) {
        if (!strcmp(x.rows[r].name, "部门管理"))
            assert_int_equal(xdoc_span(&x, r), 10);
        if (!strcmp(x.rows[r].name, "部门绩效"))
            assert_int_equal(xdoc_span(&x, r), 7);
    }
    xdoc_free(&x);
    /* with criteria: the two text columns come before 得分 */
    o.criteria = true;
    assert_int_equal(xdoc_build(&x, d, &o), 0);
    enum xcol_kind tail[XDOC_TAIL_MAX];
    assert_int_equal(xdoc_tail(&x, tail), 3);
    assert_int_equal(tail[0], XC_DESC);
    assert_int_equal(tail[1], XC_CRIT);
    assert_int_equal(tail[2], XC_SCORE);
    assert_int_equal(xdoc_grid_width(&x), 9);
    xdoc_free(&x);
    draft_free(d);
    form_free(f);
}

/* The workbook is a file: a zip in place, no temp file left beside it or
 * in TMPDIR; a folder that does not exist is a reason, not a crash; the
 * in-memory export refuses xlsx. */
static void test_xlsx_file(void **state)
{
    (void)state;
    struct form *f = test_std_form();
    struct draft *d = test_seed(f);
    char *dir = tmpdir_new();
    char path[4096], tmpd[4096], why[1024] = "";
    snprintf(tmpd, sizeof tmpd, "%s/t", dir);
    assert_int_equal(mkdir(tmpd, 0700), 0);
    setenv("TMPDIR", tmpd, 1);
    snprintf(path, sizeof path, "%s/表.xlsx", dir);
    struct export_opts o = {EXPORT_XLSX, true};
    assert_int_equal(export_draft_xlsx(d, &o, path, why, sizeof why), 0);
    size_t len;
    char *data = slurp(path, &len);
    assert_non_null(data);
    assert_true(len > 1000);
    assert_memory_equal(data, "PK\x03\x04", 4);
    free(data);
    int files = 0;
    DIR *dd = opendir(dir);
    for (struct dirent *e; (e = readdir(dd));)
        files += e->d_name[0] != '.';
    closedir(dd);
    assert_int_equal(files, 2);   /* 表.xlsx and t */
    dd = opendir(tmpd);
    for (struct dirent *e; (e = readdir(dd));)
        assert_true(e->d_name[0] == '.');
    closedir(dd);
    snprintf(path, sizeof path, "%s/no/such/x.xlsx", dir);
    assert_int_equal(export_draft_xlsx(d, &o, path, why, sizeof why), -1);
    assert_contains(why, path);
    struct strbuf b = {0};
    assert_int_equal(export_draft(d, &o, &b), -1);
    strbuf_free(&b);
    unsetenv("TMPDIR");
    rmtree(dir);
    free(dir);
    draft_free(d);
    form_free(f);
}

int main(void)
{
    setlocale(LC_ALL, "");
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_txt_seed),
        cmocka_unit_test(test_txt_criteria),
        cmocka_unit_test(test_txt_review),
        cmocka_unit_test(test_md),
        cmocka_unit_test(test_html),
        cmocka_unit_test(test_blank),
        cmocka_unit_test(test_format_parse),
        cmocka_unit_test(test_grid),
        cmocka_unit_test(test_xlsx_file),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
