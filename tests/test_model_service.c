/*
** test_model_service.c — the customer-service team (models/service.c,
** docs/model.md §13): the queue against Erlang C, closed hours, arrival and
** handling distributions, the sort, and the slow-reply flag it gives orders.
*/
#include "testutil.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "models.h"

/* ---- a scenario with a team --------------------------------------------- */

/* Defaults, `days` days from 2027-03-01 (a Monday) after `warmup` days, one shift. */
static ts_scenario *team_scenario(int32_t days, int32_t warmup, double daily_orders)
{
    ts_scenario *sc = ts_xcalloc(1, sizeof *sc);
    ts_scenario_init_defaults(sc);
    sc->start = ts_date_from_ymd(2027, 3, 1);
    sc->days = days;
    sc->warmup_days = warmup;
    sc->volume.daily_orders = daily_orders;
    ts_team *t = &sc->service.team;
    t->present = true;
    t->n_shifts = 1;
    t->shifts = ts_xcalloc(1, sizeof *t->shifts);
    t->shifts[0].name = ts_xstrdup("all day");
    t->shifts[0].agents = 1;
    t->shifts[0].start_hour = 0;
    t->shifts[0].end_hour = 24;
    t->shifts[0].weekdays = 0x7f;
    t->shifts[0].concurrency = 1;
    return sc;
}

/* Conversations of one run, in the order they were answered (arrival order). */
typedef struct {
    ts_reply *r;
    size_t n, cap;
} replies;

static void collect(const ts_reply *r, void *ctx)
{
    replies *rs = ctx;
    if (rs->n == rs->cap) {
        rs->cap = rs->cap ? 2 * rs->cap : 1024;
        rs->r = ts_xrealloc(rs->r, rs->cap * sizeof *rs->r);
    }
    rs->r[rs->n++] = *r;
}

static void ignore_order(const ts_order *o, void *ctx)
{
    (void)o;
    (void)ctx;
}

/* ---- Erlang C ---------------------------------------------------------------- */

/* P(wait > 0) in M/M/c with offered load a = lambda/mu < c (Erlang's C formula). */
static double erlang_c(int c, double a)
{
    double term = 1.0, sum = 0.0; /* a^k / k! */
    for (int k = 0; k < c; k++) {
        sum += term;
        term *= a / (k + 1);
    }
    double top = term * c / (c - a); /* a^c / c! x c / (c - a) */
    return top / (sum + top);
}

/*
** docs/model.md §13 "Check": one 24-hour shift every day, concurrency 1, c
** agents, exponential handling of mean 1/mu = 6 minutes, a flat profile, no
** post-sale conversations and a constant mean volume make pre-sale arrivals a
** Poisson process of rate lambda per minute (Poisson day counts, uniform
** times within the day). The long-run share of waits <= t is then
** 1 - C(c, a) exp(-(c mu - lambda) t), a = lambda / mu. Each replication
** gives the share over its 60 horizon days (30 days of warm-up drain the
** empty start: the relaxation time is at most ~7 days here); the check is
** the replications' mean against the formula within 4 standard errors.
*/
static void check_erlang(int c, double rho)
{
    const double mean = 6.0, mu = 1.0 / mean, lambda = rho * c * mu, a = lambda / mu;
    const int reps = 40, days = 60;
    ts_scenario *sc = team_scenario(days, 30, 1.0);
    ts_team *t = &sc->service.team;
    t->shifts[0].agents = c;
    t->handling = TS_HANDLING_EXPONENTIAL;
    t->handling_mean = mean;
    t->pre_sale_per_order = lambda * 1440.0; /* per day, over a mean volume of 1 */
    memset(&t->post_sale, 0, sizeof t->post_sale);
    for (int h = 0; h < 24; h++)
        t->hourly_profile[h] = 1.0;
    sc->product.quality_defect_prob = sc->product.description_mismatch_prob = 0.0;

    const double ts[4] = {0.0, 1.0, 3.0, 10.0};
    double share[4][40];
    ts_sim *sim = ts_sim_new(sc);
    replies rs = {0};
    ts_sim_set_reply_visitor(sim, collect, &rs);
    double *money = ts_xcalloc(ts_money_fields(sc), sizeof *money);
    for (int r = 0; r < reps; r++) {
        rs.n = 0;
        ts_sim_run(sim, (uint64_t)r, ignore_order, NULL, money);
        size_t n = 0, k[4] = {0};
        for (size_t i = 0; i < rs.n; i++) {
            if (rs.r[i].arrival < 0.0 || rs.r[i].arrival >= days * 1440.0)
                continue;
            assert_false(rs.r[i].post_sale);
            n++;
            for (int j = 0; j < 4; j++)
                k[j] += rs.r[i].wait <= ts[j];
        }
        assert_true(n > 1000);
        for (int j = 0; j < 4; j++)
            share[j][r] = (double)k[j] / (double)n;
    }
    double C = erlang_c(c, a);
    for (int j = 0; j < 4; j++) {
        double m = 0.0, v = 0.0;
        for (int r = 0; r < reps; r++)
            m += share[j][r];
        m /= reps;
        for (int r = 0; r < reps; r++)
            v += (share[j][r] - m) * (share[j][r] - m);
        double se = sqrt(v / (reps - 1) / reps);
        double want = 1.0 - C * exp(-(c * mu - lambda) * ts[j]);
        if (getenv("TS_SHOW")) print_message("c=%d rho=%.2f t=%g: %.5f vs %.5f (se %.5f)\n", c, rho, ts[j], m, want, se);
        assert_within_4se(m, want, se);
    }
    free(money);
    free(rs.r);
    ts_sim_free(sim);
    ts_scenario_free(sc);
}

