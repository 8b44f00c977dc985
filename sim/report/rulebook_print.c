/*
** rulebook_print.c — a rulebook as a readable table for `tiersim rules NAME`
** (rulebook_print.h), in English or Chinese.
*/
#include "rulebook_print.h"
#include "present.h"

#include <math.h>
#include <string.h>

/* What each event kind means and when it becomes known (docs/rulebooks.md). */
static const char *const EVENT_EN[TS_EV_KIND_COUNT][2] = {
    {"closed unshipped (stock-out or missed deadline)", "its close day"},
    {"dispatched after pay + late_after_days", "dispatch day"},
    {"parcel lost", "pay + promised_delivery_days"},
    {"delivered after pay + promised_delivery_days", "delivery day"},
    {"a dispute was opened", "dispute open day"},
    {"no seller reply to a dispute within 5 days", "open + 5 days"},
    {"dispute escalated to arbitration", "escalation day"},
    {"arbitration ruled against the seller", "ruling day"},
    {"overall stars <= N (revisions apply)", "the day the feedback takes effect"},
    {"DSR <= N stars", "the day the feedback takes effect"},
    {"the post-sale conversation waited too long for its first reply", "the day of the first reply"},
    {"a dispute opened for a reason", "dispute open day"},
};
static const char *const EVENT_ZH[TS_EV_KIND_COUNT][2] = {
    {"成交不卖（缺货或超时未发货）", "关闭日"},
    {"晚于 付款 + late_after_days 发货", "发货日"},
    {"包裹丢失", "付款 + promised_delivery_days"},
    {"晚于 付款 + promised_delivery_days 妥投", "妥投日"},
    {"买家提起纠纷", "纠纷提起日"},
    {"5天不回应纠纷（纠纷提起后 5 天内未回应）", "纠纷提起 + 5 天"},
    {"纠纷升级仲裁", "仲裁提起日"},
    {"仲裁判卖家责任", "裁决日"},
    {"总评 ≤ N 星（按修改后计）", "评价生效日"},
    {"DSR ≤ N 星", "评价生效日"},
    {"售后咨询首次回复过慢", "首次回复日"},
    {"买家以某一原因提起纠纷", "纠纷提起日"},
};
static const char *const DIM_ZH[TS_DSR_COUNT] = {"商品描述", "卖家服务", "物流服务"};

static void event_text(char *buf, size_t n, const ts_rule_event *ev, bool zh)
{
    const char *const (*t)[2] = zh ? EVENT_ZH : EVENT_EN;
    const char *dim = zh ? DIM_ZH[ev->dimension] : ts_dsr_dim_name(ev->dimension);
    if (ev->kind == TS_EV_FEEDBACK && zh)
        snprintf(buf, n, "总评 ≤ %d 星（按修改后计）", ev->max_stars);
    else if (ev->kind == TS_EV_FEEDBACK)
        snprintf(buf, n, "overall stars <= %d (revisions apply)", ev->max_stars);
    else if (ev->kind == TS_EV_DSR && zh)
        snprintf(buf, n, "%s DSR ≤ %d 星", dim, ev->max_stars);
    else if (ev->kind == TS_EV_DSR)
        snprintf(buf, n, "%s DSR <= %d stars", dim, ev->max_stars);
    else if (ev->kind == TS_EV_DISPUTE_REASON && ev->reason == TS_RULE_REASON_NOT_RECEIVED)
        snprintf(buf, n, "%s", zh ? "未收到货纠纷（丢件或超时，且无质量/描述问题）"
                                  : "dispute: not received (lost or late, no quality/mismatch)");
    else if (ev->kind == TS_EV_DISPUTE_REASON)
        snprintf(buf, n, "%s", zh ? "货不对版纠纷（有质量问题或与描述不符）"
                                  : "dispute: not as described (quality or mismatch)");
    else
        snprintf(buf, n, "%s", t[ev->kind][0]);
}

/* Print s padded with spaces to width columns (at least one space after it). */
static void pad(FILE *out, const char *s, int width)
{
    fputs(s, out);
    int w = (int)ts_present_width(s);
    do
        fputc(' ', out);
    while (++w < width + 1);
}

static void list_events(FILE *out, const ts_rulebook *rb, const ts_metric *m)
{
    for (size_t k = 0; k < m->n_events; k++)
        fprintf(out, "%s%s", k ? ", " : "", rb->events[m->events[k]].name);
}

