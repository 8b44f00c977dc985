/*
** test_cli.c — the command line through the real binary: exit codes, help,
** every command's options and their messages, validate over the example
** scenarios and the invalid corpus, rules, init, bench, and the output
** folder's protection.
*/
#include "testutil.h"

#include "files.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define ARGS(...) ((const char *const[]){__VA_ARGS__, NULL})

static void expect(const char *const *args, int code, const char *fragment)
{
    ts_test_proc p = ts_test_run(args, NULL);
    if (p.exit_code != code || (fragment && !strstr(p.out, fragment) && !strstr(p.err, fragment))) {
        print_error("tiersim %s ...: exit %d (expected %d)\nstdout:\n%s\nstderr:\n%s\nexpected to contain: %s\n",
                    args[0], p.exit_code, code, p.out, p.err, fragment ? fragment : "");
        ts_test_proc_free(&p);
        fail();
    }
    ts_test_proc_free(&p);
}

/* A usage error: exit 2 and exactly this stderr. */
static void expect_usage(const char *const *args, const char *err)
{
    ts_test_proc p = ts_test_run(args, NULL);
    if (p.exit_code != 2 || strcmp(p.err, err) != 0) {
        print_error("tiersim %s ...: exit %d (expected 2)\nstderr:\n%s\nexpected stderr:\n%s\n", args[0],
                    p.exit_code, p.err, err);
        ts_test_proc_free(&p);
        fail();
    }
    ts_test_proc_free(&p);
}

/* `tiersim CMD --help` (and -h) exits 0 and names every option in words (NULL-terminated). */
static void expect_help(const char *cmd, const char *const *words)
{
    for (int form = 0; form < 2; form++) {
        ts_test_proc p = ts_test_run(ARGS(cmd, form ? "-h" : "--help"), NULL);
        assert_int_equal(p.exit_code, 0);
        assert_string_equal(p.err, "");
        for (size_t i = 0; words[i]; i++)
            if (strstr(p.out, words[i]) == NULL) {
                print_error("tiersim %s --help lacks '%s':\n%s", cmd, words[i], p.out);
                fail();
            }
        ts_test_proc_free(&p);
    }
}

static void test_version_and_help(void **state)
{
    (void)state;
    expect(ARGS("--version"), 0, "tiersim 1.0.0");
    expect(ARGS("--help"), 0, "tiersim run SCENARIO.json");
    /* the main help's Usage is generated from the command table: one line per command */
    expect(ARGS("--help"), 0,
           "  tiersim run SCENARIO.json [options]   simulate and write results (tiersim run --help)\n"
           "  tiersim sensitivity SCENARIO.json ... which parameter moves the tier most (tornado chart)\n"
           "  tiersim solve SCENARIO.json --vary ... the least (or most) setting that reaches a goal\n"
           "  tiersim batch SHOPS.csv --base FILE   simulate one shop per row (tiersim batch --help)\n"
           "  tiersim validate SCENARIO.json...     check files; print every problem with its JSON path\n"
           "  tiersim fit ORDERS.csv [-o FILE]      estimate a scenario from a seller's order export\n"
           "  tiersim rules [NAME] [--lang zh]      list the rulebooks, or show one as a table\n"
           "  tiersim init [TEMPLATE] [-o FILE]     write a starting scenario (tiersim init --help)\n"
           "  tiersim bench [SCENARIO.json]         measure the engine's speed (tiersim bench --help)\n"
           "  tiersim --help | --version\n");
    expect(ARGS("run", "--help"), 0, "--sweep PATH=V1,V2");
    expect(ARGS("validate", "--help"), 0, "JSON path");
    expect(ARGS("rules", "--help"), 0, "rulebook");
    expect(ARGS("init", "--help"), 0, "peak");
    expect(ARGS("sensitivity", "--help"), 0, "--ranges FILE.json");
    expect(ARGS("solve", "--help"), 0, "SUBJECT [on DATE] OP NUMBER");
    expect(ARGS("batch", "--help"), 0, "an empty cell keeps the base's value");
}

