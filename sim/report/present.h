/*
** present.h — how tiersim shows things to people, shared by the stdout table,
** the charts, the HTML report and `tiersim rules`: the width of text on a
** terminal and the one way numbers are written.
*/
#ifndef TS_PRESENT_H
#define TS_PRESENT_H

#include <stdbool.h>
#include <stddef.h>
#include "rulebook.h"

/*
** The display width of UTF-8 text in terminal columns (and in the units the
** charts measure labels in): East Asian wide and fullwidth characters (CJK
** ideographs, kana, Hangul, CJK and fullwidth punctuation such as 、。「」（），：)
** count 2, combining marks and zero-width characters 0, everything else 1;
** a byte that does not start a valid UTF-8 sequence counts 1.
*/
size_t ts_present_width(const char *s);

/* Room for any number the ts_present_* formatters write, with its NUL. */
#define TS_PRESENT_NUM 96

/* The display scale of a metric kind: 100 for shares (rates, feedback shares), else 1. */
double ts_present_scale(ts_metric_kind kind);

/* The unit written after a displayed value: "%" for shares, else "". */
const char *ts_present_unit(ts_metric_kind kind);

/* How ts_present_value writes a value (flags, or 0 for a statistic). */
enum {
    TS_SHOW_NO_UNIT = 1, /* no "%": the bounds of a compact range whose mean carries it */
    TS_SHOW_EXACT = 2    /* a rulebook's threshold: up to 4 significant digits, "3%", "4.8" */
};

/*
** A metric value for people, in out: a statistic (show 0) with fixed
** decimals: shares as percentages with 2 ("2.81%"), DSR means with 2
** ("4.78"), counts with 1 ("3.5"); with TS_SHOW_EXACT the shortest form up
** to 4 significant digits; "—" for NaN. The table, the charts and the
** report all write values through this.
*/
void ts_present_value(char out[static TS_PRESENT_NUM], ts_metric_kind kind, double v, unsigned show);

/* "lo–hi", each bound as ts_present_value writes it; "—" when either is NaN. */
void ts_present_range(char out[static TS_PRESENT_NUM], ts_metric_kind kind, double lo, double hi,
                      unsigned show);

/*
** A difference of two values of a metric: shares in signed percentage
** points with 2 decimals ("-0.25", with unit "-0.25 pp"), other kinds
** signed with 3 decimals; "—" for NaN.
*/
void ts_present_delta(char out[static TS_PRESENT_NUM], ts_metric_kind kind, double v, bool unit);

/*
** A probability p (0..1) as a percentage: one decimal ("70.0%"), "<0.1%"
** and ">99.9%" for values that would round to 0 or 100 without being
** either; whole (a chart's segment label): whole percents except tenths
** below 0.5% and from 99.5% ("72%", "0.3%", "99.6%"). "—" for NaN.
*/
void ts_present_prob(char out[static TS_PRESENT_NUM], double p, bool whole);

/*
** A count or an amount with thousands separators and decimals decimals
** ("13,546", "1,234.50"), a negative one with "−" (U+2212); "—" for NaN
** and infinities.
*/
void ts_present_amount(char out[static TS_PRESENT_NUM], double v, int decimals);

#endif
