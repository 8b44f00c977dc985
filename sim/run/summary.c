/*
** summary.c — every statistic of a run (docs/results-format.md), computed
** from the per-replication results in replication order only.
*/
#include "summary.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "evaluate.h" /* TS_TIER_* codes only */
#include "stats.h"

/* The base's evaluation on the same calendar date, or -1. */
static long base_eval_on(const ts_variant_results *base, ts_civil date)
{
    const ts_scenario *bs = base->variant->scenario;
    for (size_t e = 0; e < base->n_eval; e++)
        if (bs->start + bs->evaluations[e] == date)
            return (long)e;
    return -1;
}

/* The base's metric with the same name, or -1. */
static long base_metric_named(const ts_variant_results *base, const char *name)
{
    const ts_rulebook *rb = base->variant->scenario->rules;
    for (size_t m = 0; m < base->n_metrics; m++)
        if (strcmp(rb->metrics[m].name, name) == 0)
            return (long)m;
    return -1;
}

static void build_eval(ts_eval_summary *es, const ts_variant_results *vr,
                       const ts_variant_results *base, size_t e, size_t reps, double *work)
{
    const ts_scenario *sc = vr->variant->scenario;
    const ts_rulebook *rb = sc->rules;
    size_t nm = vr->n_metrics, ne = vr->n_events, nt = rb ? rb->n_tiers : 0;
    es->day = sc->evaluations[e];
    ts_date_format(sc->start + es->day, es->date);
    es->assessed = ts_stats_describe(vr->assessed + e, reps, vr->n_eval, work);

    es->metrics = ts_xcalloc(nm, sizeof *es->metrics);
    for (size_t m = 0; m < nm; m++)
        es->metrics[m] = ts_stats_describe(vr->metrics + e * nm + m, reps, vr->n_eval * nm, work);

    /* tier probabilities over all replications: tiers, not_assessed, unclassified */
    size_t *k = ts_xcalloc(nt + 2, sizeof *k);
    for (size_t r = 0; r < reps; r++) {
        int32_t t = vr->tiers[r * vr->n_eval + e];
        if (t >= 0 && (size_t)t < nt)
            k[t]++;
        else if (t == TS_TIER_NOT_ASSESSED)
            k[nt]++;
        else
            k[nt + 1]++;
    }
    es->tiers = ts_xcalloc(nt + 2, sizeof *es->tiers);
    for (size_t t = 0; t < nt + 2; t++)
        es->tiers[t] = ts_stats_wilson(k[t], reps);
    free(k);

    es->events = ts_xcalloc(ne, sizeof *es->events);
    for (size_t j = 0; j < ne; j++) {
        ts_stat s = ts_stats_describe(vr->events + e * ne + j, reps, vr->n_eval * ne, work);
        es->events[j] = s.mean;
    }

    es->diff = NULL;
    if (base == NULL)
        return;
    es->diff = ts_xcalloc(nm, sizeof *es->diff);
    long be = base_eval_on(base, sc->start + es->day);
    for (size_t m = 0; m < nm; m++) {
        ts_diff d = {0, NAN, NAN, NAN};
        long bm = be < 0 ? -1 : base_metric_named(base, rb->metrics[m].name);
        if (bm >= 0) {
            size_t bnm = base->n_metrics;
            d = ts_stats_paired_diff(vr->metrics + e * nm + m, vr->n_eval * nm,
                                     base->metrics + (size_t)be * bnm + (size_t)bm,
                                     base->n_eval * bnm, reps, work);
        }
        es->diff[m] = d;
    }
}

/* Mean of x[0], x[stride], ... over the n values that are defined; NaN when none. */
static double defined_mean(const double *x, size_t n, size_t stride)
{
    double sum = 0.0;
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (!isnan(x[i * stride])) {
            sum += x[i * stride];
            m++;
        }
    return m ? sum / (double)m : (double)NAN;
}

