/*
** test_report_plot.c — the plotting driver (sim/report/plot.h) on a hand-built
** summary (tests/report_fixture.h): scripts and data, rendering with gnuplot,
** Chinese, failures, the customer-service charts of variants with a team.
*/
#include "testutil.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "plot.h"
#include "report_fixture.h"

#define DAYS 60
#define NEVAL 2
#define NMET 3
#define NEV 8
#define NTIER 4
#define NMONEY 5
#define REPS 400

/* ---- the run: an aliexpress-2015-like rulebook, up to three variants ---- */

static void build_rulebook(rfx *f)
{
    static const char *const names[NEV] = {
        "not_shipped", "dispute_no_reply", "arbitration", "negative_feedback",
        "low_dsr_description", "low_dsr_communication", "low_dsr_shipping", "seller_responsible"
    };
    static const ts_event_kind kinds[NEV] = {
        TS_EV_NOT_SHIPPED, TS_EV_DISPUTE_NO_REPLY, TS_EV_ARBITRATION, TS_EV_FEEDBACK,
        TS_EV_DSR, TS_EV_DSR, TS_EV_DSR, TS_EV_SELLER_RESPONSIBLE
    };
    ts_rulebook *rb = rfx_rulebook(f, 0, "aliexpress-2015", "AliExpress seller service level", NULL);
    rb->window_days = 90;
    rb->min_orders = 30;
    for (size_t i = 0; i < NEV; i++) {
        ts_rule_event *ev = rfx_event(f, 0, names[i], kinds[i]);
        ev->max_stars = 3;
        ev->dimension = i == 5 ? TS_DSR_COMMUNICATION : i == 6 ? TS_DSR_SHIPPING : TS_DSR_DESCRIPTION;
    }
    static const size_t bad[7] = {0, 1, 2, 3, 4, 5, 6}, sr[1] = {7};
    rfx_metric(f, 0, "bad_experience_rate", TS_METRIC_RATE, bad, 7)->window_days = 90;
    rfx_metric(f, 0, "seller_responsible_rate", TS_METRIC_RATE, sr, 1)->window_days = 90;
    ts_metric *pos = rfx_metric(f, 0, "positive_feedback_rate", TS_METRIC_FEEDBACK_SHARE, NULL, 0);
    pos->min_stars = 4;
    pos->min_order_value = 5;
    pos->window_days = 90;
    /* top: < 3%, < 0.8%, >= 97%; good: < 6%, < 0.8%, >= 95%; pass: < 12%, < 0.8% */
    rfx_aliexpress_tiers(f, 0);
    for (size_t t = 0; t < 3; t++) {
        rfx_when(f, 0, t, 1, TS_OP_LT, 0.008);
        if (t < 2)
            rfx_when(f, 0, t, 2, TS_OP_GE, t == 0 ? 0.97 : 0.95);
    }
}

/* A deterministic pseudo-random number in [0, 1) (LCG): only to give the histogram a shape. */
static double lcg(uint64_t *s)
{
    *s = *s * 6364136223846793005u + 1442695040888963407u;
    return (double)(*s >> 11) / 9007199254740992.0;
}

