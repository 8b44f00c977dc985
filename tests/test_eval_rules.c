/*
** test_eval_rules.c — rule evaluation (models/evaluate.c) on hand-built
** orders under rulebooks built in C, and the daily arrays against a
** brute-force O(orders × days) recomputation.
*/
#include "testutil.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_rng.h>

#include "evaluate.h"
#include "eval_orders.h"

/* ---- a rulebook built in C (ts_load is not linked: free it here) ---- */

enum { EV_NOT_SHIPPED, EV_NO_REPLY, EV_ARBITRATION, EV_NEG_FEEDBACK, EV_DSR_DESC,
       EV_DSR_COMM, EV_DSR_SHIP, EV_SELLER_RESP, N_EV };
enum { M_BAD, M_SELLER, M_POSITIVE, N_M };

static void set_event(ts_rule_event *e, const char *name, ts_event_kind kind, int max_stars,
                      ts_dsr_dim dim)
{
    e->name = ts_xstrdup(name);
    e->kind = kind;
    e->max_stars = max_stars;
    e->dimension = dim;
}

static void set_cond(ts_condition *c, size_t metric, ts_op op, double value)
{
    c->metric = metric;
    c->op = op;
    c->value = value;
}

/* aliexpress-2015 as docs/rulebooks.md describes it. */
static ts_rulebook *aliexpress(void)
{
    ts_rulebook *rb = ts_xcalloc(1, sizeof *rb);
    rb->name = ts_xstrdup("aliexpress-2015");
    rb->window_days = 90;
    rb->anchor = TS_ANCHOR_END;
    rb->min_orders = 30;
    rb->n_events = N_EV;
    rb->events = ts_xcalloc(N_EV, sizeof *rb->events);
    set_event(&rb->events[EV_NOT_SHIPPED], "not_shipped", TS_EV_NOT_SHIPPED, 0, TS_DSR_DESCRIPTION);
    set_event(&rb->events[EV_NO_REPLY], "dispute_no_reply", TS_EV_DISPUTE_NO_REPLY, 0, TS_DSR_DESCRIPTION);
    set_event(&rb->events[EV_ARBITRATION], "arbitration", TS_EV_ARBITRATION, 0, TS_DSR_DESCRIPTION);
    set_event(&rb->events[EV_NEG_FEEDBACK], "negative_feedback", TS_EV_FEEDBACK, 3, TS_DSR_DESCRIPTION);
    set_event(&rb->events[EV_DSR_DESC], "low_dsr_description", TS_EV_DSR, 3, TS_DSR_DESCRIPTION);
    set_event(&rb->events[EV_DSR_COMM], "low_dsr_communication", TS_EV_DSR, 3, TS_DSR_COMMUNICATION);
    set_event(&rb->events[EV_DSR_SHIP], "low_dsr_shipping", TS_EV_DSR, 3, TS_DSR_SHIPPING);
    set_event(&rb->events[EV_SELLER_RESP], "seller_responsible", TS_EV_SELLER_RESPONSIBLE, 0, TS_DSR_DESCRIPTION);

    rb->n_metrics = N_M;
    rb->metrics = ts_xcalloc(N_M, sizeof *rb->metrics);
    ts_metric *m = &rb->metrics[M_BAD];
    m->name = ts_xstrdup("bad_experience_rate");
    m->kind = TS_METRIC_RATE;
    m->n_events = 7;
    m->events = ts_xcalloc(7, sizeof *m->events);
    for (size_t k = 0; k < 7; k++)
        m->events[k] = k;
    m = &rb->metrics[M_SELLER];
    m->name = ts_xstrdup("seller_responsible_rate");
    m->kind = TS_METRIC_RATE;
    m->n_events = 1;
    m->events = ts_xcalloc(1, sizeof *m->events);
    m->events[0] = EV_SELLER_RESP;
    m = &rb->metrics[M_POSITIVE];
    m->name = ts_xstrdup("positive_feedback_rate");
    m->kind = TS_METRIC_FEEDBACK_SHARE;
    m->min_stars = 4;
    m->min_order_value = 5.0;
    for (size_t i = 0; i < N_M; i++) {
        rb->metrics[i].window_days = 90;
        rb->metrics[i].anchor = TS_ANCHOR_END;
    }

    rb->n_tiers = 4;
    rb->tiers = ts_xcalloc(4, sizeof *rb->tiers);
    const char *names[4] = {"top", "good", "pass", "fail"};
    const double bad[3] = {0.03, 0.06, 0.12};
    for (size_t t = 0; t < 4; t++) {
        rb->tiers[t].name = ts_xstrdup(names[t]);
        if (t == 3)
            continue;
        rb->tiers[t].n_when = t < 2 ? 3 : 2;
        rb->tiers[t].when = ts_xcalloc(3, sizeof *rb->tiers[t].when);
        set_cond(&rb->tiers[t].when[0], M_BAD, TS_OP_LT, bad[t]);
        set_cond(&rb->tiers[t].when[1], M_SELLER, TS_OP_LT, 0.008);
        set_cond(&rb->tiers[t].when[2], M_POSITIVE, TS_OP_GE, t == 0 ? 0.97 : 0.95);
    }
    return rb;
}

