/* vt.c - a program in a pty, its screen in libvterm. */
#include "vt.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <vterm.h>

struct vt {
    int fd;
    pid_t pid;
    int status;
    bool exited;
    VTerm *vt;
    VTermScreen *screen;
    int rows, cols;
    unsigned long long bytes;
    char head[64 << 10];   /* the first bytes written, kept for vt_said */
    size_t nhead;
    /* The sync marker (vt_sync), matched byte by byte so it may be split
     * across reads: how much of its prefix matched, the number so far. */
    size_t sync_match;
    unsigned long sync_num, sync_seen, sync_sent;
};

static const char sync_prefix[] = "\033]777;jixiao-sync;";

static void scan_sync(struct vt *t, const char *buf, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char c = buf[i];
        size_t plen = sizeof sync_prefix - 1;
        if (t->sync_match < plen) {
            if (c == sync_prefix[t->sync_match])
                t->sync_match++;
            else
                t->sync_match = c == sync_prefix[0];
            if (t->sync_match == plen)
                t->sync_num = 0;
        } else if (c >= '0' && c <= '9') {
            t->sync_num = t->sync_num * 10 + (unsigned long)(c - '0');
        } else {
            if (c == '\a' && t->sync_num > t->sync_seen)
                t->sync_seen = t->sync_num;
            t->sync_match = c == sync_prefix[0];
        }
    }
}

static void feed(struct vt *t, const char *buf, size_t n)
{
    size_t keep = n < sizeof t->head - 1 - t->nhead ? n : sizeof t->head - 1 - t->nhead;
    memcpy(t->head + t->nhead, buf, keep);
    t->nhead += keep;
    t->head[t->nhead] = '\0';
    t->bytes += (unsigned long long)n;
    scan_sync(t, buf, n);
    vterm_input_write(t->vt, buf, n);
}

bool vt_said(struct vt *t, const char *text)
{
    for (size_t i = 0; i < t->nhead; i += strlen(t->head + i) + 1)
        if (strstr(t->head + i, text))
            return true;
    return false;
}

/* Keys and answers to terminal queries go to the program. The pty is
 * non-blocking: when its input is full, read the program's output while
 * waiting, or both sides would block on each other. */
static void on_output(const char *s, size_t len, void *user)
{
    struct vt *t = user;
    while (len > 0) {
        ssize_t w = write(t->fd, s, len);
        if (w < 0 && (errno == EAGAIN || errno == EINTR)) {
            struct pollfd p = {.fd = t->fd, .events = POLLIN | POLLOUT};
            if (poll(&p, 1, 100) > 0 && (p.revents & POLLIN)) {
                char buf[65536];
                ssize_t n = read(t->fd, buf, sizeof buf);
                if (n > 0)
                    feed(t, buf, (size_t)n);
            }
            continue;
        }
        if (w <= 0)
            return;
        s += w;
        len -= (size_t)w;
    }
}

struct vt *vt_spawn(int rows, int cols, char *const argv[], char *const env[])
{
    struct vt *t = calloc(1, sizeof *t);
    if (!t)
        return NULL;
    struct winsize ws = {.ws_row = (unsigned short)rows, .ws_col = (unsigned short)cols};
    pid_t pid = forkpty(&t->fd, NULL, NULL, &ws);
    if (pid < 0) {
        free(t);
        return NULL;
    }
    if (pid == 0) {
        setenv("TERM", "xterm-256color", 1);
        setenv("LC_ALL", "C.UTF-8", 1);
        setenv("JIXIAO_TEST_SYNC", "1", 1);   /* vt_sync's key */
        unsetenv("NO_COLOR");
        for (size_t i = 0; env && env[i]; i++)
            putenv(env[i]);
        execvp(argv[0], argv);
        _exit(127);
    }
    t->pid = pid;
    fcntl(t->fd, F_SETFL, fcntl(t->fd, F_GETFL) | O_NONBLOCK);
    t->rows = rows;
    t->cols = cols;
    t->vt = vterm_new(rows, cols);
    vterm_set_utf8(t->vt, 1);
    vterm_output_set_callback(t->vt, on_output, t);
    t->screen = vterm_obtain_screen(t->vt);
    vterm_screen_enable_altscreen(t->screen, 1);
    vterm_screen_reset(t->screen, 1);
    return t;
}

