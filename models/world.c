/*
** world.c — one replication of the simulated world (docs/model.md §2-§9): pay
** days in order, each order's life from payment to feedback, and money; a pay
** day's per-order random slots are computed in batches of CHUNK orders.
*/
#include "models.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_randist.h>

/* The number of score kinds with a low-probability table: overall + DSR. */
#define N_SCORES (1 + TS_DSR_COUNT)
/* Orders whose TS_MECH_ORDER blocks are computed in one batch. */
#define CHUNK 64
/* Buckets of the delay table's guide (a power of two, so u x GUIDE is exact). */
#define GUIDE 64

/* One arrival day's conversations (§13). */
typedef struct {
    ts_conv *c;
    size_t n, cap;
} day_bucket;

/* A shipped order whose dispute and feedback wait for its conversation's first reply (§13). */
typedef struct {
    ts_pending pd;
    int32_t dispatch;
} deferred;

/* Conversations arriving this many days after the horizon are not queued (they cannot matter). */
#define TEAM_TAIL_DAYS 3660

struct ts_sim {
    const ts_scenario *sc;          /* borrowed; outlives the workspace */
    gsl_rng *rng;                   /* GSL distributions, positioned per substream */
    double dispute_p[TS_FLAG_MASKS];/* §6 noisy-or by flag mask */
    double low_p[N_SCORES][TS_FLAG_MASKS]; /* §7: overall, description, communication, shipping */
    double *delay_cdf;              /* §7: W entries */
    int32_t delay_guide[GUIDE];     /* ts_cdf_pick(delay_cdf, W, g / GUIDE) - 1 */
    double star_cdf[3];             /* §7: cumulative low_star_weights */
    double *carrier_cdf;            /* §4.3: cumulative shares, last = 1 */
    double *gift_cost;              /* §9: cost + weight_g/1000 x shipping_cost_per_kg */
    ts_transit_plan *transit;       /* §4.3: per carrier */
    bool peak_transit;              /* some peak has transit_factor != 1 */
    double *factor;                 /* §4.3: ts_transit_factor of dispatch days factor_lo + i */
    int32_t factor_lo, factor_n;
    bool capacity;                  /* capacity_per_day set: orders queue */
    ts_queue queue;
    ts_pending *cohort;             /* one pay day's queued orders */
    size_t cohort_cap;
    uint32_t words[CHUNK * TS_SLOT_COUNT]; /* a batch of orders' TS_MECH_ORDER slots */
    ts_pending fin[CHUNK];          /* a pay day's batch of orders to finish, in visit order */
    uint8_t fin_stockout[CHUNK];    /* 1: closed unshipped (§4.1) */
    /* TS_MECH_FEEDBACK slots of a batch's orders that leave feedback */
    int32_t fb_day[CHUNK];
    uint32_t fb_index[CHUNK], fb_c1[CHUNK];
    uint32_t fb_words[CHUNK * TS_FB_COUNT];
    ts_cont *history;               /* §14: the shop's own orders, when the scenario has them */
    /* the customer-service team (§13), when the scenario has one */
    bool team;
    ts_desk desk;
    double post_p[TS_FLAG_MASKS];   /* §13 post-sale noisy-or by flag mask */
    day_bucket *ring;               /* conversations by arrival day, days served_to + [0, ring_n) */
    size_t ring_n;                  /* a power of two */
    int32_t served_to;              /* every day before it is served */
    int32_t last_day;               /* the latest arrival day queued */
    uint32_t seq;                   /* conversations queued this replication */
    deferred *held;                 /* orders waiting for their conversation's reply */
    size_t n_held, held_cap;
    uint32_t *free_held;            /* free slots of held */
    ts_conv *sort_tmp;              /* ts_conv_sort's scratch */
    size_t sort_cap;
    size_t n_free;
    ts_reply_visitor reply_visit;
    void *reply_ctx;
    /* the replication being run */
    uint64_t rep;
    ts_order_visitor visit;
    void *ctx;
    double *money;
};


