/*
** report_fixture.h — for the report tests: a run built by hand (rulebooks, variants,
** summaries and per-replication results, zero until the test shapes them; a team's
** replies on request), a scratch folder, and helpers for the plots it writes.
*/
#ifndef TS_TEST_REPORT_FIXTURE_H
#define TS_TEST_REPORT_FIXTURE_H

#include "testutil.h"

#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "date.h"
#include "scenario.h"
#include "summary.h"
#include "world.h" /* TS_REPLY_* */

#define RFX_RULEBOOKS 2
#define RFX_EVENTS 8
#define RFX_METRICS 3
#define RFX_TIERS 4
#define RFX_CONDITIONS 3   /* per tier */
#define RFX_VARIANTS 4
#define RFX_EVALS 2
#define RFX_DAYS 92
#define RFX_MONEY 6        /* the five fixed fields and one gift tier */
#define RFX_REPS 400

#define RFX_S(x) ((char *)(uintptr_t)(x)) /* the fixture's strings are literals, never freed */

/*
** Everything a run consists of, in fixed arrays. The scenarios are filled by
** hand rather than by ts_scenario_init_defaults: defaults.c calls
** ts_rulebook_free/dup, which live in ts_load, and a ts_report test does not
** link ts_load. The report reads only what is set here.
*/
typedef struct {
    ts_rulebook rb[RFX_RULEBOOKS];
    ts_rule_event events[RFX_RULEBOOKS][RFX_EVENTS];
    ts_metric metrics[RFX_RULEBOOKS][RFX_METRICS];
    size_t metric_events[RFX_RULEBOOKS][RFX_METRICS][RFX_EVENTS];
    ts_tier tiers[RFX_RULEBOOKS][RFX_TIERS];
    ts_condition cond[RFX_RULEBOOKS][RFX_TIERS][RFX_CONDITIONS];
    ts_peak peak;
    ts_gift_tier gift;
    int32_t evaluations[RFX_VARIANTS][RFX_EVALS];
    ts_scenario scenarios[RFX_VARIANTS];
    ts_variant variants[RFX_VARIANTS];
    ts_summary sum;
    ts_variant_summary vs[RFX_VARIANTS];
    ts_eval_summary es[RFX_VARIANTS][RFX_EVALS];
    ts_stat metric_stats[RFX_VARIANTS][RFX_EVALS][RFX_METRICS];
    ts_prob tier_probs[RFX_VARIANTS][RFX_EVALS][RFX_TIERS + 2];
    double event_means[RFX_VARIANTS][RFX_EVALS][RFX_EVENTS];
    ts_diff diffs[RFX_VARIANTS][RFX_EVALS][RFX_METRICS];
    ts_stat daily[RFX_VARIANTS][RFX_DAYS * RFX_METRICS];  /* [day * n_metrics + metric] */
    ts_stat money[RFX_VARIANTS][RFX_MONEY];
    ts_reply_summary reply[RFX_VARIANTS];
    ts_stat reply_days[RFX_VARIANTS][RFX_DAYS];
    ts_results res;
    ts_variant_results vr[RFX_VARIANTS];
    double values[RFX_VARIANTS][RFX_REPS * RFX_EVALS * RFX_METRICS]; /* [(rep * n_eval + e) * n_metrics + m] */
    char *dir;   /* a fresh scratch folder */
} rfx;

/* An empty run and a fresh scratch folder; rfx_free when done. */
static inline rfx *rfx_new(void)
{
    rfx *f = calloc(1, sizeof *f);
    assert_non_null(f);
    f->sum.variants = f->vs;
    f->res.variants = f->vr;
    f->dir = ts_test_tmpdir();
    return f;
}

/* Remove the scratch folder (kept, and named, with TS_PLOT_KEEP set: to look at the charts). */
static inline void rfx_free(rfx *f)
{
    if (getenv("TS_PLOT_KEEP"))
        printf("kept %s\n", f->dir);
    else
        ts_test_rmtree(f->dir);
    free(f->dir);
    free(f);
}

