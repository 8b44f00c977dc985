/*
** fit.c — estimating a scenario from an order export (docs/data-format.md
** "Fitting (tiersim fit)"): each parameter's likelihood, its censoring, its
** maximum by GSL's simplex, and its 95% interval.
*/
#include "fit.h"

#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_multimin.h>
#include <gsl/gsl_sf_gamma.h>

#include "date.h"

#define Z95 1.959963984540054
#define MAXDIM 10
/* Delays longer than this are counted in the last histogram cell. */
#define MAXK 400

typedef enum { TR_LOG, TR_LOGIT, TR_LOG1P } transform;

static double back(transform t, double y)
{
    switch (t) {
    case TR_LOG: return exp(y);
    case TR_LOGIT: return 1.0 / (1.0 + exp(-y));
    case TR_LOG1P: return exp(y) - 1.0;
    }
    return y;
}

static double logistic(double y) { return 1.0 / (1.0 + exp(-y)); }

/* ------------------------------------------------------------ the list */

/*
** A note or warning (fit_text.h): msg with one argument per letter of kinds,
** z a size_t, d an int, g a double (as %g writes it), s a string, w a
** ts_fit_what.
*/
static ts_fit_text say(ts_fit_msg msg, const char *kinds, ...)
{
    ts_fit_text t = {.msg = msg};
    va_list ap;
    va_start(ap, kinds);
    for (size_t k = 0; kinds[k] && k < TS_FIT_TEXT_ARGS; k++) {
        switch (kinds[k]) {
        case 'z': t.arg[k] = ts_xasprintf("%zu", va_arg(ap, size_t)); break;
        case 'd': t.arg[k] = ts_xasprintf("%d", va_arg(ap, int)); break;
        case 'g': t.arg[k] = ts_xasprintf("%g", va_arg(ap, double)); break;
        case 's': t.arg[k] = ts_xstrdup(va_arg(ap, const char *)); break;
        default: t.what[k] = (ts_fit_what)va_arg(ap, int); break;
        }
    }
    va_end(ap);
    return t;
}

static void text_free(ts_fit_text *t)
{
    for (size_t k = 0; k < TS_FIT_TEXT_ARGS; k++)
        free(t->arg[k]);
    memset(t, 0, sizeof *t);
}

static ts_fit_param *add(ts_fit *f, const char *path, double est, size_t n, ts_fit_method m, ts_fit_text note)
{
    f->params = ts_xrealloc(f->params, (f->n_params + 1) * sizeof *f->params);
    ts_fit_param *p = &f->params[f->n_params++];
    memset(p, 0, sizeof *p);
    p->path = ts_xstrdup(path);
    p->estimate = est;
    p->lo = p->hi = NAN;
    p->n = n;
    p->method = m;
    p->note = note;
    return p;
}

static void warn(ts_fit *f, ts_fit_text w)
{
    f->warnings = ts_xrealloc(f->warnings, (f->n_warnings + 1) * sizeof *f->warnings);
    f->warnings[f->n_warnings++] = w;
}

/*
** The p-quantile of Beta(a, b): GSL's inverse, or bisection on its CDF
** where the inverse does not converge (it fails for some large a and b).
*/
static double beta_quantile(double p, double a, double b)
{
    double x = gsl_cdf_beta_Pinv(p, a, b); /* the program runs with GSL's handler off (sim/cli/main.c) */
    if (isfinite(x) && fabs(gsl_cdf_beta_P(x, a, b) - p) < 1e-6)
        return x;
    double lo = 0, hi = 1;
    for (int i = 0; i < 100; i++) {
        double mid = 0.5 * (lo + hi);
        if (gsl_cdf_beta_P(mid, a, b) < p)
            lo = mid;
        else
            hi = mid;
    }
    return 0.5 * (lo + hi);
}

/* A default kept because the export has too few observations for it. */
static void too_few(ts_fit *f, const char *path, double def, size_t n, ts_fit_what what)
{
    if (n == 0) {
        add(f, path, def, n, TS_FIT_DEFAULT, say(TS_FIT_MSG_NONE_SEEN, "w", what));
        warn(f, say(TS_FIT_MSG_W_NONE, "swg", path, what, def));
        return;
    }
    add(f, path, def, n, TS_FIT_DEFAULT, say(TS_FIT_MSG_TOO_FEW, "zwd", n, what, TS_FIT_MIN_N));
    warn(f, say(TS_FIT_MSG_W_TOO_FEW, "szwg", path, n, what, def));
}

/*
** A probability from k of n: k/n as the estimate (the ML), the 2.5% and 97.5%
** points of the Jeffreys posterior Beta(k + 1/2, n - k + 1/2) as the interval;
** an uncertain entry when few.
*/
static ts_fit_param *prob(ts_fit *f, const char *path, double def, size_t k, size_t n, ts_fit_what what)
{
    if (n < TS_FIT_MIN_N) {
        too_few(f, path, def, n, what);
        return NULL;
    }
    double a = (double)k + 0.5, b = (double)(n - k) + 0.5;
    ts_fit_param *p = add(f, path, (double)k / (double)n, n, TS_FIT_BETA,
                          say(TS_FIT_MSG_K_OF_N, "zzw", k, n, what));
    p->lo = beta_quantile(0.025, a, b);
    p->hi = beta_quantile(0.975, a, b);
    if (k < TS_FIT_FEW || n - k < TS_FIT_FEW) {
        p->uncertain = true;
        p->dist = TS_DIST_BETA;
        p->dist_p[0] = a;
        p->dist_p[1] = b;
    }
    return p;
}

/* ------------------------------------------------- maximum likelihood */

typedef double (*nll_fn)(const double *x, void *ctx);

typedef struct {
    nll_fn f;
    void *ctx;
} nll_box;

static double gsl_nll(const gsl_vector *v, void *box)
{
    const nll_box *b = box;
    double x[MAXDIM];
    for (size_t i = 0; i < v->size; i++)
        x[i] = gsl_vector_get(v, i);
    double r = b->f(x, b->ctx);
    return isfinite(r) ? r : 1e300;
}

/* Minimise f from x (dim parameters) by the Nelder–Mead simplex, restarted once. */
static void minimise(nll_fn f, void *ctx, double *x, size_t dim)
{
    nll_box box = {f, ctx};
    gsl_multimin_function fn = {.f = gsl_nll, .n = dim, .params = &box};
    gsl_vector *v = gsl_vector_alloc(dim), *step = gsl_vector_alloc(dim);
    gsl_multimin_fminimizer *m = gsl_multimin_fminimizer_alloc(gsl_multimin_fminimizer_nmsimplex2, dim);
    for (int round = 0; round < 2; round++) {
        for (size_t i = 0; i < dim; i++) {
            gsl_vector_set(v, i, x[i]);
            gsl_vector_set(step, i, round == 0 ? 0.3 : 0.05);
        }
        gsl_multimin_fminimizer_set(m, &fn, v, step);
        for (int it = 0; it < 4000; it++) {
            if (gsl_multimin_fminimizer_iterate(m) != GSL_SUCCESS)
                break;
            if (gsl_multimin_test_size(gsl_multimin_fminimizer_size(m), 1e-7) == GSL_SUCCESS)
                break;
        }
        for (size_t i = 0; i < dim; i++)
            x[i] = gsl_vector_get(m->x, i);
    }
    gsl_multimin_fminimizer_free(m);
    gsl_vector_free(v);
    gsl_vector_free(step);
}

/*
** The inverse of the observed information (the numerical Hessian of f at
** the maximum x, central differences) in cov; false when it is not positive
** definite.
*/
static bool covariance(nll_fn f, void *ctx, const double *x, size_t dim, double *cov)
{
    double xx[MAXDIM], h[MAXDIM];
    memcpy(xx, x, dim * sizeof *x);
    for (size_t i = 0; i < dim; i++)
        h[i] = 1e-4 * (1.0 + fabs(x[i]));
    double f0 = f(xx, ctx);
    gsl_matrix *H = gsl_matrix_alloc(dim, dim);
    for (size_t i = 0; i < dim; i++)
        for (size_t j = i; j < dim; j++) {
            double v;
            if (i == j) {
                xx[i] = x[i] + h[i];
                double fp = f(xx, ctx);
                xx[i] = x[i] - h[i];
                double fm = f(xx, ctx);
                xx[i] = x[i];
                v = (fp - 2 * f0 + fm) / (h[i] * h[i]);
            } else {
                double s[4];
                const int si[4] = {1, 1, -1, -1}, sj[4] = {1, -1, 1, -1};
                for (int q = 0; q < 4; q++) {
                    xx[i] = x[i] + si[q] * h[i];
                    xx[j] = x[j] + sj[q] * h[j];
                    s[q] = f(xx, ctx);
                }
                xx[i] = x[i];
                xx[j] = x[j];
                v = (s[0] - s[1] - s[2] + s[3]) / (4 * h[i] * h[j]);
            }
            gsl_matrix_set(H, i, j, v);
            gsl_matrix_set(H, j, i, v);
        }
    bool ok = gsl_linalg_cholesky_decomp1(H) == GSL_SUCCESS && gsl_linalg_cholesky_invert(H) == GSL_SUCCESS;
    if (ok)
        for (size_t i = 0; i < dim * dim; i++)
            cov[i] = gsl_matrix_get(H, i / dim, i % dim);
    gsl_matrix_free(H);
    return ok;
}