/* A reply metric in words: which conversations, which hours, what is measured. */
static void reply_text(FILE *out, const ts_metric *m, bool zh)
{
    static const char *const WHICH_EN[3] = {"conversations", "pre-sale conversations", "post-sale conversations"};
    static const char *const WHICH_ZH[3] = {"咨询", "售前咨询", "售后咨询"};
    bool within = m->kind == TS_METRIC_REPLY_WITHIN;
    if (zh) {
        fprintf(out, within ? "回复及时率：%d–%d 时到达的%s中，%g 分钟内首次人工回复的占比"
                            : "平均首次响应时长：%d–%d 时到达的%s的首次回复分钟数均值",
                m->reply_hours[0], m->reply_hours[1], WHICH_ZH[m->conversations], m->reply_minutes);
        return;
    }
    if (within)
        fprintf(out, "reply within: share of %s arriving %d-%d h answered within %g minutes",
                WHICH_EN[m->conversations], m->reply_hours[0], m->reply_hours[1], m->reply_minutes);
    else
        fprintf(out, "mean first-response minutes of %s arriving %d-%d h", WHICH_EN[m->conversations],
                m->reply_hours[0], m->reply_hours[1]);
}

/* A moment of mean_days in words. */
static const char *moment_text(ts_moment mo, bool zh)
{
    static const char *const EN[TS_MOMENT_COUNT] = {"pay", "dispatch", "delivery", "end", "feedback"};
    static const char *const ZH[TS_MOMENT_COUNT] = {"付款", "发货", "签收", "订单结束", "评价生效"};
    return (unsigned)mo < TS_MOMENT_COUNT ? (zh ? ZH : EN)[mo] : "?";
}

/* The line of a score kind (docs/rulebooks.md "Scores"); its ladder or peer table follows. */
static void score_text(FILE *out, const ts_rulebook *rb, const ts_metric *m, bool zh)
{
    const char *of = m->n_of ? rb->metrics[m->of[0]].name : "?";
    switch (m->kind) {
    case TS_METRIC_POINTS:
        fprintf(out, zh ? "得分：按 %s 的阶梯%s" : "points: a ladder on %s%s", of,
                m->interpolate ? (zh ? "（台阶之间线性插值）" : " (linear between rungs)") : "");
        break;
    case TS_METRIC_SUM:
        fputs(zh ? "合计：" : "sum: ", out);
        for (size_t k = 0; k < m->n_of; k++) {
            double w = m->weights ? m->weights[k] : 1.0;
            fprintf(out, "%s", k ? " + " : "");
            if (w != 1.0)
                fprintf(out, "%g × ", w);
            fputs(rb->metrics[m->of[k]].name, out);
        }
        if (m->clip_min > -HUGE_VAL || m->clip_max < HUGE_VAL) {
            fputs(zh ? "，截断到 [" : ", clipped to [", out);
            if (m->clip_min > -HUGE_VAL)
                fprintf(out, "%g", m->clip_min);
            else
                fputs("-inf", out);
            fputs(", ", out);
            if (m->clip_max < HUGE_VAL)
                fprintf(out, "%g", m->clip_max);
            else
                fputs("inf", out);
            fputs("]", out);
        }
        fputs(zh ? "；任一项无值则无值" : "; undefined when any part is", out);
        break;
    case TS_METRIC_DAILY_MEAN:
        if (m->period == TS_PERIOD_PREVIOUS_MONTH)
            fprintf(out, zh ? "日均：%s 在上一个自然月每天的值的均值" : "daily mean of %s over the previous calendar month", of);
        else if (m->period == TS_PERIOD_MONTH_TO_DATE)
            fprintf(out, zh ? "日均：%s 本月 1 日至当天每天的值的均值（月中预估）"
                            : "daily mean of %s from the 1st of the month to the day (the forecast)", of);
        else
            fprintf(out, zh ? "日均：%s 在之前 %d 天每天的值的均值" : "daily mean of %s over the %d days before", of,
                    m->period_days);
        fputs(zh ? "（无值的日子不计）" : " (days without a value left out)", out);
        break;
    case TS_METRIC_PEER_RANK:
        fprintf(out, zh ? "超过同行比例：%s（越%s越好），按同行分布表" : "share of peers beaten on %s (%s is better), from the peer table",
                of, m->lower_better ? (zh ? "低" : "lower") : (zh ? "高" : "higher"));
        break;
    case TS_METRIC_MEAN_DAYS:
        fprintf(out, zh ? "平均天数：从%s到%s（两者都已发生的考核订单）" : "mean days from %s to %s over assessed orders that have both",
                moment_text(m->from, zh), moment_text(m->to, zh));
        break;
    default:
        break;
    }
}

