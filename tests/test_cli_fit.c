/*
** test_cli_fit.c — `tiersim fit` through the real binary (docs/cli.md "tiersim
** fit"): the fitted scenario's history is the export it was fitted from (and
** loads, and runs), --columns with a custom header gives the same fit as the
** format's own names, the diagnostic charts, and the fit corpus
** tests/data/fit/invalid/ (NAME.csv, NAME.expect, optional NAME.args).
*/
#include "testutil.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "study.h"
#include "tiersim.h"

#define ARGS(...) ((const char *const[]){__VA_ARGS__, NULL})

/* Run tiersim; fail unless it exits with code; returns stdout + stderr (free it). */
static char *run_ok(const char *const *args, int code)
{
    ts_test_proc p = ts_test_run(args, NULL);
    if (p.exit_code != code) {
        print_error("tiersim %s %s ...: exit %d (expected %d)\nstdout:\n%s\nstderr:\n%s\n", args[0],
                    args[1] ? args[1] : "", p.exit_code, code, p.out, p.err);
        ts_test_proc_free(&p);
        fail();
    }
    char *all = ts_xasprintf("%s%s", p.out, p.err);
    ts_test_proc_free(&p);
    return all;
}

static void assert_has(const char *text, const char *fragment)
{
    if (strstr(text, fragment) == NULL)
        fail_msg("expected to find \"%s\" in:\n%s", fragment, text);
}

static bool exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && st.st_size > 0;
}

/* A study loaded from path, with no error. */
static ts_study *load(const char *path)
{
    ts_error err = {0};
    ts_study *st = ts_study_load(path, NULL, 0, &err);
    for (size_t i = 0; i < err.count; i++)
        print_error("%s\n", err.messages[i]);
    assert_int_equal(err.count, 0);
    assert_non_null(st);
    return st;
}

/* The export of scenario's first replication, written by run --export-orders as dir/name. */
static char *export_of(const char *dir, const char *scenario, const char *name)
{
    char *csv = ts_xasprintf("%s/%s", dir, name), *res = ts_xasprintf("%s/run", dir);
    free(run_ok(ARGS("run", scenario, "--replications", "1", "--export-orders", csv, "-o", res, "--no-plots",
                     "--quiet"),
                0));
    ts_test_rmtree(res);
    free(res);
    return csv;
}

/* The export of tests/data/fit/truth.json's first replication, as dir/orders.csv. */
static char *export_truth(const char *dir)
{
    return export_of(dir, TS_TEST_DATA "/fit/truth.json", "orders.csv");
}