/* Variant v's statistics: a rising rate, tier probabilities, events, money, per-replication values. */
static void shape_variant(rfx *f, size_t v)
{
    double shift = 0.004 * (double)v;
    for (size_t d = 0; d < DAYS; d++) {
        /* bad-experience rate rising from 1% to about 5%, lower for later variants */
        double mean = 0.01 + 0.04 * (double)d / DAYS - shift;
        for (size_t m = 0; m < NMET; m++) {
            double mm = m == 0 ? mean : m == 1 ? 0.002 : 0.96;
            f->daily[v][d * NMET + m] = (ts_stat){REPS, mm, 0.005, 0.005 / 20.0,
                                                  mm - 0.006, mm - 0.0005, mm + 0.009};
        }
    }
    /* day 0: nothing assessed yet */
    f->daily[v][0] = (ts_stat){0, NAN, NAN, NAN, NAN, NAN, NAN};
    for (size_t e = 0; e < NEVAL; e++) {
        ts_eval_summary *es = &f->es[v][e];
        es->assessed = (ts_stat){REPS, 300, 20, 1, 270, 300, 330};
        for (size_t m = 0; m < NMET; m++)
            es->metrics[m] = f->daily[v][(size_t)es->day * NMET + m];
        /* eval 0: top 60%, good 30%, pass 8%, fail 2%; eval 1: 20/50/25/5 */
        static const double p[NEVAL][NTIER] = {{0.60, 0.30, 0.08, 0.02}, {0.20, 0.50, 0.25, 0.05}};
        /* later variants move half of the other tiers' probability to the top tier */
        for (size_t t = 0; t < NTIER; t++) {
            double q = v == 0 ? p[e][t] : t == 0 ? p[e][0] + 0.5 * (1.0 - p[e][0]) : 0.5 * p[e][t];
            es->tiers[t] = (ts_prob){(size_t)(q * REPS), REPS, q, fmax(0.0, q - 0.05),
                                     fmin(1.0, q + 0.05)};
        }
        es->tiers[NTIER] = (ts_prob){0, REPS, 0, 0, 0.01};
        es->tiers[NTIER + 1] = (ts_prob){0, REPS, 0, 0, 0.01};
        for (size_t j = 0; j < NEV; j++)
            es->events[j] = (double)(j + 1) * (1.0 + (double)e) - 0.3 * (double)v;
    }
    for (size_t k = 0; k < NMONEY; k++)
        f->money[v][k] = (ts_stat){REPS, 0, 0, 0, 0, 0, 0};
    f->money[v][4].mean = 120.0 * (double)v; /* gift cost */

    /* per-replication values of the metrics; replication 0 is undefined at every evaluation */
    uint64_t s = 12345 + v;
    for (size_t r = 0; r < REPS; r++)
        for (size_t e = 0; e < NEVAL; e++)
            for (size_t m = 0; m < NMET; m++) {
                double u = lcg(&s) + lcg(&s) + lcg(&s);
                f->values[v][(r * NEVAL + e) * NMET + m] =
                    r == 0 ? (double)NAN : f->metric_stats[v][e][m].mean + 0.01 * (u - 1.5);
            }
}

/* nv variants named names[] of one scenario from 2026-11-01, 60 days, evaluated on days 29 and 59, with a peak. */
static rfx *build(size_t nv, const char *const *names, const char *scenario_name)
{
    rfx *f = rfx_new();
    build_rulebook(f);
    static const int32_t evaluations[NEVAL] = {29, 59};
    f->peak = (ts_peak){"11.11", 10, 3, 3.0, 1.0, 7};
    for (size_t v = 0; v < nv; v++) {
        rfx_variant(f, names[v], 0, scenario_name, ts_date_from_ymd(2026, 11, 1), DAYS, evaluations, NEVAL);
        f->scenarios[v].volume.events = &f->peak;
        f->scenarios[v].volume.n_events = 1;
        shape_variant(f, v);
    }
    f->res.n_reps = REPS;
    return f;
}

static const char *const two_names[] = {"base", "gifts_for_all"};

/* ---- tests ---- */