/* Rulebook r, named and titled, with no events, metrics or tiers yet. */
static inline ts_rulebook *rfx_rulebook(rfx *f, size_t r, const char *name, const char *title,
                                        const char *title_zh)
{
    ts_rulebook *rb = &f->rb[r];
    *rb = (ts_rulebook){.name = RFX_S(name), .title = RFX_S(title), .title_zh = RFX_S(title_zh),
                        .events = f->events[r], .metrics = f->metrics[r], .tiers = f->tiers[r]};
    return rb;
}

/* A new event of rulebook r (no stars, description dimension, no labels). */
static inline ts_rule_event *rfx_event(rfx *f, size_t r, const char *name, ts_event_kind kind)
{
    ts_rulebook *rb = &f->rb[r];
    assert_true(rb->n_events < RFX_EVENTS);
    ts_rule_event *ev = &f->events[r][rb->n_events++];
    *ev = (ts_rule_event){.name = RFX_S(name), .kind = kind};
    return ev;
}

/* A new metric of rulebook r counting the n events listed (rate, count). */
static inline ts_metric *rfx_metric(rfx *f, size_t r, const char *name, ts_metric_kind kind,
                                    const size_t *events, size_t n)
{
    ts_rulebook *rb = &f->rb[r];
    assert_true(rb->n_metrics < RFX_METRICS && n <= RFX_EVENTS);
    size_t i = rb->n_metrics++;
    size_t *ev = f->metric_events[r][i];
    for (size_t k = 0; k < n; k++)
        ev[k] = events[k];
    f->metrics[r][i] = (ts_metric){.name = RFX_S(name), .kind = kind, .events = n ? ev : NULL, .n_events = n};
    return &f->metrics[r][i];
}

/* A new tier of rulebook r, after the ones before it (best first). */
static inline ts_tier *rfx_tier(rfx *f, size_t r, const char *name, const char *label, const char *label_zh)
{
    ts_rulebook *rb = &f->rb[r];
    assert_true(rb->n_tiers < RFX_TIERS);
    size_t t = rb->n_tiers++;
    f->tiers[r][t] = (ts_tier){.name = RFX_S(name), .label = RFX_S(label), .label_zh = RFX_S(label_zh),
                               .when = f->cond[r][t]};
    return &f->tiers[r][t];
}

/* Another condition of tier t of rulebook r: metric OP value. */
static inline void rfx_when(rfx *f, size_t r, size_t t, size_t metric, ts_op op, double value)
{
    ts_tier *tier = &f->tiers[r][t];
    assert_true(tier->n_when < RFX_CONDITIONS);
    f->cond[r][t][tier->n_when++] = (ts_condition){.metric = metric, .op = op, .value = value};
}

/*
** The tiers of aliexpress-2015 in rulebook r: top, good, pass, fail
** (Top-rated/Good/Pass/Fail, 优秀/良好/及格/不及格), metric 0 below 3%, 6%
** and 12% for the first three.
*/
static inline void rfx_aliexpress_tiers(rfx *f, size_t r)
{
    static const char *const name[4] = {"top", "good", "pass", "fail"};
    static const char *const label[4] = {"Top-rated", "Good", "Pass", "Fail"};
    static const char *const label_zh[4] = {"优秀", "良好", "及格", "不及格"};
    static const double limit[3] = {0.03, 0.06, 0.12};
    for (size_t t = 0; t < 4; t++) {
        rfx_tier(f, r, name[t], label[t], label_zh[t]);
        if (t < 3)
            rfx_when(f, r, t, 0, TS_OP_LT, limit[t]);
    }
}

