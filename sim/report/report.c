/*
** report.c — the self-contained HTML report (report.h): one file a trainer can
** open offline or print, with the run's tables, inline SVG charts and scenario.
*/
#include "report.h"
#include "files.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "date.h"
#include "output.h"
#include "present.h"
#include "world.h" /* TS_MONEY_*, TS_REPLY_* only: ts_report does not link the models */

/* ------------------------------------------------------------------ */
/* HTML text into a growing string (ts_buf, tiersim.h).              */

/* Text as HTML: & < > " ' escaped; other control characters but tab and
   newline become spaces (they are not allowed in HTML text). */
static void sb_esc_n(ts_buf *b, const char *s, size_t n)
{
    size_t start = 0;
    for (size_t i = 0; i < n; i++) {
        const char *rep = NULL;
        unsigned char c = (unsigned char)s[i];
        switch (c) {
        case '&': rep = "&amp;"; break;
        case '<': rep = "&lt;"; break;
        case '>': rep = "&gt;"; break;
        case '"': rep = "&quot;"; break;
        case '\'': rep = "&#39;"; break;
        default:
            if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7f)
                rep = c == '\r' ? "" : " ";
        }
        if (rep) {
            ts_buf_add(b, s + start, i - start);
            ts_buf_puts(b, rep);
            start = i + 1;
        }
    }
    ts_buf_add(b, s + start, n - start);
}

static void sb_esc(ts_buf *b, const char *s)
{
    if (s)
        sb_esc_n(b, s, strlen(s));
}

/* ------------------------------------------------------------------ */
/* Words.                                                              */

typedef struct {
    const ts_summary *sum;
    const ts_report_options *opt;
    bool zh;
    const ts_scenario *base;  /* variant 0's scenario (may be NULL) */
} ctx;

/* A glossary word in the report's language. */
static const char *W(const ctx *c, ts_word id)
{
    return ts_present_word(id, c->zh);
}

/* A glossary word starting with a capital, for a heading ("Not assessed"). */
static void put_heading(ts_buf *b, const ctx *c, ts_word id)
{
    char cap[64];
    ts_buf_puts(b, ts_present_capital(W(c, id), cap));
}

static const char *tier_label(const ctx *c, const ts_tier *t)
{
    return ts_present_tier(t, c->zh);
}

/* A metric's label: as the table and the charts name it. */
static const char *metric_label(const ctx *c, const ts_metric *m)
{
    return ts_present_metric(m, c->zh);
}

/* An event's label: as the table and the charts name it. */
static const char *event_label(const ctx *c, const ts_rule_event *ev)
{
    return ts_present_event(ev, c->zh);
}

/* A metric value (ts_present_value). */
static void put_value(ts_buf *b, ts_metric_kind kind, double v)
{
    char text[TS_PRESENT_NUM];
    ts_present_value(text, kind, v, 0);
    ts_buf_puts(b, text);
}

/* "2.81% <span>(2.57%–3.07%)</span>": a mean and its 5–95% range. */
static void put_stat(ts_buf *b, ts_metric_kind kind, const ts_stat *s)
{
    put_value(b, kind, s->mean);
    if (!isnan(s->p5) && !isnan(s->p95)) {
        char range[TS_PRESENT_NUM];
        ts_present_range(range, kind, s->p5, s->p95, 0);
        ts_buf_printf(b, " <span class=\"range\">(%s)</span>", range);
    }
}

/* A probability (ts_present_prob), HTML-escaped. */
static void put_pct(ts_buf *b, double p)
{
    char text[TS_PRESENT_NUM];
    ts_present_prob(text, p, false);
    sb_esc(b, text);
}

/* A count or amount (ts_present_amount). */
static void put_amount(ts_buf *b, double v, int decimals)
{
    char text[TS_PRESENT_NUM];
    ts_present_amount(text, v, decimals);
    ts_buf_puts(b, text);
}

/* ------------------------------------------------------------------ */
/* The page.                                                           */