/* The Wald interval of g(x) on its transformed scale (delta method), mapped back by t. */
typedef double (*derived_fn)(const double *x, size_t which, const void *ctx);

static void delta_interval(ts_fit_param *p, derived_fn g, size_t which, const void *ctx,
                           const double *x, const double *cov, size_t dim, transform t)
{
    double xx[MAXDIM], grad[MAXDIM];
    memcpy(xx, x, dim * sizeof *x);
    for (size_t i = 0; i < dim; i++) {
        double h = 1e-6 * (1.0 + fabs(x[i]));
        xx[i] = x[i] + h;
        double up = g(xx, which, ctx);
        xx[i] = x[i] - h;
        double dn = g(xx, which, ctx);
        xx[i] = x[i];
        grad[i] = (up - dn) / (2 * h);
    }
    double var = 0;
    for (size_t i = 0; i < dim; i++)
        for (size_t j = 0; j < dim; j++)
            var += grad[i] * cov[i * dim + j] * grad[j];
    double y = g(x, which, ctx), se = sqrt(var > 0 ? var : 0);
    p->lo = back(t, y - Z95 * se);
    p->hi = back(t, y + Z95 * se);
    p->dist_p[1] = se; /* kept for an uncertain entry on the natural scale below */
}

/* A diagnostic histogram of n cells, zeroed; lo and hi only when range. */
static void hist_alloc(ts_fit_hist *d, size_t n, bool range)
{
    d->n = n;
    d->observed = ts_xcalloc(n, sizeof *d->observed);
    d->expected = ts_xcalloc(n, sizeof *d->expected);
    d->lo = range ? ts_xcalloc(n, sizeof *d->lo) : NULL;
    d->hi = range ? ts_xcalloc(n, sizeof *d->hi) : NULL;
}

static void hist_free(ts_fit_hist *d)
{
    free(d->observed);
    free(d->expected);
    free(d->lo);
    free(d->hi);
    memset(d, 0, sizeof *d);
}

/* ------------------------------------------------------------- volume */

/* The NB (or Poisson) CDF of a day's count at k: mean mu, variance mu + phi mu^2. */
static double count_cdf(long k, double mu, double phi)
{
    if (k < 0)
        return 0.0;
    if (phi > 0) {
        double r = 1.0 / phi;
        return gsl_cdf_negative_binomial_P((unsigned)k, r / (r + mu), r);
    }
    return gsl_cdf_poisson_P((unsigned)k, mu);
}

/* The p-quantile of a day's count: the smallest k with P(Y <= k) >= p, searched from the normal approximation. */
static double count_quantile(double p, double mu, double phi)
{
    if (!(mu > 0))
        return 0.0;
    double sd = sqrt(mu + phi * mu * mu);
    long k = lround(mu + (p < 0.5 ? -1.645 : 1.645) * sd);
    if (k < 0)
        k = 0;
    while (k > 0 && count_cdf(k - 1, mu, phi) >= p)
        k--;
    while (count_cdf(k, mu, phi) < p && k < 1L << 40)
        k++;
    return (double)k;
}


typedef struct {
    const double *y; /* counts by day */
    const int *wd;   /* weekday by day */
    const double *d; /* day relative to start */
    size_t n;
    bool weekdays, growth;
    bool poisson; /* dispersion at its boundary 0: Poisson counts, no phi in x */
} vol_ctx;

/* x: log level, [6 log weekday ratios to Monday], [log(1 + g)], log phi */
static void vol_unpack(const vol_ctx *c, const double *x, double *lw, double *lg, double *phi)
{
    size_t i = 1;
    lw[0] = 0;
    for (int k = 1; k < 7; k++)
        lw[k] = c->weekdays ? x[i + (size_t)k - 1] : 0;
    if (c->weekdays)
        i += 6;
    *lg = c->growth ? x[i++] : 0;
    *phi = c->poisson ? 0.0 : exp(x[i] < -14 ? -14 : x[i]);
}

static double vol_nll(const double *x, void *ctx)
{
    const vol_ctx *c = ctx;
    double lw[7], lg, phi;
    vol_unpack(c, x, lw, &lg, &phi);
    double r = 1.0 / phi, ll = 0;
    for (size_t t = 0; t < c->n; t++) {
        double mu = exp(x[0] + lw[c->wd[t]] + lg * c->d[t]), y = c->y[t];
        if (c->poisson) {
            ll += y * log(mu) - mu;
            continue;
        }
        ll += gsl_sf_lngamma(y + r) - gsl_sf_lngamma(r) + r * log(r / (r + mu)) + y * log(mu / (r + mu));
    }
    return -ll;
}

/* which: 0 daily_orders (log), 1..7 weekday factor (log), 8 log(1 + g), 9 phi (log) */
static double vol_derived(const double *x, size_t which, const void *ctx)
{
    const vol_ctx *c = ctx;
    double lw[7], lg, phi, mean = 0;
    vol_unpack(c, x, lw, &lg, &phi);
    for (int k = 0; k < 7; k++)
        mean += exp(lw[k]) / 7.0;
    if (which == 0)
        return x[0] + log(mean);
    if (which <= 7)
        return lw[which - 1] - log(mean);
    if (which == 8)
        return lg;
    return c->poisson ? (double)-INFINITY : log(phi);
}

static void fit_volume(ts_fit *f, const ts_orders *h, ts_civil start)
{
    /* the last TS_FIT_VOLUME_DAYS pay days at most: older orders describe another shop */
    ts_civil first = h->first_paid;
    if (h->last_paid - first + 1 > TS_FIT_VOLUME_DAYS)
        first = h->last_paid - TS_FIT_VOLUME_DAYS + 1;
    f->daily_first = first;
    size_t n = (size_t)(h->last_paid - first + 1), older = 0;
    double *y = ts_xcalloc(n, sizeof *y), *d = ts_xcalloc(n, sizeof *d);
    int *wd = ts_xcalloc(n, sizeof *wd);
    for (size_t i = 0; i < h->n_orders; i++) {
        if (h->orders[i].paid < first)
            older++;
        else
            y[h->orders[i].paid - first] += 1;
    }
    if (older) {
        char day[11];
        ts_date_format(first, day);
        warn(f, say(TS_FIT_MSG_W_OLD_ORDERS, "zsd", older, day, TS_FIT_VOLUME_DAYS));
    }
    double total = 0;
    for (size_t t = 0; t < n; t++) {
        d[t] = (double)(first + (ts_civil)t - start);
        wd[t] = ts_date_weekday(first + (ts_civil)t);
        total += y[t];
    }
    vol_ctx c = {y, wd, d, n, n >= 28, n >= 28, false};
    double x[MAXDIM], mean = total / (double)n;
    size_t dim;
    bool wild = false; /* a growth the scenario cannot take, or that runs away by the start */
    for (;;) {
        memset(x, 0, sizeof x);
        x[0] = log(mean);
        c.poisson = false;
        dim = 2u + (c.weekdays ? 6u : 0u) + (c.growth ? 1u : 0u);
        x[dim - 1] = log(0.05);
        minimise(vol_nll, &c, x, dim);
        if (exp(x[dim - 1]) < 1e-5) { /* the maximum is at phi = 0: refit as Poisson */
            c.poisson = true;
            dim--;
            minimise(vol_nll, &c, x, dim);
        }
        /* growth over 1 a day, which a scenario does not admit, or a level at start over
        ** 1000 times the window's mean (growth carried far past the last pay day) */
        if (!c.growth || (vol_derived(x, 8, &c) <= log(2.0) && vol_derived(x, 0, &c) <= log(1000.0 * mean)))
            break;
        wild = true; /* refit without growth */
        c.growth = false;
    }
    double cov[MAXDIM * MAXDIM];
    bool ok = covariance(vol_nll, &c, x, dim, cov);
    ts_fit_param *p = add(f, "volume.daily_orders", exp(vol_derived(x, 0, &c)), n, TS_FIT_ML,
                          say(TS_FIT_MSG_PAY_DAYS, ""));
    if (ok)
        delta_interval(p, vol_derived, 0, &c, x, cov, dim, TR_LOG);
    static const char *const wpath[7] = {
        "volume.weekday_factors[0]", "volume.weekday_factors[1]", "volume.weekday_factors[2]",
        "volume.weekday_factors[3]", "volume.weekday_factors[4]", "volume.weekday_factors[5]",
        "volume.weekday_factors[6]"};
    for (size_t k = 0; k < 7; k++) {
        if (!c.weekdays) {
            add(f, wpath[k], 1.0, n, TS_FIT_DEFAULT, say(TS_FIT_MSG_WEEKDAYS_FEW, "z", n));
            continue;
        }
        p = add(f, wpath[k], exp(vol_derived(x, 1 + k, &c)), n / 7, TS_FIT_ML,
                say(TS_FIT_MSG_WEEKDAY, ""));
        if (ok)
            delta_interval(p, vol_derived, 1 + k, &c, x, cov, dim, TR_LOG);
    }
    if (c.growth) {
        p = add(f, "volume.growth_per_day", back(TR_LOG1P, vol_derived(x, 8, &c)), n, TS_FIT_ML,
                say(TS_FIT_MSG_PAY_DAYS, ""));
        if (ok)
            delta_interval(p, vol_derived, 8, &c, x, cov, dim, TR_LOG1P);
    } else if (wild) {
        add(f, "volume.growth_per_day", 0.0, n, TS_FIT_DEFAULT, say(TS_FIT_MSG_GROWTH_WILD, ""));
        warn(f, say(TS_FIT_MSG_W_GROWTH_WILD, "s", "volume.growth_per_day"));
    } else {
        add(f, "volume.growth_per_day", 0.0, n, TS_FIT_DEFAULT, say(TS_FIT_MSG_GROWTH_FEW, "z", n));
    }
    if (c.poisson) {
        p = add(f, "volume.dispersion", 0.0, n, TS_FIT_ML, say(TS_FIT_MSG_POISSON, ""));
    } else {
        p = add(f, "volume.dispersion", exp(vol_derived(x, 9, &c)), n, TS_FIT_ML, say(TS_FIT_MSG_PAY_DAYS, ""));
        if (ok)
            delta_interval(p, vol_derived, 9, &c, x, cov, dim, TR_LOG);
    }
    if (!ok)
        warn(f, say(TS_FIT_MSG_W_SINGULAR, "s", "volume"));
    double lw[7], lg, ph;
    vol_unpack(&c, x, lw, &lg, &ph);
    for (int k = 0; k < 7; k++)
        f->fitted_daily[k] = exp(x[0] + lw[k]);
    /* the diagnostic: each pay day's count, its fitted mean and 90% range */
    hist_alloc(&f->daily, n, true);
    for (size_t t = 0; t < n; t++) {
        double mu = exp(x[0] + lw[wd[t]] + lg * d[t]);
        f->daily.observed[t] = y[t];
        f->daily.expected[t] = mu;
        f->daily.lo[t] = count_quantile(0.05, mu, ph);
        f->daily.hi[t] = count_quantile(0.95, mu, ph);
    }
    free(y);
    free(d);
    free(wd);
}

