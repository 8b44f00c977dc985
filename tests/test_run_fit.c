/*
** test_run_fit.c — `tiersim fit` (docs/data-format.md "Fitting (tiersim
** fit)"): an export simulated from a known scenario is fitted back with
** every estimate within 4 standard errors of the truth and the late share
** of the chosen lanes near the observed one; the fitted scenario loads; an
** export with few orders keeps the defaults with warnings; the diagnostic
** charts' observed counts are the export's and their fitted counts the
** fitted laws under the export's censoring.
*/
#include "testutil.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>

#include "export.h"
#include "fit.h"
#include "orders.h"
#include "present.h"
#include "study.h"

/* The truth of tests/data/fit/truth.json, by path (carriers by name below). */
typedef struct {
    const char *path;
    double truth;
} truth_row;

static const truth_row TRUTH[] = {
    {"volume.daily_orders", 60.0}, {"volume.dispersion", 0.05}, {"volume.growth_per_day", 0.0},
    {"volume.weekday_factors[0]", 1.1}, {"volume.weekday_factors[5]", 0.9},
    {"order_value.median", 14}, {"order_value.sigma", 0.7}, {"fulfilment.stockout_prob", 0.01},
    {"service.dispute_reply_prob", 0.9}, {"service.arbitration_prob", 0.3},
    {"service.seller_responsible_prob", 0.5}, {"service.revision.contact_prob", 0.5},
    {"buyers.feedback_prob", 0.4}, {"buyers.feedback_delay_mean", 5}, {"buyers.five_star_share", 0.85},
    {"buyers.low_star_weights[0]", 0.45}, {"buyers.low_star_weights[1]", 0.2},
    {"buyers.low_star_weights[2]", 0.35},
    {"product.quality_defect_prob", 0.04}, {"product.description_mismatch_prob", 0.03},
    {"service.slow_reply_prob", 0.08}, {"buyers.dispute.base", 0.004},
    {"buyers.negative_feedback.base", 0.02}, {"buyers.low_dsr.description.base", 0.03},
    {"buyers.low_dsr.shipping.base", 0.025},
};

/* Within 4 standard errors: the 95% interval's half on the estimate's side, × 4 / 1.96. */
static void assert_near_truth(const ts_fit_param *p, double truth, size_t *inside)
{
    assert_non_null(p);
    assert_true(isfinite(p->lo) && isfinite(p->hi));
    double half = truth < p->estimate ? p->estimate - p->lo : p->hi - p->estimate;
    if (fabs(p->estimate - truth) > half * 4 / 1.959964)
        fail_msg("%s: estimate %g, 95%% interval %g..%g, truth %g (beyond 4 SE)", p->path, p->estimate,
                 p->lo, p->hi, truth);
    *inside += p->lo <= truth && truth <= p->hi;
}

/* Whether one of the fit's warnings, in English, contains text. */
static bool warned_of(const ts_fit *f, const char *text)
{
    bool found = false;
    for (size_t i = 0; i < f->n_warnings && !found; i++) {
        char *w = ts_present_fit_text(&f->warnings[i], false);
        found = strstr(w, text) != NULL;
        free(w);
    }
    return found;
}

static ts_study *truth_study(void)
{
    ts_error err = {0};
    ts_study *st = ts_study_load(TS_TEST_DATA "/fit/truth.json", NULL, 0, &err);
    assert_int_equal(err.count, 0);
    assert_non_null(st);
    return st;
}

/* Read len bytes of csv as the export file and fit them: both succeed, with no error. */
static void read_and_fit(const char *file, const char *csv, size_t len, ts_orders *h, ts_fit *f)
{
    ts_error err = {0};
    assert_int_equal(ts_orders_read_buffer(file, csv, len, NULL, h, &err), TS_OK);
    assert_int_equal(ts_fit_orders(h, TS_NO_DATE, f, &err), TS_OK);
    assert_int_equal(err.count, 0);
}

static void fit_export(const ts_scenario *sc, uint64_t rep, ts_orders *h, ts_fit *f)
{
    size_t len, rows;
    char *csv = ts_export_orders_csv(sc, rep, &len, &rows);
    read_and_fit("truth.csv", csv, len, h, f);
    free(csv);
    assert_int_equal(h->n_orders, rows);
}

