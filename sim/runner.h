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

typedef struct {
    unsigned threads;          /* >= 1 */
    bool progress;             /* draw a progress bar on stderr */
    volatile sig_atomic_t *stop; /* when non-NULL and set, stop at the next replication boundary */
} ts_run_options;

typedef struct {
    double wall_seconds;
    uint64_t orders;           /* orders simulated, warm-up included, all variants */
    unsigned threads;
} ts_run_stats;

/*
** Run the study's replications (the base's `replications`). On success
** *out holds the results (free with ts_results_free). Returns TS_EINTR, with
** nothing in *out, when stopped through opt->stop.
*/
ts_status ts_run(const ts_study *study, const ts_run_options *opt, ts_results **out,
                 ts_run_stats *stats);

/* Online processors, at least 1. */
unsigned ts_run_default_threads(void);

#endif