static void test_erlang_c_1(void **state)
{
    (void)state;
    check_erlang(1, 0.5);
    check_erlang(1, 0.8);
    check_erlang(1, 0.95);
}

static void test_erlang_c_3(void **state)
{
    (void)state;
    check_erlang(3, 0.5);
    check_erlang(3, 0.8);
    check_erlang(3, 0.95);
}

static void test_erlang_c_8(void **state)
{
    (void)state;
    check_erlang(8, 0.5);
    check_erlang(8, 0.8);
    check_erlang(8, 0.95);
}

/* ---- closed hours ------------------------------------------------------------ */

/*
** Two agents Monday to Friday 9-18 h and one on Saturday 10-14 h, the default
** profile (evenings and nights are closed): every reply starts in an hour of
** duty of some shift, a conversation arriving while nobody is on duty waits
** at least until the next hour on duty, replies start in arrival order (first
** come, first served), and no wait is negative. Exact, on every conversation.
*/
static void test_closed_hours(void **state)
{
    (void)state;
    ts_scenario *sc = team_scenario(21, 7, 60.0);
    ts_team *t = &sc->service.team;
    t->n_shifts = 2;
    t->shifts = ts_xrealloc(t->shifts, 2 * sizeof *t->shifts);
    free(t->shifts[0].name);
    t->shifts[0] = (ts_shift){ts_xstrdup("week"), 2, 9, 18, 0x1f, 1};
    t->shifts[1] = (ts_shift){ts_xstrdup("saturday"), 1, 10, 14, 0x20, 1};
    ts_desk desk;
    ts_desk_init(&desk, t, sc->start);
    ts_sim *sim = ts_sim_new(sc);
    replies rs = {0};
    ts_sim_set_reply_visitor(sim, collect, &rs);
    double *money = ts_xcalloc(ts_money_fields(sc), sizeof *money);
    ts_sim_run(sim, 3, ignore_order, NULL, money);
    assert_true(rs.n > 1000);
    size_t closed = 0;
    double last_start = -HUGE_VAL;
    for (size_t i = 0; i < rs.n; i++) {
        const ts_reply *r = &rs.r[i];
        double start = r->arrival + r->wait;
        assert_true(r->wait >= 0.0);
        assert_true(start >= last_start); /* first come, first served */
        last_start = start;
        int h = ts_desk_hour_of_week(&desk, start);
        assert_true(ts_desk_slots_on(&desk, h) > 0);
        int ha = ts_desk_hour_of_week(&desk, r->arrival);
        if (ts_desk_slots_on(&desk, ha) == 0) {
            closed++;
            /* the next hour on duty after the arrival */
            double next = floor(r->arrival / 60.0) * 60.0 + 60.0;
            while (ts_desk_slots_on(&desk, ts_desk_hour_of_week(&desk, next)) == 0)
                next += 60.0;
            assert_true(start >= next);
        }
    }
    assert_true(closed > 100);
    free(money);
    free(rs.r);
    ts_sim_free(sim);
    ts_desk_release(&desk);
    ts_scenario_free(sc);
}

