/* draft.h - one unit's self-assessment against a form, with live totals.
 *
 * A draft holds what the user entered (scores, figures, checklist marks,
 * notes, custom indicators, metadata) and what the core computed from it.
 * Every change goes through draft_apply(), which validates the value,
 * keeps the previous one when it is refused, recomputes the changed leaf
 * and then only its ancestors, and hands back the inverse edit (for undo
 * and the recovery journal).
 *
 * Nodes are addressed by index. Indices of form nodes equal their index in
 * the form; custom indicators are appended after them. The tree links
 * (parent/first_child/next_sibling) give the table order.
 */
#ifndef JIXIAO_DRAFT_H
#define JIXIAO_DRAFT_H

#include <stdbool.h>
#include <stddef.h>
#include "forms.h"
#include "num.h"
#include "rule.h"
#include "compiler.h"

struct custom_fn;

struct dnode {
    /* The form node: the id, name, level, points and description. A custom
     * indicator has its own (no figures, no rule), owned by the draft as
     * own_fn: the same pointer, its form node first (draft_impl.h). */
    union {
        const struct form_node *fn;
        struct custom_fn *own_fn;   /* custom only */
    };
    /* entered (leaves) and computed (branches): a leaf never gains
     * children and a branch never loses them, so they share a slot */
    union {
        pts_t entered;           /* leaf scored directly; PTS_NONE if not */
        pts_t child_points;      /* branch: sum of its (non-replaced) children's points */
    };
    pts_t score;                 /* leaf: its score or PTS_NONE; branch: sum of scored */
    pts_t review;                /* leaf: review_score, else score; branch: sum */
    pts_t review_score;          /* 复核 leaf: the reviewer's score or PTS_NONE */
    struct figval *figs;         /* fn->nfigs entries */
    mark_t *marks;               /* one per rule part */
    char *note;                  /* 扣分说明 / remark, never NULL */
    char *why;                   /* leaf: reason it is not complete, "" if complete */
    char *review_comment;        /* 复核 comment, never NULL */
    char *evidence;              /* 佐证材料: "PATH|PAGE|SHA256" lines, never NULL */
    int parent, first_child, next_sibling;   /* the draft's tree: custom included */
    int leaves, scored;          /* counts in the subtree (1/0-1 for a leaf) */
    signed char status;          /* leaf: enum rule_status of the last evaluation */
    unsigned char review_status; /* enum review_status, entered by the reviewer */
    bool custom;                 /* added by the unit (个性化指标) */
    bool deleted;                /* a removed custom indicator (kept for undo) */
    bool replaced;               /* a "custom" placeholder replaced by the unit's own */
    bool overridden;             /* rule leaf: score typed over the formula (entered),
                                  * with a reason (draft_override_reason) */
    bool na;                     /* leaf: does not apply (不适用): left out, and the
                                  * total rescaled (draft_rescale) */
};
/* A million rows are this times a million bytes: keep it small. */
_Static_assert(sizeof(struct dnode) <= 120, "struct dnode grew");

struct draft;

/* The unit, year and assessor of every draft; the project's name, its
 * department (主管部门) and the overall goal as planned and as done
 * (年度总体目标: 预期目标, 实际完成情况) of a project table. The goal texts
 * may span lines. */
enum draft_meta { META_UNIT, META_YEAR, META_ASSESSOR, META_PROJECT, META_DEPARTMENT,
                  META_GOAL, META_GOAL_DONE, META__COUNT };
/* The first of the project table's settings: a draft writes them only
 * when one is set (an older draft is written as before). */
enum { META_FIRST_PROJECT = META_PROJECT };

/* A reviewer's verdict on one indicator. */
enum review_status { REVIEW_NONE, REVIEW_PASS, REVIEW_QUERY, REVIEW_RETURN, REVIEW__COUNT };

/* Domain terms as stored in drafts: "", 通过, 有疑问, 退回修改. */
const char *review_status_name(enum review_status s);
/* Parse a stored status; returns -1 when unknown. */
int review_status_parse(const char *s);

struct draft *draft_new(const struct form *f) JX_WARN_UNUSED JX_NONNULL(1);
void draft_free(struct draft *d);   /* NULL is fine */

const struct form *draft_form(const struct draft *d);
size_t draft_count(const struct draft *d);           /* nodes incl. custom and deleted */
const struct dnode *draft_node(const struct draft *d, int i);
int draft_find(const struct draft *d, const char *id); /* -1 if none (or deleted) */
int draft_first(const struct draft *d);               /* first first-level node */
/* Next node in table (pre-order) order after i, or -1; skips deleted. */
int draft_next(const struct draft *d, int i);
/* Leaf i's rule part values as shown, one per part (PTS_NONE where a part
 * cannot be computed yet), computed now: they are not kept per leaf. NULL
 * for a leaf without parts (or out of memory); the caller frees. */
