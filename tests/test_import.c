/* test_import.c - jixiao form import in the core: the seed's appendix as
 * .xlsx and as CSV (UTF-8 with BOM, GB18030) gives forms/standard.csv;
 * each problem of a template is an error with the sheet's row; the .xlsx
 * reader (shared and inline strings, numbers, merges, formulas without a
 * saved value) and hostile workbooks. */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "form_import.h"
#include "forms.h"
#include "sheet.h"
#include "xlsxread.h"

/* Import text (CSV) or a file; the joined diagnostics in *msgs (caller
 * frees), the form loaded back from what was written, or NULL. */
static struct form *import_buf(const char *name, const char *data, size_t len, char **msgs)
{
    struct diags d = {0};
    struct strbuf b = {0};
    struct form *f = NULL;
    if (form_import_buffer(name, data, len, NULL, &b, &d) == 0) {
        struct diags fd = {0};
        f = form_load_buffer("out.csv", b.p, b.n, &fd);
        if (!f) {
            char *m = diags_join(&fd);
            fail_msg("the import's output does not load:\n%s\n%s", m, b.p);
        }
        diags_clear(&fd);
    }
    *msgs = diags_join(&d);
    diags_clear(&d);
    strbuf_free(&b);
    return f;
}

static struct form *import_text(const char *csv, char **msgs)
{
    return import_buf("t.csv", csv, strlen(csv), msgs);
}

static struct form *import_file(const char *rel, char **msgs)
{
    char p[4096];
    srcpath(p, sizeof p, rel);
    size_t len;
    char *data = slurp(p, &len);
    assert_non_null(data);
    struct form *f = import_buf(rel, data, len, msgs);
    free(data);
    return f;
}

/* Same ids, levels, names, points, descriptions and criteria, in order. */
static void assert_same_as_standard(const struct form *f)
{
    struct diags d = {0};
    struct form *std = form_load_standard(&d);
    assert_non_null(std);
    diags_clear(&d);
    assert_non_null(f);
    assert_int_equal(f->n, std->n);
    for (size_t i = 0; i < f->n; i++) {
        const struct form_node *a = &f->nodes[i], *b = &std->nodes[i];
        assert_string_equal(a->id, b->id);
        assert_int_equal(a->level, b->level);
        assert_string_equal(a->name, b->name);
        assert_int_equal(a->points, b->points);
        assert_string_equal(a->description, b->description);
        assert_string_equal(a->criteria, b->criteria);
        assert_null(a->rule);   /* every leaf is scored directly */
    }
    assert_string_equal(f->name, std->name);
    assert_int_equal(f->total_points, 10000);
    assert_string_equal(form_grade(f, 9376), "优");
    form_free(std);
}

static void test_standard_xlsx(void **state)
{
    (void)state;
    char *m;
    struct form *f = import_file("tests/data/import/standard-template.xlsx", &m);
    if (!f)
        fail_msg("%s", m);
    assert_same_as_standard(f);
    assert_string_equal(m, "");   /* every parent has its points in the table */
    form_free(f);
    free(m);
}

static void test_standard_csv_bom(void **state)
{
    (void)state;
    char *m;
    struct form *f = import_file("tests/data/import/standard-template.csv", &m);
    if (!f)
        fail_msg("%s", m);
    assert_same_as_standard(f);
    assert_string_equal(m, "");
    form_free(f);
    free(m);
}

static void test_standard_csv_gb18030(void **state)
{
    (void)state;
    char *m;
    struct form *f = import_file("tests/data/import/standard-template-gb18030.csv", &m);
    if (!f)
        fail_msg("%s", m);
    assert_same_as_standard(f);
    assert_contains(m, "GB18030");
    form_free(f);
    free(m);
}

#define HEAD "评价指标,,,,,,指标说明,评分标准\n一级指标,,二级指标,,三级指标,,,\n" \
             "名称,参考分值,名称,参考分值,名称,参考分值,,\n"

