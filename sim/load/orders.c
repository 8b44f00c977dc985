/*
** orders.c — the order export reader (docs/data-format.md): libcsv splits
** the records, the header row is resolved through a column map, each cell is
** read by its column's rule and each row checked for consistency; every
** problem goes into the error list (capped), none stops the reading except
** malformed quoting.
*/
#include "orders.h"

#include <csv.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "csv_table.h"
#include "files.h"
#include "load_limits.h"
#include "scenario_keys.h"

/* The format's required columns (docs/data-format.md "Columns"). */
static const ts_column REQUIRED[] = {TS_COL_ORDER_ID, TS_COL_PAID_AT, TS_COL_VALUE};

/* Date columns besides paid_at, checked not to be before it. */
static const ts_column EVENT_DATES[] = {
    TS_COL_CLOSED_UNSHIPPED_AT, TS_COL_DISPATCHED_AT, TS_COL_DELIVERED_AT, TS_COL_DISPUTE_OPENED_AT,
    TS_COL_ARBITRATION_AT, TS_COL_DISPUTE_CLOSED_AT, TS_COL_FEEDBACK_AT, TS_COL_REVISED_AT,
};

/* The longest piece of a bad cell quoted in a message. */
#define FOUND_MAX 40

typedef struct {
    const char *file;
    const ts_colmap *map;    /* NULL: automatic */
    ts_orders *out;
    ts_error *err;
    size_t problems;         /* found, kept or not */
    uint32_t row;            /* the record being read (header = 1) */
    /* the record's cells: offsets into text */
    ts_buf text;
    size_t *cell_off;
    size_t n_cells, cap_cells;
    /* the header */
    int col[TS_COL_COUNT];   /* file column of each format column, -1 absent */
    char *header[TS_COL_COUNT]; /* the file's name of each column found */
    size_t n_header;
    bool header_ok;          /* false: the header failed; rows are not read */
    size_t ids_len, ids_cap;
} reader;

static void problem(reader *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* One problem: kept while fewer than TS_ORDERS_MAX_MESSAGES, else only counted. */
static void problem(reader *r, const char *fmt, ...)
{
    r->problems++;
    if (r->problems > TS_ORDERS_MAX_MESSAGES)
        return;
    char msg[4096];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    ts_error_add(r->err, "%s: %s", r->file, msg);
}

static const char *cell(const reader *r, size_t i)
{
    return r->text.s + r->cell_off[i];
}

/* A cell's text for "found ...": quoted, cut at FOUND_MAX bytes (at a UTF-8 boundary). */
static char *found(const char *s)
{
    size_t n = strlen(s);
    if (n == 0)
        return ts_xstrdup("an empty cell");
    size_t k = ts_utf8_cut(s, FOUND_MAX);
    return ts_xasprintf("\"%.*s%s\"", (int)k, s, k < n ? "…" : "");
}

/* "column 'paid_at'" or, when the file calls it otherwise, "column 'paid_at' (付款时间)". */
static char *column_label(const reader *r, ts_column c)
{
    const char *h = r->header[c];
    if (h != NULL && strcasecmp(h, ts_column_names[c]) != 0)
        return ts_xasprintf("column '%s' (%s)", ts_column_names[c], h);
    return ts_xasprintf("column '%s'", ts_column_names[c]);
}

static void bad_cell(reader *r, ts_column c, const char *text, const char *expected)
{
    char *f = found(text), *label = column_label(r, c);
    problem(r, "row %u, %s: expected %s, found %s", r->row, label, expected, f);
    free(label);
    free(f);
}

/* ------------------------------------------------------------ cell rules */

static bool digits_at(const char *s, int n, int *v)
{
    *v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        *v = *v * 10 + (s[i] - '0');
    }
    return true;
}