pts_t *draft_part_scores(const struct draft *d, int i);
static inline bool dnode_is_leaf(const struct dnode *n) { return n->first_child < 0; }

const char *draft_meta(const struct draft *d, enum draft_meta k);   /* never NULL */
const char *draft_meta_key(enum draft_meta k);                      /* "unit", ... */

/* Totals: the exact sum of the shown leaf scores. */
pts_t draft_total(const struct draft *d);
/* True when a marked veto(LABEL, group|all) zeroes a group (*group is
 * its first-level node) or the whole table (*group is -1). */
bool draft_vetoed(const struct draft *d, int *group);
/* What first-level node top adds to the total, as the tree shows it: its
 * score; taken off (negative) for a penalty item; 0 with *zeroed when a
 * marked veto zeroes its group or the table. So the first-level rows
 * shown add up to the total (draft_total also keeps it at 0 or more). */
pts_t draft_group_contrib(const struct draft *d, int top, bool *zeroed) JX_NONNULL(1, 3);
/* The kind of the first-level item a node is under (enum form_kind). */
int draft_node_kind(const struct draft *d, const struct dnode *nd);
/* The scores of the bonus and of the penalty items (both >= 0); false and
 * zeros when the form has none. */
bool draft_kind_sums(const struct draft *d, pts_t *bonus, pts_t *penalty);
/* The review total: per leaf the reviewer's score where given, else the
 * self-assessed one; and its grade. */
pts_t draft_review_total(const struct draft *d);
const char *draft_review_grade(const struct draft *d);
/* Leaves the reviewer has looked at: a review score or a verdict. */
int draft_reviewed(const struct draft *d);
int draft_leaves(const struct draft *d);
int draft_scored(const struct draft *d);
const char *draft_grade(const struct draft *d);
/* Next grade band above the current total: its name and the points still
 * needed. Returns false at the top band. */
bool draft_next_band(const struct draft *d, const char **name, pts_t *gap);

/* ---- changes ---- */

enum edit_kind {
    EDIT_SCORE,       /* id, value: "" clears */
    EDIT_FIGURE,      /* id, key = figure name, value: "" clears */
    EDIT_MARK,        /* id, key = part label, value: "" clears */
    EDIT_NOTE,        /* id, value */
    EDIT_META,        /* key = unit|year|assessor, value */
    EDIT_ADD_CUSTOM,  /* id = new id, key = parent id, value = name, points, desc */
    EDIT_DEL_CUSTOM,  /* id */
    EDIT_REVIEW_SCORE,   /* id, value: "" clears */
    EDIT_REVIEW_STATUS,  /* id, value: "", 通过, 有疑问 or 退回修改 */
    EDIT_REVIEW_COMMENT, /* id, value */
    EDIT_EVIDENCE,       /* id, value: the whole evidence list, "PATH|PAGE|SHA256" per line */
    EDIT_CUSTOM_SET,     /* id of a custom indicator, value = name, points, desc (NULL: keep) */
    EDIT_RESTORE_CUSTOM, /* id: bring back a removed custom indicator with all it held */
    EDIT_OVERRIDE,       /* id of a rule leaf, value = score ("" clears), note = reason */
    EDIT_TARGET,         /* id of a unit's own indicator, key = target|actual, value */
    EDIT_NA,             /* id of a leaf, value: "1" does not apply (不适用), "" applies */
    EDIT__COUNT
};

struct edit {
    enum edit_kind kind;
    char *id;
    char *key;
    char *value;
    char *points;     /* EDIT_ADD_CUSTOM, EDIT_CUSTOM_SET */
    char *desc;       /* EDIT_ADD_CUSTOM, EDIT_CUSTOM_SET; may be NULL */
    char *score;      /* EDIT_ADD_CUSTOM: initial score (a draft being read), may be NULL */
    char *note;       /* EDIT_ADD_CUSTOM: initial note, may be NULL */
};

/* Apply one change. On success returns 0 and, when inverse is non-NULL,
 * fills it with the change that undoes it (free with edit_clear). On
 * refusal returns -1, leaves the draft exactly as it was and writes a
 * translated reason into why. */
int draft_apply(struct draft *d, const struct edit *e, struct edit *inverse, char *why,
                size_t whylen) JX_WARN_UNUSED JX_NONNULL(1, 2);
void edit_clear(struct edit *e);
int edit_copy(struct edit *dst, const struct edit *src) JX_WARN_UNUSED JX_NONNULL(1, 2);

/* Convenience wrappers around draft_apply (no inverse). */
int draft_set_score(struct draft *d, const char *id, const char *text, char *why, size_t n)
    JX_WARN_UNUSED JX_NONNULL(1);
int draft_set_figure(struct draft *d, const char *id, const char *fig, const char *text,
                     char *why, size_t n) JX_WARN_UNUSED JX_NONNULL(1);
