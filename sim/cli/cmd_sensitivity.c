/*
** cmd_sensitivity.c — `tiersim sensitivity`: which lever moves the tier
** probability most (docs/cli.md "`tiersim sensitivity`", docs/decisions.md):
** the parameters and their ranges, one run of every point on common random
** numbers, the files, charts, report and table.
*/
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "decide_cli.h"
#include "dist.h"
#include "sensitivity.h"
#include "uncertain.h"

typedef struct {
    ts_sim_args sim;
    const char *params;  /* --params PATH,... */
    bool all;            /* --all */
    const char *range;   /* --range 20% */
    const char *ranges;  /* --ranges FILE.json */
    const char *at;      /* --at DATE */
    const char *tier;    /* --tier NAME */
    const char *metric;  /* --metric NAME */
} sens_args;

static const ts_option SENS_OPTIONS[] = {
    {.name = "params", .type = TS_OPT_STRING, .arg = "PATH,...", .what = "a list of paths",
     .offset = offsetof(sens_args, params),
     .help = "the parameters to vary, e.g. fulfilment.capacity_per_day,\n"
             "volume.events[0].multiplier (default: every numeric parameter\n"
             "that can move the result here; the others are listed)"},
    {.name = "all", .type = TS_OPT_FLAG, .offset = offsetof(sens_args, all),
     .help = "also vary the parameters the default leaves out as without\n"
             "effect here (costs, unused gifts or revisions)"},
    {.name = "range", .type = TS_OPT_STRING, .arg = "R%", .what = "a percentage",
     .offset = offsetof(sens_args, range),
     .help = "low and high are the base -R% and +R% (default 20%);\n"
             "probabilities are clipped to [0, 1], integers rounded and\n"
             "moved at least 1"},
    {.name = "ranges", .type = TS_OPT_STRING, .arg = "FILE.json", .what = "a file",
     .offset = offsetof(sens_args, ranges),
     .help = "low and high per parameter: {\"PATH\": [LOW, HIGH], ...};\n"
             "its parameters are varied even when --params omits them"},
    {.name = "at", .type = TS_OPT_STRING, .arg = "DATE", .what = "a date",
     .offset = offsetof(sens_args, at), .help = "the evaluation day (default: the last)"},
    {.name = "tier", .type = TS_OPT_STRING, .arg = "NAME", .what = "a tier name",
     .offset = offsetof(sens_args, tier),
     .help = "also measure P(NAME or a better tier) (the best tier always)"},
    {.name = "metric", .type = TS_OPT_STRING, .arg = "NAME", .what = "a metric name",
     .offset = offsetof(sens_args, metric),
     .help = "also measure the mean of this metric (the headline always)"},
    {0},
};

static const ts_option_group SENS_GROUPS[] = {TS_SIM_GROUP(sens_args, sim), {SENS_OPTIONS, 0}, {0}};

static const char *const SENS_FILES[] = {"sensitivity.json", "sensitivity.csv"};

/* --range: "20%" or "20" (percent), above 0 and below 100. */
static bool parse_range(const char *text, double *out)
{
    char *end;
    double v = strtod(text, &end);
    if (end == text)
        return false;
    if (*end == '%')
        end++;
    if (*end != '\0' || !(v > 0.0) || !(v < 100.0))
        return false;
    *out = v / 100.0;
    return true;
}

