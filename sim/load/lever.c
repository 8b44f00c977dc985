/*
** lever.c — numeric parameters by `set` path (lever.h): resolving a path to
** its key row and value, its valid range, and the default list of
** `tiersim sensitivity` (docs/decisions.md "Which parameters").
*/
#include "lever.h"

#include "files.h"
#include "json.h"
#include "load_limits.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Keys that set up the run rather than the shop: never levers. */
static const char *const NOT_LEVERS[] = {"seed", "replications", "days", "warmup_days"};

static bool numeric_row(const ts_key *k)
{
    if (k->in == TS_IN_NONE)
        return false;
    if (k->type != TS_KEY_NUMBER && k->type != TS_KEY_PROB && k->type != TS_KEY_INTEGER)
        return false;
    for (size_t i = 0; i < sizeof NOT_LEVERS / sizeof *NOT_LEVERS; i++)
        if (strcmp(k->path, NOT_LEVERS[i]) == 0)
            return false;
    return true;
}

/* "a.b[2].c" -> "a.b[].c" with *index = 2 (SIZE_MAX without an index); NULL when malformed. */
static char *shape_of(const char *path, size_t *index)
{
    size_t n = strlen(path);
    char *out = ts_xmalloc(n + 1), *o = out;
    *index = SIZE_MAX;
    for (const char *p = path; *p;) {
        if (*p != '[') {
            *o++ = *p++;
            continue;
        }
        if (*index != SIZE_MAX || p[1] < '0' || p[1] > '9') {
            free(out);
            return NULL;
        }
        size_t v = 0;
        for (p++; *p >= '0' && *p <= '9'; p++) {
            if (v > 100000000) {
                free(out);
                return NULL;
            }
            v = v * 10 + (size_t)(*p - '0');
        }
        if (*p != ']') {
            free(out);
            return NULL;
        }
        p++;
        *index = v;
        *o++ = '[';
        *o++ = ']';
    }
    *o = '\0';
    return out;
}

/* The struct holding row k's field in sc (element i of its array), or NULL with *count its length. */
static const void *holder(const ts_scenario *sc, const ts_key *k, size_t i, size_t *count)
{
    switch (k->in) {
    case TS_IN_SCENARIO:
        *count = 1;
        return sc;
    case TS_IN_PEAK:
        *count = sc->volume.n_events;
        return i < *count ? (const void *)&sc->volume.events[i] : NULL;
    case TS_IN_CARRIER:
        *count = sc->fulfilment.n_carriers;
        return i < *count ? (const void *)&sc->fulfilment.carriers[i] : NULL;
    case TS_IN_GIFT_TIER:
        *count = sc->gifts.n_tiers;
        return i < *count ? (const void *)&sc->gifts.tiers[i] : NULL;
    case TS_IN_SHIFT:
        *count = sc->service.team.n_shifts;
        return i < *count ? (const void *)&sc->service.team.shifts[i] : NULL;
    case TS_IN_NONE:
        break;
    }
    *count = 0;
    return NULL;
}

static double field_value(const ts_key *k, const void *base)
{
    const char *f = (const char *)base + k->offset;
    switch (k->field) {
    case TS_FIELD_DOUBLE:
        return *(const double *)(const void *)f;
    case TS_FIELD_INT32:
        return (double)*(const int32_t *)(const void *)f;
    case TS_FIELD_INT64:
        return (double)*(const int64_t *)(const void *)f;
    case TS_FIELD_UINT64:
        return (double)*(const uint64_t *)(const void *)f;
    default:
        return NAN;
    }
}

static void fill(ts_lever *out, const ts_key *k, const char *path, double value)
{
    out->path = ts_xstrdup(path);
    out->key = k;
    out->integer = k->type == TS_KEY_INTEGER;
    if (out->integer) {
        out->lo = (double)k->min;
        out->hi = (double)k->max;
        out->lo_open = out->hi_open = false;
    } else {
        out->lo = k->lo;
        out->hi = k->hi;
        out->lo_open = k->lo_open;
        out->hi_open = k->hi_open;
    }
    /* capacity_per_day's -1 is "unlimited": no value to vary from */
    out->value = out->integer && value < out->lo ? (double)NAN : value;
}

