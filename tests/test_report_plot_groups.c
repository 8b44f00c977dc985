/*
** test_report_plot_groups.c — the plotting driver on variants under two
** rulebooks of different shapes: one chart set per rulebook, and `standing`.
*/
#include "testutil.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "plot.h"
#include "scenario.h"
#include "summary.h"

#define DAYS 40
#define NV 4
#define MAXT 3
#define MAXE 2
#define REPS 200

/* ---- the fixture: rulebook A (a rate, three tiers), B (a DSR mean, two tiers) ---- */

typedef struct {
    ts_rule_event events[2][2];
    size_t rate_events[2];
    ts_metric metrics[2][1];
    ts_tier tiers[2][MAXT];
    ts_condition cond[2][MAXT];
    ts_rulebook rb[2];
    int32_t evaluations[2][MAXE];
    ts_variant variants[NV];
    ts_scenario scenarios[NV];
    ts_summary sum;
    ts_variant_summary vs[NV];
    ts_eval_summary es[NV][MAXE];
    ts_stat metric_stats[NV][MAXE];
    ts_prob tier_probs[NV][MAXE][MAXT + 2];
    double event_means[NV][MAXE][2];
    ts_stat daily[NV][DAYS];
    ts_stat money[NV][5];
    char *dir;
} fixture;

static void build_rulebooks(fixture *f)
{
    /* A: defect_rate over both events; top < 1%, mid < 3%, low otherwise */
    f->events[0][0] = (ts_rule_event){.name = "not_shipped", .kind = TS_EV_NOT_SHIPPED};
    f->events[0][1] = (ts_rule_event){.name = "dispute", .kind = TS_EV_DISPUTE};
    f->rate_events[0] = 0;
    f->rate_events[1] = 1;
    f->metrics[0][0] = (ts_metric){.name = "defect_rate", .kind = TS_METRIC_RATE, .events = f->rate_events,
                                   .n_events = 2, .window_days = 30, .label = "Defect rate", .label_zh = "缺陷率"};
    static const char *const an[3] = {"top", "mid", "low"}, *const al[3] = {"Top", "Middle", "Low"},
                             *const az[3] = {"顶级", "中等", "低等"};
    static const double av[2] = {0.01, 0.03};
    for (size_t t = 0; t < 3; t++) {
        f->tiers[0][t] = (ts_tier){.name = (char *)(uintptr_t)an[t], .label = (char *)(uintptr_t)al[t],
                                   .label_zh = (char *)(uintptr_t)az[t]};
        if (t < 2) {
            f->cond[0][t] = (ts_condition){.metric = 0, .op = TS_OP_LT, .value = av[t]};
            f->tiers[0][t].when = &f->cond[0][t];
            f->tiers[0][t].n_when = 1;
        }
    }
    f->rb[0] = (ts_rulebook){.name = "rb-a", .title = "Platform A rules", .title_zh = "甲平台规则",
                             .window_days = 30, .events = f->events[0], .n_events = 2,
                             .metrics = f->metrics[0], .n_metrics = 1, .tiers = f->tiers[0], .n_tiers = 3};
    /* B: the description DSR mean; above >= 4.8, below otherwise */
    f->events[1][0] = (ts_rule_event){.name = "low_dsr", .kind = TS_EV_DSR, .max_stars = 3};
    f->metrics[1][0] = (ts_metric){.name = "dsr", .kind = TS_METRIC_DSR_MEAN, .window_days = 180,
                                   .label = "Description DSR", .label_zh = "描述评分"};
    f->tiers[1][0] = (ts_tier){.name = "above", .label = "Above average", .label_zh = "高于平均"};
    f->cond[1][0] = (ts_condition){.metric = 0, .op = TS_OP_GE, .value = 4.8};
    f->tiers[1][0].when = &f->cond[1][0];
    f->tiers[1][0].n_when = 1;
    f->tiers[1][1] = (ts_tier){.name = "below", .label = "Below average", .label_zh = "低于平均"};
    f->rb[1] = (ts_rulebook){.name = "rb-b", .title = "Platform B ratings", .title_zh = "乙平台评分",
                             .window_days = 180, .events = f->events[1], .n_events = 1,
                             .metrics = f->metrics[1], .n_metrics = 1, .tiers = f->tiers[1], .n_tiers = 2};
    f->evaluations[0][0] = 19;
    f->evaluations[0][1] = 39;
    f->evaluations[1][0] = 29;
}

