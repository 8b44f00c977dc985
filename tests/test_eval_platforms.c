/*
** test_eval_platforms.c — the shipped platform rulebooks (the JSON files in models/rules)
** evaluated on small hand-built order sets: metric values and tiers on given
** days, thresholds met exactly, minimum counts one short and exactly enough.
*/
#include "testutil.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "evaluate.h"
#include "eval_orders.h"
#include "rulebook_load.h"

#define MAXN 1100

/* An order paid on pay, ended on end, worth 10, with nothing happening. */
static ts_order mk(int32_t pay, int32_t end)
{
    return ts_test_order(pay, end);
}

/* Feedback taking effect on day fb: overall stars and the three DSR. */
static void fb(ts_order *o, int32_t day, int stars, int desc, int comm, int ship)
{
    o->feedback_day = day;
    o->stars = (uint8_t)stars;
    o->dsr[TS_DSR_DESCRIPTION] = (uint8_t)desc;
    o->dsr[TS_DSR_COMMUNICATION] = (uint8_t)comm;
    o->dsr[TS_DSR_SHIPPING] = (uint8_t)ship;
}

typedef struct {
    size_t nm, ne;
    double assessed[4];
    double metrics[4 * 8];
    int32_t tiers[4];
    double events[4 * 16];
    double *daily;
} rep;

static ts_rulebook *load(const char *name)
{
    ts_error err = {0};
    ts_rulebook *rb = ts_rulebook_load_name(name, &err);
    if (rb == NULL)
        fail_msg("%s: %s", name, err.count ? err.messages[0] : "?");
    return rb;
}

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
    r->nm = rb->n_metrics;
    r->ne = rb->n_events;
    r->daily = ts_xcalloc((size_t)days * rb->n_metrics, sizeof *r->daily);
    ts_eval *ev = ts_eval_new(&sc);
    for (size_t i = 0; i < n; i++)
        ts_eval_add(ev, &orders[i]);
    ts_rep_out out = {r->assessed, r->metrics, r->tiers, r->events, r->daily};
    ts_eval_finish(ev, &out);
    ts_eval_free(ev);
}

static size_t metric_ix(const ts_rulebook *rb, const char *name)
{
    for (size_t m = 0; m < rb->n_metrics; m++)
        if (strcmp(rb->metrics[m].name, name) == 0)
            return m;
    fail_msg("no metric %s", name);
    return 0;
}

static int32_t tier_ix(const ts_rulebook *rb, const char *name)
{
    for (size_t t = 0; t < rb->n_tiers; t++)
        if (strcmp(rb->tiers[t].name, name) == 0)
            return (int32_t)t;
    fail_msg("no tier %s", name);
    return 0;
}

static double M(const rep *r, size_t e, size_t m)
{
    return r->metrics[e * r->nm + m];
}

