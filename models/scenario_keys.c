/*
** scenario_keys.c — the table of a scenario's keys (docs/scenario-format.md), one
** row per key, and storing a value or a default into the field a row names.
*/
#include "scenario_keys.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"

/* The field a row fills: member m of struct T, with the C type of m. */
#define FIELD_OF(x)                                                                             \
    _Generic((x), double: TS_FIELD_DOUBLE, int32_t: TS_FIELD_INT32, int64_t: TS_FIELD_INT64,    \
             uint64_t: TS_FIELD_UINT64, char *: TS_FIELD_STRING, double *: TS_FIELD_DOUBLES,    \
             default: TS_FIELD_OTHER)
#define FIELD(T, m) .field = FIELD_OF(((T *)0)->m), .offset = offsetof(T, m), .size = sizeof(((T *)0)->m)
#define SC(m) .in = TS_IN_SCENARIO, FIELD(ts_scenario, m)
#define PEAK(m) .in = TS_IN_PEAK, FIELD(ts_peak, m)
#define CARRIER(m) .in = TS_IN_CARRIER, FIELD(ts_carrier, m)
#define GIFT(m) .in = TS_IN_GIFT_TIER, FIELD(ts_gift_tier, m)
#define SHIFT(m) .in = TS_IN_SHIFT, FIELD(ts_shift, m)

/* The type, range and default of a row. */
#define OBJECT .type = TS_KEY_OBJECT
#define ARRAY .type = TS_KEY_ARRAY
#define RULEBOOK(d) .type = TS_KEY_RULEBOOK, .def.text = (d)
#define NUMBER_GE(l, d) .type = TS_KEY_NUMBER, .lo = (l), .hi = HUGE_VAL, .def.num = (d)
#define NUMBER_GT(l, d) .type = TS_KEY_NUMBER, .lo = (l), .lo_open = true, .hi = HUGE_VAL, .def.num = (d)
#define NUMBER_GT_LE(l, h, d) .type = TS_KEY_NUMBER, .lo = (l), .lo_open = true, .hi = (h), .def.num = (d)
#define PROB(d) .type = TS_KEY_PROB, .lo = 0.0, .hi = 1.0, .def.num = (d)
#define INTEGER(a, b, d) .type = TS_KEY_INTEGER, .min = (a), .max = (b), .def.integer = (d)
#define STRING(d) .type = TS_KEY_STRING, .def.text = (d)
#define NAME(d) .type = TS_KEY_NAME, .def.text = (d)
#define DATE(d) .type = TS_KEY_DATE, .def.text = (d)
#define DAY(d) .type = TS_KEY_DAY, .def.integer = (d)
#define ENUM(c, d) .type = TS_KEY_ENUM, .choices = (c), .def.integer = (d)
#define NUMBERS(n, ...) .type = TS_KEY_NUMBERS, .count = (n), .def.numbers = {__VA_ARGS__}

/* The base and the flag coefficients of a noisy-or table (docs/model.md §6-§7): buyers.m of the scenario. */
#define NOISY_BASE(table, m, d) \
    {"buyers." table ".base", "probability with no flag present", PROB(d), SC(buyers.m.base)}
#define NOISY_COEF(table, m, flag, f, d)                                                        \
    {"buyers." table "." flag, "coefficient when the order has the " flag " flag (noisy-or)", \
     PROB(d), SC(buyers.m.coef[f])}

static const char *const SCHEMA_VERSIONS[] = {"tiersim/1", NULL};
static const char *const FEEDBACK_REPLY[] = {"immediate", "auto", NULL}; /* ts_feedback_reply order */
static const char *const HANDLING[] = {"lognormal", "exponential", NULL}; /* ts_handling_kind order */

/* A post-sale conversation's noisy-or coefficient (docs/model.md §13). */
#define POST_SALE(flag, f, d)                                                                      \
    {"service.team.post_sale." flag, "coefficient when the order has the " flag " flag (noisy-or)", \
     PROB(d), SC(service.team.post_sale.coef[f])}

