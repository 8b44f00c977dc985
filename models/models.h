/*
** models.h — the per-mechanism API of the simulated world (docs/model.md §2-§9):
** volume, order value and gifts, fulfilment and the capacity queue, disputes,
** feedback. Internal to models/: world.c drives these, the tests check them.
*/
#ifndef TS_MODELS_H
#define TS_MODELS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <math.h>
#include <gsl/gsl_rng.h>
#include "world.h"

/*
** Slots of the per-order substream TS_MECH_ORDER: three Philox blocks (12
** words), computed for every order at payment, a pay day's orders in one
** batch (ts_stream_blocks). Every decision reads its own fixed word, whatever
** the others decide, so a variant changing one parameter keeps every other
** decision of the order on the same uniform. docs/model.md §12.
*/
enum {
    TS_SLOT_STOCKOUT,       /* §4.1 Bern(stockout_prob) */
    TS_SLOT_TOPUP,          /* §3 Bern(topup.prob) */
    TS_SLOT_CARRIER,        /* §4.3 carrier by cumulative shares */
    TS_SLOT_LOST,           /* §4.3 Bern(lost_prob) */
    TS_SLOT_QUALITY,        /* §5 Bern(quality_defect_prob) */
    TS_SLOT_MISMATCH,       /* §5 Bern(description_mismatch_prob) */
    TS_SLOT_SLOW_REPLY,     /* §6 Bern(slow_reply_prob) */
    TS_SLOT_DISPUTE,        /* §6 Bern(noisy_or) */
    TS_SLOT_VALUE,          /* §3 the normal of the lognormal, by inverse CDF */
    TS_SLOT_TRANSIT_NORMAL, /* §4.3 gamma: the first attempt's normal */
    TS_SLOT_TRANSIT_ACCEPT, /* §4.3 gamma: the first attempt's acceptance uniform */
    TS_SLOT_FEEDBACK,       /* §7 Bern(feedback_prob) */
    TS_SLOT_COUNT           /* a multiple of 4: whole blocks */
};
#define TS_ORDER_BLOCKS (TS_SLOT_COUNT / 4)

/*
** Slots of the per-order substream TS_MECH_FEEDBACK, drawn (three blocks) only
** for an order that leaves feedback: the delay D, then (low, stars) for the
** overall score and the three DSR, then the revision outreach (§8).
*/
enum {
    TS_FB_DELAY,         /* §7 D by the truncated geometric inverse CDF */
    TS_FB_SCORES,        /* score j: low at TS_FB_SCORES + 2j, stars at + 2j + 1 */
    TS_FB_CONTACT = 9,   /* §8 Bern(contact_prob) */
    TS_FB_AGREE = 10,    /* §8 Bern(success_prob [x auto_success_factor]) */
    TS_FB_COUNT = 12
};
#define TS_FB_BLOCKS (TS_FB_COUNT / 4)

/* Bits of a noisy-or flag mask: bit k is ts_flag k (TS_FLAG_QUALITY ...). */
#define TS_FLAG_BIT(k) (1u << (k))
/* Number of distinct flag masks (tables indexed by mask). */
#define TS_FLAG_MASKS (1u << TS_FLAG_COUNT)

/* --- volume (volume.c, docs/model.md §2) ---------------------------------- */

/*
** Whether gifts are active for orders paid on day d (docs/model.md §3): the
** scenario has gifts and from_day <= d <= until_day.
*/
bool ts_gifts_active(const ts_gifts *g, int32_t day);

/*
** The mean order count of day d (docs/model.md §2): daily_orders x
** weekday_factors[weekday(start + d)] x (1+g)^d x the multipliers of the peaks
** covering d x (1 + volume_uplift when gifts are active on d).
*/
double ts_volume_mean(const ts_scenario *sc, int32_t day);

