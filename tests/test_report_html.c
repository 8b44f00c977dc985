/*
** test_report_html.c — the HTML report (sim/report/report.h) on a hand-built
** summary (tests/report_fixture.h): well-formed, escaped, self-contained,
** Chinese, charts inlined, the customer-service section only with a team.
*/
#include "testutil.h"

#include <ctype.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "report.h"
#include "report_fixture.h"

#define NEVAL 2
#define NEV 2
#define NTIER 4
#define NMONEY 6 /* the five fixed fields and one gift tier */
#define REPS 200

/* ---- the run: a base and one variant, a small rulebook ---- */

/* Tier probabilities per evaluation (top, good, pass, fail). */
static const double PROBS[NEVAL][NTIER] = {{0.70, 0.20, 0.10, 0.0}, {0.25, 0.50, 0.20, 0.05}};

static void build_rulebook(rfx *f)
{
    ts_rulebook *rb = rfx_rulebook(f, 0, "aliexpress-2015", "AliExpress seller service level", "速卖通卖家服务等级");
    rb->window_days = 90;
    rb->min_orders = 30;
    rfx_event(f, 0, "not_shipped", TS_EV_NOT_SHIPPED);
    rfx_event(f, 0, "negative_feedback", TS_EV_FEEDBACK)->max_stars = 3;
    static const size_t both[NEV] = {0, 1};
    rfx_metric(f, 0, "bad_experience_rate", TS_METRIC_RATE, both, NEV)->window_days = 90;
    ts_metric *pos = rfx_metric(f, 0, "positive_feedback_rate", TS_METRIC_FEEDBACK_SHARE, NULL, 0);
    pos->min_stars = 4;
    pos->window_days = 90;
    rfx_aliexpress_tiers(f, 0);
}

/* Variant v's statistics: the headline rate, tier probabilities, events, money. */
static void shape_variant(rfx *f, size_t v)
{
    for (size_t e = 0; e < NEVAL; e++) {
        ts_eval_summary *es = &f->es[v][e];
        es->assessed = (ts_stat){REPS, 9012, 50, 3, 8900, 9010, 9100};
        /* 2.81% (2.57–3.07) on the base, 0.25 points less on the variant */
        double m = 0.0281 - 0.0025 * (double)v;
        es->metrics[0] = (ts_stat){REPS, m, 0.002, 0.0001, m - 0.0024, m, m + 0.0026};
        es->metrics[1] = (ts_stat){REPS, 0.9751, 0.002, 0.0001, 0.9721, 0.9751, 0.9781};
        for (size_t t = 0; t < NTIER; t++)
            es->tiers[t] = (ts_prob){(size_t)lround(PROBS[e][t] * REPS), REPS, PROBS[e][t],
                                     fmax(0.0, PROBS[e][t] - 0.05), fmin(1.0, PROBS[e][t] + 0.05)};
        es->tiers[NTIER] = (ts_prob){0, REPS, 0, 0, 0.02};
        es->tiers[NTIER + 1] = (ts_prob){0, REPS, 0, 0, 0.02};
        es->events[0] = 45.5;
        es->events[1] = 72.4;
        if (v) {
            es->diff[0] = (ts_diff){REPS, -0.0025, -0.0030, -0.0020};
            es->diff[1] = (ts_diff){REPS, 0.001, 0.0, 0.002};
        }
    }
    for (size_t k = 0; k < NMONEY; k++)
        f->money[v][k] = (ts_stat){REPS, 0, 0, 0, 0, 0, 0};
    f->money[v][0] = (ts_stat){REPS, 9242, 10, 1, 9000, 9240, 9500};
    f->money[v][2] = (ts_stat){REPS, 19.17, 0.1, 0.01, 18.91, 19.17, 19.35};
    f->money[v][4].mean = v ? 1234.5 : 0.0;
}

/* The base and a gift variant of one scenario from 2027-03-01, 92 days, evaluated on days 30 and 60. */
static rfx *build(const char *scenario_name)
{
    rfx *f = rfx_new();
    build_rulebook(f);
    f->gift = (ts_gift_tier){.name = RFX_S("keychain"), .min_order = 20.0, .cost = 0.4, .weight_g = 15.0,
                             .satisfaction = 0.4};
    static const int32_t evaluations[NEVAL] = {30, 60};
    static const char *const vnames[2] = {"base", "gift <from> $20 & up"};
    for (size_t v = 0; v < 2; v++) {
        ts_variant_summary *vs = rfx_variant(f, vnames[v], 0, scenario_name, ts_date_from_ymd(2027, 3, 1), 92,
                                             evaluations, NEVAL);
        vs->n_money = NMONEY;
        f->variants[v].description = RFX_S(v ? "a keychain from US$20" : "");
        ts_scenario *sc = &f->scenarios[v];
        sc->description = RFX_S("A shop & its <gifts>: \"what if\"?");
        sc->seed = 42;
        sc->warmup_days = 150;
        sc->rules_name = RFX_S("aliexpress-2015");
        if (v == 1) {
            sc->gifts.present = true;
            sc->gifts.tiers = &f->gift;
            sc->gifts.n_tiers = 1;
        }
        shape_variant(f, v);
    }
    return f;
}