/* Each command's help is generated from its option table: every option is in it. */
static void test_help_names_every_option(void **state)
{
    (void)state;
    expect_help("validate", ARGS("Usage: tiersim validate SCENARIO.json...", "-h, --help"));
    expect_help("rules", ARGS("Usage: tiersim rules", "--lang en|zh", "-h, --help"));
    expect_help("run", ARGS("Usage: tiersim run SCENARIO.json", "-o, --output DIR", "--replications N",
                            "--seed S", "--threads N", "--precision X", "--sweep PATH=V1,V2,...",
                            "--lang en|zh", "--no-plots", "--report", "-q, --quiet", "-v, --verbose",
                            "-f, --force", "-h, --help", "Result files", "Examples:"));
    expect_help("bench", ARGS("Usage: tiersim bench", "--replications N", "--threads N", "--orders-per-day N",
                              "--scaling", "-h, --help"));
    expect_help("init", ARGS("Usage: tiersim init", "-o, --output FILE", "-f, --force", "-h, --help",
                             "basic", "compare", "gifts", "peak"));
}

/* The one option parser's messages, on every command. */
static void test_option_messages(void **state)
{
    (void)state;
    expect_usage(ARGS("rules", "--lang"),
                 "tiersim rules: --lang needs a value: en or zh\nTry 'tiersim rules --help'.\n");
    expect_usage(ARGS("rules", "--lang=fr"),
                 "tiersim rules: --lang: expected en or zh, found 'fr'\nTry 'tiersim rules --help'.\n");
    expect_usage(ARGS("rules", "--lnag", "zh"),
                 "tiersim rules: unknown option '--lnag'; did you mean '--lang'?\nTry 'tiersim rules --help'.\n");
    expect_usage(ARGS("run", "x.json", "--threads", "x"),
                 "tiersim run: --threads: expected an integer in 1..1024, found 'x'\nTry 'tiersim run --help'.\n");
    expect_usage(ARGS("run", "x.json", "--threads=1025"),
                 "tiersim run: --threads: expected an integer in 1..1024, found '1025'\nTry 'tiersim run --help'.\n");
    expect_usage(ARGS("run", "x.json", "--replications", "0"),
                 "tiersim run: --replications: expected an integer in 1..10000000, found '0'\n"
                 "Try 'tiersim run --help'.\n");
    expect_usage(ARGS("run", "x.json", "--replications=10000001"),
                 "tiersim run: --replications: expected an integer in 1..10000000, found '10000001'\n"
                 "Try 'tiersim run --help'.\n");
    expect_usage(ARGS("run", "x.json", "--seed", "-1"),
                 "tiersim run: --seed: expected an integer in 0..9007199254740991, found '-1'\n"
                 "Try 'tiersim run --help'.\n");
    expect_usage(ARGS("run", "x.json", "--seed", "9007199254740992"),
                 "tiersim run: --seed: expected an integer in 0..9007199254740991, found '9007199254740992'\n"
                 "Try 'tiersim run --help'.\n");
    expect_usage(ARGS("run", "x.json", "--precision", "0"),
                 "tiersim run: --precision: expected a number > 0, found '0'\nTry 'tiersim run --help'.\n");
    expect_usage(ARGS("run", "x.json", "--precision=0.01x"),
                 "tiersim run: --precision: expected a number > 0, found '0.01x'\nTry 'tiersim run --help'.\n");
    expect_usage(ARGS("run", "x.json", "--threads"),
                 "tiersim run: --threads needs an integer in 1..1024\nTry 'tiersim run --help'.\n");
    expect_usage(ARGS("run", "x.json", "-o"), "tiersim run: -o needs a directory\nTry 'tiersim run --help'.\n");
    expect_usage(ARGS("run", "x.json", "--thread", "2"),
                 "tiersim run: unknown option '--thread'; did you mean '--threads'?\nTry 'tiersim run --help'.\n");
    expect_usage(ARGS("run", "x.json", "--no-plot"),
                 "tiersim run: unknown option '--no-plot'; did you mean '--no-plots'?\nTry 'tiersim run --help'.\n");
    expect_usage(ARGS("run", "x.json", "--quiet=yes"),
                 "tiersim run: --quiet: expected no value, found 'yes'\nTry 'tiersim run --help'.\n");
    expect_usage(ARGS("run", "a.json", "b.json"),
                 "tiersim run: one scenario file at a time; extra argument 'b.json'\nTry 'tiersim run --help'.\n");
    expect_usage(ARGS("run"), "tiersim run: needs a scenario file\nTry 'tiersim run --help'.\n");
    /* bench parses with the same parser: a bad --threads is an error, not "the default" */
    expect_usage(ARGS("bench", "--threads", "x"),
                 "tiersim bench: --threads: expected an integer in 1..1024, found 'x'\nTry 'tiersim bench --help'.\n");
    expect_usage(ARGS("bench", "--threads=0"),
                 "tiersim bench: --threads: expected an integer in 1..1024, found '0'\nTry 'tiersim bench --help'.\n");
    expect_usage(ARGS("bench", "--replications", "12abc"),
                 "tiersim bench: --replications: expected an integer in 1..10000000, found '12abc'\n"
                 "Try 'tiersim bench --help'.\n");
    expect_usage(ARGS("bench", "--orders-per-day", "many"),
                 "tiersim bench: --orders-per-day: expected a number in 0..10000000, found 'many'\n"
                 "Try 'tiersim bench --help'.\n");
    expect_usage(ARGS("bench", "--orders-per-day=-1"),
                 "tiersim bench: --orders-per-day: expected a number in 0..10000000, found '-1'\n"
                 "Try 'tiersim bench --help'.\n");
    expect_usage(ARGS("bench", "--orders-per-day"),
                 "tiersim bench: --orders-per-day needs a number in 0..10000000\nTry 'tiersim bench --help'.\n");
    expect_usage(ARGS("bench", "--scalling"),
                 "tiersim bench: unknown option '--scalling'; did you mean '--scaling'?\n"
                 "Try 'tiersim bench --help'.\n");
    expect_usage(ARGS("bench", "a.json", "b.json"),
                 "tiersim bench: one scenario file at a time; extra argument 'b.json'\n"
                 "Try 'tiersim bench --help'.\n");
    expect_usage(ARGS("rnu", "x.json"), "tiersim: unknown command 'rnu'; did you mean 'run'?\nTry 'tiersim --help'.\n");
    expect_usage(ARGS("init", "-o"), "tiersim init: -o needs a file name\nTry 'tiersim init --help'.\n");
    expect_usage(ARGS("init", "--force=yes"),
                 "tiersim init: --force: expected no value, found 'yes'\nTry 'tiersim init --help'.\n");
    expect_usage(ARGS("init", "peak", "basic"),
                 "tiersim init: one template at a time; extra argument 'basic'\nTry 'tiersim init --help'.\n");
    expect_usage(ARGS("validate", "--quiet", "x.json"),
                 "tiersim validate: unknown option '--quiet'\nTry 'tiersim validate --help'.\n");
    expect_usage(ARGS("validate"),
                 "tiersim validate: needs at least one scenario file\nTry 'tiersim validate --help'.\n");
    /* "--" ends the options: what follows is a file even when it begins with a dash */
    expect(ARGS("validate", "--", "-no-such.json"), 2, "-no-such.json");
    expect(ARGS("rules", "--lang=zh", "aliexpress-2015"), 0, "优秀");
}

