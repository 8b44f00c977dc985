/*
** cmd_bench.c — `tiersim bench`: runs a scenario on 1 and N threads without
** writing results, and reports orders per second, nanoseconds per order,
** peak memory, the generator's raw throughput and draws per order.
*/
#include <gsl/gsl_rng.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "commands.h"
#include "rulebook_load.h"
#include "evaluate.h"
#include "orders.h"
#include "rng.h"
#include "runner.h"
#include "sim_args.h"
#include "study.h"
#include "world.h"

typedef struct {
    long long replications; /* 0: the scenario's */
    long long threads;      /* 0: the online processors */
    double orders_per_day;  /* < 0: the scenario's */
    bool scaling;
    const char *read_orders; /* --read-orders FILE */
} bench_args;

static const ts_option BENCH_OPTIONS[] = {
    {.name = "replications", .type = TS_OPT_INT, .arg = "N", .min = 1, .max = TS_SIM_MAX_REPLICATIONS,
     .offset = offsetof(bench_args, replications),
     .help = "replications of each measured run (default: the\n"
             "scenario's; under --scaling 20)"},
    {.name = "threads", .type = TS_OPT_INT, .arg = "N", .min = 1, .max = TS_SIM_MAX_THREADS,
     .offset = offsetof(bench_args, threads), .help = "threads of the second run (default: online processors)"},
    {.name = "orders-per-day", .type = TS_OPT_NUMBER, .arg = "N", .min = 0, .max = 1e7,
     .offset = offsetof(bench_args, orders_per_day), .help = "set daily_orders of every variant (0..10000000)"},
    {.name = "scaling", .type = TS_OPT_FLAG, .offset = offsetof(bench_args, scaling),
     .help = "also the cost per replication at 500, 2000 and 8000\n"
             "orders a day, on one thread"},
    {.name = "read-orders", .type = TS_OPT_STRING, .arg = "FILE", .what = "an order export",
     .offset = offsetof(bench_args, read_orders),
     .help = "instead: time reading an order export (docs/data-format.md)\n"
             "on one core: rows, seconds, rows per second, peak memory"},
    {0},
};

static const ts_option_group BENCH_GROUPS[] = {{BENCH_OPTIONS, 0}, {0}};

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static double peak_mb(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (double)ru.ru_maxrss / 1024.0;
}

/* Uniforms per second from a Philox stream: blocks of 64 x 3 as the engine batches them. */
static double batched_speed(void)
{
    enum { N = 64, B = 3, ITER = 1 << 15 };
    static uint32_t out[N * B * 4];
    uint64_t sum = 0;
    double t0 = now();
    for (uint32_t i = 0; i < ITER; i++) {
        ts_stream s;
        ts_stream_init(&s, 1, 0, (int32_t)i, TS_MECH_ORDER, 0);
        ts_stream_blocks(&s, N, B, out);
        sum += out[i % (N * B * 4)];
    }
    double t1 = now();
    if (sum == 1) /* keeps the loop from being optimised away */
        puts("");
    return (double)ITER * N * B * 4 / (t1 - t0);
}

/* Uniforms per second from a Philox stream and from GSL's taus2. */
static void generator_speed(double *philox, double *taus)
{
    const uint32_t n = 1u << 26;
    ts_stream s;
    ts_stream_init(&s, 1, 0, 0, TS_MECH_ORDER, 0);
    double sum = 0.0, t0 = now();
    for (uint32_t i = 0; i < n; i++)
        sum += ts_stream_uniform(&s);
    double t1 = now();
    gsl_rng *r = gsl_rng_alloc(gsl_rng_taus2);
    for (uint32_t i = 0; i < n; i++)
        sum += gsl_rng_uniform(r);
    double t2 = now();
    gsl_rng_free(r);
    *philox = (double)n / (t1 - t0);
    *taus = (double)n / (t2 - t1);
    if (sum < 0) /* keeps the loops from being optimised away */
        puts("");
}

typedef struct {
    uint64_t orders;
} order_count;

static void count_only(const ts_order *o, void *ctx)
{
    (void)o;
    ((order_count *)ctx)->orders++;
}

