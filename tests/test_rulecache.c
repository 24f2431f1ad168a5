/* test_rulecache.c - the rule cache through rulecache.h. The form loader
 * (form.c) asks it for every row and copies figs, nfigs and rule into the
 * node, so: a result is what compiling the cells gives (the cache changes
 * no outcome, only how often the work is done), equal cells share one
 * compiled rule, and what it compiled lives as long as the cache. */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "oom.h"
#include "rulecache.h"

/* What compiling gives without a cache: the same calls the header
 * describes (the rule skipped when check is 0). */
struct direct {
    struct figure_def *figs;
    size_t nfigs;
    int figs_failed;
    struct rule *rule;
    char figs_why[512], rule_why[512];
};

static void direct_compile(struct direct *o, const char *figs, const char *rule, pts_t points,
                           int check)
{
    memset(o, 0, sizeof *o);
    o->figs_failed = rule_parse_figures(figs, &o->figs, &o->nfigs, o->figs_why,
                                        sizeof o->figs_why) < 0;
    if (check)
        o->rule = rule_parse(rule, o->figs, o->nfigs, points, o->rule_why, sizeof o->rule_why);
}

static void direct_free(struct direct *o)
{
    rule_free_figures(o->figs, o->nfigs);
    rule_free(o->rule);
}

/* s with its control bytes shown as <1f>, for messages. */
static const char *shown(const char *s, char *buf, size_t size)
{
    size_t o = 0;
    for (; *s && o + 5 < size; s++)
        o += (unsigned char)*s < 0x20 ? (size_t)snprintf(buf + o, size - o, "<%02x>", *s)
                                      : (size_t)snprintf(buf + o, size - o, "%c", *s);
    buf[o] = '\0';
    return buf;
}

/* Fail unless cr is what compiling these cells gives. */
static void assert_compiled(const struct compiled_rule *cr, const char *figs, const char *rule,
                            pts_t points, int check)
{
    assert_non_null(cr);
    struct direct o;
    direct_compile(&o, figs, rule, points, check);
    if (o.figs_failed) {
        if (!cr->figs_error)
            fail_msg("figures \"%s\": no error, should be \"%s\"", figs, o.figs_why);
        assert_string_equal(cr->figs_error, o.figs_why);
    } else {
        if (cr->figs_error)
            fail_msg("figures \"%s\": error \"%s\", should be none", figs, cr->figs_error);
    }
    assert_int_equal(cr->nfigs, o.nfigs);
    for (size_t i = 0; i < o.nfigs; i++) {
        char a[256], b[256], c[256];
        if (strcmp(cr->figs[i].name, o.figs[i].name) || strcmp(cr->figs[i].label, o.figs[i].label))
            fail_msg("figures \"%s\": figure %zu is %s:%s, should be %s:%s",
                     shown(figs, a, sizeof a), i, cr->figs[i].name,
                     shown(cr->figs[i].label, b, sizeof b), o.figs[i].name,
                     shown(o.figs[i].label, c, sizeof c));
        assert_int_equal(cr->figs[i].type, o.figs[i].type);
    }
    if (o.rule) {
        if (!cr->rule)
            fail_msg("rule \"%s\" (%s): not compiled (%s)", rule, figs,
                     cr->rule_error ? cr->rule_error : "no error");
        assert_null(cr->rule_error);
        assert_int_equal(cr->rule->nparts, o.rule->nparts);
        assert_int_equal(cr->rule->custom, o.rule->custom);
        for (size_t i = 0; i < o.rule->nparts; i++) {
            assert_string_equal(cr->rule->parts[i].label, o.rule->parts[i].label);
            assert_int_equal(cr->rule->parts[i].kind, o.rule->parts[i].kind);
            assert_int_equal(cr->rule->parts[i].points, o.rule->parts[i].points);
        }
    } else {
        if (cr->rule)
            fail_msg("rule \"%s\" (%s, %lld, check %d): compiled, should be %s", rule, figs,
                     (long long)points, check, o.rule_why[0] ? o.rule_why : "none");
        if (o.rule_why[0])
            assert_string_equal(cr->rule_error ? cr->rule_error : "(none)", o.rule_why);
        else
            assert_null(cr->rule_error);
    }
    direct_free(&o);
}

static void test_new_free(void **state)
{
    (void)state;
    struct rulecache *c = rulecache_new();
    assert_non_null(c);
    rulecache_free(c);
    rulecache_free(NULL);
}

