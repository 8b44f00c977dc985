/*
** rulebook.c — loading and validating rulebooks (docs/rulebooks.md): events,
** metrics and tiers from JSON into plain structs; listing the shipped ones.
*/
#include "rulebook_load.h"

#include <dirent.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "files.h"
#include "json.h"
#include "load_limits.h"

/* Where an installed binary finds its rulebooks, relative to its own folder
   (CMake sets it from GNUInstallDirs; bin/ -> share/tiersim/rules). */
#ifndef TS_INSTALL_RULES_REL
#define TS_INSTALL_RULES_REL "../share/tiersim/rules"
#endif

/* <folder of this executable>/TS_INSTALL_RULES_REL, its leading "../" resolved,
   when that folder exists (an installed binary), freshly allocated; else NULL. */
static char *installed_rules_dir(void)
{
    char dir[PATH_MAX];
    ssize_t len = readlink("/proc/self/exe", dir, sizeof dir - 1); /* absolute, no links */
    if (len <= 0)
        return NULL;
    dir[len] = '\0';
    char *slash = strrchr(dir, '/'); /* dir becomes the executable's folder */
    const char *rel = TS_INSTALL_RULES_REL;
    for (; slash != NULL && strncmp(rel, "../", 3) == 0; rel += 3) {
        *slash = '\0';
        slash = strrchr(dir, '/');
    }
    struct stat st;
    if (slash == NULL || (size_t)(slash - dir) + 1 + strlen(rel) >= sizeof dir)
        return NULL;
    strcpy(slash + 1, rel);
    if (stat(dir, &st) == 0 && S_ISDIR(st.st_mode))
        return ts_xstrdup(dir);
    return NULL;
}

/*
** Every key a rulebook may hold, as a scenario's inline rulebook "rules" has
** them (a rulebook file's keys have the same shapes): ts_jkeys checks them
** with the shapes "rules", "rules.schedule", "rules.events{}", ... and the
** scenario's key list ends with them.
*/
static const char *const KEYS[] = {
    "rules.name", "rules.title", "rules.title_zh", "rules.source", "rules.window_days",
    "rules.window_anchor", "rules.schedule", "rules.min_orders", "rules.events",
    "rules.metrics", "rules.tiers",
    "rules.params", "rules.base", /* docs/rulebooks.md: the project's extensions */
    "rules.schedule.every", "rules.schedule.day",
    "rules.events{}.kind", "rules.events{}.max_stars", "rules.events{}.dimension",
    "rules.events{}.label", "rules.events{}.label_zh",
    "rules.metrics{}.kind", "rules.metrics{}.events", "rules.metrics{}.min_stars",
    "rules.metrics{}.min_order_value", "rules.metrics{}.dimension",
    "rules.metrics{}.window_days", "rules.metrics{}.window_anchor",
    "rules.metrics{}.label", "rules.metrics{}.label_zh",
    "rules.metrics{}.minutes", "rules.metrics{}.hours", "rules.metrics{}.conversations",
    "rules.tiers[].name", "rules.tiers[].label", "rules.tiers[].label_zh",
    "rules.tiers[].when", "rules.tiers[].min_orders",
    /* docs/rulebooks.md "Scores" */
    "rules.events{}.reason",
    "rules.metrics{}.of", "rules.metrics{}.ladder", "rules.metrics{}.otherwise",
    "rules.metrics{}.missing", "rules.metrics{}.interpolate", "rules.metrics{}.weights",
    "rules.metrics{}.min", "rules.metrics{}.max", "rules.metrics{}.period", "rules.metrics{}.better",
    "rules.metrics{}.peers", "rules.metrics{}.from", "rules.metrics{}.to",
    "rules.metrics{}.ladder[].at_most", "rules.metrics{}.ladder[].at_least",
    "rules.metrics{}.ladder[].points", "rules.metrics{}.period.days",
    "rules.tiers[].stars",
    /* docs/rulebooks.md "Default reviews" */
    "rules.default_review", "rules.default_review.days", "rules.default_review.stars",
    "rules.metrics{}.count_default_reviews",
};

const ts_jkeylist *ts_rulebook_keys(void)
{
    static const ts_jkeylist list = {KEYS, sizeof KEYS / sizeof *KEYS, sizeof *KEYS};
    return &list;
}

char *ts_rules_dir(void)
{
    const char *env = getenv("TIERSIM_RULES");
    if (env != NULL && *env != '\0')
        return ts_xstrdup(env);
    char *installed = installed_rules_dir();
    return installed != NULL ? installed : ts_xstrdup(TS_RULES_DIR);
}

static size_t count_members(const cJSON *obj)
{
    size_t n = 0;
    for (const cJSON *m = obj ? obj->child : NULL; m != NULL; m = m->next)
        n++;
    return n;
}

/* The name nearest to key (same limits as the loader's unknown-key hints), or NULL. */
static const char *nearest(const char *key, const char *const *names, size_t n)
{
    const char *best = NULL;
    size_t best_d = SIZE_MAX;
    for (size_t i = 0; i < n; i++) {
        size_t d = ts_json_edit_distance(key, names[i]);
        if (d < best_d) {
            best_d = d;
            best = names[i];
        }
    }
    size_t len = strlen(key);
    size_t limit = len <= 3 ? 1 : len <= 8 ? 2 : 3;
    return best_d <= limit ? best : NULL;
}

/* Report "not a NOUN of this rulebook", suggesting the nearest of names. */
static void not_one_of(ts_jctx *c, const char *path, const char *key, const char *noun,
                       const char *const *names, size_t n)
{
    const char *near = nearest(key, names, n);
    if (near != NULL) {
        ts_jctx_error(c, path, "not a %s of this rulebook; did you mean \"%s\"?", noun, near);
        return;
    }
    size_t total = 1;
    for (size_t i = 0; i < n; i++)
        total += strlen(names[i]) + 4;
    char *list = ts_xmalloc(total);
    list[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        strcat(list, i ? ", \"" : "\"");
        strcat(list, names[i]);
        strcat(list, "\"");
    }
    ts_jctx_error(c, path, "not a %s of this rulebook; expected one of: %s", noun, n ? list : "(none)");
    free(list);
}

/* Optional "label" / "label_zh" of an event or a metric; defaults name, label. */
static void read_labels(ts_jctx *c, const cJSON *obj, const char *path, const char *name,
                        char **label, char **label_zh)
{
    const char *s;
    if (ts_jstring(c, obj, path, "label", true, &s))
        *label = ts_xstrdup(s);
    if (ts_jstring(c, obj, path, "label_zh", true, &s))
        *label_zh = ts_xstrdup(s);
    if (*label == NULL)
        *label = ts_xstrdup(name);
    if (*label_zh == NULL)
        *label_zh = ts_xstrdup(*label);
}

