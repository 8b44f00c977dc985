/*
** batch_output.c — shops.csv, tier_counts.csv and summary.json of a batch
** (batch_output.h); deterministic: no paths of the machine, no timings.
*/
#include "batch_output.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "files.h"
#include "output.h"

const char *ts_batch_tier_name(const ts_batch *b, size_t t)
{
    if (t < b->n_tiers)
        return b->rules->tiers[t].name;
    return t == b->n_tiers ? "not_assessed" : "unclassified";
}

static const char *metric_name(const ts_batch *b)
{
    return b->rules && b->rules->n_metrics ? b->rules->metrics[0].name : "";
}

static void num(ts_buf *t, double v)
{
    ts_buf_puts(t, ",");
    ts_output_csv_number(t, v);
}

/* shops.csv: one row per shop x variant x evaluation day. */
static char *shops_csv(const ts_batch *b, size_t *len)
{
    ts_buf t = {0};
    ts_buf_puts(&t, "shop,seed,variant,date,metric,mean,p5,p95,n");
    for (size_t k = 0; k < b->n_tiers + 2; k++)
        ts_buf_printf(&t, ",p_%s", ts_batch_tier_name(b, k));
    ts_buf_puts(&t, ",best_tier_diff,best_tier_diff_low,best_tier_diff_high,metric_diff,metric_diff_low,"
                    "metric_diff_high");
    for (size_t c = 1; c <= TS_BATCH_CAUSES; c++)
        ts_buf_printf(&t, ",cause%zu,cause%zu_mean", c, c);
    ts_buf_puts(&t, "\n");
    for (size_t i = 0; i < b->n_shops; i++) {
        const ts_batch_shop *s = &b->shops[i];
        for (size_t v = 0; v < b->n_variants; v++)
            for (size_t e = 0; e < b->n_eval; e++) {
                const ts_batch_eval *be = &s->evals[v * b->n_eval + e];
                ts_output_csv_field(&t, s->name);
                ts_buf_printf(&t, ",%llu,", (unsigned long long)s->seed);
                ts_output_csv_field(&t, b->variants[v]);
                ts_buf_printf(&t, ",%s,%s", b->dates[e], metric_name(b));
                num(&t, be->metric.mean);
                num(&t, be->metric.p5);
                num(&t, be->metric.p95);
                ts_buf_printf(&t, ",%zu", be->metric.n);
                for (size_t k = 0; k < b->n_tiers + 2; k++)
                    num(&t, be->tiers[k].p);
                num(&t, be->best_diff.mean);
                num(&t, be->best_diff.low);
                num(&t, be->best_diff.high);
                num(&t, be->metric_diff.mean);
                num(&t, be->metric_diff.low);
                num(&t, be->metric_diff.high);
                for (size_t c = 0; c < TS_BATCH_CAUSES; c++) {
                    if (c < be->n_causes) {
                        ts_buf_printf(&t, ",%s", b->rules->events[be->causes[c]].name);
                        num(&t, be->cause_mean[c]);
                    } else {
                        ts_buf_puts(&t, ",,");
                    }
                }
                ts_buf_puts(&t, "\n");
            }
    }
    *len = t.len;
    return t.s;
}

/* tier_counts.csv: per variant, evaluation day and tier, the shops in it over the replications. */
static char *counts_csv(const ts_batch *b, size_t *len)
{
    ts_buf t = {0};
    ts_buf_puts(&t, "variant,date,tier,mean,sd,p5,p50,p95\n");
    for (size_t v = 0; v < b->n_variants; v++)
        for (size_t e = 0; e < b->n_eval; e++)
            for (size_t k = 0; k < b->n_tiers + 2; k++) {
                ts_stat s = ts_batch_tier_count(b, v, e, k);
                ts_output_csv_field(&t, b->variants[v]);
                ts_buf_printf(&t, ",%s,%s", b->dates[e], ts_batch_tier_name(b, k));
                num(&t, s.mean);
                num(&t, s.sd);
                num(&t, s.p5);
                num(&t, s.p50);
                num(&t, s.p95);
                ts_buf_puts(&t, "\n");
            }
    *len = t.len;
    return t.s;
}

static void add_num(cJSON *o, const char *key, double v)
{
    if (isfinite(v))
        cJSON_AddNumberToObject(o, key, v);
    else
        cJSON_AddNullToObject(o, key);
}

