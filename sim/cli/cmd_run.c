/*
** cmd_run.c — `tiersim run`: loads a scenario, refuses what would not fit,
** simulates it under SIGINT/SIGTERM, writes the result files, plots and
** report, and prints the table; one function per step.
*/
#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "caps.h"
#include "export.h"
#include "commands.h"
#include "dist.h"
#include "files.h"
#include "output.h"
#include "plot.h"
#include "report.h"
#include "runner.h"
#include "sim_args.h"
#include "study.h"
#include "summary.h"
#include "table.h"

typedef struct {
    ts_sim_args sim;   /* the options every simulating command takes */
    ts_arglist sweeps; /* --sweep PATH=V1,V2,... */
    const char *export_orders; /* --export-orders FILE */
} run_args;

static bool is_sweep(const char *value)
{
    return strchr(value, '=') != NULL;
}

static const ts_option RUN_OPTIONS[] = {
    {.name = "sweep", .type = TS_OPT_LIST, .arg = "PATH=V1,V2,...", .what = "PATH=V1,V2,...",
     .valid = is_sweep, .offset = offsetof(run_args, sweeps),
     .help = "add one variant per value, named PATH=V, e.g.\n"
             "--sweep fulfilment.capacity_per_day=300,400,500\n"
             "(may be repeated)"},
    {.name = "export-orders", .type = TS_OPT_STRING, .arg = "FILE", .what = "a file name",
     .offset = offsetof(run_args, export_orders),
     .help = "also write the base's first replication as an order\n"
             "export (docs/data-format.md): the orders of the horizon\n"
             "as a seller would download them on its last day"},
    {0},
};

static const ts_option_group RUN_GROUPS[] = {TS_SIM_GROUP(run_args, sim), {RUN_OPTIONS, 0}, {0}};

static const char *const RESULT_FILES[] = {
    "summary.json", "evaluations.csv", "tiers.csv", "daily.csv", "causes.csv", "money.csv",
};

/* One run on its way through the steps; each step fills what the later ones read. */
typedef struct {
    const ts_sim_args *opt;
    bool zh;           /* --lang zh */
    unsigned threads;  /* resolved --threads */
    ts_study *study;   /* load_study */
    char *dir;         /* prepare_output */
    ts_results *res;   /* simulate */
    ts_run_stats rs;
    ts_summary *sum;
} run_job;

static volatile sig_atomic_t g_stop; /* set by SIGINT/SIGTERM; the one global a handler needs */

static void on_signal(int sig)
{
    (void)sig;
    g_stop = 1;
}

/* ------------------------------------------------------- load and check */

/*
** The default cap of --precision: TS_RUN_PRECISION_CAP replications, fewer
** (whole batches, at least one) when that many would not pass ts_caps_check,
** so that a large scenario is not refused for a count it may never reach.
*/
static int64_t precision_cap(ts_study *study, unsigned threads)
{
    ts_caps_cost c;
    ts_study_set_replications(study, TS_RUN_PRECISION_CAP);
    ts_caps_estimate(study, threads, &c);
    double share = 1.0;
    if (c.physical_bytes > 0 && c.result_bytes + c.workspace_bytes > TS_MEMORY_SHARE * c.physical_bytes)
        share = TS_MEMORY_SHARE * c.physical_bytes / (c.result_bytes + c.workspace_bytes);
    if (c.orders > TS_MAX_ORDERS && TS_MAX_ORDERS / c.orders < share)
        share = TS_MAX_ORDERS / c.orders;
    double cap = floor(share * TS_RUN_PRECISION_CAP / TS_RUN_BATCH) * TS_RUN_BATCH;
    return cap < TS_RUN_BATCH ? TS_RUN_BATCH : (int64_t)cap;
}

/* The scenario with its --sweep variants, and --seed, --replications (or --precision's cap) applied. */
static int load_study(run_job *j, const char *file, const ts_arglist *sweeps)
{
    ts_sweep *sw = ts_xcalloc(sweeps->count + 1, sizeof *sw);
    for (size_t i = 0; i < sweeps->count; i++)
        sw[i].spec = sweeps->items[i];
    j->study = ts_sim_args_load(j->opt, file, sw, sweeps->count, false);
    free(sw);
    if (j->study == NULL)
        return TS_EXIT_USAGE;
    if (j->opt->replications <= 0 && j->opt->precision > 0.0) /* --replications is the cap, default TS_RUN_PRECISION_CAP */
        ts_study_set_replications(j->study, precision_cap(j->study, j->threads));
    return TS_EXIT_OK;
}

