/*
** test_robust_numeric.c — numeric edge cases through the real binary: zero
** volume, one replication, probabilities 0 and 1, the longest horizon, dates
** across leap years and year ends, the weekday of any start date.
*/
#define _DEFAULT_SOURCE 1 /* timegm: an independent calendar to compare with */
#include "testutil.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cjson/cJSON.h>

/* Run `tiersim run` on text (plus extra options) into a fresh folder; returns the parsed summary.json. */
static cJSON *run_summary(const char *text, const char *extra, char **dir_out)
{
    char *tmp = ts_test_tmpdir();
    char scen[512], out[512];
    snprintf(scen, sizeof scen, "%s/s.json", tmp);
    snprintf(out, sizeof out, "%s/out", tmp);
    ts_test_write_file(scen, text);
    const char *args[] = {"run", scen, "-o", out, "--quiet", "--no-plots", "--threads", "2",
                          extra, NULL, NULL};
    if (extra != NULL && strncmp(extra, "--replications=", 15) != 0)
        fail_msg("unexpected extra option %s", extra);
    ts_test_proc p = ts_test_run(args, NULL);
    if (p.exit_code != 0)
        fail_msg("tiersim run: exit %d\n%s", p.exit_code, p.err);
    ts_test_proc_free(&p);
    char path[600];
    snprintf(path, sizeof path, "%s/summary.json", out);
    char *json = ts_test_read_file(path, NULL);
    assert_non_null(json);
    /* JSON has no NaN or Infinity: a strict parser refuses them */
    assert_null(strstr(json, "nan"));
    assert_null(strstr(json, "inf"));
    cJSON *doc = cJSON_Parse(json);
    assert_non_null(doc);
    free(json);
    *dir_out = tmp;
    return doc;
}

static void finish(cJSON *doc, char *dir)
{
    cJSON_Delete(doc);
    ts_test_rmtree(dir);
    free(dir);
}

static const cJSON *get(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    if (v == NULL)
        fail_msg("summary.json: no \"%s\"", key);
    return v;
}

/* Every statistic of every metric is null or a number in [0, 1] (all metrics are rates). */
static void assert_rates_sane(const cJSON *doc)
{
    const cJSON *vars = get(doc, "variants"), *v, *ev, *m, *f;
    cJSON_ArrayForEach(v, vars) {
        cJSON_ArrayForEach(ev, get(v, "evaluations")) {
            double psum = 0.0;
            cJSON_ArrayForEach(m, get(ev, "metrics")) {
                cJSON_ArrayForEach(f, m) {
                    if (strcmp(f->string, "n") == 0 || strcmp(f->string, "sd") == 0 ||
                        strcmp(f->string, "se") == 0 || cJSON_IsNull(f))
                        continue;
                    assert_true(cJSON_IsNumber(f));
                    assert_true(f->valuedouble >= 0.0 && f->valuedouble <= 1.0);
                }
            }
            cJSON_ArrayForEach(m, get(ev, "tiers")) {
                double p = get(m, "p")->valuedouble;
                assert_true(p >= 0.0 && p <= 1.0);
                psum += p;
            }
            assert_double_near(psum, 1.0, 1e-9);
        }
    }
}

static void test_zero_volume(void **state)
{
    (void)state;
    char *dir;
    cJSON *doc = run_summary("{\"name\": \"zero\", \"replications\": 5, \"start\": \"2027-01-01\", "
                             "\"days\": 62, \"volume\": {\"daily_orders\": 0}}", NULL, &dir);
    const cJSON *ev, *m;
    size_t n = 0;
    cJSON_ArrayForEach(ev, get(cJSON_GetArrayItem(get(doc, "variants"), 0), "evaluations")) {
        n++;
        assert_double_near(get(get(get(ev, "tiers"), "not_assessed"), "p")->valuedouble, 1.0, 0.0);
        cJSON_ArrayForEach(m, get(ev, "metrics")) {
            assert_int_equal(get(m, "n")->valueint, 0);
            assert_true(cJSON_IsNull(get(m, "mean")));
            assert_true(cJSON_IsNull(get(m, "p50")));
        }
    }
    assert_int_equal(n, 2); /* 2027-01-31 and 2027-02-28 */
    assert_rates_sane(doc);
    finish(doc, dir);
}

