/* rule.c - parsing rule cells (figures cells: rule_figures.c).
 *
 * Both are scanned by hand through lex_char, so full-width punctuation
 * counts as ASCII everywhere while labels keep the exact bytes written.
 * Every error names the offending token; the first error wins.
 */
#include "grow.h"
#include "rule.h"

#include <stdlib.h>
#include <string.h>
#include "expr.h"
#include "i18n.h"
#include "rule_impl.h"

/* ---- shared helpers ---- */

static bool is_blank_byte_at(const char *s, size_t i, size_t start)
{
    unsigned char c = (unsigned char)s[i];
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n')
        return true;
    /* U+3000 ends in 80: look back for E3 80 80. */
    return i >= start + 2 && c == 0x80 && (unsigned char)s[i - 1] == 0x80 &&
           (unsigned char)s[i - 2] == 0xE3;
}

/* Narrow [*start, *end) to exclude surrounding blanks. */
void rule_trim(const char *s, size_t *start, size_t *end)
{
    *start = lex_skip_space(s, *end, *start, true);
    while (*end > *start && is_blank_byte_at(s, *end - 1, *start))
        *end -= (unsigned char)s[*end - 1] == 0x80 ? 3 : 1;
}

char *rule_dup_range(const char *s, size_t start, size_t end)
{
    char *p = malloc(end - start + 1);
    if (p) {
        memcpy(p, s + start, end - start);
        p[end - start] = '\0';
    }
    return p;
}

/* ASCII case-insensitive comparison of s[0, n) with a lower-case word. */
bool rule_word_is(const char *s, size_t n, const char *word)
{
    size_t k = 0;
    while (k < n && word[k] && (s[k] | 0x20) == word[k])
        k++;
    return k == n && !word[k];
}

static int str_cmp(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* A string occurring twice in v[0, n) (sorted in place), or NULL. Sorting
 * keeps this fast however long a hostile cell is. */
const char *rule_dup_find(const char **v, size_t n)
{
    if (n < 2)
        return NULL;
    qsort(v, n, sizeof *v, str_cmp);
    for (size_t i = 1; i < n; i++)
        if (strcmp(v[i - 1], v[i]) == 0)
            return v[i];
    return NULL;
}

/* What sits at pos, quoted for a message: a word, a number or one character. */
static const char *show_at(const char *s, size_t len, size_t pos, char *buf, size_t size)
{
    size_t adv, n = lex_ident_len(s, len, pos);
    struct rat r;
    bool pct, fits;
    if (lex_char(s, len, pos, &adv) == LEX_END)
        return _("the end");
    if (n == 0)
        n = lex_number(s, len, pos, &r, &pct, &fits);
    return lex_quote(s, pos, pos + (n ? n : adv), buf, size);
}

/* ---- rules ---- */

struct rparser {
    const char *s;
    size_t len, pos;
    const struct figure_def *figs;
    size_t nfigs;
    const struct figure_def **byname;   /* figs sorted by name, may be NULL */
    struct rule *r;
    size_t cap;
    const char *kw;     /* the part being parsed, for messages */
    char *why;
    size_t whylen;
};

static void part_free(struct part *p)
{
    free(p->label);
    for (size_t i = 0; i < p->nopts; i++)
        free(p->opts[i].label);
    free(p->opts);
    expr_free(p->expr);
    free(p->source);
}

void rule_free(struct rule *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->nparts; i++)
        part_free(&r->parts[i]);
    free(r->parts);
    free(r);
}

/* Skip blanks, new lines included (a part may span lines), and return the
 * character there. */
static int rp_peek(struct rparser *rp, size_t *adv)
{
    rp->pos = lex_skip_space(rp->s, rp->len, rp->pos, true);
    return lex_char(rp->s, rp->len, rp->pos, adv);
}

/* Consume ch or explain what was found instead. */
static bool rp_expect(struct rparser *rp, int ch)
{
    size_t adv;
    char q[64];
    if (rp_peek(rp, &adv) == ch) {
        rp->pos += adv;
        return true;
    }
    const char *found = show_at(rp->s, rp->len, rp->pos, q, sizeof q);
    if (ch == ')')
        rule_say(rp->why, rp->whylen, _("missing ')' to close %s( (found %s)"), rp->kw, found);
    else
        rule_say(rp->why, rp->whylen, _("expected '%c' in %s(), found %s"), ch, rp->kw, found);
    return false;
}

