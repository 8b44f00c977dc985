/*
** util.c — the error record and the allocation wrappers (tiersim.h).
*/
#include "tiersim.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

_Noreturn void ts_oom(void)
{
    fputs("tiersim: out of memory\n", stderr);
    abort();
}

void *ts_xmalloc(size_t size)
{
    void *p = malloc(size ? size : 1);
    if (p == NULL)
        ts_oom();
    return p;
}

void *ts_xcalloc(size_t count, size_t size)
{
    void *p = calloc(count ? count : 1, size ? size : 1);
    if (p == NULL)
        ts_oom();
    return p;
}

void *ts_xrealloc(void *ptr, size_t size)
{
    void *p = realloc(ptr, size ? size : 1);
    if (p == NULL)
        ts_oom();
    return p;
}

char *ts_xstrdup(const char *s)
{
    if (s == NULL)
        return NULL;
    size_t n = strlen(s) + 1;
    char *d = ts_xmalloc(n);
    memcpy(d, s, n);
    return d;
}

static char *vasprintf_x(const char *fmt, va_list ap)
{
    va_list copy;
    va_copy(copy, ap);
    int n = vsnprintf(NULL, 0, fmt, copy);
    va_end(copy);
    if (n < 0)
        n = 0;
    char *s = ts_xmalloc((size_t)n + 1);
    vsnprintf(s, (size_t)n + 1, fmt, ap);
    return s;
}

char *ts_xasprintf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *s = vasprintf_x(fmt, ap);
    va_end(ap);
    return s;
}

void ts_buf_add(ts_buf *b, const char *s, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (b->len + n + 1 > cap)
            cap *= 2;
        b->s = ts_xrealloc(b->s, cap);
        b->cap = cap;
    }
    if (n > 0)
        memcpy(b->s + b->len, s, n);
    b->len += n;
    b->s[b->len] = '\0';
}

void ts_buf_puts(ts_buf *b, const char *s)
{
    ts_buf_add(b, s, strlen(s));
}

void ts_buf_printf(ts_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *s = vasprintf_x(fmt, ap);
    va_end(ap);
    ts_buf_puts(b, s);
    free(s);
}

static void push(ts_error *err, char *msg)
{
    if (err->count == err->capacity) {
        err->capacity = err->capacity ? 2 * err->capacity : 8;
        err->messages = ts_xrealloc(err->messages, err->capacity * sizeof *err->messages);
    }
    err->messages[err->count++] = msg;
}

void ts_error_add(ts_error *err, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    push(err, vasprintf_x(fmt, ap));
    va_end(ap);
}

void ts_error_merge(ts_error *dst, const ts_error *src, const char *prefix)
{
    for (size_t i = 0; i < src->count; i++)
        push(dst, prefix ? ts_xasprintf("%s%s", prefix, src->messages[i])
                         : ts_xstrdup(src->messages[i]));
}

void ts_error_clear(ts_error *err)
{
    for (size_t i = 0; i < err->count; i++)
        free(err->messages[i]);
    free(err->messages);
    err->messages = NULL;
    err->count = err->capacity = 0;
}

void ts_strings_free(char **strings, size_t count)
{
    if (strings == NULL)
        return;
    for (size_t i = 0; i < count; i++)
        free(strings[i]);
    free(strings);
}

size_t ts_utf8_cut(const char *s, size_t max)
{
    size_t n = strlen(s), k = n > max ? max : n;
    while (k < n && k > 0 && ((unsigned char)s[k] & 0xC0) == 0x80)
        k--;
    return k;
}

size_t ts_utf8_len(const unsigned char *s, size_t i, size_t len)
{
    unsigned char c = s[i];
    size_t n;
    unsigned long cp;
    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF) {
        n = 2;
        cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
        n = 3;
        cp = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4;
        cp = c & 0x07;
    } else {
        return 0;
    }
    if (i + n > len)
        return 0;
    for (size_t k = 1; k < n; k++) {
        if ((s[i + k] & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (s[i + k] & 0x3F);
    }
    if ((n == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) || (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
        return 0;
    return n;
}
