/*
** export.h — `tiersim run --export-orders FILE`: one simulated replication's
** orders written as the seller's own order export (docs/data-format.md), as a
** seller would download it at the end of the horizon.
*/
#ifndef TS_EXPORT_H
#define TS_EXPORT_H

#include <stddef.h>
#include <stdint.h>
#include "tiersim.h"
#include "scenario.h"

/*
** The export of replication rep of sc as CSV text (free with free()): every
** order paid on days 0 .. days-1, in pay-day order, one row each, with what
** had happened by the end of the horizon's last day (docs/data-format.md
** "Exports written by tiersim"). *rows receives the number of orders.
*/
char *ts_export_orders_csv(const ts_scenario *sc, uint64_t rep, size_t *len, size_t *rows);

/* ts_export_orders_csv written atomically to path (its folder must exist). */
ts_status ts_export_orders_write(const ts_scenario *sc, uint64_t rep, const char *path,
                                 size_t *rows, ts_error *err);

#endif
