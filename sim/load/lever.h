/*
** lever.h — a numeric parameter of a scenario named by its `set` path
** ("fulfilment.capacity_per_day", "volume.events[0].multiplier"): its key
** row, its valid range and its value in a scenario; and the parameters
** `tiersim sensitivity` varies by default (docs/decisions.md "Which parameters").
*/
#ifndef TS_LEVER_H
#define TS_LEVER_H

#include <stdbool.h>
#include <stddef.h>
#include "scenario_keys.h"

typedef struct {
    char *path;          /* as given, with indexes: "fulfilment.carriers[1].lost_prob" */
    const ts_key *key;   /* its row ("fulfilment.carriers[].lost_prob") */
    bool integer;        /* an integer key: values are rounded */
    double lo, hi;       /* the valid range of the key (either end may be open) */
    bool lo_open, hi_open;
    double value;        /* the scenario's value; NaN when unset (capacity_per_day unlimited) */
} ts_lever;

/*
** Resolve path on sc: a number, probability or integer key of the table
** (not schema, seed, replications, days, warmup_days, dates or enums), an
** index within the scenario's array. Returns false and sets *why (free it)
** to a message that says what was expected and what was found.
*/
bool ts_lever_find(const ts_scenario *sc, const char *path, ts_lever *out, char **why);

/* Whether v is inside the lever's valid range (and whole for an integer lever). */
bool ts_lever_valid(const ts_lever *l, double v);

/* v rounded (integers) and clipped into a closed end of the range; NaN past an open end. */
double ts_lever_clip(const ts_lever *l, double v);

/* The valid range for messages: "[0, 1]", "integers 0..3660", "> 0". Free it. */
char *ts_lever_range_text(const ts_lever *l);

/* A value as JSON text for a `set` (integers without decimals, others %.17g). Free it. */
char *ts_lever_json(const ts_lever *l, double v);

void ts_lever_release(ts_lever *l);

/*
** The levers sensitivity varies when --params is not given: every number,
** probability and integer the scenario's model reads that can move the
** tier or the metrics here (docs/decisions.md "Which parameters"). Each left
** out is one line of *notes ("PATH: why"). Free with ts_levers_free and
** ts_strings_free.
*/
ts_lever *ts_lever_defaults(const ts_scenario *sc, size_t *n, char ***notes, size_t *n_notes);

void ts_levers_free(ts_lever *levers, size_t n);

/* A range given by the user for one parameter (sensitivity --ranges FILE). */
typedef struct {
    char *path;
    double lo, hi;
} ts_lever_range;

/*
** Read --ranges FILE: {"PATH": [LOW, HIGH], ...}, LOW <= HIGH, both finite.
** NULL with every problem in err (file, JSON path, expected, found); an
** empty object gives a non-NULL list with *n = 0.
*/
ts_lever_range *ts_lever_ranges_load(const char *file, size_t *n, ts_error *err);

void ts_lever_ranges_free(ts_lever_range *r, size_t n);

#endif
