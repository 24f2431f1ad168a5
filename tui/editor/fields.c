/* fields.c - the fields the selected node takes, in screen (Tab) order:
 * figures, then the rule's check/choice/veto parts, then the score of a
 * directly scored leaf, then the note, then a custom indicator's name and
 * points. calc parts are shown, not edited.
 * In review mode the 复核 fields follow: review score (leaves), status and
 * comment; the self-assessment fields stay, read-only, so the reviewer
 * sees them in the same place.
 */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ed.h"
#include "grow.h"
#include "i18n.h"
#include "num.h"

static int add(struct editor *ed, enum field_kind k, int index)
{
    struct field *p = grow_array(ed->fields, &ed->fieldcap, ed->nfields, 1, sizeof *p);
    if (!p)
        return -1;
    ed->fields = p;
    ed->fields[ed->nfields++] = (struct field){k, index};
    return 0;
}

/* True when the leaf takes its score directly: no rule, or the "custom"
 * placeholder that the unit did not replace by its own indicators. */
static bool takes_score(const struct dnode *n)
{
    const struct rule *r = n->fn->rule;   /* a custom indicator has none */
    return !r || (r->custom && r->nparts == 0);
}

int fields_rebuild(struct editor *ed)
{
    ed->nfields = 0;
    int rc = 0;
    if (ed->meta_view) {
        /* a project table's settings where the form is one or the
         * draft has them */
        bool project = draft_form(ed->draft)->open != NULL;
        for (int k = META_FIRST_PROJECT; k < META__COUNT; k++)
            project |= *draft_meta(ed->draft, (enum draft_meta)k) != '\0';
        for (int k = 0; k < (project ? META__COUNT : META_FIRST_PROJECT); k++)
            rc |= add(ed, FIELD_META, k);
    } else if (ed->sel >= 0) {
        const struct dnode *n = draft_node(ed->draft, ed->sel);
        if (dnode_is_leaf(n) && !n->replaced && !n->deleted) {
            const struct form_node *fn = n->fn;

            for (size_t i = 0; i < fn->nfigs; i++)
                rc |= add(ed, FIELD_FIGURE, (int)i);
            for (size_t i = 0; fn->rule && i < fn->rule->nparts; i++) {
                switch (fn->rule->parts[i].kind) {
                case PART_CHECK: rc |= add(ed, FIELD_CHECK, (int)i); break;
                case PART_CHOICE: rc |= add(ed, FIELD_CHOICE, (int)i); break;
                case PART_VETO: rc |= add(ed, FIELD_VETO, (int)i); break;
                case PART_CALC: break;
                }
            }
            /* a project's indicator: its target and actual value, and a
             * score only where they do not give one */
            if (n->custom && draft_form(ed->draft)->open) {
                rc |= add(ed, FIELD_TARGET, 0);
                rc |= add(ed, FIELD_ACTUAL, 0);
            }
            if (takes_score(n) && !n->na && !draft_target_scores(ed->draft, ed->sel))
                rc |= add(ed, FIELD_SCORE, 0);
            rc |= add(ed, FIELD_NOTE, 0);
            /* After the score, so typing a digit still scores it. */
            if (n->custom) {
                rc |= add(ed, FIELD_CUSTOM_NAME, 0);
                rc |= add(ed, FIELD_CUSTOM_POINTS, 0);
            }
            if (ed->review)
                rc |= add(ed, FIELD_REVIEW_SCORE, 0);
        }
        if (ed->review && !n->deleted) {
            rc |= add(ed, FIELD_REVIEW_STATUS, 0);
            rc |= add(ed, FIELD_REVIEW_COMMENT, 0);
        }
    }
    if (ed->fsel >= (int)ed->nfields)
        ed->fsel = (int)ed->nfields - 1;
    if (ed->fsel < 0 && ed->nfields > 0)
        ed->fsel = 0;
    return rc;
}

static const struct part *part_of(const struct editor *ed, const struct field *f)
{
    const struct dnode *n = draft_node(ed->draft, ed->sel);
    return &n->fn->rule->parts[f->index];
}

bool fields_is_text(const struct field *f)
{
    return f->kind != FIELD_CHOICE && f->kind != FIELD_VETO && f->kind != FIELD_REVIEW_STATUS;
}

