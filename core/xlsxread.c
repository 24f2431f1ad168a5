/* xlsxread.c - one worksheet of an .xlsx: libzip for the container, expat
 * for the XML parts (xlsxread.h). */
#include "xlsxread.h"

#include <expat.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "grow.h"
#include "i18n.h"
#include "strbuf.h"

bool xlsx_is_zip(const void *data, size_t len)
{
    return len >= 4 && memcmp(data, "PK\3\4", 4) == 0;
}

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

/* ---- reading parts ---- */

struct rd {
    const char *name;          /* the workbook, for messages */
    struct diags *d;
    zip_t *za;
};

/* The local part of an XML name: "x:c" -> "c". */
static const char *local(const char *n)
{
    const char *c = strrchr(n, ':');
    return c ? c + 1 : n;
}

static const char *attr(const char **atts, const char *want)
{
    for (size_t i = 0; atts[i]; i += 2)
        if (!strcmp(local(atts[i]), want))
            return atts[i + 1];
    return NULL;
}

/* Every parser's state starts with this. */
struct xctx {
    XML_Parser p;
    const char *part;
    int failed;                /* an error was reported: stop */
    struct rd *rd;
};

static void stop(struct xctx *x)
{
    if (!x->failed)
        XML_StopParser(x->p, XML_FALSE);
    x->failed = 1;
}

static void XMLCALL no_doctype(void *u, const XML_Char *n, const XML_Char *s, const XML_Char *p,
                               int internal)
{
    (void)n; (void)s; (void)p; (void)internal;
    struct xctx *x = u;
    diags_add(x->rd->d, DIAG_ERROR, x->rd->name, 0,
              _("%s in the workbook has a document type declaration (not allowed in .xlsx)"),
              x->part);
    stop(x);
}

/* Find a part: exactly, then ignoring case (some writers differ). */
static zip_int64_t locate(zip_t *za, const char *path)
{
    zip_int64_t i = zip_name_locate(za, path, 0);
    return i >= 0 ? i : zip_name_locate(za, path, ZIP_FL_NOCASE);
}

/* Parse the part at path with x's handlers already set on x->p. Returns
 * 0, 1 when the part is absent (nothing reported), -1 on an error. */
static int parse_part(struct rd *rd, const char *path, struct xctx *x)
{
    zip_int64_t idx = locate(rd->za, path);
    if (idx < 0)
        return 1;
    zip_file_t *zf = zip_fopen_index(rd->za, (zip_uint64_t)idx, 0);
    if (!zf) {
        diags_add(rd->d, DIAG_ERROR, rd->name, 0, _("cannot read %s in the workbook: %s"), path,
                  zip_strerror(rd->za));
        return -1;
    }
    x->part = path;
    x->rd = rd;
    XML_SetUserData(x->p, x);
    XML_SetStartDoctypeDeclHandler(x->p, no_doctype);
    char buf[16384];
    size_t total = 0;
    int rc = 0;
    for (;;) {
        zip_int64_t n = zip_fread(zf, buf, sizeof buf);
        if (n < 0) {
            diags_add(rd->d, DIAG_ERROR, rd->name, 0, _("cannot read %s in the workbook: %s"),
                      path, zip_file_strerror(zf));
            rc = -1;
            break;
        }
        total += (size_t)n;
        if (total > XLSX_MAX_PART) {
            diags_add(rd->d, DIAG_ERROR, rd->name, 0,
                      _("%s in the workbook unpacks to more than %zu MB"), path,
                      XLSX_MAX_PART >> 20);
            rc = -1;
            break;
        }
        if (XML_Parse(x->p, buf, (int)n, n == 0) != XML_STATUS_OK) {
            if (!x->failed)
                diags_add(rd->d, DIAG_ERROR, rd->name, 0,
                          _("%s in the workbook is not well-formed XML (line %lu: %s)"), path,
                          (unsigned long)XML_GetCurrentLineNumber(x->p),
                          XML_ErrorString(XML_GetErrorCode(x->p)));
            rc = -1;
            break;
        }
        if (x->failed) {
            rc = -1;
            break;
        }
        if (n == 0)
            break;
    }
    zip_fclose(zf);
    return rc;
}