/* Check a label s[start, end) and copy it. */
static char *label_take(struct rparser *rp, size_t start, size_t end)
{
    char q[64];
    size_t adv;
    if (start == end) {
        rule_say(rp->why, rp->whylen, _("empty label in %s()"), rp->kw);
        return NULL;
    }
    for (size_t p = start; p < end; p += adv) {
        int c = lex_char(rp->s, end, p, &adv);
        if (c == '=' || c == ';' || c == '\n') {
            rule_say(rp->why, rp->whylen, _("label %s may not contain '=', ';' or a new line"),
                     lex_quote(rp->s, start, end, q, sizeof q));
            return NULL;
        }
    }
    char *l = rule_dup_range(rp->s, start, end);
    if (!l)
        rule_say(rp->why, rp->whylen, "%s", _("out of memory"));
    return l;
}

/* A label: "quoted", or bare up to ',' or ')' (or '=' for an option) at
 * parenthesis depth 0, blanks trimmed. */
static char *label_scan(struct rparser *rp, bool option)
{
    size_t adv;
    int c = rp_peek(rp, &adv);
    size_t start = rp->pos, end;
    if (c == '"') {
        start += adv;
        for (end = start; (c = lex_char(rp->s, rp->len, end, &adv)) != '"'; end += adv) {
            if (c == LEX_END || c == '\n') {
                rule_say(rp->why, rp->whylen, _("unterminated quote in %s("), rp->kw);
                return NULL;
            }
        }
        rp->pos = end + adv;
    } else {
        int depth = 0;
        for (end = start;; end += adv) {
            c = lex_char(rp->s, rp->len, end, &adv);
            if (c == LEX_END || c == ';' || c == '\n') {
                rule_say(rp->why, rp->whylen, _("missing ')' to close %s("), rp->kw);
                return NULL;
            }
            if (depth == 0 && (c == ',' || c == ')' || (option && c == '=')))
                break;
            depth += c == '(' ? 1 : c == ')' ? -1 : 0;
        }
        rp->pos = end;
    }
    rule_trim(rp->s, &start, &end);
    return label_take(rp, start, end);
}

/* Points: a number with at most two decimals, > 0 unless zero_ok. */
static bool pts_scan(struct rparser *rp, bool zero_ok, pts_t *out)
{
    size_t adv;
    struct rat r;
    bool pct, fits;
    char q[64];
    rp_peek(rp, &adv);
    size_t n = lex_number(rp->s, rp->len, rp->pos, &r, &pct, &fits);
    if (n == 0) {
        rule_say(rp->why, rp->whylen, _("expected points in %s(), found %s"), rp->kw,
                 show_at(rp->s, rp->len, rp->pos, q, sizeof q));
        return false;
    }
    lex_quote(rp->s, rp->pos, rp->pos + n, q, sizeof q);
    if (pct || !fits || !rat_to_pts(r, out) || rat_cmp(rat_from_pts(*out), r) != 0) {
        rule_say(rp->why, rp->whylen,
                 _("points %s in %s() must be a number with at most two decimals"), q, rp->kw);
        return false;
    }
    if (*out == 0 && !zero_ok) {
        rule_say(rp->why, rp->whylen, _("%s() must be worth more than 0 points"), rp->kw);
        return false;
    }
    rp->pos += n;
    return true;
}

static bool opt_push(struct rparser *rp, struct part *p, char *label, pts_t value, size_t *cap)
{
    struct choice_opt *v = grow_array(p->opts, cap, p->nopts, 1, sizeof *v);
    if (!v) {
        rule_say(rp->why, rp->whylen, "%s", _("out of memory"));
        free(label);
        return false;
    }
    p->opts = v;
    p->opts[p->nopts++] = (struct choice_opt){label, value};
    return true;
}

