/* form_import.c - a form from a scoring table (form_import.h): points checked, ids, title, CSV. */
#include "form_import.h"

#include <errno.h>
#include <stdio.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "csvio.h"
#include "form_import_impl.h"
#include "forms.h"
#include "i18n.h"
#include "num.h"
#include "xlsxread.h"

/* The title: the nearest row above the header holding a single text that
 * names a table (…表), else the nearest holding a single text at all (a
 * note such as "单位：万元" may sit between the title and the table). */
static char *find_title(const struct imp *m)
{
    const char *any = NULL;
    for (unsigned r = m->L.first_row; r-- > 1;) {
        const char *t = NULL;
        bool one = true;
        const struct sheet_row *row = &m->s->rows[r - 1];
        for (size_t c = 0; c < row->n && one; c++) {
            const char *x = row->c[c].text;
            if (!x || form_import_blank(x))
                continue;
            if (t && strcmp(t, x) != 0)
                one = false;
            t = x;
        }
        if (!t || !one || form_import_classify(t, NULL))
            continue;
        if (strstr(t, "表"))
            return form_import_clean(t, true);
        if (!any)
            any = t;
    }
    return any ? form_import_clean(any, true) : NULL;
}

static char *base_name(const char *path)
{
    const char *b = strrchr(path, '/');
    b = b ? b + 1 : path;
    const char *dot = strrchr(b, '.');
    size_t n = dot && dot != b ? (size_t)(dot - b) : strlen(b);
    return strndup(b, n);
}

static void put_row(struct strbuf *b, const char *const f[8])
{
    for (int i = 0; i < 8; i++)
        csvio_put_field(b, f[i] ? f[i] : "", i == 0);
    csvio_end_record(b);
}

static void write_form(const struct imp *m, const char *name, const char *grades,
                       struct strbuf *out)
{
    strbuf_puts(out, "id,level,name,points,description,criteria,figures,rule\r\n");
    put_row(out, (const char *const[8]){"#name", "", name});
    if (grades)
        put_row(out, (const char *const[8]){"#grades", "", grades});
    for (size_t i = 0; i < m->n; i++) {
        const struct inode *x = &m->v[i];
        char lv[8], pts[NUM_BUF];
        snprintf(lv, sizeof lv, "%d", x->level);
        num_format_pts(x->points, pts);
        put_row(out, (const char *const[8]){x->id, lv, x->name, pts,
                                            x->desc.p ? x->desc.p : "",
                                            x->crit.p ? x->crit.p : ""});
    }
}

/* The messages added since n0 in the order of the sheet's rows (the points
 * are checked from the bottom up); stable, and there are at most DIAGS_MAX. */
static void sort_by_row(struct diags *d, size_t n0)
{
    for (size_t i = n0 + 1; i < d->n; i++) {
        struct diag x = d->v[i];
        size_t j = i;
        for (; j > n0 && d->v[j - 1].line > x.line; j--)
            d->v[j] = d->v[j - 1];
        d->v[j] = x;
    }
}

