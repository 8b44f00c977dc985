/*
** test_load_orders.c — the order export reader (docs/data-format.md): RFC 4180
** cases (quoted commas, quotes and line breaks, BOM, CRLF and LF, a last line
** without an end), rows counted as records, header names in any case and
** order, every bad cell and row reported with row and column (capped), the
** consistency checks, and column maps (shipped, recognised, given).
*/
#include "testutil.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "orders.h"

static ts_status read_text(const char *text, const ts_colmap *map, ts_orders *h, ts_error *err)
{
    return ts_orders_read_buffer("shop.csv", text, strlen(text), map, h, err);
}

/* Whether some message of err contains every one of the NULL-ended words. */
static bool has_message(const ts_error *err, ...)
{
    for (size_t i = 0; i < err->count; i++) {
        va_list ap;
        va_start(ap, err);
        bool all = true;
        for (const char *w = va_arg(ap, const char *); w != NULL; w = va_arg(ap, const char *))
            if (strstr(err->messages[i], w) == NULL)
                all = false;
        va_end(ap);
        if (all)
            return true;
    }
    return false;
}

static void test_rfc4180(void **state)
{
    (void)state;
    /* BOM, CRLF, upper-case names in another order, an unknown column, a quoted comma, a
       doubled quote and a line break inside a field, and no line end at the very end */
    const char *text = "\xEF\xBB\xBF" "Paid_At,ORDER_ID,value,carrier,note,delivered_at\r\n"
                       "2027-01-02,A1,10.5,\"Cainiao, standard\",\"said \"\"hi\"\"\",2027-01-20\r\n"
                       "2027-01-03 10:30,A2,0,,\"two\r\nlines\",\n"
                       "2027/01/04 23:59,\"A3\",7,Cainiao, standard,x,";
    ts_orders h;
    ts_error err = {0};
    /* the last row has 7 fields (an unquoted comma): reported with its row */
    assert_int_equal(read_text(text, NULL, &h, &err), TS_EINVAL);
    assert_true(has_message(&err, "shop.csv: row 4: 7 fields, the header has 6", NULL));
    assert_int_equal(err.count, 1);
    ts_error_clear(&err);

    const char *good = "\xEF\xBB\xBF" "Paid_At,ORDER_ID,value,carrier,note,delivered_at\r\n"
                       "2027-01-02,A1,10.5,\"Cainiao, standard\",\"said \"\"hi\"\"\",2027-01-20\r\n"
                       "2027-01-03 10:30,A2,0,,\"two\r\nlines\",\n"
                       "2027/01/04 23:59,\"A3\",7,\"Cainiao, standard\",x,";
    assert_int_equal(read_text(good, NULL, &h, &err), TS_OK);
    assert_int_equal(err.count, 0);
    assert_int_equal(h.n_orders, 3);
    assert_string_equal(ts_orders_id(&h, &h.orders[0]), "A1");
    assert_string_equal(ts_orders_id(&h, &h.orders[2]), "A3");
    assert_int_equal(h.orders[2].row, 4); /* the line break inside row 3 does not count */
    assert_int_equal(h.n_carriers, 1);
    assert_string_equal(h.carriers[0], "Cainiao, standard");
    assert_int_equal(h.orders[0].carrier, 0);
    assert_int_equal(h.orders[1].carrier, -1);
    assert_int_equal(h.orders[2].carrier, 0);
    assert_double_near(h.orders[0].value, 10.5, 0);
    assert_int_equal(h.orders[0].paid, ts_date_from_ymd(2027, 1, 2));
    assert_int_equal(h.orders[0].paid_minute, -1);
    assert_int_equal(h.orders[1].paid_minute, 10 * 60 + 30);
    assert_int_equal(h.orders[2].paid, ts_date_from_ymd(2027, 1, 4));
    assert_int_equal(h.orders[2].paid_minute, 23 * 60 + 59);
    assert_int_equal(h.orders[0].delivered, ts_date_from_ymd(2027, 1, 20));
    assert_int_equal(h.orders[1].delivered, TS_NO_DATE);
    assert_true(h.has[TS_COL_DELIVERED_AT] && !h.has[TS_COL_STARS]);
    assert_int_equal(h.first_paid, ts_date_from_ymd(2027, 1, 2));
    assert_int_equal(h.last_paid, ts_date_from_ymd(2027, 1, 4));
    assert_int_equal(h.last_event, ts_date_from_ymd(2027, 1, 20));
    assert_int_equal(h.n_notes, 1);
    assert_non_null(strstr(h.notes[0], "\"note\""));
    assert_string_equal(h.columns_from, "the tiersim format");
    ts_orders_release(&h);

    /* LF only, every optional column */
    const char *full =
        "order_id,paid_at,value,currency,promised_days,closed_unshipped_at,dispatched_at,carrier,delivered_at,"
        "lost,dispute_opened_at,dispute_reason,dispute_replied,arbitration_at,ruling,dispute_closed_at,"
        "feedback_at,stars,dsr_description,dsr_communication,dsr_shipping,revised_at,revised_stars,gift_tier,"
        "first_reply_minutes\n"
        "B1,2027-02-01,20,USD,30,,2027-02-03,post,,yes,2027-03-03,not_received,1,2027-03-10,seller,2027-03-20,"
        ",,,,,,,big,12.5\n"
        "B2,2027-02-01,20,USD,,2027-02-08,,,,,,,,,,,,,,,,,,,\n"
        "B3,2027-02-02,20,,,,2027-02-04,post,2027-02-15,no,,,,,,,2027-02-20,2,3,4,5,2027-02-25,5,,\n";
    assert_int_equal(read_text(full, NULL, &h, &err), TS_OK);
    assert_int_equal(h.n_orders, 3);
    const ts_hist_order *b1 = &h.orders[0], *b2 = &h.orders[1], *b3 = &h.orders[2];
    assert_int_equal(b1->lost, 1);
    assert_int_equal(b1->promised_days, 30);
    assert_int_equal(b1->reason, TS_REASON_NOT_RECEIVED);
    assert_int_equal(b1->replied, 1);
    assert_int_equal(b1->ruling, 1);
    assert_int_equal(b1->gift_tier, 0);
    assert_double_near(b1->first_reply_minutes, 12.5, 0);
    assert_int_equal(b2->closed_unshipped, ts_date_from_ymd(2027, 2, 8));
    assert_int_equal(b2->promised_days, -1);
    assert_int_equal(b2->replied, -1);
    assert_int_equal(b2->ruling, -1);
    assert_true(isnan(b2->first_reply_minutes));
    assert_int_equal(b3->lost, 0);
    assert_int_equal(b3->stars, 2);
    assert_int_equal(b3->dsr[0], 3);
    assert_int_equal(b3->dsr[2], 5);
    assert_int_equal(b3->revised_stars, 5);
    assert_string_equal(h.currency, "USD");
    assert_int_equal(h.n_notes, 0);
    ts_orders_release(&h);
}

