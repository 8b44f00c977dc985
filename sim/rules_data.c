/*
** rules_data.c — a rulebook's memory: deep copy, free, longest window.
** Kept apart from the loader so that every part can free what it holds.
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
    for (size_t i = 0; i < rb->n_events; i++)
        free(rb->events[i].name);
    free(rb->events);
    for (size_t i = 0; i < rb->n_metrics; i++) {
        free(rb->metrics[i].name);
        free(rb->metrics[i].events);
    }
    free(rb->metrics);
    for (size_t i = 0; i < rb->n_tiers; i++) {
        free(rb->tiers[i].name);
        free(rb->tiers[i].label);
        free(rb->tiers[i].label_zh);
        free(rb->tiers[i].when);
    }
    free(rb->tiers);
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
    for (size_t i = 0; i < rb->n_events; i++)
        d->events[i].name = ts_xstrdup(rb->events[i].name);
    d->metrics = dup_mem(rb->metrics, rb->n_metrics * sizeof *rb->metrics);
    for (size_t i = 0; i < rb->n_metrics; i++) {
        d->metrics[i].name = ts_xstrdup(rb->metrics[i].name);
        d->metrics[i].events = dup_mem(rb->metrics[i].events,
                                       rb->metrics[i].n_events * sizeof *rb->metrics[i].events);
    }
    d->tiers = dup_mem(rb->tiers, rb->n_tiers * sizeof *rb->tiers);
    for (size_t i = 0; i < rb->n_tiers; i++) {
        d->tiers[i].name = ts_xstrdup(rb->tiers[i].name);
        d->tiers[i].label = ts_xstrdup(rb->tiers[i].label);
        d->tiers[i].label_zh = ts_xstrdup(rb->tiers[i].label_zh);
        d->tiers[i].when = dup_mem(rb->tiers[i].when, rb->tiers[i].n_when * sizeof *rb->tiers[i].when);
    }
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
