/*
** test_run_precision.c — `run --precision X` (runner.h): replications run in
** batches and stop at the first batch boundary where the 95% half-width of the
** headline metric is below X on every evaluation day of every variant.
*/
#include "testutil.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "runner.h"

/* A small two-variant world: 8 orders a day, so a replication is quick. */
static const char SCENARIO[] =
    "{\"name\": \"precision\", \"seed\": 5, \"replications\": 400,\n"
    " \"start\": \"2027-01-01\", \"days\": 62, \"volume\": {\"daily_orders\": 8},\n"
    " \"variants\": [{\"name\": \"auto\", \"set\": {\"service.feedback_reply\": \"auto\"}}]}\n";

static ts_study *load(int64_t cap)
{
    ts_error err = {0};
    ts_study *st = ts_study_load_buffer("precision.json", SCENARIO, strlen(SCENARIO), NULL, 0, &err);
    for (size_t i = 0; i < err.count; i++)
        print_error("%s\n", err.messages[i]);
    assert_non_null(st);
    ts_study_set_replications(st, cap);
    return st;
}

static ts_results *run(const ts_study *st, unsigned threads, double precision, ts_run_stats *rs)
{
    ts_run_options opt = {.threads = threads, .progress = false, .stop = NULL, .precision = precision};
    ts_results *res = NULL;
    assert_int_equal(ts_run(st, &opt, &res, rs), TS_OK);
    assert_non_null(res);
    return res;
}

/* Every stored per-replication value of the first n replications is the same. */
static void assert_same_prefix(const ts_results *a, const ts_results *b, size_t n)
{
    for (size_t v = 0; v < a->study->n_variants; v++) {
        const ts_variant_results *x = &a->variants[v], *y = &b->variants[v];
        assert_memory_equal(x->metrics, y->metrics, n * x->n_eval * x->n_metrics * sizeof(double));
        assert_memory_equal(x->tiers, y->tiers, n * x->n_eval * sizeof(int32_t));
        assert_memory_equal(x->daily, y->daily, n * x->n_days * x->n_metrics * sizeof(double));
        assert_memory_equal(x->money, y->money, n * x->n_money * sizeof(double));
    }
}

/*
** A reference run of all 400 replications gives hw(n) = ts_run_half_width
** over its first n. With X just below hw(100), --precision X must stop at the
** first multiple b of 100 with hw(b) < X (or at the cap 400): a batch
** boundary where the criterion holds, having failed at every earlier one.
** Replication r's results do not depend on when the run stops, nor on the
** thread count.
*/
static void test_stops_at_first_batch_meeting_target(void **state)
{
    (void)state;
    ts_study *st = load(400);
    ts_run_stats rs = {0};
    ts_results *full = run(st, 2, 0.0, &rs);
    assert_int_equal(full->n_reps, 400);
    double hw100 = ts_run_half_width(full, TS_RUN_BATCH);
    assert_true(hw100 > 0.0 && isfinite(hw100));
    double x = hw100 * 0.999;
    size_t expect = 400;
    for (size_t b = TS_RUN_BATCH; b <= 400; b += TS_RUN_BATCH)
        if (ts_run_half_width(full, b) < x) {
            expect = b;
            break;
        }
    assert_true(expect > TS_RUN_BATCH); /* at least one batch failed */

    ts_run_stats r1 = {0}, r2 = {0};
    ts_results *one = run(st, 1, x, &r1);
    ts_results *two = run(st, 2, x, &r2);
    assert_int_equal(one->n_reps, expect);
    assert_int_equal(two->n_reps, expect);
    assert_int_equal(r1.replications, expect);
    assert_int_equal(one->n_reps % TS_RUN_BATCH, 0);
    if (expect < 400) {
        assert_true(r1.precision_met);
        assert_true(ts_run_half_width(one, one->n_reps) < x);
    }
    assert_true(ts_run_half_width(one, one->n_reps - TS_RUN_BATCH) >= x);
    assert_double_near(r1.half_width, ts_run_half_width(one, one->n_reps), 0.0);
    assert_same_prefix(one, two, expect);
    assert_same_prefix(one, full, expect);
    ts_results_free(one);
    ts_results_free(two);
    ts_results_free(full);
    ts_study_free(st);
}

/*
** An unreachable target runs to the cap (not met); a cap below the batch
** size is one batch; a target every day meets at once stops after one batch.
*/
static void test_cap_and_small_batches(void **state)
{
    (void)state;
    ts_study *st = load(250);
    ts_run_stats rs = {0};
    ts_results *res = run(st, 2, 1e-12, &rs);
    assert_int_equal(res->n_reps, 250); /* batches of 100, 100, then the last 50 */
    assert_false(rs.precision_met);
    assert_true(rs.half_width >= 1e-12);
    ts_results_free(res);

    res = run(st, 2, 10.0, &rs); /* a rate's half-width is far below 10 */
    assert_int_equal(res->n_reps, TS_RUN_BATCH);
    assert_true(rs.precision_met);
    ts_results_free(res);

    ts_study_set_replications(st, 30);
    res = run(st, 3, 1e-12, &rs);
    assert_int_equal(res->n_reps, 30);
    ts_results_free(res);
    ts_study_free(st);
}

/*
** ts_run_half_width by hand: metric 0 values 0.1, 0.3, NaN, 0.2 on one day
** (m = 3, mean 0.2, sd = 0.1): 1.96 x 0.1 / sqrt(3); a day NaN everywhere is
** ignored; a day defined once is INFINITY.
*/
static void test_half_width_by_hand(void **state)
{
    (void)state;
    ts_study *st = load(4);
    ts_results *res = ts_results_new(st, 4);
    for (size_t v = 0; v < st->n_variants; v++) {
        ts_variant_results *vr = &res->variants[v];
        assert_true(vr->n_eval >= 1 && vr->n_metrics >= 1);
        for (size_t i = 0; i < 4 * vr->n_eval * vr->n_metrics; i++)
            vr->metrics[i] = NAN;
    }
    ts_variant_results *vr = &res->variants[0];
    size_t stride = vr->n_eval * vr->n_metrics;
    const double vals[4] = {0.1, 0.3, NAN, 0.2};
    for (size_t r = 0; r < 4; r++)
        vr->metrics[r * stride] = vals[r];
    assert_double_near(ts_run_half_width(res, 4), 1.96 * 0.1 / sqrt(3.0), 1e-12);
    assert_true(isinf(ts_run_half_width(res, 1)));
    ts_results_free(res);
    ts_study_free(st);
}

int main(void)
{
    gsl_set_error_handler_off(); /* as the program does (sim/cli/main.c) */
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_half_width_by_hand),
        cmocka_unit_test(test_stops_at_first_batch_meeting_target),
        cmocka_unit_test(test_cap_and_small_batches),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
