/*
** test_decide.c — `tiersim sensitivity` and `tiersim solve` through the real
** binary: effects against their derivative in closed form, a parameter
** without effect, the answer of a capacity question in closed form, byte-
** identical results across thread counts, and the errors of bad questions.
*/
#include "testutil.h"

#include <cjson/cJSON.h>
#include <gsl/gsl_randist.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "solve.h"
#include "study.h"

#define ARGS(...) ((const char *const[]){__VA_ARGS__, NULL})

static char *read_result(const char *dir, const char *name)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    char *text = ts_test_read_file(path, NULL);
    assert_non_null(text);
    return text;
}

/* Run tiersim with args; fail unless it exits with `code`; the stderr text (free it). */
static char *run_expect(const char *const *args, int code)
{
    ts_test_proc p = ts_test_run(args, NULL);
    if (p.exit_code != code) {
        print_error("exit %d, expected %d:\n%s\n%s", p.exit_code, code, p.out, p.err);
        fail();
    }
    char *err = strdup(p.err);
    ts_test_proc_free(&p);
    return err;
}

static const cJSON *get(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    if (v == NULL) {
        print_error("no \"%s\"\n", key);
        fail();
    }
    return v;
}

/* The parameter of path in sensitivity.json. */
static const cJSON *param(const cJSON *root, const char *path)
{
    const cJSON *ps = get(root, "parameters");
    for (int i = 0; i < cJSON_GetArraySize(ps); i++) {
        const cJSON *p = cJSON_GetArrayItem(ps, i);
        if (strcmp(get(p, "path")->valuestring, path) == 0)
            return p;
    }
    print_error("no parameter %s\n", path);
    fail();
    return NULL;
}

/* The effect (mean, low, high) on measure key at point k (0 low .. 4 high). */
static void effect(const cJSON *p, int k, const char *key, double *mean, double *low, double *high)
{
    const cJSON *m = get(get(cJSON_GetArrayItem(get(p, "points"), k), "measures"), key);
    *mean = get(m, "mean")->valuedouble;
    *low = get(m, "low")->valuedouble;
    *high = get(m, "high")->valuedouble;
}

/*
** decide/closed-form.json (e2e/closed-form.json, which tests/test_run_e2e.c
** derives, with a shorter warm-up that keeps its window stationary): E[rate] = p + (1-p) f b S
** with S = (1/90) Σ_j F(j). The rate is linear in each of p, f, b, so the
** effect of moving one of them by Δ is its derivative times Δ, exactly:
** ∂/∂p = 1 - f b S, ∂/∂f = (1-p) b S, ∂/∂b = (1-p) f S. The paired effects
** must agree within 4 standard errors (se = half-width / 1.959964). No gift
** tiers: order_value.median changes nothing, its interval holds 0.
*/
static void test_sensitivity_closed_form(void **state)
{
    (void)state;
    char *dir = ts_test_tmpdir();
    free(run_expect(ARGS("sensitivity", TS_TEST_DATA "/decide/closed-form.json", "--params",
                         "fulfilment.stockout_prob,buyers.feedback_prob,buyers.negative_feedback.base,"
                         "order_value.median",
                         "--replications", "60", "--no-plots", "--quiet", "--force", "-o", dir),
                    0));
    char *text = read_result(dir, "sensitivity.json");
    cJSON *root = cJSON_Parse(text);
    assert_non_null(root);
    assert_string_equal(get(root, "schema")->valuestring, "tiersim-sensitivity/1");
    double p = 0.02, f = 0.5, b = 0.1, S = 0.0;
    for (int j = 0; j < 90; j++)
        S += (j >= 30 ? 1.0 : (1.0 - pow(0.8, j)) / (1.0 - pow(0.8, 30))) / 90.0;
    struct {
        const char *path;
        double base, slope;
    } cases[] = {
        {"fulfilment.stockout_prob", p, 1.0 - f * b * S},
        {"buyers.feedback_prob", f, (1.0 - p) * b * S},
        {"buyers.negative_feedback.base", b, (1.0 - p) * f * S},
    };
    for (size_t i = 0; i < 3; i++) {
        const cJSON *pr = param(root, cases[i].path);
        for (int k = 0; k < 5; k++) {
            double value = get(cJSON_GetArrayItem(get(pr, "points"), k), "value")->valuedouble;
            double m, lo, hi;
            effect(pr, k, "mean:bad_experience_rate", &m, &lo, &hi);
            double expected = cases[i].slope * (value - cases[i].base);
            if (k == 2) {
                assert_true(m == 0.0);
                continue;
            }
            double se = (hi - lo) / (2.0 * 1.959964);
            assert_true(se > 0.0);
            if (fabs(m - expected) > 4.0 * se) {
                print_error("%s point %d: effect %g, derivative gives %g, se %g\n", cases[i].path, k, m, expected, se);
                fail();
            }
        }
        assert_false(cJSON_IsTrue(get(pr, "within_noise")));
    }
    const cJSON *none = param(root, "order_value.median");
    for (int k = 0; k < 5; k++) {
        double m, lo, hi;
        effect(none, k, "mean:bad_experience_rate", &m, &lo, &hi);
        assert_true(lo <= 0.0 && hi >= 0.0);
    }
    assert_true(cJSON_IsTrue(get(none, "within_noise")));
    /* the best tier's probability is 0 everywhere: its effects are exactly 0 */
    double m, lo, hi;
    effect(param(root, "buyers.feedback_prob"), 4, "tier:top", &m, &lo, &hi);
    assert_true(m == 0.0);
    cJSON_Delete(root);
    free(text);
    ts_test_rmtree(dir);
    free(dir);
}

