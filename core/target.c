/* target.c - 年度指标值 and 实际完成值 of a project indicator, and the score. */
#include "target.h"

#include <stdio.h>
#include <string.h>

#include "i18n.h"
#include "rat.h"
#include "utf8.h"

/* Comparisons as tables write them, longest first where one starts
 * another (≥ before >, 不少于 before 少于). */
static const struct {
    const char *text;
    enum target_kind kind;
} comparators[] = {
    {"\xe2\x89\xa5", TARGET_AT_LEAST},       /* ≥ */
    {"\xe2\x89\xa7", TARGET_AT_LEAST},       /* ≧ */
    {">=", TARGET_AT_LEAST},
    {"\xef\xbc\x9e\xef\xbc\x9d", TARGET_AT_LEAST},   /* ＞＝ */
    {"\xef\xbc\x9e", TARGET_AT_LEAST},       /* ＞ */
    {">", TARGET_AT_LEAST},
    {"不少于", TARGET_AT_LEAST}, {"不低于", TARGET_AT_LEAST}, {"不小于", TARGET_AT_LEAST},
    {"大于等于", TARGET_AT_LEAST}, {"大于或等于", TARGET_AT_LEAST}, {"大于", TARGET_AT_LEAST},
    {"高于", TARGET_AT_LEAST}, {"达到", TARGET_AT_LEAST},
    {"\xe2\x89\xa4", TARGET_AT_MOST},        /* ≤ */
    {"\xe2\x89\xa6", TARGET_AT_MOST},        /* ≦ */
    {"<=", TARGET_AT_MOST},
    {"\xef\xbc\x9c\xef\xbc\x9d", TARGET_AT_MOST},    /* ＜＝ */
    {"\xef\xbc\x9c", TARGET_AT_MOST},        /* ＜ */
    {"<", TARGET_AT_MOST},
    {"不超过", TARGET_AT_MOST}, {"不高于", TARGET_AT_MOST}, {"不多于", TARGET_AT_MOST},
    {"不大于", TARGET_AT_MOST}, {"小于等于", TARGET_AT_MOST}, {"小于或等于", TARGET_AT_MOST},
    {"小于", TARGET_AT_MOST}, {"低于", TARGET_AT_MOST}, {"控制在", TARGET_AT_MOST},
    {"=", TARGET_EXACT}, {"\xef\xbc\x9d", TARGET_EXACT}, {"等于", TARGET_EXACT},
};

/* Words after the number: 50个以上, 90万元以内. */
static const struct {
    const char *text;
    enum target_kind kind;
} suffixes[] = {
    {"及以上", TARGET_AT_LEAST}, {"以上", TARGET_AT_LEAST},
    {"以内", TARGET_AT_MOST}, {"以下", TARGET_AT_MOST}, {"之内", TARGET_AT_MOST},
};

static const char *skip_blanks(const char *s)
{
    for (;;) {
        if (*s == ' ' || *s == '\t')
            s++;
        else if (!strncmp(s, "\xe3\x80\x80", 3))   /* ideographic space */
            s += 3;
        else
            return s;
    }
}

/* The comparison s starts with (*kind), and where the rest begins. */
static const char *take_comparator(const char *s, enum target_kind *kind)
{
    s = skip_blanks(s);
    for (size_t k = 0; k < sizeof comparators / sizeof comparators[0]; k++) {
        size_t n = strlen(comparators[k].text);
        if (!strncmp(s, comparators[k].text, n)) {
            *kind = comparators[k].kind;
            return skip_blanks(s + n);
        }
    }
    *kind = TARGET_NONE;
    return s;
}

/* A number at s ("1,234.5", full-width digits too) into *v; the unit after
 * it into unit (trimmed, ％ read as %). Returns false when s has none. */
static bool take_number(const char *s, struct decimal *v, char *unit, size_t usize)
{
    char num[64];
    size_t k = 0;
    const char *p = s;
    for (;;) {
        if ((*p >= '0' && *p <= '9') || *p == '.' || *p == ',') {
            if (k + 1 >= sizeof num)
                return false;
            num[k++] = *p++;
        } else if ((unsigned char)p[0] == 0xEF && (unsigned char)p[1] == 0xBC &&
                   (((unsigned char)p[2] >= 0x90 && (unsigned char)p[2] <= 0x99) ||
                    (unsigned char)p[2] == 0x8E)) {
            if (k + 1 >= sizeof num)
                return false;
            num[k++] = (unsigned char)p[2] == 0x8E ? '.' : (char)('0' + p[2] - (char)0x90);
            p += 3;
        } else {
            break;
        }
    }
    num[k] = '\0';
    const char *why;
    if (!k || !num_parse_decimal(num, v, NULL, &why))
        return false;
    p = skip_blanks(p);
    if (!strncmp(p, "\xef\xbc\x85", 3)) {   /* ％ */
        snprintf(unit, usize, "%%%s", p + 3);
    } else {
        size_t len = strlen(p);
        if (len >= usize) {
            /* a long remark after the number: keep whole characters */
            len = u8_prev(p, usize);
        }
        memcpy(unit, p, len);
        unit[len] = '\0';
    }
    size_t len = strlen(unit);
    while (len && (unit[len - 1] == ' ' || unit[len - 1] == '\t'))
        unit[--len] = '\0';
    return true;
}

