/*
** world.c — one replication of the simulated world (MODEL.md §2-§9): pay
** days in order, each order's life from payment to feedback, and money.
*/
#include "models.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_errno.h>

/* The number of score kinds with a low-probability table: overall + DSR. */
#define N_SCORES (1 + TS_DSR_COUNT)

struct ts_sim {
    const ts_scenario *sc;          /* borrowed; outlives the workspace */
    gsl_rng *rng;                   /* GSL distributions, positioned per substream */
    double dispute_p[TS_FLAG_MASKS];/* §6 noisy-or by flag mask */
    double low_p[N_SCORES][TS_FLAG_MASKS]; /* §7: overall, description, communication, shipping */
    double *delay_cdf;              /* §7: W entries */
    double star_cdf[3];             /* §7: cumulative low_star_weights */
    double *carrier_cdf;            /* §4.3: cumulative shares, last = 1 */
    double *gift_cost;              /* §9: cost + weight_g/1000 x shipping_cost_per_kg */
    bool peak_transit;              /* some peak has transit_factor != 1 */
    bool capacity;                  /* capacity_per_day set: orders queue */
    ts_queue queue;
    ts_pending *cohort;             /* one pay day's queued orders */
    size_t cohort_cap;
    /* the replication being run */
    uint64_t rep;
    ts_order_visitor visit;
    void *ctx;
    double *money;
};


ts_sim *ts_sim_new(const ts_scenario *sc)
{
    gsl_set_error_handler_off();
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

    for (size_t i = 0; i < sc->volume.n_events; i++)
        if (sc->volume.events[i].transit_factor != 1.0)
            sim->peak_transit = true;

    sim->capacity = f->capacity_per_day >= 0;
    ts_queue_init(&sim->queue, f->handling_days, f->ship_deadline_days,
                  sim->capacity ? f->capacity_per_day : 0);
    return sim;
}

void ts_sim_free(ts_sim *sim)
{
    if (sim == NULL)
        return;
    gsl_rng_free(sim->rng);
    free(sim->delay_cdf);
    free(sim->carrier_cdf);
    free(sim->gift_cost);
    ts_queue_release(&sim->queue);
    free(sim->cohort);
    free(sim);
}

/* The TS_MECH_ORDER slots of an order (models.h TS_SLOT_*): two Philox blocks. */
static void order_uniforms(const ts_sim *sim, int32_t pay, uint32_t index, double u[TS_SLOT_COUNT])
{
    ts_stream s;
    ts_stream_init(&s, sim->sc->seed, sim->rep, pay, TS_MECH_ORDER, index);
    for (int b = 0; b < TS_SLOT_COUNT; b += 4) {
        ts_stream_refill(&s); /* the whole block: slots b .. b+3 */
        for (int k = 0; k < 4; k++)
            u[b + k] = (double)s.buf[k] * (1.0 / 4294967296.0);
    }
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
    o->revision_day = TS_NEVER;
    o->value = pd->value;
    o->gift_tier = pd->gift_tier;
    o->stars = 0;
    for (int d = 0; d < TS_DSR_COUNT; d++)
        o->dsr[d] = 0;
    o->flags = pd->topup ? TS_ORDER_TOPUP : 0;
}

/* MODEL.md §4.1-§4.2, §7: an order closed unshipped on day close (its end day). */
static void finish_unshipped(ts_sim *sim, const ts_pending *pd, int32_t close)
{
    ts_order o;
    order_start(&o, pd);
    o.end = close;
    o.event_day[TS_EV_NOT_SHIPPED] = close;
    sim->visit(&o, sim->ctx);
}

