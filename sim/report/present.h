/*
** present.h — what the table, the charts, the report and `tiersim rules` show
** alike: the glossary of every word, chart names, labels of tiers, metrics and
** events, tier colours, the display width of text and the one number formatter.
*/
#ifndef TS_PRESENT_H
#define TS_PRESENT_H

#include <stdbool.h>
#include <stddef.h>
#include "fit_text.h"
#include "rulebook.h"

/*
** The display width of UTF-8 text in terminal columns (and in the units the
** charts measure labels in): East Asian wide and fullwidth characters (CJK
** ideographs, kana, Hangul, CJK and fullwidth punctuation such as 、。「」（），：)
** count 2, combining marks and zero-width characters 0, everything else 1;
** a byte that does not start a valid UTF-8 sequence counts 1.
*/
size_t ts_present_width(const char *s);

/* ------------------------------------------------------------------ */
/* The glossary: every user-visible word, in English and Chinese.      */

/*
** One entry per concept, so that the table, the charts and the report cannot
** name a thing two ways. "{}" in a text is a placeholder, "{1}".."{9}" one
** by position (ts_present_fill).
** Chinese wording (one word per concept): 评估日 evaluation day, 考核订单
** assessed orders, 不考核 not assessed, 未分级 unclassified, 模拟期 the horizon,
** 重复 a replication, 与基准之差 the difference from the base.
*/
typedef enum {
    /* words shared by the table, the charts and the report */
    TS_W_EVAL_DAY, TS_W_EVAL_DAYS, TS_W_EVAL_AT, TS_W_EVALUATED_AT, TS_W_NO_EVAL_DAY,
    TS_W_NOT_ASSESSED, TS_W_UNCLASSIFIED, TS_W_ASSESSED_ORDERS, TS_W_VS_BASE,
    TS_W_MEAN, TS_W_MEDIAN, TS_W_RANGE, TS_W_REPLICATIONS, TS_W_N_REPLICATIONS,
    TS_W_NONE, TS_W_DAYS, TS_W_RULEBOOK, TS_W_RULEBOOK_LINE, TS_W_PROBABILITY_AXIS,
    TS_W_PROBABILITY_OF, TS_W_VALUE_IN_UNIT, TS_W_UNIT_ORDERS, TS_W_UNIT_STARS, TS_W_UNIT_MINUTES, TS_W_UNIT_POINTS, TS_W_LIST_SEP,
    /* the shipped AliExpress metrics, for a rulebook without labels */
    TS_W_METRIC_BAD_EXPERIENCE, TS_W_METRIC_SELLER_RESPONSIBLE, TS_W_METRIC_POSITIVE_FEEDBACK,
    /* the marketplace's words for the event kinds: Chinese only (English names an event by its key) */
    TS_W_EV_NOT_SHIPPED, TS_W_EV_LATE_DISPATCH, TS_W_EV_LOST, TS_W_EV_LATE_DELIVERY,
    TS_W_EV_DISPUTE, TS_W_EV_DISPUTE_NO_REPLY, TS_W_EV_ARBITRATION, TS_W_EV_SELLER_RESPONSIBLE,
    TS_W_EV_LOW_FEEDBACK, TS_W_EV_NOT_FIVE_STARS, TS_W_EV_DSR_DESCRIPTION,
    TS_W_EV_DSR_COMMUNICATION, TS_W_EV_DSR_SHIPPING,
    /* the stdout table */
    TS_W_TABLE_DATE, TS_W_TABLE_ASSESSED, TS_W_TABLE_CAUSES,
    /* the charts: titles, axes, legends, notes */
    TS_W_DATE, TS_W_FAN_TITLE, TS_W_FAN_SUBTITLE, TS_W_FAN_BAND, TS_W_TIERS_TITLE,
    TS_W_CAUSES_TITLE_METRIC, TS_W_CAUSES_TITLE, TS_W_CAUSES_YLABEL, TS_W_CAUSES_NOTE,
    TS_W_POINTS_LOST_TITLE, TS_W_POINTS_LOST_YLABEL, TS_W_POINTS_LOST_NOTE,
    TS_W_DIST_TITLE, TS_W_DIST_YLABEL, TS_W_DIST_PCT_WHAT, TS_W_DIST_PCT_XLABEL,
    TS_W_DIST_PCT_RANGE, TS_W_TRADEOFF_TITLE, TS_W_TRADEOFF_XLABEL, TS_W_TRADEOFF_LEGEND,
    TS_W_SWEEP_TITLE, TS_W_SWEEP_METRIC, TS_W_STANDING_TITLE, TS_W_STANDING_SUBTITLE,
    TS_W_STANDING_NOTE, TS_W_STANDING_NARROW,
    /* the chart captions of the report (ts_present_chart_caption) */
    TS_W_CAPTION_FAN, TS_W_CAPTION_TIERS, TS_W_CAPTION_CAUSES, TS_W_CAPTION_DISTRIBUTION,
    TS_W_CAPTION_TRADEOFF, TS_W_CAPTION_SWEEP, TS_W_CAPTION_POINTS_LOST,
    /* the HTML report */
    TS_W_REPORT_TITLE, TS_W_SETTINGS, TS_W_SCENARIO_FILE, TS_W_RULEBOOK_SETTINGS,
    TS_W_EVERY_DAY, TS_W_AT_MONTH_END, TS_W_HORIZON, TS_W_WARMUP, TS_W_N_MORE, TS_W_SEED,
    TS_W_VARIANTS, TS_W_PROGRAM, TS_W_MEAN_RANGE, TS_W_MEAN_CI, TS_W_TIER_NOTE,
    TS_W_OTHER_METRICS, TS_W_MAIN_CAUSES, TS_W_RULE_EVENT, TS_W_CAUSES_LAST_SIX, TS_W_MONEY,
    TS_W_MONEY_ORDERS, TS_W_MONEY_GROSS, TS_W_MONEY_AOV, TS_W_MONEY_TOPUPS,
    TS_W_MONEY_GIFT_COST, TS_W_MONEY_GIFTS_SENT, TS_W_BASE_HEADING, TS_W_VARIANT_HEADING,
    TS_W_CHARTS, TS_W_NO_PLOTS, TS_W_NOT_RENDERED, TS_W_NOT_INCLUDED, TS_W_MADE_BY,
    TS_W_TAGLINE,
    /* uncertain parameters (docs/model.md §15) */
    TS_W_UNCERTAIN_HEADING,
    /* customer service (docs/model.md §13): the table, the charts, the report */
    TS_W_WD_MON, TS_W_WD_TUE, TS_W_WD_WED, TS_W_WD_THU, TS_W_WD_FRI, TS_W_WD_SAT, TS_W_WD_SUN,
    TS_W_UNIT_MIN, TS_W_SERVICE, TS_W_SERVICE_CONVERSATIONS, TS_W_SERVICE_FIRST, TS_W_SERVICE_WITHIN3,
    TS_W_SERVICE_WITHIN24H, TS_W_SERVICE_BUSIEST, TS_W_SERVICE_BUSIEST_AT, TS_W_SERVICE_NOTE,
    TS_W_REPLIES_TITLE, TS_W_REPLIES_SUBTITLE, TS_W_REPLIES_WAIT_AXIS, TS_W_REPLIES_HOUR_AXIS,
    TS_W_REPLIES_MEAN, TS_W_REPLIES_P90, TS_W_REPLIES_ARRIVALS, TS_W_REPLIES_SLOTS,
    TS_W_REPLIES_BUSIEST, TS_W_REPLIES_RULE_3, TS_W_REPLIES_RULE_24H, TS_W_REPLY_DAILY_TITLE,
    TS_W_REPLY_DAILY_SUBTITLE, TS_W_REPLY_DAILY_AXIS, TS_W_CAPTION_REPLIES, TS_W_CAPTION_REPLY_DAILY,
    /* sensitivity and solve (docs/decisions.md) */
    TS_W_TIER_OR_BETTER, TS_W_MEASURE_MEAN, TS_W_MEASURE_TIER, TS_W_SENS_HEADING, TS_W_SENS_PARAM, TS_W_SENS_LOW_HIGH,
    TS_W_SENS_AT_LOW, TS_W_SENS_AT_HIGH, TS_W_SENS_NOISE, TS_W_SENS_LEFT_OUT, TS_W_SENS_BASE,
    TS_W_TORNADO_TITLE, TS_W_TORNADO_XLABEL, TS_W_TORNADO_LOW, TS_W_TORNADO_HIGH, TS_W_SPIDER_TITLE,
    TS_W_SPIDER_XLABEL, TS_W_SOLVE_HEADING, TS_W_SOLVE_TITLE, TS_W_SOLVE_GOAL, TS_W_SOLVE_ANSWER,
    TS_W_SOLVE_TRIED, TS_W_SOLVE_FOUND, TS_W_SOLVE_AT_BOUND, TS_W_SOLVE_NOT_REACHED, TS_W_SOLVE_NOISY,
    TS_W_SOLVE_NOT_MONOTONE, TS_W_SOLVE_COST, TS_W_SOLVE_VALUE, TS_W_SOLVE_ESTIMATE, TS_W_SOLVE_SIDE,
    TS_W_SOLVE_HOLDS, TS_W_SOLVE_FAILS, TS_W_SOLVE_UNDECIDED,
    TS_W_CAPTION_TORNADO, TS_W_CAPTION_SPIDER, TS_W_CAPTION_SOLVE,
    /* tiersim fit (docs/data-format.md "Fitting (tiersim fit)") */
    TS_W_FIT_TITLE, TS_W_FIT_PARAMETER, TS_W_FIT_ESTIMATE, TS_W_FIT_INTERVAL, TS_W_FIT_N,
    TS_W_FIT_METHOD, TS_W_FIT_ML, TS_W_FIT_BETA, TS_W_FIT_EXACT, TS_W_FIT_MODE, TS_W_FIT_DEFAULT,
    TS_W_FIT_DEFAULTS, TS_W_FIT_LATE, TS_W_FIT_LANES_CARRIER, TS_W_FIT_LANES_PROMISE,
    TS_W_FIT_UNCERTAIN, TS_W_FIT_WARNINGS, TS_W_FIT_HEADING, TS_W_FIT_DEFAULT_LINE, TS_W_FIT_LANES_LINE,
    TS_W_FIT_FROM_FOLDER,
    /* the charts of tiersim batch (docs/plots.md "Batch charts") */
    TS_W_SHOPS_TITLE, TS_W_SHOPS_XLABEL, TS_W_SHOPS_YLABEL, TS_W_SHOPS_HIGHEST, TS_W_SHOPS_LOWEST,
    TS_W_SHOPS_NOTE, TS_W_TIER_COUNTS_TITLE, TS_W_TIER_COUNTS_YLABEL, TS_W_TIER_COUNTS_NOTE,
    TS_W_CAPTION_SHOPS, TS_W_CAPTION_TIER_COUNTS,
    /* tiersim fit's diagnostic charts (docs/plots.md "Fit charts") */
    TS_W_FITPLOT_OBSERVED, TS_W_FITPLOT_EXPECTED, TS_W_FITPLOT_VOLUME_TITLE, TS_W_FITPLOT_VOLUME_SUB,
    TS_W_FITPLOT_VOLUME_AXIS, TS_W_FITPLOT_MEAN, TS_W_FITPLOT_RANGE, TS_W_FITPLOT_TRANSIT_TITLE,
    TS_W_FITPLOT_TRANSIT_SUB, TS_W_FITPLOT_LANE, TS_W_FITPLOT_PROMISE, TS_W_FITPLOT_TRANSIT_AXIS,
    TS_W_FITPLOT_COUNT_AXIS, TS_W_FITPLOT_MORE_LANES, TS_W_FITPLOT_FEEDBACK_TITLE,
    TS_W_FITPLOT_FEEDBACK_SUB, TS_W_FITPLOT_FEEDBACK_AXIS, TS_W_FITPLOT_STARS_TITLE,
    TS_W_FITPLOT_STARS_SUB, TS_W_FITPLOT_STARS_AXIS, TS_W_FITPLOT_SCORES_AXIS, TS_W_FITPLOT_LANE_DEFAULT,
    /* the report's history row (docs/model.md §14) */
    TS_W_REPORT_HISTORY, TS_W_REPORT_HISTORY_LINE,
    /* tiersim fit's notes and warnings: one word per ts_fit_msg, one per ts_fit_what (fit_text.h) */
    TS_W_FIT_MSG_FIRST, TS_W_FIT_MSG_LAST = TS_W_FIT_MSG_FIRST + TS_FIT_MSG_COUNT - 2,
    TS_W_FIT_WHAT_FIRST, TS_W_FIT_WHAT_LAST = TS_W_FIT_WHAT_FIRST + TS_FIT_WHAT_COUNT - 2,
    /* and the warnings of the command itself */
    TS_W_FIT_WARNING, TS_W_FIT_NO_HISTORY, TS_W_FIT_NO_HISTORY_START, TS_W_FIT_NO_HISTORY_EXPORT,
    TS_W_FIT_NO_HISTORY_COLUMNS,
    TS_W_COUNT
} ts_word;