/* The import fails with this text in a message. */
static void expect_bad(const char *csv, const char *want)
{
    char *m;
    struct form *f = import_text(csv, &m);
    if (f || !strstr(m, want))
        fail_msg("expected \"%s\", got%s:\n%s", want, f ? " a form" : "", m);
    form_free(f);
    free(m);
}

static void test_bad_templates(void **state)
{
    (void)state;
    /* points that do not add up: 二级 10 over 3 + 5 (row 4) */
    expect_bad(HEAD "决策,10,编制,10,甲,3,,\n,,,,乙,5,,\n",
               "t.csv:4: points of \"编制\" (10) do not equal the sum of its sub-indicators (8)");
    /* a leaf without points (row 5) */
    expect_bad(HEAD "决策,8,编制,8,甲,3,,\n,,,,乙,,说明,\n,,,,丙,5,,\n",
               "t.csv:5: the indicator \"乙\" has no sub-indicators and no points");
    /* an empty name: points with no indicator (row 5) */
    expect_bad(HEAD "决策,8,编制,8,甲,3,,\n,,,,,5,,\n",
               "t.csv:5: empty name: the 三级指标 on this row has points (5) but no name");
    /* an empty name: the first row has no 一级指标 */
    expect_bad(HEAD ",,编制,8,甲,8,,\n", "t.csv:4: empty name: the 一级指标 of \"编制\" is missing");
    /* an empty name in the middle: a 三级 under a new 一级 without its 二级 */
    expect_bad(HEAD "决策,8,编制,8,甲,8,,\n管理,2,,,乙,2,,\n",
               "t.csv:5: empty name: the 二级指标 of \"乙\" is missing");
    /* points that are not a number */
    expect_bad(HEAD "决策,8,编制,8,甲,五,,\n",
               "t.csv:4: points of \"甲\" in cell F4 are not a number of points");
    /* the total row disagrees */
    expect_bad(HEAD "决策,8,编制,8,甲,8,,\n总分,9,,,,,,\n",
               "t.csv:5: the total (9) does not equal the sum of the 一级指标 (8)");
    /* no header */
    expect_bad("名称,分值\n甲,5\n", "no header row naming 一级指标");
    /* nothing below the header */
    expect_bad(HEAD, "t.csv:3: no indicator below the header row");
}

static void test_bad_merge_xlsx(void **state)
{
    (void)state;
    char *m;
    struct form *f = import_file("tests/data/import/bad-merge.xlsx", &m);
    assert_null(f);
    assert_contains(m, "bad-merge.xlsx:9: merged cells do not line up: the merged 二级指标 "
                       "cell from row 7 runs past the start of 一级指标 \"部门管理\"");
    /* one problem, one message: the rows below are read as well as can be */
    assert_ptr_equal(strchr(m, '\n'), strrchr(m, '\n'));
    free(m);
}

static void test_formula_without_value(void **state)
{
    (void)state;
    char *m;
    struct form *f = import_file("tests/data/import/bad-formula.xlsx", &m);
    assert_null(f);
    assert_contains(m, "bad-formula.xlsx:5: cell F5 is a formula without a saved value");
    assert_ptr_equal(strchr(m, '\n'), strrchr(m, '\n'));   /* not also "no points" */
    free(m);
}

