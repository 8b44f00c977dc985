/*
** test_eval_scores.c — the score metric kinds of docs/rulebooks.md "Scores"
** (points, sum, daily_mean, peer_rank, mean_days) and the dispute_reason
** event in models/evaluate.c, on hand-built orders under rulebooks built in
** C, each value compared with a hand computation or a brute-force one from
** the calendar (sim/base/date.h).
*/
#include "testutil.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "evaluate.h"
#include "eval_orders.h"

/* ---- rulebooks built in C (ts_load is not linked) ---- */

static ts_rulebook *rb_new(int window)
{
    ts_rulebook *rb = ts_xcalloc(1, sizeof *rb);
    rb->name = ts_xstrdup("scores");
    rb->window_days = window;
    rb->anchor = TS_ANCHOR_END;
    return rb;
}

static size_t add_event(ts_rulebook *rb, const char *name, ts_event_kind kind)
{
    rb->events = ts_xrealloc(rb->events, (rb->n_events + 1) * sizeof *rb->events);
    ts_rule_event *e = &rb->events[rb->n_events];
    memset(e, 0, sizeof *e);
    e->name = ts_xstrdup(name);
    e->kind = kind;
    return rb->n_events++;
}

static size_t add_metric(ts_rulebook *rb, const char *name, ts_metric_kind kind)
{
    rb->metrics = ts_xrealloc(rb->metrics, (rb->n_metrics + 1) * sizeof *rb->metrics);
    ts_metric *m = &rb->metrics[rb->n_metrics];
    memset(m, 0, sizeof *m);
    m->name = ts_xstrdup(name);
    m->kind = kind;
    m->window_days = rb->window_days;
    m->anchor = rb->anchor;
    m->clip_min = -HUGE_VAL;
    m->clip_max = HUGE_VAL;
    return rb->n_metrics++;
}

/* A rate or count over one event. */
static size_t add_event_metric(ts_rulebook *rb, const char *name, ts_metric_kind kind, size_t event)
{
    size_t m = add_metric(rb, name, kind);
    rb->metrics[m].events = ts_xcalloc(1, sizeof(size_t));
    rb->metrics[m].events[0] = event;
    rb->metrics[m].n_events = 1;
    return m;
}

/* A metric of metrics over `of` (one index, or n of them for sum). */
static size_t add_derived(ts_rulebook *rb, const char *name, ts_metric_kind kind, const size_t *of, size_t n)
{
    size_t m = add_metric(rb, name, kind);
    rb->metrics[m].of = ts_xcalloc(n, sizeof(size_t));
    memcpy(rb->metrics[m].of, of, n * sizeof(size_t));
    rb->metrics[m].n_of = n;
    return m;
}

static void set_ladder(ts_metric *m, const ts_rung *rungs, size_t n)
{
    m->ladder = ts_xcalloc(n, sizeof *rungs);
    memcpy(m->ladder, rungs, n * sizeof *rungs);
    m->n_rungs = n;
}

/* ---- orders and one evaluated replication ---- */

static ts_order mk(int32_t end)
{
    return ts_test_order(end - 20, end);
}

typedef struct {
    int32_t days;
    size_t nm;
    double *daily;          /* [days][nm] */
    double metrics[4 * 16];
    int32_t tiers[4];
} rep;

/* Evaluate orders under rb over `days` days from `start`, evaluations evals. */
static void run(ts_rulebook *rb, const char *start, int32_t days, const int32_t *evals, size_t n_eval,
                const ts_order *orders, size_t n, rep *r)
{
    assert_true(n_eval <= 4 && rb->n_metrics <= 16);
    ts_scenario sc;
    memset(&sc, 0, sizeof sc);
    assert_true(ts_date_parse(start, &sc.start));
    sc.rules = rb;
    sc.days = days;
    sc.evaluations = (int32_t *)(uintptr_t)evals;
    sc.n_evaluations = n_eval;
    memset(r, 0, sizeof *r);
    r->days = days;
    r->nm = rb->n_metrics;
    r->daily = ts_xcalloc((size_t)days * rb->n_metrics, sizeof *r->daily);
    double assessed[4], events[4 * 16];
    ts_eval *ev = ts_eval_new(&sc);
    ts_order junk = mk(3); /* a replication that reset must forget */
    junk.event_day[TS_EV_NOT_SHIPPED] = 1;
    ts_eval_add(ev, &junk);
    ts_eval_reset(ev);
    for (size_t i = n; i-- > 0;)
        ts_eval_add(ev, &orders[i]);
    ts_rep_out out = {assessed, r->metrics, r->tiers, events, r->daily};
    ts_eval_finish(ev, &out);
    ts_eval_free(ev);
}

static double at(const rep *r, int32_t d, size_t m)
{
    return r->daily[(size_t)d * r->nm + m];
}

