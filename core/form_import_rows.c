/* form_import_rows.c - importing a form: the sheet's rows read into indicators. */
#include "form_import.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "form_import_impl.h"
#include "grow.h"
#include "i18n.h"
#include "num.h"

static void column_name(unsigned c, char *buf)
{
    char t[8];
    int n = 0;
    while (c && n < 7) {
        c--;
        t[n++] = (char)('A' + c % 26);
        c /= 26;
    }
    for (int i = 0; i < n; i++)
        buf[i] = t[n - 1 - i];
    buf[n] = '\0';
}

/* A cell's text, trimmed, line ends as LF, into a new string (NULL: oom). */
char *form_import_clean(const char *s, bool one_line)
{
    while (*s && form_import_space_at(s))
        s += form_import_space_at(s);
    size_t n = strlen(s);
    char *o = malloc(n + 1);
    if (!o)
        return NULL;
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == '\r') {
            if (s[i + 1] == '\n')
                continue;
            c = '\n';
        }
        if (c == '\n' && one_line)
            continue;
        o[k++] = c;
    }
    /* trim the end: ASCII spaces and U+3000 */
    for (;;) {
        if (k && (o[k - 1] == ' ' || o[k - 1] == '\t' || o[k - 1] == '\n'))
            k--;
        else if (k >= 3 && !memcmp(o + k - 3, "\xe3\x80\x80", 3))
            k -= 3;
        else
            break;
    }
    o[k] = '\0';
    return o;
}

bool form_import_blank(const char *s)
{
    while (*s) {
        size_t k = form_import_space_at(s);
        if (!k)
            return false;
        s += k;
    }
    return true;
}

/* The cell's own text at (r, c): "" for a cell merged from a row above
 * (its text belongs to an earlier row) when skip_merged. */
static const char *own(const struct imp *m, unsigned r, unsigned c, bool skip_merged)
{
    const struct sheet_cell *x = c ? sheet_get(m->s, r, c) : NULL;
    if (!x || !x->text)
        return "";
    if (skip_merged && x->flags & SHEET_MERGED && x->from_row < r)
        return "";
    return x->text;
}

static bool formula_without_value(struct imp *m, unsigned r, unsigned c)
{
    const struct sheet_cell *x = c ? sheet_get(m->s, r, c) : NULL;
    if (!x || !(x->flags & SHEET_NO_VALUE) || x->flags & SHEET_MERGED)
        return false;
    char col[8];
    column_name(c, col);
    diags_add(m->d, DIAG_ERROR, m->s->name, (long)r,
              _("cell %s%u is a formula without a saved value: open and save the file in "
                "Excel or WPS, or type the value"), col, r);
    return true;
}

static int add_node(struct imp *m, int level, unsigned row)
{
    struct inode *v = grow_array(m->v, &m->cap, m->n, 1, sizeof *v);
    if (!v) {
        m->oom = 1;
        return -1;
    }
    m->v = v;
    struct inode *x = &v[m->n];
    memset(x, 0, sizeof *x);
    x->points = PTS_NONE;
    x->row = x->merge_end = row;
    x->level = level;
    x->parent = level > 1 ? m->cur[level - 2] : -1;
    if (x->parent >= 0)
        v[x->parent].nchildren++;
    m->cur[level - 1] = (int)m->n;
    for (int k = level; k < MAX_LEVELS; k++)
        m->cur[k] = -1;
    return (int)m->n++;
}

/* Append a text cell to buf, a line break between two pieces. */
static void add_text(struct imp *m, struct strbuf *b, const char *text)
{
    if (form_import_blank(text))
        return;
    char *t = form_import_clean(text, false);
    if (!t) {
        m->oom = 1;
        return;
    }
    if (b->n)
        strbuf_puts(b, "\n");
    strbuf_puts(b, t);
    if (b->oom)
        m->oom = 1;
    free(t);
}

/* "5", "5分", "５": hundredths, or false with an error. */
static bool parse_points(struct imp *m, unsigned r, unsigned c, const char *text,
                         const char *name, pts_t *out)
{
    char *t = form_import_clean(text, true);
    if (!t) {
        m->oom = 1;
        return false;
    }
    size_t n = strlen(t);
    if (n > 3 && !strcmp(t + n - 3, "分"))
        t[n - 3] = '\0';
    const char *why = NULL;
    bool ok = num_parse_pts(t, false, out, &why);
    if (!ok) {
        char col[8];
        column_name(c, col);
        diags_add(m->d, DIAG_ERROR, m->s->name, (long)r,
                  _("points of \"%s\" in cell %s%u are not a number of points (\"%s\": %s)"),
                  name, col, r, t, _(why ? why : "not a number"));
    }
    free(t);
    return ok;
}

static bool is_total(const char *s)
{
    char b[64];
    if (strlen(s) > 40)
        return false;
    form_import_squeeze(s, b, sizeof b);
    return !strcmp(b, "总分") || !strcmp(b, "合计") || !strcmp(b, "总计") || !strcmp(b, "总分值");
}