/* One glossary entry; en is NULL for the event-kind words. */
typedef struct {
    ts_word id;
    const char *en, *zh;
} ts_gloss;

/* The whole glossary, in ts_word order (n: TS_W_COUNT); for the tests. */
const ts_gloss *ts_present_glossary(size_t *n);

/* The text of a glossary entry in English or Chinese (zh). */
const char *ts_present_word(ts_word id, bool zh);

/*
** The text of a glossary entry with each "{}" replaced, in order, by the
** strings after zh, and each "{N}" (N = 1..9) by the N-th of them, so that a
** language can say them in its own order (a NULL ends them; a missing one is
** empty). Free with free().
*/
char *ts_present_fill(ts_word id, int zh, ...);

/* A note or warning of tiersim fit (fit_text.h) in English or Chinese. Free with free(). */
char *ts_present_fit_text(const ts_fit_text *t, bool zh);

/* s with its first letter capitalized (ASCII only; Chinese is unchanged), in out. */
const char *ts_present_capital(const char *s, char out[static 64]);

/* ------------------------------------------------------------------ */
/* The charts (docs/plots.md "The charts").                            */

/* The charts of a run, in the order the report shows them by default. */
typedef enum {
    TS_CHART_FAN, TS_CHART_TIERS, TS_CHART_CAUSES, TS_CHART_DISTRIBUTION, TS_CHART_TRADEOFF,
    TS_CHART_SWEEP, TS_CHART_POINTS_LOST,
    TS_CHART_STANDING, /* across rulebook groups; the ones before it are drawn per group */
    TS_CHART_REPLIES,     /* per variant with a customer-service team (docs/plots.md) */
    TS_CHART_REPLY_DAILY, /* every variant with a team */
    TS_CHART_TORNADO, TS_CHART_SPIDER, /* tiersim sensitivity */
    TS_CHART_SOLVE,    /* tiersim solve */
    TS_CHART_SHOPS, TS_CHART_TIER_COUNTS, /* tiersim batch */
    TS_CHART_FIT_VOLUME, TS_CHART_FIT_TRANSIT, TS_CHART_FIT_FEEDBACK, TS_CHART_FIT_STARS, /* tiersim fit */
    TS_CHART_COUNT
} ts_chart;

