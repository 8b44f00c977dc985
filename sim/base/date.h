/*
** date.h — civil dates (proleptic Gregorian) as day numbers, for scenario
** dates, weekdays and month-end schedules.
*/
#ifndef TS_DATE_H
#define TS_DATE_H

#include <stdbool.h>
#include <stdint.h>

/* Days since 1970-01-01 (may be negative). */
typedef int32_t ts_civil;

/* Parse exactly "YYYY-MM-DD" (years 1900..2999, a real calendar day).
   Returns true and sets *out on success. */
bool ts_date_parse(const char *text, ts_civil *out);
/* Write "YYYY-MM-DD" into buf (at least 11 bytes). */
void ts_date_format(ts_civil day, char buf[static 11]);
/* Build from year, month 1..12, day 1..31 (no validation). */
ts_civil ts_date_from_ymd(int year, int month, int day);
/* Split into year, month 1..12, day 1..31. */
void ts_date_to_ymd(ts_civil day, int *year, int *month, int *mday);
/* 0 = Monday .. 6 = Sunday. */
int ts_date_weekday(ts_civil day);
/* Number of days in the given month. */
int ts_date_days_in_month(int year, int month);

#endif
