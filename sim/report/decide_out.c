/*
** decide_out.c — the files and tables of `tiersim sensitivity` and `tiersim
** solve` (decide_out.h, docs/results-format.md "Sensitivity results", "Solve results"):
** JSON through cJSON, CSV by hand, numbers through ts_output_number, every
** file of a command written together by ts_file_write_all.
*/
#include "decide_out.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "files.h"
#include "output.h"
#include "present.h"

static const char *const POINT_NAMES[TS_SENS_POINTS] = {"low", "low_half", "base", "high_half", "high"};

char *ts_decide_measure_label(const ts_scenario *sc, const ts_measure *m, bool zh)
{
    const ts_rulebook *rb = sc->rules;
    if (m->kind == TS_MEASURE_TIER)
        return ts_present_fill(TS_W_MEASURE_TIER, zh, ts_present_tier(&rb->tiers[m->index], zh), (const char *)NULL);
    return ts_present_fill(TS_W_MEASURE_MEAN, zh, ts_present_metric(&rb->metrics[m->index], zh), (const char *)NULL);
}

/* The key of a measure in the files: "tier:top" or "mean:bad_experience_rate". */
static char *measure_key(const ts_scenario *sc, const ts_measure *m)
{
    const ts_rulebook *rb = sc->rules;
    return m->kind == TS_MEASURE_TIER ? ts_xasprintf("tier:%s", rb->tiers[m->index].name)
                                      : ts_xasprintf("mean:%s", rb->metrics[m->index].name);
}

void ts_decide_date(const ts_decide_info *info, char out[static 11])
{
    const ts_scenario *sc = info->study->variants[0].scenario;
    ts_date_format(sc->start + sc->evaluations[info->eval], out);
}

static void add_num(cJSON *o, const char *key, double v)
{
    if (isfinite(v)) {
        char buf[32];
        ts_output_number(v, buf);
        cJSON_AddItemToObject(o, key, cJSON_CreateRaw(buf));
    } else {
        cJSON_AddNullToObject(o, key);
    }
}

static void csv_num(ts_buf *b, double v)
{
    char buf[32];
    ts_output_number(v, buf);
    ts_buf_puts(b, buf);
}

/* The header every decision file shares: schema, program, scenario, seed, evaluation day, cost. */
static cJSON *json_head(const char *schema, const ts_decide_info *info)
{
    const ts_scenario *sc = info->study->variants[0].scenario;
    cJSON *root = cJSON_CreateObject();
    cJSON_AddStringToObject(root, "schema", schema);
    cJSON_AddStringToObject(root, "tiersim_version", TS_VERSION);
    cJSON *scen = cJSON_AddObjectToObject(root, "scenario");
    cJSON_AddStringToObject(scen, "name", sc->name);
    cJSON_AddStringToObject(scen, "file", info->study->file);
    cJSON_AddStringToObject(scen, "sha256", info->study->sha256);
    cJSON_AddStringToObject(root, "rules", sc->rules->name);
    add_num(root, "seed", info->d->seed >= 0 ? (double)info->d->seed : (double)sc->seed);
    char date[11];
    ts_decide_date(info, date);
    cJSON_AddStringToObject(root, "date", date);
    add_num(root, "runs", (double)info->d->runs);
    add_num(root, "replications_simulated", (double)info->d->simulated);
    return root;
}

static char *json_text(cJSON *root)
{
    char *t = cJSON_Print(root);
    cJSON_Delete(root);
    if (t == NULL)
        ts_oom();
    char *out = ts_xasprintf("%s\n", t);
    cJSON_free(t);
    return out;
}

/* ---------------------------------------------------- sensitivity */

static cJSON *diff_json(const ts_diff *d)
{
    cJSON *o = cJSON_CreateObject();
    add_num(o, "mean", d->mean);
    add_num(o, "low", d->low);
    add_num(o, "high", d->high);
    return o;
}

