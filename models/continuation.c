/*
** continuation.c — the seller's own orders in a replication (docs/model.md §14):
** what the export shows happened by the end of day -1 is taken as fact, and
** what it does not show yet is drawn from the model conditional on the
** order's state then, from the order's own TS_MECH_HISTORY substream.
*/
#include "models.h"

#include <math.h>
#include <string.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_sf_gamma.h>

/* The day the export shows the shop up to (docs/model.md §14). */
#define ASOF (-1)

/*
** Fixed words of an order's TS_MECH_HISTORY substream (blocks 0..5): each
** decision reads its own word, so a variant changing one parameter keeps
** the order's other decisions on the same uniforms (docs/model.md §12).
*/
enum {
    HS_STOCKOUT,   /* not yet ready: Bern(stockout_prob) */
    HS_CARRIER,    /* an unknown carrier: by cumulative shares */
    HS_LOST,       /* in transit: lost given not delivered */
    HS_TRANSIT,    /* in transit: the truncated gamma's uniform */
    HS_FLAGS,      /* the latent flags from their posterior */
    HS_DISPUTE,    /* a dispute not yet due: Bern(noisy-or) */
    HS_COURSE,     /* 3 words: a new dispute's course (ts_dispute_course) */
    HS_BRANCH = 9, /* an open dispute: its remaining branch */
    HS_RULING,     /* an arbitrated dispute not yet ruled */
    HS_FEEDBACK,   /* feedback given none yet */
    HS_DELAY,      /* the delay given none yet */
    HS_SCORES,     /* 8 words: (low, stars) of the overall score and three DSR */
    HS_CONTACT = 21,
    HS_AGREE,
    HS_COUNT = 24
};
#define HS_BLOCKS (HS_COUNT / 4)

/* The latent flags (docs/model.md §14): quality, mismatch, slow reply; 8 combinations. */
#define LATENT 8
static const unsigned LATENT_MASK[LATENT] = {
    0,
    TS_FLAG_BIT(TS_FLAG_QUALITY),
    TS_FLAG_BIT(TS_FLAG_MISMATCH),
    TS_FLAG_BIT(TS_FLAG_QUALITY) | TS_FLAG_BIT(TS_FLAG_MISMATCH),
    TS_FLAG_BIT(TS_FLAG_SLOW_REPLY),
    TS_FLAG_BIT(TS_FLAG_QUALITY) | TS_FLAG_BIT(TS_FLAG_SLOW_REPLY),
    TS_FLAG_BIT(TS_FLAG_MISMATCH) | TS_FLAG_BIT(TS_FLAG_SLOW_REPLY),
    TS_FLAG_BIT(TS_FLAG_QUALITY) | TS_FLAG_BIT(TS_FLAG_MISMATCH) | TS_FLAG_BIT(TS_FLAG_SLOW_REPLY),
};

#define N_SCORES (1 + TS_DSR_COUNT)
/* The longest survival table of a carrier's transit days. */
#define STAB_MAX (2 * 3660)

/*
** An order's TS_MECH_HISTORY words, each block computed when first read. A
** probe (ts_cont_new) reads no stream: it only notes that a word was wanted,
** which tells an order whose every stage is a fact from one that draws.
*/
typedef struct {
    uint64_t seed, rep;
    int32_t day;
    uint32_t index;
    bool probe, used;
    double *surv;        /* the order's S(x) of §14 (in transit): computed by the probe, then read */
    uint8_t have;        /* bit b: block b is in w */
    uint32_t w[HS_COUNT];
} words;

static uint32_t word(words *z, int k)
{
    z->used = true;
    if (z->probe)
        return 0;
    int b = k / 4;
    if (!(z->have & (1u << b))) {
        ts_stream s;
        ts_stream_init(&s, z->seed, z->rep, z->day, TS_MECH_HISTORY, z->index);
        s.ctr[3] = (uint32_t)b; /* block b of the substream (sim/base/rng.c's counter layout) */
        uint32_t out[4];
        ts_rng_blocks++;
        ts_philox4x32(s.ctr, s.key, out);
        memcpy(z->w + 4 * b, out, sizeof out);
        z->have |= (uint8_t)(1u << b);
    }
    return z->w[k];
}