static const char STYLE[] =
    ":root{--ink:#1b1b1b;--muted:#5a5a5a;--rule:#d0d0d0;--head:#f2f4f7;--accent:#0072B2}\n"
    "*{box-sizing:border-box}\n"
    "body{margin:0 auto;max-width:1180px;padding:24px 28px 48px;color:var(--ink);background:#fff;"
    "font:15px/1.5 system-ui,-apple-system,\"Segoe UI\",\"Noto Sans\",\"Noto Sans CJK SC\","
    "\"PingFang SC\",\"Microsoft YaHei\",\"WenQuanYi Micro Hei\",Arial,sans-serif}\n"
    "h1{font-size:1.7em;margin:0 0 .3em}\n"
    "h2{font-size:1.3em;margin:1.8em 0 .5em;padding-bottom:.2em;border-bottom:2px solid var(--accent)}\n"
    "h3{font-size:1.05em;margin:1.2em 0 .4em}\n"
    "p.desc{font-size:1.05em;margin:.2em 0 1em}\n"
    "p.note{color:var(--muted);font-style:italic}\n"
    "nav ul{margin:.3em 0;padding-left:1.2em;columns:2}\n"
    "table{border-collapse:collapse;margin:.4em 0 1em;font-variant-numeric:tabular-nums}\n"
    "th,td{border:1px solid var(--rule);padding:3px 8px;text-align:right;vertical-align:top}\n"
    "th{background:var(--head);font-weight:600}\n"
    "td.l,th.l{text-align:left}\n"
    "table.kv td,table.kv th{text-align:left}\n"
    ".range{color:var(--muted);font-size:.88em;white-space:nowrap}\n"
    ".swatch{display:inline-block;width:.8em;height:.8em;margin-right:.3em;border-radius:2px;vertical-align:baseline}\n"
    "figure{margin:1em 0 1.6em;break-inside:avoid;page-break-inside:avoid}\n"
    "figure svg{display:block;width:100%;height:auto;max-width:1180px;border:1px solid var(--rule)}\n"
    "figcaption{color:var(--muted);font-size:.92em;margin-top:.3em}\n"
    "pre{background:#f7f7f7;border:1px solid var(--rule);padding:10px;overflow-x:auto;"
    "font:12px/1.4 ui-monospace,\"DejaVu Sans Mono\",\"Noto Sans Mono CJK SC\",monospace;white-space:pre-wrap;word-break:break-all}\n"
    "footer{margin-top:2.5em;color:var(--muted);font-size:.85em}\n"
    "@page{size:A4;margin:14mm}\n"
    "@media print{body{max-width:none;padding:0;font-size:10pt}nav{display:none}"
    "h2{break-after:avoid;page-break-after:avoid}h2.variant{break-before:page;page-break-before:always}"
    "table{break-inside:auto}tr{break-inside:avoid;page-break-inside:avoid}"
    "figure svg{border:none}pre{white-space:pre-wrap;font-size:8pt}}\n";


static const ts_rulebook *rules_of(const ts_variant_summary *vs)
{
    return vs->variant && vs->variant->scenario ? vs->variant->scenario->rules : NULL;
}

static size_t n_reps(const ctx *c)
{
    if (c->sum->results)
        return c->sum->results->n_reps;
    const ts_variant_summary *vs = &c->sum->variants[0];
    return vs->n_eval > 0 && vs->evals[0].tiers ? vs->evals[0].tiers[0].n : 0;
}

/* docs/model.md §14: the shop's own orders, when the scenario starts from them. */
static void put_history(ts_buf *b, const ctx *c, const ts_scenario *sc)
{
    if (sc->history == NULL)
        return;
    const ts_orders *h = &sc->history->orders;
    char n[TS_PRESENT_NUM], d0[11] = "—", d1[11] = "—", asof[11];
    ts_present_amount(n, (double)h->n_orders, 0);
    if (h->first_paid != TS_NO_DATE) {
        ts_date_format(h->first_paid, d0);
        ts_date_format(h->last_paid, d1);
    }
    ts_date_format(sc->start - 1, asof);
    char *line = ts_present_fill(TS_W_REPORT_HISTORY_LINE, c->zh, n, d0, d1, asof, (const char *)NULL);
    ts_buf_printf(b, "<tr><th>%s</th><td>", W(c, TS_W_REPORT_HISTORY));
    sb_esc(b, h->file ? h->file : "");
    ts_buf_puts(b, "<br><span class=\"range\">");
    sb_esc(b, line);
    ts_buf_puts(b, "</span></td></tr>\n");
    free(line);
}

/* docs/model.md §15: each uncertain parameter's draws over the replications, mean (5–95%). */
static void put_uncertain(ts_buf *b, const ctx *c, const ts_variant_summary *vs)
{
    const ts_scenario *sc = vs->variant ? vs->variant->scenario : NULL;
    if (vs->n_uncertain == 0 || sc == NULL || sc->n_uncertain < vs->n_uncertain)
        return;
    char cap[64];
    ts_buf_printf(b, "<h3>%s</h3>\n<table class=\"metrics\">\n<thead><tr><th class=\"l\">%s</th><th>%s</th>"
                  "<th>5–95%%</th></tr></thead>\n<tbody>\n",
                  ts_present_capital(W(c, TS_W_UNCERTAIN_HEADING), cap), W(c, TS_W_FIT_PARAMETER),
                  W(c, TS_W_MEAN));
    for (size_t k = 0; k < vs->n_uncertain; k++) {
        const ts_stat *st = &vs->uncertain[k];
        ts_buf_puts(b, "<tr><td class=\"l\">");
        sb_esc(b, sc->uncertain[k].path);
        ts_buf_printf(b, "</td><td>%.4g</td><td>%.4g–%.4g</td></tr>\n", st->mean, st->p5, st->p95);
    }
    ts_buf_puts(b, "</tbody>\n</table>\n");
}

