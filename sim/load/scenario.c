/*
** scenario.c — reading a scenario file (docs/model.md §1-§10) into ts_scenario: the
** scalar keys as the key table says (models/scenario_keys.c), by hand the arrays
** and the rules that tie keys together; variants and --sweep values as edited copies.
*/
#include "study.h"
#include "rulebook_load.h"
#include "sha256.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "files.h"
#include "json.h"
#include "keys.h"
#include "load_limits.h"
#include "uncertain_load.h"

/* Flag names of the noisy-or tables (docs/model.md §6-§7), in ts_flag order. */
static const char *const FLAG_NAMES[TS_FLAG_COUNT] = {
    "quality", "mismatch", "late", "lost", "slow_reply", "disputed",
};

/* Report an array longer than max (docs/robustness.md); returns whether it fits. */
static bool array_fits(ts_jctx *c, const char *path, size_t n, size_t max, const char *what)
{
    if (n <= max)
        return true;
    ts_jctx_error(c, path, "expected at most %zu %s, found %zu", max, what, n);
    return false;
}

/* Read an object that, if present, must be an object; checks its keys against shape. */
static const cJSON *sub_object(ts_jctx *c, const cJSON *parent, const char *path, const char *key,
                               const char *shape, char **sub_path)
{
    *sub_path = ts_jpath(path, key);
    const cJSON *v = ts_jget(parent, key);
    if (v == NULL)
        return NULL;
    if (!ts_jis_object(c, v, *sub_path))
        return NULL;
    ts_keys_check(c, v, *sub_path, shape);
    return v;
}

/*
** The rules between keys that are reported at one key, checked right after
** that key was read (docs/scenario-format.md): gifts.until on or after
** gifts.from; low-star weights not all 0.
*/
static void check_after(ts_jctx *c, const cJSON *obj, const char *path, const ts_key *k, ts_scenario *sc)
{
    if (strcmp(k->path, "gifts.until") == 0) {
        const cJSON *until = ts_jget(obj, "until");
        if (!cJSON_IsNull(until) && sc->gifts.until_day < sc->gifts.from_day) {
            char *p = ts_jpath(path, "until");
            ts_jctx_error(c, p, "expected a date on or after gifts.from, found %s", until->valuestring);
            free(p);
        }
    } else if (strcmp(k->path, "buyers.low_star_weights") == 0) {
        const double *w = sc->buyers.low_star_weights;
        double sum = w[0] + w[1] + w[2];
        if (!(sum > 0) || !isfinite(sum)) {
            char *p = ts_jpath(path, "low_star_weights");
            ts_jctx_error(c, p, "expected three numbers >= 0, not all 0 (weights of 1, 2 and 3 stars), "
                          "found [%g, %g, %g]", w[0], w[1], w[2]);
            free(p);
        }
    }
}

/*
** Read every key of the object shape that the table reads by itself (a row
** with a field, not TS_KEY_BYHAND), in table order, from obj (at path) into
** base: sc itself, or one of its array elements.
*/
static void read_rows(ts_jctx *c, const cJSON *obj, const char *path, const char *shape, void *base,
                      ts_scenario *sc)
{
    size_t n;
    const ts_key *t = ts_keys_table(&n);
    for (size_t i = 0; i < n; i++) {
        const ts_key *k = &t[i];
        if (k->in == TS_IN_NONE || (k->flags & TS_KEY_BYHAND) || !ts_keys_under(k, shape))
            continue;
        if (ts_keys_read(c, obj, path, k, base, sc->start) && base == sc)
            check_after(c, obj, path, k, sc);
    }
}

/* Read the key of row `key` (a TS_KEY_BYHAND row of the scenario) from obj at path. */
static void read_key(ts_jctx *c, const cJSON *obj, const char *path, const char *key, ts_scenario *sc)
{
    ts_keys_read(c, obj, path, ts_keys_find(key), sc, sc->start);
}

/* An object (parent's key, of shape) read by read_rows; nothing when absent or not an object. */
static void read_object(ts_jctx *c, const cJSON *parent, const char *path, const char *key, const char *shape,
                        ts_scenario *sc)
{
    char *sp;
    const cJSON *o = sub_object(c, parent, path, key, shape, &sp);
    if (o != NULL)
        read_rows(c, o, sp, shape, sc, sc);
    free(sp);
}

/*
** A noisy-or table (parent's key, of shape): base and the coefficients of the
** flags its shape has, in ts_flag order. A flag the table lacks is reported
** unknown by sub_object and, when it is not a probability either, once more
** here: the loader has always said both.
*/
static void read_noisy(ts_jctx *c, const cJSON *parent, const char *path, const char *key, const char *shape,
                       ts_scenario *sc)
{
    char *sp;
    const cJSON *o = sub_object(c, parent, path, key, shape, &sp);
    for (int f = -1; o != NULL && f < TS_FLAG_COUNT; f++) {
        const char *name = f < 0 ? "base" : FLAG_NAMES[f];
        char *kp = ts_jpath(shape, name);
        const ts_key *k = ts_keys_find(kp);
        double ignored;
        if (k != NULL)
            ts_keys_read(c, o, sp, k, sc, sc->start);
        else
            ts_jprob(c, o, sp, name, &ignored);
        free(kp);
    }
    free(sp);
}

/* Report a name used twice in a list of named items. */
static void unique_names(ts_jctx *c, const char *path, const char *what, char *const *names,
                         size_t n)
{
    for (size_t i = 1; i < n; i++) {
        for (size_t j = 0; j < i; j++) {
            if (names[i] && names[j] && strcmp(names[i], names[j]) == 0) {
                char *p = ts_xasprintf("%s[%zu].name", path, i);
                ts_jctx_error(c, p, "%s name \"%s\" is already used by %s[%zu]; names must be unique",
                              what, names[i], path, j);
                free(p);
                break;
            }
        }
    }
}

/* volume.events: the peaks (docs/model.md §2), "event<i>" when unnamed. */
static void read_peaks(ts_jctx *c, const cJSON *v, const char *path, ts_scenario *sc)
{
    ts_volume *vol = &sc->volume;
    const cJSON *evs = ts_jget(v, "events");
    char *ep = ts_jpath(path, "events");
    if (evs != NULL && ts_jis_array(c, evs, ep) &&
        array_fits(c, ep, (size_t)cJSON_GetArraySize(evs), TS_MAX_PEAKS, "peaks")) {
        size_t n = (size_t)cJSON_GetArraySize(evs), i = 0;
        vol->events = ts_xcalloc(n, sizeof *vol->events);
        for (const cJSON *e = evs->child; e != NULL; e = e->next, i++) {
            char *p = ts_jpath_index(ep, i);
            ts_peak *pk = &vol->events[vol->n_events++];
            ts_keys_set_defaults(TS_IN_PEAK, pk);
            if (ts_jis_object(c, e, p)) {
                ts_keys_check(c, e, p, "volume.events[]");
                read_rows(c, e, p, "volume.events[]", pk, sc);
            }
            if (pk->name == NULL)
                pk->name = ts_xasprintf("event%zu", i);
            free(p);
        }
    }
    free(ep);
}

