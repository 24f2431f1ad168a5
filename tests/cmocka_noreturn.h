/* cmocka_noreturn.h - include right after <cmocka.h>.
 *
 * fail() and fail_msg() end in cmocka's _fail(), which never returns: it
 * longjmps out of the running test (or aborts, under CMOCKA_TEST_ABORT=1,
 * or exits outside a test). cmocka 1.1.5 (the version the project builds
 * with) does not declare it so, and clang's static analyzer
 * (scripts/analyze.sh) then follows each path past a failed check such as
 * `if (!f) fail_msg(...);` and reports the null pointer the check has just
 * caught. Saying it here ends those paths where the test ends. Newer
 * cmocka headers define CMOCKA_NORETURN and declare _fail with it; the
 * declaration below is then not needed, and left out. */
#ifndef JIXIAO_CMOCKA_NORETURN_H
#define JIXIAO_CMOCKA_NORETURN_H

#ifndef CMOCKA_NORETURN
void _fail(const char *const file, const int line) __attribute__((noreturn));
#endif

#endif
