/*
** rulebook.h — a platform's grading rules as plain data (docs/rulebooks.md):
** rule events, metrics over assessed orders, and ordered tiers.
*/
#ifndef TS_RULEBOOK_H
#define TS_RULEBOOK_H

#include <stdbool.h>
#include <stddef.h>
#include "tiersim.h"

/* The engine's event vocabulary (docs/rulebooks.md "Event kinds"). */
typedef enum {
    TS_EV_NOT_SHIPPED,
    TS_EV_LATE_DISPATCH,
    TS_EV_LOST,
    TS_EV_LATE_DELIVERY,
    TS_EV_DISPUTE,
    TS_EV_DISPUTE_NO_REPLY,
    TS_EV_ARBITRATION,
    TS_EV_SELLER_RESPONSIBLE,
    TS_EV_FEEDBACK, /* overall stars <= max_stars, as of E (revisions apply) */
    TS_EV_DSR,      /* DSR[dimension] <= max_stars */
    TS_EV_SLOW_REPLY, /* the post-sale conversation's first reply was slow (docs/model.md §13) */
    TS_EV_DISPUTE_REASON, /* a dispute opened for `reason` (docs/rulebooks.md "Event kinds") */
    TS_EV_KIND_COUNT
} ts_event_kind;

/* Why a dispute was opened (docs/rulebooks.md "Event kinds", dispute_reason). */
typedef enum { TS_RULE_REASON_NOT_RECEIVED, TS_RULE_REASON_NOT_AS_DESCRIBED, TS_RULE_REASON_COUNT } ts_rule_reason;

/* DSR dimensions, in this order everywhere. */
typedef enum { TS_DSR_DESCRIPTION, TS_DSR_COMMUNICATION, TS_DSR_SHIPPING, TS_DSR_COUNT } ts_dsr_dim;

/* Window anchors: the order's end day, its pay day, or the day its feedback
   takes effect (docs/rulebooks.md: orders without feedback are never
   assessed under TS_ANCHOR_FEEDBACK). */
typedef enum { TS_ANCHOR_END, TS_ANCHOR_PAY, TS_ANCHOR_FEEDBACK } ts_anchor;

typedef enum {
    TS_METRIC_RATE,
    TS_METRIC_FEEDBACK_SHARE,
    TS_METRIC_DSR_MEAN,
    TS_METRIC_COUNT,
    TS_METRIC_REPLY_WITHIN,       /* share of conversations answered within `minutes` (§13) */
    TS_METRIC_REPLY_MEAN_MINUTES, /* mean first-response minutes (§13) */
    /* docs/rulebooks.md "Scores": metrics of metrics, computed day by day from the as-of values */
    TS_METRIC_POINTS,     /* the points of a ladder for another metric's value */
    TS_METRIC_SUM,        /* a weighted, clipped sum of metrics */
    TS_METRIC_DAILY_MEAN, /* the mean of a metric's as-of values over a period of days */
    TS_METRIC_PEER_RANK,  /* the share of peers a metric's value beats */
    TS_METRIC_MEAN_DAYS,  /* orders: mean days between two moments */
    TS_METRIC_KIND_COUNT
} ts_metric_kind;

/* True for the kinds whose value comes from other metrics' values, not from orders. */
static inline bool ts_metric_is_derived(ts_metric_kind k)
{
    return k == TS_METRIC_POINTS || k == TS_METRIC_SUM || k == TS_METRIC_DAILY_MEAN || k == TS_METRIC_PEER_RANK;
}

/* daily_mean periods (docs/rulebooks.md "Scores"). */
typedef enum { TS_PERIOD_PREVIOUS_MONTH, TS_PERIOD_MONTH_TO_DATE, TS_PERIOD_DAYS } ts_period;

/* An order's moments for mean_days, in the order of ts_moment_words. */
typedef enum { TS_MOMENT_PAY, TS_MOMENT_DISPATCH, TS_MOMENT_DELIVERY, TS_MOMENT_END, TS_MOMENT_FEEDBACK,
               TS_MOMENT_COUNT } ts_moment;

/* One rung of a points ladder: holds when the value is <= x (at_most) or >= x (at_least). */
typedef struct {
    bool at_least;
    double x;
    double points;
} ts_rung;