bool fields_is_multiline(const struct field *f)
{
    return f->kind == FIELD_NOTE || f->kind == FIELD_REVIEW_COMMENT ||
           (f->kind == FIELD_META && (f->index == META_GOAL || f->index == META_GOAL_DONE));
}

bool fields_is_number(const struct field *f)
{
    return f->kind == FIELD_FIGURE || f->kind == FIELD_SCORE || f->kind == FIELD_REVIEW_SCORE ||
           f->kind == FIELD_CUSTOM_POINTS;
}

bool fields_is_review(const struct field *f)
{
    return f->kind == FIELD_REVIEW_SCORE || f->kind == FIELD_REVIEW_STATUS ||
           f->kind == FIELD_REVIEW_COMMENT;
}

int fields_first_review(const struct editor *ed)
{
    for (size_t i = 0; i < ed->nfields; i++)
        if (fields_is_review(&ed->fields[i]))
            return (int)i;
    return -1;
}

const char *fields_label(const struct editor *ed, const struct field *f)
{
    const struct dnode *n = ed->sel >= 0 ? draft_node(ed->draft, ed->sel) : NULL;
    switch (f->kind) {
    case FIELD_FIGURE:
        assert(n);   /* a figure field is made only for a selected node */
        return n->fn->figs[f->index].label;
    case FIELD_CHECK:
    case FIELD_CHOICE:
    case FIELD_VETO: return part_of(ed, f)->label;
    case FIELD_SCORE: return _("Score");
    case FIELD_NOTE: return _("Note (reason for deductions)");
    case FIELD_REVIEW_SCORE: return _("Review score");
    case FIELD_REVIEW_STATUS: return _("Review status");
    case FIELD_REVIEW_COMMENT: return _("Review comment");
    case FIELD_CUSTOM_NAME: return _("Name of the custom indicator");
    case FIELD_CUSTOM_POINTS: return _("Points of the custom indicator");
    case FIELD_TARGET: return _("年度指标值 (target)");
    case FIELD_ACTUAL: return _("实际完成值 (actual)");
    case FIELD_META:
        switch (f->index) {
        case META_UNIT: return _("Unit");
        case META_YEAR: return _("Year");
        case META_PROJECT: return _("项目名称 (project)");
        case META_DEPARTMENT: return _("主管部门 (department)");
        case META_GOAL: return _("年度总体目标: 预期目标 (goal as planned)");
        case META_GOAL_DONE: return _("年度总体目标: 实际完成情况 (goal as done)");
        default: return _("Assessor");
        }
    }
    return "";
}

const char *fields_value(const struct editor *ed, const struct field *f, char *buf, size_t size)
{
    buf[0] = '\0';
    if (f->kind == FIELD_META) {
        snprintf(buf, size, "%s", draft_meta(ed->draft, (enum draft_meta)f->index));
        return buf;
    }
    const struct dnode *n = draft_node(ed->draft, ed->sel);
    switch (f->kind) {
    case FIELD_FIGURE:
        if (n->figs[f->index].set) {
            char nb[NUM_BUF];
            snprintf(buf, size, "%s", num_format_decimal(n->figs[f->index].v, nb));
        }
        break;
    case FIELD_CHECK:
    case FIELD_CHOICE:
    case FIELD_VETO: {
        char mb[512];
        const char *t = rule_format_mark(part_of(ed, f), n->marks[f->index], mb, sizeof mb);
        snprintf(buf, size, "%s", t);
        break;
    }
    case FIELD_SCORE:
        if (n->entered != PTS_NONE) {
            char nb[NUM_BUF];
            snprintf(buf, size, "%s", num_format_pts(n->entered, nb));
        }
        break;
    case FIELD_NOTE: snprintf(buf, size, "%s", n->note); break;
    case FIELD_REVIEW_SCORE:
        if (n->review_score != PTS_NONE) {
            char nb[NUM_BUF];
            snprintf(buf, size, "%s", num_format_pts(n->review_score, nb));
        }
        break;
    case FIELD_REVIEW_STATUS:
        snprintf(buf, size, "%s", review_status_name((enum review_status)n->review_status));
        break;
    case FIELD_REVIEW_COMMENT: snprintf(buf, size, "%s", n->review_comment); break;
    case FIELD_CUSTOM_NAME: snprintf(buf, size, "%s", n->fn->name); break;
    case FIELD_CUSTOM_POINTS: {
        char nb[NUM_BUF];
        snprintf(buf, size, "%s", num_format_pts(n->fn->points, nb));
        break;
    }
    case FIELD_TARGET: snprintf(buf, size, "%s", draft_target(ed->draft, ed->sel)); break;
    case FIELD_ACTUAL: snprintf(buf, size, "%s", draft_actual(ed->draft, ed->sel)); break;
    case FIELD_META: break;
    }
    return buf;
}

