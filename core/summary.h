/* summary.h - many drafts (one per department) rolled up.
 *
 * The tidy table has one row per scored-or-not indicator (leaf) per draft:
 * unit, year, id, indicator, points, score, review_score; no subtotals, so
 * a pivot table sums it correctly. The ranking orders the drafts by total.
 * Drafts are only rolled up when they were made with the same form, in the
 * same version (same form hash): summary_check_forms names every draft
 * that differs. Pure: writes into strbufs and diags, never prints.
 */
#ifndef JIXIAO_SUMMARY_H
#define JIXIAO_SUMMARY_H

#include <stdbool.h>
#include <stddef.h>
#include "csvio.h"
#include "diag.h"
#include "draft.h"
#include "draftio.h"
#include "compiler.h"

/* What the roll-up keeps of one draft: enough for the ranking, the table
 * and the warnings, so that each draft can be freed once its tidy rows
 * are written (a district's thousands of drafts are not held at once). */
struct summary_item {
    const char *file;            /* as given on the command line */
    char *unit, *year;           /* the draft's, owned */
    char *project;               /* a project table's 项目名称, owned; "" for others */
    pts_t total, review_total;
    const char *grade, *review_grade;   /* the form's band names: keep the form */
    int scored, leaves;
    bool reviewed;               /* some indicator has a review score */
};

/* Fill it from draft d. Returns 0 or -1 (ENOMEM, it is then cleared). */
int summary_item_set(struct summary_item *it, const char *file, const struct draft *d)
    JX_WARN_UNUSED JX_NONNULL(1, 3);
void summary_item_clear(struct summary_item *it);

/* Compare the form recorded in each file's header (name, version, hash)
 * with the first file's. Adds an error "FILE: ..." for each file that
 * differs and returns how many differ (0: they can be rolled up). */
size_t summary_check_forms(const char *const *files, const struct draft_header *h, size_t n,
                           struct diags *d);

/* The tidy CSV: UTF-8 BOM, header row, CRLF, RFC 4180 quoting, text cells
 * guarded against formula injection. Scores with two decimals; empty when
 * unscored or not reviewed. summary_tidy_start writes the header, then
 * summary_tidy_add each draft's rows. Returns 0 or -1 (ENOMEM). */
void summary_tidy_start(struct strbuf *out);
int summary_tidy_add(struct strbuf *out, const struct draft *d) JX_WARN_UNUSED JX_NONNULL(1, 2);

struct summary_rank {
    size_t item;                 /* index into the items */
    int rank;                    /* 1, 2, 2, 4 ...: equal totals share a rank */
    pts_t total, review_total;
    const char *grade, *review_grade;
    const char *unit;            /* the item's */
    bool reviewed;               /* some indicator has a review score */
    bool complete;               /* every indicator is scored */
};

/* Rank the drafts by total, highest first; equal totals share a rank and
 * are ordered by unit, then as given. out holds n entries. O(n log n). */
void summary_rank(const struct summary_item *v, size_t n, struct summary_rank *out);

/* The ranking as a text table aligned by display width (排名, 单位, 年度,
 * 总分, 等级, 复核总分, 复核等级). A unit left empty shows the file name.
 * Returns 0 or -1 (ENOMEM). */
int summary_table(const struct summary_item *v, const struct summary_rank *r, size_t n,
                  struct strbuf *out) JX_WARN_UNUSED;

/* Project tables (a unit fills one per project): per unit, how many, the
 * average and the lowest total, and the projects below 80 (低于80分),
 * as a text table aligned by display width. Nothing when no draft names a
 * project. Returns 0 or -1 (ENOMEM). */
int summary_units(const struct summary_item *v, size_t n, struct strbuf *out) JX_WARN_UNUSED;

/* Warnings worth giving before rolling up: drafts not fully scored, the
 * same unit and year twice (naming the first file that has them). Added
 * to d as "FILE: ..." warnings, in the order of the files. Returns 0 or
 * -1 (ENOMEM: the duplicates were not looked for). */
int summary_warnings(const struct summary_item *v, size_t n, struct diags *d) JX_WARN_UNUSED;

#endif
