/* prompt.c - questions and text input on the message line.
 *
 * Prompts are modal: they read keys until answered. A resize while a
 * prompt is open goes through editor_resize like any other, and the
 * prompt is drawn again on top, with its text kept.
 */
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "ed.h"
#include "i18n.h"
#include "utf8.h"

static void draw_question(struct editor *ed, const char *q)
{
    if (ed->lay.too_small) {
        /* No panes: ask on the last line of the too-small notice. */
        int rows, cols;
        getmaxyx(stdscr, rows, cols);
        if (rows > 0 && cols > 1) {
            move(rows - 1, 0);
            clrtoeol();
            int x = draw_text_clip(stdscr, rows - 1, 0, q, cols - 1, A_BOLD);
            move(rows - 1, x < cols ? x : cols - 1);
            wnoutrefresh(stdscr);
        }
        curs_set(1);
        doupdate();
        return;
    }
    if (!ed->w_msg) {
        doupdate();
        return;
    }
    WINDOW *w = ed->w_msg;
    draw_fill(w, 0, 0, ed->lay.cols, A_NORMAL);
    int x = draw_text_elide(w, 0, 0, q, ed->lay.cols - 1, A_BOLD);
    wmove(w, 0, x < ed->lay.cols ? x : ed->lay.cols - 1);
    wnoutrefresh(w);
    curs_set(1);
    doupdate();
}

int prompt_choice(struct editor *ed, const char *question, const char *keys)
{
    int answer = -1;
    for (;;) {
        draw_question(ed, question);
        int key;
        if (keys_read(stdscr, &key) == ERR)
            continue;
        if (key == KEYFN(KEY_RESIZE)) {
            editor_resize(ed);
            continue;
        }
        if (key == KEY_ESCAPE || key == KEY_CTRL('c'))
            break;
        if (key > 0 && key < 128) {
            int lower = key >= 'A' && key <= 'Z' ? key - 'A' + 'a' : key;
            if (strchr(keys, lower)) {
                answer = lower;
                break;
            }
        }
    }
    curs_set(0);
    ed->msg[0] = '\0';
    status_draw_msg(ed);
    return answer;
}

int prompt_yesno(struct editor *ed, const char *question)
{
    int c = prompt_choice(ed, question, "yn");
    return c == 'y' ? 1 : c == 'n' ? 0 : -1;
}

/* The label, then as much of the text as fits with the cursor visible. */
static void draw_input(struct editor *ed, const char *label, const struct lineedit *le)
{
    if (ed->lay.too_small || !ed->w_msg) {
        doupdate();
        return;
    }
    WINDOW *w = ed->w_msg;
    int cols = ed->lay.cols;
    draw_fill(w, 0, 0, cols, A_NORMAL);
    int lw = draw_text_clip(w, 0, 0, label, cols / 2, A_BOLD);
    int room = cols - lw - 1;
    size_t start = 0;
    while (start < le->cur && u8_width(le->buf + start, le->cur - start) > room)
        start += u8_decode(le->buf + start, le->cur - start, &(uint32_t){0});
    int cx = lw + u8_width(le->buf + start, le->cur - start);
    draw_text(w, 0, lw, le->buf + start, le->len - start, room, A_NORMAL);
    wmove(w, 0, cx < cols ? cx : cols - 1);
    wnoutrefresh(w);
    curs_set(1);
    doupdate();
}

char *prompt_text_live(struct editor *ed, const char *label, const char *initial,
                       void (*on_change)(struct editor *, const char *, void *), void *ctx)
{
    struct lineedit le = {0};
    if (lineedit_set(&le, initial) < 0)
        return NULL;
    char *result = NULL;
    /* an offered answer (a file name) is replaced by the first character
     * typed, as a selected field would be; moving or deleting keeps it */
    bool fresh = initial && *initial;
    for (;;) {
        draw_input(ed, label, &le);
        int key;
        if (keys_read(stdscr, &key) == ERR)
            continue;
        bool changed = false;
        bool typed = key >= ' ' && key != 127 && !(key & KEYFN(0)) && key < 0x110000;
        if (fresh && typed)
            lineedit_set(&le, "");
        if (key != KEYFN(KEY_RESIZE))
            fresh = false;
        if (key == KEYFN(KEY_RESIZE)) {
            editor_resize(ed);
        } else if (key == '\r' || key == '\n' || key == KEYFN(KEY_ENTER)) {
            result = strdup(le.buf);
            break;
        } else if (key == KEY_ESCAPE || key == KEY_CTRL('c')) {
            break;
        } else if (key == KEYFN(KEY_LEFT)) {
            lineedit_left(&le);
        } else if (key == KEYFN(KEY_RIGHT)) {
            lineedit_right(&le);
        } else if (key == KEYFN(KEY_HOME) || key == KEY_CTRL('a')) {
            lineedit_home(&le);
        } else if (key == KEYFN(KEY_END) || key == KEY_CTRL('e')) {
            lineedit_end(&le);
        } else if (key == KEYFN(KEY_BACKSPACE) || key == 127 || key == KEY_CTRL('h')) {
            changed = lineedit_backspace(&le);
        } else if (key == KEYFN(KEY_DC) || key == KEY_CTRL('d')) {
            changed = lineedit_delete(&le);
        } else if (key == KEY_CTRL('u')) {
            changed = lineedit_kill(&le);
        } else if (typed) {
            char u[8];
            mbstate_t st;
            memset(&st, 0, sizeof st);
            size_t n = wcrtomb(u, (wchar_t)key, &st);
            changed = n != (size_t)-1 && lineedit_insert(&le, u, n) == 0;
        }
        if (changed && on_change) {
            on_change(ed, le.buf, ctx);
            doupdate();
        }
    }
    lineedit_free(&le);
    curs_set(0);
    return result;
}

char *prompt_text(struct editor *ed, const char *label, const char *initial)
{
    return prompt_text_live(ed, label, initial, NULL, NULL);
}
