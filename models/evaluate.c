/*
** evaluate.c — rule evaluation of one replication (docs/rulebooks.md, docs/model.md
** §11): one pass over the orders fills int64 difference arrays over the
** horizon days; a prefix sum then gives every metric as of every day.
*/
#include "evaluate.h"

#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* A half-open day interval [lo, hi); hi = INT64_MAX means "for ever". */
typedef struct {
    int64_t lo, hi;
} span;

#define FOREVER INT64_MAX

/*
** Difference-array slots, each days + 1 int64 wide:
**   0                        assessed orders (rulebook window)
**   1 .. n_events            orders with rule event k true (rulebook window)
**   1 + n_events + 2m        metric m numerator
**   1 + n_events + 2m + 1    metric m denominator
*/
struct ts_eval {
    const ts_rulebook *rb;     /* borrowed from the scenario */
    const int32_t *evals;      /* borrowed: evaluation days, sorted */
    size_t n_eval;
    int32_t days;
    size_t width;              /* days + 1 */
    size_t n_slots;
    int64_t *diff;             /* [n_slots][width] */
    int64_t *run;              /* [n_slots] running sums, used by finish */
    span *ev;                  /* [n_events] an order's event spans */
    span *tmp;                 /* [n_events] scratch for unions */
    uint64_t *metric_events;   /* [n_metrics] event_bit of the events a metric lists */
};

/*
** An order's events as a bit mask, to skip at once the (usual) orders with
** none of a metric's events: bit k for event k < 63, bit 63 for every event
** from 63 on (a mask only says "maybe some", never "none" wrongly).
*/
static uint64_t event_bit(size_t k)
{
    return (uint64_t)1 << (k < 63 ? k : 63);
}

ts_eval *ts_eval_new(const ts_scenario *sc)
{
    assert(sc != NULL && sc->rules != NULL && sc->days >= 1);
    ts_eval *ev = ts_xcalloc(1, sizeof *ev);
    ev->rb = sc->rules;
    ev->evals = sc->evaluations;
    ev->n_eval = sc->n_evaluations;
    ev->days = sc->days;
    ev->width = (size_t)sc->days + 1;
    ev->n_slots = 1 + ev->rb->n_events + 2 * ev->rb->n_metrics;
    ev->diff = ts_xcalloc(ev->n_slots * ev->width, sizeof *ev->diff);
    ev->run = ts_xcalloc(ev->n_slots, sizeof *ev->run);
    ev->ev = ts_xcalloc(ev->rb->n_events + 1, sizeof *ev->ev);
    ev->tmp = ts_xcalloc(ev->rb->n_events + 1, sizeof *ev->tmp);
    ev->metric_events = ts_xcalloc(ev->rb->n_metrics + 1, sizeof *ev->metric_events);
    for (size_t m = 0; m < ev->rb->n_metrics; m++)
        for (size_t i = 0; i < ev->rb->metrics[m].n_events; i++)
            ev->metric_events[m] |= event_bit(ev->rb->metrics[m].events[i]);
    return ev;
}

void ts_eval_free(ts_eval *ev)
{
    if (ev == NULL)
        return;
    free(ev->diff);
    free(ev->run);
    free(ev->ev);
    free(ev->tmp);
    free(ev->metric_events);
    free(ev);
}

void ts_eval_reset(ts_eval *ev)
{
    memset(ev->diff, 0, ev->n_slots * ev->width * sizeof *ev->diff);
}

/* Add w on the days of [lo, hi) ∩ [0, days) to slot s. */
static void bump(ts_eval *ev, size_t s, int64_t lo, int64_t hi, int64_t w)
{
    if (lo < 0)
        lo = 0;
    if (hi > ev->days)
        hi = ev->days;
    if (lo >= hi || w == 0)
        return;
    int64_t *d = ev->diff + s * ev->width;
    d[lo] += w;
    d[hi] -= w;
}

static span intersect(span a, span b)
{
    span r = {a.lo > b.lo ? a.lo : b.lo, a.hi < b.hi ? a.hi : b.hi};
    return r;
}

/* The days an order counts under a window: anchor .. anchor + W - 1
   (docs/rulebooks.md "Windows": assessed on E when anchor ∈ [E - W + 1, E]).
   The "feedback" anchor (docs/rulebooks.md) is the day the feedback takes
   effect: an order without feedback never counts under it. */
static span assessed_span(const ts_order *o, ts_anchor anchor, int window)
{
    int32_t a = anchor == TS_ANCHOR_PAY ? o->pay : anchor == TS_ANCHOR_FEEDBACK ? o->feedback_day : o->end;
    span s = {0, 0};
    if (a == TS_NEVER)
        return s;
    s.lo = a;
    s.hi = (int64_t)a + window;
    return s;
}

