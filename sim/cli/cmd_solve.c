/*
** cmd_solve.c — `tiersim solve`: the smallest (or largest) value of one
** parameter at which a goal holds (docs/cli.md "`tiersim solve`",
** docs/decisions.md "Solve"): the question, the search, the files with the
** answered scenario, the chart, report and table.
*/
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "decide_cli.h"
#include "dist.h"
#include "solve.h"

typedef struct {
    ts_sim_args sim;
    const char *vary;       /* --vary PATH */
    const char *within;     /* --within LO:HI */
    const char *goal;       /* --goal "..." */
    bool minimize, maximize;
    double tolerance;       /* --tolerance X; 0: (HI - LO) / 1000 */
    long long max_reps;     /* --max-replications N; 0: 16 x the first count */
    long long grid;         /* --grid N */
} solve_args;

static const ts_option SOLVE_OPTIONS[] = {
    {.name = "vary", .type = TS_OPT_STRING, .arg = "PATH", .what = "a path", .offset = offsetof(solve_args, vary),
     .help = "the numeric parameter to search, as in a variant's set,\n"
             "e.g. fulfilment.capacity_per_day (required)"},
    {.name = "within", .type = TS_OPT_STRING, .arg = "LO:HI", .what = "LO:HI",
     .offset = offsetof(solve_args, within), .help = "the range searched, ends included (required)"},
    {.name = "goal", .type = TS_OPT_STRING, .arg = "GOAL", .what = "a goal", .offset = offsetof(solve_args, goal),
     .help = "what must hold (required), e.g. \"top on 2027-11-30 >= 0.9\"\n"
             "or \"bad_experience_rate p95 < 0.06\"; see below"},
    {.name = "minimize", .type = TS_OPT_FLAG, .offset = offsetof(solve_args, minimize),
     .help = "the smallest value for which the goal holds (default)"},
    {.name = "maximize", .type = TS_OPT_FLAG, .offset = offsetof(solve_args, maximize),
     .help = "the largest value for which the goal holds"},
    {.name = "tolerance", .type = TS_OPT_NUMBER, .arg = "X", .min = 0, .min_open = true, .max = INFINITY,
     .offset = offsetof(solve_args, tolerance),
     .help = "stop bisecting a continuous parameter when the bracket is\n"
             "narrower than X (default (HI-LO)/1000; integers: 1)"},
    {.name = "max-replications", .type = TS_OPT_INT, .arg = "N", .min = 1, .max = TS_SIM_MAX_REPLICATIONS,
     .offset = offsetof(solve_args, max_reps),
     .help = "at most N replications at one value (default 16 x the\n"
             "first count); replications double until the side is decided"},
    {.name = "grid", .type = TS_OPT_INT, .arg = "N", .min = 2, .max = 101, .offset = offsetof(solve_args, grid),
     .help = "values of the first scan, ends included (default 9)"},
    {0},
};

static const ts_option_group SOLVE_GROUPS[] = {TS_SIM_GROUP(solve_args, sim), {SOLVE_OPTIONS, 0}, {0}};

static const char *const SOLVE_FILES[] = {"solve.json", "solve.csv", "scenario.json"};

static bool parse_within(const char *text, double *lo, double *hi)
{
    char *end;
    *lo = strtod(text, &end);
    if (end == text || *end != ':')
        return false;
    const char *h = end + 1;
    *hi = strtod(h, &end);
    return end != h && *end == '\0' && isfinite(*lo) && isfinite(*hi);
}

/* The question from the options: the parameter, its range, the goal, the counts; an exit code. */
static int question(const solve_args *a, ts_decide_job *j, ts_lever *lever, ts_solve *s)
{
    const ts_scenario *sc = j->study->variants[0].scenario;
    if (!a->vary || !a->within || !a->goal) {
        fprintf(stderr, "tiersim solve: --vary PATH, --within LO:HI and --goal GOAL are required\n"
                "Try 'tiersim solve --help'.\n");
        return TS_EXIT_USAGE;
    }
    if (a->minimize && a->maximize) {
        fprintf(stderr, "tiersim solve: --minimize and --maximize: give one of them\n");
        return TS_EXIT_USAGE;
    }
    char *why = NULL;
    if (!ts_lever_find(sc, a->vary, lever, &why)) {
        fprintf(stderr, "tiersim solve: --vary %s\n", why);
        free(why);
        return TS_EXIT_USAGE;
    }
    if (!parse_within(a->within, &s->lo, &s->hi) || !(s->lo < s->hi)) {
        fprintf(stderr, "tiersim solve: --within: expected LO:HI with LO < HI, e.g. 200:600, found '%s'\n", a->within);
        return TS_EXIT_USAGE;
    }
    char *rt = ts_lever_range_text(lever);
    for (int e = 0; e < 2; e++) {
        double v = e ? s->hi : s->lo;
        if (lever->integer && v != floor(v)) {
            fprintf(stderr, "tiersim solve: --within: %s is an integer parameter, found %s %.17g\n", a->vary,
                    e ? "HI" : "LO", v);
            free(rt);
            return TS_EXIT_USAGE;
        }
        if (!ts_lever_valid(lever, v)) {
            fprintf(stderr, "tiersim solve: --within: %s %.17g is outside the valid range of %s: %s\n",
                    e ? "HI" : "LO", v, a->vary, rt);
            free(rt);
            return TS_EXIT_USAGE;
        }
    }
    free(rt);
    ts_error err = {0};
    if (!ts_goal_parse(a->goal, sc, &s->goal, &err)) {
        fprintf(stderr, "tiersim solve: ");
        ts_cli_print_errors(&err);
        ts_error_clear(&err);
        return TS_EXIT_USAGE;
    }
    s->lever = lever;
    s->maximize = a->maximize;
    s->tolerance = a->tolerance > 0 ? a->tolerance : (s->hi - s->lo) / 1000.0;
    s->grid = a->grid > 0 ? (size_t)a->grid : 9;
    s->reps = (size_t)sc->replications;
    s->reps_cap = a->max_reps > 0 ? (size_t)a->max_reps : 16 * s->reps;
    if (s->reps_cap < s->reps)
        s->reps_cap = s->reps;
    if (s->reps_cap > TS_SIM_MAX_REPLICATIONS)
        s->reps_cap = TS_SIM_MAX_REPLICATIONS;
    return TS_EXIT_OK;
}

