/* editor.c - editor_run: terminal setup, the main loop, and the one place
 * that handles a resize.
 */
#include <langinfo.h>
#include <locale.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "actions.h"
#include "ed.h"
#include "editor.h"
#include "i18n.h"

/* Widths and Chinese input need a UTF-8 LC_CTYPE. main() already tried
 * the user's locale and C.UTF-8; check the result, and say so plainly if
 * neither works rather than draw garbage. */
static bool locale_ok(void)
{
    if (strcmp(nl_langinfo(CODESET), "UTF-8") == 0)
        return true;
    return setlocale(LC_CTYPE, "C.UTF-8") && strcmp(nl_langinfo(CODESET), "UTF-8") == 0;
}

void editor_refresh(struct editor *ed)
{
    if (ed->fe.active && ed->cursor_win && !ed->lay.too_small) {
        wmove(ed->cursor_win, ed->cursor_y, ed->cursor_x);
        wnoutrefresh(ed->cursor_win);
        curs_set(1);
    } else {
        curs_set(0);
    }
    doupdate();
}

void editor_redraw(struct editor *ed, unsigned redo)
{
    if (redo & REDO_QUIT)
        return;
    if (ed->lay.too_small) {
        layout_draw_too_small(ed);
        doupdate();
        return;
    }
    if (redo & REDO_LAYOUT) {
        if (!ed->w_head)
            layout_apply(ed);
        WINDOW *ws[] = {ed->w_head, ed->w_tree, ed->w_sep, ed->w_detail, ed->w_status, ed->w_msg};
        for (size_t i = 0; i < sizeof ws / sizeof ws[0]; i++)
            if (ws[i])
                touchwin(ws[i]);
        if (ed->w_sep)
            wnoutrefresh(ed->w_sep);
        redo |= REDO_VALUES | REDO_ROWS | REDO_FIELDS;
    }
    if (redo & REDO_ROWS)
        tree_rebuild_rows(ed);
    if (redo & REDO_FIELDS)
        fields_rebuild(ed);
    if (redo & REDO_HEADER)
        status_draw_header(ed);
    if (redo & (REDO_TREE | REDO_ROWS))
        tree_draw(ed);
    if (redo & (REDO_DETAIL | REDO_FIELDS)) {
        ed->cursor_win = NULL;
        detail_draw(ed);
    }
    if (redo & REDO_STATUS) {
        status_draw(ed);
        status_draw_msg(ed);
    }
    editor_refresh(ed);
}

void editor_changed(struct editor *ed, int node, bool structural)
{
    if (structural) {
        probs_reset(ed);
        ed->order_dirty = true;
    } else {
        probs_touch(ed, node);
    }
}

void editor_resize(struct editor *ed)
{
    int rows, cols;
    getmaxyx(stdscr, rows, cols);
    layout_compute(&ed->lay, rows, cols);
    if (ed->lay.too_small) {
        layout_free(ed);
        editor_redraw(ed, REDO_LAYOUT);
        return;
    }
    /* Forget what stdscr showed (the too-small notice); the panes cover it. */
    werase(stdscr);
    wnoutrefresh(stdscr);
    layout_apply(ed);
    editor_redraw(ed, REDO_LAYOUT);
}

static void editor_free(struct editor *ed)
{
    layout_free(ed);
    field_edit_free(&ed->fe);
    free(ed->rows);
    free(ed->rowpos);
    free(ed->order);
    free(ed->opos);
    free(ed->pstate);
    evidence_ui_forget(ed);
    free(ed->folded);
    free(ed->fields);
    free(ed->search);
}

static int run_loop(struct editor *ed)
{
    int errors = 0;
    while (!ed->quit) {
        int key;
        if (keys_read(stdscr, &key) == ERR) {
            /* A timeout (see editor_run), or input is gone: the terminal
             * closed. Then stop, keeping the journal so nothing committed
             * is lost. */
            struct pollfd p = {.fd = STDIN_FILENO, .events = POLLIN};
            bool hup = poll(&p, 1, 0) > 0 && (p.revents & (POLLHUP | POLLERR | POLLNVAL));
            if (hup && ++errors > 3)
                return -1;
            continue;
        }
        errors = 0;
        if (key == KEYFN(KEY_RESIZE)) {
            editor_resize(ed);
            continue;
        }
        if (ed->lay.too_small) {
            /* Only quitting makes sense until the window grows; with
             * unsaved changes it asks, as it does on a full screen. */
            if (key == 'q' || key == KEY_CTRL('c')) {
                act_quit(ed);
                if (!ed->quit)
                    editor_redraw(ed, REDO_LAYOUT);
            }
            continue;
        }
        editor_redraw(ed, keys_dispatch(ed, key));
    }
    return 0;
}

int editor_run(const struct editor_opts *o)
{
    if (!locale_ok()) {
        fprintf(stderr, "%s\n",
                _("jixiao: the locale does not use UTF-8 and C.UTF-8 is not available; "
                  "set LANG to a UTF-8 locale (for example C.UTF-8) and try again."));
        return 2;
    }
    if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
        fprintf(stderr, "%s\n",
                _("jixiao: the editor needs a terminal; for scripts use \"jixiao score\" "
                  "or \"jixiao check\"."));
        return 2;
    }
    /* a folder (or a name ending in '/', which says it is meant as one):
     * the list of its drafts, each opened through here again */
    const char *dp = o->draft_path;
    struct stat st;
    if (dp && ((stat(dp, &st) == 0 && S_ISDIR(st.st_mode)) || (dp[0] && dp[strlen(dp) - 1] == '/')))
        return folder_ui_run(o);
    struct editor ed;
    memset(&ed, 0, sizeof ed);
    ed.sel = -1;
    ed.fsel = -1;
    ed.ev_node = -1;
    ed.probs_dirty = true;
    ed.order_dirty = true;
    int rc = session_open(&ed, o->draft_path, o->form_path, o->view_only, o->review);
    if (rc) {
        session_close(&ed, true);
        return rc;
    }

    SCREEN *scr = layout_term_start();
    if (!scr) {
        session_close(&ed, true);
        return 2;
    }
    layout_init_colors(&ed);
    /* stdscr is only read from; refreshing it once now means wget_wch
     * never repaints it over the panes. */
    wnoutrefresh(stdscr);

    tree_rebuild_rows(&ed);
    actions_select(&ed, draft_first(ed.draft));
    editor_resize(&ed);
    editor_redraw(&ed, session_startup_questions(&ed));

    int lost = run_loop(&ed);
    keys_paste_mode(false);
    endwin();
    /* delscreen frees every window of the screen: free ours first. */
    layout_free(&ed);
    delscreen(scr);
    /* A quit discards the journal (the user saved or chose to discard);
     * losing the terminal keeps it for recovery. */
    session_close(&ed, lost != 0);
    editor_free(&ed);
    return 0;
}
