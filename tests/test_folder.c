/* test_folder.c - folder_scan: the drafts of a folder as the folder screen
 * (jixiao DIR) lists them, with totals from the core, and the files around
 * them (journals, locks, links, FIFOs) looked at without blocking, taking
 * or following anything. */
#include "testutil.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "draftio.h"
#include "folder.h"
#include "journal.h"

struct fx {
    char *dir;
    char path[4][1024];   /* dapeng.csv, blank.csv, project.csv, bad.csv */
    struct form *form;
    pid_t child;          /* a process holding a lock: killed by teardown */
};

enum { DAPENG, BLANK, PROJECT, BAD };

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fputs(text, f);
    assert_int_equal(fclose(f), 0);
}

static void in_dir(struct fx *fx, char *buf, size_t size, const char *name)
{
    snprintf(buf, size, "%s/%s", fx->dir, name);
}

/* The example with a #project row after its #assessor row. */
static void write_project(const char *from, const char *to)
{
    size_t len;
    char *text = slurp(from, &len);
    assert_non_null(text);
    char *at = strstr(text, "#assessor,");
    assert_non_null(at);
    at = strchr(at, '\n') + 1;
    FILE *f = fopen(to, "wb");
    assert_non_null(f);
    fwrite(text, 1, (size_t)(at - text), f);
    fputs("#project,,大鹏新区智慧城市建设项目,,,,,,,,,,,\r\n", f);
    fputs(at, f);
    fclose(f);
    free(text);
}

/* A temp folder: the example (dapeng.csv), a blank draft made by `jixiao
 * new` (blank.csv), the example as a project table (project.csv), a draft
 * that fails at line 5 (bad.csv), a draft of another form (other.csv), a
 * CSV that is no draft (notes.csv), a FIFO and a symlink named like drafts,
 * a hidden CSV and a text file. */
static int setup(void **state)
{
    struct fx *fx = calloc(1, sizeof *fx);
    assert_non_null(fx);
    fx->dir = tmpdir_new();
    assert_non_null(fx->dir);
    const char *names[] = {"dapeng.csv", "blank.csv", "project.csv", "bad.csv"};
    for (int i = 0; i < 4; i++)
        in_dir(fx, fx->path[i], sizeof fx->path[i], names[i]);
    char ex[1024], p[1024], cmd[4096];
    srcpath(ex, sizeof ex, "examples/dapeng-2021.csv");
    size_t len;
    char *text = slurp(ex, &len);
    assert_non_null(text);
    FILE *f = fopen(fx->path[DAPENG], "wb");
    fwrite(text, 1, len, f);
    fclose(f);
    free(text);
    const char *bin = getenv("JIXIAO_BIN");
    assert_non_null(bin);
    snprintf(cmd, sizeof cmd, "'%s' new --unit 测试单位 --year 2022 '%s' >/dev/null", bin,
             fx->path[BLANK]);
    assert_int_equal(system(cmd), 0);
    write_project(ex, fx->path[PROJECT]);
    write_file(fx->path[BAD], "id,level,indicator,points,score\n"
                              "#format,,jixiao-draft 1,,\n"
                              "#form,,部门整体支出绩效评价自评指标评分表,,\n"
                              "#unit,,坏单位,,\n"
                              "9.9,3,不存在,1,1\n");
    in_dir(fx, p, sizeof p, "other.csv");
    write_file(p, "id,level,indicator,points,score\n"
                  "#format,,jixiao-draft 1,,\n"
                  "#form,,某市自定义评分表,,\n"
                  "#unit,,某单位,,\n");
    in_dir(fx, p, sizeof p, "notes.csv");
    write_file(p, "a,b\n1,2\n");
    in_dir(fx, p, sizeof p, "pipe.csv");
    assert_int_equal(mkfifo(p, 0666), 0);
    in_dir(fx, p, sizeof p, "link.csv");
    assert_int_equal(symlink(fx->path[DAPENG], p), 0);
    in_dir(fx, p, sizeof p, ".hidden.csv");
    write_file(p, "a\n");
    in_dir(fx, p, sizeof p, "readme.txt");
    write_file(p, "not a csv\n");
    fx->form = test_std_form();
    *state = fx;
    return 0;
}

