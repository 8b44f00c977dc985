/*
** sensitivity.h — one-at-a-time sensitivity of a scenario (docs/decisions.md
** "Sensitivity"): each lever at five points from its low to its high value,
** every point on the base's random numbers, the paired effect of each point
** on each measure (a metric's mean, the probability of a tier or better).
*/
#ifndef TS_SENSITIVITY_H
#define TS_SENSITIVITY_H

#include <stdbool.h>
#include <stddef.h>
#include "decide.h"

/* The points of a lever: low, halfway to the base, the base, halfway to high, high. */
#define TS_SENS_POINTS 5
#define TS_SENS_BASE 2

/* What an effect is measured on. */
typedef enum {
    TS_MEASURE_MEAN, /* the mean of metric `index` */
    TS_MEASURE_TIER  /* the probability of tier `index` or a better one */
} ts_measure_kind;

typedef struct {
    ts_measure_kind kind;
    size_t index;
} ts_measure;

typedef struct {
    ts_lever lever;                    /* owned */
    bool relative;                     /* low/high from the relative range (else given) */
    bool uncertain;                    /* an uncertain parameter: low/high its 5% and 95% points */
    double value[TS_SENS_POINTS];      /* the five values (rounded for integers) */
    double change[TS_SENS_POINTS];     /* (value - base) / |base|; NaN when the base is 0 */
    double *level;                     /* [n_measures * TS_SENS_POINTS]: mean or probability */
    ts_diff *diff;                     /* [n_measures * TS_SENS_POINTS]: paired, point - base */
    double swing;                      /* the ranking measure's larger |effect| at low and high */
    double swing2;                     /* the same for the other measures, summed: breaks ties */
    bool noise;                        /* every low and high interval of every measure holds 0 */
} ts_sens_lever;

typedef struct {
    ts_measure *measures;              /* [n_measures]; the first two: headline mean, best tier */
    size_t n_measures;
    size_t rank_by;                    /* the measure the ranking uses */
    size_t reps;
    double *base_level;                /* [n_measures] */
    ts_sens_lever *levers;             /* ranked: largest swing first */
    size_t n;
} ts_sens;

/*
** Set lever l's five points in s->levers[i] from low and high (each already
** in the lever's valid range): halfway points rounded for integers.
*/
void ts_sens_points(ts_sens_lever *sl, double low, double high);

/*
** Simulate every lever's points and the base with s->reps replications on
** common random numbers, compute the effects and rank the levers.
*/
ts_status ts_sens_run(ts_decide *d, ts_sens *s, ts_error *err);

void ts_sens_free(ts_sens *s);

#endif