static void rep_free(rep *r)
{
    free(r->daily);
}

/*
** The staircase: one not_shipped order per day 0..days-1, all ending on day
** 0 under a 3660-day window, so the count of not_shipped is d + 1 on day d
** (and 0 before day 0).
*/
static ts_order *staircase(int32_t days)
{
    ts_order *o = ts_xcalloc((size_t)days, sizeof *o);
    for (int32_t d = 0; d < days; d++) {
        o[d] = mk(0);
        o[d].event_day[TS_EV_NOT_SHIPPED] = d;
    }
    return o;
}

static const int32_t E0[1] = {0};

/* ---- points ---- */

/*
** at_most ladder 3 -> 10, 5 -> 6, otherwise 0 on the staircase d + 1: at,
** either side of each rung; interpolated 10 + (v - 3) / 2 * (6 - 10) on (3, 5].
*/
static void test_points_at_most(void **state)
{
    (void)state;
    ts_rulebook *rb = rb_new(3660);
    size_t ev = add_event(rb, "ns", TS_EV_NOT_SHIPPED);
    size_t c = add_event_metric(rb, "count", TS_METRIC_COUNT, ev);
    const ts_rung rungs[2] = {{false, 3.0, 10.0}, {false, 5.0, 6.0}};
    size_t p = add_derived(rb, "pts", TS_METRIC_POINTS, &c, 1);
    set_ladder(&rb->metrics[p], rungs, 2);
    rb->metrics[p].has_otherwise = true;
    rb->metrics[p].otherwise = 0.0;
    size_t q = add_derived(rb, "pts_lin", TS_METRIC_POINTS, &c, 1);
    set_ladder(&rb->metrics[q], rungs, 2);
    rb->metrics[q].interpolate = true; /* no otherwise: undefined past the last rung */
    ts_order *o = staircase(10);
    rep r;
    run(rb, "2026-01-01", 10, E0, 1, o, 10, &r);
    const double step[7] = {10, 10, 10, 6, 6, 0, 0};       /* values 1..7 */
    const double lin[5] = {10, 10, 10, 8, 6};              /* values 1..5 */
    for (int32_t d = 0; d < 7; d++) {
        assert_double_near(at(&r, d, c), d + 1.0, 0.0);
        assert_double_near(at(&r, d, p), step[d], 0.0);
        if (d < 5)
            assert_double_near(at(&r, d, q), lin[d], 1e-12);
        else
            assert_true(isnan(at(&r, d, q)));
    }
    rep_free(&r);
    free(o);
    ts_rulebook_free(rb);
}

/* at_least ladder 5 -> 2, 3 -> 1, otherwise -4 (points may be negative); interpolation 1 + (v - 3) / 2. */
static void test_points_at_least(void **state)
{
    (void)state;
    ts_rulebook *rb = rb_new(3660);
    size_t ev = add_event(rb, "ns", TS_EV_NOT_SHIPPED);
    size_t c = add_event_metric(rb, "count", TS_METRIC_COUNT, ev);
    const ts_rung rungs[2] = {{true, 5.0, 2.0}, {true, 3.0, 1.0}};
    size_t p = add_derived(rb, "pts", TS_METRIC_POINTS, &c, 1);
    set_ladder(&rb->metrics[p], rungs, 2);
    rb->metrics[p].has_otherwise = true;
    rb->metrics[p].otherwise = -4.0;
    rb->metrics[p].interpolate = true;
    ts_order *o = staircase(8);
    rep r;
    run(rb, "2026-01-01", 8, E0, 1, o, 8, &r);
    /* values 1, 2: no rung -> -4; 3 -> 1; 4 -> 1.5; 5, 6, 7 -> 2 */
    const double want[7] = {-4, -4, 1, 1.5, 2, 2, 2};
    for (int32_t d = 0; d < 7; d++)
        assert_double_near(at(&r, d, p), want[d], 1e-12);
    rep_free(&r);
    free(o);
    ts_rulebook_free(rb);
}

