/*
** plot_compare.c — the charts that compare variants: the gift-cost trade-off
** (tradeoff.gp), a sweep (sweep.gp) and the standing across rulebooks (standing.gp).
*/
#include "plot_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stats.h"
#include "world.h" /* TS_MONEY_GIFT_COST only: ts_report does not link the models */

/* ------------------------------------------------------------------ */
/* 5. The gift-cost trade-off (tradeoff.gp).                          */

/* Whether some variant spends on gifts (else the trade-off chart says nothing). */
bool ts_plot_has_gift_cost(const ts_plot_ctx *c)
{
    for (size_t k = 0; k < c->nv; k++) {
        const ts_variant_summary *vs = VS(c, k);
        if (vs->n_money > TS_MONEY_GIFT_COST && vs->money[TS_MONEY_GIFT_COST].mean > 0.0)
            return true;
    }
    return false;
}

/*
** The tier the trade-off shows: the best tier that some variant reaches on
** evaluation e (its probability above 0); 0 when none reaches any.
*/
static size_t tradeoff_tier(const ts_plot_ctx *c, size_t e)
{
    for (size_t t = 0; t < c->rb->n_tiers; t++)
        for (size_t k = 0; k < c->nv; k++)
            if (VS(c, k)->evals[e].tiers[t].k > 0)
                return t;
    return 0;
}

/* The probability of tier t or a better one on evaluation e, with its Wilson interval. */
static ts_prob or_better(const ts_variant_summary *vs, size_t e, size_t t)
{
    size_t k = 0, n = vs->evals[e].tiers[0].n;
    for (size_t j = 0; j <= t; j++)
        k += vs->evals[e].tiers[j].k;
    return ts_stats_wilson(k, n);
}

/*
** Label positions that do not overlap: variants in order of their point
** (x, then y); a label within one line height (dy) of one already placed
** and less than a label's width (dx) to the side moves down by a line.
*/
static void place_labels(const double *x, const double *y, size_t n, double dx, double dy, double *ly)
{
    size_t *order = ts_xcalloc(n + 1, sizeof *order);
    for (size_t i = 0; i < n; i++)
        order[i] = i;
    for (size_t i = 1; i < n; i++) /* insertion sort: a handful of variants */
        for (size_t j = i; j > 0; j--) {
            size_t a = order[j - 1], b = order[j];
            bool swap = x[b] < x[a] || (x[b] == x[a] && y[b] > y[a]);
            if (!swap)
                break;
            order[j - 1] = b;
            order[j] = a;
        }
    for (size_t i = 0; i < n; i++) {
        size_t v = order[i];
        ly[v] = y[v];
        for (bool moved = true; moved;) {
            moved = false;
            for (size_t j = 0; j < i; j++) {
                size_t u = order[j];
                if (fabs(x[u] - x[v]) < dx && fabs(ly[u] - ly[v]) < dy) {
                    ly[v] = ly[u] - dy;
                    moved = true;
                }
            }
        }
    }
    free(order);
}