static void put_settings(ts_buf *b, const ctx *c)
{
    const ts_scenario *sc = c->base;
    const ts_study *st = c->sum->results ? c->sum->results->study : NULL;
    ts_buf_printf(b, "<h2 id=\"settings\">%s</h2>\n<table class=\"kv\">\n", W(c, TS_W_SETTINGS));
    if (st && st->file) {
        ts_buf_printf(b, "<tr><th>%s</th><td>", W(c, TS_W_SCENARIO_FILE));
        sb_esc(b, st->file);
        ts_buf_printf(b, "<br><span class=\"range\">SHA-256 %s</span></td></tr>\n", st->sha256);
    }
    if (sc) {
        const ts_rulebook *rb = sc->rules;
        ts_buf_printf(b, "<tr><th>%s</th><td>", W(c, TS_W_RULEBOOK));
        sb_esc(b, sc->rules_name ? sc->rules_name : (rb && rb->name ? rb->name : "?"));
        const char *title = rb ? ts_present_rulebook_title(rb, c->zh) : NULL;
        if (title) {
            ts_buf_puts(b, " — ");
            sb_esc(b, title);
        }
        if (rb) {
            char days[24], orders[24];
            snprintf(days, sizeof days, "%d", rb->window_days);
            snprintf(orders, sizeof orders, "%ld", rb->min_orders);
            char *line = ts_present_fill(TS_W_RULEBOOK_SETTINGS, c->zh, days,
                                         W(c, rb->every == TS_SCHEDULE_DAY ? TS_W_EVERY_DAY : TS_W_AT_MONTH_END),
                                         orders, (const char *)NULL);
            ts_buf_printf(b, "<br><span class=\"range\">%s</span>", line);
            free(line);
        }
        ts_buf_puts(b, "</td></tr>\n");
        char first[11], last[11];
        ts_date_format(sc->start, first);
        ts_date_format(sc->start + sc->days - 1, last);
        ts_buf_printf(b, "<tr><th>%s</th><td>%s – %s (%d %s)</td></tr>\n", W(c, TS_W_HORIZON),
                  first, last, sc->days, W(c, TS_W_DAYS));
        ts_buf_printf(b, "<tr><th>%s</th><td>%d %s</td></tr>\n", W(c, TS_W_WARMUP),
                  sc->warmup_days, W(c, TS_W_DAYS));
        put_history(b, c, sc);
        ts_buf_printf(b, "<tr><th>%s</th><td>", W(c, TS_W_EVAL_DAYS));
        for (size_t e = 0; e < sc->n_evaluations; e++) {
            if (sc->n_evaluations > 12 && e == 3) {
                char n[24];
                snprintf(n, sizeof n, "%zu", sc->n_evaluations - 6);
                char *more = ts_present_fill(TS_W_N_MORE, c->zh, n, (const char *)NULL);
                ts_buf_printf(b, " … (%s) …", more);
                free(more);
                e = sc->n_evaluations - 3;
            }
            char d[11];
            ts_date_format(sc->start + sc->evaluations[e], d);
            ts_buf_printf(b, "%s%s", e ? ", " : "", d);
        }
        if (sc->n_evaluations == 0)
            ts_buf_puts(b, W(c, TS_W_NONE));
        ts_buf_puts(b, "</td></tr>\n");
        ts_buf_puts(b, "<tr><th>");
        put_heading(b, c, TS_W_REPLICATIONS);
        ts_buf_printf(b, "</th><td>%zu</td></tr>\n", n_reps(c));
        ts_buf_printf(b, "<tr><th>%s</th><td>%llu</td></tr>\n", W(c, TS_W_SEED),
                  (unsigned long long)sc->seed);
    }
    ts_buf_printf(b, "<tr><th>%s</th><td>%zu</td></tr>\n", W(c, TS_W_VARIANTS), c->sum->n_variants);
    ts_buf_printf(b, "<tr><th>%s</th><td>tiersim %s</td></tr>\n</table>\n", W(c, TS_W_PROGRAM), TS_VERSION);
}

