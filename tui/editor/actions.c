/* actions.c - movement, folding, fields: the normal mode's actions (the
 * unit's own indicators are in custom_ui.c). The tree has the focus or the detail pane has it; the
 * same key moves the selection in the first and the field in the second.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "actions.h"
#include "ed.h"
#include "explain.h"
#include "history.h"
#include "i18n.h"
#include "num.h"
#include "utf8.h"

void actions_select(struct editor *ed, int node)
{
    /* A node that went away (an undone add) leaves its parent selected. */
    while (node >= 0 && (size_t)node < draft_count(ed->draft) &&
           draft_node(ed->draft, node)->deleted)
        node = draft_node(ed->draft, node)->parent;
    if (node < 0 || (size_t)node >= draft_count(ed->draft))
        node = draft_first(ed->draft);
    bool changed = node != ed->sel;
    ed->sel = node;
    tree_reveal(ed, node);
    tree_scroll_to_sel(ed);
    if (changed) {
        ed->fsel = 0;
        ed->detail_top = 0;
    }
    fields_rebuild(ed);
    /* A reviewer starts on the 复核 fields, after the self-assessment. */
    if (changed && ed->review && !ed->meta_view) {
        int r = fields_first_review(ed);
        if (r >= 0)
            ed->fsel = r;
    }
    ed->follow_field = true;
}

static unsigned select_row(struct editor *ed, int row)
{
    if (ed->nrows == 0)
        return REDO_NONE;
    if (row < 0)
        row = 0;
    if (row >= (int)ed->nrows)
        row = (int)ed->nrows - 1;
    if (ed->rows[row] == ed->sel)
        return REDO_NONE;
    actions_select(ed, ed->rows[row]);
    return REDO_TREE | REDO_FIELDS | REDO_DETAIL;
}

static unsigned move_field(struct editor *ed, int to)
{
    if (ed->nfields == 0)
        return REDO_NONE;
    if (to < 0)
        to = 0;
    if (to >= (int)ed->nfields)
        to = (int)ed->nfields - 1;
    ed->fsel = to;
    ed->follow_field = true;
    return REDO_DETAIL;
}

static int sel_row(const struct editor *ed)
{
    int r = tree_row_of(ed, ed->sel);
    return r < 0 ? 0 : r;
}

unsigned act_up(struct editor *ed)
{
    if (ed->focus == FOCUS_DETAIL)
        return move_field(ed, ed->fsel - 1);
    return select_row(ed, sel_row(ed) - 1);
}

unsigned act_down(struct editor *ed)
{
    if (ed->focus == FOCUS_DETAIL)
        return move_field(ed, ed->fsel + 1);
    return select_row(ed, sel_row(ed) + 1);
}

unsigned act_page_up(struct editor *ed)
{
    int page = ed->lay.pane_h > 2 ? ed->lay.pane_h - 1 : 1;
    if (ed->focus == FOCUS_DETAIL) {
        ed->detail_top -= page;
        return REDO_DETAIL;
    }
    return select_row(ed, sel_row(ed) - page);
}

unsigned act_page_down(struct editor *ed)
{
    int page = ed->lay.pane_h > 2 ? ed->lay.pane_h - 1 : 1;
    if (ed->focus == FOCUS_DETAIL) {
        ed->detail_top += page;
        return REDO_DETAIL;
    }
    return select_row(ed, sel_row(ed) + page);
}

unsigned act_first(struct editor *ed)
{
    if (ed->focus == FOCUS_DETAIL)
        return move_field(ed, 0);
    return select_row(ed, 0);
}

unsigned act_last(struct editor *ed)
{
    if (ed->focus == FOCUS_DETAIL)
        return move_field(ed, (int)ed->nfields - 1);
    return select_row(ed, (int)ed->nrows - 1);
}

static unsigned to_tree(struct editor *ed)
{
    ed->focus = FOCUS_TREE;
    bool was_meta = ed->meta_view;
    ed->meta_view = false;
    if (was_meta)
        fields_rebuild(ed);
    return REDO_TREE | REDO_DETAIL;
}