struct ts_cont {
    const ts_scenario *sc;
    const ts_orders *h;
    int8_t *carrier;      /* the export's carrier -> the scenario's, -1: none of that name */
    int8_t *gift;         /* likewise for gift tiers */
    double dispute_p[TS_FLAG_MASKS];
    double low_p[N_SCORES][TS_FLAG_MASKS];
    double *delay_cdf;    /* W entries (§7) */
    double star_cdf[3];
    double *carrier_cdf;
    double prior[LATENT]; /* P(latent flags) before any evidence */
    int32_t first_day;    /* the file's first pay day relative to start; 0 without orders */
    bool slow_event;      /* the rulebook has a slow_reply event: the flag always matters */
    bool reason_event;    /* it has a dispute_reason event: a disputed order's flags matter */
    ts_order *fixed;      /* per file order: the order when every stage is a fact */
    double *surv;         /* per file order: S(x) of a parcel in transit (§14) */
    double **stab;        /* per carrier with transit_sd > 0: S(d) = P(T > d), d = 0 .. stab_n - 1 */
    int32_t *stab_n;      /* the last entry is below every possible target (or 0, or day STAB_MAX) */
    uint8_t *is_fixed;
};

/* The latent flags of one order: their posterior weights, drawn when first needed. */
typedef struct {
    double wt[LATENT];
    unsigned known, mask;
    bool have;
} latent;

static int32_t rel(const ts_cont *c, ts_civil d)
{
    return d == TS_NO_DATE ? TS_NEVER : (int32_t)(d - c->sc->start);
}

static int8_t find_name(const char *name, const void *base, size_t n, size_t stride, size_t off)
{
    for (size_t k = 0; k < n; k++) {
        const char *x = *(char *const *)(const void *)((const char *)base + k * stride + off);
        if (x != NULL && strcmp(x, name) == 0)
            return (int8_t)k;
    }
    return -1;
}

static void continue_order(const ts_cont *c, const ts_hist_order *x, words *w, ts_order *o);
static void words_at(const ts_cont *c, uint64_t rep, int32_t day, size_t i, bool probe, words *z);

