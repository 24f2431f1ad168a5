/* say.c - text from files to a terminal, made safe (say.h). */
#include "say.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "strbuf.h"
#include "utf8.h"

/* s with every unsafe character or invalid byte as U+FFFD: to b, or
 * straight to f when b is NULL. */
static void safe_copy(struct strbuf *b, FILE *f, const char *s, size_t len)
{
    size_t run = 0;   /* start of the bytes copied as they are */
    for (size_t i = 0; i <= len;) {
        uint32_t cp = 0;
        size_t k = i < len ? u8_decode(s + i, len - i, &cp) : 0;
        /* an invalid byte decodes as U+FFFD too: write that, not the byte
         * (0x9B alone is a CSI to a terminal in 8-bit mode) */
        bool bad = i < len && (u8_is_unsafe(cp) || cp == U8_PLACEHOLDER);
        if (bad || i == len) {
            const char *with = bad ? "\xEF\xBF\xBD" : "";
            if (b) {
                strbuf_put(b, s + run, i - run);
                strbuf_puts(b, with);
            } else {
                fwrite(s + run, 1, i - run, f);
                fputs(with, f);
            }
            run = i + k;
        }
        if (i == len)
            break;
        i += k;
    }
}

/* One write for the whole text: stderr is unbuffered, and a write per
 * character made `check` on 100k rows spend most of its time in the
 * kernel. */
static void safe_write(FILE *f, const char *s, size_t len, bool newline)
{
    struct strbuf b = {0};
    safe_copy(&b, f, s, len);
    if (newline)
        strbuf_put(&b, "\n", 1);
    if (!b.oom) {
        fwrite(b.p ? b.p : "", 1, b.n, f);
    } else {   /* out of memory: piece by piece */
        safe_copy(NULL, f, s, len);
        if (newline)
            fputc('\n', f);
    }
    strbuf_free(&b);
}

void say_safe(FILE *f, const char *s, size_t len)
{
    safe_write(f, s, len, false);
}

void say_lines(FILE *f, const char *s, size_t len)
{
    for (size_t i = 0, start = 0; i <= len; i++) {
        bool end = i == len || s[i] == '\n';
        if (!end)
            continue;
        size_t stop = i > start && s[i - 1] == '\r' && i < len ? i - 1 : i;   /* CRLF */
        say_safe(f, s + start, stop - start);
        if (i < len)
            fwrite(s + stop, 1, i + 1 - stop, f);
        start = i + 1;
    }
}

void say(const char *fmt, ...)
{
    char small[1024], *buf = small;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    if ((size_t)n >= sizeof small && (buf = malloc((size_t)n + 1))) {
        va_start(ap, fmt);
        vsnprintf(buf, (size_t)n + 1, fmt, ap);
        va_end(ap);
    }
    if (!buf)
        buf = small;   /* out of memory: the beginning */
    size_t len = strlen(buf);
    if (len && buf[len - 1] == '\n')
        len--;   /* a translated line may end with its newline */
    safe_write(stderr, buf, len, true);
    if (buf != small)
        free(buf);
}

void say_diags(const struct diags *d)
{
    for (size_t i = 0; i < d->n; i++) {
        const struct diag *x = &d->v[i];
        const char *warn = x->level == DIAG_WARNING  ? _("warning: ")
                           : x->level == DIAG_NOTICE ? _("notice: ")
                                                     : "";
        if (x->file && x->line > 0)
            say("%s:%ld: %s%s", x->file, x->line, warn, x->msg);
        else if (x->file)
            say("%s: %s%s", x->file, warn, x->msg);
        else
            say("%s%s", warn, x->msg);
    }
    if (d->dropped)
        fprintf(stderr, _("... and %zu more problems\n"), d->dropped);
}
