/*
** fuzz_orders.c — libFuzzer harness: any bytes as an order export
** (docs/data-format.md), read with the automatic column map. Reading must
** never crash, leak or hang; it either succeeds with no message or fails with
** at least one, and a success holds only consistent orders.
*/
#include <stdint.h>
#include <stdlib.h>

#include "orders.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    ts_error err = {0};
    ts_orders h;
    ts_status st = ts_orders_read_buffer("fuzz.csv", (const char *)data, size, NULL, &h, &err);
    if ((st == TS_OK) != (err.count == 0))
        abort(); /* a failure says why; a success says nothing */
    for (size_t i = 0; st == TS_OK && i < h.n_orders; i++) {
        const ts_hist_order *o = &h.orders[i];
        if (o->value < 0 || (o->lost && o->delivered != TS_NO_DATE) || o->paid == TS_NO_DATE ||
            o->stars > 5 || (o->ruling >= 0 && o->arbitration == TS_NO_DATE) ||
            (o->delivered != TS_NO_DATE && o->delivered < o->paid))
            abort(); /* what the reader promises of every order it keeps */
    }
    ts_orders_release(&h);
    ts_error_clear(&err);
    return 0;
}