/* Parameters each event kind takes (docs/rulebooks.md "Event kinds"). */
static void read_event(ts_jctx *c, const cJSON *ev, const char *path, ts_rule_event *out)
{
    if (!ts_jis_object(c, ev, path))
        return;
    ts_jkeys(c, ev, path, ts_rulebook_keys(), "rules.events{}");
    read_labels(c, ev, path, out->name, &out->label, &out->label_zh);
    int kind = -1;
    if (ts_jneed(c, ev, path, "kind") && ts_jenum(c, ev, path, "kind", ts_event_kind_words, &kind))
        out->kind = (ts_event_kind)kind;
    if (kind < 0)
        return;
    bool stars = kind == TS_EV_FEEDBACK || kind == TS_EV_DSR;
    bool dim = kind == TS_EV_DSR;
    if (stars) {
        int32_t v;
        if (ts_jneed(c, ev, path, "max_stars") && ts_jint32(c, ev, path, "max_stars", 1, 5, &v))
            out->max_stars = v;
    } else if (ts_jget(ev, "max_stars") != NULL) {
        char *p = ts_jpath(path, "max_stars");
        ts_jctx_error(c, p, "not a parameter of event kind \"%s\" (only \"feedback\" and \"dsr\" take max_stars)",
                      ts_event_kind_words[kind]);
        free(p);
    }
    if (kind == TS_EV_DISPUTE_REASON) {
        int r;
        if (ts_jneed(c, ev, path, "reason") && ts_jenum(c, ev, path, "reason", ts_rule_reason_words, &r))
            out->reason = (ts_rule_reason)r;
    } else if (ts_jget(ev, "reason") != NULL) {
        char *p = ts_jpath(path, "reason");
        ts_jctx_error(c, p, "not a parameter of event kind \"%s\" (only \"dispute_reason\" takes a reason)",
                      ts_event_kind_words[kind]);
        free(p);
    }
    if (dim) {
        int d;
        if (ts_jneed(c, ev, path, "dimension") && ts_jenum(c, ev, path, "dimension", ts_dsr_dim_words, &d))
            out->dimension = (ts_dsr_dim)d;
    } else if (ts_jget(ev, "dimension") != NULL) {
        char *p = ts_jpath(path, "dimension");
        ts_jctx_error(c, p, "not a parameter of event kind \"%s\" (only \"dsr\" takes a dimension)",
                      ts_event_kind_words[kind]);
        free(p);
    }
}

static void misplaced(ts_jctx *c, const cJSON *m, const char *path, const char *key, int kind)
{
    if (ts_jget(m, key) == NULL)
        return;
    char *p = ts_jpath(path, key);
    ts_jctx_error(c, p, "not a parameter of metric kind \"%s\"", ts_metric_kind_words[kind]);
    free(p);
}

/*
** The parameters of the reply metrics (docs/rulebooks.md "Metric kinds"):
** reply_within's minutes (required), and for both the arrival hours [from,
** to) (default [0, 24]) and which conversations count (default all).
*/
static void read_reply(ts_jctx *c, const cJSON *m, const char *path, int kind, ts_metric *out)
{
    out->reply_hours[0] = 0;
    out->reply_hours[1] = 24;
    out->conversations = TS_CONV_ALL;
    bool reply = kind == TS_METRIC_REPLY_WITHIN || kind == TS_METRIC_REPLY_MEAN_MINUTES;
    if (kind == TS_METRIC_REPLY_WITHIN) {
        if (ts_jneed(c, m, path, "minutes"))
            ts_jnumber(c, m, path, "minutes", 0.0, false, HUGE_VAL, false, &out->reply_minutes);
    } else {
        misplaced(c, m, path, "minutes", kind);
    }
    if (!reply) {
        misplaced(c, m, path, "hours", kind);
        misplaced(c, m, path, "conversations", kind);
        return;
    }
    int f;
    if (ts_jenum(c, m, path, "conversations", ts_conv_filter_words, &f))
        out->conversations = (ts_conv_filter)f;
    const cJSON *h = ts_jget(m, "hours");
    if (h == NULL)
        return;
    char *p = ts_jpath(path, "hours");
    const cJSON *a = cJSON_IsArray(h) && cJSON_GetArraySize(h) == 2 ? h->child : NULL;
    const cJSON *b = a ? a->next : NULL;
    double x = a && cJSON_IsNumber(a) ? a->valuedouble : -1, y = b && cJSON_IsNumber(b) ? b->valuedouble : -1;
    if (a == NULL || !(x >= 0 && x <= 23 && x == floor(x)) || !(y >= 1 && y <= 24 && y == floor(y)) || !(y > x)) {
        bool pair = a != NULL && cJSON_IsNumber(a) && b != NULL && cJSON_IsNumber(b);
        char *found = pair ? ts_xasprintf("[%g, %g]", a->valuedouble, b->valuedouble) : ts_json_describe(h);
        ts_jctx_error(c, p, "expected [from, to]: whole hours with 0 <= from < to <= 24 (arrivals in "
                      "from:00 .. to:00), found %s", found);
        free(found);
    } else {
        out->reply_hours[0] = (int)x;
        out->reply_hours[1] = (int)y;
    }
    free(p);
}

/*
** A number of a metric that may be "$name" of one of the rulebook's params
** (docs/rulebooks.md "Parameters"): *out gets the literal or the parameter's
** value, and a "$name" is remembered in m->refs as (slot, index).
*/
static bool read_num_value(ts_jctx *c, const ts_rulebook *rb, const cJSON *v, const char *path,
                           ts_metric *m, int slot, size_t index, double *out)
{
    if (cJSON_IsString(v) && v->valuestring[0] == '$') {
        const char *pn = v->valuestring + 1;
        for (size_t j = 0; j < rb->n_params; j++) {
            if (strcmp(rb->params[j].name, pn) == 0) {
                m->refs = ts_xrealloc(m->refs, (m->n_refs + 1) * sizeof *m->refs);
                m->refs[m->n_refs].slot = slot;
                m->refs[m->n_refs].index = index;
                m->refs[m->n_refs++].param = ts_xstrdup(pn);
                *out = rb->params[j].value;
                return true;
            }
        }
        const char **names = ts_xcalloc(rb->n_params + 1, sizeof *names);
        for (size_t j = 0; j < rb->n_params; j++)
            names[j] = rb->params[j].name;
        not_one_of(c, path, pn, "parameter (\"params\")", names, rb->n_params);
        free(names);
        return false;
    }
    if (cJSON_IsNumber(v) && isfinite(v->valuedouble)) {
        *out = v->valuedouble;
        return true;
    }
    char *f = ts_json_describe(v);
    ts_jctx_error(c, path, "expected a number or \"$name\" of one of the rulebook's params, found %s", f);
    free(f);
    return false;
}

