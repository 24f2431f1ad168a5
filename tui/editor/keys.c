/* keys.c - the key tables, dispatch, and the help screen made from them.
 *
 * Two tables: actions (what a key does in the normal mode, with its help
 * text) and field-editing operations. Bindings map key codes to entries;
 * the help screen lists every entry with the names of the keys bound to
 * it, so help cannot drift from what the keys do (tig's REQ_ table idea).
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wchar.h>

#include "actions.h"
#include "ed.h"
#include "grow.h"
#include "i18n.h"
#include "utf8.h"

enum section { SEC_MOVE, SEC_EDIT, SEC_FILE, SEC__COUNT };

struct action {
    unsigned (*fn)(struct editor *);
    enum section section;
    const char *help;   /* N_() marked, translated when shown */
};

enum {
    KA_UP, KA_DOWN, KA_PGUP, KA_PGDN, KA_FIRST, KA_LAST, KA_LEFT, KA_RIGHT, KA_NEXT_FIELD,
    KA_PREV_FIELD, KA_NEXT_TODO, KA_PREV_TODO, KA_SEARCH, KA_SEARCH_NEXT, KA_SEARCH_PREV,
    KA_ENTER, KA_SPACE, KA_ESCAPE, KA_CLEAR, KA_UNDO, KA_REDO, KA_ADD, KA_DEL, KA_META,
    KA_SAVE, KA_QUIT, KA_HELP, KA_REDRAW, KA_PROBLEMS, KA_EV_ADD, KA_EV_DEL, KA_EV_CHECK,
    KA_OVERRIDE, KA_OVERRIDE_CLEAR, KA_USE_REASON, KA_NA, KA__COUNT
};

static const struct action actions[KA__COUNT] = {
    [KA_UP] = {act_up, SEC_MOVE, N_("Previous indicator (tree) or field (detail)")},
    [KA_DOWN] = {act_down, SEC_MOVE, N_("Next indicator (tree) or field (detail)")},
    [KA_PGUP] = {act_page_up, SEC_MOVE, N_("Page up in the tree, scroll up in the detail")},
    [KA_PGDN] = {act_page_down, SEC_MOVE, N_("Page down in the tree, scroll down in the detail")},
    [KA_FIRST] = {act_first, SEC_MOVE, N_("First indicator or field")},
    [KA_LAST] = {act_last, SEC_MOVE, N_("Last indicator or field")},
    [KA_LEFT] = {act_left, SEC_MOVE, N_("Fold the branch, go to the parent, or back to the tree")},
    [KA_RIGHT] = {act_right, SEC_MOVE, N_("Unfold the branch, or go to the indicator's fields")},
    [KA_NEXT_FIELD] = {act_next_field, SEC_MOVE, N_("Next field")},
    [KA_PREV_FIELD] = {act_prev_field, SEC_MOVE, N_("Previous field")},
    [KA_NEXT_TODO] = {act_next_todo, SEC_MOVE, N_("Next indicator that is unscored or has a problem")},
    [KA_PREV_TODO] = {act_prev_todo, SEC_MOVE,
                     N_("Previous indicator that is unscored or has a problem")},
    [KA_PROBLEMS] = {act_problems, SEC_MOVE,
                    N_("List every problem; Enter goes to the indicator")},
    [KA_SEARCH] = {act_search, SEC_MOVE, N_("Search names as you type; no name: descriptions, criteria, notes")},
    [KA_SEARCH_NEXT] = {act_search_next, SEC_MOVE, N_("Next match of the search")},
    [KA_SEARCH_PREV] = {act_search_prev, SEC_MOVE, N_("Previous match of the search")},
    [KA_ENTER] = {act_enter, SEC_EDIT,
                 N_("Edit the field; on an indicator, edit its first field; on a branch, fold")},
    [KA_SPACE] = {act_space, SEC_EDIT,
                 N_("Toggle a checklist item or a veto; fold a branch in the tree")},
    [KA_ESCAPE] = {act_escape, SEC_EDIT, N_("Back to the tree")},
    [KA_CLEAR] = {act_clear_field, SEC_EDIT, N_("Clear the field")},
    [KA_UNDO] = {act_undo, SEC_EDIT, N_("Undo the last change")},
    [KA_REDO] = {act_redo, SEC_EDIT, N_("Redo the change undone last")},
    [KA_ADD] = {act_add_custom, SEC_EDIT, N_("Add a custom indicator under the selected node")},
    [KA_DEL] = {act_del_custom, SEC_EDIT, N_("Delete the selected custom indicator")},
    [KA_EV_ADD] = {act_evidence_add, SEC_EDIT,
                  N_("Attach a file as evidence (path relative to the draft's folder, page)")},
    [KA_EV_DEL] = {act_evidence_del, SEC_EDIT, N_("Remove an evidence file from the indicator")},
    [KA_EV_CHECK] = {act_evidence_check, SEC_EDIT,
                    N_("Check the indicator's evidence files: missing or changed since attached")},
    [KA_OVERRIDE] = {act_override, SEC_EDIT,
                    N_("Type a score over the indicator's formula, with the reason")},
    [KA_OVERRIDE_CLEAR] = {act_override_clear, SEC_EDIT,
                          N_("Drop the typed score: the formula scores the indicator again")},
    [KA_USE_REASON] = {act_use_reason, SEC_EDIT,
                      N_("Use the reason drafted from the rule and the figures as the note")},
    [KA_NA] = {act_na, SEC_EDIT,
              N_("The indicator does not apply (不适用): leave it out and rescale the total; "
                 "again: it applies")},
    [KA_META] = {act_meta, SEC_EDIT,
                N_("Edit the draft's unit, year and assessor (a project's name, department "
                   "and goals)")},
    [KA_SAVE] = {act_save, SEC_FILE, N_("Save the draft")},
    [KA_QUIT] = {act_quit, SEC_FILE, N_("Quit (asks first when there are unsaved changes)")},
    [KA_HELP] = {act_help, SEC_FILE, N_("This help")},
    [KA_REDRAW] = {act_redraw, SEC_FILE, N_("Redraw the screen")},
};