ts_sim *ts_sim_new(const ts_scenario *sc)
{
    ts_sim *sim = ts_xcalloc(1, sizeof *sim);
    sim->sc = sc;
    sim->rng = ts_rng_alloc();

    ts_noisy_or_table(&sc->buyers.dispute, sim->dispute_p);
    ts_noisy_or_table(&sc->buyers.negative_feedback, sim->low_p[0]);
    for (int d = 0; d < TS_DSR_COUNT; d++)
        ts_noisy_or_table(&sc->buyers.low_dsr[d], sim->low_p[1 + d]);

    int32_t w = sc->buyers.feedback_window_days;
    sim->delay_cdf = ts_xcalloc((size_t)w, sizeof *sim->delay_cdf);
    ts_feedback_delay_cdf(w, sc->buyers.feedback_delay_mean, sim->delay_cdf);
    for (int g = 0; g < GUIDE; g++)
        sim->delay_guide[g] = ts_cdf_pick(sim->delay_cdf, w, (double)g / GUIDE) - 1;

    const double *lw = sc->buyers.low_star_weights;
    double lsum = lw[0] + lw[1] + lw[2];
    sim->star_cdf[0] = lw[0] / lsum;
    sim->star_cdf[1] = lw[2] > 0.0 ? (lw[0] + lw[1]) / lsum : 1.0;
    sim->star_cdf[2] = 1.0;

    const ts_fulfilment *f = &sc->fulfilment;
    sim->carrier_cdf = ts_xcalloc(f->n_carriers + 1, sizeof *sim->carrier_cdf);
    double acc = 0.0;
    for (size_t k = 0; k < f->n_carriers; k++) {
        acc += f->carriers[k].share;
        sim->carrier_cdf[k] = acc;
    }
    /* Shares sum to 1 within 1e-9: the last carrier with a share takes the rest. */
    for (size_t k = f->n_carriers; k-- > 0;) {
        sim->carrier_cdf[k] = 1.0;
        if (f->carriers[k].share > 0.0)
            break;
    }

    const ts_gifts *g = &sc->gifts;
    sim->gift_cost = ts_xcalloc(g->n_tiers + 1, sizeof *sim->gift_cost);
    for (size_t k = 0; k < g->n_tiers; k++)
        sim->gift_cost[k] = g->tiers[k].cost + g->tiers[k].weight_g / 1000.0 * g->shipping_cost_per_kg;

    sim->transit = ts_xcalloc(f->n_carriers + 1, sizeof *sim->transit);
    for (size_t k = 0; k < f->n_carriers; k++)
        ts_transit_plan_of(&f->carriers[k], &sim->transit[k]);

    for (size_t i = 0; i < sc->volume.n_events; i++)
        if (sc->volume.events[i].transit_factor != 1.0)
            sim->peak_transit = true;
    if (sim->peak_transit) {
        /* every dispatch day of the run: from the first pay day's ready day to the
           last pay day's ship deadline (others, if any, fall back to the loop) */
        sim->factor_lo = -sc->warmup_days;
        int64_t n = (int64_t)sc->warmup_days + sc->days + f->handling_days +
                    (f->ship_deadline_days > 0 ? f->ship_deadline_days : 0) + 2;
        sim->factor_n = (int32_t)n;
        sim->factor = ts_xcalloc((size_t)n, sizeof *sim->factor);
        for (int32_t i = 0; i < sim->factor_n; i++)
            sim->factor[i] = ts_transit_factor(sc, sim->factor_lo + i);
    }

    const ts_team *team = &sc->service.team;
    if (team->present) {
        sim->team = true;
        ts_desk_init(&sim->desk, team, sc->start);
        ts_noisy_or_table(&team->post_sale, sim->post_p);
        sim->ring_n = 64;
        sim->ring = ts_xcalloc(sim->ring_n, sizeof *sim->ring);
    }

    sim->capacity = f->capacity_per_day >= 0;
    ts_queue_init(&sim->queue, f->handling_days, f->ship_deadline_days,
                  sim->capacity ? f->capacity_per_day : 0);
    if (sc->history != NULL)
        sim->history = ts_cont_new(sc);
    return sim;
}

void ts_sim_free(ts_sim *sim)
{
    if (sim == NULL)
        return;
    ts_cont_free(sim->history);
    gsl_rng_free(sim->rng);
    free(sim->delay_cdf);
    free(sim->carrier_cdf);
    free(sim->gift_cost);
    free(sim->transit);
    free(sim->factor);
    ts_queue_release(&sim->queue);
    free(sim->cohort);
    if (sim->team) {
        ts_desk_release(&sim->desk);
        for (size_t i = 0; i < sim->ring_n; i++)
            free(sim->ring[i].c);
        free(sim->ring);
        free(sim->held);
        free(sim->sort_tmp);
        free(sim->free_held);
    }
    free(sim);
}

/*
** ts_cdf_pick(delay_cdf, W, u) for u in [0, 1) by a guide table: u >= g / GUIDE
** for g = floor(u GUIDE) (exact), so the answer is at least the guide's and a
** short scan up from it finds the same k.
*/
static int32_t delay_pick(const ts_sim *sim, double u)
{
    int32_t k = sim->delay_guide[(int)(u * GUIDE)];
    while (!(u < sim->delay_cdf[k]))
        k++;
    return k + 1;
}

/* Position the GSL generator on a substream. */
static gsl_rng *positioned(ts_sim *sim, int32_t pay, ts_mech mech, uint32_t index)
{
    ts_stream_init(ts_rng_stream(sim->rng), sim->sc->seed, sim->rep, pay, mech, index);
    return sim->rng;
}

static void order_start(ts_order *o, const ts_pending *pd)
{
    o->pay = pd->pay;
    o->end = TS_NEVER;
    o->dispatch = TS_NEVER;
    o->delivery = TS_NEVER;
    for (int k = 0; k < TS_EV_FEEDBACK; k++)
        o->event_day[k] = TS_NEVER;
    o->feedback_day = TS_NEVER;
    o->feedback_left = TS_NEVER;
    o->revision_day = TS_NEVER;
    o->slow_reply_day = TS_NEVER;
    o->value = pd->value;
    o->gift_tier = pd->gift_tier;
    o->carrier = -1;
    o->stars = 0;
    for (int d = 0; d < TS_DSR_COUNT; d++)
        o->dsr[d] = 0;
    o->flags = pd->topup ? TS_ORDER_TOPUP : 0;
}

