/*
** csv_table.c — a whole CSV table through libcsv (csv_table.h).
*/
#include "csv_table.h"

#include <csv.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "files.h"

typedef struct {
    ts_csv *t;
    size_t cap_rows, cap_cells;
    ts_csv_row row; /* the record being read */
} builder;

static void on_field(void *data, size_t len, void *ctx)
{
    builder *b = ctx;
    if (b->row.n_cells == b->cap_cells) {
        b->cap_cells = b->cap_cells ? 2 * b->cap_cells : 8;
        b->row.cells = ts_xrealloc(b->row.cells, b->cap_cells * sizeof *b->row.cells);
    }
    char *s = ts_xmalloc(len + 1);
    if (len)
        memcpy(s, data, len);
    s[len] = '\0';
    b->row.cells[b->row.n_cells++] = s;
}

static void on_record(int end, void *ctx)
{
    (void)end;
    builder *b = ctx;
    if (b->t->n_rows == b->cap_rows) {
        b->cap_rows = b->cap_rows ? 2 * b->cap_rows : 64;
        b->t->rows = ts_xrealloc(b->t->rows, b->cap_rows * sizeof *b->t->rows);
    }
    b->t->rows[b->t->n_rows++] = b->row;
    b->row = (ts_csv_row){0};
    b->cap_cells = 0;
}

static void release_row(ts_csv_row *r)
{
    ts_strings_free(r->cells, r->n_cells);
    r->cells = NULL;
    r->n_cells = 0;
}

void ts_csv_release(ts_csv *t)
{
    if (t == NULL)
        return;
    for (size_t i = 0; i < t->n_rows; i++)
        release_row(&t->rows[i]);
    free(t->rows);
    t->rows = NULL;
    t->n_rows = 0;
}

bool ts_csv_text_ok(const char *text, size_t len, char *msg, size_t cap)
{
    const char *nul = memchr(text, '\0', len);
    if (nul != NULL) {
        snprintf(msg, cap, "byte %zu: a NUL byte: this is not a text (CSV) file", (size_t)(nul - text) + 1);
        return false;
    }
    for (size_t i = 0, line = 1, n; i < len; i += n) {
        n = ts_utf8_len((const unsigned char *)text, i, len);
        if (n == 0) {
            snprintf(msg, cap, "line %zu, byte %zu: not UTF-8 text (byte 0x%02x); save the file as UTF-8 (a "
                               "file in GBK or GB18030 converts with: iconv -f GB18030 -t UTF-8 FILE > "
                               "FILE-utf8.csv)", line, i + 1, (unsigned char)text[i]);
            return false;
        }
        line += text[i] == '\n';
    }
    return true;
}

ts_status ts_csv_parse(const char *file, const char *text, size_t len, ts_csv *out, ts_error *err)
{
    *out = (ts_csv){0};
    char why[320];
    if (!ts_csv_text_ok(text, len, why, sizeof why)) {
        ts_error_add(err, "%s: %s", file, why);
        return TS_EPARSE;
    }
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) {
        text += 3;
        len -= 3;
    }
    struct csv_parser p;
    if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI) != 0)
        ts_oom();
    csv_set_realloc_func(&p, ts_xrealloc);
    builder b = {.t = out};
    ts_status st = TS_OK;
    if (csv_parse(&p, text, len, on_field, on_record, &b) != len ||
        csv_fini(&p, on_field, on_record, &b) != 0) {
        ts_error_add(err, "%s: row %zu: %s (a quote inside a quoted field is written \"\")", file,
                     out->n_rows + 1, csv_strerror(csv_error(&p)));
        st = TS_EPARSE;
    }
    csv_free(&p);
    release_row(&b.row);
    if (st != TS_OK)
        ts_csv_release(out);
    return st;
}

ts_status ts_csv_read(const char *path, ts_csv *out, ts_error *err)
{
    *out = (ts_csv){0};
    size_t len;
    char *text = ts_file_read(path, TS_CSV_MAX_BYTES, "CSV tables", &len, err);
    if (text == NULL)
        return TS_EIO;
    ts_status st = ts_csv_parse(path, text, len, out, err);
    free(text);
    return st;
}
