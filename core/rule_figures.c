/* rule_figures.c - parsing figures cells: NAME:TYPE:LABEL items (rule.h). */
#include "rule.h"

#include <stdlib.h>
#include <string.h>

#include "expr.h"
#include "grow.h"
#include "i18n.h"
#include "rule_impl.h"

static bool name_reserved(const char *s, size_t n)
{
    static const char *const words[] = {"if", "min", "max", "abs", "tiers",
                                        "round", "floor", "ceil"};
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (rule_word_is(s, n, words[i]))
            return true;
    return false;
}

/* Parse one NAME:TYPE:LABEL item s[start, end) into f. */
static bool figure_item(const char *s, size_t start, size_t end, struct figure_def *f,
                        char *why, size_t whylen)
{
    static const char *const types[] = {"money", "count", "percent", "rate"};
    size_t cut[2], after[2], ncut = 0, adv;
    char q[64];
    for (size_t p = start; p < end && ncut < 2; p += adv) {
        if (lex_char(s, end, p, &adv) == ':') {
            cut[ncut] = p;
            after[ncut++] = p + adv;
        }
    }
    if (ncut < 2) {
        rule_say(why, whylen, _("figure %s: expected NAME:TYPE:LABEL"),
                 lex_quote(s, start, end, q, sizeof q));
        return false;
    }
    /* The label is everything after the second ':', colons included. */
    size_t ns = start, ne = cut[0], ts = after[0], te = cut[1], ls = after[1], le = end;
    rule_trim(s, &ns, &ne);
    rule_trim(s, &ts, &te);
    rule_trim(s, &ls, &le);
    if (ne == ns || lex_ident_len(s, ne, ns) != ne - ns || name_reserved(s + ns, ne - ns)) {
        rule_say(why, whylen, _("figure name %s is not a valid name (use letters, digits and "
                                "_, not starting with a digit)"),
                 lex_quote(s, ns, ne, q, sizeof q));
        return false;
    }
    size_t t = 0;
    while (t < 4 && !rule_word_is(s + ts, te - ts, types[t]))
        t++;
    if (t == 4) {
        rule_say(why, whylen, _("unknown figure type %s (use money, count, percent or rate)"),
                 lex_quote(s, ts, te, q, sizeof q));
        return false;
    }
    if (le == ls) {
        rule_say(why, whylen, _("figure %s has no label"), lex_quote(s, ns, ne, q, sizeof q));
        return false;
    }
    f->type = (enum fig_type)t;
    f->name = lex_normalize(s, ns, ne);
    f->label = rule_dup_range(s, ls, le);
    if (!f->name || !f->label) {
        rule_say(why, whylen, "%s", _("out of memory"));
        return false;
    }
    return true;
}

/* Names are stored normalised, so plain byte order finds duplicates. */
static bool figures_unique(const struct figure_def *v, size_t n, char *why, size_t whylen)
{
    const char **names = n ? malloc(n * sizeof *names) : NULL;
    if (n && !names) {
        rule_say(why, whylen, "%s", _("out of memory"));
        return false;
    }
    for (size_t i = 0; i < n; i++)
        names[i] = v[i].name;
    const char *dup = rule_dup_find(names, n);
    if (dup)
        rule_say(why, whylen, _("duplicate figure name '%s'"), dup);
    free(names);
    return !dup;
}

int rule_parse_figures(const char *text, struct figure_def **out, size_t *n, char *why,
                       size_t whylen)
{
    const char *s = text ? text : "";
    size_t len = strlen(s), cap = 0, adv;
    struct figure_def *v = NULL;
    *out = NULL;
    *n = 0;
    if (why && whylen)
        why[0] = '\0';
    for (size_t start = 0; start < len;) {
        size_t end = start;
        int c;
        while ((c = lex_char(s, len, end, &adv)) != LEX_END && c != ';' && c != '\n')
            end += adv;
        size_t next = end + adv, ts = start, te = end;
        rule_trim(s, &ts, &te);
        start = next;
        if (ts == te)
            continue;   /* blank items are allowed, e.g. a trailing ';' */
        if (*n == RULE_MAX_FIGS) {
            rule_say(why, whylen, _("more than %d figures"), RULE_MAX_FIGS);
            goto fail;
        }
        struct figure_def *nv = grow_array(v, &cap, *n, 1, sizeof *nv);
        if (!nv) {
            rule_say(why, whylen, "%s", _("out of memory"));
            goto fail;
        }
        v = nv;
        struct figure_def *f = &v[(*n)++];
        *f = (struct figure_def){NULL, FIG_MONEY, NULL};
        if (!figure_item(s, ts, te, f, why, whylen))
            goto fail;
    }
    if (!figures_unique(v, *n, why, whylen))
        goto fail;
    *out = v;
    return 0;
fail:
    rule_free_figures(v, *n);
    *n = 0;
    return -1;
}

void rule_free_figures(struct figure_def *f, size_t n)
{
    if (!f)
        return;
    for (size_t i = 0; i < n; i++) {
        free(f[i].name);
        free(f[i].label);
    }
    free(f);
}
