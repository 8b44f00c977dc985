/*
** scenario.h — a scenario (docs/model.md, version 1) as plain structs. The loader
** (scenario.c) is the only place that sees JSON; everything else reads these.
*/
#ifndef TS_SCENARIO_H
#define TS_SCENARIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "tiersim.h"
#include "date.h"
#include "rulebook.h"

/* Order flags used by the noisy-or coefficient tables (docs/model.md §6-§7). */
typedef enum {
    TS_FLAG_QUALITY,
    TS_FLAG_MISMATCH,
    TS_FLAG_LATE,
    TS_FLAG_LOST,
    TS_FLAG_SLOW_REPLY,
    TS_FLAG_DISPUTED,
    TS_FLAG_COUNT
} ts_flag;

/* noisy_or(base, c_k for present flags k); a flag a table does not accept has 0. */
typedef struct {
    double base;
    double coef[TS_FLAG_COUNT];
} ts_noisy_or;

/* docs/model.md §2: a peak. Days are relative to the scenario's start. */
typedef struct {
    char *name;
    int32_t start_day;
    int32_t days;           /* >= 1 */
    double multiplier;      /* >= 0 */
    double transit_factor;  /* >= 1, default 1 */
    int32_t aftermath_days; /* >= 0, default 7 */
} ts_peak;

typedef struct {
    double daily_orders;       /* >= 0 */
    double dispersion;         /* phi >= 0; 0 = Poisson */
    double weekday_factors[7]; /* Monday..Sunday, each >= 0 */
    double growth_per_day;     /* > -1 */
    ts_peak *events;
    size_t n_events;
} ts_volume;

typedef struct {
    double median;  /* > 0 */
    double sigma;   /* >= 0 */
    char *currency; /* a label only */
} ts_order_value;

typedef struct {
    char *name;          /* default "tier<i>" */
    double min_order;    /* >= 0, strictly increasing over tiers */
    double cost;         /* >= 0 */
    double weight_g;     /* >= 0 */
    double satisfaction; /* [0, 1] */
} ts_gift_tier;

typedef struct {
    bool present;             /* the scenario has a "gifts" object */
    ts_gift_tier *tiers;
    size_t n_tiers;
    int32_t from_day;         /* default 0 (start) */
    int32_t until_day;        /* TS_NEVER when absent */
    double shipping_cost_per_kg; /* default 8.0 */
    double topup_window;      /* >= 0, default 0 */
    double topup_prob;        /* [0, 1], default 0 */
    double volume_uplift;     /* > -1, default 0 */
} ts_gifts;

typedef struct {
    char *name;              /* default "carrier<i>" */
    double share;            /* [0, 1]; shares sum to 1 within 1e-9 */
    double transit_mean_days;/* > 0 */
    double transit_sd_days;  /* >= 0 */
    double lost_prob;        /* [0, 1] */
    int32_t promised_delivery_days; /* docs/model.md §16 the lane's promise; the loader puts the
                                       fulfilment-level value here when the file gives none */
} ts_carrier;

typedef struct {
    int32_t handling_days;          /* default 2 */
    int32_t late_after_days;        /* default 3 */
    int32_t ship_deadline_days;     /* default 7 */
    int64_t capacity_per_day;       /* -1 = unlimited (default) */
    double stockout_prob;           /* default 0.005 */
    int32_t promised_delivery_days; /* default 45 */
    int32_t confirm_days;           /* default 5 */
    ts_carrier *carriers;
    size_t n_carriers;
} ts_fulfilment;

typedef struct {
    double quality_defect_prob;        /* default 0.02 */
    double description_mismatch_prob;  /* default 0.02 */
} ts_product;

typedef struct {
    ts_noisy_or dispute;            /* flags quality, mismatch, late, lost, slow_reply */
    int32_t dispute_open_delay_days;/* default 3 */
    double feedback_prob;           /* default 0.4 */
    int32_t feedback_window_days;   /* W, default 30, >= 1 */
    double feedback_delay_mean;     /* default 5, >= 1 */
    ts_noisy_or negative_feedback;  /* overall stars; review flags */
    ts_noisy_or low_dsr[TS_DSR_COUNT]; /* description, communication, shipping */
    double low_star_weights[3];     /* normalised by the loader to sum to 1 */
    double five_star_share;         /* default 0.85 */
} ts_buyers;

typedef enum { TS_REPLY_IMMEDIATE, TS_REPLY_AUTO } ts_feedback_reply;

typedef struct {
    double contact_prob;        /* default 0 */
    double success_prob;        /* default 0.3 */
    int32_t delay_days;         /* default 3 */
    double auto_success_factor; /* default 0.3 */
} ts_revision;

/* docs/model.md §13: one shift of the customer-service team. */
typedef struct {
    char *name;          /* default "shift<i>" */
    int32_t agents;      /* >= 0 */
    int32_t start_hour;  /* 0..23: on duty from this hour (inclusive) */
    int32_t end_hour;    /* 1..24, > start_hour: to this hour (exclusive) */
    uint8_t weekdays;    /* bit k: on duty on weekday k (0 = Monday .. 6 = Sunday); default 0x7f */
    int32_t concurrency; /* >= 1: conversations an agent holds at once, default 1 */
} ts_shift;

