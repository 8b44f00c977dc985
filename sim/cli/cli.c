/*
** cli.c — the tiersim command line (CLI.md): run, validate, rules, init.
** The only place that prints errors and decides exit codes.
*/
#include "cli.h"

#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bench.h"
#include "commands.h"
#include "files.h"
#include "caps.h"
#include "output.h"
#include "plot.h"
#include "report.h"
#include "runner.h"
#include "study.h"
#include "summary.h"
#include "table.h"

enum { EXIT_OK = 0, EXIT_RUNTIME = 1, EXIT_USAGE = 2, EXIT_INTERRUPTED = 130 };

static const char *const RESULT_FILES[] = {
    "summary.json", "evaluations.csv", "tiers.csv", "daily.csv", "causes.csv", "money.csv",
};

/* ---------------------------------------------------------------- help */

static const char MAIN_HELP[] =
    "tiersim " TS_VERSION " — Monte Carlo what-if simulator for marketplace seller service tiers\n"
    "\n"
    "tiersim reads a JSON scenario (order volume and peaks, order values and gift tiers,\n"
    "fulfilment capacity and carriers, defect and dispute probabilities, feedback timing\n"
    "and revision outreach), simulates it thousands of times, and tells you the\n"
    "bad-experience order rate and the probability of each service tier on every\n"
    "evaluation day.\n"
    "\n"
    "Usage:\n"
    "  tiersim run SCENARIO.json [options]   simulate and write results (tiersim run --help)\n"
    "  tiersim validate SCENARIO.json...     check files; print every problem with its JSON path\n"
    "  tiersim rules [NAME] [--lang zh]      list the rulebooks, or show one as a table\n"
    "  tiersim init [TEMPLATE] [-o FILE]     write a starting scenario (tiersim init --help)\n"
    "  tiersim bench [SCENARIO.json]         measure the engine's speed (tiersim bench --help)\n"
    "  tiersim --help | --version\n"
    "\n"
    "Start here:\n"
    "  tiersim init peak -o my-shop.json     a seller through an 11.11 peak\n"
    "  tiersim validate my-shop.json\n"
    "  tiersim run my-shop.json              table on screen, files in results/<name>/\n"
    "\n"
    "Exit codes: 0 ok, 1 runtime or I/O failure, 2 usage or scenario error, 130 interrupted.\n";

static const char RUN_HELP[] =
    "Usage: tiersim run SCENARIO.json [options]\n"
    "\n"
    "Simulates every variant of the scenario, prints a summary table (per variant and\n"
    "evaluation day: the headline metric's mean with its 5-95% range, and the\n"
    "probability of each tier) and writes the result files.\n"
    "\n"
    "Options:\n"
    "  -o, --output DIR       where to write results (default results/<scenario name>/)\n"
    "  --replications N       override the scenario's replications (1..10000000)\n"
    "  --seed S               override the scenario's seed (0..2^53-1)\n"
    "  --threads N            worker threads (default: online processors); results do\n"
    "                         not depend on it\n"
    "  --precision X          run batches of 100 replications until the 95% half-width\n"
    "                         (1.96 sd/sqrt(n)) of the headline metric's mean is below X\n"
    "                         on every evaluation day of every variant; --replications\n"
    "                         is then the cap (default 100000, or what fits in memory)\n"
    "  --sweep PATH=V1,V2,... add one variant per value, named PATH=V, e.g.\n"
    "                         --sweep fulfilment.capacity_per_day=300,400,500\n"
    "                         (may be repeated)\n"
    "  --lang en|zh           table labels in English (default) or Chinese\n"
    "  --no-plots             do not render plots\n"
    "  --report               also write DIR/report.html: one self-contained page\n"
    "                         (settings, tables, charts, scenario) to open offline or print\n"
    "  --quiet                print nothing but errors\n"
    "  --verbose              timings and throughput on stderr\n"
    "  --force                overwrite results already in DIR\n"
    "\n"
    "Result files (in DIR): summary.json (everything, machine-readable),\n"
    "evaluations.csv, tiers.csv, daily.csv, causes.csv, money.csv, timing.json;\n"
    "plots/ (PNG and SVG charts with their gnuplot scripts); report.html with --report.\n"
    "The same scenario and seed give byte-identical summary.json on any thread count.\n"
    "\n"
    "Examples:\n"
    "  tiersim run scenarios/default.json --lang zh          Chinese table and charts\n"
    "  tiersim run shop.json --sweep fulfilment.capacity_per_day=200,300,400\n"
    "  tiersim run shop.json --precision 0.001 --report      until +-0.1 point, with report.html\n";

