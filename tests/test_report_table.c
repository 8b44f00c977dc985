/*
** test_report_table.c — the stdout table (sim/report/table.h) on hand-built summaries
** (tests/report_fixture.h): README's numbers, the glossary's words in en and zh, aligned
** columns, the customer-service block of a variant with a team and none without.
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
    /* a copy: GCC's -Wdangling-pointer (Release, -O3) takes the stream's buffer for the local it was filed under */
    char *copy = ts_xstrdup(text);
    free(text);
    return copy;
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

/* The text from the first occurrence of from up to the next variant (a blank line); free it. */
static char *block_of(const char *text, const char *from)
{
    const char *p = strstr(text, from);
    if (p == NULL)
        return NULL;
    const char *end = strstr(p, "\n\n");
    size_t n = end ? (size_t)(end - p) : strlen(p);
    return ts_xasprintf("%.*s", (int)n, p);
}

/* The display column where a block line's value starts (after the label and two spaces). */
static size_t value_column(const char *line, const char *label)
{
    const char *p = strstr(line, label);
    assert_non_null(p);
    p += strlen(label);
    while (*p == ' ')
        p++;
    char *head = ts_xasprintf("%.*s", (int)(p - line), line);
    size_t w = ts_present_width(head);
    free(head);
    return w;
}

/* The customer-service block: only on the variant with a team, the fixture's numbers, aligned. */
static void test_service_english(void **state)
{
    (void)state;
    rfx *f = build();
    rfx_team(f, 1); /* "better" has a team; "base" and "short" none */
    char *t = printed(f, false);
    char *base = block_of(t, "\nbase\n");
    assert_lacks(base, "Customer service");
    char *better = block_of(t, "\nbetter\n");
    assert_contains(better, "\n  Customer service (first response)\n");
    static const char *const labels[5] = {"conversations", "first response mean / p90", "answered within 3 min",
                                          "answered within 24 h", "busiest hour"};
    static const char *const values[5] = {"16,328", "913 / 4,024 min", "26.26% (24.91–27.62)",
                                          "80.58% (78.36–82.43)",
                                          "Sun 23:00–24:00: mean wait 767 min, slots on duty 1"};
    char *first = line_of(better, labels[0]);
    for (int i = 0; i < 5; i++) {
        char *line = line_of(better, labels[i]);
        assert_non_null(line);
        assert_contains(line, values[i]);
        assert_int_equal(value_column(line, labels[i]), value_column(first, labels[0]));
        free(line);
    }
    free(first);
    /* the block comes after the causes */
    assert_true(strstr(better, "main causes") < strstr(better, "Customer service"));
    char *shortv = block_of(t, "\nshort\n");
    assert_lacks(shortv, "Customer service");
    free(base);
    free(better);
    free(shortv);
    free(t);
    rfx_free(f);
}

static void test_service_chinese(void **state)
{
    (void)state;
    rfx *f = build();
    rfx_team(f, 2); /* "short": no evaluation day, the block all the same */
    char *t = printed(f, true);
    char *shortv = block_of(t, "\nshort\n");
    assert_contains(shortv, "（模拟期内没有评估日）\n  客服（首次响应）\n");
    static const char *const labels[5] = {"咨询会话", "首次响应 均值 / p90", "3分钟回复率", "24小时回复率", "最忙时段"};
    static const char *const values[5] = {"16,328", "913 / 4,024 分钟", "26.26% (24.91–27.62)",
                                          "80.58% (78.36–82.43)", "周日 23:00–24:00：平均等待 767 分钟，在岗席位 1"};
    char *first = line_of(shortv, labels[0]);
    for (int i = 0; i < 5; i++) {
        char *line = line_of(shortv, labels[i]);
        assert_non_null(line);
        assert_contains(line, values[i]);
        /* Chinese labels count two columns: the values still start on one column */
        assert_int_equal(value_column(line, labels[i]), value_column(first, labels[0]));
        free(line);
    }
    free(first);
    assert_lacks(t, "Customer service");
    /* one block in the whole table, in the variant with the team */
    char *before = ts_xstrdup(t);
    char *cut = strstr(before, "\nshort\n");
    assert_non_null(cut);
    *cut = '\0';
    assert_lacks(before, "客服");
    assert_contains(cut + 1, "客服");
    free(before);
    free(shortv);
    free(t);
    rfx_free(f);
}

/* Without a team the table is as before: no block, no customer-service word at all. */
static void test_no_team(void **state)
{
    (void)state;
    rfx *f = build();
    for (int zh = 0; zh < 2; zh++) {
        char *t = printed(f, zh);
        assert_lacks(t, "Customer service");
        assert_lacks(t, "客服");
        assert_lacks(t, "busiest");
        free(t);
    }
    rfx_free(f);
}

int main(void)
{
    gsl_set_error_handler_off(); /* as the program does (sim/cli/main.c) */
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_english),
        cmocka_unit_test(test_chinese),
        cmocka_unit_test(test_service_english),
        cmocka_unit_test(test_service_chinese),
        cmocka_unit_test(test_no_team),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
