/*
** table.c — the stdout summary table (table.h). Columns are padded by
** display width so that Chinese labels line up too.
*/
#include "table.h"
#include "present.h"

#include <stdlib.h>
#include <string.h>

#include "world.h" /* TS_REPLY_* */

/* Print s left-aligned (right when right) in a field of width columns. */
static void cell(FILE *out, const char *s, size_t width, bool right)
{
    size_t w = ts_present_width(s);
    size_t pad = w < width ? width - w : 0;
    if (right)
        fprintf(out, "%*s%s", (int)pad, "", s);
    else
        fprintf(out, "%s%*s", s, (int)pad, "");
}

typedef struct {
    size_t index;
    double mean;
} ranked;

static int by_mean_desc(const void *a, const void *b)
{
    const ranked *x = a, *y = b;
    if (x->mean != y->mean)
        return x->mean < y->mean ? 1 : -1;
    return x->index < y->index ? -1 : (x->index > y->index);
}

/* The columns of one variant's table. */
typedef struct {
    const ts_metric *head;   /* the headline metric; NULL without metrics */
    char head_title[160];    /* Chinese: the rulebook's label; English: the key of the result files */
    size_t head_w;
    bool diff;               /* the "vs base" column */
    size_t ncols;            /* the tier columns: the tiers, not assessed, unclassified when it occurs */
    const char **labels;     /* [ncols] */
    size_t *widths;          /* [ncols] */
} layout;

static void layout_init(layout *l, const ts_variant_summary *vs, bool zh)
{
    const ts_rulebook *rb = vs->variant->scenario->rules;
    l->head = rb->n_metrics ? &rb->metrics[0] : NULL;
    bool unclassified = false;
    for (size_t e = 0; e < vs->n_eval; e++)
        if (vs->evals[e].tiers[rb->n_tiers + 1].k > 0)
            unclassified = true;
    l->ncols = rb->n_tiers + 1 + (unclassified ? 1 : 0);
    l->labels = ts_xcalloc(l->ncols, sizeof *l->labels);
    l->widths = ts_xcalloc(l->ncols, sizeof *l->widths);
    for (size_t t = 0; t < l->ncols; t++) {
        l->labels[t] = ts_present_slot(rb, t, zh);
        l->widths[t] = ts_present_width(l->labels[t]);
        if (l->widths[t] < 7)
            l->widths[t] = 7;
    }
    snprintf(l->head_title, sizeof l->head_title, "%s",
             l->head ? (zh ? ts_present_metric(l->head, true) : l->head->name) : "");
    l->head_w = ts_present_width(l->head_title);
    if (l->head_w < 22)
        l->head_w = 22;
    /* the column only when the base has this metric on some evaluation day
       (a variant under another rulebook has nothing to compare with) */
    l->diff = false;
    for (size_t e = 0; l->head != NULL && e < vs->n_eval; e++)
        l->diff = l->diff || (vs->evals[e].diff != NULL && vs->evals[e].diff[0].n > 0);
}

static void print_heading(FILE *out, const layout *l, bool zh)
{
    fputs("  ", out);
    cell(out, ts_present_word(TS_W_TABLE_DATE, zh), 11, false);
    cell(out, ts_present_word(TS_W_TABLE_ASSESSED, zh), 10, true);
    fputs("  ", out);
    cell(out, l->head_title, l->head_w, false);
    if (l->diff) {
        fputs("  ", out);
        cell(out, ts_present_word(TS_W_VS_BASE, zh), 16, false);
    }
    for (size_t t = 0; t < l->ncols; t++) {
        fputs("  ", out);
        cell(out, l->labels[t], l->widths[t], true);
    }
    fputc('\n', out);
}