/*
** Draw the order count of a day with mean mu (docs/model.md §2): Poisson(mu) when
** dispersion is 0, else Poisson(lambda), lambda ~ Gamma(1/phi, phi mu). r's
** stream must already be positioned (world.c uses (rep, d, TS_MECH_VOLUME, 0)).
*/
uint32_t ts_volume_draw(gsl_rng *r, double mu, double dispersion);

/* --- orders and gifts (orders.c, docs/model.md §3) ------------------------- */

/*
** An order value v ~ LogNormal(ln median, sigma) (docs/model.md §3) from one
** uniform u in (0, 1): v = median exp(sigma Phi^-1(u)); median when sigma is 0.
*/
double ts_order_value_draw(const ts_order_value *ov, double u);

/*
** The order value for the standard normal z = Phi^-1(u) (docs/model.md §3):
** median exp(sigma z), median when sigma is 0; ts_order_value_draw(ov, u) is
** this of ts_normal_quantile(u), so callers may compute the normals of a batch
** first (independent chains the processor overlaps) and get the same values.
*/
static inline double ts_order_value_of_normal(const ts_order_value *ov, double z)
{
    if (ov->sigma == 0.0)
        return ov->median;
    return ov->median * exp(ov->sigma * z);
}

/*
** The standard normal quantile Phi^-1(u), u in [0, 1] (-inf at 0, +inf at 1):
** Wichura's AS241 (PPND16, Applied Statistics 37, 1988, relative error
** ~1e-16), inline. The rational functions are evaluated in Horner form from
** the highest degree, the operations GSL's gsl_cdf_ugaussian_Pinv performs,
** so the two agree to the last bit (tests/test_model_orders.c). The central
** region |u - 1/2| <= 0.425 (85% of draws) needs no log or sqrt.
*/
static inline double ts_normal_quantile(double u);

/*
** The top-up target for value v (docs/model.md §3): the smallest tier threshold
** t > 0 with t - window <= v < t, or 0 when there is none (or window is 0).
*/
double ts_gift_topup_target(const ts_gifts *g, double v);

/* The gift tier of value v: the tier with the largest min_order <= v, -1 if none. */
int ts_gift_tier_of(const ts_gifts *g, double v);

/* AS241's rational function: numerator a[0..7] over denominator b[0..7] at x (Horner). */
static inline double ts_as241_rat(const double a[8], const double b[8], double x)
{
    double u = a[7], v = b[7];
    for (int i = 6; i >= 0; i--) {
        u = x * u + a[i];
        v = x * v + b[i];
    }
    return u / v;
}

static inline double ts_normal_quantile(double u)
{
    static const double ca[8] = {3.387132872796366608, 133.14166789178437745,
                                 1971.5909503065514427, 13731.693765509461125,
                                 45921.953931549871457, 67265.770927008700853,
                                 33430.575583588128105, 2509.0809287301226727};
    static const double cb[8] = {1.0, 42.313330701600911252, 687.1870074920579083,
                                 5394.1960214247511077, 21213.794301586595867,
                                 39307.89580009271061, 28729.085735721942674,
                                 5226.495278852854561};
    static const double ia[8] = {1.42343711074968357734, 4.6303378461565452959,
                                 5.7694972214606914055, 3.64784832476320460504,
                                 1.27045825245236838258, 0.24178072517745061177,
                                 0.0227238449892691845833, 7.7454501427834140764e-4};
    static const double ib[8] = {1.0, 2.05319162663775882187, 1.6763848301838038494,
                                 0.68976733498510000455, 0.14810397642748007459,
                                 0.0151986665636164571966, 5.475938084995344946e-4,
                                 1.05075007164441684324e-9};
    static const double ta[8] = {6.6579046435011037772, 5.4637849111641143699,
                                 1.7848265399172913358, 0.29656057182850489123,
                                 0.026532189526576123093, 0.0012426609473880784386,
                                 2.71155556874348757815e-5, 2.01033439929228813265e-7};
    static const double tb[8] = {1.0, 0.59983220655588793769, 0.13692988092273580531,
                                 0.0148753612908506148525, 7.868691311456132591e-4,
                                 1.8463183175100546818e-5, 1.4215117583164458887e-7,
                                 2.04426310338993978564e-15};
    double q = u - 0.5;
    if (fabs(q) <= 0.425) /* central: q x R(0.180625 - q^2) */
        return q * ts_as241_rat(ca, cb, 0.180625 - q * q);
    if (u == 0.0)
        return -HUGE_VAL;
    if (u == 1.0)
        return HUGE_VAL;
    double r = sqrt(-log(u < 0.5 ? u : 1.0 - u));
    double x = r <= 5.0 ? ts_as241_rat(ia, ib, r - 1.6) : ts_as241_rat(ta, tb, r - 5.0);
    return u < 0.5 ? -x : x;
}

