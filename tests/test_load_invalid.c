/*
** test_load_invalid.c — the invalid-scenario corpus (tests/data/invalid/<case>.json
** with <case>.expect beside them) plus inputs made at run time: empty, binary, deep.
*/
#include "testutil.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "study.h"

/* All messages joined by newlines; caller frees. */
static char *joined(const ts_error *err)
{
    size_t n = 1;
    for (size_t i = 0; i < err->count; i++)
        n += strlen(err->messages[i]) + 1;
    char *s = calloc(n, 1);
    assert_non_null(s);
    for (size_t i = 0; i < err->count; i++) {
        strcat(s, err->messages[i]);
        strcat(s, "\n");
    }
    return s;
}

/* Every message starts with the file's name (messages may name the file with a path). */
static void assert_messages_name_file(const ts_error *err, const char *file)
{
    for (size_t i = 0; i < err->count; i++) {
        if (strncmp(err->messages[i], file, strlen(file)) != 0) {
            print_error("message does not start with the file name %s: %s\n", file, err->messages[i]);
            fail();
        }
    }
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void test_corpus(void **state)
{
    (void)state;
    const char *dir = TS_TEST_DATA "/invalid";
    DIR *d = opendir(dir);
    assert_non_null(d);
    char *names[512];
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL && n < 512) {
        size_t len = strlen(e->d_name);
        if (len > 5 && strcmp(e->d_name + len - 5, ".json") == 0)
            names[n++] = strdup(e->d_name);
    }
    closedir(d);
    qsort(names, n, sizeof *names, cmp_names);
    assert_true(n >= 45);
    size_t failures = 0;
    for (size_t i = 0; i < n; i++) {
        char path[1024], expect_path[1024];
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        snprintf(expect_path, sizeof expect_path, "%s/%.*s.expect", dir, (int)(strlen(names[i]) - 5), names[i]);
        char *expect = ts_test_read_file(expect_path, NULL);
        if (expect == NULL) {
            print_error("%s: no .expect file\n", names[i]);
            failures++;
            free(names[i]);
            continue;
        }
        ts_error err = {0};
        ts_study *st = ts_study_load(path, NULL, 0, &err);
        char *all = joined(&err);
        if (st != NULL || err.count == 0) {
            print_error("%s: loaded, but should have failed\n", names[i]);
            failures++;
        }
        for (size_t k = 0; k < err.count; k++) {
            if (strncmp(err.messages[k], path, strlen(path)) != 0) {
                print_error("%s: message does not start with the file name: %s\n", names[i], err.messages[k]);
                failures++;
            }
        }
        char *save = NULL;
        char *line = strtok_r(expect, "\n", &save);
        assert_non_null(line);
        assert_int_equal(atoi(line), 2);
        while ((line = strtok_r(NULL, "\n", &save)) != NULL) {
            if (*line && strstr(all, line) == NULL) {
                print_error("%s: expected the fragment\n    %s\n  in\n%s", names[i], line, all);
                failures++;
            }
        }
        free(all);
        free(expect);
        ts_error_clear(&err);
        ts_study_free(st);
        free(names[i]);
    }
    assert_int_equal(failures, 0);
}

/* Load a buffer named "gen.json" and return the joined messages (loading must fail). */
static char *load_fails(const char *text, size_t len)
{
    ts_error err = {0};
    ts_study *st = ts_study_load_buffer("gen.json", text, len, NULL, 0, &err);
    assert_null(st);
    assert_true(err.count >= 1);
    assert_messages_name_file(&err, "gen.json");
    char *s = joined(&err);
    ts_error_clear(&err);
    return s;
}

static void test_empty_file(void **state)
{
    (void)state;
    char *s = load_fails("", 0);
    assert_non_null(strstr(s, "gen.json:1:1: invalid JSON: empty file"));
    free(s);
}

