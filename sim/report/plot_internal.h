/*
** plot_internal.h — inside the plotting driver (plot.c) and its chart modules
** (plot_fan.c, plot_tiers.c, plot_causes.c, plot_distribution.c, plot_compare.c,
** plot_replies.c, plot_fit.c): the group being drawn, a chart's parts, what the charts share.
*/
#ifndef TS_PLOT_INTERNAL_H
#define TS_PLOT_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "plot.h"
#include "present.h"

/*
** The gnuplot templates of plots/NAME.gp, embedded by cmake/embed_plots.cmake
** (name without ".gp", NUL-terminated text).
*/
typedef struct {
    const char *name;
    const char *text;
} ts_plot_template;
extern const ts_plot_template ts_plot_templates[];
extern const size_t ts_plot_template_count;

/* The variants being drawn together: one rulebook shape (docs/plots.md). */
typedef struct {
    const ts_summary *sum;
    const ts_results *res;     /* may be NULL */
    bool zh;
    int width, height;
    const ts_scenario *base;   /* the group's first variant's scenario */
    const ts_rulebook *rb;     /* its rulebook */
    size_t *vi;                /* the variants drawn: same rulebook shape as the base */
    size_t nv;
    double scale;              /* headline metric: display = value * scale */
    const char *axis_unit;     /* axis-label unit: "%", "stars", ... */
    const char *who;           /* ends the titles: the scenario's name */
    const char *rb_line;       /* with several rulebook groups, a second title
                                  line naming the group's rulebook; else NULL */
} ts_plot_ctx;

/* The parts a chart writes into its template's {{...}} placeholders, and its data. */
typedef struct {
    ts_buf settings, decor, plot, data;
} ts_plot_chart;

/* A tier threshold on the headline metric, merged over tiers sharing it. */
typedef struct {
    double v;       /* display units */
    double value;   /* the rulebook's value */
    char *text;     /* "优秀 < 3%" */
    char color[8];  /* the best tier's colour */
} ts_plot_threshold;

/* A glossary word in the chart's language. */
static inline const char *W(const ts_plot_ctx *c, ts_word id)
{
    return ts_present_word(id, c->zh);
}

/* A glossary text with its "{}" filled by the strings after id; free with free(). */
#define FILL(c, id, ...) ts_present_fill((id), (c)->zh, __VA_ARGS__, (const char *)NULL)

/* The summary of drawn variant k. */
static inline const ts_variant_summary *VS(const ts_plot_ctx *c, size_t k)
{
    return &c->sum->variants[c->vi[k]];
}

/* The name of drawn variant k. */
static inline const char *vname(const ts_plot_ctx *c, size_t k)
{
    const ts_variant *v = VS(c, k)->variant;
    return v && v->name ? v->name : "?";
}

/* Labels in the chart's language (present.h). */
static inline const char *tier_label(const ts_plot_ctx *c, const ts_tier *t)
{
    return ts_present_tier(t, c->zh);
}

static inline const char *metric_label(const ts_plot_ctx *c, const ts_metric *m)
{
    return ts_present_metric(m, c->zh);
}

static inline const char *event_label(const ts_plot_ctx *c, const ts_rule_event *ev)
{
    return ts_present_event(ev, c->zh);
}

/* ---- the charts (docs/plots.md "The charts"), each filling ch ---- */

/* 1. The daily fan chart of the headline metric (fan.gp). */
void ts_plot_fan(const ts_plot_ctx *c, ts_plot_chart *ch);

/* 2. The tier probabilities on each evaluation day (tiers.gp). */
void ts_plot_tiers(const ts_plot_ctx *c, ts_plot_chart *ch);

/* 3. The mean assessed orders with each rule event (causes.gp). */
void ts_plot_causes(const ts_plot_ctx *c, ts_plot_chart *ch);
/*
** 3b. Points lost by component (causes.gp), for a score (docs/plots.md): the
** points metrics the headline metric is built from (through daily_mean and
** sum), each bar the mean over replications of weight x (full points -
** points) on the evaluation day. Returns false (nothing written) when the
** headline is not built from points.
*/
bool ts_plot_points_lost(const ts_plot_ctx *c, ts_plot_chart *ch);