/*
** An uncertain parameter (docs/model.md §15) is varied between its 5% and
** 95% points, against the base where it is drawn: b ~ U(0.05, 0.15), so the
** points are 0.055 and 0.145 and, the rate being linear in b, the effect of
** fixing b at v is (1-p) f S (v - E b) with E b = 0.1.
*/
static void test_sensitivity_uncertain(void **state)
{
    (void)state;
    char *dir = ts_test_tmpdir();
    free(run_expect(ARGS("sensitivity", TS_TEST_DATA "/decide/closed-form-uncertain.json", "--params",
                         "buyers.negative_feedback.base", "--replications", "200", "--no-plots", "--quiet",
                         "--force", "-o", dir),
                    0));
    char *text = read_result(dir, "sensitivity.json");
    cJSON *root = cJSON_Parse(text);
    assert_non_null(root);
    const cJSON *pr = param(root, "buyers.negative_feedback.base");
    assert_string_equal(get(pr, "range")->valuestring, "uncertain");
    double p = 0.02, f = 0.5, S = 0.0;
    for (int j = 0; j < 90; j++)
        S += (j >= 30 ? 1.0 : (1.0 - pow(0.8, j)) / (1.0 - pow(0.8, 30))) / 90.0;
    double want[2] = {0.055, 0.145};
    for (int e = 0; e < 2; e++) {
        int k = e ? 4 : 0;
        double value = get(cJSON_GetArrayItem(get(pr, "points"), k), "value")->valuedouble;
        assert_true(fabs(value - want[e]) < 1e-12);
        double m, lo, hi;
        effect(pr, k, "mean:bad_experience_rate", &m, &lo, &hi);
        double expected = (1.0 - p) * f * S * (value - 0.1), se = (hi - lo) / (2.0 * 1.959964);
        if (fabs(m - expected) > 4.0 * se) {
            print_error("uncertain point %d: effect %g, expected %g, se %g\n", k, m, expected, se);
            fail();
        }
    }
    cJSON_Delete(root);
    free(text);
    ts_test_rmtree(dir);
    free(dir);
}

/* The same sensitivity on 1 and 2 threads: byte-identical files. */
static void test_sensitivity_threads(void **state)
{
    (void)state;
    char *d1 = ts_test_tmpdir(), *d2 = ts_test_tmpdir();
    const char *scen = TS_TEST_DATA "/e2e/small.json";
    free(run_expect(ARGS("sensitivity", scen, "--params", "buyers.feedback_prob", "--replications", "40",
                         "--threads", "1", "--no-plots", "--quiet", "--force", "-o", d1), 0));
    free(run_expect(ARGS("sensitivity", scen, "--params", "buyers.feedback_prob", "--replications", "40",
                         "--threads", "2", "--no-plots", "--quiet", "--force", "-o", d2), 0));
    const char *files[] = {"sensitivity.json", "sensitivity.csv"};
    for (size_t i = 0; i < 2; i++) {
        char *a = read_result(d1, files[i]), *b = read_result(d2, files[i]);
        assert_string_equal(a, b);
        free(a);
        free(b);
    }
    ts_test_rmtree(d1);
    ts_test_rmtree(d2);
    free(d1);
    free(d2);
}