/*
** docs/data-format.md "The file": YYYY-MM-DD or YYYY/MM/DD, optionally followed
** by a space and HH:MM or HH:MM:SS. *minute: the minute of the day, -1 without a time.
*/
static bool parse_date(const char *s, ts_civil *day, int *minute)
{
    size_t n = strlen(s);
    if (n < 10 || (s[4] != '-' && s[4] != '/') || s[7] != s[4])
        return false;
    char d[11];
    memcpy(d, s, 10);
    d[4] = d[7] = '-';
    d[10] = '\0';
    if (!ts_date_parse(d, day))
        return false;
    *minute = -1;
    if (n == 10)
        return true;
    int hh, mm, ss;
    if ((n != 16 && n != 19) || s[10] != ' ' || !digits_at(s + 11, 2, &hh) || s[13] != ':' ||
        !digits_at(s + 14, 2, &mm) || hh > 23 || mm > 59)
        return false;
    if (n == 19 && (s[16] != ':' || !digits_at(s + 17, 2, &ss) || ss > 59))
        return false;
    *minute = hh * 60 + mm;
    return true;
}

static bool parse_number(const char *s, double *v)
{
    if (*s == '\0')
        return false;
    char *end;
    *v = strtod(s, &end);
    return *end == '\0' && isfinite(*v);
}

/* 1, true, yes -> 1; 0, false, no -> 0 (any case); else -1. */
static int parse_flag(const char *s)
{
    if (strcmp(s, "1") == 0 || strcasecmp(s, "true") == 0 || strcasecmp(s, "yes") == 0)
        return 1;
    if (strcmp(s, "0") == 0 || strcasecmp(s, "false") == 0 || strcasecmp(s, "no") == 0)
        return 0;
    return -1;
}

/* An integer in lo..hi. */
static bool parse_int(const char *s, long lo, long hi, long *v)
{
    if (*s == '\0')
        return false;
    char *end;
    *v = strtol(s, &end, 10);
    return *end == '\0' && *v >= lo && *v <= hi;
}

/* The index of name in names (added when new); -1 past TS_ORDERS_MAX_NAMES. */
static int intern(char ***names, size_t *n, const char *name)
{
    for (size_t i = 0; i < *n; i++)
        if (strcmp((*names)[i], name) == 0)
            return (int)i;
    if (*n >= TS_ORDERS_MAX_NAMES)
        return -1;
    *names = ts_xrealloc(*names, (*n + 1) * sizeof **names);
    (*names)[*n] = ts_xstrdup(name);
    return (int)(*n)++;
}

/* ------------------------------------------------------------- the header */

/* Copy s without leading and trailing spaces and tabs into a fresh string. */
static char *trimmed(const char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    char *t = ts_xmalloc(n + 1);
    memcpy(t, s, n);
    t[n] = '\0';
    return t;
}

/* Whether header name h is a name of column c under map (NULL: the format's own names). */
static bool names_column(const ts_colmap *map, ts_column c, const char *h)
{
    if (map != NULL && map->names[c][0] != NULL) {
        for (size_t k = 0; map->names[c][k] != NULL; k++)
            if (strcasecmp(map->names[c][k], h) == 0)
                return true;
        return false;
    }
    return strcasecmp(ts_column_names[c], h) == 0;
}

/* The file column of each format column under map; whether every required one is there. */
static bool resolve(const reader *r, const ts_colmap *map, int col[TS_COL_COUNT])
{
    for (int c = 0; c < TS_COL_COUNT; c++)
        col[c] = -1;
    for (size_t i = 0; i < r->n_cells; i++) {
        char *h = trimmed(cell(r, i));
        for (int c = 0; c < TS_COL_COUNT; c++)
            if (col[c] < 0 && names_column(map, (ts_column)c, h)) {
                col[c] = (int)i;
                break;
            }
        free(h);
    }
    for (size_t k = 0; k < sizeof REQUIRED / sizeof *REQUIRED; k++)
        if (col[REQUIRED[k]] < 0)
            return false;
    return true;
}

