/*
** caps.c — what a run will cost, estimated before any simulation, and the
** refusal of runs that would not fit in memory or would never finish.
*/
#include "caps.h"

#include <math.h>
#include <stdio.h>
#include <unistd.h>

#include "models.h"
#include "study.h"
#include "world.h"

/* Bytes one queued order may take in a thread's workspace (ts_pending plus its share of the order record). */
#define QUEUED_ORDER_BYTES ((double)(sizeof(ts_pending) + sizeof(ts_order)))
/* Bytes of one conversation: its queue entry, its held order, its wait and hour in the reply statistics. */
#define CONVERSATION_BYTES ((double)(sizeof(ts_conv) + sizeof(ts_pending) + sizeof(int32_t) + sizeof(double) + 1))
/* Highest mean order count of one day: a day's count is drawn as a 32-bit integer. */
#define MAX_DAY_MEAN 1e9

static double physical_memory(void)
{
    long pages = sysconf(_SC_PHYS_PAGES), size = sysconf(_SC_PAGE_SIZE);
    if (pages <= 0 || size <= 0)
        return 0.0;
    return (double)pages * (double)size;
}

/* Expected orders of one replication of sc (warm-up and horizon) and its busiest day's mean. */
static double replication_orders(const ts_scenario *sc, double *max_day)
{
    double sum = 0.0, top = 0.0;
    for (int32_t d = -sc->warmup_days; d < sc->days; d++) {
        double mu = ts_volume_mean(sc, d);
        if (!(mu >= 0.0)) /* NaN: treat as unbounded */
            mu = HUGE_VAL;
        sum += mu;
        if (mu > top)
            top = mu;
    }
    *max_day = top;
    return sum;
}

double ts_caps_replication_cost(const ts_scenario *sc)
{
    double top;
    return replication_orders(sc, &top) + (double)(sc->warmup_days + sc->days);
}

static void estimate(const ts_study *study, unsigned threads, ts_caps_cost *out,
                     double *max_day)
{
    double reps = (double)study->variants[0].scenario->replications;
    double orders = 0.0, results = 0.0, workspace = 0.0, top = 0.0;
    for (size_t v = 0; v < study->n_variants; v++) {
        const ts_scenario *sc = study->variants[v].scenario;
        double day_top;
        double per_rep = replication_orders(sc, &day_top);
        if (day_top > top)
            top = day_top;
        orders += per_rep * reps;
        double metrics = sc->rules ? (double)sc->rules->n_metrics : 0.0;
        double events = sc->rules ? (double)sc->rules->n_events : 0.0;
        double per_rep_doubles = (double)sc->days * metrics +
                                 (double)sc->n_evaluations * (metrics + events + 2.0) +
                                 (double)ts_money_fields(sc);
        per_rep_doubles += (double)ts_reply_fields(sc);
        results += reps * per_rep_doubles * (double)sizeof(double);
        /* each thread holds one workspace per variant */
        workspace += per_rep * QUEUED_ORDER_BYTES;
        if (sc->service.team.present) /* docs/model.md §13: at most every conversation waits at once */
            workspace += per_rep * (1.0 + sc->service.team.pre_sale_per_order) * CONVERSATION_BYTES;
    }
    unsigned t = threads ? threads : 1;
    if ((double)t > reps)
        t = (unsigned)reps;
    out->orders = orders;
    out->result_bytes = results;
    out->workspace_bytes = workspace * (double)t;
    out->physical_bytes = physical_memory();
    *max_day = top;
}

void ts_caps_estimate(const ts_study *study, unsigned threads, ts_caps_cost *out)
{
    double top;
    estimate(study, threads, out, &top);
}

/* "12.3 GiB", "512 MiB" */
static void bytes_text(double b, char buf[static 32])
{
    if (!isfinite(b))
        snprintf(buf, 32, "unbounded");
    else if (b >= 1073741824.0)
        snprintf(buf, 32, "%.1f GiB", b / 1073741824.0);
    else
        snprintf(buf, 32, "%.0f MiB", ceil(b / 1048576.0));
}

ts_status ts_caps_check(const ts_study *study, unsigned threads, ts_error *err)
{
    ts_caps_cost e;
    double top;
    estimate(study, threads, &e, &top);
    const ts_scenario *sc = study->variants[0].scenario;
    long long reps = (long long)sc->replications;
    size_t nv = study->n_variants;

    if (!(top <= MAX_DAY_MEAN)) {
        ts_error_add(err, "%s: the busiest day expects %.3g orders; at most %.0e orders a day can be "
                     "simulated. Check volume.daily_orders, growth_per_day (compounded over warm-up and "
                     "horizon) and the peak multipliers.", study->file, top, MAX_DAY_MEAN);
        return TS_EINVAL;
    }
    if (!(e.orders <= TS_MAX_ORDERS)) {
        ts_error_add(err, "%s: this run would simulate about %.3g orders (%lld replications x %zu "
                     "variant%s x %d warm-up + %d horizon days); the limit is %.0e, which would take "
                     "days. Use fewer replications (--replications), fewer days or fewer variants.",
                     study->file, e.orders, reps, nv, nv == 1 ? "" : "s", sc->warmup_days, sc->days,
                     TS_MAX_ORDERS);
        return TS_EINVAL;
    }
    double need = e.result_bytes + e.workspace_bytes;
    if (e.physical_bytes > 0 && need > TS_MEMORY_SHARE * e.physical_bytes) {
        char a[32], b[32], r[32], w[32];
        bytes_text(need, a);
        bytes_text(e.physical_bytes, b);
        bytes_text(e.result_bytes, r);
        bytes_text(e.workspace_bytes, w);
        ts_error_add(err, "%s: this run would need about %s of memory (%s of per-replication results "
                     "for %lld replications x %zu variant%s, %s of workspaces), more than %.0f%% of "
                     "the %s this machine has. Use fewer replications (--replications), fewer days, "
                     "fewer variants or fewer threads (--threads).",
                     study->file, a, r, reps, nv, nv == 1 ? "" : "s", w, TS_MEMORY_SHARE * 100.0, b);
        return TS_EINVAL;
    }
    return TS_OK;
}
