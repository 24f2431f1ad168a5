/* draftio_read.c - load a draft from CSV against its form. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cellsafe.h"
#include "csvio.h"
#include "draft_impl.h"
#include "draftio.h"
#include "draftio_impl.h"
#include "fileio.h"
#include "grow.h"
#include "i18n.h"
#include "utf8.h"

#define DRAFT_FORMAT "jixiao-draft 1"

enum dcol { DC_ID, DC_LEVEL, DC_NAME, DC_POINTS, DC_SCORE, DC_NOTE, DC_FIGS, DC_MARKS,
            DC_CUSTOM, DC_DESC, DC_RSCORE, DC_RSTATUS, DC_RCOMMENT, DC_EVIDENCE, DC_OVERRIDE,
            DC_TARGET, DC_ACTUAL, DC__N };

static const struct {
    enum dcol col;
    const char *name;
} draft_columns[] = {
    {DC_ID, "id"}, {DC_ID, "编号"},
    {DC_LEVEL, "level"}, {DC_LEVEL, "级别"},
    {DC_NAME, "indicator"}, {DC_NAME, "指标"},
    {DC_POINTS, "points"}, {DC_POINTS, "分值"},
    {DC_SCORE, "score"}, {DC_SCORE, "得分"},
    {DC_NOTE, "note"}, {DC_NOTE, "扣分说明"},
    {DC_FIGS, "figures"}, {DC_FIGS, "数据"},
    {DC_MARKS, "marks"}, {DC_MARKS, "评分项"},
    {DC_CUSTOM, "custom"}, {DC_CUSTOM, "个性化"},
    {DC_DESC, "description"}, {DC_DESC, "指标说明"},
    {DC_RSCORE, "review_score"}, {DC_RSCORE, "复核得分"},
    {DC_RSTATUS, "review_status"}, {DC_RSTATUS, "复核状态"},
    {DC_RCOMMENT, "review_comment"}, {DC_RCOMMENT, "复核意见"},
    {DC_EVIDENCE, "evidence"}, {DC_EVIDENCE, "佐证材料"},
    {DC_OVERRIDE, "override"}, {DC_OVERRIDE, "改分理由"},
    {DC_TARGET, "target"}, {DC_TARGET, "年度指标值"},
    {DC_ACTUAL, "actual"}, {DC_ACTUAL, "实际完成值"},
};

/* The score cell of an indicator that does not apply. */
static bool says_na(const char *s)
{
    return !strcmp(s, "不适用") || !strcmp(s, "N/A") || !strcmp(s, "n/a");
}

struct dreader {
    const char *file;
    struct diags *d;
    const struct form *f;
    struct draft *draft;
    struct draft_header *peek;    /* peek mode: only the header */
    int col[DC__N];
    size_t ncols;
    bool have_header, seen_form;
    long *seen;                   /* line each node was read on */
    size_t nseen;
    struct sum_row *sums;         /* subtotals as the file gives them */
    size_t nsums, capsums;
    struct sum_row *late;         /* leaf scores compared once shared figures agree */
    size_t nlate, caplate;
};

/* A subtotal (or the total, node -1) written in the file: compared with
 * the recomputed one once every row is in. */
struct sum_row {
    int node;
    long line;
    pts_t value;
};

static void dreader_note_sum(struct dreader *r, int node, long line, const char *text)
{
    pts_t v;
    const char *w;
    if (!*text || !num_parse_pts(text, false, &v, &w))
        return;
    struct sum_row *s = grow_array(r->sums, &r->capsums, r->nsums, 1, sizeof *s);
    if (!s)
        return;   /* only a courtesy check */
    r->sums = s;
    r->sums[r->nsums++] = (struct sum_row){node, line, v};
}

/* Subtotals are recomputed, never trusted; say where the file's differ
 * (someone edited a sum in a spreadsheet). */