/*
** missing: a rate over a 1-day window is defined only on days an order ends;
** points of it take `missing` on the others, or stay undefined without it.
*/
static void test_points_missing(void **state)
{
    (void)state;
    ts_rulebook *rb = rb_new(1);
    size_t ev = add_event(rb, "ns", TS_EV_NOT_SHIPPED);
    size_t rt = add_event_metric(rb, "rate", TS_METRIC_RATE, ev);
    const ts_rung rung = {false, 0.0, 15.0};
    size_t p = add_derived(rb, "with_missing", TS_METRIC_POINTS, &rt, 1);
    set_ladder(&rb->metrics[p], &rung, 1);
    rb->metrics[p].has_otherwise = true;
    rb->metrics[p].otherwise = 5.0;
    rb->metrics[p].has_missing = true;
    rb->metrics[p].missing = 12.5;
    size_t q = add_derived(rb, "without", TS_METRIC_POINTS, &rt, 1);
    set_ladder(&rb->metrics[q], &rung, 1);
    rb->metrics[q].has_otherwise = true;
    rb->metrics[q].otherwise = 5.0;
    ts_order o[3] = {mk(2), mk(4), mk(4)};
    o[2].event_day[TS_EV_NOT_SHIPPED] = 4; /* day 4: rate 1/2 */
    rep r;
    run(rb, "2026-01-01", 6, E0, 1, o, 3, &r);
    assert_true(isnan(at(&r, 1, rt)));
    assert_double_near(at(&r, 1, p), 12.5, 0.0);
    assert_true(isnan(at(&r, 1, q)));
    assert_double_near(at(&r, 2, p), 15.0, 0.0); /* rate 0 <= 0 */
    assert_double_near(at(&r, 4, p), 5.0, 0.0);  /* rate 0.5: otherwise */
    assert_double_near(at(&r, 4, q), 5.0, 0.0);
    rep_free(&r);
    ts_rulebook_free(rb);
}

/* ---- sum ---- */

/* 2 * count - 0.5 * count clipped to [-inf, 6]; with an undefined part the sum is undefined. */
static void test_sum_weights_clip(void **state)
{
    (void)state;
    ts_rulebook *rb = rb_new(3660);
    size_t ev = add_event(rb, "ns", TS_EV_NOT_SHIPPED);
    size_t c = add_event_metric(rb, "count", TS_METRIC_COUNT, ev);
    size_t rt = add_event_metric(rb, "rate", TS_METRIC_RATE, ev);
    rb->metrics[rt].window_days = 1; /* defined only on day 0, where the orders end */
    const size_t two[2] = {c, c};
    size_t s = add_derived(rb, "sum", TS_METRIC_SUM, two, 2);
    rb->metrics[s].weights = ts_xcalloc(2, sizeof(double));
    rb->metrics[s].weights[0] = 2.0;
    rb->metrics[s].weights[1] = -0.5;
    rb->metrics[s].clip_max = 6.0;
    size_t lo = add_derived(rb, "floor", TS_METRIC_SUM, two, 2);
    rb->metrics[lo].clip_min = 5.0;
    const size_t mixed[2] = {c, rt};
    size_t u = add_derived(rb, "mixed", TS_METRIC_SUM, mixed, 2);
    ts_order *o = staircase(6);
    rep r;
    run(rb, "2026-01-01", 6, E0, 1, o, 6, &r);
    for (int32_t d = 0; d < 6; d++) {
        double v = d + 1.0, want = 1.5 * v;
        assert_double_near(at(&r, d, s), want > 6.0 ? 6.0 : want, 1e-12);
        assert_double_near(at(&r, d, lo), 2 * v < 5.0 ? 5.0 : 2 * v, 0.0);
    }
    assert_double_near(at(&r, 0, u), 1.0 + 1.0 / 6.0, 1e-12); /* day 0: 1 of 6 ended orders not shipped */
    assert_true(isnan(at(&r, 1, u)));
    rep_free(&r);
    free(o);
    ts_rulebook_free(rb);
}

/* ---- daily_mean ---- */

/*
** Brute force from the calendar: the mean of the staircase (d + 1 from day 0,
** 0 before) over the calendar days lo..hi given as dates.
*/
static double stair_mean(ts_civil start, ts_civil lo, ts_civil hi)
{
    double sum = 0;
    int n = 0;
    for (ts_civil x = lo; x <= hi; x++, n++)
        sum += x - start >= 0 ? (double)(x - start) + 1.0 : 0.0;
    return sum / n;
}

