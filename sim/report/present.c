/*
** present.c — the presentation module (present.h): the glossary, the chart
** table, labels, tier colours, text widths and numbers.
*/
#include "present.h"

#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "tiersim.h"

/* ------------------------------------------------------------------ */
/* The glossary.                                                       */

/* The glossary ids of tiersim fit's notes and warnings (fit_text.h). */
#define FIT_MSG(m) (ts_word)(TS_W_FIT_MSG_FIRST + TS_FIT_MSG_##m - 1)
#define FIT_WHAT(w) (ts_word)(TS_W_FIT_WHAT_FIRST + TS_FIT_WHAT_##w - 1)

static const ts_gloss GLOSSARY[TS_W_COUNT] = {
    /* shared */
    {TS_W_EVAL_DAY, "Evaluation day", "评估日"},
    {TS_W_EVAL_DAYS, "Evaluation days", "评估日"},
    {TS_W_EVAL_AT, "evaluation {}", "评估日 {}"},
    {TS_W_EVALUATED_AT, "evaluated {}", "评估日 {}"},
    {TS_W_NO_EVAL_DAY, "no evaluation day in the horizon", "模拟期内没有评估日"},
    {TS_W_NOT_ASSESSED, "not assessed", "不考核"},
    {TS_W_UNCLASSIFIED, "unclassified", "未分级"},
    {TS_W_ASSESSED_ORDERS, "Assessed orders", "考核订单"},
    {TS_W_VS_BASE, "vs base", "与基准之差"},
    {TS_W_MEAN, "mean", "均值"},
    {TS_W_MEDIAN, "median", "中位数"},
    {TS_W_RANGE, "5–95%", "5–95% 区间"},
    {TS_W_REPLICATIONS, "replications", "重复次数"},
    {TS_W_N_REPLICATIONS, "{} replications", "{} 次重复"},
    {TS_W_NONE, "none", "无"},
    {TS_W_DAYS, "days", "天"},
    {TS_W_RULEBOOK, "Rulebook", "规则"},
    {TS_W_RULEBOOK_LINE, "Rulebook: {}", "规则：{}"},
    {TS_W_PROBABILITY_AXIS, "Probability (%)", "概率（%）"},
    {TS_W_PROBABILITY_OF, "Probability of {} (%)", "{}的概率（%）"},
    {TS_W_VALUE_IN_UNIT, "{} ({})", "{}（{}）"},
    {TS_W_UNIT_ORDERS, "orders", "单"},
    {TS_W_UNIT_STARS, "stars", "星"},
    {TS_W_UNIT_MINUTES, "minutes", "分钟"},
    {TS_W_UNIT_POINTS, "points", "分"},
    {TS_W_LIST_SEP, ", ", "，"},
    /* metrics */
    {TS_W_METRIC_BAD_EXPERIENCE, "Bad-experience rate", "不良体验订单率"},
    {TS_W_METRIC_SELLER_RESPONSIBLE, "Seller-responsible rate", "卖家责任裁决率"},
    {TS_W_METRIC_POSITIVE_FEEDBACK, "Positive feedback rate", "好评率"},
    /* event kinds (AliExpress's words; docs/plots.md "Chinese (`--lang zh`)") */
    {TS_W_EV_NOT_SHIPPED, NULL, "成交不卖"},
    {TS_W_EV_LATE_DISPATCH, NULL, "延迟发货"},
    {TS_W_EV_LOST, NULL, "包裹丢失"},
    {TS_W_EV_LATE_DELIVERY, NULL, "延迟妥投"},
    {TS_W_EV_DISPUTE, NULL, "纠纷"},
    {TS_W_EV_DISPUTE_NO_REPLY, NULL, "5天不回应纠纷"},
    {TS_W_EV_ARBITRATION, NULL, "仲裁提起"},
    {TS_W_EV_SELLER_RESPONSIBLE, NULL, "仲裁判卖家责任"},
    {TS_W_EV_LOW_FEEDBACK, NULL, "中差评"},
    {TS_W_EV_NOT_FIVE_STARS, NULL, "非五星评价"},
    {TS_W_EV_DSR_DESCRIPTION, NULL, "DSR商品描述中低分"},
    {TS_W_EV_DSR_COMMUNICATION, NULL, "DSR卖家服务中低分"},
    {TS_W_EV_DSR_SHIPPING, NULL, "DSR物流服务中低分"},
    /* the stdout table (narrow columns) */
    {TS_W_TABLE_DATE, "date", "评估日"},
    {TS_W_TABLE_ASSESSED, "assessed", "考核订单"},
    {TS_W_TABLE_CAUSES, "main causes (mean orders) on {}", "主要原因（平均订单数） {}"},
    /* charts */
    {TS_W_DATE, "Date", "日期"},
    {TS_W_FAN_TITLE, "{} as the dashboard shows it each day — {}", "{}：每日所见值（店铺后台）— {}"},
    {TS_W_FAN_SUBTITLE, "mean, median and 5–95% range over {} replications",
     "{} 次重复的均值、中位数与 5–95% 区间"},
    {TS_W_FAN_BAND, "5–95% of replications", "各次重复的 5–95% 区间"},
    {TS_W_TIERS_TITLE, "Tier probabilities on each evaluation day — {}", "各评估日的等级概率 — {}"},
    {TS_W_CAUSES_TITLE_METRIC, "{}: where it comes from — assessed orders with each of its events — {}",
     "{}的来源：各事件的平均考核订单数 — {}"},
    {TS_W_CAUSES_TITLE, "Assessed orders with each rule event — {}", "各规则事件的平均考核订单数 — {}"},
    {TS_W_CAUSES_YLABEL, "Mean assessed orders with the event (orders)", "平均考核订单数（单）"},
    {TS_W_CAUSES_NOTE, "An order with several events counts once in each of them.",
     "一个订单有多个事件时，每个事件各计一次。"},
    {TS_W_POINTS_LOST_TITLE, "{}: points lost by component — {}", "{}：各项扣分 — {}"},
    {TS_W_POINTS_LOST_YLABEL, "Mean points lost on the evaluation day (points)", "评估日平均扣分（分）"},
    {TS_W_POINTS_LOST_NOTE, "Full points minus the component's points on the evaluation day, weighted as in the score.",
     "各项满分减去评估日当天的得分，按其在总分中的权重计。"},
    {TS_W_DIST_TITLE, "{} on evaluation days: distribution over {} — {}", "{}在各评估日的分布（{}）— {}"},
    {TS_W_DIST_YLABEL, "Share of replications (%)", "重复次数占比（%）"},
    {TS_W_DIST_PCT_WHAT, "5–95% range, median and mean", "5–95% 区间、中位数与均值"},
    {TS_W_DIST_PCT_XLABEL, "Evaluation day and variant", "评估日与方案"},
    {TS_W_DIST_PCT_RANGE, "5–95% and median", "5–95% 区间与中位数"},
    {TS_W_TRADEOFF_TITLE, "Gift cost against the chance of {} on {} — {}", "赠品成本与{}概率（{}）— {}"},
    {TS_W_TRADEOFF_XLABEL, "Mean gift cost over the horizon ({})", "模拟期内平均赠品成本（{}）"},
    {TS_W_TRADEOFF_LEGEND, "variant, with the 95% interval", "方案（含 95% 区间）"},
    {TS_W_SWEEP_TITLE, "Sweep of {}: {} and chance of {} on {}", "扫描 {}：{}与{}概率（{}）"},
    {TS_W_SWEEP_METRIC, "{}: mean and 5–95%", "{} 均值与 5–95% 区间"},
    {TS_W_STANDING_TITLE, "One shop under each platform's rules — probability of each tier",
     "同一店铺在各平台规则下的等级概率"},
    {TS_W_STANDING_SUBTITLE, "{}: each variant on its last evaluation day within the horizon (dated on the left)",
     "{}：每个方案取模拟期内最后一个评估日（日期见左侧）"},
    {TS_W_STANDING_NOTE, "Colours rank each rulebook's own tiers: best green … worst red; grey: not assessed.",
     "颜色按各规则自己的等级排序：最好为绿色 … 最差为红色；灰色为不考核。"},
    {TS_W_STANDING_NARROW, "narrow segments: {}", "窄段：{}"},
    /* captions */
    {TS_W_CAPTION_FAN, "The headline metric as the seller's dashboard shows it each day: mean, median and the "
     "5–95% band of the replications; dashed lines are the tier thresholds, dotted lines the evaluation "
     "days, shaded areas the peaks.",
     "卖家后台每天看到的核心指标：各次重复的均值、中位数与 5–95% 区间；虚线为等级门槛，点线为评估日，阴影为大促期。"},
    {TS_W_CAPTION_TIERS, "Probability of each tier on each evaluation day (best tier at the bottom).",
     "每个评估日落入各等级的概率（最好的等级在最下）。"},
    {TS_W_CAPTION_CAUSES, "Mean number of assessed orders with each rule event, per evaluation day; an order "
     "with several events counts in each.",
     "每个评估日各类规则事件的平均考核订单数；一单有多个事件时各计一次。"},
    {TS_W_CAPTION_DISTRIBUTION, "Distribution of the headline metric over the replications on the evaluation "
     "days, with the thresholds.",
     "各评估日核心指标在各次重复中的分布，以及等级门槛。"},
    {TS_W_CAPTION_TRADEOFF, "Gift cost against the probability of the best tier some variant reaches (or better) "
     "on the last evaluation day, per variant.",
     "各方案的赠品成本与最后一个评估日达到（有方案能达到的）最好等级及以上的概率。"},
    {TS_W_CAPTION_SWEEP, "The headline metric and the probability of the top tier on the last evaluation day "
     "against the swept value.",
     "最后一个评估日的核心指标与最高等级概率随扫描参数的变化。"},
    {TS_W_CAPTION_POINTS_LOST, "A score's points lost by component: full points minus the mean points of each "
     "component on the evaluation day (weighted as in the score).",
     "评分的各项扣分：各项满分减去评估日当天的平均得分（按其在总分中的权重）。"},
    /* the report */
    {TS_W_REPORT_TITLE, "tiersim report", "tiersim 报告"},
    {TS_W_SETTINGS, "Settings", "运行设置"},
    {TS_W_SCENARIO_FILE, "Scenario file", "场景文件"},
    {TS_W_RULEBOOK_SETTINGS, "{}-day window; evaluated {}; at least {} assessed orders",
     "{} 天窗口，{}；最少 {} 单参与考核"},
    {TS_W_EVERY_DAY, "every day", "每天评估"},
    {TS_W_AT_MONTH_END, "at month end", "每月末评估"},
    {TS_W_HORIZON, "Horizon", "模拟期"},
    {TS_W_WARMUP, "Warm-up history", "预热历史"},
    {TS_W_N_MORE, "{} more", "{} 个"},
    {TS_W_SEED, "Seed", "随机种子"},
    {TS_W_VARIANTS, "Variants", "方案数"},
    {TS_W_PROGRAM, "Program", "程序"},
    {TS_W_MEAN_RANGE, "mean (5–95%)", "均值（5–95%）"},
    {TS_W_MEAN_CI, "mean (95% CI)", "均值（95% 置信区间）"},
    {TS_W_TIER_NOTE, "Tier probabilities are the share of replications in each tier, with the Wilson 95% "
     "interval; the metric shows its mean over the replications and the 5–95% range of the replications.",
     "等级概率为落入该等级的重复次数占比，括号内为 Wilson 95% 区间；指标为各次重复的均值，括号内为 5–95% 分位区间。"},
    {TS_W_OTHER_METRICS, "Other metrics", "其他指标"},
    {TS_W_MAIN_CAUSES, "Main causes (mean assessed orders with each rule event)",
     "主要原因（每类规则事件的平均考核订单数）"},
    {TS_W_RULE_EVENT, "Rule event", "规则事件"},
    {TS_W_CAUSES_LAST_SIX, "The last six evaluation days are shown; causes.csv has every day.",
     "仅显示最后六个评估日；全部见 causes.csv。"},
    {TS_W_MONEY, "Money over the horizon", "模拟期内的金额"},
    {TS_W_MONEY_ORDERS, "Orders", "订单数"},
    {TS_W_MONEY_GROSS, "Gross order value", "订单总额"},
    {TS_W_MONEY_AOV, "Average order value", "客单价"},
    {TS_W_MONEY_TOPUPS, "Orders topped up to a gift threshold", "为凑赠品门槛而加购的订单"},
    {TS_W_MONEY_GIFT_COST, "Gift cost (gifts and their shipping)", "赠品成本（含运费）"},
    {TS_W_MONEY_GIFTS_SENT, "Gifts sent: ", "寄出赠品："},
    {TS_W_BASE_HEADING, "Base: ", "基准："},
    {TS_W_VARIANT_HEADING, "Variant: ", "方案："},
    {TS_W_CHARTS, "Charts", "图表"},
    {TS_W_NO_PLOTS, "Plots were not made for this run (--no-plots).", "本次运行未生成图表（--no-plots）。"},
    {TS_W_NOT_RENDERED, "Plots were not rendered: no chart SVG was found (is gnuplot installed?). The gnuplot "
     "scripts are in the plots folder.",
     "图表未渲染：找不到图表 SVG 文件（是否安装了 gnuplot？）。gnuplot 脚本在 plots 文件夹中。"},
    {TS_W_NOT_INCLUDED, "Not included.", "未包含。"},
    {TS_W_MADE_BY, "Made by", "生成程序："},
    {TS_W_TAGLINE, "a Monte Carlo what-if simulator for marketplace seller service tiers",
     "电商卖家服务等级蒙特卡洛模拟器"},
    {TS_W_UNCERTAIN_HEADING, "uncertain parameters, drawn once per replication: mean (5–95%)",
     "不确定参数（每次重复抽取一次）：均值（5–95% 区间）"},
    /* customer service: 客服 customer service, 咨询会话 a conversation, 首次响应 the first
       response, 在岗席位 the slots on duty (agents × concurrency) */
    {TS_W_WD_MON, "Mon", "周一"},
    {TS_W_WD_TUE, "Tue", "周二"},
    {TS_W_WD_WED, "Wed", "周三"},
    {TS_W_WD_THU, "Thu", "周四"},
    {TS_W_WD_FRI, "Fri", "周五"},
    {TS_W_WD_SAT, "Sat", "周六"},
    {TS_W_WD_SUN, "Sun", "周日"},
    {TS_W_UNIT_MIN, "min", "分钟"},
    {TS_W_SERVICE, "Customer service (first response)", "客服（首次响应）"},
    {TS_W_SERVICE_CONVERSATIONS, "conversations", "咨询会话"},
    {TS_W_SERVICE_FIRST, "first response mean / p90", "首次响应 均值 / p90"},
    {TS_W_SERVICE_WITHIN3, "answered within 3 min", "3分钟回复率"},
    {TS_W_SERVICE_WITHIN24H, "answered within 24 h", "24小时回复率"},
    {TS_W_SERVICE_BUSIEST, "busiest hour", "最忙时段"},
    {TS_W_SERVICE_BUSIEST_AT, "{}: mean wait {} min, slots on duty {}", "{}：平均等待 {} 分钟，在岗席位 {}"},
    {TS_W_SERVICE_NOTE, "First response: the minutes from a conversation's arrival until an agent takes "
     "it up, over every conversation of the horizon; means over the replications, the shares with the "
     "5–95% range of the replications. The busiest hour of the week has the longest mean wait.",
     "首次响应：从咨询会话到达到客服接起的分钟数，统计模拟期内全部会话；为各次重复的均值，回复率附各次重复的 "
     "5–95% 区间。最忙时段为一周中平均等待最长的小时。"},
    {TS_W_REPLIES_TITLE, "First response by hour of the week — {} — {}", "一周各小时的首次响应 — {} — {}"},
    {TS_W_REPLIES_SUBTITLE, "means over {} replications, by the hour a conversation arrives; waits under "
     "0.1 min are drawn at 0.1",
     "{} 次重复的均值，按会话到达的小时；不足 0.1 分钟的等待画在 0.1"},
    {TS_W_REPLIES_WAIT_AXIS, "Wait for the first response (min, log scale)", "首次响应等待（分钟，对数刻度）"},
    {TS_W_REPLIES_HOUR_AXIS, "Hour of the week (when the conversation arrives)", "一周中的小时（会话到达时间）"},
    {TS_W_REPLIES_MEAN, "mean wait", "平均等待"},
    {TS_W_REPLIES_P90, "90th percentile of the wait", "等待的 90% 分位数"},
    {TS_W_REPLIES_ARRIVALS, "conversations per hour", "每小时咨询会话"},
    {TS_W_REPLIES_SLOTS, "slots on duty", "在岗席位"},
    {TS_W_REPLIES_BUSIEST, "busiest hour: {}, mean wait {} min", "最忙时段：{}，平均等待 {} 分钟"},
    {TS_W_REPLIES_RULE_3, "3 min", "3 分钟"},
    {TS_W_REPLIES_RULE_24H, "24 h", "24 小时"},
    {TS_W_REPLY_DAILY_TITLE, "Share of conversations answered within 3 minutes, each day — {}",
     "每日3分钟回复率 — {}"},
    {TS_W_REPLY_DAILY_SUBTITLE, "conversations arriving that day; mean and 5–95% range over {} replications",
     "当日到达的咨询会话；{} 次重复的均值与 5–95% 区间"},
    {TS_W_REPLY_DAILY_AXIS, "Answered within 3 minutes (%)", "3分钟回复率（%）"},
    {TS_W_CAPTION_REPLIES, "Waiting for the first response by the hour of the week a conversation arrives: "
     "mean and 90th percentile (log scale, with the 3-minute and 24-hour marks), conversations per hour "
     "and the slots on duty (agents × concurrency); the busiest hour is marked.",
     "按会话到达的一周小时统计的首次响应等待：均值与 90% 分位数（对数刻度，标出 3 分钟与 24 小时），每小时咨询会话数与在岗席位"
     "（客服人数 × 并发数）；标出最忙时段。"},
    {TS_W_CAPTION_REPLY_DAILY, "The daily share of conversations answered within 3 minutes: mean and the "
     "5–95% band of the replications; shaded areas are the peaks.",
     "每日3分钟回复率：各次重复的均值与 5–95% 区间；阴影为大促期。"},
    /* sensitivity and solve */
    {TS_W_TIER_OR_BETTER, "{} or better", "{}及以上"},
    {TS_W_MEASURE_MEAN, "mean {}", "{}均值"},
    {TS_W_MEASURE_TIER, "P({} or better)", "P(不低于{})"},
    {TS_W_SENS_HEADING, "sensitivity of {} on {} · {} replications · seed {} · range {}",
     "{} 的敏感性分析（{}）· {} 次重复 · 种子 {} · 变化范围 {}"},
    {TS_W_SENS_PARAM, "parameter", "参数"},
    {TS_W_SENS_LOW_HIGH, "low → high", "低值 → 高值"},
    {TS_W_SENS_AT_LOW, "at low", "低值时"},
    {TS_W_SENS_AT_HIGH, "at high", "高值时"},
    {TS_W_SENS_NOISE, "within noise", "在噪声范围内"},
    {TS_W_SENS_LEFT_OUT, "left out: {}", "未纳入：{}"},
    {TS_W_SENS_BASE, "base {}", "基准 {}"},
    {TS_W_TORNADO_TITLE, "Which parameter moves {} on {}? ({})", "哪个参数最影响{}（{}，{}）？"},
    {TS_W_TORNADO_XLABEL, "Change from the base ({}), with the paired 95% interval",
     "与基准之差（{}），含配对 95% 区间"},
    {TS_W_TORNADO_LOW, "parameter at its low value", "参数取低值"},
    {TS_W_TORNADO_HIGH, "parameter at its high value", "参数取高值"},
    {TS_W_SPIDER_TITLE, "{} on {} as each parameter changes ({})", "{}随各参数的变化（{}，{}）"},
    {TS_W_SPIDER_XLABEL, "Change of the parameter from its base value (%)", "参数相对基准值的变化（%）"},
    {TS_W_SOLVE_HEADING, "solve {} in [{}, {}] for {} · seed {}", "求解 {}（范围 [{}, {}]）使 {} · 种子 {}"},
    {TS_W_SOLVE_TITLE, "{} against {} ({})", "{}随{}的变化（{}）"},
    {TS_W_SOLVE_GOAL, "goal: {}", "目标：{}"},
    {TS_W_SOLVE_ANSWER, "answer {}", "答案 {}"},
    {TS_W_SOLVE_TRIED, "tried values (95% interval)", "试算值（95% 区间）"},
    {TS_W_SOLVE_FOUND, "answer: {} = {} (the goal holds there at 95%)", "答案：{} = {}（在 95% 置信水平下达成目标）"},
    {TS_W_SOLVE_AT_BOUND, "answer: {} = {}, the end of the range: the goal already holds there",
     "答案：{} = {}，即范围端点：此处已达成目标"},
    {TS_W_SOLVE_NOT_REACHED, "the goal is not reached anywhere in [{}, {}] (best tried: {} at {})",
     "在 [{}, {}] 内均未达成目标（最好的试算：{} 时为 {}）"},
    {TS_W_SOLVE_NOISY, "within noise: at the cap of {} replications the goal could not be told apart from "
     "its line between {} and {}", "在噪声范围内：{} 次重复的上限下，{} 与 {} 之间无法区分是否达成目标"},
    {TS_W_SOLVE_NOT_MONOTONE, "not monotone: the goal holds at {} but fails at {}; the answer is the first "
     "crossing in the search direction", "非单调：{} 时达成目标而 {} 时未达成；答案取搜索方向上的第一个穿越点"},
    {TS_W_SOLVE_COST, "{} values tried · {} runs · {} replications simulated", "试算 {} 个取值 · 运行 {} 次 · 共模拟 {} 次重复"},
    {TS_W_SOLVE_VALUE, "value", "取值"},
    {TS_W_SOLVE_ESTIMATE, "estimate (95% interval)", "估计值（95% 区间）"},
    {TS_W_SOLVE_SIDE, "goal", "目标"},
    {TS_W_SOLVE_HOLDS, "holds", "达成"},
    {TS_W_SOLVE_FAILS, "fails", "未达成"},
    {TS_W_SOLVE_UNDECIDED, "within noise", "无法区分"},
    {TS_W_CAPTION_TORNADO, "Tornado: the paired change of the ranked measure when each parameter is set to its "
     "low and its high value, all on the base's random numbers.",
     "龙卷风图：各参数取低值与高值时排序指标的配对变化，所有取值共用基准的随机数。"},
    {TS_W_CAPTION_SPIDER, "Spider: the ranked measure at five values of each of the leading parameters.",
     "蛛网图：排名靠前的各参数在五个取值下的排序指标。"},
    {TS_W_CAPTION_SOLVE, "The goal's measure at every tried value, with its 95% interval, the goal line and "
     "the answer.", "各试算取值下目标指标及其 95% 区间、目标线与答案。"},
    /* tiersim fit */
    {TS_W_FIT_TITLE, "Fitted from {} ({} orders, {} to {})", "由 {} 拟合（{} 单，{} 至 {}）"},
    {TS_W_FIT_PARAMETER, "parameter", "参数"},
    {TS_W_FIT_ESTIMATE, "estimate", "估计值"},
    {TS_W_FIT_INTERVAL, "95% interval", "95% 区间"},
    {TS_W_FIT_N, "n", "样本量"},
    {TS_W_FIT_METHOD, "method", "方法"},
    {TS_W_FIT_ML, "max. likelihood", "极大似然"},
    {TS_W_FIT_BETA, "Beta posterior", "Beta 后验"},
    {TS_W_FIT_EXACT, "exact", "精确"},
    {TS_W_FIT_MODE, "most frequent", "众数"},
    {TS_W_FIT_DEFAULT, "default", "默认值"},
    {TS_W_FIT_DEFAULTS, "Kept at defaults", "保留默认值"},
    {TS_W_FIT_LATE, "Late share: observed {}, implied {} ({} orders past their promise date)",
     "延迟妥投率：实际 {}，模型 {}（{} 单已过承诺日）"},
    {TS_W_FIT_LANES_CARRIER, "Lanes: one per carrier", "线路：每个物流商一条"},
    {TS_W_FIT_LANES_PROMISE, "Lanes: by carrier and promised days", "线路：按物流商与承诺天数"},
    {TS_W_FIT_UNCERTAIN, "uncertain", "不确定"},
    {TS_W_FIT_WARNINGS, "Warnings", "警告"},
    {TS_W_FIT_HEADING, "{}:", "{}："},
    {TS_W_FIT_DEFAULT_LINE, "{} = {}: {}", "{} = {}：{}"},
    {TS_W_FIT_LANES_LINE, "{}. {}", "{}。{}"},
    {TS_W_FIT_FROM_FOLDER, " (from the scenario's folder)", "（相对于场景所在的文件夹）"},
    {TS_W_SHOPS_TITLE, "Shops ranked by P({}) on {} ({} shops, {})", "按 P({}) 排序的店铺（{}，{} 家店铺，{}）"},
    {TS_W_SHOPS_XLABEL, "Shops, ranked by P({}) on {} (1 = highest)", "店铺按 P({}) 排序（{}；1 = 最高）"},
    {TS_W_SHOPS_YLABEL, "P({}) (%)", "P({})（%）"},
    {TS_W_SHOPS_HIGHEST, "highest: {}", "最高：{}"},
    {TS_W_SHOPS_LOWEST, "lowest: {}", "最低：{}"},
    {TS_W_SHOPS_NOTE, "each point a shop, with its 95% interval", "每个点为一家店铺，含 95% 区间"},
    {TS_W_TIER_COUNTS_TITLE, "Shops per tier on {} ({} shops, {})", "各等级店铺数（{}，{} 家店铺，{}）"},
    {TS_W_TIER_COUNTS_YLABEL, "Expected number of shops", "店铺数期望值"},
    {TS_W_TIER_COUNTS_NOTE, "bars: expected number over {} replications; whiskers: its 95% interval",
     "柱：{} 次重复的期望店铺数；须线：其 95% 区间"},
    {TS_W_CAPTION_SHOPS, "Every shop's probability of the best tier on the last evaluation day, with its 95% "
     "interval, shops ranked on the base; each variant (a rule change) at the same shop's place.",
     "各店铺在最后评估日获得最佳等级的概率及其 95% 区间，店铺按基准方案排序；各方案（如规则调整）画在同一店铺的位置。"},
    {TS_W_CAPTION_TIER_COUNTS, "How many shops land in each tier on the last evaluation day: the expected number "
     "per variant with its 95% interval, from the count in every replication.",
     "最后评估日各等级的店铺数：各方案的期望店铺数及其 95% 区间，由每次重复中的店铺数算出。"},
    /* tiersim fit's diagnostic charts */
    {TS_W_FITPLOT_OBSERVED, "in the export", "导出数据"},
    {TS_W_FITPLOT_EXPECTED, "fitted: expected count", "拟合：期望数"},
    {TS_W_FITPLOT_VOLUME_TITLE, "Orders per day: the export and the fitted volume — {}",
     "每日订单：导出数据与拟合的订单量 — {}"},
    {TS_W_FITPLOT_VOLUME_SUB, "fitted negative binomial: {} orders a day × weekday factor × (1 + {})^day, "
     "dispersion {}", "拟合的负二项分布：每日 {} 单 × 星期系数 × (1 + {})^天，离散度 {}"},
    {TS_W_FITPLOT_VOLUME_AXIS, "Orders paid that day", "当日付款订单数"},
    {TS_W_FITPLOT_MEAN, "fitted mean", "拟合均值"},
    {TS_W_FITPLOT_RANGE, "fitted 90% range of a day's count", "拟合的单日订单数 90% 范围"},
    {TS_W_FITPLOT_TRANSIT_TITLE, "Days from dispatch to delivery, by lane — {}", "各线路从发货到妥投的天数 — {}"},
    {TS_W_FITPLOT_TRANSIT_SUB, "fitted: (1 − lost share) × P(max(1, ⌈T⌉) = k) × parcels dispatched at least k "
     "days before the export's last day, T the lane's gamma",
     "拟合：(1 − 丢件率) × P(max(1, ⌈T⌉) = k) × 在导出末日前至少 k 天发出的包裹数，T 为该线路的 gamma 分布"},
    {TS_W_FITPLOT_LANE, "{}: {} delivered, gamma mean {} d, sd {} d", "{}：妥投 {} 件，gamma 均值 {} 天，标准差 {} 天"},
    {TS_W_FITPLOT_PROMISE, "promise − handling: {} d", "承诺 − 备货：{} 天"},
    {TS_W_FITPLOT_TRANSIT_AXIS, "Days from dispatch to delivery", "发货到妥投的天数"},
    {TS_W_FITPLOT_COUNT_AXIS, "Orders", "订单数"},
    {TS_W_FITPLOT_MORE_LANES, "{} smaller lanes are in fit.json", "另有 {} 条较小的线路见 fit.json"},
    {TS_W_FITPLOT_FEEDBACK_TITLE, "Days from an order's end to its feedback — {}", "订单结束到评价的天数 — {}"},
    {TS_W_FITPLOT_FEEDBACK_SUB, "fitted: probability {} × truncated geometric delay (mean {} d, 1–{} d) × orders "
     "observed ≥ k days after their end; {} feedbacks",
     "拟合：评价概率 {} × 截断几何分布的延迟（均值 {} 天，1–{} 天）× 结束后至少观察了 k 天的订单数；共 {} 条评价"},
    {TS_W_FITPLOT_FEEDBACK_AXIS, "Days after the end day (delivery + confirmation days, or the dispute's close)",
     "结束日（妥投 + 确认期，或纠纷关闭）之后的天数"},
    {TS_W_FITPLOT_STARS_TITLE, "Scores by stars: the export and the fitted shares — {}",
     "评分星级：导出数据与拟合的比例 — {}"},
    {TS_W_FITPLOT_STARS_SUB, "overall and DSR scores pooled ({} scores); fitted: the 4–5 and the 1–3 totals "
     "split by five_star_share {} and low_star_weights",
     "总评分与 DSR 评分合计（{} 个）；拟合：4–5 星与 1–3 星的总数按 five_star_share {} 与 low_star_weights 分配"},
    {TS_W_FITPLOT_STARS_AXIS, "Stars", "星级"},
    {TS_W_FITPLOT_SCORES_AXIS, "Scores", "评分数"},
    {TS_W_FITPLOT_LANE_DEFAULT, "{} (the defaults: too few deliveries to fit)", "{}（默认值：妥投太少，未拟合）"},
    /* the report's history row */
    {TS_W_REPORT_HISTORY, "The shop's own orders (history)", "店铺自己的订单（history）"},
    {TS_W_REPORT_HISTORY_LINE, "{} orders paid {} to {}: they fill the rating window in place of simulated "
     "warm-up; what had not happened by {} is drawn in each replication",
     "{} 单，付款日 {} 至 {}：以它们代替模拟预热填充考核窗口；截至 {} 尚未发生的事件在每次重复中抽样"},
    /* tiersim fit's notes on parameters (fit_text.h; fit.json keeps the English) */
    {FIT_MSG(TOO_FEW), "{1} {2}, fewer than {3}: the default", "{2}样本量为 {1}，不足 {3}，取默认值"},
    {FIT_MSG(K_OF_N), "{1} of {2} {3}", "{3}共 {2}，其中 {1}"},
    {FIT_MSG(COUNTED), "{1}", "{1}"},
    {FIT_MSG(PAY_DAYS), "days of pay (negative binomial counts, zero-order days included)",
     "付款日（负二项计数，含零订单的日子）"},
    {FIT_MSG(WEEKDAYS_FEW), "{1} days, fewer than 28: all weekdays alike", "仅 {1} 天，不足 28 天，各星期系数均取 1"},
    {FIT_MSG(WEEKDAY), "days of this weekday; the seven factors average 1", "该星期几的天数；七个星期系数的平均为 1"},
    {FIT_MSG(GROWTH_FEW), "{1} days, fewer than 28", "仅 {1} 天，不足 28 天"},
    {FIT_MSG(GROWTH_WILD), "the best fit's growth runs away (see the warning): the default",
     "最优拟合的增长失控（见警告），取默认值"},
    {FIT_MSG(POISSON), "at the boundary: Poisson counts", "位于边界：泊松计数"},
    {FIT_MSG(NONE_SEEN), "no {1}: the default", "导出数据中没有{1}，取默认值"},
    {FIT_MSG(MODE_OF), "the most frequent of {1} {2}", "{2}（共 {1}）的众数"},
    {FIT_MSG(NO_DISPATCHED_AT), "the export has no dispatched_at: the default", "导出数据没有 dispatched_at 列，取默认值"},
    {FIT_MSG(NO_WAIT), "no order waited past its ready day: no sign of a limit (at most {1} dispatches a day)",
     "没有订单在备货完成后还需等待，看不出发货上限（单日最多发货 {1} 单）"},
    {FIT_MSG(CAPACITY), "the dispatch count of {1} of the {2} days that left ready orders waiting",
     "{2} 个积压日（有备好的订单未能当天发出）中 {1} 天的发货数"},
    {FIT_MSG(CAPACITY_VARIES), "{1} days left ready orders waiting but dispatched different numbers: no fixed limit, "
     "kept unlimited", "{1} 个积压日的发货数各不相同：没有固定上限，保持不限"},
    {FIT_MSG(NO_CLOSING), "no order closed at a deadline: the default", "没有订单因超过发货期限而关闭，取默认值"},
    {FIT_MSG(HANDLING_CAPACITY), "the shortest pay-to-dispatch delay under which the days that left orders waiting "
     "agree on a capacity", "能使各积压日的发货数一致指向同一发货上限的最短付款到发货天数"},
    {FIT_MSG(TRANSIT), "deliveries (discretised gamma; parcels in transit as survival terms)",
     "妥投包裹（离散化 gamma 分布；在途包裹作为生存项）"},
    {FIT_MSG(ONLY_LANE), "the only lane", "唯一的线路"},
    {FIT_MSG(NO_DISPATCH), "no dispatched order: the default", "没有已发货订单，取默认值"},
    {FIT_MSG(CONFIRM), "the shortest delivery-to-feedback delay less one day", "妥投到评价的最短天数减一天"},
    {FIT_MSG(NO_CONFIRM), "no feedback on an undisputed order", "没有无纠纷订单的评价"},
    {FIT_MSG(NOT_IDENTIFIED), "not identified: the default", "无法识别该参数，取默认值"},
    {FIT_MSG(FEEDBACK_PROB), "delivered orders not arbitrated; no feedback yet as a survival term",
     "未进入仲裁的已妥投订单；尚无评价的作为生存项"},
    {FIT_MSG(FEEDBACK_DELAY), "feedbacks (truncated geometric)", "评价（截断几何分布）"},
    {FIT_MSG(NO_REVISION), "no revision among {1} low overall feedbacks", "{1} 条中差评均未修改"},
    {FIT_MSG(REVISION), "{1} of {2} low overall feedbacks revised = contact x success (success kept at 0.3)",
     "{2} 条中差评中有 {1} 条被修改 = 联系率 × 成功率（成功率保持 0.3）"},
    {FIT_MSG(COMM_BASE), "not identified apart from service.slow_reply_prob (both raise low communication scores "
     "alike): the default", "与 service.slow_reply_prob 无法区分（两者同样提高DSR卖家服务低分的概率），取默认值"},
    {FIT_MSG(NO_DISPUTE_COLUMNS), "the export has no dispute columns: the default", "导出数据没有纠纷相关的列，取默认值"},
    {FIT_MSG(FLAGS), "{1}; {2} disputes; the noisy-or coefficients are the defaults",
     "{1}；纠纷 {2} 起；noisy-or 系数取默认值"},
    {FIT_MSG(NOT_IN_EXPORT), "not identified by an export: the default", "导出数据无法识别该参数，取默认值"},
    /* tiersim fit's warnings */
    {FIT_MSG(W_FEW_ORDERS), "{1}: only {2} orders; most parameters keep their defaults",
     "{1}：仅 {2} 单，多数参数保留默认值"},
    {FIT_MSG(W_TOO_FEW), "{1}: only {2} {3}; keeping the default {4}", "{1}：{3}样本量只有 {2}，保留默认值 {4}"},
    {FIT_MSG(W_NONE), "{1}: no {2}; keeping the default {3}", "{1}：没有{2}，保留默认值 {3}"},
    {FIT_MSG(W_SINGULAR), "{1}: the observed information is singular; estimates without intervals",
     "{1}：观测信息矩阵奇异，估计值没有区间"},
    {FIT_MSG(W_ZERO_VALUE), "order_value: {1} orders of value 0 left out of the lognormal",
     "order_value：{1} 单金额为 0，未计入对数正态分布"},
    {FIT_MSG(W_OLD_ORDERS), "volume: {1} orders paid before {2} left out of the volume fit, which covers the "
     "last {3} pay days (older orders describe another shop)",
     "订单量：{1} 单付款早于 {2}，未计入订单量的估计（只用最近 {3} 个付款日：更早的订单反映的是另一个时期的店铺）"},
    {FIT_MSG(W_CAPACITY), "fulfilment.capacity_per_day: {1} days left ready orders waiting, but only {2} of them "
     "dispatched the most frequent count ({3}; the most on any day {4}): not a fixed daily limit, so the capacity "
     "stays unlimited", "fulfilment.capacity_per_day：{1} 个积压日中只有 {2} 天的发货数等于众数（{3}；单日最多 {4}）："
     "不是固定的每日上限，发货上限保持不限"},
    {FIT_MSG(W_UNEXPLAINED), "fulfilment: {1} orders neither dispatched nor closed, paid longer ago than any order "
     "waited (cancelled?): left out of the capacity estimate",
     "fulfilment：{1} 单既未发货也未关闭，付款距今已超过任何订单等待过的天数（已取消？），未计入发货上限的估计"},
    {FIT_MSG(W_NO_CARRIER), "fulfilment.carriers: no dispatched order (no dispatched_at); one carrier at the defaults",
     "fulfilment.carriers：没有已发货订单（无 dispatched_at）；只设一个取默认值的物流商"},
    {FIT_MSG(W_FEEDBACK_OUTSIDE), "feedback: {1} feedback delays outside 1..{2} days of the end day (taken as the "
     "nearest)", "评价：{1} 条评价距结束日的天数不在 1..{2} 天内（按最近的端点计）"},
    {FIT_MSG(W_GIFTS), "defects: {1} reviews of orders with a gift left out (a gift's satisfaction, not in the "
     "export, lowers their low-score chances)",
     "缺陷：{1} 条附赠品订单的评价未计入（赠品带来的满意度不在导出数据中，它会降低这些订单给低分的概率）"},
    {FIT_MSG(W_FLAT), "{1}: the likelihood is flat at its maximum ({2}): no interval",
     "{1}：似然在极大值（{2}）处平坦，没有区间"},
    {FIT_MSG(W_GROWTH_WILD), "{1}: the best fit's growth runs away (more than doubling the orders "
     "a day, outside the scenario's (-1, 1], or over 1000 times the window's mean by the start: orders bunched at "
     "the window's end, or the export's last date far past its last payment): volume fitted without growth",
     "{1}：最优拟合的增长失控（订单量每天翻倍以上，超出场景允许的 (-1, 1]；或到开始日时超过窗口日均的 "
     "1000 倍：订单集中在窗口末尾，或导出数据的最后日期远晚于最后一次付款），订单量按无增长拟合"},
    /* what tiersim fit's notes and warnings count */
    {FIT_WHAT(POSITIVE_VALUES), "orders with a positive value", "金额为正的订单"},
    {FIT_WHAT(HANDLING_DELAYS), "pay-to-dispatch delays", "付款到发货的天数"},
    {FIT_WHAT(PROMISES), "promises", "承诺天数"},
    {FIT_WHAT(CLOSINGS), "capacity closings (pay to close, less one)",
     "因超过发货期限而关闭的订单（付款到关闭的天数减一）"},
    {FIT_WHAT(STOCKOUT_ORDERS), "orders old enough to be dispatched", "已到发货时间的订单"},
    {FIT_WHAT(LOSS_ORDERS), "shipped orders whose promise has run out", "已过承诺日的已发货订单"},
    {FIT_WHAT(DELIVERIES), "deliveries", "妥投包裹"},
    {FIT_WHAT(DISPATCHED), "dispatched orders", "已发货订单"},
    {FIT_WHAT(OPEN_DELAYS), "delivery-to-dispute delays", "妥投到发起纠纷的天数"},
    {FIT_WHAT(ESCALATION_DELAYS), "dispute-to-arbitration delays", "纠纷到提起仲裁的天数"},
    {FIT_WHAT(RULING_DELAYS), "arbitration-to-ruling delays", "仲裁到裁决的天数"},
    {FIT_WHAT(CLOSE_DELAYS), "dispute-to-close delays", "纠纷到关闭的天数"},
    {FIT_WHAT(OLD_DISPUTES), "disputes at least 5 days old", "发起已满 5 天的纠纷"},
    {FIT_WHAT(ESCALABLE), "replied disputes old enough to be escalated", "已回应且已到可提起仲裁时间的纠纷"},
    {FIT_WHAT(RULINGS), "rulings", "仲裁裁决"},
    {FIT_WHAT(FEEDBACKS), "feedbacks", "评价"},
    {FIT_WHAT(HIGH_SCORES), "scores of 4 or 5 stars (overall and DSR)", "4 或 5 星的评分（总评分与 DSR）"},
    {FIT_WHAT(LOW_SCORES), "scores of 1 to 3 stars", "1 至 3 星的评分"},
    {FIT_WHAT(REVISION_DELAYS), "feedback-to-revision delays", "评价到修改的天数"},
    {FIT_WHAT(LOW_FEEDBACKS), "low overall feedbacks", "中差评"},
    {FIT_WHAT(DEFECT_ORDERS), "delivered orders (disputes by reason, low scores)",
     "已妥投订单（按原因分的纠纷与低分）"},
    {FIT_WHAT(SLOW_ORDERS), "shipped orders (disputes, low communication scores)",
     "已发货订单（纠纷与DSR卖家服务低分）"},
    {FIT_WHAT(DISPUTE_ORDERS), "shipped orders whose dispute would show", "纠纷已能显现的已发货订单"},
    {FIT_WHAT(OVERALL_SCORES), "overall scores", "总评分"},
    {FIT_WHAT(DESCRIPTION_SCORES), "description scores", "DSR商品描述评分"},
    {FIT_WHAT(COMMUNICATION_SCORES), "communication scores", "DSR卖家服务评分"},
    {FIT_WHAT(SHIPPING_SCORES), "shipping scores", "DSR物流服务评分"},
    /* the warnings of tiersim fit itself */
    {TS_W_FIT_WARNING, "warning: {}", "警告：{}"},
    {TS_W_FIT_NO_HISTORY, "the scenario has no history: {}", "场景不含 history：{}"},
    {TS_W_FIT_NO_HISTORY_START, "--start is not after the export's last date, and a history must end before start",
     "--start 不晚于导出数据的最后日期，而 history 必须在 start 之前结束"},
    {TS_W_FIT_NO_HISTORY_EXPORT, "the export's path cannot be resolved", "无法解析导出文件的路径"},
    {TS_W_FIT_NO_HISTORY_COLUMNS, "the column map's path cannot be resolved", "无法解析列映射文件的路径"},
};