/*
** amazon-account-health: pay anchor; ODR over 60 days, LSR over 30, cancel
** rate over 7; healthy when ODR < 1%, LSR < 4%, CR < 2.5%; min_orders 1.
** 100 orders paid day 80 (A), 40 paid day 95 (B). A[0]: 2 stars on day 85
** (a defect); A[1]: 3 stars (not: max_stars 2); A[2]: a dispute opened day
** 98 (an A-to-z claim); A[3], A[4]: dispatched late on day 84; B[0]: closed
** unshipped on day 97.
**   day 5: windows hold no order: assessed 0 < 1: not assessed.
**   day 96: ODR window [37, 96] = 140 orders, 1 defect: 1/140 = 0.00714;
**     LSR [67, 96]: 140 orders, 2 late: 2/140 = 0.01429; CR [90, 96]: the 40
**     B orders, none cancelled yet: 0. All below target: healthy.
**   day 99: ODR 2/140 (the claim is known on 98) = 0.01429 >= 1%; CR 1/40 =
**     0.025, exactly the target, and "< 0.025" fails: at_risk.
*/
static void test_amazon(void **state)
{
    (void)state;
    ts_rulebook *rb = load("amazon-account-health");
    ts_order *o = ts_xcalloc(140, sizeof *o);
    for (int i = 0; i < 140; i++)
        o[i] = i < 100 ? mk(80, 120) : mk(95, 130);
    fb(&o[0], 85, 2, 5, 5, 5);
    fb(&o[1], 85, 3, 5, 5, 5);
    o[2].event_day[TS_EV_DISPUTE] = 98;
    o[3].event_day[TS_EV_LATE_DISPATCH] = 84;
    o[4].event_day[TS_EV_LATE_DISPATCH] = 84;
    o[100].event_day[TS_EV_NOT_SHIPPED] = 97;
    static const int32_t ev[3] = {5, 96, 99};
    rep r;
    run_eval(rb, 100, ev, 3, o, 140, &r);
    size_t odr = metric_ix(rb, "order_defect_rate"), lsr = metric_ix(rb, "late_shipment_rate"),
           cr = metric_ix(rb, "cancel_rate");
    assert_double_near(r.assessed[0], 0.0, 0.0);
    assert_int_equal(r.tiers[0], TS_TIER_NOT_ASSESSED);
    assert_double_near(r.assessed[1], 140.0, 0.0);
    assert_double_near(M(&r, 1, odr), 1.0 / 140.0, 1e-15);
    assert_double_near(M(&r, 1, lsr), 2.0 / 140.0, 1e-15);
    assert_double_near(M(&r, 1, cr), 0.0, 0.0);
    assert_int_equal(r.tiers[1], tier_ix(rb, "healthy"));
    assert_double_near(M(&r, 2, odr), 2.0 / 140.0, 1e-15);
    assert_true(M(&r, 2, cr) == 0.025); /* the correctly rounded 1/40 is the literal */
    assert_int_equal(r.tiers[2], tier_ix(rb, "at_risk"));
    /* the cancel window is 7 days: on day 102 the B orders (paid 95) drop out */
    free(r.daily);
    static const int32_t late[1] = {102};
    run_eval(rb, 103, late, 1, o, 140, &r);
    assert_true(isnan(M(&r, 0, cr)));   /* no order paid in [96, 102]: undefined */
    assert_int_equal(r.tiers[0], tier_ix(rb, "at_risk")); /* a condition on it fails */
    free(r.daily);
    free(o);
    ts_rulebook_free(rb);
}

/*
** ebay-seller-standards: 90 days on the pay day. 200 orders paid day 10.
** o[0]: 3 stars (neutral: a defect); o[1]: 5 stars, shipping DSR 2 (not a
** defect: shipping counts only at 1); o[2]: 4 stars, description DSR 4 (not:
** description counts at <= 3); o[3..8]: late dispatch (6). o[9]: 5 stars
** but shipping DSR 1, effective day 55.
**   day 50: TDR 1/200 = 0.005, exactly "<= 0.005"; LSR 6/200 = 0.03, exactly
**     "<= 0.03"; cases 0; 200 >= 100 transactions: top_rated.
**   day 60: TDR 2/200 = 0.01: above_standard (<= 0.02).
**   day 105: window [16, 105] holds no order: every rate undefined, every
**     condition fails: below_standard (min_orders 0: still assessed).
*/
static void test_ebay_rates(void **state)
{
    (void)state;
    ts_rulebook *rb = load("ebay-seller-standards");
    ts_order *o = ts_xcalloc(200, sizeof *o);
    for (int i = 0; i < 200; i++)
        o[i] = mk(10, 40);
    fb(&o[0], 30, 3, 5, 5, 5);
    fb(&o[1], 30, 5, 5, 5, 2);
    fb(&o[2], 30, 4, 4, 5, 5);
    for (int i = 3; i < 9; i++)
        o[i].event_day[TS_EV_LATE_DISPATCH] = 14;
    fb(&o[9], 55, 5, 5, 5, 1);
    static const int32_t ev[3] = {50, 60, 105};
    rep r;
    run_eval(rb, 110, ev, 3, o, 200, &r);
    size_t tdr = metric_ix(rb, "transaction_defect_rate"), lsr = metric_ix(rb, "late_shipment_rate"),
           cases = metric_ix(rb, "cases_closed_rate");
    assert_double_near(r.assessed[0], 200.0, 0.0);
    assert_true(M(&r, 0, tdr) == 0.005);
    assert_true(M(&r, 0, lsr) == 0.03);
    assert_double_near(M(&r, 0, cases), 0.0, 0.0);
    assert_int_equal(r.tiers[0], tier_ix(rb, "top_rated"));
    assert_true(M(&r, 1, tdr) == 0.01);
    assert_int_equal(r.tiers[1], tier_ix(rb, "above_standard"));
    assert_double_near(r.assessed[2], 0.0, 0.0);
    assert_true(isnan(M(&r, 2, tdr)));
    assert_int_equal(r.tiers[2], tier_ix(rb, "below_standard"));
    free(r.daily);
    free(o);
    ts_rulebook_free(rb);
}

