/*
** uncertain_load.c — the `uncertain` object of a scenario (docs/model.md §15):
** PATH -> {"DIST": [numbers]}; a PATH names a number of the key table, an
** array element by [i]; keys whose values are checked together with others
** (carrier shares, gift thresholds, low-star weights) and integers are refused.
*/
#include "uncertain_load.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "keys.h"
#include "uncertain.h"

/* Numbers that are checked or normalised together with others at loading: never drawn. */
static const char *const JOINT[] = {
    "fulfilment.carriers[].share",
    "gifts.tiers[].min_order",
    "buyers.low_star_weights",
};

/* The number of elements of the array of struct `in` in sc. */
static size_t array_length(const ts_scenario *sc, ts_key_in in)
{
    switch (in) {
    case TS_IN_PEAK:
        return sc->volume.n_events;
    case TS_IN_CARRIER:
        return sc->fulfilment.n_carriers;
    case TS_IN_GIFT_TIER:
        return sc->gifts.n_tiers;
    case TS_IN_SHIFT:
        return sc->service.team.n_shifts;
    default:
        return 0;
    }
}

/*
** "a.b[2].c" -> shape "a.b[].c" and index 2; "a.b[3]" -> shape "a.b", index 3,
** *last true. At most one index. NULL when the path is not of that form.
*/
static char *shape_of(const char *path, size_t *index, bool *indexed, bool *last)
{
    size_t n = strlen(path);
    char *shape = ts_xmalloc(n + 3);
    size_t o = 0;
    *indexed = *last = false;
    for (size_t i = 0; i < n; i++) {
        if (path[i] != '[') {
            if (path[i] == ']' || (path[i] == '.' && (o == 0 || path[i + 1] == '\0' || path[i + 1] == '.')))
                goto bad;
            shape[o++] = path[i];
            continue;
        }
        if (*indexed || o == 0)
            goto bad;
        size_t j = i + 1, v = 0;
        if (j >= n || path[j] < '0' || path[j] > '9')
            goto bad;
        while (j < n && path[j] >= '0' && path[j] <= '9' && v < 100000000)
            v = v * 10 + (size_t)(path[j++] - '0');
        if (j >= n || path[j] != ']')
            goto bad;
        *indexed = true;
        *index = v;
        i = j;
        if (i + 1 == n) {
            *last = true;
        } else {
            if (path[i + 1] != '.')
                goto bad;
            shape[o++] = '[';
            shape[o++] = ']';
        }
    }
    if (o == 0)
        goto bad;
    shape[o] = '\0';
    return shape;
bad:
    free(shape);
    return NULL;
}

/* PATH to the field it names, into u (in, element, offset, range); false after reporting. */
static bool resolve(ts_jctx *c, const char *where, const char *path, const ts_scenario *sc, ts_uncertain *u)
{
    size_t index = 0;
    bool indexed, last;
    char *shape = shape_of(path, &index, &indexed, &last);
    if (shape == NULL) {
        ts_jctx_error(c, where, "expected a path like \"product.quality_defect_prob\" or "
                                "\"fulfilment.carriers[0].lost_prob\" (at most one [i])");
        return false;
    }
    const ts_key *k = ts_keys_find(shape);
    bool ok = false;
    for (size_t j = 0; k != NULL && j < sizeof JOINT / sizeof *JOINT; j++)
        if (strcmp(shape, JOINT[j]) == 0) {
            ts_jctx_error(c, where, "%s cannot be uncertain: it is checked together with other values when the "
                                    "scenario is loaded (docs/model.md §15)", shape);
            goto done;
        }
    if (k == NULL) {
        ts_jctx_error(c, where, "not a key of a scenario");
        goto done;
    }
    if (last) { /* an element of a fixed-length array of numbers */
        if (k->type != TS_KEY_NUMBERS) {
            ts_jctx_error(c, where, "%s is not an array of numbers", shape);
            goto done;
        }
        if (index >= k->count) {
            ts_jctx_error(c, where, "array index %zu out of range (%s has %zu numbers)", index, shape, k->count);
            goto done;
        }
        u->in = TS_IN_SCENARIO;
        u->element = 0;
        u->offset = k->offset + index * sizeof(double);
        u->lo = 0.0;
        u->hi = HUGE_VAL;
        u->lo_open = u->hi_open = false;
        ok = true;
        goto done;
    }
    if ((k->type != TS_KEY_NUMBER && k->type != TS_KEY_PROB) || k->field != TS_FIELD_DOUBLE) {
        ts_jctx_error(c, where, "%s is not a real number (only real-valued parameters can be uncertain; "
                                "integers, days, names and switches cannot)", shape);
        goto done;
    }
    if (indexed != (k->in != TS_IN_SCENARIO)) {
        ts_jctx_error(c, where, indexed ? "%s takes no index" : "%s needs an index [i]", shape);
        goto done;
    }
    if (indexed && index >= array_length(sc, k->in)) {
        size_t len = array_length(sc, k->in);
        ts_jctx_error(c, where, "array index %zu out of range (the scenario has %zu)", index, len);
        goto done;
    }
    u->in = (int)k->in;
    u->element = index;
    u->offset = k->offset;
    u->lo = k->lo;
    u->hi = k->hi;
    u->lo_open = k->lo_open;
    u->hi_open = k->hi_open;
    ok = true;
done:
    free(shape);
    return ok;
}