/* ---- arrivals, handling, sort ------------------------------------------------- */

/* Arrival hours follow the normalised profile (each hour within 4 SE), minutes inside the day. */
static void test_arrival_profile(void **state)
{
    (void)state;
    ts_scenario sc;
    ts_scenario_init_defaults(&sc);
    ts_team t = sc.service.team;
    t.hourly_profile[3] = 0.0; /* an hour nobody writes in */
    ts_desk d;
    ts_desk_init(&d, &t, ts_date_from_ymd(2027, 3, 1));
    double sum = 0.0;
    for (int h = 0; h < 24; h++)
        sum += t.hourly_profile[h];
    enum { N = 200000 };
    size_t count[24] = {0};
    ts_stream s;
    ts_stream_init(&s, 11, 0, 0, TS_MECH_PRESALE_CONV, 0);
    for (int i = 0; i < N; i++) {
        double m = ts_desk_arrival(&d, 5, ts_stream_uniform(&s));
        assert_true(m >= 5 * 1440.0 && m < 6 * 1440.0);
        count[(int)((m - 5 * 1440.0) / 60.0)]++;
    }
    for (int h = 0; h < 24; h++) {
        double p = t.hourly_profile[h] / sum;
        assert_within_4se((double)count[h] / N, p, sqrt(p * (1 - p) / N) + 1e-12);
    }
    assert_int_equal(count[3], 0);
    /* u = 0 is 00:00 of the day; the last uniform stays inside the day */
    assert_double_near(ts_desk_arrival(&d, 2, 0.0), 2 * 1440.0, 0.0);
    assert_true(ts_desk_arrival(&d, 2, 0xffffffffu / 4294967296.0) < 3 * 1440.0);
    ts_desk_release(&d);
    ts_scenario_release(&sc);
}

/* Handling times: lognormal with the requested mean and sd, exponential with its mean (4 SE). */
static void test_handling(void **state)
{
    (void)state;
    ts_scenario sc;
    ts_scenario_init_defaults(&sc);
    ts_team t = sc.service.team;
    assert_double_near(t.handling_mean, 6.0, 0.0); /* the defaults */
    assert_double_near(t.handling_sd, 4.0, 0.0);
    t.handling_mean = 6.0;
    t.handling_sd = 4.0;
    for (int kind = 0; kind < 2; kind++) {
        t.handling = kind ? TS_HANDLING_EXPONENTIAL : TS_HANDLING_LOGNORMAL;
        double sd = kind ? 6.0 : 4.0;
        ts_desk d;
        ts_desk_init(&d, &t, ts_date_from_ymd(2027, 3, 1));
        enum { N = 200000 };
        ts_stream s;
        ts_stream_init(&s, 12, 0, 0, TS_MECH_SERVICE, (uint32_t)kind);
        double m = 0.0, m2 = 0.0;
        for (int i = 0; i < N; i++) {
            double x = ts_desk_handling(&d, ts_stream_uniform_pos(&s));
            assert_true(x > 0.0);
            m += x;
            m2 += x * x;
        }
        m /= N;
        double var = m2 / N - m * m;
        assert_within_4se(m, 6.0, sd / sqrt(N));
        /* the sample sd: its se is about sd sqrt((kurtosis - 1) / 4N); a generous 10% bound */
        assert_true(fabs(sqrt(var) - sd) < 0.1 * sd);
        ts_desk_release(&d);
    }
    ts_scenario_release(&sc);
}

static int cmp_conv(const void *a, const void *b)
{
    const ts_conv *x = a, *y = b;
    if (x->arrival != y->arrival)
        return x->arrival < y->arrival ? -1 : 1;
    return (x->seq > y->seq) - (x->seq < y->seq);
}

