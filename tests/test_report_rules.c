/*
** test_report_rules.c — `tiersim rules NAME`: a rulebook printed as a readable
** table, in English and Chinese, with the project's extensions.
*/
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rulebook.h"
#include "rulebook_print.h"
#include "rulebook_load.h"
#include "scenario.h"

/* The rulebook printed into a string; caller frees. */
static char *printed(const ts_rulebook *rb, bool zh)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_non_null(f);
    ts_rulebook_print(f, rb, zh);
    fclose(f);
    return buf;
}

static void test_print(void **state)
{
    (void)state;
    ts_error err = {0};
    ts_rulebook *rb = ts_rulebook_load_name("aliexpress-2015", &err);
    assert_non_null(rb);
    for (int zh = 0; zh < 2; zh++) {
        char *buf = printed(rb, zh != 0);
        assert_non_null(strstr(buf, zh ? "速卖通卖家服务等级（2015）" : "AliExpress seller service level (2015 rules)"));
        assert_non_null(strstr(buf, zh ? "事件" : "Events"));
        assert_non_null(strstr(buf, zh ? "指标" : "Metrics"));
        assert_non_null(strstr(buf, zh ? "等级" : "Tiers"));
        assert_non_null(strstr(buf, zh ? "不及格" : "Fail"));
        assert_non_null(strstr(buf, "bad_experience_rate < 0.03"));
        assert_non_null(strstr(buf, "positive_feedback_rate >= 0.97"));
        assert_non_null(strstr(buf, "low_dsr_shipping"));
        assert_non_null(strstr(buf, "90"));
        /* the words of the table, the charts and the report (sim/report/present.c) */
        assert_non_null(strstr(buf, zh ? "评估时间" : "Schedule"));
        assert_non_null(strstr(buf, zh ? "不考核" : "Not assessed"));
        if (zh) {
            assert_non_null(strstr(buf, "5天不回应纠纷"));
            assert_null(strstr(buf, "5天内未回应纠纷"));
            assert_null(strstr(buf, "考核时间"));
        }
        free(buf);
    }
    ts_rulebook_free(rb);
}

/* The extensions printed: "$param" conditions, a tier's min_orders, day 20, the feedback anchor, labels. */
static void test_print_extensions(void **state)
{
    (void)state;
    char *dir = ts_test_tmpdir();
    char path[512];
    snprintf(path, sizeof path, "%s/x.json", dir);
    ts_test_write_file(path, "{\"name\": \"x\", \"window_days\": 30, "
        "\"window_anchor\": \"feedback\", \"schedule\": {\"every\": \"month\", \"day\": 20},"
        "\"events\": {\"neg\": {\"kind\": \"feedback\", \"max_stars\": 2, \"label\": \"Negative\", \"label_zh\": \"差评\"}}, "
        "\"params\": {\"cap\": 0.02, \"floor\": 4.5},"
        "\"metrics\": {\"neg_rate\": {\"kind\": \"rate\", \"events\": [\"neg\"], \"label\": \"Negative rate\"},"
        "  \"ship\": {\"kind\": \"dsr_mean\", \"dimension\": \"shipping\", \"window_days\": 60, \"window_anchor\": \"pay\"}},"
        "\"tiers\": [{\"name\": \"a\", \"min_orders\": 10, \"when\": {\"neg_rate\": [\"<=\", \"$cap\"], \"ship\": [\">=\", \"$floor\"]}},"
        "  {\"name\": \"b\", \"min_orders\": 5}, {\"name\": \"c\"}]}");
    ts_error err = {0};
    ts_rulebook *rb = ts_rulebook_load_file(path, &err);
    if (rb == NULL)
        fail_msg("%s", err.count ? err.messages[0] : "?");
    char *buf = printed(rb, false);
    assert_non_null(strstr(buf, "neg_rate <= 0.02 ($cap)"));
    assert_non_null(strstr(buf, "assessed orders >= 10"));
    assert_non_null(strstr(buf, "day 20 of every month"));
    assert_non_null(strstr(buf, "feedback takes effect"));
    assert_non_null(strstr(buf, "Negative rate"));
    free(buf);
    ts_rulebook_free(rb);
    ts_test_rmtree(dir);
    free(dir);
}

int main(void)
{
    gsl_set_error_handler_off(); /* as the program does (sim/cli/main.c) */
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_print),
        cmocka_unit_test(test_print_extensions),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