static void test_bad_cells(void **state)
{
    (void)state;
    const char *text =
        "order_id,paid_at,value,currency,delivered_at,lost,stars,ruling,arbitration_at,dispute_reason,closed_unshipped_at\n"
        "C1,2027-13-01,5,USD,,,,,,,\n"      /* no month 13 */
        "C2,2027-01-01,-1,USD,,,,,,,\n"     /* negative value */
        "C3,2027-01-01,5,EUR,,,,,,,\n"      /* a second currency */
        "C4,2027-01-01,5,,2027-01-05,1,,,,,\n" /* delivered and lost */
        "C5,2027-01-01,5,,,maybe,6,,,,\n"   /* two bad cells in one row */
        "C6,2027-01-01,5,,,,,seller,,,\n"   /* a ruling without arbitration */
        "C7,2027-01-09,5,,2027-01-05,,,,,,\n" /* delivered before paid */
        "C8,2027-01-01,5,,,,,,,lost,\n"     /* an unknown reason */
        "C9,2027-01-01,5,,2027-01-09,,,,,,2027-01-03\n" /* delivered and closed unshipped */
        "C1,2027-01-01,5,,,,,,,,\n"         /* a good row, but C1 ... (C1's row was bad: no dup) */
        "C10,2027-01-01,5,,,,,,,,\n"
        "C10,2027-01-02,5,,,,,,,,\n";       /* a duplicate id */
    ts_orders h;
    ts_error err = {0};
    assert_int_equal(read_text(text, NULL, &h, &err), TS_EINVAL);
    assert_true(has_message(&err, "shop.csv: row 2, column 'paid_at': expected", "found \"2027-13-01\"", NULL));
    assert_true(has_message(&err, "row 3, column 'value': expected the order value, a number >= 0, found \"-1\"", NULL));
    assert_true(has_message(&err, "row 4, column 'currency'", "\"USD\" so far", "\"EUR\"", NULL));
    assert_true(has_message(&err, "row 5: delivered_at and lost both given", NULL));
    assert_true(has_message(&err, "row 6, column 'lost'", "\"maybe\"", NULL));
    assert_true(has_message(&err, "row 6, column 'stars': expected stars 1..5, found \"6\"", NULL));
    assert_true(has_message(&err, "row 7, column 'ruling': a ruling without arbitration_at", NULL));
    assert_true(has_message(&err, "row 8, column 'delivered_at': 2027-01-05 is before paid_at 2027-01-09", NULL));
    assert_true(has_message(&err, "row 9, column 'dispute_reason'", "\"lost\"", NULL));
    assert_true(has_message(&err, "row 10: delivered_at and closed_unshipped_at both given", NULL));
    assert_true(has_message(&err, "row 13, column 'order_id': \"C10\" is already the id of row 12", NULL));
    assert_false(has_message(&err, "row 11", NULL));
    assert_int_equal(err.count, 11);
    assert_int_equal(h.n_orders, 0); /* nothing is kept from a file with problems */
    ts_error_clear(&err);
}

