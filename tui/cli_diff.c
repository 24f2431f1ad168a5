/* cli_diff.c - jixiao diff: what changed between two drafts.
 *
 * One block per indicator that changed, one line per field ("得分: 5.00 ->
 * 6.00"); long or multi-line texts as "-"/"+" lines. Colour only on a
 * terminal and never when NO_COLOR is set; no control character from a
 * draft reaches the terminal.
 */
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "cli_report.h"
#include "diff.h"
#include "i18n.h"
#include "utf8.h"

#define INLINE_MAX 40   /* values wider than this are shown as -/+ lines */

struct out {
    FILE *f;
    bool color;
};

static void put_colored(const struct out *o, const char *sgr, const char *s)
{
    if (o->color)
        fprintf(o->f, "\033[%sm", sgr);
    say_safe(o->f, s, strlen(s));
    if (o->color)
        fputs("\033[0m", o->f);
}

static const char *shown(const char *s)
{
    return *s ? s : _("(empty)");
}

static bool is_inline(const char *s)
{
    return !strpbrk(s, "\r\n") && u8_width(s, (size_t)-1) <= INLINE_MAX;
}

/* Each line of s prefixed with mark ("- ", "+ ") and indented. */
static void put_lines(const struct out *o, const char *mark, const char *sgr, const char *s)
{
    while (*s) {
        const char *nl = strchr(s, '\n');
        size_t len = nl ? (size_t)(nl - s) : strlen(s);
        size_t keep = len && s[len - 1] == '\r' ? len - 1 : len;
        fputs("    ", o->f);
        if (o->color)
            fprintf(o->f, "\033[%sm", sgr);
        fputs(mark, o->f);
        say_safe(o->f, s, keep);
        if (o->color)
            fputs("\033[0m", o->f);
        fputc('\n', o->f);
        s += len + (nl != NULL);
    }
}

#define CONTEXT 12   /* unchanged characters kept on each side of a change */

/* n characters of s from its start (head) or its end, as bytes */
static size_t chars_bytes(const char *s, size_t len, size_t n, bool head)
{
    size_t at = head ? 0 : len;
    for (size_t k = 0; k < n && (head ? at < len : at > 0); k++) {
        if (head) {
            uint32_t cp;
            size_t step = u8_decode(s + at, len - at, &cp);
            at += step ? step : 1;
        } else {
            at = u8_prev(s, at);
        }
    }
    return head ? at : len - at;
}

/* Text with its line breaks kept (each new line indented), control
 * characters made safe. */
static void put_text(const struct out *o, const char *sgr, const char *s, size_t len)
{
    while (len > 0) {
        const char *nl = memchr(s, '\n', len);
        size_t l = nl ? (size_t)(nl - s) : len;
        size_t keep = l && s[l - 1] == '\r' ? l - 1 : l;
        if (keep) {
            if (o->color && sgr)
                fprintf(o->f, "\033[%sm", sgr);
            say_safe(o->f, s, keep);
            if (o->color && sgr)
                fputs("\033[0m", o->f);
        }
        if (!nl)
            break;
        fputs("\n    ", o->f);
        s += l + 1;
        len -= l + 1;
    }
}

/* A text changed in place: the changed characters only, git's word-diff
 * style, "[-removed-]{+added+}", with some unchanged text around each
 * change and "…" for the rest. */
static bool put_text_diff(const struct out *o, const char *before, const char *after)
{
    struct diff_span *v;
    long n = diff_text(before, after, &v);
    if (n < 0)
        return false;
    fputs("\n    ", o->f);
    for (long i = 0; i < n; i++) {
        const struct diff_span *sp = &v[i];
        if (sp->kind == SPAN_DEL || sp->kind == SPAN_INS) {
            bool del = sp->kind == SPAN_DEL;
            fputs(del ? "[-" : "{+", o->f);
            put_text(o, del ? "31" : "32", sp->s, sp->len);
            fputs(del ? "-]" : "+}", o->f);
            continue;
        }
        /* unchanged: the context next to the changes around it */
        size_t head = i > 0 ? chars_bytes(sp->s, sp->len, CONTEXT, true) : 0;
        size_t tail = i + 1 < n ? chars_bytes(sp->s, sp->len, CONTEXT, false) : 0;
        if (head + tail >= sp->len) {
            put_text(o, NULL, sp->s, sp->len);
            continue;
        }
        put_text(o, NULL, sp->s, head);
        fputs("…", o->f);
        put_text(o, NULL, sp->s + sp->len - tail, tail);
    }
    fputc('\n', o->f);
    free(v);
    return true;
}

static bool is_text_field(enum diff_field f)
{
    return f == DIFF_NOTE || f == DIFF_REVIEW_COMMENT || f == DIFF_DESCRIPTION;
}

static const char *meta_label(const char *key)
{
    if (!strcmp(key, "unit"))
        return "单位名称";
    if (!strcmp(key, "year"))
        return "评价年度";
    if (!strcmp(key, "assessor"))
        return "填报人";
    return key;
}

