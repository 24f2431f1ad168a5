/* rat.c - exact rationals for rule evaluation.
 *
 * Values stay small in practice (money with a few decimals, counts), so
 * 64-bit fractions reduced by their gcd are plenty; anything that would not
 * fit is reported as overflow rather than rounded.
 */
#include "rat.h"

static uint64_t mag(int64_t v)
{
    /* |INT64_MIN| does not fit in int64_t but does in uint64_t. */
    return v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
}

static uint64_t gcd_u64(uint64_t a, uint64_t b)
{
    while (b) {
        uint64_t t = a % b;
        a = b;
        b = t;
    }
    return a;
}

/* Build sign * un / ud in lowest terms; false when it does not fit. */
static bool rat_make(bool neg, uint64_t un, uint64_t ud, struct rat *out)
{
    if (ud == 0)
        return false;
    uint64_t g = gcd_u64(un, ud);
    un /= g;
    ud /= g;
    if (ud > (uint64_t)INT64_MAX)
        return false;
    if (un == 0)
        neg = false;
    if (neg) {
        if (un > (uint64_t)INT64_MAX + 1)
            return false;
        /* Negate in unsigned arithmetic: -(2^63) is INT64_MIN exactly. */
        out->n = un == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)un;
    } else {
        if (un > (uint64_t)INT64_MAX)
            return false;
        out->n = (int64_t)un;
    }
    out->d = (int64_t)ud;
    return true;
}

static bool rat_norm(int64_t n, int64_t d, struct rat *out)
{
    return rat_make((n < 0) != (d < 0), mag(n), mag(d), out);
}

struct rat rat_int(int64_t v)
{
    return (struct rat){v, 1};
}

struct rat rat_from_decimal(struct decimal d)
{
    /* num.h promises scale <= 6; clamp anything else so the result stays
     * defined (10^18 is the largest power of ten in an int64_t). */
    int scale = d.scale < 0 ? 0 : d.scale > 18 ? 18 : d.scale;
    int64_t den = 1;
    for (int i = 0; i < scale; i++)
        den *= 10;
    struct rat r = {0, 1};
    rat_norm(d.mant, den, &r);   /* cannot fail: den > 0, result shrinks */
    return r;
}

struct rat rat_from_pts(pts_t v)
{
    struct rat r = {0, 1};
    rat_norm(v, 100, &r);
    return r;
}

static bool rat_addsub(struct rat a, struct rat b, bool sub, struct rat *out)
{
    /* Scale by the lcm of the denominators, not their product, to keep the
     * intermediates small. */
    int64_t g = (int64_t)gcd_u64((uint64_t)a.d, (uint64_t)b.d);
    int64_t ta, tb, n, d;
    if (__builtin_mul_overflow(a.n, b.d / g, &ta) || __builtin_mul_overflow(b.n, a.d / g, &tb) ||
        __builtin_mul_overflow(a.d, b.d / g, &d))
        return false;
    if (sub ? __builtin_sub_overflow(ta, tb, &n) : __builtin_add_overflow(ta, tb, &n))
        return false;
    return rat_norm(n, d, out);
}

bool rat_add(struct rat a, struct rat b, struct rat *out)
{
    return rat_addsub(a, b, false, out);
}

bool rat_sub(struct rat a, struct rat b, struct rat *out)
{
    return rat_addsub(a, b, true, out);
}

bool rat_mul(struct rat a, struct rat b, struct rat *out)
{
    /* Cross-cancel first so the products only overflow when the result
     * itself does not fit. */
    uint64_t an = mag(a.n), bn = mag(b.n), ad = (uint64_t)a.d, bd = (uint64_t)b.d;
    uint64_t g1 = gcd_u64(an, bd), g2 = gcd_u64(bn, ad);   /* >= 1: d > 0 */
    uint64_t n, d;
    if (__builtin_mul_overflow(an / g1, bn / g2, &n) ||
        __builtin_mul_overflow(ad / g2, bd / g1, &d))
        return false;
    return rat_make((a.n < 0) != (b.n < 0), n, d, out);
}

bool rat_div(struct rat a, struct rat b, struct rat *out)
{
    if (b.n == 0)
        return false;
    uint64_t an = mag(a.n), bn = mag(b.n), ad = (uint64_t)a.d, bd = (uint64_t)b.d;
    uint64_t g1 = gcd_u64(an, bn), g2 = gcd_u64(bd, ad);
    uint64_t n, d;
    if (__builtin_mul_overflow(an / g1, bd / g2, &n) ||
        __builtin_mul_overflow(ad / g2, bn / g1, &d))
        return false;
    return rat_make((a.n < 0) != (b.n < 0), n, d, out);
}

