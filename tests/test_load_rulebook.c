/*
** test_load_rulebook.c — the shipped rulebooks, listing and name checks,
** TIERSIM_RULES, the project's extensions (labels, params, tier min_orders,
** the feedback anchor, inline bases), files with problems and dup (printing: test_report_rules.c).
*/
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rulebook.h"
#include "rulebook_load.h"
#include "study.h"

static size_t event_index(const ts_rulebook *rb, const char *name)
{
    for (size_t i = 0; i < rb->n_events; i++)
        if (strcmp(rb->events[i].name, name) == 0)
            return i;
    fail_msg("no event %s", name);
    return 0;
}

/* docs/rulebooks.md "Rulebooks the project ships": the whole structure. */
static void test_aliexpress_2015(void **state)
{
    (void)state;
    ts_error err = {0};
    ts_rulebook *rb = ts_rulebook_load_name("aliexpress-2015", &err);
    assert_int_equal(err.count, 0);
    assert_non_null(rb);
    assert_string_equal(rb->name, "aliexpress-2015");
    assert_string_equal(rb->title_zh, "速卖通卖家服务等级（2015）");
    assert_non_null(strstr(rb->source, "not confirmed by an official text"));
    assert_int_equal(rb->window_days, 90);
    assert_int_equal(rb->anchor, TS_ANCHOR_END);
    assert_int_equal(rb->every, TS_SCHEDULE_MONTH);
    assert_int_equal(rb->schedule_day, 0);
    assert_int_equal(rb->min_orders, 30);
    assert_int_equal(ts_rulebook_longest_window(rb), 90);

    static const char *const names[8] = {
        "not_shipped", "dispute_no_reply", "arbitration", "negative_feedback",
        "low_dsr_description", "low_dsr_communication", "low_dsr_shipping", "seller_responsible",
    };
    assert_int_equal(rb->n_events, 8);
    for (size_t i = 0; i < 8; i++)
        assert_string_equal(rb->events[i].name, names[i]); /* JSON order kept */
    assert_int_equal(rb->events[0].kind, TS_EV_NOT_SHIPPED);
    assert_int_equal(rb->events[1].kind, TS_EV_DISPUTE_NO_REPLY);
    assert_int_equal(rb->events[2].kind, TS_EV_ARBITRATION);
    assert_int_equal(rb->events[3].kind, TS_EV_FEEDBACK);
    assert_int_equal(rb->events[3].max_stars, 3);
    for (size_t d = 0; d < 3; d++) {
        assert_int_equal(rb->events[4 + d].kind, TS_EV_DSR);
        assert_int_equal(rb->events[4 + d].dimension, (ts_dsr_dim)d);
        assert_int_equal(rb->events[4 + d].max_stars, 3);
    }
    assert_int_equal(rb->events[7].kind, TS_EV_SELLER_RESPONSIBLE);

    assert_int_equal(rb->n_metrics, 3);
    const ts_metric *bad = &rb->metrics[0], *sr = &rb->metrics[1], *pos = &rb->metrics[2];
    assert_string_equal(bad->name, "bad_experience_rate");
    assert_int_equal(bad->kind, TS_METRIC_RATE);
    assert_int_equal(bad->n_events, 7); /* the first seven events */
    for (size_t i = 0; i < 7; i++)
        assert_int_equal(bad->events[i], i);
    assert_string_equal(sr->name, "seller_responsible_rate");
    assert_int_equal(sr->n_events, 1);
    assert_int_equal(sr->events[0], event_index(rb, "seller_responsible"));
    assert_string_equal(pos->name, "positive_feedback_rate");
    assert_int_equal(pos->kind, TS_METRIC_FEEDBACK_SHARE);
    assert_int_equal(pos->min_stars, 4);
    assert_double_near(pos->min_order_value, 5.0, 0.0);
    for (size_t i = 0; i < 3; i++) {
        assert_int_equal(rb->metrics[i].window_days, 90); /* resolved from the rulebook */
        assert_int_equal(rb->metrics[i].anchor, TS_ANCHOR_END);
    }

    assert_int_equal(rb->n_tiers, 4);
    static const char *const tn[4] = {"top", "good", "pass", "fail"};
    static const char *const tl[4] = {"Top-rated", "Good", "Pass", "Fail"};
    static const char *const tz[4] = {"优秀", "良好", "及格", "不及格"};
    static const size_t nw[4] = {3, 3, 2, 0};
    for (size_t i = 0; i < 4; i++) {
        assert_string_equal(rb->tiers[i].name, tn[i]);
        assert_string_equal(rb->tiers[i].label, tl[i]);
        assert_string_equal(rb->tiers[i].label_zh, tz[i]);
        assert_int_equal(rb->tiers[i].n_when, nw[i]);
    }
    const ts_condition *c = rb->tiers[0].when;
    assert_int_equal(c[0].metric, 0);
    assert_int_equal(c[0].op, TS_OP_LT);
    assert_double_near(c[0].value, 0.03, 0.0);
    assert_int_equal(c[1].metric, 1);
    assert_double_near(c[1].value, 0.008, 0.0);
    assert_int_equal(c[2].metric, 2);
    assert_int_equal(c[2].op, TS_OP_GE);
    assert_double_near(c[2].value, 0.97, 0.0);
    assert_double_near(rb->tiers[1].when[0].value, 0.06, 0.0);
    assert_double_near(rb->tiers[1].when[2].value, 0.95, 0.0);
    assert_double_near(rb->tiers[2].when[0].value, 0.12, 0.0);

    ts_rulebook *d = ts_rulebook_dup(rb);
    ts_rulebook_free(rb);
    assert_string_equal(d->tiers[3].label_zh, "不及格");
    assert_int_equal(d->metrics[0].events[6], 6);
    ts_rulebook_free(d);
    ts_rulebook_free(NULL);
}

