/* form_import_impl.h - private to form_import*.c: the header's layout and the indicators read. */
#ifndef JIXIAO_FORM_IMPORT_IMPL_H
#define JIXIAO_FORM_IMPORT_IMPL_H

#include <stdbool.h>
#include <stddef.h>

#include "form_import.h"
#include "num.h"

#define MAX_LEVELS 8

enum label { L_NONE, L_LEVEL, L_NAME, L_POINTS, L_DESC, L_CRIT, L_SCORE, L_GROUP };

/* ---- the header (form_import_header.c) ---- */

struct layout {
    int nlevels;
    unsigned name_col[MAX_LEVELS];
    unsigned pts_col[MAX_LEVELS];     /* 0: the table gives no points for the level */
    unsigned desc_col, crit_col;      /* 0: absent */
    unsigned first_row, last_row;     /* rows of the header */
};

/* The bytes of the whitespace a spreadsheet cell may carry at s (ASCII,
 * U+3000, U+00A0), 0 when there is none. */
size_t form_import_space_at(const char *s);
/* The text with every space removed, into buf: for matching header labels. */
void form_import_squeeze(const char *s, char *buf, size_t size);
/* What a header cell names; *level (may be NULL) gets 1 for 一级指标 ... */
enum label form_import_classify(const char *text, int *level);
/* Find the header row and the table's columns. Returns 0, or -1 with an
 * error in d. */
int form_import_find_layout(const struct sheet *s, struct layout *L, struct diags *d);

/* ---- the indicators (form_import_rows.c) ---- */

struct inode {
    char *name;
    struct strbuf desc, crit;
    pts_t points;              /* PTS_NONE: not in the table */
    unsigned row;              /* where it starts */
    unsigned merge_end;        /* last row of its merged name cell (row if none) */
    int level, parent, nchildren;
    bool quiet;                /* its points were already reported */
    char id[96];               /* 8 levels of at most 10 digits and a dot */
};

struct imp {
    const struct sheet *s;
    struct layout L;
    struct diags *d;
    struct inode *v;
    size_t n, cap;
    int cur[MAX_LEVELS];       /* the open node at each level, -1 */
    int oom;
};

/* A cell's text, trimmed, line ends as LF, into a new string (NULL: oom). */
char *form_import_clean(const char *s, bool one_line);
/* True when s holds nothing but whitespace. */
bool form_import_blank(const char *s);
/* A header row again (a table printed over pages repeats it). */
bool form_import_header_again(const struct imp *m, unsigned r);
/* One data row. Returns 1 at the total row (the table ends), else 0. */
int form_import_do_row(struct imp *m, unsigned r, long *total_row, pts_t *total);

#endif
