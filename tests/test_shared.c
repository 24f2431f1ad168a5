/* test_shared.c - figures entered once per draft (#shared in a form): one
 * value for every indicator that uses it, undone as one, made to agree on
 * load, checked in the form, and outside the form's hash. */
#include "testutil.h"

#include <stdlib.h>
#include <string.h>

#include "draftio.h"

/* A small form: two indicators that both ask for staff. */
#define FORM_HEAD "id,level,name,points,description,criteria,figures,rule\n" \
                  "#name,,小表,,,,,\n"
#define FORM_BODY "1,1,人员,2,,,,\n" \
                  "1.1,2,供养,1,,,\"staff:count:在编人数\nposts:count:编制数\"," \
                  "\"calc(供养, 1, if(staff / posts <= 100%, 1, 0))\"\n" \
                  "1.2,2,编外,1,,,\"extra:count:编外人数\nstaff:count:在编人数\"," \
                  "\"calc(编外, 1, if(extra / (staff + extra) < 5%, 1, 0))\"\n"

static struct form *load_form(const char *text, struct diags *dg)
{
    return form_load_buffer("f.csv", text, strlen(text), dg);
}

static void test_hash_unchanged(void **state)
{
    (void)state;
    struct diags dg = {0};
    struct form *a = load_form(FORM_HEAD FORM_BODY, &dg);
    struct form *b = load_form(FORM_HEAD "#shared,,staff,,,,,\n" FORM_BODY, &dg);
    assert_non_null(a);
    assert_non_null(b);
    assert_string_equal(a->hash, b->hash);
    assert_false(form_figure_shared(a, "staff"));
    assert_true(form_figure_shared(b, "staff"));
    assert_false(form_figure_shared(b, "extra"));
    form_free(a);
    form_free(b);
    /* the standard form shares staff, and drafts made before keep its hash */
    assert_true(form_figure_shared(test_form, "staff"));
    char path[1024];
    struct draft_header h;
    assert_int_equal(draftio_peek(srcpath(path, sizeof path, "examples/dapeng-2021.csv"), &h,
                                  &dg), 0);
    assert_string_equal(h.form_hash, test_form->hash);
    diags_clear(&dg);
}

static void test_bad_shared(void **state)
{
    (void)state;
    static const struct {
        const char *form, *want;
    } bad[] = {
        {FORM_HEAD "#shared,,staf,,,,,\n" FORM_BODY, "f.csv:3: #shared: no indicator has a figure \"staf\""},
        {FORM_HEAD "#shared,,,,,,,\n" FORM_BODY, "f.csv:3: #shared names no figure"},
        {FORM_HEAD "#shared,,staff,,,,,\n#shared,,staff,,,,,\n" FORM_BODY, "f.csv:4: #shared is given twice"},
        {FORM_HEAD "#shared,,staff,,,,,\n1,1,人员,2,,,,\n"
                   "1.1,2,供养,1,,,staff:count:在编人数,\"calc(供养, 1, min(1, staff))\"\n"
                   "1.2,2,编外,1,,,staff:money:在编人数,\"calc(编外, 1, min(1, staff))\"\n",
         "f.csv:6: shared figure \"staff\" of 1.2 is not of the same kind as in 1.1"},
    };
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        struct diags dg = {0};
        struct form *f = load_form(bad[k].form, &dg);
        char *m = diags_join(&dg);
        if (f)
            fail_msg("case %zu loaded", k);
        assert_contains(m, bad[k].want);
        free(m);
        diags_clear(&dg);
    }
}

