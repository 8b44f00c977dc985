/*
** test_load_rulebook.c — the shipped aliexpress-2015 rulebook, listing and
** name checks, TIERSIM_RULES, rulebook files with problems, dup and print.
*/
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rulebook.h"

static size_t event_index(const ts_rulebook *rb, const char *name)
{
    for (size_t i = 0; i < rb->n_events; i++)
        if (strcmp(rb->events[i].name, name) == 0)
            return i;
    fail_msg("no event %s", name);
    return 0;
}

/* RULEBOOKS.md "Rulebooks the project ships": the whole structure. */
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
    assert_string_equal(ts_rules_dir(), dir);

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

static void test_print(void **state)
{
    (void)state;
    ts_error err = {0};
    ts_rulebook *rb = ts_rulebook_load_name("aliexpress-2015", &err);
    assert_non_null(rb);
    for (int zh = 0; zh < 2; zh++) {
        char *buf = NULL;
        size_t len = 0;
        FILE *f = open_memstream(&buf, &len);
        assert_non_null(f);
        ts_rulebook_print(f, rb, zh != 0);
        fclose(f);
        assert_non_null(strstr(buf, zh ? "速卖通卖家服务等级（2015）" : "AliExpress seller service level (2015 rules)"));
        assert_non_null(strstr(buf, zh ? "事件" : "Events"));
        assert_non_null(strstr(buf, zh ? "指标" : "Metrics"));
        assert_non_null(strstr(buf, zh ? "等级" : "Tiers"));
        assert_non_null(strstr(buf, zh ? "不及格" : "Fail"));
        assert_non_null(strstr(buf, "bad_experience_rate < 0.03"));
        assert_non_null(strstr(buf, "positive_feedback_rate >= 0.97"));
        assert_non_null(strstr(buf, "low_dsr_shipping"));
        assert_non_null(strstr(buf, "90"));
        free(buf);
    }
    ts_rulebook_free(rb);
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
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_aliexpress_2015),
        cmocka_unit_test(test_list_and_names),
        cmocka_unit_test(test_rules_dir_override),
        cmocka_unit_test(test_print),
        cmocka_unit_test(test_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