/* A chart's file name without extension ("fan", ...). */
const char *ts_present_chart_name(ts_chart chart);

/*
** The report's caption of the chart written as NAME.svg; NULL when it has
** none. A reply chart of a variant, "replies-VARIANT", has the caption of
** "replies".
*/
const char *ts_present_chart_caption(const char *name, bool zh);

/* ------------------------------------------------------------------ */
/* Labels and colours.                                                 */

/*
** A tier's stars (docs/rulebooks.md "Scores") as full stars, a half star and
** empty stars, five in all: 4.5 -> "★★★★⯪", 3 -> "★★★☆☆"; "" when stars is 0.
*/
void ts_present_stars(double stars, char *buf, size_t n);

/* A tier's label: English label, else its name; Chinese label_zh, else the English one. */
const char *ts_present_tier(const ts_tier *t, bool zh);

/*
** The label of tier slot j of rb's evaluation results: its tiers, then "not
** assessed" (j = n_tiers) and "unclassified" (j = n_tiers + 1).
*/
const char *ts_present_slot(const ts_rulebook *rb, size_t j, bool zh);

/*
** A metric's label from its rulebook (label / label_zh); for a rulebook
** without labels (built in C) the glossary's names of the shipped AliExpress
** metrics, else the key.
*/
const char *ts_present_metric(const ts_metric *m, bool zh);