/* ", OPT=V, OPT=V ...)" after choice(LABEL, PTS */
static bool choice_opts(struct rparser *rp, struct part *p)
{
    size_t cap = 0, adv;
    char a[NUM_BUF], b[NUM_BUF];
    for (;;) {
        char *label = label_scan(rp, true);
        pts_t v;
        if (!label)
            return false;
        if (!opt_push(rp, p, label, 0, &cap) || !rp_expect(rp, '=') || !pts_scan(rp, true, &v))
            return false;
        if (v > p->points) {
            rule_say(rp->why, rp->whylen, _("option '%s' is worth %s, more than the %s points "
                                            "of choice(%s)"),
                     label, num_format_pts(v, a), num_format_pts(p->points, b), p->label);
            return false;
        }
        p->opts[p->nopts - 1].value = v;
        if (rp_peek(rp, &adv) != ',')
            break;
        rp->pos += adv;
    }
    if (p->nopts < 2) {
        rule_say(rp->why, rp->whylen, _("choice(%s) needs at least two options"), p->label);
        return false;
    }
    const char **labels = malloc(p->nopts * sizeof *labels);
    if (!labels) {
        rule_say(rp->why, rp->whylen, "%s", _("out of memory"));
        return false;
    }
    for (size_t i = 0; i < p->nopts; i++)
        labels[i] = p->opts[i].label;
    const char *dup = rule_dup_find(labels, p->nopts);
    if (dup)
        rule_say(rp->why, rp->whylen, _("duplicate option '%s' in choice(%s)"), dup, p->label);
    free(labels);
    return !dup && rp_expect(rp, ')');
}

/* ", EXPR)" after calc(LABEL, PTS */
static bool calc_expr(struct rparser *rp, struct part *p)
{
    char sub[256];
    size_t adv;
    rp_peek(rp, &adv);
    size_t start = rp->pos;
    p->expr = expr_parse_at(rp->s, rp->len, &rp->pos, rp->figs, rp->nfigs, rp->byname, sub,
                            sizeof sub);
    if (!p->expr) {
        rule_say(rp->why, rp->whylen, "calc(%s): %s", p->label, sub);
        return false;
    }
    size_t end = rp->pos;
    rule_trim(rp->s, &start, &end);
    if (!(p->source = rule_dup_range(rp->s, start, end))) {
        rule_say(rp->why, rp->whylen, "%s", _("out of memory"));
        return false;
    }
    return rp_expect(rp, ')');
}

/* One part, from its keyword to its closing ')'; p is zeroed by the caller
 * and freed by it on failure. */
static bool part_parse(struct rparser *rp, struct part *p, size_t kwlen)
{
    static const char *const kws[] = {"check", "choice", "calc", "veto"};
    static const enum part_kind kinds[] = {PART_CHECK, PART_CHOICE, PART_CALC, PART_VETO};
    size_t k = 0;
    char q[64];
    while (k < 4 && !rule_word_is(rp->s + rp->pos, kwlen, kws[k]))
        k++;
    if (k == 4) {
        rule_say(rp->why, rp->whylen,
                 _("unknown part %s (use check, choice, calc, veto or custom)"),
                 show_at(rp->s, rp->len, rp->pos, q, sizeof q));
        return false;
    }
    rp->kw = kws[k];
    p->kind = kinds[k];
    rp->pos += kwlen;
    if (!rp_expect(rp, '(') || !(p->label = label_scan(rp, false)))
        return false;
    if (p->kind == PART_VETO) {
        size_t adv;
        if (rp_peek(rp, &adv) != ',')
            return rp_expect(rp, ')');
        rp->pos += adv;
        rp_peek(rp, &adv);
        size_t n = lex_ident_len(rp->s, rp->len, rp->pos);
        const char *w = rp->s + rp->pos;
        /* rule_word_is folds ASCII case only: the Chinese words compare as bytes */
        if (n && (rule_word_is(w, n, "group")
                  || (n == strlen("一级") && !memcmp(w, "一级", n))))
            p->scope = VETO_GROUP;
        else if (n && (rule_word_is(w, n, "all")
                       || (n == strlen("全表") && !memcmp(w, "全表", n))))
            p->scope = VETO_ALL;
        else {
            rule_say(rp->why, rp->whylen,
                     _("veto(%s): what it zeroes must be group (一级) or all (全表), not %s"),
                     p->label, show_at(rp->s, rp->len, rp->pos, q, sizeof q));
            return false;
        }
        rp->pos += n;
        return rp_expect(rp, ')');
    }
    if (!rp_expect(rp, ',') || !pts_scan(rp, false, &p->points))
        return false;
    if (p->kind == PART_CHECK)
        return rp_expect(rp, ')');
    if (!rp_expect(rp, ','))
        return false;
    return p->kind == PART_CHOICE ? choice_opts(rp, p) : calc_expr(rp, p);
}

