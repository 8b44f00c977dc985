/*
** summary.h — the statistics of a run (docs/results-format.md): per variant
** and evaluation day, metric and assessed-order statistics, tier
** probabilities with Wilson intervals, mean rule-event counts, paired
** differences from the base; daily as-of statistics; money.
*/
#ifndef TS_SUMMARY_H
#define TS_SUMMARY_H

#include <stddef.h>
#include <stdint.h>
#include "results.h"
#include "world.h"

/* Statistics over the replications where a value is defined (NaN = null). */
typedef struct {
    size_t n;                   /* replications where the value is defined */
    double mean, sd, se;        /* sd with n-1; sd, se NaN when n < 2; all NaN when n = 0 */
    double p5, p50, p95;        /* type-7 percentiles */
} ts_stat;

/* A proportion over all replications with its Wilson 95% interval. */
typedef struct {
    size_t k, n;
    double p, low, high;
} ts_prob;

/* A paired mean difference (variant - base) with its 95% interval. */
typedef struct {
    size_t n;                   /* replications where both are defined; 0: all NaN */
    double mean, low, high;
} ts_diff;

typedef struct {
    int32_t day;                /* relative to the variant's start */
    char date[11];              /* YYYY-MM-DD */
    ts_stat assessed;
    ts_stat *metrics;           /* [n_metrics] */
    ts_prob *tiers;             /* [n_tiers + 2]: rulebook tiers, not_assessed, unclassified */
    double *events;             /* [n_events]: mean over all replications */
    ts_diff *diff;              /* [n_metrics], NULL on the base */
} ts_eval_summary;

/*
** The team's first responses of a variant (docs/model.md §13), from each
** replication's statistics (models/world.h TS_REPLY_*): statistics over the
** replications of the count, mean, p50, p90, p99 and the shares within 3,
** 60 and 1440 minutes; by hour of the week (0 = Monday 00-01 h) the mean
** over replications of its conversations, of its mean wait and of its p90
** wait (over the replications where it had some; NaN when none), and the
** slots on duty; the busiest hour (the largest mean wait, -1 when none);
** per horizon day the share answered within 3 minutes.
*/
typedef struct {
    ts_stat overall[TS_REPLY_WEEK];      /* indexed by TS_REPLY_N .. TS_REPLY_LE1440 */
    double week_n[168], week_mean[168], week_p90[168];
    size_t week_slots[168];
    int busiest;
    ts_stat *day_within3;                /* [n_days] */
} ts_reply_summary;

typedef struct {
    const ts_variant *variant;  /* borrowed */
    size_t n_eval, n_metrics, n_events, n_tiers, n_days, n_money;
    ts_eval_summary *evals;     /* [n_eval] */
    ts_stat *daily;             /* [n_days * n_metrics]: mean, p5, p50, p95 (n, sd, se too) */
    ts_stat *money;             /* [n_money] */
    ts_reply_summary *reply;    /* NULL without a team */
    size_t n_uncertain;
    ts_stat *uncertain;         /* [n_uncertain]: the draws of each uncertain parameter (§15) */
} ts_variant_summary;

typedef struct ts_summary {
    const ts_results *results;  /* borrowed */
    size_t n_variants;
    ts_variant_summary *variants;
} ts_summary;

/* Compute every statistic of a run. */
ts_summary *ts_summary_build(const ts_results *res);
void ts_summary_free(ts_summary *sum);

#endif
