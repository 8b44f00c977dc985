/*
** testutil.h — helpers shared by the cmocka tests: double comparison with a
** real double tolerance, running the tiersim binary, temporary folders.
*/
#ifndef TS_TESTUTIL_H
#define TS_TESTUTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <gsl/gsl_errno.h>

/* Fail unless |a - b| <= tol (cmocka 1.1's assert_float_equal compares floats). */
#define assert_double_near(a, b, tol) ts_test_double_near((a), (b), (tol), #a, __FILE__, __LINE__)
void ts_test_double_near(double a, double b, double tol, const char *expr,
                         const char *file, int line);

/* Fail unless |observed - expected| <= 4 * se (a fixed-seed statistical check). */
#define assert_within_4se(observed, expected, se) \
    ts_test_within_4se((observed), (expected), (se), #observed, __FILE__, __LINE__)
void ts_test_within_4se(double observed, double expected, double se, const char *expr,
                        const char *file, int line);

/* Output of a finished command. */
typedef struct {
    int exit_code;   /* exit status, or 128 + signal */
    char *out;       /* stdout, NUL-terminated */
    char *err;       /* stderr, NUL-terminated */
} ts_test_proc;

/* Run the tiersim binary with argv (NULL-terminated, without argv[0]) and an
   optional stdin text; waits and captures both streams. */
ts_test_proc ts_test_run(const char *const *args, const char *stdin_text);
void ts_test_proc_free(ts_test_proc *p);

/* A fresh empty directory under $TMPDIR (or /tmp); free the string with free(). */
char *ts_test_tmpdir(void);
/* Remove a directory tree (rm -rf). */
void ts_test_rmtree(const char *path);
/* Write text to path; fails the test on error. */
void ts_test_write_file(const char *path, const char *text);
/* Read a whole file; NULL when it cannot be read. Free with free(). */
char *ts_test_read_file(const char *path, size_t *len);

#endif
