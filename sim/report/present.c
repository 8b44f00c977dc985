/*
** present.c — the presentation module (present.h): text widths, numbers.
*/
#include "present.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* ------------------------------------------------------------------ */
/* Display width.                                                      */

typedef struct {
    uint32_t lo, hi;
} range;

/* East Asian Width W and F (Unicode UAX #11), merged into ranges, sorted. */
static const range WIDE[] = {
    {0x1100, 0x115F},   /* Hangul Jamo initial consonants */
    {0x231A, 0x231B},   /* watch, hourglass */
    {0x2329, 0x232A},   /* angle brackets */
    {0x2E80, 0x303E},   /* CJK radicals, Kangxi, CJK symbols and punctuation */
    {0x3041, 0x33FF},   /* kana, bopomofo, Hangul compatibility Jamo, CJK compatibility */
    {0x3400, 0x4DBF},   /* CJK extension A */
    {0x4E00, 0x9FFF},   /* CJK unified ideographs */
    {0xA000, 0xA4CF},   /* Yi */
    {0xA960, 0xA97F},   /* Hangul Jamo extended A */
    {0xAC00, 0xD7A3},   /* Hangul syllables */
    {0xF900, 0xFAFF},   /* CJK compatibility ideographs */
    {0xFE10, 0xFE19},   /* vertical forms */
    {0xFE30, 0xFE6F},   /* CJK compatibility forms, small form variants */
    {0xFF00, 0xFF60},   /* fullwidth forms */
    {0xFFE0, 0xFFE6},   /* fullwidth signs */
    {0x1F300, 0x1F64F}, /* pictographs, emoticons */
    {0x1F900, 0x1F9FF}, /* supplemental symbols and pictographs */
    {0x20000, 0x2FFFD}, /* CJK extensions B.. */
    {0x30000, 0x3FFFD},
};

/* Combining marks and zero-width characters. */
static const range ZERO[] = {
    {0x0300, 0x036F}, {0x1AB0, 0x1AFF}, {0x1DC0, 0x1DFF}, {0x200B, 0x200F},
    {0x20D0, 0x20FF}, {0xFE00, 0xFE0F}, {0xFE20, 0xFE2F}, {0xFEFF, 0xFEFF},
    {0xE0100, 0xE01EF},
};

static bool in(const range *r, size_t n, uint32_t cp)
{
    for (size_t i = 0; i < n && cp >= r[i].lo; i++)
        if (cp <= r[i].hi)
            return true;
    return false;
}

/*
** The code point at s and its length in bytes; 0 bytes at the end. A byte
** that starts no valid sequence (or a truncated one) is one byte, U+FFFD.
*/
static uint32_t decode(const unsigned char *s, size_t *len)
{
    unsigned char c = s[0];
    size_t n = c < 0x80 ? 1 : c >= 0xC2 && c < 0xE0 ? 2 : c >= 0xE0 && c < 0xF0 ? 3
             : c >= 0xF0 && c < 0xF5 ? 4 : 0;
    if (n == 0) {
        *len = 1;
        return 0xFFFD;
    }
    uint32_t cp = n == 1 ? c : c & (0x7Fu >> n);
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80) {
            *len = 1;
            return 0xFFFD;
        }
        cp = cp << 6 | (s[i] & 0x3Fu);
    }
    *len = n;
    return cp;
}

size_t ts_present_width(const char *s)
{
    size_t w = 0;
    const unsigned char *p = (const unsigned char *)(s ? s : "");
    while (*p) {
        size_t len;
        uint32_t cp = decode(p, &len);
        p += len;
        if (in(ZERO, sizeof ZERO / sizeof ZERO[0], cp))
            continue;
        w += in(WIDE, sizeof WIDE / sizeof WIDE[0], cp) ? 2 : 1;
    }
    return w;
}

/* ------------------------------------------------------------------ */
/* Numbers.                                                            */

static bool is_share(ts_metric_kind kind)
{
    return kind == TS_METRIC_RATE || kind == TS_METRIC_FEEDBACK_SHARE;
}

double ts_present_scale(ts_metric_kind kind)
{
    return is_share(kind) ? 100.0 : 1.0;
}

