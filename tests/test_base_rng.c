/*
** test_base_rng.c — the Philox streams: our Philox against the published
** known-answer vectors and Random123, batched blocks equal to sequential draws,
** distinct substreams, uniformity, and GSL drawing through the adapter.
*/
#include "testutil.h"

#include <math.h>
#include <string.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_cdf.h>
#include <Random123/philox.h>

#include "rng.h"

/* Random123's kat_vectors for philox4x32-10: counter 0 and key 0, all bits
   set, and the digits of pi; both Random123 and ts_philox4x32 must give them. */
static void test_known_answers(void **state)
{
    (void)state;
    static const uint32_t kat[3][10] = {
        {0, 0, 0, 0, 0, 0, 0x6627e8d5u, 0xe169c58du, 0xbc57ac4cu, 0x9b00dbd8u},
        {0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu,
         0x408f276du, 0x41c83b0eu, 0xa20bc7c6u, 0x6d5451fdu},
        {0x243f6a88u, 0x85a308d3u, 0x13198a2eu, 0x03707344u, 0xa4093822u, 0x299f31d0u,
         0xd16cfe09u, 0x94fdccebu, 0x5001e420u, 0x24126ea1u},
    };
    for (int t = 0; t < 3; t++) {
        uint32_t out[4];
        ts_philox4x32(kat[t], kat[t] + 4, out);
        philox4x32_ctr_t c = {{kat[t][0], kat[t][1], kat[t][2], kat[t][3]}};
        philox4x32_key_t k = {{kat[t][4], kat[t][5]}};
        philox4x32_ctr_t r = philox4x32(c, k);
        for (int w = 0; w < 4; w++) {
            assert_int_equal(out[w], kat[t][6 + w]);
            assert_int_equal(r.v[w], kat[t][6 + w]);
        }
    }
}

/*
** ts_stream_blocks over n substreams x nblocks equals each substream's
** sequential words, for batch sizes that do and do not fill the lanes (40 x 1:
** block 0 of consecutive substreams, two full batches and a partial one);
** and our Philox equals Random123's on the stream counters.
*/
static void test_blocks_match_sequence(void **state)
{
    (void)state;
    static const uint32_t sizes[][2] = {{1, 1}, {1, 3}, {3, 3}, {7, 1}, {8, 1}, {40, 1}, {5, 2}, {64, 3}, {13, 5}};
    uint32_t out[64 * 5 * 4];
    for (size_t t = 0; t < sizeof sizes / sizeof *sizes; t++) {
        uint32_t n = sizes[t][0], nb = sizes[t][1];
        ts_stream s;
        ts_stream_init(&s, 0x123456789abcull, 17, -40, TS_MECH_ORDER, 1000);
        ts_stream_blocks(&s, n, nb, out);
        for (uint32_t i = 0; i < n; i++) {
            ts_stream q;
            ts_stream_init(&q, 0x123456789abcull, 17, -40, TS_MECH_ORDER, 1000 + i);
            for (uint32_t k = 0; k < 4 * nb; k++)
                assert_int_equal(out[(i * nb) * 4 + k], ts_stream_u32(&q));
            philox4x32_ctr_t c = {{q.ctr[0], q.ctr[1], q.ctr[2], 0}};
            philox4x32_key_t key = {{q.key[0], q.key[1]}};
            philox4x32_ctr_t r = philox4x32(c, key);
            for (int w = 0; w < 4; w++)
                assert_int_equal(out[(i * nb) * 4 + (uint32_t)w], r.v[w]);
        }
    }
}

/*
** ts_stream_blocks_at over scattered substreams (different days, indexes out
** of order, repeats) equals each substream's sequential words, for batch
** sizes that do and do not fill the lanes.
*/
static void test_blocks_at_match_sequence(void **state)
{
    (void)state;
    int32_t day[40];
    uint32_t index[40], c1[40], out[40 * 3 * 4];
    for (uint32_t i = 0; i < 40; i++) {
        day[i] = (int32_t)(i % 7) - 3;
        index[i] = (i * 2654435761u) % 1000;
    }
    static const uint32_t sizes[][2] = {{1, 1}, {1, 3}, {2, 2}, {5, 3}, {6, 3}, {40, 3}, {17, 1}};
    for (size_t t = 0; t < sizeof sizes / sizeof *sizes; t++) {
        uint32_t n = sizes[t][0], nb = sizes[t][1];
        ts_stream_blocks_at(0xfeedull, 5, TS_MECH_FEEDBACK, day, index, n, nb, c1, out);
        for (uint32_t i = 0; i < n; i++) {
            ts_stream q;
            ts_stream_init(&q, 0xfeedull, 5, day[i], TS_MECH_FEEDBACK, index[i]);
            for (uint32_t k = 0; k < 4 * nb; k++)
                assert_int_equal(out[(i * nb) * 4 + k], ts_stream_u32(&q));
        }
    }
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
    gsl_set_error_handler_off(); /* as the program does (sim/cli/main.c) */
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_known_answers),
        cmocka_unit_test(test_blocks_match_sequence),
        cmocka_unit_test(test_blocks_at_match_sequence),
        cmocka_unit_test(test_distinct_substreams),
        cmocka_unit_test(test_slots_match_sequence),
        cmocka_unit_test(test_uniformity),
        cmocka_unit_test(test_gsl_adapter),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
