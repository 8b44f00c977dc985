/*
** test_report_plot_groups.c — the plotting driver on variants under two
** rulebooks of different shapes (tests/report_fixture.h): one chart set per
** rulebook, and `standing`.
*/
#include "testutil.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plot.h"
#include "report_fixture.h"

#define DAYS 40
#define REPS 200

/* ---- the run: rulebook A (a rate, three tiers), B (a DSR mean, two tiers) ---- */

static void build_rulebooks(rfx *f)
{
    /* A: defect_rate over both events; top < 1%, mid < 3%, low otherwise */
    rfx_rulebook(f, 0, "rb-a", "Platform A rules", "甲平台规则")->window_days = 30;
    rfx_event(f, 0, "not_shipped", TS_EV_NOT_SHIPPED);
    rfx_event(f, 0, "dispute", TS_EV_DISPUTE);
    static const size_t both[2] = {0, 1};
    ts_metric *m = rfx_metric(f, 0, "defect_rate", TS_METRIC_RATE, both, 2);
    m->window_days = 30;
    m->label = "Defect rate";
    m->label_zh = "缺陷率";
    static const char *const an[3] = {"top", "mid", "low"}, *const al[3] = {"Top", "Middle", "Low"},
                             *const az[3] = {"顶级", "中等", "低等"};
    static const double av[2] = {0.01, 0.03};
    for (size_t t = 0; t < 3; t++) {
        rfx_tier(f, 0, an[t], al[t], az[t]);
        if (t < 2)
            rfx_when(f, 0, t, 0, TS_OP_LT, av[t]);
    }
    /* B: the description DSR mean; above >= 4.8, below otherwise */
    rfx_rulebook(f, 1, "rb-b", "Platform B ratings", "乙平台评分")->window_days = 180;
    rfx_event(f, 1, "low_dsr", TS_EV_DSR)->max_stars = 3;
    m = rfx_metric(f, 1, "dsr", TS_METRIC_DSR_MEAN, NULL, 0);
    m->window_days = 180;
    m->label = "Description DSR";
    m->label_zh = "描述评分";
    rfx_tier(f, 1, "above", "Above average", "高于平均");
    rfx_when(f, 1, 0, 0, TS_OP_GE, 4.8);
    rfx_tier(f, 1, "below", "Below average", "低于平均");
}

/*
** Variants: rb[k] per variant, with ne[k] evaluations (A: days 19 and 39, or
** 39 alone; B: day 29). Tier probabilities: rulebook A 50/30/20 %, B 70/20 %
** with 10 % not assessed.
*/
static rfx *build(size_t nv, const char *const *names, const size_t *rb, const size_t *ne)
{
    rfx *f = rfx_new();
    build_rulebooks(f);
    static const int32_t days[2][2] = {{19, 39}, {29, 0}};
    for (size_t v = 0; v < nv; v++) {
        const ts_rulebook *r = &f->rb[rb[v]];
        const int32_t *evals = days[rb[v]] + (ne[v] == 1 && rb[v] == 0 ? 1 : 0);
        rfx_variant(f, names[v], rb[v], "two-platforms", ts_date_from_ymd(2027, 3, 1), DAYS, evals, ne[v]);
        f->money[v][4].mean = 100.0 * (double)(v + 1); /* gift cost: the trade-off chart is drawn */
        double level = rb[v] == 0 ? 0.015 + 0.002 * (double)v : 4.78;
        for (size_t d = 0; d < DAYS; d++)
            f->daily[v][d] = (ts_stat){REPS, level, 0.003, 0.0002, level - 0.005, level, level + 0.005};
        for (size_t e = 0; e < ne[v]; e++) {
            ts_eval_summary *es = &f->es[v][e];
            es->assessed = (ts_stat){REPS, 500, 10, 1, 480, 500, 520};
            es->metrics[0] = f->daily[v][es->day];
            static const double pa[5] = {0.5, 0.3, 0.2, 0.0, 0.0}, pb[4] = {0.7, 0.2, 0.1, 0.0};
            for (size_t t = 0; t < r->n_tiers + 2; t++) {
                double q = rb[v] == 0 ? pa[t] : pb[t];
                es->tiers[t] = (ts_prob){(size_t)(q * REPS), REPS, q, fmax(0.0, q - 0.05), fmin(1.0, q + 0.05)};
            }
            for (size_t j = 0; j < r->n_events; j++)
                es->events[j] = 3.0 + (double)j;
        }
    }
    return f;
}

/* ---- helpers ---- */