static void read_volume(ts_jctx *c, const cJSON *root, ts_scenario *sc)
{
    char *path;
    const cJSON *v = sub_object(c, root, "", "volume", "volume", &path);
    if (ts_jget(root, "volume") == NULL)
        ts_jctx_error(c, "volume", "required key missing (an object with at least \"daily_orders\")");
    if (v != NULL) {
        read_rows(c, v, path, "volume", sc, sc);
        read_peaks(c, v, path, sc);
    }
    free(path);
}

/* gifts.tiers (required): sorted by strictly increasing min_order, names unique, "tier<i>" when unnamed. */
static void read_gift_tiers(ts_jctx *c, const cJSON *g, const char *path, ts_scenario *sc)
{
    ts_gifts *gf = &sc->gifts;
    const cJSON *tiers = ts_jget(g, "tiers");
    char *tp = ts_jpath(path, "tiers");
    if (ts_jneed(c, g, path, "tiers") && ts_jis_array(c, tiers, tp) &&
        array_fits(c, tp, (size_t)cJSON_GetArraySize(tiers), TS_MAX_GIFT_TIERS, "gift tiers")) {
        size_t n = (size_t)cJSON_GetArraySize(tiers), i = 0;
        gf->tiers = ts_xcalloc(n, sizeof *gf->tiers);
        bool all_ok = true;
        for (const cJSON *t = tiers->child; t != NULL; t = t->next, i++) {
            char *p = ts_jpath_index(tp, i);
            ts_gift_tier *tier = &gf->tiers[gf->n_tiers++];
            ts_keys_set_defaults(TS_IN_GIFT_TIER, tier);
            bool ok = ts_jis_object(c, t, p);
            if (ok) {
                ts_keys_check(c, t, p, "gifts.tiers[]");
                read_rows(c, t, p, "gifts.tiers[]", tier, sc);
                ok = ts_keys_valid(t, ts_keys_find("gifts.tiers[].min_order"));
            }
            all_ok &= ok;
            if (tier->name == NULL)
                tier->name = ts_xasprintf("tier%zu", i);
            free(p);
        }
        for (size_t k = 1; all_ok && k < gf->n_tiers; k++) {
            if (!(gf->tiers[k].min_order > gf->tiers[k - 1].min_order)) {
                char *p = ts_xasprintf("%s[%zu].min_order", tp, k);
                ts_jctx_error(c, p, "expected a number > %g (tiers are sorted by strictly increasing "
                              "min_order), found %g", gf->tiers[k - 1].min_order, gf->tiers[k].min_order);
                free(p);
            }
        }
        char **names = ts_xcalloc(gf->n_tiers, sizeof *names);
        for (size_t k = 0; k < gf->n_tiers; k++)
            names[k] = gf->tiers[k].name;
        unique_names(c, tp, "gift tier", names, gf->n_tiers);
        free(names);
    }
    free(tp);
}

static void read_gifts(ts_jctx *c, const cJSON *root, ts_scenario *sc)
{
    char *path;
    const cJSON *g = sub_object(c, root, "", "gifts", "gifts", &path);
    if (g != NULL) {
        sc->gifts.present = true;
        read_gift_tiers(c, g, path, sc);
        read_rows(c, g, path, "gifts", sc, sc);
        read_object(c, g, path, "topup", "gifts.topup", sc);
    }
    free(path);
}

/* docs/model.md §4: handling_days <= ship_deadline_days < promised_delivery_days, among the valid ones. */
static void check_deadlines(ts_jctx *c, const cJSON *f, const char *path, const ts_fulfilment *fu)
{
    bool h = ts_keys_valid(f, ts_keys_find("fulfilment.handling_days")),
         s = ts_keys_valid(f, ts_keys_find("fulfilment.ship_deadline_days")),
         pr = ts_keys_valid(f, ts_keys_find("fulfilment.promised_delivery_days"));
    bool bad_h = ts_jget(f, "handling_days") && !h, bad_s = ts_jget(f, "ship_deadline_days") && !s,
         bad_p = ts_jget(f, "promised_delivery_days") && !pr;
    if (!bad_h && !bad_s && fu->handling_days > fu->ship_deadline_days) {
        char *p = ts_jpath(path, h ? "handling_days" : "ship_deadline_days");
        ts_jctx_error(c, p, "expected handling_days <= ship_deadline_days, found handling_days %d "
                      "and ship_deadline_days %d", fu->handling_days, fu->ship_deadline_days);
        free(p);
    }
    if (!bad_s && !bad_p && fu->ship_deadline_days >= fu->promised_delivery_days) {
        char *p = ts_jpath(path, s ? "ship_deadline_days" : "promised_delivery_days");
        ts_jctx_error(c, p, "expected ship_deadline_days < promised_delivery_days, found "
                      "ship_deadline_days %d and promised_delivery_days %d", fu->ship_deadline_days,
                      fu->promised_delivery_days);
        free(p);
    }
}

/* fulfilment.carriers: at least one, shares summing to 1, names unique, "carrier<i>" when unnamed. */
static void read_carriers(ts_jctx *c, const cJSON *f, const char *path, ts_scenario *sc)
{
    ts_fulfilment *fu = &sc->fulfilment;
    const cJSON *cars = ts_jget(f, "carriers");
    char *cp = ts_jpath(path, "carriers");
    if (cars != NULL && ts_jis_array(c, cars, cp) &&
        array_fits(c, cp, (size_t)cJSON_GetArraySize(cars), TS_MAX_CARRIERS, "carriers")) {
        size_t n = (size_t)cJSON_GetArraySize(cars), i = 0;
        if (n == 0)
            ts_jctx_error(c, cp, "expected at least one carrier, found an empty array");
        for (size_t k = 0; k < fu->n_carriers; k++)
            free(fu->carriers[k].name);
        free(fu->carriers);
        fu->carriers = ts_xcalloc(n, sizeof *fu->carriers);
        fu->n_carriers = 0;
        bool all_ok = true;
        double sum = 0.0;
        for (const cJSON *e = cars->child; e != NULL; e = e->next, i++) {
            char *p = ts_jpath_index(cp, i);
            ts_carrier *ca = &fu->carriers[fu->n_carriers++];
            ts_keys_set_defaults(TS_IN_CARRIER, ca);
            ca->promised_delivery_days = fu->promised_delivery_days; /* §16: the lane's default */
            bool ok = ts_jis_object(c, e, p);
            if (ok) {
                ts_keys_check(c, e, p, "fulfilment.carriers[]");
                read_rows(c, e, p, "fulfilment.carriers[]", ca, sc);
                ok = ts_keys_valid(e, ts_keys_find("fulfilment.carriers[].share"));
                const cJSON *lane = ts_jget(e, "promised_delivery_days");
                if (lane != NULL && ts_keys_valid(e, ts_keys_find("fulfilment.carriers[].promised_delivery_days")) &&
                    fu->ship_deadline_days >= ca->promised_delivery_days) {
                    char *pp = ts_jpath(p, "promised_delivery_days");
                    ts_jctx_error(c, pp, "expected ship_deadline_days < every lane's promise, found "
                                  "ship_deadline_days %d and promised_delivery_days %d",
                                  fu->ship_deadline_days, ca->promised_delivery_days);
                    free(pp);
                }
            }
            all_ok &= ok;
            sum += ca->share;
            if (ca->name == NULL)
                ca->name = ts_xasprintf("carrier%zu", i);
            free(p);
        }
        if (all_ok && n > 0 && fabs(sum - 1.0) > 1e-9) {
            char *ps = ts_xasprintf("%s[].share", cp);
            ts_jctx_error(c, ps, "expected shares that sum to 1 (within 1e-9), found a sum of %.10g", sum);
            free(ps);
        }
        char **names = ts_xcalloc(fu->n_carriers, sizeof *names);
        for (size_t k = 0; k < fu->n_carriers; k++)
            names[k] = fu->carriers[k].name;
        unique_names(c, cp, "carrier", names, fu->n_carriers);
        free(names);
    }
    free(cp);
}

