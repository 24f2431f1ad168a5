/* form_grades.c - the #grades row: grade bands read strictly (docs/forms.md). */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "form_impl.h"
#include "grow.h"
#include "i18n.h"
#include "num.h"
#include "utf8.h"

/* Comparison signs a grade band may be written with. ">=" in the ways
 * Chinese documents write it is the only one a band takes; the others are
 * recognised so that "优>90" is refused instead of read as a name. */
static const char *const ge_signs[] = {">=", "\u2265", "\uFF1E\uFF1D", ">\uFF1D", "\uFF1E=",
                                       "\u2A7E"};
static const char *const other_signs[] = {"<", ">", "=", "\u2264", "\uFF1C", "\uFF1E", "\uFF1D",
                                          "\u2A7D"};

/* The length of the sign at s from list, 0 if none. */
static size_t sign_at(const char *s, const char *const *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!strncmp(s, list[i], strlen(list[i])))
            return strlen(list[i]);
    return 0;
}

static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    char *end = s + strlen(s);
    while (end > s && (end[-1] == ' ' || end[-1] == '\t'))
        *--end = '\0';
    return s;
}

/* One band "NAME>=MIN" or, the last, "NAME": into *name, *min (0 when
 * none), *has_min; -1 with why. */
static int parse_band(char *tok, char **name, pts_t *min, bool *has_min, char *why,
                      size_t whylen)
{
    char *p = tok;
    while (*p && !sign_at(p, other_signs, sizeof other_signs / sizeof *other_signs) &&
           !sign_at(p, ge_signs, sizeof ge_signs / sizeof *ge_signs))
        p++;
    *min = 0;
    *has_min = *p != '\0';
    if (*has_min) {
        size_t gl = sign_at(p, ge_signs, sizeof ge_signs / sizeof *ge_signs);
        if (!gl) {
            u8_snprintf(why, whylen,
                     _("grade band \"%s\": a band is written NAME>=MIN (or NAME≥MIN), the "
                       "lowest total it takes"),
                     tok);
            return -1;
        }
        *p = '\0';
        char *num = trim(p + gl);
        size_t nl = strlen(num);
        if (nl >= 3 && !strcmp(num + nl - 3, "分"))
            num[nl - 3] = '\0';   /* 优≥90分 */
        const char *w;
        if (!num_parse_pts(trim(num), false, min, &w)) {
            u8_snprintf(why, whylen, _("grade band \"%s\": %s"), trim(tok), _(w));
            return -1;
        }
    }
    *name = trim(tok);
    if (!**name) {
        u8_snprintf(why, whylen, _("a grade band has no name"));
        return -1;
    }
    return 0;
}

int form_parse_grades(struct form *f, const char *text, char *why, size_t whylen)
{
    char *copy = malloc(strlen(text) + 1), *save = NULL;
    if (!copy)
        return -1;
    /* the full-width semicolon an input method types becomes ';' */
    size_t o = 0;
    for (const char *p = text; *p; p++) {
        if (!strncmp(p, "；", 3)) {
            copy[o++] = ';';
            p += 2;
        } else {
            copy[o++] = *p;
        }
    }
    copy[o] = '\0';
    size_t cap = f->ngrades;   /* grades holds at least ngrades */
    bool open_end = false;     /* a band without a minimum was read */
    int rc = 0;
    for (char *tok = strtok_r(copy, ";\n", &save); tok && rc == 0;
         tok = strtok_r(NULL, ";\n", &save)) {
        if (!*trim(tok))
            continue;
        char *name;
        pts_t min;
        bool has_min;
        if (parse_band(tok, &name, &min, &has_min, why, whylen) < 0) {
            rc = -1;
            break;
        }
        if (open_end) {
            u8_snprintf(why, whylen,
                     _("grade band \"%s\" comes after \"%s\", which has no minimum: only the "
                       "last band may go without one"),
                     name, f->grades[f->ngrades - 1].name);
            rc = -1;
            break;
        }
        for (size_t i = 0; i < f->ngrades && rc == 0; i++) {
            if (!strcmp(f->grades[i].name, name)) {
                u8_snprintf(why, whylen, _("grade band \"%s\" is given twice"), name);
                rc = -1;
            } else if (min >= f->grades[i].min) {
                char a[NUM_BUF], b[NUM_BUF];
                u8_snprintf(why, whylen,
                         _("grade band \"%s\": its minimum %s is not below the %s of \"%s\"; "
                           "list the bands from the highest down"),
                         name, num_format_pts(min, a), num_format_pts(f->grades[i].min, b),
                         f->grades[i].name);
                rc = -1;
            }
        }
        if (rc < 0)
            break;
        struct grade_band *g = grow_array(f->grades, &cap, f->ngrades, 1, sizeof *g);
        char *nm = g ? strdup(name) : NULL;
        if (!nm) {
            if (g)
                f->grades = g;
            rc = -1;
            u8_snprintf(why, whylen, _("out of memory"));
            break;
        }
        f->grades = g;
        f->grades[f->ngrades].name = nm;
        f->grades[f->ngrades].min = min;
        f->ngrades++;
        open_end = !has_min;
    }
    free(copy);
    if (rc == 0 && (f->ngrades == 0 || f->grades[f->ngrades - 1].min != 0)) {
        u8_snprintf(why, whylen, _("the last grade band must take every total (e.g. \"差\" or \"差>=0\")"));
        rc = -1;
    }
    return rc;
}
