/* ed.h - the editor's state and the interfaces between its modules.
 *
 * One struct editor holds everything (no UI globals). Modules:
 *   editor.c   entry, locale, main loop, resize (the only KEY_RESIZE handler)
 *   session.c  open, save, lock, recovery journal
 *   layout.c   windows from the terminal size; colours
 *   draw.c     drawing UTF-8 by display columns (through core/utf8.h)
 *   tree.c     the indicator tree: visible rows, folding, drawing
 *   fields.c   the fields of the selected node and their text values
 *   detail.c   the right pane
 *   status.c   header, status and message lines
 *   field_edit.c  editing a field: preview, cancel, commit, undo
 *   keys.c     the key table, dispatch, help screen
 *   actions.c  what the keys do (movement, folding, custom indicators)
 *   prompt.c   questions and text input on the message line
 *   search.c   incremental search over indicator names
 *   probs.c    which nodes have a problem, kept per node; the problems view
 *   evidence_ui.c  佐证材料 in the detail pane: attach, remove, check
 *   override_ui.c  o/O: a score typed over the formula, with its reason
 *   folder_ui.c    jixiao DIR: the drafts of a folder; Enter opens one
 *                  through editor_run (its own screen, and its own
 *                  KEY_RESIZE place, as no editor is running then)
 * Actions return a set of enum redo bits; editor.c turns those into
 * drawing, so nothing redraws more than what changed.
 */
#ifndef JIXIAO_ED_H
#define JIXIAO_ED_H

#include <curses.h>
#include <stdbool.h>
#include <stddef.h>

#include "draft.h"
#include "fileio.h"
#include "lineedit.h"

struct journal;
struct history;

/* What must be redone after an action. */
enum redo {
    REDO_NONE = 0,
    REDO_HEADER = 1 << 0,   /* header line */
    REDO_TREE = 1 << 1,     /* tree pane */
    REDO_DETAIL = 1 << 2,   /* detail pane */
    REDO_STATUS = 1 << 3,   /* status and message lines */
    REDO_ROWS = 1 << 4,     /* visible tree rows changed (fold, add, delete) */
    REDO_FIELDS = 1 << 5,   /* field list changed (selection, add, delete) */
    REDO_LAYOUT = 1 << 6,   /* windows must be rebuilt (size, help closed) */
    REDO_QUIT = 1 << 7,
    /* A value in the draft changed: every place that shows values. */
    REDO_VALUES = REDO_HEADER | REDO_TREE | REDO_DETAIL | REDO_STATUS,
};

enum focus { FOCUS_TREE, FOCUS_DETAIL };

enum field_kind {
    FIELD_FIGURE,   /* index: figure of the node */
    FIELD_CHECK,    /* index: rule part */
    FIELD_CHOICE,   /* index: rule part */
    FIELD_VETO,     /* index: rule part */
    FIELD_SCORE,    /* directly scored leaf */
    FIELD_NOTE,     /* 扣分说明 */
    FIELD_META,     /* index: enum draft_meta */
    FIELD_REVIEW_SCORE,    /* 复核 score of a leaf (--review) */
    FIELD_REVIEW_STATUS,   /* 通过 / 有疑问 / 退回修改: a picker */
    FIELD_REVIEW_COMMENT,  /* the reviewer's comment, multi-line */
    FIELD_CUSTOM_NAME,     /* a custom indicator's name (committed, no preview) */
    FIELD_CUSTOM_POINTS,   /* a custom indicator's points (committed, no preview) */
    FIELD_TARGET,          /* a project indicator's 年度指标值 */
    FIELD_ACTUAL,          /* its 实际完成值 */
};

struct field {
    enum field_kind kind;
    int index;
};

/* A field being edited. The draft shows the typed value while typing
 * (preview); inverse, taken at the first preview, restores the value the
 * field had so Esc is exact, and is what history and undo record. */
struct field_edit {
    bool active;
    struct field f;
    int node;              /* -1 for metadata */
    char *orig;            /* text when editing began */
    struct lineedit le;    /* text fields */
    int pick;              /* choice/veto: option shown, -1 unset */
    bool previewed;        /* the draft holds the typed value */
    struct edit inverse;   /* valid when previewed */
    char err[256];         /* why the typed text is refused, "" if fine */
};