/* --- fulfilment (fulfilment.c, docs/model.md §4) --------------------------- */

/*
** A transit time T before peaks (docs/model.md §4.3): Gamma(shape m^2/sd^2,
** scale sd^2/m) for the carrier's mean m and sd, exactly m when sd is 0.
** Marsaglia-Tsang: the first attempt uses the uniforms u_normal and u_accept
** (both in (0, 1), the order's fixed slots); a rejected attempt, and the
** shape < 1 boost, draw on from more (the order's TS_MECH_TRANSIT substream).
*/
double ts_transit_draw(const ts_carrier *c, double u_normal, double u_accept, ts_stream *more);

/*
** What ts_transit_draw computes from the carrier alone (docs/model.md §4.3), once
** per scenario: T = mean when fixed; else shape a, d = a' - 1/3 and
** c = 1/sqrt(9d) for a' = a (+1 when a < 1), scale th.
*/
typedef struct {
    bool fixed;    /* sd = 0: T = mean */
    bool boost;    /* a < 1: T x U^(1/a) */
    double mean, inv_a, d, c, th;
} ts_transit_plan;

/* The plan of a carrier's transit time. */
void ts_transit_plan_of(const ts_carrier *c, ts_transit_plan *plan);

/*
** ts_transit_draw from a plan: the same arithmetic, so the same T for the
** same uniforms (ts_transit_draw is this with the carrier's plan).
*/
double ts_transit_draw_plan(const ts_transit_plan *plan, double u_normal, double u_accept,
                            ts_stream *more);

/*
** ts_transit_draw_plan with the first attempt's normal given as
** x = ts_normal_quantile(u_normal) (computed ahead, for a batch): the same T.
*/
double ts_transit_draw_normal(const ts_transit_plan *plan, double x, double u_accept,
                              ts_stream *more);

/*
** The product of transit_factor over every peak whose
** [start_day, start_day + days + aftermath_days) covers dispatch day s (§4.3).
*/
double ts_transit_factor(const ts_scenario *sc, int32_t s);

/*
** Transit days from a (factored) transit time: max(1, ceil(T)) (§4.3),
** capped at INT32_MAX / 2. Inline, and without a libm ceil call (the x86-64
** baseline has no rounding instruction): truncate, then add 1 when T had a
** fraction.
*/
static inline int32_t ts_transit_days(double t)
{
    if (!(t > 1.0)) /* ceil(T) <= 1, or NaN */
        return 1;
    if (t > (double)(INT32_MAX / 2)) /* ceil(T) > INT32_MAX / 2, an integer */
        return INT32_MAX / 2;
    int32_t d = (int32_t)t; /* 1 <= d <= T */
    return (double)d < t ? d + 1 : d;
}

/* ts_pending.fate bits: what was decided at payment (§4.3, §5, §6, §7). */
enum {
    TS_FATE_LOST = 1u << 0,       /* the parcel will be lost */
    TS_FATE_QUALITY = 1u << 1,    /* quality defect, if delivered */
    TS_FATE_MISMATCH = 1u << 2,   /* description mismatch, if delivered */
    TS_FATE_SLOW_REPLY = 1u << 3, /* slow reply */
    TS_FATE_FEEDBACK = 1u << 4,   /* leaves feedback, if eligible */
    /* with a team (§13): opens a post-sale conversation if delivered on time / late */
    TS_FATE_POST_ONTIME = 1u << 5,
    TS_FATE_POST_LATE = 1u << 6
};

