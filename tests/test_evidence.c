/* test_evidence.c - 佐证材料: parsing, SHA-256, attaching, the check, and
 * evidence and review fields surviving save -> load. */
#include "testutil.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>
#include <stdbool.h>

#include "draftio.h"
#include "evidence.h"

/* SHA-256("abc"), FIPS 180-2 appendix B.1 */
#define ABC_SHA "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
#define EMPTY_SHA "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

static struct draft *seed(struct form **f)
{
    *f = test_std_form();
    return test_seed(*f);
}

static void write_file(const char *dir, const char *name, const char *text)
{
    char p[1024];
    snprintf(p, sizeof p, "%s/%s", dir, name);
    FILE *f = fopen(p, "wb");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static void test_parse(void **state)
{
    (void)state;
    struct evidence_ref *v;
    size_t n;
    assert_int_equal(evidence_parse("佐证/目标表.pdf|3|" ABC_SHA "\r\n\nb.pdf\nc.xlsx||" ABC_SHA,
                                    &v, &n), 0);
    assert_int_equal(n, 3);
    assert_string_equal(v[0].path, "佐证/目标表.pdf");
    assert_string_equal(v[0].page, "3");
    assert_string_equal(v[0].hash, ABC_SHA);
    assert_string_equal(v[1].path, "b.pdf");
    assert_string_equal(v[1].page, "");
    assert_string_equal(v[1].hash, "");
    assert_string_equal(v[2].page, "");
    assert_string_equal(v[2].hash, ABC_SHA);
    evidence_free(v, n);
    assert_int_equal(evidence_parse("", &v, &n), 0);
    assert_int_equal(n, 0);
    assert_null(v);
}

static void test_sha256(void **state)
{
    (void)state;
    char *dir = tmpdir_new();
    write_file(dir, "abc.txt", "abc");
    write_file(dir, "empty.txt", "");
    char p[1024], hex[EVIDENCE_HEX];
    snprintf(p, sizeof p, "%s/abc.txt", dir);
    assert_int_equal(evidence_sha256_file(p, hex), 0);
    assert_string_equal(hex, ABC_SHA);
    snprintf(p, sizeof p, "%s/empty.txt", dir);
    assert_int_equal(evidence_sha256_file(p, hex), 0);
    assert_string_equal(hex, EMPTY_SHA);
    snprintf(p, sizeof p, "%s/none.txt", dir);
    assert_int_equal(evidence_sha256_file(p, hex), -1);
    assert_int_equal(evidence_sha256_file(dir, hex), -2);   /* a folder: not a file */
    rmtree(dir);
    free(dir);
}

static void test_paths(void **state)
{
    (void)state;
    char *s = evidence_draft_dir("a/b/draft.csv");
    assert_string_equal(s, "a/b");
    free(s);
    s = evidence_draft_dir("draft.csv");
    assert_string_equal(s, ".");
    free(s);
    s = evidence_draft_dir("/draft.csv");
    assert_string_equal(s, "/");
    free(s);
    s = evidence_resolve("a/b", "佐证/x.pdf");
    assert_string_equal(s, "a/b/佐证/x.pdf");
    free(s);
    s = evidence_resolve("a/b", "/abs/x.pdf");
    assert_string_equal(s, "/abs/x.pdf");
    free(s);
    s = evidence_resolve(".", "x.pdf");
    assert_string_equal(s, "x.pdf");
    free(s);
}

struct seen {
    int n;
    enum evidence_state st[8];
    char msg[8][1024];
};

static void collect(void *ctx, const struct evidence_issue *is)
{
    struct seen *s = ctx;
    if (s->n < 8) {
        s->st[s->n] = is->state;
        snprintf(s->msg[s->n], sizeof s->msg[0], "%s", is->msg);
    }
    s->n++;
}

static void set_evidence(struct draft *d, const char *id, const char *value)
{
    char why[512];
    struct edit e = {.kind = EDIT_EVIDENCE, .id = (char *)id, .value = (char *)value};
    assert_int_equal(draft_apply(d, &e, NULL, why, sizeof why), 0);
}

/* Attach, check, change the file, delete it, attach again. */
static void test_attach_and_check(void **state)
{
    (void)state;
    struct form *f;
    struct draft *d = seed(&f);
    char *dir = tmpdir_new();
    char sub[1024], why[512];
    snprintf(sub, sizeof sub, "%s/佐证", dir);
    assert_int_equal(mkdir(sub, 0700), 0);
    write_file(dir, "佐证/目标表.pdf", "abc");
    write_file(dir, "会议纪要.pdf", "minutes");

    char *list;
    assert_int_equal(evidence_attach("", dir, "佐证/目标表.pdf", "3", &list, why, sizeof why), 0);
    assert_string_equal(list, "佐证/目标表.pdf|3|" ABC_SHA);
    char *list2;
    assert_int_equal(evidence_attach(list, dir, "会议纪要.pdf", NULL, &list2, why, sizeof why), 0);
    free(list);
    set_evidence(d, "1.2.2", list2);
    assert_int_equal(evidence_check(d, dir, NULL, NULL), 0);

    /* the file changes after it was attached */
    write_file(dir, "佐证/目标表.pdf", "abd");
    struct seen s = {0};
    assert_int_equal(evidence_check(d, dir, collect, &s), 1);
    assert_int_equal(s.st[0], EVIDENCE_CHANGED);
    assert_non_null(strstr(s.msg[0], "1.2.2 绩效指标明确性"));
    assert_non_null(strstr(s.msg[0], "佐证/目标表.pdf"));
    assert_non_null(strstr(s.msg[0], "3"));

    /* attaching it again accepts the change: same path and page, new hash */
    char *list3;
    assert_int_equal(evidence_attach(list2, dir, "佐证/目标表.pdf", "3", &list3, why, sizeof why), 0);
    struct evidence_ref *v;
    size_t n;
    assert_int_equal(evidence_parse(list3, &v, &n), 0);
    assert_int_equal(n, 2);
    assert_string_not_equal(v[0].hash, ABC_SHA);
    evidence_free(v, n);
    set_evidence(d, "1.2.2", list3);
    assert_int_equal(evidence_check(d, dir, NULL, NULL), 0);

    /* missing, and a reference without a hash */
    char p[1024];
    snprintf(p, sizeof p, "%s/会议纪要.pdf", dir);
    assert_int_equal(remove(p), 0);
    set_evidence(d, "3.2.3", "佐证/目标表.pdf|7");
    memset(&s, 0, sizeof s);
    assert_int_equal(evidence_check(d, dir, collect, &s), 2);
    assert_int_equal(s.st[0], EVIDENCE_MISSING);
    assert_non_null(strstr(s.msg[0], "会议纪要.pdf"));
    assert_int_equal(s.st[1], EVIDENCE_UNHASHED);
    assert_non_null(strstr(s.msg[1], "3.2.3"));

    /* refused: a missing file, '|' in the path or page */
    char *bad = NULL;
    assert_int_equal(evidence_attach("", dir, "none.pdf", "", &bad, why, sizeof why), -1);
    assert_null(bad);
    assert_non_null(strstr(why, "none.pdf"));
    assert_int_equal(evidence_attach("", dir, "a|b.pdf", "", &bad, why, sizeof why), -1);
    assert_int_equal(evidence_attach("", dir, "佐证/目标表.pdf", "1|2", &bad, why, sizeof why), -1);
    assert_int_equal(evidence_attach("", dir, "佐证/目标表.pdf", "1\n2", &bad, why, sizeof why), -1);

    free(list2);
    free(list3);
    rmtree(dir);
    free(dir);
    draft_free(d);
    form_free(f);
}

/* A FIFO, a device like /dev/zero, a socket and a folder given as evidence:
 * reported as not a regular file, never read (a FIFO would wait for a
 * writer for ever, /dev/zero never end). Run in a child under alarm() so
 * that a blocked read fails the test instead of hanging it. */
static int not_regular_child(const char *dir, struct draft *d)
{
    alarm(5);
    char p[1024], hex[EVIDENCE_HEX], why[512];
    struct seen s = {0};
    int bad = 0;
    const char *names[] = {"fifo", "zero", "sock", "folder"};
    for (int i = 0; i < 4; i++) {
        snprintf(p, sizeof p, "%s/%s", dir, names[i]);
        if (access(p, F_OK) != 0)
            continue;   /* the device needs root */
        bad |= evidence_sha256_file(p, hex) != -2;
        char *out = NULL;
        bad |= evidence_attach("", dir, names[i], NULL, &out, why, sizeof why) != -1;
        bad |= !strstr(why, "not a regular file");
        free(out);
    }
    long n = evidence_check(d, dir, collect, &s);
    bad |= n != s.n || n < 3;
    for (int i = 0; i < s.n && i < 8; i++) {
        bad |= s.st[i] != EVIDENCE_NOT_REGULAR;
        bad |= !strstr(s.msg[i], "not a regular file");
    }
    return bad;
}

static void test_not_regular(void **state)
{
    (void)state;
    struct form *f;
    struct draft *d = seed(&f);
    char *dir = tmpdir_new();
    char p[1024];
    snprintf(p, sizeof p, "%s/fifo", dir);
    assert_int_equal(mkfifo(p, 0600), 0);
    snprintf(p, sizeof p, "%s/zero", dir);
    bool dev = mknod(p, S_IFCHR | 0600, makedev(1, 5)) == 0;
    snprintf(p, sizeof p, "%s/folder", dir);
    assert_int_equal(mkdir(p, 0700), 0);
    snprintf(p, sizeof p, "%s/sock", dir);
    int sfd = socket(AF_UNIX, SOCK_STREAM, 0);
    struct sockaddr_un sa = {.sun_family = AF_UNIX};
    assert_true(strlen(p) < sizeof sa.sun_path);
    memcpy(sa.sun_path, p, strlen(p) + 1);
    assert_true(sfd >= 0);
    assert_int_equal(bind(sfd, (struct sockaddr *)&sa, sizeof sa), 0);
    set_evidence(d, "1.2.2", dev ? "fifo\nzero||" ABC_SHA "\nsock\nfolder" : "fifo\nsock\nfolder");
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        int bad = not_regular_child(dir, d);
        free(dir);
        draft_free(d);
        form_free(f);
        _exit(bad);
    }
    int ws;
    assert_int_equal(waitpid(pid, &ws, 0), pid);
    close(sfd);
    rmtree(dir);
    free(dir);
    draft_free(d);
    form_free(f);
    if (!WIFEXITED(ws) || WEXITSTATUS(ws) != 0)
        fail_msg("not a regular file: the check %s",
                 WIFSIGNALED(ws) ? "blocked or crashed" : "read it or said something else");
    if (!dev)
        skip_because("needs root to make a device node (mknod)");
}

