/*
** test_report_output.c — summary and result files (sim/run/summary.c,
** sim/report/output.c) from hand-made per-replication results: summary.json shape
** and values, CSV headers and rows, determinism, failed writes.
*/
#include "testutil.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "evaluate.h"
#include "output.h"
#include "results.h"
#include "summary.h"

/* ---- a hand-built study: 2 variants, 2 metrics, 2 events, 2 tiers ---- */

static ts_rulebook *small_rules(void)
{
    ts_rulebook *rb = ts_xcalloc(1, sizeof *rb);
    rb->name = ts_xstrdup("mini");
    rb->window_days = 90;
    rb->n_events = 2;
    rb->events = ts_xcalloc(2, sizeof *rb->events);
    rb->events[0].name = ts_xstrdup("not_shipped");
    rb->events[0].kind = TS_EV_NOT_SHIPPED;
    rb->events[1].name = ts_xstrdup("negative_feedback");
    rb->events[1].kind = TS_EV_FEEDBACK;
    rb->events[1].max_stars = 3;
    rb->n_metrics = 2;
    rb->metrics = ts_xcalloc(2, sizeof *rb->metrics);
    rb->metrics[0].name = ts_xstrdup("bad_experience_rate");
    rb->metrics[1].name = ts_xstrdup("positive_feedback_rate");
    rb->metrics[1].kind = TS_METRIC_FEEDBACK_SHARE;
    rb->n_tiers = 2;
    rb->tiers = ts_xcalloc(2, sizeof *rb->tiers);
    rb->tiers[0].name = ts_xstrdup("top");
    rb->tiers[0].n_when = 1;
    rb->tiers[0].when = ts_xcalloc(1, sizeof *rb->tiers[0].when);
    rb->tiers[0].when[0].op = TS_OP_LT;
    rb->tiers[0].when[0].value = 0.03;
    rb->tiers[1].name = ts_xstrdup("fail");
    return rb;
}

