/* journal_fx.h - the fixture of test_journal.c and test_journal_replay.c. */
#ifndef JIXIAO_TEST_JOURNAL_FX_H
#define JIXIAO_TEST_JOURNAL_FX_H

#include "draft.h"
#include "forms.h"
#include "history.h"
#include "journal.h"

/* A temporary folder with the path of a draft in it, and the standard form. */
struct fx {
    char *dir;
    char path[512];
    struct form *form;
};

/* cmocka setup and teardown: a fresh fx in *state, and its folder removed. */
int setup(void **state);
int teardown(void **state);

/* Apply e, record it in history and journal, like the editor does. */
void commit(struct draft *d, struct history *h, struct journal *j, enum edit_kind k,
            const char *id, const char *key, const char *value);

#endif
