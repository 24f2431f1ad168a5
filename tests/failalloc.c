/* failalloc.c - an LD_PRELOAD shim for tests/cli.sh: malloc() of exactly
 * FAILALLOC_SIZE bytes fails (ENOMEM) the first FAILALLOC_COUNT times, so
 * that a path taken only when memory runs out can be run. At exit, how
 * many calls failed is written to FAILALLOC_LOG: a test checks that it
 * failed what it meant to, and notices when the size it names drifts. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static size_t size;
static long left, failed;

__attribute__((constructor)) static void failalloc_init(void)
{
    const char *s = getenv("FAILALLOC_SIZE"), *c = getenv("FAILALLOC_COUNT");
    size = s ? strtoul(s, NULL, 10) : 0;
    left = c ? strtol(c, NULL, 10) : 0;
}

__attribute__((destructor)) static void failalloc_report(void)
{
    const char *log = getenv("FAILALLOC_LOG");
    FILE *f = log ? fopen(log, "w") : NULL;
    if (f) {
        fprintf(f, "%ld\n", failed);
        fclose(f);
    }
}

void *malloc(size_t n)
{
    static void *(*real)(size_t);
    if (!real) {
        /* copied, not cast: ISO C has no object-to-function pointer cast */
        void *sym = dlsym(RTLD_NEXT, "malloc");
        memcpy(&real, &sym, sizeof real);
    }
    if (size && n == size && left > 0) {
        left--;
        failed++;
        errno = ENOMEM;
        return NULL;
    }
    return real(n);
}
