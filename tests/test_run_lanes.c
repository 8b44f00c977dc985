/*
** test_run_lanes.c — lanes (docs/model.md §16): a carrier's own
** promised_delivery_days. The late share of each lane equals its closed form
** P(handling + max(1, ceil T) > promise) = P(T > promise - handling) for gamma
** T; a lost parcel's event falls on pay + its lane's promise; a carrier
** without its own promise follows the fulfilment-level one (also when a
** variant changes that), and a scenario whose lanes all repeat it simulates
** exactly the orders of one without lanes.
*/
#include "testutil.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_cdf.h>

#include "study.h"
#include "world.h"

static const char LANES[] =
    "{\"start\": \"2027-01-01\", \"days\": 400, \"seed\": 9, \"warmup_days\": 0,"
    " \"volume\": {\"daily_orders\": 50},"
    " \"fulfilment\": {\"handling_days\": 2, \"ship_deadline_days\": 7, \"stockout_prob\": 0,"
    "   \"promised_delivery_days\": 45,"
    "   \"carriers\": [{\"name\": \"near\", \"share\": 0.5, \"transit_mean\": 8, \"transit_sd\": 3,"
    "                   \"lost_prob\": 0.02, \"promised_delivery_days\": 12},"
    "                  {\"name\": \"far\", \"share\": 0.5, \"transit_mean\": 25, \"transit_sd\": 6,"
    "                   \"lost_prob\": 0.02, \"promised_delivery_days\": 35}]},"
    " \"variants\": [{\"name\": \"promise 50\", \"set\": {\"fulfilment.promised_delivery_days\": 50}}]}";

typedef struct {
    const ts_scenario *sc;
    double delivered[2], late[2];
    size_t lost_checked;
} lane_counts;

static void count_lanes(const ts_order *o, void *ctx)
{
    lane_counts *c = ctx;
    if (o->carrier < 0)
        return;
    int32_t promise = c->sc->fulfilment.carriers[o->carrier].promised_delivery_days;
    if (o->flags & TS_ORDER_LOST) {
        assert_int_equal(o->event_day[TS_EV_LOST], o->pay + promise);
        c->lost_checked++;
        return;
    }
    c->delivered[o->carrier] += 1;
    bool late = (o->flags & TS_ORDER_LATE) != 0;
    assert_true(late == (o->delivery > o->pay + promise));
    c->late[o->carrier] += late;
}

static void test_late_share(void **state)
{
    (void)state;
    ts_error err = {0};
    ts_study *st = ts_study_load_buffer("lanes.json", LANES, strlen(LANES), NULL, 0, &err);
    assert_non_null(st);
    const ts_scenario *sc = st->variants[0].scenario;
    lane_counts c = {.sc = sc};
    ts_sim *sim = ts_sim_new(sc);
    double money[16];
    ts_sim_run(sim, 0, count_lanes, &c, money);
    ts_sim_free(sim);
    assert_true(c.lost_checked > 100);
    for (int k = 0; k < 2; k++) {
        const ts_carrier *car = &sc->fulfilment.carriers[k];
        double m = car->transit_mean_days, s = car->transit_sd_days;
        double p = gsl_cdf_gamma_Q(car->promised_delivery_days - sc->fulfilment.handling_days, m * m / (s * s),
                                   s * s / m);
        double share = c.late[k] / c.delivered[k];
        print_message("lane %s: late %.4f, closed form %.4f (n %.0f)\n", car->name, share, p, c.delivered[k]);
        assert_within_4se(share, p, sqrt(p * (1 - p) / c.delivered[k]));
    }
    ts_study_free(st);
}