static void read_fulfilment(ts_jctx *c, const cJSON *root, ts_scenario *sc)
{
    char *path;
    const cJSON *f = sub_object(c, root, "", "fulfilment", "fulfilment", &path);
    if (f != NULL) {
        read_rows(c, f, path, "fulfilment", sc, sc);
        read_key(c, f, path, "fulfilment.stockout_prob", sc);
        read_key(c, f, path, "fulfilment.capacity_per_day", sc);
        check_deadlines(c, f, path, &sc->fulfilment);
        /* the default carrier's lane promise follows the fulfilment-level one (§16) */
        for (size_t k = 0; k < sc->fulfilment.n_carriers; k++)
            sc->fulfilment.carriers[k].promised_delivery_days = sc->fulfilment.promised_delivery_days;
        read_carriers(c, f, path, sc);
    }
    free(path);
}

static void read_buyers(ts_jctx *c, const cJSON *root, ts_scenario *sc)
{
    char *path;
    const cJSON *b = sub_object(c, root, "", "buyers", "buyers", &path);
    if (b != NULL) {
        read_noisy(c, b, path, "dispute", "buyers.dispute", sc);
        read_noisy(c, b, path, "negative_feedback", "buyers.negative_feedback", sc);
        char *sp;
        const cJSON *o = sub_object(c, b, path, "low_dsr", "buyers.low_dsr", &sp);
        for (int d = 0; o != NULL && d < TS_DSR_COUNT; d++) {
            const char *dim = ts_dsr_dim_name((ts_dsr_dim)d);
            char *shape = ts_xasprintf("buyers.low_dsr.%s", dim);
            read_noisy(c, o, sp, dim, shape, sc);
            free(shape);
        }
        free(sp);
        read_rows(c, b, path, "buyers", sc, sc);
    }
    free(path);
}

/* A shift's weekdays: a non-empty array of 1 (Monday) .. 7 (Sunday); default every day. */
static void read_weekdays(ts_jctx *c, const cJSON *e, const char *path, ts_shift *sh)
{
    sh->weekdays = 0x7f;
    const cJSON *w = ts_jget(e, "weekdays");
    if (w == NULL)
        return;
    char *p = ts_jpath(path, "weekdays");
    if (!cJSON_IsArray(w) || cJSON_GetArraySize(w) == 0) {
        char *f = ts_json_describe(w);
        ts_jctx_error(c, p, "expected a non-empty array of weekdays 1 (Monday) .. 7 (Sunday), found %s", f);
        free(f);
        free(p);
        return;
    }
    unsigned bits = 0;
    bool ok = true;
    size_t i = 0;
    for (const cJSON *d = w->child; d != NULL; d = d->next, i++) {
        double x = cJSON_IsNumber(d) ? d->valuedouble : 0.0;
        char *dp = ts_jpath_index(p, i);
        if (!(x >= 1 && x <= 7 && x == floor(x))) {
            char *f = ts_json_describe(d);
            ts_jctx_error(c, dp, "expected a weekday 1 (Monday) .. 7 (Sunday), found %s", f);
            free(f);
            ok = false;
        } else if (bits & 1u << ((int)x - 1)) {
            ts_jctx_error(c, dp, "expected each weekday once, found %d a second time", (int)x);
            ok = false;
        } else {
            bits |= 1u << ((int)x - 1);
        }
        free(dp);
    }
    if (ok)
        sh->weekdays = (uint8_t)bits;
    free(p);
}

/* service.team.shifts (required, 1..100): each end_hour > start_hour, names unique, "shift<i>" unnamed. */
static void read_shifts(ts_jctx *c, const cJSON *t, const char *path, ts_scenario *sc)
{
    ts_team *team = &sc->service.team;
    const cJSON *arr = ts_jget(t, "shifts");
    char *sp = ts_jpath(path, "shifts");
    if (ts_jneed(c, t, path, "shifts") && ts_jis_array(c, arr, sp) &&
        array_fits(c, sp, (size_t)cJSON_GetArraySize(arr), TS_MAX_SHIFTS, "shifts")) {
        size_t n = (size_t)cJSON_GetArraySize(arr), i = 0;
        if (n == 0)
            ts_jctx_error(c, sp, "expected at least one shift, found an empty array");
        team->shifts = ts_xcalloc(n + 1, sizeof *team->shifts);
        for (const cJSON *e = arr->child; e != NULL; e = e->next, i++) {
            char *p = ts_jpath_index(sp, i);
            ts_shift *sh = &team->shifts[team->n_shifts++];
            ts_keys_set_defaults(TS_IN_SHIFT, sh);
            sh->weekdays = 0x7f;
            if (ts_jis_object(c, e, p)) {
                ts_keys_check(c, e, p, "service.team.shifts[]");
                read_rows(c, e, p, "service.team.shifts[]", sh, sc);
                read_weekdays(c, e, p, sh);
                if (ts_keys_valid(e, ts_keys_find("service.team.shifts[].start_hour")) &&
                    ts_keys_valid(e, ts_keys_find("service.team.shifts[].end_hour")) &&
                    sh->end_hour <= sh->start_hour) {
                    char *q = ts_jpath(p, "end_hour");
                    ts_jctx_error(c, q, "expected an hour after start_hour %d (a shift ends after it "
                                  "starts; a night shift is two shifts), found %d", sh->start_hour,
                                  sh->end_hour);
                    free(q);
                }
            }
            if (sh->name == NULL)
                sh->name = ts_xasprintf("shift%zu", i);
            free(p);
        }
        char **names = ts_xcalloc(team->n_shifts + 1, sizeof *names);
        for (size_t k = 0; k < team->n_shifts; k++)
            names[k] = team->shifts[k].name;
        unique_names(c, sp, "shift", names, team->n_shifts);
        free(names);
    }
    free(sp);
}