static void test_list_and_names(void **state)
{
    (void)state;
    size_t n = 0;
    char **names = ts_rulebook_list(&n);
    assert_true(n >= 1);
    bool found = false;
    for (size_t i = 0; i < n; i++) {
        found = found || strcmp(names[i], "aliexpress-2015") == 0;
        if (i > 0)
            assert_true(strcmp(names[i - 1], names[i]) < 0);
    }
    assert_true(found);
    ts_strings_free(names, n);

    static const char *const bad[] = {"../aliexpress-2015", "/etc/passwd", "Aliexpress", ".hidden",
                                      "a/b", "", "-x"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        ts_error err = {0};
        assert_null(ts_rulebook_load_name(bad[i], &err));
        assert_int_equal(err.count, 1);
        assert_non_null(strstr(err.messages[0], "no paths"));
        ts_error_clear(&err);
    }
    ts_error err = {0};
    assert_null(ts_rulebook_load_name("ebay-2099", &err));
    assert_int_equal(err.count, 1);
    assert_non_null(strstr(err.messages[0], "rulebook \"ebay-2099\": unknown"));
    assert_non_null(strstr(err.messages[0], "aliexpress-2015"));
    ts_error_clear(&err);
}

static void test_rules_dir_override(void **state)
{
    (void)state;
    char *dir = ts_test_tmpdir();
    char path[512];
    snprintf(path, sizeof path, "%s/daily.json", dir);
    ts_test_write_file(path,
        "{\"name\": \"daily\", \"window_days\": 7, \"window_anchor\": \"pay\",\n"
        " \"schedule\": {\"every\": \"day\"},\n"
        " \"events\": {\"late\": {\"kind\": \"late_dispatch\"}, \"lost\": {\"kind\": \"lost\"}},\n"
        " \"metrics\": {\"late_rate\": {\"kind\": \"rate\", \"events\": [\"late\"], \"window_days\": 30},\n"
        "             \"lost_count\": {\"kind\": \"count\", \"events\": [\"lost\", \"late\"], \"window_anchor\": \"end\"},\n"
        "             \"ship\": {\"kind\": \"dsr_mean\", \"dimension\": \"shipping\"}},\n"
        " \"tiers\": [{\"name\": \"ok\", \"when\": {\"late_rate\": [\"<=\", 0.04]}}, {\"name\": \"bad\"}]}\n");
    snprintf(path, sizeof path, "%s/broken.json", dir);
    ts_test_write_file(path, "{\"name\": \"broken\", \"window_days\": 7, \"events\": {}, \"metrics\": "
                             "{\"m\": {\"kind\": \"rate\", \"events\": []}}, \"tiers\": []}");
    const char *old = getenv("TIERSIM_RULES");
    char *saved = old ? strdup(old) : NULL;
    setenv("TIERSIM_RULES", dir, 1);
    char *found = ts_rules_dir();
    assert_string_equal(found, dir);
    free(found);

    size_t n = 0;
    char **names = ts_rulebook_list(&n);
    assert_int_equal(n, 2);
    assert_string_equal(names[0], "broken");
    assert_string_equal(names[1], "daily");
    ts_strings_free(names, n);

    ts_error err = {0};
    ts_rulebook *rb = ts_rulebook_load_name("daily", &err);
    assert_int_equal(err.count, 0);
    assert_non_null(rb);
    assert_int_equal(rb->every, TS_SCHEDULE_DAY);
    assert_int_equal(rb->anchor, TS_ANCHOR_PAY);
    assert_int_equal(rb->min_orders, 0); /* default */
    assert_string_equal(rb->title, "daily"); /* default: the name */
    assert_int_equal(rb->metrics[0].window_days, 30); /* its own */
    assert_int_equal(rb->metrics[0].anchor, TS_ANCHOR_PAY); /* the rulebook's */
    assert_int_equal(rb->metrics[1].window_days, 7);
    assert_int_equal(rb->metrics[1].anchor, TS_ANCHOR_END);
    assert_int_equal(rb->metrics[1].kind, TS_METRIC_COUNT);
    assert_int_equal(rb->metrics[1].n_events, 2);
    assert_int_equal(rb->metrics[1].events[0], 1);
    assert_int_equal(rb->metrics[2].dimension, TS_DSR_SHIPPING);
    assert_int_equal(ts_rulebook_longest_window(rb), 30);
    assert_string_equal(rb->tiers[1].label, "bad");
    assert_string_equal(rb->tiers[1].label_zh, "bad");
    assert_int_equal(rb->tiers[0].when[0].op, TS_OP_LE);
    ts_rulebook_free(rb);

    assert_null(ts_rulebook_load_name("broken", &err));
    assert_int_equal(err.count, 2); /* every problem, not just the first */
    assert_non_null(strstr(err.messages[0], "broken.json: metrics.m.events: expected at least one event name"));
    assert_non_null(strstr(err.messages[1], "broken.json: tiers: expected at least one tier"));
    ts_error_clear(&err);

    if (saved) {
        setenv("TIERSIM_RULES", saved, 1);
        free(saved);
    } else {
        unsetenv("TIERSIM_RULES");
    }
    ts_test_rmtree(dir);
    free(dir);
}


