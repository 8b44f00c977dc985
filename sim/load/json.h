/*
** json.h — the loader's strict JSON reader (RFC 8259 into a cJSON tree, with
** line:column syntax errors and duplicate-key detection) and small helpers.
*/
#ifndef TS_JSON_H
#define TS_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <cjson/cJSON.h>

#include "tiersim.h"
#include "date.h"

/* Deepest nesting of arrays and objects a file may have. */
#define TS_JSON_MAX_DEPTH 200

/*
** Parse text (len bytes; need not be NUL-terminated) strictly: UTF-8 only, no
** NUL bytes, no comments, no trailing commas, finite numbers, nesting at most
** TS_JSON_MAX_DEPTH. A leading UTF-8 byte order mark is skipped. On a syntax
** error returns TS_EPARSE, *out = NULL, and adds one message
** "FILE:LINE:COL: invalid JSON: ...". Duplicate keys add one message each
** ("FILE:LINE:COL: PATH: duplicate key ...") and return TS_EINVAL with the tree
** (first occurrence first) in *out. The tree belongs to the caller (cJSON_Delete).
*/
ts_status ts_json_parse(const char *file, const char *text, size_t len, cJSON **out,
                        ts_error *err);

/*
** Describe a JSON value for "found ..." in messages: numbers as written by
** %.17g (shortest form that reads back), strings quoted and truncated
** ("a string \"abc\""), "true", "null", "an object", "an array". Caller frees.
*/
char *ts_json_describe(const cJSON *v);

/* Optimal-string-alignment (Damerau) edit distance between two short strings. */
size_t ts_json_edit_distance(const char *a, const char *b);

/*
** Validation context shared by the scenario and rulebook loaders. Every
** message reads "FILE: PREFIXPATH: what was expected, found what", PREFIX
** naming a variant or sweep ("" for the base). At most TS_JSON_MAX_MESSAGES
** are kept; ts_jctx_finish adds a count of the rest.
*/
#define TS_JSON_MAX_MESSAGES 200

typedef struct {
    ts_error *err;
    const char *file;
    const char *prefix;
    size_t count;   /* problems found (kept or not) */
} ts_jctx;

void ts_jctx_error(ts_jctx *c, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void ts_jctx_finish(ts_jctx *c);

/* "path.key" (or "key" at the top), "path[i]": freshly allocated. */
char *ts_jpath(const char *path, const char *key);
char *ts_jpath_index(const char *path, size_t i);

/* Member key of obj, or NULL (obj may be NULL or not an object). */
const cJSON *ts_jget(const cJSON *obj, const char *key);

/* Report "required key missing" when obj lacks key; returns whether it is there. */
bool ts_jneed(ts_jctx *c, const cJSON *obj, const char *path, const char *key);

/*
** A list of accepted key paths, given to ts_jkeys as data: count rows of
** stride bytes each, every row starting with its path (a const char *). A
** plain array of strings is one (stride sizeof(char *)); so is an array of
** structs whose first member is the path. In a path "a.b" is key b of object
** a, "[]" any element of an array, "{}" any member of a name-keyed object.
*/
typedef struct {
    const void *rows;
    size_t count;
    size_t stride;
} ts_jkeylist;

/*
** Report every member of obj whose key is not allowed for the object shape
** `shape` (a path prefix in keys, e.g. "volume.events[]"; "" for the top
** level): the keys listed exactly one level below it. Suggests the nearest
** allowed key, else lists them all (in the order of keys).
*/
void ts_jkeys(ts_jctx *c, const cJSON *obj, const char *path, const ts_jkeylist *keys,
              const char *shape);
/* The path of row i of keys (i < keys->count). */
const char *ts_jkeylist_path(const ts_jkeylist *keys, size_t i);

/* Type check helpers: report "expected an object/array, found ..." when v is not one. */
bool ts_jis_object(ts_jctx *c, const cJSON *v, const char *path);
bool ts_jis_array(ts_jctx *c, const cJSON *v, const char *path);

/*
** Typed getters for obj[key]. Absent: return false, say nothing, leave *out.
** Present but wrong: report (expected ..., found ...) and return false.
** Bounds: lo/hi with open ends when lo_open/hi_open; use -HUGE_VAL/HUGE_VAL
** for none.
*/
bool ts_jnumber(ts_jctx *c, const cJSON *obj, const char *path, const char *key, double lo,
                bool lo_open, double hi, bool hi_open, double *out);
bool ts_jprob(ts_jctx *c, const cJSON *obj, const char *path, const char *key, double *out);
bool ts_jint(ts_jctx *c, const cJSON *obj, const char *path, const char *key, int64_t lo,
             int64_t hi, int64_t *out);
bool ts_jint32(ts_jctx *c, const cJSON *obj, const char *path, const char *key, int32_t lo,
               int32_t hi, int32_t *out);
bool ts_jstring(ts_jctx *c, const cJSON *obj, const char *path, const char *key, bool nonempty,
                const char **out);
/* One of choices (NULL-terminated); *out is the index. */
bool ts_jenum(ts_jctx *c, const cJSON *obj, const char *path, const char *key,
              const char *const *choices, int *out);
/* A "YYYY-MM-DD" date. */
bool ts_jdate_value(ts_jctx *c, const cJSON *v, const char *path, ts_civil *out);
bool ts_jdate(ts_jctx *c, const cJSON *obj, const char *path, const char *key, ts_civil *out);

#endif