/* docs/model.md §4.1-§4.2, §7: an order closed unshipped on day close (its end day). */
static void finish_unshipped(ts_sim *sim, const ts_pending *pd, int32_t close)
{
    ts_order o;
    order_start(&o, pd);
    o.end = close;
    o.event_day[TS_EV_NOT_SHIPPED] = close;
    sim->visit(&o, sim->ctx);
}

/*
** docs/model.md §7-§8: feedback of a delivered order whose dispute (if any) was not
** arbitrated and whose TS_SLOT_FEEDBACK said it leaves feedback; the rest
** comes from the order's TS_MECH_FEEDBACK slots w (models.h TS_FB_*),
** computed for a batch of orders by finish_batch.
*/
static inline __attribute__((always_inline)) void feedback(ts_sim *sim, ts_order *o, const uint32_t *w, unsigned review_mask)
{
    const ts_scenario *sc = sim->sc;
    const ts_buyers *b = &sc->buyers;
    int32_t win = b->feedback_window_days;
    int32_t delay = delay_pick(sim, ts_u01(w[TS_FB_DELAY])); /* in 1..win */
    double keep = o->gift_tier >= 0 ? 1.0 - sc->gifts.tiers[o->gift_tier].satisfaction : 1.0;
    uint8_t stars[N_SCORES];
    for (int j = 0; j < N_SCORES; j++) {
        bool low = ts_u01(w[TS_FB_SCORES + 2 * j]) < sim->low_p[j][review_mask] * keep;
        stars[j] = ts_feedback_stars(low, ts_u01(w[TS_FB_SCORES + 2 * j + 1]), sim->star_cdf,
                                     b->five_star_share);
    }
    o->stars = stars[0];
    for (int d = 0; d < TS_DSR_COUNT; d++)
        o->dsr[d] = stars[1 + d];
    bool automatic = sc->service.feedback_reply == TS_REPLY_AUTO;
    o->feedback_day = automatic ? o->end + win : o->end + delay;
    o->feedback_left = o->end + delay;

    const ts_revision *rv = &sc->service.revision;
    if (o->stars <= 3 && rv->contact_prob > 0.0) {
        double success = rv->success_prob * (automatic ? rv->auto_success_factor : 1.0);
        if (ts_u01(w[TS_FB_CONTACT]) < rv->contact_prob && ts_u01(w[TS_FB_AGREE]) < success)
            o->revision_day = o->feedback_day + rv->delay_days;
    }
}

/*
** docs/model.md §4.3-§5: an order dispatched on day s, up to its delivery (or
** loss): late dispatch, transit, late delivery, quality and mismatch; what
** does not depend on s was decided at payment (order_fate). Sets *mask to
** its §6 flags so far.
*/
/* Inlined: it is on every shipped order's path (docs/performance.md). */
static inline __attribute__((always_inline)) void ship(ts_sim *sim, const ts_pending *pd, int32_t s, ts_order *o, unsigned *mask)
{
    const ts_scenario *sc = sim->sc;
    const ts_fulfilment *f = &sc->fulfilment;
    int32_t p = pd->pay;
    order_start(o, pd);
    o->flags |= TS_ORDER_DISPATCHED;
    o->dispatch = s;
    o->carrier = pd->carrier;
    if ((int64_t)s > (int64_t)p + f->late_after_days)
        o->event_day[TS_EV_LATE_DISPATCH] = s;
    int32_t promised = p + f->carriers[pd->carrier].promised_delivery_days; /* §16: the lane's */

    *mask = 0; /* ts_flag bits of §6 */
    if (pd->fate & TS_FATE_LOST) {
        o->flags |= TS_ORDER_LOST;
        o->event_day[TS_EV_LOST] = promised;
        *mask |= TS_FLAG_BIT(TS_FLAG_LOST);
        return;
    }
    double t = pd->transit;
    if (sim->peak_transit) {
        int64_t i = (int64_t)s - sim->factor_lo;
        t *= i >= 0 && i < sim->factor_n ? sim->factor[i] : ts_transit_factor(sc, s);
    }
    o->delivery = s + ts_transit_days(t);
    if (o->delivery > promised) {
        o->flags |= TS_ORDER_LATE;
        o->event_day[TS_EV_LATE_DELIVERY] = o->delivery;
        *mask |= TS_FLAG_BIT(TS_FLAG_LATE);
    }
    if (pd->fate & TS_FATE_QUALITY) {
        o->flags |= TS_ORDER_QUALITY;
        *mask |= TS_FLAG_BIT(TS_FLAG_QUALITY);
    }
    if (pd->fate & TS_FATE_MISMATCH) {
        o->flags |= TS_ORDER_MISMATCH;
        *mask |= TS_FLAG_BIT(TS_FLAG_MISMATCH);
    }
}

/* The day a shipped order's buyer writes after the sale: delivery, or the refund day of a lost parcel (§13). */
static int32_t contact_day(const ts_scenario *sc, const ts_order *o)
{
    return o->delivery != TS_NEVER ? o->delivery
                                   : o->pay + sc->fulfilment.carriers[o->carrier].promised_delivery_days;
}

