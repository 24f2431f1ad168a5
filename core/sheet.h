/* sheet.h - one worksheet as a grid of text cells, with its merged regions.
 *
 * What the template importer reads, whether it came from an .xlsx
 * (xlsxread.h) or from a CSV that Excel or WPS saved (sheet_from_csv).
 * Rows and columns count from 1, as a spreadsheet shows them. Rows are
 * ragged: a cell past the end of its row is empty. After sheet_fill_merges
 * every cell of a merged region holds the text of the region's top-left
 * cell and says where that cell is (from_row, from_col).
 */
#ifndef JIXIAO_SHEET_H
#define JIXIAO_SHEET_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"
#include "compiler.h"

/* Beyond these a file is hostile, not a scoring table. */
#define SHEET_MAX_ROWS 1048576u     /* Excel's own limits */
#define SHEET_MAX_COLS 16384u
#define SHEET_MAX_CELLS ((size_t)1 << 22)   /* cells held in all rows */

enum {
    SHEET_FORMULA = 1,     /* the cell has a formula */
    SHEET_NO_VALUE = 2,    /* ... and no cached value: text is "" */
    SHEET_NUMBER = 4,      /* a number cell (xlsx) */
    SHEET_MERGED = 8,      /* inside a merged region, not its top-left cell */
};

struct sheet_cell {
    char *text;            /* NULL for an empty cell; shared with the region's
                              top-left cell when SHEET_MERGED */
    unsigned flags;
    unsigned from_row, from_col;   /* the top-left cell of its merged region
                                      (itself when not merged) */
    unsigned to_row, to_col;       /* the bottom-right cell of that region */
};

struct sheet_row {
    struct sheet_cell *c;  /* c[0] is column 1 */
    size_t n, cap;
};

struct sheet_merge {
    unsigned r1, c1, r2, c2;
};

struct sheet {
    char *name;            /* file name for messages */
    struct sheet_row *rows;   /* rows[0] is row 1 */
    size_t nrows, cap;
    struct sheet_merge *merges;
    size_t nmerges, mcap;
    size_t ncells;         /* cells allocated in all rows */
    bool filled;
};

struct sheet *sheet_new(const char *name) JX_WARN_UNUSED;
void sheet_free(struct sheet *s);   /* NULL is fine */

/* Set the cell at (row, col), both >= 1: text is copied (len bytes).
 * Returns 0, or -1 with an error in d (out of memory, past the limits). */
int sheet_set(struct sheet *s, unsigned row, unsigned col, const char *text, size_t len,
              unsigned flags, struct diags *d) JX_WARN_UNUSED;

/* Record a merged region (r1 <= r2, c1 <= c2). */
int sheet_add_merge(struct sheet *s, unsigned r1, unsigned c1, unsigned r2, unsigned c2,
                    struct diags *d) JX_WARN_UNUSED;

/* Copy each region's top-left text into its other cells, clipped to the
 * rows and columns that hold anything. Overlapping regions are an error
 * with the row where they meet. Returns 0 or -1. */
int sheet_fill_merges(struct sheet *s, struct diags *d) JX_WARN_UNUSED;

/* The cell at (row, col), or NULL when it is outside the rows held. */
const struct sheet_cell *sheet_get(const struct sheet *s, unsigned row, unsigned col);
/* Its text, "" when empty. */
const char *sheet_text(const struct sheet *s, unsigned row, unsigned col);
/* Columns in the widest row. */
unsigned sheet_ncols(const struct sheet *s);

/* A sheet from CSV text as Excel or WPS save it (UTF-8 with or without a
 * BOM, or GB18030, through csvio). Row N is the Nth record. NULL with
 * errors in d. */
struct sheet *sheet_from_csv(const char *name, const char *data, size_t len, struct diags *d)
    JX_WARN_UNUSED;

/* "A1"-style column letters to a number (1 for A); 0 when s does not start
 * with letters or the column is past SHEET_MAX_COLS. *end is set past the
 * letters. */
unsigned sheet_col_parse(const char *s, const char **end);

#endif