/*
** A new variant under rulebook r: its scenario (named scenario, in USD,
** from start for days days, evaluated on the ne days listed), its summary
** with every statistic zero (the difference from the base on every variant
** but the first; five money fields) and its per-replication results
** (res.n_reps is left to the test). Returns its summary.
*/
static inline ts_variant_summary *rfx_variant(rfx *f, const char *name, size_t r, const char *scenario,
                                              ts_civil start, int32_t days, const int32_t *evals, size_t ne)
{
    size_t v = f->sum.n_variants++;
    assert_true(v < RFX_VARIANTS && ne <= RFX_EVALS && days <= RFX_DAYS);
    const ts_rulebook *rb = &f->rb[r];
    ts_scenario *sc = &f->scenarios[v];
    for (size_t e = 0; e < ne; e++)
        f->evaluations[v][e] = evals[e];
    sc->name = RFX_S(scenario);
    sc->order_value.currency = "USD";
    sc->start = start;
    sc->days = days;
    sc->rules = &f->rb[r];
    sc->evaluations = f->evaluations[v];
    sc->n_evaluations = ne;
    f->variants[v] = (ts_variant){RFX_S(name), "", sc};

    ts_variant_summary *vs = &f->vs[v];
    *vs = (ts_variant_summary){.variant = &f->variants[v], .n_eval = ne, .n_metrics = rb->n_metrics,
                               .n_events = rb->n_events, .n_tiers = rb->n_tiers, .n_days = (size_t)days,
                               .n_money = 5, .evals = f->es[v], .daily = f->daily[v], .money = f->money[v]};
    for (size_t e = 0; e < ne; e++) {
        ts_eval_summary *es = &f->es[v][e];
        es->day = evals[e];
        ts_date_format(start + es->day, es->date);
        es->metrics = f->metric_stats[v][e];
        es->tiers = f->tier_probs[v][e];
        es->events = f->event_means[v][e];
        es->diff = v ? f->diffs[v][e] : NULL;
    }
    f->vr[v] = (ts_variant_results){.variant = &f->variants[v], .n_eval = ne, .n_metrics = rb->n_metrics,
                                    .n_events = rb->n_events, .n_days = (size_t)days, .n_money = 5,
                                    .metrics = f->values[v]};
    return vs;
}

/*
** A customer-service team's first responses on variant v (docs/model.md §13),
** the same for every variant: 16,328.4 conversations, mean 913.07 and p90
** 4,024.25 minutes, within 3 minutes 26.26% (24.91–27.62), within 24 hours
** 80.58% (78.36–82.43). Every day of the week: no conversation 00–03 h (NaN
** waits), else 100 + hour-of-day conversations with a mean wait of 600 + h
** minutes (h the hour of the week) and a p90 three times that; slots on duty
** 2 from 9 to 18 h, 1 from 18 to 24 h, else 0. The busiest hour is Sunday
** 23–24 h (h = 167: mean wait 767 min, 1 slot). The daily share within 3
** minutes is 35% (p5 25%, p50 34%, p95 45%), 0 on days 10 to 12 (a peak).
*/
static inline void rfx_team(rfx *f, size_t v)
{
    ts_reply_summary *rs = &f->reply[v];
    memset(rs, 0, sizeof *rs);
    size_t n = RFX_REPS;
    rs->overall[TS_REPLY_N] = (ts_stat){n, 16328.4, 120, 6, 16100, 16330, 16550};
    rs->overall[TS_REPLY_MEAN] = (ts_stat){n, 913.07, 80, 4, 800, 910, 1040};
    rs->overall[TS_REPLY_P50] = (ts_stat){n, 50.86, 5, 0.3, 43, 51, 58};
    rs->overall[TS_REPLY_P90] = (ts_stat){n, 4024.25, 200, 10, 3700, 4020, 4350};
    rs->overall[TS_REPLY_P99] = (ts_stat){n, 6479.07, 300, 15, 6000, 6480, 6950};
    rs->overall[TS_REPLY_LE3] = (ts_stat){n, 0.2626, 0.008, 0.0004, 0.2491, 0.2625, 0.2762};
    rs->overall[TS_REPLY_LE60] = (ts_stat){n, 0.5272, 0.01, 0.0005, 0.51, 0.527, 0.545};
    rs->overall[TS_REPLY_LE1440] = (ts_stat){n, 0.8058, 0.012, 0.0006, 0.7836, 0.806, 0.8243};
    rs->busiest = -1;
    for (int h = 0; h < 168; h++) {
        int hd = h % 24;
        rs->week_slots[h] = hd >= 9 && hd < 18 ? 2 : hd >= 18 ? 1 : 0;
        rs->week_n[h] = hd < 3 ? 0.0 : 100.0 + hd;
        rs->week_mean[h] = hd < 3 ? (double)NAN : 600.0 + h;
        rs->week_p90[h] = 3.0 * rs->week_mean[h];
        if (hd >= 3 && (rs->busiest < 0 || rs->week_mean[h] > rs->week_mean[rs->busiest]))
            rs->busiest = h;
    }
    rs->day_within3 = f->reply_days[v];
    for (size_t d = 0; d < RFX_DAYS; d++)
        rs->day_within3[d] = d >= 10 && d <= 12 ? (ts_stat){n, 0, 0, 0, 0, 0, 0}
                                                : (ts_stat){n, 0.35, 0.06, 0.003, 0.25, 0.34, 0.45};
    f->vs[v].reply = rs;
}