ts_cont *ts_cont_new(const ts_scenario *sc)
{
    ts_cont *c = ts_xcalloc(1, sizeof *c);
    c->sc = sc;
    c->h = &sc->history->orders;
    const ts_orders *h = c->h;
    c->carrier = ts_xcalloc(h->n_carriers + 1, 1);
    for (size_t i = 0; i < h->n_carriers; i++)
        c->carrier[i] = find_name(h->carriers[i], sc->fulfilment.carriers, sc->fulfilment.n_carriers,
                                  sizeof(ts_carrier), offsetof(ts_carrier, name));
    c->gift = ts_xcalloc(h->n_gift_tiers + 1, 1);
    for (size_t i = 0; i < h->n_gift_tiers; i++)
        c->gift[i] = find_name(h->gift_tiers[i], sc->gifts.tiers, sc->gifts.n_tiers,
                               sizeof(ts_gift_tier), offsetof(ts_gift_tier, name));
    ts_noisy_or_table(&sc->buyers.dispute, c->dispute_p);
    ts_noisy_or_table(&sc->buyers.negative_feedback, c->low_p[0]);
    for (int d = 0; d < TS_DSR_COUNT; d++)
        ts_noisy_or_table(&sc->buyers.low_dsr[d], c->low_p[1 + d]);
    int32_t w = sc->buyers.feedback_window_days;
    c->delay_cdf = ts_xcalloc((size_t)w, sizeof *c->delay_cdf);
    ts_feedback_delay_cdf(w, sc->buyers.feedback_delay_mean, c->delay_cdf);
    const double *lw = sc->buyers.low_star_weights;
    double lsum = lw[0] + lw[1] + lw[2];
    c->star_cdf[0] = lw[0] / lsum;
    c->star_cdf[1] = lw[2] > 0.0 ? (lw[0] + lw[1]) / lsum : 1.0;
    c->star_cdf[2] = 1.0;
    const ts_fulfilment *f = &sc->fulfilment;
    c->carrier_cdf = ts_xcalloc(f->n_carriers + 1, sizeof *c->carrier_cdf);
    double acc = 0.0;
    for (size_t k = 0; k < f->n_carriers; k++)
        c->carrier_cdf[k] = acc += f->carriers[k].share;
    for (size_t k = f->n_carriers; k-- > 0;) {
        c->carrier_cdf[k] = 1.0;
        if (f->carriers[k].share > 0.0)
            break;
    }
    /* §14: without a team the slow reply is the Bernoulli of §6; with one, a history
       order has no conversation in the team's queue and so no slow reply */
    double q = sc->product.quality_defect_prob, m = sc->product.description_mismatch_prob;
    double r = sc->service.team.present ? 0.0 : sc->service.slow_reply_prob;
    for (int l = 0; l < LATENT; l++)
        c->prior[l] = (l & 1 ? q : 1.0 - q) * (l & 2 ? m : 1.0 - m) * (l & 4 ? r : 1.0 - r);
    /* §14: each carrier's survival S(d) at whole days, for transit days without peak factors */
    /* the table ends where S falls below every target a draw can have: u >= 2^-33 (a uniform
       word's (w + 1/2) / 2^32) times S of the longest time on the way among the file's parcels */
    int32_t e_max = 0;
    for (size_t i = 0; i < h->n_orders; i++) {
        const ts_hist_order *x = &h->orders[i];
        if (x->dispatched != TS_NO_DATE && x->delivered == TS_NO_DATE && x->lost != 1 &&
            ASOF - rel(c, x->dispatched) > e_max)
            e_max = ASOF - rel(c, x->dispatched);
    }
    c->stab = ts_xcalloc(f->n_carriers + 1, sizeof *c->stab);
    c->stab_n = ts_xcalloc(f->n_carriers + 1, sizeof *c->stab_n);
    for (size_t k = 0; k < f->n_carriers; k++) {
        const ts_carrier *ca = &f->carriers[k];
        if (!(ca->transit_sd_days > 0.0))
            continue;
        double a = ca->transit_mean_days * ca->transit_mean_days / (ca->transit_sd_days * ca->transit_sd_days);
        double th = ca->transit_sd_days * ca->transit_sd_days / ca->transit_mean_days;
        double floor_s = ldexp(gsl_cdf_gamma_Q((double)e_max, a, th), -34);
        size_t cap = 64;
        double *t = ts_xcalloc(cap, sizeof *t);
        int32_t n = 0;
        for (int32_t d = 0; d < STAB_MAX; d++) {
            if ((size_t)n == cap) {
                cap *= 2;
                t = ts_xrealloc(t, cap * sizeof *t);
            }
            t[n++] = d == 0 ? 1.0 : gsl_cdf_gamma_Q((double)d, a, th);
            if (t[n - 1] <= 0.0 || (d > e_max && t[n - 1] < floor_s))
                break;
        }
        c->stab[k] = t;
        c->stab_n[k] = n;
    }
    c->first_day = h->n_orders > 0 ? rel(c, h->first_paid) : 0;
    for (size_t e = 0; e < sc->rules->n_events; e++) {
        c->slow_event |= sc->rules->events[e].kind == TS_EV_SLOW_REPLY;
        c->reason_event |= sc->rules->events[e].kind == TS_EV_DISPUTE_REASON;
    }
    /* an order whose every stage is a fact draws nothing: the same in every replication */
    c->fixed = ts_xcalloc(h->n_orders + 1, sizeof *c->fixed);
    c->is_fixed = ts_xcalloc(h->n_orders + 1, 1);
    c->surv = ts_xcalloc(h->n_orders + 1, sizeof *c->surv);
    for (size_t i = 0; i < h->n_orders; i++) {
        words z;
        words_at(c, 0, rel(c, h->orders[i].paid), i, true, &z);
        continue_order(c, &h->orders[i], &z, &c->fixed[i]);
        c->is_fixed[i] = !z.used;
    }
    return c;
}

void ts_cont_free(ts_cont *c)
{
    if (c == NULL)
        return;
    free(c->carrier);
    free(c->gift);
    free(c->delay_cdf);
    free(c->carrier_cdf);
    free(c->fixed);
    free(c->is_fixed);
    free(c->surv);
    for (size_t k = 0; c->stab != NULL && k < c->sc->fulfilment.n_carriers; k++)
        free(c->stab[k]);
    free(c->stab);
    free(c->stab_n);
    free(c);
}

int32_t ts_cont_first_day(const ts_cont *c)
{
    return c->first_day;
}

