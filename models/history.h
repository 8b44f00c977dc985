/*
** history.h — the seller's own orders as read from an order export
** (docs/data-format.md): one record per row, days as civil dates, names
** interned. The reader is sim/load/orders.c.
*/
#ifndef TS_HISTORY_H
#define TS_HISTORY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "tiersim.h"
#include "date.h"

/* A date cell left empty: the event did not happen (yet). */
#define TS_NO_DATE INT32_MIN

/* The format's columns, in the order docs/data-format.md "Columns" lists them. */
typedef enum {
    TS_COL_ORDER_ID,
    TS_COL_PAID_AT,
    TS_COL_VALUE,
    TS_COL_CURRENCY,
    TS_COL_PROMISED_DAYS,
    TS_COL_CLOSED_UNSHIPPED_AT,
    TS_COL_DISPATCHED_AT,
    TS_COL_CARRIER,
    TS_COL_DELIVERED_AT,
    TS_COL_LOST,
    TS_COL_DISPUTE_OPENED_AT,
    TS_COL_DISPUTE_REASON,
    TS_COL_DISPUTE_REPLIED,
    TS_COL_ARBITRATION_AT,
    TS_COL_RULING,
    TS_COL_DISPUTE_CLOSED_AT,
    TS_COL_FEEDBACK_AT,
    TS_COL_STARS,
    TS_COL_DSR_DESCRIPTION,
    TS_COL_DSR_COMMUNICATION,
    TS_COL_DSR_SHIPPING,
    TS_COL_REVISED_AT,
    TS_COL_REVISED_STARS,
    TS_COL_GIFT_TIER,
    TS_COL_FIRST_REPLY_MINUTES,
    TS_COL_COUNT
} ts_column;

/* The column's name in the format ("order_id"), by ts_column. */
extern const char *const ts_column_names[TS_COL_COUNT];

/* dispute_reason values (-1: empty). */
typedef enum {
    TS_REASON_NOT_RECEIVED,
    TS_REASON_NOT_AS_DESCRIBED,
    TS_REASON_QUALITY,
    TS_REASON_OTHER,
    TS_REASON_COUNT
} ts_dispute_reason;

/* The reason's name in the format, by ts_dispute_reason. */
extern const char *const ts_reason_names[TS_REASON_COUNT];

/* One row of an export. Dates are civil days, TS_NO_DATE when empty. */
typedef struct {
    size_t id;              /* offset of the order_id in ts_orders.ids */
    uint32_t row;           /* the file's row (header = 1) */
    ts_civil paid;
    int16_t paid_minute;    /* minute of the day when the file gives a time, else -1 */
    int16_t promised_days;  /* -1: not given */
    double value;
    ts_civil closed_unshipped, dispatched, delivered, dispute_opened, arbitration, dispute_closed,
        feedback, revised;
    int16_t carrier;        /* index into ts_orders.carriers, -1: empty */
    int16_t gift_tier;      /* index into ts_orders.gift_tiers, -1: empty */
    int8_t lost;            /* 1: lost; 0: not (or empty) */
    int8_t reason;          /* ts_dispute_reason, -1: empty */
    int8_t replied;         /* 1, 0, or -1: empty */
    int8_t ruling;          /* 1: seller responsible, 0: buyer, -1: none */
    uint8_t stars;          /* 1..5, 0: empty */
    uint8_t dsr[3];         /* description, communication, shipping; 0: empty */
    uint8_t revised_stars;  /* 1..5, 0: empty */
    double first_reply_minutes; /* NAN when empty */
} ts_hist_order;

/* An export as read: its orders in file order and what the reader noted. */
typedef struct {
    char *file;
    char *columns_from;     /* "the tiersim format", or the column map used */
    ts_hist_order *orders;
    size_t n_orders;
    char *ids;              /* every order_id, NUL-terminated one after the other */
    char **carriers;        /* in order of first appearance */
    size_t n_carriers;
    char **gift_tiers;
    size_t n_gift_tiers;
    char *currency;         /* NULL when no row gives one */
    bool has[TS_COL_COUNT]; /* the file has the column */
    ts_civil first_paid, last_paid; /* over the orders; TS_NO_DATE without any */
    ts_civil last_event;    /* the latest date any cell holds */
    char **notes;           /* what was ignored (unknown columns) */
    size_t n_notes;
} ts_orders;

/* The order_id of order o of h. */
static inline const char *ts_orders_id(const ts_orders *h, const ts_hist_order *o)
{
    return h->ids + o->id;
}

/* Free what h owns (not h itself); h may be zeroed. */
void ts_orders_release(ts_orders *h);

/*
** A scenario's `history` (docs/model.md §14): the export as read, shared by
** the base and every variant (and the runner's per-thread copies) through a
** reference count.
*/
typedef struct {
    ts_orders orders;
    char *spec;        /* the key as written (file, and column map when given) */
    _Atomic long refs;
} ts_history;

/* A new history holding orders (moved in) with one reference. */
ts_history *ts_history_new(ts_orders *orders, const char *spec);
/* One more reference to h (NULL stays NULL). */
ts_history *ts_history_ref(ts_history *h);
/* Drop a reference; the last frees h. NULL is ignored. */
void ts_history_unref(ts_history *h);

#endif
