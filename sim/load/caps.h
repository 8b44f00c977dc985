/*
** caps.h — the sizes tiersim refuses to go beyond (docs/robustness.md): the
** loader's caps on strings and arrays, and the run's order and memory estimate.
*/
#ifndef TS_CAPS_H
#define TS_CAPS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "tiersim.h"

struct ts_study;

/* Loader caps (checked in scenario.c and json_check.c, each with its message). */
#define TS_MAX_STRING_BYTES 4096 /* any string value in a scenario or rulebook */
#define TS_MAX_NAME_BYTES 128    /* scenario, variant, peak, carrier and gift tier names */
#define TS_MAX_PEAKS 1000        /* volume.events */
#define TS_MAX_CARRIERS 100      /* fulfilment.carriers */
#define TS_MAX_GIFT_TIERS 127    /* gifts.tiers: an order stores its tier in an int8_t */
#define TS_MAX_VARIANTS 256      /* variants in a study, the base and sweeps included */
#define TS_MAX_EVALUATIONS 3660  /* evaluations listed in a file (one per day of the longest horizon) */

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
void ts_caps_estimate(const struct ts_study *study, unsigned threads,
                      ts_caps_cost *out);

/*
** Refuse a run that would not fit in memory (more than TS_MEMORY_SHARE of
** physical memory) or would simulate more than TS_MAX_ORDERS orders: returns
** TS_EINVAL with one message giving the estimate and what to reduce.
*/
ts_status ts_caps_check(const struct ts_study *study, unsigned threads, ts_error *err);

#endif
