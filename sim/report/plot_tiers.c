/*
** plot_tiers.c — chart 2, the tier probabilities on each evaluation day (tiers.gp,
** docs/plots.md "The charts").
*/
#include "plot_internal.h"

#include <stdio.h>
#include <stdlib.h>

/* 2. Tier probabilities (tiers.gp). */
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
    char **titles = ts_xcalloc(ncols, sizeof *titles);
    char **colors = ts_xcalloc(ncols, sizeof *colors);
    size_t *src = ts_xcalloc(ncols, sizeof *src);
    ts_buf *s = &ch->settings;
    for (size_t j = 0; j < ncols; j++) {
        src[j] = j < nt ? j : j == nt && any_na ? nt : nt + 1;
        char col[8];
        ts_present_slot_color(src[j], nt, col);
        const char *label = ts_present_slot(c->rb, src[j], c->zh);
        titles[j] = ts_xasprintf("label_%zu", j + 1);
        colors[j] = ts_xasprintf("color_%zu", j + 1);
        ts_plot_setstr(s, titles[j], label);
        ts_buf_printf(s, "%s = '%s'\n", colors[j], col);
    }
    char *title = FILL(c, TS_W_TIERS_TITLE, c->who);
    ts_plot_setstr(s, "title_text", title);
    free(title);
    ts_plot_setstr(s, "xlabel_text", c->nv > 1 ? "" : W(c, TS_W_EVAL_DAY));
    ts_plot_setstr(s, "ylabel_text", W(c, TS_W_PROBABILITY_AXIS));
    ts_plot_bar_xtics(c, &ch->decor);

    ts_buf *d = &ch->data;
    ts_buf_puts(d, "# tiers.dat — tiersim: probability (%) of each tier on each evaluation day\n");
    ts_buf_printf(d, "# %s; columns:\n# %s", c->nv > 1 ? "one block per evaluation day, one row per variant"
                                                   : "one row per evaluation day",
              c->nv > 1 ? "variant" : "date");
    for (size_t j = 0; j < ncols; j++)
        ts_buf_printf(d, " %s", src[j] < nt ? c->rb->tiers[src[j]].name : src[j] == nt ? "not_assessed" : "unclassified");
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
                ts_plot_num(d, es->tiers[src[j]].p * 100.0);
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