/*
** docs/model.md §13: a team whose shifts have no slot on duty in any hour of
** the week never answers; that is an error when conversations can arrive.
*/
static void check_staffed(ts_jctx *c, const char *path, const ts_scenario *sc)
{
    const ts_team *t = &sc->service.team;
    bool slots = false;
    for (size_t i = 0; i < t->n_shifts; i++) {
        const ts_shift *s = &t->shifts[i];
        slots = slots || (s->agents > 0 && s->weekdays != 0 && s->end_hour > s->start_hour);
    }
    bool post = t->post_sale.base > 0.0;
    for (int f = 0; f < TS_FLAG_COUNT; f++)
        post = post || t->post_sale.coef[f] > 0.0;
    bool arrivals = sc->volume.daily_orders > 0.0 && (t->pre_sale_per_order > 0.0 || post);
    if (!slots && arrivals) {
        char *p = ts_jpath(path, "shifts");
        ts_jctx_error(c, p, "no agent is on duty in any hour of the week, but conversations arrive: the "
                      "queue would never drain (give some shift agents > 0)");
        free(p);
    }
}

/* service.team (docs/model.md §13): present, its keys, its shifts, a profile not all 0, a staffed week. */
static void read_team(ts_jctx *c, const cJSON *s, const char *path, ts_scenario *sc)
{
    char *tp;
    const cJSON *t = sub_object(c, s, path, "team", "service.team", &tp);
    if (t != NULL) {
        ts_team *team = &sc->service.team;
        team->present = true;
        read_rows(c, t, tp, "service.team", sc, sc);
        read_object(c, t, tp, "handling_minutes", "service.team.handling_minutes", sc);
        read_noisy(c, t, tp, "post_sale", "service.team.post_sale", sc);
        size_t before = c->count;
        read_shifts(c, t, tp, sc);
        double sum = 0.0;
        for (int h = 0; h < 24; h++)
            sum += team->hourly_profile[h];
        if (ts_keys_valid(t, ts_keys_find("service.team.hourly_profile")) && !(sum > 0.0 && isfinite(sum))) {
            char *p = ts_jpath(tp, "hourly_profile");
            ts_jctx_error(c, p, "expected 24 weights >= 0, not all 0 (conversations must arrive at some "
                          "hour), found all 0");
            free(p);
        }
        if (c->count == before) /* shifts read without a problem: is anybody ever on duty? */
            check_staffed(c, tp, sc);
    }
    free(tp);
}

static void read_service(ts_jctx *c, const cJSON *root, ts_scenario *sc)
{
    char *path;
    const cJSON *s = sub_object(c, root, "", "service", "service", &path);
    if (s != NULL) {
        read_rows(c, s, path, "service", sc, sc);
        read_object(c, s, path, "revision", "service.revision", sc);
        read_team(c, s, path, sc);
    }
    free(path);
}

static void read_rules(ts_jctx *c, const cJSON *root, ts_scenario *sc)
{
    const cJSON *r = ts_jget(root, "rules");
    if (r == NULL || cJSON_IsString(r)) {
        const char *name = r ? r->valuestring : ts_keys_find("rules")->def.text;
        ts_error sub = {0};
        sc->rules = ts_rulebook_load_name(name, &sub);
        sc->rules_name = ts_xstrdup(name);
        if (sc->rules == NULL) {
            char *pre = ts_xasprintf("%s: %srules: ", c->file, c->prefix);
            ts_error_merge(c->err, &sub, pre);
            c->count += sub.count ? sub.count : 1;
            free(pre);
        }
        ts_error_clear(&sub);
    } else if (cJSON_IsObject(r)) {
        sc->rules = ts_rulebook_from_json(c, r, "rules");
        sc->rules_name = ts_xstrdup("inline");
    } else {
        char *f = ts_json_describe(r);
        ts_jctx_error(c, "rules", "expected a rulebook name (a string) or an inline rulebook (an object), "
                      "found %s", f);
        free(f);
    }
}

static int cmp_day(const void *a, const void *b)
{
    int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
    return (x > y) - (x < y);
}

/* The rulebook's schedule inside [0, days-1] (docs/model.md §1, docs/rulebooks.md "schedule"). */
static void scheduled_days(ts_scenario *sc)
{
    const ts_rulebook *rb = sc->rules;
    if (rb->every == TS_SCHEDULE_DAY) {
        sc->evaluations = ts_xcalloc((size_t)sc->days, sizeof *sc->evaluations);
        for (int32_t d = 0; d < sc->days; d++)
            sc->evaluations[sc->n_evaluations++] = d;
        return;
    }
    int y, m, md, ye, me, mde;
    ts_date_to_ymd(sc->start, &y, &m, &md);
    ts_date_to_ymd(sc->start + sc->days - 1, &ye, &me, &mde);
    size_t months = (size_t)((ye - y) * 12 + (me - m) + 1);
    sc->evaluations = ts_xcalloc(months, sizeof *sc->evaluations);
    while (y < ye || (y == ye && m <= me)) {
        int day = rb->schedule_day ? rb->schedule_day : ts_date_days_in_month(y, m);
        int32_t rel = (int32_t)(ts_date_from_ymd(y, m, day) - sc->start);
        if (rel >= 0 && rel <= sc->days - 1)
            sc->evaluations[sc->n_evaluations++] = rel;
        if (++m > 12) {
            m = 1;
            y++;
        }
    }
}

