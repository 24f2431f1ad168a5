/* summary.c - roll-up of many drafts: tidy rows and a ranking. */
#include "summary.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cellsafe.h"
#include "export_impl.h"
#include "i18n.h"
#include "utf8.h"

/* A project table's name; "" for a department's table (or an item filled
 * by hand without one). */
static const char *project_of(const struct summary_item *it)
{
    return it->project ? it->project : "";
}

static const char *or_none(const char *s)
{
    return s && *s ? s : _("(none)");
}

size_t summary_check_forms(const char *const *files, const struct draft_header *h, size_t n,
                           struct diags *d)
{
    size_t bad = 0;
    for (size_t i = 1; i < n; i++) {
        if (!strcmp(h[i].form_name, h[0].form_name) &&
            !strcmp(h[i].form_version, h[0].form_version) &&
            !strcmp(h[i].form_hash, h[0].form_hash))
            continue;
        bad++;
        diags_add(d, DIAG_ERROR, files[i], 0,
                  _("made with the form \"%s\" version %s (hash %s), but %s with \"%s\" version %s "
                    "(hash %s); drafts of different forms are not rolled up together"),
                  h[i].form_name, or_none(h[i].form_version), or_none(h[i].form_hash), files[0],
                  h[0].form_name, or_none(h[0].form_version), or_none(h[0].form_hash));
    }
    return bad;
}

/* A text cell, with an apostrophe when a spreadsheet would run it. */
static void put_text(struct strbuf *b, const char *s, bool first)
{
    cellsafe_put_field(b, s, first);
}

int summary_item_set(struct summary_item *it, const char *file, const struct draft *d)
{
    *it = (struct summary_item){
        .file = file, .unit = strdup(draft_meta(d, META_UNIT)),
        .project = strdup(draft_meta(d, META_PROJECT)),
        .year = strdup(draft_meta(d, META_YEAR)), .total = draft_total(d),
        .review_total = draft_review_total(d), .grade = draft_grade(d),
        .review_grade = draft_review_grade(d), .scored = draft_scored(d),
        .leaves = draft_leaves(d), .reviewed = draft_reviewed(d) > 0,
    };
    if (it->unit && it->year && it->project)
        return 0;
    summary_item_clear(it);
    return -1;
}

void summary_item_clear(struct summary_item *it)
{
    free(it->unit);
    free(it->year);
    free(it->project);
    *it = (struct summary_item){0};
}

void summary_tidy_start(struct strbuf *out)
{
    static const char *const cols[] = {"unit", "year", "id", "indicator", "points", "score",
                                       "review_score"};
    strbuf_puts(out, "\xEF\xBB\xBF");
    for (size_t c = 0; c < sizeof cols / sizeof cols[0]; c++)
        csvio_put_field(out, cols[c], c == 0);
    csvio_end_record(out);
}

int summary_tidy_add(struct strbuf *out, const struct draft *d)
{
    for (int i = draft_first(d); i >= 0; i = draft_next(d, i)) {
        const struct dnode *nd = draft_node(d, i);
        if (!dnode_is_leaf(nd) || nd->replaced)
            continue;
        char pts[NUM_BUF], sc[NUM_BUF] = "", rs[NUM_BUF] = "";
        if (nd->score != PTS_NONE)
            num_format_pts2(nd->score, sc);
        if (nd->review_score != PTS_NONE)
            num_format_pts2(nd->review_score, rs);
        put_text(out, draft_meta(d, META_UNIT), true);
        put_text(out, draft_meta(d, META_YEAR), false);
        csvio_put_field(out, nd->fn->id, false);
        put_text(out, nd->fn->name, false);
        csvio_put_field(out, num_format_pts(nd->fn->points, pts), false);
        csvio_put_field(out, sc, false);
        csvio_put_field(out, rs, false);
        csvio_end_record(out);
    }
    return out->oom ? -1 : 0;
}

/* Highest total first, then by unit, then as given: a total order, so
 * qsort's instability cannot show. */
static int rank_cmp(const void *pa, const void *pb)
{
    const struct summary_rank *a = pa, *b = pb;
    if (a->total != b->total)
        return a->total > b->total ? -1 : 1;
    int c = strcmp(a->unit, b->unit);
    if (c)
        return c;
    return a->item < b->item ? -1 : a->item > b->item;
}

void summary_rank(const struct summary_item *v, size_t n, struct summary_rank *out)
{
    for (size_t k = 0; k < n; k++)
        out[k] = (struct summary_rank){
            .item = k, .total = v[k].total, .review_total = v[k].review_total,
            .grade = v[k].grade, .review_grade = v[k].review_grade, .unit = v[k].unit,
            .reviewed = v[k].reviewed, .complete = v[k].scored == v[k].leaves,
        };
    if (n > 1)
        qsort(out, n, sizeof *out, rank_cmp);
    for (size_t i = 0; i < n; i++)
        out[i].rank = i > 0 && out[i].total == out[i - 1].total ? out[i - 1].rank : (int)i + 1;
}