/*
** 4a. The histogram of the headline metric over the replications of res
** (distribution.gp); TS_EINVAL when GSL cannot build a histogram.
*/
ts_status ts_plot_distribution(const ts_plot_ctx *c, ts_plot_chart *ch, const ts_results *res,
                               ts_error *err);

/* 4b. Without per-replication values: the 5–95% range, median and mean (distribution_pct.gp). */
void ts_plot_distribution_pct(const ts_plot_ctx *c, ts_plot_chart *ch);

/* Whether some drawn variant spends on gifts (else the trade-off chart says nothing). */
bool ts_plot_has_gift_cost(const ts_plot_ctx *c);

/* 5. Gift cost against the top-tier probability, one point per variant (tradeoff.gp). */
void ts_plot_tradeoff(const ts_plot_ctx *c, ts_plot_chart *ch);

/* A sweep's PATH when every variant but the base is named PATH=NUMBER (3 variants or more); free it. */
char *ts_plot_sweep_path(const ts_plot_ctx *c);

/* 6. The headline metric and the top-tier probability against the swept value (sweep.gp). */
void ts_plot_sweep(const ts_plot_ctx *c, ts_plot_chart *ch, const char *path);

/* 7. Every variant (c->vi, any rulebook) on its last evaluation day (standing.gp). */
void ts_plot_standing(const ts_plot_ctx *c, ts_plot_chart *ch);

/*
** 8. Customer service of drawn variant k (it has a team, VS(c, k)->reply):
** by hour of the week the mean and p90 wait, conversations and slots on
** duty, the busiest hour marked (replies.gp; plot_replies.c).
*/
void ts_plot_replies(const ts_plot_ctx *c, ts_plot_chart *ch, size_t k);

/* 9. The daily share answered within 3 minutes of every drawn variant (all with a team; reply_daily.gp). */
void ts_plot_reply_daily(const ts_plot_ctx *c, ts_plot_chart *ch);
/* ---- the decision charts (plot_decide.c, docs/plots.md "Decision charts") ---- */

/* The tornado of measure `measure`: low and high effects of the leading levers (tornado.gp). */
void ts_plot_tornado(const ts_plot_ctx *c, ts_plot_chart *ch, const ts_sens *s, const ts_decide_info *info,
                     size_t measure);

/* The spider of the ranking measure: five points of each leading lever (spider.gp). */
void ts_plot_spider(const ts_plot_ctx *c, ts_plot_chart *ch, const ts_sens *s, const ts_decide_info *info);

/* The goal's measure at every tried value, the goal line and the answer (solve.gp). */
void ts_plot_solve(const ts_plot_ctx *c, ts_plot_chart *ch, const ts_solve *s, const ts_decide_info *info);

/* ---- the batch charts (plot_batch.c, docs/plots.md "Batch charts") ---- */

/* Every shop's P(best tier) on the last evaluation day, ranked on the base, per variant (shops.gp). */
void ts_plot_shops(const ts_plot_ctx *c, ts_plot_chart *ch, const ts_batch *b);

/* The expected number of shops in each tier on the last evaluation day, per variant (tier_counts.gp). */
void ts_plot_tier_counts(const ts_plot_ctx *c, ts_plot_chart *ch, const ts_batch *b);
/* ---- tiersim fit's diagnostics (plot_fit.c, docs/plots.md "Fit charts") ---- */

/* Orders per pay day against the fitted mean and 90% range (fit_volume.gp). */
void ts_plot_fit_volume(const ts_plot_ctx *c, ts_plot_chart *ch, const ts_fit *f);

/* Transit days per lane, at most four panels (fit_transit.gp); false when no lane has a diagnostic. */
bool ts_plot_fit_transit(const ts_plot_ctx *c, ts_plot_chart *ch, const ts_fit *f, const ts_orders *h);

/* Feedback delays (fit_hist.gp); false when the export has no feedback. */
bool ts_plot_fit_feedback(const ts_plot_ctx *c, ts_plot_chart *ch, const ts_fit *f);

/* Scores by stars (fit_hist.gp); false when the export has no scores. */
bool ts_plot_fit_stars(const ts_plot_ctx *c, ts_plot_chart *ch, const ts_fit *f);