/* The header row: choose the map, find the columns, note unknown and repeated ones. */
static void read_header(reader *r)
{
    ts_orders *out = r->out;
    r->n_header = r->n_cells;
    const ts_colmap *map = r->map;
    ts_colmap chosen = {0};
    bool ok = resolve(r, map, r->col);
    if (map != NULL) {
        out->columns_from = ts_xasprintf("the column map %s", map->name);
    } else if (ok) {
        out->columns_from = ts_xstrdup("the tiersim format");
    } else {
        for (size_t k = 0; k < ts_export_map_count && !ok; k++) {
            ts_error ignore = {0};
            if (ts_colmap_parse(ts_export_maps[k].name, ts_export_maps[k].text, ts_export_maps[k].len,
                                &chosen, &ignore) == TS_OK) {
                int col[TS_COL_COUNT];
                if (resolve(r, &chosen, col)) {
                    ok = true;
                    memcpy(r->col, col, sizeof col);
                    out->columns_from = ts_xasprintf("the column map %s (recognised from the header)",
                                                     ts_export_maps[k].name);
                    map = &chosen;
                }
            }
            ts_error_clear(&ignore);
            if (!ok)
                ts_colmap_release(&chosen);
        }
        if (!ok)
            resolve(r, NULL, r->col);
    }
    if (!ok) {
        ts_buf miss = {0}, have = {0};
        for (size_t k = 0; k < sizeof REQUIRED / sizeof *REQUIRED; k++)
            if (r->col[REQUIRED[k]] < 0)
                ts_buf_printf(&miss, "%s%s", miss.len ? ", " : "", ts_column_names[REQUIRED[k]]);
        for (size_t i = 0; i < r->n_cells && i < 30; i++) {
            char *f = found(cell(r, i));
            ts_buf_printf(&have, "%s%s", i ? ", " : "", f);
            free(f);
        }
        /* with a map given: the header names it expected (the map may be the one that is wrong) */
        ts_buf want = {0};
        for (size_t k = 0; r->map && k < sizeof REQUIRED / sizeof *REQUIRED; k++) {
            char *const *alt = r->map->names[REQUIRED[k]];
            if (r->col[REQUIRED[k]] >= 0 || alt[0] == NULL)
                continue;
            ts_buf_printf(&want, "%s%s as ", want.len ? "; " : " (the column map expects ",
                          ts_column_names[REQUIRED[k]]);
            for (size_t a = 0; alt[a]; a++)
                ts_buf_printf(&want, "%s\"%s\"", a ? " or " : "", alt[a]);
        }
        if (want.len)
            ts_buf_puts(&want, ")");
        problem(r, "row 1 (the header): required column%s %s missing%s; the header has %s%s. "
                   "Rename the columns, or give a column map (--columns MAP.json or NAME, "
                   "history.columns; docs/data-format.md \"Column maps\")",
                strchr(miss.s, ',') ? "s" : "", miss.s, want.s ? want.s : "", have.s ? have.s : "no columns",
                r->n_cells > 30 ? ", …" : "");
        free(want.s);
        free(miss.s);
        free(have.s);
        r->header_ok = false;
        if (map == &chosen)
            ts_colmap_release(&chosen);
        return;
    }
    /* a second header cell naming a column already found; columns the format does not know */
    ts_buf unknown = {0};
    for (size_t i = 0; i < r->n_cells; i++) {
        char *h = trimmed(cell(r, i));
        bool used = false, repeated = false;
        for (int c = 0; c < TS_COL_COUNT; c++) {
            if (r->col[c] == (int)i)
                used = true;
            else if (names_column(map, (ts_column)c, h))
                repeated = true;
        }
        if (!used && repeated) {
            problem(r, "row 1 (the header), column %zu: \"%s\" names a column already given", i + 1, h);
        } else if (!used) {
            char *f = found(h);
            ts_buf_printf(&unknown, "%s%s", unknown.len ? ", " : "", f);
            free(f);
        }
        free(h);
    }
    if (unknown.len) {
        out->notes = ts_xrealloc(out->notes, (out->n_notes + 1) * sizeof *out->notes);
        out->notes[out->n_notes++] = ts_xasprintf("%s: columns not in the format, ignored: %s", r->file, unknown.s);
    }
    free(unknown.s);
    for (int c = 0; c < TS_COL_COUNT; c++) {
        out->has[c] = r->col[c] >= 0;
        r->header[c] = out->has[c] ? trimmed(cell(r, (size_t)r->col[c])) : NULL;
    }
    if (map == &chosen)
        ts_colmap_release(&chosen);
    r->header_ok = true;
}

/* -------------------------------------------------------------- one row */

/*
** The text of column c in this row ("" when the file lacks the column), in
** place: libcsv has dropped the spaces around an unquoted field already.
*/
static const char *field(const reader *r, ts_column c)
{
    return r->col[c] >= 0 ? cell(r, (size_t)r->col[c]) : "";
}

