/*
** json_parse.c — a strict RFC 8259 reader that builds a cJSON tree and says
** where and what a syntax error is (line:column), plus duplicate keys (json.h).
*/
#include "json.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    const char *file;
    const unsigned char *s;
    size_t len;
    size_t pos;
    ts_error *err;
    int depth;
    bool failed;         /* a syntax error was reported */
    size_t duplicates;   /* duplicate keys reported */
    char *path;          /* JSON path of the value being read */
    size_t path_len, path_cap;
} parser;

/* Line and column (1-based; columns count UTF-8 characters) of byte offset off. */
static void where(const parser *p, size_t off, size_t *line, size_t *col)
{
    size_t l = 1, c = 1;
    for (size_t i = 0; i < off && i < p->len; i++) {
        if (p->s[i] == '\n') {
            l++;
            c = 1;
        } else if ((p->s[i] & 0xC0) != 0x80) {
            c++;
        }
    }
    *line = l;
    *col = c;
}

static void syntax(parser *p, size_t off, const char *what)
{
    if (p->failed)
        return;
    size_t line, col;
    where(p, off, &line, &col);
    ts_error_add(p->err, "%s:%zu:%zu: invalid JSON: %s", p->file, line, col, what);
    p->failed = true;
}

/* What the byte at pos looks like, for "found ..." in syntax messages. */
static char *found_at(const parser *p, size_t pos)
{
    if (pos >= p->len)
        return ts_xstrdup("the end of the file");
    unsigned char ch = p->s[pos];
    if (ch >= 0x20 && ch < 0x7F)
        return ts_xasprintf("'%c'", ch);
    if (ch == '\n')
        return ts_xstrdup("a line break");
    if (ch >= 0x80)
        return ts_xstrdup("a non-ASCII character");
    return ts_xasprintf("a control character (0x%02x)", ch);
}

static void expected(parser *p, const char *what)
{
    if (p->pos >= p->len) {
        char *m = ts_xasprintf("unexpected end of input (expected %s; is the file truncated?)", what);
        syntax(p, p->pos, m);
        free(m);
        return;
    }
    char *f = found_at(p, p->pos);
    char *m;
    if (p->s[p->pos] == '/')
        m = ts_xasprintf("expected %s, found '/' (comments are not allowed in JSON)", what);
    else if (p->s[p->pos] == '\'')
        m = ts_xasprintf("expected %s, found '\\'' (JSON strings use double quotes)", what);
    else
        m = ts_xasprintf("expected %s, found %s", what, f);
    syntax(p, p->pos, m);
    free(m);
    free(f);
}

static void unclosed(parser *p, size_t open, const char *what)
{
    size_t line, col;
    where(p, open, &line, &col);
    char *m = ts_xasprintf("unexpected end of input: the %s opened at line %zu, column %zu is never "
                           "closed (is the file truncated?)", what, line, col);
    syntax(p, p->len, m);
    free(m);
}

static void path_push(parser *p, const char *seg, bool index)
{
    size_t n = strlen(seg) + 2;
    if (p->path_len + n + 1 > p->path_cap) {
        p->path_cap = 2 * (p->path_len + n + 1);
        p->path = ts_xrealloc(p->path, p->path_cap);
    }
    if (!index && p->path_len > 0)
        p->path[p->path_len++] = '.';
    memcpy(p->path + p->path_len, seg, n - 2);
    p->path_len += n - 2;
    p->path[p->path_len] = '\0';
}

static void skip_ws(parser *p)
{
    while (p->pos < p->len) {
        unsigned char ch = p->s[p->pos];
        if (ch != ' ' && ch != '\t' && ch != '\n' && ch != '\r')
            break;
        p->pos++;
    }
}

static cJSON *need(cJSON *item)
{
    if (item == NULL)
        ts_oom();
    return item;
}

static cJSON *parse_value(parser *p);

static int hexval(unsigned char ch)
{
    if (ch >= '0' && ch <= '9')
        return ch - '0';
    if (ch >= 'a' && ch <= 'f')
        return ch - 'a' + 10;
    if (ch >= 'A' && ch <= 'F')
        return ch - 'A' + 10;
    return -1;
}

