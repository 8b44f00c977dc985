/*
** plot_distribution.c — chart 4, the headline metric's distribution over the
** replications: a histogram (distribution.gp) or percentiles (distribution_pct.gp).
*/
#include "plot_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_histogram.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

/* The evaluations shown by the distribution chart: at most the last four. */
static size_t dist_first_eval(const ts_plot_ctx *c)
{
    size_t ne = c->base->n_evaluations;
    return ne > 4 ? ne - 4 : 0;
}

/* Common settings of both distribution charts. */
static void dist_settings(const ts_plot_ctx *c, ts_plot_chart *ch, const char *what)
{
    const ts_metric *m = &c->rb->metrics[0];
    char *title = FILL(c, TS_W_DIST_TITLE, metric_label(c, m), what, c->who);
    char *xlabel = FILL(c, TS_W_VALUE_IN_UNIT, metric_label(c, m), c->axis_unit);
    ts_plot_setstr(&ch->settings, "title_text", title);
    ts_plot_setstr(&ch->settings, "metric_text", xlabel);
    for (size_t k = 0; k < c->nv; k++)
        ts_buf_printf(&ch->settings, "color_%zu = '%s'\n", k + 1, ts_plot_variant_color(k));
    free(title);
    free(xlabel);
}

/*
** Histogram bins over [lo, hi] for the n values x (sorted here): the
** Freedman-Diaconis width 2 IQR / n^(1/3), so a narrow peak with a long tail
** still gets several bars; the square-root rule when the IQR is 0; at least
** 8 bins and at most 120, and never more than the distinct values.
*/
static size_t hist_bins(double *x, size_t n, double lo, double hi)
{
    size_t bins = (size_t)lround(sqrt((double)n));
    if (n >= 4 && hi > lo) {
        gsl_sort(x, 1, n);
        double iqr = gsl_stats_quantile_from_sorted_data(x, 1, n, 0.75) -
                     gsl_stats_quantile_from_sorted_data(x, 1, n, 0.25);
        if (iqr > 0.0)
            bins = (size_t)ceil((hi - lo) / (2.0 * iqr / cbrt((double)n)));
        size_t distinct = 1;
        for (size_t i = 1; i < n; i++)
            distinct += x[i] != x[i - 1];
        if (bins > distinct)
            bins = distinct;
    }
    if (bins < 8)
        bins = 8;
    if (bins > 120)
        bins = 120;
    return bins;
}

/* One evaluation day's panel: the drawn variants' histograms over shared bins. */
typedef struct {
    size_t bins;
    gsl_histogram **h;   /* [nv] */
    size_t *defined;     /* [nv]: the replications where the metric is defined */
    double *means;       /* [nv], display units */
    double xmin, xmax;   /* the value range shown */
} panel;

/* Drawn variant k's value of the headline metric in replication r at evaluation e (display units). */
static double rep_value(const ts_plot_ctx *c, const ts_results *res, size_t k, size_t r, size_t e)
{
    const ts_variant_results *vr = &res->variants[c->vi[k]];
    return vr->metrics[(r * vr->n_eval + e) * vr->n_metrics] * c->scale;
}

