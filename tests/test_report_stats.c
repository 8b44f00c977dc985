/*
** test_report_stats.c — statistics (sim/run/stats.c) against hand-computed
** answers: mean/sd/se, type-7 percentiles, NaN skipping, n = 1 and n = 0,
** Wilson intervals, paired differences.
*/
#include "testutil.h"

#include <math.h>
#include <stdlib.h>

#include "stats.h"

/* {2,4,4,4,5,5,7,9}: mean 40/8 = 5; squared deviations 9+1+1+1+0+0+4+16 = 32,
   sd = sqrt(32/7), se = sd/sqrt(8). */
static void test_mean_sd_se(void **state)
{
    (void)state;
    const double x[8] = {2, 4, 4, 4, 5, 5, 7, 9};
    ts_stat s = ts_stats_describe(x, 8, 1, NULL);
    assert_int_equal(s.n, 8);
    assert_double_near(s.mean, 5.0, 1e-15);
    assert_double_near(s.sd, sqrt(32.0 / 7.0), 1e-14);
    assert_double_near(s.se, sqrt(32.0 / 7.0) / sqrt(8.0), 1e-14);
    /* type 7, h = (n-1) p: p50: h = 3.5 -> 4 + 0.5 (5 - 4) = 4.5;
       p5: h = 0.35 -> 2 + 0.35 (4 - 2) = 2.7; p95: h = 6.65 -> 7 + 0.65 (9 - 7) = 8.3 */
    assert_double_near(s.p50, 4.5, 1e-14);
    assert_double_near(s.p5, 2.7, 1e-14);
    assert_double_near(s.p95, 8.3, 1e-14);
}

/* {1,2,3,4} with NaN in between and a stride of 2: type 7 gives
   p5 = 1 + 0.15 = 1.15, p50 = 2.5, p95 = 3 + 0.85 = 3.85. The input is not
   modified (work is separate). */
static void test_percentiles_nan_stride(void **state)
{
    (void)state;
    const double x[12] = {4, -1, NAN, -1, 2, -1, 1, -1, NAN, -1, 3, -1};
    double work[6];
    ts_stat s = ts_stats_describe(x, 6, 2, work);
    assert_int_equal(s.n, 4);
    assert_double_near(s.mean, 2.5, 0.0);
    assert_double_near(s.p5, 1.15, 1e-14);
    assert_double_near(s.p50, 2.5, 1e-14);
    assert_double_near(s.p95, 3.85, 1e-14);
    /* sd of 1..4: deviations 2.25+0.25+0.25+2.25 = 5, sd = sqrt(5/3) */
    assert_double_near(s.sd, sqrt(5.0 / 3.0), 1e-14);
    assert_double_near(x[0], 4.0, 0.0);
}

static void test_n1_n0(void **state)
{
    (void)state;
    const double one[3] = {NAN, 7.5, NAN};
    ts_stat s = ts_stats_describe(one, 3, 1, NULL);
    assert_int_equal(s.n, 1);
    assert_double_near(s.mean, 7.5, 0.0);
    assert_true(isnan(s.sd));
    assert_true(isnan(s.se));
    assert_double_near(s.p5, 7.5, 0.0);
    assert_double_near(s.p95, 7.5, 0.0);

    const double none[2] = {NAN, NAN};
    s = ts_stats_describe(none, 2, 1, NULL);
    assert_int_equal(s.n, 0);
    assert_true(isnan(s.mean) && isnan(s.sd) && isnan(s.se));
    assert_true(isnan(s.p5) && isnan(s.p50) && isnan(s.p95));
    s = ts_stats_describe(none, 0, 1, NULL);
    assert_int_equal(s.n, 0);
    assert_true(isnan(s.mean));
}

/*
** Wilson: at k = 0 the interval is [0, z²/(n + z²)] and at k = n
** [n/(n + z²), 1] (the closed forms of (p + z²/2n ± z sqrt(p(1-p)/n +
** z²/4n²)) / (1 + z²/n) at p = 0 and 1); k = 5, n = 10 is the textbook
** [0.2366, 0.7634].
*/
static void test_wilson(void **state)
{
    (void)state;
    double z2 = 1.959964 * 1.959964;
    ts_prob p = ts_stats_wilson(0, 10);
    assert_true(p.low == 0.0);
    assert_double_near(p.p, 0.0, 0.0);
    assert_double_near(p.high, z2 / (10.0 + z2), 1e-14);
    p = ts_stats_wilson(10, 10);
    assert_true(p.high == 1.0);
    assert_double_near(p.p, 1.0, 0.0);
    assert_double_near(p.low, 10.0 / (10.0 + z2), 1e-14);
    p = ts_stats_wilson(5, 10);
    assert_double_near(p.p, 0.5, 0.0);
    assert_double_near(p.low, 0.2366, 5e-5);
    assert_double_near(p.high, 0.7634, 5e-5);
    assert_int_equal(p.k, 5);
    assert_int_equal(p.n, 10);
    /* symmetric: k and n - k mirror each other */
    ts_prob a = ts_stats_wilson(3, 17), b = ts_stats_wilson(14, 17);
    assert_double_near(a.low, 1.0 - b.high, 1e-14);
    p = ts_stats_wilson(0, 0);
    assert_true(isnan(p.p) && isnan(p.low) && isnan(p.high));
}

/*
** a - b over pairs defined in both: (1,0), (2,0), (3,1) -> d = {1, 2, 2}:
** mean 5/3; deviations -2/3, 1/3, 1/3 -> sd = sqrt((6/9)/2) = sqrt(1/3);
** half width z sd / sqrt(3) = z / 3.
*/
static void test_paired_diff(void **state)
{
    (void)state;
    const double a[5] = {1, 2, 3, NAN, 5};
    const double b[10] = {0, 9, 0, 9, 1, 9, 1, 9, NAN, 9};
    ts_diff d = ts_stats_paired_diff(a, 1, b, 2, 5, NULL);
    assert_int_equal(d.n, 3);
    assert_double_near(d.mean, 5.0 / 3.0, 1e-14);
    assert_double_near(d.low, 5.0 / 3.0 - 1.959964 / 3.0, 1e-14);
    assert_double_near(d.high, 5.0 / 3.0 + 1.959964 / 3.0, 1e-14);

    d = ts_stats_paired_diff(a, 1, b, 2, 1, NULL); /* one pair */
    assert_int_equal(d.n, 1);
    assert_double_near(d.mean, 1.0, 0.0);
    assert_true(isnan(d.low) && isnan(d.high));

    const double c[2] = {NAN, 1};
    const double e[2] = {1, NAN};
    d = ts_stats_paired_diff(c, 1, e, 1, 2, NULL);
    assert_int_equal(d.n, 0);
    assert_true(isnan(d.mean) && isnan(d.low) && isnan(d.high));

    /* identical series: exactly 0, interval [0, 0] */
    d = ts_stats_paired_diff(a, 1, a, 1, 5, NULL);
    assert_true(d.mean == 0.0 && d.low == 0.0 && d.high == 0.0);
}

int main(void)
{
    gsl_set_error_handler_off(); /* as the program does (sim/cli/main.c) */
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mean_sd_se),
        cmocka_unit_test(test_percentiles_nan_stride),
        cmocka_unit_test(test_n1_n0),
        cmocka_unit_test(test_wilson),
        cmocka_unit_test(test_paired_diff),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
