/* utf8.h - the one place that knows how wide text is on a terminal.
 *
 * Widths are display columns as jixiao draws them: CJK ideographs and
 * full-width punctuation are 2, combining marks 0, and characters that must
 * never reach a terminal (C0/C1 controls, DEL, bidi overrides and isolates,
 * invalid UTF-8) are drawn as the placeholder U+FFFD, which is 1 column.
 * The tables come from wcwidth() under a UTF-8 locale; callers must have
 * called setlocale(LC_CTYPE, ...) with a UTF-8 locale first.
 */
#ifndef JIXIAO_UTF8_H
#define JIXIAO_UTF8_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define U8_PLACEHOLDER 0xFFFD

/* Decode one character at s (at most len bytes). Returns the bytes used
 * (>= 1 when len >= 1) and stores the code point, or U8_PLACEHOLDER with
 * 1 byte consumed for an invalid sequence. */
size_t u8_decode(const char *s, size_t len, uint32_t *cp);

/* True for code points that are drawn as the placeholder. */
bool u8_is_unsafe(uint32_t cp);

/* Display width of one code point as drawn (unsafe -> 1). */
int u8_cpwidth(uint32_t cp);

/* Display width of a UTF-8 string (len bytes, or up to NUL if len == (size_t)-1). */
int u8_width(const char *s, size_t len);

/* Longest prefix of s that fits in cols columns, never splitting a
 * character: returns its length in bytes and its width in *used. */
size_t u8_clip(const char *s, size_t len, int cols, int *used);

/* True if s is valid UTF-8 (no overlongs, no surrogates, nothing above
 * U+10FFFF). u8_valid uses the machine's vector instructions where it
 * has them (AVX2); u8_valid_scalar never does (for tests). */
bool u8_valid(const char *s, size_t len);
bool u8_valid_scalar(const char *s, size_t len);

/* Byte offset of the start of the character before offset off (0 at 0). */
size_t u8_prev(const char *s, size_t off);

/* snprintf for messages that quote what a user typed: when the text does
 * not fit it is cut at a character boundary and ends with "…", never in
 * the middle of a character. Returns what vsnprintf returns. */
int u8_snprintf(char *buf, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
int u8_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
    __attribute__((format(printf, 3, 0)));

#endif