/*
** An order waiting for dispatch: everything decided at payment from its
** TS_MECH_ORDER slots, so that a queued order draws nothing again when it
** leaves the queue; only what depends on the dispatch day is left.
*/
typedef struct {
    double value;       /* after any top-up */
    double transit;     /* T before peak factors (§4.3); 0 when lost */
    int32_t pay;        /* pay day */
    uint32_t index;     /* index within its pay day */
    uint32_t u_dispute; /* the TS_SLOT_DISPUTE word (the flags are known only at delivery) */
    int8_t gift_tier;   /* -1 for none */
    int8_t carrier;     /* the carrier drawn at payment (order_fate), -1 before */
    uint8_t topup;      /* 1 when topped up */
    uint8_t fate;       /* TS_FATE_* */
} ts_pending;

/* One pay day's queued orders: pool[pos, end) are still queued. */
typedef struct {
    int32_t pay;
    size_t pos, end;
    ts_stream stream; /* (rep, pay, TS_MECH_QUEUE, 0): the random subset */
} ts_cohort;

/*
** The capacity queue of docs/model.md §4.2. Cohorts are added in pay-day order;
** each day dispatches up to capacity ready orders, earliest pay day first,
** a uniformly random subset within a pay day (an incremental Fisher-Yates
** shuffle on the cohort's stream, drawn only when the capacity binds), then
** closes unshipped the orders whose deadline is that day.
*/
typedef struct {
    int32_t handling_days, ship_deadline_days;
    int64_t capacity;      /* >= 0 */
    ts_pending *pool;      /* cohorts' orders, in pay-day order */
    size_t pool_len, pool_cap;
    ts_cohort *cohorts;    /* ring of live cohorts */
    size_t n_cohorts, head, ring_cap;
    ts_pending *dispatched;/* output of the last ts_queue_day */
    size_t n_dispatched, dispatched_cap;
    ts_pending *unshipped; /* likewise: closed unshipped on day + 1 */
    size_t n_unshipped, unshipped_cap;
} ts_queue;

/* Set up an empty queue (capacity >= 0 dispatches per day). Free with ts_queue_release. */
void ts_queue_init(ts_queue *q, int32_t handling_days, int32_t ship_deadline_days,
                   int64_t capacity);
/* Free what the queue owns (not the struct). */
void ts_queue_release(ts_queue *q);
/* Forget every queued order (start of a replication). */
void ts_queue_reset(ts_queue *q);
/* True when no order is queued. */
bool ts_queue_empty(const ts_queue *q);

/*
** Queue the n orders of pay day pay (later than any pay day added before),
** copied; stream is the cohort's TS_MECH_QUEUE substream.
*/
void ts_queue_add(ts_queue *q, int32_t pay, const ts_pending *orders, size_t n,
                  const ts_stream *stream);

/*
** Run day c (days must come in increasing order, every pay day's cohort added
** before the day it is ready): fills q->dispatched (dispatched on c) and
** q->unshipped (closed unshipped on c + 1); valid until the next call.
*/
void ts_queue_day(ts_queue *q, int32_t c);

/* --- disputes (disputes.c, docs/model.md §6) ------------------------------- */

/*
** noisy_or(base, c_k for the flags k in mask) = 1 - (1 - base) prod (1 - c_k)
** (docs/model.md "Notation").
*/
double ts_noisy_or_prob(const ts_noisy_or *n, unsigned mask);

/* The table of ts_noisy_or_prob over every mask (TS_FLAG_MASKS entries). */
void ts_noisy_or_table(const ts_noisy_or *n, double *table);

/* A dispute's course (docs/model.md §6); days are TS_NEVER when they do not happen. */
typedef struct {
    int32_t open, no_reply, arbitration, responsible, close;
} ts_dispute;

