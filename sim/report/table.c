/*
** table.c — the stdout summary table (table.h). Columns are padded by
** display width so that Chinese labels line up too.
*/
#include "table.h"
#include "present.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

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

static void print_variant(FILE *out, const ts_variant_summary *vs, bool zh)
{
    const ts_scenario *sc = vs->variant->scenario;
    const ts_rulebook *rb = sc->rules;
    fprintf(out, "\n%s", vs->variant->name);
    if (vs->variant->description && *vs->variant->description)
        fprintf(out, " — %s", vs->variant->description);
    fputc('\n', out);
    if (vs->n_eval == 0) {
        fprintf(out, zh ? "  （%s）\n" : "  (%s)\n", ts_present_word(TS_W_NO_EVAL_DAY, zh));
        return;
    }
    const ts_metric *head = rb->n_metrics ? &rb->metrics[0] : NULL;

    /* which extra tier columns occur */
    bool unclassified = false;
    for (size_t e = 0; e < vs->n_eval; e++)
        if (vs->evals[e].tiers[rb->n_tiers + 1].k > 0)
            unclassified = true;
    size_t ncols = rb->n_tiers + 1 + (unclassified ? 1 : 0);
    const char **labels = ts_xcalloc(ncols, sizeof *labels);
    for (size_t t = 0; t < ncols; t++)
        labels[t] = ts_present_slot(rb, t, zh);
    size_t *widths = ts_xcalloc(ncols, sizeof *widths);
    for (size_t t = 0; t < ncols; t++) {
        widths[t] = ts_present_width(labels[t]);
        if (widths[t] < 7)
            widths[t] = 7;
    }

    char head_title[160];
    /* Chinese: the rulebook's labels; English: the keys of the result files */
    snprintf(head_title, sizeof head_title, "%s", head ? (zh ? ts_present_metric(head, true) : head->name) : "");
    size_t head_w = ts_present_width(head_title);
    if (head_w < 22)
        head_w = 22;
    /* the column only when the base has this metric on some evaluation day
       (a variant under another rulebook has nothing to compare with) */
    bool diff = false;
    for (size_t e = 0; head != NULL && e < vs->n_eval; e++)
        diff = diff || (vs->evals[e].diff != NULL && vs->evals[e].diff[0].n > 0);

    fputs("  ", out);
    cell(out, ts_present_word(TS_W_TABLE_DATE, zh), 11, false);
    cell(out, ts_present_word(TS_W_TABLE_ASSESSED, zh), 10, true);
    fputs("  ", out);
    cell(out, head_title, head_w, false);
    if (diff) {
        fputs("  ", out);
        cell(out, ts_present_word(TS_W_VS_BASE, zh), 16, false);
    }
    for (size_t t = 0; t < ncols; t++) {
        fputs("  ", out);
        cell(out, labels[t], widths[t], true);
    }
    fputc('\n', out);

    for (size_t e = 0; e < vs->n_eval; e++) {
        const ts_eval_summary *es = &vs->evals[e];
        char buf[2 * TS_PRESENT_NUM + 8], v[TS_PRESENT_NUM], r[TS_PRESENT_NUM];
        fputs("  ", out);
        cell(out, es->date, 11, false);
        ts_present_amount(buf, es->assessed.mean, 0);
        cell(out, buf, 10, true);
        fputs("  ", out);
        if (head) {
            ts_present_value(v, head->kind, es->metrics[0].mean, 0);
            ts_present_range(r, head->kind, es->metrics[0].p5, es->metrics[0].p95, TS_SHOW_NO_UNIT);
            snprintf(buf, sizeof buf, "%s (%s)", v, r);
        } else {
            buf[0] = '\0';
        }
        cell(out, buf, head_w, false);
        if (diff) {
            const ts_diff *d = &es->diff[0];
            if (d->n == 0)
                snprintf(buf, sizeof buf, "—");
            else
                ts_present_delta(buf, head->kind, d->mean, true);
            fputs("  ", out);
            cell(out, buf, 16, false);
        }
        for (size_t t = 0; t < ncols; t++) {
            ts_present_prob(buf, es->tiers[t].p, false);
            fputs("  ", out);
            cell(out, buf, widths[t], true);
        }
        fputc('\n', out);
    }

    /* other metrics, means on each evaluation day */
    for (size_t m = 1; m < rb->n_metrics; m++) {
        fprintf(out, zh ? "  %s：" : "  %s:", zh ? ts_present_metric(&rb->metrics[m], true) : rb->metrics[m].name);
        for (size_t e = 0; e < vs->n_eval; e++) {
            char v[TS_PRESENT_NUM];
            ts_present_value(v, rb->metrics[m].kind, vs->evals[e].metrics[m].mean, 0);
            fprintf(out, "%s %s", e ? "," : "", v);
        }
        fputc('\n', out);
    }

    /* the main causes on the last evaluation day */
    const ts_eval_summary *last = &vs->evals[vs->n_eval - 1];
    if (rb->n_events > 0) {
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
            fprintf(out, "%s %s %.1f", shown ? "," : "", zh ? ts_present_event(ev, true) : ev->name, rk[k].mean);
            shown++;
        }
        if (shown == 0)
            fprintf(out, " %s", ts_present_word(TS_W_NONE, zh));
        fputc('\n', out);
        free(rk);
    }
    free(labels);
    free(widths);
}

void ts_table_print(FILE *out, const ts_summary *sum, bool chinese)
{
    for (size_t v = 0; v < sum->n_variants; v++)
        print_variant(out, &sum->variants[v], chinese);
}
