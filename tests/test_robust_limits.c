/*
** test_robust_limits.c — the limits of docs/robustness.md through the real
** binary: runs too large for memory or time are refused before any work,
** oversized files are refused unread, and array caps hold at their bounds.
*/
#include "testutil.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* Run tiersim on text written to a scenario file; check exit code and fragments of stderr. */
static void expect_run(const char *text, const char *const *extra, int code, const char *const *frags)
{
    char *tmp = ts_test_tmpdir();
    char scen[512], out[512];
    snprintf(scen, sizeof scen, "%s/s.json", tmp);
    snprintf(out, sizeof out, "%s/out", tmp);
    ts_test_write_file(scen, text);
    const char *args[16] = {"run", scen, "-o", out, "--quiet", "--no-plots"};
    size_t n = 6;
    for (size_t i = 0; extra && extra[i]; i++)
        args[n++] = extra[i];
    args[n] = NULL;
    double t0 = now();
    ts_test_proc p = ts_test_run(args, NULL);
    double took = now() - t0;
    if (p.exit_code != code)
        fail_msg("exit %d, expected %d; stderr:\n%s", p.exit_code, code, p.err);
    for (size_t i = 0; frags && frags[i]; i++)
        if (strstr(p.err, frags[i]) == NULL)
            fail_msg("stderr lacks \"%s\":\n%s", frags[i], p.err);
    if (code != 0) {
        /* refused before any work: quickly, and nothing written */
        assert_true(took < 5.0);
        char summary[600];
        snprintf(summary, sizeof summary, "%s/summary.json", out);
        assert_int_equal(access(summary, F_OK), -1);
    }
    ts_test_proc_free(&p);
    ts_test_rmtree(tmp);
    free(tmp);
}

static void test_too_many_orders(void **state)
{
    (void)state;
    /* 10^7 replications x 3660 days x 1000 orders a day = 3.7e13 orders */
    const char *frags[] = {"would simulate about", "orders", "fewer replications", "--replications", NULL};
    expect_run("{\"replications\": 10000000, \"start\": \"2027-01-01\", \"days\": 3660,"
               " \"volume\": {\"daily_orders\": 1000}}", NULL, 2, frags);
}

static void test_too_much_memory(void **state)
{
    (void)state;
    /* no orders at all, but 10^7 replications x 3660 days x the daily metrics of results */
    const char *frags[] = {"of memory", "per-replication results", "fewer replications", NULL};
    expect_run("{\"replications\": 10000000, \"start\": \"2027-01-01\", \"days\": 3660,"
               " \"volume\": {\"daily_orders\": 0}}", NULL, 2, frags);
}

static void test_busiest_day(void **state)
{
    (void)state;
    /* 1% growth a day compounds to about 10^15 over 3660 days */
    const char *frags[] = {"busiest day", "growth_per_day", NULL};
    expect_run("{\"replications\": 1, \"start\": \"2027-01-01\", \"days\": 3660,"
               " \"volume\": {\"daily_orders\": 1, \"growth_per_day\": 0.01}}", NULL, 2, frags);
}

static void test_override_brings_run_within_limits(void **state)
{
    (void)state;
    /* the file asks for too much; --replications makes it small enough to run */
    const char *extra[] = {"--replications", "2", NULL};
    expect_run("{\"replications\": 10000000, \"start\": \"2027-01-01\", \"days\": 40,"
               " \"volume\": {\"daily_orders\": 1000000}}", NULL, 2, NULL);
    expect_run("{\"replications\": 10000000, \"start\": \"2027-01-01\", \"days\": 40,"
               " \"volume\": {\"daily_orders\": 5}}", extra, 0, NULL);
}

/* A 2 GiB sparse file is refused by its size, without being read. */
static void test_huge_file_refused_unread(void **state)
{
    (void)state;
    char *tmp = ts_test_tmpdir();
    char path[512];
    snprintf(path, sizeof path, "%s/huge.json", tmp);
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    assert_true(fd >= 0);
    assert_int_equal(ftruncate(fd, (off_t)2 << 30), 0);
    close(fd);
    const char *args[] = {"validate", path, NULL};
    double t0 = now();
    ts_test_proc p = ts_test_run(args, NULL);
    double took = now() - t0;
    assert_int_equal(p.exit_code, 2);
    assert_non_null(strstr(p.err, "at most 64 MiB"));
    assert_non_null(strstr(p.err, "huge.json"));
    assert_true(took < 5.0); /* reading 2 GiB of zeros would take far longer under ASan */
    ts_test_proc_free(&p);

    const char *run[] = {"run", path, "-o", tmp, NULL};
    p = ts_test_run(run, NULL);
    assert_int_equal(p.exit_code, 2);
    assert_non_null(strstr(p.err, "at most 64 MiB"));
    ts_test_proc_free(&p);

    /* one byte over the cap, also refused; the cap itself is not a problem of size */
    fd = open(path, O_WRONLY | O_TRUNC);
    assert_true(fd >= 0);
    assert_int_equal(ftruncate(fd, ((off_t)64 << 20) + 1), 0);
    close(fd);
    p = ts_test_run(args, NULL);
    assert_int_equal(p.exit_code, 2);
    assert_non_null(strstr(p.err, "at most 64 MiB"));
    ts_test_proc_free(&p);
    ts_test_rmtree(tmp);
    free(tmp);
}

