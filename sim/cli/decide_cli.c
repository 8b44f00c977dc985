/*
** decide_cli.c — the steps `tiersim sensitivity` and `tiersim solve` share
** (decide_cli.h): loading, --at, the output folder, signals, plots, report.
*/
#include "decide_cli.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "caps.h"
#include "commands.h"
#include "dist.h"
#include "plot.h"
#include "report.h"

static volatile sig_atomic_t g_stop; /* set by SIGINT/SIGTERM; the one global a handler needs */
static struct sigaction g_old_int, g_old_term;
static bool g_caught;

static void on_signal(int sig)
{
    (void)sig;
    g_stop = 1;
}

int ts_decide_job_load(ts_decide_job *j, const char *file, const char *command)
{
    if (j->opt->precision > 0.0) {
        fprintf(stderr, "tiersim %s: --precision is not used here: %s adds replications where they "
                "decide (docs/decisions.md); give --replications instead\n", command, command);
        return TS_EXIT_USAGE;
    }
    j->study = ts_sim_args_load(j->opt, file, NULL, 0, true);
    if (j->study == NULL)
        return TS_EXIT_USAGE;
    j->text = j->study->text;
    j->len = j->study->text_len;
    ts_error err = {0};
    const ts_scenario *sc = j->study->variants[0].scenario;
    if (sc->rules->n_tiers == 0 || sc->n_evaluations == 0) {
        fprintf(stderr, "%s: %s needs an evaluation day in the horizon and a rulebook with tiers\n", file, command);
        return TS_EXIT_USAGE;
    }
    /* one chunk of variants at a time is what the memory must hold */
    int64_t reps = sc->replications;
    ts_study_set_replications(j->study, reps * TS_DECIDE_CHUNK);
    bool fits = ts_caps_check(j->study, j->threads, &err) == TS_OK;
    ts_study_set_replications(j->study, reps);
    if (!fits) {
        ts_cli_print_errors(&err);
        ts_error_clear(&err);
        return TS_EXIT_USAGE;
    }
    j->d = (ts_decide){.file = file, .text = j->text, .len = j->len, .seed = j->opt->seed,
                       .threads = j->threads, .stop = &g_stop};
    return TS_EXIT_OK;
}

int ts_decide_job_eval(ts_decide_job *j, const char *at, size_t *eval)
{
    const ts_scenario *sc = j->study->variants[0].scenario;
    *eval = sc->n_evaluations - 1;
    if (at == NULL)
        return TS_EXIT_OK;
    ts_civil d;
    char first[11], last[11];
    ts_date_format(sc->start, first);
    ts_date_format(sc->start + sc->days - 1, last);
    if (!ts_date_parse(at, &d)) {
        fprintf(stderr, "tiersim: --at: expected a date YYYY-MM-DD, found '%s'\n", at);
        return TS_EXIT_USAGE;
    }
    if (d < sc->start || d > sc->start + sc->days - 1) {
        fprintf(stderr, "tiersim: --at %s: outside the horizon %s..%s\n", at, first, last);
        return TS_EXIT_USAGE;
    }
    for (size_t e = 0; e < sc->n_evaluations; e++)
        if (sc->start + sc->evaluations[e] == d) {
            *eval = e;
            return TS_EXIT_OK;
        }
    fprintf(stderr, "tiersim: --at %s: not an evaluation day; the evaluation days are", at);
    for (size_t e = 0; e < sc->n_evaluations; e++) {
        char ds[11];
        ts_date_format(sc->start + sc->evaluations[e], ds);
        fprintf(stderr, "%s %s", e ? "," : "", ds);
    }
    fputc('\n', stderr);
    return TS_EXIT_USAGE;
}

int ts_decide_job_output(ts_decide_job *j, const char *suffix, const char *const *files, size_t n_files)
{
    if (j->opt->output) {
        j->dir = ts_xstrdup(j->opt->output);
    } else {
        char *comp = ts_cli_safe_component(j->study->variants[0].scenario->name);
        j->dir = ts_xasprintf("results/%s-%s", comp, suffix);
        free(comp);
    }
    return ts_cli_output_dir(j->dir, files, n_files, j->opt->force);
}

void ts_decide_job_catch(ts_decide_job *j)
{
    (void)j;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, &g_old_int);
    sigaction(SIGTERM, &sa, &g_old_term);
    g_stop = 0;
    g_caught = true;
}