/* Optional member key of obj as read_num_value; false when absent or wrong. */
static bool read_num(ts_jctx *c, const ts_rulebook *rb, const cJSON *obj, const char *path, const char *key,
                     ts_metric *m, int slot, size_t index, double *out)
{
    const cJSON *v = ts_jget(obj, key);
    if (v == NULL)
        return false;
    char *p = ts_jpath(path, key);
    bool ok = read_num_value(c, rb, v, p, m, slot, index, out);
    free(p);
    return ok;
}

/* The index of the metric named by v (a string) in rb, reporting at path when there is none. */
static bool metric_ref(ts_jctx *c, const ts_rulebook *rb, const cJSON *v, const char *path, size_t *out)
{
    if (!cJSON_IsString(v)) {
        char *f = ts_json_describe(v);
        ts_jctx_error(c, path, "expected the name of a metric of this rulebook, found %s", f);
        free(f);
        return false;
    }
    for (size_t k = 0; k < rb->n_metrics; k++) {
        if (rb->metrics[k].name != NULL && strcmp(rb->metrics[k].name, v->valuestring) == 0) {
            *out = k;
            return true;
        }
    }
    const char **names = ts_xcalloc(rb->n_metrics + 1, sizeof *names);
    for (size_t j = 0; j < rb->n_metrics; j++)
        names[j] = rb->metrics[j].name;
    not_one_of(c, path, v->valuestring, "metric", names, rb->n_metrics);
    free(names);
    return false;
}

/* "ladder": [{"at_most" | "at_least": x, "points": p}, ...] of a points metric. */
static void read_ladder(ts_jctx *c, const ts_rulebook *rb, const cJSON *m, const char *path, ts_metric *out)
{
    const cJSON *lad = ts_jget(m, "ladder");
    if (lad == NULL)
        return;
    char *lp = ts_jpath(path, "ladder");
    if (ts_jis_array(c, lad, lp)) {
        out->ladder = ts_xcalloc((size_t)cJSON_GetArraySize(lad) + 1, sizeof *out->ladder);
        size_t i = 0;
        for (const cJSON *r = lad->child; r != NULL; r = r->next, i++) {
            char *rp = ts_jpath_index(lp, i);
            ts_rung *rung = &out->ladder[out->n_rungs];
            if (ts_jis_object(c, r, rp)) {
                ts_jkeys(c, r, rp, ts_rulebook_keys(), "rules.metrics{}.ladder[]");
                bool most = ts_jget(r, "at_most") != NULL, least = ts_jget(r, "at_least") != NULL;
                bool ok = true;
                if (most == least) {
                    ts_jctx_error(c, rp, "expected exactly one of \"at_most\" and \"at_least\" (the bound "
                                  "of the rung), found %s", most ? "both" : "neither");
                    ok = false;
                }
                rung->at_least = least;
                size_t idx = out->n_rungs;
                if (most || least)
                    ok = read_num(c, rb, r, rp, least ? "at_least" : "at_most", out, TS_NUM_RUNG_X, idx,
                                  &rung->x) && ok;
                ok = ts_jneed(c, r, rp, "points")
                     && read_num(c, rb, r, rp, "points", out, TS_NUM_RUNG_POINTS, idx, &rung->points) && ok;
                if (ok)
                    out->n_rungs++;
            }
            free(rp);
        }
    }
    free(lp);
}

/* "peers": [[value, share_of_peers_at_or_below], ...] of a peer_rank metric. */
static void read_peers(ts_jctx *c, const ts_rulebook *rb, const cJSON *m, const char *path, ts_metric *out)
{
    const cJSON *tab = ts_jget(m, "peers");
    char *tp = ts_jpath(path, "peers");
    if (ts_jneed(c, m, path, "peers") && ts_jis_array(c, tab, tp)) {
        if (cJSON_GetArraySize(tab) == 0)
            ts_jctx_error(c, tp, "expected at least one [value, share] point, found an empty array");
        out->peers = ts_xcalloc((size_t)cJSON_GetArraySize(tab) + 1, sizeof *out->peers);
        size_t i = 0;
        for (const cJSON *pt = tab->child; pt != NULL; pt = pt->next, i++) {
            char *pp = ts_jpath_index(tp, i);
            if (!cJSON_IsArray(pt) || cJSON_GetArraySize(pt) != 2) {
                char *f = ts_json_describe(pt);
                ts_jctx_error(c, pp, "expected [value, share of peers at or below it], found %s", f);
                free(f);
            } else {
                size_t idx = out->n_peers;
                ts_peer_point *q = &out->peers[idx];
                char *p0 = ts_jpath_index(pp, 0), *p1 = ts_jpath_index(pp, 1);
                bool ok = read_num_value(c, rb, pt->child, p0, out, TS_NUM_PEER_VALUE, idx, &q->value);
                ok = read_num_value(c, rb, pt->child->next, p1, out, TS_NUM_PEER_SHARE, idx, &q->share) && ok;
                if (ok)
                    out->n_peers++;
                free(p0);
                free(p1);
            }
            free(pp);
        }
    }
    free(tp);
}

/* "period": "previous_month" | "month_to_date" | {"days": N} of a daily_mean. */
static void read_period(ts_jctx *c, const cJSON *m, const char *path, ts_metric *out)
{
    const cJSON *per = ts_jget(m, "period");
    if (!ts_jneed(c, m, path, "period"))
        return;
    char *pp = ts_jpath(path, "period");
    if (cJSON_IsString(per) && strcmp(per->valuestring, "previous_month") == 0) {
        out->period = TS_PERIOD_PREVIOUS_MONTH;
    } else if (cJSON_IsString(per) && strcmp(per->valuestring, "month_to_date") == 0) {
        out->period = TS_PERIOD_MONTH_TO_DATE;
    } else if (cJSON_IsObject(per)) {
        ts_jkeys(c, per, pp, ts_rulebook_keys(), "rules.metrics{}.period");
        int32_t n;
        out->period = TS_PERIOD_DAYS;
        if (ts_jneed(c, per, pp, "days") && ts_jint32(c, per, pp, "days", 1, 366, &n))
            out->period_days = n;
    } else {
        char *f = ts_json_describe(per);
        ts_jctx_error(c, pp, "expected \"previous_month\", \"month_to_date\" or {\"days\": N} (N 1..366), found %s", f);
        free(f);
    }
    free(pp);
}

