/* test_fileio.c - saving under faults.
 *
 * Every system call of a save (mkstemp, each write, fsync, close, rename,
 * the folder's fsync) is failed in turn with ENOSPC and with EIO, writes
 * being cut into small pieces so that there are many write boundaries.
 * After each fault: the old file is byte-identical, no temp file is left,
 * the draft in memory is unchanged, the reason names the error in plain
 * words, and a later save to another path succeeds. Also: leftover temp
 * files are cleaned up on the next open.
 */
#include "testutil.h"

#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <dirent.h>

#include "draftio.h"
#include "fileio.h"
#include "forms.h"

static struct form *form;

/* ---- fault injection: fail the Nth call of any operation ---- */

static struct injector {
    int calls;        /* operations seen in this save */
    int fail_at;      /* 1-based call to fail, 0 = none */
    int err;          /* errno to fail with */
    size_t chunk;     /* largest write passed through */
    bool short_zero;  /* fail a write by returning 0 instead of -1 */
    const char *failed_op;
} inj;

static bool inject(const char *op)
{
    if (++inj.calls != inj.fail_at)
        return false;
    inj.failed_op = op;
    errno = inj.err;
    return true;
}

static ssize_t f_write(int fd, const void *buf, size_t n)
{
    if (inject("write"))
        return inj.short_zero ? 0 : -1;
    return fileio_default_ops.write(fd, buf, n < inj.chunk ? n : inj.chunk);
}

static int f_fsync(int fd)
{
    return inject("fsync") ? -1 : fileio_default_ops.fsync(fd);
}

static int f_rename(const char *a, const char *b)
{
    return inject("rename") ? -1 : fileio_default_ops.rename(a, b);
}

static int f_close(int fd)
{
    /* a failing close still releases the descriptor, as on Linux */
    if (inject("close")) {
        int e = errno;
        fileio_default_ops.close(fd);
        errno = e;
        return -1;
    }
    return fileio_default_ops.close(fd);
}

static int f_mkstemp(char *tmpl)
{
    return inject("mkstemp") ? -1 : fileio_default_ops.mkstemp(tmpl);
}

static const struct fileio_ops faulty = {f_write, f_fsync, f_rename, f_close, f_mkstemp};

/* ---- helpers ---- */

static int setup(void **state)
{
    (void)state;
    struct diags d = {0};
    form = form_load_standard(&d);
    diags_clear(&d);
    return form ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    form_free(form);
    return 0;
}

/* Files in dir other than the ones named (NULL-terminated). */
static int strays(const char *dir, const char *const *keep)
{
    DIR *dp = opendir(dir);
    assert_non_null(dp);
    int n = 0;
    struct dirent *e;
    while ((e = readdir(dp))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        bool kept = false;
        for (size_t i = 0; keep[i]; i++)
            kept = kept || !strcmp(e->d_name, keep[i]);
        if (!kept) {
            print_message("# stray file: %s\n", e->d_name);
            n++;
        }
    }
    closedir(dp);
    return n;
}

static void write_plain(const char *path, const char *buf, size_t len)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(buf, 1, len, f), len);
    assert_int_equal(fclose(f), 0);
}

static bool file_is(const char *path, const char *buf, size_t len)
{
    size_t n;
    char *got = slurp(path, &n);
    bool same = got && n == len && !memcmp(got, buf, len);
    free(got);
    return same;
}

static struct draft *example_draft(void)
{
    char p[4096];
    struct diags d = {0};
    struct draft *dr = draftio_load(srcpath(p, sizeof p, "examples/dapeng-2021.csv"), form, &d);
    diags_clear(&d);
    assert_non_null(dr);
    return dr;
}

/* ---- tests ---- */

static void test_every_boundary(void **state)
{
    (void)state;
    char *dir = tmpdir_new();
    assert_non_null(dir);
    char path[4096], other[4096];
    snprintf(path, sizeof path, "%s/draft.csv", dir);
    snprintf(other, sizeof other, "%s/other.csv", dir);
    static const char *const only_draft[] = {"draft.csv", NULL};

    struct draft *dr = example_draft();
    char why[512];
    char *old_buf, *new_buf;
    size_t old_len, new_len;
    assert_int_equal(draftio_write_buffer(dr, true, &old_buf, &old_len), 0);
    assert_int_equal(draft_set_note(dr, "1.1.1", "断电前的修改，\"引号\"与换行\n第二行", why,
                                    sizeof why),
                     0);
    assert_int_equal(draftio_write_buffer(dr, true, &new_buf, &new_len), 0);
    /* 4 KB draft in 97-byte writes: ~45 write boundaries */
    static const size_t chunks[] = {97, 4096};
    static const int errs[] = {ENOSPC, EIO};
    int injected = 0, survived = 0, completed_after_dirsync = 0;
    for (size_t c = 0; c < 2; c++) {
        for (size_t e = 0; e < 2; e++) {
            for (int zero = 0; zero < 2; zero++) {
                for (int at = 1;; at++) {
                    write_plain(path, old_buf, old_len);
                    inj = (struct injector){.fail_at = at, .err = errs[e], .chunk = chunks[c],
                                        .short_zero = zero};
                    fileio_ops = faulty;
                    why[0] = '\0';
                    int rc = draftio_save(dr, path, why, sizeof why);
                    fileio_ops = fileio_default_ops;
                    if (!inj.failed_op) {   /* the save ran past every boundary */
                        assert_int_equal(rc, 0);
                        assert_true(file_is(path, new_buf, new_len));
                        break;
                    }
                    if (zero && strcmp(inj.failed_op, "write"))
                        continue;   /* same as the errno run */
                    injected++;
                    int want = zero ? EIO : errs[e];
                    if (rc == 0) {
                        /* only the folder's fsync comes after the rename */
                        assert_string_equal(inj.failed_op, "fsync");
                        assert_true(file_is(path, new_buf, new_len));
                        assert_non_null(strstr(why, strerror(want)));
                        completed_after_dirsync++;
                    } else {
                        if (!file_is(path, old_buf, old_len))
                            fail_msg("%s fault at call %d (%s): old file changed", inj.failed_op,
                                     at, strerror(want));
                        if (!strstr(why, strerror(want)) || !strstr(why, path))
                            fail_msg("unclear reason for a %s fault: \"%s\"", inj.failed_op, why);
                    }
                    assert_int_equal(strays(dir, only_draft), 0);
                    /* the draft in memory still has the change */
                    char *mem;
                    size_t mem_len;
                    assert_int_equal(draftio_write_buffer(dr, true, &mem, &mem_len), 0);
                    assert_true(mem_len == new_len && !memcmp(mem, new_buf, new_len));
                    free(mem);
                    /* and a later save elsewhere works */
                    assert_int_equal(draftio_save(dr, other, why, sizeof why), 0);
                    assert_true(file_is(other, new_buf, new_len));
                    unlink(other);
                    survived++;
                }
            }
        }
    }
    print_message("# fileio: %d faults injected (ENOSPC, EIO, zero-byte writes), %d survived "
                  "(%d after the rename: new file in place, reported)\n",
                  injected, survived, completed_after_dirsync);
    assert_true(injected > 100);
    assert_int_equal(injected, survived);
    free(old_buf);
    free(new_buf);
    draft_free(dr);
    rmtree(dir);
    free(dir);
}