static void test_one_replication(void **state)
{
    (void)state;
    char *dir;
    cJSON *doc = run_summary("{\"name\": \"one\", \"start\": \"2027-01-01\", \"days\": 62, "
                             "\"volume\": {\"daily_orders\": 30}}", "--replications=1", &dir);
    assert_int_equal(get(doc, "replications")->valueint, 1);
    const cJSON *ev = cJSON_GetArrayItem(get(cJSON_GetArrayItem(get(doc, "variants"), 0), "evaluations"), 1);
    const cJSON *s = get(ev, "assessed_orders");
    assert_int_equal(get(s, "n")->valueint, 1);
    assert_true(cJSON_IsNumber(get(s, "mean")));
    assert_true(get(s, "mean")->valuedouble > 0);
    assert_true(cJSON_IsNull(get(s, "sd")));
    assert_true(cJSON_IsNull(get(s, "se")));
    /* one replication: every quantile is that replication's value */
    assert_double_near(get(s, "p5")->valuedouble, get(s, "mean")->valuedouble, 0.0);
    assert_double_near(get(s, "p95")->valuedouble, get(s, "mean")->valuedouble, 0.0);
    const cJSON *t;
    int ones = 0;
    cJSON_ArrayForEach(t, get(ev, "tiers")) {
        double p = get(t, "p")->valuedouble;
        assert_true(p == 0.0 || p == 1.0);
        ones += p == 1.0;
        /* the interval still covers p and stays in [0, 1] */
        assert_true(get(t, "low")->valuedouble <= p && p <= get(t, "high")->valuedouble);
        assert_true(get(t, "low")->valuedouble >= 0.0 && get(t, "high")->valuedouble <= 1.0);
    }
    assert_int_equal(ones, 1);
    assert_rates_sane(doc);
    finish(doc, dir);
}

/* every probability of a scenario set to %s (the same text 17 times) */
#define EXTREME_FMT \
        "{\"name\": \"p%s\", \"replications\": 4, \"start\": \"2027-01-01\", \"days\": 62," \
        " \"volume\": {\"daily_orders\": 25}," \
        " \"fulfilment\": {\"stockout_prob\": %s, \"carriers\": [{\"share\": 1, \"transit_mean\": 9," \
        "   \"transit_sd\": 0, \"lost_prob\": %s}]}," \
        " \"product\": {\"quality_defect_prob\": %s, \"description_mismatch_prob\": %s}," \
        " \"buyers\": {\"dispute\": {\"base\": %s, \"quality\": %s, \"late\": %s}," \
        "   \"negative_feedback\": {\"base\": %s}, \"feedback_prob\": %s, \"five_star_share\": %s}," \
        " \"service\": {\"slow_reply_prob\": %s, \"dispute_reply_prob\": %s, \"arbitration_prob\": %s," \
        "   \"seller_responsible_prob\": %s, \"revision\": {\"contact_prob\": %s, \"success_prob\": %s}}}"

static void test_probabilities_extreme(void **state)
{
    (void)state;
    const char *const ps[] = {"0", "1"};
    for (int i = 0; i < 2; i++) {
        const char *p = ps[i];
        char text[2048];
        snprintf(text, sizeof text, EXTREME_FMT, p, p, p, p, p, p, p, p, p, p, p, p, p, p, p, p, p);
        char *dir;
        cJSON *doc = run_summary(text, NULL, &dir);
        assert_rates_sane(doc);
        finish(doc, dir);
    }
}

/* Month ends in [start, start + days - 1], from the C library's calendar. */
static int month_ends(int y, int m, int d, int days, char out[][11], int max)
{
    int n = 0;
    for (int k = 0; k < days; k++) {
        struct tm t = {0};
        t.tm_year = y - 1900;
        t.tm_mon = m - 1;
        t.tm_mday = d + k + 1; /* the next day: a month end when it is the 1st */
        t.tm_hour = 12;
        time_t tt = timegm(&t);
        struct tm next;
        gmtime_r(&tt, &next);
        if (next.tm_mday == 1 && n < max) {
            tt -= 86400;
            struct tm me;
            gmtime_r(&tt, &me);
            strftime(out[n++], 11, "%Y-%m-%d", &me);
        }
    }
    return n;
}

static void assert_evaluation_dates(const cJSON *doc, char want[][11], int n)
{
    const cJSON *evs = get(cJSON_GetArrayItem(get(doc, "variants"), 0), "evaluations");
    assert_int_equal(cJSON_GetArraySize(evs), n);
    for (int i = 0; i < n; i++)
        assert_string_equal(get(cJSON_GetArrayItem(evs, i), "date")->valuestring, want[i]);
}

