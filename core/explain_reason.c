/* explain_reason.c - drafted reasons: the form's reason templates, checked and filled. */
#include "explain.h"

#include <stdlib.h>
#include <string.h>

#include "draft.h"
#include "explain_impl.h"
#include "expr.h"
#include "forms.h"
#include "i18n.h"
#include "num.h"

static const char *const fixed_keys[] = {"value", "score", "points", "lost", "label"};

/* The template of label in cell: a pointer to its text and its length. */
static const char *find_template(const char *cell, const char *label, size_t *len)
{
    size_t ll = strlen(label);
    for (const char *s = cell; s && *s;) {
        const char *eol = strchr(s, '\n');
        size_t n = eol ? (size_t)(eol - s) : strlen(s);
        const char *eq = memchr(s, '=', n);
        if (eq) {
            const char *a = s, *b = eq;
            while (a < b && (*a == ' ' || *a == '\t'))
                a++;
            while (b > a && (b[-1] == ' ' || b[-1] == '\t'))
                b--;
            if ((size_t)(b - a) == ll && memcmp(a, label, ll) == 0) {
                const char *t = eq + 1, *end = s + n;
                while (end > t && (end[-1] == '\r' || end[-1] == ' '))
                    end--;
                while (t < end && *t == ' ')
                    t++;
                *len = (size_t)(end - t);
                return t;
            }
        }
        s = eol ? eol + 1 : NULL;
    }
    return NULL;
}

static size_t find_fig(const struct figure_def *defs, size_t nfigs, const char *s, size_t n)
{
    for (size_t i = 0; i < nfigs; i++)
        if (strlen(defs[i].name) == n && memcmp(defs[i].name, s, n) == 0)
            return i;
    return nfigs;
}

static int key_index(const char *s, size_t n)
{
    for (size_t k = 0; k < sizeof fixed_keys / sizeof *fixed_keys; k++)
        if (strlen(fixed_keys[k]) == n && memcmp(fixed_keys[k], s, n) == 0)
            return (int)k;
    return -1;
}

int explain_check_templates(const char *cell, const struct rule *r,
                            const struct figure_def *defs, size_t nfigs, char *why,
                            size_t whylen)
{
    char qb[64];
    for (const char *s = cell; s && *s;) {
        const char *eol = strchr(s, '\n');
        size_t n = eol ? (size_t)(eol - s) : strlen(s);
        const char *eq = memchr(s, '=', n);
        const char *a = s, *b = eq ? eq : s + n;
        while (a < b && (*a == ' ' || *a == '\t' || *a == '\r'))
            a++;
        while (b > a && (b[-1] == ' ' || b[-1] == '\t' || b[-1] == '\r'))
            b--;
        if (a == b && !eq) {           /* a blank line */
            s = eol ? eol + 1 : NULL;
            continue;
        }
        if (!eq) {
            rule_say(why, whylen, _("reason template %s has no '=' (write LABEL=TEXT)"),
                     lex_quote(a, 0, (size_t)(b - a), qb, sizeof qb));
            return -1;
        }
        size_t k = 0;
        while (k < (r ? r->nparts : 0) &&
               !(strlen(r->parts[k].label) == (size_t)(b - a) &&
                 memcmp(r->parts[k].label, a, (size_t)(b - a)) == 0))
            k++;
        if (!r || k == r->nparts) {
            rule_say(why, whylen, _("reason template for %s: the rule has no such part"),
                     lex_quote(a, 0, (size_t)(b - a), qb, sizeof qb));
            return -1;
        }
        for (const char *t = eq + 1; t < s + n; t++) {
            if (*t == '{' && t + 1 < s + n && t[1] == '{') {
                t++;
                continue;
            }
            if (*t != '{')
                continue;
            const char *close = memchr(t, '}', (size_t)(s + n - t));
            if (!close) {
                rule_say(why, whylen, _("reason template for \"%s\": '{' without '}'"),
                         r->parts[k].label);
                return -1;
            }
            size_t pl = (size_t)(close - t - 1);
            if (key_index(t + 1, pl) < 0 && find_fig(defs, nfigs, t + 1, pl) == nfigs) {
                rule_say(why, whylen,
                         _("reason template for \"%s\": unknown placeholder %s (a figure "
                           "name, value, score, points, lost or label)"),
                         r->parts[k].label, lex_quote(t, 0, pl + 2, qb, sizeof qb));
                return -1;
            }
            t = close;
        }
        s = eol ? eol + 1 : NULL;
    }
    return 0;
}

static void put_figval(struct strbuf *sb, const struct figure_def *d, const struct figval *v)
{
    char b[NUM_BUF + 8];
    if (!v->set) {
        strbuf_puts(sb, "--");
        return;
    }
    num_format_decimal(v->v, b);
    strbuf_puts(sb, b);
    if (d->type == FIG_PERCENT || d->type == FIG_RATE)
        strbuf_puts(sb, "%");
}

