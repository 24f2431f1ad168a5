/* explain.c - rules in words and the values behind a score (drafted reasons: explain_reason.c).
 *
 * Works on the parsed expression (expr.h), never on the rule's text, so
 * what is shown is what is computed. Every word comes through gettext.
 */
#include "explain.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "draft.h"
#include "explain_impl.h"
#include "expr.h"
#include "forms.h"
#include "i18n.h"
#include "num.h"

void explain_printf(struct strbuf *sb, const char *fmt, ...)
{
    char tmp[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    strbuf_puts(sb, tmp);
}

/* ---- measures -------------------------------------------------------- */

static bool same_expr(const struct expr *a, const struct expr *b)
{
    if (a->op != b->op || a->nargs != b->nargs)
        return false;
    if (a->op == EX_NUM)
        return a->num.n == b->num.n && a->num.d == b->num.d;
    if (a->op == EX_FIG)
        return a->fig == b->fig;
    for (size_t i = 0; i < a->nargs; i++)
        if (!same_expr(a->args[i], b->args[i]))
            return false;
    return true;
}

/* A division by a plain number (x / 4) scales, it is no ratio. */
static bool is_ratio(const struct expr *e)
{
    return e->op == EX_DIV && !(e->args[1]->op == EX_NUM && !e->args[1]->pct);
}

/* The one ratio of e: *found is the first, *many set when another differs. */
static void find_ratio(const struct expr *e, const struct expr **found, bool *many)
{
    if (is_ratio(e)) {
        if (!*found)
            *found = e;
        else if (!same_expr(*found, e))
            *many = true;
    }
    for (size_t i = 0; i < e->nargs; i++)
        find_ratio(e->args[i], found, many);
}

static bool percent_like(const struct expr *e, const struct figure_def *defs, size_t nfigs)
{
    if (is_ratio(e))
        return true;
    if (e->op == EX_FIG && e->fig < nfigs)
        return defs[e->fig].type == FIG_PERCENT || defs[e->fig].type == FIG_RATE;
    return e->op == EX_NUM && e->pct;
}

static const struct expr *measure_of(const struct expr *e)
{
    const struct expr *found = NULL;
    bool many = false;
    find_ratio(e, &found, &many);
    if (found && !many)
        return found;
    if (e->op == EX_TIERS && e->nargs > 0)
        return e->args[0];
    return NULL;
}

void explain_values(const struct rule *r, const struct figure_def *defs,
                    const struct figval *figs, size_t nfigs, struct part_value *out)
{
    for (size_t i = 0; i < r->nparts; i++) {
        const struct part *p = &r->parts[i];
        out[i] = (struct part_value){false, false, {0, 1}};
        const struct expr *m = p->kind == PART_CALC && p->expr ? measure_of(p->expr) : NULL;
        if (!m || !figs)
            continue;
        struct rat v;
        if (expr_eval_in(m, defs, figs, nfigs, NULL, &v, NULL, 0) == RULE_COMPLETE) {
            out[i].has = true;
            out[i].value = v;
            out[i].percent = percent_like(m, defs, nfigs);
        }
    }
}

/* A rational as a decimal with at most two places: 2 decimals exactly when
 * two is set ("44.29"), else compact ("0.7"); ".00" is dropped either way. */
static const char *fmt_rat(struct rat v, bool percent, bool two, char *buf, size_t size)
{
    struct rat x = v;
    pts_t p;
    if ((percent && !rat_mul(v, rat_int(100), &x)) || !rat_to_pts(x, &p)) {
        snprintf(buf, size, "?");
        return buf;
    }
    char nb[NUM_BUF];
    if (two && p % 100 != 0)
        num_format_pts2(p, nb);
    else
        num_format_pts(p, nb);
    snprintf(buf, size, "%s%s", nb, percent ? "%" : "");
    return buf;
}

const char *explain_format_value(const struct part_value *v, char *buf, size_t size)
{
    if (!v->has) {
        if (size)
            buf[0] = '\0';
        return buf;
    }
    return fmt_rat(v->value, v->percent, true, buf, size);
}

/* ---- rules in words -------------------------------------------------- */

/* For ngettext: 1 point, 0.7 points (Chinese has one form). */
unsigned long explain_plural_n(pts_t p)
{
    return p == 100 ? 1 : 2;
}
static unsigned long plural_rat(struct rat v)
{
    return v.n == 1 && v.d == 1 ? 1 : 2;
}

enum { P_CMP = 1, P_ADD, P_MUL, P_NEG, P_ATOM };

struct rctx {
    struct strbuf *sb;
    const struct figure_def *defs;
    size_t nfigs;
};

/* A figure's label without its unit: 实际采购金额（万元） -> 实际采购金额. */
static void put_figure(struct rctx *c, size_t fig)
{
    if (fig >= c->nfigs) {
        strbuf_puts(c->sb, "?");
        return;
    }
    const char *l = c->defs[fig].label;
    size_t n = strlen(l);
    static const char fwclose[] = "\xef\xbc\x89", fwopen[] = "\xef\xbc\x88";  /* ） （ */
    const char *open = NULL;
    if (n > 3 && memcmp(l + n - 3, fwclose, 3) == 0) {
        for (const char *s = strstr(l, fwopen); s; s = strstr(s + 3, fwopen))
            open = s;
    } else if (n > 1 && l[n - 1] == ')') {
        open = strrchr(l, '(');
    }
    if (open && open > l)
        n = (size_t)(open - l);
    while (n > 0 && l[n - 1] == ' ')
        n--;
    strbuf_put(c->sb, l, n);
}

static void put_num(struct rctx *c, const struct expr *e, bool as_percent)
{
    char b[64];
    strbuf_puts(c->sb, fmt_rat(e->num, e->pct || as_percent, false, b, sizeof b));
}

static void render(struct rctx *c, const struct expr *e, int outer);

static const char *op_text(enum ex_op op)
{
    switch (op) {
    case EX_ADD: return " + ";
    case EX_SUB: return " \xe2\x88\x92 ";     /* − */
    case EX_MUL: return " \xc3\x97 ";         /* × */
    case EX_DIV: return " \xc3\xb7 ";         /* ÷ */
    case EX_LT: return " < ";
    case EX_LE: return " \xe2\x89\xa4 ";      /* ≤ */
    case EX_GT: return " > ";
    case EX_GE: return " \xe2\x89\xa5 ";      /* ≥ */
    case EX_EQ: return " = ";
    case EX_NE: return " \xe2\x89\xa0 ";      /* ≠ */
    default: return " ? ";
    }
}

static int prec_of(enum ex_op op)
{
    switch (op) {
    case EX_LT: case EX_LE: case EX_GT: case EX_GE: case EX_EQ: case EX_NE: return P_CMP;
    case EX_ADD: case EX_SUB: return P_ADD;
    case EX_MUL: case EX_DIV: return P_MUL;
    case EX_NEG: return P_NEG;
    default: return P_ATOM;
    }
}

/* A comparison's right side is shown as a percentage when its left is one. */
static void render_cmp(struct rctx *c, const struct expr *e)
{
    render(c, e->args[0], P_CMP + 1);
    strbuf_puts(c->sb, op_text(e->op));
    const struct expr *rhs = e->args[1];
    if (rhs->op == EX_NUM)
        put_num(c, rhs, percent_like(e->args[0], c->defs, c->nfigs));
    else
        render(c, rhs, P_CMP + 1);
}

static void render_list(struct rctx *c, const struct expr *e, size_t from)
{
    for (size_t i = from; i < e->nargs; i++) {
        if (i > from)
            strbuf_puts(c->sb, _(", "));
        render(c, e->args[i], P_CMP);
    }
}

/* A value of a table row: "1 分", or "得分 = EXPR" when computed. */
static void render_points(struct rctx *c, const struct expr *e)
{
    if (e->op == EX_NUM) {
        char b[64];
        explain_printf(c->sb, ngettext("%s point", "%s points", plural_rat(e->num)),
                       fmt_rat(e->num, false, false, b, sizeof b));
        return;
    }
    struct strbuf t = {0};
    struct rctx tc = {&t, c->defs, c->nfigs};
    render(&tc, e, 0);
    explain_printf(c->sb, _("score = %s"), t.p ? t.p : "");
    strbuf_free(&t);
}

/* tiers(x, t1, v1, ..., else) as  X ≥t1：v1 分；≥t2：v2 分；其他：else 分 */
static void render_tiers(struct rctx *c, const struct expr *e, bool top)
{
    bool pc = percent_like(e->args[0], c->defs, c->nfigs);
    if (!top)
        strbuf_puts(c->sb, "(");
    render(c, e->args[0], P_CMP + 1);
    strbuf_puts(c->sb, " ");
    for (size_t i = 1; i + 1 < e->nargs; i += 2) {
        if (i > 1)
            strbuf_puts(c->sb, _("; "));
        strbuf_puts(c->sb, "\xe2\x89\xa5");   /* ≥ */
        if (e->args[i]->op == EX_NUM)
            put_num(c, e->args[i], pc);
        else
            render(c, e->args[i], P_ATOM);
        strbuf_puts(c->sb, _(": "));
        render_points(c, e->args[i + 1]);
    }
    strbuf_puts(c->sb, _("; "));
    strbuf_puts(c->sb, _("otherwise"));
    strbuf_puts(c->sb, _(": "));
    render_points(c, e->args[e->nargs - 1]);
    if (!top)
        strbuf_puts(c->sb, ")");
}

/* if(c1, v1, if(c2, v2, e)) as  C1：v1 分；C2：v2 分；其他：e 分 */
static void render_ifs(struct rctx *c, const struct expr *e, bool top)
{
    if (!top)
        strbuf_puts(c->sb, "(");
    bool first = true;
    for (; e->op == EX_IF; e = e->args[2]) {
        if (!first)
            strbuf_puts(c->sb, _("; "));
        first = false;
        render(c, e->args[0], 0);
        strbuf_puts(c->sb, _(": "));
        render_points(c, e->args[1]);
    }
    strbuf_puts(c->sb, _("; "));
    strbuf_puts(c->sb, _("otherwise"));
    strbuf_puts(c->sb, _(": "));
    render_points(c, e);
    if (!top)
        strbuf_puts(c->sb, ")");
}

static void render(struct rctx *c, const struct expr *e, int outer)
{
    int p = prec_of(e->op);
    bool paren = p < outer;
    if (paren)
        strbuf_puts(c->sb, "(");
    switch (e->op) {
    case EX_NUM:
        put_num(c, e, false);
        break;
    case EX_FIG:
        put_figure(c, e->fig);
        break;
    case EX_NEG:
        strbuf_puts(c->sb, "\xe2\x88\x92");
        render(c, e->args[0], P_NEG);
        break;
    case EX_ADD: case EX_SUB: case EX_MUL: case EX_DIV:
        render(c, e->args[0], p);
        strbuf_puts(c->sb, op_text(e->op));
        render(c, e->args[1], p + 1);   /* a - (b - c) keeps its brackets */
        break;
    case EX_LT: case EX_LE: case EX_GT: case EX_GE: case EX_EQ: case EX_NE:
        render_cmp(c, e);
        break;
    case EX_MIN: case EX_MAX: {
        struct strbuf t = {0};
        struct rctx tc = {&t, c->defs, c->nfigs};
        render_list(&tc, e, 0);
        explain_printf(c->sb,
                       e->op == EX_MIN ? _("(the smaller of %s)") : _("(the larger of %s)"),
                       t.p ? t.p : "");
        strbuf_free(&t);
        break;
    }
    case EX_ABS:
        strbuf_puts(c->sb, "|");
        render(c, e->args[0], 0);
        strbuf_puts(c->sb, "|");
        break;
    case EX_IF:
        render_ifs(c, e, false);
        break;
    case EX_TIERS:
        render_tiers(c, e, false);
        break;
    case EX_ROUND: case EX_FLOOR: case EX_CEIL: {
        struct strbuf a = {0}, st = {0};
        struct rctx ac = {&a, c->defs, c->nfigs}, sc = {&st, c->defs, c->nfigs};
        render(&ac, e->args[0], 0);
        if (e->nargs > 1) {
            render(&sc, e->args[1], 0);
            explain_printf(c->sb,
                           e->op == EX_ROUND   ? _("(%s, rounded to a multiple of %s)")
                           : e->op == EX_FLOOR ? _("(%s, rounded down to a multiple of %s)")
                                               : _("(%s, rounded up to a multiple of %s)"),
                      a.p ? a.p : "", st.p ? st.p : "");
        } else {
            explain_printf(c->sb,
                           e->op == EX_ROUND   ? _("(%s, rounded)")
                           : e->op == EX_FLOOR ? _("(%s, rounded down)")
                                               : _("(%s, rounded up)"),
                      a.p ? a.p : "");
        }
        strbuf_free(&a);
        strbuf_free(&st);
        break;
    }
    default:
        strbuf_puts(c->sb, "?");
        break;
    }
    if (paren)
        strbuf_puts(c->sb, ")");
}

void explain_part(struct strbuf *sb, const struct rule *r, size_t i,
                  const struct figure_def *defs, size_t nfigs)
{
    if (i >= r->nparts)
        return;
    const struct part *p = &r->parts[i];
    char pb[NUM_BUF];
    struct rctx c = {sb, defs, nfigs};
    switch (p->kind) {
    case PART_CHECK:
        explain_printf(sb, ngettext("%s: %s point when met", "%s: %s points when met",
                                    explain_plural_n(p->points)),
                       p->label, num_format_pts(p->points, pb));
        break;
    case PART_CHOICE:
        explain_printf(sb, _("%s: "), p->label);
        for (size_t k = 0; k < p->nopts; k++) {
            if (k)
                strbuf_puts(sb, _("; "));
            strbuf_puts(sb, p->opts[k].label);
            strbuf_puts(sb, " ");
            explain_printf(sb,
                           ngettext("%s point", "%s points", explain_plural_n(p->opts[k].value)),
                           num_format_pts(p->opts[k].value, pb));
        }
        break;
    case PART_VETO:
        explain_printf(sb,
                  p->scope == VETO_ALL     ? _("Veto: %s makes the whole table score 0")
                  : p->scope == VETO_GROUP ? _("Veto: %s makes its whole first-level group score 0")
                                           : _("Veto: %s makes the indicator score 0"),
                  p->label);
        break;
    case PART_CALC:
        explain_printf(sb, ngettext("%s (%s point): ", "%s (%s points): ",
                                    explain_plural_n(p->points)),
                       p->label, num_format_pts(p->points, pb));
        if (!p->expr)
            break;
        if (p->expr->op == EX_TIERS)
            render_tiers(&c, p->expr, true);
        else if (p->expr->op == EX_IF)
            render_ifs(&c, p->expr, true);
        else
            render_points(&c, p->expr);
        break;
    }
}

void explain_part_line(struct strbuf *sb, const struct part *p, const struct part_value *v,
                       pts_t score)
{
    char vb[64], sb2[NUM_BUF], pb[NUM_BUF];
    if (p->kind == PART_VETO)
        return;
    strbuf_puts(sb, p->label);
    if (v->has) {
        strbuf_puts(sb, " ");
        strbuf_puts(sb, explain_format_value(v, vb, sizeof vb));
    }
    strbuf_puts(sb, p->kind == PART_CALC ? " \xe2\x86\x92 " : " ");   /* → */
    strbuf_puts(sb, score == PTS_NONE ? "--" : num_format_pts(score, sb2));
    strbuf_puts(sb, " / ");
    strbuf_puts(sb, num_format_pts(p->points, pb));
}

struct part_value *explain_leaf_values(const struct draft *d, int i)
{
    const struct dnode *n = draft_node(d, i);
    const struct rule *r = n->fn->rule;
    if (!r || r->nparts == 0 || n->replaced || !dnode_is_leaf(n))
        return NULL;
    struct part_value *pv = malloc(r->nparts * sizeof *pv);
    if (pv)
        explain_values(r, n->fn->figs, n->figs, n->fn->nfigs, pv);
    return pv;
}

size_t explain_leaf_lines(struct strbuf *sb, const struct draft *d, int i, const char *sep)
{
    const struct dnode *n = draft_node(d, i);
    const struct rule *r = n->fn->rule;
    if (!r || n->replaced || !dnode_is_leaf(n))
        return 0;
    size_t ncalc = 0, nset = 0;
    for (size_t k = 0; k < r->nparts; k++)
        ncalc += r->parts[k].kind == PART_CALC;
    for (size_t k = 0; k < n->fn->nfigs; k++)
        nset += n->figs[k].set;
    if (ncalc == 0 || nset == 0)
        return 0;
    struct part_value *pv = explain_leaf_values(d, i);
    pts_t *ps = draft_part_scores(d, i);
    size_t lines = 0;
    if (!pv || !ps) {
        sb->oom = true;
    } else {
        for (size_t k = 0; k < r->nparts; k++) {
            if (r->parts[k].kind != PART_CALC)
                continue;
            strbuf_puts(sb, sep);
            explain_part_line(sb, &r->parts[k], &pv[k], ps[k]);
            lines++;
        }
    }
    free(pv);
    free(ps);
    return lines;
}
