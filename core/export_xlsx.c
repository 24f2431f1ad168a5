/* export_xlsx.c - the scoring table as an Excel workbook (libxlsxwriter).
 * This file writes the workbook; export_xlsx_sheets.c fills its cells.
 *
 * Sheet 评分表: the appendix grid of export.c (xdoc_grid_row), the same
 * table as the HTML export, with merged cells for the branches, borders,
 * wrapped text and widths for Chinese text. Scores are numbers shown with
 * two decimals; every subtotal (the 小计 columns, one per branch level)
 * and the total are formulas over the leaf scores below them, and the
 * grade a nested IF over the form's bands, so a reviewer who changes a
 * score in Excel or WPS sees the subtotals, total and grade follow. Each
 * formula carries jixiao's own result as its cached value, for readers
 * that do not recalculate. A4, landscape with the text columns, header
 * rows repeated on every page, fit to the page width, the header frozen.
 * Sheet 扣分说明: the deductions with their reasons, and the figures
 * entered for the scoring rules.
 *
 * libxlsxwriter writes only to a named file: the workbook is written to a
 * temp file, read back and put in place by fileio_write_atomic.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <xlsxwriter.h>

#include "export_impl.h"
#include "export_xlsx_impl.h"
#include "fileio.h"
#include "i18n.h"

static lxw_format *fmt(lxw_workbook *wb, bool border, bool bold, bool wrap, uint8_t align,
                       const char *numfmt)
{
    lxw_format *f = workbook_add_format(wb);
    if (!f)
        return NULL;
    format_set_font_name(f, "宋体");
    format_set_font_size(f, 10.5);
    if (border)
        format_set_border(f, LXW_BORDER_THIN);
    if (bold)
        format_set_bold(f);
    if (wrap)
        format_set_text_wrap(f);
    if (align)
        format_set_align(f, align);
    format_set_align(f, LXW_ALIGN_VERTICAL_CENTER);
    if (numfmt)
        format_set_num_format(f, numfmt);
    return f;
}

int export_xlsx(const struct xdoc *x, const char *path, char *why, size_t whysize)
{
    const char *dir = getenv("TMPDIR");
    char tmpname[4096];
    snprintf(tmpname, sizeof tmpname, "%s/jixiao-xlsx-XXXXXX", dir && *dir ? dir : "/tmp");
    int fd = mkstemp(tmpname);
    if (fd < 0) {
        snprintf(why, whysize, _("cannot write %s: %s"), tmpname, strerror(errno));
        return -1;
    }
    close(fd);
    struct xl w = {0};
    int rc = -1;
    w.wb = workbook_new(tmpname);
    w.width = calloc(64, sizeof *w.width);
    if (!w.wb || !w.width) {
        snprintf(why, whysize, "%s", _("out of memory"));
        goto out;
    }
    w.title = fmt(w.wb, false, true, false, LXW_ALIGN_CENTER, NULL);
    w.head = fmt(w.wb, true, true, true, LXW_ALIGN_CENTER, NULL);
    w.name = fmt(w.wb, true, false, true, LXW_ALIGN_LEFT, NULL);
    w.text = fmt(w.wb, true, false, true, LXW_ALIGN_LEFT, NULL);
    w.pts = fmt(w.wb, true, false, false, LXW_ALIGN_CENTER, "0.##");
    w.num = fmt(w.wb, true, false, false, LXW_ALIGN_RIGHT, "0.00");
    w.tnum = fmt(w.wb, true, true, false, LXW_ALIGN_RIGHT, "0.00");
    w.bold = fmt(w.wb, true, true, false, LXW_ALIGN_CENTER, NULL);
    w.plain = fmt(w.wb, false, false, false, LXW_ALIGN_LEFT, NULL);
    w.fig = fmt(w.wb, true, false, false, LXW_ALIGN_RIGHT, "#,##0.######");
    w.pct = fmt(w.wb, true, false, false, LXW_ALIGN_RIGHT, "0.######\"%\"");
    if (w.title)
        format_set_font_size(w.title, 16);
    int depth = xdoc_depth(x);
    w.ncols = xdoc_grid_width(x) + (depth > 1 ? depth - 1 : 0);
    w.ws = workbook_add_worksheet(w.wb, "评分表");
    if (!w.ws || !w.title || !w.head || !w.name || !w.text || !w.pts || !w.num || !w.tnum ||
        !w.bold || !w.plain || !w.fig || !w.pct || export_xlsx_put_table(&w, x) < 0) {
        snprintf(why, whysize, "%s", _("out of memory"));
        goto out;
    }
    memset(w.width, 0, 64 * sizeof *w.width);
    w.ws = workbook_add_worksheet(w.wb, "扣分说明");
    if (!w.ws || export_xlsx_put_notes(&w, x) < 0 || w.tmp.oom) {
        snprintf(why, whysize, "%s", _("out of memory"));
        goto out;
    }
    if (w.err) {
        snprintf(why, whysize, _("cannot write %s: %s"), path, lxw_strerror(w.err));
        goto out;
    }
    lxw_error e = workbook_close(w.wb);
    w.wb = NULL;
    if (e) {
        snprintf(why, whysize, _("cannot write %s: %s"), path, lxw_strerror(e));
        goto out;
    }
    /* read it back and put it in place atomically */
    FILE *in = fopen(tmpname, "rb");
    struct strbuf data = {0};
    char chunk[65536];
    size_t got;
    while (in && (got = fread(chunk, 1, sizeof chunk, in)) > 0)
        strbuf_put(&data, chunk, got);
    if (!in || ferror(in) || data.oom) {
        snprintf(why, whysize, _("cannot write %s: %s"), path,
                 data.oom ? _("out of memory") : strerror(errno));
    } else {
        rc = fileio_write_atomic(path, data.p, data.n, why, whysize);
    }
    if (in)
        fclose(in);
    strbuf_free(&data);
out:
    if (w.wb)
        workbook_close(w.wb);
    unlink(tmpname);
    strbuf_free(&w.tmp);
    free(w.width);
    return rc;
}

int export_draft_xlsx(const struct draft *d, const struct export_opts *o, const char *path,
                      char *why, size_t whysize)
{
    struct xdoc x;
    if (xdoc_build(&x, d, o) < 0) {
        snprintf(why, whysize, "%s", _("out of memory"));
        return -1;
    }
    int rc = export_xlsx(&x, path, why, whysize);
    xdoc_free(&x);
    return rc;
}