/*
** capacity-closed-form.json: N ~ Poisson(100) orders a day, ready on their
** pay day and unshipped past it, so the bad-experience rate's expectation
** is E[(N - C)+] / 100 (a ratio of sums over a stationary 90-day window).
** The smallest C with E <= 0.005 is found from the Poisson pmf; solve must
** find it, or say it is within noise with C inside its interval. Two thread
** counts give the same files (solve.json, solve.csv, the answered scenario).
*/
static void test_solve_closed_form(void **state)
{
    (void)state;
    double target = 0.005;
    int want = -1;
    for (int c = 80; c <= 200 && want < 0; c++) {
        double e = 0.0;
        for (int k = c + 1; k < 400; k++)
            e += (k - c) * gsl_ran_poisson_pdf((unsigned)k, 100.0);
        if (e / 100.0 <= target)
            want = c;
    }
    assert_int_equal(want, 113);
    char *d1 = ts_test_tmpdir(), *d2 = ts_test_tmpdir();
    const char *scen = TS_TEST_DATA "/decide/capacity-closed-form.json";
    free(run_expect(ARGS("solve", scen, "--vary", "fulfilment.capacity_per_day", "--within", "80:200", "--goal",
                         "bad_experience_rate mean <= 0.005", "--replications", "100", "--threads", "2",
                         "--no-plots", "--quiet", "--force", "-o", d1), 0));
    char *text = read_result(d1, "solve.json");
    cJSON *root = cJSON_Parse(text);
    assert_non_null(root);
    assert_string_equal(get(root, "status")->valuestring, "found");
    assert_true(cJSON_IsTrue(get(root, "monotone")));
    if (cJSON_IsTrue(get(root, "within_noise"))) {
        assert_true(get(root, "noise_low")->valuedouble <= want && get(root, "noise_high")->valuedouble >= want);
    } else {
        assert_int_equal((int)get(root, "answer")->valuedouble, want);
    }
    char *answered = read_result(d1, "scenario.json");
    char needle[64];
    snprintf(needle, sizeof needle, "\"capacity_per_day\":\t%d", (int)get(root, "answer")->valuedouble);
    assert_non_null(strstr(answered, needle));
    free(answered);
    free(run_expect(ARGS("solve", scen, "--vary", "fulfilment.capacity_per_day", "--within", "80:200", "--goal",
                         "bad_experience_rate mean <= 0.005", "--replications", "100", "--threads", "1",
                         "--no-plots", "--quiet", "--force", "-o", d2), 0));
    const char *files[] = {"solve.json", "solve.csv", "scenario.json"};
    for (size_t i = 0; i < 3; i++) {
        char *a = read_result(d1, files[i]), *b = read_result(d2, files[i]);
        assert_string_equal(a, b);
        free(a);
        free(b);
    }
    cJSON_Delete(root);
    free(text);
    ts_test_rmtree(d1);
    ts_test_rmtree(d2);
    free(d1);
    free(d2);
}