/*
** The bins shared by every drawn variant at evaluation e: over the range of
** their defined values (a small interval around a single value), the shown
** range around them (*xmin, *xmax), *lo and *hi the binned interval; the
** variants' means into pn->means.
*/
static void panel_bins(const ts_plot_ctx *c, const ts_results *res, size_t e, const ts_plot_threshold *thr,
                       size_t nthr, panel *pn, double *lo, double *hi)
{
    size_t reps = res->n_reps;
    *lo = INFINITY;
    *hi = -INFINITY;
    double *all = ts_xmalloc((c->nv * reps + 1) * sizeof *all);
    size_t n_all = 0;
    for (size_t k = 0; k < c->nv; k++) {
        for (size_t r = 0; r < reps; r++) {
            double x = rep_value(c, res, k, r, e);
            if (isnan(x))
                continue;
            *lo = fmin(*lo, x);
            *hi = fmax(*hi, x);
            all[n_all++] = x;
        }
        pn->means[k] = VS(c, k)->evals[e].metrics[0].mean * c->scale;
    }
    pn->bins = hist_bins(all, n_all, *lo, *hi);
    free(all);
    if (!isfinite(*lo)) {
        *lo = 0.0;
        *hi = 1.0;
    }
    if (!(*hi > *lo)) {
        double w = fmax(fabs(*lo) * 0.05, 0.05);
        *lo -= w;
        *hi += w;
    }
    ts_plot_value_range(c, *lo, *hi, thr, nthr, false, &pn->xmin, &pn->xmax);
}

/* Build evaluation e's panel (release it with panel_free, also on failure). */
static ts_status panel_build(const ts_plot_ctx *c, const ts_results *res, size_t e, const ts_plot_threshold *thr,
                             size_t nthr, panel *pn, ts_error *err)
{
    pn->h = ts_xcalloc(c->nv, sizeof *pn->h);
    pn->defined = ts_xcalloc(c->nv, sizeof *pn->defined);
    pn->means = ts_xcalloc(c->nv, sizeof *pn->means);
    double lo, hi;
    panel_bins(c, res, e, thr, nthr, pn, &lo, &hi);
    /* the top edge is exclusive in GSL: widen it by a hair */
    double top = hi + (hi - lo) * 1e-9;
    for (size_t k = 0; k < c->nv; k++) {
        pn->h[k] = gsl_histogram_alloc(pn->bins);
        if (pn->h[k] == NULL || gsl_histogram_set_ranges_uniform(pn->h[k], lo, top) != GSL_SUCCESS) {
            ts_error_add(err, "plots: cannot build the histogram for %s", vname(c, k));
            return TS_EINVAL;
        }
        for (size_t r = 0; r < res->n_reps; r++) {
            double x = rep_value(c, res, k, r, e);
            if (!isnan(x) && gsl_histogram_increment(pn->h[k], x) == GSL_SUCCESS)
                pn->defined[k]++;
        }
    }
    return TS_OK;
}

static void panel_free(panel *pn, size_t nv)
{
    for (size_t k = 0; k < nv; k++)
        gsl_histogram_free(pn->h[k]);
    free(pn->h);
    free(pn->defined);
    free(pn->means);
}

/* The panel's data block: per bin its edges, centre and each variant's share (%). */
static void panel_data(const ts_plot_ctx *c, ts_buf *d, const panel *pn, const char *date, bool first)
{
    if (!first)
        ts_buf_puts(d, "\n\n");
    ts_buf_printf(d, "# evaluation %s\n", date);
    for (size_t b = 0; b < pn->bins; b++) {
        double blo, bhi;
        gsl_histogram_get_range(pn->h[0], b, &blo, &bhi);
        ts_plot_num(d, blo);
        ts_buf_puts(d, " ");
        ts_plot_num(d, bhi);
        ts_buf_puts(d, " ");
        ts_plot_num(d, 0.5 * (blo + bhi));
        for (size_t k = 0; k < c->nv; k++) {
            ts_buf_puts(d, " ");
            ts_plot_num(d, pn->defined[k] ? 100.0 * gsl_histogram_get(pn->h[k], b) / (double)pn->defined[k]
                                          : (double)NAN);
        }
        ts_buf_puts(d, "\n");
    }
}

