/* detail.c - the right pane: the selected indicator, its fields and how
 * its score was reached.
 *
 * The content is first laid out into visual lines (wrapped by display
 * width), then the window shows a slice of them. Laying out a few dozen
 * lines per frame costs microseconds and keeps scrolling trivial.
 */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ed.h"
#include "explain.h"
#include "grow.h"
#include "i18n.h"
#include "num.h"
#include "strbuf.h"
#include "target.h"
#include "utf8.h"

struct dline {
    size_t off, len;   /* text in the buffer */
    int indent;
    attr_t attr;
    int field;         /* field index, -1 for plain text */
};

struct dbuf {
    char *text;
    size_t tlen, tcap;
    struct dline *v;
    size_t n, cap;
    int width;
    int cur_line, cur_col;   /* cursor of the field being edited, -1 none */
    bool oom;
};

static size_t put_text(struct dbuf *b, const char *s, size_t len)
{
    /* len + 1 cannot wrap: s is in memory */
    char *p = grow_array(b->text, &b->tcap, b->tlen, len + 1, 1);
    if (!p) {
        b->oom = true;
        return 0;
    }
    b->text = p;
    size_t off = b->tlen;
    memcpy(b->text + off, s, len);
    b->tlen += len;
    b->text[b->tlen] = '\0';
    return off;
}

static void put_line(struct dbuf *b, const char *s, size_t len, int indent, attr_t a, int field)
{
    if (b->oom)
        return;
    struct dline *p = grow_array(b->v, &b->cap, b->n, 1, sizeof *p);
    if (!p) {
        b->oom = true;
        return;
    }
    b->v = p;
    size_t off = put_text(b, s, len);
    if (b->oom)
        return;   /* its text is not in b->text: no line may point at it */
    b->v[b->n++] = (struct dline){off, len, indent, a, field};
}

/* Wrap text into lines; cursor (byte offset, or (size_t)-1) is located. */
static void put_wrapped(struct dbuf *b, const char *s, int indent, attr_t a, int field,
                        size_t cursor)
{
    size_t len = strlen(s), pos = 0;
    int cols = b->width - indent;
    if (cols < 2)
        cols = 2;
    do {
        size_t shown;
        size_t used = len > pos ? draw_wrap(s + pos, len - pos, cols, &shown) : 0;
        if (used == 0)
            shown = 0;
        if (cursor != (size_t)-1 && cursor >= pos &&
            (cursor < pos + used || (pos + used == len && (used == 0 || s[len - 1] != '\n')))) {
            size_t in = cursor - pos;
            if (in > shown)
                in = shown;
            b->cur_line = (int)b->n;
            b->cur_col = indent + u8_width(s + pos, in);
            if (b->cur_col >= b->width)
                b->cur_col = b->width - 1;
        }
        put_line(b, s + pos, shown, indent, a, field);
        pos += used;
        /* A text that ends with a line break gets an empty line for the cursor. */
        if (pos == len && used > 0 && s[len - 1] == '\n' && cursor == len) {
            b->cur_line = (int)b->n;
            b->cur_col = indent;
            put_line(b, "", 0, indent, a, field);
        }
    } while (pos < len);
}

