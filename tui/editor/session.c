/* session.c - the draft file behind the editor: open, save, the lock that
 * tells a second jixiao the draft is open, and the recovery journal.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "draftio.h"
#include "ed.h"
#include "fileio.h"
#include "history.h"
#include "i18n.h"
#include "journal.h"
#include "num.h"
#include "say.h"
#include "utf8.h"

/* First warning of a load, as "FILE:LINE: message", for the message line. */
static void show_first_warning(struct editor *ed, const struct diags *d)
{
    for (size_t i = 0; i < d->n; i++) {
        char line[600];
        diag_format(&d->v[i], line, sizeof line);
        if (d->n > 1)
            status_set_msg(ed, false, _("%s (and %zu more warnings)"), line, d->n - 1);
        else
            status_set_msg(ed, false, "%s", line);
        return;
    }
}

/* A large draft or form takes a moment to read (about a second for a
 * million rows): say so on the terminal until the editor's screen takes
 * over. Returns whether it was said; reading_done erases the line again,
 * so that nothing is left behind it. */
static bool reading_say(const char *path, const char *form_path)
{
    enum { LARGE = 32 << 20 };   /* bytes: about 100,000 rows of form and draft */
    struct stat st;
    long long total = 0;
    if (path && stat(path, &st) == 0)
        total += st.st_size;
    if (form_path && stat(form_path, &st) == 0)
        total += st.st_size;
    if (total < LARGE || !isatty(STDERR_FILENO))
        return false;
    char say[1200];
    snprintf(say, sizeof say, _("jixiao: reading %s (%lld MB)..."), path ? path : form_path,
             total >> 20);
    say_safe(stderr, say, strlen(say));
    fflush(stderr);
    return true;
}

static void reading_done(bool said)
{
    if (said) {
        fputs("\r\033[K", stderr);
        fflush(stderr);
    }
}

int session_open(struct editor *ed, const char *path, const char *form_path, bool view_only,
                 bool review)
{
    struct diags d = {0};
    struct stat st;
    bool exists = path && stat(path, &st) == 0;
    /* a folder (or a file this user may not read) is not a draft: exit 2,
     * as for every file that cannot be read, before anything is set up */
    if (exists && S_ISDIR(st.st_mode)) {
        say(_("jixiao: %s is a folder: give a draft file (.csv)\n"), path);
        return 2;
    }
    if (exists && !S_ISREG(st.st_mode)) {
        /* a pipe would block the read, a device never end it */
        say(_("jixiao: %s: cannot read: %s\n"), path, fileio_strerror(FILEIO_ENOTREG));
        return 2;
    }
    if (exists && access(path, R_OK) != 0) {
        say(_("jixiao: %s: cannot read: %s\n"), path, strerror(errno));
        return 2;
    }
    bool said = reading_say(exists ? path : NULL, form_path);
    /* what the file is before it is read: a save checks that it still is */
    char swhy[512];
    if (path && fileio_stamp_take(path, &ed->disk, swhy, sizeof swhy) != 0)
        ed->disk.valid = false;   /* the load says why */
    ed->form = draftio_form_for(exists ? path : NULL, form_path, true, &d);
    if (ed->form && exists)
        ed->draft = draftio_load(path, ed->form, &d);
    else if (ed->form)
        ed->draft = draft_new(ed->form);
    reading_done(said);
    ed->hist = history_new();
    ed->path = path ? strdup(path) : NULL;
    ed->view_only = view_only;
    ed->review = review && !view_only;
    if (!ed->form || !ed->draft || !ed->hist || (path && !ed->path)) {
        say_diags(&d);
        if (ed->form && (!ed->draft || !ed->hist) && d.errors == 0)
            say(_("jixiao: %s: cannot open the draft\n"), path ? path : "-");
        diags_clear(&d);
        return 1;
    }
    show_first_warning(ed, &d);
    if (!exists && path)
        status_set_msg(ed, false, _("New draft: it will be saved as %s."), path);
    diags_clear(&d);
    return 0;
}