/* 5. Gift cost against P(the best tier some variant reaches, or better), one point per variant (tradeoff.gp). */
void ts_plot_tradeoff(const ts_plot_ctx *c, ts_plot_chart *ch)
{
    size_t e = ts_plot_last_eval(c);
    size_t t = tradeoff_tier(c, e);
    const ts_tier *tier = &c->rb->tiers[t];
    char date[11];
    ts_plot_date(c->base, c->base->evaluations[e], date);
    const char *cur = c->base->order_value.currency ? c->base->order_value.currency : "";
    char *what = t == 0 ? ts_xstrdup(tier_label(c, tier)) : FILL(c, TS_W_TIER_OR_BETTER, tier_label(c, tier));
    char *title = FILL(c, TS_W_TRADEOFF_TITLE, what, date, c->who);
    char *xl = FILL(c, TS_W_TRADEOFF_XLABEL, cur);
    char *yl = FILL(c, TS_W_PROBABILITY_OF, what);
    ts_plot_setstr(&ch->settings, "title_text", title);
    ts_plot_setstr(&ch->settings, "xlabel_text", xl);
    ts_plot_setstr(&ch->settings, "ylabel_text", yl);
    ts_plot_setstr(&ch->settings, "legend_text", W(c, TS_W_TRADEOFF_LEGEND));
    free(what);
    free(title);
    free(xl);
    free(yl);
    size_t nv = c->nv;
    double *x = ts_xcalloc(nv + 1, sizeof *x), *y = ts_xcalloc(nv + 1, sizeof *y), *ly = ts_xcalloc(nv + 1, sizeof *ly);
    ts_prob *pr = ts_xcalloc(nv + 1, sizeof *pr);
    double xmax = 0.0, ylo = 100.0, yhi = 0.0;
    for (size_t k = 0; k < nv; k++) {
        const ts_variant_summary *vs = VS(c, k);
        x[k] = vs->n_money > TS_MONEY_GIFT_COST ? vs->money[TS_MONEY_GIFT_COST].mean : (double)NAN;
        if (isfinite(x[k]) && x[k] > xmax)
            xmax = x[k];
        pr[k] = or_better(vs, e, t);
        y[k] = pr[k].p * 100.0;
        if (isfinite(pr[k].low))
            ylo = fmin(ylo, pr[k].low * 100.0);
        if (isfinite(pr[k].high))
            yhi = fmax(yhi, pr[k].high * 100.0);
    }
    if (!(yhi > ylo)) {
        ylo = fmax(0.0, ylo - 5.0);
        yhi = fmin(100.0, yhi + 5.0);
        if (!(yhi > ylo)) {
            ylo = 0.0;
            yhi = 100.0;
        }
    }
    double pad = fmax((yhi - ylo) * 0.12, 2.0);
    double y_min = fmax(0.0, ylo - pad), y_max = fmin(100.0, yhi + pad);
    /* the labels sit right of the points: room on the right */
    double xr = xmax > 0.0 ? xmax : 1.0;
    double dy = (y_max - y_min) * 0.055, dx = xr * 0.35;
    for (size_t k = 0; k < nv; k++)
        if (!isfinite(x[k]))
            x[k] = 0.0;
    place_labels(x, y, nv, dx, dy, ly);
    for (size_t k = 0; k < nv; k++)
        if (ly[k] - 0.5 * dy < y_min)
            y_min = ly[k] - dy;
    ts_buf_printf(&ch->settings, "x_min = %.6g\nx_max = %.6g\ny_min = %.6g\ny_max = %.6g\n", -0.04 * xr, xr * 1.3,
                  y_min, y_max);
    ts_buf *d = &ch->data;
    ts_buf_printf(d, "# tradeoff.dat — tiersim: mean gift cost (%s) and probability (%%) of tier %s%s on %s\n"
                  "# columns:\n# variant gift_cost p p_low p_high label_y\n", cur, tier->name,
                  t == 0 ? "" : " or better", date);
    for (size_t k = 0; k < nv; k++) {
        ts_plot_datstr(d, vname(c, k));
        double v[5] = {x[k], y[k], pr[k].low * 100.0, pr[k].high * 100.0, ly[k]};
        for (int j = 0; j < 5; j++) {
            ts_buf_puts(d, " ");
            ts_plot_num(d, v[j]);
        }
        ts_buf_puts(d, "\n");
    }
    free(x);
    free(y);
    free(ly);
    free(pr);
}

/* ------------------------------------------------------------------ */
/* 6. A sweep (sweep.gp).                                             */

/* A sweep: every variant but the base named PATH=NUMBER with one PATH. */
char *ts_plot_sweep_path(const ts_plot_ctx *c)
{
    if (c->nv < 3)
        return NULL;
    char *path = NULL;
    for (size_t k = 1; k < c->nv; k++) {
        const char *n = vname(c, k);
        const char *eq = strrchr(n, '=');
        if (eq == NULL || eq == n || eq[1] == '\0')
            goto no;
        char *end = NULL;
        double v = strtod(eq + 1, &end);
        if (*end != '\0' || !isfinite(v))
            goto no;
        if (path == NULL)
            path = ts_xasprintf("%.*s", (int)(eq - n), n);
        else if (strlen(path) != (size_t)(eq - n) || strncmp(path, n, (size_t)(eq - n)) != 0)
            goto no;
    }
    return path;
no:
    free(path);
    return NULL;
}

static int cmp_pair(const void *a, const void *b)
{
    double x = ((const double *)a)[0], y = ((const double *)b)[0];
    return (x > y) - (x < y);
}