/* The scenario fit writes for days from the day after the export, loaded: it must load. */
static ts_study *load_fitted(const ts_fit *f, const ts_orders *h, int32_t days)
{
    char *json = ts_fit_scenario_json(f, h, "fitted", f->last_day + 1, days, "aliexpress-2015", NULL, NULL);
    ts_error err = {0};
    ts_study *st = ts_study_load_buffer("fitted.json", json, strlen(json), NULL, 0, &err);
    for (size_t i = 0; i < err.count; i++)
        print_error("%s\n", err.messages[i]);
    ts_error_clear(&err);
    free(json);
    assert_non_null(st);
    return st;
}

static void test_fit_recovers_truth(void **state)
{
    (void)state;
    ts_study *st = truth_study();
    const ts_scenario *sc = st->variants[0].scenario;
    ts_orders h = {0};
    ts_fit f = {0};
    fit_export(sc, 0, &h, &f);
    size_t inside = 0, checked = 0;
    for (size_t i = 0; i < sizeof TRUTH / sizeof *TRUTH; i++) {
        /* the truth's weekday factors average 1, as the fitted ones do */
        assert_near_truth(ts_fit_find(&f, TRUTH[i].path), TRUTH[i].truth, &inside);
        checked++;
    }
    /* the lanes: by carrier and promise, as the truth has them (12 and 35 days) */
    assert_true(f.by_promise);
    assert_int_equal(f.n_lanes, 2);
    for (size_t j = 0; j < f.n_lanes; j++) {
        const ts_carrier *c = NULL;
        for (size_t k = 0; k < sc->fulfilment.n_carriers; k++)
            if (strcmp(sc->fulfilment.carriers[k].name, h.carriers[f.lanes[j].carrier]) == 0)
                c = &sc->fulfilment.carriers[k];
        assert_non_null(c);
        assert_int_equal(f.lanes[j].promise, c->promised_delivery_days);
        char path[96];
        snprintf(path, sizeof path, "fulfilment.carriers[%zu].transit_mean", j);
        assert_near_truth(ts_fit_find(&f, path), c->transit_mean_days, &inside);
        snprintf(path, sizeof path, "fulfilment.carriers[%zu].transit_sd", j);
        assert_near_truth(ts_fit_find(&f, path), c->transit_sd_days, &inside);
        snprintf(path, sizeof path, "fulfilment.carriers[%zu].share", j);
        assert_near_truth(ts_fit_find(&f, path), c->share, &inside);
        snprintf(path, sizeof path, "fulfilment.carriers[%zu].lost_prob", j);
        assert_near_truth(ts_fit_find(&f, path), c->lost_prob, &inside);
        checked += 4;
    }
    /* the late share the lanes imply is within 4 binomial SE of the observed one; one lane's is not */
    double se = sqrt(f.late_observed * (1 - f.late_observed) / (double)f.late_n);
    assert_true(fabs(f.late_lanes - f.late_observed) < 4 * se);
    assert_true(fabs(f.late_one_lane - f.late_observed) > 4 * se);
    print_message("fit: %zu of %zu intervals hold the truth; late share observed %.4f, lanes %.4f, one lane %.4f\n",
                  inside, checked, f.late_observed, f.late_lanes, f.late_one_lane);
    ts_fit_release(&f);
    ts_orders_release(&h);
    ts_study_free(st);
}

