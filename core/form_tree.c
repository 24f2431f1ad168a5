/* form_tree.c - the tree of a form just read: points summed from the
 * children (#points,,from-children) or left for the unit to distribute
 * (a 'custom' placeholder without points), the sums checked, the total. */
#include "forms.h"

#include <stdlib.h>

#include "form_impl.h"
#include "i18n.h"

/* A node without points: a placeholder or a group left to the unit (open,
 * its points the unit's indicators add up to), or, with #points,,from-
 * children, a group whose points are its sub-indicators'. Children come
 * after their parent, so one pass from the end sees every child settled
 * before its parent. An open node's points here are the part the form
 * fixes (0 for a bare placeholder). */
static void form_settle_points(struct loader *l)
{
    struct form *f = l->f;
    for (size_t i = f->n; i-- > 0;) {
        struct form_node *n = &f->nodes[i];
        if (n->points != PTS_NONE)
            continue;
        bool placeholder = n->first_child < 0 && n->rule && n->rule->custom;
        bool open_child = false;
        pts_t sum = 0;
        bool ok = true;
        for (int c = n->first_child; c >= 0 && ok; c = f->nodes[c].next_sibling) {
            sum += f->nodes[c].points;   /* each is <= PTS_MAX: no overflow */
            ok = sum <= PTS_MAX;
            open_child |= f->open && f->open[c];
        }
        if ((placeholder || open_child) && n->parent >= 0) {
            if (!f->open && !(f->open = calloc(f->n, 1))) {
                diags_add(l->d, DIAG_ERROR, l->file, l->lines[i], _("out of memory"));
                n->points = 0;
                continue;
            }
            f->open[i] = 1;
            n->points = placeholder ? 0 : sum;
            continue;
        }
        if (n->first_child < 0 || !f->points_from_children) {
            const char *why = "";
            pts_t v;
            if (f->points_from_children)
                diags_add(l->d, DIAG_ERROR, l->file, l->lines[i],
                          _("points of %s: an indicator without sub-indicators needs its points"),
                          n->id);
            else if (!num_parse_pts("", false, &v, &why))
                diags_add(l->d, DIAG_ERROR, l->file, l->lines[i], _("points of %s: %s (\"%s\")"),
                          n->id, _(why), "");
            n->points = 0;
            continue;
        }
        if (!ok) {
            char a[NUM_BUF];
            diags_add(l->d, DIAG_ERROR, l->file, l->lines[i],
                      _("points of %s: its sub-indicators add up to more than %s"), n->id,
                      num_format_pts(PTS_MAX, a));
            sum = 0;
        } else if (l->notices) {
            char a[NUM_BUF];
            diags_add(l->d, DIAG_NOTICE, l->file, l->lines[i],
                      _("points of %s are the sum of its sub-indicators: %s"), n->id,
                      num_format_pts(sum, a));
        }
        n->points = sum;
    }
}

/* The form's total: the first-level points, bonus and penalty items aside,
 * kept within PTS_MAX so that no draft total can overflow; and the grade
 * bands it can reach. */
static void form_sum_total(struct loader *l)
{
    struct form *f = l->f;
    f->total_points = 0;
    for (int i = f->first; i >= 0; i = f->nodes[i].next_sibling) {
        if (f->nodes[i].kind != FORM_KIND_NORMAL)
            continue;   /* outside the form's points */
        f->total_points += f->nodes[i].points;
        if (f->total_points > PTS_MAX) {
            char a[NUM_BUF];
            diags_add(l->d, DIAG_ERROR, l->file, l->lines[i],
                      _("the first-level indicators add up to more than %s points"),
                      num_format_pts(PTS_MAX, a));
            break;
        }
    }
    /* a band no total can reach is a typo (优>=900) */
    for (size_t g = 0; l->grades_line && g < f->ngrades; g++) {
        if (f->grades[g].min > f->total_points) {
            char a[NUM_BUF], b[NUM_BUF];
            diags_add(l->d, DIAG_ERROR, l->file, l->grades_line,
                      _("grade band \"%s\": its minimum %s is above the form's total of %s points"),
                      f->grades[g].name, num_format_pts(f->grades[g].min, a),
                      num_format_pts(f->total_points, b));
        }
    }
}

/* Branch n's sub-indicators add up to its points; where the unit
 * distributes some of them (an open sub-indicator), the form's part must
 * leave room: at most its points. An open branch has no sum to meet. */
static void form_check_sum(struct loader *l, size_t i)
{
    struct form *f = l->f;
    struct form_node *n = &f->nodes[i];
    if (f->open && f->open[i])
        return;
    pts_t sum = 0;
    bool open_child = false;
    for (int c = n->first_child; c >= 0 && sum <= PTS_MAX; c = f->nodes[c].next_sibling) {
        sum += f->nodes[c].points;   /* each is <= PTS_MAX: no overflow */
        open_child |= f->open && f->open[c];
    }
    char a[NUM_BUF], b[NUM_BUF];
    if (open_child && sum > n->points)
        diags_add(l->d, DIAG_ERROR, l->file, l->lines[i],
                  _("points of %s (%s): its fixed sub-indicators already add up to %s, leaving "
                    "nothing for the unit to distribute"),
                  n->id, num_format_pts(n->points, a), num_format_pts(sum, b));
    else if (!open_child && sum != n->points)
        diags_add(l->d, DIAG_ERROR, l->file, l->lines[i],
                  _("points of %s (%s) do not equal the sum of its sub-indicators (%s)"),
                  n->id, num_format_pts(n->points, a), num_format_pts(sum, b));
}

void form_check_tree(struct loader *l)
{
    struct form *f = l->f;
    form_settle_points(l);
    form_sum_total(l);
    for (size_t i = 0; i < f->n; i++) {
        struct form_node *n = &f->nodes[i];
        f->nfigvals += n->nfigs;
        f->nmarks += n->rule ? n->rule->nparts : 0;
        if (n->first_child < 0) {
            f->nleaves++;
            /* the unit's own indicators go beside the placeholder, under
             * its group: a first-level placeholder has none */
            if (n->rule && n->rule->custom && n->parent < 0)
                diags_add(l->d, DIAG_ERROR, l->file, l->lines[i],
                          _("%s is a 'custom' placeholder at the first level: the unit's own "
                            "indicators need a group to go in, so put it under one"),
                          n->id);
            continue;
        }
        if (n->rule || n->nfigs)
            diags_add(l->d, DIAG_ERROR, l->file, l->lines[i],
                      _("%s has sub-indicators, so it cannot have figures or a rule"), n->id);
        form_check_sum(l, i);
    }
}
