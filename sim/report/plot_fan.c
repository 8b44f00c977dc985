/*
** plot_fan.c — chart 1, the daily fan chart of the headline metric (fan.gp,
** docs/plots.md "The charts").
*/
#include "plot_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
** The data: one block per variant, each day's mean, p5, p50 and p95 in
** display units; *lo, *hi the range the drawn lines and bands cover.
*/
static void fan_data(const ts_plot_ctx *c, ts_plot_chart *ch, size_t banded, double *lo, double *hi)
{
    const ts_metric *m = &c->rb->metrics[0];
    size_t nm = c->rb->n_metrics;
    ts_buf *d = &ch->data;
    ts_buf_printf(d, "# fan.dat — tiersim: %s as of each day (the seller's dashboard), display units %s\n",
              m->name, c->axis_unit);
    ts_buf_puts(d, "# one block per variant (gnuplot index 0, 1, ...); columns:\n"
               "# date day mean p5 p50 p95\n");
    *lo = INFINITY;
    *hi = -INFINITY;
    for (size_t k = 0; k < c->nv; k++) {
        const ts_variant_summary *vs = VS(c, k);
        const ts_scenario *sc = vs->variant->scenario;
        if (k > 0)
            ts_buf_puts(d, "\n\n");
        ts_buf_puts(d, "# variant ");
        ts_plot_datstr(d, vname(c, k));
        ts_buf_puts(d, "\n");
        for (size_t day = 0; day < vs->n_days; day++) {
            const ts_stat *s = &vs->daily[day * nm];
            char date[11];
            ts_plot_date(sc, (int32_t)day, date);
            ts_buf_printf(d, "%s %zu ", date, day);
            double v[4] = {s->mean * c->scale, s->p5 * c->scale, s->p50 * c->scale, s->p95 * c->scale};
            for (int j = 0; j < 4; j++) {
                ts_plot_num(d, v[j]);
                ts_buf_puts(d, j < 3 ? " " : "\n");
            }
            double top = k < banded ? v[3] : v[0];
            double bot = k < banded ? v[1] : v[0];
            if (isfinite(top) && top > *hi)
                *hi = top;
            if (isfinite(bot) && bot < *lo)
                *lo = bot;
        }
    }
}

/* The settings: texts, the date axis, the value range [*ylo, *yhi], the variants' colours. */
static void fan_settings(const ts_plot_ctx *c, ts_plot_chart *ch, double lo, double hi,
                         const ts_plot_threshold *thr, size_t nthr, double *ylo, double *yhi)
{
    const ts_metric *m = &c->rb->metrics[0];
    char first[11], last[11];
    ts_plot_date(c->base, 0, first);
    ts_plot_date(c->base, c->base->days - 1, last);
    char reps[24];
    snprintf(reps, sizeof reps, "%zu", ts_plot_reps(c));
    char *title = FILL(c, TS_W_FAN_TITLE, metric_label(c, m), c->who);
    char *sub = FILL(c, TS_W_FAN_SUBTITLE, reps);
    char *ylabel = FILL(c, TS_W_VALUE_IN_UNIT, metric_label(c, m), c->axis_unit);
    ts_plot_setstr(&ch->settings, "title_text", title);
    ts_plot_setstr(&ch->settings, "subtitle_text", sub);
    ts_plot_setstr(&ch->settings, "xlabel_text", W(c, TS_W_DATE));
    ts_plot_setstr(&ch->settings, "ylabel_text", ylabel);
    ts_plot_setstr(&ch->settings, "xtic_format", first[0] == last[0] && strncmp(first, last, 4) == 0 ? "%m-%d" : "%Y-%m-%d");
    ts_buf_printf(&ch->settings, "x_first = strptime('%%Y-%%m-%%d', '%s')\n", first);
    ts_buf_printf(&ch->settings, "x_last = strptime('%%Y-%%m-%%d', '%s')\n", last);
    ts_plot_value_range(c, lo, hi, thr, nthr, m->kind == TS_METRIC_RATE, ylo, yhi);
    ts_buf_printf(&ch->settings, "y_min = %.6g\ny_max = %.6g\n", *ylo, *yhi);
    for (size_t k = 0; k < c->nv; k++)
        ts_buf_printf(&ch->settings, "color_%zu = '%s'\n", k + 1, ts_plot_variant_color(k));
    free(title);
    free(sub);
    free(ylabel);
}