static int teardown(void **state)
{
    struct fx *fx = *state;
    if (fx->child > 0) {
        kill(fx->child, SIGKILL);
        waitpid(fx->child, NULL, 0);
    }
    rmtree(fx->dir);
    free(fx->dir);
    form_free(fx->form);
    free(fx);
    return 0;
}

static const struct folder_entry *entry(const struct folder *f, const char *file)
{
    int i = folder_find(f, file);
    if (i < 0)
        fail_msg("%s is not listed", file);
    return &f->v[i];
}

/* A FIFO in the folder (or at a journal's name) must not block the scan:
 * it runs with an alarm that kills the suite instead of hanging it. */
static void scan(struct fx *fx, struct folder *out)
{
    const struct form *forms[] = {fx->form};
    char why[512] = "";
    alarm(20);
    int rc = folder_scan(fx->dir, forms, 1, out, why, sizeof why);
    alarm(0);
    if (rc != 0)
        fail_msg("folder_scan: %s", why);
}

static void test_scan_lists_drafts(void **state)
{
    struct fx *fx = *state;
    struct folder f;
    scan(fx, &f);
    /* drafts only, by file name; the FIFO, the link, the hidden CSV and the
     * text file are not opened, the CSV that is no draft is counted */
    assert_int_equal(f.n, 5);
    const char *order[] = {"bad.csv", "blank.csv", "dapeng.csv", "other.csv", "project.csv"};
    for (size_t i = 0; i < f.n; i++)
        assert_string_equal(f.v[i].file, order[i]);
    assert_int_equal(f.not_drafts, 1);
    assert_int_equal(f.special, 2);

    const struct folder_entry *e = entry(&f, "dapeng.csv");
    assert_null(e->error);
    assert_true(e->loaded);
    assert_int_equal(e->form, 0);
    assert_string_equal(e->path, fx->path[DAPENG]);
    assert_string_equal(e->form_name, "部门整体支出绩效评价自评指标评分表");
    assert_string_equal(e->name, "深圳市大鹏新区政务服务数据管理局");
    assert_int_equal(e->total, 9376);   /* what jixiao score says: 93.76 优 */
    assert_string_equal(e->grade, "优");
    assert_int_equal(e->scored, e->leaves);
    assert_int_equal(e->problems, 0);
    assert_false(e->recoverable);
    assert_false(e->locked);

    e = entry(&f, "blank.csv");
    assert_null(e->error);
    assert_string_equal(e->name, "测试单位");
    assert_int_equal(e->total, 0);
    assert_int_equal(e->scored, 0);
    assert_true(e->leaves > 0);
    assert_true(e->problems >= (size_t)e->leaves);

    /* a project table shows its project, not its unit */
    e = entry(&f, "project.csv");
    assert_null(e->error);
    assert_string_equal(e->name, "大鹏新区智慧城市建设项目");
    assert_int_equal(e->total, 9376);

    /* listed with its error and its place, not dropped */
    e = entry(&f, "bad.csv");
    assert_false(e->loaded);
    assert_int_equal(e->form, -1);
    assert_non_null(e->error);
    assert_contains(e->error, "bad.csv:5: ");
    assert_contains(e->error, "9.9");
    assert_string_equal(e->name, "坏单位");
    e = entry(&f, "other.csv");
    assert_int_equal(e->form, -1);
    assert_false(e->loaded);
    assert_string_equal(e->form_name, "某市自定义评分表");
    assert_contains(e->error, "other.csv: ");
    assert_contains(e->error, "--form");
    folder_free(&f);
    assert_int_equal(f.n, 0);
    folder_free(NULL);
}