/* Mark a shipped order's slow reply, known on day `day` (§6, §13). */
static void slow_reply(ts_order *o, unsigned *mask, int32_t day)
{
    o->flags |= TS_ORDER_SLOW_REPLY;
    o->slow_reply_day = day;
    *mask |= TS_FLAG_BIT(TS_FLAG_SLOW_REPLY);
}

/*
** docs/model.md §6-§8: a shipped order's dispute (TS_SLOT_DISPUTE's word against
** the noisy-or of mask), end day and feedback, then the order is complete.
** fb: the order's TS_MECH_FEEDBACK slots when it leaves feedback and is not
** lost (else unused).
*/
static inline __attribute__((always_inline)) void settle(ts_sim *sim, ts_order *o, unsigned mask, const ts_pending *pd, const uint32_t *fb)
{
    const ts_scenario *sc = sim->sc;
    int32_t p = pd->pay;
    int32_t promised = p + sc->fulfilment.carriers[pd->carrier].promised_delivery_days; /* §16 */
    bool lost = pd->fate & TS_FATE_LOST;
    bool arbitrated = false;
    if (ts_u01(pd->u_dispute) < sim->dispute_p[mask]) {
        o->flags |= TS_ORDER_DISPUTED;
        int32_t open = lost ? promised : o->delivery + sc->buyers.dispute_open_delay_days;
        uint32_t ctr[4], w[4];
        ts_stream ds;
        ts_stream_init(&ds, sc->seed, sim->rep, p, TS_MECH_DISPUTE, pd->index);
        memcpy(ctr, ds.ctr, sizeof ctr);
        ts_rng_blocks++;
        ts_philox4x32(ctr, ds.key, w);
        double du[3] = {ts_u01(w[0]), ts_u01(w[1]), ts_u01(w[2])};
        ts_dispute d = ts_dispute_course(&sc->service, open, du);
        o->event_day[TS_EV_DISPUTE] = d.open;
        o->event_day[TS_EV_DISPUTE_NO_REPLY] = d.no_reply;
        o->event_day[TS_EV_ARBITRATION] = d.arbitration;
        o->event_day[TS_EV_SELLER_RESPONSIBLE] = d.responsible;
        arbitrated = d.arbitration != TS_NEVER;
        o->end = d.close; /* §7: disputed -> the dispute's close day */
    } else {
        o->end = lost ? promised : o->delivery + sc->fulfilment.confirm_days;
    }

    if (!lost && !arbitrated && (pd->fate & TS_FATE_FEEDBACK)) {
        unsigned review = mask & ~TS_FLAG_BIT(TS_FLAG_LOST);
        if (o->flags & TS_ORDER_DISPUTED)
            review |= TS_FLAG_BIT(TS_FLAG_DISPUTED);
        feedback(sim, o, fb, review);
    }
    sim->visit(o, sim->ctx);
}

static void defer(ts_sim *sim, const ts_pending *pd, int32_t s, ts_order *o, unsigned mask);

/*
** docs/model.md §4.3-§8: an order dispatched on day s. Without a team its slow
** reply is the Bernoulli of its payment (known the day after the buyer's
** contact); with one, an order that opens a post-sale conversation waits for
** its first reply (defer) and the others have no slow reply.
*/
static void finish_shipped(ts_sim *sim, const ts_pending *pd, int32_t s, const uint32_t *fb)
{
    if (pd->pay >= 0 && pd->gift_tier >= 0) { /* §9: a gift travels in the parcel */
        sim->money[TS_MONEY_GIFT_COST] += sim->gift_cost[pd->gift_tier];
        sim->money[TS_MONEY_FIXED_FIELDS + (size_t)pd->gift_tier] += 1.0;
    }
    ts_order o;
    unsigned mask;
    ship(sim, pd, s, &o, &mask);
    if (sim->team) {
        unsigned opens = o.flags & TS_ORDER_LATE ? TS_FATE_POST_LATE : TS_FATE_POST_ONTIME;
        if (pd->fate & opens) {
            defer(sim, pd, s, &o, mask);
            return;
        }
    } else if (pd->fate & TS_FATE_SLOW_REPLY) {
        slow_reply(&o, &mask, contact_day(sim->sc, &o) + 1);
    }
    settle(sim, &o, mask, pd, fb);
}

/*
** A shipped order with both bits opens a post-sale conversation whether or not
** it is late (§13): it is held (defer), and its TS_MECH_FEEDBACK words are
** drawn when it is released (or by defer when its conversation is not queued).
*/
#define HELD_ANYWAY (TS_FATE_POST_ONTIME | TS_FATE_POST_LATE)