static void test_parents_summed(void **state)
{
    (void)state;
    /* only leaves have points (one 分值 column): parents are summed, said once each */
    char *m;
    struct form *f = import_text("一级指标,二级指标,三级指标,分值,指标说明,评分标准\n"
                                 "决策,编制,甲,3,说明甲,标准甲\n"
                                 ",,乙,2.5,,\n"
                                 ",目标,丙,4,,\n"
                                 "管理,资金,丁,1,,\n", &m);
    if (!f)
        fail_msg("%s", m);
    assert_int_equal(f->n, 9);
    assert_string_equal(f->nodes[0].id, "1");
    assert_int_equal(f->nodes[0].points, 950);
    assert_string_equal(f->nodes[1].id, "1.1");
    assert_int_equal(f->nodes[1].points, 550);
    assert_string_equal(f->nodes[4].id, "1.2");
    assert_string_equal(f->nodes[5].id, "1.2.1");
    assert_string_equal(f->nodes[8].id, "2.1.1");
    assert_string_equal(f->nodes[2].description, "说明甲");
    assert_string_equal(f->nodes[2].criteria, "标准甲");
    assert_contains(m, "t.csv:2: points of \"决策\" taken from its sub-indicators: 9.5");
    assert_contains(m, "t.csv:4: points of \"目标\" taken from its sub-indicators: 4");
    assert_int_equal(f->total_points, 1050);
    form_free(f);
    free(m);
}

static void test_points_in_name(void **state)
{
    (void)state;
    /* no 分值 column for the upper levels: "部门决策（25分）" gives them */
    char *m;
    struct form *f = import_text("序号,一级指标,二级指标,三级指标,分值\n"
                                 "1,决策（9.5分）,编制(9.5分),甲,6\n"
                                 "2,,,乙,3.5\n", &m);
    if (!f)
        fail_msg("%s", m);
    assert_string_equal(f->nodes[0].name, "决策");
    assert_int_equal(f->nodes[0].points, 950);
    assert_string_equal(f->nodes[1].name, "编制");
    /* given, not summed: no warning of that; the small table gets no
     * #grades (the usual 优>=90 is above its 9.5 points), and says so */
    assert_null(strstr(m, "sub-indicators"));
    assert_contains(m, "t.csv: the table totals 9.5 points, below the 90 of 优: no #grades");
    assert_int_equal(f->ngrades, 4);   /* the built-in bands, unchecked */
    form_free(f);
    free(m);
    /* and checked against the children like any points */
    expect_bad("一级指标,二级指标,三级指标,分值\n决策（25分）,编制,甲,6\n",
               "t.csv:2: points of \"决策\" (25) do not equal the sum of its sub-indicators (6)");
}

static void test_continuation_and_repeated_header(void **state)
{
    (void)state;
    /* the table printed over two pages: the header again, and a criteria
     * cell broken over two rows; the title above the header names the form */
    char *m;
    struct form *f = import_text("附件2,,,,,,,\n某某评分表,,,,,,,\n单位：分,,,,,,,\n" HEAD
                                 "决策,8,编制,8,甲,3,说明,第一段\n"
                                 ",,,,,,,第二段\n" HEAD
                                 ",,,,乙,5,,\n"
                                 "总分,8,-,8,-,8,-,-\n"
                                 "附注：这一行在表外,,,,,,,\n", &m);
    if (!f)
        fail_msg("%s", m);
    assert_string_equal(f->name, "某某评分表");
    assert_int_equal(f->n, 4);
    assert_string_equal(f->nodes[2].criteria, "第一段\n第二段");
    assert_string_equal(f->nodes[3].name, "乙");
    assert_string_equal(f->nodes[3].id, "1.1.2");
    form_free(f);
    free(m);
}

static void test_number_text(void **state)
{
    (void)state;
    static const char *const cases[][2] = {
        {"25", "25"}, {"0.69999999999999996", "0.7"}, {"1E-3", "0.001"},
        {"1.5e2", "150"}, {"-0", "0"}, {"0.30000000000000004", "0.3"},
        {"99.999999999999986", "100"}, {"007.50", "7.5"}, {"-2.25", "-2.25"},
    };
    char buf[64];
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        assert_true(xlsx_number_text(cases[i][0], buf, sizeof buf));
        assert_string_equal(buf, cases[i][1]);
    }
    assert_false(xlsx_number_text("abc", buf, sizeof buf));
    assert_false(xlsx_number_text("1e999", buf, sizeof buf));
    assert_false(xlsx_number_text("1.2.3", buf, sizeof buf));
    assert_false(xlsx_number_text("", buf, sizeof buf));
}