/* Append a metric (its own window/anchor) to rb; returns its index. */
static size_t add_metric(ts_rulebook *rb, const char *name, ts_metric_kind kind)
{
    rb->metrics = ts_xrealloc(rb->metrics, (rb->n_metrics + 1) * sizeof *rb->metrics);
    ts_metric *m = &rb->metrics[rb->n_metrics];
    memset(m, 0, sizeof *m);
    m->name = ts_xstrdup(name);
    m->kind = kind;
    m->window_days = rb->window_days;
    m->anchor = rb->anchor;
    return rb->n_metrics++;
}

static void rb_free(ts_rulebook *rb)
{
    for (size_t k = 0; k < rb->n_events; k++)
        free(rb->events[k].name);
    for (size_t m = 0; m < rb->n_metrics; m++) {
        free(rb->metrics[m].name);
        free(rb->metrics[m].events);
    }
    for (size_t t = 0; t < rb->n_tiers; t++) {
        free(rb->tiers[t].name);
        free(rb->tiers[t].when);
    }
    free(rb->events);
    free(rb->metrics);
    free(rb->tiers);
    free(rb->name);
    free(rb);
}

/* ---- orders and one evaluated replication ---- */

/* An order paid 20 days before it ends, worth 10, with nothing happening. */
static ts_order mk(int32_t end)
{
    return ts_test_order(end - 20, end);
}

/* An order with feedback taking effect on day fb: overall stars, all DSR 5. */
static ts_order mk_fb(int32_t end, int32_t fb, int stars)
{
    ts_order o = mk(end);
    o.feedback_day = fb;
    o.stars = (uint8_t)stars;
    o.dsr[0] = o.dsr[1] = o.dsr[2] = 5;
    return o;
}

typedef struct {
    size_t n_eval, nm, ne;
    int32_t days;
    double assessed[4];
    double metrics[4 * 8];
    int32_t tiers[4];
    double events[4 * 16];
    double *daily;
} rep;

static void run_eval(const ts_rulebook *rb, int32_t days, const int32_t *evals, size_t n_eval,
                     const ts_order *orders, size_t n, rep *r)
{
    assert_true(n_eval <= 4 && rb->n_metrics <= 8 && rb->n_events <= 16);
    ts_scenario sc;
    memset(&sc, 0, sizeof sc);
    sc.rules = (ts_rulebook *)(uintptr_t)rb;
    sc.days = days;
    sc.evaluations = (int32_t *)(uintptr_t)evals;
    sc.n_evaluations = n_eval;
    memset(r, 0, sizeof *r);
    r->n_eval = n_eval;
    r->nm = rb->n_metrics;
    r->ne = rb->n_events;
    r->days = days;
    r->daily = ts_xcalloc((size_t)days * rb->n_metrics, sizeof *r->daily);
    ts_eval *ev = ts_eval_new(&sc);
    /* a first replication that must be forgotten by reset */
    ts_order junk = mk(evals[0]);
    junk.event_day[TS_EV_NOT_SHIPPED] = 0;
    for (int i = 0; i < 50; i++)
        ts_eval_add(ev, &junk);
    ts_eval_reset(ev);
    for (size_t i = n; i-- > 0;) /* any order: add backwards */
        ts_eval_visit(&orders[i], ev);
    ts_rep_out out = {r->assessed, r->metrics, r->tiers, r->events, r->daily};
    ts_eval_finish(ev, &out);
    ts_eval_free(ev);
}

static double metric(const rep *r, size_t e, size_t m)
{
    return r->metrics[e * r->nm + m];
}

static double daily(const rep *r, int32_t d, size_t m)
{
    return r->daily[(size_t)d * r->nm + m];
}

static const int32_t E100[1] = {100};

/* Window [E-89, E] = [11, 100] on the end day: ends 11 and 100 count,
   10 and 101 do not. Order end 10 is assessed on days 10..99. */
static void test_window_edges(void **state)
{
    (void)state;
    ts_rulebook *rb = aliexpress();
    ts_order o[4] = {mk(10), mk(11), mk(100), mk(101)};
    o[0].event_day[TS_EV_NOT_SHIPPED] = 10; /* a bad experience, but outside the window */
    rep r;
    run_eval(rb, 200, E100, 1, o, 4, &r);
    assert_double_near(r.assessed[0], 2.0, 0.0);
    assert_double_near(metric(&r, 0, M_BAD), 0.0, 0.0);
    assert_double_near(r.events[EV_NOT_SHIPPED], 0.0, 0.0);
    /* day 99: ends 10, 11 in [10, 99]: 1 bad of 2 */
    assert_double_near(daily(&r, 99, M_BAD), 0.5, 0.0);
    /* day 9: nothing assessed: undefined */
    assert_true(isnan(daily(&r, 9, M_BAD)));
    /* day 10: only the order ending on 10, bad */
    assert_double_near(daily(&r, 10, M_BAD), 1.0, 0.0);
    /* day 191: end 101's window [102, 191] is empty again... day 190 still holds it */
    assert_double_near(daily(&r, 190, M_BAD), 0.0, 0.0);
    assert_true(isnan(daily(&r, 191, M_BAD)));
    /* the positive-feedback rate has no feedback to count: undefined */
    assert_true(isnan(metric(&r, 0, M_POSITIVE)));
    free(r.daily);
    rb_free(rb);
}

