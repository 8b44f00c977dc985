/*
** tiersim.h — what every part of tiersim shares: version, status codes, the
** error record, the allocation wrapper and the ownership rule.
*/
#ifndef TS_TIERSIM_H
#define TS_TIERSIM_H

#include <stddef.h>
#include <stdint.h>
#include <limits.h>

#define TS_VERSION "1.0.0"

/*
** Ownership, stated once and kept everywhere: pointer arguments are borrowed.
** What a function named *_new, *_load, *_dup or *_build returns belongs to the
** caller and goes back through the matching *_free; every *_free(NULL) is a
** no-op. Strings inside the plain structs belong to the struct.
**
** Process-wide state belongs to the program, never to library code: the
** program (sim/cli/main.c, and each test's main) turns GSL's aborting error
** handler off once with gsl_set_error_handler_off(); library code checks
** GSL's return values instead. The one mutable global is the CLI's signal flag.
*/

/* Status codes returned by every function that can fail. */
typedef enum {
    TS_OK = 0,
    TS_EINVAL = 1, /* input is well-formed but breaks a rule (type, range, reference) */
    TS_EPARSE = 2, /* input is not valid JSON / not a date / not a number */
    TS_EIO = 3,    /* a file could not be read or written */
    TS_EINTR = 4   /* the run was interrupted by a signal */
} ts_status;

/* A day number relative to the scenario's start (day 0); "never" is TS_NEVER. */
#define TS_NEVER INT32_MAX

/*
** The error record: a list of messages, each already naming the file, the
** JSON path or line:column, what was expected and what was found. Loaders add
** every problem they find rather than stopping at the first one. Only the CLI
** prints them.
*/
typedef struct ts_error {
    char **messages;
    size_t count;
    size_t capacity;
} ts_error;

/* Append a printf-style message. Never fails (allocation failure aborts). */
void ts_error_add(ts_error *err, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Append every message of src to dst, prefixing each with prefix (may be NULL). */
void ts_error_merge(ts_error *dst, const ts_error *src, const char *prefix);
/* Release the messages; the record itself may live on the stack. */
void ts_error_clear(ts_error *err);

/*
** Allocation wrappers: on failure they print "tiersim: out of memory" and
** abort, so callers never check for NULL. ts_xstrdup(NULL) returns NULL.
*/
void *ts_xmalloc(size_t size);
void *ts_xcalloc(size_t count, size_t size);
void *ts_xrealloc(void *ptr, size_t size);
char *ts_xstrdup(const char *s);
/* Print "tiersim: out of memory" and abort. */
_Noreturn void ts_oom(void);
/* printf into a freshly allocated string. */
char *ts_xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
** The length of the valid UTF-8 sequence at s[i] (i < len), or 0 when the
** bytes there are not one (overlong forms and surrogates are not valid).
*/
size_t ts_utf8_len(const unsigned char *s, size_t i, size_t len);

/*
** How many of s's bytes to keep to have at most max without cutting a
** character: strlen(s) when that is at most max, else max moved back to the
** start of the character it falls in.
*/
size_t ts_utf8_cut(const char *s, size_t max);

/* Free count strings and the array holding them; NULL is a no-op. */
void ts_strings_free(char **strings, size_t count);

/*
** A growing NUL-terminated string: start from {0}; s stays NULL until the
** first append; free(s) when done.
*/
typedef struct {
    char *s;
    size_t len, cap;
} ts_buf;
/* Append n bytes of s. */
void ts_buf_add(ts_buf *b, const char *s, size_t n);
/* Append the string s. */
void ts_buf_puts(ts_buf *b, const char *s);
/* Append printf output. */
void ts_buf_printf(ts_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
