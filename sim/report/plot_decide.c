/*
** plot_decide.c — the charts of `tiersim sensitivity` (tornado.gp,
** spider.gp) and `tiersim solve` (solve.gp); docs/plots.md "Decision charts".
*/
#include "plot_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Levers a tornado shows (the rest are in sensitivity.csv), and lines a spider shows. */
#define TORNADO_ROWS 20
#define SPIDER_LINES 8

/* The display scale and unit of a measure: probabilities in %, metrics as their kind says. */
static double measure_scale(const ts_plot_ctx *c, const ts_measure *m, const char **unit)
{
    if (m->kind == TS_MEASURE_TIER) {
        *unit = c->zh ? "百分点" : "percentage points";
        return 100.0;
    }
    ts_metric_kind kind = c->rb->metrics[m->index].kind;
    *unit = ts_present_axis_unit(kind, c->zh);
    if (kind == TS_METRIC_RATE || kind == TS_METRIC_FEEDBACK_SHARE)
        *unit = c->zh ? "百分点" : "percentage points";
    return ts_present_scale(kind);
}

void ts_plot_tornado(const ts_plot_ctx *c, ts_plot_chart *ch, const ts_sens *s, const ts_decide_info *info,
                     size_t measure)
{
    const ts_measure *m = &s->measures[measure];
    const char *unit;
    double scale = measure_scale(c, m, &unit);
    char date[11];
    ts_decide_date(info, date);
    char *label = ts_decide_measure_label(c->base, m, c->zh);
    char *title = FILL(c, TS_W_TORNADO_TITLE, label, date, c->who);
    char *xl = FILL(c, TS_W_TORNADO_XLABEL, unit);
    ts_plot_setstr(&ch->settings, "title_text", title);
    ts_plot_setstr(&ch->settings, "xlabel_text", xl);
    ts_plot_setstr(&ch->settings, "low_text", W(c, TS_W_TORNADO_LOW));
    ts_plot_setstr(&ch->settings, "high_text", W(c, TS_W_TORNADO_HIGH));
    ts_plot_setstr(&ch->settings, "low_color", "#0072B2");
    ts_plot_setstr(&ch->settings, "high_color", "#E69F00");
    free(label);
    free(title);
    free(xl);
    size_t rows = s->n < TORNADO_ROWS ? s->n : TORNADO_ROWS;
    double lo = 0.0, hi = 0.0;
    ts_buf *d = &ch->data;
    ts_buf_printf(d, "# tornado.dat — tiersim sensitivity: paired change of %s on %s, x%g\n"
                  "# row path low_effect low_lo low_hi high_effect high_lo high_hi\n",
                  m->kind == TS_MEASURE_TIER ? c->rb->tiers[m->index].name : c->rb->metrics[m->index].name, date,
                  scale);
    for (size_t i = 0; i < rows; i++) {
        const ts_sens_lever *sl = &s->levers[i];
        const ts_diff *a = &sl->diff[measure * TS_SENS_POINTS], *b = &sl->diff[measure * TS_SENS_POINTS + 4];
        double v[6] = {a->mean, a->low, a->high, b->mean, b->low, b->high};
        ts_buf_printf(d, "%zu ", rows - i); /* rank 1 at the top */
        char *row = ts_xasprintf("%s%s", sl->lever.path, sl->noise ? " ~" : "");
        ts_plot_datstr(d, row);
        free(row);
        for (int k = 0; k < 6; k++) {
            double x = v[k] * scale;
            if (isfinite(x)) {
                lo = fmin(lo, x);
                hi = fmax(hi, x);
            }
            ts_buf_puts(d, " ");
            ts_plot_num(d, x);
        }
        ts_buf_puts(d, "\n");
    }
    double pad = fmax((hi - lo) * 0.08, 1e-6);
    ts_buf_printf(&ch->settings, "n_rows = %zu\nx_min = %.6g\nx_max = %.6g\n", rows, lo - pad, hi + pad);
    if (rows < s->n)
        ts_buf_printf(&ch->decor, "set label %s at graph 1, graph -0.08 right tc rgb '#555555'\n",
                      c->zh ? "'其余参数见 sensitivity.csv'" : "'more parameters in sensitivity.csv'");
    ts_buf_puts(&ch->decor, "set label '~ within noise' at graph 1, graph 1.02 right tc rgb '#555555'\n");
    if (c->zh)
        ts_buf_puts(&ch->decor, "set label '~ 在噪声范围内' at graph 1, graph 1.05 right tc rgb '#555555'\n");
}