/* ---- a small well-formedness checker ---- */

static bool is_void(const char *name)
{
    static const char *const v[] = {"meta", "br", "hr", "img", "link", "input", "wbr"};
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
        if (strcmp(name, v[i]) == 0)
            return true;
    return false;
}

/*
** Every element the report emits is closed in order (void HTML elements and
** "/>" excepted), no '<' stands alone in text (scenario text is escaped), and
** every '&' starts an entity. <style> content is skipped. Fails the test with
** the offending position.
*/
static void check_well_formed(const char *html)
{
    char stack[256][32];
    size_t depth = 0;
    const char *p = html;
    while (*p) {
        if (*p == '&') {
            size_t n = strspn(p + 1, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789#");
            if (n == 0 || p[1 + n] != ';')
                fail_msg("bare '&' at offset %td: %.40s", p - html, p);
            p += n + 2;
            continue;
        }
        if (*p != '<') {
            p++;
            continue;
        }
        if (strncmp(p, "<!DOCTYPE", 9) == 0 || strncmp(p, "<?xml", 5) == 0) {
            p = strchr(p, '>');
            assert_non_null(p);
            p++;
            continue;
        }
        if (strncmp(p, "<!--", 4) == 0) {
            p = strstr(p, "-->");
            assert_non_null(p);
            p += 3;
            continue;
        }
        bool closing = p[1] == '/';
        const char *n = p + (closing ? 2 : 1);
        if (!isalpha((unsigned char)*n))
            fail_msg("a '<' that starts no tag at offset %td: %.40s", p - html, p);
        size_t len = strspn(n, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-:");
        assert_true(len > 0 && len < 32);
        char name[32];
        memcpy(name, n, len);
        name[len] = '\0';
        /* the end of the tag: '>' outside quotes */
        const char *q = n + len;
        char quote = 0;
        while (*q && (quote || *q != '>')) {
            if (quote && *q == quote)
                quote = 0;
            else if (!quote && (*q == '"' || *q == '\''))
                quote = *q;
            q++;
        }
        if (*q != '>')
            fail_msg("unterminated tag <%s at offset %td", name, p - html);
        bool self_closing = q[-1] == '/';
        if (closing) {
            if (depth == 0 || strcmp(stack[depth - 1], name) != 0)
                fail_msg("</%s> at offset %td closes <%s>", name, p - html, depth ? stack[depth - 1] : "(nothing)");
            depth--;
        } else if (!self_closing && !is_void(name)) {
            assert_true(depth < 256);
            strcpy(stack[depth++], name);
        }
        p = q + 1;
        if (!closing && strcmp(name, "style") == 0) {
            const char *end = strstr(p, "</style>");
            assert_non_null(end);
            p = end;
        }
    }
    if (depth != 0)
        fail_msg("%zu element(s) left open, the innermost <%s>", depth, stack[depth - 1]);
}

static size_t count(const char *hay, const char *needle)
{
    size_t n = 0;
    for (const char *p = hay; (p = strstr(p, needle)) != NULL; p += strlen(needle))
        n++;
    return n;
}

/* No resource is fetched: no src/href to another document, no @import, no remote url(). */
static void check_self_contained(const char *html)
{
    assert_null(strstr(html, " src="));
    assert_null(strstr(html, "<link"));
    assert_null(strstr(html, "@import"));
    assert_null(strstr(html, "url(http"));
    assert_null(strstr(html, "href=\"http"));
    assert_null(strstr(html, "href='http"));
    assert_null(strstr(html, "<script"));
}

static const char SCENARIO_TEXT[] =
    "{\n  \"name\": \"x\",\n  \"description\": \"<script>alert(1)</script> & \\\"quoted\\\" 'single'\"\n}\n";

/* ---- tests ---- */

static void test_english(void **state)
{
    (void)state;
    rfx *f = build("lesson <3> & co");
    ts_report_options o;
    ts_report_options_init(&o);
    o.scenario_text = SCENARIO_TEXT;
    o.scenario_len = strlen(SCENARIO_TEXT);
    char *html = ts_report_html(&f->sum, &o);
    assert_non_null(html);
    check_well_formed(html);
    check_self_contained(html);
    assert_non_null(strstr(html, "<html lang=\"en\">"));
    assert_non_null(strstr(html, "<meta charset=\"utf-8\">"));
    assert_non_null(strstr(html, "@media print"));
    /* the scenario name and description escaped */
    assert_non_null(strstr(html, "<h1>lesson &lt;3&gt; &amp; co</h1>"));
    assert_non_null(strstr(html, "A shop &amp; its &lt;gifts&gt;: &quot;what if&quot;?"));
    assert_non_null(strstr(html, "gift &lt;from&gt; $20 &amp; up"));
    /* the scenario text escaped in a <pre> */
    assert_non_null(strstr(html, "<pre>{\n"));
    assert_non_null(strstr(html, "&lt;script&gt;alert(1)&lt;/script&gt; &amp; \\&quot;quoted\\&quot; &#39;single&#39;"));
    /* tier names, the headline metric with its range, tier probabilities, the difference */
    const char *const tiers[] = {"Top-rated", "Good", "Pass", "Fail"};
    for (size_t t = 0; t < 4; t++)
        assert_non_null(strstr(html, tiers[t]));
    assert_null(strstr(html, "优秀"));
    assert_non_null(strstr(html, "Bad-experience rate"));
    assert_non_null(strstr(html, "2.81% <span class=\"range\">(2.57%–3.07%)</span>"));
    assert_non_null(strstr(html, "2.56%")); /* the variant's mean */
    assert_non_null(strstr(html, "70.0% <span class=\"range\">(65.0%–75.0%)</span>"));
    assert_non_null(strstr(html, "-0.25 pp"));
    assert_non_null(strstr(html, "Positive feedback rate"));
    assert_non_null(strstr(html, "97.51%"));
    /* settings, causes, money */
    assert_non_null(strstr(html, "2027-03-01 – 2027-05-31 (92 days)"));
    assert_non_null(strstr(html, "2027-03-31, 2027-04-30"));
    assert_non_null(strstr(html, "<td>42</td>")); /* the seed */
    assert_non_null(strstr(html, "<td>200</td>")); /* replications from the tier counts */
    assert_non_null(strstr(html, "<td>72.4</td>")); /* negative_feedback, one decimal */
    assert_non_null(strstr(html, "9,242"));
    assert_non_null(strstr(html, "19.17"));
    assert_non_null(strstr(html, "1,234.50")); /* the variant's gift cost */
    assert_non_null(strstr(html, "keychain"));
    /* most frequent cause first */
    assert_true(strstr(html, "negative_feedback") < strstr(html, "not_shipped"));
    /* not assessed and unclassified never occur here, so they have no column */
    assert_null(strstr(html, "Not assessed"));
    assert_null(strstr(html, "Unclassified"));
    /* plots_dir NULL: the report says plots were not made */
    assert_non_null(strstr(html, "Plots were not made"));
    assert_null(strstr(html, "<svg"));
    free(html);
    rfx_free(f);
}

static void test_chinese(void **state)
{
    (void)state;
    rfx *f = build("礼品门槛");
    /* an unassessed replication: the column appears */
    f->es[0][1].tiers[NTIER] = (ts_prob){3, REPS, 0.015, 0.005, 0.04};
    ts_report_options o;
    ts_report_options_init(&o);
    o.chinese = true;
    char *html = ts_report_html(&f->sum, &o);
    check_well_formed(html);
    check_self_contained(html);
    assert_non_null(strstr(html, "<html lang=\"zh-CN\">"));
    const char *const tiers[] = {"优秀", "良好", "及格", "不及格"};
    for (size_t t = 0; t < 4; t++)
        assert_non_null(strstr(html, tiers[t]));
    assert_null(strstr(html, "Top-rated"));
    assert_non_null(strstr(html, "<h1>礼品门槛</h1>"));
    assert_non_null(strstr(html, "不良体验订单率"));
    assert_non_null(strstr(html, "中差评"));
    assert_non_null(strstr(html, "速卖通卖家服务等级"));
    assert_non_null(strstr(html, "不考核"));
    assert_non_null(strstr(html, "1.5%"));
    assert_non_null(strstr(html, "未生成图表"));
    free(html);
    rfx_free(f);
}

static void write_text(const char *dir, const char *name, const char *text)
{
    char *path = ts_xasprintf("%s/%s", dir, name);
    ts_test_write_file(path, text);
    free(path);
}

static const char SVG[] =
    "<?xml version=\"1.0\" encoding=\"utf-8\"  standalone=\"no\"?>\n"
    "<svg \n width=\"1280\" height=\"720\"\n viewBox=\"0 0 1280 720\"\n"
    " xmlns=\"http://www.w3.org/2000/svg\"\n xmlns:xlink=\"http://www.w3.org/1999/xlink\"\n>\n"
    "<title>Gnuplot</title>\n<g id=\"gnuplot_canvas\">\n<defs>\n"
    "\t<circle id='gpDot' r='0.5'/>\n\t<clipPath id='gpclip_1'><rect x='10' y='10' width='100' height='50'/></clipPath>\n"
    "</defs>\n<g clip-path='url(#gpclip_1)'><use xlink:href='#gpDot' x='5' y='5'/>"
    "<text x='1' y='2'>rate &lt; 3%</text></g>\n</g>\n</svg>\n\n";

static void test_charts(void **state)
{
    (void)state;
    rfx *f = build("charts");
    char *plots = ts_xasprintf("%s/plots", f->dir);
    assert_int_equal(mkdir(plots, 0777), 0);
    ts_report_options o;
    ts_report_options_init(&o);
    o.plots_dir = plots;

    /* no SVG at all: plots were not rendered */
    char *html = ts_report_html(&f->sum, &o);
    assert_non_null(strstr(html, "Plots were not rendered"));
    assert_null(strstr(html, "<svg"));
    free(html);

    /* two charts with the same ids, and one holding a script */
    write_text(plots, "fan.svg", SVG);
    write_text(plots, "tiers.svg", SVG);
    write_text(plots, "causes.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>");
    o.plots_note = "note <with> & markup";
    html = ts_report_html(&f->sum, &o);
    check_well_formed(html);
    assert_null(strstr(html, "Plots were not rendered"));
    assert_null(strstr(html, "<?xml"));
    assert_null(strstr(html, "<script"));
    assert_int_equal(count(html, "<svg"), 2);
    assert_int_equal(count(html, "</svg>"), 2);
    assert_non_null(strstr(html, "note &lt;with&gt; &amp; markup"));
    /* every id and reference prefixed per chart, so the two stay distinct */
    assert_non_null(strstr(html, "id=\"chart0-gnuplot_canvas\""));
    assert_non_null(strstr(html, "id='chart0-gpclip_1'"));
    assert_non_null(strstr(html, "url(#chart0-gpclip_1)"));
    assert_non_null(strstr(html, "xlink:href='#chart0-gpDot'"));
    assert_non_null(strstr(html, "id='chart1-gpclip_1'"));
    assert_non_null(strstr(html, "url(#chart1-gpclip_1)"));
    assert_null(strstr(html, "id='gpclip_1'"));
    assert_null(strstr(html, "url(#gpclip_1)"));
    /* attributes that merely end in "id" are left alone */
    assert_non_null(strstr(html, "width=\"1280\""));
    /* the captions, in the given order */
    assert_non_null(strstr(html, "<figcaption>fan"));
    assert_true(strstr(html, "<figcaption>fan") < strstr(html, "<figcaption>tiers"));
    free(html);

    /* only the charts named are inlined */
    const char *const only[] = {"tiers"};
    o.charts = only;
    o.n_charts = 1;
    html = ts_report_html(&f->sum, &o);
    assert_int_equal(count(html, "<svg"), 1);
    assert_null(strstr(html, "<figcaption>fan"));
    free(html);
    free(plots);
    rfx_free(f);
}

static void test_write(void **state)
{
    (void)state;
    rfx *f = build("written");
    ts_report_options o;
    ts_report_options_init(&o);
    o.chinese = true;
    ts_error err = {0};
    assert_int_equal(ts_report_html_write(&f->sum, f->dir, &o, &err), TS_OK);
    assert_int_equal(err.count, 0);
    char *path = ts_xasprintf("%s/report.html", f->dir);
    size_t len = 0;
    char *text = ts_test_read_file(path, &len);
    assert_non_null(text);
    assert_int_equal(len, strlen(text));
    char *expect = ts_report_html(&f->sum, &o);
    assert_string_equal(text, expect);
    free(expect);
    free(text);
    free(path);
    char *tmp = ts_xasprintf("%s/.report.html.tmp", f->dir);
    assert_int_not_equal(access(tmp, F_OK), 0);
    free(tmp);

    /* a folder that does not exist: TS_EIO naming the file */
    char *missing = ts_xasprintf("%s/no/such/folder", f->dir);
    assert_int_equal(ts_report_html_write(&f->sum, missing, &o, &err), TS_EIO);
    assert_true(err.count > 0);
    assert_non_null(strstr(err.messages[0], "report.html"));
    ts_error_clear(&err);
    free(missing);

    /* nothing to report */
    ts_summary empty = {0};
    assert_int_equal(ts_report_html_write(&empty, f->dir, &o, &err), TS_EINVAL);
    ts_error_clear(&err);
    rfx_free(f);
}

/* Customer service: a section with the table's numbers and the reply charts; nothing of it without a team. */
static void test_service(void **state)
{
    (void)state;
    rfx *f = build("service");
    ts_report_options o;
    ts_report_options_init(&o);
    char *html = ts_report_html(&f->sum, &o);
    assert_lacks(html, "id=\"service\"");
    assert_lacks(html, "Customer service");
    free(html);
    o.chinese = true;
    html = ts_report_html(&f->sum, &o);
    assert_lacks(html, "客服");
    free(html);

    rfx_team(f, 1);
    char *plots = ts_xasprintf("%s/plots", f->dir);
    assert_int_equal(mkdir(plots, 0777), 0);
    write_text(plots, "fan.svg", SVG);
    write_text(plots, "replies.svg", SVG);
    write_text(plots, "reply_daily.svg", SVG);
    o.plots_dir = plots;
    static const char *const charts[] = {"fan", "replies", "reply_daily"};
    o.charts = charts;
    o.n_charts = 3;
    o.chinese = false;
    html = ts_report_html(&f->sum, &o);
    check_well_formed(html);
    assert_contains(html, "<li><a href=\"#service\">Customer service (first response)</a></li>");
    assert_contains(html, "<h2 id=\"service\">Customer service (first response)</h2>");
    assert_contains(html, "<th>Answered within 3 min</th>");
    /* one row, the variant with the team (its name escaped), with the fixture's numbers */
    assert_contains(html, "<tr><td class=\"l\">gift &lt;from&gt; $20 &amp; up</td><td>16,328</td>"
                          "<td>913 / 4,024 min</td><td>26.26% <span class=\"range\">(24.91–27.62)</span></td>"
                          "<td>80.58% <span class=\"range\">(78.36–82.43)</span></td>"
                          "<td class=\"l\">Sun 23:00–24:00: mean wait 767 min, slots on duty 1</td></tr>");
    assert_lacks(html, "<tr><td class=\"l\">base</td><td>16,328");
    /* the reply charts in the section, before the other charts; each figure once */
    const char *sec = strstr(html, "id=\"service\"");
    const char *charts_h = strstr(html, "<h2 id=\"plots\">");
    assert_non_null(sec);
    assert_non_null(charts_h);
    assert_true(sec < charts_h);
    const char *rep = strstr(html, "<figcaption>replies — Waiting for the first response");
    const char *daily = strstr(html, "<figcaption>reply_daily — The daily share");
    const char *fan = strstr(html, "<figcaption>fan — ");
    assert_non_null(rep);
    assert_non_null(daily);
    assert_non_null(fan);
    assert_true(sec < rep && rep < daily && daily < charts_h && charts_h < fan);
    assert_int_equal(count(html, "<svg"), 3);
    assert_non_null(strstr(html, "<figure id=\"service-1\">"));
    assert_non_null(strstr(html, "id=\"service1-gnuplot_canvas\""));
    free(html);

    o.chinese = true;
    html = ts_report_html(&f->sum, &o);
    check_well_formed(html);
    assert_contains(html, "<h2 id=\"service\">客服（首次响应）</h2>");
    assert_contains(html, "<th>3分钟回复率</th>");
    assert_contains(html, "<th>首次响应 均值 / p90</th>");
    assert_contains(html, "913 / 4,024 分钟");
    assert_contains(html, "周日 23:00–24:00：平均等待 767 分钟，在岗席位 1");
    assert_lacks(html, "Customer service");
    free(html);
    free(plots);
    rfx_free(f);
}

int main(void)
{
    gsl_set_error_handler_off(); /* as the program does (sim/cli/main.c) */
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_english),
        cmocka_unit_test(test_chinese),
        cmocka_unit_test(test_charts),
        cmocka_unit_test(test_write),
        cmocka_unit_test(test_service),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
