/*
** rng.c — Philox4x32-10 (Salmon et al., SC 2011), written out so that sixteen
** counters run interleaved through the ten rounds (AVX-512F, AVX2 or SSE2,
** chosen at run time, else plain C; -DTS_PHILOX_NO_AVX512 / _NO_AVX2 /
** _SCALAR force a narrower path for testing); substreams, batched blocks and
** the gsl_rng adapter. Bit-identical to Random123's philox4x32.
*/
#include "rng.h"

#include "tiersim.h"

/* Days are offset so that warm-up (negative) days map to distinct counters. */
#define DAY_OFFSET 0x800000

/* Philox4x32 constants (Random123 philox.h): multipliers and Weyl key bumps. */
#define PHILOX_M0 0xD2511F53u
#define PHILOX_M1 0xCD9E8D57u
#define PHILOX_W0 0x9E3779B9u
#define PHILOX_W1 0xBB67AE85u
#define LANES 16 /* counters per batch step: interleaved for throughput */

void ts_stream_init(ts_stream *s, uint64_t seed, uint64_t rep, int32_t day,
                    ts_mech mech, uint32_t index)
{
    s->key[0] = (uint32_t)seed;
    s->key[1] = (uint32_t)(seed >> 32);
    s->ctr[0] = (uint32_t)rep;
    s->ctr[1] = ((uint32_t)(day + DAY_OFFSET) << 8) | ((uint32_t)mech & 0xffu);
    s->ctr[2] = index;
    s->ctr[3] = 0;
    s->idx = 4;
}

_Thread_local uint64_t ts_rng_blocks;

#if defined(__SSE2__) && !defined(TS_PHILOX_SCALAR)
#include <emmintrin.h>

/* Four lanes of hi/lo of a 32x32 -> 64 product by the constant m (SSE2 pmuludq). */
static inline void mulhilo4(__m128i a, __m128i m, __m128i *hi, __m128i *lo)
{
    const __m128i lo_mask = _mm_set_epi32(0, -1, 0, -1);
    __m128i even = _mm_mul_epu32(a, m);                    /* lanes 0, 2 */
    __m128i odd = _mm_mul_epu32(_mm_srli_epi64(a, 32), m); /* lanes 1, 3 */
    *hi = _mm_or_si128(_mm_srli_epi64(even, 32), _mm_andnot_si128(lo_mask, odd));
    *lo = _mm_or_si128(_mm_and_si128(even, lo_mask), _mm_slli_epi64(odd, 32));
}

/*
** Ten Philox rounds on LANES counters held as four word arrays, four lanes
** per SSE2 register (the same integer arithmetic as the scalar version below):
** (c0, c1, c2, c3) -> (hi(M1 c2) ^ c1 ^ k0, lo(M1 c2), hi(M0 c0) ^ c3 ^ k1, lo(M0 c0)).
*/
static void rounds_sse2(uint32_t c0[LANES], uint32_t c1[LANES], uint32_t c2[LANES],
                        uint32_t c3[LANES], uint32_t k0, uint32_t k1)
{
    enum { G = LANES / 4 };
    const __m128i m0 = _mm_set1_epi32((int)PHILOX_M0), m1 = _mm_set1_epi32((int)PHILOX_M1);
    __m128i x0[G], x1[G], x2[G], x3[G];
    for (int g = 0; g < G; g++) {
        x0[g] = _mm_loadu_si128((const __m128i *)(c0 + 4 * g));
        x1[g] = _mm_loadu_si128((const __m128i *)(c1 + 4 * g));
        x2[g] = _mm_loadu_si128((const __m128i *)(c2 + 4 * g));
        x3[g] = _mm_loadu_si128((const __m128i *)(c3 + 4 * g));
    }
    for (int r = 0; r < 10; r++) {
        __m128i key0 = _mm_set1_epi32((int)k0), key1 = _mm_set1_epi32((int)k1);
        for (int g = 0; g < G; g++) {
            __m128i h0, l0, h1, l1;
            mulhilo4(x0[g], m0, &h0, &l0);
            mulhilo4(x2[g], m1, &h1, &l1);
            x0[g] = _mm_xor_si128(_mm_xor_si128(h1, x1[g]), key0);
            x2[g] = _mm_xor_si128(_mm_xor_si128(h0, x3[g]), key1);
            x1[g] = l1;
            x3[g] = l0;
        }
        k0 += PHILOX_W0;
        k1 += PHILOX_W1;
    }
    for (int g = 0; g < G; g++) {
        _mm_storeu_si128((__m128i *)(c0 + 4 * g), x0[g]);
        _mm_storeu_si128((__m128i *)(c1 + 4 * g), x1[g]);
        _mm_storeu_si128((__m128i *)(c2 + 4 * g), x2[g]);
        _mm_storeu_si128((__m128i *)(c3 + 4 * g), x3[g]);
    }
}