const ts_gloss *ts_present_glossary(size_t *n)
{
    *n = TS_W_COUNT;
    return GLOSSARY;
}

const char *ts_present_word(ts_word id, bool zh)
{
    const ts_gloss *g = &GLOSSARY[id < TS_W_COUNT ? id : 0];
    return zh || g->en == NULL ? g->zh : g->en;
}

#define FILL_MAX 16

/* text with its "{}" and "{N}" replaced by arg[0..n-1] (ts_present_fill) */
static char *fill(const char *text, const char *const *arg, size_t n)
{
    ts_buf b = {0};
    ts_buf_puts(&b, "");
    size_t next = 0;
    for (const char *p = text; *p;) {
        const char *hole = strchr(p, '{');
        if (hole == NULL) {
            ts_buf_puts(&b, p);
            break;
        }
        ts_buf_add(&b, p, (size_t)(hole - p));
        size_t k;
        if (hole[1] == '}') {
            k = next++;
            p = hole + 2;
        } else if (hole[1] >= '1' && hole[1] <= '9' && hole[2] == '}') {
            k = (size_t)(hole[1] - '1');
            p = hole + 3;
        } else {
            ts_buf_add(&b, "{", 1);
            p = hole + 1;
            continue;
        }
        ts_buf_puts(&b, k < n && arg[k] ? arg[k] : "");
    }
    return b.s;
}

