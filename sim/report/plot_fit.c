/*
** plot_fit.c — the diagnostic charts of `tiersim fit` (fit_volume.gp,
** fit_transit.gp, fit_hist.gp; docs/plots.md "Fit charts"): what the export
** shows against what the fitted laws expect, from the diagnostics that
** sim/run/fit.c computes beside each likelihood (docs/data-format.md
** "Diagnostic charts").
*/
#include "plot_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"

/* Lanes drawn, the largest first; the others are named in a note. */
#define FIT_PANELS 4

static const char OBSERVED_COLOR[] = "#6baed6";
static const char FITTED_COLOR[] = "#D55E00";

static double estimate(const ts_fit *f, const char *path, double def)
{
    const ts_fit_param *p = ts_fit_find(f, path);
    return p ? p->estimate : def;
}

/* The common settings: colours and the legend texts. */
static void fit_colors(const ts_plot_ctx *c, ts_plot_chart *ch)
{
    ts_plot_setstr(&ch->settings, "observed_color", OBSERVED_COLOR);
    ts_plot_setstr(&ch->settings, "fitted_color", FITTED_COLOR);
    ts_plot_setstr(&ch->settings, "observed_text", W(c, TS_W_FITPLOT_OBSERVED));
    ts_plot_setstr(&ch->settings, "fitted_text", W(c, TS_W_FITPLOT_EXPECTED));
}

/* The largest value of the first n cells of a and b (b may be NULL). */
static double top_of(const double *a, const double *b, size_t from, size_t n)
{
    double m = 0;
    for (size_t k = from; k < n; k++) {
        if (isfinite(a[k]) && a[k] > m)
            m = a[k];
        if (b && isfinite(b[k]) && b[k] > m)
            m = b[k];
    }
    return m > 0 ? m : 1;
}

void ts_plot_fit_volume(const ts_plot_ctx *c, ts_plot_chart *ch, const ts_fit *f)
{
    const ts_fit_hist *d = &f->daily;
    char first[11], last[11], a[32], g[32], phi[32];
    ts_date_format(f->daily_first, first);
    ts_date_format(f->daily_first + (ts_civil)(d->n ? d->n - 1 : 0), last);
    snprintf(a, sizeof a, "%.1f", estimate(f, "volume.daily_orders", 0));
    snprintf(g, sizeof g, "%.3g", estimate(f, "volume.growth_per_day", 0));
    snprintf(phi, sizeof phi, "%.3g", estimate(f, "volume.dispersion", 0));
    char *title = FILL(c, TS_W_FITPLOT_VOLUME_TITLE, c->who);
    char *sub = FILL(c, TS_W_FITPLOT_VOLUME_SUB, a, g, phi);
    ts_plot_setstr(&ch->settings, "title_text", title);
    ts_plot_setstr(&ch->settings, "subtitle_text", sub);
    free(title);
    free(sub);
    ts_plot_setstr(&ch->settings, "xlabel_text", W(c, TS_W_DATE));
    ts_plot_setstr(&ch->settings, "ylabel_text", W(c, TS_W_FITPLOT_VOLUME_AXIS));
    ts_plot_setstr(&ch->settings, "mean_text", W(c, TS_W_FITPLOT_MEAN));
    ts_plot_setstr(&ch->settings, "range_text", W(c, TS_W_FITPLOT_RANGE));
    ts_plot_setstr(&ch->settings, "band_color", "#f6d5c0");
    ts_plot_setstr(&ch->settings, "point_color", "#1f5f8b");
    ts_plot_setstr(&ch->settings, "xtic_format", strncmp(first, last, 4) == 0 ? "%m-%d" : "%Y-%m-%d");
    /* half a day of room on each side, so the first and last bars are whole */
    ts_buf_printf(&ch->settings, "x_first = strptime('%%Y-%%m-%%d', '%s') - 43200\n", first);
    ts_buf_printf(&ch->settings, "x_last = strptime('%%Y-%%m-%%d', '%s') + 43200\n", last);
    ts_buf_printf(&ch->settings, "y_max = %.6g\n", 1.08 * fmax(top_of(d->observed, d->hi, 0, d->n), 1));
    fit_colors(c, ch);
    ts_buf *o = &ch->data;
    ts_buf_puts(o, "# fit_volume.dat — tiersim fit: orders by pay day, the fitted negative binomial's mean\n"
                   "# and its 5% and 95% points\n# date observed mean p5 p95\n");
    for (size_t t = 0; t < d->n; t++) {
        char date[11];
        ts_date_format(f->first_day + (ts_civil)t, date);
        ts_buf_printf(o, "%s ", date);
        double v[4] = {d->observed[t], d->expected[t], d->lo[t], d->hi[t]};
        for (int j = 0; j < 4; j++) {
            ts_plot_num(o, v[j]);
            ts_buf_puts(o, j < 3 ? " " : "\n");
        }
    }
}

