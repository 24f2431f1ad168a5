/* lineedit.h - the text of a field being edited, with a cursor.
 *
 * Pure data, no curses, so it is unit-tested on its own. The cursor is a
 * byte offset that always sits on a character boundary, and never between
 * a character and the combining marks that follow it, so it can never land
 * inside a double-width character or split a cluster.
 */
#ifndef JIXIAO_LINEEDIT_H
#define JIXIAO_LINEEDIT_H

#include <stdbool.h>
#include <stddef.h>

struct lineedit {
    char *buf;     /* NUL-terminated UTF-8, never NULL after lineedit_set */
    size_t len;    /* bytes in buf */
    size_t cap;
    size_t cur;    /* cursor, byte offset */
};

/* Replace the text and put the cursor at its end. Returns 0 or -1 (ENOMEM). */
int lineedit_set(struct lineedit *le, const char *text);
void lineedit_free(struct lineedit *le);

/* Insert n bytes of UTF-8 at the cursor. Invalid bytes are refused (-1).
 * Returns 0 or -1. */
int lineedit_insert(struct lineedit *le, const char *s, size_t n);

/* Movement by characters (a base character with its combining marks is
 * one step). Home/End go to the start/end of the current line of a
 * multi-line text. Each returns true if the cursor moved. */
bool lineedit_left(struct lineedit *le);
bool lineedit_right(struct lineedit *le);
bool lineedit_home(struct lineedit *le);
bool lineedit_end(struct lineedit *le);

/* Deletion; return true if the text changed. Kill removes everything
 * before the cursor on its line (Ctrl-U). */
bool lineedit_backspace(struct lineedit *le);
bool lineedit_delete(struct lineedit *le);
bool lineedit_kill(struct lineedit *le);

#endif
