/*
** orders.h — reading an order export (docs/data-format.md): RFC 4180 CSV
** through libcsv, a column map from the file's own headers to the format's,
** every bad cell and row reported with file, row and column.
*/
#ifndef TS_ORDERS_H
#define TS_ORDERS_H

#include <stddef.h>
#include "tiersim.h"
#include "history.h"

/* Header names a column map may give one column (alternatives, e.g. Chinese and English). */
#define TS_COLMAP_MAX_NAMES 4
/* Problems an export's reading reports one by one; the rest are counted. */
#define TS_ORDERS_MAX_MESSAGES 50
/* The largest export read (the file is read at once; 1M rows are ~200 MB). */
#define TS_ORDERS_MAX_BYTES ((size_t)2 << 30)
/* Distinct carrier and gift-tier names an export may hold. */
#define TS_ORDERS_MAX_NAMES 1000

/*
** A column map (docs/data-format.md "Column maps"): for each column of the
** format, the header names it goes by in the file (NULL-ended; an empty list
** means the column's own name).
*/
typedef struct {
    char *name;   /* "taobao", or the map file */
    char *names[TS_COL_COUNT][TS_COLMAP_MAX_NAMES + 1];
} ts_colmap;

/* A map shipped in models/exports/, embedded at build time (cmake/embed_exports.cmake). */
typedef struct {
    const char *name; /* the file name without .json */
    const char *text;
    size_t len;
} ts_export_map;
extern const ts_export_map ts_export_maps[];
extern const size_t ts_export_map_count;

/*
** A column map from JSON text (docs/data-format.md "Column maps"): an object
** with "columns" (FORMAT_NAME -> "Header" or ["Header", ...]) and optional
** "name", "description", "source". Every problem is added to err with file
** and JSON path; TS_OK when there was none.
*/
ts_status ts_colmap_parse(const char *file, const char *text, size_t len, ts_colmap *out,
                          ts_error *err);

/*
** The map spec names: a shipped map's name ("aliexpress", "taobao") or a
** JSON file. Errors name spec and list the shipped maps.
*/
ts_status ts_colmap_load(const char *spec, ts_colmap *out, ts_error *err);

/* Free what a map owns. */
void ts_colmap_release(ts_colmap *m);

/*
** Read the export at path. map NULL: the format's own column names, else the
** first shipped map under which every required column is found. Fills *out
** (release with ts_orders_release) and returns TS_OK, or returns TS_EPARSE /
** TS_EINVAL / TS_EIO with every problem in err (at most
** TS_ORDERS_MAX_MESSAGES, then a count), each naming the file, the row, the
** column and what was found; *out is then empty.
*/
ts_status ts_orders_read(const char *path, const ts_colmap *map, ts_orders *out, ts_error *err);

/* The same from a buffer; file names it in messages. */
ts_status ts_orders_read_buffer(const char *file, const char *text, size_t len,
                                const ts_colmap *map, ts_orders *out, ts_error *err);

#endif
