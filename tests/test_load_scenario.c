/*
** test_load_scenario.c — scenario loading: docs/model.md defaults, ranges at their
** boundaries, nested merges, dates, evaluations, variants, sweeps, valid files.
*/
#include "testutil.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "study.h"
#include "sha256.h"

#define MINIMAL "\"start\": \"2027-01-01\", \"days\": 60"

/* Load text as "t.json"; on failure print the messages and fail. */
static ts_study *load_ok(const char *text)
{
    ts_error err = {0};
    ts_study *st = ts_study_load_buffer("t.json", text, strlen(text), NULL, 0, &err);
    for (size_t i = 0; i < err.count; i++)
        print_error("%s\n", err.messages[i]);
    assert_int_equal(err.count, 0);
    assert_non_null(st);
    ts_error_clear(&err);
    return st;
}

/* Load text and expect failure with a message containing fragment. */
static void load_bad(const char *text, const ts_sweep *sw, size_t n_sw, const char *fragment)
{
    ts_error err = {0};
    ts_study *st = ts_study_load_buffer("t.json", text, strlen(text), sw, n_sw, &err);
    bool found = false;
    for (size_t i = 0; i < err.count; i++)
        found = found || strstr(err.messages[i], fragment) != NULL;
    if (st != NULL || !found) {
        print_error("expected failure with \"%s\"; got %zu messages:\n", fragment, err.count);
        for (size_t i = 0; i < err.count; i++)
            print_error("  %s\n", err.messages[i]);
        fail();
    }
    ts_error_clear(&err);
}

static int32_t day_of(const ts_scenario *sc, const char *date)
{
    ts_civil d;
    assert_true(ts_date_parse(date, &d));
    return (int32_t)(d - sc->start);
}