unsigned act_left(struct editor *ed)
{
    if (ed->focus == FOCUS_DETAIL)
        return to_tree(ed);
    const struct dnode *n = draft_node(ed->draft, ed->sel);
    if (!dnode_is_leaf(n) && !tree_is_folded(ed, ed->sel)) {
        tree_set_folded(ed, ed->sel, true);
        tree_rebuild_rows(ed);
        return REDO_TREE;
    }
    if (n->parent >= 0) {
        actions_select(ed, n->parent);
        return REDO_TREE | REDO_DETAIL;
    }
    return REDO_NONE;
}

static unsigned to_detail(struct editor *ed)
{
    if (ed->nfields == 0)
        return REDO_NONE;
    ed->focus = FOCUS_DETAIL;
    if (ed->fsel < 0)
        ed->fsel = 0;
    ed->follow_field = true;
    return REDO_TREE | REDO_DETAIL;
}

unsigned act_right(struct editor *ed)
{
    if (ed->focus == FOCUS_DETAIL)
        return REDO_NONE;
    const struct dnode *n = draft_node(ed->draft, ed->sel);
    if (!dnode_is_leaf(n) && tree_is_folded(ed, ed->sel)) {
        tree_set_folded(ed, ed->sel, false);
        tree_rebuild_rows(ed);
        return REDO_TREE;
    }
    if (!dnode_is_leaf(n))
        return act_down(ed);
    return to_detail(ed);
}

/* Commit a change made with a single key (no typing): the same path as a
 * typed field, so it previews nothing but records history and journal. */
static unsigned set_field_now(struct editor *ed, const struct field *f, const char *value)
{
    if (ed->view_only || (ed->review && !fields_is_review(f)))
        return field_edit_begin(ed, NULL, true);   /* says why not */
    struct edit e, inv = {0};
    char why[256] = "";
    if (fields_make_edit(ed, f, value, &e) < 0)
        return REDO_NONE;
    if (field_edit_apply(ed, &e, &inv, why, sizeof why) == 0) {
        ed->msg[0] = '\0';   /* first: recording may have something to say */
        field_edit_record(ed, &e, &inv);
    } else {
        status_set_msg(ed, true, "%s", why);
    }
    edit_clear(&e);
    edit_clear(&inv);
    return REDO_VALUES;
}

unsigned act_space(struct editor *ed)
{
    if (ed->focus == FOCUS_TREE) {
        const struct dnode *n = draft_node(ed->draft, ed->sel);
        if (dnode_is_leaf(n))
            return to_detail(ed);
        tree_set_folded(ed, ed->sel, !tree_is_folded(ed, ed->sel));
        tree_rebuild_rows(ed);
        return REDO_TREE;
    }
    if (ed->fsel < 0)
        return REDO_NONE;
    const struct field *f = &ed->fields[ed->fsel];
    const struct dnode *n = draft_node(ed->draft, ed->sel);
    if (f->kind == FIELD_CHECK) {
        /* Flip between full points and zero. */
        const struct part *p = &n->fn->rule->parts[f->index];
        char pb[NUM_BUF];
        mark_t m = n->marks[f->index];
        return set_field_now(ed, f, m == p->points ? "0" : num_format_pts(p->points, pb));
    }
    if (f->kind == FIELD_VETO) {
        char ob[64];
        return set_field_now(ed, f, fields_opt_label(ed, f, n->marks[f->index] == 1 ? 0 : 1,
                                                     ob, sizeof ob));
    }
    return field_edit_begin(ed, NULL, true);
}

unsigned act_enter(struct editor *ed)
{
    if (ed->focus == FOCUS_TREE) {
        const struct dnode *n = draft_node(ed->draft, ed->sel);
        if (!dnode_is_leaf(n)) {
            tree_set_folded(ed, ed->sel, !tree_is_folded(ed, ed->sel));
            tree_rebuild_rows(ed);
            return REDO_TREE;
        }
        unsigned r = to_detail(ed);
        if (!r)
            return REDO_NONE;
        return r | field_edit_begin(ed, NULL, true);
    }
    return field_edit_begin(ed, NULL, true);
}

