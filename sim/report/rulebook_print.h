/*
** rulebook_print.h — `tiersim rules NAME`: a rulebook as a readable table.
*/
#ifndef TS_RULEBOOK_PRINT_H
#define TS_RULEBOOK_PRINT_H

#include <stdbool.h>
#include <stdio.h>
#include "rulebook.h"

/*
** Print the rulebook as a readable table for `tiersim rules NAME`: title,
** window, anchor, schedule, min_orders, the events (kind, parameters, when
** known), the metrics (definition in words, window) and the tiers with their
** conditions. chinese: Chinese headings, title_zh and label_zh.
*/
void ts_rulebook_print(FILE *out, const ts_rulebook *rb, bool chinese);

#endif