static XML_Parser new_parser(struct rd *rd)
{
    XML_Parser p = XML_ParserCreate("UTF-8");
    if (!p)
        diags_add(rd->d, DIAG_ERROR, rd->name, 0, "%s", _("out of memory"));
    return p;
}

/* Decode the _xHHHH_ escapes OOXML uses for characters XML cannot hold
 * (a CR is _x000D_) in place; "_x005F_" is a literal underscore. */
static void unescape_ox(struct strbuf *b)
{
    if (!b->p || !memchr(b->p, '_', b->n))
        return;
    size_t o = 0;
    for (size_t i = 0; i < b->n;) {
        unsigned v = 0;
        bool esc = i + 7 <= b->n && b->p[i] == '_' && b->p[i + 1] == 'x' && b->p[i + 6] == '_';
        for (size_t k = 2; esc && k < 6; k++) {
            char c = b->p[i + k];
            int h = c >= '0' && c <= '9' ? c - '0'
                  : (c | 0x20) >= 'a' && (c | 0x20) <= 'f' ? (c | 0x20) - 'a' + 10 : -1;
            if (h < 0)
                esc = false;
            else
                v = v * 16 + (unsigned)h;
        }
        if (esc && v >= 0xd800 && v <= 0xdfff)
            esc = false;
        if (!esc) {
            b->p[o++] = b->p[i++];
            continue;
        }
        /* the UTF-8 of v is at most 3 bytes: never longer than the escape */
        if (v < 0x80) {
            b->p[o++] = (char)v;
        } else if (v < 0x800) {
            b->p[o++] = (char)(0xc0 | (v >> 6));
            b->p[o++] = (char)(0x80 | (v & 0x3f));
        } else {
            b->p[o++] = (char)(0xe0 | (v >> 12));
            b->p[o++] = (char)(0x80 | ((v >> 6) & 0x3f));
            b->p[o++] = (char)(0x80 | (v & 0x3f));
        }
        i += 7;
    }
    b->n = o;
    b->p[o] = '\0';
}

/* ---- xl/workbook.xml and its relationships ---- */

struct wb {
    struct xctx x;
    const char *want;          /* sheet name, or NULL for the first */
    char *rid;                 /* relationship id of the sheet found */
    char *first;               /* name of the first sheet, for messages */
    int nsheets;
};

static void XMLCALL wb_start(void *u, const XML_Char *el, const XML_Char **atts)
{
    struct wb *w = u;
    if (w->x.failed || strcmp(local(el), "sheet") != 0)
        return;
    w->nsheets++;
    const char *name = attr(atts, "name"), *id = attr(atts, "id");
    if (!name || !id)
        return;
    if (w->nsheets == 1 && !(w->first = strdup(name)))
        stop(&w->x);
    if (!w->rid && (w->want ? !strcmp(name, w->want) : w->nsheets == 1)
        && !(w->rid = strdup(id)))
        stop(&w->x);
}

struct rels {
    struct xctx x;
    const char *rid;
    char *target;
};

static void XMLCALL rels_start(void *u, const XML_Char *el, const XML_Char **atts)
{
    struct rels *r = u;
    if (r->x.failed || r->target || strcmp(local(el), "Relationship") != 0)
        return;
    const char *id = attr(atts, "Id"), *t = attr(atts, "Target");
    if (id && t && !strcmp(id, r->rid) && !(r->target = strdup(t)))
        stop(&r->x);
}