static size_t metric_index(const ts_rulebook *rb, const char *name)
{
    for (size_t i = 0; i < rb->n_metrics; i++)
        if (strcmp(rb->metrics[i].name, name) == 0)
            return i;
    fail_msg("no metric %s", name);
    return 0;
}

/* Labels moved from C into aliexpress-2015.json keep the plots' wording. */
static void test_aliexpress_labels(void **state)
{
    (void)state;
    ts_error err = {0};
    ts_rulebook *rb = ts_rulebook_load_name("aliexpress-2015", &err);
    assert_non_null(rb);
    assert_string_equal(ts_metric_label(&rb->metrics[0], false), "Bad-experience rate");
    assert_string_equal(ts_metric_label(&rb->metrics[0], true), "不良体验订单率");
    assert_string_equal(ts_metric_label(&rb->metrics[2], true), "好评率");
    size_t nf = event_index(rb, "negative_feedback");
    assert_string_equal(ts_rule_event_label(&rb->events[nf], false), "negative_feedback"); /* default: the name */
    assert_string_equal(ts_rule_event_label(&rb->events[nf], true), "中差评");
    assert_string_equal(ts_rule_event_label(&rb->events[0], true), "成交不卖");
    ts_rulebook *d = ts_rulebook_dup(rb);
    assert_string_equal(d->metrics[1].label_zh, "卖家责任裁决率");
    assert_string_equal(d->events[6].label_zh, "DSR物流服务中低分");
    ts_rulebook_free(d);
    ts_rulebook_free(rb);
    /* a rulebook built in C without labels: the name in both languages */
    ts_metric m = {.name = "x_rate"};
    assert_string_equal(ts_metric_label(&m, true), "x_rate");
}