/*
** Finish n orders in turn: closed unshipped on day s when stockout[i] is 1
** (stockout may be NULL: none), else dispatched on day s. The TS_MECH_FEEDBACK
** blocks of those that will need them now (leave feedback, not lost, not held
** anyway) are computed first, CHUNK orders' at a time in one batch (the same
** words, fewer passes; counter-based, so a held order's are the same later).
*/
static void finish_batch(ts_sim *sim, const ts_pending *pd, const uint8_t *stockout, size_t n,
                         int32_t s)
{
    for (size_t i0 = 0; i0 < n; i0 += CHUNK) {
        size_t m = n - i0 < CHUNK ? n - i0 : CHUNK;
        uint8_t slot[CHUNK];
        uint32_t k = 0;
        for (size_t j = 0; j < m; j++) {
            const ts_pending *x = &pd[i0 + j];
            bool need = (x->fate & (TS_FATE_FEEDBACK | TS_FATE_LOST)) == TS_FATE_FEEDBACK &&
                        !(stockout && stockout[i0 + j]) &&
                        (x->fate & HELD_ANYWAY) != HELD_ANYWAY;
            slot[j] = (uint8_t)k;
            if (need) {
                sim->fb_day[k] = x->pay;
                sim->fb_index[k] = x->index;
                k++;
            }
        }
        if (k > 0)
            ts_stream_blocks_at(sim->sc->seed, sim->rep, TS_MECH_FEEDBACK, sim->fb_day,
                                sim->fb_index, k, TS_FB_BLOCKS, sim->fb_c1, sim->fb_words);
        for (size_t j = 0; j < m; j++) {
            if (stockout && stockout[i0 + j])
                finish_unshipped(sim, &pd[i0 + j], s);
            else
                finish_shipped(sim, &pd[i0 + j], s, sim->fb_words + (size_t)slot[j] * TS_FB_COUNT);
        }
    }
}

/* docs/model.md §4.2: run queue day c and finish the orders that leave it. */
static void queue_day(ts_sim *sim, int32_t c)
{
    ts_queue *q = &sim->queue;
    ts_queue_day(q, c);
    finish_batch(sim, q->dispatched, NULL, q->n_dispatched, c);
    for (size_t i = 0; i < q->n_unshipped; i++)
        finish_unshipped(sim, &q->unshipped[i], c + 1);
}

/* ---- the customer-service team (§13) ---------------------------------- */

/* The bucket of arrival day `day`, growing the ring when the day lies beyond it. */
static day_bucket *bucket(ts_sim *sim, int32_t day)
{
    while ((int64_t)day - sim->served_to >= (int64_t)sim->ring_n) {
        size_t n = sim->ring_n * 2;
        day_bucket *ring = ts_xcalloc(n, sizeof *ring);
        for (int64_t d = sim->served_to; d < (int64_t)sim->served_to + (int64_t)sim->ring_n; d++)
            ring[(size_t)d & (n - 1)] = sim->ring[(size_t)d & (sim->ring_n - 1)];
        free(sim->ring);
        sim->ring = ring;
        sim->ring_n = n;
    }
    if (day > sim->last_day)
        sim->last_day = day;
    return &sim->ring[(size_t)(int64_t)day & (sim->ring_n - 1)];
}

/* Room in b for `more` conversations beyond its n. */
static void reserve(day_bucket *b, size_t more)
{
    if (b->n + more <= b->cap)
        return;
    size_t cap = b->cap ? 2 * b->cap : 64;
    while (cap < b->n + more)
        cap *= 2;
    b->c = ts_xrealloc(b->c, cap * sizeof *b->c);
    b->cap = cap;
}

/* Queue a conversation arriving on `day` from its two uniforms' words. */
static void queue_conv(ts_sim *sim, int32_t day, uint32_t w_arrival, uint32_t w_handling,
                       uint32_t ref)
{
    day_bucket *b = bucket(sim, day);
    reserve(b, 1);
    ts_conv *c = &b->c[b->n++];
    c->arrival = ts_desk_arrival(&sim->desk, day, ts_u01(w_arrival));
    c->handling = ts_desk_handling(&sim->desk, ts_u01_pos(w_handling));
    c->ref = ref;
    c->seq = sim->seq++;
}

/*
** §13: the pre-sale conversations of day p, Poisson(pre_sale_per_order x mu_p)
** on (rep, p, TS_MECH_PRESALE, 0); conversation j's arrival and handling are
** words 0 and 1 of (rep, p, TS_MECH_PRESALE_CONV, j). All go to day p's
** bucket, CHUNK at a time in a loop of independent computations.
*/
static void pre_sale(ts_sim *sim, int32_t p, double mu)
{
    const ts_scenario *sc = sim->sc;
    double lambda = sc->service.team.pre_sale_per_order * mu;
    if (!(lambda > 0.0))
        return;
    uint32_t n = (uint32_t)gsl_ran_poisson(positioned(sim, p, TS_MECH_PRESALE, 0), lambda);
    if (n == 0)
        return;
    day_bucket *b = bucket(sim, p);
    reserve(b, n);
    const ts_desk *d = &sim->desk;
    for (uint32_t j0 = 0; j0 < n; j0 += CHUNK) {
        uint32_t m = n - j0 < CHUNK ? n - j0 : CHUNK;
        ts_stream cs;
        ts_stream_init(&cs, sc->seed, sim->rep, p, TS_MECH_PRESALE_CONV, j0);
        ts_stream_blocks(&cs, m, 1, sim->words);
        ts_conv *c = b->c + b->n;
        for (uint32_t j = 0; j < m; j++) {
            c[j].arrival = ts_desk_arrival(d, p, ts_u01(sim->words[4 * j]));
            c[j].handling = ts_desk_handling(d, ts_u01_pos(sim->words[4 * j + 1]));
            c[j].ref = TS_CONV_PRESALE;
            c[j].seq = sim->seq + j;
        }
        b->n += m;
        sim->seq += m;
    }
}