/* Parse the part at rp->pos (blanks skipped) and append it. */
static bool rule_part(struct rparser *rp)
{
    struct rule *r = rp->r;
    size_t n = lex_ident_len(rp->s, rp->len, rp->pos);
    if (n > 0 && rule_word_is(rp->s + rp->pos, n, "custom")) {
        r->custom = true;
        rp->pos += n;
        return true;
    }
    struct part *v = grow_array(r->parts, &rp->cap, r->nparts, 1, sizeof *v);
    if (!v) {
        rule_say(rp->why, rp->whylen, "%s", _("out of memory"));
        return false;
    }
    r->parts = v;
    struct part p = {0};
    if (!part_parse(rp, &p, n)) {
        part_free(&p);
        return false;
    }
    r->parts[r->nparts++] = p;
    return true;
}

/* Whole-rule checks once every part is read. */
static bool rule_check(struct rparser *rp, pts_t points)
{
    struct rule *r = rp->r;
    char a[NUM_BUF], b[NUM_BUF];
    if (r->custom) {
        if (r->nparts == 0)
            return true;
        rule_say(rp->why, rp->whylen, "%s", _("'custom' stands alone: it cannot be combined "
                                              "with other parts"));
        return false;
    }
    const char **labels = malloc(r->nparts * sizeof *labels);
    if (!labels) {
        rule_say(rp->why, rp->whylen, "%s", _("out of memory"));
        return false;
    }
    for (size_t i = 0; i < r->nparts; i++)
        labels[i] = r->parts[i].label;
    const char *dup = rule_dup_find(labels, r->nparts);
    if (dup)
        rule_say(rp->why, rp->whylen, _("duplicate label '%s'"), dup);
    free(labels);
    if (dup)
        return false;
    pts_t sum = 0;
    for (size_t i = 0; i < r->nparts; i++) {
        if (r->parts[i].kind != PART_VETO &&
            __builtin_add_overflow(sum, r->parts[i].points, &sum)) {
            rule_say(rp->why, rp->whylen, "%s", _("the parts add up to too many points"));
            return false;
        }
    }
    if (sum != points) {
        rule_say(rp->why, rp->whylen, _("parts add up to %s, but the indicator has %s points"),
                 num_format_pts(sum, a), num_format_pts(points, b));
        return false;
    }
    return true;
}

struct rule *rule_parse(const char *text, const struct figure_def *figs, size_t nfigs,
                        pts_t points, char *why, size_t whylen)
{
    const char *s = text ? text : "";
    struct rparser rp = {s, strlen(s), 0, figs, nfigs, NULL, NULL, 0, "", why, whylen};
    size_t adv;
    char q[64];
    if (why && whylen)
        why[0] = '\0';
    rp.byname = lex_figure_index(figs, nfigs);   /* NULL is fine: lookups then scan */
    if (!(rp.r = calloc(1, sizeof *rp.r))) {
        rule_say(why, whylen, "%s", _("out of memory"));
        free(rp.byname);
        return NULL;
    }
    for (;;) {
        int c = rp_peek(&rp, &adv);
        if (c == LEX_END)
            break;
        if (c == ';') {   /* empty parts are ignored */
            rp.pos += adv;
            continue;
        }
        if (!rule_part(&rp))
            goto fail;
        /* A part ends at ';', a new line or the end. */
        rp.pos = lex_skip_space(s, rp.len, rp.pos, false);
        c = lex_char(s, rp.len, rp.pos, &adv);
        if (c != LEX_END && c != ';' && c != '\n') {
            rule_say(why, whylen, _("unexpected %s after a part (separate parts with ';' or a "
                                    "new line)"),
                     show_at(s, rp.len, rp.pos, q, sizeof q));
            goto fail;
        }
    }
    if (rp.r->nparts == 0 && !rp.r->custom)
        goto fail;   /* a blank cell: the leaf is scored directly, why stays "" */
    if (rule_check(&rp, points)) {
        free(rp.byname);
        return rp.r;
    }
fail:
    free(rp.byname);
    rule_free(rp.r);
    return NULL;
}

bool rule_is_placeholder(const char *text)
{
    while (*text == ' ' || *text == '\t' || *text == '\n' || *text == '\r')
        text++;
    if (strncmp(text, "custom", 6))
        return false;
    for (text += 6; *text; text++)
        if (*text != ' ' && *text != '\t' && *text != '\n' && *text != '\r')
            return false;
    return true;
}
