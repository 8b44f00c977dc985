/*
** plot_batch.c — the charts of `tiersim batch` (shops.gp, tier_counts.gp;
** docs/plots.md "Batch charts"): every shop's P(best tier) on the last
** evaluation day, ranked, and the expected number of shops in each tier.
*/
#include "plot_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stats.h"

/* Up to this many shops each get their name on the axis; beyond, the highest and lowest are named. */
#define SHOPS_NAMED 30
/* Shops named in the "highest" and "lowest" notes of a large batch. */
#define SHOPS_NOTED 3

/* The variants' names and colours as gnuplot arrays names[k], colors[k] (1-based). */
static void variant_arrays(ts_buf *s, const ts_batch *b)
{
    size_t nv = b->n_variants;
    ts_buf_printf(s, "n_variants = %zu\narray names[%zu]\narray colors[%zu]\n", nv, nv ? nv : 1, nv ? nv : 1);
    for (size_t v = 0; v < nv; v++) {
        ts_buf_printf(s, "names[%zu] = ", v + 1);
        ts_plot_gpstr(s, b->variants[v]);
        ts_buf_printf(s, "\ncolors[%zu] = '%s'\n", v + 1, ts_plot_variant_color(v));
    }
}

typedef struct {
    double p;
    size_t i;
} ranked;

/* By the base's P(best tier), highest first; ties in row order (a total order). */
static int by_best(const void *pa, const void *pb)
{
    const ranked *a = pa, *b = pb;
    if (a->p != b->p)
        return a->p > b->p ? -1 : 1;
    return a->i < b->i ? -1 : a->i > b->i;
}

/* The shops' indexes ranked by the base's P(best tier) on evaluation e. */
static size_t *shops_order(const ts_batch *b, size_t e)
{
    ranked *r = ts_xcalloc(b->n_shops + 1, sizeof *r);
    for (size_t i = 0; i < b->n_shops; i++)
        r[i] = (ranked){b->shops[i].evals[e].tiers[0].p, i};
    qsort(r, b->n_shops, sizeof *r, by_best);
    size_t *o = ts_xcalloc(b->n_shops + 1, sizeof *o);
    for (size_t i = 0; i < b->n_shops; i++)
        o[i] = r[i].i;
    free(r);
    return o;
}

/* "a, b, c": the names of ranked shops order[from..to). */
static char *names_of(const ts_batch *b, const size_t *order, size_t from, size_t to)
{
    ts_buf t = {0};
    for (size_t k = from; k < to; k++)
        ts_buf_printf(&t, "%s%s", k > from ? ", " : "", b->shops[order[k]].name);
    return t.s ? t.s : ts_xstrdup("");
}