/*
** An event's label from its rulebook (label / label_zh); without labels: in
** English its key, in Chinese the marketplace's word for the event kind.
*/
const char *ts_present_event(const ts_rule_event *ev, bool zh);

/* A rulebook's title (title_zh in Chinese when it has one); NULL when it has none. */
const char *ts_present_rulebook_title(const ts_rulebook *rb, bool zh);

/* The unit of a metric kind's axis: "%" for shares, stars for DSR means, orders for counts. */
const char *ts_present_axis_unit(ts_metric_kind kind, bool zh);

/*
** The colour of tier i of n (0 = best) as "#rrggbb": best green through
** yellow to worst red, interpolated over the five ColorBrewer RdYlGn stops;
** a single tier is green. Charts and the HTML report use the same colours.
*/
void ts_present_tier_color(size_t i, size_t n, char out[static 8]);

/* The colour of tier slot j of n tiers: the tier's, grey for not assessed, black for unclassified. */
void ts_present_slot_color(size_t j, size_t n, char out[static 8]);

/* Room for any number the ts_present_* formatters write, with its NUL. */
#define TS_PRESENT_NUM 96

/* The display scale of a metric kind: 100 for shares (rates, feedback shares), else 1. */
double ts_present_scale(ts_metric_kind kind);

/* The unit written after a displayed value: "%" for shares, else "". */
const char *ts_present_unit(ts_metric_kind kind);