/*
** 100 orders with feedback (day 60, value 10, end 50); 3 have 3 stars:
** bad = 3/100 = 0.03 (not < 0.03: not top), positive = 97/100 = 0.97,
** seller 0 < 0.008: good (index 1). Both doubles are the correctly rounded
** quotients, the same doubles as the literals 0.03 and 0.97.
*/
static void test_thresholds_good(void **state)
{
    (void)state;
    ts_rulebook *rb = aliexpress();
    ts_order o[100];
    for (int i = 0; i < 100; i++)
        o[i] = mk_fb(50, 60, i < 3 ? 3 : 5);
    rep r;
    run_eval(rb, 200, E100, 1, o, 100, &r);
    assert_double_near(r.assessed[0], 100.0, 0.0);
    assert_true(metric(&r, 0, M_BAD) == 0.03);
    assert_true(metric(&r, 0, M_POSITIVE) == 0.97);
    assert_double_near(metric(&r, 0, M_SELLER), 0.0, 0.0);
    assert_int_equal(r.tiers[0], 1);
    assert_double_near(r.events[EV_NEG_FEEDBACK], 3.0, 0.0);
    assert_double_near(r.events[EV_NOT_SHIPPED], 0.0, 0.0);
    free(r.daily);
    rb_free(rb);
}

/*
** 200 orders: 100 with feedback (3 of them 3 stars), 100 without.
** bad = 3/200 = 0.015 < 0.03; positive = 97/100 = 0.97 >= 0.97: top.
** With a fourth 3-star order: positive 0.96 < 0.97: good.
*/
static void test_thresholds_top(void **state)
{
    (void)state;
    ts_rulebook *rb = aliexpress();
    ts_order o[200];
    for (int i = 0; i < 200; i++)
        o[i] = i < 100 ? mk_fb(50, 60, i < 3 ? 3 : 4) : mk(70);
    rep r;
    run_eval(rb, 200, E100, 1, o, 200, &r);
    assert_true(metric(&r, 0, M_BAD) == 0.015);
    assert_true(metric(&r, 0, M_POSITIVE) == 0.97);
    assert_int_equal(r.tiers[0], 0);
    free(r.daily);

    o[3].stars = 2;
    run_eval(rb, 200, E100, 1, o, 200, &r);
    assert_true(metric(&r, 0, M_BAD) == 0.02);
    assert_true(metric(&r, 0, M_POSITIVE) == 0.96);
    assert_int_equal(r.tiers[0], 1);
    free(r.daily);

    /* orders below min_order_value 5 leave the positive share but not the bad
       rate: two low-star orders worth 4.99 give positive 96/98 >= 0.97, bad
       still 4/200 = 0.02: top */
    o[2].value = 4.99;
    o[3].value = 4.99;
    run_eval(rb, 200, E100, 1, o, 200, &r);
    assert_true(metric(&r, 0, M_POSITIVE) == 96.0 / 98.0);
    assert_true(metric(&r, 0, M_BAD) == 0.02);
    assert_int_equal(r.tiers[0], 0);
    free(r.daily);
    rb_free(rb);
}

/*
** min_order_value is inclusive (docs/rulebooks.md "Metric kinds", feedback_share: orders
** of value >= min_order_value): an order worth exactly 5.00 — where a gift
** top-up to a US$5 threshold lands — counts in the positive share. 100
** orders with feedback, 3 of them 3 stars and worth exactly 5.0: positive =
** 97/100 = 0.97 (counting only orders above 5 would give 97/97 = 1). Two
** more low orders worth 4.99 stay out: still 97/100.
*/
static void test_min_order_value_inclusive(void **state)
{
    (void)state;
    ts_rulebook *rb = aliexpress();
    ts_order o[102];
    for (int i = 0; i < 100; i++) {
        o[i] = mk_fb(50, 60, i < 3 ? 3 : 5);
        if (i < 3)
            o[i].value = 5.0;
    }
    o[100] = mk_fb(50, 60, 1);
    o[101] = mk_fb(50, 60, 2);
    o[100].value = o[101].value = 4.99;
    rep r;
    run_eval(rb, 200, E100, 1, o, 102, &r);
    assert_true(metric(&r, 0, M_POSITIVE) == 0.97);
    assert_int_equal(r.tiers[0], 1); /* 0.97 and bad 5/102 < 0.06: good */
    free(r.daily);
    rb_free(rb);
}

/* 29 assessed orders without events: not_assessed; 30: no feedback, so the
   positive rate is undefined and top/good fail; bad 0, seller 0: pass (2). */
