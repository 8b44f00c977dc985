/*
** orders.c — order values, top-ups to gift thresholds and gift tiers
** (docs/model.md §3).
*/
#include "models.h"

#include <math.h>

/*
** docs/model.md §3: v = median x exp(sigma Z), Z ~ N(0, 1), i.e. LogNormal(ln median, sigma);
** Z = Phi^-1(u) (models.h): with u = (w + 1/2)/2^32 from a 32-bit word, Z is the
** normal discretised on 2^32 equally likely points, |Z| <= 6.23.
*/
double ts_order_value_draw(const ts_order_value *ov, double u)
{
    if (ov->sigma == 0.0)
        return ov->median;
    return ts_order_value_of_normal(ov, ts_normal_quantile(u));
}

/*
** docs/model.md §3: the smallest tier threshold t > 0 with t - window <= v < t
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

/* docs/model.md §3: the tier with the largest min_order <= v; -1 when none. */
int ts_gift_tier_of(const ts_gifts *g, double v)
{
    int tier = -1;
    for (size_t k = 0; k < g->n_tiers && g->tiers[k].min_order <= v; k++)
        tier = (int)k;
    return tier;
}