/*
** An export's dates lie in 2000..2099 (docs/data-format.md "Reading an
** export"): a year outside is a typing or conversion error, and one such day
** would stretch the export over centuries.
*/
static bool plausible_day(const char *s)
{
    /* s has been read as a date: its first four characters are the year's digits */
    return s[0] == '2' && s[1] == '0';
}

#define PLAUSIBLE "a date from 2000-01-01 to 2099-12-31"

/* A date column into *d (TS_NO_DATE when empty); false after reporting a bad cell. */
static bool date_field(reader *r, ts_column c, ts_civil *d, int *minute)
{
    const char *s = field(r, c);
    int m = -1;
    bool ok = true;
    *d = TS_NO_DATE;
    if (*s && !parse_date(s, d, &m)) {
        bad_cell(r, c, s, "a date YYYY-MM-DD (or YYYY-MM-DD HH:MM[:SS], YYYY/MM/DD HH:MM)");
        ok = false;
    } else if (*s && !plausible_day(s)) {
        bad_cell(r, c, s, PLAUSIBLE);
        *d = TS_NO_DATE;
        ok = false;
    }
    if (minute)
        *minute = m;
    return ok;
}

/* A score column (1..5) into *v (0 when empty). */
static bool stars_field(reader *r, ts_column c, uint8_t *v)
{
    const char *s = field(r, c);
    long x = 0;
    bool ok = true;
    *v = 0;
    if (*s) {
        if (parse_int(s, 1, 5, &x))
            *v = (uint8_t)x;
        else {
            bad_cell(r, c, s, "stars 1..5");
            ok = false;
        }
    }
    return ok;
}

/* A flag column into *v (-1 when empty). */
static bool flag_field(reader *r, ts_column c, int8_t *v)
{
    const char *s = field(r, c);
    bool ok = true;
    *v = -1;
    if (*s) {
        int f = parse_flag(s);
        if (f < 0) {
            bad_cell(r, c, s, "1, true, yes, 0, false or no");
            ok = false;
        }
        *v = (int8_t)f;
    }
    return ok;
}

/* A name column, interned into names (-1 when empty). */
static bool name_field(reader *r, ts_column c, char ***names, size_t *n, int16_t *v)
{
    const char *s = field(r, c);
    bool ok = true;
    *v = -1;
    if (strlen(s) > TS_MAX_NAME_BYTES) { /* a scenario's carrier and gift tier names are as long at most */
        char want[48];
        snprintf(want, sizeof want, "a name of at most %d bytes", TS_MAX_NAME_BYTES);
        bad_cell(r, c, s, want);
        return false;
    }
    if (*s) {
        int k = intern(names, n, s);
        if (k < 0) {
            problem(r, "row %u, column '%s': more than %d different names", r->row, ts_column_names[c],
                    TS_ORDERS_MAX_NAMES);
            ok = false;
        }
        *v = (int16_t)k;
    }
    return ok;
}

