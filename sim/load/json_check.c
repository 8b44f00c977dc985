/*
** json_check.c — typed, range-checked reads from a cJSON tree with messages
** that name the file, the JSON path, what was expected and what was found.
*/
#include "json.h"
#include "load_limits.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

void ts_jctx_error(ts_jctx *c, const char *path, const char *fmt, ...)
{
    c->count++;
    if (c->count > TS_JSON_MAX_MESSAGES)
        return;
    va_list ap;
    va_start(ap, fmt);
    va_list copy;
    va_copy(copy, ap);
    int n = vsnprintf(NULL, 0, fmt, copy);
    va_end(copy);
    char *msg = ts_xmalloc((size_t)(n < 0 ? 0 : n) + 1);
    vsnprintf(msg, (size_t)(n < 0 ? 0 : n) + 1, fmt, ap);
    va_end(ap);
    if (path != NULL && *path != '\0')
        ts_error_add(c->err, "%s: %s%s: %s", c->file, c->prefix, path, msg);
    else
        ts_error_add(c->err, "%s: %s%s", c->file, c->prefix, msg);
    free(msg);
}

void ts_jctx_finish(ts_jctx *c)
{
    if (c->count > TS_JSON_MAX_MESSAGES)
        ts_error_add(c->err, "%s: %s... and %zu more problems", c->file, c->prefix,
                     c->count - TS_JSON_MAX_MESSAGES);
}

char *ts_jpath(const char *path, const char *key)
{
    if (path == NULL || *path == '\0')
        return ts_xstrdup(key);
    return ts_xasprintf("%s.%s", path, key);
}

char *ts_jpath_index(const char *path, size_t i)
{
    return ts_xasprintf("%s[%zu]", path ? path : "", i);
}

const cJSON *ts_jget(const cJSON *obj, const char *key)
{
    if (obj == NULL || !cJSON_IsObject(obj))
        return NULL;
    return cJSON_GetObjectItemCaseSensitive(obj, key);
}

bool ts_jneed(ts_jctx *c, const cJSON *obj, const char *path, const char *key)
{
    if (ts_jget(obj, key) != NULL)
        return true;
    char *p = ts_jpath(path, key);
    ts_jctx_error(c, p, "required key missing");
    free(p);
    return false;
}

const char *ts_jkeylist_path(const ts_jkeylist *keys, size_t i)
{
    const char *p;
    memcpy(&p, (const char *)keys->rows + i * keys->stride, sizeof p);
    return p;
}

/* The keys allowed directly under shape, in the order of the list. */
static size_t allowed_keys(const ts_jkeylist *keys, const char *shape, const char **out, size_t cap)
{
    size_t n = 0, sl = strlen(shape);
    for (size_t i = 0; i < keys->count; i++) {
        const char *k = ts_jkeylist_path(keys, i);
        if (sl > 0) {
            if (strncmp(k, shape, sl) != 0 || k[sl] != '.')
                continue;
            k += sl + 1;
        }
        if (strpbrk(k, ".[{") != NULL)
            continue;
        if (n < cap)
            out[n] = k;
        n++;
    }
    return n < cap ? n : cap;
}

static int lower(int ch)
{
    return ch >= 'A' && ch <= 'Z' ? ch - 'A' + 'a' : ch;
}

static bool same_ci(const char *a, const char *b)
{
    while (*a && *b && lower(*a) == lower(*b)) {
        a++;
        b++;
    }
    return *a == '\0' && *b == '\0';
}

