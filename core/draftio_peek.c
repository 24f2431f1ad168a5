/* draftio_peek.c - what a draft file says about its form, read from its
 * header rows without loading it, and the form it needs. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "draftio.h"
#include "draftio_impl.h"
#include "fileio.h"
#include "i18n.h"

/* The header rows come first: read only the head of a large draft (cut at
 * a line end) and peek at that. Returns true when it was enough. */
static bool draftio_peek_head(const char *path, struct draft_header *h)
{
    enum { HEAD = 16 << 10 };
    FILE *f = fileio_fopen_read(path);
    if (!f)
        return false;
    char *buf = malloc(HEAD);
    size_t n = buf ? fread(buf, 1, HEAD, f) : 0;
    bool whole = n < HEAD;
    fclose(f);
    if (!whole)
        while (n > 0 && buf[n - 1] != '\n')
            n--;
    struct diags scratch = {0};
    bool ok = n > 0 &&
              draftio_read(&(struct csvio_src){.name = path, .data = buf, .len = n}, NULL, h,
                           &scratch) &&
              !scratch.errors &&
              h->form_name[0];
    diags_clear(&scratch);
    free(buf);
    if (!ok)
        memset(h, 0, sizeof *h);
    return ok;
}

int draftio_peek(const char *path, struct draft_header *h, struct diags *d)
{
    memset(h, 0, sizeof *h);
    if (draftio_peek_head(path, h))
        return 0;
    if (!draftio_read(&(struct csvio_src){.name = path, .max = DRAFT_MAX}, NULL, h, d))
        return -1;
    if (!h->form_name[0]) {
        diags_add(d, DIAG_ERROR, path, 0, _("not a jixiao draft: no #form row"));
        return -1;
    }
    return 0;
}

struct form *draftio_form_for(const char *draft_path, const char *form_path, bool texts,
                              struct diags *d)
{
    struct draft_header h;
    if (draft_path && draftio_peek(draft_path, &h, d) < 0)
        return NULL;
    /* without --form, the built-in form the draft names (a project table
     * or the department's), else the standard one */
    const char *builtin = draft_path && !form_path ? form_builtin_for_name(h.form_name) : NULL;
    struct form *f = builtin ? form_load_builtin(builtin, d)
                     : !form_path ? form_load_standard(d)
                     : form_load_arg(form_path, texts ? 0 : FORM_NO_TEXTS, d);
    if (!f || !draft_path)
        return f;
    if (strcmp(h.form_name, f->name)) {
        diags_add(d, DIAG_ERROR, draft_path, 0,
                  _("this draft was made with the form \"%s\", not \"%s\"; open it with --form FORM.csv"),
                  h.form_name, f->name);
        form_free(f);
        return NULL;
    }
    return f;
}