struct layout {
    int rows, cols;
    int pane_y, pane_h;    /* tree and detail panes */
    int tree_w;            /* columns of the tree pane */
    int det_x, det_w;
    bool too_small;
};

struct editor {
    /* model */
    struct form *form;
    struct draft *draft;
    struct history *hist;
    struct journal *journal;
    char *path;            /* NULL: not named yet */
    bool view_only;
    bool review;           /* --review: only the 复核 fields can change */
    bool own_lock;         /* we created the lock file of path */
    struct fileio_stamp disk; /* path as read or last saved: changed since? */
    bool modified;
    long saved_depth;      /* history depth of the saved file, -1 unreachable */

    /* tree */
    int *rows;             /* visible node indices, table order */
    size_t nrows, rowcap;
    int *rowpos;           /* per node: its row if rows[rowpos[n]] == n */
    size_t nrowpos;
    int *order;            /* every live node in table order (search, ]/[) */
    int *opos;             /* per node: index in order */
    size_t norder, nopos;
    bool order_dirty;      /* nodes were added or removed since order was built */
    bool *folded;          /* per draft node */
    size_t nfolded;
    int sel;               /* selected node */
    int tree_top;          /* first row shown */

    /* detail */
    bool meta_view;        /* the detail pane shows the metadata screen */
    struct field *fields;
    size_t nfields, fieldcap;
    int fsel;              /* selected field, -1 none */
    int detail_top;        /* first line of the detail content shown */
    bool follow_field;     /* scroll the detail so fsel is visible */
    enum focus focus;
    struct field_edit fe;

    /* search */
    char *search;          /* last search text, NULL if none */

    /* problems (probs.c): per node PSTATE_*, and how many count in the
     * status line; rebuilt when dirty, else kept per change in O(depth) */
    unsigned char *pstate;
    size_t npstate;
    size_t nproblems;
    bool probs_dirty;

    /* evidence of the selected node (evidence_ui.c) */
    int ev_node;           /* node the states are for, -1 none */
    char *ev_text;         /* its evidence text when they were taken */
    int *ev_state;         /* enum evidence_state per reference, -1 unknown */
    size_t ev_n;

    /* screen */
    struct layout lay;
    WINDOW *w_head, *w_tree, *w_sep, *w_detail, *w_status, *w_msg;
    bool color;
    int cursor_y, cursor_x; /* where the terminal cursor goes, y < 0 hidden */
    WINDOW *cursor_win;
    char msg[512];
    bool msg_error;
    bool quit;
    bool pasting;          /* inside a bracketed paste: keys are text */
};

/* Colour pairs / attributes by role (layout.c). */
enum role {
    ROLE_NORMAL, ROLE_HEADER, ROLE_SELECTED, ROLE_SELECTED_DIM, ROLE_UNSCORED, ROLE_PROBLEM,
    ROLE_STATUS, ROLE_ERROR, ROLE_LABEL, ROLE_DIM, ROLE_EDIT, ROLE__COUNT
};

/* ---- keys: a key code is a character, or KEYFN(curses KEY_ code) ---- */
#define KEYFN(k) (0x40000000 | (k))
#define KEY_CTRL(c) ((c) & 0x1f)
#define KEY_ESCAPE 27

/* layout.c */
/* Start curses on the terminal as the editor and the folder list use it:
 * raw keys, no echo, keypad, bracketed paste, a 250 ms read timeout (see
 * a resize that lands between reads), no cursor. NULL when the terminal
 * cannot be used, which is said on stderr. */
SCREEN *layout_term_start(void);
void layout_init_colors(struct editor *ed);
attr_t layout_attr(const struct editor *ed, enum role r);
void layout_compute(struct layout *lay, int rows, int cols);
void layout_apply(struct editor *ed);   /* (re)create windows from ed->lay */
void layout_free(struct editor *ed);
void layout_draw_too_small(struct editor *ed);

