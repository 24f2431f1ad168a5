/* fuzz_import.c - jixiao form import on arbitrary bytes. Input that
 * starts with '<' is a worksheet's XML, then optionally a NUL and the
 * shared strings' XML: it is packed here into an .xlsx (so the fuzzer
 * works on the XML, not on zip checksums); other input is imported as it
 * is: an .xlsx when it starts like a zip, else CSV. A template that
 * imports must give a form that loads. */
#include <locale.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "form_import.h"
#include "forms.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char WB[] =
    "<workbook><sheets><sheet name=\"s\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>";
static const char RELS[] =
    "<Relationships><Relationship Id=\"rId1\" Target=\"worksheets/sheet1.xml\"/></Relationships>";

static int add(zip_t *z, const char *name, const void *p, size_t n)
{
    zip_source_t *s = zip_source_buffer(z, p, n, 0);
    if (!s)
        return -1;
    if (zip_file_add(z, name, s, 0) < 0) {
        zip_source_free(s);
        return -1;
    }
    return 0;
}

/* The parts zipped in memory: a malloc'd buffer, or NULL. */
static char *pack(const uint8_t *data, size_t size, size_t *len)
{
    const uint8_t *nul = memchr(data, 0, size);
    size_t n1 = nul ? (size_t)(nul - data) : size;
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, &ze);
    zip_t *z = src ? zip_open_from_source(src, ZIP_TRUNCATE, &ze) : NULL;
    char *out = NULL;
    zip_error_fini(&ze);
    if (!z) {
        zip_source_free(src);
        return NULL;
    }
    zip_source_keep(src);
    if (add(z, "xl/workbook.xml", WB, strlen(WB)) < 0
        || add(z, "xl/_rels/workbook.xml.rels", RELS, strlen(RELS)) < 0
        || add(z, "xl/worksheets/sheet1.xml", data, n1) < 0
        || (nul && add(z, "xl/sharedStrings.xml", nul + 1, size - n1 - 1) < 0)
        || zip_close(z) < 0) {
        zip_discard(z);
        zip_source_free(src);
        return NULL;
    }
    zip_stat_t st;
    if (zip_source_stat(src, &st) == 0 && zip_source_open(src) == 0) {
        out = malloc(st.size ? st.size : 1);
        if (out && zip_source_read(src, out, st.size) != (zip_int64_t)st.size) {
            free(out);
            out = NULL;
        }
        *len = st.size;
        zip_source_close(src);
    }
    zip_source_free(src);
    return out;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int once;
    if (!once++)
        setlocale(LC_ALL, "C.UTF-8");
    const char *in = (const char *)data;
    size_t len = size;
    char *packed = NULL;
    if (size && data[0] == '<') {
        if (!(packed = pack(data, size, &len)))
            return 0;
        in = packed;
    }
    struct diags d = {0};
    struct strbuf b = {0};
    if (form_import_buffer("fuzz.xlsx", in, len, NULL, &b, &d) == 0) {
        struct form *f = form_load_buffer("form.csv", b.p, b.n, &d);
        if (!f)
            abort();   /* what import writes is a form */
        form_free(f);
    }
    strbuf_free(&b);
    diags_clear(&d);
    free(packed);
    return 0;
}