/* The platforms of issue 6, as docs/rulebooks.md describes them. */
static void test_shipped_platforms(void **state)
{
    (void)state;
    ts_error err = {0};
    size_t n = 0;
    char **names = ts_rulebook_list(&n);
    static const char *const want[] = {"aliexpress-2015", "aliexpress-2015-strict", "amazon-account-health",
                                       "ebay-seller-standards", "taobao-dsr"};
    for (size_t w = 0; w < 5; w++) {
        bool found = false;
        for (size_t i = 0; i < n; i++)
            found = found || strcmp(names[i], want[w]) == 0;
        assert_true(found);
        ts_rulebook *rb = ts_rulebook_load_name(want[w], &err);
        if (rb == NULL)
            fail_msg("%s: %s", want[w], err.count ? err.messages[0] : "?");
        assert_true(strlen(rb->source) > 100);
        assert_true(strcmp(rb->title_zh, rb->title) != 0); /* a Chinese title */
        for (size_t t = 0; t < rb->n_tiers; t++)
            assert_true(strcmp(rb->tiers[t].label_zh, rb->tiers[t].name) != 0);
        for (size_t m = 0; m < rb->n_metrics; m++)
            assert_true(strcmp(rb->metrics[m].label_zh, rb->metrics[m].name) != 0);
        ts_rulebook_free(rb);
    }
    ts_strings_free(names, n);

    ts_rulebook *rb = ts_rulebook_load_name("aliexpress-2015-strict", &err);
    for (size_t d = 0; d < 3; d++)
        assert_int_equal(rb->events[4 + d].max_stars, 4); /* any DSR below 5 */
    assert_int_equal(rb->events[3].max_stars, 3);
    assert_int_equal(rb->min_orders, 30);
    ts_rulebook_free(rb);

    rb = ts_rulebook_load_name("amazon-account-health", &err);
    assert_int_equal(rb->every, TS_SCHEDULE_DAY);
    size_t odr = metric_index(rb, "order_defect_rate"), lsr = metric_index(rb, "late_shipment_rate"),
           cr = metric_index(rb, "cancel_rate");
    assert_int_equal(rb->metrics[odr].window_days, 60);
    assert_int_equal(rb->metrics[lsr].window_days, 30);
    assert_int_equal(rb->metrics[cr].window_days, 7);
    assert_int_equal(rb->metrics[cr].anchor, TS_ANCHOR_PAY);
    assert_int_equal(rb->events[event_index(rb, "negative_feedback")].max_stars, 2);
    assert_int_equal(rb->n_tiers, 2);
    assert_string_equal(rb->tiers[0].name, "healthy");
    assert_string_equal(rb->tiers[1].name, "at_risk");
    assert_int_equal(ts_rulebook_longest_window(rb), 60);
    ts_rulebook_free(rb);

    rb = ts_rulebook_load_name("ebay-seller-standards", &err);
    assert_int_equal(rb->every, TS_SCHEDULE_MONTH);
    assert_int_equal(rb->schedule_day, 20);
    assert_int_equal(rb->window_days, 90);
    assert_int_equal(rb->tiers[0].min_orders, 100);
    assert_int_equal(rb->tiers[1].min_orders, 0);
    assert_int_equal(rb->tiers[0].when[0].op, TS_OP_LE);
    assert_double_near(rb->tiers[0].when[0].value, 0.005, 0.0);
    assert_int_equal(rb->events[event_index(rb, "low_dsr_shipping")].max_stars, 1);
    ts_rulebook_free(rb);

    rb = ts_rulebook_load_name("taobao-dsr", &err);
    assert_int_equal(rb->anchor, TS_ANCHOR_FEEDBACK);
    assert_int_equal(rb->window_days, 180);
    assert_int_equal(rb->metrics[0].anchor, TS_ANCHOR_FEEDBACK);
    assert_int_equal(rb->n_params, 4);
    assert_string_equal(rb->tiers[0].when[0].param, "category_description");
    assert_double_near(rb->tiers[0].when[0].value, 4.8, 0.0);
    assert_true(ts_rulebook_set_param(rb, "category_description", 4.9));
    assert_double_near(rb->tiers[0].when[0].value, 4.9, 0.0);
    assert_double_near(rb->tiers[0].when[1].value, 4.8, 0.0); /* another parameter */
    assert_false(ts_rulebook_set_param(rb, "category_descr", 4.9));
    ts_rulebook *d = ts_rulebook_dup(rb);
    ts_rulebook_free(rb);
    assert_string_equal(d->tiers[1].when[2].param, "average_floor");
    assert_string_equal(d->params[0].name, "category_description");
    assert_double_near(d->params[0].value, 4.9, 0.0);
    ts_rulebook_free(d);
    assert_int_equal(err.count, 0);
}

