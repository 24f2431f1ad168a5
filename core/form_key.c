/* form_key.c - a form's ids (order, lookup) and its hash. */
#include "form_impl.h"

#include <string.h>

#include "idmap.h"

/* Table order of two well-formed ids: group by group, numerically, a
 * parent before its children ("1.2" < "1.2.1" < "1.10"). */
int form_id_cmp(const char *a, const char *b)
{
    for (;;) {
        size_t la = strspn(a, "0123456789"), lb = strspn(b, "0123456789");
        if (la != lb)   /* no leading zeros: the longer number is larger */
            return la < lb ? -1 : 1;
        int c = memcmp(a, b, la);
        if (c)
            return c;
        a += la, b += lb;
        if (!*a || !*b)
            return !*a && !*b ? 0 : !*a ? -1 : 1;
        a++, b++;   /* both at '.' */
    }
}

/* Build the id map of the nodes read so far (a form out of table order,
 * or one that is still sorted; see form_find). */
int form_index(struct form *f)
{
    if (f->ids)
        return 0;
    if (!(f->ids = idmap_new(f->n + 64)))
        return -1;
    for (size_t i = 0; i < f->n; i++)
        if (idmap_put(f->ids, f->nodes[i].id, (int)i) < 0)
            return -1;
    return 0;
}

/* "1.2.3": non-empty digit groups without leading zeros. Returns depth, 0 if bad. */
int form_id_depth(const char *id)
{
    int depth = 1;
    const char *p = id;
    if (!*p)
        return 0;
    for (;;) {
        const char *start = p;
        while (*p >= '0' && *p <= '9')
            p++;
        if (p == start || (p - start > 1 && *start == '0') || p - start > 9)
            return 0;
        if (!*p)
            return depth;
        if (*p != '.')
            return 0;
        p++;
        depth++;
    }
}

/* FNV-1a over what decides a score: ids, points, figures (name and type)
 * and every rule part (kind, label, points, options, expression). Names,
 * descriptions and criteria are left out: rewording them changes no
 * score, so drafts need no warning (docs/forms.md). */
static void hash_bytes(uint64_t *h, const char *s)
{
    for (const char *p = s;; p++) {
        *h = (*h ^ (unsigned char)*p) * 1099511628211u;
        if (!*p)
            break;
    }
}

static void hash_num(uint64_t *h, int64_t v)
{
    for (int k = 0; k < 8; k++)
        *h = (*h ^ (uint64_t)((v >> (8 * k)) & 0xFF)) * 1099511628211u;
}

/* One node's part of the form hash. Taken as each node is read (its
 * strings and rule are then in the cache), in file order, which is the
 * order of nodes[]. */
void form_hash_node(uint64_t *h, const struct form_node *n)
{
    hash_bytes(h, n->id);
    hash_num(h, n->points);
    if (n->kind)   /* forms without kinds keep the hash they had */
        hash_num(h, 256 + n->kind);
    for (size_t k = 0; k < n->nfigs; k++) {
        hash_bytes(h, n->figs[k].name);
        hash_num(h, n->figs[k].type);
    }
    for (size_t k = 0; n->rule && k < n->rule->nparts; k++) {
        const struct part *pt = &n->rule->parts[k];
        hash_num(h, pt->kind);
        if (pt->scope)   /* rules without a scoped veto keep their hash */
            hash_num(h, 512 + pt->scope);
        hash_bytes(h, pt->label);
        hash_num(h, pt->points);
        for (size_t o = 0; o < pt->nopts; o++) {
            hash_bytes(h, pt->opts[o].label);
            hash_num(h, pt->opts[o].value);
        }
        if (pt->source)
            hash_bytes(h, pt->source);
    }
    hash_num(h, n->rule && n->rule->custom);
}

int form_find(const struct form *f, const char *id)
{
    if (f->ids)
        return idmap_get(f->ids, id);
    /* in table order: binary search, no map to build or keep */
    if (!form_id_depth(id))
        return -1;
    size_t lo = 0, hi = f->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = form_id_cmp(f->nodes[mid].id, id);
        if (!c)
            return (int)mid;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return -1;
}