/* The main table: per evaluation day, assessed orders, headline metric, tiers. */
static void put_tier_table(ts_buf *b, const ctx *c, const ts_variant_summary *vs, const ts_rulebook *rb)
{
    const ts_metric *head = vs->n_metrics > 0 ? &rb->metrics[0] : NULL;
    bool show_na = false, show_un = false;
    for (size_t e = 0; e < vs->n_eval; e++) {
        show_na = show_na || vs->evals[e].tiers[vs->n_tiers].k > 0;
        show_un = show_un || vs->evals[e].tiers[vs->n_tiers + 1].k > 0;
    }
    bool diff = vs->n_eval > 0 && vs->evals[0].diff != NULL && head != NULL;
    ts_buf_printf(b, "<table class=\"tiers\">\n<thead><tr><th class=\"l\">%s</th><th>%s</th>",
              W(c, TS_W_EVAL_DAY), W(c, TS_W_ASSESSED_ORDERS));
    if (head) {
        ts_buf_puts(b, "<th>");
        sb_esc(b, metric_label(c, head));
        ts_buf_printf(b, "<br><span class=\"range\">%s</span></th>", W(c, TS_W_MEAN_RANGE));
    }
    if (diff)
        ts_buf_printf(b, "<th>%s<br><span class=\"range\">%s</span></th>", W(c, TS_W_VS_BASE),
                  W(c, TS_W_MEAN_CI));
    for (size_t t = 0; t < vs->n_tiers; t++) {
        char color[8];
        ts_present_tier_color(t, vs->n_tiers, color);
        ts_buf_printf(b, "<th><span class=\"swatch\" style=\"background:%s\"></span>", color);
        sb_esc(b, tier_label(c, &rb->tiers[t]));
        ts_buf_puts(b, "</th>");
    }
    for (size_t t = vs->n_tiers; t < vs->n_tiers + 2; t++) {
        if ((t == vs->n_tiers && !show_na) || (t == vs->n_tiers + 1 && !show_un))
            continue;
        ts_buf_puts(b, "<th>");
        put_heading(b, c, t == vs->n_tiers ? TS_W_NOT_ASSESSED : TS_W_UNCLASSIFIED);
        ts_buf_puts(b, "</th>");
    }
    ts_buf_puts(b, "</tr></thead>\n<tbody>\n");
    for (size_t e = 0; e < vs->n_eval; e++) {
        const ts_eval_summary *es = &vs->evals[e];
        ts_buf_printf(b, "<tr><td class=\"l\">%s</td><td>", es->date);
        put_amount(b, es->assessed.mean, 0);
        ts_buf_puts(b, "</td>");
        if (head) {
            ts_buf_puts(b, "<td>");
            put_stat(b, head->kind, &es->metrics[0]);
            ts_buf_puts(b, "</td>");
        }
        if (diff) {
            const ts_diff *d = &es->diff[0];
            ts_buf_puts(b, "<td>");
            if (d->n == 0 || isnan(d->mean)) {
                ts_buf_puts(b, "—");
            } else {
                char mean[TS_PRESENT_NUM], low[TS_PRESENT_NUM], high[TS_PRESENT_NUM];
                ts_present_delta(mean, head->kind, d->mean, true);
                ts_present_delta(low, head->kind, d->low, false);
                ts_present_delta(high, head->kind, d->high, false);
                ts_buf_printf(b, "%s <span class=\"range\">(%s, %s)</span>", mean, low, high);
            }
            ts_buf_puts(b, "</td>");
        }
        for (size_t t = 0; t < vs->n_tiers + 2; t++) {
            if ((t == vs->n_tiers && !show_na) || (t == vs->n_tiers + 1 && !show_un))
                continue;
            const ts_prob *p = &es->tiers[t];
            ts_buf_puts(b, "<td>");
            put_pct(b, p->p);
            ts_buf_puts(b, " <span class=\"range\">(");
            put_pct(b, p->low);
            ts_buf_puts(b, "–");
            put_pct(b, p->high);
            ts_buf_puts(b, ")</span></td>");
        }
        ts_buf_puts(b, "</tr>\n");
    }
    ts_buf_puts(b, "</tbody>\n</table>\n");
    ts_buf_printf(b, "<p class=\"note\">%s</p>\n",
              W(c, TS_W_TIER_NOTE));;
}

static void put_other_metrics(ts_buf *b, const ctx *c, const ts_variant_summary *vs, const ts_rulebook *rb)
{
    if (vs->n_metrics < 2 || vs->n_eval == 0)
        return;
    ts_buf_printf(b, "<h3>%s</h3>\n<table class=\"metrics\">\n<thead><tr><th class=\"l\">%s</th>",
              W(c, TS_W_OTHER_METRICS), W(c, TS_W_EVAL_DAY));
    for (size_t m = 1; m < vs->n_metrics; m++) {
        ts_buf_puts(b, "<th>");
        sb_esc(b, metric_label(c, &rb->metrics[m]));
        ts_buf_puts(b, "</th>");
    }
    ts_buf_puts(b, "</tr></thead>\n<tbody>\n");
    for (size_t e = 0; e < vs->n_eval; e++) {
        ts_buf_printf(b, "<tr><td class=\"l\">%s</td>", vs->evals[e].date);
        for (size_t m = 1; m < vs->n_metrics; m++) {
            ts_buf_puts(b, "<td>");
            put_stat(b, rb->metrics[m].kind, &vs->evals[e].metrics[m]);
            ts_buf_puts(b, "</td>");
        }
        ts_buf_puts(b, "</tr>\n");
    }
    ts_buf_puts(b, "</tbody>\n</table>\n");
}

/* Rule events (rows, most frequent on the last evaluation first) by evaluation day. */
static void put_causes(ts_buf *b, const ctx *c, const ts_variant_summary *vs, const ts_rulebook *rb)
{
    if (vs->n_events == 0 || vs->n_eval == 0)
        return;
    /* at most 6 evaluation columns: the last ones */
    size_t e0 = vs->n_eval > 6 ? vs->n_eval - 6 : 0;
    const double *last = vs->evals[vs->n_eval - 1].events;
    size_t *order = ts_xcalloc(vs->n_events, sizeof *order);
    for (size_t j = 0; j < vs->n_events; j++)
        order[j] = j;
    for (size_t i = 1; i < vs->n_events; i++) /* insertion sort, descending, stable */
        for (size_t j = i; j > 0 && last[order[j]] > last[order[j - 1]]; j--) {
            size_t t = order[j];
            order[j] = order[j - 1];
            order[j - 1] = t;
        }
    ts_buf_printf(b, "<h3>%s</h3>\n<table class=\"causes\">\n<thead><tr><th class=\"l\">%s</th>",
              W(c, TS_W_MAIN_CAUSES),
              W(c, TS_W_RULE_EVENT));
    for (size_t e = e0; e < vs->n_eval; e++)
        ts_buf_printf(b, "<th>%s</th>", vs->evals[e].date);
    ts_buf_puts(b, "</tr></thead>\n<tbody>\n");
    for (size_t k = 0; k < vs->n_events; k++) {
        size_t j = order[k];
        ts_buf_puts(b, "<tr><td class=\"l\">");
        sb_esc(b, event_label(c, &rb->events[j]));
        ts_buf_puts(b, "</td>");
        for (size_t e = e0; e < vs->n_eval; e++) {
            ts_buf_puts(b, "<td>");
            put_amount(b, vs->evals[e].events[j], 1);
            ts_buf_puts(b, "</td>");
        }
        ts_buf_puts(b, "</tr>\n");
    }
    ts_buf_puts(b, "</tbody>\n</table>\n");
    if (e0 > 0)
        ts_buf_printf(b, "<p class=\"note\">%s</p>\n",
                  W(c, TS_W_CAUSES_LAST_SIX));;
    free(order);
}

