/*
** decide_cli.h — what `tiersim sensitivity` and `tiersim solve` share on the
** command line: loading the scenario's base, the evaluation day of --at,
** the output folder, the signals, and the plots and report after the files.
*/
#ifndef TS_DECIDE_CLI_H
#define TS_DECIDE_CLI_H

#include <signal.h>
#include <stdbool.h>
#include "decide.h"
#include "decide_out.h"
#include "sim_args.h"

/* One decision command on its way: the base, its text and where the results go. */
typedef struct {
    const ts_sim_args *opt;
    bool zh;
    unsigned threads;
    ts_study *study;   /* the base only */
    const char *text;  /* the file's bytes (the study's) */
    size_t len;
    char *dir;
    ts_decide d;
} ts_decide_job;

/*
** Read and load FILE's base (its variants are not used), with --seed and
** --replications applied, refuse --precision, and check the caps for a chunk
** of variants; an exit code (TS_EXIT_OK to go on), messages printed.
*/
int ts_decide_job_load(ts_decide_job *j, const char *file, const char *command);

/*
** The evaluation day of --at DATE (NULL: the last) as an index in *eval;
** an exit code, the message naming the horizon or the evaluation days.
*/
int ts_decide_job_eval(ts_decide_job *j, const char *at, size_t *eval);

/*
** The output folder (-o DIR, default results/<scenario name>-SUFFIX/),
** made, writable, not holding files[] without --force; an exit code.
*/
int ts_decide_job_output(ts_decide_job *j, const char *suffix, const char *const *files, size_t n_files);

/* From here SIGINT and SIGTERM set the job's stop flag; ts_decide_job_release restores them. */
void ts_decide_job_catch(ts_decide_job *j);

/* Render the charts of `which` (sensitivity or solve) and write --report's page; an exit code. */
int ts_decide_job_plots(ts_decide_job *j, const ts_sens *sens, const ts_solve *solve,
                        const ts_decide_info *info);

/*
** After ts_sens_run or ts_solve_run returned st (every rank the same under
** MPI): TS_EINTR, or a signal that reached any rank after the last
** replication, is "interrupted" (printed by rank 0, exit 130); an error is
** printed once, naming the ranks when only some gave it (docs/cluster.md);
** TS_OK with no signal gives TS_EXIT_OK and prints nothing.
*/
int ts_decide_job_outcome(ts_decide_job *j, ts_status st, ts_error *err);

/*
** After the files (rank 0): the charts and report (ts_decide_job_plots),
** then unless --quiet the table of sens or solve and where the files are;
** an exit code.
*/
int ts_decide_job_finish(ts_decide_job *j, const ts_sens *sens, const ts_solve *solve,
                         const ts_decide_info *info);

void ts_decide_job_release(ts_decide_job *j);

/*
** A decision command's main: argv parsed by self's options into args (the
** command's struct, zeroed by the caller, its ts_sim_args at *sim) inside an
** MPI section that run ends, then run(args, the scenario file); the exit code.
*/
int ts_decide_main(const ts_command *self, int argc, char **argv, void *args, ts_sim_args *sim,
                   int (*run)(const void *args, const char *file));

#endif
