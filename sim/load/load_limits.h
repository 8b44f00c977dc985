/*
** load_limits.h — the sizes the loader refuses to go beyond (docs/robustness.md):
** strings, names and arrays of a scenario or rulebook. The run's own caps
** (orders, memory) are in sim/run/caps.h.
*/
#ifndef TS_LOAD_LIMITS_H
#define TS_LOAD_LIMITS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "tiersim.h"


/* Loader caps (checked in scenario.c and json_check.c, each with its message). */
/* Scenario and rulebook files: far above any real one, small enough to read at once. */
#define TS_MAX_FILE_BYTES ((size_t)64 << 20)
#define TS_MAX_STRING_BYTES 4096 /* any string value in a scenario or rulebook */
#define TS_MAX_NAME_BYTES 128    /* scenario, variant, peak, carrier and gift tier names */
#define TS_MAX_PEAKS 1000        /* volume.events */
#define TS_MAX_CARRIERS 100      /* fulfilment.carriers */
#define TS_MAX_SHIFTS 100        /* service.team.shifts */
#define TS_MAX_GIFT_TIERS 127    /* gifts.tiers: an order stores its tier in an int8_t */
#define TS_MAX_VARIANTS 256      /* variants in a study, the base and sweeps included */
#define TS_MAX_EVALUATIONS 3660  /* evaluations listed in a file (one per day of the longest horizon) */

#endif