static void fill_template(struct strbuf *sb, const char *t, size_t n, const struct part *p,
                          const struct part_value *v, pts_t score,
                          const struct figure_def *defs, const struct figval *figs, size_t nfigs)
{
    char b[64];
    for (size_t i = 0; i < n; i++) {
        if ((t[i] == '{' || t[i] == '}') && i + 1 < n && t[i + 1] == t[i]) {
            strbuf_put(sb, t + i, 1);
            i++;
            continue;
        }
        const char *close = t[i] == '{' ? memchr(t + i, '}', n - i) : NULL;
        if (!close) {
            strbuf_put(sb, t + i, 1);
            continue;
        }
        const char *k = t + i + 1;
        size_t kl = (size_t)(close - k);
        switch (key_index(k, kl)) {
        case 0: strbuf_puts(sb, v->has ? explain_format_value(v, b, sizeof b) : "--"); break;
        case 1: strbuf_puts(sb, num_format_pts(score, b)); break;
        case 2: strbuf_puts(sb, num_format_pts(p->points, b)); break;
        case 3: strbuf_puts(sb, num_format_pts(p->points - score, b)); break;
        case 4: strbuf_puts(sb, p->label); break;
        default: {
            size_t f = find_fig(defs, nfigs, k, kl);
            if (f < nfigs)
                put_figval(sb, &defs[f], &figs[f]);
            else
                strbuf_put(sb, t + i, kl + 2);
        }
        }
        i += kl + 1;
    }
}

static bool ends_with(const struct strbuf *sb, const char *s)
{
    size_t n = strlen(s);
    return sb->p && sb->n >= n && memcmp(sb->p + sb->n - n, s, n) == 0;
}

void explain_draft_reason(struct strbuf *sb, const struct rule *r,
                          const struct figure_def *defs, const struct figval *figs,
                          size_t nfigs, const mark_t *marks, const char *cell)
{
    if (!r || r->nparts == 0)
        return;
    pts_t *ps = malloc(r->nparts * sizeof *ps);
    struct part_value *pv = malloc(r->nparts * sizeof *pv);
    pts_t total;
    if (!ps || !pv) {
        sb->oom = true;
        goto out;
    }
    if (rule_eval(r, defs, figs, nfigs, marks, &total, ps, NULL, 0) != RULE_COMPLETE)
        goto out;
    explain_values(r, defs, figs, nfigs, pv);
    size_t start = sb->n;
    for (size_t i = 0; i < r->nparts; i++) {
        const struct part *p = &r->parts[i];
        if (p->kind == PART_VETO || ps[i] == PTS_NONE || ps[i] >= p->points)
            continue;
        size_t tl = 0;
        const char *t = cell ? find_template(cell, p->label, &tl) : NULL;
        if (!t && p->kind != PART_CALC)
            continue;
        if (sb->n > start && !ends_with(sb, "\xe3\x80\x82"))   /* 。 */
            strbuf_puts(sb, ends_with(sb, ".") ? " " : _("; "));
        if (t) {
            fill_template(sb, t, tl, p, &pv[i], ps[i], defs, figs, nfigs);
            continue;
        }
        char vb[64], sc[NUM_BUF], pt[NUM_BUF];
        num_format_pts(ps[i], sc);
        num_format_pts(p->points, pt);
        if (pv[i].has)
            explain_printf(sb, ngettext("%s is %s, scoring %s of %s point.",
                                        "%s is %s, scoring %s of %s points.",
                                        explain_plural_n(p->points)),
                           p->label,
                           explain_format_value(&pv[i], vb, sizeof vb), sc, pt);
        else
            explain_printf(sb, ngettext("%s scores %s of %s point.", "%s scores %s of %s points.",
                                        explain_plural_n(p->points)),
                           p->label, sc, pt);
    }
out:
    free(ps);
    free(pv);
}

/* The form's index of a draft node, -1 for a custom indicator. */
static int form_index(const struct draft *d, const struct dnode *n)
{
    const struct form *f = draft_form(d);
    if (n->fn < f->nodes || n->fn >= f->nodes + f->n)
        return -1;
    return (int)(n->fn - f->nodes);
}

char *explain_leaf_reason(const struct draft *d, int i)
{
    const struct dnode *n = draft_node(d, i);
    struct strbuf sb = {0};
    if (dnode_is_leaf(n) && !n->replaced && n->fn->rule) {
        int fi = form_index(d, n);
        explain_draft_reason(&sb, n->fn->rule, n->fn->figs, n->figs, n->fn->nfigs, n->marks,
                             fi >= 0 ? form_reasons(draft_form(d), fi) : NULL);
    }
    if (sb.oom) {
        strbuf_free(&sb);
        return NULL;
    }
    return sb.p ? sb.p : strdup("");
}
