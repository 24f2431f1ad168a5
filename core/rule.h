/* rule.h - scoring rules as data: figures, parts and expressions.
 *
 * A form gives each leaf indicator an optional list of figures (numbers the
 * user enters) and an optional rule (how the score is reached). The syntax
 * is documented in docs/forms.md; in short:
 *
 *   figures:  NAME:TYPE:LABEL; NAME:TYPE:LABEL ...
 *             TYPE is money (>= 0), count (integer >= 0), percent (0..100,
 *             entered as 32.74 meaning 32.74%) or rate (a percentage >= 0
 *             that may exceed 100).
 *   rule:     parts separated by ';' or new lines:
 *             check(LABEL, PTS)                 a criterion, marked met (PTS),
 *                                               not met (0) or partly (0..PTS)
 *             choice(LABEL, PTS, OPT=V, ...)    pick one option worth V
 *             calc(LABEL, PTS, EXPR)            computed from figures,
 *                                               clamped to [0, PTS]
 *             veto(LABEL)                       when marked, the whole
 *                                               indicator scores 0
 *             custom                            a placeholder the unit may
 *                                               replace by its own indicators
 *   EXPR:     numbers (0.5, 90%), figure names, + - * /, parentheses,
 *             < <= > >= == != (1 or 0), if(c, a, b), min(a, ...),
 *             max(a, ...), abs(a), tiers(x, t1, v1, t2, v2, ..., else)
 *             (the v of the first t with x >= t, else the last value).
 *
 * Full-width punctuation typed with a Chinese input method (，；：（）＝) is
 * accepted as its ASCII counterpart. Percent figures evaluate as fractions:
 * 32.74 entered is 0.3274 in an expression, and 90% is 0.9.
 */
#ifndef JIXIAO_RULE_H
#define JIXIAO_RULE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "num.h"
#include "compiler.h"

enum fig_type { FIG_MONEY, FIG_COUNT, FIG_PERCENT, FIG_RATE };

struct figure_def {
    char *name;        /* identifier used in expressions */
    enum fig_type type;
    char *label;       /* what the user is asked, e.g. 实际采购金额（万元） */
};

/* An entered figure: value as typed (exact decimal), percent not yet /100. */
struct figval {
    bool set;
    struct decimal v;
};

enum part_kind { PART_CHECK, PART_CHOICE, PART_CALC, PART_VETO };

struct choice_opt {
    char *label;
    pts_t value;
};

struct expr;   /* opaque parsed expression */

struct part {
    enum part_kind kind;
    char *label;
    pts_t points;              /* 0 for veto */
    struct choice_opt *opts;   /* choice only */
    size_t nopts;
    struct expr *expr;         /* calc only */
    char *source;              /* calc only: the expression as written */
    int scope;                 /* veto only: enum veto_scope */
};

/* What a marked veto zeroes: the indicator (veto(LABEL)), its whole
 * first-level group (veto(LABEL, group)) or the whole table
 * (veto(LABEL, all)). */
enum veto_scope { VETO_ITEM, VETO_GROUP, VETO_ALL };

struct rule {
    struct part *parts;
    size_t nparts;
    bool custom;               /* the "custom" placeholder keyword */
};

/* The most figures one indicator may ask for. */
#define RULE_MAX_FIGS 65535   /* form_node.nfigs is 16 bits */

/* Parse a figures cell. An empty cell gives *n == 0 and *out == NULL.
 * Returns 0, or -1 with a translated reason in why. */
int rule_parse_figures(const char *text, struct figure_def **out, size_t *n, char *why,
                       size_t whylen) JX_WARN_UNUSED JX_NONNULL(2, 3);
void rule_free_figures(struct figure_def *f, size_t n);

/* Parse a rule cell against the indicator's figures and points. Checks that
 * every name refers to a figure, labels are unique and contain neither '='
 * nor ';', choice values lie in [0, PTS], and the parts' points add up to
 * points. An empty cell returns NULL with why[0] == 0 (direct scoring).
 * On error returns NULL with a translated reason in why. */
/* True when text is the "custom" placeholder alone (blanks around it). */
bool rule_is_placeholder(const char *text);
struct rule *rule_parse(const char *text, const struct figure_def *figs, size_t nfigs,
                        pts_t points, char *why, size_t whylen) JX_WARN_UNUSED;
void rule_free(struct rule *r);

/* Check and convert a figure as typed ("7,621.05", "32.74", "32.74%").
 * Refuses a negative amount, a fractional count, a percent outside 0..100,
 * more than 6 decimals. Returns 0, or -1 with a translated reason. */
int rule_parse_figure_value(const struct figure_def *f, const char *text, struct decimal *out,
                            char *why, size_t whylen) JX_WARN_UNUSED;

/* A part's mark as stored: check -> points awarded (pts_t) or PTS_NONE;
 * choice -> option index or -1; veto -> 1 marked, 0 not marked, -1 unset
 * (an unset veto counts as not marked). calc parts ignore their mark. */
typedef int64_t mark_t;
#define MARK_NONE INT64_MIN

/* Text form of a mark as stored in drafts: check "0.5", choice the option
 * label, veto "是"/"否". Parse accepts also yes/no/y/n/1/0/是/否 for veto,
 * and for check "是"/"否" meaning full or zero. Returns 0 or -1 + why. */
int rule_parse_mark(const struct part *p, const char *text, mark_t *out, char *why,
                    size_t whylen) JX_WARN_UNUSED;
/* Writes the text form into buf (size >= 64 + longest option label);
 * returns buf, or "" for an unset mark. */
const char *rule_format_mark(const struct part *p, mark_t m, char *buf, size_t size);

enum rule_status {
    RULE_ERROR = -1,      /* division by zero, overflow: why says which */
    RULE_INCOMPLETE = 0,  /* some input missing: why names the first one */
    RULE_COMPLETE = 1,    /* *score holds the leaf score */
};

/* Evaluate a rule. figs has one entry per figure of the indicator, marks
 * one per part. The sum of parts is computed exactly and rounded half-up to
 * hundredths once. part_scores (may be NULL) receives each part's value
 * rounded for display, or PTS_NONE where it cannot be computed yet.
 * A marked veto makes the result RULE_COMPLETE with score 0. */
enum rule_status rule_eval(const struct rule *r, const struct figure_def *defs,
                           const struct figval *figs, size_t nfigs, const mark_t *marks,
                           pts_t *score, pts_t *part_scores, char *why, size_t whylen);

/* Parse a standalone expression against the figures it may name (tests
 * and fuzzing); evaluate it with expr_eval. NULL with a reason on error. */
struct expr *expr_parse(const char *text, const struct figure_def *figs, size_t nfigs,
                        char *why, size_t whylen) JX_WARN_UNUSED;
void expr_free(struct expr *e);

/* Evaluate an expression from expr_parse (tests and fuzzing). defs, figs
 * and nfigs are as for rule_eval: figures are given as entered and percent
 * and rate figures count as fractions, exactly as inside a calc part.
 * Returns RULE_COMPLETE with the exact value in *out, RULE_INCOMPLETE when a
 * figure it needs is not set, or RULE_ERROR; why says which. */
struct rat;
enum rule_status expr_eval(const struct expr *e, const struct figure_def *defs,
                           const struct figval *figs, size_t nfigs, struct rat *out,
                           char *why, size_t whylen);

#endif