/* "worksheets/sheet1.xml" relative to xl/, or "/xl/worksheets/sheet1.xml". */
static char *resolve_target(const char *t)
{
    struct strbuf b = {0};
    if (t[0] == '/') {
        strbuf_puts(&b, t + 1);
    } else {
        strbuf_puts(&b, "xl/");
        while (!strncmp(t, "../", 3)) {
            t += 3;
            b.n = 0;   /* up from xl/ to the root */
        }
        strbuf_puts(&b, t);
    }
    if (b.oom) {
        strbuf_free(&b);
        return NULL;
    }
    return b.p;
}

/* ---- xl/sharedStrings.xml ---- */

struct sst {
    struct xctx x;
    char **v;
    size_t n, cap;
    struct strbuf cur;
    int in_si, in_t, in_rph;
};

static void XMLCALL sst_start(void *u, const XML_Char *el, const XML_Char **atts)
{
    (void)atts;
    struct sst *s = u;
    const char *l = local(el);
    if (!strcmp(l, "si")) {
        s->in_si = 1;
        s->cur.n = 0;
        if (s->cur.p)
            s->cur.p[0] = '\0';
    } else if (!strcmp(l, "rPh")) {
        s->in_rph++;
    } else if (!strcmp(l, "t") && s->in_si) {
        s->in_t = 1;
    }
}

static void XMLCALL sst_end(void *u, const XML_Char *el)
{
    struct sst *s = u;
    const char *l = local(el);
    if (s->x.failed)
        return;
    if (!strcmp(l, "t")) {
        s->in_t = 0;
    } else if (!strcmp(l, "rPh")) {
        s->in_rph--;
    } else if (!strcmp(l, "si") && s->in_si) {
        s->in_si = 0;
        unescape_ox(&s->cur);
        char **v = grow_array(s->v, &s->cap, s->n, 1, sizeof *v);
        char *t = v ? strndup(s->cur.p ? s->cur.p : "", s->cur.n) : NULL;
        if (!t || s->cur.oom) {
            free(t);
            if (v)
                s->v = v;
            diags_add(s->x.rd->d, DIAG_ERROR, s->x.rd->name, 0, "%s", _("out of memory"));
            stop(&s->x);
            return;
        }
        s->v = v;
        v[s->n++] = t;
    }
}

static void XMLCALL sst_text(void *u, const XML_Char *t, int len)
{
    struct sst *s = u;
    if (s->in_si && s->in_t && !s->in_rph && !s->x.failed)
        strbuf_put(&s->cur, t, (size_t)len);
}

/* ---- the worksheet ---- */

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
    stop(&w->x);
}

