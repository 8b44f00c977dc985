/*
** stats.h — the statistics of result files (docs/results-format.md): mean,
** sd, se and type-7 percentiles over defined values, Wilson 95% intervals,
** paired differences with a 95% interval.
*/
#ifndef TS_STATS_H
#define TS_STATS_H

#include <stddef.h>
#include "summary.h"

/* The normal quantile used for every 95% interval (docs/results-format.md "Statistics"). */
#define TS_Z95 1.959964

/*
** Statistics of x[0], x[stride], ..., x[(n-1)*stride], skipping NaN: n is the
** count of defined values; sd uses n - 1 and se = sd / sqrt(n); with n = 1 sd
** and se are NaN; with n = 0 every field is NaN. Percentiles are type 7
** (linear interpolation between order statistics). work holds at least n
** doubles, or is NULL to allocate internally.
*/
ts_stat ts_stats_describe(const double *x, size_t n, size_t stride, double *work);

/*
** The proportion k / n with its Wilson score 95% interval (z = TS_Z95);
** low is exactly 0 at k = 0 and high exactly 1 at k = n; all NaN at n = 0.
*/
ts_prob ts_stats_wilson(size_t k, size_t n);

/*
** Paired difference a - b over the n pairs (a[i*sa], b[i*sb]) where both are
** defined: mean ± TS_Z95 * sd / sqrt(n). Fewer than 2 pairs: interval NaN;
** none: mean NaN too. work holds at least n doubles, or is NULL.
*/
ts_diff ts_stats_paired_diff(const double *a, size_t sa, const double *b, size_t sb,
                             size_t n, double *work);

#endif
