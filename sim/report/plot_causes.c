/*
** plot_causes.c — chart 3, the mean assessed orders with each rule event
** (causes.gp, docs/plots.md "The charts").
*/
#include "plot_internal.h"

#include <stdio.h>
#include <stdlib.h>

/* 3. Causes: mean assessed orders with each rule event (causes.gp).  */
void ts_plot_causes(const ts_plot_ctx *c, ts_plot_chart *ch)
{
    const ts_metric *m = &c->rb->metrics[0];
    size_t ne = c->base->n_evaluations;
    size_t ncols = 0;
    size_t *src = ts_xcalloc(c->rb->n_events + 1, sizeof *src);
    if ((m->kind == TS_METRIC_RATE || m->kind == TS_METRIC_COUNT) && m->n_events > 0) {
        for (size_t j = 0; j < m->n_events; j++)
            if (m->events[j] < c->rb->n_events)
                src[ncols++] = m->events[j];
    }
    bool listed = ncols > 0; /* the headline metric's own events */
    if (ncols == 0) /* not a rate or count, or one without events: every event */
        for (size_t j = 0; j < c->rb->n_events; j++)
            src[ncols++] = j;
    char **titles = ts_xcalloc(ncols + 1, sizeof *titles);
    char **colors = ts_xcalloc(ncols + 1, sizeof *colors);
    ts_buf *s = &ch->settings;
    for (size_t j = 0; j < ncols; j++) {
        titles[j] = ts_xasprintf("label_%zu", j + 1);
        colors[j] = ts_xasprintf("color_%zu", j + 1);
        ts_plot_setstr(s, titles[j], event_label(c, &c->rb->events[src[j]]));
        ts_buf_printf(s, "%s = '%s'\n", colors[j], ts_plot_event_color(j));
    }
    char *title = listed
        ? FILL(c, TS_W_CAUSES_TITLE_METRIC, metric_label(c, m), c->who)
        : FILL(c, TS_W_CAUSES_TITLE, c->who);
    ts_plot_setstr(s, "title_text", title);
    free(title);
    ts_plot_setstr(s, "xlabel_text", c->nv > 1 ? "" : W(c, TS_W_EVAL_DAY));
    ts_plot_setstr(s, "ylabel_text", W(c, TS_W_CAUSES_YLABEL));
    ts_plot_setstr(s, "note_text", W(c, TS_W_CAUSES_NOTE));
    ts_plot_bar_xtics(c, &ch->decor);

    ts_buf *d = &ch->data;
    ts_buf_puts(d, "# causes.dat — tiersim: mean over replications of the assessed orders with each rule event\n");
    ts_buf_printf(d, "# %s; columns:\n# %s", c->nv > 1 ? "one block per evaluation day, one row per variant"
                                                   : "one row per evaluation day",
              c->nv > 1 ? "variant" : "date");
    for (size_t j = 0; j < ncols; j++)
        ts_buf_printf(d, " %s", c->rb->events[src[j]].name);
    ts_buf_puts(d, "\n");
    size_t groups = c->nv == 1 ? 1 : ne;
    for (size_t g = 0; g < groups; g++) {
        if (g > 0)
            ts_buf_puts(d, "\n\n");
        size_t rows = c->nv == 1 ? ne : c->nv;
        for (size_t r = 0; r < rows; r++) {
            size_t k = c->nv == 1 ? 0 : r, e = c->nv == 1 ? r : g;
            const ts_eval_summary *es = &VS(c, k)->evals[e];
            ts_plot_datstr(d, c->nv == 1 ? es->date : vname(c, k));
            for (size_t j = 0; j < ncols; j++) {
                ts_buf_puts(d, " ");
                ts_plot_num(d, es->events[src[j]]);
            }
            ts_buf_puts(d, "\n");
        }
    }
    ts_plot_stacked(c, ch, ncols, titles, colors);
    for (size_t j = 0; j < ncols; j++) {
        free(titles[j]);
        free(colors[j]);
    }
    free(titles);
    free(colors);
    free(src);
}