static ts_rulebook *load_text(const char *dir, const char *text, ts_error *err)
{
    char path[512];
    snprintf(path, sizeof path, "%s/x.json", dir);
    ts_test_write_file(path, text);
    return ts_rulebook_load_file(path, err);
}

/* All messages joined by newlines; caller frees. */
static char *joined(const ts_error *err)
{
    size_t n = 1;
    for (size_t i = 0; i < err->count; i++)
        n += strlen(err->messages[i]) + 1;
    char *s = ts_xcalloc(n, 1);
    for (size_t i = 0; i < err->count; i++) {
        strcat(s, err->messages[i]);
        strcat(s, "\n");
    }
    return s;
}

#define HEAD "{\"name\": \"x\", \"window_days\": 30, "
#define EVS "\"events\": {\"neg\": {\"kind\": \"feedback\", \"max_stars\": 2, \"label\": \"Negative\", \"label_zh\": \"差评\"}}, "

/* The extensions load: labels, params and "$name", tier min_orders, the feedback anchor, day 20. */
static void test_extensions(void **state)
{
    (void)state;
    char *dir = ts_test_tmpdir();
    ts_error err = {0};
    ts_rulebook *rb = load_text(dir, HEAD "\"window_anchor\": \"feedback\", \"schedule\": {\"every\": \"month\", \"day\": 20},"
        EVS "\"params\": {\"cap\": 0.02, \"floor\": 4.5},"
        "\"metrics\": {\"neg_rate\": {\"kind\": \"rate\", \"events\": [\"neg\"], \"label\": \"Negative rate\"},"
        "  \"ship\": {\"kind\": \"dsr_mean\", \"dimension\": \"shipping\", \"window_days\": 60, \"window_anchor\": \"pay\"}},"
        "\"tiers\": [{\"name\": \"a\", \"min_orders\": 10, \"when\": {\"neg_rate\": [\"<=\", \"$cap\"], \"ship\": [\">=\", \"$floor\"]}},"
        "  {\"name\": \"b\", \"min_orders\": 5}, {\"name\": \"c\"}]}", &err);
    if (rb == NULL)
        fail_msg("%s", err.count ? err.messages[0] : "?");
    assert_int_equal(rb->anchor, TS_ANCHOR_FEEDBACK);
    assert_int_equal(rb->schedule_day, 20);
    assert_string_equal(rb->events[0].label, "Negative");
    assert_string_equal(rb->events[0].label_zh, "差评");
    assert_string_equal(rb->metrics[0].label, "Negative rate");
    assert_string_equal(rb->metrics[0].label_zh, "Negative rate"); /* default: the label */
    assert_string_equal(rb->metrics[1].label, "ship");                /* default: the name */
    assert_int_equal(rb->metrics[0].anchor, TS_ANCHOR_FEEDBACK);      /* the rulebook's */
    assert_int_equal(rb->metrics[1].anchor, TS_ANCHOR_PAY);           /* its own */
    assert_int_equal(rb->metrics[1].window_days, 60);
    assert_int_equal(rb->tiers[0].min_orders, 10);
    assert_int_equal(rb->tiers[1].min_orders, 5);
    assert_int_equal(rb->tiers[2].min_orders, 0);
    assert_double_near(rb->tiers[0].when[0].value, 0.02, 0.0);
    assert_string_equal(rb->tiers[0].when[1].param, "floor");
    assert_double_near(rb->tiers[0].when[1].value, 4.5, 0.0);
    assert_string_equal(ts_anchor_name(rb->anchor), "feedback");

    ts_rulebook_free(rb);
    ts_test_rmtree(dir);
    free(dir);
}

