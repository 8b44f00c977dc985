/*
** test_model_fulfilment.c — docs/model.md §4: the capacity queue on hand-worked
** cases, its uniform random subset, gamma transit times, peak transit
** factors, stock-outs, late dispatch and delivery, and end days (§7).
*/
#include "testutil.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

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

/* Add a cohort of n orders of pay day p to q. */
static void add_cohort(ts_queue *q, int32_t p, size_t n, uint64_t rep)
{
    ts_pending buf[64];
    assert_true(n <= 64);
    for (size_t i = 0; i < n; i++)
        buf[i] = (ts_pending){.value = 1.0, .pay = p, .index = (uint32_t)i, .gift_tier = -1};
    ts_stream s;
    ts_stream_init(&s, 7, rep, p, TS_MECH_QUEUE, 0);
    ts_queue_add(q, p, buf, n, &s);
}

/*
** Capacity 10, 15 orders paid each day 0..5, handling 0, deadline 1. Worked
** by hand (cohort p is ready on p, closed unshipped after day p + 1):
**   day 0: 10 of c0 leave (5 of c0 wait).
**   day 1: c0's 5, then 5 of c1 (10 of c1 wait); c0's deadline: none left.
**   day 2: c1's 10; c1's deadline: none left; c2 waits whole.
**   day 3: 10 of c2; c2's deadline: 5 unshipped (closed day 4).
**   days 4, 5: likewise 10 of c3 / c4 dispatched, 5 unshipped.
**   day 6 (no new cohort): 10 of c5, 5 unshipped; the queue is empty.
*/
static void test_queue_worked_case(void **state)
{
    (void)state;
    ts_queue q;
    ts_queue_init(&q, 0, 1, 10);
    static const size_t want_disp[7] = {10, 10, 10, 10, 10, 10, 10};
    static const size_t want_unship[7] = {0, 0, 0, 5, 5, 5, 5};
    /* pay days of what leaves: counts per (day, pay day) */
    static const size_t want_from[7][6] = {
        {10, 0, 0, 0, 0, 0}, {5, 5, 0, 0, 0, 0}, {0, 10, 0, 0, 0, 0}, {0, 0, 10, 0, 0, 0},
        {0, 0, 0, 10, 0, 0}, {0, 0, 0, 0, 10, 0}, {0, 0, 0, 0, 0, 10}};
    for (int32_t c = 0; c < 7; c++) {
        if (c < 6)
            add_cohort(&q, c, 15, 0);
        ts_queue_day(&q, c);
        assert_int_equal(q.n_dispatched, want_disp[c]);
        assert_int_equal(q.n_unshipped, want_unship[c]);
        size_t from[6] = {0};
        for (size_t i = 0; i < q.n_dispatched; i++)
            from[q.dispatched[i].pay]++;
        for (int p = 0; p < 6; p++)
            assert_int_equal(from[p], want_from[c][p]);
        for (size_t i = 0; i < q.n_unshipped; i++)
            assert_int_equal(q.unshipped[i].pay, c - 1);
    }
    assert_true(ts_queue_empty(&q));
    ts_queue_release(&q);
}

/*
** Handling 2, deadline 3, capacity 4: cohorts of 6 on days 0 and 1 are ready
** on days 2 and 3. Day 2: 4 of c0. Day 3: c0's last 2, then 2 of c1; c0's
** deadline (0 + 3): none left. Day 4: c1's 4 remaining (c1's deadline is 4,
** nothing left). Capacity 0 dispatches nothing: every order closes unshipped
** after pay + deadline.
*/
static void test_queue_handling_and_zero_capacity(void **state)
{
    (void)state;
    ts_queue q;
    ts_queue_init(&q, 2, 3, 4);
    add_cohort(&q, 0, 6, 0);
    ts_queue_day(&q, 0);
    assert_int_equal(q.n_dispatched, 0);
    add_cohort(&q, 1, 6, 0);
    ts_queue_day(&q, 1);
    assert_int_equal(q.n_dispatched, 0);
    ts_queue_day(&q, 2);
    assert_int_equal(q.n_dispatched, 4);
    ts_queue_day(&q, 3);
    assert_int_equal(q.n_dispatched, 4);
    assert_int_equal(q.n_unshipped, 0);
    ts_queue_day(&q, 4);
    assert_int_equal(q.n_dispatched, 4);
    assert_int_equal(q.n_unshipped, 0);
    assert_true(ts_queue_empty(&q));
    ts_queue_release(&q);

    ts_queue_init(&q, 0, 2, 0);
    add_cohort(&q, 0, 5, 0);
    ts_queue_day(&q, 0);
    ts_queue_day(&q, 1);
    assert_int_equal(q.n_unshipped, 0);
    ts_queue_day(&q, 2);
    assert_int_equal(q.n_dispatched, 0);
    assert_int_equal(q.n_unshipped, 5);
    assert_true(ts_queue_empty(&q));
    ts_queue_release(&q);
}

