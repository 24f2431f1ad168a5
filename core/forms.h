/* forms.h - an indicator framework (评分表) loaded from CSV.
 *
 * A form is immutable once loaded. Its nodes are stored in file order,
 * which is the order of the table; ids are hierarchical ("1", "1.2",
 * "1.2.3") and the tree links are indices into nodes[]. The file format
 * is documented in docs/forms.md.
 */
#ifndef JIXIAO_FORMS_H
#define JIXIAO_FORMS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "arena.h"
#include "diag.h"
#include "num.h"
#include "rule.h"
#include "compiler.h"

struct form_node {
    const char *id;            /* the strings are the form's (its arenas) */
    const char *name;
    const char *description;   /* 指标说明, may be "" */
    const char *criteria;      /* 参考评分标准, may be "" */
    const struct figure_def *figs;  /* shared by nodes with the same figures and rule */
    const struct rule *rule;   /* NULL: scored directly (leaves); shared likewise */
    pts_t points;
    int parent;                /* -1 for first-level nodes */
    int first_child;           /* -1 for leaves */
    int next_sibling;          /* -1 for the last child */
    unsigned short nfigs;      /* at most RULE_MAX_FIGS */
    unsigned char level;       /* 1 for 一级, 2 for 二级, ... at most 8 */
    unsigned char kind;        /* enum form_kind: first-level rows only */
};

/* The kind column of a first-level row: a bonus (加分项) or penalty
 * (扣分项) item stands outside the form's points: its points are the most
 * it can add or take off, and its score is added to or subtracted from
 * the total. */
enum form_kind { FORM_KIND_NORMAL, FORM_KIND_BONUS, FORM_KIND_PENALTY };
/* A million nodes are this times a million bytes: keep it small (the line
 * each came from is kept only while loading). */
_Static_assert(sizeof(struct form_node) <= 72, "struct form_node grew");

struct grade_band {
    char *name;                /* 优 */
    pts_t min;                 /* lowest total in the band */
};

struct idmap;
struct rulecache;

/* A leaf's reason templates (the `reasons` column), checked at load. */
struct form_reason {
    int node;
    const char *text;          /* LABEL=TEMPLATE lines, in the text arena */
};

struct form {
    char *name;                /* #name */
    char *version;             /* #version, "" when absent */
    char *path;                /* where it was loaded from ("(standard)" if embedded) */
    char hash[17];             /* hex digest of ids, points, figures and rules */
    struct form_node *nodes;
    size_t n;
    int first;                 /* first first-level node, -1 if empty */
    struct grade_band *grades; /* highest first; the last has min 0 */
    size_t ngrades;
    pts_t total_points;        /* sum of the first-level points, bonus and penalty items aside */
    bool has_kinds;            /* some first-level row is a bonus or penalty item */
    bool has_vetoes;           /* some rule has veto(LABEL, group|all) */
    size_t nleaves;
    size_t nfigvals, nmarks;   /* figures and rule parts of all nodes */
    bool sorted;               /* ids in table order: found by binary search */
    bool has_texts;            /* false: loaded with FORM_NO_TEXTS */
    bool points_from_children; /* #points,,from-children: parents may omit their points */
    struct idmap *ids;         /* NULL while sorted */
    struct rulecache *rules;   /* owns every node's figs and rule */
    struct form_reason *reasons;  /* in node order; NULL when the form has none */
    size_t nreasons;
    struct arena keys;         /* every node's id and name */
    struct arena texts;        /* every description and criteria */
    char **shared;             /* #shared: figure names entered once per draft */
    size_t nshared;
    unsigned char *open;       /* per node: 1 when the unit distributes its points (a
                                * 'custom' placeholder without points, or a group of
                                * such); NULL when no node is */
};

/* True when node i's points are distributed by the unit: its points in the
 * form are only the part the form fixes (0 for a bare placeholder); in a
 * draft they are what its indicators add up to (draft.h). */
static inline bool form_node_open(const struct form *f, int i)
{
    return f->open && i >= 0 && (size_t)i < f->n && f->open[i];
}

/* True when figures named name are shared (#shared): one value per draft,
 * shown and used by every indicator that has a figure of that name. */
bool form_figure_shared(const struct form *f, const char *name);

/* Load and validate. On any error returns NULL, with every problem found
 * appended to d as FILE:LINE diagnostics. Warnings may be added on success. */
struct form *form_load_file(const char *path, struct diags *d) JX_WARN_UNUSED JX_NONNULL(1);
struct form *form_load_buffer(const char *name, const char *data, size_t len, struct diags *d)
    JX_WARN_UNUSED;

/* FORM_NO_TEXTS: every description and criteria is "" (a command that
 * prints no text of the form: a million-row form is mostly those texts,
 * so it loads faster and in half the memory). Checked all the same. */
enum { FORM_NO_TEXTS = 1 };
/* FORM_NOTICES: add DIAG_NOTICE diagnostics on how the form was read
 * (check shows them; other commands load quietly). */
enum { FORM_NOTICES = 2 };
struct form *form_load_file_flags(const char *path, unsigned flags, struct diags *d)
    JX_WARN_UNUSED JX_NONNULL(1);

/* The standard form embedded at build time (forms/standard.csv). */
struct form *form_load_standard(struct diags *d) JX_WARN_UNUSED;
extern const char form_standard_csv[];
extern const size_t form_standard_csv_len;
/* The project table (forms/project.csv, 项目支出绩效自评表), embedded too. */
extern const char form_project_csv[];
extern const size_t form_project_csv_len;

/* A built-in form by its key: "standard" or "project"; NULL with an error
 * naming the keys for any other. */
struct form *form_load_builtin(const char *key, struct diags *d) JX_WARN_UNUSED JX_NONNULL(1);
/* True when s names a built-in form ("standard", "project"). */
bool form_builtin_key(const char *s) JX_NONNULL(1);
/* The key of the built-in form whose #name is name, NULL when none. */
const char *form_builtin_for_name(const char *name) JX_NONNULL(1);
/* --form's value: a built-in form's key, else a form file. */
struct form *form_load_arg(const char *arg, unsigned flags, struct diags *d)
    JX_WARN_UNUSED JX_NONNULL(1);

void form_free(struct form *f);   /* NULL is fine */

/* Index of the node with this id, or -1. O(log n) for a form in table
 * order, O(1) through a hash map for one that is not. */
int form_find(const struct form *f, const char *id);

/* True when the node is a leaf (an indicator that takes a score). */
static inline int form_is_leaf(const struct form_node *n) { return n->first_child < 0; }

/* The reason templates of node i (LABEL=TEMPLATE lines), or NULL. */
const char *form_reasons(const struct form *f, int node);

/* Grade name for a total, e.g. 优. */
const char *form_grade(const struct form *f, pts_t total);

#endif