static void test_min_orders(void **state)
{
    (void)state;
    ts_rulebook *rb = aliexpress();
    ts_order o[30];
    for (int i = 0; i < 30; i++)
        o[i] = mk(20 + i);
    rep r;
    run_eval(rb, 200, E100, 1, o, 29, &r);
    assert_double_near(r.assessed[0], 29.0, 0.0);
    assert_int_equal(r.tiers[0], TS_TIER_NOT_ASSESSED);
    free(r.daily);
    run_eval(rb, 200, E100, 1, o, 30, &r);
    assert_double_near(r.assessed[0], 30.0, 0.0);
    assert_int_equal(r.tiers[0], 2);
    free(r.daily);
    rb_free(rb);
}

/* One order, 2 stars on day 60, revised to 5 on day 95 (before E = 100) or
   105 (after): at E the first is positive and not negative, the second the
   opposite. */
static void test_revision_before_after(void **state)
{
    (void)state;
    ts_rulebook *rb = aliexpress();
    ts_order o = mk_fb(50, 60, 2);
    o.revision_day = 95;
    rep r;
    run_eval(rb, 200, E100, 1, &o, 1, &r);
    assert_double_near(metric(&r, 0, M_BAD), 0.0, 0.0);
    assert_double_near(metric(&r, 0, M_POSITIVE), 1.0, 0.0);
    assert_double_near(r.events[EV_NEG_FEEDBACK], 0.0, 0.0);
    /* as of day 94 it was still negative, from day 60 */
    assert_double_near(daily(&r, 94, M_BAD), 1.0, 0.0);
    assert_double_near(daily(&r, 60, M_BAD), 1.0, 0.0);
    assert_double_near(daily(&r, 59, M_BAD), 0.0, 0.0);
    assert_double_near(daily(&r, 94, M_POSITIVE), 0.0, 0.0);
    assert_double_near(daily(&r, 95, M_POSITIVE), 1.0, 0.0);
    free(r.daily);

    o.revision_day = 105;
    run_eval(rb, 200, E100, 1, &o, 1, &r);
    assert_double_near(metric(&r, 0, M_BAD), 1.0, 0.0);
    assert_double_near(metric(&r, 0, M_POSITIVE), 0.0, 0.0);
    assert_double_near(r.events[EV_NEG_FEEDBACK], 1.0, 0.0);
    free(r.daily);
    rb_free(rb);
}

/* Feedback taking effect on day 101 is not seen on E = 100. */
static void test_feedback_after_E(void **state)
{
    (void)state;
    ts_rulebook *rb = aliexpress();
    ts_order o = mk_fb(50, 101, 1);
    o.dsr[0] = 1;
    rep r;
    run_eval(rb, 200, E100, 1, &o, 1, &r);
    assert_double_near(r.assessed[0], 1.0, 0.0);
    assert_double_near(metric(&r, 0, M_BAD), 0.0, 0.0);
    assert_true(isnan(metric(&r, 0, M_POSITIVE)));
    assert_double_near(r.events[EV_NEG_FEEDBACK], 0.0, 0.0);
    assert_double_near(r.events[EV_DSR_DESC], 0.0, 0.0);
    /* on day 101 both events are known: the rate is 1 */
    assert_double_near(daily(&r, 101, M_BAD), 1.0, 0.0);
    free(r.daily);
    rb_free(rb);
}

/*
** Union of events: negative feedback on [60, 80) (revised on 80) and
** not_shipped known from 90: the bad rate is 1 on 60..79 and from 90,
** 0 on 80..89; a second order with three events at once counts once.
*/
static void test_event_union(void **state)
{
    (void)state;
    ts_rulebook *rb = aliexpress();
    ts_order o[2] = {mk_fb(50, 60, 1), mk(50)};
    o[0].revision_day = 80;
    o[0].event_day[TS_EV_NOT_SHIPPED] = 90;
    o[1].event_day[TS_EV_NOT_SHIPPED] = 55;
    o[1].event_day[TS_EV_ARBITRATION] = 56;
    o[1].event_day[TS_EV_DISPUTE_NO_REPLY] = 40;
    rep r;
    run_eval(rb, 200, E100, 1, o, 2, &r);
    /* both assessed from day 50; the second order's dispute_no_reply (day 40,
       before its end) is known as soon as it is assessed: 1 of 2 */
    assert_double_near(daily(&r, 50, M_BAD), 0.5, 0.0);
    assert_double_near(daily(&r, 59, M_BAD), 0.5, 0.0);
    assert_true(isnan(daily(&r, 49, M_BAD)));
    assert_double_near(daily(&r, 60, M_BAD), 1.0, 0.0);
    assert_double_near(daily(&r, 79, M_BAD), 1.0, 0.0);
    assert_double_near(daily(&r, 80, M_BAD), 0.5, 0.0);
    assert_double_near(daily(&r, 89, M_BAD), 0.5, 0.0);
    assert_double_near(daily(&r, 90, M_BAD), 1.0, 0.0);
    assert_double_near(metric(&r, 0, M_BAD), 1.0, 0.0);
    /* per-event counts at E = 100 */
    assert_double_near(r.events[EV_NOT_SHIPPED], 2.0, 0.0);
    assert_double_near(r.events[EV_ARBITRATION], 1.0, 0.0);
    assert_double_near(r.events[EV_NEG_FEEDBACK], 0.0, 0.0);
    free(r.daily);
    rb_free(rb);
}

