/*
** rulebook_data.c — a rulebook's memory and small queries: deep copy, free,
** longest window, labels, parameters, the words of the format. Kept apart
** from the loader so that every part can use them.
*/
#include "rulebook.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


void ts_rulebook_free(ts_rulebook *rb)
{
    if (rb == NULL)
        return;
    free(rb->name);
    free(rb->title);
    free(rb->title_zh);
    free(rb->source);
    for (size_t i = 0; i < rb->n_events; i++) {
        free(rb->events[i].name);
        free(rb->events[i].label);
        free(rb->events[i].label_zh);
    }
    free(rb->events);
    for (size_t i = 0; i < rb->n_metrics; i++) {
        free(rb->metrics[i].name);
        free(rb->metrics[i].events);
        free(rb->metrics[i].label);
        free(rb->metrics[i].label_zh);
        free(rb->metrics[i].of);
        free(rb->metrics[i].weights);
        free(rb->metrics[i].ladder);
        free(rb->metrics[i].peers);
        for (size_t k = 0; k < rb->metrics[i].n_refs; k++)
            free(rb->metrics[i].refs[k].param);
        free(rb->metrics[i].refs);
    }
    free(rb->metrics);
    for (size_t i = 0; i < rb->n_tiers; i++) {
        free(rb->tiers[i].name);
        free(rb->tiers[i].label);
        free(rb->tiers[i].label_zh);
        for (size_t k = 0; k < rb->tiers[i].n_when; k++)
            free(rb->tiers[i].when[k].param);
        free(rb->tiers[i].when);
    }
    free(rb->tiers);
    for (size_t i = 0; i < rb->n_params; i++)
        free(rb->params[i].name);
    free(rb->params);
    free(rb);
}

static void *dup_mem(const void *p, size_t n)
{
    if (p == NULL || n == 0)
        return NULL;
    void *d = ts_xmalloc(n);
    memcpy(d, p, n);
    return d;
}

ts_rulebook *ts_rulebook_dup(const ts_rulebook *rb)
{
    if (rb == NULL)
        return NULL;
    ts_rulebook *d = ts_xmalloc(sizeof *d);
    *d = *rb;
    d->name = ts_xstrdup(rb->name);
    d->title = ts_xstrdup(rb->title);
    d->title_zh = ts_xstrdup(rb->title_zh);
    d->source = ts_xstrdup(rb->source);
    d->events = dup_mem(rb->events, rb->n_events * sizeof *rb->events);
    for (size_t i = 0; i < rb->n_events; i++) {
        d->events[i].name = ts_xstrdup(rb->events[i].name);
        d->events[i].label = ts_xstrdup(rb->events[i].label);
        d->events[i].label_zh = ts_xstrdup(rb->events[i].label_zh);
    }
    d->metrics = dup_mem(rb->metrics, rb->n_metrics * sizeof *rb->metrics);
    for (size_t i = 0; i < rb->n_metrics; i++) {
        d->metrics[i].name = ts_xstrdup(rb->metrics[i].name);
        d->metrics[i].events = dup_mem(rb->metrics[i].events,
                                       rb->metrics[i].n_events * sizeof *rb->metrics[i].events);
        d->metrics[i].label = ts_xstrdup(rb->metrics[i].label);
        d->metrics[i].label_zh = ts_xstrdup(rb->metrics[i].label_zh);
        const ts_metric *m = &rb->metrics[i];
        d->metrics[i].of = dup_mem(m->of, m->n_of * sizeof *m->of);
        d->metrics[i].weights = dup_mem(m->weights, m->weights ? m->n_of * sizeof *m->weights : 0);
        d->metrics[i].ladder = dup_mem(m->ladder, m->n_rungs * sizeof *m->ladder);
        d->metrics[i].peers = dup_mem(m->peers, m->n_peers * sizeof *m->peers);
        d->metrics[i].refs = dup_mem(m->refs, m->n_refs * sizeof *m->refs);
        for (size_t k = 0; k < m->n_refs; k++)
            d->metrics[i].refs[k].param = ts_xstrdup(m->refs[k].param);
    }
    d->tiers = dup_mem(rb->tiers, rb->n_tiers * sizeof *rb->tiers);
    for (size_t i = 0; i < rb->n_tiers; i++) {
        d->tiers[i].name = ts_xstrdup(rb->tiers[i].name);
        d->tiers[i].label = ts_xstrdup(rb->tiers[i].label);
        d->tiers[i].label_zh = ts_xstrdup(rb->tiers[i].label_zh);
        d->tiers[i].when = dup_mem(rb->tiers[i].when, rb->tiers[i].n_when * sizeof *rb->tiers[i].when);
        for (size_t k = 0; k < rb->tiers[i].n_when; k++)
            d->tiers[i].when[k].param = ts_xstrdup(rb->tiers[i].when[k].param);
    }
    d->params = dup_mem(rb->params, rb->n_params * sizeof *rb->params);
    for (size_t i = 0; i < rb->n_params; i++)
        d->params[i].name = ts_xstrdup(rb->params[i].name);
    return d;
}