/* --------------------------------------------------------- order value */

static void fit_value(ts_fit *f, const ts_orders *h)
{
    double s = 0, ss = 0;
    size_t n = 0, zero = 0;
    for (size_t i = 0; i < h->n_orders; i++) {
        double v = h->orders[i].value;
        if (!(v > 0)) {
            zero++;
            continue;
        }
        double l = log(v);
        s += l;
        ss += l * l;
        n++;
    }
    if (zero)
        warn(f, say(TS_FIT_MSG_W_ZERO_VALUE, "z", zero));
    if (n < TS_FIT_MIN_N) {
        too_few(f, "order_value.median", 12.0, n, TS_FIT_WHAT_POSITIVE_VALUES);
        too_few(f, "order_value.sigma", 0.8, n, TS_FIT_WHAT_POSITIVE_VALUES);
        return;
    }
    double m = s / (double)n, var = (ss - s * m) / (double)(n - 1);
    if (var < 0)
        var = 0;
    double sd = sqrt(var), t = gsl_cdf_tdist_Pinv(0.975, (double)(n - 1));
    ts_fit_param *p = add(f, "order_value.median", exp(m), n, TS_FIT_EXACT,
                          say(TS_FIT_MSG_COUNTED, "w", TS_FIT_WHAT_POSITIVE_VALUES));
    p->lo = exp(m - t * sd / sqrt((double)n));
    p->hi = exp(m + t * sd / sqrt((double)n));
    /* the ML sigma (divisor n) as the estimate, the chi-square interval around the unbiased variance */
    p = add(f, "order_value.sigma", sqrt(var * (double)(n - 1) / (double)n), n, TS_FIT_EXACT,
            say(TS_FIT_MSG_COUNTED, "w", TS_FIT_WHAT_POSITIVE_VALUES));
    p->lo = sqrt((double)(n - 1) * var / gsl_cdf_chisq_Pinv(0.975, (double)(n - 1)));
    p->hi = sqrt((double)(n - 1) * var / gsl_cdf_chisq_Pinv(0.025, (double)(n - 1)));
}

/* ------------------------------------------------------ small helpers */

/* The most frequent of the values counted in hist[0..MAXK], or def when none. */
static int mode_of(const size_t *hist, int def, size_t *n)
{
    size_t best = 0, total = 0;
    int at = def;
    for (int k = 0; k <= MAXK; k++) {
        total += hist[k];
        if (hist[k] > best) {
            best = hist[k];
            at = k;
        }
    }
    *n = total;
    return at;
}

static void count(size_t *hist, long k)
{
    if (k < 0)
        return;
    hist[k > MAXK ? (size_t)MAXK : (size_t)k]++;
}

/* A fixed delay of the model, as the most frequent value observed. */
static int fixed_delay(ts_fit *f, const char *path, const size_t *hist, int def, ts_fit_what what)
{
    size_t n;
    int m = mode_of(hist, def, &n);
    if (n == 0) {
        add(f, path, def, 0, TS_FIT_DEFAULT, say(TS_FIT_MSG_NONE_SEEN, "w", what));
        return def;
    }
    add(f, path, m, n, TS_FIT_MODE, say(TS_FIT_MSG_MODE_OF, "zw", n, what));
    return m;
}

/* -------------------------------------------------------- fulfilment */

static bool has(ts_civil d) { return d != TS_NO_DATE; }

static int32_t promise_of(const ts_hist_order *o, int32_t def)
{
    return o->promised_days >= 0 ? o->promised_days : def;
}

static int cmp_size(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return (x > y) - (x < y);
}

/*
** The dispatch queue as the export shows it (docs/data-format.md "The likelihoods"),
** for a handling delay hd: per day d of first_day .. L − 1, the orders
** dispatched (sent) and whether an order ready by d was still queued after
** the day's dispatching (busy). The first days also dispatch orders paid
** before the export, which it does not show; they are not judged (busy 0)
** up to the longest pay-to-dispatch delay seen. Returns the busy days.
*/
typedef struct {
    size_t days, *sent;
    uint8_t *busy;
    long longest;
    size_t closings[MAXK + 1]; /* capacity closings by pay-to-close days less one */
    size_t n_closings;
    size_t unexplained;        /* neither dispatched nor closed, older than anyone waited */
} queue_view;

static size_t queue_days(const ts_fit *f, const ts_orders *h, int hd, queue_view *q)
{
    q->days = (size_t)(f->last_day - f->first_day + 1);
    q->sent = ts_xrealloc(q->sent, q->days * sizeof *q->sent);
    q->busy = ts_xrealloc(q->busy, q->days);
    memset(q->sent, 0, q->days * sizeof *q->sent);
    memset(q->busy, 0, q->days);
    memset(q->closings, 0, sizeof q->closings);
    q->n_closings = 0;
    q->longest = 0;
    q->unexplained = 0;
    /* the longest anyone waited: an order still open at L cannot have been queued longer */
    long max_wait = 0;
    for (size_t i = 0; i < h->n_orders; i++) {
        const ts_hist_order *o = &h->orders[i];
        long w = has(o->dispatched) ? o->dispatched - o->paid
                 : has(o->closed_unshipped) ? o->closed_unshipped - o->paid - 1 : 0;
        if (w > max_wait)
            max_wait = w;
    }
    long *waiting = ts_xcalloc(q->days + 1, sizeof *waiting); /* a difference array over days */
    for (size_t i = 0; i < h->n_orders; i++) {
        const ts_hist_order *o = &h->orders[i];
        ts_civil ready = o->paid + hd, gone;
        if (has(o->dispatched)) {
            if (o->dispatched - o->paid > q->longest)
                q->longest = o->dispatched - o->paid;
            q->sent[o->dispatched - f->first_day]++;
            gone = o->dispatched;             /* queued on ready .. dispatched − 1 */
        } else if (has(o->closed_unshipped)) {
            if (o->closed_unshipped - o->paid <= hd)
                continue;                     /* a stock-out: never queued */
            count(q->closings, o->closed_unshipped - o->paid - 1);
            q->n_closings++;
            gone = o->closed_unshipped;       /* closed the day after its deadline */
        } else if (f->last_day - o->paid <= max_wait + 1) {
            gone = f->last_day;               /* still queued at L (L itself is not complete) */
        } else {
            q->unexplained++;                 /* cancelled, or a gap in the export: not a queue */
            continue;
        }
        if (ready < gone) {
            waiting[ready - f->first_day]++;
            waiting[gone - f->first_day]--;
        }
    }
    size_t n = 0;
    long run = 0;
    for (size_t d = 0; d + 1 < q->days; d++) {
        run += waiting[d];
        q->busy[d] = (long)d > q->longest && run > 0;
        n += q->busy[d];
    }
    free(waiting);
    return n;
}

/*
** The busy days' most frequent dispatch count (cap), how many busy days had
** it (agree) and the most any judged day dispatched (most).
*/
static void busy_mode(const queue_view *q, size_t busy, size_t *cap, size_t *agree, size_t *most)
{
    size_t *at = ts_xcalloc(busy + 1, sizeof *at), k = 0;
    *most = 0;
    for (size_t d = 0; d + 1 < q->days; d++) {
        if ((long)d > q->longest && q->sent[d] > *most)
            *most = q->sent[d];
        if (q->busy[d])
            at[k++] = q->sent[d];
    }
    qsort(at, busy, sizeof *at, cmp_size);
    *cap = busy ? at[0] : 0;
    *agree = 0;
    for (size_t i = 0, j; i < busy; i = j) {
        for (j = i; j < busy && at[j] == at[i]; j++)
            ;
        if (j - i > *agree) {
            *agree = j - i;
            *cap = at[i];
        }
    }
    free(at);
}