/* One point of a peer table: `share` of the peers have a value <= `value`. */
typedef struct {
    double value;
    double share;
} ts_peer_point;

/*
** A number of a metric given as "$name" (docs/rulebooks.md "Parameters"):
** which number (a TS_NUM_* slot, plus an index for ladders, weights and peer
** tables) and the parameter's name. ts_rulebook_set_param re-resolves them.
*/
enum {
    TS_NUM_MIN_ORDER_VALUE, TS_NUM_OTHERWISE, TS_NUM_MISSING, TS_NUM_MIN, TS_NUM_MAX,
    TS_NUM_RUNG_X, TS_NUM_RUNG_POINTS, TS_NUM_WEIGHT, TS_NUM_PEER_VALUE, TS_NUM_PEER_SHARE
};
typedef struct {
    int slot;      /* TS_NUM_* */
    size_t index;  /* the rung, weight or peer point */
    char *param;
} ts_num_ref;

/* Which conversations a reply metric counts (docs/rulebooks.md "Metric kinds"). */
typedef enum { TS_CONV_ALL, TS_CONV_PRE_SALE, TS_CONV_POST_SALE } ts_conv_filter;

typedef enum { TS_OP_LT, TS_OP_LE, TS_OP_GT, TS_OP_GE } ts_op;

typedef struct {
    char *name;          /* the key in the rulebook's "events" object */
    ts_event_kind kind;
    int max_stars;       /* TS_EV_FEEDBACK, TS_EV_DSR: 1..5 */
    ts_rule_reason reason; /* TS_EV_DISPUTE_REASON */
    ts_dsr_dim dimension;/* TS_EV_DSR */
    char *label;         /* English label for tables and plots; NULL: the name */
    char *label_zh;      /* Chinese label; NULL: the label */
} ts_rule_event;

typedef struct {
    char *name;
    ts_metric_kind kind;
    size_t *events;      /* rate, count: indexes into ts_rulebook.events */
    size_t n_events;
    int min_stars;       /* feedback_share: 1..5 */
    double min_order_value; /* feedback_share: >= 0, default 0 */
    bool count_default_reviews; /* feedback_share: the rulebook's default reviews count (docs/rulebooks.md "Default reviews") */
    ts_dsr_dim dimension;/* dsr_mean */
    double reply_minutes;/* reply_within: a first reply within this many minutes counts */
    int reply_hours[2];  /* reply metrics: conversations arriving in hours [from, to), default 0, 24 */
    ts_conv_filter conversations; /* reply metrics: default all */
    int window_days;     /* resolved: the metric's own, else the rulebook's */
    ts_anchor anchor;    /* resolved likewise */
    char *label;         /* English label for tables and plots; NULL: the name */
    char *label_zh;      /* Chinese label; NULL: the label */
    /* docs/rulebooks.md "Scores" */
    size_t *of;          /* points, daily_mean, peer_rank: one metric index; sum: n_of */
    size_t n_of;
    double *weights;     /* sum: [n_of], default 1 each */
    double clip_min, clip_max; /* sum: -HUGE_VAL / HUGE_VAL when not given */
    ts_rung *ladder;     /* points */
    size_t n_rungs;
    bool has_otherwise, has_missing, interpolate;
    double otherwise, missing;
    ts_period period;    /* daily_mean */
    int period_days;     /* daily_mean with {"days": N} */
    bool lower_better;   /* peer_rank: better "lower" */
    ts_peer_point *peers;/* peer_rank: value strictly ascending, share non-decreasing in [0, 1] */
    size_t n_peers;
    ts_moment from, to;  /* mean_days */
    ts_num_ref *refs;    /* the numbers given as "$name" */
    size_t n_refs;
} ts_metric;

typedef struct {
    size_t metric;       /* index into ts_rulebook.metrics */
    ts_op op;
    double value;        /* resolved: the literal, or the parameter's value */
    char *param;         /* the rulebook parameter named by "$name", NULL for a literal */
} ts_condition;

typedef struct {
    char *name;          /* never "not_assessed" or "unclassified" */
    char *label;         /* English label, default: name */
    char *label_zh;      /* Chinese label, default: label */
    ts_condition *when;
    size_t n_when;       /* 0: always holds */
    long min_orders;     /* the tier holds only with at least this many assessed orders; 0: no minimum */
    double stars;        /* stars shown for the tier (docs/rulebooks.md "Scores"); 0: none */
} ts_tier;