/* Goals: what parses, and what each bad one says (the grammar with every message). */
static void test_goal_parse(void **state)
{
    (void)state;
    ts_error err = {0};
    ts_study *st = ts_study_load(TS_SOURCE_DIR "/scenarios/default.json", NULL, 0, &err);
    assert_non_null(st);
    const ts_scenario *sc = st->variants[0].scenario;
    ts_goal g;
    assert_true(ts_goal_parse("top on 2027-11-30 >= 0.9", sc, &g, &err));
    assert_int_equal(g.kind, TS_GOAL_TIER);
    assert_int_equal(g.index, 0);
    assert_int_equal(g.op, TS_OP_GE);
    assert_true(g.target == 0.9);
    assert_true(ts_goal_parse("bad_experience_rate p95 on 2027-11-30 < 0.06", sc, &g, &err));
    assert_int_equal(g.kind, TS_GOAL_QUANTILE);
    assert_true(fabs(g.q - 0.95) < 1e-12);
    assert_int_equal(g.op, TS_OP_LT);
    assert_true(ts_goal_parse("top or better >= 90%", sc, &g, &err));
    assert_true(fabs(g.target - 0.9) < 1e-12);
    assert_int_equal(g.eval, sc->n_evaluations - 1);
    assert_int_equal(err.count, 0);
    struct {
        const char *goal, *says;
    } bad[] = {
        {"top on 2027-11-30 0.9", "expected an operator"},
        {"excellent >= 0.9", "neither a tier nor a metric"},
        {"top on 2028-03-31 >= 0.9", "outside the horizon"},
        {"top on 2027-11-15 >= 0.9", "not an evaluation day"},
        {"top >= 1.5", "in [0, 1]"},
        {"bad_experience_rate p200 < 0.06", "percentile"},
        {"top >= lots", "expected a number"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        assert_false(ts_goal_parse(bad[i].goal, sc, &g, &err));
        assert_int_equal(err.count, 1);
        if (strstr(err.messages[0], bad[i].says) == NULL || strstr(err.messages[0], "SUBJECT [on DATE] OP") == NULL) {
            print_error("--goal \"%s\": %s\n", bad[i].goal, err.messages[0]);
            fail();
        }
        ts_error_clear(&err);
    }
    ts_study_free(st);
}

/* Bad questions on the command line: exit 2, and a message that names the problem. */
static void test_bad_questions(void **state)
{
    (void)state;
    const char *scen = TS_SOURCE_DIR "/scenarios/default.json";
    struct {
        const char *const *args;
        const char *says;
    } bad[] = {
        {ARGS("sensitivity", scen, "--params", "rules", "-o", "/tmp/tiersim-decide-never"), "expected a numeric parameter"},
        {ARGS("sensitivity", scen, "--params", "fulfilment.carriers.lost_prob", "-o", "/tmp/tiersim-decide-never"),
         "needs its index"},
        {ARGS("sensitivity", scen, "--params", "volume.events[5].multiplier", "-o", "/tmp/tiersim-decide-never"),
         "out of range"},
        {ARGS("sensitivity", scen, "--ranges", TS_TEST_DATA "/decide/range-outside.json", "-o", "/tmp/tiersim-decide-never"),
         "outside the parameter's valid range [0, 1]"},
        {ARGS("sensitivity", scen, "--ranges", TS_TEST_DATA "/decide/range-malformed.json", "-o",
              "/tmp/tiersim-decide-never"), "expected [LOW, HIGH], two numbers"},
        {ARGS("sensitivity", scen, "--ranges", TS_TEST_DATA "/decide/range-malformed.json", "-o",
              "/tmp/tiersim-decide-never"), "expected LOW <= HIGH, found [200, 100]"},
        {ARGS("sensitivity", scen, "--params", "fulfilment.capacity_per_day", "--precision", "0.01", "-o",
              "/tmp/tiersim-decide-never"), "--precision is not used here"},
        {ARGS("sensitivity", scen, "--at", "2028-03-31", "-o", "/tmp/tiersim-decide-never"), "outside the horizon"},
        {ARGS("sensitivity", scen, "--tier", "excellent", "-o", "/tmp/tiersim-decide-never"), "not a tier of rulebook"},
        {ARGS("sensitivity", scen, "--range", "150%", "-o", "/tmp/tiersim-decide-never"), "--range"},
        {ARGS("solve", scen, "--vary", "fulfilment.capacity_per_day", "--within", "100:50", "--goal", "top >= 0.9",
              "-o", "/tmp/tiersim-decide-never"), "LO < HI"},
        {ARGS("solve", scen, "--vary", "fulfilment.capacity_per_day", "--within", "100:300", "--goal",
              "top >> 0.9", "-o", "/tmp/tiersim-decide-never"), "SUBJECT [on DATE] OP NUMBER"},
        {ARGS("solve", scen, "--vary", "buyers.feedback_prob", "--within", "0:2", "--goal", "top >= 0.9",
              "-o", "/tmp/tiersim-decide-never"), "outside the valid range"},
        {ARGS("solve", scen, "--vary", "fulfilment.capacity_per_day", "--within", "100.5:300", "--goal",
              "top >= 0.9", "-o", "/tmp/tiersim-decide-never"), "integer parameter"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        char *err = run_expect(bad[i].args, 2);
        if (strstr(err, bad[i].says) == NULL) {
            print_error("case %zu: expected \"%s\" in:\n%s\n", i, bad[i].says, err);
            fail();
        }
        free(err);
    }
    /* every question was refused before the output folder was made */
    struct stat sb;
    assert_true(stat("/tmp/tiersim-decide-never", &sb) != 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_goal_parse),
        cmocka_unit_test(test_bad_questions),
        cmocka_unit_test(test_sensitivity_threads),
        cmocka_unit_test(test_sensitivity_closed_form),
        cmocka_unit_test(test_sensitivity_uncertain),
        cmocka_unit_test(test_solve_closed_form),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