unsigned act_escape(struct editor *ed)
{
    if (ed->focus == FOCUS_DETAIL)
        return to_tree(ed);
    if (ed->msg[0]) {
        ed->msg[0] = '\0';
        return REDO_STATUS;
    }
    return REDO_NONE;
}

unsigned act_next_field(struct editor *ed)
{
    if (ed->focus == FOCUS_TREE)
        return to_detail(ed);
    if (ed->fsel + 1 >= (int)ed->nfields)
        return to_tree(ed);
    return move_field(ed, ed->fsel + 1);
}

unsigned act_prev_field(struct editor *ed)
{
    if (ed->focus == FOCUS_TREE) {
        unsigned r = to_detail(ed);
        return r ? r | move_field(ed, (int)ed->nfields - 1) : REDO_NONE;
    }
    if (ed->fsel <= 0)
        return to_tree(ed);
    return move_field(ed, ed->fsel - 1);
}

unsigned act_clear_field(struct editor *ed)
{
    if (ed->focus != FOCUS_DETAIL || ed->fsel < 0)
        return REDO_NONE;
    return set_field_now(ed, &ed->fields[ed->fsel], "");
}

/* Go to a node with a problem and land on what needs doing, the same
 * whatever pane the user was in: on a leaf, the detail pane's field to fix
 * (the note for a deduction without a reason, the first empty field for
 * what is not scored or missing figures, the first review field for a
 * reviewer); on a branch (points that do not add up), the tree. Used by
 * ]/[ and by Enter in the problems view. */
void actions_goto_problem(struct editor *ed, int node)
{
    ed->meta_view = false;
    ed->focus = FOCUS_TREE;
    actions_select(ed, node);
    struct problem p;
    if (ed->nfields == 0 || !dnode_is_leaf(draft_node(ed->draft, ed->sel)))
        return;
    int to = ed->review ? fields_first_review(ed) : -1;
    bool has = draft_node_problem(ed->draft, ed->sel, &p);
    for (size_t i = 0; to < 0 && has && i < ed->nfields; i++) {
        const struct field *f = &ed->fields[i];
        char vb[64];
        if (p.kind == PROB_NO_REASON ? f->kind == FIELD_NOTE
                                     : f->kind != FIELD_NOTE && !fields_value(ed, f, vb, sizeof vb)[0])
            to = (int)i;
    }
    ed->focus = FOCUS_DETAIL;
    ed->fsel = to < 0 ? 0 : to;
    ed->follow_field = true;
}

/* ]/[ stop where the problems view has an entry: draft_problems lists
 * exactly the nodes for which draft_node_has_problem is true. The walk
 * starts at the selection, so it costs the distance to the next one. */
static unsigned goto_todo(struct editor *ed, bool backward)
{
    tree_order_ensure(ed);
    size_t n = ed->norder;
    if (n == 0)
        return REDO_NONE;
    size_t at = ed->opos[ed->sel];
    int to = -1;
    bool wrapped = false;
    for (size_t step = 1; step < n; step++) {
        size_t i = backward ? (at + n - step) % n : (at + step) % n;
        if (draft_node_has_problem(ed->draft, ed->order[i])) {
            to = ed->order[i];
            wrapped = backward ? i > at : i < at;
            break;
        }
    }
    if (to < 0) {
        if (draft_node_has_problem(ed->draft, ed->sel))
            return REDO_NONE;
        status_set_msg(ed, false, "%s", _("Every indicator is scored and has no problem."));
        return REDO_STATUS;
    }
    if (wrapped)
        status_set_msg(ed, false, "%s",
                       backward ? _("Search wrapped to the bottom.") : _("Search wrapped to the top."));
    else
        ed->msg[0] = '\0';
    actions_goto_problem(ed, to);
    return REDO_TREE | REDO_FIELDS | REDO_DETAIL | REDO_STATUS;
}

