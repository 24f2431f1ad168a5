/* search.c - incremental search over indicator names, ids and texts.
 *
 * Names and ids come first: while any indicator's name (or id) matches,
 * the search moves over those, so "/社会效益" still lands on 社会效益 and not
 * on every 指标说明 that mentions it. When no name matches, the search goes
 * through the texts instead, 指标说明, 参考评分标准, the 扣分说明 and the
 * review comment, and the status line says which one matched and shows
 * the words around the match.
 *
 * Texts are matched as UTF-8 substrings: a needle made of whole characters
 * can only match at character boundaries, so Chinese needs no special
 * handling; ASCII letters match without regard to case.
 */
#include <stdlib.h>
#include <string.h>

#include "ed.h"
#include "i18n.h"
#include "utf8.h"

static char lower(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* where the needle starts in hay, NULL if nowhere */
static const char *contains(const char *hay, const char *needle)
{
    size_t n = strlen(needle);
    if (n == 0)
        return NULL;
    for (; *hay; hay++) {
        size_t i = 0;
        while (i < n && hay[i] && lower(hay[i]) == lower(needle[i]))
            i++;
        if (i == n)
            return hay;
    }
    return NULL;
}

enum { TEXT_DESC, TEXT_CRIT, TEXT_NOTE, TEXT_COMMENT, TEXT__COUNT };

static const char *node_text(const struct dnode *n, int which)
{
    switch (which) {
    case TEXT_DESC: return n->fn->description;
    case TEXT_CRIT: return n->fn->criteria;
    case TEXT_NOTE: return n->note;
    default: return n->review_comment;
    }
}

static const char *text_label(int which)
{
    switch (which) {
    case TEXT_DESC: return _("Description");
    case TEXT_CRIT: return _("Scoring criteria");
    case TEXT_NOTE: return _("Note (reason for deductions)");
    default: return _("Review comment");
    }
}

static bool matches(const struct editor *ed, int node, const char *needle, bool texts)
{
    const struct dnode *n = draft_node(ed->draft, node);
    if (!texts)
        return contains(n->fn->name, needle) || strncmp(n->fn->id, needle, strlen(needle)) == 0;
    for (int w = 0; w < TEXT__COUNT; w++)
        if (node_text(n, w) && contains(node_text(n, w), needle))
            return true;
    return false;
}

/* First match starting at from (from itself included when inclusive),
 * going forward or backward and wrapping; -1 if none. The table order is
 * kept by tree.c, so a search costs the names it reads, nothing more. */
static int find_in(struct editor *ed, const char *needle, int from, bool backward,
                   bool inclusive, bool texts, bool *wrapped)
{
    size_t n = ed->norder;
    *wrapped = false;
    if (n == 0 || from < 0 || (size_t)from >= ed->nopos)
        return -1;
    size_t at = (size_t)ed->opos[from];
    for (size_t step = inclusive ? 0 : 1; step <= n; step++) {
        size_t i = backward ? (at + n * 2 - step) % n : (at + step) % n;
        if (matches(ed, ed->order[i], needle, texts)) {
            *wrapped = backward ? i > at : i < at;
            return ed->order[i];
        }
    }
    return -1;
}

/* Names first; the texts only when no name or id matches anywhere. */
static int find(struct editor *ed, const char *needle, int from, bool backward,
                bool inclusive, bool *wrapped, bool *texts)
{
    tree_order_ensure(ed);
    *texts = false;
    int m = find_in(ed, needle, from, backward, inclusive, false, wrapped);
    if (m >= 0)
        return m;
    *texts = true;
    return find_in(ed, needle, from, backward, inclusive, true, wrapped);
}

/* Say where a text match is: "2.1.1 Scoring criteria: …words around it…". */
static void say_where(struct editor *ed, int node, const char *needle)
{
    const struct dnode *n = draft_node(ed->draft, node);
    for (int w = 0; w < TEXT__COUNT; w++) {
        const char *hay = node_text(n, w);
        const char *at = hay ? contains(hay, needle) : NULL;
        if (!at)
            continue;
        /* a few characters before the match, then as much as fits */
        size_t start = (size_t)(at - hay);
        for (int i = 0; i < 8 && start > 0; i++)
            start = u8_prev(hay, start);
        char snip[160];
        size_t len = strlen(hay + start);
        int used;
        size_t cut = u8_clip(hay + start, len, 48, &used);
        snprintf(snip, sizeof snip, "%s%.*s%s", start > 0 ? "…" : "", (int)cut, hay + start,
                 cut < len ? "…" : "");
        for (char *p = snip; *p; p++)
            if (*p == '\n' || *p == '\r' || *p == '\t')
                *p = ' ';
        status_set_msg(ed, false, _("%s %s: %s"), n->fn->id, text_label(w), snip);
        return;
    }
}

struct live {
    int origin;
    int node;      /* the match shown */
    bool found;
    bool texts;    /* it matched in a text, not a name */
};

static void on_change(struct editor *ed, const char *text, void *ctx)
{
    struct live *lv = ctx;
    bool wrapped, texts;
    int m = text[0] ? find(ed, text, lv->origin, false, true, &wrapped, &texts) : -1;
    lv->found = m >= 0;
    lv->texts = m >= 0 && texts;
    lv->node = m;
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
        else if (lv.texts)
            say_where(ed, lv.node, text);
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
    bool wrapped, texts;
    int m = find(ed, ed->search, ed->sel, backward, false, &wrapped, &texts);
    if (m < 0) {
        status_set_msg(ed, true, _("Not found: %s"), ed->search);
        return REDO_STATUS;
    }
    if (wrapped)
        status_set_msg(ed, false, "%s",
                       backward ? _("Search wrapped to the bottom.") : _("Search wrapped to the top."));
    else if (texts)
        say_where(ed, m, ed->search);
    else
        ed->msg[0] = '\0';
    actions_select(ed, m);
    return REDO_TREE | REDO_FIELDS | REDO_DETAIL | REDO_STATUS;
}
