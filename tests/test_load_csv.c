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

/* Not text a CSV reader should read: a NUL byte, a byte that is not UTF-8 (a GBK file), with where. */
static void test_not_utf8(void **state)
{
    (void)state;
    static const struct { const char *text; size_t len; const char *msg; } CASES[] = {
#define CASE(text, msg) {text, sizeof text - 1, msg}
        CASE("name,x\n\xb5\xea,1\n", "shops.csv: line 2, byte 8: not UTF-8 text (byte 0xb5); save the file as UTF-8"),
        /* a UTF-8 é passes; an encoded surrogate does not */
        CASE("name,x\n\xc3\xa9,1\n\xed\xa0\x80\n", "shops.csv: line 3, byte 13: not UTF-8 text (byte 0xed)"),
        CASE("name,x\na\0,1\n", "shops.csv: byte 9: a NUL byte: this is not a text (CSV) file"),
#undef CASE
    };
    for (size_t i = 0; i < sizeof CASES / sizeof *CASES; i++) {
        ts_csv t;
        ts_error err = {0};
        assert_int_equal(ts_csv_parse("shops.csv", CASES[i].text, CASES[i].len, &t, &err), TS_EPARSE);
        assert_int_equal(t.n_rows, 0);
        assert_int_equal(err.count, 1);
        if (strstr(err.messages[0], CASES[i].msg) != err.messages[0])
            fail_msg("case %zu: %s", i, err.messages[0]);
        ts_error_clear(&err);
    }
    /* UTF-8 Chinese passes */
    const char zh[] = "name,x\n店铺,1\n";
    ts_csv t;
    ts_error err = {0};
    assert_int_equal(ts_csv_parse("shops.csv", zh, sizeof zh - 1, &t, &err), TS_OK);
    ts_csv_release(&t);
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
        cmocka_unit_test(test_not_utf8),
        cmocka_unit_test(test_missing_file),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