/*
** The transit time T > x of a Gamma(a, th) parcel from uniform u in (0, 1):
** the upper tail Q(T) = u Q(x) (docs/model.md §14), by Newton steps on
** Q(T) - target kept inside a bracket [lo, hi] that each step shrinks
** (bisection when a step would leave it). sx = Q(x) > 0.
*/
double ts_gamma_tail_quantile(double a, double th, double x, double sx, double u)
{
    double target = u * sx;
    /* start: Wilson-Hilferty, T/(a th) ~ (1 - 1/(9a) + z / sqrt(9a))^3 with P(Z > z) = target */
    double z = -ts_normal_quantile(target), k = 1.0 / (9.0 * a);
    double g = 1.0 - k + z * sqrt(k);
    double t = a * th * (g > 0.0 ? g * g * g : 0.0);
    double lo = x, hi = HUGE_VAL;
    if (!(t > lo))
        t = lo > 0.0 ? lo * (1.0 + 1e-6) + 1e-12 : a * th;
    double lnorm = gsl_sf_lngamma(a) + a * log(th);
    for (int it = 0; it < 200; it++) {
        double qt = gsl_cdf_gamma_Q(t, a, th) - target;
        if (fabs(qt) <= 1e-12 * target)
            return t;
        if (qt > 0.0)
            lo = t; /* Q decreasing: the root is above t */
        else
            hi = t;
        /* Halley's step on f(t) = Q(t) - target: f' = -density, f'' = density ((a - 1)/t - 1/th) */
        double dens = exp((a - 1.0) * log(t) - t / th - lnorm);
        double next;
        if (dens > 0.0 && isfinite(dens)) {
            double newton = qt / dens; /* -f/f' */
            double corr = 1.0 + 0.5 * newton * ((a - 1.0) / t - 1.0 / th);
            next = t + (corr > 0.5 && corr < 2.0 ? newton / corr : newton);
        } else {
            next = hi < HUGE_VAL ? 0.5 * (lo + hi) : 2.0 * t;
        }
        if (!(next > lo && next < hi))
            next = hi < HUGE_VAL ? 0.5 * (lo + hi) : 2.0 * t;
        if (fabs(next - t) <= 1e-14 * t || (hi < HUGE_VAL && hi - lo <= 1e-14 * hi))
            return next;
        t = next;
    }
    return t;
}

/* Pick the latent flags from weights wt[LATENT] (not all 0) by uniform u. */
static unsigned pick_latent(const double *wt, double u)
{
    double sum = 0.0;
    for (int l = 0; l < LATENT; l++)
        sum += wt[l];
    double acc = 0.0, x = u * sum;
    int last = 0;
    for (int l = 0; l < LATENT; l++) {
        if (wt[l] <= 0.0)
            continue;
        last = l;
        acc += wt[l];
        if (x < acc)
            return LATENT_MASK[l];
    }
    return LATENT_MASK[last];
}

/* Whether latent combination l agrees with a dispute reason (the export's rule, docs/data-format.md). */
static bool reason_fits(int l, int reason)
{
    bool q = l & 1, m = l & 2;
    switch (reason) {
    case TS_REASON_NOT_AS_DESCRIBED:
        return m;
    case TS_REASON_QUALITY:
        return !m && q;
    case TS_REASON_OTHER:
        return !m && !q;
    default:
        return true;
    }
}

