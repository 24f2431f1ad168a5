/* journal.h - the recovery journal and the "already open" lock.
 *
 * Beside DIR/NAME.csv the editor keeps two hidden files:
 *
 *   DIR/.NAME.csv.jixiao-journal   every committed change since the last
 *                                  save, one line each, fsync'd (like a vim
 *                                  swap file)
 *   DIR/.NAME.csv.jixiao-lock      "PID HOST\n" of the jixiao that has the
 *                                  draft open for writing
 *
 * A name that would pass 255 bytes (a long Chinese NAME) is shortened the
 * same way every time: fileio_name_beside in fileio.h.
 *
 * Journal format 2 (UTF-8; three header lines, then one record a line;
 * fields separated by TAB; inside a field \\ \t \n \r stand for
 * themselves and a lone \N is NULL):
 *
 *   JIXIAO-JOURNAL 2
 *   form HASH
 *   base SIZE SEC NSEC       (the draft file when the journal started;
 *   base none                 "none" when it did not exist yet)
 *   LEN CRC32 PAYLOAD        one record: LEN the bytes of PAYLOAD in
 *                            decimal, CRC32 its checksum in 8 lower-case
 *                            hex digits (journal_crc32), then a newline
 *
 * PAYLOAD is one of
 *
 *   edit KIND ID KEY VALUE POINTS DESC SCORE NOTE   (struct edit's fields)
 *   undo
 *   redo
 *
 * KIND is score|figure|mark|note|meta|add|del|review_score|review_status|
 * review_comment|evidence|custom_set|restore. Records delimit themselves:
 * bytes that are no whole record with a matching checksum (a write torn by
 * a full disk or a crash) are skipped up to the next record that is, so
 * nothing written after them is lost; the writer also cuts a torn tail off
 * before it appends again, and writes again the records a failed write
 * left out, so the journal holds every change in order. Format 1 (the
 * same lines without LEN and CRC32, "JIXIAO-JOURNAL 1") is still read.
 * undo/redo records are replayed through a history so that the recovered
 * draft, and its undo stack, are exactly what the crashed session had.
 *
 * The journal and lock are opened by fileio_open_beside: a symlink, FIFO,
 * device or another user's file planted at their names is refused with a
 * reason naming it, never followed, read or waited on.
 *
 * Nothing here prints; errors come back as translated text in why.
 */
#ifndef JIXIAO_JOURNAL_H
#define JIXIAO_JOURNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>
#include "diag.h"
#include "draft.h"
#include "history.h"
#include "compiler.h"

/* CRC-32 (IEEE, as zlib's crc32) of n bytes: the checksum of a record. */
uint32_t journal_crc32(const void *p, size_t n) JX_NONNULL(1);

/* Paths of the journal and lock files of a draft; caller frees. NULL when
 * out of memory. */
char *journal_path_for(const char *draft_path) JX_WARN_UNUSED JX_NONNULL(1);
char *journal_lock_path_for(const char *draft_path) JX_WARN_UNUSED JX_NONNULL(1);

/* ---- writing ---- */

struct journal;   /* an open journal, appended to */

/* Start a fresh journal for draft_path (replacing any old one): writes the
 * header with form_hash and the draft file's current size and mtime, and
 * syncs it. Returns NULL with a reason in why. */
struct journal *journal_start(const char *draft_path, const char *form_hash, char *why,
                              size_t whylen) JX_WARN_UNUSED JX_NONNULL(1);

/* Keep appending to the journal that was just recovered. */
struct journal *journal_continue(const char *draft_path, char *why, size_t whylen)
    JX_WARN_UNUSED JX_NONNULL(1);

/* Append one record and fsync it. Return 0, or -1 with a reason. */
int journal_append_edit(struct journal *j, const struct edit *e, char *why, size_t whylen)
    JX_WARN_UNUSED JX_NONNULL(1, 2);
int journal_append_undo(struct journal *j, char *why, size_t whylen)
    JX_WARN_UNUSED JX_NONNULL(1);
int journal_append_redo(struct journal *j, char *why, size_t whylen)
    JX_WARN_UNUSED JX_NONNULL(1);

/* Close the journal and delete its file (after a clean save or quit). */
void journal_discard(struct journal *j);
/* Close the journal and keep its file (NULL is fine). */
void journal_close(struct journal *j);

/* Delete the journal file of draft_path if there is one and it is a
 * regular file of this user (anything else at its name is left alone). */
int journal_remove(const char *draft_path);

/* ---- recovery ---- */

enum jrec_kind { JREC_EDIT, JREC_UNDO, JREC_REDO };

struct jrec {
    enum jrec_kind kind;
    struct edit e;   /* JREC_EDIT only */
    long line;       /* line in the journal file */
};

struct journal_state {
    bool exists;               /* a journal file was found */
    char form_hash[17];
    bool base_exists;          /* the draft existed when the journal started */
    int64_t base_size, base_sec;
    long base_nsec;
    bool base_matches;         /* the draft file is still what it was then */
    bool newer;                /* journal modified after the draft (or no draft) */
    struct timespec mtime;     /* when the journal was last written */
    struct jrec *recs;
    size_t nrecs, reccap;
    size_t nedits;             /* JREC_EDIT records */
    char *path;                /* the journal file (for messages) */
};

/* Read the journal of draft_path, if any. Returns 0 (st->exists says if
 * there was one), or -1 when it exists but cannot be read or is not a
 * journal (diagnostics with FILE:LINE in d). Malformed records are
 * skipped with a warning. */
int journal_read(const char *draft_path, struct journal_state *st, struct diags *d)
    JX_WARN_UNUSED JX_NONNULL(1, 2);
void journal_state_free(struct journal_state *st);

/* True when recovery should be offered: changes were journalled and the
 * journal is newer than the draft. */
bool journal_should_offer(const struct journal_state *st);

/* Replay the records into d, pushing each edit into h (which may be NULL;
 * undo/redo records need h). Refused records are skipped with a warning
 * in diag. Returns how many records were applied, and in *last_id (may be
 * NULL) a malloc'd copy of the id of the last node touched, or NULL. */
size_t journal_replay(const struct journal_state *st, struct draft *d, struct history *h,
                      char **last_id, struct diags *diag) JX_NONNULL(1, 2);

/* ---- lock ---- */

enum lock_result {
    LOCK_OK,        /* the lock is ours (a stale one was taken over) */
    LOCK_BUSY,      /* another live jixiao holds it: owner says who */
    LOCK_FAILED,    /* the lock file could not be created: why */
};

struct lock_owner {
    long pid;
    char host[256];
    bool stale;     /* LOCK_OK after replacing a lock of a dead process */
};

/* Take the lock of draft_path. A lock naming this host and a process that
 * no longer exists is stale and taken over. */
enum lock_result journal_lock(const char *draft_path, struct lock_owner *owner, char *why,
                              size_t whylen);
/* Release the lock if it is ours. */
void journal_unlock(const char *draft_path);
/* Whether another live jixiao holds the lock of draft_path, looked at
 * without taking it or changing anything (for listing a folder): true with
 * its pid and host in *owner. Our own lock, a stale one (a process of this
 * host that is gone), an unreadable one and anything but a regular file at
 * its name are not held. */
bool journal_lock_held(const char *draft_path, struct lock_owner *owner) JX_NONNULL(1, 2);

#endif
