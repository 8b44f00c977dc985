/*
** test_run_uncertain.c — uncertain parameters (docs/model.md §15) against
** closed forms. A shop where the only rule event is a stock-out, known on its
** pay day: the count of assessed stock-outs is Poisson(lambda p) for a fixed
** stockout_prob p, and a Beta-mixed Poisson when p ~ Beta(a, b). The tier
** "top" (count <= 5) then has probability E[PoissonCDF(5; lambda p)], its
** variance lambda E[p] + lambda^2 Var[p] widens, the draws follow the Beta,
** and a variant that sets p is fixed, on the same replications.
*/
#include "testutil.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>

#include "runner.h"
#include "study.h"
#include "summary.h"
#include "uncertain.h"

#define REPS 4000
#define LAMBDA 600.0 /* 20 orders a day, 30 days of assessed orders */
#define BETA_A 2.0
#define BETA_B 198.0
#define TOP_K 5

/* Orders paid on days 30..59 are assessed on day 59; handling 0: a stock-out is known when paid. */
static const char SCENARIO[] =
    "{\"start\": \"2027-01-01\", \"days\": 60, \"seed\": 5, \"warmup_days\": 0, \"replications\": 4000,"
    " \"evaluations\": [\"2027-03-01\"],"
    " \"volume\": {\"daily_orders\": 20},"
    " \"fulfilment\": {\"handling_days\": 0, \"stockout_prob\": 0.01},"
    " \"rules\": {\"name\": \"stockouts\", \"window_days\": 30, \"window_anchor\": \"pay\","
    "   \"events\": {\"closed\": {\"kind\": \"not_shipped\"}},"
    "   \"metrics\": {\"closed_orders\": {\"kind\": \"count\", \"events\": [\"closed\"]}},"
    "   \"tiers\": [{\"name\": \"top\", \"when\": {\"closed_orders\": [\"<=\", 5]}}, {\"name\": \"rest\"}]},"
    " \"uncertain\": {\"fulfilment.stockout_prob\": {\"beta\": [2, 198]}},"
    " \"variants\": [{\"name\": \"fixed\", \"set\": {\"fulfilment.stockout_prob\": 0.01}},"
    "                {\"name\": \"same\", \"set\": {\"volume.growth_per_day\": 0}}]}";

/*
** E[PoissonCDF(k; lambda p)] for p ~ Beta(a, b): the integral of the product
** with the Beta density by the midpoint rule on [0, 0.25] (the Beta(2, 198)
** mass beyond it is below 1e-20), independent of the inverse CDF under test.
*/
static double mixed_cdf(unsigned k)
{
    const int m = 200000;
    const double top = 0.25, h = top / m;
    double s = 0.0;
    for (int i = 0; i < m; i++) {
        double p = (i + 0.5) * h;
        s += gsl_cdf_poisson_P(k, LAMBDA * p) * gsl_ran_beta_pdf(p, BETA_A, BETA_B) * h;
    }
    return s;
}