int ts_rulebook_longest_window(const ts_rulebook *rb)
{
    int w = rb->window_days;
    for (size_t i = 0; i < rb->n_metrics; i++)
        if (!ts_metric_is_derived(rb->metrics[i].kind) && rb->metrics[i].window_days > w)
            w = rb->metrics[i].window_days;
    return w + ts_rulebook_lookback(rb, SIZE_MAX);
}

/* The longest a period reaches back before its day E (docs/rulebooks.md "Scores"):
   the previous month starts at most 61 days before E (E = 31 August, 1 July). */
static int period_lookback(const ts_metric *m)
{
    switch (m->period) {
    case TS_PERIOD_PREVIOUS_MONTH: return 61;
    case TS_PERIOD_MONTH_TO_DATE: return 30;
    case TS_PERIOD_DAYS: return m->period_days;
    }
    return 0;
}

/* Depth-first lookback of metric i; depth bounds the recursion on a (rejected) cycle. */
static int lookback_of(const ts_rulebook *rb, size_t i, size_t depth)
{
    const ts_metric *m = &rb->metrics[i];
    if (!ts_metric_is_derived(m->kind) || depth > rb->n_metrics)
        return 0;
    int own = m->kind == TS_METRIC_DAILY_MEAN ? period_lookback(m) : 0, most = 0;
    for (size_t k = 0; k < m->n_of; k++) {
        int l = m->of[k] < rb->n_metrics ? lookback_of(rb, m->of[k], depth + 1) : 0;
        most = l > most ? l : most;
    }
    return own + most;
}

int ts_rulebook_lookback(const ts_rulebook *rb, size_t metric)
{
    if (metric != SIZE_MAX)
        return lookback_of(rb, metric, 0);
    int most = 0;
    for (size_t i = 0; i < rb->n_metrics; i++) {
        int l = lookback_of(rb, i, 0);
        most = l > most ? l : most;
    }
    return most;
}

/* Depth-first visit for ts_rulebook_metric_order: state 0 new, 1 on the path, 2 done. */
static bool visit(const ts_rulebook *rb, size_t i, unsigned char *state, size_t *path, size_t depth,
                  size_t *order, size_t *n_order, size_t *cycle, size_t *cycle_len)
{
    if (state[i] == 2)
        return true;
    path[depth] = i;
    if (state[i] == 1) { /* back on the path: the cycle is path[j..depth-1] */
        size_t j = 0;
        while (path[j] != i)
            j++;
        *cycle_len = depth - j;
        memcpy(cycle, path + j, *cycle_len * sizeof *cycle);
        return false;
    }
    state[i] = 1;
    const ts_metric *m = &rb->metrics[i];
    for (size_t k = 0; ts_metric_is_derived(m->kind) && k < m->n_of; k++)
        if (m->of[k] < rb->n_metrics
            && !visit(rb, m->of[k], state, path, depth + 1, order, n_order, cycle, cycle_len))
            return false;
    state[i] = 2;
    order[(*n_order)++] = i;
    return true;
}

