/* rule_impl.h - private to rule.c (rules) and rule_figures.c (figures): text helpers both use. */
#ifndef JIXIAO_RULE_IMPL_H
#define JIXIAO_RULE_IMPL_H

#include <stdbool.h>
#include <stddef.h>

/* Narrow [*start, *end) of s to exclude surrounding blanks. */
void rule_trim(const char *s, size_t *start, size_t *end);
/* A malloc'd copy of s[start, end), or NULL. */
char *rule_dup_range(const char *s, size_t start, size_t end);
/* ASCII case-insensitive comparison of s[0, n) with a lower-case word. */
bool rule_word_is(const char *s, size_t n, const char *word);
/* A string occurring twice in v[0, n) (sorted in place), or NULL. */
const char *rule_dup_find(const char **v, size_t n);

#endif