char *ts_sens_json(const ts_sens *s, const ts_decide_info *info)
{
    const ts_scenario *sc = info->study->variants[0].scenario;
    cJSON *root = json_head("tiersim-sensitivity/1", info);
    add_num(root, "replications", (double)s->reps);
    add_num(root, "range", info->range);
    cJSON *ms = cJSON_AddArrayToObject(root, "measures");
    for (size_t m = 0; m < s->n_measures; m++) {
        cJSON *o = cJSON_CreateObject();
        char *key = measure_key(sc, &s->measures[m]), *label = ts_decide_measure_label(sc, &s->measures[m], false);
        cJSON_AddStringToObject(o, "key", key);
        cJSON_AddStringToObject(o, "label", label);
        add_num(o, "base", s->base_level[m]);
        cJSON_AddBoolToObject(o, "ranks", m == s->rank_by);
        cJSON_AddItemToArray(ms, o);
        free(key);
        free(label);
    }
    cJSON *ps = cJSON_AddArrayToObject(root, "parameters");
    for (size_t i = 0; i < s->n; i++) {
        const ts_sens_lever *sl = &s->levers[i];
        cJSON *o = cJSON_CreateObject();
        add_num(o, "rank", (double)(i + 1));
        cJSON_AddStringToObject(o, "path", sl->lever.path);
        add_num(o, "base", sl->lever.value);
        cJSON_AddStringToObject(o, "range", sl->uncertain ? "uncertain" : sl->relative ? "relative" : "given");
        cJSON_AddBoolToObject(o, "within_noise", sl->noise);
        cJSON *pts = cJSON_AddArrayToObject(o, "points");
        for (size_t k = 0; k < TS_SENS_POINTS; k++) {
            cJSON *p = cJSON_CreateObject();
            cJSON_AddStringToObject(p, "point", POINT_NAMES[k]);
            add_num(p, "value", sl->value[k]);
            add_num(p, "change", sl->change[k]);
            cJSON *eff = cJSON_AddObjectToObject(p, "measures");
            for (size_t m = 0; m < s->n_measures; m++) {
                char *key = measure_key(sc, &s->measures[m]);
                cJSON *e = diff_json(&sl->diff[m * TS_SENS_POINTS + k]);
                add_num(e, "level", sl->level[m * TS_SENS_POINTS + k]);
                cJSON_AddItemToObject(eff, key, e);
                free(key);
            }
            cJSON_AddItemToArray(pts, p);
        }
        cJSON_AddItemToArray(ps, o);
    }
    cJSON *left = cJSON_AddArrayToObject(root, "left_out");
    for (size_t i = 0; i < info->n_notes; i++)
        cJSON_AddItemToArray(left, cJSON_CreateString(info->notes[i]));
    return json_text(root);
}

/* sensitivity.csv: one row per parameter x point x measure. */
static char *sens_csv(const ts_sens *s, const ts_decide_info *info)
{
    const ts_scenario *sc = info->study->variants[0].scenario;
    ts_buf b = {0};
    ts_buf_puts(&b, "rank,path,point,value,change,measure,level,effect,effect_low,effect_high,within_noise\n");
    for (size_t i = 0; i < s->n; i++) {
        const ts_sens_lever *sl = &s->levers[i];
        for (size_t k = 0; k < TS_SENS_POINTS; k++)
            for (size_t m = 0; m < s->n_measures; m++) {
                const ts_diff *d = &sl->diff[m * TS_SENS_POINTS + k];
                char *key = measure_key(sc, &s->measures[m]);
                ts_buf_printf(&b, "%zu,%s,%s,", i + 1, sl->lever.path, POINT_NAMES[k]);
                csv_num(&b, sl->value[k]);
                ts_buf_puts(&b, ",");
                csv_num(&b, sl->change[k]);
                ts_buf_printf(&b, ",%s,", key);
                csv_num(&b, sl->level[m * TS_SENS_POINTS + k]);
                ts_buf_puts(&b, ",");
                csv_num(&b, d->mean);
                ts_buf_puts(&b, ",");
                csv_num(&b, d->low);
                ts_buf_puts(&b, ",");
                csv_num(&b, d->high);
                ts_buf_printf(&b, ",%s\n", sl->noise ? "true" : "false");
                free(key);
            }
    }
    return b.s;
}

static ts_status write_files(const char *dir, size_t n, const char **names, char **texts, ts_error *err)
{
    size_t lens[8];
    const char *data[8];
    for (size_t i = 0; i < n; i++) {
        data[i] = texts[i];
        lens[i] = strlen(texts[i]);
    }
    return ts_file_write_all(dir, n, names, data, lens, err);
}

ts_status ts_sens_write(const ts_sens *s, const ts_decide_info *info, const char *dir, ts_error *err)
{
    const char *names[] = {"sensitivity.json", "sensitivity.csv"};
    char *texts[] = {ts_sens_json(s, info), sens_csv(s, info)};
    ts_status st = write_files(dir, 2, names, texts, err);
    free(texts[0]);
    free(texts[1]);
    return st;
}