/* ------------------------------------------------------------ helpers */

const char *const ts_cli_langs[] = {"en", "zh", NULL};

void ts_cli_print_errors(const ts_error *err)
{
    for (size_t i = 0; i < err->count; i++)
        fprintf(stderr, "%s\n", err->messages[i]);
}

static int usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Print "tiersim: MESSAGE" and where to find help; returns the usage exit code. */
static int usage_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("tiersim: ", stderr);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\nTry 'tiersim %s--help'.\n", cmd);
    return EXIT_USAGE;
}

static bool is_help(const char *a)
{
    return strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0;
}

/* Parse a whole decimal integer in [lo, hi]. */
static bool parse_int(const char *s, long long lo, long long hi, long long *out)
{
    if (s == NULL || *s == '\0')
        return false;
    errno = 0;
    char *end;
    long long v = strtoll(s, &end, 10);
    if (errno != 0 || *end != '\0' || v < lo || v > hi)
        return false;
    *out = v;
    return true;
}

/* The value of an option given as "--opt VALUE" or "--opt=VALUE". */
static const char *option_value(int argc, char **argv, int *i, const char *name)
{
    size_t n = strlen(name);
    if (strncmp(argv[*i], name, n) == 0 && argv[*i][n] == '=')
        return argv[*i] + n + 1;
    if (strcmp(argv[*i], name) == 0 && *i + 1 < argc)
        return argv[++*i];
    return NULL;
}

static bool option_is(const char *arg, const char *name)
{
    size_t n = strlen(name);
    return strncmp(arg, name, n) == 0 && (arg[n] == '\0' || arg[n] == '=');
}