/* The number x, with " ($name)" when the metric took it from a parameter. */
static void num_text(FILE *out, const ts_metric *m, int slot, size_t index, double x)
{
    fprintf(out, "%g", x);
    for (size_t k = 0; k < m->n_refs; k++)
        if (m->refs[k].slot == slot && m->refs[k].index == index)
            fprintf(out, " ($%s)", m->refs[k].param);
}

/* A points ladder, one rung a line, then otherwise and missing. */
static void print_ladder(FILE *out, const ts_metric *m, bool zh)
{
    for (size_t i = 0; i < m->n_rungs; i++) {
        const ts_rung *r = &m->ladder[i];
        fprintf(out, "      %s ", r->at_least ? ">=" : "<=");
        num_text(out, m, TS_NUM_RUNG_X, i, r->x);
        fputs(zh ? "  →  " : "  ->  ", out);
        num_text(out, m, TS_NUM_RUNG_POINTS, i, r->points);
        fputs(zh ? " 分\n" : " points\n", out);
    }
    fputs(zh ? "      其他         →  " : "      otherwise    ->  ", out);
    if (m->has_otherwise)
        num_text(out, m, TS_NUM_OTHERWISE, 0, m->otherwise);
    else
        fputs(zh ? "无值" : "undefined", out);
    fputs(zh ? "\n      无值时       →  " : "\n      if undefined ->  ", out);
    if (m->has_missing)
        num_text(out, m, TS_NUM_MISSING, 0, m->missing);
    else
        fputs(zh ? "无值" : "undefined", out);
    fputc('\n', out);
}

/* A peer table: value, share of peers at or below, and the share the shop beats there. */
static void print_peers(FILE *out, const ts_metric *m, bool zh)
{
    fputs(zh ? "      指标值        同行中 ≤ 该值的比例   超过同行\n"
             : "      value         peers at or below   beats\n", out);
    for (size_t i = 0; i < m->n_peers; i++) {
        const ts_peer_point *p = &m->peers[i];
        double beats = m->lower_better ? 1.0 - p->share : p->share;
        fputs("      ", out);
        num_text(out, m, TS_NUM_PEER_VALUE, i, p->value);
        fputs("  ", out);
        num_text(out, m, TS_NUM_PEER_SHARE, i, p->share);
        fprintf(out, "  %.0f%%\n", 100.0 * beats);
    }
    fputs(zh ? "      表外：低于最小值超过 0%、高于最大值超过 100%（越低越好时相反）；表内线性插值\n"
             : "      beyond the table: 0% below its first value, 100% above its last (reversed when lower "
               "is better); linear in between\n", out);
}

static void metric_text(FILE *out, const ts_rulebook *rb, const ts_metric *m, bool zh)
{
    switch (m->kind) {
    case TS_METRIC_RATE:
        fputs(zh ? "比例：考核订单中有下列任一事件的占比 — " : "rate: share of assessed orders with any of ", out);
        list_events(out, rb, m);
        break;
    case TS_METRIC_COUNT:
        fputs(zh ? "计数：有下列任一事件的考核订单数 — " : "count: assessed orders with any of ", out);
        list_events(out, rb, m);
        break;
    case TS_METRIC_FEEDBACK_SHARE:
        if (zh)
            fprintf(out, "好评率：金额 ≥ %g 且评价已生效的考核订单中，总评 ≥ %d 星的占比",
                    m->min_order_value, m->min_stars);
        else
            fprintf(out, "feedback share: among assessed orders of value >= %g with feedback in effect, "
                    "the share with >= %d stars", m->min_order_value, m->min_stars);
        if (m->count_default_reviews)
            fputs(zh ? "（含系统默认评价）" : " (default reviews counted)", out);
        break;
    case TS_METRIC_DSR_MEAN:
        if (zh)
            fprintf(out, "DSR 均分：%s（评价已生效的考核订单）", DIM_ZH[m->dimension]);
        else
            fprintf(out, "mean %s DSR over assessed orders with feedback in effect",
                    ts_dsr_dim_name(m->dimension));
        break;
    case TS_METRIC_REPLY_WITHIN:
    case TS_METRIC_REPLY_MEAN_MINUTES:
        reply_text(out, m, zh);
        break;
    case TS_METRIC_POINTS:
    case TS_METRIC_SUM:
    case TS_METRIC_DAILY_MEAN:
    case TS_METRIC_PEER_RANK:
    case TS_METRIC_MEAN_DAYS:
        score_text(out, rb, m, zh);
        break;
    case TS_METRIC_KIND_COUNT:
        break;
    }
}