void ts_jkeys(ts_jctx *c, const cJSON *obj, const char *path, const ts_jkeylist *keys,
              const char *shape)
{
    if (obj == NULL || !cJSON_IsObject(obj))
        return;
    const char *allowed[64];
    size_t n = allowed_keys(keys, shape, allowed, 64);
    for (const cJSON *m = obj->child; m != NULL; m = m->next) {
        bool ok = false;
        for (size_t i = 0; i < n && !ok; i++)
            ok = strcmp(m->string, allowed[i]) == 0;
        if (ok)
            continue;
        const char *best = NULL;
        size_t best_d = SIZE_MAX;
        for (size_t i = 0; i < n; i++) {
            size_t d = same_ci(m->string, allowed[i]) ? 0 : ts_json_edit_distance(m->string, allowed[i]);
            if (d < best_d) {
                best_d = d;
                best = allowed[i];
            }
        }
        size_t len = strlen(m->string);
        size_t limit = len <= 3 ? 1 : len <= 8 ? 2 : 3;
        char *p = ts_jpath(path, m->string);
        if (best != NULL && best_d <= limit) {
            ts_jctx_error(c, p, "unknown key; did you mean \"%s\"?", best);
        } else {
            size_t total = 0;
            for (size_t i = 0; i < n; i++)
                total += strlen(allowed[i]) + 4;
            char *list = ts_xmalloc(total + 1);
            list[0] = '\0';
            for (size_t i = 0; i < n; i++) {
                strcat(list, i ? ", \"" : "\"");
                strcat(list, allowed[i]);
                strcat(list, "\"");
            }
            ts_jctx_error(c, p, "unknown key; expected one of %s", list);
            free(list);
        }
        free(p);
    }
}

static void type_error(ts_jctx *c, const cJSON *v, const char *path, const char *what)
{
    char *f = ts_json_describe(v);
    ts_jctx_error(c, path, "expected %s, found %s", what, f);
    free(f);
}

bool ts_jis_object(ts_jctx *c, const cJSON *v, const char *path)
{
    if (cJSON_IsObject(v))
        return true;
    type_error(c, v, path, "an object");
    return false;
}

bool ts_jis_array(ts_jctx *c, const cJSON *v, const char *path)
{
    if (cJSON_IsArray(v))
        return true;
    type_error(c, v, path, "an array");
    return false;
}

static char *fmt_num(double x)
{
    char buf[40];
    for (int prec = 1; prec <= 17; prec++) {
        snprintf(buf, sizeof buf, "%.*g", prec, x);
        if (strtod(buf, NULL) == x)
            break;
    }
    return ts_xstrdup(buf);
}

/* "a number >= 0", "a number in (-1, 1]", "a probability in [0, 1]" */
static char *range_text(double lo, bool lo_open, double hi, bool hi_open)
{
    char *a = fmt_num(lo), *b = fmt_num(hi), *s;
    if (lo == 0 && hi == 1 && !lo_open && !hi_open)
        s = ts_xstrdup("a probability in [0, 1]");
    else if (isinf(lo) && isinf(hi))
        s = ts_xstrdup("a number");
    else if (isinf(hi))
        s = ts_xasprintf("a number %s %s", lo_open ? ">" : ">=", a);
    else if (isinf(lo))
        s = ts_xasprintf("a number %s %s", hi_open ? "<" : "<=", b);
    else
        s = ts_xasprintf("a number in %s%s, %s%s", lo_open ? "(" : "[", a, b, hi_open ? ")" : "]");
    free(a);
    free(b);
    return s;
}

bool ts_jnumber(ts_jctx *c, const cJSON *obj, const char *path, const char *key, double lo,
                bool lo_open, double hi, bool hi_open, double *out)
{
    const cJSON *v = ts_jget(obj, key);
    if (v == NULL)
        return false;
    double x = cJSON_IsNumber(v) ? v->valuedouble : (double)NAN;
    bool ok = cJSON_IsNumber(v) && isfinite(x) && (lo_open ? x > lo : x >= lo)
              && (hi_open ? x < hi : x <= hi);
    if (!ok) {
        char *p = ts_jpath(path, key), *r = range_text(lo, lo_open, hi, hi_open);
        type_error(c, v, p, r);
        free(r);
        free(p);
        return false;
    }
    *out = x;
    return true;
}

bool ts_jprob(ts_jctx *c, const cJSON *obj, const char *path, const char *key, double *out)
{
    return ts_jnumber(c, obj, path, key, 0.0, false, 1.0, false, out);
}