/* Uniforms the simulation draws per order, over a few replications. */
static double draws_per_order(const ts_scenario *sc)
{
    ts_sim *sim = ts_sim_new(sc);
    double *money = ts_xcalloc(ts_money_fields(sc), sizeof *money);
    order_count c = {0};
    uint64_t before = ts_rng_blocks;
    for (uint64_t r = 0; r < 3; r++)
        ts_sim_run(sim, r, count_only, &c, money);
    uint64_t blocks = ts_rng_blocks - before;
    free(money);
    ts_sim_free(sim);
    return c.orders ? 4.0 * (double)blocks / (double)c.orders : 0.0;
}

static void print_count(uint64_t v)
{
    char raw[32], out[48];
    snprintf(raw, sizeof raw, "%llu", (unsigned long long)v);
    size_t len = strlen(raw), j = 0;
    for (size_t i = 0; i < len; i++) {
        out[j++] = raw[i];
        if ((len - i - 1) % 3 == 0 && i + 1 < len)
            out[j++] = ',';
    }
    out[j] = '\0';
    printf("%15s", out);
}

static void count_reply(const ts_reply *r, void *ctx)
{
    (void)r;
    ((order_count *)ctx)->orders++;
}

/* Seconds for reps replications of sc's world alone (no evaluation) on this thread; orders and conversations counted. */
static double world_seconds(const ts_scenario *sc, uint64_t reps, uint64_t *orders, uint64_t *convs)
{
    ts_sim *sim = ts_sim_new(sc);
    double *money = ts_xcalloc(ts_money_fields(sc), sizeof *money);
    order_count o = {0}, c = {0};
    ts_sim_set_reply_visitor(sim, count_reply, &c);
    double t0 = now();
    for (uint64_t r = 0; r < reps; r++)
        ts_sim_run(sim, r, count_only, &o, money);
    double t = now() - t0;
    free(money);
    ts_sim_free(sim);
    *orders = o.orders;
    *convs = c.orders;
    return t;
}

/*
** A scenario with a customer-service team (docs/model.md §13): the world on one
** thread without the team, with the team but no conversations (the per-order
** path), and as it is; the queue's cost per conversation is the difference
** between the last two over the conversations.
*/
static void measure_team(ts_scenario *sc, long long reps)
{
    uint64_t n = reps > 0 ? (uint64_t)reps : 20, o[3], c[3];
    ts_team saved = sc->service.team;
    double t[3];
    sc->service.team.present = false;
    t[0] = world_seconds(sc, n, &o[0], &c[0]);
    sc->service.team = saved;
    sc->service.team.pre_sale_per_order = 0.0;
    sc->service.team.post_sale.base = 0.0;
    for (int f = 0; f < TS_FLAG_COUNT; f++)
        sc->service.team.post_sale.coef[f] = 0.0;
    t[1] = world_seconds(sc, n, &o[1], &c[1]);
    sc->service.team = saved;
    t[2] = world_seconds(sc, n, &o[2], &c[2]);
    printf("\ncustomer service (the first variant's world alone, 1 thread, %llu replications):\n",
           (unsigned long long)n);
    printf("                            wall (s)          orders   conversations  ns/order  ns/conversation\n");
    static const char *const what[3] = {"without the team", "team, no conversations", "team"};
    for (int k = 0; k < 3; k++) {
        printf("%-26s  %8.2f ", what[k], t[k]);
        print_count(o[k]);
        print_count(c[k]);
        printf("  %8.1f", 1e9 * t[k] / (double)o[k]);
        if (k == 2 && c[2] > 0)
            printf("  %15.1f", 1e9 * (t[2] - t[1]) / (double)c[2]);
        printf("\n");
    }
    printf("per-order path with a team: %+.1f%% against none; the queue adds the ns/conversation above\n",
           100.0 * (t[1] / (double)o[1] / (t[0] / (double)o[0]) - 1.0));
}