static void put_change(const struct out *o, const struct diff_change *c)
{
    const char *label = c->field == DIFF_FIGURE || c->field == DIFF_MARK ? c->key
                        : c->field == DIFF_META ? meta_label(c->key)
                                                : diff_field_label(c->field);
    fputs(c->field == DIFF_META ? "" : "  ", o->f);
    if (c->field == DIFF_ADDED || c->field == DIFF_REMOVED) {
        bool add = c->field == DIFF_ADDED;
        put_colored(o, add ? "32" : "31", diff_field_label(c->field));
        const char *score = add ? c->after : c->before;
        fprintf(o->f, _(" (custom indicator), 得分 %s\n"), *score ? score : "-");
        return;
    }
    say_safe(o->f, label, strlen(label));
    fputc(':', o->f);
    bool in_line = is_inline(c->before) && is_inline(c->after);
    /* a text edited, not written or emptied: the changed characters */
    if (!in_line && is_text_field(c->field) && *c->before && *c->after &&
        put_text_diff(o, c->before, c->after))
        return;
    fputc(' ', o->f);
    if (in_line) {
        put_colored(o, "31", shown(c->before));
        fputs(" -> ", o->f);
        put_colored(o, "32", shown(c->after));
        fputc('\n', o->f);
        return;
    }
    fputc('\n', o->f);
    put_lines(o, "- ", "31", c->before);
    put_lines(o, "+ ", "32", c->after);
}

static void put_total(const struct out *o, const char *label, pts_t a, const char *ga, pts_t b,
                      const char *gb)
{
    char x[NUM_BUF], y[NUM_BUF];
    fprintf(o->f, "%s: %s %s", label, num_format_pts2(a, x), ga);
    if (a != b || strcmp(ga, gb)) {
        fputs(" -> ", o->f);
        char t[NUM_BUF * 2];
        snprintf(t, sizeof t, "%s %s", num_format_pts2(b, y), gb);
        put_colored(o, a > b ? "31" : a < b ? "32" : "1", t);
    } else {
        fputs(_(" (unchanged)"), o->f);
    }
    fputc('\n', o->f);
}

static void put_diff(const struct out *o, const char *pa, const char *pb, const struct diff *d)
{
    if (o->color)
        fputs("\033[1m", o->f);
    fputs("--- ", o->f);
    say_safe(o->f, pa, strlen(pa));
    fputs("\n+++ ", o->f);
    say_safe(o->f, pb, strlen(pb));
    fputc('\n', o->f);
    if (o->color)
        fputs("\033[0m", o->f);
    const char *last = NULL;
    for (size_t i = 0; i < d->n; i++) {
        const struct diff_change *c = &d->v[i];
        if (c->field != DIFF_META && (!last || strcmp(last, c->id))) {
            char head[2048];
            snprintf(head, sizeof head, "%s %s", c->id, c->name);
            put_colored(o, "1", head);
            fputc('\n', o->f);
            last = c->id;
        }
        put_change(o, c);
    }
    if (!d->n)
        fprintf(o->f, "%s\n", _("no differences"));
    put_total(o, "总分", d->total[0], d->grade[0], d->total[1], d->grade[1]);
    if (d->reviewed[0] || d->reviewed[1])
        put_total(o, "复核总分", d->review_total[0], d->review_grade[0], d->review_total[1],
                  d->review_grade[1]);
    for (int s = 0; s < 2; s++)
        if (d->scored[s] < d->leaves[s])
            fprintf(o->f, _("%s: %d of %d indicators scored\n"), s ? pb : pa, d->scored[s],
                    d->leaves[s]);
}

int cli_diff(int argc, char **argv)
{
    static const struct option opts[] = {
        {"form", required_argument, NULL, 'f'},
        {NULL, 0, NULL, 0},
    };
    const char *form = NULL;
    optind = 1;
    int c;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (c != 'f')
            return EXIT_UNREADABLE;
        form = optarg;
    }
    if (argc - optind != 2) {
        fprintf(stderr, _("jixiao diff: give two drafts (see jixiao --help)\n"));
        return EXIT_UNREADABLE;
    }
    const char *pa = argv[optind], *pb = argv[optind + 1];
    struct form *fa = NULL, *fb = NULL;
    int rc;
    struct draft *a = cli_report_load(pa, form, &fa, &rc);
    struct draft *b = a ? cli_report_load(pb, form, &fb, &rc) : NULL;
    if (!a || !b) {
        draft_free(a);
        form_free(fa);
        return EXIT_UNREADABLE;
    }
    struct diff d;
    if (diff_drafts(a, b, &d) < 0) {
        fprintf(stderr, "jixiao diff: %s\n", _("out of memory"));
        rc = EXIT_UNREADABLE;
    } else {
        const char *nc = getenv("NO_COLOR");
        struct out o = {stdout, isatty(fileno(stdout)) && !(nc && *nc)};
        put_diff(&o, pa, pb, &d);
        rc = d.n ? EXIT_PROBLEMS : EXIT_OK;
        diff_free(&d);
    }
    draft_free(a);
    draft_free(b);
    form_free(fa);
    form_free(fb);
    return rc;
}