/* English, rendered: every chart is a 1280 x 720 PNG and an SVG. */
static void test_render_en(void **state)
{
    (void)state;
    if (!rfx_gnuplot_installed())
        skip();
    /* a name with every character gnuplot could misread */
    rfx *f = build(2, two_names, "peak \"11.11\" it's a_b^c@{x}\\n");
    ts_plot_options opt;
    ts_plot_options_init(&opt);
    ts_plot_outcome out;
    ts_error err = {0};
    ts_status st = ts_plot_render(&f->sum, &f->res, f->dir, &opt, &out, &err);
    if (st != TS_OK)
        fail_msg("%s", err.count ? err.messages[0] : "?");
    assert_true(out.rendered);
    assert_false(out.gnuplot_missing);
    assert_int_equal(out.n_warnings, 0);
    /* two variants: fan, tiers, causes, distribution, tradeoff; no sweep */
    static const char *const charts[] = {"fan", "tiers", "causes", "distribution", "tradeoff"};
    assert_int_equal(out.n_charts, 5);
    for (size_t i = 0; i < 5; i++) {
        assert_string_equal(out.charts[i], charts[i]);
        rfx_check_png(f, charts[i], 1280, 720, 8000);
        char *gpname = ts_xasprintf("%s.gp", charts[i]);
        char *dat = ts_xasprintf("'%s.dat'", charts[i]);
        char *gp = rfx_read_plot(f, gpname, NULL);
        assert_contains(gp, "pngcairo");
        assert_contains(gp, "set terminal svg");
        assert_contains(gp, dat);
        assert_contains(gp, "it''s a_b^c@{x}\\n"); /* single-quoted: only ' is doubled */
        free(gp);
        free(dat);
        free(gpname);
    }
    assert_false(rfx_plot_exists(f, "sweep.gp"));

    /* thresholds of the headline metric, in %: the data reaches about 5.8%
       (p95 = mean + 0.9 points), so 3% and the next one above, 6%, show */
    char *fan = rfx_read_plot(f, "fan.gp", NULL);
    assert_contains(fan, "'Top-rated < 3%'");
    assert_contains(fan, "'Good < 6%'");
    assert_contains(fan, "'11.11 ×3'");
    assert_contains(fan, "'2026-11-30'"); /* evaluation day 29 of a run starting 2026-11-01 */
    assert_contains(fan, "'2026-12-30'"); /* evaluation day 59 */
    free(fan);

    /* tiers.dat: base at the first evaluation is 60/30/8/2 (%); not assessed and
       unclassified never occur, so they are not columns */
    char *tiers = rfx_read_plot(f, "tiers.dat", NULL);
    assert_contains(tiers, "\"base\" 60 30 8 2\n");
    assert_contains(tiers, "# variant top good pass fail\n");
    free(tiers);
    ts_plot_outcome_release(&out);
    ts_error_clear(&err);
    rfx_free(f);
}

/*
** The histogram: per evaluation day and variant the bin shares are percents
** of the replications where the metric is defined (replication 0 is not),
** so they sum to 100 whatever the binning.
*/
static void test_histogram_sums(void **state)
{
    (void)state;
    rfx *f = build(2, two_names, "hist");
    ts_plot_options opt;
    ts_plot_options_init(&opt);
    opt.render = false;
    ts_plot_outcome out;
    ts_error err = {0};
    assert_int_equal(ts_plot_render(&f->sum, &f->res, f->dir, &opt, &out, &err), TS_OK);
    assert_false(out.rendered);
    char *dat = rfx_read_plot(f, "distribution.dat", NULL);
    assert_non_null(dat);
    double total[NEVAL][2] = {{0}};
    size_t block = 0, rows = 0;
    bool blank = false;
    for (char *line = strtok(dat, "\n"); line; line = strtok(NULL, "\n")) {
        if (line[0] == '#') {
            if (strncmp(line, "# evaluation", 12) == 0 && rows > 0)
                block++;
            continue;
        }
        double lo, hi, mid, a, b;
        assert_int_equal(sscanf(line, "%lf %lf %lf %lf %lf", &lo, &hi, &mid, &a, &b), 5);
        assert_true(lo < hi);
        assert_double_near(mid, 0.5 * (lo + hi), 1e-9);
        assert_true(block < NEVAL);
        total[block][0] += a;
        total[block][1] += b;
        rows++;
    }
    (void)blank;
    assert_int_equal(block, NEVAL - 1);
    for (size_t e = 0; e < NEVAL; e++)
        for (size_t v = 0; v < 2; v++)
            assert_double_near(total[e][v], 100.0, 1e-6);
    free(dat);
    ts_plot_outcome_release(&out);
    ts_error_clear(&err);
    rfx_free(f);
}