static long long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

long vt_pump(struct vt *t, int timeout_ms)
{
    struct pollfd p = {.fd = t->fd, .events = POLLIN};
    int r = poll(&p, 1, timeout_ms);
    if (r <= 0)
        return 0;
    char buf[65536];
    ssize_t n = read(t->fd, buf, sizeof buf);
    if (n < 0 && (errno == EAGAIN || errno == EINTR))
        return 0;
    if (n <= 0)
        return -1;   /* EIO: the program closed the pty */
    feed(t, buf, (size_t)n);
    return n;
}

int vt_rows(struct vt *t) { return t->rows; }
int vt_cols(struct vt *t) { return t->cols; }
pid_t vt_pid(struct vt *t) { return t->pid; }
unsigned long long vt_bytes(struct vt *t) { return t->bytes; }

static size_t put_utf8(char *out, uint32_t cp)
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

char *vt_row(struct vt *t, int row, char *buf, size_t size)
{
    size_t n = 0;
    for (int c = 0; c < t->cols; c++) {
        VTermScreenCell cell;
        VTermPos pos = {.row = row, .col = c};
        if (!vterm_screen_get_cell(t->screen, pos, &cell))
            continue;
        if (cell.chars[0] == (uint32_t)-1)
            continue;   /* right half of a wide character */
        if (cell.chars[0] == 0) {
            if (n + 1 < size)
                buf[n++] = ' ';
            continue;
        }
        for (int i = 0; i < VTERM_MAX_CHARS_PER_CELL && cell.chars[i]; i++)
            if (n + 5 < size)
                n += put_utf8(buf + n, cell.chars[i]);
    }
    while (n > 0 && buf[n - 1] == ' ')
        n--;
    buf[n] = '\0';
    return buf;
}

int vt_find_row(struct vt *t, const char *text)
{
    char buf[4096];
    for (int r = 0; r < t->rows; r++)
        if (strstr(vt_row(t, r, buf, sizeof buf), text))
            return r;
    return -1;
}

bool vt_contains(struct vt *t, const char *text)
{
    return vt_find_row(t, text) >= 0;
}

bool vt_reverse(struct vt *t, int row, int col)
{
    VTermScreenCell cell;
    VTermPos pos = {.row = row, .col = col};
    return vterm_screen_get_cell(t->screen, pos, &cell) && cell.attrs.reverse;
}

void vt_cursor(struct vt *t, int *row, int *col)
{
    VTermPos pos;
    vterm_state_get_cursorpos(vterm_obtain_state(t->vt), &pos);
    *row = pos.row;
    *col = pos.col;
}

static bool wait_for(struct vt *t, int row, const char *text, bool present, int timeout_ms)
{
    long long end = now_ms() + timeout_ms;
    for (;;) {
        /* Drain what is there before judging the screen. */
        while (vt_pump(t, 0) > 0)
            ;
        char buf[4096];
        bool found = row >= 0 ? strstr(vt_row(t, row, buf, sizeof buf), text) != NULL
                              : vt_contains(t, text);
        if (found == present)
            return true;
        long long left = end - now_ms();
        if (left <= 0)
            return false;
        if (vt_pump(t, (int)(left < 50 ? left : 50)) < 0) {
            /* The program is gone; the screen will not change any more. */
            found = row >= 0 ? strstr(vt_row(t, row, buf, sizeof buf), text) != NULL
                             : vt_contains(t, text);
            return found == present;
        }
    }
}

bool vt_wait(struct vt *t, const char *text, int timeout_ms)
{
    return wait_for(t, -1, text, true, timeout_ms);
}