static int run_once(const ts_study *st, unsigned threads, ts_run_stats *rs)
{
    ts_run_options opt = {.threads = threads, .progress = false, .stop = NULL};
    ts_results *res = NULL;
    if (ts_run(st, &opt, &res, rs) != TS_OK)
        return 1;
    ts_results_free(res);
    return 0;
}

/*
** The scenario to measure: file, else scenarios/bench/large.json here, beside
** the installed rulebooks (<prefix>/share/tiersim/scenarios/bench) or in the
** source tree the binary was built from.
*/
static ts_study *load_bench(const bench_args *a, const char *file, char **owned)
{
    if (file == NULL) {
        file = "scenarios/bench/large.json";
        if (access(file, R_OK) != 0) {
            char *rules = ts_rules_dir();
            file = *owned = ts_xasprintf("%s/../scenarios/bench/large.json", rules);
            free(rules);
        }
        if (access(file, R_OK) != 0) {
            free(*owned);
            file = *owned = ts_xasprintf("%s/scenarios/bench/large.json", TS_SOURCE_DIR);
        }
    }
    ts_error err = {0};
    ts_study *st = ts_study_load(file, NULL, 0, &err);
    if (st == NULL) {
        ts_cli_print_errors(&err);
        ts_error_clear(&err);
        return NULL;
    }
    if (a->replications > 0)
        ts_study_set_replications(st, a->replications);
    if (a->orders_per_day >= 0.0)
        for (size_t v = 0; v < st->n_variants; v++)
            st->variants[v].scenario->volume.daily_orders = a->orders_per_day;
    return st;
}

/* The heading: the scenario, the machine, the generator's speed and the draws per order. */
static void print_heading(const ts_study *st)
{
    const ts_scenario *sc = st->variants[0].scenario;
    printf("tiersim bench — %s (\"%s\"): %lld replications, %zu variant%s\n", st->file, sc->name,
           (long long)sc->replications, st->n_variants, st->n_variants == 1 ? "" : "s");
    printf("machine: %u online processor%s\n", ts_run_default_threads(),
           ts_run_default_threads() == 1 ? "" : "s");
    double ph, ta;
    generator_speed(&ph, &ta);
    double pb = batched_speed();
    printf("generator: philox4x32-10 %.1f million uniforms/s (%.2f ns each) one block at a time,\n"
           "           %.1f million/s (%.2f ns each) batched as the engine draws them; GSL taus2 %.1f million/s\n",
           ph / 1e6, 1e9 / ph, pb / 1e6, 1e9 / pb, ta / 1e6);
    double dpo = draws_per_order(sc);
    /* the engine draws its blocks batched (ORDER at payment, FEEDBACK per batch of finished
       orders), so the batched throughput is what bounds it */
    printf("engine: %.2f uniforms drawn per order (the generator alone, batched, bounds one thread at %.1f million orders/s)\n\n",
           dpo, dpo > 0 ? pb / dpo / 1e6 : 0.0);
}

/* The runs on 1 and on nthreads threads, one line each, and the peak memory; false when a run fails. */
static bool measure_threads(const ts_study *st, unsigned nthreads)
{
    printf("threads  wall (s)          orders    orders/s/thread  ns/order/thread  speed-up\n");
    double base_rate = 0.0;
    unsigned counts[2] = {1, nthreads};
    int runs = nthreads > 1 ? 2 : 1;
    for (int k = 0; k < runs; k++) {
        ts_run_stats rs = {0};
        if (run_once(st, counts[k], &rs) != 0) {
            fputs("tiersim: the benchmark run failed\n", stderr);
            return false;
        }
        double rate = (double)rs.orders / rs.wall_seconds;
        if (k == 0)
            base_rate = rate;
        printf("%7u  %8.2f ", rs.threads, rs.wall_seconds);
        print_count(rs.orders);
        printf("  %15.3g  %15.1f  %8.2f\n", rate / rs.threads, 1e9 * rs.wall_seconds * rs.threads / (double)rs.orders,
               rate / base_rate);
        fflush(stdout);
    }
    printf("peak memory: %.1f MB\n", peak_mb());
    return true;
}