struct binding {
    int key;
    int what;
};

static const struct binding bindings[] = {
    {KEYFN(KEY_UP), KA_UP},         {'k', KA_UP},
    {KEYFN(KEY_DOWN), KA_DOWN},     {'j', KA_DOWN},
    {KEYFN(KEY_PPAGE), KA_PGUP},    {KEY_CTRL('b'), KA_PGUP},
    {KEYFN(KEY_NPAGE), KA_PGDN},    {KEY_CTRL('f'), KA_PGDN},
    {KEYFN(KEY_HOME), KA_FIRST},    {'g', KA_FIRST},
    {KEYFN(KEY_END), KA_LAST},      {'G', KA_LAST},
    {KEYFN(KEY_LEFT), KA_LEFT},     {'h', KA_LEFT},
    {KEYFN(KEY_RIGHT), KA_RIGHT},   {'l', KA_RIGHT},
    {'\t', KA_NEXT_FIELD},          {KEYFN(KEY_BTAB), KA_PREV_FIELD},
    {']', KA_NEXT_TODO},            {'[', KA_PREV_TODO},
    {'/', KA_SEARCH},               {'n', KA_SEARCH_NEXT},
    {'N', KA_SEARCH_PREV},
    {'\r', KA_ENTER},               {'\n', KA_ENTER},
    {KEYFN(KEY_ENTER), KA_ENTER},   {' ', KA_SPACE},
    {KEY_ESCAPE, KA_ESCAPE},        {'x', KA_CLEAR},
    {KEYFN(KEY_DC), KA_CLEAR},      {'u', KA_UNDO},
    {KEY_CTRL('r'), KA_REDO},       {'a', KA_ADD},
    {'D', KA_DEL},                  {'m', KA_META},
    {KEY_CTRL('s'), KA_SAVE},       {'q', KA_QUIT},
    {KEY_CTRL('c'), KA_QUIT},       {'?', KA_HELP},
    {KEYFN(KEY_F(1)), KA_HELP},     {KEY_CTRL('l'), KA_REDRAW},
    {'p', KA_PROBLEMS},             {'e', KA_EV_ADD},
    {'E', KA_EV_DEL},               {'c', KA_EV_CHECK},
    {'o', KA_OVERRIDE},             {'O', KA_OVERRIDE_CLEAR},
    {'R', KA_USE_REASON},           {'X', KA_NA},
};