static void test_sheet_merges(void **state)
{
    (void)state;
    struct diags d = {0};
    struct sheet *s = sheet_new("m.xlsx");
    assert_non_null(s);
    assert_int_equal(sheet_set(s, 1, 1, "甲", 3, 0, &d), 0);
    assert_int_equal(sheet_set(s, 3, 3, "x", 1, 0, &d), 0);
    assert_int_equal(sheet_add_merge(s, 1, 1, 3, 2, &d), 0);
    assert_int_equal(sheet_add_merge(s, 1, 5, 9, 9, &d), 0);   /* past the cells: ignored */
    assert_int_equal(sheet_fill_merges(s, &d), 0);
    assert_string_equal(sheet_text(s, 3, 2), "甲");
    const struct sheet_cell *c = sheet_get(s, 2, 1);
    assert_non_null(c);
    assert_true(c->flags & SHEET_MERGED);
    assert_int_equal(c->from_row, 1);
    assert_int_equal(c->to_row, 3);
    assert_string_equal(sheet_text(s, 3, 3), "x");
    assert_string_equal(sheet_text(s, 7, 7), "");
    sheet_free(s);
    /* overlapping regions */
    s = sheet_new("m.xlsx");
    assert_int_equal(sheet_set(s, 4, 4, "x", 1, 0, &d), 0);
    assert_int_equal(sheet_add_merge(s, 1, 1, 3, 3, &d), 0);
    assert_int_equal(sheet_add_merge(s, 2, 2, 4, 4, &d), 0);
    assert_int_equal(sheet_fill_merges(s, &d), -1);
    char *m = diags_join(&d);
    assert_contains(m, "m.xlsx:2: merged regions overlap");
    free(m);
    diags_clear(&d);
    sheet_free(s);
    assert_int_equal(sheet_col_parse("AB12", NULL), 28);
    assert_int_equal(sheet_col_parse("XFD1", NULL), 16384);
    assert_int_equal(sheet_col_parse("XFE1", NULL), 0);
}

/* ---- workbooks made here, part by part ---- */

static const char *const WB =
    "<?xml version=\"1.0\"?><workbook xmlns:r=\"r\"><sheets>"
    "<sheet name=\"说明\" sheetId=\"1\" r:id=\"rId1\"/>"
    "<sheet name=\"评分表\" sheetId=\"2\" r:id=\"rId2\"/></sheets></workbook>";
static const char *const RELS =
    "<?xml version=\"1.0\"?><Relationships>"
    "<Relationship Id=\"rId1\" Target=\"worksheets/sheet1.xml\"/>"
    "<Relationship Id=\"rId2\" Target=\"/xl/worksheets/sheet2.xml\"/></Relationships>";

/* Write a zip of (name, content) pairs to dir/name; returns its path. */
static char *make_zip(const char *dir, const char *name, const char *const *parts)
{
    char *path = malloc(4096);
    snprintf(path, 4096, "%s/%s", dir, name);
    int err = 0;
    zip_t *z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &err);
    assert_non_null(z);
    for (size_t i = 0; parts[i]; i += 2) {
        zip_source_t *s = zip_source_buffer(z, parts[i + 1], strlen(parts[i + 1]), 0);
        assert_non_null(s);
        assert_true(zip_file_add(z, parts[i], s, ZIP_FL_ENC_UTF_8) >= 0);
    }
    assert_int_equal(zip_close(z), 0);
    return path;
}

static char *import_path(const char *path, const char *sheet, struct form **out)
{
    struct diags d = {0};
    struct strbuf b = {0};
    struct form_import_opts o = {.sheet = sheet};
    *out = NULL;
    if (form_import_file(path, &o, &b, &d) == 0) {
        struct diags fd = {0};
        *out = form_load_buffer("out.csv", b.p, b.n, &fd);
        diags_clear(&fd);
    }
    char *m = diags_join(&d);
    diags_clear(&d);
    strbuf_free(&b);
    return m;
}

