/*
** rng.h — counter-based random streams: our own Philox4x32-10 (Salmon, Moraes,
** Dror, Shaw, SC 2011; bit-identical to Random123's), one substream per
** (replication, pay day, mechanism, order), batched block generation, and a
** gsl_rng adapter so GSL's distributions draw from a stream (docs/model.md §12).
*/
#ifndef TS_RNG_H
#define TS_RNG_H

#include <stdint.h>
#include <gsl/gsl_rng.h>

/*
** Mechanisms: each draws from its own substream, so that a variant changing
** one mechanism leaves the random numbers of the others aligned order by
** order (common random numbers). Never renumber: results depend on them.
*/
typedef enum {
    TS_MECH_VOLUME = 1,   /* day counts (index 0 of the day) */
    TS_MECH_VALUE = 2,    /* unused since the value moved into TS_MECH_ORDER (kept: never renumber) */
    TS_MECH_ORDER = 3,    /* per-order fixed slots, three blocks (models.h TS_SLOT_*) */
    TS_MECH_QUEUE = 4,    /* capacity queue: random subset of a pay day (index 0 of the day) */
    TS_MECH_TRANSIT = 5,  /* gamma transit: attempts after a rejected first one */
    TS_MECH_DISPUTE = 6,  /* a dispute's course */
    TS_MECH_FEEDBACK = 7, /* feedback delay, stars, DSR, revision outreach */
    TS_MECH_REVISION = 8, /* unused since revisions moved into TS_MECH_FEEDBACK */
    TS_MECH_SERVICE = 9,  /* a post-sale conversation: arrival and handling (docs/model.md §13) */
    TS_MECH_PRESALE = 10, /* the day's pre-sale conversation count (index 0 of the day) */
    TS_MECH_PRESALE_CONV = 11, /* pre-sale conversation j of the day: arrival and handling */
    TS_MECH_UNCERTAIN = 12 /* an uncertain parameter's draw (day 0, index: FNV-1a of its path) */
} ts_mech;

/*
** A stream: key = the master seed (64 bits), counter = (replication,
** pay day and mechanism, order index, block). Distinct (seed, replication,
** day, mechanism, index) never share a block, so replications never collide
** and seed 0 is an ordinary seed.
*/
typedef struct {
    uint32_t key[2];
    uint32_t ctr[4];
    uint32_t buf[4];
    unsigned idx; /* next unused word of buf; 4 = empty */
} ts_stream;

/* Position a stream at the start of a substream. day may be negative (warm-up). */
void ts_stream_init(ts_stream *s, uint64_t seed, uint64_t rep, int32_t day,
                    ts_mech mech, uint32_t index);

/* The next 32 random bits of the stream. */
static inline uint32_t ts_stream_u32(ts_stream *s);
/* A uniform in [0, 1) with 32-bit resolution. */
static inline double ts_stream_uniform(ts_stream *s);
/* A uniform in (0, 1). */
static inline double ts_stream_uniform_pos(ts_stream *s);
/* The k-th word of the substream, whatever has been drawn (does not move the
   sequential position). Used to give each decision a fixed slot. */
double ts_stream_slot(const ts_stream *s, uint32_t k);

/* Compute the stream's next block into buf (the sequential position's refill). */
void ts_stream_refill(ts_stream *s);

/*
** Philox4x32-10 of one counter under one key (the Random123 known-answer
** vectors hold for it): out = philox4x32_10(ctr, key).
*/
void ts_philox4x32(const uint32_t ctr[4], const uint32_t key[2], uint32_t out[4]);

/*
** Blocks 0 .. nblocks-1 of n consecutive substreams: s is positioned by
** ts_stream_init at (seed, rep, day, mech, first); substream i is index
** first + i. out[(i * nblocks + b) * 4 + w] is word w of block b of substream
** i, exactly what ts_stream_u32 would return as word 4b + w of that substream.
** The counters are computed sixteen at a time, interleaved through the ten
** rounds in vector registers (rng.c). s is not moved.
*/
void ts_stream_blocks(const ts_stream *s, uint32_t n, uint32_t nblocks, uint32_t *out);

/*
** ts_stream_blocks for n substreams of one mechanism that need not be
** consecutive: substream i is (seed, rep, day[i], mech, index[i]). out as in
** ts_stream_blocks (the same words ts_stream_u32 would return); c1 is n words
** of scratch. Lets a batch of scattered orders (say those that leave feedback)
** share the interleaved lanes.
*/
void ts_stream_blocks_at(uint64_t seed, uint64_t rep, ts_mech mech, const int32_t *day,
                         const uint32_t *index, uint32_t n, uint32_t nblocks, uint32_t *c1,
                         uint32_t *out);

/*
** Philox blocks computed by this thread so far (4 uniforms each): the
** benchmark's count of draws per order. Instrumentation only; nothing
** depends on it.
*/
extern _Thread_local uint64_t ts_rng_blocks;

/* A 32-bit word as a uniform in [0, 1): w / 2^32. */
static inline double ts_u01(uint32_t w)
{
    return (double)w * (1.0 / 4294967296.0);
}

/* A 32-bit word as a uniform in (0, 1): (w + 1/2) / 2^32. */
static inline double ts_u01_pos(uint32_t w)
{
    return ((double)w + 0.5) * (1.0 / 4294967296.0);
}

static inline uint32_t ts_stream_u32(ts_stream *s)
{
    if (s->idx >= 4)
        ts_stream_refill(s);
    return s->buf[s->idx++];
}

static inline double ts_stream_uniform(ts_stream *s)
{
    return (double)ts_stream_u32(s) * (1.0 / 4294967296.0);
}

static inline double ts_stream_uniform_pos(ts_stream *s)
{
    return ((double)ts_stream_u32(s) + 0.5) * (1.0 / 4294967296.0);
}

/* The gsl_rng type whose state is a ts_stream ("philox4x32-10"). */
extern const gsl_rng_type *ts_rng_philox;

/* Allocate a gsl_rng of type ts_rng_philox (aborts on out of memory). */
gsl_rng *ts_rng_alloc(void);
/* The stream inside r, to position it with ts_stream_init. */
ts_stream *ts_rng_stream(gsl_rng *r);

#endif