static unsigned offer_recovery(struct editor *ed)
{
    struct journal_state st;
    struct diags d = {0};
    unsigned redo = REDO_NONE;
    if (journal_read(ed->path, &st, &d) < 0) {
        show_first_warning(ed, &d);
        ed->msg_error = true;
        journal_state_free(&st);
        diags_clear(&d);
        return REDO_STATUS;
    }
    if (!journal_should_offer(&st) && st.nedits > 0) {
        /* Older than the draft: the file was saved after these changes
         * (most likely they are in it). Still deleted only when the user
         * says so; otherwise they are offered like any others. */
        char q[512];
        u8_snprintf(q, sizeof q,
                    _("%zu journalled changes are older than the file. Discard them? (n: recover)"),
                    st.nedits);
        int a = prompt_yesno(ed, q);
        if (a == 1) {
            journal_remove(ed->path);
            status_set_msg(ed, false, "%s", _("The unsaved changes were discarded."));
            journal_state_free(&st);
            diags_clear(&d);
            return REDO_STATUS;
        }
        if (a < 0) {
            /* Esc is no answer, as below: read-only, journal and lock kept
             * for whoever opens the draft next */
            ed->view_only = true;
            journal_unlock(ed->path);
            ed->own_lock = false;
            status_set_msg(ed, false, "%s",
                           _("Opened read-only: the unsaved changes are kept for the next start."));
            journal_state_free(&st);
            diags_clear(&d);
            return REDO_HEADER | REDO_STATUS;
        }
        st.newer = true;   /* n: recover them, asked below as usual */
    }
    if (!journal_should_offer(&st)) {
        /* Nothing recoverable: an empty journal (created, never written). */
        if (st.exists)
            journal_remove(ed->path);
        journal_state_free(&st);
        diags_clear(&d);
        return REDO_NONE;
    }
    char when[64] = "";
    time_t t = st.mtime.tv_sec;
    struct tm tm;
    if (localtime_r(&t, &tm))
        strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S", &tm);
    char q[1024];
    const char *base = strrchr(ed->path, '/');
    base = base ? base + 1 : ed->path;
    if (strcmp(st.form_hash, draft_form(ed->draft)->hash) != 0)
        snprintf(q, sizeof q,
                 _("Recover %zu unsaved changes to %s from %s? They were made with another version of the form. (y/n)"),
                 st.nedits, base, when);
    else if (st.base_matches)
        snprintf(q, sizeof q, _("Recover %zu unsaved changes to %s from %s? (y/n)"), st.nedits,
                 base, when);
    else
        snprintf(q, sizeof q,
                 _("Recover %zu unsaved changes to %s from %s? The file changed since. (y/n)"),
                 st.nedits, base, when);
    int answer = prompt_yesno(ed, q);
    if (answer == 1) {
        char *last = NULL;
        size_t n = journal_replay(&st, ed->draft, ed->hist, &last, &d);
        char why[512] = "";
        ed->journal = journal_continue(ed->path, why, sizeof why);
        ed->modified = true;
        /* Undoing every recovered change gives back the file, if it is
         * still the one the journal started from. */
        ed->saved_depth = st.base_matches ? 0 : -1;
        editor_changed(ed, -1, true);
        tree_rebuild_rows(ed);
        int node = last ? draft_find(ed->draft, last) : -1;
        if (node >= 0)
            actions_select(ed, node);
        free(last);
        if (d.n)
            show_first_warning(ed, &d);
        else if (!ed->journal)
            status_set_msg(ed, true, "%s", why);
        else
            status_set_msg(ed, false, _("Recovered %zu changes. Save with Ctrl-S to keep them."),
                           n);
        redo = REDO_VALUES | REDO_ROWS | REDO_FIELDS;
    } else if (answer == 0) {
        journal_remove(ed->path);
        status_set_msg(ed, false, "%s", _("The unsaved changes were discarded."));
        redo = REDO_STATUS;
    } else {
        /* Esc is no answer: nothing is discarded. Read-only, so that no
         * new journal replaces the one kept, and the lock goes to whoever
         * opens the draft next to recover. */
        ed->view_only = true;
        journal_unlock(ed->path);
        ed->own_lock = false;
        status_set_msg(ed, false, "%s",
                       _("Opened read-only: the unsaved changes are kept for the next start."));
        redo = REDO_HEADER | REDO_STATUS;
    }
    journal_state_free(&st);
    diags_clear(&d);
    return redo;
}