/* {"DIST": [numbers]} into u (kind, p); false after reporting. */
static bool distribution(ts_jctx *c, const char *where, const cJSON *v, ts_uncertain *u)
{
    ts_buf names = {0};
    for (int d = 0; d < TS_DIST_COUNT; d++)
        ts_buf_printf(&names, "%s%s", d ? ", " : "", ts_dist_names[d]);
    bool ok = false;
    int kind = -1;
    if (cJSON_IsObject(v) && v->child != NULL && v->child->next == NULL)
        for (int d = 0; d < TS_DIST_COUNT; d++)
            if (strcmp(v->child->string, ts_dist_names[d]) == 0)
                kind = d;
    if (kind < 0) {
        char *f = ts_json_describe(v);
        if (cJSON_IsObject(v) && v->child != NULL && v->child->next == NULL)
            ts_jctx_error(c, where, "expected one of %s, found \"%s\"", names.s, v->child->string);
        else
            ts_jctx_error(c, where, "expected a distribution, an object with one member: %s (e.g. "
                                    "{\"beta\": [2, 98]}), found %s", names.s, f);
        free(f);
        goto done;
    }
    u->kind = (ts_dist_kind)kind;
    const cJSON *a = v->child;
    size_t need = ts_dist_arity[kind];
    char *at = ts_xasprintf("%s.%s", where, ts_dist_names[kind]);
    bool numbers = cJSON_IsArray(a) && (size_t)cJSON_GetArraySize(a) == need;
    size_t i = 0;
    for (const cJSON *e = numbers ? a->child : NULL; e != NULL; e = e->next)
        if (cJSON_IsNumber(e) && isfinite(e->valuedouble))
            u->p[i++] = e->valuedouble;
        else
            numbers = false;
    if (!numbers) {
        char *f = ts_json_describe(a);
        ts_jctx_error(c, at, "expected an array of %zu numbers, found %s", need, f);
        free(f);
    } else {
        const char *why = ts_uncertain_check(u);
        if (why != NULL) {
            char hi[32];
            if (isinf(u->hi))
                snprintf(hi, sizeof hi, "infinity");
            else
                snprintf(hi, sizeof hi, "%g", u->hi);
            ts_jctx_error(c, at, "%s (the parameter lies in %s%g, %s%s)", why, u->lo_open ? "(" : "[", u->lo, hi,
                          u->hi_open || isinf(u->hi) ? ")" : "]");
        } else {
            ok = true;
        }
    }
    free(at);
done:
    free(names.s);
    return ok;
}

void ts_load_uncertain(ts_jctx *c, const cJSON *root, ts_scenario *sc)
{
    const cJSON *obj = ts_jget(root, "uncertain");
    if (obj == NULL || !ts_jis_object(c, obj, "uncertain"))
        return;
    size_t n = (size_t)cJSON_GetArraySize(obj);
    sc->uncertain = ts_xcalloc(n + 1, sizeof *sc->uncertain);
    for (const cJSON *m = obj->child; m != NULL; m = m->next) {
        char *where = ts_xasprintf("uncertain[\"%s\"]", m->string);
        ts_uncertain u = {0};
        if (resolve(c, where, m->string, sc, &u) && distribution(c, where, m, &u)) {
            u.path = ts_xstrdup(m->string);
            u.stream = ts_uncertain_stream(u.path);
            for (size_t j = 0; j < sc->n_uncertain; j++)
                if (sc->uncertain[j].stream == u.stream)
                    ts_jctx_error(c, where, "its substream (FNV-1a of the path) is that of \"%s\"; write one of "
                                            "the two paths otherwise", sc->uncertain[j].path);
            sc->uncertain[sc->n_uncertain++] = u;
        }
        free(where);
    }
}
