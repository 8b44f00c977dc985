/*
** fulfilment.c — dispatch and transit (docs/model.md §4): the capacity queue with
** its ship deadline, gamma transit times and peak transit factors.
*/
#include "models.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/*
** docs/model.md §4.3: T ~ Gamma(shape a = m^2/sd^2, scale th = sd^2/m), so E[T] = m
** and Var[T] = sd^2; T = m when sd = 0. Marsaglia & Tsang (ACM TOMS 26(3),
** 2000): d = a - 1/3, c = 1/sqrt(9d); repeat x ~ N(0,1), v = (1 + cx)^3 until
** v > 0 and (u < 1 - 0.0331 x^4 or ln u < x^2/2 + d(1 - v + ln v)); T = d v th.
** For a < 1, Gamma(a) = Gamma(a + 1) U^(1/a). Exact whatever uniforms feed it,
** as long as each is used once: the first attempt takes the fixed slots.
*/
void ts_transit_plan_of(const ts_carrier *car, ts_transit_plan *plan)
{
    double m = car->transit_mean_days, sd = car->transit_sd_days;
    plan->fixed = sd == 0.0;
    plan->mean = m;
    plan->boost = false;
    plan->inv_a = plan->d = plan->c = plan->th = 0.0;
    if (plan->fixed)
        return;
    double a = (m * m) / (sd * sd);
    plan->th = (sd * sd) / m;
    if (a < 1.0) {
        plan->boost = true;
        plan->inv_a = 1.0 / a;
        a += 1.0;
    }
    plan->d = a - 1.0 / 3.0;
    plan->c = 1.0 / sqrt(9.0 * plan->d);
}

double ts_transit_draw_normal(const ts_transit_plan *plan, double x, double u_accept,
                              ts_stream *more)
{
    if (plan->fixed)
        return plan->mean;
    double boost = 1.0;
    if (plan->boost)
        boost = pow(ts_stream_uniform_pos(more), plan->inv_a);
    double d = plan->d, c = plan->c;
    for (;;) {
        double v = 1.0 + c * x;
        if (v > 0.0) {
            v = v * v * v;
            double x2 = x * x;
            if (u_accept < 1.0 - 0.0331 * x2 * x2 ||
                log(u_accept) < 0.5 * x2 + d * (1.0 - v + log(v)))
                return d * v * plan->th * boost;
        }
        x = ts_normal_quantile(ts_stream_uniform_pos(more));
        u_accept = ts_stream_uniform_pos(more);
    }
}

double ts_transit_draw_plan(const ts_transit_plan *plan, double u_normal, double u_accept,
                            ts_stream *more)
{
    if (plan->fixed)
        return plan->mean;
    return ts_transit_draw_normal(plan, ts_normal_quantile(u_normal), u_accept, more);
}

double ts_transit_draw(const ts_carrier *car, double u_normal, double u_accept, ts_stream *more)
{
    ts_transit_plan plan;
    ts_transit_plan_of(car, &plan);
    return ts_transit_draw_plan(&plan, u_normal, u_accept, more);
}

/* docs/model.md §4.3: overlapping peaks multiply their transit factors. */
double ts_transit_factor(const ts_scenario *sc, int32_t s)
{
    double f = 1.0;
    for (size_t i = 0; i < sc->volume.n_events; i++) {
        const ts_peak *e = &sc->volume.events[i];
        int64_t until = (int64_t)e->start_day + e->days + e->aftermath_days;
        if (s >= e->start_day && (int64_t)s < until)
            f *= e->transit_factor;
    }
    return f;
}

/* --- the capacity queue (docs/model.md §4.2) ------------------------------- */

void ts_queue_init(ts_queue *q, int32_t handling_days, int32_t ship_deadline_days,
                   int64_t capacity)
{
    memset(q, 0, sizeof *q);
    q->handling_days = handling_days;
    q->ship_deadline_days = ship_deadline_days;
    q->capacity = capacity < 0 ? 0 : capacity;
    q->ring_cap = (size_t)(ship_deadline_days > 0 ? ship_deadline_days : 0) + 2;
    q->cohorts = ts_xcalloc(q->ring_cap, sizeof *q->cohorts);
}

void ts_queue_release(ts_queue *q)
{
    if (q == NULL)
        return;
    free(q->pool);
    free(q->cohorts);
    free(q->dispatched);
    free(q->unshipped);
    memset(q, 0, sizeof *q);
}

void ts_queue_reset(ts_queue *q)
{
    q->pool_len = 0;
    q->n_cohorts = 0;
    q->head = 0;
    q->n_dispatched = 0;
    q->n_unshipped = 0;
}

bool ts_queue_empty(const ts_queue *q)
{
    return q->n_cohorts == 0;
}

static ts_cohort *cohort_at(ts_queue *q, size_t i)
{
    return &q->cohorts[(q->head + i) % q->ring_cap];
}