/*
** A capacity that binds on busy days (tests/data/fit/capacity.json: 61 a
** day, a 4-day deadline): the busy days dispatch exactly the capacity, the
** closings give the deadline, and the handling is seen after idle days — all
** three recovered exactly. Without a capacity (truth.json) none is fitted.
*/
static void test_fit_capacity(void **state)
{
    (void)state;
    ts_error err = {0};
    ts_study *st = ts_study_load(TS_TEST_DATA "/fit/capacity.json", NULL, 0, &err);
    assert_non_null(st);
    ts_orders h = {0};
    ts_fit f = {0};
    fit_export(st->variants[0].scenario, 0, &h, &f);
    const ts_fit_param *cap = ts_fit_find(&f, "fulfilment.capacity_per_day");
    assert_int_equal(cap->method, TS_FIT_MODE);
    assert_true(cap->n >= 20);
    assert_int_equal((int)cap->estimate, 61);
    const ts_fit_param *dl = ts_fit_find(&f, "fulfilment.ship_deadline_days");
    assert_int_equal(dl->method, TS_FIT_MODE);
    assert_int_equal((int)dl->estimate, 4);
    assert_int_equal((int)ts_fit_find(&f, "fulfilment.handling_days")->estimate, 2);
    assert_int_equal(f.handling_days, 2);
    ts_study *back = load_fitted(&f, &h, 30);
    assert_int_equal(back->variants[0].scenario->fulfilment.capacity_per_day, 61);
    assert_int_equal(back->variants[0].scenario->fulfilment.ship_deadline_days, 4);
    ts_study_free(back);
    ts_fit_release(&f);
    ts_orders_release(&h);
    ts_study_free(st);

    st = truth_study();
    fit_export(st->variants[0].scenario, 0, &h, &f);
    assert_int_equal(ts_fit_find(&f, "fulfilment.capacity_per_day")->method, TS_FIT_DEFAULT);
    assert_int_equal(ts_fit_find(&f, "fulfilment.ship_deadline_days")->method, TS_FIT_DEFAULT);
    ts_fit_release(&f);
    ts_orders_release(&h);
    ts_study_free(st);
}

/*
** Three early orders neither dispatched nor closed (cancelled, say) are not a
** queue: without the rule that an open order cannot have waited longer than
** anyone did, every later day looked busy and a capacity was invented.
*/
static void test_fit_cancelled_orders_no_capacity(void **state)
{
    (void)state;
    ts_study *st = truth_study();
    ts_orders h = {0};
    ts_fit f = {0};
    fit_export(st->variants[0].scenario, 0, &h, &f);
    ts_fit_release(&f);
    size_t done = 0;
    for (size_t i = 0; i < h.n_orders && done < 3; i++) {
        ts_hist_order *o = &h.orders[i];
        if (o->dispatched == TS_NO_DATE || o->paid > h.first_paid + 10)
            continue;
        o->dispatched = o->delivered = o->dispute_opened = o->arbitration = o->dispute_closed = TS_NO_DATE;
        o->feedback = o->revised = TS_NO_DATE;
        o->carrier = -1;
        o->lost = 0;
        o->reason = o->replied = o->ruling = -1;
        o->stars = o->revised_stars = 0;
        memset(o->dsr, 0, sizeof o->dsr);
        done++;
    }
    assert_int_equal(done, 3);
    ts_error err = {0};
    assert_int_equal(ts_fit_orders(&h, TS_NO_DATE, &f, &err), TS_OK);
    const ts_fit_param *cap = ts_fit_find(&f, "fulfilment.capacity_per_day");
    assert_int_equal(cap->method, TS_FIT_DEFAULT);
    assert_true(cap->estimate < 0);
    assert_true(warned_of(&f, "3 orders neither dispatched nor closed"));
    ts_fit_release(&f);
    ts_orders_release(&h);
    ts_study_free(st);
}

/* An order paid 400 days before the rest: volume is fitted over the last 365 pay days, with a warning. */
static void test_fit_volume_window(void **state)
{
    (void)state;
    ts_study *st = truth_study();
    ts_orders h = {0};
    ts_fit f = {0};
    fit_export(st->variants[0].scenario, 0, &h, &f);
    size_t n_before = f.daily.n;
    ts_fit_release(&f);
    h.orders[0].paid -= 400;
    h.first_paid -= 400;
    ts_error err = {0};
    assert_int_equal(ts_fit_orders(&h, TS_NO_DATE, &f, &err), TS_OK);
    assert_int_equal(f.daily.n, TS_FIT_VOLUME_DAYS);
    assert_int_equal(f.daily_first, h.last_paid - TS_FIT_VOLUME_DAYS + 1);
    assert_true(n_before < TS_FIT_VOLUME_DAYS);
    assert_true(warned_of(&f, "volume: 1 orders paid before"));
    double daily = ts_fit_find(&f, "volume.daily_orders")->estimate;
    assert_true(isfinite(daily) && daily > 0);
    ts_fit_release(&f);
    ts_orders_release(&h);
    ts_study_free(st);
}