/* Busy days agree on a capacity: at least 20, 95% dispatching one count, no judged day more. */
static bool capacity_agrees(size_t busy, size_t agree, size_t cap, size_t most)
{
    return busy >= TS_FIT_MIN_N && (double)agree >= 0.95 * (double)busy && cap >= most;
}

/*
** With a binding capacity the pay-to-dispatch delays are no longer all the
** handling delay, and the most frequent one can be a day too long. The
** handling is then the shortest delay, from the shortest seen up to the most
** frequent, under which the busy days agree: at least 20 of them, 95%
** dispatching the same count and no judged day more (docs/data-format.md
** "The likelihoods"). None agrees: the most frequent delay stays.
*/
static int handling_under_capacity(const ts_fit *f, const ts_orders *h, int shortest, int mode, queue_view *q,
                                   size_t *busy)
{
    for (int hd = shortest; hd < mode; hd++) {
        size_t b = queue_days(f, h, hd, q), cap, agree, most;
        busy_mode(q, b, &cap, &agree, &most);
        if (capacity_agrees(b, agree, cap, most)) {
            *busy = b;
            return hd;
        }
    }
    *busy = queue_days(f, h, mode, q);
    return mode;
}

/* capacity_per_day: the most frequent dispatch count of the busy days; ship_deadline_days. */
static void fit_capacity(ts_fit *f, const ts_orders *h, const queue_view *q, size_t busy)
{
    if (!h->has[TS_COL_DISPATCHED_AT]) {
        add(f, "fulfilment.capacity_per_day", -1, 0, TS_FIT_DEFAULT,
            say(TS_FIT_MSG_NO_DISPATCHED_AT, ""));
    } else if (busy == 0) {
        size_t cap, agree, most;
        busy_mode(q, 0, &cap, &agree, &most);
        add(f, "fulfilment.capacity_per_day", -1, 0, TS_FIT_DEFAULT,
            say(TS_FIT_MSG_NO_WAIT, "z", most));
    } else {
        size_t cap, agree, most;
        busy_mode(q, busy, &cap, &agree, &most);
        if (capacity_agrees(busy, agree, cap, most)) {
            add(f, "fulfilment.capacity_per_day", (double)cap, busy, TS_FIT_MODE,
                say(TS_FIT_MSG_CAPACITY, "zz", agree, busy));
        } else {
            add(f, "fulfilment.capacity_per_day", -1, busy, TS_FIT_DEFAULT, say(TS_FIT_MSG_CAPACITY_VARIES, "z", busy));
            warn(f, say(TS_FIT_MSG_W_CAPACITY, "zzzz", busy, agree, cap, most));
        }
    }
    if (q->n_closings)
        fixed_delay(f, "fulfilment.ship_deadline_days", q->closings, 7,
                    TS_FIT_WHAT_CLOSINGS);
    else
        add(f, "fulfilment.ship_deadline_days", 7, 0, TS_FIT_DEFAULT,
            say(TS_FIT_MSG_NO_CLOSING, ""));
}

static void fit_fulfilment(ts_fit *f, const ts_orders *h)
{
    size_t *delays = ts_xcalloc(MAXK + 1, sizeof *delays), *hist = ts_xcalloc(MAXK + 1, sizeof *hist);
    for (size_t i = 0; i < h->n_orders; i++)
        if (has(h->orders[i].dispatched))
            count(delays, h->orders[i].dispatched - h->orders[i].paid);
    size_t handling_at = f->n_params;
    f->handling_days = fixed_delay(f, "fulfilment.handling_days", delays, 2, TS_FIT_WHAT_HANDLING_DELAYS);
    for (size_t i = 0; i < h->n_orders; i++)
        if (h->orders[i].promised_days >= 0)
            count(hist, h->orders[i].promised_days);
    f->promised_days = fixed_delay(f, "fulfilment.promised_delivery_days", hist, 45, TS_FIT_WHAT_PROMISES);
    free(hist);

    /* a binding capacity delays orders past their ready day (docs/data-format.md "The likelihoods") */
    queue_view q = {0};
    size_t busy = queue_days(f, h, f->handling_days, &q);
    if (busy > 0) {
        int shortest = f->handling_days;
        for (int k = 0; k < shortest; k++)
            if (delays[k]) {
                shortest = k;
                break;
            }
        int hd = handling_under_capacity(f, h, shortest, f->handling_days, &q, &busy);
        if (hd != f->handling_days) {
            ts_fit_param *p = &f->params[handling_at];
            p->estimate = f->handling_days = hd;
            text_free(&p->note);
            p->note = say(TS_FIT_MSG_HANDLING_CAPACITY, "");
        }
    }
    free(delays);
    if (q.unexplained)
        warn(f, say(TS_FIT_MSG_W_UNEXPLAINED, "z", q.unexplained));

    /* stock-outs: closed unshipped on or before pay + handling, among orders whose decision is visible */
    size_t k = 0, n = 0;
    for (size_t i = 0; i < h->n_orders; i++) {
        const ts_hist_order *o = &h->orders[i];
        if (o->paid + f->handling_days > f->last_day)
            continue;
        n++;
        if (has(o->closed_unshipped) && o->closed_unshipped - o->paid <= f->handling_days)
            k++;
    }
    prob(f, "fulfilment.stockout_prob", 0.005, k, n, TS_FIT_WHAT_STOCKOUT_ORDERS);
    fit_capacity(f, h, &q, busy);
    free(q.sent);
    free(q.busy);
}

/* Transit of one lane: delivered-after-k-days counts, and in transit c days with or without a visible loss. */
typedef struct {
    size_t delivered[MAXK + 1];
    size_t open_may_be_lost[MAXK + 1]; /* promise not yet run out: lost or still travelling */
    size_t open_not_lost[MAXK + 1];    /* promise run out without a loss: still travelling */
    size_t lost, known;                /* losses among orders whose promise ran out */
    size_t age[MAXK + 1];              /* every dispatched order: days from dispatch to L */
    int kmax;                          /* the largest k counted */
    double l;                          /* loss probability used in the likelihood */
} transit_ctx;

static double gamma_cdf(double t, double shape, double scale)
{
    return t <= 0 ? 0.0 : gsl_cdf_gamma_P(t, shape, scale);
}

/* P(max(1, ceil T) = k) and P(max(1, ceil T) > c) for T gamma with mean m, sd s. */
static double transit_nll(const double *x, void *ctx)
{
    const transit_ctx *c = ctx;
    double m = exp(x[0]), s = exp(x[1]);
    double shape = m * m / (s * s), scale = s * s / m, ll = 0;
    if (!(shape > 1e-3 && shape < 1e7))
        return INFINITY;
    double prev = 0;
    for (int k = 0; k <= c->kmax; k++) {
        double F = k == 0 ? 0 : gamma_cdf(k, shape, scale);
        double pk = k == 1 ? F : F - prev, surv = k == 0 ? 1.0 : 1.0 - F;
        prev = F;
        if (c->delivered[k])
            ll += (double)c->delivered[k] * log(fmax(pk, 1e-300));
        if (c->open_not_lost[k])
            ll += (double)c->open_not_lost[k] * log(fmax(surv, 1e-300));
        if (c->open_may_be_lost[k])
            ll += (double)c->open_may_be_lost[k] * log(fmax(c->l / (1 - c->l) + surv, 1e-300));
    }
    return -ll;
}

static double transit_derived(const double *x, size_t which, const void *ctx)
{
    (void)ctx;
    return x[which];
}

/*
** The lane's diagnostic (docs/data-format.md "Diagnostic charts"): deliveries
** after k days against (1 - l) P(K = k) N_k, N_k the dispatched orders at
** least k days old by L — the fitted law under the export's censoring.
*/
static void transit_diag(const ts_fit *f, ts_fit_lane *lane, const transit_ctx *c)
{
    int kmax = 1;
    for (int k = 0; k <= MAXK; k++)
        if (c->delivered[k])
            kmax = k;
    int promise = lane->promise >= 0 ? lane->promise : f->promised_days;
    int n = kmax + 2 > promise - f->handling_days + 2 ? kmax + 2 : promise - f->handling_days + 2;
    if (n > MAXK + 1)
        n = MAXK + 1;
    hist_alloc(&lane->transit, (size_t)n, false);
    double shape = lane->mean * lane->mean / (lane->sd * lane->sd), scale = lane->sd * lane->sd / lane->mean;
    double older = 0, prev = 0; /* N_k: orders at least k days old */
    for (int k = MAXK; k >= n; k--)
        older += (double)c->age[k];
    for (int k = n - 1; k >= 1; k--) {
        older += (double)c->age[k];
        lane->transit.observed[k] = (double)c->delivered[k];
        lane->transit.expected[k] = older; /* times P(K = k) below */
    }
    for (int k = 1; k < n; k++) {
        double F = gamma_cdf(k, shape, scale);
        lane->transit.expected[k] *= (1 - lane->lost) * (k == 1 ? F : F - prev);
        prev = F;
    }
}

