/* i18n.h - gettext shorthands shared by core and tui. */
#ifndef JIXIAO_I18N_H
#define JIXIAO_I18N_H

#include <libintl.h>

#define _(s) gettext(s)
#define N_(s) (s)

#endif