static const char *anchor_text(ts_anchor a, bool zh)
{
    if (zh)
        return a == TS_ANCHOR_END ? "按订单结束日" : a == TS_ANCHOR_PAY ? "按付款日" : "按评价生效日（无评价的订单不计）";
    return a == TS_ANCHOR_END ? "on the order's end day"
           : a == TS_ANCHOR_PAY ? "on the pay day"
           : "on the day its feedback takes effect (orders without feedback never count)";
}

/* The title, source, window, schedule and minimum of assessed orders. */
static void print_header(FILE *out, const ts_rulebook *rb, bool zh)
{
    const char *title = ts_present_rulebook_title(rb, zh);
    fprintf(out, "%s  [%s]\n", title ? title : rb->name, rb->name);
    if (rb->source && *rb->source)
        fprintf(out, "%s%s\n", zh ? "来源：" : "Source: ", rb->source);
    fputc('\n', out);

    if (zh)
        fprintf(out, "考核窗口：%d 天，%s\n", rb->window_days, anchor_text(rb->anchor, zh));
    else
        fprintf(out, "Window:     %d days, anchored %s\n", rb->window_days, anchor_text(rb->anchor, zh));
    if (rb->every == TS_SCHEDULE_DAY)
        fputs(zh ? "评估时间：每天\n" : "Schedule:   every day\n", out);
    else if (rb->schedule_day == 0)
        fputs(zh ? "评估时间：每月最后一天\n" : "Schedule:   the last day of every month\n", out);
    else if (zh)
        fprintf(out, "评估时间：每月 %d 日\n", rb->schedule_day);
    else
        fprintf(out, "Schedule:   day %d of every month\n", rb->schedule_day);
    if (rb->min_orders == 0)
        fputs(zh ? "最少订单：无\n" : "Minimum:    none\n", out);
    else if (zh)
        fprintf(out, "最少订单：%ld 笔考核订单（不足则不考核）\n", rb->min_orders);
    else
        fprintf(out, "Minimum:    %ld assessed orders (fewer: not assessed)\n", rb->min_orders);
    if (rb->default_review_days > 0 && zh)
        fprintf(out, "默认评价：结束日后 %d 天仍未评价的订单由系统给 %d 星评价（仅标明计入的指标计入，DSR 从不计入）\n",
                rb->default_review_days, rb->default_review_stars);
    else if (rb->default_review_days > 0)
        fprintf(out, "Default:    an order not reviewed by %d days after its end day gets a %d-star system "
                "review (counted only by metrics that say so; never in DSR)\n",
                rb->default_review_days, rb->default_review_stars);
}

/* The parameters a scenario may change. */
static void print_params(FILE *out, const ts_rulebook *rb, bool zh)
{
    if (rb->n_params == 0)
        return;
    fputs(zh ? "\n参数（场景可通过 {\"base\": …, \"params\": …} 修改）\n"
             : "\nParameters (a scenario may change them: {\"base\": ..., \"params\": ...})\n", out);
    for (size_t i = 0; i < rb->n_params; i++)
        fprintf(out, "  %-24s %g\n", rb->params[i].name, rb->params[i].value);
}

/* The events: name, kind, when true, when known, and the label. */
static void print_events(FILE *out, const ts_rulebook *rb, bool zh)
{
    int nw = 23;
    for (size_t i = 0; i < rb->n_events; i++)
        if ((int)ts_present_width(rb->events[i].name) > nw)
            nw = (int)ts_present_width(rb->events[i].name);
    fputs(zh ? "\n事件\n" : "\nEvents\n", out);
    fputs("  ", out);
    pad(out, zh ? "名称" : "name", nw);
    pad(out, zh ? "类型" : "kind", 20);
    pad(out, zh ? "含义" : "true when", 52);
    fprintf(out, "%s\n", zh ? "生效日" : "known on");
    for (size_t i = 0; i < rb->n_events; i++) {
        const ts_rule_event *ev = &rb->events[i];
        char text[160];
        event_text(text, sizeof text, ev, zh);
        fputs("  ", out);
        pad(out, ev->name, nw);
        pad(out, ts_event_kind_name(ev->kind), 20);
        pad(out, text, 52);
        fprintf(out, "%s\n", (zh ? EVENT_ZH : EVENT_EN)[ev->kind][1]);
        const char *label = ts_present_event(ev, zh);
        if (strcmp(label, ev->name) != 0)
            fprintf(out, "  %*s%s%s\n", 2, "", zh ? "名称：" : "label: ", label);
    }
}