/*
** The course of a dispute opened on day open, from three uniforms of the
** order's TS_MECH_DISPUTE substream: u[0] reply, u[1] arbitration, u[2] ruling.
*/
ts_dispute ts_dispute_course(const ts_service *sv, int32_t open, const double u[3]);

/* --- feedback (feedback.c, docs/model.md §7-§8) ---------------------------- */

/*
** CDF table of the feedback delay D in {1..W}, P(D = k) proportional to
** (1-q)^(k-1), q = 1/mean (docs/model.md §7): cdf[k-1] = P(D <= k), cdf[W-1] = 1.
*/
void ts_feedback_delay_cdf(int32_t window, double mean, double *cdf);

/*
** Inverse CDF: the smallest k in 1..n with u < cdf[k-1] (cdf non-decreasing,
** cdf[n-1] > u), by a branch-free binary search.
*/
int32_t ts_cdf_pick(const double *cdf, int32_t n, double u);

/*
** Stars of one score from uniform u (docs/model.md §7): low -> 1, 2 or 3 by
** star_cdf (cumulative low_star_weights); not low -> 5 when u <
** five_star_share, else 4.
*/
static inline uint8_t ts_feedback_stars(bool low, double u, const double star_cdf[3],
                                        double five_star_share)
{
    if (low)
        return (uint8_t)ts_cdf_pick(star_cdf, 3, u);
    return u < five_star_share ? 5 : 4;
}

/* --- customer service (service.c, docs/model.md §13) -------------------- */

/* Hours in a week: the team's duty pattern repeats weekly. */
#define TS_WEEK_HOURS 168
/* ts_conv.ref of a pre-sale conversation (it belongs to no order). */
#define TS_CONV_PRESALE UINT32_MAX

/*
** One conversation: when it arrives and how long it holds a slot (its wait is
** ts_desk_serve's output, kept apart: 24 bytes to queue and sort, not 32).
*/
typedef struct {
    double arrival;  /* minutes since day 0, 00:00 (negative in warm-up) */
    double handling; /* minutes it holds the slot that serves it */
    uint32_t ref;    /* post-sale: the caller's reference to its order; TS_CONV_PRESALE */
    uint32_t seq;    /* the caller's tie-breaker: among equal arrivals, smaller seq first */
} ts_conv;

/*
** The team's queue (docs/model.md §13): for each shift, the hours of the week
** it is on duty and a min-heap of its slots' free times. Slots of one shift
** are interchangeable, so the one free earliest is the one to use.
*/
typedef struct {
    uint8_t on[TS_WEEK_HOURS];    /* on duty in hour-of-week h (0 = Monday 00-01) */
    uint16_t gap[TS_WEEK_HOURS];  /* hours from the start of h to the next hour on duty */
    size_t slots;                 /* agents x concurrency */
    double *free_at;              /* 4-ary min-heap of the slots' free times (minutes), then 3 x +inf */
} ts_desk_shift;

typedef struct {
    int32_t weekday0;            /* weekday of day 0 (0 = Monday) */
    double profile_cdf[24];      /* cumulative normalised hourly_profile, last = 1 */
    uint8_t profile_guide[64];   /* the first hour whose cumulative weight exceeds g / 64 */
    ts_handling_kind handling;
    double mean, mu, sigma;      /* exponential mean; lognormal log-mean and log-sd */
    ts_desk_shift *shifts;       /* only the shifts with slots and some hour on duty */
    size_t n_shifts;
    /* shifts on duty in hour-of-week h, in shift order: duty[duty_at[h] .. duty_at[h + 1]) */
    uint16_t duty_at[TS_WEEK_HOURS + 1];
    uint8_t *duty;
    /* ts_desk_serve's last arrival hour: floor(a / 60) is hour for a in [hour_lo, hour_hi) */
    double hour_lo, hour_hi, hour;
    int hour_week;
} ts_desk;