static void dreader_check_sums(struct dreader *r)
{
    for (size_t k = 0; k < r->nsums; k++) {
        const struct sum_row *s = &r->sums[k];
        pts_t now = s->node >= 0 ? draft_node(r->draft, s->node)->score : draft_total(r->draft);
        if (now == s->value)
            continue;
        char a[NUM_BUF], b[NUM_BUF];
        diags_add(r->d, DIAG_WARNING, r->file, s->line,
                  _("%s: the file says %s, but its indicators add up to %s; using %s"),
                  s->node >= 0 ? draft_node(r->draft, s->node)->fn->id : "total",
                  num_format_pts(s->value, a), num_format_pts(now, b), b);
    }
}

static const char *cell(const struct dreader *r, char **fields, enum dcol c)
{
    int i = r->col[c];
    return i >= 0 && (size_t)i < r->ncols ? cellsafe_unguard(fields[i]) : "";
}

static int dreader_header(struct dreader *r, long line, char **fields, size_t n)
{
    for (int c = 0; c < DC__N; c++)
        r->col[c] = -1;
    for (size_t i = 0; i < n; i++) {
        bool known = false;
        for (size_t k = 0; k < sizeof draft_columns / sizeof draft_columns[0]; k++) {
            if (strcmp(fields[i], draft_columns[k].name))
                continue;
            if (r->col[draft_columns[k].col] >= 0) {
                /* which of the two is meant cannot be guessed */
                diags_add(r->d, DIAG_ERROR, r->file, line, _("duplicate column \"%s\""),
                          fields[i]);
                return 1;
            }
            r->col[draft_columns[k].col] = (int)i;
            known = true;
        }
        if (!known && fields[i][0])
            diags_add(r->d, DIAG_WARNING, r->file, line, _("unknown column \"%s\" is ignored"),
                      fields[i]);
    }
    if (r->col[DC_ID] < 0 || r->col[DC_SCORE] < 0) {
        diags_add(r->d, DIAG_ERROR, r->file, line,
                  _("not a jixiao draft: the header has no \"%s\" column"),
                  r->col[DC_ID] < 0 ? "id" : "score");
        return 1;
    }
    r->ncols = n;
    r->have_header = true;
    return 0;
}

static int dreader_meta(struct dreader *r, long line, const char *key, const char *value)
{
    if (r->peek) {
        if (!strcmp(key, "#form"))
            snprintf(r->peek->form_name, sizeof r->peek->form_name, "%s", value);
        else if (!strcmp(key, "#form_hash"))
            snprintf(r->peek->form_hash, sizeof r->peek->form_hash, "%s", value);
        else if (!strcmp(key, "#form_version"))
            snprintf(r->peek->form_version, sizeof r->peek->form_version, "%s", value);
        else if (!strcmp(key, "#unit"))
            u8_snprintf(r->peek->unit, sizeof r->peek->unit, "%s", value);
        else if (!strcmp(key, "#project"))
            u8_snprintf(r->peek->project, sizeof r->peek->project, "%s", value);
        return 0;
    }
    const struct form *f = r->f;
    if (!strcmp(key, "#format")) {
        if (strcmp(value, DRAFT_FORMAT)) {
            diags_add(r->d, DIAG_ERROR, r->file, line,
                      _("unsupported draft format \"%s\" (this jixiao reads \"%s\")"), value,
                      DRAFT_FORMAT);
            return 1;
        }
    } else if (!strcmp(key, "#form")) {
        r->seen_form = true;
        if (strcmp(value, f->name)) {
            diags_add(r->d, DIAG_ERROR, r->file, line,
                      _("this draft was made with the form \"%s\", not \"%s\"; open it with --form FORM.csv"),
                      value, f->name);
            return 1;
        }
    } else if (!strcmp(key, "#form_hash")) {
        if (strcmp(value, f->hash))
            diags_add(r->d, DIAG_WARNING, r->file, line,
                      _("the form has changed since this draft was saved (form hash %s, now %s): check the scores"),
                      value, f->hash);
    } else if (!strcmp(key, "#form_version")) {
        /* informative; the hash decides */
    } else {
        for (int k = 0; k < META__COUNT; k++) {
            if (strcmp(key + 1, draft_meta_key((enum draft_meta)k)))
                continue;
            char why[256];
            if (draft_set_meta(r->draft, (enum draft_meta)k, value, why, sizeof why) < 0)
                diags_add(r->d, DIAG_ERROR, r->file, line, "%s: %s", key + 1, why);
            return 0;
        }
        diags_add(r->d, DIAG_WARNING, r->file, line, _("unknown setting \"%s\" is ignored"), key);
    }
    return 0;
}