/* A recovery journal beside a draft makes it recoverable; FIFOs and links
 * planted at the journal's or the lock's name of another are not waited
 * on, followed or believed. */
static void test_scan_journal(void **state)
{
    struct fx *fx = *state;
    char why[512] = "";
    struct journal *j = journal_start(fx->path[BLANK], fx->form->hash, why, sizeof why);
    assert_non_null(j);
    struct edit e = {.kind = EDIT_SCORE, .id = "3.3.1", .value = "18"};
    assert_int_equal(journal_append_edit(j, &e, why, sizeof why), 0);
    journal_close(j);
    char *jp = journal_path_for(fx->path[DAPENG]);
    char *lp = journal_lock_path_for(fx->path[DAPENG]);
    char *pj = journal_path_for(fx->path[PROJECT]);
    assert_int_equal(mkfifo(jp, 0666), 0);
    assert_int_equal(mkfifo(lp, 0666), 0);
    assert_int_equal(symlink(fx->path[BLANK], pj), 0);   /* someone else's journal */
    struct folder f;
    scan(fx, &f);
    assert_true(entry(&f, "blank.csv")->recoverable);
    assert_false(entry(&f, "blank.csv")->locked);
    assert_false(entry(&f, "dapeng.csv")->recoverable);
    assert_false(entry(&f, "dapeng.csv")->locked);
    assert_false(entry(&f, "project.csv")->recoverable);
    assert_int_equal(entry(&f, "dapeng.csv")->total, 9376);
    assert_int_equal(f.n, 5);   /* the journals are no drafts, nor counted */
    assert_int_equal(f.not_drafts, 1);
    folder_free(&f);
    /* the journal is still there, as it was */
    char *bj = journal_path_for(fx->path[BLANK]);
    struct journal_state st;
    struct diags d = {0};
    assert_int_equal(journal_read(fx->path[BLANK], &st, &d), 0);
    assert_int_equal(st.nedits, 1);
    journal_state_free(&st);
    diags_clear(&d);
    free(bj);
    free(jp);
    free(lp);
    free(pj);
}

/* Another live jixiao's lock shows as locked; a stale lock (its process is
 * gone) and our own do not; listing takes no lock and leaves each as it
 * was. */
static void test_scan_locks(void **state)
{
    struct fx *fx = *state;
    char host[256] = "";
    gethostname(host, sizeof host - 1);
    pid_t child = fork();
    assert_true(child >= 0);
    if (child == 0) {
        pause();
        _exit(0);
    }
    fx->child = child;   /* teardown ends it, also when a check fails */
    char *lp = journal_lock_path_for(fx->path[DAPENG]);
    char text[400];
    snprintf(text, sizeof text, "%ld %s\n", (long)child, host);
    write_file(lp, text);
    /* a process that is gone: fork one and reap it */
    pid_t gone = fork();
    assert_true(gone >= 0);
    if (gone == 0)
        _exit(0);
    assert_int_equal(waitpid(gone, NULL, 0), gone);
    char *stale = journal_lock_path_for(fx->path[BLANK]);
    snprintf(text, sizeof text, "%ld %s\n", (long)gone, host);
    write_file(stale, text);
    /* a lock of another machine cannot be judged stale */
    char *remote = journal_lock_path_for(fx->path[BAD]);
    write_file(remote, "4242 some-other-host\n");
    /* ours */
    struct lock_owner o;
    char why[512] = "";
    assert_int_equal(journal_lock(fx->path[PROJECT], &o, why, sizeof why), LOCK_OK);

    struct folder f;
    scan(fx, &f);
    const struct folder_entry *e = entry(&f, "dapeng.csv");
    assert_true(e->locked);
    assert_int_equal(e->lock_pid, child);
    assert_int_equal(e->total, 9376);   /* still listed with its numbers */
    assert_false(entry(&f, "blank.csv")->locked);
    assert_true(entry(&f, "bad.csv")->locked);
    assert_false(entry(&f, "project.csv")->locked);
    assert_false(entry(&f, "other.csv")->locked);
    folder_free(&f);

    /* nothing taken or removed */
    assert_true(access(stale, F_OK) == 0);
    char *other_lock = journal_lock_path_for(fx->path[DAPENG]);
    size_t len;
    char *now = slurp(other_lock, &len);
    assert_non_null(now);
    snprintf(text, sizeof text, "%ld %s\n", (long)child, host);
    assert_string_equal(now, text);
    free(now);
    char p[1024];
    in_dir(fx, p, sizeof p, "other.csv");
    char *olock = journal_lock_path_for(p);
    assert_int_equal(access(olock, F_OK), -1);
    journal_unlock(fx->path[PROJECT]);
    free(lp);
    free(stale);
    free(remote);
    free(other_lock);
    free(olock);
}

