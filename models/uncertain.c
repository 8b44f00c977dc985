/*
** uncertain.c — docs/model.md §15: inverse CDFs of the seven distributions
** (GSL's for beta and gamma), their supports, and each replication's draw.
*/
#include "uncertain.h"

#include <math.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>

#include "rng.h"
#include "scenario_keys.h"

const char *const ts_dist_names[TS_DIST_COUNT] = {
    "beta", "gamma", "normal", "lognormal", "uniform", "triangular", "pert",
};
const size_t ts_dist_arity[TS_DIST_COUNT] = {2, 2, 2, 2, 2, 3, 3};

uint32_t ts_uncertain_stream(const char *path)
{
    uint32_t h = 2166136261u;
    for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
        h ^= *p;
        h *= 16777619u;
    }
    return h;
}

/* Whether [a, b] lies in the parameter's range (open ends accept their bound: draws are inside). */
static bool inside(const ts_uncertain *u, double a, double b)
{
    return a >= u->lo && b <= u->hi;
}

const char *ts_uncertain_check(const ts_uncertain *u)
{
    const double *p = u->p;
    switch (u->kind) {
    case TS_DIST_BETA:
        if (!(p[0] > 0 && p[1] > 0))
            return "beta [a, b] needs a > 0 and b > 0";
        return inside(u, 0.0, 1.0) ? NULL : "a beta lies in [0, 1], outside the parameter's range";
    case TS_DIST_GAMMA:
        if (!(p[0] > 0 && p[1] > 0))
            return "gamma [shape, scale] needs shape > 0 and scale > 0";
        return inside(u, 0.0, HUGE_VAL) ? NULL : "a gamma takes any value > 0, outside the parameter's range";
    case TS_DIST_LOGNORMAL:
        if (!(p[0] > 0 && p[1] > 0))
            return "lognormal [median, sigma] needs median > 0 and sigma > 0";
        return inside(u, 0.0, HUGE_VAL) ? NULL : "a lognormal takes any value > 0, outside the parameter's range";
    case TS_DIST_NORMAL: {
        if (!(p[1] > 0))
            return "normal [mean, sd] needs sd > 0";
        double mass = gsl_cdf_gaussian_P(u->hi - p[0], p[1]) - gsl_cdf_gaussian_P(u->lo - p[0], p[1]);
        return mass >= 1e-6 ? NULL : "the normal has (almost) no probability inside the parameter's range";
    }
    case TS_DIST_UNIFORM:
        if (!(p[0] < p[1]))
            return "uniform [low, high] needs low < high";
        return inside(u, p[0], p[1]) ? NULL : "[low, high] is not inside the parameter's range";
    case TS_DIST_TRIANGULAR:
    case TS_DIST_PERT:
        if (!(p[0] <= p[1] && p[1] <= p[2] && p[0] < p[2]))
            return "[low, mode, high] needs low <= mode <= high and low < high";
        return inside(u, p[0], p[2]) ? NULL : "[low, high] is not inside the parameter's range";
    case TS_DIST_COUNT:
        break;
    }
    return "unknown distribution";
}

/*
** The x with F(x) = q for a continuous CDF F with density f on (lo, hi),
** by Newton steps kept inside a shrinking bracket (bisection when a step
** leaves it): GSL's own beta and gamma inverses fail to converge for some
** q (they return NaN), their CDFs and densities do not.
*/
static double invert(double (*cdf)(double, double, double), double (*pdf)(double, double, double), double a,
                     double b, double q, double lo, double hi, double x)
{
    if (!(x > lo && x < hi))
        x = isinf(hi) ? lo + 1.0 : 0.5 * (lo + hi);
    while (isinf(hi)) { /* an upper end for the bracket */
        if (cdf(x, a, b) >= q)
            hi = x;
        else {
            lo = x;
            x *= 2.0;
        }
    }
    for (int it = 0; it < 200; it++) {
        double fx = cdf(x, a, b) - q;
        if (fx == 0.0)
            return x;
        if (fx < 0.0)
            lo = x;
        else
            hi = x;
        double d = pdf(x, a, b), nx = d > 0.0 ? x - fx / d : (double)NAN;
        if (!(nx > lo && nx < hi))
            nx = 0.5 * (lo + hi);
        if (fabs(nx - x) <= 1e-15 * fabs(x) || hi - lo <= 1e-15 * hi)
            return nx;
        x = nx;
    }
    return x;
}