/*
** The subset is uniform: with 15 orders and capacity 10, each order leaves on
** day 0 with probability 10/15 (SE sqrt(p(1-p)/R) over R independent
** cohorts), whatever its index; and the 10 picked are distinct.
*/
static void test_queue_uniform_subset(void **state)
{
    (void)state;
    enum { R = 20000, N = 15, K = 10 };
    double hits[N] = {0};
    ts_queue q;
    ts_queue_init(&q, 0, 5, K);
    for (uint64_t r = 0; r < R; r++) {
        ts_queue_reset(&q);
        add_cohort(&q, 0, N, r);
        ts_queue_day(&q, 0);
        assert_int_equal(q.n_dispatched, K);
        unsigned seen = 0;
        for (size_t i = 0; i < q.n_dispatched; i++) {
            uint32_t idx = q.dispatched[i].index;
            assert_false(seen & (1u << idx));
            seen |= 1u << idx;
            hits[idx] += 1.0;
        }
    }
    double p = (double)K / N, se = sqrt(p * (1 - p) / R);
    for (int i = 0; i < N; i++)
        assert_within_4se(hits[i] / R, p, se);
    ts_queue_release(&q);
}

/*
** Gamma transit (m = 18, sd = 7): shape k = m^2/sd^2, scale th = sd^2/m;
** mean k th = 18, variance k th^2 = 49; 4th cumulant 6 k th^4, so
** Var(s^2) ~ (6 k th^4 + 2 sd^4)/n. sd = 0 gives exactly m. The first
** attempt takes two fixed slots, later ones the TS_MECH_TRANSIT stream.
** Shape < 1 (m = 2, sd = 3: k = 4/9, th = 4.5) goes through the boost
** Gamma(k+1) U^(1/k): mean 2, variance 9.
*/
static void test_transit_gamma(void **state)
{
    (void)state;
    enum { N = 60000 };
    ts_carrier c = {NULL, 1.0, 18.0, 7.0, 0.0, 45};
    double *x = ts_xcalloc(N, sizeof *x), s = 0, ss = 0;
    for (uint32_t i = 0; i < N; i++) {
        ts_stream slots, more;
        ts_stream_init(&slots, 3, 0, 0, TS_MECH_ORDER, i);
        ts_stream_init(&more, 3, 0, 0, TS_MECH_TRANSIT, i);
        double u1 = ts_stream_uniform_pos(&slots), u2 = ts_stream_uniform_pos(&slots);
        x[i] = ts_transit_draw(&c, u1, u2, &more);
        assert_true(x[i] > 0.0);
        s += x[i];
    }
    double mean = s / N;
    for (int i = 0; i < N; i++)
        ss += (x[i] - mean) * (x[i] - mean);
    double var = ss / (N - 1);
    double k = 18.0 * 18.0 / 49.0, th = 49.0 / 18.0;
    assert_within_4se(mean, 18.0, sqrt(49.0 / N));
    assert_within_4se(var, 49.0, sqrt((6.0 * k * pow(th, 4) + 2.0 * 49.0 * 49.0) / N));
    c.transit_sd_days = 0.0;
    ts_stream more;
    ts_stream_init(&more, 3, 0, 0, TS_MECH_TRANSIT, 0);
    assert_double_near(ts_transit_draw(&c, 0.5, 0.5, &more), 18.0, 0.0);

    ts_carrier small = {NULL, 1.0, 2.0, 3.0, 0.0, 45};
    s = 0;
    ss = 0;
    for (uint32_t i = 0; i < N; i++) {
        ts_stream slots;
        ts_stream_init(&slots, 4, 0, 0, TS_MECH_ORDER, i);
        ts_stream_init(&more, 4, 0, 0, TS_MECH_TRANSIT, i);
        double u1 = ts_stream_uniform_pos(&slots), u2 = ts_stream_uniform_pos(&slots);
        x[i] = ts_transit_draw(&small, u1, u2, &more);
        assert_true(x[i] > 0.0);
        s += x[i];
    }
    mean = s / N;
    for (int i = 0; i < N; i++)
        ss += (x[i] - mean) * (x[i] - mean);
    k = 4.0 / 9.0;
    th = 4.5;
    assert_within_4se(mean, 2.0, sqrt(9.0 / N));
    assert_within_4se(ss / (N - 1), 9.0, sqrt((6.0 * k * pow(th, 4) + 2.0 * 81.0) / N));
    free(x);
}

