/*
** orders.c — order values, top-ups to gift thresholds and gift tiers
** (MODEL.md §3).
*/
#include "models.h"

#include <math.h>
#include <gsl/gsl_randist.h>

/* MODEL.md §3: v = median x exp(sigma Z), Z ~ N(0, 1), i.e. LogNormal(ln median, sigma). */
double ts_order_value_draw(gsl_rng *r, const ts_order_value *ov)
{
    if (ov->sigma == 0.0)
        return ov->median;
    return ov->median * exp(ov->sigma * gsl_ran_gaussian_ziggurat(r, 1.0));
}

/*
** MODEL.md §3: the smallest tier threshold t > 0 with t - window <= v < t
** (tiers are sorted by increasing min_order, so the first match is the
** smallest); 0 when there is none.
*/
double ts_gift_topup_target(const ts_gifts *g, double v)
{
    if (!(g->topup_window > 0.0))
        return 0.0;
    for (size_t k = 0; k < g->n_tiers; k++) {
        double t = g->tiers[k].min_order;
        if (t > 0.0 && t - g->topup_window <= v && v < t)
            return t;
    }
    return 0.0;
}

/* MODEL.md §3: the tier with the largest min_order <= v; -1 when none. */
int ts_gift_tier_of(const ts_gifts *g, double v)
{
    int tier = -1;
    for (size_t k = 0; k < g->n_tiers && g->tiers[k].min_order <= v; k++)
        tier = (int)k;
    return tier;
}