static const char *base_name(const char *path)
{
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

#define SUMMARY_COLS 8

static void put_cell(struct strbuf *b, const char *s, int w, bool right, bool last)
{
    int used = u8_width(s, (size_t)-1);
    for (int i = right ? used : w; i < w; i++)
        strbuf_put(b, " ", 1);
    /* controls in a unit name must not reach the terminal */
    strbuf_put_safe(b, s, strlen(s));
    for (int k = right || last ? w : used; k < w; k++)
        strbuf_put(b, " ", 1);
    if (!last)
        strbuf_puts(b, "  ");
}

int summary_table(const struct summary_item *v, const struct summary_rank *r, size_t n,
                  struct strbuf *out)
{
    static const char *const head[SUMMARY_COLS] = {"排名", "单位", "项目", "年度", "总分",
                                                   "等级", "复核总分", "复核等级"};
    static const bool right[SUMMARY_COLS] = {true, false, false, false, true, false, true,
                                             false};
    char (*num)[3][NUM_BUF] = calloc(n ? n : 1, sizeof *num);
    const char *(*cells)[SUMMARY_COLS] = calloc(n ? n : 1, sizeof *cells);
    if (!num || !cells) {
        free(num);
        free(cells);
        return -1;
    }
    bool any_review = false, any_incomplete = false, any_project = false;
    int w[SUMMARY_COLS];
    for (int c = 0; c < SUMMARY_COLS; c++)
        w[c] = u8_width(head[c], (size_t)-1);
    for (size_t i = 0; i < n; i++) {
        const struct summary_rank *e = &r[i];
        const char *unit = v[e->item].unit;
        snprintf(num[i][0], NUM_BUF, "%d", e->rank);
        num_format_pts2(e->total, num[i][1]);
        if (!e->complete)
            strcat(num[i][1], "*");
        if (e->reviewed)
            num_format_pts2(e->review_total, num[i][2]);
        else
            strcpy(num[i][2], "-");
        cells[i][0] = num[i][0];
        cells[i][1] = *unit ? unit : base_name(v[e->item].file);
        cells[i][2] = project_of(&v[e->item]);
        cells[i][3] = v[e->item].year;
        cells[i][4] = num[i][1];
        cells[i][5] = e->grade;
        cells[i][6] = num[i][2];
        cells[i][7] = e->reviewed ? e->review_grade : "-";
        any_review |= e->reviewed;
        any_project |= *project_of(&v[e->item]) != '\0';
        any_incomplete |= !e->complete;
        for (int c = 0; c < SUMMARY_COLS; c++) {
            int cw = u8_width(cells[i][c], (size_t)-1);
            w[c] = cw > w[c] ? cw : w[c];
        }
    }
    /* the project column only for project tables, as before otherwise */
    int ncols = any_review ? SUMMARY_COLS : SUMMARY_COLS - 2;
    for (int c = 0; c < ncols; c++)
        if (c != 2 || any_project)
            put_cell(out, head[c], w[c], right[c], c == ncols - 1);
    strbuf_puts(out, "\n");
    for (size_t i = 0; i < n; i++) {
        for (int c = 0; c < ncols; c++)
            if (c != 2 || any_project)
                put_cell(out, cells[i][c], w[c], right[c], c == ncols - 1);
        strbuf_puts(out, "\n");
    }
    if (any_incomplete) {
        strbuf_puts(out, _("* not every indicator is scored yet"));
        strbuf_puts(out, "\n");
    }
    free(num);
    free(cells);
    return out->oom ? -1 : 0;
}

/* A draft's unit and year, and where it was given: sorted, equal keys
 * are neighbours, the first given first. */
struct unit_year {
    const char *unit, *year, *project;
    size_t item;
};

static int unit_year_cmp(const void *pa, const void *pb)
{
    const struct unit_year *a = pa, *b = pb;
    int c = strcmp(a->unit, b->unit);
    if (!c)
        c = strcmp(a->year, b->year);
    if (!c)
        c = strcmp(a->project, b->project);
    return c ? c : (a->item > b->item) - (a->item < b->item);
}

int summary_warnings(const struct summary_item *v, size_t n, struct diags *d)
{
    /* first[i]: the first item with i's unit and year, when not i itself */
    struct unit_year *k = n ? malloc(n * sizeof *k) : NULL;
    size_t *first = n ? malloc(n * sizeof *first) : NULL;
    bool dups = k && first;
    for (size_t i = 0; dups && i < n; i++)
        k[i] = (struct unit_year){v[i].unit, v[i].year, project_of(&v[i]), i};
    if (dups && n > 1)
        qsort(k, n, sizeof *k, unit_year_cmp);
    for (size_t j = 0; dups && j < n; j++) {
        bool same = j > 0 && !unit_year_cmp(&(struct unit_year){k[j].unit, k[j].year,
                                                                   k[j].project, 0},
                                            &(struct unit_year){k[j - 1].unit, k[j - 1].year,
                                                                k[j - 1].project, 0});
        first[k[j].item] = same ? first[k[j - 1].item] : k[j].item;
    }
    for (size_t i = 0; i < n; i++) {
        if (v[i].scored < v[i].leaves)
            diags_add(d, DIAG_WARNING, v[i].file, 0, _("only %d of %d indicators are scored"),
                      v[i].scored, v[i].leaves);
        if (dups && first[i] != i && *project_of(&v[i]))
            diags_add(d, DIAG_WARNING, v[i].file, 0,
                      _("the same unit, year and project as %s (\"%s\" %s \"%s\")"),
                      v[first[i]].file, v[i].unit, v[i].year, project_of(&v[i]));
        else if (dups && first[i] != i)
            diags_add(d, DIAG_WARNING, v[i].file, 0,
                      _("the same unit and year as %s (\"%s\" %s)"), v[first[i]].file,
                      v[i].unit, v[i].year);
    }
    free(k);
    free(first);
    return n && !dups ? -1 : 0;
}

/* Items of one unit are neighbours once sorted by unit, then as given. */
static int unit_cmp(const void *pa, const void *pb)
{
    const struct unit_year *a = pa, *b = pb;
    int c = strcmp(a->unit, b->unit);
    return c ? c : (a->item > b->item) - (a->item < b->item);
}

/* One unit's row: k[from, to) are its projects. */
static void units_row(const struct summary_item *v, const struct unit_year *k, size_t from,
                      size_t to, struct strbuf *out)
{
    pts_t sum = 0, low = PTS_MAX;
    for (size_t j = from; j < to; j++) {
        sum += v[k[j].item].total;
        low = v[k[j].item].total < low ? v[k[j].item].total : low;
    }
    char count[32], avg[NUM_BUF], lo[NUM_BUF];
    snprintf(count, sizeof count, "%zu", to - from);
    /* the average, rounded half-up to hundredths like every score */
    pts_t n = (pts_t)(to - from);
    num_format_pts2((sum * 2 + n) / (2 * n), avg);
    num_format_pts2(low, lo);
    const char *unit = *v[k[from].item].unit ? v[k[from].item].unit : _("(none)");
    strbuf_puts(out, unit);
    strbuf_puts(out, "  ");
    strbuf_puts(out, _("projects"));
    strbuf_puts(out, " ");
    strbuf_puts(out, count);
    strbuf_puts(out, "  ");
    strbuf_puts(out, _("average"));
    strbuf_puts(out, " ");
    strbuf_puts(out, avg);
    strbuf_puts(out, "  ");
    strbuf_puts(out, _("lowest"));
    strbuf_puts(out, " ");
    strbuf_puts(out, lo);
    strbuf_puts(out, "\n");
    for (size_t j = from; j < to; j++) {
        const struct summary_item *it = &v[k[j].item];
        if (it->total >= 8000)
            continue;
        char t[NUM_BUF];
        strbuf_puts(out, "    ");
        strbuf_puts(out, _("below 80:"));
        strbuf_puts(out, " ");
        strbuf_put_safe(out, it->project, strlen(it->project));
        strbuf_puts(out, " ");
        strbuf_puts(out, num_format_pts2(it->total, t));
        strbuf_puts(out, " ");
        strbuf_puts(out, it->grade);
        strbuf_puts(out, "\n");
    }
}

int summary_units(const struct summary_item *v, size_t n, struct strbuf *out)
{
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        m += *project_of(&v[i]) != '\0';
    if (!m)
        return 0;
    struct unit_year *k = malloc(m * sizeof *k);
    if (!k)
        return -1;
    m = 0;
    for (size_t i = 0; i < n; i++)
        if (*project_of(&v[i]))
            k[m++] = (struct unit_year){v[i].unit, v[i].year, project_of(&v[i]), i};
    qsort(k, m, sizeof *k, unit_cmp);
    strbuf_puts(out, _("Project tables by unit:"));
    strbuf_puts(out, "\n");
    for (size_t from = 0, to; from < m; from = to) {
        for (to = from + 1; to < m && !strcmp(k[to].unit, k[from].unit); to++)
            ;
        units_row(v, k, from, to, out);
    }
    free(k);
    return out->oom ? -1 : 0;
}
