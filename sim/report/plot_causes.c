/*
** plot_causes.c — chart 3, the mean assessed orders with each rule event
** (causes.gp, docs/plots.md "The charts").
*/
#include "plot_internal.h"

#include <stdio.h>
#include <stdlib.h>

static double event_orders(const ts_eval_summary *es, size_t event)
{
    return es->events[event];
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