/* Chinese: labels from label_zh, the CJK font in the terminal setting, rendered. */
static void test_render_zh(void **state)
{
    (void)state;
    if (!rfx_gnuplot_installed())
        skip();
    rfx *f = build(2, two_names, "双十一");
    ts_plot_options opt;
    ts_plot_options_init(&opt);
    opt.lang = TS_PLOT_ZH;
    ts_plot_outcome out;
    ts_error err = {0};
    ts_status st = ts_plot_render(&f->sum, &f->res, f->dir, &opt, &out, &err);
    if (st != TS_OK)
        fail_msg("%s", err.count ? err.messages[0] : "?");
    assert_true(out.rendered);
    assert_non_null(out.font);
    char *font = ts_xasprintf("font_spec = '%s,12'", out.font);
    for (size_t i = 0; i < out.n_charts; i++) {
        rfx_check_png(f, out.charts[i], 1280, 720, 8000);
        char *gpname = ts_xasprintf("%s.gp", out.charts[i]);
        char *gp = rfx_read_plot(f, gpname, NULL);
        assert_contains(gp, font);
        free(gp);
        free(gpname);
    }
    if (out.n_warnings == 0) /* a CJK font was found: it is a CJK family */
        assert_contains(out.font, "CJK");
    char *tiers = rfx_read_plot(f, "tiers.gp", NULL);
    assert_contains(tiers, "'优秀'");
    assert_contains(tiers, "'不及格'");
    assert_contains(tiers, "概率");
    free(tiers);
    char *fan = rfx_read_plot(f, "fan.gp", NULL);
    assert_contains(fan, "'优秀 < 3%'");
    assert_contains(fan, "不良体验订单率");
    free(fan);
    char *causes = rfx_read_plot(f, "causes.gp", NULL);
    assert_contains(causes, "'成交不卖'");
    assert_contains(causes, "'DSR物流服务中低分'");
    free(causes);
    free(font);
    ts_plot_outcome_release(&out);
    ts_error_clear(&err);
    rfx_free(f);
}

/* gnuplot absent: success, scripts and data kept, nothing rendered, a hint. */
static void test_gnuplot_missing(void **state)
{
    (void)state;
    rfx *f = build(2, two_names, "missing");
    ts_plot_options opt;
    ts_plot_options_init(&opt);
    opt.gnuplot = "/nonexistent/bin/gnuplot";
    ts_plot_outcome out;
    ts_error err = {0};
    assert_int_equal(ts_plot_render(&f->sum, &f->res, f->dir, &opt, &out, &err), TS_OK);
    assert_int_equal(err.count, 0);
    assert_true(out.gnuplot_missing);
    assert_false(out.rendered);
    assert_int_equal(out.n_charts, 5);
    for (size_t i = 0; i < out.n_charts; i++) {
        char *gp = ts_xasprintf("%s.gp", out.charts[i]);
        char *dat = ts_xasprintf("%s.dat", out.charts[i]);
        char *png = ts_xasprintf("%s.png", out.charts[i]);
        assert_true(rfx_plot_exists(f, gp));
        assert_true(rfx_plot_exists(f, dat));
        assert_false(rfx_plot_exists(f, png));
        free(gp);
        free(dat);
        free(png);
    }
    assert_false(rfx_plot_exists(f, "replies.gp")); /* no team: no customer-service chart */
    assert_false(rfx_plot_exists(f, "reply_daily.gp"));
    assert_non_null(out.hint);
    assert_contains(out.hint, "/plots");
    assert_contains(out.hint, "/nonexistent/bin/gnuplot");
    ts_plot_outcome_release(&out);
    ts_error_clear(&err);
    rfx_free(f);
}

