/* rule_eval.c - what the user enters for a rule, and the score it gives.
 *
 * Figures and marks are checked as they are typed; rule_eval then sums the
 * parts exactly and rounds once, so the score never depends on how the
 * parts happen to round for display.
 */
#include "rule.h"

#include <stdio.h>
#include <string.h>
#include "expr.h"
#include "i18n.h"
#include "utf8.h"

/* ---- figure values ---- */

int rule_parse_figure_value(const struct figure_def *f, const char *text, struct decimal *out,
                            char *why, size_t whylen)
{
    struct decimal d;
    bool pct = false;
    const char *reason = NULL;
    if (!num_parse_decimal(text ? text : "", &d, &pct, &reason)) {
        rule_say(why, whylen, "%s", reason ? _(reason) : _("not a number"));
        return -1;
    }
    bool percentage = f->type == FIG_PERCENT || f->type == FIG_RATE;
    int64_t unit = 1;   /* 10^scale, to test wholeness and compare with 100 */
    for (int i = 0; i < d.scale && i < 18; i++)
        unit *= 10;
    if (pct && !percentage) {
        rule_say(why, whylen, "%s", _("a percent sign only fits a percent or rate figure"));
        return -1;
    }
    if (d.mant < 0) {
        rule_say(why, whylen, "%s", _("must not be negative"));
        return -1;
    }
    if (d.scale < 0 || d.scale > 6) {
        rule_say(why, whylen, "%s", _("at most 6 decimals are allowed"));
        return -1;
    }
    if (f->type == FIG_COUNT && d.mant % unit != 0) {
        rule_say(why, whylen, "%s", _("a count must be a whole number"));
        return -1;
    }
    if (f->type == FIG_PERCENT && d.mant / unit + (d.mant % unit != 0) > 100) {
        rule_say(why, whylen, "%s", _("a percent must be between 0 and 100"));
        return -1;
    }
    *out = d;
    if (why && whylen)
        why[0] = '\0';
    return 0;
}

/* ---- marks ---- */

/* text trimmed of blanks (ASCII and U+3000) into buf; false if too long. */
static bool mark_trim(const char *text, char *buf, size_t size)
{
    size_t len = strlen(text), start = lex_skip_space(text, len, 0, true), end = len;
    while (end > start) {
        unsigned char c = (unsigned char)text[end - 1];
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n')
            end--;
        else if (end - start >= 3 && memcmp(text + end - 3, "\xE3\x80\x80", 3) == 0)
            end -= 3;
        else
            break;
    }
    if (end - start >= size)
        return false;
    memcpy(buf, text + start, end - start);
    buf[end - start] = '\0';
    return true;
}

static bool ascii_ieq(const char *a, const char *b)
{
    for (; *a && *b; a++, b++)
        if ((*a | 0x20) != (*b | 0x20))
            return false;
    return !*a && !*b;
}

/* 1 for yes, 0 for no, -1 for neither. Digits only when digits is set:
 * for a check "1" is a number of points, not "yes". */
static int yes_no(const char *s, bool digits)
{
    if (!strcmp(s, "是") || ascii_ieq(s, "yes") || ascii_ieq(s, "y") ||
        (digits && !strcmp(s, "1")))
        return 1;
    if (!strcmp(s, "否") || ascii_ieq(s, "no") || ascii_ieq(s, "n") ||
        (digits && !strcmp(s, "0")))
        return 0;
    return -1;
}

static mark_t mark_unset(const struct part *p)
{
    return p->kind == PART_CHOICE || p->kind == PART_VETO ? -1 : MARK_NONE;
}

static int mark_choice(const struct part *p, const char *s, mark_t *out, char *why,
                       size_t whylen)
{
    for (size_t i = 0; i < p->nopts; i++) {
        if (strcmp(p->opts[i].label, s) == 0) {
            *out = (mark_t)i;
            return 0;
        }
    }
    /* A value picks its option when no other option is worth the same. */
    pts_t v;
    const char *reason;
    size_t hit = p->nopts, nhit = 0;
    if (num_parse_pts(s, false, &v, &reason)) {
        for (size_t i = 0; i < p->nopts; i++)
            if (p->opts[i].value == v && nhit++ == 0)
                hit = i;
        if (nhit == 1) {
            *out = (mark_t)hit;
            return 0;
        }
    }
    if (!why || whylen == 0)
        return -1;
    /* List the options so the user sees what to type. */
    int n = u8_snprintf(why, whylen, _("'%s' is not one of the options:"), s);
    for (size_t i = 0; i < p->nopts && n >= 0 && (size_t)n < whylen; i++) {
        int k = u8_snprintf(why + n, whylen - (size_t)n, "%s %s", i ? "," : "", p->opts[i].label);
        n = k < 0 ? -1 : n + k;
    }
    return -1;
}

int rule_parse_mark(const struct part *p, const char *text, mark_t *out, char *why,
                    size_t whylen)
{
    char s[512], a[NUM_BUF];
    if (why && whylen)
        why[0] = '\0';
    if (!mark_trim(text ? text : "", s, sizeof s)) {
        rule_say(why, whylen, "%s", _("the mark is too long"));
        return -1;
    }
    if (!s[0] || p->kind == PART_CALC) {
        *out = mark_unset(p);
        return 0;
    }
    int yn = yes_no(s, p->kind == PART_VETO);
    if (p->kind == PART_VETO) {
        if (yn < 0) {
            rule_say(why, whylen, "%s", _("answer 是 or 否 (yes or no)"));
            return -1;
        }
        *out = yn;
        return 0;
    }
    if (p->kind == PART_CHOICE)
        return mark_choice(p, s, out, why, whylen);
    pts_t v;
    const char *reason = NULL;
    if (yn >= 0) {
        v = yn ? p->points : 0;
    } else if (!num_parse_pts(s, false, &v, &reason)) {
        rule_say(why, whylen, _("'%s' is not a valid mark (%s): enter 0 to %s, 是 or 否"), s,
                 reason ? _(reason) : _("not a number"), num_format_pts(p->points, a));
        return -1;
    }
    if (v < 0 || v > p->points) {
        rule_say(why, whylen, _("the mark must be between 0 and %s"),
                 num_format_pts(p->points, a));
        return -1;
    }
    *out = v;
    return 0;
}

