/* tree.c - the indicator tree: which rows are visible, and drawing them.
 *
 * A row is  M II F NAME........  SCORE/PTS
 *   M   '?' unscored leaf, '!' a problem of its own (points do not add up,
 *       no reason for a deduction, ...), blank otherwise
 *   II  two columns per level below the first
 *   F   '-' open branch, '+' folded branch, '*' custom indicator
 * A score typed over the formula reads '~1' in SCORE.
 * In review mode column 1 shows the reviewer's verdict ('=' 通过, '?' 有疑问,
 * 'x' 退回修改, '#' a review score without a verdict) and SCORE is the 复核
 * one.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ed.h"
#include "grow.h"
#include "num.h"
#include "utf8.h"

static int ensure_folded(struct editor *ed)
{
    size_t n = draft_count(ed->draft);
    if (n <= ed->nfolded)
        return 0;
    size_t cap = ed->nfolded;   /* every entry up to the capacity is set */
    bool *p = grow_array(ed->folded, &cap, 0, n, sizeof *p);
    if (!p)
        return -1;
    memset(p + ed->nfolded, 0, (cap - ed->nfolded) * sizeof *p);
    ed->folded = p;
    ed->nfolded = cap;
    return 0;
}

bool tree_is_folded(const struct editor *ed, int node)
{
    return node >= 0 && (size_t)node < ed->nfolded && ed->folded[node];
}

void tree_set_folded(struct editor *ed, int node, bool folded)
{
    if (ensure_folded(ed) == 0 && node >= 0 && (size_t)node < ed->nfolded)
        ed->folded[node] = folded;
}

/* Grow a per-node int array (capacity *n) to the draft's node count. */
static int ensure_ints(int **v, size_t *n, size_t need)
{
    if (need <= *n)
        return 0;
    int *p = grow_array(*v, n, 0, need, sizeof *p);
    if (!p)
        return -1;
    *v = p;
    return 0;
}

/* The node after i's subtree in table order: what draft_next would reach
 * after skipping i's descendants. */
static int skip_subtree(const struct draft *d, int i)
{
    while (i >= 0) {
        const struct dnode *n = draft_node(d, i);
        if (n->next_sibling >= 0)
            return n->next_sibling;
        i = n->parent;
    }
    return -1;
}

/* O(visible rows): a folded branch's subtree is skipped, not tested. */
int tree_rebuild_rows(struct editor *ed)
{
    if (ensure_folded(ed) < 0)
        return -1;
    size_t need = draft_count(ed->draft);
    if (need > ed->rowcap) {
        int *p = grow_array(ed->rows, &ed->rowcap, 0, need, sizeof *p);
        if (!p)
            return -1;
        ed->rows = p;
    }
    if (ensure_ints(&ed->rowpos, &ed->nrowpos, need) < 0)
        return -1;
    ed->nrows = 0;
    for (int i = draft_first(ed->draft); i >= 0;) {
        ed->rowpos[i] = (int)ed->nrows;
        ed->rows[ed->nrows++] = i;
        i = tree_is_folded(ed, i) ? skip_subtree(ed->draft, i) : draft_next(ed->draft, i);
    }
    return 0;
}

void tree_order_build(struct editor *ed)
{
    size_t need = draft_count(ed->draft);
    size_t cap = ed->nopos;
    if (ensure_ints(&ed->opos, &ed->nopos, need) < 0)
        return;
    /* order holds at least as many as opos (nopos) */
    if (need > cap || !ed->order) {
        size_t ocap = ed->order ? cap : 0;
        int *p = grow_array(ed->order, &ocap, 0, ed->nopos, sizeof *p);
        if (!p)
            return;
        ed->order = p;
    }
    ed->norder = 0;
    for (int i = draft_first(ed->draft); i >= 0; i = draft_next(ed->draft, i)) {
        ed->opos[i] = (int)ed->norder;
        ed->order[ed->norder++] = i;
    }
    ed->order_dirty = false;
}

int tree_row_of(const struct editor *ed, int node)
{
    if (node < 0 || (size_t)node >= ed->nrowpos)
        return -1;
    int r = ed->rowpos[node];
    return r >= 0 && (size_t)r < ed->nrows && ed->rows[r] == node ? r : -1;
}

void tree_reveal(struct editor *ed, int node)
{
    bool changed = false;
    for (int p = draft_node(ed->draft, node)->parent; p >= 0;
         p = draft_node(ed->draft, p)->parent) {
        if (tree_is_folded(ed, p)) {
            ed->folded[p] = false;
            changed = true;
        }
    }
    if (changed)
        tree_rebuild_rows(ed);
}

void tree_scroll_to_sel(struct editor *ed)
{
    int h = ed->lay.pane_h;
    int r = tree_row_of(ed, ed->sel);
    if (h <= 0 || r < 0)
        return;
    if (r < ed->tree_top)
        ed->tree_top = r;
    else if (r >= ed->tree_top + h)
        ed->tree_top = r - h + 1;
    int maxtop = (int)ed->nrows - h;
    if (ed->tree_top > maxtop)
        ed->tree_top = maxtop > 0 ? maxtop : 0;
    if (ed->tree_top < 0)
        ed->tree_top = 0;
}

/* A first-level row of a form with bonus/penalty items or group vetoes:
 * what it adds to the total, so that the first-level rows shown add up to
 * it (the core says how much): a penalty as "-1.50", a group a veto
 * zeroes as "否 0.00". */
