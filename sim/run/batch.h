/*
** batch.h — the results of a batch of shops (docs/cli.md "`tiersim batch`",
** docs/results-format.md "Batch results"): per shop, variant and evaluation
** day the headline metric, the tier probabilities, the main causes and the
** paired differences from the base; over the shops, how many land in each
** tier in each replication. Shops are added one at a time, so memory grows
** with shops by a small record each and with replications only by the tier
** counts (variants x evaluation days x replications x tiers).
*/
#ifndef TS_BATCH_H
#define TS_BATCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "summary.h"

/* The main causes kept per shop and evaluation day. */
#define TS_BATCH_CAUSES 3

typedef struct {
    ts_stat metric;            /* the headline metric (the rulebook's first) */
    ts_prob *tiers;            /* [n_tiers + 2]: rulebook tiers, not_assessed, unclassified */
    size_t causes[TS_BATCH_CAUSES]; /* rule events, largest mean count first */
    double cause_mean[TS_BATCH_CAUSES];
    size_t n_causes;           /* events with a mean count > 0, at most TS_BATCH_CAUSES */
    ts_diff metric_diff;       /* variant - base, paired; n = 0 on the base */
    ts_diff best_diff;         /* P(best tier): variant - base, paired; n = 0 on the base */
} ts_batch_eval;

typedef struct {
    char *name;
    uint64_t seed;
    ts_batch_eval *evals;      /* [n_variants * n_eval], variant-major */
} ts_batch_shop;

typedef struct ts_batch {
    size_t n_variants, n_eval, n_tiers, n_events, reps;
    char **variants;           /* names */
    char (*dates)[11];         /* [n_eval] */
    const ts_rulebook *rules;  /* the first shop's (borrowed: tier, event and metric names) */
    ts_batch_shop *shops;
    size_t n_shops, cap_shops;
    uint32_t *counts;          /* [v][e][r][t]: shops in tier t (of n_tiers + 2) in replication r */
} ts_batch;

/*
** Whether shop's study can join a batch whose first shop's study is first:
** the same variants, evaluation days, rulebook tiers and events. NULL when it
** can, else a message (free it) saying what differs.
*/
char *ts_batch_mismatch(const ts_study *first, const ts_study *shop);

/* An empty batch shaped after first (a shop's study, which must outlive it: its rulebook is borrowed), for reps replications. */
ts_batch *ts_batch_new(const ts_study *first, size_t reps);

/* Add one shop: its summary and per-replication results (same shape as the batch's). */
void ts_batch_add(ts_batch *b, const char *name, uint64_t seed, const ts_summary *sum,
                  const ts_results *res);

/* The number of shops in tier t of variant v on evaluation day e, over the replications. */
ts_stat ts_batch_tier_count(const ts_batch *b, size_t v, size_t e, size_t t);

void ts_batch_free(ts_batch *b);

/*
** A shop's seed: the batch's seed plus the 64-bit FNV-1a hash of its name,
** modulo 2^53: independent shops whatever the rows' order (docs/cli.md
** "tiersim batch").
*/
uint64_t ts_batch_shop_seed(uint64_t seed, const char *name);

#endif