/* 6. The headline metric and the top-tier probability against the swept value (sweep.gp). */
void ts_plot_sweep(const ts_plot_ctx *c, ts_plot_chart *ch, const char *path)
{
    size_t e = ts_plot_last_eval(c);
    const ts_metric *m = &c->rb->metrics[0];
    const ts_tier *top = &c->rb->tiers[0];
    char date[11];
    ts_plot_date(c->base, c->base->evaluations[e], date);
    char *title = FILL(c, TS_W_SWEEP_TITLE, path, metric_label(c, m), tier_label(c, top), date);
    char *yl = FILL(c, TS_W_VALUE_IN_UNIT, metric_label(c, m), c->axis_unit);
    char *y2 = FILL(c, TS_W_PROBABILITY_OF, tier_label(c, top));
    char *mt = FILL(c, TS_W_SWEEP_METRIC, metric_label(c, m));
    ts_plot_setstr(&ch->settings, "title_text", title);
    ts_plot_setstr(&ch->settings, "xlabel_text", path);
    ts_plot_setstr(&ch->settings, "ylabel_text", yl);
    ts_plot_setstr(&ch->settings, "y2label_text", y2);
    ts_plot_setstr(&ch->settings, "metric_text", mt);
    ts_plot_setstr(&ch->settings, "top_text", y2);
    free(title);
    free(yl);
    free(y2);
    free(mt);
    ts_buf *d = &ch->data;
    ts_buf_printf(d, "# sweep.dat — tiersim: swept %s (the base is left out) on %s\n"
                 "# columns:\n# value mean p5 p95 (of %s, display units %s) p_top p_top_low p_top_high (%%)\n",
              path, date, m->name, c->axis_unit);
    double *rows = ts_xcalloc((c->nv - 1) * 8, sizeof *rows);
    for (size_t k = 1; k < c->nv; k++) {
        const ts_eval_summary *es = &VS(c, k)->evals[e];
        double *r = rows + (k - 1) * 8;
        r[0] = strtod(strrchr(vname(c, k), '=') + 1, NULL);
        r[1] = es->metrics[0].mean * c->scale;
        r[2] = es->metrics[0].p5 * c->scale;
        r[3] = es->metrics[0].p95 * c->scale;
        r[4] = es->tiers[0].p * 100.0;
        r[5] = es->tiers[0].low * 100.0;
        r[6] = es->tiers[0].high * 100.0;
    }
    qsort(rows, c->nv - 1, 8 * sizeof *rows, cmp_pair);
    for (size_t k = 0; k + 1 < c->nv; k++) {
        for (int j = 0; j < 7; j++) {
            ts_plot_num(d, rows[k * 8 + (size_t)j]);
            ts_buf_puts(d, j < 6 ? " " : "\n");
        }
    }
    free(rows);
}

/* ------------------------------------------------------------------ */
/* 7. Across rulebooks: each variant's standing (standing.gp).        */

/*
** text broken at spaces into lines of at most max columns each
** (ts_present_width), joined by `"\n"` as a gnuplot expression of
** single-quoted pieces, appended to b. Returns the widest line's columns.
*/
static size_t sb_gplines(ts_buf *b, const char *text, size_t max)
{
    char *copy = ts_xstrdup(text ? text : "");
    size_t widest = 0, line = 0;
    ts_buf cur = {0};
    ts_buf_puts(&cur, "");
    bool first_line = true;
    char *save = NULL;
    for (char *w = strtok_r(copy, " ", &save); ; w = strtok_r(NULL, " ", &save)) {
        size_t u = w ? ts_present_width(w) : 0;
        if (w == NULL || (line > 0 && line + 1 + u > max)) {
            if (!first_line)
                ts_buf_puts(b, " . \"\\n\" . ");
            ts_plot_gpstr(b, cur.s);
            first_line = false;
            widest = line > widest ? line : widest;
            cur.len = 0;
            cur.s[0] = '\0';
            line = 0;
            if (w == NULL)
                break;
        }
        if (line > 0) {
            ts_buf_puts(&cur, " ");
            line++;
        }
        ts_buf_puts(&cur, w);
        line += u;
    }
    free(cur.s);
    free(copy);
    return widest;
}

/* Dark text on light colours, white on dark ones (Rec. 601 luma). */
static long text_color_on(const char *color)
{
    unsigned r = 0, g = 0, b = 0;
    if (sscanf(color, "#%2x%2x%2x", &r, &g, &b) != 3)
        return 0x1a1a1a;
    return 0.299 * r + 0.587 * g + 0.114 * b < 140.0 ? 0xffffff : 0x1a1a1a;
}