int draft_set_mark(struct draft *d, const char *id, const char *part, const char *text,
                   char *why, size_t n) JX_WARN_UNUSED JX_NONNULL(1);
int draft_set_note(struct draft *d, const char *id, const char *text, char *why, size_t n)
    JX_WARN_UNUSED JX_NONNULL(1);
int draft_set_meta(struct draft *d, enum draft_meta k, const char *text, char *why, size_t n)
    JX_WARN_UNUSED JX_NONNULL(1);

/* The first group (table order) whose indicators' points add up to more
 * than its own, which only the unit's own indicators can make; -1 if none.
 * The editor lets a unit get there while it distributes points (a problem
 * is listed); a total is not worth printing from such a draft. */
int draft_overflow(const struct draft *d) JX_NONNULL(1);
/* True when the unit may add its own indicators under parent: the form
 * gives that group a 'custom' placeholder. */
bool draft_takes_custom(const struct draft *d, int parent) JX_NONNULL(1);
/* Override: a rule-scored leaf takes a typed score instead of its formula's,
 * with a reason (required, not blank). An empty score clears the override
 * and the formula scores the leaf again; figures and marks are kept. */
int draft_set_override(struct draft *d, const char *id, const char *score, const char *reason,
                       char *why, size_t n) JX_WARN_UNUSED JX_NONNULL(1);
/* The reason of leaf i's override, NULL when its score is not overridden. */
const char *draft_override_reason(const struct draft *d, int i);
/* How many leaves are overridden. */
int draft_overrides(const struct draft *d);
/* What leaf i's rule gives from its figures and marks, overridden or not;
 * PTS_NONE when it cannot be computed yet or the leaf has no rule. */
pts_t draft_formula_score(const struct draft *d, int i);

/* ---- project tables (项目支出绩效自评表) ---- */

/* The 年度指标值 and 实际完成值 of a unit's own indicator ("" when none). A
 * leaf with a target is scored by it (core/target.h) where the target and
 * the actual value give a score, else by the score typed. */
const char *draft_target(const struct draft *d, int i) JX_NONNULL(1);
const char *draft_actual(const struct draft *d, int i) JX_NONNULL(1);
int draft_set_target(struct draft *d, const char *id, const char *target, const char *actual,
                     char *why, size_t n) JX_WARN_UNUSED JX_NONNULL(1, 2);
/* True when leaf i's score comes from its target and actual value, so it
 * is not typed. */
bool draft_target_scores(const struct draft *d, int i) JX_NONNULL(1);
/* Leaf i does not apply (不适用) or applies again. */
int draft_set_na(struct draft *d, const char *id, bool na, char *why, size_t n)
    JX_WARN_UNUSED JX_NONNULL(1, 2);
/* 按百分制折算: when some indicators do not apply, *raw is the sum of the
 * scores, *applicable the points of the indicators that apply, and
 * draft_total() is raw x total points / applicable, rounded half-up once.
 * False (and nothing to say) when every indicator applies. */
bool draft_rescale(const struct draft *d, pts_t *raw, pts_t *applicable) JX_NONNULL(1, 2, 3);
/* True when node i's points are the unit's to distribute (forms.h): a
 * group whose points are what its indicators add up to. */
bool draft_node_open(const struct draft *d, int i) JX_NONNULL(1);

/* A fresh id for a custom indicator under parent ("3.3.2"); caller frees. */
char *draft_custom_id(const struct draft *d, int parent) JX_WARN_UNUSED JX_NONNULL(1);

/* ---- problems ---- */

enum problem_kind {
    PROB_UNSCORED,        /* a leaf with no score yet */
    PROB_NO_REASON,       /* score below points without a note */
    PROB_POINTS_SUM,      /* children's points do not add up */
    PROB_INCOMPLETE,      /* figures or marks missing: why */
    PROB_ERROR,           /* rule cannot be computed: why */
    PROB_REVIEW,          /* the reviewer queried it or sent it back */
};

struct problem {
    int node;
    enum problem_kind kind;
    char msg[256];        /* translated */
};

/* Every problem in table order. Returns how many were written (at most max)
 * and the total count through *total (may be NULL). */
size_t draft_problems(const struct draft *d, struct problem *out, size_t max, size_t *total);
/* True if the node (leaf or branch) has a problem of its own. */
bool draft_node_has_problem(const struct draft *d, int i);
/* The node's own problem into *out (the same text draft_problems gives);
 * false when it has none. */
bool draft_node_problem(const struct draft *d, int i, struct problem *out);

/* The notice for an overridden leaf ("2.4.2 编外人员控制率: score 1 typed over
 * the formula, which gives 0.5: REASON"), translated; false when leaf i is
 * not overridden. An override is not a problem: `check` lists it apart. */
bool draft_override_notice(const struct draft *d, int i, char *buf, size_t n);

#endif
