/* layout.c - windows from the terminal size, and attributes by role.
 *
 *   row 0            header
 *   rows 1..h-3      tree pane | detail pane
 *   row h-2          status: total, grade, progress, next band
 *   row h-1          messages and prompts
 */
#include <stdlib.h>
#include <string.h>

#include "ed.h"
#include "i18n.h"

#define MIN_ROWS 16
#define MIN_COLS 60

SCREEN *layout_term_start(void)
{
    SCREEN *scr = newterm(NULL, stdout, stdin);
    if (!scr) {
        const char *term = getenv("TERM");
        fprintf(stderr, _("jixiao: cannot use the terminal type \"%s\".\n"), term ? term : "");
        return NULL;
    }
    raw();
    noecho();
    nonl();
    keypad(stdscr, TRUE);
    set_escdelay(25);
    keys_paste_mode(true);
    /* A SIGWINCH that lands between curses' check and its read() would
     * wait for the next key; waking up now and then lets wget_wch see the
     * pending resize and return KEY_RESIZE. */
    wtimeout(stdscr, 250);
    curs_set(0);
    return scr;
}

void layout_init_colors(struct editor *ed)
{
    const char *nc = getenv("NO_COLOR");
    ed->color = has_colors() && !(nc && *nc);
    if (!ed->color)
        return;
    start_color();
    use_default_colors();
    init_pair(1, COLOR_YELLOW, -1);   /* unscored */
    init_pair(2, COLOR_RED, -1);      /* problem */
    init_pair(3, COLOR_CYAN, -1);     /* labels */
    init_pair(4, COLOR_WHITE, COLOR_BLUE);  /* bars */
    init_pair(5, COLOR_WHITE, COLOR_RED);   /* error message */
}

/* Monochrome terminals (vt100, NO_COLOR) get bold and reverse only. */
attr_t layout_attr(const struct editor *ed, enum role r)
{
    bool c = ed->color;
    switch (r) {
    case ROLE_NORMAL: return A_NORMAL;
    case ROLE_HEADER: return c ? COLOR_PAIR(4) | A_BOLD : A_REVERSE;
    case ROLE_SELECTED: return A_REVERSE;
    case ROLE_SELECTED_DIM: return c ? A_REVERSE | A_DIM : A_UNDERLINE;
    case ROLE_UNSCORED: return c ? COLOR_PAIR(1) | A_BOLD : A_BOLD;
    case ROLE_PROBLEM: return c ? COLOR_PAIR(2) | A_BOLD : A_BOLD;
    case ROLE_STATUS: return c ? COLOR_PAIR(4) : A_REVERSE;
    case ROLE_ERROR: return c ? COLOR_PAIR(5) | A_BOLD : A_BOLD | A_REVERSE;
    case ROLE_LABEL: return c ? COLOR_PAIR(3) : A_BOLD;
    case ROLE_DIM: return A_DIM;
    case ROLE_EDIT: return A_UNDERLINE;
    case ROLE__COUNT: break;
    }
    return A_NORMAL;
}

void layout_compute(struct layout *lay, int rows, int cols)
{
    memset(lay, 0, sizeof *lay);
    lay->rows = rows;
    lay->cols = cols;
    lay->too_small = rows < MIN_ROWS || cols < MIN_COLS;
    if (lay->too_small)
        return;
    lay->pane_y = 1;
    lay->pane_h = rows - 3;
    /* Half the width for the tree, enough for ten CJK characters of name
     * at 80 columns; beyond 120 columns the detail pane gets the rest. */
    lay->tree_w = cols / 2;
    if (lay->tree_w > 60)
        lay->tree_w = 60;
    lay->det_x = lay->tree_w + 1;
    lay->det_w = cols - lay->det_x;
}

void layout_free(struct editor *ed)
{
    WINDOW **ws[] = {&ed->w_head, &ed->w_tree, &ed->w_sep, &ed->w_detail, &ed->w_status,
                     &ed->w_msg};
    for (size_t i = 0; i < sizeof ws / sizeof ws[0]; i++) {
        if (*ws[i])
            delwin(*ws[i]);
        *ws[i] = NULL;
    }
}

static WINDOW *mkwin(int h, int w, int y, int x)
{
    WINDOW *win = newwin(h, w, y, x);
    if (win) {
        keypad(win, TRUE);
        leaveok(win, FALSE);
    }
    return win;
}

void layout_apply(struct editor *ed)
{
    layout_free(ed);
    const struct layout *l = &ed->lay;
    if (l->too_small)
        return;
    ed->w_head = mkwin(1, l->cols, 0, 0);
    ed->w_tree = mkwin(l->pane_h, l->tree_w, l->pane_y, 0);
    ed->w_sep = mkwin(l->pane_h, 1, l->pane_y, l->tree_w);
    ed->w_detail = mkwin(l->pane_h, l->det_w, l->pane_y, l->det_x);
    ed->w_status = mkwin(1, l->cols, l->rows - 2, 0);
    ed->w_msg = mkwin(1, l->cols, l->rows - 1, 0);
    if (ed->w_sep) {
        wattrset(ed->w_sep, layout_attr(ed, ROLE_DIM));
        mvwvline(ed->w_sep, 0, 0, ACS_VLINE, l->pane_h);
    }
}

void layout_draw_too_small(struct editor *ed)
{
    werase(stdscr);
    const char *m = _("Terminal too small: at least 60x16 is needed.");
    char size[64];
    snprintf(size, sizeof size, _("Now %dx%d."), ed->lay.cols, ed->lay.rows);
    int y = ed->lay.rows / 2 - 1;
    if (y < 0)
        y = 0;
    draw_text(stdscr, y, 0, m, (size_t)-1, ed->lay.cols, A_BOLD);
    if (y + 1 < ed->lay.rows)
        draw_text(stdscr, y + 1, 0, size, (size_t)-1, ed->lay.cols, A_NORMAL);
    wnoutrefresh(stdscr);
}
