/*
** caps.h — what a run will cost, estimated before any simulation
** (docs/robustness.md): orders and memory, and the refusal of runs that would
** not fit in memory or would never finish.
*/
#ifndef TS_CAPS_H
#define TS_CAPS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "tiersim.h"
#include "study.h"

/* Run caps (checked by ts_caps_check before any simulation). */
#define TS_MAX_ORDERS 1e12        /* expected orders over the whole run */
#define TS_MEMORY_SHARE 0.8       /* of physical memory a run may plan to use */

/* What a run of a study is expected to cost. */
typedef struct {
    double orders;          /* expected orders: warm-up and horizon, all replications and variants */
    double result_bytes;    /* per-replication results kept until the summary is built */
    double workspace_bytes; /* per-thread simulation workspaces */
    double physical_bytes;  /* physical memory (0 when unknown) */
} ts_caps_cost;

/*
** Estimate the orders and memory of running study (its base's replications)
** on `threads` threads. Never fails.
*/
void ts_caps_estimate(const ts_study *study, unsigned threads,
                      ts_caps_cost *out);

/*
** The expected cost of one replication of sc, in orders: its expected orders
** (warm-up and horizon) plus one per simulated day for the daily work. What
** the split between processes balances (docs/cluster.md).
*/
double ts_caps_replication_cost(const ts_scenario *sc);

/*
** Refuse a run that would not fit in memory (more than TS_MEMORY_SHARE of
** physical memory) or would simulate more than TS_MAX_ORDERS orders: returns
** TS_EINVAL with one message giving the estimate and what to reduce.
*/
ts_status ts_caps_check(const ts_study *study, unsigned threads, ts_error *err);

#endif
