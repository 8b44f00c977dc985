/*
** rulebook_data.c — a rulebook's memory and small queries: deep copy, free,
** longest window, labels, parameters, the words of the format. Kept apart
** from the loader so that every part can use them.
*/
#include "rulebook.h"

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
        if (rb->metrics[i].window_days > w)
            w = rb->metrics[i].window_days;
    return w;
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
    "arbitration", "seller_responsible", "feedback", "dsr", "slow_reply", NULL,
};
const char *const ts_metric_kind_words[] = {"rate", "feedback_share", "dsr_mean", "count",
                                            "reply_within", "reply_mean_minutes", NULL};
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
