/*
** test_report_present.c — the presentation module (sim/report/present.h):
** display widths.
*/
#include "testutil.h"

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

int main(void)
{
    gsl_set_error_handler_off(); /* as the program does (sim/cli/main.c) */
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_width),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