static void put_money(ts_buf *b, const ctx *c, const ts_variant_summary *vs)
{
    if (vs->n_money < TS_MONEY_FIXED_FIELDS || vs->money == NULL)
        return;
    const ts_scenario *sc = vs->variant ? vs->variant->scenario : NULL;
    const char *cur = sc && sc->order_value.currency ? sc->order_value.currency : "";
    ts_buf_printf(b, "<h3>%s</h3>\n<table class=\"money\">\n<thead><tr><th class=\"l\"></th><th>%s</th>"
                 "<th>%s</th></tr></thead>\n<tbody>\n",
              W(c, TS_W_MONEY), W(c, TS_W_MEAN), W(c, TS_W_RANGE));
    for (size_t k = 0; k < vs->n_money; k++) {
        const ts_stat *s = &vs->money[k];
        int dec = 0;
        ts_buf_puts(b, "<tr><td class=\"l\">");
        switch (k) {
        case TS_MONEY_ORDERS: ts_buf_puts(b, W(c, TS_W_MONEY_ORDERS)); break;
        case TS_MONEY_GROSS: ts_buf_puts(b, W(c, TS_W_MONEY_GROSS)); dec = 0; break;
        case TS_MONEY_AOV: ts_buf_puts(b, W(c, TS_W_MONEY_AOV)); dec = 2; break;
        case TS_MONEY_TOPUPS: ts_buf_puts(b, W(c, TS_W_MONEY_TOPUPS)); break;
        case TS_MONEY_GIFT_COST: ts_buf_puts(b, W(c, TS_W_MONEY_GIFT_COST)); dec = 2; break;
        default: {
            size_t g = k - TS_MONEY_FIXED_FIELDS;
            ts_buf_puts(b, W(c, TS_W_MONEY_GIFTS_SENT));
            if (sc && g < sc->gifts.n_tiers && sc->gifts.tiers[g].name)
                sb_esc(b, sc->gifts.tiers[g].name);
            else
                ts_buf_printf(b, "tier%zu", g);
        }
        }
        if (k == TS_MONEY_GROSS || k == TS_MONEY_AOV || k == TS_MONEY_GIFT_COST) {
            ts_buf_puts(b, " <span class=\"range\">");
            sb_esc(b, cur);
            ts_buf_puts(b, "</span>");
        }
        ts_buf_puts(b, "</td><td>");
        put_amount(b, s->mean, dec);
        ts_buf_puts(b, "</td><td><span class=\"range\">");
        if (isnan(s->p5) || isnan(s->p95)) {
            ts_buf_puts(b, "—");
        } else {
            put_amount(b, s->p5, dec);
            ts_buf_puts(b, "–");
            put_amount(b, s->p95, dec);
        }
        ts_buf_puts(b, "</span></td></tr>\n");
    }
    ts_buf_puts(b, "</tbody>\n</table>\n");
}

static void put_variant(ts_buf *b, const ctx *c, size_t v)
{
    const ts_variant_summary *vs = &c->sum->variants[v];
    const ts_rulebook *rb = rules_of(vs);
    const char *name = vs->variant && vs->variant->name ? vs->variant->name : "?";
    ts_buf_printf(b, "<h2 class=\"variant\" id=\"variant-%zu\">%s", v, v == 0 ? W(c, TS_W_BASE_HEADING) : W(c, TS_W_VARIANT_HEADING));
    sb_esc(b, name);
    ts_buf_puts(b, "</h2>\n");
    if (vs->variant && vs->variant->description && vs->variant->description[0]) {
        ts_buf_puts(b, "<p class=\"desc\">");
        sb_esc(b, vs->variant->description);
        ts_buf_puts(b, "</p>\n");
    }
    if (rb == NULL || vs->n_eval == 0) {
        ts_buf_puts(b, "<p class=\"note\">");
        put_heading(b, c, TS_W_NO_EVAL_DAY);
        ts_buf_puts(b, c->zh ? "。</p>\n" : ".</p>\n");
    } else {
        put_tier_table(b, c, vs, rb);
        put_other_metrics(b, c, vs, rb);
        put_causes(b, c, vs, rb);
    }
    put_uncertain(b, c, vs);
    put_money(b, c, vs);
}

/* ------------------------------------------------------------------ */
/* Charts.                                                             */

/* An SVG chart larger than this is not inlined (gnuplot's are well under 1 MiB). */
#define SVG_MAX_BYTES ((size_t)64 << 20)

static bool starts_with(const char *s, const char *p)
{
    return strncmp(s, p, strlen(p)) == 0;
}