bool ts_lever_find(const ts_scenario *sc, const char *path, ts_lever *out, char **why)
{
    memset(out, 0, sizeof *out);
    *why = NULL;
    size_t index;
    char *shape = shape_of(path, &index);
    if (shape == NULL) {
        *why = ts_xasprintf("\"%s\": expected a path like \"volume.daily_orders\" or "
                            "\"volume.events[0].multiplier\"", path);
        return false;
    }
    const ts_key *k = ts_keys_find(shape);
    if (k == NULL) {
        if (index == SIZE_MAX) {
            char *indexed = NULL;
            size_t n;
            const ts_key *t = ts_keys_table(&n);
            for (size_t i = 0; i < n && indexed == NULL; i++) {
                const char *br = strstr(t[i].path, "[]");
                if (br == NULL)
                    continue;
                char *flat = ts_xasprintf("%.*s%s", (int)(br - t[i].path), t[i].path, br + 2);
                if (strcmp(flat, path) == 0)
                    indexed = ts_xasprintf("%.*s[0]%s", (int)(br - t[i].path), t[i].path, br + 2);
                free(flat);
            }
            if (indexed != NULL) {
                *why = ts_xasprintf("\"%s\": an element of an array needs its index, e.g. \"%s\"", path, indexed);
                free(indexed);
                free(shape);
                return false;
            }
        }
        *why = ts_xasprintf("\"%s\": not a key of a scenario (docs/scenario-format.md lists them)", path);
        free(shape);
        return false;
    }
    free(shape);
    if (!numeric_row(k)) {
        *why = ts_xasprintf("\"%s\": expected a numeric parameter (a number, probability or integer), "
                            "found %s", path,
                            k->type == TS_KEY_OBJECT ? "an object"
                            : k->type == TS_KEY_ARRAY ? "an array"
                            : k->type == TS_KEY_DATE || k->type == TS_KEY_DAY ? "a date"
                            : k->type == TS_KEY_ENUM ? "a choice of words"
                            : k->type == TS_KEY_NUMBERS ? "an array of numbers"
                            : k->in == TS_IN_NONE ? "a key read by hand"
                            : (k->type == TS_KEY_STRING || k->type == TS_KEY_NAME) ? "a string"
                                                                                  : "a setting of the run");
        return false;
    }
    size_t count;
    const void *base = holder(sc, k, index == SIZE_MAX ? 0 : index, &count);
    if (k->in != TS_IN_SCENARIO && index == SIZE_MAX) {
        *why = ts_xasprintf("\"%s\": an element of an array needs its index", path);
        return false;
    }
    if (k->in == TS_IN_SCENARIO && index != SIZE_MAX) {
        *why = ts_xasprintf("\"%s\": not an array element", path);
        return false;
    }
    if (base == NULL) {
        *why = ts_xasprintf("\"%s\": array index %zu out of range (the scenario has %zu)", path, index, count);
        return false;
    }
    fill(out, k, path, field_value(k, base));
    return true;
}

bool ts_lever_valid(const ts_lever *l, double v)
{
    if (!isfinite(v))
        return false;
    if (l->integer && v != floor(v))
        return false;
    if (v < l->lo || (l->lo_open && v == l->lo))
        return false;
    if (v > l->hi || (l->hi_open && v == l->hi))
        return false;
    return true;
}

double ts_lever_clip(const ts_lever *l, double v)
{
    if (l->integer)
        v = floor(v + 0.5);
    if (v <= l->lo)
        v = l->lo_open ? (double)NAN : l->lo;
    else if (v >= l->hi)
        v = l->hi_open ? (double)NAN : l->hi;
    return v;
}