/*
** docs/model.md §14: an open dispute (opened on day op <= -1, not closed by
** day -1): its remaining course given what the export shows.
*/
static void open_dispute(const ts_cont *c, const ts_hist_order *x, int32_t op, words *w,
                         ts_order *o)
{
    const ts_service *sv = &c->sc->service;
    double r = sv->dispute_reply_prob, a = sv->arbitration_prob;
    int32_t arb = rel(c, x->arbitration);
    if (arb != TS_NEVER) { /* escalated: the ruling is still to come */
        int32_t ruling = arb + sv->ruling_days;
        if (ruling <= ASOF)
            ruling = ASOF + 1;
        o->event_day[TS_EV_ARBITRATION] = arb;
        if (ts_u01(word(w, HS_RULING)) < sv->seller_responsible_prob)
            o->event_day[TS_EV_SELLER_RESPONSIBLE] = ruling;
        o->end = ruling;
        return;
    }
    bool arb_shown = c->h->has[TS_COL_ARBITRATION_AT];
    double wt[3] = {
        x->replied != 1 && op + 5 > ASOF ? 1.0 - r : 0.0,                            /* no reply */
        x->replied != 0 && op + sv->close_days > ASOF ? r * (1.0 - a) : 0.0,          /* closes */
        x->replied != 0 && (arb_shown ? op + sv->escalation_days > ASOF
                                      : op + sv->escalation_days + sv->ruling_days > ASOF)
            ? r * a : 0.0,                                                           /* escalates */
    };
    double sum = wt[0] + wt[1] + wt[2];
    int b;
    if (!(sum > 0.0)) { /* overdue by the model: it closes on day 0 the way the file points */
        b = x->replied == 0 ? 0 : 1;
        if (b == 0)
            o->event_day[TS_EV_DISPUTE_NO_REPLY] = op + 5;
        o->end = ASOF + 1;
        return;
    }
    double u = ts_u01(word(w, HS_BRANCH)) * sum;
    b = u < wt[0] ? 0 : u < wt[0] + wt[1] ? 1 : 2;
    if (b == 2 && wt[2] <= 0.0)
        b = wt[1] > 0.0 ? 1 : 0;
    if (b == 1 && wt[1] <= 0.0)
        b = 0;
    if (b == 0) {
        o->event_day[TS_EV_DISPUTE_NO_REPLY] = op + 5;
        o->end = op + 5 > ASOF ? op + 5 : ASOF + 1;
    } else if (b == 1) {
        o->end = op + sv->close_days;
    } else {
        int32_t e = op + sv->escalation_days;
        if (e <= ASOF)
            e = ASOF + 1; /* not shown: it cannot have happened yet */
        int32_t ruling = e + sv->ruling_days;
        o->event_day[TS_EV_ARBITRATION] = e;
        if (ts_u01(word(w, HS_RULING)) < sv->seller_responsible_prob)
            o->event_day[TS_EV_SELLER_RESPONSIBLE] = ruling;
        o->end = ruling;
    }
}

/*
** docs/model.md §14, §7-§8: the feedback of a delivered, not arbitrated order
** whose end day is o->end, under review flags review.
*/
static unsigned latent_mask(const ts_cont *c, latent *lt, ts_order *o, words *w, int32_t contact);
static unsigned review_mask(const ts_cont *c, latent *lt, ts_order *o, words *w, int32_t contact);

static void feedback(const ts_cont *c, const ts_hist_order *x, ts_order *o, latent *lt,
                     int32_t contact, words *w)
{
    const ts_scenario *sc = c->sc;
    const ts_buyers *b = &sc->buyers;
    int32_t win = b->feedback_window_days;
    bool automatic = sc->service.feedback_reply == TS_REPLY_AUTO;
    int32_t left = rel(c, x->feedback);
    bool drawn_scores = true;
    if (left != TS_NEVER) { /* a fact */
        if (x->stars >= 1) {
            o->stars = x->stars;
            for (int d = 0; d < TS_DSR_COUNT; d++)
                o->dsr[d] = x->dsr[d] >= 1 ? x->dsr[d] : 5;
            drawn_scores = false;
        }
    } else {
        int32_t k = ASOF - o->end; /* days after the end without feedback: D > k */
        double f = b->feedback_prob;
        if (k >= win)
            return;
        double u = ts_u01(word(w, HS_DELAY));
        if (k >= 1) {
            double s = 1.0 - c->delay_cdf[k - 1]; /* P(D > k) */
            double pf = f * s / (1.0 - f + f * s);
            if (!(ts_u01(word(w, HS_FEEDBACK)) < pf))
                return;
            u = c->delay_cdf[k - 1] + u * s; /* D given D > k by the inverse CDF */
            if (!(u < 1.0))
                u = nextafter(1.0, 0.0);
        } else if (!(ts_u01(word(w, HS_FEEDBACK)) < f)) {
            return;
        }
        left = o->end + ts_cdf_pick(c->delay_cdf, win, u);
    }
    if (drawn_scores) {
        unsigned review = review_mask(c, lt, o, w, contact);
        double keep = o->gift_tier >= 0 ? 1.0 - sc->gifts.tiers[o->gift_tier].satisfaction : 1.0;
        uint8_t st[N_SCORES];
        for (int j = 0; j < N_SCORES; j++) {
            bool low = ts_u01(word(w, HS_SCORES + 2 * j)) < c->low_p[j][review] * keep;
            st[j] = ts_feedback_stars(low, ts_u01(word(w, HS_SCORES + 2 * j + 1)), c->star_cdf,
                                      b->five_star_share);
        }
        o->stars = st[0];
        for (int d = 0; d < TS_DSR_COUNT; d++)
            o->dsr[d] = st[1 + d];
    }
    o->feedback_left = left;
    o->feedback_day = automatic ? o->end + win : left;

    /* §8: a revision is shown on its day; one not shown by day -1 is still to come or never */
    int32_t rv_day = rel(c, x->revised);
    if (rv_day != TS_NEVER) {
        o->revision_day = rv_day;
        return;
    }
    const ts_revision *rv = &sc->service.revision;
    if (o->stars <= 3 && rv->contact_prob > 0.0 && o->feedback_day + rv->delay_days > ASOF) {
        double success = rv->success_prob * (automatic ? rv->auto_success_factor : 1.0);
        if (ts_u01(word(w, HS_CONTACT)) < rv->contact_prob && ts_u01(word(w, HS_AGREE)) < success)
            o->revision_day = o->feedback_day + rv->delay_days;
    }
}

