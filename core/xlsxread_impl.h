/* xlsxread_impl.h - private to xlsxread.c (the parts, shared strings) and xlsxread_cells.c. */
#ifndef JIXIAO_XLSXREAD_IMPL_H
#define JIXIAO_XLSXREAD_IMPL_H

#include <expat.h>
#include <stdbool.h>
#include <stddef.h>
#include <zip.h>

#include "strbuf.h"
#include "xlsxread.h"

/* ---- reading parts (xlsxread.c) ---- */

struct rd {
    const char *name;          /* the workbook, for messages */
    struct diags *d;
    zip_t *za;
};

/* Every parser's state starts with this. */
struct xctx {
    XML_Parser p;
    const char *part;
    int failed;                /* an error was reported: stop */
    struct rd *rd;
};

/* The local part of an XML name: "x:c" -> "c". */
const char *xlsx_local(const char *n);
/* The value of the attribute named want (its local part), or NULL. */
const char *xlsx_attr(const char **atts, const char *want);
/* Stop x's parser: an error was reported. */
void xlsx_stop(struct xctx *x);
/* Decode the _xHHHH_ escapes OOXML uses for characters XML cannot hold
 * (a CR is _x000D_) in place; "_x005F_" is a literal underscore. */
void xlsx_unescape_ox(struct strbuf *b);

/* ---- xl/sharedStrings.xml (xlsxread.c) ---- */

struct sst {
    struct xctx x;
    char **v;
    size_t n, cap;
    struct strbuf cur;
    int in_si, in_t, in_rph;
};

/* ---- the worksheet (xlsxread_cells.c) ---- */

struct ws {
    struct xctx x;
    struct sheet *sh;
    const struct sst *sst;
    unsigned row, col;         /* the current row; the last cell's column */
    char type[16];
    unsigned flags;            /* SHEET_FORMULA once an <f> is seen */
    int in_v, in_is, in_t, in_rph, in_f, in_c;
    struct strbuf v, is;
};

/* The worksheet's expat handlers: cells into w->sh, merged regions. */
void XMLCALL xlsx_ws_start(void *u, const XML_Char *el, const XML_Char **atts);
void XMLCALL xlsx_ws_end(void *u, const XML_Char *el);
void XMLCALL xlsx_ws_text(void *u, const XML_Char *t, int len);

#endif