/* The panel's plot: its range and title, the thresholds and means as lines, the boxes. */
static void panel_plot(const ts_plot_ctx *c, ts_buf *p, const panel *pn, size_t index, const char *date,
                       const ts_plot_threshold *thr, size_t nthr)
{
    ts_buf_printf(p, "    # panel: evaluation %s\n    unset arrow\n    unset label\n", date);
    ts_buf_printf(p, "    set xrange [%.6g:%.6g]\n", pn->xmin, pn->xmax);
    ts_buf_puts(p, "    set title ");
    ts_plot_gpstr(p, date);
    ts_buf_puts(p, "\n");
    for (size_t i = 0; i < nthr; i++) {
        if (thr[i].v < pn->xmin || thr[i].v > pn->xmax)
            continue;
        ts_buf_printf(p, "    set arrow from first %.6g, graph 0 to first %.6g, graph 1 nohead dt 2 lw 2 lc rgb '%s' front\n",
                  thr[i].v, thr[i].v, thr[i].color);
    }
    for (size_t k = 0; k < c->nv; k++)
        if (isfinite(pn->means[k]))
            ts_buf_printf(p, "    set arrow from first %.6g, graph 0 to first %.6g, graph 1 nohead lw 2.5 lc rgb color_%zu front\n",
                      pn->means[k], pn->means[k], k + 1);
    ts_buf_puts(p, "    plot \\\n");
    for (size_t k = 0; k < c->nv; k++) {
        char *t = c->nv > 1 ? ts_xstrdup(vname(c, k)) : ts_xstrdup(W(c, TS_W_REPLICATIONS));
        ts_buf_printf(p, "%s        data_file index %zu using 3:%zu:($2-$1) with boxes lc rgb color_%zu title ",
                  k ? ", \\\n" : "", index, k + 4, k + 1);
        ts_plot_gpstr(p, t);
        free(t);
        t = ts_plot_legend(c, k, TS_W_MEAN, TS_W_MEAN);
        ts_buf_printf(p, ", \\\n        NaN with lines lw 2.5 lc rgb color_%zu title ", k + 1);
        ts_plot_gpstr(p, t);
        free(t);
    }
    /* the thresholds are named in the legend, so no label covers a bar */
    for (size_t i = 0; i < nthr; i++) {
        if (thr[i].v < pn->xmin || thr[i].v > pn->xmax)
            continue;
        ts_buf_printf(p, ", \\\n        NaN with lines dt 2 lw 2 lc rgb '%s' title ", thr[i].color);
        ts_plot_gpstr(p, thr[i].text);
    }
    ts_buf_puts(p, "\n");
}

/* The histogram chart's settings and the data file's header. */
static void hist_head(const ts_plot_ctx *c, ts_plot_chart *ch, size_t panels, size_t reps)
{
    char n_text[24];
    snprintf(n_text, sizeof n_text, "%zu", reps);
    char *what = FILL(c, TS_W_N_REPLICATIONS, n_text);
    dist_settings(c, ch, what);
    free(what);
    ts_plot_setstr(&ch->settings, "ylabel_text", W(c, TS_W_DIST_YLABEL));
    ts_buf_printf(&ch->settings, "panels = %zu\n", panels);
    ts_buf *d = &ch->data;
    ts_buf_printf(d, "# distribution.dat — tiersim: histogram of %s (display units %s) over replications\n",
              c->rb->metrics[0].name, c->axis_unit);
    ts_buf_puts(d, "# one block per evaluation day; columns:\n# bin_low bin_high bin_centre");
    for (size_t k = 0; k < c->nv; k++) {
        ts_buf_puts(d, " ");
        ts_plot_datstr(d, vname(c, k));
    }
    ts_buf_puts(d, "   (share of the replications where the metric is defined, %)\n");
}

