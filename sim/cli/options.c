/*
** options.c — the option parser (options.h): long and short options, values
** checked against their type and range, "did you mean", generated help.
*/
#include "options.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "tiersim.h"

/* Help layout: "  LABEL" padded to this width, then the text; longer labels get a line of their own. */
enum { LABEL_WIDTH = 22, TEXT_COLUMN = 2 + LABEL_WIDTH + 1 };

/* ------------------------------------------------------------- tables */

/* Where option o of group g stores its value in args. */
static void *place(void *args, const ts_option_group *g, const ts_option *o)
{
    return (char *)args + g->offset + o->offset;
}

/* The option with the letter (when not 0), else the one named name[0..n-1]; *group gets its group. */
static const ts_option *find(const ts_command *cmd, const char *name, size_t n, char letter,
                             const ts_option_group **group)
{
    for (const ts_option_group *g = cmd->groups; g && g->options; g++)
        for (const ts_option *o = g->options; o->name; o++)
            if (letter ? o->letter == letter : strlen(o->name) == n && strncmp(o->name, name, n) == 0) {
                *group = g;
                return o;
            }
    return NULL;
}

static void list_add(ts_arglist *l, const char *word)
{
    l->items = ts_xrealloc(l->items, (l->count + 1) * sizeof *l->items);
    l->items[l->count++] = word;
}

static void list_free(ts_arglist *l)
{
    free(l->items);
    l->items = NULL;
    l->count = 0;
}

/* ----------------------------------------------------------- messages */

/* A bound as people write it: 1024, 10000000, 9007199254740991, 0.5. */
static void bound(double v, char out[32])
{
    if (v == floor(v) && fabs(v) < 1e17)
        snprintf(out, 32, "%.0f", v);
    else
        snprintf(out, 32, "%g", v);
}

/* What o's value must be, for messages: "an integer in 1..1024", "en or zh", "a directory". */
static char *describe(const ts_option *o)
{
    char lo[32], hi[32];
    bound(o->min, lo);
    bound(o->max, hi);
    if (o->type == TS_OPT_INT)
        return ts_xasprintf("an integer in %s..%s", lo, hi);
    if (o->type == TS_OPT_NUMBER) {
        if (isinf(o->max))
            return ts_xasprintf("a number %s %s", o->min_open ? ">" : ">=", lo);
        return o->min_open ? ts_xasprintf("a number > %s and <= %s", lo, hi)
                           : ts_xasprintf("a number in %s..%s", lo, hi);
    }
    if (o->type == TS_OPT_ENUM) {
        ts_buf b = {0};
        for (size_t i = 0; o->choices[i]; i++)
            ts_buf_printf(&b, "%s%s", i == 0 ? "" : o->choices[i + 1] ? ", " : " or ", o->choices[i]);
        return b.s;
    }
    return ts_xstrdup(o->what ? o->what : "a value");
}

/* "unknown option 'WORD'", with the nearest option when one is close. */
static char *unknown(const ts_command *cmd, const char *word)
{
    const char *names[128];
    size_t n = 0;
    names[n++] = "help";
    for (const ts_option_group *g = cmd->groups; g && g->options; g++)
        for (const ts_option *o = g->options; o->name && n < 128; o++)
            names[n++] = o->name;
    const char *bare = word + strspn(word, "-");
    char *name = ts_xasprintf("%.*s", (int)strcspn(bare, "="), bare);
    const char *near = ts_options_nearest(name, names, n);
    free(name);
    return near ? ts_xasprintf("unknown option '%s'; did you mean '--%s'?", word, near)
                : ts_xasprintf("unknown option '%s'", word);
}

/* ------------------------------------------------------------- values */

/* Store value as o's type at p; false when it is not a valid value of o. */
static bool store(const ts_option *o, void *p, const char *value)
{
    char *end;
    errno = 0;
    switch (o->type) {
    case TS_OPT_INT: {
        long long v = strtoll(value, &end, 10);
        if (*value == '\0' || *end != '\0' || errno != 0 || (double)v < o->min || (double)v > o->max)
            return false;
        *(long long *)p = v;
        return true;
    }
    case TS_OPT_NUMBER: {
        double v = strtod(value, &end);
        if (end == value || *end != '\0' || !isfinite(v) || v < o->min || v > o->max ||
            (o->min_open && v == o->min))
            return false;
        *(double *)p = v;
        return true;
    }
    case TS_OPT_ENUM:
        for (int i = 0; o->choices[i]; i++)
            if (strcmp(value, o->choices[i]) == 0) {
                *(int *)p = i;
                return true;
            }
        return false;
    case TS_OPT_STRING:
        if (o->valid && !o->valid(value))
            return false;
        *(const char **)p = value;
        return true;
    case TS_OPT_LIST:
        if (o->valid && !o->valid(value))
            return false;
        list_add(p, value);
        return true;
    case TS_OPT_FLAG:
        break;
    }
    *(bool *)p = true;
    return true;
}

