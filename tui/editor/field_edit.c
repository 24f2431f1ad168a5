/* field_edit.c - editing one field with a live preview.
 *
 * While a number is typed, each keystroke applies it to the draft through
 * draft_apply so the tree, the detail and the total in the next frame show
 * its effect. The inverse edit returned by the first preview restores the
 * old value exactly on Esc, and is what history records on Enter. Text the
 * core refuses stays in the field with the core's reason shown under it,
 * and the draft goes back to the old value meanwhile.
 */
#include <stdlib.h>
#include <string.h>

#include "ed.h"
#include "history.h"
#include "i18n.h"
#include "num.h"

void field_edit_free(struct field_edit *fe)
{
    free(fe->orig);
    fe->orig = NULL;
    lineedit_free(&fe->le);
    edit_clear(&fe->inverse);
    fe->active = false;
    fe->previewed = false;
    fe->err[0] = '\0';
}

int field_edit_apply(struct editor *ed, const struct edit *e, struct edit *inv, char *why,
                     size_t whylen)
{
    if (draft_apply(ed->draft, e, inv, why, whylen) < 0)
        return -1;
    bool structural = e->kind == EDIT_ADD_CUSTOM || e->kind == EDIT_DEL_CUSTOM ||
                      e->kind == EDIT_RESTORE_CUSTOM;
    /* a shared figure changes every indicator using it: recount them all */
    bool shared = e->kind == EDIT_FIGURE && e->key &&
                  form_figure_shared(draft_form(ed->draft), e->key);
    if (shared) {
        editor_changed(ed, -1, true);
        return 0;
    }
    editor_changed(ed, e->id && !structural ? draft_find(ed->draft, e->id) : -1, structural);
    return 0;
}

static const struct field *cur_field(const struct editor *ed)
{
    return &ed->fe.f;
}

/* Put the draft back to the value the field had when editing began. */
static void unpreview(struct editor *ed)
{
    struct field_edit *fe = &ed->fe;
    if (!fe->previewed)
        return;
    char why[256];
    if (field_edit_apply(ed, &fe->inverse, NULL, why, sizeof why) < 0)
        status_set_msg(ed, true, _("Cannot restore the old value: %s"), why);
    edit_clear(&fe->inverse);
    fe->previewed = false;
}

/* The text a picker option sends to the core. */
static const char *pick_text(const struct editor *ed, char *buf, size_t size)
{
    if (ed->fe.pick < 0)
        return "";
    return fields_opt_label(ed, cur_field(ed), ed->fe.pick, buf, size);
}

static const char *typed_text(const struct editor *ed, char *buf, size_t size)
{
    return fields_is_text(cur_field(ed)) ? ed->fe.le.buf : pick_text(ed, buf, size);
}

static bool is_custom_field(const struct field *f)
{
    return f->kind == FIELD_CUSTOM_NAME || f->kind == FIELD_CUSTOM_POINTS;
}

static void preview(struct editor *ed)
{
    struct field_edit *fe = &ed->fe;
    if (is_custom_field(&fe->f))
        return;   /* renaming is a structural change: applied on Enter */
    char ob[256];
    const char *value = typed_text(ed, ob, sizeof ob);
    fe->err[0] = '\0';
    if (strcmp(value, fe->orig) == 0) {
        unpreview(ed);
        return;
    }
    struct edit e;
    if (fields_make_edit(ed, cur_field(ed), value, &e) < 0) {
        snprintf(fe->err, sizeof fe->err, "%s", _("Out of memory."));
        return;
    }
    char why[256] = "";
    struct edit inv = {0};
    if (field_edit_apply(ed, &e, fe->previewed ? NULL : &inv, why, sizeof why) == 0) {
        if (!fe->previewed) {
            fe->inverse = inv;
            fe->previewed = true;
        }
    } else {
        snprintf(fe->err, sizeof fe->err, "%s", why[0] ? why : _("This value is not accepted."));
        unpreview(ed);
    }
    edit_clear(&e);
}

