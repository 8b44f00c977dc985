/*
** output.c — summary.json (cJSON, schema "tiersim-summary/1") and the CSV
** tables of a run, written atomically: temporary name, fsync, rename.
*/
#include "output.h"
#include "files.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "evaluate.h" /* TS_MONEY_* field indexes only */
#include "uncertain.h" /* the distributions' names */

/* ---- CSV text into a growing string (ts_buf, tiersim.h) ---- */

/* A CSV field, quoted per RFC 4180 when it holds a comma, quote or line break. */
static void sb_field(ts_buf *b, const char *s)
{
    if (strpbrk(s, ",\"\r\n") == NULL) {
        ts_buf_puts(b, s);
        return;
    }
    ts_buf_add(b, "\"", 1);
    for (const char *p = s; *p; p++) {
        if (*p == '"')
            ts_buf_add(b, "\"", 1);
        ts_buf_add(b, p, 1);
    }
    ts_buf_add(b, "\"", 1);
}

/* A number of a CSV file (ts_output_number): exact, "" when undefined. */
static void csv_num(ts_buf *b, double v)
{
    char buf[32];
    ts_output_number(v, buf);
    ts_buf_puts(b, buf);
}

static void sb_int(ts_buf *b, long long v)
{
    char buf[32];
    snprintf(buf, sizeof buf, "%lld", v);
    ts_buf_puts(b, buf);
}

void ts_output_number(double v, char buf[static 32])
{
    if (!isfinite(v)) {
        buf[0] = '\0';
        return;
    }
    for (int prec = 15; prec <= 17; prec++) {
        snprintf(buf, 32, "%.*g", prec, v);
        if (strtod(buf, NULL) == v)
            break;
    }
    /* a locale's decimal comma becomes '.'; signs, digits and exponents stay */
    for (char *p = buf; *p; p++)
        if (!(*p >= '0' && *p <= '9') && *p != '-' && *p != '+' && *p != 'e')
            *p = '.';
    if (strcmp(buf, "-0") == 0)
        strcpy(buf, "0");
}

void ts_output_csv_field(ts_buf *b, const char *s)
{
    sb_field(b, s);
}

void ts_output_csv_number(ts_buf *b, double v)
{
    csv_num(b, v);
}

/* ---- summary.json ---- */

static void add_num(cJSON *obj, const char *key, double v)
{
    if (isfinite(v))
        cJSON_AddNumberToObject(obj, key, v);
    else
        cJSON_AddNullToObject(obj, key);
}

cJSON *ts_output_stat_json(const ts_stat *s)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddNumberToObject(o, "n", (double)s->n);
    add_num(o, "mean", s->mean);
    add_num(o, "sd", s->sd);
    add_num(o, "se", s->se);
    add_num(o, "p5", s->p5);
    add_num(o, "p50", s->p50);
    add_num(o, "p95", s->p95);
    return o;
}

cJSON *ts_output_prob_json(const ts_prob *p)
{
    cJSON *o = cJSON_CreateObject();
    add_num(o, "p", p->p);
    add_num(o, "low", p->low);
    add_num(o, "high", p->high);
    cJSON_AddNumberToObject(o, "k", (double)p->k);
    cJSON_AddNumberToObject(o, "n", (double)p->n);
    return o;
}

cJSON *ts_output_diff_json(const ts_diff *d)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddNumberToObject(o, "n", (double)d->n);
    add_num(o, "mean", d->mean);
    add_num(o, "low", d->low);
    add_num(o, "high", d->high);
    return o;
}

/* The tier names of an evaluation's ts_prob array, NULL for a slot not reported
   (unclassified when it never occurred). */
static const char *tier_name(const ts_variant_summary *vs, const ts_eval_summary *es, size_t t)
{
    const ts_rulebook *rb = vs->variant->scenario->rules;
    if (t < vs->n_tiers)
        return rb->tiers[t].name;
    if (t == vs->n_tiers)
        return "not_assessed";
    return es->tiers[t].k > 0 ? "unclassified" : NULL;
}

static const char *money_name(size_t f)
{
    switch (f) {
    case TS_MONEY_ORDERS: return "orders";
    case TS_MONEY_GROSS: return "gross_value";
    case TS_MONEY_AOV: return "aov";
    case TS_MONEY_TOPUPS: return "topups";
    case TS_MONEY_GIFT_COST: return "gift_cost";
    default: return NULL;
    }
}

