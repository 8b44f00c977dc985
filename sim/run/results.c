/*
** results.c — storage for every replication's results of a run, one block
** per variant, sized from that variant's scenario and rulebook.
*/
#include "results.h"

#include <stdlib.h>

#include "world.h" /* the money and reply layouts */

ts_results *ts_results_new(const ts_study *study, size_t reps)
{
    ts_results *res = ts_xcalloc(1, sizeof *res);
    res->study = study;
    res->n_reps = reps;
    res->variants = ts_xcalloc(study->n_variants, sizeof *res->variants);
    for (size_t v = 0; v < study->n_variants; v++) {
        ts_variant_results *vr = &res->variants[v];
        const ts_scenario *sc = study->variants[v].scenario;
        vr->variant = &study->variants[v];
        vr->n_eval = sc->n_evaluations;
        vr->n_metrics = sc->rules ? sc->rules->n_metrics : 0;
        vr->n_events = sc->rules ? sc->rules->n_events : 0;
        vr->n_days = (size_t)sc->days;
        vr->n_money = ts_money_fields(sc);
        vr->n_reply = ts_reply_fields(sc);
        vr->assessed = ts_xcalloc(reps * vr->n_eval, sizeof *vr->assessed);
        vr->metrics = ts_xcalloc(reps * vr->n_eval * vr->n_metrics, sizeof *vr->metrics);
        vr->tiers = ts_xcalloc(reps * vr->n_eval, sizeof *vr->tiers);
        vr->events = ts_xcalloc(reps * vr->n_eval * vr->n_events, sizeof *vr->events);
        vr->daily = ts_xcalloc(reps * vr->n_days * vr->n_metrics, sizeof *vr->daily);
        vr->money = ts_xcalloc(reps * vr->n_money, sizeof *vr->money);
        vr->reply = ts_xcalloc(reps * vr->n_reply + 1, sizeof *vr->reply);
        vr->n_uncertain = sc->n_uncertain;
        vr->drawn = ts_xcalloc(reps * vr->n_uncertain + 1, sizeof *vr->drawn);
    }
    return res;
}

void ts_results_free(ts_results *res)
{
    if (res == NULL)
        return;
    for (size_t v = 0; v < res->study->n_variants; v++) {
        ts_variant_results *vr = &res->variants[v];
        free(vr->assessed);
        free(vr->metrics);
        free(vr->tiers);
        free(vr->events);
        free(vr->daily);
        free(vr->money);
        free(vr->reply);
        free(vr->drawn);
    }
    free(res->variants);
    free(res);
}