/* ---- the plots written into the scratch folder ---- */

static inline bool rfx_gnuplot_installed(void)
{
    const char *path = getenv("PATH");
    if (path == NULL)
        return false;
    char *copy = strdup(path), *save = NULL;
    bool found = false;
    for (char *d = strtok_r(copy, ":", &save); d && !found; d = strtok_r(NULL, ":", &save)) {
        char *p = ts_xasprintf("%s/gnuplot", d);
        found = access(p, X_OK) == 0;
        free(p);
    }
    free(copy);
    return found;
}

/* plots/NAME of the scratch folder, NULL when it is not there; free it. */
static inline char *rfx_read_plot(const rfx *f, const char *name, size_t *len)
{
    char *path = ts_xasprintf("%s/plots/%s", f->dir, name);
    char *text = ts_test_read_file(path, len);
    free(path);
    return text;
}

/* plots/NAME of the scratch folder; fails the test when it was not written. Free it. */
static inline char *rfx_plot_text(const rfx *f, const char *name)
{
    char *text = rfx_read_plot(f, name, NULL);
    if (text == NULL)
        fail_msg("%s was not written", name);
    return text;
}

static inline bool rfx_plot_exists(const rfx *f, const char *name)
{
    char *path = ts_xasprintf("%s/plots/%s", f->dir, name);
    bool ok = access(path, F_OK) == 0;
    free(path);
    return ok;
}

/* CHART.png is a width x height PNG (IHDR, big-endian at bytes 16..23) of more than min_bytes; CHART.svg an SVG. */
static inline void rfx_check_png(const rfx *f, const char *chart, unsigned width, unsigned height,
                                 size_t min_bytes)
{
    char *name = ts_xasprintf("%s.png", chart);
    size_t len = 0;
    unsigned char *png = (unsigned char *)rfx_read_plot(f, name, &len);
    if (png == NULL)
        fail_msg("%s was not rendered", name);
    assert_true(len > 24);
    assert_memory_equal(png, "\x89PNG\r\n\x1a\n", 8);
    assert_memory_equal(png + 12, "IHDR", 4);
    unsigned w = (unsigned)png[16] << 24 | (unsigned)png[17] << 16 | (unsigned)png[18] << 8 | png[19];
    unsigned h = (unsigned)png[20] << 24 | (unsigned)png[21] << 16 | (unsigned)png[22] << 8 | png[23];
    assert_int_equal(w, width);
    assert_int_equal(h, height);
    if (len <= min_bytes)
        fail_msg("%s has only %zu bytes", name, len);
    free(png);
    free(name);

    name = ts_xasprintf("%s.svg", chart);
    char *svg = rfx_read_plot(f, name, &len);
    if (svg == NULL)
        fail_msg("%s was not rendered", name);
    assert_true(strncmp(svg, "<?xml", 5) == 0 || strncmp(svg, "<svg", 4) == 0);
    assert_non_null(strstr(svg, "</svg>"));
    free(svg);
    free(name);
}

static inline void assert_contains(const char *text, const char *needle)
{
    if (text == NULL || strstr(text, needle) == NULL)
        fail_msg("expected to find \"%s\"", needle);
}

static inline void assert_lacks(const char *text, const char *needle)
{
    if (text != NULL && strstr(text, needle) != NULL)
        fail_msg("did not expect \"%s\"", needle);
}

#endif
