/*
** runner.c — the replication runner: a pool of POSIX threads claims
** replication indexes below a limit the main thread raises batch by batch;
** each thread owns one simulation workspace and evaluator per variant.
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
#include "uncertain.h"
#include "world.h"

/*
** Shared by the threads, written under mu only (once per replication, never
** per order): next < limit are claimable; done counts finished replications.
*/
typedef struct {
    const ts_study *study;
    ts_results *res;          /* grown by the main thread only while no replication runs */
    volatile sig_atomic_t *stop;
    pthread_mutex_t mu;
    pthread_cond_t more;      /* limit raised or finished */
    pthread_cond_t progress;  /* a replication finished */
    size_t next, limit, done;
    uint64_t orders;
    bool finished, stopped;
} pool;

/* A thread's own workspace: allocated once, used for every replication it runs. */
typedef struct {
    ts_sim **sims;
    ts_eval **evals;
    ts_reply_acc **replies; /* per variant with a team, else NULL */
    ts_scenario **drawn; /* per variant with uncertain parameters: its scenario with this
                            replication's draws (docs/model.md §15), which sims[v] borrows */
    uint64_t orders;
} workspace;

/* A conversation answered (docs/model.md §13): to the rule metrics and the reply statistics. */
static void reply_visit(const ts_reply *r, void *ctx)
{
    ts_eval_add_reply(((void **)ctx)[1], r);
    ts_reply_acc_visit(r, ((void **)ctx)[2]);
}

static void count_visit(const ts_order *o, void *ctx)
{
    workspace *w = ((void **)ctx)[0];
    w->orders++;
    ts_eval_visit(o, ((void **)ctx)[1]);
}

static void workspace_init(workspace *w, const ts_study *st)
{
    w->sims = ts_xcalloc(st->n_variants, sizeof *w->sims);
    w->evals = ts_xcalloc(st->n_variants, sizeof *w->evals);
    w->replies = ts_xcalloc(st->n_variants, sizeof *w->replies);
    w->drawn = ts_xcalloc(st->n_variants, sizeof *w->drawn);
    w->orders = 0;
    for (size_t v = 0; v < st->n_variants; v++) {
        const ts_scenario *sc = st->variants[v].scenario;
        if (sc->n_uncertain > 0) { /* the workspace is built per replication, on the draws */
            w->drawn[v] = ts_xmalloc(sizeof *w->drawn[v]);
            ts_scenario_copy(w->drawn[v], sc);
        } else {
            w->sims[v] = ts_sim_new(sc);
        }
        w->evals[v] = ts_eval_new(sc);
        w->replies[v] = ts_reply_acc_new(sc);
    }
}

static void workspace_free(workspace *w, const ts_study *st)
{
    for (size_t v = 0; v < st->n_variants; v++) {
        ts_sim_free(w->sims[v]);
        ts_eval_free(w->evals[v]);
        ts_reply_acc_free(w->replies[v]);
        ts_scenario_free(w->drawn[v]);
    }
    free(w->sims);
    free(w->evals);
    free(w->replies);
    free(w->drawn);
}

/* Replication r of every variant into its own slots of res (no shared writes). */
static void run_rep(workspace *w, ts_results *res, const ts_study *st, size_t r)
{
    for (size_t v = 0; v < st->n_variants; v++) {
        ts_variant_results *vr = &res->variants[v];
        ts_rep_out out = {
            .assessed = vr->assessed + r * vr->n_eval,
            .metrics = vr->metrics + r * vr->n_eval * vr->n_metrics,
            .tiers = vr->tiers + r * vr->n_eval,
            .events = vr->events + r * vr->n_eval * vr->n_events,
            .daily = vr->daily + r * vr->n_days * vr->n_metrics,
        };
        if (w->drawn[v] != NULL) {
            /* docs/model.md §15: draw every uncertain parameter first, then simulate with them */
            double *d = vr->drawn + r * vr->n_uncertain;
            const ts_scenario *sc = st->variants[v].scenario;
            ts_uncertain_draw(sc, r, d);
            for (size_t k = 0; k < sc->n_uncertain; k++)
                *ts_uncertain_field(w->drawn[v], &sc->uncertain[k]) = d[k];
            ts_sim_free(w->sims[v]);
            w->sims[v] = ts_sim_new(w->drawn[v]);
        }
        void *ctx[3] = {w, w->evals[v], w->replies[v]};
        ts_eval_reset(w->evals[v]);
        if (w->replies[v] != NULL) {
            ts_reply_acc_reset(w->replies[v]);
            ts_sim_set_reply_visitor(w->sims[v], reply_visit, ctx);
        }
        ts_sim_run(w->sims[v], r, count_visit, ctx, vr->money + r * vr->n_money);
        ts_eval_finish(w->evals[v], &out);
        if (w->replies[v] != NULL)
            ts_reply_acc_finish(w->replies[v], vr->reply + r * vr->n_reply);
    }
}