/* Set up the queue of team for a scenario starting on `start`; empty (every slot free). */
void ts_desk_init(ts_desk *d, const ts_team *team, ts_civil start);
void ts_desk_release(ts_desk *d);
/* Every slot free again (start of a replication). */
void ts_desk_reset(ts_desk *d);
/* Whether some slot is on duty in some hour of the week (else nothing is ever answered). */
bool ts_desk_staffed(const ts_desk *d);
/* Slots on duty in hour-of-week h (0 = Monday 00:00-01:00). */
size_t ts_desk_slots_on(const ts_desk *d, int h);
/* Hour of the week (0..167) of a time in minutes since day 0. */
int ts_desk_hour_of_week(const ts_desk *d, double minute);

/*
** An arrival time on day `day` from one uniform u in [0, 1) (docs/model.md
** §13): the inverse CDF of the piecewise-uniform density whose mass in hour
** k is the normalised hourly_profile[k] — the hour from the profile, the
** minute uniform within it.
*/
static inline double ts_desk_arrival(const ts_desk *d, int32_t day, double u)
{
    /* the first hour whose cumulative weight exceeds u: from the guide's hour for u's 64th */
    int k = d->profile_guide[(int)(u * 64.0)];
    while (k < 23 && !(u < d->profile_cdf[k]))
        k++;
    double lo = k > 0 ? d->profile_cdf[k - 1] : 0.0, width = d->profile_cdf[k] - lo;
    double frac = width > 0.0 ? (u - lo) / width : 0.0;
    if (frac >= 1.0)
        frac = 0x1.fffffffffffffp-1;
    return (double)day * 1440.0 + 60.0 * ((double)k + frac);
}

/* A handling time from one uniform u in (0, 1): exponential by inversion, lognormal by Phi^-1. */
static inline double ts_desk_handling(const ts_desk *d, double u)
{
    if (d->handling == TS_HANDLING_EXPONENTIAL)
        return -d->mean * log(u);
    return exp(d->mu + d->sigma * ts_normal_quantile(u));
}

/*
** Serve n conversations, sorted by (arrival, seq) and none arriving before
** any conversation of an earlier call: first come, first served, each by the
** slot on duty that can start it earliest (ties: the earlier shift). Sets
** wait[i], conversation i's first response - arrival. A slot finishes what
** it started even after its shift ends, and starts nothing while off duty.
** The desk must be staffed.
*/
void ts_desk_serve(ts_desk *d, const ts_conv *c, size_t n, double *wait);
/*
** Sort conversations by (arrival, seq) and return where they are sorted. With
** scratch (room for n) and arrivals spanning less than 4096 minutes (one
** arrival day), a counting sort by minute in O(n) into scratch (which is
** returned; c is left as it was); else a quicksort in place (c is returned).
*/
ts_conv *ts_conv_sort(ts_conv *c, size_t n, ts_conv *scratch);

/* --- history (continuation.c, docs/model.md §14) --------------------------- */

/* A scenario's history prepared for replications (the scenario has one). */
typedef struct ts_cont ts_cont;
ts_cont *ts_cont_new(const ts_scenario *sc);
void ts_cont_free(ts_cont *c);
/* The file's first pay day relative to start (0 when the file has no orders). */
int32_t ts_cont_first_day(const ts_cont *c);
/* Visit every order of the file in replication rep: its facts and its continuation. */
void ts_cont_run(const ts_cont *c, uint64_t rep, ts_order_visitor visit, void *ctx);

/*
** The T > x of a Gamma(shape a, scale th) with upper tail Q(T) = u sx, where
** sx = Q(x) > 0 and u in (0, 1): the transit time given more than x
** (docs/model.md §14). x = 0, sx = 1 is the plain inverse CDF.
*/
double ts_gamma_tail_quantile(double a, double th, double x, double sx, double u);

/* --- the driver (world.c) --------------------------------------------- */

/*
** Without a capacity, ts_sim_run visits the orders in (pay day, index within
** the pay day) order; with one, orders that queue are visited when they leave
** the queue. Tests rely on the first rule to pair orders of two runs.
*/

#endif