static void test_usage_errors(void **state)
{
    (void)state;
    const char *const none[] = {NULL};
    ts_test_proc p = ts_test_run(none, NULL);
    assert_int_equal(p.exit_code, 2);
    ts_test_proc_free(&p);
    expect(ARGS("frobnicate"), 2, "unknown command 'frobnicate'");
    expect(ARGS("run"), 2, "needs a scenario file");
    expect_usage(ARGS("run", "x.json", "--threads", "0"),
                 "tiersim run: --threads: expected an integer in 1..1024, found '0'\nTry 'tiersim run --help'.\n");
    expect(ARGS("run", "x.json", "--replications", "abc"), 2, "--replications");
    expect(ARGS("run", "x.json", "--lang", "fr"), 2, "expected en or zh");
    expect(ARGS("run", "x.json", "--bogus"), 2, "unknown option '--bogus'");
    expect(ARGS("run", "x.json", "--sweep", "novalue"), 2, "PATH=V1,V2");
    expect(ARGS("run", "/nonexistent/scenario.json"), 2, "/nonexistent/scenario.json");
    expect(ARGS("validate"), 2, "at least one scenario file");
}

static int has_suffix(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

static void test_validate_examples(void **state)
{
    (void)state;
    const char *dirs[] = {TS_SOURCE_DIR "/scenarios", TS_SOURCE_DIR "/scenarios/templates",
                          TS_SOURCE_DIR "/scenarios/teaching"};
    int seen = 0;
    for (size_t d = 0; d < sizeof dirs / sizeof *dirs; d++) {
        DIR *dir = opendir(dirs[d]);
        if (dir == NULL)
            continue;
        struct dirent *e;
        while ((e = readdir(dir)) != NULL) {
            if (!has_suffix(e->d_name, ".json") || strstr(e->d_name, "schema"))
                continue;
            char path[4096];
            snprintf(path, sizeof path, "%s/%s", dirs[d], e->d_name);
            expect(ARGS("validate", path), 0, ": ok");
            seen++;
        }
        closedir(dir);
    }
    assert_true(seen >= 8);
}

/* Every tests/data/invalid/<case>.json is rejected by the binary with the
   exit code and message fragments of <case>.expect. */
static void test_validate_invalid_corpus(void **state)
{
    (void)state;
    DIR *dir = opendir(TS_TEST_DATA "/invalid");
    assert_non_null(dir);
    struct dirent *e;
    int cases = 0;
    while ((e = readdir(dir)) != NULL) {
        if (!has_suffix(e->d_name, ".json"))
            continue;
        char json[4096], exp[4096];
        snprintf(json, sizeof json, "%s/invalid/%s", TS_TEST_DATA, e->d_name);
        snprintf(exp, sizeof exp, "%s/invalid/%.*s.expect", TS_TEST_DATA,
                 (int)(strlen(e->d_name) - 5), e->d_name);
        char *text = ts_test_read_file(exp, NULL);
        if (text == NULL)
            continue; /* a fixture without expectations (e.g. a referenced rulebook) */
        ts_test_proc p = ts_test_run(ARGS("validate", json), NULL);
        char *save = NULL;
        char *line = strtok_r(text, "\n", &save);
        assert_non_null(line);
        int code = atoi(line);
        if (p.exit_code != code) {
            print_error("%s: exit %d, expected %d\n%s", json, p.exit_code, code, p.err);
            fail();
        }
        while ((line = strtok_r(NULL, "\n", &save)) != NULL) {
            if (*line == '\0')
                continue;
            if (!strstr(p.err, line)) {
                print_error("%s: message lacks \"%s\"\nstderr:\n%s", json, line, p.err);
                fail();
            }
        }
        ts_test_proc_free(&p);
        free(text);
        cases++;
    }
    closedir(dir);
    assert_true(cases >= 40);
}

static void test_rules(void **state)
{
    (void)state;
    expect(ARGS("rules"), 0, "aliexpress-2015");
    expect(ARGS("rules", "aliexpress-2015"), 0, "bad_experience_rate");
    expect(ARGS("rules", "aliexpress-2015", "--lang", "zh"), 0, "优秀");
    expect(ARGS("rules", "no-such-rules"), 2, "no-such-rules");
    expect(ARGS("rules", "../etc/passwd"), 2, "../etc/passwd");
}

static void test_init(void **state)
{
    (void)state;
    char *dir = ts_test_tmpdir();
    char path[4096];
    snprintf(path, sizeof path, "%s/shop.json", dir);
    expect(ARGS("init"), 0, "\"schema\": \"tiersim/1\"");
    expect(ARGS("init", "peak", "-o", path), 0, "wrote");
    expect(ARGS("validate", path), 0, ": ok");
    expect(ARGS("init", "peak", "-o", path), 2, "exists");
    expect(ARGS("init", "basic", "-o", path, "--force"), 0, "wrote");
    expect(ARGS("init", "nonsense"), 2, "no template 'nonsense'");
    ts_test_rmtree(dir);
    free(dir);
}

/* A goal reached nowhere: solve says there is no answer and writes no scenario.json. */
static void test_solve_no_answer(void **state)
{
    (void)state;
    char *dir = ts_test_tmpdir();
    char out[4096], path[4200];
    snprintf(out, sizeof out, "%s/solve", dir);
    expect(ARGS("solve", TS_SOURCE_DIR "/scenarios/templates/basic.json", "--vary", "product.quality_defect_prob",
                "--within", "0:0.05", "--goal", "bad_experience_rate < 0", "--replications", "20", "--threads",
                "1", "--no-plots", "-o", out),
           0, "(no answer, so no scenario.json)");
    snprintf(path, sizeof path, "%s/solve.json", out);
    assert_true(ts_file_exists(path));
    snprintf(path, sizeof path, "%s/scenario.json", out);
    assert_false(ts_file_exists(path));
    ts_test_rmtree(dir);
    free(dir);
}

static void test_run_output_folder(void **state)
{
    (void)state;
    char *dir = ts_test_tmpdir();
    char out[4096], file[8192], summary[8192];
    snprintf(out, sizeof out, "%s/res", dir);
    snprintf(summary, sizeof summary, "%s/res/summary.json", dir);
    const char *scen = TS_TEST_DATA "/e2e/small.json";

    expect(ARGS("run", scen, "-o", out, "--no-plots", "--quiet"), 0, NULL);
    const char *files[] = {"summary.json", "evaluations.csv", "tiers.csv", "daily.csv", "causes.csv", "money.csv"};
    for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
        snprintf(file, sizeof file, "%s/%s", out, files[i]);
        struct stat st;
        assert_int_equal(stat(file, &st), 0);
        assert_true(st.st_size > 0);
    }
    size_t len1;
    char *first = ts_test_read_file(summary, &len1);
    assert_non_null(first);

    /* results are not overwritten without --force, and stay intact */
    expect(ARGS("run", scen, "-o", out, "--no-plots", "--seed", "99"), 2, "--force");
    size_t len2;
    char *again = ts_test_read_file(summary, &len2);
    assert_int_equal(len1, len2);
    assert_memory_equal(first, again, len1);
    free(again);

    expect(ARGS("run", scen, "-o", out, "--no-plots", "--quiet", "--force", "--seed", "99"), 0, NULL);
    again = ts_test_read_file(summary, &len2);
    assert_true(len1 != len2 || memcmp(first, again, len1) != 0); /* another seed, other numbers */
    free(again);
    free(first);

    /* -o naming a file: a runtime error */
    snprintf(file, sizeof file, "%s/plain-file", dir);
    ts_test_write_file(file, "x");
    expect(ARGS("run", scen, "-o", file, "--no-plots"), 1, "plain-file");
    ts_test_rmtree(dir);
    free(dir);
}