/*
** The days on which rule event e is known and true for an order (docs/model.md
** §11: known when its day is <= E; a revision counts from its day).
*/
static span event_span(const ts_rule_event *e, const ts_order *o)
{
    span none = {0, 0};
    if (e->kind < TS_EV_FEEDBACK) {
        int32_t day = o->event_day[e->kind];
        if (day == TS_NEVER)
            return none;
        span s = {day, FOREVER};
        return s;
    }
    if (e->kind == TS_EV_SLOW_REPLY) { /* docs/model.md §13: known on the day of the first reply */
        if (o->slow_reply_day == TS_NEVER)
            return none;
        span s = {o->slow_reply_day, FOREVER};
        return s;
    }
    if (o->feedback_day == TS_NEVER)
        return none;
    if (e->kind == TS_EV_FEEDBACK) {
        if (o->stars < 1 || o->stars > e->max_stars)
            return none;
        span s = {o->feedback_day, FOREVER};
        /* stars become 5 on revision_day: that ends the event unless 5 <= max_stars */
        if (o->revision_day != TS_NEVER && 5 > e->max_stars)
            s.hi = o->revision_day;
        return s;
    }
    assert(e->kind == TS_EV_DSR);
    uint8_t score = o->dsr[e->dimension];
    if (score < 1 || score > e->max_stars)
        return none;
    span s = {o->feedback_day, FOREVER};
    return s;
}

/*
** Add the indicator of (union of the listed events' spans) ∩ window to slot
** s: the union is sorted and merged into disjoint spans first, so each day
** counts an order at most once.
*/
static void bump_union(ts_eval *ev, size_t s, const size_t *events, size_t n, span window)
{
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        span x = intersect(ev->ev[events[i]], window);
        if (x.lo >= x.hi)
            continue;
        size_t j = m++;
        while (j > 0 && ev->tmp[j - 1].lo > x.lo) { /* insertion sort by lo */
            ev->tmp[j] = ev->tmp[j - 1];
            j--;
        }
        ev->tmp[j] = x;
    }
    size_t i = 0;
    while (i < m) {
        span cur = ev->tmp[i++];
        while (i < m && ev->tmp[i].lo <= cur.hi) {
            if (ev->tmp[i].hi > cur.hi)
                cur.hi = ev->tmp[i].hi;
            i++;
        }
        bump(ev, s, cur.lo, cur.hi, 1);
    }
}

void ts_eval_add(ts_eval *ev, const ts_order *o)
{
    const ts_rulebook *rb = ev->rb;
    uint64_t live = 0; /* event_bit of the events with a non-empty span */
    for (size_t k = 0; k < rb->n_events; k++) {
        ev->ev[k] = event_span(&rb->events[k], o);
        if (ev->ev[k].lo < ev->ev[k].hi)
            live |= event_bit(k);
    }

    /* assessed orders and per-event counts: the rulebook's window */
    span a0 = assessed_span(o, rb->anchor, rb->window_days);
    bump(ev, 0, a0.lo, a0.hi, 1);
    for (size_t k = 0; k < rb->n_events && live != 0; k++) {
        span x = intersect(ev->ev[k], a0);
        bump(ev, 1 + k, x.lo, x.hi, 1);
    }

    span in_effect = {o->feedback_day == TS_NEVER ? FOREVER : o->feedback_day, FOREVER};
    for (size_t m = 0; m < rb->n_metrics; m++) {
        const ts_metric *mt = &rb->metrics[m];
        size_t num = 1 + rb->n_events + 2 * m, den = num + 1;
        span a = assessed_span(o, mt->anchor, mt->window_days);
        if (a.lo >= a.hi)
            continue;
        switch (mt->kind) {
        case TS_METRIC_RATE:  /* docs/rulebooks.md "Metric kinds", rate: any listed event ÷ assessed */
        case TS_METRIC_COUNT: /* "count": the numerator alone */
            bump(ev, den, a.lo, a.hi, 1);
            if (live & ev->metric_events[m]) /* else every listed span is empty */
                bump_union(ev, num, mt->events, mt->n_events, a);
            break;
        case TS_METRIC_FEEDBACK_SHARE: {
            /* among value >= min_order_value with feedback in effect by E:
               overall stars >= min_stars as of E (5 from revision_day) */
            if (o->feedback_day == TS_NEVER || o->stars < 1 || o->value < mt->min_order_value)
                break;
            span d = intersect(in_effect, a);
            bump(ev, den, d.lo, d.hi, 1);
            span good = in_effect;
            if (o->stars < mt->min_stars) {
                if (o->revision_day == TS_NEVER)
                    break;
                if (o->revision_day > good.lo)
                    good.lo = o->revision_day;
            }
            good = intersect(good, a);
            bump(ev, num, good.lo, good.hi, 1);
            break;
        }
        case TS_METRIC_DSR_MEAN: {
            /* mean DSR[dim] over assessed orders with feedback in effect by E */
            uint8_t score = o->dsr[mt->dimension];
            if (o->feedback_day == TS_NEVER || score < 1)
                break;
            span d = intersect(in_effect, a);
            bump(ev, den, d.lo, d.hi, 1);
            bump(ev, num, d.lo, d.hi, score);
            break;
        }
        case TS_METRIC_REPLY_WITHIN: /* conversations, not orders: ts_eval_add_reply */
        case TS_METRIC_REPLY_MEAN_MINUTES:
        case TS_METRIC_KIND_COUNT:
            break;
        }
    }
}