/*
** ebay-seller-standards, minimum count and the cases rate. Orders paid day
** 10 with no defect, evaluated on day 50:
**   99 orders: one short of top_rated's 100: above_standard;
**   100 orders: exactly enough: top_rated.
** 1000 orders, seller_responsible rulings on days 20, 21, 22 and 55:
**   day 50: 3/1000 = 0.003, exactly "<= 0.003": top_rated;
**   day 60: 4/1000 = 0.004: fails both tiers' cases condition: below_standard.
*/
static void test_ebay_minimum_and_cases(void **state)
{
    (void)state;
    ts_rulebook *rb = load("ebay-seller-standards");
    ts_order *o = ts_xcalloc(1000, sizeof *o);
    for (int i = 0; i < 1000; i++)
        o[i] = mk(10, 40);
    static const int32_t e50[1] = {50};
    rep r;
    run_eval(rb, 100, e50, 1, o, 99, &r);
    assert_double_near(r.assessed[0], 99.0, 0.0);
    assert_int_equal(r.tiers[0], tier_ix(rb, "above_standard"));
    free(r.daily);
    run_eval(rb, 100, e50, 1, o, 100, &r);
    assert_int_equal(r.tiers[0], tier_ix(rb, "top_rated"));
    free(r.daily);

    o[0].event_day[TS_EV_SELLER_RESPONSIBLE] = 20;
    o[1].event_day[TS_EV_SELLER_RESPONSIBLE] = 21;
    o[2].event_day[TS_EV_SELLER_RESPONSIBLE] = 22;
    o[3].event_day[TS_EV_SELLER_RESPONSIBLE] = 55;
    static const int32_t ev[2] = {50, 60};
    run_eval(rb, 100, ev, 2, o, 1000, &r);
    size_t cases = metric_ix(rb, "cases_closed_rate");
    assert_true(M(&r, 0, cases) == 0.003);
    assert_int_equal(r.tiers[0], tier_ix(rb, "top_rated"));
    assert_true(M(&r, 1, cases) == 0.004);
    assert_int_equal(r.tiers[1], tier_ix(rb, "below_standard"));
    free(r.daily);
    free(o);
    ts_rulebook_free(rb);
}

