/* folder_ui.c - the folder screen: `jixiao DIR` lists the drafts of a
 * folder, one row each (file, form, unit or project, total, grade, state),
 * and Enter opens one in the editor through editor_run, the same way as
 * `jixiao FILE.csv`. Leaving the editor comes back to the list, scanned
 * again, so it shows what was saved.
 *
 * Everything shown comes from core/folder.h (totals, grades and problems
 * as `jixiao score` and `check` give them); this file only lays it out by
 * display columns (core/utf8.h through draw.c). It has its own curses
 * screen, made for the list and given up while the editor runs (the
 * editor makes its own), and one place for a resize: fui_resize. The
 * minimum size and the colours are the editor's (layout.c).
 */
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ed.h"
#include "editor.h"
#include "folder.h"
#include "i18n.h"
#include "num.h"
#include "say.h"
#include "utf8.h"

struct fui {
    const struct editor_opts *o;
    const char *dir;
    struct form *forms[1];     /* --form's, when given; built-in forms are the scan's */
    size_t nforms;
    struct folder list;
    int sel, top;
    /* The editor's size rules and colours (layout_compute, layout_attr):
     * only look.lay and look.color are used. */
    struct editor look;
    char msg[1024];
    bool msg_error;
};

/* Columns of the list: x and width of each, display columns. */
enum { COL_FILE, COL_KIND, COL_NAME, COL_TOTAL, COL_GRADE, COL_STATE, COL__N };
struct fcols {
    int x[COL__N], w[COL__N];
};

enum { LIST_Y = 2 };   /* header, column titles, then the drafts */

static int list_rows(const struct fui *u)
{
    int n = u->look.lay.rows - LIST_Y - 2;   /* status and message lines below */
    return n > 1 ? n : 1;
}

static int imax(int a, int b) { return a > b ? a : b; }
static int imin(int a, int b) { return a < b ? a : b; }

static const char *col_title(int c)
{
    switch (c) {
    case COL_FILE: return _("File");
    /* TRANSLATORS: the kind of table: the form's name, shortened (部门整体, 项目) */
    case COL_KIND: return _("Form");
    /* TRANSLATORS: the unit, or the project of a project table */
    case COL_NAME: return _("Unit or project");
    case COL_TOTAL: return _("Total");
    case COL_GRADE: return _("Grade");
    case COL_STATE: return _("State");
    }
    return "";
}

/* Widths from the terminal's: the name takes what the others leave. */
static void fui_columns(const struct fui *u, struct fcols *c)
{
    int cols = u->look.lay.cols;
    int fw = u8_width(col_title(COL_FILE), (size_t)-1), gw = 4, nw = 0;
    for (int k = 0; k < COL__N; k++)
        c->w[k] = u8_width(col_title(k), (size_t)-1);
    for (size_t i = 0; i < u->list.n; i++) {
        const struct folder_entry *e = &u->list.v[i];
        fw = imax(fw, u8_width(e->file, (size_t)-1));
        gw = imax(gw, u8_width(e->grade, (size_t)-1));
        nw = imax(nw, u8_width(e->name, (size_t)-1));
    }
    c->w[COL_FILE] = imin(fw, imax(10, cols * 22 / 100));
    c->w[COL_KIND] = cols >= 100 ? 12 : 8;   /* 部门整体 / 项目支出 */
    c->w[COL_TOTAL] = imax(c->w[COL_TOTAL], 6);   /* 100.00 */
    c->w[COL_GRADE] = imax(c->w[COL_GRADE], imin(gw, 8));
    c->w[COL_STATE] = imax(12, cols * 24 / 100);
    int fixed = 1 + COL__N - 1;   /* the margin and a blank between columns */
    for (int k = 0; k < COL__N; k++)
        if (k != COL_NAME)
            fixed += c->w[k];
    c->w[COL_NAME] = cols - fixed;
    /* a wide terminal: what the names do not need goes to the state */
    int spare = c->w[COL_NAME] - imax(nw, c->w[COL_NAME] * 2 / 3);
    if (spare > 0) {
        c->w[COL_NAME] -= spare;
        c->w[COL_STATE] += spare;
    }
    int x = 1;
    for (int k = 0; k < COL__N; k++) {
        c->x[k] = x;
        x += c->w[k] + 1;
    }
}