/* 以上 / 以内 at the end of the unit: the comparison, and the unit without it. */
static enum target_kind take_suffix(char *unit)
{
    size_t len = strlen(unit);
    for (size_t k = 0; k < sizeof suffixes / sizeof suffixes[0]; k++) {
        size_t n = strlen(suffixes[k].text);
        if (len >= n && !strcmp(unit + len - n, suffixes[k].text)) {
            unit[len - n] = '\0';
            while (len - n > 0 && unit[len - n - 1] == ' ')
                unit[--len - n] = '\0';
            return suffixes[k].kind;
        }
    }
    return TARGET_NONE;
}

static bool is_digit(char c) { return c >= '0' && c <= '9'; }

/* Digits at *p as a number (at most 4), moving *p past them. */
static int take_int(const char **p)
{
    int v = 0, k = 0;
    while (is_digit(**p) && k < 4) {
        v = v * 10 + (**p - '0');
        (*p)++;
        k++;
    }
    return k ? v : -1;
}

/* "2021年12月31日", "2021年12月", "2021年", "2021-12-31", "2021.12", "2021/12":
 * true with the parts (0 for a part not given). */
static bool take_date(const char *s, int *y, int *m, int *d)
{
    const char *p = skip_blanks(s);
    if (!(is_digit(p[0]) && is_digit(p[1]) && is_digit(p[2]) && is_digit(p[3])))
        return false;
    *y = take_int(&p);
    *m = *d = 0;
    bool cjk = !strncmp(p, "年", 3);
    if (!cjk && *p != '-' && *p != '.' && *p != '/')
        return false;
    char sep = *p;
    p += cjk ? 3 : 1;
    if (!is_digit(*p))
        return cjk;   /* 2021年 */
    *m = take_int(&p);
    if (*m < 1 || *m > 12)
        return false;
    if (cjk ? strncmp(p, "月", 3) != 0 : *p != sep)
        return cjk ? false : true;   /* 2021-12 */
    p += cjk ? 3 : 1;
    if (is_digit(*p)) {
        *d = take_int(&p);
        if (*d < 1 || *d > 31)
            return false;
    }
    return true;
}

int target_parse(const char *text, struct target *t, char *why, size_t n)
{
    memset(t, 0, sizeof *t);
    const char *s = skip_blanks(text);
    if (!*s)
        return 0;
    enum target_kind cmp;
    const char *rest = take_comparator(s, &cmp);
    if (take_date(rest, &t->year, &t->month, &t->day)) {
        t->kind = TARGET_DATE;
        return 0;
    }
    if (take_number(rest, &t->value, t->unit, sizeof t->unit)) {
        enum target_kind suffix = take_suffix(t->unit);
        t->kind = cmp != TARGET_NONE ? cmp : suffix != TARGET_NONE ? suffix : TARGET_EXACT;
        return 0;
    }
    if (cmp != TARGET_NONE) {
        if (why && n)
            u8_snprintf(why, n, _("年度指标值 \"%s\": no number after the comparison"), text);
        return -1;
    }
    t->kind = TARGET_TEXT;
    return 0;
}

/* An actual value that says the work was done on time. */
static bool says_on_time(const char *s)
{
    static const char *const words[] = {"按时完成", "已按时完成", "按期完成", "如期完成",
                                        "提前完成", "已完成", "完成", "是"};
    s = skip_blanks(s);
    for (size_t k = 0; k < sizeof words / sizeof words[0]; k++)
        if (!strcmp(s, words[k]))
            return true;
    return false;
}

/* Done by the target date: a month or a year given alone means its end. */
static bool date_met(const struct target *t, int y, int m, int d)
{
    if (y != t->year || !t->month)
        return y <= t->year;
    if (!m)
        return false;   /* the year only, against a month: not shown to be met */
    if (m != t->month)
        return m < t->month;
    return !t->day || !d || d <= t->day;
}

static enum target_result full(pts_t points, pts_t *score)
{
    *score = points;
    return TARGET_SCORED;
}

