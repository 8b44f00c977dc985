/*
** test_run_share.c — the split of a run's work between processes
** (docs/cluster.md "How the work is split"): every (unit, replication) in
** exactly one part, each part one contiguous stretch with at most one piece
** per unit, parts of nearly equal cost, whatever the costs and part counts.
*/
#include "testutil.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "share.h"

/* A unit's cost as the split counts it (share.h): NaN, infinite or <= 0 count as 1. */
static double eff(double c)
{
    return isfinite(c) && c > 0.0 ? c : 1.0;
}

/* Check the split of units x [lo, hi) into parts; returns the largest part's cost over the mean. */
static double check_split(const double *raw, size_t n_units, size_t lo, size_t hi, unsigned parts)
{
    double *cost = calloc(n_units, sizeof *cost);
    for (size_t u = 0; u < n_units; u++)
        cost[u] = eff(raw[u]);
    size_t reps = hi - lo;
    unsigned char *seen = calloc(n_units * reps + 1, 1);
    ts_piece *pc = calloc(n_units, sizeof *pc);
    double total = 0.0, worst = 0.0, top_unit = 0.0;
    for (size_t u = 0; u < n_units; u++) {
        total += cost[u] * (double)reps;
        if (cost[u] > top_unit)
            top_unit = cost[u];
    }
    size_t last_end = 0; /* position in the unit-major layout where the previous part ended */
    for (unsigned p = 0; p < parts; p++) {
        size_t n = ts_share_pieces(raw, n_units, lo, hi, parts, p, pc);
        assert_true(n <= n_units);
        double c = 0.0;
        for (size_t k = 0; k < n; k++) {
            assert_true(pc[k].lo >= lo && pc[k].hi <= hi && pc[k].lo < pc[k].hi);
            if (k > 0) {
                assert_true(pc[k].unit > pc[k - 1].unit);
                assert_int_equal(pc[k - 1].hi, hi); /* contiguous: earlier pieces run to the end */
                assert_int_equal(pc[k].lo, lo);
            }
            size_t start = pc[k].unit * reps + (pc[k].lo - lo);
            if (k == 0)
                assert_int_equal(start, last_end); /* parts follow each other */
            last_end = pc[k].unit * reps + (pc[k].hi - lo);
            for (size_t r = pc[k].lo; r < pc[k].hi; r++) {
                size_t i = pc[k].unit * reps + (r - lo);
                assert_int_equal(seen[i], 0);
                seen[i] = 1;
            }
            c += cost[pc[k].unit] * (double)(pc[k].hi - pc[k].lo);
        }
        /* within one replication of the costliest unit of the equal share */
        assert_true(fabs(c - total / parts) <= top_unit + 1e-9 * total);
        double ratio = c / (total / parts);
        if (ratio > worst)
            worst = ratio;
    }
    for (size_t i = 0; i < n_units * reps; i++)
        assert_int_equal(seen[i], 1);
    free(seen);
    free(pc);
    free(cost);
    return worst;
}

static void test_equal_units(void **state)
{
    (void)state;
    const double cost[3] = {1, 1, 1};
    for (unsigned parts = 1; parts <= 7; parts++)
        check_split(cost, 3, 0, 100, parts);
    check_split(cost, 3, 200, 300, 3); /* a later batch */
}

/* One variant ten times costlier than the others: the parts still cost the same. */
static void test_unequal_units(void **state)
{
    (void)state;
    const double cost[4] = {1000, 10000, 1000, 500};
    double worst = check_split(cost, 4, 0, 1000, 3);
    assert_true(worst < 1.01);
    check_split(cost, 4, 0, 1000, 64);
}

/* More parts than work: some parts are empty, none overlaps. */
static void test_more_parts_than_work(void **state)
{
    (void)state;
    const double cost[2] = {5, 1};
    size_t reps = 2, total = 0;
    ts_piece pc[2];
    for (unsigned p = 0; p < 16; p++) {
        size_t n = ts_share_pieces(cost, 2, 0, reps, 16, p, pc);
        for (size_t k = 0; k < n; k++)
            total += pc[k].hi - pc[k].lo;
    }
    assert_int_equal(total, 4);
    assert_int_equal(ts_share_pieces(cost, 2, 5, 5, 2, 0, pc), 0); /* an empty batch */
    assert_int_equal(ts_share_pieces(cost, 2, 0, 5, 2, 2, pc), 0); /* part out of range */
}

/* NaN, infinite and non-positive costs count as 1 and still split everything once. */
static void test_bad_costs(void **state)
{
    (void)state;
    const double cost[4] = {NAN, INFINITY, -3, 0};
    check_split(cost, 4, 0, 50, 3);
}

/* A thousand shops' variants of very different sizes over 64 parts. */
static void test_many_units(void **state)
{
    (void)state;
    double *cost = calloc(1000, sizeof *cost);
    for (size_t u = 0; u < 1000; u++)
        cost[u] = 100.0 + (double)((u * 7919) % 5000);
    double worst = check_split(cost, 1000, 0, 50, 64);
    assert_true(worst < 1.01);
    free(cost);
}

int main(void)
{
    gsl_set_error_handler_off();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_equal_units),
        cmocka_unit_test(test_unequal_units),
        cmocka_unit_test(test_more_parts_than_work),
        cmocka_unit_test(test_bad_costs),
        cmocka_unit_test(test_many_units),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