/* The state column: an error, or locked / recoverable and how far along. */
static const char *state_text(const struct folder_entry *e, char *buf, size_t size,
                              enum role *role)
{
    *role = ROLE_NORMAL;
    if (e->error) {
        *role = ROLE_PROBLEM;
        return e->error;
    }
    char part[128];
    buf[0] = '\0';
    if (e->locked) {
        snprintf(buf + strlen(buf), size - strlen(buf), "%s ", _("locked"));
        *role = ROLE_DIM;
    }
    if (e->recoverable) {
        snprintf(buf + strlen(buf), size - strlen(buf), "%s ", _("recoverable"));
        *role = ROLE_PROBLEM;
    }
    if (e->scored < e->leaves) {
        snprintf(part, sizeof part, _("incomplete %d/%d"), e->scored, e->leaves);
        if (*role == ROLE_NORMAL)
            *role = ROLE_UNSCORED;
    } else if (e->problems) {
        snprintf(part, sizeof part,
                 ngettext("%zu problem", "%zu problems", e->problems), e->problems);
        if (*role == ROLE_NORMAL)
            *role = ROLE_PROBLEM;
    } else {
        snprintf(part, sizeof part, "%s", _("complete"));
    }
    snprintf(buf + strlen(buf), size - strlen(buf), "%s", part);
    return buf;
}

static void draw_entry(struct fui *u, const struct fcols *c, int y, size_t i)
{
    const struct folder_entry *e = &u->list.v[i];
    bool sel = (int)i == u->sel;
    attr_t base = sel ? layout_attr(&u->look, ROLE_SELECTED) : A_NORMAL;
    draw_fill(stdscr, y, 0, u->look.lay.cols, base);
    draw_text_clip(stdscr, y, c->x[COL_FILE], e->file, c->w[COL_FILE], base);
    /* the form's name cut to fit, without '~': its head says which table */
    draw_text(stdscr, y, c->x[COL_KIND], e->form_name, (size_t)-1, c->w[COL_KIND], base);
    if (e->name[0])
        draw_text_clip(stdscr, y, c->x[COL_NAME], e->name, c->w[COL_NAME], base);
    else
        draw_text(stdscr, y, c->x[COL_NAME], "-", 1, 1, base | layout_attr(&u->look, ROLE_DIM));
    if (e->loaded && e->total != PTS_NONE) {
        char tb[NUM_BUF];
        num_format_pts2(e->total, tb);
        int tw = (int)strlen(tb);
        draw_text(stdscr, y, c->x[COL_TOTAL] + imax(0, c->w[COL_TOTAL] - tw), tb, (size_t)-1,
                  c->w[COL_TOTAL], base);
        draw_text_clip(stdscr, y, c->x[COL_GRADE], e->grade, c->w[COL_GRADE], base);
    }
    char sb[256];
    enum role r;
    const char *st = state_text(e, sb, sizeof sb, &r);
    draw_text_clip(stdscr, y, c->x[COL_STATE], st, c->w[COL_STATE],
                   sel ? base : layout_attr(&u->look, r));
}

/* The bottom line: a message, else all there is to say about the selected
 * draft (what its columns had to cut). */
static void draw_msg(struct fui *u, int y)
{
    int cols = u->look.lay.cols;
    draw_fill(stdscr, y, 0, cols, A_NORMAL);
    if (u->msg[0]) {
        draw_text_elide(stdscr, y, 0, u->msg, cols,
                        u->msg_error ? layout_attr(&u->look, ROLE_ERROR) : A_NORMAL);
        return;
    }
    if (u->sel < 0 || (size_t)u->sel >= u->list.n)
        return;
    const struct folder_entry *e = &u->list.v[u->sel];
    char line[1200];
    if (e->error)
        u8_snprintf(line, sizeof line, "%s", e->error);
    else if (e->locked)
        u8_snprintf(line, sizeof line, _("%s is open in another jixiao (process %ld)."),
                    e->file, e->lock_pid);
    else if (e->recoverable)
        u8_snprintf(line, sizeof line,
                    _("%s has unsaved changes from a jixiao that stopped: Enter offers to recover them."),
                    e->file);
    else
        u8_snprintf(line, sizeof line, "%s  %s  %s", e->file, e->name, e->form_name);
    draw_text_elide(stdscr, y, 0, line, cols, A_NORMAL);
}