static cJSON *shop_json(const ts_batch *b, const ts_batch_shop *s)
{
    cJSON *so = cJSON_CreateObject(), *vars = cJSON_CreateArray();
    cJSON_AddStringToObject(so, "name", s->name);
    cJSON_AddNumberToObject(so, "seed", (double)s->seed);
    for (size_t v = 0; v < b->n_variants; v++) {
        cJSON *vo = cJSON_CreateObject(), *evs = cJSON_CreateArray();
        cJSON_AddStringToObject(vo, "name", b->variants[v]);
        for (size_t e = 0; e < b->n_eval; e++) {
            const ts_batch_eval *be = &s->evals[v * b->n_eval + e];
            cJSON *eo = cJSON_CreateObject(), *tiers = cJSON_CreateObject(), *causes = cJSON_CreateArray();
            cJSON_AddStringToObject(eo, "date", b->dates[e]);
            cJSON_AddItemToObject(eo, "metric", ts_output_stat_json(&be->metric));
            for (size_t k = 0; k < b->n_tiers + 2; k++)
                cJSON_AddItemToObject(tiers, ts_batch_tier_name(b, k), ts_output_prob_json(&be->tiers[k]));
            cJSON_AddItemToObject(eo, "tiers", tiers);
            for (size_t c = 0; c < be->n_causes; c++) {
                cJSON *co = cJSON_CreateObject();
                cJSON_AddStringToObject(co, "event", b->rules->events[be->causes[c]].name);
                add_num(co, "mean", be->cause_mean[c]);
                cJSON_AddItemToArray(causes, co);
            }
            cJSON_AddItemToObject(eo, "main_causes", causes);
            if (v > 0) {
                cJSON *d = cJSON_CreateObject();
                cJSON_AddItemToObject(d, "metric", ts_output_diff_json(&be->metric_diff));
                cJSON_AddItemToObject(d, "best_tier", ts_output_diff_json(&be->best_diff));
                cJSON_AddItemToObject(eo, "difference_from_base", d);
            }
            cJSON_AddItemToArray(evs, eo);
        }
        cJSON_AddItemToObject(vo, "evaluations", evs);
        cJSON_AddItemToArray(vars, vo);
    }
    cJSON_AddItemToObject(so, "variants", vars);
    return so;
}

static char *summary_json(const ts_batch *b, const ts_batch_source *src, size_t *len)
{
    cJSON *root = cJSON_CreateObject();
    cJSON_AddStringToObject(root, "schema", "tiersim-batch/1");
    cJSON_AddStringToObject(root, "tiersim_version", TS_VERSION);
    cJSON *shops_file = cJSON_CreateObject(), *base = cJSON_CreateObject();
    cJSON_AddStringToObject(shops_file, "file", src->shops_file);
    cJSON_AddStringToObject(shops_file, "sha256", src->shops_sha256);
    cJSON_AddItemToObject(root, "shops_file", shops_file);
    cJSON_AddStringToObject(base, "file", src->base_file);
    cJSON_AddStringToObject(base, "sha256", src->base_sha256);
    cJSON_AddItemToObject(root, "base", base);
    cJSON_AddStringToObject(root, "rules", b->rules ? b->rules->name : "");
    cJSON_AddStringToObject(root, "metric", metric_name(b));
    cJSON_AddNumberToObject(root, "seed", (double)src->seed);
    cJSON_AddNumberToObject(root, "replications", (double)b->reps);
    cJSON_AddNumberToObject(root, "shop_count", (double)b->n_shops);
    cJSON *tiers = cJSON_CreateArray();
    for (size_t k = 0; k < b->n_tiers + 2; k++)
        cJSON_AddItemToArray(tiers, cJSON_CreateString(ts_batch_tier_name(b, k)));
    cJSON_AddItemToObject(root, "tiers", tiers);
    cJSON *counts = cJSON_CreateArray();
    for (size_t v = 0; v < b->n_variants; v++) {
        cJSON *vo = cJSON_CreateObject(), *evs = cJSON_CreateArray();
        cJSON_AddStringToObject(vo, "variant", b->variants[v]);
        for (size_t e = 0; e < b->n_eval; e++) {
            cJSON *eo = cJSON_CreateObject(), *per = cJSON_CreateObject();
            cJSON_AddStringToObject(eo, "date", b->dates[e]);
            for (size_t k = 0; k < b->n_tiers + 2; k++) {
                ts_stat s = ts_batch_tier_count(b, v, e, k);
                cJSON_AddItemToObject(per, ts_batch_tier_name(b, k), ts_output_stat_json(&s));
            }
            cJSON_AddItemToObject(eo, "shops_per_tier", per);
            cJSON_AddItemToArray(evs, eo);
        }
        cJSON_AddItemToObject(vo, "evaluations", evs);
        cJSON_AddItemToArray(counts, vo);
    }
    cJSON_AddItemToObject(root, "tier_counts", counts);
    cJSON *shops = cJSON_CreateArray();
    for (size_t i = 0; i < b->n_shops; i++)
        cJSON_AddItemToArray(shops, shop_json(b, &b->shops[i]));
    cJSON_AddItemToObject(root, "shops", shops);
    char *text = cJSON_Print(root);
    cJSON_Delete(root);
    if (text == NULL)
        ts_oom();
    ts_buf t = {0};
    ts_buf_puts(&t, text);
    ts_buf_puts(&t, "\n");
    free(text);
    *len = t.len;
    return t.s;
}

ts_status ts_batch_output_write(const ts_batch *b, const ts_batch_source *src, const char *dir,
                                ts_error *err)
{
    const char *names[3] = {"summary.json", "shops.csv", "tier_counts.csv"};
    size_t lens[3];
    char *data[3] = {summary_json(b, src, &lens[0]), shops_csv(b, &lens[1]), counts_csv(b, &lens[2])};
    ts_status st = ts_file_write_all(dir, 3, names, (const char *const *)data, lens, err);
    for (int i = 0; i < 3; i++)
        free(data[i]);
    return st;
}
