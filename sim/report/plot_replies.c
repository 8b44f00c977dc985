/*
** plot_replies.c — charts 8 and 9, customer service (docs/model.md §13): a
** variant's first responses by hour of the week (replies.gp) and the daily
** share answered within 3 minutes (reply_daily.gp); docs/plots.md "The charts".
*/
#include "plot_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The floor of the log wait axis (minutes): shorter waits are drawn on it. */
#define WAIT_MIN 0.1

/* The extremes of the data a reply chart draws. */
typedef struct {
    double wait_hi;     /* the longest mean or p90 wait; NaN when no hour had a conversation */
    double n_hi;        /* the most conversations in an hour */
    size_t slots_hi;    /* the most slots on duty */
} week_range;

/*
** The data: block 0 one row per hour of the week (hour, weekday, hour of
** the day, conversations, mean and p90 wait, slots); block 1 the slots as
** steps, hour 168 repeating hour 167 so that the last step is drawn.
*/
static void replies_data(const ts_plot_ctx *c, ts_plot_chart *ch, size_t k, week_range *r)
{
    const ts_reply_summary *rs = VS(c, k)->reply;
    ts_buf *d = &ch->data;
    ts_buf_puts(d, "# replies.dat — tiersim: first responses of variant ");
    ts_plot_datstr(d, vname(c, k));
    ts_buf_puts(d, " by the hour of the week a conversation arrives (0 = Monday 00-01 h);\n"
                   "# means over the replications, waits in minutes (docs/results-format.md \"replies\")\n"
                   "# index 0: hour weekday hour_of_day conversations mean_wait p90_wait slots_on_duty\n");
    *r = (week_range){NAN, 0.0, 0};
    for (int h = 0; h < 168; h++) {
        ts_buf_printf(d, "%d %d %d ", h, h / 24, h % 24);
        ts_plot_num(d, rs->week_n[h]);
        ts_buf_puts(d, " ");
        ts_plot_num(d, rs->week_mean[h]);
        ts_buf_puts(d, " ");
        ts_plot_num(d, rs->week_p90[h]);
        ts_buf_printf(d, " %zu\n", rs->week_slots[h]);
        double w[2] = {rs->week_mean[h], rs->week_p90[h]};
        for (int j = 0; j < 2; j++)
            if (isfinite(w[j]) && !(w[j] <= r->wait_hi))
                r->wait_hi = w[j];
        if (isfinite(rs->week_n[h]) && rs->week_n[h] > r->n_hi)
            r->n_hi = rs->week_n[h];
        if (rs->week_slots[h] > r->slots_hi)
            r->slots_hi = rs->week_slots[h];
    }
    ts_buf_puts(d, "\n\n# index 1: hour slots_on_duty (steps)\n");
    for (int h = 0; h <= 168; h++)
        ts_buf_printf(d, "%d %zu\n", h, rs->week_slots[h < 168 ? h : 167]);
}

/*
** The top of the wait axis: ten times the longest wait (a decade of room for
** the key and the busiest hour's label), at least 10 min (the 3-minute mark shows).
*/
static double wait_axis_max(const week_range *r)
{
    return isnan(r->wait_hi) ? 10.0 : fmax(10.0, 10.0 * r->wait_hi);
}