/* Fit the lane's transit; prefix is "fulfilment.carriers[i]". */
static void fit_lane(ts_fit *f, const ts_orders *h, ts_fit_lane *lane, const char *prefix, bool report)
{
    transit_ctx *c = ts_xcalloc(1, sizeof *c);
    double sum = 0, sum2 = 0;
    size_t nd = 0;
    for (size_t i = 0; i < h->n_orders; i++) {
        const ts_hist_order *o = &h->orders[i];
        if (!has(o->dispatched) || o->carrier != lane->carrier)
            continue;
        int32_t pr = promise_of(o, f->promised_days);
        if (lane->promise >= 0 && pr != lane->promise)
            continue;
        bool due = o->paid + pr <= f->last_day;
        count(c->age, f->last_day - o->dispatched);
        if (due) {
            c->known++;
            c->lost += o->lost == 1;
        }
        if (has(o->delivered)) {
            long k = o->delivered - o->dispatched;
            count(c->delivered, k < 1 ? 1 : k);
            sum += (double)k;
            sum2 += (double)k * (double)k;
            nd++;
        } else if (o->lost != 1) {
            count(due ? c->open_not_lost : c->open_may_be_lost, f->last_day - o->dispatched);
        }
    }
    char path[96];
    snprintf(path, sizeof path, "%s.lost_prob", prefix);
    double a = (double)c->lost + 0.5, b = (double)(c->known - c->lost) + 0.5;
    lane->lost = c->known ? (double)c->lost / (double)c->known : 0.005;
    if (report) {
        const ts_fit_param *lp = prob(f, path, 0.005, c->lost, c->known, TS_FIT_WHAT_LOSS_ORDERS);
        if (!lp)
            lane->lost = 0.005;
    }
    c->l = fmin(fmax(c->known ? a / (a + b) : 0.005, 1e-9), 0.5);
    snprintf(path, sizeof path, "%s.transit_mean", prefix);
    char sdpath[96];
    snprintf(sdpath, sizeof sdpath, "%s.transit_sd", prefix);
    if (nd < TS_FIT_MIN_N) {
        if (report) {
            too_few(f, path, 18, nd, TS_FIT_WHAT_DELIVERIES);
            too_few(f, sdpath, 7, nd, TS_FIT_WHAT_DELIVERIES);
        }
        lane->mean = 18;
        lane->sd = 7;
        if (report)
            transit_diag(f, lane, c);
        free(c);
        return;
    }
    for (int k = 0; k <= MAXK; k++)
        if (c->delivered[k] || c->open_not_lost[k] || c->open_may_be_lost[k])
            c->kmax = k;
    double mean = sum / (double)nd, var = sum2 / (double)nd - mean * mean;
    double x[2] = {log(mean), log(sqrt(var > 0.25 ? var : 0.25))};
    minimise(transit_nll, c, x, 2);
    double cov[4];
    bool ok = covariance(transit_nll, c, x, 2, cov);
    lane->mean = exp(x[0]);
    lane->sd = exp(x[1]);
    if (report) {
        ts_fit_param *p = add(f, path, lane->mean, nd, TS_FIT_ML, say(TS_FIT_MSG_TRANSIT, ""));
        if (ok)
            delta_interval(p, transit_derived, 0, NULL, x, cov, 2, TR_LOG);
        if (nd < 100 && ok) {
            p->uncertain = true;
            p->dist = TS_DIST_LOGNORMAL;
            p->dist_p[0] = lane->mean;
        }
        p = add(f, sdpath, lane->sd, nd, TS_FIT_ML, say(TS_FIT_MSG_TRANSIT, ""));
        if (ok)
            delta_interval(p, transit_derived, 1, NULL, x, cov, 2, TR_LOG);
        if (!ok)
            warn(f, say(TS_FIT_MSG_W_SINGULAR, "s", prefix));
        transit_diag(f, lane, c);
    }
    free(c);
}

/* Late share implied for orders of lane l whose promise ran out: P(handling + max(1, ceil T) > P). */
static double implied_late(double mean, double sd, int promise, int handling)
{
    int k = promise - handling;
    if (k < 1)
        return 1.0;
    double shape = mean * mean / (sd * sd), scale = sd * sd / mean;
    return 1.0 - gamma_cdf(k, shape, scale);
}

/* Lanes: one per carrier, or per carrier and promise when that is closer to the observed late share. */
static void fit_lanes(ts_fit *f, const ts_orders *h)
{
    int nc = (int)h->n_carriers;
    size_t *per = ts_xcalloc((size_t)nc + 1, sizeof *per), dispatched = 0;
    /* distinct (carrier, promise) pairs */
    ts_fit_lane *pairs = NULL;
    size_t n_pairs = 0;
    size_t late = 0, due = 0;
    for (size_t i = 0; i < h->n_orders; i++) {
        const ts_hist_order *o = &h->orders[i];
        if (!has(o->dispatched))
            continue;
        dispatched++;
        per[o->carrier + 1]++;
        int pr = promise_of(o, f->promised_days);
        size_t j = 0;
        while (j < n_pairs && !(pairs[j].carrier == o->carrier && pairs[j].promise == pr))
            j++;
        if (j == n_pairs) {
            pairs = ts_xrealloc(pairs, (n_pairs + 1) * sizeof *pairs);
            pairs[n_pairs++] = (ts_fit_lane){.carrier = o->carrier, .promise = pr};
        }
        pairs[j].n++;
        if (o->lost != 1 && o->paid + pr <= f->last_day) {
            due++;
            late += !(has(o->delivered) && o->delivered - o->paid <= pr);
        }
    }
    f->late_n = due;
    f->late_observed = due ? (double)late / (double)due : (double)NAN;

    /* one lane per carrier (orders without a carrier name form none) */
    ts_fit_lane *one = NULL;
    size_t n_one = 0;
    for (int k = -1; k < nc; k++)
        if (per[k + 1] && (k >= 0 || nc == 0)) {
            one = ts_xrealloc(one, (n_one + 1) * sizeof *one);
            one[n_one++] = (ts_fit_lane){.carrier = k, .promise = -1, .n = per[k + 1]};
        }
    size_t used = 0;
    for (size_t j = 0; j < n_one; j++)
        used += one[j].n;
    for (size_t j = 0; j < n_one; j++) {
        one[j].share = (double)one[j].n / (double)used;
        fit_lane(f, h, &one[j], "lane", false);
    }
    for (size_t j = 0; j < n_pairs; j++) {
        pairs[j].share = (double)pairs[j].n / (double)dispatched;
        fit_lane(f, h, &pairs[j], "lane", false);
    }
    /* the implied late share over the same due orders */
    double s1 = 0, s2 = 0;
    for (size_t i = 0; i < h->n_orders; i++) {
        const ts_hist_order *o = &h->orders[i];
        int pr = promise_of(o, f->promised_days);
        if (!has(o->dispatched) || o->lost == 1 || o->paid + pr > f->last_day)
            continue;
        for (size_t j = 0; j < n_one; j++)
            if (one[j].carrier == o->carrier)
                s1 += implied_late(one[j].mean, one[j].sd, f->promised_days, f->handling_days);
        for (size_t j = 0; j < n_pairs; j++)
            if (pairs[j].carrier == o->carrier && pairs[j].promise == pr)
                s2 += implied_late(pairs[j].mean, pairs[j].sd, pr, f->handling_days);
    }
    f->late_one_lane = due ? s1 / (double)due : (double)NAN;
    f->late_lanes = due ? s2 / (double)due : (double)NAN;
    bool differ = n_pairs > n_one;
    for (size_t j = 0; j < n_pairs; j++)
        differ = differ || pairs[j].promise != f->promised_days;
    f->by_promise = differ && due > 0 &&
                    fabs(f->late_lanes - f->late_observed) < fabs(f->late_one_lane - f->late_observed);
    if (f->by_promise) {
        f->lanes = pairs;
        f->n_lanes = n_pairs;
        free(one);
    } else {
        f->lanes = one;
        f->n_lanes = n_one;
        free(pairs);
    }
    /* the reported parameters, lane by lane */
    for (size_t j = 0; j < f->n_lanes; j++) {
        char prefix[64], path[96];
        snprintf(prefix, sizeof prefix, "fulfilment.carriers[%zu]", j);
        snprintf(path, sizeof path, "%s.share", prefix);
        if (f->n_lanes == 1) {
            add(f, path, 1.0, f->lanes[j].n, TS_FIT_EXACT, say(TS_FIT_MSG_ONLY_LANE, ""));
        } else {
            ts_fit_param *p = prob(f, path, f->lanes[j].share, f->lanes[j].n,
                                   f->by_promise ? dispatched : used, TS_FIT_WHAT_DISPATCHED);
            if (p)
                p->uncertain = false; /* shares must sum to 1: never drawn on their own */
        }
        fit_lane(f, h, &f->lanes[j], prefix, true);
    }
    if (f->n_lanes == 0) {
        /* no dispatched order: the scenario gets one carrier at the defaults (fit_write.c) */
        static const struct { const char *path; double def; } KEEP[] = {
            {"fulfilment.carriers[0].share", 1}, {"fulfilment.carriers[0].transit_mean", 18},
            {"fulfilment.carriers[0].transit_sd", 7}, {"fulfilment.carriers[0].lost_prob", 0.005}};
        for (size_t i = 0; i < sizeof KEEP / sizeof *KEEP; i++)
            add(f, KEEP[i].path, KEEP[i].def, 0, TS_FIT_DEFAULT,
                say(TS_FIT_MSG_NO_DISPATCH, ""));
        warn(f, say(TS_FIT_MSG_W_NO_CARRIER, ""));
    }
    free(per);
}

