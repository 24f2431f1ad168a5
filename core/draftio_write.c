/* draftio_write.c - serialise a draft as CSV and save it atomically. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cellsafe.h"
#include "csvio.h"
#include "draftio.h"
#include "fileio.h"
#include "i18n.h"
#include "utf8.h"

#define DRAFT_FORMAT "jixiao-draft 1"
#define CUSTOM_MARK "个性化"

static const char *const draft_columns[] = {
    "id", "level", "indicator", "points", "score", "note", "figures", "marks", "custom",
    "description", "review_score", "review_status", "review_comment", "evidence", "override",
    "target", "actual",
};
#define NCOLS (sizeof draft_columns / sizeof draft_columns[0])

/* Some unit's own indicator has a 年度指标值 or 实际完成值. */
static bool has_targets(const struct draft *d)
{
    /* the unit's own indicators come after the form's nodes */
    for (size_t i = draft_form(d)->n; i < draft_count(d); i++)
        if (!draft_node(d, (int)i)->deleted &&
            (*draft_target(d, (int)i) || *draft_actual(d, (int)i)))
            return true;
    return false;
}

/* The override column only when some leaf is overridden, and the target
 * and actual columns after it when some indicator has one or the form
 * takes them (a project table): a draft without them is written exactly
 * as before. */
static size_t ncols_for(const struct draft *d)
{
    if (has_targets(d) || draft_form(d)->open)
        return NCOLS;
    return draft_overrides(d) > 0 ? NCOLS - 2 : NCOLS - 3;
}

static void put_text(struct strbuf *b, const char *s)
{
    cellsafe_put_field(b, s, false);
}

static void put_meta(struct strbuf *b, size_t ncols, const char *key, const char *value)
{
    csvio_put_field(b, key, true);
    csvio_put_field(b, "", false);
    put_text(b, value);
    for (size_t i = 3; i < ncols; i++)
        csvio_put_field(b, "", false);
    csvio_end_record(b);
}

static void put_figures(struct strbuf *b, const struct dnode *nd)
{
    struct strbuf s = {0};
    const struct form_node *fn = nd->fn;
    for (size_t k = 0; k < fn->nfigs; k++) {
        if (!nd->figs[k].set)
            continue;
        char num[NUM_BUF];
        if (s.n)
            strbuf_puts(&s, "; ");
        strbuf_puts(&s, fn->figs[k].name);
        strbuf_puts(&s, "=");
        strbuf_puts(&s, num_format_decimal(nd->figs[k].v, num));
    }
    put_text(b, s.p ? s.p : "");
    b->oom |= s.oom;
    strbuf_free(&s);
}

static void put_marks(struct strbuf *b, const struct dnode *nd)
{
    struct strbuf s = {0};
    const struct rule *r = nd->fn->rule;
    for (size_t k = 0; r && k < r->nparts; k++) {
        const struct part *p = &r->parts[k];
        char buf[512];
        if (p->kind == PART_CALC)
            continue;
        const char *m = rule_format_mark(p, nd->marks[k], buf, sizeof buf);
        if (!*m)
            continue;
        if (s.n)
            strbuf_puts(&s, "; ");
        strbuf_puts(&s, p->label);
        strbuf_puts(&s, "=");
        strbuf_puts(&s, m);
    }
    put_text(b, s.p ? s.p : "");
    b->oom |= s.oom;
    strbuf_free(&s);
}

static void put_node(struct strbuf *b, const struct draft *d, int i, size_t ncols)
{
    const struct dnode *nd = draft_node(d, i);
    char num[NUM_BUF];
    csvio_put_field(b, nd->fn->id, true);
    snprintf(num, sizeof num, "%d", nd->fn->level);
    csvio_put_field(b, num, false);
    put_text(b, nd->fn->name);
    /* A placeholder replaced by the unit's own indicators is written without
     * points or score: its group's rows then add up in a spreadsheet (its
     * old score would count the group twice), and it comes back unscored. */
    bool blank = nd->replaced || (dnode_is_leaf(nd) && draft_node_open(d, i));
    csvio_put_field(b, blank ? "" : num_format_pts(nd->fn->points, num), false);
    const char *score = "";
    if (blank) {
        /* nothing */
    } else if (nd->na) {
        score = "不适用";
    } else if (dnode_is_leaf(nd)) {
        bool direct = !(nd->fn->rule && nd->fn->rule->nparts) && !draft_target_scores(d, i);
        pts_t v = direct || nd->overridden ? nd->entered : nd->score;
        if (v != PTS_NONE)
            score = num_format_pts(v, num);
    } else if (nd->scored > 0) {
        score = num_format_pts(nd->score, num);
    }
    csvio_put_field(b, score, false);
    put_text(b, nd->note);
    put_figures(b, nd);
    put_marks(b, nd);
    csvio_put_field(b, nd->custom ? CUSTOM_MARK : "", false);
    put_text(b, nd->custom ? nd->fn->description : "");
    csvio_put_field(b, nd->review_score != PTS_NONE ? num_format_pts(nd->review_score, num) : "",
                    false);
    csvio_put_field(b, review_status_name(nd->review_status), false);
    put_text(b, nd->review_comment);
    put_text(b, nd->evidence);
    if (ncols >= NCOLS - 2) {
        const char *reason = dnode_is_leaf(nd) ? draft_override_reason(d, i) : NULL;
        put_text(b, reason ? reason : "");
    }
    if (ncols == NCOLS) {
        put_text(b, draft_target(d, i));
        put_text(b, draft_actual(d, i));
    }
    csvio_end_record(b);
}

