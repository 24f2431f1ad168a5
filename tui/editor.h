/* editor.h - the ncurses editor, entered from main.c. */
#ifndef JIXIAO_EDITOR_H
#define JIXIAO_EDITOR_H

#include <stdbool.h>

struct editor_opts {
    const char *draft_path;   /* NULL: new draft, ask for a name on first save */
    const char *form_path;    /* NULL: the embedded standard form (or per draft) */
    bool view_only;           /* --view */
    bool review;              /* --review: record a second reader's 复核 */
};

/* Run the editor until the user quits. Returns the process exit status
 * (0 ok, 1 the draft could not be opened, 2 terminal/locale problems) and
 * prints its own messages to stderr when it cannot start. */
int editor_run(const struct editor_opts *o);

#endif