/* The measures: the headline mean, P(best tier), then --metric and --tier; ranked by the best tier. */
static int measures(ts_sens *s, const ts_scenario *sc, const sens_args *a)
{
    const ts_rulebook *rb = sc->rules;
    s->measures = ts_xcalloc(4, sizeof *s->measures);
    if (rb->n_metrics > 0)
        s->measures[s->n_measures++] = (ts_measure){TS_MEASURE_MEAN, 0};
    s->rank_by = s->n_measures;
    s->measures[s->n_measures++] = (ts_measure){TS_MEASURE_TIER, 0};
    if (a->metric) {
        size_t m = 0;
        while (m < rb->n_metrics && strcmp(rb->metrics[m].name, a->metric) != 0)
            m++;
        if (m == rb->n_metrics) {
            fprintf(stderr, "tiersim sensitivity: --metric '%s': not a metric of rulebook %s; its metrics are",
                    a->metric, rb->name);
            for (size_t k = 0; k < rb->n_metrics; k++)
                fprintf(stderr, "%s %s", k ? "," : "", rb->metrics[k].name);
            fputc('\n', stderr);
            return TS_EXIT_USAGE;
        }
        if (m != 0)
            s->measures[s->n_measures++] = (ts_measure){TS_MEASURE_MEAN, m};
    }
    if (a->tier) {
        size_t t = 0;
        while (t < rb->n_tiers && strcmp(rb->tiers[t].name, a->tier) != 0)
            t++;
        if (t == rb->n_tiers) {
            fprintf(stderr, "tiersim sensitivity: --tier '%s': not a tier of rulebook %s; its tiers are", a->tier,
                    rb->name);
            for (size_t k = 0; k < rb->n_tiers; k++)
                fprintf(stderr, "%s %s", k ? "," : "", rb->tiers[k].name);
            fputc('\n', stderr);
            return TS_EXIT_USAGE;
        }
        if (t != 0)
            s->measures[s->n_measures++] = (ts_measure){TS_MEASURE_TIER, t};
    }
    return TS_EXIT_OK;
}

/* The uncertain parameter of sc at path (docs/model.md §15), or NULL. */
static const ts_uncertain *uncertain_of(const ts_scenario *sc, const char *path)
{
    for (size_t i = 0; i < sc->n_uncertain; i++)
        if (strcmp(sc->uncertain[i].path, path) == 0)
            return &sc->uncertain[i];
    return NULL;
}

/*
** Low and high of a lever from the relative range: clipped, integers moved
** at least 1. An uncertain parameter instead takes its 5% and 95% points,
** its median standing for the base value (docs/decisions.md "Low and high values").
*/
static bool relative_points(ts_sens_lever *sl, double r, const ts_scenario *sc)
{
    const ts_uncertain *u = uncertain_of(sc, sl->lever.path);
    if (u != NULL) {
        sl->lever.value = ts_uncertain_quantile(u, 0.5);
        sl->uncertain = true;
        ts_sens_points(sl, ts_uncertain_quantile(u, 0.05), ts_uncertain_quantile(u, 0.95));
        return true;
    }
    const ts_lever *l = &sl->lever;
    double b = l->value, lo = b - r * fabs(b), hi = b + r * fabs(b);
    if (l->integer) {
        lo = fmin(floor(lo + 0.5), b - 1.0);
        hi = fmax(floor(hi + 0.5), b + 1.0);
    }
    lo = ts_lever_clip(l, lo);
    hi = ts_lever_clip(l, hi);
    if (isnan(lo))
        lo = b;
    if (isnan(hi))
        hi = b;
    sl->relative = true;
    ts_sens_points(sl, lo, hi);
    return lo != b || hi != b;
}

typedef struct {
    ts_sens_lever *list;
    size_t n;
    char **notes;
    size_t n_notes;
} lever_set;

static void add_note(lever_set *ls, char *text)
{
    ls->notes = ts_xrealloc(ls->notes, (ls->n_notes + 1) * sizeof *ls->notes);
    ls->notes[ls->n_notes++] = text;
}

/* Whether every point of sl loads (cross-key rules: handling_days <= ship_deadline_days, ...). */
static bool points_load(const ts_decide_job *j, const ts_sens_lever *sl, ts_error *err)
{
    ts_sweep sw[TS_SENS_POINTS];
    char *specs[TS_SENS_POINTS];
    size_t n = 0;
    for (size_t k = 0; k < TS_SENS_POINTS; k++) {
        bool dup = sl->value[k] == sl->lever.value;
        for (size_t q = 0; q < k && !dup; q++)
            dup = sl->value[q] == sl->value[k];
        if (dup)
            continue;
        char *json = ts_lever_json(&sl->lever, sl->value[k]);
        specs[n] = ts_xasprintf("%s=%s", sl->lever.path, json);
        free(json);
        sw[n].spec = specs[n];
        n++;
    }
    ts_study *st = ts_study_load_edits(j->d.file, j->text, j->len, sw, n, err);
    for (size_t k = 0; k < n; k++)
        free(specs[k]);
    bool ok = st != NULL;
    ts_study_free(st);
    return ok;
}