static void test_structure(void **state)
{
    (void)state;
    ts_orders h;
    ts_error err = {0};
    assert_int_equal(read_text("", NULL, &h, &err), TS_EINVAL);
    assert_true(has_message(&err, "shop.csv: the file is empty", NULL));
    ts_error_clear(&err);

    assert_int_equal(read_text("id,date,amount\n1,2027-01-01,3\n", NULL, &h, &err), TS_EINVAL);
    assert_true(has_message(&err, "row 1 (the header): required columns order_id, paid_at, value missing",
                            "\"id\", \"date\", \"amount\"", "--columns", NULL));
    ts_error_clear(&err);

    /* a quote in the middle of an unquoted field stops the reading at its row */
    assert_int_equal(read_text("order_id,paid_at,value\nA,2027-01-01,1\nB,2027-01-0\"1,2\n", NULL, &h, &err),
                     TS_EPARSE);
    assert_true(has_message(&err, "row 3: malformed CSV", NULL));
    ts_error_clear(&err);
    /* a quoted field that never ends */
    assert_int_equal(read_text("order_id,paid_at,value\nA,2027-01-01,\"1\n", NULL, &h, &err), TS_EPARSE);
    assert_true(has_message(&err, "malformed CSV", NULL));
    ts_error_clear(&err);
    /* a NUL byte */
    assert_int_equal(ts_orders_read_buffer("shop.csv", "order_id\0x", 10, NULL, &h, &err), TS_EPARSE);
    assert_true(has_message(&err, "byte 9: a NUL byte", NULL));
    ts_error_clear(&err);

    /* the list is capped: 60 bad rows give TS_ORDERS_MAX_MESSAGES messages and a count */
    ts_buf b = {0};
    ts_buf_puts(&b, "order_id,paid_at,value\n");
    for (int i = 0; i < 60; i++)
        ts_buf_printf(&b, "X%d,yesterday,1\n", i);
    assert_int_equal(read_text(b.s, NULL, &h, &err), TS_EINVAL);
    assert_int_equal(err.count, TS_ORDERS_MAX_MESSAGES + 1);
    assert_true(has_message(&err, "shop.csv: 10 more problems not shown (60 in all)", NULL));
    assert_true(has_message(&err, "row 61, column 'paid_at'", NULL) == false);
    ts_error_clear(&err);
    free(b.s);

    /* a file that cannot be read */
    assert_int_equal(ts_orders_read("/nonexistent/orders.csv", NULL, &h, &err), TS_EIO);
    assert_true(has_message(&err, "/nonexistent/orders.csv: cannot read the file", NULL));
    ts_error_clear(&err);
}