/* Milli-minutes per minute: reply means are sums of waits rounded to 1/1000 minute. */
#define MILLI 1000.0

void ts_eval_add_reply(ts_eval *ev, const ts_reply *r)
{
    const ts_rulebook *rb = ev->rb;
    double day = floor(r->arrival / 1440.0);
    int hour = (int)((r->arrival - day * 1440.0) / 60.0);
    for (size_t m = 0; m < rb->n_metrics; m++) {
        const ts_metric *mt = &rb->metrics[m];
        if (mt->kind != TS_METRIC_REPLY_WITHIN && mt->kind != TS_METRIC_REPLY_MEAN_MINUTES)
            continue;
        if ((mt->conversations == TS_CONV_PRE_SALE && r->post_sale) ||
            (mt->conversations == TS_CONV_POST_SALE && !r->post_sale) ||
            hour < mt->reply_hours[0] || hour >= mt->reply_hours[1])
            continue;
        /* docs/rulebooks.md "Metric kinds": counted on the days whose window holds its arrival day */
        size_t num = 1 + rb->n_events + 2 * m, den = num + 1;
        int64_t lo = (int64_t)day, hi = lo + mt->window_days;
        bump(ev, den, lo, hi, 1);
        int64_t w = mt->kind == TS_METRIC_REPLY_WITHIN ? (r->wait <= mt->reply_minutes)
                                                        : (int64_t)llround(r->wait * MILLI);
        bump(ev, num, lo, hi, w);
    }
}

void ts_eval_reply_visit(const ts_reply *reply, void *ctx)
{
    ts_eval_add_reply(ctx, reply);
}

void ts_eval_visit(const ts_order *order, void *ctx)
{
    ts_eval_add(ctx, order);
}

static double metric_value(ts_metric_kind kind, int64_t num, int64_t den)
{
    if (kind == TS_METRIC_COUNT)
        return (double)num;
    if (den == 0)
        return NAN;
    if (kind == TS_METRIC_REPLY_MEAN_MINUTES)
        return (double)num / MILLI / (double)den;
    return (double)num / (double)den;
}

void ts_eval_finish(ts_eval *ev, const ts_rep_out *out)
{
    const ts_rulebook *rb = ev->rb;
    size_t nm = rb->n_metrics, ne = rb->n_events;
    memset(ev->run, 0, ev->n_slots * sizeof *ev->run);
    size_t e = 0;
    for (int32_t d = 0; d < ev->days; d++) {
        for (size_t s = 0; s < ev->n_slots; s++)
            ev->run[s] += ev->diff[s * ev->width + (size_t)d];
        double *row = out->daily + (size_t)d * nm;
        for (size_t m = 0; m < nm; m++) {
            size_t num = 1 + ne + 2 * m;
            row[m] = metric_value(rb->metrics[m].kind, ev->run[num], ev->run[num + 1]);
        }
        while (e < ev->n_eval && ev->evals[e] == d) {
            out->assessed[e] = (double)ev->run[0];
            for (size_t k = 0; k < ne; k++)
                out->events[e * ne + k] = (double)ev->run[1 + k];
            memcpy(out->metrics + e * nm, row, nm * sizeof *row);
            out->tiers[e] = ts_eval_tier(rb, out->assessed[e], row);
            e++;
        }
    }
    assert(e == ev->n_eval); /* evaluation days lie inside the horizon, sorted */
}

static bool holds(const ts_condition *c, const double *values)
{
    double v = values[c->metric];
    if (isnan(v))
        return false;
    switch (c->op) {
    case TS_OP_LT: return v < c->value;
    case TS_OP_LE: return v <= c->value;
    case TS_OP_GT: return v > c->value;
    case TS_OP_GE: return v >= c->value;
    }
    return false;
}

int32_t ts_eval_tier(const ts_rulebook *rb, double assessed, const double *metric_values)
{
    if (assessed < (double)rb->min_orders)
        return TS_TIER_NOT_ASSESSED;
    for (size_t t = 0; t < rb->n_tiers; t++) {
        /* docs/rulebooks.md: a tier's own min_orders, on the rulebook's assessed orders */
        bool ok = assessed >= (double)rb->tiers[t].min_orders;
        for (size_t c = 0; c < rb->tiers[t].n_when && ok; c++)
            ok = holds(&rb->tiers[t].when[c], metric_values);
        if (ok)
            return (int32_t)t;
    }
    return TS_TIER_UNCLASSIFIED;
}