/* Take the lock of ed->path; on a busy lock ask whether to go read-only.
 * Returns false when the user chose to quit. */
static bool take_lock(struct editor *ed)
{
    struct lock_owner o;
    char why[512] = "";
    switch (journal_lock(ed->path, &o, why, sizeof why)) {
    case LOCK_OK:
        ed->own_lock = true;
        /* ours now: a temp file beside the draft is a crashed save's */
        if (fileio_clean_stale(ed->path, why, sizeof why) < 0)
            status_set_msg(ed, true, "%s", why);
        return true;
    case LOCK_FAILED:
        /* A folder we cannot write to: saving will say so too. */
        status_set_msg(ed, true, "%s", why);
        return true;
    case LOCK_BUSY: break;
    }
    char q[1024];
    const char *base = strrchr(ed->path, '/');
    base = base ? base + 1 : ed->path;
    snprintf(q, sizeof q,
             _("%s is already open (process %ld on %s). Open it read-only? (y/n: quit)"), base,
             o.pid, o.host[0] ? o.host : "?");
    if (prompt_yesno(ed, q) != 1)
        return false;
    ed->view_only = true;
    status_set_msg(ed, false, "%s", _("Opened read-only: another jixiao is editing this draft."));
    return true;
}

unsigned session_startup_questions(struct editor *ed)
{
    if (!ed->path || ed->view_only)
        return REDO_NONE;
    if (!take_lock(ed)) {
        ed->quit = true;
        return REDO_QUIT;
    }
    if (!ed->own_lock)
        return REDO_HEADER | REDO_STATUS;
    return REDO_HEADER | REDO_STATUS | offer_recovery(ed);
}

/* Ask for a file name for a draft that has none. */
static bool name_draft(struct editor *ed)
{
    char *name = prompt_text(ed, _("Save the draft as: "), "draft.csv");
    if (!name || !name[0]) {
        free(name);
        return false;
    }
    struct stat st;
    if (stat(name, &st) == 0) {
        char q[1024];
        snprintf(q, sizeof q, _("%s exists. Replace it? (y/n)"), name);
        if (prompt_yesno(ed, q) != 1) {
            free(name);
            return false;
        }
    }
    struct lock_owner o;
    char why[512] = "";
    enum lock_result lr = journal_lock(name, &o, why, sizeof why);
    if (lr == LOCK_BUSY) {
        status_set_msg(ed, true, _("%s is open in another jixiao (process %ld); not saved."),
                       name, o.pid);
        free(name);
        return false;
    }
    ed->own_lock = lr == LOCK_OK;
    free(ed->path);
    ed->path = name;
    return true;
}

/* Drop the file name (and its lock) a save was going to use. */
static void session_forget_path(struct editor *ed)
{
    if (ed->own_lock && ed->path)
        journal_unlock(ed->path);
    ed->own_lock = false;
    free(ed->path);
    ed->path = NULL;
}

/* Give up the draft's file for another name, asked for now. */
static bool save_elsewhere(struct editor *ed)
{
    char *old = ed->path;
    bool old_lock = ed->own_lock;
    ed->path = NULL;
    ed->own_lock = false;
    if (!name_draft(ed)) {
        /* cancelled: the draft keeps its file, lock and journal, and
         * changes go on being journalled */
        ed->path = old;
        ed->own_lock = old_lock;
        return false;
    }
    /* The journal stays the old file's until a save succeeds (which
     * deletes it): until then it still holds every change. */
    if (old_lock)
        journal_unlock(old);
    free(old);
    ed->disk.valid = false;   /* the user chose it, and said replace */
    return true;
}

/* The file changed on disk or is read-only: ask. Returns 'o' (overwrite),
 * 'e' (elsewhere) or 'c' (cancel). */