static long read_hex4(parser *p, size_t at)
{
    if (at + 4 > p->len)
        return -1;
    long v = 0;
    for (size_t i = 0; i < 4; i++) {
        int h = hexval(p->s[at + i]);
        if (h < 0)
            return -1;
        v = v * 16 + h;
    }
    return v;
}

static size_t put_utf8(char *out, unsigned long cp)
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* Read a string starting at the opening quote; returns a malloc'd UTF-8 string or NULL. */
static char *parse_string(parser *p)
{
    size_t start = p->pos;
    p->pos++; /* opening quote */
    /* the decoded string is never longer than the raw text */
    size_t cap = 0, n = 0;
    for (size_t i = p->pos; i < p->len && p->s[i] != '"'; i++, cap++) {
        if (p->s[i] == '\\') {
            i++;
            cap++;
        }
    }
    char *out = ts_xmalloc(cap + 1);
    while (true) {
        if (p->pos >= p->len) {
            free(out);
            syntax(p, start, "unexpected end of input inside a string (a missing closing '\"'?)");
            return NULL;
        }
        unsigned char ch = p->s[p->pos];
        if (ch == '"') {
            p->pos++;
            break;
        }
        if (ch < 0x20) {
            free(out);
            syntax(p, p->pos, ch == '\n' ? "line break inside a string (a missing closing '\"'?)"
                                         : "control character inside a string (write it as an escape)");
            return NULL;
        }
        if (ch != '\\') {
            out[n++] = (char)ch;
            p->pos++;
            continue;
        }
        size_t esc = p->pos;
        if (p->pos + 1 >= p->len) {
            free(out);
            syntax(p, esc, "unexpected end of input inside a string escape");
            return NULL;
        }
        unsigned char e = p->s[p->pos + 1];
        p->pos += 2;
        switch (e) {
        case '"': out[n++] = '"'; break;
        case '\\': out[n++] = '\\'; break;
        case '/': out[n++] = '/'; break;
        case 'b': out[n++] = '\b'; break;
        case 'f': out[n++] = '\f'; break;
        case 'n': out[n++] = '\n'; break;
        case 'r': out[n++] = '\r'; break;
        case 't': out[n++] = '\t'; break;
        case 'u': {
            long cp = read_hex4(p, p->pos);
            if (cp < 0) {
                free(out);
                syntax(p, esc, "invalid \\u escape (expected four hex digits)");
                return NULL;
            }
            p->pos += 4;
            if (cp >= 0xD800 && cp <= 0xDBFF) {
                long lo = (p->pos + 1 < p->len && p->s[p->pos] == '\\' && p->s[p->pos + 1] == 'u')
                              ? read_hex4(p, p->pos + 2) : -1;
                if (lo < 0xDC00 || lo > 0xDFFF) {
                    free(out);
                    syntax(p, esc, "invalid \\u escape (a high surrogate without its low half)");
                    return NULL;
                }
                p->pos += 6;
                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
            } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
                free(out);
                syntax(p, esc, "invalid \\u escape (a lone low surrogate)");
                return NULL;
            } else if (cp == 0) {
                free(out);
                syntax(p, esc, "\\u0000 (a NUL character) is not allowed in strings");
                return NULL;
            }
            n += put_utf8(out + n, (unsigned long)cp);
            break;
        }
        default:
            free(out);
            syntax(p, esc, "invalid escape in a string (valid: \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)");
            return NULL;
        }
    }
    out[n] = '\0';
    return out;
}

static bool is_digit(unsigned char ch)
{
    return ch >= '0' && ch <= '9';
}

