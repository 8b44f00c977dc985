/*
** runner.c — the replication runner: a pool of POSIX threads claims work
** items (a replication of some variants) of a batch the main thread sets;
** each thread owns one simulation workspace and evaluator per variant. Under
** MPI each process runs its share of every batch (share.h) and rank 0
** gathers the results (docs/cluster.md).
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

#include "caps.h"
#include "dist.h"
#include "evaluate.h"
#include "share.h"
#include "uncertain.h"
#include "world.h"

/* Replication rep of variants [v0, v1): what one thread runs at a time. */
typedef struct {
    size_t rep, v0, v1;
} work_item;

/*
** Shared by the threads, written under mu only (once per work item, never
** per order): items[next..limit) are claimable; done counts finished items.
*/
typedef struct {
    const ts_study *study;
    ts_results *res;          /* grown by the main thread only while nothing runs */
    volatile sig_atomic_t *stop;
    pthread_mutex_t mu;
    pthread_cond_t more;      /* a batch's items set, or finished */
    pthread_cond_t progress;  /* an item finished */
    const work_item *items;   /* this batch's items on this process */
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

/* One work item into its own slots of res (no shared writes). */
static void run_item(workspace *w, ts_results *res, const work_item *it)
{
    size_t r = it->rep;
    for (size_t v = it->v0; v < it->v1; v++) {
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
            const ts_scenario *sc = vr->variant->scenario;
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
        const work_item *it = &p->items[p->next++];
        ts_results *res = p->res;
        pthread_mutex_unlock(&p->mu);
        w.orders = 0;
        run_item(&w, res, it);
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


/* Each variant's expected cost of one replication (caps.h), for the split between processes. */
static double *variant_costs(const ts_study *st)
{
    double *cost = ts_xcalloc(st->n_variants, sizeof *cost);
    for (size_t v = 0; v < st->n_variants; v++)
        cost[v] = ts_caps_replication_cost(st->variants[v].scenario);
    return cost;
}

/*
** This process's items of replications [lo, hi): alone, one item per
** replication holding every variant; under MPI the process's share
** (share.h, one unit per variant), replication by replication.
*/
static work_item *batch_items(const ts_study *st, const double *cost, size_t lo, size_t hi, size_t *n)
{
    size_t nv = st->n_variants;
    work_item *it;
    if (ts_dist_size() < 2) {
        it = ts_xcalloc(hi - lo, sizeof *it);
        for (size_t r = lo; r < hi; r++)
            it[r - lo] = (work_item){.rep = r, .v0 = 0, .v1 = nv};
        *n = hi - lo;
        return it;
    }
    ts_piece *pc = ts_xcalloc(nv, sizeof *pc);
    size_t np = ts_share_pieces(cost, nv, lo, hi, ts_dist_size(), ts_dist_rank(), pc), total = 0;
    for (size_t k = 0; k < np; k++)
        total += pc[k].hi - pc[k].lo;
    it = ts_xcalloc(total ? total : 1, sizeof *it);
    size_t m = 0;
    for (size_t k = 0; k < np; k++)
        for (size_t r = pc[k].lo; r < pc[k].hi; r++)
            it[m++] = (work_item){.rep = r, .v0 = pc[k].unit, .v1 = pc[k].unit + 1};
    free(pc);
    *n = total;
    return it;
}

/* A piece's per-replication results (every array of results.h) between this process and peer (rank 0 receives). */
static void transfer(ts_results *res, const ts_piece *pc, unsigned peer, bool send)
{
    ts_variant_results *vr = &res->variants[pc->unit];
    size_t a = pc->lo, m = pc->hi - pc->lo;
    ts_dist_doubles(vr->assessed + a * vr->n_eval, m * vr->n_eval, peer, send);
    ts_dist_doubles(vr->metrics + a * vr->n_eval * vr->n_metrics, m * vr->n_eval * vr->n_metrics, peer, send);
    ts_dist_int32s(vr->tiers + a * vr->n_eval, m * vr->n_eval, peer, send);
    ts_dist_doubles(vr->events + a * vr->n_eval * vr->n_events, m * vr->n_eval * vr->n_events, peer, send);
    ts_dist_doubles(vr->daily + a * vr->n_days * vr->n_metrics, m * vr->n_days * vr->n_metrics, peer, send);
    ts_dist_doubles(vr->money + a * vr->n_money, m * vr->n_money, peer, send);
    ts_dist_doubles(vr->reply + a * vr->n_reply, m * vr->n_reply, peer, send);
    ts_dist_doubles(vr->drawn + a * vr->n_uncertain, m * vr->n_uncertain, peer, send);
}

/* Under MPI: every process's results of replications [lo, hi) into rank 0's res. */
static void gather_batch(ts_results *res, const double *cost, size_t lo, size_t hi)
{
    unsigned size = ts_dist_size(), rank = ts_dist_rank();
    if (size < 2)
        return;
    size_t nv = res->study->n_variants;
    ts_piece *pc = ts_xcalloc(nv, sizeof *pc);
    for (unsigned q = rank == 0 ? 1 : rank; q < size; q++) {
        size_t np = ts_share_pieces(cost, nv, lo, hi, size, q, pc);
        for (size_t k = 0; k < np; k++)
            transfer(res, &pc[k], rank == 0 ? q : 0, rank != 0);
        if (rank != 0)
            break;
    }
    free(pc);
}

/* Without threads: a batch's items on the calling thread. True when stopped. */
static bool batch_here(pool *p, workspace *w)
{
    for (; p->done < p->limit; p->done++) {
        if (p->stop && *p->stop)
            return true;
        w->orders = 0;
        run_item(w, p->res, &p->items[p->done]);
        p->orders += w->orders;
    }
    return false;
}

/* The progress bar's view of a batch: replications before it plus its finished share. */
typedef struct {
    bool wanted, shown;
    double t0;
    size_t lo, hi, cap;
} progress_view;

/*
** On the pool's threads: hand them the batch's items and wait for them, with
** the progress bar. True when stopped (replications under way may still run).
*/
static bool batch_threads(pool *p, progress_view *pv)
{
    pthread_mutex_lock(&p->mu);
    pthread_cond_broadcast(&p->more);
    while (p->done < p->limit && !p->stopped && !(p->stop && *p->stop)) {
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_nsec += 100 * 1000 * 1000;
        if (until.tv_nsec >= 1000000000L) {
            until.tv_sec++;
            until.tv_nsec -= 1000000000L;
        }
        pthread_cond_timedwait(&p->progress, &p->mu, &until);
        double el = now_seconds() - pv->t0;
        if (pv->wanted && (el > 1.0 || pv->shown)) {
            size_t reps = pv->lo + (p->limit ? (pv->hi - pv->lo) * p->done / p->limit : 0);
            draw_progress(reps, pv->cap, el, false);
            pv->shown = true;
        }
    }
    bool stopped = p->done < p->limit;
    if (stopped)
        p->stopped = true;
    pthread_mutex_unlock(&p->mu);
    return stopped;
}

/*
** Run replications [lo, hi) on this process (its share under MPI): the
** batch's items are set while nothing runs. True when stopped; *items is
** kept by the caller until the threads are joined.
*/
static bool run_batch(pool *p, unsigned started, workspace *here, work_item *items, size_t n,
                      progress_view *pv)
{
    pthread_mutex_lock(&p->mu);
    p->items = items;
    p->next = 0;
    p->limit = n;
    p->done = 0;
    pthread_mutex_unlock(&p->mu);
    return started == 0 ? batch_here(p, here) : batch_threads(p, pv);
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
    double *cost = variant_costs(study);
    uint64_t sent_before = ts_dist_bytes_sent();
    pool p = {.study = study, .res = ts_results_new(study, cap_alloc), .stop = opt->stop};
    pthread_mutex_init(&p.mu, NULL);
    pthread_cond_init(&p.more, NULL);
    pthread_cond_init(&p.progress, NULL);

    progress_view pv = {.wanted = opt->progress && ts_dist_rank() == 0, .t0 = now_seconds(), .cap = cap};
    pthread_t *tids = ts_xcalloc(nthreads, sizeof *tids);
    unsigned started = 0;
    for (unsigned i = 0; i < nthreads; i++) {
        if (pthread_create(&tids[i], NULL, worker, &p) != 0)
            break;
        started++;
    }
    workspace here;
    if (started == 0)
        workspace_init(&here, study);
    size_t lo = 0, hi = batch, n_items = 0;
    work_item *items = NULL;
    bool stopped = false;
    for (;;) {
        free(items); /* the last batch's: nothing runs between batches */
        items = batch_items(study, cost, lo, hi, &n_items);
        pv.lo = lo;
        pv.hi = hi;
        stopped = run_batch(&p, started, &here, items, n_items, &pv);
        /* every process stops when any was stopped, even after its last replication */
        stopped = ts_dist_any(stopped || (opt->stop && *opt->stop));
        if (stopped)
            break;
        gather_batch(p.res, cost, lo, hi);
        /* a batch boundary: nothing runs, the results may be read and grown */
        int go = ts_dist_rank() == 0 && hi < cap &&
                 !(precision > 0.0 && ts_run_half_width(p.res, hi) < precision);
        if (!ts_dist_bcast_int(go))
            break;
        lo = hi;
        hi = hi + batch < cap ? hi + batch : cap;
        if (hi > cap_alloc) {
            size_t c = cap_alloc * 2 < cap ? cap_alloc * 2 : cap;
            if (c < hi)
                c = hi;
            grow_results(p.res, cap_alloc, c);
            cap_alloc = c;
        }
    }
    pthread_mutex_lock(&p.mu);
    p.finished = true;
    pthread_cond_broadcast(&p.more);
    pthread_mutex_unlock(&p.mu);
    for (unsigned i = 0; i < started; i++)
        pthread_join(tids[i], NULL);
    if (started == 0)
        workspace_free(&here, study);
    free(tids);
    free(items);
    free(cost);
    double wall = now_seconds() - pv.t0;
    if (pv.shown)
        draw_progress(stopped ? lo : hi, cap, wall, true);
    double hw = !stopped && precision > 0.0 && ts_dist_rank() == 0 ? ts_run_half_width(p.res, hi) : 0.0;
    p.res->n_reps = hi;
    uint64_t orders = ts_dist_sum_u64(p.orders);
    uint64_t sent = ts_dist_sum_u64(ts_dist_bytes_sent() - sent_before);

    if (stats) {
        stats->wall_seconds = wall;
        stats->orders = orders;
        stats->threads = started ? started : 1;
        stats->replications = stopped ? lo : hi;
        stats->precision = precision;
        stats->half_width = hw;
        stats->precision_met = precision > 0.0 && !stopped && hw < precision;
        stats->processes = ts_dist_size();
        stats->bytes_gathered = sent;
    }
    pthread_mutex_destroy(&p.mu);
    pthread_cond_destroy(&p.more);
    pthread_cond_destroy(&p.progress);
    if (stopped) {
        ts_results_free(p.res);
        return TS_EINTR;
    }
    *out = p.res;
    return TS_OK;
}