char *ts_lever_range_text(const ts_lever *l)
{
    if (l->integer)
        return ts_xasprintf("integers %.0f..%.0f", l->lo, l->hi);
    if (isinf(l->hi))
        return ts_xasprintf("%s %.17g", l->lo_open ? ">" : ">=", l->lo);
    return ts_xasprintf("%c%.17g, %.17g%c", l->lo_open ? '(' : '[', l->lo, l->hi, l->hi_open ? ')' : ']');
}

char *ts_lever_json(const ts_lever *l, double v)
{
    if (l->integer)
        return ts_xasprintf("%.0f", v);
    return ts_xasprintf("%.17g", v);
}

void ts_lever_release(ts_lever *l)
{
    free(l->path);
    l->path = NULL;
}

void ts_levers_free(ts_lever *levers, size_t n)
{
    for (size_t i = 0; i < n; i++)
        ts_lever_release(&levers[i]);
    free(levers);
}

/* ---------------------------------------------------- the default list */

typedef struct {
    ts_lever *list;
    size_t n, cap;
    char **notes;
    size_t n_notes;
} collect;

static void note(collect *c, char *text)
{
    c->notes = ts_xrealloc(c->notes, (c->n_notes + 1) * sizeof *c->notes);
    c->notes[c->n_notes++] = text;
}