/* zh is an int: va_start's last named parameter must keep its type under the
** default argument promotions, and a bool would not (C11 7.16.1.4). */
char *ts_present_fill(ts_word id, int zh, ...)
{
    const char *arg[FILL_MAX];
    size_t n = 0;
    va_list ap;
    va_start(ap, zh);
    for (const char *a; n < FILL_MAX && (a = va_arg(ap, const char *)) != NULL;)
        arg[n++] = a;
    va_end(ap);
    return fill(ts_present_word(id, zh != 0), arg, n);
}

char *ts_present_fit_text(const ts_fit_text *t, bool zh)
{
    if (t->msg <= TS_FIT_MSG_NONE || t->msg >= TS_FIT_MSG_COUNT)
        return ts_xstrdup("");
    const char *arg[TS_FIT_TEXT_ARGS];
    for (size_t k = 0; k < TS_FIT_TEXT_ARGS; k++) {
        ts_fit_what w = t->what[k];
        arg[k] = w > TS_FIT_WHAT_NONE && w < TS_FIT_WHAT_COUNT
                     ? ts_present_word((ts_word)(TS_W_FIT_WHAT_FIRST + w - 1), zh) : t->arg[k];
    }
    return fill(ts_present_word((ts_word)(TS_W_FIT_MSG_FIRST + t->msg - 1), zh), arg, TS_FIT_TEXT_ARGS);
}