void ts_plot_spider(const ts_plot_ctx *c, ts_plot_chart *ch, const ts_sens *s, const ts_decide_info *info)
{
    const ts_measure *m = &s->measures[s->rank_by];
    const char *unit;
    double scale = measure_scale(c, m, &unit);
    char date[11];
    ts_decide_date(info, date);
    char *label = ts_decide_measure_label(c->base, m, c->zh);
    char *title = FILL(c, TS_W_SPIDER_TITLE, label, date, c->who);
    ts_plot_setstr(&ch->settings, "title_text", title);
    ts_plot_setstr(&ch->settings, "xlabel_text", W(c, TS_W_SPIDER_XLABEL));
    char *yl = m->kind == TS_MEASURE_TIER ? ts_xasprintf("%s (%%)", label) : ts_xstrdup(label);
    ts_plot_setstr(&ch->settings, "ylabel_text", yl);
    free(yl);
    free(label);
    free(title);
    ts_buf_printf(&ch->settings, "base_level = %.10g\n", s->base_level[s->rank_by] * scale);
    size_t n = 0;
    ts_buf names = {0}, colors = {0};
    ts_buf *d = &ch->data;
    ts_buf_printf(d, "# spider.dat — tiersim sensitivity: one block per parameter: change (%%) and level x%g\n", scale);
    for (size_t i = 0; i < s->n && n < SPIDER_LINES; i++) {
        const ts_sens_lever *sl = &s->levers[i];
        if (isnan(sl->change[0]))
            continue; /* a base of 0 has no relative change */
        if (n > 0)
            ts_buf_puts(d, "\n\n");
        ts_buf_printf(d, "# %s\n", sl->lever.path);
        for (size_t k = 0; k < TS_SENS_POINTS; k++) {
            ts_plot_num(d, 100.0 * sl->change[k]);
            ts_buf_puts(d, " ");
            ts_plot_num(d, sl->level[s->rank_by * TS_SENS_POINTS + k] * scale);
            ts_buf_puts(d, "\n");
        }
        n++;
        ts_buf_printf(&names, "names[%zu] = ", n);
        ts_plot_gpstr(&names, sl->lever.path);
        ts_buf_puts(&names, "\n");
        ts_buf_printf(&colors, "colors[%zu] = '%s'\n", n, ts_plot_variant_color(n - 1));
    }
    ts_buf_printf(&ch->settings, "n_lines = %zu\narray names[%zu]\narray colors[%zu]\n%s%s", n, n ? n : 1,
                  n ? n : 1, names.s ? names.s : "", colors.s ? colors.s : "");
    free(names.s);
    free(colors.s);
}

void ts_plot_solve(const ts_plot_ctx *c, ts_plot_chart *ch, const ts_solve *s, const ts_decide_info *info)
{
    const ts_goal *g = &s->goal;
    double scale = g->kind == TS_GOAL_TIER ? 100.0 : ts_present_scale(c->rb->metrics[g->index].kind);
    char date[11];
    ts_decide_date(info, date);
    char *what;
    if (g->kind == TS_GOAL_TIER) {
        ts_measure m = {TS_MEASURE_TIER, g->index};
        char *l = ts_decide_measure_label(c->base, &m, c->zh);
        what = ts_xasprintf("%s (%%)", l);
        free(l);
    } else if (g->kind == TS_GOAL_MEAN) {
        ts_measure m = {TS_MEASURE_MEAN, g->index};
        what = ts_decide_measure_label(c->base, &m, c->zh);
    } else {
        what = ts_xasprintf("%s p%g", metric_label(c, &c->rb->metrics[g->index]), 100.0 * g->q);
    }
    char *title = FILL(c, TS_W_SOLVE_TITLE, what, s->lever->path, c->who);
    char *goal = FILL(c, TS_W_SOLVE_GOAL, info->goal_text ? info->goal_text : "");
    ts_plot_setstr(&ch->settings, "title_text", title);
    ts_plot_setstr(&ch->settings, "xlabel_text", s->lever->path);
    ts_plot_setstr(&ch->settings, "ylabel_text", what);
    ts_plot_setstr(&ch->settings, "goal_text", goal);
    ts_plot_setstr(&ch->settings, "holds_text", W(c, TS_W_SOLVE_HOLDS));
    ts_plot_setstr(&ch->settings, "fails_text", W(c, TS_W_SOLVE_FAILS));
    ts_plot_setstr(&ch->settings, "noise_text", W(c, TS_W_SOLVE_UNDECIDED));
    ts_buf_printf(&ch->settings, "goal_level = %.10g\n", g->target * scale);
    free(what);
    free(title);
    free(goal);
    if (isfinite(s->answer)) {
        char v[32];
        snprintf(v, sizeof v, "%.6g", s->answer);
        char *a = FILL(c, TS_W_SOLVE_ANSWER, v);
        ts_buf_printf(&ch->decor, "set arrow from %.10g, graph 0 to %.10g, graph 1 nohead dt 3 lw 1.5 lc rgb '#0072B2'\n",
                      s->answer, s->answer);
        ts_buf_printf(&ch->decor, "set label ");
        ts_plot_gpstr(&ch->decor, a);
        ts_buf_printf(&ch->decor, " at %.10g, graph 0.96 offset char 0.6, 0 tc rgb '#0072B2'\n", s->answer);
        free(a);
    }
    ts_buf *d = &ch->data;
    ts_buf_printf(d, "# solve.dat — tiersim solve on %s: value estimate low high side (1 holds, 0 fails, 2 within "
                  "noise), x%g\n", date, scale);
    for (size_t i = 0; i < s->n_points; i++) {
        const ts_solve_point *p = &s->points[i];
        ts_plot_num(d, p->value);
        double v[3] = {p->stat.est * scale, p->stat.low * scale, p->stat.high * scale};
        for (int k = 0; k < 3; k++) {
            ts_buf_puts(d, " ");
            ts_plot_num(d, v[k]);
        }
        ts_buf_printf(d, " %d\n", !p->decided ? 2 : p->holds ? 1 : 0);
    }
}