/* ts_conv_sort agrees with qsort on (arrival, seq), ties included, at every small and large size. */
static void test_sort(void **state)
{
    (void)state;
    ts_stream s;
    ts_stream_init(&s, 5, 0, 0, TS_MECH_QUEUE, 0);
    /* spans: 50 whole minutes (many ties), a day in fractions of minutes, and 20000 minutes
       (the quicksort); with and without scratch */
    static const double spans[] = {50, 1440, 20000};
    for (size_t k = 0; k < 6; k++)
    for (size_t n = 0; n < 300; n += (n < 40 ? 1 : 37)) {
        ts_conv *a = ts_xcalloc(n + 1, sizeof *a), *b = ts_xcalloc(n + 1, sizeof *b);
        ts_conv *scratch = k % 2 ? ts_xcalloc(n + 1, sizeof *scratch) : NULL;
        for (size_t i = 0; i < n; i++) {
            uint32_t w = ts_stream_u32(&s);
            a[i].arrival = k / 2 == 0 ? (double)(w % 50) : -7000.0 + spans[k / 2] * ts_u01(w);
            a[i].seq = (uint32_t)(n - i);
        }
        memcpy(b, a, n * sizeof *a);
        const ts_conv *sorted = ts_conv_sort(a, n, scratch);
        assert_true(sorted == a || sorted == scratch);
        qsort(b, n, sizeof *b, cmp_conv);
        for (size_t i = 0; i < n; i++) {
            assert_true(sorted[i].arrival == b[i].arrival);
            assert_int_equal(sorted[i].seq, b[i].seq);
        }
        free(scratch);
        free(a);
        free(b);
    }
}

/* ---- one replication's reply statistics --------------------------------------- */

/*
** Five conversations on Monday 2027-03-01 (day 0) 09:xx and one on Tuesday
** 10:xx, waits 1, 2, 3, 4, 100 and 2000 minutes, one in warm-up (ignored):
** mean 2110/6, type-7 p50 3.5, p90 1050, share within 3 minutes 3/6,
** within 60 4/6, within 1440 5/6; hour 9 (Monday) has 5 with p90 61.6;
** hour 24 + 10 has one; day 0's share within 3 is 3/5, day 1's 0, day 2's
** undefined.
*/
static void test_reply_stats(void **state)
{
    (void)state;
    ts_scenario *sc = team_scenario(3, 2, 1.0);
    ts_reply_acc *a = ts_reply_acc_new(sc);
    assert_non_null(a);
    size_t nf = ts_reply_fields(sc);
    assert_int_equal(nf, TS_REPLY_DAY + 3);
    double *out = ts_xcalloc(nf, sizeof *out);
    for (int round = 0; round < 2; round++) { /* a reset forgets the first round */
        ts_reply_acc_reset(a);
        const double w[5] = {4, 1, 100, 3, 2};
        for (int i = 0; i < 5; i++) {
            ts_reply r = {9 * 60.0 + i, w[i], i % 2 == 0};
            ts_reply_acc_visit(&r, a);
        }
        ts_reply r = {1440.0 + 10 * 60.0 + 5, 2000.0, true};
        ts_reply_acc_visit(&r, a);
        ts_reply warm = {-100.0, 5.0, true};
        ts_reply_acc_visit(&warm, a);
        ts_reply_acc_finish(a, out);
    }
    assert_double_near(out[TS_REPLY_N], 6.0, 0.0);
    assert_double_near(out[TS_REPLY_MEAN], 2110.0 / 6.0, 1e-12);
    assert_double_near(out[TS_REPLY_P50], 3.5, 1e-12);
    assert_double_near(out[TS_REPLY_P90], 100.0 + 0.5 * 1900.0, 1e-9); /* (6-1) x 0.9 = 4.5 */
    assert_double_near(out[TS_REPLY_LE3], 0.5, 0.0);
    assert_double_near(out[TS_REPLY_LE60], 4.0 / 6.0, 1e-15);
    assert_double_near(out[TS_REPLY_LE1440], 5.0 / 6.0, 1e-15);
    const double *h9 = out + TS_REPLY_WEEK + 3 * 9;
    assert_double_near(h9[0], 5.0, 0.0);
    assert_double_near(h9[1], 22.0, 1e-12);
    assert_double_near(h9[2], 4.0 + 0.6 * 96.0, 1e-9); /* (5-1) x 0.9 = 3.6 */
    assert_double_near(out[TS_REPLY_WEEK + 3 * 34], 1.0, 0.0);
    assert_true(isnan(out[TS_REPLY_WEEK + 3 * 8 + 1]));
    assert_double_near(out[TS_REPLY_DAY + 0], 0.6, 1e-15);
    assert_double_near(out[TS_REPLY_DAY + 1], 0.0, 0.0);
    assert_true(isnan(out[TS_REPLY_DAY + 2]));
    free(out);
    ts_reply_acc_free(a);
    sc->service.team.present = false;
    assert_int_equal(ts_reply_fields(sc), 0);
    assert_null(ts_reply_acc_new(sc));
    ts_scenario_free(sc);
}