/* A minimal scenario gets every default of docs/model.md §1-§8. */
static void test_minimal_defaults(void **state)
{
    (void)state;
    ts_study *st = load_ok("{\"start\": \"2026-10-15\", \"days\": 80, \"volume\": {\"daily_orders\": 40}}");
    assert_int_equal(st->n_variants, 1);
    assert_string_equal(st->variants[0].name, "base");
    assert_string_equal(st->variants[0].description, "");
    const ts_scenario *sc = st->variants[0].scenario;
    assert_string_equal(sc->name, "t"); /* the file name without .json */
    assert_string_equal(sc->description, "");
    assert_int_equal(sc->seed, 1);
    assert_int_equal(sc->replications, 1000);
    assert_int_equal(sc->days, 80);
    assert_int_equal(sc->start, ts_date_from_ymd(2026, 10, 15));
    assert_string_equal(sc->rules_name, "aliexpress-2015");
    assert_string_equal(sc->rules->name, "aliexpress-2015");
    /* warm-up: the longest window (90) + 60 */
    assert_int_equal(sc->warmup_days, 150);
    /* 2026-10-15 + 79 days = 2027-01-02: month ends 10-31, 11-30, 12-31 */
    assert_int_equal(sc->n_evaluations, 3);
    assert_int_equal(sc->evaluations[0], 16);
    assert_int_equal(sc->evaluations[1], 16 + 30);
    assert_int_equal(sc->evaluations[2], 16 + 30 + 31);

    const ts_volume *v = &sc->volume;
    assert_double_near(v->daily_orders, 40.0, 0.0);
    assert_double_near(v->dispersion, 0.0, 0.0);
    for (int i = 0; i < 7; i++)
        assert_double_near(v->weekday_factors[i], 1.0, 0.0);
    assert_double_near(v->growth_per_day, 0.0, 0.0);
    assert_int_equal(v->n_events, 0);

    assert_double_near(sc->order_value.median, 12.0, 0.0);
    assert_double_near(sc->order_value.sigma, 0.8, 0.0);
    assert_string_equal(sc->order_value.currency, "USD");

    const ts_fulfilment *f = &sc->fulfilment;
    assert_int_equal(f->handling_days, 2);
    assert_int_equal(f->late_after_days, 3);
    assert_int_equal(f->ship_deadline_days, 7);
    assert_int_equal(f->capacity_per_day, -1);
    assert_double_near(f->stockout_prob, 0.005, 0.0);
    assert_int_equal(f->promised_delivery_days, 45);
    assert_int_equal(f->confirm_days, 5);
    assert_int_equal(f->n_carriers, 1);
    assert_string_equal(f->carriers[0].name, "standard");
    assert_double_near(f->carriers[0].share, 1.0, 0.0);
    assert_double_near(f->carriers[0].transit_mean_days, 18.0, 0.0);
    assert_double_near(f->carriers[0].transit_sd_days, 7.0, 0.0);
    assert_double_near(f->carriers[0].lost_prob, 0.005, 0.0);

    assert_double_near(sc->product.quality_defect_prob, 0.02, 0.0);
    assert_double_near(sc->product.description_mismatch_prob, 0.02, 0.0);

    const ts_buyers *b = &sc->buyers;
    /* docs/model.md §6 dispute: {base 0.002, quality 0.3, mismatch 0.35, late 0.2, lost 0.9, slow_reply 0.05} */
    assert_double_near(b->dispute.base, 0.002, 0.0);
    assert_double_near(b->dispute.coef[TS_FLAG_QUALITY], 0.3, 0.0);
    assert_double_near(b->dispute.coef[TS_FLAG_MISMATCH], 0.35, 0.0);
    assert_double_near(b->dispute.coef[TS_FLAG_LATE], 0.2, 0.0);
    assert_double_near(b->dispute.coef[TS_FLAG_LOST], 0.9, 0.0);
    assert_double_near(b->dispute.coef[TS_FLAG_SLOW_REPLY], 0.05, 0.0);
    assert_double_near(b->dispute.coef[TS_FLAG_DISPUTED], 0.0, 0.0);
    assert_int_equal(b->dispute_open_delay_days, 3);
    assert_double_near(b->feedback_prob, 0.4, 0.0);
    assert_int_equal(b->feedback_window_days, 30);
    assert_double_near(b->feedback_delay_mean, 5.0, 0.0);
    /* docs/model.md §7 table */
    const ts_noisy_or *nf = &b->negative_feedback;
    assert_double_near(nf->base, 0.01, 0.0);
    assert_double_near(nf->coef[TS_FLAG_QUALITY], 0.5, 0.0);
    assert_double_near(nf->coef[TS_FLAG_MISMATCH], 0.5, 0.0);
    assert_double_near(nf->coef[TS_FLAG_LATE], 0.3, 0.0);
    assert_double_near(nf->coef[TS_FLAG_LOST], 0.0, 0.0);
    assert_double_near(nf->coef[TS_FLAG_SLOW_REPLY], 0.2, 0.0);
    assert_double_near(nf->coef[TS_FLAG_DISPUTED], 0.4, 0.0);
    const ts_noisy_or *ld = b->low_dsr;
    assert_double_near(ld[TS_DSR_DESCRIPTION].base, 0.02, 0.0);
    assert_double_near(ld[TS_DSR_DESCRIPTION].coef[TS_FLAG_QUALITY], 0.6, 0.0);
    assert_double_near(ld[TS_DSR_DESCRIPTION].coef[TS_FLAG_MISMATCH], 0.7, 0.0);
    assert_double_near(ld[TS_DSR_DESCRIPTION].coef[TS_FLAG_LATE], 0.0, 0.0);
    assert_double_near(ld[TS_DSR_COMMUNICATION].base, 0.01, 0.0);
    assert_double_near(ld[TS_DSR_COMMUNICATION].coef[TS_FLAG_SLOW_REPLY], 0.4, 0.0);
    assert_double_near(ld[TS_DSR_COMMUNICATION].coef[TS_FLAG_DISPUTED], 0.3, 0.0);
    assert_double_near(ld[TS_DSR_COMMUNICATION].coef[TS_FLAG_QUALITY], 0.0, 0.0);
    assert_double_near(ld[TS_DSR_SHIPPING].base, 0.02, 0.0);
    assert_double_near(ld[TS_DSR_SHIPPING].coef[TS_FLAG_LATE], 0.5, 0.0);
    assert_double_near(ld[TS_DSR_SHIPPING].coef[TS_FLAG_DISPUTED], 0.0, 0.0);
    /* [0.45, 0.2, 0.35] already sums to 1 */
    assert_double_near(b->low_star_weights[0], 0.45, 1e-15);
    assert_double_near(b->low_star_weights[1], 0.2, 1e-15);
    assert_double_near(b->low_star_weights[2], 0.35, 1e-15);
    assert_double_near(b->five_star_share, 0.85, 0.0);

    const ts_service *s = &sc->service;
    assert_double_near(s->slow_reply_prob, 0.05, 0.0);
    assert_double_near(s->dispute_reply_prob, 0.97, 0.0);
    assert_double_near(s->arbitration_prob, 0.15, 0.0);
    assert_int_equal(s->escalation_days, 7);
    assert_int_equal(s->ruling_days, 10);
    assert_int_equal(s->close_days, 7);
    assert_double_near(s->seller_responsible_prob, 0.5, 0.0);
    assert_int_equal(s->feedback_reply, TS_REPLY_IMMEDIATE);
    assert_double_near(s->revision.contact_prob, 0.0, 0.0);
    assert_double_near(s->revision.success_prob, 0.3, 0.0);
    assert_int_equal(s->revision.delay_days, 3);
    assert_double_near(s->revision.auto_success_factor, 0.3, 0.0);

    assert_false(sc->gifts.present);
    assert_int_equal(sc->gifts.n_tiers, 0);
    ts_study_free(st);
}

