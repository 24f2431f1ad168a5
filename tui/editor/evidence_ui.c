/* evidence_ui.c - 佐证材料 in the detail pane: the selected indicator's
 * evidence files with their state, attaching one and removing one.
 *
 * The core stores the list as "PATH|PAGE|SHA256" lines (core/evidence.h).
 * States are worked out when the selection or the list changes, not per
 * frame: a missing file costs a stat, a small file (up to EV_HASH_MAX) is
 * hashed to tell a changed one; larger files are hashed on request (c).
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "ed.h"
#include "evidence.h"
#include "i18n.h"

#define EV_HASH_MAX (1 << 20)

enum { EV_UNKNOWN = -1 };

void evidence_ui_forget(struct editor *ed)
{
    free(ed->ev_text);
    free(ed->ev_state);
    ed->ev_text = NULL;
    ed->ev_state = NULL;
    ed->ev_n = 0;
    ed->ev_node = -1;
}

static char *draft_dir(const struct editor *ed)
{
    return ed->path ? evidence_draft_dir(ed->path) : strdup(".");
}

static int state_of(const char *dir, const struct evidence_ref *r, bool hash_all)
{
    char *path = evidence_resolve(dir, r->path);
    if (!path)
        return EV_UNKNOWN;
    struct stat st;
    int s;
    if (stat(path, &st) < 0)
        s = errno == ENOENT || errno == ENOTDIR ? EVIDENCE_MISSING : EVIDENCE_UNREADABLE;
    else if (!S_ISREG(st.st_mode))
        s = EVIDENCE_NOT_REGULAR;   /* a device or FIFO: never read */
    else if (!r->hash[0])
        s = EVIDENCE_UNHASHED;
    else if (!hash_all && st.st_size > EV_HASH_MAX)
        s = EV_UNKNOWN;
    else {
        char hex[EVIDENCE_HEX];
        int hr = evidence_sha256_file(path, hex);
        if (hr == -2)
            s = EVIDENCE_NOT_REGULAR;
        else if (hr < 0)
            s = errno == ENOENT ? EVIDENCE_MISSING : EVIDENCE_UNREADABLE;
        else
            s = strcmp(hex, r->hash) == 0 ? EVIDENCE_OK : EVIDENCE_CHANGED;
    }
    free(path);
    return s;
}

/* (Re)take the states of the selected node's references. */
static void ev_refresh(struct editor *ed, bool hash_all)
{
    const struct dnode *n = draft_node(ed->draft, ed->sel);
    if (!hash_all && ed->ev_node == ed->sel && ed->ev_text && !strcmp(ed->ev_text, n->evidence))
        return;
    evidence_ui_forget(ed);
    struct evidence_ref *refs = NULL;
    size_t nrefs = 0;
    char *dir = draft_dir(ed);
    ed->ev_text = strdup(n->evidence);
    if (!dir || !ed->ev_text || evidence_parse(n->evidence, &refs, &nrefs) < 0) {
        free(dir);
        evidence_ui_forget(ed);
        return;
    }
    ed->ev_state = nrefs ? malloc(nrefs * sizeof *ed->ev_state) : NULL;
    if (nrefs && !ed->ev_state) {
        free(dir);
        evidence_free(refs, nrefs);
        evidence_ui_forget(ed);
        return;
    }
    for (size_t i = 0; i < nrefs; i++)
        ed->ev_state[i] = state_of(dir, &refs[i], hash_all);
    ed->ev_n = nrefs;
    ed->ev_node = ed->sel;
    free(dir);
    evidence_free(refs, nrefs);
}

static const char *state_text(int s)
{
    switch (s) {
    case EVIDENCE_OK: return _("unchanged");
    case EVIDENCE_MISSING: return _("MISSING");
    case EVIDENCE_UNREADABLE: return _("unreadable");
    case EVIDENCE_CHANGED: return _("CHANGED since attached");
    case EVIDENCE_UNHASHED: return _("no checksum recorded");
    case EVIDENCE_NOT_REGULAR: return _("NOT A REGULAR FILE (device, FIFO, socket or folder): not read");
    default: return _("not checked (c checks)");
    }
}

