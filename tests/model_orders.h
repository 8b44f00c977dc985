/*
** model_orders.h — for the model tests: collect every order a replication
** visits into a growing array (free(orders.v) when done).
*/
#ifndef TS_TEST_MODEL_ORDERS_H
#define TS_TEST_MODEL_ORDERS_H

#include <stddef.h>
#include "tiersim.h"
#include "world.h"

typedef struct {
    ts_order *v;
    size_t n, cap;
} orders;

/* A ts_sim_run visitor appending each order to the orders at ctx. */
static inline void collect(const ts_order *o, void *ctx)
{
    orders *c = ctx;
    if (c->n == c->cap) {
        c->cap = c->cap ? 2 * c->cap : 1024;
        c->v = ts_xrealloc(c->v, c->cap * sizeof *c->v);
    }
    c->v[c->n++] = *o;
}

#endif