/* Nested objects merge key by key (docs/model.md §1). */
static void test_partial_merge(void **state)
{
    (void)state;
    ts_study *st = load_ok("{" MINIMAL ", \"volume\": {\"daily_orders\": 5},"
                           " \"buyers\": {\"dispute\": {\"base\": 0.01},"
                           "  \"low_dsr\": {\"shipping\": {\"disputed\": 0.25}},"
                           "  \"low_star_weights\": [1, 1, 2]},"
                           " \"service\": {\"revision\": {\"contact_prob\": 0.6}, \"feedback_reply\": \"auto\"},"
                           " \"fulfilment\": {\"capacity_per_day\": 0}}");
    const ts_scenario *sc = st->variants[0].scenario;
    assert_double_near(sc->buyers.dispute.base, 0.01, 0.0);
    assert_double_near(sc->buyers.dispute.coef[TS_FLAG_QUALITY], 0.3, 0.0);
    assert_double_near(sc->buyers.dispute.coef[TS_FLAG_LOST], 0.9, 0.0);
    assert_double_near(sc->buyers.low_dsr[TS_DSR_SHIPPING].coef[TS_FLAG_DISPUTED], 0.25, 0.0);
    assert_double_near(sc->buyers.low_dsr[TS_DSR_SHIPPING].base, 0.02, 0.0);
    assert_double_near(sc->buyers.low_dsr[TS_DSR_SHIPPING].coef[TS_FLAG_LATE], 0.5, 0.0);
    /* [1, 1, 2] normalised by its sum 4 */
    assert_double_near(sc->buyers.low_star_weights[0], 0.25, 1e-15);
    assert_double_near(sc->buyers.low_star_weights[1], 0.25, 1e-15);
    assert_double_near(sc->buyers.low_star_weights[2], 0.5, 1e-15);
    assert_double_near(sc->service.revision.contact_prob, 0.6, 0.0);
    assert_double_near(sc->service.revision.success_prob, 0.3, 0.0);
    assert_int_equal(sc->service.feedback_reply, TS_REPLY_AUTO);
    assert_int_equal(sc->fulfilment.capacity_per_day, 0);
    assert_double_near(sc->fulfilment.stockout_prob, 0.005, 0.0);
    ts_study_free(st);
}

typedef struct {
    const char *fragment; /* members added to a minimal scenario (with its own volume) */
    bool ok;
} boundary;

#define VOL "\"volume\": {\"daily_orders\": 5}, "

