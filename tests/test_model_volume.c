/*
** test_model_volume.c — day counts (docs/model.md §2): the mean of a day from
** weekday, growth, peaks and gift uplift; Poisson and negative binomial counts.
*/
#include "testutil.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "models.h"


typedef struct {
    int32_t first;
    double *counts; /* per pay day, index pay - first */
} day_counts;

static void count_day(const ts_order *o, void *ctx)
{
    day_counts *c = ctx;
    c->counts[o->pay - c->first] += 1.0;
}

/* Simulate one replication and return the order count of each pay day. */
static double *run_counts(const ts_scenario *sc, uint64_t rep)
{
    size_t n = (size_t)(sc->warmup_days + sc->days);
    day_counts c = {-sc->warmup_days, ts_xcalloc(n, sizeof(double))};
    double *money = ts_xcalloc(ts_money_fields(sc), sizeof *money);
    ts_sim *sim = ts_sim_new(sc);
    ts_sim_run(sim, rep, count_day, &c, money);
    ts_sim_free(sim);
    free(money);
    return c.counts;
}

static void mean_var(const double *x, size_t n, double *mean, double *var)
{
    double s = 0.0, ss = 0.0;
    for (size_t i = 0; i < n; i++)
        s += x[i];
    *mean = s / (double)n;
    for (size_t i = 0; i < n; i++)
        ss += (x[i] - *mean) * (x[i] - *mean);
    *var = ss / (double)(n - 1);
}

static void cheap_orders(ts_scenario *sc)
{
    /* Keep per-order work small: no feedback. Counts do not depend on it. */
    sc->buyers.feedback_prob = 0.0;
}

/*
** Poisson(20) days: mean 20, variance 20. SE of the mean sqrt(20/n); SE of the
** sample variance sqrt((mu4 - sigma^4)/n) with mu4 = lambda + 3 lambda^2, so
** sqrt((lambda + 2 lambda^2)/n).
*/
static void test_poisson_counts(void **state)
{
    (void)state;
    ts_scenario sc;
    ts_scenario_init_defaults(&sc);
    cheap_orders(&sc);
    sc.seed = 11;
    sc.days = 3000;
    sc.warmup_days = 0;
    sc.volume.daily_orders = 20.0;
    double *c = run_counts(&sc, 0);
    double mean, var, n = 3000.0, lambda = 20.0;
    mean_var(c, 3000, &mean, &var);
    assert_within_4se(mean, lambda, sqrt(lambda / n));
    assert_within_4se(var, lambda, sqrt((lambda + 2.0 * lambda * lambda) / n));
    free(c);
    ts_scenario_release(&sc);
}

/*
** Negative binomial: phi = 0.1, mu = 20, so variance mu + phi mu^2 = 60. As
** NB(r = 1/phi = 10, p) with mean r q/p = 20: q/p = 2, q = 2/3, p = 1/3.
** Cumulants: k2 = r q/p^2 = 60, k4 = r q (1 + 4q + q^2)/p^4
** = 10 (2/3)(1 + 8/3 + 4/9) 81 = 2220. Var(s^2) ~ (k4 + 2 k2^2)/n.
*/
static void test_negative_binomial_counts(void **state)
{
    (void)state;
    ts_scenario sc;
    ts_scenario_init_defaults(&sc);
    cheap_orders(&sc);
    sc.seed = 12;
    sc.days = 2000;
    sc.warmup_days = 2000;
    sc.volume.daily_orders = 20.0;
    sc.volume.dispersion = 0.1;
    double *c = run_counts(&sc, 3);
    double mean, var, n = 4000.0, mu = 20.0, v = mu + 0.1 * mu * mu;
    mean_var(c, 4000, &mean, &var);
    assert_double_near(v, 60.0, 1e-12);
    assert_within_4se(mean, mu, sqrt(v / n));
    assert_within_4se(var, v, sqrt((2220.0 + 2.0 * v * v) / n));
    free(c);
    ts_scenario_release(&sc);
}