/* gnuplot failing on a script: TS_EIO naming the script and quoting its stderr. */
static void test_gnuplot_fails(void **state)
{
    (void)state;
    rfx *f = build(2, two_names, "fails");
    char *fake = ts_xasprintf("%s/fake-gnuplot", f->dir);
    ts_test_write_file(fake, "#!/bin/sh\necho \"line 7: boom in $1\" >&2\nexit 3\n");
    assert_int_equal(chmod(fake, 0755), 0);
    ts_plot_options opt;
    ts_plot_options_init(&opt);
    opt.gnuplot = fake;
    ts_plot_outcome out;
    ts_error err = {0};
    assert_int_equal(ts_plot_render(&f->sum, &f->res, f->dir, &opt, &out, &err), TS_EIO);
    assert_int_equal(err.count, 1);
    assert_contains(err.messages[0], "/plots/fan.gp");
    assert_contains(err.messages[0], "line 7: boom in fan.gp");
    assert_contains(err.messages[0], "exit 3");
    assert_false(out.rendered);
    assert_false(out.gnuplot_missing);
    free(fake);
    ts_plot_outcome_release(&out);
    ts_error_clear(&err);
    rfx_free(f);
}

/* No CJK font to be found (fc-list not in PATH): rendered anyway with a warning. */
static void test_no_cjk_font(void **state)
{
    (void)state;
    rfx *f = build(1, two_names, "nofont");
    char *old = getenv("PATH") ? strdup(getenv("PATH")) : NULL;
    setenv("PATH", f->dir, 1);
    ts_plot_options opt;
    ts_plot_options_init(&opt);
    opt.lang = TS_PLOT_ZH;
    opt.render = false;
    ts_plot_outcome out;
    ts_error err = {0};
    ts_status st = ts_plot_render(&f->sum, NULL, f->dir, &opt, &out, &err);
    if (old)
        setenv("PATH", old, 1);
    free(old);
    assert_int_equal(st, TS_OK);
    assert_int_equal(out.n_warnings, 1);
    assert_string_equal(out.warnings[0], "no Chinese font found: install fonts-noto-cjk");
    /* one variant: no trade-off chart; no per-replication values: the percentile chart */
    assert_int_equal(out.n_charts, 4);
    char *dist = rfx_read_plot(f, "distribution.gp", NULL);
    assert_contains(dist, "yerrorbars");
    free(dist);
    ts_plot_outcome_release(&out);
    ts_error_clear(&err);
    rfx_free(f);
}

/* A sweep (variants named PATH=NUMBER): sweep.dat in increasing swept value. */
static void test_sweep(void **state)
{
    (void)state;
    static const char *const names[] = {"base", "fulfilment.capacity_per_day=400",
                                        "fulfilment.capacity_per_day=200"};
    rfx *f = build(3, names, "sweep");
    ts_plot_options opt;
    ts_plot_options_init(&opt);
    opt.render = rfx_gnuplot_installed();
    ts_plot_outcome out;
    ts_error err = {0};
    ts_status st = ts_plot_render(&f->sum, &f->res, f->dir, &opt, &out, &err);
    if (st != TS_OK)
        fail_msg("%s", err.count ? err.messages[0] : "?");
    assert_int_equal(out.n_charts, 6);
    assert_string_equal(out.charts[5], "sweep");
    char *dat = rfx_read_plot(f, "sweep.dat", NULL);
    assert_non_null(dat);
    char *p200 = strstr(dat, "\n200 "), *p400 = strstr(dat, "\n400 ");
    assert_non_null(p200);
    assert_non_null(p400);
    assert_true(p200 < p400);
    free(dat);
    if (opt.render)
        rfx_check_png(f, "sweep", 1280, 720, 8000);
    ts_plot_outcome_release(&out);
    ts_error_clear(&err);
    rfx_free(f);
}