/*
** Orders bunched at the window's end (an old order outside the 365-day
** window, and one on its last day after 364 empty days) would fit a growth
** of several times a day: the volume is refitted without growth,
** growth_per_day is the default with a warning, and the fitted scenario
** loads (a scenario admits growth in (-1, 1] only).
*/
static void test_fit_growth_bunched(void **state)
{
    (void)state;
    static const char CSV[] =
        "order_id,paid_at,value\n"
        "a,2025-01-01,10\n"
        "b,2027-12-31,12\n";
    ts_orders h = {0};
    ts_fit f = {0};
    read_and_fit("bunched.csv", CSV, sizeof CSV - 1, &h, &f);
    const ts_fit_param *g = ts_fit_find(&f, "volume.growth_per_day");
    assert_int_equal(g->method, TS_FIT_DEFAULT);
    assert_true(g->estimate == 0.0);
    assert_true(warned_of(&f, "volume fitted without growth"));
    /* without growth the level is near the window's mean, one order in 365 days */
    assert_true(fabs(ts_fit_find(&f, "volume.daily_orders")->estimate - 1.0 / 365.0) < 2e-4);
    ts_study_free(load_fitted(&f, &h, 30));
    ts_fit_release(&f);
    ts_orders_release(&h);
}

/*
** An export whose last date (a dispatch in 2054) lies 27 years past its last
** payment: the growth fitted over the pay days, carried to that start, would
** put the level over 1000 times the window's mean (it overflowed to inf), so
** volume is refitted without growth, and the scenario loads.
*/
static void test_fit_growth_late_start(void **state)
{
    (void)state;
    size_t len;
    char *csv = ts_test_read_file(TS_TEST_DATA "/fit/fuzz-late-start.csv", &len);
    ts_orders h = {0};
    ts_fit f = {0};
    read_and_fit("late.csv", csv, len, &h, &f);
    const ts_fit_param *g = ts_fit_find(&f, "volume.growth_per_day");
    assert_int_equal(g->method, TS_FIT_DEFAULT);
    assert_true(warned_of(&f, "volume fitted without growth"));
    double daily = ts_fit_find(&f, "volume.daily_orders")->estimate;
    assert_true(isfinite(daily) && daily > 0 && daily < 1);
    ts_study_free(load_fitted(&f, &h, 30));
    ts_fit_release(&f);
    ts_orders_release(&h);
    free(csv);
}

/* The fitted scenario is a valid scenario with the estimates in it. */
static void test_fit_scenario_loads(void **state)
{
    (void)state;
    ts_study *st = truth_study();
    ts_orders h = {0};
    ts_fit f = {0};
    fit_export(st->variants[0].scenario, 1, &h, &f);
    ts_study *back = load_fitted(&f, &h, 60);
    const ts_scenario *sc = back->variants[0].scenario;
    assert_true(fabs(sc->volume.daily_orders - ts_fit_find(&f, "volume.daily_orders")->estimate) < 1e-9);
    assert_int_equal(sc->fulfilment.n_carriers, 2);
    assert_true(sc->fulfilment.carriers[0].promised_delivery_days != sc->fulfilment.carriers[1].promised_delivery_days);
    assert_true(fabs(sc->fulfilment.carriers[0].share + sc->fulfilment.carriers[1].share - 1) < 1e-12);
    assert_int_equal(sc->start, f.last_day + 1);
    char *report = ts_fit_report_json(&f, &h, ts_present_fit_text);
    assert_non_null(strstr(report, "\"path\": \"buyers.feedback_prob\""));
    free(report);
    ts_study_free(back);
    ts_fit_release(&f);
    ts_orders_release(&h);
    ts_study_free(st);
}

/* A copy of s with every occurrence of from replaced by to. */
static char *replace_all(const char *s, const char *from, const char *to)
{
    size_t nf = strlen(from), nt = strlen(to), count = 0;
    for (const char *p = strstr(s, from); p; p = strstr(p + nf, from))
        count++;
    char *out = ts_xcalloc(strlen(s) + count * nt + 1, 1), *o = out;
    for (const char *p = s, *q; *p; p = q + nf) {
        q = strstr(p, from);
        if (q == NULL) {
            strcpy(o, p);
            break;
        }
        memcpy(o, p, (size_t)(q - p));
        o += q - p;
        memcpy(o, to, nt);
        o += nt;
    }
    return out;
}