static void test_binary_garbage(void **state)
{
    (void)state;
    /* bytes from a PNG header: 0x89 is not a valid UTF-8 lead byte */
    const char png[] = "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR";
    char *s = load_fails(png, sizeof png - 1);
    assert_non_null(strstr(s, "gen.json:1:1: invalid JSON: not UTF-8 text (byte 0x89)"));
    free(s);
    /* UTF-16 text: ASCII with NUL bytes between */
    const char u16[] = "{\x00\"\x00" "d\x00";
    s = load_fails(u16, sizeof u16 - 1);
    assert_non_null(strstr(s, "gen.json:1:2: invalid JSON: contains a NUL byte"));
    free(s);
}

static void test_deep_nesting(void **state)
{
    (void)state;
    /* {"a": [[[[ ... 10000 levels: refused at level 201 without recursion trouble */
    size_t depth = 10000;
    char *text = malloc(depth + 16);
    assert_non_null(text);
    strcpy(text, "{\"a\": ");
    memset(text + 6, '[', depth);
    text[6 + depth] = '\0';
    char *s = load_fails(text, strlen(text));
    /* the object is level 1, so the 200th '[' (column 6 + 200) opens level 201 */
    assert_non_null(strstr(s, "gen.json:1:206: invalid JSON: nesting too deep"));
    free(s);
    free(text);
}

static void test_huge_file_refused(void **state)
{
    (void)state;
    char *dir = ts_test_tmpdir();
    char path[512];
    snprintf(path, sizeof path, "%s/huge.json", dir);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fclose(f);
    /* a sparse file one byte over 64 MiB: refused before it is read */
    assert_int_equal(truncate(path, (off_t)(64u << 20) + 1), 0);
    ts_error err = {0};
    ts_study *st = ts_study_load(path, NULL, 0, &err);
    assert_null(st);
    assert_int_equal(err.count, 1);
    assert_non_null(strstr(err.messages[0], "may be at most 64 MiB"));
    assert_messages_name_file(&err, path);
    ts_error_clear(&err);
    ts_test_rmtree(dir);
    free(dir);
}

static void test_missing_file(void **state)
{
    (void)state;
    ts_error err = {0};
    ts_study *st = ts_study_load(TS_TEST_DATA "/no-such-file.json", NULL, 0, &err);
    assert_null(st);
    assert_int_equal(err.count, 1);
    assert_non_null(strstr(err.messages[0], "no-such-file.json: cannot read the file: No such file or directory"));
    ts_error_clear(&err);
}

static void test_bad_sweeps(void **state)
{
    (void)state;
    const char base[] = "{\"start\": \"2027-01-01\", \"days\": 60, \"volume\": {\"daily_orders\": 5}}";
    ts_sweep sw[3] = {{"noequals"}, {"seed=1,2"}, {"volume.daily_orders=5,-1"}};
    ts_error err = {0};
    ts_study *st = ts_study_load_buffer("s.json", base, sizeof base - 1, sw, 3, &err);
    assert_null(st);
    char *s = joined(&err);
    assert_non_null(strstr(s, "s.json: --sweep \"noequals\": expected PATH=V1,V2,..."));
    assert_non_null(strstr(s, "s.json: --sweep \"seed=1\": set[\"seed\"]: a variant may not change \"seed\""));
    assert_non_null(strstr(s, "s.json: --sweep \"volume.daily_orders=-1\": volume.daily_orders: expected a number >= 0, found -1"));
    /* the good value 5 makes no message */
    assert_null(strstr(s, "daily_orders=5\""));
    free(s);
    ts_error_clear(&err);
}

int main(void)
{
    gsl_set_error_handler_off(); /* as the program does (sim/cli/main.c) */
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_corpus),
        cmocka_unit_test(test_empty_file),
        cmocka_unit_test(test_binary_garbage),
        cmocka_unit_test(test_deep_nesting),
        cmocka_unit_test(test_huge_file_refused),
        cmocka_unit_test(test_missing_file),
        cmocka_unit_test(test_bad_sweeps),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