/* Make room for n more pool entries: drop what has left, then grow if still half full. */
static void pool_reserve(ts_queue *q, size_t n)
{
    if (q->pool_len + n <= q->pool_cap)
        return;
    size_t start = q->n_cohorts > 0 ? cohort_at(q, 0)->pos : q->pool_len;
    if (start > 0) {
        memmove(q->pool, q->pool + start, (q->pool_len - start) * sizeof *q->pool);
        q->pool_len -= start;
        for (size_t i = 0; i < q->n_cohorts; i++) {
            ts_cohort *co = cohort_at(q, i);
            co->pos = co->pos > start ? co->pos - start : 0;
            co->end -= start;
        }
    }
    if ((q->pool_len + n) * 2 > q->pool_cap) {
        size_t cap = (q->pool_len + n) * 2;
        if (cap < 1024)
            cap = 1024;
        q->pool = ts_xrealloc(q->pool, cap * sizeof *q->pool);
        q->pool_cap = cap;
    }
}

void ts_queue_add(ts_queue *q, int32_t pay, const ts_pending *orders, size_t n,
                  const ts_stream *stream)
{
    if (n == 0)
        return;
    if (q->n_cohorts == q->ring_cap) {
        /* Unroll the ring into a bigger one (only when a day is skipped). */
        size_t cap = q->ring_cap * 2;
        ts_cohort *ring = ts_xcalloc(cap, sizeof *ring);
        for (size_t i = 0; i < q->n_cohorts; i++)
            ring[i] = *cohort_at(q, i);
        free(q->cohorts);
        q->cohorts = ring;
        q->ring_cap = cap;
        q->head = 0;
    }
    pool_reserve(q, n);
    memcpy(q->pool + q->pool_len, orders, n * sizeof *orders);
    ts_cohort *co = &q->cohorts[(q->head + q->n_cohorts) % q->ring_cap];
    co->pay = pay;
    co->pos = q->pool_len;
    co->end = q->pool_len + n;
    co->stream = *stream;
    q->pool_len += n;
    q->n_cohorts++;
}

static void push(ts_pending **arr, size_t *len, size_t *cap, const ts_pending *src, size_t n)
{
    if (n == 0)
        return;
    if (*len + n > *cap) {
        size_t c = (*len + n) * 2;
        if (c < 256)
            c = 256;
        *arr = ts_xrealloc(*arr, c * sizeof **arr);
        *cap = c;
    }
    memcpy(*arr + *len, src, n * sizeof *src);
    *len += n;
}

/* A uniform integer in [0, n) from 32 random bits (Lemire's multiply-shift). */
static size_t bounded(ts_stream *s, size_t n)
{
    return (size_t)(((uint64_t)ts_stream_u32(s) * (uint64_t)n) >> 32);
}

/*
** docs/model.md §4.2, day c: dispatch up to capacity ready orders (ready day
** pay + handling_days <= c), earliest pay day first; when the capacity runs
** out inside a pay day, the next order is drawn uniformly from those of the
** pay day still queued (incremental Fisher-Yates, so the k dispatched are a
** uniform k-subset). Then orders with pay + ship_deadline_days = c are closed
** unshipped (on c + 1).
*/
void ts_queue_day(ts_queue *q, int32_t c)
{
    q->n_dispatched = 0;
    q->n_unshipped = 0;
    int64_t budget = q->capacity;
    for (size_t i = 0; i < q->n_cohorts && budget > 0; i++) {
        ts_cohort *co = cohort_at(q, i);
        if ((int64_t)co->pay + q->handling_days > c)
            break;
        size_t rem = co->end - co->pos;
        if (rem == 0)
            continue;
        if ((uint64_t)budget >= rem) {
            push(&q->dispatched, &q->n_dispatched, &q->dispatched_cap, q->pool + co->pos, rem);
            co->pos = co->end;
            budget -= (int64_t)rem;
        } else {
            for (int64_t k = 0; k < budget; k++) {
                size_t j = co->pos + bounded(&co->stream, co->end - co->pos);
                ts_pending t = q->pool[j];
                q->pool[j] = q->pool[co->pos];
                q->pool[co->pos] = t;
                push(&q->dispatched, &q->n_dispatched, &q->dispatched_cap, &t, 1);
                co->pos++;
            }
            budget = 0;
        }
    }
    for (size_t i = 0; i < q->n_cohorts; i++) {
        ts_cohort *co = cohort_at(q, i);
        if ((int64_t)co->pay + q->ship_deadline_days > c)
            break;
        push(&q->unshipped, &q->n_unshipped, &q->unshipped_cap, q->pool + co->pos,
             co->end - co->pos);
        co->pos = co->end;
    }
    while (q->n_cohorts > 0 && cohort_at(q, 0)->pos == cohort_at(q, 0)->end) {
        q->head = (q->head + 1) % q->ring_cap;
        q->n_cohorts--;
    }
    if (q->n_cohorts == 0) {
        q->head = 0;
        q->pool_len = 0;
    }
}