const char *ts_present_capital(const char *s, char out[static 64])
{
    snprintf(out, 64, "%s", s ? s : "");
    if (out[0] >= 'a' && out[0] <= 'z')
        out[0] = (char)(out[0] - 'a' + 'A');
    return out;
}

/* ------------------------------------------------------------------ */
/* The charts.                                                         */

static const struct {
    const char *name;
    ts_word caption; /* TS_W_COUNT: none */
} CHARTS[TS_CHART_COUNT] = {
    [TS_CHART_FAN] = {"fan", TS_W_CAPTION_FAN},
    [TS_CHART_TIERS] = {"tiers", TS_W_CAPTION_TIERS},
    [TS_CHART_CAUSES] = {"causes", TS_W_CAPTION_CAUSES},
    [TS_CHART_DISTRIBUTION] = {"distribution", TS_W_CAPTION_DISTRIBUTION},
    [TS_CHART_TRADEOFF] = {"tradeoff", TS_W_CAPTION_TRADEOFF},
    [TS_CHART_SWEEP] = {"sweep", TS_W_CAPTION_SWEEP},
    [TS_CHART_POINTS_LOST] = {"points_lost", TS_W_CAPTION_POINTS_LOST},
    [TS_CHART_STANDING] = {"standing", TS_W_COUNT},
    [TS_CHART_REPLIES] = {"replies", TS_W_CAPTION_REPLIES},
    [TS_CHART_REPLY_DAILY] = {"reply_daily", TS_W_CAPTION_REPLY_DAILY},
    [TS_CHART_TORNADO] = {"tornado", TS_W_CAPTION_TORNADO},
    [TS_CHART_SPIDER] = {"spider", TS_W_CAPTION_SPIDER},
    [TS_CHART_SOLVE] = {"solve", TS_W_CAPTION_SOLVE},
    [TS_CHART_SHOPS] = {"shops", TS_W_CAPTION_SHOPS},
    [TS_CHART_TIER_COUNTS] = {"tier_counts", TS_W_CAPTION_TIER_COUNTS},
    [TS_CHART_FIT_VOLUME] = {"fit_volume", TS_W_COUNT},
    [TS_CHART_FIT_TRANSIT] = {"fit_transit", TS_W_COUNT},
    [TS_CHART_FIT_FEEDBACK] = {"fit_feedback", TS_W_COUNT},
    [TS_CHART_FIT_STARS] = {"fit_stars", TS_W_COUNT},
};

