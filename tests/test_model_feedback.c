/*
** test_model_feedback.c — docs/model.md §6-§8: dispute noisy-or and course,
** feedback delay, stars and DSR scores, gift satisfaction, "auto" feedback
** and revisions.
*/
#include "testutil.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "models.h"
#include "model_orders.h"

static orders run(const ts_scenario *sc, uint64_t rep)
{
    orders c = {0};
    double *money = ts_xcalloc(ts_money_fields(sc), sizeof *money);
    ts_sim *sim = ts_sim_new(sc);
    ts_sim_run(sim, rep, collect, &c, money);
    ts_sim_free(sim);
    free(money);
    return c;
}

static double se_p(double p, double n)
{
    return sqrt(p * (1 - p) / n);
}

/*
** A world where every delivered order has no flags: no stock-outs, losses,
** defects, slow replies or disputes; transit exactly 10 days (never late).
*/
static void clean_world(ts_scenario *sc, uint64_t seed)
{
    ts_scenario_init_defaults(sc);
    sc->seed = seed;
    sc->days = 200;
    sc->volume.daily_orders = 300.0;
    sc->fulfilment.stockout_prob = 0.0;
    sc->fulfilment.carriers[0].lost_prob = 0.0;
    sc->fulfilment.carriers[0].transit_mean_days = 10.0;
    sc->fulfilment.carriers[0].transit_sd_days = 0.0;
    sc->product.quality_defect_prob = 0.0;
    sc->product.description_mismatch_prob = 0.0;
    sc->service.slow_reply_prob = 0.0;
    sc->buyers.dispute.base = 0.0;
}

/* noisy_or by hand: base 0.1, quality 0.5, slow_reply 0.2: 1 - 0.9 x 0.5 x 0.8 = 0.64. */
static void test_noisy_or(void **state)
{
    (void)state;
    ts_noisy_or n;
    memset(&n, 0, sizeof n);
    n.base = 0.1;
    n.coef[TS_FLAG_QUALITY] = 0.5;
    n.coef[TS_FLAG_SLOW_REPLY] = 0.2;
    assert_double_near(ts_noisy_or_prob(&n, 0), 0.1, 1e-15);
    assert_double_near(ts_noisy_or_prob(&n, TS_FLAG_BIT(TS_FLAG_QUALITY)), 0.55, 1e-15);
    assert_double_near(ts_noisy_or_prob(&n, TS_FLAG_BIT(TS_FLAG_QUALITY) |
                                                TS_FLAG_BIT(TS_FLAG_SLOW_REPLY)), 0.64, 1e-15);
    assert_double_near(ts_noisy_or_prob(&n, TS_FLAG_BIT(TS_FLAG_LATE)), 0.1, 1e-15);
    double t[TS_FLAG_MASKS];
    ts_noisy_or_table(&n, t);
    assert_double_near(t[TS_FLAG_BIT(TS_FLAG_SLOW_REPLY)], 1 - 0.9 * 0.8, 1e-15);
}

/*
** Disputes in the simulation: base 0.1, quality 0.5, slow_reply 0.2, quality
** prob 0.3, slow reply prob 0.5. P(disputed | flags) = 0.1, 0.55 (quality),
** 0.28 (slow: 1 - 0.9 x 0.8), 0.64 (both). Course: reply 0.7 -> no-reply
** share 0.3 of disputes; arbitration 0.4 of replied; seller responsible 0.5
** of arbitrated.
*/
static void test_disputes(void **state)
{
    (void)state;
    ts_scenario sc;
    clean_world(&sc, 41);
    sc.buyers.feedback_prob = 0.0;
    sc.buyers.dispute.base = 0.1;
    sc.buyers.dispute.coef[TS_FLAG_QUALITY] = 0.5;
    sc.buyers.dispute.coef[TS_FLAG_SLOW_REPLY] = 0.2;
    sc.product.quality_defect_prob = 0.3;
    sc.service.slow_reply_prob = 0.5;
    sc.service.dispute_reply_prob = 0.7;
    sc.service.arbitration_prob = 0.4;
    sc.service.seller_responsible_prob = 0.5;
    orders c = run(&sc, 0);
    double n[4] = {0}, d[4] = {0}, disputed = 0, noreply = 0, replied = 0, arb = 0, resp = 0;
    for (size_t i = 0; i < c.n; i++) {
        const ts_order *o = &c.v[i];
        int k = ((o->flags & TS_ORDER_QUALITY) ? 1 : 0) + ((o->flags & TS_ORDER_SLOW_REPLY) ? 2 : 0);
        n[k]++;
        if (!(o->flags & TS_ORDER_DISPUTED))
            continue;
        d[k]++;
        disputed++;
        if (o->event_day[TS_EV_DISPUTE_NO_REPLY] != TS_NEVER) {
            noreply++;
            continue;
        }
        replied++;
        if (o->event_day[TS_EV_ARBITRATION] != TS_NEVER) {
            arb++;
            resp += o->event_day[TS_EV_SELLER_RESPONSIBLE] != TS_NEVER;
        }
    }
    static const double want[4] = {0.1, 0.55, 0.28, 0.64};
    for (int k = 0; k < 4; k++)
        assert_within_4se(d[k] / n[k], want[k], se_p(want[k], n[k]));
    assert_within_4se(noreply / disputed, 0.3, se_p(0.3, disputed));
    assert_within_4se(arb / replied, 0.4, se_p(0.4, replied));
    assert_within_4se(resp / arb, 0.5, se_p(0.5, arb));
    free(c.v);
    ts_scenario_release(&sc);
}