static void read_evaluations(ts_jctx *c, const cJSON *root, ts_scenario *sc, bool horizon_ok)
{
    const cJSON *ev = ts_jget(root, "evaluations");
    if (ev == NULL) {
        if (sc->rules != NULL && horizon_ok)
            scheduled_days(sc);
        return;
    }
    if (!ts_jis_array(c, ev, "evaluations") ||
        !array_fits(c, "evaluations", (size_t)cJSON_GetArraySize(ev), TS_MAX_EVALUATIONS, "evaluation dates"))
        return;
    size_t n = (size_t)cJSON_GetArraySize(ev), i = 0;
    sc->evaluations = ts_xcalloc(n, sizeof *sc->evaluations);
    for (const cJSON *e = ev->child; e != NULL; e = e->next, i++) {
        char *p = ts_jpath_index("evaluations", i);
        ts_civil d;
        if (ts_jdate_value(c, e, p, &d) && horizon_ok) {
            int32_t rel = (int32_t)(d - sc->start);
            if (rel < 0 || rel > sc->days - 1) {
                char a[11], b[11];
                ts_date_format(sc->start, a);
                ts_date_format(sc->start + sc->days - 1, b);
                ts_jctx_error(c, p, "expected a date inside the horizon %s..%s (start to start + days - 1), "
                              "found \"%s\"", a, b, e->valuestring);
            } else {
                sc->evaluations[sc->n_evaluations++] = rel;
            }
        }
        free(p);
    }
    qsort(sc->evaluations, sc->n_evaluations, sizeof *sc->evaluations, cmp_day);
    size_t k = 0;
    for (size_t j = 0; j < sc->n_evaluations; j++)
        if (k == 0 || sc->evaluations[j] != sc->evaluations[k - 1])
            sc->evaluations[k++] = sc->evaluations[j];
    sc->n_evaluations = k;
}

/*
** Build one resolved scenario from a document (the base, or a variant's edited
** copy). Returns NULL when anything is wrong; every problem is in c.
*/
static ts_scenario *scenario_from_json(ts_jctx *c, const cJSON *root, const char *default_name)
{
    size_t before = c->count;
    ts_scenario *sc = ts_xmalloc(sizeof *sc);
    ts_scenario_init_defaults(sc);
    free(sc->name);
    sc->name = ts_xstrdup(default_name);
    ts_keys_check(c, root, "", "");

    const cJSON *schema = ts_jget(root, "schema");
    if (schema != NULL && !(cJSON_IsString(schema) && strcmp(schema->valuestring, "tiersim/1") == 0)) {
        char *f = ts_json_describe(schema);
        ts_jctx_error(c, "schema", "expected \"tiersim/1\" (the only format version this tiersim reads), found %s", f);
        free(f);
    }
    read_rows(c, root, "", "", sc, sc); /* name, description, seed, replications, start, days */
    bool start_ok = ts_keys_valid(root, ts_keys_find("start"));
    bool days_ok = ts_keys_valid(root, ts_keys_find("days"));

    read_rules(c, root, sc);
    if (sc->rules != NULL)
        sc->warmup_days = ts_rulebook_longest_window(sc->rules) + 60;
    read_key(c, root, "", "warmup_days", sc);
    read_evaluations(c, root, sc, start_ok && days_ok);

    read_volume(c, root, sc);
    read_object(c, root, "", "order_value", "order_value", sc);
    read_fulfilment(c, root, sc);
    read_object(c, root, "", "product", "product", sc);
    read_buyers(c, root, sc);
    read_service(c, root, sc);
    read_gifts(c, root, sc);

    /* docs/model.md §7: low-star weights are normalised by their sum (not all 0 unless reported) */
    double *w = sc->buyers.low_star_weights, sum = w[0] + w[1] + w[2];
    for (int i = 0; i < 3 && sum > 0 && isfinite(sum); i++)
        w[i] /= sum;

    ts_load_uncertain(c, root, sc); /* after every array it may index into */

    const cJSON *vars = ts_jget(root, "variants");
    if (vars != NULL && !cJSON_IsArray(vars))
        ts_jis_array(c, vars, "variants");

    if (c->count != before) {
        ts_scenario_free(sc);
        return NULL;
    }
    return sc;
}

/* ------------------------------------------------------------ variants */

typedef struct {
    bool index;
    char *key;     /* key segments */
    size_t at;     /* index segments */
} segment;

static void free_segments(segment *seg, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(seg[i].key);
    free(seg);
}

/* Split "a.b[2].c" into segments; NULL with *why set when malformed. */
static segment *split_path(const char *path, size_t *count, const char **why)
{
    size_t cap = strlen(path) + 1, n = 0;
    segment *seg = ts_xcalloc(cap, sizeof *seg);
    const char *s = path;
    *why = NULL;
    if (*s == '\0') {
        *why = "expected a path like \"volume.daily_orders\" or \"gifts.tiers[1].cost\", found an empty path";
        goto fail;
    }
    while (*s) {
        if (*s == '[') {
            s++;
            if (*s < '0' || *s > '9') {
                *why = "expected an array index (digits) after '['";
                goto fail;
            }
            size_t v = 0;
            while (*s >= '0' && *s <= '9') {
                if (v > 100000000) {
                    *why = "array index too large";
                    goto fail;
                }
                v = v * 10 + (size_t)(*s - '0');
                s++;
            }
            if (*s != ']') {
                *why = "expected ']' after an array index";
                goto fail;
            }
            s++;
            if (n == 0) {
                *why = "a path must start with a key, not an index";
                goto fail;
            }
            seg[n].index = true;
            seg[n++].at = v;
        } else {
            if (*s == '.') {
                if (n == 0) {
                    *why = "a path may not start with '.'";
                    goto fail;
                }
                s++;
            } else if (n > 0) {
                *why = "expected '.' or '[' between path segments";
                goto fail;
            }
            size_t len = strcspn(s, ".[]");
            if (len == 0) {
                *why = "empty key in the path (\"..\", a trailing '.', or '.[')";
                goto fail;
            }
            if (s[len] == ']') {
                *why = "unexpected ']' in the path";
                goto fail;
            }
            seg[n].key = ts_xmalloc(len + 1);
            memcpy(seg[n].key, s, len);
            seg[n].key[len] = '\0';
            n++;
            s += len;
        }
    }
    *count = n;
    return seg;
fail:
    free_segments(seg, n);
    return NULL;
}

static const char *kind_of(const cJSON *v)
{
    if (cJSON_IsObject(v))
        return "an object";
    if (cJSON_IsArray(v))
        return "an array";
    if (cJSON_IsString(v))
        return "a string";
    if (cJSON_IsNumber(v))
        return "a number";
    if (cJSON_IsBool(v))
        return "a boolean";
    return "null";
}

/* The text of the path up to and including segment k ("gifts.tiers[1]"). */
static char *path_upto(const segment *seg, size_t k)
{
    char *out = ts_xstrdup("");
    for (size_t i = 0; i <= k; i++) {
        char *next = seg[i].index ? ts_xasprintf("%s[%zu]", out, seg[i].at)
                                  : ts_xasprintf("%s%s%s", out, i ? "." : "", seg[i].key);
        free(out);
        out = next;
    }
    return out;
}