/*
** fit -o DIR/ writes DIR/scenario.json whose history is the export, as a path
** from DIR; the scenario loads with the export's orders as its history,
** starts the day after the export's last date, and runs.
*/
static void test_fit_writes_history(void **state)
{
    (void)state;
    char *dir = ts_test_tmpdir();
    char *csv = export_truth(dir);
    char *out = ts_xasprintf("%s/out/", dir), *scen = ts_xasprintf("%s/out/scenario.json", dir);
    char *text = run_ok(ARGS("fit", csv, "-o", out, "--no-plots"), 0);
    assert_has(text, "history:  ../orders.csv (from the scenario's folder)");
    free(text);
    char *json = ts_test_read_file(scen, NULL);
    assert_non_null(json);
    assert_has(json, "\"history\": \"../orders.csv\"");
    /* the lanes are named after the export's carriers, so parcels in transit keep their lane */
    assert_has(json, "{\"name\": \"near\"");
    assert_has(json, "{\"name\": \"far\"");
    free(json);

    ts_study *st = load(scen);
    const ts_scenario *sc = st->variants[0].scenario;
    assert_non_null(sc->history);
    const ts_orders *h = &sc->history->orders;
    char *csvtext = ts_test_read_file(csv, NULL);
    size_t rows = 0;
    for (const char *p = csvtext; *p; p++)
        rows += *p == '\n';
    free(csvtext);
    assert_int_equal(h->n_orders, rows - 1); /* one row per order after the header */
    assert_int_equal(sc->start, h->last_event + 1);
    ts_study_free(st);

    /* and the forecast runs from it */
    char *res = ts_xasprintf("%s/res", dir);
    free(run_ok(ARGS("run", scen, "--replications", "4", "-o", res, "--no-plots", "--quiet", "--report"), 0));
    char *summary = ts_xasprintf("%s/summary.json", res);
    assert_true(exists(summary));
    free(summary);
    /* the report says the window starts from the export, and shows the drawn uncertain parameters */
    char *html_path = ts_xasprintf("%s/report.html", res);
    char *html = ts_test_read_file(html_path, NULL);
    assert_non_null(html);
    assert_has(html, "The shop's own orders (history)");
    assert_has(html, "orders paid 2027-03-01 to 2027-06-28: they fill the rating window");
    assert_has(html, "Uncertain parameters, drawn once per replication");
    assert_has(html, "fulfilment.carriers[0].lost_prob");
    free(html);
    free(html_path);
    free(res);

    /* --no-history leaves it out; a --start not after the export's last date cannot have it */
    char *other = ts_xasprintf("%s/plain.json", dir);
    free(run_ok(ARGS("fit", csv, "-o", other, "--no-plots", "--no-history"), 0));
    json = ts_test_read_file(other, NULL);
    assert_null(strstr(json, "\"history\""));
    free(json);
    text = run_ok(ARGS("fit", csv, "-o", other, "--no-plots", "--start", "2027-04-01"), 0);
    assert_has(text, "warning: the scenario has no history: --start is not after the export's last date");
    free(text);
    json = ts_test_read_file(other, NULL);
    assert_null(strstr(json, "\"history\""));
    assert_has(json, "\"start\": \"2027-04-01\"");
    free(json);
    ts_study_free(load(other));
    free(other);
    free(out);
    free(scen);
    free(csv);
    ts_test_rmtree(dir);
    free(dir);
}

/*
** --columns: the export with its own header names ("No.", "Paid", "Total",
** "Courier", ...), mapped by a map file, gives the same estimates as the
** format's names, and the scenario's history carries the map (as a path from
** the scenario's folder) and loads.
*/
static void test_fit_columns(void **state)
{
    (void)state;
    char *dir = ts_test_tmpdir();
    char *csv = export_truth(dir);
    char *text = ts_test_read_file(csv, NULL);
    const char *fmt = "order_id,paid_at,value,currency,promised_days,closed_unshipped_at,dispatched_at,carrier,";
    assert_true(strncmp(text, fmt, strlen(fmt)) == 0);
    char *custom = ts_xasprintf("No.,Paid,Total,currency,promised_days,closed_unshipped_at,Shipped,Courier,%s",
                                text + strlen(fmt));
    char *ccsv = ts_xasprintf("%s/custom.csv", dir);
    ts_test_write_file(ccsv, custom);
    char *maps = ts_xasprintf("%s/maps", dir);
    assert_int_equal(mkdir(maps, 0755), 0);
    char *map = ts_xasprintf("%s/maps/mine.json", dir);
    ts_test_write_file(map, "{\"name\": \"mine\", \"columns\": {\"order_id\": \"No.\", \"paid_at\": [\"Bezahlt\", \"Paid\"],"
                            " \"value\": \"Total\", \"dispatched_at\": \"Shipped\", \"carrier\": \"Courier\"}}\n");

    /* without the map the header is not the format's: the required columns are missing */
    char *out = run_ok(ARGS("fit", ccsv, "-o", "/nonexistent/never.json", "--no-plots"), 2);
    assert_has(out, "required columns order_id, paid_at, value missing");
    free(out);

    char *a = ts_xasprintf("%s/a/shop.json", dir), *b = ts_xasprintf("%s/b/shop.json", dir);
    free(run_ok(ARGS("fit", csv, "-o", a, "--no-plots"), 0));
    out = run_ok(ARGS("fit", ccsv, "--columns", map, "-o", b, "--no-plots"), 0);
    assert_has(out, "history:  ../custom.csv, columns ../maps/mine.json");
    free(out);
    char *json = ts_test_read_file(b, NULL);
    assert_has(json, "\"history\": {\"file\": \"../custom.csv\", \"columns\": \"../maps/mine.json\"}");
    free(json);
    ts_study *sa = load(a), *sb = load(b);
    const ts_scenario *x = sa->variants[0].scenario, *y = sb->variants[0].scenario;
    assert_non_null(y->history);
    assert_int_equal(x->history->orders.n_orders, y->history->orders.n_orders);
    assert_true(x->volume.daily_orders == y->volume.daily_orders);
    assert_int_equal(x->fulfilment.n_carriers, y->fulfilment.n_carriers);
    for (size_t k = 0; k < x->fulfilment.n_carriers; k++) {
        assert_string_equal(x->fulfilment.carriers[k].name, y->fulfilment.carriers[k].name);
        assert_true(x->fulfilment.carriers[k].transit_mean_days == y->fulfilment.carriers[k].transit_mean_days);
    }
    assert_true(x->buyers.feedback_prob == y->buyers.feedback_prob);
    ts_study_free(sa);
    ts_study_free(sb);

    /* a map in the scenario's own folder without ".json" is still written as a file */
    char *bare = ts_xasprintf("%s/b/mymap", dir);
    ts_test_write_file(bare, "{\"columns\": {\"order_id\": \"No.\", \"paid_at\": \"Paid\", \"value\": \"Total\"}}\n");
    out = run_ok(ARGS("fit", ccsv, "--columns", bare, "-o", b, "--no-plots"), 0);
    assert_has(out, "columns ./mymap");
    free(out);
    ts_study_free(load(b));
    free(bare);
    free(a);
    free(b);
    free(map);
    free(maps);
    free(ccsv);
    free(custom);
    free(text);
    free(csv);
    ts_test_rmtree(dir);
    free(dir);
}

