/*
** report.h — the printable, self-contained HTML report of a run
** (DIR/report.html): settings, summary tables, inline SVG plots, scenario.
*/
#ifndef TS_REPORT_H
#define TS_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include "tiersim.h"
#include "summary.h"
#include "decide_out.h"

/*
** What goes into a report besides the summary; ts_report_options_init fills
** the defaults (English, no plots, no scenario text). Every pointer is
** borrowed.
*/
typedef struct {
    bool chinese;               /* Chinese headings, tier labels (label_zh), captions */
    const char *plots_dir;      /* where the charts' NAME.svg are; NULL: plots were not made
                                   (--no-plots), and the report says so */
    const char *const *charts;  /* chart names to inline, in this order; NULL: the driver's
                                   charts (fan, tiers, causes, distribution, tradeoff, sweep) */
    size_t n_charts;
    const char *plots_note;     /* optional sentence shown above the plots (e.g. "gnuplot is
                                   not installed"); NULL for none */
    const char *scenario_text;  /* the scenario file's bytes, HTML-escaped into a <pre>; may be NULL */
    size_t scenario_len;
} ts_report_options;

/* Fill opt with the defaults: English, plots_dir NULL, no note, no scenario text. */
void ts_report_options_init(ts_report_options *opt);

/*
** The report as one HTML document (UTF-8, NUL-terminated; free with free()):
** the scenario's name and description, the run's settings, per variant the
** summary table (tier probabilities with Wilson intervals, the headline
** metric's mean and 5–95% range, the difference from the base), the other
** metrics, the main causes and the money table; with a customer-service
** team a section of every such variant's first responses and the reply
** charts (replies*, reply_daily; by default "replies" and "reply_daily");
** every other chart found as
** plots_dir/NAME.svg inlined (element ids prefixed per chart so that charts do
** not clash; a chart holding a script is left out), with a note when none is
** found or plots_dir is NULL; and the scenario text HTML-escaped in a <pre>.
** No external resources; a print stylesheet. opt NULL: the defaults.
*/
char *ts_report_html(const ts_summary *sum, const ts_report_options *opt);

/*
** Write ts_report_html(sum, opt) to DIR/report.html through a temporary
** ".report.html.tmp" renamed over it (ts_file_write_all). dir must exist.
** Returns TS_EINVAL when sum has no variant, TS_EIO with a message naming the
** file when it cannot be written.
*/
ts_status ts_report_html_write(const ts_summary *sum, const char *dir,
                               const ts_report_options *opt, ts_error *err);

/*
** The report of `tiersim sensitivity` (sens non-NULL) or `tiersim solve`
** (solve non-NULL) as DIR/report.html: the scenario's name and description,
** the command's table as printed (in opt's language), the charts of
** opt->plots_dir inlined as for a run, and the scenario text.
*/
ts_status ts_report_decision_write(const ts_sens *sens, const ts_solve *solve, const ts_decide_info *info,
                                   const char *dir, const ts_report_options *opt, ts_error *err);

#endif
