/*
** test_report_present.c — the presentation module (sim/report/present.h):
** the glossary, labels, tier colours, display widths and the number formatters.
*/
#include "testutil.h"

#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "present.h"

/* ASCII, CJK ideographs and CJK punctuation, fullwidth forms, zero-width marks. */
static void test_width(void **state)
{
    (void)state;
    assert_int_equal(ts_present_width(""), 0);
    assert_int_equal(ts_present_width(NULL), 0);
    assert_int_equal(ts_present_width("not assessed"), 12);
    assert_int_equal(ts_present_width("优秀"), 4);
    assert_int_equal(ts_present_width("不良体验订单率"), 14);
    /* CJK punctuation (U+3000 block) and fullwidth forms (U+FF00 block) are wide */
    assert_int_equal(ts_present_width("、。「」"), 8);
    assert_int_equal(ts_present_width("（规则）：，"), 12);
    assert_int_equal(ts_present_width("＄"), 2);
    assert_int_equal(ts_present_width("﹐"), 2);     /* small form variant U+FE50 */
    assert_int_equal(ts_present_width("〈〉"), 4);   /* U+3008, U+3009 */
    assert_int_equal(ts_present_width("한글"), 4);
    assert_int_equal(ts_present_width("かな"), 4);
    assert_int_equal(ts_present_width("𠀀"), 2);     /* CJK extension B, four bytes */
    /* three-byte characters that are not wide count one */
    assert_int_equal(ts_present_width("5–95%"), 5);
    assert_int_equal(ts_present_width("a — b"), 5);
    assert_int_equal(ts_present_width("≤ …"), 3);
    assert_int_equal(ts_present_width("ｶ"), 1);     /* halfwidth katakana U+FF76 */
    assert_int_equal(ts_present_width("〿"), 1);     /* U+303F half fill space */
    assert_int_equal(ts_present_width("é×"), 2);
    /* combining and zero-width characters take no column */
    assert_int_equal(ts_present_width("e\xcc\x81"), 1);
    assert_int_equal(ts_present_width("a\xe2\x80\x8b" "b"), 2);
    /* bytes that start no valid sequence count one each */
    assert_int_equal(ts_present_width("\xff"), 1);
    assert_int_equal(ts_present_width("\x80x"), 2);
    assert_int_equal(ts_present_width("\xe4\xbd"), 2); /* a truncated ideograph */
    assert_int_equal(ts_present_width("\xe4" "ab"), 3);
}

/* Compare a formatter's output with the expected text. */
#define assert_fmt(call, want)            \
    do {                                  \
        char out_[TS_PRESENT_NUM];        \
        call;                             \
        assert_string_equal(out_, want);  \
    } while (0)

/* A statistic: shares in % with 2 decimals, DSR means 2, counts 1; thresholds exact. */
static void test_value(void **state)
{
    (void)state;
    assert_fmt(ts_present_value(out_, TS_METRIC_RATE, 0.0281, 0), "2.81%");
    assert_fmt(ts_present_value(out_, TS_METRIC_FEEDBACK_SHARE, 0.97514, 0), "97.51%");
    assert_fmt(ts_present_value(out_, TS_METRIC_RATE, 0.0281, TS_SHOW_NO_UNIT), "2.81");
    assert_fmt(ts_present_value(out_, TS_METRIC_DSR_MEAN, 4.7834, 0), "4.78");
    assert_fmt(ts_present_value(out_, TS_METRIC_COUNT, 3.46, 0), "3.5");
    assert_fmt(ts_present_value(out_, TS_METRIC_RATE, NAN, 0), "—");
    /* thresholds: as few digits as they need */
    assert_fmt(ts_present_value(out_, TS_METRIC_RATE, 0.03, TS_SHOW_EXACT), "3%");
    assert_fmt(ts_present_value(out_, TS_METRIC_RATE, 0.008, TS_SHOW_EXACT), "0.8%");
    assert_fmt(ts_present_value(out_, TS_METRIC_DSR_MEAN, 4.8, TS_SHOW_EXACT), "4.8");
    assert_fmt(ts_present_value(out_, TS_METRIC_COUNT, 12, TS_SHOW_EXACT), "12");
    /* ranges: the table's compact one and the report's */
    assert_fmt(ts_present_range(out_, TS_METRIC_RATE, 0.0257, 0.0307, TS_SHOW_NO_UNIT), "2.57–3.07");
    assert_fmt(ts_present_range(out_, TS_METRIC_RATE, 0.0257, 0.0307, 0), "2.57%–3.07%");
    assert_fmt(ts_present_range(out_, TS_METRIC_DSR_MEAN, 4.7, 4.85, 0), "4.70–4.85");
    assert_fmt(ts_present_range(out_, TS_METRIC_RATE, NAN, 0.03, 0), "—");
    assert_double_near(ts_present_scale(TS_METRIC_RATE), 100.0, 0.0);
    assert_double_near(ts_present_scale(TS_METRIC_DSR_MEAN), 1.0, 0.0);
    assert_string_equal(ts_present_unit(TS_METRIC_FEEDBACK_SHARE), "%");
    assert_string_equal(ts_present_unit(TS_METRIC_COUNT), "");
}