/*
** §13: a shipped order that opens a post-sale conversation on its contact day
** is held until the conversation's first reply; its arrival and handling are
** words 0 and 1 of (rep, pay, TS_MECH_SERVICE, index). A conversation too far
** past the horizon to matter is not queued: the order is settled at once.
*/
static void defer(ts_sim *sim, const ts_pending *pd, int32_t s, ts_order *o, unsigned mask)
{
    const ts_scenario *sc = sim->sc;
    int32_t day = contact_day(sc, o);
    uint32_t ctr[4], w[4];
    ts_stream cs;
    ts_stream_init(&cs, sc->seed, sim->rep, pd->pay, TS_MECH_SERVICE, pd->index);
    memcpy(ctr, cs.ctr, sizeof ctr);
    ts_rng_blocks++;
    ts_philox4x32(ctr, cs.key, w);
    if ((int64_t)day > (int64_t)sc->days + TEAM_TAIL_DAYS) {
        uint32_t fb[TS_FB_COUNT], c1;
        int32_t fday = pd->pay;
        ts_stream_blocks_at(sc->seed, sim->rep, TS_MECH_FEEDBACK, &fday, &pd->index, 1, TS_FB_BLOCKS,
                            &c1, fb);
        settle(sim, o, mask, pd, fb);
        return;
    }
    uint32_t slot;
    if (sim->n_free > 0) {
        slot = sim->free_held[--sim->n_free];
    } else {
        if (sim->n_held == sim->held_cap) {
            sim->held_cap = sim->held_cap ? 2 * sim->held_cap : 256;
            sim->held = ts_xrealloc(sim->held, sim->held_cap * sizeof *sim->held);
            sim->free_held = ts_xrealloc(sim->free_held, sim->held_cap * sizeof *sim->free_held);
        }
        slot = (uint32_t)sim->n_held++;
    }
    sim->held[slot].pd = *pd;
    sim->held[slot].dispatch = s;
    queue_conv(sim, day, w[0], w[1], slot);
}

/*
** §13: a held order once its conversation c is answered after wait minutes:
** slow when the first reply took longer than slow_reply_minutes (known on the
** reply's day), then its dispute and feedback as without a team. fb: its
** TS_MECH_FEEDBACK slots.
*/
static void release(ts_sim *sim, const ts_conv *c, double wait, const uint32_t *fb)
{
    const deferred *h = &sim->held[c->ref];
    ts_order o;
    unsigned mask;
    ship(sim, &h->pd, h->dispatch, &o, &mask);
    if (wait > sim->sc->service.team.slow_reply_minutes)
        slow_reply(&o, &mask, (int32_t)floor((c->arrival + wait) / 1440.0));
    settle(sim, &o, mask, &h->pd, fb);
    sim->free_held[sim->n_free++] = c->ref;
}

/* §13: serve the conversations of one arrival day, then settle the orders they belong to. */
static void serve_day(ts_sim *sim, day_bucket *b)
{
    if (b->n > sim->sort_cap) { /* scratch: nothing in it to keep */
        sim->sort_cap = b->cap;
        free(sim->sort_tmp);
        sim->sort_tmp = ts_xmalloc(sim->sort_cap * sizeof *sim->sort_tmp);
    }
    ts_conv *sorted = ts_conv_sort(b->c, b->n, sim->sort_tmp);
    if (sorted != b->c) { /* sorted into the scratch: it becomes the bucket's array */
        ts_conv *c = b->c;
        size_t cap = b->cap;
        b->c = sorted;
        b->cap = sim->sort_cap;
        sim->sort_tmp = c;
        sim->sort_cap = cap;
    }
    for (size_t i0 = 0; i0 < b->n; i0 += CHUNK) {
        size_t m = b->n - i0 < CHUNK ? b->n - i0 : CHUNK;
        double wait[CHUNK];
        ts_desk_serve(&sim->desk, b->c + i0, m, wait);
        uint8_t slot[CHUNK];
        uint32_t k = 0;
        for (size_t j = 0; j < m; j++) {
            const ts_conv *c = &b->c[i0 + j];
            slot[j] = (uint8_t)k;
            if (c->ref == TS_CONV_PRESALE)
                continue;
            const ts_pending *pd = &sim->held[c->ref].pd;
            if ((pd->fate & (TS_FATE_FEEDBACK | TS_FATE_LOST)) == TS_FATE_FEEDBACK) {
                sim->fb_day[k] = pd->pay;
                sim->fb_index[k] = pd->index;
                k++;
            }
        }
        if (k > 0)
            ts_stream_blocks_at(sim->sc->seed, sim->rep, TS_MECH_FEEDBACK, sim->fb_day,
                                sim->fb_index, k, TS_FB_BLOCKS, sim->fb_c1, sim->fb_words);
        for (size_t j = 0; j < m; j++) {
            const ts_conv *c = &b->c[i0 + j];
            if (sim->reply_visit) {
                ts_reply r = {c->arrival, wait[j], c->ref != TS_CONV_PRESALE};
                sim->reply_visit(&r, sim->reply_ctx);
            }
            if (c->ref != TS_CONV_PRESALE)
                release(sim, c, wait[j], sim->fb_words + (size_t)slot[j] * TS_FB_COUNT);
        }
    }
    b->n = 0;
}