/* docs/rulebooks.md "Default reviews": the declaration and the metric's switch load; Taobao declares 15 days, 5 stars. */
static void test_default_review(void **state)
{
    (void)state;
    char *dir = ts_test_tmpdir();
    ts_error err = {0};
    ts_rulebook *rb = load_text(dir, HEAD "\"default_review\": {\"days\": 12, \"stars\": 4}," EVS
        "\"metrics\": {\"with\": {\"kind\": \"feedback_share\", \"min_stars\": 4, \"count_default_reviews\": true},"
        "  \"without\": {\"kind\": \"feedback_share\", \"min_stars\": 4}},"
        "\"tiers\": [{\"name\": \"a\"}]}", &err);
    if (rb == NULL)
        fail_msg("%s", err.count ? err.messages[0] : "?");
    assert_int_equal(rb->default_review_days, 12);
    assert_int_equal(rb->default_review_stars, 4);
    assert_true(rb->metrics[0].count_default_reviews);
    assert_false(rb->metrics[1].count_default_reviews);
    ts_rulebook *d = ts_rulebook_dup(rb);
    assert_int_equal(d->default_review_days, 12);
    assert_true(d->metrics[0].count_default_reviews);
    ts_rulebook_free(d);
    ts_rulebook_free(rb);
    rb = ts_rulebook_load_name("taobao-experience-score", &err);
    assert_non_null(rb);
    assert_int_equal(rb->default_review_days, 15);
    assert_int_equal(rb->default_review_stars, 5);
    ts_rulebook_free(rb);
    rb = ts_rulebook_load_name("pinduoduo-experience-stars", &err);
    assert_non_null(rb);
    assert_int_equal(rb->default_review_days, 0); /* declares none */
    ts_rulebook_free(rb);
    rb = ts_rulebook_load_name("aliexpress-2015", &err);
    assert_non_null(rb);
    assert_int_equal(rb->default_review_days, 0);
    ts_rulebook_free(rb);
    assert_int_equal(err.count, 0);
    ts_test_rmtree(dir);
    free(dir);
}