/* Differences, probabilities and amounts. */
static void test_numbers(void **state)
{
    (void)state;
    assert_fmt(ts_present_delta(out_, TS_METRIC_RATE, -0.0025, true), "-0.25 pp");
    assert_fmt(ts_present_delta(out_, TS_METRIC_RATE, 0.0972, false), "+9.72");
    assert_fmt(ts_present_delta(out_, TS_METRIC_DSR_MEAN, 0.0123, true), "+0.012");
    assert_fmt(ts_present_delta(out_, TS_METRIC_RATE, NAN, true), "—");
    /* tables: one decimal, never a misleading 0.0% or 100.0% */
    assert_fmt(ts_present_prob(out_, 0.7, false), "70.0%");
    assert_fmt(ts_present_prob(out_, 0.0, false), "0.0%");
    assert_fmt(ts_present_prob(out_, 0.0004, false), "<0.1%");
    assert_fmt(ts_present_prob(out_, 0.9996, false), ">99.9%");
    assert_fmt(ts_present_prob(out_, 1.0, false), "100.0%");
    assert_fmt(ts_present_prob(out_, NAN, false), "—");
    /* chart segments: whole percents, tenths near the ends */
    assert_fmt(ts_present_prob(out_, 0.7, true), "70%");
    assert_fmt(ts_present_prob(out_, 0.003, true), "0.3%");
    assert_fmt(ts_present_prob(out_, 0.996, true), "99.6%");
    assert_fmt(ts_present_prob(out_, 0.0004, true), "<0.1%");
    assert_fmt(ts_present_prob(out_, 0.9996, true), ">99.9%");
    assert_fmt(ts_present_prob(out_, 1.0, true), "100%");
    /* amounts */
    assert_fmt(ts_present_amount(out_, 13545.6, 0), "13,546");
    assert_fmt(ts_present_amount(out_, 1234.5, 2), "1,234.50");
    assert_fmt(ts_present_amount(out_, 999, 0), "999");
    assert_fmt(ts_present_amount(out_, 1234567, 0), "1,234,567");
    assert_fmt(ts_present_amount(out_, -1500.26, 1), "−1,500.3");
    assert_fmt(ts_present_amount(out_, -0.001, 1), "0.0");
    assert_fmt(ts_present_amount(out_, INFINITY, 0), "—");
    assert_fmt(ts_present_amount(out_, 1e20, 2), "100,000,000,000,000,000,000.00");
}

/* How often text uses "{N}" (N = 1..9) in uses[N - 1]; the largest N, 0 for none. */
static int positional(const char *text, size_t uses[9])
{
    int top = 0;
    memset(uses, 0, 9 * sizeof *uses);
    for (const char *p = text; (p = strchr(p, '{')) != NULL; p++)
        if (p[1] >= '1' && p[1] <= '9' && p[2] == '}') {
            uses[p[1] - '1']++;
            top = p[1] - '0' > top ? p[1] - '0' : top;
        }
    return top;
}

