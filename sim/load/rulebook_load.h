/*
** rulebook_load.h — reading rulebooks (docs/rulebooks.md): the shipped ones
** by name, any file, or an inline rulebook inside a scenario.
*/
#ifndef TS_RULEBOOK_LOAD_H
#define TS_RULEBOOK_LOAD_H

#include <stddef.h>
#include "tiersim.h"
#include "rulebook.h"
#include "json.h"

/*
** The folder holding the shipped rulebooks: $TIERSIM_RULES if set; else, for
** an installed binary, <folder of the executable>/../share/tiersim/rules when
** it exists (found through /proc/self/exe, so a moved prefix still works);
** else the models/rules folder of the source tree the binary was built from
** (TS_RULES_DIR, set by CMake; what build-tree binaries and tests use).
** Freshly allocated (free with free()).
*/
char *ts_rules_dir(void);

/*
** Load rulebook NAME from <ts_rules_dir()>/<NAME>.json. NAME must match
** [a-z0-9][a-z0-9._-]* (no paths). On failure returns NULL and adds every
** problem to err (naming the file and the JSON path).
*/
ts_rulebook *ts_rulebook_load_name(const char *name, ts_error *err);
/* Load a rulebook from an arbitrary file (for tests and `tiersim rules FILE`). */
ts_rulebook *ts_rulebook_load_file(const char *path, ts_error *err);

/* Names of the rulebooks in ts_rules_dir(), sorted; *count set. Free with
   ts_strings_free. */
char **ts_rulebook_list(size_t *count);

/*
** The key paths a rulebook accepts, as a scenario's inline rulebook has them:
** "rules.name", "rules.events{}.kind", "rules.tiers[].when", ... (json.h).
*/
const ts_jkeylist *ts_rulebook_keys(void);

/* Build and validate a rulebook from a JSON object at path ("" for a file, "rules" inline). */
ts_rulebook *ts_rulebook_from_json(ts_jctx *c, const cJSON *obj, const char *path);

#endif
