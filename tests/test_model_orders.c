/*
** test_model_orders.c — docs/model.md §3 and §9: lognormal order values, top-ups
** to gift thresholds, gift tier assignment and the horizon's money.
*/
#include "testutil.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_cdf.h>

#include "models.h"
#include "model_orders.h"

static orders run(const ts_scenario *sc, uint64_t rep, double *money)
{
    orders c = {0};
    ts_sim *sim = ts_sim_new(sc);
    ts_sim_run(sim, rep, collect, &c, money);
    ts_sim_free(sim);
    return c;
}

/* Three tiers at 0, 20, 30 (costs 0.2/1.0/2.0, weights 20/50/100 g). */
static void three_tiers(ts_scenario *sc)
{
    ts_gifts *g = &sc->gifts;
    g->present = true;
    g->n_tiers = 3;
    g->tiers = ts_xcalloc(3, sizeof *g->tiers);
    g->tiers[0] = (ts_gift_tier){NULL, 0.0, 0.2, 20.0, 0.0};
    g->tiers[1] = (ts_gift_tier){NULL, 20.0, 1.0, 50.0, 0.0};
    g->tiers[2] = (ts_gift_tier){NULL, 30.0, 2.0, 100.0, 0.0};
}

/*
** v ~ LogNormal(ln 12, 0.8): P(v < 12) = 1/2 and P(v < 12 e^0.8) = Phi(1);
** proportions with SE sqrt(p(1-p)/n). sigma = 0 gives exactly the median.
*/
static void test_lognormal_value(void **state)
{
    (void)state;
    ts_scenario sc;
    ts_scenario_init_defaults(&sc);
    sc.seed = 2;
    sc.days = 400;
    sc.volume.daily_orders = 100.0;
    sc.buyers.feedback_prob = 0.0;
    double money[TS_MONEY_FIXED_FIELDS];
    orders c = run(&sc, 0, money);
    double below = 0, below1 = 0, n = (double)c.n, hi = 12.0 * exp(0.8);
    for (size_t i = 0; i < c.n; i++) {
        below += c.v[i].value < 12.0;
        below1 += c.v[i].value < hi;
        assert_int_equal(c.v[i].gift_tier, -1);
    }
    double p1 = gsl_cdf_ugaussian_P(1.0);
    assert_within_4se(below / n, 0.5, sqrt(0.25 / n));
    assert_within_4se(below1 / n, p1, sqrt(p1 * (1 - p1) / n));
    free(c.v);

    ts_order_value ov = {12.0, 0.0, NULL};
    assert_double_near(ts_order_value_draw(&ov, 0.3), 12.0, 0.0);
    /* the quantile: u = Phi(1) gives median e^sigma */
    ov.sigma = 0.8;
    assert_double_near(ts_order_value_draw(&ov, gsl_cdf_ugaussian_P(1.0)), 12.0 * exp(0.8), 1e-9);
    ts_scenario_release(&sc);
}

/* Top-up targets and tiers by hand: window 5 before 20 and before 30; t = 0 never a target. */
static void test_topup_target_and_tier(void **state)
{
    (void)state;
    ts_scenario sc;
    ts_scenario_init_defaults(&sc);
    three_tiers(&sc);
    sc.gifts.topup_window = 5.0;
    const ts_gifts *g = &sc.gifts;
    assert_double_near(ts_gift_topup_target(g, 14.99), 0.0, 0.0);
    assert_double_near(ts_gift_topup_target(g, 15.0), 20.0, 0.0);
    assert_double_near(ts_gift_topup_target(g, 19.99), 20.0, 0.0);
    assert_double_near(ts_gift_topup_target(g, 20.0), 0.0, 0.0);
    assert_double_near(ts_gift_topup_target(g, 27.0), 30.0, 0.0);
    assert_double_near(ts_gift_topup_target(g, 30.0), 0.0, 0.0);
    sc.gifts.topup_window = 12.0; /* windows overlap: the smallest t wins */
    assert_double_near(ts_gift_topup_target(g, 19.0), 20.0, 0.0);
    assert_double_near(ts_gift_topup_target(g, 21.0), 30.0, 0.0);
    sc.gifts.topup_window = 0.0;
    assert_double_near(ts_gift_topup_target(g, 19.0), 0.0, 0.0);
    assert_int_equal(ts_gift_tier_of(g, 0.5), 0);
    assert_int_equal(ts_gift_tier_of(g, 19.99), 0);
    assert_int_equal(ts_gift_tier_of(g, 20.0), 1);
    assert_int_equal(ts_gift_tier_of(g, 29.0), 1);
    assert_int_equal(ts_gift_tier_of(g, 30.0), 2);
    assert_int_equal(ts_gift_tier_of(g, 1000.0), 2);
    sc.gifts.tiers[0].min_order = 10.0;
    assert_int_equal(ts_gift_tier_of(g, 9.0), -1);
    ts_scenario_release(&sc);
}

