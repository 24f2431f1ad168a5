/* export_xlsx_impl.h - private to export_xlsx.c (the workbook) and export_xlsx_sheets.c. */
#ifndef JIXIAO_EXPORT_XLSX_IMPL_H
#define JIXIAO_EXPORT_XLSX_IMPL_H

#include <xlsxwriter.h>

#include "export_impl.h"
#include "strbuf.h"

/* The workbook being written: its formats, the sheet being filled. */
struct xl {
    lxw_workbook *wb;
    lxw_worksheet *ws;
    lxw_format *title, *head, *name, *text, *pts, *num, *tnum, *bold, *plain, *fig, *pct;
    struct strbuf tmp;       /* a cell's text made safe */
    double *width;           /* per column, in Excel's character units */
    int ncols;
    lxw_error err;
};

/* Fill w->ws as sheet 评分表 (put_table) or 扣分说明 (put_notes). Return 0,
 * or -1 when out of memory; a libxlsxwriter error is kept in w->err. */
int export_xlsx_put_table(struct xl *w, const struct xdoc *x);
int export_xlsx_put_notes(struct xl *w, const struct xdoc *x);

#endif
