/*
** export.c — a simulated replication's orders as an order export
** (docs/data-format.md): collect the orders of the horizon, order them by pay
** day, and write each with what was visible on the horizon's last day.
*/
#include "export.h"

#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "files.h"
#include "world.h"

/* The columns, in the order docs/data-format.md lists them. */
static const char HEADER[] =
    "order_id,paid_at,value,currency,promised_days,closed_unshipped_at,dispatched_at,carrier,"
    "delivered_at,lost,dispute_opened_at,dispute_reason,dispute_replied,arbitration_at,ruling,"
    "dispute_closed_at,feedback_at,stars,dsr_description,dsr_communication,dsr_shipping,"
    "revised_at,revised_stars,gift_tier\r\n";

typedef struct {
    ts_order *orders;
    size_t n, cap;
    int32_t days;
} collected;

static void collect(const ts_order *o, void *ctx)
{
    collected *c = ctx;
    if (o->pay < 0 || o->pay >= c->days)
        return;
    if (c->n == c->cap) {
        c->cap = c->cap ? c->cap * 2 : 1024;
        c->orders = ts_xrealloc(c->orders, c->cap * sizeof *c->orders);
    }
    c->orders[c->n++] = *o;
}

/* Stable by pay day: merge sort on a scratch array (qsort is not stable). */
static void sort_by_pay(ts_order *a, ts_order *tmp, size_t n)
{
    if (n < 2)
        return;
    size_t h = n / 2;
    sort_by_pay(a, tmp, h);
    sort_by_pay(a + h, tmp, n - h);
    size_t i = 0, j = h, k = 0;
    while (i < h && j < n)
        tmp[k++] = a[j].pay < a[i].pay ? a[j++] : a[i++];
    while (i < h)
        tmp[k++] = a[i++];
    while (j < n)
        tmp[k++] = a[j++];
    memcpy(a, tmp, n * sizeof *a);
}

/* A date cell: the day when it is not TS_NEVER and not after asof, else empty. */
static void day_cell(ts_buf *b, ts_civil start, int32_t day, int32_t asof)
{
    ts_buf_puts(b, ",");
    if (day == TS_NEVER || day > asof)
        return;
    char s[11];
    ts_date_format(start + day, s);
    ts_buf_puts(b, s);
}

/* A text cell, quoted as RFC 4180 asks when it holds a comma, quote or line break. */
static void text_cell(ts_buf *b, const char *s)
{
    ts_buf_puts(b, ",");
    if (strpbrk(s, ",\"\r\n") == NULL) {
        ts_buf_puts(b, s);
        return;
    }
    ts_buf_puts(b, "\"");
    for (const char *p = s; *p; p++) {
        ts_buf_add(b, p, 1);
        if (*p == '"') /* a quote inside a quoted field is doubled */
            ts_buf_add(b, p, 1);
    }
    ts_buf_puts(b, "\"");
}

/*
** docs/data-format.md "Exports written by tiersim": the dispute's reason from
** the order's flags, first that applies of lost, mismatch, quality.
*/
static const char *dispute_reason(const ts_order *o)
{
    if (o->flags & TS_ORDER_LOST)
        return "not_received";
    if (o->flags & TS_ORDER_MISMATCH)
        return "not_as_described";
    if (o->flags & TS_ORDER_QUALITY)
        return "quality";
    return "other";
}

