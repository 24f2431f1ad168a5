/* cellsafe.h - keep spreadsheet formulas out of text cells.
 *
 * A text cell that a spreadsheet would run as a formula (it begins with
 * = + - @, a tab or a CR) is written with a leading apostrophe, and so is a
 * cell that already begins with one, so that reading strips exactly one
 * apostrophe and gives back the original text (OWASP CSV injection advice).
 */
#ifndef JIXIAO_CELLSAFE_H
#define JIXIAO_CELLSAFE_H

#include <stdbool.h>

struct strbuf;

/* True when s must be written with an apostrophe in front. */
bool cellsafe_needs_guard(const char *s);
/* The text as stored back from a cell: skips one leading apostrophe. */
const char *cellsafe_unguard(const char *s);

/* Append s as a CSV text field (via csvio_put_field), guarded. */
void cellsafe_put_field(struct strbuf *b, const char *s, bool first);

#endif