static void test_beta_stockouts(void **state)
{
    (void)state;
    ts_error err = {0};
    ts_study *st = ts_study_load_buffer("uncertain.json", SCENARIO, strlen(SCENARIO), NULL, 0, &err);
    for (size_t i = 0; i < err.count; i++)
        print_message("%s\n", err.messages[i]);
    assert_non_null(st);
    assert_int_equal(st->variants[0].scenario->n_uncertain, 1);
    assert_int_equal(st->variants[1].scenario->n_uncertain, 0); /* set replaces the distribution */
    assert_int_equal(st->variants[2].scenario->n_uncertain, 1);

    ts_run_options ro = {.threads = 2};
    ts_results *res;
    ts_run_stats rs;
    assert_int_equal(ts_run(st, &ro, &res, &rs), TS_OK);
    assert_int_equal(res->n_reps, REPS);
    const ts_variant_results *base = &res->variants[0], *fixed = &res->variants[1], *same = &res->variants[2];

    /* the draws: Beta(2, 198), the same in every variant that keeps the distribution */
    double mean_p = BETA_A / (BETA_A + BETA_B);
    double var_p = BETA_A * BETA_B / ((BETA_A + BETA_B) * (BETA_A + BETA_B) * (BETA_A + BETA_B + 1));
    /* F(p) of the draws is uniform on (0, 1): its mean 1/2 (sd 1/sqrt 12), a tenth below 0.1 */
    double sum = 0.0, pit = 0.0, below = 0.0;
    for (size_t r = 0; r < REPS; r++) {
        double p = base->drawn[r];
        if (!(p > 0.0 && p < 1.0))
            fail_msg("replication %zu drew %g", r, p);
        assert_true(same->drawn[r] == p);
        sum += p;
        double f = gsl_cdf_beta_P(p, BETA_A, BETA_B);
        pit += f;
        below += f < 0.1;
    }
    assert_within_4se(sum / REPS, mean_p, sqrt(var_p / REPS));
    assert_within_4se(pit / REPS, 0.5, sqrt(1.0 / 12.0 / REPS));
    assert_within_4se(below / REPS, 0.1, sqrt(0.09 / REPS));

    /* the count metric: mean lambda E[p] either way; variance lambda E[p] + lambda^2 Var[p] with the Beta */
    double m_u = 0.0, m_f = 0.0, q_u = 0.0, q_f = 0.0, top_u = 0.0, top_f = 0.0;
    for (size_t r = 0; r < REPS; r++) {
        double cu = base->metrics[r], cf = fixed->metrics[r];
        m_u += cu;
        m_f += cf;
        q_u += cu * cu;
        q_f += cf * cf;
        top_u += base->tiers[r] == 0;
        top_f += fixed->tiers[r] == 0;
    }
    m_u /= REPS;
    m_f /= REPS;
    double v_u = q_u / REPS - m_u * m_u, v_f = q_f / REPS - m_f * m_f;
    double var_u = LAMBDA * mean_p + LAMBDA * LAMBDA * var_p, var_f = LAMBDA * 0.01;
    assert_within_4se(m_u, LAMBDA * mean_p, sqrt(var_u / REPS));
    assert_within_4se(m_f, LAMBDA * 0.01, sqrt(var_f / REPS));
    /* the variance widens as the mixture says (4 SE of a variance: sqrt((mu4 - s^4) / n) < s^2 sqrt(4 / n) here) */
    assert_within_4se(v_f, var_f, var_f * sqrt(3.0 / REPS));
    assert_within_4se(v_u, var_u, var_u * sqrt(8.0 / REPS));
    assert_true(v_u > 2.0 * v_f);

    /* P(top): the mixed Poisson against the fixed one, each within 4 SE of its closed form */
    double p_top_u = mixed_cdf(TOP_K), p_top_f = gsl_cdf_poisson_P(TOP_K, LAMBDA * 0.01);
    print_message("P(top): Beta-uncertain %.4f (closed form %.4f), fixed %.4f (closed form %.4f); "
                  "var of the count %.2f (%.2f) against %.2f (%.2f)\n",
                  top_u / REPS, p_top_u, top_f / REPS, p_top_f, v_u, var_u, v_f, var_f);
    assert_within_4se(top_u / REPS, p_top_u, sqrt(p_top_u * (1 - p_top_u) / REPS));
    assert_within_4se(top_f / REPS, p_top_f, sqrt(p_top_f * (1 - p_top_f) / REPS));
    assert_true(fabs(p_top_u - p_top_f) > 8.0 * sqrt(0.25 / REPS)); /* the two answers do differ */

    /* the summary reports the draws: mean and 5-95% */
    ts_summary *sum_ = ts_summary_build(res);
    assert_int_equal(sum_->variants[0].n_uncertain, 1);
    assert_double_near(sum_->variants[0].uncertain[0].mean, sum / REPS, 1e-12);
    /* the draws' 5% and 95% points have Beta CDF 0.05 and 0.95 (4 SE of a binomial share) */
    assert_within_4se(gsl_cdf_beta_P(sum_->variants[0].uncertain[0].p5, BETA_A, BETA_B), 0.05, sqrt(0.05 * 0.95 / REPS));
    assert_within_4se(gsl_cdf_beta_P(sum_->variants[0].uncertain[0].p95, BETA_A, BETA_B), 0.95, sqrt(0.05 * 0.95 / REPS));
    assert_int_equal(sum_->variants[1].n_uncertain, 0);
    ts_summary_free(sum_);

    /* the same results on one thread: draws and metrics depend on the replication only */
    ts_run_options one = {.threads = 1};
    ts_results *res1;
    assert_int_equal(ts_run(st, &one, &res1, &rs), TS_OK);
    for (size_t v = 0; v < 3; v++) {
        assert_memory_equal(res1->variants[v].drawn, res->variants[v].drawn,
                            REPS * res->variants[v].n_uncertain * sizeof(double));
        assert_memory_equal(res1->variants[v].metrics, res->variants[v].metrics,
                            REPS * res->variants[v].n_eval * res->variants[v].n_metrics * sizeof(double));
    }
    ts_results_free(res1);
    ts_results_free(res);
    ts_study_free(st);
}

