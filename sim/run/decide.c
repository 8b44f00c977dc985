/*
** decide.c — points of one scenario on common random numbers (decide.h):
** each chunk of points is one study (the base with one `set` per variant,
** docs/model.md §10) run by ts_run; only the evaluation day's metrics and
** tier slot of each replication are kept. Under MPI each chunk is split
** across the ranks by ts_run and the kept values are sent from rank 0 to
** every rank, so that every rank computes the same statistics and takes
** the same next step (docs/cluster.md "sensitivity and solve").
*/
#include "decide.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "dist.h"
#include "runner.h"

void ts_outcome_release(ts_outcome *o)
{
    free(o->metrics);
    free(o->slots);
    memset(o, 0, sizeof *o);
}

static bool same_point(const ts_point *a, const ts_point *b)
{
    if (a->lever == NULL || b->lever == NULL)
        return a->lever == b->lever;
    return strcmp(a->lever->path, b->lever->path) == 0 && a->value == b->value;
}

/* Copy variant v's evaluation-day values out of res. */
static void keep(const ts_results *res, size_t v, size_t eval, ts_outcome *o)
{
    const ts_variant_results *vr = &res->variants[v];
    o->reps = res->n_reps;
    o->n_metrics = vr->n_metrics;
    o->metrics = ts_xcalloc(o->reps * o->n_metrics + 1, sizeof *o->metrics);
    o->slots = ts_xcalloc(o->reps + 1, sizeof *o->slots);
    for (size_t r = 0; r < o->reps; r++) {
        memcpy(o->metrics + r * o->n_metrics, vr->metrics + (r * vr->n_eval + eval) * vr->n_metrics,
               o->n_metrics * sizeof *o->metrics);
        o->slots[r] = vr->tiers[r * vr->n_eval + eval];
    }
}

/* One chunk: the distinct points idx[0..k-1] as one study. */
static ts_status run_chunk(ts_decide *d, const ts_point *points, const size_t *idx, size_t k, size_t reps,
                           ts_outcome *out, ts_error *err)
{
    ts_sweep *sw = ts_xcalloc(k + 1, sizeof *sw);
    char **specs = ts_xcalloc(k + 1, sizeof *specs);
    size_t ns = 0;
    bool with_base = false;
    for (size_t i = 0; i < k; i++) {
        const ts_point *p = &points[idx[i]];
        if (p->lever == NULL) {
            with_base = true;
            continue;
        }
        char *json = ts_lever_json(p->lever, p->value);
        specs[ns] = ts_xasprintf("%s=%s", p->lever->path, json);
        free(json);
        sw[ns].spec = specs[ns];
        ns++;
    }
    ts_study *st = ts_study_load_edits(d->file, d->text, d->len, sw, ns, err);
    ts_strings_free(specs, ns);
    free(sw);
    bool failed = st == NULL;
    if (!failed && st->n_variants != ns + 1) {
        ts_error_add(err, "%s: a point's scenario did not load", d->file);
        failed = true;
    }
    if (!failed && !with_base) { /* the base is not asked for: do not simulate it */
        free(st->variants[0].name);
        free(st->variants[0].description);
        ts_scenario_free(st->variants[0].scenario);
        memmove(st->variants, st->variants + 1, ns * sizeof *st->variants);
        st->n_variants = ns;
    }
    for (size_t v = 0; !failed && v < st->n_variants; v++)
        if (st->variants[v].scenario->n_evaluations <= d->eval) {
            ts_error_add(err, "%s: variant %s has no evaluation day %zu", d->file, st->variants[v].name, d->eval + 1);
            failed = true;
        }
    /* under MPI every rank runs the chunk or none does (a rank that loaded it has nothing to say) */
    if (ts_dist_any(failed)) {
        ts_study_free(st);
        return TS_EINVAL;
    }
    if (d->seed >= 0)
        ts_study_set_seed(st, (uint64_t)d->seed);
    ts_study_set_replications(st, (int64_t)reps);
    ts_run_options ro = {.threads = d->threads, .stop = d->stop};
    ts_results *res = NULL;
    ts_run_stats rs;
    ts_status s = ts_run(st, &ro, &res, &rs);
    if (s == TS_OK) {
        d->runs++;
        d->simulated += (uint64_t)reps * st->n_variants;
        size_t v = with_base ? 1 : 0;
        for (size_t i = 0; i < k; i++) {
            const ts_point *p = &points[idx[i]];
            ts_outcome *o = &out[idx[i]];
            keep(res, p->lever == NULL ? 0 : v++, d->eval, o);
            /* rank 0 holds every replication: every rank decides on the same values (docs/cluster.md) */
            ts_dist_bcast_doubles(o->metrics, o->reps * o->n_metrics);
            ts_dist_bcast_int32s(o->slots, o->reps);
        }
        ts_results_free(res);
    }
    ts_study_free(st);
    return s;
}

/* Copy the outcome of an equal point simulated already. */
static void copy_outcome(const ts_outcome *from, ts_outcome *to)
{
    to->reps = from->reps;
    to->n_metrics = from->n_metrics;
    to->metrics = ts_xmalloc((to->reps * to->n_metrics + 1) * sizeof *to->metrics);
    memcpy(to->metrics, from->metrics, to->reps * to->n_metrics * sizeof *to->metrics);
    to->slots = ts_xmalloc((to->reps + 1) * sizeof *to->slots);
    memcpy(to->slots, from->slots, to->reps * sizeof *to->slots);
}

ts_status ts_decide_run(ts_decide *d, const ts_point *points, size_t n, size_t reps, ts_outcome *out,
                        ts_error *err)
{
    memset(out, 0, n * sizeof *out);
    size_t *first = ts_xcalloc(n + 1, sizeof *first); /* the first equal point */
    size_t *idx = ts_xcalloc(n + 1, sizeof *idx), nd = 0;
    for (size_t i = 0; i < n; i++) {
        first[i] = i;
        for (size_t j = 0; j < i; j++)
            if (same_point(&points[i], &points[j])) {
                first[i] = j;
                break;
            }
        if (first[i] == i)
            idx[nd++] = i;
    }
    ts_status s = TS_OK;
    for (size_t c = 0; c < nd && s == TS_OK; c += TS_DECIDE_CHUNK)
        s = run_chunk(d, points, idx + c, nd - c < TS_DECIDE_CHUNK ? nd - c : TS_DECIDE_CHUNK, reps, out, err);
    for (size_t i = 0; i < n && s == TS_OK; i++)
        if (first[i] != i)
            copy_outcome(&out[first[i]], &out[i]);
    if (s != TS_OK)
        for (size_t i = 0; i < n; i++)
            ts_outcome_release(&out[i]);
    free(first);
    free(idx);
    return s;
}