/*
** previous_month from 2024-02-10 over 100 days: the leap February (29 days)
** graded on 1 March, a 31-day March on 1 and 30 April, a 30-day April on
** 1 May; every day of a month the same; January (before day 0) all 0.
*/
static void test_daily_mean_previous_month(void **state)
{
    (void)state;
    ts_rulebook *rb = rb_new(3660);
    size_t ev = add_event(rb, "ns", TS_EV_NOT_SHIPPED);
    size_t c = add_event_metric(rb, "count", TS_METRIC_COUNT, ev);
    size_t m = add_derived(rb, "prev", TS_METRIC_DAILY_MEAN, &c, 1);
    rb->metrics[m].period = TS_PERIOD_PREVIOUS_MONTH;
    assert_int_equal(ts_rulebook_lookback(rb, SIZE_MAX), 61);
    assert_int_equal(ts_rulebook_longest_window(rb), 3660 + 61);
    ts_order *o = staircase(100);
    const int32_t evals[3] = {20, 51, 81};
    rep r;
    run(rb, "2024-02-10", 100, evals, 3, o, 100, &r);
    ts_civil start = ts_date_from_ymd(2024, 2, 10);
    double feb = stair_mean(start, ts_date_from_ymd(2024, 2, 1), ts_date_from_ymd(2024, 2, 29));
    double mar = stair_mean(start, ts_date_from_ymd(2024, 3, 1), ts_date_from_ymd(2024, 3, 31));
    double apr = stair_mean(start, ts_date_from_ymd(2024, 4, 1), ts_date_from_ymd(2024, 4, 30));
    assert_double_near(feb, 210.0 / 29.0, 1e-12); /* hand: days 0..19 give 1..20, 9 days of 0 */
    assert_double_near(mar, 36.0, 1e-12);          /* hand: 21..51 */
    assert_double_near(apr, 66.5, 1e-12);          /* hand: 52..81 */
    for (int32_t d = 0; d < 20; d++)
        assert_double_near(at(&r, d, m), 0.0, 0.0); /* February days: January's zeros */
    for (int32_t d = 20; d <= 50; d++)
        assert_double_near(at(&r, d, m), feb, 1e-12);
    for (int32_t d = 51; d <= 80; d++)
        assert_double_near(at(&r, d, m), mar, 1e-12);
    assert_double_near(at(&r, 81, m), apr, 1e-12);
    assert_double_near(r.metrics[0 * r.nm + m], feb, 1e-12); /* evaluation on the 1st */
    assert_double_near(r.metrics[2 * r.nm + m], apr, 1e-12);
    rep_free(&r);
    free(o);
    ts_rulebook_free(rb);
}

/*
** Undefined days are left out: a rate over a 1-day window is defined on the
** days an order ends (every third day, rate 1 on days divisible by 6, else 0).
** month_to_date restarts on the 1st and counts the day itself; {"days": 7}
** takes the 7 days before. All against a brute force over the daily values.
*/
static void test_daily_mean_undefined_days(void **state)
{
    (void)state;
    ts_rulebook *rb = rb_new(1);
    size_t ev = add_event(rb, "ns", TS_EV_NOT_SHIPPED);
    size_t rt = add_event_metric(rb, "rate", TS_METRIC_RATE, ev);
    size_t mtd = add_derived(rb, "mtd", TS_METRIC_DAILY_MEAN, &rt, 1);
    rb->metrics[mtd].period = TS_PERIOD_MONTH_TO_DATE;
    size_t wk = add_derived(rb, "week", TS_METRIC_DAILY_MEAN, &rt, 1);
    rb->metrics[wk].period = TS_PERIOD_DAYS;
    rb->metrics[wk].period_days = 7;
    size_t pm = add_derived(rb, "prev", TS_METRIC_DAILY_MEAN, &rt, 1);
    rb->metrics[pm].period = TS_PERIOD_PREVIOUS_MONTH;
    const int32_t days = 75;
    ts_order o[40];
    size_t n = 0;
    for (int32_t d = -30; d < days && n < 40; d += 3) {
        o[n] = mk(d);
        if (((d % 6) + 6) % 6 == 0)
            o[n].event_day[TS_EV_NOT_SHIPPED] = d;
        n++;
    }
    rep r;
    run(rb, "2026-01-20", days, E0, 1, o, n, &r); /* day 12 is 1 February, day 40 is 1 March */
    /* the as-of rate, from the orders, on day x (also before day 0) */
    for (int32_t d = 0; d < days; d++) {
        double want = (((d + 30) % 3) == 0) ? ((((d % 6) + 6) % 6 == 0) ? 1.0 : 0.0) : (double)NAN;
        if (isnan(want))
            assert_true(isnan(at(&r, d, rt)));
        else
            assert_double_near(at(&r, d, rt), want, 0.0);
    }
    ts_civil start = ts_date_from_ymd(2026, 1, 20);
    for (int32_t d = 0; d < days; d++) {
        int y, mo, md;
        ts_date_to_ymd(start + d, &y, &mo, &md);
        double s1 = 0, s2 = 0, s3 = 0;
        int n1 = 0, n2 = 0, n3 = 0;
        for (int32_t x = -40; x <= d; x++) {
            bool defined = ((x + 30) % 3) == 0 && x >= -30;
            double v = (((x % 6) + 6) % 6 == 0) ? 1.0 : 0.0;
            int yy, mm, dd;
            ts_date_to_ymd(start + x, &yy, &mm, &dd);
            if (!defined)
                continue;
            if (yy == y && mm == mo) {
                s1 += v;
                n1++;
            }
            if (x >= d - 7 && x <= d - 1) {
                s2 += v;
                n2++;
            }
            if ((yy * 12 + mm) == (y * 12 + mo) - 1) {
                s3 += v;
                n3++;
            }
        }
        double w1 = n1 ? s1 / n1 : (double)NAN, w2 = n2 ? s2 / n2 : (double)NAN, w3 = n3 ? s3 / n3 : (double)NAN;
        const double got[3] = {at(&r, d, mtd), at(&r, d, wk), at(&r, d, pm)}, want[3] = {w1, w2, w3};
        for (int k = 0; k < 3; k++) {
            if (isnan(want[k]))
                assert_true(isnan(got[k]));
            else
                assert_double_near(got[k], want[k], 1e-12);
        }
    }
    /* by hand: 1 February (day 12) restarts the month: its own rate 1; 2 February (undefined) keeps
       it; 4 February adds a 0; 7 February a 1 */
    assert_double_near(at(&r, 12, mtd), 1.0, 0.0);
    assert_double_near(at(&r, 13, mtd), 1.0, 0.0);
    assert_double_near(at(&r, 15, mtd), 0.5, 0.0);
    assert_double_near(at(&r, 18, mtd), 2.0 / 3.0, 1e-15);
    rep_free(&r);
    ts_rulebook_free(rb);
}

