/* test_golden.c - whole screens of the editor compared with reviewed
 * golden screens (tests/screen/golden/), and the explain pane, at 80x24
 * and 100x30, in English and in Chinese, through a pseudo-terminal like
 * test_screen.c. */
#include <fcntl.h>
#include <locale.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "draft.h"
#include "draftio.h"
#include "forms.h"
#include "journal.h"
#include "num.h"
#include "screen_util.h"

/* ---- golden screens ---- */

/* The example draft opened at a size and in a locale, compared row by row
 * with tests/screen/golden/NAME.txt (UTF-8, a wide character once,
 * trailing blanks trimmed; the fixture's folder, which varies, shown as
 * $DIR). JIXIAO_GOLDEN_UPDATE=1 rewrites the files instead. */
static void golden(void **state, int rows, int cols, bool zh)
{
    struct fx *fx = *state;
    if (zh) {
        if (!setlocale(LC_ALL, "zh_CN.UTF-8")) {
            setlocale(LC_ALL, "C.UTF-8");
            print_message("# skip: no zh_CN.UTF-8 locale on this system\n");
            skip();
        }
        setlocale(LC_ALL, "C.UTF-8");
    }
    char *argv[] = {(char *)screen_bin(), fx->path, NULL};
    char *env_zh[] = {"LC_ALL=zh_CN.UTF-8", "LANGUAGE=zh_CN", NULL};
    char *env_c[] = {"LC_ALL=C.UTF-8", NULL};
    fx->t = vt_spawn(rows, cols, argv, zh ? env_zh : env_c);
    struct vt *t = fx->t;
    assert_non_null(t);
    must_wait_row(t, status_row(t), "93.76");
    must_sync(t);

    size_t cap = (size_t)rows * ((size_t)cols * 4 + 64) + 1, len = 0;
    char *got = malloc(cap);
    assert_non_null(got);
    got[0] = '\0';
    for (int r = 0; r < rows; r++) {
        char row[4096], masked[4096 + 64];
        vt_row(t, r, row, sizeof row);
        char *at = strstr(row, fx->dir);
        if (at)
            snprintf(masked, sizeof masked, "%.*s$DIR%s", (int)(at - row), row,
                     at + strlen(fx->dir));
        else
            snprintf(masked, sizeof masked, "%s", row);
        len += (size_t)snprintf(got + len, cap - len, "%s\n", masked);
    }

    const char *src = getenv("JIXIAO_SRCDIR");
    char path[1024];
    snprintf(path, sizeof path, "%s/tests/screen/golden/example-%dx%d-%s.txt",
             src ? src : SRCDIR, cols, rows, zh ? "zh_CN" : "C");
    if (getenv("JIXIAO_GOLDEN_UPDATE")) {
        FILE *f = fopen(path, "w");
        assert_non_null(f);
        fputs(got, f);
        assert_int_equal(fclose(f), 0);
        print_message("# golden: wrote %s\n", path);
        free(got);
        return;
    }
    FILE *f = fopen(path, "r");
    if (!f) {
        free(got);
        fail_msg("no golden screen %s (JIXIAO_GOLDEN_UPDATE=1 writes it)", path);
    }
    char *want = calloc(1, cap + 1);
    assert_non_null(want);
    size_t wn = fread(want, 1, cap, f);
    fclose(f);
    want[wn] = '\0';
    bool same = strcmp(want, got) == 0;
    if (!same) {
        print_message("# golden %s differs (- golden, + screen):\n", path);
        const char *a = want, *b = got;
        for (int r = 0; *a || *b; r++) {
            size_t la = strcspn(a, "\n"), lb = strcspn(b, "\n");
            if (la != lb || strncmp(a, b, la) != 0) {
                print_message("# row %2d - |%.*s\n", r, (int)la, a);
                print_message("# row %2d + |%.*s\n", r, (int)lb, b);
            }
            a += la + (a[la] == '\n');
            b += lb + (b[lb] == '\n');
        }
    }
    free(want);
    free(got);
    if (!same)
        fail_msg("the screen differs from %s", path);
}

/* ---- what a rule computed, in words, and the drafted reason ---- */

