/*
** keys.h — the table of a scenario's keys (models/scenario_keys.h) as the loader
** uses it (docs/scenario-format.md): checking an object's keys against it.
*/
#ifndef TS_KEYS_H
#define TS_KEYS_H

#include "json.h"
#include "scenario_keys.h"

/* The table's paths as a ts_jkeylist (the rows start with their paths). */
ts_jkeylist ts_keys_list(void);

/*
** ts_jkeys with the table: report every key of obj (at path) that is not one
** of the keys of shape ("" for the top level, "volume.events[]" for a peak).
*/
void ts_keys_check(ts_jctx *c, const cJSON *obj, const char *path, const char *shape);

#endif