void evidence_ui_lines(struct editor *ed, void (*put)(void *, const char *, enum role),
                       void *ctx)
{
    const struct dnode *n = draft_node(ed->draft, ed->sel);
    if (!n->evidence[0]) {
        put(ctx, _("none (e attaches a file)"), ROLE_DIM);
        return;
    }
    ev_refresh(ed, false);
    struct evidence_ref *refs = NULL;
    size_t nrefs = 0;
    if (evidence_parse(n->evidence, &refs, &nrefs) < 0)
        return;
    for (size_t i = 0; i < nrefs; i++) {
        int s = ed->ev_node == ed->sel && i < ed->ev_n ? ed->ev_state[i] : EV_UNKNOWN;
        char line[PATH_MAX + 256];
        if (refs[i].page[0])
            snprintf(line, sizeof line, _("%zu. %s, page %s: %s"), i + 1, refs[i].path,
                     refs[i].page, state_text(s));
        else
            snprintf(line, sizeof line, _("%zu. %s: %s"), i + 1, refs[i].path, state_text(s));
        put(ctx, line,
            s == EVIDENCE_OK ? ROLE_NORMAL
            : s == EVIDENCE_MISSING || s == EVIDENCE_CHANGED || s == EVIDENCE_UNREADABLE ||
                      s == EVIDENCE_NOT_REGULAR
                ? ROLE_PROBLEM
                : ROLE_DIM);
    }
    evidence_free(refs, nrefs);
}

static bool refuse(struct editor *ed)
{
    if (actions_refuse_self(ed))
        return true;
    if (!ed->path) {
        status_set_msg(ed, true, "%s",
                       _("Save the draft first: evidence paths are relative to its folder."));
        return true;
    }
    return false;
}

/* Apply and record an EDIT_EVIDENCE of the selected node. */
static unsigned set_evidence(struct editor *ed, const char *value)
{
    const struct dnode *n = draft_node(ed->draft, ed->sel);
    struct edit e = {.kind = EDIT_EVIDENCE, .id = strdup(n->fn->id), .value = strdup(value)};
    struct edit inv = {0};
    char why[512] = "";
    unsigned redo = REDO_STATUS;
    if (!e.id || !e.value)
        status_set_msg(ed, true, "%s", _("Out of memory."));
    else if (field_edit_apply(ed, &e, &inv, why, sizeof why) < 0)
        status_set_msg(ed, true, "%s", why);
    else {
        field_edit_record(ed, &e, &inv);
        redo = REDO_VALUES;
    }
    edit_clear(&e);
    edit_clear(&inv);
    return redo;
}

/* The path to store: relative to the draft's folder when the file is
 * inside it, else absolute. NULL with a message when it does not exist. */
static char *stored_path(struct editor *ed, const char *typed, const char *dir)
{
    char abs[PATH_MAX], dabs[PATH_MAX];
    /* a relative path means beside the draft, as evidence is stored */
    char *full = evidence_resolve(dir, typed);
    if (!full || !realpath(full, abs)) {
        int err = full ? errno : ENOMEM;
        status_set_msg(ed, true, _("Cannot attach %s: %s"), typed, strerror(err));
        free(full);
        return NULL;
    }
    free(full);
    if (realpath(dir, dabs)) {
        size_t dl = strlen(dabs);
        if (dl == 1)
            dl = 0;   /* the root folder: keep the path absolute-looking */
        if (dl && strncmp(abs, dabs, dl) == 0 && abs[dl] == '/')
            return strdup(abs + dl + 1);
    }
    return strdup(abs);
}