void ts_plot_shops(const ts_plot_ctx *c, ts_plot_chart *ch, const ts_batch *b)
{
    size_t e = b->n_eval - 1, n = b->n_shops;
    const char *best = tier_label(c, &b->rules->tiers[0]);
    char shops[32];
    snprintf(shops, sizeof shops, "%zu", n);
    char *title = FILL(c, TS_W_SHOPS_TITLE, best, b->dates[e], shops, c->who);
    char *xl = FILL(c, TS_W_SHOPS_XLABEL, best, b->variants[0]);
    char *yl = FILL(c, TS_W_SHOPS_YLABEL, best);
    ts_buf *s = &ch->settings;
    ts_plot_setstr(s, "title_text", title);
    ts_plot_setstr(s, "xlabel_text", xl);
    ts_plot_setstr(s, "ylabel_text", yl);
    ts_plot_setstr(s, "note_text", W(c, TS_W_SHOPS_NOTE));
    free(title);
    free(xl);
    free(yl);
    variant_arrays(s, b);
    /* the variants of one shop side by side, within a third of the spacing of shops */
    double dx = b->n_variants > 1 ? 0.3 / (double)(b->n_variants - 1) : 0.0;
    ts_buf_printf(s, "n_shops = %zu\nx_step = %.6g\npoint_size = %.3g\nbar_width = %.2g\n", n, dx,
                  n > 100 ? 0.5 : n > 30 ? 0.7 : 1.1, n > 100 ? 0.7 : 1.2);
    size_t *order = shops_order(b, e);
    ts_buf *d = &ch->data;
    ts_buf_printf(d, "# shops.dat — tiersim batch: P(%s) (%%) on %s, shops ranked on the base\n"
                  "# rank shop then per variant: p low high\n", b->rules->tiers[0].name, b->dates[e]);
    for (size_t k = 0; k < n; k++) {
        const ts_batch_shop *sh = &b->shops[order[k]];
        ts_buf_printf(d, "%zu ", k + 1);
        ts_plot_datstr(d, sh->name);
        for (size_t v = 0; v < b->n_variants; v++) {
            const ts_prob *p = &sh->evals[v * b->n_eval + e].tiers[0];
            double x[3] = {100.0 * p->p, 100.0 * p->low, 100.0 * p->high};
            for (int q = 0; q < 3; q++) {
                ts_buf_puts(d, " ");
                ts_plot_num(d, x[q]);
            }
        }
        ts_buf_puts(d, "\n");
    }
    ts_buf *dec = &ch->decor;
    if (n <= SHOPS_NAMED) {
        ts_buf_puts(dec, "set xtics rotate by 40 right (");
        for (size_t k = 0; k < n; k++) {
            ts_buf_puts(dec, k ? ", " : "");
            ts_plot_gpstr(dec, b->shops[order[k]].name);
            ts_buf_printf(dec, " %zu", k + 1);
        }
        ts_buf_puts(dec, ")\nset bmargin 8\n");
    } else { /* names would overlap: the highest and the lowest in a note instead; no caps on the intervals */
        ts_buf_puts(dec, "set bars 0\n");
        size_t m = n < 2 * SHOPS_NOTED ? n / 2 : SHOPS_NOTED;
        char *hi = names_of(b, order, 0, m), *lo = names_of(b, order, n - m, n);
        char *th = FILL(c, TS_W_SHOPS_HIGHEST, hi), *tl = FILL(c, TS_W_SHOPS_LOWEST, lo);
        ts_buf_puts(dec, "set label ");
        ts_plot_gpstr(dec, th);
        ts_buf_puts(dec, " at graph 0.99, graph 0.97 right tc rgb '#333333' front\nset label ");
        ts_plot_gpstr(dec, tl);
        ts_buf_puts(dec, " at graph 0.99, graph 0.91 right tc rgb '#333333' front\n");
        free(hi);
        free(lo);
        free(th);
        free(tl);
    }
    free(order);
}

void ts_plot_tier_counts(const ts_plot_ctx *c, ts_plot_chart *ch, const ts_batch *b)
{
    size_t e = b->n_eval - 1, nt = b->n_tiers, nv = b->n_variants;
    char shops[32], reps[32];
    snprintf(shops, sizeof shops, "%zu", b->n_shops);
    snprintf(reps, sizeof reps, "%zu", b->reps);
    char *title = FILL(c, TS_W_TIER_COUNTS_TITLE, b->dates[e], shops, c->who);
    char *note = FILL(c, TS_W_TIER_COUNTS_NOTE, reps);
    ts_buf *s = &ch->settings;
    ts_plot_setstr(s, "title_text", title);
    ts_plot_setstr(s, "ylabel_text", W(c, TS_W_TIER_COUNTS_YLABEL));
    ts_plot_setstr(s, "note_text", note);
    free(title);
    free(note);
    variant_arrays(s, b);
    double bw = 0.8 / (double)(nv ? nv : 1);
    ts_buf_printf(s, "box_width = %.6g\nvalue_labels = %d\n", bw, nv <= 3 ? 1 : 0);
    ts_buf *d = &ch->data;
    ts_buf_printf(d, "# tier_counts.dat — tiersim batch: shops per tier on %s over %zu replications\n"
                  "# slot tier then per variant: mean low high (95%% interval of the mean)\n", b->dates[e], b->reps);
    size_t rows = 0;
    for (size_t k = 0; k < nt + 2; k++) {
        bool any = k < nt;
        for (size_t v = 0; v < nv && !any; v++)
            any = ts_batch_tier_count(b, v, e, k).mean > 0.0;
        if (!any) /* not assessed and unclassified only when they occur */
            continue;
        ts_buf_printf(d, "%zu ", rows++);
        ts_plot_datstr(d, ts_present_slot(b->rules, k, c->zh));
        for (size_t v = 0; v < nv; v++) {
            ts_stat x = ts_batch_tier_count(b, v, e, k);
            double h = isfinite(x.se) ? TS_Z95 * x.se : 0.0;
            double y[3] = {x.mean, fmax(x.mean - h, 0.0), x.mean + h};
            for (int q = 0; q < 3; q++) {
                ts_buf_puts(d, " ");
                ts_plot_num(d, y[q]);
            }
        }
        ts_buf_puts(d, "\n");
    }
    ts_buf_printf(s, "n_rows = %zu\n", rows);
}