/* Pay anchor: window [11, 100] on the pay day. Pay 5 / end 100: not
   assessed; pay 11 / end 200: assessed; pay 100: assessed; pay 101: not. */
static void test_pay_anchor(void **state)
{
    (void)state;
    ts_rulebook *rb = aliexpress();
    rb->anchor = TS_ANCHOR_PAY;
    for (size_t m = 0; m < rb->n_metrics; m++)
        rb->metrics[m].anchor = TS_ANCHOR_PAY;
    ts_order o[4] = {mk(100), mk(200), mk(150), mk(150)};
    o[0].pay = 5;
    o[1].pay = 11;
    o[2].pay = 100;
    o[3].pay = 101;
    o[1].event_day[TS_EV_SELLER_RESPONSIBLE] = 99;
    rep r;
    run_eval(rb, 300, E100, 1, o, 4, &r);
    assert_double_near(r.assessed[0], 2.0, 0.0);
    assert_double_near(metric(&r, 0, M_SELLER), 0.5, 0.0);
    assert_double_near(r.events[EV_SELLER_RESP], 1.0, 0.0);
    free(r.daily);
    rb_free(rb);
}

/*
** A metric with its own window (30 days on end: [71, 100]): the order
** ending on 60 with a seller_responsible ruling on 70 is assessed by the
** rulebook (event count 1) but outside the metric's window; the order ending
** on 80 is in both. seller_responsible_rate = 0/1 = 0.
*/
static void test_metric_window(void **state)
{
    (void)state;
    ts_rulebook *rb = aliexpress();
    rb->metrics[M_SELLER].window_days = 30;
    ts_order o[2] = {mk(60), mk(80)};
    o[0].event_day[TS_EV_SELLER_RESPONSIBLE] = 70;
    rep r;
    run_eval(rb, 200, E100, 1, o, 2, &r);
    assert_double_near(r.assessed[0], 2.0, 0.0);
    assert_double_near(r.events[EV_SELLER_RESP], 1.0, 0.0);
    assert_double_near(metric(&r, 0, M_SELLER), 0.0, 0.0);
    /* on day 89 (window [60, 89]) both count: 1/2 */
    assert_double_near(daily(&r, 89, M_SELLER), 0.5, 0.0);
    assert_double_near(daily(&r, 90, M_SELLER), 0.0, 0.0);
    free(r.daily);
    rb_free(rb);
}

/*
** count (not_shipped, listed twice) and dsr_mean (description): orders
** A: not_shipped on 60 (counts once), B: not_shipped known on 101 (after E),
** C: none.
** Feedback description DSR 5, 4, 1 in effect by E, and a DSR 1 effective on
** 120 (ignored): mean (5 + 4 + 1) / 3 = 10/3. No order: count 0, never NaN.
*/
static void test_count_and_dsr_mean(void **state)
{
    (void)state;
    ts_rulebook *rb = aliexpress();
    size_t mc = add_metric(rb, "problems", TS_METRIC_COUNT);
    rb->metrics[mc].n_events = 2;
    rb->metrics[mc].events = ts_xcalloc(2, sizeof(size_t));
    rb->metrics[mc].events[0] = EV_NOT_SHIPPED;
    rb->metrics[mc].events[1] = EV_NOT_SHIPPED; /* listed twice: still once */
    size_t md = add_metric(rb, "dsr_desc", TS_METRIC_DSR_MEAN);
    rb->metrics[md].dimension = TS_DSR_DESCRIPTION;
    ts_order o[6] = {mk(60), mk(60), mk(60), mk_fb(40, 50, 5), mk_fb(40, 50, 5), mk_fb(40, 120, 5)};
    o[0].event_day[TS_EV_NOT_SHIPPED] = 60;
    o[0].event_day[TS_EV_LOST] = 61;
    o[1].event_day[TS_EV_NOT_SHIPPED] = 101;
    o[2].dsr[0] = 1;  /* no feedback: DSR ignored */
    o[3].dsr[0] = 4;
    o[4].dsr[0] = 1;
    o[5].dsr[0] = 1;
    ts_order fb5 = mk_fb(40, 50, 5);
    ts_order all[7] = {o[0], o[1], o[2], o[3], o[4], o[5], fb5};
    rep r;
    run_eval(rb, 200, E100, 1, all, 7, &r);
    assert_double_near(metric(&r, 0, mc), 1.0, 0.0);
    assert_true(metric(&r, 0, md) == 10.0 / 3.0);
    assert_double_near(daily(&r, 101, mc), 2.0, 0.0);
    free(r.daily);
    run_eval(rb, 200, E100, 1, all, 0, &r);
    assert_double_near(metric(&r, 0, mc), 0.0, 0.0);
    assert_true(isnan(metric(&r, 0, md)));
    assert_double_near(daily(&r, 7, mc), 0.0, 0.0);
    free(r.daily);
    rb_free(rb);
}