const char *ts_present_chart_name(ts_chart chart)
{
    return CHARTS[chart < TS_CHART_COUNT ? chart : 0].name;
}

const char *ts_present_chart_caption(const char *name, bool zh)
{
    if (strncmp(name, "replies-", 8) == 0)
        name = "replies";
    for (size_t i = 0; i < TS_CHART_COUNT; i++)
        if (strcmp(name, CHARTS[i].name) == 0)
            return CHARTS[i].caption == TS_W_COUNT ? NULL : ts_present_word(CHARTS[i].caption, zh);
    return NULL;
}

/* ------------------------------------------------------------------ */
/* Labels and colours.                                                 */

void ts_present_stars(double stars, char *buf, size_t n)
{
    buf[0] = '\0';
    if (!(stars > 0.0))
        return;
    int halves = (int)lround(stars * 2.0);
    halves = halves > 10 ? 10 : halves;
    size_t used = 0;
    for (int i = 0; i < 5; i++) {
        const char *glyph = halves >= 2 * (i + 1) ? "★" : halves == 2 * i + 1 ? "⯪" : "☆";
        size_t len = strlen(glyph);
        if (used + len + 1 > n)
            break;
        memcpy(buf + used, glyph, len);
        used += len;
    }
    buf[used] = '\0';
}