/*
** 4a. Histogram of the headline metric over replications, one panel per
** evaluation day (the last four), variants overlaid (distribution.gp); bins from GSL.
*/
ts_status ts_plot_distribution(const ts_plot_ctx *c, ts_plot_chart *ch, const ts_results *res, ts_error *err)
{
    size_t ne = c->base->n_evaluations, e0 = dist_first_eval(c);
    size_t nthr = 0;
    ts_plot_threshold *thr = ts_plot_thresholds(c, &nthr);
    hist_head(c, ch, ne - e0, res->n_reps);
    ts_buf_puts(&ch->plot, "    set multiplot layout 1, panels title title_text\n");
    ts_status st = TS_OK;
    for (size_t e = e0; e < ne && st == TS_OK; e++) {
        panel pn = {0};
        st = panel_build(c, res, e, thr, nthr, &pn, err);
        if (st == TS_OK) {
            char date[11];
            ts_plot_date(c->base, c->base->evaluations[e], date);
            panel_data(c, &ch->data, &pn, date, e == e0);
            panel_plot(c, &ch->plot, &pn, e - e0, date, thr, nthr);
        }
        panel_free(&pn, c->nv);
    }
    ts_buf_puts(&ch->plot, "    unset multiplot\n");
    ts_plot_thresholds_free(thr, nthr);
    return st;
}

/*
** 4b. Without per-replication values: p5-p95 whiskers, median and mean of
** the headline metric per evaluation day and variant (distribution_pct.gp).
*/
void ts_plot_distribution_pct(const ts_plot_ctx *c, ts_plot_chart *ch)
{
    const ts_metric *m = &c->rb->metrics[0];
    size_t ne = c->base->n_evaluations, e0 = dist_first_eval(c);
    size_t nthr = 0;
    ts_plot_threshold *thr = ts_plot_thresholds(c, &nthr);
    dist_settings(c, ch, W(c, TS_W_DIST_PCT_WHAT));
    ts_plot_setstr(&ch->settings, "xlabel_text", W(c, c->nv > 1 ? TS_W_DIST_PCT_XLABEL : TS_W_EVAL_DAY));
    ts_plot_setstr(&ch->settings, "range_text", W(c, TS_W_DIST_PCT_RANGE));
    ts_plot_setstr(&ch->settings, "mean_text", W(c, TS_W_MEAN));

    ts_buf *d = &ch->data;
    ts_buf_printf(d, "# distribution.dat — tiersim: %s (display units %s) per evaluation day and variant\n# columns:\n"
                 "# x label variant mean p5 p50 p95\n", m->name, c->axis_unit);
    double lo = INFINITY, hi = -INFINITY;
    size_t x = 0;
    for (size_t e = e0; e < ne; e++) {
        for (size_t k = 0; k < c->nv; k++) {
            const ts_eval_summary *es = &VS(c, k)->evals[e];
            const ts_stat *s = &es->metrics[0];
            char *lab = c->nv > 1 ? ts_xasprintf("%s %s", es->date + 5, vname(c, k)) : ts_xstrdup(es->date);
            ts_buf_printf(d, "%zu ", x);
            ts_plot_datstr(d, lab);
            ts_buf_printf(d, " %zu ", k);
            double v[4] = {s->mean * c->scale, s->p5 * c->scale, s->p50 * c->scale, s->p95 * c->scale};
            for (int j = 0; j < 4; j++) {
                ts_plot_num(d, v[j]);
                ts_buf_puts(d, j < 3 ? " " : "\n");
                if (isfinite(v[j])) {
                    lo = fmin(lo, v[j]);
                    hi = fmax(hi, v[j]);
                }
            }
            free(lab);
            x++;
        }
        x++; /* a gap between evaluation days */
    }
    double ylo, yhi;
    ts_plot_value_range(c, lo, hi, thr, nthr, m->kind == TS_METRIC_RATE, &ylo, &yhi);
    ts_buf_printf(&ch->settings, "y_min = %.6g\ny_max = %.6g\nx_max = %zu\n", ylo, yhi, x > 0 ? x - 1 : 0);
    ts_plot_threshold_lines(&ch->decor, thr, nthr, ylo, yhi);
    if (c->nv > 1)
        ts_buf_puts(&ch->decor, "set xtics rotate by 30 right\n");
    ts_plot_thresholds_free(thr, nthr);
}
