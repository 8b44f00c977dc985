/*
** colmap.c — column maps (docs/data-format.md "Column maps"): which header
** names of a platform's export are which columns of the format; the shipped
** ones (the JSON files of models/exports) are embedded at build time.
*/
#include "orders.h"

#include <stdlib.h>
#include <string.h>

#include "files.h"
#include "json.h"

/* The largest column map file read. */
#define MAX_MAP_BYTES ((size_t)1 << 20)

static const char *const MAP_KEYS[] = {"name", "description", "source", "columns"};

void ts_colmap_release(ts_colmap *m)
{
    if (m == NULL)
        return;
    free(m->name);
    for (int c = 0; c < TS_COL_COUNT; c++)
        for (size_t k = 0; m->names[c][k] != NULL; k++)
            free(m->names[c][k]);
    memset(m, 0, sizeof *m);
}

/* "columns": each member a format column naming one header or an array of 1..4. */
static void read_columns(ts_jctx *c, const cJSON *cols, ts_colmap *out)
{
    if (!ts_jis_object(c, cols, "columns"))
        return;
    for (const cJSON *m = cols->child; m != NULL; m = m->next) {
        int col = -1;
        for (int k = 0; k < TS_COL_COUNT; k++)
            if (strcmp(m->string, ts_column_names[k]) == 0)
                col = k;
        char *path = ts_jpath("columns", m->string);
        if (col < 0) {
            ts_buf all = {0};
            for (int k = 0; k < TS_COL_COUNT; k++)
                ts_buf_printf(&all, "%s%s", k ? ", " : "", ts_column_names[k]);
            ts_jctx_error(c, path, "not a column of the order export format; expected one of %s", all.s);
            free(all.s);
            free(path);
            continue;
        }
        size_t n = 0;
        if (cJSON_IsString(m) && *m->valuestring) {
            out->names[col][n++] = ts_xstrdup(m->valuestring);
        } else if (cJSON_IsArray(m) && cJSON_GetArraySize(m) >= 1 &&
                   cJSON_GetArraySize(m) <= TS_COLMAP_MAX_NAMES) {
            for (const cJSON *e = m->child; e != NULL; e = e->next) {
                if (cJSON_IsString(e) && *e->valuestring) {
                    out->names[col][n++] = ts_xstrdup(e->valuestring);
                } else {
                    char *d = ts_json_describe(e);
                    ts_jctx_error(c, path, "expected header names (non-empty strings), found %s", d);
                    free(d);
                }
            }
        } else {
            char *d = ts_json_describe(m);
            ts_jctx_error(c, path, "expected the file's header name, or an array of 1 to %d of them, found %s",
                          TS_COLMAP_MAX_NAMES, d);
            free(d);
        }
        out->names[col][n] = NULL;
        free(path);
    }
}

ts_status ts_colmap_parse(const char *file, const char *text, size_t len, ts_colmap *out,
                          ts_error *err)
{
    memset(out, 0, sizeof *out);
    cJSON *root = NULL;
    ts_error local = {0};
    ts_status st = ts_json_parse(file, text, len, &root, &local);
    ts_jctx c = {.err = &local, .file = file, .prefix = ""};
    if (root != NULL && ts_jis_object(&c, root, "")) {
        static const ts_jkeylist keys = {MAP_KEYS, sizeof MAP_KEYS / sizeof *MAP_KEYS, sizeof *MAP_KEYS};
        ts_jkeys(&c, root, "", &keys, "");
        const char *name = NULL, *ignored;
        ts_jstring(&c, root, "", "name", true, &name);
        ts_jstring(&c, root, "", "description", false, &ignored);
        ts_jstring(&c, root, "", "source", false, &ignored);
        out->name = ts_xstrdup(name ? name : file);
        if (ts_jneed(&c, root, "", "columns"))
            read_columns(&c, ts_jget(root, "columns"), out);
    }
    ts_jctx_finish(&c);
    cJSON_Delete(root);
    if (local.count > 0) {
        ts_error_merge(err, &local, NULL);
        ts_error_clear(&local);
        ts_colmap_release(out);
        return st != TS_OK ? st : TS_EINVAL;
    }
    return TS_OK;
}

ts_status ts_colmap_load(const char *spec, ts_colmap *out, ts_error *err)
{
    memset(out, 0, sizeof *out);
    for (size_t k = 0; k < ts_export_map_count; k++)
        if (strcmp(spec, ts_export_maps[k].name) == 0)
            return ts_colmap_parse(ts_export_maps[k].name, ts_export_maps[k].text, ts_export_maps[k].len, out,
                                   err);
    if (!ts_file_exists(spec)) {
        ts_buf names = {0};
        for (size_t k = 0; k < ts_export_map_count; k++)
            ts_buf_printf(&names, "%s%s", k ? ", " : "", ts_export_maps[k].name);
        ts_error_add(err, "%s: no such column map: expected a JSON file or one of the shipped maps (%s)", spec,
                     names.s ? names.s : "none");
        free(names.s);
        return TS_EIO;
    }
    size_t len;
    char *text = ts_file_read(spec, MAX_MAP_BYTES, "column maps", &len, err);
    if (text == NULL)
        return TS_EIO;
    ts_status st = ts_colmap_parse(spec, text, len, out, err);
    free(text);
    return st;
}