/* The lanes in order of size (ties by their order in the fit). */
static size_t *lanes_by_size(const ts_fit *f)
{
    size_t *ix = ts_xcalloc(f->n_lanes ? f->n_lanes : 1, sizeof *ix);
    for (size_t j = 0; j < f->n_lanes; j++) {
        size_t k = j;
        while (k > 0 && f->lanes[ix[k - 1]].n < f->lanes[j].n) {
            ix[k] = ix[k - 1];
            k--;
        }
        ix[k] = j;
    }
    return ix;
}

bool ts_plot_fit_transit(const ts_plot_ctx *c, ts_plot_chart *ch, const ts_fit *f, const ts_orders *h)
{
    size_t drawn = 0;
    for (size_t j = 0; j < f->n_lanes; j++)
        drawn += f->lanes[j].transit.n > 0;
    if (drawn == 0)
        return false;
    size_t *ix = lanes_by_size(f);
    size_t panels = drawn < FIT_PANELS ? drawn : FIT_PANELS;
    char *title = FILL(c, TS_W_FITPLOT_TRANSIT_TITLE, c->who);
    ts_plot_setstr(&ch->settings, "title_text", title);
    free(title);
    if (drawn > panels) {
        char more[24];
        snprintf(more, sizeof more, "%zu", drawn - panels);
        char *note = FILL(c, TS_W_FITPLOT_MORE_LANES, more);
        char *sub = ts_xasprintf("%s · %s", W(c, TS_W_FITPLOT_TRANSIT_SUB), note);
        ts_plot_setstr(&ch->settings, "subtitle_text", sub);
        free(note);
        free(sub);
    } else {
        ts_plot_setstr(&ch->settings, "subtitle_text", W(c, TS_W_FITPLOT_TRANSIT_SUB));
    }
    ts_plot_setstr(&ch->settings, "xlabel_text", W(c, TS_W_FITPLOT_TRANSIT_AXIS));
    ts_plot_setstr(&ch->settings, "ylabel_text", W(c, TS_W_FITPLOT_COUNT_AXIS));
    ts_buf_printf(&ch->settings, "rows = %d\ncols = %d\n", panels > 2 ? 2 : 1, panels > 1 ? 2 : 1);
    fit_colors(c, ch);
    ts_buf *o = &ch->data, *p = &ch->plot;
    ts_buf_puts(o, "# fit_transit.dat — tiersim fit: one block per lane drawn; parcels delivered k days after\n"
                   "# dispatch and the count the fitted gamma expects under the export's censoring\n"
                   "# k observed expected\n");
    size_t block = 0;
    for (size_t q = 0; q < f->n_lanes && block < panels; q++) {
        const ts_fit_lane *l = &f->lanes[ix[q]];
        const ts_fit_hist *d = &l->transit;
        if (d->n == 0)
            continue;
        const char *carrier = l->carrier >= 0 ? h->carriers[l->carrier] : "—";
        char name[160], nd[TS_PRESENT_NUM], m[32], s[32];
        if (f->by_promise)
            snprintf(name, sizeof name, "%s %dd", carrier, l->promise);
        else
            snprintf(name, sizeof name, "%s", carrier);
        double delivered = 0;
        for (size_t k = 0; k < d->n; k++)
            delivered += d->observed[k];
        ts_present_amount(nd, delivered, 0);
        snprintf(m, sizeof m, "%.1f", l->mean);
        snprintf(s, sizeof s, "%.1f", l->sd);
        char *pt = FILL(c, TS_W_FITPLOT_LANE, name, nd, m, s);
        if (delivered < TS_FIT_MIN_N) {
            char *with = FILL(c, TS_W_FITPLOT_LANE_DEFAULT, pt);
            free(pt);
            pt = with;
        }
        if (block > 0)
            ts_buf_puts(o, "\n\n");
        ts_buf_puts(o, "# lane ");
        ts_plot_datstr(o, name);
        ts_buf_puts(o, "\n");
        for (size_t k = 1; k < d->n; k++) {
            ts_buf_printf(o, "%zu ", k);
            ts_plot_num(o, d->observed[k]);
            ts_buf_puts(o, " ");
            ts_plot_num(o, d->expected[k]);
            ts_buf_puts(o, "\n");
        }
        int promise = l->promise >= 0 ? l->promise : f->promised_days;
        int limit = promise - f->handling_days;
        double xmax = (double)d->n - 0.5;
        ts_buf_puts(p, "    set title ");
        ts_plot_gpstr(p, pt);
        ts_buf_printf(p, "\n    set xrange [0.5:%.6g]\n    set yrange [0:%.6g]\n", xmax,
                      1.12 * top_of(d->observed, d->expected, 1, d->n));
        ts_buf_puts(p, "    set xlabel xlabel_text\n    set ylabel ylabel_text\n");
        bool line = limit >= 1 && limit + 0.5 < xmax;
        /* the legend away from the promise line: its label runs down the line's right side */
        bool key_left = line && (limit + 0.5) / xmax > 0.5;
        ts_buf_puts(p, block > 0 ? "    unset key\n" : key_left ? "    set key inside top left\n"
                                                              : "    set key inside top right\n");
        if (line) {
            char days[16];
            snprintf(days, sizeof days, "%d", limit);
            char *lab = FILL(c, TS_W_FITPLOT_PROMISE, days);
            ts_buf_printf(p, "    set arrow 1 from %.1f, graph 0 to %.1f, graph 1 nohead dt 2 lw 1.5 lc rgb '#444444' "
                          "front\n    set label 1 ", limit + 0.5, limit + 0.5);
            ts_plot_gpstr(p, lab);
            ts_buf_printf(p, " at %.1f, graph 0.98 right rotate by 90 offset char 1.5, 0 tc rgb '#444444' front\n",
                          limit + 0.5);
            free(lab);
        } else {
            ts_buf_puts(p, "    unset arrow 1\n    unset label 1\n");
        }
        ts_buf_printf(p, "    plot data_file index %zu using 1:2 with boxes lc rgb observed_color title observed_text, \\\n"
                      "         '' index %zu using 1:3 with linespoints pt 7 ps 0.7 lw 1.8 lc rgb fitted_color "
                      "title fitted_text\n", block, block);
        free(pt);
        block++;
    }
    free(ix);
    return true;
}