/* --opt=VALUE and -o=DIR mean what --opt VALUE and -o DIR mean: the same summary.json. */
static void test_run_value_forms(void **state)
{
    (void)state;
    char *dir = ts_test_tmpdir();
    char a[4096], b[4096], fa[8192], fb[8192];
    snprintf(a, sizeof a, "%s/a", dir);
    snprintf(b, sizeof b, "%s/b", dir);
    const char *scen = TS_TEST_DATA "/e2e/small.json";
    expect(ARGS("run", scen, "-o", a, "--replications", "7", "--seed", "3", "--threads", "2", "--lang", "zh",
                "--no-plots", "--quiet", "--sweep", "volume.daily_orders=20,30"), 0, NULL);
    char oa[4100];
    snprintf(oa, sizeof oa, "-o=%s", b);
    expect(ARGS("run", "--replications=7", "--seed=3", oa, "--threads=2", "--lang=zh", scen, "-q",
                "--no-plots", "--sweep=volume.daily_orders=20,30"), 0, NULL);
    snprintf(fa, sizeof fa, "%s/summary.json", a);
    snprintf(fb, sizeof fb, "%s/summary.json", b);
    size_t la, lb;
    char *sa = ts_test_read_file(fa, &la), *sb = ts_test_read_file(fb, &lb);
    assert_non_null(sa);
    assert_non_null(sb);
    assert_int_equal(la, lb);
    assert_memory_equal(sa, sb, la);
    assert_non_null(strstr(sa, "\"replications\":\t7,"));
    assert_non_null(strstr(sa, "volume.daily_orders=30"));
    free(sa);
    free(sb);
    ts_test_rmtree(dir);
    free(dir);
}