static bool dreader_mark_seen(struct dreader *r, long line, int idx, const char *id)
{
    if ((size_t)idx >= r->nseen) {
        size_t n = r->nseen;   /* nseen is both count and capacity: all zeroed */
        long *v = grow_array(r->seen, &n, (size_t)idx, 1, sizeof *v);
        if (!v)
            return false;
        memset(v + r->nseen, 0, (n - r->nseen) * sizeof *v);
        r->seen = v;
        r->nseen = n;
    }
    if (r->seen[idx]) {
        diags_add(r->d, DIAG_ERROR, r->file, line, _("duplicate id \"%s\" (first on line %ld)"),
                  id, r->seen[idx]);
        return false;
    }
    r->seen[idx] = line;
    return true;
}

/* Review columns: status, comment and evidence on any row, a review
 * score on leaves only. */
static void dreader_review(struct dreader *r, long line, char **fields, const char *id,
                           bool leaf)
{
    static const struct {
        enum dcol col;
        enum edit_kind kind;
    } cols[] = {
        {DC_RSCORE, EDIT_REVIEW_SCORE}, {DC_RSTATUS, EDIT_REVIEW_STATUS},
        {DC_RCOMMENT, EDIT_REVIEW_COMMENT}, {DC_EVIDENCE, EDIT_EVIDENCE},
    };
    for (size_t k = 0; k < sizeof cols / sizeof cols[0]; k++) {
        const char *v = cell(r, fields, cols[k].col);
        if (!*v || (cols[k].kind == EDIT_REVIEW_SCORE && !leaf))
            continue;
        struct edit e = {.kind = cols[k].kind, .id = (char *)id, .value = (char *)v};
        char why[512];
        if (draft_apply(r->draft, &e, NULL, why, sizeof why) < 0)
            diags_add(r->d, DIAG_ERROR, r->file, line, "%s: %s", id, why);
    }
}

/* A leaf scored by its target: the score column is what it gave when
 * saved, a courtesy that is compared, never taken (a score typed there
 * must not come back when the actual value later stops giving one). */
static void dreader_target_score(struct dreader *r, long line, int idx, const char *score)
{
    struct draft *d = r->draft;
    const struct dnode *nd = draft_node(d, idx);
    pts_t infile;
    const char *w;
    char why[256];
    if (nd->entered != PTS_NONE && draft_set_score(d, nd->fn->id, "", why, sizeof why) < 0)
        return;   /* cannot happen: clearing is always allowed */
    if (!*score || !num_parse_pts(score, false, &infile, &w) || infile == nd->score)
        return;
    char a[NUM_BUF];
    num_format_pts(nd->score, a);
    diags_add(r->d, DIAG_WARNING, r->file, line,
              _("%s: the file says %s, but 年度指标值 and 实际完成值 give %s; using %s"),
              nd->fn->id, score, a, a);
}

static void dreader_custom(struct dreader *r, long line, char **fields, const char *id)
{
    char *dot = strrchr(id, '.');
    char parent[128];
    if (!dot || (size_t)(dot - id) >= sizeof parent) {
        diags_add(r->d, DIAG_ERROR, r->file, line,
                  _("custom indicator \"%s\" must be numbered under its group, e.g. 3.3.2"), id);
        return;
    }
    snprintf(parent, sizeof parent, "%.*s", (int)(dot - id), id);
    const char *score = cell(r, fields, DC_SCORE);
    bool na = says_na(score);
    struct edit e = {
        .kind = EDIT_ADD_CUSTOM, .id = (char *)id, .key = parent,
        .value = (char *)cell(r, fields, DC_NAME), .points = (char *)cell(r, fields, DC_POINTS),
        .desc = (char *)cell(r, fields, DC_DESC), .score = (char *)(na ? "" : score),
        .note = (char *)cell(r, fields, DC_NOTE),
    };
    char why[512];
    if (draft_apply(r->draft, &e, NULL, why, sizeof why) < 0) {
        diags_add(r->d, DIAG_ERROR, r->file, line, "%s: %s", id, why);
        return;
    }
    int idx = draft_find(r->draft, id);
    dreader_mark_seen(r, line, idx, id);
    dreader_review(r, line, fields, id, true);
    const char *target = cell(r, fields, DC_TARGET), *actual = cell(r, fields, DC_ACTUAL);
    if ((*target || *actual) &&
        draft_set_target(r->draft, id, target, actual, why, sizeof why) < 0)
        diags_add(r->d, DIAG_ERROR, r->file, line, "%s: %s", id, why);
    if (na && draft_set_na(r->draft, id, true, why, sizeof why) < 0)
        diags_add(r->d, DIAG_ERROR, r->file, line, "%s: %s", id, why);
    draft_leaf_settle(r->draft, idx);
    if (!na && draft_target_scores(r->draft, idx))
        dreader_target_score(r, line, idx, score);
}

