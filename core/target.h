/* target.h - a project indicator's 年度指标值 and 实际完成值, and the score
 * they give (项目支出绩效自评表, docs/forms.md "Project tables").
 *
 * A target is what the approved 绩效目标表 says, as the clerk copies it:
 *   ≥50 个, 50个以上, 不少于50个  at least (正向): actual / target x points, capped
 *   ≤90 万元, 90万元以内          at most (反向): target / actual x points, capped
 *   =100%, 100%                   exactly: full points when met
 *   2021年12月前, 2021-12-31前     a date: full points when done by then
 *   效果明显                       qualitative (定性): the assessor types the score in
 *                                  one of three bands (达成 100-80%, 部分达成 80-60%,
 *                                  未达成 60-0% of the points)
 * An exact or date target that is missed, and a qualitative one, are scored
 * by the assessor. Pure: no I/O, no allocation.
 */
#ifndef JIXIAO_TARGET_H
#define JIXIAO_TARGET_H

#include <stdbool.h>
#include <stddef.h>
#include "num.h"
#include "compiler.h"

enum target_kind {
    TARGET_NONE,       /* no target: the indicator is scored directly */
    TARGET_AT_LEAST,   /* ≥ N */
    TARGET_AT_MOST,    /* ≤ N */
    TARGET_EXACT,      /* = N */
    TARGET_DATE,       /* by a date */
    TARGET_TEXT,       /* qualitative */
};

struct target {
    enum target_kind kind;
    struct decimal value;      /* numbers */
    char unit[32];             /* "个", "万元", "%" (a percent), "" */
    int year, month, day;      /* dates: day 0 is the whole month, month 0 the year */
};

/* Read a 年度指标值. Returns 0, or -1 with a translated reason when it
 * says a comparison (≥, 以上, 不超过 ...) but gives no number to compare. */
int target_parse(const char *text, struct target *t, char *why, size_t n) JX_NONNULL(1, 2);

enum target_result {
    TARGET_SCORED,     /* *score is set from the target and the actual value */
    TARGET_TYPED,      /* the assessor types the score; why says why */
    TARGET_NO_ACTUAL,  /* 实际完成值 not entered yet */
    TARGET_BAD,        /* the actual value cannot be compared: why says why */
};

/* The score of an indicator worth points, from its target and 实际完成值:
 * rounded half-up to hundredths once. */
enum target_result target_score(const struct target *t, const char *actual, pts_t points,
                                pts_t *score, char *why, size_t n) JX_NONNULL(1, 2, 4);

/* The band of a qualitative score: 0 达成年度指标 (80-100% of points),
 * 1 部分达成并具有一定效果 (60-80%), 2 未达成且效果较差 (below 60%). */
enum { TARGET_BANDS = 3 };
int target_band(pts_t score, pts_t points);
/* The band's name (translated) and the scores it spans: [*lo, *hi]. */
const char *target_band_name(int band);
void target_band_range(int band, pts_t points, pts_t *lo, pts_t *hi) JX_NONNULL(3, 4);

/* The kind in words for the editor ("at least", "qualitative"), translated. */
const char *target_kind_name(enum target_kind k);

#endif