/* Every range accepted at its boundary and rejected just past it (table-driven). */
static void test_boundaries(void **state)
{
    (void)state;
    static const boundary cases[] = {
        {VOL "\"days\": 1", true}, {VOL "\"days\": 0", false},
        {VOL "\"days\": 3660", true}, {VOL "\"days\": 3661", false},
        {VOL "\"seed\": 0", true}, {VOL "\"seed\": -1", false},
        {VOL "\"seed\": 9007199254740991", true}, {VOL "\"seed\": 9007199254740992", false},
        {VOL "\"seed\": 1.5", false},
        {VOL "\"replications\": 1", true}, {VOL "\"replications\": 0", false},
        {VOL "\"replications\": 10000000", true}, {VOL "\"replications\": 10000001", false},
        {VOL "\"replications\": 1e3", true}, /* integral value written with an exponent */
        {VOL "\"warmup_days\": 0", true}, {VOL "\"warmup_days\": -1", false},
        {VOL "\"warmup_days\": 3660", true}, {VOL "\"warmup_days\": 3661", false},
        {"\"volume\": {\"daily_orders\": 0}", true}, {"\"volume\": {\"daily_orders\": -0.001}", false},
        {"\"volume\": {\"daily_orders\": 1, \"dispersion\": 0}", true},
        {"\"volume\": {\"daily_orders\": 1, \"dispersion\": -0.01}", false},
        {"\"volume\": {\"daily_orders\": 1, \"growth_per_day\": -0.999}", true},
        {"\"volume\": {\"daily_orders\": 1, \"growth_per_day\": -1}", false},
        {"\"volume\": {\"daily_orders\": 1, \"weekday_factors\": [0, 0, 0, 0, 0, 0, 0]}", true},
        {"\"volume\": {\"daily_orders\": 1, \"weekday_factors\": [1, 1, 1, 1, 1, 1, -1]}", false},
        {"\"volume\": {\"daily_orders\": 1, \"weekday_factors\": [1, 1, 1, 1, 1, 1, 1, 1]}", false},
        {"\"volume\": {\"daily_orders\": 1, \"events\": [{\"name\": \"p\", \"start\": \"2027-01-05\", \"days\": 1, \"multiplier\": 0, \"transit_factor\": 1, \"aftermath_days\": 0}]}", true},
        {"\"volume\": {\"daily_orders\": 1, \"events\": [{\"name\": \"p\", \"start\": \"2027-01-05\", \"days\": 1, \"multiplier\": -0.1}]}", false},
        {"\"volume\": {\"daily_orders\": 1, \"events\": [{\"name\": \"p\", \"start\": \"2027-01-05\", \"days\": 1, \"multiplier\": 1, \"aftermath_days\": -1}]}", false},
        {"\"volume\": {\"daily_orders\": 1, \"events\": [{\"name\": \"p\", \"start\": \"2027-01-05\", \"days\": 1, \"multiplier\": 1, \"transit_factor\": 0.999}]}", false},
        {VOL "\"order_value\": {\"median\": 0.0001, \"sigma\": 0}", true},
        {VOL "\"order_value\": {\"median\": 0}", false},
        {VOL "\"order_value\": {\"sigma\": -0.1}", false},
        {VOL "\"product\": {\"quality_defect_prob\": 0, \"description_mismatch_prob\": 1}", true},
        {VOL "\"product\": {\"quality_defect_prob\": -0.0001}", false},
        {VOL "\"product\": {\"description_mismatch_prob\": 1.0001}", false},
        {VOL "\"fulfilment\": {\"handling_days\": 7, \"ship_deadline_days\": 7}", true},
        {VOL "\"fulfilment\": {\"handling_days\": 8, \"ship_deadline_days\": 7}", false},
        {VOL "\"fulfilment\": {\"ship_deadline_days\": 44, \"promised_delivery_days\": 45}", true},
        {VOL "\"fulfilment\": {\"ship_deadline_days\": 45, \"promised_delivery_days\": 45}", false},
        {VOL "\"fulfilment\": {\"handling_days\": 0, \"late_after_days\": 0, \"ship_deadline_days\": 0, \"confirm_days\": 0}", true},
        {VOL "\"fulfilment\": {\"handling_days\": -1}", false},
        {VOL "\"fulfilment\": {\"capacity_per_day\": 1000000000}", true},
        {VOL "\"fulfilment\": {\"capacity_per_day\": -1}", false},
        {VOL "\"fulfilment\": {\"capacity_per_day\": null}", true},
        {VOL "\"fulfilment\": {\"carriers\": [{\"share\": 0.5, \"transit_mean\": 1, \"transit_sd\": 0, \"lost_prob\": 0}, {\"share\": 0.5000000009, \"transit_mean\": 1, \"transit_sd\": 0, \"lost_prob\": 1}]}", true},
        {VOL "\"fulfilment\": {\"carriers\": [{\"share\": 0.5, \"transit_mean\": 1, \"transit_sd\": 0, \"lost_prob\": 0}, {\"share\": 0.500000002, \"transit_mean\": 1, \"transit_sd\": 0, \"lost_prob\": 0}]}", false},
        {VOL "\"fulfilment\": {\"carriers\": []}", false},
        {VOL "\"buyers\": {\"feedback_delay_mean\": 1, \"feedback_window_days\": 1}", true},
        {VOL "\"buyers\": {\"feedback_delay_mean\": 0.999}", false},
        {VOL "\"buyers\": {\"feedback_window_days\": 0}", false},
        {VOL "\"buyers\": {\"low_star_weights\": [0, 0, 0.001]}", true},
        {VOL "\"buyers\": {\"low_star_weights\": [0, 0, 0]}", false},
        {VOL "\"buyers\": {\"low_star_weights\": [1, 1]}", false},
        {VOL "\"buyers\": {\"five_star_share\": 1, \"feedback_prob\": 0}", true},
        {VOL "\"buyers\": {\"five_star_share\": 1.01}", false},
        {VOL "\"buyers\": {\"negative_feedback\": {\"lost\": 0.1}}", false},
        {VOL "\"buyers\": {\"dispute\": {\"disputed\": 0.1}}", false},
        {VOL "\"service\": {\"escalation_days\": 0, \"ruling_days\": 3660}", true},
        {VOL "\"service\": {\"ruling_days\": 3661}", false},
        {VOL "\"service\": {\"revision\": {\"auto_success_factor\": 1, \"delay_days\": 0}}", true},
        {VOL "\"service\": {\"revision\": {\"delay_days\": -1}}", false},
        {VOL "\"gifts\": {\"tiers\": [], \"volume_uplift\": -0.999, \"topup\": {\"window\": 0, \"prob\": 1}}", true},
        {VOL "\"gifts\": {\"tiers\": [], \"volume_uplift\": -1}", false},
        {VOL "\"gifts\": {\"tiers\": [], \"topup\": {\"prob\": 1.5}}", false},
        {VOL "\"gifts\": {\"tiers\": [{\"min_order\": 0, \"cost\": 0, \"weight_g\": 0, \"satisfaction\": 1}]}", true},
        {VOL "\"gifts\": {\"tiers\": [{\"min_order\": -1, \"cost\": 0, \"weight_g\": 0, \"satisfaction\": 1}]}", false},
        {VOL "\"gifts\": {\"tiers\": [{\"min_order\": 5, \"cost\": 0, \"weight_g\": 0, \"satisfaction\": 0}, {\"min_order\": 5, \"cost\": 0, \"weight_g\": 0, \"satisfaction\": 0}]}", false},
        {VOL "\"gifts\": {\"tiers\": [], \"from\": \"2027-01-10\", \"until\": \"2027-01-10\"}", true},
        {VOL "\"gifts\": {\"tiers\": [], \"from\": \"2027-01-10\", \"until\": \"2027-01-09\"}", false},
        {VOL "\"evaluations\": [\"2027-01-01\", \"2027-03-01\"]", true},
        {VOL "\"evaluations\": [\"2026-12-31\"]", false},
        {VOL "\"evaluations\": [\"2027-03-02\"]", false},
        {VOL "\"rules\": {\"name\": \"r\", \"window_days\": 3660, \"min_orders\": 0, \"events\": {}, \"metrics\": {}, \"tiers\": [{\"name\": \"all\"}], \"schedule\": {\"every\": \"month\", \"day\": 28}}", true},
        {VOL "\"rules\": {\"name\": \"r\", \"window_days\": 30, \"events\": {}, \"metrics\": {}, \"tiers\": [{\"name\": \"all\"}], \"schedule\": {\"every\": \"month\", \"day\": 29}}", false},
        {VOL "\"rules\": {\"name\": \"r\", \"window_days\": 30, \"min_orders\": -1, \"events\": {}, \"metrics\": {}, \"tiers\": [{\"name\": \"all\"}]}", false},
        {VOL "\"rules\": {\"name\": \"r\", \"window_days\": 30, \"events\": {\"f\": {\"kind\": \"feedback\", \"max_stars\": 5}}, \"metrics\": {}, \"tiers\": [{\"name\": \"all\"}]}", true},
        {VOL "\"rules\": {\"name\": \"r\", \"window_days\": 30, \"events\": {\"f\": {\"kind\": \"feedback\", \"max_stars\": 6}}, \"metrics\": {}, \"tiers\": [{\"name\": \"all\"}]}", false},
        {VOL "\"rules\": {\"name\": \"r\", \"window_days\": 30, \"events\": {\"f\": {\"kind\": \"feedback\", \"max_stars\": 0}}, \"metrics\": {}, \"tiers\": [{\"name\": \"all\"}]}", false},
    };
    size_t failures = 0;
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char text[2048];
        /* fragments that set "days" themselves replace the default 60 */
        if (strstr(cases[i].fragment, "\"days\": ") == cases[i].fragment + strlen(VOL))
            snprintf(text, sizeof text, "{\"start\": \"2027-01-01\", %s}", cases[i].fragment);
        else
            snprintf(text, sizeof text, "{\"start\": \"2027-01-01\", \"days\": 60, %s}", cases[i].fragment);
        ts_error err = {0};
        ts_study *st = ts_study_load_buffer("b.json", text, strlen(text), NULL, 0, &err);
        if ((st != NULL) != cases[i].ok) {
            print_error("case %zu (%s): expected %s\n", i, cases[i].fragment, cases[i].ok ? "ok" : "an error");
            for (size_t k = 0; k < err.count; k++)
                print_error("  %s\n", err.messages[k]);
            failures++;
        }
        if (!cases[i].ok && err.count == 0)
            failures++;
        ts_study_free(st);
        ts_error_clear(&err);
    }
    assert_int_equal(failures, 0);
}

