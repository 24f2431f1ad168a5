/* form_import.h - a jixiao form from a scoring table in the appendix
 * layout, as a finance bureau issues it (an .xlsx, or that sheet saved as
 * CSV by Excel or WPS).
 *
 * The header row is the one naming 一级指标 (二级指标, 三级指标 ... after
 * it); each level's name and 分值 columns, 指标说明 and 评分标准 are found
 * by their header text (docs/forms.md, "Importing a template"). Below it,
 * a row that starts an indicator gives its name, points and texts; a name
 * cell that is blank (a CSV of merged cells) or inside a merged region
 * continues the indicator above. Ids are given in table order (1, 1.1,
 * 1.1.1 ...); a parent without points gets its children's sum (a
 * warning says so); every leaf is scored directly (no figures, no rule).
 * Every problem is an error with the sheet's row number, as Excel shows
 * it: points that do not add up, a leaf without points, an empty name,
 * a merged region that does not line up, a formula without a saved value.
 */
#ifndef JIXIAO_FORM_IMPORT_H
#define JIXIAO_FORM_IMPORT_H

#include <stddef.h>

#include "diag.h"
#include "sheet.h"
#include "strbuf.h"
#include "compiler.h"

struct form_import_opts {
    const char *sheet;     /* the sheet of an .xlsx to read; NULL: the first */
    const char *name;      /* the form's #name; NULL: the title above the
                              table, else the file's base name */
    const char *grades;    /* #grades; NULL: 优>=90; 良>=80; 中>=60; 差 */
};

/* Templates bigger than this are refused. */
#define FORM_IMPORT_MAX ((size_t)256 << 20)

/* Import the sheet s (merges filled) into form CSV text appended to out.
 * Returns 0 when the form was written (warnings may be in d), -1 with
 * every problem found in d (out then holds nothing useful). name names
 * the sheet's file in messages. */
int form_import_sheet(const struct sheet *s, const struct form_import_opts *o,
                      struct strbuf *out, struct diags *d) JX_WARN_UNUSED JX_NONNULL(1, 3, 4);

/* The same from a file's bytes: an .xlsx when it is a zip, else CSV. */
int form_import_buffer(const char *name, const char *data, size_t len,
                       const struct form_import_opts *o, struct strbuf *out, struct diags *d)
    JX_WARN_UNUSED JX_NONNULL(1, 5, 6);

/* The same from a file; -1 also when it cannot be read (a message in d). */
int form_import_file(const char *path, const struct form_import_opts *o, struct strbuf *out,
                     struct diags *d) JX_WARN_UNUSED JX_NONNULL(1, 3, 4);

#endif
