/*
** keys.c — the scenario's keys (models/scenario_keys.c) as the loader uses them:
** the accepted keys for ts_jkeys, and reading any scalar key as its row says.
*/
#include "keys.h"
#include "load_limits.h"
#include "rulebook_load.h"
#include "study.h"

#include <stdlib.h>
#include <string.h>

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

bool ts_keys_name_fits(ts_jctx *c, const char *path, const char *s)
{
    size_t n = strlen(s);
    if (n <= TS_MAX_NAME_BYTES)
        return true;
    char *p = ts_jpath(path, "name");
    ts_jctx_error(c, p, "expected a name of at most %d bytes, found one of %zu bytes", TS_MAX_NAME_BYTES, n);
    free(p);
    return false;
}

/* A fixed-length array of n numbers >= 0 (weekday factors, low-star weights); out set only when valid. */
static bool read_numbers(ts_jctx *c, const cJSON *obj, const char *path, const char *key, double *out,
                         size_t n)
{
    const cJSON *v = ts_jget(obj, key);
    if (v == NULL)
        return false;
    char *p = ts_jpath(path, key);
    bool ok = true;
    if (!cJSON_IsArray(v) || (size_t)cJSON_GetArraySize(v) != n) {
        char *f = ts_json_describe(v);
        ts_jctx_error(c, p, "expected an array of %zu numbers >= 0, found %s", n, f);
        free(f);
        ok = false;
    } else {
        size_t i = 0;
        double tmp[TS_KEYS_MAX_NUMBERS] = {0};
        for (const cJSON *e = v->child; e != NULL; e = e->next, i++) {
            if (!cJSON_IsNumber(e) || !(e->valuedouble >= 0)) {
                char *ep = ts_jpath_index(p, i), *f = ts_json_describe(e);
                ts_jctx_error(c, ep, "expected a number >= 0, found %s", f);
                free(f);
                free(ep);
                ok = false;
            } else {
                tmp[i] = e->valuedouble;
            }
        }
        if (ok)
            memcpy(out, tmp, n * sizeof *out);
    }
    free(p);
    return ok;
}

bool ts_keys_get(ts_jctx *c, const cJSON *obj, const char *path, const ts_key *k, ts_civil origin,
                 ts_key_value *out)
{
    const char *key = ts_keys_leaf(k);
    if ((k->flags & TS_KEY_REQUIRED) && !ts_jneed(c, obj, path, key))
        return false;
    const cJSON *v = ts_jget(obj, key);
    if (v == NULL)
        return false;
    if ((k->flags & TS_KEY_NULLABLE) && cJSON_IsNull(v)) {
        *out = k->def;
        return true;
    }
    bool nonempty = (k->flags & TS_KEY_NONEMPTY) != 0;
    ts_civil d;
    int e;
    switch (k->type) {
    case TS_KEY_NUMBER:
    case TS_KEY_PROB:
        return ts_jnumber(c, obj, path, key, k->lo, k->lo_open, k->hi, k->hi_open, &out->num);
    case TS_KEY_INTEGER:
        return ts_jint(c, obj, path, key, k->min, k->max, &out->integer);
    case TS_KEY_STRING:
        return ts_jstring(c, obj, path, key, nonempty, &out->text);
    case TS_KEY_NAME:
        return ts_jstring(c, obj, path, key, nonempty, &out->text) && ts_keys_name_fits(c, path, out->text);
    case TS_KEY_DATE:
    case TS_KEY_DAY:
        if (!ts_jdate(c, obj, path, key, &d))
            return false;
        out->integer = k->type == TS_KEY_DAY ? (int32_t)(d - origin) : d;
        return true;
    case TS_KEY_ENUM:
        if (!ts_jenum(c, obj, path, key, k->choices, &e))
            return false;
        out->integer = e;
        return true;
    case TS_KEY_NUMBERS:
        return read_numbers(c, obj, path, key, out->numbers, k->count);
    case TS_KEY_OBJECT:
    case TS_KEY_ARRAY:
    case TS_KEY_RULEBOOK:
    case TS_KEY_FILE:
        break;
    }
    return false;
}

bool ts_keys_read(ts_jctx *c, const cJSON *obj, const char *path, const ts_key *k, void *base,
                  ts_civil origin)
{
    ts_key_value v = {0};
    if (!ts_keys_get(c, obj, path, k, origin, &v))
        return false;
    ts_keys_store(k, base, &v);
    return true;
}

bool ts_keys_valid(const cJSON *obj, const ts_key *k)
{
    ts_error quiet = {0};
    ts_jctx q = {&quiet, "", "", 0};
    ts_key_value v = {0};
    bool ok = ts_keys_get(&q, obj, "", k, 0, &v);
    ts_error_clear(&quiet);
    return ok;
}