/* MODEL.md §7-§8: feedback of a delivered order whose dispute (if any) was not arbitrated. */
static void feedback(ts_sim *sim, ts_order *o, uint32_t index, unsigned review_mask)
{
    const ts_scenario *sc = sim->sc;
    const ts_buyers *b = &sc->buyers;
    ts_stream fs;
    ts_stream_init(&fs, sc->seed, sim->rep, o->pay, TS_MECH_FEEDBACK, index);
    double f[12];
    f[0] = ts_stream_uniform(&fs);
    if (!(f[0] < b->feedback_prob))
        return;
    for (int k = 1; k < 12; k++)
        f[k] = ts_stream_uniform(&fs);
    int32_t w = b->feedback_window_days;
    int32_t delay = ts_cdf_pick(sim->delay_cdf, w, f[1]);
    double keep = o->gift_tier >= 0 ? 1.0 - sc->gifts.tiers[o->gift_tier].satisfaction : 1.0;
    uint8_t stars[N_SCORES];
    for (int j = 0; j < N_SCORES; j++) {
        bool low = f[2 + 2 * j] < sim->low_p[j][review_mask] * keep;
        stars[j] = ts_feedback_stars(low, f[3 + 2 * j], sim->star_cdf, b->five_star_share);
    }
    o->stars = stars[0];
    for (int d = 0; d < TS_DSR_COUNT; d++)
        o->dsr[d] = stars[1 + d];
    bool automatic = sc->service.feedback_reply == TS_REPLY_AUTO;
    o->feedback_day = automatic ? o->end + w : o->end + delay;

    const ts_revision *rv = &sc->service.revision;
    if (o->stars <= 3 && rv->contact_prob > 0.0) {
        ts_stream rs;
        ts_stream_init(&rs, sc->seed, sim->rep, o->pay, TS_MECH_REVISION, index);
        double contact = ts_stream_uniform(&rs), agree = ts_stream_uniform(&rs);
        double success = rv->success_prob * (automatic ? rv->auto_success_factor : 1.0);
        if (contact < rv->contact_prob && agree < success)
            o->revision_day = o->feedback_day + rv->delay_days;
    }
}

/* MODEL.md §4.3-§8: an order dispatched on day s, with its TS_MECH_ORDER slots u. */
static void finish_shipped(ts_sim *sim, const ts_pending *pd, int32_t s,
                           const double u[TS_SLOT_COUNT])
{
    const ts_scenario *sc = sim->sc;
    const ts_fulfilment *f = &sc->fulfilment;
    int32_t p = pd->pay;
    ts_order o;
    order_start(&o, pd);
    o.flags |= TS_ORDER_DISPATCHED;
    o.dispatch = s;
    if (p >= 0 && pd->gift_tier >= 0) {
        sim->money[TS_MONEY_GIFT_COST] += sim->gift_cost[pd->gift_tier];
        sim->money[TS_MONEY_FIXED_FIELDS + (size_t)pd->gift_tier] += 1.0;
    }
    if ((int64_t)s > (int64_t)p + f->late_after_days)
        o.event_day[TS_EV_LATE_DISPATCH] = s;

    size_t k = 0;
    while (k + 1 < f->n_carriers && !(u[TS_SLOT_CARRIER] < sim->carrier_cdf[k]))
        k++;
    const ts_carrier *car = &f->carriers[k];
    int32_t promised = p + f->promised_delivery_days;

    unsigned mask = 0; /* ts_flag bits of §6 */
    bool lost = u[TS_SLOT_LOST] < car->lost_prob;
    if (lost) {
        o.flags |= TS_ORDER_LOST;
        o.event_day[TS_EV_LOST] = promised;
        mask |= TS_FLAG_BIT(TS_FLAG_LOST);
    } else {
        double t = ts_transit_draw(positioned(sim, p, TS_MECH_TRANSIT, pd->index), car);
        if (sim->peak_transit)
            t *= ts_transit_factor(sc, s);
        o.delivery = s + ts_transit_days(t);
        if (o.delivery > promised) {
            o.flags |= TS_ORDER_LATE;
            o.event_day[TS_EV_LATE_DELIVERY] = o.delivery;
            mask |= TS_FLAG_BIT(TS_FLAG_LATE);
        }
        if (u[TS_SLOT_QUALITY] < sc->product.quality_defect_prob) {
            o.flags |= TS_ORDER_QUALITY;
            mask |= TS_FLAG_BIT(TS_FLAG_QUALITY);
        }
        if (u[TS_SLOT_MISMATCH] < sc->product.description_mismatch_prob) {
            o.flags |= TS_ORDER_MISMATCH;
            mask |= TS_FLAG_BIT(TS_FLAG_MISMATCH);
        }
    }
    if (u[TS_SLOT_SLOW_REPLY] < sc->service.slow_reply_prob) {
        o.flags |= TS_ORDER_SLOW_REPLY;
        mask |= TS_FLAG_BIT(TS_FLAG_SLOW_REPLY);
    }

    bool arbitrated = false;
    if (u[TS_SLOT_DISPUTE] < sim->dispute_p[mask]) {
        o.flags |= TS_ORDER_DISPUTED;
        int32_t open = lost ? promised : o.delivery + sc->buyers.dispute_open_delay_days;
        ts_stream ds;
        ts_stream_init(&ds, sc->seed, sim->rep, p, TS_MECH_DISPUTE, pd->index);
        double du[3];
        for (int j = 0; j < 3; j++)
            du[j] = ts_stream_uniform(&ds);
        ts_dispute d = ts_dispute_course(&sc->service, open, du);
        o.event_day[TS_EV_DISPUTE] = d.open;
        o.event_day[TS_EV_DISPUTE_NO_REPLY] = d.no_reply;
        o.event_day[TS_EV_ARBITRATION] = d.arbitration;
        o.event_day[TS_EV_SELLER_RESPONSIBLE] = d.responsible;
        arbitrated = d.arbitration != TS_NEVER;
        o.end = d.close; /* §7: disputed -> the dispute's close day */
    } else {
        o.end = lost ? promised : o.delivery + f->confirm_days;
    }

    if (!lost && !arbitrated) {
        unsigned review = mask & ~TS_FLAG_BIT(TS_FLAG_LOST);
        if (o.flags & TS_ORDER_DISPUTED)
            review |= TS_FLAG_BIT(TS_FLAG_DISPUTED);
        feedback(sim, &o, pd->index, review);
    }
    sim->visit(&o, sim->ctx);
}

