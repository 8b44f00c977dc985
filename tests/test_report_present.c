/*
** test_report_present.c — the presentation module (sim/report/present.h):
** display widths and the number formatters.
*/
#include "testutil.h"

#include <math.h>
#include <string.h>

#include "present.h"

/* ASCII, CJK ideographs and CJK punctuation, fullwidth forms, zero-width marks. */
static void test_width(void **state)
{
    (void)state;
    assert_int_equal(ts_present_width(""), 0);
    assert_int_equal(ts_present_width(NULL), 0);
    assert_int_equal(ts_present_width("not assessed"), 12);
    assert_int_equal(ts_present_width("优秀"), 4);
    assert_int_equal(ts_present_width("不良体验订单率"), 14);
    /* CJK punctuation (U+3000 block) and fullwidth forms (U+FF00 block) are wide */
    assert_int_equal(ts_present_width("、。「」"), 8);
    assert_int_equal(ts_present_width("（规则）：，"), 12);
    assert_int_equal(ts_present_width("＄"), 2);
    assert_int_equal(ts_present_width("﹐"), 2);     /* small form variant U+FE50 */
    assert_int_equal(ts_present_width("〈〉"), 4);   /* U+3008, U+3009 */
    assert_int_equal(ts_present_width("한글"), 4);
    assert_int_equal(ts_present_width("かな"), 4);
    assert_int_equal(ts_present_width("𠀀"), 2);     /* CJK extension B, four bytes */
    /* three-byte characters that are not wide count one */
    assert_int_equal(ts_present_width("5–95%"), 5);
    assert_int_equal(ts_present_width("a — b"), 5);
    assert_int_equal(ts_present_width("≤ …"), 3);
    assert_int_equal(ts_present_width("ｶ"), 1);     /* halfwidth katakana U+FF76 */
    assert_int_equal(ts_present_width("〿"), 1);     /* U+303F half fill space */
    assert_int_equal(ts_present_width("é×"), 2);
    /* combining and zero-width characters take no column */
    assert_int_equal(ts_present_width("e\xcc\x81"), 1);
    assert_int_equal(ts_present_width("a\xe2\x80\x8b" "b"), 2);
    /* bytes that start no valid sequence count one each */
    assert_int_equal(ts_present_width("\xff"), 1);
    assert_int_equal(ts_present_width("\x80x"), 2);
    assert_int_equal(ts_present_width("\xe4\xbd"), 2); /* a truncated ideograph */
    assert_int_equal(ts_present_width("\xe4" "ab"), 3);
}

/* Compare a formatter's output with the expected text. */
#define assert_fmt(call, want)            \
    do {                                  \
        char out_[TS_PRESENT_NUM];        \
        call;                             \
        assert_string_equal(out_, want);  \
    } while (0)

