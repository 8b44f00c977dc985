/*
** test_run_export.c — `run --export-orders` (docs/data-format.md "Exports
** written by tiersim"): one row per order of the horizon, in pay-day order,
** nothing shown that happens after the horizon's last day, dispatch and
** delivery exactly as the model's fixed rules give them, byte-identical for
** the same seed and replication.
*/
#include "testutil.h"

#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "export.h"
#include "orders.h"
#include "study.h"
#include "world.h"

/*
** 40 days of 25 orders a day, transit fixed at 6.5 days (delivery on
** dispatch + 7), handling 2, every buyer leaves feedback, disputes often.
*/
static const char SCENARIO[] =
    "{\"start\": \"2027-03-01\", \"days\": 40, \"seed\": 11, \"warmup_days\": 20,"
    " \"volume\": {\"daily_orders\": 25},"
    " \"fulfilment\": {\"handling_days\": 2, \"stockout_prob\": 0.05, \"promised_delivery_days\": 20,"
    "   \"carriers\": [{\"name\": \"a, b\", \"share\": 0.5, \"transit_mean\": 6.5, \"transit_sd\": 0, \"lost_prob\": 0.05},"
    "                  {\"name\": \"plain\", \"share\": 0.5, \"transit_mean\": 6.5, \"transit_sd\": 0, \"lost_prob\": 0.05}]},"
    " \"product\": {\"quality_defect_prob\": 0.2},"
    " \"buyers\": {\"feedback_prob\": 1.0, \"dispute\": {\"base\": 0.1}}}";

#define NCOLS 24

/* Split one CSV line (fields without line breaks) into cells; quotes removed, "" kept as ". */
static size_t split(const char *line, char cells[NCOLS][64])
{
    size_t n = 0, k = 0;
    bool q = false;
    for (const char *p = line;; p++) {
        if (q && *p == '"' && p[1] == '"') {
            cells[n][k++] = '"';
            p++;
        } else if (*p == '"') {
            q = !q;
        } else if (!q && (*p == ',' || *p == '\0')) {
            cells[n][k] = '\0';
            n++;
            k = 0;
            if (*p == '\0' || n == NCOLS)
                return n;
        } else if (k < 63) {
            cells[n][k++] = *p;
        }
    }
}

static int32_t day_of(const char *cell, ts_civil start)
{
    ts_civil d;
    assert_true(ts_date_parse(cell, &d));
    return (int32_t)(d - start);
}

static void count_orders(const ts_order *o, void *ctx)
{
    if (o->pay >= 0 && o->pay < 40)
        (*(size_t *)ctx)++;
}

static void test_export_rows(void **state)
{
    (void)state;
    ts_error err = {0};
    ts_study *st = ts_study_load_buffer("export.json", SCENARIO, strlen(SCENARIO), NULL, 0, &err);
    assert_non_null(st);
    const ts_scenario *sc = st->variants[0].scenario;
    size_t len, rows;
    char *csv = ts_export_orders_csv(sc, 3, &len, &rows);
    assert_int_equal(strlen(csv), len);

    /* as many rows as the same replication has orders in the horizon */
    size_t expect = 0;
    ts_sim *sim = ts_sim_new(sc);
    double money[16];
    ts_sim_run(sim, 3, count_orders, &expect, money);
    ts_sim_free(sim);
    assert_int_equal(rows, expect);
    assert_true(rows > 800);

    char *save = NULL, *line = strtok_r(csv, "\r\n", &save);
    assert_string_equal(line, "order_id,paid_at,value,currency,promised_days,closed_unshipped_at,dispatched_at,"
                              "carrier,delivered_at,lost,dispute_opened_at,dispute_reason,dispute_replied,"
                              "arbitration_at,ruling,dispute_closed_at,feedback_at,stars,dsr_description,"
                              "dsr_communication,dsr_shipping,revised_at,revised_stars,gift_tier");
    size_t n = 0, closed = 0, lost = 0, delivered = 0, disputes = 0, feedback = 0, quoted = 0;
    int32_t last_pay = -1;
    while ((line = strtok_r(NULL, "\r\n", &save)) != NULL) {
        char c[NCOLS][64];
        assert_int_equal(split(line, c), NCOLS);
        n++;
        int32_t pay = day_of(c[1], sc->start);
        assert_true(pay >= last_pay && pay >= 0 && pay < 40);
        last_pay = pay;
        assert_string_equal(c[4], "20");
        /* nothing after the horizon's last day (39) */
        for (int k = 5; k < 22; k++)
            if (strlen(c[k]) == 10 && c[k][4] == '-')
                assert_true(day_of(c[k], sc->start) <= 39);
        if (*c[5]) { /* closed unshipped on pay + handling (stock-out, no capacity) */
            closed++;
            assert_int_equal(day_of(c[5], sc->start), pay + 2);
            assert_string_equal(c[6], "");
        }
        if (*c[6]) {
            assert_int_equal(day_of(c[6], sc->start), pay + 2);
            assert_true(strcmp(c[7], "a, b") == 0 || strcmp(c[7], "plain") == 0);
            quoted += strcmp(c[7], "a, b") == 0;
        }
        if (*c[8]) { /* ceil(6.5) = 7 days of transit */
            delivered++;
            assert_int_equal(day_of(c[8], sc->start), pay + 2 + 7);
            assert_string_equal(c[9], "");
        }
        if (*c[9]) { /* a lost parcel shows on pay + promised days */
            lost++;
            assert_true(pay + 20 <= 39);
        }
        if (*c[10]) {
            disputes++;
            assert_true(*c[11]);
        }
        if (*c[16]) {
            feedback++;
            assert_true(c[17][0] >= '1' && c[17][0] <= '5');
            assert_non_null(*c[8] ? c[8] : NULL); /* only delivered orders leave feedback */
        }
    }
    assert_int_equal(n, rows);
    assert_true(closed > 0 && lost > 0 && delivered > 0 && disputes > 0 && feedback > 0 && quoted > 0);
    free(csv);

    /* the same replication twice: the same bytes; another replication: others */
    size_t l1, l2, l3, r;
    char *a = ts_export_orders_csv(sc, 3, &l1, &r), *b = ts_export_orders_csv(sc, 3, &l2, &r);
    char *c = ts_export_orders_csv(sc, 4, &l3, &r);
    assert_int_equal(l1, l2);
    assert_memory_equal(a, b, l1);
    assert_true(l1 != l3 || memcmp(a, c, l1) != 0);
    free(a);
    free(b);
    free(c);
    ts_study_free(st);
}