/* Refuse what would not fit in memory or never finish, before any work (docs/robustness.md). */
static int check_caps(const run_job *j)
{
    ts_error err = {0};
    if (ts_caps_check(j->study, j->threads, &err) == TS_OK)
        return TS_EXIT_OK;
    ts_cli_print_errors(&err);
    ts_error_clear(&err);
    return TS_EXIT_USAGE;
}

/* ------------------------------------------------------- output folder */

/* The output folder, made and writable, refusing to overwrite results without --force; before any work. */
static int prepare_output(run_job *j)
{
    if (j->opt->output) {
        j->dir = ts_xstrdup(j->opt->output);
    } else {
        char *comp = ts_cli_safe_component(j->study->variants[0].scenario->name);
        j->dir = ts_xasprintf("results/%s", comp);
        free(comp);
    }
    return ts_cli_output_dir(j->dir, RESULT_FILES, sizeof RESULT_FILES / sizeof *RESULT_FILES, j->opt->force);
}

/* The day (relative to start) of the first scheduled evaluation after the horizon. */
static int32_t next_scheduled_after(const ts_scenario *sc)
{
    const ts_rulebook *rb = sc->rules;
    if (rb->every == TS_SCHEDULE_DAY)
        return sc->days;
    int y, m, d;
    ts_date_to_ymd(sc->start + sc->days - 1, &y, &m, &d);
    for (int k = 0; k < 3; k++) {
        int mday = rb->schedule_day ? rb->schedule_day : ts_date_days_in_month(y, m);
        int32_t day = (int32_t)(ts_date_from_ymd(y, m, mday) - sc->start);
        if (day > sc->days - 1)
            return day;
        if (++m > 12) {
            m = 1;
            y++;
        }
    }
    return TS_NEVER;
}

/* A note when the horizon stops shortly before a scheduled evaluation it would need. */
static void horizon_note(const ts_study *st)
{
    const ts_scenario *sc = st->variants[0].scenario;
    if (sc->rules->every == TS_SCHEDULE_DAY)
        return;
    /* a horizon that ends on a scheduled evaluation day sees that evaluation */
    int y, m, d;
    ts_date_to_ymd(sc->start + sc->days - 1, &y, &m, &d);
    int sched = sc->rules->schedule_day ? sc->rules->schedule_day : ts_date_days_in_month(y, m);
    if (d == sched)
        return;
    int32_t next = next_scheduled_after(sc);
    if (next == TS_NEVER || next - (sc->days - 1) > 30)
        return;
    char last[11], when[11];
    ts_date_format(sc->start + sc->days - 1, last);
    ts_date_format(sc->start + next, when);
    fprintf(stderr,
            "note: the horizon ends on %s, %d days before the evaluation of %s, which is not "
            "simulated;\n      a peak's effect often shows a month later: \"days\": %d would include it.\n",
            last, next - (sc->days - 1), when, next + 1);
}

/* ------------------------------------------------- simulate and write */

typedef struct {
    struct sigaction old_int, old_term;
} caught_signals;

/* From here SIGINT and SIGTERM only set g_stop. */
static void catch_signals(caught_signals *c)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, &c->old_int);
    sigaction(SIGTERM, &sa, &c->old_term);
    g_stop = 0;
}

static void restore_signals(const caught_signals *c)
{
    sigaction(SIGINT, &c->old_int, NULL);
    sigaction(SIGTERM, &c->old_term, NULL);
}