/*
** Append the <svg> element of a gnuplot SVG file with every id and local
** reference (id='X', href='#X', url(#X)) prefixed by "PREFIX-", so that
** several charts in one page keep their own definitions. Returns false (and
** appends nothing) when the text has no <svg>...</svg> or holds a script or
** foreign content.
*/
static bool put_svg(ts_buf *b, const char *text, const char *prefix)
{
    const char *start = strstr(text, "<svg");
    const char *end = NULL;
    for (const char *p = start; p && (p = strstr(p, "</svg>")) != NULL; p += 6)
        end = p + 6;
    if (start == NULL || end == NULL)
        return false;
    for (const char *p = start; p < end; p++)
        if (*p == '<' && (strncasecmp(p, "<script", 7) == 0 || strncasecmp(p, "<foreignObject", 14) == 0
                          || strncasecmp(p, "<iframe", 7) == 0))
            return false;
    const char *from = start;
    for (const char *p = start; p < end; p++) {
        size_t skip = 0;
        bool ws_before = p > start && (p[-1] == ' ' || p[-1] == '\t' || p[-1] == '\n' || p[-1] == '\r');
        if (ws_before && (starts_with(p, "id='") || starts_with(p, "id=\"")))
            skip = 4;
        else if (starts_with(p, "href='#") || starts_with(p, "href=\"#"))
            skip = 7;
        else if (starts_with(p, "url(#"))
            skip = 5;
        if (skip) {
            ts_buf_add(b, from, (size_t)(p - from) + skip);
            ts_buf_printf(b, "%s-", prefix);
            p += skip - 1;
            from = p + 1;
        }
    }
    ts_buf_add(b, from, (size_t)(end - from));
    return true;
}

/*
** The figure of plots_dir/NAME.svg with its caption, ids prefixed by
** "KINDi" and the figure's id "KIND-i"; false (nothing appended) when the
** SVG cannot be read or is not a plain gnuplot SVG.
*/
static bool put_chart(ts_buf *b, const ctx *c, const char *name, const char *kind, size_t i)
{
    char *path = ts_xasprintf("%s/%s.svg", c->opt->plots_dir, name);
    size_t len = 0;
    ts_error rerr = {0}; /* a chart that cannot be read is left out */
    char *text = ts_file_read(path, SVG_MAX_BYTES, "charts", &len, &rerr);
    ts_error_clear(&rerr);
    free(path);
    if (text == NULL)
        return false;
    char prefix[32];
    snprintf(prefix, sizeof prefix, "%s%zu", kind, i);
    size_t mark = b->len;
    ts_buf_printf(b, "<figure id=\"%s-%zu\">\n", kind, i);
    bool ok = put_svg(b, text, prefix);
    if (ok) {
        const char *cap = ts_present_chart_caption(name, c->zh);
        ts_buf_puts(b, "\n<figcaption>");
        sb_esc(b, name);
        if (cap) {
            ts_buf_puts(b, " — ");
            sb_esc(b, cap);
        }
        ts_buf_puts(b, "</figcaption>\n</figure>\n");
    } else {
        b->len = mark;
        b->s[b->len] = '\0';
    }
    free(text);
    return ok;
}

/* A customer-service chart (replies, replies-VARIANT, reply_daily): shown in its own section. */
static bool is_service_chart(const char *name)
{
    return strcmp(name, "replies") == 0 || strncmp(name, "replies-", 8) == 0 || strcmp(name, "reply_daily") == 0;
}

static void put_plots(ts_buf *b, const ctx *c)
{
    const ts_report_options *o = c->opt;
    ts_buf_printf(b, "<h2 id=\"plots\">%s</h2>\n", W(c, TS_W_CHARTS));
    if (o->plots_dir == NULL) {
        ts_buf_printf(b, "<p class=\"note\">%s</p>\n",
                  W(c, TS_W_NO_PLOTS));
        return;
    }
    if (o->plots_note) {
        ts_buf_puts(b, "<p class=\"note\">");
        sb_esc(b, o->plots_note);
        ts_buf_puts(b, "</p>\n");
    }
    const char *defaults[TS_CHART_STANDING]; /* the charts drawn for the base's group */
    for (size_t k = 0; k < TS_CHART_STANDING; k++)
        defaults[k] = ts_present_chart_name((ts_chart)k);
    const char *const *names = o->charts ? o->charts : defaults;
    size_t n = o->charts ? o->n_charts : TS_CHART_STANDING;
    size_t shown = 0;
    for (size_t i = 0; i < n; i++)
        if (!is_service_chart(names[i]) && put_chart(b, c, names[i], "chart", i))
            shown++;
    if (shown == 0)
        ts_buf_printf(b, "<p class=\"note\">%s</p>\n",
                  W(c, TS_W_NOT_RENDERED));;
}


/* ------------------------------------------------------------------ */
/* Customer service (docs/model.md §13).                               */

static bool any_team(const ts_summary *sum)
{
    for (size_t v = 0; v < sum->n_variants; v++)
        if (sum->variants[v].reply != NULL)
            return true;
    return false;
}

/* A share of the first responses with its 5–95% range, as the table writes it. */
static void put_share(ts_buf *b, const ts_stat *s)
{
    char v[TS_PRESENT_NUM], r[TS_PRESENT_NUM];
    ts_present_value(v, TS_METRIC_REPLY_WITHIN, s->mean, 0);
    ts_present_range(r, TS_METRIC_REPLY_WITHIN, s->p5, s->p95, TS_SHOW_NO_UNIT);
    ts_buf_printf(b, "%s <span class=\"range\">(%s)</span>", v, r);
}

