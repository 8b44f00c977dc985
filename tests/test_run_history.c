/*
** test_run_history.c — a scenario's `history` (docs/model.md §14).
**
** (a) A history whose orders are all complete by day -1: the evaluation on
**     day 0 is what the file says, counted by hand here from the rows the
**     test wrote, and the same in every replication.
** (b) A history with parcels in transit and feedback not yet left: the
**     next evaluations' mean counts agree within 4 standard errors with a
**     brute force that simulates the same orders from their dispatch with
**     GSL's own gamma sampler and rejects every draw that disagrees with
**     what the file shows (orders are independent, so rejecting each
**     order's draws separately conditions on the whole file).
** (c) Errors: a history with a date on or after start; a reader's error
**     passed through with the scenario's prefix.
*/
#include "testutil.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "date.h"
#include "models.h"
#include "runner.h"
#include "study.h"

static const char HEADER[] =
    "order_id,paid_at,value,promised_days,closed_unshipped_at,dispatched_at,carrier,delivered_at,lost,"
    "dispute_opened_at,dispute_reason,dispute_replied,arbitration_at,ruling,dispute_closed_at,"
    "feedback_at,stars,dsr_description,dsr_communication,dsr_shipping\n";

/* "YYYY-MM-DD" of day d relative to start 2027-01-01, or "" for TS_NEVER. */
static const char *day(int32_t d, char buf[static 11])
{
    if (d == TS_NEVER) {
        buf[0] = '\0';
        return buf;
    }
    ts_date_format(ts_date_from_ymd(2027, 1, 1) + d, buf);
    return buf;
}

