/*
** decide_out.h — the results of `tiersim sensitivity` and `tiersim solve`
** (docs/results-format.md "Sensitivity results", "Solve results"): their JSON and CSV
** files, written atomically, and their tables on stdout in English or Chinese.
*/
#ifndef TS_DECIDE_OUT_H
#define TS_DECIDE_OUT_H

#include <stdbool.h>
#include <stdio.h>
#include "sensitivity.h"
#include "solve.h"

/* What the files and tables say about the run besides the results. */
typedef struct {
    const ts_study *study;   /* the scenario file's base (names, rulebook, dates, sha256) */
    size_t eval;             /* the evaluation day's index */
    const ts_decide *d;      /* runs and replications spent */
    double range;            /* sensitivity: the relative range (0.2 for 20%) */
    char *const *notes;      /* sensitivity: the parameters left out, "PATH: why" */
    size_t n_notes;
    const char *goal_text;   /* solve: the goal as given */
} ts_decide_info;

/* A measure's label ("mean bad_experience_rate", "P(Top-rated or better)"); free it. */
char *ts_decide_measure_label(const ts_scenario *sc, const ts_measure *m, bool zh);

/* The evaluation day of info as YYYY-MM-DD. */
void ts_decide_date(const ts_decide_info *info, char out[static 11]);

/* sensitivity.json and sensitivity.csv into dir. */
ts_status ts_sens_write(const ts_sens *s, const ts_decide_info *info, const char *dir, ts_error *err);

/* The sensitivity.json text (deterministic); free it. */
char *ts_sens_json(const ts_sens *s, const ts_decide_info *info);

/* The ranked table on out. */
void ts_sens_print(FILE *out, const ts_sens *s, const ts_decide_info *info, bool zh);

/* solve.json, solve.csv and scenario.json (the file with the answer set; NULL: none) into dir. */
ts_status ts_solve_write(const ts_solve *s, const ts_decide_info *info, const char *scenario_text,
                         const char *dir, ts_error *err);

/* The solve.json text (deterministic); free it. */
char *ts_solve_json(const ts_solve *s, const ts_decide_info *info);

/* The answer and the tried values on out. */
void ts_solve_print(FILE *out, const ts_solve *s, const ts_decide_info *info, bool zh);

#endif
