/*
** keys.h — the table of a scenario's keys (models/scenario_keys.h) as the loader
** uses it (docs/scenario-format.md): checking an object's keys against it, and
** reading a key as its row says (required, type, range) into the row's field.
*/
#ifndef TS_KEYS_H
#define TS_KEYS_H

#include <stdbool.h>
#include "json.h"
#include "scenario_keys.h"

/* The table's paths as a ts_jkeylist (the rows start with their paths). */
ts_jkeylist ts_keys_list(void);

/*
** ts_jkeys with the table: report every key of obj (at path) that is not one
** of the keys of shape ("" for the top level, "volume.events[]" for a peak).
*/
void ts_keys_check(ts_jctx *c, const cJSON *obj, const char *path, const char *shape);

/*
** Read row k's key (its last path segment) from obj, the object at path, as
** the row says: "required key missing" when it is required and absent; its
** type and range; null for a nullable key gives the default; a TS_KEY_DAY
** date becomes its day relative to origin. Strings are borrowed from obj.
** Returns whether *out holds a valid value (false when absent or wrong;
** wrong is reported). Only scalar rows are read; the others return false.
*/
bool ts_keys_get(ts_jctx *c, const cJSON *obj, const char *path, const ts_key *k, ts_civil origin,
                 ts_key_value *out);

/* ts_keys_get, then store the value in k's field of base (the struct k->in names). */
bool ts_keys_read(ts_jctx *c, const cJSON *obj, const char *path, const ts_key *k, void *base,
                  ts_civil origin);

/* Whether obj holds a valid value for k (present, the right type, in range); says nothing. */
bool ts_keys_valid(const cJSON *obj, const ts_key *k);

/* Report a name (at path + ".name") longer than TS_MAX_NAME_BYTES; returns whether it fits. */
bool ts_keys_name_fits(ts_jctx *c, const char *path, const char *s);

#endif