static enum target_result typed(char *why, size_t n, const char *msg, const char *text)
{
    if (why && n)
        u8_snprintf(why, n, msg, text);
    return TARGET_TYPED;
}

/* points x num / den, capped at points (den > 0). */
static enum target_result ratio_score(struct rat num, struct rat den, pts_t points, pts_t *score,
                                      char *why, size_t n)
{
    struct rat r, s;
    if (rat_cmp(num, den) >= 0)
        return full(points, score);
    if (!rat_div(num, den, &r) || !rat_mul(r, rat_from_pts(points), &s) ||
        !rat_to_pts(s, score)) {
        if (why && n)
            u8_snprintf(why, n, "%s", _("numbers too large to compute"));
        return TARGET_BAD;
    }
    return TARGET_SCORED;
}

static enum target_result number_score(const struct target *t, const char *actual, pts_t points,
                                       pts_t *score, char *why, size_t n)
{
    enum target_kind ignored;
    struct decimal a;
    char unit[32];
    const char *p = take_comparator(actual, &ignored);
    if (!take_number(p, &a, unit, sizeof unit)) {
        if (why && n)
            u8_snprintf(why, n, _("实际完成值 \"%s\" is not a number to compare with the target"),
                        actual);
        return TARGET_BAD;
    }
    take_suffix(unit);
    if (*unit && *t->unit && strcmp(unit, t->unit)) {
        if (why && n)
            u8_snprintf(why, n, _("实际完成值 is in %s but the target in %s: write both in the same unit"),
                        unit, t->unit);
        return TARGET_BAD;
    }
    struct rat av = rat_from_decimal(a), tv = rat_from_decimal(t->value), zero = rat_int(0);
    switch (t->kind) {
    case TARGET_AT_LEAST:
        if (rat_cmp(tv, zero) <= 0)
            return full(points, score);
        return ratio_score(av, tv, points, score, why, n);
    case TARGET_AT_MOST:
        if (rat_cmp(av, tv) <= 0)
            return full(points, score);
        return ratio_score(tv, av, points, score, why, n);
    default:
        if (rat_cmp(av, tv) == 0)
            return full(points, score);
        return typed(why, n, _("the target is not met exactly (实际完成值 %s): type the score"),
                     actual);
    }
}

enum target_result target_score(const struct target *t, const char *actual, pts_t points,
                                pts_t *score, char *why, size_t n)
{
    *score = PTS_NONE;
    if (why && n)
        why[0] = '\0';
    if (!*skip_blanks(actual)) {
        if (why && n)
            u8_snprintf(why, n, "%s", _("实际完成值 not entered yet"));
        return TARGET_NO_ACTUAL;
    }
    switch (t->kind) {
    case TARGET_AT_LEAST:
    case TARGET_AT_MOST:
    case TARGET_EXACT:
        return number_score(t, actual, points, score, why, n);
    case TARGET_DATE: {
        int y, m, d;
        enum target_kind ignored;
        if (says_on_time(actual))
            return full(points, score);
        if (take_date(take_comparator(actual, &ignored), &y, &m, &d) && date_met(t, y, m, d))
            return full(points, score);
        return typed(why, n, _("not done by the target date (实际完成值 %s): type the score"),
                     actual);
    }
    case TARGET_TEXT:
        return typed(why, n, "%s", _("a qualitative target: type the score in its band"));
    case TARGET_NONE:
        break;
    }
    return typed(why, n, "%s", _("not scored yet"));
}

int target_band(pts_t score, pts_t points)
{
    /* score / points >= 80%  <=>  100 score >= 80 points, exactly */
    if (score * 100 >= points * 80)
        return 0;
    if (score * 100 >= points * 60)
        return 1;
    return 2;
}

const char *target_band_name(int band)
{
    switch (band) {
    case 0: return _("达成年度指标");
    case 1: return _("部分达成并具有一定效果");
    default: return _("未达成且效果较差");
    }
}

void target_band_range(int band, pts_t points, pts_t *lo, pts_t *hi)
{
    static const int top[] = {100, 80, 60}, bottom[] = {80, 60, 0};
    int b = band < 0 ? 0 : band > 2 ? 2 : band;
    /* hundredths of points: exact for points up to PTS_MAX / 100 */
    *hi = points * top[b] / 100;
    *lo = (points * bottom[b] + 99) / 100;
}

const char *target_kind_name(enum target_kind k)
{
    switch (k) {
    case TARGET_AT_LEAST: return _("at least (正向)");
    case TARGET_AT_MOST: return _("at most (反向)");
    case TARGET_EXACT: return _("exactly");
    case TARGET_DATE: return _("by a date");
    case TARGET_TEXT: return _("qualitative (定性)");
    case TARGET_NONE: break;
    }
    return "";
}
