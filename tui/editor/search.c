/* search.c - incremental search over indicator names (and ids).
 *
 * Names are matched as UTF-8 substrings: a needle made of whole characters
 * can only match at character boundaries, so Chinese needs no special
 * handling; ASCII letters match without regard to case.
 */
#include <stdlib.h>
#include <string.h>

#include "ed.h"
#include "i18n.h"

static char lower(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

static bool contains(const char *hay, const char *needle)
{
    size_t n = strlen(needle);
    if (n == 0)
        return false;
    for (; *hay; hay++) {
        size_t i = 0;
        while (i < n && hay[i] && lower(hay[i]) == lower(needle[i]))
            i++;
        if (i == n)
            return true;
    }
    return false;
}

static bool matches(const struct editor *ed, int node, const char *needle)
{
    const struct dnode *n = draft_node(ed->draft, node);
    return contains(n->fn->name, needle) || strncmp(n->fn->id, needle, strlen(needle)) == 0;
}

/* First match starting at from (from itself included when inclusive),
 * going forward or backward and wrapping; -1 if none. The table order is
 * kept by tree.c, so a search costs the names it reads, nothing more. */
static int find(struct editor *ed, const char *needle, int from, bool backward,
                bool inclusive, bool *wrapped)
{
    tree_order_ensure(ed);
    size_t n = ed->norder;
    *wrapped = false;
    if (n == 0 || from < 0 || (size_t)from >= ed->nopos)
        return -1;
    size_t at = (size_t)ed->opos[from];
    for (size_t step = inclusive ? 0 : 1; step <= n; step++) {
        size_t i = backward ? (at + n * 2 - step) % n : (at + step) % n;
        if (matches(ed, ed->order[i], needle)) {
            *wrapped = backward ? i > at : i < at;
            return ed->order[i];
        }
    }
    return -1;
}

struct live {
    int origin;
    bool found;
};

static void on_change(struct editor *ed, const char *text, void *ctx)
{
    struct live *lv = ctx;
    bool wrapped;
    int m = text[0] ? find(ed, text, lv->origin, false, true, &wrapped) : -1;
    lv->found = m >= 0;
    actions_select(ed, m >= 0 ? m : lv->origin);
    editor_redraw(ed, REDO_TREE | REDO_FIELDS | REDO_DETAIL);
}

unsigned search_start(struct editor *ed)
{
    struct live lv = {.origin = ed->sel};
    int focus = ed->focus;
    ed->focus = FOCUS_TREE;
    char *text = prompt_text_live(ed, "/", "", on_change, &lv);
    if (!text) {
        /* Esc: back where the search began. */
        ed->focus = (enum focus)focus;
        actions_select(ed, lv.origin);
        ed->msg[0] = '\0';
        return REDO_TREE | REDO_FIELDS | REDO_DETAIL | REDO_STATUS;
    }
    if (text[0]) {
        free(ed->search);
        ed->search = text;
        if (!lv.found)
            status_set_msg(ed, true, _("Not found: %s"), text);
        else
            ed->msg[0] = '\0';
    } else {
        free(text);
        ed->msg[0] = '\0';
    }
    return REDO_TREE | REDO_FIELDS | REDO_DETAIL | REDO_STATUS;
}

unsigned search_repeat(struct editor *ed, bool backward)
{
    if (!ed->search) {
        status_set_msg(ed, false, "%s", _("No search yet: press / to search."));
        return REDO_STATUS;
    }
    bool wrapped;
    int m = find(ed, ed->search, ed->sel, backward, false, &wrapped);
    if (m < 0) {
        status_set_msg(ed, true, _("Not found: %s"), ed->search);
        return REDO_STATUS;
    }
    if (wrapped)
        status_set_msg(ed, false, "%s",
                       backward ? _("Search wrapped to the bottom.") : _("Search wrapped to the top."));
    else
        ed->msg[0] = '\0';
    actions_select(ed, m);
    return REDO_TREE | REDO_FIELDS | REDO_DETAIL | REDO_STATUS;
}
