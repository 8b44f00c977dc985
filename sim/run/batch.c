/*
** batch.c — a batch of shops' results, added shop by shop (batch.h).
*/
#include "batch.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "evaluate.h"
#include "stats.h"

uint64_t ts_batch_shop_seed(uint64_t seed, const char *name)
{
    uint64_t h = 14695981039346656037ull;
    for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
        h ^= *p;
        h *= 1099511628211ull;
    }
    return (seed + h) & ((1ull << 53) - 1);
}

static const ts_rulebook *rules_of(const ts_study *st, size_t v)
{
    return st->variants[v].scenario->rules;
}

char *ts_batch_mismatch(const ts_study *first, const ts_study *shop)
{
    if (first->n_variants != shop->n_variants)
        return ts_xasprintf("has %zu variants, the first shop %zu", shop->n_variants, first->n_variants);
    for (size_t v = 0; v < first->n_variants; v++) {
        const ts_scenario *a = first->variants[v].scenario, *b = shop->variants[v].scenario;
        const ts_rulebook *ra = rules_of(first, v), *rb = rules_of(shop, v);
        const char *vn = first->variants[v].name;
        if (a->n_evaluations != b->n_evaluations)
            return ts_xasprintf("variant \"%s\" has %zu evaluation days, the first shop %zu (a batch "
                                "compares shops on the same days: keep start, days and evaluations)",
                                vn, b->n_evaluations, a->n_evaluations);
        for (size_t e = 0; e < a->n_evaluations; e++)
            if (a->start + a->evaluations[e] != b->start + b->evaluations[e]) {
                char da[11], db[11];
                ts_date_format(a->start + a->evaluations[e], da);
                ts_date_format(b->start + b->evaluations[e], db);
                return ts_xasprintf("variant \"%s\" evaluates on %s where the first shop evaluates on %s "
                                    "(keep start, days and evaluations)", vn, db, da);
            }
        if ((ra == NULL) != (rb == NULL) || (ra && (ra->n_tiers != rb->n_tiers || ra->n_events != rb->n_events ||
                                                    ra->n_metrics != rb->n_metrics)))
            return ts_xasprintf("variant \"%s\" uses rules with other tiers or events than the first shop's", vn);
        for (size_t t = 0; ra && t < ra->n_tiers; t++)
            if (strcmp(ra->tiers[t].name, rb->tiers[t].name) != 0)
                return ts_xasprintf("variant \"%s\": tier %zu is \"%s\", the first shop's \"%s\"", vn, t + 1,
                                    rb->tiers[t].name, ra->tiers[t].name);
    }
    return NULL;
}

ts_batch *ts_batch_new(const ts_study *first, size_t reps)
{
    ts_batch *b = ts_xcalloc(1, sizeof *b);
    const ts_scenario *sc = first->variants[0].scenario;
    b->rules = sc->rules;
    b->n_variants = first->n_variants;
    b->n_eval = sc->n_evaluations;
    b->n_tiers = sc->rules ? sc->rules->n_tiers : 0;
    b->n_events = sc->rules ? sc->rules->n_events : 0;
    b->reps = reps;
    b->variants = ts_xcalloc(b->n_variants, sizeof *b->variants);
    for (size_t v = 0; v < b->n_variants; v++)
        b->variants[v] = ts_xstrdup(first->variants[v].name);
    b->dates = ts_xcalloc(b->n_eval ? b->n_eval : 1, sizeof *b->dates);
    for (size_t e = 0; e < b->n_eval; e++)
        ts_date_format(sc->start + sc->evaluations[e], b->dates[e]);
    size_t n = b->n_variants * b->n_eval * reps * (b->n_tiers + 2);
    b->counts = ts_xcalloc(n ? n : 1, sizeof *b->counts);
    return b;
}

/* Slot of tier code t (a ts_rep_out tier) among n_tiers + 2. */
static size_t tier_slot(int32_t t, size_t nt)
{
    if (t >= 0 && (size_t)t < nt)
        return (size_t)t;
    return t == TS_TIER_NOT_ASSESSED ? nt : nt + 1;
}