/* A measure's value for people: a probability as a percentage, a metric as its kind says. */
static void show_level(char out[static TS_PRESENT_NUM], const ts_scenario *sc, const ts_measure *m, double v)
{
    if (m->kind == TS_MEASURE_TIER)
        ts_present_prob(out, v, false);
    else
        ts_present_value(out, sc->rules->metrics[m->index].kind, v, 0);
}

/* A paired effect for people: "+1.23 pp [+0.9, +1.6]", probabilities in points. */
static void show_effect(char out[static 3 * TS_PRESENT_NUM + 8], const ts_scenario *sc, const ts_measure *m,
                        const ts_diff *d)
{
    ts_metric_kind kind = m->kind == TS_MEASURE_TIER ? TS_METRIC_RATE : sc->rules->metrics[m->index].kind;
    char a[TS_PRESENT_NUM], lo[TS_PRESENT_NUM], hi[TS_PRESENT_NUM];
    ts_present_delta(a, kind, d->mean, true);
    ts_present_delta(lo, kind, d->low, false);
    ts_present_delta(hi, kind, d->high, false);
    snprintf(out, 3 * TS_PRESENT_NUM + 8, "%s [%s, %s]", a, lo, hi);
}

static void pad(FILE *out, const char *s, size_t width)
{
    fputs(s, out);
    for (size_t w = ts_present_width(s); w < width; w++)
        fputc(' ', out);
}

void ts_sens_print(FILE *out, const ts_sens *s, const ts_decide_info *info, bool zh)
{
    const ts_scenario *sc = info->study->variants[0].scenario;
    char date[11], reps[32], seed[32], range[32];
    ts_decide_date(info, date);
    snprintf(reps, sizeof reps, "%zu", s->reps);
    snprintf(seed, sizeof seed, "%llu", (unsigned long long)(info->d->seed >= 0 ? (uint64_t)info->d->seed : sc->seed));
    snprintf(range, sizeof range, "±%g%%", 100.0 * info->range);
    char *head = ts_present_fill(TS_W_SENS_HEADING, zh, sc->name, date, reps, seed, range, (const char *)NULL);
    fprintf(out, "tiersim %s — %s\n\n", TS_VERSION, head);
    free(head);
    size_t pw = ts_present_width(ts_present_word(TS_W_SENS_PARAM, zh));
    for (size_t i = 0; i < s->n; i++)
        if (strlen(s->levers[i].lever.path) > pw)
            pw = strlen(s->levers[i].lever.path);
    for (size_t m = 0; m < s->n_measures; m++) {
        char *label = ts_decide_measure_label(sc, &s->measures[m], zh);
        char base[TS_PRESENT_NUM], bw[TS_PRESENT_NUM + 32];
        show_level(base, sc, &s->measures[m], s->base_level[m]);
        char *bt = ts_present_fill(TS_W_SENS_BASE, zh, base, (const char *)NULL);
        snprintf(bw, sizeof bw, "%s", bt);
        free(bt);
        fprintf(out, "%s (%s)%s\n", label, bw, m == s->rank_by ? (zh ? "：按此排序" : ": ranked by this") : "");
        free(label);
        fputs("  #   ", out);
        pad(out, ts_present_word(TS_W_SENS_PARAM, zh), pw + 2);
        pad(out, ts_present_word(TS_W_SENS_LOW_HIGH, zh), 22);
        pad(out, ts_present_word(TS_W_SENS_AT_LOW, zh), 34);
        fputs(ts_present_word(TS_W_SENS_AT_HIGH, zh), out);
        fputc('\n', out);
        for (size_t i = 0; i < s->n; i++) {
            const ts_sens_lever *sl = &s->levers[i];
            char lh[96], lo[3 * TS_PRESENT_NUM + 8], hi[3 * TS_PRESENT_NUM + 8];
            snprintf(lh, sizeof lh, "%.6g → %.6g", sl->value[0], sl->value[TS_SENS_POINTS - 1]);
            show_effect(lo, sc, &s->measures[m], &sl->diff[m * TS_SENS_POINTS]);
            show_effect(hi, sc, &s->measures[m], &sl->diff[m * TS_SENS_POINTS + TS_SENS_POINTS - 1]);
            fprintf(out, "  %-3zu ", i + 1);
            pad(out, sl->lever.path, pw + 2);
            pad(out, lh, 22);
            pad(out, lo, 34);
            fputs(hi, out);
            if (sl->noise && m == s->rank_by)
                fprintf(out, "  (%s)", ts_present_word(TS_W_SENS_NOISE, zh));
            fputc('\n', out);
        }
        fputc('\n', out);
    }
    for (size_t i = 0; i < info->n_notes; i++) {
        char *t = ts_present_fill(TS_W_SENS_LEFT_OUT, zh, info->notes[i], (const char *)NULL);
        fprintf(out, "%s\n", t);
        free(t);
    }
}

