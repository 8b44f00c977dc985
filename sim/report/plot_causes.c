/*
** plot_causes.c — chart 3, the mean assessed orders with each rule event
** (causes.gp, docs/plots.md "The charts").
*/
#include "plot_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

static double event_orders(const ts_eval_summary *es, const ts_plot_bar *col)
{
    return es->events[col->src];
}

static double points_lost(const ts_eval_summary *es, const ts_plot_bar *col)
{
    return col->weight * (col->full - es->metrics[col->src].mean);
}

/* The most points a points metric gives: its best rung, otherwise or missing. */
static double full_points(const ts_metric *m)
{
    double best = m->has_otherwise ? m->otherwise : -HUGE_VAL;
    for (size_t i = 0; i < m->n_rungs; i++)
        best = m->ladder[i].points > best ? m->ladder[i].points : best;
    return m->has_missing && m->missing > best ? m->missing : best;
}

/* Collect the points metrics metric m is built from, with their weights (depth-bounded). */
static void collect_points(const ts_rulebook *rb, size_t m, double w, size_t depth, ts_plot_bar *cols, size_t *n)
{
    const ts_metric *mt = &rb->metrics[m];
    if (depth > rb->n_metrics)
        return;
    if (mt->kind == TS_METRIC_POINTS) {
        for (size_t j = 0; j < *n; j++)
            if (cols[j].src == m)
                return;
        cols[*n].src = m;
        cols[*n].weight = w;
        cols[*n].full = full_points(mt);
        (*n)++;
    } else if (mt->kind == TS_METRIC_DAILY_MEAN && mt->n_of == 1) {
        collect_points(rb, mt->of[0], w, depth + 1, cols, n);
    } else if (mt->kind == TS_METRIC_SUM) {
        for (size_t k = 0; k < mt->n_of; k++)
            collect_points(rb, mt->of[k], w * (mt->weights ? mt->weights[k] : 1.0), depth + 1, cols, n);
    }
}

bool ts_plot_points_lost(const ts_plot_ctx *c, ts_plot_chart *ch)
{
    size_t ncols = 0;
    ts_plot_bar *cols = ts_xcalloc(c->rb->n_metrics + 1, sizeof *cols);
    if (c->rb->n_metrics > 0)
        collect_points(c->rb, 0, 1.0, 0, cols, &ncols);
    if (ncols == 0) {
        free(cols);
        return false;
    }
    for (size_t j = 0; j < ncols; j++) {
        const ts_metric *m = &c->rb->metrics[cols[j].src];
        cols[j].label = metric_label(c, m);
        cols[j].key = m->name;
        snprintf(cols[j].color, sizeof cols[j].color, "%s", ts_plot_event_color(j));
    }
    ts_buf *s = &ch->settings;
    ts_plot_bar_columns(s, cols, ncols);
    char *title = FILL(c, TS_W_POINTS_LOST_TITLE, metric_label(c, &c->rb->metrics[0]), c->who);
    ts_plot_setstr(s, "title_text", title);
    free(title);
    ts_plot_setstr(s, "xlabel_text", c->nv > 1 ? "" : W(c, TS_W_EVAL_DAY));
    ts_plot_setstr(s, "ylabel_text", W(c, TS_W_POINTS_LOST_YLABEL));
    ts_plot_setstr(s, "note_text", W(c, TS_W_POINTS_LOST_NOTE));
    ts_plot_bar_xtics(c, &ch->decor);
    ts_buf_puts(&ch->data, "# points_lost.dat — tiersim: mean over replications of weight x (full points - points) "
                "of each component on the evaluation day\n");
    ts_plot_bar_data(c, ch, cols, ncols, points_lost);
    free(cols);
    return true;
}

/*
** 3. Causes: mean assessed orders with each rule event (causes.gp); the
** headline metric's own events when it is a rate or count with events, else every event.
*/
void ts_plot_causes(const ts_plot_ctx *c, ts_plot_chart *ch)
{
    const ts_metric *m = &c->rb->metrics[0];
    size_t ncols = 0;
    ts_plot_bar *cols = ts_xcalloc(c->rb->n_events + 1, sizeof *cols);
    if ((m->kind == TS_METRIC_RATE || m->kind == TS_METRIC_COUNT) && m->n_events > 0) {
        for (size_t j = 0; j < m->n_events; j++)
            if (m->events[j] < c->rb->n_events)
                cols[ncols++].src = m->events[j];
    }
    bool listed = ncols > 0; /* the headline metric's own events */
    if (ncols == 0) /* not a rate or count, or one without events: every event */
        for (size_t j = 0; j < c->rb->n_events; j++)
            cols[ncols++].src = j;
    for (size_t j = 0; j < ncols; j++) {
        const ts_rule_event *ev = &c->rb->events[cols[j].src];
        cols[j].label = event_label(c, ev);
        cols[j].key = ev->name;
        snprintf(cols[j].color, sizeof cols[j].color, "%s", ts_plot_event_color(j));
    }
    ts_buf *s = &ch->settings;
    ts_plot_bar_columns(s, cols, ncols);
    char *title = listed
        ? FILL(c, TS_W_CAUSES_TITLE_METRIC, metric_label(c, m), c->who)
        : FILL(c, TS_W_CAUSES_TITLE, c->who);
    ts_plot_setstr(s, "title_text", title);
    free(title);
    ts_plot_setstr(s, "xlabel_text", c->nv > 1 ? "" : W(c, TS_W_EVAL_DAY));
    ts_plot_setstr(s, "ylabel_text", W(c, TS_W_CAUSES_YLABEL));
    ts_plot_setstr(s, "note_text", W(c, TS_W_CAUSES_NOTE));
    ts_plot_bar_xtics(c, &ch->decor);
    ts_buf_puts(&ch->data, "# causes.dat — tiersim: mean over replications of the assessed orders with each rule event\n");
    ts_plot_bar_data(c, ch, cols, ncols, event_orders);
    free(cols);
}