/* The events with the largest mean counts (> 0), largest first; ties by rulebook order. */
static void main_causes(ts_batch_eval *be, const double *events, size_t ne)
{
    be->n_causes = 0;
    for (size_t j = 0; j < ne; j++) {
        if (!(events[j] > 0.0))
            continue;
        size_t at = be->n_causes < TS_BATCH_CAUSES ? be->n_causes++ : TS_BATCH_CAUSES;
        while (at > 0 && events[j] > be->cause_mean[at - 1]) {
            if (at < TS_BATCH_CAUSES) {
                be->causes[at] = be->causes[at - 1];
                be->cause_mean[at] = be->cause_mean[at - 1];
            }
            at--;
        }
        if (at < TS_BATCH_CAUSES) {
            be->causes[at] = j;
            be->cause_mean[at] = events[j];
        }
    }
}

void ts_batch_add(ts_batch *b, const char *name, uint64_t seed, const ts_summary *sum,
                  const ts_results *res)
{
    if (b->n_shops == b->cap_shops) {
        b->cap_shops = b->cap_shops ? 2 * b->cap_shops : 64;
        b->shops = ts_xrealloc(b->shops, b->cap_shops * sizeof *b->shops);
    }
    ts_batch_shop *s = &b->shops[b->n_shops++];
    s->name = ts_xstrdup(name);
    s->seed = seed;
    size_t nt = b->n_tiers, reps = res->n_reps;
    size_t n_ev = b->n_variants * b->n_eval;
    s->evals = ts_xcalloc(n_ev ? n_ev : 1, sizeof *s->evals);
    double *a = ts_xcalloc(reps ? reps : 1, sizeof *a), *z = ts_xcalloc(reps ? reps : 1, sizeof *z);
    const ts_variant_results *base = &res->variants[0];
    for (size_t v = 0; v < b->n_variants; v++) {
        const ts_variant_results *vr = &res->variants[v];
        for (size_t e = 0; e < b->n_eval; e++) {
            const ts_eval_summary *es = &sum->variants[v].evals[e];
            ts_batch_eval *be = &s->evals[v * b->n_eval + e];
            be->metric = vr->n_metrics ? es->metrics[0] : (ts_stat){.mean = NAN, .sd = NAN, .se = NAN,
                                                                     .p5 = NAN, .p50 = NAN, .p95 = NAN};
            be->tiers = ts_xcalloc(nt + 2, sizeof *be->tiers);
            memcpy(be->tiers, es->tiers, (nt + 2) * sizeof *be->tiers);
            main_causes(be, es->events, b->n_events);
            be->metric_diff = es->diff && vr->n_metrics ? es->diff[0] : (ts_diff){.mean = NAN, .low = NAN, .high = NAN};
            be->best_diff = (ts_diff){.mean = NAN, .low = NAN, .high = NAN};
            if (v > 0 && nt > 0) { /* P(best tier): paired indicator differences */
                for (size_t r = 0; r < reps; r++) {
                    a[r] = vr->tiers[r * vr->n_eval + e] == 0 ? 1.0 : 0.0;
                    z[r] = base->tiers[r * base->n_eval + e] == 0 ? 1.0 : 0.0;
                }
                be->best_diff = ts_stats_paired_diff(a, 1, z, 1, reps, NULL);
            }
            uint32_t *cnt = b->counts + (v * b->n_eval + e) * b->reps * (nt + 2);
            for (size_t r = 0; r < reps && r < b->reps; r++)
                cnt[r * (nt + 2) + tier_slot(vr->tiers[r * vr->n_eval + e], nt)]++;
        }
    }
    free(a);
    free(z);
}

ts_stat ts_batch_tier_count(const ts_batch *b, size_t v, size_t e, size_t t)
{
    size_t nt = b->n_tiers + 2;
    const uint32_t *cnt = b->counts + (v * b->n_eval + e) * b->reps * nt;
    double *x = ts_xcalloc(b->reps ? b->reps : 1, sizeof *x), *work = ts_xcalloc(b->reps ? b->reps : 1, sizeof *work);
    for (size_t r = 0; r < b->reps; r++)
        x[r] = (double)cnt[r * nt + t];
    ts_stat s = ts_stats_describe(x, b->reps, 1, work);
    free(x);
    free(work);
    return s;
}

void ts_batch_free(ts_batch *b)
{
    if (b == NULL)
        return;
    for (size_t i = 0; i < b->n_shops; i++) {
        for (size_t k = 0; k < b->n_variants * b->n_eval; k++)
            free(b->shops[i].evals[k].tiers);
        free(b->shops[i].evals);
        free(b->shops[i].name);
    }
    free(b->shops);
    ts_strings_free(b->variants, b->n_variants);
    free(b->dates);
    free(b->counts);
    free(b);
}