/* ---------------------------------------------------------- solve */

static const char *status_key(ts_solve_status st)
{
    return st == TS_SOLVE_FOUND ? "found" : st == TS_SOLVE_AT_BOUND ? "at_bound" : "not_reached";
}

char *ts_solve_json(const ts_solve *s, const ts_decide_info *info)
{
    cJSON *root = json_head("tiersim-solve/1", info);
    cJSON_AddStringToObject(root, "path", s->lever->path);
    add_num(root, "within_low", s->lo);
    add_num(root, "within_high", s->hi);
    cJSON_AddStringToObject(root, "direction", s->maximize ? "maximize" : "minimize");
    cJSON_AddStringToObject(root, "goal", info->goal_text ? info->goal_text : "");
    add_num(root, "first_replications", (double)s->reps);
    add_num(root, "max_replications", (double)s->reps_cap);
    add_num(root, "tolerance", s->lever->integer ? 1.0 : s->tolerance);
    cJSON_AddStringToObject(root, "status", status_key(s->status));
    add_num(root, "answer", s->answer);
    cJSON_AddBoolToObject(root, "within_noise", s->noisy);
    add_num(root, "noise_low", s->noise_lo);
    add_num(root, "noise_high", s->noise_hi);
    cJSON_AddBoolToObject(root, "monotone", s->monotone);
    if (!s->monotone) {
        add_num(root, "holds_at", s->witness_hold);
        add_num(root, "fails_at", s->witness_fail);
    }
    cJSON *pts = cJSON_AddArrayToObject(root, "tried");
    for (size_t i = 0; i < s->n_points; i++) {
        const ts_solve_point *p = &s->points[i];
        cJSON *o = cJSON_CreateObject();
        add_num(o, "value", p->value);
        add_num(o, "replications", (double)p->reps);
        add_num(o, "estimate", p->stat.est);
        add_num(o, "low", p->stat.low);
        add_num(o, "high", p->stat.high);
        cJSON_AddBoolToObject(o, "holds", p->holds);
        cJSON_AddBoolToObject(o, "decided", p->decided);
        cJSON_AddItemToArray(pts, o);
    }
    return json_text(root);
}

static char *solve_csv(const ts_solve *s)
{
    ts_buf b = {0};
    ts_buf_puts(&b, "value,replications,estimate,low,high,holds,decided\n");
    for (size_t i = 0; i < s->n_points; i++) {
        const ts_solve_point *p = &s->points[i];
        csv_num(&b, p->value);
        ts_buf_printf(&b, ",%zu,", p->reps);
        csv_num(&b, p->stat.est);
        ts_buf_puts(&b, ",");
        csv_num(&b, p->stat.low);
        ts_buf_puts(&b, ",");
        csv_num(&b, p->stat.high);
        ts_buf_printf(&b, ",%s,%s\n", p->holds ? "true" : "false", p->decided ? "true" : "false");
    }
    return b.s;
}

ts_status ts_solve_write(const ts_solve *s, const ts_decide_info *info, const char *scenario_text,
                         const char *dir, ts_error *err)
{
    const char *names[] = {"solve.json", "solve.csv", "scenario.json"};
    char *texts[] = {ts_solve_json(s, info), solve_csv(s), (char *)(uintptr_t)scenario_text};
    ts_status st = write_files(dir, scenario_text ? 3 : 2, names, texts, err);
    free(texts[0]);
    free(texts[1]);
    return st;
}

/* A goal statistic for people. */
static void show_goal(char out[static TS_PRESENT_NUM], const ts_scenario *sc, const ts_goal *g, double v)
{
    if (g->kind == TS_GOAL_TIER)
        ts_present_prob(out, v, false);
    else
        ts_present_value(out, sc->rules->metrics[g->index].kind, v, 0);
}

static void say(FILE *out, ts_word id, bool zh, const char *a, const char *b, const char *c, const char *d)
{
    char *t = ts_present_fill(id, zh, a, b, c, d, (const char *)NULL);
    fprintf(out, "%s\n", t);
    free(t);
}

