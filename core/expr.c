/* expr.c - calc expressions: parsing (evaluation is in expr_eval.c).
 *
 * Expressions are parsed by recursive descent into a small tree and
 * evaluated lazily (if() and tiers() only evaluate the branch they pick)
 * with exact rationals. Recursion is bounded twice over: EXPR_MAX_NEST
 * limits how deeply the parser descends, EXPR_MAX_HEIGHT limits the tree
 * (a long a+b+c+... chain is deep without any nesting), so neither the
 * parser, the evaluator nor expr_free can exhaust the stack.
 */
#include "expr.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "grow.h"
#include "i18n.h"
#include "utf8.h"

#define EXPR_MAX_HEIGHT 256

/* ---- parser ---- */

/* Punctuation codes for two-character operators. */
enum { OP_LE = 'l', OP_GE = 'g', OP_EQ = 'e', OP_NE = 'n' };

enum tok_kind { TK_END, TK_NUM, TK_IDENT, TK_PUNCT };

struct token {
    enum tok_kind kind;
    int op;                /* TK_PUNCT: the character or an OP_ code */
    size_t start, end;
    struct rat num;
    bool fits;
    bool pct;              /* TK_NUM written with % (for showing it again) */
};

struct parser {
    const char *s;
    size_t len, pos;
    const struct figure_def *figs;
    size_t nfigs;
    const struct figure_def *const *byname;   /* may be NULL */
    int nest;
    bool failed;
    char *why;
    size_t whylen;
};