/* ----------------------------------------------------------- disputes */

static void fit_disputes(ts_fit *f, const ts_orders *h)
{
    size_t *hist = ts_xcalloc(MAXK + 1, sizeof *hist);
    for (size_t i = 0; i < h->n_orders; i++) {
        const ts_hist_order *o = &h->orders[i];
        if (has(o->dispute_opened) && has(o->delivered))
            count(hist, o->dispute_opened - o->delivered);
    }
    fixed_delay(f, "buyers.dispute_open_delay_days", hist, 3, TS_FIT_WHAT_OPEN_DELAYS);
    memset(hist, 0, (MAXK + 1) * sizeof *hist);
    for (size_t i = 0; i < h->n_orders; i++) {
        const ts_hist_order *o = &h->orders[i];
        if (has(o->dispute_opened) && has(o->arbitration))
            count(hist, o->arbitration - o->dispute_opened);
    }
    int esc = fixed_delay(f, "service.escalation_days", hist, 7, TS_FIT_WHAT_ESCALATION_DELAYS);
    memset(hist, 0, (MAXK + 1) * sizeof *hist);
    for (size_t i = 0; i < h->n_orders; i++) {
        const ts_hist_order *o = &h->orders[i];
        if (has(o->arbitration) && has(o->dispute_closed))
            count(hist, o->dispute_closed - o->arbitration);
    }
    fixed_delay(f, "service.ruling_days", hist, 10, TS_FIT_WHAT_RULING_DELAYS);
    memset(hist, 0, (MAXK + 1) * sizeof *hist);
    for (size_t i = 0; i < h->n_orders; i++) {
        const ts_hist_order *o = &h->orders[i];
        if (has(o->dispute_opened) && !has(o->arbitration) && o->replied == 1 && has(o->dispute_closed))
            count(hist, o->dispute_closed - o->dispute_opened);
    }
    fixed_delay(f, "service.close_days", hist, 7, TS_FIT_WHAT_CLOSE_DELAYS);
    free(hist);

    size_t rk = 0, rn = 0, ak = 0, an = 0, sk = 0, sn = 0;
    for (size_t i = 0; i < h->n_orders; i++) {
        const ts_hist_order *o = &h->orders[i];
        if (!has(o->dispute_opened))
            continue;
        /* a reply shows at once, its absence after 5 days: only disputes 5 days old say which */
        if (o->dispute_opened + 5 <= f->last_day && o->replied >= 0) {
            rn++;
            rk += o->replied == 1;
        }
        if (o->replied == 1 && o->dispute_opened + esc <= f->last_day) {
            an++;
            ak += has(o->arbitration);
        }
        if (o->ruling >= 0) {
            sn++;
            sk += o->ruling == 1;
        }
    }
    prob(f, "service.dispute_reply_prob", 0.97, rk, rn, TS_FIT_WHAT_OLD_DISPUTES);
    prob(f, "service.arbitration_prob", 0.15, ak, an, TS_FIT_WHAT_ESCALABLE);
    prob(f, "service.seller_responsible_prob", 0.5, sk, sn, TS_FIT_WHAT_RULINGS);
}

/* ----------------------------------------------------------- feedback */

typedef struct {
    size_t seen[MAXK + 1];   /* feedback after D = k days */
    size_t unseen[MAXK + 1]; /* no feedback yet, c = k days observed after the end */
    size_t obs[MAXK + 1];    /* every order counted: c = k days observed after the end */
    int w;
} fb_ctx;

/* P(D = k) ∝ (1 − q)^(k−1) on 1..W (docs/model.md §7); x: logit p, log(mean − 1). */
static double fb_nll(const double *x, void *ctx)
{
    const fb_ctx *c = ctx;
    double p = logistic(x[0]), mean = 1 + exp(x[1] < -20 ? -20 : x[1]), q = 1 / mean;
    double norm = -expm1((double)c->w * log1p(-q)), ll = 0;
    for (int k = 0; k <= MAXK; k++) {
        if (c->seen[k]) {
            int kk = k < 1 ? 1 : k > c->w ? c->w : k;
            ll += (double)c->seen[k] * (log(p) + (kk - 1) * log1p(-q) + log(q) - log(norm));
        }
        if (c->unseen[k]) {
            int cc = k > c->w ? c->w : k;
            double cdf = -expm1((double)cc * log1p(-q)) / norm;
            ll += (double)c->unseen[k] * log((1 - p) + p * (1 - cdf) + 1e-300);
        }
    }
    return -ll;
}

static double fb_derived(const double *x, size_t which, const void *ctx)
{
    (void)ctx;
    return x[which];
}

/*
** The feedback diagnostic: feedbacks after k = 1..W days (later ones at W, as
** in the likelihood) against p P(D = k) N_k, N_k the orders counted that were
** observed at least k days after their end day.
*/
static void feedback_diag(ts_fit *f, const fb_ctx *c)
{
    size_t n = (size_t)c->w + 1;
    hist_alloc(&f->feedback, n, false);
    double q = 1 / f->feedback_mean, norm = -expm1((double)c->w * log1p(-q)), older = 0;
    for (int k = MAXK; k > c->w; k--) {
        older += (double)c->obs[k];
        f->feedback.observed[c->w] += (double)c->seen[k];
    }
    for (int k = c->w; k >= 1; k--) {
        older += (double)c->obs[k];
        f->feedback.observed[k] += (double)c->seen[k];
        f->feedback.expected[k] = older * f->feedback_prob * exp((k - 1) * log1p(-q)) * q / norm;
    }
}

static void fit_feedback(ts_fit *f, const ts_orders *h)
{
    /* confirm_days: the shortest delivery-to-feedback delay of undisputed orders, less the D ≥ 1 */
    long minfb = -1;
    size_t nfb = 0;
    for (size_t i = 0; i < h->n_orders; i++) {
        const ts_hist_order *o = &h->orders[i];
        if (has(o->delivered) && has(o->feedback) && !has(o->dispute_opened)) {
            long d = o->feedback - o->delivered;
            nfb++;
            if (minfb < 0 || d < minfb)
                minfb = d;
        }
    }
    int confirm = 5;
    if (minfb >= 1) {
        confirm = (int)minfb - 1;
        add(f, "fulfilment.confirm_days", confirm, nfb, TS_FIT_MODE,
            say(TS_FIT_MSG_CONFIRM, ""));
    } else {
        add(f, "fulfilment.confirm_days", confirm, 0, TS_FIT_DEFAULT, say(TS_FIT_MSG_NO_CONFIRM, ""));
    }
    fb_ctx *c = ts_xcalloc(1, sizeof *c);
    c->w = 30;
    size_t n = 0, nk = 0, outside = 0;
    for (size_t i = 0; i < h->n_orders; i++) {
        const ts_hist_order *o = &h->orders[i];
        if (!has(o->delivered) || has(o->arbitration))
            continue;
        ts_civil end;
        if (has(o->dispute_opened)) {
            if (!has(o->dispute_closed))
                continue; /* its end day is not known yet */
            end = o->dispute_closed;
        } else {
            end = o->delivered + confirm;
        }
        if (end >= f->last_day && !has(o->feedback))
            continue; /* nothing observed yet: contributes a factor 1 */
        n++;
        if (has(o->feedback)) {
            long d = o->feedback - end;
            if (d < 1 || d > c->w)
                outside++;
            count(c->seen, d < 1 ? 1 : d);
            long seen_for = f->last_day - end;
            count(c->obs, seen_for > (d < 1 ? 1 : d) ? seen_for : (d < 1 ? 1 : d));
            nk++;
        } else {
            count(c->obs, f->last_day - end);
            count(c->unseen, f->last_day - end);
        }
    }
    if (outside)
        warn(f, say(TS_FIT_MSG_W_FEEDBACK_OUTSIDE, "zd", outside, c->w));
    add(f, "buyers.feedback_window_days", c->w, 0, TS_FIT_DEFAULT, say(TS_FIT_MSG_NOT_IDENTIFIED, ""));
    f->feedback_window = c->w;
    if (nk < TS_FIT_MIN_N) {
        too_few(f, "buyers.feedback_prob", 0.4, nk, TS_FIT_WHAT_FEEDBACKS);
        too_few(f, "buyers.feedback_delay_mean", 5, nk, TS_FIT_WHAT_FEEDBACKS);
        f->feedback_prob = 0.4;
        f->feedback_mean = 5;
        feedback_diag(f, c);
        free(c);
        return;
    }
    double x[2] = {0, log(4)};
    minimise(fb_nll, c, x, 2);
    double cov[4];
    bool ok = covariance(fb_nll, c, x, 2, cov);
    ts_fit_param *p = add(f, "buyers.feedback_prob", logistic(x[0]), n, TS_FIT_ML,
                          say(TS_FIT_MSG_FEEDBACK_PROB, ""));
    if (ok)
        delta_interval(p, fb_derived, 0, NULL, x, cov, 2, TR_LOGIT);
    p = add(f, "buyers.feedback_delay_mean", 1 + exp(x[1]), nk, TS_FIT_ML,
              say(TS_FIT_MSG_FEEDBACK_DELAY, ""));
    if (ok) {
        delta_interval(p, fb_derived, 1, NULL, x, cov, 2, TR_LOG);
        p->lo += 1;
        p->hi += 1;
    }
    f->feedback_prob = logistic(x[0]);
    f->feedback_mean = 1 + exp(x[1]);
    feedback_diag(f, c);
    free(c);
}