static void put_fmt(struct dbuf *b, int indent, attr_t a, int field, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
static void put_fmt(struct dbuf *b, int indent, attr_t a, int field, const char *fmt, ...)
{
    char tmp[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    put_wrapped(b, tmp, indent, a, field, (size_t)-1);
}

static void put_field(struct editor *ed, struct dbuf *b, int fi)
{
    const struct field *f = &ed->fields[fi];
    bool sel = ed->focus == FOCUS_DETAIL && fi == ed->fsel;
    bool editing = ed->fe.active && sel;
    attr_t lab = sel ? layout_attr(ed, ROLE_SELECTED) : layout_attr(ed, ROLE_LABEL);
    const struct dnode *n = ed->meta_view ? NULL : draft_node(ed->draft, ed->sel);
    /* the meta view has only FIELD_META fields; every other kind belongs
     * to the selected node (fields_rebuild) */
    assert(n || f->kind == FIELD_META);
    char pb[NUM_BUF];

    if (f->kind == FIELD_CHECK || f->kind == FIELD_CHOICE) {
        const struct part *p = &n->fn->rule->parts[f->index];
        put_fmt(b, 0, lab, fi, _("%s (max %s)"), p->label, num_format_pts(p->points, pb));
    } else if (f->kind == FIELD_VETO) {
        put_fmt(b, 0, lab, fi, _("%s (veto: marked means the indicator scores 0)"),
                fields_label(ed, f));
    } else if (f->kind == FIELD_SCORE) {
        put_fmt(b, 0, lab, fi, _("Score (0 to %s)"), num_format_pts(n->fn->points, pb));
    } else if (f->kind == FIELD_REVIEW_SCORE) {
        put_fmt(b, 0, lab, fi, _("Review score (0 to %s)"), num_format_pts(n->fn->points, pb));
    } else if (f->kind == FIELD_FIGURE &&
               form_figure_shared(draft_form(ed->draft), n->fn->figs[f->index].name)) {
        put_fmt(b, 0, lab, fi, _("%s (shared: one value for every indicator)"),
                fields_label(ed, f));
    } else {
        put_wrapped(b, fields_label(ed, f), 0, lab, fi, (size_t)-1);
    }

    if (!fields_is_text(f)) {
        int nopts = fields_nopts(ed, f);
        int pick = editing ? ed->fe.pick : fields_current_pick(ed, f);
        for (int i = 0; i < nopts; i++) {
            char ob[256], line[320];
            fields_opt_label(ed, f, i, ob, sizeof ob);
            if (f->kind == FIELD_CHOICE)
                snprintf(line, sizeof line, "(%c) %d. %s = %s", i == pick ? '*' : ' ', i + 1,
                         ob, num_format_pts(n->fn->rule->parts[f->index].opts[i].value, pb));
            else
                snprintf(line, sizeof line, "(%c) %d. %s", i == pick ? '*' : ' ', i + 1, ob);
            attr_t a = editing && i == pick ? layout_attr(ed, ROLE_EDIT) | A_BOLD : A_NORMAL;
            put_wrapped(b, line, 2, a, fi, (size_t)-1);
            if (editing && i == pick) {
                b->cur_line = (int)b->n - 1;
                b->cur_col = 3;
            }
        }
        return;
    }

    if (editing) {
        put_wrapped(b, ed->fe.le.buf, 2, layout_attr(ed, ROLE_EDIT), fi, ed->fe.le.cur);
        if (ed->fe.err[0])
            put_wrapped(b, ed->fe.err, 2, layout_attr(ed, ROLE_PROBLEM), fi, (size_t)-1);
        return;
    }
    char vb[4096];
    fields_value(ed, f, vb, sizeof vb);
    if (!vb[0]) {
        put_wrapped(b, _("(not set)"), 2, layout_attr(ed, ROLE_DIM), fi, (size_t)-1);
    } else if (f->kind == FIELD_FIGURE && n->fn->figs[f->index].type == FIG_PERCENT) {
        put_fmt(b, 2, A_NORMAL, fi, "%s%%", vb);
    } else {
        put_wrapped(b, vb, 2, A_NORMAL, fi, (size_t)-1);
    }
}

/* The node's own problem (its state is kept per node by probs.c; the text
 * is made for this node only, never by listing the draft's problems). */
static void put_problems(struct editor *ed, struct dbuf *b, int node)
{
    char msg[1024];
    if (probs_describe(ed, node, msg, sizeof msg))
        put_fmt(b, 0, layout_attr(ed, ROLE_PROBLEM), -1, "! %s", msg);
}

struct evput {
    struct editor *ed;
    struct dbuf *b;
};

static void put_evidence_line(void *ctx, const char *text, enum role r)
{
    struct evput *ep = ctx;
    put_wrapped(ep->b, text, 2, r == ROLE_NORMAL ? A_NORMAL : layout_attr(ep->ed, r), -1,
                (size_t)-1);
}

static void put_evidence(struct editor *ed, struct dbuf *b)
{
    put_line(b, "", 0, 0, A_NORMAL, -1);
    put_wrapped(b, _("Evidence"), 0, layout_attr(ed, ROLE_LABEL), -1, (size_t)-1);
    struct evput ep = {ed, b};
    evidence_ui_lines(ed, put_evidence_line, &ep);
}

/* Outside review mode the 复核 is shown, not edited. */
static void put_review_text(struct editor *ed, struct dbuf *b, const struct dnode *n)
{
    if (n->review_score == PTS_NONE && n->review_status == REVIEW_NONE && !n->review_comment[0])
        return;
    char sb[NUM_BUF];
    put_line(b, "", 0, 0, A_NORMAL, -1);
    put_wrapped(b, _("Review"), 0, layout_attr(ed, ROLE_LABEL), -1, (size_t)-1);
    if (n->review_score != PTS_NONE)
        put_fmt(b, 2, A_NORMAL, -1, _("Review score: %s"), num_format_pts(n->review_score, sb));
    if (n->review_status != REVIEW_NONE)
        put_fmt(b, 2, n->review_status >= REVIEW_QUERY ? layout_attr(ed, ROLE_PROBLEM) : A_NORMAL,
                -1, _("Review status: %s"),
                review_status_name((enum review_status)n->review_status));
    if (n->review_comment[0])
        put_wrapped(b, n->review_comment, 2, A_NORMAL, -1, (size_t)-1);
}

static void put_result(struct editor *ed, struct dbuf *b, const struct dnode *n)
{
    char sb[NUM_BUF], pb[NUM_BUF];
    attr_t head = A_BOLD;
    put_line(b, "", 0, 0, A_NORMAL, -1);
    if (n->score == PTS_NONE)
        put_fmt(b, 0, head, -1, _("Score: not yet (%s points)"), num_format_pts(n->fn->points, pb));
    else
        put_fmt(b, 0, head, -1, _("Score: %s of %s points"), num_format_pts2(n->score, sb),
                num_format_pts(n->fn->points, pb));
    const char *typed = draft_override_reason(ed->draft, ed->sel);
    if (typed) {   /* override_ui.c */
        put_fmt(b, 2, layout_attr(ed, ROLE_PROBLEM), -1, "%s",
                _("~ typed over the formula (O: back to the formula); reason:"));
        put_wrapped(b, typed, 4, A_NORMAL, -1, (size_t)-1);
    }
    const struct rule *r = n->fn->rule;
    pts_t *ps = draft_part_scores(ed->draft, ed->sel);
    struct part_value *pv = explain_leaf_values(ed->draft, ed->sel);
    for (size_t i = 0; r && i < r->nparts; i++) {
        const struct part *p = &r->parts[i];
        pts_t v = ps ? ps[i] : PTS_NONE;
        if (p->kind == PART_VETO) {
            if (n->marks[i] == 1)
                put_fmt(b, 2, layout_attr(ed, ROLE_PROBLEM), -1,
                        _("%s: marked, the indicator scores 0"), p->label);
            continue;
        }
        /* the part's value as the figures stand (44.29% → 0 / 1), then,
         * for a formula, its criteria in words: never the rule's syntax */
        struct strbuf sb = {0};
        struct part_value none = {0};
        explain_part_line(&sb, p, pv ? &pv[i] : &none, v);
        if (sb.p)
            put_wrapped(b, sb.p, 2, A_NORMAL, -1, (size_t)-1);
        if (p->kind == PART_CALC) {
            sb.n = 0;
            explain_part(&sb, r, i, n->fn->figs, n->fn->nfigs);
            if (sb.p && sb.n)
                put_wrapped(b, sb.p, 4, layout_attr(ed, ROLE_DIM), -1, (size_t)-1);
        }
        strbuf_free(&sb);
    }
    free(pv);
    free(ps);
    if (n->why && n->why[0])
        put_wrapped(b, n->why, 2, layout_attr(ed, ROLE_UNSCORED), -1, (size_t)-1);
}

/* Under the note: the reason drafted from the rule, while it differs
 * from the note, with the key that takes it. */
static void put_drafted(struct editor *ed, struct dbuf *b, const struct dnode *n, int fi)
{
    if (ed->fe.active && ed->fsel == fi)
        return;
    char *text = explain_leaf_reason(ed->draft, ed->sel);
    if (text && text[0] && strcmp(text, n->note) != 0) {
        put_wrapped(b, _("Drafted reason (R uses it):"), 2, layout_attr(ed, ROLE_DIM), fi,
                    (size_t)-1);
        put_wrapped(b, text, 4, layout_attr(ed, ROLE_DIM), fi, (size_t)-1);
    }
    free(text);
}

/* A project indicator: how its target scores it, the bands of a
 * qualitative one (the current one marked), and the rules the form gives
 * its group's placeholder. */
static void put_target(struct editor *ed, struct dbuf *b, const struct dnode *n)
{
    const char *text = draft_target(ed->draft, ed->sel);
    struct target t;
    char lo[NUM_BUF], hi[NUM_BUF];
    if (n->custom && text[0] && target_parse(text, &t, NULL, 0) == 0) {
        put_line(b, "", 0, 0, A_NORMAL, -1);
        put_fmt(b, 0, layout_attr(ed, ROLE_LABEL), -1, _("年度指标值 %s: %s"), text,
                target_kind_name(t.kind));
        if (t.kind == TARGET_AT_LEAST)
            put_wrapped(b, _("score = 实际完成值 ÷ 年度指标值 × points, at most the points"), 2,
                        A_NORMAL, -1, (size_t)-1);
        else if (t.kind == TARGET_AT_MOST)
            put_wrapped(b, _("score = 年度指标值 ÷ 实际完成值 × points, at most the points"), 2,
                        A_NORMAL, -1, (size_t)-1);
        else if (t.kind != TARGET_TEXT)
            put_wrapped(b, _("full points when met; otherwise type the score"), 2, A_NORMAL, -1,
                        (size_t)-1);
        for (int k = 0; t.kind == TARGET_TEXT && k < TARGET_BANDS; k++) {
            pts_t l, h;
            target_band_range(k, n->fn->points, &l, &h);
            bool here = n->score != PTS_NONE && target_band(n->score, n->fn->points) == k;
            put_fmt(b, 2, here ? A_BOLD : A_NORMAL, -1, "%s %s  %s-%s", here ? ">" : " ",
                    target_band_name(k), num_format_pts(l, lo), num_format_pts(h, hi));
        }
    }
    if (!n->custom || n->parent < 0 || !draft_node_open(ed->draft, n->parent))
        return;
    /* the rules are the placeholder's: the unit's indicator has none */
    for (int c = draft_node(ed->draft, n->parent)->first_child; c >= 0;
         c = draft_node(ed->draft, c)->next_sibling) {
        const struct dnode *cn = draft_node(ed->draft, c);
        if (!cn->custom && cn->fn->criteria && cn->fn->criteria[0]) {
            put_line(b, "", 0, 0, A_NORMAL, -1);
            put_wrapped(b, _("Scoring criteria"), 0, layout_attr(ed, ROLE_LABEL), -1,
                        (size_t)-1);
            put_wrapped(b, cn->fn->criteria, 2, A_NORMAL, -1, (size_t)-1);
            break;
        }
    }
}

static void build_node(struct editor *ed, struct dbuf *b)
{
    const struct dnode *n = draft_node(ed->draft, ed->sel);
    char pb[NUM_BUF], sb[NUM_BUF];
    put_fmt(b, 0, A_BOLD, -1, "%s %s", n->fn->id, n->fn->name);
    if (n->custom)
        put_wrapped(b, _("Custom indicator added by the unit"), 2, layout_attr(ed, ROLE_DIM),
                    -1, (size_t)-1);
    if (n->replaced)
        put_wrapped(b, _("Replaced by the unit's own indicators"), 2,
                    layout_attr(ed, ROLE_DIM), -1, (size_t)-1);
    if (!dnode_is_leaf(n)) {
        put_fmt(b, 2, A_NORMAL, -1, _("Points %s, score %s, %d of %d indicators scored"),
                num_format_pts(n->fn->points, pb),
                n->score == PTS_NONE ? "--" : num_format_pts2(n->score, sb), n->scored,
                n->leaves);
    }
    put_problems(ed, b, ed->sel);
    if (n->fn->description && n->fn->description[0]) {
        put_line(b, "", 0, 0, A_NORMAL, -1);
        put_wrapped(b, _("Description"), 0, layout_attr(ed, ROLE_LABEL), -1, (size_t)-1);
        put_wrapped(b, n->fn->description, 2, A_NORMAL, -1, (size_t)-1);
    }
    if (n->fn->criteria && n->fn->criteria[0]) {
        put_line(b, "", 0, 0, A_NORMAL, -1);
        put_wrapped(b, _("Scoring criteria"), 0, layout_attr(ed, ROLE_LABEL), -1, (size_t)-1);
        put_wrapped(b, n->fn->criteria, 2, A_NORMAL, -1, (size_t)-1);
    }
    if (n->na)
        put_wrapped(b, _("不适用: left out of the total, which is rescaled (X: it applies)"), 2,
                    layout_attr(ed, ROLE_DIM), -1, (size_t)-1);
    put_target(ed, b, n);
    /* The self-assessment's fields, its result, its evidence; then the
     * 复核 (fields in review mode, text otherwise). */
    size_t i = 0;
    for (; i < ed->nfields && !fields_is_review(&ed->fields[i]); i++) {
        put_line(b, "", 0, 0, A_NORMAL, -1);
        put_field(ed, b, (int)i);
        if (ed->fields[i].kind == FIELD_NOTE)
            put_drafted(ed, b, n, (int)i);
    }
    if (dnode_is_leaf(n) && !n->replaced)
        put_result(ed, b, n);
    put_evidence(ed, b);
    if (i < ed->nfields) {
        put_line(b, "", 0, 0, A_NORMAL, -1);
        put_wrapped(b, _("Review"), 0, A_BOLD, -1, (size_t)-1);
    } else {
        put_review_text(ed, b, n);
    }
    for (; i < ed->nfields; i++) {
        put_line(b, "", 0, 0, A_NORMAL, -1);
        put_field(ed, b, (int)i);
    }
}

static void build_meta(struct editor *ed, struct dbuf *b)
{
    const struct form *f = draft_form(ed->draft);
    put_wrapped(b, _("Draft information"), 0, A_BOLD, -1, (size_t)-1);
    put_fmt(b, 2, A_NORMAL, -1, _("Form: %s %s"), f->name, f->version);
    put_fmt(b, 2, A_NORMAL, -1, _("File: %s"), ed->path ? ed->path : _("(not saved yet)"));
    for (size_t i = 0; i < ed->nfields; i++) {
        put_line(b, "", 0, 0, A_NORMAL, -1);
        put_field(ed, b, (int)i);
    }
    put_line(b, "", 0, 0, A_NORMAL, -1);
    put_wrapped(b, _("Press Esc to return to the indicators."), 0, layout_attr(ed, ROLE_DIM),
                -1, (size_t)-1);
}

/* Scroll so the selected field (and the cursor when editing) is visible. */
static void follow(struct editor *ed, const struct dbuf *b, int h)
{
    if (!ed->follow_field || ed->focus != FOCUS_DETAIL || ed->fsel < 0)
        return;
    int first = -1, last = -1;
    for (size_t i = 0; i < b->n; i++) {
        if (b->v[i].field == ed->fsel) {
            if (first < 0)
                first = (int)i;
            last = (int)i;
        }
    }
    if (first < 0)
        return;
    if (b->cur_line >= 0) {
        /* Keep the cursor on screen first, the rest of the field second. */
        if (last - first >= h)
            first = last = b->cur_line;
    } else if (last - first >= h) {
        last = first + h - 1;
    }
    /* Show the blank line above a field too, so it does not stick to the top. */
    if (first > 0 && last - first + 1 < h)
        first--;
    /* Scrolling down, bring the field to a third of the pane, so the
     * fields after it show too rather than the field sitting on the edge. */
    if (last >= ed->detail_top + h) {
        ed->detail_top = first - h / 3;
        if (last >= ed->detail_top + h)
            ed->detail_top = last - h + 1;
    }
    if (first < ed->detail_top)
        ed->detail_top = first;
}

void detail_draw(struct editor *ed)
{
    WINDOW *w = ed->w_detail;
    if (!w)
        return;
    int h = ed->lay.pane_h, width = ed->lay.det_w - 1;
    struct dbuf b = {.width = width, .cur_line = -1, .cur_col = -1};
    if (ed->meta_view)
        build_meta(ed, &b);
    else if (ed->sel >= 0)
        build_node(ed, &b);
    follow(ed, &b, h);
    ed->follow_field = false;
    int maxtop = (int)b.n - h;
    if (ed->detail_top > maxtop)
        ed->detail_top = maxtop > 0 ? maxtop : 0;
    if (ed->detail_top < 0)
        ed->detail_top = 0;
    for (int y = 0; y < h; y++) {
        size_t i = (size_t)(ed->detail_top + y);
        draw_fill(w, y, 0, ed->lay.det_w, A_NORMAL);
        if (i >= b.n)
            continue;
        assert(b.v);   /* a line i < b.n was put, so the array exists */
        const struct dline *l = &b.v[i];
        draw_text(w, y, 1 + l->indent, b.text + l->off, l->len, width - l->indent, l->attr);
    }
    /* A mark in the margin when there is more above or below. */
    if (ed->detail_top > 0)
        mvwaddch(w, 0, 0, '^' | layout_attr(ed, ROLE_DIM));
    if ((int)b.n > ed->detail_top + h)
        mvwaddch(w, h - 1, 0, 'v' | layout_attr(ed, ROLE_DIM));
    if (b.cur_line >= ed->detail_top && b.cur_line < ed->detail_top + h) {
        ed->cursor_win = w;
        ed->cursor_y = b.cur_line - ed->detail_top;
        ed->cursor_x = 1 + b.cur_col;
    }
    wnoutrefresh(w);
    free(b.text);
    free(b.v);
}