static void score_not_used(struct dreader *r, long line, const char *id, const char *score,
                           const struct dnode *nd);

/* True when leaf nd has a shared figure not set (yet). */
static bool lacks_shared(const struct form *f, const struct dnode *nd)
{
    for (size_t k = 0; k < nd->fn->nfigs; k++)
        if (!nd->figs[k].set && form_figure_shared(f, nd->fn->figs[k].name))
            return true;
    return false;
}

static void dreader_node(struct dreader *r, long line, char **fields)
{
    const char *id = cell(r, fields, DC_ID);
    bool custom = cell(r, fields, DC_CUSTOM)[0] != '\0';
    int idx = draft_find(r->draft, id);
    if (idx < 0 || custom) {
        if (custom && idx >= 0 && !draft_node(r->draft, idx)->custom)
            diags_add(r->d, DIAG_ERROR, r->file, line,
                      _("\"%s\" is an indicator of the form, not a custom one"), id);
        else if (custom)
            dreader_custom(r, line, fields, id);
        else
            diags_add(r->d, DIAG_ERROR, r->file, line,
                      _("unknown indicator id \"%s\" (not in the form \"%s\")"), id, r->f->name);
        return;
    }
    if (!dreader_mark_seen(r, line, idx, id))
        return;
    const struct dnode *nd = draft_node(r->draft, idx);
    id = nd->fn->id;   /* the node's own: found again by address, not by comparing */
    char why[512];
    const char *note = cell(r, fields, DC_NOTE);
    if (*note && draft_set_note(r->draft, id, note, why, sizeof why) < 0)
        diags_add(r->d, DIAG_ERROR, r->file, line, "%s: %s", id, why);
    dreader_review(r, line, fields, id, dnode_is_leaf(nd));
    if (!dnode_is_leaf(nd)) {
        dreader_note_sum(r, idx, line, cell(r, fields, DC_SCORE));
        return;   /* subtotals are recomputed, never trusted */
    }
    const char *score = cell(r, fields, DC_SCORE);
    const char *reason = cell(r, fields, DC_OVERRIDE);
    bool direct = !(nd->fn->rule && nd->fn->rule->nparts);
    if (says_na(score)) {
        /* figures and marks are kept, for when it applies again */
        if (draft_set_na(r->draft, id, true, why, sizeof why) < 0)
            diags_add(r->d, DIAG_ERROR, r->file, line, "%s: %s", id, why);
        score = "";
    }
    if (*reason && direct) {
        diags_add(r->d, DIAG_WARNING, r->file, line,
                  _("%s: the override reason is ignored: this indicator has no formula"), id);
    }
    if (direct) {
        if (*score && draft_set_score(r->draft, id, score, why, sizeof why) < 0)
            diags_add(r->d, DIAG_ERROR, r->file, line, "%s: %s", id, why);
        draft_leaf_settle(r->draft, idx);
        return;
    }
    draftio_pairs(r->draft, r->d, r->file, line, id, cell(r, fields, DC_FIGS), true);
    draftio_pairs(r->draft, r->d, r->file, line, id, cell(r, fields, DC_MARKS), false);
    if (*reason) {
        /* the score column holds the typed score; the figures stay */
        if (!*score)
            diags_add(r->d, DIAG_ERROR, r->file, line,
                      _("%s: an override reason without a score"), id);
        else if (draft_set_override(r->draft, id, score, reason, why, sizeof why) < 0)
            diags_add(r->d, DIAG_ERROR, r->file, line, "%s: %s", id, why);
        draft_leaf_settle(r->draft, idx);
        return;
    }
    draft_leaf_settle(r->draft, idx);   /* one evaluation per row */
    pts_t infile;
    const char *w;
    nd = draft_node(r->draft, idx);
    if (!*score || (num_parse_pts(score, false, &infile, &w) && infile == nd->score))
        return;
    if (r->f->nshared && lacks_shared(r->f, nd) && num_parse_pts(score, false, &infile, &w)) {
        /* a shared figure may come from a later row: compared once all
         * rows are in (dreader_late) */
        struct sum_row *v = grow_array(r->late, &r->caplate, r->nlate, 1, sizeof *v);
        if (v) {
            r->late = v;
            r->late[r->nlate++] = (struct sum_row){idx, line, infile};
            return;
        }
    }
    score_not_used(r, line, id, score, nd);
}