/* ---- peer_rank ---- */

/*
** Peers [[1, 0.2], [3, 0.6], [5, 0.9]] at the values 0.5 .. 6 (half the
** staircase and the staircase): at, between and beyond the table points,
** for "higher" and "lower".
*/
static void test_peer_rank(void **state)
{
    (void)state;
    ts_rulebook *rb = rb_new(3660);
    size_t ev = add_event(rb, "ns", TS_EV_NOT_SHIPPED);
    size_t c = add_event_metric(rb, "count", TS_METRIC_COUNT, ev);
    size_t half = add_derived(rb, "half", TS_METRIC_SUM, &c, 1);
    rb->metrics[half].weights = ts_xcalloc(1, sizeof(double));
    rb->metrics[half].weights[0] = 0.5;
    const ts_peer_point tab[3] = {{1, 0.2}, {3, 0.6}, {5, 0.9}};
    size_t hi = add_derived(rb, "rank_hi", TS_METRIC_PEER_RANK, &half, 1);
    size_t lo = add_derived(rb, "rank_lo", TS_METRIC_PEER_RANK, &half, 1);
    rb->metrics[lo].lower_better = true;
    for (size_t m = hi; m <= lo; m++) {
        rb->metrics[m].peers = ts_xcalloc(3, sizeof *tab);
        memcpy(rb->metrics[m].peers, tab, sizeof tab);
        rb->metrics[m].n_peers = 3;
    }
    ts_order *o = staircase(12);
    rep r;
    run(rb, "2026-01-01", 12, E0, 1, o, 12, &r);
    /* half = (d + 1) / 2: 0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5, 5, 5.5, 6 */
    const double want[12] = {0.0, 0.2, 0.3, 0.4, 0.5, 0.6, 0.675, 0.75, 0.825, 0.9, 1.0, 1.0};
    for (int32_t d = 0; d < 12; d++) {
        assert_double_near(at(&r, d, hi), want[d], 1e-12);
        assert_double_near(at(&r, d, lo), 1.0 - want[d], 1e-12);
    }
    rep_free(&r);
    free(o);
    ts_rulebook_free(rb);
}

/* ---- mean_days ---- */

/*
** pay -> delivery over a 10-day end window: counted once delivered (by E),
** orders never delivered left out; delivery -> end likewise.
*/
static void test_mean_days(void **state)
{
    (void)state;
    ts_rulebook *rb = rb_new(10);
    size_t m = add_metric(rb, "transit", TS_METRIC_MEAN_DAYS);
    rb->metrics[m].from = TS_MOMENT_PAY;
    rb->metrics[m].to = TS_MOMENT_DELIVERY;
    size_t fb = add_metric(rb, "to_feedback", TS_METRIC_MEAN_DAYS);
    rb->metrics[fb].from = TS_MOMENT_DELIVERY;
    rb->metrics[fb].to = TS_MOMENT_FEEDBACK;
    ts_order o[3] = {mk(20), mk(20), mk(20)};
    o[0].pay = 2, o[0].delivery = 10;             /* 8 days */
    o[1].pay = 4, o[1].delivery = 18;             /* 14 days */
    o[1].feedback_day = 25;                       /* 7 days after delivery, known on 25 */
    o[2].pay = 3;                                 /* never delivered: left out */
    rep r;
    run(rb, "2026-01-01", 40, E0, 1, o, 3, &r);
    assert_true(isnan(at(&r, 19, m)));            /* not yet assessed (end day 20) */
    assert_double_near(at(&r, 20, m), 11.0, 0.0); /* (8 + 14) / 2 */
    assert_double_near(at(&r, 29, m), 11.0, 0.0);
    assert_true(isnan(at(&r, 30, m)));            /* out of the window */
    assert_true(isnan(at(&r, 24, fb)));
    assert_double_near(at(&r, 25, fb), 7.0, 0.0);
    rep_free(&r);
    ts_rulebook_free(rb);
}