static void test_xlsx_reader(void **state)
{
    (void)state;
    char *dir = tmpdir_new();
    /* shared strings with rich-text runs and a phonetic run (not text),
     * an inline string, an _x000D_ escape, a number as Excel stores it,
     * a formula with its saved value, a merged 一级 name and a merged
     * criteria cell */
    const char *sst =
        "<sst><si><t>一级指标</t></si><si><t>二级指标</t></si><si><t>分值</t></si>"
        "<si><r><t>决</t></r><r><rPr/><t>策</t></r><rPh><t>けつ</t></rPh></si>"
        "<si><t>第一行_x000D_\n第二行</t></si></sst>";
    const char *sheet2 =
        "<worksheet><sheetData>"
        "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"C1\" t=\"s\"><v>1</v></c>"
        "<c r=\"D1\" t=\"s\"><v>2</v></c><c r=\"E1\" t=\"inlineStr\"><is><t>评分标准</t></is></c></row>"
        "<row r=\"2\"><c r=\"A2\" t=\"s\"><v>3</v></c><c r=\"B2\"><f>SUM(D2:D3)</f><v>2.5</v></c>"
        "<c r=\"C2\" t=\"inlineStr\"><is><t>甲</t></is></c><c r=\"D2\"><v>0.69999999999999996</v></c>"
        "<c r=\"E2\" t=\"s\"><v>4</v></c></row>"
        "<row r=\"3\"><c r=\"C3\" t=\"inlineStr\"><is><t>乙</t></is></c><c r=\"D3\"><v>1.8</v></c></row>"
        "</sheetData><mergeCells count=\"3\"><mergeCell ref=\"A2:A3\"/><mergeCell ref=\"B2:B3\"/>"
        "<mergeCell ref=\"E2:E3\"/>"
        "</mergeCells></worksheet>";
    const char *parts[] = {"xl/workbook.xml", WB, "xl/_rels/workbook.xml.rels", RELS,
                           "xl/sharedStrings.xml", sst,
                           "xl/worksheets/sheet1.xml", "<worksheet><sheetData/></worksheet>",
                           "xl/worksheets/sheet2.xml", sheet2, NULL};
    char *p = make_zip(dir, "ok.xlsx", parts);
    struct form *f;
    char *m = import_path(p, "评分表", &f);
    if (!f)
        fail_msg("%s", m);
    assert_int_equal(f->n, 3);
    assert_string_equal(f->nodes[0].name, "决策");
    assert_int_equal(f->nodes[0].points, 250);
    assert_int_equal(f->nodes[1].points, 70);
    assert_string_equal(f->nodes[1].criteria, "第一行\n第二行");
    /* a criteria cell merged over both leaves is each one's criteria */
    assert_string_equal(f->nodes[2].criteria, "第一行\n第二行");
    assert_string_equal(f->nodes[2].id, "1.2");
    form_free(f);
    free(m);
    /* the first sheet is empty: said so, not a crash */
    m = import_path(p, NULL, &f);
    assert_null(f);
    assert_contains(m, "no header row naming 一级指标");
    free(m);
    m = import_path(p, "无此表", &f);
    assert_null(f);
    assert_contains(m, "the workbook has no sheet \"无此表\"");
    free(m);
    free(p);

    /* a formula without a saved value is reported with its cell, never guessed */
    const char *nov =
        "<worksheet><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>一级指标</t></is></c>"
        "<c r=\"B1\" t=\"inlineStr\"><is><t>分值</t></is></c></row>"
        "<row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>甲</t></is></c><c r=\"B2\"><f>1+1</f></c>"
        "</row></sheetData></worksheet>";
    const char *parts2[] = {"xl/workbook.xml", WB, "xl/_rels/workbook.xml.rels", RELS,
                            "xl/worksheets/sheet1.xml", nov, NULL};
    p = make_zip(dir, "nov.xlsx", parts2);
    m = import_path(p, NULL, &f);
    assert_null(f);
    assert_contains(m, "nov.xlsx:2: cell B2 is a formula without a saved value");
    free(m);
    free(p);
    rmtree(dir);
    free(dir);
}