/* How long a conversation holds a slot (docs/model.md §13). */
typedef enum { TS_HANDLING_LOGNORMAL, TS_HANDLING_EXPONENTIAL } ts_handling_kind;

/*
** docs/model.md §13: the customer-service team. With it, replies come from a
** simulated queue and service.slow_reply_prob is ignored.
*/
typedef struct {
    bool present;               /* service.team is in the scenario */
    ts_shift *shifts;
    size_t n_shifts;            /* 1..100 */
    ts_handling_kind handling;  /* default lognormal */
    double handling_mean;       /* minutes, > 0, default 6 */
    double handling_sd;         /* minutes, > 0 (lognormal only), default 4 */
    double pre_sale_per_order;  /* >= 0, default 1 */
    ts_noisy_or post_sale;      /* flags quality, mismatch, late, lost; default 0.05, 0.6, 0.6, 0.5, 0.9 */
    double hourly_profile[24];  /* arrival weights by hour, >= 0, not all 0 (used normalised) */
    double slow_reply_minutes;  /* >= 0, default 1440 */
} ts_team;

typedef struct {
    double slow_reply_prob;         /* default 0.05; ignored with a team */
    double dispute_reply_prob;      /* default 0.97 */
    double arbitration_prob;        /* default 0.15 */
    int32_t escalation_days;        /* default 7 */
    int32_t ruling_days;            /* default 10 */
    int32_t close_days;             /* default 7 */
    double seller_responsible_prob; /* default 0.5 */
    ts_feedback_reply feedback_reply; /* default immediate */
    ts_revision revision;
    ts_team team;                   /* docs/model.md §13; team.present false by default */
} ts_service;

/* docs/model.md §15: the distributions of an uncertain parameter. */
typedef enum {
    TS_DIST_BETA,       /* [a, b] */
    TS_DIST_GAMMA,      /* [shape, scale] */
    TS_DIST_NORMAL,     /* [mean, sd], truncated to the parameter's range */
    TS_DIST_LOGNORMAL,  /* [median, sigma] */
    TS_DIST_UNIFORM,    /* [low, high] */
    TS_DIST_TRIANGULAR, /* [low, mode, high] */
    TS_DIST_PERT,       /* [low, mode, high] */
    TS_DIST_COUNT
} ts_dist_kind;

/*
** docs/model.md §15: one uncertain parameter, a double field of the scenario
** (in the struct `in` names, element `element` of its array, at `offset`),
** drawn once per replication from its own substream.
*/
typedef struct {
    char *path;          /* as written: "fulfilment.carriers[0].lost_prob" */
    ts_dist_kind kind;
    double p[3];         /* the distribution's numbers, as written */
    double lo, hi;       /* the parameter's valid range (normal: the truncation) */
    bool lo_open, hi_open;
    int in;              /* a ts_key_in (scenario_keys.h): the struct holding the field */
    size_t element;      /* index in the array of that struct (peaks, carriers, tiers) */
    size_t offset;       /* of the double in that struct */
    uint32_t stream;     /* the substream index: FNV-1a of path (docs/model.md §15) */
} ts_uncertain;

/*
** One fully resolved scenario: every default filled in, every range checked.
** All days are relative to start (day 0).
*/
typedef struct ts_scenario {
    char *name;
    char *description;
    uint64_t seed;           /* 0 .. 2^53-1 */
    int64_t replications;    /* 1 .. 10^7 */
    ts_civil start;
    int32_t days;            /* 1 .. 3660 */
    int32_t warmup_days;     /* 0 .. 3660 */
    ts_rulebook *rules;      /* owned */
    char *rules_name;        /* the name given, or "inline" */
    int32_t *evaluations;    /* sorted, unique, each in [0, days-1] */
    size_t n_evaluations;
    ts_volume volume;
    ts_order_value order_value;
    ts_fulfilment fulfilment;
    ts_product product;
    ts_buyers buyers;
    ts_service service;
    ts_gifts gifts;
    ts_uncertain *uncertain; /* docs/model.md §15, in the file's order */
    size_t n_uncertain;
} ts_scenario;

/*
** Fill sc with every default of docs/model.md (the values a scenario file gets for
** keys it leaves out); required keys get placeholders (start 2026-01-01,
** days 1), rules NULL, no evaluations, warmup_days 0. Free with
** ts_scenario_release.
*/
void ts_scenario_init_defaults(ts_scenario *sc);
/* Free what a scenario struct owns (not the struct itself). */
void ts_scenario_release(ts_scenario *sc);
/* Deep copy into *dst. */
void ts_scenario_copy(ts_scenario *dst, const ts_scenario *src);
/* Free one heap-allocated scenario (also used for variants). */
void ts_scenario_free(ts_scenario *sc);

/* Free what a team owns (its shifts); deep-copy the shifts of src into dst (dst already holds src's scalars). */
void ts_team_release(ts_team *t);
void ts_team_copy(ts_team *dst, const ts_team *src);

#endif