unsigned act_next_todo(struct editor *ed) { return goto_todo(ed, false); }
unsigned act_prev_todo(struct editor *ed) { return goto_todo(ed, true); }
unsigned act_search(struct editor *ed) { return search_start(ed); }
unsigned act_search_next(struct editor *ed) { return search_repeat(ed, false); }
unsigned act_search_prev(struct editor *ed) { return search_repeat(ed, true); }
unsigned act_undo(struct editor *ed) { return field_edit_undo(ed, false); }
unsigned act_redo(struct editor *ed) { return field_edit_undo(ed, true); }
unsigned act_save(struct editor *ed) { return session_save(ed); }
unsigned act_help(struct editor *ed) { return keys_help(ed); }

unsigned act_quit(struct editor *ed)
{
    /* a value being typed is kept, not dropped: commit it first (a value
     * the core refuses keeps the field open and the editor with it) */
    if (ed->fe.active) {
        field_edit_commit(ed);
        if (ed->fe.active)
            return REDO_VALUES | REDO_STATUS;
    }
    if (ed->modified && !ed->view_only) {
        int c = prompt_choice(ed, _("Save changes before quitting? y: save, n: discard, "
                                    "Esc: stay"), "yn");
        if (c == 'y') {
            session_save(ed);
            if (ed->modified)
                return REDO_STATUS | REDO_HEADER;   /* the save failed: stay */
        } else if (c != 'n') {
            ed->msg[0] = '\0';
            return REDO_STATUS;
        }
    }
    ed->quit = true;
    return REDO_QUIT;
}

unsigned act_problems(struct editor *ed) { return probs_view(ed); }
unsigned act_evidence_add(struct editor *ed) { return evidence_ui_attach(ed); }
unsigned act_evidence_del(struct editor *ed) { return evidence_ui_remove(ed); }
unsigned act_evidence_check(struct editor *ed) { return evidence_ui_check(ed); }

unsigned act_meta(struct editor *ed)
{
    ed->meta_view = true;
    ed->focus = FOCUS_DETAIL;
    ed->fsel = 0;
    ed->detail_top = 0;
    fields_rebuild(ed);
    return REDO_TREE | REDO_DETAIL;
}

unsigned act_redraw(struct editor *ed __attribute__((unused)))
{
    clearok(curscr, TRUE);
    return REDO_LAYOUT;
}

/* Adding, deleting, metadata and evidence belong to the assessor: true
 * (with the reason shown) when this session may not change them. */
bool actions_refuse_self(struct editor *ed)
{
    if (ed->view_only) {
        status_set_msg(ed, true, "%s", _("Read-only: this draft cannot be changed."));
        return true;
    }
    if (ed->review) {
        status_set_msg(ed, true, "%s",
                       _("Review mode: the self-assessment is read-only; edit the review fields."));
        return true;
    }
    return false;
}