static void test_bench(void **state)
{
    (void)state;
    ts_test_proc p = ts_test_run(ARGS("bench", TS_TEST_DATA "/e2e/small.json", "--replications=2", "--threads", "1",
                                      "--orders-per-day", "20"), NULL);
    assert_int_equal(p.exit_code, 0);
    assert_non_null(strstr(p.out, "(\"small\"): 2 replications, 2 variants"));
    assert_non_null(strstr(p.out, "speed-up"));
    assert_non_null(strstr(p.out, "peak memory"));
    ts_test_proc_free(&p);
    expect(ARGS("bench", "/nonexistent/scenario.json"), 2, "/nonexistent/scenario.json");
}

/* tiersim fit: an export fitted to a scenario that validates; bad exports are clear errors. */
static void test_fit(void **state)
{
    (void)state;
    const char *ex = TS_SOURCE_DIR "/scenarios/examples/shop-lanes-orders.csv";
    expect(ARGS("fit", ex, "-o", "fit-cli/shop.json"), 0, "Lanes: by carrier and promised days");
    expect(ARGS("validate", "fit-cli/shop.json"), 0, "fit-cli/shop.json: ok");
    expect(ARGS("fit", ex, "-o", "fit-cli/shop.json", "--lang", "zh"), 0, "95% 区间");
    ts_test_proc p = ts_test_run(ARGS("fit", ex, "-o", "fit-cli/shop.json", "--start", "2028-01-01", "--days", "30"), NULL);
    assert_int_equal(p.exit_code, 0);
    assert_non_null(strstr(p.out, "fulfilment.carriers[1].transit_mean"));
    assert_non_null(strstr(p.out, "report:   fit-cli/fit.json"));
    ts_test_proc_free(&p);
    expect(ARGS("validate", "fit-cli/shop.json"), 0, "30 days from 2028-01-01");
    expect(ARGS("fit", TS_TEST_DATA "/orders/missing-columns.csv"), 2, "required columns order_id, paid_at, value missing");
    expect(ARGS("fit", TS_TEST_DATA "/orders/good-crlf.csv", "-o", "fit-cli/few.json"), 0, "keeping the default");
    expect(ARGS("fit", "/nonexistent/orders.csv"), 1, "/nonexistent/orders.csv");
    expect_usage(ARGS("fit", ex, "--start", "tomorrow"),
                 "tiersim fit: --start: expected a date YYYY-MM-DD, found 'tomorrow'\nTry 'tiersim fit --help'.\n");
    expect_help("fit", ARGS("--output", "--columns", "--start", "--days", "--rules", "--lang"));
}