/* -------------------------------------------------------------- stars */

static void fit_stars(ts_fit *f, const ts_orders *h)
{
    size_t star[6] = {0};
    for (size_t i = 0; i < h->n_orders; i++) {
        const ts_hist_order *o = &h->orders[i];
        star[o->stars]++;
        for (int j = 0; j < 3; j++)
            star[o->dsr[j]]++;
    }
    prob(f, "buyers.five_star_share", 0.85, star[5], star[4] + star[5],
         TS_FIT_WHAT_HIGH_SCORES);
    size_t low = star[1] + star[2] + star[3];
    static const char *const wpath[3] = {"buyers.low_star_weights[0]", "buyers.low_star_weights[1]",
                                         "buyers.low_star_weights[2]"};
    static const double def[3] = {0.45, 0.2, 0.35};
    for (int j = 0; j < 3; j++) {
        ts_fit_param *p = prob(f, wpath[j], def[j], star[j + 1], low, TS_FIT_WHAT_LOW_SCORES);
        if (p)
            p->uncertain = false; /* weights are normalised together: not drawn one by one */
    }
    /* the diagnostic: the observed high (4-5) and low (1-3) totals split by the fitted shares */
    hist_alloc(&f->stars, 6, false);
    double five = ts_fit_find(f, "buyers.five_star_share")->estimate, w[3], wsum = 0;
    for (int j = 0; j < 3; j++)
        wsum += w[j] = ts_fit_find(f, wpath[j])->estimate;
    for (int j = 1; j <= 5; j++)
        f->stars.observed[j] = (double)star[j];
    f->stars.expected[5] = (double)(star[4] + star[5]) * five;
    f->stars.expected[4] = (double)(star[4] + star[5]) * (1 - five);
    for (int j = 0; j < 3; j++)
        f->stars.expected[j + 1] = wsum > 0 ? (double)low * w[j] / wsum : 0.0;

    /* revisions: contact × success from low overall feedback old enough for a revision */
    size_t *hist = ts_xcalloc(MAXK + 1, sizeof *hist);
    for (size_t i = 0; i < h->n_orders; i++) {
        const ts_hist_order *o = &h->orders[i];
        if (has(o->revised) && has(o->feedback))
            count(hist, o->revised - o->feedback);
    }
    int delay = fixed_delay(f, "service.revision.delay_days", hist, 3, TS_FIT_WHAT_REVISION_DELAYS);
    free(hist);
    size_t k = 0, n = 0;
    for (size_t i = 0; i < h->n_orders; i++) {
        const ts_hist_order *o = &h->orders[i];
        if (has(o->feedback) && o->stars >= 1 && o->stars <= 3 && o->feedback + delay <= f->last_day) {
            n++;
            k += has(o->revised);
        }
    }
    if (k == 0 && n >= TS_FIT_MIN_N) {
        ts_fit_param *z = add(f, "service.revision.contact_prob", 0.0, n, TS_FIT_BETA,
                              say(TS_FIT_MSG_NO_REVISION, "z", n));
        z->lo = 0;
        z->hi = fmin(1, beta_quantile(0.975, 0.5, (double)n + 0.5) / 0.3);
        return;
    }
    ts_fit_param *p = prob(f, "service.revision.contact_prob", 0.0, k, n, TS_FIT_WHAT_LOW_FEEDBACKS);
    if (p) {
        /* only contact × success (0.3, kept) is identified */
        p->estimate = fmin(1, p->estimate / 0.3);
        p->lo = fmin(1, p->lo / 0.3);
        p->hi = fmin(1, p->hi / 0.3);
        p->uncertain = false;
        text_free(&p->note);
        p->note = say(TS_FIT_MSG_REVISION, "zz", k, n);
    }
}

/* ------------------------------------------ defects, slow replies, bases */

/*
** The flags quality, mismatch and slow_reply are never in an export; their
** probabilities show through the disputes they raise (by reason) and the low
** scores they cause (docs/data-format.md "The likelihoods"). With
** the noisy-or coefficients taken as the model's defaults, the order's
** likelihood sums over its hidden flags. Orders are counted by pattern.
*/
enum { FL_Q, FL_M, FL_S, FL_DISPUTE, FL_OVERALL, FL_DESC, FL_COMM, FL_SHIP, FL_N };

static const char *const FL_PATH[FL_N] = {
    "product.quality_defect_prob", "product.description_mismatch_prob", "service.slow_reply_prob",
    "buyers.dispute.base", "buyers.negative_feedback.base", "buyers.low_dsr.description.base",
    "buyers.low_dsr.communication.base", "buyers.low_dsr.shipping.base",
};

/* what the export shows of an order's dispute */
enum { DO_NONE, DO_ANY, DO_NAD, DO_QUALITY, DO_OTHER, DO_N };
/* a score: not seen, not low (4-5), low (1-3) */
enum { SC_NONE, SC_HIGH, SC_LOW };

#define FL_CELLS (2 * 2 * DO_N * 3 * 81)

typedef struct {
    size_t cell[FL_CELLS];   /* orders by pattern: lost, late, dispute, slow seen, four scores */
    ts_noisy_or dispute, score[4]; /* the defaults: overall, description, communication, shipping */
    double fixed[FL_N];      /* the probabilities not fitted (logit scale unused) */
    int free_at[FL_N];       /* index into x, or -1 */
} fl_ctx;

static size_t fl_index(int lost, int late, int dobs, int sobs, const int sc[4])
{
    size_t r = (size_t)((lost * 2 + late) * DO_N + dobs) * 3 + (size_t)sobs;
    for (int j = 0; j < 4; j++)
        r = r * 3 + (size_t)sc[j];
    return r;
}

static double fl_value(const fl_ctx *c, const double *x, int k)
{
    if (c->free_at[k] < 0)
        return c->fixed[k];
    double y = x[c->free_at[k]];
    return logistic(y < -30 ? -30 : y > 30 ? 30 : y);
}

/* noisy_or(base, the coefficients of the flags in mask) */
static double noisy(const ts_noisy_or *t, double base, unsigned mask)
{
    double keep = 1 - base;
    for (int k = 0; k < TS_FLAG_COUNT; k++)
        if (mask >> k & 1u)
            keep *= 1 - t->coef[k];
    return 1 - keep;
}

static double fl_nll(const double *x, void *ctx)
{
    const fl_ctx *c = ctx;
    double p[FL_N];
    for (int k = 0; k < FL_N; k++)
        p[k] = fl_value(c, x, k);
    double ll = 0;
    for (size_t i = 0; i < FL_CELLS; i++) {
        if (!c->cell[i])
            continue;
        size_t r = i;
        int sc[4];
        for (int j = 3; j >= 0; j--) {
            sc[j] = (int)(r % 3);
            r /= 3;
        }
        int sobs = (int)(r % 3);
        r /= 3;
        int dobs = (int)(r % DO_N);
        r /= DO_N;
        int late = (int)(r % 2), lost = (int)(r / 2);
        double like = 0;
        for (int q = 0; q <= !lost; q++)
            for (int m = 0; m <= !lost; m++)
                for (int s = 0; s < 2; s++) {
                    if ((sobs == 1 && s) || (sobs == 2 && !s))
                        continue;
                    if ((dobs == DO_NAD && !m) || (dobs == DO_QUALITY && (!q || m)) ||
                        (dobs == DO_OTHER && (q || m)))
                        continue;
                    double w = lost ? 1 : (q ? p[FL_Q] : 1 - p[FL_Q]) * (m ? p[FL_M] : 1 - p[FL_M]);
                    if (sobs == 0)
                        w *= s ? p[FL_S] : 1 - p[FL_S];
                    unsigned mask = (unsigned)q << TS_FLAG_QUALITY | (unsigned)m << TS_FLAG_MISMATCH |
                                    (unsigned)late << TS_FLAG_LATE | (unsigned)lost << TS_FLAG_LOST |
                                    (unsigned)s << TS_FLAG_SLOW_REPLY;
                    double pd = noisy(&c->dispute, p[FL_DISPUTE], mask);
                    w *= dobs == DO_NONE ? 1 - pd : pd;
                    if (dobs != DO_NONE)
                        mask |= 1u << TS_FLAG_DISPUTED;
                    for (int j = 0; j < 4; j++)
                        if (sc[j] != SC_NONE) {
                            double pl = noisy(&c->score[j], p[FL_OVERALL + j], mask);
                            w *= sc[j] == SC_LOW ? pl : 1 - pl;
                        }
                    like += w;
                }
        ll += (double)c->cell[i] * log(like + 1e-300);
    }
    return -ll;
}

static double fl_derived(const double *x, size_t which, const void *ctx)
{
    (void)ctx;
    return x[which];
}

static int score_state(uint8_t stars)
{
    return stars == 0 ? SC_NONE : stars <= 3 ? SC_LOW : SC_HIGH;
}

