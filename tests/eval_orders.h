/*
** eval_orders.h — for the evaluation tests: a hand-built order with nothing
** happening to it, which a test then gives its events and feedback.
*/
#ifndef TS_TEST_EVAL_ORDERS_H
#define TS_TEST_EVAL_ORDERS_H

#include <string.h>
#include "world.h"

/* An order paid on day pay that ends on day end, worth 10, no gift, nothing else happening. */
static inline ts_order ts_test_order(int32_t pay, int32_t end)
{
    ts_order o;
    memset(&o, 0, sizeof o);
    o.pay = pay;
    o.end = end;
    o.dispatch = o.delivery = TS_NEVER;
    for (int k = 0; k < TS_EV_FEEDBACK; k++)
        o.event_day[k] = TS_NEVER;
    o.feedback_day = TS_NEVER;
    o.revision_day = TS_NEVER;
    o.slow_reply_day = TS_NEVER;
    o.value = 10.0;
    o.gift_tier = -1;
    return o;
}

#endif