static bool starts(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

/*
** Why the key of row k (leaf of path) cannot move the tier or the metrics
** in sc, or NULL when it may (docs/decisions.md "Which parameters").
*/
static const char *no_effect(const ts_scenario *sc, const ts_key *k, double value)
{
    const char *p = k->path;
    bool gifts = sc->gifts.n_tiers > 0;
    if ((starts(p, "gifts.") || starts(p, "order_value.")) && !gifts)
        return "no gift tiers: gifts and order values cannot change an order's experience";
    if (strcmp(p, "gifts.tiers[].cost") == 0 || strcmp(p, "gifts.tiers[].weight_g") == 0
        || strcmp(p, "gifts.shipping_cost_per_kg") == 0)
        return "a cost: it changes money only, not the tier";
    if (starts(p, "service.team.") && !sc->service.team.present)
        return "no customer-service team (service.team)";
    if (strcmp(p, "service.slow_reply_prob") == 0 && sc->service.team.present)
        return "ignored with a customer-service team: the team's queue decides slow replies";
    if (strcmp(p, "service.team.handling_minutes.sd") == 0 && sc->service.team.handling != TS_HANDLING_LOGNORMAL)
        return "used only with lognormal handling times";
    if (strcmp(p, "fulfilment.carriers[].share") == 0)
        return "carrier shares must sum to 1: change them together in a variant";
    if (starts(p, "service.revision.") && strcmp(p, "service.revision.contact_prob") != 0
        && sc->service.revision.contact_prob == 0.0)
        return "no revision requests (service.revision.contact_prob is 0)";
    if (strcmp(p, "service.revision.auto_success_factor") == 0 && sc->service.feedback_reply != TS_REPLY_AUTO)
        return "used only with service.feedback_reply auto";
    if (strcmp(p, "gifts.topup.prob") == 0 && sc->gifts.topup_window == 0.0)
        return "no top-ups (gifts.topup.window is 0)";
    if (strcmp(p, "gifts.topup.window") == 0 && sc->gifts.topup_prob == 0.0)
        return "no top-ups (gifts.topup.prob is 0)";
    if (isnan(value))
        return "not set (unlimited): give it a range to vary it";
    if (value == 0.0)
        return "0: a relative change does not move it; give it a range to vary it";
    return NULL;
}

static void consider(collect *c, const ts_scenario *sc, const ts_key *k, const char *path)
{
    ts_lever l;
    char *why = NULL;
    if (!ts_lever_find(sc, path, &l, &why)) {
        free(why);
        return;
    }
    const char *skip = no_effect(sc, k, l.value);
    if (skip == NULL && k->in == TS_IN_PEAK && strcmp(ts_keys_leaf(k), "aftermath_days") == 0) {
        size_t count;
        const ts_peak *pk = NULL;
        for (size_t i = 0; i < sc->volume.n_events; i++) {
            char *pi = ts_xasprintf("volume.events[%zu].aftermath_days", i);
            if (strcmp(pi, path) == 0)
                pk = holder(sc, k, i, &count);
            free(pi);
        }
        if (pk != NULL && pk->transit_factor == 1.0)
            skip = "the peak's transit_factor is 1: its aftermath changes nothing";
    }
    if (skip != NULL) {
        note(c, ts_xasprintf("%s: %s", path, skip));
        ts_lever_release(&l);
        return;
    }
    if (c->n == c->cap) {
        c->cap = c->cap ? 2 * c->cap : 32;
        c->list = ts_xrealloc(c->list, c->cap * sizeof *c->list);
    }
    c->list[c->n++] = l;
}

ts_lever *ts_lever_defaults(const ts_scenario *sc, size_t *n, char ***notes, size_t *n_notes)
{
    collect c = {0};
    size_t nk;
    const ts_key *t = ts_keys_table(&nk);
    for (size_t r = 0; r < nk; r++) {
        const ts_key *k = &t[r];
        if (!numeric_row(k))
            continue;
        if (k->in == TS_IN_SCENARIO) {
            consider(&c, sc, k, k->path);
            continue;
        }
        size_t count;
        (void)holder(sc, k, 0, &count);
        const char *br = strstr(k->path, "[]");
        for (size_t i = 0; br != NULL && i < count; i++) {
            char *path = ts_xasprintf("%.*s[%zu]%s", (int)(br - k->path), k->path, i, br + 2);
            consider(&c, sc, k, path);
            free(path);
        }
    }
    *n = c.n;
    *notes = c.notes;
    *n_notes = c.n_notes;
    return c.list;
}

/* ---------------------------------------------------- --ranges FILE */

ts_lever_range *ts_lever_ranges_load(const char *file, size_t *n, ts_error *err)
{
    *n = 0;
    size_t len;
    char *text = ts_file_read(file, TS_MAX_FILE_BYTES, "range files", &len, err);
    if (text == NULL)
        return NULL;
    cJSON *root = NULL;
    ts_status st = ts_json_parse(file, text, len, &root, err);
    free(text);
    if (st == TS_EPARSE)
        return NULL;
    ts_jctx c = {err, file, "", st == TS_OK ? 0 : 1};
    ts_lever_range *out = NULL;
    if (!cJSON_IsObject(root)) {
        char *f = ts_json_describe(root);
        ts_jctx_error(&c, "", "expected an object {\"PATH\": [LOW, HIGH], ...}, found %s", f);
        free(f);
    } else {
        size_t cnt = (size_t)cJSON_GetArraySize(root);
        out = ts_xcalloc(cnt + 1, sizeof *out);
        for (const cJSON *m = root->child; m != NULL; m = m->next) {
            const cJSON *a = m->child, *b = a ? a->next : NULL;
            char *p = ts_xasprintf("\"%s\"", m->string);
            if (!cJSON_IsArray(m) || cJSON_GetArraySize(m) != 2 || !cJSON_IsNumber(a) || !cJSON_IsNumber(b)) {
                char *f = ts_json_describe(m);
                ts_jctx_error(&c, p, "expected [LOW, HIGH], two numbers, found %s", f);
                free(f);
            } else if (a->valuedouble > b->valuedouble) {
                ts_jctx_error(&c, p, "expected LOW <= HIGH, found [%.17g, %.17g]", a->valuedouble, b->valuedouble);
            } else {
                out[*n].path = ts_xstrdup(m->string);
                out[*n].lo = a->valuedouble;
                out[*n].hi = b->valuedouble;
                (*n)++;
            }
            free(p);
        }
    }
    ts_jctx_finish(&c);
    cJSON_Delete(root);
    if (c.count > 0) {
        ts_lever_ranges_free(out, *n);
        *n = 0;
        return NULL;
    }
    return out;
}

void ts_lever_ranges_free(ts_lever_range *r, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(r[i].path);
    free(r);
}