int fields_nopts(const struct editor *ed, const struct field *f)
{
    if (f->kind == FIELD_VETO)
        return 2;
    if (f->kind == FIELD_REVIEW_STATUS)
        return REVIEW__COUNT - 1;   /* REVIEW_NONE is "not set": x clears */
    if (f->kind == FIELD_CHOICE)
        return (int)part_of(ed, f)->nopts;
    return 0;
}

/* Veto options are shown as the core writes them (是/否): index 0 is "not
 * marked", 1 "marked", matching the stored mark. */
const char *fields_opt_label(const struct editor *ed, const struct field *f, int i, char *buf,
                             size_t size)
{
    if (f->kind == FIELD_REVIEW_STATUS) {
        snprintf(buf, size, "%s", review_status_name((enum review_status)(i + 1)));
        return buf;
    }
    const struct part *p = part_of(ed, f);
    if (f->kind == FIELD_VETO)
        return rule_format_mark(p, i, buf, size);
    snprintf(buf, size, "%s", p->opts[i].label);
    return buf;
}

int fields_current_pick(const struct editor *ed, const struct field *f)
{
    const struct dnode *n = draft_node(ed->draft, ed->sel);
    if (f->kind == FIELD_REVIEW_STATUS)
        return n->review_status - 1;   /* REVIEW_NONE: -1 */
    mark_t m = n->marks[f->index];
    if (m == MARK_NONE || m < 0)
        return -1;
    return (int)m;
}

static char *dup(const char *s)
{
    return s ? strdup(s) : NULL;
}

int fields_make_edit(const struct editor *ed, const struct field *f, const char *value,
                     struct edit *e)
{
    memset(e, 0, sizeof *e);
    const struct dnode *n = ed->sel >= 0 && !ed->meta_view ? draft_node(ed->draft, ed->sel)
                                                           : NULL;
    switch (f->kind) {
    case FIELD_FIGURE:
        assert(n);   /* a figure field is made only for a selected node */
        e->kind = EDIT_FIGURE;
        e->key = dup(n->fn->figs[f->index].name);
        break;
    case FIELD_CHECK:
    case FIELD_CHOICE:
    case FIELD_VETO:
        e->kind = EDIT_MARK;
        e->key = dup(part_of(ed, f)->label);
        break;
    case FIELD_SCORE: e->kind = EDIT_SCORE; break;
    case FIELD_NOTE: e->kind = EDIT_NOTE; break;
    case FIELD_REVIEW_SCORE: e->kind = EDIT_REVIEW_SCORE; break;
    case FIELD_REVIEW_STATUS: e->kind = EDIT_REVIEW_STATUS; break;
    case FIELD_REVIEW_COMMENT: e->kind = EDIT_REVIEW_COMMENT; break;
    case FIELD_CUSTOM_NAME:
    case FIELD_CUSTOM_POINTS: return -1;   /* actions_custom_set */
    case FIELD_TARGET:
    case FIELD_ACTUAL:
        e->kind = EDIT_TARGET;
        e->key = dup(f->kind == FIELD_TARGET ? "target" : "actual");
        break;
    case FIELD_META:
        e->kind = EDIT_META;
        e->key = dup(draft_meta_key((enum draft_meta)f->index));
        break;
    }
    if (n)
        e->id = dup(n->fn->id);
    e->value = dup(value ? value : "");
    if (!e->value || (n && !e->id)) {
        edit_clear(e);
        return -1;
    }
    return 0;
}