/*
** Transit factor: peak A [10, 10 + 5 + 3) x1.5, peak B [15, 15 + 2 + 0) x2.
** Day 9: 1; 10: 1.5; 15, 16: 3 (both); 17: 1.5 (A's aftermath); 18: 1.
** Transit days = max(1, ceil(T)).
*/
static void test_transit_factor_and_days(void **state)
{
    (void)state;
    ts_scenario sc;
    ts_scenario_init_defaults(&sc);
    sc.volume.n_events = 2;
    sc.volume.events = ts_xcalloc(2, sizeof(ts_peak));
    sc.volume.events[0] = (ts_peak){NULL, 10, 5, 1.0, 1.5, 3};
    sc.volume.events[1] = (ts_peak){NULL, 15, 2, 1.0, 2.0, 0};
    assert_double_near(ts_transit_factor(&sc, 9), 1.0, 0.0);
    assert_double_near(ts_transit_factor(&sc, 10), 1.5, 0.0);
    assert_double_near(ts_transit_factor(&sc, 15), 3.0, 0.0);
    assert_double_near(ts_transit_factor(&sc, 16), 3.0, 0.0);
    assert_double_near(ts_transit_factor(&sc, 17), 1.5, 0.0);
    assert_double_near(ts_transit_factor(&sc, 18), 1.0, 0.0);
    assert_int_equal(ts_transit_days(0.2), 1);
    assert_int_equal(ts_transit_days(1.0), 1);
    assert_int_equal(ts_transit_days(1.0001), 2);
    assert_int_equal(ts_transit_days(17.5), 18);
    assert_int_equal(ts_transit_days(18.0), 18);
    assert_int_equal(ts_transit_days(0.0), 1);
    assert_int_equal(ts_transit_days(-3.5), 1);
    assert_int_equal(ts_transit_days(NAN), 1);
    assert_int_equal(ts_transit_days(1e300), INT32_MAX / 2);
    assert_int_equal(ts_transit_days((double)(INT32_MAX / 2) - 0.5), INT32_MAX / 2);
    assert_int_equal(ts_transit_days((double)(INT32_MAX / 2) + 0.5), INT32_MAX / 2);
    ts_scenario_release(&sc);
}

