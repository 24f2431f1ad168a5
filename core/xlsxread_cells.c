/* xlsxread_cells.c - the cells of an .xlsx worksheet: their XML, their values, numbers as text. */
#include "xlsxread.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "xlsxread_impl.h"

/* ---- numbers ---- */

bool xlsx_number_text(const char *s, char *buf, size_t size)
{
    char dig[24];
    size_t nd = 0;
    long point = 0;            /* value = 0.dig * 10^point */
    bool neg = false, seen_point = false, any = false;
    const char *p = s;
    if (size < 48)
        return false;
    if (*p == '-' || *p == '+')
        neg = *p++ == '-';
    bool round_up = false, more = false;
    for (;; p++) {
        if (*p == '.' && !seen_point) {
            seen_point = true;
            continue;
        }
        if (*p < '0' || *p > '9')
            break;
        any = true;
        if (nd == 0 && *p == '0') {
            if (seen_point)
                point--;
            continue;
        }
        if (nd < 15) {
            dig[nd++] = *p;
        } else if (nd == 15 && !more) {
            round_up = *p >= '5';
            more = true;
        }
        if (!seen_point)
            point++;
    }
    if (!any)
        return false;
    if (*p == 'e' || *p == 'E') {
        p++;
        bool eneg = false;
        if (*p == '-' || *p == '+')
            eneg = *p++ == '-';
        if (*p < '0' || *p > '9')
            return false;
        long e = 0;
        while (*p >= '0' && *p <= '9') {
            if (e < 100000)
                e = e * 10 + (*p - '0');
            p++;
        }
        point += eneg ? -e : e;
    }
    if (*p)
        return false;
    if (round_up) {
        size_t i = nd;
        while (i > 0 && dig[i - 1] == '9')
            dig[--i] = '0';
        if (i == 0) {
            dig[0] = '1';
            nd = 1;
            point++;
        } else {
            dig[i - 1]++;
        }
    }
    while (nd > 0 && dig[nd - 1] == '0')
        nd--;
    char *o = buf;
    if (nd == 0) {
        strcpy(buf, "0");
        return true;
    }
    if (point > 25 || point < -25)
        return false;
    if (neg)
        *o++ = '-';
    if (point <= 0) {
        *o++ = '0';
        *o++ = '.';
        for (long i = 0; i < -point; i++)
            *o++ = '0';
        memcpy(o, dig, nd);
        o += nd;
    } else if ((size_t)point >= nd) {
        memcpy(o, dig, nd);
        o += nd;
        for (long i = (long)nd; i < point; i++)
            *o++ = '0';
    } else {
        memcpy(o, dig, (size_t)point);
        o += point;
        *o++ = '.';
        memcpy(o, dig + point, nd - (size_t)point);
        o += nd - (size_t)point;
    }
    *o = '\0';
    return true;
}

/* ---- the worksheet ---- */

static bool cell_ref(const char *ref, unsigned *row, unsigned *col)
{
    const char *p;
    unsigned c = sheet_col_parse(ref, &p);
    if (!c || *p < '1' || *p > '9')
        return false;
    unsigned long r = 0;
    while (*p >= '0' && *p <= '9') {
        r = r * 10 + (unsigned long)(*p++ - '0');
        if (r > SHEET_MAX_ROWS)
            return false;
    }
    if (*p)
        return false;
    *row = (unsigned)r;
    *col = c;
    return true;
}

static void ws_bad(struct ws *w, const char *what, const char *ref)
{
    diags_add(w->x.rd->d, DIAG_ERROR, w->x.rd->name, w->row <= SHEET_MAX_ROWS ? (long)w->row : 0,
              _("%s: bad %s \"%.40s\""), w->x.part, what, ref);
    xlsx_stop(&w->x);
}