/* Lane defaults: the fulfilment-level promise, in the base and in a variant that changes it. */
static void test_lane_defaults(void **state)
{
    (void)state;
    const char *text = "{\"start\": \"2027-01-01\", \"days\": 10, \"volume\": {\"daily_orders\": 5},"
                       " \"fulfilment\": {\"promised_delivery_days\": 30, \"carriers\": ["
                       "  {\"share\": 0.5, \"transit_mean\": 9, \"transit_sd\": 2, \"lost_prob\": 0},"
                       "  {\"share\": 0.5, \"transit_mean\": 9, \"transit_sd\": 2, \"lost_prob\": 0,"
                       "   \"promised_delivery_days\": 20}]},"
                       " \"variants\": [{\"name\": \"v\", \"set\": {\"fulfilment.promised_delivery_days\": 40}}]}";
    ts_error err = {0};
    ts_study *st = ts_study_load_buffer("d.json", text, strlen(text), NULL, 0, &err);
    assert_non_null(st);
    assert_int_equal(st->variants[0].scenario->fulfilment.carriers[0].promised_delivery_days, 30);
    assert_int_equal(st->variants[0].scenario->fulfilment.carriers[1].promised_delivery_days, 20);
    assert_int_equal(st->variants[1].scenario->fulfilment.carriers[0].promised_delivery_days, 40);
    assert_int_equal(st->variants[1].scenario->fulfilment.carriers[1].promised_delivery_days, 20);
    ts_study_free(st);

    /* the default carrier follows too */
    const char *plain = "{\"start\": \"2027-01-01\", \"days\": 10, \"volume\": {\"daily_orders\": 5},"
                        " \"fulfilment\": {\"promised_delivery_days\": 33}}";
    st = ts_study_load_buffer("p.json", plain, strlen(plain), NULL, 0, &err);
    assert_non_null(st);
    assert_int_equal(st->variants[0].scenario->fulfilment.carriers[0].promised_delivery_days, 33);
    ts_study_free(st);

    /* a lane promise not after the ship deadline */
    const char *bad = "{\"start\": \"2027-01-01\", \"days\": 10, \"volume\": {\"daily_orders\": 5},"
                      " \"fulfilment\": {\"carriers\": [{\"share\": 1, \"transit_mean\": 9, \"transit_sd\": 2,"
                      " \"lost_prob\": 0, \"promised_delivery_days\": 7}]}}";
    assert_null(ts_study_load_buffer("b.json", bad, strlen(bad), NULL, 0, &err));
    assert_int_equal(err.count, 1);
    assert_non_null(strstr(err.messages[0], "b.json: fulfilment.carriers[0].promised_delivery_days: expected "
                                            "ship_deadline_days < every lane's promise, found ship_deadline_days 7 "
                                            "and promised_delivery_days 7"));
    ts_error_clear(&err);
}

typedef struct {
    ts_order *o;
    size_t n, cap;
} order_list;

static void keep(const ts_order *o, void *ctx)
{
    order_list *l = ctx;
    if (l->n == l->cap) {
        l->cap = l->cap ? 2 * l->cap : 1024;
        l->o = realloc(l->o, l->cap * sizeof *l->o);
        assert_non_null(l->o);
    }
    l->o[l->n++] = *o;
}

/* Lanes that repeat the fulfilment-level promise: the very same orders, byte for byte. */
static void test_same_without_lanes(void **state)
{
    (void)state;
    const char *a = "{\"start\": \"2027-01-01\", \"days\": 60, \"seed\": 4, \"volume\": {\"daily_orders\": 30},"
                    " \"fulfilment\": {\"promised_delivery_days\": 20, \"carriers\": ["
                    "  {\"share\": 0.6, \"transit_mean\": 12, \"transit_sd\": 5, \"lost_prob\": 0.05},"
                    "  {\"share\": 0.4, \"transit_mean\": 16, \"transit_sd\": 6, \"lost_prob\": 0.05}]}}";
    const char *b = "{\"start\": \"2027-01-01\", \"days\": 60, \"seed\": 4, \"volume\": {\"daily_orders\": 30},"
                    " \"fulfilment\": {\"promised_delivery_days\": 20, \"carriers\": ["
                    "  {\"share\": 0.6, \"transit_mean\": 12, \"transit_sd\": 5, \"lost_prob\": 0.05,"
                    "   \"promised_delivery_days\": 20},"
                    "  {\"share\": 0.4, \"transit_mean\": 16, \"transit_sd\": 6, \"lost_prob\": 0.05,"
                    "   \"promised_delivery_days\": 20}]}}";
    ts_error err = {0};
    ts_study *sa = ts_study_load_buffer("a.json", a, strlen(a), NULL, 0, &err);
    ts_study *sb = ts_study_load_buffer("b.json", b, strlen(b), NULL, 0, &err);
    assert_non_null(sa);
    assert_non_null(sb);
    order_list la = {0}, lb = {0};
    double money[16];
    ts_sim *x = ts_sim_new(sa->variants[0].scenario), *y = ts_sim_new(sb->variants[0].scenario);
    ts_sim_run(x, 2, keep, &la, money);
    ts_sim_run(y, 2, keep, &lb, money);
    assert_int_equal(la.n, lb.n);
    size_t late = 0;
    for (size_t i = 0; i < la.n; i++) {
        assert_int_equal(la.o[i].pay, lb.o[i].pay);
        assert_int_equal(la.o[i].delivery, lb.o[i].delivery);
        assert_int_equal(la.o[i].flags, lb.o[i].flags);
        assert_memory_equal(la.o[i].event_day, lb.o[i].event_day, sizeof la.o[i].event_day);
        late += (la.o[i].flags & TS_ORDER_LATE) != 0;
    }
    assert_true(late > 0);
    ts_sim_free(x);
    ts_sim_free(y);
    free(la.o);
    free(lb.o);
    ts_study_free(sa);
    ts_study_free(sb);
}

int main(void)
{
    gsl_set_error_handler_off();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_late_share),
        cmocka_unit_test(test_lane_defaults),
        cmocka_unit_test(test_same_without_lanes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
