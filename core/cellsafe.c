/* cellsafe.c - formula-injection guard for text cells. */
#include "cellsafe.h"

#include <stdlib.h>
#include <string.h>

#include "csvio.h"

bool cellsafe_needs_guard(const char *s)
{
    return s[0] && strchr("=+-@\t\r'", s[0]) != NULL;
}

const char *cellsafe_unguard(const char *s)
{
    return s[0] == '\'' ? s + 1 : s;
}

void cellsafe_put_field(struct strbuf *b, const char *s, bool first)
{
    if (!cellsafe_needs_guard(s)) {
        csvio_put_field(b, s, first);
        return;
    }
    size_t n = strlen(s);
    char *g = malloc(n + 2);
    if (!g) {
        b->oom = true;
        return;
    }
    g[0] = '\'';
    memcpy(g + 1, s, n + 1);
    csvio_put_field(b, g, first);
    free(g);
}