static void expect_error(const char *dir, const char *text, const char *fragment)
{
    ts_error err = {0};
    ts_rulebook *rb = load_text(dir, text, &err);
    assert_null(rb);
    char *all = joined(&err);
    if (strstr(all, fragment) == NULL)
        fail_msg("expected \"%s\" in:\n%s", fragment, all);
    free(all);
    ts_error_clear(&err);
}

#define MET "\"metrics\": {\"neg_rate\": {\"kind\": \"rate\", \"events\": [\"neg\"]}}, "

static void test_extension_errors(void **state)
{
    (void)state;
    char *dir = ts_test_tmpdir();
    expect_error(dir, HEAD EVS MET "\"params\": {\"cap\": 0.02},"
                 "\"tiers\": [{\"name\": \"a\", \"when\": {\"neg_rate\": [\"<\", \"$capp\"]}}]}",
                 "x.json: tiers[0].when.neg_rate[1]: not a parameter (\"params\") of this rulebook; "
                 "did you mean \"cap\"?");
    expect_error(dir, HEAD EVS MET "\"tiers\": [{\"name\": \"a\", \"when\": {\"neg_rate\": [\"<\", \"cap\"]}}]}",
                 "tiers[0].when.neg_rate[1]: expected a number or \"$name\" of one of the rulebook's params, "
                 "found a string \"cap\"");
    expect_error(dir, HEAD EVS MET "\"params\": {\"cap\": \"0.02\"}, \"tiers\": [{\"name\": \"a\"}]}",
                 "x.json: params.cap: expected a number, found a string \"0.02\"");
    expect_error(dir, HEAD EVS MET "\"tiers\": [{\"name\": \"a\", \"when\": {\"neg_rat\": [\"<\", 1]}}]}",
                 "tiers[0].when.neg_rat: not a metric of this rulebook; did you mean \"neg_rate\"?");
    expect_error(dir, HEAD EVS MET "\"tiers\": [{\"name\": \"a\", \"min_orders\": -1}]}",
                 "tiers[0].min_orders: expected an integer in 0..1000000000, found -1");
    expect_error(dir, HEAD "\"window_anchor\": \"rating\", " EVS MET "\"tiers\": [{\"name\": \"a\"}]}",
                 "\"feedback\"");
    expect_error(dir, HEAD EVS "\"metrics\": {\"m\": {\"kind\": \"rate\", \"events\": [\"neg\"], \"label\": \"\"}}, "
                 "\"tiers\": [{\"name\": \"a\"}]}", "metrics.m.label: expected a non-empty string");
    expect_error(dir, HEAD EVS "\"metrics\": {\"m\": {\"kind\": \"rate\", \"events\": [\"neg\"], \"lable\": \"M\"}}, "
                 "\"tiers\": [{\"name\": \"a\"}]}", "metrics.m.lable: unknown key; did you mean \"label\"?");
    expect_error(dir, "{\"base\": \"taobao-dsr\", \"params\": {\"category_shipping\": 4.9}}",
                 "only a scenario's inline rulebook may have a \"base\"");
    ts_test_rmtree(dir);
    free(dir);
}