/* Every entry in place, in both languages, with the same placeholders. */
static void test_glossary_complete(void **state)
{
    (void)state;
    size_t n = 0;
    const ts_gloss *g = ts_present_glossary(&n);
    assert_int_equal(n, TS_W_COUNT);
    for (size_t i = 0; i < n; i++) {
        if (g[i].id != (ts_word)i)
            fail_msg("glossary entry %zu has id %d", i, (int)g[i].id);
        assert_non_null(g[i].zh);
        assert_true(g[i].zh[0] != '\0');
        bool event_kind = g[i].id >= TS_W_EV_NOT_SHIPPED && g[i].id <= TS_W_EV_DSR_SHIPPING;
        if (event_kind) {
            assert_null(g[i].en); /* English names an event by its key */
            continue;
        }
        if (g[i].en == NULL || g[i].en[0] == '\0')
            fail_msg("glossary entry %zu (%s) has no English", i, g[i].zh);
        size_t holes_en = 0, holes_zh = 0;
        for (const char *p = g[i].en; (p = strstr(p, "{}")) != NULL; p += 2)
            holes_en++;
        for (const char *p = g[i].zh; (p = strstr(p, "{}")) != NULL; p += 2)
            holes_zh++;
        if (holes_en != holes_zh)
            fail_msg("\"%s\" and \"%s\" have %zu and %zu placeholders", g[i].en, g[i].zh, holes_en, holes_zh);
        /* positional ones: the same numbers in both, each of 1..top used, never mixed with "{}" */
        size_t use_en[9], use_zh[9];
        int top = positional(g[i].en, use_en);
        positional(g[i].zh, use_zh);
        for (int k = 0; k < 9; k++)
            if ((use_en[k] > 0) != (use_zh[k] > 0) || (k < top && use_en[k] == 0))
                fail_msg("\"%s\" and \"%s\" differ in placeholder {%d}", g[i].en, g[i].zh, k + 1);
        if (top > 0 && holes_en > 0)
            fail_msg("\"%s\" mixes {} and {N}", g[i].en);
    }
}

/*
** tiersim fit's notes and warnings (fit_text.h): one glossary entry for each
** message and each counted thing, with at most TS_FIT_TEXT_ARGS arguments;
** every one said in Chinese without an English word (paths, column names,
** numbers and the model's own terms apart), with its arguments in the
** language's own order.
*/
static void test_fit_texts(void **state)
{
    (void)state;
    size_t n = 0;
    const ts_gloss *g = ts_present_glossary(&n);
    assert_int_equal(TS_W_FIT_MSG_LAST - TS_W_FIT_MSG_FIRST + 1, TS_FIT_MSG_COUNT - 1);
    assert_int_equal(TS_W_FIT_WHAT_LAST - TS_W_FIT_WHAT_FIRST + 1, TS_FIT_WHAT_COUNT - 1);
    /* the English words a Chinese text may keep: names in the scenario and export, and the model's terms */
    static const char *const kept[] = {"dispatched_at", "service.slow_reply_prob", "noisy-or", "order_value",
                                       "fulfilment.capacity_per_day", "fulfilment.carriers", "fulfilment", "gamma",
                                       "DSR", "history", "start"};
    for (int w = TS_W_FIT_MSG_FIRST; w <= TS_W_FIT_NO_HISTORY_COLUMNS; w++) {
        size_t uses[9];
        if (positional(g[w].en, uses) > TS_FIT_TEXT_ARGS)
            fail_msg("\"%s\" has more than %d arguments", g[w].en, TS_FIT_TEXT_ARGS);
        char zh[512];
        snprintf(zh, sizeof zh, "%s", g[w].zh);
        for (size_t k = 0; k < sizeof kept / sizeof *kept; k++)
            for (char *p; (p = strstr(zh, kept[k])) != NULL;)
                memset(p, '_', strlen(kept[k]));
        for (const char *p = zh; *p; p++)
            if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z'))
                fail_msg("\"%s\" (for \"%s\") has English in it", g[w].zh, g[w].en);
    }
    /* a message with its arguments, in each language's order */
    ts_fit_text t = {.msg = TS_FIT_MSG_K_OF_N, .arg = {"3", "107"}, .what = {[2] = TS_FIT_WHAT_RULINGS}};
    char *en = ts_present_fit_text(&t, false), *zh = ts_present_fit_text(&t, true);
    assert_string_equal(en, "3 of 107 rulings");
    assert_string_equal(zh, "仲裁裁决共 107，其中 3");
    free(en);
    free(zh);
    ts_fit_text w = {.msg = TS_FIT_MSG_W_TOO_FEW, .arg = {"buyers.feedback_prob", "10", NULL, "0.4"},
                     .what = {[2] = TS_FIT_WHAT_FEEDBACKS}};
    en = ts_present_fit_text(&w, false);
    zh = ts_present_fit_text(&w, true);
    assert_string_equal(en, "buyers.feedback_prob: only 10 feedbacks; keeping the default 0.4");
    assert_string_equal(zh, "buyers.feedback_prob：评价样本量只有 10，保留默认值 0.4");
    free(en);
    free(zh);
    ts_fit_text none = {0};
    en = ts_present_fit_text(&none, false);
    assert_string_equal(en, "");
    free(en);
}

