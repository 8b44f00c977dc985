/*
** keys.c — the scenario's keys (models/scenario_keys.c) as the loader uses them:
** the accepted keys for ts_jkeys, and the list of every key the loader knows.
*/
#include "keys.h"
#include "rulebook_load.h"
#include "study.h"

ts_jkeylist ts_keys_list(void)
{
    size_t n;
    const ts_key *rows = ts_keys_table(&n);
    return (ts_jkeylist){rows, n, sizeof *rows};
}

void ts_keys_check(ts_jctx *c, const cJSON *obj, const char *path, const char *shape)
{
    ts_jkeylist list = ts_keys_list();
    ts_jkeys(c, obj, path, &list, shape);
}

const char *ts_scenario_known_key(size_t i)
{
    ts_jkeylist s = ts_keys_list();
    const ts_jkeylist *r = ts_rulebook_keys();
    if (i < s.count)
        return ts_jkeylist_path(&s, i);
    i -= s.count;
    return i < r->count ? ts_jkeylist_path(r, i) : NULL;
}