/* --scaling: the cost per replication on one thread at three daily volumes. */
static void measure_scaling(ts_study *st, long long reps)
{
    const double volumes[] = {500, 2000, 8000};
    long long srep = reps > 0 ? reps : 20;
    ts_study_set_replications(st, srep);
    printf("\nscaling (1 thread, %lld replications):\n", srep);
    printf("orders/day  orders/replication  ms/replication  ns/order\n");
    for (size_t i = 0; i < 3; i++) {
        for (size_t v = 0; v < st->n_variants; v++)
            st->variants[v].scenario->volume.daily_orders = volumes[i];
        ts_run_stats rs = {0};
        if (run_once(st, 1, &rs) != 0)
            break;
        double per_rep = (double)rs.orders / (double)srep / (double)st->n_variants;
        printf("%10.0f  %18.0f  %14.2f  %8.1f\n", volumes[i], per_rep,
               1e3 * rs.wall_seconds / (double)srep, 1e9 * rs.wall_seconds / (double)rs.orders);
    }
}

/* --read-orders FILE: the reader of docs/data-format.md on one core. */
static int measure_read(const char *path)
{
    ts_orders h;
    ts_error err = {0};
    double t0 = now();
    ts_status st = ts_orders_read(path, NULL, &h, &err);
    double dt = now() - t0;
    if (st != TS_OK) {
        ts_cli_print_errors(&err);
        ts_error_clear(&err);
        return TS_EXIT_USAGE;
    }
    printf("read %s: %zu orders (%s) in %.3f s, %.3g orders/s, peak memory %.0f MB\n", path, h.n_orders,
           h.columns_from, dt, dt > 0 ? (double)h.n_orders / dt : 0.0, peak_mb());
    ts_orders_release(&h);
    return TS_EXIT_OK;
}

static int bench_main(const ts_command *self, int argc, char **argv)
{
    bench_args a = {.orders_per_day = -1.0};
    ts_arglist files;
    int rc = ts_options_parse(self, argc, argv, &a, &files);
    if (rc != TS_OPTIONS_CONTINUE)
        return rc;
    if (a.read_orders != NULL) {
        rc = measure_read(a.read_orders);
        ts_options_release(self, &a, &files);
        return rc;
    }
    char *fallback = NULL;
    ts_study *st = load_bench(&a, files.count ? files.items[0] : NULL, &fallback);
    rc = TS_EXIT_USAGE;
    if (st != NULL) {
        print_heading(st);
        unsigned nthreads = a.threads > 0 ? (unsigned)a.threads : ts_run_default_threads();
        rc = measure_threads(st, nthreads) ? TS_EXIT_OK : TS_EXIT_RUNTIME;
        if (rc == TS_EXIT_OK && st->variants[0].scenario->service.team.present)
            measure_team(st->variants[0].scenario, a.replications > 0 ? a.replications : 0);
        if (rc == TS_EXIT_OK && a.scaling)
            measure_scaling(st, a.replications);
    }
    ts_study_free(st);
    free(fallback);
    ts_options_release(self, &a, &files);
    return rc;
}

const ts_command ts_cmd_bench = {
    .name = "bench",
    .usage = "[SCENARIO.json] [options]",
    .synopsis = "[SCENARIO.json]",
    .summary = "measure the engine's speed (tiersim bench --help)",
    .description =
        "Measures the engine on a scenario (default scenarios/bench/large.json) without\n"
        "writing results: wall time, orders simulated, orders per second per thread,\n"
        "nanoseconds per order, peak memory and the speed-up from 1 to N threads (default:\n"
        "online processors). For scale it also measures the random generator's raw\n"
        "throughput (one block at a time and batched) and counts the uniforms the engine\n"
        "draws per order. With a customer-service team (service.team) in the first\n"
        "variant it also runs that variant's world alone on one thread without the team,\n"
        "with the team but no conversations, and as it is: the per-order path's cost\n"
        "and the queue's nanoseconds per conversation.\n",
    .groups = BENCH_GROUPS,
    .operands = {"scenario file", 0, 1},
    .main = bench_main,
};
