/* oom.c - allocation wrappers for the suites listed in tests/meson.build
 * as oom_suites (see oom.h). */
#include "oom.h"

#include <errno.h>
#include <stddef.h>
#include <stdlib.h>

void *__real_malloc(size_t n);
void *__real_calloc(size_t k, size_t n);
void *__real_realloc(void *p, size_t n);
char *__real_strdup(const char *s);
void *__wrap_malloc(size_t n);
void *__wrap_calloc(size_t k, size_t n);
void *__wrap_realloc(void *p, size_t n);
char *__wrap_strdup(const char *s);

static long left = -1, calls, failed;

void oom_fail_after(long n)
{
    left = n;
    calls = failed = 0;
}

long oom_calls(void) { return calls; }
long oom_failed(void) { return failed; }

/* Whether this allocation is the one to fail. */
static int oom_now(void)
{
    calls++;
    if (left < 0)
        return 0;
    if (left-- > 0)
        return 0;
    /* left is now -1: disarmed */
    failed++;
    errno = ENOMEM;
    return 1;
}

void *__wrap_malloc(size_t n) { return oom_now() ? NULL : __real_malloc(n); }
void *__wrap_calloc(size_t k, size_t n) { return oom_now() ? NULL : __real_calloc(k, n); }
void *__wrap_realloc(void *p, size_t n) { return oom_now() ? NULL : __real_realloc(p, n); }
char *__wrap_strdup(const char *s) { return oom_now() ? NULL : __real_strdup(s); }
