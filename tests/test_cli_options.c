/*
** test_cli_options.c — the option parser (sim/cli/options.h) on a command of
** its own: every value type and form, the exact messages, groups, help.
*/
#include "testutil.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "options.h"

typedef struct {
    bool flag;
    long long count;
    double ratio;
    const char *dir;
    int colour;
    ts_arglist sets;
} inner_args;

typedef struct {
    int before;       /* the group does not start the command's struct */
    inner_args inner;
    bool own;
} outer_args;

static const char *const COLOURS[] = {"red", "green", "blue", NULL};

static bool has_equals(const char *v)
{
    return strchr(v, '=') != NULL;
}

static const ts_option INNER[] = {
    {.name = "flag", .letter = 'f', .type = TS_OPT_FLAG, .offset = offsetof(inner_args, flag),
     .help = "a flag"},
    {.name = "count", .letter = 'n', .type = TS_OPT_INT, .arg = "N", .min = 1, .max = 1024,
     .offset = offsetof(inner_args, count), .help = "how many\n(1..1024)"},
    {.name = "ratio", .type = TS_OPT_NUMBER, .arg = "X", .min = 0, .max = INFINITY, .min_open = true,
     .offset = offsetof(inner_args, ratio), .help = "a ratio"},
    {.name = "output", .letter = 'o', .type = TS_OPT_STRING, .arg = "DIR", .what = "a directory",
     .offset = offsetof(inner_args, dir), .help = "where"},
    {.name = "colour", .type = TS_OPT_ENUM, .choices = COLOURS, .offset = offsetof(inner_args, colour),
     .help = "a colour"},
    {.name = "set", .type = TS_OPT_LIST, .arg = "PATH=V1,V2,...", .what = "PATH=V1,V2,...",
     .valid = has_equals, .offset = offsetof(inner_args, sets), .help = "may be repeated"},
    {0},
};

static const ts_option OWN[] = {
    {.name = "own", .type = TS_OPT_FLAG, .offset = offsetof(outer_args, own), .help = "the command's own"},
    {0},
};

static const ts_option_group GROUPS[] = {
    {INNER, offsetof(outer_args, inner)},
    {OWN, 0},
    {0},
};

static const ts_command CMD = {
    .name = "demo",
    .usage = "THING [options]",
    .description = "Does a demonstration.\n",
    .groups = GROUPS,
    .operands = {"thing", 1, 1},
    .epilog = "Examples:\n  tiersim demo a\n",
};

#define ARGV(...) ((char *[]){__VA_ARGS__, NULL})
#define COUNT(...) ((int)(sizeof((char *[]){__VA_ARGS__}) / sizeof(char *)))
#define SCAN(a, ...) scan(a, COUNT(__VA_ARGS__), ARGV(__VA_ARGS__))

static ts_options_result last;
static char *message;

static ts_arglist scan(outer_args *a, int argc, char **argv)
{
    ts_arglist ops;
    free(message);
    last = ts_options_scan(&CMD, argc, argv, a, &ops, &message);
    return ops;
}

static void expect_bad(const char *want, int argc, char **argv)
{
    outer_args a = {0};
    (void)scan(&a, argc, argv);
    assert_int_equal(last, TS_OPTIONS_BAD);
    assert_non_null(message);
    assert_string_equal(message, want);
    assert_null(a.inner.sets.items); /* released */
}
#define EXPECT_BAD(want, ...) expect_bad(want, COUNT(__VA_ARGS__), ARGV(__VA_ARGS__))

static void test_values_and_forms(void **state)
{
    (void)state;
    outer_args a = {.inner.count = 7, .inner.colour = 0};
    ts_arglist ops = SCAN(&a, "--count", "3", "x", "--ratio=0.25", "-o", "out", "--colour=blue",
                          "--set", "a=1,2", "--set=b=3", "-f", "--own");
    assert_int_equal(last, TS_OPTIONS_OK);
    assert_null(message);
    assert_int_equal(a.inner.count, 3);
    assert_double_near(a.inner.ratio, 0.25, 0.0);
    assert_string_equal(a.inner.dir, "out");
    assert_int_equal(a.inner.colour, 2);
    assert_int_equal(a.inner.sets.count, 2);
    assert_string_equal(a.inner.sets.items[0], "a=1,2");
    assert_string_equal(a.inner.sets.items[1], "b=3");
    assert_true(a.inner.flag);
    assert_true(a.own);
    assert_int_equal(a.before, 0);
    assert_int_equal(ops.count, 1);
    assert_string_equal(ops.items[0], "x");
    ts_options_release(&CMD, &a, &ops);
    assert_null(a.inner.sets.items);
    assert_null(ops.items);

    /* short forms, a repeated option keeps its last value, the next word is a value even with a dash */
    outer_args b = {0};
    ops = SCAN(&b, "-n=5", "-n", "6", "--output", "--own", "-");
    assert_int_equal(last, TS_OPTIONS_OK);
    assert_int_equal(b.inner.count, 6);
    assert_string_equal(b.inner.dir, "--own");
    assert_false(b.own);
    assert_string_equal(ops.items[0], "-");
    ts_options_release(&CMD, &b, &ops);

    /* after "--" every word is an operand; defaults stay where nothing was given */
    outer_args c = {.inner.count = 9};
    ops = SCAN(&c, "--", "--count");
    assert_int_equal(last, TS_OPTIONS_OK);
    assert_int_equal(c.inner.count, 9);
    assert_string_equal(ops.items[0], "--count");
    ts_options_release(&CMD, &c, &ops);
}

