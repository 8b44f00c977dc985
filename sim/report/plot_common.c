/*
** plot_common.c — what the charts share (plot_internal.h): gnuplot strings and
** numbers, colours, tier thresholds, value ranges, stacked bars.
*/
#include "plot_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"

/* ------------------------------------------------------------------ */
/* Colours.                                                           */

/* Colour-blind-safe colours for variants (Okabe-Ito). */
const char *ts_plot_variant_color(size_t k)
{
    static const char *const colors[] = {
        "#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#999933"
    };
    return colors[k % (sizeof colors / sizeof colors[0])];
}

/* Qualitative colours for rule events (Tableau 10). */
const char *ts_plot_event_color(size_t j)
{
    static const char *const colors[] = {
        "#4E79A7", "#F28E2B", "#E15759", "#76B7B2", "#59A14F",
        "#EDC948", "#B07AA1", "#FF9DA7", "#9C755F", "#BAB0AC"
    };
    return colors[j % (sizeof colors / sizeof colors[0])];
}

/* ------------------------------------------------------------------ */
/* gnuplot text.                                                      */

/* A number of a data file or a script ('%.10g'): NaN for undefined values. */
void ts_plot_num(ts_buf *b, double x)
{
    if (isnan(x) || isinf(x))
        ts_buf_puts(b, "NaN");
    else
        ts_buf_printf(b, "%.10g", x);
}

/* s between quote characters; a quote inside becomes for_quote, control
   characters become spaces. */
static void sb_quoted(ts_buf *b, const char *s, char quote, const char *for_quote)
{
    ts_buf_add(b, &quote, 1);
    for (const char *p = s ? s : ""; *p; p++) {
        if (*p == quote)
            ts_buf_puts(b, for_quote);
        else if ((unsigned char)*p < 0x20)
            ts_buf_puts(b, " ");
        else
            ts_buf_add(b, p, 1);
    }
    ts_buf_add(b, &quote, 1);
}

/*
** A gnuplot single-quoted string: inside it only '' is special (it stands
** for one quote); backslashes, @, _, ^ and braces are literal, and the
** terminals are set noenhanced.
*/
void ts_plot_gpstr(ts_buf *b, const char *s)
{
    sb_quoted(b, s, '\'', "''");
}

/* A quoted string column of a data file: gnuplot cannot escape '"' there,
   so double quotes become single ones. */
void ts_plot_datstr(ts_buf *b, const char *s)
{
    sb_quoted(b, s, '"', "'");
}

/* A settings line: NAME = 'text'. */
void ts_plot_setstr(ts_buf *b, const char *name, const char *text)
{
    ts_buf_printf(b, "%s = ", name);
    ts_plot_gpstr(b, text);
    ts_buf_puts(b, "\n");
}

/* ------------------------------------------------------------------ */
/* Tier thresholds and value ranges.                                  */

static const char *op_text(ts_op op)
{
    switch (op) {
    case TS_OP_LT: return "<";
    case TS_OP_LE: return "≤";
    case TS_OP_GT: return ">";
    default: return "≥";
    }
}

void ts_plot_thresholds_free(ts_plot_threshold *t, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(t[i].text);
    free(t);
}

/* A tier colour as a line on white: the pale middle (yellow) shades darkened. */
static void line_color(char color[static 8])
{
    unsigned r = 0, g = 0, b = 0;
    if (sscanf(color, "#%2x%2x%2x", &r, &g, &b) != 3 || 0.299 * r + 0.587 * g + 0.114 * b < 205.0)
        return;
    snprintf(color, 8, "#%02x%02x%02x", (r & 0xffu) * 4 / 5, (g & 0xffu) * 4 / 5, (b & 0xffu) * 4 / 5);
}

/* The thresholds of metric 0 from the tiers' conditions, in tier order. */
ts_plot_threshold *ts_plot_thresholds(const ts_plot_ctx *c, size_t *count)
{
    ts_plot_threshold *out = ts_xcalloc(c->rb->n_tiers * 4 + 1, sizeof *out);
    ts_op *ops = ts_xcalloc(c->rb->n_tiers * 4 + 1, sizeof *ops);
    char **labels = ts_xcalloc(c->rb->n_tiers * 4 + 1, sizeof *labels);
    size_t n = 0;
    for (size_t t = 0; t < c->rb->n_tiers; t++) {
        const ts_tier *tier = &c->rb->tiers[t];
        for (size_t k = 0; k < tier->n_when; k++) {
            const ts_condition *cond = &tier->when[k];
            if (cond->metric != 0 || !isfinite(cond->value))
                continue;
            double v = cond->value * c->scale;
            size_t j = 0;
            while (j < n && !(ops[j] == cond->op && fabs(out[j].v - v) <= 1e-12 * fmax(1.0, fabs(v))))
                j++;
            if (j == n) {
                if (n == c->rb->n_tiers * 4)
                    continue;
                out[n].v = v;
                out[n].value = cond->value;
                ops[n] = cond->op;
                labels[n] = ts_xstrdup(tier_label(c, tier));
                ts_present_tier_color(t, c->rb->n_tiers, out[n].color);
                line_color(out[n].color);
                n++;
            } else {
                char *joined = ts_xasprintf("%s/%s", labels[j], tier_label(c, tier));
                free(labels[j]);
                labels[j] = joined;
            }
        }
    }
    for (size_t j = 0; j < n; j++) {
        char num[TS_PRESENT_NUM];
        ts_present_value(num, c->rb->metrics[0].kind, out[j].value, TS_SHOW_EXACT);
        out[j].text = ts_xasprintf("%s %s %s", labels[j], op_text(ops[j]), num);
        free(labels[j]);
    }
    free(labels);
    free(ops);
    *count = n;
    return out;
}

