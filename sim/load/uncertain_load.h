/*
** uncertain_load.h — reading a scenario's `uncertain` object (docs/model.md
** §15, docs/scenario-format.md "`uncertain` (model.md §15)"): each PATH resolved to a numeric
** field through the key table, each distribution checked against its range.
*/
#ifndef TS_UNCERTAIN_LOAD_H
#define TS_UNCERTAIN_LOAD_H

#include "json.h"
#include "scenario.h"

/* Read root's "uncertain" (if any) into sc->uncertain, reporting every problem to c. */
void ts_load_uncertain(ts_jctx *c, const cJSON *root, ts_scenario *sc);

#endif
