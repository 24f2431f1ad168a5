/* test_save.c - saving respects the file and the people around it (issue
 * 14, section 3): a file changed on disk since it was read, permissions
 * and read-only drafts, drafts behind a symlink, long Chinese names, and a
 * stale lock of a zombie. Each case failed before the fix it covers.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "testutil.h"

#include "draftio.h"
#include "fileio.h"
#include "forms.h"
#include "journal.h"

struct fx {
    char *dir;
    char path[PATH_MAX];
    struct draft *d;
};

static int setup(void **state)
{
    struct fx *fx = calloc(1, sizeof *fx);
    fx->dir = tmpdir_new();
    snprintf(fx->path, sizeof fx->path, "%s/d.csv", fx->dir);
    fx->d = test_seed(test_form);
    char why[512];
    assert_int_equal(draftio_save(fx->d, fx->path, why, sizeof why), 0);
    *state = fx;
    return 0;
}

static int teardown(void **state)
{
    struct fx *fx = *state;
    draft_free(fx->d);
    rmtree(fx->dir);
    free(fx->dir);
    free(fx);
    return 0;
}

static void put(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    assert_int_equal(fclose(f), 0);
}

/* Loaded, changed behind our back, saved: "changed", and the other
 * program's file is kept until the user says overwrite. */
static void test_changed_on_disk(void **state)
{
    struct fx *fx = *state;
    char why[512];
    struct fileio_stamp st;
    assert_int_equal(fileio_stamp_take(fx->path, &st, why, sizeof why), 0);
    assert_true(st.valid && st.exists);
    test_apply(fx->d, EDIT_NOTE, "3.2.3", NULL, "ours");
    put(fx->path, "theirs\n");
    assert_int_equal(draftio_save_over(fx->d, fx->path, &st, 0, why, sizeof why),
                     FILEIO_CHANGED);
    assert_contains(why, fx->path);
    size_t n;
    char *got = slurp(fx->path, &n);
    assert_string_equal(got, "theirs\n");
    free(got);
    /* overwrite: saved, and the next save compares against our file */
    assert_int_equal(
        draftio_save_over(fx->d, fx->path, &st, FILEIO_FORCE_CHANGED, why, sizeof why),
        FILEIO_SAVED);
    assert_int_equal(draftio_save_over(fx->d, fx->path, &st, 0, why, sizeof why),
                     FILEIO_SAVED);
    /* same size and mtime, other bytes: only the hash sees it */
    struct stat sb;
    assert_int_equal(stat(fx->path, &sb), 0);
    got = slurp(fx->path, &n);
    got[n - 2] = got[n - 2] == 'x' ? 'y' : 'x';
    FILE *f = fopen(fx->path, "r+");
    assert_int_equal(fwrite(got, 1, n, f), n);
    fclose(f);
    free(got);
    struct timespec ts[2] = {sb.st_atim, sb.st_mtim};
    assert_int_equal(utimensat(AT_FDCWD, fx->path, ts, 0), 0);
    assert_int_equal(draftio_save_over(fx->d, fx->path, &st, 0, why, sizeof why),
                     FILEIO_CHANGED);
    /* a file that appeared where there was none */
    char other[PATH_MAX + 8];
    snprintf(other, sizeof other, "%s/new.csv", fx->dir);
    assert_int_equal(fileio_stamp_take(other, &st, why, sizeof why), 0);
    assert_true(st.valid && !st.exists);
    put(other, "someone else's\n");
    assert_int_equal(draftio_save_over(fx->d, other, &st, 0, why, sizeof why),
                     FILEIO_CHANGED);
}

/* A new file gets 0666 less the umask; a replaced one keeps its mode
 * without setuid, setgid and sticky. */
static void test_permissions(void **state)
{
    struct fx *fx = *state;
    char why[512], other[PATH_MAX + 8];
    snprintf(other, sizeof other, "%s/new.csv", fx->dir);
    mode_t old = umask(027);
    int rc = draftio_save(fx->d, other, why, sizeof why);
    umask(old);
    assert_int_equal(rc, 0);
    struct stat sb;
    assert_int_equal(stat(other, &sb), 0);
    assert_int_equal(sb.st_mode & 07777, 0640);

    assert_int_equal(chmod(fx->path, 07751), 0);
    assert_int_equal(draftio_save(fx->d, fx->path, why, sizeof why), 0);
    assert_int_equal(stat(fx->path, &sb), 0);
    assert_int_equal(sb.st_mode & 07777, 0751);
}

