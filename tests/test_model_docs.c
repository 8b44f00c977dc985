/*
** test_model_docs.c — the key reference of docs/scenario-format.md agrees with the
** table of keys (models/scenario_keys.c): every key, its type, default and range.
*/
#include "testutil.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scenario_keys.h"

#define DOC "docs/scenario-format.md"
#define MAX_CELLS 8

/* s with the page's typography in ASCII: "−" "-", "≥" ">=", "≤" "<=". Caller frees. */
static char *ascii(const char *s)
{
    static const char *const from[] = {"\xe2\x88\x92", "\xe2\x89\xa5", "\xe2\x89\xa4"};
    static const char *const to[] = {"-", ">=", "<="};
    char *out = malloc(strlen(s) + 1), *o = out;
    assert_non_null(out);
    while (*s) {
        size_t i = 0;
        while (i < 3 && strncmp(s, from[i], strlen(from[i])) != 0)
            i++;
        if (i < 3) {
            strcpy(o, to[i]);
            o += strlen(to[i]);
            s += strlen(from[i]);
        } else {
            *o++ = *s++;
        }
    }
    *o = '\0';
    return out;
}

/* Split a table line "| a | b |" in place into trimmed cells; returns their number. */
static size_t split_row(char *line, char **cells)
{
    size_t n = 0;
    char *save = NULL;
    for (char *c = strtok_r(line + 1, "|", &save); c != NULL && n < MAX_CELLS; c = strtok_r(NULL, "|", &save)) {
        while (*c == ' ')
            c++;
        char *end = c + strlen(c);
        while (end > c && end[-1] == ' ')
            *--end = '\0';
        cells[n++] = c;
    }
    return n;
}

/* The inside of a cell that is one code span "`x`", copied to buf; NULL otherwise. */
static const char *code(const char *cell, char *buf, size_t cap)
{
    size_t n = strlen(cell);
    if (n < 2 || cell[0] != '`' || cell[n - 1] != '`' || memchr(cell + 1, '`', n - 2) != NULL || n - 2 >= cap)
        return NULL;
    memcpy(buf, cell + 1, n - 2);
    buf[n - 2] = '\0';
    return buf;
}

/* The type column for k: "number", "integer or `null`", "array of 7 numbers", ... */
static bool type_matches(const ts_key *k, const char *cell)
{
    char want[64];
    const char *name = "string";
    switch (k->type) {
    case TS_KEY_OBJECT:
        name = "object";
        break;
    case TS_KEY_ARRAY:
        return strncmp(cell, "array", 5) == 0; /* "array", "array of peaks", ... */
    case TS_KEY_RULEBOOK:
    case TS_KEY_FILE:
        name = "string or object";
        break;
    case TS_KEY_NUMBER:
        name = "number";
        break;
    case TS_KEY_PROB:
        name = "probability";
        break;
    case TS_KEY_INTEGER:
        name = "integer";
        break;
    case TS_KEY_DATE:
    case TS_KEY_DAY:
        name = "date";
        break;
    case TS_KEY_NUMBERS:
        snprintf(want, sizeof want, "array of %zu numbers", k->count);
        return strcmp(cell, want) == 0;
    case TS_KEY_STRING:
    case TS_KEY_NAME:
    case TS_KEY_ENUM:
        break;
    }
    snprintf(want, sizeof want, "%s%s", name, (k->flags & TS_KEY_NULLABLE) ? " or `null`" : "");
    return strcmp(cell, want) == 0;
}