/* One evaluation day: assessed orders, the headline metric (5–95%), the difference, the tiers. */
static void print_row(FILE *out, const layout *l, const ts_eval_summary *es)
{
    char buf[2 * TS_PRESENT_NUM + 8], v[TS_PRESENT_NUM], r[TS_PRESENT_NUM];
    fputs("  ", out);
    cell(out, es->date, 11, false);
    ts_present_amount(buf, es->assessed.mean, 0);
    cell(out, buf, 10, true);
    fputs("  ", out);
    buf[0] = '\0';
    if (l->head) {
        ts_present_value(v, l->head->kind, es->metrics[0].mean, 0);
        ts_present_range(r, l->head->kind, es->metrics[0].p5, es->metrics[0].p95, TS_SHOW_NO_UNIT);
        snprintf(buf, sizeof buf, "%s (%s)", v, r);
    }
    cell(out, buf, l->head_w, false);
    if (l->diff) {
        const ts_diff *d = &es->diff[0];
        if (d->n == 0)
            snprintf(buf, sizeof buf, "—");
        else
            ts_present_delta(buf, l->head->kind, d->mean, true);
        fputs("  ", out);
        cell(out, buf, 16, false);
    }
    for (size_t t = 0; t < l->ncols; t++) {
        ts_present_prob(buf, es->tiers[t].p, false);
        fputs("  ", out);
        cell(out, buf, l->widths[t], true);
    }
    fputc('\n', out);
}

/* The other metrics: their means on each evaluation day. */
static void print_other_metrics(FILE *out, const ts_variant_summary *vs, bool zh)
{
    const ts_rulebook *rb = vs->variant->scenario->rules;
    for (size_t m = 1; m < rb->n_metrics; m++) {
        fprintf(out, zh ? "  %s：" : "  %s:", zh ? ts_present_metric(&rb->metrics[m], true) : rb->metrics[m].name);
        for (size_t e = 0; e < vs->n_eval; e++) {
            char v[TS_PRESENT_NUM];
            ts_present_value(v, rb->metrics[m].kind, vs->evals[e].metrics[m].mean, 0);
            fprintf(out, "%s %s", e ? "," : "", v);
        }
        if (rb->metrics[m].kind == TS_METRIC_REPLY_MEAN_MINUTES)
            fprintf(out, " %s", ts_present_word(TS_W_UNIT_MIN, zh));
        fputc('\n', out);
    }
}

/* The main causes on the last evaluation day: the four most frequent events. */
static void print_causes(FILE *out, const ts_variant_summary *vs, bool zh)
{
    const ts_rulebook *rb = vs->variant->scenario->rules;
    const ts_eval_summary *last = &vs->evals[vs->n_eval - 1];
    if (rb->n_events == 0)
        return;
    ranked *rk = ts_xcalloc(rb->n_events, sizeof *rk);
    for (size_t k = 0; k < rb->n_events; k++) {
        rk[k].index = k;
        rk[k].mean = last->events[k];
    }
    qsort(rk, rb->n_events, sizeof *rk, by_mean_desc);
    char *title = ts_present_fill(TS_W_TABLE_CAUSES, zh, last->date, (const char *)NULL);
    fprintf(out, "  %s:", title);
    free(title);
    size_t shown = 0;
    for (size_t k = 0; k < rb->n_events && shown < 4; k++) {
        if (!(rk[k].mean > 0.0))
            break;
        const ts_rule_event *ev = &rb->events[rk[k].index];
        char n[TS_PRESENT_NUM];
        ts_present_amount(n, rk[k].mean, 1);
        fprintf(out, "%s %s %s", shown ? "," : "", zh ? ts_present_event(ev, true) : ev->name, n);
        shown++;
    }
    if (shown == 0)
        fprintf(out, " %s", ts_present_word(TS_W_NONE, zh));
    fputc('\n', out);
    free(rk);
}

