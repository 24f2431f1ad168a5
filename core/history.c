/* history.c - undo and redo as a list of (forward, inverse) edits. */
#include "grow.h"
#include "history.h"

#include <stdlib.h>
#include <string.h>

#include "i18n.h"

struct step {
    struct edit fwd, inv;
};

struct history {
    struct step *v;
    size_t n;      /* steps recorded */
    size_t pos;    /* steps currently applied (undo goes to pos-1) */
    size_t cap;
};

struct history *history_new(void)
{
    return calloc(1, sizeof(struct history));
}

static void history_truncate(struct history *h, size_t n)
{
    while (h->n > n) {
        h->n--;
        edit_clear(&h->v[h->n].fwd);
        edit_clear(&h->v[h->n].inv);
    }
}

void history_free(struct history *h)
{
    if (!h)
        return;
    history_truncate(h, 0);
    free(h->v);
    free(h);
}

int history_push(struct history *h, const struct edit *fwd, const struct edit *inv)
{
    history_truncate(h, h->pos);
    struct step *v = grow_array(h->v, &h->cap, h->n, 1, sizeof *v);
    if (!v)
        return -1;
    h->v = v;
    struct step *s = &h->v[h->n];
    if (edit_copy(&s->fwd, fwd) < 0)
        return -1;
    if (edit_copy(&s->inv, inv) < 0) {
        edit_clear(&s->fwd);
        return -1;
    }
    h->n++;
    h->pos = h->n;
    return 0;
}

/* The node an edit is about (NULL for draft settings). */
static const char *edit_target(const struct edit *e)
{
    return e->kind == EDIT_META ? NULL : e->id;
}

int history_undo(struct history *h, struct draft *d, const char **id, char *why, size_t n)
{
    if (h->pos == 0)
        return 1;
    struct step *s = &h->v[h->pos - 1];
    if (draft_apply(d, &s->inv, NULL, why, n) < 0)
        return -1;
    h->pos--;
    if (id)
        *id = edit_target(&s->inv);
    return 0;
}

int history_redo(struct history *h, struct draft *d, const char **id, char *why, size_t n)
{
    if (h->pos == h->n)
        return 1;
    struct step *s = &h->v[h->pos];
    if (draft_apply(d, &s->fwd, NULL, why, n) < 0)
        return -1;
    h->pos++;
    if (id)
        *id = edit_target(&s->fwd);
    return 0;
}

size_t history_depth(const struct history *h)
{
    return h->pos;
}

const struct edit *history_next(const struct history *h, bool redo)
{
    if (redo)
        return h->pos < h->n ? &h->v[h->pos].fwd : NULL;
    return h->pos > 0 ? &h->v[h->pos - 1].inv : NULL;
}