/*
** A histogram chart's settings and data (fit_hist.gp): title and subtitle
** (freed here), the axes' words, the x range, y up to 12% above the highest
** bar or point, the colours, and one row "k observed expected" per k >= 1
** after header.
*/
static void hist_chart(const ts_plot_ctx *c, ts_plot_chart *ch, char *title, char *sub, ts_word x_axis,
                       ts_word y_axis, const char *x_min, const char *x_max, const ts_fit_hist *d,
                       const char *header)
{
    ts_plot_setstr(&ch->settings, "title_text", title);
    ts_plot_setstr(&ch->settings, "subtitle_text", sub);
    free(title);
    free(sub);
    ts_plot_setstr(&ch->settings, "xlabel_text", W(c, x_axis));
    ts_plot_setstr(&ch->settings, "ylabel_text", W(c, y_axis));
    ts_buf_printf(&ch->settings, "x_min = %s\nx_max = %s\ny_max = %.6g\n", x_min, x_max,
                  1.12 * top_of(d->observed, d->expected, 1, d->n));
    fit_colors(c, ch);
    ts_buf *o = &ch->data;
    ts_buf_puts(o, header);
    for (size_t k = 1; k < d->n; k++) {
        ts_buf_printf(o, "%zu ", k);
        ts_plot_num(o, d->observed[k]);
        ts_buf_puts(o, " ");
        ts_plot_num(o, d->expected[k]);
        ts_buf_puts(o, "\n");
    }
}

