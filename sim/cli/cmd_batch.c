/*
** cmd_batch.c — `tiersim batch SHOPS.csv --base SCENARIO.json`: one shop per
** row of SHOPS.csv, each the base scenario with the row's values set; every
** row is checked before anything runs; the shops then run one by one (each
** split across the ranks under MPI) into one set of batch results
** (docs/cli.md "`tiersim batch`").
*/
#include <errno.h>
#include <stdarg.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "batch.h"
#include "batch_output.h"
#include "caps.h"
#include "commands.h"
#include "csv_table.h"
#include "dist.h"
#include "files.h"
#include "load_limits.h"
#include "plot.h"
#include "present.h"
#include "runner.h"
#include "sha256.h"
#include "sim_args.h"
#include "study.h"
#include "summary.h"

/* Problems printed one by one; the rest are counted. */
#define MAX_SHOWN 1000

typedef struct {
    ts_sim_args sim;
    const char *base; /* --base SCENARIO.json */
} batch_args;

static const ts_option BATCH_OPTIONS[] = {
    {.name = "base", .type = TS_OPT_STRING, .arg = "SCENARIO.json", .what = "a scenario file",
     .offset = offsetof(batch_args, base),
     .help = "the scenario every shop starts from (required); its\n"
             "variants apply to every shop, each paired with the shop's base"},
    {0},
};

static const ts_option_group BATCH_GROUPS[] = {TS_SIM_GROUP(batch_args, sim), {BATCH_OPTIONS, 0}, {0}};

typedef struct {
    const batch_args *a;
    const char *shops_file;
    char *base_text, *shops_text;
    size_t base_len, shops_len;
    char base_sha[65], shops_sha[65];
    ts_csv csv;
    size_t name_col;
    unsigned threads;
    char *dir;
    size_t shown, problems, bad_rows;
    ts_study *first; /* the first shop's, kept while the batch borrows its rulebook */
} batch_job;

static volatile sig_atomic_t g_stop;

static void on_signal(int sig)
{
    (void)sig;
    g_stop = 1;
}

/* ------------------------------------------------------------ checking */