/* One variant's row: conversations, mean / p90, the shares within 3 min and 24 h, the busiest hour. */
static void put_service_row(ts_buf *b, const ctx *c, const ts_variant_summary *vs)
{
    const ts_reply_summary *rs = vs->reply;
    const ts_stat *o = rs->overall;
    char a[TS_PRESENT_NUM], m[TS_PRESENT_NUM];
    ts_buf_puts(b, "<tr><td class=\"l\">");
    sb_esc(b, vs->variant && vs->variant->name ? vs->variant->name : "?");
    ts_buf_puts(b, "</td><td>");
    put_amount(b, o[TS_REPLY_N].mean, 0);
    ts_present_minutes(a, o[TS_REPLY_MEAN].mean);
    ts_present_minutes(m, o[TS_REPLY_P90].mean);
    ts_buf_printf(b, "</td><td>%s / %s %s</td><td>", a, m, W(c, TS_W_UNIT_MIN));
    put_share(b, &o[TS_REPLY_LE3]);
    ts_buf_puts(b, "</td><td>");
    put_share(b, &o[TS_REPLY_LE1440]);
    ts_buf_puts(b, "</td><td class=\"l\">");
    if (rs->busiest < 0) {
        ts_buf_puts(b, W(c, TS_W_NONE));
    } else {
        char slots[24];
        snprintf(slots, sizeof slots, "%zu", rs->week_slots[rs->busiest]);
        ts_present_week_hour(a, rs->busiest, c->zh);
        ts_present_minutes(m, rs->week_mean[rs->busiest]);
        char *t = ts_present_fill(TS_W_SERVICE_BUSIEST_AT, c->zh, a, m, slots, (const char *)NULL);
        sb_esc(b, t);
        free(t);
    }
    ts_buf_puts(b, "</td></tr>\n");
}

/* The section: every variant with a team in one table, then the reply charts. */
static void put_service(ts_buf *b, const ctx *c)
{
    if (!any_team(c->sum))
        return;
    char cap[64];
    ts_buf_printf(b, "<h2 id=\"service\">%s</h2>\n<table class=\"service\">\n<thead><tr><th class=\"l\"></th>",
                  W(c, TS_W_SERVICE));
    static const ts_word heads[5] = {TS_W_SERVICE_CONVERSATIONS, TS_W_SERVICE_FIRST, TS_W_SERVICE_WITHIN3,
                                     TS_W_SERVICE_WITHIN24H, TS_W_SERVICE_BUSIEST};
    for (int i = 0; i < 5; i++)
        ts_buf_printf(b, "<th%s>%s</th>", i == 4 ? " class=\"l\"" : "", ts_present_capital(W(c, heads[i]), cap));
    ts_buf_puts(b, "</tr></thead>\n<tbody>\n");
    for (size_t v = 0; v < c->sum->n_variants; v++)
        if (c->sum->variants[v].reply != NULL)
            put_service_row(b, c, &c->sum->variants[v]);
    ts_buf_printf(b, "</tbody>\n</table>\n<p class=\"note\">%s</p>\n", W(c, TS_W_SERVICE_NOTE));
    const ts_report_options *o = c->opt;
    if (o->plots_dir == NULL)
        return;
    static const char *const defaults[2] = {"replies", "reply_daily"};
    const char *const *names = o->charts ? o->charts : defaults;
    size_t n = o->charts ? o->n_charts : 2;
    for (size_t i = 0; i < n; i++)
        if (is_service_chart(names[i]))
            put_chart(b, c, names[i], "service", i);
}

/* ------------------------------------------------------------------ */

void ts_report_options_init(ts_report_options *opt)
{
    memset(opt, 0, sizeof *opt);
}