/* §13: serve every arrival day up to `day` (every conversation of those days is queued). */
static void serve_until(ts_sim *sim, int32_t day)
{
    for (; sim->served_to <= day; sim->served_to++)
        serve_day(sim, &sim->ring[(size_t)(int64_t)sim->served_to & (sim->ring_n - 1)]);
}

void ts_sim_set_reply_visitor(ts_sim *sim, ts_reply_visitor visit, void *ctx)
{
    sim->reply_visit = visit;
    sim->reply_ctx = ctx;
}

/*
** docs/model.md §3: value, top-up and gift tier of order i of pay day p from its
** slots w (TS_SLOT_*) and its value before any top-up (value, computed for the
** batch from TS_SLOT_VALUE), and its money (§9).
*/
static void order_paid(ts_sim *sim, int32_t p, uint32_t i, bool active, const uint32_t *w,
                       double value, ts_pending *pd)
{
    const ts_gifts *g = &sim->sc->gifts;
    pd->value = value;
    pd->transit = 0.0;
    pd->pay = p;
    pd->index = i;
    pd->u_dispute = w[TS_SLOT_DISPUTE];
    pd->gift_tier = -1;
    pd->carrier = -1;
    pd->topup = 0;
    pd->fate = 0;
    if (active) {
        double t = ts_gift_topup_target(g, pd->value);
        if (t > 0.0 && ts_u01(w[TS_SLOT_TOPUP]) < g->topup_prob) {
            pd->value = t;
            pd->topup = 1;
        }
        pd->gift_tier = (int8_t)ts_gift_tier_of(g, pd->value);
    }
    if (p >= 0) {
        sim->money[TS_MONEY_ORDERS] += 1.0;
        sim->money[TS_MONEY_GROSS] += pd->value;
        sim->money[TS_MONEY_TOPUPS] += pd->topup;
    }
}

/*
** docs/model.md §4.3, §5, §6, §7: what a shipped order's fate holds that does not
** depend on its dispatch day: carrier, lost, transit time before peak
** factors, quality, mismatch, slow reply, whether it leaves feedback. x: the
** normal of TS_SLOT_TRANSIT_NORMAL (computed for the batch).
*/
static void order_fate(ts_sim *sim, const uint32_t *w, double x, ts_pending *pd)
{
    const ts_scenario *sc = sim->sc;
    const ts_fulfilment *f = &sc->fulfilment;
    double uc = ts_u01(w[TS_SLOT_CARRIER]);
    size_t k = 0;
    while (k + 1 < f->n_carriers && !(uc < sim->carrier_cdf[k]))
        k++;
    pd->carrier = (int8_t)k;
    unsigned fate = 0;
    if (ts_u01(w[TS_SLOT_LOST]) < f->carriers[k].lost_prob) {
        fate |= TS_FATE_LOST;
    } else {
        ts_stream more;
        ts_stream_init(&more, sc->seed, sim->rep, pd->pay, TS_MECH_TRANSIT, pd->index);
        pd->transit = ts_transit_draw_normal(&sim->transit[k], x,
                                             ts_u01_pos(w[TS_SLOT_TRANSIT_ACCEPT]), &more);
    }
    if (ts_u01(w[TS_SLOT_QUALITY]) < sc->product.quality_defect_prob)
        fate |= TS_FATE_QUALITY;
    if (ts_u01(w[TS_SLOT_MISMATCH]) < sc->product.description_mismatch_prob)
        fate |= TS_FATE_MISMATCH;
    if (sim->team) {
        /* §13: the post-sale conversation, decided on the same word whether or not the
           parcel turns out late (that depends on the dispatch day) */
        unsigned m0 = fate & TS_FATE_LOST ? TS_FLAG_BIT(TS_FLAG_LOST)
                      : (fate & TS_FATE_QUALITY ? TS_FLAG_BIT(TS_FLAG_QUALITY) : 0u) |
                        (fate & TS_FATE_MISMATCH ? TS_FLAG_BIT(TS_FLAG_MISMATCH) : 0u);
        double u = ts_u01(w[TS_SLOT_SLOW_REPLY]);
        if (u < sim->post_p[m0])
            fate |= TS_FATE_POST_ONTIME;
        if (u < sim->post_p[m0 | TS_FLAG_BIT(TS_FLAG_LATE)])
            fate |= TS_FATE_POST_LATE;
    } else if (ts_u01(w[TS_SLOT_SLOW_REPLY]) < sc->service.slow_reply_prob) {
        fate |= TS_FATE_SLOW_REPLY;
    }
    if (ts_u01(w[TS_SLOT_FEEDBACK]) < sc->buyers.feedback_prob)
        fate |= TS_FATE_FEEDBACK;
    pd->fate = (uint8_t)fate;
}