/*
** mu_d exactly. 2026-01-01 is a Thursday (2025-01-01 was a Wednesday and 2025
** has 365 = 52 x 7 + 1 days), so weekday(d) = (3 + d) mod 7 with Monday = 0.
** Weekday factors Mon..Sun = 1, 2, ..., 7 / 4; growth 1%/day; peak A covers
** days 3, 4 (x2); peak B covers days 4, 5, 6 (x1.5); gifts active on days 5..6
** with uplift 0.2 (from 5, until 6).
*/
static void test_volume_mean_exact(void **state)
{
    (void)state;
    ts_scenario sc;
    ts_scenario_init_defaults(&sc);
    sc.volume.daily_orders = 100.0;
    for (int i = 0; i < 7; i++)
        sc.volume.weekday_factors[i] = (double)(i + 1) / 4.0;
    sc.volume.growth_per_day = 0.01;
    sc.volume.n_events = 2;
    sc.volume.events = ts_xcalloc(2, sizeof(ts_peak));
    sc.volume.events[0] = (ts_peak){NULL, 3, 2, 2.0, 1.0, 7};
    sc.volume.events[1] = (ts_peak){NULL, 4, 3, 1.5, 1.0, 7};
    sc.gifts.present = true;
    sc.gifts.from_day = 5;
    sc.gifts.until_day = 6;
    sc.gifts.volume_uplift = 0.2;
    assert_int_equal(ts_date_weekday(sc.start), 3);
    /* day: weekday index, peak product, uplift */
    static const struct { int32_t d; int wd; double peak, gift; } want[] = {
        {-3, 0, 1.0, 1.0}, /* (3-3) mod 7 = 0, Monday */
        {-1, 2, 1.0, 1.0},
        {0, 3, 1.0, 1.0},
        {2, 5, 1.0, 1.0},
        {3, 6, 2.0, 1.0},  /* Sunday, peak A */
        {4, 0, 3.0, 1.0},  /* A and B: 2 x 1.5 */
        {5, 1, 1.5, 1.2},  /* B, gifts */
        {6, 2, 1.5, 1.2},  /* B, gifts */
        {7, 3, 1.0, 1.0},  /* after both, gifts over */
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        double expect = 100.0 * (double)(want[i].wd + 1) / 4.0 *
                        pow(1.01, (double)want[i].d) * want[i].peak * want[i].gift;
        assert_double_near(ts_volume_mean(&sc, want[i].d), expect, 1e-9 * expect);
    }
    /* gifts present but not active outside [from, until]; absent gifts never active */
    assert_false(ts_gifts_active(&sc.gifts, 4));
    assert_true(ts_gifts_active(&sc.gifts, 5));
    sc.gifts.present = false;
    assert_double_near(ts_volume_mean(&sc, 5), 100.0 * 2.0 / 4.0 * pow(1.01, 5.0) * 1.5, 1e-9);
    ts_scenario_release(&sc);
}

/*
** A weekday factor of 0 gives no orders on that weekday; a peak multiplier of
** 3 triples the mean of its days: over the peak days the average count is
** 3 x 10 (SE sqrt(30/n)) while other days average 10 (SE sqrt(10/n)).
*/
static void test_volume_in_simulation(void **state)
{
    (void)state;
    ts_scenario sc;
    ts_scenario_init_defaults(&sc);
    cheap_orders(&sc);
    sc.seed = 5;
    sc.days = 1400;
    sc.volume.daily_orders = 10.0;
    sc.volume.weekday_factors[6] = 0.0; /* Sundays */
    sc.volume.n_events = 1;
    sc.volume.events = ts_xcalloc(1, sizeof(ts_peak));
    sc.volume.events[0] = (ts_peak){NULL, 700, 350, 3.0, 1.0, 7};
    double *c = run_counts(&sc, 1);
    double peak = 0, plain = 0, npeak = 0, nplain = 0;
    for (int32_t d = 0; d < sc.days; d++) {
        if ((3 + d) % 7 == 6) {
            assert_double_near(c[d], 0.0, 0.0);
            continue;
        }
        if (d >= 700 && d < 1050) {
            peak += c[d];
            npeak++;
        } else {
            plain += c[d];
            nplain++;
        }
    }
    assert_within_4se(peak / npeak, 30.0, sqrt(30.0 / npeak));
    assert_within_4se(plain / nplain, 10.0, sqrt(10.0 / nplain));
    free(c);
    ts_scenario_release(&sc);
}

/* mu = 0 gives 0 orders without drawing; counts are the same for the same substream. */
static void test_volume_draw_edges(void **state)
{
    (void)state;
    gsl_rng *r = ts_rng_alloc();
    ts_stream_init(ts_rng_stream(r), 1, 0, 0, TS_MECH_VOLUME, 0);
    assert_int_equal(ts_volume_draw(r, 0.0, 0.0), 0);
    assert_int_equal(ts_volume_draw(r, 0.0, 0.5), 0);
    ts_stream_init(ts_rng_stream(r), 1, 0, 4, TS_MECH_VOLUME, 0);
    uint32_t a = ts_volume_draw(r, 50.0, 0.2);
    ts_stream_init(ts_rng_stream(r), 1, 0, 4, TS_MECH_VOLUME, 0);
    assert_int_equal(ts_volume_draw(r, 50.0, 0.2), a);
    gsl_rng_free(r);
}

int main(void)
{
    gsl_set_error_handler_off(); /* as the program does (sim/cli/main.c) */
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_poisson_counts),
        cmocka_unit_test(test_negative_binomial_counts),
        cmocka_unit_test(test_volume_mean_exact),
        cmocka_unit_test(test_volume_in_simulation),
        cmocka_unit_test(test_volume_draw_edges),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
