/*
** decide.h — what `tiersim sensitivity` and `tiersim solve` simulate: the
** base of a scenario file with one numeric parameter set per point, every
** point on common random numbers (replication r of every point uses the
** same streams), run by the replication runner in chunks of variants; kept
** per replication at one evaluation day (docs/decisions.md).
*/
#ifndef TS_DECIDE_H
#define TS_DECIDE_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include "lever.h"
#include "study.h"
#include "summary.h"

/* Variants per run of the runner: bounds the per-replication storage of one run. */
#define TS_DECIDE_CHUNK 16

/* A point to simulate: the base with lever's path set to value; lever NULL is the base itself. */
typedef struct {
    const ts_lever *lever;
    double value;
} ts_point;

/* What each replication of one point gave on the evaluation day. */
typedef struct {
    size_t reps, n_metrics;
    double *metrics;   /* [reps][n_metrics]; NaN where undefined */
    int32_t *slots;    /* [reps]: the tier slot (0 best; n_tiers not assessed; n_tiers + 1 unclassified) */
} ts_outcome;

/* The scenario, how to run it, and what was spent (for the results and docs/performance.md). */
typedef struct {
    const char *file;             /* the scenario file, for messages */
    const char *text;             /* its bytes */
    size_t len;
    int64_t seed;                 /* -1: the file's */
    size_t eval;                  /* the evaluation day's index */
    unsigned threads;
    volatile sig_atomic_t *stop;  /* set: stop at the next replication (TS_EINTR) */
    size_t runs;                  /* runner calls so far */
    uint64_t simulated;           /* replications simulated so far, summed over points */
} ts_decide;

/*
** Simulate every point with reps replications (replications 0..reps-1, so a
** point run again with more replications repeats its first ones exactly)
** into out[0..n-1]. Equal points are simulated once. Returns TS_EINVAL with
** err filled when a point's scenario does not load (the messages name the
** path and value), TS_EINTR when stopped.
*/
ts_status ts_decide_run(ts_decide *d, const ts_point *points, size_t n, size_t reps, ts_outcome *out,
                        ts_error *err);

void ts_outcome_release(ts_outcome *o);

/* Whether replication r reached tier slot `tier` or a better one. */
static inline double ts_outcome_tier(const ts_outcome *o, size_t r, size_t tier)
{
    return o->slots[r] >= 0 && (size_t)o->slots[r] <= tier ? 1.0 : 0.0;
}

#endif