/*
** The value range to show for data in [lo, hi] (display units): the data,
** plus the nearest threshold above and below it, so the next boundary the
** seller could cross is always visible while far thresholds do not squash
** the data; padded; never below 0 for a non-negative metric.
*/
void ts_plot_value_range(const ts_plot_ctx *c, double lo, double hi, const ts_plot_threshold *t, size_t nt,
                        bool from_zero, double *rlo, double *rhi)
{
    if (!isfinite(lo) || !isfinite(hi)) {
        lo = 0.0;
        hi = c->scale > 1.0 ? 10.0 : 1.0;
    }
    double above = INFINITY, below = -INFINITY;
    for (size_t i = 0; i < nt; i++) {
        if (t[i].v > hi && t[i].v < above)
            above = t[i].v;
        if (t[i].v < lo && t[i].v > below)
            below = t[i].v;
    }
    double a = isfinite(below) ? below : lo;
    double b = isfinite(above) ? above : hi;
    double span = b - a;
    if (!(span > 0.0))
        span = fmax(fabs(b) * 0.1, 1e-6);
    a -= 0.06 * span;
    b += 0.12 * span;
    if (c->rb->metrics[0].kind != TS_METRIC_DSR_MEAN && a < 0.0)
        a = 0.0;
    if (from_zero)
        a = 0.0;
    *rlo = a;
    *rhi = b;
}

/* Horizontal threshold lines labelled at the right, for those within [ylo, yhi]. */
void ts_plot_threshold_lines(ts_buf *o, const ts_plot_threshold *thr, size_t nthr, double ylo, double yhi)
{
    for (size_t i = 0; i < nthr; i++) {
        if (thr[i].v < ylo || thr[i].v > yhi)
            continue;
        ts_buf_printf(o, "set arrow from graph 0, first %.6g to graph 1, first %.6g nohead dt 2 lw 2 lc rgb '%s' front\n",
                  thr[i].v, thr[i].v, thr[i].color);
        char dark[8];
        ts_plot_darker(thr[i].color, dark);
        ts_buf_puts(o, "set label ");
        ts_plot_gpstr(o, thr[i].text);
        ts_buf_printf(o, " at graph 0.995, first %.6g right offset 0, char 0.6 tc rgb '%s' front\n",
                  thr[i].v, dark);
    }
}

/* ------------------------------------------------------------------ */
/* The run.                                                           */

/* The number of replications of the run. */
size_t ts_plot_reps(const ts_plot_ctx *c)
{
    if (c->res != NULL)
        return c->res->n_reps;
    if (c->sum->results != NULL)
        return c->sum->results->n_reps;
    const ts_variant_summary *vs = VS(c, 0);
    if (vs->n_eval > 0)
        return vs->evals[0].tiers[0].n;
    size_t n = 0;
    for (size_t i = 0; i < vs->n_days * vs->n_metrics; i++)
        n = vs->daily[i].n > n ? vs->daily[i].n : n;
    return n;
}

/* A darker shade of a colour, for text that must stay readable on white. */
void ts_plot_darker(const char *color, char out[static 8])
{
    unsigned r = 0, g = 0, b = 0;
    if (sscanf(color, "#%2x%2x%2x", &r, &g, &b) != 3) {
        snprintf(out, 8, "#000000");
        return;
    }
    snprintf(out, 8, "#%02x%02x%02x", (r & 0xffu) * 3 / 5, (g & 0xffu) * 3 / 5, (b & 0xffu) * 3 / 5);
}

void ts_plot_date(const ts_scenario *sc, int32_t day, char out[static 11])
{
    ts_date_format(sc->start + day, out);
}

const char *ts_plot_rulebook_title(const ts_plot_ctx *c, const ts_rulebook *rb)
{
    const char *t = ts_present_rulebook_title(rb, c->zh);
    return t ? t : rb->name ? rb->name : "?";
}