/* Variants that spend nothing on gifts: no trade-off chart (every point would sit at cost 0). */
static void test_no_gift_cost_no_tradeoff(void **state)
{
    (void)state;
    rfx *f = build(2, two_names, "no gifts");
    f->money[1][4].mean = 0.0; /* both variants: gift cost 0 */
    ts_plot_options opt;
    ts_plot_options_init(&opt);
    opt.render = false;
    ts_plot_outcome out;
    ts_error err = {0};
    ts_status st = ts_plot_render(&f->sum, &f->res, f->dir, &opt, &out, &err);
    if (st != TS_OK)
        fail_msg("%s", err.count ? err.messages[0] : "?");
    assert_int_equal(out.n_charts, 4);
    for (size_t i = 0; i < out.n_charts; i++)
        assert_string_not_equal(out.charts[i], "tradeoff");
    assert_false(rfx_plot_exists(f, "tradeoff.gp"));
    ts_plot_outcome_release(&out);
    ts_error_clear(&err);
    rfx_free(f);
}

/* The number of data rows (neither comments nor blank) in gnuplot data block index of text. */
static size_t block_rows(const char *text, size_t index)
{
    size_t block = 0, rows = 0, blanks = 0;
    for (const char *p = text; *p;) {
        const char *end = strchr(p, '\n');
        size_t n = end ? (size_t)(end - p) : strlen(p);
        if (n == 0) {
            if (++blanks == 2)
                block++;
        } else {
            blanks = 0;
            if (p[0] != '#' && block == index)
                rows++;
        }
        p += n + (end ? 1 : 0);
    }
    return rows;
}

/* Customer service: a replies chart per variant with a team, one reply_daily of them all; scripts render. */
static void test_replies_en(void **state)
{
    (void)state;
    static const char *const names[] = {"base", "two agents", "no team"};
    rfx *f = build(3, names, "service");
    rfx_team(f, 0);
    rfx_team(f, 1);
    ts_plot_options opt;
    ts_plot_options_init(&opt);
    opt.render = rfx_gnuplot_installed();
    ts_plot_outcome out;
    ts_error err = {0};
    ts_status st = ts_plot_render(&f->sum, &f->res, f->dir, &opt, &out, &err);
    if (st != TS_OK)
        fail_msg("%s", err.count ? err.messages[0] : "?");
    /* fan, tiers, causes, distribution, tradeoff, then the service charts; "no team" has none */
    assert_int_equal(out.n_charts, 8);
    assert_string_equal(out.charts[5], "replies");
    assert_string_equal(out.charts[6], "replies-two_agents");
    assert_string_equal(out.charts[7], "reply_daily");
    assert_false(rfx_plot_exists(f, "replies-no_team.gp"));
    if (opt.render)
        for (size_t i = 5; i < 8; i++)
            rfx_check_png(f, out.charts[i], 1280, 720, 8000);

    char *gp = rfx_plot_text(f, "replies.gp");
    assert_contains(gp, "title_text = 'First response by hour of the week — base — service'");
    assert_contains(gp, "set multiplot layout 2, 1");
    assert_contains(gp, "set logscale y");
    assert_contains(gp, "wait_min = 0.1\n");
    assert_contains(gp, "wait_max = 23010\n");      /* ten times the longest wait, the p90 3 x 767 */
    assert_contains(gp, "slots_max = 3.5\n");       /* 1.25 x 2 slots + 1 */
    assert_contains(gp, "'Mon 0h' 0");
    assert_contains(gp, "'Sun 0h' 144");
    assert_contains(gp, "busiest = 167\n");
    assert_contains(gp, "set object 1 rect from 167, graph 0 to 168, graph 1");
    assert_contains(gp, "busiest_text = 'busiest hour: Sun 23:00–24:00, mean wait 767 min'");
    assert_contains(gp, "set arrow 1 from 0, 3 to 168, 3");
    assert_contains(gp, "set arrow 2 from 0, 1440 to 168, 1440"); /* the axis reaches past 24 h */
    assert_contains(gp, "axes x1y2 with steps");
    assert_contains(gp, "'replies.dat'");
    free(gp);
    char *dat = rfx_plot_text(f, "replies.dat");
    assert_int_equal(block_rows(dat, 0), 168);
    assert_int_equal(block_rows(dat, 1), 169);
    assert_contains(dat, "\n0 0 0 0 NaN NaN 0\n");     /* no conversation: undefined waits */
    assert_contains(dat, "\n9 0 9 109 609 1827 2\n");  /* Monday 9 h */
    assert_contains(dat, "\n167 6 23 123 767 2301 1\n");
    assert_contains(dat, "\n168 1\n");                 /* the last step repeats hour 167 */
    free(dat);
    gp = rfx_plot_text(f, "replies-two_agents.gp");
    assert_contains(gp, "— two agents — service'");
    assert_contains(gp, "'replies-two_agents.dat'");
    free(gp);

    char *daily = rfx_plot_text(f, "reply_daily.gp");
    assert_contains(daily, "'Share of conversations answered within 3 minutes, each day — service'");
    assert_contains(daily, "'Answered within 3 minutes (%)'");
    assert_contains(daily, "y_min = 0\ny_max = 100\n");
    assert_contains(daily, "'11.11 ×3'");          /* the peak, shaded as on the fan chart */
    assert_contains(daily, "'two agents: 5–95%'"); /* two variants: each with its band */
    assert_contains(daily, "'base: mean'");
    assert_lacks(daily, "no team");
    free(daily);
    dat = rfx_plot_text(f, "reply_daily.dat");
    assert_int_equal(block_rows(dat, 0), DAYS);
    assert_int_equal(block_rows(dat, 1), DAYS);
    assert_int_equal(block_rows(dat, 2), 0);
    assert_contains(dat, "2026-11-01 0 35 25 34 45\n");
    assert_contains(dat, "2026-11-11 10 0 0 0 0\n");
    free(dat);
    ts_plot_outcome_release(&out);
    ts_error_clear(&err);
    rfx_free(f);
}