/* The cells of one data row into o; false when any is bad (each reported). */
static bool read_cells(reader *r, ts_hist_order *o)
{
    ts_orders *out = r->out;
    bool ok = true;
    const char *s;

    s = field(r, TS_COL_ORDER_ID);
    if (*s == '\0') {
        bad_cell(r, TS_COL_ORDER_ID, s, "an order id");
        ok = false;
    }
    size_t n = strlen(s) + 1;
    if (r->ids_len + n > r->ids_cap) {
        r->ids_cap = (r->ids_len + n) * 2;
        out->ids = ts_xrealloc(out->ids, r->ids_cap);
    }
    memcpy(out->ids + r->ids_len, s, n);
    o->id = r->ids_len;
    r->ids_len += n;

    int minute;
    s = field(r, TS_COL_PAID_AT);
    if (*s == '\0' || !parse_date(s, &o->paid, &minute)) {
        bad_cell(r, TS_COL_PAID_AT, s, "the payment date YYYY-MM-DD (or YYYY-MM-DD HH:MM[:SS], YYYY/MM/DD HH:MM)");
        ok = false;
        o->paid = TS_NO_DATE;
        minute = -1;
    } else if (!plausible_day(s)) {
        bad_cell(r, TS_COL_PAID_AT, s, PLAUSIBLE);
        ok = false;
        o->paid = TS_NO_DATE;
        minute = -1;
    }
    o->paid_minute = (int16_t)minute;

    s = field(r, TS_COL_VALUE);
    if (!parse_number(s, &o->value) || o->value < 0.0) {
        bad_cell(r, TS_COL_VALUE, s, "the order value, a number >= 0");
        ok = false;
    }

    s = field(r, TS_COL_CURRENCY);
    if (*s) {
        if (out->currency == NULL)
            out->currency = ts_xstrdup(s);
        else if (strcmp(out->currency, s) != 0) {
            char *f = found(s);
            problem(r, "row %u, column 'currency': expected one currency per file (\"%s\" so far), found %s",
                    r->row, out->currency, f);
            free(f);
            ok = false;
        }
    }

    long x;
    s = field(r, TS_COL_PROMISED_DAYS);
    o->promised_days = -1;
    if (*s) {
        if (parse_int(s, 1, TS_MAX_DAYS, &x))
            o->promised_days = (int16_t)x;
        else {
            bad_cell(r, TS_COL_PROMISED_DAYS, s, "a whole number of days 1..3660");
            ok = false;
        }
    }

    ok &= date_field(r, TS_COL_CLOSED_UNSHIPPED_AT, &o->closed_unshipped, NULL);
    ok &= date_field(r, TS_COL_DISPATCHED_AT, &o->dispatched, NULL);
    ok &= name_field(r, TS_COL_CARRIER, &out->carriers, &out->n_carriers, &o->carrier);
    ok &= date_field(r, TS_COL_DELIVERED_AT, &o->delivered, NULL);
    int8_t lost;
    ok &= flag_field(r, TS_COL_LOST, &lost);
    o->lost = lost == 1;
    ok &= date_field(r, TS_COL_DISPUTE_OPENED_AT, &o->dispute_opened, NULL);

    s = field(r, TS_COL_DISPUTE_REASON);
    o->reason = -1;
    if (*s) {
        for (int k = 0; k < TS_REASON_COUNT; k++)
            if (strcasecmp(s, ts_reason_names[k]) == 0)
                o->reason = (int8_t)k;
        if (o->reason < 0) {
            bad_cell(r, TS_COL_DISPUTE_REASON, s, "not_received, not_as_described, quality or other");
            ok = false;
        }
    }

    ok &= flag_field(r, TS_COL_DISPUTE_REPLIED, &o->replied);
    ok &= date_field(r, TS_COL_ARBITRATION_AT, &o->arbitration, NULL);
    s = field(r, TS_COL_RULING);
    o->ruling = -1;
    if (*s) {
        if (strcasecmp(s, "seller") == 0)
            o->ruling = 1;
        else if (strcasecmp(s, "buyer") == 0)
            o->ruling = 0;
        else {
            bad_cell(r, TS_COL_RULING, s, "seller, buyer or an empty cell");
            ok = false;
        }
    }
    ok &= date_field(r, TS_COL_DISPUTE_CLOSED_AT, &o->dispute_closed, NULL);
    ok &= date_field(r, TS_COL_FEEDBACK_AT, &o->feedback, NULL);
    ok &= stars_field(r, TS_COL_STARS, &o->stars);
    ok &= stars_field(r, TS_COL_DSR_DESCRIPTION, &o->dsr[0]);
    ok &= stars_field(r, TS_COL_DSR_COMMUNICATION, &o->dsr[1]);
    ok &= stars_field(r, TS_COL_DSR_SHIPPING, &o->dsr[2]);
    ok &= date_field(r, TS_COL_REVISED_AT, &o->revised, NULL);
    ok &= stars_field(r, TS_COL_REVISED_STARS, &o->revised_stars);
    ok &= name_field(r, TS_COL_GIFT_TIER, &out->gift_tiers, &out->n_gift_tiers, &o->gift_tier);

    s = field(r, TS_COL_FIRST_REPLY_MINUTES);
    o->first_reply_minutes = NAN;
    if (*s) {
        double v;
        if (parse_number(s, &v) && v >= 0.0)
            o->first_reply_minutes = v;
        else {
            bad_cell(r, TS_COL_FIRST_REPLY_MINUTES, s, "minutes, a number >= 0");
            ok = false;
        }
    }
    return ok;
}

