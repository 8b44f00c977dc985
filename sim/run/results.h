/*
** results.h — every replication's results of a run, kept in replication
** order so that statistics never depend on the thread count.
*/
#ifndef TS_RESULTS_H
#define TS_RESULTS_H

#include <stddef.h>
#include <stdint.h>
#include "study.h"

/*
** One variant's per-replication results, replication-major
** (rep r's block starts at r * block size):
**   assessed [reps][n_eval]      metrics [reps][n_eval][n_metrics]
**   tiers    [reps][n_eval]      events  [reps][n_eval][n_events]
**   daily    [reps][days][n_metrics]
**   money    [reps][n_money]     (see models/world.h TS_MONEY_*)
**   reply    [reps][n_reply]     (models/world.h TS_REPLY_*; none without a team)
**   drawn    [reps][n_uncertain] (the uncertain parameters' draws, docs/model.md §15)
*/
typedef struct {
    const ts_variant *variant; /* borrowed */
    size_t n_eval, n_metrics, n_events, n_days, n_money, n_reply, n_uncertain;
    double *assessed;
    double *metrics;
    int32_t *tiers;
    double *events;
    double *daily;
    double *money;
    double *reply;
    double *drawn;
} ts_variant_results;

typedef struct ts_results {
    const ts_study *study;      /* borrowed */
    size_t n_reps;              /* replications actually run (same for every variant) */
    ts_variant_results *variants; /* n = study->n_variants */
} ts_results;

/* Allocate zeroed storage for reps replications of every variant of study. */
ts_results *ts_results_new(const ts_study *study, size_t reps);
void ts_results_free(ts_results *res);

#endif
