/*
** test_base_date.c — civil dates: known weekdays, leap years, month
** lengths, parsing and round trips.
*/
#include "testutil.h"

#include "date.h"

static void test_known_days(void **state)
{
    (void)state;
    assert_int_equal(ts_date_from_ymd(1970, 1, 1), 0);
    assert_int_equal(ts_date_from_ymd(2000, 3, 1), 11017);
    assert_int_equal(ts_date_weekday(0), 3);                               /* Thursday */
    assert_int_equal(ts_date_weekday(ts_date_from_ymd(2026, 11, 23)), 0);  /* Monday */
    assert_int_equal(ts_date_weekday(ts_date_from_ymd(2027, 11, 11)), 3);  /* Thursday */
    assert_int_equal(ts_date_weekday(ts_date_from_ymd(1900, 1, 1)), 0);    /* Monday */
    assert_int_equal(ts_date_weekday(ts_date_from_ymd(2024, 2, 29)), 3);   /* Thursday */
    assert_int_equal(ts_date_weekday(ts_date_from_ymd(1969, 12, 31)), 2);  /* Wednesday */
}

static void test_month_lengths(void **state)
{
    (void)state;
    assert_int_equal(ts_date_days_in_month(2028, 2), 29);
    assert_int_equal(ts_date_days_in_month(2027, 2), 28);
    assert_int_equal(ts_date_days_in_month(2100, 2), 28);
    assert_int_equal(ts_date_days_in_month(2000, 2), 29);
    assert_int_equal(ts_date_days_in_month(2027, 12), 31);
    assert_int_equal(ts_date_days_in_month(2027, 4), 30);
}

static void test_parse(void **state)
{
    (void)state;
    ts_civil d;
    assert_true(ts_date_parse("2028-02-29", &d));
    assert_int_equal(d, ts_date_from_ymd(2028, 2, 29));
    assert_false(ts_date_parse("2027-02-29", &d));
    assert_false(ts_date_parse("2027-13-01", &d));
    assert_false(ts_date_parse("2027-00-10", &d));
    assert_false(ts_date_parse("2027-1-1", &d));
    assert_false(ts_date_parse("2027-01-01T00", &d));
    assert_false(ts_date_parse("20a7-01-01", &d));
    assert_false(ts_date_parse("", &d));
    assert_false(ts_date_parse(NULL, &d));
    assert_true(ts_date_parse("2027-12-31", &d));
    assert_int_equal(d + 1, ts_date_from_ymd(2028, 1, 1));
}

static void test_round_trip(void **state)
{
    (void)state;
    for (ts_civil d = ts_date_from_ymd(1900, 1, 1); d <= ts_date_from_ymd(2999, 12, 31); d += 17) {
        char buf[11];
        ts_date_format(d, buf);
        ts_civil back;
        assert_true(ts_date_parse(buf, &back));
        assert_int_equal(back, d);
        assert_int_equal(ts_date_weekday(d + 7), ts_date_weekday(d));
        assert_int_equal((ts_date_weekday(d) + 1) % 7, ts_date_weekday(d + 1));
    }
}

int main(void)
{
    gsl_set_error_handler_off(); /* as the program does (sim/cli/main.c) */
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_known_days),
        cmocka_unit_test(test_month_lengths),
        cmocka_unit_test(test_parse),
        cmocka_unit_test(test_round_trip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
