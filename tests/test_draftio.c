/* test_draftio.c - drafts on disk: round trips, BOM/LF, quoting, custom
 * indicators, formula injection, test_form changes, atomic saves. */
#include "testutil.h"

#include <errno.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "draftio.h"
#include "fileio.h"
#include "forms.h"


static struct draft *reload(const struct draft *d, char **text)
{
    char *buf;
    size_t len;
    assert_int_equal(draftio_write_buffer(d, true, &buf, &len), 0);
    struct diags dg = {0};
    struct draft *back = draftio_load_buffer("mem.csv", buf, len, test_form, &dg);
    if (!back) {
        char *m = diags_join(&dg);
        fail_msg("reload: %s\n%s", m, buf);
    }
    diags_clear(&dg);
    if (text)
        *text = buf;
    else
        free(buf);
    return back;
}

static void test_text_survives(void **state)
{
    (void)state;
    struct draft *d = draft_new(test_form);
    char why[256];
    static const char *notes[] = {
        "逗号,引号\"和换行\n第二行", "=HYPERLINK(\"http://x\")", "+1", "-2", "@SUM(A1)",
        "'already quoted", "\ttab first", " leading space ", "中文，全角标点；（括号）",
    };
    static const char *ids[] = {"1.1.1", "1.1.2", "1.2.1", "1.2.2", "2.1.1", "2.1.2", "2.1.3",
                                "2.2.1", "2.2.2"};
    for (size_t k = 0; k < 9; k++)
        assert_int_equal(draft_set_note(d, ids[k], notes[k], why, sizeof why), 0);
    assert_int_equal(draft_set_meta(d, META_UNIT, "=cmd|' /C calc'!A0", why, sizeof why), 0);
    char *text;
    struct draft *b = reload(d, &text);
    for (size_t k = 0; k < 9; k++)
        assert_string_equal(draft_node(b, draft_find(b, ids[k]))->note, notes[k]);
    assert_string_equal(draft_meta(b, META_UNIT), "=cmd|' /C calc'!A0");
    /* no cell starts with a formula character as a spreadsheet reads it */
    assert_null(strstr(text, ",=HYPERLINK"));
    assert_null(strstr(text, ",\"=HYPERLINK"));
    assert_non_null(strstr(text, "'=HYPERLINK"));
    assert_null(strstr(text, ",@SUM"));
    free(text);
    draft_free(b);
    draft_free(d);
}

/* Texts read from a file live in the draft's arena: editing, clearing and
 * undoing them afterwards frees only what was allocated on its own (run
 * under ASan and valgrind: a wrong free is caught there). */
static void test_loaded_texts_edited(void **state)
{
    (void)state;
    struct draft *d = draft_new(test_form);
    char why[256];
    static const char *ids[] = {"1.1.1", "1.1.2", "1.2.1"};
    for (size_t k = 0; k < 3; k++) {
        assert_int_equal(draft_set_note(d, ids[k], "读入的说明", why, sizeof why), 0);
        struct edit e = {.kind = EDIT_REVIEW_COMMENT, .id = (char *)ids[k], .value = "复核意见"};
        assert_int_equal(draft_apply(d, &e, NULL, why, sizeof why), 0);
    }
    struct draft *b = reload(d, NULL);
    for (size_t k = 0; k < 3; k++) {
        const struct dnode *nd = draft_node(b, draft_find(b, ids[k]));
        assert_string_equal(nd->note, "读入的说明");
        assert_string_equal(nd->review_comment, "复核意见");
    }
    /* replace one, clear one, replace and undo the third */
    assert_int_equal(draft_set_note(b, "1.1.1", "改过的", why, sizeof why), 0);
    assert_int_equal(draft_set_note(b, "1.1.2", "", why, sizeof why), 0);
    struct edit e = {.kind = EDIT_NOTE, .id = "1.2.1", .value = "又改了"}, inv;
    assert_int_equal(draft_apply(b, &e, &inv, why, sizeof why), 0);
    assert_int_equal(draft_apply(b, &inv, NULL, why, sizeof why), 0);
    edit_clear(&inv);
    struct edit c = {.kind = EDIT_REVIEW_COMMENT, .id = "1.1.1", .value = ""};
    assert_int_equal(draft_apply(b, &c, NULL, why, sizeof why), 0);
    assert_string_equal(draft_node(b, draft_find(b, "1.1.1"))->note, "改过的");
    assert_string_equal(draft_node(b, draft_find(b, "1.1.2"))->note, "");
    assert_string_equal(draft_node(b, draft_find(b, "1.2.1"))->note, "读入的说明");
    assert_string_equal(draft_node(b, draft_find(b, "1.1.1"))->review_comment, "");
    draft_free(b);
    draft_free(d);
}

