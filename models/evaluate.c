/*
** evaluate.c — rule evaluation of one replication (docs/rulebooks.md, docs/model.md
** §11): one pass over the orders fills int64 difference arrays over the
** horizon days; a prefix sum then gives every metric as of every day. The
** scores' metrics of metrics (points, sum, daily_mean, peer_rank) are then
** computed day by day from those as-of values (docs/rulebooks.md "Scores").
*/
#include "evaluate.h"

#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"

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
    int32_t back;              /* lookback: the arrays cover days -back .. days-1 (0 without daily_mean) */
    size_t width;              /* back + days + 1 */
    size_t n_slots;
    int64_t *diff;             /* [n_slots][width] */
    int64_t *run;              /* [n_slots] running sums, used by finish */
    span *ev;                  /* [n_events] an order's event spans */
    span *tmp;                 /* [n_events] scratch for unions */
    uint64_t *metric_events;   /* [n_metrics] event_bit of the events a metric lists */
    size_t *order;             /* [n_metrics] derived metrics after the metrics they use */
    double *vals;              /* [back + days][n_metrics] every metric's as-of value, by day */
    int32_t *mstart;           /* [back + days] the first day of that day's month (relative day) */
    int32_t *pm_start;         /* [back + days] the first day of the month before */
    double *cache;             /* [n_metrics] daily_mean: a previous month's mean, or the month so far's sum */
    int32_t *cache_key;        /* [n_metrics] which month cache holds */
    int64_t *cache_n;          /* [n_metrics] month so far: days with a defined value */
    /* the per-order plan (docs/results-format.md "Rule evaluation (models/evaluate.c)"): */
    size_t *plan;              /* [n_plan] the order metrics ts_eval_add visits */
    size_t n_plan;
    size_t *num_slot, *den_slot; /* [n_metrics] where finish reads a metric's numerator and denominator */
    size_t *reply;             /* [n_reply] the reply metrics, the only ones a conversation moves */
    size_t n_reply;
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

/*
** A rate or count whose numerator and denominator are already kept: with the
** rulebook's own window and anchor, its denominator is the assessed orders
** (slot 0), and with one event its numerator is that event's count (slot
** 1 + k). The same bumps would be made twice; finish reads those slots.
*/
static void share_slots(ts_eval *ev, size_t m)
{
    const ts_rulebook *rb = ev->rb;
    const ts_metric *mt = &rb->metrics[m];
    if ((mt->kind != TS_METRIC_RATE && mt->kind != TS_METRIC_COUNT) || mt->anchor != rb->anchor
        || mt->window_days != rb->window_days)
        return;
    ev->den_slot[m] = 0;
    if (mt->n_events == 1)
        ev->num_slot[m] = 1 + mt->events[0];
}