/*
** The parameters of the score kinds (docs/rulebooks.md "Scores"): of, and
** per kind ladder / otherwise / missing / interpolate (points), weights /
** min / max (sum), period (daily_mean), better / peers (peer_rank), from / to
** (mean_days). Keys of other kinds are reported.
*/
static void read_score(ts_jctx *c, const ts_rulebook *rb, const cJSON *m, const char *path, int kind,
                       ts_metric *out)
{
    out->clip_min = -HUGE_VAL;
    out->clip_max = HUGE_VAL;
    bool derived = ts_metric_is_derived((ts_metric_kind)kind);
    if (derived) {
        misplaced(c, m, path, "window_days", kind);
        misplaced(c, m, path, "window_anchor", kind);
        const cJSON *of = ts_jget(m, "of");
        char *op = ts_jpath(path, "of");
        if (ts_jneed(c, m, path, "of") && kind == TS_METRIC_SUM) {
            if (ts_jis_array(c, of, op)) {
                size_t n = (size_t)cJSON_GetArraySize(of), i = 0;
                if (n == 0)
                    ts_jctx_error(c, op, "expected at least one metric name, found an empty array");
                out->of = ts_xcalloc(n + 1, sizeof *out->of);
                for (const cJSON *e = of->child; e != NULL; e = e->next, i++) {
                    char *ep = ts_jpath_index(op, i);
                    if (metric_ref(c, rb, e, ep, &out->of[out->n_of]))
                        out->n_of++;
                    free(ep);
                }
            }
        } else if (of != NULL) {
            out->of = ts_xcalloc(1, sizeof *out->of);
            if (metric_ref(c, rb, of, op, &out->of[0]))
                out->n_of = 1;
        }
        free(op);
    } else {
        misplaced(c, m, path, "of", kind);
    }
    if (kind == TS_METRIC_POINTS) {
        read_ladder(c, rb, m, path, out);
        out->has_otherwise = read_num(c, rb, m, path, "otherwise", out, TS_NUM_OTHERWISE, 0, &out->otherwise);
        out->has_missing = read_num(c, rb, m, path, "missing", out, TS_NUM_MISSING, 0, &out->missing);
        const cJSON *ip = ts_jget(m, "interpolate");
        if (ip != NULL && !cJSON_IsBool(ip)) {
            char *p = ts_jpath(path, "interpolate"), *f = ts_json_describe(ip);
            ts_jctx_error(c, p, "expected true or false, found %s", f);
            free(f);
            free(p);
        }
        out->interpolate = ip != NULL && cJSON_IsTrue(ip);
        if (out->n_rungs == 0 && !out->has_otherwise && ts_jget(m, "otherwise") == NULL
            && (ts_jget(m, "ladder") == NULL || cJSON_GetArraySize(ts_jget(m, "ladder")) == 0))
            ts_jctx_error(c, path, "a points metric needs a \"ladder\" with at least one rung or an "
                          "\"otherwise\"; found neither, so it would never give points");
    } else {
        misplaced(c, m, path, "ladder", kind);
        misplaced(c, m, path, "otherwise", kind);
        misplaced(c, m, path, "missing", kind);
        misplaced(c, m, path, "interpolate", kind);
    }
    if (kind == TS_METRIC_SUM) {
        read_num(c, rb, m, path, "min", out, TS_NUM_MIN, 0, &out->clip_min);
        read_num(c, rb, m, path, "max", out, TS_NUM_MAX, 0, &out->clip_max);
        const cJSON *w = ts_jget(m, "weights");
        if (w != NULL) {
            char *wp = ts_jpath(path, "weights");
            const cJSON *of = ts_jget(m, "of");
            int want = cJSON_IsArray(of) ? cJSON_GetArraySize(of) : -1;
            if (!cJSON_IsArray(w) || cJSON_GetArraySize(w) != want) {
                char *f = ts_json_describe(w);
                ts_jctx_error(c, wp, "expected an array of %d numbers (one weight per metric of \"of\"), found %s",
                              want, f);
                free(f);
            } else {
                out->weights = ts_xcalloc((size_t)want + 1, sizeof *out->weights);
                size_t i = 0;
                for (const cJSON *e = w->child; e != NULL; e = e->next, i++) {
                    char *ep = ts_jpath_index(wp, i);
                    read_num_value(c, rb, e, ep, out, TS_NUM_WEIGHT, i, &out->weights[i]);
                    free(ep);
                }
            }
            free(wp);
        }
    } else {
        misplaced(c, m, path, "weights", kind);
        misplaced(c, m, path, "min", kind);
        misplaced(c, m, path, "max", kind);
    }
    if (kind == TS_METRIC_DAILY_MEAN)
        read_period(c, m, path, out);
    else
        misplaced(c, m, path, "period", kind);
    if (kind == TS_METRIC_PEER_RANK) {
        int b;
        if (ts_jneed(c, m, path, "better") && ts_jenum(c, m, path, "better", ts_better_words, &b))
            out->lower_better = b == 1;
        read_peers(c, rb, m, path, out);
    } else {
        misplaced(c, m, path, "better", kind);
        misplaced(c, m, path, "peers", kind);
    }
    if (kind == TS_METRIC_MEAN_DAYS) {
        int f = -1, t = -1;
        if (ts_jneed(c, m, path, "from") && ts_jenum(c, m, path, "from", ts_moment_words, &f))
            out->from = (ts_moment)f;
        if (ts_jneed(c, m, path, "to") && ts_jenum(c, m, path, "to", ts_moment_words, &t))
            out->to = (ts_moment)t;
        if (f >= 0 && f == t) {
            char *p = ts_jpath(path, "to");
            ts_jctx_error(c, p, "expected a moment other than \"from\" (\"%s\"): the days between a moment "
                          "and itself are always 0", ts_moment_words[f]);
            free(p);
        }
    } else {
        misplaced(c, m, path, "from", kind);
        misplaced(c, m, path, "to", kind);
    }
    char why[400];
    if (ts_metric_problem(out, why, sizeof why))
        ts_jctx_error(c, path, "rulebook \"%s\", metric \"%s\": %s", rb->name ? rb->name : "", out->name, why);
}