/*
** Every replication, with the progress bar on a terminal, then the summary.
** TS_EINTR, with nothing kept, when a signal came before the summary was
** done (ts_run fails in no other way).
*/
static ts_status simulate(run_job *j)
{
    ts_run_options ro = {
        .threads = j->threads,
        .progress = !j->opt->quiet && isatty(STDERR_FILENO),
        .stop = &g_stop,
        .precision = j->opt->precision,
    };
    ts_status st = ts_run(j->study, &ro, &j->res, &j->rs);
    if (st != TS_OK)
        return st;
    bool root = ts_dist_rank() == 0;
    if (root && j->opt->precision > 0.0 && !j->opt->quiet)
        fprintf(stderr, "precision: %zu replications; largest 95%% half-width of the headline metric %.3g %s %g%s\n",
                j->res->n_reps, j->rs.half_width, j->rs.precision_met ? "<" : ">=", j->opt->precision,
                j->rs.precision_met ? "" : " (stopped at the --replications cap)");
    if (root) /* under MPI only rank 0 holds every replication */
        j->sum = ts_summary_build(j->res);
    if (ts_dist_any(g_stop != 0)) {
        ts_summary_free(j->sum);
        ts_results_free(j->res);
        j->sum = NULL;
        j->res = NULL;
        return TS_EINTR;
    }
    return TS_OK;
}

/* timing.json: not part of the reproducible results; a failure to write it is not an error. */
static void write_timing(const char *dir, const ts_run_stats *rs, size_t reps, size_t variants)
{
    ts_buf b = {0};
    double ops = rs->wall_seconds > 0 ? (double)rs->orders / rs->wall_seconds : 0.0;
    ts_buf_printf(&b,
                  "{\n  \"wall_seconds\": %.3f,\n  \"threads\": %u,\n  \"replications\": %zu,\n"
                  "  \"variants\": %zu,\n  \"orders_simulated\": %llu,\n  \"orders_per_second\": %.0f,\n"
                  "  \"orders_per_second_per_thread\": %.0f,\n  \"processes\": %u,\n  \"bytes_gathered\": %llu",
                  rs->wall_seconds, rs->threads, reps, variants, (unsigned long long)rs->orders, ops,
                  ops / (rs->threads ? rs->threads : 1) / rs->processes, rs->processes,
                  (unsigned long long)rs->bytes_gathered);
    if (rs->precision > 0.0) /* --precision: the target, the half-width reached, whether met */
        ts_buf_printf(&b, ",\n  \"precision\": %.17g,\n  \"half_width\": %.17g,\n  \"precision_met\": %s",
                      rs->precision, isfinite(rs->half_width) ? rs->half_width : -1.0,
                      rs->precision_met ? "true" : "false");
    ts_buf_puts(&b, "\n}\n");
    const char *name = "timing.json", *data = b.s;
    ts_error err = {0};
    (void)ts_file_write_all(dir, 1, &name, &data, &b.len, &err);
    ts_error_clear(&err);
    free(b.s);
}

/*
** Simulate and write the result files with SIGINT and SIGTERM caught: a
** signal during the run or the summary stops before any file is touched, one
** during the writing waits for it (docs/robustness.md).
*/
static int simulate_and_write(run_job *j)
{
    caught_signals caught;
    catch_signals(&caught);
    if (simulate(j) != TS_OK) {
        restore_signals(&caught);
        if (ts_dist_rank() == 0)
            fprintf(stderr, "tiersim: interrupted; no results written (files already in '%s' are untouched).\n", j->dir);
        return TS_EXIT_INTERRUPTED;
    }
    if (ts_dist_rank() != 0) { /* rank 0 writes the results */
        restore_signals(&caught);
        return TS_EXIT_OK;
    }
    ts_error err = {0};
    ts_status st = ts_output_write(j->sum, j->dir, &err);
    restore_signals(&caught);
    if (st != TS_OK) {
        ts_cli_print_errors(&err);
        ts_error_clear(&err);
        return TS_EXIT_RUNTIME;
    }
    write_timing(j->dir, &j->rs, j->res->n_reps, j->study->n_variants);
    if (g_stop) {
        fprintf(stderr, "tiersim: interrupted while the result files were written; they are complete "
                "in '%s' (no plots, no table).\n", j->dir);
        return TS_EXIT_INTERRUPTED;
    }
    return TS_EXIT_OK;
}

/* ----------------------------------------------------- plots and report */