/* The diagnostic charts: written into plots/ beside the scenario (rendered when gnuplot is there), or not under --no-plots. */
static void test_fit_plots(void **state)
{
    (void)state;
    char *dir = ts_test_tmpdir();
    char *csv = export_truth(dir);
    char *out = ts_xasprintf("%s/charts/", dir);
    bool have_gnuplot = system("gnuplot --version > /dev/null 2>&1") == 0;
    for (int zh = 0; zh < 2; zh++) {
        char *text = run_ok(zh ? ARGS("fit", csv, "-o", out, "--lang", "zh") : ARGS("fit", csv, "-o", out), 0);
        free(text);
        static const char *const charts[] = {"fit_volume", "fit_transit", "fit_feedback", "fit_stars"};
        for (size_t i = 0; i < 4; i++) {
            char *gpf = ts_xasprintf("%s/charts/plots/%s.gp", dir, charts[i]);
            char *dat = ts_xasprintf("%s/charts/plots/%s.dat", dir, charts[i]);
            char *png = ts_xasprintf("%s/charts/plots/%s.png", dir, charts[i]);
            assert_true(exists(gpf));
            assert_true(exists(dat));
            if (have_gnuplot)
                assert_true(exists(png));
            free(gpf);
            free(dat);
            free(png);
        }
        char *gpf = ts_xasprintf("%s/charts/plots/fit_volume.gp", dir);
        char *script = ts_test_read_file(gpf, NULL);
        assert_has(script, zh ? "每日订单" : "Orders per day");
        free(script);
        free(gpf);
    }
    char *none = ts_xasprintf("%s/none/", dir), *plots = ts_xasprintf("%s/none/plots", dir);
    free(run_ok(ARGS("fit", csv, "-o", none, "--no-plots"), 0));
    struct stat st;
    assert_int_not_equal(stat(plots, &st), 0);
    free(none);
    free(plots);
    free(out);
    free(csv);
    ts_test_rmtree(dir);
    free(dir);
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
** tests/data/fit/invalid/NAME.csv: `tiersim fit NAME.csv -o TMP --no-plots`
** plus the words of NAME.args ("@" is the corpus folder); NAME.expect's first
** line is the exit code, each other line a fragment the output must hold.
*/
static void test_fit_corpus(void **state)
{
    (void)state;
    const char *cdir = TS_TEST_DATA "/fit/invalid";
    DIR *d = opendir(cdir);
    assert_non_null(d);
    char *names[64];
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL && n < 64) {
        size_t len = strlen(e->d_name);
        if (len > 4 && strcmp(e->d_name + len - 4, ".csv") == 0)
            names[n++] = ts_xasprintf("%.*s", (int)(len - 4), e->d_name);
    }
    closedir(d);
    qsort(names, n, sizeof *names, cmp_names);
    assert_true(n >= 8);
    char *tmp = ts_test_tmpdir();
    size_t failures = 0;
    for (size_t i = 0; i < n; i++) {
        char *csv = ts_xasprintf("%s/%s.csv", cdir, names[i]);
        char *exp = ts_xasprintf("%s/%s.expect", cdir, names[i]);
        char *argf = ts_xasprintf("%s/%s.args", cdir, names[i]);
        char *out = ts_xasprintf("%s/%s.json", tmp, names[i]);
        char *expect = ts_test_read_file(exp, NULL);
        if (expect == NULL)
            fail_msg("%s: no .expect file", names[i]);
        const char *args[16] = {"fit", csv, "-o", out, "--no-plots"};
        size_t na = 5;
        char *argtext = ts_test_read_file(argf, NULL), *words[8] = {0};
        size_t nw = 0;
        if (argtext) {
            char *save = NULL;
            for (char *w = strtok_r(argtext, " \n", &save); w && nw < 8; w = strtok_r(NULL, " \n", &save)) {
                words[nw] = w[0] == '@' ? ts_xasprintf("%s%s", cdir, w + 1) : ts_xstrdup(w);
                args[na++] = words[nw++];
            }
        }
        args[na] = NULL;
        ts_test_proc p = ts_test_run(args, NULL);
        char *save = NULL, *line = strtok_r(expect, "\n", &save);
        int code = atoi(line);
        if (p.exit_code != code) {
            print_error("%s: exit %d, expected %d\n%s%s", names[i], p.exit_code, code, p.out, p.err);
            failures++;
        }
        while ((line = strtok_r(NULL, "\n", &save)) != NULL)
            if (!strstr(p.err, line) && !strstr(p.out, line)) {
                print_error("%s: no message holds: %s\nstdout:\n%s\nstderr:\n%s", names[i], line, p.out, p.err);
                failures++;
            }
        /* an error writes nothing; every error line names the export or the map */
        if (code != 0 && exists(out)) {
            print_error("%s: failed but wrote %s\n", names[i], out);
            failures++;
        }
        ts_test_proc_free(&p);
        for (size_t w = 0; w < nw; w++)
            free(words[w]);
        free(argtext);
        free(expect);
        free(csv);
        free(exp);
        free(argf);
        free(out);
        free(names[i]);
    }
    ts_test_rmtree(tmp);
    free(tmp);
    assert_int_equal(failures, 0);
}