static void write_text(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static ts_study *load(const char *json)
{
    ts_error err = {0};
    ts_study *st = ts_study_load_buffer("history.json", json, strlen(json), NULL, 0, &err);
    for (size_t i = 0; i < err.count; i++)
        print_message("%s\n", err.messages[i]);
    ts_error_clear(&err);
    return st;
}

/* ---------------------------------------------------------------- (a) */

/* One complete order of the exact test: every event before day -1. */
typedef struct {
    int32_t pay, closed, dispatched, delivered;
    int lost;
    int32_t opened, arbitration, closed_dispute;
    int ruling; /* 1 seller, 0 buyer, -1 none */
    int32_t feedback;
    int stars, dsr_shipping;
} complete_order;

static void test_complete_history_is_exact(void **state)
{
    (void)state;
    enum { N = 60 };
    complete_order o[N];
    /* promise 20 days; paid on days -80..-51: every dispute, feedback window (10 days) and
       revision is over by day -1 */
    for (int i = 0; i < N; i++) {
        complete_order *x = &o[i];
        memset(x, 0, sizeof *x);
        x->pay = -80 + (i % 30);
        x->closed = x->dispatched = x->delivered = x->opened = x->arbitration = x->closed_dispute =
            x->feedback = TS_NEVER;
        x->ruling = -1;
        if (i % 11 == 3) { /* closed unshipped */
            x->closed = x->pay + 2;
            continue;
        }
        x->dispatched = x->pay + 2 + (i % 4 == 0 ? 3 : 0); /* some dispatched late (> pay + 3) */
        if (i % 13 == 5) {
            x->lost = 1;
        } else {
            x->delivered = x->dispatched + 5 + (i % 7) * 3; /* late when > pay + 20 */
        }
        if (i % 6 == 1) {
            x->opened = (x->lost ? x->pay + 20 : x->delivered + 3);
            if (i % 12 == 1) {
                x->arbitration = x->opened + 7;
                x->closed_dispute = x->arbitration + 10;
                x->ruling = i % 24 == 1;
            } else {
                x->closed_dispute = x->opened + 7;
            }
        }
        if (!x->lost && x->arbitration == TS_NEVER && i % 3 != 2) {
            int32_t end = x->closed_dispute != TS_NEVER ? x->closed_dispute : x->delivered + 5;
            x->feedback = end + 1 + i % 5;
            x->stars = 1 + (i * 7) % 5;
            x->dsr_shipping = 1 + (i * 3) % 5;
        }
    }
    char *dir = ts_test_tmpdir();
    char csv[512], line[512], b[9][11];
    snprintf(csv, sizeof csv, "%s/complete.csv", dir);
    size_t cap = 65536, len = 0;
    char *text = malloc(cap);
    assert_non_null(text);
    len += (size_t)snprintf(text + len, cap - len, "%s", HEADER);
    for (int i = 0; i < N; i++) {
        const complete_order *x = &o[i];
        char st[12] = "", ds[12] = "";
        if (x->stars > 0) {
            snprintf(st, sizeof st, "%d", x->stars);
            snprintf(ds, sizeof ds, "%d", x->dsr_shipping);
        }
        snprintf(line, sizeof line, "O%d,%s,10.00,20,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s\n", i,
                 day(x->pay, b[0]), day(x->closed, b[1]), day(x->dispatched, b[2]),
                 x->dispatched != TS_NEVER ? "near" : "", day(x->delivered, b[3]), x->lost ? "1" : "",
                 day(x->opened, b[4]), x->opened != TS_NEVER ? "other" : "",
                 x->opened != TS_NEVER ? "1" : "", day(x->arbitration, b[5]),
                 x->ruling < 0 ? "" : x->ruling ? "seller" : "buyer", day(x->closed_dispute, b[6]),
                 day(x->feedback, b[7]), st, x->stars ? "5" : "", x->stars ? "5" : "", ds);
        len += (size_t)snprintf(text + len, cap - len, "%s", line);
    }
    write_text(csv, text);
    free(text);

    /* by hand: late dispatch (> pay + 3), late delivery (> pay + 20) or lost; disputes;
       seller responsible; feedback share >= 4 stars; shipping DSR mean */
    double bad = 0, disputes = 0, responsible = 0, fb = 0, good = 0, dsr = 0, closed = 0;
    for (int i = 0; i < N; i++) {
        const complete_order *x = &o[i];
        closed += x->closed != TS_NEVER;
        bool late_d = x->dispatched != TS_NEVER && x->dispatched > x->pay + 3;
        bool late = x->delivered != TS_NEVER && x->delivered > x->pay + 20;
        bad += late_d || late || x->lost;
        disputes += x->opened != TS_NEVER;
        responsible += x->ruling == 1;
        if (x->feedback != TS_NEVER) {
            fb++;
            good += x->stars >= 4;
            dsr += x->dsr_shipping;
        }
    }

    char json[2048];
    snprintf(json, sizeof json,
             "{\"start\": \"2027-01-01\", \"days\": 5, \"seed\": 9, \"replications\": 50,"
             " \"history\": \"%s\", \"evaluations\": [\"2027-01-01\"],"
             " \"volume\": {\"daily_orders\": 0},"
             " \"fulfilment\": {\"handling_days\": 2, \"promised_delivery_days\": 20,"
             "   \"carriers\": [{\"name\": \"near\", \"share\": 1, \"transit_mean\": 8, \"transit_sd\": 3, \"lost_prob\": 0}]},"
             " \"buyers\": {\"feedback_window_days\": 10},"
             " \"rules\": {\"name\": \"exact\", \"window_days\": 90, \"window_anchor\": \"pay\","
             "   \"events\": {\"late_dispatch\": {\"kind\": \"late_dispatch\"}, \"late\": {\"kind\": \"late_delivery\"},"
             "     \"lost\": {\"kind\": \"lost\"}, \"dispute\": {\"kind\": \"dispute\"},"
             "     \"resp\": {\"kind\": \"seller_responsible\"}, \"closed\": {\"kind\": \"not_shipped\"}},"
             "   \"metrics\": {\"bad\": {\"kind\": \"rate\", \"events\": [\"late_dispatch\", \"late\", \"lost\"]},"
             "     \"disputes\": {\"kind\": \"count\", \"events\": [\"dispute\"]},"
             "     \"resp\": {\"kind\": \"count\", \"events\": [\"resp\"]},"
             "     \"closed\": {\"kind\": \"count\", \"events\": [\"closed\"]},"
             "     \"good\": {\"kind\": \"feedback_share\", \"min_stars\": 4},"
             "     \"ship\": {\"kind\": \"dsr_mean\", \"dimension\": \"shipping\"}},"
             "   \"tiers\": [{\"name\": \"all\"}]}}",
             csv);
    ts_study *st = load(json);
    assert_non_null(st);
    ts_run_options ro = {.threads = 2};
    ts_results *res;
    ts_run_stats rs;
    assert_int_equal(ts_run(st, &ro, &res, &rs), TS_OK);
    const ts_variant_results *v = &res->variants[0];
    assert_int_equal(v->n_metrics, 6);
    double want[6] = {bad / N, disputes, responsible, closed, good / fb, dsr / fb};
    for (size_t r = 0; r < res->n_reps; r++) {
        assert_true(v->assessed[r] == N);
        for (size_t m = 0; m < 6; m++) {
            double got = v->metrics[r * v->n_metrics + m];
            if (fabs(got - want[m]) > 1e-12)
                fail_msg("replication %zu, metric %zu: %.15g, by hand %.15g", r, m, got, want[m]);
        }
    }
    ts_results_free(res);
    ts_study_free(st);
    ts_test_rmtree(dir);
    free(dir);
}

/* ---------------------------------------------------------------- (b) */

#define REPS 20000
#define BRUTE 200000
#define W 30
#define FB_PROB 0.4
#define FB_MEAN 5.0
#define CONFIRM 5

/* The test's carriers: near (8 +- 3 days, lost 5%, promise 12), far (24 +- 7, lost 10%, promise 35). */
static const double MEAN[2] = {8, 24}, SD[2] = {3, 7}, LOST[2] = {0.05, 0.1};
static const int PROMISE[2] = {12, 35};

/* A history order of the in-transit test: paid on pay, dispatched on pay + 2, and what the file shows. */
typedef struct {
    int32_t pay;
    int carrier;
    int32_t delivered; /* TS_NEVER: in transit at day -1 */
} transit_order;

static const transit_order TRANSIT[] = {
    {-12, 0, TS_NEVER}, {-12, 0, TS_NEVER}, {-5, 0, TS_NEVER}, {-9, 0, TS_NEVER},
    {-20, 1, TS_NEVER}, {-31, 1, TS_NEVER}, {-40, 1, TS_NEVER}, {-3, 1, TS_NEVER},
    {-30, 0, -20},      {-15, 0, -6},       {-25, 1, -3},      {-60, 1, -27},
};
#define N_TRANSIT (sizeof TRANSIT / sizeof *TRANSIT)

/* Transit days max(1, ceil(T)). */
static int32_t transit_days(double t)
{
    double c = ceil(t);
    return c < 1.0 ? 1 : (int32_t)c;
}

/* A feedback delay in 1..W with P(k) proportional to (1 - 1/mean)^(k-1), by the test's own sum. */
static int32_t delay_draw(gsl_rng *r)
{
    double q = 1.0 / FB_MEAN, tot = 0.0;
    for (int k = 1; k <= W; k++)
        tot += pow(1.0 - q, k - 1);
    double u = gsl_rng_uniform(r) * tot, acc = 0.0;
    for (int k = 1; k <= W; k++) {
        acc += pow(1.0 - q, k - 1);
        if (u < acc)
            return k;
    }
    return W;
}

/*
** One accepted draw of order x (rejection: redrawn until it agrees with the
** file at day -1): adds to late[e] and feedback[e] whether by evaluation day
** E[e] its late-or-lost event and its feedback are known.
*/
static void brute_order(gsl_rng *r, const transit_order *x, const int32_t *E, size_t ne, double *late,
                        double *feedback)
{
    int k = x->carrier;
    int32_t s = x->pay + 2, promised = x->pay + PROMISE[k];
    double a = MEAN[k] * MEAN[k] / (SD[k] * SD[k]), th = SD[k] * SD[k] / MEAN[k];
    for (;;) {
        bool lost = gsl_rng_uniform(r) < LOST[k];
        int32_t dlv = lost ? TS_NEVER : s + transit_days(gsl_ran_gamma(r, a, th));
        /* what the file shows at day -1 */
        if (x->delivered == TS_NEVER) {
            if (!lost && dlv <= -1)
                continue; /* the file shows no delivery */
            if (lost && promised <= -1)
                continue; /* the file would show the loss */
        } else if (lost || dlv != x->delivered) {
            continue;
        }
        int32_t left = TS_NEVER;
        if (!lost && gsl_rng_uniform(r) < FB_PROB)
            left = dlv + CONFIRM + delay_draw(r);
        if (left <= -1)
            continue; /* the file shows no feedback */
        for (size_t e = 0; e < ne; e++) {
            int32_t known = lost ? promised : dlv > promised ? dlv : TS_NEVER;
            late[e] += known <= E[e];
            feedback[e] += left <= E[e];
        }
        return;
    }
}

static void test_transit_history_matches_rejection(void **state)
{
    (void)state;
    char *dir = ts_test_tmpdir();
    char csv[512], b[2][11], line[256];
    snprintf(csv, sizeof csv, "%s/transit.csv", dir);
    char text[8192];
    size_t len = (size_t)snprintf(text, sizeof text, "%s", HEADER);
    for (size_t i = 0; i < N_TRANSIT; i++) {
        const transit_order *x = &TRANSIT[i];
        char paid[11], disp[11];
        snprintf(line, sizeof line, "T%zu,%s,10.00,%d,,%s,%s,%s,,,,,,,,,,,,\n", i, day(x->pay, paid),
                 PROMISE[x->carrier], day(x->pay + 2, disp), x->carrier ? "far" : "near",
                 day(x->delivered, b[0]));
        len += (size_t)snprintf(text + len, sizeof text - len, "%s", line);
    }
    write_text(csv, text);

    char json[2048];
    snprintf(json, sizeof json,
             "{\"start\": \"2027-01-01\", \"days\": 60, \"seed\": 12, \"replications\": %d,"
             " \"history\": \"%s\", \"evaluations\": [\"2027-01-05\", \"2027-01-20\", \"2027-02-20\"],"
             " \"volume\": {\"daily_orders\": 0},"
             " \"fulfilment\": {\"handling_days\": 2, \"confirm_days\": %d, \"promised_delivery_days\": 40,"
             "   \"carriers\": [{\"name\": \"near\", \"share\": 0.5, \"transit_mean\": 8, \"transit_sd\": 3,"
             "      \"lost_prob\": 0.05, \"promised_delivery_days\": 12},"
             "     {\"name\": \"far\", \"share\": 0.5, \"transit_mean\": 24, \"transit_sd\": 7,"
             "      \"lost_prob\": 0.1, \"promised_delivery_days\": 35}]},"
             " \"buyers\": {\"feedback_window_days\": %d, \"feedback_prob\": %g, \"feedback_delay_mean\": %g,"
             "   \"dispute\": {\"base\": 0, \"quality\": 0, \"mismatch\": 0, \"late\": 0, \"lost\": 0, \"slow_reply\": 0}},"
             " \"rules\": {\"name\": \"transit\", \"window_days\": 200, \"window_anchor\": \"pay\","
             "   \"events\": {\"late\": {\"kind\": \"late_delivery\"}, \"lost\": {\"kind\": \"lost\"},"
             "     \"fb\": {\"kind\": \"feedback\", \"max_stars\": 5}},"
             "   \"metrics\": {\"late_or_lost\": {\"kind\": \"count\", \"events\": [\"late\", \"lost\"]},"
             "     \"feedback\": {\"kind\": \"count\", \"events\": [\"fb\"]}},"
             "   \"tiers\": [{\"name\": \"all\"}]}}",
             REPS, csv, CONFIRM, W, FB_PROB, FB_MEAN);
    ts_study *st = load(json);
    assert_non_null(st);
    ts_run_options ro = {.threads = 2};
    ts_results *res;
    ts_run_stats rs;
    assert_int_equal(ts_run(st, &ro, &res, &rs), TS_OK);
    const ts_variant_results *v = &res->variants[0];
    enum { NE = 3 };
    const int32_t E[NE] = {4, 19, 50};
    assert_int_equal(v->n_eval, NE);

    /* the brute force: BRUTE accepted draws of every order */
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, 20272);
    double bl[NE], bf[NE], bl2[NE] = {0}, bf2[NE] = {0}, ml[NE] = {0}, mf[NE] = {0};
    for (size_t i = 0; i < N_TRANSIT; i++) {
        double l[NE] = {0}, f[NE] = {0};
        for (int n = 0; n < BRUTE; n++)
            brute_order(r, &TRANSIT[i], E, NE, l, f);
        for (size_t e = 0; e < NE; e++) { /* a sum of independent Bernoullis: means and variances add */
            double pl = l[e] / BRUTE, pf = f[e] / BRUTE;
            ml[e] += pl;
            mf[e] += pf;
            bl2[e] += pl * (1 - pl);
            bf2[e] += pf * (1 - pf);
        }
    }
    gsl_rng_free(r);
    for (size_t e = 0; e < NE; e++) {
        bl[e] = ml[e];
        bf[e] = mf[e];
        double hl = 0, hl2 = 0, hf = 0, hf2 = 0;
        for (size_t k = 0; k < REPS; k++) {
            double a = v->metrics[(k * NE + e) * v->n_metrics + 0];
            double c = v->metrics[(k * NE + e) * v->n_metrics + 1];
            hl += a;
            hl2 += a * a;
            hf += c;
            hf2 += c * c;
        }
        hl /= REPS;
        hf /= REPS;
        double vl = hl2 / REPS - hl * hl, vf = hf2 / REPS - hf * hf;
        print_message("day %d: late or lost %.4f (brute force %.4f), feedback %.4f (%.4f)\n", E[e], hl,
                      bl[e], hf, bf[e]);
        /* both are estimates: the standard error of their difference */
        assert_within_4se(hl, bl[e], sqrt(vl / REPS + bl2[e] / BRUTE));
        assert_within_4se(hf, bf[e], sqrt(vf / REPS + bf2[e] / BRUTE));
    }
    /* the facts hold in every replication: the two delivered-late orders are late by day 50 */
    ts_results_free(res);
    ts_study_free(st);
    ts_test_rmtree(dir);
    free(dir);
}