/*
** taobao-dsr: DSR means over the ratings whose feedback took effect in the
** last 180 days (the feedback anchor: pay and end days do not matter, all
** are day 0 here); category averages 4.8, floor 4.7; min_orders 1.
**   R1: 10 ratings effective day 100, all DSR 5 but one description 3.
**   R2: 10 ratings effective day 250, all 5 but shipping 4 on three.
**   R3: 1 rating effective day 350, shipping 1.
**   5 orders without feedback: never assessed.
**   day 50: no rating yet: not assessed.
**   day 200: R1: description (9*5 + 3)/10 = 4.8, exactly ">= 4.8"; the
**     others 5: above_average. Assessed: 10 (not the 5 unrated).
**   day 300: window [121, 300]: R2 only: shipping (7*5 + 3*4)/10 = 4.7 < 4.8
**     but >= the 4.7 floor: average.
**   day 400: window [221, 400]: R2 + R3: shipping (47 + 1)/11 = 4.3636 < 4.7:
**     below_average.
** With category_shipping set to 4.7 (a scenario's "params"), day 300 is
** above_average.
*/
static void test_taobao(void **state)
{
    (void)state;
    ts_rulebook *rb = load("taobao-dsr");
    ts_order o[26];
    for (int i = 0; i < 26; i++)
        o[i] = mk(0, 0);
    for (int i = 0; i < 10; i++)
        fb(&o[i], 100, 5, i == 0 ? 3 : 5, 5, 5);
    for (int i = 10; i < 20; i++)
        fb(&o[i], 250, 5, 5, 5, i < 13 ? 4 : 5);
    fb(&o[20], 350, 5, 5, 5, 1);
    static const int32_t ev[4] = {50, 200, 300, 400};
    rep r;
    run_eval(rb, 401, ev, 4, o, 26, &r);
    size_t desc = metric_ix(rb, "dsr_description"), ship = metric_ix(rb, "dsr_shipping"),
           serv = metric_ix(rb, "dsr_service");
    assert_int_equal(r.tiers[0], TS_TIER_NOT_ASSESSED);
    assert_double_near(r.assessed[1], 10.0, 0.0);
    assert_true(M(&r, 1, desc) == 4.8);
    assert_double_near(M(&r, 1, serv), 5.0, 0.0);
    assert_int_equal(r.tiers[1], tier_ix(rb, "above_average"));
    assert_double_near(r.assessed[2], 10.0, 0.0);
    assert_true(M(&r, 2, ship) == 4.7);
    assert_double_near(M(&r, 2, desc), 5.0, 0.0);
    assert_int_equal(r.tiers[2], tier_ix(rb, "average"));
    assert_double_near(r.assessed[3], 11.0, 0.0);
    assert_double_near(M(&r, 3, ship), 48.0 / 11.0, 1e-15);
    assert_int_equal(r.tiers[3], tier_ix(rb, "below_average"));
    /* the low-DSR events (for the causes): day 200 has the one description 3 */
    size_t k;
    for (k = 0; k < rb->n_events && strcmp(rb->events[k].name, "low_dsr_description") != 0; k++)
        ;
    assert_true(k < rb->n_events);
    assert_double_near(r.events[1 * r.ne + k], 1.0, 0.0);
    free(r.daily);

    assert_true(ts_rulebook_set_param(rb, "category_shipping", 4.7));
    run_eval(rb, 401, ev, 4, o, 26, &r);
    assert_int_equal(r.tiers[2], tier_ix(rb, "above_average"));
    free(r.daily);
    ts_rulebook_free(rb);
}

/*
** aliexpress-2015 and -strict on the same orders (end day 10, evaluated day
** 50, window [-39, 50]): n orders, three rated 5 stars overall with a
** description DSR of 4, effective day 20.
**   n = 100: standard: bad 0 (DSR 4 is not <= 3): top. Strict: bad 3/100 =
**     0.03, not < 0.03; positive 3/3 = 1 >= 0.95: good.
**   n = 29: one short of min_orders 30: not assessed under both;
**   n = 30: exactly enough: assessed (strict: bad 3/30 = 0.1 < 0.12: pass).
*/
static void test_aliexpress_strict(void **state)
{
    (void)state;
    ts_rulebook *std = load("aliexpress-2015"), *strict = load("aliexpress-2015-strict");
    ts_order o[100];
    for (int i = 0; i < 100; i++)
        o[i] = mk(-10, 10);
    for (int i = 0; i < 3; i++)
        fb(&o[i], 20, 5, 4, 5, 5);
    static const int32_t e50[1] = {50};
    rep r;
    run_eval(std, 60, e50, 1, o, 100, &r);
    assert_double_near(M(&r, 0, 0), 0.0, 0.0);
    assert_int_equal(r.tiers[0], tier_ix(std, "top"));
    free(r.daily);
    run_eval(strict, 60, e50, 1, o, 100, &r);
    assert_true(M(&r, 0, metric_ix(strict, "bad_experience_rate")) == 0.03);
    assert_double_near(M(&r, 0, metric_ix(strict, "positive_feedback_rate")), 1.0, 0.0);
    assert_int_equal(r.tiers[0], tier_ix(strict, "good"));
    free(r.daily);
    run_eval(strict, 60, e50, 1, o, 29, &r);
    assert_double_near(r.assessed[0], 29.0, 0.0);
    assert_int_equal(r.tiers[0], TS_TIER_NOT_ASSESSED);
    free(r.daily);
    run_eval(std, 60, e50, 1, o, 29, &r);
    assert_int_equal(r.tiers[0], TS_TIER_NOT_ASSESSED);
    free(r.daily);
    run_eval(strict, 60, e50, 1, o, 30, &r);
    assert_double_near(M(&r, 0, 0), 0.1, 1e-15);
    assert_int_equal(r.tiers[0], tier_ix(strict, "pass"));
    free(r.daily);
    ts_rulebook_free(std);
    ts_rulebook_free(strict);
}