static void fui_draw(struct fui *u)
{
    if (u->look.lay.too_small) {
        layout_draw_too_small(&u->look);
        doupdate();
        return;
    }
    int rows = u->look.lay.rows, cols = u->look.lay.cols;
    struct fcols c;
    fui_columns(u, &c);
    werase(stdscr);

    attr_t ha = layout_attr(&u->look, ROLE_HEADER);
    draw_fill(stdscr, 0, 0, cols, ha);
    char right[128];
    snprintf(right, sizeof right,
             ngettext(" %zu draft ", " %zu drafts ", u->list.n), u->list.n);
    int rw = u8_width(right, (size_t)-1);
    char left[1200];
    u8_snprintf(left, sizeof left, _(" Folder %s"), u->dir);
    draw_text_elide(stdscr, 0, 0, left, cols - rw - 1, ha);
    draw_text(stdscr, 0, cols - rw, right, (size_t)-1, rw, ha);

    attr_t la = layout_attr(&u->look, ROLE_LABEL);
    for (int k = 0; k < COL__N; k++) {
        const char *t = col_title(k);
        int x = c.x[k];
        if (k == COL_TOTAL)   /* numbers are right-aligned, and so is their title */
            x += imax(0, c.w[k] - u8_width(t, (size_t)-1));
        draw_text_clip(stdscr, 1, x, t, c.w[k], la);
    }

    int n = list_rows(u);
    if (u->list.n == 0)
        draw_text(stdscr, LIST_Y, 1, _("No drafts in this folder."), (size_t)-1, cols - 1,
                  layout_attr(&u->look, ROLE_DIM));
    for (int r = 0; r < n && (size_t)(u->top + r) < u->list.n; r++)
        draw_entry(u, &c, LIST_Y + r, (size_t)(u->top + r));

    attr_t sa = layout_attr(&u->look, ROLE_STATUS);
    draw_fill(stdscr, rows - 2, 0, cols, sa);
    char st[512] = "";
    if (u->list.not_drafts)
        snprintf(st, sizeof st,
                 ngettext(" %zu file is not a draft.", " %zu files are not drafts.",
                          u->list.not_drafts),
                 u->list.not_drafts);
    if (u->list.special) {
        size_t l = strlen(st);
        snprintf(st + l, sizeof st - l,
                 ngettext(" %zu link or special file skipped.",
                          " %zu links or special files skipped.", u->list.special),
                 u->list.special);
    }
    const char *keys = _("Enter: open  r: refresh  q: quit ");
    int kw = u8_width(keys, (size_t)-1);
    int x = draw_text_clip(stdscr, rows - 2, 0, st, imax(0, cols - kw - 1), sa);
    if (x + 1 + kw <= cols)
        draw_text(stdscr, rows - 2, cols - kw, keys, (size_t)-1, kw, sa);
    draw_msg(u, rows - 1);
    wnoutrefresh(stdscr);
    doupdate();
}

/* Keep the selection on screen. */
static void fui_scroll(struct fui *u)
{
    int n = list_rows(u);
    if (u->list.n == 0) {
        u->sel = u->top = 0;
        return;
    }
    u->sel = imax(0, imin(u->sel, (int)u->list.n - 1));
    if (u->sel < u->top)
        u->top = u->sel;
    if (u->sel >= u->top + n)
        u->top = u->sel - n + 1;
    u->top = imax(0, imin(u->top, imax(0, (int)u->list.n - n)));
}

/* The one place for a resize (and the first layout): sizes from the
 * terminal, then everything drawn again. */
static void fui_resize(struct fui *u)
{
    int rows, cols;
    getmaxyx(stdscr, rows, cols);
    layout_compute(&u->look.lay, rows, cols);
    clearok(curscr, TRUE);
    fui_scroll(u);
    fui_draw(u);
}

/* Scan the folder again, keeping the selection on the same file. */
static void fui_rescan(struct fui *u)
{
    char *keep = u->sel >= 0 && (size_t)u->sel < u->list.n ? strdup(u->list.v[u->sel].file)
                                                           : NULL;
    folder_free(&u->list);
    char why[768];
    if (folder_scan(u->dir, (const struct form *const *)u->forms, u->nforms, &u->list, why,
                    sizeof why) < 0) {
        u8_snprintf(u->msg, sizeof u->msg, "%s", why);
        u->msg_error = true;
    }
    int i = keep ? folder_find(&u->list, keep) : -1;
    if (i >= 0)
        u->sel = i;
    free(keep);
    fui_scroll(u);
}

enum fact { FA_NONE, FA_UP, FA_DOWN, FA_PGUP, FA_PGDN, FA_HOME, FA_END, FA_OPEN, FA_RESCAN,
            FA_QUIT };

/* The keys of the list: the editor's moving keys, Enter, r and q. */
static const struct {
    int key;
    enum fact act;
} fkeys[] = {
    {KEYFN(KEY_UP), FA_UP}, {'k', FA_UP},
    {KEYFN(KEY_DOWN), FA_DOWN}, {'j', FA_DOWN},
    {KEYFN(KEY_PPAGE), FA_PGUP}, {KEY_CTRL('b'), FA_PGUP},
    {KEYFN(KEY_NPAGE), FA_PGDN}, {KEY_CTRL('f'), FA_PGDN}, {' ', FA_PGDN},
    {KEYFN(KEY_HOME), FA_HOME}, {'g', FA_HOME},
    {KEYFN(KEY_END), FA_END}, {'G', FA_END},
    {'\r', FA_OPEN}, {'\n', FA_OPEN}, {KEYFN(KEY_ENTER), FA_OPEN},
    {'r', FA_RESCAN}, {KEYFN(KEY_F(5)), FA_RESCAN},
    {'q', FA_QUIT}, {KEY_CTRL('c'), FA_QUIT},
};

