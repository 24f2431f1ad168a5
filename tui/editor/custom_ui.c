/* custom_ui.c - the unit's own indicators (个性化指标; in a project table,
 * the indicators of its 绩效目标表): adding one (a) asks its name, then its
 * 指标说明 or, where the unit distributes the points, its 年度指标值, then
 * its points; deleting (D) and renaming them; and marking any indicator
 * 不适用 (X), which leaves it out and rescales the total. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "actions.h"
#include "ed.h"
#include "i18n.h"
#include "num.h"

static unsigned apply_record(struct editor *ed, struct edit *e)
{
    struct edit inv = {0};
    char why[256] = "";
    if (field_edit_apply(ed, e, &inv, why, sizeof why) < 0) {
        status_set_msg(ed, true, "%s", why);
        return REDO_STATUS;
    }
    field_edit_record(ed, e, &inv);
    edit_clear(&inv);
    return REDO_VALUES | REDO_ROWS | REDO_FIELDS;
}

unsigned act_add_custom(struct editor *ed)
{
    if (actions_refuse_self(ed))
        return REDO_STATUS;
    const struct dnode *n = draft_node(ed->draft, ed->sel);
    /* On a leaf, add a sibling: the parent is the second-level node. */
    int parent = dnode_is_leaf(n) ? n->parent : ed->sel;
    if (parent < 0) {
        status_set_msg(ed, true, "%s", _("Select a second-level indicator to add to."));
        return REDO_STATUS;
    }
    const struct dnode *pn = draft_node(ed->draft, parent);
    if (!draft_takes_custom(ed->draft, parent)) {
        status_set_msg(ed, true, _("%s %s takes none of the unit's own indicators (no 'custom' in the form)"),
                       pn->fn->id, pn->fn->name);
        return REDO_STATUS;
    }
    /* The first one replaces the form's placeholder: say what happens to
     * a score already given to it before anything is asked. */
    const struct dnode *ph = NULL;
    bool first = true;
    for (int c = pn->first_child; c >= 0; c = draft_node(ed->draft, c)->next_sibling) {
        const struct dnode *cn = draft_node(ed->draft, c);
        first &= !cn->custom || cn->deleted;
        if (!cn->custom && cn->fn->rule && cn->fn->rule->custom)
            ph = cn;
    }
    char label[512];
    if (first && ph && ph->score != PTS_NONE) {
        char sb[NUM_BUF];
        snprintf(label, sizeof label,
                 _("The unit's own indicators replace %s %s and its score %s is left out. "
                   "Go on? (y/n)"),
                 ph->fn->id, ph->fn->name, num_format_pts(ph->score, sb));
        if (prompt_yesno(ed, label) != 1) {
            ed->msg[0] = '\0';
            return REDO_STATUS;
        }
    }
    snprintf(label, sizeof label, _("Name of the new indicator under %s: "), pn->fn->name);
    char *name = prompt_text(ed, label, "");
    if (!name || !name[0]) {
        free(name);
        ed->msg[0] = '\0';
        return REDO_STATUS;
    }
    /* asked again, with the name and the typed points kept, until the
     * core takes them or the user gives up with Esc; a project's
     * indicator is asked its target instead of a description */
    bool project = draft_node_open(ed->draft, parent);
    if (project)
        snprintf(label, sizeof label,
                 _("年度指标值 of %s (≥50 个, ≤90 万元, =100%%, 2021年12月前, 效果明显; "
                   "Enter: none): "), name);
    else
        snprintf(label, sizeof label, _("指标说明 of %s (Enter: none): "), name);
    char *desc = prompt_text(ed, label, "");
    if (!desc) {
        free(name);
        ed->msg[0] = '\0';
        return REDO_STATUS;
    }
    snprintf(label, sizeof label, _("Points of %s: "), name);
    char *points = NULL;
    unsigned redo = REDO_STATUS;
    for (;;) {
        char *typed = prompt_text(ed, label, points ? points : "");
        free(points);
        points = typed;
        if (!points || !points[0]) {
            ed->msg[0] = '\0';
            break;
        }
        struct edit e = {.kind = EDIT_ADD_CUSTOM};
        e.id = draft_custom_id(ed->draft, parent);
        e.key = strdup(pn->fn->id);
        e.value = strdup(name);
        e.points = strdup(points);
        e.desc = strdup(project ? "" : desc);
        int node = -1;
        if (e.id && e.key && e.value && e.points && e.desc) {
            redo = apply_record(ed, &e);
            node = draft_find(ed->draft, e.id);
        }
        if (node >= 0 && project && desc[0]) {
            /* the target is a change of its own: u takes it back first */
            struct edit t = {.kind = EDIT_TARGET, .id = strdup(e.id), .key = strdup("target"),
                             .value = strdup(desc)};
            if (t.id && t.key && t.value)
                apply_record(ed, &t);
            edit_clear(&t);
        }
        if (node >= 0) {
            tree_rebuild_rows(ed);
            actions_select(ed, node);
            status_set_msg(ed, false, _("Added %s %s."), e.id, e.value);
        }
        edit_clear(&e);
        if (node >= 0)
            break;
        /* refused: the reason goes into the question */
        snprintf(label, sizeof label, _("Points of %s (%s): "), name, ed->msg);
    }
    free(name);
    free(desc);
    free(points);
    return redo | REDO_VALUES | REDO_ROWS | REDO_FIELDS;
}