/*
** Feedback in a flag-free world: feedback_prob 0.6 of the orders (all are
** delivered and undisputed); D = feedback day - end has, for W = 30 and
** mean 5 (q = 0.2), P(D = k) = 0.8^(k-1) 0.2 / (1 - 0.8^30). Overall low with
** probability base 1 -> stars 1/2/3 with weights 0.45/0.2/0.35; description
** never low (base 0) -> 5 with five_star_share 0.85, else 4; communication low
** with 0.3; shipping low with 0.02 (default base).
*/
static void test_feedback_delay_and_stars(void **state)
{
    (void)state;
    ts_scenario sc;
    clean_world(&sc, 42);
    sc.buyers.feedback_prob = 0.6;
    sc.buyers.negative_feedback.base = 1.0;
    sc.buyers.low_dsr[TS_DSR_DESCRIPTION].base = 0.0;
    sc.buyers.low_dsr[TS_DSR_COMMUNICATION].base = 0.3;
    orders c = run(&sc, 0);
    double fb = 0, delay[31] = {0}, stars[6] = {0}, desc[6] = {0}, comm_low = 0, ship_low = 0;
    for (size_t i = 0; i < c.n; i++) {
        const ts_order *o = &c.v[i];
        assert_int_equal(o->flags & ~TS_ORDER_DISPATCHED, 0);
        assert_int_equal(o->end, o->delivery + 5);
        if (o->feedback_day == TS_NEVER) {
            assert_int_equal(o->stars, 0);
            continue;
        }
        fb++;
        int32_t dd = o->feedback_day - o->end;
        assert_true(dd >= 1 && dd <= 30);
        delay[dd]++;
        stars[o->stars]++;
        desc[o->dsr[TS_DSR_DESCRIPTION]]++;
        comm_low += o->dsr[TS_DSR_COMMUNICATION] <= 3;
        ship_low += o->dsr[TS_DSR_SHIPPING] <= 3;
        assert_int_equal(o->revision_day, TS_NEVER); /* contact_prob 0 */
    }
    double n = (double)c.n;
    assert_within_4se(fb / n, 0.6, se_p(0.6, n));
    double z = 1.0 - pow(0.8, 30.0);
    for (int k = 1; k <= 30; k++) {
        double p = pow(0.8, k - 1) * 0.2 / z;
        assert_within_4se(delay[k] / fb, p, se_p(p, fb));
    }
    static const double w[3] = {0.45, 0.2, 0.35};
    for (int s = 1; s <= 3; s++)
        assert_within_4se(stars[s] / fb, w[s - 1], se_p(w[s - 1], fb));
    assert_double_near(stars[4] + stars[5], 0.0, 0.0);
    assert_double_near(desc[1] + desc[2] + desc[3], 0.0, 0.0);
    assert_within_4se(desc[5] / fb, 0.85, se_p(0.85, fb));
    assert_within_4se(comm_low / fb, 0.3, se_p(0.3, fb));
    assert_within_4se(ship_low / fb, 0.02, se_p(0.02, fb));
    free(c.v);
    ts_scenario_release(&sc);
}

/* The delay table by hand: q = 1 gives D = 1; W = 3, mean 2: weights 1, 1/2, 1/4 over 7/4. */
static void test_delay_table(void **state)
{
    (void)state;
    double cdf[3];
    ts_feedback_delay_cdf(3, 2.0, cdf);
    assert_double_near(cdf[0], 4.0 / 7.0, 1e-15);
    assert_double_near(cdf[1], 6.0 / 7.0, 1e-15);
    assert_double_near(cdf[2], 1.0, 0.0);
    assert_int_equal(ts_cdf_pick(cdf, 3, 0.0), 1);
    assert_int_equal(ts_cdf_pick(cdf, 3, 0.5), 1);
    assert_int_equal(ts_cdf_pick(cdf, 3, 0.6), 2);
    assert_int_equal(ts_cdf_pick(cdf, 3, 0.99), 3);
    ts_feedback_delay_cdf(3, 1.0, cdf);
    assert_int_equal(ts_cdf_pick(cdf, 3, 0.999), 1);
    /* the branch-free search equals a linear scan, ties and flat stretches included */
    static const double base[7] = {0.1, 0.1, 0.25, 0.5, 0.5, 0.9, 1.0};
    for (int32_t n = 1; n <= 7; n++) {
        double t[7];
        memcpy(t, base, sizeof t);
        t[n - 1] = 1.0;
        for (int i = 0; i <= 100; i++) {
            double u = i / 100.0 * 0.999999;
            int32_t k = 1;
            while (k < n && !(u < t[k - 1]))
                k++;
            assert_int_equal(ts_cdf_pick(t, n, u), k);
        }
    }
}