static void read_metric(ts_jctx *c, const ts_rulebook *rb, const cJSON *m, const char *path,
                        ts_metric *out)
{
    out->window_days = rb->window_days;
    out->anchor = rb->anchor;
    if (!ts_jis_object(c, m, path))
        return;
    ts_jkeys(c, m, path, ts_rulebook_keys(), "rules.metrics{}");
    read_labels(c, m, path, out->name, &out->label, &out->label_zh);
    int kind = -1;
    if (ts_jneed(c, m, path, "kind") && ts_jenum(c, m, path, "kind", ts_metric_kind_words, &kind))
        out->kind = (ts_metric_kind)kind;
    int32_t w;
    if (ts_jint32(c, m, path, "window_days", 1, 3660, &w))
        out->window_days = w;
    int a;
    if (ts_jenum(c, m, path, "window_anchor", ts_anchor_words, &a))
        out->anchor = (ts_anchor)a;
    if (kind < 0)
        return;
    if (kind == TS_METRIC_RATE || kind == TS_METRIC_COUNT) {
        const cJSON *evs = ts_jget(m, "events");
        char *p = ts_jpath(path, "events");
        if (ts_jneed(c, m, path, "events") && ts_jis_array(c, evs, p)) {
            size_t n = (size_t)cJSON_GetArraySize(evs), i = 0;
            if (n == 0)
                ts_jctx_error(c, p, "expected at least one event name, found an empty array");
            out->events = ts_xcalloc(n, sizeof *out->events);
            for (const cJSON *e = evs->child; e != NULL; e = e->next, i++) {
                char *ep = ts_jpath_index(p, i);
                size_t k = rb->n_events;
                if (cJSON_IsString(e))
                    for (k = 0; k < rb->n_events && strcmp(rb->events[k].name, e->valuestring) != 0; k++)
                        ;
                if (k == rb->n_events) {
                    char *f = ts_json_describe(e);
                    ts_jctx_error(c, ep, "expected the name of an event of this rulebook, found %s", f);
                    free(f);
                } else {
                    bool seen = false;
                    for (size_t j = 0; j < out->n_events; j++)
                        seen = seen || out->events[j] == k;
                    if (!seen)
                        out->events[out->n_events++] = k;
                }
                free(ep);
            }
        }
        free(p);
    } else {
        misplaced(c, m, path, "events", kind);
    }
    if (kind == TS_METRIC_FEEDBACK_SHARE) {
        int32_t s;
        if (ts_jneed(c, m, path, "min_stars") && ts_jint32(c, m, path, "min_stars", 1, 5, &s))
            out->min_stars = s;
        ts_jnumber(c, m, path, "min_order_value", 0.0, false, HUGE_VAL, false, &out->min_order_value);
        const cJSON *cd = ts_jget(m, "count_default_reviews");
        char *cp = ts_jpath(path, "count_default_reviews");
        if (cd != NULL && !cJSON_IsBool(cd)) {
            char *f = ts_json_describe(cd);
            ts_jctx_error(c, cp, "expected true or false, found %s", f);
            free(f);
        } else if (cJSON_IsTrue(cd) && rb->default_review_days == 0) {
            ts_jctx_error(c, cp, "rulebook \"%s\", metric \"%s\": counts default reviews, but the rulebook "
                          "declares none; add \"default_review\": {\"days\": N, \"stars\": S} (docs/rulebooks.md "
                          "\"Default reviews\")", rb->name ? rb->name : "", out->name);
        } else {
            out->count_default_reviews = cJSON_IsTrue(cd);
        }
        free(cp);
    } else {
        misplaced(c, m, path, "min_stars", kind);
        misplaced(c, m, path, "min_order_value", kind);
        misplaced(c, m, path, "count_default_reviews", kind);
    }
    if (kind == TS_METRIC_DSR_MEAN) {
        int d;
        if (ts_jneed(c, m, path, "dimension") && ts_jenum(c, m, path, "dimension", ts_dsr_dim_words, &d))
            out->dimension = (ts_dsr_dim)d;
    } else {
        misplaced(c, m, path, "dimension", kind);
    }
    read_reply(c, m, path, kind, out);
    read_score(c, rb, m, path, kind, out);
}

/* The value of a condition: a number, or "$name" of one of the rulebook's params. */
static bool read_condition_value(ts_jctx *c, const ts_rulebook *rb, const cJSON *val, const char *path,
                                 const ts_param **param)
{
    *param = NULL;
    if (cJSON_IsString(val) && val->valuestring[0] == '$') {
        const char *pn = val->valuestring + 1;
        for (size_t j = 0; j < rb->n_params && *param == NULL; j++)
            if (strcmp(rb->params[j].name, pn) == 0)
                *param = &rb->params[j];
        if (*param == NULL) {
            const char **names = ts_xcalloc(rb->n_params + 1, sizeof *names);
            for (size_t j = 0; j < rb->n_params; j++)
                names[j] = rb->params[j].name;
            not_one_of(c, path, pn, "parameter (\"params\")", names, rb->n_params);
            free(names);
        }
        return *param != NULL;
    }
    if (cJSON_IsNumber(val))
        return true;
    char *f = ts_json_describe(val);
    ts_jctx_error(c, path, "expected a number or \"$name\" of one of the rulebook's params, found %s", f);
    free(f);
    return false;
}

/* One member of a tier's "when": METRIC: [op, value], appended to out->when when valid. */
static void read_condition(ts_jctx *c, const ts_rulebook *rb, const cJSON *m, const char *path,
                           ts_tier *out)
{
    size_t k;
    for (k = 0; k < rb->n_metrics && strcmp(rb->metrics[k].name, m->string) != 0; k++)
        ;
    if (k == rb->n_metrics) {
        const char **names = ts_xcalloc(rb->n_metrics + 1, sizeof *names);
        for (size_t j = 0; j < rb->n_metrics; j++)
            names[j] = rb->metrics[j].name;
        not_one_of(c, path, m->string, "metric", names, rb->n_metrics);
        free(names);
        return;
    }
    if (!cJSON_IsArray(m) || cJSON_GetArraySize(m) != 2) {
        char *f = ts_json_describe(m);
        ts_jctx_error(c, path, "expected [op, value] with op \"<\", \"<=\", \">\" or \">=\", found %s", f);
        free(f);
        return;
    }
    const cJSON *op = m->child, *val = m->child->next;
    int o = -1;
    for (int i = 0; ts_op_words[i] != NULL && cJSON_IsString(op); i++)
        if (strcmp(op->valuestring, ts_op_words[i]) == 0)
            o = i;
    char *p0 = ts_jpath_index(path, 0), *p1 = ts_jpath_index(path, 1);
    if (o < 0) {
        char *f = ts_json_describe(op);
        ts_jctx_error(c, p0, "expected an operator \"<\", \"<=\", \">\" or \">=\", found %s", f);
        free(f);
    }
    const ts_param *param;
    if (read_condition_value(c, rb, val, p1, &param) && o >= 0) {
        ts_condition *cond = &out->when[out->n_when++];
        cond->metric = k;
        cond->op = (ts_op)o;
        cond->value = param ? param->value : val->valuedouble;
        cond->param = param ? ts_xstrdup(param->name) : NULL;
    }
    free(p0);
    free(p1);
}

