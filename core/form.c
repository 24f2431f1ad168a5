/* form.c - load and validate an indicator framework from CSV. */
#include "forms.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "csvio.h"
#include "grow.h"
#include "i18n.h"
#include "idmap.h"
#include "form_impl.h"
#include "rulecache.h"
#include "utf8.h"
#include "explain.h"



/* Column names as written, with the Chinese headings a clerk may use. */
static const struct {
    enum fcol col;
    const char *name;
} form_columns[] = {
    {FC_ID, "id"}, {FC_ID, "编号"},
    {FC_LEVEL, "level"}, {FC_LEVEL, "级别"}, {FC_LEVEL, "层级"},
    {FC_NAME, "name"}, {FC_NAME, "名称"}, {FC_NAME, "指标"},
    {FC_POINTS, "points"}, {FC_POINTS, "分值"}, {FC_POINTS, "参考分值"},
    {FC_DESC, "description"}, {FC_DESC, "指标说明"},
    {FC_CRIT, "criteria"}, {FC_CRIT, "参考评分标准"}, {FC_CRIT, "评分标准"},
    {FC_FIGS, "figures"}, {FC_FIGS, "数据项"},
    {FC_RULE, "rule"}, {FC_RULE, "评分规则"},
    {FC_REASONS, "reasons"}, {FC_REASONS, "扣分说明模板"},
    {FC_KIND, "kind"}, {FC_KIND, "类型"},
};



static char *xstrdup(const char *s)
{
    return strdup(s ? s : "");
}

static const char *field(const struct loader *l, char **fields, enum fcol c)
{
    int i = l->col[c];
    return i >= 0 && (size_t)i < l->ncols ? fields[i] : "";
}

static int loader_header(struct loader *l, long line, char **fields, size_t n)
{
    for (int c = 0; c < FC__N; c++)
        l->col[c] = -1;
    for (size_t i = 0; i < n; i++) {
        bool known = false;
        for (size_t k = 0; k < sizeof form_columns / sizeof form_columns[0]; k++) {
            if (!strcmp(fields[i], form_columns[k].name)) {
                if (l->col[form_columns[k].col] >= 0) {
                    /* which of the two is meant cannot be guessed */
                    diags_add(l->d, DIAG_ERROR, l->file, line, _("duplicate column \"%s\""),
                              fields[i]);
                    l->fatal = true;
                    return 1;
                }
                l->col[form_columns[k].col] = (int)i;
                known = true;
            }
        }
        if (!known && fields[i][0])
            diags_add(l->d, DIAG_WARNING, l->file, line, _("unknown column \"%s\" is ignored"),
                      fields[i]);
    }
    static const enum fcol required[] = {FC_ID, FC_NAME, FC_POINTS};
    for (size_t k = 0; k < 3; k++) {
        if (l->col[required[k]] < 0) {
            static const char *names[] = {"id", "level", "name", "points"};
            diags_add(l->d, DIAG_ERROR, l->file, line,
                      _("not a form: the header has no \"%s\" column"), names[required[k]]);
            l->fatal = true;
            return 1;
        }
    }
    l->ncols = n;
    l->have_header = true;
    return 0;
}

/* "#shared" names figures entered once per draft: "staff; posts". Not part
 * of the form's hash: declaring a figure shared changes no draft. */
static void parse_shared(struct loader *l, long line, const char *value)
{
    struct form *f = l->f;
    l->shared_line = line;
    for (const char *p = value; *p;) {
        while (*p == ' ' || *p == ';' || *p == ',')
            p++;
        size_t n = strcspn(p, " ;,");
        if (!n)
            break;
        size_t cap = f->nshared;
        char **v = grow_array(f->shared, &cap, f->nshared, 1, sizeof *v);
        char *name = v ? strndup(p, n) : NULL;
        if (v)
            f->shared = v;
        if (!name) {
            diags_add(l->d, DIAG_ERROR, l->file, line, _("out of memory"));
            return;
        }
        f->shared[f->nshared++] = name;
        p += n;
    }
    if (!f->nshared)
        diags_add(l->d, DIAG_ERROR, l->file, line, _("#shared names no figure"));
}