void XMLCALL xlsx_ws_start(void *u, const XML_Char *el, const XML_Char **atts)
{
    struct ws *w = u;
    if (w->x.failed)
        return;
    const char *l = xlsx_local(el);
    if (!strcmp(l, "row")) {
        const char *r = xlsx_attr(atts, "r");
        if (r) {
            char *end;
            unsigned long v = strtoul(r, &end, 10);
            if (*end || v < 1 || v > SHEET_MAX_ROWS || r[0] == '-' || r[0] == '+') {
                ws_bad(w, _("row number"), r);
                return;
            }
            w->row = (unsigned)v;
        } else {
            w->row++;
        }
        w->col = 0;
    } else if (!strcmp(l, "c")) {
        const char *r = xlsx_attr(atts, "r"), *t = xlsx_attr(atts, "t");
        if (r) {
            unsigned row, col;
            if (!cell_ref(r, &row, &col)) {
                ws_bad(w, _("cell reference"), r);
                return;
            }
            w->row = row;
            w->col = col;
        } else {
            if (w->row == 0)
                w->row = 1;
            w->col++;
        }
        snprintf(w->type, sizeof w->type, "%s", t ? t : "n");
        w->flags = 0;
        w->in_c = 1;
        w->v.n = w->is.n = 0;
    } else if (!strcmp(l, "v") && w->in_c) {
        w->in_v = 1;
    } else if (!strcmp(l, "f") && w->in_c) {
        w->flags |= SHEET_FORMULA;
        w->in_f = 1;
    } else if (!strcmp(l, "is") && w->in_c) {
        w->in_is = 1;
    } else if (!strcmp(l, "rPh")) {
        w->in_rph++;
    } else if (!strcmp(l, "t") && w->in_is) {
        w->in_t = 1;
    } else if (!strcmp(l, "mergeCell")) {
        const char *ref = xlsx_attr(atts, "ref");
        const char *colon = ref ? strchr(ref, ':') : NULL;
        unsigned r1, c1, r2, c2;
        char a[32];
        if (!colon || (size_t)(colon - ref) >= sizeof a) {
            ws_bad(w, _("merged region"), ref ? ref : "");
            return;
        }
        memcpy(a, ref, (size_t)(colon - ref));
        a[colon - ref] = '\0';
        if (!cell_ref(a, &r1, &c1) || !cell_ref(colon + 1, &r2, &c2) || r2 < r1 || c2 < c1) {
            ws_bad(w, _("merged region"), ref);
            return;
        }
        if (sheet_add_merge(w->sh, r1, c1, r2, c2, w->x.rd->d) < 0)
            xlsx_stop(&w->x);
    }
}

static void ws_cell_done(struct ws *w)
{
    struct diags *d = w->x.rd->d;
    const char *text = NULL;
    size_t len = 0;
    char num[48];
    unsigned flags = w->flags;
    if (w->v.oom || w->is.oom) {
        diags_add(d, DIAG_ERROR, w->x.rd->name, 0, "%s", _("out of memory"));
        xlsx_stop(&w->x);
        return;
    }
    const char *v = w->v.p && w->v.n ? w->v.p : NULL;
    if (!strcmp(w->type, "inlineStr")) {
        xlsx_unescape_ox(&w->is);
        text = w->is.p;
        len = w->is.n;
    } else if (!v) {
        if (flags & SHEET_FORMULA)
            flags |= SHEET_NO_VALUE;
    } else if (!strcmp(w->type, "s")) {
        char *end;
        unsigned long i = strtoul(v, &end, 10);
        if (*end || v[0] == '-' || i >= w->sst->n) {
            ws_bad(w, _("shared string number"), v);
            return;
        }
        text = w->sst->v[i];
        len = strlen(text);
    } else if (!strcmp(w->type, "str") || !strcmp(w->type, "e") || !strcmp(w->type, "d")) {
        xlsx_unescape_ox(&w->v);
        text = w->v.p;
        len = w->v.n;
    } else if (!strcmp(w->type, "b")) {
        text = strcmp(v, "1") == 0 ? "TRUE" : "FALSE";
        len = strlen(text);
    } else {
        flags |= SHEET_NUMBER;
        if (xlsx_number_text(v, num, sizeof num)) {
            text = num;
        } else {
            text = v;
        }
        len = strlen(text);
    }
    if ((len || flags) && sheet_set(w->sh, w->row, w->col, text ? text : "", len, flags, d) < 0)
        xlsx_stop(&w->x);
}

void XMLCALL xlsx_ws_end(void *u, const XML_Char *el)
{
    struct ws *w = u;
    if (w->x.failed)
        return;
    const char *l = xlsx_local(el);
    if (!strcmp(l, "c")) {
        if (w->in_c)
            ws_cell_done(w);
        w->in_c = w->in_v = w->in_is = w->in_t = w->in_f = 0;
    } else if (!strcmp(l, "v")) {
        w->in_v = 0;
    } else if (!strcmp(l, "f")) {
        w->in_f = 0;
    } else if (!strcmp(l, "is")) {
        w->in_is = 0;
    } else if (!strcmp(l, "t")) {
        w->in_t = 0;
    } else if (!strcmp(l, "rPh")) {
        w->in_rph--;
    }
}

void XMLCALL xlsx_ws_text(void *u, const XML_Char *t, int len)
{
    struct ws *w = u;
    if (w->x.failed || !w->in_c)
        return;
    if (w->in_v)
        strbuf_put(&w->v, t, (size_t)len);
    else if (w->in_is && w->in_t && !w->in_rph)
        strbuf_put(&w->is, t, (size_t)len);
}