/* The default carriers as JSON: each carrier's keys from the table, in its order. */
static cJSON *carriers_json(const ts_fulfilment *fu)
{
    size_t n;
    const ts_key *t = ts_keys_table(&n);
    cJSON *a = cJSON_CreateArray();
    for (size_t i = 0; a != NULL && i < fu->n_carriers; i++) {
        const char *base = (const char *)&fu->carriers[i];
        cJSON *o = cJSON_CreateObject();
        if (o == NULL || !cJSON_AddItemToArray(a, o))
            ts_oom();
        for (size_t r = 0; r < n; r++) {
            const ts_key *k = &t[r];
            const void *field = base + k->offset;
            if (k->in != TS_IN_CARRIER)
                continue;
            /* a carrier's fields are its name and numbers; the lane promise only when it has its
               own (docs/model.md §16: a default carrier follows the fulfilment-level promise) */
            if (k->field == TS_FIELD_INT32)
                continue;
            cJSON *v = k->field == TS_FIELD_STRING ? cJSON_CreateString(*(char *const *)field)
                                                   : cJSON_CreateNumber(*(const double *)field);
            if (v == NULL || !cJSON_AddItemToObject(o, ts_keys_leaf(k), v))
                ts_oom();
        }
    }
    return a;
}

/*
** The default of an array-valued key as JSON, for a variant that indexes into
** an array the file leaves at its default ("fulfilment.carriers[0].lost_prob"
** without carriers in the file); NULL for keys that are not arrays. Arrays of
** structs other than the carriers are empty by default (any index is then out
** of range).
*/
static cJSON *default_array(const char *path)
{
    const ts_key *k = ts_keys_find(path);
    if (k == NULL || (k->type != TS_KEY_NUMBERS && k->type != TS_KEY_ARRAY))
        return NULL;
    ts_scenario d;
    ts_scenario_init_defaults(&d);
    cJSON *a;
    if (k->type == TS_KEY_NUMBERS)
        a = cJSON_CreateDoubleArray((const double *)(void *)((char *)&d + k->offset), (int)k->count);
    else if (strcmp(path, "fulfilment.carriers") == 0)
        a = carriers_json(&d.fulfilment);
    else
        a = cJSON_CreateArray();
    if (a == NULL)
        ts_oom();
    ts_scenario_release(&d);
    return a;
}

/*
** docs/model.md §10: replace the value at path in doc by a copy of value. A missing
** object key is created (missing intermediate keys become objects, or the
** key's default array when the path indexes into it); an array index must
** exist; an array value replaces the array whole.
*/
static bool set_path(ts_jctx *c, cJSON *doc, const char *path, const cJSON *value)
{
    char *where = ts_xasprintf("set[\"%s\"]", path);
    const char *why;
    size_t n = 0;
    segment *seg = split_path(path, &n, &why);
    bool ok = false;
    if (seg == NULL) {
        ts_jctx_error(c, where, "%s", why);
        goto done;
    }
    static const char *const forbidden[] = {"schema", "seed", "replications", "variants"};
    for (size_t i = 0; i < 4; i++) {
        if (strcmp(seg[0].key, forbidden[i]) == 0) {
            ts_jctx_error(c, where, "a variant may not change \"%s\" (schema, seed, replications and "
                          "variants are shared by all variants)", forbidden[i]);
            goto done;
        }
    }
    cJSON *node = doc;
    for (size_t k = 0; k < n; k++) {
        bool last = k + 1 == n;
        cJSON *copy = last ? cJSON_Duplicate(value, 1) : NULL;
        if (last && copy == NULL)
            ts_oom();
        if (seg[k].index) {
            char *upto = k ? path_upto(seg, k - 1) : ts_xstrdup("");
            if (!cJSON_IsArray(node)) {
                ts_jctx_error(c, where, "%s is %s, not an array", upto, kind_of(node));
                free(upto);
                cJSON_Delete(copy);
                goto done;
            }
            size_t size = (size_t)cJSON_GetArraySize(node);
            if (seg[k].at >= size) {
                ts_jctx_error(c, where, "array index %zu out of range (%s has %zu element%s)", seg[k].at,
                              upto, size, size == 1 ? "" : "s");
                free(upto);
                cJSON_Delete(copy);
                goto done;
            }
            free(upto);
            if (last)
                cJSON_ReplaceItemInArray(node, (int)seg[k].at, copy);
            else
                node = cJSON_GetArrayItem(node, (int)seg[k].at);
        } else {
            if (!cJSON_IsObject(node)) {
                char *upto = path_upto(seg, k - 1);
                ts_jctx_error(c, where, "%s is %s, not an object", upto, kind_of(node));
                free(upto);
                cJSON_Delete(copy);
                goto done;
            }
            cJSON *child = cJSON_GetObjectItemCaseSensitive(node, seg[k].key);
            if (last) {
                if (child != NULL)
                    cJSON_ReplaceItemInObjectCaseSensitive(node, seg[k].key, copy);
                else if (!cJSON_AddItemToObject(node, seg[k].key, copy))
                    ts_oom();
            } else {
                if (child == NULL) {
                    char *upto = path_upto(seg, k);
                    child = seg[k + 1].index ? default_array(upto) : NULL;
                    free(upto);
                    if (child == NULL)
                        child = cJSON_CreateObject();
                    if (child == NULL || !cJSON_AddItemToObject(node, seg[k].key, child))
                        ts_oom();
                }
                node = child;
            }
        }
    }
    ok = true;
done:
    if (seg != NULL)
        free_segments(seg, n);
    free(where);
    return ok;
}

/* One variant to build: its name, description and the (PATH, VALUE) pairs to set. */
typedef struct {
    char *name;
    char *description;
    char *prefix;      /* message prefix */
    const cJSON *set;  /* an object of PATH: VALUE (borrowed), or NULL */
    cJSON *own_set;    /* for sweeps: owned */
    bool ok;
} pending;

static void free_pending(pending *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(p[i].name);
        free(p[i].description);
        free(p[i].prefix);
        cJSON_Delete(p[i].own_set);
    }
    free(p);
}

static void read_variants(ts_jctx *c, const cJSON *root, pending **list, size_t *n)
{
    const cJSON *vars = ts_jget(root, "variants");
    if (vars == NULL || !cJSON_IsArray(vars))
        return;
    size_t cnt = (size_t)cJSON_GetArraySize(vars), i = 0;
    if (!array_fits(c, "variants", cnt, TS_MAX_VARIANTS - 1, "variants (besides the base)"))
        return;
    *list = ts_xrealloc(*list, (*n + cnt + 1) * sizeof **list);
    for (const cJSON *v = vars->child; v != NULL; v = v->next, i++) {
        pending *pv = &(*list)[(*n)++];
        memset(pv, 0, sizeof *pv);
        char *p = ts_jpath_index("variants", i);
        pv->ok = ts_jis_object(c, v, p);
        if (pv->ok) {
            ts_keys_check(c, v, p, "variants[]");
            ts_key_value s;
            if (ts_keys_get(c, v, p, ts_keys_find("variants[].name"), 0, &s))
                pv->name = ts_xstrdup(s.text);
            else
                pv->ok = false;
            if (ts_keys_get(c, v, p, ts_keys_find("variants[].description"), 0, &s))
                pv->description = ts_xstrdup(s.text);
            else if (ts_jget(v, "description") != NULL)
                pv->ok = false;
            const cJSON *set = ts_jget(v, "set");
            char *sp = ts_jpath(p, "set");
            if (ts_jneed(c, v, p, "set") && ts_jis_object(c, set, sp))
                pv->set = set;
            else
                pv->ok = false;
            free(sp);
        }
        pv->prefix = pv->name ? ts_xasprintf("variants[%zu] (\"%s\"): ", i, pv->name)
                              : ts_xasprintf("variants[%zu]: ", i);
        if (pv->name == NULL)
            pv->name = ts_xasprintf("variant%zu", i + 1);
        if (pv->description == NULL)
            pv->description = ts_xstrdup("");
        free(p);
    }
}

