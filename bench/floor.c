/* floor.c - the least a libcsv program can do with a form and a draft:
 * read both files, parse every record with libcsv (strict, as jixiao does),
 * and sum the leaf points of the form and the leaf scores of the draft.
 * It is the floor against which bench/scale.sh measures `jixiao score`: no
 * validation, no UTF-8 check, no model, no rules, no table.
 *
 *     floor FORM.csv DRAFT.csv     prints "SCORE / POINTS"
 *
 * A row is a leaf when the next row's level is not deeper; the level,
 * points and score columns are found by name in the header. Built by
 * scale.sh with cc directly: cc -O2 floor.c -lcsv. */
#include <csv.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct sum {
    int col_level, col_value;   /* field indices from the header */
    const char *value_name;     /* "points" or "score" */
    long row;
    size_t field;
    int level;                  /* this row's level (0: meta or total row) */
    int64_t value;              /* this row's value in hundredths */
    int prev_level;
    int64_t prev_value;
    int64_t total;
};

static int64_t hundredths(const char *s, size_t n)
{
    int64_t v = 0;
    size_t i = 0;
    for (; i < n && s[i] >= '0' && s[i] <= '9'; i++)
        v = v * 10 + (s[i] - '0');
    v *= 100;
    if (i < n && s[i] == '.') {
        if (i + 1 < n)
            v += 10 * (s[i + 1] - '0');
        if (i + 2 < n)
            v += s[i + 2] - '0';
    }
    return v;
}

static void on_field(void *s, size_t n, void *data)
{
    struct sum *x = data;
    const char *f = s;
    if (x->row == 0) {
        if (n == 5 && !memcmp(f, "level", 5))
            x->col_level = (int)x->field;
        if (n == strlen(x->value_name) && !memcmp(f, x->value_name, n))
            x->col_value = (int)x->field;
    } else if ((int)x->field == x->col_level) {
        x->level = n == 1 ? f[0] - '0' : 0;
    } else if ((int)x->field == x->col_value) {
        x->value = hundredths(f, n);
    }
    x->field++;
}

static void on_record(int c, void *data)
{
    (void)c;
    struct sum *x = data;
    if (x->row > 0 && x->level > 0) {
        if (x->prev_level && x->level <= x->prev_level)
            x->total += x->prev_value;
        x->prev_level = x->level;
        x->prev_value = x->value;
    }
    x->row++;
    x->field = 0;
    x->level = 0;
    x->value = 0;
}

static int64_t sum_file(const char *path, const char *value_name)
{
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        perror(path);
        exit(1);
    }
    struct csv_parser p;
    csv_init(&p, CSV_STRICT | CSV_STRICT_FINI);
    struct sum x = {.col_level = -1, .col_value = -1, .value_name = value_name};
    static char buf[1 << 16];
    size_t n;
    int first = 1;
    while ((n = fread(buf, 1, sizeof buf, fp)) > 0) {
        char *b = buf;
        if (first && n >= 3 && !memcmp(b, "\xEF\xBB\xBF", 3))
            b += 3, n -= 3;
        first = 0;
        if (csv_parse(&p, b, n, on_field, on_record, &x) != n) {
            fprintf(stderr, "%s: %s\n", path, csv_strerror(csv_error(&p)));
            exit(1);
        }
    }
    csv_fini(&p, on_field, on_record, &x);
    csv_free(&p);
    fclose(fp);
    if (x.prev_level)
        x.total += x.prev_value;   /* the last row is a leaf */
    return x.total;
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: floor FORM.csv DRAFT.csv\n");
        return 2;
    }
    int64_t points = sum_file(argv[1], "points");
    int64_t score = sum_file(argv[2], "score");
    printf("%lld.%02lld / %lld.%02lld\n", (long long)(score / 100), (long long)(score % 100),
           (long long)(points / 100), (long long)(points % 100));
    return 0;
}