static void fit_flags(ts_fit *f, const ts_orders *h)
{
    ts_scenario def;
    ts_scenario_init_defaults(&def);
    fl_ctx *c = ts_xcalloc(1, sizeof *c);
    c->dispute = def.buyers.dispute;
    c->score[0] = def.buyers.negative_feedback;
    for (int j = 0; j < TS_DSR_COUNT; j++)
        c->score[1 + j] = def.buyers.low_dsr[j];
    c->fixed[FL_Q] = def.product.quality_defect_prob;
    c->fixed[FL_M] = def.product.description_mismatch_prob;
    c->fixed[FL_S] = def.service.slow_reply_prob;
    c->fixed[FL_DISPUTE] = def.buyers.dispute.base;
    c->fixed[FL_OVERALL] = def.buyers.negative_feedback.base;
    for (int j = 0; j < TS_DSR_COUNT; j++)
        c->fixed[FL_DESC + j] = def.buyers.low_dsr[j].base;
    ts_scenario_release(&def);

    const ts_fit_param *od = ts_fit_find(f, "buyers.dispute_open_delay_days");
    int open_delay = od ? (int)od->estimate : 3;
    bool slow_seen = h->has[TS_COL_FIRST_REPLY_MINUTES];
    size_t orders = 0, scored[4] = {0}, disputes = 0, gift_reviews = 0;
    for (size_t i = 0; i < h->n_orders; i++) {
        const ts_hist_order *o = &h->orders[i];
        int lost = o->lost == 1, late = 0, dobs;
        ts_civil open_day;
        if (lost) {
            /* a loss shows, and its dispute opens, on pay + promise */
            open_day = o->paid + promise_of(o, f->promised_days);
        } else if (has(o->delivered)) {
            open_day = o->delivered + open_delay;
            late = o->delivered > o->paid + promise_of(o, f->promised_days);
        } else {
            continue;
        }
        if (!has(o->dispute_opened) && open_day > f->last_day)
            continue; /* whether it is disputed is not known yet: a factor 1 */
        if (!has(o->dispute_opened))
            dobs = DO_NONE;
        else if (!lost && o->reason == TS_REASON_NOT_AS_DESCRIBED)
            dobs = DO_NAD;
        else if (!lost && o->reason == TS_REASON_QUALITY)
            dobs = DO_QUALITY;
        else if (!lost && o->reason == TS_REASON_OTHER)
            dobs = DO_OTHER;
        else
            dobs = DO_ANY; /* no reason, or one the order's fate does not fit */
        int sobs = 0;
        if (slow_seen)
            sobs = !isnan(o->first_reply_minutes) && o->first_reply_minutes > 1440 ? 2 : 1;
        int sc[4] = {SC_NONE, SC_NONE, SC_NONE, SC_NONE};
        if (has(o->feedback) && !lost) {
            if (o->gift_tier >= 0) {
                gift_reviews++; /* a gift's satisfaction scales the low scores: left out */
            } else {
                sc[0] = score_state(o->stars);
                for (int j = 0; j < 3; j++)
                    sc[1 + j] = score_state(o->dsr[j]);
            }
        }
        for (int j = 0; j < 4; j++)
            scored[j] += sc[j] != SC_NONE;
        disputes += dobs != DO_NONE;
        orders++;
        c->cell[fl_index(lost, late, dobs, sobs, sc)]++;
    }
    if (gift_reviews)
        warn(f, say(TS_FIT_MSG_W_GIFTS, "z", gift_reviews));

    /* which probabilities the orders identify */
    static const ts_fit_what what[FL_N] = {
        TS_FIT_WHAT_DEFECT_ORDERS, TS_FIT_WHAT_DEFECT_ORDERS, TS_FIT_WHAT_SLOW_ORDERS, TS_FIT_WHAT_DISPUTE_ORDERS,
        TS_FIT_WHAT_OVERALL_SCORES, TS_FIT_WHAT_DESCRIPTION_SCORES, TS_FIT_WHAT_COMMUNICATION_SCORES,
        TS_FIT_WHAT_SHIPPING_SCORES};
    bool disputes_known = h->has[TS_COL_DISPUTE_OPENED_AT];
    size_t dim = 0;
    for (int k = 0; k < FL_N; k++) {
        size_t n = k >= FL_OVERALL ? scored[k - FL_OVERALL] : orders;
        bool ok = n >= TS_FIT_MIN_N && (k >= FL_OVERALL || disputes_known) && k != FL_COMM;
        c->free_at[k] = ok ? (int)dim++ : -1;
    }
    double x[MAXDIM], cov[MAXDIM * MAXDIM];
    for (int k = 0; k < FL_N; k++)
        if (c->free_at[k] >= 0)
            x[c->free_at[k]] = log(c->fixed[k] / (1 - c->fixed[k]));
    bool ok = false;
    if (dim > 0) {
        minimise(fl_nll, c, x, dim);
        ok = covariance(fl_nll, c, x, dim, cov);
    }
    for (int k = 0; k < FL_N; k++) {
        size_t n = k >= FL_OVERALL ? scored[k - FL_OVERALL] : orders;
        if (c->free_at[k] < 0) {
            if (k == FL_COMM)
                add(f, FL_PATH[k], c->fixed[k], n, TS_FIT_DEFAULT, say(TS_FIT_MSG_COMM_BASE, ""));
            else if (!disputes_known && k < FL_OVERALL)
                add(f, FL_PATH[k], c->fixed[k], 0, TS_FIT_DEFAULT,
                    say(TS_FIT_MSG_NO_DISPUTE_COLUMNS, ""));
            else
                too_few(f, FL_PATH[k], c->fixed[k], n, what[k]);
            continue;
        }
        double est = fl_value(c, x, k);
        ts_fit_param *p = add(f, FL_PATH[k], est, n, TS_FIT_ML, say(TS_FIT_MSG_FLAGS, "wz", what[k], disputes));
        if (!ok) {
            warn(f, say(TS_FIT_MSG_W_FLAT, "sg", FL_PATH[k], est));
            continue;
        }
        delta_interval(p, fl_derived, (size_t)c->free_at[k], NULL, x, cov, dim, TR_LOGIT);
        /* few effective events: an uncertain Beta with the estimate's mean and variance */
        double se_logit = p->dist_p[1], var = pow(est * (1 - est) * se_logit, 2);
        double nu = var > 0 ? est * (1 - est) / var - 1 : (double)INFINITY;
        if (isfinite(nu) && nu > 0 && (est * nu < TS_FIT_FEW || (1 - est) * nu < TS_FIT_FEW)) {
            p->uncertain = true;
            p->dist = TS_DIST_BETA;
            p->dist_p[0] = est * nu;
            p->dist_p[1] = (1 - est) * nu;
        }
    }
    free(c);
}

/* ------------------------------------------------- what is not fitted */

static void not_identified(ts_fit *f)
{
    static const struct { const char *path; double def; } KEEP[] = {
        {"fulfilment.late_after_days", 3},
    };
    for (size_t i = 0; i < sizeof KEEP / sizeof *KEEP; i++)
        add(f, KEEP[i].path, KEEP[i].def, 0, TS_FIT_DEFAULT, say(TS_FIT_MSG_NOT_IN_EXPORT, ""));
}

/* --------------------------------------------------------------- API */

ts_status ts_fit_orders(const ts_orders *h, ts_civil start, ts_fit *out, ts_error *err)
{
    memset(out, 0, sizeof *out);
    if (h->n_orders == 0) {
        ts_error_add(err, "%s: no orders to fit", h->file ? h->file : "export");
        return TS_EINVAL;
    }
    out->first_day = h->first_paid;
    out->last_day = h->last_event > h->last_paid ? h->last_event : h->last_paid;
    out->rows = h->n_orders;
    out->orders_used = h->n_orders;
    if (start == TS_NO_DATE)
        start = out->last_day + 1;
    if (h->n_orders < 100)
        warn(out, say(TS_FIT_MSG_W_FEW_ORDERS, "sz", h->file ? h->file : "export", h->n_orders));
    fit_volume(out, h, start);
    fit_value(out, h);
    fit_fulfilment(out, h);
    fit_lanes(out, h);
    fit_disputes(out, h);
    fit_feedback(out, h);
    fit_stars(out, h);
    fit_flags(out, h);
    not_identified(out);
    return TS_OK;
}

const ts_fit_param *ts_fit_find(const ts_fit *f, const char *path)
{
    for (size_t i = 0; i < f->n_params; i++)
        if (strcmp(f->params[i].path, path) == 0)
            return &f->params[i];
    return NULL;
}

void ts_fit_release(ts_fit *f)
{
    for (size_t i = 0; i < f->n_params; i++) {
        free(f->params[i].path);
        text_free(&f->params[i].note);
    }
    free(f->params);
    for (size_t j = 0; j < f->n_lanes; j++)
        hist_free(&f->lanes[j].transit);
    free(f->lanes);
    hist_free(&f->daily);
    hist_free(&f->feedback);
    hist_free(&f->stars);
    for (size_t i = 0; i < f->n_warnings; i++)
        text_free(&f->warnings[i]);
    free(f->warnings);
    memset(f, 0, sizeof *f);
}

const char *ts_fit_method_name(ts_fit_method m)
{
    static const char *const N[] = {"default", "ml", "beta", "exact", "mode"};
    return N[m];
}