struct edit_binding {
    int key;
    enum edit_op op;
    const char *help;
};

static const struct edit_binding edit_bindings[] = {
    {'\r', EOP_COMMIT_NEXT, N_("Keep the value and go to the next field")},
    {KEYFN(KEY_ENTER), EOP_COMMIT_NEXT, NULL},
    {'\n', EOP_NEWLINE, N_("New line in a note (elsewhere: like Enter)")},
    {KEY_ESCAPE, EOP_CANCEL, N_("Cancel: put the old value back")},
    {KEY_CTRL('c'), EOP_CANCEL, NULL},
    {'\t', EOP_COMMIT_NEXT, NULL},
    {KEYFN(KEY_BTAB), EOP_COMMIT_PREV, N_("Keep the value and go to the previous field")},
    {KEY_CTRL('s'), EOP_COMMIT_SAVE, N_("Keep the value and save the draft")},
    {KEYFN(KEY_LEFT), EOP_LEFT, N_("Cursor left one character (previous option)")},
    {KEYFN(KEY_RIGHT), EOP_RIGHT, N_("Cursor right one character (next option)")},
    {KEYFN(KEY_HOME), EOP_HOME, N_("Start of the line")},
    {KEY_CTRL('a'), EOP_HOME, NULL},
    {KEYFN(KEY_END), EOP_END, N_("End of the line")},
    {KEY_CTRL('e'), EOP_END, NULL},
    {KEYFN(KEY_BACKSPACE), EOP_BACKSPACE, N_("Delete the character before the cursor")},
    {127, EOP_BACKSPACE, NULL},
    {KEY_CTRL('h'), EOP_BACKSPACE, NULL},
    {KEYFN(KEY_DC), EOP_DELETE, N_("Delete the character under the cursor")},
    {KEY_CTRL('d'), EOP_DELETE, NULL},
    {KEY_CTRL('u'), EOP_KILL, N_("Delete everything before the cursor")},
    {KEYFN(KEY_UP), EOP_PREV_OPT, N_("Previous option of a choice")},
    {KEYFN(KEY_DOWN), EOP_NEXT_OPT, N_("Next option of a choice")},
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

void keys_name(int key, char *buf, size_t size)
{
    static const struct {
        int key;
        const char *name;
    } names[] = {
        {KEYFN(KEY_UP), "Up"},       {KEYFN(KEY_DOWN), "Down"},     {KEYFN(KEY_LEFT), "Left"},
        {KEYFN(KEY_RIGHT), "Right"}, {KEYFN(KEY_PPAGE), "PgUp"},    {KEYFN(KEY_NPAGE), "PgDn"},
        {KEYFN(KEY_HOME), "Home"},   {KEYFN(KEY_END), "End"},       {KEYFN(KEY_BTAB), "Shift-Tab"},
        {KEYFN(KEY_DC), "Delete"},   {KEYFN(KEY_BACKSPACE), "Backspace"},
        {KEYFN(KEY_ENTER), "Enter"}, {KEYFN(KEY_F(1)), "F1"},       {'\t', "Tab"},
        {'\r', "Enter"},             {'\n', "Ctrl-J"},              {' ', "Space"},
        {KEY_ESCAPE, "Esc"},         {127, "Backspace"},
    };
    for (size_t i = 0; i < COUNT(names); i++) {
        if (names[i].key == key) {
            snprintf(buf, size, "%s", names[i].name);
            return;
        }
    }
    if (key > 0 && key < 32)
        snprintf(buf, size, "Ctrl-%c", 'A' + key - 1);
    else if (key > 32 && key < 127)
        snprintf(buf, size, "%c", key);
    else
        snprintf(buf, size, "#%d", key);
}

/* Test-only sync point (tui/README.md): with JIXIAO_TEST_SYNC set in the
 * environment, KEY_TEST_SYNC (Ctrl-], bound to nothing in either table) is
 * not a key: the screen is brought fully up to date and a marker
 * ESC ] 777 ; jixiao-sync ; N BEL (an OSC terminals ignore) is written
 * after it, N counting the sync keys seen. A test that sends the key and
 * waits for marker N knows every key before it has been handled and drawn.
 * Without the variable the key is an ordinary (unbound) key. */
#define KEY_TEST_SYNC KEY_CTRL(']')

/* A control sequence straight to the terminal, past curses' buffer. */
static void write_term(const char *p, size_t n)
{
    while (n > 0) {
        ssize_t w = write(STDOUT_FILENO, p, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            break;
        p += w;
        n -= (size_t)w;
    }
}

static void test_sync(void)
{
    static unsigned long count;
    /* ncurses stops writing while input is pending (typeahead): switch that
     * off so this doupdate writes everything, then put it back. */
    typeahead(-1);
    doupdate();
    typeahead(STDIN_FILENO);
    fflush(stdout);
    char buf[64];
    int n = snprintf(buf, sizeof buf, "\033]777;jixiao-sync;%lu\a", ++count);
    if (n > 0)
        write_term(buf, (size_t)n);
}

void keys_paste_mode(bool on)
{
    /* Terminals that do not know mode 2004 ignore it; the ones that do
     * wrap pasted text in ESC [200~ ... ESC [201~, which curses then
     * returns as the two key codes defined here. */
    if (on) {
        define_key("\033[200~", KEY_MAX + 1);
        define_key("\033[201~", KEY_MAX + 2);
    }
    fflush(stdout);
    const char *seq = on ? "\033[?2004h" : "\033[?2004l";
    write_term(seq, strlen(seq));
}

int keys_read(WINDOW *w, int *key)
{
    static int sync_on = -1;
    if (sync_on < 0)
        sync_on = getenv("JIXIAO_TEST_SYNC") != NULL;
    for (;;) {
        wint_t wc;
        int r = wget_wch(w, &wc);
        if (r == ERR)
            return ERR;
        if (sync_on && r != KEY_CODE_YES && wc == KEY_TEST_SYNC) {
            test_sync();
            continue;
        }
        *key = r == KEY_CODE_YES ? KEYFN((int)wc) : (int)wc;
        return OK;
    }
}

/* Letters that still act while the field cursor is on a number: moving
 * (h j k l g G), clearing the field (x), undo (u) and quit (q, which asks
 * when there are unsaved changes). Any other letter there
 * is taken as an attempt to type into the field: a clerk typing "abc" into a
 * money figure is told it takes digits, and no command runs. */
static bool letter_refused(const struct editor *ed, int key)
{
    if (key >= 0x80 || !isalpha(key))
        return false;
    if (ed->focus != FOCUS_DETAIL || ed->fsel < 0 || (size_t)ed->fsel >= ed->nfields ||
        !fields_is_number(&ed->fields[ed->fsel]))
        return false;
    return !strchr("hjklgGxuq", key);
}

unsigned keys_dispatch(struct editor *ed, int key)
{
    if (key == KEY_PASTE_BEGIN || key == KEY_PASTE_END) {
        ed->pasting = key == KEY_PASTE_BEGIN;
        return REDO_NONE;
    }
    if (ed->pasting)
        return act_paste(ed, key);
    if (ed->fe.active) {
        for (size_t i = 0; i < COUNT(edit_bindings); i++)
            if (edit_bindings[i].key == key)
                return field_edit_op(ed, edit_bindings[i].op);
        if (fields_is_number(&ed->fe.f) && key < 0x80 && isalpha(key)) {
            status_set_msg(ed, true, _("%s takes digits only (Esc: back to the tree for commands)"),
                           fields_label(ed, &ed->fe.f));
            return REDO_STATUS;
        }
        if (key >= ' ' && key != 127 && key < 0x110000 && !(key & KEYFN(0))) {
            char u[8];
            mbstate_t st;
            memset(&st, 0, sizeof st);
            size_t n = wcrtomb(u, (wchar_t)key, &st);
            if (n != (size_t)-1)
                return field_edit_char(ed, u, n);
        }
        return REDO_NONE;
    }
    if (letter_refused(ed, key)) {
        status_set_msg(ed, true, _("%s takes digits only (Esc: back to the tree for commands)"),
                       fields_label(ed, &ed->fields[ed->fsel]));
        return REDO_STATUS;
    }
    for (size_t i = 0; i < COUNT(bindings); i++)
        if (bindings[i].key == key)
            return actions[bindings[i].what].fn(ed);
    if (!(key & KEYFN(0)))
        return act_type(ed, key);
    return REDO_NONE;
}

/* ---- help screen ---- */

struct help_entry {
    char keys[128];
    const char *text;   /* translated */
    bool title;
};

struct help_buf {
    struct help_entry *v;
    size_t n, cap;
};

static void help_add(struct help_buf *h, const char *keys, const char *text, bool title)
{
    struct help_entry *p = grow_array(h->v, &h->cap, h->n, 1, sizeof *p);
    if (!p)
        return;
    h->v = p;
    struct help_entry *e = &h->v[h->n++];
    snprintf(e->keys, sizeof e->keys, "%s", keys);
    e->text = text;
    e->title = title;
}

static void join_key(char *buf, size_t size, int key)
{
    char nb[32];
    keys_name(key, nb, sizeof nb);
    /* Several codes can share a name (CR and KEY_ENTER are both Enter). */
    for (const char *p = strstr(buf, nb); p; p = strstr(p + 1, nb))
        if ((p == buf || p[-1] == ' ') && (p[strlen(nb)] == ',' || !p[strlen(nb)]))
            return;
    size_t n = strlen(buf);
    snprintf(buf + n, size - n, "%s%s", n ? ", " : "", nb);
}

/* The review fields' keys (--review): they act inside the fields, so they
 * are not in the bindings table; listed first on the help screen of a
 * reviewer. */
static const struct {
    const char *keys, *help;
} review_keys[] = {
    {"Tab Enter", N_("From an indicator to its review score")},
    {"0-9 .", N_("Type the review score (empty: keep the self-assessed score)")},
    {"1", N_("Verdict 通过 (passed), on the review status")},
    {"2", N_("Verdict 有疑问 (queried)")},
    {"3", N_("Verdict 退回修改 (sent back)")},
    {"Up Down", N_("Step through the verdicts; Enter keeps one")},
    {"x", N_("Clear the review score, verdict or comment")},
    {"Ctrl-J", N_("New line in the review comment; Enter keeps the comment")},
};

static void help_build(struct help_buf *h, bool review)
{
    if (review) {
        help_add(h, "", _("Reviewing (--review): the 复核 fields"), true);
        for (size_t i = 0; i < COUNT(review_keys); i++)
            help_add(h, review_keys[i].keys, _(review_keys[i].help), false);
    }
    static const char *const titles[SEC__COUNT] = {
        [SEC_MOVE] = N_("Moving around"),
        [SEC_EDIT] = N_("Scoring and changes"),
        [SEC_FILE] = N_("Files and screen"),
    };
    for (int s = 0; s < SEC__COUNT; s++) {
        help_add(h, "", _(titles[s]), true);
        for (int a = 0; a < KA__COUNT; a++) {
            if (actions[a].section != (enum section)s)
                continue;
            char keys[128] = "";
            for (size_t b = 0; b < COUNT(bindings); b++)
                if (bindings[b].what == a)
                    join_key(keys, sizeof keys, bindings[b].key);
            help_add(h, keys, _(actions[a].help), false);
        }
    }
    help_add(h, "", _("While editing a field (digits or Chinese text start editing too)"), true);
    for (size_t i = 0; i < COUNT(edit_bindings); i++) {
        if (!edit_bindings[i].help)
            continue;
        char keys[128] = "";
        /* Entries without help text are more keys for the one with it. */
        for (size_t j = 0; j < COUNT(edit_bindings); j++)
            if (edit_bindings[j].op == edit_bindings[i].op && (j == i || !edit_bindings[j].help))
                join_key(keys, sizeof keys, edit_bindings[j].key);
        help_add(h, keys, _(edit_bindings[i].help), false);
    }
}

#define HELP_KEYS_W 24

/* Visual lines of the help at this width: (entry, byte offset) pairs. */
struct help_line {
    size_t entry, off, len;
};

static size_t help_layout(const struct help_buf *h, int cols, struct help_line **out)
{
    size_t n = 0, cap = h->n * 2 + 8;
    struct help_line *v = malloc(cap * sizeof *v);
    int textw = cols - HELP_KEYS_W - 3;
    if (textw < 10)
        textw = 10;
    for (size_t e = 0; v && e < h->n; e++) {
        const char *t = h->v[e].text;
        size_t len = strlen(t), pos = 0;
        if (h->v[e].title) {
            if (n + 2 > cap)
                break;
            v[n++] = (struct help_line){e, 0, 0};   /* blank line before a title */
            v[n++] = (struct help_line){e, 0, len};
            continue;
        }
        do {
            size_t shown, used = draw_wrap(t + pos, len - pos, textw, &shown);
            struct help_line *q = grow_array(v, &cap, n, 1, sizeof *q);
            if (!q)
                break;
            v = q;
            v[n++] = (struct help_line){e, pos, shown};
            pos += used;
        } while (pos < len);
    }
    *out = v;
    return v ? n : 0;
}

static void help_draw(struct editor *ed, WINDOW *w, const struct help_buf *h,
                      const struct help_line *lines, size_t nlines, int top)
{
    int rows = ed->lay.rows, cols = ed->lay.cols;
    werase(w);
    draw_fill(w, 0, 0, cols, layout_attr(ed, ROLE_HEADER));
    draw_text_clip(w, 0, 0, _(" jixiao help: q or Esc closes, arrows and PgUp/PgDn scroll"), cols,
                   layout_attr(ed, ROLE_HEADER));
    for (int y = 1; y < rows; y++) {
        size_t i = (size_t)(top + y - 1);
        if (i >= nlines)
            break;
        const struct help_line *l = &lines[i];
        const struct help_entry *e = &h->v[l->entry];
        if (e->title) {
            draw_text(w, y, 1, e->text, l->len, cols - 1, A_BOLD);
            continue;
        }
        if (l->off == 0)
            draw_text_clip(w, y, 2, e->keys, HELP_KEYS_W, layout_attr(ed, ROLE_LABEL));
        draw_text(w, y, HELP_KEYS_W + 3, e->text + l->off, l->len, cols - HELP_KEYS_W - 3,
                  A_NORMAL);
    }
    wnoutrefresh(w);
    doupdate();
}

unsigned keys_help(struct editor *ed)
{
    struct help_buf h = {0};
    help_build(&h, ed->review);
    struct help_line *lines = NULL;
    size_t nlines = 0;
    int top = 0;
    WINDOW *w = NULL;
    curs_set(0);
    for (;;) {
        if (!w && !ed->lay.too_small) {
            w = newwin(ed->lay.rows, ed->lay.cols, 0, 0);
            free(lines);
            nlines = help_layout(&h, ed->lay.cols, &lines);
        }
        int maxtop = (int)nlines - (ed->lay.rows - 1);
        if (top > maxtop)
            top = maxtop;
        if (top < 0)
            top = 0;
        if (w)
            help_draw(ed, w, &h, lines, nlines, top);
        int key = overlay_key(ed, &w, &top, ed->lay.rows > 3 ? ed->lay.rows - 2 : 1,
                              (int)nlines);
        if (key == 'q' || key == KEY_ESCAPE || key == '?' || key == '\r' ||
            key == KEYFN(KEY_F(1)))
            break;
    }
    if (w)
        delwin(w);
    free(lines);
    free(h.v);
    return REDO_LAYOUT;
}

int overlay_key(struct editor *ed, WINDOW **w, int *pos, int page, int last)
{
    int key;
    if (keys_read(stdscr, &key) == ERR)
        return 0;
    if (key == KEYFN(KEY_RESIZE)) {
        if (*w)
            delwin(*w);
        *w = NULL;
        editor_resize(ed);
        return 0;
    }
    if (key == KEYFN(KEY_DOWN) || key == 'j')
        (*pos)++;
    else if (key == KEYFN(KEY_UP) || key == 'k')
        (*pos)--;
    else if (key == KEYFN(KEY_NPAGE) || key == ' ' || key == KEY_CTRL('f'))
        *pos += page;
    else if (key == KEYFN(KEY_PPAGE) || key == KEY_CTRL('b'))
        *pos -= page;
    else if (key == KEYFN(KEY_HOME) || key == 'g')
        *pos = 0;
    else if (key == KEYFN(KEY_END) || key == 'G')
        *pos = last;
    else
        return key;
    return 0;
}