bool ts_rulebook_metric_order(const ts_rulebook *rb, size_t *order, size_t *cycle, size_t *cycle_len)
{
    size_t n = rb->n_metrics, n_order = 0;
    unsigned char *state = ts_xcalloc(n + 1, 1);
    size_t *path = ts_xcalloc(n + 1, sizeof *path);
    bool ok = true;
    *cycle_len = 0;
    for (size_t i = 0; i < n && ok; i++)
        ok = visit(rb, i, state, path, 0, order, &n_order, cycle, cycle_len);
    free(state);
    free(path);
    return ok;
}

bool ts_metric_problem(const ts_metric *m, char *why, size_t n)
{
    if (m->kind == TS_METRIC_POINTS) {
        for (size_t i = 0; i < m->n_rungs; i++) {
            const ts_rung *r = &m->ladder[i];
            if (!isfinite(r->x) || !isfinite(r->points)) {
                snprintf(why, n, "ladder[%zu]: expected finite numbers", i);
                return true;
            }
            if (i > 0 && r->at_least != m->ladder[0].at_least) {
                snprintf(why, n, "ladder[%zu]: every rung of a ladder must use the same bound (ladder[0] "
                         "uses \"%s\", this one \"%s\")", i, m->ladder[0].at_least ? "at_least" : "at_most",
                         r->at_least ? "at_least" : "at_most");
                return true;
            }
            if (i > 0 && (r->at_least ? !(r->x < m->ladder[i - 1].x) : !(r->x > m->ladder[i - 1].x))) {
                snprintf(why, n, "ladder[%zu]: the ladder is not monotone in x: %s rungs must have %s x "
                         "(ladder[%zu] has %g, this one %g, so it could never be the first that holds)", i,
                         r->at_least ? "at_least" : "at_most",
                         r->at_least ? "strictly decreasing" : "strictly increasing", i - 1,
                         m->ladder[i - 1].x, r->x);
                return true;
            }
        }
    }
    if (m->kind == TS_METRIC_PEER_RANK) {
        for (size_t i = 0; i < m->n_peers; i++) {
            const ts_peer_point *p = &m->peers[i];
            if (!isfinite(p->value) || !(p->share >= 0.0 && p->share <= 1.0)) {
                snprintf(why, n, "peers[%zu]: expected [value, share] with a share of peers in [0, 1], "
                         "found share %g", i, p->share);
                return true;
            }
            if (i > 0 && !(p->value > m->peers[i - 1].value)) {
                snprintf(why, n, "peers[%zu]: the peer table is not sorted: values must be strictly "
                         "ascending (peers[%zu] has %g, this one %g)", i, i - 1, m->peers[i - 1].value, p->value);
                return true;
            }
            if (i > 0 && p->share < m->peers[i - 1].share) {
                snprintf(why, n, "peers[%zu]: shares must not decrease as values rise (peers[%zu] has "
                         "share %g, this one %g)", i, i - 1, m->peers[i - 1].share, p->share);
                return true;
            }
        }
    }
    if (m->kind == TS_METRIC_SUM && m->clip_min > m->clip_max) {
        snprintf(why, n, "min %g is above max %g", m->clip_min, m->clip_max);
        return true;
    }
    return false;
}

/* The number of metric m that ref names. */
static double *num_slot(ts_metric *m, const ts_num_ref *r)
{
    switch (r->slot) {
    case TS_NUM_MIN_ORDER_VALUE: return &m->min_order_value;
    case TS_NUM_OTHERWISE: return &m->otherwise;
    case TS_NUM_MISSING: return &m->missing;
    case TS_NUM_MIN: return &m->clip_min;
    case TS_NUM_MAX: return &m->clip_max;
    case TS_NUM_RUNG_X: return r->index < m->n_rungs ? &m->ladder[r->index].x : NULL;
    case TS_NUM_RUNG_POINTS: return r->index < m->n_rungs ? &m->ladder[r->index].points : NULL;
    case TS_NUM_WEIGHT: return m->weights && r->index < m->n_of ? &m->weights[r->index] : NULL;
    case TS_NUM_PEER_VALUE: return r->index < m->n_peers ? &m->peers[r->index].value : NULL;
    case TS_NUM_PEER_SHARE: return r->index < m->n_peers ? &m->peers[r->index].share : NULL;
    }
    return NULL;
}