/* MODEL.md §4.2: run queue day c and finish the orders that leave it. */
static void queue_day(ts_sim *sim, int32_t c)
{
    ts_queue *q = &sim->queue;
    ts_queue_day(q, c);
    double u[TS_SLOT_COUNT];
    for (size_t i = 0; i < q->n_dispatched; i++) {
        const ts_pending *pd = &q->dispatched[i];
        order_uniforms(sim, pd->pay, pd->index, u);
        finish_shipped(sim, pd, c, u);
    }
    for (size_t i = 0; i < q->n_unshipped; i++)
        finish_unshipped(sim, &q->unshipped[i], c + 1);
}

/* MODEL.md §2-§3: the orders paid on day p. */
static void pay_day(ts_sim *sim, int32_t p)
{
    const ts_scenario *sc = sim->sc;
    const ts_gifts *g = &sc->gifts;
    int32_t ready = p + sc->fulfilment.handling_days;
    uint32_t n = ts_volume_draw(positioned(sim, p, TS_MECH_VOLUME, 0), ts_volume_mean(sc, p),
                                sc->volume.dispersion);
    if (sim->capacity && n > sim->cohort_cap) {
        sim->cohort_cap = (size_t)n * 2;
        sim->cohort = ts_xrealloc(sim->cohort, sim->cohort_cap * sizeof *sim->cohort);
    }
    bool active = ts_gifts_active(g, p);
    size_t queued = 0;
    double u[TS_SLOT_COUNT];
    for (uint32_t i = 0; i < n; i++) {
        order_uniforms(sim, p, i, u);
        ts_pending pd;
        pd.value = ts_order_value_draw(positioned(sim, p, TS_MECH_VALUE, i), &sc->order_value);
        pd.pay = p;
        pd.index = i;
        pd.gift_tier = -1;
        pd.topup = 0;
        if (active) {
            double t = ts_gift_topup_target(g, pd.value);
            if (t > 0.0 && u[TS_SLOT_TOPUP] < g->topup_prob) {
                pd.value = t;
                pd.topup = 1;
            }
            pd.gift_tier = (int8_t)ts_gift_tier_of(g, pd.value);
        }
        if (p >= 0) {
            sim->money[TS_MONEY_ORDERS] += 1.0;
            sim->money[TS_MONEY_GROSS] += pd.value;
            sim->money[TS_MONEY_TOPUPS] += pd.topup;
        }
        if (u[TS_SLOT_STOCKOUT] < sc->fulfilment.stockout_prob)
            finish_unshipped(sim, &pd, ready); /* §4.1: closed on p + handling_days */
        else if (!sim->capacity)
            finish_shipped(sim, &pd, ready, u); /* §4.2: dispatched on its ready day */
        else
            sim->cohort[queued++] = pd;
    }
    if (sim->capacity) {
        ts_stream qs;
        ts_stream_init(&qs, sc->seed, sim->rep, p, TS_MECH_QUEUE, 0);
        ts_queue_add(&sim->queue, p, sim->cohort, queued, &qs);
        queue_day(sim, ready);
    }
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

    for (int32_t p = -sc->warmup_days; p < sc->days; p++)
        pay_day(sim, p);
    /* §4.2: the queue runs on past the horizon until it is empty. */
    for (int32_t c = sc->days - 1 + sc->fulfilment.handling_days + 1;
         sim->capacity && !ts_queue_empty(&sim->queue); c++)
        queue_day(sim, c);

    money[TS_MONEY_AOV] = money[TS_MONEY_ORDERS] > 0.0
                              ? money[TS_MONEY_GROSS] / money[TS_MONEY_ORDERS] : (double)NAN;
    sim->visit = NULL;
    sim->ctx = NULL;
    sim->money = NULL;
}