/* The settings: texts, legend titles, colours and the axes' ranges. */
static void replies_settings(const ts_plot_ctx *c, ts_plot_chart *ch, size_t k, const week_range *r)
{
    ts_buf *s = &ch->settings;
    char reps[24];
    snprintf(reps, sizeof reps, "%zu", ts_plot_reps(c));
    char *title = FILL(c, TS_W_REPLIES_TITLE, vname(c, k), c->who);
    char *sub = FILL(c, TS_W_REPLIES_SUBTITLE, reps);
    char cap[64];
    ts_plot_setstr(s, "title_text", title);
    ts_plot_setstr(s, "subtitle_text", sub);
    ts_plot_setstr(s, "xlabel_text", W(c, TS_W_REPLIES_HOUR_AXIS));
    ts_plot_setstr(s, "wait_label", W(c, TS_W_REPLIES_WAIT_AXIS));
    ts_plot_setstr(s, "count_label", ts_present_capital(W(c, TS_W_REPLIES_ARRIVALS), cap));
    ts_plot_setstr(s, "slots_label", ts_present_capital(W(c, TS_W_REPLIES_SLOTS), cap));
    ts_plot_setstr(s, "mean_title", W(c, TS_W_REPLIES_MEAN));
    ts_plot_setstr(s, "p90_title", W(c, TS_W_REPLIES_P90));
    ts_plot_setstr(s, "count_title", W(c, TS_W_REPLIES_ARRIVALS));
    ts_plot_setstr(s, "slots_title", W(c, TS_W_REPLIES_SLOTS));
    ts_plot_setstr(s, "rule3_text", W(c, TS_W_REPLIES_RULE_3));
    ts_plot_setstr(s, "rule24_text", W(c, TS_W_REPLIES_RULE_24H));
    ts_buf_printf(s, "wait_min = %g\nwait_max = %.6g\n", WAIT_MIN, wait_axis_max(r));
    ts_buf_printf(s, "count_max = %.6g\nslots_max = %.6g\n", r->n_hi > 0 ? 1.15 * r->n_hi : 1.0,
                  1.25 * (double)r->slots_hi + 1.0);
    ts_buf_printf(s, "color_wait = '%s'\ncolor_count = '#9ecae1'\ncolor_slots = '#000000'\n",
                  ts_plot_variant_color(k));
    free(title);
    free(sub);
}

/* The hour-of-the-week tics: each day's start ("Mon 0h", labelled when labels), minor tics every 6 h. */
static void week_tics(const ts_plot_ctx *c, ts_buf *o, bool labels)
{
    ts_buf_puts(o, "    set xtics (");
    for (int h = 0; h <= 168; h += 6) {
        if (h > 0)
            ts_buf_puts(o, ", ");
        if (h % 24 == 0 && h < 168 && labels) {
            char *lab = ts_xasprintf(c->zh ? "%s 0时" : "%s 0h", W(c, (ts_word)(TS_W_WD_MON + h / 24)));
            ts_plot_gpstr(o, lab);
            free(lab);
            ts_buf_printf(o, " %d", h);
        } else {
            ts_buf_printf(o, "'' %d%s", h, h % 24 ? " 1" : "");
        }
    }
    ts_buf_puts(o, ") out nomirror\n");
}

/* The busiest hour: shaded in both panels (object 1), and where its label and the key go. */
static void replies_decor(const ts_plot_ctx *c, ts_plot_chart *ch, size_t k)
{
    const ts_reply_summary *rs = VS(c, k)->reply;
    ts_buf *o = &ch->decor;
    ts_buf_puts(o, "# the busiest hour of the week (the longest mean wait)\n");
    if (rs->busiest < 0) {
        ts_buf_puts(o, "busiest = -1\n");
        return;
    }
    ts_buf_printf(o, "busiest = %d\n", rs->busiest);
    ts_buf_printf(o, "set object 1 rect from %d, graph 0 to %d, graph 1 behind fc rgb '#f4a582' "
                     "fs transparent solid 0.45 noborder\n", rs->busiest, rs->busiest + 1);
    char when[TS_PRESENT_NUM], wait[TS_PRESENT_NUM];
    ts_present_week_hour(when, rs->busiest, c->zh);
    ts_present_minutes(wait, rs->week_mean[rs->busiest]);
    char *lab = FILL(c, TS_W_REPLIES_BUSIEST, when, wait);
    ts_plot_setstr(o, "busiest_text", lab);
    free(lab);
}

