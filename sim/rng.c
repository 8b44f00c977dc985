/*
** rng.c — Philox4x32-10 substreams and their gsl_rng adapter. The block
** function is Random123's philox4x32 (Debian librandom123-dev).
*/
#include "rng.h"

#include <string.h>
#include <Random123/philox.h>

#include "tiersim.h"

/* Days are offset so that warm-up (negative) days map to distinct counters. */
#define DAY_OFFSET 0x800000

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

static void block(const uint32_t key[2], const uint32_t ctr[4], uint32_t out[4])
{
    ts_rng_blocks++;
    philox4x32_ctr_t c = {{ctr[0], ctr[1], ctr[2], ctr[3]}};
    philox4x32_key_t k = {{key[0], key[1]}};
    philox4x32_ctr_t r = philox4x32(c, k);
    memcpy(out, r.v, sizeof r.v);
}

void ts_stream_refill(ts_stream *s)
{
    block(s->key, s->ctr, s->buf);
    s->ctr[3]++;
    s->idx = 0;
}

double ts_stream_slot(const ts_stream *s, uint32_t k)
{
    uint32_t ctr[4] = {s->ctr[0], s->ctr[1], s->ctr[2], k / 4};
    uint32_t out[4];
    block(s->key, ctr, out);
    return (double)out[k % 4] * (1.0 / 4294967296.0);
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
