/* evidence.c - evidence references, their SHA-256 and the check. */
#include "evidence.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <nettle/sha2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "csvio.h"
#include "grow.h"
#include "i18n.h"
#include "utf8.h"

static char *dup_n(const char *s, size_t n)
{
    char *p = malloc(n + 1);
    if (p) {
        memcpy(p, s, n);
        p[n] = '\0';
    }
    return p;
}

void evidence_free(struct evidence_ref *v, size_t n)
{
    for (size_t i = 0; v && i < n; i++) {
        free(v[i].path);
        free(v[i].page);
    }
    free(v);
}

/* Fill r from one line "PATH|PAGE|SHA256". */
static int parse_line(const char *s, size_t len, struct evidence_ref *r)
{
    const char *bar = memchr(s, '|', len);
    size_t plen = bar ? (size_t)(bar - s) : len;
    const char *page = bar ? bar + 1 : s + len;
    size_t rest = bar ? len - plen - 1 : 0;
    const char *bar2 = memchr(page, '|', rest);
    size_t pglen = bar2 ? (size_t)(bar2 - page) : rest;
    memset(r, 0, sizeof *r);
    if (bar2) {
        size_t hl = rest - pglen - 1;
        if (hl < EVIDENCE_HEX) {
            memcpy(r->hash, bar2 + 1, hl);
            r->hash[hl] = '\0';
        }
    }
    r->path = dup_n(s, plen);
    r->page = dup_n(page, pglen);
    if (!r->path || !r->page) {
        free(r->path);
        free(r->page);
        return -1;
    }
    return 0;
}

int evidence_parse(const char *text, struct evidence_ref **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    size_t cap = 0;
    for (const char *p = text ? text : ""; *p;) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        size_t keep = len;
        if (keep && p[keep - 1] == '\r')
            keep--;
        if (keep) {
            struct evidence_ref *v = grow_array(*out, &cap, *n, 1, sizeof *v);
            if (!v)
                goto oom;
            *out = v;
            if (parse_line(p, keep, &(*out)[*n]) < 0)
                goto oom;
            (*n)++;
        }
        p += len + (nl != NULL);
    }
    return 0;
oom:
    evidence_free(*out, *n);
    *out = NULL;
    *n = 0;
    return -1;
}

int evidence_sha256_file(const char *path, char hex[EVIDENCE_HEX])
{
    /* Only a regular file is read: a FIFO would wait for a writer, a
     * device like /dev/zero never ends. Looked at before opening (a
     * socket cannot be opened at all), and again after (the name may have
     * changed hands); opened without blocking all the same. */
    struct stat st;
    if (stat(path, &st) != 0)
        return -1;
    if (!S_ISREG(st.st_mode))
        return -2;
    if (st.st_size > EVIDENCE_MAX_BYTES) {
        errno = EFBIG;
        return -1;
    }
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
    if (fd < 0)
        return -1;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        int err = errno;
        bool reg = S_ISREG(st.st_mode);
        close(fd);
        errno = err;
        return reg ? -1 : -2;
    }
    struct sha256_ctx ctx;
    sha256_init(&ctx);
    unsigned char buf[65536];
    long long total = 0;
    int err = 0;
    for (;;) {
        ssize_t got = read(fd, buf, sizeof buf);
        if (got < 0 && (errno == EINTR || errno == EAGAIN))
            continue;
        if (got < 0) {
            err = errno;
            break;
        }
        if (got == 0)
            break;
        total += got;
        if (total > EVIDENCE_MAX_BYTES) {   /* grew while read */
            err = EFBIG;
            break;
        }
        sha256_update(&ctx, (size_t)got, buf);
    }
    close(fd);
    if (err) {
        errno = err;
        return -1;
    }
    uint8_t digest[SHA256_DIGEST_SIZE];
    sha256_digest(&ctx, sizeof digest, digest);
    static const char xd[] = "0123456789abcdef";
    for (size_t i = 0; i < sizeof digest; i++) {
        hex[2 * i] = xd[digest[i] >> 4];
        hex[2 * i + 1] = xd[digest[i] & 15];
    }
    hex[64] = '\0';
    return 0;
}

char *evidence_draft_dir(const char *draft_path)
{
    const char *slash = strrchr(draft_path, '/');
    if (!slash)
        return strdup(".");
    if (slash == draft_path)
        return strdup("/");
    return dup_n(draft_path, (size_t)(slash - draft_path));
}

char *evidence_resolve(const char *draft_dir, const char *path)
{
    if (path[0] == '/' || !draft_dir || !*draft_dir || !strcmp(draft_dir, "."))
        return strdup(path);
    size_t a = strlen(draft_dir), b = strlen(path);
    char *p = malloc(a + b + 2);
    if (!p)
        return NULL;
    memcpy(p, draft_dir, a);
    size_t k = a;
    if (draft_dir[a - 1] != '/')
        p[k++] = '/';
    memcpy(p + k, path, b + 1);
    return p;
}