/*
** The axis names each bar (settings ytic_N): the variant, the rulebook's
** title wrapped, the evaluation day. Returns the left margin in characters.
*/
static size_t standing_axis(const ts_plot_ctx *c, ts_buf *s, ts_buf *o)
{
    size_t widest = 0;
    ts_buf_puts(o, "set ytics (");
    for (size_t k = 0; k < c->nv; k++) {
        const ts_variant_summary *vs = VS(c, k);
        const ts_rulebook *rb = vs->variant->scenario->rules;
        char *var = ts_xasprintf("ytic_%zu", k + 1);
        ts_buf_printf(s, "%s = ", var);
        size_t w = sb_gplines(s, vname(c, k), 60);
        ts_buf_puts(s, " . \"\\n\" . ");
        size_t w2 = sb_gplines(s, ts_plot_rulebook_title(c, rb), c->zh ? 30 : 34);
        w = w2 > w ? w2 : w;
        char *when = vs->n_eval > 0 ? FILL(c, TS_W_EVALUATED_AT, vs->evals[vs->n_eval - 1].date)
                                    : ts_xstrdup(W(c, TS_W_NO_EVAL_DAY));
        ts_buf_puts(s, " . \"\\n\" . ");
        ts_plot_gpstr(s, when);
        ts_buf_puts(s, "\n");
        w = ts_present_width(when) > w ? ts_present_width(when) : w;
        widest = w > widest ? w : widest;
        ts_buf_printf(o, "%s%s %zu", k ? ", " : "", var, c->nv - k);
        free(when);
        free(var);
    }
    ts_buf_puts(o, ")\n");
    return widest + 3;
}

static void standing_settings(const ts_plot_ctx *c, ts_buf *s, size_t lmargin)
{
    ts_buf_printf(s, "left_margin = %zu\nbars = %zu\n", lmargin, c->nv);
    char *sub = FILL(c, TS_W_STANDING_SUBTITLE, c->base->name ? c->base->name : "");
    ts_buf_puts(s, "title_text = ");
    ts_plot_gpstr(s, W(c, TS_W_STANDING_TITLE));
    ts_buf_puts(s, "\n");
    ts_plot_setstr(s, "subtitle_text", sub);
    ts_plot_setstr(s, "note_text", W(c, TS_W_STANDING_NOTE));
    free(sub);
    ts_plot_setstr(s, "xlabel_text", W(c, TS_W_PROBABILITY_AXIS));
}

/* The texts on the bars: data blocks 1 (tier labels), 2 (percentages), 3 (narrow segments). */
typedef struct {
    ts_buf labels, pcts, narrow;
    double plot_px; /* the plot's width in pixels */
} bar_texts;

/*
** Segment j (tiers, then not assessed and unclassified) of drawn variant k's
** bar, from x to x + p (%), at evaluation es: its row of block 0, and its
** label and percentage where they fit, else a mention in note.
*/
static void standing_segment(const ts_plot_ctx *c, ts_buf *d, bar_texts *bt, ts_buf *note, size_t k,
                             size_t j, size_t src, double x, const ts_eval_summary *es)
{
    const ts_variant_summary *vs = VS(c, k);
    const ts_rulebook *rb = vs->variant->scenario->rules;
    size_t nt = vs->n_tiers < rb->n_tiers ? vs->n_tiers : rb->n_tiers;
    double p = es->tiers[src].p * 100.0;
    char col[8];
    ts_present_slot_color(j, nt, col);
    const char *label = j < nt ? tier_label(c, &rb->tiers[j]) : W(c, j == nt ? TS_W_NOT_ASSESSED : TS_W_UNCLASSIFIED);
    const char *key = j < nt ? rb->tiers[j].name : j == nt ? "not_assessed" : "unclassified";
    unsigned r = 0, g = 0, bl = 0;
    sscanf(col, "#%2x%2x%2x", &r, &g, &bl);
    ts_buf_printf(d, "%zu ", c->nv - k);
    ts_plot_num(d, x);
    ts_buf_puts(d, " ");
    ts_plot_num(d, x + p);
    ts_buf_puts(d, " ");
    ts_plot_num(d, p);
    ts_buf_printf(d, " %ld ", (long)(r << 16 | g << 8 | bl));
    ts_plot_datstr(d, vname(c, k));
    ts_buf_puts(d, " ");
    ts_plot_datstr(d, rb->name);
    ts_buf_printf(d, " %s %s\n", es->date, key);
    /* labels: the tier's name above its percentage, when they fit (Sans 12:
       about 8 px per column) */
    char pt[TS_PRESENT_NUM];
    ts_present_prob(pt, es->tiers[src].p, true);
    double seg_px = p / 100.0 * bt->plot_px;
    long tc = text_color_on(col);
    if (seg_px >= 8.0 * (double)ts_present_width(label) + 10.0) {
        ts_buf_printf(&bt->labels, "%.6g %zu ", x + p / 2.0, c->nv - k);
        ts_plot_datstr(&bt->labels, label);
        ts_buf_printf(&bt->labels, " %ld\n", tc);
    } else {
        ts_buf_printf(note, "%s%s %s", note->len ? W(c, TS_W_LIST_SEP) : "", label, pt);
    }
    if (seg_px >= 8.0 * (double)ts_present_width(pt) + 8.0) {
        ts_buf_printf(&bt->pcts, "%.6g %zu ", x + p / 2.0, c->nv - k);
        ts_plot_datstr(&bt->pcts, pt);
        ts_buf_printf(&bt->pcts, " %ld\n", tc);
    }
}

