/* vt.h - run a program in a pseudo-terminal and read its screen.
 *
 * The program's output is fed to an in-process libvterm, so tests read
 * cells (wide characters included) instead of escape sequences. Every
 * wait polls the pty with a deadline, so tests wait for content rather
 * than sleep.
 */
#ifndef JIXIAO_VT_H
#define JIXIAO_VT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>

struct vt;

/* Start argv in a rows x cols pty with TERM=xterm-256color, LC_ALL=C.UTF-8,
 * JIXIAO_TEST_SYNC=1 (vt_sync) and the extra "NAME=value" strings of env (NULL-terminated, may be
 * NULL). Returns NULL on failure. */
struct vt *vt_spawn(int rows, int cols, char *const argv[], char *const env[]);

/* Read what is available within timeout_ms; returns bytes read, 0 on
 * timeout, -1 once the program has closed the pty. */
long vt_pump(struct vt *t, int timeout_ms);

/* Wait until text appears anywhere on screen (or on one row). */
bool vt_wait(struct vt *t, const char *text, int timeout_ms);
bool vt_wait_row(struct vt *t, int row, const char *text, int timeout_ms);
/* Wait until text is no longer on screen. */
bool vt_wait_gone(struct vt *t, const char *text, int timeout_ms);
bool vt_contains(struct vt *t, const char *text);
/* Whether text was in the first 64 KB the program wrote, even if it is no
 * longer on the screen. */
bool vt_said(struct vt *t, const char *text);

/* The text of a row as UTF-8 (a wide character once), trailing blanks
 * removed. buf must hold at least 4 * cols + 1 bytes. */
char *vt_row(struct vt *t, int row, char *buf, size_t size);
int vt_find_row(struct vt *t, const char *text);   /* first row with text, -1 */
/* Cell attributes at (row, col). */
bool vt_reverse(struct vt *t, int row, int col);
void vt_cursor(struct vt *t, int *row, int *col);
int vt_rows(struct vt *t);
int vt_cols(struct vt *t);

/* Send bytes as typed. vt_key sends a special key the way the terminal
 * would in its current mode (cursor keys, Tab, ...). */
void vt_send(struct vt *t, const char *bytes);
enum vt_key { VT_UP, VT_DOWN, VT_LEFT, VT_RIGHT, VT_HOME, VT_END, VT_PGUP, VT_PGDN,
              VT_BACKTAB, VT_DEL, VT_BACKSPACE, VT_ESC, VT_ENTER, VT_TAB };
void vt_key(struct vt *t, enum vt_key k);

/* The sync point (tui/README.md; the editor must run with
 * JIXIAO_TEST_SYNC=1): send the sync key (Ctrl-]) and read until the
 * editor's marker for it arrives, so every key sent before has been handled
 * and its screen drawn. False on timeout or if the program exited first. */
#define VT_SYNC_KEY "\035"
bool vt_sync(struct vt *t, int timeout_ms);
/* The highest sync marker number read so far (0: none). */
unsigned long vt_synced(struct vt *t);

/* Resize the terminal (the program gets SIGWINCH). */
void vt_resize(struct vt *t, int rows, int cols);

/* Bytes the program has written so far. */
unsigned long long vt_bytes(struct vt *t);

pid_t vt_pid(struct vt *t);
/* Wait for the program to exit; returns its exit status, or -1 on
 * timeout (or death by signal: -signal - 1000). */
int vt_wait_exit(struct vt *t, int timeout_ms);
void vt_dump(struct vt *t, FILE *out);
void vt_free(struct vt *t);   /* kills the program if still running */

#endif
