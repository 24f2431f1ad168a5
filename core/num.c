/* num.c - parsing and printing exact decimals and hundredths. */
#include "num.h"

#include <stdio.h>
#include <string.h>

#include "i18n.h"

/* Copy s into buf, mapping full-width digits, '．', '％', '－', '，' and
 * ideographic space to ASCII, and trimming blanks. Returns false if too long. */
static bool num_normalise(const char *s, char *buf, size_t size)
{
    size_t n = 0;
    while (*s) {
        const unsigned char *u = (const unsigned char *)s;
        char c = 0;
        size_t adv = 1;
        if (u[0] == 0xEF && u[1] == 0xBC && u[2] >= 0x90 && u[2] <= 0x99) {
            c = (char)('0' + (u[2] - 0x90));       /* U+FF10..FF19 */
            adv = 3;
        } else if (u[0] == 0xEF && u[1] == 0xBC && u[2] == 0x8E) {
            c = '.', adv = 3;                      /* U+FF0E */
        } else if (u[0] == 0xEF && u[1] == 0xBC && u[2] == 0x85) {
            c = '%', adv = 3;                      /* U+FF05 */
        } else if (u[0] == 0xEF && u[1] == 0xBC && u[2] == 0x8D) {
            c = '-', adv = 3;                      /* U+FF0D */
        } else if (u[0] == 0xEF && u[1] == 0xBC && u[2] == 0x8C) {
            c = ',', adv = 3;                      /* U+FF0C */
        } else if (u[0] == 0xE3 && u[1] == 0x80 && u[2] == 0x80) {
            c = ' ', adv = 3;                      /* U+3000 */
        } else {
            c = *s;
        }
        if (n + 1 >= size)
            return false;
        buf[n++] = c;
        s += adv;
    }
    buf[n] = '\0';
    size_t a = 0;
    while (buf[a] == ' ' || buf[a] == '\t')
        a++;
    while (n > a && (buf[n - 1] == ' ' || buf[n - 1] == '\t'))
        n--;
    memmove(buf, buf + a, n - a);
    buf[n - a] = '\0';
    return true;
}

/* Plain digits with at most one dot ("86.17", "4"): the form of nearly
 * every number in a saved draft, read without the copy and the checks for
 * full-width forms, signs and separators. False for anything else (and
 * for more digits or decimals than it takes): the full parser decides. */
static bool parse_plain(const char *s, struct decimal *out)
{
    int64_t mant = 0;
    int scale = 0, digits = 0;
    bool dot = false;
    for (; *s; s++) {
        if (*s >= '0' && *s <= '9') {
            if (digits == 17 || (dot && scale == 6))
                return false;
            mant = mant * 10 + (*s - '0');
            digits++;
            scale += dot;
        } else if (*s == '.' && !dot) {
            dot = true;
        } else {
            return false;
        }
    }
    if (!digits)
        return false;
    while (scale > 0 && mant % 10 == 0) {
        mant /= 10;
        scale--;
    }
    out->mant = mant;
    out->scale = scale;
    return true;
}