/* Name of gift tier i ("tier<i>" when unnamed); free with free(). */
static char *gift_name(const ts_scenario *sc, size_t i)
{
    if (i < sc->gifts.n_tiers && sc->gifts.tiers[i].name)
        return ts_xstrdup(sc->gifts.tiers[i].name);
    return ts_xasprintf("tier%zu", i);
}

/* The weekday names of hours of the week (0 = Monday). */
static const char *const WEEKDAYS[7] = {"Monday", "Tuesday", "Wednesday", "Thursday",
                                        "Friday", "Saturday", "Sunday"};

/* The team's first responses (docs/results-format.md "replies"). */
static cJSON *replies_json(const ts_reply_summary *rs)
{
    static const char *const KEYS[TS_REPLY_WEEK] = {
        "conversations", "mean_minutes", "p50_minutes", "p90_minutes", "p99_minutes",
        "within_3_minutes", "within_60_minutes", "within_1440_minutes"};
    cJSON *o = cJSON_CreateObject();
    for (int k = 0; k < TS_REPLY_WEEK; k++)
        cJSON_AddItemToObject(o, KEYS[k], ts_output_stat_json(&rs->overall[k]));
    cJSON *b = cJSON_AddObjectToObject(o, "busiest_hour");
    if (rs->busiest >= 0) {
        int h = rs->busiest;
        cJSON_AddStringToObject(b, "weekday", WEEKDAYS[h / 24]);
        cJSON_AddNumberToObject(b, "hour", h % 24);
        add_num(b, "mean_wait_minutes", rs->week_mean[h]);
        add_num(b, "p90_wait_minutes", rs->week_p90[h]);
        add_num(b, "conversations", rs->week_n[h]);
        cJSON_AddNumberToObject(b, "slots_on_duty", (double)rs->week_slots[h]);
    }
    return o;
}

static cJSON *variant_json(const ts_variant_summary *vs)
{
    const ts_variant *var = vs->variant;
    const ts_scenario *sc = var->scenario;
    const ts_rulebook *rb = sc->rules;
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "name", var->name);
    cJSON_AddStringToObject(o, "description", var->description ? var->description : "");
    cJSON_AddStringToObject(o, "rules", rb->name); /* the rulebook's own name, inline or not */

    cJSON *evals = cJSON_AddArrayToObject(o, "evaluations");
    for (size_t e = 0; e < vs->n_eval; e++) {
        const ts_eval_summary *es = &vs->evals[e];
        cJSON *eo = cJSON_CreateObject();
        cJSON_AddStringToObject(eo, "date", es->date);
        cJSON_AddNumberToObject(eo, "day", es->day);
        cJSON_AddItemToObject(eo, "assessed_orders", ts_output_stat_json(&es->assessed));
        cJSON *m = cJSON_AddObjectToObject(eo, "metrics");
        for (size_t k = 0; k < vs->n_metrics; k++)
            cJSON_AddItemToObject(m, rb->metrics[k].name, ts_output_stat_json(&es->metrics[k]));
        cJSON *t = cJSON_AddObjectToObject(eo, "tiers");
        for (size_t k = 0; k < vs->n_tiers + 2; k++) {
            const char *name = tier_name(vs, es, k);
            if (name)
                cJSON_AddItemToObject(t, name, ts_output_prob_json(&es->tiers[k]));
        }
        cJSON *ev = cJSON_AddObjectToObject(eo, "events");
        for (size_t k = 0; k < vs->n_events; k++)
            add_num(ev, rb->events[k].name, es->events[k]);
        if (es->diff) {
            cJSON *d = cJSON_AddObjectToObject(eo, "difference_from_base");
            for (size_t k = 0; k < vs->n_metrics; k++)
                cJSON_AddItemToObject(d, rb->metrics[k].name, ts_output_diff_json(&es->diff[k]));
        }
        cJSON_AddItemToArray(evals, eo);
    }

    cJSON *money = cJSON_AddObjectToObject(o, "money");
    for (size_t f = 0; f < TS_MONEY_FIXED_FIELDS && f < vs->n_money; f++)
        cJSON_AddItemToObject(money, money_name(f), ts_output_stat_json(&vs->money[f]));
    cJSON *gifts = cJSON_AddObjectToObject(money, "gifts");
    for (size_t f = TS_MONEY_FIXED_FIELDS; f < vs->n_money; f++) {
        char *name = gift_name(sc, f - TS_MONEY_FIXED_FIELDS);
        cJSON_AddItemToObject(gifts, name, ts_output_stat_json(&vs->money[f]));
        free(name);
    }
    if (vs->reply != NULL)
        cJSON_AddItemToObject(o, "replies", replies_json(vs->reply));

    if (vs->n_uncertain > 0) { /* docs/results-format.md "summary.json (schema `tiersim-summary/1`)" */
        cJSON *un = cJSON_AddArrayToObject(o, "uncertain");
        for (size_t k = 0; k < vs->n_uncertain; k++) {
            const ts_uncertain *u = &sc->uncertain[k];
            cJSON *uo = cJSON_CreateObject();
            cJSON_AddStringToObject(uo, "path", u->path);
            cJSON_AddStringToObject(uo, "distribution", ts_dist_names[u->kind]);
            cJSON *pa = cJSON_AddArrayToObject(uo, "parameters");
            for (size_t i = 0; i < ts_dist_arity[u->kind]; i++)
                cJSON_AddItemToArray(pa, cJSON_CreateNumber(u->p[i]));
            cJSON_AddItemToObject(uo, "drawn", ts_output_stat_json(&vs->uncertain[k]));
            cJSON_AddItemToArray(un, uo);
        }
    }

    cJSON *daily = cJSON_AddArrayToObject(o, "daily");
    for (size_t d = 0; d < vs->n_days; d++) {
        cJSON *dobj = cJSON_CreateObject();
        char date[11];
        ts_date_format(sc->start + (ts_civil)d, date);
        cJSON_AddStringToObject(dobj, "date", date);
        cJSON_AddNumberToObject(dobj, "day", (double)d);
        cJSON *m = cJSON_AddObjectToObject(dobj, "metrics");
        for (size_t k = 0; k < vs->n_metrics; k++)
            cJSON_AddItemToObject(m, rb->metrics[k].name,
                                  ts_output_stat_json(&vs->daily[d * vs->n_metrics + k]));
        cJSON_AddItemToArray(daily, dobj);
    }
    return o;
}

