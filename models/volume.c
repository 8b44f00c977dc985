/*
** volume.c — daily order counts (docs/model.md §2): the mean of a day from
** weekday, growth, peaks and gift uplift; Poisson or negative binomial counts.
*/
#include "models.h"

#include <math.h>
#include <gsl/gsl_randist.h>

bool ts_gifts_active(const ts_gifts *g, int32_t day)
{
    return g->present && g->from_day <= day && day <= g->until_day;
}

/*
** docs/model.md §2: mu_d = daily_orders x weekday_factors[weekday(d)] x (1+g)^d
** x prod(multiplier of peaks covering d) x (1 + volume_uplift if gifts are
** active on d). A peak covers [start_day, start_day + days).
*/
double ts_volume_mean(const ts_scenario *sc, int32_t day)
{
    const ts_volume *v = &sc->volume;
    double mu = v->daily_orders * v->weekday_factors[ts_date_weekday(sc->start + day)];
    if (v->growth_per_day != 0.0)
        mu *= pow(1.0 + v->growth_per_day, (double)day);
    for (size_t i = 0; i < v->n_events; i++) {
        const ts_peak *e = &v->events[i];
        if (day >= e->start_day && (int64_t)day < (int64_t)e->start_day + e->days)
            mu *= e->multiplier;
    }
    if (ts_gifts_active(&sc->gifts, day))
        mu *= 1.0 + sc->gifts.volume_uplift;
    return mu;
}

/*
** docs/model.md §2: N ~ Poisson(mu) when phi = 0, else the gamma-Poisson mixture
** N ~ Poisson(lambda), lambda ~ Gamma(shape 1/phi, scale phi mu), whose
** variance is mu + phi mu^2.
*/
uint32_t ts_volume_draw(gsl_rng *r, double mu, double dispersion)
{
    if (!(mu > 0.0))
        return 0;
    double lambda = mu;
    if (dispersion > 0.0) {
        lambda = gsl_ran_gamma(r, 1.0 / dispersion, dispersion * mu);
        if (!(lambda > 0.0))
            return 0;
    }
    return (uint32_t)gsl_ran_poisson(r, lambda);
}
