/*
** keys.h — the scenario's keys as the loader uses them (docs/scenario-format.md):
** the list ts_jkeys checks objects against.
*/
#ifndef TS_KEYS_H
#define TS_KEYS_H

#include "json.h"

/*
** Every key path a scenario accepts outside its inline rulebook (those are
** ts_rulebook_keys), for ts_jkeys: "volume.events[].multiplier", ... Static.
*/
const ts_jkeylist *ts_scenario_keylist(void);

#endif