/* A scenario's inline {"base", "params"} and a variant changing "rules". */
static void test_inline_base(void **state)
{
    (void)state;
    static const char ok[] =
        "{\"start\": \"2027-01-01\", \"days\": 90, \"volume\": {\"daily_orders\": 10},"
        " \"rules\": {\"base\": \"taobao-dsr\", \"params\": {\"category_shipping\": 4.9}},"
        " \"variants\": [{\"name\": \"amazon\", \"set\": {\"rules\": \"amazon-account-health\"}},"
        "              {\"name\": \"lenient\", \"set\": {\"rules.params.average_floor\": 4.5}}]}";
    ts_error err = {0};
    ts_study *st = ts_study_load_buffer("s.json", ok, sizeof ok - 1, NULL, 0, &err);
    if (st == NULL)
        fail_msg("%s", err.count ? err.messages[0] : "?");
    assert_int_equal(st->n_variants, 3);
    const ts_rulebook *rb = st->variants[0].scenario->rules;
    assert_string_equal(rb->name, "taobao-dsr");
    assert_double_near(rb->tiers[0].when[2].value, 4.9, 0.0); /* category_shipping changed */
    assert_double_near(rb->tiers[0].when[0].value, 4.8, 0.0); /* the others kept */
    /* taobao-dsr: last day of each month inside days 0..89 (2027-01-01..03-31):
       2027-01-31, 02-28, 03-31 = days 30, 58, 89 */
    assert_int_equal(st->variants[0].scenario->n_evaluations, 3);
    assert_int_equal(st->variants[0].scenario->evaluations[1], 58);
    const ts_scenario *am = st->variants[1].scenario;
    assert_string_equal(am->rules->name, "amazon-account-health");
    assert_int_equal(am->n_evaluations, 90); /* every day */
    assert_double_near(st->variants[2].scenario->rules->tiers[1].when[0].value, 4.5, 0.0);
    ts_study_free(st);

    static const char bad[] =
        "{\"start\": \"2027-01-01\", \"days\": 90, \"volume\": {\"daily_orders\": 10},"
        " \"rules\": {\"base\": \"taobao-dsr\", \"params\": {\"category_shiping\": 4.9}, \"window_days\": 30}}";
    st = ts_study_load_buffer("s.json", bad, sizeof bad - 1, NULL, 0, &err);
    assert_null(st);
    char *all = joined(&err);
    assert_non_null(strstr(all, "s.json: rules.params.category_shiping: not a parameter "
                                "(\"params\") of this rulebook; did you mean \"category_shipping\"?"));
    assert_non_null(strstr(all, "s.json: rules.window_days: not allowed beside \"base\""));
    free(all);
    ts_error_clear(&err);

    static const char unknown[] = "{\"start\": \"2027-01-01\", \"days\": 90, \"volume\": {\"daily_orders\": 10}, \"rules\": {\"base\": \"taobao\"}}";
    st = ts_study_load_buffer("s.json", unknown, sizeof unknown - 1, NULL, 0, &err);
    assert_null(st);
    all = joined(&err);
    assert_non_null(strstr(all, "s.json: rules.base: rulebook \"taobao\": unknown"));
    free(all);
    ts_error_clear(&err);
}

static void test_names(void **state)
{
    (void)state;
    assert_string_equal(ts_event_kind_name(TS_EV_DSR), "dsr");
    assert_string_equal(ts_event_kind_name(TS_EV_DISPUTE_NO_REPLY), "dispute_no_reply");
    assert_string_equal(ts_metric_kind_name(TS_METRIC_COUNT), "count");
    assert_string_equal(ts_metric_kind_name(TS_METRIC_FEEDBACK_SHARE), "feedback_share");
    assert_string_equal(ts_dsr_dim_name(TS_DSR_COMMUNICATION), "communication");
    assert_string_equal(ts_op_name(TS_OP_GE), ">=");
    assert_string_equal(ts_op_name(TS_OP_LT), "<");
    assert_string_equal(ts_anchor_name(TS_ANCHOR_PAY), "pay");
    assert_string_equal(ts_anchor_name(TS_ANCHOR_FEEDBACK), "feedback");
}

int main(void)
{
    gsl_set_error_handler_off(); /* as the program does (sim/cli/main.c) */
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_aliexpress_2015),
        cmocka_unit_test(test_list_and_names),
        cmocka_unit_test(test_rules_dir_override),
        cmocka_unit_test(test_aliexpress_labels),
        cmocka_unit_test(test_shipped_platforms),
        cmocka_unit_test(test_extensions),
        cmocka_unit_test(test_default_review),
        cmocka_unit_test(test_extension_errors),
        cmocka_unit_test(test_inline_base),
        cmocka_unit_test(test_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
