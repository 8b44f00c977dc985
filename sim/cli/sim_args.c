/*
** sim_args.c — the options every simulating command shares (sim_args.h).
*/
#include "sim_args.h"

#include <math.h>
#include <stdlib.h>

#include "commands.h"
#include "files.h"
#include "load_limits.h"
#include "runner.h"

const ts_option ts_sim_options[] = {
    {.name = "output", .letter = 'o', .type = TS_OPT_STRING, .arg = "DIR", .what = "a directory",
     .offset = offsetof(ts_sim_args, output), .help = "where to write results (default results/<scenario name>/)"},
    {.name = "replications", .type = TS_OPT_INT, .arg = "N", .min = 1, .max = TS_SIM_MAX_REPLICATIONS,
     .offset = offsetof(ts_sim_args, replications), .help = "override the scenario's replications (1..10000000)"},
    {.name = "seed", .type = TS_OPT_INT, .arg = "S", .min = 0, .max = TS_SIM_MAX_SEED,
     .offset = offsetof(ts_sim_args, seed), .help = "override the scenario's seed (0..2^53-1)"},
    {.name = "threads", .type = TS_OPT_INT, .arg = "N", .min = 1, .max = TS_SIM_MAX_THREADS,
     .offset = offsetof(ts_sim_args, threads),
     .help = "worker threads (default: online processors); results do\n"
             "not depend on it"},
    {.name = "precision", .type = TS_OPT_NUMBER, .arg = "X", .min = 0, .min_open = true, .max = INFINITY,
     .offset = offsetof(ts_sim_args, precision),
     .help = "run batches of 100 replications until the 95% half-width\n"
             "(1.96 sd/sqrt(n)) of the headline metric's mean is below X\n"
             "on every evaluation day of every variant; --replications\n"
             "is then the cap (default 100000, or what fits in memory)"},
    {.name = "lang", .type = TS_OPT_ENUM, .choices = ts_cli_langs, .offset = offsetof(ts_sim_args, lang),
     .help = "table labels in English (default) or Chinese"},
    {.name = "no-plots", .type = TS_OPT_FLAG, .offset = offsetof(ts_sim_args, no_plots),
     .help = "do not render plots"},
    {.name = "report", .type = TS_OPT_FLAG, .offset = offsetof(ts_sim_args, report),
     .help = "also write DIR/report.html: one self-contained page\n"
             "(settings, tables, charts, scenario) to open offline or print"},
    {.name = "quiet", .letter = 'q', .type = TS_OPT_FLAG, .offset = offsetof(ts_sim_args, quiet),
     .help = "print nothing but errors"},
    {.name = "verbose", .letter = 'v', .type = TS_OPT_FLAG, .offset = offsetof(ts_sim_args, verbose),
     .help = "timings and throughput on stderr"},
    {.name = "force", .letter = 'f', .type = TS_OPT_FLAG, .offset = offsetof(ts_sim_args, force),
     .help = "overwrite results already in DIR"},
    {0},
};

void ts_sim_args_init(ts_sim_args *a)
{
    *a = (ts_sim_args){.seed = -1, .lang = TS_CLI_EN};
}

unsigned ts_sim_args_threads(const ts_sim_args *a)
{
    return a->threads > 0 ? (unsigned)a->threads : ts_run_default_threads();
}

ts_study *ts_sim_args_load(const ts_sim_args *a, const char *file, const ts_sweep *sweeps, size_t n_sweeps,
                           bool base_only)
{
    ts_error err = {0};
    ts_study *st = NULL;
    if (!base_only) {
        st = ts_study_load(file, sweeps, n_sweeps, &err);
    } else {
        size_t len = 0;
        char *text = ts_file_read(file, TS_MAX_FILE_BYTES, "scenario and rulebook files", &len, &err);
        if (text != NULL)
            st = ts_study_load_edits(file, text, len, sweeps, n_sweeps, &err);
        free(text);
    }
    if (st == NULL) {
        ts_cli_print_errors(&err);
        ts_error_clear(&err);
        return NULL;
    }
    if (a->seed >= 0)
        ts_study_set_seed(st, (uint64_t)a->seed);
    if (a->replications > 0)
        ts_study_set_replications(st, a->replications);
    return st;
}
