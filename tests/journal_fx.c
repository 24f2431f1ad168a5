/* journal_fx.c - the fixture of test_journal.c and test_journal_replay.c. */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>

#include "journal_fx.h"

int setup(void **state)
{
    struct fx *fx = calloc(1, sizeof *fx);
    struct diags d = {0};
    fx->dir = tmpdir_new();
    snprintf(fx->path, sizeof fx->path, "%s/draft.csv", fx->dir);
    fx->form = form_load_standard(&d);
    diags_clear(&d);
    assert_non_null(fx->form);
    *state = fx;
    return 0;
}

int teardown(void **state)
{
    struct fx *fx = *state;
    rmtree(fx->dir);
    free(fx->dir);
    form_free(fx->form);
    free(fx);
    return 0;
}

/* Apply e, record it in history and journal, like the editor does. */
void commit(struct draft *d, struct history *h, struct journal *j, enum edit_kind k,
            const char *id, const char *key, const char *value)
{
    struct edit e = {.kind = k, .id = (char *)id, .key = (char *)key, .value = (char *)value};
    struct edit inv = {0};
    char why[256] = "";
    if (draft_apply(d, &e, &inv, why, sizeof why) != 0)
        fail_msg("%s %s: %s", id, value, why);
    assert_int_equal(history_push(h, &e, &inv), 0);
    if (journal_append_edit(j, &e, why, sizeof why) != 0)
        fail_msg("%s", why);
    edit_clear(&inv);
}