static void test_column_maps(void **state)
{
    (void)state;
    ts_orders h;
    ts_error err = {0};
    /* a Taobao order report is recognised from its header */
    const char *taobao = "订单编号,买家会员名,买家实际支付金额,订单状态,订单付款时间,物流公司\r\n"
                         "1001,tb_a,88.00,交易成功,2027-05-01 09:15:00,中通快递\r\n"
                         "1002,tb_b,x,交易成功,2027-05-02 10:00:00,中通快递\r\n";
    assert_int_equal(read_text(taobao, NULL, &h, &err), TS_EINVAL);
    /* messages name the format's column and the file's own header */
    assert_true(has_message(&err, "row 3, column 'value' (买家实际支付金额): expected", "\"x\"", NULL));
    ts_error_clear(&err);
    const char *taobao_ok = "订单编号,买家会员名,买家实际支付金额,订单状态,订单付款时间,物流公司\r\n"
                            "1001,tb_a,88.00,交易成功,2027-05-01 09:15:00,中通快递\r\n";
    assert_int_equal(read_text(taobao_ok, NULL, &h, &err), TS_OK);
    assert_int_equal(h.n_orders, 1);
    assert_non_null(strstr(h.columns_from, "taobao"));
    assert_double_near(h.orders[0].value, 88.0, 0);
    assert_int_equal(h.orders[0].paid_minute, 9 * 60 + 15);
    assert_string_equal(h.carriers[0], "中通快递");
    assert_non_null(strstr(h.notes[0], "买家会员名"));
    ts_orders_release(&h);

    /* both shipped maps load; an unknown name lists them */
    ts_colmap m;
    assert_int_equal(ts_colmap_load("aliexpress", &m, &err), TS_OK);
    assert_string_equal(m.names[TS_COL_PAID_AT][0], "付款时间");
    ts_colmap_release(&m);
    assert_int_equal(ts_colmap_load("taobao", &m, &err), TS_OK);
    ts_colmap_release(&m);
    assert_int_equal(ts_colmap_load("ebay", &m, &err), TS_EIO);
    assert_true(has_message(&err, "ebay: no such column map", "aliexpress, taobao", NULL));
    ts_error_clear(&err);

    /* a map of one's own: only the columns it names change their names */
    const char *json = "{\"name\": \"mine\", \"columns\": {\"order_id\": \"No.\", \"paid_at\": [\"Paid\", \"Bezahlt\"]}}";
    assert_int_equal(ts_colmap_parse("mine.json", json, strlen(json), &m, &err), TS_OK);
    assert_int_equal(read_text("no.,bezahlt,value\nk1,2027-01-01,3\n", &m, &h, &err), TS_OK);
    assert_int_equal(h.n_orders, 1);
    assert_string_equal(h.columns_from, "the column map mine");
    ts_orders_release(&h);
    /* under a given map the format's own name for a mapped column does not count */
    assert_int_equal(read_text("order_id,paid_at,value\nk1,2027-01-01,3\n", &m, &h, &err), TS_EINVAL);
    assert_true(has_message(&err, "required columns order_id, paid_at missing", NULL));
    ts_error_clear(&err);
    ts_colmap_release(&m);

    const char *bad = "{\"columns\": {\"paid\": \"x\", \"value\": 3, \"order_id\": [\"a\", \"b\", \"c\", \"d\", \"e\"]}, \"extra\": 1}";
    assert_int_equal(ts_colmap_parse("bad.json", bad, strlen(bad), &m, &err), TS_EINVAL);
    assert_true(has_message(&err, "bad.json: columns.paid: not a column of the order export format", NULL));
    assert_true(has_message(&err, "bad.json: columns.value: expected the file's header name", "found 3", NULL));
    assert_true(has_message(&err, "bad.json: columns.order_id: expected", NULL));
    assert_true(has_message(&err, "extra", NULL));
    ts_error_clear(&err);
}

/*
** The files of tests/data/orders: NAME.csv with NAME.expect, whose first line
** is "ok" or "error" and whose other lines are fragments the messages must
** hold (for "ok": "N orders"). Every message starts with the file's path.
*/
static void test_corpus(void **state)
{
    (void)state;
    const char *names[] = {"good-crlf", "bad-cells", "missing-columns", "inconsistent", "unterminated-quote"};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        char *csv = ts_xasprintf("%s/orders/%s.csv", TS_TEST_DATA, names[i]);
        char *exp = ts_xasprintf("%s/orders/%s.expect", TS_TEST_DATA, names[i]);
        char *expect = ts_test_read_file(exp, NULL);
        assert_non_null(expect);
        ts_orders h;
        ts_error err = {0};
        ts_status st = ts_orders_read(csv, NULL, &h, &err);
        char *save = NULL, *line = strtok_r(expect, "\n", &save);
        bool ok = strcmp(line, "ok") == 0;
        if (ok != (st == TS_OK)) {
            for (size_t m = 0; m < err.count; m++)
                print_message("%s\n", err.messages[m]);
            fail_msg("%s: expected %s", names[i], line);
        }
        for (size_t m = 0; m < err.count; m++)
            assert_true(strncmp(err.messages[m], csv, strlen(csv)) == 0);
        while ((line = strtok_r(NULL, "\n", &save)) != NULL) {
            if (ok) {
                assert_int_equal(h.n_orders, (size_t)atoi(line));
            } else if (!has_message(&err, line, NULL)) {
                for (size_t m = 0; m < err.count; m++)
                    print_message("%s\n", err.messages[m]);
                fail_msg("%s: no message holds: %s", names[i], line);
            }
        }
        if (ok)
            ts_orders_release(&h);
        ts_error_clear(&err);
        free(expect);
        free(csv);
        free(exp);
    }
}

int main(void)
{
    gsl_set_error_handler_off();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rfc4180),
        cmocka_unit_test(test_bad_cells),
        cmocka_unit_test(test_structure),
        cmocka_unit_test(test_column_maps),
        cmocka_unit_test(test_corpus),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
