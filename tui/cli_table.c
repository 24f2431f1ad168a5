/* cli_table.c - the filled scoring table as plain text. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "i18n.h"
#include "utf8.h"

/* Print s padded (or clipped) to exactly cols display columns. */
static void put_cell(FILE *out, const char *s, int cols, bool right)
{
    int used;
    size_t n = u8_clip(s, (size_t)-1, cols, &used);
    if (right)
        fprintf(out, "%*s", cols - used, "");
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        size_t k = u8_decode(s + i, n - i, &cp);
        if (u8_is_unsafe(cp))
            fputs("\xEF\xBF\xBD", out);
        else
            fwrite(s + i, 1, k, out);
        i += k;
    }
    if (!right)
        fprintf(out, "%*s", cols - used, "");
}

void cli_print_table(const struct draft *d, FILE *out)
{
    const struct form *f = draft_form(d);
    const int idw = 8, namew = 44, numw = 8;
    fprintf(out, "%s\n", f->name);
    const char *unit = draft_meta(d, META_UNIT), *year = draft_meta(d, META_YEAR);
    if (*unit || *year)
        fprintf(out, "%s %s\n", unit, year);
    put_cell(out, _("id"), idw, false);
    put_cell(out, _("indicator"), namew, false);
    put_cell(out, _("points"), numw, true);
    put_cell(out, _("score"), numw, true);
    fputc('\n', out);
    for (int i = draft_first(d); i >= 0; i = draft_next(d, i)) {
        const struct dnode *nd = draft_node(d, i);
        if (nd->replaced)
            continue;
        char name[1024], pts[NUM_BUF], sc[NUM_BUF] = "-";
        snprintf(name, sizeof name, "%*s%s%s", 2 * (nd->level - 1), "", nd->name,
                 nd->custom ? _(" (custom)") : "");
        bool has = dnode_is_leaf(nd) ? nd->score != PTS_NONE : nd->scored > 0;
        if (has)
            num_format_pts2(nd->score, sc);
        put_cell(out, nd->id, idw, false);
        put_cell(out, name, namew, false);
        put_cell(out, num_format_pts(nd->points, pts), numw, true);
        put_cell(out, sc, numw, true);
        fputc('\n', out);
    }
    if (draft_scored(d) < draft_leaves(d))
        fprintf(out, _("%d of %d indicators scored\n"), draft_scored(d), draft_leaves(d));
    char tot[NUM_BUF], max[NUM_BUF];
    fprintf(out, "总分 %s / %s %s\n", num_format_pts2(draft_total(d), tot),
            num_format_pts(f->total_points, max), draft_grade(d));
}
