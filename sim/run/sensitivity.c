/*
** sensitivity.c — one-at-a-time effects on common random numbers
** (sensitivity.h, docs/decisions.md "Sensitivity"): one ts_decide_run for
** the base and every point, paired differences per measure, the ranking.
*/
#include "sensitivity.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "stats.h"

static double halfway(const ts_lever *l, double a, double b)
{
    double m = 0.5 * (a + b);
    return l->integer ? floor(m + 0.5) : m;
}

void ts_sens_points(ts_sens_lever *sl, double low, double high)
{
    const ts_lever *l = &sl->lever;
    double b = l->value;
    sl->value[0] = low;
    sl->value[1] = halfway(l, low, b);
    sl->value[2] = b;
    sl->value[3] = halfway(l, b, high);
    sl->value[4] = high;
    for (size_t k = 0; k < TS_SENS_POINTS; k++)
        sl->change[k] = b != 0.0 ? (sl->value[k] - b) / fabs(b) : (double)NAN;
}

/* The per-replication values of measure m in o, into x[0..reps-1]. */
static void measure_values(const ts_measure *m, const ts_outcome *o, double *x)
{
    for (size_t r = 0; r < o->reps; r++)
        x[r] = m->kind == TS_MEASURE_TIER ? ts_outcome_tier(o, r, m->index)
                                          : o->metrics[r * o->n_metrics + m->index];
}

static double level_of(const double *x, size_t n)
{
    double sum = 0.0;
    size_t k = 0;
    for (size_t r = 0; r < n; r++)
        if (!isnan(x[r])) {
            sum += x[r];
            k++;
        }
    return k ? sum / (double)k : (double)NAN;
}

static bool holds_zero(const ts_diff *d)
{
    if (d->n == 0 || isnan(d->mean))
        return true;
    if (isnan(d->low))
        return d->mean == 0.0;
    return d->low <= 0.0 && d->high >= 0.0;
}

/* Levers by swing, largest first; ties by the other measures, then by path (a total order). */
static int by_swing(const void *pa, const void *pb)
{
    const ts_sens_lever *a = pa, *b = pb;
    if (a->swing != b->swing)
        return a->swing > b->swing ? -1 : 1;
    if (a->swing2 != b->swing2)
        return a->swing2 > b->swing2 ? -1 : 1;
    return strcmp(a->lever.path, b->lever.path);
}

static void effects(ts_sens *s, const ts_outcome *base, const ts_outcome *out)
{
    size_t reps = s->reps, nm = s->n_measures;
    double *xb = ts_xcalloc(reps + 1, sizeof *xb), *xv = ts_xcalloc(reps + 1, sizeof *xv);
    double *work = ts_xcalloc(reps + 1, sizeof *work);
    for (size_t m = 0; m < nm; m++) {
        measure_values(&s->measures[m], base, xb);
        s->base_level[m] = level_of(xb, reps);
        for (size_t i = 0; i < s->n; i++) {
            ts_sens_lever *sl = &s->levers[i];
            for (size_t k = 0; k < TS_SENS_POINTS; k++) {
                const ts_outcome *o = &out[i * TS_SENS_POINTS + k];
                measure_values(&s->measures[m], o, xv);
                sl->level[m * TS_SENS_POINTS + k] = level_of(xv, reps);
                sl->diff[m * TS_SENS_POINTS + k] = ts_stats_paired_diff(xv, 1, xb, 1, reps, work);
            }
        }
    }
    for (size_t i = 0; i < s->n; i++) {
        ts_sens_lever *sl = &s->levers[i];
        sl->swing = sl->swing2 = 0.0;
        sl->noise = true;
        for (size_t m = 0; m < nm; m++) {
            for (size_t k = 0; k < TS_SENS_POINTS; k += TS_SENS_POINTS - 1) {
                const ts_diff *df = &sl->diff[m * TS_SENS_POINTS + k];
                double e = isnan(df->mean) ? 0.0 : fabs(df->mean);
                if (m == s->rank_by) {
                    if (e > sl->swing)
                        sl->swing = e;
                } else {
                    sl->swing2 += e;
                }
                sl->noise = sl->noise && holds_zero(df);
            }
        }
    }
    free(xb);
    free(xv);
    free(work);
}

ts_status ts_sens_run(ts_decide *d, ts_sens *s, ts_error *err)
{
    size_t np = s->n * TS_SENS_POINTS + 1;
    ts_point *pts = ts_xcalloc(np, sizeof *pts);
    pts[0].lever = NULL;
    for (size_t i = 0; i < s->n; i++)
        for (size_t k = 0; k < TS_SENS_POINTS; k++) {
            ts_sens_lever *sl = &s->levers[i];
            ts_point *p = &pts[1 + i * TS_SENS_POINTS + k];
            /* the base value is the base itself: exactly the same replications */
            p->lever = sl->value[k] == sl->lever.value ? NULL : &sl->lever;
            p->value = sl->value[k];
        }
    ts_outcome *out = ts_xcalloc(np, sizeof *out);
    ts_status st = ts_decide_run(d, pts, np, s->reps, out, err);
    if (st == TS_OK) {
        s->base_level = ts_xcalloc(s->n_measures, sizeof *s->base_level);
        for (size_t i = 0; i < s->n; i++) {
            s->levers[i].level = ts_xcalloc(s->n_measures * TS_SENS_POINTS, sizeof *s->levers[i].level);
            s->levers[i].diff = ts_xcalloc(s->n_measures * TS_SENS_POINTS, sizeof *s->levers[i].diff);
        }
        effects(s, &out[0], out + 1);
        qsort(s->levers, s->n, sizeof *s->levers, by_swing);
        for (size_t i = 0; i < np; i++)
            ts_outcome_release(&out[i]);
    }
    free(out);
    free(pts);
    return st;
}

void ts_sens_free(ts_sens *s)
{
    for (size_t i = 0; i < s->n; i++) {
        ts_lever_release(&s->levers[i].lever);
        free(s->levers[i].level);
        free(s->levers[i].diff);
    }
    free(s->levers);
    free(s->measures);
    free(s->base_level);
    memset(s, 0, sizeof *s);
}