/* Without an empty last tier, an undefined metric leaves no tier: unclassified. */
static void test_unclassified(void **state)
{
    (void)state;
    ts_rulebook *rb = aliexpress();
    rb->n_tiers = 3; /* drop "fail" (freed below by restoring the count) */
    rb->tiers[2].n_when = 3; /* pass now also needs positive >= 0.95 */
    ts_order o[30];
    for (int i = 0; i < 30; i++)
        o[i] = mk(50);
    rep r;
    run_eval(rb, 200, E100, 1, o, 30, &r);
    assert_true(isnan(metric(&r, 0, M_POSITIVE)));
    assert_int_equal(r.tiers[0], TS_TIER_UNCLASSIFIED);
    free(r.daily);

    /* ts_eval_tier directly: operators at their boundaries */
    double v[3] = {0.12, 0.0, 0.99};
    assert_int_equal(ts_eval_tier(rb, 30.0, v), TS_TIER_UNCLASSIFIED); /* 0.12 not < 0.12 */
    v[0] = 0.1199;
    assert_int_equal(ts_eval_tier(rb, 30.0, v), 2);
    v[1] = 0.008;
    assert_int_equal(ts_eval_tier(rb, 30.0, v), TS_TIER_UNCLASSIFIED);
    v[1] = 0.0;
    assert_int_equal(ts_eval_tier(rb, 29.0, v), TS_TIER_NOT_ASSESSED);
    rb->n_tiers = 4;
    v[2] = NAN;
    assert_int_equal(ts_eval_tier(rb, 30.0, v), 3); /* the empty last tier always holds */
    rb->tiers[3].n_when = 1;
    rb->tiers[3].when = ts_xcalloc(1, sizeof *rb->tiers[3].when);
    set_cond(&rb->tiers[3].when[0], M_POSITIVE, TS_OP_LE, 2.0);
    assert_int_equal(ts_eval_tier(rb, 30.0, v), TS_TIER_UNCLASSIFIED); /* NaN <= 2 fails */
    v[2] = 0.5;
    assert_int_equal(ts_eval_tier(rb, 30.0, v), 3);
    rb->tiers[3].when[0].op = TS_OP_GT;
    rb->tiers[3].when[0].value = 0.5;
    assert_int_equal(ts_eval_tier(rb, 30.0, v), TS_TIER_UNCLASSIFIED);
    rb_free(rb);
}

/* ---- reply metrics (docs/model.md §13) ---- */

/*
** Hand-made conversations against reply_within (3 minutes, post-sale, 8-23 h,
** 30-day window), reply_within over all conversations (60 minutes) and
** reply_mean_minutes (pre-sale). A conversation counts on the days whose
** window holds its arrival day, with its wait whenever the reply came.
*/
static void test_reply_metrics(void **state)
{
    (void)state;
    ts_rulebook *rb = aliexpress();
    size_t m3 = add_metric(rb, "reply3", TS_METRIC_REPLY_WITHIN);
    rb->metrics[m3].reply_minutes = 3.0;
    rb->metrics[m3].reply_hours[0] = 8;
    rb->metrics[m3].reply_hours[1] = 23;
    rb->metrics[m3].conversations = TS_CONV_POST_SALE;
    rb->metrics[m3].window_days = 30;
    size_t m60 = add_metric(rb, "reply60", TS_METRIC_REPLY_WITHIN);
    rb->metrics[m60].reply_minutes = 60.0;
    rb->metrics[m60].reply_hours[1] = 24;
    size_t mm = add_metric(rb, "mean_pre", TS_METRIC_REPLY_MEAN_MINUTES);
    rb->metrics[mm].reply_hours[1] = 24;
    rb->metrics[mm].conversations = TS_CONV_PRE_SALE;
    const ts_reply c[] = {
        {10 * 1440.0 + 9 * 60.0, 2.0, true},     /* day 10, 09:00, 2 min: within 3 */
        {10 * 1440.0 + 9 * 60.0 + 1, 3.0, true}, /* exactly 3: within (<=) */
        {10 * 1440.0 + 7 * 60.0, 1.0, true},     /* 07:00: outside 8-23 h for reply3 */
        {10 * 1440.0 + 23 * 60.0, 1.0, true},    /* 23:00: outside [8, 23) */
        {12 * 1440.0 + 22 * 60.0, 2000.0, true}, /* day 12, answered on day 14: counts from day 12 */
        {11 * 1440.0 + 1.0, 30.0, false},        /* pre-sale, day 11 */
        {11 * 1440.0 + 2.0, 90.5, false},        /* pre-sale, day 11 */
        {41 * 1440.0, 0.0, false},               /* pre-sale, day 41 */
    };
    ts_scenario sc;
    memset(&sc, 0, sizeof sc);
    sc.rules = rb;
    sc.days = 60;
    int32_t evals[1] = {40};
    sc.evaluations = evals;
    sc.n_evaluations = 1;
    ts_eval *ev = ts_eval_new(&sc);
    for (size_t i = 0; i < sizeof c / sizeof *c; i++)
        ts_eval_reply_visit(&c[i], ev);
    double assessed, metrics[8], events[16], *dl = ts_xcalloc(60 * rb->n_metrics, sizeof *dl);
    int32_t tiers[1];
    ts_rep_out out = {&assessed, metrics, tiers, events, dl};
    ts_eval_finish(ev, &out);
    ts_eval_free(ev);
    size_t nm = rb->n_metrics;
    /* reply3 (window 30): days 10..39 hold day 10; days 12..41 hold day 12 */
    assert_true(isnan(dl[9 * nm + m3]));
    assert_double_near(dl[10 * nm + m3], 1.0, 0.0);       /* 2 of 2 within */
    assert_double_near(dl[12 * nm + m3], 2.0 / 3.0, 1e-15); /* the slow one arrives */
    assert_double_near(dl[39 * nm + m3], 2.0 / 3.0, 1e-15);
    assert_double_near(dl[40 * nm + m3], 0.0, 0.0);       /* only day 12's left */
    assert_true(isnan(dl[42 * nm + m3]));
    /* reply60 (rulebook window 90): every conversation; on day 11: 5 of 6 */
    assert_double_near(dl[11 * nm + m60], 5.0 / 6.0, 1e-15);
    assert_double_near(metrics[m60], 5.0 / 7.0, 1e-15);   /* day 40: 7 arrived, 90.5 and 2000 slow */
    /* mean_pre: (30 + 90.5) / 2 from day 11; day 41 adds a 0 */
    assert_double_near(dl[11 * nm + mm], 60.25, 1e-12);
    assert_double_near(dl[41 * nm + mm], 120.5 / 3.0, 1e-12);
    /* the order metrics have no order: undefined, assessed 0 */
    assert_true(isnan(metrics[M_BAD]));
    free(dl);
    rb_free(rb);
}