static cJSON *parse_number(parser *p)
{
    size_t start = p->pos, i = p->pos;
    if (i < p->len && p->s[i] == '-')
        i++;
    if (i >= p->len || !is_digit(p->s[i])) {
        p->pos = i;
        expected(p, "a digit");
        return NULL;
    }
    if (p->s[i] == '0') {
        i++;
        if (i < p->len && is_digit(p->s[i])) {
            syntax(p, start, "numbers may not have leading zeros");
            return NULL;
        }
    } else {
        while (i < p->len && is_digit(p->s[i]))
            i++;
    }
    if (i < p->len && p->s[i] == '.') {
        i++;
        if (i >= p->len || !is_digit(p->s[i])) {
            p->pos = i;
            expected(p, "a digit after the decimal point");
            return NULL;
        }
        while (i < p->len && is_digit(p->s[i]))
            i++;
    }
    if (i < p->len && (p->s[i] == 'e' || p->s[i] == 'E')) {
        i++;
        if (i < p->len && (p->s[i] == '+' || p->s[i] == '-'))
            i++;
        if (i >= p->len || !is_digit(p->s[i])) {
            p->pos = i;
            expected(p, "a digit in the exponent");
            return NULL;
        }
        while (i < p->len && is_digit(p->s[i]))
            i++;
    }
    size_t n = i - start;
    char small[64];
    char *buf = n < sizeof small ? small : ts_xmalloc(n + 1);
    memcpy(buf, p->s + start, n);
    buf[n] = '\0';
    double v = strtod(buf, NULL);
    if (!isfinite(v)) {
        char *m = ts_xasprintf("number %.40s%s is too large to represent (the largest is about 1.8e308)",
                               buf, n > 40 ? "..." : "");
        syntax(p, start, m);
        free(m);
    }
    if (buf != small)
        free(buf);
    p->pos = i;
    if (p->failed)
        return NULL;
    return need(cJSON_CreateNumber(v));
}

typedef struct {
    const char *key;
    size_t off;
    size_t index;
} member;

static int member_cmp(const void *a, const void *b)
{
    const member *x = a, *y = b;
    int c = strcmp(x->key, y->key);
    if (c != 0)
        return c;
    return x->index < y->index ? -1 : x->index > y->index;
}

static void report_duplicates(parser *p, member *m, size_t n)
{
    if (n < 2)
        return;
    qsort(m, n, sizeof *m, member_cmp);
    for (size_t i = 1; i < n; i++) {
        if (strcmp(m[i].key, m[i - 1].key) != 0)
            continue;
        size_t first = i - 1;
        while (first > 0 && strcmp(m[first - 1].key, m[i].key) == 0)
            first--;
        p->duplicates++;
        if (p->duplicates > 50)
            continue;
        size_t l1, c1, l2, c2;
        where(p, m[first].off, &l1, &c1);
        where(p, m[i].off, &l2, &c2);
        ts_error_add(p->err, "%s:%zu:%zu: %s%s%s: duplicate key (first at line %zu, column %zu); "
                     "a key may appear only once in an object",
                     p->file, l2, c2, p->path, p->path_len ? "." : "", m[i].key, l1, c1);
    }
}

static cJSON *parse_object(parser *p)
{
    size_t open = p->pos;
    p->pos++; /* '{' */
    cJSON *obj = need(cJSON_CreateObject());
    member *members = NULL;
    size_t n = 0, cap = 0;
    skip_ws(p);
    if (p->pos < p->len && p->s[p->pos] == '}') {
        p->pos++;
        return obj;
    }
    while (true) {
        skip_ws(p);
        if (p->pos >= p->len || p->s[p->pos] != '"') {
            if (p->pos < p->len && p->s[p->pos] == '}' && n > 0)
                syntax(p, p->pos, "trailing comma before '}'");
            else if (p->pos >= p->len)
                unclosed(p, open, "object");
            else
                expected(p, "a key in double quotes");
            goto fail;
        }
        size_t key_off = p->pos;
        char *key = parse_string(p);
        if (key == NULL)
            goto fail;
        skip_ws(p);
        if (p->pos >= p->len || p->s[p->pos] != ':') {
            free(key);
            expected(p, "':' after the key");
            goto fail;
        }
        p->pos++;
        size_t saved = p->path_len;
        path_push(p, key, false);
        cJSON *val = parse_value(p);
        p->path_len = saved;
        p->path[saved] = '\0';
        if (val == NULL) {
            free(key);
            goto fail;
        }
        if (!cJSON_AddItemToObject(obj, key, val))
            ts_oom();
        free(key);
        if (n == cap) {
            cap = cap ? 2 * cap : 8;
            members = ts_xrealloc(members, cap * sizeof *members);
        }
        /* the key string now lives in val->string, owned by the tree */
        members[n] = (member){val->string, key_off, n};
        n++;
        skip_ws(p);
        if (p->pos < p->len && p->s[p->pos] == ',') {
            p->pos++;
            continue;
        }
        if (p->pos < p->len && p->s[p->pos] == '}') {
            p->pos++;
            break;
        }
        if (p->pos >= p->len)
            unclosed(p, open, "object");
        else
            expected(p, "',' or '}' after an object member");
        goto fail;
    }
    report_duplicates(p, members, n);
    free(members);
    return obj;
fail:
    free(members);
    cJSON_Delete(obj);
    return NULL;
}