/* draw.c: all text drawn through here, clipped by display columns */
int draw_text(WINDOW *w, int y, int x, const char *s, size_t len, int cols, attr_t a);
int draw_text_clip(WINDOW *w, int y, int x, const char *s, int cols, attr_t a);
int draw_text_elide(WINDOW *w, int y, int x, const char *s, int cols, attr_t a);
void draw_fill(WINDOW *w, int y, int x, int cols, attr_t a);
/* One visual line of s fitting in cols; returns bytes consumed including a
 * line break; *shown gets the bytes to draw. */
size_t draw_wrap(const char *s, size_t len, int cols, size_t *shown);
int draw_count_lines(const char *s, int cols);

/* tree.c */
int tree_rebuild_rows(struct editor *ed);
int tree_row_of(const struct editor *ed, int node);  /* -1 if folded away */
void tree_reveal(struct editor *ed, int node);        /* unfold ancestors */
void tree_draw(struct editor *ed);
bool tree_is_folded(const struct editor *ed, int node);
void tree_set_folded(struct editor *ed, int node, bool folded);
void tree_scroll_to_sel(struct editor *ed);

/* fields.c */
int fields_rebuild(struct editor *ed);
/* Text of a field as stored in the draft (formatted), into buf. */
const char *fields_value(const struct editor *ed, const struct field *f, char *buf,
                         size_t size);
const char *fields_label(const struct editor *ed, const struct field *f);
bool fields_is_text(const struct field *f);
/* a figure, a score or points: takes digits, never letters */
/* True for a field whose Enter is a line break (a note, a comment, the
 * goal texts of a project). */
bool fields_is_multiline(const struct field *f);
bool fields_is_number(const struct field *f);
/* Options of a choice/veto field: count, and label of option i. */
int fields_nopts(const struct editor *ed, const struct field *f);
const char *fields_opt_label(const struct editor *ed, const struct field *f, int i,
                             char *buf, size_t size);
int fields_current_pick(const struct editor *ed, const struct field *f);
/* Build the edit that sets field f of the selected node to value. */
int fields_make_edit(const struct editor *ed, const struct field *f, const char *value,
                     struct edit *e);

/* True for the fields of the self-assessment (everything but 复核). */
bool fields_is_review(const struct field *f);
/* Index of the first 复核 field, or -1. */
int fields_first_review(const struct editor *ed);

/* detail.c */
void detail_draw(struct editor *ed);

/* probs.c */
/* PSTATE_UNSCORED: not scored yet or figures missing; PSTATE_PROBLEM: the rest */
enum { PSTATE_NONE, PSTATE_UNSCORED, PSTATE_PROBLEM };
void probs_reset(struct editor *ed);                /* recount on the next use */
void probs_touch(struct editor *ed, int node);      /* node and its ancestors changed */
size_t probs_count(struct editor *ed);              /* problems other than unscored */
/* The node's own problem as text for the detail pane (none for unscored);
 * returns false when there is nothing to say. */
bool probs_describe(const struct editor *ed, int node, char *buf, size_t size);
unsigned probs_view(struct editor *ed);             /* the problems list, modal */

/* evidence_ui.c */
void evidence_ui_forget(struct editor *ed);
/* Put the selected node's evidence lines (with their state) into the
 * detail pane through put(ctx, text, role). */
void evidence_ui_lines(struct editor *ed, void (*put)(void *, const char *, enum role),
                       void *ctx);
unsigned evidence_ui_attach(struct editor *ed);
unsigned evidence_ui_remove(struct editor *ed);
unsigned evidence_ui_check(struct editor *ed);

/* order (tree.c): table order of every live node */
void tree_order_build(struct editor *ed);
static inline void tree_order_ensure(struct editor *ed)
{
    if (ed->order_dirty || !ed->order)
        tree_order_build(ed);
}
/* A draft change was applied: keep the caches (problems, order) right.
 * node < 0 or structural: recount everything lazily. */
void editor_changed(struct editor *ed, int node, bool structural);