ts_eval *ts_eval_new(const ts_scenario *sc)
{
    assert(sc != NULL && sc->rules != NULL && sc->days >= 1);
    ts_eval *ev = ts_xcalloc(1, sizeof *ev);
    ev->rb = sc->rules;
    ev->evals = sc->evaluations;
    ev->n_eval = sc->n_evaluations;
    ev->days = sc->days;
    ev->back = ts_rulebook_lookback(sc->rules, SIZE_MAX);
    ev->width = (size_t)ev->back + (size_t)sc->days + 1;
    ev->n_slots = 1 + ev->rb->n_events + 2 * ev->rb->n_metrics;
    ev->diff = ts_xcalloc(ev->n_slots * ev->width, sizeof *ev->diff);
    ev->run = ts_xcalloc(ev->n_slots, sizeof *ev->run);
    ev->ev = ts_xcalloc(ev->rb->n_events + 1, sizeof *ev->ev);
    ev->tmp = ts_xcalloc(ev->rb->n_events + 1, sizeof *ev->tmp);
    ev->metric_events = ts_xcalloc(ev->rb->n_metrics + 1, sizeof *ev->metric_events);
    for (size_t m = 0; m < ev->rb->n_metrics; m++)
        for (size_t i = 0; i < ev->rb->metrics[m].n_events; i++)
            ev->metric_events[m] |= event_bit(ev->rb->metrics[m].events[i]);
    size_t nm = ev->rb->n_metrics, span_days = (size_t)ev->back + (size_t)ev->days;
    ev->order = ts_xcalloc(nm + 1, sizeof *ev->order);
    size_t *cycle = ts_xcalloc(nm + 1, sizeof *cycle), cycle_len;
    bool ordered = ts_rulebook_metric_order(ev->rb, ev->order, cycle, &cycle_len);
    assert(ordered); /* the loader rejects cycles */
    (void)ordered;
    free(cycle);
    ev->vals = ts_xcalloc(span_days * nm + 1, sizeof *ev->vals);
    ev->mstart = ts_xcalloc(span_days + 1, sizeof *ev->mstart);
    ev->pm_start = ts_xcalloc(span_days + 1, sizeof *ev->pm_start);
    for (size_t i = 0; i < span_days; i++) {
        int32_t d = (int32_t)i - ev->back;
        int y, mo, md;
        ts_date_to_ymd(sc->start + d, &y, &mo, &md);
        ev->mstart[i] = d - (md - 1);
        int py = mo == 1 ? y - 1 : y, pmo = mo == 1 ? 12 : mo - 1;
        ev->pm_start[i] = ev->mstart[i] - ts_date_days_in_month(py, pmo);
    }
    ev->cache = ts_xcalloc(nm + 1, sizeof *ev->cache);
    ev->cache_key = ts_xcalloc(nm + 1, sizeof *ev->cache_key);
    ev->cache_n = ts_xcalloc(nm + 1, sizeof *ev->cache_n);
    ev->plan = ts_xcalloc(nm + 1, sizeof *ev->plan);
    ev->num_slot = ts_xcalloc(nm + 1, sizeof *ev->num_slot);
    ev->den_slot = ts_xcalloc(nm + 1, sizeof *ev->den_slot);
    for (size_t m = 0; m < nm; m++) {
        ts_metric_kind k = ev->rb->metrics[m].kind;
        ev->num_slot[m] = 1 + ev->rb->n_events + 2 * m;
        ev->den_slot[m] = ev->num_slot[m] + 1;
        share_slots(ev, m);
        bool per_order = !ts_metric_is_derived(k) && k != TS_METRIC_REPLY_WITHIN && k != TS_METRIC_REPLY_MEAN_MINUTES;
        if (per_order && ev->num_slot[m] > ev->rb->n_events) /* else finish reads slots 0 and 1 + k */
            ev->plan[ev->n_plan++] = m;
    }
    ev->reply = ts_xcalloc(nm + 1, sizeof *ev->reply);
    for (size_t m = 0; m < nm; m++)
        if (ev->rb->metrics[m].kind == TS_METRIC_REPLY_WITHIN || ev->rb->metrics[m].kind == TS_METRIC_REPLY_MEAN_MINUTES)
            ev->reply[ev->n_reply++] = m;
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
    free(ev->order);
    free(ev->vals);
    free(ev->mstart);
    free(ev->pm_start);
    free(ev->cache);
    free(ev->cache_key);
    free(ev->cache_n);
    free(ev->plan);
    free(ev->num_slot);
    free(ev->den_slot);
    free(ev->reply);
    free(ev);
}

void ts_eval_reset(ts_eval *ev)
{
    memset(ev->diff, 0, ev->n_slots * ev->width * sizeof *ev->diff);
}