#if defined(__GNUC__) && defined(__x86_64__) && !defined(TS_PHILOX_NO_AVX2)
#include <immintrin.h>
#define HAVE_AVX2_PATH 1

/* As mulhilo4, eight lanes (AVX2 vpmuludq). */
__attribute__((target("avx2"))) static inline void mulhilo8(__m256i a, __m256i m, __m256i *hi,
                                                            __m256i *lo)
{
    __m256i even = _mm256_mul_epu32(a, m);
    __m256i odd = _mm256_mul_epu32(_mm256_srli_epi64(a, 32), m);
    /* blend: odd 32-bit words from the second operand (mask 0xAA) */
    *hi = _mm256_blend_epi32(_mm256_srli_epi64(even, 32), odd, 0xAA);
    *lo = _mm256_blend_epi32(even, _mm256_slli_epi64(odd, 32), 0xAA);
}

/*
** rounds_sse2 with eight lanes per register, chosen at run time on CPUs with
** AVX2: integer arithmetic, so the words are the same on every machine.
*/
__attribute__((target("avx2"))) static void rounds_avx2(uint32_t c0[LANES], uint32_t c1[LANES],
                                                        uint32_t c2[LANES], uint32_t c3[LANES],
                                                        uint32_t k0, uint32_t k1)
{
    enum { G = LANES / 8 };
    const __m256i m0 = _mm256_set1_epi32((int)PHILOX_M0), m1 = _mm256_set1_epi32((int)PHILOX_M1);
    __m256i x0[G], x1[G], x2[G], x3[G];
    for (int g = 0; g < G; g++) {
        x0[g] = _mm256_loadu_si256((const __m256i *)(c0 + 8 * g));
        x1[g] = _mm256_loadu_si256((const __m256i *)(c1 + 8 * g));
        x2[g] = _mm256_loadu_si256((const __m256i *)(c2 + 8 * g));
        x3[g] = _mm256_loadu_si256((const __m256i *)(c3 + 8 * g));
    }
    for (int r = 0; r < 10; r++) {
        __m256i key0 = _mm256_set1_epi32((int)k0), key1 = _mm256_set1_epi32((int)k1);
        for (int g = 0; g < G; g++) {
            __m256i h0, l0, h1, l1;
            mulhilo8(x0[g], m0, &h0, &l0);
            mulhilo8(x2[g], m1, &h1, &l1);
            x0[g] = _mm256_xor_si256(_mm256_xor_si256(h1, x1[g]), key0);
            x2[g] = _mm256_xor_si256(_mm256_xor_si256(h0, x3[g]), key1);
            x1[g] = l1;
            x3[g] = l0;
        }
        k0 += PHILOX_W0;
        k1 += PHILOX_W1;
    }
    for (int g = 0; g < G; g++) {
        _mm256_storeu_si256((__m256i *)(c0 + 8 * g), x0[g]);
        _mm256_storeu_si256((__m256i *)(c1 + 8 * g), x1[g]);
        _mm256_storeu_si256((__m256i *)(c2 + 8 * g), x2[g]);
        _mm256_storeu_si256((__m256i *)(c3 + 8 * g), x3[g]);
    }
}
#ifndef TS_PHILOX_NO_AVX512
#define HAVE_AVX512_PATH 1
/* As mulhilo8, sixteen lanes (AVX-512F vpmuludq). */
__attribute__((target("avx512f"))) static inline void mulhilo16(__m512i a, __m512i m,
                                                                __m512i *hi, __m512i *lo)
{
    __m512i even = _mm512_mul_epu32(a, m);
    __m512i odd = _mm512_mul_epu32(_mm512_srli_epi64(a, 32), m);
    /* odd 32-bit words from the second operand (mask 0xAAAA) */
    *hi = _mm512_mask_blend_epi32((__mmask16)0xAAAA, _mm512_srli_epi64(even, 32), odd);
    *lo = _mm512_mask_blend_epi32((__mmask16)0xAAAA, even, _mm512_slli_epi64(odd, 32));
}