static void test_dates(void **state)
{
    (void)state;
    /* leap day 2028-02-29 exists; 2027-02-29 does not; the year end is a normal day */
    ts_study *st = load_ok("{\"start\": \"2028-02-29\", \"days\": 2, \"volume\": {\"daily_orders\": 1},"
                           " \"evaluations\": [\"2028-03-01\", \"2028-02-29\", \"2028-03-01\"]}");
    const ts_scenario *sc = st->variants[0].scenario;
    assert_int_equal(sc->start, ts_date_from_ymd(2028, 2, 29));
    /* sorted, duplicates dropped */
    assert_int_equal(sc->n_evaluations, 2);
    assert_int_equal(sc->evaluations[0], 0);
    assert_int_equal(sc->evaluations[1], 1);
    ts_study_free(st);
    load_bad("{\"start\": \"2027-02-29\", \"days\": 2, \"volume\": {\"daily_orders\": 1}}", NULL, 0,
             "t.json: start: expected a date \"YYYY-MM-DD\", found a string \"2027-02-29\"");
    st = load_ok("{\"start\": \"2027-12-31\", \"days\": 1, \"volume\": {\"daily_orders\": 1}}");
    sc = st->variants[0].scenario;
    assert_int_equal(sc->n_evaluations, 1); /* the start is itself a month end */
    assert_int_equal(sc->evaluations[0], 0);
    ts_study_free(st);
    /* no month end inside the horizon: no evaluations */
    st = load_ok("{\"start\": \"2027-01-01\", \"days\": 30, \"volume\": {\"daily_orders\": 1}}");
    assert_int_equal(st->variants[0].scenario->n_evaluations, 0);
    ts_study_free(st);
    /* peak and gift dates are stored relative to start; gifts.from may precede it */
    st = load_ok("{\"start\": \"2027-11-01\", \"days\": 61, \"volume\": {\"daily_orders\": 1, \"events\":"
                 " [{\"name\": \"11.11\", \"start\": \"2027-11-11\", \"days\": 3, \"multiplier\": 4}]},"
                 " \"gifts\": {\"tiers\": [], \"from\": \"2027-10-01\", \"until\": \"2028-01-01\"}}");
    sc = st->variants[0].scenario;
    assert_int_equal(sc->volume.events[0].start_day, 10);
    assert_int_equal(sc->volume.events[0].aftermath_days, 7);
    assert_double_near(sc->volume.events[0].transit_factor, 1.0, 0.0);
    assert_int_equal(sc->gifts.from_day, -31);
    assert_int_equal(sc->gifts.until_day, 61);
    assert_int_equal(sc->n_evaluations, 2);
    assert_int_equal(sc->evaluations[0], day_of(sc, "2027-11-30"));
    assert_int_equal(sc->evaluations[1], day_of(sc, "2027-12-31"));
    ts_study_free(st);
}