/*
** With a customer-service team (docs/model.md §13): the first responses over
** the horizon, label and value columns aligned by display width.
*/
static void print_service(FILE *out, const ts_variant_summary *vs, bool zh)
{
    const ts_reply_summary *rs = vs->reply;
    if (rs == NULL)
        return;
    const ts_stat *o = rs->overall;
    const char *unit = ts_present_word(TS_W_UNIT_MIN, zh);
    char v[5][2 * TS_PRESENT_NUM + 48], a[TS_PRESENT_NUM], b[TS_PRESENT_NUM];
    ts_present_amount(v[0], o[TS_REPLY_N].mean, 0);
    ts_present_minutes(a, o[TS_REPLY_MEAN].mean);
    ts_present_minutes(b, o[TS_REPLY_P90].mean);
    snprintf(v[1], sizeof v[1], "%s / %s %s", a, b, unit);
    static const int share[2] = {TS_REPLY_LE3, TS_REPLY_LE1440};
    for (int j = 0; j < 2; j++) {
        const ts_stat *s = &o[share[j]];
        ts_present_value(a, TS_METRIC_REPLY_WITHIN, s->mean, 0);
        ts_present_range(b, TS_METRIC_REPLY_WITHIN, s->p5, s->p95, TS_SHOW_NO_UNIT);
        snprintf(v[2 + j], sizeof v[2 + j], "%s (%s)", a, b);
    }
    snprintf(v[4], sizeof v[4], "%s", ts_present_word(TS_W_NONE, zh));
    if (rs->busiest >= 0) {
        char slots[24];
        snprintf(slots, sizeof slots, "%zu", rs->week_slots[rs->busiest]);
        ts_present_week_hour(a, rs->busiest, zh);
        ts_present_minutes(b, rs->week_mean[rs->busiest]);
        char *t = ts_present_fill(TS_W_SERVICE_BUSIEST_AT, zh, a, b, slots, (const char *)NULL);
        snprintf(v[4], sizeof v[4], "%s", t);
        free(t);
    }
    static const ts_word label[5] = {TS_W_SERVICE_CONVERSATIONS, TS_W_SERVICE_FIRST, TS_W_SERVICE_WITHIN3,
                                     TS_W_SERVICE_WITHIN24H, TS_W_SERVICE_BUSIEST};
    size_t w = 0;
    for (int i = 0; i < 5; i++) {
        size_t lw = ts_present_width(ts_present_word(label[i], zh));
        w = lw > w ? lw : w;
    }
    fprintf(out, "  %s\n", ts_present_word(TS_W_SERVICE, zh));
    for (int i = 0; i < 5; i++) {
        fputs("    ", out);
        cell(out, ts_present_word(label[i], zh), w, false);
        fprintf(out, "  %s\n", v[i]);
    }
}

/* docs/model.md §15: each uncertain parameter's draws, mean (5-95%). */
static void print_uncertain(FILE *out, const ts_variant_summary *vs, bool zh)
{
    if (vs->n_uncertain == 0)
        return;
    fprintf(out, "  %s\n", ts_present_word(TS_W_UNCERTAIN_HEADING, zh));
    for (size_t k = 0; k < vs->n_uncertain; k++) {
        const ts_stat *s = &vs->uncertain[k];
        fprintf(out, "    %s  %.4g (%.4g–%.4g)\n", vs->variant->scenario->uncertain[k].path, s->mean, s->p5, s->p95);
    }
}

static void print_variant(FILE *out, const ts_variant_summary *vs, bool zh)
{
    fprintf(out, "\n%s", vs->variant->name);
    if (vs->variant->description && *vs->variant->description)
        fprintf(out, " — %s", vs->variant->description);
    fputc('\n', out);
    if (vs->n_eval == 0) {
        fprintf(out, zh ? "  （%s）\n" : "  (%s)\n", ts_present_word(TS_W_NO_EVAL_DAY, zh));
        print_service(out, vs, zh);
        return;
    }
    layout l;
    layout_init(&l, vs, zh);
    print_heading(out, &l, zh);
    for (size_t e = 0; e < vs->n_eval; e++)
        print_row(out, &l, &vs->evals[e]);
    print_other_metrics(out, vs, zh);
    print_causes(out, vs, zh);
    print_uncertain(out, vs, zh);
    print_service(out, vs, zh);
    free(l.labels);
    free(l.widths);
}

void ts_table_print(FILE *out, const ts_summary *sum, bool chinese)
{
    for (size_t v = 0; v < sum->n_variants; v++)
        print_variant(out, &sum->variants[v], chinese);
}
