/* diff.h - what changed between two drafts of the same form.
 *
 * Indicators are matched by id. For each one the entered and reviewed
 * values are compared: score (as shown), each figure, each mark, the note
 * (扣分说明), the override reason (改分理由; an overridden score reads
 * "1（改）"), the review score, status and comment, the evidence list, and
 * for the unit's own indicators their name, points and description. Custom
 * indicators present in only one draft are reported as added or removed.
 * Subtotals are not listed (they follow from the leaves); the totals of
 * both drafts are given. Pure: never prints.
 */
#ifndef JIXIAO_DIFF_H
#define JIXIAO_DIFF_H

#include <stdbool.h>
#include <stddef.h>
#include "draft.h"
#include "num.h"
#include "compiler.h"

enum diff_field {
    DIFF_META,           /* key: unit|year|assessor */
    DIFF_ADDED,          /* a custom indicator only in the second draft */
    DIFF_REMOVED,        /* a custom indicator only in the first draft */
    DIFF_NAME,           /* custom indicators */
    DIFF_POINTS,         /* custom indicators */
    DIFF_DESCRIPTION,    /* custom indicators */
    DIFF_SCORE,          /* the leaf's score as shown, "" when unscored */
    DIFF_FIGURE,         /* key: the figure's label */
    DIFF_MARK,           /* key: the rule part's label */
    DIFF_NOTE,
    DIFF_REVIEW_SCORE,
    DIFF_REVIEW_STATUS,
    DIFF_REVIEW_COMMENT,
    DIFF_EVIDENCE,
    DIFF_OVERRIDE,       /* 改分理由: the reason of a score typed over the formula */
};

struct diff_change {
    enum diff_field field;
    char *id;       /* "" for DIFF_META */
    char *name;     /* the indicator's name (from the draft that has it) */
    char *key;      /* figure/mark label or meta key, else "" */
    char *before;   /* "" when empty or absent */
    char *after;
};

struct diff {
    struct diff_change *v;
    size_t n, cap;
    pts_t total[2], review_total[2];
    const char *grade[2], *review_grade[2];   /* owned by the forms */
    int scored[2], leaves[2], reviewed[2];
    bool oom;
};

/* Compare a (before) with b (after). Both must be drafts of forms with the
 * same name; each draft keeps its own form. Fills *out (free with
 * diff_free). Returns the number of changes, or -1 when out of memory. */
long diff_drafts(const struct draft *a, const struct draft *b, struct diff *out)
    JX_WARN_UNUSED JX_NONNULL(1, 2, 3);
void diff_free(struct diff *d);

/* The changed characters of a text (a note, a comment): spans that are the
 * same in both, only in the old (removed) or only in the new (added), in
 * order, each pointing into a or b; whole UTF-8 characters always. The
 * common start and end are found first; the rest by a longest common
 * subsequence of characters while it has at most DIFF_TEXT_CELLS cells,
 * else it is one removal and one addition. */
enum diff_span_kind { SPAN_SAME, SPAN_DEL, SPAN_INS };
struct diff_span {
    enum diff_span_kind kind;
    const char *s;
    size_t len;
};
#define DIFF_TEXT_CELLS (1u << 20)
/* *out (free() it) gets the spans; returns their number or -1 when out of
 * memory. */
long diff_text(const char *a, const char *b, struct diff_span **out) JX_WARN_UNUSED
    JX_NONNULL(1, 2, 3);

/* A field's label as shown: 得分, 扣分说明, 复核得分 ... (domain terms). */
const char *diff_field_label(enum diff_field f);

#endif