static cJSON *parse_array(parser *p)
{
    size_t open = p->pos;
    p->pos++; /* '[' */
    cJSON *arr = need(cJSON_CreateArray());
    skip_ws(p);
    if (p->pos < p->len && p->s[p->pos] == ']') {
        p->pos++;
        return arr;
    }
    for (size_t i = 0;; i++) {
        skip_ws(p);
        if (p->pos < p->len && p->s[p->pos] == ']' && i > 0) {
            syntax(p, p->pos, "trailing comma before ']'");
            goto fail;
        }
        size_t saved = p->path_len;
        char seg[32];
        snprintf(seg, sizeof seg, "[%zu]", i);
        path_push(p, seg, true);
        cJSON *val = parse_value(p);
        p->path_len = saved;
        p->path[saved] = '\0';
        if (val == NULL)
            goto fail;
        if (!cJSON_AddItemToArray(arr, val))
            ts_oom();
        skip_ws(p);
        if (p->pos < p->len && p->s[p->pos] == ',') {
            p->pos++;
            continue;
        }
        if (p->pos < p->len && p->s[p->pos] == ']') {
            p->pos++;
            break;
        }
        if (p->pos >= p->len)
            unclosed(p, open, "array");
        else
            expected(p, "',' or ']' after an array element");
        goto fail;
    }
    return arr;
fail:
    cJSON_Delete(arr);
    return NULL;
}

static bool literal(parser *p, const char *word)
{
    size_t n = strlen(word);
    if (p->pos + n <= p->len && memcmp(p->s + p->pos, word, n) == 0) {
        p->pos += n;
        return true;
    }
    return false;
}

static cJSON *parse_value(parser *p)
{
    skip_ws(p);
    if (p->pos >= p->len) {
        expected(p, "a value");
        return NULL;
    }
    unsigned char ch = p->s[p->pos];
    if (ch == '{' || ch == '[') {
        if (p->depth >= TS_JSON_MAX_DEPTH) {
            char m[96];
            snprintf(m, sizeof m, "nesting too deep (more than %d levels of arrays and objects)",
                     TS_JSON_MAX_DEPTH);
            syntax(p, p->pos, m);
            return NULL;
        }
        p->depth++;
        cJSON *v = ch == '{' ? parse_object(p) : parse_array(p);
        p->depth--;
        return v;
    }
    if (ch == '"') {
        char *s = parse_string(p);
        if (s == NULL)
            return NULL;
        cJSON *v = need(cJSON_CreateString(s));
        free(s);
        return v;
    }
    if (ch == '-' || is_digit(ch))
        return parse_number(p);
    if (literal(p, "true"))
        return need(cJSON_CreateTrue());
    if (literal(p, "false"))
        return need(cJSON_CreateFalse());
    if (literal(p, "null"))
        return need(cJSON_CreateNull());
    if (ch == 'N' || ch == 'I' || ch == '+') {
        syntax(p, p->pos, "NaN, Infinity and '+' are not JSON numbers");
        return NULL;
    }
    expected(p, "a value (object, array, string, number, true, false or null)");
    return NULL;
}