/*
** rounds_avx2 with the sixteen lanes in one register per word, on CPUs with
** AVX-512F: the same integer arithmetic, so the same words.
*/
__attribute__((target("avx512f"))) static void rounds_avx512(uint32_t c0[LANES],
                                                             uint32_t c1[LANES],
                                                             uint32_t c2[LANES],
                                                             uint32_t c3[LANES], uint32_t k0,
                                                             uint32_t k1)
{
    _Static_assert(LANES == 16, "one AVX-512 register per word");
    const __m512i m0 = _mm512_set1_epi32((int)PHILOX_M0), m1 = _mm512_set1_epi32((int)PHILOX_M1);
    __m512i x0 = _mm512_loadu_si512(c0), x1 = _mm512_loadu_si512(c1);
    __m512i x2 = _mm512_loadu_si512(c2), x3 = _mm512_loadu_si512(c3);
    for (int r = 0; r < 10; r++) {
        __m512i h0, l0, h1, l1;
        mulhilo16(x0, m0, &h0, &l0);
        mulhilo16(x2, m1, &h1, &l1);
        x0 = _mm512_xor_si512(_mm512_xor_si512(h1, x1), _mm512_set1_epi32((int)k0));
        x2 = _mm512_xor_si512(_mm512_xor_si512(h0, x3), _mm512_set1_epi32((int)k1));
        x1 = l1;
        x3 = l0;
        k0 += PHILOX_W0;
        k1 += PHILOX_W1;
    }
    _mm512_storeu_si512(c0, x0);
    _mm512_storeu_si512(c1, x1);
    _mm512_storeu_si512(c2, x2);
    _mm512_storeu_si512(c3, x3);
}
#endif
#endif

/* The widest of the paths above that this CPU runs. */
static void rounds(uint32_t c0[LANES], uint32_t c1[LANES], uint32_t c2[LANES],
                   uint32_t c3[LANES], uint32_t k0, uint32_t k1)
{
#ifdef HAVE_AVX2_PATH
#ifdef HAVE_AVX512_PATH
    if (__builtin_cpu_supports("avx512f")) {
        rounds_avx512(c0, c1, c2, c3, k0, k1);
        return;
    }
#endif
    if (__builtin_cpu_supports("avx2")) {
        rounds_avx2(c0, c1, c2, c3, k0, k1);
        return;
    }
#endif
    rounds_sse2(c0, c1, c2, c3, k0, k1);
}
#else
/*
** Ten Philox rounds on LANES counters held as four word arrays:
** (c0, c1, c2, c3) -> (hi(M1 c2) ^ c1 ^ k0, lo(M1 c2), hi(M0 c0) ^ c3 ^ k1, lo(M0 c0)).
*/
static void rounds(uint32_t c0[LANES], uint32_t c1[LANES], uint32_t c2[LANES],
                   uint32_t c3[LANES], uint32_t k0, uint32_t k1)
{
    for (int r = 0; r < 10; r++) {
        for (int j = 0; j < LANES; j++) {
            uint64_t p0 = (uint64_t)PHILOX_M0 * c0[j];
            uint64_t p1 = (uint64_t)PHILOX_M1 * c2[j];
            uint32_t n0 = (uint32_t)(p1 >> 32) ^ c1[j] ^ k0;
            uint32_t n2 = (uint32_t)(p0 >> 32) ^ c3[j] ^ k1;
            c1[j] = (uint32_t)p1;
            c3[j] = (uint32_t)p0;
            c0[j] = n0;
            c2[j] = n2;
        }
        k0 += PHILOX_W0;
        k1 += PHILOX_W1;
    }
}
#endif

void ts_philox4x32(const uint32_t ctr[4], const uint32_t key[2], uint32_t out[4])
{
    uint32_t c0 = ctr[0], c1 = ctr[1], c2 = ctr[2], c3 = ctr[3];
    uint32_t k0 = key[0], k1 = key[1];
    for (int r = 0; r < 10; r++) {
        uint64_t p0 = (uint64_t)PHILOX_M0 * c0;
        uint64_t p1 = (uint64_t)PHILOX_M1 * c2;
        c0 = (uint32_t)(p1 >> 32) ^ c1 ^ k0;
        c1 = (uint32_t)p1;
        c2 = (uint32_t)(p0 >> 32) ^ c3 ^ k1;
        c3 = (uint32_t)p0;
        k0 += PHILOX_W0;
        k1 += PHILOX_W1;
    }
    out[0] = c0;
    out[1] = c1;
    out[2] = c2;
    out[3] = c3;
}