/* Every shared name is a figure of some indicator, of one type throughout. */
static void check_shared(struct loader *l)
{
    const struct form *f = l->f;
    for (size_t s = 0; s < f->nshared; s++) {
        const struct figure_def *first = NULL;
        const char *first_id = "";
        for (size_t i = 0; i < f->n; i++) {
            const struct form_node *n = &f->nodes[i];
            for (size_t k = 0; k < n->nfigs; k++) {
                if (strcmp(n->figs[k].name, f->shared[s]))
                    continue;
                if (!first) {
                    first = &n->figs[k];
                    first_id = n->id;
                } else if (n->figs[k].type != first->type) {
                    diags_add(l->d, DIAG_ERROR, l->file, l->lines[i],
                              _("shared figure \"%s\" of %s is not of the same kind as in %s"),
                              f->shared[s], n->id, first_id);
                }
            }
        }
        if (!first)
            diags_add(l->d, DIAG_ERROR, l->file, l->shared_line,
                      _("#shared: no indicator has a figure \"%s\""), f->shared[s]);
    }
}

bool form_figure_shared(const struct form *f, const char *name)
{
    for (size_t s = 0; s < f->nshared; s++)
        if (!strcmp(f->shared[s], name))
            return true;
    return false;
}

static void loader_meta(struct loader *l, long line, const char *key, const char *value)
{
    struct form *f = l->f;
    if (!strcmp(key, "#name")) {
        free(f->name);
        f->name = xstrdup(value);
        l->name_line = line;
    } else if (!strcmp(key, "#version")) {
        free(f->version);
        f->version = xstrdup(value);
    } else if (!strcmp(key, "#grades")) {
        char why[256];
        if (f->ngrades)
            diags_add(l->d, DIAG_ERROR, l->file, line, _("#grades is given twice"));
        else if (form_parse_grades(f, value, why, sizeof why) < 0)
            diags_add(l->d, DIAG_ERROR, l->file, line, "%s", why);
        l->grades_line = line;
    } else if (!strcmp(key, "#shared")) {
        if (f->nshared)
            diags_add(l->d, DIAG_ERROR, l->file, line, _("#shared is given twice"));
        else
            parse_shared(l, line, value);
    } else if (!strcmp(key, "#points")) {
        if (strcmp(value, "from-children"))
            diags_add(l->d, DIAG_ERROR, l->file, line,
                      _("#points takes \"from-children\", not \"%s\""), value);
        else if (f->n)
            diags_add(l->d, DIAG_ERROR, l->file, line,
                      _("#points must come before the first indicator"));
        else
            f->points_from_children = true;
    } else {
        diags_add(l->d, DIAG_WARNING, l->file, line, _("unknown setting \"%s\" is ignored"), key);
    }
}

/* The node's strings, copied into the form's arenas in file order: ids
 * and names together (walked by every lookup and table), descriptions
 * and criteria apart (read one at a time). No malloc per node. */
static const char *arena_copy(struct arena *a, const char *s)
{
    return *s ? arena_strndup(a, s, strlen(s)) : "";
}

static int node_strings(struct form *f, struct form_node *nd, const char *id, const char *name,
                        const char *desc, const char *crit, bool texts)
{
    nd->id = arena_strndup(&f->keys, id, strlen(id));
    nd->name = arena_copy(&f->keys, name);
    nd->description = texts ? arena_copy(&f->texts, desc) : "";
    nd->criteria = texts ? arena_copy(&f->texts, crit) : "";
    return nd->id && nd->name && nd->description && nd->criteria ? 0 : -1;
}

/* The node's reason templates (docs/forms.md, "Drafted reasons"): checked
 * against its rule and kept in the form's text arena. They are wording,
 * not scoring, so they stay out of the form hash. */
static int loader_reasons(struct loader *l, long line, int idx, const char *cell,
                          const struct compiled_rule *cr)
{
    struct form *f = l->f;
    char why[512];
    if (!cr->rule) {
        if (!cr->rule_error)
            diags_add(l->d, DIAG_ERROR, l->file, line,
                      _("reasons of %s: the indicator has no rule to explain"),
                      f->nodes[idx].id);
        return 0;
    }
    if (explain_check_templates(cell, cr->rule, cr->figs, cr->nfigs, why, sizeof why) < 0) {
        diags_add(l->d, DIAG_ERROR, l->file, line, _("reasons of %s: %s"), f->nodes[idx].id,
                  why);
        return 0;
    }
    struct form_reason *v = grow_array(f->reasons, &l->reasons_cap, f->nreasons, 1, sizeof *v);
    const char *text = arena_strndup(&f->texts, cell, strlen(cell));
    if (!v || !text) {
        if (v)
            f->reasons = v;
        diags_add(l->d, DIAG_ERROR, l->file, line, _("out of memory"));
        l->fatal = true;
        return -1;
    }
    f->reasons = v;
    f->reasons[f->nreasons++] = (struct form_reason){idx, text};
    return 0;
}

