/* history.h - undo and redo over draft edits.
 *
 * Each committed change is recorded as a pair (forward, inverse). Undo
 * applies the inverse, redo the forward; a new change drops the redo tail.
 */
#ifndef JIXIAO_HISTORY_H
#define JIXIAO_HISTORY_H

#include <stdbool.h>
#include <stddef.h>
#include "draft.h"
#include "compiler.h"

struct history;

struct history *history_new(void) JX_WARN_UNUSED;
void history_free(struct history *h);

/* Record a change already applied to the draft. Copies both edits. */
int history_push(struct history *h, const struct edit *forward, const struct edit *inverse)
    JX_WARN_UNUSED JX_NONNULL(1, 2, 3);

/* Undo / redo one change. Return 0 and store in *id the id of the node the
 * change touched (owned by the history, valid until the next call), 1 when
 * there is nothing to undo/redo, -1 when the draft refused (why). */
int history_undo(struct history *h, struct draft *d, const char **id, char *why, size_t n)
    JX_WARN_UNUSED JX_NONNULL(1, 2);
int history_redo(struct history *h, struct draft *d, const char **id, char *why, size_t n)
    JX_WARN_UNUSED JX_NONNULL(1, 2);

size_t history_depth(const struct history *h);   /* changes that can be undone */

/* The change that undo (redo) would apply now, or NULL when there is none.
 * Owned by the history. The editor journals it as a plain change, so a
 * journal begun after a save replays without the history before it. */
const struct edit *history_next(const struct history *h, bool redo);

#endif
