/* rulecache.c - compile each distinct rule once per form. */
#include "grow.h"
#include "rulecache.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "idmap.h"

struct entry {
    char *key;
    struct compiled_rule cr;
};

struct rulecache {
    struct idmap *map;
    struct entry *v;
    size_t n, cap;
};

struct rulecache *rulecache_new(void)
{
    struct rulecache *c = calloc(1, sizeof *c);
    if (c && !(c->map = idmap_new(64))) {
        free(c);
        return NULL;
    }
    return c;
}

void rulecache_free(struct rulecache *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < c->n; i++) {
        struct compiled_rule *cr = &c->v[i].cr;
        rule_free_figures(cr->figs, cr->nfigs);
        rule_free(cr->rule);
        free(cr->figs_error);
        free(cr->rule_error);
        free(c->v[i].key);
    }
    idmap_free(c->map);
    free(c->v);
    free(c);
}

/* len(figures) \x1f figures rule \x1f points \x1f check. A cell may hold
 * any byte but NUL, \x1f included: the length says where the figures end,
 * and the points and check hold no \x1f, so two different rows never have
 * the same key. Written into buf when it fits (most lookups find the key:
 * no malloc), else into a malloc'd copy. */
static char *cache_key(const char *figs, const char *rule, pts_t points, int check, char *buf,
                       size_t size)
{
    size_t a = strlen(figs), b = strlen(rule);
    char num[NUM_BUF], len[24];
    num_format_pts(points, num);
    size_t l = (size_t)snprintf(len, sizeof len, "%zu", a);
    size_t c = strlen(num), need = l + a + b + c + 5;
    char *k = need <= size ? buf : malloc(need);
    if (!k)
        return NULL;
    char *o = k;
    memcpy(o, len, l), o += l, *o++ = '\x1f';
    memcpy(o, figs, a), o += a;
    memcpy(o, rule, b), o += b, *o++ = '\x1f';
    memcpy(o, num, c), o += c, *o++ = '\x1f';
    *o++ = check ? '1' : '0';
    *o = '\0';
    return k;
}

static int cache_compile(struct compiled_rule *cr, const char *figs, const char *rule,
                         pts_t points, int check)
{
    char msg[512];
    memset(cr, 0, sizeof *cr);
    if (rule_parse_figures(figs, &cr->figs, &cr->nfigs, msg, sizeof msg) < 0 &&
        !(cr->figs_error = strdup(msg)))
        return -1;
    if (!check)
        return 0;
    msg[0] = '\0';
    cr->rule = rule_parse(rule, cr->figs, cr->nfigs, points, msg, sizeof msg);
    if (!cr->rule && msg[0] && !(cr->rule_error = strdup(msg)))
        return -1;
    return 0;
}

const struct compiled_rule *rulecache_get(struct rulecache *c, const char *figs,
                                          const char *rule, pts_t points, int check_rule)
{
    /* most rows have neither: branches and directly scored leaves */
    static const struct compiled_rule none;
    if (!figs[0] && !rule[0])
        return &none;
    char buf[1024];
    char *key = cache_key(figs, rule, points, check_rule, buf, sizeof buf);
    if (!key)
        return NULL;
    int i = idmap_get(c->map, key);
    if (i >= 0) {
        if (key != buf)
            free(key);
        return &c->v[i].cr;
    }
    if (key == buf && !(key = strdup(buf)))   /* the cache keeps it */
        return NULL;
    struct entry *v = grow_array(c->v, &c->cap, c->n, 1, sizeof *v);
    if (!v) {
        free(key);
        return NULL;
    }
    /* idmap borrows the keys, which do not move when v does */
    c->v = v;
    struct entry *e = &c->v[c->n];
    e->key = key;
    if (cache_compile(&e->cr, figs, rule, points, check_rule) < 0 ||
        idmap_put(c->map, key, (int)c->n) < 0) {
        rule_free_figures(e->cr.figs, e->cr.nfigs);
        rule_free(e->cr.rule);
        free(e->cr.figs_error);
        free(e->cr.rule_error);
        free(key);
        return NULL;
    }
    return &c->v[c->n++].cr;
}