static void read_tier(ts_jctx *c, const ts_rulebook *rb, const cJSON *t, const char *path,
                      ts_tier *out)
{
    if (!ts_jis_object(c, t, path))
        return;
    ts_jkeys(c, t, path, ts_rulebook_keys(), "rules.tiers[]");
    const char *s;
    if (ts_jneed(c, t, path, "name") && ts_jstring(c, t, path, "name", true, &s)) {
        if (strcmp(s, "not_assessed") == 0 || strcmp(s, "unclassified") == 0) {
            char *p = ts_jpath(path, "name");
            ts_jctx_error(c, p, "\"%s\" is reserved for the engine; choose another tier name", s);
            free(p);
        } else {
            out->name = ts_xstrdup(s);
        }
    }
    if (ts_jstring(c, t, path, "label", false, &s))
        out->label = ts_xstrdup(s);
    if (ts_jstring(c, t, path, "label_zh", false, &s))
        out->label_zh = ts_xstrdup(s);
    int64_t mo;
    if (ts_jint(c, t, path, "min_orders", 0, 1000000000, &mo))
        out->min_orders = (long)mo;
    ts_jnumber(c, t, path, "stars", 0.0, false, 5.0, false, &out->stars);
    const cJSON *when = ts_jget(t, "when");
    if (when == NULL)
        return;
    char *wp = ts_jpath(path, "when");
    if (ts_jis_object(c, when, wp)) {
        out->when = ts_xcalloc(count_members(when), sizeof *out->when);
        for (const cJSON *m = when->child; m != NULL; m = m->next) {
            char *p = ts_jpath(wp, m->string);
            read_condition(c, rb, m, p, out);
            free(p);
        }
    }
    free(wp);
}

/* "params": {"NAME": number, ...}, declared by a rulebook (docs/rulebooks.md). */
static void read_params(ts_jctx *c, const cJSON *obj, const char *path, ts_rulebook *rb)
{
    const cJSON *params = ts_jget(obj, "params");
    if (params == NULL)
        return;
    char *pp = ts_jpath(path, "params");
    if (ts_jis_object(c, params, pp)) {
        rb->params = ts_xcalloc(count_members(params) + 1, sizeof *rb->params);
        for (const cJSON *m = params->child; m != NULL; m = m->next) {
            char *p = ts_jpath(pp, m->string);
            if (m->string[0] == '\0' || strchr(m->string, '$') != NULL) {
                ts_jctx_error(c, p, "expected a parameter name without '$' (conditions refer to it as "
                              "\"$name\"), found \"%s\"", m->string);
            } else if (!cJSON_IsNumber(m)) {
                char *f = ts_json_describe(m);
                ts_jctx_error(c, p, "expected a number, found %s", f);
                free(f);
            } else {
                ts_param *prm = &rb->params[rb->n_params++];
                prm->name = ts_xstrdup(m->string);
                prm->value = m->valuedouble;
            }
            free(p);
        }
    }
    free(pp);
}

/*
** A scenario's inline {"base": NAME, "params": {...}}: the shipped rulebook
** NAME with some of its declared parameters given other values.
*/
static ts_rulebook *from_base(ts_jctx *c, const cJSON *obj, const char *path)
{
    size_t before = c->count;
    for (const cJSON *m = obj->child; m != NULL; m = m->next) {
        if (strcmp(m->string, "base") != 0 && strcmp(m->string, "params") != 0) {
            char *p = ts_jpath(path, m->string);
            ts_jctx_error(c, p, "not allowed beside \"base\" (a rulebook with a base only changes "
                          "the base's \"params\"; write a whole inline rulebook to change more)");
            free(p);
        }
    }
    if (path[0] == '\0') {
        ts_jctx_error(c, "base", "only a scenario's inline rulebook may have a \"base\"; a rulebook file "
                      "must be complete");
        return NULL;
    }
    const char *name;
    if (!ts_jstring(c, obj, path, "base", true, &name))
        return NULL;
    ts_error sub = {0};
    ts_rulebook *rb = ts_rulebook_load_name(name, &sub);
    if (rb == NULL) {
        char *pre = ts_xasprintf("%s: %s%s.base: ", c->file, c->prefix, path);
        ts_error_merge(c->err, &sub, pre);
        c->count += sub.count ? sub.count : 1;
        free(pre);
        ts_error_clear(&sub);
        return NULL;
    }
    ts_error_clear(&sub);
    const cJSON *params = ts_jget(obj, "params");
    char *pp = ts_jpath(path, "params");
    if (params != NULL && ts_jis_object(c, params, pp)) {
        const char **names = ts_xcalloc(rb->n_params + 1, sizeof *names);
        for (size_t j = 0; j < rb->n_params; j++)
            names[j] = rb->params[j].name;
        for (const cJSON *m = params->child; m != NULL; m = m->next) {
            char *p = ts_jpath(pp, m->string);
            if (!cJSON_IsNumber(m)) {
                char *f = ts_json_describe(m);
                ts_jctx_error(c, p, "expected a number, found %s", f);
                free(f);
            } else if (!ts_rulebook_set_param(rb, m->string, m->valuedouble)) {
                not_one_of(c, p, m->string, "parameter (\"params\")", names, rb->n_params);
            }
            free(p);
        }
        free(names);
        /* a parameter may have broken a ladder or a peer table (docs/rulebooks.md "Scores") */
        char why[400];
        for (size_t i = 0; i < rb->n_metrics; i++) {
            if (ts_metric_problem(&rb->metrics[i], why, sizeof why)) {
                char *mp = ts_xasprintf("%s (rulebook \"%s\", metric \"%s\", with these params)", pp,
                                        rb->name, rb->metrics[i].name);
                ts_jctx_error(c, mp, "%s", why);
                free(mp);
            }
        }
    }
    free(pp);
    if (c->count != before) {
        ts_rulebook_free(rb);
        return NULL;
    }
    return rb;
}