/*
** The reader reads back exactly what the writer wrote: every row, the
** carriers (one name quoted for its comma), dates, stars and flags, with
** nothing noted or refused (docs/data-format.md).
*/
static void test_export_reads_back(void **state)
{
    (void)state;
    ts_error err = {0};
    ts_study *st = ts_study_load_buffer("export.json", SCENARIO, strlen(SCENARIO), NULL, 0, &err);
    assert_non_null(st);
    const ts_scenario *sc = st->variants[0].scenario;
    size_t len, rows;
    char *csv = ts_export_orders_csv(sc, 5, &len, &rows);
    ts_orders h;
    assert_int_equal(ts_orders_read_buffer("sim.csv", csv, len, NULL, &h, &err), TS_OK);
    assert_int_equal(err.count, 0);
    assert_int_equal(h.n_orders, rows);
    assert_int_equal(h.n_notes, 0);
    assert_int_equal(h.n_carriers, 2);
    assert_true(strcmp(h.carriers[0], "a, b") == 0 || strcmp(h.carriers[1], "a, b") == 0);
    assert_string_equal(h.currency, "USD");
    assert_int_equal(h.first_paid, sc->start);
    assert_int_equal(h.last_paid, sc->start + 39);
    assert_true(h.last_event <= sc->start + 39);
    size_t delivered = 0, lost = 0, stars = 0;
    for (size_t i = 0; i < h.n_orders; i++) {
        const ts_hist_order *o = &h.orders[i];
        assert_int_equal(o->promised_days, 20);
        if (o->delivered != TS_NO_DATE) {
            delivered++;
            assert_int_equal(o->delivered, o->paid + 9);
            assert_true(o->carrier >= 0);
        }
        lost += o->lost ? 1u : 0u;
        if (o->stars) {
            stars++;
            assert_true(o->feedback != TS_NO_DATE && o->dsr[0] >= 1 && o->dsr[2] <= 5);
        }
        if (o->ruling >= 0)
            assert_true(o->arbitration != TS_NO_DATE);
    }
    assert_true(delivered > 0 && lost > 0 && stars > 0);
    ts_orders_release(&h);
    free(csv);
    ts_study_free(st);
}

/* The option through the binary: the file is written next to the results. */
static void test_export_cli(void **state)
{
    (void)state;
    char *dir = ts_test_tmpdir();
    char *sc = ts_xasprintf("%s/s.json", dir), *out = ts_xasprintf("%s/out", dir);
    char *csv = ts_xasprintf("%s/orders.csv", dir);
    ts_test_write_file(sc, SCENARIO);
    const char *args[] = {"run", sc, "-o", out, "--no-plots", "--replications", "2", "--export-orders", csv, NULL};
    ts_test_proc p = ts_test_run(args, NULL);
    assert_int_equal(p.exit_code, 0);
    assert_non_null(strstr(p.err, "orders: "));
    size_t len;
    char *text = ts_test_read_file(csv, &len);
    assert_non_null(text);
    assert_true(strncmp(text, "order_id,paid_at,", 17) == 0);
    free(text);
    ts_test_proc_free(&p);
    /* and the reader reads it back through bench --read-orders */
    const char *bargs[] = {"bench", "--read-orders", csv, NULL};
    p = ts_test_run(bargs, NULL);
    assert_int_equal(p.exit_code, 0);
    assert_non_null(strstr(p.out, " orders (the tiersim format) in "));
    ts_test_proc_free(&p);
    ts_test_rmtree(dir);
    free(sc);
    free(out);
    free(csv);
    free(dir);
}

int main(void)
{
    gsl_set_error_handler_off();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_export_rows),
        cmocka_unit_test(test_export_reads_back),
        cmocka_unit_test(test_export_cli),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
