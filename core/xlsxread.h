/* xlsxread.h - the cells of one worksheet of an .xlsx workbook.
 *
 * The workbook is a zip (read with libzip) of XML parts (parsed with
 * expat). Read: the sheet list (xl/workbook.xml and its relationships),
 * the shared strings, and in the chosen sheet every cell's value (shared
 * and inline strings, numbers, booleans, formula results saved with the
 * file) and the merged regions. Styles, dates and formulas themselves are
 * not interpreted: a formula cell whose file holds no saved result is
 * marked SHEET_FORMULA | SHEET_NO_VALUE, never computed or guessed.
 *
 * A hostile file is refused with a message, never a crash: a part that
 * unpacks to more than XLSX_MAX_PART bytes, a document type declaration
 * (entities), a cell outside Excel's grid, more than SHEET_MAX_CELLS.
 */
#ifndef JIXIAO_XLSXREAD_H
#define JIXIAO_XLSXREAD_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"
#include "sheet.h"
#include "compiler.h"

#define XLSX_MAX_PART ((size_t)64 << 20)

/* True when data starts like a zip file (an .xlsx, or an .xlsm, .docx...). */
bool xlsx_is_zip(const void *data, size_t len);

/* The sheet called sheet_name, or the workbook's first sheet when it is
 * NULL, of the workbook data (len bytes), named name in messages. Merged
 * regions are recorded, not yet filled (sheet_fill_merges). NULL with
 * errors in d. */
struct sheet *xlsx_read_buffer(const char *name, const void *data, size_t len,
                               const char *sheet_name, struct diags *d) JX_WARN_UNUSED;

/* An xlsx number as the decimal a person reads ("0.69999999999999996" is
 * "0.7", "1E-3" is "0.001"): rounded to 15 significant digits, no
 * exponent, no trailing zeros. Writes into buf (size bytes, at least 48);
 * returns false (buf untouched) when s is not a plain number or needs more
 * than 40 digits written out. */
bool xlsx_number_text(const char *s, char *buf, size_t size);

#endif
