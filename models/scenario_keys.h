/*
** scenario_keys.h — every key of a scenario file as one table (docs/scenario-format.md):
** path, JSON type, range, default, the struct field it fills and a description.
** Plain data: the defaults, the loader and the tests of the docs and the schema read it.
*/
#ifndef TS_SCENARIO_KEYS_H
#define TS_SCENARIO_KEYS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "scenario.h"

/* Ranges shared by many keys (docs/scenario-format.md). */
#define TS_MAX_DAYS 3660                     /* any count of days */
#define TS_MAX_SEED 9007199254740991LL       /* 2^53 - 1: every such integer is exact in JSON */
#define TS_MAX_REPLICATIONS 10000000LL
#define TS_MAX_CAPACITY 1000000000LL
#define TS_KEYS_MAX_NUMBERS 24               /* the longest fixed-length array of numbers */

/* What a key holds in the file. */
typedef enum {
    TS_KEY_OBJECT,   /* an object: its keys are the rows whose paths continue this one */
    TS_KEY_ARRAY,    /* an array, read by hand (peaks, carriers, gift tiers, evaluations, variants) */
    TS_KEY_RULEBOOK, /* a rulebook name or an inline rulebook, read by hand */
    TS_KEY_NUMBER,   /* a number between lo and hi (either end open) */
    TS_KEY_PROB,     /* a probability: a number in [0, 1] */
    TS_KEY_INTEGER,  /* an integral number in min..max */
    TS_KEY_STRING,   /* a string */
    TS_KEY_NAME,     /* a string the loader limits to a name's length (sim/load/limits.h) */
    TS_KEY_DATE,     /* a date "YYYY-MM-DD", stored as a ts_civil */
    TS_KEY_DAY,      /* a date, stored as its day relative to the scenario's start */
    TS_KEY_ENUM,     /* one of choices (strings), stored as its index */
    TS_KEY_NUMBERS   /* an array of exactly count numbers, each >= 0 */
} ts_key_type;

/* Flags of a row. */
#define TS_KEY_REQUIRED 1u /* the file must have the key; its default is a placeholder */
#define TS_KEY_NONEMPTY 2u /* a string or name: not "" */
#define TS_KEY_NULLABLE 4u /* null is accepted and means the default */
#define TS_KEY_BYHAND 8u   /* read by the loader on its own, not with the rest of its object */

/* The struct holding a row's field: rows under "a[]" are in the element struct of array a. */
typedef enum {
    TS_IN_NONE,      /* no field: objects, arrays, the rulebook, schema, variants */
    TS_IN_SCENARIO,  /* ts_scenario */
    TS_IN_PEAK,      /* ts_peak: volume.events[] */
    TS_IN_CARRIER,   /* ts_carrier: fulfilment.carriers[] */
    TS_IN_GIFT_TIER, /* ts_gift_tier: gifts.tiers[] */
    TS_IN_SHIFT      /* ts_shift: service.team.shifts[] */
} ts_key_in;

/* The C type of a row's field, found by the compiler (_Generic); the tests match it to the type. */
typedef enum {
    TS_FIELD_NONE,
    TS_FIELD_DOUBLE,
    TS_FIELD_INT32,
    TS_FIELD_INT64,
    TS_FIELD_UINT64,
    TS_FIELD_STRING,  /* char *, owned */
    TS_FIELD_DOUBLES, /* double[count] */
    TS_FIELD_OTHER    /* an enum (int-sized) */
} ts_key_field;

/* A value of a row: num for numbers and probabilities, integer for integers, days and enums. */
typedef struct {
    double num;
    int64_t integer;
    const char *text;                     /* strings, names; a date's "YYYY-MM-DD" in defaults */
    double numbers[TS_KEYS_MAX_NUMBERS];  /* the first count are used */
} ts_key_value;

/* One key: a row of the table. */
typedef struct {
    const char *path;        /* "fulfilment.stockout_prob", "volume.events[].days"; the first
                                member, as the loader's key lists want (sim/load/json.h) */
    const char *description; /* short; the JSON Schema's "description" */
    ts_key_type type;
    unsigned flags;          /* TS_KEY_REQUIRED, ... */
    double lo, hi;           /* numbers: bounds, -HUGE_VAL / HUGE_VAL for none */
    bool lo_open, hi_open;
    int64_t min, max;        /* integers: bounds */
    size_t count;            /* numbers arrays: length */
    const char *const *choices; /* enums: NULL-terminated */
    ts_key_value def;        /* the default (for required keys, the placeholder before loading) */
    const char *doc_default; /* the default as docs/scenario-format.md writes it, when the loader
                                computes it or sets it by hand; NULL: def */
    ts_key_in in;
    ts_key_field field;
    size_t offset, size;     /* of the field in its struct */
} ts_key;

/*
** Every row, objects before their keys, the keys of an object in the order
** the loader lists them in messages (and the docs' tables show them). *count set.
*/
const ts_key *ts_keys_table(size_t *count);

/* The row of path ("gifts.topup.prob", "fulfilment.carriers[].share"), or NULL. */
const ts_key *ts_keys_find(const char *path);

/* A row's key inside its object: "prob" for "gifts.topup.prob", "share" for "fulfilment.carriers[].share". */
const char *ts_keys_leaf(const ts_key *k);

/*
** Whether k is a key directly inside an object of shape shape: "" is the top
** level, "volume" the volume object, "volume.events[]" one peak.
*/
bool ts_keys_under(const ts_key *k, const char *shape);

/*
** Store v in k's field of base, a struct of the kind k->in names (strings:
** the old one is freed, v->text copied; dates and days: v->integer).
*/
void ts_keys_store(const ts_key *k, void *base, const ts_key_value *v);

/* Set every field of the rows in struct `in` (at base) to its default. */
void ts_keys_set_defaults(ts_key_in in, void *base);

#endif