/* Evidence and review fields are saved and load back without loss. */
static void test_roundtrip(void **state)
{
    (void)state;
    struct form *f;
    struct draft *d = seed(&f);
    char why[512];
    const char *ev = "佐证/目标表.pdf|3|" ABC_SHA "\n会议纪要, 第2次.pdf||" EMPTY_SHA;
    set_evidence(d, "1.2.2", ev);
    struct edit e[] = {
        {.kind = EDIT_REVIEW_SCORE, .id = "1.2.2", .value = "4.5"},
        {.kind = EDIT_REVIEW_STATUS, .id = "1.2.2", .value = "退回修改"},
        {.kind = EDIT_REVIEW_COMMENT, .id = "1.2.2", .value = "扣分依据不足，\n\"请\"补充, 材料"},
        {.kind = EDIT_REVIEW_STATUS, .id = "3", .value = "通过"},
        {.kind = EDIT_REVIEW_COMMENT, .id = "3", .value = "=SUM(A1)"},
    };
    for (size_t k = 0; k < sizeof e / sizeof e[0]; k++)
        assert_int_equal(draft_apply(d, &e[k], NULL, why, sizeof why), 0);
    char *buf;
    size_t len;
    assert_int_equal(draftio_write_buffer(d, true, &buf, &len), 0);
    struct diags dg = {0};
    struct draft *back = draftio_load_buffer("mem.csv", buf, len, f, &dg);
    assert_non_null(back);
    assert_int_equal(dg.errors, 0);
    const struct dnode *a = draft_node(back, draft_find(back, "1.2.2"));
    assert_string_equal(a->evidence, ev);
    assert_int_equal(a->review_score, 450);
    assert_int_equal(a->review_status, REVIEW_RETURN);
    assert_string_equal(a->review_comment, "扣分依据不足，\n\"请\"补充, 材料");
    const struct dnode *g = draft_node(back, draft_find(back, "3"));
    assert_int_equal(g->review_status, REVIEW_PASS);
    assert_string_equal(g->review_comment, "=SUM(A1)");
    assert_int_equal(draft_review_total(back), draft_review_total(d));
    assert_int_equal(draft_review_total(back), 9376 - 500 + 450);
    /* and a second save is byte-identical */
    char *buf2;
    size_t len2;
    assert_int_equal(draftio_write_buffer(back, true, &buf2, &len2), 0);
    assert_int_equal(len, len2);
    assert_memory_equal(buf, buf2, len);
    free(buf);
    free(buf2);
    diags_clear(&dg);
    draft_free(back);
    draft_free(d);
    form_free(f);
}

int main(void)
{
    setlocale(LC_ALL, "");
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse),
        cmocka_unit_test(test_sha256),
        cmocka_unit_test(test_paths),
        cmocka_unit_test(test_attach_and_check),
        cmocka_unit_test(test_not_regular),
        cmocka_unit_test(test_roundtrip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