/* tiersim fit's stdout and stderr, exit 0 required. */
static ts_test_proc fit_run(const char *const *args)
{
    ts_test_proc p = ts_test_run(args, NULL);
    if (p.exit_code != 0)
        fail_msg("tiersim fit: exit %d\nstdout:\n%s\nstderr:\n%s", p.exit_code, p.out, p.err);
    return p;
}

static void assert_lacks(const char *text, const char *fragment)
{
    if (strstr(text, fragment) != NULL)
        fail_msg("did not expect \"%s\" in:\n%s", fragment, text);
}

/*
** Fail on an English word in text: a run of letters (with '-') that is not a
** path, a file or a number (those have '.', '_', '[', '/' or digits) nor one
** of the names Chinese keeps (a column, a key, the model's terms).
*/
static void assert_no_english(const char *text)
{
    static const char *const kept[] = {"volume", "fulfilment", "noisy-or", "gamma", "DSR", "history", "--start"};
    const char *p = text;
    while (*p) {
        size_t n = strspn(p, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.[]-/");
        if (n == 0) {
            p++;
            continue;
        }
        size_t letters = 0;
        bool name = false;
        for (size_t i = 0; i < n; i++) {
            char c = p[i];
            letters += (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
            name = name || strchr("0123456789_.[/", c) != NULL;
        }
        bool allowed = name || letters < 2;
        for (size_t k = 0; !allowed && k < sizeof kept / sizeof *kept; k++)
            allowed = strlen(kept[k]) == n && strncmp(p, kept[k], n) == 0;
        if (!allowed)
            fail_msg("English word \"%.*s\" in:\n%s", (int)n, p, text);
        p += n;
    }
}

/* The defaults and warnings of fit's stdout: from the defaults' heading up to the files written. */
static char *notes_part(const char *out, const char *heading)
{
    const char *from = strstr(out, heading), *to = from ? strstr(from, "\nscenario: ") : NULL;
    if (to == NULL)
        fail_msg("no \"%s\" ... \"scenario: \" in:\n%s", heading, out);
    return ts_xasprintf("%.*s", (int)(to - from), from);
}

/*
** --lang zh says the kept-at-defaults notes and the warnings in Chinese (the
** glossary's words: 样本量, 取默认值, 保留默认值) with no English sentence
** left, the English is as it was, and fit.json is the same English file
** whichever --lang: on 30 orders (most parameters at defaults, many
** warnings, a --start before the export's end), on tests/data/fit/capacity.json's
** export (a capacity fitted) and truth.json's (capacity at its default).
*/
static void test_fit_chinese(void **state)
{
    (void)state;
    char *dir = ts_test_tmpdir();
    char *truth = export_truth(dir), *cap = export_of(dir, TS_TEST_DATA "/fit/capacity.json", "cap.csv");
    /* the first 30 orders of the truth export */
    char *text = ts_test_read_file(truth, NULL), *few = ts_xasprintf("%s/few.csv", dir);
    char *end = text;
    for (int rows = 0; rows < 31 && end; rows++)
        end = strchr(end, '\n') ? strchr(end, '\n') + 1 : NULL;
    assert_non_null(end);
    *end = '\0';
    ts_test_write_file(few, text);
    free(text);

    char *en_dir = ts_xasprintf("%s/en/", dir), *zh_dir = ts_xasprintf("%s/zh/", dir);
    ts_test_proc en = fit_run(ARGS("fit", few, "-o", en_dir, "--no-plots", "--start", "2027-03-15"));
    ts_test_proc zh = fit_run(ARGS("fit", few, "-o", zh_dir, "--no-plots", "--start", "2027-03-15", "--lang", "zh"));
    /* English: the lines as they have always been */
    assert_has(en.out, "\nKept at defaults:\n");
    assert_has(en.out, "\n  fulfilment.ship_deadline_days = 7: no order closed at a deadline: the default\n");
    assert_has(en.out, "\n  buyers.feedback_prob = 0.4: 10 feedbacks, fewer than 20: the default\n");
    assert_has(en.out, "\n  service.escalation_days = 7: no dispute-to-arbitration delays: the default\n");
    assert_has(en.out, "\n  fulfilment.late_after_days = 3: not identified by an export: the default\n");
    assert_has(en.out, "\n  buyers.low_dsr.communication.base = 0.01: not identified apart from "
                       "service.slow_reply_prob (both raise low communication scores alike): the default\n");
    assert_has(en.out, "\nLanes: by carrier and promised days. Late share: observed ");
    assert_has(en.out, "\nWarnings:\n  ");
    assert_has(en.out, "few.csv: only 30 orders; most parameters keep their defaults\n");
    assert_has(en.out, "\n  buyers.feedback_prob: only 10 feedbacks; keeping the default 0.4\n");
    assert_has(en.out, "\n  product.quality_defect_prob: the likelihood is flat at its maximum (");
    assert_string_equal(en.err, "warning: the scenario has no history: --start is not after the export's last "
                                "date, and a history must end before start\n");
    /* Chinese: the same lines in the glossary's words */
    char *part = notes_part(zh.out, "保留默认值：\n");
    assert_has(part, "\n  fulfilment.ship_deadline_days = 7：没有订单因超过发货期限而关闭，取默认值\n");
    assert_has(part, "\n  buyers.feedback_prob = 0.4：评价样本量为 10，不足 20，取默认值\n");
    assert_has(part, "\n  service.escalation_days = 7：导出数据中没有纠纷到提起仲裁的天数，取默认值\n");
    assert_has(part, "\n线路：按物流商与承诺天数。延迟妥投率：实际 ");
    assert_has(part, "\n警告：\n  ");
    assert_has(part, "few.csv：仅 30 单，多数参数保留默认值\n");
    assert_has(part, "\n  buyers.feedback_prob：评价样本量只有 10，保留默认值 0.4\n");
    assert_has(part, "\n  product.quality_defect_prob：似然在极大值（");
    assert_lacks(part, "the default");
    assert_lacks(part, "fewer than");
    assert_no_english(part);
    assert_string_equal(zh.err, "警告：场景不含 history：--start 不晚于导出数据的最后日期，而 history 必须在 start "
                                "之前结束\n");
    /* the same lines, one for one */
    size_t lines_en = 0, lines_zh = 0;
    for (const char *p = en.out; *p; p++)
        lines_en += *p == '\n';
    for (const char *p = zh.out; *p; p++)
        lines_zh += *p == '\n';
    assert_int_equal(lines_en, lines_zh);
    free(part);
    ts_test_proc_free(&en);
    ts_test_proc_free(&zh);
    /* fit.json keeps English notes and warnings whatever --lang */
    char *en_json = ts_xasprintf("%sfit.json", en_dir), *zh_json = ts_xasprintf("%sfit.json", zh_dir);
    char *a = ts_test_read_file(en_json, NULL), *b = ts_test_read_file(zh_json, NULL);
    assert_non_null(a);
    assert_non_null(b);
    assert_string_equal(a, b);
    assert_has(a, "\"note\": \"10 feedbacks, fewer than 20: the default\"");
    assert_has(a, "few.csv: only 30 orders; most parameters keep their defaults\"");
    free(a);
    free(b);

    /* a capacity fitted; and one kept at its default, with the most dispatched on a day */
    zh = fit_run(ARGS("fit", cap, "-o", zh_dir, "--no-plots", "--lang", "zh"));
    assert_has(zh.out, "\nfulfilment.capacity_per_day           61 ");
    part = notes_part(zh.out, "保留默认值：\n");
    assert_has(part, "\n  buyers.feedback_window_days = 30：无法识别该参数，取默认值\n");
    assert_has(part, "\n  fulfilment.late_after_days = 3：导出数据无法识别该参数，取默认值\n");
    assert_no_english(part);
    assert_has(zh.out, "history:  ../cap.csv（相对于场景所在的文件夹）\n");
    free(part);
    ts_test_proc_free(&zh);
    zh = fit_run(ARGS("fit", truth, "-o", zh_dir, "--no-plots", "--lang", "zh"));
    part = notes_part(zh.out, "保留默认值：\n");
    assert_has(part, "\n  fulfilment.capacity_per_day = -1：没有订单在备货完成后还需等待，看不出发货上限（单日最多发货 ");
    assert_no_english(part);
    free(part);
    ts_test_proc_free(&zh);
    en = fit_run(ARGS("fit", truth, "-o", en_dir, "--no-plots"));
    assert_has(en.out, "\n  fulfilment.capacity_per_day = -1: no order waited past its ready day: no sign of a limit "
                       "(at most ");
    ts_test_proc_free(&en);

    free(en_json);
    free(zh_json);
    free(en_dir);
    free(zh_dir);
    free(few);
    free(cap);
    free(truth);
    ts_test_rmtree(dir);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fit_writes_history),
        cmocka_unit_test(test_fit_columns),
        cmocka_unit_test(test_fit_plots),
        cmocka_unit_test(test_fit_corpus),
        cmocka_unit_test(test_fit_chinese),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