/* The default column for k: **required**, the computed default's words, or the value. */
static bool default_matches(const ts_key *k, const char *cell)
{
    if (k->flags & TS_KEY_REQUIRED)
        return strncmp(cell, "**required**", 12) == 0;
    if (k->doc_default != NULL)
        return strcmp(cell, k->doc_default) == 0;
    char buf[256], want[256];
    const char *v = code(cell, buf, sizeof buf);
    char *end;
    switch (k->type) {
    case TS_KEY_OBJECT:
    case TS_KEY_ARRAY:
    case TS_KEY_FILE:
        return true; /* "see below", the default list: prose */
    case TS_KEY_NUMBER:
    case TS_KEY_PROB:
        return v != NULL && strtod(v, &end) == k->def.num && *end == '\0';
    case TS_KEY_INTEGER:
        return v != NULL && strtod(v, &end) == (double)k->def.integer && *end == '\0';
    case TS_KEY_STRING:
    case TS_KEY_NAME:
    case TS_KEY_RULEBOOK:
    case TS_KEY_ENUM:
        snprintf(want, sizeof want, "\"%s\"", k->type == TS_KEY_ENUM ? k->choices[k->def.integer] : k->def.text);
        return v != NULL && strcmp(v, want) == 0;
    case TS_KEY_NUMBERS:
        if (v == NULL || *v != '[')
            return false;
        for (size_t i = 0; i < k->count; i++) {
            double x = strtod(v + 1, &end);
            if (end == v + 1 || x != k->def.numbers[i] || *end != (i + 1 < k->count ? ',' : ']'))
                return false;
            v = end;
        }
        return v[1] == '\0';
    case TS_KEY_DATE:
    case TS_KEY_DAY:
        break;
    }
    return false;
}

/* An integer of the page: digits, 10^k, 2^k-1. */
static bool parse_integer(const char **s, int64_t *out)
{
    char *end;
    long long v = strtoll(*s, &end, 10);
    if (end == *s)
        return false;
    if (*end == '^') {
        long long e = strtoll(end + 1, &end, 10), b = v;
        for (v = 1; e > 0; e--)
            v *= b;
    }
    if (*end == '-' && end[1] >= '0' && end[1] <= '9')
        v -= strtoll(end + 1, &end, 10);
    *out = v;
    *s = end;
    return true;
}

/* "[0, 1]", "(-1, 1]", ">= 0", "> -1 and <= 1" at the start of s into bounds. */
static bool parse_bounds(const char *s, double *lo, bool *lo_open, double *hi, bool *hi_open)
{
    char *end;
    *lo = -HUGE_VAL, *hi = HUGE_VAL, *lo_open = *hi_open = false;
    if (*s == '[' || *s == '(') {
        *lo_open = *s == '(';
        *lo = strtod(s + 1, &end);
        if (*end != ',')
            return false;
        *hi = strtod(end + 1, &end);
        *hi_open = *end == ')';
        return *end == ')' || *end == ']';
    }
    for (bool first = true;; first = false) {
        if (!first && strncmp(s, " and ", 5) != 0)
            return !first;
        s += first ? 0 : 5;
        bool greater = *s == '>', open = s[1] != '=';
        if (*s != '>' && *s != '<')
            return false;
        double x = strtod(s + (open ? 1 : 2), &end);
        *(greater ? lo : hi) = x;
        *(greater ? lo_open : hi_open) = open;
        s = end;
    }
}

/* The range column for k (its start; what follows may add the rules between keys). */
static bool range_matches(const ts_key *k, const char *cell)
{
    char want[256] = "";
    int64_t a, b;
    double lo, hi;
    bool lo_open, hi_open;
    switch (k->type) {
    case TS_KEY_INTEGER:
        return parse_integer(&cell, &a) && strncmp(cell, " .. ", 4) == 0 && (cell += 4, parse_integer(&cell, &b))
               && a == k->min && b == k->max;
    case TS_KEY_NUMBER:
    case TS_KEY_PROB:
        return parse_bounds(cell, &lo, &lo_open, &hi, &hi_open) && lo == k->lo && hi == k->hi
               && (lo_open == k->lo_open || isinf(lo)) && (hi_open == k->hi_open || isinf(hi));
    case TS_KEY_NUMBERS:
        return strncmp(cell, "each >= 0", 9) == 0;
    case TS_KEY_STRING:
    case TS_KEY_NAME:
        return (strncmp(cell, "non-empty", 9) == 0) == ((k->flags & TS_KEY_NONEMPTY) != 0);
    case TS_KEY_ENUM:
        for (size_t i = 0; k->choices[i] != NULL; i++) {
            const char *sep = i == 0 ? (k->choices[1] ? "" : "exactly ") : k->choices[i + 1] ? ", " : " or ";
            snprintf(want + strlen(want), sizeof want - strlen(want), "%s`\"%s\"`", sep, k->choices[i]);
        }
        return strncmp(cell, want, strlen(want)) == 0;
    case TS_KEY_OBJECT:
    case TS_KEY_ARRAY:
    case TS_KEY_RULEBOOK:
    case TS_KEY_FILE:
    case TS_KEY_DATE:
    case TS_KEY_DAY:
        break;
    }
    return true;
}

