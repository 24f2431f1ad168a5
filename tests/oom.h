/* oom.h - make one allocation fail, for the suites of modules that report
 * running out of memory (idmap, arena, cellsafe, rulecache).
 *
 * Those suites are linked with oom.c and -Wl,--wrap for malloc, calloc,
 * realloc and strdup (tests/meson.build), so every such call made by core/
 * (a static library) or by the suite goes through the counters here. Calls
 * made inside libc or cmocka are not counted. */
#ifndef JIXIAO_OOM_H
#define JIXIAO_OOM_H

/* From now on, let n allocations succeed and fail the next one (once);
 * n < 0 disarms. Resets the counters below. */
void oom_fail_after(long n);
/* Allocations attempted and failed since the last oom_fail_after. */
long oom_calls(void);
long oom_failed(void);

#endif