/* A worksheet of inline strings from "A1=text" cells (in row order) and
 * merged ranges ("A2:A3"); caller frees. */
static char *sheet_xml(const char *const *cells, const char *const *merges)
{
    struct strbuf b = {0};
    strbuf_puts(&b, "<worksheet><sheetData>");
    unsigned row = 0;
    for (size_t i = 0; cells[i]; i++) {
        const char *eq = strchr(cells[i], '=');
        unsigned r = (unsigned)atoi(cells[i] + strcspn(cells[i], "0123456789"));
        if (r != row) {
            if (row)
                strbuf_puts(&b, "</row>");
            char t[32];
            snprintf(t, sizeof t, "<row r=\"%u\">", r);
            strbuf_puts(&b, t);
            row = r;
        }
        strbuf_puts(&b, "<c r=\"");
        strbuf_put(&b, cells[i], (size_t)(eq - cells[i]));
        strbuf_puts(&b, "\" t=\"inlineStr\"><is><t>");
        strbuf_puts(&b, eq + 1);
        strbuf_puts(&b, "</t></is></c>");
    }
    strbuf_puts(&b, "</row></sheetData><mergeCells>");
    for (size_t i = 0; merges[i]; i++) {
        strbuf_puts(&b, "<mergeCell ref=\"");
        strbuf_puts(&b, merges[i]);
        strbuf_puts(&b, "\"/>");
    }
    strbuf_puts(&b, "</mergeCells></worksheet>");
    return b.p;
}