const char *ts_present_tier(const ts_tier *t, bool zh)
{
    const char *en = t->label ? t->label : t->name;
    return zh && t->label_zh ? t->label_zh : en;
}

const char *ts_present_slot(const ts_rulebook *rb, size_t j, bool zh)
{
    if (j < rb->n_tiers)
        return ts_present_tier(&rb->tiers[j], zh);
    return ts_present_word(j == rb->n_tiers ? TS_W_NOT_ASSESSED : TS_W_UNCLASSIFIED, zh);
}

const char *ts_present_metric(const ts_metric *m, bool zh)
{
    if (m->label != NULL || m->label_zh != NULL)
        return ts_metric_label(m, zh);
    /* the aliexpress-2015 words, from before labels moved into the rulebook files */
    static const struct {
        const char *name;
        ts_word word;
    } shipped[] = {
        {"bad_experience_rate", TS_W_METRIC_BAD_EXPERIENCE},
        {"seller_responsible_rate", TS_W_METRIC_SELLER_RESPONSIBLE},
        {"positive_feedback_rate", TS_W_METRIC_POSITIVE_FEEDBACK},
    };
    for (size_t i = 0; i < sizeof shipped / sizeof shipped[0]; i++)
        if (strcmp(m->name, shipped[i].name) == 0)
            return ts_present_word(shipped[i].word, zh);
    return m->name;
}