bool num_parse_decimal(const char *s, struct decimal *out, bool *percent, const char **why)
{
    if (parse_plain(s, out)) {
        if (percent)
            *percent = false;
        return true;
    }
    char buf[64];
    if (!num_normalise(s, buf, sizeof buf)) {
        *why = N_("number is too long");
        return false;
    }
    char *p = buf;
    if (!*p) {
        *why = N_("empty value");
        return false;
    }
    bool neg = false, pct = false;
    if (*p == '-' || *p == '+') {
        neg = *p == '-';
        p++;
    }
    size_t len = strlen(p);
    if (len && p[len - 1] == '%') {
        pct = true;
        p[--len] = '\0';
        while (len && p[len - 1] == ' ')
            p[--len] = '\0';
    }
    int64_t mant = 0;
    int scale = 0, digits = 0, group = -1;
    bool dot = false;
    for (; *p; p++) {
        if (*p >= '0' && *p <= '9') {
            if (dot) {
                if (scale == 6) {
                    *why = N_("too many decimals");
                    return false;
                }
                scale++;
            }
            if (group >= 0)
                group++;
            if (mant > (INT64_C(999999999999999999) - 9) / 10) {
                *why = N_("number is too large");
                return false;
            }
            mant = mant * 10 + (*p - '0');
            digits++;
        } else if (*p == '.' && !dot) {
            if (group >= 0 && group != 3) {
                *why = N_("misplaced thousands separator");
                return false;
            }
            group = -1;
            dot = true;
        } else if (*p == ',' && !dot && digits > 0) {
            if (group >= 0 && group != 3) {
                *why = N_("misplaced thousands separator");
                return false;
            }
            if (group < 0 && digits > 3) {
                *why = N_("misplaced thousands separator");
                return false;
            }
            group = 0;
        } else {
            *why = N_("not a number");
            return false;
        }
    }
    if (group >= 0 && group != 3) {
        *why = N_("misplaced thousands separator");
        return false;
    }
    if (digits == 0) {
        *why = N_("not a number");
        return false;
    }
    /* canonical: drop trailing zeros of the fraction */
    while (scale > 0 && mant % 10 == 0) {
        mant /= 10;
        scale--;
    }
    out->mant = neg ? -mant : mant;
    out->scale = scale;
    if (percent)
        *percent = pct;
    else if (pct) {
        *why = N_("a percent sign is not allowed here");
        return false;
    }
    return true;
}

bool num_parse_pts(const char *s, bool allow_negative, pts_t *out, const char **why)
{
    struct decimal d;
    if (!num_parse_decimal(s, &d, NULL, why))
        return false;
    if (d.scale > 2) {
        *why = N_("at most two decimals are allowed");
        return false;
    }
    if (d.mant < 0 && !allow_negative) {
        *why = N_("must not be negative");
        return false;
    }
    /* bound first: scaling 18 digits to hundredths would overflow */
    int64_t v = d.mant;
    for (int i = d.scale; i < 2; i++) {
        if (v > PTS_MAX || v < -PTS_MAX)
            break;
        v *= 10;
    }
    if (v > PTS_MAX || v < -PTS_MAX) {
        *why = N_("number is too large");
        return false;
    }
    *out = v;
    return true;
}

/* Digits by hand: scores are formatted for every row of a table or a
 * saved draft, and snprintf costs ten times as much. */
char *num_format_pts2(pts_t v, char *buf)
{
    uint64_t a = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    char tmp[24];
    size_t n = 0;
    uint64_t whole = a / 100;
    do {
        tmp[n++] = (char)('0' + whole % 10);
        whole /= 10;
    } while (whole);
    char *p = buf;
    if (v < 0)
        *p++ = '-';
    while (n)
        *p++ = tmp[--n];
    *p++ = '.';
    *p++ = (char)('0' + a % 100 / 10);
    *p++ = (char)('0' + a % 10);
    *p = '\0';
    return buf;
}

char *num_format_pts(pts_t v, char *buf)
{
    num_format_pts2(v, buf);
    size_t n = strlen(buf);
    if (buf[n - 1] == '0') {
        buf[--n] = '\0';
        if (buf[n - 1] == '0')
            buf[--n] = '\0';
    }
    if (buf[n - 1] == '.')
        buf[n - 1] = '\0';
    return buf;
}

char *num_format_decimal(struct decimal d, char *buf)
{
    uint64_t a = d.mant < 0 ? (uint64_t)0 - (uint64_t)d.mant : (uint64_t)d.mant;
    uint64_t p = 1;
    for (int i = 0; i < d.scale; i++)
        p *= 10;
    if (d.scale == 0) {
        snprintf(buf, NUM_BUF, "%s%llu", d.mant < 0 ? "-" : "", (unsigned long long)a);
        return buf;
    }
    snprintf(buf, NUM_BUF, "%s%llu.%0*llu", d.mant < 0 ? "-" : "", (unsigned long long)(a / p),
             d.scale, (unsigned long long)(a % p));
    size_t n = strlen(buf);
    while (buf[n - 1] == '0')
        buf[--n] = '\0';
    if (buf[n - 1] == '.')
        buf[n - 1] = '\0';
    return buf;
}
