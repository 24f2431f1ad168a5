/* draw.c - putting UTF-8 text on screen by display columns.
 *
 * Every width comes from core/utf8.h, the one width function, and text is
 * clipped before it reaches curses, so a wide character is drawn whole or
 * not at all. Characters unsafe for a terminal become U+FFFD.
 */
#include <stdint.h>
#include <string.h>
#include <wchar.h>

#include "ed.h"
#include "utf8.h"

/* Draw s[0..len) at (y, x), at most cols columns; returns columns used. */
int draw_text(WINDOW *w, int y, int x, const char *s, size_t len, int cols, attr_t a)
{
    if (len == (size_t)-1)
        len = strlen(s);
    if (cols <= 0)
        return 0;
    int used = 0;
    size_t n = u8_clip(s, len, cols, &used);
    wchar_t wbuf[256];
    size_t wn = 0;
    wattrset(w, a);
    wmove(w, y, x);
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        i += u8_decode(s + i, n - i, &cp);
        if (u8_is_unsafe(cp))
            cp = U8_PLACEHOLDER;
        wbuf[wn++] = (wchar_t)cp;
        if (wn == sizeof wbuf / sizeof wbuf[0] - 1) {
            waddnwstr(w, wbuf, (int)wn);
            wn = 0;
        }
    }
    if (wn)
        waddnwstr(w, wbuf, (int)wn);
    return used;
}

/* Like draw_text but marks a cut with '~' in the last column (as tig
 * does), so a clipped name never looks complete. */
int draw_text_clip(WINDOW *w, int y, int x, const char *s, int cols, attr_t a)
{
    if (cols <= 0)
        return 0;
    size_t len = strlen(s);
    if (u8_width(s, len) <= cols)
        return draw_text(w, y, x, s, len, cols, a);
    int used = draw_text(w, y, x, s, len, cols - 1, a);
    /* A wide character that did not fit leaves a gap: fill it. */
    draw_fill(w, y, x + used, cols - 1 - used, a);
    mvwaddch(w, y, x + cols - 1, '~' | a);
    return cols;
}

/* Like draw_text_clip for a message: a message too long for its row keeps
 * its beginning and its end, with '~' for what is left out between them,
 * so that both the place (a file, an indicator) and the reason (usually
 * last) are seen. */
int draw_text_elide(WINDOW *w, int y, int x, const char *s, int cols, attr_t a)
{
    size_t len = strlen(s);
    if (cols < 16 || u8_width(s, len) <= cols)
        return draw_text_clip(w, y, x, s, cols, a);
    int head = cols / 2, tail = cols - head - 1;
    /* the longest end of s that fits in tail columns */
    size_t t = len;
    int tw = 0;
    while (t > 0) {
        size_t p = u8_prev(s, t);
        uint32_t cp;
        u8_decode(s + p, t - p, &cp);
        int cw = u8_cpwidth(cp);
        if (tw + cw > tail)
            break;
        tw += cw;
        t = p;
    }
    int used = draw_text(w, y, x, s, len, head, a);
    draw_fill(w, y, x + used, head - used, a);   /* a wide character that did not fit */
    mvwaddch(w, y, x + head, '~' | a);
    draw_fill(w, y, x + head + 1, tail - tw, a);
    draw_text(w, y, x + head + 1 + tail - tw, s + t, len - t, tw, a);
    return cols;
}

void draw_fill(WINDOW *w, int y, int x, int cols, attr_t a)
{
    if (cols <= 0)
        return;
    wattrset(w, a);
    mvwhline(w, y, x, ' ', cols);
}

static bool is_word_byte(char c)
{
    return (unsigned char)c > ' ' && (unsigned char)c < 0x80;
}

size_t draw_wrap(const char *s, size_t len, int cols, size_t *shown)
{
    const char *nl = memchr(s, '\n', len);
    size_t line = nl ? (size_t)(nl - s) : len;
    int used;
    size_t n = u8_clip(s, line, cols < 1 ? 1 : cols, &used);
    if (n == 0 && line > 0) {
        /* Not even one character fits: take it anyway, it will be clipped. */
        uint32_t cp;
        n = u8_decode(s, line, &cp);
    }
    if (n < line) {
        /* Break English text at a space rather than inside a word; CJK
         * text may break between any two characters. */
        if (is_word_byte(s[n]) && n > 0 && is_word_byte(s[n - 1])) {
            size_t sp = n;
            while (sp > 0 && s[sp - 1] != ' ')
                sp--;
            if (sp > 0)
                n = sp;
        }
        size_t drawn = n;
        while (drawn > 0 && s[drawn - 1] == ' ')
            drawn--;
        *shown = drawn ? drawn : n;
        while (n < line && s[n] == ' ')
            n++;
        return n;
    }
    *shown = line > 0 && s[line - 1] == '\r' ? line - 1 : line;
    return nl ? line + 1 : line;
}

int draw_count_lines(const char *s, int cols)
{
    size_t len = strlen(s);
    int lines = 0;
    size_t shown;
    while (len > 0) {
        size_t n = draw_wrap(s, len, cols, &shown);
        s += n;
        len -= n;
        lines++;
    }
    return lines;
}