/* ---- dispute_reason ---- */

/*
** Mixed causes: quality + late counts as not_as_described only; late or lost
** alone as not_received; a dispute with no such flag (base, slow reply) as
** neither; an order with flags but no dispute as neither. Known on the open day.
*/
static void test_dispute_reason(void **state)
{
    (void)state;
    ts_rulebook *rb = rb_new(90);
    size_t nr = add_event(rb, "nr", TS_EV_DISPUTE_REASON);
    rb->events[nr].reason = TS_RULE_REASON_NOT_RECEIVED;
    size_t nad = add_event(rb, "nad", TS_EV_DISPUTE_REASON);
    rb->events[nad].reason = TS_RULE_REASON_NOT_AS_DESCRIBED;
    size_t cnr = add_event_metric(rb, "count_nr", TS_METRIC_COUNT, nr);
    size_t cnad = add_event_metric(rb, "count_nad", TS_METRIC_COUNT, nad);
    const uint16_t flags[6] = {
        TS_ORDER_QUALITY | TS_ORDER_LATE,  /* both causes: not as described */
        TS_ORDER_LOST,                     /* not received */
        TS_ORDER_LATE,                     /* not received */
        TS_ORDER_MISMATCH,                 /* not as described */
        TS_ORDER_SLOW_REPLY,               /* neither */
        0,                                 /* base: neither */
    };
    ts_order o[7];
    for (int i = 0; i < 6; i++) {
        o[i] = mk(30);
        o[i].flags = flags[i] | TS_ORDER_DISPUTED;
        o[i].event_day[TS_EV_DISPUTE] = 10 + i;
    }
    o[6] = mk(30);
    o[6].flags = TS_ORDER_QUALITY | TS_ORDER_LOST; /* not disputed */
    rep r;
    const int32_t e[1] = {40};
    run(rb, "2026-01-01", 50, e, 1, o, 7, &r);
    assert_double_near(r.metrics[cnr], 2.0, 0.0);
    assert_double_near(r.metrics[cnad], 2.0, 0.0);
    assert_double_near(at(&r, 30, cnr), 2.0, 0.0);
    rep_free(&r);
    /* the open day: on the end day's window the orders count only from day 30; on the pay window from 10 */
    rb->anchor = TS_ANCHOR_PAY;
    for (size_t m = 0; m < rb->n_metrics; m++)
        rb->metrics[m].anchor = TS_ANCHOR_PAY;
    run(rb, "2026-01-01", 50, e, 1, o, 7, &r);
    assert_double_near(at(&r, 10, cnad), 1.0, 0.0); /* order 0 opened on day 10 */
    assert_double_near(at(&r, 10, cnr), 0.0, 0.0);
    assert_double_near(at(&r, 11, cnr), 1.0, 0.0);  /* order 1 on day 11 */
    assert_double_near(at(&r, 12, cnr), 2.0, 0.0);
    assert_double_near(at(&r, 13, cnad), 2.0, 0.0);
    assert_double_near(at(&r, 15, cnad), 2.0, 0.0);
    rep_free(&r);
    ts_rulebook_free(rb);
}

/* ---- default reviews ---- */

