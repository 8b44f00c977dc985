/*
** uncertain.h — uncertain parameters (docs/model.md §15): the seven
** distributions by their inverse CDFs, their supports, and the draw of every
** uncertain parameter of a replication from its own substream.
*/
#ifndef TS_UNCERTAIN_H
#define TS_UNCERTAIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "scenario.h"

/* The distributions' names as a scenario writes them, by ts_dist_kind. */
extern const char *const ts_dist_names[TS_DIST_COUNT];
/* How many numbers each distribution takes (2 or 3), by ts_dist_kind. */
extern const size_t ts_dist_arity[TS_DIST_COUNT];

/* The substream index of an uncertain parameter: the 32-bit FNV-1a hash of its path. */
uint32_t ts_uncertain_stream(const char *path);

/*
** Whether u's distribution is well-formed and its support lies in the
** parameter's range [lo, hi] (a truncated normal: keeps at least 1e-6 of its
** mass there). NULL when it does; else a sentence saying why (static).
*/
const char *ts_uncertain_check(const ts_uncertain *u);

/*
** The q-quantile (q in (0, 1)) of u's distribution (docs/model.md §15), kept
** inside [lo, hi].
*/
double ts_uncertain_quantile(const ts_uncertain *u, double q);

/* The field of sc that u names. */
double *ts_uncertain_field(ts_scenario *sc, const ts_uncertain *u);

/*
** Replication rep's draw of every uncertain parameter of sc into
** values[0 .. n_uncertain-1]: the quantile at the first uniform of
** (seed, rep, day 0, TS_MECH_UNCERTAIN, stream).
*/
void ts_uncertain_draw(const ts_scenario *sc, uint64_t rep, double *values);

#endif
