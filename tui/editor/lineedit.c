/* lineedit.c - field text with a cursor on whole characters. */
#include "lineedit.h"

#include "grow.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "utf8.h"

static int reserve(struct lineedit *le, size_t need)
{
    /* need bytes and the NUL */
    char *p = grow_array(le->buf, &le->cap, need, 1, 1);
    if (!p)
        return -1;
    le->buf = p;
    return 0;
}

int lineedit_set(struct lineedit *le, const char *text)
{
    size_t n = text ? strlen(text) : 0;
    if (reserve(le, n) < 0)
        return -1;
    if (n)
        memcpy(le->buf, text, n);
    le->buf[n] = '\0';
    le->len = le->cur = n;
    return 0;
}

void lineedit_free(struct lineedit *le)
{
    free(le->buf);
    memset(le, 0, sizeof *le);
}

int lineedit_insert(struct lineedit *le, const char *s, size_t n)
{
    if (!u8_valid(s, n) || memchr(s, '\0', n) || reserve(le, le->len + n) < 0)
        return -1;
    memmove(le->buf + le->cur + n, le->buf + le->cur, le->len - le->cur + 1);
    memcpy(le->buf + le->cur, s, n);
    le->len += n;
    le->cur += n;
    return 0;
}

/* Width of the character at off, and its length in *n. */
static int char_at(const struct lineedit *le, size_t off, size_t *n)
{
    uint32_t cp;
    *n = u8_decode(le->buf + off, le->len - off, &cp);
    /* A newline is a line break, not a zero-width mark to skip over. */
    return cp == '\n' ? 1 : u8_cpwidth(cp);
}

/* Offset after the cluster that starts at off. */
static size_t next_stop(const struct lineedit *le, size_t off)
{
    if (off >= le->len)
        return le->len;
    size_t n;
    char_at(le, off, &n);
    off += n;
    while (off < le->len && char_at(le, off, &n) == 0)
        off += n;
    return off;
}

/* Offset of the cluster that ends at off. */
static size_t prev_stop(const struct lineedit *le, size_t off)
{
    while (off > 0) {
        off = u8_prev(le->buf, off);
        size_t n;
        if (char_at(le, off, &n) != 0)
            break;
    }
    return off;
}

bool lineedit_left(struct lineedit *le)
{
    size_t o = prev_stop(le, le->cur);
    bool moved = o != le->cur;
    le->cur = o;
    return moved;
}

bool lineedit_right(struct lineedit *le)
{
    size_t o = next_stop(le, le->cur);
    bool moved = o != le->cur;
    le->cur = o;
    return moved;
}

bool lineedit_home(struct lineedit *le)
{
    size_t o = le->cur;
    while (o > 0 && le->buf[o - 1] != '\n')
        o--;
    bool moved = o != le->cur;
    le->cur = o;
    return moved;
}

bool lineedit_end(struct lineedit *le)
{
    size_t o = le->cur;
    while (o < le->len && le->buf[o] != '\n')
        o++;
    bool moved = o != le->cur;
    le->cur = o;
    return moved;
}

static void cut(struct lineedit *le, size_t from, size_t to)
{
    memmove(le->buf + from, le->buf + to, le->len - to + 1);
    le->len -= to - from;
    le->cur = from;
}

bool lineedit_backspace(struct lineedit *le)
{
    if (le->cur == 0)
        return false;
    cut(le, prev_stop(le, le->cur), le->cur);
    return true;
}

bool lineedit_delete(struct lineedit *le)
{
    if (le->cur >= le->len)
        return false;
    cut(le, le->cur, next_stop(le, le->cur));
    return true;
}

bool lineedit_kill(struct lineedit *le)
{
    size_t o = le->cur;
    while (o > 0 && le->buf[o - 1] != '\n')
        o--;
    if (o == le->cur)
        return false;
    cut(le, o, le->cur);
    return true;
}