/* Start on the example under zh_CN (false: skipped) or C. */
static struct vt *open_in(struct fx *fx, bool zh)
{
    if (!zh)
        return open_example(fx, 24, 80);
    if (!setlocale(LC_ALL, "zh_CN.UTF-8")) {
        setlocale(LC_ALL, "C.UTF-8");
        return NULL;
    }
    setlocale(LC_ALL, "C.UTF-8");
    char *argv[] = {(char *)screen_bin(), fx->path, NULL};
    char *env[] = {"LC_ALL=zh_CN.UTF-8", "LANGUAGE=zh_CN", NULL};
    fx->t = vt_spawn(24, 80, argv, env);
    assert_non_null(fx->t);
    must_wait_row(fx->t, status_row(fx->t), "93.76");
    return fx->t;
}

/* 2.1.2 at 80x24: the adjustment ratio and its points beside the part,
 * following the figure as it is typed; the formula in words, with no
 * rule syntax; clearing the note shows the drafted reason and a problem,
 * R makes it the note again and the problem goes. */
static void explain_screen(void **state, bool zh)
{
    struct fx *fx = *state;
    struct vt *t = open_in(fx, zh);
    if (!t) {
        print_message("# skip: no zh_CN.UTF-8 locale on this system\n");
        skip();
    }
    vt_send(t, "/财务合规\r");
    must_see(t, "2.1.2 财务合规性");
    vt_send(t, "l\t\t\t\t\t");                /* the note */
    vt_send(t, "\x06");                        /* page down to the result */
    must_see(t, "资金调整调剂规范性 44.29% → 0 / 1");
    must_see(t, zh ? "资金调整调剂规范性（1 分）：得分 =" : "资金调整调剂规范性 (1 point):");
    must_see(t, zh ? "中较大者" : "(the larger of");
    must_not_see(t, "max(");
    must_not_see(t, "abs(");
    /* a figure typed: the ratio follows */
    vt_send(t, "\x1b[Z\x1b[Z\x1b[Z\x1b[Z\r\x15" "6000\r");
    vt_send(t, "\x06");
    must_see(t, "资金调整调剂规范性 13.60% → 0.64 / 1");
    must_row(t, status_row(t), "94.40");
    vt_send(t, "\x1b[Z\r\x15" "7621.05\r");
    must_row(t, status_row(t), "93.76");
    /* the note cleared: a problem, and the drafted reason under the note */
    vt_send(t, "\t\t\tx\x06");
    must_row(t, status_row(t), zh ? "问题：1" : "Problems: 1");
    must_see(t, zh ? "起草的扣分说明（按 R 采用）：" : "Drafted reason (R uses it):");
    must_see(t, "年初部门预算5281.87万元");
    vt_send(t, "R");
    must_row(t, msg_row(t), zh ? "已采用起草的扣分说明" : "Drafted reason used as the note");
    must_not_see(t, zh ? "起草的扣分说明（按 R 采用）：" : "Drafted reason (R uses it):");
    must_see(t, "年初部门预算5281.87万元");
    must_not_see(t, zh ? "问题：" : "Problems:");
    /* plain-language tiers of 2.3.2 */
    vt_key(t, VT_ESC);
    vt_send(t, "/固定资产利用\r");
    must_see(t, "2.3.2 固定资产利用率");
    vt_send(t, "l\x06");
    must_see(t, "固定资产利用率 100% → 1 / 1");
    must_see(t, zh ? "≥90%：1 分；≥75%：0.7" : "≥90%: 1 point;");
    must_not_see(t, "tiers");
}

static void test_explain_80x24_c(void **state) { explain_screen(state, false); }
static void test_explain_80x24_zh(void **state) { explain_screen(state, true); }

static void test_golden_80x24_c(void **state) { golden(state, 24, 80, false); }
static void test_golden_100x30_c(void **state) { golden(state, 30, 100, false); }
static void test_golden_80x24_zh(void **state) { golden(state, 24, 80, true); }
static void test_golden_100x30_zh(void **state) { golden(state, 30, 100, true); }

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_explain_80x24_c, setup, teardown),
        cmocka_unit_test_setup_teardown(test_explain_80x24_zh, setup, teardown),
        cmocka_unit_test_setup_teardown(test_golden_80x24_c, setup, teardown),
        cmocka_unit_test_setup_teardown(test_golden_100x30_c, setup, teardown),
        cmocka_unit_test_setup_teardown(test_golden_80x24_zh, setup, teardown),
        cmocka_unit_test_setup_teardown(test_golden_100x30_zh, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
