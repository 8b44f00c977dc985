/*
** sim_args.h — the options of every command that simulates a scenario and
** writes results (run today; fit, sensitivity, solve, batch next): one
** struct and one option table, which a command takes in as an option group.
*/
#ifndef TS_SIM_ARGS_H
#define TS_SIM_ARGS_H

#include <stdbool.h>
#include <stddef.h>

#include "options.h"
#include "study.h"

/* The ranges of --replications, --seed (2^53 - 1) and --threads; bench takes the same. */
#define TS_SIM_MAX_REPLICATIONS 10000000
#define TS_SIM_MAX_SEED 9007199254740991.0
#define TS_SIM_MAX_THREADS 1024

typedef struct {
    const char *output;     /* -o DIR; NULL: results/<scenario name>/ */
    long long replications; /* --replications N; 0: the scenario's */
    long long seed;         /* --seed S; -1: the scenario's */
    long long threads;      /* --threads N; 0: the online processors */
    double precision;       /* --precision X; 0: run every replication */
    int lang;               /* --lang, a ts_cli_lang */
    bool no_plots;          /* --no-plots */
    bool report;            /* --report: DIR/report.html */
    bool quiet;             /* -q, --quiet: nothing but errors */
    bool verbose;           /* -v, --verbose: timings on stderr */
    bool force;             /* -f, --force: overwrite results in DIR */
} ts_sim_args;

/* The options with their help, in the help's order; their offsets are within ts_sim_args. */
extern const ts_option ts_sim_options[];

/*
** The option group that puts these options into member M (a ts_sim_args)
** of a command's struct T: list it in the command's groups.
*/
#define TS_SIM_GROUP(T, M) {ts_sim_options, offsetof(T, M)}

/* The defaults: nothing overridden, English, plots and no report. */
void ts_sim_args_init(ts_sim_args *a);

/* The worker threads: --threads, else the online processors. */
unsigned ts_sim_args_threads(const ts_sim_args *a);

/*
** FILE read and loaded with --seed and --replications applied: its base and
** variants and one variant per sweep value (`run`), or with base_only its
** base and the sweeps alone, its own variants left out (`sensitivity`,
** `solve`: ts_study_load_edits). NULL with every problem printed (exit 2).
*/
ts_study *ts_sim_args_load(const ts_sim_args *a, const char *file, const ts_sweep *sweeps, size_t n_sweeps,
                           bool base_only);

#endif