static void test_custom_roundtrip(void **state)
{
    (void)state;
    struct draft *d = draft_new(test_form);
    char why[256];
    /* the placeholder scored before it is replaced */
    assert_int_equal(draft_set_score(d, "3.3.1", "18", why, sizeof why), 0);
    struct edit a = {.kind = EDIT_ADD_CUSTOM, .id = "3.3.2", .key = "3.3", .value = "网站绩效排名",
                     .points = "12", .desc = "全国区县政府网站绩效评估排名"};
    struct edit b = {.kind = EDIT_ADD_CUSTOM, .id = "3.3.3", .key = "3.3", .value = "安全生产",
                     .points = "8"};
    assert_int_equal(draft_apply(d, &a, NULL, why, sizeof why), 0);
    assert_int_equal(draft_apply(d, &b, NULL, why, sizeof why), 0);
    assert_int_equal(draft_set_score(d, "3.3.2", "11.5", why, sizeof why), 0);
    assert_int_equal(draft_set_note(d, "3.3.2", "排名第 18", why, sizeof why), 0);
    /* The replaced placeholder's row has neither points nor its old score,
     * so the group's rows add up to 20 in a spreadsheet, not 40. */
    char *buf;
    size_t len;
    assert_int_equal(draftio_write_buffer(d, false, &buf, &len), 0);
    char *row = strstr(buf, "\n3.3.1,");
    assert_non_null(row);
    assert_true(strncmp(row, "\n3.3.1,3,社会效益、经济效益、生态效益及可持续影响等,,,",
                        strlen("\n3.3.1,3,社会效益、经济效益、生态效益及可持续影响等,,,")) == 0);
    free(buf);
    struct draft *r = reload(d, NULL);
    int i = draft_find(r, "3.3.2");
    assert_true(i >= 0);
    const struct dnode *nd = draft_node(r, i);
    assert_true(nd->custom);
    assert_string_equal(nd->fn->name, "网站绩效排名");
    assert_string_equal(nd->fn->description, "全国区县政府网站绩效评估排名");
    assert_int_equal(nd->score, 1150);
    assert_string_equal(nd->note, "排名第 18");
    assert_true(draft_node(r, draft_find(r, "3.3.1"))->replaced);
    assert_int_equal(draft_node(r, draft_find(r, "3.3.1"))->entered, PTS_NONE);
    assert_int_equal(draft_total(r), 1150);
    assert_int_equal(draft_leaves(r), 22);
    draft_free(r);
    draft_free(d);
}

static void test_lf_and_no_bom(void **state)
{
    (void)state;
    struct draft *d = draft_new(test_form);
    char why[256];
    assert_int_equal(draft_set_score(d, "3.3.1", "18", why, sizeof why), 0);
    char *buf;
    size_t len;
    assert_int_equal(draftio_write_buffer(d, false, &buf, &len), 0);
    /* strip CRs: what a Unix editor might save */
    size_t o = 0;
    for (size_t k = 0; k < len; k++)
        if (buf[k] != '\r')
            buf[o++] = buf[k];
    struct diags dg = {0};
    struct draft *r = draftio_load_buffer("lf.csv", buf, o, test_form, &dg);
    assert_non_null(r);
    assert_int_equal(draft_total(r), 1800);
    diags_clear(&dg);
    draft_free(r);
    free(buf);
    draft_free(d);
}

static void test_changed_form_warns(void **state)
{
    (void)state;
    struct draft *d = draft_new(test_form);
    char *buf;
    size_t len;
    assert_int_equal(draftio_write_buffer(d, true, &buf, &len), 0);
    char *h = strstr(buf, test_form->hash);
    assert_non_null(h);
    h[0] = h[0] == '0' ? '1' : '0';
    struct diags dg = {0};
    struct draft *r = draftio_load_buffer("x.csv", buf, len, test_form, &dg);
    assert_non_null(r);
    assert_int_equal(dg.errors, 0);
    char *m = diags_join(&dg);
    assert_non_null(strstr(m, "x.csv:5: the form has changed"));
    free(m);
    diags_clear(&dg);
    draft_free(r);
    free(buf);
    draft_free(d);
}

/* A score typed into a computed indicator (as in a spreadsheet) is not
 * taken, and the loader says so with the line. */
static void test_typed_score_on_rule_warns(void **state)
{
    (void)state;
    const char *text = "id,indicator,score\n#form,部门整体支出绩效评价自评指标评分表,\n"
                       "2.3.2,,1\n3.2.3,,5\n";
    struct diags dg = {0};
    struct draft *r = draftio_load_buffer("typed.csv", text, strlen(text), test_form, &dg);
    char *m = diags_join(&dg);
    if (!r)
        fail_msg("%s", m);
    assert_non_null(strstr(m, "typed.csv:3: 2.3.2: the score 1 in the file is not used"));
    assert_non_null(strstr(m, "missing figure: 固定资产利用率"));
    assert_non_null(strstr(m, "typed.csv:4: 3.2.3: the score 5 in the file is not used"));
    assert_int_equal(draft_scored(r), 0);
    free(m);
    diags_clear(&dg);
    draft_free(r);
}