static void push(lever_set *ls, ts_sens_lever *sl)
{
    ls->list = ts_xrealloc(ls->list, (ls->n + 1) * sizeof *ls->list);
    ls->list[ls->n++] = *sl;
}

/* One explicitly named parameter (--params or --ranges); an exit code. */
static int named_lever(const ts_decide_job *j, lever_set *ls, const char *path, const ts_lever_range *given,
                       const char *ranges_file, double r)
{
    for (size_t i = 0; i < ls->n; i++)
        if (strcmp(ls->list[i].lever.path, path) == 0)
            return TS_EXIT_OK;
    const ts_scenario *sc = j->study->variants[0].scenario;
    ts_sens_lever sl;
    memset(&sl, 0, sizeof sl);
    char *why = NULL;
    if (!ts_lever_find(sc, path, &sl.lever, &why)) {
        fprintf(stderr, "tiersim sensitivity: %s %s\n", given ? ranges_file : "--params", why);
        free(why);
        return TS_EXIT_USAGE;
    }
    if (given != NULL) {
        char *rt = ts_lever_range_text(&sl.lever);
        for (int e = 0; e < 2; e++) {
            double v = e ? given->hi : given->lo;
            if (!ts_lever_valid(&sl.lever, v)) {
                fprintf(stderr, "tiersim sensitivity: %s: \"%s\": %s %.17g is outside the parameter's valid "
                        "range %s\n", ranges_file, path, e ? "HIGH" : "LOW", v, rt);
                free(rt);
                ts_lever_release(&sl.lever);
                return TS_EXIT_USAGE;
            }
        }
        free(rt);
        if (isnan(sl.lever.value) || given->lo > sl.lever.value || given->hi < sl.lever.value) {
            fprintf(stderr, "tiersim sensitivity: %s: \"%s\": expected LOW <= the base value %.17g <= HIGH, "
                    "found [%.17g, %.17g]\n", ranges_file, path, sl.lever.value, given->lo, given->hi);
            ts_lever_release(&sl.lever);
            return TS_EXIT_USAGE;
        }
        ts_sens_points(&sl, given->lo, given->hi);
    } else if ((isnan(sl.lever.value) && uncertain_of(sc, path) == NULL) || !relative_points(&sl, r, sc)) {
        fprintf(stderr, "tiersim sensitivity: --params \"%s\": its value here (%s) does not move with a relative "
                "range; give it [LOW, HIGH] in --ranges FILE\n", path,
                isnan(sl.lever.value) ? "not set" : "0");
        ts_lever_release(&sl.lever);
        return TS_EXIT_USAGE;
    }
    ts_error err = {0};
    if (!points_load(j, &sl, &err)) {
        fprintf(stderr, "tiersim sensitivity: \"%s\" from %.17g to %.17g breaks the scenario:\n", path, sl.value[0],
                sl.value[4]);
        ts_cli_print_errors(&err);
        ts_error_clear(&err);
        ts_lever_release(&sl.lever);
        return TS_EXIT_USAGE;
    }
    push(ls, &sl);
    return TS_EXIT_OK;
}