static void test_inline_rulebook(void **state)
{
    (void)state;
    ts_study *st = load_ok("{" MINIMAL ", \"volume\": {\"daily_orders\": 5}, \"rules\": {"
                           "\"name\": \"weekly\", \"window_days\": 30, \"schedule\": {\"every\": \"month\", \"day\": 15},"
                           "\"events\": {\"ns\": {\"kind\": \"not_shipped\"}},"
                           "\"metrics\": {\"r\": {\"kind\": \"rate\", \"events\": [\"ns\"], \"window_days\": 100}},"
                           "\"tiers\": [{\"name\": \"ok\", \"label\": \"OK\", \"when\": {\"r\": [\"<\", 0.1]}}, {\"name\": \"bad\"}]}}");
    const ts_scenario *sc = st->variants[0].scenario;
    assert_string_equal(sc->rules_name, "inline");
    assert_string_equal(sc->rules->name, "weekly");
    assert_string_equal(sc->rules->tiers[0].label_zh, "OK"); /* default: the label */
    /* warm-up: the longest window is the metric's 100, + 60 */
    assert_int_equal(sc->warmup_days, 160);
    /* 2027-01-01 + 59 = 2027-03-01: the 15th of January and February */
    assert_int_equal(sc->n_evaluations, 2);
    assert_int_equal(sc->evaluations[0], 14);
    assert_int_equal(sc->evaluations[1], 45);
    ts_study_free(st);
    /* daily schedule: every day of the horizon */
    st = load_ok("{" MINIMAL ", \"volume\": {\"daily_orders\": 5}, \"rules\": {"
                 "\"name\": \"d\", \"window_days\": 7, \"schedule\": {\"every\": \"day\"},"
                 "\"events\": {}, \"metrics\": {}, \"tiers\": [{\"name\": \"all\"}]}}");
    sc = st->variants[0].scenario;
    assert_int_equal(sc->n_evaluations, 60);
    assert_int_equal(sc->evaluations[59], 59);
    assert_int_equal(sc->warmup_days, 67);
    ts_study_free(st);
}

static void test_variants(void **state)
{
    (void)state;
    ts_study *st = load_ok(
        "{" MINIMAL ", \"seed\": 9, \"replications\": 50, \"volume\": {\"daily_orders\": 5},"
        " \"fulfilment\": {\"carriers\": [{\"share\": 0.5, \"transit_mean\": 10, \"transit_sd\": 2, \"lost_prob\": 0},"
        "                               {\"name\": \"b\", \"share\": 0.5, \"transit_mean\": 20, \"transit_sd\": 2, \"lost_prob\": 0}]},"
        " \"variants\": ["
        "  {\"name\": \"gifts\", \"description\": \"with gifts\", \"set\": {\"gifts.tiers\": [{\"min_order\": 0, \"cost\": 1, \"weight_g\": 1, \"satisfaction\": 0.1}], \"gifts.topup.prob\": 0.2}},"
        "  {\"name\": \"one carrier\", \"set\": {\"fulfilment.carriers\": [{\"share\": 1, \"transit_mean\": 5, \"transit_sd\": 1, \"lost_prob\": 0}]}},"
        "  {\"name\": \"faster b\", \"set\": {\"fulfilment.carriers[1].transit_mean\": 12, \"days\": 100}},"
        "  {\"name\": \"other rules\", \"set\": {\"rules\": {\"name\": \"x\", \"window_days\": 10, \"events\": {}, \"metrics\": {}, \"tiers\": [{\"name\": \"all\"}]}}}"
        " ]}");
    assert_int_equal(st->n_variants, 5);
    assert_string_equal(st->variants[0].name, "base");
    const ts_scenario *base = st->variants[0].scenario;
    assert_false(base->gifts.present);
    assert_string_equal(base->fulfilment.carriers[0].name, "carrier0");
    assert_string_equal(base->fulfilment.carriers[1].name, "b");

    /* a missing key is created, with its missing parents */
    assert_string_equal(st->variants[1].name, "gifts");
    assert_string_equal(st->variants[1].description, "with gifts");
    const ts_scenario *g = st->variants[1].scenario;
    assert_true(g->gifts.present);
    assert_int_equal(g->gifts.n_tiers, 1);
    assert_string_equal(g->gifts.tiers[0].name, "tier0");
    assert_double_near(g->gifts.topup_prob, 0.2, 0.0);
    assert_int_equal(g->seed, 9);
    assert_int_equal(g->replications, 50);

    /* an array replaces the array whole */
    assert_string_equal(st->variants[2].description, "");
    assert_int_equal(st->variants[2].scenario->fulfilment.n_carriers, 1);
    assert_double_near(st->variants[2].scenario->fulfilment.carriers[0].transit_mean_days, 5.0, 0.0);

    /* an element's key; derived values are recomputed (days 100 -> last day 04-10: Jan, Feb, Mar ends) */
    const ts_scenario *fb = st->variants[3].scenario;
    assert_double_near(fb->fulfilment.carriers[1].transit_mean_days, 12.0, 0.0);
    assert_double_near(fb->fulfilment.carriers[0].transit_mean_days, 10.0, 0.0);
    assert_int_equal(fb->days, 100);
    assert_int_equal(fb->n_evaluations, 3);
    assert_int_equal(base->n_evaluations, 2); /* 2027-01-01 + 59 = 03-01: Jan and Feb ends */

    /* a variant with its own rulebook gets its own warm-up: 10 + 60 */
    assert_int_equal(st->variants[4].scenario->warmup_days, 70);
    assert_string_equal(st->variants[4].scenario->rules_name, "inline");
    assert_int_equal(base->warmup_days, 150);

    ts_study_set_seed(st, 77);
    ts_study_set_replications(st, 3);
    for (size_t i = 0; i < st->n_variants; i++) {
        assert_int_equal(st->variants[i].scenario->seed, 77);
        assert_int_equal(st->variants[i].scenario->replications, 3);
    }
    ts_study_free(st);
}