/* A scenario name made safe as one path component. */
static char *safe_component(const char *name)
{
    char *s = ts_xstrdup(name && *name ? name : "scenario");
    for (char *p = s; *p; p++) {
        unsigned char c = (unsigned char)*p;
        if (c < 0x80 && !((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                          (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-'))
            *p = '-';
    }
    if (s[0] == '.')
        s[0] = '_';
    return s;
}

/* ---------------------------------------------------------------- run */

static volatile sig_atomic_t g_stop; /* set by SIGINT/SIGTERM; the one global a handler needs */

static void on_signal(int sig)
{
    (void)sig;
    g_stop = 1;
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

/* timing.json: not part of the reproducible results; a failure to write it is not an error. */
static void write_timing(const char *dir, const ts_run_stats *rs, size_t reps, size_t variants)
{
    ts_buf b = {0};
    double ops = rs->wall_seconds > 0 ? (double)rs->orders / rs->wall_seconds : 0.0;
    ts_buf_printf(&b,
                  "{\n  \"wall_seconds\": %.3f,\n  \"threads\": %u,\n  \"replications\": %zu,\n"
                  "  \"variants\": %zu,\n  \"orders_simulated\": %llu,\n  \"orders_per_second\": %.0f,\n"
                  "  \"orders_per_second_per_thread\": %.0f",
                  rs->wall_seconds, rs->threads, reps, variants, (unsigned long long)rs->orders, ops,
                  ops / (rs->threads ? rs->threads : 1));
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
** --report: DIR/report.html after the plots. outcome NULL under --no-plots
** (the report says plots were not made); else its charts are inlined, in the
** driver's order. Prints errors; false on failure.
*/
static bool write_report(const ts_summary *sum, const ts_study *study, const char *dir, bool zh,
                         const ts_plot_outcome *outcome)
{
    ts_report_options ro;
    ts_report_options_init(&ro);
    ro.chinese = zh;
    if (outcome != NULL) {
        ro.plots_dir = outcome->plots_dir;
        ro.charts = (const char *const *)outcome->charts;
        ro.n_charts = outcome->n_charts;
        if (outcome->gnuplot_missing)
            ro.plots_note = zh ? "未安装 gnuplot：图表未渲染。" : "gnuplot is not installed: the charts were not rendered.";
    }
    ro.scenario_text = study->text;
    ro.scenario_len = study->text_len;
    ts_error err = {0};
    bool ok = ts_report_html_write(sum, dir, &ro, &err) == TS_OK;
    if (!ok)
        ts_cli_print_errors(&err);
    ts_error_clear(&err);
    return ok;
}

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

static int cmd_run(int argc, char **argv)
{
    const char *file = NULL, *outdir = NULL;
    long long reps = -1, seed = -1, threads = 0;
    double precision = 0.0; /* --precision X: stop when the 95% half-width < X */
    bool zh = false, quiet = false, force = false, verbose = false, no_plots = false;
    bool report = false; /* --report: DIR/report.html */
    ts_sweep *sweeps = ts_xcalloc((size_t)argc, sizeof *sweeps);
    size_t n_sweeps = 0;
    int rc = EXIT_USAGE;
    const char *v;

    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (is_help(a)) {
            fputs(RUN_HELP, stdout);
            free(sweeps);
            return EXIT_OK;
        } else if (option_is(a, "-o") || option_is(a, "--output")) {
            if (!(v = option_value(argc, argv, &i, option_is(a, "-o") ? "-o" : "--output"))) {
                rc = usage_error("run ", "%s needs a directory", a);
                goto done;
            }
            outdir = v;
        } else if (option_is(a, "--replications")) {
            v = option_value(argc, argv, &i, "--replications");
            if (!v || !parse_int(v, 1, 10000000, &reps)) {
                rc = usage_error("run ", "--replications: expected a whole number 1..10000000, found '%s'", v ? v : "");
                goto done;
            }
        } else if (option_is(a, "--seed")) {
            v = option_value(argc, argv, &i, "--seed");
            if (!v || !parse_int(v, 0, 9007199254740991LL, &seed)) {
                rc = usage_error("run ", "--seed: expected a whole number 0..9007199254740991, found '%s'", v ? v : "");
                goto done;
            }
        } else if (option_is(a, "--threads")) {
            v = option_value(argc, argv, &i, "--threads");
            if (!v || !parse_int(v, 1, 1024, &threads)) {
                rc = usage_error("run ", "--threads: expected a whole number 1..1024, found '%s'", v ? v : "");
                goto done;
            }
        } else if (option_is(a, "--precision")) {
            v = option_value(argc, argv, &i, "--precision");
            char *pend = NULL;
            precision = v ? strtod(v, &pend) : 0.0;
            if (!v || pend == v || *pend != '\0' || !(precision > 0.0) || !isfinite(precision)) {
                rc = usage_error("run ", "--precision: expected a number > 0, found '%s'", v ? v : "");
                goto done;
            }
        } else if (option_is(a, "--sweep")) {
            v = option_value(argc, argv, &i, "--sweep");
            if (!v || !strchr(v, '=')) {
                rc = usage_error("run ", "--sweep: expected PATH=V1,V2,..., found '%s'", v ? v : "");
                goto done;
            }
            sweeps[n_sweeps++].spec = v;
        } else if (option_is(a, "--lang")) {
            v = option_value(argc, argv, &i, "--lang");
            if (!v || (strcmp(v, "en") != 0 && strcmp(v, "zh") != 0)) {
                rc = usage_error("run ", "--lang: expected en or zh, found '%s'", v ? v : "");
                goto done;
            }
            zh = strcmp(v, "zh") == 0;
        } else if (strcmp(a, "--no-plots") == 0) {
            no_plots = true;
        } else if (strcmp(a, "--report") == 0) {
            report = true;
        } else if (strcmp(a, "--quiet") == 0 || strcmp(a, "-q") == 0) {
            quiet = true;
        } else if (strcmp(a, "--verbose") == 0 || strcmp(a, "-v") == 0) {
            verbose = true;
        } else if (strcmp(a, "--force") == 0 || strcmp(a, "-f") == 0) {
            force = true;
        } else if (a[0] == '-' && a[1] != '\0') {
            rc = usage_error("run ", "unknown option '%s'", a);
            goto done;
        } else if (file == NULL) {
            file = a;
        } else {
            rc = usage_error("run ", "one scenario file at a time; extra argument '%s'", a);
            goto done;
        }
    }
    if (file == NULL) {
        rc = usage_error("run ", "%s", "run needs a scenario file");
        goto done;
    }

    ts_error err = {0};
    ts_study *study = ts_study_load(file, sweeps, n_sweeps, &err);
    if (study == NULL) {
        ts_cli_print_errors(&err);
        ts_error_clear(&err);
        rc = EXIT_USAGE;
        goto done;
    }
    if (seed >= 0)
        ts_study_set_seed(study, (uint64_t)seed);
    if (reps > 0)
        ts_study_set_replications(study, reps);
    else if (precision > 0.0) /* --precision: --replications is the cap, default TS_RUN_PRECISION_CAP */
        ts_study_set_replications(study, precision_cap(study, threads > 0 ? (unsigned)threads
                                                                           : ts_run_default_threads()));

    /* refuse what would not fit in memory or never finish, before any work (docs/robustness.md) */
    if (ts_caps_check(study, threads > 0 ? (unsigned)threads : ts_run_default_threads(), &err) != TS_OK) {
        ts_cli_print_errors(&err);
        ts_error_clear(&err);
        ts_study_free(study);
        rc = EXIT_USAGE;
        goto done;
    }

    /* the output folder: refuse to overwrite results, before any work */
    char *dir;
    if (outdir) {
        dir = ts_xstrdup(outdir);
    } else {
        char *comp = safe_component(study->variants[0].scenario->name);
        dir = ts_xasprintf("results/%s", comp);
        free(comp);
    }
    ts_error derr = {0};
    if (ts_file_mkdirs(dir, &derr) != TS_OK) {
        fprintf(stderr, "tiersim: cannot use '%s' as the output folder: %s\n", dir, derr.messages[0]);
        ts_error_clear(&derr);
        rc = EXIT_RUNTIME;
        goto free_study;
    }
    if (!force) {
        for (size_t i = 0; i < sizeof RESULT_FILES / sizeof *RESULT_FILES; i++) {
            char *p = ts_xasprintf("%s/%s", dir, RESULT_FILES[i]);
            bool exists = ts_file_exists(p);
            free(p);
            if (exists) {
                fprintf(stderr,
                        "tiersim: '%s' already holds results; nothing was changed.\n"
                        "Use --force to overwrite them, or -o DIR to write elsewhere.\n",
                        dir);
                rc = EXIT_USAGE;
                goto free_study;
            }
        }
    }
    if (access(dir, W_OK) != 0) {
        fprintf(stderr, "tiersim: cannot write to '%s': %s\n", dir, strerror(errno));
        rc = EXIT_RUNTIME;
        goto free_study;
    }

    if (!quiet)
        horizon_note(study);

    struct sigaction sa, old_int, old_term;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, &old_int);
    sigaction(SIGTERM, &sa, &old_term);
    g_stop = 0;

    ts_run_options opt = {
        .threads = threads > 0 ? (unsigned)threads : ts_run_default_threads(),
        .progress = !quiet && isatty(STDERR_FILENO),
        .stop = &g_stop,
        .precision = precision,
    };
    ts_results *res = NULL;
    ts_run_stats rs = {0};
    ts_status st = ts_run(study, &opt, &res, &rs);
    if (st == TS_OK && precision > 0.0 && !quiet)
        fprintf(stderr, "precision: %zu replications; largest 95%% half-width of the headline metric %.3g %s %g%s\n",
                res->n_reps, rs.half_width, rs.precision_met ? "<" : ">=", precision,
                rs.precision_met ? "" : " (stopped at the --replications cap)");
    /* the handler stays until the result files are written: a signal during the
       summary stops before any file is touched, one during the writing waits for it */
    ts_summary *sum = st == TS_OK ? ts_summary_build(res) : NULL;
    if (st == TS_OK && g_stop) {
        ts_summary_free(sum);
        ts_results_free(res);
        st = TS_EINTR;
    }
    if (st == TS_EINTR) {
        sigaction(SIGINT, &old_int, NULL);
        sigaction(SIGTERM, &old_term, NULL);
        fprintf(stderr, "tiersim: interrupted; no results written (files already in '%s' are untouched).\n", dir);
        rc = EXIT_INTERRUPTED;
        goto free_study;
    }

    ts_status wst = ts_output_write(sum, dir, &err);
    sigaction(SIGINT, &old_int, NULL);
    sigaction(SIGTERM, &old_term, NULL);
    if (wst != TS_OK) {
        ts_cli_print_errors(&err);
        ts_error_clear(&err);
        rc = EXIT_RUNTIME;
    } else if (g_stop) {
        write_timing(dir, &rs, res->n_reps, study->n_variants);
        fprintf(stderr, "tiersim: interrupted while the result files were written; they are complete "
                "in '%s' (no plots, no table).\n", dir);
        rc = EXIT_INTERRUPTED;
    } else {
        write_timing(dir, &rs, res->n_reps, study->n_variants);
        rc = EXIT_OK;
        if (!no_plots) {
            ts_plot_options po;
            ts_plot_options_init(&po);
            po.lang = zh ? TS_PLOT_ZH : TS_PLOT_EN;
            ts_plot_outcome outcome;
            if (ts_plot_render(sum, res, dir, &po, &outcome, &err) != TS_OK) {
                ts_cli_print_errors(&err);
                ts_error_clear(&err);
                rc = EXIT_RUNTIME;
            } else if (!quiet) {
                for (size_t w = 0; w < outcome.n_warnings; w++)
                    fprintf(stderr, "warning: %s\n", outcome.warnings[w]);
                if (outcome.gnuplot_missing)
                    fprintf(stderr, "plots: gnuplot is not installed; scripts and data are in %s; render them later with:\n  %s\n",
                            outcome.plots_dir, outcome.hint);
            }
            if (report && !write_report(sum, study, dir, zh, &outcome))
                rc = EXIT_RUNTIME;
            ts_plot_outcome_release(&outcome);
        } else if (report && !write_report(sum, study, dir, zh, NULL)) {
            rc = EXIT_RUNTIME;
        }
        if (!quiet) {
            const ts_scenario *sc = study->variants[0].scenario;
            printf("%s — %s%s%s\n", "tiersim " TS_VERSION, sc->name,
                   *sc->description ? ": " : "", sc->description);
            printf(zh ? "规则 %s · %zu 次重复 · 种子 %llu · %zu 个方案\n"
                      : "rules %s · %zu replications · seed %llu · %zu variant%s\n",
                   sc->rules_name, res->n_reps, (unsigned long long)sc->seed, study->n_variants,
                   zh ? "" : (study->n_variants == 1 ? "" : "s"));
            ts_table_print(stdout, sum, zh);
            printf(zh ? "\n结果文件：%s/\n" : "\nresults: %s/\n", dir);
        }
        if (!quiet && !no_plots)
            printf(zh ? "图表：%s/plots/\n" : "plots: %s/plots/\n", dir);
        if (!quiet && report)
            printf(zh ? "报告：%s/report.html\n" : "report: %s/report.html\n", dir);
        if (verbose) {
            double ops = rs.wall_seconds > 0 ? (double)rs.orders / rs.wall_seconds : 0.0;
            fprintf(stderr, "timing: %.3f s wall, %u threads, %llu orders simulated, %.3g orders/s (%.3g per thread)\n",
                    rs.wall_seconds, rs.threads, (unsigned long long)rs.orders, ops, ops / rs.threads);
        }
    }
    ts_summary_free(sum);
    ts_results_free(res);
free_study:
    free(dir);
    ts_study_free(study);
done:
    free(sweeps);
    return rc;
}

/* --------------------------------------------------------------- main */

int ts_cli_main(int argc, char **argv)
{
    if (argc < 2) {
        fputs(MAIN_HELP, stderr);
        return EXIT_USAGE;
    }
    const char *cmd = argv[1];
    if (is_help(cmd) || strcmp(cmd, "help") == 0) {
        fputs(MAIN_HELP, stdout);
        return EXIT_OK;
    }
    if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "version") == 0) {
        printf("tiersim %s\n", TS_VERSION);
        return EXIT_OK;
    }
    if (strcmp(cmd, "run") == 0)
        return cmd_run(argc - 2, argv + 2);
    const ts_command *const moved[] = {&ts_cmd_validate, &ts_cmd_rules, &ts_cmd_init};
    for (size_t i = 0; i < sizeof moved / sizeof *moved; i++)
        if (strcmp(cmd, moved[i]->name) == 0)
            return moved[i]->main(moved[i], argc - 2, argv + 2);
    if (strcmp(cmd, "bench") == 0)
        return ts_bench_main(argc - 2, argv + 2);
    fprintf(stderr, "tiersim: unknown command '%s'\nTry 'tiersim --help'.\n", cmd);
    return EXIT_USAGE;
}