/* Neither figures nor rule: direct scoring, nothing compiled. */
static void test_none(void **state)
{
    (void)state;
    struct rulecache *c = rulecache_new();
    for (int check = 0; check <= 1; check++) {
        const struct compiled_rule *cr = rulecache_get(c, "", "", 500, check);
        assert_non_null(cr);
        assert_null(cr->figs);
        assert_int_equal(cr->nfigs, 0);
        assert_null(cr->rule);
        assert_null(cr->figs_error);
        assert_null(cr->rule_error);
    }
    rulecache_free(c);
}

#define FIGS "a:count:完成数量; b:money:预算金额（万元）"
#define RULE "check(按时报送, 1); calc(执行率, 1, a / b)"

/* A rule and its figures, compiled as rule.h says. */
static void test_compile(void **state)
{
    (void)state;
    struct rulecache *c = rulecache_new();
    const struct compiled_rule *cr = rulecache_get(c, FIGS, RULE, 200, 1);
    assert_compiled(cr, FIGS, RULE, 200, 1);
    /* and from the texts themselves: two figures, two parts of 1 point */
    assert_int_equal(cr->nfigs, 2);
    assert_string_equal(cr->figs[1].name, "b");
    assert_int_equal(cr->figs[1].type, FIG_MONEY);
    assert_string_equal(cr->figs[1].label, "预算金额（万元）");
    assert_int_equal(cr->rule->nparts, 2);
    assert_string_equal(cr->rule->parts[0].label, "按时报送");
    assert_int_equal(cr->rule->parts[0].points, 100);
    assert_int_equal(cr->rule->parts[1].kind, PART_CALC);
    /* figures alone: no rule, no error */
    cr = rulecache_get(c, FIGS, "", 200, 1);
    assert_compiled(cr, FIGS, "", 200, 1);
    assert_int_equal(cr->nfigs, 2);
    assert_null(cr->rule);
    assert_null(cr->rule_error);
    /* a rule alone */
    cr = rulecache_get(c, "", "check(甲, 2); check(乙, 3)", 500, 1);
    assert_compiled(cr, "", "check(甲, 2); check(乙, 3)", 500, 1);
    assert_int_equal(cr->rule->nparts, 2);
    rulecache_free(c);
}

/* Each wrong cell with the reason compiling it gives, kept by the cache so
 * every row with that text gets it. */
static void test_errors(void **state)
{
    (void)state;
    static const struct {
        const char *figs, *rule;
        pts_t points;
        int figs_bad, rule_bad;
    } cases[] = {
        {"a:lots:数量", "", 100, 1, 0},                        /* no such type */
        {"a:count:甲; a:count:乙", "", 100, 1, 0},             /* a twice */
        {"a:count:数量", "calc(x, 1, c * 2)", 100, 0, 1},      /* no figure c */
        {"", "check(甲, 1); check(乙, 1)", 300, 0, 1},         /* 2 points, not 3 */
        {"", "check(甲, 1", 100, 0, 1},                        /* unclosed */
        {"", "check(甲, 1); check(甲, 1)", 200, 0, 1},         /* same label */
    };
    struct rulecache *c = rulecache_new();
    for (int r = 0; r < 2; r++) {
        for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
            const struct compiled_rule *cr =
                rulecache_get(c, cases[i].figs, cases[i].rule, cases[i].points, 1);
            assert_compiled(cr, cases[i].figs, cases[i].rule, cases[i].points, 1);
            assert_int_equal(cr->figs_error != NULL, cases[i].figs_bad);
            assert_int_equal(cr->rule_error != NULL, cases[i].rule_bad);
            assert_null(cr->rule);
        }
    }
    rulecache_free(c);
}

/* Equal cells, wherever their text is, share one compiled rule. */
static void test_shared(void **state)
{
    (void)state;
    struct rulecache *c = rulecache_new();
    const struct compiled_rule *a = rulecache_get(c, FIGS, RULE, 200, 1);
    char f2[] = FIGS, r2[] = RULE;
    const struct compiled_rule *b = rulecache_get(c, f2, r2, 200, 1);
    assert_ptr_equal(b, a);
    assert_ptr_equal(b->rule, a->rule);
    assert_ptr_equal(b->figs, a->figs);
    rulecache_free(c);
}

/* A cell, the points or check differing from a cached entry give their
 * own result, never the cached one. */
