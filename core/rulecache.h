/* rulecache.h - one compiled rule per distinct (figures, rule, points).
 *
 * Forms repeat themselves: many indicators share the same figures and
 * rule text (every checklist of five 1-point items, every generated row).
 * The form loader compiles each distinct combination once and lets the
 * nodes share it; the cache owns what it compiled, including the reason
 * when compiling failed, so every line with that text gets the message.
 */
#ifndef JIXIAO_RULECACHE_H
#define JIXIAO_RULECACHE_H

#include <stddef.h>
#include "num.h"
#include "rule.h"
#include "compiler.h"

struct rulecache;

struct compiled_rule {
    struct figure_def *figs;
    size_t nfigs;
    struct rule *rule;        /* NULL: direct scoring, or the rule failed */
    char *figs_error;         /* NULL, or why the figures cell is wrong */
    char *rule_error;         /* NULL, or why the rule cell is wrong */
};

struct rulecache *rulecache_new(void) JX_WARN_UNUSED;
void rulecache_free(struct rulecache *c);   /* frees every compiled rule */

/* The compiled form of this figures cell and rule cell for an indicator
 * of these points (the rule is skipped when check_rule is false). NULL
 * only when out of memory. Owned by the cache; the entry may move at the
 * next get (copy what you need), the rule it points to does not. */
const struct compiled_rule *rulecache_get(struct rulecache *c, const char *figs,
                                          const char *rule, pts_t points, int check_rule)
    JX_WARN_UNUSED JX_NONNULL(1);

#endif