bool rat_step(struct rat a, struct rat step, enum rat_rounding how, struct rat *out)
{
    struct rat q;
    if (step.n <= 0 || step.d <= 0 || !rat_div(a, step, &q))
        return false;
    /* q = n / d with d > 0: take the whole part of |q| and its remainder,
     * then move by one where the direction asks for it. */
    uint64_t un = mag(q.n), ud = (uint64_t)q.d;
    uint64_t k = un / ud, r = un % ud;
    bool neg = q.n < 0;
    bool away;   /* away from zero, i.e. |k| + 1 */
    switch (how) {
    case RAT_FLOOR: away = neg && r != 0; break;
    case RAT_CEIL: away = !neg && r != 0; break;
    default: away = r != 0 && r >= ud - r; break;
    }
    if (away)
        k++;
    if (k > (uint64_t)INT64_MAX + neg)
        return false;
    /* -(2^63) is INT64_MIN exactly; negate in unsigned arithmetic. */
    int64_t whole = !neg ? (int64_t)k : k > (uint64_t)INT64_MAX ? INT64_MIN : -(int64_t)k;
    return rat_mul(rat_int(whole), step, out);
}

/* Full 128-bit product of two 64-bit magnitudes, as (hi, lo). */
static void mul_wide(uint64_t a, uint64_t b, uint64_t *hi, uint64_t *lo)
{
    uint64_t a0 = a & 0xffffffffu, a1 = a >> 32, b0 = b & 0xffffffffu, b1 = b >> 32;
    uint64_t p00 = a0 * b0, p01 = a0 * b1, p10 = a1 * b0, p11 = a1 * b1;
    uint64_t mid = (p00 >> 32) + (p01 & 0xffffffffu) + (p10 & 0xffffffffu);
    *lo = (mid << 32) | (p00 & 0xffffffffu);
    *hi = p11 + (p01 >> 32) + (p10 >> 32) + (mid >> 32);
}

int rat_cmp(struct rat a, struct rat b)
{
    int sa = (a.n > 0) - (a.n < 0), sb = (b.n > 0) - (b.n < 0);
    if (sa != sb)
        return sa < sb ? -1 : 1;
    if (sa == 0)
        return 0;
    /* Same sign: compare |a.n| * b.d with |b.n| * a.d exactly. */
    uint64_t h1, l1, h2, l2;
    mul_wide(mag(a.n), (uint64_t)b.d, &h1, &l1);
    mul_wide(mag(b.n), (uint64_t)a.d, &h2, &l2);
    int c = h1 != h2 ? (h1 < h2 ? -1 : 1) : l1 != l2 ? (l1 < l2 ? -1 : 1) : 0;
    return sa < 0 ? -c : c;
}

/* Next decimal digit of r / d (r < d), leaving the new remainder in *r.
 * Adds r ten times, wrapping at d, so nothing exceeds d. */
static unsigned next_digit(uint64_t *r, uint64_t d)
{
    uint64_t acc = 0;
    unsigned digit = 0;
    for (int i = 0; i < 10; i++) {
        if (acc >= d - *r) {
            acc -= d - *r;
            digit++;
        } else {
            acc += *r;
        }
    }
    *r = acc;
    return digit;
}

bool rat_to_pts(struct rat a, pts_t *out)
{
    if (a.d <= 0)
        return false;
    uint64_t n = mag(a.n), d = (uint64_t)a.d;
    uint64_t q = n / d, r = n % d;
    unsigned d1 = next_digit(&r, d);
    unsigned d2 = next_digit(&r, d);
    uint64_t v;
    unsigned up = r >= d - r;   /* remainder >= half: round away from zero */
    if (__builtin_mul_overflow(q, 100, &v) || __builtin_add_overflow(v, d1 * 10 + d2 + up, &v))
        return false;
    /* pts_t never leaves [-PTS_MAX, PTS_MAX], which also keeps clear of
     * PTS_NONE. */
    if (v > (uint64_t)PTS_MAX)
        return false;
    *out = a.n < 0 ? -(pts_t)v : (pts_t)v;
    return true;
}