char *ts_report_html(const ts_summary *sum, const ts_report_options *opt)
{
    ts_report_options defaults;
    if (opt == NULL) {
        ts_report_options_init(&defaults);
        opt = &defaults;
    }
    ctx c = {sum, opt, opt->chinese, NULL};
    if (sum->n_variants > 0 && sum->variants[0].variant)
        c.base = sum->variants[0].variant->scenario;
    const char *name = c.base && c.base->name ? c.base->name : "tiersim";
    ts_buf b = {0};
    ts_buf_printf(&b, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
                  "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                  "<meta name=\"generator\" content=\"tiersim %s\">\n<title>",
              c.zh ? "zh-CN" : "en", TS_VERSION);
    sb_esc(&b, name);
    ts_buf_printf(&b, " — %s</title>\n<style>\n%s</style>\n</head>\n<body>\n<header>\n<h1>",
              W(&c, TS_W_REPORT_TITLE), STYLE);
    sb_esc(&b, name);
    ts_buf_puts(&b, "</h1>\n");
    if (c.base && c.base->description && c.base->description[0]) {
        ts_buf_puts(&b, "<p class=\"desc\">");
        sb_esc(&b, c.base->description);
        ts_buf_puts(&b, "</p>\n");
    }
    ts_buf_puts(&b, "</header>\n<nav>\n<ul>\n");
    ts_buf_printf(&b, "<li><a href=\"#settings\">%s</a></li>\n", W(&c, TS_W_SETTINGS));
    for (size_t v = 0; v < sum->n_variants; v++) {
        const ts_variant *var = sum->variants[v].variant;
        ts_buf_printf(&b, "<li><a href=\"#variant-%zu\">", v);
        sb_esc(&b, var && var->name ? var->name : "?");
        ts_buf_puts(&b, "</a></li>\n");
    }
    if (any_team(sum))
        ts_buf_printf(&b, "<li><a href=\"#service\">%s</a></li>\n", W(&c, TS_W_SERVICE));
    ts_buf_printf(&b, "<li><a href=\"#plots\">%s</a></li>\n<li><a href=\"#scenario\">%s</a></li>\n</ul>\n</nav>\n",
              W(&c, TS_W_CHARTS), W(&c, TS_W_SCENARIO_FILE));
    ts_buf_puts(&b, "<main>\n");
    put_settings(&b, &c);
    for (size_t v = 0; v < sum->n_variants; v++)
        put_variant(&b, &c, v);
    put_service(&b, &c);
    put_plots(&b, &c);
    ts_buf_printf(&b, "<h2 id=\"scenario\">%s</h2>\n", W(&c, TS_W_SCENARIO_FILE));
    if (opt->scenario_text) {
        ts_buf_puts(&b, "<pre>");
        sb_esc_n(&b, opt->scenario_text, opt->scenario_len);
        ts_buf_puts(&b, "</pre>\n");
    } else {
        ts_buf_printf(&b, "<p class=\"note\">%s</p>\n", W(&c, TS_W_NOT_INCLUDED));
    }
    ts_buf_printf(&b, "</main>\n<footer>%s tiersim %s — %s</footer>\n</body>\n</html>\n",
              W(&c, TS_W_MADE_BY), TS_VERSION,
              W(&c, TS_W_TAGLINE));;
    return b.s;
}

ts_status ts_report_html_write(const ts_summary *sum, const char *dir,
                               const ts_report_options *opt, ts_error *err)
{
    if (sum == NULL || sum->n_variants == 0) {
        ts_error_add(err, "%s/report.html: nothing to report (no variant)", dir);
        return TS_EINVAL;
    }
    char *html = ts_report_html(sum, opt);
    const char *names[1] = {"report.html"};
    const char *data[1] = {html};
    size_t lens[1] = {strlen(html)};
    ts_status st = ts_file_write_all(dir, 1, names, data, lens, err);
    free(html);
    return st;
}

/* ------------------------------------------------------------------ */
/* The report of sensitivity and solve.                                */

ts_status ts_report_decision_write(const ts_sens *sens, const ts_solve *solve, const ts_decide_info *info,
                                   const char *dir, const ts_report_options *opt, ts_error *err)
{
    ctx c = {NULL, opt, opt->chinese, info->study->variants[0].scenario};
    char *table = NULL;
    size_t table_len = 0;
    FILE *mem = open_memstream(&table, &table_len);
    if (mem == NULL) {
        ts_error_add(err, "%s/report.html: cannot build the page: %s", dir, strerror(errno));
        return TS_EIO;
    }
    if (sens != NULL)
        ts_sens_print(mem, sens, info, c.zh);
    else
        ts_solve_print(mem, solve, info, c.zh);
    fclose(mem);
    const char *name = c.base->name ? c.base->name : "tiersim";
    ts_buf b = {0};
    ts_buf_printf(&b, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
                  "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                  "<meta name=\"generator\" content=\"tiersim %s\">\n<title>",
                  c.zh ? "zh-CN" : "en", TS_VERSION);
    sb_esc(&b, name);
    ts_buf_printf(&b, " — %s</title>\n<style>\n%s</style>\n</head>\n<body>\n<header>\n<h1>",
                  W(&c, TS_W_REPORT_TITLE), STYLE);
    sb_esc(&b, name);
    ts_buf_puts(&b, "</h1>\n");
    if (c.base->description && c.base->description[0]) {
        ts_buf_puts(&b, "<p class=\"desc\">");
        sb_esc(&b, c.base->description);
        ts_buf_puts(&b, "</p>\n");
    }
    ts_buf_puts(&b, "</header>\n<main>\n<pre>");
    sb_esc_n(&b, table, table_len);
    ts_buf_puts(&b, "</pre>\n");
    free(table);
    put_plots(&b, &c);
    ts_buf_printf(&b, "<h2 id=\"scenario\">%s</h2>\n", W(&c, TS_W_SCENARIO_FILE));
    if (opt->scenario_text) {
        ts_buf_puts(&b, "<pre>");
        sb_esc_n(&b, opt->scenario_text, opt->scenario_len);
        ts_buf_puts(&b, "</pre>\n");
    }
    ts_buf_printf(&b, "</main>\n<footer>%s tiersim %s — %s</footer>\n</body>\n</html>\n", W(&c, TS_W_MADE_BY),
                  TS_VERSION, W(&c, TS_W_TAGLINE));
    const char *names[1] = {"report.html"};
    const char *data[1] = {b.s};
    size_t lens[1] = {b.len};
    ts_status st = ts_file_write_all(dir, 1, names, data, lens, err);
    free(b.s);
    return st;
}