/* The top panel: the mean and p90 wait on a log axis, the 3-minute and 24-hour marks. */
static void replies_top(const ts_plot_ctx *c, ts_buf *p, int busiest, double wait_max)
{
    ts_buf_puts(p, "    # top: the waits\n"
                   "    set logscale y\n"
                   "    set yrange [wait_min:wait_max]\n"
                   "    set ytics ('0.1' 0.1, '1' 1, '3' 3, '10' 10, '60' 60, '180' 180, '1440' 1440, "
                   "'10080' 10080, '43200' 43200) out nomirror\n"
                   "    unset y2tics\n    unset y2label\n    unset xlabel\n"
                   "    set ylabel wait_label\n"
                   "    set border 3 lw 1.2\n");
    week_tics(c, p, false);
    ts_buf_puts(p, "    set arrow 1 from 0, 3 to 168, 3 nohead dt 3 lw 1.2 lc rgb '#444444' front\n"
                   "    set label 1 rule3_text at graph 1, first 3 right offset char -0.5, char 0.6 "
                   "tc rgb '#444444' front\n");
    if (wait_max > 1440.0)
        ts_buf_puts(p, "    set arrow 2 from 0, 1440 to 168, 1440 nohead dt 3 lw 1.2 lc rgb '#444444' front\n"
                       "    set label 2 rule24_text at graph 1, first 1440 right offset char -0.5, char 0.6 "
                       "tc rgb '#444444' front\n");
    /* the label beside the shaded hour, towards the middle, under the key */
    if (busiest >= 0)
        ts_buf_printf(p, "    set label 3 busiest_text at %d, graph 0.84 %s tc rgb '#b2182b' front\n",
                      busiest < 84 ? busiest + 1 : busiest, busiest < 84 ? "left offset char 0.5, 0"
                                                                         : "right offset char -0.5, 0");
    ts_buf_puts(p, "    plot data_file index 0 using ($1 + 0.5):(clip($5)) with lines lw 2.5 lc rgb color_wait "
                   "title mean_title, \\\n"
                   "        data_file index 0 using ($1 + 0.5):(clip($6)) with lines dt 2 lw 1.5 "
                   "lc rgb color_wait title p90_title\n");
}

/* The bottom panel: conversations per hour (boxes) and the slots on duty (steps, right axis). */
static void replies_bottom(const ts_plot_ctx *c, ts_buf *p)
{
    ts_buf_puts(p, "    # bottom: conversations and slots on duty\n"
                   "    unset logscale y\n"
                   "    unset arrow 1\n    unset arrow 2\n    unset label 1\n    unset label 2\n    unset label 3\n"
                   "    set yrange [0:count_max]\n"
                   "    set ytics auto out nomirror\n"
                   "    set y2range [0:slots_max]\n"
                   "    set y2tics 1 out\n"
                   "    if (slots_max > 12) { set y2tics auto out }\n"
                   "    set xlabel xlabel_text\n"
                   "    set ylabel count_label\n"
                   "    set y2label slots_label\n"
                   "    set border 11 lw 1.2\n"
                   "    set key top left\n");
    week_tics(c, p, true);
    ts_buf_puts(p, "    plot data_file index 0 using ($1 + 0.5):4 with boxes lc rgb color_count title count_title, \\\n"
                   "        data_file index 1 using 1:2 axes x1y2 with steps lw 2.5 lc rgb color_slots "
                   "title slots_title\n");
}

void ts_plot_replies(const ts_plot_ctx *c, ts_plot_chart *ch, size_t k)
{
    week_range r;
    replies_data(c, ch, k, &r);
    replies_settings(c, ch, k, &r);
    replies_decor(c, ch, k);
    replies_top(c, &ch->plot, VS(c, k)->reply->busiest, wait_axis_max(&r));
    replies_bottom(c, &ch->plot);
}

/* ---- the daily share answered within 3 minutes ---- */

