/*
** replies.c — one replication's statistics of the team's first responses
** (docs/model.md §13): their distribution over the horizon, by hour of the
** week, and the daily share answered within 3 minutes.
*/
#include "models.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_statistics_double.h>

struct ts_reply_acc {
    int32_t days;
    ts_desk desk;          /* for the hour of the week of an arrival */
    double *wait;          /* the horizon's waits, in arrival order */
    uint8_t *hour;         /* their hours of the week */
    size_t n, cap;
    double *by_hour;       /* scratch: waits grouped by hour of the week */
    size_t *day_n, *day_fast; /* per day: conversations, answered within 3 minutes */
};

size_t ts_reply_fields(const ts_scenario *sc)
{
    return sc->service.team.present ? (size_t)TS_REPLY_DAY + (size_t)sc->days : 0;
}

ts_reply_acc *ts_reply_acc_new(const ts_scenario *sc)
{
    if (!sc->service.team.present)
        return NULL;
    ts_reply_acc *a = ts_xcalloc(1, sizeof *a);
    a->days = sc->days;
    ts_desk_init(&a->desk, &sc->service.team, sc->start);
    a->day_n = ts_xcalloc((size_t)sc->days, sizeof *a->day_n);
    a->day_fast = ts_xcalloc((size_t)sc->days, sizeof *a->day_fast);
    return a;
}

void ts_reply_acc_free(ts_reply_acc *a)
{
    if (a == NULL)
        return;
    ts_desk_release(&a->desk);
    free(a->wait);
    free(a->hour);
    free(a->by_hour);
    free(a->day_n);
    free(a->day_fast);
    free(a);
}

void ts_reply_acc_reset(ts_reply_acc *a)
{
    a->n = 0;
    memset(a->day_n, 0, (size_t)a->days * sizeof *a->day_n);
    memset(a->day_fast, 0, (size_t)a->days * sizeof *a->day_fast);
}

void ts_reply_acc_visit(const ts_reply *r, void *ctx)
{
    ts_reply_acc *a = ctx;
    if (!(r->arrival >= 0.0 && r->arrival < (double)a->days * 1440.0))
        return; /* warm-up, or after the horizon */
    if (a->n == a->cap) {
        a->cap = a->cap ? 2 * a->cap : 4096;
        a->wait = ts_xrealloc(a->wait, a->cap * sizeof *a->wait);
        a->hour = ts_xrealloc(a->hour, a->cap * sizeof *a->hour);
    }
    a->wait[a->n] = r->wait;
    a->hour[a->n] = (uint8_t)ts_desk_hour_of_week(&a->desk, r->arrival);
    a->n++;
    size_t d = (size_t)(r->arrival / 1440.0);
    if (d >= (size_t)a->days)
        d = (size_t)a->days - 1;
    a->day_n[d]++;
    a->day_fast[d] += r->wait <= 3.0;
}

/*
** The type-7 quantile p of w[0..n) (n > 0) by selection, in O(n): the same
** formula as gsl_stats_quantile_from_sorted_data, without sorting. Reorders w.
*/
static double quantile(double *w, size_t n, double p)
{
    double index = p * (double)(n - 1);
    size_t lhs = (size_t)index;
    double delta = index - (double)lhs;
    double x = gsl_stats_select(w, 1, n, lhs);
    if (lhs == n - 1)
        return x;
    return (1 - delta) * x + delta * gsl_stats_select(w, 1, n, lhs + 1);
}

/* Count, mean (in the given order) and type-7 p90 of w[0..n) (reordered); NaN when n is 0. */
static void describe(double *w, size_t n, double *count, double *mean, double *p90)
{
    *count = (double)n;
    if (n == 0) {
        *mean = *p90 = (double)NAN;
        return;
    }
    *mean = gsl_stats_mean(w, 1, n);
    *p90 = quantile(w, n, 0.90);
}

void ts_reply_acc_finish(ts_reply_acc *a, double *out)
{
    size_t n = a->n;
    /* by hour of the week first: the waits in arrival order are still needed for nothing else */
    size_t start[TS_WEEK_HOURS + 1] = {0};
    for (size_t i = 0; i < n; i++)
        start[a->hour[i] + 1]++;
    for (int h = 0; h < TS_WEEK_HOURS; h++)
        start[h + 1] += start[h];
    a->by_hour = ts_xrealloc(a->by_hour, (n + 1) * sizeof *a->by_hour);
    size_t fill[TS_WEEK_HOURS];
    memcpy(fill, start, sizeof fill);
    for (size_t i = 0; i < n; i++)
        a->by_hour[fill[a->hour[i]]++] = a->wait[i];
    for (int h = 0; h < TS_WEEK_HOURS; h++) {
        double *o = out + TS_REPLY_WEEK + 3 * h;
        describe(a->by_hour + start[h], start[h + 1] - start[h], &o[0], &o[1], &o[2]);
    }

    size_t le3 = 0, le60 = 0, le1440 = 0;
    for (size_t i = 0; i < n; i++) {
        le3 += a->wait[i] <= 3.0;
        le60 += a->wait[i] <= 60.0;
        le1440 += a->wait[i] <= 1440.0;
    }
    out[TS_REPLY_N] = (double)n;
    if (n == 0) {
        for (int k = TS_REPLY_MEAN; k <= TS_REPLY_LE1440; k++)
            out[k] = (double)NAN;
    } else {
        out[TS_REPLY_MEAN] = gsl_stats_mean(a->wait, 1, n); /* in arrival order */
        out[TS_REPLY_P50] = quantile(a->wait, n, 0.50);
        out[TS_REPLY_P90] = quantile(a->wait, n, 0.90);
        out[TS_REPLY_P99] = quantile(a->wait, n, 0.99);
        out[TS_REPLY_LE3] = (double)le3 / (double)n;
        out[TS_REPLY_LE60] = (double)le60 / (double)n;
        out[TS_REPLY_LE1440] = (double)le1440 / (double)n;
    }
    for (int32_t d = 0; d < a->days; d++)
        out[TS_REPLY_DAY + d] = a->day_n[d] ? (double)a->day_fast[d] / (double)a->day_n[d] : (double)NAN;
}