/* The truncated gamma's draw (peaks' path): S(T) = u S(x), T > x, to 1e-8 relative. */
static void test_gamma_tail_quantile(void **state)
{
    (void)state;
    const double shapes[][2] = {{7.1, 1.125}, {11.76, 2.04}, {0.6, 5.0}, {40.0, 0.3}};
    const double xs[] = {0.0, 3.0, 9.0, 37.0, 80.0};
    const double us[] = {1e-9, 0.01, 0.37, 0.5, 0.93, 1.0 - 1e-9};
    for (size_t i = 0; i < 4; i++)
        for (size_t j = 0; j < 5; j++) {
            double a = shapes[i][0], th = shapes[i][1], x = xs[j];
            double sx = gsl_cdf_gamma_Q(x, a, th);
            if (!(sx > 1e-250))
                continue;
            for (size_t k = 0; k < 6; k++) {
                double t = ts_gamma_tail_quantile(a, th, x, sx, us[k]);
                double st = gsl_cdf_gamma_Q(t, a, th);
                if (!(t >= x) || fabs(st - us[k] * sx) > 1e-8 * us[k] * sx)
                    fail_msg("Gamma(%g, %g) beyond %g, u %g: T %.17g has S %.17g, want %.17g", a, th, x,
                             us[k], t, st, us[k] * sx);
            }
        }
}