const char *ts_present_event(const ts_rule_event *ev, bool zh)
{
    if (ev->label != NULL || ev->label_zh != NULL || !zh)
        return ts_rule_event_label(ev, zh);
    ts_word w;
    switch (ev->kind) {
    case TS_EV_NOT_SHIPPED: w = TS_W_EV_NOT_SHIPPED; break;
    case TS_EV_LATE_DISPATCH: w = TS_W_EV_LATE_DISPATCH; break;
    case TS_EV_LOST: w = TS_W_EV_LOST; break;
    case TS_EV_LATE_DELIVERY: w = TS_W_EV_LATE_DELIVERY; break;
    case TS_EV_DISPUTE: w = TS_W_EV_DISPUTE; break;
    case TS_EV_DISPUTE_NO_REPLY: w = TS_W_EV_DISPUTE_NO_REPLY; break;
    case TS_EV_ARBITRATION: w = TS_W_EV_ARBITRATION; break;
    case TS_EV_SELLER_RESPONSIBLE: w = TS_W_EV_SELLER_RESPONSIBLE; break;
    case TS_EV_FEEDBACK: w = ev->max_stars <= 3 ? TS_W_EV_LOW_FEEDBACK : TS_W_EV_NOT_FIVE_STARS; break;
    case TS_EV_DSR:
        w = ev->dimension == TS_DSR_DESCRIPTION ? TS_W_EV_DSR_DESCRIPTION
            : ev->dimension == TS_DSR_COMMUNICATION ? TS_W_EV_DSR_COMMUNICATION : TS_W_EV_DSR_SHIPPING;
        break;
    default: return ev->name;
    }
    return ts_present_word(w, true);
}

const char *ts_present_rulebook_title(const ts_rulebook *rb, bool zh)
{
    if (zh && rb->title_zh && rb->title_zh[0])
        return rb->title_zh;
    return rb->title;
}

const char *ts_present_axis_unit(ts_metric_kind kind, bool zh)
{
    if (kind == TS_METRIC_RATE || kind == TS_METRIC_FEEDBACK_SHARE || kind == TS_METRIC_REPLY_WITHIN
        || kind == TS_METRIC_PEER_RANK)
        return "%";
    if (kind == TS_METRIC_REPLY_MEAN_MINUTES)
        return ts_present_word(TS_W_UNIT_MINUTES, zh);
    if (kind == TS_METRIC_POINTS || kind == TS_METRIC_SUM || kind == TS_METRIC_DAILY_MEAN)
        return ts_present_word(TS_W_UNIT_POINTS, zh); /* docs/rulebooks.md "Scores" */
    if (kind == TS_METRIC_MEAN_DAYS)
        return ts_present_word(TS_W_DAYS, zh);
    return ts_present_word(kind == TS_METRIC_DSR_MEAN ? TS_W_UNIT_STARS : TS_W_UNIT_ORDERS, zh);
}

void ts_present_tier_color(size_t i, size_t n, char out[static 8])
{
    static const int stops[5][3] = {
        {0x1a, 0x98, 0x50}, {0x91, 0xcf, 0x60}, {0xfe, 0xe0, 0x8b},
        {0xfc, 0x8d, 0x59}, {0xd7, 0x30, 0x27}
    };
    double t = n > 1 ? (double)i / (double)(n - 1) : 0.0;
    double pos = t * 4.0;
    int k = (int)floor(pos);
    if (k >= 4)
        k = 3;
    double f = pos - k;
    int rgb[3];
    for (int j = 0; j < 3; j++)
        rgb[j] = (int)lround(stops[k][j] + f * (stops[k + 1][j] - stops[k][j]));
    snprintf(out, 8, "#%02x%02x%02x", rgb[0], rgb[1], rgb[2]);
}

void ts_present_slot_color(size_t j, size_t n, char out[static 8])
{
    if (j < n)
        ts_present_tier_color(j, n, out);
    else
        snprintf(out, 8, "%s", j == n ? "#9e9e9e" : "#000000");
}

/* ------------------------------------------------------------------ */
/* Display width.                                                      */

typedef struct {
    uint32_t lo, hi;
} range;