/* The date of column c of o (one of EVENT_DATES). */
static ts_civil event_date(const ts_hist_order *o, ts_column c)
{
    switch (c) {
    case TS_COL_CLOSED_UNSHIPPED_AT: return o->closed_unshipped;
    case TS_COL_DISPATCHED_AT: return o->dispatched;
    case TS_COL_DELIVERED_AT: return o->delivered;
    case TS_COL_DISPUTE_OPENED_AT: return o->dispute_opened;
    case TS_COL_ARBITRATION_AT: return o->arbitration;
    case TS_COL_DISPUTE_CLOSED_AT: return o->dispute_closed;
    case TS_COL_FEEDBACK_AT: return o->feedback;
    case TS_COL_REVISED_AT: return o->revised;
    default: return TS_NO_DATE;
    }
}

/* docs/data-format.md "Reading an export": the checks between the cells of one row. */
static bool consistent(reader *r, const ts_hist_order *o)
{
    bool ok = true;
    for (size_t k = 0; k < sizeof EVENT_DATES / sizeof *EVENT_DATES; k++) {
        ts_civil d = event_date(o, EVENT_DATES[k]);
        if (d != TS_NO_DATE && d < o->paid) {
            char a[11], b[11];
            ts_date_format(d, a);
            ts_date_format(o->paid, b);
            problem(r, "row %u, column '%s': %s is before paid_at %s", r->row, ts_column_names[EVENT_DATES[k]], a, b);
            ok = false;
        }
    }
    if (o->delivered != TS_NO_DATE && o->lost) {
        problem(r, "row %u: delivered_at and lost both given (a parcel is delivered or lost, not both)", r->row);
        ok = false;
    }
    if (o->delivered != TS_NO_DATE && o->closed_unshipped != TS_NO_DATE) {
        problem(r, "row %u: delivered_at and closed_unshipped_at both given (a closed order was never shipped)",
                r->row);
        ok = false;
    }
    if (o->ruling >= 0 && o->arbitration == TS_NO_DATE) {
        problem(r, "row %u, column 'ruling': a ruling without arbitration_at (only an arbitrated dispute is ruled)",
                r->row);
        ok = false;
    }
    return ok;
}

/* Widen [first, last] of the orders and the latest date seen by o's dates. */
static void span(ts_orders *out, const ts_hist_order *o)
{
    if (out->first_paid == TS_NO_DATE || o->paid < out->first_paid)
        out->first_paid = o->paid;
    if (out->last_paid == TS_NO_DATE || o->paid > out->last_paid)
        out->last_paid = o->paid;
    if (out->last_event == TS_NO_DATE || o->paid > out->last_event)
        out->last_event = o->paid;
    for (size_t k = 0; k < sizeof EVENT_DATES / sizeof *EVENT_DATES; k++) {
        ts_civil d = event_date(o, EVENT_DATES[k]);
        if (d != TS_NO_DATE && d > out->last_event)
            out->last_event = d;
    }
}

static void read_row(reader *r)
{
    if (!r->header_ok)
        return;
    if (r->n_cells != r->n_header) {
        problem(r, "row %u: %zu field%s, the header has %zu", r->row, r->n_cells, r->n_cells == 1 ? "" : "s",
                r->n_header);
        return;
    }
    ts_orders *out = r->out;
    ts_hist_order o;
    memset(&o, 0, sizeof o);
    o.row = r->row;
    size_t ids_before = r->ids_len;
    bool ok = read_cells(r, &o);
    if (ok)
        ok = consistent(r, &o);
    if (!ok) {
        r->ids_len = ids_before;
        return;
    }
    if (out->n_orders % 4096 == 0)
        out->orders = ts_xrealloc(out->orders, (out->n_orders + 4096) * sizeof *out->orders);
    out->orders[out->n_orders++] = o;
    span(out, &o);
}

/* ------------------------------------------------------------ libcsv */

static void on_field(void *s, size_t len, void *data)
{
    reader *r = data;
    if (r->n_cells == r->cap_cells) {
        r->cap_cells = r->cap_cells ? r->cap_cells * 2 : 32;
        r->cell_off = ts_xrealloc(r->cell_off, r->cap_cells * sizeof *r->cell_off);
    }
    r->cell_off[r->n_cells++] = r->text.len;
    ts_buf_add(&r->text, s ? s : "", s ? len : 0);
    ts_buf_add(&r->text, "", 1); /* the terminating NUL */
}