/*
** A gift tier with satisfaction 0.5 halves every low probability: overall
** low with base 0.4 becomes 0.2. Flags raise it by noisy-or: with quality
** prob 1 (every delivered order defective), description low = 1 - 0.98 x 0.4
** (defaults base 0.02, quality 0.6) = 0.608, x 0.5 = 0.304.
*/
static void test_gift_satisfaction(void **state)
{
    (void)state;
    ts_scenario sc;
    clean_world(&sc, 43);
    sc.days = 100;
    sc.buyers.feedback_prob = 1.0;
    sc.buyers.negative_feedback.base = 0.4;
    sc.buyers.dispute.coef[TS_FLAG_QUALITY] = 0.0; /* keep orders undisputed */
    sc.buyers.negative_feedback.coef[TS_FLAG_QUALITY] = 0.0;
    sc.product.quality_defect_prob = 1.0;
    sc.gifts.present = true;
    sc.gifts.n_tiers = 1;
    sc.gifts.tiers = ts_xcalloc(1, sizeof(ts_gift_tier));
    sc.gifts.tiers[0] = (ts_gift_tier){NULL, 0.0, 1.0, 10.0, 0.5};
    orders c = run(&sc, 0);
    double fb = 0, low = 0, dlow = 0;
    for (size_t i = 0; i < c.n; i++) {
        const ts_order *o = &c.v[i];
        assert_int_equal(o->gift_tier, 0);
        assert_true(o->flags & TS_ORDER_QUALITY);
        if (o->feedback_day == TS_NEVER)
            continue;
        fb++;
        low += o->stars <= 3;
        dlow += o->dsr[TS_DSR_DESCRIPTION] <= 3;
    }
    assert_within_4se(low / fb, 0.2, se_p(0.2, fb));
    assert_within_4se(dlow / fb, 0.304, se_p(0.304, fb));
    free(c.v);
    ts_scenario_release(&sc);
}

/*
** Revisions: feedbacks with overall stars <= 3 (base 0.5), contact 0.5,
** success 0.6, delay 3: immediate -> revised share 0.3 on feedback day + 3;
** auto -> success x 0.3: share 0.09, and every feedback takes effect on
** end + W = end + 30. Stars >= 4 are never revised. The DSR scores and the
** stars as left are the same, order by order, as without outreach.
*/
static void test_auto_and_revisions(void **state)
{
    (void)state;
    for (int mode = 0; mode < 2; mode++) {
        ts_scenario sc;
        clean_world(&sc, 44);
        sc.buyers.feedback_prob = 1.0;
        sc.buyers.negative_feedback.base = 0.5;
        sc.buyers.low_dsr[TS_DSR_SHIPPING].base = 0.3;
        sc.service.feedback_reply = mode ? TS_REPLY_AUTO : TS_REPLY_IMMEDIATE;
        orders before = run(&sc, 5);
        sc.service.revision.contact_prob = 0.5;
        sc.service.revision.success_prob = 0.6;
        orders c = run(&sc, 5);
        assert_int_equal(c.n, before.n);
        double low = 0, revised = 0;
        for (size_t i = 0; i < c.n; i++) {
            const ts_order *o = &c.v[i], *b = &before.v[i];
            assert_int_equal(o->pay, b->pay);
            assert_int_equal(o->stars, b->stars);
            assert_memory_equal(o->dsr, b->dsr, sizeof o->dsr);
            assert_int_equal(o->feedback_day, b->feedback_day);
            assert_int_equal(b->revision_day, TS_NEVER);
            if (o->feedback_day == TS_NEVER)
                continue;
            if (mode)
                assert_int_equal(o->feedback_day, o->end + 30);
            if (o->stars >= 4) {
                assert_int_equal(o->revision_day, TS_NEVER);
                continue;
            }
            low++;
            if (o->revision_day != TS_NEVER) {
                revised++;
                assert_int_equal(o->revision_day, o->feedback_day + 3);
            }
        }
        double p = mode ? 0.5 * 0.6 * 0.3 : 0.5 * 0.6;
        assert_within_4se(revised / low, p, se_p(p, low));
        free(c.v);
        free(before.v);
        ts_scenario_release(&sc);
    }
}

int main(void)
{
    gsl_set_error_handler_off(); /* as the program does (sim/cli/main.c) */
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_noisy_or),
        cmocka_unit_test(test_disputes),
        cmocka_unit_test(test_feedback_delay_and_stars),
        cmocka_unit_test(test_delay_table),
        cmocka_unit_test(test_gift_satisfaction),
        cmocka_unit_test(test_auto_and_revisions),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