static void rules_free(ts_rulebook *rb)
{
    for (size_t k = 0; k < rb->n_events; k++)
        free(rb->events[k].name);
    for (size_t m = 0; m < rb->n_metrics; m++)
        free(rb->metrics[m].name);
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

static const char *VARIANT = "gifts.tiers[1].min_order=20,\"x\"";

/* Scenario: start 2026-01-01, 3 days, evaluations on days 0 and 2, one gift tier. */
static ts_scenario *small_scenario(void)
{
    ts_scenario *sc = ts_xcalloc(1, sizeof *sc);
    sc->name = ts_xstrdup("tiny shop");
    sc->seed = 42;
    sc->replications = 3;
    sc->start = ts_date_from_ymd(2026, 1, 1);
    sc->days = 3;
    sc->rules = small_rules();
    sc->rules_name = ts_xstrdup("mini");
    sc->n_evaluations = 2;
    sc->evaluations = ts_xcalloc(2, sizeof *sc->evaluations);
    sc->evaluations[0] = 0;
    sc->evaluations[1] = 2;
    sc->gifts.present = true;
    sc->gifts.n_tiers = 1;
    sc->gifts.tiers = ts_xcalloc(1, sizeof *sc->gifts.tiers);
    sc->gifts.tiers[0].name = ts_xstrdup("g1");
    return sc;
}

static void scenario_free(ts_scenario *sc)
{
    free(sc->name);
    rules_free(sc->rules);
    free(sc->rules_name);
    free(sc->evaluations);
    free(sc->gifts.tiers[0].name);
    free(sc->gifts.tiers);
    free(sc);
}

static ts_study *small_study(void)
{
    ts_study *st = ts_xcalloc(1, sizeof *st);
    st->file = ts_xstrdup("/home/someone/secret/place/tiny.json");
    memset(st->sha256, 'a', 64);
    st->n_variants = 2;
    st->variants = ts_xcalloc(2, sizeof *st->variants);
    st->variants[0].name = ts_xstrdup("base");
    st->variants[0].description = ts_xstrdup("");
    st->variants[0].scenario = small_scenario();
    st->variants[1].name = ts_xstrdup(VARIANT);
    st->variants[1].description = ts_xstrdup("a sweep value");
    st->variants[1].scenario = small_scenario();
    return st;
}

static void study_free(ts_study *st)
{
    for (size_t v = 0; v < st->n_variants; v++) {
        free(st->variants[v].name);
        free(st->variants[v].description);
        scenario_free(st->variants[v].scenario);
    }
    free(st->variants);
    free(st->file);
    free(st);
}

/*
** Per-replication values (3 replications), base:
**   bad rate, eval 0: 0.1, 0.2, NaN  -> n 2, mean 0.15, sd sqrt(2 * 0.05²) = 0.05√2, se 0.05
**   positive, eval 0: NaN, 0.5, NaN  -> n 1, sd and se null
**   tiers eval 0: top, top, not_assessed; eval 1: unclassified, fail, fail
**   assessed eval 0: 10, 20, 30; events[not_shipped] eval 0: 1, 2, 6 (mean 3)
** the variant: the base + 0.01 on the bad rate at eval 0 (paired diff 0.01, n 2).
** Money: orders 100, 200, 300; aov NaN in rep 2.
*/
static ts_results *small_results(const ts_study *st)
{
    ts_results *res = ts_results_new(st, 3);
    assert_int_equal(res->n_reps, 3);
    for (size_t v = 0; v < 2; v++) {
        ts_variant_results *vr = &res->variants[v];
        assert_int_equal(vr->n_eval, 2);
        assert_int_equal(vr->n_metrics, 2);
        assert_int_equal(vr->n_events, 2);
        assert_int_equal(vr->n_days, 3);
        assert_int_equal(vr->n_money, TS_MONEY_FIXED_FIELDS + 1);
        const double bad0[3] = {0.1, 0.2, NAN};
        const double pos0[3] = {NAN, 0.5, NAN};
        const int32_t t0[3] = {0, 0, TS_TIER_NOT_ASSESSED};
        const int32_t t1[3] = {TS_TIER_UNCLASSIFIED, 1, 1};
        for (size_t r = 0; r < 3; r++) {
            double *m = vr->metrics + r * 4; /* [eval][metric] */
            m[0] = bad0[r] + (v == 1 ? 0.01 : 0.0);
            m[1] = pos0[r];
            m[2] = 0.05 * (double)r;
            m[3] = 0.9;
            vr->tiers[r * 2 + 0] = t0[r];
            vr->tiers[r * 2 + 1] = t1[r];
            vr->assessed[r * 2 + 0] = 10.0 * (double)(r + 1);
            vr->assessed[r * 2 + 1] = 40.0;
            vr->events[r * 4 + 0] = r == 2 ? 6.0 : (double)(r + 1);
            vr->events[r * 4 + 1] = 0.5;
            vr->events[r * 4 + 2] = 0.0;
            vr->events[r * 4 + 3] = 1.0;
            for (size_t d = 0; d < 3; d++) {
                vr->daily[r * 6 + d * 2 + 0] = (double)d + (double)r; /* day d: d, d+1, d+2 */
                vr->daily[r * 6 + d * 2 + 1] = NAN;
            }
            double *money = vr->money + r * vr->n_money;
            money[TS_MONEY_ORDERS] = 100.0 * (double)(r + 1);
            money[TS_MONEY_GROSS] = 1000.0 * (double)(r + 1);
            money[TS_MONEY_AOV] = r == 2 ? (double)NAN : 10.0;
            money[TS_MONEY_TOPUPS] = 1.0;
            money[TS_MONEY_GIFT_COST] = 2.5;
            money[TS_MONEY_FIXED_FIELDS] = 7.0;
        }
    }
    return res;
}

static const cJSON *get(const cJSON *obj, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (v == NULL) {
        print_error("no key \"%s\"\n", key);
        fail();
    }
    return v;
}

static double num(const cJSON *obj, const char *key)
{
    const cJSON *v = get(obj, key);
    assert_true(cJSON_IsNumber(v));
    return v->valuedouble;
}

static void check_stat_keys(const cJSON *s)
{
    const char *keys[7] = {"n", "mean", "sd", "se", "p5", "p50", "p95"};
    for (int i = 0; i < 7; i++)
        get(s, keys[i]);
}

static size_t count_lines(const char *text)
{
    size_t n = 0;
    for (const char *p = text; *p; p++)
        n += *p == '\n';
    return n;
}

static char *read_in(const char *dir, const char *name)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return ts_test_read_file(path, NULL);
}