/* One word per concept: the wordings that were unified appear nowhere. */
static void test_glossary_one_word(void **state)
{
    (void)state;
    static const char *const retired_zh[] = {
        "考核日",         /* evaluation day: 评估日 */
        "未归类",         /* unclassified: 未分级 */
        "5天内未回应纠纷", /* dispute_no_reply: 5天不回应纠纷 */
        "规划期", "周期内", /* the horizon: 模拟期 */
        "次模拟", "模拟次数", "模拟区间", /* replications: 重复 */
        "与基准相比",     /* the difference from the base: 与基准之差 */
    };
    size_t n = 0;
    const ts_gloss *g = ts_present_glossary(&n);
    for (size_t i = 0; i < n; i++) {
        for (size_t k = 0; k < sizeof retired_zh / sizeof retired_zh[0]; k++)
            if (strstr(g[i].zh, retired_zh[k]) != NULL)
                fail_msg("\"%s\" uses the retired wording %s", g[i].zh, retired_zh[k]);
        if (g[i].en != NULL && strstr(g[i].en, "inside the horizon") != NULL)
            fail_msg("\"%s\": the horizon is \"in the horizon\"", g[i].en);
    }
    assert_string_equal(ts_present_word(TS_W_EVAL_DAY, true), "评估日");
    assert_string_equal(ts_present_word(TS_W_EVAL_DAY, false), "Evaluation day");
    assert_string_equal(ts_present_word(TS_W_UNCLASSIFIED, true), "未分级");
    assert_string_equal(ts_present_word(TS_W_VS_BASE, true), "与基准之差");
    /* an event-kind word asked for in English gives the Chinese rather than NULL */
    assert_string_equal(ts_present_word(TS_W_EV_LOST, false), "包裹丢失");
}

static void test_fill(void **state)
{
    (void)state;
    char *t = ts_present_fill(TS_W_FAN_TITLE, false, "Rate", "shop", (const char *)NULL);
    assert_string_equal(t, "Rate as the dashboard shows it each day — shop");
    free(t);
    t = ts_present_fill(TS_W_FAN_TITLE, true, "不良体验订单率", "店", (const char *)NULL);
    assert_string_equal(t, "不良体验订单率：每日所见值（店铺后台）— 店");
    free(t);
    t = ts_present_fill(TS_W_VALUE_IN_UNIT, false, "Rate", (const char *)NULL); /* one missing: empty */
    assert_string_equal(t, "Rate ()");
    free(t);
    t = ts_present_fill(TS_W_MEAN, false, (const char *)NULL); /* no placeholder */
    assert_string_equal(t, "mean");
    free(t);
    /* by position: the Chinese says the later argument first */
    t = ts_present_fill((ts_word)(TS_W_FIT_MSG_FIRST + TS_FIT_MSG_MODE_OF - 1), true, "7061", "付款到发货的天数",
                        (const char *)NULL);
    assert_string_equal(t, "付款到发货的天数（共 7061）的众数");
    free(t);
    t = ts_present_fill((ts_word)(TS_W_FIT_MSG_FIRST + TS_FIT_MSG_MODE_OF - 1), false, "7061", (const char *)NULL);
    assert_string_equal(t, "the most frequent of 7061 "); /* a missing one: empty */
    free(t);
    char cap[64];
    assert_string_equal(ts_present_capital("not assessed", cap), "Not assessed");
    assert_string_equal(ts_present_capital("不考核", cap), "不考核");
    assert_string_equal(ts_present_capital("", cap), "");
}

