/*
** test_base_files.c — the one reader and the one writer (sim/base/files.h):
** the size cap, all-or-none writing, a full disk, mkdir -p.
*/
#include "testutil.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "files.h"

static char *path_in(const char *dir, const char *name)
{
    return ts_xasprintf("%s/%s", dir, name);
}

/* Reading: the bytes and length; a missing file, a folder and a file over the cap are refused. */
static void test_read(void **state)
{
    (void)state;
    char *dir = ts_test_tmpdir(), *p = path_in(dir, "a.txt");
    ts_test_write_file(p, "hello\nworld");
    ts_error err = {0};
    size_t len = 0;
    char *text = ts_file_read(p, 100, "test files", &len, &err);
    assert_non_null(text);
    assert_int_equal(len, 11);
    assert_string_equal(text, "hello\nworld");
    free(text);
    assert_int_equal(err.count, 0);

    assert_null(ts_file_read(p, 10, "test files", &len, &err)); /* 11 bytes > 10 */
    assert_int_equal(err.count, 1);
    assert_non_null(strstr(err.messages[0], "test files may be at most"));
    ts_error_clear(&err);

    assert_null(ts_file_read(dir, 100, "test files", &len, &err));
    assert_non_null(strstr(err.messages[0], "it is a directory"));
    ts_error_clear(&err);

    char *missing = path_in(dir, "missing");
    assert_null(ts_file_read(missing, 100, "test files", &len, &err));
    assert_non_null(strstr(err.messages[0], "cannot read the file: No such file or directory"));
    ts_error_clear(&err);
    free(missing);
    free(p);
    ts_test_rmtree(dir);
    free(dir);
}

/* Writing several files: all renamed, no temporaries left; a failure leaves the old files as they were. */
static void test_write_all(void **state)
{
    (void)state;
    char *dir = ts_test_tmpdir();
    const char *names[2] = {"one.txt", "two.txt"}, *data[2] = {"1\n", "22\n"};
    size_t lens[2] = {2, 3};
    ts_error err = {0};
    assert_int_equal(ts_file_write_all(dir, 2, names, data, lens, &err), TS_OK);
    char *one = path_in(dir, "one.txt"), *two = path_in(dir, "two.txt");
    size_t len;
    char *t = ts_test_read_file(two, &len);
    assert_string_equal(t, "22\n");
    free(t);
    char *tmp = path_in(dir, ".one.txt.tmp");
    assert_false(ts_file_exists(tmp));

    /* the second file's temporary cannot be made (a folder is in its way): nothing changes */
    char *blocker = path_in(dir, ".two.txt.tmp");
    assert_int_equal(mkdir(blocker, 0777), 0);
    const char *data2[2] = {"new\n", "new\n"};
    size_t lens2[2] = {4, 4};
    assert_int_equal(ts_file_write_all(dir, 2, names, data2, lens2, &err), TS_EIO);
    assert_int_equal(err.count, 1);
    assert_non_null(strstr(err.messages[0], "cannot write '"));
    assert_non_null(strstr(err.messages[0], "two.txt"));
    ts_error_clear(&err);
    t = ts_test_read_file(one, &len);
    assert_string_equal(t, "1\n"); /* not renamed: all or none */
    free(t);
    assert_false(ts_file_exists(tmp)); /* the first temporary was removed */
    rmdir(blocker);

    /* one file by its path */
    assert_int_equal(ts_file_write(one, "x", 1, &err), TS_OK);
    t = ts_test_read_file(one, &len);
    assert_string_equal(t, "x");
    free(t);
    free(blocker);
    free(tmp);
    free(one);
    free(two);
    ts_test_rmtree(dir);
    free(dir);
}

/* A full disk: the temporary is /dev/full (through a symlink), the flush fails with ENOSPC. */
static void test_full_disk(void **state)
{
    (void)state;
    if (access("/dev/full", W_OK) != 0)
        skip();
    char *dir = ts_test_tmpdir(), *link = path_in(dir, ".summary.json.tmp");
    assert_int_equal(symlink("/dev/full", link), 0);
    const char *name = "summary.json", *data = "{\"schema\": \"tiersim-summary/1\"}\n";
    size_t len = strlen(data);
    ts_error err = {0};
    assert_int_equal(ts_file_write_all(dir, 1, &name, &data, &len, &err), TS_EIO);
    assert_int_equal(err.count, 1);
    assert_non_null(strstr(err.messages[0], "summary.json"));
    assert_non_null(strstr(err.messages[0], strerror(ENOSPC)));
    char *fin = path_in(dir, "summary.json");
    assert_false(ts_file_exists(fin));
    ts_error_clear(&err);
    free(fin);
    free(link);
    ts_test_rmtree(dir);
    free(dir);
}

/* mkdir -p: nested folders, an existing one, and a file in the way. */
static void test_mkdirs(void **state)
{
    (void)state;
    char *dir = ts_test_tmpdir(), *deep = path_in(dir, "a/b/c");
    ts_error err = {0};
    assert_int_equal(ts_file_mkdirs(deep, &err), TS_OK);
    struct stat st;
    assert_int_equal(stat(deep, &st), 0);
    assert_true(S_ISDIR(st.st_mode));
    assert_int_equal(ts_file_mkdirs(deep, &err), TS_OK); /* exists already */
    char *file = path_in(dir, "f");
    ts_test_write_file(file, "x");
    char *under = path_in(dir, "f/g");
    assert_int_equal(ts_file_mkdirs(under, &err), TS_EIO);
    assert_int_equal(err.count, 1);
    assert_non_null(strstr(err.messages[0], "cannot create the folder"));
    ts_error_clear(&err);
    assert_int_equal(ts_file_mkdirs(file, &err), TS_EIO);
    assert_non_null(strstr(err.messages[0], strerror(ENOTDIR)));
    ts_error_clear(&err);
    free(under);
    free(file);
    free(deep);
    ts_test_rmtree(dir);
    free(dir);
}

int main(void)
{
    gsl_set_error_handler_off(); /* as the program does (sim/cli/main.c) */
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_read),
        cmocka_unit_test(test_write_all),
        cmocka_unit_test(test_full_disk),
        cmocka_unit_test(test_mkdirs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