/*
** docs/rulebooks.md "Default reviews", 15 days, 5 stars, feedback_share >= 4
** stars over 60 days on the end day (all orders end on day 10, so the
** default day is 25):
**   A delivered, never reviewed: default 5 stars from day 25;
**   B delivered, 2 stars left on day 25 = end + 15 (at the default day): the
**     buyer's review counts, from 25;
**   C delivered, 2 stars left on day 26 (one day after): default 5 stars from
**     25, the late review never seen by the counting metric;
**   D lost (not delivered) and E arbitrated: no feedback possible, no default;
**   G under auto replies: 1 star left on day 15, in effect on day 40: the
**     buyer's own (left before the default day), counted from 40.
** The metric without count_default_reviews sees only B, C and G's own reviews.
** The third metric anchors on the review day with a 5-day window.
*/
static void test_default_reviews(void **state)
{
    (void)state;
    ts_rulebook *rb = rb_new(60);
    rb->default_review_days = 15;
    rb->default_review_stars = 5;
    size_t with = add_metric(rb, "with_defaults", TS_METRIC_FEEDBACK_SHARE);
    size_t without = add_metric(rb, "without", TS_METRIC_FEEDBACK_SHARE);
    size_t recent = add_metric(rb, "recent", TS_METRIC_FEEDBACK_SHARE);
    rb->metrics[with].count_default_reviews = true;
    rb->metrics[recent].count_default_reviews = true;
    rb->metrics[recent].anchor = TS_ANCHOR_FEEDBACK;
    rb->metrics[recent].window_days = 5;
    for (size_t m = 0; m < 3; m++)
        rb->metrics[m].min_stars = 4;
    ts_order o[6];
    for (int i = 0; i < 6; i++) {
        o[i] = mk(10);
        o[i].delivery = 8;
        o[i].feedback_left = TS_NEVER;
    }
    o[1].feedback_left = o[1].feedback_day = 25, o[1].stars = 2;          /* B */
    o[2].feedback_left = o[2].feedback_day = 26, o[2].stars = 2;          /* C */
    o[3].delivery = TS_NEVER, o[3].flags = TS_ORDER_LOST;                 /* D */
    o[4].event_day[TS_EV_ARBITRATION] = 9;                                /* E */
    o[5].feedback_left = 15, o[5].feedback_day = 40, o[5].stars = 1;      /* G */
    rep r;
    const int32_t e[1] = {59};
    run(rb, "2026-01-01", 60, e, 1, o, 6, &r);
    assert_true(isnan(at(&r, 24, with)));                    /* the day before the default day */
    assert_double_near(at(&r, 25, with), 2.0 / 3.0, 1e-15);  /* A, C default good; B bad */
    assert_double_near(at(&r, 26, with), 2.0 / 3.0, 1e-15);  /* C's late 2 stars not seen */
    assert_double_near(at(&r, 39, with), 2.0 / 3.0, 1e-15);
    assert_double_near(at(&r, 40, with), 2.0 / 4.0, 1e-15);  /* G's own 1 star */
    assert_double_near(at(&r, 59, with), 0.5, 1e-15);
    assert_true(isnan(at(&r, 24, without)));
    assert_double_near(at(&r, 25, without), 0.0, 0.0);       /* B alone */
    assert_double_near(at(&r, 26, without), 0.0, 0.0);       /* B, C */
    assert_double_near(at(&r, 40, without), 0.0, 0.0);       /* B, C, G */
    assert_true(isnan(at(&r, 24, recent)));
    assert_double_near(at(&r, 25, recent), 2.0 / 3.0, 1e-15);
    assert_double_near(at(&r, 29, recent), 2.0 / 3.0, 1e-15); /* last day of the 5-day window */
    assert_true(isnan(at(&r, 30, recent)));
    assert_double_near(at(&r, 40, recent), 0.0, 0.0);         /* G alone, anchored on day 40 */
    assert_double_near(at(&r, 44, recent), 0.0, 0.0);
    assert_true(isnan(at(&r, 45, recent)));
    rep_free(&r);
    /* the default day 14 + 10 = 24 moves A and C one day earlier; B is then late too */
    rb->default_review_days = 14;
    run(rb, "2026-01-01", 60, e, 1, o, 6, &r);
    assert_true(isnan(at(&r, 23, with)));
    assert_double_near(at(&r, 24, with), 1.0, 0.0);           /* A, B, C all default 5 stars */
    assert_double_near(at(&r, 40, with), 3.0 / 4.0, 1e-15);
    rep_free(&r);
    ts_rulebook_free(rb);
}

/* ---- dependencies ---- */

/*
** A score defined before what it uses (a monthly mean of a sum of points)
** evaluates in dependency order; the order and the lookback add up; a cycle
** is found and named.
*/
static void test_dependency_order(void **state)
{
    (void)state;
    ts_rulebook *rb = rb_new(3660);
    size_t ev = add_event(rb, "ns", TS_EV_NOT_SHIPPED);
    /* indexes: 0 month, 1 total, 2 pts, 3 count, 4 week (a mean of the monthly mean) */
    size_t month_of = 1, total_of = 2, pts_of = 3, week_of = 0;
    size_t month = add_derived(rb, "month", TS_METRIC_DAILY_MEAN, &month_of, 1);
    rb->metrics[month].period = TS_PERIOD_MONTH_TO_DATE;
    size_t total = add_derived(rb, "total", TS_METRIC_SUM, &total_of, 1);
    size_t pts = add_derived(rb, "pts", TS_METRIC_POINTS, &pts_of, 1);
    const ts_rung rung = {false, 2.0, 10.0};
    set_ladder(&rb->metrics[pts], &rung, 1);
    rb->metrics[pts].has_otherwise = true;
    size_t c = add_event_metric(rb, "count", TS_METRIC_COUNT, ev);
    size_t week = add_derived(rb, "week", TS_METRIC_DAILY_MEAN, &week_of, 1);
    rb->metrics[week].period = TS_PERIOD_DAYS;
    rb->metrics[week].period_days = 5;
    assert_int_equal(ts_rulebook_lookback(rb, month), 30);
    assert_int_equal(ts_rulebook_lookback(rb, week), 35);
    assert_int_equal(ts_rulebook_lookback(rb, c), 0);
    size_t order[5], cycle[5], len;
    assert_true(ts_rulebook_metric_order(rb, order, cycle, &len));
    size_t pos[5];
    for (size_t i = 0; i < 5; i++)
        pos[order[i]] = i;
    assert_true(pos[c] < pos[pts] && pos[pts] < pos[total] && pos[total] < pos[month] && pos[month] < pos[week]);
    ts_order *o = staircase(5);
    rep r;
    run(rb, "2026-01-01", 5, E0, 1, o, 5, &r);
    /* pts: 10, 10, 0, 0, 0 on 1 January .. 5 January; month so far: 10, 10, 20/3, 5, 4 */
    const double want[5] = {10, 10, 20.0 / 3.0, 5, 4};
    for (int32_t d = 0; d < 5; d++)
        assert_double_near(at(&r, d, month), want[d], 1e-12);
    /* the 5 days before day 4: 31 December (December's mean so far: 10, count 0 there) and days 0..3 */
    assert_double_near(at(&r, 4, week), (10 + 10 + 10 + 20.0 / 3.0 + 5) / 5.0, 1e-12);
    rep_free(&r);
    free(o);
    /* a cycle: count's place taken by a points of month -> month -> total -> pts -> month */
    rb->metrics[pts].of[0] = month;
    assert_false(ts_rulebook_metric_order(rb, order, cycle, &len));
    assert_int_equal(len, 3);
    bool seen[5] = {false};
    for (size_t i = 0; i < len; i++)
        seen[cycle[i]] = true;
    assert_true(seen[month] && seen[total] && seen[pts] && !seen[c] && !seen[week]);
    ts_rulebook_free(rb);
}