static void test_distinct(void **state)
{
    (void)state;
    static const struct {
        const char *figs, *rule;
        pts_t points;
        int check;
    } cases[] = {
        {"", "check(甲, 1)", 100, 1},
        {"", "check(甲, 1)", 200, 1},       /* points: now the parts do not add up */
        {"", "check(甲, 1)", 200, 0},       /* not checked: no rule, no error */
        {"", "check(甲, 1)", 100, 0},
        {"", "check(甲, 2)", 200, 1},       /* the last byte but one */
        {"", "check(乙, 1)", 100, 1},
        {"", "check(甲, 1) ", 100, 1},      /* a blank more */
        {"a:count:甲", "check(甲, 1)", 100, 1},   /* figures */
        {"a:count:乙", "check(甲, 1)", 100, 1},
        {"a:count:甲", "calc(甲, 1, a)", 100, 1},
        {"a:percent:甲", "calc(甲, 1, a)", 100, 1},
        {"a:percent:甲", "calc(甲, 1, a)", 101, 1},
        {"", "check(甲, 0.5); check(乙, 0.5)", 100, 1},
        {"", "check(甲, 0.5); check(乙, 0.5)", 50, 1},
    };
    enum { N = sizeof cases / sizeof *cases };
    struct rulecache *c = rulecache_new();
    /* the entry a get returns may move at the next get (the cache grows):
     * keep the rule it owns, which does not */
    const struct rule *seen[N];
    for (int r = 0; r < 2; r++)   /* filled, then all found again */
        for (size_t i = 0; i < N; i++) {
            const struct compiled_rule *cr =
                rulecache_get(c, cases[i].figs, cases[i].rule, cases[i].points, cases[i].check);
            assert_compiled(cr, cases[i].figs, cases[i].rule, cases[i].points, cases[i].check);
            if (r == 0)
                seen[i] = cr->rule;
            else
                assert_ptr_equal(cr->rule, seen[i]);
        }
    rulecache_free(c);
}

/* The cache changes no outcome: any two rows, asked in either order from
 * one cache, get what each would get alone. The pairs are ones whose
 * cells, joined, read the same (the cells may hold any byte but NUL:
 * the CSV reader refuses nothing else). */
static void test_no_mixup(void **state)
{
    (void)state;
    static const struct {
        const char *figs, *rule;
        pts_t points;
    } rows[] = {
        {"a:count:甲\x1f", "check(甲, 1)", 100},
        {"a:count:甲", "\x1f" "check(甲, 1)", 100},
        {"", "check(甲, 1)\x1f" "1\x1f" "1", 100},
        {"", "check(甲, 1)", 100},
        {"a:count:A", "", 100},
        {"a:count:", "A", 100},
        {"a", "calc(x, 1, 1)", 100},
    };
    enum { N = sizeof rows / sizeof *rows };
    for (size_t i = 0; i < N; i++)
        for (size_t j = 0; j < N; j++) {
            struct rulecache *c = rulecache_new();
            /* row i first, so that row j would be a hit if the keys met */
            assert_non_null(rulecache_get(c, rows[i].figs, rows[i].rule, rows[i].points, 1));
            const struct compiled_rule *cr =
                rulecache_get(c, rows[j].figs, rows[j].rule, rows[j].points, 1);
            assert_compiled(cr, rows[j].figs, rows[j].rule, rows[j].points, 1);
            rulecache_free(c);
        }
}

/* Five thousand distinct rules (past the first 16 entries and the map's
 * first 64 keys), some with cells over the 1 KB key buffer: each right,
 * and what the first ones compiled is still there, the same, after all
 * the growth (form nodes keep the pointers). */