/*
** In the simulation, without capacity: sd = 0 and mean 10.2 gives 11 transit
** days; dispatch days in a peak's [start, start + days + aftermath) with
** factor 1.5 give ceil(15.3) = 16. Dispatch = pay + handling; stock-outs close
** on pay + handling; a lost parcel has no delivery, quality or mismatch.
*/
static void test_simulated_dispatch_and_transit(void **state)
{
    (void)state;
    ts_scenario sc;
    ts_scenario_init_defaults(&sc);
    sc.seed = 9;
    sc.days = 60;
    sc.warmup_days = 5;
    sc.volume.daily_orders = 50.0;
    sc.volume.n_events = 1;
    sc.volume.events = ts_xcalloc(1, sizeof(ts_peak));
    sc.volume.events[0] = (ts_peak){NULL, 20, 10, 1.0, 1.5, 5}; /* dispatch days 20..34 */
    sc.fulfilment.handling_days = 3;
    sc.fulfilment.stockout_prob = 0.1;
    sc.fulfilment.carriers[0].transit_mean_days = 10.2;
    sc.fulfilment.carriers[0].transit_sd_days = 0.0;
    sc.fulfilment.carriers[0].lost_prob = 0.1;
    sc.product.quality_defect_prob = 0.5;
    sc.product.description_mismatch_prob = 0.5;
    double money[TS_MONEY_FIXED_FIELDS];
    orders c = run(&sc, 0, money);
    size_t stockouts = 0, lost = 0;
    for (size_t i = 0; i < c.n; i++) {
        const ts_order *o = &c.v[i];
        if (!(o->flags & TS_ORDER_DISPATCHED)) {
            stockouts++;
            assert_int_equal(o->end, o->pay + 3);
            assert_int_equal(o->event_day[TS_EV_NOT_SHIPPED], o->pay + 3);
            assert_int_equal(o->dispatch, TS_NEVER);
            assert_int_equal(o->delivery, TS_NEVER);
            assert_int_equal(o->flags & ~TS_ORDER_TOPUP, 0);
            continue;
        }
        assert_int_equal(o->event_day[TS_EV_NOT_SHIPPED], TS_NEVER);
        assert_int_equal(o->dispatch, o->pay + 3);
        assert_int_equal(o->event_day[TS_EV_LATE_DISPATCH], TS_NEVER); /* 3 <= late_after 3 */
        if (o->flags & TS_ORDER_LOST) {
            lost++;
            assert_int_equal(o->delivery, TS_NEVER);
            assert_int_equal(o->flags & (TS_ORDER_QUALITY | TS_ORDER_MISMATCH | TS_ORDER_LATE), 0);
            assert_int_equal(o->event_day[TS_EV_LOST], o->pay + 45);
            continue;
        }
        int in_peak = o->dispatch >= 20 && o->dispatch < 35;
        assert_int_equal(o->delivery - o->dispatch, in_peak ? 16 : 11);
        assert_int_equal(o->event_day[TS_EV_LATE_DELIVERY], TS_NEVER);
    }
    /* stock-out share 0.1 of all orders; lost share 0.1 of dispatched */
    double n = (double)c.n, nd = n - (double)stockouts;
    assert_within_4se((double)stockouts / n, 0.1, sqrt(0.09 / n));
    assert_within_4se((double)lost / nd, 0.1, sqrt(0.09 / nd));
    free(c.v);
    ts_scenario_release(&sc);
}

/*
** With a capacity in the simulation: 30 orders a day on average, capacity
** 25, handling 1, late after 2, deadline 4. Every order leaves the queue on a
** day in [pay + 1, pay + 4] or closes unshipped on pay + 5; dispatches on a
** day never exceed 25; a dispatch after pay + 2 carries late_dispatch; and
** every order paid is visited exactly once (count = money's orders for the
** horizon).
*/
static void test_simulated_capacity(void **state)
{
    (void)state;
    ts_scenario sc;
    ts_scenario_init_defaults(&sc);
    sc.seed = 4;
    sc.days = 200;
    sc.warmup_days = 10;
    sc.volume.daily_orders = 30.0;
    sc.fulfilment.handling_days = 1;
    sc.fulfilment.late_after_days = 2;
    sc.fulfilment.ship_deadline_days = 4;
    sc.fulfilment.capacity_per_day = 25;
    sc.fulfilment.stockout_prob = 0.0;
    double money[TS_MONEY_FIXED_FIELDS];
    orders c = run(&sc, 2, money);
    size_t per_day[260] = {0}, horizon = 0, unshipped = 0, late = 0;
    for (size_t i = 0; i < c.n; i++) {
        const ts_order *o = &c.v[i];
        if (o->pay >= 0)
            horizon++;
        if (o->flags & TS_ORDER_DISPATCHED) {
            assert_true(o->dispatch >= o->pay + 1 && o->dispatch <= o->pay + 4);
            per_day[o->dispatch + 10]++;
            bool is_late = o->dispatch > o->pay + 2;
            late += is_late;
            assert_int_equal(o->event_day[TS_EV_LATE_DISPATCH], is_late ? o->dispatch : TS_NEVER);
        } else {
            unshipped++;
            assert_int_equal(o->end, o->pay + 5);
            assert_int_equal(o->event_day[TS_EV_NOT_SHIPPED], o->pay + 5);
        }
    }
    for (size_t d = 0; d < 260; d++)
        assert_true(per_day[d] <= 25);
    assert_true(unshipped > 0 && late > 0); /* mean 30 > 25: the queue binds */
    assert_double_near(money[TS_MONEY_ORDERS], (double)horizon, 0.0);
    free(c.v);
    ts_scenario_release(&sc);
}

