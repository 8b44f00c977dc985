/*
** batch_output.h — the result files of `tiersim batch` (docs/results-format.md
** "Batch results"): shops.csv, tier_counts.csv and summary.json, written
** together with ts_file_write_all (all or none).
*/
#ifndef TS_BATCH_OUTPUT_H
#define TS_BATCH_OUTPUT_H

#include "batch.h"

/* Where the batch came from, for summary.json. */
typedef struct {
    const char *shops_file, *shops_sha256;
    const char *base_file, *base_sha256;
    uint64_t seed;
} ts_batch_source;

/* Write the batch's files into the existing folder dir. */
ts_status ts_batch_output_write(const ts_batch *b, const ts_batch_source *src, const char *dir,
                                ts_error *err);

/* The tier name of slot t (rulebook tiers, then "not_assessed", "unclassified"). */
const char *ts_batch_tier_name(const ts_batch *b, size_t t);

#endif