static size_t chart_index(const ts_plot_outcome *o, const char *name)
{
    for (size_t i = 0; i < o->n_charts; i++)
        if (strcmp(o->charts[i], name) == 0)
            return i;
    fail_msg("chart %s is missing", name);
    return SIZE_MAX;
}

static const char *const names3[] = {"base", "tuned", "platform-b"};
static const size_t rb3[] = {0, 0, 1};
static const size_t ne3[] = {2, 2, 1};

/* ---- tests ---- */

/* Two rulebooks: each group's charts, the standing chart, no warning; rendered. */
static void test_two_rulebooks(void **state)
{
    (void)state;
    rfx *f = build(3, names3, rb3, ne3);
    ts_plot_options opt;
    ts_plot_options_init(&opt);
    opt.render = rfx_gnuplot_installed();
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
    char *fan = rfx_plot_text(f, "fan.gp");
    assert_contains(fan, "'Top < 1%'");
    assert_contains(fan, "Rulebook: Platform A rules");
    assert_lacks(fan, "Above average");
    free(fan);
    char *tiers = rfx_plot_text(f, "tiers.dat");
    assert_contains(tiers, "\"tuned\" 50 30 20");
    assert_lacks(tiers, "platform-b");
    free(tiers);

    /* B's group: its own thresholds (stars), tiers, colours and title */
    char *fanb = rfx_plot_text(f, "fan-rb-b.gp");
    assert_contains(fanb, "'Above average ≥ 4.8'");
    assert_contains(fanb, "(stars)");
    assert_contains(fanb, "Rulebook: Platform B ratings");
    free(fanb);
    char *tiersb = rfx_plot_text(f, "tiers-rb-b.gp");
    assert_contains(tiersb, "label_1 = 'Above average'");
    assert_contains(tiersb, "color_1 = '#1a9850'"); /* best of two: green */
    assert_contains(tiersb, "color_2 = '#d73027'"); /* worst of two: red */
    assert_contains(tiersb, "label_3 = 'not assessed'");
    free(tiersb);
    char *tdb = rfx_plot_text(f, "tiers-rb-b.dat");
    assert_contains(tdb, "\"2027-03-30\" 70 20 10");
    free(tdb);

    /* standing: one bar per variant on its last evaluation day, rank colours */
    char *sg = rfx_plot_text(f, "standing.gp");
    assert_contains(sg, "One shop under each platform''s rules");
    assert_contains(sg, "'platform-b' . \"\\n\" . 'Platform B ratings'");
    assert_contains(sg, "'evaluated 2027-04-09'"); /* A: day 39 of a run from 2027-03-01 */
    assert_contains(sg, "'evaluated 2027-03-30'"); /* B: day 29 */
    assert_contains(sg, "set ytics (ytic_1 3, ytic_2 2, ytic_3 1)");
    free(sg);
    char *sd = rfx_plot_text(f, "standing.dat");
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
            rfx_check_png(f, charts[i], 1280, 720, 6000);
    }
    ts_plot_outcome_release(&out);
    ts_error_clear(&err);
    rfx_free(f);
}

/* Chinese: tier labels and titles from label_zh and title_zh; rendered. */
static void test_two_rulebooks_zh(void **state)
{
    (void)state;
    if (!rfx_gnuplot_installed())
        skip();
    rfx *f = build(3, names3, rb3, ne3);
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
        rfx_check_png(f, out.charts[i], 1280, 720, 6000);
    char *sg = rfx_plot_text(f, "standing.gp");
    assert_contains(sg, "同一店铺在各平台规则下的等级概率");
    assert_contains(sg, "'乙平台评分'");
    assert_contains(sg, "'评估日 2027-03-30'"); /* 评估日: the word the table and the report use */
    free(sg);
    char *sd = rfx_plot_text(f, "standing.dat");
    assert_contains(sd, "\"高于平均\"");
    free(sd);
    char *tb = rfx_plot_text(f, "tiers-rb-b.gp");
    assert_contains(tb, "规则：乙平台评分");
    free(tb);
    ts_plot_outcome_release(&out);
    ts_error_clear(&err);
    rfx_free(f);
}

/*
** A variant under the base's rulebook but with other evaluation days is its
** own group: told apart from the base's names by the variant's name.
*/
static void test_same_rulebook_other_days(void **state)
{
    (void)state;
    static const char *const names[] = {"base", "one day"};
    static const size_t rb[] = {0, 0}, ne[] = {2, 1};
    rfx *f = build(2, names, rb, ne);
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
    rfx_free(f);
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
