/* idmap.c - open-addressing hash map from id strings to node indices. */
#include "idmap.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct slot {
    const char *key;   /* NULL empty; TOMB deleted */
    int value;
    uint32_t hash;     /* high bits of the key's hash: compared before the
                        * key, so a probe rarely touches another key's
                        * memory (a cache miss each in a million-row map) */
};

struct idmap {
    struct slot *s;
    size_t cap;        /* power of two */
    size_t used;       /* live + tombstones */
};

static const char tomb[] = "";
#define TOMB tomb

/* Eight bytes at a time, each word mixed with a multiply and a shift:
 * rule-cache keys run to hundreds of bytes, and a byte-at-a-time hash
 * (FNV) spends a multiply on each. */
static uint64_t idmap_hash(const char *k)
{
    size_t n = strlen(k);
    uint64_t h = 0x9E3779B97F4A7C15u ^ (n * 0xff51afd7ed558ccdu), w;
    for (; n >= 8; n -= 8, k += 8) {
        memcpy(&w, k, 8);
        h = (h ^ w) * 0xbf58476d1ce4e5b9u;
        h ^= h >> 31;
    }
    w = 0;
    memcpy(&w, k, n);
    h = (h ^ w) * 0x94d049bb133111ebu;
    h ^= h >> 32;
    h *= 0xd6e8feb86659fd93u;
    h ^= h >> 32;
    return h;
}

struct idmap *idmap_new(size_t expected)
{
    struct idmap *m = calloc(1, sizeof *m);
    if (!m)
        return NULL;
    m->cap = 16;
    while (m->cap < expected * 2)
        m->cap *= 2;
    m->s = calloc(m->cap, sizeof *m->s);
    if (!m->s) {
        free(m);
        return NULL;
    }
    return m;
}

void idmap_free(struct idmap *m)
{
    if (m) {
        free(m->s);
        free(m);
    }
}

static struct slot *idmap_lookup(const struct idmap *m, const char *key, uint64_t h,
                                 struct slot **free_slot)
{
    size_t mask = m->cap - 1;
    size_t i = (size_t)h & mask;
    uint32_t tag = (uint32_t)(h >> 32);
    *free_slot = NULL;
    for (;;) {
        struct slot *s = &m->s[i];
        if (!s->key) {
            if (!*free_slot)
                *free_slot = s;
            return NULL;
        }
        if (s->key == TOMB) {
            if (!*free_slot)
                *free_slot = s;
        } else if (s->hash == tag && !strcmp(s->key, key)) {
            return s;
        }
        i = (i + 1) & mask;
    }
}

int idmap_get(const struct idmap *m, const char *key)
{
    struct slot *fs;
    struct slot *s = idmap_lookup(m, key, idmap_hash(key), &fs);
    return s ? s->value : -1;
}

static int idmap_grow(struct idmap *m)
{
    struct idmap n = {calloc(m->cap * 2, sizeof(struct slot)), m->cap * 2, 0};
    if (!n.s)
        return -1;
    for (size_t i = 0; i < m->cap; i++) {
        if (m->s[i].key && m->s[i].key != TOMB) {
            struct slot *fs;
            idmap_lookup(&n, m->s[i].key, idmap_hash(m->s[i].key), &fs);
            *fs = m->s[i];
            n.used++;
        }
    }
    free(m->s);
    *m = n;
    return 0;
}

int idmap_put(struct idmap *m, const char *key, int value)
{
    if ((m->used + 1) * 4 > m->cap * 3 && idmap_grow(m) < 0)
        return -1;
    struct slot *fs;
    uint64_t h = idmap_hash(key);
    struct slot *s = idmap_lookup(m, key, h, &fs);
    if (s) {
        s->value = value;
        return 0;
    }
    if (!fs->key)
        m->used++;
    fs->key = key;
    fs->value = value;
    fs->hash = (uint32_t)(h >> 32);
    return 0;
}

void idmap_del(struct idmap *m, const char *key)
{
    struct slot *fs;
    struct slot *s = idmap_lookup(m, key, idmap_hash(key), &fs);
    if (s)
        s->key = TOMB;
}