/*
** End days (docs/model.md §7), order by order, with probabilities raised so every
** case occurs: not shipped -> close day; disputed -> the dispute's close day
** (no reply: open + 5; arbitrated: open + escalation + ruling; else open +
** close_days); lost undisputed -> pay + promised; delivered undisputed ->
** delivery + confirm_days. Open day: lost -> pay + promised; delivered ->
** delivery + open delay.
*/
static void test_end_days(void **state)
{
    (void)state;
    ts_scenario sc;
    ts_scenario_init_defaults(&sc);
    sc.seed = 21;
    sc.days = 100;
    sc.volume.daily_orders = 100.0;
    sc.fulfilment.stockout_prob = 0.05;
    sc.fulfilment.carriers[0].lost_prob = 0.1;
    sc.buyers.dispute.base = 0.3;
    sc.service.dispute_reply_prob = 0.7;
    sc.service.arbitration_prob = 0.5;
    double money[TS_MONEY_FIXED_FIELDS];
    orders c = run(&sc, 0, money);
    size_t seen[6] = {0};
    for (size_t i = 0; i < c.n; i++) {
        const ts_order *o = &c.v[i];
        const int32_t *ev = o->event_day;
        bool lost = o->flags & TS_ORDER_LOST;
        if (!(o->flags & TS_ORDER_DISPATCHED)) {
            assert_int_equal(o->end, ev[TS_EV_NOT_SHIPPED]);
            seen[0]++;
        } else if (o->flags & TS_ORDER_DISPUTED) {
            int32_t open = lost ? o->pay + 45 : o->delivery + 3;
            assert_int_equal(ev[TS_EV_DISPUTE], open);
            if (ev[TS_EV_DISPUTE_NO_REPLY] != TS_NEVER) {
                assert_int_equal(ev[TS_EV_DISPUTE_NO_REPLY], open + 5);
                assert_int_equal(ev[TS_EV_ARBITRATION], TS_NEVER);
                assert_int_equal(o->end, open + 5);
                seen[1]++;
            } else if (ev[TS_EV_ARBITRATION] != TS_NEVER) {
                assert_int_equal(ev[TS_EV_ARBITRATION], open + 7);
                assert_true(ev[TS_EV_SELLER_RESPONSIBLE] == TS_NEVER ||
                            ev[TS_EV_SELLER_RESPONSIBLE] == open + 17);
                assert_int_equal(o->end, open + 17);
                assert_int_equal(o->feedback_day, TS_NEVER); /* arbitrated: no feedback */
                seen[2]++;
            } else {
                assert_int_equal(o->end, open + 7);
                seen[3]++;
            }
        } else if (lost) {
            assert_int_equal(o->end, o->pay + 45);
            seen[4]++;
        } else {
            assert_int_equal(o->end, o->delivery + 5);
            seen[5]++;
        }
        if (lost || !(o->flags & TS_ORDER_DISPATCHED))
            assert_int_equal(o->feedback_day, TS_NEVER);
        if (!(o->flags & TS_ORDER_DISPUTED))
            for (int k = TS_EV_DISPUTE; k <= TS_EV_SELLER_RESPONSIBLE; k++)
                assert_int_equal(ev[k], TS_NEVER);
    }
    for (int k = 0; k < 6; k++)
        assert_true(seen[k] > 0);
    free(c.v);
    ts_scenario_release(&sc);
}

int main(void)
{
    gsl_set_error_handler_off(); /* as the program does (sim/cli/main.c) */
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_queue_worked_case),
        cmocka_unit_test(test_queue_handling_and_zero_capacity),
        cmocka_unit_test(test_queue_uniform_subset),
        cmocka_unit_test(test_transit_gamma),
        cmocka_unit_test(test_transit_factor_and_days),
        cmocka_unit_test(test_simulated_dispatch_and_transit),
        cmocka_unit_test(test_simulated_capacity),
        cmocka_unit_test(test_end_days),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
