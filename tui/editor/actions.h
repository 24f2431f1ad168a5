/* actions.h - what the keys of the normal mode do (bound in keys.c).
 * Each returns the enum redo bits of what must be drawn again. */
#ifndef JIXIAO_ACTIONS_H
#define JIXIAO_ACTIONS_H

struct editor;

unsigned act_up(struct editor *ed);
unsigned act_down(struct editor *ed);
unsigned act_page_up(struct editor *ed);
unsigned act_page_down(struct editor *ed);
unsigned act_first(struct editor *ed);
unsigned act_last(struct editor *ed);
unsigned act_left(struct editor *ed);
unsigned act_right(struct editor *ed);
unsigned act_space(struct editor *ed);
unsigned act_enter(struct editor *ed);
unsigned act_escape(struct editor *ed);
unsigned act_next_field(struct editor *ed);
unsigned act_prev_field(struct editor *ed);
unsigned act_clear_field(struct editor *ed);
unsigned act_next_todo(struct editor *ed);
unsigned act_prev_todo(struct editor *ed);
unsigned act_search(struct editor *ed);
unsigned act_search_next(struct editor *ed);
unsigned act_search_prev(struct editor *ed);
unsigned act_undo(struct editor *ed);
unsigned act_redo(struct editor *ed);
unsigned act_save(struct editor *ed);
unsigned act_quit(struct editor *ed);
unsigned act_help(struct editor *ed);
unsigned act_meta(struct editor *ed);
unsigned act_add_custom(struct editor *ed);
unsigned act_del_custom(struct editor *ed);
unsigned act_redraw(struct editor *ed);
unsigned act_problems(struct editor *ed);
unsigned act_evidence_add(struct editor *ed);
unsigned act_evidence_del(struct editor *ed);
unsigned act_evidence_check(struct editor *ed);
unsigned act_use_reason(struct editor *ed);
/* custom_ui.c */
unsigned act_na(struct editor *ed);
/* override_ui.c */
unsigned act_override(struct editor *ed);
unsigned act_override_clear(struct editor *ed);

/* A printable character with no binding: starts editing a field. */
unsigned act_type(struct editor *ed, int key);
/* one key of a bracketed paste: text, never a command */
unsigned act_paste(struct editor *ed, int key);

#endif