/* What the page says of the keys: the shape being described, its columns, the rows seen. */
typedef struct {
    char shape[128];
    bool checked;             /* the current tables list keys of shape */
    int type, def, range;     /* columns of a key table; -1 when a matrix */
    size_t n_cols;            /* matrix: objects of shape named by columns 1.. */
    char cols[MAX_CELLS][64];
    bool *seen;               /* per table row */
    size_t last;              /* table index of the last row seen in shape, for the order */
    size_t problems;
} page;

/* Report a problem with key (a cell of the page) of the object shape. */
static void problem(page *pg, const char *shape, const char *key, const char *what)
{
    print_error(DOC ": %s%s%s: %s (models/scenario_keys.c)\n", shape, *shape ? "." : "", key, what);
    pg->problems++;
}

/* The row of "shape.key" ("key" at the top), or NULL. */
static const ts_key *row_of(const char *shape, const char *key)
{
    char path[256];
    int n = snprintf(path, sizeof path, "%s%s%s", shape, *shape ? "." : "", key);
    if (n < 0 || (size_t)n >= sizeof path)
        return NULL; /* longer than any key in the table */
    return ts_keys_find(path);
}

/* k's index in the table. */
static size_t index_of(const ts_key *k)
{
    size_t n;
    return (size_t)(k - ts_keys_table(&n));
}

static void mark_seen(page *pg, const ts_key *k)
{
    size_t i = index_of(k);
    if (pg->seen[i])
        problem(pg, "", k->path, "documented twice");
    else if (i < pg->last && pg->last != SIZE_MAX)
        problem(pg, "", k->path, "not in the table's order");
    pg->seen[i] = true;
    pg->last = i;
}

/* Where the page says which keys come next: a heading, or a line "A peak (`volume.events[i]`):". */
static void set_shape(page *pg, const char *line, bool heading)
{
    const char *a = strchr(line, '`'), *b = a ? strchr(a + 1, '`') : NULL;
    char path[128] = "";
    if (heading && strcmp(line, "## Top level") == 0) {
        pg->checked = true;
    } else if (b != NULL && (size_t)(b - a) < sizeof path) {
        snprintf(path, sizeof path, "%.*s", (int)(b - a - 1), a + 1);
        char *idx = strstr(path, "[i]");
        if (idx != NULL)
            *idx = '\0'; /* an element of the array at path */
        const ts_key *k = ts_keys_find(path);
        bool container = k != NULL && (k->type == (idx != NULL ? TS_KEY_ARRAY : TS_KEY_OBJECT) ||
                                        (idx == NULL && k->type == TS_KEY_FILE));
        if (idx != NULL)
            strcat(path, "[]");
        if (!container && !heading)
            return; /* a line about something else */
        pg->checked = container;
    } else if (heading) {
        pg->checked = false;
    } else {
        return;
    }
    snprintf(pg->shape, sizeof pg->shape, "%s", path);
    pg->last = SIZE_MAX;
}

/* A header row: the columns of a key table, or the objects a matrix's columns name. */
static void read_header(page *pg, char **cells, size_t n)
{
    pg->type = pg->def = pg->range = -1;
    pg->n_cols = 0;
    if (n > 1 && strcmp(cells[1], "type") == 0) {
        for (size_t i = 0; i < n; i++) {
            int *col = strcmp(cells[i], "type") == 0 ? &pg->type : strcmp(cells[i], "default") == 0 ? &pg->def
                       : strcmp(cells[i], "range") == 0 ? &pg->range : NULL;
            if (col != NULL)
                *col = (int)i;
        }
        return;
    }
    for (size_t i = 1; i < n && pg->checked; i++) {
        char buf[64];
        const char *obj = code(cells[i], buf, sizeof buf);
        const ts_key *k = obj ? row_of(pg->shape, obj) : NULL;
        if (k == NULL || k->type != TS_KEY_OBJECT) {
            problem(pg, pg->shape, cells[i], "a column that names no object");
            continue;
        }
        snprintf(pg->cols[pg->n_cols++], sizeof pg->cols[0], "%s", obj);
        pg->seen[index_of(k)] = true;
    }
}