/* A statistic: shares in % with 2 decimals, DSR means 2, counts 1; thresholds exact. */
static void test_value(void **state)
{
    (void)state;
    assert_fmt(ts_present_value(out_, TS_METRIC_RATE, 0.0281, 0), "2.81%");
    assert_fmt(ts_present_value(out_, TS_METRIC_FEEDBACK_SHARE, 0.97514, 0), "97.51%");
    assert_fmt(ts_present_value(out_, TS_METRIC_RATE, 0.0281, TS_SHOW_NO_UNIT), "2.81");
    assert_fmt(ts_present_value(out_, TS_METRIC_DSR_MEAN, 4.7834, 0), "4.78");
    assert_fmt(ts_present_value(out_, TS_METRIC_COUNT, 3.46, 0), "3.5");
    assert_fmt(ts_present_value(out_, TS_METRIC_RATE, NAN, 0), "—");
    /* thresholds: as few digits as they need */
    assert_fmt(ts_present_value(out_, TS_METRIC_RATE, 0.03, TS_SHOW_EXACT), "3%");
    assert_fmt(ts_present_value(out_, TS_METRIC_RATE, 0.008, TS_SHOW_EXACT), "0.8%");
    assert_fmt(ts_present_value(out_, TS_METRIC_DSR_MEAN, 4.8, TS_SHOW_EXACT), "4.8");
    assert_fmt(ts_present_value(out_, TS_METRIC_COUNT, 12, TS_SHOW_EXACT), "12");
    /* ranges: the table's compact one and the report's */
    assert_fmt(ts_present_range(out_, TS_METRIC_RATE, 0.0257, 0.0307, TS_SHOW_NO_UNIT), "2.57–3.07");
    assert_fmt(ts_present_range(out_, TS_METRIC_RATE, 0.0257, 0.0307, 0), "2.57%–3.07%");
    assert_fmt(ts_present_range(out_, TS_METRIC_DSR_MEAN, 4.7, 4.85, 0), "4.70–4.85");
    assert_fmt(ts_present_range(out_, TS_METRIC_RATE, NAN, 0.03, 0), "—");
    assert_double_near(ts_present_scale(TS_METRIC_RATE), 100.0, 0.0);
    assert_double_near(ts_present_scale(TS_METRIC_DSR_MEAN), 1.0, 0.0);
    assert_string_equal(ts_present_unit(TS_METRIC_FEEDBACK_SHARE), "%");
    assert_string_equal(ts_present_unit(TS_METRIC_COUNT), "");
}

/* Differences, probabilities and amounts. */
static void test_numbers(void **state)
{
    (void)state;
    assert_fmt(ts_present_delta(out_, TS_METRIC_RATE, -0.0025, true), "-0.25 pp");
    assert_fmt(ts_present_delta(out_, TS_METRIC_RATE, 0.0972, false), "+9.72");
    assert_fmt(ts_present_delta(out_, TS_METRIC_DSR_MEAN, 0.0123, true), "+0.012");
    assert_fmt(ts_present_delta(out_, TS_METRIC_RATE, NAN, true), "—");
    /* tables: one decimal, never a misleading 0.0% or 100.0% */
    assert_fmt(ts_present_prob(out_, 0.7, false), "70.0%");
    assert_fmt(ts_present_prob(out_, 0.0, false), "0.0%");
    assert_fmt(ts_present_prob(out_, 0.0004, false), "<0.1%");
    assert_fmt(ts_present_prob(out_, 0.9996, false), ">99.9%");
    assert_fmt(ts_present_prob(out_, 1.0, false), "100.0%");
    assert_fmt(ts_present_prob(out_, NAN, false), "—");
    /* chart segments: whole percents, tenths near the ends */
    assert_fmt(ts_present_prob(out_, 0.7, true), "70%");
    assert_fmt(ts_present_prob(out_, 0.003, true), "0.3%");
    assert_fmt(ts_present_prob(out_, 0.996, true), "99.6%");
    assert_fmt(ts_present_prob(out_, 0.0004, true), "<0.1%");
    assert_fmt(ts_present_prob(out_, 0.9996, true), ">99.9%");
    assert_fmt(ts_present_prob(out_, 1.0, true), "100%");
    /* amounts */
    assert_fmt(ts_present_amount(out_, 13545.6, 0), "13,546");
    assert_fmt(ts_present_amount(out_, 1234.5, 2), "1,234.50");
    assert_fmt(ts_present_amount(out_, 999, 0), "999");
    assert_fmt(ts_present_amount(out_, 1234567, 0), "1,234,567");
    assert_fmt(ts_present_amount(out_, -1500.26, 1), "−1,500.3");
    assert_fmt(ts_present_amount(out_, -0.001, 1), "0.0");
    assert_fmt(ts_present_amount(out_, INFINITY, 0), "—");
    assert_fmt(ts_present_amount(out_, 1e20, 2), "100,000,000,000,000,000,000.00");
}

int main(void)
{
    gsl_set_error_handler_off(); /* as the program does (sim/cli/main.c) */
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_width),
        cmocka_unit_test(test_value),
        cmocka_unit_test(test_numbers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