const char *ts_present_unit(ts_metric_kind kind)
{
    return is_share(kind) ? "%" : "";
}

void ts_present_value(char out[static TS_PRESENT_NUM], ts_metric_kind kind, double v, unsigned show)
{
    const char *unit = show & TS_SHOW_NO_UNIT ? "" : ts_present_unit(kind);
    if (isnan(v))
        snprintf(out, TS_PRESENT_NUM, "—");
    else if (show & TS_SHOW_EXACT)
        snprintf(out, TS_PRESENT_NUM, "%.4g%s", v * ts_present_scale(kind), unit);
    else if (is_share(kind))
        snprintf(out, TS_PRESENT_NUM, "%.2f%s", 100.0 * v, unit);
    else if (kind == TS_METRIC_DSR_MEAN)
        snprintf(out, TS_PRESENT_NUM, "%.2f%s", v, unit);
    else
        snprintf(out, TS_PRESENT_NUM, "%.1f%s", v, unit);
}

void ts_present_range(char out[static TS_PRESENT_NUM], ts_metric_kind kind, double lo, double hi,
                      unsigned show)
{
    if (isnan(lo) || isnan(hi)) {
        snprintf(out, TS_PRESENT_NUM, "—");
        return;
    }
    char a[TS_PRESENT_NUM], b[TS_PRESENT_NUM];
    ts_present_value(a, kind, lo, show);
    ts_present_value(b, kind, hi, show);
    snprintf(out, TS_PRESENT_NUM, "%.40s–%.40s", a, b);
}

void ts_present_delta(char out[static TS_PRESENT_NUM], ts_metric_kind kind, double v, bool unit)
{
    if (isnan(v))
        snprintf(out, TS_PRESENT_NUM, "—");
    else if (is_share(kind))
        snprintf(out, TS_PRESENT_NUM, "%+.2f%s", 100.0 * v, unit ? " pp" : "");
    else
        snprintf(out, TS_PRESENT_NUM, "%+.3f", v);
}

void ts_present_prob(char out[static TS_PRESENT_NUM], double p, bool whole)
{
    if (isnan(p)) {
        snprintf(out, TS_PRESENT_NUM, "—");
        return;
    }
    if (whole) { /* the rules in percent, as the standing chart has always compared them */
        double pct = p * 100.0;
        if (pct > 99.95 && pct < 100.0)
            snprintf(out, TS_PRESENT_NUM, ">99.9%%");
        else if (pct > 0.0 && pct < 0.05)
            snprintf(out, TS_PRESENT_NUM, "<0.1%%");
        else if ((pct > 0.0 && pct < 0.5) || (pct >= 99.5 && pct < 100.0))
            snprintf(out, TS_PRESENT_NUM, "%.1f%%", pct);
        else
            snprintf(out, TS_PRESENT_NUM, "%.0f%%", pct);
    } else if (p > 0.0 && p < 0.0005) {
        snprintf(out, TS_PRESENT_NUM, "<0.1%%");
    } else if (p < 1.0 && p > 0.9995) {
        snprintf(out, TS_PRESENT_NUM, ">99.9%%");
    } else {
        snprintf(out, TS_PRESENT_NUM, "%.1f%%", 100.0 * p);
    }
}

void ts_present_amount(char out[static TS_PRESENT_NUM], double v, int decimals)
{
    if (isnan(v) || isinf(v)) {
        snprintf(out, TS_PRESENT_NUM, "—");
        return;
    }
    char digits[TS_PRESENT_NUM / 2];
    snprintf(digits, sizeof digits, "%.*f", decimals, fabs(v));
    const char *dot = strchr(digits, '.');
    size_t int_len = dot ? (size_t)(dot - digits) : strlen(digits);
    size_t j = 0;
    if (v < 0 && strspn(digits, "0.") != strlen(digits)) {
        memcpy(out, "−", strlen("−"));
        j = strlen("−");
    }
    for (size_t i = 0; i < int_len; i++) {
        if (i > 0 && (int_len - i) % 3 == 0)
            out[j++] = ',';
        out[j++] = digits[i];
    }
    snprintf(out + j, TS_PRESENT_NUM - j, "%s", dot ? dot : "");
}