/* Every distribution's quantile function against its definition at a few points. */
static void test_quantiles(void **state)
{
    (void)state;
    ts_uncertain u = {.lo = -HUGE_VAL, .hi = HUGE_VAL};
    u.kind = TS_DIST_UNIFORM;
    u.p[0] = 2;
    u.p[1] = 6;
    assert_double_near(ts_uncertain_quantile(&u, 0.25), 3.0, 1e-12);
    u.kind = TS_DIST_TRIANGULAR; /* [0, 1, 4]: F(1) = 1/4; F(x) = x^2/4 below, 1 - (4-x)^2/12 above */
    u.p[0] = 0;
    u.p[1] = 1;
    u.p[2] = 4;
    assert_double_near(ts_uncertain_quantile(&u, 0.25), 1.0, 1e-12);
    assert_double_near(ts_uncertain_quantile(&u, 0.04), 0.4, 1e-12);
    assert_double_near(ts_uncertain_quantile(&u, 1 - 9.0 / 12.0), 1.0, 1e-12);
    assert_double_near(ts_uncertain_quantile(&u, 1 - 4.0 / 12.0), 2.0, 1e-12);
    u.kind = TS_DIST_PERT; /* symmetric [0, 5, 10]: Beta(3, 3) scaled, median 5, mean 5 */
    u.p[0] = 0;
    u.p[1] = 5;
    u.p[2] = 10;
    assert_double_near(ts_uncertain_quantile(&u, 0.5), 5.0, 1e-9);
    assert_double_near(gsl_cdf_beta_P(ts_uncertain_quantile(&u, 0.1) / 10, 3, 3), 0.1, 1e-12);
    /* the beta quantile where GSL's own inverse gives NaN (q = 0.8156 for Beta(2, 198)) */
    u.kind = TS_DIST_BETA;
    u.lo = 0;
    u.hi = 1;
    u.p[0] = 2;
    u.p[1] = 198;
    assert_double_near(gsl_cdf_beta_P(ts_uncertain_quantile(&u, 0.8155595), 2, 198), 0.8155595, 1e-12);
    u.lo = -HUGE_VAL;
    u.hi = HUGE_VAL;
    u.kind = TS_DIST_LOGNORMAL;
    u.p[0] = 3;
    u.p[1] = 0.5;
    assert_double_near(ts_uncertain_quantile(&u, 0.5), 3.0, 1e-12);
    assert_double_near(ts_uncertain_quantile(&u, gsl_cdf_ugaussian_P(1.0)), 3.0 * exp(0.5), 1e-9);
    u.kind = TS_DIST_GAMMA;
    u.p[0] = 2;
    u.p[1] = 3;
    assert_double_near(gsl_cdf_gamma_P(ts_uncertain_quantile(&u, 0.3), 2, 3), 0.3, 1e-9);
    /* a normal truncated to [0, 1]: the quantile of the conditional distribution, in both tails */
    u.kind = TS_DIST_NORMAL;
    u.lo = 0;
    u.hi = 1;
    u.p[0] = 0.2;
    u.p[1] = 0.1;
    double pa = gsl_cdf_gaussian_P(-0.2, 0.1), pb = gsl_cdf_gaussian_P(0.8, 0.1);
    double x = ts_uncertain_quantile(&u, 0.5);
    assert_double_near((gsl_cdf_gaussian_P(x - 0.2, 0.1) - pa) / (pb - pa), 0.5, 1e-9);
    u.p[0] = -2; /* the mean far below the range: all mass near 0, still inside */
    x = ts_uncertain_quantile(&u, 0.5);
    assert_true(x > 0 && x < 0.1);
    u.p[0] = 3;
    x = ts_uncertain_quantile(&u, 0.5);
    assert_true(x > 0.9 && x < 1);
    /* the support checks */
    u.kind = TS_DIST_GAMMA;
    assert_non_null(ts_uncertain_check(&u)); /* a gamma on [0, 1] */
    u.kind = TS_DIST_BETA;
    u.p[0] = 1;
    u.p[1] = 1;
    assert_null(ts_uncertain_check(&u));
    u.lo = 1;
    u.hi = HUGE_VAL;
    assert_non_null(ts_uncertain_check(&u)); /* a beta on a parameter >= 1 */
}