/* The customer-service charts in Chinese: the glossary's words. */
static void test_replies_zh(void **state)
{
    (void)state;
    rfx *f = build(1, two_names, "客服");
    rfx_team(f, 0);
    ts_plot_options opt;
    ts_plot_options_init(&opt);
    opt.lang = TS_PLOT_ZH;
    opt.render = rfx_gnuplot_installed();
    ts_plot_outcome out;
    ts_error err = {0};
    ts_status st = ts_plot_render(&f->sum, &f->res, f->dir, &opt, &out, &err);
    if (st != TS_OK)
        fail_msg("%s", err.count ? err.messages[0] : "?");
    assert_int_equal(out.n_charts, 6); /* fan, tiers, causes, distribution, replies, reply_daily */
    if (opt.render) {
        rfx_check_png(f, "replies", 1280, 720, 8000);
        rfx_check_png(f, "reply_daily", 1280, 720, 8000);
    }
    char *gp = rfx_plot_text(f, "replies.gp");
    assert_contains(gp, "'一周各小时的首次响应 — base — 客服'");
    assert_contains(gp, "'周一 0时' 0");
    assert_contains(gp, "'最忙时段：周日 23:00–24:00，平均等待 767 分钟'");
    assert_contains(gp, "'在岗席位'");
    assert_contains(gp, "'首次响应等待（分钟，对数刻度）'");
    assert_lacks(gp, "busiest hour:");
    free(gp);
    char *daily = rfx_plot_text(f, "reply_daily.gp");
    assert_contains(daily, "'每日3分钟回复率 — 客服'");
    assert_contains(daily, "'各次重复的 5–95% 区间'"); /* one variant: the band's plain legend */
    free(daily);
    ts_plot_outcome_release(&out);
    ts_error_clear(&err);
    rfx_free(f);
}

int main(void)
{
    gsl_set_error_handler_off(); /* as the program does (sim/cli/main.c) */
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_render_en),
        cmocka_unit_test(test_histogram_sums),
        cmocka_unit_test(test_render_zh),
        cmocka_unit_test(test_gnuplot_missing),
        cmocka_unit_test(test_gnuplot_fails),
        cmocka_unit_test(test_no_cjk_font),
        cmocka_unit_test(test_sweep),
        cmocka_unit_test(test_no_gift_cost_no_tradeoff),
        cmocka_unit_test(test_replies_en),
        cmocka_unit_test(test_replies_zh),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
