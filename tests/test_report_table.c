/*
** test_report_table.c — the stdout table (sim/report/table.h) on a hand-built
** summary (tests/report_fixture.h): the numbers as the README shows them, the
** glossary's words in English and Chinese, columns that line up.
*/
#include "testutil.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "present.h"
#include "report_fixture.h"
#include "table.h"

#define REPS 200

/* A base, a variant with the difference from the base, and one without an evaluation day. */
static rfx *build(void)
{
    rfx *f = rfx_new();
    rfx_rulebook(f, 0, "aliexpress-2015", "AliExpress seller service level", NULL)->min_orders = 30;
    rfx_event(f, 0, "not_shipped", TS_EV_NOT_SHIPPED);
    rfx_event(f, 0, "negative_feedback", TS_EV_FEEDBACK)->max_stars = 3;
    static const size_t both[2] = {0, 1};
    rfx_metric(f, 0, "bad_experience_rate", TS_METRIC_RATE, both, 2);
    rfx_metric(f, 0, "positive_feedback_rate", TS_METRIC_FEEDBACK_SHARE, NULL, 0)->min_stars = 4;
    rfx_aliexpress_tiers(f, 0);
    static const int32_t evaluations[2] = {30, 60};
    static const char *const names[2] = {"base", "better"};
    for (size_t v = 0; v < 2; v++) {
        rfx_variant(f, names[v], 0, "table", ts_date_from_ymd(2027, 3, 1), 92, evaluations, 2);
        for (size_t e = 0; e < 2; e++) {
            ts_eval_summary *es = &f->es[v][e];
            es->assessed = (ts_stat){REPS, 13545.6, 50, 3, 13000, 13540, 14000};
            double m = 0.0274 - 0.0025 * (double)v;
            es->metrics[0] = (ts_stat){REPS, m, 0.002, 0.0001, m - 0.0019, m, m + 0.0015};
            es->metrics[1] = (ts_stat){REPS, 0.9722, 0.002, 0.0001, 0.97, 0.9722, 0.975};
            static const double p[4] = {0.775, 0.2, 0.0246, 0.0};
            for (size_t t = 0; t < 4; t++)
                es->tiers[t] = (ts_prob){(size_t)lround(p[t] * REPS), REPS, p[t], p[t], p[t]};
            es->tiers[4] = (ts_prob){0, REPS, 0.0004, 0, 0.01};           /* not assessed: tiny */
            es->tiers[5] = (ts_prob){e == 1 && v == 1 ? 1u : 0u, REPS, 0.0, 0, 0}; /* unclassified once */
            es->events[0] = 137.5;
            es->events[1] = e ? 1154.2 : 154.2;
            if (v)
                es->diff[0] = (ts_diff){REPS, -0.0025, -0.003, -0.002};
        }
    }
    rfx_variant(f, "short", 0, "table", ts_date_from_ymd(2027, 3, 1), 10, NULL, 0);
    return f;
}

/* The table printed into a string; free it. */
static char *printed(const rfx *f, bool zh)
{
    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    assert_non_null(out);
    ts_table_print(out, &f->sum, zh);
    fclose(out);
    return text;
}

/* The line of text starting with prefix (after the indent); NULL when none. Free it. */
static char *line_of(const char *text, const char *prefix)
{
    for (const char *p = text; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL) {
        const char *q = p;
        while (*q == ' ')
            q++;
        if (strncmp(q, prefix, strlen(prefix)) == 0) {
            const char *end = strchr(p, '\n');
            size_t n = end ? (size_t)(end - p) : strlen(p);
            return ts_xasprintf("%.*s", (int)n, p);
        }
    }
    return NULL;
}

static void test_english(void **state)
{
    (void)state;
    rfx *f = build();
    char *t = printed(f, false);
    /* the README's table: keys as headings, the compact range, separators */
    assert_contains(t, "\nbase\n");
    assert_contains(t, "date");
    assert_contains(t, "assessed");
    assert_contains(t, "bad_experience_rate");
    assert_contains(t, "Top-rated");
    assert_contains(t, "not assessed");
    assert_contains(t, "13,546");
    assert_contains(t, "2.74% (2.55–2.89)");
    assert_contains(t, "77.5%");
    assert_contains(t, "2.5%");  /* 0.0246 */
    assert_contains(t, "<0.1%"); /* not assessed, 0.0004 */
    assert_contains(t, "positive_feedback_rate: 97.22%, 97.22%");
    assert_contains(t, "main causes (mean orders) on 2027-04-30: negative_feedback 1,154.2, not_shipped 137.5");
    /* the variant: the difference from the base, and unclassified because it occurs */
    assert_contains(t, "vs base");
    assert_contains(t, "-0.25 pp");
    assert_contains(t, "unclassified");
    assert_contains(t, "(no evaluation day in the horizon)");
    assert_lacks(t, "优秀");
    free(t);
    rfx_free(f);
}

static void test_chinese(void **state)
{
    (void)state;
    rfx *f = build();
    char *t = printed(f, true);
    assert_contains(t, "评估日");
    assert_contains(t, "考核订单");
    assert_contains(t, "不良体验订单率"); /* the shipped metric's name: the rulebook has no labels */
    assert_contains(t, "与基准之差");
    assert_contains(t, "优秀");
    assert_contains(t, "不考核");
    assert_contains(t, "未分级");
    assert_contains(t, "好评率： 97.22%, 97.22%");
    assert_contains(t, "主要原因（平均订单数） 2027-04-30: 中差评 1,154.2, 成交不卖 137.5");
    assert_contains(t, "（模拟期内没有评估日）");
    assert_lacks(t, "Top-rated");
    assert_lacks(t, "考核日");
    /* the columns line up: heading and rows end on the same column, Chinese labels counted two */
    char *head = line_of(t, "评估日");
    char *row = line_of(t, "2027-03-31");
    assert_non_null(head);
    assert_non_null(row);
    assert_int_equal(ts_present_width(head), ts_present_width(row));
    free(head);
    free(row);
    free(t);
    rfx_free(f);
}

int main(void)
{
    gsl_set_error_handler_off(); /* as the program does (sim/cli/main.c) */
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_english),
        cmocka_unit_test(test_chinese),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