/* Add w on the days of [lo, hi) ∩ [-back, days) to slot s. */
static void bump(ts_eval *ev, size_t s, int64_t lo, int64_t hi, int64_t w)
{
    if (lo < -(int64_t)ev->back)
        lo = -(int64_t)ev->back;
    if (hi > ev->days)
        hi = ev->days;
    if (lo >= hi || w == 0)
        return;
    int64_t *d = ev->diff + s * ev->width + ev->back;
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
    if (e->kind == TS_EV_DISPUTE_REASON) {
        /* docs/rulebooks.md "Event kinds": quality or mismatch make it not_as_described,
           else late or lost not_received; a dispute with neither has no reason */
        int32_t day = o->event_day[TS_EV_DISPUTE];
        bool nad = (o->flags & (TS_ORDER_QUALITY | TS_ORDER_MISMATCH)) != 0;
        bool nr = !nad && (o->flags & (TS_ORDER_LATE | TS_ORDER_LOST)) != 0;
        if (day == TS_NEVER || !(e->reason == TS_RULE_REASON_NOT_AS_DESCRIBED ? nad : nr))
            return none;
        span s = {day, FOREVER};
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

/* An order's day of a mean_days moment, TS_NEVER when it has none. */
static int32_t moment_day(const ts_order *o, ts_moment m)
{
    switch (m) {
    case TS_MOMENT_PAY: return o->pay;
    case TS_MOMENT_DISPATCH: return o->dispatch;
    case TS_MOMENT_DELIVERY: return o->delivery;
    case TS_MOMENT_END: return o->end;
    case TS_MOMENT_FEEDBACK: return o->feedback_day;
    case TS_MOMENT_COUNT: break;
    }
    return TS_NEVER;
}

/*
** A feedback_share metric that counts the rulebook's default reviews
** (docs/rulebooks.md "Default reviews"): an order that could get feedback
** (delivered, its dispute not arbitrated: docs/model.md §7) and whose buyer
** had not left it by end + N has a review of the default stars from that day
** on, never revised; a later feedback of the buyer is not seen by the metric.
** Other orders count with their own feedback as without default reviews. The
** order's review day is its anchor under "window_anchor": "feedback".
*/
static void add_share_with_defaults(ts_eval *ev, const ts_metric *mt, size_t num, size_t den, const ts_order *o)
{
    const ts_rulebook *rb = ev->rb;
    if (o->value < mt->min_order_value)
        return;
    int32_t day = o->feedback_day, revised = o->revision_day;
    int stars = o->stars;
    int64_t due = (int64_t)o->end + rb->default_review_days;
    if (o->delivery != TS_NEVER && o->event_day[TS_EV_ARBITRATION] == TS_NEVER
        && (o->feedback_day == TS_NEVER || o->feedback_left > due)) {
        day = (int32_t)due;
        stars = rb->default_review_stars;
        revised = TS_NEVER;
    }
    if (day == TS_NEVER || stars < 1)
        return;
    span a;
    if (mt->anchor == TS_ANCHOR_FEEDBACK) {
        a.lo = day;
        a.hi = (int64_t)day + mt->window_days;
    } else {
        a = assessed_span(o, mt->anchor, mt->window_days);
    }
    span in_effect = {day, FOREVER};
    span d = intersect(in_effect, a);
    bump(ev, den, d.lo, d.hi, 1);
    span good = in_effect;
    if (stars < mt->min_stars) {
        if (revised == TS_NEVER)
            return;
        if (revised > good.lo)
            good.lo = revised;
    }
    good = intersect(good, a);
    bump(ev, num, good.lo, good.hi, 1);
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
    for (size_t j = 0; j < ev->n_plan; j++) { /* metrics of metrics: ts_eval_finish; replies: ts_eval_add_reply */
        size_t m = ev->plan[j];
        const ts_metric *mt = &rb->metrics[m];
        size_t num = ev->num_slot[m], den = ev->den_slot[m];
        if (mt->count_default_reviews) { /* feedback_share with the rulebook's default reviews */
            add_share_with_defaults(ev, mt, num, den, o);
            continue;
        }
        span a = assessed_span(o, mt->anchor, mt->window_days);
        if (a.lo >= a.hi)
            continue;
        switch (mt->kind) {
        case TS_METRIC_RATE:  /* docs/rulebooks.md "Metric kinds", rate: any listed event ÷ assessed */
        case TS_METRIC_COUNT: /* "count": the numerator alone */
            if (den != 0) /* 0: the assessed orders, counted above */
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
        case TS_METRIC_MEAN_DAYS: {
            /* docs/rulebooks.md "Scores": days from `from` to `to`, once both have happened */
            int32_t f = moment_day(o, mt->from), t = moment_day(o, mt->to);
            if (f == TS_NEVER || t == TS_NEVER)
                break;
            span known = {f > t ? f : t, FOREVER};
            known = intersect(known, a);
            bump(ev, den, known.lo, known.hi, 1);
            bump(ev, num, known.lo, known.hi, (int64_t)t - f);
            break;
        }
        case TS_METRIC_REPLY_WITHIN: /* conversations, not orders: ts_eval_add_reply */
        case TS_METRIC_REPLY_MEAN_MINUTES:
        case TS_METRIC_POINTS: /* metrics of metrics: ts_eval_finish */
        case TS_METRIC_SUM:
        case TS_METRIC_DAILY_MEAN:
        case TS_METRIC_PEER_RANK:
        case TS_METRIC_KIND_COUNT:
            break;
        }
    }
}

/* Milli-minutes per minute: reply means are sums of waits rounded to 1/1000 minute. */
#define MILLI 1000.0

void ts_eval_add_reply(ts_eval *ev, const ts_reply *r)
{
    if (ev->n_reply == 0)
        return;
    const ts_rulebook *rb = ev->rb;
    double day = floor(r->arrival / 1440.0);
    int hour = (int)((r->arrival - day * 1440.0) / 60.0);
    for (size_t k = 0; k < ev->n_reply; k++) {
        size_t m = ev->reply[k];
        const ts_metric *mt = &rb->metrics[m];
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
    if (ts_metric_is_derived(kind))
        return NAN; /* computed afterwards from the other metrics */
    return (double)num / (double)den;
}

/* docs/rulebooks.md "Scores", points: the first rung that holds, optionally interpolated. */
static double points_value(const ts_metric *m, double v)
{
    if (isnan(v))
        return m->has_missing ? m->missing : (double)NAN;
    for (size_t i = 0; i < m->n_rungs; i++) {
        const ts_rung *r = &m->ladder[i];
        if (!(r->at_least ? v >= r->x : v <= r->x))
            continue;
        if (!m->interpolate || i == 0)
            return r->points;
        const ts_rung *p = &m->ladder[i - 1]; /* v lies between p->x (excluded) and r->x */
        return p->points + (v - p->x) / (r->x - p->x) * (r->points - p->points);
    }
    return m->has_otherwise ? m->otherwise : (double)NAN;
}

/* sum: weighted, undefined when a part is, then clipped to [min, max]. */
static double sum_value(const ts_metric *m, const double *row)
{
    double total = 0.0;
    for (size_t k = 0; k < m->n_of; k++) {
        double v = row[m->of[k]];
        if (isnan(v))
            return NAN;
        total += (m->weights ? m->weights[k] : 1.0) * v;
    }
    return total < m->clip_min ? m->clip_min : total > m->clip_max ? m->clip_max : total;
}

/* peer_rank: the peer table interpolated at v (0 below it, 1 above), for "lower" 1 - that. */
static double peer_value(const ts_metric *m, double v)
{
    if (isnan(v) || m->n_peers == 0)
        return NAN;
    const ts_peer_point *t = m->peers;
    size_t n = m->n_peers;
    double f;
    if (v < t[0].value)
        f = 0.0;
    else if (v > t[n - 1].value)
        f = 1.0;
    else {
        size_t i = 0;
        while (i + 1 < n && t[i + 1].value <= v)
            i++;
        f = t[i].value == v || i + 1 == n
                ? t[i].share
                : t[i].share + (v - t[i].value) / (t[i + 1].value - t[i].value) * (t[i + 1].share - t[i].share);
    }
    return m->lower_better ? 1.0 - f : f;
}

/* The mean of metric k's defined as-of values on days lo..hi (clipped to the history), in day order. */
static double mean_over(const ts_eval *ev, size_t k, int32_t lo, int32_t hi)
{
    size_t nm = ev->rb->n_metrics;
    if (lo < -ev->back)
        lo = -ev->back;
    double sum = 0.0;
    int64_t n = 0;
    for (int32_t d = lo; d <= hi; d++) {
        double v = ev->vals[(size_t)(d + ev->back) * nm + k];
        if (!isnan(v)) {
            sum += v;
            n++;
        }
    }
    return n ? sum / (double)n : (double)NAN;
}

/*
** daily_mean on day d (docs/rulebooks.md "Scores"): the previous month's mean
** is computed once per month; the month so far is a running sum restarted on
** the 1st; {"days": N} sums the N days before d. Days before the history
** (day -back) are left out like undefined ones.
*/
static double daily_mean_value(ts_eval *ev, size_t m, int32_t d)
{
    const ts_metric *mt = &ev->rb->metrics[m];
    size_t i = (size_t)(d + ev->back), k = mt->of[0];
    switch (mt->period) {
    case TS_PERIOD_PREVIOUS_MONTH:
        if (d == -ev->back || ev->cache_key[m] != ev->mstart[i]) {
            ev->cache_key[m] = ev->mstart[i];
            ev->cache[m] = mean_over(ev, k, ev->pm_start[i], ev->mstart[i] - 1);
        }
        return ev->cache[m];
    case TS_PERIOD_MONTH_TO_DATE: {
        if (d == -ev->back || d == ev->mstart[i]) {
            ev->cache[m] = 0.0;
            ev->cache_n[m] = 0;
        }
        double v = ev->vals[i * ev->rb->n_metrics + k];
        if (!isnan(v)) {
            ev->cache[m] += v;
            ev->cache_n[m]++;
        }
        return ev->cache_n[m] ? ev->cache[m] / (double)ev->cache_n[m] : (double)NAN;
    }
    case TS_PERIOD_DAYS:
        return mean_over(ev, k, d - mt->period_days, d - 1);
    }
    return NAN;
}

void ts_eval_finish(ts_eval *ev, const ts_rep_out *out)
{
    const ts_rulebook *rb = ev->rb;
    size_t nm = rb->n_metrics, ne = rb->n_events;
    memset(ev->run, 0, ev->n_slots * sizeof *ev->run);
    size_t e = 0;
    for (int32_t d = -ev->back; d < ev->days; d++) {
        size_t i = (size_t)(d + ev->back);
        for (size_t s = 0; s < ev->n_slots; s++)
            ev->run[s] += ev->diff[s * ev->width + i];
        double *row = ev->vals + i * nm;
        for (size_t m = 0; m < nm; m++)
            row[m] = metric_value(rb->metrics[m].kind, ev->run[ev->num_slot[m]], ev->run[ev->den_slot[m]]);
        for (size_t j = 0; j < nm; j++) { /* metrics of metrics, after what they use */
            size_t m = ev->order[j];
            const ts_metric *mt = &rb->metrics[m];
            switch (mt->kind) {
            case TS_METRIC_POINTS: row[m] = points_value(mt, row[mt->of[0]]); break;
            case TS_METRIC_SUM: row[m] = sum_value(mt, row); break;
            case TS_METRIC_PEER_RANK: row[m] = peer_value(mt, row[mt->of[0]]); break;
            case TS_METRIC_DAILY_MEAN: row[m] = daily_mean_value(ev, m, d); break;
            default: break;
            }
        }
        if (d < 0)
            continue;
        memcpy(out->daily + (size_t)d * nm, row, nm * sizeof *row);
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
