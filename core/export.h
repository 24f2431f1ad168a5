/* export.h - the filled scoring table for the year's report.
 *
 * One row per indicator in table order, the name in the column of its
 * level (一级指标 / 二级指标 / 三级指标 ...), with its points (分值) and
 * score (得分); the review columns (复核得分 / 复核状态 / 复核意见) when the
 * draft has review data; optionally the form's 指标说明 and 评分标准. Then
 * the total and grade (and the review total), and the list of deductions
 * (every scored indicator below its points) with their reasons (扣分说明).
 *
 *   txt   plain text, columns aligned by display width (CJK = 2 columns),
 *         long cells wrapped inside their column;
 *   md    a Markdown (GFM) document, cells escaped, padded for reading;
 *   html  one self-contained page (inline CSS, no scripts) that prints on
 *         A4; every text is HTML-escaped;
 *   xlsx  an Excel workbook with the same table, subtotals, total and grade
 *         as formulas (export_draft_xlsx; it is written to a file).
 *
 * Pure: writes into a caller's strbuf, never prints.
 */
#ifndef JIXIAO_EXPORT_H
#define JIXIAO_EXPORT_H

#include <stdbool.h>
#include "csvio.h"
#include "draft.h"
#include "compiler.h"

enum export_format { EXPORT_TXT, EXPORT_MD, EXPORT_HTML, EXPORT_XLSX };

struct export_opts {
    enum export_format format;
    bool criteria;      /* add 指标说明 and 评分标准 columns */
};

/* "txt", "md" (or "markdown"), "html", "xlsx"; -1 when unknown. */
int export_format_parse(const char *name);

/* Append the document to out. Returns 0, or -1 when out of memory or for
 * EXPORT_XLSX, which only export_draft_xlsx writes. */
int export_draft(const struct draft *d, const struct export_opts *o, struct strbuf *out)
    JX_WARN_UNUSED JX_NONNULL(1, 2, 3);

/* Write the workbook to path (atomically: a temp file beside it, then a
 * rename). Returns 0, or -1 with a translated reason in why. */
int export_draft_xlsx(const struct draft *d, const struct export_opts *o, const char *path,
                      char *why, size_t whysize) JX_WARN_UNUSED JX_NONNULL(1, 2, 3, 4);

/* True when the draft carries review data (a review score, status or
 * comment on any indicator): the review columns are then shown. */
bool export_has_review(const struct draft *d);

#endif