static const char *base_name(const char *path)
{
    if (path == NULL)
        return "";
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

char *ts_output_summary_json(const ts_summary *sum)
{
    const ts_study *study = sum->results->study;
    const ts_scenario *base = study->variants[0].scenario;
    cJSON *root = cJSON_CreateObject();
    cJSON_AddStringToObject(root, "schema", "tiersim-summary/1");
    cJSON_AddStringToObject(root, "tiersim_version", TS_VERSION);
    cJSON *sc = cJSON_AddObjectToObject(root, "scenario");
    cJSON_AddStringToObject(sc, "name", base->name ? base->name : "");
    cJSON_AddStringToObject(sc, "file", base_name(study->file));
    cJSON_AddStringToObject(sc, "sha256", study->sha256);
    cJSON_AddStringToObject(root, "rules", base->rules->name);
    cJSON_AddNumberToObject(root, "seed", (double)base->seed);
    cJSON_AddNumberToObject(root, "replications", (double)sum->results->n_reps);
    cJSON_AddStringToObject(root, "rng", "philox4x32-10");
    cJSON *vars = cJSON_AddArrayToObject(root, "variants");
    for (size_t v = 0; v < sum->n_variants; v++)
        cJSON_AddItemToArray(vars, variant_json(&sum->variants[v]));
    char *text = cJSON_Print(root);
    cJSON_Delete(root);
    if (text == NULL)
        ts_oom();
    size_t n = strlen(text);
    char *out = ts_xmalloc(n + 2);
    memcpy(out, text, n);
    out[n] = '\n';
    out[n + 1] = '\0';
    cJSON_free(text);
    return out;
}

/* ---- CSV tables ---- */

static void row_head(ts_buf *b, const char *variant, const char *date, long long day)
{
    sb_field(b, variant);
    ts_buf_puts(b, ",");
    ts_buf_puts(b, date);
    ts_buf_puts(b, ",");
    sb_int(b, day);
}

static void stat_cols(ts_buf *b, const ts_stat *s, bool spread)
{
    ts_buf_puts(b, ",");
    sb_int(b, (long long)s->n);
    ts_buf_puts(b, ",");
    csv_num(b, s->mean);
    if (spread) {
        ts_buf_puts(b, ",");
        csv_num(b, s->sd);
        ts_buf_puts(b, ",");
        csv_num(b, s->se);
    }
    ts_buf_puts(b, ",");
    csv_num(b, s->p5);
    ts_buf_puts(b, ",");
    csv_num(b, s->p50);
    ts_buf_puts(b, ",");
    csv_num(b, s->p95);
    ts_buf_puts(b, "\n");
}

static char *evaluations_csv(const ts_summary *sum)
{
    ts_buf b = {0};
    ts_buf_puts(&b, "variant,date,day,metric,n,mean,sd,se,p5,p50,p95\n");
    for (size_t v = 0; v < sum->n_variants; v++) {
        const ts_variant_summary *vs = &sum->variants[v];
        const ts_rulebook *rb = vs->variant->scenario->rules;
        for (size_t e = 0; e < vs->n_eval; e++)
            for (size_t m = 0; m < vs->n_metrics; m++) {
                row_head(&b, vs->variant->name, vs->evals[e].date, vs->evals[e].day);
                ts_buf_puts(&b, ",");
                sb_field(&b, rb->metrics[m].name);
                stat_cols(&b, &vs->evals[e].metrics[m], true);
            }
    }
    return b.s;
}

static char *tiers_csv(const ts_summary *sum)
{
    ts_buf b = {0};
    ts_buf_puts(&b, "variant,date,day,tier,k,n,p,low,high\n");
    for (size_t v = 0; v < sum->n_variants; v++) {
        const ts_variant_summary *vs = &sum->variants[v];
        for (size_t e = 0; e < vs->n_eval; e++) {
            const ts_eval_summary *es = &vs->evals[e];
            for (size_t t = 0; t < vs->n_tiers + 2; t++) {
                const char *name = tier_name(vs, es, t);
                if (name == NULL)
                    continue;
                row_head(&b, vs->variant->name, es->date, es->day);
                ts_buf_puts(&b, ",");
                sb_field(&b, name);
                ts_buf_puts(&b, ",");
                sb_int(&b, (long long)es->tiers[t].k);
                ts_buf_puts(&b, ",");
                sb_int(&b, (long long)es->tiers[t].n);
                ts_buf_puts(&b, ",");
                csv_num(&b, es->tiers[t].p);
                ts_buf_puts(&b, ",");
                csv_num(&b, es->tiers[t].low);
                ts_buf_puts(&b, ",");
                csv_num(&b, es->tiers[t].high);
                ts_buf_puts(&b, "\n");
            }
        }
    }
    return b.s;
}

static char *daily_csv(const ts_summary *sum)
{
    ts_buf b = {0};
    ts_buf_puts(&b, "variant,date,day,metric,n,mean,p5,p50,p95\n");
    for (size_t v = 0; v < sum->n_variants; v++) {
        const ts_variant_summary *vs = &sum->variants[v];
        const ts_scenario *sc = vs->variant->scenario;
        for (size_t d = 0; d < vs->n_days; d++) {
            char date[11];
            ts_date_format(sc->start + (ts_civil)d, date);
            for (size_t m = 0; m < vs->n_metrics; m++) {
                row_head(&b, vs->variant->name, date, (long long)d);
                ts_buf_puts(&b, ",");
                sb_field(&b, sc->rules->metrics[m].name);
                stat_cols(&b, &vs->daily[d * vs->n_metrics + m], false);
            }
        }
    }
    return b.s;
}

static char *causes_csv(const ts_summary *sum)
{
    ts_buf b = {0};
    ts_buf_puts(&b, "variant,date,day,event,mean_orders,mean_assessed_orders\n");
    for (size_t v = 0; v < sum->n_variants; v++) {
        const ts_variant_summary *vs = &sum->variants[v];
        const ts_rulebook *rb = vs->variant->scenario->rules;
        for (size_t e = 0; e < vs->n_eval; e++)
            for (size_t k = 0; k < vs->n_events; k++) {
                row_head(&b, vs->variant->name, vs->evals[e].date, vs->evals[e].day);
                ts_buf_puts(&b, ",");
                sb_field(&b, rb->events[k].name);
                ts_buf_puts(&b, ",");
                csv_num(&b, vs->evals[e].events[k]);
                ts_buf_puts(&b, ",");
                csv_num(&b, vs->evals[e].assessed.mean);
                ts_buf_puts(&b, "\n");
            }
    }
    return b.s;
}

static char *money_csv(const ts_summary *sum)
{
    ts_buf b = {0};
    ts_buf_puts(&b, "variant,field,n,mean,sd,se,p5,p50,p95\n");
    for (size_t v = 0; v < sum->n_variants; v++) {
        const ts_variant_summary *vs = &sum->variants[v];
        for (size_t f = 0; f < vs->n_money; f++) {
            sb_field(&b, vs->variant->name);
            ts_buf_puts(&b, ",");
            if (f < TS_MONEY_FIXED_FIELDS) {
                ts_buf_puts(&b, money_name(f));
            } else {
                char *g = gift_name(vs->variant->scenario, f - TS_MONEY_FIXED_FIELDS);
                char *field = ts_xasprintf("gifts.%s", g);
                sb_field(&b, field);
                free(field);
                free(g);
            }
            stat_cols(&b, &vs->money[f], true);
        }
    }
    return b.s;
}

/* replies.csv: per variant with a team and hour of the week, the replies by arrival hour. */
static char *replies_csv(const ts_summary *sum)
{
    ts_buf b = {0};
    ts_buf_puts(&b, "variant,weekday,hour,slots_on_duty,conversations,mean_wait_minutes,p90_wait_minutes\n");
    for (size_t v = 0; v < sum->n_variants; v++) {
        const ts_reply_summary *rs = sum->variants[v].reply;
        for (int h = 0; rs != NULL && h < 168; h++) {
            sb_field(&b, sum->variants[v].variant->name);
            ts_buf_printf(&b, ",%s,%d,%zu,", WEEKDAYS[h / 24], h % 24, rs->week_slots[h]);
            csv_num(&b, rs->week_n[h]);
            ts_buf_puts(&b, ",");
            csv_num(&b, rs->week_mean[h]);
            ts_buf_puts(&b, ",");
            csv_num(&b, rs->week_p90[h]);
            ts_buf_puts(&b, "\n");
        }
    }
    return b.s;
}

/* replies_daily.csv: per variant with a team and horizon day, the share answered within 3 minutes. */
static char *replies_daily_csv(const ts_summary *sum)
{
    ts_buf b = {0};
    ts_buf_puts(&b, "variant,date,day,n,mean,p5,p50,p95\n");
    for (size_t v = 0; v < sum->n_variants; v++) {
        const ts_variant_summary *vs = &sum->variants[v];
        for (size_t d = 0; vs->reply != NULL && d < vs->n_days; d++) {
            char date[11];
            ts_date_format(vs->variant->scenario->start + (ts_civil)d, date);
            row_head(&b, vs->variant->name, date, (long long)d);
            stat_cols(&b, &vs->reply->day_within3[d], false);
        }
    }
    return b.s;
}

ts_status ts_output_write(const ts_summary *sum, const char *dir, ts_error *err)
{
    enum { N = 8 };
    const char *names[N] = {"summary.json", "evaluations.csv", "tiers.csv", "daily.csv",
                            "causes.csv", "money.csv", "replies.csv", "replies_daily.csv"};
    bool team = false;
    for (size_t v = 0; v < sum->n_variants; v++)
        team = team || sum->variants[v].reply != NULL;
    size_t n = team ? N : N - 2; /* the reply files only when some variant has a team */
    char *bufs[N] = {ts_output_summary_json(sum), evaluations_csv(sum), tiers_csv(sum),
                     daily_csv(sum), causes_csv(sum), money_csv(sum),
                     team ? replies_csv(sum) : NULL, team ? replies_daily_csv(sum) : NULL};
    const char *data[N];
    size_t lens[N];
    for (size_t i = 0; i < n; i++) {
        data[i] = bufs[i];
        lens[i] = strlen(bufs[i]);
    }
    ts_status st = ts_file_write_all(dir, n, names, data, lens, err);
    for (size_t i = n; st == TS_OK && i < N; i++) {
        /* a folder reused with --force keeps no reply files of an earlier run with a team */
        char *path = ts_xasprintf("%s/%s", dir, names[i]);
        remove(path);
        free(path);
    }
    for (size_t i = 0; i < N; i++)
        free(bufs[i]);
    return st;
}
