/* evidence.h - 佐证材料: the files an indicator's score rests on.
 *
 * A draft stores per indicator a list of references, one per line, as
 * "PATH|PAGE|SHA256" (PAGE and SHA256 may be empty; see dnode.evidence and
 * EDIT_EVIDENCE). PATH is relative to the draft's folder unless absolute.
 * The SHA-256 is taken when the file is attached, so a later check can say
 * which evidence is missing or has changed since. Pure: never prints.
 */
#ifndef JIXIAO_EVIDENCE_H
#define JIXIAO_EVIDENCE_H

#include <stdbool.h>
#include <stddef.h>
#include "draft.h"
#include "compiler.h"

#define EVIDENCE_HEX 65   /* 64 hex digits and a NUL */

/* One reference, parsed. */
struct evidence_ref {
    char *path;
    char *page;                /* "" when none */
    char hash[EVIDENCE_HEX];   /* "" when none was recorded */
};

/* Parse an evidence list (empty lines are skipped). Returns 0 with a
 * malloc'd array in *out (NULL when empty) and its length in *n, or -1
 * when out of memory. Free with evidence_free. */
int evidence_parse(const char *text, struct evidence_ref **out, size_t *n)
    JX_WARN_UNUSED JX_NONNULL(2, 3);
void evidence_free(struct evidence_ref *v, size_t n);

/* Evidence larger than this is not hashed (EFBIG): 1 GiB. */
#define EVIDENCE_MAX_BYTES (1LL << 30)

/* SHA-256 of a regular file as 64 lower-case hex digits into hex. Returns
 * 0; -2 when path is not a regular file (a device, FIFO, socket or
 * folder), which is then never opened for reading or read; or -1 with
 * errno set (ENOENT, EACCES, EFBIG over EVIDENCE_MAX_BYTES...). */
int evidence_sha256_file(const char *path, char hex[EVIDENCE_HEX])
    JX_WARN_UNUSED JX_NONNULL(1, 2);

/* The folder of a draft file ("." for "x.csv"); malloc'd, NULL on ENOMEM. */
char *evidence_draft_dir(const char *draft_path) JX_WARN_UNUSED JX_NONNULL(1);

/* PATH resolved against the draft's folder (absolute paths unchanged);
 * malloc'd, NULL on ENOMEM. */
char *evidence_resolve(const char *draft_dir, const char *path) JX_WARN_UNUSED;

/* Attach a file to an evidence list: hash draft_dir/path and return the
 * new list (malloc'd, for an EDIT_EVIDENCE edit) in *out. A reference to
 * the same path and page already in the list gets the new hash (this is
 * how changed evidence is accepted); otherwise a line is appended. page
 * may be NULL. Returns 0, or -1 with a translated reason in why (file
 * unreadable, '|' or a line break in path or page, out of memory). */
int evidence_attach(const char *list, const char *draft_dir, const char *path,
                    const char *page, char **out, char *why, size_t whylen) JX_WARN_UNUSED;

enum evidence_state {
    EVIDENCE_OK,
    EVIDENCE_MISSING,      /* the file does not exist */
    EVIDENCE_UNREADABLE,   /* it exists but cannot be read */
    EVIDENCE_CHANGED,      /* its SHA-256 differs from the one recorded */
    EVIDENCE_UNHASHED,     /* no SHA-256 was recorded: cannot tell */
    EVIDENCE_NOT_REGULAR,  /* a device, FIFO, socket or folder: never read */
};

struct evidence_issue {
    int node;                         /* index in the draft */
    enum evidence_state state;
    const struct evidence_ref *ref;   /* valid during the callback only */
    char msg[1024];                   /* translated, "ID NAME: ..." */
};

/* Called for every reference that is not EVIDENCE_OK. */
typedef void (*evidence_fn)(void *ctx, const struct evidence_issue *issue);

/* Check every reference of every indicator in table order against the
 * files under draft_dir. Returns how many are not OK (EVIDENCE_UNHASHED
 * included), or -1 when out of memory. fn may be NULL. */
long evidence_check(const struct draft *d, const char *draft_dir, evidence_fn fn, void *ctx)
    JX_WARN_UNUSED JX_NONNULL(1);

#endif
