/* roundtrip.c - load a form and a draft, save the draft: the load -> save
 * round trip of bench/scale.sh, through the core library as the editor
 * does it (draftio_load, draftio_save). Not built by meson: scale.sh links
 * it against BUILD/core/libjixiao-core.a.
 *
 *     roundtrip FORM.csv DRAFT.csv OUT.csv
 *
 * Prints "form_ms draft_ms save_ms same" where same is 1 when OUT has the
 * very bytes of DRAFT (a generated draft is written as jixiao saves it). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "csvio.h"
#include "draftio.h"
#include "forms.h"

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static void print_diags(const struct diags *d)
{
    for (size_t i = 0; i < d->n && i < 20; i++)
        fprintf(stderr, "%s:%ld: %s\n", d->v[i].file ? d->v[i].file : "", d->v[i].line,
                d->v[i].msg);
}

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: roundtrip FORM.csv DRAFT.csv OUT.csv\n");
        return 2;
    }
    struct diags d = {0};
    double t0 = now_ms();
    struct form *f = form_load_file(argv[1], &d);
    double t1 = now_ms();
    struct draft *dr = f ? draftio_load(argv[2], f, &d) : NULL;
    double t2 = now_ms();
    print_diags(&d);
    if (!dr)
        return 1;
    char why[512];
    if (draftio_save(dr, argv[3], why, sizeof why) < 0) {
        fprintf(stderr, "%s\n", why);
        return 1;
    }
    double t3 = now_ms();
    size_t la, lb;
    char *a = csvio_slurp(argv[2], (size_t)4 << 30, &la);
    char *b = csvio_slurp(argv[3], (size_t)4 << 30, &lb);
    int same = a && b && la == lb && !memcmp(a, b, la);
    printf("%.1f %.1f %.1f %d\n", t1 - t0, t2 - t1, t3 - t2, same);
    free(a);
    free(b);
    draft_free(dr);
    form_free(f);
    diags_clear(&d);
    return 0;
}