/* name, title, title_zh, source (with their defaults), window_days, window_anchor, min_orders. */
static void read_header(ts_jctx *c, const cJSON *obj, const char *path, ts_rulebook *rb)
{
    const char *s;
    if (ts_jneed(c, obj, path, "name") && ts_jstring(c, obj, path, "name", true, &s))
        rb->name = ts_xstrdup(s);
    if (ts_jstring(c, obj, path, "title", false, &s))
        rb->title = ts_xstrdup(s);
    if (ts_jstring(c, obj, path, "title_zh", false, &s))
        rb->title_zh = ts_xstrdup(s);
    if (ts_jstring(c, obj, path, "source", false, &s))
        rb->source = ts_xstrdup(s);
    rb->source = rb->source ? rb->source : ts_xstrdup("");
    rb->title = rb->title ? rb->title : ts_xstrdup(rb->name ? rb->name : "");
    rb->title_zh = rb->title_zh ? rb->title_zh : ts_xstrdup(rb->title);

    int32_t w;
    if (ts_jneed(c, obj, path, "window_days") && ts_jint32(c, obj, path, "window_days", 1, 3660, &w))
        rb->window_days = w;
    int a;
    if (ts_jenum(c, obj, path, "window_anchor", ts_anchor_words, &a))
        rb->anchor = (ts_anchor)a;
    int64_t mo;
    if (ts_jint(c, obj, path, "min_orders", 0, 1000000000, &mo))
        rb->min_orders = (long)mo;
}

/* "schedule": {"every": "month" | "day", "day": "last" | 1..28} (docs/rulebooks.md). */
static void read_schedule(ts_jctx *c, const cJSON *obj, const char *path, ts_rulebook *rb)
{
    const cJSON *sched = ts_jget(obj, "schedule");
    if (sched == NULL)
        return;
    char *sp = ts_jpath(path, "schedule");
    if (ts_jis_object(c, sched, sp)) {
        ts_jkeys(c, sched, sp, ts_rulebook_keys(), "rules.schedule");
        int e;
        if (ts_jneed(c, sched, sp, "every") && ts_jenum(c, sched, sp, "every", ts_schedule_words, &e))
            rb->every = (ts_schedule_every)e;
        const cJSON *day = ts_jget(sched, "day");
        if (day != NULL) {
            char *dp = ts_jpath(sp, "day");
            if (rb->every == TS_SCHEDULE_DAY) {
                ts_jctx_error(c, dp, "a daily schedule takes no \"day\"");
            } else if (cJSON_IsString(day) && strcmp(day->valuestring, "last") == 0) {
                rb->schedule_day = 0;
            } else if (cJSON_IsNumber(day) && day->valuedouble == floor(day->valuedouble)
                       && day->valuedouble >= 1 && day->valuedouble <= 28) {
                rb->schedule_day = (int)day->valuedouble;
            } else {
                char *f = ts_json_describe(day);
                ts_jctx_error(c, dp, "expected \"last\" or a day of the month 1..28, found %s", f);
                free(f);
            }
            free(dp);
        }
    }
    free(sp);
}

/*
** "default_review": {"days": N, "stars": S} (docs/rulebooks.md "Default
** reviews"): the platform reviews an order its buyer has not reviewed by end + N
** with S stars. Both required; N 1..365, S 1..5.
*/
static void read_default_review(ts_jctx *c, const cJSON *obj, const char *path, ts_rulebook *rb)
{
    const cJSON *dr = ts_jget(obj, "default_review");
    if (dr == NULL)
        return;
    char *dp = ts_jpath(path, "default_review");
    if (ts_jis_object(c, dr, dp)) {
        ts_jkeys(c, dr, dp, ts_rulebook_keys(), "rules.default_review");
        int32_t days = 0, stars = 0;
        bool ok = ts_jneed(c, dr, dp, "days") && ts_jint32(c, dr, dp, "days", 1, 365, &days);
        ok = ts_jneed(c, dr, dp, "stars") && ts_jint32(c, dr, dp, "stars", 1, 5, &stars) && ok;
        rb->default_review_days = ok ? days : -1; /* -1: given but wrong (reported once, here) */
        rb->default_review_stars = stars;
    }
    free(dp);
}

/* "events" (required): name -> event, in the order of the file. */
static void read_events(ts_jctx *c, const cJSON *obj, const char *path, ts_rulebook *rb)
{
    const cJSON *events = ts_jget(obj, "events");
    char *ep = ts_jpath(path, "events");
    if (ts_jneed(c, obj, path, "events") && ts_jis_object(c, events, ep)) {
        rb->events = ts_xcalloc(count_members(events), sizeof *rb->events);
        for (const cJSON *e = events->child; e != NULL; e = e->next) {
            ts_rule_event *ev = &rb->events[rb->n_events++];
            ev->name = ts_xstrdup(e->string);
            char *p = ts_jpath(ep, e->string);
            read_event(c, e, p, ev);
            free(p);
        }
    }
    free(ep);
}

/* A metric that uses itself through others: reported once, naming the cycle "a -> b -> a". */
static void check_cycles(ts_jctx *c, const ts_rulebook *rb, const char *mp)
{
    size_t n = rb->n_metrics, len = 0;
    size_t *order = ts_xcalloc(n + 1, sizeof *order), *cycle = ts_xcalloc(n + 1, sizeof *cycle);
    if (!ts_rulebook_metric_order(rb, order, cycle, &len) && len > 0) {
        size_t total = 1;
        for (size_t k = 0; k <= len; k++)
            total += strlen(rb->metrics[cycle[k % len]].name) + 4;
        char *text = ts_xmalloc(total);
        text[0] = '\0';
        for (size_t k = 0; k <= len; k++) {
            if (k)
                strcat(text, " -> ");
            strcat(text, rb->metrics[cycle[k % len]].name);
        }
        char *p = ts_jpath(mp, rb->metrics[cycle[0]].name);
        ts_jctx_error(c, p, "rulebook \"%s\": metric cycle: %s (a metric may use other metrics, but none may "
                      "come back to itself)", rb->name ? rb->name : "", text);
        free(p);
        free(text);
    }
    free(order);
    free(cycle);
}

/* "metrics" (required): name -> metric, in the order of the file; after the events and params. */
static void read_metrics(ts_jctx *c, const cJSON *obj, const char *path, ts_rulebook *rb)
{
    const cJSON *metrics = ts_jget(obj, "metrics");
    char *mp = ts_jpath(path, "metrics");
    if (ts_jneed(c, obj, path, "metrics") && ts_jis_object(c, metrics, mp)) {
        /* names first: a metric may use metrics defined later in the file (docs/rulebooks.md "Scores") */
        rb->metrics = ts_xcalloc(count_members(metrics) + 1, sizeof *rb->metrics);
        for (const cJSON *m = metrics->child; m != NULL; m = m->next)
            rb->metrics[rb->n_metrics++].name = ts_xstrdup(m->string);
        size_t i = 0;
        for (const cJSON *m = metrics->child; m != NULL; m = m->next, i++) {
            char *p = ts_jpath(mp, m->string);
            read_metric(c, rb, m, p, &rb->metrics[i]);
            free(p);
        }
        check_cycles(c, rb, mp);
    }
    free(mp);
}