/* Labels from the rulebook, with the glossary's words when it has none. */
static void test_labels(void **state)
{
    (void)state;
    ts_tier tiers[2] = {{.name = "top", .label = "Top-rated", .label_zh = "优秀"}, {.name = "fail"}};
    assert_string_equal(ts_present_tier(&tiers[0], false), "Top-rated");
    assert_string_equal(ts_present_tier(&tiers[0], true), "优秀");
    assert_string_equal(ts_present_tier(&tiers[1], false), "fail");
    assert_string_equal(ts_present_tier(&tiers[1], true), "fail");
    ts_rulebook rb = {.name = "rb", .tiers = tiers, .n_tiers = 2, .title = "Rules", .title_zh = ""};
    assert_string_equal(ts_present_slot(&rb, 1, true), "fail");
    assert_string_equal(ts_present_slot(&rb, 2, true), "不考核");
    assert_string_equal(ts_present_slot(&rb, 3, false), "unclassified");
    assert_string_equal(ts_present_rulebook_title(&rb, true), "Rules"); /* empty title_zh */

    ts_metric m = {.name = "bad_experience_rate", .kind = TS_METRIC_RATE};
    assert_string_equal(ts_present_metric(&m, false), "Bad-experience rate");
    assert_string_equal(ts_present_metric(&m, true), "不良体验订单率");
    m.label = "Mine";
    assert_string_equal(ts_present_metric(&m, true), "Mine");
    ts_metric other = {.name = "x_rate", .kind = TS_METRIC_RATE};
    assert_string_equal(ts_present_metric(&other, true), "x_rate");

    ts_rule_event ev = {.name = "dispute_no_reply", .kind = TS_EV_DISPUTE_NO_REPLY};
    assert_string_equal(ts_present_event(&ev, false), "dispute_no_reply");
    assert_string_equal(ts_present_event(&ev, true), "5天不回应纠纷");
    ev = (ts_rule_event){.name = "nf", .kind = TS_EV_FEEDBACK, .max_stars = 4};
    assert_string_equal(ts_present_event(&ev, true), "非五星评价");
    ev = (ts_rule_event){.name = "d", .kind = TS_EV_DSR, .max_stars = 3, .dimension = TS_DSR_COMMUNICATION};
    assert_string_equal(ts_present_event(&ev, true), "DSR卖家服务中低分");
    ev.label_zh = "自定义";
    assert_string_equal(ts_present_event(&ev, true), "自定义");

    assert_string_equal(ts_present_axis_unit(TS_METRIC_RATE, true), "%");
    assert_string_equal(ts_present_axis_unit(TS_METRIC_DSR_MEAN, true), "星");
    assert_string_equal(ts_present_axis_unit(TS_METRIC_COUNT, false), "orders");
}

/* Tier colours: best green, worst red, interpolated; grey and black for the other slots. */
static void test_colors(void **state)
{
    (void)state;
    char col[8];
    ts_present_tier_color(0, 1, col);
    assert_string_equal(col, "#1a9850");
    ts_present_tier_color(1, 2, col);
    assert_string_equal(col, "#d73027");
    ts_present_tier_color(2, 5, col);
    assert_string_equal(col, "#fee08b");
    ts_present_slot_color(0, 2, col);
    assert_string_equal(col, "#1a9850");
    ts_present_slot_color(2, 2, col);
    assert_string_equal(col, "#9e9e9e");
    ts_present_slot_color(3, 2, col);
    assert_string_equal(col, "#000000");
}

/* Chart names and the report's captions, from one table. */
static void test_charts(void **state)
{
    (void)state;
    assert_string_equal(ts_present_chart_name(TS_CHART_FAN), "fan");
    assert_string_equal(ts_present_chart_name(TS_CHART_DISTRIBUTION), "distribution");
    assert_string_equal(ts_present_chart_name(TS_CHART_STANDING), "standing");
    for (size_t k = 0; k < TS_CHART_STANDING; k++) {
        const char *name = ts_present_chart_name((ts_chart)k);
        assert_non_null(ts_present_chart_caption(name, false));
        assert_non_null(ts_present_chart_caption(name, true));
    }
    assert_non_null(strstr(ts_present_chart_caption("fan", true), "评估日"));
    assert_null(ts_present_chart_caption("standing", false));
    assert_null(ts_present_chart_caption("fan-taobao-dsr", false));
    assert_null(ts_present_chart_caption("nonesuch", true));
}

int main(void)
{
    gsl_set_error_handler_off(); /* as the program does (sim/cli/main.c) */
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_width),
        cmocka_unit_test(test_value),
        cmocka_unit_test(test_numbers),
        cmocka_unit_test(test_glossary_complete),
        cmocka_unit_test(test_glossary_one_word),
        cmocka_unit_test(test_fit_texts),
        cmocka_unit_test(test_fill),
        cmocka_unit_test(test_labels),
        cmocka_unit_test(test_colors),
        cmocka_unit_test(test_charts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
