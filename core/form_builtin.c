/* form_builtin.c - the forms built into the binary (forms/standard.csv and
 * forms/project.csv): jixiao works with nothing installed. */
#include "forms.h"

#include <string.h>
#include <unistd.h>

#include "i18n.h"

static const struct {
    const char *key;
    const char *data;
    const size_t *len;
} builtins[] = {
    {"standard", form_standard_csv, &form_standard_csv_len},
    {"project", form_project_csv, &form_project_csv_len},
};
#define NBUILTINS (sizeof builtins / sizeof builtins[0])

static int builtin_index(const char *key)
{
    for (size_t k = 0; k < NBUILTINS; k++)
        if (!strcmp(key, builtins[k].key))
            return (int)k;
    return -1;
}

bool form_builtin_key(const char *s)
{
    return builtin_index(s) >= 0;
}

struct form *form_load_builtin(const char *key, struct diags *d)
{
    int k = builtin_index(key);
    if (k < 0) {
        diags_add(d, DIAG_ERROR, key, 0,
                  _("no such built-in form (there are \"standard\" and \"project\")"));
        return NULL;
    }
    if (k == 0)
        return form_load_standard(d);
    return form_load_buffer(_("(project form)"), builtins[k].data, *builtins[k].len, d);
}

/* The #name row of an embedded form: "#name,,NAME," on a line of its own. */
static bool builtin_named(size_t k, const char *name)
{
    const char *p = builtins[k].data, *end = p + *builtins[k].len;
    static const char key[] = "\n#name,,";
    size_t kl = sizeof key - 1, nl = strlen(name);
    for (; p + kl <= end; p++) {
        if (memcmp(p, key, kl))
            continue;
        p += kl;
        return (size_t)(end - p) > nl && !memcmp(p, name, nl) && p[nl] == ',';
    }
    return false;
}

const char *form_builtin_for_name(const char *name)
{
    for (size_t k = 0; k < NBUILTINS; k++)
        if (builtin_named(k, name))
            return builtins[k].key;
    return NULL;
}

struct form *form_load_arg(const char *arg, unsigned flags, struct diags *d)
{
    /* a file of that name in the folder is meant: ./project works too */
    if (form_builtin_key(arg) && access(arg, F_OK) != 0)
        return form_load_builtin(arg, d);
    return form_load_file_flags(arg, flags, d);
}
