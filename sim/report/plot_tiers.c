/*
** plot_tiers.c — chart 2, the tier probabilities on each evaluation day (tiers.gp,
** docs/plots.md "The charts").
*/
#include "plot_internal.h"

#include <stdio.h>
#include <stdlib.h>

static double tier_percent(const ts_eval_summary *es, const ts_plot_bar *col)
{
    size_t slot = col->src;
    return es->tiers[slot].p * 100.0;
}

/* 2. Tier probabilities (tiers.gp); not assessed and unclassified only when they occur. */
void ts_plot_tiers(const ts_plot_ctx *c, ts_plot_chart *ch)
{
    size_t nt = c->rb->n_tiers, ne = c->base->n_evaluations;
    bool any_na = false, any_un = false;
    for (size_t k = 0; k < c->nv; k++)
        for (size_t e = 0; e < ne; e++) {
            any_na = any_na || VS(c, k)->evals[e].tiers[nt].p > 0.0;
            any_un = any_un || VS(c, k)->evals[e].tiers[nt + 1].p > 0.0;
        }
    size_t ncols = nt + (any_na ? 1 : 0) + (any_un ? 1 : 0);
    ts_plot_bar *cols = ts_xcalloc(ncols, sizeof *cols);
    for (size_t j = 0; j < ncols; j++) {
        size_t slot = j < nt ? j : j == nt && any_na ? nt : nt + 1;
        cols[j].src = slot;
        cols[j].label = ts_present_slot(c->rb, slot, c->zh);
        cols[j].key = slot < nt ? c->rb->tiers[slot].name : slot == nt ? "not_assessed" : "unclassified";
        ts_present_slot_color(slot, nt, cols[j].color);
    }
    ts_buf *s = &ch->settings;
    ts_plot_bar_columns(s, cols, ncols);
    char *title = FILL(c, TS_W_TIERS_TITLE, c->who);
    ts_plot_setstr(s, "title_text", title);
    free(title);
    ts_plot_setstr(s, "xlabel_text", c->nv > 1 ? "" : W(c, TS_W_EVAL_DAY));
    ts_plot_setstr(s, "ylabel_text", W(c, TS_W_PROBABILITY_AXIS));
    ts_plot_bar_xtics(c, &ch->decor);
    ts_buf_puts(&ch->data, "# tiers.dat — tiersim: probability (%) of each tier on each evaluation day\n");
    ts_plot_bar_data(c, ch, cols, ncols, tier_percent);
    free(cols);
}
