/*
** world.h — the simulated world of one replication (docs/model.md §2-§9): the
** order record every mechanism fills in, money, and the replication driver.
*/
#ifndef TS_WORLD_H
#define TS_WORLD_H

#include <stdbool.h>
#include <stdint.h>
#include "scenario.h"
#include "rng.h"

/* Order flags (ts_order.flags). */
enum {
    TS_ORDER_QUALITY = 1u << 0,    /* delivered with a quality defect (§5) */
    TS_ORDER_MISMATCH = 1u << 1,   /* delivered not as described (§5) */
    TS_ORDER_LATE = 1u << 2,       /* delivered after pay + its lane's promise (§4.4, §16) */
    TS_ORDER_LOST = 1u << 3,       /* parcel lost (§4.3) */
    TS_ORDER_SLOW_REPLY = 1u << 4, /* a slow reply (§6: Bernoulli; with a team: §13) */
    TS_ORDER_DISPUTED = 1u << 5,   /* a dispute was opened (§6) */
    TS_ORDER_TOPUP = 1u << 6,      /* the buyer topped up to a gift threshold (§3) */
    TS_ORDER_DISPATCHED = 1u << 7  /* dispatched (not closed unshipped) (§4) */
};

/*
** One order, complete: every day is relative to the scenario start, TS_NEVER
** when the thing does not happen. event_day[k] for k < TS_EV_FEEDBACK is the
** day the rule event kind k becomes known (docs/rulebooks.md "Event kinds"):
**   not_shipped: close day; late_dispatch: dispatch day (when late);
**   lost: pay + the lane's promised_delivery_days (docs/model.md §16);
**   late_delivery: delivery day (when
**   late); dispute: open day; dispute_no_reply: open + 5; arbitration:
**   open + escalation_days; seller_responsible: the ruling day (when ruled
**   against the seller).
** Feedback: feedback_day is the day it takes effect (immediate: the day it is
** left; auto: end + W), TS_NEVER without feedback; stars is the overall score
** as left; revision_day is the day the overall score becomes 5 (TS_NEVER when
** not revised); dsr[] never change.
*/
typedef struct {
    int32_t pay;
    int32_t end;
    int32_t dispatch;   /* dispatch day, TS_NEVER when not shipped */
    int32_t delivery;   /* delivery day, TS_NEVER when not delivered */
    int32_t event_day[TS_EV_FEEDBACK];
    int32_t feedback_day;
    int32_t feedback_left; /* the day the buyer left the feedback (= feedback_day unless auto) */
    int32_t revision_day;
    int32_t slow_reply_day; /* the day a slow reply is known (docs/model.md §13), TS_NEVER */
    double value;       /* after any top-up */
    int8_t gift_tier;   /* index into gifts.tiers, -1 for none */
    int8_t carrier;     /* index into fulfilment.carriers when dispatched, else -1 */
    uint8_t stars;      /* 1..5, 0 without feedback */
    uint8_t dsr[TS_DSR_COUNT]; /* 1..5, 0 without feedback */
    uint16_t flags;     /* TS_ORDER_* */
} ts_order;

/* Money of the planning horizon, one replication (docs/model.md §9). */
enum {
    TS_MONEY_ORDERS,      /* orders paid on days 0..days-1 */
    TS_MONEY_GROSS,       /* sum of values after top-ups, shipped or not */
    TS_MONEY_AOV,         /* gross / orders; NaN when there are no orders */
    TS_MONEY_TOPUPS,      /* orders topped up */
    TS_MONEY_GIFT_COST,   /* sum over dispatched gifted orders of cost + weight_g/1000 * shipping_cost_per_kg */
    TS_MONEY_FIXED_FIELDS /* then one field per gift tier: gifts of that tier (dispatched orders) */
};
/* Number of money fields for a scenario: TS_MONEY_FIXED_FIELDS + gift tiers. */
static inline size_t ts_money_fields(const ts_scenario *sc)
{
    return (size_t)TS_MONEY_FIXED_FIELDS + sc->gifts.n_tiers;
}

/* Receives each order once it is complete, in no promised order. */
typedef void (*ts_order_visitor)(const ts_order *order, void *ctx);

/* A conversation with the team, once it has had its first reply (docs/model.md §13). */
typedef struct {
    double arrival;   /* minutes since day 0, 00:00 */
    double wait;      /* minutes to the first reply */
    bool post_sale;   /* false: a pre-sale conversation */
} ts_reply;

/* Receives each conversation once it is answered, in arrival order. */
typedef void (*ts_reply_visitor)(const ts_reply *reply, void *ctx);

/*
** Per-replication statistics of the team's first responses (docs/model.md
** §13), over the conversations arriving in the horizon (days 0..days-1), in
** an array of ts_reply_fields(sc) doubles:
**   TS_REPLY_N .. TS_REPLY_LE1440   count, mean, type-7 p50, p90, p99 of the
**                                   waits, shares answered within 3, 60, 1440 minutes
**   TS_REPLY_WEEK + 3h + 0, 1, 2    hour of the week h (0 = Monday 00-01 h):
**                                   conversations, mean wait, p90 wait
**   TS_REPLY_DAY + d                day d: the share answered within 3 minutes
** NaN where no conversation arrived. Without a team there are no fields.
*/
enum {
    TS_REPLY_N, TS_REPLY_MEAN, TS_REPLY_P50, TS_REPLY_P90, TS_REPLY_P99,
    TS_REPLY_LE3, TS_REPLY_LE60, TS_REPLY_LE1440,
    TS_REPLY_WEEK, /* 3 x 168 fields */
    TS_REPLY_DAY = TS_REPLY_WEEK + 3 * 168
};
/* Number of reply fields of a scenario: 0 without a team, else TS_REPLY_DAY + days. */
size_t ts_reply_fields(const ts_scenario *sc);

/* Slots on duty in each hour of the week (0 = Monday 00-01 h) of the scenario's team; 0s without one. */
void ts_team_week_slots(const ts_scenario *sc, size_t slots[168]);

/* Collects one replication's conversations for its reply statistics. */
typedef struct ts_reply_acc ts_reply_acc;
/* For a scenario with a team; NULL without one. */
ts_reply_acc *ts_reply_acc_new(const ts_scenario *sc);
void ts_reply_acc_free(ts_reply_acc *acc);
/* Forget what was added (start of a replication). */
void ts_reply_acc_reset(ts_reply_acc *acc);
/* Add one answered conversation (a ts_reply_visitor with ctx the accumulator). */
void ts_reply_acc_visit(const ts_reply *reply, void *ctx);
/* The statistics of what was added, into out[ts_reply_fields(sc)]. */
void ts_reply_acc_finish(ts_reply_acc *acc, double *out);

/*
** Per-thread workspace for simulating replications of one scenario: allocated
** once, reused for every replication (no allocation per order).
*/
typedef struct ts_sim ts_sim;

ts_sim *ts_sim_new(const ts_scenario *sc);
void ts_sim_free(ts_sim *sim);

/*
** Simulate replication rep of the scenario the workspace was made for: every
** order paid on days -warmup_days .. days-1 is passed to visit; money (an
** array of ts_money_fields(sc) doubles) receives the horizon's money.
*/
void ts_sim_run(ts_sim *sim, uint64_t rep, ts_order_visitor visit, void *ctx, double *money);

/*
** With a team (service.team), every conversation of the following runs is
** also passed to visit (ctx its context) once answered; NULL: none. The
** orders' visitor of ts_sim_run is unchanged.
*/
void ts_sim_set_reply_visitor(ts_sim *sim, ts_reply_visitor visit, void *ctx);

#endif
