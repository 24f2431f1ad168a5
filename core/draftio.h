/* draftio.h - drafts as CSV (docs/drafts.md).
 *
 * Written with libcsv as UTF-8 with a BOM, CRLF line ends and RFC 4180
 * quoting; read back accepting no BOM and LF. Subtotal and total rows are
 * written for the reader and recomputed on load, never trusted.
 */
#ifndef JIXIAO_DRAFTIO_H
#define JIXIAO_DRAFTIO_H

#include <stdbool.h>
#include <stddef.h>
#include "diag.h"
#include "fileio.h"
#include "draft.h"
#include "forms.h"
#include "compiler.h"

/* What a draft file says about its form, read without loading it. */
struct draft_header {
    char form_name[256];
    char form_hash[17];
    char form_version[64];
    char unit[256];          /* #unit, "" when absent */
    char project[256];       /* #project (a project table's project), "" when absent */
};

/* Returns 0, -1 unreadable/not a draft (diagnostic added). */
int draftio_peek(const char *path, struct draft_header *h, struct diags *d)
    JX_WARN_UNUSED JX_NONNULL(1, 2);

/* The form a draft needs: form_path when given, else the standard form,
 * refusing a draft made with another form (draft_path NULL: no draft to
 * check); without texts (false) for a caller that never shows descriptions
 * or criteria. Returns NULL with diagnostics on failure. */
struct form *draftio_form_for(const char *draft_path, const char *form_path, bool texts,
                              struct diags *d) JX_WARN_UNUSED JX_NONNULL(4);

/* Load a draft against form. Returns NULL on errors (all of them in d).
 * A form hash that differs from the draft's adds a warning. */
struct draft *draftio_load(const char *path, const struct form *f, struct diags *d)
    JX_WARN_UNUSED JX_NONNULL(1, 2);
struct draft *draftio_load_buffer(const char *name, const char *data, size_t len,
                                  const struct form *f, struct diags *d) JX_WARN_UNUSED;

/* Serialise into a malloc'd buffer (*out, *len). Returns 0 or -1 (ENOMEM). */
int draftio_write_buffer(const struct draft *d, bool bom, char **out, size_t *len)
    JX_WARN_UNUSED JX_NONNULL(1, 3, 4);

/* Save atomically (temp file in the same folder, fsync, rename, fsync the
 * folder). On failure the old file is untouched and why says what failed;
 * a file its owner may not write is not saved over ("... is read-only"). */
int draftio_save(const struct draft *d, const char *path, char *why, size_t whylen)
    JX_WARN_UNUSED JX_NONNULL(1, 2);

/* Save over the file the draft was read from, checking it first
 * (fileio_save): FILEIO_CHANGED when it is not what *st stamped,
 * FILEIO_READONLY when its owner may not write it, unless force says to
 * go ahead. On FILEIO_SAVED *st is the stamp of the saved file. */
enum fileio_result draftio_save_over(const struct draft *d, const char *path,
                                     struct fileio_stamp *st, unsigned force, char *why,
                                     size_t whylen);

#endif