bool ts_jint(ts_jctx *c, const cJSON *obj, const char *path, const char *key, int64_t lo,
             int64_t hi, int64_t *out)
{
    const cJSON *v = ts_jget(obj, key);
    if (v == NULL)
        return false;
    double x = cJSON_IsNumber(v) ? v->valuedouble : (double)NAN;
    bool ok = cJSON_IsNumber(v) && isfinite(x) && x == floor(x) && x >= (double)lo && x <= (double)hi;
    if (!ok) {
        char *p = ts_jpath(path, key), *r;
        if (hi == INT64_MAX)
            r = ts_xasprintf("an integer >= %lld", (long long)lo);
        else
            r = ts_xasprintf("an integer in %lld..%lld", (long long)lo, (long long)hi);
        type_error(c, v, p, r);
        free(r);
        free(p);
        return false;
    }
    *out = (int64_t)x;
    return true;
}

bool ts_jint32(ts_jctx *c, const cJSON *obj, const char *path, const char *key, int32_t lo,
               int32_t hi, int32_t *out)
{
    int64_t v;
    if (!ts_jint(c, obj, path, key, lo, hi, &v))
        return false;
    *out = (int32_t)v;
    return true;
}

bool ts_jstring(ts_jctx *c, const cJSON *obj, const char *path, const char *key, bool nonempty,
                const char **out)
{
    const cJSON *v = ts_jget(obj, key);
    if (v == NULL)
        return false;
    if (!cJSON_IsString(v) || (nonempty && v->valuestring[0] == '\0')) {
        char *p = ts_jpath(path, key);
        type_error(c, v, p, nonempty ? "a non-empty string" : "a string");
        free(p);
        return false;
    }
    size_t n = strlen(v->valuestring);
    if (n > TS_MAX_STRING_BYTES) {
        char *p = ts_jpath(path, key);
        ts_jctx_error(c, p, "expected a string of at most %d bytes, found one of %zu bytes",
                      TS_MAX_STRING_BYTES, n);
        free(p);
        return false;
    }
    *out = v->valuestring;
    return true;
}

bool ts_jenum(ts_jctx *c, const cJSON *obj, const char *path, const char *key,
              const char *const *choices, int *out)
{
    const cJSON *v = ts_jget(obj, key);
    if (v == NULL)
        return false;
    if (cJSON_IsString(v)) {
        for (int i = 0; choices[i] != NULL; i++) {
            if (strcmp(v->valuestring, choices[i]) == 0) {
                *out = i;
                return true;
            }
        }
    }
    size_t total = 0;
    for (int i = 0; choices[i] != NULL; i++)
        total += strlen(choices[i]) + 8;
    char *list = ts_xmalloc(total + 1);
    list[0] = '\0';
    for (int i = 0; choices[i] != NULL; i++) {
        if (i > 0)
            strcat(list, choices[i + 1] ? ", " : " or ");
        strcat(list, "\"");
        strcat(list, choices[i]);
        strcat(list, "\"");
    }
    char *p = ts_jpath(path, key);
    type_error(c, v, p, list);
    free(p);
    free(list);
    return false;
}

bool ts_jdate_value(ts_jctx *c, const cJSON *v, const char *path, ts_civil *out)
{
    if (cJSON_IsString(v) && ts_date_parse(v->valuestring, out))
        return true;
    const char *why = "";
    if (cJSON_IsString(v)) {
        const char *s = v->valuestring;
        bool shape = strlen(s) == 10 && s[4] == '-' && s[7] == '-';
        why = shape ? " (not a calendar day, or a year outside 1900..2999)" : "";
    }
    char *f = ts_json_describe(v);
    ts_jctx_error(c, path, "expected a date \"YYYY-MM-DD\", found %s%s", f, why);
    free(f);
    return false;
}

bool ts_jdate(ts_jctx *c, const cJSON *obj, const char *path, const char *key, ts_civil *out)
{
    const cJSON *v = ts_jget(obj, key);
    if (v == NULL)
        return false;
    char *p = ts_jpath(path, key);
    bool ok = ts_jdate_value(c, v, p, out);
    free(p);
    return ok;
}