static int ask_over(struct editor *ed, enum fileio_result r)
{
    char q[1024];
    const char *base = strrchr(ed->path, '/');
    base = base ? base + 1 : ed->path;
    if (r == FILEIO_CHANGED)
        snprintf(q, sizeof q,
                 _("%s changed on disk. o: overwrite it, e: save elsewhere, c: cancel"),
                 base);
    else
        snprintf(q, sizeof q,
                 _("%s is read-only. e: save elsewhere, o: overwrite it anyway, c: cancel"),
                 base);
    int c = prompt_choice(ed, q, "oec");
    return c == 'o' || c == 'e' ? c : 'c';
}

unsigned session_save(struct editor *ed)
{
    if (ed->view_only) {
        status_set_msg(ed, true, "%s", _("Read-only: this draft cannot be saved."));
        return REDO_STATUS;
    }
    bool named_now = false;
    if (!ed->path) {
        if (!name_draft(ed)) {
            if (!ed->msg_error)
                status_set_msg(ed, false, "%s", _("Not saved."));
            return REDO_HEADER | REDO_STATUS;
        }
        ed->disk.valid = false;
        named_now = true;
    }
    char why[512] = "";
    unsigned force = 0;
    enum fileio_result r;
    while ((r = draftio_save_over(ed->draft, ed->path, &ed->disk, force, why, sizeof why)) !=
           FILEIO_SAVED) {
        bool again;
        if (r == FILEIO_CHANGED || r == FILEIO_READONLY) {
            int c = ask_over(ed, r);
            if (c == 'o') {
                force |= r == FILEIO_CHANGED ? FILEIO_FORCE_CHANGED : FILEIO_FORCE_READONLY;
                continue;
            }
            again = c == 'e';
        } else {
            /* the draft stays in memory; offer another place (a read-only
             * folder, a full disk) */
            char q[1024];
            snprintf(q, sizeof q, _("Not saved. Save it elsewhere? (y/n)  %s"), why);
            again = prompt_yesno(ed, q) == 1;
        }
        if (named_now && !again)
            session_forget_path(ed);   /* a name that could not be saved is not kept */
        if (!again || !save_elsewhere(ed)) {
            if (r == FILEIO_FAILED)
                status_set_msg(ed, true, "%s", why);
            else
                status_set_msg(ed, true, _("Not saved: %s"), why);
            return REDO_HEADER | REDO_STATUS;
        }
        named_now = true;
        force = 0;
    }
    /* The file now holds every change: the journal has nothing to add. */
    journal_discard(ed->journal);
    ed->journal = NULL;
    journal_remove(ed->path);
    ed->modified = false;
    ed->saved_depth = (long)history_depth(ed->hist);
    char tb[NUM_BUF];
    status_set_msg(ed, false, _("Saved %s: total %s, %s."), ed->path,
                   num_format_pts2(draft_total(ed->draft), tb), draft_grade(ed->draft));
    return REDO_HEADER | REDO_STATUS | REDO_DETAIL;
}

static bool journal_ready(struct editor *ed)
{
    if (!ed->path || ed->view_only)
        return false;
    if (!ed->journal) {
        char why[512] = "";
        ed->journal = journal_start(ed->path, draft_form(ed->draft)->hash, why, sizeof why);
        if (!ed->journal) {
            status_set_msg(ed, true, "%s", why);
            return false;
        }
    }
    return true;
}

void session_journal_edit(struct editor *ed, const struct edit *e)
{
    char why[512] = "";
    if (journal_ready(ed) && journal_append_edit(ed->journal, e, why, sizeof why) < 0)
        status_set_msg(ed, true, "%s", why);
}

void session_close(struct editor *ed, bool keep_journal)
{
    if (keep_journal)
        journal_close(ed->journal);
    else
        journal_discard(ed->journal);
    ed->journal = NULL;
    if (ed->own_lock && ed->path)
        journal_unlock(ed->path);
    ed->own_lock = false;
    history_free(ed->hist);
    draft_free(ed->draft);
    form_free(ed->form);
    free(ed->path);
    ed->hist = NULL;
    ed->draft = NULL;
    ed->form = NULL;
    ed->path = NULL;
}