/* A score in the file that the figures and marks do not give. */
static void score_not_used(struct dreader *r, long line, const char *id, const char *score,
                           const struct dnode *nd)
{
    /* a score typed into a computed indicator (in a spreadsheet, say) is
     * not taken, but never dropped without a word */
    if (nd->score != PTS_NONE) {
        char b[NUM_BUF];
        num_format_pts(nd->score, b);
        diags_add(r->d, DIAG_WARNING, r->file, line,
                  _("%s: the file says %s, but its figures and marks give %s; using %s"), id,
                  score, b, b);
    } else {
        diags_add(r->d, DIAG_WARNING, r->file, line,
                  _("%s: the score %s in the file is not used: this indicator is computed from its figures and marks (%s)"),
                  id, score, nd->why);
    }
}

/* Shared figures (#shared) read from several rows must agree: the first
 * value in table order is the draft's, rows without it take it, and a row
 * that says otherwise is warned about by its line. */
static void dreader_share(struct dreader *r)
{
    const struct form *f = r->f;
    struct draft *d = r->draft;
    for (size_t s = 0; s < f->nshared; s++) {
        int from = -1;
        size_t fk = 0;
        for (size_t i = 0; i < f->n && from < 0; i++) {
            const struct dnode *nd = draft_node(d, (int)i);
            for (size_t k = 0; k < nd->fn->nfigs; k++)
                if (nd->figs[k].set && !strcmp(nd->fn->figs[k].name, f->shared[s])) {
                    from = (int)i;
                    fk = k;
                }
        }
        if (from < 0)
            continue;
        const struct dnode *src = draft_node(d, from);
        char a[NUM_BUF], b[NUM_BUF];
        num_format_decimal(src->figs[fk].v, a);
        for (size_t i = (size_t)from + 1; i < f->n; i++) {
            const struct dnode *nd = draft_node(d, (int)i);
            for (size_t k = 0; k < nd->fn->nfigs; k++) {
                if (!nd->figs[k].set || strcmp(nd->fn->figs[k].name, f->shared[s]))
                    continue;
                if (strcmp(num_format_decimal(nd->figs[k].v, b), a))
                    diags_add(r->d, DIAG_WARNING, r->file, i < r->nseen ? r->seen[i] : 0,
                              _("%s: the shared figure %s is %s here but %s in %s; using %s"),
                              nd->fn->id, f->shared[s], b, a, src->fn->id, a);
            }
        }
        draft_share_figure(d, from, fk);
    }
}

static void dreader_late(struct dreader *r)
{
    for (size_t k = 0; k < r->nlate; k++) {
        const struct dnode *nd = draft_node(r->draft, r->late[k].node);
        if (nd->score == r->late[k].value)
            continue;
        char t[NUM_BUF];
        score_not_used(r, r->late[k].line, nd->fn->id, num_format_pts(r->late[k].value, t), nd);
    }
}