/* The default parameters (or --all): those that can move the result, each of whose points loads. */
static void default_levers(const ts_decide_job *j, lever_set *ls, bool all, double r)
{
    const ts_scenario *sc = j->study->variants[0].scenario;
    size_t n = 0, nn = 0;
    char **notes = NULL;
    ts_lever *levers = ts_lever_defaults(sc, &n, &notes, &nn);
    for (size_t i = 0; i < nn; i++) {
        const char *colon = strstr(notes[i], ": ");
        char *path = colon ? ts_xasprintf("%.*s", (int)(colon - notes[i]), notes[i]) : NULL;
        ts_lever l;
        char *why = NULL;
        bool movable = path && all && ts_lever_find(sc, path, &l, &why) && !isnan(l.value) && l.value != 0.0
                       && strstr(path, "].share") == NULL;
        if (movable) {
            levers = ts_xrealloc(levers, (n + 1) * sizeof *levers);
            levers[n++] = l;
            free(notes[i]);
        } else {
            if (path && all && why == NULL)
                ts_lever_release(&l);
            add_note(ls, notes[i]);
        }
        free(why);
        free(path);
    }
    free(notes);
    for (size_t i = 0; i < n; i++) {
        ts_sens_lever sl;
        memset(&sl, 0, sizeof sl);
        sl.lever = levers[i];
        ts_error err = {0};
        if (!relative_points(&sl, r, sc)) {
            add_note(ls, ts_xasprintf("%s: the range does not move it within its valid range", sl.lever.path));
            ts_lever_release(&sl.lever);
        } else if (!points_load(j, &sl, &err)) {
            add_note(ls, ts_xasprintf("%s: its low or high value breaks the scenario (%s)", sl.lever.path,
                                      err.count ? err.messages[0] : "?"));
            ts_lever_release(&sl.lever);
        } else {
            push(ls, &sl);
        }
        ts_error_clear(&err);
    }
    free(levers);
}

/* The parameters and their points from --params, --ranges, --all and --range; an exit code. */
static int choose_levers(const ts_decide_job *j, const sens_args *a, double r, lever_set *ls)
{
    ts_lever_range *given = NULL;
    size_t ng = 0;
    if (a->ranges) {
        ts_error err = {0};
        given = ts_lever_ranges_load(a->ranges, &ng, &err);
        if (given == NULL) {
            ts_cli_print_errors(&err);
            ts_error_clear(&err);
            return TS_EXIT_USAGE;
        }
    }
    int rc = TS_EXIT_OK;
    for (size_t i = 0; i < ng && rc == TS_EXIT_OK; i++)
        rc = named_lever(j, ls, given[i].path, &given[i], a->ranges, r);
    if (rc == TS_EXIT_OK && a->params) {
        char *copy = ts_xstrdup(a->params), *save = NULL;
        for (char *p = strtok_r(copy, ",", &save); p && rc == TS_EXIT_OK; p = strtok_r(NULL, ",", &save))
            rc = named_lever(j, ls, p, NULL, NULL, r);
        free(copy);
    } else if (rc == TS_EXIT_OK && (a->all || ng == 0)) {
        default_levers(j, ls, a->all, r);
    }
    ts_lever_ranges_free(given, ng);
    if (rc == TS_EXIT_OK && ls->n == 0) {
        fprintf(stderr, "tiersim sensitivity: no parameter to vary (see the list of those left out above, or "
                "name them with --params and --ranges)\n");
        for (size_t i = 0; i < ls->n_notes; i++)
            fprintf(stderr, "  %s\n", ls->notes[i]);
        rc = TS_EXIT_USAGE;
    }
    return rc;
}