/* The order's §6 flags: the known ones and the latent ones drawn from their posterior (once). */
static unsigned latent_mask(const ts_cont *c, latent *lt, ts_order *o, words *w, int32_t contact)
{
    if (lt->have)
        return lt->mask;
    bool lost = lt->known & TS_FLAG_BIT(TS_FLAG_LOST);
    unsigned m = lt->known | pick_latent(lt->wt, ts_u01(word(w, HS_FLAGS)));
    if (lost)
        m &= lt->known | TS_FLAG_BIT(TS_FLAG_SLOW_REPLY);
    if (m & TS_FLAG_BIT(TS_FLAG_QUALITY))
        o->flags |= TS_ORDER_QUALITY;
    if (m & TS_FLAG_BIT(TS_FLAG_MISMATCH))
        o->flags |= TS_ORDER_MISMATCH;
    if (m & TS_FLAG_BIT(TS_FLAG_SLOW_REPLY)) {
        o->flags |= TS_ORDER_SLOW_REPLY;
        o->slow_reply_day = contact + 1; /* §6: known the day after the buyer's contact */
    }
    (void)c;
    lt->mask = m;
    lt->have = true;
    return m;
}

/* The review flags of §7: the order's flags without lost, with disputed when it was. */
static unsigned review_mask(const ts_cont *c, latent *lt, ts_order *o, words *w, int32_t contact)
{
    unsigned review = latent_mask(c, lt, o, w, contact) & ~TS_FLAG_BIT(TS_FLAG_LOST);
    if (o->flags & TS_ORDER_DISPUTED)
        review |= TS_FLAG_BIT(TS_FLAG_DISPUTED);
    return review;
}

