/*
** history.c — the names of the order export's columns and reasons
** (docs/data-format.md "Columns") and freeing a read export.
*/
#include "history.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

const char *const ts_column_names[TS_COL_COUNT] = {
    "order_id",          "paid_at",           "value",             "currency",
    "promised_days",     "closed_unshipped_at", "dispatched_at",   "carrier",
    "delivered_at",      "lost",              "dispute_opened_at", "dispute_reason",
    "dispute_replied",   "arbitration_at",    "ruling",            "dispute_closed_at",
    "feedback_at",       "stars",             "dsr_description",   "dsr_communication",
    "dsr_shipping",      "revised_at",        "revised_stars",     "gift_tier",
    "first_reply_minutes",
};

const char *const ts_reason_names[TS_REASON_COUNT] = {
    "not_received", "not_as_described", "quality", "other",
};

void ts_orders_release(ts_orders *h)
{
    if (h == NULL)
        return;
    free(h->file);
    free(h->columns_from);
    free(h->orders);
    free(h->ids);
    ts_strings_free(h->carriers, h->n_carriers);
    ts_strings_free(h->gift_tiers, h->n_gift_tiers);
    free(h->currency);
    ts_strings_free(h->notes, h->n_notes);
    memset(h, 0, sizeof *h);
}

ts_history *ts_history_new(ts_orders *orders, const char *spec)
{
    ts_history *h = ts_xcalloc(1, sizeof *h);
    h->orders = *orders;
    memset(orders, 0, sizeof *orders);
    h->spec = ts_xstrdup(spec);
    atomic_init(&h->refs, 1);
    return h;
}

ts_history *ts_history_ref(ts_history *h)
{
    if (h != NULL)
        atomic_fetch_add(&h->refs, 1);
    return h;
}

void ts_history_unref(ts_history *h)
{
    if (h == NULL || atomic_fetch_sub(&h->refs, 1) != 1)
        return;
    ts_orders_release(&h->orders);
    free(h->spec);
    free(h);
}
