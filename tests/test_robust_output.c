/*
** test_robust_output.c — output safety through the real binary: -o naming a
** file, a place that cannot be written, and a disk that fills up (a tiny
** RLIMIT_FSIZE) all give exit 1, a clear message and no temporary files.
*/
#include "testutil.h"

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

static const char SMALL[] =
    "{\"name\": \"small\", \"seed\": 5, \"replications\": 8, \"start\": \"2027-01-01\","
    " \"days\": 40, \"volume\": {\"daily_orders\": 20}}";

static char *scenario_in(const char *tmp)
{
    char *path = malloc(strlen(tmp) + 16);
    assert_non_null(path);
    sprintf(path, "%s/s.json", tmp);
    ts_test_write_file(path, SMALL);
    return path;
}

static void expect_fail(const char *scen, const char *out, const char *fragment)
{
    const char *args[] = {"run", scen, "-o", out, "--quiet", "--no-plots", "--force", NULL};
    ts_test_proc p = ts_test_run(args, NULL);
    if (p.exit_code != 1 || strstr(p.err, fragment) == NULL)
        fail_msg("-o %s: exit %d (expected 1), stderr:\n%s\nexpected: %s", out, p.exit_code, p.err,
                 fragment);
    ts_test_proc_free(&p);
}

static void test_output_is_a_file(void **state)
{
    (void)state;
    char *tmp = ts_test_tmpdir();
    char *scen = scenario_in(tmp);
    char file[600], below[700];
    snprintf(file, sizeof file, "%s/plain-file", tmp);
    ts_test_write_file(file, "not a folder\n");
    expect_fail(scen, file, "Not a directory");
    expect_fail(scen, file, file);
    /* a folder under a file */
    snprintf(below, sizeof below, "%s/sub", file);
    expect_fail(scen, below, "cannot use");
    /* the file is untouched */
    char *text = ts_test_read_file(file, NULL);
    assert_string_equal(text, "not a folder\n");
    free(text);
    free(scen);
    ts_test_rmtree(tmp);
    free(tmp);
}

static void test_output_unwritable(void **state)
{
    (void)state;
    char *tmp = ts_test_tmpdir();
    char *scen = scenario_in(tmp);
    /* tests run as root: /proc refuses new folders whatever the permissions */
    expect_fail(scen, "/proc/tiersim-results", "cannot use '/proc/tiersim-results' as the output folder");
    expect_fail(scen, "/proc/self", "cannot");
    free(scen);
    ts_test_rmtree(tmp);
    free(tmp);
}

/*
** Run with RLIMIT_FSIZE = limit bytes and SIGXFSZ ignored: writes past it fail
** with EFBIG. stderr goes to a pipe (a file would hit the limit too); *err gets it.
*/
static int run_with_fsize(const char *scen, const char *out, rlim_t limit, char **err)
{
    int fds[2];
    assert_int_equal(pipe(fds), 0);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        int null = open("/dev/null", O_WRONLY);
        if (null < 0)
            _exit(99);
        close(fds[0]);
        dup2(fds[1], STDERR_FILENO);
        dup2(null, STDOUT_FILENO);
        signal(SIGXFSZ, SIG_IGN);
        struct rlimit rl = {limit, limit};
        if (setrlimit(RLIMIT_FSIZE, &rl) != 0)
            _exit(97);
        execl(TS_TIERSIM_BIN, TS_TIERSIM_BIN, "run", scen, "-o", out, "--quiet", "--no-plots",
              "--force", (char *)NULL);
        _exit(98);
    }
    close(fds[1]);
    size_t cap = 4096, len = 0;
    char *buf = malloc(cap);
    assert_non_null(buf);
    ssize_t r;
    while ((r = read(fds[0], buf + len, cap - 1 - len)) > 0) {
        len += (size_t)r;
        if (len + 1 == cap) {
            cap *= 2;
            buf = realloc(buf, cap);
            assert_non_null(buf);
        }
    }
    buf[len] = '\0';
    close(fds[0]);
    int status;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFEXITED(status));
    *err = buf;
    return WEXITSTATUS(status);
}

static int count_temporaries(const char *dir)
{
    DIR *d = opendir(dir);
    assert_non_null(d);
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        size_t len = strlen(e->d_name);
        n += len > 4 && strcmp(e->d_name + len - 4, ".tmp") == 0;
    }
    closedir(d);
    return n;
}

static void test_disk_full(void **state)
{
    (void)state;
    char *tmp = ts_test_tmpdir();
    char *scen = scenario_in(tmp);
    char out[600], summary[700];
    snprintf(out, sizeof out, "%s/out", tmp);
    snprintf(summary, sizeof summary, "%s/summary.json", out);

    /* earlier results, written without a limit */
    const char *args[] = {"run", scen, "-o", out, "--quiet", "--no-plots", NULL};
    ts_test_proc p = ts_test_run(args, NULL);
    assert_int_equal(p.exit_code, 0);
    ts_test_proc_free(&p);
    size_t before_len;
    char *before = ts_test_read_file(summary, &before_len);
    assert_non_null(before);

    /* limits that cut the writing at different places, each must fail cleanly */
    const rlim_t limits[] = {0, 100, 2000};
    for (size_t i = 0; i < sizeof limits / sizeof *limits; i++) {
        char *err;
        int code = run_with_fsize(scen, out, limits[i], &err);
        if (code != 1 || strstr(err, "File too large") == NULL || strstr(err, "cannot write") == NULL)
            fail_msg("RLIMIT_FSIZE %lu: exit %d (expected 1), stderr:\n%s", (unsigned long)limits[i],
                     code, err);
        free(err);
        assert_int_equal(count_temporaries(out), 0);
        size_t after_len;
        char *after = ts_test_read_file(summary, &after_len);
        assert_non_null(after);
        assert_int_equal(after_len, before_len);
        assert_memory_equal(after, before, before_len);
        free(after);
    }
    free(before);
    free(scen);
    ts_test_rmtree(tmp);
    free(tmp);
}

int main(void)
{
    gsl_set_error_handler_off(); /* as the program does (sim/cli/main.c) */
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_output_is_a_file),
        cmocka_unit_test(test_output_unwritable),
        cmocka_unit_test(test_disk_full),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