/* One row: what had happened to order o by the end of day asof. */
static void order_row(ts_buf *b, const ts_scenario *sc, const ts_order *o, size_t id, int32_t asof)
{
    const ts_fulfilment *f = &sc->fulfilment;
    ts_civil st = sc->start;
    char paid[11];
    ts_date_format(st + o->pay, paid);
    ts_buf_printf(b, "O%07zu,%s,%.2f", id, paid, o->value);
    text_cell(b, sc->order_value.currency);
    /* the promise is the lane's (docs/model.md §16); an unshipped order has no lane: the fulfilment's */
    ts_buf_printf(b, ",%d", (int)(o->carrier >= 0 ? f->carriers[o->carrier].promised_delivery_days
                                                  : f->promised_delivery_days));
    day_cell(b, st, o->event_day[TS_EV_NOT_SHIPPED], asof);
    bool shipped = o->dispatch != TS_NEVER && o->dispatch <= asof;
    day_cell(b, st, shipped ? o->dispatch : TS_NEVER, asof);
    if (shipped && o->carrier >= 0)
        text_cell(b, f->carriers[o->carrier].name);
    else
        ts_buf_puts(b, ",");
    day_cell(b, st, o->delivery, asof);
    bool lost = (o->flags & TS_ORDER_LOST) && o->event_day[TS_EV_LOST] <= asof;
    ts_buf_puts(b, lost ? ",1" : ",");

    int32_t open = o->event_day[TS_EV_DISPUTE];
    bool disputed = open != TS_NEVER && open <= asof;
    day_cell(b, st, disputed ? open : TS_NEVER, asof);
    ts_buf_puts(b, ",");
    if (disputed)
        ts_buf_puts(b, dispute_reason(o));
    /* replied: known once the seller replied (taken as the opening day) or the 5 days ran out */
    int32_t no_reply = o->event_day[TS_EV_DISPUTE_NO_REPLY];
    ts_buf_puts(b, !disputed ? "," : no_reply == TS_NEVER ? ",1" : no_reply <= asof ? ",0" : ",");
    int32_t arb = o->event_day[TS_EV_ARBITRATION];
    day_cell(b, st, disputed ? arb : TS_NEVER, asof);
    /* the ruling is given on the arbitrated dispute's close day (docs/model.md §6) */
    bool ruled = disputed && arb != TS_NEVER && o->end <= asof;
    ts_buf_puts(b, !ruled ? "," : o->event_day[TS_EV_SELLER_RESPONSIBLE] != TS_NEVER ? ",seller" : ",buyer");
    day_cell(b, st, disputed ? o->end : TS_NEVER, asof);

    bool fb = o->feedback_left != TS_NEVER && o->feedback_left <= asof;
    day_cell(b, st, fb ? o->feedback_left : TS_NEVER, asof);
    if (fb)
        ts_buf_printf(b, ",%u,%u,%u,%u", o->stars, o->dsr[0], o->dsr[1], o->dsr[2]);
    else
        ts_buf_puts(b, ",,,,");
    bool revised = fb && o->revision_day != TS_NEVER && o->revision_day <= asof;
    day_cell(b, st, revised ? o->revision_day : TS_NEVER, asof);
    ts_buf_puts(b, revised ? ",5" : ",");
    if (o->gift_tier >= 0)
        text_cell(b, sc->gifts.tiers[o->gift_tier].name);
    else
        ts_buf_puts(b, ",");
    ts_buf_puts(b, "\r\n");
}

char *ts_export_orders_csv(const ts_scenario *sc, uint64_t rep, size_t *len, size_t *rows)
{
    collected c = {.days = sc->days};
    ts_sim *sim = ts_sim_new(sc);
    double *money = ts_xcalloc(ts_money_fields(sc), sizeof *money);
    ts_sim_run(sim, rep, collect, &c, money);
    free(money);
    ts_sim_free(sim);
    ts_order *tmp = ts_xcalloc(c.n + 1, sizeof *tmp);
    sort_by_pay(c.orders, tmp, c.n);
    free(tmp);

    ts_buf b = {0};
    ts_buf_puts(&b, HEADER);
    for (size_t i = 0; i < c.n; i++)
        order_row(&b, sc, &c.orders[i], i + 1, sc->days - 1);
    free(c.orders);
    *len = b.len;
    *rows = c.n;
    return b.s;
}

ts_status ts_export_orders_write(const ts_scenario *sc, uint64_t rep, const char *path,
                                 size_t *rows, ts_error *err)
{
    size_t len;
    char *text = ts_export_orders_csv(sc, rep, &len, rows);
    ts_status st = ts_file_write(path, text, len, err);
    free(text);
    return st;
}