static void test_merges_not_lined_up(void **state)
{
    (void)state;
    char *dir = tmpdir_new();
    struct {
        const char *const *cells, *const *merges;
        const char *want;
    } cases[] = {
        /* the name merged over rows 2-3, its points over 2-4 */
        {(const char *const[]){"A1=一级指标", "B1=分值", "C1=二级指标", "D1=分值",
                               "A2=决策", "B2=9", "C2=甲", "D2=3", "C3=乙", "D3=3",
                               "C4=丙", "D4=3", NULL},
         (const char *const[]){"A2:A3", "B2:B4", NULL},
         "m.xlsx:2: merged cells do not line up: the name of \"决策\" spans rows 2 to 3, "
         "its points rows 2 to 4"},
        /* a 二级 below its 一级's merged cell */
        {(const char *const[]){"A1=一级指标", "B1=分值", "C1=二级指标", "D1=分值",
                               "A2=决策", "B2=9", "C2=甲", "D2=3", "C3=乙", "D3=3",
                               "C4=丙", "D4=3", NULL},
         (const char *const[]){"A2:A3", "B2:B3", NULL},
         "m.xlsx:4: merged cells do not line up: \"丙\" is below the merged 一级指标 cell "
         "of \"决策\" (rows 2 to 3)"},
        /* a name cell merged across into another column */
        {(const char *const[]){"A1=一级指标", "B1=分值", "C1=二级指标", "D1=分值",
                               "A2=决策", "B2=3", "C2=甲", "D2=3", NULL},
         (const char *const[]){"B2:C2", NULL},
         "m.xlsx:2: the merged cell B2:C2 does not line up with the columns of the table "
         "(it covers the 二级指标 name)"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *xml = sheet_xml(cases[i].cells, cases[i].merges);
        const char *parts[] = {"xl/workbook.xml", WB, "xl/_rels/workbook.xml.rels", RELS,
                               "xl/worksheets/sheet1.xml", xml, NULL};
        char *p = make_zip(dir, "m.xlsx", parts);
        struct form *f;
        char *m = import_path(p, NULL, &f);
        assert_null(f);
        char *at = strstr(m, "m.xlsx:");   /* the message without the folder */
        if (!at || !strstr(m, cases[i].want + strlen("m.xlsx")))
            fail_msg("case %zu: expected \"%s\", got:\n%s", i, cases[i].want, m);
        free(m);
        free(p);
        free(xml);
    }
    rmtree(dir);
    free(dir);
}

static void test_hostile_workbooks(void **state)
{
    (void)state;
    char *dir = tmpdir_new();
    struct {
        const char *sheet;     /* sheet1.xml */
        const char *want;
    } cases[] = {
        {"<!DOCTYPE x [<!ENTITY a \"aaaa\">]><worksheet/>", "document type declaration"},
        {"<worksheet><sheetData><row r=\"1\"><c r=\"A1\"", "not well-formed XML"},
        {"<worksheet><sheetData><row r=\"1\"><c r=\"XFE1\"><v>1</v></c></row></sheetData></worksheet>",
         "bad cell reference \"XFE1\""},
        {"<worksheet><sheetData><row r=\"99999999\"/></sheetData></worksheet>", "bad row number"},
        {"<worksheet><sheetData><row r=\"1\"><c r=\"A1\" t=\"s\"><v>7</v></c></row></sheetData></worksheet>",
         "bad shared string number \"7\""},
        {"<worksheet><mergeCells><mergeCell ref=\"B2:A1\"/></mergeCells></worksheet>",
         "bad merged region \"B2:A1\""},
        {NULL, "too many cells"},   /* made below */
    };
    /* 300 rows of one cell each at the last column: 4.9 million cells */
    struct strbuf wide = {0};
    strbuf_puts(&wide, "<worksheet><sheetData>");
    for (int r = 1; r <= 300; r++) {
        char row[96];
        snprintf(row, sizeof row, "<row r=\"%d\"><c r=\"XFD%d\"><v>1</v></c></row>", r, r);
        strbuf_puts(&wide, row);
    }
    strbuf_puts(&wide, "</sheetData></worksheet>");
    cases[6].sheet = wide.p;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *parts[] = {"xl/workbook.xml", WB, "xl/_rels/workbook.xml.rels", RELS,
                               "xl/worksheets/sheet1.xml", cases[i].sheet, NULL};
        char *p = make_zip(dir, "h.xlsx", parts);
        struct form *f;
        char *m = import_path(p, NULL, &f);
        assert_null(f);
        if (!strstr(m, cases[i].want))
            fail_msg("case %zu: expected \"%s\", got:\n%s", i, cases[i].want, m);
        free(m);
        free(p);
    }
    strbuf_free(&wide);
    /* not a workbook: a zip without one, a truncated zip, an old .xls */
    const char *parts[] = {"hello.txt", "hi", NULL};
    char *p = make_zip(dir, "z.xlsx", parts);
    struct form *f;
    char *m = import_path(p, NULL, &f);
    assert_contains(m, "not an Excel workbook");
    free(m);
    free(p);
    char *m2;
    assert_null(import_buf("t.xlsx", "PK\3\4garbage", 11, &m2));
    assert_contains(m2, "not a readable .xlsx workbook");
    free(m2);
    assert_null(import_buf("t.xls", "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1....", 12, &m2));
    assert_contains(m2, "an old Excel .xls workbook");
    free(m2);
    rmtree(dir);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_standard_xlsx),
        cmocka_unit_test(test_standard_csv_bom),
        cmocka_unit_test(test_standard_csv_gb18030),
        cmocka_unit_test(test_bad_templates),
        cmocka_unit_test(test_bad_merge_xlsx),
        cmocka_unit_test(test_formula_without_value),
        cmocka_unit_test(test_parents_summed),
        cmocka_unit_test(test_points_in_name),
        cmocka_unit_test(test_continuation_and_repeated_header),
        cmocka_unit_test(test_number_text),
        cmocka_unit_test(test_sheet_merges),
        cmocka_unit_test(test_xlsx_reader),
        cmocka_unit_test(test_merges_not_lined_up),
        cmocka_unit_test(test_hostile_workbooks),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
