/* folder.h - the drafts in one folder, for the folder screen (jixiao DIR).
 *
 * A field office keeps its drafts (the department table, the project
 * tables) in one folder. folder_scan lists every *.csv file in it that is
 * a jixiao draft, with what the list shows of it: its form, unit or
 * project, total, grade, how far it is scored and its problems, all as the
 * core computes them (draft_total, draft_grade, draft_problems: the same
 * numbers as `jixiao score` and `check`), and whether a recovery journal
 * or another jixiao's lock is beside it.
 *
 * Nothing is printed, written or taken: no lock, no journal is touched.
 * A name that is a symbolic link, a FIFO, a device or a folder is never
 * opened (fstatat without following links), so a file planted in a shared
 * folder cannot make the scan block or read through a link; the drafts
 * are read with fileio_fopen_read, the journals and locks with
 * fileio_open_beside, neither of which waits on anything.
 */
#ifndef JIXIAO_FOLDER_H
#define JIXIAO_FOLDER_H

#include <stdbool.h>
#include <stddef.h>
#include "forms.h"
#include "num.h"
#include "compiler.h"

/* One draft file of the folder. Strings are owned by the entry. */
struct folder_entry {
    char *file;            /* its name in the folder ("dapeng-2021.csv") */
    char *path;            /* the folder and the name, to open it */
    char *form_name;       /* the #form its header names */
    char *name;            /* #project when the draft has one, else #unit; may be "" */
    bool loaded;           /* it loaded: the numbers below are valid */
    int form;              /* the index of the given form it loaded with; -1 for a
                            * built-in form (the one its #form names) or none */
    pts_t total;           /* draft_total; PTS_NONE when a group's points add up to
                            * more than its own (draft_overflow: no total is given) */
    const char *grade;     /* draft_grade, a name of its form (keep the given forms,
                            * and the folder); "" when there is no total */
    int leaves, scored;    /* indicators, and how many have a score */
    size_t problems;       /* what `check` lists (unscored indicators included) */
    bool recoverable;      /* a recovery journal with changes is beside it, and no
                            * other jixiao has it open */
    bool locked;           /* another live jixiao holds its lock */
    long lock_pid;         /* that jixiao's process, when locked */
    char *error;           /* why it did not load, "FILE:LINE: message" with FILE
                            * the name in the folder; NULL when it loaded */
};

struct folder {
    struct folder_entry *v;   /* sorted by file name (byte order) */
    size_t n;
    size_t not_drafts;        /* regular *.csv files that are not jixiao drafts */
    size_t special;           /* *.csv names that are links, FIFOs, devices or
                               * folders: skipped, never opened */
    struct form **builtin;    /* built-in forms loaded for drafts that name them */
    size_t nbuiltin;
};

/* List the drafts in dir. Each draft is loaded against the first of
 * forms[] (nforms of them, may be 0: the --form given) whose #name its
 * #form row gives, else the built-in form of that name (standard,
 * project), as draftio_form_for does; a draft of neither is listed with
 * that as its error.
 * Files whose names start with '.' (journals, locks) and names not ending
 * in .csv (any case) are not looked at. Returns 0, or -1 with errno and a
 * translated reason naming dir in why when the folder cannot be read
 * (*out is then empty). Free *out with folder_free. */
int folder_scan(const char *dir, const struct form *const *forms, size_t nforms,
                struct folder *out, char *why, size_t whylen) JX_WARN_UNUSED JX_NONNULL(1, 4);

void folder_free(struct folder *f);   /* NULL is fine; *f is left empty */

/* Index of the entry named file, or -1. */
int folder_find(const struct folder *f, const char *file) JX_NONNULL(1, 2);

#endif