/*
** docs/model.md §14: order x (the file's i-th) in replication rep: the facts,
** then the continuation.
*/
static void continue_order(const ts_cont *c, const ts_hist_order *x, words *w, ts_order *o)
{
    const ts_scenario *sc = c->sc;
    const ts_fulfilment *f = &sc->fulfilment;
    int32_t p = rel(c, x->paid);
    
    o->pay = p;
    o->end = o->dispatch = o->delivery = TS_NEVER;
    for (int k = 0; k < TS_EV_FEEDBACK; k++)
        o->event_day[k] = TS_NEVER;
    o->feedback_day = o->feedback_left = o->revision_day = o->slow_reply_day = TS_NEVER;
    o->value = x->value;
    o->gift_tier = x->gift_tier >= 0 ? c->gift[x->gift_tier] : -1;
    o->carrier = -1;
    o->stars = 0;
    for (int d = 0; d < TS_DSR_COUNT; d++)
        o->dsr[d] = 0;
    o->flags = 0;

    /* §4.1-§4.2: closed unshipped, or not yet shipped */
    int32_t closed = rel(c, x->closed_unshipped);
    int32_t s_day = rel(c, x->dispatched);
    if (closed == TS_NEVER && s_day == TS_NEVER) {
        int32_t ready = p + f->handling_days;
        if (ready > ASOF) { /* its stock-out is not decided yet */
            if (ts_u01(word(w, HS_STOCKOUT)) < f->stockout_prob)
                closed = ready;
            else
                s_day = ready;
        } else if (p + f->ship_deadline_days > ASOF) { /* ready, still within the deadline */
            s_day = ASOF + 1;
        } else { /* past the deadline: closed the first day the file does not show */
            closed = ASOF + 1;
        }
    }
    if (closed != TS_NEVER) {
        o->end = closed;
        o->event_day[TS_EV_NOT_SHIPPED] = closed;
        return;
    }

    /* §4.3, §16: carrier (the file's when the scenario knows it) and the lane's promise */
    int k = x->carrier >= 0 ? c->carrier[x->carrier] : -1;
    if (k < 0) {
        double uc = ts_u01(word(w, HS_CARRIER));
        k = 0;
        while ((size_t)k + 1 < f->n_carriers && !(uc < c->carrier_cdf[k]))
            k++;
    }
    const ts_carrier *ca = &f->carriers[k];
    int32_t promised = p + (x->promised_days > 0 ? x->promised_days : ca->promised_delivery_days);
    o->flags |= TS_ORDER_DISPATCHED;
    o->dispatch = s_day;
    o->carrier = (int8_t)k;
    if ((int64_t)s_day > (int64_t)p + f->late_after_days)
        o->event_day[TS_EV_LATE_DISPATCH] = s_day;

    /* delivered, lost, or in transit for e = -1 - s days (§14) */
    bool lost = x->lost == 1;
    int32_t dlv = rel(c, x->delivered);
    if (!lost && dlv == TS_NEVER) {
        int32_t e = ASOF - s_day; /* not delivered by day -1: transit days D > e */
        double phi = ts_transit_factor(sc, s_day);
        double mean = ca->transit_mean_days, sd = ca->transit_sd_days;
        double a = sd > 0.0 ? mean * mean / (sd * sd) : 0.0, th = sd > 0.0 ? sd * sd / mean : 0.0;
        double xt = e >= 1 ? (double)e / phi : 0.0; /* D > e <=> phi T > e for e >= 1 */
        const double *tab = phi == 1.0 ? c->stab[k] : NULL;
        int32_t tn = tab ? c->stab_n[k] : 0;
        double surv = 1.0;
        if (e >= 1 && tab != NULL)
            surv = e < tn ? tab[e] : 0.0;
        else if (e >= 1 && w->probe) /* the same in every replication: computed once */
            *w->surv = sd > 0.0 ? gsl_cdf_gamma_Q(xt, a, th) : (mean > xt ? 1.0 : 0.0);
        if (e >= 1 && tab == NULL)
            surv = *w->surv;
        double l = ca->lost_prob;
        /* the export shows a lost parcel once the promise has passed (docs/data-format.md) */
        if (c->h->has[TS_COL_LOST] && promised <= ASOF)
            l = 0.0;
        double pl = l > 0.0 ? l / (l + (1.0 - l) * surv) : 0.0;
        if (ts_u01(word(w, HS_LOST)) < pl) {
            lost = true;
        } else if (!(surv > 0.0)) { /* overdue by the model: delivered on day 0 */
            dlv = ASOF + 1;
        } else if (tab != NULL) {
            /* D = max(1, ceil(T)) for T = S^-1(u S(x)): the first day d > e with S(d) <= u S(x)
               (T <= d <=> S(T) >= S(d)), by bisection in the carrier's table */
            double target = ts_u01_pos(word(w, HS_TRANSIT)) * surv;
            int32_t lo = e, hi = tn - 1; /* S(lo) > target; S(hi) <= target unless the table is cut */
            if (lo < 0)
                lo = 0;
            while (hi - lo > 1) {
                int32_t mid = lo + (hi - lo) / 2;
                if (tab[mid] <= target)
                    hi = mid;
                else
                    lo = mid;
            }
            dlv = s_day + (hi >= 1 ? hi : 1);
            if (dlv <= ASOF)
                dlv = ASOF + 1;
        } else {
            double t = mean;
            if (sd > 0.0)
                t = ts_gamma_tail_quantile(a, th, xt, surv, ts_u01_pos(word(w, HS_TRANSIT)));
            dlv = s_day + ts_transit_days(t * phi);
            if (dlv <= ASOF)
                dlv = ASOF + 1;
        }
    }

    unsigned known = 0;
    if (lost) {
        o->flags |= TS_ORDER_LOST;
        o->event_day[TS_EV_LOST] = promised;
        known |= TS_FLAG_BIT(TS_FLAG_LOST);
    } else {
        o->delivery = dlv;
        if (dlv > promised) {
            o->flags |= TS_ORDER_LATE;
            o->event_day[TS_EV_LATE_DELIVERY] = dlv;
            known |= TS_FLAG_BIT(TS_FLAG_LATE);
        }
    }

    /* §6: the dispute, a fact once its day has passed */
    int32_t due = lost ? promised : dlv + sc->buyers.dispute_open_delay_days;
    int32_t op = rel(c, x->dispute_opened);
    int dispute = op != TS_NEVER ? 1 : due <= ASOF ? 0 : -1; /* -1: still to be drawn */

    /* the latent flags given the evidence (Bayes), drawn when a decision needs them */
    latent lt = {.known = known};
    bool any = false;
    for (int l = 0; l < LATENT; l++) {
        unsigned m = lost ? LATENT_MASK[l] & TS_FLAG_BIT(TS_FLAG_SLOW_REPLY) : LATENT_MASK[l];
        double v = c->prior[l];
        if (dispute == 1)
            v *= c->dispute_p[known | m] * (lost || reason_fits(l, x->reason) ? 1.0 : 0.0);
        else if (dispute == 0)
            v *= 1.0 - c->dispute_p[known | m];
        lt.wt[l] = v;
        any |= v > 0.0;
    }
    if (!any) /* the evidence is impossible under the scenario: the prior */
        memcpy(lt.wt, c->prior, sizeof lt.wt);
    int32_t contact = lost ? promised : dlv;
    if (c->slow_event)
        latent_mask(c, &lt, o, w, contact);

    if (dispute == -1)
        dispute = ts_u01(word(w, HS_DISPUTE)) < c->dispute_p[latent_mask(c, &lt, o, w, contact)] ? 2 : 0; /* 2: a new one on its day */
    bool arbitrated = false;
    if (dispute > 0 && c->reason_event) /* the rule reads the flags of a disputed order */
        latent_mask(c, &lt, o, w, contact);
    if (dispute > 0) {
        o->flags |= TS_ORDER_DISPUTED;
        if (dispute == 2) {
            double du[3] = {ts_u01(word(w, HS_COURSE)), ts_u01(word(w, HS_COURSE + 1)), ts_u01(word(w, HS_COURSE + 2))};
            ts_dispute d = ts_dispute_course(&sc->service, due, du);
            o->event_day[TS_EV_DISPUTE] = d.open;
            o->event_day[TS_EV_DISPUTE_NO_REPLY] = d.no_reply;
            o->event_day[TS_EV_ARBITRATION] = d.arbitration;
            o->event_day[TS_EV_SELLER_RESPONSIBLE] = d.responsible;
            o->end = d.close;
        } else {
            o->event_day[TS_EV_DISPUTE] = op;
            int32_t cl = rel(c, x->dispute_closed);
            if (cl != TS_NEVER) { /* closed: every stage is a fact */
                if (x->replied == 0)
                    o->event_day[TS_EV_DISPUTE_NO_REPLY] = op + 5 < cl ? op + 5 : cl;
                o->event_day[TS_EV_ARBITRATION] = rel(c, x->arbitration);
                if (x->ruling == 1)
                    o->event_day[TS_EV_SELLER_RESPONSIBLE] = cl;
                o->end = cl;
            } else {
                open_dispute(c, x, op, w, o);
            }
        }
        arbitrated = o->event_day[TS_EV_ARBITRATION] != TS_NEVER;
    } else {
        o->end = lost ? promised : dlv + f->confirm_days;
    }

    if (x->feedback != TS_NO_DATE || (!lost && !arbitrated))
        feedback(c, x, o, &lt, contact, w);
}

/* The words of order i (paid on day) in replication rep; probe: only note that one is read. */
static void words_at(const ts_cont *c, uint64_t rep, int32_t day, size_t i, bool probe, words *z)
{
    z->seed = c->sc->seed;
    z->rep = rep;
    z->day = day;
    z->index = (uint32_t)i;
    z->probe = probe;
    z->surv = &c->surv[i];
    z->used = false;
    z->have = 0;
}

void ts_cont_run(const ts_cont *c, uint64_t rep, ts_order_visitor visit, void *ctx)
{
    const ts_orders *h = c->h;
    for (size_t i = 0; i < h->n_orders; i++) {
        if (c->is_fixed[i]) {
            visit(&c->fixed[i], ctx);
            continue;
        }
        ts_order o;
        words z;
        words_at(c, rep, rel(c, h->orders[i].paid), i, false, &z);
        continue_order(c, &h->orders[i], &z, &o);
        visit(&o, ctx);
    }
}