/* The scenario file with the answer set (NULL when there is none). */
static char *answered(const ts_decide_job *j, const ts_solve *s)
{
    if (!isfinite(s->answer))
        return NULL;
    char *json = ts_lever_json(s->lever, s->answer);
    ts_error err = {0};
    char *text = ts_study_text_set(j->d.file, j->text, j->len, s->lever->path, json, &err);
    ts_error_clear(&err);
    free(json);
    return text;
}

/* Under MPI as sens_run: every rank checks and simulates, rank 0 writes (docs/cluster.md). */
static int solve_run(const void *args, const char *file)
{
    const solve_args *a = args;
    ts_decide_job j = {.opt = &a->sim, .zh = a->sim.lang == TS_CLI_ZH, .threads = ts_sim_args_threads(&a->sim)};
    ts_lever lever;
    memset(&lever, 0, sizeof lever);
    ts_solve s;
    memset(&s, 0, sizeof s);
    bool root = ts_dist_rank() == 0;
    int rc = ts_decide_job_load(&j, file, "solve");
    if (rc == TS_EXIT_OK)
        rc = question(a, &j, &lever, &s);
    rc = ts_dist_section_end(rc);
    if (rc == TS_EXIT_OK)
        rc = ts_dist_bcast_int(root ? ts_decide_job_output(&j, "solve", SOLVE_FILES, 3) : TS_EXIT_OK);
    ts_decide_info info = {.study = j.study, .eval = s.goal.eval, .d = &j.d, .goal_text = a->goal};
    if (rc == TS_EXIT_OK) {
        j.d.eval = s.goal.eval;
        ts_decide_job_catch(&j);
        ts_error err = {0};
        rc = ts_decide_job_outcome(&j, ts_solve_run(&j.d, &s, &err), &err);
        ts_error_clear(&err);
        if (rc == TS_EXIT_OK && root) {
            char *text = answered(&j, &s);
            if (ts_solve_write(&s, &info, text, j.dir, &err) != TS_OK) {
                ts_cli_print_errors(&err);
                rc = TS_EXIT_RUNTIME;
            }
            free(text);
        }
        ts_error_clear(&err);
    }
    if (rc == TS_EXIT_OK && root)
        rc = ts_decide_job_finish(&j, NULL, &s, &info);
    ts_solve_free(&s);
    ts_lever_release(&lever);
    ts_decide_job_release(&j);
    return rc;
}

static void solve_help_extra(FILE *out)
{
    fprintf(out, "\nGoals: %s\n", TS_GOAL_GRAMMAR);
}

static int solve_main(const ts_command *self, int argc, char **argv)
{
    solve_args a;
    memset(&a, 0, sizeof a);
    return ts_decide_main(self, argc, argv, &a, &a.sim, solve_run);
}

const ts_command ts_cmd_solve = {
    .name = "solve",
    .usage = "SCENARIO.json --vary PATH --within LO:HI --goal GOAL [--minimize|--maximize] [options]",
    .synopsis = "SCENARIO.json --vary ...",
    .summary = "the least (or most) setting that reaches a goal",
    .description =
        "Finds the smallest (--minimize, default) or largest (--maximize) value of PATH in\n"
        "[LO, HI] for which the goal holds on the evaluation day: a first scan of the range,\n"
        "then bisection (binary search for integers) inside the first crossing, every value\n"
        "on the same random numbers. Replications double at the values near the answer until\n"
        "the 95% interval says which side of the goal they are on, or --max-replications is\n"
        "reached (then the answer is within noise, and the values between which it lies are\n"
        "given). A goal that holds, fails and holds again along the range is reported as not\n"
        "monotone. The scenario's own variants are not used.\n",
    .help_extra = solve_help_extra,
    .groups = SOLVE_GROUPS,
    .operands = {"scenario file", 1, 1},
    .epilog =
        "Result files (in DIR, default results/<scenario name>-solve/): solve.json,\n"
        "solve.csv (every tried value), scenario.json (the scenario with the answer set);\n"
        "plots/solve (PNG and SVG); report.html with --report.\n"
        "\n"
        "Examples:\n"
        "  tiersim solve scenarios/default.json --vary fulfilment.capacity_per_day \\\n"
        "      --within 150:600 --goal \"top on 2027-11-30 >= 0.9\"\n"
        "  tiersim solve shop.json --vary product.quality_defect_prob --within 0:0.05 \\\n"
        "      --goal \"bad_experience_rate p95 < 0.06\" --maximize\n",
    .main = solve_main,
};
