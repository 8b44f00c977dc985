/*
** fit_write.c — what `tiersim fit` writes (docs/data-format.md "What fit
** writes"): the fitted scenario's JSON and fit.json.
*/
#include "fit.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "load_limits.h"

/* A JSON string: quotes, backslashes and control characters escaped. */
static void jstr(ts_buf *b, const char *s)
{
    ts_buf_puts(b, "\"");
    for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
        if (*p == '"' || *p == '\\')
            ts_buf_printf(b, "\\%c", *p);
        else if (*p < 0x20)
            ts_buf_printf(b, "\\u%04x", *p);
        else
            ts_buf_add(b, (const char *)p, 1);
    }
    ts_buf_puts(b, "\"");
}

/* A finite number, shortest round-trip form; null otherwise. */
static void jnum(ts_buf *b, double v)
{
    if (!isfinite(v)) {
        ts_buf_puts(b, "null");
        return;
    }
    char s[40];
    for (int prec = 6; prec <= 17; prec++) {
        snprintf(s, sizeof s, "%.*g", prec, v);
        if (strtod(s, NULL) == v || prec == 17)
            break;
    }
    ts_buf_puts(b, s);
}

static double est(const ts_fit *f, const char *path, double def)
{
    const ts_fit_param *p = ts_fit_find(f, path);
    return p ? p->estimate : def;
}

/* "key": estimate */
static void kv(ts_buf *b, const char *key, double v, bool comma)
{
    ts_buf_printf(b, "\"%s\": ", key);
    jnum(b, v);
    if (comma)
        ts_buf_puts(b, ", ");
}

static void kvi(ts_buf *b, const char *key, double v, bool comma)
{
    ts_buf_printf(b, "\"%s\": %ld", key, lround(v));
    if (comma)
        ts_buf_puts(b, ", ");
}

/* "key": {"base": estimate}, — a noisy-or table of which only the base is fitted */
static void base(ts_buf *b, const ts_fit *f, const char *key, const char *path, double def)
{
    ts_buf_printf(b, "\"%s\": {", key);
    kv(b, "base", est(f, path, def), false);
    ts_buf_puts(b, "}, ");
}

/*
** The lane's carrier name: the export's, so that a history's parcels in
** transit continue on their own lane (docs/model.md §14); with the promise
** ("NAME 12d") when lanes go by promise and the carrier has more than one.
*/
static char *lane_name(const ts_fit *f, const ts_orders *h, const ts_fit_lane *l)
{
    const char *c = l->carrier >= 0 ? h->carriers[l->carrier] : "unnamed";
    size_t same = 0;
    for (size_t j = 0; j < f->n_lanes; j++)
        same += f->lanes[j].carrier == l->carrier;
    if (!(f->by_promise && same > 1))
        return ts_xstrdup(c);
    /* the carrier's name shortened (at a character's start) so that the lane's fits a scenario name */
    char tail[16];
    int nt = snprintf(tail, sizeof tail, " %dd", l->promise);
    size_t keep = ts_utf8_cut(c, TS_MAX_NAME_BYTES - (size_t)nt);
    return ts_xasprintf("%.*s%s", (int)keep, c, tail);
}

static void carriers(ts_buf *b, const ts_fit *f, const ts_orders *h)
{
    ts_buf_puts(b, "    \"carriers\": [\n");
    if (f->n_lanes == 0) {
        /* no dispatched order: one carrier with the defaults, as a scenario needs one */
        ts_buf_puts(b, "      {\"name\": \"carrier\", \"share\": 1, \"transit_mean\": 18, \"transit_sd\": 7, "
                       "\"lost_prob\": 0.005}\n    ]\n");
        return;
    }
    double left = 1.0;
    for (size_t j = 0; j < f->n_lanes; j++) {
        char pre[64], path[96];
        snprintf(pre, sizeof pre, "fulfilment.carriers[%zu]", j);
        char *name = lane_name(f, h, &f->lanes[j]);
        ts_buf_puts(b, "      {\"name\": ");
        jstr(b, name);
        free(name);
        snprintf(path, sizeof path, "%s.share", pre);
        double share = j + 1 == f->n_lanes ? left : est(f, path, f->lanes[j].share);
        if (share < 0)
            share = 0;
        left -= share;
        ts_buf_puts(b, ", ");
        kv(b, "share", share, true);
        snprintf(path, sizeof path, "%s.transit_mean", pre);
        kv(b, "transit_mean", est(f, path, 18), true);
        snprintf(path, sizeof path, "%s.transit_sd", pre);
        kv(b, "transit_sd", est(f, path, 7), true);
        snprintf(path, sizeof path, "%s.lost_prob", pre);
        kv(b, "lost_prob", est(f, path, 0.005), f->by_promise);
        if (f->by_promise)
            ts_buf_printf(b, "\"promised_delivery_days\": %d", f->lanes[j].promise);
        ts_buf_puts(b, j + 1 < f->n_lanes ? "},\n" : "}\n");
    }
    ts_buf_puts(b, "    ]\n");
}

