/* fuzz_form.c - the form loader (and so the figures and rule parsers it
 * calls) on arbitrary bytes. A form that loads must give a blank draft
 * that saves and loads back. */
#include <locale.h>
#include <stdint.h>
#include <stdlib.h>

#include "draftio.h"
#include "forms.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int once;
    if (!once++)
        setlocale(LC_ALL, "C.UTF-8");
    struct diags d = {0};
    struct form *f = form_load_buffer("fuzz.csv", (const char *)data, size, &d);
    if (f) {
        struct draft *dr = draft_new(f);
        if (!dr)
            abort();
        char *buf;
        size_t len;
        if (draftio_write_buffer(dr, true, &buf, &len) != 0)
            abort();
        struct draft *back = draftio_load_buffer("blank.csv", buf, len, f, &d);
        if (!back)
            abort();   /* a blank draft of a valid form must load */
        free(buf);
        draft_free(back);
        draft_free(dr);
        form_free(f);
    }
    diags_clear(&d);
    return 0;
}
