/* fuzz_rule.c - the rule and expression parsers and their evaluation.
 *
 * Input: the first line is a figures cell, the rest a rule cell; the rule
 * cell is also parsed as a bare expression. The indicator has 10 points.
 * Figures get values derived from the input so that evaluation runs too. */
#include <locale.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rat.h"
#include "rule.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const sample_values[] = {"0", "1", "32.74", "100", "7621.05", "0.000001",
                                            "99999999", "50%"};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int once;
    if (!once++)
        setlocale(LC_ALL, "C.UTF-8");
    char *text = malloc(size + 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    char *nl = strchr(text, '\n');
    const char *figtext = nl ? text : "";
    const char *ruletext = nl ? nl + 1 : text;
    if (nl)
        *nl = '\0';
    char why[512];
    struct figure_def *figs = NULL;
    size_t nfigs = 0;
    if (rule_parse_figures(figtext, &figs, &nfigs, why, sizeof why) < 0) {
        figs = NULL;
        nfigs = 0;
    }
    struct figval *vals = calloc(nfigs ? nfigs : 1, sizeof *vals);
    if (!vals)
        abort();
    for (size_t i = 0; i < nfigs; i++) {
        const char *v = sample_values[(size + i) % (sizeof sample_values / sizeof *sample_values)];
        vals[i].set = rule_parse_figure_value(&figs[i], v, &vals[i].v, why, sizeof why) == 0;
    }
    struct rule *r = rule_parse(ruletext, figs, nfigs, 1000, why, sizeof why);
    if (r) {
        mark_t *marks = calloc(r->nparts ? r->nparts : 1, sizeof *marks);
        pts_t *parts = calloc(r->nparts ? r->nparts : 1, sizeof *parts);
        if (!marks || !parts)
            abort();
        pts_t score;
        for (int pass = 0; pass < 2; pass++) {
            for (size_t i = 0; i < r->nparts; i++)
                marks[i] = pass == 0                          ? MARK_NONE
                           : r->parts[i].kind == PART_CHECK ? r->parts[i].points
                                                            : 0;   /* first option, veto unmarked */
            enum rule_status st =
                rule_eval(r, figs, vals, nfigs, marks, &score, parts, why, sizeof why);
            if (st == RULE_COMPLETE && (score < 0 || score > 1000))
                abort();   /* a rule's score stays within its points */
            for (size_t i = 0; i < r->nparts; i++) {
                char buf[1200];
                rule_format_mark(&r->parts[i], marks[i], buf, sizeof buf);
            }
        }
        free(marks);
        free(parts);
        rule_free(r);
    }
    struct expr *e = expr_parse(ruletext, figs, nfigs, why, sizeof why);
    if (e) {
        struct rat out;
        expr_eval(e, figs, vals, nfigs, &out, why, sizeof why);
        expr_free(e);
    }
    free(vals);
    rule_free_figures(figs, nfigs);
    free(text);
    return 0;
}