void ts_solve_print(FILE *out, const ts_solve *s, const ts_decide_info *info, bool zh)
{
    const ts_scenario *sc = info->study->variants[0].scenario;
    char lo[32], hi[32], seed[32], v[32];
    snprintf(lo, sizeof lo, "%.10g", s->lo);
    snprintf(hi, sizeof hi, "%.10g", s->hi);
    snprintf(seed, sizeof seed, "%llu", (unsigned long long)(info->d->seed >= 0 ? (uint64_t)info->d->seed : sc->seed));
    const char *goal = info->goal_text ? info->goal_text : "";
    char *head = ts_present_fill(TS_W_SOLVE_HEADING, zh, s->lever->path, lo, hi, goal, seed, (const char *)NULL);
    fprintf(out, "tiersim %s — %s\n\n", TS_VERSION, head);
    free(head);
    fputs("  ", out);
    pad(out, ts_present_word(TS_W_SOLVE_VALUE, zh), 14);
    pad(out, ts_present_word(TS_W_REPLICATIONS, zh), 14);
    pad(out, ts_present_word(TS_W_SOLVE_ESTIMATE, zh), 34);
    fprintf(out, "%s\n", ts_present_word(TS_W_SOLVE_SIDE, zh));
    for (size_t i = 0; i < s->n_points; i++) {
        const ts_solve_point *p = &s->points[i];
        char e[TS_PRESENT_NUM], l[TS_PRESENT_NUM], h[TS_PRESENT_NUM], cell[3 * TS_PRESENT_NUM + 8], r[32];
        show_goal(e, sc, &s->goal, p->stat.est);
        show_goal(l, sc, &s->goal, p->stat.low);
        show_goal(h, sc, &s->goal, p->stat.high);
        snprintf(cell, sizeof cell, "%s (%s–%s)", e, l, h);
        snprintf(v, sizeof v, "%.10g", p->value);
        snprintf(r, sizeof r, "%zu", p->reps);
        fputs("  ", out);
        pad(out, v, 14);
        pad(out, r, 14);
        pad(out, cell, 34);
        fprintf(out, "%s%s\n", ts_present_word(p->holds ? TS_W_SOLVE_HOLDS : TS_W_SOLVE_FAILS, zh),
                p->decided ? "" : zh ? "（无法区分）" : " (within noise)");
    }
    fputc('\n', out);
    snprintf(v, sizeof v, "%.10g", s->answer);
    if (s->status == TS_SOLVE_FOUND)
        say(out, TS_W_SOLVE_FOUND, zh, s->lever->path, v, NULL, NULL);
    else if (s->status == TS_SOLVE_AT_BOUND)
        say(out, TS_W_SOLVE_AT_BOUND, zh, s->lever->path, v, NULL, NULL);
    else {
        size_t best = 0;
        for (size_t i = 1; i < s->n_points; i++) {
            double a = s->points[i].stat.est, b = s->points[best].stat.est;
            bool up = s->goal.op == TS_OP_GE || s->goal.op == TS_OP_GT;
            if (up ? a > b : a < b)
                best = i;
        }
        char e[TS_PRESENT_NUM], at[32];
        show_goal(e, sc, &s->goal, s->n_points ? s->points[best].stat.est : (double)NAN);
        snprintf(at, sizeof at, "%.10g", s->n_points ? s->points[best].value : (double)NAN);
        say(out, TS_W_SOLVE_NOT_REACHED, zh, lo, hi, e, at);
    }
    if (s->noisy) {
        char cap[32], a[32], b[32];
        snprintf(cap, sizeof cap, "%zu", s->reps_cap);
        snprintf(a, sizeof a, "%.10g", s->noise_lo);
        snprintf(b, sizeof b, "%.10g", s->noise_hi);
        say(out, TS_W_SOLVE_NOISY, zh, cap, a, b, NULL);
    }
    if (!s->monotone) {
        char a[32], b[32];
        snprintf(a, sizeof a, "%.10g", s->witness_hold);
        snprintf(b, sizeof b, "%.10g", s->witness_fail);
        say(out, TS_W_SOLVE_NOT_MONOTONE, zh, a, b, NULL, NULL);
    }
    char np[32], runs[32], sim[32];
    snprintf(np, sizeof np, "%zu", s->n_points);
    snprintf(runs, sizeof runs, "%zu", info->d->runs);
    snprintf(sim, sizeof sim, "%llu", (unsigned long long)info->d->simulated);
    say(out, TS_W_SOLVE_COST, zh, np, runs, sim, NULL);
}