static enum fact fui_action(int key)
{
    for (size_t i = 0; i < sizeof fkeys / sizeof fkeys[0]; i++)
        if (fkeys[i].key == key)
            return fkeys[i].act;
    return FA_NONE;
}

/* The list on its own curses screen until Enter on a draft that loaded
 * (returns its index), q (-1) or the terminal is gone (-2); -3 when the
 * terminal cannot be used (said on stderr). */
static int fui_screen(struct fui *u)
{
    SCREEN *scr = layout_term_start();
    if (!scr)
        return -3;
    layout_init_colors(&u->look);
    fui_resize(u);
    int result = -1, errors = 0;
    bool pasting = false;
    for (;;) {
        int key;
        if (keys_read(stdscr, &key) == ERR) {
            struct pollfd p = {.fd = STDIN_FILENO, .events = POLLIN};
            bool hup = poll(&p, 1, 0) > 0 && (p.revents & (POLLHUP | POLLERR | POLLNVAL));
            if (hup && ++errors > 3) {
                result = -2;
                break;
            }
            continue;
        }
        errors = 0;
        if (key == KEYFN(KEY_RESIZE)) {
            fui_resize(u);
            continue;
        }
        if (key == KEY_PASTE_BEGIN || key == KEY_PASTE_END) {
            pasting = key == KEY_PASTE_BEGIN;   /* pasted text is no command */
            continue;
        }
        if (pasting)
            continue;
        enum fact a = fui_action(key);
        if (u->look.lay.too_small && a != FA_QUIT)
            continue;
        u->msg[0] = '\0';   /* a message stays until the next key */
        int page = list_rows(u);
        bool done = false;
        switch (a) {
        case FA_NONE: break;
        case FA_UP: u->sel--; break;
        case FA_DOWN: u->sel++; break;
        case FA_PGUP: u->sel -= page; u->top -= page; break;
        case FA_PGDN: u->sel += page; u->top += page; break;
        case FA_HOME: u->sel = 0; break;
        case FA_END: u->sel = (int)u->list.n - 1; break;
        case FA_RESCAN: fui_rescan(u); break;
        case FA_QUIT: done = true; break;
        case FA_OPEN:
            if (u->list.n == 0)
                break;
            if (u->list.v[u->sel].error) {
                /* the editor would refuse it the same way: say why here */
                u8_snprintf(u->msg, sizeof u->msg, "%s", u->list.v[u->sel].error);
                u->msg_error = true;
                break;
            }
            result = u->sel;
            done = true;
            break;
        }
        if (done)
            break;
        fui_scroll(u);
        fui_draw(u);
    }
    keys_paste_mode(false);
    endwin();
    delscreen(scr);
    return result;
}

int folder_ui_run(const struct editor_opts *o)
{
    struct fui u;
    memset(&u, 0, sizeof u);
    u.o = o;
    u.dir = o->draft_path;
    if (o->form_path) {
        /* as for a draft: a built-in form's key or a file */
        struct diags d = {0};
        u.forms[0] = form_load_arg(o->form_path, FORM_NO_TEXTS, &d);
        if (!u.forms[0]) {
            say_diags(&d);
            diags_clear(&d);
            return 1;
        }
        u.nforms = 1;
        diags_clear(&d);
    }
    char why[768];
    int rc = 0;
    if (folder_scan(u.dir, (const struct form *const *)u.forms, u.nforms, &u.list, why,
                    sizeof why) < 0) {
        say("jixiao: %s", why);
        rc = 2;
    }
    while (rc == 0) {
        int r = fui_screen(&u);
        if (r == -3)
            rc = 2;
        if (r < 0)
            break;
        const struct folder_entry *e = &u.list.v[r];
        char *path = strdup(e->path);
        if (!path)
            break;
        struct editor_opts eo = *o;
        eo.draft_path = path;
        /* --form when the draft is of that form; else, as without it, the
         * built-in form its #form names */
        eo.form_path = e->form == 0 ? o->form_path : NULL;
        int erc = editor_run(&eo);
        fui_rescan(&u);
        if (erc != 0 && !u.msg[0]) {
            int i = u.sel;
            const struct folder_entry *now = i >= 0 && (size_t)i < u.list.n ? &u.list.v[i] : NULL;
            if (now && now->error)
                u8_snprintf(u.msg, sizeof u.msg, "%s", now->error);
            else
                u8_snprintf(u.msg, sizeof u.msg, _("%s could not be opened."), path);
            u.msg_error = true;
        }
        free(path);
    }
    folder_free(&u.list);
    for (size_t i = 0; i < u.nforms; i++)
        form_free(u.forms[i]);
    return rc;
}