/* Split a sweep's values at top-level commas (outside strings, arrays and objects). */
static char **split_values(const char *s, size_t *count)
{
    size_t cap = 4, n = 0;
    char **out = ts_xmalloc(cap * sizeof *out);
    int depth = 0;
    bool in_str = false;
    const char *start = s;
    for (const char *q = s;; q++) {
        if (*q == '\0' || (*q == ',' && depth == 0 && !in_str)) {
            if (n == cap) {
                cap *= 2;
                out = ts_xrealloc(out, cap * sizeof *out);
            }
            size_t len = (size_t)(q - start);
            out[n] = ts_xmalloc(len + 1);
            memcpy(out[n], start, len);
            out[n][len] = '\0';
            n++;
            if (*q == '\0')
                break;
            start = q + 1;
            continue;
        }
        if (in_str) {
            if (*q == '\\' && q[1] != '\0')
                q++;
            else if (*q == '"')
                in_str = false;
        } else if (*q == '"') {
            in_str = true;
        } else if (*q == '[' || *q == '{') {
            depth++;
        } else if ((*q == ']' || *q == '}') && depth > 0) {
            depth--;
        }
    }
    *count = n;
    return out;
}

static void read_sweeps(ts_jctx *c, const ts_sweep *sweeps, size_t n_sweeps, pending **list,
                        size_t *n)
{
    for (size_t k = 0; k < n_sweeps; k++) {
        const char *spec = sweeps[k].spec ? sweeps[k].spec : "";
        const char *eq = strchr(spec, '=');
        if (eq == NULL || eq == spec || eq[1] == '\0') {
            ts_error_add(c->err, "%s: --sweep \"%s\": expected PATH=V1,V2,... (for example "
                         "service.feedback_reply=immediate,auto)", c->file, spec);
            c->count++;
            continue;
        }
        char *path = ts_xmalloc((size_t)(eq - spec) + 1);
        memcpy(path, spec, (size_t)(eq - spec));
        path[eq - spec] = '\0';
        size_t nv;
        char **vals = split_values(eq + 1, &nv);
        *list = ts_xrealloc(*list, (*n + nv + 1) * sizeof **list);
        for (size_t i = 0; i < nv; i++) {
            if (vals[i][0] == '\0') {
                ts_error_add(c->err, "%s: --sweep \"%s\": value %zu is empty", c->file, spec, i + 1);
                c->count++;
                continue;
            }
            pending *pv = &(*list)[(*n)++];
            memset(pv, 0, sizeof *pv);
            pv->name = ts_xasprintf("%s=%s", path, vals[i]);
            pv->description = ts_xstrdup("");
            pv->prefix = ts_xasprintf("--sweep \"%s\": ", pv->name);
            ts_error scratch = {0};
            cJSON *value = NULL;
            if (ts_json_parse("--sweep", vals[i], strlen(vals[i]), &value, &scratch) != TS_OK) {
                cJSON_Delete(value);
                value = cJSON_CreateString(vals[i]);
                if (value == NULL)
                    ts_oom();
            }
            ts_error_clear(&scratch);
            pv->own_set = cJSON_CreateObject();
            if (pv->own_set == NULL || !cJSON_AddItemToObject(pv->own_set, path, value))
                ts_oom();
            pv->set = pv->own_set;
            pv->ok = true;
        }
        ts_strings_free(vals, nv);
        free(path);
    }
}

/* "shop.json" -> "shop": the default scenario name. */
static char *name_from_file(const char *file)
{
    const char *base = strrchr(file, '/');
    base = base ? base + 1 : file;
    size_t len = strlen(base);
    if (len > 5 && strcmp(base + len - 5, ".json") == 0)
        len -= 5;
    if (len == 0)
        return ts_xstrdup("scenario");
    char *s = ts_xmalloc(len + 1);
    memcpy(s, base, len);
    s[len] = '\0';
    return s;
}

void ts_study_free(ts_study *study)
{
    if (study == NULL)
        return;
    for (size_t i = 0; i < study->n_variants; i++) {
        free(study->variants[i].name);
        free(study->variants[i].description);
        ts_scenario_free(study->variants[i].scenario);
    }
    free(study->variants);
    free(study->file);
    free(study->text);
    free(study);
}

/* A batch row's values set on the document before anything is read (study.h). */
static void apply_overrides(ts_jctx *c, cJSON *root, const ts_override *ov, size_t n_ov)
{
    for (size_t i = 0; i < n_ov; i++) {
        ts_error scratch = {0};
        cJSON *value = NULL;
        const char *text = ov[i].value;
        if (ts_json_parse(ov[i].path, text, strlen(text), &value, &scratch) != TS_OK) {
            cJSON_Delete(value);
            value = cJSON_CreateString(text);
            if (value == NULL)
                ts_oom();
        }
        ts_error_clear(&scratch);
        set_path(c, root, ov[i].path, value);
        cJSON_Delete(value);
    }
}

