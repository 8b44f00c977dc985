/*
** scenario_defaults.c — a version-1 scenario with every default (docs/model.md §1-§8):
** the loader starts from it, and tests build scenarios from it; copy and release.
*/
#include "scenario.h"
#include "scenario_keys.h"

#include <stdlib.h>
#include <string.h>

void ts_scenario_init_defaults(ts_scenario *sc)
{
    memset(sc, 0, sizeof *sc);
    /* every key's default, from the table; a required key gets its placeholder
       (start 2026-01-01, days 1); warmup_days is 0 until the loader computes it */
    ts_keys_set_defaults(TS_IN_SCENARIO, sc);

    /* the default carriers, an array of structs: docs/model.md §4 */
    ts_fulfilment *f = &sc->fulfilment;
    f->n_carriers = 1;
    f->carriers = ts_xcalloc(1, sizeof *f->carriers);
    f->carriers[0].name = ts_xstrdup("standard");
    f->carriers[0].share = 1.0;
    f->carriers[0].transit_mean_days = 18.0;
    f->carriers[0].transit_sd_days = 7.0;
    f->carriers[0].lost_prob = 0.005;
    f->carriers[0].promised_delivery_days = f->promised_delivery_days;
}

void ts_scenario_release(ts_scenario *sc)
{
    if (sc == NULL)
        return;
    free(sc->name);
    free(sc->description);
    ts_rulebook_free(sc->rules);
    free(sc->rules_name);
    free(sc->evaluations);
    for (size_t i = 0; i < sc->volume.n_events; i++)
        free(sc->volume.events[i].name);
    free(sc->volume.events);
    free(sc->order_value.currency);
    for (size_t i = 0; i < sc->fulfilment.n_carriers; i++)
        free(sc->fulfilment.carriers[i].name);
    free(sc->fulfilment.carriers);
    for (size_t i = 0; i < sc->gifts.n_tiers; i++)
        free(sc->gifts.tiers[i].name);
    free(sc->gifts.tiers);
    ts_team_release(&sc->service.team);
    for (size_t i = 0; i < sc->n_uncertain; i++)
        free(sc->uncertain[i].path);
    free(sc->uncertain);
    memset(sc, 0, sizeof *sc);
}

void ts_scenario_free(ts_scenario *sc)
{
    ts_scenario_release(sc);
    free(sc);
}

static void *dup_bytes(const void *p, size_t n)
{
    if (p == NULL || n == 0)
        return NULL;
    void *d = ts_xmalloc(n);
    memcpy(d, p, n);
    return d;
}

void ts_scenario_copy(ts_scenario *dst, const ts_scenario *src)
{
    *dst = *src;
    dst->name = ts_xstrdup(src->name);
    dst->description = ts_xstrdup(src->description);
    dst->rules = src->rules ? ts_rulebook_dup(src->rules) : NULL;
    dst->rules_name = ts_xstrdup(src->rules_name);
    dst->evaluations = dup_bytes(src->evaluations, src->n_evaluations * sizeof *src->evaluations);
    dst->volume.events = dup_bytes(src->volume.events, src->volume.n_events * sizeof *src->volume.events);
    for (size_t i = 0; i < dst->volume.n_events; i++)
        dst->volume.events[i].name = ts_xstrdup(src->volume.events[i].name);
    dst->order_value.currency = ts_xstrdup(src->order_value.currency);
    dst->fulfilment.carriers = dup_bytes(src->fulfilment.carriers,
                                         src->fulfilment.n_carriers * sizeof *src->fulfilment.carriers);
    for (size_t i = 0; i < dst->fulfilment.n_carriers; i++)
        dst->fulfilment.carriers[i].name = ts_xstrdup(src->fulfilment.carriers[i].name);
    dst->gifts.tiers = dup_bytes(src->gifts.tiers, src->gifts.n_tiers * sizeof *src->gifts.tiers);
    for (size_t i = 0; i < dst->gifts.n_tiers; i++)
        dst->gifts.tiers[i].name = ts_xstrdup(src->gifts.tiers[i].name);
    ts_team_copy(&dst->service.team, &src->service.team);
    dst->uncertain = dup_bytes(src->uncertain, src->n_uncertain * sizeof *src->uncertain);
    for (size_t i = 0; i < dst->n_uncertain; i++)
        dst->uncertain[i].path = ts_xstrdup(src->uncertain[i].path);
}