/* ---------------------------------------------------------------- (c) */

static void test_errors(void **state)
{
    (void)state;
    char *dir = ts_test_tmpdir();
    char csv[512], json[1024];
    snprintf(csv, sizeof csv, "%s/late.csv", dir);
    write_text(csv, "order_id,paid_at,value,delivered_at\nA,2026-12-20,5,2027-01-01\n");
    snprintf(json, sizeof json,
             "{\"start\": \"2027-01-01\", \"days\": 5, \"history\": {\"file\": \"%s\"},"
             " \"volume\": {\"daily_orders\": 1}}", csv);
    ts_error err = {0};
    ts_study *st = ts_study_load_buffer("h.json", json, strlen(json), NULL, 0, &err);
    assert_null(st);
    assert_int_equal(err.count, 1);
    assert_non_null(strstr(err.messages[0], "h.json: history.file: expected an export of what happened "
                                            "before start (2027-01-01)"));
    assert_non_null(strstr(err.messages[0], "as late as 2027-01-01"));
    ts_error_clear(&err);

    snprintf(csv, sizeof csv, "%s/bad.csv", dir);
    write_text(csv, "order_id,paid_at,value\nA,2026-12-40,5\nB,2026-12-01,-1\n");
    snprintf(json, sizeof json,
             "{\"start\": \"2027-01-01\", \"days\": 5, \"history\": \"%s\", \"volume\": {\"daily_orders\": 1}}",
             csv);
    st = ts_study_load_buffer("h.json", json, strlen(json), NULL, 0, &err);
    assert_null(st);
    assert_int_equal(err.count, 2); /* every bad cell, each with the scenario's prefix */
    for (size_t i = 0; i < err.count; i++)
        assert_true(strncmp(err.messages[i], "h.json: history: ", 17) == 0);
    assert_non_null(strstr(err.messages[0], "row 2, column 'paid_at'"));
    assert_non_null(strstr(err.messages[1], "row 3, column 'value'"));
    ts_error_clear(&err);
    ts_test_rmtree(dir);
    free(dir);
}

int main(void)
{
    gsl_set_error_handler_off();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_complete_history_is_exact),
        cmocka_unit_test(test_transit_history_matches_rejection),
        cmocka_unit_test(test_gamma_tail_quantile),
        cmocka_unit_test(test_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