unsigned evidence_ui_attach(struct editor *ed)
{
    if (ed->meta_view || refuse(ed))
        return REDO_STATUS;
    const struct dnode *n = draft_node(ed->draft, ed->sel);
    char label[512];
    snprintf(label, sizeof label, _("Evidence file for %s: "), n->fn->id);
    char *typed = prompt_text(ed, label, "");
    if (!typed || !typed[0]) {
        free(typed);
        ed->msg[0] = '\0';
        return REDO_STATUS;
    }
    char *page = prompt_text(ed, _("Page (Enter for none): "), "");
    if (!page) {
        free(typed);
        ed->msg[0] = '\0';
        return REDO_STATUS;
    }
    unsigned redo = REDO_STATUS;
    char *dir = draft_dir(ed);
    char *path = dir ? stored_path(ed, typed, dir) : NULL;
    if (path) {
        char *out = NULL, why[512] = "";
        if (evidence_attach(n->evidence, dir, path, page, &out, why, sizeof why) < 0) {
            status_set_msg(ed, true, _("Cannot attach %s: %s"), typed, why);
        } else {
            redo = set_evidence(ed, out);
            if (!ed->msg_error)
                status_set_msg(ed, false, _("Attached %s."), path);
        }
        free(out);
    }
    free(path);
    free(dir);
    free(typed);
    free(page);
    return redo | REDO_DETAIL;
}

unsigned evidence_ui_remove(struct editor *ed)
{
    if (ed->meta_view || refuse(ed))
        return REDO_STATUS;
    const struct dnode *n = draft_node(ed->draft, ed->sel);
    /* Lines as stored; empty ones are not references. */
    size_t count = 0;
    for (const char *p = n->evidence; *p;) {
        size_t len = strcspn(p, "\n");
        count += len > 0;
        p += len + (p[len] == '\n');
    }
    if (count == 0) {
        status_set_msg(ed, false, "%s", _("This indicator has no evidence to remove."));
        return REDO_STATUS;
    }
    long which = 1;
    if (count == 1) {
        if (prompt_yesno(ed, _("Remove the evidence file of this indicator? (y/n)")) != 1) {
            ed->msg[0] = '\0';
            return REDO_STATUS;
        }
    } else {
        char label[128];
        snprintf(label, sizeof label, _("Remove which evidence (1-%zu)? "), count);
        char *t = prompt_text(ed, label, "");
        char *end = NULL;
        which = t ? strtol(t, &end, 10) : 0;
        bool ok = t && t[0] && end && !*end && which >= 1 && (size_t)which <= count;
        free(t);
        if (!ok) {
            ed->msg[0] = '\0';
            return REDO_STATUS;
        }
    }
    size_t len = strlen(n->evidence);
    char *out = malloc(len + 1);
    if (!out) {
        status_set_msg(ed, true, "%s", _("Out of memory."));
        return REDO_STATUS;
    }
    size_t o = 0;
    long k = 0;
    for (const char *p = n->evidence; *p;) {
        size_t l = strcspn(p, "\n");
        if (l > 0 && ++k != which) {
            memcpy(out + o, p, l);
            o += l;
            out[o++] = '\n';
        }
        p += l + (p[l] == '\n');
    }
    if (o > 0)
        o--;   /* no line break after the last line */
    out[o] = '\0';
    unsigned redo = set_evidence(ed, out);
    if (!ed->msg_error)
        status_set_msg(ed, false, "%s", _("Evidence removed."));
    free(out);
    return redo | REDO_DETAIL;
}

unsigned evidence_ui_check(struct editor *ed)
{
    if (ed->meta_view)
        return REDO_NONE;
    ev_refresh(ed, true);
    size_t bad = 0;
    for (size_t i = 0; i < ed->ev_n; i++)
        bad += ed->ev_state[i] != EVIDENCE_OK;
    if (ed->ev_n == 0)
        status_set_msg(ed, false, "%s", _("This indicator has no evidence."));
    else if (bad == 0)
        status_set_msg(ed, false, _("Evidence: all %zu files are unchanged."), ed->ev_n);
    else
        status_set_msg(ed, true, _("Evidence: %zu of %zu files are missing or changed."), bad,
                       ed->ev_n);
    return REDO_DETAIL | REDO_STATUS;
}
