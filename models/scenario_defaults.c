/*
** scenario_defaults.c — every default of a version-1 scenario (docs/model.md §1-§8), in
** one place: the loader starts from these, and tests build scenarios from them.
*/
#include "scenario.h"

#include <stdlib.h>
#include <string.h>

static ts_noisy_or noisy(double base)
{
    ts_noisy_or n;
    memset(&n, 0, sizeof n);
    n.base = base;
    return n;
}

void ts_scenario_init_defaults(ts_scenario *sc)
{
    memset(sc, 0, sizeof *sc);
    sc->name = ts_xstrdup("scenario");
    sc->description = ts_xstrdup("");
    sc->seed = 1;
    sc->replications = 1000;
    sc->start = ts_date_from_ymd(2026, 1, 1); /* required in files */
    sc->days = 1;                              /* required in files */
    sc->warmup_days = 0;                       /* files: longest window + 60 */

    for (int i = 0; i < 7; i++)
        sc->volume.weekday_factors[i] = 1.0;

    sc->order_value.median = 12.0;
    sc->order_value.sigma = 0.8;
    sc->order_value.currency = ts_xstrdup("USD");

    ts_fulfilment *f = &sc->fulfilment;
    f->handling_days = 2;
    f->late_after_days = 3;
    f->ship_deadline_days = 7;
    f->capacity_per_day = -1;
    f->stockout_prob = 0.005;
    f->promised_delivery_days = 45;
    f->confirm_days = 5;
    f->n_carriers = 1;
    f->carriers = ts_xcalloc(1, sizeof *f->carriers);
    f->carriers[0].name = ts_xstrdup("standard");
    f->carriers[0].share = 1.0;
    f->carriers[0].transit_mean_days = 18.0;
    f->carriers[0].transit_sd_days = 7.0;
    f->carriers[0].lost_prob = 0.005;

    sc->product.quality_defect_prob = 0.02;
    sc->product.description_mismatch_prob = 0.02;

    ts_buyers *b = &sc->buyers;
    b->dispute = noisy(0.002);
    b->dispute.coef[TS_FLAG_QUALITY] = 0.3;
    b->dispute.coef[TS_FLAG_MISMATCH] = 0.35;
    b->dispute.coef[TS_FLAG_LATE] = 0.2;
    b->dispute.coef[TS_FLAG_LOST] = 0.9;
    b->dispute.coef[TS_FLAG_SLOW_REPLY] = 0.05;
    b->dispute_open_delay_days = 3;
    b->feedback_prob = 0.4;
    b->feedback_window_days = 30;
    b->feedback_delay_mean = 5.0;
    b->negative_feedback = noisy(0.01);
    b->negative_feedback.coef[TS_FLAG_QUALITY] = 0.5;
    b->negative_feedback.coef[TS_FLAG_MISMATCH] = 0.5;
    b->negative_feedback.coef[TS_FLAG_LATE] = 0.3;
    b->negative_feedback.coef[TS_FLAG_SLOW_REPLY] = 0.2;
    b->negative_feedback.coef[TS_FLAG_DISPUTED] = 0.4;
    b->low_dsr[TS_DSR_DESCRIPTION] = noisy(0.02);
    b->low_dsr[TS_DSR_DESCRIPTION].coef[TS_FLAG_QUALITY] = 0.6;
    b->low_dsr[TS_DSR_DESCRIPTION].coef[TS_FLAG_MISMATCH] = 0.7;
    b->low_dsr[TS_DSR_COMMUNICATION] = noisy(0.01);
    b->low_dsr[TS_DSR_COMMUNICATION].coef[TS_FLAG_SLOW_REPLY] = 0.4;
    b->low_dsr[TS_DSR_COMMUNICATION].coef[TS_FLAG_DISPUTED] = 0.3;
    b->low_dsr[TS_DSR_SHIPPING] = noisy(0.02);
    b->low_dsr[TS_DSR_SHIPPING].coef[TS_FLAG_LATE] = 0.5;
    b->low_star_weights[0] = 0.45;
    b->low_star_weights[1] = 0.2;
    b->low_star_weights[2] = 0.35;
    b->five_star_share = 0.85;

    ts_service *s = &sc->service;
    s->slow_reply_prob = 0.05;
    s->dispute_reply_prob = 0.97;
    s->arbitration_prob = 0.15;
    s->escalation_days = 7;
    s->ruling_days = 10;
    s->close_days = 7;
    s->seller_responsible_prob = 0.5;
    s->feedback_reply = TS_REPLY_IMMEDIATE;
    s->revision.contact_prob = 0.0;
    s->revision.success_prob = 0.3;
    s->revision.delay_days = 3;
    s->revision.auto_success_factor = 0.3;
    ts_team_init_defaults(&s->team);

    ts_gifts *g = &sc->gifts;
    g->present = false;
    g->from_day = 0;
    g->until_day = TS_NEVER;
    g->shipping_cost_per_kg = 8.0;
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
}