ts_status ts_json_parse(const char *file, const char *text, size_t len, cJSON **out,
                        ts_error *err)
{
    parser p = {0};
    p.file = file;
    p.s = (const unsigned char *)text;
    p.len = len;
    p.err = err;
    p.path = ts_xstrdup("");
    p.path_cap = 1;
    *out = NULL;

    /* UTF-8 byte order mark: accepted and skipped (docs/scenario-format.md "General rules": editors on Windows write it). */
    if (len >= 3 && p.s[0] == 0xEF && p.s[1] == 0xBB && p.s[2] == 0xBF)
        p.pos = 3;
    for (size_t i = p.pos; i < len;) {
        if (p.s[i] == 0) {
            syntax(&p, i, "contains a NUL byte (a binary file, or UTF-16 text?); expected UTF-8 text");
            break;
        }
        size_t n = ts_utf8_len(p.s, i, len);
        if (n == 0) {
            char m[96];
            snprintf(m, sizeof m, "not UTF-8 text (byte 0x%02x); save the file as UTF-8", p.s[i]);
            syntax(&p, i, m);
            break;
        }
        i += n;
    }
    if (!p.failed) {
        skip_ws(&p);
        if (p.pos >= len) {
            syntax(&p, p.pos, len == 0 ? "empty file; expected a JSON object"
                                       : "the file holds only white space; expected a JSON object");
        }
    }
    cJSON *root = NULL;
    if (!p.failed) {
        root = parse_value(&p);
        if (root != NULL) {
            skip_ws(&p);
            if (p.pos < len) {
                char *f = found_at(&p, p.pos);
                char *m = ts_xasprintf("unexpected %s after the end of the JSON value", f);
                syntax(&p, p.pos, m);
                free(m);
                free(f);
            }
        }
    }
    free(p.path);
    if (p.failed) {
        cJSON_Delete(root);
        return TS_EPARSE;
    }
    if (p.duplicates > 50)
        ts_error_add(err, "%s: ... and %zu more duplicate keys", file, p.duplicates - 50);
    *out = root;
    return p.duplicates ? TS_EINVAL : TS_OK;
}

char *ts_json_describe(const cJSON *v)
{
    if (v == NULL)
        return ts_xstrdup("nothing");
    if (cJSON_IsNumber(v)) {
        char buf[40];
        for (int prec = 1; prec <= 17; prec++) {
            snprintf(buf, sizeof buf, "%.*g", prec, v->valuedouble);
            if (strtod(buf, NULL) == v->valuedouble)
                break;
        }
        return ts_xstrdup(buf);
    }
    if (cJSON_IsString(v)) {
        const char *s = v->valuestring;
        size_t n = strlen(s);
        if (n <= 40)
            return ts_xasprintf("a string \"%s\"", s);
        size_t cut = ts_utf8_cut(s, 40);
        return ts_xasprintf("a string \"%.*s...\"", (int)cut, s);
    }
    if (cJSON_IsTrue(v))
        return ts_xstrdup("true");
    if (cJSON_IsFalse(v))
        return ts_xstrdup("false");
    if (cJSON_IsNull(v))
        return ts_xstrdup("null");
    if (cJSON_IsArray(v))
        return ts_xasprintf("an array of %d element%s", cJSON_GetArraySize(v),
                            cJSON_GetArraySize(v) == 1 ? "" : "s");
    if (cJSON_IsObject(v))
        return ts_xstrdup("an object");
    return ts_xstrdup("an unknown value");
}

size_t ts_json_edit_distance(const char *a, const char *b)
{
    size_t n = strlen(a), m = strlen(b);
    if (n > 64 || m > 64)
        return SIZE_MAX;
    size_t d[65][65];
    for (size_t i = 0; i <= n; i++)
        d[i][0] = i;
    for (size_t j = 0; j <= m; j++)
        d[0][j] = j;
    for (size_t i = 1; i <= n; i++) {
        for (size_t j = 1; j <= m; j++) {
            size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            size_t best = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < best)
                best = d[i][j - 1] + 1;
            if (d[i - 1][j - 1] + cost < best)
                best = d[i - 1][j - 1] + cost;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] && d[i - 2][j - 2] + 1 < best)
                best = d[i - 2][j - 2] + 1;
            d[i][j] = best;
        }
    }
    return d[n][m];
}
