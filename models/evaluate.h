/*
** evaluate.h — rule evaluation of one replication (docs/rulebooks.md, docs/model.md
** §11): assessed orders, rule events, metrics and tiers on every evaluation
** day, and each metric's as-of value on every day of the horizon, built in
** one pass over the orders with difference arrays over the days an order
** counts (never a loop over orders x days).
*/
#ifndef TS_EVALUATE_H
#define TS_EVALUATE_H

#include <stddef.h>
#include <stdint.h>
#include "world.h"

/* Tier results besides an index into rulebook tiers. */
#define TS_TIER_NOT_ASSESSED (-1)
#define TS_TIER_UNCLASSIFIED (-2)

/*
** Where one replication's results go (all arrays owned by the caller):
**   assessed[e]                   assessed orders on evaluation e
**   metrics[e * n_metrics + m]    metric m on evaluation e, NaN when undefined
**   tiers[e]                      tier index, or TS_TIER_NOT_ASSESSED / _UNCLASSIFIED
**   events[e * n_events + k]      assessed orders with rule event k known by E
**   daily[d * n_metrics + m]      metric m as of day d (0..days-1), NaN when undefined
*/
typedef struct {
    double *assessed;
    double *metrics;
    int32_t *tiers;
    double *events;
    double *daily;
} ts_rep_out;

typedef struct ts_eval ts_eval;

/* An accumulator for the scenario's rulebook, horizon and evaluation days. */
ts_eval *ts_eval_new(const ts_scenario *sc);
void ts_eval_free(ts_eval *ev);
/* Forget every order added (start of a replication). */
void ts_eval_reset(ts_eval *ev);
/* Count one order. Orders may come in any order. */
void ts_eval_add(ts_eval *ev, const ts_order *order);
/* Visitor form of ts_eval_add for ts_sim_run (ctx is the ts_eval). */
void ts_eval_visit(const ts_order *order, void *ctx);
/*
** Count one conversation with the team (docs/model.md §13) in the reply
** metrics (reply_within, reply_mean_minutes): on every day whose metric
** window holds its arrival day, with its first-response time whenever that
** came. Conversations may come in any order.
*/
void ts_eval_add_reply(ts_eval *ev, const ts_reply *reply);
/* Visitor form of ts_eval_add_reply for ts_sim_set_reply_visitor (ctx is the ts_eval). */
void ts_eval_reply_visit(const ts_reply *reply, void *ctx);
/* Turn what was added into the replication's results. */
void ts_eval_finish(ts_eval *ev, const ts_rep_out *out);

/*
** The tier for metric values at one evaluation: not_assessed when
** assessed < min_orders, else the first tier whose conditions all hold (a
** condition on an undefined (NaN) metric does not hold; a tier with its own
** min_orders holds only when assessed >= it), else unclassified.
*/
int32_t ts_eval_tier(const ts_rulebook *rb, double assessed, const double *metric_values);

#endif