static void on_record(int c, void *data)
{
    (void)c;
    reader *r = data;
    r->row++;
    if (r->row == 1)
        read_header(r);
    else
        read_row(r);
    r->n_cells = 0;
    r->text.len = 0;
}

/* An order's id and row, sorted to find duplicates. */
typedef struct {
    const char *id;
    uint32_t row;
} id_row;

static int compare_ids(const void *a, const void *b)
{
    const id_row *x = a, *y = b;
    int c = strcmp(x->id, y->id);
    return c ? c : (x->row < y->row ? -1 : x->row > y->row);
}

/* Duplicate order_id: each later row naming the first row with the id. */
static void duplicates(reader *r)
{
    ts_orders *out = r->out;
    if (out->n_orders < 2)
        return;
    id_row *idx = ts_xcalloc(out->n_orders, sizeof *idx);
    for (size_t i = 0; i < out->n_orders; i++)
        idx[i] = (id_row){ts_orders_id(out, &out->orders[i]), out->orders[i].row};
    qsort(idx, out->n_orders, sizeof *idx, compare_ids);
    size_t first = 0;
    for (size_t i = 1; i < out->n_orders; i++) {
        if (strcmp(idx[i].id, idx[first].id) != 0) {
            first = i;
            continue;
        }
        char *f = found(idx[i].id);
        problem(r, "row %u, column 'order_id': %s is already the id of row %u (ids are unique)", idx[i].row, f,
                idx[first].row);
        free(f);
    }
    free(idx);
}

ts_status ts_orders_read_buffer(const char *file, const char *text, size_t len,
                                const ts_colmap *map, ts_orders *out, ts_error *err)
{
    memset(out, 0, sizeof *out);
    out->file = ts_xstrdup(file);
    out->first_paid = out->last_paid = out->last_event = TS_NO_DATE;
    reader r = {.file = file, .map = map, .out = out, .err = err};
    /* no NUL byte, UTF-8 only (docs/data-format.md "Reading an export"): names go into scenarios */
    char why[320];
    if (!ts_csv_text_ok(text, len, why, sizeof why)) {
        problem(&r, "%s", why);
        ts_orders_release(out);
        return TS_EPARSE;
    }
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) { /* the UTF-8 byte order mark */
        text += 3;
        len -= 3;
    }
    struct csv_parser p;
    if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0)
        ts_oom();
    csv_set_realloc_func(&p, ts_xrealloc);
    ts_status st = TS_OK;
    if (csv_parse(&p, text, len, on_field, on_record, &r) != len || csv_fini(&p, on_field, on_record, &r) != 0) {
        int e = csv_error(&p);
        if (e == CSV_EPARSE)
            problem(&r, "row %u: malformed CSV (RFC 4180): a quote inside an unquoted field, text after a "
                        "closing quote, or a quoted field that never ends; nothing after it was read",
                    r.row + 1);
        else
            problem(&r, "row %u: %s", r.row + 1, csv_strerror(e));
        st = TS_EPARSE;
    }
    csv_free(&p);
    if (st == TS_OK && r.row == 0)
        problem(&r, "the file is empty: expected a header row naming the columns (docs/data-format.md)");
    if (st == TS_OK)
        duplicates(&r);
    free(r.text.s);
    free(r.cell_off);
    for (int c = 0; c < TS_COL_COUNT; c++)
        free(r.header[c]);
    if (r.problems > TS_ORDERS_MAX_MESSAGES)
        ts_error_add(err, "%s: %zu more problems not shown (%zu in all)", file, r.problems - TS_ORDERS_MAX_MESSAGES,
                     r.problems);
    if (r.problems > 0) {
        ts_orders_release(out);
        return st != TS_OK ? st : TS_EINVAL;
    }
    return TS_OK;
}

ts_status ts_orders_read(const char *path, const ts_colmap *map, ts_orders *out, ts_error *err)
{
    memset(out, 0, sizeof *out);
    size_t len;
    char *text = ts_file_read(path, TS_ORDERS_MAX_BYTES, "order exports", &len, err);
    if (text == NULL)
        return TS_EIO;
    ts_status st = ts_orders_read_buffer(path, text, len, map, out, err);
    free(text);
    return st;
}