static void test_keeps_mode(void **state)
{
    (void)state;
    char *dir = tmpdir_new();
    char path[4096], why[512];
    snprintf(path, sizeof path, "%s/d.csv", dir);
    write_plain(path, "x", 1);
    assert_int_equal(chmod(path, 0640), 0);
    assert_int_equal(fileio_write_atomic(path, "abc", 3, why, sizeof why), 0);
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 07777, 0640);
    assert_true(file_is(path, "abc", 3));
    rmtree(dir);
    free(dir);
}

static void test_missing_folder(void **state)
{
    (void)state;
    char why[512];
    assert_int_equal(
        fileio_write_atomic("/nonexistent-jixiao/d.csv", "abc", 3, why, sizeof why), -1);
    assert_non_null(strstr(why, "/nonexistent-jixiao/d.csv"));
    assert_non_null(strstr(why, strerror(ENOENT)));
}

static void test_is_temp_of(void **state)
{
    (void)state;
    assert_true(fileio_is_temp_of("d.csv.jixiao-tmp-Ab12Z9", "d.csv"));
    assert_false(fileio_is_temp_of("d.csv.jixiao-tmp-Ab12Z", "d.csv"));
    assert_false(fileio_is_temp_of("d.csv.jixiao-tmp-Ab12Z90", "d.csv"));
    assert_false(fileio_is_temp_of("d.csv.jixiao-tmp-Ab.2Z9", "d.csv"));
    assert_false(fileio_is_temp_of("e.csv.jixiao-tmp-Ab12Z9", "d.csv"));
    assert_false(fileio_is_temp_of("d.csv", "d.csv"));
    assert_false(fileio_is_temp_of("xd.csv.jixiao-tmp-Ab12Z9", "d.csv"));
}

static void test_clean_stale(void **state)
{
    (void)state;
    char *dir = tmpdir_new();
    char p[4096], why[512];
    static const char *const files[] = {
        "d.csv", "d.csv.jixiao-tmp-Ab12Z9", "d.csv.jixiao-tmp-000000", "d.csv.jixiao-tmp-short",
        "e.csv.jixiao-tmp-Ab12Z9", "d.csv.jixiao-tmp-Ab12Z9.bak",
    };
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        snprintf(p, sizeof p, "%s/%s", dir, files[i]);
        write_plain(p, "x", 1);
    }
    /* a folder with a temp-like name is not ours to remove */
    snprintf(p, sizeof p, "%s/d.csv.jixiao-tmp-DIRDIR", dir);
    assert_int_equal(mkdir(p, 0700), 0);
    snprintf(p, sizeof p, "%s/d.csv", dir);
    assert_int_equal(fileio_clean_stale(p, why, sizeof why), 2);
    assert_string_equal(why, "");
    static const char *const left[] = {"d.csv", "d.csv.jixiao-tmp-short",
                                       "e.csv.jixiao-tmp-Ab12Z9", "d.csv.jixiao-tmp-Ab12Z9.bak",
                                       "d.csv.jixiao-tmp-DIRDIR", NULL};
    assert_int_equal(strays(dir, left), 0);
    assert_int_equal(fileio_clean_stale(p, why, sizeof why), 0);
    /* a path without a folder part means the current folder */
    assert_true(fileio_clean_stale("no-such-draft-here.csv", why, sizeof why) >= 0);
    assert_int_equal(fileio_clean_stale("/nonexistent-jixiao/d.csv", why, sizeof why), -1);
    assert_non_null(strstr(why, strerror(ENOENT)));
    rmtree(dir);
    free(dir);
}

int main(void)
{
    setlocale(LC_ALL, "C.UTF-8");
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_boundary),
        cmocka_unit_test(test_keeps_mode),
        cmocka_unit_test(test_missing_folder),
        cmocka_unit_test(test_is_temp_of),
        cmocka_unit_test(test_clean_stale),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