/* ---- brute force: every day, every order, straight from the definitions ---- */

static int stars_asof(const ts_order *o, int32_t E)
{
    return o->revision_day <= E ? 5 : o->stars;
}

static int assessed_on(const ts_order *o, ts_anchor anchor, int window, int32_t E)
{
    int32_t a = anchor == TS_ANCHOR_PAY ? o->pay : o->end;
    return a != TS_NEVER && a <= E && a >= E - window + 1;
}

static int event_on(const ts_rule_event *e, const ts_order *o, int32_t E)
{
    if (e->kind == TS_EV_SLOW_REPLY)
        return o->slow_reply_day <= E;
    if (e->kind < TS_EV_FEEDBACK)
        return o->event_day[e->kind] <= E;
    if (o->feedback_day > E)
        return 0;
    if (e->kind == TS_EV_FEEDBACK)
        return stars_asof(o, E) <= e->max_stars;
    return o->dsr[e->dimension] <= e->max_stars;
}

static double brute_metric(const ts_rulebook *rb, size_t mi, const ts_order *o, size_t n, int32_t E)
{
    const ts_metric *m = &rb->metrics[mi];
    long long num = 0, den = 0;
    for (size_t i = 0; i < n; i++) {
        if (!assessed_on(&o[i], m->anchor, m->window_days, E))
            continue;
        switch (m->kind) {
        case TS_METRIC_RATE:
        case TS_METRIC_COUNT: {
            den++;
            int any = 0;
            for (size_t k = 0; k < m->n_events; k++)
                any |= event_on(&rb->events[m->events[k]], &o[i], E);
            num += any;
            break;
        }
        case TS_METRIC_FEEDBACK_SHARE:
            if (o[i].feedback_day <= E && o[i].value >= m->min_order_value) {
                den++;
                num += stars_asof(&o[i], E) >= m->min_stars;
            }
            break;
        case TS_METRIC_DSR_MEAN:
            if (o[i].feedback_day <= E) {
                den++;
                num += o[i].dsr[m->dimension];
            }
            break;
        default: /* reply metrics count conversations: test_reply_metrics */
            break;
        }
    }
    if (m->kind == TS_METRIC_COUNT)
        return (double)num;
    return den ? (double)num / (double)den : (double)NAN;
}

static int uni(gsl_rng *g, int lo, int hi) /* uniform on lo..hi */
{
    return lo + (int)gsl_rng_uniform_int(g, (unsigned long)(hi - lo + 1));
}

