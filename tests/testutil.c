/*
** testutil.c — helpers shared by the cmocka tests (testutil.h).
*/
#include "testutil.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef TS_TIERSIM_BIN
#define TS_TIERSIM_BIN "tiersim"
#endif

void ts_test_double_near(double a, double b, double tol, const char *expr,
                         const char *file, int line)
{
    if (!(fabs(a - b) <= tol) && !(isnan(a) && isnan(b))) {
        print_error("%s = %.17g, expected %.17g within %.3g\n", expr, a, b, tol);
        _fail(file, line);
    }
}

void ts_test_within_4se(double observed, double expected, double se, const char *expr,
                        const char *file, int line)
{
    if (!(fabs(observed - expected) <= 4.0 * se)) {
        print_error("%s = %.10g, expected %.10g within 4 SE (SE %.4g, off by %.2f SE)\n",
                    expr, observed, expected, se, fabs(observed - expected) / se);
        _fail(file, line);
    }
}

typedef struct {
    char *data;
    size_t len, cap;
} buf;

static void buf_add(buf *b, const char *s, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        b->cap = (b->len + n + 1) * 2;
        b->data = realloc(b->data, b->cap);
        assert_non_null(b->data);
    }
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
}

ts_test_proc ts_test_run(const char *const *args, const char *stdin_text)
{
    int in[2], out[2], err[2];
    assert_int_equal(pipe(in), 0);
    assert_int_equal(pipe(out), 0);
    assert_int_equal(pipe(err), 0);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        dup2(in[0], 0);
        dup2(out[1], 1);
        dup2(err[1], 2);
        close(in[0]); close(in[1]); close(out[0]); close(out[1]); close(err[0]); close(err[1]);
        size_t n = 0;
        while (args[n])
            n++;
        char **argv = calloc(n + 2, sizeof *argv);
        argv[0] = strdup(TS_TIERSIM_BIN);
        for (size_t i = 0; i < n; i++)
            argv[i + 1] = strdup(args[i]);
        execv(TS_TIERSIM_BIN, argv);
        _exit(127);
    }
    close(in[0]); close(out[1]); close(err[1]);
    if (stdin_text) {
        size_t len = strlen(stdin_text), off = 0;
        while (off < len) {
            ssize_t w = write(in[1], stdin_text + off, len - off);
            if (w <= 0)
                break;
            off += (size_t)w;
        }
    }
    close(in[1]);
    buf bo = {0}, be = {0};
    buf_add(&bo, "", 0);
    buf_add(&be, "", 0);
    struct pollfd fds[2] = {{out[0], POLLIN, 0}, {err[0], POLLIN, 0}};
    int open_fds = 2;
    while (open_fds > 0) {
        if (poll(fds, 2, -1) < 0) {
            if (errno == EINTR)
                continue;
            break;
        }
        for (int i = 0; i < 2; i++) {
            if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR)))
                continue;
            char chunk[4096];
            ssize_t r = read(fds[i].fd, chunk, sizeof chunk);
            if (r <= 0) {
                close(fds[i].fd);
                fds[i].fd = -1;
                open_fds--;
            } else {
                buf_add(i == 0 ? &bo : &be, chunk, (size_t)r);
            }
        }
    }
    int status = 0;
    waitpid(pid, &status, 0);
    ts_test_proc p;
    p.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    p.out = bo.data;
    p.err = be.data;
    return p;
}

void ts_test_proc_free(ts_test_proc *p)
{
    free(p->out);
    free(p->err);
    p->out = p->err = NULL;
}

char *ts_test_tmpdir(void)
{
    const char *base = getenv("TMPDIR");
    if (base == NULL || *base == '\0')
        base = "/tmp";
    size_t n = strlen(base) + 32;
    char *path = malloc(n);
    assert_non_null(path);
    snprintf(path, n, "%s/tiersim-test-XXXXXX", base);
    assert_non_null(mkdtemp(path));
    return path;
}

void ts_test_rmtree(const char *path)
{
    pid_t pid = fork();
    if (pid == 0) {
        execlp("rm", "rm", "-rf", "--", path, (char *)NULL);
        _exit(127);
    }
    int status;
    waitpid(pid, &status, 0);
}

void ts_test_write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    size_t n = strlen(text);
    assert_int_equal(fwrite(text, 1, n, f), n);
    assert_int_equal(fclose(f), 0);
}

char *ts_test_read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return NULL;
    buf b = {0};
    buf_add(&b, "", 0);
    char chunk[8192];
    size_t r;
    while ((r = fread(chunk, 1, sizeof chunk, f)) > 0)
        buf_add(&b, chunk, r);
    fclose(f);
    if (len)
        *len = b.len;
    return b.data;
}
