/*
** output.h — the result files of a run (docs/results-format.md): summary.json
** and the CSV tables, each written to a temporary name and renamed.
*/
#ifndef TS_OUTPUT_H
#define TS_OUTPUT_H

#include <stddef.h>
#include <cjson/cJSON.h>
#include "summary.h"

/*
** Write summary.json, evaluations.csv, tiers.csv, daily.csv, causes.csv and
** money.csv into the existing directory dir. Every file goes first to a
** temporary ".NAME.tmp" in dir (flushed and fsync'ed); only when all are
** written are they renamed over the final names. On failure the temporaries
** are removed and TS_EIO is returned with a message naming the file.
*/
ts_status ts_output_write(const ts_summary *sum, const char *dir, ts_error *err);

/*
** The summary.json text (deterministic: no paths, timings or locale); free
** with free().
*/
char *ts_output_summary_json(const ts_summary *sum);

/*
** Format a double as the shortest "%.Ng" (N = 15..17) that reads back
** exactly, with '.' as decimal point whatever the locale; NaN and
** infinities give "" (CSV's empty field).
*/
void ts_output_number(double v, char buf[static 32]);

/* Append a CSV field (quoted per RFC 4180 when needed) / a number (ts_output_number). */
void ts_output_csv_field(ts_buf *b, const char *s);
void ts_output_csv_number(ts_buf *b, double v);

/* The summary.json objects of a statistic, a probability and a paired difference. */
cJSON *ts_output_stat_json(const ts_stat *s);
cJSON *ts_output_prob_json(const ts_prob *p);
cJSON *ts_output_diff_json(const ts_diff *d);

#endif
