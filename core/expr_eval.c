/* expr_eval.c - exact, lazy evaluation of parsed calc expressions: if()
 * and tiers() evaluate only the branch they pick; the tree's height is
 * bounded by the parser, so the recursion cannot exhaust the stack. */
#include "expr.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "i18n.h"

struct evalctx {
    const struct figure_def *defs;
    const struct figval *figs;
    size_t nfigs;
    const char *label;
    char *why;
    size_t whylen;
};

static enum rule_status ev_error(const struct evalctx *c, bool div0)
{
    if (c->label)
        rule_say(c->why, c->whylen, div0 ? _("division by zero in %s")
                                         : _("numbers too large to compute in %s"), c->label);
    else
        rule_say(c->why, c->whylen, "%s", div0 ? _("division by zero")
                                                : _("numbers too large to compute"));
    return RULE_ERROR;
}

static enum rule_status ev_figure(const struct evalctx *c, size_t i, struct rat *out)
{
    if (i >= c->nfigs || !c->defs || !c->figs) {
        rule_say(c->why, c->whylen, "%s", _("the figures do not match the rule"));
        return RULE_ERROR;
    }
    const struct figure_def *d = &c->defs[i];
    const char *label = d->label && *d->label ? d->label : d->name ? d->name : "?";
    if (!c->figs[i].set) {
        rule_say(c->why, c->whylen, _("missing figure: %s"), label);
        return RULE_INCOMPLETE;
    }
    struct decimal v = c->figs[i].v;
    if (v.scale < 0 || v.scale > 18) {
        rule_say(c->why, c->whylen, _("invalid value for figure: %s"), label);
        return RULE_ERROR;
    }
    *out = rat_from_decimal(v);
    if ((d->type == FIG_PERCENT || d->type == FIG_RATE) && !rat_div(*out, rat_int(100), out))
        return ev_error(c, false);
    return RULE_COMPLETE;
}

static enum rule_status ev(const struct evalctx *c, const struct expr *e, struct rat *out)
{
    struct rat a = {0}, b = {0};   /* set by ev() when it returns RULE_COMPLETE */
    enum rule_status st;
    bool ok = true;
    switch (e->op) {
    case EX_NUM:
        *out = e->num;
        return RULE_COMPLETE;
    case EX_FIG:
        return ev_figure(c, e->fig, out);
    case EX_IF:
        if ((st = ev(c, e->args[0], &a)) != RULE_COMPLETE)
            return st;
        return ev(c, e->args[a.n != 0 ? 1 : 2], out);
    case EX_TIERS:
        if ((st = ev(c, e->args[0], &a)) != RULE_COMPLETE)
            return st;
        for (size_t i = 1; i + 1 < e->nargs; i += 2) {
            if ((st = ev(c, e->args[i], &b)) != RULE_COMPLETE)
                return st;
            if (rat_cmp(a, b) >= 0)
                return ev(c, e->args[i + 1], out);
        }
        return ev(c, e->args[e->nargs - 1], out);
    case EX_MIN:
    case EX_MAX:
        if ((st = ev(c, e->args[0], out)) != RULE_COMPLETE)
            return st;
        for (size_t i = 1; i < e->nargs; i++) {
            if ((st = ev(c, e->args[i], &b)) != RULE_COMPLETE)
                return st;
            if (rat_cmp(b, *out) == (e->op == EX_MIN ? -1 : 1))
                *out = b;
        }
        return RULE_COMPLETE;
    case EX_ROUND:
    case EX_FLOOR:
    case EX_CEIL:
        if ((st = ev(c, e->args[0], &a)) != RULE_COMPLETE)
            return st;
        b = rat_int(1);
        if (e->nargs > 1 && (st = ev(c, e->args[1], &b)) != RULE_COMPLETE)
            return st;
        if (b.n <= 0) {
            const char *name = e->op == EX_ROUND ? "round" : e->op == EX_FLOOR ? "floor" : "ceil";
            if (c->label)
                rule_say(c->why, c->whylen, _("the step of %s() is not above 0 in %s"), name,
                         c->label);
            else
                rule_say(c->why, c->whylen, _("the step of %s() is not above 0"), name);
            return RULE_ERROR;
        }
        ok = rat_step(a, b, e->op == EX_ROUND ? RAT_ROUND : e->op == EX_FLOOR ? RAT_FLOOR
                                                                               : RAT_CEIL, out);
        return ok ? RULE_COMPLETE : ev_error(c, false);
    case EX_NEG:
    case EX_ABS:
        if ((st = ev(c, e->args[0], &a)) != RULE_COMPLETE)
            return st;
        *out = a;
        if (e->op == EX_NEG || a.n < 0)
            ok = rat_sub(rat_int(0), a, out);
        return ok ? RULE_COMPLETE : ev_error(c, false);
    default:
        break;
    }
    if ((st = ev(c, e->args[0], &a)) != RULE_COMPLETE ||
        (st = ev(c, e->args[1], &b)) != RULE_COMPLETE)
        return st;
    int cmp = rat_cmp(a, b);
    switch (e->op) {
    case EX_ADD: ok = rat_add(a, b, out); break;
    case EX_SUB: ok = rat_sub(a, b, out); break;
    case EX_MUL: ok = rat_mul(a, b, out); break;
    case EX_DIV:
        if (b.n == 0)
            return ev_error(c, true);
        ok = rat_div(a, b, out);
        break;
    case EX_LT: *out = rat_int(cmp < 0); break;
    case EX_LE: *out = rat_int(cmp <= 0); break;
    case EX_GT: *out = rat_int(cmp > 0); break;
    case EX_GE: *out = rat_int(cmp >= 0); break;
    case EX_EQ: *out = rat_int(cmp == 0); break;
    case EX_NE: *out = rat_int(cmp != 0); break;
    default: ok = false; break;
    }
    return ok ? RULE_COMPLETE : ev_error(c, false);
}

enum rule_status expr_eval_in(const struct expr *e, const struct figure_def *defs,
                              const struct figval *figs, size_t nfigs, const char *label,
                              struct rat *out, char *why, size_t whylen)
{
    struct evalctx c = {defs, figs, nfigs, label, why, whylen};
    if (!e) {
        rule_say(why, whylen, "%s", _("empty expression"));
        return RULE_ERROR;
    }
    enum rule_status st = ev(&c, e, out);
    if (st == RULE_COMPLETE && why && whylen)
        why[0] = '\0';
    return st;
}

enum rule_status expr_eval(const struct expr *e, const struct figure_def *defs,
                           const struct figval *figs, size_t nfigs, struct rat *out,
                           char *why, size_t whylen)
{
    return expr_eval_in(e, defs, figs, nfigs, NULL, out, why, whylen);
}