/*
** The feedback anchor in a hand-built rulebook, and a tier's own min_orders
** through ts_eval_tier: tier 0 needs 3 assessed orders and value < 0.5.
*/
static void test_tier_min_orders(void **state)
{
    (void)state;
    ts_tier tiers[2] = {{.name = "a", .min_orders = 3}, {.name = "b"}};
    ts_condition c = {.metric = 0, .op = TS_OP_LT, .value = 0.5};
    tiers[0].when = &c;
    tiers[0].n_when = 1;
    ts_rulebook rb = {.name = "t", .window_days = 10, .tiers = tiers, .n_tiers = 2, .min_orders = 1};
    double v = 0.25;
    assert_int_equal(ts_eval_tier(&rb, 0.0, &v), TS_TIER_NOT_ASSESSED);
    assert_int_equal(ts_eval_tier(&rb, 2.0, &v), 1); /* one short */
    assert_int_equal(ts_eval_tier(&rb, 3.0, &v), 0); /* exactly enough */
    v = 0.5;
    assert_int_equal(ts_eval_tier(&rb, 3.0, &v), 1);
}

/* ---- the score rulebooks (docs/rulebooks.md "Scores") ---- */

/* One evaluation of a score rulebook: its metrics and tier on day e, from 1970-01-01. */
typedef struct {
    double *metrics;
    int32_t tier;
    double *daily;
} score_rep;

static void run_score(const ts_rulebook *rb, int32_t days, int32_t e, const ts_order *orders, size_t n,
                      score_rep *r)
{
    ts_scenario sc;
    memset(&sc, 0, sizeof sc);
    sc.rules = (ts_rulebook *)(uintptr_t)rb;
    sc.days = days;
    sc.evaluations = &e;
    sc.n_evaluations = 1;
    r->metrics = ts_xcalloc(rb->n_metrics, sizeof *r->metrics);
    r->daily = ts_xcalloc((size_t)days * rb->n_metrics, sizeof *r->daily);
    double assessed, events[16];
    assert_true(rb->n_events <= 16);
    ts_eval *ev = ts_eval_new(&sc);
    for (size_t i = 0; i < n; i++)
        ts_eval_add(ev, &orders[i]);
    ts_rep_out out = {&assessed, r->metrics, &r->tier, events, r->daily};
    ts_eval_finish(ev, &out);
    ts_eval_free(ev);
}

/*
** A shop with constant defect rates: every day from -150 on, 100 orders end;
** order 0 was not shipped, orders 1 and 2 disputed for quality, the other 97
** rated 5/5/5/5 that day. Over the 30-day window: unsold 1%, not as described
** 2%, not received 0. By hand (aliexpress-service-score's default ladders):
**   unsold 10 + (0.01 - 0.005) / (0.03 - 0.005) * (0 - 10) = 8
**   not received 15, not as described 15 - 0.6 * 15 = 6, DSR 30 + 15 + 15
**   daily score 89 every day; January's mean 89: good (80 <= 89 < 90).
** The forecast rulebook grades the month so far the same way on any day.
*/
static void test_aliexpress_score_constant_rates(void **state)
{
    (void)state;
    size_t n = 0, cap = 260 * 100;
    ts_order *o = ts_xcalloc(cap, sizeof *o);
    for (int32_t d = -150; d < 100; d++) {
        for (int i = 0; i < 100; i++) {
            ts_order x = mk(d - 20, d);
            if (i == 0) {
                x.event_day[TS_EV_NOT_SHIPPED] = d;
            } else if (i <= 2) {
                x.flags = TS_ORDER_QUALITY | TS_ORDER_DISPUTED;
                x.event_day[TS_EV_DISPUTE] = d;
            } else {
                fb(&x, d, 5, 5, 5, 5);
            }
            o[n++] = x;
        }
    }
    const char *names[2] = {"aliexpress-service-score", "aliexpress-service-score-forecast"};
    for (int k = 0; k < 2; k++) {
        ts_rulebook *rb = load(names[k]);
        score_rep r;
        run_score(rb, 100, 40, o, n, &r); /* 10 February 1970 */
        assert_double_near(r.metrics[metric_ix(rb, "unsold_rate")], 0.01, 1e-15);
        assert_double_near(r.metrics[metric_ix(rb, "not_as_described_rate")], 0.02, 1e-15);
        assert_double_near(r.metrics[metric_ix(rb, "not_received_rate")], 0.0, 0.0);
        assert_double_near(r.metrics[metric_ix(rb, "points_unsold")], 8.0, 1e-12);
        assert_double_near(r.metrics[metric_ix(rb, "points_not_as_described")], 6.0, 1e-12);
        assert_double_near(r.metrics[metric_ix(rb, "points_description")], 30.0, 0.0);
        assert_double_near(r.metrics[metric_ix(rb, "daily_score")], 89.0, 1e-12);
        assert_double_near(r.metrics[metric_ix(rb, "service_score")], 89.0, 1e-12);
        assert_int_equal(r.tier, tier_ix(rb, "good"));
        free(r.metrics);
        free(r.daily);
        ts_rulebook_free(rb);
    }
    free(o);
}

