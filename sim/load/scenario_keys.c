/*
** scenario_keys.c — every key path a scenario may hold (MODEL.md §1-§10): the
** loader's unknown-key checks and the JSON Schema test use it.
*/
#include "keys.h"
#include "rulebook_load.h"
#include "study.h"

/*
** "a.b" is key b of object a; "[]" is any element of an array; "{}" any member
** of a name-keyed object (rulebook events and metrics). The loader accepts
** under an object exactly the keys listed one level below it here.
*/
static const char *const KEYS[] = {
    "schema", "name", "description", "seed", "replications", "start", "days", "warmup_days",
    "rules", "evaluations", "volume", "order_value", "fulfilment", "product", "buyers",
    "service", "gifts", "variants",

    "volume.daily_orders", "volume.dispersion", "volume.weekday_factors",
    "volume.growth_per_day", "volume.events",
    "volume.events[].name", "volume.events[].start", "volume.events[].days",
    "volume.events[].multiplier", "volume.events[].transit_factor",
    "volume.events[].aftermath_days",

    "order_value.median", "order_value.sigma", "order_value.currency",

    "gifts.tiers", "gifts.from", "gifts.until", "gifts.shipping_cost_per_kg", "gifts.topup",
    "gifts.volume_uplift",
    "gifts.tiers[].name", "gifts.tiers[].min_order", "gifts.tiers[].cost",
    "gifts.tiers[].weight_g", "gifts.tiers[].satisfaction",
    "gifts.topup.window", "gifts.topup.prob",

    "fulfilment.handling_days", "fulfilment.late_after_days", "fulfilment.ship_deadline_days",
    "fulfilment.capacity_per_day", "fulfilment.stockout_prob",
    "fulfilment.promised_delivery_days", "fulfilment.confirm_days", "fulfilment.carriers",
    "fulfilment.carriers[].name", "fulfilment.carriers[].share",
    "fulfilment.carriers[].transit_mean", "fulfilment.carriers[].transit_sd",
    "fulfilment.carriers[].lost_prob",

    "product.quality_defect_prob", "product.description_mismatch_prob",

    "buyers.dispute", "buyers.dispute_open_delay_days", "buyers.feedback_prob",
    "buyers.feedback_window_days", "buyers.feedback_delay_mean", "buyers.negative_feedback",
    "buyers.low_dsr", "buyers.low_star_weights", "buyers.five_star_share",
    "buyers.dispute.base", "buyers.dispute.quality", "buyers.dispute.mismatch",
    "buyers.dispute.late", "buyers.dispute.lost", "buyers.dispute.slow_reply",
    "buyers.negative_feedback.base", "buyers.negative_feedback.quality",
    "buyers.negative_feedback.mismatch", "buyers.negative_feedback.late",
    "buyers.negative_feedback.slow_reply", "buyers.negative_feedback.disputed",
    "buyers.low_dsr.description", "buyers.low_dsr.communication", "buyers.low_dsr.shipping",
    "buyers.low_dsr.description.base", "buyers.low_dsr.description.quality",
    "buyers.low_dsr.description.mismatch", "buyers.low_dsr.description.late",
    "buyers.low_dsr.description.slow_reply", "buyers.low_dsr.description.disputed",
    "buyers.low_dsr.communication.base", "buyers.low_dsr.communication.quality",
    "buyers.low_dsr.communication.mismatch", "buyers.low_dsr.communication.late",
    "buyers.low_dsr.communication.slow_reply", "buyers.low_dsr.communication.disputed",
    "buyers.low_dsr.shipping.base", "buyers.low_dsr.shipping.quality",
    "buyers.low_dsr.shipping.mismatch", "buyers.low_dsr.shipping.late",
    "buyers.low_dsr.shipping.slow_reply", "buyers.low_dsr.shipping.disputed",

    "service.slow_reply_prob", "service.dispute_reply_prob", "service.arbitration_prob",
    "service.escalation_days", "service.ruling_days", "service.close_days",
    "service.seller_responsible_prob", "service.feedback_reply", "service.revision",
    "service.revision.contact_prob", "service.revision.success_prob",
    "service.revision.delay_days", "service.revision.auto_success_factor",

    "variants[].name", "variants[].description", "variants[].set",
    /* the inline rulebook's keys ("rules.*") are the rulebook loader's (rulebook.c) */
};

const ts_jkeylist *ts_scenario_keylist(void)
{
    static const ts_jkeylist list = {KEYS, sizeof KEYS / sizeof *KEYS, sizeof *KEYS};
    return &list;
}

const char *ts_scenario_known_key(size_t i)
{
    const ts_jkeylist *s = ts_scenario_keylist(), *r = ts_rulebook_keys();
    if (i < s->count)
        return ts_jkeylist_path(s, i);
    i -= s->count;
    return i < r->count ? ts_jkeylist_path(r, i) : NULL;
}