/* docs/model.md §2-§3: the orders paid on day p. */
static void pay_day(ts_sim *sim, int32_t p)
{
    const ts_scenario *sc = sim->sc;
    int32_t ready = p + sc->fulfilment.handling_days;
    double mu = ts_volume_mean(sc, p);
    uint32_t n = ts_volume_draw(positioned(sim, p, TS_MECH_VOLUME, 0), mu, sc->volume.dispersion);
    if (sim->team)
        pre_sale(sim, p, mu);
    if (sim->capacity && n > sim->cohort_cap) {
        sim->cohort_cap = (size_t)n * 2;
        sim->cohort = ts_xrealloc(sim->cohort, sim->cohort_cap * sizeof *sim->cohort);
    }
    bool active = ts_gifts_active(&sc->gifts, p);
    double stockout = sc->fulfilment.stockout_prob;
    size_t queued = 0;
    uint32_t *words = sim->words;
    for (uint32_t i0 = 0; i0 < n; i0 += CHUNK) {
        uint32_t m = n - i0 < CHUNK ? n - i0 : CHUNK;
        ts_stream os;
        ts_stream_init(&os, sc->seed, sim->rep, p, TS_MECH_ORDER, i0);
        ts_stream_blocks(&os, m, TS_ORDER_BLOCKS, words);
        /* §3, §4.3: the batch's normals (value, transit's first attempt) and values in a
           loop of independent computations, exactly as ts_order_value_draw and
           ts_transit_draw would compute them one order at a time */
        double value[CHUNK], x_transit[CHUNK];
        for (uint32_t j = 0; j < m; j++) {
            const uint32_t *w = words + (size_t)j * TS_SLOT_COUNT;
            value[j] = ts_order_value_of_normal(
                &sc->order_value, ts_normal_quantile(ts_u01_pos(w[TS_SLOT_VALUE])));
            x_transit[j] = ts_normal_quantile(ts_u01_pos(w[TS_SLOT_TRANSIT_NORMAL]));
        }
        size_t nf = 0; /* orders finished now (no capacity), in index order */
        for (uint32_t j = 0; j < m; j++) {
            const uint32_t *w = words + (size_t)j * TS_SLOT_COUNT;
            ts_pending pd;
            order_paid(sim, p, i0 + j, active, w, value[j], &pd);
            if (ts_u01(w[TS_SLOT_STOCKOUT]) < stockout) {
                /* §4.1: closed on p + handling_days */
                sim->fin_stockout[nf] = 1;
                sim->fin[nf++] = pd;
                continue;
            }
            order_fate(sim, w, x_transit[j], &pd);
            if (!sim->capacity) { /* §4.2: dispatched on its ready day */
                sim->fin_stockout[nf] = 0;
                sim->fin[nf++] = pd;
            } else {
                sim->cohort[queued++] = pd;
            }
        }
        finish_batch(sim, sim->fin, sim->fin_stockout, nf, ready);
    }
    if (sim->capacity) {
        ts_stream qs;
        ts_stream_init(&qs, sc->seed, sim->rep, p, TS_MECH_QUEUE, 0);
        ts_queue_add(&sim->queue, p, sim->cohort, queued, &qs);
        queue_day(sim, ready);
    }
}

/*
** docs/model.md §14: a pay day the history covers: no simulated orders, but the
** capacity queue still runs its day and the team its pre-sale conversations.
*/
static void history_day(ts_sim *sim, int32_t p)
{
    if (sim->team)
        pre_sale(sim, p, ts_volume_mean(sim->sc, p));
    if (sim->capacity)
        queue_day(sim, p + sim->sc->fulfilment.handling_days);
}

void ts_sim_run(ts_sim *sim, uint64_t rep, ts_order_visitor visit, void *ctx, double *money)
{
    const ts_scenario *sc = sim->sc;
    size_t nm = ts_money_fields(sc);
    for (size_t k = 0; k < nm; k++)
        money[k] = 0.0;
    sim->rep = rep;
    sim->visit = visit;
    sim->ctx = ctx;
    sim->money = money;
    ts_queue_reset(&sim->queue);
    if (sim->team) {
        ts_desk_reset(&sim->desk);
        sim->served_to = -sc->warmup_days;
        sim->last_day = sim->served_to - 1;
        sim->seq = 0;
        sim->n_held = sim->n_free = 0;
    }

    /* §14: the file's orders replace the pay days from its first one to day -1 */
    int32_t hist_from = sim->history ? ts_cont_first_day(sim->history) : 0;
    if (sim->history)
        ts_cont_run(sim->history, rep, visit, ctx);
    for (int32_t p = -sc->warmup_days; p < sc->days; p++) {
        if (p >= hist_from && p < 0)
            history_day(sim, p);
        else
            pay_day(sim, p);
        /* §13: every conversation arriving by day p is queued now (a later order is
           delivered, or refunded, after day p): serve them */
        if (sim->team)
            serve_until(sim, p);
    }
    /* §4.2: the queue runs on past the horizon until it is empty. */
    for (int32_t c = sc->days - 1 + sc->fulfilment.handling_days + 1;
         sim->capacity && !ts_queue_empty(&sim->queue); c++)
        queue_day(sim, c);
    if (sim->team)
        serve_until(sim, sim->last_day);

    money[TS_MONEY_AOV] = money[TS_MONEY_ORDERS] > 0.0
                              ? money[TS_MONEY_GROSS] / money[TS_MONEY_ORDERS] : (double)NAN;
    sim->visit = NULL;
    sim->ctx = NULL;
    sim->money = NULL;
}
