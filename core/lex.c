/* lex.c - characters and tokens shared by figures, rules and expressions.
 *
 * Chinese input methods produce full-width punctuation and digits; mapping
 * them here, in one place, makes every parser accept them alike.
 */
#include "expr.h"
#include "utf8.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int lex_char(const char *s, size_t len, size_t pos, size_t *adv)
{
    *adv = 0;
    if (pos >= len)
        return LEX_END;
    unsigned char c = (unsigned char)s[pos];
    *adv = 1;
    if (c < 0x80)
        return c;
    if (len - pos >= 3) {
        unsigned char c1 = (unsigned char)s[pos + 1], c2 = (unsigned char)s[pos + 2];
        if (c == 0xE3 && c1 == 0x80 && c2 == 0x80) {   /* U+3000 ideographic space */
            *adv = 3;
            return ' ';
        }
        /* U+FF01..U+FF5E mirror ASCII 0x21..0x7E. Letters are left alone:
         * only punctuation and digits change meaning. */
        if (c == 0xEF && (c1 == 0xBC || c1 == 0xBD) && (c2 & 0xC0) == 0x80) {
            unsigned cp = 0xF000u | ((c1 & 0x3Fu) << 6) | (c2 & 0x3Fu);
            int a = (int)(cp - 0xFF01u) + 0x21;
            bool letter = (a >= 'A' && a <= 'Z') || (a >= 'a' && a <= 'z');
            if (cp >= 0xFF01 && cp <= 0xFF5E && !letter) {
                *adv = 3;
                return a;
            }
        }
    }
    return LEX_OTHER;
}

size_t lex_skip_space(const char *s, size_t len, size_t pos, bool newlines)
{
    size_t adv;
    for (;;) {
        int c = lex_char(s, len, pos, &adv);
        if (c == ' ' || c == '\t' || c == '\r' || (newlines && c == '\n'))
            pos += adv;
        else
            return pos;
    }
}

static bool is_digit(int c)
{
    return c >= '0' && c <= '9';
}

static bool is_alpha(int c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

bool lex_is_ident(int c)
{
    return is_alpha(c) || is_digit(c) || c == LEX_OTHER;
}

size_t lex_ident_len(const char *s, size_t len, size_t pos)
{
    size_t p = pos, adv;
    int c = lex_char(s, len, p, &adv);
    if (!is_alpha(c) && c != LEX_OTHER)
        return 0;
    while (lex_is_ident(c)) {
        p += adv;
        c = lex_char(s, len, p, &adv);
    }
    return p - pos;
}

char *lex_normalize(const char *s, size_t start, size_t end)
{
    char *out = malloc(end - start + 1), *o = out;
    if (!out)
        return NULL;
    size_t adv;
    for (size_t p = start; p < end; p += adv) {
        int c = lex_char(s, end, p, &adv);
        *o++ = c == LEX_OTHER ? s[p] : (char)c;
    }
    *o = '\0';
    return out;
}

int lex_cmp(const char *a, size_t alen, const char *b, size_t blen)
{
    size_t i = 0, j = 0, ai, bj;
    for (;;) {
        int x = lex_char(a, alen, i, &ai), y = lex_char(b, blen, j, &bj);
        /* Other bytes compare as themselves, above all of ASCII. */
        if (x == LEX_OTHER)
            x = (unsigned char)a[i];
        if (y == LEX_OTHER)
            y = (unsigned char)b[j];
        if (x != y)
            return x < y ? -1 : 1;
        if (x == LEX_END)
            return 0;
        i += ai;
        j += bj;
    }
}

static int fig_cmp(const char *name, size_t n, const struct figure_def *f)
{
    const char *fn = f->name ? f->name : "";
    return lex_cmp(name, n, fn, strlen(fn));
}

size_t lex_find_figure(const struct figure_def *figs, size_t nfigs,
                       const struct figure_def *const *byname, const char *name, size_t n)
{
    if (!byname) {
        for (size_t i = 0; i < nfigs; i++)
            if (fig_cmp(name, n, &figs[i]) == 0)
                return i;
        return nfigs;
    }
    size_t lo = 0, hi = nfigs;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = fig_cmp(name, n, byname[mid]);
        if (c == 0)
            return (size_t)(byname[mid] - figs);
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return nfigs;
}

static int byname_cmp(const void *a, const void *b)
{
    const struct figure_def *fa = *(const struct figure_def *const *)a;
    const char *na = fa->name ? fa->name : "";
    return fig_cmp(na, strlen(na), *(const struct figure_def *const *)b);
}

const struct figure_def **lex_figure_index(const struct figure_def *figs, size_t nfigs)
{
    const struct figure_def **v = nfigs ? malloc(nfigs * sizeof *v) : NULL;
    if (!v)
        return NULL;
    for (size_t i = 0; i < nfigs; i++)
        v[i] = &figs[i];
    qsort(v, nfigs, sizeof *v, byname_cmp);
    return v;
}

size_t lex_number(const char *s, size_t len, size_t pos, struct rat *out, bool *percent,
                  bool *fits)
{
    size_t p = pos, adv, adv2;
    int c = lex_char(s, len, p, &adv);
    int64_t mant = 0, den = 1;
    bool ok = true;
    *percent = false;
    if (!is_digit(c))
        return 0;
    for (bool frac = false;;) {
        if (is_digit(c)) {
            ok = ok && !__builtin_mul_overflow(mant, 10, &mant) &&
                 !__builtin_add_overflow(mant, c - '0', &mant) &&
                 !(frac && __builtin_mul_overflow(den, 10, &den));
        } else if (c == '.' && !frac && is_digit(lex_char(s, len, p + adv, &adv2))) {
            frac = true;
        } else {
            break;
        }
        p += adv;
        c = lex_char(s, len, p, &adv);
    }
    if (c == '%') {
        *percent = true;
        p += adv;
        ok = ok && !__builtin_mul_overflow(den, 100, &den);
    }
    *out = rat_int(0);
    *fits = ok;
    if (ok)
        rat_div(rat_int(mant), rat_int(den), out);   /* reduces; cannot fail */
    return p - pos;
}

const char *lex_quote(const char *s, size_t start, size_t end, char *buf, size_t size)
{
    size_t n = end - start, max = size > 48 ? 40 : (size > 8 ? size - 8 : 0);
    bool cut = n > max;
    if (cut) {
        n = max;
        while (n > 0 && ((unsigned char)s[start + n] & 0xC0) == 0x80)
            n--;   /* never split a UTF-8 character */
    }
    size_t o = 0;
    if (size == 0)
        return buf;
    buf[o++] = '\'';
    for (size_t i = 0; i < n && o + 5 < size; i++) {
        unsigned char c = (unsigned char)s[start + i];
        buf[o++] = c < 0x20 || c == 0x7F ? ' ' : (char)c;
    }
    if (cut && o + 5 < size) {
        memcpy(buf + o, "...", 3);
        o += 3;
    }
    buf[o++] = '\'';
    buf[o] = '\0';
    return buf;
}

void rule_say(char *why, size_t whylen, const char *fmt, ...)
{
    if (!why || whylen == 0)
        return;
    va_list ap;
    va_start(ap, fmt);
    u8_vsnprintf(why, whylen, fmt, ap);
    va_end(ap);
}

