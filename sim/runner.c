/*
** runner.c — the replication runner: a pool of POSIX threads takes
** replication indexes from a shared counter; each thread owns one simulation
** workspace and one evaluation accumulator per variant, allocated once.
*/
#include "runner.h"

#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "evaluate.h"
#include "world.h"

typedef struct {
    const ts_study *study;
    ts_results *res;
    size_t reps;
    volatile sig_atomic_t *stop;
    atomic_size_t next;   /* next replication to take */
    atomic_size_t done;   /* replications finished */
    atomic_uint_fast64_t orders;
    atomic_bool stopped;
} pool;

typedef struct {
    uint64_t orders;
    ts_order_visitor inner;
    void *inner_ctx;
} counting;

static void count_visit(const ts_order *o, void *ctx)
{
    counting *c = ctx;
    c->orders++;
    c->inner(o, c->inner_ctx);
}

static void *worker(void *arg)
{
    pool *p = arg;
    size_t nv = p->study->n_variants;
    ts_sim **sims = ts_xcalloc(nv, sizeof *sims);
    ts_eval **evals = ts_xcalloc(nv, sizeof *evals);
    for (size_t v = 0; v < nv; v++) {
        sims[v] = ts_sim_new(p->study->variants[v].scenario);
        evals[v] = ts_eval_new(p->study->variants[v].scenario);
    }
    for (;;) {
        if (p->stop && *p->stop) {
            atomic_store(&p->stopped, true);
            break;
        }
        size_t r = atomic_fetch_add(&p->next, 1);
        if (r >= p->reps)
            break;
        uint64_t orders = 0;
        for (size_t v = 0; v < nv; v++) {
            ts_variant_results *vr = &p->res->variants[v];
            ts_rep_out out = {
                .assessed = vr->assessed + r * vr->n_eval,
                .metrics = vr->metrics + r * vr->n_eval * vr->n_metrics,
                .tiers = vr->tiers + r * vr->n_eval,
                .events = vr->events + r * vr->n_eval * vr->n_events,
                .daily = vr->daily + r * vr->n_days * vr->n_metrics,
            };
            counting c = {0, ts_eval_visit, evals[v]};
            ts_eval_reset(evals[v]);
            ts_sim_run(sims[v], r, count_visit, &c, vr->money + r * vr->n_money);
            ts_eval_finish(evals[v], &out);
            orders += c.orders;
        }
        atomic_fetch_add(&p->orders, orders);
        atomic_fetch_add(&p->done, 1);
    }
    for (size_t v = 0; v < nv; v++) {
        ts_sim_free(sims[v]);
        ts_eval_free(evals[v]);
    }
    free(sims);
    free(evals);
    return NULL;
}

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* One line, redrawn in place: [#####.....]  42%  420/1000 replications  ETA 3 s */
static void draw_progress(size_t done, size_t total, double elapsed, bool final)
{
    const int width = 30;
    double frac = total ? (double)done / (double)total : 1.0;
    int filled = (int)(frac * width);
    char bar[64];
    for (int i = 0; i < width; i++)
        bar[i] = i < filled ? '#' : '.';
    bar[width] = '\0';
    double eta = done > 0 ? elapsed * (double)(total - done) / (double)done : 0.0;
    fprintf(stderr, "\r[%s] %3d%%  %zu/%zu replications  %5.1f s", bar, (int)(frac * 100.0),
            done, total, elapsed);
    if (!final && done > 0)
        fprintf(stderr, "  ETA %.0f s ", eta);
    else
        fputs("          ", stderr);
    if (final)
        fputc('\n', stderr);
    fflush(stderr);
}

unsigned ts_run_default_threads(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n >= 1 ? (unsigned)n : 1u;
}

ts_status ts_run(const ts_study *study, const ts_run_options *opt, ts_results **out,
                 ts_run_stats *stats)
{
    *out = NULL;
    size_t reps = (size_t)study->variants[0].scenario->replications;
    unsigned nthreads = opt->threads ? opt->threads : 1;
    if (nthreads > reps)
        nthreads = (unsigned)reps;
    pool p = {.study = study, .res = ts_results_new(study, reps), .reps = reps, .stop = opt->stop};
    atomic_init(&p.next, 0);
    atomic_init(&p.done, 0);
    atomic_init(&p.orders, 0);
    atomic_init(&p.stopped, false);

    double t0 = now_seconds();
    pthread_t *tids = ts_xcalloc(nthreads, sizeof *tids);
    unsigned started = 0;
    for (unsigned i = 0; i < nthreads; i++) {
        if (pthread_create(&tids[i], NULL, worker, &p) != 0)
            break;
        started++;
    }
    if (started == 0) /* no thread could start: run on this one */
        worker(&p);

    bool shown = false;
    if (started > 0 && opt->progress) {
        /* draw only when the run takes more than a moment */
        while (atomic_load(&p.done) < reps && !atomic_load(&p.stopped)) {
            struct timespec nap = {0, 100 * 1000 * 1000};
            nanosleep(&nap, NULL);
            double el = now_seconds() - t0;
            if (el > 1.0 || shown) {
                draw_progress(atomic_load(&p.done), reps, el, false);
                shown = true;
            }
        }
    }
    for (unsigned i = 0; i < started; i++)
        pthread_join(tids[i], NULL);
    free(tids);
    double wall = now_seconds() - t0;
    if (shown)
        draw_progress(atomic_load(&p.done), reps, wall, true);

    if (stats) {
        stats->wall_seconds = wall;
        stats->orders = atomic_load(&p.orders);
        stats->threads = started ? started : 1;
    }
    if (atomic_load(&p.done) < reps) {
        ts_results_free(p.res);
        return TS_EINTR;
    }
    *out = p.res;
    return TS_OK;
}