static int loader_node(struct loader *l, long line, char **fields)
{
    struct form *f = l->f;
    const char *id = field(l, fields, FC_ID);
    int depth = form_id_depth(id);
    if (!depth) {
        diags_add(l->d, DIAG_ERROR, l->file, line,
                  _("id \"%s\" is not of the form 1, 1.2 or 1.2.3"), id);
        return 0;
    }
    if (depth > FORM_MAX_DEPTH) {
        diags_add(l->d, DIAG_ERROR, l->file, line, _("id \"%s\" is nested deeper than %d levels"),
                  id, FORM_MAX_DEPTH);
        return 0;
    }
    /* While the ids come in table order, each one is greater than all
     * before it and cannot repeat one: no lookup. The first id out of
     * order builds the id map, which then takes every node. */
    if (f->sorted && f->n && form_id_cmp(f->nodes[f->n - 1].id, id) >= 0) {
        f->sorted = false;
        if (form_index(f) < 0) {
            diags_add(l->d, DIAG_ERROR, l->file, line, _("out of memory"));
            l->fatal = true;
            return 1;
        }
    }
    int dup = f->sorted ? -1 : idmap_get(f->ids, id);
    if (dup >= 0) {
        diags_add(l->d, DIAG_ERROR, l->file, line, _("duplicate id \"%s\" (first on line %ld)"),
                  id, l->lines[dup]);
        return 0;
    }
    const char *lv = field(l, fields, FC_LEVEL);
    if (*lv && (strlen(lv) > 2 || atoi(lv) != depth || lv[0] < '1' || lv[0] > '9')) {
        diags_add(l->d, DIAG_ERROR, l->file, line,
                  _("level \"%s\" does not match id \"%s\" (level %d)"), lv, id, depth);
        return 0;
    }
    int parent = -1;
    if (depth > 1) {
        /* depth <= 8 groups of <= 9 digits: the parent id fits */
        char pid[128];
        size_t plen = (size_t)(strrchr(id, '.') - id);
        memcpy(pid, id, plen);
        pid[plen] = '\0';
        /* in table order the parent is the last node one level up: a
         * comparison instead of a hash lookup (a cache miss each in a
         * million-row form) */
        int last = l->last_at[depth - 1];
        if (last >= 0 && !strcmp(f->nodes[last].id, pid))
            parent = last;
        else if (!f->sorted)
            parent = idmap_get(f->ids, pid);
        /* sorted: a parent is before its children with no node of its
         * level between them, so it would have been the last one */
        if (parent < 0) {
            diags_add(l->d, DIAG_ERROR, l->file, line,
                      _("\"%s\" has no parent: \"%s\" must be defined above it"), id, pid);
            return 0;
        }
    }
    const char *name = field(l, fields, FC_NAME);
    if (!*name)
        diags_add(l->d, DIAG_ERROR, l->file, line, _("indicator %s has no name"), id);
    pts_t points = 0;
    const char *why;
    const char *ptext = field(l, fields, FC_POINTS);
    bool points_ok;
    if (!*ptext) {
        /* the sum of the sub-indicators (#points,,from-children), left to
         * the unit (a placeholder, or a group of them), or an error:
         * form_check_tree decides once the tree is read */
        points = PTS_NONE;
        points_ok = false;   /* a rule cannot be checked against it */
    } else if (!(points_ok = num_parse_pts(ptext, false, &points, &why)))
        diags_add(l->d, DIAG_ERROR, l->file, line, _("points of %s: %s (\"%s\")"), id, _(why),
                  ptext);
    if (f->n == l->cap) {
        /* three arrays of l->cap elements or more: nodes sets the size */
        size_t cap = l->cap, caplc = l->cap, capln = l->cap;
        struct form_node *v = grow_array(f->nodes, &cap, f->n, 1, sizeof *v);
        int *lc = v ? grow_array(l->last_child, &caplc, 0, cap, sizeof *lc) : NULL;
        long *ln = lc ? grow_array(l->lines, &capln, 0, cap, sizeof *ln) : NULL;
        if (v)
            f->nodes = v;
        if (lc)
            l->last_child = lc;
        if (ln)
            l->lines = ln;
        if (!v || !lc || !ln) {
            diags_add(l->d, DIAG_ERROR, l->file, line, _("out of memory"));
            l->fatal = true;
            return 1;
        }
        l->cap = cap;
    }
    int idx = (int)f->n;
    struct form_node *nd = &f->nodes[idx];
    memset(nd, 0, sizeof *nd);
    if (node_strings(f, nd, id, name, field(l, fields, FC_DESC), field(l, fields, FC_CRIT),
                     l->texts) < 0) {
        diags_add(l->d, DIAG_ERROR, l->file, line, _("out of memory"));
        l->fatal = true;
        return 1;
    }
    nd->level = depth;
    nd->points = points;
    const char *kind = field(l, fields, FC_KIND);
    if (*kind) {
        if (!strcmp(kind, "bonus") || !strcmp(kind, "加分") || !strcmp(kind, "加分项"))
            nd->kind = FORM_KIND_BONUS;
        else if (!strcmp(kind, "penalty") || !strcmp(kind, "扣分") || !strcmp(kind, "扣分项"))
            nd->kind = FORM_KIND_PENALTY;
        else
            diags_add(l->d, DIAG_ERROR, l->file, line,
                      _("kind of %s: \"%s\" is neither bonus (加分) nor penalty (扣分)"), id,
                      kind);
        if (nd->kind && depth != 1) {
            diags_add(l->d, DIAG_ERROR, l->file, line,
                      _("kind of %s: only a first-level indicator can be a bonus or penalty "
                        "item"), id);
            nd->kind = FORM_KIND_NORMAL;
        }
        if (nd->kind && points_ok && points == 0)
            diags_add(l->d, DIAG_ERROR, l->file, line,
                      _("%s is a %s item: its points are the most it can %s, and must be "
                        "above 0"), id, nd->kind == FORM_KIND_BONUS ? _("bonus") : _("penalty"),
                      nd->kind == FORM_KIND_BONUS ? _("add") : _("take off"));
        f->has_kinds |= nd->kind != FORM_KIND_NORMAL;
    }
    nd->parent = parent;
    nd->first_child = nd->next_sibling = -1;
    l->lines[idx] = line;
    f->n++;
    l->last_child[idx] = -1;
    l->last_at[depth] = idx;
    if (f->ids && idmap_put(f->ids, nd->id, idx) < 0) {
        l->fatal = true;
        return 1;
    }
    if (parent >= 0) {
        if (l->last_child[parent] < 0)
            f->nodes[parent].first_child = idx;
        else
            f->nodes[l->last_child[parent]].next_sibling = idx;
        l->last_child[parent] = idx;
    } else {
        if (l->last_top < 0)
            f->first = idx;
        else
            f->nodes[l->last_top].next_sibling = idx;
        l->last_top = idx;
    }
    /* a rule is checked against the points: skip it when they are wrong;
     * a placeholder has no points to check (left to the unit when empty) */
    const char *rule = field(l, fields, FC_RULE);
    bool placeholder = !*ptext && rule_is_placeholder(rule);
    const struct compiled_rule *cr = rulecache_get(f->rules, field(l, fields, FC_FIGS), rule,
                                                   placeholder ? 0 : points,
                                                   points_ok || placeholder);
    if (!cr) {
        diags_add(l->d, DIAG_ERROR, l->file, line, _("out of memory"));
        l->fatal = true;
        return 1;
    }
    nd->figs = cr->figs;
    nd->nfigs = cr->nfigs;
    nd->rule = cr->rule;
    for (size_t k = 0; nd->rule && k < nd->rule->nparts; k++)
        f->has_vetoes |= nd->rule->parts[k].scope != VETO_ITEM;
    if (cr->figs_error)
        diags_add(l->d, DIAG_ERROR, l->file, line, _("figures of %s: %s"), id, cr->figs_error);
    if (cr->rule_error)
        diags_add(l->d, DIAG_ERROR, l->file, line, _("rule of %s: %s"), id, cr->rule_error);
    const char *rs = field(l, fields, FC_REASONS);
    if (rs[0] && loader_reasons(l, line, idx, rs, cr) < 0)
        return 1;
    form_hash_node(&l->hash, nd);
    return 0;
}