/* A named number of a rulebook ("params"), referenced by tier conditions as "$name". */
typedef struct {
    char *name;
    double value;
} ts_param;

typedef enum { TS_SCHEDULE_MONTH, TS_SCHEDULE_DAY } ts_schedule_every;

typedef struct ts_rulebook {
    char *name;
    char *title;
    char *title_zh;
    char *source;
    int window_days;     /* >= 1 */
    ts_anchor anchor;    /* default end */
    ts_schedule_every every; /* default month */
    int schedule_day;    /* month schedule: 1..28, or 0 for the last day */
    long min_orders;     /* default 0 */
    /* docs/rulebooks.md "Default reviews": an order the buyer has not reviewed by end +
       default_review_days gets a review of default_review_stars that day; 0: none */
    int default_review_days;
    int default_review_stars;
    ts_rule_event *events;
    size_t n_events;
    ts_metric *metrics;
    size_t n_metrics;
    ts_tier *tiers;      /* ordered best first */
    size_t n_tiers;
    ts_param *params;    /* may be NULL */
    size_t n_params;
} ts_rulebook;

/*
** Give parameter NAME of rb the value v and re-resolve every condition that
** references it. Returns false (rb unchanged) when rb has no such parameter.
*/
bool ts_rulebook_set_param(ts_rulebook *rb, const char *name, double v);
/* Give every number of m that refers to parameter NAME the value v. */
void ts_metric_resolve(ts_metric *m, const char *name, double v);
/* Deep copy. */
ts_rulebook *ts_rulebook_dup(const ts_rulebook *rb);
void ts_rulebook_free(ts_rulebook *rb);
/*
** The longest window of the rulebook (its own or any metric's) plus its
** lookback: the history a simulation needs before day 0.
*/
int ts_rulebook_longest_window(const ts_rulebook *rb);
/*
** How many days before day 0 the as-of values of metrics are needed, because
** a daily_mean looks back over them (docs/rulebooks.md "Scores"): 0 for a
** rulebook without daily_mean. metric: one metric's, or SIZE_MAX for the
** largest of all.
*/
int ts_rulebook_lookback(const ts_rulebook *rb, size_t metric);
/*
** The metrics in an order where every metric comes after those it uses
** (order[n_metrics]). On a cycle returns false and puts the cycle's metric
** indexes in cycle[] (at most n_metrics, *cycle_len of them, the first
** repeated at the end is implied); the order is then incomplete.
*/
bool ts_rulebook_metric_order(const ts_rulebook *rb, size_t *order, size_t *cycle, size_t *cycle_len);
/*
** The first problem of a metric's numbers that "$name" parameters may have
** changed (a ladder not monotone in x, a peer table not ascending or a share
** outside [0, 1], sum's min above its max) written into why (n bytes);
** false when there is none.
*/
bool ts_metric_problem(const ts_metric *m, char *why, size_t n);


/* An event's or a metric's label in English or Chinese, falling back to the name. */
const char *ts_rule_event_label(const ts_rule_event *ev, bool chinese);
const char *ts_metric_label(const ts_metric *m, bool chinese);

/*
** The words of the rulebook format, in enum order and NULL-terminated (the
** loader reads them, printers name kinds with them): event kinds, metric
** kinds, DSR dimensions, operators, anchors, schedule units.
*/
extern const char *const ts_event_kind_words[];
extern const char *const ts_metric_kind_words[];
extern const char *const ts_dsr_dim_words[];
extern const char *const ts_op_words[];
extern const char *const ts_anchor_words[];
extern const char *const ts_schedule_words[];
extern const char *const ts_conv_filter_words[];
extern const char *const ts_rule_reason_words[];
extern const char *const ts_moment_words[];
extern const char *const ts_better_words[];

/* One word of those lists, "?" when out of range: "not_shipped", "rate", "<", "end", ... */
const char *ts_event_kind_name(ts_event_kind kind);
const char *ts_metric_kind_name(ts_metric_kind kind);
const char *ts_dsr_dim_name(ts_dsr_dim dim);
const char *ts_op_name(ts_op op);
const char *ts_anchor_name(ts_anchor anchor);

#endif