static int exists_in(const char *dir, const char *name)
{
    char path[4096];
    struct stat sb;
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return stat(path, &sb) == 0;
}

static const char *FILES[6] = {"summary.json", "evaluations.csv", "tiers.csv",
                               "daily.csv", "causes.csv", "money.csv"};

static void test_summary_values(void **state)
{
    (void)state;
    ts_study *st = small_study();
    ts_results *res = small_results(st);
    ts_summary *sum = ts_summary_build(res);
    assert_int_equal(sum->n_variants, 2);
    const ts_variant_summary *b = &sum->variants[0], *v = &sum->variants[1];
    assert_int_equal(b->n_tiers, 2);
    assert_string_equal(b->evals[1].date, "2026-01-03");
    assert_int_equal(b->evals[0].metrics[0].n, 2);
    assert_double_near(b->evals[0].metrics[0].mean, 0.15, 1e-15);
    assert_double_near(b->evals[0].metrics[0].se, 0.05, 1e-15);
    /* tiers eval 0: top 2/3, fail 0/3, not_assessed 1/3, unclassified 0/3 */
    assert_int_equal(b->evals[0].tiers[0].k, 2);
    assert_int_equal(b->evals[0].tiers[1].k, 0);
    assert_int_equal(b->evals[0].tiers[2].k, 1);
    assert_int_equal(b->evals[0].tiers[3].k, 0);
    assert_int_equal(b->evals[1].tiers[3].k, 1);
    assert_int_equal(b->evals[1].tiers[1].n, 3);
    assert_double_near(b->evals[0].events[0], 3.0, 1e-15);
    assert_null(b->evals[0].diff);
    assert_non_null(v->evals[0].diff);
    assert_int_equal(v->evals[0].diff[0].n, 2);
    assert_double_near(v->evals[0].diff[0].mean, 0.01, 1e-15);
    /* the same 0.01 in both pairs, up to rounding: an interval of ~zero width */
    assert_double_near(v->evals[0].diff[0].low, 0.01, 1e-12);
    assert_int_equal(v->evals[0].diff[1].n, 1);
    /* daily metric 0 on day 1: {1, 2, 3} -> mean 2, p50 2 */
    assert_double_near(b->daily[1 * 2 + 0].mean, 2.0, 1e-15);
    assert_int_equal(b->daily[1 * 2 + 1].n, 0);
    assert_int_equal(b->money[TS_MONEY_AOV].n, 2);
    assert_double_near(b->money[TS_MONEY_ORDERS].mean, 200.0, 1e-12);
    ts_summary_free(sum);
    ts_results_free(res);
    study_free(st);
}