/*
** The option at argv[*i] (which begins with '-'), with its value from the
** same word or the next (then *i moves on to it).
*/
static ts_options_result take_option(const ts_command *cmd, int argc, char **argv, int *i, void *args,
                                     char **message)
{
    const char *word = argv[*i], *eq = strchr(word, '=');
    size_t spelled = eq ? (size_t)(eq - word) : strlen(word); /* "--name" or "-L" */
    bool is_long = word[1] == '-';
    if (!is_long && spelled != 2) {
        *message = unknown(cmd, word);
        return TS_OPTIONS_BAD;
    }
    const char *name = word + 2;
    size_t n = spelled - 2;
    bool help = is_long ? n == 4 && strncmp(name, "help", 4) == 0 : word[1] == 'h';
    const ts_option_group *g = NULL;
    const ts_option *o = help ? NULL : find(cmd, name, n, is_long ? 0 : word[1], &g);
    if (!help && o == NULL) {
        *message = unknown(cmd, word);
        return TS_OPTIONS_BAD;
    }
    if ((help || o->type == TS_OPT_FLAG) && eq) {
        *message = ts_xasprintf("%.*s: expected no value, found '%s'", (int)spelled, word, eq + 1);
        return TS_OPTIONS_BAD;
    }
    if (help)
        return TS_OPTIONS_HELP;
    const char *value = o->type == TS_OPT_FLAG ? "" : eq ? eq + 1 : *i + 1 < argc ? argv[++*i] : NULL;
    if (value == NULL || !store(o, place(args, g, o), value)) {
        char *want = describe(o);
        *message = value ? ts_xasprintf("%.*s: expected %s, found '%s'", (int)spelled, word, want, value)
                         : ts_xasprintf("%.*s needs %s%s", (int)spelled, word,
                                        o->type == TS_OPT_ENUM ? "a value: " : "", want);
        free(want);
        return TS_OPTIONS_BAD;
    }
    return TS_OPTIONS_OK;
}

/* -------------------------------------------------------------- parse */

ts_options_result ts_options_scan(const ts_command *cmd, int argc, char **argv, void *args,
                                  ts_arglist *operands, char **message)
{
    const ts_operands *want = &cmd->operands;
    ts_options_result r = TS_OPTIONS_OK;
    bool words_only = false; /* after "--" */
    *message = NULL;
    *operands = (ts_arglist){0};
    for (int i = 0; i < argc && r == TS_OPTIONS_OK; i++) {
        const char *a = argv[i];
        if (words_only || a[0] != '-' || a[1] == '\0') {
            if (want->max && operands->count == want->max) {
                *message = ts_xasprintf("one %s at a time; extra argument '%s'", want->noun, a);
                r = TS_OPTIONS_BAD;
            } else {
                list_add(operands, a);
            }
        } else if (strcmp(a, "--") == 0) {
            words_only = true;
        } else {
            r = take_option(cmd, argc, argv, &i, args, message);
        }
    }
    if (r == TS_OPTIONS_OK && operands->count < want->min) {
        *message = want->min > 1   ? ts_xasprintf("needs %zu %ss", want->min, want->noun)
                   : want->max == 1 ? ts_xasprintf("needs a %s", want->noun)
                                    : ts_xasprintf("needs at least one %s", want->noun);
        r = TS_OPTIONS_BAD;
    }
    if (r != TS_OPTIONS_OK)
        ts_options_release(cmd, args, operands);
    return r;
}