static int dreader_record(void *ctx, long line, char **fields, size_t n)
{
    struct dreader *r = ctx;
    /* The draft is made here, not before the reading starts: its nodes
     * (a million for a large form) are set up while the parsing thread
     * reads ahead. */
    if (!r->peek && !r->draft) {
        if (!(r->draft = draft_create(r->f, false))) {
            diags_add(r->d, DIAG_ERROR, r->file, line, _("out of memory"));
            return 1;
        }
        r->draft->defer = true;   /* evaluate each row once, after all its cells */
    }
    bool blank = true;
    for (size_t i = 0; i < n && blank; i++)
        blank = fields[i][0] == '\0';
    if (blank)
        return 0;
    if (!r->have_header)
        return dreader_header(r, line, fields, n);
    if (n != r->ncols) {
        diags_add(r->d, DIAG_ERROR, r->file, line, _("expected %zu columns, found %zu"), r->ncols,
                  n);
        return 0;
    }
    const char *id = cell(r, fields, DC_ID);
    if (id[0] == '#')
        return dreader_meta(r, line, id, cell(r, fields, DC_NAME));
    if (r->peek)
        return 1;   /* the header rows are over */
    if (!strcmp(id, "total")) {
        if (r->draft)
            dreader_note_sum(r, -1, line, cell(r, fields, DC_SCORE));
        return 0;
    }
    if (!id[0]) {
        diags_add(r->d, DIAG_ERROR, r->file, line, _("a row without an id"));
        return 0;
    }
    dreader_node(r, line, fields);
    return 0;
}

struct draft *draftio_read(const struct csvio_src *src, const struct form *f,
                           struct draft_header *peek, struct diags *d)
{
    const char *name = src->name;
    struct dreader r = {.file = name, .d = d, .f = f, .peek = peek};
    size_t errors = d->errors;
    int rc = csvio_read(src, dreader_record, &r, d);
    if (f && r.draft) {   /* peeking (no form) never makes a draft */
        r.draft->defer = false;
        /* the form's leaves that had no row in the file */
        for (size_t i = 0; i < f->n; i++)
            if ((i >= r.nseen || !r.seen[i]) && dnode_is_leaf(draft_node(r.draft, (int)i)))
                draft_leaf_update(r.draft, (int)i);
        dreader_share(&r);
        dreader_late(&r);
        if (d->errors == errors)
            dreader_check_sums(&r);
        /* said where it is, by every command; score, export and summary
         * then refuse the draft (draft_overflow) */
        int g = d->errors == errors ? draft_overflow(r.draft) : -1;
        if (g >= 0) {
            const struct dnode *gn = draft_node(r.draft, g);
            char a[NUM_BUF], b[NUM_BUF];
            pts_t sum = 0;
            long at = (size_t)g < r.nseen ? r.seen[g] : 0;
            for (int c = gn->first_child; c >= 0; c = draft_node(r.draft, c)->next_sibling) {
                const struct dnode *cn = draft_node(r.draft, c);
                if (cn->replaced || cn->deleted)
                    continue;
                sum += cn->fn->points;
                if ((size_t)c < r.nseen && r.seen[c] > at)
                    at = r.seen[c];   /* the row that went over */
            }
            diags_add(d, DIAG_WARNING, name, at,
                      _("%s %s: its indicators add up to %s points, more than its %s"),
                      gn->fn->id, gn->fn->name, num_format_pts(sum, a),
                      num_format_pts(gn->fn->points, b));
        }
    }
    free(r.seen);
    free(r.sums);
    free(r.late);
    if (rc >= 0 && !r.have_header && d->errors == errors)
        diags_add(d, DIAG_ERROR, name, 0, _("the file is empty"));
    else if (rc >= 0 && !peek && !r.seen_form && d->errors == errors)
        diags_add(d, DIAG_ERROR, name, 0, _("not a jixiao draft: no #form row"));
    if (d->errors > errors) {
        draft_free(r.draft);
        return NULL;
    }
    return peek ? (struct draft *)1 : r.draft;
}

struct draft *draftio_load_buffer(const char *name, const char *data, size_t len,
                                  const struct form *f, struct diags *d)
{
    return draftio_read(&(struct csvio_src){.name = name, .data = data, .len = len}, f, NULL, d);
}

struct draft *draftio_load(const char *path, const struct form *f, struct diags *d)
{
    return draftio_read(&(struct csvio_src){.name = path, .max = DRAFT_MAX}, f, NULL, d);
}