/* No owner write bit: not saved over, even as root (access() would say
 * yes), until the caller says override. */
static void test_read_only(void **state)
{
    struct fx *fx = *state;
    char why[512];
    size_t n0, n;
    char *before = slurp(fx->path, &n0);
    assert_int_equal(chmod(fx->path, 0444), 0);
    test_apply(fx->d, EDIT_NOTE, "3.2.3", NULL, "ours");
    assert_int_equal(draftio_save(fx->d, fx->path, why, sizeof why), -1);
    assert_contains(why, "read-only");
    char *now = slurp(fx->path, &n);
    assert_int_equal(n, n0);
    assert_memory_equal(now, before, n);
    free(now);
    assert_int_equal(draftio_save_over(fx->d, fx->path, NULL, 0, why, sizeof why),
                     FILEIO_READONLY);
    assert_int_equal(
        draftio_save_over(fx->d, fx->path, NULL, FILEIO_FORCE_READONLY, why, sizeof why),
        FILEIO_SAVED);
    struct stat sb;
    assert_int_equal(stat(fx->path, &sb), 0);
    assert_int_equal(sb.st_mode & 07777, 0444);   /* still read-only */
    now = slurp(fx->path, &n);
    assert_true(n != n0 || memcmp(now, before, n) != 0);
    free(now);
    free(before);
}

/* Saved through a symlink: the target changes, the link stays a link. */
static void test_symlink(void **state)
{
    struct fx *fx = *state;
    char why[512], link[PATH_MAX + 16], rel[PATH_MAX + 16];
    snprintf(link, sizeof link, "%s/link.csv", fx->dir);
    assert_int_equal(symlink("d.csv", link), 0);
    test_apply(fx->d, EDIT_NOTE, "3.2.3", NULL, "via the link");
    assert_int_equal(draftio_save(fx->d, link, why, sizeof why), 0);
    struct stat sb;
    assert_int_equal(lstat(link, &sb), 0);
    assert_true(S_ISLNK(sb.st_mode));
    size_t n;
    char *got = slurp(fx->path, &n);
    assert_non_null(strstr(got, "via the link"));
    free(got);
    /* a crashed save through the link left its temp beside the target */
    char tmp[PATH_MAX + 32];
    snprintf(tmp, sizeof tmp, "%s%sAb12Z9", fx->path, FILEIO_TMP_INFIX);
    put(tmp, "half");
    assert_int_equal(fileio_clean_stale(link, why, sizeof why), 1);
    assert_int_equal(access(tmp, F_OK), -1);
    /* a dangling link: its target is created */
    snprintf(rel, sizeof rel, "%s/dangling.csv", fx->dir);
    assert_int_equal(symlink("later.csv", rel), 0);
    assert_int_equal(draftio_save(fx->d, rel, why, sizeof why), 0);
    assert_int_equal(lstat(rel, &sb), 0);
    assert_true(S_ISLNK(sb.st_mode));
    snprintf(rel, sizeof rel, "%s/later.csv", fx->dir);
    assert_int_equal(stat(rel, &sb), 0);
}

static const char *base_of(const char *p)
{
    const char *s = strrchr(p, '/');
    return s ? s + 1 : p;
}

/* 78 Chinese characters and ".csv": 238 bytes. Save, journal, lock and
 * leftover temp files all work; derived names fit and are stable. */