static void test_run_table(void **state)
{
    (void)state;
    char *dir = ts_test_tmpdir();
    char out[4096];
    snprintf(out, sizeof out, "%s/res", dir);
    ts_test_proc p = ts_test_run(ARGS("run", TS_TEST_DATA "/e2e/small.json", "-o", out, "--no-plots"), NULL);
    assert_int_equal(p.exit_code, 0);
    assert_non_null(strstr(p.out, "bad_experience_rate"));
    assert_non_null(strstr(p.out, "Top-rated"));
    assert_non_null(strstr(p.out, "2027-01-31"));
    assert_non_null(strstr(p.out, "auto"));
    /* the horizon ends 2027-03-03, 28 days before the March evaluation */
    assert_non_null(strstr(p.err, "note: the horizon ends on 2027-03-03"));
    assert_non_null(strstr(p.err, "\"days\": 90"));
    ts_test_proc_free(&p);
    /* a horizon ending on an evaluation day gets no note */
    p = ts_test_run(ARGS("run", TS_TEST_DATA "/e2e/closed-form.json", "-o", out, "--no-plots",
                         "--force", "--replications", "2"), NULL);
    assert_int_equal(p.exit_code, 0);
    assert_null(strstr(p.err, "note:"));
    ts_test_proc_free(&p);
    p = ts_test_run(ARGS("run", TS_TEST_DATA "/e2e/small.json", "-o", out, "--no-plots", "--force", "--lang", "zh"), NULL);
    assert_int_equal(p.exit_code, 0);
    assert_non_null(strstr(p.out, "优秀"));
    assert_non_null(strstr(p.out, "评估日"));
    ts_test_proc_free(&p);
    ts_test_rmtree(dir);
    free(dir);
}

int main(void)
{
    gsl_set_error_handler_off(); /* as the program does (sim/cli/main.c) */
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_version_and_help),
        cmocka_unit_test(test_help_names_every_option),
        cmocka_unit_test(test_usage_errors),
        cmocka_unit_test(test_option_messages),
        cmocka_unit_test(test_validate_examples),
        cmocka_unit_test(test_validate_invalid_corpus),
        cmocka_unit_test(test_rules),
        cmocka_unit_test(test_init),
        cmocka_unit_test(test_solve_no_answer),
        cmocka_unit_test(test_run_output_folder),
        cmocka_unit_test(test_run_value_forms),
        cmocka_unit_test(test_run_table),
        cmocka_unit_test(test_bench),
        cmocka_unit_test(test_fit),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