void ts_metric_resolve(ts_metric *m, const char *name, double v)
{
    for (size_t k = 0; k < m->n_refs; k++) {
        double *slot = strcmp(m->refs[k].param, name) == 0 ? num_slot(m, &m->refs[k]) : NULL;
        if (slot != NULL)
            *slot = v;
    }
}

bool ts_rulebook_set_param(ts_rulebook *rb, const char *name, double v)
{
    size_t p;
    for (p = 0; p < rb->n_params && strcmp(rb->params[p].name, name) != 0; p++)
        ;
    if (p == rb->n_params)
        return false;
    rb->params[p].value = v;
    for (size_t t = 0; t < rb->n_tiers; t++)
        for (size_t k = 0; k < rb->tiers[t].n_when; k++)
            if (rb->tiers[t].when[k].param != NULL && strcmp(rb->tiers[t].when[k].param, name) == 0)
                rb->tiers[t].when[k].value = v;
    for (size_t i = 0; i < rb->n_metrics; i++)
        ts_metric_resolve(&rb->metrics[i], name, v);
    return true;
}

/* English: label, else name; Chinese: label_zh, else the English choice. */
static const char *pick(const char *name, const char *label, const char *label_zh, bool chinese)
{
    const char *en = label != NULL && *label != '\0' ? label : name;
    if (chinese && label_zh != NULL && *label_zh != '\0')
        return label_zh;
    return en != NULL ? en : "";
}

const char *ts_rule_event_label(const ts_rule_event *ev, bool chinese)
{
    return pick(ev->name, ev->label, ev->label_zh, chinese);
}

const char *ts_metric_label(const ts_metric *m, bool chinese)
{
    return pick(m->name, m->label, m->label_zh, chinese);
}

const char *const ts_event_kind_words[] = {
    "not_shipped", "late_dispatch", "lost", "late_delivery", "dispute", "dispute_no_reply",
    "arbitration", "seller_responsible", "feedback", "dsr", "slow_reply", "dispute_reason", NULL,
};
const char *const ts_metric_kind_words[] = {"rate", "feedback_share", "dsr_mean", "count",
                                            "reply_within", "reply_mean_minutes", "points", "sum",
                                            "daily_mean", "peer_rank", "mean_days", NULL};
const char *const ts_rule_reason_words[] = {"not_received", "not_as_described", NULL};
const char *const ts_moment_words[] = {"pay", "dispatch", "delivery", "end", "feedback", NULL};
const char *const ts_better_words[] = {"higher", "lower", NULL};
const char *const ts_dsr_dim_words[] = {"description", "communication", "shipping", NULL};
const char *const ts_op_words[] = {"<", "<=", ">", ">=", NULL};
const char *const ts_anchor_words[] = {"end", "pay", "feedback", NULL};
const char *const ts_schedule_words[] = {"month", "day", NULL};
const char *const ts_conv_filter_words[] = {"all", "pre_sale", "post_sale", NULL};

const char *ts_event_kind_name(ts_event_kind kind)
{
    return (unsigned)kind < TS_EV_KIND_COUNT ? ts_event_kind_words[kind] : "?";
}

const char *ts_metric_kind_name(ts_metric_kind kind)
{
    return (unsigned)kind < TS_METRIC_KIND_COUNT ? ts_metric_kind_words[kind] : "?";
}

const char *ts_dsr_dim_name(ts_dsr_dim dim)
{
    return (unsigned)dim < TS_DSR_COUNT ? ts_dsr_dim_words[dim] : "?";
}

const char *ts_op_name(ts_op op)
{
    return (unsigned)op <= TS_OP_GE ? ts_op_words[op] : "?";
}

const char *ts_anchor_name(ts_anchor anchor)
{
    return (unsigned)anchor <= TS_ANCHOR_FEEDBACK ? ts_anchor_words[anchor] : "?";
}
