/*
** test_load_csv.c — the CSV table reader (sim/load/csv_table.h): quoted
** commas, doubled quotes and line breaks, CRLF, a byte order mark, blank
** lines skipped, empty cells kept; a malformed quote reported with its row.
*/
#include "testutil.h"

#include <string.h>

#include "csv_table.h"

static void test_quoting(void **state)
{
    (void)state;
    const char text[] = "\xEF\xBB\xBFname,volume.daily_orders,note\r\n"
                        "\"beta, ltd\",150,\"says \"\"hi\"\"\"\r\n"
                        "\r\n"
                        "gamma,,\"two\nlines\"\n"
                        "delta,40,\n";
    ts_csv t;
    ts_error err = {0};
    assert_int_equal(ts_csv_parse("shops.csv", text, sizeof text - 1, &t, &err), TS_OK);
    assert_int_equal(err.count, 0);
    assert_int_equal(t.n_rows, 4);
    assert_int_equal(t.rows[0].n_cells, 3);
    assert_string_equal(t.rows[0].cells[0], "name"); /* the BOM is not part of it */
    assert_string_equal(t.rows[1].cells[0], "beta, ltd");
    assert_string_equal(t.rows[1].cells[2], "says \"hi\"");
    assert_string_equal(t.rows[2].cells[1], "");
    assert_string_equal(t.rows[2].cells[2], "two\nlines");
    assert_int_equal(t.rows[3].n_cells, 3);
    assert_string_equal(t.rows[3].cells[2], "");
    ts_csv_release(&t);
}

static void test_malformed(void **state)
{
    (void)state;
    const char text[] = "name,x\na,1\n\"b,2\n";
    ts_csv t;
    ts_error err = {0};
    assert_int_equal(ts_csv_parse("shops.csv", text, sizeof text - 1, &t, &err), TS_EPARSE);
    assert_int_equal(t.n_rows, 0);
    assert_int_equal(err.count, 1);
    assert_non_null(strstr(err.messages[0], "shops.csv: row 3:"));
    ts_error_clear(&err);
}

static void test_missing_file(void **state)
{
    (void)state;
    ts_csv t;
    ts_error err = {0};
    assert_int_equal(ts_csv_read("/nonexistent/shops.csv", &t, &err), TS_EIO);
    assert_int_equal(err.count, 1);
    assert_non_null(strstr(err.messages[0], "/nonexistent/shops.csv"));
    ts_error_clear(&err);
}

int main(void)
{
    gsl_set_error_handler_off();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_quoting),
        cmocka_unit_test(test_malformed),
        cmocka_unit_test(test_missing_file),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
