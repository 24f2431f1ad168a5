/* test_bad.c - every malformed form and draft in tests/data/bad, through
 * the core loaders: the expected FILE:LINE message, and never a crash. */
#include "testutil.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "draftio.h"
#include "forms.h"
#include "utf8.h"

/* s as a terminal shows it through the command line (say_safe): every
 * character a terminal would act on as U+FFFD. Caller frees. */
static char *as_shown(const char *s)
{
    size_t len = strlen(s);
    char *out = malloc(3 * len + 1), *o = out;
    assert_non_null(out);
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        size_t k = u8_decode(s + i, len - i, &cp);
        bool keep = cp == '\n' || !(u8_is_unsafe(cp) || cp == U8_PLACEHOLDER);
        memcpy(o, keep ? s + i : "\xEF\xBF\xBD", keep ? k : 3);
        o += keep ? k : 3;
        i += k;
    }
    *o = '\0';
    return out;
}

static void test_bad_files(void **state)
{
    (void)state;
    char path[4096];
    size_t len;
    char *expect = slurp(srcpath(path, sizeof path, "tests/data/bad/EXPECT"), &len);
    assert_non_null(expect);
    struct diags sd = {0};
    struct form *std = form_load_standard(&sd);
    assert_non_null(std);
    int checked = 0;
    char *save = NULL;
    for (char *line = strtok_r(expect, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        if (line[0] == '#' || !line[0])
            continue;
        char *file = line, *status = strchr(file, '\t');
        assert_non_null(status);
        *status++ = '\0';
        char *text = strchr(status, '\t');
        assert_non_null(text);
        *text++ = '\0';
        char rel[512], full[4096];
        snprintf(rel, sizeof rel, "tests/data/bad/%s", file);
        srcpath(full, sizeof full, rel);
        struct diags d = {0};
        bool loaded;
        if (!strncmp(file, "form-", 5)) {
            struct form *f = form_load_file(full, &d);
            loaded = f != NULL;
            form_free(f);
        } else {
            struct draft *dr = draftio_load(full, std, &d);
            loaded = dr != NULL;
            if (dr) {
                size_t total;
                struct problem p[4];
                draft_problems(dr, p, 4, &total);
                loaded = total == 0;
            }
            draft_free(dr);
        }
        char *joined = diags_join(&d), *msgs = as_shown(joined);
        free(joined);
        if (loaded != (atoi(status) == 0))
            fail_msg("%s: loaded=%d, expected status %s\n%s", file, loaded, status, msgs);
        /* messages carry the file path given; compare from the base name on */
        if (atoi(status) != 0 && !strstr(msgs, text))
            fail_msg("%s: expected \"%s\" in\n%s", file, text, msgs);
        free(msgs);
        diags_clear(&d);
        checked++;
    }
    assert_true(checked >= 19);
    form_free(std);
    diags_clear(&sd);
    free(expect);
}

/* Generated hostile inputs: no crash, a clear error, bounded work. */
static void test_generated(void **state)
{
    (void)state;
    struct diags sd = {0};
    struct form *std = form_load_standard(&sd);
    static const char *inputs[] = {
        "", "\xEF\xBB\xBF", "\n\n\n", "id,score\n", "\"", "\"\"\"", "a,b\n\"x\"y,z\n",
        "id,level,indicator,points,score,note\n#form,,x\n",
        "id,score\n1,\xff\xfe\n", "id,score\r\n1,5\r",
    };
    for (size_t k = 0; k < sizeof inputs / sizeof inputs[0]; k++) {
        struct diags d = {0};
        struct draft *dr = draftio_load_buffer("gen.csv", inputs[k], strlen(inputs[k]), std, &d);
        assert_null(dr);
        assert_true(d.errors > 0);
        diags_clear(&d);
        struct form *f = form_load_buffer("gen.csv", inputs[k], strlen(inputs[k]), &d);
        assert_null(f);
        assert_true(d.errors > 0);
        diags_clear(&d);
    }
    form_free(std);
    diags_clear(&sd);
}

/* A file with thousands of bad rows: the first DIAGS_MAX problems are
 * kept, the rest counted, so memory and output stay bounded. */
static void test_many_errors_capped(void **state)
{
    (void)state;
    struct diags sd = {0};
    struct form *std = form_load_standard(&sd);
    size_t cap = 1 << 20, n = 0;
    char *buf = malloc(cap);
    assert_non_null(buf);
    n += (size_t)snprintf(buf, cap, "id,score\n#form,,x\n");
    for (int i = 0; i < 5000; i++)
        n += (size_t)snprintf(buf + n, cap - n, "9.%d,1\n", i + 1);
    struct diags d = {0};
    assert_null(draftio_load_buffer("many.csv", buf, n, std, &d));
    assert_int_equal(d.n, DIAGS_MAX);
    assert_true(d.errors > DIAGS_MAX);
    assert_int_equal(d.n + d.dropped, d.errors);
    diags_clear(&d);
    free(buf);
    form_free(std);
    diags_clear(&sd);
}

int main(void)
{
    setlocale(LC_ALL, "C.UTF-8");
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bad_files),
        cmocka_unit_test(test_generated),
        cmocka_unit_test(test_many_errors_capped),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