/* A folder that cannot be read says so, naming it; an empty one lists
 * nothing; a draft of a second form given loads with that form. */
static void test_scan_folder_errors(void **state)
{
    struct fx *fx = *state;
    char missing[1024], why[512] = "";
    in_dir(fx, missing, sizeof missing, "no-such-folder");
    const struct form *forms[] = {fx->form};
    struct folder f;
    assert_int_equal(folder_scan(missing, forms, 1, &f, why, sizeof why), -1);
    assert_int_equal(errno, ENOENT);
    assert_contains(why, "no-such-folder");
    assert_int_equal(f.n, 0);
    assert_int_equal(folder_scan(fx->path[DAPENG], forms, 1, &f, why, sizeof why), -1);
    assert_int_equal(errno, ENOTDIR);

    char empty[1024];
    in_dir(fx, empty, sizeof empty, "empty/");
    assert_int_equal(mkdir(empty, 0755), 0);
    assert_int_equal(folder_scan(empty, forms, 1, &f, why, sizeof why), 0);
    assert_int_equal(f.n, 0);
    assert_int_equal(f.not_drafts + f.special, 0);
    folder_free(&f);

    /* a trailing slash is not doubled in the paths */
    char slash[1100];
    snprintf(slash, sizeof slash, "%s/", fx->dir);
    assert_int_equal(folder_scan(slash, forms, 1, &f, why, sizeof why), 0);
    assert_string_equal(entry(&f, "dapeng.csv")->path, fx->path[DAPENG]);
    folder_free(&f);
}

/* Drafts of two forms (--form's and the standard one) each load with
 * their own; a draft whose own indicators add up to more than their group
 * gets no total, as `jixiao score` refuses it. */