/* status.c */
void status_draw_header(struct editor *ed);
void status_draw(struct editor *ed);
void status_draw_msg(struct editor *ed);
void status_set_msg(struct editor *ed, bool error, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Operations on the field being edited (bound to keys in keys.c). */
enum edit_op {
    EOP_COMMIT, EOP_COMMIT_NEXT, EOP_COMMIT_PREV, EOP_CANCEL, EOP_COMMIT_SAVE,
    EOP_LEFT, EOP_RIGHT, EOP_HOME, EOP_END, EOP_BACKSPACE, EOP_DELETE, EOP_KILL,
    EOP_NEWLINE, EOP_PREV_OPT, EOP_NEXT_OPT,
};

/* field_edit.c */
unsigned field_edit_begin(struct editor *ed, const char *initial, bool keep_value);
unsigned field_edit_op(struct editor *ed, enum edit_op op);
/* A typed character (UTF-8): inserted, or an option number for a picker. */
unsigned field_edit_char(struct editor *ed, const char *s, size_t n);
unsigned field_edit_commit(struct editor *ed);
unsigned field_edit_cancel(struct editor *ed);
/* draft_apply, then keep the editor's caches right: every change to the
 * draft goes through here (previews included). */
int field_edit_apply(struct editor *ed, const struct edit *e, struct edit *inv, char *why,
                     size_t whylen);
/* Record in history and journal a change already applied: the one path
 * for a committed change. */
int field_edit_record(struct editor *ed, const struct edit *fwd, const struct edit *inv);
unsigned field_edit_undo(struct editor *ed, bool redo);
void field_edit_free(struct field_edit *fe);

/* keys.c */
unsigned keys_dispatch(struct editor *ed, int key);
unsigned keys_help(struct editor *ed);
int keys_read(WINDOW *w, int *key);   /* get_wch into one int code; ERR/OK */
/* bracketed paste on (at start) or off (before endwin): pasted text then
 * arrives between KEY_PASTE_BEGIN and KEY_PASTE_END */
void keys_paste_mode(bool on);
#define KEY_PASTE_BEGIN KEYFN(KEY_MAX + 1)
#define KEY_PASTE_END KEYFN(KEY_MAX + 2)
void keys_name(int key, char *buf, size_t size);

/* actions.c */
void actions_select(struct editor *ed, int node);   /* sel + fields + scroll */
/* select a node with a problem and land on its field to fix (]/[, problems view) */
void actions_goto_problem(struct editor *ed, int node);
/* Give custom indicator node a new name and points: one undo step (the
 * core has no such edit, so it is removed and added again, with its
 * later custom siblings to keep their order, and its texts restored).
 * Returns 0, or -1 with a message shown. */
int actions_custom_set(struct editor *ed, int node, const char *name, const char *points);
bool actions_refuse_self(struct editor *ed);

/* Full-screen overlays (help, problems): read a key, handle a resize (the
 * overlay window is dropped and made again), and turn the moving keys into
 * a position: *pos moves by a line or a page, to 0 or to last. Returns
 * the key, or 0 when it was a resize or a moving key already applied. */
int overlay_key(struct editor *ed, WINDOW **w, int *pos, int page, int last);

/* prompt.c: modal questions on the message line; they handle resizes */
int prompt_yesno(struct editor *ed, const char *question);   /* 1 yes, 0 no, -1 cancel */
int prompt_choice(struct editor *ed, const char *question, const char *keys);
char *prompt_text(struct editor *ed, const char *label, const char *initial);
/* Incremental variant: calls on_change after every keystroke. */
char *prompt_text_live(struct editor *ed, const char *label, const char *initial,
                       void (*on_change)(struct editor *, const char *, void *), void *ctx);

/* search.c */
unsigned search_start(struct editor *ed);
unsigned search_repeat(struct editor *ed, bool backward);

/* session.c */
int session_open(struct editor *ed, const char *path, const char *form_path, bool view_only,
                 bool review);
unsigned session_startup_questions(struct editor *ed);
unsigned session_save(struct editor *ed);
void session_journal_edit(struct editor *ed, const struct edit *e);
void session_close(struct editor *ed, bool keep_journal);

/* folder_ui.c: the folder screen for o->draft_path, a folder; returns
 * the exit status as editor_run does */
struct editor_opts;
int folder_ui_run(const struct editor_opts *o);

/* editor.c */
void editor_resize(struct editor *ed);   /* the one place for KEY_RESIZE */
void editor_redraw(struct editor *ed, unsigned redo);
void editor_refresh(struct editor *ed);  /* push drawn windows to the terminal */

#endif