/* How ts_present_value writes a value (flags, or 0 for a statistic). */
enum {
    TS_SHOW_NO_UNIT = 1, /* no "%": the bounds of a compact range whose mean carries it */
    TS_SHOW_EXACT = 2    /* a rulebook's threshold: up to 4 significant digits, "3%", "4.8" */
};

/*
** A metric value for people, in out: a statistic (show 0) with fixed
** decimals: shares as percentages with 2 ("2.81%"), DSR means with 2
** ("4.78"), counts with 1 ("3.5"); with TS_SHOW_EXACT the shortest form up
** to 4 significant digits; "—" for NaN. The table, the charts and the
** report all write values through this.
*/
void ts_present_value(char out[static TS_PRESENT_NUM], ts_metric_kind kind, double v, unsigned show);

/* "lo–hi", each bound as ts_present_value writes it; "—" when either is NaN. */
void ts_present_range(char out[static TS_PRESENT_NUM], ts_metric_kind kind, double lo, double hi,
                      unsigned show);

/*
** A difference of two values of a metric: shares in signed percentage
** points with 2 decimals ("-0.25", with unit "-0.25 pp"), other kinds
** signed with 3 decimals; "—" for NaN.
*/
void ts_present_delta(char out[static TS_PRESENT_NUM], ts_metric_kind kind, double v, bool unit);

/*
** A probability p (0..1) as a percentage: one decimal ("70.0%"), "<0.1%"
** and ">99.9%" for values that would round to 0 or 100 without being
** either; whole (a chart's segment label): whole percents except tenths
** below 0.5% and from 99.5% ("72%", "0.3%", "99.6%"). "—" for NaN.
*/
void ts_present_prob(char out[static TS_PRESENT_NUM], double p, bool whole);

/*
** A count or an amount with thousands separators and decimals decimals
** ("13,546", "1,234.50"), a negative one with "−" (U+2212); "—" for NaN
** and infinities.
*/
void ts_present_amount(char out[static TS_PRESENT_NUM], double v, int decimals);

/*
** Minutes of waiting for people, without a unit: two decimals below 1
** ("0.42"), one below 100 ("12.5"), whole with thousands separators from
** 100 on ("4,024"); "—" for NaN.
*/
void ts_present_minutes(char out[static TS_PRESENT_NUM], double minutes);

/* Hour h of the week (0 = Monday 00:00–01:00): "Sat 23:00–24:00" / "周六 23:00–24:00". */
void ts_present_week_hour(char out[static TS_PRESENT_NUM], int h, bool zh);

#endif
