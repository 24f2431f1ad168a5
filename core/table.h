/* table.h - plain-text tables laid out in display columns: the one
 * renderer behind `jixiao score` (tui/cli_table.c) and `jixiao export
 * --format txt` (export_txt.c).
 *
 * Widths are display columns as u8_width counts them (CJK = 2). Every
 * line of a cell is padded with spaces to exactly its column's width
 * (on the left for right-aligned columns) and is never wider: text is
 * clipped there, never in the middle of a character, and what a terminal
 * would act on (controls, bidi) is written as U+FFFD (strbuf_put_safe).
 * Two styles:
 *   TABLE_PLAIN  cells side by side, one line each, clipped to their
 *                column; a line break in a cell is a control (U+FFFD);
 *   TABLE_BOXED  "| a | b |" rows between "+---+---+" rules; a cell
 *                keeps its line breaks (a CR before one is dropped), and
 *                in a column with a wrap width its lines are broken inside
 *                the column, so every '|' stands in the same display column.
 *
 * Pure: appends to a caller's strbuf (out of memory sets b->oom, see
 * strbuf.h), never prints, allocates nothing else. A table that is not
 * changed may be drawn from several threads at once.
 */
#ifndef JIXIAO_TABLE_H
#define JIXIAO_TABLE_H

#include <stdbool.h>
#include <stddef.h>

#include "compiler.h"
#include "strbuf.h"

#define TABLE_MAX_COLS 24

enum table_style { TABLE_PLAIN, TABLE_BOXED };

struct table_col {
    int width;    /* display columns of its cells, borders not counted */
    int wrap;     /* boxed: > 0 lets lines wrap at width; table_fit stops there */
    bool right;   /* right-aligned (numbers) */
};

/* Fill in style, ncols and each column's wrap and right; widths are set
 * by hand or grown with table_fit from 0. */
struct table {
    enum table_style style;
    size_t ncols;   /* at most TABLE_MAX_COLS */
    struct table_col cols[TABLE_MAX_COLS];
};

/* Widen column c to the widest line of text, but not past its wrap width
 * (when it has one). Call it for the header and every cell of the column. */
void table_fit(struct table *t, size_t c, const char *text) JX_NONNULL(1, 3);

/* One row: cells[c] (NUL-terminated) for each column, then "\n"; a boxed
 * row takes as many lines as its tallest cell. */
void table_put_row(struct strbuf *b, const struct table *t, const char *const *cells)
    JX_NONNULL(1, 2, 3);

/* A boxed table's rule: "+" then width + 2 dashes and "+" per column, "\n". */
void table_put_rule(struct strbuf *b, const struct table *t) JX_NONNULL(1, 2);

/* text as lines of at most width columns, each written as indent, the
 * line and "\n": broken at line breaks, at a space rather than inside a
 * Latin word or number, and anywhere between CJK characters. */
void table_put_wrapped(struct strbuf *b, const char *indent, const char *text, int width)
    JX_NONNULL(1, 2, 3);

#endif