/* "tiers" (required, at least one, names unique): best first; after metrics and params. */
static void read_tiers(ts_jctx *c, const cJSON *obj, const char *path, ts_rulebook *rb)
{
    const cJSON *tiers = ts_jget(obj, "tiers");
    char *tp = ts_jpath(path, "tiers");
    if (ts_jneed(c, obj, path, "tiers") && ts_jis_array(c, tiers, tp)) {
        size_t n = (size_t)cJSON_GetArraySize(tiers), i = 0;
        if (n == 0)
            ts_jctx_error(c, tp, "expected at least one tier, found an empty array");
        rb->tiers = ts_xcalloc(n, sizeof *rb->tiers);
        for (const cJSON *t = tiers->child; t != NULL; t = t->next, i++) {
            ts_tier *tier = &rb->tiers[rb->n_tiers++];
            char *p = ts_jpath_index(tp, i);
            read_tier(c, rb, t, p, tier);
            if (tier->name != NULL) {
                for (size_t j = 0; j < i; j++) {
                    if (rb->tiers[j].name != NULL && strcmp(rb->tiers[j].name, tier->name) == 0) {
                        char *np = ts_jpath(p, "name");
                        ts_jctx_error(c, np, "tier name \"%s\" is already used by %s[%zu]", tier->name, tp, j);
                        free(np);
                        break;
                    }
                }
            }
            tier->name = tier->name ? tier->name : ts_xasprintf("tier%zu", i);
            tier->label = tier->label ? tier->label : ts_xstrdup(tier->name);
            tier->label_zh = tier->label_zh ? tier->label_zh : ts_xstrdup(tier->label);
            free(p);
        }
    }
    free(tp);
}

ts_rulebook *ts_rulebook_from_json(ts_jctx *c, const cJSON *obj, const char *path)
{
    size_t before = c->count;
    if (!ts_jis_object(c, obj, path))
        return NULL;
    if (ts_jget(obj, "base") != NULL)
        return from_base(c, obj, path);
    ts_jkeys(c, obj, path, ts_rulebook_keys(), "rules");
    ts_rulebook *rb = ts_xcalloc(1, sizeof *rb);
    rb->anchor = TS_ANCHOR_END;
    rb->every = TS_SCHEDULE_MONTH;
    rb->schedule_day = 0;
    rb->min_orders = 0;
    rb->window_days = 1;

    read_header(c, obj, path, rb);
    read_schedule(c, obj, path, rb);
    read_default_review(c, obj, path, rb);
    read_events(c, obj, path, rb);
    read_params(c, obj, path, rb);
    read_metrics(c, obj, path, rb);
    read_tiers(c, obj, path, rb);
    rb->name = rb->name ? rb->name : ts_xstrdup("");

    if (c->count != before) {
        ts_rulebook_free(rb);
        return NULL;
    }
    return rb;
}

ts_rulebook *ts_rulebook_load_file(const char *path, ts_error *err)
{
    size_t len;
    char *text = ts_file_read(path, TS_MAX_FILE_BYTES, "scenario and rulebook files", &len, err);
    if (text == NULL)
        return NULL;
    cJSON *root = NULL;
    ts_status st = ts_json_parse(path, text, len, &root, err);
    free(text);
    if (st == TS_EPARSE)
        return NULL;
    ts_jctx c = {err, path, "", st == TS_OK ? 0 : 1};
    ts_rulebook *rb = NULL;
    if (!cJSON_IsObject(root)) {
        char *f = ts_json_describe(root);
        ts_jctx_error(&c, "", "expected a JSON object (a rulebook) at the top level, found %s", f);
        free(f);
    } else {
        rb = ts_rulebook_from_json(&c, root, "");
    }
    ts_jctx_finish(&c);
    cJSON_Delete(root);
    if (st != TS_OK) {
        ts_rulebook_free(rb);
        return NULL;
    }
    return rb;
}

static bool valid_name(const char *name)
{
    if (name == NULL || !((name[0] >= 'a' && name[0] <= 'z') || (name[0] >= '0' && name[0] <= '9')))
        return false;
    for (const char *s = name; *s; s++) {
        char ch = *s;
        if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '.' || ch == '_' || ch == '-'))
            return false;
    }
    return strlen(name) <= 200;
}

ts_rulebook *ts_rulebook_load_name(const char *name, ts_error *err)
{
    if (!valid_name(name)) {
        ts_error_add(err, "rulebook \"%s\": expected a rulebook name of lowercase letters, digits, "
                     "'.', '_' and '-' (starting with a letter or digit; no paths)", name ? name : "");
        return NULL;
    }
    size_t n = 0;
    char **names = ts_rulebook_list(&n);
    bool known = false;
    for (size_t i = 0; i < n; i++)
        known = known || strcmp(names[i], name) == 0;
    if (!known) {
        size_t total = 1;
        for (size_t i = 0; i < n; i++)
            total += strlen(names[i]) + 2;
        char *list = ts_xmalloc(total);
        list[0] = '\0';
        for (size_t i = 0; i < n; i++) {
            if (i)
                strcat(list, ", ");
            strcat(list, names[i]);
        }
        char *dir = ts_rules_dir();
        ts_error_add(err, "rulebook \"%s\": unknown; the rulebooks in %s are: %s", name, dir,
                     n ? list : "(none)");
        free(dir);
        free(list);
        ts_strings_free(names, n);
        return NULL;
    }
    ts_strings_free(names, n);
    char *dir = ts_rules_dir();
    char *path = ts_xasprintf("%s/%s.json", dir, name);
    free(dir);
    ts_rulebook *rb = ts_rulebook_load_file(path, err);
    if (rb != NULL && strcmp(rb->name, name) != 0) {
        ts_error_add(err, "%s: name: expected \"%s\" (a shipped rulebook's name matches its file "
                     "name), found \"%s\"", path, name, rb->name);
        ts_rulebook_free(rb);
        rb = NULL;
    }
    free(path);
    return rb;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

char **ts_rulebook_list(size_t *count)
{
    *count = 0;
    char *dir = ts_rules_dir();
    DIR *d = opendir(dir);
    free(dir);
    if (d == NULL)
        return NULL;
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        size_t len = strlen(e->d_name);
        if (len <= 5 || strcmp(e->d_name + len - 5, ".json") != 0)
            continue;
        char *name = ts_xstrdup(e->d_name);
        name[len - 5] = '\0';
        if (!valid_name(name)) {
            free(name);
            continue;
        }
        if (n == cap) {
            cap = cap ? 2 * cap : 8;
            names = ts_xrealloc(names, cap * sizeof *names);
        }
        names[n++] = name;
    }
    closedir(d);
    if (n > 1)
        qsort(names, n, sizeof *names, cmp_str);
    *count = n;
    return names;
}