/*
** Objects come before their keys; the keys of one object are in the order
** messages list them ("expected one of ...") and the docs' tables show them.
** Rows without a field (in TS_IN_NONE) are read by hand in sim/load/scenario.c,
** as are TS_KEY_BYHAND rows; every other row is read by the loader as it says.
** A new scalar key is one row here (and its field in scenario.h); then
** tests/test_model_docs.c and tests/test_load_schema.c name what its
** docs/scenario-format.md row and its scenarios/tiersim.schema.json entry must say.
*/
static const ts_key KEYS[] = {
    {"schema", "format version", ENUM(SCHEMA_VERSIONS, 0)},
    {"name", "shown in reports (default: the file name without .json)", NAME("scenario"),
     .flags = TS_KEY_NONEMPTY, .doc_default = "the file name without `.json`", SC(name)},
    {"description", "shown in reports", STRING(""), SC(description)},
    {"seed", "master seed", INTEGER(0, TS_MAX_SEED, 1), SC(seed)},
    {"replications", "Monte Carlo replications", INTEGER(1, TS_MAX_REPLICATIONS, 1000), SC(replications)},
    {"start", "day 0: the first day of the planning horizon", DATE("2026-01-01"), .flags = TS_KEY_REQUIRED,
     SC(start)},
    {"days", "length of the planning horizon", INTEGER(1, TS_MAX_DAYS, 1), .flags = TS_KEY_REQUIRED, SC(days)},
    /* read after the rulebook, which gives its default */
    {"warmup_days", "history simulated before day 0 (default: the rulebook's longest window + 60)",
     INTEGER(0, TS_MAX_DAYS, 0), .flags = TS_KEY_BYHAND, .doc_default = "the rulebook's longest window + 60",
     SC(warmup_days)},
    {"rules", "a rulebook name (models/rules/<name>.json) or an inline rulebook (docs/rulebooks.md)",
     RULEBOOK("aliexpress-2015")},
    {"evaluations", "evaluation days inside the horizon (default: the rulebook's schedule)", ARRAY},

    {"volume", "order volume (docs/model.md §2)", OBJECT, .flags = TS_KEY_REQUIRED},
    {"volume.daily_orders", "baseline mean orders per day", NUMBER_GE(0.0, 0.0), .flags = TS_KEY_REQUIRED,
     SC(volume.daily_orders)},
    {"volume.dispersion", "phi: variance mu + phi mu^2 (0: Poisson)", NUMBER_GE(0.0, 0.0),
     SC(volume.dispersion)},
    {"volume.weekday_factors", "Monday..Sunday multipliers", NUMBERS(7, 1, 1, 1, 1, 1, 1, 1),
     SC(volume.weekday_factors)},
    {"volume.growth_per_day", "compound growth per day", NUMBER_GT_LE(-1.0, 1.0, 0.0),
     SC(volume.growth_per_day)},
    {"volume.events", "peaks", ARRAY},
    {"volume.events[].name", "peak name", NAME(NULL), .flags = TS_KEY_REQUIRED, PEAK(name)},
    {"volume.events[].start", "first day of the peak", DAY(0), .flags = TS_KEY_REQUIRED, PEAK(start_day)},
    {"volume.events[].days", "length of the peak in days", INTEGER(1, TS_MAX_DAYS, 1), .flags = TS_KEY_REQUIRED,
     PEAK(days)},
    {"volume.events[].multiplier", "volume multiplier while the peak lasts", NUMBER_GE(0.0, 0.0),
     .flags = TS_KEY_REQUIRED, PEAK(multiplier)},
    {"volume.events[].transit_factor",
     "transit times multiply by this for parcels dispatched during the peak and its aftermath",
     NUMBER_GE(1.0, 1.0), PEAK(transit_factor)},
    {"volume.events[].aftermath_days", "days after the peak during which transit_factor still applies",
     INTEGER(0, TS_MAX_DAYS, 7), PEAK(aftermath_days)},

    {"order_value", "order values (docs/model.md §3)", OBJECT},
    {"order_value.median", "median order value", NUMBER_GT(0.0, 12.0), SC(order_value.median)},
    {"order_value.sigma", "log-normal sigma", NUMBER_GE(0.0, 0.8), SC(order_value.sigma)},
    {"order_value.currency", "a label only", STRING("USD"), SC(order_value.currency)},

    /* the default carriers are set by hand (scenario_defaults.c) */
    {"fulfilment", "fulfilment (docs/model.md §4)", OBJECT},
    {"fulfilment.handling_days", "days from payment until ready to dispatch (<= ship_deadline_days)",
     INTEGER(0, TS_MAX_DAYS, 2), SC(fulfilment.handling_days)},
    {"fulfilment.late_after_days", "dispatch later than pay + this is late", INTEGER(0, TS_MAX_DAYS, 3),
     SC(fulfilment.late_after_days)},
    {"fulfilment.ship_deadline_days",
     "not dispatched by pay + this: closed unshipped (< promised_delivery_days)", INTEGER(0, TS_MAX_DAYS, 7),
     SC(fulfilment.ship_deadline_days)},
    /* this and stockout_prob are read after confirm_days, where their messages have always come */
    {"fulfilment.capacity_per_day", "at most this many dispatches per day; null or absent: unlimited",
     INTEGER(0, TS_MAX_CAPACITY, -1), .flags = TS_KEY_NULLABLE | TS_KEY_BYHAND,
     .doc_default = "none (unlimited)", SC(fulfilment.capacity_per_day)},
    {"fulfilment.stockout_prob", "the item is out of stock: the seller cancels", PROB(0.005),
     .flags = TS_KEY_BYHAND, SC(fulfilment.stockout_prob)},
    {"fulfilment.promised_delivery_days", "delivery later than pay + this is late", INTEGER(1, TS_MAX_DAYS, 45),
     SC(fulfilment.promised_delivery_days)},
    {"fulfilment.confirm_days", "a delivered, undisputed order ends this many days after delivery",
     INTEGER(0, TS_MAX_DAYS, 5), SC(fulfilment.confirm_days)},
    {"fulfilment.carriers", "carriers (default: one carrier 'standard', 18 +/- 7 days, lost 0.5%)", ARRAY},
    {"fulfilment.carriers[].name", "carrier name (default carrier0, carrier1, ... by position)", NAME(NULL),
     .flags = TS_KEY_NONEMPTY, .doc_default = "`\"carrier0\"`, `\"carrier1\"`, … by position", CARRIER(name)},
    {"fulfilment.carriers[].share", "share of dispatched parcels; shares sum to 1 (within 1e-9)", PROB(0.0),
     .flags = TS_KEY_REQUIRED, CARRIER(share)},
    {"fulfilment.carriers[].transit_mean", "mean transit days", NUMBER_GT(0.0, 0.0), .flags = TS_KEY_REQUIRED,
     CARRIER(transit_mean_days)},
    {"fulfilment.carriers[].transit_sd", "standard deviation of transit days (0: always the mean)",
     NUMBER_GE(0.0, 0.0), .flags = TS_KEY_REQUIRED, CARRIER(transit_sd_days)},
    {"fulfilment.carriers[].lost_prob", "probability the parcel is lost", PROB(0.0), .flags = TS_KEY_REQUIRED,
     CARRIER(lost_prob)},
    {"fulfilment.carriers[].promised_delivery_days",
     "this lane's promise: delivery later than pay + this is late (docs/model.md §16)",
     INTEGER(1, TS_MAX_DAYS, 45), .doc_default = "`fulfilment.promised_delivery_days`",
     CARRIER(promised_delivery_days)},

    {"product", "product defects (docs/model.md §5)", OBJECT},
    {"product.quality_defect_prob", "probability of a quality defect", PROB(0.02),
     SC(product.quality_defect_prob)},
    {"product.description_mismatch_prob", "probability the item is not as described", PROB(0.02),
     SC(product.description_mismatch_prob)},

    {"buyers", "buyer behaviour (docs/model.md §6-§7)", OBJECT},
    {"buyers.dispute", "dispute probability (noisy-or)", OBJECT},
    NOISY_BASE("dispute", dispute, 0.002),
    NOISY_COEF("dispute", dispute, "quality", TS_FLAG_QUALITY, 0.3),
    NOISY_COEF("dispute", dispute, "mismatch", TS_FLAG_MISMATCH, 0.35),
    NOISY_COEF("dispute", dispute, "late", TS_FLAG_LATE, 0.2),
    NOISY_COEF("dispute", dispute, "lost", TS_FLAG_LOST, 0.9),
    NOISY_COEF("dispute", dispute, "slow_reply", TS_FLAG_SLOW_REPLY, 0.05),
    {"buyers.dispute_open_delay_days", "days from delivery to opening a dispute", INTEGER(0, TS_MAX_DAYS, 3),
     SC(buyers.dispute_open_delay_days)},
    {"buyers.feedback_prob", "probability a buyer leaves feedback", PROB(0.4), SC(buyers.feedback_prob)},
    {"buyers.feedback_window_days", "W: feedback window in days", INTEGER(1, TS_MAX_DAYS, 30),
     SC(buyers.feedback_window_days)},
    {"buyers.feedback_delay_mean", "mean delay of feedback after the order ends (>= 1)", NUMBER_GE(1.0, 5.0),
     SC(buyers.feedback_delay_mean)},
    {"buyers.negative_feedback", "overall stars low (<= 3) probability", OBJECT},
    NOISY_BASE("negative_feedback", negative_feedback, 0.01),
    NOISY_COEF("negative_feedback", negative_feedback, "quality", TS_FLAG_QUALITY, 0.5),
    NOISY_COEF("negative_feedback", negative_feedback, "mismatch", TS_FLAG_MISMATCH, 0.5),
    NOISY_COEF("negative_feedback", negative_feedback, "late", TS_FLAG_LATE, 0.3),
    NOISY_COEF("negative_feedback", negative_feedback, "slow_reply", TS_FLAG_SLOW_REPLY, 0.2),
    NOISY_COEF("negative_feedback", negative_feedback, "disputed", TS_FLAG_DISPUTED, 0.4),
    {"buyers.low_dsr", "low detailed seller ratings", OBJECT},
    {"buyers.low_dsr.description", "item-as-described DSR low", OBJECT},
    NOISY_BASE("low_dsr.description", low_dsr[TS_DSR_DESCRIPTION], 0.02),
    NOISY_COEF("low_dsr.description", low_dsr[TS_DSR_DESCRIPTION], "quality", TS_FLAG_QUALITY, 0.6),
    NOISY_COEF("low_dsr.description", low_dsr[TS_DSR_DESCRIPTION], "mismatch", TS_FLAG_MISMATCH, 0.7),
    NOISY_COEF("low_dsr.description", low_dsr[TS_DSR_DESCRIPTION], "late", TS_FLAG_LATE, 0.0),
    NOISY_COEF("low_dsr.description", low_dsr[TS_DSR_DESCRIPTION], "slow_reply", TS_FLAG_SLOW_REPLY, 0.0),
    NOISY_COEF("low_dsr.description", low_dsr[TS_DSR_DESCRIPTION], "disputed", TS_FLAG_DISPUTED, 0.0),
    {"buyers.low_dsr.communication", "communication DSR low", OBJECT},
    NOISY_BASE("low_dsr.communication", low_dsr[TS_DSR_COMMUNICATION], 0.01),
    NOISY_COEF("low_dsr.communication", low_dsr[TS_DSR_COMMUNICATION], "quality", TS_FLAG_QUALITY, 0.0),
    NOISY_COEF("low_dsr.communication", low_dsr[TS_DSR_COMMUNICATION], "mismatch", TS_FLAG_MISMATCH, 0.0),
    NOISY_COEF("low_dsr.communication", low_dsr[TS_DSR_COMMUNICATION], "late", TS_FLAG_LATE, 0.0),
    NOISY_COEF("low_dsr.communication", low_dsr[TS_DSR_COMMUNICATION], "slow_reply", TS_FLAG_SLOW_REPLY, 0.4),
    NOISY_COEF("low_dsr.communication", low_dsr[TS_DSR_COMMUNICATION], "disputed", TS_FLAG_DISPUTED, 0.3),
    {"buyers.low_dsr.shipping", "shipping DSR low", OBJECT},
    NOISY_BASE("low_dsr.shipping", low_dsr[TS_DSR_SHIPPING], 0.02),
    NOISY_COEF("low_dsr.shipping", low_dsr[TS_DSR_SHIPPING], "quality", TS_FLAG_QUALITY, 0.0),
    NOISY_COEF("low_dsr.shipping", low_dsr[TS_DSR_SHIPPING], "mismatch", TS_FLAG_MISMATCH, 0.0),
    NOISY_COEF("low_dsr.shipping", low_dsr[TS_DSR_SHIPPING], "late", TS_FLAG_LATE, 0.5),
    NOISY_COEF("low_dsr.shipping", low_dsr[TS_DSR_SHIPPING], "slow_reply", TS_FLAG_SLOW_REPLY, 0.0),
    NOISY_COEF("low_dsr.shipping", low_dsr[TS_DSR_SHIPPING], "disputed", TS_FLAG_DISPUTED, 0.0),
    {"buyers.low_star_weights", "weights of 1, 2, 3 stars for a low score (not all 0; normalised)",
     NUMBERS(3, 0.45, 0.2, 0.35), SC(buyers.low_star_weights)},
    {"buyers.five_star_share", "a score that is not low is 5 stars with this probability, else 4", PROB(0.85),
     SC(buyers.five_star_share)},

    {"service", "seller service (docs/model.md §6, §8, §13)", OBJECT},
    {"service.slow_reply_prob", "a buyer message not answered within 24 hours", PROB(0.05),
     SC(service.slow_reply_prob)},
    {"service.dispute_reply_prob", "the seller replies to a dispute within 5 days", PROB(0.97),
     SC(service.dispute_reply_prob)},
    {"service.arbitration_prob", "a replied dispute escalates to arbitration", PROB(0.15),
     SC(service.arbitration_prob)},
    {"service.escalation_days", "days from opening to escalation", INTEGER(0, TS_MAX_DAYS, 7),
     SC(service.escalation_days)},
    {"service.ruling_days", "days from escalation to the ruling", INTEGER(0, TS_MAX_DAYS, 10),
     SC(service.ruling_days)},
    {"service.close_days", "a replied, unescalated dispute closes this many days after opening",
     INTEGER(0, TS_MAX_DAYS, 7), SC(service.close_days)},
    {"service.seller_responsible_prob", "the ruling holds the seller responsible", PROB(0.5),
     SC(service.seller_responsible_prob)},
    {"service.feedback_reply", "immediate: feedback counts when left; auto: when the window closes",
     ENUM(FEEDBACK_REPLY, TS_REPLY_IMMEDIATE), SC(service.feedback_reply)},
    {"service.revision", "asking buyers to revise 1-3 star feedback", OBJECT},
    {"service.revision.contact_prob", "the seller contacts the buyer", PROB(0.0),
     SC(service.revision.contact_prob)},
    {"service.revision.success_prob", "the buyer agrees", PROB(0.3), SC(service.revision.success_prob)},
    {"service.revision.delay_days", "days from the feedback taking effect to the revision",
     INTEGER(0, TS_MAX_DAYS, 3), SC(service.revision.delay_days)},
    {"service.revision.auto_success_factor", "success_prob is multiplied by this under feedback_reply auto",
     PROB(0.3), SC(service.revision.auto_success_factor)},
    {"service.team", "the customer-service team: replies come from a simulated queue (docs/model.md §13)",
     OBJECT},
    {"service.team.shifts", "the shifts (1..100): who is on duty when", ARRAY, .flags = TS_KEY_REQUIRED},
    {"service.team.shifts[].name", "shift name (default shift0, shift1, ... by position)", NAME(NULL),
     .flags = TS_KEY_NONEMPTY, .doc_default = "`shift<i>`", SHIFT(name)},
    {"service.team.shifts[].agents", "agents on duty in this shift", INTEGER(0, 100000, 0),
     .flags = TS_KEY_REQUIRED, SHIFT(agents)},
    {"service.team.shifts[].start_hour", "on duty from this hour (inclusive)", INTEGER(0, 23, 0),
     .flags = TS_KEY_REQUIRED, SHIFT(start_hour)},
    {"service.team.shifts[].end_hour", "to this hour (exclusive); greater than start_hour",
     INTEGER(1, 24, 24), .flags = TS_KEY_REQUIRED, SHIFT(end_hour)},
    {"service.team.shifts[].weekdays", "days on duty: 1 = Monday .. 7 = Sunday", ARRAY,
     .doc_default = "`[1, 2, 3, 4, 5, 6, 7]`"},
    {"service.team.shifts[].concurrency", "conversations an agent holds at once", INTEGER(1, 100, 1),
     SHIFT(concurrency)},
    {"service.team.handling_minutes", "how long a conversation holds a slot", OBJECT},
    {"service.team.handling_minutes.distribution", "lognormal (mean, sd) or exponential (mean)",
     ENUM(HANDLING, TS_HANDLING_LOGNORMAL), SC(service.team.handling)},
    {"service.team.handling_minutes.mean", "mean minutes", NUMBER_GT(0.0, 6.0), SC(service.team.handling_mean)},
    {"service.team.handling_minutes.sd", "standard deviation of the minutes (lognormal only)",
     NUMBER_GT(0.0, 4.0), SC(service.team.handling_sd)},
    {"service.team.pre_sale_per_order", "pre-sale conversations per order of the day's mean volume",
     NUMBER_GE(0.0, 1.0), SC(service.team.pre_sale_per_order)},
    {"service.team.post_sale", "a shipped order opens a post-sale conversation (noisy-or)", OBJECT},
    {"service.team.post_sale.base", "probability with no flag present", PROB(0.05), SC(service.team.post_sale.base)},
    POST_SALE("quality", TS_FLAG_QUALITY, 0.6),
    POST_SALE("mismatch", TS_FLAG_MISMATCH, 0.6),
    POST_SALE("late", TS_FLAG_LATE, 0.5),
    POST_SALE("lost", TS_FLAG_LOST, 0.9),
    {"service.team.hourly_profile", "arrival weights of hours 0..23, not all 0", NUMBERS(24,
     0.6, 0.35, 0.2, 0.15, 0.1, 0.1, 0.2, 0.4, 0.8, 1.1, 1.3, 1.3,
     1.2, 1.2, 1.3, 1.3, 1.2, 1.2, 1.3, 1.5, 1.8, 2.0, 1.8, 1.1), SC(service.team.hourly_profile)},
    {"service.team.slow_reply_minutes", "a post-sale conversation waiting longer than this: slow reply",
     NUMBER_GE(0.0, 1440.0), SC(service.team.slow_reply_minutes)},

    {"gifts", "gift tiers (docs/model.md §3)", OBJECT},
    {"gifts.tiers", "gift tiers by strictly increasing min_order (may be empty)", ARRAY,
     .flags = TS_KEY_REQUIRED},
    {"gifts.tiers[].name", "tier name (default tier0, tier1, ... by position)", NAME(NULL),
     .flags = TS_KEY_NONEMPTY, .doc_default = "`\"tier0\"`, `\"tier1\"`, … by position", GIFT(name)},
    {"gifts.tiers[].min_order", "order value from which this gift is given; strictly increasing over tiers",
     NUMBER_GE(0.0, 0.0), .flags = TS_KEY_REQUIRED, GIFT(min_order)},
    {"gifts.tiers[].cost", "cost of the gift", NUMBER_GE(0.0, 0.0), .flags = TS_KEY_REQUIRED, GIFT(cost)},
    {"gifts.tiers[].weight_g", "weight of the gift in grams", NUMBER_GE(0.0, 0.0), .flags = TS_KEY_REQUIRED,
     GIFT(weight_g)},
    {"gifts.tiers[].satisfaction", "low-score probabilities are multiplied by 1 - satisfaction", PROB(0.0),
     .flags = TS_KEY_REQUIRED, GIFT(satisfaction)},
    {"gifts.from", "gifts are active for orders paid from this day (default: start)", DAY(0),
     .doc_default = "`start`", SC(gifts.from_day)},
    {"gifts.until", "gifts are active until this day inclusive (default: no end)", DAY(TS_NEVER),
     .flags = TS_KEY_NULLABLE, .doc_default = "none", SC(gifts.until_day)},
    {"gifts.shipping_cost_per_kg", "shipping cost of gift weight per kg", NUMBER_GE(0.0, 8.0),
     SC(gifts.shipping_cost_per_kg)},
    {"gifts.topup", "buyers topping up to reach a threshold", OBJECT},
    {"gifts.topup.window", "orders within this much below a threshold may top up", NUMBER_GE(0.0, 0.0),
     SC(gifts.topup_window)},
    {"gifts.topup.prob", "probability such a buyer tops up", PROB(0.0), SC(gifts.topup_prob)},
    {"gifts.volume_uplift", "relative volume increase while gifts are active", NUMBER_GT(-1.0, 0.0),
     SC(gifts.volume_uplift)},

    {"uncertain", "PATH -> distribution: parameters drawn once per replication (docs/model.md §15)", OBJECT},
    {"variants", "what-if variants (docs/model.md §10)", ARRAY},
    {"variants[].name", "variant name; unique, not \"base\"", NAME(NULL),
     .flags = TS_KEY_REQUIRED | TS_KEY_NONEMPTY},
    {"variants[].description", "shown in reports", STRING("")},
    {"variants[].set", "PATH -> VALUE; PATH dotted with [i] indexes; not schema, seed, replications, variants",
     OBJECT, .flags = TS_KEY_REQUIRED},
};