static void test_entered_once(void **state)
{
    (void)state;
    struct draft *d = draft_new(test_form);
    int a = draft_find(d, "2.4.1"), b = draft_find(d, "2.4.2");
    test_apply(d, EDIT_FIGURE, "2.4.2", "extra", "0");
    test_apply(d, EDIT_FIGURE, "2.4.1", "posts", "24");
    assert_int_equal(draft_node(d, b)->score, PTS_NONE);
    /* staff typed once, in 2.4.1: 2.4.2 has it too and is scored */
    struct edit e = {.kind = EDIT_FIGURE, .id = "2.4.1", .key = "staff", .value = "22"};
    struct edit inv = {0};
    char why[256] = "";
    assert_int_equal(draft_apply(d, &e, &inv, why, sizeof why), 0);
    assert_int_equal(draft_node(d, a)->score, 100);
    assert_int_equal(draft_node(d, b)->score, 100);
    assert_int_equal(draft_total(d), 200);
    /* typed again in 2.4.2: the same one value */
    test_apply(d, EDIT_FIGURE, "2.4.2", "staff", "30");
    assert_int_equal(draft_node(d, a)->score, 0);   /* 30 of 24 posts */
    assert_true(draft_node(d, a)->figs[0].set);
    assert_int_equal(draft_node(d, a)->figs[0].v.mant, 30);
    /* undone as one: both lose it */
    test_apply(d, EDIT_FIGURE, "2.4.2", "staff", "22");
    assert_int_equal(draft_apply(d, &inv, NULL, why, sizeof why), 0);
    assert_int_equal(draft_node(d, a)->score, PTS_NONE);
    assert_int_equal(draft_node(d, b)->score, PTS_NONE);
    assert_int_equal(draft_total(d), 0);
    edit_clear(&inv);
    draft_free(d);
}

/* The example with staff only in 2.4.1 (or different in 2.4.2). */
static char *example_with(const char *from, const char *to, size_t *len)
{
    char path[1024];
    char *text = slurp(srcpath(path, sizeof path, "examples/dapeng-2021.csv"), len);
    assert_non_null(text);
    char *at = strstr(text, from);
    assert_non_null(at);
    size_t fl = strlen(from), tl = strlen(to);
    char *out = malloc(*len + tl + 1);
    assert_non_null(out);
    size_t head = (size_t)(at - text);
    memcpy(out, text, head);
    memcpy(out + head, to, tl);
    memcpy(out + head + tl, at + fl, *len - head - fl + 1);
    *len = *len - fl + tl;
    free(text);
    return out;
}

static void test_load_agrees(void **state)
{
    (void)state;
    size_t len;
    char *text = example_with("extra=0; staff=22", "extra=0", &len);
    struct diags dg = {0};
    struct draft *d = draftio_load_buffer("ex.csv", text, len, test_form, &dg);
    assert_non_null(d);
    assert_int_equal(dg.n, 0);
    int b = draft_find(d, "2.4.2");
    assert_int_equal(draft_node(d, b)->score, 100);
    assert_int_equal(draft_total(d), 9376);
    draft_free(d);
    free(text);
    text = example_with("extra=0; staff=22", "extra=0; staff=21", &len);
    d = draftio_load_buffer("ex.csv", text, len, test_form, &dg);
    assert_non_null(d);
    char *m = diags_join(&dg);
    assert_int_equal(dg.errors, 0);   /* a warning */
    assert_contains(m, "ex.csv:29: 2.4.2: the shared figure staff is 21 here but 22 in 2.4.1; using 22");
    assert_int_equal(draft_node(d, draft_find(d, "2.4.2"))->figs[1].v.mant, 22);
    free(m);
    diags_clear(&dg);
    draft_free(d);
    free(text);
    /* a score the shared figures do not give is still said, by its line */
    text = example_with("编外人员控制率,1,1,", "编外人员控制率,1,0.5,", &len);
    char *at = strstr(text, "extra=0; staff=22");
    assert_non_null(at);
    memcpy(at, "extra=0;         ", strlen("extra=0; staff=22"));
    d = draftio_load_buffer("ex.csv", text, len, test_form, &dg);
    assert_non_null(d);
    m = diags_join(&dg);
    assert_contains(m, "ex.csv:29: 2.4.2: the file says 0.5, but its figures and marks give 1");
    free(m);
    diags_clear(&dg);
    draft_free(d);
    free(text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hash_unchanged),
        cmocka_unit_test(test_bad_shared),
        cmocka_unit_test(test_entered_once),
        cmocka_unit_test(test_load_agrees),
    };
    return cmocka_run_group_tests(tests, test_form_setup, test_form_teardown);
}