/* The evaluation days as dotted lines, labelled when there are at most 12, none beyond 62. */
static void fan_evaluations(const ts_plot_ctx *c, ts_buf *o)
{
    ts_buf_puts(o, "# evaluation days\n");
    size_t ne = c->base->n_evaluations;
    for (size_t e = 0; e < ne && ne <= 62; e++) {
        char date[11];
        ts_plot_date(c->base, c->base->evaluations[e], date);
        ts_buf_printf(o, "set arrow from strptime('%%Y-%%m-%%d', '%s'), graph 0 to strptime('%%Y-%%m-%%d', '%s'), graph 1 "
                     "nohead dt 3 lw 1.5 lc rgb '#444444' front\n", date, date);
        if (ne <= 12) {
            char *lab = FILL(c, TS_W_EVAL_AT, date + 5);
            ts_buf_puts(o, "set label ");
            ts_plot_gpstr(o, lab);
            /* labels near an edge are aligned inwards so they are not clipped */
            double at = c->base->days > 1 ? (double)c->base->evaluations[e] / (c->base->days - 1) : 0.5;
            ts_buf_printf(o, " at strptime('%%Y-%%m-%%d', '%s'), graph 1 %s offset 0, char 0.7 tc rgb '#444444' front\n",
                      date, at > 0.88 ? "right" : at < 0.12 ? "left" : "center");
            free(lab);
        }
    }
}

/* The plot command: the bands of the first banded variants, then their medians, then every mean. */
static void fan_plot(const ts_plot_ctx *c, ts_buf *p, size_t banded)
{
    ts_buf_puts(p, "    plot \\\n");
    for (size_t k = 0; k < banded; k++) {
        char *t = ts_plot_legend(c, k, TS_W_RANGE, TS_W_FAN_BAND);
        ts_buf_printf(p, "%s        data_file index %zu using (timecolumn(1, '%%Y-%%m-%%d')):4:6 with filledcurves "
                     "lc rgb color_%zu title ", k > 0 ? ", \\\n" : "", k, k + 1);
        ts_plot_gpstr(p, t);
        free(t);
    }
    for (size_t k = 0; k < banded; k++) {
        char *t = ts_plot_legend(c, k, TS_W_MEDIAN, TS_W_MEDIAN);
        ts_buf_printf(p, ", \\\n        data_file index %zu using (timecolumn(1, '%%Y-%%m-%%d')):5 with lines "
                     "dt 2 lw 1.5 lc rgb color_%zu title ", k, k + 1);
        ts_plot_gpstr(p, t);
        free(t);
    }
    for (size_t k = 0; k < c->nv; k++) {
        char *t = ts_plot_legend(c, k, TS_W_MEAN, TS_W_MEAN);
        ts_buf_printf(p, "%s        data_file index %zu using (timecolumn(1, '%%Y-%%m-%%d')):3 with lines "
                     "lw 2.5 lc rgb color_%zu title ", banded > 0 || k > 0 ? ", \\\n" : "", k, k + 1);
        ts_plot_gpstr(p, t);
        free(t);
    }
    ts_buf_puts(p, "\n");
}

void ts_plot_fan(const ts_plot_ctx *c, ts_plot_chart *ch)
{
    size_t nthr = 0;
    ts_plot_threshold *thr = ts_plot_thresholds(c, &nthr);
    /* every variant gets a band up to three variants; with more, only the base */
    size_t banded = c->nv <= 3 ? c->nv : 1;
    double lo, hi, ylo, yhi;
    fan_data(c, ch, banded, &lo, &hi);
    fan_settings(c, ch, lo, hi, thr, nthr, &ylo, &yhi);
    ts_buf_puts(&ch->decor, "# tier thresholds of the metric\n");
    ts_plot_threshold_lines(&ch->decor, thr, nthr, ylo, yhi);
    fan_evaluations(c, &ch->decor);
    ts_plot_peaks(c, &ch->decor);
    fan_plot(c, &ch->plot, banded);
    ts_plot_thresholds_free(thr, nthr);
}