bool vt_wait_row(struct vt *t, int row, const char *text, int timeout_ms)
{
    return wait_for(t, row, text, true, timeout_ms);
}

bool vt_wait_gone(struct vt *t, const char *text, int timeout_ms)
{
    return wait_for(t, -1, text, false, timeout_ms);
}

void vt_send(struct vt *t, const char *bytes)
{
    on_output(bytes, strlen(bytes), t);
}

unsigned long vt_synced(struct vt *t) { return t->sync_seen; }

bool vt_sync(struct vt *t, int timeout_ms)
{
    unsigned long want = ++t->sync_sent;
    vt_send(t, VT_SYNC_KEY);
    long long end = now_ms() + timeout_ms;
    while (t->sync_seen < want) {
        long long left = end - now_ms();
        if (left <= 0)
            return false;
        if (vt_pump(t, (int)(left < 50 ? left : 50)) < 0)
            return t->sync_seen >= want;
    }
    /* The marker follows the update: anything after it in the same read
     * is already fed too, which only makes the screen newer. */
    return true;
}

void vt_key(struct vt *t, enum vt_key k)
{
    static const VTermKey map[] = {
        [VT_UP] = VTERM_KEY_UP,       [VT_DOWN] = VTERM_KEY_DOWN,
        [VT_LEFT] = VTERM_KEY_LEFT,   [VT_RIGHT] = VTERM_KEY_RIGHT,
        [VT_HOME] = VTERM_KEY_HOME,   [VT_END] = VTERM_KEY_END,
        [VT_PGUP] = VTERM_KEY_PAGEUP, [VT_PGDN] = VTERM_KEY_PAGEDOWN,
        [VT_BACKTAB] = VTERM_KEY_TAB, [VT_DEL] = VTERM_KEY_DEL,
        [VT_BACKSPACE] = VTERM_KEY_BACKSPACE, [VT_ESC] = VTERM_KEY_ESCAPE,
        [VT_ENTER] = VTERM_KEY_ENTER, [VT_TAB] = VTERM_KEY_TAB,
    };
    /* Answer pending output first so the key sees the current modes. */
    while (vt_pump(t, 0) > 0)
        ;
    vterm_keyboard_key(t->vt, map[k], k == VT_BACKTAB ? VTERM_MOD_SHIFT : VTERM_MOD_NONE);
}

void vt_resize(struct vt *t, int rows, int cols)
{
    while (vt_pump(t, 0) > 0)
        ;
    t->rows = rows;
    t->cols = cols;
    vterm_set_size(t->vt, rows, cols);
    struct winsize ws = {.ws_row = (unsigned short)rows, .ws_col = (unsigned short)cols};
    ioctl(t->fd, TIOCSWINSZ, &ws);
}

int vt_wait_exit(struct vt *t, int timeout_ms)
{
    long long end = now_ms() + timeout_ms;
    while (!t->exited) {
        pid_t r = waitpid(t->pid, &t->status, WNOHANG);
        if (r == t->pid) {
            t->exited = true;
            break;
        }
        if (now_ms() >= end)
            return -1;
        /* Keep draining so the program never blocks on a full pty. */
        if (vt_pump(t, 20) < 0)
            usleep(1000);
    }
    if (WIFEXITED(t->status))
        return WEXITSTATUS(t->status);
    return WIFSIGNALED(t->status) ? -WTERMSIG(t->status) - 1000 : -1;
}

void vt_dump(struct vt *t, FILE *out)
{
    char buf[4096];
    fprintf(out, "---- screen %dx%d ----\n", t->cols, t->rows);
    for (int r = 0; r < t->rows; r++)
        fprintf(out, "%2d|%s\n", r, vt_row(t, r, buf, sizeof buf));
    fprintf(out, "----\n");
}

void vt_free(struct vt *t)
{
    if (!t)
        return;
    if (!t->exited) {
        kill(t->pid, SIGKILL);
        waitpid(t->pid, &t->status, 0);
    }
    close(t->fd);
    vterm_free(t->vt);
    free(t);
}