static void test_growth(void **state)
{
    (void)state;
    enum { N = 5000 };
    struct rulecache *c = rulecache_new();
    const struct rule **rules = calloc(N, sizeof *rules);
    const struct figure_def **figs = calloc(N, sizeof *figs);
    assert_non_null(rules);
    assert_non_null(figs);
    char fbuf[4096], rbuf[256];
    for (int i = 0; i < N; i++) {
        /* i % 10 == 0: a long figures cell (60 figures, 1.6 KB) */
        int nf = i % 10 ? 1 : 60, o = 0;
        for (int k = 0; k < nf; k++)
            o += snprintf(fbuf + o, sizeof fbuf - (size_t)o, "%sf%d:count:第%d个数字", k ? "; " : "",
                          k, k);
        snprintf(rbuf, sizeof rbuf, "check(第%d项, %d)", i, i % 97 + 1);
        pts_t pts = (pts_t)(i % 97 + 1) * 100;
        const struct compiled_rule *cr = rulecache_get(c, fbuf, rbuf, pts, 1);
        assert_non_null(cr);
        if (i % 10 == 0)
            assert_true(strlen(fbuf) > 1024);
        assert_int_equal(cr->nfigs, nf);
        assert_non_null(cr->rule);
        assert_int_equal(cr->rule->parts[0].points, pts);
        rules[i] = cr->rule;
        figs[i] = cr->figs;
    }
    for (int i = 0; i < N; i++) {
        int nf = i % 10 ? 1 : 60, o = 0;
        for (int k = 0; k < nf; k++)
            o += snprintf(fbuf + o, sizeof fbuf - (size_t)o, "%sf%d:count:第%d个数字", k ? "; " : "",
                          k, k);
        snprintf(rbuf, sizeof rbuf, "check(第%d项, %d)", i, i % 97 + 1);
        char label[64];
        snprintf(label, sizeof label, "第%d项", i);
        /* read through the pointer kept from the first call */
        assert_string_equal(rules[i]->parts[0].label, label);
        snprintf(label, sizeof label, "第%d个数字", nf - 1);
        assert_string_equal(figs[i][nf - 1].label, label);
        const struct compiled_rule *cr =
            rulecache_get(c, fbuf, rbuf, (pts_t)(i % 97 + 1) * 100, 1);
        assert_ptr_equal(cr->rule, rules[i]);
        assert_ptr_equal(cr->figs, figs[i]);
    }
    rulecache_free(c);
    free(rules);
    free(figs);
}

/* Out of memory: rulecache_new gives NULL; rulecache_get gives NULL (the
 * loader then says "out of memory") or a right result, never a wrong one,
 * and the cache goes on working with all it held. */
static void test_oom(void **state)
{
    (void)state;
    for (long n = 0;; n++) {
        oom_fail_after(n);
        struct rulecache *c = rulecache_new();
        long failed = oom_failed();
        oom_fail_after(-1);
        if (!failed) {
            assert_non_null(c);
            rulecache_free(c);
            break;
        }
        assert_null(c);
    }

    /* rows that compile, fail in their figures or their rule, short and
     * over the key buffer */
    char longfigs[1500];
    memset(longfigs, ' ', sizeof longfigs - 1);
    memcpy(longfigs, "a:count:甲", strlen("a:count:甲"));
    longfigs[sizeof longfigs - 1] = '\0';
    static const char *const rules[] = {"check(甲, 1); check(乙, 1)", "check(甲, 1",
                                        "calc(x, 2, a + 1)", "choice(档次, 2, 好=2, 差=0)"};
    char oom_text[64];
    snprintf(oom_text, sizeof oom_text, "%s", _("out of memory"));
    int fails = 0;
    for (size_t r = 0; r < sizeof rules / sizeof *rules; r++)
        for (int lf = 0; lf < 2; lf++) {
            const char *figs = lf ? longfigs : "a:count:甲";
            for (long n = 0;; n++) {
                /* a cache holding one entry already */
                struct rulecache *c = rulecache_new();
                const struct compiled_rule *first = rulecache_get(c, FIGS, RULE, 200, 1);
                assert_compiled(first, FIGS, RULE, 200, 1);
                const struct rule *first_rule = first->rule;
                oom_fail_after(n);
                const struct compiled_rule *cr = rulecache_get(c, figs, rules[r], 200, 1);
                long failed = oom_failed();
                oom_fail_after(-1);
                if (!failed) {
                    assert_compiled(cr, figs, rules[r], 200, 1);
                    rulecache_free(c);
                    break;
                }
                fails++;
                /* NULL, or compiling ran out of memory and says so ("calc(x): out
                 * of memory"), or it
                 * failed where it did not matter: never a wrong rule */
                if (cr && !(cr->figs_error && strstr(cr->figs_error, oom_text)) &&
                    !(cr->rule_error && strstr(cr->rule_error, oom_text)))
                    assert_compiled(cr, figs, rules[r], 200, 1);
                /* the earlier entry is untouched, and the cache still compiles */
                assert_ptr_equal(rulecache_get(c, FIGS, RULE, 200, 1)->rule, first_rule);
                assert_compiled(rulecache_get(c, "", "check(丙, 2)", 200, 1), "", "check(丙, 2)",
                                200, 1);
                rulecache_free(c);
            }
        }
    print_message("# %d allocations failed in turn\n", fails);
    assert_true(fails >= 8);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_new_free),
        cmocka_unit_test(test_none),
        cmocka_unit_test(test_compile),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_shared),
        cmocka_unit_test(test_distinct),
        cmocka_unit_test(test_no_mixup),
        cmocka_unit_test(test_growth),
        cmocka_unit_test(test_oom),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
