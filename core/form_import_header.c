/* form_import_header.c - importing a form: the header row, what its cells name, the layout. */
#include "form_import.h"

#include <stdbool.h>
#include <string.h>

#include "form_import_impl.h"
#include "i18n.h"

#define HEADER_SCAN 30          /* the header row is among the first rows */

static const char *const numerals[MAX_LEVELS] = {"一", "二", "三", "四", "五", "六", "七", "八"};

/* Whitespace a spreadsheet cell may carry: ASCII and the ideographic space. */
size_t form_import_space_at(const char *s)
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
void form_import_squeeze(const char *s, char *buf, size_t size)
{
    size_t o = 0;
    while (*s && o + 1 < size) {
        size_t k = form_import_space_at(s);
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
enum label form_import_classify(const char *text, int *level)
{
    char s[128];
    if (strlen(text) > 90)
        return L_NONE;     /* a header label is short */
    form_import_squeeze(text, s, sizeof s);
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

static enum label label_at(const struct sheet *s, unsigned r, unsigned c, int *level)
{
    const struct sheet_cell *x = sheet_get(s, r, c);
    if (!x || !x->text)
        return L_NONE;
    return form_import_classify(x->text, level);
}

int form_import_find_layout(const struct sheet *s, struct layout *L, struct diags *d)
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
