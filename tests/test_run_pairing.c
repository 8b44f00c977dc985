/*
** test_run_pairing.c — what difference_from_base pairs (docs/results-format.md
** "difference_from_base"): replication r of a variant with replication r of
** the base, on the same calendar date and the same metric name, also when the
** variant's evaluation days or start differ from the base's; no difference
** (n = 0) on a date the base does not evaluate.
*/
#include "testutil.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "runner.h"
#include "study.h"
#include "summary.h"

/*
** A small shop, 2027-10-01 for 92 days, month ends (Oct 31, Nov 30, Dec 31).
** Variant "nov": only 2027-11-30 (its evaluation 0 is the base's evaluation
** 1). "later": starts 2027-10-16 for 77 days, so its month ends are days
** 15, 45, 76 instead of 30, 60, 91. "mid": 2027-11-15, a date the base does
** not evaluate.
*/
static const char SCENARIO[] =
    "{\"start\": \"2027-10-01\", \"days\": 92, \"replications\": 40, \"seed\": 7,"
    " \"volume\": {\"daily_orders\": 30},"
    " \"variants\": ["
    "  {\"name\": \"nov\", \"set\": {\"evaluations\": [\"2027-11-30\"], \"product.quality_defect_prob\": 0.05}},"
    "  {\"name\": \"later\", \"set\": {\"start\": \"2027-10-16\", \"days\": 77}},"
    "  {\"name\": \"mid\", \"set\": {\"evaluations\": [\"2027-11-15\"]}}]}";

/* The base's evaluation index on calendar date `date`, failing the test when there is none. */
static size_t base_index(const ts_variant_results *base, ts_civil date)
{
    const ts_scenario *bs = base->variant->scenario;
    for (size_t e = 0; e < base->n_eval; e++)
        if (bs->start + bs->evaluations[e] == date)
            return e;
    fail_msg("the base has no evaluation on that date");
    return 0;
}

/* The mean over replications of variant - base, metric m, variant evaluation e, base evaluation be. */
static double mean_diff(const ts_variant_results *v, const ts_variant_results *b, size_t e,
                        size_t be, size_t m, size_t reps, size_t *n)
{
    double s = 0.0;
    *n = 0;
    for (size_t r = 0; r < reps; r++) {
        double x = v->metrics[(r * v->n_eval + e) * v->n_metrics + m];
        double y = b->metrics[(r * b->n_eval + be) * b->n_metrics + m];
        if (!isnan(x) && !isnan(y)) {
            s += x - y;
            (*n)++;
        }
    }
    return s / (double)*n;
}

static void test_pairing_by_date(void **state)
{
    (void)state;
    ts_error err = {0};
    ts_study *st = ts_study_load_buffer("pairing.json", SCENARIO, sizeof SCENARIO - 1, NULL, 0, &err);
    if (st == NULL)
        fail_msg("%s", err.count ? err.messages[0] : "?");
    ts_run_options opt = {.threads = 2};
    ts_results *res = NULL;
    ts_run_stats rs;
    assert_int_equal(ts_run(st, &opt, &res, &rs), TS_OK);
    ts_summary *sum = ts_summary_build(res);
    size_t reps = res->n_reps;
    const ts_variant_results *base = &res->variants[0];
    assert_int_equal(base->n_eval, 3);

    for (size_t v = 1; v <= 2; v++) { /* "nov" and "later": every evaluation has a base twin */
        const ts_variant_results *vr = &res->variants[v];
        const ts_variant_summary *vs = &sum->variants[v];
        const ts_scenario *sc = vr->variant->scenario;
        assert_int_equal(vr->n_eval, v == 1 ? 1 : 3);
        for (size_t e = 0; e < vr->n_eval; e++) {
            size_t be = base_index(base, sc->start + sc->evaluations[e]);
            if (v == 1)
                assert_int_equal(be, 1); /* Nov 30 is the base's second evaluation */
            for (size_t m = 0; m < vr->n_metrics; m++) {
                size_t n;
                double want = mean_diff(vr, base, e, be, m, reps, &n);
                const ts_diff *d = &vs->evals[e].diff[m];
                assert_int_equal(d->n, n);
                assert_double_near(d->mean, want, 1e-12);
                assert_true(d->low <= d->mean && d->mean <= d->high);
            }
        }
    }
    /* "later": its day 15 is the base's day 30 (2027-10-31) */
    const ts_scenario *later = res->variants[2].variant->scenario;
    assert_int_equal(later->evaluations[0], 15);
    assert_string_equal(sum->variants[2].evals[0].date, "2027-10-31");

    /* "mid": the base has no evaluation on 2027-11-15: no difference */
    const ts_eval_summary *mid = &sum->variants[3].evals[0];
    assert_string_equal(mid->date, "2027-11-15");
    for (size_t m = 0; m < sum->variants[3].n_metrics; m++) {
        assert_int_equal(mid->diff[m].n, 0);
        assert_true(isnan(mid->diff[m].mean));
    }
    ts_summary_free(sum);
    ts_results_free(res);
    ts_study_free(st);
}

int main(void)
{
    gsl_set_error_handler_off(); /* as the program does (sim/cli/main.c) */
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pairing_by_date),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