int ts_decide_job_plots(ts_decide_job *j, const ts_sens *sens, const ts_solve *solve, const ts_decide_info *info)
{
    ts_plot_outcome outcome;
    memset(&outcome, 0, sizeof outcome);
    int rc = TS_EXIT_OK;
    ts_error err = {0};
    if (!j->opt->no_plots) {
        ts_plot_options po;
        ts_plot_options_init(&po);
        po.lang = j->zh ? TS_PLOT_ZH : TS_PLOT_EN;
        ts_status st = sens ? ts_plot_render_sensitivity(sens, info, j->dir, &po, &outcome, &err)
                            : ts_plot_render_solve(solve, info, j->dir, &po, &outcome, &err);
        if (st != TS_OK) {
            ts_cli_print_errors(&err);
            ts_error_clear(&err);
            rc = TS_EXIT_RUNTIME;
        } else if (!j->opt->quiet) {
            for (size_t w = 0; w < outcome.n_warnings; w++)
                fprintf(stderr, "warning: %s\n", outcome.warnings[w]);
            if (outcome.gnuplot_missing)
                fprintf(stderr, "plots: gnuplot is not installed; scripts and data are in %s; render them later "
                        "with:\n  %s\n", outcome.plots_dir, outcome.hint);
        }
    }
    if (rc == TS_EXIT_OK && j->opt->report) {
        ts_report_options ro;
        ts_report_options_init(&ro);
        ro.chinese = j->zh;
        if (!j->opt->no_plots) {
            ro.plots_dir = outcome.plots_dir;
            ro.charts = (const char *const *)outcome.charts;
            ro.n_charts = outcome.n_charts;
            if (outcome.gnuplot_missing)
                ro.plots_note = j->zh ? "未安装 gnuplot：图表未渲染。" : "gnuplot is not installed: the charts were not rendered.";
        }
        ro.scenario_text = j->text;
        ro.scenario_len = j->len;
        ts_status st = ts_report_decision_write(sens, solve, info, j->dir, &ro, &err);
        if (st != TS_OK) {
            ts_cli_print_errors(&err);
            rc = TS_EXIT_RUNTIME;
        }
        ts_error_clear(&err);
    }
    ts_plot_outcome_release(&outcome);
    return rc;
}

int ts_decide_job_outcome(ts_decide_job *j, ts_status st, ts_error *err)
{
    if (st == TS_OK && ts_dist_any(*j->d.stop != 0))
        st = TS_EINTR;
    if (st == TS_EINTR) {
        if (ts_dist_rank() == 0)
            fprintf(stderr, "tiersim: interrupted; no results written (files already in '%s' are untouched).\n",
                    j->dir);
        return TS_EXIT_INTERRUPTED;
    }
    if (st == TS_OK)
        return TS_EXIT_OK;
    /* a rank whose err is empty failed because another did: it has nothing to add */
    int rc = err->count == 0 ? TS_EXIT_OK : st == TS_EINVAL ? TS_EXIT_USAGE : TS_EXIT_RUNTIME;
    ts_dist_section_begin();
    ts_cli_print_errors(err);
    rc = ts_dist_section_end(rc);
    return rc != TS_EXIT_OK ? rc : TS_EXIT_RUNTIME;
}

int ts_decide_job_finish(ts_decide_job *j, const ts_sens *sens, const ts_solve *solve,
                         const ts_decide_info *info)
{
    int rc = ts_decide_job_plots(j, sens, solve, info);
    if (j->opt->quiet)
        return rc;
    if (sens != NULL) {
        ts_sens_print(stdout, sens, info, j->zh);
        printf(j->zh ? "\n结果文件：%s/\n" : "\nresults: %s/\n", j->dir);
    } else {
        ts_solve_print(stdout, solve, info, j->zh);
        if (isfinite(solve->answer))
            printf(j->zh ? "\n结果文件：%s/（scenario.json 为写入答案的场景）\n"
                         : "\nresults: %s/ (scenario.json is the scenario with the answer set)\n", j->dir);
        else /* no answer: no scenario.json was written (docs/cli.md `tiersim solve`) */
            printf(j->zh ? "\n结果文件：%s/（无答案，未写 scenario.json）\n"
                         : "\nresults: %s/ (no answer, so no scenario.json)\n", j->dir);
    }
    return rc;
}

void ts_decide_job_release(ts_decide_job *j)
{
    if (g_caught) {
        sigaction(SIGINT, &g_old_int, NULL);
        sigaction(SIGTERM, &g_old_term, NULL);
        g_caught = false;
    }
    ts_study_free(j->study);
    free(j->dir);
}

int ts_decide_main(const ts_command *self, int argc, char **argv, void *args, ts_sim_args *sim,
                   int (*run)(const void *args, const char *file))
{
    ts_sim_args_init(sim);
    ts_arglist files;
    ts_dist_section_begin(); /* ended in run (ts_decide_job_load's checks), or here on a usage error */
    int rc = ts_options_parse(self, argc, argv, args, &files);
    if (rc != TS_OPTIONS_CONTINUE)
        return ts_dist_section_end(rc);
    rc = run(args, files.items[0]);
    ts_options_release(self, args, &files);
    return rc;
}