/*
** --report: DIR/report.html after the plots. outcome NULL under --no-plots
** (the report says plots were not made); else its charts are inlined, in the
** driver's order. Prints errors; false on failure.
*/
static bool write_report(const run_job *j, const ts_plot_outcome *outcome)
{
    ts_report_options ro;
    ts_report_options_init(&ro);
    ro.chinese = j->zh;
    if (outcome != NULL) {
        ro.plots_dir = outcome->plots_dir;
        ro.charts = (const char *const *)outcome->charts;
        ro.n_charts = outcome->n_charts;
        if (outcome->gnuplot_missing)
            ro.plots_note = j->zh ? "未安装 gnuplot：图表未渲染。" : "gnuplot is not installed: the charts were not rendered.";
    }
    ro.scenario_text = j->study->text;
    ro.scenario_len = j->study->text_len;
    ts_error err = {0};
    bool ok = ts_report_html_write(j->sum, j->dir, &ro, &err) == TS_OK;
    if (!ok)
        ts_cli_print_errors(&err);
    ts_error_clear(&err);
    return ok;
}

/* The plot driver's warnings, and how to render later when gnuplot is missing. */
static void plot_notes(const ts_plot_outcome *outcome)
{
    for (size_t w = 0; w < outcome->n_warnings; w++)
        fprintf(stderr, "warning: %s\n", outcome->warnings[w]);
    if (outcome->gnuplot_missing)
        fprintf(stderr, "plots: gnuplot is not installed; scripts and data are in %s; render them later with:\n  %s\n",
                outcome->plots_dir, outcome->hint);
}

/* The plots (unless --no-plots), then --report's page; exit 1 when either fails. */
static int plots_and_report(const run_job *j)
{
    if (j->opt->no_plots)
        return j->opt->report && !write_report(j, NULL) ? TS_EXIT_RUNTIME : TS_EXIT_OK;
    int rc = TS_EXIT_OK;
    ts_plot_options po;
    ts_plot_options_init(&po);
    po.lang = j->zh ? TS_PLOT_ZH : TS_PLOT_EN;
    ts_plot_outcome outcome;
    ts_error err = {0};
    if (ts_plot_render(j->sum, j->res, j->dir, &po, &outcome, &err) != TS_OK) {
        ts_cli_print_errors(&err);
        ts_error_clear(&err);
        rc = TS_EXIT_RUNTIME;
    } else if (!j->opt->quiet) {
        plot_notes(&outcome);
    }
    if (j->opt->report && !write_report(j, &outcome))
        rc = TS_EXIT_RUNTIME;
    ts_plot_outcome_release(&outcome);
    return rc;
}

/* ---------------------------------------------------- table and timing */

/* The heading, the summary table and where the files are, on stdout (not under --quiet). */
static void print_table(const run_job *j)
{
    if (j->opt->quiet)
        return;
    const ts_scenario *sc = j->study->variants[0].scenario;
    size_t nv = j->study->n_variants;
    printf("%s — %s%s%s\n", "tiersim " TS_VERSION, sc->name, *sc->description ? ": " : "", sc->description);
    printf(j->zh ? "规则 %s · %zu 次重复 · 种子 %llu · %zu 个方案\n"
                 : "rules %s · %zu replications · seed %llu · %zu variant%s\n",
           sc->rules_name, j->res->n_reps, (unsigned long long)sc->seed, nv, j->zh ? "" : (nv == 1 ? "" : "s"));
    ts_table_print(stdout, j->sum, j->zh);
    printf(j->zh ? "\n结果文件：%s/\n" : "\nresults: %s/\n", j->dir);
    if (!j->opt->no_plots)
        printf(j->zh ? "图表：%s/plots/\n" : "plots: %s/plots/\n", j->dir);
    if (j->opt->report)
        printf(j->zh ? "报告：%s/report.html\n" : "report: %s/report.html\n", j->dir);
}

/* --verbose: wall time and throughput on stderr. */
static void print_timing(const ts_run_stats *rs)
{
    double ops = rs->wall_seconds > 0 ? (double)rs->orders / rs->wall_seconds : 0.0;
    fprintf(stderr, "timing: %.3f s wall, %u threads, %llu orders simulated, %.3g orders/s (%.3g per thread)\n",
            rs->wall_seconds, rs->threads, (unsigned long long)rs->orders, ops, ops / rs->threads);
}

