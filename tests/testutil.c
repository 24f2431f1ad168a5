/* testutil.c - helpers shared by the cmocka suites. */
#include "testutil.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "draftio.h"

const char *srcpath(char *buf, size_t size, const char *rel)
{
    const char *root = getenv("JIXIAO_SRCDIR");
    snprintf(buf, size, "%s/%s", root ? root : SRCDIR, rel);
    return buf;
}

char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 4096, n = 0;
    char *p = malloc(cap + 1);
    size_t got;
    while (p && (got = fread(p + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap) {
            char *q = realloc(p, cap * 2 + 1);
            if (!q) {
                free(p);
                p = NULL;
                break;
            }
            p = q;
            cap *= 2;
        }
    }
    fclose(f);
    if (!p)
        return NULL;
    p[n] = '\0';
    if (len)
        *len = n;
    return p;
}

char *diags_join(const struct diags *d)
{
    size_t cap = 1, n = 0;
    char *out = malloc(cap);
    if (!out)
        return NULL;
    out[0] = '\0';
    for (size_t i = 0; i < d->n; i++) {
        char line[1024];
        diag_format(&d->v[i], line, sizeof line);
        size_t l = strlen(line);
        char *q = realloc(out, cap + l + 1);
        if (!q)
            break;
        out = q;
        cap += l + 1;
        memcpy(out + n, line, l);
        n += l;
        out[n++] = '\n';
        out[n] = '\0';
    }
    return out;
}

char *tmpdir_new(void)
{
    char tmpl[] = "/tmp/jixiao-test-XXXXXX";
    char *p = mkdtemp(tmpl);
    return p ? strdup(p) : NULL;
}

void rmtree(const char *path)
{
    DIR *dir = opendir(path);
    if (dir) {
        struct dirent *e;
        while ((e = readdir(dir))) {
            if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
                continue;
            char sub[4096];
            snprintf(sub, sizeof sub, "%s/%s", path, e->d_name);
            struct stat st;
            if (lstat(sub, &st) == 0 && S_ISDIR(st.st_mode))
                rmtree(sub);
            else
                unlink(sub);
        }
        closedir(dir);
    }
    rmdir(path);
}

struct form *test_form;

int test_form_setup(void **state)
{
    (void)state;
    struct diags d = {0};
    test_form = form_load_standard(&d);
    diags_clear(&d);
    return test_form ? 0 : -1;
}

int test_form_teardown(void **state)
{
    (void)state;
    form_free(test_form);
    test_form = NULL;
    return 0;
}

void assert_contains(const char *s, const char *sub)
{
    if (!strstr(s, sub))
        fail_msg("\"%s\" does not contain \"%s\"", s, sub);
}

struct rule_ev rule_run(const char *figtext, const char *ruletext, pts_t points,
                     const char *const *vals, const char *const *marks)
{
    struct rule_ev out;
    struct figure_def *f;
    size_t nf;
    char why[256];
    memset(&out, 0, sizeof out);
    if (rule_parse_figures(figtext, &f, &nf, why, sizeof why) != 0)
        fail_msg("figures: %s", why);
    struct rule *r = rule_parse(ruletext, f, nf, points, why, sizeof why);
    if (!r)
        fail_msg("rule: %s", why);
    assert_true(nf <= MAXN && r->nparts <= MAXN);
    struct figval fv[MAXN];
    memset(fv, 0, sizeof fv);
    for (size_t i = 0; i < nf; i++) {
        if (!vals || !vals[i] || !vals[i][0])
            continue;
        if (rule_parse_figure_value(&f[i], vals[i], &fv[i].v, why, sizeof why) != 0)
            fail_msg("figure %s = %s: %s", f[i].name, vals[i], why);
        fv[i].set = true;
    }
    mark_t m[MAXN];
    for (size_t i = 0; i < r->nparts; i++) {
        const char *t = marks && marks[i] ? marks[i] : "";
        if (rule_parse_mark(&r->parts[i], t, &m[i], why, sizeof why) != 0)
            fail_msg("mark %s = %s: %s", r->parts[i].label, t, why);
    }
    out.st = rule_eval(r, f, fv, nf, m, &out.score, out.parts, out.why, sizeof out.why);
    rule_free(r);
    rule_free_figures(f, nf);
    return out;
}


void assert_score(struct rule_ev e, pts_t want)
{
    if (e.st != RULE_COMPLETE)
        fail_msg("status %d: %s", e.st, e.why);
    assert_int_equal(e.score, want);
}

struct form *test_std_form(void)
{
    struct diags d = {0};
    struct form *f = form_load_standard(&d);
    if (!f) {
        char *msg = diags_join(&d);
        fail_msg("standard form: %s", msg);
    }
    diags_clear(&d);
    return f;
}

struct draft *test_seed(const struct form *f)
{
    char p[1024];
    struct diags d = {0};
    struct draft *dr = draftio_load(srcpath(p, sizeof p, "examples/dapeng-2021.csv"), f, &d);
    if (!dr) {
        char *msg = diags_join(&d);
        fail_msg("examples/dapeng-2021.csv: %s", msg);
    }
    diags_clear(&d);
    return dr;
}

void test_apply(struct draft *d, enum edit_kind k, const char *id, const char *key,
                const char *value)
{
    char why[512];
    struct edit e = {.kind = k, .id = (char *)id, .key = (char *)key, .value = (char *)value};
    if (draft_apply(d, &e, NULL, why, sizeof why) < 0)
        fail_msg("%s: %s", id ? id : key ? key : "(no id)", why);
}
