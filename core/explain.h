/* explain.h - rules in words, the values behind a score, drafted reasons.
 *
 * Three things a finance clerk needs that the score alone does not give:
 *  - each calc part's *measure*: the ratio its expression compares or
 *    scales (44.29% adjustment, 33.49% 三公 control), computed from the
 *    figures as typed;
 *  - a rule rendered as criteria in plain words of the current locale
 *    (gettext): tiers as a small table, if() as conditions, figures by
 *    their labels, never the rule syntax;
 *  - a drafted 扣分说明 for a leaf whose formula deducts points, from the
 *    form's per-part templates (the `reasons` column, docs/forms.md) or a
 *    plain default.
 * Nothing here prints; the text goes into a strbuf the caller owns.
 */
#ifndef JIXIAO_EXPLAIN_H
#define JIXIAO_EXPLAIN_H

#include <stdbool.h>
#include <stddef.h>
#include "rat.h"
#include "rule.h"
#include "num.h"
#include "strbuf.h"
#include "compiler.h"

/* A calc part's measure. */
struct part_value {
    bool has;          /* the part has a measure and it could be computed */
    bool percent;      /* show as a percentage */
    struct rat value;  /* exact */
};

/* The measure of every part (out has r->nparts entries): for a calc
 * part, the one ratio its expression uses (every division by something
 * other than a plain number, when they are all the same), else the
 * first argument of a top-level tiers(). Parts without one, or whose
 * figures are missing, get has == false. */
void explain_values(const struct rule *r, const struct figure_def *defs,
                    const struct figval *figs, size_t nfigs, struct part_value *out)
    JX_NONNULL(1, 5);

/* "44.29%" or "24" into buf (size >= 48); "" when !v->has. */
const char *explain_format_value(const struct part_value *v, char *buf, size_t size)
    JX_NONNULL(1, 2);

/* The criteria of part i of r in words of the current locale, appended
 * to sb (no trailing newline), e.g.
 *   固定资产利用率 ≥90%：1 分；≥75%：0.7 分；≥60%：0.4 分；其他：0 分 */
void explain_part(struct strbuf *sb, const struct rule *r, size_t i,
                  const struct figure_def *defs, size_t nfigs) JX_NONNULL(1, 2);

/* Check a reasons cell (LABEL=TEMPLATE lines) against the rule: every
 * LABEL names a part, every {placeholder} a figure or one of value,
 * score, points, lost, label. Returns 0, or -1 with a translated reason. */
int explain_check_templates(const char *cell, const struct rule *r,
                            const struct figure_def *defs, size_t nfigs, char *why,
                            size_t whylen) JX_WARN_UNUSED;

/* Draft the 扣分说明 of a leaf: one sentence per calc part that scored
 * below its points, from its template in cell (may be NULL or "") or a
 * default. Appends nothing when no formula deducted or the leaf is not
 * complete. */
void explain_draft_reason(struct strbuf *sb, const struct rule *r,
                          const struct figure_def *defs, const struct figval *figs,
                          size_t nfigs, const mark_t *marks, const char *cell)
    JX_NONNULL(1);

/* One part's result as shown beside its criteria:
 *   资金调整调剂规范性 44.29% → 0 / 1     (a calc part with a measure)
 *   一季度 → 1 / 1                          (without one)
 *   符合职责和方针政策 -- / 1              (not yet computable)
 * A veto part appends nothing. */
void explain_part_line(struct strbuf *sb, const struct part *p, const struct part_value *v,
                       pts_t score) JX_NONNULL(1, 2, 3);

struct draft;

/* Leaf i of a draft: the measures of its rule's parts (malloc'd, one per
 * part), or NULL for a leaf without a rule or when out of memory. */
struct part_value *explain_leaf_values(const struct draft *d, int i) JX_WARN_UNUSED;

/* Leaf i's calc parts as explain_part_line gives them, each after sep
 * (the first too). Appends nothing for a leaf without calc parts or
 * whose figures are all blank; returns how many lines were added. */
size_t explain_leaf_lines(struct strbuf *sb, const struct draft *d, int i, const char *sep)
    JX_NONNULL(1, 2, 4);

/* Leaf i's drafted 扣分说明 (see explain_draft_reason) with the form's
 * templates for it: malloc'd, "" when there is nothing to draft, NULL
 * when out of memory. */
char *explain_leaf_reason(const struct draft *d, int i) JX_WARN_UNUSED;

#endif