unsigned field_edit_begin(struct editor *ed, const char *initial, bool keep_value)
{
    if (ed->fsel < 0 || (size_t)ed->fsel >= ed->nfields)
        return REDO_NONE;
    if (ed->view_only) {
        status_set_msg(ed, true, "%s", _("Read-only: this draft cannot be changed."));
        return REDO_STATUS;
    }
    if (ed->review && !fields_is_review(&ed->fields[ed->fsel])) {
        status_set_msg(ed, true, "%s",
                       _("Review mode: the self-assessment is read-only; edit the review fields."));
        return REDO_STATUS;
    }
    struct field_edit *fe = &ed->fe;
    field_edit_free(fe);
    fe->f = ed->fields[ed->fsel];
    fe->node = ed->meta_view ? -1 : ed->sel;
    char vb[4096];
    fe->orig = strdup(fields_value(ed, &fe->f, vb, sizeof vb));
    if (!fe->orig || lineedit_set(&fe->le, keep_value ? fe->orig : "") < 0) {
        field_edit_free(fe);
        status_set_msg(ed, true, "%s", _("Out of memory."));
        return REDO_STATUS;
    }
    fe->pick = fields_is_text(&fe->f) ? -1 : fields_current_pick(ed, &fe->f);
    fe->active = true;
    ed->focus = FOCUS_DETAIL;
    ed->follow_field = true;
    ed->msg[0] = '\0';
    unsigned redo = REDO_DETAIL | REDO_STATUS | REDO_TREE;
    if (initial)
        redo |= field_edit_char(ed, initial, strlen(initial));
    else if (!keep_value)
        preview(ed);
    return redo;
}

static void end_edit(struct editor *ed)
{
    field_edit_free(&ed->fe);
}

int field_edit_record(struct editor *ed, const struct edit *fwd, const struct edit *inv)
{
    /* A change made below the saved point drops the redo tail that led
     * back to the saved file: no undo can reach it any more. */
    long depth = (long)history_depth(ed->hist);
    if (depth < ed->saved_depth)
        ed->saved_depth = -1;
    if (history_push(ed->hist, fwd, inv) < 0) {
        status_set_msg(ed, true, "%s", _("Out of memory: this change cannot be undone."));
        return -1;
    }
    session_journal_edit(ed, fwd);
    ed->modified = true;
    return 0;
}

unsigned field_edit_commit(struct editor *ed)
{
    struct field_edit *fe = &ed->fe;
    if (!fe->active)
        return REDO_NONE;
    if (fe->err[0]) {
        status_set_msg(ed, true, _("Not saved: %s"), fe->err);
        return REDO_STATUS;
    }
    unsigned redo = REDO_VALUES;
    if (is_custom_field(&fe->f)) {
        if (strcmp(fe->le.buf, fe->orig) != 0) {
            char pb[NUM_BUF];
            const struct dnode *n = draft_node(ed->draft, fe->node);
            bool name = fe->f.kind == FIELD_CUSTOM_NAME;
            if (actions_custom_set(ed, fe->node, name ? fe->le.buf : n->fn->name,
                                   name ? num_format_pts(n->fn->points, pb) : fe->le.buf) < 0)
                return REDO_STATUS;   /* refused: keep editing */
            redo |= REDO_ROWS | REDO_FIELDS;
        }
    } else if (fe->previewed) {
        char ob[256];
        struct edit fwd;
        /* cleared first: recording may have something to say (journal) */
        ed->msg[0] = '\0';
        if (fields_make_edit(ed, cur_field(ed), typed_text(ed, ob, sizeof ob), &fwd) == 0) {
            field_edit_record(ed, &fwd, &fe->inverse);
            edit_clear(&fwd);
        }
        /* a target or actual value decides whether a score is typed */
        if (fe->f.kind == FIELD_TARGET || fe->f.kind == FIELD_ACTUAL)
            redo |= REDO_FIELDS;
    }
    end_edit(ed);
    ed->follow_field = true;
    return redo;
}

unsigned field_edit_cancel(struct editor *ed)
{
    if (!ed->fe.active)
        return REDO_NONE;
    unpreview(ed);
    end_edit(ed);
    ed->follow_field = true;
    return REDO_VALUES;
}

static unsigned move_field(struct editor *ed, int delta)
{
    int n = (int)ed->nfields;
    if (n == 0)
        return REDO_NONE;
    int f = ed->fsel + delta;
    if (f < 0 || f >= n)
        return REDO_NONE;
    ed->fsel = f;
    ed->follow_field = true;
    return REDO_DETAIL;
}