/* The uncertain entries (docs/model.md §15) of the parameters fitted from few data. */
static void uncertain(ts_buf *b, const ts_fit *f)
{
    static const char *const DIST[TS_DIST_COUNT] = {"beta", "gamma", "normal", "lognormal",
                                                    "uniform", "triangular", "pert"};
    bool any = false;
    for (size_t i = 0; i < f->n_params; i++) {
        const ts_fit_param *p = &f->params[i];
        if (!p->uncertain)
            continue;
        ts_buf_puts(b, any ? ",\n    " : ",\n  \"uncertain\": {\n    ");
        any = true;
        jstr(b, p->path);
        ts_buf_printf(b, ": {\"%s\": [", DIST[p->dist]);
        jnum(b, p->dist_p[0]);
        ts_buf_puts(b, ", ");
        jnum(b, p->dist_p[1]);
        ts_buf_puts(b, "]}");
    }
    if (any)
        ts_buf_puts(b, "\n  }");
}

char *ts_fit_scenario_json(const ts_fit *f, const ts_orders *h, const char *name, ts_civil start,
                           int32_t days, const char *rules, const char *history_file,
                           const char *history_columns)
{
    ts_buf b = {0};
    char d0[11], d1[11], st[11];
    ts_date_format(f->first_day, d0);
    ts_date_format(f->last_day, d1);
    ts_date_format(start, st);
    ts_buf_puts(&b, "{\n  \"schema\": \"tiersim/1\",\n  \"name\": ");
    jstr(&b, name);
    ts_buf_puts(&b, ",\n  \"description\": ");
    char *desc = ts_xasprintf("Fitted by tiersim fit from %s (%zu orders paid %s to %s); see fit.json",
                              h->file ? h->file : "an export", h->n_orders, d0, d1);
    jstr(&b, desc);
    free(desc);
    ts_buf_printf(&b, ",\n  \"start\": \"%s\",\n  \"days\": %d,\n  \"rules\": ", st, (int)days);
    jstr(&b, rules);
    if (history_file && history_columns) {
        ts_buf_puts(&b, ",\n  \"history\": {\"file\": ");
        jstr(&b, history_file);
        ts_buf_puts(&b, ", \"columns\": ");
        jstr(&b, history_columns);
        ts_buf_puts(&b, "}");
    } else if (history_file) {
        ts_buf_puts(&b, ",\n  \"history\": ");
        jstr(&b, history_file);
    }
    ts_buf_puts(&b, ",\n  \"volume\": {");
    kv(&b, "daily_orders", est(f, "volume.daily_orders", 60), true);
    kv(&b, "dispersion", est(f, "volume.dispersion", 0), true);
    ts_buf_puts(&b, "\"weekday_factors\": [");
    for (int k = 0; k < 7; k++) {
        char path[40];
        snprintf(path, sizeof path, "volume.weekday_factors[%d]", k);
        jnum(&b, est(f, path, 1));
        ts_buf_puts(&b, k < 6 ? ", " : "], ");
    }
    kv(&b, "growth_per_day", est(f, "volume.growth_per_day", 0), false);
    ts_buf_puts(&b, "},\n  \"order_value\": {");
    kv(&b, "median", est(f, "order_value.median", 12), true);
    kv(&b, "sigma", est(f, "order_value.sigma", 0.8), h->currency != NULL);
    if (h->currency) {
        ts_buf_puts(&b, "\"currency\": ");
        jstr(&b, h->currency);
    }
    int handling = (int)est(f, "fulfilment.handling_days", 2);
    int deadline = (int)est(f, "fulfilment.ship_deadline_days", 7);
    if (deadline < handling)
        deadline = handling;
    double capacity = est(f, "fulfilment.capacity_per_day", -1);
    int promise = (int)est(f, "fulfilment.promised_delivery_days", 45);
    if (promise <= deadline)
        promise = deadline + 1;
    ts_buf_puts(&b, "},\n  \"fulfilment\": {\n    ");
    kvi(&b, "handling_days", handling, true);
    kvi(&b, "ship_deadline_days", deadline, true);
    kvi(&b, "promised_delivery_days", promise, true);
    kvi(&b, "confirm_days", est(f, "fulfilment.confirm_days", 5), true);
    if (capacity > 0)
        kvi(&b, "capacity_per_day", capacity, true);
    kv(&b, "stockout_prob", est(f, "fulfilment.stockout_prob", 0.005), false);
    ts_buf_puts(&b, ",\n");
    carriers(&b, f, h);
    ts_buf_puts(&b, "  },\n  \"product\": {");
    kv(&b, "quality_defect_prob", est(f, "product.quality_defect_prob", 0.02), true);
    kv(&b, "description_mismatch_prob", est(f, "product.description_mismatch_prob", 0.02), false);
    ts_buf_puts(&b, "},\n  \"buyers\": {\n    ");
    kvi(&b, "dispute_open_delay_days", est(f, "buyers.dispute_open_delay_days", 3), true);
    base(&b, f, "dispute", "buyers.dispute.base", 0.002);
    base(&b, f, "negative_feedback", "buyers.negative_feedback.base", 0.01);
    ts_buf_puts(&b, "\n    \"low_dsr\": {");
    base(&b, f, "description", "buyers.low_dsr.description.base", 0.02);
    base(&b, f, "communication", "buyers.low_dsr.communication.base", 0.01);
    ts_buf_puts(&b, "\"shipping\": {");
    kv(&b, "base", est(f, "buyers.low_dsr.shipping.base", 0.02), false);
    ts_buf_puts(&b, "}},\n    ");
    kv(&b, "feedback_prob", est(f, "buyers.feedback_prob", 0.4), true);
    kv(&b, "feedback_delay_mean", est(f, "buyers.feedback_delay_mean", 5), true);
    kv(&b, "five_star_share", est(f, "buyers.five_star_share", 0.85), true);
    ts_buf_puts(&b, "\"low_star_weights\": [");
    jnum(&b, est(f, "buyers.low_star_weights[0]", 0.45));
    ts_buf_puts(&b, ", ");
    jnum(&b, est(f, "buyers.low_star_weights[1]", 0.2));
    ts_buf_puts(&b, ", ");
    jnum(&b, est(f, "buyers.low_star_weights[2]", 0.35));
    ts_buf_puts(&b, "]\n  },\n  \"service\": {\n    ");
    kv(&b, "slow_reply_prob", est(f, "service.slow_reply_prob", 0.05), true);
    kv(&b, "dispute_reply_prob", est(f, "service.dispute_reply_prob", 0.97), true);
    kv(&b, "arbitration_prob", est(f, "service.arbitration_prob", 0.15), true);
    kv(&b, "seller_responsible_prob", est(f, "service.seller_responsible_prob", 0.5), true);
    kvi(&b, "escalation_days", est(f, "service.escalation_days", 7), true);
    kvi(&b, "ruling_days", est(f, "service.ruling_days", 10), true);
    kvi(&b, "close_days", est(f, "service.close_days", 7), true);
    ts_buf_puts(&b, "\n    \"revision\": {");
    kv(&b, "contact_prob", est(f, "service.revision.contact_prob", 0), true);
    kvi(&b, "delay_days", est(f, "service.revision.delay_days", 3), false);
    ts_buf_puts(&b, "}\n  }");
    uncertain(&b, f);
    ts_buf_puts(&b, "\n}\n");
    return b.s;
}