static void group_right(const struct editor *ed, int node, char *right, size_t size)
{
    const struct dnode *n = draft_node(ed->draft, node);
    bool zeroed;
    pts_t v = draft_group_contrib(ed->draft, node, &zeroed);
    char sc[NUM_BUF + 8], b[NUM_BUF], pt[NUM_BUF];
    if (v == PTS_NONE)
        snprintf(sc, sizeof sc, "--");
    else
        snprintf(sc, sizeof sc, "%s%s", zeroed ? "否" : "", num_format_pts2(v, b));
    /* padded to 6 columns by width (否 is two), as the other rows are */
    int pad = 6 - u8_width(sc, (size_t)-1);
    snprintf(right, size, "%*s%s/%-4s", pad > 0 ? pad : 0, "", sc,
             num_format_pts(n->fn->points, pt));
}

static void draw_row(struct editor *ed, int y, int node)
{
    WINDOW *w = ed->w_tree;
    int width = ed->lay.tree_w;
    const struct dnode *n = draft_node(ed->draft, node);
    bool leaf = dnode_is_leaf(n);
    bool sel = node == ed->sel;
    attr_t base = sel ? layout_attr(ed, ed->focus == FOCUS_TREE ? ROLE_SELECTED
                                                                : ROLE_SELECTED_DIM)
                      : n->replaced ? layout_attr(ed, ROLE_DIM)
                                    : (n->fn->level == 1 ? A_BOLD : A_NORMAL);
    draw_fill(w, y, 0, width, base);

    char mark = ' ';
    enum role mrole = ROLE_NORMAL;
    if (n->replaced || n->na) {
        mark = ' ';
    } else if (leaf && n->score == PTS_NONE && n->leaves) {
        mark = '?';
        mrole = ROLE_UNSCORED;
    } else if (draft_node_has_problem(ed->draft, node)) {
        mark = '!';
        mrole = ROLE_PROBLEM;
    }
    mvwaddch(w, y, 0, (chtype)mark | (sel ? base : layout_attr(ed, mrole)));

    char sc[NUM_BUF + 1], pt[NUM_BUF], right[2 * NUM_BUF + 8];
    /* a score typed over the formula is marked '~' (the self-assessed one,
     * also where review mode shows it for want of a review score) */
    bool typed = leaf && n->overridden && n->review_score == PTS_NONE;
    sc[0] = '~';
    if (ed->review || draft_reviewed(ed->draft) > 0) {
        /* Column 1: the reviewer's verdict, for the reviewer and for the
         * assessor reopening a reviewed draft ('#': the reviewer changed
         * the score); in review mode the score is the 复核 one (the
         * reviewer's where given, else the self-assessed, as the core sums). */
        static const char verdict[REVIEW__COUNT] = {' ', '=', '?', 'x'};
        int st = n->review_status;
        chtype v = (chtype)(st > 0 && st < REVIEW__COUNT ? verdict[st]
                            : leaf && n->review_score != PTS_NONE ? '#' : ' ');
        mvwaddch(w, y, 1, v | (sel ? base : layout_attr(ed, st >= REVIEW_QUERY ? ROLE_PROBLEM
                                                                             : ROLE_LABEL)));
    }
    if (ed->review && !n->replaced)
        snprintf(right, sizeof right, "%6s/%-4s",
                 n->review == PTS_NONE || (leaf && n->score == PTS_NONE &&
                                           n->review_score == PTS_NONE)
                     ? "--" : (num_format_pts2(n->review, sc + 1), sc + !typed),
                 num_format_pts(n->fn->points, pt));
    else if (n->replaced || (leaf && !n->leaves))   /* an open placeholder: nothing to score */
        snprintf(right, sizeof right, "%6s/%-4s", "", num_format_pts(n->fn->points, pt));
    else if (n->na) {
        /* 不适用 is four columns: padded by width to the six of a score */
        snprintf(right, sizeof right, "  %s/%-4s", "不适用", num_format_pts(n->fn->points, pt));
    }
    else if (n->fn->level == 1 &&
             (draft_form(ed->draft)->has_kinds || draft_form(ed->draft)->has_vetoes))
        group_right(ed, node, right, sizeof right);
    else
        snprintf(right, sizeof right, "%6s/%-4s",
                 n->score == PTS_NONE ? "--" : (num_format_pts2(n->score, sc + 1), sc + !typed),
                 num_format_pts(n->fn->points, pt));
    int rw = u8_width(right, (size_t)-1);

    int x = 2 + 2 * (n->fn->level - 1);
    const char *fold = leaf ? (n->custom ? "* " : "  ") : tree_is_folded(ed, node) ? "+ " : "- ";
    x += draw_text(w, y, x, fold, 2, width - x, base);
    int room = width - x - rw - 1;
    draw_text_clip(w, y, x, n->fn->name, room, base);
    if (width - rw >= x)
        draw_text(w, y, width - rw, right, (size_t)-1, rw, base);
}

void tree_draw(struct editor *ed)
{
    WINDOW *w = ed->w_tree;
    if (!w)
        return;
    tree_scroll_to_sel(ed);
    int h = ed->lay.pane_h;
    for (int y = 0; y < h; y++) {
        size_t r = (size_t)(ed->tree_top + y);
        if (r < ed->nrows)
            draw_row(ed, y, ed->rows[r]);
        else
            draw_fill(w, y, 0, ed->lay.tree_w, A_NORMAL);
    }
    wnoutrefresh(w);
}
