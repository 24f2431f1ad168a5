/* fuzz_draft.c - the draft loader on arbitrary bytes.
 *
 * Besides not crashing: a draft that loads must save, load back and save
 * to the very same bytes (what is read is what is written). */
#include <locale.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "draftio.h"
#include "forms.h"

static struct form *form;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!form) {
        setlocale(LC_ALL, "C.UTF-8");
        struct diags d = {0};
        form = form_load_standard(&d);
        diags_clear(&d);
        if (!form)
            abort();
    }
    struct diags d = {0};
    struct draft *dr = draftio_load_buffer("fuzz.csv", (const char *)data, size, form, &d);
    if (dr) {
        struct problem p[8];
        size_t total;
        draft_problems(dr, p, 8, &total);
        char *a, *b;
        size_t al, bl;
        if (draftio_write_buffer(dr, true, &a, &al) != 0)
            abort();
        struct draft *back = draftio_load_buffer("again.csv", a, al, form, &d);
        if (!back)
            abort();   /* we wrote something we cannot read */
        if (draftio_write_buffer(back, true, &b, &bl) != 0)
            abort();
        if (al != bl || memcmp(a, b, al))
            abort();   /* load -> save -> load -> save must be stable */
        if (draft_total(back) != draft_total(dr))
            abort();
        free(a);
        free(b);
        draft_free(back);
    }
    draft_free(dr);
    diags_clear(&d);
    return 0;
}
