/*
** plot.h — the plotting driver: writes one gnuplot script and one data file
** per chart into DIR/plots/ and renders them to PNG and SVG with gnuplot.
*/
#ifndef TS_PLOT_H
#define TS_PLOT_H

#include <stdbool.h>
#include <stddef.h>
#include "tiersim.h"
#include "summary.h"
#include "results.h"
#include "decide_out.h"
#include "batch.h"
#include "fit.h"
#include "history.h"

/* The language of every title, axis label and legend. */
typedef enum { TS_PLOT_EN, TS_PLOT_ZH } ts_plot_lang;

/* What to draw and how; ts_plot_options_init fills the defaults. */
typedef struct {
    ts_plot_lang lang;   /* default TS_PLOT_EN */
    const char *gnuplot; /* the gnuplot executable; NULL or "" = "gnuplot" from PATH */
    bool render;         /* false: write scripts and data only (default true) */
    int width, height;   /* pixels of the PNG (and SVG) output, default 1280 x 720 */
} ts_plot_options;

/* What happened. Strings and arrays belong to the struct; ts_plot_outcome_release. */
typedef struct {
    char *plots_dir;      /* DIR/plots */
    char **charts;        /* chart names written ("fan", "tiers", ...): NAME.gp, NAME.dat */
    size_t n_charts;
    bool rendered;        /* gnuplot rendered every chart to NAME.png and NAME.svg */
    bool gnuplot_missing; /* rendering was asked for but gnuplot could not be run */
    char *font;           /* the terminal font family written into the scripts */
    char **warnings;      /* e.g. "no Chinese font found: install fonts-noto-cjk" */
    size_t n_warnings;
    char *hint;           /* a shell command that renders the charts later */
} ts_plot_outcome;

/* Fill opt with the defaults: English, "gnuplot" from PATH, render, 1280 x 720. */
void ts_plot_options_init(ts_plot_options *opt);

/*
** Write DIR/plots/NAME.dat and NAME.gp for every chart of the run (daily fan
** chart, tier probabilities, causes, distribution, and with two variants or
** more the gift-cost trade-off and, for sweeps, the sweep chart), then run
** gnuplot on each script with DIR/plots as working directory. Variants are
** drawn in groups of one rulebook shape: the base's group under these names,
** each other group as NAME-RULEBOOK (fan, tiers, causes, distribution), and
** with two groups or more a "standing" chart compares every variant's tier
** probabilities on its last evaluation day (docs/plots.md). Each variant
** with a customer-service team gets a "replies" chart (the first one under
** that name, the others as replies-VARIANT) and together a "reply_daily"
** chart; without a team neither is written. res (may be
** NULL, then sum->results is used; when both are NULL the distribution chart
** shows percentiles instead of a histogram) gives every replication's values.
** When gnuplot cannot be run, returns TS_OK with outcome->gnuplot_missing set
** and the scripts kept. When gnuplot fails on a script, returns TS_EIO with
** an error naming the script and quoting gnuplot's stderr. Files that cannot
** be written give TS_EIO. outcome is always filled (release it either way).
*/
ts_status ts_plot_render(const ts_summary *sum, const ts_results *res, const char *dir,
                         const ts_plot_options *opt, ts_plot_outcome *outcome,
                         ts_error *err);

/*
** The charts of `tiersim sensitivity`: "tornado" (the ranking measure),
** "tornado-metric" (the headline metric's mean) and "spider"; of `tiersim
** solve`: "solve". Written and rendered as ts_plot_render does (docs/plots.md
** "Decision charts").
*/
ts_status ts_plot_render_sensitivity(const ts_sens *s, const ts_decide_info *info, const char *dir,
                                     const ts_plot_options *opt, ts_plot_outcome *outcome, ts_error *err);
ts_status ts_plot_render_solve(const ts_solve *s, const ts_decide_info *info, const char *dir,
                               const ts_plot_options *opt, ts_plot_outcome *outcome, ts_error *err);

/*
** The charts of `tiersim batch`: "shops" (every shop's P(best tier) on the
** last evaluation day, ranked) and "tier_counts" (the expected number of
** shops in each tier), titled with who (the shops file's name); written and
** rendered as ts_plot_render does (docs/plots.md "Batch charts"). A batch
** without evaluation days or tiers draws nothing.
*/
ts_status ts_plot_render_batch(const ts_batch *b, const char *who, const char *dir, const ts_plot_options *opt,
                               ts_plot_outcome *outcome, ts_error *err);

/*
** The diagnostic charts of `tiersim fit` (docs/plots.md "Fit charts") into
** DIR/plots: "fit_volume", "fit_transit" (when a lane has one), "fit_feedback"
** (when the export has feedback), "fit_stars" (when it has scores); who ends
** the titles (the export's name). Written and rendered as ts_plot_render does.
*/
ts_status ts_plot_render_fit(const ts_fit *f, const ts_orders *h, const char *who, const char *dir,
                             const ts_plot_options *opt, ts_plot_outcome *outcome, ts_error *err);

/* Free what an outcome owns (not the struct itself); NULL is a no-op. */
void ts_plot_outcome_release(ts_plot_outcome *outcome);

#endif