int evidence_attach(const char *list, const char *draft_dir, const char *path,
                    const char *page, char **out, char *why, size_t whylen)
{
    *out = NULL;
    page = page ? page : "";
    if (!*path || strpbrk(path, "|\r\n") || strpbrk(page, "|\r\n")) {
        u8_snprintf(why, whylen, _("evidence \"%s\": path and page may not be empty or contain '|' or line breaks"),
                 path);
        return -1;
    }
    char *full = evidence_resolve(draft_dir, path);
    char hex[EVIDENCE_HEX];
    int hr = full ? evidence_sha256_file(full, hex) : -1;
    if (hr == -2) {
        u8_snprintf(why, whylen, _("evidence %s is not a regular file: not read"), full);
        free(full);
        return -1;
    }
    if (hr < 0) {
        u8_snprintf(why, whylen, _("cannot read evidence %s: %s"), full ? full : path,
                 strerror(full ? errno : ENOMEM));
        free(full);
        return -1;
    }
    free(full);
    struct evidence_ref *v;
    size_t n;
    if (evidence_parse(list, &v, &n) < 0) {
        u8_snprintf(why, whylen, "%s", strerror(ENOMEM));
        return -1;
    }
    struct strbuf b = {0};
    bool found = false;
    for (size_t i = 0; i < n; i++) {
        bool same = !strcmp(v[i].path, path) && !strcmp(v[i].page, page);
        found |= same;
        if (b.n)
            strbuf_puts(&b, "\n");
        strbuf_puts(&b, v[i].path);
        strbuf_puts(&b, "|");
        strbuf_puts(&b, v[i].page);
        strbuf_puts(&b, "|");
        strbuf_puts(&b, same ? hex : v[i].hash);
    }
    if (!found) {
        if (b.n)
            strbuf_puts(&b, "\n");
        strbuf_puts(&b, path);
        strbuf_puts(&b, "|");
        strbuf_puts(&b, page);
        strbuf_puts(&b, "|");
        strbuf_puts(&b, hex);
    }
    evidence_free(v, n);
    if (b.oom || !b.p) {
        strbuf_free(&b);
        u8_snprintf(why, whylen, "%s", strerror(ENOMEM));
        return -1;
    }
    *out = b.p;
    return 0;
}

/* State of one reference and its message (without the node prefix). */
static enum evidence_state ref_state(const char *draft_dir, const struct evidence_ref *r,
                                     char *msg, size_t size)
{
    char *full = evidence_resolve(draft_dir, r->path);
    if (!full) {
        u8_snprintf(msg, size, "%s", strerror(ENOMEM));
        return EVIDENCE_UNREADABLE;
    }
    char hex[EVIDENCE_HEX];
    enum evidence_state st = EVIDENCE_OK;
    int hr = evidence_sha256_file(full, hex);
    if (hr == -2) {
        st = EVIDENCE_NOT_REGULAR;
        snprintf(msg, size, _("evidence %s is not a regular file (a device, FIFO, socket or folder): not read"),
                 r->path);
    } else if (hr < 0) {
        int err = errno;
        st = err == ENOENT || err == ENOTDIR ? EVIDENCE_MISSING : EVIDENCE_UNREADABLE;
        if (st == EVIDENCE_MISSING)
            u8_snprintf(msg, size, _("evidence %s is missing"), r->path);
        else
            u8_snprintf(msg, size, _("evidence %s cannot be read: %s"), r->path, strerror(err));
    } else if (!r->hash[0]) {
        st = EVIDENCE_UNHASHED;
        u8_snprintf(msg, size, _("evidence %s has no SHA-256 recorded; attach it again"), r->path);
    } else if (strcmp(hex, r->hash)) {
        st = EVIDENCE_CHANGED;
        u8_snprintf(msg, size, _("evidence %s has changed since it was attached"), r->path);
    }
    free(full);
    return st;
}

long evidence_check(const struct draft *d, const char *draft_dir, evidence_fn fn, void *ctx)
{
    long bad = 0;
    for (int i = draft_first(d); i >= 0; i = draft_next(d, i)) {
        const struct dnode *nd = draft_node(d, i);
        if (!nd->evidence[0])
            continue;
        struct evidence_ref *v;
        size_t n;
        if (evidence_parse(nd->evidence, &v, &n) < 0)
            return -1;
        for (size_t k = 0; k < n; k++) {
            struct evidence_issue is = {.node = i, .ref = &v[k]};
            char what[768];
            is.state = ref_state(draft_dir, &v[k], what, sizeof what);
            if (is.state == EVIDENCE_OK)
                continue;
            bad++;
            if (v[k].page[0])
                snprintf(is.msg, sizeof is.msg, _("%s %s: %s (page %s)"), nd->fn->id, nd->fn->name,
                         what, v[k].page);
            else
                snprintf(is.msg, sizeof is.msg, "%s %s: %s", nd->fn->id, nd->fn->name, what);
            if (fn)
                fn(ctx, &is);
        }
        evidence_free(v, n);
    }
    return bad;
}
