/* testutil.h - helpers shared by the cmocka suites. */
#ifndef JIXIAO_TESTUTIL_H
#define JIXIAO_TESTUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include "cmocka_noreturn.h"
#include "diag.h"
#include "draft.h"
#include "forms.h"

/* Skip the current test and say why: scripts/testcount.py reads the reason
 * from this line, and in CI a skip fails unless the reason starts with a
 * line of tests/skip-allowed. */
#define skip_because(...) do { \
        print_message("# skip: " __VA_ARGS__); \
        print_message("\n"); \
        skip(); \
    } while (0)

/* Path of a file in the source tree ("tests/data/x.csv"); static buffer
 * per call is avoided: caller passes buf. */
const char *srcpath(char *buf, size_t size, const char *rel);

/* Read a whole file (NUL-terminated); returns NULL on failure. */
char *slurp(const char *path, size_t *len);

/* All diagnostics joined by newlines, formatted "FILE:LINE: msg". */
char *diags_join(const struct diags *d);

/* A fresh temporary directory (removed by the caller with rmtree). */
char *tmpdir_new(void);
void rmtree(const char *path);

/* Fail the test, showing both, unless s contains sub. */
void assert_contains(const char *s, const char *sub);

/* The standard form (the test fails when it does not load); the example
 * draft examples/dapeng-2021.csv on it; a change that must be taken. */
struct form *test_std_form(void);
struct draft *test_seed(const struct form *f);
void test_apply(struct draft *d, enum edit_kind k, const char *id, const char *key,
                const char *value);

/* The standard form, loaded by the cmocka group setup below (and freed by
 * its teardown) for suites that work on it. */
extern struct form *test_form;
int test_form_setup(void **state);
int test_form_teardown(void **state);

/* ---- rules ---- */
#include "rule.h"

#define MAXN 16

struct rule_ev {
    enum rule_status st;
    pts_t score;
    pts_t parts[MAXN];
    char why[256];
};

/* Parse figures and rule, enter the values and marks as typed (NULL or ""
 * for not entered) and evaluate. */
struct rule_ev rule_run(const char *figtext, const char *ruletext, pts_t points,
                        const char *const *vals, const char *const *marks);
#define V(...) ((const char *const[]){__VA_ARGS__})
/* Fail unless e is complete with this score. */
void assert_score(struct rule_ev e, pts_t want);

#endif