/* One problem of the batch (counted; printed while fewer than MAX_SHOWN were). */
static void problem(batch_job *j, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void problem(batch_job *j, const char *fmt, ...)
{
    j->problems++;
    if (j->shown >= MAX_SHOWN)
        return;
    j->shown++;
    va_list ap;
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

/* The header: a "name" column once, every other a distinct, non-empty path. */
static bool check_header(batch_job *j)
{
    const ts_csv_row *h = &j->csv.rows[0];
    size_t before = j->problems, names = 0;
    for (size_t c = 0; c < h->n_cells; c++) {
        const char *p = h->cells[c];
        if (strcmp(p, "name") == 0) {
            j->name_col = c;
            names++;
            continue;
        }
        if (*p == '\0')
            problem(j, "%s: row 1, column %zu: expected a path such as volume.daily_orders, found an empty header",
                    j->shops_file, c + 1);
        for (size_t d = 0; d < c; d++)
            if (strcmp(h->cells[d], p) == 0) {
                problem(j, "%s: row 1, column %zu: \"%s\" is already column %zu", j->shops_file, c + 1, p, d + 1);
                break;
            }
    }
    if (names != 1)
        problem(j, "%s: row 1: expected one column named \"name\" (the shop's name), found %zu", j->shops_file, names);
    if (j->csv.n_rows < 2)
        problem(j, "%s: expected at least one shop row after the header, found none", j->shops_file);
    return j->problems == before;
}

/* The column whose path a loader message (after "BASE: ") is about, or SIZE_MAX. */
static size_t column_of(const batch_job *j, const char *rest, size_t *skip)
{
    const ts_csv_row *h = &j->csv.rows[0];
    for (size_t c = 0; c < h->n_cells; c++) {
        if (c == j->name_col)
            continue;
        const char *p = h->cells[c];
        size_t n = strlen(p);
        if (strncmp(rest, p, n) == 0 && (rest[n] == ':' || rest[n] == '.' || rest[n] == '[')) {
            *skip = rest[n] == ':' ? n + 2 : 0;
            return c;
        }
        char *set = ts_xasprintf("set[\"%s\"]: ", p);
        bool hit = strncmp(rest, set, strlen(set)) == 0;
        *skip = strlen(set);
        free(set);
        if (hit)
            return c;
    }
    return SIZE_MAX;
}

/* The loader's messages about row r (0-based data row), with the row, the shop and the column. */
static void row_messages(batch_job *j, size_t r, const ts_error *err)
{
    const char *name = j->csv.rows[r + 1].cells[j->name_col];
    size_t flen = strlen(j->a->base);
    for (size_t m = 0; m < err->count; m++) {
        const char *msg = err->messages[m], *rest = msg;
        if (strncmp(msg, j->a->base, flen) == 0 && msg[flen] == ':' && msg[flen + 1] == ' ')
            rest = msg + flen + 2;
        size_t skip = 0, c = column_of(j, rest, &skip);
        if (c != SIZE_MAX)
            problem(j, "%s: row %zu (shop \"%s\"), column %zu \"%s\": %s", j->shops_file, r + 2, name, c + 1,
                    j->csv.rows[0].cells[c], rest + skip);
        else
            problem(j, "%s: row %zu (shop \"%s\"): %s", j->shops_file, r + 2, name, rest);
    }
}

/* Shop r's study (0-based data row), or NULL with its problems in err. */
static ts_study *shop_study(const batch_job *j, size_t r, ts_error *err)
{
    const ts_csv_row *h = &j->csv.rows[0], *row = &j->csv.rows[r + 1];
    ts_override *ov = ts_xcalloc(h->n_cells, sizeof *ov);
    size_t n = 0;
    for (size_t c = 0; c < h->n_cells; c++)
        if (c != j->name_col && row->cells[c][0] != '\0') /* an empty cell keeps the base's value */
            ov[n++] = (ts_override){.path = h->cells[c], .value = row->cells[c]};
    ts_study *st = ts_study_load_overrides(j->a->base, j->base_text, j->base_len, ov, n, "", NULL, 0, err);
    free(ov);
    if (st == NULL)
        return NULL;
    const char *name = row->cells[j->name_col];
    uint64_t seed = j->a->sim.seed >= 0 ? (uint64_t)j->a->sim.seed : st->variants[0].scenario->seed;
    ts_study_set_seed(st, ts_batch_shop_seed(seed, name));
    if (j->a->sim.replications > 0)
        ts_study_set_replications(st, j->a->sim.replications);
    return st;
}

/* The base's seed (or --seed): what each shop's seed is derived from. */
static uint64_t batch_seed(const batch_job *j, const ts_study *first_unseeded)
{
    return j->a->sim.seed >= 0 ? (uint64_t)j->a->sim.seed : first_unseeded->variants[0].scenario->seed;
}

/* Every row: cells, name, values, the scenario it makes, its cost; all problems printed. */
static void check_rows(batch_job *j)
{
    const ts_csv_row *h = &j->csv.rows[0];
    ts_study *first = NULL;
    for (size_t r = 0; r + 1 < j->csv.n_rows; r++) {
        const ts_csv_row *row = &j->csv.rows[r + 1];
        size_t before = j->problems;
        if (row->n_cells != h->n_cells) {
            problem(j, "%s: row %zu: expected %zu cells (as the header has), found %zu", j->shops_file, r + 2,
                    h->n_cells, row->n_cells);
            j->bad_rows++;
            continue;
        }
        const char *name = row->cells[j->name_col];
        if (*name == '\0')
            problem(j, "%s: row %zu, column %zu \"name\": expected the shop's name, found an empty cell",
                    j->shops_file, r + 2, j->name_col + 1);
        for (size_t q = 0; q < r && *name; q++)
            if (j->csv.rows[q + 1].n_cells == h->n_cells && strcmp(j->csv.rows[q + 1].cells[j->name_col], name) == 0) {
                problem(j, "%s: row %zu, column %zu \"name\": shop \"%s\" is already row %zu", j->shops_file, r + 2,
                        j->name_col + 1, name, q + 2);
                break;
            }
        ts_error err = {0};
        ts_study *st = shop_study(j, r, &err);
        row_messages(j, r, &err);
        ts_error_clear(&err);
        if (st != NULL) {
            char *why = first ? ts_batch_mismatch(first, st) : NULL;
            if (why)
                problem(j, "%s: row %zu (shop \"%s\"): %s", j->shops_file, r + 2, name, why);
            free(why);
            if (ts_caps_check(st, j->threads, &err) != TS_OK)
                for (size_t m = 0; m < err.count; m++)
                    problem(j, "%s: row %zu (shop \"%s\"): %s", j->shops_file, r + 2, name, err.messages[m]);
            ts_error_clear(&err);
        }
        if (first == NULL && st != NULL && j->problems == before)
            first = st;
        else
            ts_study_free(st);
        if (j->problems > before)
            j->bad_rows++;
    }
    ts_study_free(first);
}

/* Read both files and check everything; an exit code. */
static int load_batch(batch_job *j)
{
    ts_error err = {0};
    /* run options batch has no use for are refused, not silently ignored */
    if (j->a->sim.precision > 0.0) {
        fprintf(stderr, "tiersim batch: --precision is not taken by batch: every shop runs the same replications\n"
                        "(--replications N, or the base's), so that the shops per tier add up replication by\n"
                        "replication; give --replications instead\n");
        return TS_EXIT_USAGE;
    }
    if (j->a->sim.report) {
        fprintf(stderr, "tiersim batch: --report is not taken by batch: its results are shops.csv,\n"
                        "tier_counts.csv, summary.json and the charts in DIR/plots/ (docs/plots.md)\n");
        return TS_EXIT_USAGE;
    }
    if (j->a->base == NULL) {
        fprintf(stderr, "tiersim batch: --base SCENARIO.json is required: the scenario every shop starts from\n"
                        "Try 'tiersim batch --help'.\n");
        return TS_EXIT_USAGE;
    }
    j->base_text = ts_file_read(j->a->base, TS_MAX_FILE_BYTES, "scenario and rulebook files", &j->base_len, &err);
    j->shops_text = ts_file_read(j->shops_file, TS_CSV_MAX_BYTES, "CSV tables", &j->shops_len, &err);
    if (j->base_text == NULL || j->shops_text == NULL) {
        ts_cli_print_errors(&err);
        ts_error_clear(&err);
        return TS_EXIT_USAGE;
    }
    ts_sha256_hex(j->base_text, j->base_len, j->base_sha);
    ts_sha256_hex(j->shops_text, j->shops_len, j->shops_sha);
    /* the base alone first: its own problems once, not once per row */
    ts_study *base = ts_study_load_buffer(j->a->base, j->base_text, j->base_len, NULL, 0, &err);
    if (base == NULL) {
        ts_cli_print_errors(&err);
        ts_error_clear(&err);
        return TS_EXIT_USAGE;
    }
    ts_study_free(base);
    if (ts_csv_parse(j->shops_file, j->shops_text, j->shops_len, &j->csv, &err) != TS_OK) {
        ts_cli_print_errors(&err);
        ts_error_clear(&err);
        return TS_EXIT_USAGE;
    }
    if (check_header(j))
        check_rows(j);
    if (j->problems > j->shown)
        fprintf(stderr, "%s: ... and %zu more problems\n", j->shops_file, j->problems - j->shown);
    if (j->problems > 0) {
        fprintf(stderr, "%s: %zu of %zu shop rows have problems; nothing was run.\n", j->shops_file, j->bad_rows,
                j->csv.n_rows ? j->csv.n_rows - 1 : 0);
        return TS_EXIT_USAGE;
    }
    return TS_EXIT_OK;
}

/* ------------------------------------------------------------ output */

/* DIR (default results/<shops file name>/), made, refusing to overwrite without --force. */
static int prepare_output(batch_job *j)
{
    if (j->a->sim.output) {
        j->dir = ts_xstrdup(j->a->sim.output);
    } else {
        const char *b = strrchr(j->shops_file, '/');
        b = b ? b + 1 : j->shops_file;
        size_t n = strlen(b);
        if (n > 4 && strcmp(b + n - 4, ".csv") == 0)
            n -= 4;
        j->dir = ts_xasprintf("results/%.*s", (int)n, b);
    }
    static const char *const files[] = {"summary.json", "shops.csv", "tier_counts.csv"};
    return ts_cli_output_dir(j->dir, files, sizeof files / sizeof *files, j->a->sim.force);
}

/* The table: per variant on the last evaluation day, the shops expected in each tier (5-95% range). */
static void print_table(const batch_job *j, const ts_batch *b)
{
    bool zh = j->a->sim.lang == TS_CLI_ZH;
    printf(zh ? "tiersim %s — 批量：%zu 家店铺 · %zu 次重复 · 规则 %s\n"
              : "tiersim %s — batch: %zu shops · %zu replications · rules %s\n",
           TS_VERSION, b->n_shops, b->reps, b->rules ? b->rules->name : "");
    for (size_t v = 0; v < b->n_variants; v++)
        for (size_t e = b->n_eval ? b->n_eval - 1 : 0; e < b->n_eval; e++) {
            printf(zh ? "\n%s · %s：各等级店铺数（均值 [5%%–95%%]）\n" : "\n%s · %s: shops per tier (mean [5%%-95%%])\n",
                   b->variants[v], b->dates[e]);
            for (size_t k = 0; k < b->n_tiers + 2; k++) {
                ts_stat s = ts_batch_tier_count(b, v, e, k);
                if (k >= b->n_tiers && !(s.mean > 0))
                    continue;
                const char *label = k < b->n_tiers ? ts_present_tier(&b->rules->tiers[k], zh)
                                                   : ts_present_word(k == b->n_tiers ? TS_W_NOT_ASSESSED : TS_W_UNCLASSIFIED, zh);
                printf("  %-14s %8.1f  [%g–%g]\n", label, s.mean, s.p5, s.p95);
            }
            if (v == 0)
                continue;
            size_t down = 0, up = 0;
            for (size_t i = 0; i < b->n_shops; i++) {
                const ts_batch_eval *be = &b->shops[i].evals[v * b->n_eval + e];
                down += be->best_diff.high < 0;
                up += be->best_diff.low > 0;
            }
            printf(zh ? "  与基准相比：%zu 家店铺获得最佳等级的概率明显下降，%zu 家明显上升（配对 95%% 区间）\n"
                      : "  against the base: P(best tier) clearly lower for %zu shop(s), higher for %zu (paired 95%% interval)\n",
                   down, up);
        }
    printf(zh ? "\n每个评估日的结果：%s/shops.csv、tier_counts.csv\n" : "\nevery evaluation day: %s/shops.csv, tier_counts.csv\n", j->dir);
    if (!j->a->sim.no_plots)
        printf(zh ? "图表：%s/plots/\n" : "plots: %s/plots/\n", j->dir);
}

/* ------------------------------------------------------------ running */

/* Run every shop in row order into one batch; TS_EINTR when stopped. Rank 0 keeps the batch. */
static ts_status run_shops(batch_job *j, ts_batch **out)
{
    *out = NULL;
    ts_batch *b = NULL;
    size_t n = j->csv.n_rows - 1;
    bool bar = !j->a->sim.quiet && isatty(STDERR_FILENO) && ts_dist_rank() == 0;
    for (size_t r = 0; r < n; r++) {
        ts_error err = {0};
        ts_study *st = shop_study(j, r, &err);
        ts_error_clear(&err);
        if (st == NULL) { /* checked before: cannot happen */
            ts_batch_free(b);
            return TS_EINVAL;
        }
        ts_run_options ro = {.threads = j->threads, .stop = &g_stop};
        ts_results *res = NULL;
        ts_status s = ts_run(st, &ro, &res, NULL);
        if (s != TS_OK) {
            ts_study_free(st);
            ts_batch_free(b);
            return s;
        }
        if (ts_dist_rank() == 0) {
            ts_summary *sum = ts_summary_build(res);
            if (b == NULL)
                b = ts_batch_new(st, res->n_reps);
            ts_batch_add(b, j->csv.rows[r + 1].cells[j->name_col], st->variants[0].scenario->seed, sum, res);
            ts_summary_free(sum);
        }
        ts_results_free(res);
        if (j->first == NULL)
            j->first = st;
        else
            ts_study_free(st);
        if (bar)
            fprintf(stderr, "\rshop %zu/%zu", r + 1, n);
    }
    if (bar)
        fputc('\n', stderr);
    *out = b;
    return TS_OK;
}

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* The two batch charts (unless --no-plots) and their warnings; exit 1 when they fail. */
static int plots(const batch_job *j, const ts_batch *b)
{
    if (j->a->sim.no_plots)
        return TS_EXIT_OK;
    ts_plot_options po;
    ts_plot_options_init(&po);
    po.lang = j->a->sim.lang == TS_CLI_ZH ? TS_PLOT_ZH : TS_PLOT_EN;
    const char *who = strrchr(j->shops_file, '/');
    who = who ? who + 1 : j->shops_file;
    ts_plot_outcome outcome;
    ts_error err = {0};
    int rc = TS_EXIT_OK;
    if (ts_plot_render_batch(b, who, j->dir, &po, &outcome, &err) != TS_OK) {
        ts_cli_print_errors(&err);
        rc = TS_EXIT_RUNTIME;
    } else if (!j->a->sim.quiet) {
        for (size_t w = 0; w < outcome.n_warnings; w++)
            fprintf(stderr, "warning: %s\n", outcome.warnings[w]);
        if (outcome.gnuplot_missing)
            fprintf(stderr, "plots: gnuplot is not installed; scripts and data are in %s; render them later with:\n  %s\n",
                    outcome.plots_dir, outcome.hint);
    }
    ts_error_clear(&err);
    ts_plot_outcome_release(&outcome);
    return rc;
}

static int batch_run(batch_job *j)
{
    struct sigaction sa, old_int, old_term;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    g_stop = 0;
    sigaction(SIGINT, &sa, &old_int);
    sigaction(SIGTERM, &sa, &old_term);
    ts_batch *b = NULL;
    double t0 = now_seconds();
    ts_status st = run_shops(j, &b);
    bool stopped = ts_dist_any(st != TS_OK || g_stop);
    int rc = TS_EXIT_OK;
    if (stopped) {
        if (ts_dist_rank() == 0)
            fprintf(stderr, "tiersim: interrupted; no results written (files already in '%s' are untouched).\n", j->dir);
        rc = TS_EXIT_INTERRUPTED;
    } else if (ts_dist_rank() == 0) {
        ts_error err = {0};
        ts_study *first = ts_study_load_buffer(j->a->base, j->base_text, j->base_len, NULL, 0, &err);
        ts_batch_source src = {.shops_file = j->shops_file, .shops_sha256 = j->shops_sha,
                               .base_file = j->a->base, .base_sha256 = j->base_sha,
                               .seed = first ? batch_seed(j, first) : 0};
        ts_study_free(first);
        if (ts_batch_output_write(b, &src, j->dir, &err) != TS_OK) {
            ts_cli_print_errors(&err);
            rc = TS_EXIT_RUNTIME;
        } else {
            rc = plots(j, b);
            if (!j->a->sim.quiet)
                print_table(j, b);
            if (j->a->sim.verbose)
                fprintf(stderr, "timing: %.3f s wall, %zu shops, %u threads x %u processes\n",
                        now_seconds() - t0, b->n_shops, j->threads, ts_dist_size());
        }
        ts_error_clear(&err);
    }
    sigaction(SIGINT, &old_int, NULL);
    sigaction(SIGTERM, &old_term, NULL);
    ts_batch_free(b);
    return rc;
}

static int batch_main(const ts_command *self, int argc, char **argv)
{
    batch_args a = {0};
    ts_sim_args_init(&a.sim);
    ts_arglist files;
    ts_dist_section_begin(); /* every rank checks; each problem printed once */
    int rc = ts_options_parse(self, argc, argv, &a, &files);
    if (rc != TS_OPTIONS_CONTINUE)
        return ts_dist_section_end(rc);
    batch_job j = {.a = &a, .shops_file = files.items[0], .threads = ts_sim_args_threads(&a.sim)};
    rc = ts_dist_section_end(load_batch(&j));
    if (rc == TS_EXIT_OK)
        rc = ts_dist_bcast_int(ts_dist_rank() == 0 ? prepare_output(&j) : TS_EXIT_OK);
    if (rc == TS_EXIT_OK)
        rc = batch_run(&j);
    ts_csv_release(&j.csv);
    ts_study_free(j.first);
    free(j.base_text);
    free(j.shops_text);
    free(j.dir);
    ts_options_release(self, &a, &files);
    return rc;
}

const ts_command ts_cmd_batch = {
    .name = "batch",
    .usage = "SHOPS.csv --base SCENARIO.json [options]",
    .synopsis = "SHOPS.csv --base FILE",
    .summary = "simulate one shop per row (tiersim batch --help)",
    .description =
        "Simulates one shop per row of SHOPS.csv: the base scenario with the row's values set.\n"
        "SHOPS.csv has a header row: a column \"name\" (the shop's name, unique) and one column\n"
        "per scenario path, as a variant's \"set\" names them (volume.daily_orders,\n"
        "product.quality_defect_prob, rules.params.X, ...). A cell is read as JSON when it\n"
        "parses as JSON, else as text; an empty cell keeps the base's value. Every row is\n"
        "checked before anything runs, and every problem is reported with its row and column.\n"
        "The base's variants (a rule change, a new carrier) apply to every shop, each\n"
        "paired with that shop's base on common random numbers.\n",
    .groups = BATCH_GROUPS,
    .operands = {"shops file", 1, 1},
    .epilog =
        "Result files (in DIR, default results/<SHOPS name>/): shops.csv (per shop, variant and\n"
        "evaluation day: the headline metric's mean and 5-95% range, each tier's probability,\n"
        "the paired change of P(best tier) and of the metric, the three main causes),\n"
        "tier_counts.csv (shops per tier over the replications), summary.json (everything);\n"
        "plots/shops (shops ranked by P(best tier)) and plots/tier_counts (shops per tier),\n"
        "PNG and SVG, unless --no-plots. --precision and --report are not taken by batch.\n"
        "Each shop's seed is the batch's seed plus a hash of its name, so rows may be reordered.\n"
        "\n"
        "Examples:\n"
        "  tiersim batch scenarios/examples/shops.csv --base scenarios/examples/shops-base.json\n"
        "  mpirun -np 8 tiersim batch shops.csv --base base.json --threads 4 -o results/agency\n",
    .main = batch_main,
};