unsigned act_del_custom(struct editor *ed)
{
    if (actions_refuse_self(ed))
        return REDO_STATUS;
    const struct dnode *n = draft_node(ed->draft, ed->sel);
    if (!n->custom) {
        status_set_msg(ed, true, "%s", _("Only custom indicators can be deleted."));
        return REDO_STATUS;
    }
    char q[512];
    snprintf(q, sizeof q, _("Delete the custom indicator %s %s? (y/n)"), n->fn->id, n->fn->name);
    if (prompt_yesno(ed, q) != 1) {
        ed->msg[0] = '\0';
        return REDO_STATUS;
    }
    struct edit e = {.kind = EDIT_DEL_CUSTOM, .id = strdup(n->fn->id)};
    unsigned redo = e.id ? apply_record(ed, &e) : REDO_NONE;
    edit_clear(&e);
    tree_rebuild_rows(ed);
    actions_select(ed, ed->sel);
    return redo | REDO_ROWS | REDO_FIELDS;
}

/* ---- renaming a custom indicator ---- */

int actions_custom_set(struct editor *ed, int node, const char *name, const char *points)
{
    const struct dnode *n = draft_node(ed->draft, node);
    /* one change in the core: the indicator keeps its place, scores,
     * review and evidence, and undo is a single step. The edit owns its
     * texts: name may be the node's own, which the change replaces. */
    struct edit e = {.kind = EDIT_CUSTOM_SET, .id = strdup(n->fn->id), .value = strdup(name),
                     .points = strdup(points)};
    struct edit inv = {0};
    char why[256] = "";
    int rc = -1;
    if (!e.id || !e.value || !e.points)
        status_set_msg(ed, true, "%s", _("Out of memory."));
    else if (field_edit_apply(ed, &e, &inv, why, sizeof why) < 0)
        status_set_msg(ed, true, "%s", why);
    else
        rc = 0;
    if (rc == 0) {
        ed->msg[0] = '\0';   /* first: recording may have something to say */
        field_edit_record(ed, &e, &inv);
    }
    edit_clear(&e);
    edit_clear(&inv);
    return rc;
}


/* X: the indicator does not apply (不适用), or applies again. */
unsigned act_na(struct editor *ed)
{
    if (actions_refuse_self(ed) || ed->sel < 0)
        return REDO_STATUS;
    const struct dnode *n = draft_node(ed->draft, ed->sel);
    struct edit e = {.kind = EDIT_NA, .id = strdup(n->fn->id), .value = strdup(n->na ? "" : "1")};
    bool na = !n->na;
    unsigned redo = e.id && e.value ? apply_record(ed, &e) : REDO_STATUS;
    edit_clear(&e);
    n = draft_node(ed->draft, ed->sel);
    if (n->na == na)
        status_set_msg(ed, false, na ? _("%s %s does not apply (不适用): left out, the total is rescaled.")
                                     : _("%s %s applies again."),
                       n->fn->id, n->fn->name);
    return redo | REDO_VALUES | REDO_ROWS | REDO_FIELDS;
}