static void XMLCALL ws_start(void *u, const XML_Char *el, const XML_Char **atts)
{
    struct ws *w = u;
    if (w->x.failed)
        return;
    const char *l = local(el);
    if (!strcmp(l, "row")) {
        const char *r = attr(atts, "r");
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
        const char *r = attr(atts, "r"), *t = attr(atts, "t");
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
        const char *ref = attr(atts, "ref");
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
            stop(&w->x);
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
        stop(&w->x);
        return;
    }
    const char *v = w->v.p && w->v.n ? w->v.p : NULL;
    if (!strcmp(w->type, "inlineStr")) {
        unescape_ox(&w->is);
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
        unescape_ox(&w->v);
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
        stop(&w->x);
}

static void XMLCALL ws_end(void *u, const XML_Char *el)
{
    struct ws *w = u;
    if (w->x.failed)
        return;
    const char *l = local(el);
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

static void XMLCALL ws_text(void *u, const XML_Char *t, int len)
{
    struct ws *w = u;
    if (w->x.failed || !w->in_c)
        return;
    if (w->in_v)
        strbuf_put(&w->v, t, (size_t)len);
    else if (w->in_is && w->in_t && !w->in_rph)
        strbuf_put(&w->is, t, (size_t)len);
}

/* ---- the whole ---- */

static int read_sst(struct rd *rd, struct sst *s)
{
    if (!(s->x.p = new_parser(rd)))
        return -1;
    XML_SetElementHandler(s->x.p, sst_start, sst_end);
    XML_SetCharacterDataHandler(s->x.p, sst_text);
    int rc = parse_part(rd, "xl/sharedStrings.xml", &s->x);
    XML_ParserFree(s->x.p);
    strbuf_free(&s->cur);
    return rc < 0 ? -1 : 0;
}

/* The path of the sheet wanted, or NULL with an error. */
static char *find_sheet(struct rd *rd, const char *want)
{
    struct wb w = {.want = want};
    if (!(w.x.p = new_parser(rd)))
        return NULL;
    XML_SetStartElementHandler(w.x.p, wb_start);
    int rc = parse_part(rd, "xl/workbook.xml", &w.x);
    XML_ParserFree(w.x.p);
    char *path = NULL;
    if (rc == 1) {
        diags_add(rd->d, DIAG_ERROR, rd->name, 0, "%s",
                  _("not an Excel workbook (no xl/workbook.xml in the zip)"));
    } else if (rc == 0 && !w.rid) {
        if (want)
            diags_add(rd->d, DIAG_ERROR, rd->name, 0, _("the workbook has no sheet \"%s\""),
                      want);
        else
            diags_add(rd->d, DIAG_ERROR, rd->name, 0, "%s", _("the workbook has no sheet"));
    } else if (rc == 0) {
        struct rels r = {.rid = w.rid};
        if ((r.x.p = new_parser(rd))) {
            XML_SetStartElementHandler(r.x.p, rels_start);
            rc = parse_part(rd, "xl/_rels/workbook.xml.rels", &r.x);
            XML_ParserFree(r.x.p);
            if (rc == 0 && r.target) {
                if (!(path = resolve_target(r.target)))
                    diags_add(rd->d, DIAG_ERROR, rd->name, 0, "%s", _("out of memory"));
            } else if (rc >= 0) {
                diags_add(rd->d, DIAG_ERROR, rd->name, 0,
                          _("the workbook does not say where sheet \"%s\" is"),
                          want ? want : w.first ? w.first : "");
            }
            free(r.target);
        }
    }
    free(w.rid);
    free(w.first);
    return path;
}

struct sheet *xlsx_read_buffer(const char *name, const void *data, size_t len,
                               const char *sheet_name, struct diags *d)
{
    struct rd rd = {name, d, NULL};
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *src = zip_source_buffer_create(data, len, 0, &ze);
    if (src)
        rd.za = zip_open_from_source(src, ZIP_RDONLY, &ze);
    if (!rd.za) {
        diags_add(d, DIAG_ERROR, name, 0, _("not a readable .xlsx workbook (%s)"),
                  zip_error_strerror(&ze));
        if (src)
            zip_source_free(src);
        zip_error_fini(&ze);
        return NULL;
    }
    zip_error_fini(&ze);
    struct sheet *sh = NULL;
    struct sst sst = {0};
    char *path = find_sheet(&rd, sheet_name);
    if (path && read_sst(&rd, &sst) == 0) {
        struct ws w = {.sst = &sst};
        w.sh = sheet_new(name);
        if (!w.sh)
            diags_add(d, DIAG_ERROR, name, 0, "%s", _("out of memory"));
        else if ((w.x.p = new_parser(&rd))) {
            XML_SetElementHandler(w.x.p, ws_start, ws_end);
            XML_SetCharacterDataHandler(w.x.p, ws_text);
            int rc = parse_part(&rd, path, &w.x);
            XML_ParserFree(w.x.p);
            if (rc == 1)
                diags_add(d, DIAG_ERROR, name, 0, _("the sheet %s is missing from the workbook"),
                          path);
            if (rc == 0)
                sh = w.sh;
        }
        if (!sh)
            sheet_free(w.sh);
        strbuf_free(&w.v);
        strbuf_free(&w.is);
    }
    for (size_t i = 0; i < sst.n; i++)
        free(sst.v[i]);
    free(sst.v);
    free(path);
    zip_discard(rd.za);
    return sh;
}
