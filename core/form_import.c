/* form_import.c - a form from a scoring table in the appendix layout
 * (form_import.h). */
#include "form_import.h"

#include <errno.h>
#include <stdio.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "csvio.h"
#include "forms.h"
#include "grow.h"
#include "i18n.h"
#include "num.h"
#include "xlsxread.h"

#define MAX_LEVELS 8
#define HEADER_SCAN 30          /* the header row is among the first rows */

static const char *const numerals[MAX_LEVELS] = {"一", "二", "三", "四", "五", "六", "七", "八"};

enum label { L_NONE, L_LEVEL, L_NAME, L_POINTS, L_DESC, L_CRIT, L_SCORE, L_GROUP };

/* Whitespace a spreadsheet cell may carry: ASCII and the ideographic space. */
static size_t space_at(const char *s)
{
    if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r' || *s == '\v' || *s == '\f')
        return 1;
    if (!strncmp(s, "\xe3\x80\x80", 3))   /* U+3000 */
        return 3;
    if (!strncmp(s, "\xc2\xa0", 2))       /* U+00A0 */
        return 2;
    return 0;
}

/* The text with every space removed, into buf: for matching header labels. */
static void squeeze(const char *s, char *buf, size_t size)
{
    size_t o = 0;
    while (*s && o + 1 < size) {
        size_t k = space_at(s);
        if (k) {
            s += k;
            continue;
        }
        buf[o++] = *s++;
    }
    buf[o] = '\0';
}

static bool has_any(const char *s, const char *const *words)
{
    for (; *words; words++)
        if (strstr(s, *words))
            return true;
    return false;
}

/* What a header cell names; *level gets 1 for 一级指标 ... */
static enum label classify(const char *text, int *level)
{
    char s[128];
    if (strlen(text) > 90)
        return L_NONE;     /* a header label is short */
    squeeze(text, s, sizeof s);
    if (!*s)
        return L_NONE;
    /* "一级指标" ... "八级指标", or "一级" alone */
    for (const char *p = strstr(s, "级"); p; p = strstr(p + 3, "级")) {
        if (p - s < 3 || (strncmp(p + 3, "指标", 6) != 0 && (p[3] || p - s != 3)))
            continue;
        for (int k = 0; k < MAX_LEVELS; k++)
            if (!strncmp(p - 3, numerals[k], 3)) {
                if (level)
                    *level = k + 1;
                return L_LEVEL;
            }
    }
    static const char *const desc[] = {"指标说明", "指标解释", "指标内涵", "指标释义",
                                       "指标定义", NULL};
    static const char *const crit[] = {"评分标准", "评分办法", "评分细则", "评分方法",
                                       "计分方法", "评分规则", "评分要点", "评分依据", NULL};
    static const char *const score[] = {"得分", "自评分", "评分结果", NULL};
    static const char *const pts[] = {"分值", "权重", "标准分", "满分", NULL};
    if (has_any(s, desc))
        return L_DESC;
    if (has_any(s, crit))
        return L_CRIT;
    if (has_any(s, score))
        return L_SCORE;
    if (has_any(s, pts) || !strcmp(s, "分数"))
        return L_POINTS;
    if (strstr(s, "名称"))
        return L_NAME;
    if (!strcmp(s, "评价指标") || !strcmp(s, "指标体系") || !strcmp(s, "指标"))
        return L_GROUP;
    return L_NONE;
}

/* ---- the layout found in the header ---- */

struct layout {
    int nlevels;
    unsigned name_col[MAX_LEVELS];
    unsigned pts_col[MAX_LEVELS];     /* 0: the table gives no points for the level */
    unsigned desc_col, crit_col;      /* 0: absent */
    unsigned first_row, last_row;     /* rows of the header */
};

static enum label label_at(const struct sheet *s, unsigned r, unsigned c, int *level)
{
    const struct sheet_cell *x = sheet_get(s, r, c);
    if (!x || !x->text)
        return L_NONE;
    return classify(x->text, level);
}