/*
** Gifts active on days 0..49 of 100 (from 0, until 49), window 5, prob 0.4,
** v ~ LogNormal(ln 12, 0.8) with CDF F. For an active order:
**   P(top-up) = 0.4 [F(20) - F(15) + F(30) - F(25)]
**   P(tier 2) = 1 - F(30) + 0.4 [F(30) - F(25)]
**   P(tier 1) = F(30) - F(20) + 0.4 [F(20) - F(15)] - 0.4 [F(30) - F(25)]
** A topped-up order's value is exactly its threshold. Warm-up and days 50+
** have no gifts and no top-ups.
*/
static void test_topup_share_and_tiers(void **state)
{
    (void)state;
    ts_scenario sc;
    ts_scenario_init_defaults(&sc);
    three_tiers(&sc);
    sc.seed = 8;
    sc.days = 100;
    sc.warmup_days = 20;
    sc.volume.daily_orders = 400.0;
    sc.buyers.feedback_prob = 0.0;
    sc.gifts.until_day = 49;
    sc.gifts.topup_window = 5.0;
    sc.gifts.topup_prob = 0.4;
    double money[TS_MONEY_FIXED_FIELDS + 3];
    orders c = run(&sc, 1, money);
    double n = 0, top = 0, t1 = 0, t2 = 0, topups_horizon = 0;
    for (size_t i = 0; i < c.n; i++) {
        const ts_order *o = &c.v[i];
        if (o->flags & TS_ORDER_TOPUP) {
            assert_true(o->value == 20.0 || o->value == 30.0);
            if (o->pay >= 0)
                topups_horizon++;
        }
        if (o->pay < 0 || o->pay > 49) {
            assert_int_equal(o->gift_tier, -1);
            assert_int_equal(o->flags & TS_ORDER_TOPUP, 0);
            continue;
        }
        n++;
        top += (o->flags & TS_ORDER_TOPUP) != 0;
        t1 += o->gift_tier == 1;
        t2 += o->gift_tier == 2;
        assert_true(o->gift_tier >= 0);
    }
    double mu = log(12.0), s = 0.8;
#define F(x) gsl_cdf_lognormal_P((x), mu, s)
    double a = F(20) - F(15), b = F(30) - F(25);
    double p_top = 0.4 * (a + b);
    double p2 = 1 - F(30) + 0.4 * b;
    double p1 = F(30) - F(20) + 0.4 * a - 0.4 * b;
#undef F
    assert_within_4se(top / n, p_top, sqrt(p_top * (1 - p_top) / n));
    assert_within_4se(t2 / n, p2, sqrt(p2 * (1 - p2) / n));
    assert_within_4se(t1 / n, p1, sqrt(p1 * (1 - p1) / n));
    assert_double_near(money[TS_MONEY_TOPUPS], topups_horizon, 0.0);
    free(c.v);
    ts_scenario_release(&sc);
}

