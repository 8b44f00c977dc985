/*
** test_robust_signal.c — SIGINT and SIGTERM through the real binary: a long
** run stops at a replication boundary, exits 130, leaves no temporary files
** and leaves the results of an earlier run byte-identical.
*/
#include "testutil.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* Many short replications: the run lasts far longer than the test waits. */
static const char LONG_RUN[] =
    "{\"name\": \"long\", \"seed\": 3, \"replications\": 500000, \"start\": \"2027-01-22\","
    " \"days\": 10, \"warmup_days\": 0, \"volume\": {\"daily_orders\": 20}}";
static const char SHORT_RUN[] =
    "{\"name\": \"short\", \"seed\": 3, \"replications\": 20, \"start\": \"2027-01-01\","
    " \"days\": 40, \"warmup_days\": 0, \"volume\": {\"daily_orders\": 20}}";

static void sleep_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

/* Whether pid has a handler installed for sig (Linux: SigCgt in /proc/PID/status). */
static int catches(pid_t pid, int sig)
{
    char path[64], line[256];
    snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
    FILE *f = fopen(path, "r");
    if (f == NULL)
        return 0;
    int yes = 0;
    while (fgets(line, sizeof line, f) != NULL) {
        unsigned long long mask;
        if (sscanf(line, "SigCgt: %llx", &mask) == 1)
            yes = (mask >> (sig - 1)) & 1u;
    }
    fclose(f);
    return yes;
}

/* Start `tiersim run SCENARIO -o DIR --force --quiet --no-plots --threads 2`, stderr to errfile. */
static pid_t start_run(const char *scenario, const char *dir, const char *errfile)
{
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        int fd = open(errfile, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        int null = open("/dev/null", O_WRONLY);
        if (fd < 0 || null < 0)
            _exit(99);
        dup2(fd, STDERR_FILENO);
        dup2(null, STDOUT_FILENO);
        execl(TS_TIERSIM_BIN, TS_TIERSIM_BIN, "run", scenario, "-o", dir, "--force", "--quiet",
              "--no-plots", "--threads", "2", (char *)NULL);
        _exit(98);
    }
    return pid;
}

/* Wait up to timeout_ms for pid; returns its wait status, or kills it and fails. */
static int wait_for(pid_t pid, long timeout_ms)
{
    int status = 0;
    for (long waited = 0; waited < timeout_ms; waited += 20) {
        pid_t r = waitpid(pid, &status, WNOHANG);
        if (r == pid)
            return status;
        sleep_ms(20);
    }
    kill(pid, SIGKILL);
    waitpid(pid, &status, 0);
    fail_msg("tiersim did not stop within %ld ms of the signal", timeout_ms);
    return status;
}

/* Names in dir that look like temporary files (".NAME.tmp"). */
static int count_temporaries(const char *dir)
{
    DIR *d = opendir(dir);
    assert_non_null(d);
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        size_t len = strlen(e->d_name);
        if (len > 4 && strcmp(e->d_name + len - 4, ".tmp") == 0) {
            print_error("temporary file left behind: %s/%s\n", dir, e->d_name);
            n++;
        }
    }
    closedir(d);
    return n;
}

static void interrupt_with(int sig)
{
    char *tmp = ts_test_tmpdir();
    char shortf[512], longf[512], out[512], errf[512], summary[600], money[600];
    snprintf(shortf, sizeof shortf, "%s/short.json", tmp);
    snprintf(longf, sizeof longf, "%s/long.json", tmp);
    snprintf(out, sizeof out, "%s/out", tmp);
    snprintf(errf, sizeof errf, "%s/stderr.txt", tmp);
    snprintf(summary, sizeof summary, "%s/summary.json", out);
    snprintf(money, sizeof money, "%s/money.csv", out);
    ts_test_write_file(shortf, SHORT_RUN);
    ts_test_write_file(longf, LONG_RUN);

    /* earlier results in the folder */
    const char *first[] = {"run", shortf, "-o", out, "--quiet", "--no-plots", NULL};
    ts_test_proc p = ts_test_run(first, NULL);
    assert_int_equal(p.exit_code, 0);
    ts_test_proc_free(&p);
    size_t before_len = 0, money_len = 0;
    char *before = ts_test_read_file(summary, &before_len);
    char *money_before = ts_test_read_file(money, &money_len);
    assert_non_null(before);
    assert_non_null(money_before);

    pid_t pid = start_run(longf, out, errf);
    /* wait until its handlers are installed (the run has started), then a moment more */
    long waited = 0;
    while (!catches(pid, sig) && waited < 20000) {
        assert_int_equal(waitpid(pid, NULL, WNOHANG), 0); /* still running */
        sleep_ms(10);
        waited += 10;
    }
    assert_true(catches(pid, sig));
    sleep_ms(300);
    assert_int_equal(kill(pid, sig), 0);
    int status = wait_for(pid, 20000);

    char *err = ts_test_read_file(errf, NULL);
    assert_non_null(err);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 130)
        fail_msg("expected exit 130, got status %d; stderr:\n%s", status, err);
    assert_non_null(strstr(err, "interrupted"));
    assert_non_null(strstr(err, "no results written"));
    assert_int_equal(count_temporaries(out), 0);

    size_t after_len = 0, money_after_len = 0;
    char *after = ts_test_read_file(summary, &after_len);
    char *money_after = ts_test_read_file(money, &money_after_len);
    assert_non_null(after);
    assert_non_null(money_after);
    assert_int_equal(after_len, before_len);
    assert_memory_equal(after, before, before_len);
    assert_int_equal(money_after_len, money_len);
    assert_memory_equal(money_after, money_before, money_len);

    free(err);
    free(before);
    free(after);
    free(money_before);
    free(money_after);
    ts_test_rmtree(tmp);
    free(tmp);
}

static void test_sigint(void **state)
{
    (void)state;
    interrupt_with(SIGINT);
}

static void test_sigterm(void **state)
{
    (void)state;
    interrupt_with(SIGTERM);
}

int main(void)
{
    gsl_set_error_handler_off(); /* as the program does (sim/cli/main.c) */
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sigint),
        cmocka_unit_test(test_sigterm),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