/* The normal N(m, s^2) truncated to [lo, hi], by inverse CDF; the upper tail by Q for accuracy. */
static double truncated_normal(double m, double s, double lo, double hi, double q)
{
    double a = (lo - m) / s, b = (hi - m) / s;
    if (a > 0) { /* both ends above the mean: work with Q = 1 - P */
        double qa = gsl_cdf_ugaussian_Q(a), qb = gsl_cdf_ugaussian_Q(b);
        return m + s * gsl_cdf_ugaussian_Qinv(qa - q * (qa - qb));
    }
    double pa = gsl_cdf_ugaussian_P(a), pb = gsl_cdf_ugaussian_P(b);
    return m + s * gsl_cdf_ugaussian_Pinv(pa + q * (pb - pa));
}

double ts_uncertain_quantile(const ts_uncertain *u, double q)
{
    const double *p = u->p;
    double x = NAN;
    switch (u->kind) {
    case TS_DIST_BETA:
        x = invert(gsl_cdf_beta_P, gsl_ran_beta_pdf, p[0], p[1], q, 0.0, 1.0, p[0] / (p[0] + p[1]));
        break;
    case TS_DIST_GAMMA:
        x = invert(gsl_cdf_gamma_P, gsl_ran_gamma_pdf, p[0], p[1], q, 0.0, HUGE_VAL, p[0] * p[1]);
        break;
    case TS_DIST_NORMAL:
        x = truncated_normal(p[0], p[1], u->lo, u->hi, q);
        break;
    case TS_DIST_LOGNORMAL:
        x = p[0] * exp(p[1] * gsl_cdf_ugaussian_Pinv(q));
        break;
    case TS_DIST_UNIFORM:
        x = p[0] + q * (p[1] - p[0]);
        break;
    case TS_DIST_TRIANGULAR: {
        double a = p[0], c = p[1], b = p[2], fc = (c - a) / (b - a);
        x = q < fc ? a + sqrt(q * (b - a) * (c - a)) : b - sqrt((1.0 - q) * (b - a) * (b - c));
        break;
    }
    case TS_DIST_PERT: { /* Beta(1 + 4 (mode - low)/(high - low), 1 + 4 (high - mode)/(high - low)) on [low, high] */
        double a = p[0], c = p[1], b = p[2];
        double al = 1.0 + 4.0 * (c - a) / (b - a), be = 1.0 + 4.0 * (b - c) / (b - a);
        x = a + (b - a) * invert(gsl_cdf_beta_P, gsl_ran_beta_pdf, al, be, q, 0.0, 1.0, al / (al + be));
        break;
    }
    case TS_DIST_COUNT:
        break;
    }
    if (x < u->lo)
        x = u->lo;
    if (x > u->hi)
        x = u->hi;
    return x;
}

double *ts_uncertain_field(ts_scenario *sc, const ts_uncertain *u)
{
    char *base = (char *)sc;
    switch ((ts_key_in)u->in) {
    case TS_IN_PEAK:
        base = (char *)&sc->volume.events[u->element];
        break;
    case TS_IN_CARRIER:
        base = (char *)&sc->fulfilment.carriers[u->element];
        break;
    case TS_IN_GIFT_TIER:
        base = (char *)&sc->gifts.tiers[u->element];
        break;
    case TS_IN_SHIFT: /* a shift's keys are integers, never uncertain; kept for completeness */
        base = (char *)&sc->service.team.shifts[u->element];
        break;
    case TS_IN_SCENARIO:
    case TS_IN_NONE:
        break;
    }
    return (double *)(void *)(base + u->offset);
}

void ts_uncertain_draw(const ts_scenario *sc, uint64_t rep, double *values)
{
    for (size_t k = 0; k < sc->n_uncertain; k++) {
        const ts_uncertain *u = &sc->uncertain[k];
        ts_stream s;
        ts_stream_init(&s, sc->seed, rep, 0, TS_MECH_UNCERTAIN, u->stream);
        values[k] = ts_uncertain_quantile(u, ts_stream_uniform_pos(&s));
    }
}