unsigned field_edit_op(struct editor *ed, enum edit_op op)
{
    struct field_edit *fe = &ed->fe;
    if (!fe->active)
        return REDO_NONE;
    bool text = fields_is_text(cur_field(ed));
    bool changed = false;
    int nopts = text ? 0 : fields_nopts(ed, cur_field(ed));
    unsigned redo;
    switch (op) {
    case EOP_COMMIT:
    case EOP_COMMIT_NEXT:
    case EOP_COMMIT_PREV:
    case EOP_COMMIT_SAVE:
        redo = field_edit_commit(ed);
        if (fe->active)
            return redo;   /* refused: keep editing */
        if (op == EOP_COMMIT_PREV)
            redo |= move_field(ed, -1);
        else if (op == EOP_COMMIT_SAVE)
            redo |= session_save(ed);
        else
            redo |= move_field(ed, 1);
        return redo;
    case EOP_CANCEL: return field_edit_cancel(ed);
    case EOP_LEFT:
        if (!text)
            goto prev_opt;
        lineedit_left(&fe->le);
        return REDO_DETAIL;
    case EOP_RIGHT:
        if (!text)
            goto next_opt;
        lineedit_right(&fe->le);
        return REDO_DETAIL;
    case EOP_HOME: lineedit_home(&fe->le); return REDO_DETAIL;
    case EOP_END: lineedit_end(&fe->le); return REDO_DETAIL;
    case EOP_BACKSPACE: changed = text && lineedit_backspace(&fe->le); break;
    case EOP_DELETE: changed = text && lineedit_delete(&fe->le); break;
    case EOP_KILL: changed = text && lineedit_kill(&fe->le); break;
    case EOP_NEWLINE:
        if (fields_is_multiline(&fe->f))
            changed = lineedit_insert(&fe->le, "\n", 1) == 0;
        else
            return field_edit_op(ed, EOP_COMMIT_NEXT);
        break;
    case EOP_PREV_OPT:
    prev_opt:
        if (text || nopts == 0)
            return REDO_NONE;
        fe->pick = fe->pick <= 0 ? nopts - 1 : fe->pick - 1;
        changed = true;
        break;
    case EOP_NEXT_OPT:
    next_opt:
        if (text || nopts == 0)
            return REDO_NONE;
        fe->pick = fe->pick + 1 >= nopts ? 0 : fe->pick + 1;
        changed = true;
        break;
    }
    if (!changed)
        return REDO_NONE;
    preview(ed);
    return REDO_VALUES;
}

unsigned field_edit_char(struct editor *ed, const char *s, size_t n)
{
    struct field_edit *fe = &ed->fe;
    if (!fe->active)
        return REDO_NONE;
    if (!fields_is_text(cur_field(ed))) {
        /* Option pickers take the option's number; Space flips a veto. */
        int nopts = fields_nopts(ed, cur_field(ed));
        if (n == 1 && s[0] >= '1' && s[0] <= '9' && s[0] - '1' < nopts)
            fe->pick = s[0] - '1';
        else if (n == 1 && s[0] == ' ' && fe->f.kind == FIELD_VETO)
            fe->pick = fe->pick == 1 ? 0 : 1;
        else
            return REDO_NONE;
        preview(ed);
        return REDO_VALUES;
    }
    if (lineedit_insert(&fe->le, s, n) < 0)
        return REDO_NONE;
    preview(ed);
    return REDO_VALUES;
}

unsigned field_edit_undo(struct editor *ed, bool redo)
{
    if (ed->view_only) {
        status_set_msg(ed, true, "%s", _("Read-only: this draft cannot be changed."));
        return REDO_STATUS;
    }
    const char *id = NULL;
    char why[256] = "";
    /* journalled as the change it makes, not as "undo": a journal begun
     * after a save has no history to undo into on recovery */
    struct edit applied = {0};
    const struct edit *next = history_next(ed->hist, redo);
    if (next && edit_copy(&applied, next) < 0) {
        status_set_msg(ed, true, "%s", _("Out of memory."));
        return REDO_STATUS;
    }
    int rc = redo ? history_redo(ed->hist, ed->draft, &id, why, sizeof why)
                  : history_undo(ed->hist, ed->draft, &id, why, sizeof why);
    if (rc == 0)
        session_journal_edit(ed, &applied);
    edit_clear(&applied);
    if (rc == 1) {
        status_set_msg(ed, false, "%s", redo ? _("Nothing to redo.") : _("Nothing to undo."));
        return REDO_STATUS;
    }
    if (rc < 0) {
        status_set_msg(ed, true, redo ? _("Cannot redo: %s") : _("Cannot undo: %s"), why);
        return REDO_STATUS;
    }
    /* Back at the saved state (undone to it, or redone to it): clean. */
    ed->modified = (long)history_depth(ed->hist) != ed->saved_depth;
    int node = id && id[0] ? draft_find(ed->draft, id) : -1;
    /* Only custom indicators come and go: other undos keep the rows. */
    bool structural = node >= 0 ? draft_node(ed->draft, node)->custom : id && id[0];
    editor_changed(ed, node, structural);
    if (structural)
        tree_rebuild_rows(ed);
    if (node >= 0) {
        ed->meta_view = false;
        actions_select(ed, node);
    } else {
        actions_select(ed, ed->sel);
    }
    status_set_msg(ed, false, "%s", redo ? _("Redone.") : _("Undone."));
    return REDO_VALUES | REDO_FIELDS | (structural ? REDO_ROWS : 0);
}