/* Append to a growing string. */
static void cat(char **s, size_t *len, size_t *cap, const char *piece)
{
    size_t n = strlen(piece);
    if (*len + n + 1 > *cap) {
        *cap = 2 * (*len + n + 1);
        *s = realloc(*s, *cap);
        assert_non_null(*s);
    }
    memcpy(*s + *len, piece, n + 1);
    *len += n;
}

static void validate_ok(const char *text)
{
    char *tmp = ts_test_tmpdir();
    char path[512];
    snprintf(path, sizeof path, "%s/s.json", tmp);
    ts_test_write_file(path, text);
    const char *args[] = {"validate", path, NULL};
    ts_test_proc p = ts_test_run(args, NULL);
    if (p.exit_code != 0)
        fail_msg("validate: exit %d\n%.2000s", p.exit_code, p.err);
    ts_test_proc_free(&p);
    ts_test_rmtree(tmp);
    free(tmp);
}

/* Arrays exactly at their caps load (the invalid corpus has each cap + 1). */
static void test_caps_are_inclusive(void **state)
{
    (void)state;
    char *s = NULL, piece[256];
    size_t len = 0, cap = 0;
    cat(&s, &len, &cap, "{\"start\": \"2027-01-01\", \"days\": 60, \"volume\": {\"daily_orders\": 5, \"events\": [");
    for (int i = 0; i < 1000; i++) {
        snprintf(piece, sizeof piece, "%s{\"name\": \"p%d\", \"start\": \"2027-01-05\", \"days\": 1, "
                 "\"multiplier\": 1}", i ? "," : "", i);
        cat(&s, &len, &cap, piece);
    }
    cat(&s, &len, &cap, "]}, \"gifts\": {\"tiers\": [");
    for (int i = 0; i < 127; i++) {
        snprintf(piece, sizeof piece, "%s{\"min_order\": %d, \"cost\": 0.1, \"weight_g\": 1, "
                 "\"satisfaction\": 0.1}", i ? "," : "", i);
        cat(&s, &len, &cap, piece);
    }
    cat(&s, &len, &cap, "]}, \"fulfilment\": {\"carriers\": [");
    for (int i = 0; i < 100; i++) {
        snprintf(piece, sizeof piece, "%s{\"share\": %s, \"transit_mean\": 9, \"transit_sd\": 1, "
                 "\"lost_prob\": 0}", i ? "," : "", "0.01");
        cat(&s, &len, &cap, piece);
    }
    cat(&s, &len, &cap, "]}}");
    validate_ok(s);
    /* variants in a small document of their own: each is built from a copy of it */
    len = 0;
    cat(&s, &len, &cap, "{\"start\": \"2027-01-01\", \"days\": 60, \"volume\": {\"daily_orders\": 5}, "
        "\"variants\": [");
    for (int i = 0; i < 255; i++) {
        snprintf(piece, sizeof piece, "%s{\"name\": \"v%d\", \"set\": {\"volume.daily_orders\": %d}}",
                 i ? "," : "", i, i);
        cat(&s, &len, &cap, piece);
    }
    cat(&s, &len, &cap, "]}");
    validate_ok(s);
    free(s);
}

/* --sweep values count towards the variant cap. */
static void test_sweep_variant_cap(void **state)
{
    (void)state;
    char spec[4096] = "volume.daily_orders=";
    for (int i = 0; i < 256; i++) {
        char v[16];
        snprintf(v, sizeof v, "%s%d", i ? "," : "", i);
        strcat(spec, v);
    }
    const char *extra[] = {"--sweep", spec, NULL};
    const char *frags[] = {"at most 256 variants", "found 257", NULL};
    expect_run("{\"start\": \"2027-01-01\", \"days\": 40, \"volume\": {\"daily_orders\": 5}}", extra, 2,
               frags);
}

int main(void)
{
    gsl_set_error_handler_off(); /* as the program does (sim/cli/main.c) */
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_too_many_orders),
        cmocka_unit_test(test_too_much_memory),
        cmocka_unit_test(test_busiest_day),
        cmocka_unit_test(test_override_brings_run_within_limits),
        cmocka_unit_test(test_huge_file_refused_unread),
        cmocka_unit_test(test_caps_are_inclusive),
        cmocka_unit_test(test_sweep_variant_cap),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