/* A version-1 rulebook has no lookback: the evaluator's arrays and warm-up are as before. */
static void test_version1_no_lookback(void **state)
{
    (void)state;
    ts_rulebook *rb = rb_new(90);
    size_t ev = add_event(rb, "ns", TS_EV_NOT_SHIPPED);
    size_t m = add_event_metric(rb, "rate", TS_METRIC_RATE, ev);
    rb->metrics[m].window_days = 120;
    assert_int_equal(ts_rulebook_lookback(rb, SIZE_MAX), 0);
    assert_int_equal(ts_rulebook_longest_window(rb), 120);
    ts_rulebook_free(rb);
}

/* A "$name" number re-resolves with ts_rulebook_set_param, also through a copy. */
static void test_param_refs(void **state)
{
    (void)state;
    ts_rulebook *rb = rb_new(90);
    rb->params = ts_xcalloc(1, sizeof *rb->params);
    rb->params[0].name = ts_xstrdup("x");
    rb->params[0].value = 0.01;
    rb->n_params = 1;
    size_t ev = add_event(rb, "ns", TS_EV_NOT_SHIPPED);
    size_t c = add_event_metric(rb, "rate", TS_METRIC_RATE, ev);
    size_t p = add_derived(rb, "pts", TS_METRIC_POINTS, &c, 1);
    const ts_rung rungs[2] = {{false, 0.01, 10.0}, {false, 0.02, 5.0}};
    set_ladder(&rb->metrics[p], rungs, 2);
    rb->metrics[p].refs = ts_xcalloc(1, sizeof *rb->metrics[p].refs);
    rb->metrics[p].refs[0] = (ts_num_ref){TS_NUM_RUNG_X, 0, ts_xstrdup("x")};
    rb->metrics[p].n_refs = 1;
    ts_rulebook *copy = ts_rulebook_dup(rb);
    assert_true(ts_rulebook_set_param(copy, "x", 0.005));
    assert_double_near(copy->metrics[p].ladder[0].x, 0.005, 0.0);
    assert_double_near(rb->metrics[p].ladder[0].x, 0.01, 0.0);
    char why[400];
    assert_false(ts_metric_problem(&copy->metrics[p], why, sizeof why));
    assert_true(ts_rulebook_set_param(copy, "x", 0.03)); /* 0.03 then 0.02: not monotone */
    assert_true(ts_metric_problem(&copy->metrics[p], why, sizeof why));
    assert_non_null(strstr(why, "not monotone"));
    ts_rulebook_free(copy);
    ts_rulebook_free(rb);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_points_at_most),
        cmocka_unit_test(test_points_at_least),
        cmocka_unit_test(test_points_missing),
        cmocka_unit_test(test_sum_weights_clip),
        cmocka_unit_test(test_daily_mean_previous_month),
        cmocka_unit_test(test_daily_mean_undefined_days),
        cmocka_unit_test(test_peer_rank),
        cmocka_unit_test(test_mean_days),
        cmocka_unit_test(test_dispute_reason),
        cmocka_unit_test(test_default_reviews),
        cmocka_unit_test(test_dependency_order),
        cmocka_unit_test(test_version1_no_lookback),
        cmocka_unit_test(test_param_refs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