/*
** Under MPI every rank loads and checks (the section opened in ts_decide_main
** ends here: each problem printed once) and simulates its share of every
** chunk; rank 0 alone makes the folder and writes, plots and prints.
*/
static int sens_run(const void *args, const char *file)
{
    const sens_args *a = args;
    ts_decide_job j = {.opt = &a->sim, .zh = a->sim.lang == TS_CLI_ZH, .threads = ts_sim_args_threads(&a->sim)};
    ts_sens s;
    memset(&s, 0, sizeof s);
    lever_set ls = {0};
    double r = 0.2;
    size_t eval = 0;
    bool root = ts_dist_rank() == 0;
    int rc = TS_EXIT_OK;
    if (a->range && !parse_range(a->range, &r)) {
        fprintf(stderr, "tiersim sensitivity: --range: expected a percentage above 0 and below 100 like 20%%, "
                "found '%s'\n", a->range);
        rc = TS_EXIT_USAGE;
    }
    if (rc == TS_EXIT_OK)
        rc = ts_decide_job_load(&j, file, "sensitivity");
    if (rc == TS_EXIT_OK)
        rc = ts_decide_job_eval(&j, a->at, &eval);
    if (rc == TS_EXIT_OK)
        rc = measures(&s, j.study->variants[0].scenario, a);
    if (rc == TS_EXIT_OK)
        rc = choose_levers(&j, a, r, &ls);
    rc = ts_dist_section_end(rc);
    if (rc == TS_EXIT_OK)
        rc = ts_dist_bcast_int(root ? ts_decide_job_output(&j, "sensitivity", SENS_FILES, 2) : TS_EXIT_OK);
    s.levers = ls.list;
    s.n = ls.n;
    ls.list = NULL;
    ts_decide_info info = {.study = j.study, .eval = eval, .d = &j.d, .range = r, .notes = ls.notes,
                           .n_notes = ls.n_notes};
    if (rc == TS_EXIT_OK) {
        j.d.eval = eval;
        s.reps = (size_t)j.study->variants[0].scenario->replications;
        ts_decide_job_catch(&j);
        ts_error err = {0};
        rc = ts_decide_job_outcome(&j, ts_sens_run(&j.d, &s, &err), &err);
        ts_error_clear(&err);
        if (rc == TS_EXIT_OK && root && ts_sens_write(&s, &info, j.dir, &err) != TS_OK) {
            ts_cli_print_errors(&err);
            rc = TS_EXIT_RUNTIME;
        }
        ts_error_clear(&err);
    }
    if (rc == TS_EXIT_OK && root) {
        rc = ts_decide_job_finish(&j, &s, NULL, &info);
        if (a->sim.verbose)
            fprintf(stderr, "cost: %zu runs, %llu replications simulated\n", j.d.runs,
                    (unsigned long long)j.d.simulated);
    }
    ts_strings_free(ls.notes, ls.n_notes);
    ts_sens_free(&s);
    ts_decide_job_release(&j);
    return rc;
}

static int sens_main(const ts_command *self, int argc, char **argv)
{
    sens_args a;
    memset(&a, 0, sizeof a);
    return ts_decide_main(self, argc, argv, &a, &a.sim, sens_run);
}

const ts_command ts_cmd_sensitivity = {
    .name = "sensitivity",
    .usage = "SCENARIO.json [--params PATH,...|--all] [--range 20%] [--at DATE] [options]",
    .synopsis = "SCENARIO.json ...",
    .summary = "which parameter moves the tier most (tornado chart)",
    .description =
        "Sets each chosen numeric parameter of the scenario's base, one at a time, to five\n"
        "values from its low to its high value (the base -R% to +R%, or the range given in\n"
        "--ranges), every value on the base's random numbers, and reports the paired change\n"
        "(with its 95% interval) of the probability of the best tier and of the headline\n"
        "metric's mean on the evaluation day. Parameters are ranked by their larger effect\n"
        "on the best tier; an effect whose intervals all hold 0 is marked within noise.\n"
        "The scenario's own variants are not used.\n",
    .groups = SENS_GROUPS,
    .operands = {"scenario file", 1, 1},
    .epilog =
        "Result files (in DIR, default results/<scenario name>-sensitivity/):\n"
        "sensitivity.json, sensitivity.csv; plots/tornado, plots/tornado-metric,\n"
        "plots/spider (PNG and SVG); report.html with --report.\n"
        "\n"
        "Examples:\n"
        "  tiersim sensitivity scenarios/default.json                  every parameter, +-20%\n"
        "  tiersim sensitivity shop.json --params fulfilment.capacity_per_day,buyers.feedback_prob\n"
        "  tiersim sensitivity shop.json --ranges ranges.json --at 2027-11-30 --lang zh\n",
    .main = sens_main,
};