/*
** One carrier with two promises gets lanes "NAME 12d" and "NAME 35d"; a
** 128-byte NAME is shortened so that each lane's name fits a scenario's 128
** bytes, and at a character's start: here the cut (128 - 4 = 124) falls
** inside the 3-byte "金" at bytes 123..125, so 123 bytes of NAME are kept.
*/
static void test_fit_lane_names_fit(void **state)
{
    (void)state;
    ts_study *st = truth_study();
    size_t len, rows;
    char *csv = ts_export_orders_csv(st->variants[0].scenario, 0, &len, &rows);
    char name[129];
    memset(name, 'Z', 123);
    memcpy(name + 123, "金ZZ", 6); /* 3 + 2 bytes, and the NUL */
    assert_int_equal(strlen(name), 128);
    char field[140];
    snprintf(field, sizeof field, ",%s,", name);
    char *a = replace_all(csv, ",near,", field), *b = replace_all(a, ",far,", field);
    ts_orders h = {0};
    ts_fit f = {0};
    read_and_fit("one-carrier.csv", b, strlen(b), &h, &f);
    assert_int_equal(h.n_carriers, 1);
    assert_true(f.by_promise);
    ts_study *back = load_fitted(&f, &h, 30);
    const ts_scenario *sc = back->variants[0].scenario;
    assert_int_equal(sc->fulfilment.n_carriers, 2);
    for (size_t k = 0; k < 2; k++) {
        const char *got = sc->fulfilment.carriers[k].name;
        char want[140];
        snprintf(want, sizeof want, "%.123s %dd", name, sc->fulfilment.carriers[k].promised_delivery_days);
        assert_string_equal(got, want);
    }
    ts_study_free(back);
    ts_fit_release(&f);
    ts_orders_release(&h);
    free(a);
    free(b);
    free(csv);
    ts_study_free(st);
}

/* Ten orders: defaults with warnings, never a wild estimate. */
static void test_fit_too_few(void **state)
{
    (void)state;
    static const char CSV[] =
        "order_id,paid_at,value,dispatched_at,delivered_at,feedback_at,stars\n"
        "a,2027-01-01,10,2027-01-03,2027-01-20,2027-01-27,5\n"
        "b,2027-01-01,12,2027-01-03,2027-01-21,,\n"
        "c,2027-01-02,9,2027-01-04,,,\n"
        "d,2027-01-02,30,2027-01-04,2027-01-19,2027-01-30,4\n"
        "e,2027-01-03,11,2027-01-05,2027-01-22,,\n";
    ts_orders h = {0};
    ts_fit f = {0};
    read_and_fit("few.csv", CSV, sizeof CSV - 1, &h, &f);
    const ts_fit_param *p = ts_fit_find(&f, "buyers.feedback_prob");
    assert_non_null(p);
    assert_int_equal(p->method, TS_FIT_DEFAULT);
    assert_true(p->estimate == 0.4);
    p = ts_fit_find(&f, "order_value.median");
    assert_int_equal(p->method, TS_FIT_DEFAULT);
    p = ts_fit_find(&f, "fulfilment.carriers[0].transit_mean");
    assert_int_equal(p->method, TS_FIT_DEFAULT);
    assert_true(f.n_warnings >= 3);
    assert_true(warned_of(&f, "only 5 orders"));
    ts_fit_release(&f);
    ts_orders_release(&h);
}

static void test_fit_no_orders(void **state)
{
    (void)state;
    ts_orders h = {0};
    h.file = (char *)"empty.csv";
    ts_fit f = {0};
    ts_error err = {0};
    assert_int_equal(ts_fit_orders(&h, TS_NO_DATE, &f, &err), TS_EINVAL);
    assert_int_equal(err.count, 1);
    assert_non_null(strstr(err.messages[0], "empty.csv: no orders to fit"));
    ts_error_clear(&err);
    ts_fit_release(&f);
}

/* Sum of a diagnostic's observed and expected counts over cells from..n-1. */
static void hist_totals(const ts_fit_hist *d, size_t from, double *obs, double *exp)
{
    *obs = *exp = 0;
    for (size_t k = from; k < d->n; k++) {
        *obs += d->observed[k];
        *exp += d->expected[k];
    }
}