/*
** docs/model.md §10 on the scenario with its defaults: an index into an array the
** file leaves out reaches the default array (one carrier "standard" with
** transit 18 +- 7 and lost 0.005; weekday factors all 1; star weights
** 0.45/0.2/0.35), and only the indexed element changes.
*/
static void test_variant_default_arrays(void **state)
{
    (void)state;
    ts_study *st = load_ok(
        "{" MINIMAL ", \"volume\": {\"daily_orders\": 5}, \"variants\": ["
        "  {\"name\": \"fast\", \"set\": {\"fulfilment.carriers[0].transit_mean\": 8}},"
        "  {\"name\": \"mondays\", \"set\": {\"volume.weekday_factors[0]\": 2}},"
        "  {\"name\": \"stars\", \"set\": {\"buyers.low_star_weights[2]\": 0.35}}"
        " ]}");
    const ts_scenario *f = st->variants[1].scenario;
    assert_int_equal(f->fulfilment.n_carriers, 1);
    assert_string_equal(f->fulfilment.carriers[0].name, "standard");
    assert_double_near(f->fulfilment.carriers[0].transit_mean_days, 8.0, 0.0);
    assert_double_near(f->fulfilment.carriers[0].transit_sd_days, 7.0, 0.0);
    assert_double_near(f->fulfilment.carriers[0].lost_prob, 0.005, 0.0);
    const ts_scenario *m = st->variants[2].scenario;
    assert_double_near(m->volume.weekday_factors[0], 2.0, 0.0);
    for (int i = 1; i < 7; i++)
        assert_double_near(m->volume.weekday_factors[i], 1.0, 0.0);
    const ts_scenario *w = st->variants[3].scenario; /* unchanged weights: 0.45, 0.2, 0.35 */
    assert_double_near(w->buyers.low_star_weights[0], 0.45, 1e-12);
    assert_double_near(w->buyers.low_star_weights[2], 0.35, 1e-12);
    ts_study_free(st);
    /* empty by default: no element to set */
    load_bad("{" MINIMAL ", \"variants\": [{\"name\": \"x\", \"set\": {\"volume.events[0].multiplier\": 2}}]}",
             NULL, 0, "array index 0 out of range (volume.events has 0 elements)");
}