static int find_layout(const struct sheet *s, struct layout *L, struct diags *d)
{
    unsigned ncols = sheet_ncols(s);
    unsigned H = 0;
    unsigned limit = s->nrows < HEADER_SCAN ? (unsigned)s->nrows : HEADER_SCAN;
    for (unsigned r = 1; r <= limit && !H; r++)
        for (unsigned c = 1; c <= ncols && !H; c++) {
            int lv = 0;
            if (label_at(s, r, c, &lv) == L_LEVEL && lv == 1)
                H = r;
        }
    if (!H) {
        diags_add(d, DIAG_ERROR, s->name, 0,
                  _("no header row naming 一级指标 in the first %u rows: not a scoring table "
                    "in the appendix layout"), (unsigned)HEADER_SCAN);
        return -1;
    }
    memset(L, 0, sizeof *L);
    unsigned start[MAX_LEVELS] = {0};
    for (unsigned c = 1; c <= ncols; c++) {
        int lv = 0;
        if (label_at(s, H, c, &lv) == L_LEVEL && !start[lv - 1])
            start[lv - 1] = c;
    }
    while (L->nlevels < MAX_LEVELS && start[L->nlevels])
        L->nlevels++;
    for (int k = 1; k < L->nlevels; k++)
        if (start[k] <= start[k - 1]) {
            diags_add(d, DIAG_ERROR, s->name, (long)H,
                      _("the header names %s级指标 before %s级指标"), numerals[k],
                      numerals[k - 1]);
            return -1;
        }
    unsigned r0 = H > 2 ? H - 2 : 1, r1 = H + 2 <= s->nrows ? H + 2 : (unsigned)s->nrows;
    L->first_row = L->last_row = H;
    /* 指标说明 and 评分标准: anywhere in the rows about the header row */
    for (unsigned r = r0; r <= r1; r++)
        for (unsigned c = 1; c <= ncols; c++) {
            enum label l = label_at(s, r, c, NULL);
            if (l == L_DESC && !L->desc_col)
                L->desc_col = c;
            if (l == L_CRIT && !L->crit_col)
                L->crit_col = c;
            if ((l == L_DESC || l == L_CRIT || l == L_GROUP) && r < L->first_row)
                L->first_row = r;
        }
    /* each level's columns run from its label to the next column that is
     * something else: the next level, the texts, a score column */
    for (int k = 0; k < L->nlevels; k++) {
        unsigned end = ncols;
        for (unsigned c = start[k] + 1; c <= ncols; c++) {
            int lv = 0;
            enum label top = label_at(s, H, c, &lv);
            bool other = (top == L_LEVEL && lv != k + 1) || top == L_DESC || top == L_CRIT
                         || top == L_SCORE || c == L->desc_col || c == L->crit_col;
            for (unsigned r = r0; r <= r1 && !other; r++) {
                enum label l = label_at(s, r, c, NULL);
                other = l == L_DESC || l == L_CRIT || l == L_SCORE;
            }
            if (other) {
                end = c - 1;
                break;
            }
        }
        L->name_col[k] = start[k];
        bool named = false;
        for (unsigned c = start[k]; c <= end; c++)
            for (unsigned r = H + 1; r <= r1; r++)
                if (label_at(s, r, c, NULL) == L_NAME && !named) {
                    L->name_col[k] = c;
                    named = true;
                    if (r > L->last_row)
                        L->last_row = r;
                }
        for (unsigned c = start[k]; c <= end && !L->pts_col[k]; c++) {
            if (c == L->name_col[k])
                continue;
            for (unsigned r = H; r <= r1; r++)
                if (label_at(s, r, c, NULL) == L_POINTS) {
                    L->pts_col[k] = c;
                    if (r > L->last_row)
                        L->last_row = r;
                    break;
                }
        }
    }
    return 0;
}

/* ---- the indicators ---- */

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
static char *clean(const char *s, bool one_line)
{
    while (*s && space_at(s))
        s += space_at(s);
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

static bool blank(const char *s)
{
    while (*s) {
        size_t k = space_at(s);
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
    if (blank(text))
        return;
    char *t = clean(text, false);
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
    char *t = clean(text, true);
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
    squeeze(s, b, sizeof b);
    return !strcmp(b, "总分") || !strcmp(b, "合计") || !strcmp(b, "总计") || !strcmp(b, "总分值");
}

/* A header row again (a table printed over pages repeats it). */
static bool header_again(const struct imp *m, unsigned r)
{
    for (int k = 0; k < m->L.nlevels; k++) {
        enum label l = classify(own(m, r, m->L.name_col[k], false), NULL);
        if (l != L_NONE && l != L_SCORE)
            return true;
    }
    return classify(own(m, r, m->L.desc_col, false), NULL) == L_DESC
           || classify(own(m, r, m->L.crit_col, false), NULL) == L_CRIT;
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
static int do_row(struct imp *m, unsigned r, long *total_row, pts_t *total)
{
    const struct layout *L = &m->L;
    enum state st[MAX_LEVELS] = {S_BLANK};
    const struct sheet_cell *nc[MAX_LEVELS] = {NULL};
    int first_new = -1;
    for (int k = 0; k < L->nlevels; k++) {
        const struct sheet_cell *x = sheet_get(m->s, r, L->name_col[k]);
        nc[k] = x;
        st[k] = S_BLANK;
        if (!x || !x->text || blank(x->text))
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
            if (!blank(p)) {
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
            if (!blank(p)) {
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
        if (blank(dt) && blank(ct))
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
        if (!(x->name = clean(nc[k]->text, true))) {
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
        } else if (px && px->text && !blank(px->text)) {
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
            if (!x || blank(x))
                continue;
            if (t && strcmp(t, x) != 0)
                one = false;
            t = x;
        }
        if (!t || !one || classify(t, NULL))
            continue;
        if (strstr(t, "表"))
            return clean(t, true);
        if (!any)
            any = t;
    }
    return any ? clean(any, true) : NULL;
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
    if (find_layout(s, &m.L, d) < 0)
        return -1;
    for (int k = 0; k < MAX_LEVELS; k++)
        m.cur[k] = -1;
    long total_row = 0;
    pts_t total = PTS_NONE;
    for (unsigned r = m.L.last_row + 1; r <= s->nrows && !m.oom; r++) {
        if (header_again(&m, r))
            continue;
        if (do_row(&m, r, &total_row, &total))
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
