/*
** table.h — the summary table `tiersim run` prints on stdout: per variant and evaluation
** day the headline metric (5–95%), the tier probabilities, the main causes, and with a
** customer-service team its first responses (docs/model.md §13); English or Chinese.
*/
#ifndef TS_TABLE_H
#define TS_TABLE_H

#include <stdbool.h>
#include <stdio.h>
#include "summary.h"

/* Print the table of a run. chinese: Chinese headings and tier labels. */
void ts_table_print(FILE *out, const ts_summary *sum, bool chinese);

#endif
