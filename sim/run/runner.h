/*
** runner.h — runs every replication of every variant of a study on a pool
** of threads, storing each replication's results in its own slot so that the
** results never depend on the thread count.
*/
#ifndef TS_RUNNER_H
#define TS_RUNNER_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include "results.h"

/* Replications per batch in --precision mode (fewer when the cap is smaller). */
#define TS_RUN_BATCH 100
/* The default cap on replications in --precision mode. */
#define TS_RUN_PRECISION_CAP 100000
/* z of the 95% half-width in --precision mode. */
#define TS_RUN_PRECISION_Z 1.96

typedef struct {
    unsigned threads;          /* >= 1 */
    bool progress;             /* draw a progress bar on stderr */
    volatile sig_atomic_t *stop; /* when non-NULL and set, stop at the next replication boundary */
    double precision;          /* > 0: --precision mode (ts_run); 0: run every replication */
} ts_run_options;

typedef struct {
    double wall_seconds;
    uint64_t orders;           /* orders simulated, warm-up included, all variants */
    unsigned threads;
    size_t replications;       /* replications run (= the results' n_reps) */
    double precision;          /* --precision target X, 0 without */
    double half_width;         /* --precision: ts_run_half_width at the stop; else 0 */
    bool precision_met;        /* --precision: the criterion held (else the cap stopped it) */
    unsigned processes;        /* MPI ranks (1 alone) */
    uint64_t bytes_gathered;   /* per-replication results sent to rank 0, all ranks (0 alone) */
} ts_run_stats;

/*
** Run the study's replications (the base's `replications`). On success
** *out holds the results (free with ts_results_free). Returns TS_EINTR, with
** nothing in *out, when stopped through opt->stop.
**
** With opt->precision = X > 0 the base's `replications` is a cap: replications
** run in batches of TS_RUN_BATCH (or the cap when smaller), in order, and
** stop after the first batch at whose end ts_run_half_width < X, or at the
** cap (docs/performance.md). The count depends only on inputs and seed.
*/
ts_status ts_run(const ts_study *study, const ts_run_options *opt, ts_results **out,
                 ts_run_stats *stats);

/*
** The --precision criterion over replications 0..n-1 of res: the largest,
** over variants and evaluation days, of TS_RUN_PRECISION_Z sd / sqrt(m) of the
** headline metric (the rulebook's first), where m is the number of those
** replications in which it is defined and sd uses m - 1. Days where it is
** undefined in all n are ignored; a day defined in exactly one gives INFINITY.
** 0 when nothing is left (no metric, no evaluation day).
*/
double ts_run_half_width(const ts_results *res, size_t n);

/* Online processors, at least 1. */
unsigned ts_run_default_threads(void);

#endif