/*
** Blocks 0 .. nblocks-1 of n substreams of one key and replication word c0:
** substream i has counter words (c1[i], c2[i]) when the arrays are given,
** else (c1_all, c2_first + i). out as in ts_stream_blocks.
*/
static void blocks(const uint32_t key[2], uint32_t c0, const uint32_t *c1, uint32_t c1_all,
                   const uint32_t *c2, uint32_t c2_first, uint32_t n, uint32_t nblocks,
                   uint32_t *out)
{
    uint64_t total = (uint64_t)n * nblocks;
    ts_rng_blocks += total;
    if (total <= 4) {
        /* too few to fill the lanes: one block at a time */
        for (uint32_t i = 0; i < n; i++)
            for (uint32_t b = 0; b < nblocks; b++) {
                uint32_t ctr[4] = {c0, c1 ? c1[i] : c1_all, c2 ? c2[i] : c2_first + i, b};
                ts_philox4x32(ctr, key, out + ((size_t)i * nblocks + b) * 4);
            }
        return;
    }
    uint32_t x0[LANES], x1[LANES], x2[LANES], x3[LANES];
    if (c1 == NULL && c2 == NULL && nblocks == 1) {
        /* block 0 of consecutive substreams (a day's conversations, §13): the same counters
           as below, set up in a loop without branches */
        for (uint64_t done = 0; done < total; done += LANES) {
            size_t lanes = total - done < LANES ? (size_t)(total - done) : LANES;
            for (size_t j = 0; j < LANES; j++) {
                x0[j] = c0;
                x1[j] = c1_all;
                x2[j] = c2_first + (uint32_t)done + (uint32_t)(j < lanes ? j : 0);
                x3[j] = 0;
            }
            rounds(x0, x1, x2, x3, key[0], key[1]);
            uint32_t *o = out + done * 4;
            for (size_t j = 0; j < lanes; j++) {
                o[4 * j] = x0[j];
                o[4 * j + 1] = x1[j];
                o[4 * j + 2] = x2[j];
                o[4 * j + 3] = x3[j];
            }
        }
        return;
    }
    uint32_t i = 0, b = 0; /* the next (substream, block) to start */
    for (uint64_t done = 0; done < total; done += LANES) {
        size_t lanes = total - done < LANES ? (size_t)(total - done) : LANES;
        uint32_t ii = i, bb = b;
        for (size_t j = 0; j < LANES; j++) {
            /* lanes past the end compute a harmless repeat of the first */
            uint32_t sub = j < lanes ? ii : i;
            x0[j] = c0;
            x1[j] = c1 ? c1[sub] : c1_all;
            x2[j] = c2 ? c2[sub] : c2_first + sub;
            x3[j] = j < lanes ? bb : b;
            if (j < lanes && ++bb == nblocks) {
                bb = 0;
                ii++;
            }
        }
        rounds(x0, x1, x2, x3, key[0], key[1]);
        uint32_t *o = out + done * 4;
        for (size_t j = 0; j < lanes; j++) {
            o[4 * j] = x0[j];
            o[4 * j + 1] = x1[j];
            o[4 * j + 2] = x2[j];
            o[4 * j + 3] = x3[j];
        }
        i = ii;
        b = bb;
    }
}

void ts_stream_blocks(const ts_stream *s, uint32_t n, uint32_t nblocks, uint32_t *out)
{
    blocks(s->key, s->ctr[0], NULL, s->ctr[1], NULL, s->ctr[2], n, nblocks, out);
}

void ts_stream_blocks_at(uint64_t seed, uint64_t rep, ts_mech mech, const int32_t *day,
                         const uint32_t *index, uint32_t n, uint32_t nblocks, uint32_t *c1,
                         uint32_t *out)
{
    ts_stream s; /* key and replication word, as every substream of (seed, rep) */
    ts_stream_init(&s, seed, rep, 0, mech, 0);
    for (uint32_t i = 0; i < n; i++) /* as ts_stream_init */
        c1[i] = ((uint32_t)(day[i] + DAY_OFFSET) << 8) | ((uint32_t)mech & 0xffu);
    blocks(s.key, s.ctr[0], c1, 0, index, 0, n, nblocks, out);
}

void ts_stream_refill(ts_stream *s)
{
    ts_rng_blocks++;
    ts_philox4x32(s->ctr, s->key, s->buf);
    s->ctr[3]++;
    s->idx = 0;
}

double ts_stream_slot(const ts_stream *s, uint32_t k)
{
    uint32_t ctr[4] = {s->ctr[0], s->ctr[1], s->ctr[2], k / 4};
    uint32_t out[4];
    ts_rng_blocks++;
    ts_philox4x32(ctr, s->key, out);
    return ts_u01(out[k % 4]);
}

/* --- gsl_rng adapter -------------------------------------------------- */

static void philox_set(void *state, unsigned long seed)
{
    ts_stream_init(state, (uint64_t)seed, 0, 0, TS_MECH_VOLUME, 0);
}

static unsigned long philox_get(void *state)
{
    return ts_stream_u32(state);
}

static double philox_get_double(void *state)
{
    return ts_stream_uniform(state);
}

static const gsl_rng_type philox_type = {
    "philox4x32-10", 0xffffffffUL, 0, sizeof(ts_stream),
    philox_set, philox_get, philox_get_double,
};

const gsl_rng_type *ts_rng_philox = &philox_type;

gsl_rng *ts_rng_alloc(void)
{
    gsl_rng *r = gsl_rng_alloc(ts_rng_philox);
    if (r == NULL)
        ts_oom();
    return r;
}

ts_stream *ts_rng_stream(gsl_rng *r)
{
    return (ts_stream *)r->state;
}
