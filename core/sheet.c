/* sheet.c - a worksheet's cells and merged regions (sheet.h). */
#include "sheet.h"

#include <stdlib.h>
#include <string.h>

#include "csvio.h"
#include "grow.h"
#include "i18n.h"

struct sheet *sheet_new(const char *name)
{
    struct sheet *s = calloc(1, sizeof *s);
    if (s && !(s->name = strdup(name ? name : ""))) {
        free(s);
        s = NULL;
    }
    return s;
}

void sheet_free(struct sheet *s)
{
    if (!s)
        return;
    for (size_t r = 0; r < s->nrows; r++) {
        struct sheet_row *row = &s->rows[r];
        for (size_t c = 0; c < row->n; c++)
            if (!(row->c[c].flags & SHEET_MERGED))
                free(row->c[c].text);
        free(row->c);
    }
    free(s->rows);
    free(s->merges);
    free(s->name);
    free(s);
}

static void oom(const struct sheet *s, struct diags *d)
{
    diags_add(d, DIAG_ERROR, s->name, 0, "%s", _("out of memory"));
}

/* Make room for (row, col) and return the cell; NULL with an error. */
static struct sheet_cell *cell_at(struct sheet *s, unsigned row, unsigned col, struct diags *d)
{
    if (row < 1 || col < 1 || row > SHEET_MAX_ROWS || col > SHEET_MAX_COLS) {
        diags_add(d, DIAG_ERROR, s->name, row <= SHEET_MAX_ROWS ? (long)row : 0,
                  _("cell outside the sheet (row %u, column %u)"), row, col);
        return NULL;
    }
    if (row > s->nrows) {
        struct sheet_row *v = grow_array(s->rows, &s->cap, s->nrows, row - s->nrows, sizeof *v);
        if (!v) {
            oom(s, d);
            return NULL;
        }
        s->rows = v;
        memset(v + s->nrows, 0, (row - s->nrows) * sizeof *v);
        s->nrows = row;
    }
    struct sheet_row *r = &s->rows[row - 1];
    if (col > r->n) {
        size_t more = col - r->n;
        if (s->ncells + more > SHEET_MAX_CELLS) {
            diags_add(d, DIAG_ERROR, s->name, (long)row,
                      _("the sheet has too many cells (more than %zu)"),
                      (size_t)SHEET_MAX_CELLS);
            return NULL;
        }
        struct sheet_cell *v = grow_array(r->c, &r->cap, r->n, more, sizeof *v);
        if (!v) {
            oom(s, d);
            return NULL;
        }
        r->c = v;
        for (size_t i = r->n; i < col; i++)
            v[i] = (struct sheet_cell){NULL, 0, row, (unsigned)i + 1, row, (unsigned)i + 1};
        r->n = col;
        s->ncells += more;
    }
    return &r->c[col - 1];
}

int sheet_set(struct sheet *s, unsigned row, unsigned col, const char *text, size_t len,
              unsigned flags, struct diags *d)
{
    struct sheet_cell *c = cell_at(s, row, col, d);
    if (!c)
        return -1;
    char *t = NULL;
    if (len) {
        t = malloc(len + 1);
        if (!t) {
            oom(s, d);
            return -1;
        }
        memcpy(t, text, len);
        t[len] = '\0';
    }
    if (!(c->flags & SHEET_MERGED))
        free(c->text);
    c->text = t;
    c->flags = flags & ~(unsigned)SHEET_MERGED;
    c->from_row = c->to_row = row;
    c->from_col = c->to_col = col;
    return 0;
}

int sheet_add_merge(struct sheet *s, unsigned r1, unsigned c1, unsigned r2, unsigned c2,
                    struct diags *d)
{
    struct sheet_merge *v = grow_array(s->merges, &s->mcap, s->nmerges, 1, sizeof *v);
    if (!v) {
        oom(s, d);
        return -1;
    }
    s->merges = v;
    v[s->nmerges++] = (struct sheet_merge){r1, c1, r2, c2};
    return 0;
}

unsigned sheet_ncols(const struct sheet *s)
{
    size_t n = 0;
    for (size_t r = 0; r < s->nrows; r++)
        if (s->rows[r].n > n)
            n = s->rows[r].n;
    return (unsigned)n;
}