/* ---- gnuplot text (plot_common.c) ---- */

/* Append a number of a data file or a script ('%.10g'); NaN for an undefined value. */
void ts_plot_num(ts_buf *b, double x);

/*
** Append s as a gnuplot single-quoted string: inside it only '' is special
** (it stands for one quote); the terminals are set noenhanced.
*/
void ts_plot_gpstr(ts_buf *b, const char *s);

/* Append s as a quoted string column of a data file (double quotes become single ones). */
void ts_plot_datstr(ts_buf *b, const char *s);

/* Append a settings line: NAME = 'text'. */
void ts_plot_setstr(ts_buf *b, const char *name, const char *text);

/* ---- what the charts share (plot_common.c) ---- */

/* Colour-blind-safe colour of variant k (Okabe-Ito), as "#RRGGBB". */
const char *ts_plot_variant_color(size_t k);

/* Colour of rule event j (Tableau 10), as "#RRGGBB". */
const char *ts_plot_event_color(size_t j);

/* A darker shade of a colour, for text that must stay readable on white. */
void ts_plot_darker(const char *color, char out[static 8]);

/* The date of a scenario's day as YYYY-MM-DD. */
void ts_plot_date(const ts_scenario *sc, int32_t day, char out[static 11]);

/* The number of replications of the run. */
size_t ts_plot_reps(const ts_plot_ctx *c);

/* Index of the base's last evaluation, or SIZE_MAX without evaluations. */
size_t ts_plot_last_eval(const ts_plot_ctx *c);

/* A rulebook's title in the chart's language, else its name. */
const char *ts_plot_rulebook_title(const ts_plot_ctx *c, const ts_rulebook *rb);

/*
** The thresholds of metric 0 from the tiers' conditions, in tier order,
** tiers with the same condition merged into one ("Top-rated/Good < 0.8%").
*/
ts_plot_threshold *ts_plot_thresholds(const ts_plot_ctx *c, size_t *count);

/* Free the n thresholds of ts_plot_thresholds. */
void ts_plot_thresholds_free(ts_plot_threshold *t, size_t n);

/*
** The value range to show for data in [lo, hi] (display units): the data
** and the nearest threshold above and below it, padded; from 0 when
** from_zero, never below 0 for a non-negative metric.
*/
void ts_plot_value_range(const ts_plot_ctx *c, double lo, double hi, const ts_plot_threshold *t,
                         size_t nt, bool from_zero, double *rlo, double *rhi);

/* Horizontal threshold lines labelled at the right, for those within [ylo, yhi] (fan, percentiles). */
void ts_plot_threshold_lines(ts_buf *o, const ts_plot_threshold *thr, size_t nthr, double ylo, double yhi);

/* The base's peaks (volume.events) on a date axis, shaded from their first day to the day after their last (fan, reply_daily). */
void ts_plot_peaks(const ts_plot_ctx *c, ts_buf *o);

/* A legend text for variant k: "NAME: word" with several variants, else the word one alone; free it. */
char *ts_plot_legend(const ts_plot_ctx *c, size_t k, ts_word several, ts_word one);

/* A column of a stacked-bar chart (tiers.gp, causes.gp). */
typedef struct {
    const char *label;  /* the legend text */
    char color[8];
    const char *key;    /* the data file's column name */
    size_t src;         /* what value() reads: a tier slot, a rule event, a metric */
    double full, weight;/* points lost: the metric's full points and its weight in the score */
} ts_plot_bar;

/* The columns' settings: label_J and color_J for column J = 1, 2, ... */
void ts_plot_bar_columns(ts_buf *settings, const ts_plot_bar *cols, size_t n);

/*
** The bars' data (after the chart's own first header line) and plot
** command: one stacked bar per evaluation day (one variant), or per variant
** grouped by evaluation day; value(es, src) is a column's value.
*/
void ts_plot_bar_data(const ts_plot_ctx *c, ts_plot_chart *ch, const ts_plot_bar *cols, size_t n,
                      double (*value)(const ts_eval_summary *es, const ts_plot_bar *col));

/* The bar labels' rotation, from the number of bars and the variant names' length. */
void ts_plot_bar_xtics(const ts_plot_ctx *c, ts_buf *o);

#endif