/* A header row again (a table printed over pages repeats it). */
bool form_import_header_again(const struct imp *m, unsigned r)
{
    for (int k = 0; k < m->L.nlevels; k++) {
        enum label l = form_import_classify(own(m, r, m->L.name_col[k], false), NULL);
        if (l != L_NONE && l != L_SCORE)
            return true;
    }
    return form_import_classify(own(m, r, m->L.desc_col, false), NULL) == L_DESC
           || form_import_classify(own(m, r, m->L.crit_col, false), NULL) == L_CRIT;
}

enum state { S_BLANK, S_NEW, S_CONT };

static const char *level_label(int k)
{
    static const char *const names[MAX_LEVELS] = {
        N_("一级指标"), N_("二级指标"), N_("三级指标"), N_("四级指标"),
        N_("五级指标"), N_("六级指标"), N_("七级指标"), N_("八级指标"),
    };
    return _(names[k]);
}

/* A level without a points column may write them after the name, as
 * "部门决策（25分）" or "部门决策(25分)": taken, and the name kept without. */
static void points_in_name(struct inode *x)
{
    size_t n = strlen(x->name);
    size_t close = 0;
    if (n > 3 && !strcmp(x->name + n - 3, "）"))
        close = 3;
    else if (n > 1 && x->name[n - 1] == ')')
        close = 1;
    if (!close || n < close + 3 || memcmp(x->name + n - close - 3, "分", 3) != 0)
        return;
    size_t end = n - close - 3, open = end, olen = 0;
    while (open > 0) {
        if (open >= 3 && !memcmp(x->name + open - 3, "（", 3)) {
            open -= 3;
            olen = 3;
            break;
        }
        if (x->name[open - 1] == '(') {
            open--;
            olen = 1;
            break;
        }
        open--;
    }
    if (!olen || open == 0 || end - open - olen > 20)
        return;
    char num[24];
    memcpy(num, x->name + open + olen, end - open - olen);
    num[end - open - olen] = '\0';
    pts_t p;
    const char *why;
    if (!num_parse_pts(num, false, &p, &why))
        return;
    x->points = p;
    x->name[open] = '\0';
    for (size_t k = open; k > 0 && x->name[k - 1] == ' '; k--)
        x->name[k - 1] = '\0';
}