/*
** Variants: rb[k] per variant, with ne[k] evaluations. Tier probabilities:
** rulebook A 50/30/20 %, B 70/20 % with 10 % not assessed.
*/
static void build(fixture *f, size_t nv, const char *const *names, const size_t *rb, const size_t *ne)
{
    memset(f, 0, sizeof *f);
    build_rulebooks(f);
    for (size_t v = 0; v < nv; v++) {
        const ts_rulebook *r = &f->rb[rb[v]];
        ts_scenario *sc = &f->scenarios[v];
        sc->name = "two-platforms";
        sc->order_value.currency = "USD";
        sc->start = ts_date_from_ymd(2027, 3, 1);
        sc->days = DAYS;
        sc->rules = (ts_rulebook *)(uintptr_t)r;
        sc->evaluations = f->evaluations[rb[v]] + (ne[v] == 1 && rb[v] == 0 ? 1 : 0);
        sc->n_evaluations = ne[v];
        f->variants[v] = (ts_variant){(char *)(uintptr_t)names[v], "", sc};
        ts_variant_summary *vs = &f->vs[v];
        vs->variant = &f->variants[v];
        vs->n_eval = ne[v];
        vs->n_metrics = 1;
        vs->n_events = r->n_events;
        vs->n_tiers = r->n_tiers;
        vs->n_days = DAYS;
        vs->n_money = 5;
        vs->evals = f->es[v];
        vs->daily = f->daily[v];
        vs->money = f->money[v];
        f->money[v][4].mean = 100.0 * (double)(v + 1); /* gift cost: the trade-off chart is drawn */
        double level = rb[v] == 0 ? 0.015 + 0.002 * (double)v : 4.78;
        for (size_t d = 0; d < DAYS; d++)
            f->daily[v][d] = (ts_stat){REPS, level, 0.003, 0.0002, level - 0.005, level, level + 0.005};
        for (size_t e = 0; e < ne[v]; e++) {
            ts_eval_summary *es = &f->es[v][e];
            es->day = sc->evaluations[e];
            ts_date_format(sc->start + es->day, es->date);
            es->assessed = (ts_stat){REPS, 500, 10, 1, 480, 500, 520};
            es->metrics = &f->metric_stats[v][e];
            es->metrics[0] = f->daily[v][es->day];
            es->tiers = f->tier_probs[v][e];
            es->events = f->event_means[v][e];
            static const double pa[5] = {0.5, 0.3, 0.2, 0.0, 0.0}, pb[4] = {0.7, 0.2, 0.1, 0.0};
            for (size_t t = 0; t < r->n_tiers + 2; t++) {
                double q = rb[v] == 0 ? pa[t] : pb[t];
                es->tiers[t] = (ts_prob){(size_t)(q * REPS), REPS, q, fmax(0.0, q - 0.05), fmin(1.0, q + 0.05)};
            }
            for (size_t j = 0; j < r->n_events; j++)
                es->events[j] = 3.0 + (double)j;
        }
    }
    f->sum.n_variants = nv;
    f->sum.variants = f->vs;
    f->dir = ts_test_tmpdir();
}

static void release(fixture *f)
{
    if (getenv("TS_PLOT_KEEP"))
        printf("kept %s\n", f->dir);
    else
        ts_test_rmtree(f->dir);
    free(f->dir);
}

/* ---- helpers ---- */

static bool gnuplot_installed(void)
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

static char *read_plot(const fixture *f, const char *name)
{
    char *path = ts_xasprintf("%s/plots/%s", f->dir, name);
    char *text = ts_test_read_file(path, NULL);
    free(path);
    if (text == NULL)
        fail_msg("%s was not written", name);
    return text;
}

static void assert_contains(const char *text, const char *needle)
{
    if (text == NULL || strstr(text, needle) == NULL)
        fail_msg("expected to find \"%s\"", needle);
}

static void assert_lacks(const char *text, const char *needle)
{
    if (text != NULL && strstr(text, needle) != NULL)
        fail_msg("did not expect \"%s\"", needle);
}