char *ts_fit_report_json(const ts_fit *f, const ts_orders *h, ts_fit_say say)
{
    ts_buf b = {0};
    char d0[11], d1[11];
    ts_date_format(f->first_day, d0);
    ts_date_format(f->last_day, d1);
    ts_buf_puts(&b, "{\n  \"export\": ");
    jstr(&b, h->file);
    ts_buf_printf(&b, ",\n  \"columns_from\": ");
    jstr(&b, h->columns_from);
    ts_buf_printf(&b, ",\n  \"rows\": %zu,\n  \"orders_used\": %zu,\n  \"first_pay_day\": \"%s\",\n"
                  "  \"last_day\": \"%s\",\n  \"parameters\": [\n", f->rows, f->orders_used, d0, d1);
    for (size_t i = 0; i < f->n_params; i++) {
        const ts_fit_param *p = &f->params[i];
        ts_buf_puts(&b, "    {\"path\": ");
        jstr(&b, p->path);
        ts_buf_puts(&b, ", \"estimate\": ");
        jnum(&b, p->estimate);
        ts_buf_puts(&b, ", \"lo\": ");
        jnum(&b, p->lo);
        ts_buf_puts(&b, ", \"hi\": ");
        jnum(&b, p->hi);
        ts_buf_printf(&b, ", \"n\": %zu, \"method\": \"%s\", \"fitted\": %s, \"uncertain\": %s, \"note\": ", p->n,
                      ts_fit_method_name(p->method), p->method == TS_FIT_DEFAULT ? "false" : "true",
                      p->uncertain ? "true" : "false");
        char *note = p->note.msg == TS_FIT_MSG_NONE ? NULL : say(&p->note, false);
        jstr(&b, note);
        free(note);
        ts_buf_puts(&b, i + 1 < f->n_params ? "},\n" : "}\n");
    }
    ts_buf_puts(&b, "  ],\n  \"lanes\": {\"by\": ");
    jstr(&b, f->by_promise ? "carrier and promise" : "carrier");
    ts_buf_printf(&b, ", \"late_share_orders\": %zu, \"late_share_observed\": ", f->late_n);
    jnum(&b, f->late_observed);
    ts_buf_puts(&b, ", \"late_share_one_lane_per_carrier\": ");
    jnum(&b, f->late_one_lane);
    ts_buf_puts(&b, ", \"late_share_lanes_by_promise\": ");
    jnum(&b, f->late_lanes);
    ts_buf_puts(&b, "},\n  \"warnings\": [");
    for (size_t i = 0; i < f->n_warnings; i++) {
        ts_buf_puts(&b, i ? ",\n    " : "\n    ");
        char *w = say(&f->warnings[i], false);
        jstr(&b, w);
        free(w);
    }
    ts_buf_puts(&b, f->n_warnings ? "\n  ]\n}\n" : "]\n}\n");
    return b.s;
}