const char *rule_format_mark(const struct part *p, mark_t m, char *buf, size_t size)
{
    char n[NUM_BUF];
    if (!buf || size == 0)
        return "";
    buf[0] = '\0';
    switch (p->kind) {
    case PART_CHECK:
        if (m != MARK_NONE)
            snprintf(buf, size, "%s", num_format_pts(m, n));
        break;
    case PART_CHOICE:
        if (m >= 0 && (uint64_t)m < p->nopts)
            snprintf(buf, size, "%s", p->opts[m].label);
        break;
    case PART_VETO:
        if (m == 0 || m == 1)
            snprintf(buf, size, "%s", m ? "是" : "否");
        break;
    case PART_CALC:
        break;
    }
    return buf;
}

/* ---- evaluation ---- */

struct evalin {
    const struct figure_def *defs;
    const struct figval *figs;
    size_t nfigs;
};

/* A part's exact value. *vetoed is set when a veto part is marked. */
static enum rule_status part_value(const struct part *p, mark_t m, const struct evalin *in,
                                   struct rat *v, bool *vetoed, char *why, size_t whylen)
{
    enum rule_status st;
    *v = rat_int(0);
    switch (p->kind) {
    case PART_VETO:
        *vetoed = m > 0;   /* unset (-1) counts as not marked */
        return RULE_COMPLETE;
    case PART_CHECK:
        if (m == MARK_NONE)
            break;
        if (m < 0 || m > p->points) {
            rule_say(why, whylen, _("the mark of %s is out of range"), p->label);
            return RULE_ERROR;
        }
        *v = rat_from_pts(m);
        return RULE_COMPLETE;
    case PART_CHOICE:
        if (m < 0)
            break;
        if ((uint64_t)m >= p->nopts) {
            rule_say(why, whylen, _("the mark of %s is out of range"), p->label);
            return RULE_ERROR;
        }
        *v = rat_from_pts(p->opts[m].value);
        return RULE_COMPLETE;
    case PART_CALC:
        st = expr_eval_in(p->expr, in->defs, in->figs, in->nfigs, p->label, v, why, whylen);
        if (st != RULE_COMPLETE)
            return st;
        struct rat top = rat_from_pts(p->points);
        if (rat_cmp(*v, rat_int(0)) < 0)
            *v = rat_int(0);
        else if (rat_cmp(*v, top) > 0)
            *v = top;
        return RULE_COMPLETE;
    }
    rule_say(why, whylen, _("not marked: %s"), p->label);
    return RULE_INCOMPLETE;
}

enum rule_status rule_eval(const struct rule *r, const struct figure_def *defs,
                           const struct figval *figs, size_t nfigs, const mark_t *marks,
                           pts_t *score, pts_t *part_scores, char *why, size_t whylen)
{
    struct evalin in = {defs, figs, nfigs};
    struct rat sum = rat_int(0);
    enum rule_status st = RULE_COMPLETE;
    bool vetoed = false;
    char pwhy[512];
    if (why && whylen)
        why[0] = '\0';
    if (score)
        *score = PTS_NONE;
    if (!r || r->custom || r->nparts == 0) {
        rule_say(why, whylen, "%s", _("this indicator is scored directly"));
        return RULE_INCOMPLETE;
    }
    for (size_t i = 0; i < r->nparts; i++) {
        const struct part *p = &r->parts[i];
        struct rat v;
        bool veto = false;
        mark_t m = marks ? marks[i] : MARK_NONE;
        enum rule_status ps = part_value(p, m, &in, &v, &veto, pwhy, sizeof pwhy);
        vetoed = vetoed || veto;
        if (ps == RULE_COMPLETE && !rat_add(sum, v, &sum)) {
            u8_snprintf(pwhy, sizeof pwhy, "%s", _("numbers too large to compute"));
            ps = RULE_ERROR;
        }
        if (part_scores && (ps != RULE_COMPLETE || !rat_to_pts(v, &part_scores[i])))
            part_scores[i] = PTS_NONE;
        /* Report the first error, else the first missing input. */
        if (ps == RULE_ERROR && st != RULE_ERROR)
            rule_say(why, whylen, "%s", pwhy);
        else if (ps == RULE_INCOMPLETE && st == RULE_COMPLETE)
            rule_say(why, whylen, "%s", pwhy);
        if (ps < st)
            st = ps;
    }
    if (vetoed) {
        if (why && whylen)
            why[0] = '\0';
        if (score)
            *score = 0;
        return RULE_COMPLETE;
    }
    if (st != RULE_COMPLETE)
        return st;
    pts_t total;
    if (!rat_to_pts(sum, &total)) {
        rule_say(why, whylen, "%s", _("numbers too large to compute"));
        return RULE_ERROR;
    }
    if (score)
        *score = total;
    return RULE_COMPLETE;
}