static void test_leap_year_and_year_end(void **state)
{
    (void)state;
    char *dir;
    cJSON *doc = run_summary("{\"name\": \"leap\", \"replications\": 3, \"start\": \"2027-12-15\", "
                             "\"days\": 80, \"volume\": {\"daily_orders\": 10}}", NULL, &dir);
    char want[3][11] = {"2027-12-31", "2028-01-31", "2028-02-29"};
    assert_evaluation_dates(doc, want, 3);
    assert_rates_sane(doc);
    finish(doc, dir);

    /* 2100 is not a leap year */
    doc = run_summary("{\"name\": \"noleap\", \"replications\": 2, \"start\": \"2100-02-01\", "
                      "\"days\": 28, \"volume\": {\"daily_orders\": 10}}", NULL, &dir);
    char want2[1][11] = {"2100-02-28"};
    assert_evaluation_dates(doc, want2, 1);
    finish(doc, dir);
}

static void test_longest_horizon(void **state)
{
    (void)state;
    char *dir;
    /* 3660 days from the last year a date may name: the horizon runs into 3009 */
    cJSON *doc = run_summary("{\"name\": \"long\", \"replications\": 2, \"start\": \"2999-06-01\", "
                             "\"days\": 3660, \"volume\": {\"daily_orders\": 1}}", NULL, &dir);
    static char want[130][11];
    int n = month_ends(2999, 6, 1, 3660, want, 130);
    assert_true(n >= 120);
    assert_evaluation_dates(doc, want, n);
    assert_rates_sane(doc);
    finish(doc, dir);
}

/* Orders mean of a one-day run starting on `date` with only weekday `wd` (0 = Monday) open. */
static double one_day_orders(const char *date, int wd)
{
    double f[7] = {0};
    f[wd] = 1.0;
    char text[1024];
    snprintf(text, sizeof text,
             "{\"name\": \"wd\", \"replications\": 2, \"start\": \"%s\", \"days\": 1, \"warmup_days\": 0,"
             " \"evaluations\": [\"%s\"], \"volume\": {\"daily_orders\": 50, \"weekday_factors\":"
             " [%g, %g, %g, %g, %g, %g, %g]}}", date, date, f[0], f[1], f[2], f[3], f[4], f[5], f[6]);
    char *dir;
    cJSON *doc = run_summary(text, NULL, &dir);
    const cJSON *money = get(cJSON_GetArrayItem(get(doc, "variants"), 0), "money");
    const cJSON *orders = cJSON_IsArray(money) ? NULL : cJSON_GetObjectItemCaseSensitive(money, "orders");
    if (orders == NULL) { /* an array of {field, ...} */
        const cJSON *e;
        cJSON_ArrayForEach(e, money) {
            const cJSON *name = cJSON_GetObjectItemCaseSensitive(e, "field");
            if (name && cJSON_IsString(name) && strcmp(name->valuestring, "orders") == 0)
                orders = e;
        }
    }
    assert_non_null(orders);
    double mean = get(orders, "mean")->valuedouble;
    finish(doc, dir);
    return mean;
}

static void test_weekday_of_start(void **state)
{
    (void)state;
    const char *const dates[] = {"1900-01-01", "1900-03-01", "2000-02-29", "2027-01-01",
                                 "2028-12-31", "2999-12-31"};
    for (size_t i = 0; i < sizeof dates / sizeof *dates; i++) {
        int y, m, d;
        assert_int_equal(sscanf(dates[i], "%d-%d-%d", &y, &m, &d), 3);
        struct tm t = {0};
        t.tm_year = y - 1900;
        t.tm_mon = m - 1;
        t.tm_mday = d;
        t.tm_hour = 12;
        time_t tt = timegm(&t);
        struct tm g;
        gmtime_r(&tt, &g);
        int wd = (g.tm_wday + 6) % 7; /* Monday = 0 */
        assert_true(one_day_orders(dates[i], wd) > 0.0);
        assert_double_near(one_day_orders(dates[i], (wd + 1) % 7), 0.0, 0.0);
    }
}

int main(void)
{
    gsl_set_error_handler_off(); /* as the program does (sim/cli/main.c) */
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_zero_volume),
        cmocka_unit_test(test_one_replication),
        cmocka_unit_test(test_probabilities_extreme),
        cmocka_unit_test(test_leap_year_and_year_end),
        cmocka_unit_test(test_longest_horizon),
        cmocka_unit_test(test_weekday_of_start),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
