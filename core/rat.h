/* rat.h - exact rationals for rule evaluation.
 *
 * Rules compute with exact fractions of 64-bit integers, so a formula such
 * as 24/25 x 6 gives exactly 5.76 and rounds once, half-up, to hundredths.
 * Every operation reports overflow instead of wrapping.
 */
#ifndef JIXIAO_RAT_H
#define JIXIAO_RAT_H

#include <stdbool.h>
#include <stdint.h>
#include "num.h"

struct rat {
    int64_t n;   /* numerator, carries the sign */
    int64_t d;   /* denominator, always > 0, gcd(n, d) == 1 */
};

struct rat rat_int(int64_t v);
struct rat rat_from_decimal(struct decimal d);   /* exact */
struct rat rat_from_pts(pts_t v);                 /* hundredths -> rational */

/* Arithmetic: return false on overflow (or division by zero for div). */
bool rat_add(struct rat a, struct rat b, struct rat *out);
bool rat_sub(struct rat a, struct rat b, struct rat *out);
bool rat_mul(struct rat a, struct rat b, struct rat *out);
bool rat_div(struct rat a, struct rat b, struct rat *out);
int rat_cmp(struct rat a, struct rat b);          /* -1, 0, 1 */

/* How rat_step rounds a quotient to a whole number. */
enum rat_rounding { RAT_FLOOR, RAT_CEIL, RAT_ROUND };

/* The multiple of step nearest to a in the given direction: the greatest
 * not above a (RAT_FLOOR), the least not below it (RAT_CEIL), or the
 * nearest, halves away from zero (RAT_ROUND). step must be > 0; false on
 * a step that is not, or on overflow. Exact: rat_step(0.74, 0.5, ROUND)
 * is 1/2 with no binary fraction in between. */
bool rat_step(struct rat a, struct rat step, enum rat_rounding how, struct rat *out);

/* Round half-up (away from zero at exactly .5) to hundredths. */
bool rat_to_pts(struct rat a, pts_t *out);

#endif