static void test_messages(void **state)
{
    (void)state;
    EXPECT_BAD("--count: expected an integer in 1..1024, found 'x'", "a", "--count", "x");
    EXPECT_BAD("--count: expected an integer in 1..1024, found '0'", "a", "--count=0");
    EXPECT_BAD("-n: expected an integer in 1..1024, found '1025'", "a", "-n", "1025");
    EXPECT_BAD("--count: expected an integer in 1..1024, found '2.5'", "a", "--count", "2.5");
    EXPECT_BAD("--count: expected an integer in 1..1024, found ''", "a", "--count=");
    EXPECT_BAD("--count: expected an integer in 1..1024, found '99999999999999999999'", "a", "--count",
               "99999999999999999999");
    EXPECT_BAD("--count needs an integer in 1..1024", "a", "--count");
    EXPECT_BAD("--ratio: expected a number > 0, found '0'", "a", "--ratio", "0");
    EXPECT_BAD("--ratio: expected a number > 0, found 'inf'", "a", "--ratio", "inf");
    EXPECT_BAD("--ratio: expected a number > 0, found '1x'", "a", "--ratio", "1x");
    EXPECT_BAD("--colour: expected red, green or blue, found 'pink'", "a", "--colour", "pink");
    EXPECT_BAD("--colour needs a value: red, green or blue", "a", "--colour");
    EXPECT_BAD("-o needs a directory", "a", "-o");
    EXPECT_BAD("--set: expected PATH=V1,V2,..., found 'novalue'", "a", "--set", "a=1", "--set", "novalue");
    EXPECT_BAD("--flag: expected no value, found '1'", "a", "--flag=1");
    EXPECT_BAD("--help: expected no value, found 'x'", "a", "--help=x");
    EXPECT_BAD("unknown option '--cuont'; did you mean '--count'?", "a", "--cuont", "3");
    EXPECT_BAD("unknown option '--col=red'; did you mean '--colour'?", "a", "--col=red");
    EXPECT_BAD("unknown option '-count'; did you mean '--count'?", "a", "-count");
    EXPECT_BAD("unknown option '--bogus'", "a", "--bogus");
    EXPECT_BAD("unknown option '-x'", "a", "-x");
    EXPECT_BAD("one thing at a time; extra argument 'b'", "a", "b");
    EXPECT_BAD("needs a thing", "--flag");
    free(message);
    message = NULL;
}

static void test_help(void **state)
{
    (void)state;
    outer_args a = {0};
    ts_arglist ops = SCAN(&a, "--bogus", "--help");
    assert_int_equal(last, TS_OPTIONS_BAD); /* words are read in order */
    ops = SCAN(&a, "a", "b", "--help");
    assert_int_equal(last, TS_OPTIONS_BAD);
    ops = SCAN(&a, "a", "-h", "--bogus");
    assert_int_equal(last, TS_OPTIONS_HELP);
    assert_null(ops.items);
    free(message);
    message = NULL;

    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    assert_non_null(f);
    ts_options_help(f, &CMD);
    fclose(f);
    assert_string_equal(text,
                        "Usage: tiersim demo THING [options]\n"
                        "\n"
                        "Does a demonstration.\n"
                        "\n"
                        "Options:\n"
                        "  -f, --flag             a flag\n"
                        "  -n, --count N          how many\n"
                        "                         (1..1024)\n"
                        "  --ratio X              a ratio\n"
                        "  -o, --output DIR       where\n"
                        "  --colour red|green|blue\n"
                        "                         a colour\n"
                        "  --set PATH=V1,V2,...   may be repeated\n"
                        "  --own                  the command's own\n"
                        "  -h, --help             show this help\n"
                        "\n"
                        "Examples:\n"
                        "  tiersim demo a\n");
    free(text);
}

static void test_nearest(void **state)
{
    (void)state;
    const char *const commands[] = {"run", "validate", "rules", "init", "bench"};
    assert_string_equal(ts_options_nearest("rnu", commands, 5), "run");
    assert_string_equal(ts_options_nearest("valdate", commands, 5), "validate");
    assert_string_equal(ts_options_nearest("ben", commands, 5), "bench"); /* the only one it begins */
    assert_null(ts_options_nearest("r", commands, 5));                   /* begins two, near none */
    assert_null(ts_options_nearest("frobnicate", commands, 5));
    assert_null(ts_options_nearest("", commands, 5));
    const char *const options[] = {"replications", "report", "threads", "quiet"};
    assert_string_equal(ts_options_nearest("thread", options, 4), "threads");
    assert_string_equal(ts_options_nearest("replication", options, 4), "replications");
    assert_string_equal(ts_options_nearest("qiuet", options, 4), "quiet");
    assert_null(ts_options_nearest("rep", options, 4));
}

int main(void)
{
    gsl_set_error_handler_off(); /* as the program does (sim/cli/main.c) */
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_values_and_forms),
        cmocka_unit_test(test_messages),
        cmocka_unit_test(test_help),
        cmocka_unit_test(test_nearest),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