int ts_options_parse(const ts_command *cmd, int argc, char **argv, void *args, ts_arglist *operands)
{
    char *message = NULL;
    switch (ts_options_scan(cmd, argc, argv, args, operands, &message)) {
    case TS_OPTIONS_OK:
        return TS_OPTIONS_CONTINUE;
    case TS_OPTIONS_HELP:
        ts_options_help(stdout, cmd);
        return 0;
    case TS_OPTIONS_BAD:
        break;
    }
    fprintf(stderr, "tiersim %s: %s\nTry 'tiersim %s --help'.\n", cmd->name, message, cmd->name);
    free(message);
    return 2;
}

void ts_options_release(const ts_command *cmd, void *args, ts_arglist *operands)
{
    for (const ts_option_group *g = cmd->groups; g && g->options; g++)
        for (const ts_option *o = g->options; o->name; o++)
            if (o->type == TS_OPT_LIST)
                list_free(place(args, g, o));
    list_free(operands);
}

/* --------------------------------------------------------------- help */

/* "  LABEL   first line" and the further lines of text under the first. */
static void help_entry(FILE *out, const char *label, const char *text)
{
    int width = (int)strlen(label);
    if (width > LABEL_WIDTH)
        fprintf(out, "  %s\n%*s", label, TEXT_COLUMN, "");
    else
        fprintf(out, "  %-*s ", LABEL_WIDTH, label);
    const char *line = text;
    do {
        size_t n = strcspn(line, "\n");
        fprintf(out, "%.*s\n", (int)n, line);
        line += n;
        if (*line == '\n')
            line++;
        if (*line)
            fprintf(out, "%*s", TEXT_COLUMN, "");
    } while (*line);
}

static void help_option(FILE *out, const ts_option *o)
{
    ts_buf label = {0};
    if (o->letter)
        ts_buf_printf(&label, "-%c, ", o->letter);
    ts_buf_printf(&label, "--%s", o->name);
    if (o->type == TS_OPT_ENUM && o->arg == NULL)
        for (size_t i = 0; o->choices[i]; i++)
            ts_buf_printf(&label, "%c%s", i ? '|' : ' ', o->choices[i]);
    else if (o->arg)
        ts_buf_printf(&label, " %s", o->arg);
    help_entry(out, label.s, o->help ? o->help : "");
    free(label.s);
}

void ts_options_help(FILE *out, const ts_command *cmd)
{
    fprintf(out, "Usage: tiersim %s%s%s\n", cmd->name, cmd->usage ? " " : "", cmd->usage ? cmd->usage : "");
    if (cmd->description)
        fprintf(out, "\n%s", cmd->description);
    if (cmd->help_extra)
        cmd->help_extra(out);
    fputs("\nOptions:\n", out);
    for (const ts_option_group *g = cmd->groups; g && g->options; g++)
        for (const ts_option *o = g->options; o->name; o++)
            help_option(out, o);
    help_entry(out, "-h, --help", "show this help");
    if (cmd->epilog)
        fprintf(out, "\n%s", cmd->epilog);
}

/* ------------------------------------------------------ did you mean */

/* Edits (insert, delete, replace, swap two neighbours) from a to b; both under 64 bytes. */
static size_t edits(const char *a, size_t n, const char *b, size_t m)
{
    size_t d[64][64];
    for (size_t i = 0; i <= n; i++)
        for (size_t j = 0; j <= m; j++) {
            if (i == 0 || j == 0) {
                d[i][j] = i + j;
                continue;
            }
            size_t best = d[i - 1][j - 1] + (a[i - 1] != b[j - 1] ? 1u : 0u);
            if (d[i - 1][j] + 1 < best)
                best = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < best)
                best = d[i][j - 1] + 1;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] && d[i - 2][j - 2] + 1 < best)
                best = d[i - 2][j - 2] + 1;
            d[i][j] = best;
        }
    return d[n][m];
}

const char *ts_options_nearest(const char *word, const char *const *names, size_t n)
{
    size_t len = strlen(word), begun = 0;
    const char *prefixed = NULL, *nearest = NULL;
    if (len == 0 || len >= 64)
        return NULL;
    size_t limit = len <= 3 ? 1 : 2, best = limit + 1;
    for (size_t i = 0; i < n; i++) {
        size_t m = strlen(names[i]);
        if (strncmp(names[i], word, len) == 0) {
            prefixed = names[i];
            begun++;
        }
        size_t e = m < 64 ? edits(word, len, names[i], m) : best;
        if (e < best && e < m) {
            best = e;
            nearest = names[i];
        }
    }
    return begun == 1 ? prefixed : nearest;
}