/* ------------------------------------------------------- order export */

/* --export-orders FILE: replication 0 of the base, in the order export format. */
static int export_orders(const run_job *j, const char *path)
{
    size_t rows = 0;
    ts_error err = {0};
    if (ts_export_orders_write(j->study->variants[0].scenario, 0, path, &rows, &err) != TS_OK) {
        ts_cli_print_errors(&err);
        ts_error_clear(&err);
        return TS_EXIT_RUNTIME;
    }
    if (!j->opt->quiet)
        fprintf(stderr, j->zh ? "订单导出：%s（%zu 个订单，基准方案第 1 次重复）\n"
                              : "orders: %s (%zu orders, replication 1 of the base)\n",
                path, rows);
    return TS_EXIT_OK;
}

/* ---------------------------------------------------------------- run */

/*
** The steps in order; each runs only when those before it succeeded. Under
** MPI every rank loads and checks (the section that ts_dist_section_begin in
** run_main opened ends here: each problem is printed once), rank 0 alone
** prepares the folder and writes, every rank simulates its share.
*/
static int run_scenario(const run_args *a, const char *file)
{
    run_job j = {.opt = &a->sim, .zh = a->sim.lang == TS_CLI_ZH, .threads = ts_sim_args_threads(&a->sim)};
    bool root = ts_dist_rank() == 0;
    int rc = load_study(&j, file, &a->sweeps);
    if (rc == TS_EXIT_OK)
        rc = check_caps(&j);
    rc = ts_dist_section_end(rc);
    if (rc == TS_EXIT_OK)
        rc = ts_dist_bcast_int(root ? prepare_output(&j) : TS_EXIT_OK);
    if (rc == TS_EXIT_OK) {
        if (!j.opt->quiet && root)
            horizon_note(j.study);
        rc = simulate_and_write(&j);
    }
    if (rc == TS_EXIT_OK && root && a->export_orders) /* rank 0 writes */
        rc = export_orders(&j, a->export_orders);
    if (rc == TS_EXIT_OK && root) {
        rc = plots_and_report(&j);
        print_table(&j);
        if (j.opt->verbose)
            print_timing(&j.rs);
    }
    ts_summary_free(j.sum);
    ts_results_free(j.res);
    free(j.dir);
    ts_study_free(j.study);
    return rc;
}

static int run_main(const ts_command *self, int argc, char **argv)
{
    run_args a = {.sweeps = {0}};
    ts_sim_args_init(&a.sim);
    ts_arglist files;
    ts_dist_section_begin(); /* ended in run_scenario, or here on a usage error */
    int rc = ts_options_parse(self, argc, argv, &a, &files);
    if (rc != TS_OPTIONS_CONTINUE)
        return ts_dist_section_end(rc);
    rc = run_scenario(&a, files.items[0]);
    ts_options_release(self, &a, &files);
    return rc;
}

const ts_command ts_cmd_run = {
    .name = "run",
    .usage = "SCENARIO.json [options]",
    .summary = "simulate and write results (tiersim run --help)",
    .description =
        "Simulates every variant of the scenario, prints a summary table (per variant and\n"
        "evaluation day: the headline metric's mean with its 5-95% range, and the\n"
        "probability of each tier) and writes the result files.\n",
    .groups = RUN_GROUPS,
    .operands = {"scenario file", 1, 1},
    .epilog =
        "Result files (in DIR): summary.json (everything, machine-readable),\n"
        "evaluations.csv, tiers.csv, daily.csv, causes.csv, money.csv, timing.json;\n"
        "plots/ (PNG and SVG charts with their gnuplot scripts); report.html with --report.\n"
        "The same scenario and seed give byte-identical summary.json on any thread count.\n"
        "\n"
        "Examples:\n"
        "  tiersim run scenarios/default.json --lang zh          Chinese table and charts\n"
        "  tiersim run shop.json --sweep fulfilment.capacity_per_day=200,300,400\n"
        "  tiersim run shop.json --precision 0.001 --report      until +-0.1 point, with report.html\n"
        "  tiersim run shop.json --replications 1 --export-orders orders.csv\n"
        "                                                        a simulated order export\n",
    .main = run_main,
};