/*
** The diagnostic charts' numbers (docs/data-format.md "Diagnostic charts"):
** each observed histogram is the export's own count, and the fitted law's
** expected counts, under the export's censoring, add up to the observed
** totals within 4 standard errors (Poisson, or the fitted negative binomial
** for the daily counts); one transit cell is recomputed from the orders.
*/
static void test_fit_diagnostics(void **state)
{
    (void)state;
    ts_study *st = truth_study();
    ts_orders h = {0};
    ts_fit f = {0};
    fit_export(st->variants[0].scenario, 2, &h, &f);
    double obs, exp;

    /* daily: the counts sum to the orders; the means to the counts within 4 SE of the NB */
    assert_int_equal(f.daily.n, (size_t)(h.last_paid - h.first_paid + 1));
    hist_totals(&f.daily, 0, &obs, &exp);
    assert_double_near(obs, (double)h.n_orders, 0);
    double phi = ts_fit_find(&f, "volume.dispersion")->estimate, var = 0;
    for (size_t t = 0; t < f.daily.n; t++) {
        var += f.daily.expected[t] * (1 + phi * f.daily.expected[t]);
        assert_true(f.daily.lo[t] <= f.daily.expected[t] && f.daily.expected[t] <= f.daily.hi[t]);
    }
    assert_within_4se(obs, exp, sqrt(var));

    /* transit, lane by lane: the deliveries, and (1 - l) P(K = k) N_k summed */
    for (size_t j = 0; j < f.n_lanes; j++) {
        const ts_fit_lane *l = &f.lanes[j];
        hist_totals(&l->transit, 1, &obs, &exp);
        size_t delivered = 0, older = 0;
        const int k = 9; /* a cell recomputed from the orders */
        for (size_t i = 0; i < h.n_orders; i++) {
            const ts_hist_order *o = &h.orders[i];
            if (o->dispatched == TS_NO_DATE || o->carrier != l->carrier ||
                (l->promise >= 0 && o->promised_days != l->promise))
                continue;
            delivered += o->delivered != TS_NO_DATE;
            older += f.last_day - o->dispatched >= k;
        }
        assert_double_near(obs, (double)delivered, 0);
        assert_within_4se(obs, exp, sqrt(exp));
        double shape = l->mean * l->mean / (l->sd * l->sd), scale = l->sd * l->sd / l->mean;
        double pk = gsl_cdf_gamma_P(k, shape, scale) - gsl_cdf_gamma_P(k - 1, shape, scale);
        assert_double_near(l->transit.expected[k], (1 - l->lost) * pk * (double)older, 1e-9 * (double)older);
    }

    /* feedback delays: the feedbacks counted, and p P(D = k) N_k summed */
    hist_totals(&f.feedback, 1, &obs, &exp);
    assert_true(obs > 500);
    assert_within_4se(obs, exp, sqrt(exp));

    /* stars: the 4-5 and 1-3 totals are kept exactly, and split by the fitted shares */
    const ts_fit_hist *s = &f.stars;
    assert_double_near(s->expected[4] + s->expected[5], s->observed[4] + s->observed[5], 1e-9);
    assert_double_near(s->expected[1] + s->expected[2] + s->expected[3],
                       s->observed[1] + s->observed[2] + s->observed[3], 1e-9);
    assert_double_near(s->expected[5] / (s->expected[4] + s->expected[5]),
                       ts_fit_find(&f, "buyers.five_star_share")->estimate, 1e-12);
    ts_fit_release(&f);
    ts_orders_release(&h);
    ts_study_free(st);
}

int main(void)
{
    gsl_set_error_handler_off(); /* as sim/cli/main.c: the fit checks GSL's results itself */
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fit_recovers_truth),
        cmocka_unit_test(test_fit_scenario_loads),
        cmocka_unit_test(test_fit_capacity),
        cmocka_unit_test(test_fit_volume_window),
        cmocka_unit_test(test_fit_growth_bunched),
        cmocka_unit_test(test_fit_growth_late_start),
        cmocka_unit_test(test_fit_lane_names_fit),
        cmocka_unit_test(test_fit_cancelled_orders_no_capacity),
        cmocka_unit_test(test_fit_too_few),
        cmocka_unit_test(test_fit_no_orders),
        cmocka_unit_test(test_fit_diagnostics),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