/* Drawn variant k's bar on its last evaluation day; none without an evaluation day. */
static void standing_bar(const ts_plot_ctx *c, ts_buf *d, bar_texts *bt, size_t k)
{
    const ts_variant_summary *vs = VS(c, k);
    const ts_rulebook *rb = vs->variant->scenario->rules;
    if (vs->n_eval == 0)
        return;
    const ts_eval_summary *es = &vs->evals[vs->n_eval - 1];
    size_t nt = vs->n_tiers < rb->n_tiers ? vs->n_tiers : rb->n_tiers;
    double x = 0.0;
    ts_buf note = {0};
    for (size_t j = 0; j < nt + 2; j++) {
        size_t src = j < nt ? j : vs->n_tiers + (j - nt);
        double p = es->tiers[src].p * 100.0;
        if (!(p > 0.0))
            continue;
        standing_segment(c, d, bt, &note, k, j, src, x, es);
        x += p;
    }
    if (note.len > 0) {
        /* the segments too narrow to name, in the gap below the bar */
        char *text = FILL(c, TS_W_STANDING_NARROW, note.s);
        ts_buf_printf(&bt->narrow, "0 %.6g ", (double)(c->nv - k) - 0.5);
        ts_plot_datstr(&bt->narrow, text);
        ts_buf_puts(&bt->narrow, "\n");
        free(text);
    }
    free(note.s);
}

/*
** One horizontal stacked bar per variant (c->vi, any rulebook) on its last
** evaluation day within the horizon: segments are the tiers best first,
** then not assessed and unclassified; colours rank the tiers of the
** variant's own rulebook; labels only where the text fits.
*/
void ts_plot_standing(const ts_plot_ctx *c, ts_plot_chart *ch)
{
    ts_buf *d = &ch->data;
    size_t lmargin = standing_axis(c, &ch->settings, &ch->decor);
    standing_settings(c, &ch->settings, lmargin);
    bar_texts bt = {.plot_px = (double)c->width - 8.0 * (double)(lmargin + 4)};
    if (bt.plot_px < 200.0)
        bt.plot_px = 200.0;
    ts_buf_puts(&bt.labels, "");
    ts_buf_puts(&bt.pcts, "");
    ts_buf_puts(&bt.narrow, "");
    ts_buf_printf(d, "# standing.dat — tiersim: probability (%%) of each tier on each variant's last evaluation day\n"
                 "# block 0, one row per segment:\n"
                 "# bar x_from x_to p color variant rulebook date tier\n");
    for (size_t k = 0; k < c->nv; k++)
        standing_bar(c, d, &bt, k);
    /* gnuplot cannot plot an empty block: a dummy row outside the range */
    ts_buf_printf(d, "\n\n# block 1: tier labels that fit their segment\n# x bar label text_color\n%s-100 -100 \"\" 0\n",
              bt.labels.s);
    ts_buf_printf(d, "\n\n# block 2: percentages that fit their segment\n# x bar text text_color\n%s-100 -100 \"\" 0\n",
              bt.pcts.s);
    ts_buf_printf(d, "\n\n# block 3: tiers too narrow to name, below their bar\n# x y text\n%s-100 -100 \"\"\n",
              bt.narrow.s);
    free(bt.labels.s);
    free(bt.pcts.s);
    free(bt.narrow.s);
}