/* One data row. Returns 1 at the total row (the table ends), else 0. */
int form_import_do_row(struct imp *m, unsigned r, long *total_row, pts_t *total)
{
    const struct layout *L = &m->L;
    enum state st[MAX_LEVELS] = {S_BLANK};
    const struct sheet_cell *nc[MAX_LEVELS] = {NULL};
    int first_new = -1;
    for (int k = 0; k < L->nlevels; k++) {
        const struct sheet_cell *x = sheet_get(m->s, r, L->name_col[k]);
        nc[k] = x;
        st[k] = S_BLANK;
        if (!x || !x->text || form_import_blank(x->text))
            continue;
        if (x->flags & SHEET_MERGED && x->from_row < r) {
            st[k] = S_CONT;
        } else if (x->flags & SHEET_MERGED && x->from_col != L->name_col[k]) {
            /* merged across from a shallower level's name: this level is
             * absent on this row (that indicator is a leaf) */
            bool shallower = false;
            for (int j = 0; j < k; j++)
                shallower |= x->from_col == L->name_col[j];
            if (!shallower) {
                char a[8], b[8];
                column_name(x->from_col, a);
                column_name(x->to_col, b);
                diags_add(m->d, DIAG_ERROR, m->s->name, (long)r,
                          _("the merged cell %s%u:%s%u does not line up with the columns "
                            "of the table (it covers the %s name)"),
                          a, x->from_row, b, x->to_row, level_label(k));
            }
        } else {
            st[k] = S_NEW;
            if (first_new < 0)
                first_new = k;
        }
    }
    /* a formula never calculated: said once, and its row read without it */
    bool nov_pts[MAX_LEVELS] = {false}, nov_name = false;
    for (int k = 0; k < L->nlevels; k++) {
        nov_name |= formula_without_value(m, r, L->name_col[k]);
        nov_pts[k] = formula_without_value(m, r, L->pts_col[k]);
    }
    formula_without_value(m, r, L->desc_col);
    formula_without_value(m, r, L->crit_col);
    if (nov_name)
        return 0;
    if (st[0] == S_NEW && is_total(nc[0]->text)) {
        *total_row = r;
        for (int k = 0; k < L->nlevels; k++) {
            const char *p = own(m, r, L->pts_col[k], true);
            if (!form_import_blank(p)) {
                if (!parse_points(m, r, L->pts_col[k], p, nc[0]->text, total))
                    *total = PTS_NONE;
                break;
            }
        }
        return 1;
    }
    if (first_new < 0) {
        /* no name starts here: points would have no indicator; text
         * continues the last indicator (a cell broken over two rows) */
        for (int k = 0; k < L->nlevels; k++) {
            const char *p = own(m, r, L->pts_col[k], true);
            if (!form_import_blank(p)) {
                diags_add(m->d, DIAG_ERROR, m->s->name, (long)r,
                          _("empty name: the %s on this row has points (%s) but no name"),
                          level_label(k), p);
                /* its parent's points cannot add up now: said once is enough */
                for (int j = k - 1; j >= 0; j--)
                    if (m->cur[j] >= 0) {
                        m->v[m->cur[j]].quiet = true;
                        break;
                    }
                return 0;
            }
        }
        const char *dt = own(m, r, L->desc_col, true), *ct = own(m, r, L->crit_col, true);
        if (form_import_blank(dt) && form_import_blank(ct))
            return 0;
        int last = m->n ? (int)m->n - 1 : -1;
        if (last < 0) {
            diags_add(m->d, DIAG_ERROR, m->s->name, (long)r, "%s",
                      _("empty name: text before the first indicator"));
            return 0;
        }
        add_text(m, &m->v[last].desc, dt);
        const struct sheet_cell *cc = sheet_get(m->s, r, L->crit_col);
        if (!(cc && cc->flags & SHEET_MERGED && cc->from_col != L->crit_col))
            add_text(m, &m->v[last].crit, ct);
        return 0;
    }
    /* the levels above the first new name continue open indicators */
    for (int k = 0; k < first_new; k++) {
        int open = m->cur[k];
        if (open < 0) {
            diags_add(m->d, DIAG_ERROR, m->s->name, (long)r,
                      _("empty name: the %s of \"%s\" is missing"), level_label(k),
                      nc[first_new]->text);
            return 0;
        }
        /* a merged parent that ended above this row does not hold it */
        if (st[k] == S_BLANK && m->v[open].merge_end > m->v[open].row
            && m->v[open].merge_end < r) {
            diags_add(m->d, DIAG_ERROR, m->s->name, (long)r,
                      _("merged cells do not line up: \"%s\" is below the merged %s cell of "
                        "\"%s\" (rows %u to %u)"),
                      nc[first_new]->text, level_label(k), m->v[open].name, m->v[open].row,
                      m->v[open].merge_end);
            return 0;
        }
    }
    int made = -1;
    for (int k = first_new; k < L->nlevels; k++) {
        bool crossed = st[k] == S_CONT;
        if (crossed)   /* reported, then read as if the name were written here */
            diags_add(m->d, DIAG_ERROR, m->s->name, (long)r,
                      _("merged cells do not line up: the merged %s cell from row %u runs "
                        "past the start of %s \"%s\""),
                      level_label(k), nc[k]->from_row, level_label(first_new),
                      nc[first_new]->text);
        if (st[k] == S_BLANK) {
            for (int j = k + 1; j < L->nlevels; j++)
                if (st[j] != S_BLANK) {
                    diags_add(m->d, DIAG_ERROR, m->s->name, (long)r,
                              _("empty name: the %s of \"%s\" is missing"), level_label(k),
                              nc[j]->text);
                    return 0;
                }
            break;
        }
        int i = add_node(m, k + 1, r);
        if (i < 0)
            return 0;
        struct inode *x = &m->v[i];
        if (!(x->name = form_import_clean(nc[k]->text, true))) {
            m->oom = 1;
            return 0;
        }
        if (!crossed && (nc[k]->flags & SHEET_MERGED || nc[k]->to_row > r))
            x->merge_end = nc[k]->to_row;
        unsigned pc = L->pts_col[k];
        const struct sheet_cell *px = pc ? sheet_get(m->s, r, pc) : NULL;
        x->quiet = nov_pts[k] || crossed;
        if (!pc)
            points_in_name(x);
        if (crossed) {
            /* its points belong to the merged cell's row */
        } else if (px && px->text && !form_import_blank(px->text)) {
            if (px->flags & SHEET_MERGED && px->from_row < r) {
                diags_add(m->d, DIAG_ERROR, m->s->name, (long)r,
                          _("merged cells do not line up: the points of \"%s\" are in a "
                            "merged cell from row %u"), x->name, px->from_row);
            } else if (px->to_row != nc[k]->to_row && (px->to_row > r || nc[k]->to_row > r)) {
                diags_add(m->d, DIAG_ERROR, m->s->name, (long)r,
                          _("merged cells do not line up: the name of \"%s\" spans rows %u to "
                            "%u, its points rows %u to %u"),
                          x->name, r, nc[k]->to_row, r, px->to_row);
            } else {
                pts_t p;
                if (parse_points(m, r, pc, px->text, x->name, &p))
                    x->points = p;
                else
                    x->quiet = true;
            }
        }
        made = i;
    }
    if (made >= 0) {
        add_text(m, &m->v[made].desc, own(m, r, L->desc_col, false));
        const struct sheet_cell *cc = sheet_get(m->s, r, L->crit_col);
        if (!(cc && cc->flags & SHEET_MERGED && cc->from_col != L->crit_col))
            add_text(m, &m->v[made].crit, own(m, r, L->crit_col, false));
    }
    return 0;
}