/* The peaks (volume.events), shaded from their first day to the day after their last. */
void ts_plot_peaks(const ts_plot_ctx *c, ts_buf *o)
{
    ts_buf_puts(o, "# peak events (volume.events): shaded from the first day to the day after the last\n");
    for (size_t i = 0; i < c->base->volume.n_events; i++) {
        const ts_peak *pk = &c->base->volume.events[i];
        int32_t a = pk->start_day, b = pk->start_day + pk->days;
        if (b <= 0 || a >= c->base->days)
            continue;
        if (a < 0)
            a = 0;
        if (b > c->base->days - 1)
            b = c->base->days - 1;
        char da[11], db[11];
        ts_plot_date(c->base, a, da);
        ts_plot_date(c->base, b, db);
        ts_buf_printf(o, "set object rect from strptime('%%Y-%%m-%%d', '%s'), graph 0 to strptime('%%Y-%%m-%%d', '%s'), graph 1 "
                     "behind fc rgb '#f4a582' fs transparent solid 0.30 noborder\n", da, db);
        char *lab = ts_xasprintf("%s ×%.3g", pk->name ? pk->name : "", pk->multiplier);
        ts_buf_puts(o, "set label ");
        ts_plot_gpstr(o, lab);
        ts_buf_printf(o, " at strptime('%%Y-%%m-%%d', '%s'), graph 0.96 left offset char 0.4, 0 tc rgb '#b2182b' front\n", da);
        free(lab);
    }
}

char *ts_plot_legend(const ts_plot_ctx *c, size_t k, ts_word several, ts_word one)
{
    if (c->nv > 1)
        return ts_xasprintf("%s: %s", vname(c, k), W(c, several));
    return ts_xstrdup(W(c, one));
}

/* ------------------------------------------------------------------ */
/* Stacked bars (tiers.gp, causes.gp).                                */

/*
** The plot command: one stacked bar per evaluation day (one variant), or per
** variant grouped by evaluation day; data column j + 2 is drawn in colour
** color_J with legend label_J (J = j + 1).
*/
static void stacked_plot(const ts_plot_ctx *c, ts_buf *p, size_t ncols)
{
    size_t ne = c->base->n_evaluations;
    size_t groups = c->nv == 1 ? 1 : ne;
    ts_buf_puts(p, "    plot \\\n");
    for (size_t g = 0; g < groups; g++) {
        if (g > 0)
            ts_buf_puts(p, ", \\\n");
        if (c->nv > 1) {
            char date[11];
            ts_plot_date(c->base, c->base->evaluations[g], date);
            char *gt = FILL(c, TS_W_EVAL_AT, date);
            ts_buf_puts(p, "        newhistogram ");
            ts_plot_gpstr(p, gt);
            free(gt);
            ts_buf_puts(p, " lt 1, \\\n");
        }
        for (size_t j = 0; j < ncols; j++) {
            if (j == 0)
                ts_buf_printf(p, "        data_file index %zu using %zu:xtic(1) ", g, j + 2);
            else
                ts_buf_printf(p, ", \\\n        '' index %zu using %zu ", g, j + 2);
            ts_buf_printf(p, "lc rgb color_%zu ", j + 1);
            if (g == 0)
                ts_buf_printf(p, "title label_%zu", j + 1);
            else
                ts_buf_puts(p, "notitle");
        }
    }
    ts_buf_puts(p, "\n");
}

void ts_plot_bar_columns(ts_buf *s, const ts_plot_bar *cols, size_t n)
{
    for (size_t j = 0; j < n; j++) {
        char *name = ts_xasprintf("label_%zu", j + 1);
        ts_plot_setstr(s, name, cols[j].label);
        ts_buf_printf(s, "color_%zu = '%s'\n", j + 1, cols[j].color);
        free(name);
    }
}

void ts_plot_bar_data(const ts_plot_ctx *c, ts_plot_chart *ch, const ts_plot_bar *cols, size_t n,
                      double (*value)(const ts_eval_summary *es, const ts_plot_bar *col))
{
    ts_buf *d = &ch->data;
    size_t ne = c->base->n_evaluations;
    ts_buf_printf(d, "# %s; columns:\n# %s", c->nv > 1 ? "one block per evaluation day, one row per variant"
                                                   : "one row per evaluation day",
              c->nv > 1 ? "variant" : "date");
    for (size_t j = 0; j < n; j++)
        ts_buf_printf(d, " %s", cols[j].key);
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
            for (size_t j = 0; j < n; j++) {
                ts_buf_puts(d, " ");
                ts_plot_num(d, value(es, &cols[j]));
            }
            ts_buf_puts(d, "\n");
        }
    }
    stacked_plot(c, &ch->plot, n);
}

/* Rotate the bar labels when variant names are long. */
void ts_plot_bar_xtics(const ts_plot_ctx *c, ts_buf *o)
{
    size_t longest = 0;
    for (size_t k = 0; k < c->nv && c->nv > 1; k++)
        if (strlen(vname(c, k)) > longest)
            longest = strlen(vname(c, k));
    if (c->nv * c->base->n_evaluations > 16) /* e.g. daily evaluations: upright dates */
        ts_buf_puts(o, "set xtics rotate by 90 right\n");
    else if (longest * (c->nv * c->base->n_evaluations) > 90)
        ts_buf_puts(o, "set xtics rotate by 30 right\n");
    else
        ts_buf_puts(o, "set xtics norotate\n");
}

/* Index of the last evaluation, or SIZE_MAX without evaluations. */
size_t ts_plot_last_eval(const ts_plot_ctx *c)
{
    return c->base->n_evaluations ? c->base->n_evaluations - 1 : SIZE_MAX;
}