/*
** Money (§9) recomputed from the visited orders of pay days 0..days-1: order
** count, gross, AOV = gross / orders, gifts per tier and gift cost over
** dispatched orders only, with unit costs by hand: cost + weight_g/1000 x 8:
** 0.2 + 0.02 x 8 = 0.36, 1.0 + 0.05 x 8 = 1.4, 2.0 + 0.1 x 8 = 2.8.
** A capacity makes some gifted orders unshipped; their gifts do not count.
*/
static void test_money(void **state)
{
    (void)state;
    ts_scenario sc;
    ts_scenario_init_defaults(&sc);
    three_tiers(&sc);
    sc.seed = 31;
    sc.days = 60;
    sc.warmup_days = 15;
    sc.volume.daily_orders = 50.0;
    sc.gifts.from_day = -10;
    sc.gifts.topup_window = 4.0;
    sc.gifts.topup_prob = 0.3;
    sc.fulfilment.stockout_prob = 0.05;
    sc.fulfilment.capacity_per_day = 45;
    double money[TS_MONEY_FIXED_FIELDS + 3];
    assert_int_equal(ts_money_fields(&sc), TS_MONEY_FIXED_FIELDS + 3);
    orders c = run(&sc, 0, money);
    static const double unit[3] = {0.36, 1.4, 2.8};
    double n = 0, gross = 0, gifts[3] = {0}, cost = 0, undispatched_gifts = 0;
    for (size_t i = 0; i < c.n; i++) {
        const ts_order *o = &c.v[i];
        if (o->pay < 0)
            continue;
        n++;
        gross += o->value;
        if (o->gift_tier < 0)
            continue;
        if (o->flags & TS_ORDER_DISPATCHED) {
            gifts[o->gift_tier]++;
            cost += unit[o->gift_tier];
        } else {
            undispatched_gifts++;
        }
    }
    assert_true(undispatched_gifts > 0);
    assert_double_near(money[TS_MONEY_ORDERS], n, 0.0);
    assert_double_near(money[TS_MONEY_GROSS], gross, 1e-9 * gross);
    assert_double_near(money[TS_MONEY_AOV], gross / n, 1e-9);
    for (int k = 0; k < 3; k++)
        assert_double_near(money[TS_MONEY_FIXED_FIELDS + k], gifts[k], 0.0);
    assert_double_near(money[TS_MONEY_GIFT_COST], cost, 1e-9 * cost);
    free(c.v);

    /* no orders: AOV is NaN */
    sc.volume.daily_orders = 0.0;
    c = run(&sc, 0, money);
    assert_int_equal(c.n, 0);
    assert_double_near(money[TS_MONEY_ORDERS], 0.0, 0.0);
    assert_true(isnan(money[TS_MONEY_AOV]));
    free(c.v);
    ts_scenario_release(&sc);
}

/*
** The inline AS241 equals GSL's gsl_cdf_ugaussian_Pinv (the same rational
** functions, evaluated in the same order): on every region (central, the
** intermediate and far tails), the 32-bit grid's extremes and a sweep; the
** ends give -inf and +inf as GSL does.
*/
static void test_normal_quantile_matches_gsl(void **state)
{
    (void)state;
    static const double pts[] = {0.5, 0.075, 0.925, 0.07499, 0.92501, 1e-300, 1e-20, 1e-12,
                                 1.388794386496402e-11, 0.5 / 4294967296.0,
                                 (4294967295.0 + 0.5) / 4294967296.0, 0.3, 0.7, 1e-3, 0.999};
    for (size_t i = 0; i < sizeof pts / sizeof *pts; i++) {
        double z = ts_normal_quantile(pts[i]), g = gsl_cdf_ugaussian_Pinv(pts[i]);
        assert_double_near(z, g, 1e-14 * fabs(g));
    }
    double worst = 0.0;
    for (uint32_t k = 0; k < 200000; k++) {
        double u = ts_u01_pos(k * 21474u + (k >> 3)); /* spread over (0, 1) */
        double z = ts_normal_quantile(u), g = gsl_cdf_ugaussian_Pinv(u);
        double rel = g != 0.0 ? fabs(z - g) / fabs(g) : fabs(z);
        if (rel > worst)
            worst = rel;
    }
    assert_true(worst <= 1e-14);
    assert_true(isinf(ts_normal_quantile(0.0)) && ts_normal_quantile(0.0) < 0);
    assert_true(isinf(ts_normal_quantile(1.0)) && ts_normal_quantile(1.0) > 0);
}

int main(void)
{
    gsl_set_error_handler_off(); /* as the program does (sim/cli/main.c) */
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lognormal_value),
        cmocka_unit_test(test_normal_quantile_matches_gsl),
        cmocka_unit_test(test_topup_target_and_tier),
        cmocka_unit_test(test_topup_share_and_tiers),
        cmocka_unit_test(test_money),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
