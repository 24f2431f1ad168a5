/* xlsxread.c - an .xlsx read: the zip, its XML parts, the sheet list, the shared strings. */
#include "xlsxread.h"

#include <expat.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "grow.h"
#include "i18n.h"
#include "strbuf.h"
#include "xlsxread_impl.h"

bool xlsx_is_zip(const void *data, size_t len)
{
    return len >= 4 && memcmp(data, "PK\3\4", 4) == 0;
}

/* ---- reading parts ---- */

/* The local part of an XML name: "x:c" -> "c". */
const char *xlsx_local(const char *n)
{
    const char *c = strrchr(n, ':');
    return c ? c + 1 : n;
}

const char *xlsx_attr(const char **atts, const char *want)
{
    for (size_t i = 0; atts[i]; i += 2)
        if (!strcmp(xlsx_local(atts[i]), want))
            return atts[i + 1];
    return NULL;
}

void xlsx_stop(struct xctx *x)
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
    xlsx_stop(x);
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
void xlsx_unescape_ox(struct strbuf *b)
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
    if (w->x.failed || strcmp(xlsx_local(el), "sheet") != 0)
        return;
    w->nsheets++;
    const char *name = xlsx_attr(atts, "name"), *id = xlsx_attr(atts, "id");
    if (!name || !id)
        return;
    if (w->nsheets == 1 && !(w->first = strdup(name)))
        xlsx_stop(&w->x);
    if (!w->rid && (w->want ? !strcmp(name, w->want) : w->nsheets == 1)
        && !(w->rid = strdup(id)))
        xlsx_stop(&w->x);
}

struct rels {
    struct xctx x;
    const char *rid;
    char *target;
};

static void XMLCALL rels_start(void *u, const XML_Char *el, const XML_Char **atts)
{
    struct rels *r = u;
    if (r->x.failed || r->target || strcmp(xlsx_local(el), "Relationship") != 0)
        return;
    const char *id = xlsx_attr(atts, "Id"), *t = xlsx_attr(atts, "Target");
    if (id && t && !strcmp(id, r->rid) && !(r->target = strdup(t)))
        xlsx_stop(&r->x);
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

static void XMLCALL sst_start(void *u, const XML_Char *el, const XML_Char **atts)
{
    (void)atts;
    struct sst *s = u;
    const char *l = xlsx_local(el);
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
    const char *l = xlsx_local(el);
    if (s->x.failed)
        return;
    if (!strcmp(l, "t")) {
        s->in_t = 0;
    } else if (!strcmp(l, "rPh")) {
        s->in_rph--;
    } else if (!strcmp(l, "si") && s->in_si) {
        s->in_si = 0;
        xlsx_unescape_ox(&s->cur);
        char **v = grow_array(s->v, &s->cap, s->n, 1, sizeof *v);
        char *t = v ? strndup(s->cur.p ? s->cur.p : "", s->cur.n) : NULL;
        if (!t || s->cur.oom) {
            free(t);
            if (v)
                s->v = v;
            diags_add(s->x.rd->d, DIAG_ERROR, s->x.rd->name, 0, "%s", _("out of memory"));
            xlsx_stop(&s->x);
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
            XML_SetElementHandler(w.x.p, xlsx_ws_start, xlsx_ws_end);
            XML_SetCharacterDataHandler(w.x.p, xlsx_ws_text);
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
