/* cellsafe.c - formula-injection guard for text cells. */
#include "cellsafe.h"

#include <string.h>

bool cellsafe_needs_guard(const char *s)
{
    return s[0] && strchr("=+-@\t\r'", s[0]) != NULL;
}

const char *cellsafe_unguard(const char *s)
{
    return s[0] == '\'' ? s + 1 : s;
}
