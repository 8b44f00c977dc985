/*
** study.h — a scenario file as loaded: the base scenario and its variants
** (docs/model.md §10), from a file or a buffer, with --sweep values.
*/
#ifndef TS_STUDY_H
#define TS_STUDY_H

#include <stddef.h>
#include <stdint.h>
#include "tiersim.h"
#include "scenario.h"

typedef struct {
    char *name;         /* "base" for the base */
    char *description;  /* "" when absent */
    ts_scenario *scenario; /* owned, resolved */
} ts_variant;

/* A scenario file: the base and its variants, base first (docs/model.md §10). */
typedef struct ts_study {
    char *file;         /* as given on the command line */
    char sha256[65];    /* of the file's bytes, lowercase hex */
    char *text;         /* the file's bytes, NUL-terminated (the report shows them) */
    size_t text_len;
    ts_variant *variants;
    size_t n_variants;  /* >= 1; variants[0] is "base" */
} ts_study;

/*
** A --sweep request: PATH=V1,V2,... adds one variant per value, named
** "PATH=V". Values are read as JSON when they parse as JSON, else as strings.
*/
typedef struct {
    const char *spec; /* borrowed "PATH=V1,V2,..." */
} ts_sweep;

/*
** Load and validate a scenario file with its variants, then append one variant
** per sweep value. Returns NULL and fills err with every problem found (each
** message names the file and a JSON path or line:column). Sweep problems name
** "--sweep".
*/
ts_study *ts_study_load(const char *path, const ts_sweep *sweeps, size_t n_sweeps,
                        ts_error *err);
/* The same from a buffer; file is used in messages and defaults name. */
ts_study *ts_study_load_buffer(const char *file, const char *text, size_t len,
                               const ts_sweep *sweeps, size_t n_sweeps, ts_error *err);

/*
** A value a batch row sets (docs/cli.md "`tiersim batch`"): PATH as in a
** variant's "set", VALUE read as JSON when it parses as JSON, else as a string.
*/
typedef struct {
    const char *path;  /* borrowed */
    const char *value; /* borrowed */
} ts_override;

/*
** ts_study_load_buffer with n_ov values set on the scenario before the base
** and its variants are read: the variants then apply on top of them.
** prefix ("" for none) starts every message (after the file), e.g.
** "shops.csv row 7 (\"acme\"): ".
*/
ts_study *ts_study_load_overrides(const char *file, const char *text, size_t len,
                                  const ts_override *ov, size_t n_ov, const char *prefix,
                                  const ts_sweep *sweeps, size_t n_sweeps, ts_error *err);
void ts_study_free(ts_study *study);

/*
** The base of a scenario file and one variant per sweep value, leaving out
** the file's own variants: the variants of `tiersim sensitivity` and `tiersim
** solve` (docs/decisions.md), each the base with one PATH set.
*/
ts_study *ts_study_load_edits(const char *file, const char *text, size_t len, const ts_sweep *sweeps,
                              size_t n_sweeps, ts_error *err);

/*
** The scenario file's text with PATH set to value_json (as a variant's `set`
** would, docs/model.md §10), pretty-printed, ending in a newline; NULL with
** err filled when the text or the value does not parse or the path cannot be
** set. Free with free().
*/
char *ts_study_text_set(const char *file, const char *text, size_t len, const char *path,
                        const char *value_json, ts_error *err);

/* Override seed / replications of every variant (CLI --seed, --replications). */
void ts_study_set_seed(ts_study *study, uint64_t seed);
void ts_study_set_replications(ts_study *study, int64_t replications);

/*
** Key path i of every key the loader accepts (i from 0; NULL past the last),
** for tools and the JSON Schema test: "volume.events[].multiplier" ("[]": any
** array element), "buyers.low_dsr.description.quality", "rules.events{}.kind"
** ("{}": any member of a name-keyed object). Static storage.
*/
const char *ts_scenario_known_key(size_t i);

#endif
