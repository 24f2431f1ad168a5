/* draftio_pairs.c - a draft's figures and marks cells: "name=value; ..."
 * pairs, each set in the draft or reported with the file's line. */
#include <stdlib.h>
#include <string.h>

#include "draftio_impl.h"
#include "grow.h"
#include "i18n.h"

void draftio_pairs(struct draft *draft, struct diags *d, const char *file, long line,
                   const char *id, const char *text, bool figures)
{
    if (!*text)
        return;
    char local[512];
    size_t len = strlen(text);
    char *copy = len < sizeof local ? memcpy(local, text, len + 1) : strdup(text);
    if (!copy)
        return;
    /* a full-width semicolon or equals sign from an input method counts
     * too (both start with the byte EF) */
    for (char *p = copy; (p = strchr(p, '\xEF'));) {
        if (!strncmp(p, "；", 3) || !strncmp(p, "＝", 3)) {
            *p = p[2] == '\x9B' ? ';' : '=';
            memmove(p + 1, p + 3, strlen(p + 3) + 1);
        }
        p++;
    }
    char *save = NULL;
    /* the names given so far in this cell: a second value for the same
     * name is an error, not "the last one wins" */
    const char **given = NULL;
    size_t ngiven = 0, gcap = 0;
    for (char *tok = strtok_r(copy, ";\n", &save); tok; tok = strtok_r(NULL, ";\n", &save)) {
        while (*tok == ' ' || *tok == '\r')
            tok++;
        if (!*tok)
            continue;
        char *eq = strchr(tok, '=');
        if (!eq) {
            diags_add(d, DIAG_ERROR, file, line, _("%s: \"%s\" is not NAME=VALUE"), id, tok);
            continue;
        }
        *eq = '\0';
        char *end = eq;
        while (end > tok && (end[-1] == ' '))
            *--end = '\0';
        char *value = eq + 1;
        while (*value == ' ')
            value++;
        for (end = value + strlen(value); end > value && (end[-1] == ' ' || end[-1] == '\r');)
            *--end = '\0';
        bool twice = false;
        for (size_t k = 0; k < ngiven && !twice; k++)
            twice = !strcmp(given[k], tok);
        if (twice) {
            diags_add(d, DIAG_ERROR, file, line,
                      figures ? _("%s: figure \"%s\" is given twice in one cell")
                              : _("%s: mark \"%s\" is given twice in one cell"),
                      id, tok);
            continue;
        }
        char why[512];
        int rc = figures ? draft_set_figure(draft, id, tok, value, why, sizeof why)
                         : draft_set_mark(draft, id, tok, value, why, sizeof why);
        if (rc < 0) {
            diags_add(d, DIAG_ERROR, file, line, "%s: %s", id, why);
            continue;
        }
        /* only names the rule knows are kept: at most the node's own,
         * however many a hostile cell lists */
        const char **g = grow_array(given, &gcap, ngiven, 1, sizeof *g);
        if (g) {
            given = g;
            given[ngiven++] = tok;
        }
    }
    free(given);
    if (copy != local)
        free(copy);
}