/* A matrix row: key, then its default in each object (— when the object has no such key). */
static void read_matrix_row(page *pg, const char *key, char **cells, size_t n)
{
    for (size_t j = 0; j < pg->n_cols && j + 1 < n; j++) {
        char shape[200], buf[64];
        snprintf(shape, sizeof shape, "%s%s%s", pg->shape, *pg->shape ? "." : "", pg->cols[j]);
        const ts_key *k = row_of(shape, key);
        const char *v = code(cells[j + 1], buf, sizeof buf);
        if (strcmp(cells[j + 1], "\xe2\x80\x94") == 0) {
            if (k != NULL)
                problem(pg, shape, key, "marked as not accepted by an object that has it");
        } else if (k == NULL) {
            problem(pg, shape, key, "not a key of this object");
        } else {
            pg->seen[index_of(k)] = true;
            if (k->type != TS_KEY_PROB || v == NULL || strtod(v, NULL) != k->def.num)
                problem(pg, shape, key, "not a probability with this default");
        }
    }
}

/* A key row of a key table: the key exists in shape, with this type, default and range. */
static void read_key_row(page *pg, char **cells, size_t n)
{
    char buf[64];
    const char *key = code(cells[0], buf, sizeof buf);
    if (key != NULL && pg->n_cols > 0) {
        read_matrix_row(pg, key, cells, n);
        return;
    }
    const ts_key *k = key ? row_of(pg->shape, key) : NULL;
    if (k == NULL) {
        problem(pg, pg->shape, key ? key : cells[0], "not a key of the table");
        return;
    }
    mark_seen(pg, k);
    char *type = pg->type >= 0 && (size_t)pg->type < n ? ascii(cells[pg->type]) : NULL;
    char *range = pg->range >= 0 && (size_t)pg->range < n ? ascii(cells[pg->range]) : NULL;
    if (type == NULL || !type_matches(k, type))
        problem(pg, "", k->path, "wrong type");
    if (pg->def < 0 || (size_t)pg->def >= n || !default_matches(k, cells[pg->def]))
        problem(pg, "", k->path, "wrong default");
    if (range == NULL || !range_matches(k, range))
        problem(pg, "", k->path, "wrong range");
    free(type);
    free(range);
}

static void test_docs_match_table(void **state)
{
    (void)state;
    char *text = ts_test_read_file(TS_SOURCE_DIR "/" DOC, NULL);
    assert_non_null(text);
    size_t n;
    const ts_key *t = ts_keys_table(&n);
    page pg = {.seen = calloc(n, sizeof(bool)), .last = SIZE_MAX};
    assert_non_null(pg.seen);
    char *save = NULL;
    for (char *line = strtok_r(text, "\n", &save); line != NULL; line = strtok_r(NULL, "\n", &save)) {
        if (strncmp(line, "## ", 3) == 0) {
            set_shape(&pg, line, true);
        } else if (line[0] == '|') {
            char *cells[MAX_CELLS];
            size_t nc = split_row(line, cells);
            if (nc > 0 && strcmp(cells[0], "key") == 0)
                read_header(&pg, cells, nc);
            else if (nc > 0 && strncmp(cells[0], "---", 3) != 0 && pg.checked)
                read_key_row(&pg, cells, nc);
        } else if (line[strlen(line) - 1] == ':') {
            set_shape(&pg, line, false);
        }
    }
    for (size_t i = 0; i < n; i++) {
        if (!pg.seen[i]) {
            print_error(DOC ": %s: missing (models/scenario_keys.c has it)\n", t[i].path);
            pg.problems++;
        }
    }
    assert_int_equal(pg.problems, 0);
    free(pg.seen);
    free(text);
}

int main(void)
{
    gsl_set_error_handler_off(); /* as the program does (sim/cli/main.c) */
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_docs_match_table),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