/*
** A study from a buffer: a batch row's overrides (ov, errors prefixed by
** prefix), the base, the file's variants unless file_variants is false, the
** sweeps.
*/
static ts_study *load_buffer(const char *file, const char *text, size_t len, const ts_override *ov,
                             size_t n_ov, const char *prefix, const ts_sweep *sweeps, size_t n_sweeps,
                             bool file_variants, ts_error *err)
{
    cJSON *root = NULL;
    ts_status st = ts_json_parse(file, text, len, &root, err);
    if (st == TS_EPARSE)
        return NULL;
    ts_jctx c = {err, file, prefix, st == TS_OK ? 0 : 1};
    if (!cJSON_IsObject(root)) {
        char *f = ts_json_describe(root);
        ts_jctx_error(&c, "", "expected a JSON object (a scenario) at the top level, found %s", f);
        free(f);
        cJSON_Delete(root);
        return NULL;
    }
    char *default_name = name_from_file(file);
    size_t before = c.count;
    apply_overrides(&c, root, ov, n_ov);
    ts_scenario *base = c.count == before ? scenario_from_json(&c, root, default_name) : NULL;

    pending *list = NULL;
    size_t n = 0, variant_problems = 0;
    if (file_variants)
        read_variants(&c, root, &list, &n);
    read_sweeps(&c, sweeps, n_sweeps, &list, &n);
    for (size_t i = 0; i < n && *prefix; i++) { /* a batch row's variants: the row, then the variant */
        char *both = ts_xasprintf("%s%s", prefix, list[i].prefix);
        free(list[i].prefix);
        list[i].prefix = both;
    }
    if (n + 1 > TS_MAX_VARIANTS) {
        ts_jctx_error(&c, "", "expected at most %d variants in all (the base, the file's variants and "
                      "every --sweep value), found %zu", TS_MAX_VARIANTS, n + 1);
        for (size_t i = 0; i < n; i++)
            list[i].ok = false;
    }
    for (size_t i = 0; i < n; i++) {
        if (!list[i].ok)
            continue;
        ts_jctx vc = {err, file, list[i].prefix, 0};
        if (strcmp(list[i].name, "base") == 0)
            ts_jctx_error(&vc, "name", "\"base\" is the name of the scenario itself; choose another name");
        for (size_t j = 0; j < i; j++) {
            if (strcmp(list[j].name, list[i].name) == 0) {
                ts_jctx_error(&vc, "name", "variant name \"%s\" is already used by %s", list[i].name,
                              list[j].prefix);
                break;
            }
        }
        variant_problems += vc.count;
        list[i].ok = list[i].ok && vc.count == 0;
    }

    /* variants are built from copies of the document without its "variants"
       (which a variant may not set): copying them too would cost variants^2 */
    cJSON *detached = cJSON_DetachItemFromObjectCaseSensitive(root, "variants");
    ts_study *study = ts_xcalloc(1, sizeof *study);
    study->file = ts_xstrdup(file);
    ts_sha256_hex(text, len, study->sha256);
    study->text = ts_xmalloc(len + 1);
    memcpy(study->text, text, len);
    study->text[len] = '\0';
    study->text_len = len;
    study->variants = ts_xcalloc(n + 1, sizeof *study->variants);
    if (base != NULL) {
        study->variants[0].name = ts_xstrdup("base");
        study->variants[0].description = ts_xstrdup("");
        study->variants[0].scenario = base;
        study->n_variants = 1;
    }
    for (size_t i = 0; i < n; i++) {
        if (!list[i].ok)
            continue;
        ts_jctx vc = {err, file, list[i].prefix, 0};
        cJSON *doc = cJSON_Duplicate(root, 1);
        if (doc == NULL)
            ts_oom();
        bool applied = true;
        for (const cJSON *m = list[i].set->child; m != NULL; m = m->next) {
            applied &= set_path(&vc, doc, m->string, m);
            /* docs/model.md §15: a set value replaces the path's distribution */
            cJSON *uncertain = cJSON_GetObjectItemCaseSensitive(doc, "uncertain");
            if (cJSON_IsObject(uncertain) && strcmp(m->string, "uncertain") != 0)
                cJSON_DeleteItemFromObjectCaseSensitive(uncertain, m->string);
        }
        /* only edit errors when the base itself is broken: its messages already cover the rest */
        if (applied && base != NULL) {
            ts_scenario *sc = scenario_from_json(&vc, doc, default_name);
            if (sc != NULL) {
                ts_variant *v = &study->variants[study->n_variants++];
                v->name = ts_xstrdup(list[i].name);
                v->description = ts_xstrdup(list[i].description);
                v->scenario = sc;
            }
        }
        ts_jctx_finish(&vc);
        variant_problems += vc.count;
        cJSON_Delete(doc);
    }
    ts_jctx_finish(&c);
    free_pending(list, n);
    free(default_name);
    cJSON_Delete(detached);
    cJSON_Delete(root);
    if (c.count > 0 || variant_problems > 0 || base == NULL) {
        ts_study_free(study);
        return NULL;
    }
    return study;
}

ts_study *ts_study_load_buffer(const char *file, const char *text, size_t len,
                               const ts_sweep *sweeps, size_t n_sweeps, ts_error *err)
{
    return load_buffer(file, text, len, NULL, 0, "", sweeps, n_sweeps, true, err);
}

ts_study *ts_study_load_edits(const char *file, const char *text, size_t len, const ts_sweep *sweeps,
                              size_t n_sweeps, ts_error *err)
{
    return load_buffer(file, text, len, NULL, 0, "", sweeps, n_sweeps, false, err);
}

ts_study *ts_study_load_overrides(const char *file, const char *text, size_t len,
                                  const ts_override *ov, size_t n_ov, const char *prefix,
                                  const ts_sweep *sweeps, size_t n_sweeps, ts_error *err)
{
    return load_buffer(file, text, len, ov, n_ov, prefix, sweeps, n_sweeps, true, err);
}

char *ts_study_text_set(const char *file, const char *text, size_t len, const char *path,
                        const char *value_json, ts_error *err)
{
    cJSON *root = NULL, *value = NULL;
    if (ts_json_parse(file, text, len, &root, err) != TS_OK) {
        cJSON_Delete(root);
        return NULL;
    }
    if (ts_json_parse(path, value_json, strlen(value_json), &value, err) != TS_OK) {
        cJSON_Delete(value);
        cJSON_Delete(root);
        return NULL;
    }
    ts_jctx c = {err, file, "", 0};
    char *out = NULL;
    if (cJSON_IsObject(root) && set_path(&c, root, path, value)) {
        out = cJSON_Print(root);
        if (out == NULL)
            ts_oom();
        /* cJSON_Print's buffer is freed with free() (the default hooks) */
        size_t n = strlen(out);
        char *nl = ts_xmalloc(n + 2);
        memcpy(nl, out, n);
        nl[n] = '\n';
        nl[n + 1] = '\0';
        cJSON_free(out);
        out = nl;
    }
    ts_jctx_finish(&c);
    cJSON_Delete(value);
    cJSON_Delete(root);
    return out;
}

ts_study *ts_study_load(const char *path, const ts_sweep *sweeps, size_t n_sweeps, ts_error *err)
{
    size_t len;
    char *text = ts_file_read(path, TS_MAX_FILE_BYTES, "scenario and rulebook files", &len, err);
    if (text == NULL)
        return NULL;
    ts_study *st = ts_study_load_buffer(path, text, len, sweeps, n_sweeps, err);
    free(text);
    return st;
}

void ts_study_set_seed(ts_study *study, uint64_t seed)
{
    for (size_t i = 0; i < study->n_variants; i++)
        study->variants[i].scenario->seed = seed;
}

void ts_study_set_replications(ts_study *study, int64_t replications)
{
    for (size_t i = 0; i < study->n_variants; i++)
        study->variants[i].scenario->replications = replications;
}