static size_t chart_index(const ts_plot_outcome *o, const char *name)
{
    for (size_t i = 0; i < o->n_charts; i++)
        if (strcmp(o->charts[i], name) == 0)
            return i;
    fail_msg("chart %s is missing", name);
    return SIZE_MAX;
}

/* A rendered PNG: the signature and more than min_bytes. */
static void check_png(const fixture *f, const char *chart, size_t min_bytes)
{
    char *path = ts_xasprintf("%s/plots/%s.png", f->dir, chart);
    size_t len = 0;
    char *png = ts_test_read_file(path, &len);
    if (png == NULL)
        fail_msg("%s.png was not rendered", chart);
    assert_memory_equal(png, "\x89PNG\r\n\x1a\n", 8);
    if (len <= min_bytes)
        fail_msg("%s.png has only %zu bytes", chart, len);
    free(png);
    free(path);
}

static const char *const names3[] = {"base", "tuned", "platform-b"};
static const size_t rb3[] = {0, 0, 1};
static const size_t ne3[] = {2, 2, 1};

/* ---- tests ---- */

/* Two rulebooks: each group's charts, the standing chart, no warning; rendered. */
static void test_two_rulebooks(void **state)
{
    (void)state;
    fixture *f = calloc(1, sizeof *f);
    build(f, 3, names3, rb3, ne3);
    ts_plot_options opt;
    ts_plot_options_init(&opt);
    opt.render = gnuplot_installed();
    ts_plot_outcome out;
    ts_error err = {0};
    ts_status st = ts_plot_render(&f->sum, NULL, f->dir, &opt, &out, &err);
    if (st != TS_OK)
        fail_msg("%s", err.count ? err.messages[0] : "?");
    assert_int_equal(out.n_warnings, 0);
    static const char *const charts[] = {
        "standing", "fan", "tiers", "causes", "distribution", "tradeoff",
        "fan-rb-b", "tiers-rb-b", "causes-rb-b", "distribution-rb-b"
    };
    size_t n = sizeof charts / sizeof charts[0];
    assert_int_equal(out.n_charts, n);
    for (size_t i = 0; i < n; i++)
        assert_int_equal(chart_index(&out, charts[i]), i);

    /* the base's group: A's thresholds and tiers, both A variants, not B's */
    char *fan = read_plot(f, "fan.gp");
    assert_contains(fan, "'Top < 1%'");
    assert_contains(fan, "Rulebook: Platform A rules");
    assert_lacks(fan, "Above average");
    free(fan);
    char *tiers = read_plot(f, "tiers.dat");
    assert_contains(tiers, "\"tuned\" 50 30 20");
    assert_lacks(tiers, "platform-b");
    free(tiers);

    /* B's group: its own thresholds (stars), tiers, colours and title */
    char *fanb = read_plot(f, "fan-rb-b.gp");
    assert_contains(fanb, "'Above average ≥ 4.8'");
    assert_contains(fanb, "(stars)");
    assert_contains(fanb, "Rulebook: Platform B ratings");
    free(fanb);
    char *tiersb = read_plot(f, "tiers-rb-b.gp");
    assert_contains(tiersb, "label_1 = 'Above average'");
    assert_contains(tiersb, "color_1 = '#1a9850'"); /* best of two: green */
    assert_contains(tiersb, "color_2 = '#d73027'"); /* worst of two: red */
    assert_contains(tiersb, "label_3 = 'not assessed'");
    free(tiersb);
    char *tdb = read_plot(f, "tiers-rb-b.dat");
    assert_contains(tdb, "\"2027-03-30\" 70 20 10");
    free(tdb);

    /* standing: one bar per variant on its last evaluation day, rank colours */
    char *sg = read_plot(f, "standing.gp");
    assert_contains(sg, "One shop under each platform''s rules");
    assert_contains(sg, "'platform-b' . \"\\n\" . 'Platform B ratings'");
    assert_contains(sg, "'evaluated 2027-04-09'"); /* A: day 39 of a run from 2027-03-01 */
    assert_contains(sg, "'evaluated 2027-03-30'"); /* B: day 29 */
    assert_contains(sg, "set ytics (ytic_1 3, ytic_2 2, ytic_3 1)");
    free(sg);
    char *sd = read_plot(f, "standing.dat");
    /* bar 3 = base: top 0-50 green; bar 1 = B: above 0-70 green, below 70-90 red, not assessed grey */
    assert_contains(sd, "3 0 50 50 1742928 \"base\" \"rb-a\" 2027-04-09 top\n");
    assert_contains(sd, "3 80 100 20 14102567 \"base\" \"rb-a\" 2027-04-09 low\n");
    assert_contains(sd, "1 0 70 70 1742928 \"platform-b\" \"rb-b\" 2027-03-30 above\n");
    assert_contains(sd, "1 70 90 20 14102567 \"platform-b\" \"rb-b\" 2027-03-30 below\n");
    assert_contains(sd, "1 90 100 10 10395294 \"platform-b\" \"rb-b\" 2027-03-30 not_assessed\n");
    assert_contains(sd, "\"Above average\"");
    assert_contains(sd, "\"70%\"");
    free(sd);

    if (opt.render) {
        assert_true(out.rendered);
        for (size_t i = 0; i < n; i++)
            check_png(f, charts[i], 6000);
    }
    ts_plot_outcome_release(&out);
    ts_error_clear(&err);
    release(f);
    free(f);
}

