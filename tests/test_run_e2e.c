/*
** test_run_e2e.c — whole runs through the real binary: a scenario whose
** expected metrics are derived by hand, determinism across thread counts and
** seeds, and common random numbers for an unchanged variant.
*/
#include "testutil.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ARGS(...) ((const char *const[]){__VA_ARGS__, NULL})

static char *run_to(const char *scenario, const char *dir, const char *const *extra)
{
    const char *args[32] = {"run", scenario, "-o", dir, "--no-plots", "--quiet", "--force"};
    size_t n = 7;
    for (size_t i = 0; extra && extra[i]; i++)
        args[n++] = extra[i];
    args[n] = NULL;
    ts_test_proc p = ts_test_run(args, NULL);
    if (p.exit_code != 0) {
        print_error("run %s failed (%d):\n%s", scenario, p.exit_code, p.err);
        fail();
    }
    ts_test_proc_free(&p);
    char path[4096];
    snprintf(path, sizeof path, "%s/summary.json", dir);
    char *text = ts_test_read_file(path, NULL);
    assert_non_null(text);
    return text;
}

static const cJSON *get(const cJSON *obj, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (v == NULL) {
        print_error("summary.json lacks \"%s\"\n", key);
        fail();
    }
    return v;
}

static double num(const cJSON *obj, const char *key)
{
    const cJSON *v = get(obj, key);
    assert_true(cJSON_IsNumber(v));
    return v->valuedouble;
}

/*
** closed-form.json: 150 orders a day (Poisson, constant), no capacity limit,
** transit exactly 10 days, nothing lost, no defects, no disputes, no slow
** replies, stock-outs with p = 0.02, feedback with f = 0.5 whose overall
** score is low with b = 0.1 and whose DSR are never low.
**
** A stock-out order ends 2 days after payment; a shipped one on delivery + 5.
** With constant volume both flows are stationary, so orders ending on each of
** the 90 days of the window [E-89, E] are equally many in expectation, and
** given their number each is independently one of:
**   not shipped (a bad experience, known on its end day)  with prob p,
**   shipped, with negative feedback known by E            with prob
**       (1-p) f b F(E - end),
** where F(j) = P(D <= j) for the feedback delay D on 1..30 with
** P(D = k) ∝ 0.8^(k-1): F(j) = (1 - 0.8^j) / (1 - 0.8^30) for j < 30, 1 after.
** So E[rate] = p + (1-p) f b (1/90) Σ_{j=0}^{89} F(j), exactly (a ratio of
** a binomial to its given total). The positive-feedback rate (stars >= 4
** among orders of value >= 5 with feedback in effect) is 1 - b = 0.9, and
** the mean assessed count is 90 × 150 = 13500.
*/
static void test_closed_form_rate(void **state)
{
    (void)state;
    char *dir = ts_test_tmpdir();
    char *text = run_to(TS_TEST_DATA "/e2e/closed-form.json", dir, NULL);
    cJSON *root = cJSON_Parse(text);
    assert_non_null(root);

    double p = 0.02, f = 0.5, b = 0.1, sumF = 0.0;
    for (int j = 0; j < 90; j++)
        sumF += j >= 30 ? 1.0 : (1.0 - pow(0.8, j)) / (1.0 - pow(0.8, 30));
    double expected = p + (1.0 - p) * f * b * sumF / 90.0;

    const cJSON *variant = cJSON_GetArrayItem(get(root, "variants"), 0);
    const cJSON *evals = get(variant, "evaluations");
    assert_int_equal(cJSON_GetArraySize(evals), 1);
    const cJSON *e = cJSON_GetArrayItem(evals, 0);
    assert_string_equal(get(e, "date")->valuestring, "2027-03-31");

    const cJSON *metrics = get(e, "metrics");
    const cJSON *bad = get(metrics, "bad_experience_rate");
    assert_within_4se(num(bad, "mean"), expected, num(bad, "se"));
    assert_int_equal((int)num(bad, "n"), 300);

    const cJSON *pos = get(metrics, "positive_feedback_rate");
    assert_within_4se(num(pos, "mean"), 0.9, num(pos, "se"));

    const cJSON *assessed = get(e, "assessed_orders");
    assert_within_4se(num(assessed, "mean"), 13500.0, num(assessed, "se"));

    /* 6% < rate < 12% and positive < 95%: always Pass */
    const cJSON *tiers = get(e, "tiers");
    assert_double_near(num(get(tiers, "pass"), "p"), 1.0, 0.0);
    assert_double_near(num(get(tiers, "top"), "p"), 0.0, 0.0);
    assert_double_near(num(get(tiers, "pass"), "high"), 1.0, 0.0);
    assert_double_near(num(get(tiers, "top"), "low"), 0.0, 0.0);

    /* causes: stock-outs are p × 13500 = 270 on average */
    const cJSON *events = get(e, "events");
    double ns = get(events, "not_shipped")->valuedouble;
    assert_within_4se(ns, 270.0, sqrt(270.0) / sqrt(300.0));

    cJSON_Delete(root);
    free(text);
    ts_test_rmtree(dir);
    free(dir);
}