bool ts_plot_fit_feedback(const ts_plot_ctx *c, ts_plot_chart *ch, const ts_fit *f)
{
    const ts_fit_hist *d = &f->feedback;
    double seen = 0;
    for (size_t k = 0; k < d->n; k++)
        seen += d->observed[k];
    if (d->n < 2 || seen == 0)
        return false;
    char pr[32], mean[32], w[16], n[TS_PRESENT_NUM];
    snprintf(pr, sizeof pr, "%.3f", f->feedback_prob);
    snprintf(mean, sizeof mean, "%.2f", f->feedback_mean);
    snprintf(w, sizeof w, "%d", f->feedback_window);
    ts_present_amount(n, seen, 0);
    char x_max[32];
    snprintf(x_max, sizeof x_max, "%.6g", (double)d->n - 0.5);
    hist_chart(c, ch, FILL(c, TS_W_FITPLOT_FEEDBACK_TITLE, c->who), FILL(c, TS_W_FITPLOT_FEEDBACK_SUB, pr, mean, w, n),
               TS_W_FITPLOT_FEEDBACK_AXIS, TS_W_FITPLOT_COUNT_AXIS, "0.5", x_max, d,
               "# fit_feedback.dat — tiersim fit: feedbacks k days after the order's end day (later ones at\n"
               "# the window's last day) and the count the fitted delay expects under the export's censoring\n"
               "# k observed expected\n");
    ts_buf_puts(&ch->plot, "    set boxwidth 0.8 absolute\n"
                           "    plot data_file using 1:2 with boxes lc rgb observed_color title observed_text, \\\n"
                           "         '' using 1:3 with linespoints pt 7 ps 1 lw 2 lc rgb fitted_color title fitted_text\n");
    return true;
}

bool ts_plot_fit_stars(const ts_plot_ctx *c, ts_plot_chart *ch, const ts_fit *f)
{
    const ts_fit_hist *d = &f->stars;
    double scores = 0;
    for (size_t k = 1; k < d->n; k++)
        scores += d->observed[k];
    if (d->n < 6 || scores == 0)
        return false;
    char n[TS_PRESENT_NUM], five[32];
    ts_present_amount(n, scores, 0);
    snprintf(five, sizeof five, "%.3f", estimate(f, "buyers.five_star_share", 0.85));
    hist_chart(c, ch, FILL(c, TS_W_FITPLOT_STARS_TITLE, c->who), FILL(c, TS_W_FITPLOT_STARS_SUB, n, five),
               TS_W_FITPLOT_STARS_AXIS, TS_W_FITPLOT_SCORES_AXIS, "0.4", "5.6", d,
               "# fit_stars.dat — tiersim fit: scores of 1..5 stars (overall and DSR pooled) and the counts\n"
               "# the fitted shares give the observed 4-5 and 1-3 totals\n# stars observed expected\n");
    ts_buf_puts(&ch->decor, "set xtics 1\nset key inside top left\n");
    ts_buf_puts(&ch->plot, "    plot data_file using ($1 - 0.19):2:(0.36) with boxes lc rgb observed_color "
                           "title observed_text, \\\n"
                           "         '' using ($1 + 0.19):3:(0.36) with boxes fs solid 0.45 lc rgb fitted_color "
                           "title fitted_text, \\\n"
                           "         '' using ($1 - 0.19):2:(sprintf('%d', $2)) with labels offset 0, char 0.7 "
                           "tc rgb '#333333' notitle, \\\n"
                           "         '' using ($1 + 0.19):3:(sprintf('%.0f', $3)) with labels offset 0, char 0.7 "
                           "tc rgb '#333333' notitle\n");
    return true;
}