/* Chinese: tier labels and titles from label_zh and title_zh; rendered. */
static void test_two_rulebooks_zh(void **state)
{
    (void)state;
    if (!gnuplot_installed())
        skip();
    fixture *f = calloc(1, sizeof *f);
    build(f, 3, names3, rb3, ne3);
    ts_plot_options opt;
    ts_plot_options_init(&opt);
    opt.lang = TS_PLOT_ZH;
    ts_plot_outcome out;
    ts_error err = {0};
    ts_status st = ts_plot_render(&f->sum, NULL, f->dir, &opt, &out, &err);
    if (st != TS_OK)
        fail_msg("%s", err.count ? err.messages[0] : "?");
    assert_true(out.rendered);
    for (size_t i = 0; i < out.n_charts; i++)
        check_png(f, out.charts[i], 6000);
    char *sg = read_plot(f, "standing.gp");
    assert_contains(sg, "同一店铺在各平台规则下的等级概率");
    assert_contains(sg, "'乙平台评分'");
    assert_contains(sg, "'评估日 2027-03-30'"); /* 评估日: the word the table and the report use */
    free(sg);
    char *sd = read_plot(f, "standing.dat");
    assert_contains(sd, "\"高于平均\"");
    free(sd);
    char *tb = read_plot(f, "tiers-rb-b.gp");
    assert_contains(tb, "规则：乙平台评分");
    free(tb);
    ts_plot_outcome_release(&out);
    ts_error_clear(&err);
    release(f);
    free(f);
}

/*
** A variant under the base's rulebook but with other evaluation days is its
** own group: told apart from the base's names by the variant's name.
*/
static void test_same_rulebook_other_days(void **state)
{
    (void)state;
    fixture *f = calloc(1, sizeof *f);
    static const char *const names[] = {"base", "one day"};
    static const size_t rb[] = {0, 0}, ne[] = {2, 1};
    build(f, 2, names, rb, ne);
    ts_plot_options opt;
    ts_plot_options_init(&opt);
    opt.render = false;
    ts_plot_outcome out;
    ts_error err = {0};
    assert_int_equal(ts_plot_render(&f->sum, NULL, f->dir, &opt, &out, &err), TS_OK);
    assert_int_equal(chart_index(&out, "standing"), 0);
    assert_int_equal(chart_index(&out, "fan"), 1);
    chart_index(&out, "tiers-rb-a-one_day");
    /* the base's group has one variant: no trade-off chart */
    for (size_t i = 0; i < out.n_charts; i++)
        assert_string_not_equal(out.charts[i], "tradeoff");
    ts_plot_outcome_release(&out);
    ts_error_clear(&err);
    release(f);
    free(f);
}

int main(void)
{
    gsl_set_error_handler_off(); /* as the program does (sim/cli/main.c) */
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_two_rulebooks),
        cmocka_unit_test(test_two_rulebooks_zh),
        cmocka_unit_test(test_same_rulebook_other_days),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