int form_import_sheet(const struct sheet *s, const struct form_import_opts *o,
                      struct strbuf *out, struct diags *d)
{
    static const struct form_import_opts none = {0};
    if (!o)
        o = &none;
    struct imp m = {.s = s, .d = d};
    size_t errors0 = d->errors, n0 = d->n;
    if (form_import_find_layout(s, &m.L, d) < 0)
        return -1;
    for (int k = 0; k < MAX_LEVELS; k++)
        m.cur[k] = -1;
    long total_row = 0;
    pts_t total = PTS_NONE;
    for (unsigned r = m.L.last_row + 1; r <= s->nrows && !m.oom; r++) {
        if (form_import_header_again(&m, r))
            continue;
        if (form_import_do_row(&m, r, &total_row, &total))
            break;
    }
    int rc = -1;
    char *title = NULL;
    if (m.oom) {
        diags_add(d, DIAG_ERROR, s->name, 0, "%s", _("out of memory"));
        goto out;
    }
    if (!m.n) {
        diags_add(d, DIAG_ERROR, s->name, (long)m.L.last_row, "%s",
                  _("no indicator below the header row"));
        goto out;
    }
    /* points bottom-up: children come after their parent */
    pts_t *sum = calloc(m.n, sizeof *sum);
    bool *missing = calloc(m.n, sizeof *missing);
    if (!sum || !missing) {
        free(sum);
        free(missing);
        diags_add(d, DIAG_ERROR, s->name, 0, "%s", _("out of memory"));
        goto out;
    }
    pts_t grand = 0;
    bool grand_missing = false;
    for (size_t i = m.n; i-- > 0;) {
        struct inode *x = &m.v[i];
        char a[NUM_BUF], b[NUM_BUF];
        if (!x->nchildren) {
            if (x->points == PTS_NONE && !x->quiet) {
                diags_add(d, DIAG_ERROR, s->name, (long)x->row,
                          _("the indicator \"%s\" has no sub-indicators and no points"),
                          x->name);
                missing[i] = true;
            }
        } else if (!missing[i]) {
            if (x->points == PTS_NONE) {
                x->points = sum[i];
                if (!x->quiet)
                    diags_add(d, DIAG_WARNING, s->name, (long)x->row,
                          _("points of \"%s\" taken from its sub-indicators: %s"), x->name,
                          num_format_pts(sum[i], a));
            } else if (x->points != sum[i] && !x->quiet) {
                diags_add(d, DIAG_ERROR, s->name, (long)x->row,
                          _("points of \"%s\" (%s) do not equal the sum of its "
                            "sub-indicators (%s)"),
                          x->name, num_format_pts(x->points, a), num_format_pts(sum[i], b));
            }
        }
        bool miss = missing[i] || x->points == PTS_NONE;
        if (x->parent >= 0) {
            if (miss)
                missing[x->parent] = true;
            else if (sum[x->parent] <= PTS_MAX)
                sum[x->parent] += x->points;
        } else if (miss) {
            grand_missing = true;
        } else if (grand <= PTS_MAX) {
            grand += x->points;
        }
    }
    free(sum);
    free(missing);
    if (total_row && total != PTS_NONE && !grand_missing && total != grand) {
        char a[NUM_BUF], b[NUM_BUF];
        diags_add(d, DIAG_ERROR, s->name, total_row,
                  _("the total (%s) does not equal the sum of the 一级指标 (%s)"),
                  num_format_pts(total, a), num_format_pts(grand, b));
    }
    /* ids in table order: 1, 1.1, 1.1.1 ... (nchildren counts again) */
    int top = 0;
    for (size_t i = 0; i < m.n; i++)
        m.v[i].nchildren = 0;
    for (size_t i = 0; i < m.n; i++) {
        struct inode *x = &m.v[i];
        if (x->parent < 0) {
            snprintf(x->id, sizeof x->id, "%d", ++top);
        } else {
            struct inode *p = &m.v[x->parent];
            char buf[128];
            snprintf(buf, sizeof buf, "%s.%d", p->id, ++p->nchildren);
            memcpy(x->id, buf, sizeof x->id - 1);   /* fits: see id */
            x->id[sizeof x->id - 1] = '\0';
        }
    }
    if (d->errors > errors0)
        goto out;
    title = o->name ? strdup(o->name) : find_title(&m);
    if (!title)
        title = base_name(s->name);
    if (!title || !*title) {
        free(title);
        title = strdup("评分表");
    }
    if (!title) {
        diags_add(d, DIAG_ERROR, s->name, 0, "%s", _("out of memory"));
        goto out;
    }
    /* the usual bands suit a table of 100 points; for a smaller one they
     * would be refused (a minimum above the total): leave them to the
     * author, and say so */
    pts_t table_pts = 0;
    for (size_t i = 0; i < m.n; i++)
        if (m.v[i].parent < 0)
            table_pts += m.v[i].points;
    const char *grades = o->grades;
    if (!grades && table_pts >= 9000) {
        grades = "优>=90; 良>=80; 中>=60; 差";
    } else if (!grades) {
        char a[NUM_BUF];
        diags_add(d, DIAG_WARNING, s->name, 0,
                  _("the table totals %s points, below the 90 of 优: no #grades is written "
                    "(give --grades for this table's bands)"),
                  num_format_pts(table_pts, a));
    }
    size_t start = out->n;
    write_form(&m, title, grades, out);
    if (out->oom) {
        diags_add(d, DIAG_ERROR, s->name, 0, "%s", _("out of memory"));
        goto out;
    }
    /* what is written must load as a form: check it as jixiao check would */
    struct diags fd = {0};
    struct form *f = form_load_buffer(s->name, out->p + start, out->n - start, &fd);
    if (!f) {
        for (size_t i = 0; i < fd.n; i++)
            diags_add(d, DIAG_ERROR, s->name, 0, _("the form made does not load: %s"),
                      fd.v[i].msg);
        if (!fd.n)
            diags_add(d, DIAG_ERROR, s->name, 0, "%s", _("the form made does not load"));
    }
    form_free(f);
    diags_clear(&fd);
    rc = f ? 0 : -1;
out:
    sort_by_row(d, n0);
    free(title);
    for (size_t i = 0; i < m.n; i++) {
        free(m.v[i].name);
        strbuf_free(&m.v[i].desc);
        strbuf_free(&m.v[i].crit);
    }
    free(m.v);
    return rc;
}

int form_import_buffer(const char *name, const char *data, size_t len,
                       const struct form_import_opts *o, struct strbuf *out, struct diags *d)
{
    struct sheet *s;
    if (len >= 8 && !memcmp(data, "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 8)) {
        diags_add(d, DIAG_ERROR, name, 0, "%s",
                  _("an old Excel .xls workbook: save it as .xlsx or CSV in Excel or WPS first"));
        return -1;
    }
    if (xlsx_is_zip(data, len)) {
        s = xlsx_read_buffer(name, data, len, o ? o->sheet : NULL, d);
        if (s && sheet_fill_merges(s, d) < 0) {
            sheet_free(s);
            s = NULL;
        }
    } else {
        if (o && o->sheet)
            diags_add(d, DIAG_WARNING, name, 0, "%s",
                      _("a CSV file has one sheet: --sheet is ignored"));
        s = sheet_from_csv(name, data, len, d);
    }
    if (!s)
        return -1;
    int rc = form_import_sheet(s, o, out, d);
    sheet_free(s);
    return rc;
}

int form_import_file(const char *path, const struct form_import_opts *o, struct strbuf *out,
                     struct diags *d)
{
    size_t len;
    char *data = csvio_slurp(path, FORM_IMPORT_MAX, &len);
    if (!data) {
        diags_add(d, DIAG_ERROR, path, 0, _("cannot read: %s"), strerror(errno));
        return -1;
    }
    int rc = form_import_buffer(path, data, len, o, out, d);
    free(data);
    return rc;
}
