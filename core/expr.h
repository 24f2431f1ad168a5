/* expr.h - the rule engine's shared lexer and expression parser (internal).
 *
 * rule.c parses parts (check, choice, calc, veto) and hands the expression
 * of a calc to expr_parse_at; both read the text through lex_char so that
 * full-width punctuation and digits behave as their ASCII counterparts.
 */
#ifndef JIXIAO_EXPR_H
#define JIXIAO_EXPR_H

#include <stdbool.h>
#include <stddef.h>
#include "rat.h"
#include "rule.h"
#include "compiler.h"

/* The parsed tree, shared by the parser (expr.c) and the evaluator
 * (expr_eval.c). */
enum ex_op {
    EX_NUM, EX_FIG, EX_NEG, EX_ADD, EX_SUB, EX_MUL, EX_DIV,
    EX_LT, EX_LE, EX_GT, EX_GE, EX_EQ, EX_NE,
    EX_IF, EX_MIN, EX_MAX, EX_ABS, EX_TIERS, EX_ROUND, EX_FLOOR, EX_CEIL,
};

struct expr {
    enum ex_op op;
    int height;            /* 1 for a leaf */
    struct rat num;        /* EX_NUM */
    bool pct;              /* EX_NUM written as a percentage (90%) */
    size_t fig;            /* EX_FIG: index into the figures */
    struct expr **args;
    size_t nargs;
};

/* Deepest nesting of parentheses, calls and signs an expression may have. */
#define EXPR_MAX_NEST 64

#define LEX_END (-1)
#define LEX_OTHER 256   /* a byte of a non-ASCII character left as is */

/* The character at s[pos] (len bytes in all) as ASCII: full-width
 * punctuation and digits map to ASCII, U+3000 to ' ', any other non-ASCII
 * byte to LEX_OTHER. Stores its length in bytes in *adv. */
int lex_char(const char *s, size_t len, size_t pos, size_t *adv);

/* Skip ' ', '\t', '\r' and U+3000; also '\n' when newlines is true. */
size_t lex_skip_space(const char *s, size_t len, size_t pos, bool newlines);

/* True for a character that may continue an identifier. */
bool lex_is_ident(int c);

/* Length in bytes of the identifier at s[pos], 0 if there is none. */
size_t lex_ident_len(const char *s, size_t len, size_t pos);

/* A copy of s[start, end) with full-width characters mapped to ASCII, so
 * that names compare equal however they were typed. NULL when out of memory. */
char *lex_normalize(const char *s, size_t start, size_t end) JX_WARN_UNUSED JX_NONNULL(1);

/* Order two names as lex_normalize would make them, without copying. */
int lex_cmp(const char *a, size_t alen, const char *b, size_t blen);

/* The figures sorted by name (lex_cmp), so that names are found by binary
 * search however many there are: a malloc'd array of pointers into figs,
 * or NULL when there are none or memory ran out (lookups then scan). */
const struct figure_def **lex_figure_index(const struct figure_def *figs, size_t nfigs)
    JX_WARN_UNUSED;

/* Index of the figure called name[0, n) (compared as by lex_cmp), or nfigs
 * when there is none. byname is lex_figure_index(figs, nfigs) or NULL. */
size_t lex_find_figure(const struct figure_def *figs, size_t nfigs,
                       const struct figure_def *const *byname, const char *name, size_t n);

/* Scan a number literal ("5", "0.75", "90%") at s[pos] into *out. Returns
 * the bytes used, 0 if there is no number there. *fits is false when it is
 * too large or too precise to hold; *percent tells whether it ended in %. */
size_t lex_number(const char *s, size_t len, size_t pos, struct rat *out, bool *percent,
                  bool *fits);

/* s[start, end) quoted for a message: at most ~40 bytes, cut on a
 * character boundary, controls blanked. */
const char *lex_quote(const char *s, size_t start, size_t end, char *buf, size_t size);

/* printf into why (when non-NULL and whylen > 0). */
void rule_say(char *why, size_t whylen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));


/* Parse one expression starting at s[*pos], stopping before the first
 * token that cannot continue it (left at *pos, spaces skipped). byname is
 * lex_figure_index(figs, nfigs) or NULL. */
struct expr *expr_parse_at(const char *s, size_t len, size_t *pos,
                           const struct figure_def *figs, size_t nfigs,
                           const struct figure_def *const *byname, char *why, size_t whylen)
    JX_WARN_UNUSED;

/* Evaluate with entered figures; percent and rate figures count as
 * fractions. label (may be NULL) names the part in error messages. */
enum rule_status expr_eval_in(const struct expr *e, const struct figure_def *defs,
                              const struct figval *figs, size_t nfigs, const char *label,
                              struct rat *out, char *why, size_t whylen);

#endif
