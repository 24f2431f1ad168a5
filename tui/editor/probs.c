/* probs.c - problems: the count on the status line and the problems view.
 *
 * The status line shows how many problems the draft has on every frame.
 * Asking the core (draft_problems) walks the whole draft, which at 100 000
 * rows is milliseconds per keystroke; so the editor keeps a state per node
 * and, after a change, re-asks only for the changed node and its
 * ancestors (a node's problem depends on itself and, for a branch, on its
 * children's points). A structural change (a custom indicator added or
 * removed, a recovery) marks everything for a recount on the next use.
 *
 * The problems view is a modal list of draft_problems, the same list
 * `jixiao check` reports and the same nodes ]/[ stop at.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ed.h"
#include "grow.h"
#include "i18n.h"
#include "num.h"

static unsigned char classify(const struct editor *ed, int i)
{
    struct problem p;
    if (!draft_node_problem(ed->draft, i, &p))
        return PSTATE_NONE;
    return p.kind == PROB_UNSCORED || p.kind == PROB_INCOMPLETE ? PSTATE_UNSCORED : PSTATE_PROBLEM;
}

void probs_reset(struct editor *ed)
{
    ed->probs_dirty = true;
}

static void recount(struct editor *ed)
{
    size_t n = draft_count(ed->draft);
    if (n > ed->npstate || !ed->pstate) {
        size_t cap = ed->npstate;   /* all of it is set below */
        unsigned char *p = grow_array(ed->pstate, &cap, 0, n, 1);
        if (!p)
            return;   /* stays dirty: the count is recomputed next time */
        ed->pstate = p;
        ed->npstate = cap;
    }
    memset(ed->pstate, PSTATE_NONE, ed->npstate);
    ed->nproblems = 0;
    for (int i = draft_first(ed->draft); i >= 0; i = draft_next(ed->draft, i)) {
        ed->pstate[i] = classify(ed, i);
        ed->nproblems += ed->pstate[i] == PSTATE_PROBLEM;
    }
    ed->probs_dirty = false;
}

void probs_touch(struct editor *ed, int node)
{
    if (ed->probs_dirty || node < 0)
        return;
    if ((size_t)node >= ed->npstate) {
        ed->probs_dirty = true;
        return;
    }
    for (int p = node; p >= 0; p = draft_node(ed->draft, p)->parent) {
        unsigned char was = ed->pstate[p], now = classify(ed, p);
        ed->nproblems += (now == PSTATE_PROBLEM) - (was == PSTATE_PROBLEM);
        ed->pstate[p] = now;
    }
}

size_t probs_count(struct editor *ed)
{
    if (ed->probs_dirty || !ed->pstate)
        recount(ed);
    return ed->nproblems;
}

/* The node's problem as the core words it, for the detail pane; nothing
 * for what is merely not filled in yet (the result there says what is
 * missing). */
bool probs_describe(const struct editor *ed, int node, char *buf, size_t size)
{
    struct problem p;
    if (!draft_node_problem(ed->draft, node, &p) || p.kind == PROB_UNSCORED ||
        p.kind == PROB_INCOMPLETE)
        return false;
    snprintf(buf, size, "%s", p.msg);
    return true;
}

/* ---- the problems view ---- */

struct pview {
    struct problem *v;
    size_t n;
    int sel, top;
};

static void pview_load(struct editor *ed, struct pview *pv)
{
    size_t total = 0;
    free(pv->v);
    pv->v = NULL;
    pv->n = 0;
    draft_problems(ed->draft, NULL, 0, &total);
    if (total == 0)
        return;
    pv->v = malloc(total * sizeof *pv->v);
    if (pv->v)
        pv->n = draft_problems(ed->draft, pv->v, total, NULL);
}

static void pview_draw(struct editor *ed, WINDOW *w, struct pview *pv)
{
    int rows = ed->lay.rows, cols = ed->lay.cols;
    int h = rows - 2;
    if (pv->sel >= (int)pv->n)
        pv->sel = (int)pv->n - 1;
    if (pv->sel < 0)
        pv->sel = 0;
    if (pv->sel < pv->top)
        pv->top = pv->sel;
    if (pv->sel >= pv->top + h)
        pv->top = pv->sel - h + 1;
    werase(w);
    attr_t ha = layout_attr(ed, ROLE_HEADER);
    draw_fill(w, 0, 0, cols, ha);
    char title[256];
    snprintf(title, sizeof title, _(" Problems: %zu   Enter: go to the indicator   q/Esc: close"),
             pv->n);
    draw_text_clip(w, 0, 0, title, cols, ha);
    if (pv->n == 0)
        draw_text_clip(w, 2, 2, _("No problems: every indicator is scored and complete."),
                       cols - 2, A_NORMAL);
    for (int y = 0; y < h; y++) {
        size_t i = (size_t)(pv->top + y);
        if (i >= pv->n)
            break;
        const struct problem *p = &pv->v[i];
        bool sel = (int)i == pv->sel;
        attr_t a = sel ? layout_attr(ed, ROLE_SELECTED)
                       : p->kind == PROB_UNSCORED || p->kind == PROB_INCOMPLETE
                             ? layout_attr(ed, ROLE_UNSCORED)
                             : layout_attr(ed, ROLE_PROBLEM);
        char line[300];
        snprintf(line, sizeof line, "%c %s",
                 p->kind == PROB_UNSCORED ? '?' : p->kind == PROB_REVIEW ? 'R' : '!', p->msg);
        /* One line per problem: line breaks in a comment become spaces. */
        for (char *c = line; *c; c++)
            if (*c == '\n' || *c == '\r' || *c == '\t')
                *c = ' ';
        draw_fill(w, y + 1, 0, cols, a);
        draw_text_clip(w, y + 1, 1, line, cols - 1, a);
    }
    wnoutrefresh(w);
    doupdate();
}

unsigned probs_view(struct editor *ed)
{
    struct pview pv = {0};
    pview_load(ed, &pv);
    /* Start on the selected indicator's problem, or the first after it. */
    tree_order_ensure(ed);
    for (size_t i = 0; i < pv.n; i++) {
        pv.sel = (int)i;
        if (ed->order && ed->opos[pv.v[i].node] >= ed->opos[ed->sel])
            break;
    }
    WINDOW *w = NULL;
    int jump = -1;
    curs_set(0);
    for (;;) {
        if (!w && !ed->lay.too_small)
            w = newwin(ed->lay.rows, ed->lay.cols, 0, 0);
        if (w)
            pview_draw(ed, w, &pv);
        int key = overlay_key(ed, &w, &pv.sel, ed->lay.rows > 4 ? ed->lay.rows - 3 : 1,
                              (int)pv.n - 1);
        if (key == '\r' || key == '\n' || key == KEYFN(KEY_ENTER)) {
            if (pv.n)
                jump = pv.v[pv.sel].node;
            break;
        } else if (key == 'q' || key == KEY_ESCAPE || key == 'p' || key == KEY_CTRL('c'))
            break;
    }
    if (w)
        delwin(w);
    free(pv.v);
    if (jump >= 0) {
        actions_goto_problem(ed, jump);
        ed->msg[0] = '\0';
    }
    return REDO_LAYOUT;
}
