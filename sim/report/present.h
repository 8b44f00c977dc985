/*
** present.h — how tiersim shows things to people, shared by the stdout table,
** the charts, the HTML report and `tiersim rules`: the width of text on a terminal.
*/
#ifndef TS_PRESENT_H
#define TS_PRESENT_H

#include <stddef.h>

/*
** The display width of UTF-8 text in terminal columns (and in the units the
** charts measure labels in): East Asian wide and fullwidth characters (CJK
** ideographs, kana, Hangul, CJK and fullwidth punctuation such as 、。「」（），：)
** count 2, combining marks and zero-width characters 0, everything else 1;
** a byte that does not start a valid UTF-8 sequence counts 1.
*/
size_t ts_present_width(const char *s);

#endif