static void test_write_files(void **state)
{
    (void)state;
    ts_study *st = small_study();
    ts_results *res = small_results(st);
    ts_summary *sum = ts_summary_build(res);
    char *dir = ts_test_tmpdir();
    ts_error err = {0};
    assert_int_equal(ts_output_write(sum, dir, &err), TS_OK);
    assert_int_equal(err.count, 0);

    char *text = read_in(dir, "summary.json");
    assert_non_null(text);
    cJSON *root = cJSON_Parse(text);
    assert_non_null(root);
    assert_string_equal(get(root, "schema")->valuestring, "tiersim-summary/1");
    assert_string_equal(get(root, "tiersim_version")->valuestring, TS_VERSION);
    assert_string_equal(get(root, "rules")->valuestring, "mini");
    assert_string_equal(get(root, "rng")->valuestring, "philox4x32-10");
    assert_double_near(num(root, "seed"), 42.0, 0.0);
    assert_double_near(num(root, "replications"), 3.0, 0.0);
    const cJSON *scn = get(root, "scenario");
    assert_string_equal(get(scn, "file")->valuestring, "tiny.json");
    assert_string_equal(get(scn, "name")->valuestring, "tiny shop");
    assert_int_equal(strlen(get(scn, "sha256")->valuestring), 64);
    assert_null(strstr(text, "/home/someone"));

    const cJSON *vars = get(root, "variants");
    assert_int_equal(cJSON_GetArraySize(vars), 2);
    const cJSON *base = cJSON_GetArrayItem(vars, 0), *var = cJSON_GetArrayItem(vars, 1);
    assert_string_equal(get(base, "name")->valuestring, "base");
    assert_string_equal(get(var, "name")->valuestring, VARIANT);
    const cJSON *evs = get(base, "evaluations");
    assert_int_equal(cJSON_GetArraySize(evs), 2);
    const cJSON *e0 = cJSON_GetArrayItem(evs, 0), *e1 = cJSON_GetArrayItem(evs, 1);
    assert_string_equal(get(e0, "date")->valuestring, "2026-01-01");
    assert_string_equal(get(e1, "date")->valuestring, "2026-01-03");
    check_stat_keys(get(e0, "assessed_orders"));
    assert_double_near(num(get(e0, "assessed_orders"), "mean"), 20.0, 1e-12);
    const cJSON *bad = get(get(e0, "metrics"), "bad_experience_rate");
    check_stat_keys(bad);
    assert_double_near(num(bad, "n"), 2.0, 0.0);
    assert_double_near(num(bad, "mean"), 0.15, 1e-15);
    const cJSON *pos = get(get(e0, "metrics"), "positive_feedback_rate");
    assert_double_near(num(pos, "n"), 1.0, 0.0);
    assert_true(cJSON_IsNull(get(pos, "sd")));
    assert_true(cJSON_IsNull(get(pos, "se")));
    assert_double_near(num(pos, "p50"), 0.5, 0.0);
    /* tiers: every rulebook tier and not_assessed; unclassified only where it occurred */
    const cJSON *t0 = get(e0, "tiers"), *t1 = get(e1, "tiers");
    assert_int_equal(cJSON_GetArraySize(t0), 3);
    assert_null(cJSON_GetObjectItemCaseSensitive(t0, "unclassified"));
    assert_double_near(num(get(t0, "top"), "p"), 2.0 / 3.0, 1e-15);
    assert_double_near(num(get(t0, "fail"), "low"), 0.0, 0.0);
    assert_double_near(num(get(t0, "not_assessed"), "p"), 1.0 / 3.0, 1e-15);
    assert_int_equal(cJSON_GetArraySize(t1), 4);
    assert_double_near(num(get(t1, "unclassified"), "p"), 1.0 / 3.0, 1e-15);
    assert_double_near(num(get(t1, "fail"), "p"), 2.0 / 3.0, 1e-15);
    const cJSON *events = get(e0, "events");
    assert_int_equal(cJSON_GetArraySize(events), 2);
    assert_double_near(num(events, "not_shipped"), 3.0, 1e-15);
    assert_double_near(num(events, "negative_feedback"), 0.5, 0.0);
    assert_null(cJSON_GetObjectItemCaseSensitive(e0, "difference_from_base"));
    const cJSON *ve0 = cJSON_GetArrayItem(get(var, "evaluations"), 0);
    const cJSON *diff = get(get(ve0, "difference_from_base"), "bad_experience_rate");
    assert_double_near(num(diff, "mean"), 0.01, 1e-15);
    assert_double_near(num(diff, "n"), 2.0, 0.0);
    const cJSON *dpos = get(get(ve0, "difference_from_base"), "positive_feedback_rate");
    assert_true(cJSON_IsNull(get(dpos, "low")));
    const cJSON *money = get(base, "money");
    const char *mkeys[5] = {"orders", "gross_value", "aov", "topups", "gift_cost"};
    for (int i = 0; i < 5; i++)
        check_stat_keys(get(money, mkeys[i]));
    assert_double_near(num(get(money, "orders"), "mean"), 200.0, 1e-12);
    assert_double_near(num(get(money, "aov"), "n"), 2.0, 0.0);
    assert_double_near(num(get(get(money, "gifts"), "g1"), "mean"), 7.0, 0.0);
    cJSON_Delete(root);

    /* CSVs: header + rows */
    char *csv = read_in(dir, "evaluations.csv");
    assert_non_null(csv);
    assert_int_equal(strncmp(csv, "variant,date,day,metric,n,mean,sd,se,p5,p50,p95\n", 48), 0);
    assert_int_equal(count_lines(csv), 1 + 2 * 2 * 2);
    /* RFC 4180: the variant's comma and quotes are quoted and doubled */
    assert_non_null(strstr(csv, "\"gifts.tiers[1].min_order=20,\"\"x\"\"\",2026-01-01,0,bad_experience_rate,2,"));
    /* n = 1: empty sd and se */
    assert_non_null(strstr(csv, "base,2026-01-01,0,positive_feedback_rate,1,0.5,,,0.5,0.5,0.5\n"));
    free(csv);
    csv = read_in(dir, "tiers.csv");
    assert_int_equal(count_lines(csv), 1 + 2 * (3 + 4));
    assert_non_null(strstr(csv, "base,2026-01-03,2,unclassified,1,3,"));
    free(csv);
    csv = read_in(dir, "daily.csv");
    assert_int_equal(count_lines(csv), 1 + 2 * 3 * 2);
    assert_non_null(strstr(csv, "base,2026-01-02,1,bad_experience_rate,3,2,"));
    free(csv);
    csv = read_in(dir, "causes.csv");
    assert_int_equal(count_lines(csv), 1 + 2 * 2 * 2);
    assert_non_null(strstr(csv, "base,2026-01-01,0,not_shipped,3,20\n"));
    free(csv);
    csv = read_in(dir, "money.csv");
    assert_int_equal(count_lines(csv), 1 + 2 * 6);
    assert_non_null(strstr(csv, "base,orders,3,200,100,"));
    assert_non_null(strstr(csv, "base,gifts.g1,3,7,0,0,7,7,7\n"));
    free(csv);

    /* a second write: byte-identical, and no temporaries left */
    char *first[6];
    for (int i = 0; i < 6; i++)
        first[i] = read_in(dir, FILES[i]);
    assert_int_equal(ts_output_write(sum, dir, &err), TS_OK);
    for (int i = 0; i < 6; i++) {
        char *again = read_in(dir, FILES[i]);
        assert_string_equal(first[i], again);
        free(again);
        free(first[i]);
        char tmp[64];
        snprintf(tmp, sizeof tmp, ".%s.tmp", FILES[i]);
        assert_false(exists_in(dir, tmp));
    }
    free(text);
    ts_test_rmtree(dir);
    free(dir);
    ts_summary_free(sum);
    ts_results_free(res);
    study_free(st);
}