static void test_long_chinese_name(void **state)
{
    struct fx *fx = *state;
    char name[400] = "", path[PATH_MAX + 400], why[512];
    for (int i = 0; i < 78; i++)
        strcat(name, i % 2 ? "绩" : "效");
    strcat(name, ".csv");
    assert_int_equal(strlen(name), 238);
    snprintf(path, sizeof path, "%s/%s", fx->dir, name);
    assert_int_equal(draftio_save(fx->d, path, why, sizeof why), 0);

    char *jp = journal_path_for(path), *lp = journal_lock_path_for(path);
    assert_true(strlen(base_of(jp)) <= NAME_MAX);
    assert_true(strlen(base_of(lp)) <= NAME_MAX);
    char *jp2 = journal_path_for(path);
    assert_string_equal(jp, jp2);   /* the same draft, the same journal */
    free(jp2);
    struct lock_owner o;
    assert_int_equal(journal_lock(path, &o, why, sizeof why), LOCK_OK);
    struct journal *j = journal_start(path, draft_form(fx->d)->hash, why, sizeof why);
    assert_non_null(j);
    struct edit e = {.kind = EDIT_NOTE, .id = "3.2.3", .value = "长名"};
    assert_int_equal(journal_append_edit(j, &e, why, sizeof why), 0);
    journal_close(j);
    struct stat sb;
    assert_int_equal(stat(jp, &sb), 0);
    assert_int_equal(stat(lp, &sb), 0);
    journal_unlock(path);
    assert_int_equal(journal_remove(path), 0);

    /* a leftover temp of the long name is recognised and removed */
    char *tmp = fileio_name_beside(path, "", FILEIO_TMP_INFIX "Ab12Z9");
    assert_true(strlen(base_of(tmp)) <= NAME_MAX);
    put(tmp, "half");
    assert_true(fileio_is_temp_of(base_of(tmp), name));
    assert_int_equal(fileio_clean_stale(path, why, sizeof why), 1);

    /* names differing only past the cut get different journals */
    char name2[PATH_MAX + 400], name3[PATH_MAX + 400];
    snprintf(name2, sizeof name2, "%s/%.*s绩效绩效.csv", fx->dir, 76 * 3, name);
    snprintf(name3, sizeof name3, "%s/%.*s绩效绩绩.csv", fx->dir, 76 * 3, name);
    char *jq = journal_path_for(name2), *jr = journal_path_for(name3);
    assert_true(strlen(base_of(jq)) <= NAME_MAX);
    assert_string_not_equal(jq, jr);
    free(jr);
    /* the cut never splits a character */
    const char *b = base_of(jq);
    const char *tilde = strrchr(b, '~');
    assert_non_null(tilde);
    assert_int_equal((tilde - b - 1) % 3, 0);
    /* a short name keeps the name it always had */
    char *sj = journal_path_for("dir/d.csv");
    assert_string_equal(sj, "dir/.d.csv.jixiao-journal");
    free(sj);
    free(jq);
    free(tmp);
    free(jp);
    free(lp);
}

static char proc_state(pid_t pid)
{
    char name[64], buf[512];
    snprintf(name, sizeof name, "/proc/%ld/stat", (long)pid);
    FILE *f = fopen(name, "r");
    if (!f)
        return 0;
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    char *rp = strrchr(buf, ')');
    return rp ? rp[2] : 0;
}

/* A lock naming a process that has exited but is not reaped is stale. */
static void test_zombie_lock(void **state)
{
    struct fx *fx = *state;
    if (access("/proc/self/stat", R_OK) != 0)
        skip_because("no /proc: a zombie cannot be told from a live process here");
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0)
        _exit(0);
    for (int i = 0; i < 500 && proc_state(pid) != 'Z'; i++)
        usleep(2000);
    assert_int_equal(proc_state(pid), 'Z');
    assert_int_equal(kill(pid, 0), 0);   /* what fooled the old check */
    char host[256] = "", line[320];
    gethostname(host, sizeof host - 1);
    snprintf(line, sizeof line, "%ld %s\n", (long)pid, host);
    char *lp = journal_lock_path_for(fx->path);
    put(lp, line);
    struct lock_owner o;
    char why[512];
    enum lock_result r = journal_lock(fx->path, &o, why, sizeof why);
    waitpid(pid, NULL, 0);
    assert_int_equal(r, LOCK_OK);
    assert_true(o.stale);
    journal_unlock(fx->path);
    free(lp);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_changed_on_disk, setup, teardown),
        cmocka_unit_test_setup_teardown(test_permissions, setup, teardown),
        cmocka_unit_test_setup_teardown(test_read_only, setup, teardown),
        cmocka_unit_test_setup_teardown(test_symlink, setup, teardown),
        cmocka_unit_test_setup_teardown(test_long_chinese_name, setup, teardown),
        cmocka_unit_test_setup_teardown(test_zombie_lock, setup, teardown),
    };
    return cmocka_run_group_tests(tests, test_form_setup, test_form_teardown);
}