int sheet_fill_merges(struct sheet *s, struct diags *d)
{
    unsigned ncols = sheet_ncols(s);
    for (size_t i = 0; i < s->nmerges; i++) {
        const struct sheet_merge *m = &s->merges[i];
        if (m->r1 < 1 || m->c1 < 1 || m->r1 > m->r2 || m->c1 > m->c2) {
            diags_add(d, DIAG_ERROR, s->name, m->r1 <= SHEET_MAX_ROWS ? (long)m->r1 : 0,
                      "%s", _("a merged region is not a range of cells"));
            return -1;
        }
        if (m->r1 > s->nrows || m->c1 > ncols)
            continue;   /* nothing there: nothing to fill */
        unsigned r2 = m->r2 < s->nrows ? m->r2 : (unsigned)s->nrows;
        unsigned c2 = m->c2 < ncols ? m->c2 : ncols;
        struct sheet_cell *top = cell_at(s, m->r1, m->c1, d);
        if (!top)
            return -1;
        if (top->flags & SHEET_MERGED || top->to_row != m->r1 || top->to_col != m->c1) {
            diags_add(d, DIAG_ERROR, s->name, (long)m->r1, "%s",
                      _("merged regions overlap"));
            return -1;
        }
        top->to_row = r2;
        top->to_col = c2;
        for (unsigned r = m->r1; r <= r2; r++) {
            for (unsigned c = m->c1; c <= c2; c++) {
                if (r == m->r1 && c == m->c1)
                    continue;
                struct sheet_cell *x = cell_at(s, r, c, d);
                if (!x)
                    return -1;
                if (x->flags & SHEET_MERGED || x->to_row != r || x->to_col != c) {
                    diags_add(d, DIAG_ERROR, s->name, (long)r, "%s",
                              _("merged regions overlap"));
                    return -1;
                }
                free(x->text);   /* a hidden value under a merge: Excel shows the top-left */
                top = &s->rows[m->r1 - 1].c[m->c1 - 1];   /* cell_at may have moved it */
                x->text = top->text;
                x->flags = top->flags | SHEET_MERGED;
                x->from_row = m->r1;
                x->from_col = m->c1;
                x->to_row = r2;
                x->to_col = c2;
            }
        }
    }
    s->filled = true;
    return 0;
}

const struct sheet_cell *sheet_get(const struct sheet *s, unsigned row, unsigned col)
{
    if (row < 1 || col < 1 || row > s->nrows || col > s->rows[row - 1].n)
        return NULL;
    return &s->rows[row - 1].c[col - 1];
}

const char *sheet_text(const struct sheet *s, unsigned row, unsigned col)
{
    const struct sheet_cell *c = sheet_get(s, row, col);
    return c && c->text ? c->text : "";
}

unsigned sheet_col_parse(const char *s, const char **end)
{
    unsigned long v = 0;
    const char *p = s;
    while ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z')) {
        v = v * 26 + (unsigned long)((*p | 0x20) - 'a' + 1);
        if (v > SHEET_MAX_COLS) {
            v = 0;
            while ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z'))
                p++;
            break;
        }
        p++;
    }
    if (end)
        *end = p;
    return (unsigned)v;
}

struct csv_ctx {
    struct sheet *s;
    struct diags *d;
    unsigned row;
    int failed;
};

static int csv_record(void *vctx, long line, char **fields, size_t n)
{
    (void)line;
    struct csv_ctx *x = vctx;
    if (x->row >= SHEET_MAX_ROWS) {
        diags_add(x->d, DIAG_ERROR, x->s->name, (long)line, "%s",
                  _("the sheet has too many rows"));
        x->failed = 1;
        return 1;
    }
    x->row++;
    /* keep the row even when it is empty: row numbers are what Excel shows */
    if (!cell_at(x->s, x->row, 1, x->d)) {
        x->failed = 1;
        return 1;
    }
    for (size_t i = 0; i < n; i++) {
        size_t len = strlen(fields[i]);
        if (len && sheet_set(x->s, x->row, (unsigned)i + 1, fields[i], len, 0, x->d) < 0) {
            x->failed = 1;
            return 1;
        }
    }
    return 0;
}

struct sheet *sheet_from_csv(const char *name, const char *data, size_t len, struct diags *d)
{
    struct sheet *s = sheet_new(name);
    if (!s) {
        diags_add(d, DIAG_ERROR, name, 0, "%s", _("out of memory"));
        return NULL;
    }
    struct csv_ctx x = {s, d, 0, 0};
    int rc = csvio_read_buffer(name, data, len, csv_record, &x, d);
    if (rc != 0 || x.failed) {
        sheet_free(s);
        return NULL;
    }
    s->filled = true;
    return s;
}