static int loader_record(void *ctx, long line, char **fields, size_t n)
{
    struct loader *l = ctx;
    bool blank = true;
    for (size_t i = 0; i < n && blank; i++)
        blank = fields[i][0] == '\0';
    if (blank)
        return 0;
    if (!l->have_header)
        return loader_header(l, line, fields, n);
    if (n != l->ncols) {
        diags_add(l->d, DIAG_ERROR, l->file, line, _("expected %zu columns, found %zu"), l->ncols,
                  n);
        return 0;
    }
    const char *id = field(l, fields, FC_ID);
    if (id[0] == '#') {
        loader_meta(l, line, id, field(l, fields, FC_NAME));
        return 0;
    }
    return loader_node(l, line, fields);
}

static struct form *form_load(const struct csvio_src *src, unsigned flags, struct diags *d)
{
    const char *name = src->name;
    struct form *f = calloc(1, sizeof *f);
    if (!f)
        return NULL;
    f->first = -1;
    f->path = xstrdup(name);
    f->version = xstrdup("");
    f->sorted = true;
    f->has_texts = !(flags & FORM_NO_TEXTS);
    f->rules = rulecache_new();
    struct loader l = {.file = name, .d = d, .f = f, .last_top = -1,
                       .hash = 1469598103934665603u,   /* FNV-1a */
                       .texts = !(flags & FORM_NO_TEXTS), .notices = flags & FORM_NOTICES};
    for (int k = 0; k <= FORM_MAX_DEPTH; k++)
        l.last_at[k] = -1;
    size_t errors_before = d->errors;
    int rc = f->rules ? csvio_read(src, loader_record, &l, d) : -1;
    free(l.last_child);
    if (f->n && f->n < l.cap) {   /* give back the unused half of the last doubling */
        struct form_node *v = realloc(f->nodes, f->n * sizeof *v);
        if (v)
            f->nodes = v;
    }
    if (rc < 0 || l.fatal) {
        free(l.lines);
        form_free(f);
        return NULL;
    }
    if (!l.have_header && d->errors == errors_before)
        diags_add(d, DIAG_ERROR, name, 0, _("the file is empty"));
    else if ((!f->name || !f->name[0]) && d->errors == errors_before)
        diags_add(d, DIAG_ERROR, name, 0, _("the form has no #name row"));
    else if (f->n == 0 && d->errors == errors_before)
        diags_add(d, DIAG_ERROR, name, 0, _("the form has no indicators"));
    if (f->ngrades == 0) {
        char why[256];
        form_parse_grades(f, "优>=90; 良>=80; 中>=60; 差", why, sizeof why);
    }
    form_check_tree(&l);
    if (d->errors == errors_before)
        check_shared(&l);
    free(l.lines);
    if (d->errors > errors_before) {
        form_free(f);
        return NULL;
    }
    snprintf(f->hash, sizeof f->hash, "%016llx", (unsigned long long)l.hash);
    return f;
}