/* A temporary that cannot be created (a directory in its way): TS_EIO naming
   the file, no final file, no other temporary left behind. */
static void test_failed_write(void **state)
{
    (void)state;
    ts_study *st = small_study();
    ts_results *res = small_results(st);
    ts_summary *sum = ts_summary_build(res);
    char *dir = ts_test_tmpdir();
    char path[4096];
    snprintf(path, sizeof path, "%s/.daily.csv.tmp", dir);
    assert_int_equal(mkdir(path, 0700), 0);
    ts_error err = {0};
    assert_int_equal(ts_output_write(sum, dir, &err), TS_EIO);
    assert_true(err.count >= 1);
    assert_non_null(strstr(err.messages[0], "daily.csv"));
    for (int i = 0; i < 6; i++) {
        char tmp[64];
        snprintf(tmp, sizeof tmp, ".%s.tmp", FILES[i]);
        assert_false(exists_in(dir, FILES[i]));
        if (strcmp(FILES[i], "daily.csv") != 0)
            assert_false(exists_in(dir, tmp));
    }
    ts_error_clear(&err);
    /* a missing directory */
    snprintf(path, sizeof path, "%s/missing", dir);
    assert_int_equal(ts_output_write(sum, path, &err), TS_EIO);
    ts_error_clear(&err);
    ts_test_rmtree(dir);
    free(dir);
    ts_summary_free(sum);
    ts_results_free(res);
    study_free(st);
}

/* Numbers: shortest round trip, integers plain, NaN empty. */
static void test_numbers(void **state)
{
    (void)state;
    char buf[32];
    ts_output_number(0.1, buf);
    assert_string_equal(buf, "0.1");
    ts_output_number(200.0, buf);
    assert_string_equal(buf, "200");
    ts_output_number(1.0 / 3.0, buf);
    assert_true(strtod(buf, NULL) == 1.0 / 3.0);
    ts_output_number(NAN, buf);
    assert_string_equal(buf, "");
    ts_output_number(-0.0, buf);
    assert_string_equal(buf, "0");
    ts_output_number(-2.5e-20, buf);
    assert_string_equal(buf, "-2.5e-20");
}

int main(void)
{
    gsl_set_error_handler_off(); /* as the program does (sim/cli/main.c) */
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_summary_values),
        cmocka_unit_test(test_write_files),
        cmocka_unit_test(test_failed_write),
        cmocka_unit_test(test_numbers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