/* A subtotal or total edited in a spreadsheet is recomputed, with a
 * warning on its line; the example itself gives none. */
static void test_edited_subtotal_warns(void **state)
{
    (void)state;
    char path[4096];
    size_t len;
    char *text = slurp(srcpath(path, sizeof path, "examples/dapeng-2021.csv"), &len);
    assert_non_null(text);
    struct diags dg = {0};
    struct draft *r = draftio_load_buffer("ex.csv", text, len, test_form, &dg);
    assert_non_null(r);
    assert_int_equal(dg.n, 0);
    draft_free(r);
    char *p = strstr(text, "\n1.1,2,预算编制,10,10,");
    assert_non_null(p);
    p[strlen("\n1.1,2,预算编制,10,1")] = '1';   /* 10 -> 11 */
    char *t = strstr(text, "\ntotal,,总分,100,93.76,");
    assert_non_null(t);
    t[strlen("\ntotal,,总分,100,93.7")] = '9';   /* 93.76 -> 93.79 */
    r = draftio_load_buffer("ex.csv", text, len, test_form, &dg);
    assert_non_null(r);
    char *m = diags_join(&dg);
    assert_non_null(strstr(m, "1.1: the file says 11, but its indicators add up to 10; using 10"));
    assert_non_null(strstr(m, "total: the file says 93.79, but its indicators add up to 93.76"));
    assert_int_equal(draft_total(r), 9376);
    free(m);
    diags_clear(&dg);
    draft_free(r);
    free(text);
}

/* Evidence written by a spreadsheet with CRLF inside the cell loads, and
 * is kept with LF. */
static void test_evidence_crlf(void **state)
{
    (void)state;
    struct draft *d = draft_new(test_form);
    char why[256];
    const char *h = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    char v[300];
    snprintf(v, sizeof v, "a.pdf|3|%s\r\nb.pdf||\r\n", h);
    struct edit e = {.kind = EDIT_EVIDENCE, .id = "3.3.1", .value = v};
    assert_int_equal(draft_apply(d, &e, NULL, why, sizeof why), 0);
    assert_null(strchr(draft_node(d, draft_find(d, "3.3.1"))->evidence, '\r'));
    draft_free(d);
}

static ssize_t write_enospc(int fd, const void *b, size_t n)
{
    (void)fd, (void)b, (void)n;
    errno = ENOSPC;
    return -1;
}

static void test_atomic_save(void **state)
{
    (void)state;
    char *dir = tmpdir_new();
    char path[4096];
    snprintf(path, sizeof path, "%s/d.csv", dir);
    struct draft *d = draft_new(test_form);
    char why[256];
    assert_int_equal(draft_set_score(d, "3.3.1", "18", why, sizeof why), 0);
    assert_int_equal(draftio_save(d, path, why, sizeof why), 0);
    size_t n1;
    char *before = slurp(path, &n1);
    assert_int_equal(draft_set_score(d, "3.3.1", "17", why, sizeof why), 0);
    fileio_ops.write = write_enospc;
    assert_int_equal(draftio_save(d, path, why, sizeof why), -1);
    fileio_ops = fileio_default_ops;
    assert_non_null(strstr(why, strerror(ENOSPC)));
    size_t n2;
    char *after = slurp(path, &n2);
    assert_int_equal(n1, n2);
    assert_memory_equal(before, after, n1);
    /* no temp file left behind */
    char cmd[4200];
    snprintf(cmd, sizeof cmd, "ls -A '%s' | grep -q jixiao-tmp", dir);
    assert_int_not_equal(system(cmd), 0);
    /* saving again works, to the same or another path */
    assert_int_equal(draftio_save(d, path, why, sizeof why), 0);
    struct diags dg = {0};
    struct draft *r = draftio_load(path, test_form, &dg);
    assert_non_null(r);
    assert_int_equal(draft_total(r), 1700);
    diags_clear(&dg);
    draft_free(r);
    free(before);
    free(after);
    draft_free(d);
    rmtree(dir);
    free(dir);
}

int main(void)
{
    setlocale(LC_ALL, "C.UTF-8");
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_text_survives),
        cmocka_unit_test(test_loaded_texts_edited),
        cmocka_unit_test(test_custom_roundtrip),
        cmocka_unit_test(test_lf_and_no_bom),
        cmocka_unit_test(test_changed_form_warns),
        cmocka_unit_test(test_typed_score_on_rule_warns),
        cmocka_unit_test(test_edited_subtotal_warns),
        cmocka_unit_test(test_evidence_crlf),
        cmocka_unit_test(test_atomic_save),
    };
    return cmocka_run_group_tests(tests, test_form_setup, test_form_teardown);
}