int draftio_write_buffer(const struct draft *d, bool bom, char **out, size_t *len)
{
    struct strbuf b = {0};
    const struct form *f = draft_form(d);
    if (bom)
        strbuf_puts(&b, "\xEF\xBB\xBF");
    size_t ncols = ncols_for(d);
    for (size_t i = 0; i < ncols; i++)
        csvio_put_field(&b, draft_columns[i], i == 0);
    csvio_end_record(&b);
    put_meta(&b, ncols, "#format", DRAFT_FORMAT);
    put_meta(&b, ncols, "#form", f->name);
    put_meta(&b, ncols, "#form_version", f->version);
    put_meta(&b, ncols, "#form_hash", f->hash);
    put_meta(&b, ncols, "#unit", draft_meta(d, META_UNIT));
    put_meta(&b, ncols, "#year", draft_meta(d, META_YEAR));
    put_meta(&b, ncols, "#assessor", draft_meta(d, META_ASSESSOR));
    /* a project table's settings, all of them once one is set */
    bool project = false;
    for (int k = META_FIRST_PROJECT; k < META__COUNT; k++)
        project |= *draft_meta(d, (enum draft_meta)k) != '\0';
    for (int k = META_FIRST_PROJECT; project && k < META__COUNT; k++) {
        char key[32];
        snprintf(key, sizeof key, "#%s", draft_meta_key((enum draft_meta)k));
        put_meta(&b, ncols, key, draft_meta(d, (enum draft_meta)k));
    }
    for (int i = draft_first(d); i >= 0; i = draft_next(d, i))
        put_node(&b, d, i, ncols);
    char pts[NUM_BUF], tot[NUM_BUF];
    bool any = draft_scored(d) > 0, reviewed = draft_reviewed(d) > 0;
    char rtot[NUM_BUF];
    const char *row[NCOLS] = {"total", "", "总分", num_format_pts(f->total_points, pts),
                              any ? num_format_pts(draft_total(d), tot) : "",
                              any ? draft_grade(d) : ""};
    row[10] = reviewed ? num_format_pts(draft_review_total(d), rtot) : "";
    row[11] = reviewed ? draft_review_grade(d) : "";
    for (size_t i = 0; i < ncols; i++)
        csvio_put_field(&b, row[i] ? row[i] : "", i == 0);
    csvio_end_record(&b);
    if (b.oom) {
        strbuf_free(&b);
        return -1;
    }
    *out = b.p;
    *len = b.n;
    return 0;
}

int draftio_save(const struct draft *d, const char *path, char *why, size_t whylen)
{
    char *buf;
    size_t len;
    if (draftio_write_buffer(d, true, &buf, &len) < 0) {
        u8_snprintf(why, whylen, _("cannot save %s: out of memory"), path);
        return -1;
    }
    /* not over a read-only draft: draftio_save_over says how to insist */
    int rc = fileio_save(path, buf, len, NULL, 0, why, whylen) == FILEIO_SAVED ? 0 : -1;
    free(buf);
    return rc;
}

enum fileio_result draftio_save_over(const struct draft *d, const char *path,
                                     struct fileio_stamp *st, unsigned force, char *why,
                                     size_t whylen)
{
    char *buf;
    size_t len;
    if (draftio_write_buffer(d, true, &buf, &len) < 0) {
        u8_snprintf(why, whylen, _("cannot save %s: out of memory"), path);
        return FILEIO_FAILED;
    }
    enum fileio_result r = fileio_save(path, buf, len, st, force, why, whylen);
    free(buf);
    return r;
}
