/* testutil.h - helpers shared by the cmocka suites. */
#ifndef JIXIAO_TESTUTIL_H
#define JIXIAO_TESTUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include "diag.h"
#include "form.h"

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

/* The standard form, loaded by the cmocka group setup below (and freed by
 * its teardown) for suites that work on it. */
extern struct form *test_form;
int test_form_setup(void **state);
int test_form_teardown(void **state);

#endif