unsigned act_paste(struct editor *ed, int key)
{
    /* The first key of a paste opens the field as typing would (from the
     * tree: the indicator's first field), replacing its value. */
    if (!ed->fe.active) {
        if (ed->view_only || key == '\r' || key == '\n' || key == '\t' || key == ' ')
            return REDO_NONE;
        unsigned redo = REDO_NONE;
        if (ed->focus == FOCUS_TREE) {
            if (!dnode_is_leaf(draft_node(ed->draft, ed->sel)))
                return REDO_NONE;
            redo = to_detail(ed);
            if (!redo)
                return REDO_NONE;
        }
        if (ed->fsel < 0)
            return redo;
        redo |= field_edit_begin(ed, NULL, !fields_is_text(&ed->fields[ed->fsel]));
        if (!ed->fe.active)
            return redo;
        return redo | act_paste(ed, key);
    }
    /* Line breaks stay line breaks in a note or comment, and become a
     * space in a one-line field; other control keys are dropped. */
    const char *nl = fields_is_multiline(&ed->fe.f) ? "\n" : " ";
    if (key == '\r' || key == '\n')
        return fields_is_number(&ed->fe.f) ? REDO_NONE : field_edit_char(ed, nl, 1);
    if (key == '\t')
        key = ' ';
    if (key < ' ' || key == 127 || key >= 0x110000 || (key & KEYFN(0)))
        return REDO_NONE;
    if (fields_is_number(&ed->fe.f) && key < 0x80 && isalpha(key)) {
        status_set_msg(ed, true, _("%s takes digits only (Esc: back to the tree for commands)"),
                       fields_label(ed, &ed->fe.f));
        return REDO_STATUS;
    }
    char u[8];
    mbstate_t st;
    memset(&st, 0, sizeof st);
    size_t n = wcrtomb(u, (wchar_t)key, &st);
    return n == (size_t)-1 ? REDO_NONE : field_edit_char(ed, u, n);
}

unsigned act_type(struct editor *ed, int key)
{
    /* Digits, signs and any non-ASCII text (an input method's Chinese)
     * start editing the field, replacing its value, as in a spreadsheet;
     * ASCII letters are left to the key bindings. */
    bool starts = (key >= '0' && key <= '9') || key == '.' || key == '-' || key >= 0x80;
    if (!starts || key >= 0x110000 || ed->view_only) {
        if (starts && ed->view_only)
            return field_edit_begin(ed, NULL, true);
        return REDO_NONE;
    }
    unsigned redo = REDO_NONE;
    if (ed->focus == FOCUS_TREE) {
        if (!dnode_is_leaf(draft_node(ed->draft, ed->sel)))
            return REDO_NONE;
        redo = to_detail(ed);
        if (!redo)
            return REDO_NONE;
    }
    if (ed->fsel < 0)
        return redo;
    char u[8];
    wchar_t wc = (wchar_t)key;
    mbstate_t st;
    memset(&st, 0, sizeof st);
    size_t n = wcrtomb(u, wc, &st);
    if (n == (size_t)-1)
        return redo;
    u[n] = '\0';
    const struct field *f = &ed->fields[ed->fsel];
    if (!fields_is_text(f)) {
        /* begin first: it may refuse (read-only, review mode) */
        redo |= field_edit_begin(ed, NULL, true);
        return ed->fe.active ? redo | field_edit_char(ed, u, n) : redo;
    }
    return redo | field_edit_begin(ed, u, false);
}

/* R: the reason drafted from the rule and the figures becomes the note
 * (an ordinary change: u takes it back); the note field is selected so
 * that Enter edits it. */
unsigned act_use_reason(struct editor *ed)
{
    if (ed->meta_view || ed->sel < 0)
        return REDO_NONE;
    int note = -1;
    for (size_t i = 0; i < ed->nfields; i++)
        if (ed->fields[i].kind == FIELD_NOTE)
            note = (int)i;
    char *text = note >= 0 ? explain_leaf_reason(ed->draft, ed->sel) : NULL;
    if (!text || !text[0]) {
        status_set_msg(ed, false, "%s",
                       text ? _("Nothing to draft: no formula of this indicator deducts points.")
                            : _("Nothing to draft here."));
        free(text);
        return REDO_STATUS;
    }
    if (strcmp(text, draft_node(ed->draft, ed->sel)->note) == 0) {
        free(text);
        status_set_msg(ed, false, "%s", _("The note already is the drafted reason."));
        return REDO_STATUS;
    }
    unsigned redo = set_field_now(ed, &ed->fields[note], text);
    free(text);
    if (!ed->msg[0])
        status_set_msg(ed, false, "%s",
                       _("Drafted reason used as the note: Enter edits it, u takes it back."));
    ed->focus = FOCUS_DETAIL;
    ed->fsel = note;
    ed->follow_field = true;
    return redo | REDO_TREE | REDO_DETAIL | REDO_STATUS;
}