/* ---- the flag it gives orders -------------------------------------------------- */

typedef struct {
    size_t shipped, slow, disputed, slow_disputed;
    bool day_ok;
} slow_count;

static void count_slow(const ts_order *o, void *ctx)
{
    slow_count *c = ctx;
    if (!(o->flags & TS_ORDER_DISPATCHED))
        return;
    c->shipped++;
    if (o->flags & TS_ORDER_SLOW_REPLY) {
        c->slow++;
        int32_t contact = o->delivery != TS_NEVER ? o->delivery : o->event_day[TS_EV_LOST];
        /* more than slow_reply_minutes (a day) after the contact: known a day later at least */
        if (!(o->slow_reply_day >= contact + 1))
            c->day_ok = false;
    } else if (o->slow_reply_day != TS_NEVER) {
        c->day_ok = false;
    }
}

/*
** A team on duty one hour a week (Monday 9-10 h) cannot answer a day's
** conversations: nearly every post-sale conversation waits more than 1440
** minutes, so about the share of orders opening one (noisy-or of base 0.05
** and the flags) is slow, each known at least a day after its contact;
** a team on duty all day with many agents gives no slow reply. Without a
** team the Bernoulli slow_reply_prob holds (4 SE).
*/
static void test_slow_flag(void **state)
{
    (void)state;
    ts_scenario *sc = team_scenario(60, 30, 40.0);
    ts_team *t = &sc->service.team;
    t->pre_sale_per_order = 0.2;
    t->shifts[0].start_hour = 9;
    t->shifts[0].end_hour = 10;
    t->shifts[0].weekdays = 0x01;
    double *money = ts_xcalloc(ts_money_fields(sc), sizeof *money);

    slow_count bad = {0, 0, 0, 0, true};
    ts_sim *sim = ts_sim_new(sc);
    ts_sim_run(sim, 0, count_slow, &bad, money);
    ts_sim_free(sim);
    assert_true(bad.day_ok);
    /* the share opening a conversation: at least the base 0.05 */
    double share = (double)bad.slow / (double)bad.shipped;
    assert_true(share > 0.05 && share < 0.12);

    t->shifts[0] = (ts_shift){t->shifts[0].name, 20, 0, 24, 0x7f, 2};
    slow_count good = {0, 0, 0, 0, true};
    sim = ts_sim_new(sc);
    ts_sim_run(sim, 0, count_slow, &good, money);
    ts_sim_free(sim);
    assert_int_equal(good.slow, 0);
    assert_true(good.day_ok);

    t->present = false;
    sc->service.slow_reply_prob = 0.1;
    slow_count bern = {0, 0, 0, 0, true};
    sim = ts_sim_new(sc);
    for (uint64_t r = 0; r < 5; r++)
        ts_sim_run(sim, r, count_slow, &bern, money);
    ts_sim_free(sim);
    double p = (double)bern.slow / (double)bern.shipped;
    assert_within_4se(p, 0.1, sqrt(0.09 / (double)bern.shipped));
    assert_true(bern.day_ok);
    free(money);
    ts_scenario_free(sc);
}

int main(void)
{
    gsl_set_error_handler_off(); /* as the program does (sim/cli/main.c) */
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_erlang_c_1),
        cmocka_unit_test(test_erlang_c_3),
        cmocka_unit_test(test_erlang_c_8),
        cmocka_unit_test(test_closed_hours),
        cmocka_unit_test(test_arrival_profile),
        cmocka_unit_test(test_handling),
        cmocka_unit_test(test_sort),
        cmocka_unit_test(test_reply_stats),
        cmocka_unit_test(test_slow_flag),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