struct form *form_load_buffer(const char *name, const char *data, size_t len, struct diags *d)
{
    struct csvio_src src = {.name = name, .data = data, .len = len, .split = true};
    return form_load(&src, 0, d);
}

struct form *form_load_file_flags(const char *path, unsigned flags, struct diags *d)
{
    struct csvio_src src = {.name = path, .max = (size_t)1 << 30, .split = true};
    return form_load(&src, flags, d);
}

struct form *form_load_file(const char *path, struct diags *d)
{
    return form_load_file_flags(path, 0, d);
}

struct form *form_load_standard(struct diags *d)
{
    return form_load_buffer(_("(standard form)"), form_standard_csv, form_standard_csv_len, d);
}

void form_free(struct form *f)
{
    if (!f)
        return;
    arena_free(&f->keys);
    arena_free(&f->texts);
    rulecache_free(f->rules);
    for (size_t i = 0; i < f->ngrades; i++)
        free(f->grades[i].name);
    free(f->grades);
    for (size_t i = 0; i < f->nshared; i++)
        free(f->shared[i]);
    free(f->shared);
    free(f->reasons);
    free(f->open);
    free(f->nodes);
    free(f->name);
    free(f->version);
    free(f->path);
    idmap_free(f->ids);
    free(f);
}

const char *form_reasons(const struct form *f, int node)
{
    size_t lo = 0, hi = f->nreasons;   /* in node order: found by halving */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (f->reasons[mid].node < node)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < f->nreasons && f->reasons[lo].node == node ? f->reasons[lo].text : NULL;
}

const char *form_grade(const struct form *f, pts_t total)
{
    for (size_t i = 0; i < f->ngrades; i++)
        if (total >= f->grades[i].min)
            return f->grades[i].name;
    return f->ngrades ? f->grades[f->ngrades - 1].name : "";
}