const ts_key *ts_keys_table(size_t *count)
{
    *count = sizeof KEYS / sizeof *KEYS;
    return KEYS;
}

const ts_key *ts_keys_find(const char *path)
{
    for (size_t i = 0; i < sizeof KEYS / sizeof *KEYS; i++)
        if (strcmp(KEYS[i].path, path) == 0)
            return &KEYS[i];
    return NULL;
}

const char *ts_keys_leaf(const ts_key *k)
{
    const char *dot = strrchr(k->path, '.');
    return dot ? dot + 1 : k->path;
}

bool ts_keys_under(const ts_key *k, const char *shape)
{
    size_t sl = strlen(shape);
    const char *rest = k->path;
    if (sl > 0) {
        if (strncmp(rest, shape, sl) != 0 || rest[sl] != '.')
            return false;
        rest += sl + 1;
    }
    return strpbrk(rest, ".[{") == NULL;
}

void ts_keys_store(const ts_key *k, void *base, const ts_key_value *v)
{
    void *f = (char *)base + k->offset;
    switch (k->field) {
    case TS_FIELD_DOUBLE:
        *(double *)f = v->num;
        break;
    case TS_FIELD_INT32:
        *(int32_t *)f = (int32_t)v->integer;
        break;
    case TS_FIELD_INT64:
        *(int64_t *)f = v->integer;
        break;
    case TS_FIELD_UINT64:
        *(uint64_t *)f = (uint64_t)v->integer;
        break;
    case TS_FIELD_STRING:
        free(*(char **)f);
        *(char **)f = ts_xstrdup(v->text);
        break;
    case TS_FIELD_DOUBLES:
        memcpy(f, v->numbers, k->size);
        break;
    case TS_FIELD_OTHER: /* an enum: int-sized (tests/test_model_keys.c) */
        *(int *)f = (int)v->integer;
        break;
    case TS_FIELD_NONE:
        break;
    }
}

void ts_keys_set_defaults(ts_key_in in, void *base)
{
    for (size_t i = 0; i < sizeof KEYS / sizeof *KEYS; i++) {
        const ts_key *k = &KEYS[i];
        if (k->in != in || in == TS_IN_NONE)
            continue;
        ts_key_value v = k->def;
        if (k->type == TS_KEY_DATE) {
            ts_civil d = 0;
            ts_date_parse(k->def.text, &d);
            v.integer = d;
        }
        ts_keys_store(k, base, &v);
    }
}
