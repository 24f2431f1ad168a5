/* utf8.c - decoding and display width, the one width function. */
#define _XOPEN_SOURCE 700   /* wcwidth */
#include <stdio.h>
#include "utf8.h"

#include <string.h>
#include <wchar.h>

size_t u8_decode(const char *str, size_t len, uint32_t *cp)
{
    const unsigned char *s = (const unsigned char *)str;
    if (len == 0) {
        *cp = 0;
        return 0;
    }
    unsigned char c = s[0];
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    size_t need;
    uint32_t v, min;
    if (c >= 0xC2 && c <= 0xDF) {
        need = 2, v = c & 0x1F, min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
        need = 3, v = c & 0x0F, min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
        need = 4, v = c & 0x07, min = 0x10000;
    } else {
        *cp = U8_PLACEHOLDER;
        return 1;
    }
    if (len < need) {
        *cp = U8_PLACEHOLDER;
        return 1;
    }
    for (size_t i = 1; i < need; i++) {
        if ((s[i] & 0xC0) != 0x80) {
            *cp = U8_PLACEHOLDER;
            return 1;
        }
        v = (v << 6) | (s[i] & 0x3F);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) {
        *cp = U8_PLACEHOLDER;
        return 1;
    }
    *cp = v;
    return need;
}

bool u8_is_unsafe(uint32_t cp)
{
    if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0))
        return true;                          /* C0, DEL, C1 */
    if (cp >= 0x202A && cp <= 0x202E)
        return true;                          /* bidi embeddings/overrides */
    if (cp >= 0x2066 && cp <= 0x2069)
        return true;                          /* bidi isolates */
    if (cp == 0x200E || cp == 0x200F || cp == 0x061C)
        return true;                          /* bidi marks */
    return false;
}

int u8_cpwidth(uint32_t cp)
{
    /* the common cases without a libc call: printable ASCII, and the CJK
     * ideographs every table is written in (wide in every UTF-8 locale) */
    if (cp >= 0x20 && cp < 0x7F)
        return 1;
    if (cp >= 0x4E00 && cp <= 0x9FFF)
        return 2;
    if (u8_is_unsafe(cp))
        return 1;
    int w = wcwidth((wchar_t)cp);
    if (w < 0)
        return 1;                             /* drawn as the placeholder */
    return w;
}

int u8_width(const char *s, size_t len)
{
    if (len == (size_t)-1) {
        len = 0;
        while (s[len])
            len++;
    }
    int w = 0;
    size_t i = 0;
    while (i < len) {
        uint32_t cp;
        i += u8_decode(s + i, len - i, &cp);
        w += u8_cpwidth(cp);
    }
    return w;
}

size_t u8_clip(const char *s, size_t len, int cols, int *used)
{
    if (len == (size_t)-1) {
        len = 0;
        while (s[len])
            len++;
    }
    const unsigned char *u = (const unsigned char *)s;
    int w = 0;
    size_t i = 0;
    while (i < len) {
        /* printable ASCII and CJK ideographs (U+4E00..U+9FFF, leads
         * E4..E9) without the general decoder: a table is mostly these */
        if (u[i] >= 0x20 && u[i] < 0x7F) {
            if (w + 1 > cols)
                break;
            w++;
            i++;
            continue;
        }
        if (u[i] >= 0xE4 && u[i] <= 0xE9 && len - i >= 3 && (u[i + 1] & 0xC0) == 0x80 &&
            (u[i + 2] & 0xC0) == 0x80 && (u[i] > 0xE4 || u[i + 1] >= 0xB8)) {
            if (w + 2 > cols)
                break;
            w += 2;
            i += 3;
            continue;
        }
        uint32_t cp;
        size_t n = u8_decode(s + i, len - i, &cp);
        int cw = u8_cpwidth(cp);
        if (w + cw > cols)
            break;
        w += cw;
        i += n;
    }
    if (used)
        *used = w;
    return i;
}

/* Bytes 0..3 of a word loaded from memory, as if read little-endian. */

size_t u8_prev(const char *s, size_t off)
{
    if (off == 0)
        return 0;
    size_t i = off - 1;
    while (i > 0 && ((unsigned char)s[i] & 0xC0) == 0x80 && off - i < 4)
        i--;
    uint32_t cp;
    if (u8_decode(s + i, off - i, &cp) != off - i)
        return off - 1;                      /* invalid: step one byte */
    return i;
}

int u8_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
    int r = vsnprintf(buf, size, fmt, ap);
    if (r < 0 || size == 0 || (size_t)r < size)
        return r;
    /* cut: keep whole characters and room for the ellipsis */
    static const char ell[] = "\u2026";
    size_t el = sizeof ell - 1;
    if (size <= el) {
        buf[0] = '\0';
        return r;
    }
    size_t end = size - 1 - el;
    while (end > 0 && ((unsigned char)buf[end] & 0xC0) == 0x80)
        end--;
    memcpy(buf + end, ell, el + 1);
    return r;
}

int u8_snprintf(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int r = u8_vsnprintf(buf, size, fmt, ap);
    va_end(ap);
    return r;
}
