/* override_ui.c - typing a score over an indicator's formula (o), with its
 * required reason, and going back to the formula (O). The core keeps the
 * figures and marks, so clearing the override gives the formula's score
 * again. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "actions.h"
#include "ed.h"
#include "i18n.h"

/* Apply and record one override change; false with the reason shown. */
static bool override_commit(struct editor *ed, const char *id, const char *score,
                            const char *reason)
{
    struct edit e = {.kind = EDIT_OVERRIDE, .id = strdup(id), .value = strdup(score),
                     .note = strdup(reason)};
    struct edit inv = {0};
    char why[512] = "";
    bool ok = false;
    if (!e.id || !e.value || !e.note)
        status_set_msg(ed, true, "%s", _("Out of memory."));
    else if (field_edit_apply(ed, &e, &inv, why, sizeof why) < 0)
        status_set_msg(ed, true, "%s", why);
    else
        ok = true;
    if (ok) {
        ed->msg[0] = '\0';
        field_edit_record(ed, &e, &inv);
    }
    edit_clear(&e);
    edit_clear(&inv);
    return ok;
}

/* The selected leaf when it has a formula to override, else -1 (said why). */
static int override_target(struct editor *ed)
{
    if (actions_refuse_self(ed))
        return -1;
    const struct dnode *n = draft_node(ed->draft, ed->sel);
    if (!dnode_is_leaf(n) || n->replaced || !n->fn->rule || !n->fn->rule->nparts) {
        status_set_msg(ed, true, _("%s has no formula to override: type its score"),
                       n->fn->name);
        return -1;
    }
    return ed->sel;
}

unsigned act_override(struct editor *ed)
{
    int i = override_target(ed);
    if (i < 0)
        return REDO_STATUS;
    const struct dnode *n = draft_node(ed->draft, i);
    char id[256], label[512], pb[NUM_BUF], cur[NUM_BUF] = "";
    snprintf(id, sizeof id, "%s", n->fn->id);
    const char *old_reason = draft_override_reason(ed->draft, i);
    if (old_reason)
        num_format_pts(n->entered, cur);
    snprintf(label, sizeof label, _("Override %s (0 to %s): "),
             n->fn->name, num_format_pts(n->fn->points, pb));
    char *score = prompt_text(ed, label, cur);
    if (!score || !score[0]) {
        free(score);
        ed->msg[0] = '\0';
        return REDO_STATUS;
    }
    /* the reason is asked again until it is given or Esc gives up */
    char *reason = old_reason ? strdup(old_reason) : NULL;
    unsigned redo = REDO_STATUS;
    snprintf(label, sizeof label, _("Why %s instead of the formula: "), score);
    for (;;) {
        char *typed = prompt_text(ed, label, reason ? reason : "");
        free(reason);
        reason = typed;
        if (!reason) {
            ed->msg[0] = '\0';
            break;
        }
        if (override_commit(ed, id, score, reason)) {
            status_set_msg(ed, false, _("%s: score %s typed over the formula."), id, score);
            redo |= REDO_VALUES | REDO_ROWS | REDO_FIELDS;
            break;
        }
        if (!reason[strspn(reason, " \t")]) {
            snprintf(label, sizeof label, _("A reason is required: why %s? "),
                     score);
            continue;
        }
        break;   /* the score was refused: the reason is on the status line */
    }
    free(score);
    free(reason);
    return redo;
}

unsigned act_override_clear(struct editor *ed)
{
    int i = override_target(ed);
    if (i < 0)
        return REDO_STATUS;
    const struct dnode *n = draft_node(ed->draft, i);
    if (!n->overridden) {
        status_set_msg(ed, true, _("%s is scored by its formula already."), n->fn->name);
        return REDO_STATUS;
    }
    char id[256];
    snprintf(id, sizeof id, "%s", n->fn->id);
    if (!override_commit(ed, id, "", ""))
        return REDO_STATUS;
    status_set_msg(ed, false, _("%s: scored by its formula again."), id);
    return REDO_STATUS | REDO_VALUES | REDO_ROWS | REDO_FIELDS;
}
