/*
** share.c — cutting a run's (unit, replication) work into parts of nearly
** equal expected cost (share.h).
*/
#include "share.h"

#include <math.h>

static double unit_cost(const double *cost, size_t u)
{
    double c = cost[u];
    return isfinite(c) && c > 0.0 ? c : 1.0;
}

/*
** The position (in work items, unit-major) where part k starts: the first
** item whose running cost (items before it) reaches k/parts of the total,
** rounded to the nearer replication boundary.
*/
static size_t boundary(const double *cost, size_t n_units, size_t reps, unsigned parts, unsigned k)
{
    size_t items = n_units * reps;
    if (k == 0 || items == 0)
        return 0;
    if (k >= parts)
        return items;
    double total = 0.0;
    for (size_t u = 0; u < n_units; u++)
        total += unit_cost(cost, u) * (double)reps;
    double target = total * (double)k / (double)parts, before = 0.0;
    for (size_t u = 0; u < n_units; u++) {
        double c = unit_cost(cost, u), span = c * (double)reps;
        if (target < before + span) {
            double j = floor((target - before) / c + 0.5);
            if (j < 0.0)
                j = 0.0;
            if (j > (double)reps)
                j = (double)reps;
            return u * reps + (size_t)j;
        }
        before += span;
    }
    return items;
}

size_t ts_share_pieces(const double *cost, size_t n_units, size_t lo, size_t hi, unsigned parts,
                       unsigned part, ts_piece *out)
{
    if (hi <= lo || parts == 0 || part >= parts)
        return 0;
    size_t reps = hi - lo;
    size_t from = boundary(cost, n_units, reps, parts, part);
    size_t to = boundary(cost, n_units, reps, parts, part + 1);
    size_t n = 0;
    for (size_t u = 0; u < n_units && from < to; u++) {
        size_t start = u * reps, end = start + reps;
        if (to <= start)
            break;
        if (from >= end)
            continue;
        size_t a = from > start ? from : start, b = to < end ? to : end;
        out[n++] = (ts_piece){.unit = u, .lo = lo + (a - start), .hi = lo + (b - start)};
    }
    return n;
}
