/*
** test_base_rng.c — the Philox streams: the published known-answer vectors,
** distinct substreams, slots equal to sequential draws, uniformity, and GSL
** distributions drawing through the adapter.
*/
#include "testutil.h"

#include <math.h>
#include <string.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_cdf.h>
#include <Random123/philox.h>

#include "rng.h"

/* Random123's kat_vectors: philox4x32-10 with counter 0 and key 0, and
   with all bits set. */
static void test_known_answers(void **state)
{
    (void)state;
    philox4x32_ctr_t c0 = {{0, 0, 0, 0}};
    philox4x32_key_t k0 = {{0, 0}};
    philox4x32_ctr_t r = philox4x32(c0, k0);
    assert_int_equal(r.v[0], 0x6627e8d5u);
    assert_int_equal(r.v[1], 0xe169c58du);
    assert_int_equal(r.v[2], 0xbc57ac4cu);
    assert_int_equal(r.v[3], 0x9b00dbd8u);
    philox4x32_ctr_t c1 = {{0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu}};
    philox4x32_key_t k1 = {{0xffffffffu, 0xffffffffu}};
    r = philox4x32(c1, k1);
    assert_int_equal(r.v[0], 0x408f276du);
    assert_int_equal(r.v[1], 0x41c83b0eu);
    assert_int_equal(r.v[2], 0xa20bc7c6u);
    assert_int_equal(r.v[3], 0x6d5451fdu);
}

static uint32_t first_word(uint64_t seed, uint64_t rep, int32_t day, ts_mech mech, uint32_t idx)
{
    ts_stream s;
    ts_stream_init(&s, seed, rep, day, mech, idx);
    return ts_stream_u32(&s);
}

/* Changing any one coordinate of a substream changes its numbers; seed 0
   is an ordinary seed (no aliasing with 1, unlike GSL's mt19937/taus2). */
static void test_distinct_substreams(void **state)
{
    (void)state;
    uint32_t a = first_word(1, 0, 0, TS_MECH_ORDER, 0);
    assert_int_not_equal(a, first_word(0, 0, 0, TS_MECH_ORDER, 0));
    assert_int_not_equal(a, first_word(1, 1, 0, TS_MECH_ORDER, 0));
    assert_int_not_equal(a, first_word(1, 0, -1, TS_MECH_ORDER, 0));
    assert_int_not_equal(a, first_word(1, 0, 0, TS_MECH_VALUE, 0));
    assert_int_not_equal(a, first_word(1, 0, 0, TS_MECH_ORDER, 1));
    assert_int_not_equal(first_word(1ull << 32, 0, 0, TS_MECH_ORDER, 0),
                         first_word(0, 0, 0, TS_MECH_ORDER, 0));
    /* warm-up days map to distinct counters */
    assert_int_not_equal(first_word(1, 0, -3660, TS_MECH_ORDER, 0),
                         first_word(1, 0, 3660, TS_MECH_ORDER, 0));
}

static void test_slots_match_sequence(void **state)
{
    (void)state;
    ts_stream s;
    ts_stream_init(&s, 42, 7, -12, TS_MECH_FEEDBACK, 99);
    for (uint32_t k = 0; k < 13; k++) {
        double slot = ts_stream_slot(&s, k);
        double seq = ts_stream_uniform(&s);
        assert_double_near(slot, seq, 0.0);
    }
}

/* 2^16 uniforms in 16 bins: chi-square below its 99.99% quantile. */
static void test_uniformity(void **state)
{
    (void)state;
    enum { N = 1 << 16, BINS = 16 };
    unsigned counts[BINS] = {0};
    double sum = 0.0;
    for (uint32_t i = 0; i < N / 4; i++) {
        ts_stream s;
        ts_stream_init(&s, 3, 0, (int32_t)(i % 365) - 100, TS_MECH_ORDER, i);
        for (int j = 0; j < 4; j++) {
            double u = ts_stream_uniform(&s);
            assert_true(u >= 0.0 && u < 1.0);
            counts[(int)(u * BINS)]++;
            sum += u;
        }
    }
    double expected = (double)N / BINS, chi2 = 0.0;
    for (int b = 0; b < BINS; b++)
        chi2 += ((double)counts[b] - expected) * ((double)counts[b] - expected) / expected;
    assert_true(chi2 < gsl_cdf_chisq_Pinv(0.9999, BINS - 1));
    /* mean of U(0,1): 1/2 with SE sqrt(1/12 / N) */
    assert_within_4se(sum / N, 0.5, sqrt(1.0 / 12.0 / N));
}

/* GSL's gaussian through the adapter: mean 0, variance 1. */
static void test_gsl_adapter(void **state)
{
    (void)state;
    gsl_rng *r = ts_rng_alloc();
    assert_string_equal(gsl_rng_name(r), "philox4x32-10");
    enum { N = 200000 };
    double sum = 0.0, sq = 0.0;
    ts_stream_init(ts_rng_stream(r), 9, 1, 0, TS_MECH_TRANSIT, 0);
    for (int i = 0; i < N; i++) {
        double z = gsl_ran_gaussian_ziggurat(r, 1.0);
        sum += z;
        sq += z * z;
    }
    assert_within_4se(sum / N, 0.0, 1.0 / sqrt(N));
    /* var of z^2 is 2 for a standard normal */
    assert_within_4se(sq / N, 1.0, sqrt(2.0 / N));
    /* positioning the stream again repeats the numbers */
    ts_stream_init(ts_rng_stream(r), 9, 1, 0, TS_MECH_TRANSIT, 0);
    double a = gsl_rng_uniform(r);
    ts_stream_init(ts_rng_stream(r), 9, 1, 0, TS_MECH_TRANSIT, 0);
    assert_double_near(gsl_rng_uniform(r), a, 0.0);
    gsl_rng_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_known_answers),
        cmocka_unit_test(test_distinct_substreams),
        cmocka_unit_test(test_slots_match_sequence),
        cmocka_unit_test(test_uniformity),
        cmocka_unit_test(test_gsl_adapter),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