static void test_deterministic_across_threads(void **state)
{
    (void)state;
    char *d1 = ts_test_tmpdir(), *d2 = ts_test_tmpdir(), *d3 = ts_test_tmpdir();
    const char *scen = TS_TEST_DATA "/e2e/small.json";
    char *a = run_to(scen, d1, ARGS("--threads", "1"));
    char *b = run_to(scen, d2, ARGS("--threads", "2"));
    char *c = run_to(scen, d3, ARGS("--threads", "8"));
    assert_string_equal(a, b);
    assert_string_equal(a, c);
    char *again = run_to(scen, d1, ARGS("--threads", "2"));
    assert_string_equal(a, again);
    char *other = run_to(scen, d2, ARGS("--seed", "12"));
    assert_true(strcmp(a, other) != 0);
    free(a); free(b); free(c); free(again); free(other);
    ts_test_rmtree(d1); ts_test_rmtree(d2); ts_test_rmtree(d3);
    free(d1); free(d2); free(d3);
}

/* A variant with an empty `set` is the base on the same random numbers:
   every statistic equal, every paired difference exactly 0. */
static void test_unchanged_variant(void **state)
{
    (void)state;
    char *dir = ts_test_tmpdir();
    char *text = run_to(TS_TEST_DATA "/e2e/same-variant.json", dir, NULL);
    cJSON *root = cJSON_Parse(text);
    const cJSON *vs = get(root, "variants");
    assert_int_equal(cJSON_GetArraySize(vs), 2);
    const cJSON *base = cJSON_GetArrayItem(vs, 0), *same = cJSON_GetArrayItem(vs, 1);
    assert_string_equal(get(base, "name")->valuestring, "base");
    assert_string_equal(get(same, "name")->valuestring, "unchanged");
    const cJSON *be = get(base, "evaluations"), *se = get(same, "evaluations");
    assert_int_equal(cJSON_GetArraySize(be), cJSON_GetArraySize(se));
    assert_true(cJSON_GetArraySize(be) >= 1);
    for (int i = 0; i < cJSON_GetArraySize(be); i++) {
        const cJSON *x = cJSON_GetArrayItem(be, i), *y = cJSON_GetArrayItem(se, i);
        char *mx = cJSON_PrintUnformatted(get(x, "metrics"));
        char *my = cJSON_PrintUnformatted(get(y, "metrics"));
        assert_string_equal(mx, my);
        free(mx);
        free(my);
        const cJSON *diff = get(get(y, "difference_from_base"), "bad_experience_rate");
        if (cJSON_IsNumber(get(diff, "mean")))
            assert_double_near(num(diff, "mean"), 0.0, 0.0);
        assert_null(cJSON_GetObjectItemCaseSensitive(x, "difference_from_base"));
    }
    cJSON_Delete(root);
    free(text);
    ts_test_rmtree(dir);
    free(dir);
}

/*
** perfect-shop.json: nothing ever goes wrong and every review is five stars.
** Every score rulebook grades it at the top on every evaluation of every
** replication (docs/rulebooks.md "Scores"): the AliExpress score 100 (优秀),
** the forecast likewise every day, Pinduoduo 5 stars (share beaten 0.9167:
** five indicators beat every peer, the reply rate without a team counts
** 0.5), Taobao 100 (excellent).
*/
static void test_perfect_shop(void **state)
{
    (void)state;
    char *dir = ts_test_tmpdir();
    char *text = run_to(TS_TEST_DATA "/e2e/perfect-shop.json", dir, NULL);
    cJSON *root = cJSON_Parse(text);
    assert_non_null(root);
    const char *top[4] = {"top", "top", "stars_5", "excellent"};
    const char *head[4] = {"service_score", "service_score", "experience_rank", "experience_score"};
    const double want[4] = {100.0, 100.0, 5.5 / 6.0, 100.0};
    const cJSON *vars = get(root, "variants");
    assert_int_equal(cJSON_GetArraySize(vars), 4);
    size_t evaluations = 0;
    for (int v = 0; v < 4; v++) {
        const cJSON *evs = get(cJSON_GetArrayItem(vars, v), "evaluations"), *e;
        cJSON_ArrayForEach(e, evs) {
            const cJSON *t = get(get(e, "tiers"), top[v]);
            assert_double_near(num(t, "p"), 1.0, 0.0);
            assert_double_near(num(t, "n"), 40.0, 0.0);
            assert_double_near(num(get(get(e, "metrics"), head[v]), "mean"), want[v], 1e-6); /* summary rounding */
            evaluations++;
        }
    }
    assert_int_equal(evaluations, 3 + 92 + 3 + 3);
    cJSON_Delete(root);
    free(text);
    ts_test_rmtree(dir);
    free(dir);
}

int main(void)
{
    gsl_set_error_handler_off(); /* as the program does (sim/cli/main.c) */
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_closed_form_rate),
        cmocka_unit_test(test_deterministic_across_threads),
        cmocka_unit_test(test_unchanged_variant),
        cmocka_unit_test(test_perfect_shop),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