/* The metrics: the definition in words and the window. */
static void print_metrics(FILE *out, const ts_rulebook *rb, bool zh)
{
    fputs(zh ? "\n指标\n" : "\nMetrics\n", out);
    for (size_t i = 0; i < rb->n_metrics; i++) {
        const ts_metric *m = &rb->metrics[i];
        fprintf(out, "  %-24s ", m->name);
        const char *label = ts_present_metric(m, zh);
        if (strcmp(label, m->name) != 0)
            fprintf(out, "%s%s", label, zh ? "。" : ". ");
        metric_text(out, rb, m, zh);
        if (ts_metric_is_derived(m->kind))
            fputc('\n', out); /* from other metrics' values: no window of its own */
        else if (zh)
            fprintf(out, "；窗口 %d 天，%s\n", m->window_days, anchor_text(m->anchor, zh));
        else
            fprintf(out, "; window %d days, %s\n", m->window_days, anchor_text(m->anchor, zh));
        if (m->kind == TS_METRIC_POINTS)
            print_ladder(out, m, zh);
        else if (m->kind == TS_METRIC_PEER_RANK)
            print_peers(out, m, zh);
    }
}

/* The tiers, best first, with their conditions; then "not assessed". */
static void print_tiers(FILE *out, const ts_rulebook *rb, bool zh)
{
    fputs(zh ? "\n等级（从高到低）\n" : "\nTiers (best first)\n", out);
    int width = rb->min_orders > 0 ? (int)strlen("not_assessed") : 4, lw = 12;
    for (size_t i = 0; i < rb->n_tiers; i++) {
        const char *l = ts_present_tier(&rb->tiers[i], zh);
        if ((int)strlen(rb->tiers[i].name) > width)
            width = (int)strlen(rb->tiers[i].name);
        if ((int)ts_present_width(l) > lw)
            lw = (int)ts_present_width(l);
    }
    for (size_t i = 0; i < rb->n_tiers; i++) {
        const ts_tier *t = &rb->tiers[i];
        fputs("  ", out);
        pad(out, t->name, width);
        pad(out, ts_present_tier(t, zh), lw);
        if (t->stars > 0.0) {
            char st[64];
            ts_present_stars(t->stars, st, sizeof st);
            fprintf(out, "%s %g  ", st, t->stars);
        }
        if (t->n_when == 0 && t->min_orders == 0)
            fputs(zh ? "（无条件）" : "(always)", out);
        for (size_t k = 0; k < t->n_when; k++) {
            const ts_condition *c = &t->when[k];
            fprintf(out, "%s%s %s %g", k ? (zh ? "，且 " : " and ") : "", rb->metrics[c->metric].name,
                    ts_op_name(c->op), c->value);
            if (c->param != NULL)
                fprintf(out, " ($%s)", c->param);
        }
        if (t->min_orders > 0 && zh)
            fprintf(out, "%s考核订单 ≥ %ld 笔", t->n_when ? "，且 " : "", t->min_orders);
        else if (t->min_orders > 0)
            fprintf(out, "%sassessed orders >= %ld", t->n_when ? " and " : "", t->min_orders);
        fputc('\n', out);
    }
    if (rb->min_orders > 0) {
        char cap[64];
        fputs("  ", out);
        pad(out, "not_assessed", width);
        pad(out, ts_present_capital(ts_present_word(TS_W_NOT_ASSESSED, zh), cap), lw);
        fprintf(out, zh ? "考核订单少于 %ld 笔\n" : "fewer than %ld assessed orders\n", rb->min_orders);
    }
}

void ts_rulebook_print(FILE *out, const ts_rulebook *rb, bool chinese)
{
    print_header(out, rb, chinese);
    print_params(out, rb, chinese);
    print_events(out, rb, chinese);
    print_metrics(out, rb, chinese);
    print_tiers(out, rb, chinese);
}