static void test_brute_force(void **state)
{
    (void)state;
    ts_rulebook *rb = aliexpress();
    rb->metrics[M_SELLER].window_days = 30;
    rb->metrics[M_SELLER].anchor = TS_ANCHOR_PAY;
    rb->metrics[M_POSITIVE].window_days = 45;
    rb->events[EV_DSR_SHIP].max_stars = 4;
    size_t mc = add_metric(rb, "count_lost_late", TS_METRIC_COUNT);
    rb->metrics[mc].n_events = 3;
    rb->metrics[mc].events = ts_xcalloc(3, sizeof(size_t));
    rb->metrics[mc].events[0] = EV_NEG_FEEDBACK;
    rb->metrics[mc].events[1] = EV_ARBITRATION;
    rb->metrics[mc].events[2] = EV_DSR_SHIP;
    rb->metrics[mc].window_days = 60;
    size_t md = add_metric(rb, "dsr_comm", TS_METRIC_DSR_MEAN);
    rb->metrics[md].dimension = TS_DSR_COMMUNICATION;
    rb->metrics[md].window_days = 7;
    rb->metrics[md].anchor = TS_ANCHOR_PAY;
    rb->min_orders = 300;
    /* a second negative-feedback event with max_stars 5: a revision does not end it */
    rb->events = ts_xrealloc(rb->events, (rb->n_events + 1) * sizeof *rb->events);
    set_event(&rb->events[rb->n_events], "any_feedback", TS_EV_FEEDBACK, 5, TS_DSR_DESCRIPTION);
    rb->n_events++;
    rb->events = ts_xrealloc(rb->events, (rb->n_events + 1) * sizeof *rb->events);
    set_event(&rb->events[rb->n_events], "slow_reply", TS_EV_SLOW_REPLY, 0, TS_DSR_DESCRIPTION);
    rb->n_events++;
    size_t mr = add_metric(rb, "rate_any_feedback_no_reply_or_slow", TS_METRIC_RATE);
    rb->metrics[mr].n_events = 3;
    rb->metrics[mr].events = ts_xcalloc(3, sizeof(size_t));
    rb->metrics[mr].events[0] = rb->n_events - 2;
    rb->metrics[mr].events[1] = EV_NO_REPLY;
    rb->metrics[mr].events[2] = rb->n_events - 1;

    gsl_rng *g = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(g, 20260101);
    const int32_t days = 120;
    const size_t n = 3000;
    ts_order *o = ts_xcalloc(n, sizeof *o);
    for (size_t i = 0; i < n; i++) {
        int32_t pay = uni(g, -150, days - 1);
        o[i] = mk(pay + uni(g, 0, 60));
        o[i].pay = pay;
        for (int k = 0; k < TS_EV_FEEDBACK; k++)
            if (gsl_rng_uniform(g) < 0.15)
                o[i].event_day[k] = pay + uni(g, 0, 90);
        if (gsl_rng_uniform(g) < 0.5) {
            o[i].feedback_day = o[i].end + uni(g, 1, 30);
            o[i].stars = (uint8_t)uni(g, 1, 5);
            for (int k = 0; k < 3; k++)
                o[i].dsr[k] = (uint8_t)uni(g, 1, 5);
            if (o[i].stars <= 3 && gsl_rng_uniform(g) < 0.4)
                o[i].revision_day = o[i].feedback_day + uni(g, 0, 6);
        }
        o[i].value = 10.0 * gsl_rng_uniform(g);
        if (gsl_rng_uniform(g) < 0.1)
            o[i].slow_reply_day = pay + uni(g, 5, 60);
    }
    int32_t evals[3] = {0, 59, days - 1};
    rep r;
    run_eval(rb, days, evals, 3, o, n, &r);
    for (int32_t d = 0; d < days; d++)
        for (size_t m = 0; m < rb->n_metrics; m++) {
            double want = brute_metric(rb, m, o, n, d), got = daily(&r, d, m);
            if (!(want == got || (isnan(want) && isnan(got)))) {
                print_error("day %d metric %zu: got %.17g, brute force %.17g\n", d, m, got, want);
                fail();
            }
        }
    for (size_t e = 0; e < 3; e++) {
        int32_t E = evals[e];
        long long assessed = 0;
        for (size_t i = 0; i < n; i++)
            assessed += assessed_on(&o[i], rb->anchor, rb->window_days, E);
        assert_double_near(r.assessed[e], (double)assessed, 0.0);
        for (size_t k = 0; k < rb->n_events; k++) {
            long long cnt = 0;
            for (size_t i = 0; i < n; i++)
                cnt += assessed_on(&o[i], rb->anchor, rb->window_days, E) &&
                       event_on(&rb->events[k], &o[i], E);
            assert_double_near(r.events[e * r.ne + k], (double)cnt, 0.0);
        }
        double vals[8];
        for (size_t m = 0; m < rb->n_metrics; m++) {
            vals[m] = brute_metric(rb, m, o, n, E);
            double got = metric(&r, e, m);
            assert_true(vals[m] == got || (isnan(vals[m]) && isnan(got)));
        }
        assert_int_equal(r.tiers[e], ts_eval_tier(rb, (double)assessed, vals));
    }
    /* the generated set must exercise the cases: something assessed on day 0 */
    assert_true(r.assessed[0] > 300.0);
    free(r.daily);
    free(o);
    gsl_rng_free(g);
    rb_free(rb);
}

int main(void)
{
    gsl_set_error_handler_off(); /* as the program does (sim/cli/main.c) */
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_window_edges),
        cmocka_unit_test(test_thresholds_good),
        cmocka_unit_test(test_thresholds_top),
        cmocka_unit_test(test_min_order_value_inclusive),
        cmocka_unit_test(test_min_orders),
        cmocka_unit_test(test_revision_before_after),
        cmocka_unit_test(test_feedback_after_E),
        cmocka_unit_test(test_event_union),
        cmocka_unit_test(test_pay_anchor),
        cmocka_unit_test(test_metric_window),
        cmocka_unit_test(test_count_and_dsr_mean),
        cmocka_unit_test(test_unclassified),
        cmocka_unit_test(test_reply_metrics),
        cmocka_unit_test(test_brute_force),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