static void test_scan_forms_and_overflow(void **state)
{
    struct fx *fx = *state;
    char sub[1100], p[1200], src[1024], cmd[4096];
    snprintf(sub, sizeof sub, "%s/two", fx->dir);
    assert_int_equal(mkdir(sub, 0755), 0);
    snprintf(p, sizeof p, "%s/dapeng.csv", sub);
    srcpath(src, sizeof src, "examples/dapeng-2021.csv");
    size_t len;
    char *text = slurp(src, &len);
    write_file(p, text);
    free(text);
    snprintf(p, sizeof p, "%s/ovf.csv", sub);
    srcpath(src, sizeof src, "tests/data/bad/draft-custom-overflow.csv");
    text = slurp(src, &len);
    write_file(p, text);
    free(text);
    char kinds_form[1024];
    srcpath(kinds_form, sizeof kinds_form, "tests/data/kinds/form.csv");
    snprintf(p, sizeof p, "%s/kinds.csv", sub);
    snprintf(cmd, sizeof cmd, "'%s' new --form '%s' --unit 加减单位 '%s' >/dev/null",
             getenv("JIXIAO_BIN"), kinds_form, p);
    assert_int_equal(system(cmd), 0);
    struct diags d = {0};
    struct form *kf = form_load_file(kinds_form, &d);
    assert_non_null(kf);
    diags_clear(&d);

    const struct form *both[] = {kf, fx->form};
    struct folder f;
    char why[512] = "";
    assert_int_equal(folder_scan(sub, both, 2, &f, why, sizeof why), 0);
    assert_int_equal(f.n, 3);
    const struct folder_entry *e = entry(&f, "kinds.csv");
    assert_null(e->error);
    assert_int_equal(e->form, 0);
    assert_string_equal(e->form_name, "加减分");
    assert_string_equal(e->name, "加减单位");
    e = entry(&f, "dapeng.csv");
    assert_int_equal(e->form, 1);
    assert_int_equal(e->total, 9376);
    e = entry(&f, "ovf.csv");
    assert_null(e->error);   /* it loads (the editor opens it, to fix it) */
    assert_int_equal(e->form, 1);
    assert_int_equal(e->total, PTS_NONE);
    assert_string_equal(e->grade, "");
    assert_true(e->problems > 0);
    folder_free(&f);

    const struct form *std_only[] = {fx->form};
    assert_int_equal(folder_scan(sub, std_only, 1, &f, why, sizeof why), 0);
    e = entry(&f, "kinds.csv");
    assert_int_equal(e->form, -1);
    assert_contains(e->error, "kinds.csv: ");
    assert_contains(e->error, "\"加减分\"");
    assert_int_equal(entry(&f, "dapeng.csv")->form, 0);
    folder_free(&f);
    form_free(kf);
}

/* Without --form, each draft loads with the built-in form its #form
 * names, as `jixiao FILE.csv` does: the department's table and a project
 * table made by `jixiao new --form project`, which shows its project. */
static void test_scan_builtin_forms(void **state)
{
    struct fx *fx = *state;
    char p[1200], cmd[4096];
    snprintf(p, sizeof p, "%s/xm.csv", fx->dir);
    snprintf(cmd, sizeof cmd,
             "'%s' new --form project --project 智慧城市建设 --unit 大鹏新区 '%s' >/dev/null 2>&1",
             getenv("JIXIAO_BIN"), p);
    assert_int_equal(system(cmd), 0);
    struct folder f;
    char why[512] = "";
    assert_int_equal(folder_scan(fx->dir, NULL, 0, &f, why, sizeof why), 0);
    assert_int_equal(f.n, 6);
    const struct folder_entry *e = entry(&f, "xm.csv");
    assert_null(e->error);
    assert_true(e->loaded);
    assert_int_equal(e->form, -1);   /* no form given: a built-in one */
    assert_string_equal(e->form_name, "项目支出绩效自评表");
    assert_string_equal(e->name, "智慧城市建设");
    assert_int_equal(e->total, 0);
    assert_int_equal(e->scored, 0);
    e = entry(&f, "dapeng.csv");
    assert_true(e->loaded);
    assert_int_equal(e->total, 9376);
    assert_string_equal(e->grade, "优");
    assert_string_equal(e->name, "深圳市大鹏新区政务服务数据管理局");
    e = entry(&f, "other.csv");   /* named like no built-in form: the standard one said */
    assert_contains(e->error, "not \"部门整体支出绩效评价自评指标评分表\"");
    assert_true(f.nbuiltin >= 2);   /* loaded once each, owned by the folder */
    assert_true(f.nbuiltin <= 2);
    folder_free(&f);
    assert_int_equal(f.nbuiltin, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_scan_lists_drafts, setup, teardown),
        cmocka_unit_test_setup_teardown(test_scan_journal, setup, teardown),
        cmocka_unit_test_setup_teardown(test_scan_locks, setup, teardown),
        cmocka_unit_test_setup_teardown(test_scan_folder_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_scan_forms_and_overflow, setup, teardown),
        cmocka_unit_test_setup_teardown(test_scan_builtin_forms, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