/* The data: one block per variant, each day's mean, p5, p50 and p95 in percent. */
static void daily_data(const ts_plot_ctx *c, ts_plot_chart *ch)
{
    ts_buf *d = &ch->data;
    ts_buf_puts(d, "# reply_daily.dat — tiersim: the share of a day's conversations answered within 3 minutes (%)\n"
                   "# one block per variant (gnuplot index 0, 1, ...); columns:\n"
                   "# date day mean p5 p50 p95\n");
    for (size_t k = 0; k < c->nv; k++) {
        const ts_variant_summary *vs = VS(c, k);
        if (k > 0)
            ts_buf_puts(d, "\n\n");
        ts_buf_puts(d, "# variant ");
        ts_plot_datstr(d, vname(c, k));
        ts_buf_puts(d, "\n");
        for (size_t day = 0; day < vs->n_days; day++) {
            const ts_stat *s = &vs->reply->day_within3[day];
            char date[11];
            ts_plot_date(vs->variant->scenario, (int32_t)day, date);
            ts_buf_printf(d, "%s %zu ", date, day);
            double v[4] = {100.0 * s->mean, 100.0 * s->p5, 100.0 * s->p50, 100.0 * s->p95};
            for (int j = 0; j < 4; j++) {
                ts_plot_num(d, v[j]);
                ts_buf_puts(d, j < 3 ? " " : "\n");
            }
        }
    }
}

static void daily_settings(const ts_plot_ctx *c, ts_plot_chart *ch)
{
    char first[11], last[11];
    ts_plot_date(c->base, 0, first);
    ts_plot_date(c->base, c->base->days - 1, last);
    char reps[24];
    snprintf(reps, sizeof reps, "%zu", ts_plot_reps(c));
    char *title = FILL(c, TS_W_REPLY_DAILY_TITLE, c->who);
    char *sub = FILL(c, TS_W_REPLY_DAILY_SUBTITLE, reps);
    ts_plot_setstr(&ch->settings, "title_text", title);
    ts_plot_setstr(&ch->settings, "subtitle_text", sub);
    ts_plot_setstr(&ch->settings, "xlabel_text", W(c, TS_W_DATE));
    ts_plot_setstr(&ch->settings, "ylabel_text", W(c, TS_W_REPLY_DAILY_AXIS));
    ts_plot_setstr(&ch->settings, "xtic_format", strncmp(first, last, 4) == 0 ? "%m-%d" : "%Y-%m-%d");
    ts_buf_printf(&ch->settings, "x_first = strptime('%%Y-%%m-%%d', '%s')\n", first);
    ts_buf_printf(&ch->settings, "x_last = strptime('%%Y-%%m-%%d', '%s')\n", last);
    ts_buf_puts(&ch->settings, "y_min = 0\ny_max = 100\n");
    for (size_t k = 0; k < c->nv; k++)
        ts_buf_printf(&ch->settings, "color_%zu = '%s'\n", k + 1, ts_plot_variant_color(k));
    free(title);
    free(sub);
}

/* The plot command: the bands of the first banded variants, then every mean. */
static void daily_plot(const ts_plot_ctx *c, ts_buf *p, size_t banded)
{
    ts_buf_puts(p, "    plot \\\n");
    for (size_t k = 0; k < banded; k++) {
        char *t = ts_plot_legend(c, k, TS_W_RANGE, TS_W_FAN_BAND);
        ts_buf_printf(p, "%s        data_file index %zu using (timecolumn(1, '%%Y-%%m-%%d')):4:6 with filledcurves "
                         "lc rgb color_%zu title ", k > 0 ? ", \\\n" : "", k, k + 1);
        ts_plot_gpstr(p, t);
        free(t);
    }
    for (size_t k = 0; k < c->nv; k++) {
        char *t = ts_plot_legend(c, k, TS_W_MEAN, TS_W_MEAN);
        ts_buf_printf(p, "%s        data_file index %zu using (timecolumn(1, '%%Y-%%m-%%d')):3 with lines "
                         "lw 2.5 lc rgb color_%zu title ", banded > 0 || k > 0 ? ", \\\n" : "", k, k + 1);
        ts_plot_gpstr(p, t);
        free(t);
    }
    ts_buf_puts(p, "\n");
}

void ts_plot_reply_daily(const ts_plot_ctx *c, ts_plot_chart *ch)
{
    /* as the fan chart: every variant gets a band up to three variants; with more, only the first */
    size_t banded = c->nv <= 3 ? c->nv : 1;
    daily_data(c, ch);
    daily_settings(c, ch);
    ts_plot_peaks(c, &ch->decor);
    daily_plot(c, &ch->plot, banded);
}
