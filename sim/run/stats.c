/*
** stats.c — descriptive statistics, Wilson intervals and paired differences
** with GSL (gsl_stats_*, gsl_sort; quantiles are GSL's type 7).
*/
#include "stats.h"

#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

static ts_stat stat_nan(void)
{
    ts_stat s = {0, NAN, NAN, NAN, NAN, NAN, NAN};
    return s;
}

/* Describe m defined values already gathered in w (sorted in place). */
static ts_stat describe_gathered(double *w, size_t m)
{
    ts_stat s = stat_nan();
    s.n = m;
    if (m == 0)
        return s;
    s.mean = gsl_stats_mean(w, 1, m);
    if (m >= 2) {
        s.sd = gsl_stats_sd_m(w, 1, m, s.mean);
        s.se = s.sd / sqrt((double)m);
    }
    gsl_sort(w, 1, m);
    s.p5 = gsl_stats_quantile_from_sorted_data(w, 1, m, 0.05);
    s.p50 = gsl_stats_quantile_from_sorted_data(w, 1, m, 0.50);
    s.p95 = gsl_stats_quantile_from_sorted_data(w, 1, m, 0.95);
    return s;
}

ts_stat ts_stats_describe(const double *x, size_t n, size_t stride, double *work)
{
    double *w = work ? work : ts_xcalloc(n, sizeof *w);
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        double v = x[i * stride];
        if (!isnan(v))
            w[m++] = v;
    }
    ts_stat s = describe_gathered(w, m);
    if (work == NULL)
        free(w);
    return s;
}

ts_prob ts_stats_wilson(size_t k, size_t n)
{
    ts_prob p = {k, n, NAN, NAN, NAN};
    if (n == 0)
        return p;
    double nn = (double)n, ph = (double)k / nn, z2 = TS_Z95 * TS_Z95;
    /* Wilson (1927): (p + z²/2n ± z sqrt(p(1-p)/n + z²/4n²)) / (1 + z²/n) */
    double denom = 1.0 + z2 / nn;
    double centre = (ph + z2 / (2.0 * nn)) / denom;
    double half = TS_Z95 * sqrt(ph * (1.0 - ph) / nn + z2 / (4.0 * nn * nn)) / denom;
    p.p = ph;
    p.low = k == 0 ? 0.0 : fmax(0.0, centre - half);
    p.high = k == n ? 1.0 : fmin(1.0, centre + half);
    return p;
}

ts_diff ts_stats_paired_diff(const double *a, size_t sa, const double *b, size_t sb,
                             size_t n, double *work)
{
    ts_diff d = {0, NAN, NAN, NAN};
    double *w = work ? work : ts_xcalloc(n, sizeof *w);
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        double x = a[i * sa], y = b[i * sb];
        if (!isnan(x) && !isnan(y))
            w[m++] = x - y;
    }
    d.n = m;
    if (m > 0)
        d.mean = gsl_stats_mean(w, 1, m);
    if (m >= 2) {
        double half = TS_Z95 * gsl_stats_sd_m(w, 1, m, d.mean) / sqrt((double)m);
        d.low = d.mean - half;
        d.high = d.mean + half;
    }
    if (work == NULL)
        free(w);
    return d;
}