static void *worker(void *arg)
{
    pool *p = arg;
    workspace w;
    workspace_init(&w, p->study);
    pthread_mutex_lock(&p->mu);
    for (;;) {
        while (!p->finished && p->next >= p->limit)
            pthread_cond_wait(&p->more, &p->mu);
        if (p->finished)
            break;
        if (p->stop && *p->stop) {
            p->stopped = true;
            pthread_cond_broadcast(&p->progress);
            break;
        }
        size_t r = p->next++;
        ts_results *res = p->res;
        pthread_mutex_unlock(&p->mu);
        w.orders = 0;
        run_rep(&w, res, p->study, r);
        pthread_mutex_lock(&p->mu);
        p->orders += w.orders;
        p->done++;
        pthread_cond_broadcast(&p->progress);
    }
    pthread_mutex_unlock(&p->mu);
    workspace_free(&w, p->study);
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

double ts_run_half_width(const ts_results *res, size_t n)
{
    double worst = 0.0;
    for (size_t v = 0; v < res->study->n_variants; v++) {
        const ts_variant_results *vr = &res->variants[v];
        if (vr->n_metrics == 0)
            continue;
        size_t stride = vr->n_eval * vr->n_metrics;
        for (size_t e = 0; e < vr->n_eval; e++) {
            const double *x = vr->metrics + e * vr->n_metrics; /* metric 0 of evaluation e */
            double sum = 0.0;
            size_t m = 0;
            for (size_t r = 0; r < n; r++)
                if (!isnan(x[r * stride])) {
                    sum += x[r * stride];
                    m++;
                }
            if (m == 0)
                continue; /* undefined in every replication: ignored */
            if (m == 1)
                return INFINITY;
            double mean = sum / (double)m, ss = 0.0;
            for (size_t r = 0; r < n; r++)
                if (!isnan(x[r * stride]))
                    ss += (x[r * stride] - mean) * (x[r * stride] - mean);
            double hw = TS_RUN_PRECISION_Z * sqrt(ss / (double)(m - 1)) / sqrt((double)m);
            if (hw > worst)
                worst = hw;
        }
    }
    return worst;
}

/* Grow every variant's per-replication arrays from old_cap to cap replications (zeroed). */
static void grow_results(ts_results *res, size_t old_cap, size_t cap)
{
#define GROW(field, per)                                                                  \
    do {                                                                                  \
        size_t sz_ = sizeof *vr->field, per_ = (per);                                     \
        vr->field = ts_xrealloc(vr->field, (cap * per_ > 0 ? cap * per_ : 1) * sz_);      \
        memset(vr->field + old_cap * per_, 0, (cap - old_cap) * per_ * sz_);              \
    } while (0)
    for (size_t v = 0; v < res->study->n_variants; v++) {
        ts_variant_results *vr = &res->variants[v];
        GROW(assessed, vr->n_eval);
        GROW(metrics, vr->n_eval * vr->n_metrics);
        GROW(tiers, vr->n_eval);
        GROW(events, vr->n_eval * vr->n_events);
        GROW(daily, vr->n_days * vr->n_metrics);
        GROW(money, vr->n_money);
        GROW(reply, vr->n_reply);
        GROW(drawn, vr->n_uncertain);
    }
#undef GROW
}

/* Without threads: the same batches on the calling thread. */
static void run_here(pool *p, size_t cap, size_t batch, double precision, size_t *cap_alloc)
{
    workspace w;
    workspace_init(&w, p->study);
    for (;;) {
        for (; p->done < p->limit; p->done++) {
            if (p->stop && *p->stop) {
                p->stopped = true;
                break;
            }
            w.orders = 0;
            run_rep(&w, p->res, p->study, p->done);
            p->orders += w.orders;
        }
        if (p->stopped || p->limit >= cap ||
            (precision > 0.0 && ts_run_half_width(p->res, p->limit) < precision))
            break;
        size_t next = p->limit + batch < cap ? p->limit + batch : cap;
        if (next > *cap_alloc) {
            size_t c = *cap_alloc * 2 < cap ? *cap_alloc * 2 : cap;
            grow_results(p->res, *cap_alloc, c);
            *cap_alloc = c;
        }
        p->limit = next;
    }
    workspace_free(&w, p->study);
}

ts_status ts_run(const ts_study *study, const ts_run_options *opt, ts_results **out,
                 ts_run_stats *stats)
{
    *out = NULL;
    size_t cap = (size_t)study->variants[0].scenario->replications;
    double precision = opt->precision > 0.0 ? opt->precision : 0.0;
    /* without --precision one batch holds every replication */
    size_t batch = precision > 0.0 && cap > TS_RUN_BATCH ? TS_RUN_BATCH : cap;
    size_t cap_alloc = precision > 0.0 && cap > 16 * batch ? 16 * batch : cap;
    unsigned nthreads = opt->threads ? opt->threads : 1;
    if (nthreads > batch)
        nthreads = (unsigned)batch;
    pool p = {.study = study, .res = ts_results_new(study, cap_alloc), .stop = opt->stop,
              .limit = batch};
    pthread_mutex_init(&p.mu, NULL);
    pthread_cond_init(&p.more, NULL);
    pthread_cond_init(&p.progress, NULL);

    double t0 = now_seconds();
    pthread_t *tids = ts_xcalloc(nthreads, sizeof *tids);
    unsigned started = 0;
    for (unsigned i = 0; i < nthreads; i++) {
        if (pthread_create(&tids[i], NULL, worker, &p) != 0)
            break;
        started++;
    }
    double hw = 0.0;
    bool shown = false;
    if (started == 0) {
        run_here(&p, cap, batch, precision, &cap_alloc);
    } else {
        pthread_mutex_lock(&p.mu);
        for (;;) {
            while (p.done < p.limit && !p.stopped && !(p.stop && *p.stop)) {
                struct timespec until;
                clock_gettime(CLOCK_REALTIME, &until);
                until.tv_nsec += 100 * 1000 * 1000;
                if (until.tv_nsec >= 1000000000L) {
                    until.tv_sec++;
                    until.tv_nsec -= 1000000000L;
                }
                pthread_cond_timedwait(&p.progress, &p.mu, &until);
                double el = now_seconds() - t0;
                if (opt->progress && (el > 1.0 || shown)) {
                    draw_progress(p.done, cap, el, false);
                    shown = true;
                }
            }
            if (p.done < p.limit) { /* stopped: wait for the replications under way */
                p.stopped = true;
                break;
            }
            /* a batch boundary: nothing runs, the results may be read and grown */
            if (p.limit >= cap ||
                (precision > 0.0 && ts_run_half_width(p.res, p.limit) < precision))
                break;
            size_t next = p.limit + batch < cap ? p.limit + batch : cap;
            if (next > cap_alloc) {
                size_t c = cap_alloc * 2 < cap ? cap_alloc * 2 : cap;
                if (c < next)
                    c = next;
                grow_results(p.res, cap_alloc, c);
                cap_alloc = c;
            }
            p.limit = next;
            pthread_cond_broadcast(&p.more);
        }
        p.finished = true;
        pthread_cond_broadcast(&p.more);
        pthread_mutex_unlock(&p.mu);
        for (unsigned i = 0; i < started; i++)
            pthread_join(tids[i], NULL);
    }
    free(tids);
    double wall = now_seconds() - t0;
    if (shown)
        draw_progress(p.done, cap, wall, true);
    bool complete = !p.stopped && p.done == p.limit;
    if (complete && precision > 0.0)
        hw = ts_run_half_width(p.res, p.limit);
    p.res->n_reps = p.limit;

    if (stats) {
        stats->wall_seconds = wall;
        stats->orders = p.orders;
        stats->threads = started ? started : 1;
        stats->replications = p.done;
        stats->precision = precision;
        stats->half_width = hw;
        stats->precision_met = precision > 0.0 && complete && hw < precision;
    }
    pthread_mutex_destroy(&p.mu);
    pthread_cond_destroy(&p.more);
    pthread_cond_destroy(&p.progress);
    if (!complete) {
        ts_results_free(p.res);
        return TS_EINTR;
    }
    *out = p.res;
    return TS_OK;
}
