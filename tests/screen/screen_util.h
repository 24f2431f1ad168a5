/* screen_util.h - the pseudo-terminal test harness shared by the screen
 * suites: a fixture with a copy of the example draft, starting jixiao,
 * waiting for text with deadlines (never fixed sleeps). */
#ifndef JIXIAO_SCREEN_UTIL_H
#define JIXIAO_SCREEN_UTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <cmocka.h>
#include "../cmocka_noreturn.h"

#include "draft.h"
#include "forms.h"
#include "vt.h"

#define WAIT_MS 10000

struct fx {
    char dir[256];
    char path[512];     /* a copy of the example draft */
    struct vt *t;
};

const char *screen_bin(void);
/* Path of the example draft in the source tree. */
void example_path(char *buf, size_t size);
void copy_file(const char *from, const char *to);
/* cmocka setup/teardown: a temp folder with a copy of the example. */
int setup(void **state);
int teardown(void **state);
/* Start jixiao with up to three arguments (NULL ends them). */
struct vt *start(int rows, int cols, const char *a1, const char *a2, const char *a3);
/* The same in Chinese (LC_ALL=zh_CN.UTF-8, LANGUAGE=zh_CN); the test is
 * skipped, saying why, on a system without that locale. */
struct vt *start_zh(int rows, int cols, const char *a1, const char *a2, const char *a3);

#define must_wait(t, text) must_wait_at(t, -1, text, __LINE__)
#define must_wait_row(t, row, text) must_wait_at(t, row, text, __LINE__)
#define must_go(t, text) must_go_at(t, text, __LINE__)
void must_wait_at(struct vt *t, int row, const char *text, int line);
/* After keys: sync (every key sent has been handled and drawn), then check
 * the screen as it is now, without waiting. must_wait is for what comes by
 * itself (startup, reading files). */
#define must_sync(t) must_sync_at(t, __LINE__)
#define must_row(t, row, text) must_row_at(t, row, text, __LINE__)
#define must_see(t, text) must_screen_at(t, text, true, __LINE__)
#define must_not_see(t, text) must_screen_at(t, text, false, __LINE__)
void must_sync_at(struct vt *t, int line);
void must_row_at(struct vt *t, int row, const char *text, int line);
void must_screen_at(struct vt *t, const char *text, bool present, int line);
void must_go_at(struct vt *t, const char *text, int line);

static inline int status_row(struct vt *t) { return vt_rows(t) - 2; }
static inline int msg_row(struct vt *t) { return vt_rows(t) - 1; }

/* Typing a leaf as a user does, in the order the editor shows its fields
 * (figures, checklist/choice/veto parts, a direct score, the note): a
 * text field is opened with Enter, cleared with Ctrl-U, kept with Enter;
 * an empty value moves on with j. With accept, the note is not typed: the
 * reason jixiao drafted is taken with R. Leaves with h. */
/* Write text to path (the test fails if it cannot); true when path holds
 * exactly text (at most 255 bytes compared). */
void put_text(const char *path, const char *text);
bool file_is(const char *path, const char *text);

void type_text(struct vt *t, const char *v);
void enter_leaf(struct vt *t, const struct dnode *n, bool accept);

struct form *std_form(void);
struct draft *load_draft(const char *path, const struct form *f);
/* Open the fixture's copy of the example and wait for its total. */
struct vt *open_example(struct fx *fx, int rows, int cols);
/* Select 3.3.1 (scored directly, 18 of 20) by searching its Chinese name. */
void goto_effect(struct vt *t);

#endif
