/*
** csv_table.h — a CSV table read whole (RFC 4180, through libcsv): rows of cells as
** strings, the first row the header. A small general reader for tables that
** name their columns (a batch's shops, docs/cli.md "`tiersim batch`").
*/
#ifndef TS_CSV_TABLE_H
#define TS_CSV_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include "tiersim.h"

/* The largest table read (read at once). */
#define TS_CSV_MAX_BYTES ((size_t)1 << 30)

typedef struct {
    char **cells;  /* n_cells NUL-terminated strings */
    size_t n_cells;
} ts_csv_row;

typedef struct {
    ts_csv_row *rows; /* rows[0] is the header; row i is the file's (i+1)-th record */
    size_t n_rows;
} ts_csv;

/*
** Parse text (len bytes) as CSV: quoted fields may hold commas, quotes ("")
** and line breaks; CRLF or LF; a UTF-8 byte order mark is skipped; blank
** lines are skipped. On malformed input returns TS_EPARSE with one message
** "FILE: row N: what" (N counting records from 1, the header being row 1)
** and an empty *out. Release with ts_csv_release.
*/
/*
** Whether text is text a CSV reader should read: no NUL byte, valid UTF-8.
** When not, msg gets why, where (line and byte, 1-based) and what to do,
** without the file name (docs/data-format.md "Reading an export").
*/
bool ts_csv_text_ok(const char *text, size_t len, char *msg, size_t cap);

ts_status ts_csv_parse(const char *file, const char *text, size_t len, ts_csv *out, ts_error *err);

/* Read and parse the file at path (at most TS_CSV_MAX_BYTES). */
ts_status ts_csv_read(const char *path, ts_csv *out, ts_error *err);

void ts_csv_release(ts_csv *t);

#endif