static void fail(struct parser *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void fail(struct parser *p, const char *fmt, ...)
{
    if (p->failed)
        return;   /* the first problem is the one worth reporting */
    p->failed = true;
    if (!p->why || p->whylen == 0)
        return;
    va_list ap;
    va_start(ap, fmt);
    u8_vsnprintf(p->why, p->whylen, fmt, ap);
    va_end(ap);
}

static struct token peek(struct parser *p)
{
    struct token t = {TK_END, 0, 0, 0, {0, 1}, true, false};
    size_t adv, adv2;
    bool pct;
    t.start = t.end = p->pos = lex_skip_space(p->s, p->len, p->pos, true);
    int c = lex_char(p->s, p->len, p->pos, &adv);
    if (c == LEX_END)
        return t;
    size_t n = lex_number(p->s, p->len, p->pos, &t.num, &pct, &t.fits);
    if (n > 0) {
        t.kind = TK_NUM;
        t.pct = pct;
        t.end += n;
        return t;
    }
    n = lex_ident_len(p->s, p->len, p->pos);
    if (n > 0) {
        t.kind = TK_IDENT;
        t.end += n;
        return t;
    }
    t.kind = TK_PUNCT;
    t.op = c == LEX_OTHER ? '?' : c;
    t.end += adv;
    int c2 = lex_char(p->s, p->len, t.end, &adv2);
    if (c2 == '=' && (c == '<' || c == '>' || c == '=' || c == '!')) {
        t.op = c == '<' ? OP_LE : c == '>' ? OP_GE : c == '=' ? OP_EQ : OP_NE;
        t.end += adv2;
    }
    return t;
}

static const char *tok_show(const struct parser *p, const struct token *t, char *buf,
                            size_t size)
{
    if (t->kind == TK_END)
        return _("the end");
    return lex_quote(p->s, t->start, t->end, buf, size);
}

static struct expr *node_new(struct parser *p, enum ex_op op, size_t nargs)
{
    struct expr *e = calloc(1, sizeof *e);
    if (e && nargs > 0 && !(e->args = calloc(nargs, sizeof *e->args))) {
        free(e);
        e = NULL;
    }
    if (!e) {
        fail(p, "%s", _("out of memory"));
        return NULL;
    }
    e->op = op;
    e->nargs = nargs;
    e->height = 1;
    return e;
}

/* Record the height of a finished node, refusing trees too deep to walk. */
static struct expr *node_seal(struct parser *p, struct expr *e)
{
    for (size_t i = 0; i < e->nargs; i++)
        if (e->args[i] && e->args[i]->height + 1 > e->height)
            e->height = e->args[i]->height + 1;
    if (e->height > EXPR_MAX_HEIGHT) {
        fail(p, _("expression is too long (more than %d operations deep)"), EXPR_MAX_HEIGHT);
        expr_free(e);
        return NULL;
    }
    return e;
}

static struct expr *binary(struct parser *p, enum ex_op op, struct expr *l, struct expr *r)
{
    struct expr *e = l && r ? node_new(p, op, 2) : NULL;
    if (!e) {
        expr_free(l);
        expr_free(r);
        return NULL;
    }
    e->args[0] = l;
    e->args[1] = r;
    return node_seal(p, e);
}

static struct expr *parse_expr(struct parser *p);

struct func {
    const char *name;
    enum ex_op op;
};

static const struct func funcs[] = {
    {"if", EX_IF}, {"min", EX_MIN}, {"max", EX_MAX}, {"abs", EX_ABS}, {"tiers", EX_TIERS},
    {"round", EX_ROUND}, {"floor", EX_FLOOR}, {"ceil", EX_CEIL},
};

static bool has_figure(const struct expr *e)
{
    if (e->op == EX_FIG)
        return true;
    for (size_t i = 0; i < e->nargs; i++)
        if (has_figure(e->args[i]))
            return true;
    return false;
}

/* A step written without figures is known now: refuse 0 or less here, so
 * that check names the line instead of every draft failing later. */
static bool step_check(struct parser *p, const struct func *f, const struct expr *step)
{
    struct rat v;
    if (has_figure(step) ||
        (expr_eval_in(step, NULL, NULL, 0, NULL, &v, NULL, 0) == RULE_COMPLETE && v.n > 0))
        return true;
    fail(p, _("the step of %s() must be above 0"), f->name);
    return false;
}

static const struct func *func_find(const char *s, size_t n)
{
    for (size_t i = 0; i < sizeof funcs / sizeof funcs[0]; i++) {
        const char *f = funcs[i].name;
        size_t k = 0;
        /* ASCII case-insensitive: spreadsheet users write IF and MIN. */
        while (k < n && f[k] && (s[k] | 0x20) == f[k])
            k++;
        if (k == n && !f[k])
            return &funcs[i];
    }
    return NULL;
}

static bool args_check(struct parser *p, const struct func *f, size_t n)
{
    switch (f->op) {
    case EX_IF:
        if (n == 3)
            return true;
        fail(p, _("if() takes 3 arguments (condition, value if true, value if false), not %zu"),
             n);
        return false;
    case EX_ABS:
        if (n == 1)
            return true;
        fail(p, _("abs() takes 1 argument, not %zu"), n);
        return false;
    case EX_ROUND:
    case EX_FLOOR:
    case EX_CEIL:
        if (n == 1 || n == 2)
            return true;
        fail(p, _("%s() takes a value and an optional step (1 or 2 arguments), not %zu"),
             f->name, n);
        return false;
    case EX_TIERS:
        if (n >= 4 && n % 2 == 0)
            return true;
        fail(p, _("tiers() takes x, pairs of threshold and value, then a last value "
                  "(an even number, at least 4), not %zu arguments"), n);
        return false;
    default:
        if (n >= 1)
            return true;
        fail(p, _("%s() needs at least 1 argument"), f->name);
        return false;
    }
}

/* Append one argument to a call node, growing its array. */
static bool arg_push(struct parser *p, struct expr *e, size_t *cap, struct expr *a)
{
    struct expr **v = grow_array(e->args, cap, e->nargs, 1, sizeof *v);
    if (!v) {
        fail(p, "%s", _("out of memory"));
        expr_free(a);
        return false;
    }
    e->args = v;
    e->args[e->nargs++] = a;
    return true;
}

/* NAME( was read; parse the arguments up to the closing ')'. */
static struct expr *parse_call(struct parser *p, const struct func *f)
{
    struct expr *e = node_new(p, f->op, 0);
    size_t cap = 0;
    char buf[64];
    struct token t = peek(p);
    bool closed = t.kind == TK_PUNCT && t.op == ')';
    if (closed)
        p->pos = t.end;
    while (e && !closed) {
        struct expr *a = parse_expr(p);
        if (!a || !arg_push(p, e, &cap, a))
            break;
        t = peek(p);
        p->pos = t.end;
        closed = t.kind == TK_PUNCT && t.op == ')';
        if (!closed && (t.kind != TK_PUNCT || t.op != ',')) {
            fail(p, _("missing ')' after the arguments of %s() (found %s)"), f->name,
                 tok_show(p, &t, buf, sizeof buf));
            break;
        }
    }
    if (!e || !closed || !args_check(p, f, e->nargs) ||
        (e->nargs == 2 && (f->op == EX_ROUND || f->op == EX_FLOOR || f->op == EX_CEIL) &&
         !step_check(p, f, e->args[1]))) {
        expr_free(e);
        return NULL;
    }
    return node_seal(p, e);
}

static struct expr *parse_name(struct parser *p, const struct token *t)
{
    char buf[64];
    struct token next = peek(p);
    if (next.kind == TK_PUNCT && next.op == '(') {
        const struct func *f = func_find(p->s + t->start, t->end - t->start);
        if (!f) {
            fail(p, _("unknown function %s (use if, min, max, abs, tiers, round, floor or ceil)"),
                 tok_show(p, t, buf, sizeof buf));
            return NULL;
        }
        p->pos = next.end;
        return parse_call(p, f);
    }
    size_t i = lex_find_figure(p->figs, p->nfigs, p->byname, p->s + t->start,
                               t->end - t->start);
    if (i == p->nfigs) {
        fail(p, _("unknown figure %s"), tok_show(p, t, buf, sizeof buf));
        return NULL;
    }
    struct expr *e = node_new(p, EX_FIG, 0);
    if (e)
        e->fig = i;
    return e;
}

static struct expr *parse_primary(struct parser *p)
{
    char buf[64];
    struct token t = peek(p);
    if (t.kind == TK_NUM) {
        if (!t.fits) {
            fail(p, _("number %s is too large or has too many decimals"),
                 tok_show(p, &t, buf, sizeof buf));
            return NULL;
        }
        size_t adv;
        if (lex_is_ident(lex_char(p->s, p->len, t.end, &adv))) {
            /* 1e308, 12abc: say what is wrong, not "missing ')'" */
            struct token u = t;
            u.end += lex_ident_len(p->s, p->len, t.end);
            fail(p, _("%s is not a number: write numbers in full, without exponents or units"),
                 tok_show(p, &u, buf, sizeof buf));
            return NULL;
        }
        p->pos = t.end;
        struct expr *e = node_new(p, EX_NUM, 0);
        if (e) {
            e->num = t.num;
            e->pct = t.pct;
        }
        return e;
    }
    if (t.kind == TK_IDENT) {
        p->pos = t.end;
        return parse_name(p, &t);
    }
    if (t.kind == TK_PUNCT && t.op == '(') {
        p->pos = t.end;
        struct expr *e = parse_expr(p);
        if (!e)
            return NULL;
        t = peek(p);
        if (t.kind != TK_PUNCT || t.op != ')') {
            fail(p, _("missing ')' (found %s)"), tok_show(p, &t, buf, sizeof buf));
            expr_free(e);
            return NULL;
        }
        p->pos = t.end;
        return e;
    }
    fail(p, _("expected a number or a figure name, found %s"), tok_show(p, &t, buf, sizeof buf));
    return NULL;
}

static struct expr *parse_unary(struct parser *p)
{
    if (p->nest >= EXPR_MAX_NEST) {
        fail(p, _("expression nests too deeply (more than %d levels)"), EXPR_MAX_NEST);
        return NULL;
    }
    p->nest++;
    struct expr *e;
    struct token t = peek(p);
    if (t.kind == TK_PUNCT && (t.op == '-' || t.op == '+')) {
        p->pos = t.end;
        e = parse_unary(p);
        if (e && t.op == '-') {
            struct expr *n = node_new(p, EX_NEG, 1);
            if (n) {
                n->args[0] = e;
                n = node_seal(p, n);
            } else {
                expr_free(e);
            }
            e = n;
        }
    } else {
        e = parse_primary(p);
    }
    p->nest--;
    return e;
}

static struct expr *parse_term(struct parser *p)
{
    struct expr *l = parse_unary(p);
    for (;;) {
        struct token t = peek(p);
        if (!l || t.kind != TK_PUNCT || (t.op != '*' && t.op != '/'))
            return l;
        p->pos = t.end;
        l = binary(p, t.op == '*' ? EX_MUL : EX_DIV, l, parse_unary(p));
    }
}

static struct expr *parse_sum(struct parser *p)
{
    struct expr *l = parse_term(p);
    for (;;) {
        struct token t = peek(p);
        if (!l || t.kind != TK_PUNCT || (t.op != '+' && t.op != '-'))
            return l;
        p->pos = t.end;
        l = binary(p, t.op == '+' ? EX_ADD : EX_SUB, l, parse_term(p));
    }
}

static int cmp_op(const struct token *t)
{
    if (t->kind != TK_PUNCT)
        return -1;
    switch (t->op) {
    case '<': return EX_LT;
    case '>': return EX_GT;
    case OP_LE: return EX_LE;
    case OP_GE: return EX_GE;
    case OP_EQ: return EX_EQ;
    case OP_NE: return EX_NE;
    default: return -1;
    }
}

static struct expr *parse_expr(struct parser *p)
{
    struct expr *l = parse_sum(p);
    if (!l)
        return NULL;
    struct token t = peek(p);
    if (t.kind == TK_PUNCT && t.op == '=') {
        fail(p, "%s", _("use '==' to compare, not '='"));
        expr_free(l);
        return NULL;
    }
    int op = cmp_op(&t);
    if (op < 0)
        return l;
    p->pos = t.end;
    l = binary(p, (enum ex_op)op, l, parse_sum(p));
    t = peek(p);
    if (l && cmp_op(&t) >= 0) {
        fail(p, "%s", _("comparisons cannot be chained; use if() to combine them"));
        expr_free(l);
        return NULL;
    }
    return l;
}

struct expr *expr_parse_at(const char *s, size_t len, size_t *pos,
                           const struct figure_def *figs, size_t nfigs,
                           const struct figure_def *const *byname, char *why, size_t whylen)
{
    struct parser p = {s, len, *pos, figs, nfigs, byname, 0, false, why, whylen};
    struct expr *e = parse_expr(&p);
    if (!e && !p.failed)
        fail(&p, "%s", _("out of memory"));
    *pos = lex_skip_space(s, len, p.pos, true);
    return e;
}

struct expr *expr_parse(const char *text, const struct figure_def *figs, size_t nfigs,
                        char *why, size_t whylen)
{
    const char *s = text ? text : "";
    struct parser p = {s, strlen(s), 0, figs, nfigs, NULL, 0, false, why, whylen};
    char buf[64];
    if (peek(&p).kind == TK_END) {
        fail(&p, "%s", _("empty expression"));
        return NULL;
    }
    size_t pos = 0;
    const struct figure_def **byname = lex_figure_index(figs, nfigs);
    struct expr *e = expr_parse_at(s, p.len, &pos, figs, nfigs, byname, why, whylen);
    free(byname);
    p.pos = pos;
    struct token t = peek(&p);
    if (e && t.kind != TK_END) {
        fail(&p, _("unexpected %s after the expression"), tok_show(&p, &t, buf, sizeof buf));
        expr_free(e);
        return NULL;
    }
    return e;
}

void expr_free(struct expr *e)
{
    if (!e)
        return;
    for (size_t i = 0; i < e->nargs; i++)
        expr_free(e->args[i]);
    free(e->args);
    free(e);
}