/* The characters whose Unicode East Asian Width is W (wide) or F (fullwidth), as sorted ranges. */
static const range WIDE[] = {
    {0x1100, 0x115F},   /* Hangul Jamo initial consonants */
    {0x231A, 0x231B},   /* watch, hourglass */
    {0x2329, 0x232A},   /* angle brackets */
    {0x2E80, 0x303E},   /* CJK radicals, Kangxi, CJK symbols and punctuation */
    {0x3041, 0x33FF},   /* kana, bopomofo, Hangul compatibility Jamo, CJK compatibility */
    {0x3400, 0x4DBF},   /* CJK extension A */
    {0x4E00, 0x9FFF},   /* CJK unified ideographs */
    {0xA000, 0xA4CF},   /* Yi */
    {0xA960, 0xA97F},   /* Hangul Jamo extended A */
    {0xAC00, 0xD7A3},   /* Hangul syllables */
    {0xF900, 0xFAFF},   /* CJK compatibility ideographs */
    {0xFE10, 0xFE19},   /* vertical forms */
    {0xFE30, 0xFE6F},   /* CJK compatibility forms, small form variants */
    {0xFF00, 0xFF60},   /* fullwidth forms */
    {0xFFE0, 0xFFE6},   /* fullwidth signs */
    {0x1F300, 0x1F64F}, /* pictographs, emoticons */
    {0x1F900, 0x1F9FF}, /* supplemental symbols and pictographs */
    {0x20000, 0x2FFFD}, /* CJK extensions B.. */
    {0x30000, 0x3FFFD},
};

/* Combining marks and zero-width characters. */
static const range ZERO[] = {
    {0x0300, 0x036F}, {0x1AB0, 0x1AFF}, {0x1DC0, 0x1DFF}, {0x200B, 0x200F},
    {0x20D0, 0x20FF}, {0xFE00, 0xFE0F}, {0xFE20, 0xFE2F}, {0xFEFF, 0xFEFF},
    {0xE0100, 0xE01EF},
};

static bool in(const range *r, size_t n, uint32_t cp)
{
    for (size_t i = 0; i < n && cp >= r[i].lo; i++)
        if (cp <= r[i].hi)
            return true;
    return false;
}

/*
** The code point at s and its length in bytes; 0 bytes at the end. A byte
** that starts no valid sequence (or a truncated one) is one byte, U+FFFD.
*/
static uint32_t decode(const unsigned char *s, size_t *len)
{
    unsigned char c = s[0];
    size_t n = c < 0x80 ? 1 : c >= 0xC2 && c < 0xE0 ? 2 : c >= 0xE0 && c < 0xF0 ? 3
             : c >= 0xF0 && c < 0xF5 ? 4 : 0;
    if (n == 0) {
        *len = 1;
        return 0xFFFD;
    }
    uint32_t cp = n == 1 ? c : c & (0x7Fu >> n);
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80) {
            *len = 1;
            return 0xFFFD;
        }
        cp = cp << 6 | (s[i] & 0x3Fu);
    }
    *len = n;
    return cp;
}

size_t ts_present_width(const char *s)
{
    size_t w = 0;
    const unsigned char *p = (const unsigned char *)(s ? s : "");
    while (*p) {
        size_t len;
        uint32_t cp = decode(p, &len);
        p += len;
        if (in(ZERO, sizeof ZERO / sizeof ZERO[0], cp))
            continue;
        w += in(WIDE, sizeof WIDE / sizeof WIDE[0], cp) ? 2 : 1;
    }
    return w;
}

/* ------------------------------------------------------------------ */
/* Numbers.                                                            */

static bool is_share(ts_metric_kind kind)
{
    return kind == TS_METRIC_RATE || kind == TS_METRIC_FEEDBACK_SHARE || kind == TS_METRIC_REPLY_WITHIN
           || kind == TS_METRIC_PEER_RANK;
}

double ts_present_scale(ts_metric_kind kind)
{
    return is_share(kind) ? 100.0 : 1.0;
}

const char *ts_present_unit(ts_metric_kind kind)
{
    return is_share(kind) ? "%" : "";
}

void ts_present_value(char out[static TS_PRESENT_NUM], ts_metric_kind kind, double v, unsigned show)
{
    const char *unit = show & TS_SHOW_NO_UNIT ? "" : ts_present_unit(kind);
    if (isnan(v))
        snprintf(out, TS_PRESENT_NUM, "—");
    else if (show & TS_SHOW_EXACT)
        snprintf(out, TS_PRESENT_NUM, "%.4g%s", v * ts_present_scale(kind), unit);
    else if (is_share(kind))
        snprintf(out, TS_PRESENT_NUM, "%.2f%s", 100.0 * v, unit);
    else if (kind == TS_METRIC_DSR_MEAN)
        snprintf(out, TS_PRESENT_NUM, "%.2f%s", v, unit);
    else
        snprintf(out, TS_PRESENT_NUM, "%.1f%s", v, unit);
}

void ts_present_range(char out[static TS_PRESENT_NUM], ts_metric_kind kind, double lo, double hi,
                      unsigned show)
{
    if (isnan(lo) || isnan(hi)) {
        snprintf(out, TS_PRESENT_NUM, "—");
        return;
    }
    char a[TS_PRESENT_NUM], b[TS_PRESENT_NUM];
    ts_present_value(a, kind, lo, show);
    ts_present_value(b, kind, hi, show);
    snprintf(out, TS_PRESENT_NUM, "%.40s–%.40s", a, b);
}

void ts_present_delta(char out[static TS_PRESENT_NUM], ts_metric_kind kind, double v, bool unit)
{
    if (isnan(v))
        snprintf(out, TS_PRESENT_NUM, "—");
    else if (is_share(kind))
        snprintf(out, TS_PRESENT_NUM, "%+.2f%s", 100.0 * v, unit ? " pp" : "");
    else
        snprintf(out, TS_PRESENT_NUM, "%+.3f", v);
}

void ts_present_prob(char out[static TS_PRESENT_NUM], double p, bool whole)
{
    if (isnan(p)) {
        snprintf(out, TS_PRESENT_NUM, "—");
        return;
    }
    if (whole) { /* the rules in percent, as the standing chart has always compared them */
        double pct = p * 100.0;
        if (pct > 99.95 && pct < 100.0)
            snprintf(out, TS_PRESENT_NUM, ">99.9%%");
        else if (pct > 0.0 && pct < 0.05)
            snprintf(out, TS_PRESENT_NUM, "<0.1%%");
        else if ((pct > 0.0 && pct < 0.5) || (pct >= 99.5 && pct < 100.0))
            snprintf(out, TS_PRESENT_NUM, "%.1f%%", pct);
        else
            snprintf(out, TS_PRESENT_NUM, "%.0f%%", pct);
    } else if (p > 0.0 && p < 0.0005) {
        snprintf(out, TS_PRESENT_NUM, "<0.1%%");
    } else if (p < 1.0 && p > 0.9995) {
        snprintf(out, TS_PRESENT_NUM, ">99.9%%");
    } else {
        snprintf(out, TS_PRESENT_NUM, "%.1f%%", 100.0 * p);
    }
}

void ts_present_amount(char out[static TS_PRESENT_NUM], double v, int decimals)
{
    if (isnan(v) || isinf(v)) {
        snprintf(out, TS_PRESENT_NUM, "—");
        return;
    }
    char digits[TS_PRESENT_NUM / 2];
    snprintf(digits, sizeof digits, "%.*f", decimals, fabs(v));
    const char *dot = strchr(digits, '.');
    size_t int_len = dot ? (size_t)(dot - digits) : strlen(digits);
    size_t j = 0;
    if (v < 0 && strspn(digits, "0.") != strlen(digits)) {
        memcpy(out, "−", strlen("−"));
        j = strlen("−");
    }
    for (size_t i = 0; i < int_len; i++) {
        if (i > 0 && (int_len - i) % 3 == 0)
            out[j++] = ',';
        out[j++] = digits[i];
    }
    snprintf(out + j, TS_PRESENT_NUM - j, "%s", dot ? dot : "");
}

void ts_present_minutes(char out[static TS_PRESENT_NUM], double minutes)
{
    ts_present_amount(out, minutes, isnan(minutes) ? 0 : minutes < 1.0 ? 2 : minutes < 100.0 ? 1 : 0);
}

void ts_present_week_hour(char out[static TS_PRESENT_NUM], int h, bool zh)
{
    if (h < 0 || h >= 168) {
        snprintf(out, TS_PRESENT_NUM, "—");
        return;
    }
    snprintf(out, TS_PRESENT_NUM, "%s %02d:00–%02d:00", ts_present_word((ts_word)(TS_W_WD_MON + h / 24), zh),
             h % 24, h % 24 + 1);
}