static void test_variant_errors(void **state)
{
    (void)state;
    const char *head = "{" MINIMAL ", \"volume\": {\"daily_orders\": 5}, \"gifts\": {\"tiers\": ["
                       "{\"min_order\": 0, \"cost\": 1, \"weight_g\": 1, \"satisfaction\": 0.1},"
                       "{\"min_order\": 20, \"cost\": 1, \"weight_g\": 1, \"satisfaction\": 0.1},"
                       "{\"min_order\": 30, \"cost\": 1, \"weight_g\": 1, \"satisfaction\": 0.1}]}, \"variants\": ";
    char text[2048];
    struct {
        const char *variants, *fragment;
    } cases[] = {
        {"[{\"name\": \"x\", \"set\": {}}, {\"name\": \"gifts 20/30\", \"set\": {\"gifts.tiers[5].cost\": 1}}]",
         "t.json: variants[1] (\"gifts 20/30\"): set[\"gifts.tiers[5].cost\"]: array index 5 out of range (gifts.tiers has 3 elements)"},
        {"[{\"name\": \"x\", \"set\": {\"replications\": 5}}]", "set[\"replications\"]: a variant may not change \"replications\""},
        {"[{\"name\": \"x\", \"set\": {\"schema\": \"tiersim/1\"}}]", "set[\"schema\"]: a variant may not change \"schema\""},
        {"[{\"name\": \"x\", \"set\": {\"variants\": []}}]", "set[\"variants\"]: a variant may not change \"variants\""},
        {"[{\"name\": \"base\", \"set\": {}}]", "variants[0] (\"base\"): name: \"base\" is the name of the scenario itself"},
        {"[{\"name\": \"a\", \"set\": {}}, {\"name\": \"a\", \"set\": {}}]", "variants[1] (\"a\"): name: variant name \"a\" is already used"},
        {"[{\"name\": \"x\", \"set\": {\"gifts.tiers[1].min_order\": 40}}]",
         "t.json: variants[0] (\"x\"): gifts.tiers[2].min_order: expected a number > 40"},
        {"[{\"name\": \"x\", \"set\": {\"gifts[0]\": 1}}]", "set[\"gifts[0]\"]: gifts is an object, not an array"},
        {"[{\"name\": \"x\", \"set\": {\"gifts.tiers[x]\": 1}}]", "set[\"gifts.tiers[x]\"]: expected an array index"},
        {"[{\"name\": \"x\", \"set\": {\"\": 1}}]", "set[\"\"]: expected a path like"},
        {"[{\"name\": \"x\", \"set\": {\"gifts.tiers\": 3}}]", "variants[0] (\"x\"): gifts.tiers: expected an array, found 3"},
        {"[{\"name\": \"\", \"set\": {}}]", "variants[0].name: expected a non-empty string"},
        {"[{\"name\": \"x\", \"set\": {}, \"sets\": {}}]", "variants[0].sets: unknown key; did you mean \"set\"?"},
        {"{\"name\": \"x\"}", "variants: expected an array, found an object"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        snprintf(text, sizeof text, "%s%s}", head, cases[i].variants);
        load_bad(text, NULL, 0, cases[i].fragment);
    }
}

static void test_sweeps(void **state)
{
    (void)state;
    const char text[] = "{" MINIMAL ", \"volume\": {\"daily_orders\": 5}, \"variants\": [{\"name\": \"v\", \"set\": {}}]}";
    ts_sweep sw[3] = {{"service.feedback_reply=immediate,auto"},
                      {"fulfilment.carriers=[{\"share\": 1, \"transit_mean\": 9, \"transit_sd\": 1, \"lost_prob\": 0}]"},
                      {"name=\"quoted\",3"}};
    ts_error err = {0};
    ts_study *st = ts_study_load_buffer("t.json", text, sizeof text - 1, sw, 2, &err);
    assert_int_equal(err.count, 0);
    assert_non_null(st);
    assert_int_equal(st->n_variants, 5);
    assert_string_equal(st->variants[1].name, "v");
    assert_string_equal(st->variants[2].name, "service.feedback_reply=immediate");
    assert_int_equal(st->variants[2].scenario->service.feedback_reply, TS_REPLY_IMMEDIATE);
    assert_string_equal(st->variants[3].name, "service.feedback_reply=auto");
    assert_int_equal(st->variants[3].scenario->service.feedback_reply, TS_REPLY_AUTO);
    /* a JSON array value: its commas do not split it */
    assert_string_equal(st->variants[4].name,
                        "fulfilment.carriers=[{\"share\": 1, \"transit_mean\": 9, \"transit_sd\": 1, \"lost_prob\": 0}]");
    assert_double_near(st->variants[4].scenario->fulfilment.carriers[0].transit_mean_days, 9.0, 0.0);
    ts_study_free(st);

    /* a quoted JSON string, and a number where a string is expected */
    load_bad(text, &sw[2], 1, "t.json: --sweep \"name=3\": name: expected a non-empty string, found 3");
    ts_sweep one = {"name=\"quoted\""};
    st = ts_study_load_buffer("t.json", text, sizeof text - 1, &one, 1, &err);
    assert_non_null(st);
    assert_string_equal(st->variants[2].scenario->name, "quoted");
    assert_string_equal(st->variants[2].name, "name=\"quoted\"");
    ts_study_free(st);
    /* a sweep value whose name collides with a variant */
    ts_sweep twice = {"volume.daily_orders=1,1"};
    load_bad(text, &twice, 1, "--sweep \"volume.daily_orders=1\": name: variant name \"volume.daily_orders=1\" is already used");
    ts_error_clear(&err);
}

static void test_valid_files(void **state)
{
    (void)state;
    const char *dir = TS_TEST_DATA "/valid";
    DIR *d = opendir(dir);
    assert_non_null(d);
    struct dirent *e;
    size_t n = 0;
    while ((e = readdir(d)) != NULL) {
        size_t len = strlen(e->d_name);
        if (len <= 5 || strcmp(e->d_name + len - 5, ".json") != 0)
            continue;
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        ts_error err = {0};
        ts_study *st = ts_study_load(path, NULL, 0, &err);
        for (size_t i = 0; i < err.count; i++)
            print_error("%s\n", err.messages[i]);
        assert_non_null(st);
        assert_int_equal(err.count, 0);
        assert_int_equal(strlen(st->sha256), 64);
        ts_study_free(st);
        n++;
    }
    closedir(d);
    assert_true(n >= 3);
}

/* The sha256 is of the file's exact bytes; a BOM is accepted. */
static void test_sha_and_bom(void **state)
{
    (void)state;
    const char text[] = "\xEF\xBB\xBF{\"start\": \"2027-01-01\", \"days\": 5, \"volume\": {\"daily_orders\": 1}}";
    ts_study *st = load_ok(text);
    char want[65];
    ts_sha256_hex(text, sizeof text - 1, want);
    assert_string_equal(st->sha256, want);
    ts_study_free(st);
}

int main(void)
{
    gsl_set_error_handler_off(); /* as the program does (sim/cli/main.c) */
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_minimal_defaults),
        cmocka_unit_test(test_partial_merge),
        cmocka_unit_test(test_boundaries),
        cmocka_unit_test(test_dates),
        cmocka_unit_test(test_inline_rulebook),
        cmocka_unit_test(test_variants),
        cmocka_unit_test(test_variant_default_arrays),
        cmocka_unit_test(test_variant_errors),
        cmocka_unit_test(test_sweeps),
        cmocka_unit_test(test_valid_files),
        cmocka_unit_test(test_sha_and_bom),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