/* docs/model.md §13: the team's replies over the replications (ts_reply_summary). */
static ts_reply_summary *build_reply(const ts_variant_results *vr, size_t reps, double *work)
{
    if (vr->n_reply == 0)
        return NULL;
    const ts_scenario *sc = vr->variant->scenario;
    ts_reply_summary *rs = ts_xcalloc(1, sizeof *rs);
    for (int k = 0; k < TS_REPLY_WEEK; k++)
        rs->overall[k] = ts_stats_describe(vr->reply + k, reps, vr->n_reply, work);
    ts_team_week_slots(sc, rs->week_slots);
    rs->busiest = -1;
    for (int h = 0; h < 168; h++) {
        const double *f = vr->reply + TS_REPLY_WEEK + 3 * h;
        rs->week_n[h] = defined_mean(f, reps, vr->n_reply);
        rs->week_mean[h] = defined_mean(f + 1, reps, vr->n_reply);
        rs->week_p90[h] = defined_mean(f + 2, reps, vr->n_reply);
        if (!isnan(rs->week_mean[h]) && (rs->busiest < 0 || rs->week_mean[h] > rs->week_mean[rs->busiest]))
            rs->busiest = h;
    }
    rs->day_within3 = ts_xcalloc(vr->n_days + 1, sizeof *rs->day_within3);
    for (size_t d = 0; d < vr->n_days; d++)
        rs->day_within3[d] = ts_stats_describe(vr->reply + TS_REPLY_DAY + d, reps, vr->n_reply, work);
    return rs;
}

ts_summary *ts_summary_build(const ts_results *res)
{
    size_t reps = res->n_reps;
    ts_summary *sum = ts_xcalloc(1, sizeof *sum);
    sum->results = res;
    sum->n_variants = res->study->n_variants;
    sum->variants = ts_xcalloc(sum->n_variants, sizeof *sum->variants);
    double *work = ts_xcalloc(reps + 1, sizeof *work);
    for (size_t v = 0; v < sum->n_variants; v++) {
        const ts_variant_results *vr = &res->variants[v];
        ts_variant_summary *vs = &sum->variants[v];
        const ts_rulebook *rb = vr->variant->scenario->rules;
        vs->variant = vr->variant;
        vs->n_eval = vr->n_eval;
        vs->n_metrics = vr->n_metrics;
        vs->n_events = vr->n_events;
        vs->n_tiers = rb ? rb->n_tiers : 0;
        vs->n_days = vr->n_days;
        vs->n_money = vr->n_money;

        vs->evals = ts_xcalloc(vs->n_eval, sizeof *vs->evals);
        for (size_t e = 0; e < vs->n_eval; e++)
            build_eval(&vs->evals[e], vr, v == 0 ? NULL : &res->variants[0], e, reps, work);

        size_t nm = vr->n_metrics, block = vr->n_days * nm;
        vs->daily = ts_xcalloc(block, sizeof *vs->daily);
        for (size_t i = 0; i < block; i++)
            vs->daily[i] = ts_stats_describe(vr->daily + i, reps, block, work);

        vs->money = ts_xcalloc(vr->n_money, sizeof *vs->money);
        for (size_t f = 0; f < vr->n_money; f++)
            vs->money[f] = ts_stats_describe(vr->money + f, reps, vr->n_money, work);
        vs->reply = build_reply(vr, reps, work);

        vs->n_uncertain = vr->n_uncertain;
        vs->uncertain = ts_xcalloc(vr->n_uncertain + 1, sizeof *vs->uncertain);
        for (size_t k = 0; k < vr->n_uncertain; k++)
            vs->uncertain[k] = ts_stats_describe(vr->drawn + k, reps, vr->n_uncertain, work);
    }
    free(work);
    return sum;
}

void ts_summary_free(ts_summary *sum)
{
    if (sum == NULL)
        return;
    for (size_t v = 0; v < sum->n_variants; v++) {
        ts_variant_summary *vs = &sum->variants[v];
        for (size_t e = 0; e < vs->n_eval; e++) {
            free(vs->evals[e].metrics);
            free(vs->evals[e].tiers);
            free(vs->evals[e].events);
            free(vs->evals[e].diff);
        }
        free(vs->evals);
        free(vs->daily);
        free(vs->money);
        if (vs->reply != NULL)
            free(vs->reply->day_within3);
        free(vs->reply);
        free(vs->uncertain);
    }
    free(sum->variants);
    free(sum);
}
