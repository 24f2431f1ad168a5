/* status.c - header line, status line (totals from the core) and the
 * message line. The UI never adds scores up: every number here comes
 * from a draft_* function.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ed.h"
#include "i18n.h"
#include "num.h"
#include "utf8.h"

void status_draw_header(struct editor *ed)
{
    WINDOW *w = ed->w_head;
    if (!w)
        return;
    attr_t a = layout_attr(ed, ROLE_HEADER);
    int cols = ed->lay.cols;
    draw_fill(w, 0, 0, cols, a);

    /* Right side first: the markers ([+], [read-only], [review]) must stay
     * visible, so only the file name is clipped to make room for them. */
    char marks[256];
    snprintf(marks, sizeof marks, "%s%s ", ed->modified ? " [+]" : "",
             ed->view_only ? _(" [read-only]") : ed->review ? _(" [review]") : "");
    const char *base = ed->path ? strrchr(ed->path, '/') : NULL;
    base = base ? base + 1 : ed->path;
    const char *name = base ? base : _("[new draft]");
    int mw = u8_width(marks, (size_t)-1), nw = u8_width(name, (size_t)-1);
    int room = cols / 2 - mw;          /* for the name */
    if (room < 1)
        room = 1;
    if (nw > room)
        nw = room;
    int rw = nw + mw;
    /* Year and unit first: short and what tells drafts apart; the long
     * form title is what gets clipped on a narrow terminal. */
    char left[1024];
    const struct form *f = draft_form(ed->draft);
    const char *unit = draft_meta(ed->draft, META_UNIT);
    const char *year = draft_meta(ed->draft, META_YEAR);
    snprintf(left, sizeof left, " %s%s%s%s%s", year, year[0] ? "  " : "", unit,
             unit[0] ? "  " : "", f->name);
    draw_text_clip(w, 0, 0, left, cols - rw - 1, a);
    int x = cols - rw;
    if (u8_width(name, (size_t)-1) > nw)
        draw_text_clip(w, 0, x, name, nw, a);
    else
        draw_text(w, 0, x, name, (size_t)-1, nw, a);
    draw_text(w, 0, x + nw, marks, (size_t)-1, mw, a);
    wnoutrefresh(w);
}

void status_draw(struct editor *ed)
{
    WINDOW *w = ed->w_status;
    if (!w)
        return;
    attr_t a = layout_attr(ed, ROLE_STATUS);
    int cols = ed->lay.cols;
    draw_fill(w, 0, 0, cols, a);

    char tb[NUM_BUF], gb[NUM_BUF], rb[NUM_BUF], line[512], part[256];
    int x;
    if (ed->review) {
        /* Both totals side by side: 自评 93.76 优 | 复核 91.76 优 */
        snprintf(line, sizeof line, _(" Self %s %s | Review %s %s"),
                 num_format_pts2(draft_total(ed->draft), tb), draft_grade(ed->draft),
                 num_format_pts2(draft_review_total(ed->draft), rb),
                 draft_review_grade(ed->draft));
        x = draw_text(w, 0, 0, line, (size_t)-1, cols, a | A_BOLD);
        snprintf(part, sizeof part, _("  Reviewed %d/%d"), draft_reviewed(ed->draft),
                 draft_leaves(ed->draft));
        x += draw_text(w, 0, x, part, (size_t)-1, cols - x, a);
    } else {
        snprintf(line, sizeof line, _(" Total %s"), num_format_pts2(draft_total(ed->draft), tb));
        x = draw_text(w, 0, 0, line, (size_t)-1, cols, a | A_BOLD);
        /* 按百分制折算: the sum of the rows, over the points that apply */
        pts_t raw, applicable;
        if (draft_rescale(ed->draft, &raw, &applicable)) {
            char ab[NUM_BUF];
            snprintf(part, sizeof part, _(" (折算 %s/%s)"), num_format_pts2(raw, rb),
                     num_format_pts(applicable, ab));
            x += draw_text(w, 0, x, part, (size_t)-1, cols - x, a);
        }

        /* no grade before anything is scored, as in the saved file */
        if (draft_scored(ed->draft) > 0) {
            snprintf(part, sizeof part, "  %s", draft_grade(ed->draft));
            x += draw_text(w, 0, x, part, (size_t)-1, cols - x, a | A_BOLD);
        }

        snprintf(part, sizeof part, _("  Scored %d/%d"), draft_scored(ed->draft),
                 draft_leaves(ed->draft));
        x += draw_text(w, 0, x, part, (size_t)-1, cols - x, a);

        /* a reviewed draft reopened by its assessor: the 复核 total too */
        if (draft_reviewed(ed->draft) > 0) {
            snprintf(part, sizeof part, _("  Review %s %s"),
                     num_format_pts2(draft_review_total(ed->draft), rb),
                     draft_review_grade(ed->draft));
            x += draw_text(w, 0, x, part, (size_t)-1, cols - x, a);
        }

        const char *band;
        pts_t gap;
        if (draft_next_band(ed->draft, &band, &gap)) {
            /* TRANSLATORS: distance to the next grade band, e.g. 距"优"还差 1.24 分 */
            snprintf(part, sizeof part, _("  \"%s\" is %s points away"), band,
                     num_format_pts2(gap, gb));
            x += draw_text(w, 0, x, part, (size_t)-1, cols - x, a);
        }
    }
    /* Problems other than "not scored yet", which the progress shows;
     * kept per node (probs.c), so this is not a walk over the draft. */
    size_t nprob = probs_count(ed);
    if (nprob) {
        snprintf(part, sizeof part, _("  Problems: %zu"), nprob);
        draw_text(w, 0, x, part, (size_t)-1, cols - x, a);
    }
    wnoutrefresh(w);
}

void status_draw_msg(struct editor *ed)
{
    WINDOW *w = ed->w_msg;
    if (!w)
        return;
    draw_fill(w, 0, 0, ed->lay.cols, A_NORMAL);
    if (ed->msg[0])
        draw_text_elide(w, 0, 0, ed->msg, ed->lay.cols,
                       ed->msg_error ? layout_attr(ed, ROLE_ERROR) : A_NORMAL);
    wnoutrefresh(w);
}

void status_set_msg(struct editor *ed, bool error, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(ed->msg, sizeof ed->msg, fmt, ap);
    va_end(ap);
    /* Messages are one line: a file:line list shows its first entry. */
    ed->msg[strcspn(ed->msg, "\n")] = '\0';
    ed->msg_error = error;
}
