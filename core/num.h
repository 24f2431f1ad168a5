/* num.h - exact scores: fixed-point hundredths.
 *
 * Every score, point value and subtotal in jixiao is a pts_t holding
 * hundredths of a point, so 93.76 is 9376 and sums are exact.
 */
#ifndef JIXIAO_NUM_H
#define JIXIAO_NUM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef int64_t pts_t;

/* "No value yet" (an unscored indicator). */
#define PTS_NONE INT64_MIN
/* Largest value a score or point value may take: 1e12 points. */
#define PTS_MAX ((pts_t)100000000000000)

#define NUM_BUF 32

/* Parse a decimal with at most two decimals ("5", "5.7", "5.76", " 5 ").
 * Accepts full-width digits and the full-width full stop that Chinese input
 * methods produce. Returns true and stores hundredths in *out; on failure
 * returns false and points *why at a static English message (translate it
 * with gettext). Negative numbers are refused unless allow_negative. */
bool num_parse_pts(const char *s, bool allow_negative, pts_t *out, const char **why);

/* Format hundredths compactly: 5, 5.5, 5.76, -0.1. buf must hold NUM_BUF. */
char *num_format_pts(pts_t v, char *buf);

/* Format with exactly two decimals: 5.00, 93.76. */
char *num_format_pts2(pts_t v, char *buf);

/* Exact decimal of arbitrary scale (entered figures such as 7,621.05 or
 * 32.74): value = mant / 10^scale, scale <= 6. Thousands separators ","
 * and full-width digits are accepted; a trailing "%" is accepted and
 * reported through *percent (may be NULL). */
struct decimal {
    int64_t mant;
    int scale;
};
bool num_parse_decimal(const char *s, struct decimal *out, bool *percent, const char **why);

/* Format a decimal without trailing zeros ("635.3", "99.8", "24"). */
char *num_format_decimal(struct decimal d, char *buf);

#endif