/* Bad `uncertain` entries: each reported with its path. */
static void test_bad_entries(void **state)
{
    (void)state;
    const char *text =
        "{\"start\": \"2027-01-01\", \"days\": 30, \"volume\": {\"daily_orders\": 5},"
        " \"uncertain\": {"
        "  \"product.quality_defect_prob\": {\"gamma\": [2, 0.01]},"
        "  \"buyers.feedback_delay_mean\": {\"beta\": [1, 1]},"
        "  \"fulfilment.handling_days\": {\"uniform\": [1, 3]},"
        "  \"fulfilment.carriers[0].share\": {\"uniform\": [0.5, 1]},"
        "  \"fulfilment.carriers[3].lost_prob\": {\"beta\": [1, 99]},"
        "  \"volume.nothing\": {\"beta\": [1, 1]},"
        "  \"product.description_mismatch_prob\": {\"cauchy\": [0, 1]},"
        "  \"service.slow_reply_prob\": {\"triangular\": [0.1, 0.05, 0.2]},"
        "  \"order_value.median\": {\"normal\": [10]},"
        "  \"volume.weekday_factors[2]\": {\"uniform\": [0.5, 1.5]},"
        "  \"volume.weekday_factors[9]\": {\"uniform\": [0.5, 1.5]}}}";
    ts_error err = {0};
    ts_study *st = ts_study_load_buffer("bad.json", text, strlen(text), NULL, 0, &err);
    assert_null(st);
    const char *want[] = {
        "bad.json: uncertain[\"product.quality_defect_prob\"].gamma: a gamma takes any value > 0, outside the "
        "parameter's range (the parameter lies in [0, 1])",
        "uncertain[\"buyers.feedback_delay_mean\"].beta: a beta lies in [0, 1], outside the parameter's range",
        "uncertain[\"fulfilment.handling_days\"]: fulfilment.handling_days is not a real number",
        "uncertain[\"fulfilment.carriers[0].share\"]: fulfilment.carriers[].share cannot be uncertain",
        "uncertain[\"fulfilment.carriers[3].lost_prob\"]: array index 3 out of range (the scenario has 1)",
        "uncertain[\"volume.nothing\"]: not a key of a scenario",
        "uncertain[\"product.description_mismatch_prob\"]: expected one of beta, gamma, normal, lognormal, "
        "uniform, triangular, pert, found \"cauchy\"",
        "uncertain[\"service.slow_reply_prob\"].triangular: [low, mode, high] needs low <= mode <= high",
        "uncertain[\"order_value.median\"].normal: expected an array of 2 numbers, found an array",
        "uncertain[\"volume.weekday_factors[9]\"]: array index 9 out of range (volume.weekday_factors has 7 numbers)",
    };
    for (size_t i = 0; i < sizeof want / sizeof *want; i++) {
        bool found = false;
        for (size_t m = 0; m < err.count; m++)
            found |= strstr(err.messages[m], want[i]) != NULL;
        if (!found) {
            for (size_t m = 0; m < err.count; m++)
                print_message("%s\n", err.messages[m]);
            fail_msg("missing: %s", want[i]);
        }
    }
    assert_int_equal(err.count, sizeof want / sizeof *want);
    ts_error_clear(&err);
}

int main(void)
{
    gsl_set_error_handler_off();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_beta_stockouts),
        cmocka_unit_test(test_quantiles),
        cmocka_unit_test(test_bad_entries),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
