/*
** solve.h — `tiersim solve` (docs/decisions.md "Solve"): a goal on one
** evaluation day, and the monotone search for the smallest (or largest)
** value of one parameter at which it holds, on common random numbers, with
** replications added at the tried values near the answer.
*/
#ifndef TS_SOLVE_H
#define TS_SOLVE_H

#include <stdbool.h>
#include <stddef.h>
#include "decide.h"
#include "rulebook.h"

/* The grammar of a goal, for help and error messages. */
#define TS_GOAL_GRAMMAR                                                                       \
    "a goal is  SUBJECT [on DATE] OP NUMBER  with\n"                                           \
    "  SUBJECT  TIER            the probability of that tier or a better one\n"                 \
    "           METRIC [mean]   the metric's mean over the replications\n"                      \
    "           METRIC pNN      its NN-th percentile (p50, p95, ...)\n"                         \
    "  DATE     an evaluation day YYYY-MM-DD (default: the last)\n"                             \
    "  OP       >=  >  <=  <\n"                                                                 \
    "  NUMBER   a number; for a tier a probability (0.9 or 90%)\n"                              \
    "e.g. \"top on 2027-11-30 >= 0.9\", \"bad_experience_rate p95 on 2027-11-30 < 0.06\""

typedef enum { TS_GOAL_TIER, TS_GOAL_MEAN, TS_GOAL_QUANTILE } ts_goal_kind;

typedef struct {
    ts_goal_kind kind;
    size_t index;      /* the tier (or better) or the metric */
    double q;          /* TS_GOAL_QUANTILE: in (0, 1) */
    ts_op op;
    double target;
    size_t eval;       /* the evaluation day's index */
} ts_goal;

/*
** Parse text against the base scenario sc (its rulebook's tiers and metrics,
** its evaluation days). False with one message in err (naming --goal, what
** was expected and found, and the grammar).
*/
bool ts_goal_parse(const char *text, const ts_scenario *sc, ts_goal *g, ts_error *err);

/* The goal's statistic over one point's replications, with its 95% interval. */
typedef struct {
    double est, low, high;
    size_t n;          /* replications where it is defined */
} ts_goal_stat;

ts_goal_stat ts_goal_measure(const ts_goal *g, const ts_outcome *o);

/* Whether est meets the goal; whether the interval excludes the target (the side is decided). */
bool ts_goal_holds(const ts_goal *g, double est);
bool ts_goal_decided(const ts_goal *g, const ts_goal_stat *s);

/* One tried value. */
typedef struct {
    double value;
    size_t reps;
    ts_goal_stat stat;
    bool holds, decided;
} ts_solve_point;

typedef enum {
    TS_SOLVE_FOUND,       /* a crossing inside the range */
    TS_SOLVE_AT_BOUND,    /* the goal holds at the end the search starts from */
    TS_SOLVE_NOT_REACHED  /* it holds nowhere tried */
} ts_solve_status;

typedef struct {
    /* the question */
    const ts_lever *lever;
    double lo, hi;
    bool maximize;
    double tolerance;        /* continuous: stop when the bracket is this narrow */
    size_t grid;             /* values of the first scan, ends included */
    size_t reps;             /* replications of a first try */
    size_t reps_cap;         /* at most this many at one value */
    ts_goal goal;
    /* the answer */
    ts_solve_status status;
    double answer;           /* NaN when not reached */
    bool noisy;              /* the side could not be decided near the answer */
    double noise_lo, noise_hi; /* then: the values between which the goal is within noise */
    bool monotone;
    double witness_hold, witness_fail; /* when not monotone */
    ts_solve_point *points;  /* every tried value, by value */
    size_t n_points;
} ts_solve;

/* Search (s's question set); fills s's answer. */
ts_status ts_solve_run(ts_decide *d, ts_solve *s, ts_error *err);

void ts_solve_free(ts_solve *s);

#endif