/*
** The same shop on Pinduoduo and Taobao, by hand from the default tables:
** Pinduoduo help rate = disputes 2% (lower: peers at or below 0.02 are 0.95,
** beats 0.05); quality disputes 2% (0.97 -> 0.03); review score 5 and
** positive share 1 above the tables (1 each); no delivery (left out: 0.5);
** no team (0.5): (0.05 + 0.5 + 1 + 1 + 0.03 + 0.5) / 6 = 0.51333: 3.5 stars.
** Taobao: description 20, quality 2% -> 10 - 0.6 * 10 = 4, delivery and
** consultation without data 15 + 15, shipping DSR 10, disputes 2% -> 15 - 0.6 *
** 15 = 6, nothing ruled against the seller 15: 85, above the category average.
*/
static void test_pdd_taobao_constant_rates(void **state)
{
    (void)state;
    size_t n = 0;
    ts_order *o = ts_xcalloc(260 * 100, sizeof *o);
    for (int32_t d = -150; d < 100; d++) {
        for (int i = 0; i < 100; i++) {
            ts_order x = mk(d, d + 10);
            if (i < 2) {
                x.flags = TS_ORDER_QUALITY | TS_ORDER_DISPUTED;
                x.event_day[TS_EV_DISPUTE] = d; /* opened on the pay day: known at once */
            } else {
                fb(&x, d + 10, 5, 5, 5, 5);
            }
            o[n++] = x;
        }
    }
    ts_rulebook *rb = load("pinduoduo-experience-stars");
    score_rep r;
    run_score(rb, 100, 58, o, n, &r);
    assert_double_near(r.metrics[metric_ix(rb, "help_rate")], 0.02, 1e-15);
    assert_double_near(r.metrics[metric_ix(rb, "help_rate_beats")], 0.05, 1e-12);
    assert_double_near(r.metrics[metric_ix(rb, "serious_quality_rate_beats")], 0.03, 1e-12);
    assert_true(isnan(r.metrics[metric_ix(rb, "delivery_days")]));
    assert_double_near(r.metrics[metric_ix(rb, "experience_rank")], (0.05 + 0.5 + 1 + 1 + 0.03 + 0.5) / 6.0, 1e-5);
    assert_int_equal(r.tier, tier_ix(rb, "stars_3_5"));
    assert_double_near(rb->tiers[r.tier].stars, 3.5, 0.0);
    free(r.metrics);
    free(r.daily);
    ts_rulebook_free(rb);
    rb = load("taobao-experience-score");
    run_score(rb, 100, 58, o, n, &r);
    assert_double_near(r.metrics[metric_ix(rb, "points_product_quality")], 4.0, 1e-12);
    assert_double_near(r.metrics[metric_ix(rb, "points_after_sales")], 6.0, 1e-12);
    assert_double_near(r.metrics[metric_ix(rb, "experience_score")], 85.0, 1e-12);
    assert_int_equal(r.tier, tier_ix(rb, "above_average"));
    free(r.metrics);
    free(r.daily);
    ts_rulebook_free(rb);
    free(o);
}

int main(void)
{
    gsl_set_error_handler_off(); /* as the program does (sim/cli/main.c) */
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_amazon),
        cmocka_unit_test(test_ebay_rates),
        cmocka_unit_test(test_ebay_minimum_and_cases),
        cmocka_unit_test(test_taobao),
        cmocka_unit_test(test_aliexpress_strict),
        cmocka_unit_test(test_tier_min_orders),
        cmocka_unit_test(test_aliexpress_score_constant_rates),
        cmocka_unit_test(test_pdd_taobao_constant_rates),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
