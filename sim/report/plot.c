/*
** plot.c — the plotting driver (plot.h): fills the gnuplot templates of
** plots/NAME.gp with a run's data, writes NAME.gp and NAME.dat, runs gnuplot.
*/
#include "plot.h"
#include "present.h"
#include "files.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_histogram.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "date.h"
#include "world.h" /* TS_MONEY_GIFT_COST only: ts_report does not link the models */

/* ------------------------------------------------------------------ */
/* Writing into a growing string (ts_buf, tiersim.h).                 */

/* A number of a data file or a script ('%.10g'): NaN for undefined values. */
static void dat_num(ts_buf *b, double x)
{
    if (isnan(x) || isinf(x))
        ts_buf_puts(b, "NaN");
    else
        ts_buf_printf(b, "%.10g", x);
}

/* s between quote characters; a quote inside becomes for_quote, control
   characters become spaces. */
static void sb_quoted(ts_buf *b, const char *s, char quote, const char *for_quote)
{
    ts_buf_add(b, &quote, 1);
    for (const char *p = s ? s : ""; *p; p++) {
        if (*p == quote)
            ts_buf_puts(b, for_quote);
        else if ((unsigned char)*p < 0x20)
            ts_buf_puts(b, " ");
        else
            ts_buf_add(b, p, 1);
    }
    ts_buf_add(b, &quote, 1);
}

/*
** A gnuplot single-quoted string: inside it only '' is special (it stands
** for one quote); backslashes, @, _, ^ and braces are literal, and the
** terminals are set noenhanced.
*/
static void sb_gpstr(ts_buf *b, const char *s)
{
    sb_quoted(b, s, '\'', "''");
}

/* A quoted string column of a data file: gnuplot cannot escape '"' there,
   so double quotes become single ones. */
static void sb_datstr(ts_buf *b, const char *s)
{
    sb_quoted(b, s, '"', "'");
}

/* A settings line: NAME = 'text'. */
static void sb_setstr(ts_buf *b, const char *name, const char *text)
{
    ts_buf_printf(b, "%s = ", name);
    sb_gpstr(b, text);
    ts_buf_puts(b, "\n");
}

/* ------------------------------------------------------------------ */
/* The run being drawn.                                                */

typedef struct {
    const ts_summary *sum;
    const ts_results *res;     /* may be NULL */
    bool zh;
    int width, height;
    const ts_scenario *base;   /* variant 0's scenario */
    const ts_rulebook *rb;     /* variant 0's rulebook */
    size_t *vi;                /* the variants drawn: same rulebook shape as the base */
    size_t nv;
    double scale;              /* headline metric: display = value * scale */
    const char *axis_unit;     /* axis-label unit: "%", "stars", ... */
    const char *who;           /* ends the titles: the scenario's name */
    const char *rb_line;       /* with several rulebook groups, a second title
                                  line naming the group's rulebook; else NULL */
} ctx;

/* A glossary word in the chart's language. */
static const char *W(const ctx *c, ts_word id)
{
    return ts_present_word(id, c->zh);
}

/* A glossary text with its "{}" filled by the strings after id; free with free(). */
#define FILL(c, id, ...) ts_present_fill((id), (c)->zh, __VA_ARGS__, (const char *)NULL)

static const ts_variant_summary *VS(const ctx *c, size_t k)
{
    return &c->sum->variants[c->vi[k]];
}

static const char *vname(const ctx *c, size_t k)
{
    const ts_variant *v = VS(c, k)->variant;
    return v && v->name ? v->name : "?";
}

/* Colour-blind-safe colours for variants (Okabe-Ito). */
static const char *const variant_colors[] = {
    "#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#999933"
};
#define N_VCOLORS (sizeof variant_colors / sizeof variant_colors[0])

/* Qualitative colours for rule events (Tableau 10). */
static const char *const event_colors[] = {
    "#4E79A7", "#F28E2B", "#E15759", "#76B7B2", "#59A14F",
    "#EDC948", "#B07AA1", "#FF9DA7", "#9C755F", "#BAB0AC"
};
#define N_ECOLORS (sizeof event_colors / sizeof event_colors[0])

static const char *tier_label(const ctx *c, const ts_tier *t)
{
    return ts_present_tier(t, c->zh);
}

static const char *metric_label(const ctx *c, const ts_metric *m)
{
    return ts_present_metric(m, c->zh);
}

static const char *event_label(const ctx *c, const ts_rule_event *ev)
{
    return ts_present_event(ev, c->zh);
}

static const char *op_text(ts_op op)
{
    switch (op) {
    case TS_OP_LT: return "<";
    case TS_OP_LE: return "≤";
    case TS_OP_GT: return ">";
    default: return "≥";
    }
}

/* A tier threshold on the headline metric, merged over tiers sharing it. */
typedef struct {
    double v;       /* display units */
    double value;   /* the rulebook's value */
    char *text;     /* "优秀 < 3%" */
    char color[8];  /* the best tier's colour */
} threshold;

static void thresholds_free(threshold *t, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(t[i].text);
    free(t);
}

/* A tier colour as a line on white: the pale middle (yellow) shades darkened. */
static void line_color(char color[static 8])
{
    unsigned r = 0, g = 0, b = 0;
    if (sscanf(color, "#%2x%2x%2x", &r, &g, &b) != 3 || 0.299 * r + 0.587 * g + 0.114 * b < 205.0)
        return;
    snprintf(color, 8, "#%02x%02x%02x", (r & 0xffu) * 4 / 5, (g & 0xffu) * 4 / 5, (b & 0xffu) * 4 / 5);
}

/* The thresholds of metric 0 from the tiers' conditions, in tier order. */
static threshold *thresholds_build(const ctx *c, size_t *count)
{
    threshold *out = ts_xcalloc(c->rb->n_tiers * 4 + 1, sizeof *out);
    ts_op *ops = ts_xcalloc(c->rb->n_tiers * 4 + 1, sizeof *ops);
    char **labels = ts_xcalloc(c->rb->n_tiers * 4 + 1, sizeof *labels);
    size_t n = 0;
    for (size_t t = 0; t < c->rb->n_tiers; t++) {
        const ts_tier *tier = &c->rb->tiers[t];
        for (size_t k = 0; k < tier->n_when; k++) {
            const ts_condition *cond = &tier->when[k];
            if (cond->metric != 0 || !isfinite(cond->value))
                continue;
            double v = cond->value * c->scale;
            size_t j = 0;
            while (j < n && !(ops[j] == cond->op && fabs(out[j].v - v) <= 1e-12 * fmax(1.0, fabs(v))))
                j++;
            if (j == n) {
                if (n == c->rb->n_tiers * 4)
                    continue;
                out[n].v = v;
                out[n].value = cond->value;
                ops[n] = cond->op;
                labels[n] = ts_xstrdup(tier_label(c, tier));
                ts_present_tier_color(t, c->rb->n_tiers, out[n].color);
                line_color(out[n].color);
                n++;
            } else {
                char *joined = ts_xasprintf("%s/%s", labels[j], tier_label(c, tier));
                free(labels[j]);
                labels[j] = joined;
            }
        }
    }
    for (size_t j = 0; j < n; j++) {
        char num[TS_PRESENT_NUM];
        ts_present_value(num, c->rb->metrics[0].kind, out[j].value, TS_SHOW_EXACT);
        out[j].text = ts_xasprintf("%s %s %s", labels[j], op_text(ops[j]), num);
        free(labels[j]);
    }
    free(labels);
    free(ops);
    *count = n;
    return out;
}

/*
** The value range to show for data in [lo, hi] (display units): the data,
** plus the nearest threshold above and below it, so the next boundary the
** seller could cross is always visible while far thresholds do not squash
** the data; padded; never below 0 for a non-negative metric.
*/
static void value_range(const ctx *c, double lo, double hi, const threshold *t, size_t nt,
                        bool from_zero, double *rlo, double *rhi)
{
    if (!isfinite(lo) || !isfinite(hi)) {
        lo = 0.0;
        hi = c->scale > 1.0 ? 10.0 : 1.0;
    }
    double above = INFINITY, below = -INFINITY;
    for (size_t i = 0; i < nt; i++) {
        if (t[i].v > hi && t[i].v < above)
            above = t[i].v;
        if (t[i].v < lo && t[i].v > below)
            below = t[i].v;
    }
    double a = isfinite(below) ? below : lo;
    double b = isfinite(above) ? above : hi;
    double span = b - a;
    if (!(span > 0.0))
        span = fmax(fabs(b) * 0.1, 1e-6);
    a -= 0.06 * span;
    b += 0.12 * span;
    if (c->rb->metrics[0].kind != TS_METRIC_DSR_MEAN && a < 0.0)
        a = 0.0;
    if (from_zero)
        a = 0.0;
    *rlo = a;
    *rhi = b;
}

/* ------------------------------------------------------------------ */
/* Files.                                                              */

/* Write text to dir/name through a temporary name and a rename. */
static ts_status write_file(const char *dir, const char *name, const char *text, ts_error *err)
{
    size_t len = strlen(text);
    return ts_file_write_all(dir, 1, &name, &text, &len, err);
}

static const char *template_text(const char *name)
{
    for (size_t i = 0; i < ts_plot_template_count; i++)
        if (strcmp(ts_plot_templates[i].name, name) == 0)
            return ts_plot_templates[i].text;
    return NULL;
}

/* The parts the driver writes into a template's {{...}} placeholders. */
typedef struct {
    ts_buf settings, decor, plot, data;
} chart;

static void chart_free(chart *ch)
{
    free(ch->settings.s);
    free(ch->decor.s);
    free(ch->plot.s);
    free(ch->data.s);
}

static void outcome_add_warning(ts_plot_outcome *o, char *msg)
{
    o->warnings = ts_xrealloc(o->warnings, (o->n_warnings + 1) * sizeof *o->warnings);
    o->warnings[o->n_warnings++] = msg;
}

/*
** Fill template tmpl and write NAME.gp and NAME.dat into the plots folder.
** The settings block starts with the output size, font and name.
*/
static ts_status chart_write(const char *plots, const char *name, const char *tmpl,
                             const char *font_spec, const ctx *c, chart *ch,
                             ts_plot_outcome *outcome, ts_error *err)
{
    const char *text = template_text(tmpl);
    if (text == NULL) {
        ts_error_add(err, "plots: no embedded gnuplot template named \"%s.gp\"", tmpl);
        return TS_EINVAL;
    }
    ts_buf head = {0};
    ts_buf_printf(&head, "width = %d\nheight = %d\n", c->width, c->height);
    sb_setstr(&head, "font_spec", font_spec);
    sb_setstr(&head, "out_name", name);
    ts_buf_printf(&head, "data_file = '%s.dat'\n", name);
    ts_buf_puts(&head, ch->settings.s ? ch->settings.s : "");
    if (c->rb_line != NULL) {
        ts_buf_puts(&head, "title_text = title_text . \"\\n\" . ");
        sb_gpstr(&head, c->rb_line);
        ts_buf_puts(&head, "\n");
    }

    ts_buf gp = {0};
    const char *p = text;
    ts_status st = TS_OK;
    while (*p) {
        const char *open = strstr(p, "{{");
        if (open == NULL) {
            ts_buf_puts(&gp, p);
            break;
        }
        ts_buf_add(&gp, p, (size_t)(open - p));
        const char *close = strstr(open, "}}");
        if (close == NULL) {
            ts_buf_puts(&gp, open);
            break;
        }
        size_t klen = (size_t)(close - open - 2);
        const char *key = open + 2;
        const ts_buf *part = NULL;
        if (klen == 8 && strncmp(key, "SETTINGS", 8) == 0)
            part = &head;
        else if (klen == 5 && strncmp(key, "DECOR", 5) == 0)
            part = &ch->decor;
        else if (klen == 4 && strncmp(key, "PLOT", 4) == 0)
            part = &ch->plot;
        if (part == NULL) {
            ts_error_add(err, "plots/%s.gp: unknown placeholder {{%.*s}}", tmpl, (int)klen, key);
            st = TS_EINVAL;
            goto done;
        }
        ts_buf_puts(&gp, part->s ? part->s : "");
        p = close + 2;
    }

    char *gpname = ts_xasprintf("%s.gp", name);
    char *datname = ts_xasprintf("%s.dat", name);
    st = write_file(plots, gpname, gp.s ? gp.s : "", err);
    if (st == TS_OK)
        st = write_file(plots, datname, ch->data.s ? ch->data.s : "", err);
    free(gpname);
    free(datname);
    if (st == TS_OK) {
        outcome->charts = ts_xrealloc(outcome->charts, (outcome->n_charts + 1) * sizeof *outcome->charts);
        outcome->charts[outcome->n_charts++] = ts_xstrdup(name);
    }
done:
    free(head.s);
    free(gp.s);
    return st;
}

/* ------------------------------------------------------------------ */
/* Running programs.                                                   */

/*
** Run argv[0] (searched in PATH) in folder cwd (NULL: here) with stdin from
** /dev/null; capture_fd (1 or 2) is read into *captured, the other stream
** is discarded. Returns 0 and sets *status (the wait status) when the
** program ran, else the errno of the failed exec/fork.
*/
static int run_program(char *const argv[], const char *cwd, int capture_fd, char **captured,
                       int *status)
{
    int out[2], report[2];
    *captured = NULL;
    if (pipe(out) != 0)
        return errno;
    if (pipe(report) != 0) {
        int e = errno;
        close(out[0]);
        close(out[1]);
        return e;
    }
    fcntl(report[1], F_SETFD, FD_CLOEXEC);
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0) {
        int e = errno;
        close(out[0]); close(out[1]); close(report[0]); close(report[1]);
        return e;
    }
    if (pid == 0) {
        int e = 0;
        int devnull = open("/dev/null", O_RDWR);
        if (cwd != NULL && chdir(cwd) != 0)
            e = errno;
        if (e == 0 && devnull >= 0) {
            dup2(devnull, 0);
            dup2(devnull, capture_fd == 1 ? 2 : 1);
        }
        dup2(out[1], capture_fd);
        close(out[0]);
        close(out[1]);
        close(report[0]);
        if (e == 0) {
            execvp(argv[0], argv);
            e = errno;
        }
        ssize_t w = write(report[1], &e, sizeof e);
        (void)w;
        _exit(127);
    }
    close(out[1]);
    close(report[1]);
    ts_buf text = {0};
    ts_buf_puts(&text, "");
    char buf[4096];
    for (;;) {
        ssize_t r = read(out[0], buf, sizeof buf);
        if (r > 0)
            ts_buf_add(&text, buf, (size_t)r);
        else if (r == 0 || errno != EINTR)
            break;
    }
    close(out[0]);
    int exec_errno = 0;
    ssize_t r;
    do
        r = read(report[0], &exec_errno, sizeof exec_errno);
    while (r < 0 && errno == EINTR);
    close(report[0]);
    int wst = 0;
    while (waitpid(pid, &wst, 0) < 0 && errno == EINTR)
        ;
    if (r == (ssize_t)sizeof exec_errno && exec_errno != 0) {
        free(text.s);
        return exec_errno;
    }
    *status = wst;
    *captured = text.s;
    return 0;
}

/*
** The CJK font family: from `fc-list :lang=zh family`, Noto Sans CJK SC when
** listed, else another simplified-Chinese sans family, else the first family
** listed. NULL when none is listed (or fc-list cannot run).
*/
static char *find_cjk_font(void)
{
    char *argv[] = {"fc-list", ":lang=zh", "family", NULL};
    char *text = NULL;
    int status = 0;
    if (run_program(argv, NULL, 1, &text, &status) != 0)
        return NULL;
    static const char *const prefs[] = {"Noto Sans CJK SC", "Sans CJK SC", "Sans SC", "CJK SC", "Sans CJK", ""};
    char *best = NULL;
    size_t best_rank = sizeof prefs / sizeof prefs[0];
    char *save = NULL;
    for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        char *save2 = NULL;
        for (char *fam = strtok_r(line, ",", &save2); fam; fam = strtok_r(NULL, ",", &save2)) {
            while (*fam == ' ' || *fam == '\t')
                fam++;
            size_t n = strlen(fam);
            while (n > 0 && (fam[n - 1] == ' ' || fam[n - 1] == '\r' || fam[n - 1] == '\t'))
                fam[--n] = '\0';
            if (n == 0)
                continue;
            for (size_t k = 0; k < best_rank; k++) {
                bool hit = k == 0 ? strcmp(fam, prefs[k]) == 0 : strstr(fam, prefs[k]) != NULL;
                if (hit) {
                    free(best);
                    best = ts_xstrdup(fam);
                    best_rank = k;
                    break;
                }
            }
        }
    }
    free(text);
    return best;
}

/* ------------------------------------------------------------------ */
/* Charts.                                                             */

/* The number of replications of the run. */
static size_t n_reps(const ctx *c)
{
    if (c->res != NULL)
        return c->res->n_reps;
    if (c->sum->results != NULL)
        return c->sum->results->n_reps;
    const ts_variant_summary *vs = VS(c, 0);
    if (vs->n_eval > 0)
        return vs->evals[0].tiers[0].n;
    size_t n = 0;
    for (size_t i = 0; i < vs->n_days * vs->n_metrics; i++)
        n = vs->daily[i].n > n ? vs->daily[i].n : n;
    return n;
}

/* A darker shade of a colour, for text that must stay readable on white. */
static void darker(const char *color, char out[static 8])
{
    unsigned r = 0, g = 0, b = 0;
    if (sscanf(color, "#%2x%2x%2x", &r, &g, &b) != 3) {
        snprintf(out, 8, "#000000");
        return;
    }
    snprintf(out, 8, "#%02x%02x%02x", (r & 0xffu) * 3 / 5, (g & 0xffu) * 3 / 5, (b & 0xffu) * 3 / 5);
}

static void date_of(const ts_scenario *sc, int32_t day, char out[static 11])
{
    ts_date_format(sc->start + day, out);
}

/* 1. Daily fan chart of the headline metric (fan.gp). */
static void chart_fan(const ctx *c, chart *ch)
{
    const ts_metric *m = &c->rb->metrics[0];
    size_t nm = c->rb->n_metrics;
    size_t nthr = 0;
    threshold *thr = thresholds_build(c, &nthr);
    size_t banded = c->nv <= 3 ? c->nv : 1;

    /* data: one block per variant */
    ts_buf *d = &ch->data;
    ts_buf_printf(d, "# fan.dat — tiersim: %s as of each day (the seller's dashboard), display units %s\n",
              m->name, c->axis_unit);
    ts_buf_puts(d, "# one block per variant (gnuplot index 0, 1, ...); columns:\n"
               "# date day mean p5 p50 p95\n");
    double lo = INFINITY, hi = -INFINITY;
    for (size_t k = 0; k < c->nv; k++) {
        const ts_variant_summary *vs = VS(c, k);
        const ts_scenario *sc = vs->variant->scenario;
        if (k > 0)
            ts_buf_puts(d, "\n\n");
        ts_buf_puts(d, "# variant ");
        sb_datstr(d, vname(c, k));
        ts_buf_puts(d, "\n");
        for (size_t day = 0; day < vs->n_days; day++) {
            const ts_stat *s = &vs->daily[day * nm];
            char date[11];
            date_of(sc, (int32_t)day, date);
            ts_buf_printf(d, "%s %zu ", date, day);
            double v[4] = {s->mean * c->scale, s->p5 * c->scale, s->p50 * c->scale, s->p95 * c->scale};
            for (int j = 0; j < 4; j++) {
                dat_num(d, v[j]);
                ts_buf_puts(d, j < 3 ? " " : "\n");
            }
            double top = k < banded ? v[3] : v[0];
            double bot = k < banded ? v[1] : v[0];
            if (isfinite(top) && top > hi)
                hi = top;
            if (isfinite(bot) && bot < lo)
                lo = bot;
        }
    }

    /* settings */
    char first[11], last[11];
    date_of(c->base, 0, first);
    date_of(c->base, c->base->days - 1, last);
    char reps[24];
    snprintf(reps, sizeof reps, "%zu", n_reps(c));
    char *title = FILL(c, TS_W_FAN_TITLE, metric_label(c, m), c->who);
    char *sub = FILL(c, TS_W_FAN_SUBTITLE, reps);
    char *ylabel = FILL(c, TS_W_VALUE_IN_UNIT, metric_label(c, m), c->axis_unit);
    sb_setstr(&ch->settings, "title_text", title);
    sb_setstr(&ch->settings, "subtitle_text", sub);
    sb_setstr(&ch->settings, "xlabel_text", W(c, TS_W_DATE));
    sb_setstr(&ch->settings, "ylabel_text", ylabel);
    sb_setstr(&ch->settings, "xtic_format", first[0] == last[0] && strncmp(first, last, 4) == 0 ? "%m-%d" : "%Y-%m-%d");
    ts_buf_printf(&ch->settings, "x_first = strptime('%%Y-%%m-%%d', '%s')\n", first);
    ts_buf_printf(&ch->settings, "x_last = strptime('%%Y-%%m-%%d', '%s')\n", last);
    double ylo, yhi;
    value_range(c, lo, hi, thr, nthr, m->kind == TS_METRIC_RATE, &ylo, &yhi);
    ts_buf_printf(&ch->settings, "y_min = %.6g\ny_max = %.6g\n", ylo, yhi);
    for (size_t k = 0; k < c->nv; k++)
        ts_buf_printf(&ch->settings, "color_%zu = '%s'\n", k + 1, variant_colors[k % N_VCOLORS]);
    free(title);
    free(sub);
    free(ylabel);

    /* decor: thresholds, evaluation days, peaks */
    ts_buf *o = &ch->decor;
    ts_buf_puts(o, "# tier thresholds of the metric\n");
    for (size_t i = 0; i < nthr; i++) {
        if (thr[i].v < ylo || thr[i].v > yhi)
            continue;
        ts_buf_printf(o, "set arrow from graph 0, first %.6g to graph 1, first %.6g nohead dt 2 lw 2 lc rgb '%s' front\n",
                  thr[i].v, thr[i].v, thr[i].color);
        char dark[8];
        darker(thr[i].color, dark);
        ts_buf_printf(o, "set label ");
        sb_gpstr(o, thr[i].text);
        ts_buf_printf(o, " at graph 0.995, first %.6g right offset 0, char 0.6 tc rgb '%s' front\n",
                  thr[i].v, dark);
    }
    ts_buf_puts(o, "# evaluation days\n");
    size_t ne = c->base->n_evaluations;
    for (size_t e = 0; e < ne && ne <= 62; e++) {
        char date[11];
        date_of(c->base, c->base->evaluations[e], date);
        ts_buf_printf(o, "set arrow from strptime('%%Y-%%m-%%d', '%s'), graph 0 to strptime('%%Y-%%m-%%d', '%s'), graph 1 "
                     "nohead dt 3 lw 1.5 lc rgb '#444444' front\n", date, date);
        if (ne <= 12) {
            char *lab = FILL(c, TS_W_EVAL_AT, date + 5);
            ts_buf_puts(o, "set label ");
            sb_gpstr(o, lab);
            /* labels near an edge are aligned inwards so they are not clipped */
            double at = c->base->days > 1 ? (double)c->base->evaluations[e] / (c->base->days - 1) : 0.5;
            ts_buf_printf(o, " at strptime('%%Y-%%m-%%d', '%s'), graph 1 %s offset 0, char 0.7 tc rgb '#444444' front\n",
                      date, at > 0.88 ? "right" : at < 0.12 ? "left" : "center");
            free(lab);
        }
    }
    ts_buf_puts(o, "# peak events (volume.events): shaded from the first day to the day after the last\n");
    for (size_t i = 0; i < c->base->volume.n_events; i++) {
        const ts_peak *pk = &c->base->volume.events[i];
        int32_t a = pk->start_day, b = pk->start_day + pk->days;
        if (b <= 0 || a >= c->base->days)
            continue;
        if (a < 0)
            a = 0;
        if (b > c->base->days - 1)
            b = c->base->days - 1;
        char da[11], db[11];
        date_of(c->base, a, da);
        date_of(c->base, b, db);
        ts_buf_printf(o, "set object rect from strptime('%%Y-%%m-%%d', '%s'), graph 0 to strptime('%%Y-%%m-%%d', '%s'), graph 1 "
                     "behind fc rgb '#f4a582' fs transparent solid 0.30 noborder\n", da, db);
        char *lab = ts_xasprintf("%s ×%.3g", pk->name ? pk->name : "", pk->multiplier);
        ts_buf_puts(o, "set label ");
        sb_gpstr(o, lab);
        ts_buf_printf(o, " at strptime('%%Y-%%m-%%d', '%s'), graph 0.96 left offset char 0.4, 0 tc rgb '#b2182b' front\n", da);
        free(lab);
    }

    /* plot: bands first, then medians and means */
    ts_buf *p = &ch->plot;
    ts_buf_puts(p, "    plot \\\n");
    bool more = false;
    for (size_t k = 0; k < banded; k++) {
        char *t = c->nv > 1 ? ts_xasprintf("%s: %s", vname(c, k), W(c, TS_W_RANGE))
                            : ts_xstrdup(W(c, TS_W_FAN_BAND));
        ts_buf_printf(p, "%s        data_file index %zu using (timecolumn(1, '%%Y-%%m-%%d')):4:6 with filledcurves "
                     "lc rgb color_%zu title ", more ? ", \\\n" : "", k, k + 1);
        sb_gpstr(p, t);
        free(t);
        more = true;
    }
    for (size_t k = 0; k < banded; k++) {
        char *t = c->nv > 1 ? ts_xasprintf("%s: %s", vname(c, k), W(c, TS_W_MEDIAN))
                            : ts_xstrdup(W(c, TS_W_MEDIAN));
        ts_buf_printf(p, ", \\\n        data_file index %zu using (timecolumn(1, '%%Y-%%m-%%d')):5 with lines "
                     "dt 2 lw 1.5 lc rgb color_%zu title ", k, k + 1);
        sb_gpstr(p, t);
        free(t);
    }
    for (size_t k = 0; k < c->nv; k++) {
        char *t = c->nv > 1 ? ts_xasprintf("%s: %s", vname(c, k), W(c, TS_W_MEAN))
                            : ts_xstrdup(W(c, TS_W_MEAN));
        ts_buf_printf(p, "%s        data_file index %zu using (timecolumn(1, '%%Y-%%m-%%d')):3 with lines "
                     "lw 2.5 lc rgb color_%zu title ", more ? ", \\\n" : "", k, k + 1);
        sb_gpstr(p, t);
        free(t);
        more = true;
    }
    ts_buf_puts(p, "\n");
    thresholds_free(thr, nthr);
}

/*
** The bar layout shared by tiers.gp and causes.gp: one stacked bar per
** evaluation day (one variant), or per variant grouped by evaluation day.
** cols[j] are the data columns (from 2), titles[j] their legend texts and
** colors[j] their colour variable names.
*/
static void stacked_plot(const ctx *c, chart *ch, size_t ncols, char *const titles[],
                         char *const colors[])
{
    ts_buf *p = &ch->plot;
    size_t ne = c->base->n_evaluations;
    size_t groups = c->nv == 1 ? 1 : ne;
    ts_buf_puts(p, "    plot \\\n");
    for (size_t g = 0; g < groups; g++) {
        if (g > 0)
            ts_buf_puts(p, ", \\\n");
        if (c->nv > 1) {
            char date[11];
            date_of(c->base, c->base->evaluations[g], date);
            char *gt = FILL(c, TS_W_EVAL_AT, date);
            ts_buf_puts(p, "        newhistogram ");
            sb_gpstr(p, gt);
            free(gt);
            ts_buf_puts(p, " lt 1, \\\n");
        }
        for (size_t j = 0; j < ncols; j++) {
            if (j == 0)
                ts_buf_printf(p, "        data_file index %zu using %zu:xtic(1) ", g, j + 2);
            else
                ts_buf_printf(p, ", \\\n        '' index %zu using %zu ", g, j + 2);
            ts_buf_printf(p, "lc rgb %s ", colors[j]);
            if (g == 0)
                ts_buf_printf(p, "title %s", titles[j]);
            else
                ts_buf_puts(p, "notitle");
        }
    }
    ts_buf_puts(p, "\n");
}

/* Rotate the bar labels when variant names are long. */
static void bar_label_style(const ctx *c, ts_buf *o)
{
    size_t longest = 0;
    for (size_t k = 0; k < c->nv && c->nv > 1; k++)
        if (strlen(vname(c, k)) > longest)
            longest = strlen(vname(c, k));
    if (c->nv * c->base->n_evaluations > 16) /* e.g. daily evaluations: upright dates */
        ts_buf_puts(o, "set xtics rotate by 90 right\n");
    else if (longest * (c->nv * c->base->n_evaluations) > 90)
        ts_buf_puts(o, "set xtics rotate by 30 right\n");
    else
        ts_buf_puts(o, "set xtics norotate\n");
}

/* 2. Tier probabilities (tiers.gp). */
static void chart_tiers(const ctx *c, chart *ch)
{
    size_t nt = c->rb->n_tiers, ne = c->base->n_evaluations;
    bool any_na = false, any_un = false;
    for (size_t k = 0; k < c->nv; k++)
        for (size_t e = 0; e < ne; e++) {
            any_na = any_na || VS(c, k)->evals[e].tiers[nt].p > 0.0;
            any_un = any_un || VS(c, k)->evals[e].tiers[nt + 1].p > 0.0;
        }
    size_t ncols = nt + (any_na ? 1 : 0) + (any_un ? 1 : 0);
    char **titles = ts_xcalloc(ncols, sizeof *titles);
    char **colors = ts_xcalloc(ncols, sizeof *colors);
    size_t *src = ts_xcalloc(ncols, sizeof *src);
    ts_buf *s = &ch->settings;
    for (size_t j = 0; j < ncols; j++) {
        src[j] = j < nt ? j : j == nt && any_na ? nt : nt + 1;
        char col[8];
        ts_present_slot_color(src[j], nt, col);
        const char *label = ts_present_slot(c->rb, src[j], c->zh);
        titles[j] = ts_xasprintf("label_%zu", j + 1);
        colors[j] = ts_xasprintf("color_%zu", j + 1);
        sb_setstr(s, titles[j], label);
        ts_buf_printf(s, "%s = '%s'\n", colors[j], col);
    }
    char *title = FILL(c, TS_W_TIERS_TITLE, c->who);
    sb_setstr(s, "title_text", title);
    free(title);
    sb_setstr(s, "xlabel_text", c->nv > 1 ? "" : W(c, TS_W_EVAL_DAY));
    sb_setstr(s, "ylabel_text", W(c, TS_W_PROBABILITY_AXIS));
    bar_label_style(c, &ch->decor);

    ts_buf *d = &ch->data;
    ts_buf_puts(d, "# tiers.dat — tiersim: probability (%) of each tier on each evaluation day\n");
    ts_buf_printf(d, "# %s; columns:\n# %s", c->nv > 1 ? "one block per evaluation day, one row per variant"
                                                   : "one row per evaluation day",
              c->nv > 1 ? "variant" : "date");
    for (size_t j = 0; j < ncols; j++)
        ts_buf_printf(d, " %s", src[j] < nt ? c->rb->tiers[src[j]].name : src[j] == nt ? "not_assessed" : "unclassified");
    ts_buf_puts(d, "\n");
    size_t groups = c->nv == 1 ? 1 : ne;
    for (size_t g = 0; g < groups; g++) {
        if (g > 0)
            ts_buf_puts(d, "\n\n");
        size_t rows = c->nv == 1 ? ne : c->nv;
        for (size_t r = 0; r < rows; r++) {
            size_t k = c->nv == 1 ? 0 : r, e = c->nv == 1 ? r : g;
            const ts_eval_summary *es = &VS(c, k)->evals[e];
            sb_datstr(d, c->nv == 1 ? es->date : vname(c, k));
            for (size_t j = 0; j < ncols; j++) {
                ts_buf_puts(d, " ");
                dat_num(d, es->tiers[src[j]].p * 100.0);
            }
            ts_buf_puts(d, "\n");
        }
    }
    stacked_plot(c, ch, ncols, titles, colors);
    for (size_t j = 0; j < ncols; j++) {
        free(titles[j]);
        free(colors[j]);
    }
    free(titles);
    free(colors);
    free(src);
}

/* 3. Causes: mean assessed orders with each rule event (causes.gp). */
static void chart_causes(const ctx *c, chart *ch)
{
    const ts_metric *m = &c->rb->metrics[0];
    size_t ne = c->base->n_evaluations;
    size_t ncols = 0;
    size_t *src = ts_xcalloc(c->rb->n_events + 1, sizeof *src);
    if ((m->kind == TS_METRIC_RATE || m->kind == TS_METRIC_COUNT) && m->n_events > 0) {
        for (size_t j = 0; j < m->n_events; j++)
            if (m->events[j] < c->rb->n_events)
                src[ncols++] = m->events[j];
    }
    bool listed = ncols > 0; /* the headline metric's own events */
    if (ncols == 0) /* not a rate or count, or one without events: every event */
        for (size_t j = 0; j < c->rb->n_events; j++)
            src[ncols++] = j;
    char **titles = ts_xcalloc(ncols + 1, sizeof *titles);
    char **colors = ts_xcalloc(ncols + 1, sizeof *colors);
    ts_buf *s = &ch->settings;
    for (size_t j = 0; j < ncols; j++) {
        titles[j] = ts_xasprintf("label_%zu", j + 1);
        colors[j] = ts_xasprintf("color_%zu", j + 1);
        sb_setstr(s, titles[j], event_label(c, &c->rb->events[src[j]]));
        ts_buf_printf(s, "%s = '%s'\n", colors[j], event_colors[j % N_ECOLORS]);
    }
    char *title = listed
        ? FILL(c, TS_W_CAUSES_TITLE_METRIC, metric_label(c, m), c->who)
        : FILL(c, TS_W_CAUSES_TITLE, c->who);
    sb_setstr(s, "title_text", title);
    free(title);
    sb_setstr(s, "xlabel_text", c->nv > 1 ? "" : W(c, TS_W_EVAL_DAY));
    sb_setstr(s, "ylabel_text", W(c, TS_W_CAUSES_YLABEL));
    sb_setstr(s, "note_text", W(c, TS_W_CAUSES_NOTE));
    bar_label_style(c, &ch->decor);

    ts_buf *d = &ch->data;
    ts_buf_puts(d, "# causes.dat — tiersim: mean over replications of the assessed orders with each rule event\n");
    ts_buf_printf(d, "# %s; columns:\n# %s", c->nv > 1 ? "one block per evaluation day, one row per variant"
                                                   : "one row per evaluation day",
              c->nv > 1 ? "variant" : "date");
    for (size_t j = 0; j < ncols; j++)
        ts_buf_printf(d, " %s", c->rb->events[src[j]].name);
    ts_buf_puts(d, "\n");
    size_t groups = c->nv == 1 ? 1 : ne;
    for (size_t g = 0; g < groups; g++) {
        if (g > 0)
            ts_buf_puts(d, "\n\n");
        size_t rows = c->nv == 1 ? ne : c->nv;
        for (size_t r = 0; r < rows; r++) {
            size_t k = c->nv == 1 ? 0 : r, e = c->nv == 1 ? r : g;
            const ts_eval_summary *es = &VS(c, k)->evals[e];
            sb_datstr(d, c->nv == 1 ? es->date : vname(c, k));
            for (size_t j = 0; j < ncols; j++) {
                ts_buf_puts(d, " ");
                dat_num(d, es->events[src[j]]);
            }
            ts_buf_puts(d, "\n");
        }
    }
    stacked_plot(c, ch, ncols, titles, colors);
    for (size_t j = 0; j < ncols; j++) {
        free(titles[j]);
        free(colors[j]);
    }
    free(titles);
    free(colors);
    free(src);
}

/* The evaluations shown by the distribution chart: at most the last four. */
static size_t dist_first_eval(const ctx *c)
{
    size_t ne = c->base->n_evaluations;
    return ne > 4 ? ne - 4 : 0;
}

/* Common settings of both distribution charts. */
static void dist_settings(const ctx *c, chart *ch, const char *what)
{
    const ts_metric *m = &c->rb->metrics[0];
    char *title = FILL(c, TS_W_DIST_TITLE, metric_label(c, m), what, c->who);
    char *xlabel = FILL(c, TS_W_VALUE_IN_UNIT, metric_label(c, m), c->axis_unit);
    sb_setstr(&ch->settings, "title_text", title);
    sb_setstr(&ch->settings, "metric_text", xlabel);
    for (size_t k = 0; k < c->nv; k++)
        ts_buf_printf(&ch->settings, "color_%zu = '%s'\n", k + 1, variant_colors[k % N_VCOLORS]);
    free(title);
    free(xlabel);
}

/*
** 4a. Histogram of the headline metric over replications, one panel per
** evaluation day, variants overlaid (distribution.gp); bins from GSL.
*/
/*
** Histogram bins over [lo, hi] for the n values x (sorted here): the
** Freedman-Diaconis width 2 IQR / n^(1/3), so a narrow peak with a long tail
** still gets several bars; the square-root rule when the IQR is 0; at least
** 8 bins and at most 120, and never more than the distinct values.
*/
static size_t hist_bins(double *x, size_t n, double lo, double hi)
{
    size_t bins = (size_t)lround(sqrt((double)n));
    if (n >= 4 && hi > lo) {
        gsl_sort(x, 1, n);
        double iqr = gsl_stats_quantile_from_sorted_data(x, 1, n, 0.75) -
                     gsl_stats_quantile_from_sorted_data(x, 1, n, 0.25);
        if (iqr > 0.0)
            bins = (size_t)ceil((hi - lo) / (2.0 * iqr / cbrt((double)n)));
        size_t distinct = 1;
        for (size_t i = 1; i < n; i++)
            distinct += x[i] != x[i - 1];
        if (bins > distinct)
            bins = distinct;
    }
    if (bins < 8)
        bins = 8;
    if (bins > 120)
        bins = 120;
    return bins;
}

static ts_status chart_distribution(const ctx *c, chart *ch, const ts_results *res, ts_error *err)
{
    const ts_metric *m = &c->rb->metrics[0];
    size_t ne = c->base->n_evaluations, e0 = dist_first_eval(c);
    size_t nthr = 0;
    threshold *thr = thresholds_build(c, &nthr);
    char n_text[24];
    snprintf(n_text, sizeof n_text, "%zu", res->n_reps);
    char *what = FILL(c, TS_W_N_REPLICATIONS, n_text);
    dist_settings(c, ch, what);
    free(what);
    sb_setstr(&ch->settings, "ylabel_text", W(c, TS_W_DIST_YLABEL));
    ts_buf_printf(&ch->settings, "panels = %zu\n", ne - e0);

    ts_buf *d = &ch->data;
    ts_buf_printf(d, "# distribution.dat — tiersim: histogram of %s (display units %s) over replications\n",
              m->name, c->axis_unit);
    ts_buf_puts(d, "# one block per evaluation day; columns:\n# bin_low bin_high bin_centre");
    for (size_t k = 0; k < c->nv; k++) {
        ts_buf_puts(d, " ");
        sb_datstr(d, vname(c, k));
    }
    ts_buf_puts(d, "   (share of the replications where the metric is defined, %)\n");

    ts_buf *p = &ch->plot;
    ts_buf_puts(p, "    set multiplot layout 1, panels title title_text\n");
    ts_status st = TS_OK;
    size_t reps = res->n_reps;
    for (size_t e = e0; e < ne; e++) {
        /* range over every drawn variant's defined values at this evaluation */
        double lo = INFINITY, hi = -INFINITY;
        double *means = ts_xcalloc(c->nv, sizeof *means);
        double *all = ts_xmalloc((c->nv * reps + 1) * sizeof *all);
        size_t n_all = 0;
        for (size_t k = 0; k < c->nv; k++) {
            const ts_variant_results *vr = &res->variants[c->vi[k]];
            size_t nm = vr->n_metrics;
            for (size_t r = 0; r < reps; r++) {
                double x = vr->metrics[(r * vr->n_eval + e) * nm] * c->scale;
                if (isnan(x))
                    continue;
                lo = fmin(lo, x);
                hi = fmax(hi, x);
                all[n_all++] = x;
            }
            means[k] = VS(c, k)->evals[e].metrics[0].mean * c->scale;
        }
        size_t bins = hist_bins(all, n_all, lo, hi);
        free(all);
        double xmin, xmax;
        if (!isfinite(lo)) {
            lo = 0.0;
            hi = 1.0;
        }
        double bw_lo = lo, bw_hi = hi;
        if (!(bw_hi > bw_lo)) {
            double w = fmax(fabs(bw_lo) * 0.05, 0.05);
            bw_lo -= w;
            bw_hi += w;
        }
        value_range(c, bw_lo, bw_hi, thr, nthr, false, &xmin, &xmax);
        /* the top edge is exclusive in GSL: widen it by a hair */
        double top = bw_hi + (bw_hi - bw_lo) * 1e-9;
        gsl_histogram **h = ts_xcalloc(c->nv, sizeof *h);
        size_t *defined = ts_xcalloc(c->nv, sizeof *defined);
        for (size_t k = 0; k < c->nv && st == TS_OK; k++) {
            h[k] = gsl_histogram_alloc(bins);
            if (h[k] == NULL || gsl_histogram_set_ranges_uniform(h[k], bw_lo, top) != GSL_SUCCESS) {
                ts_error_add(err, "plots: cannot build the histogram for %s", vname(c, k));
                st = TS_EINVAL;
                break;
            }
            const ts_variant_results *vr = &res->variants[c->vi[k]];
            size_t nm = vr->n_metrics;
            for (size_t r = 0; r < reps; r++) {
                double x = vr->metrics[(r * vr->n_eval + e) * nm] * c->scale;
                if (!isnan(x) && gsl_histogram_increment(h[k], x) == GSL_SUCCESS)
                    defined[k]++;
            }
        }
        if (st == TS_OK) {
            char date[11];
            date_of(c->base, c->base->evaluations[e], date);
            if (e > e0)
                ts_buf_puts(d, "\n\n");
            ts_buf_printf(d, "# evaluation %s\n", date);
            for (size_t b = 0; b < bins; b++) {
                double blo, bhi;
                gsl_histogram_get_range(h[0], b, &blo, &bhi);
                dat_num(d, blo);
                ts_buf_puts(d, " ");
                dat_num(d, bhi);
                ts_buf_puts(d, " ");
                dat_num(d, 0.5 * (blo + bhi));
                for (size_t k = 0; k < c->nv; k++) {
                    ts_buf_puts(d, " ");
                    dat_num(d, defined[k] ? 100.0 * gsl_histogram_get(h[k], b) / (double)defined[k] : (double)NAN);
                }
                ts_buf_puts(d, "\n");
            }
            /* the panel */
            ts_buf_printf(p, "    # panel: evaluation %s\n    unset arrow\n    unset label\n", date);
            ts_buf_printf(p, "    set xrange [%.6g:%.6g]\n", xmin, xmax);
            ts_buf_puts(p, "    set title ");
            sb_gpstr(p, date);
            ts_buf_puts(p, "\n");
            for (size_t i = 0; i < nthr; i++) {
                if (thr[i].v < xmin || thr[i].v > xmax)
                    continue;
                ts_buf_printf(p, "    set arrow from first %.6g, graph 0 to first %.6g, graph 1 nohead dt 2 lw 2 lc rgb '%s' front\n",
                          thr[i].v, thr[i].v, thr[i].color);
            }
            for (size_t k = 0; k < c->nv; k++)
                if (isfinite(means[k]))
                    ts_buf_printf(p, "    set arrow from first %.6g, graph 0 to first %.6g, graph 1 nohead lw 2.5 lc rgb color_%zu front\n",
                              means[k], means[k], k + 1);
            ts_buf_puts(p, "    plot \\\n");
            for (size_t k = 0; k < c->nv; k++) {
                char *t = c->nv > 1 ? ts_xstrdup(vname(c, k)) : ts_xstrdup(W(c, TS_W_REPLICATIONS));
                ts_buf_printf(p, "%s        data_file index %zu using 3:%zu:($2-$1) with boxes lc rgb color_%zu title ",
                          k ? ", \\\n" : "", e - e0, k + 4, k + 1);
                sb_gpstr(p, t);
                free(t);
                t = c->nv > 1 ? ts_xasprintf("%s: %s", vname(c, k), W(c, TS_W_MEAN)) : ts_xstrdup(W(c, TS_W_MEAN));
                ts_buf_printf(p, ", \\\n        NaN with lines lw 2.5 lc rgb color_%zu title ", k + 1);
                sb_gpstr(p, t);
                free(t);
            }
            /* the thresholds are named in the legend, so no label covers a bar */
            for (size_t i = 0; i < nthr; i++) {
                if (thr[i].v < xmin || thr[i].v > xmax)
                    continue;
                ts_buf_printf(p, ", \\\n        NaN with lines dt 2 lw 2 lc rgb '%s' title ", thr[i].color);
                sb_gpstr(p, thr[i].text);
            }
            ts_buf_puts(p, "\n");
        }
        for (size_t k = 0; k < c->nv; k++)
            gsl_histogram_free(h[k]);
        free(h);
        free(defined);
        free(means);
        if (st != TS_OK)
            break;
    }
    ts_buf_puts(p, "    unset multiplot\n");
    thresholds_free(thr, nthr);
    return st;
}

/*
** 4b. Without per-replication values: p5-p95 whiskers, median and mean of
** the headline metric per evaluation day and variant (distribution_pct.gp).
*/
static void chart_distribution_pct(const ctx *c, chart *ch)
{
    const ts_metric *m = &c->rb->metrics[0];
    size_t ne = c->base->n_evaluations, e0 = dist_first_eval(c);
    size_t nthr = 0;
    threshold *thr = thresholds_build(c, &nthr);
    dist_settings(c, ch, W(c, TS_W_DIST_PCT_WHAT));
    sb_setstr(&ch->settings, "xlabel_text", W(c, c->nv > 1 ? TS_W_DIST_PCT_XLABEL : TS_W_EVAL_DAY));
    sb_setstr(&ch->settings, "range_text", W(c, TS_W_DIST_PCT_RANGE));
    sb_setstr(&ch->settings, "mean_text", W(c, TS_W_MEAN));

    ts_buf *d = &ch->data;
    ts_buf_printf(d, "# distribution.dat — tiersim: %s (display units %s) per evaluation day and variant\n# columns:\n"
                 "# x label variant mean p5 p50 p95\n", m->name, c->axis_unit);
    double lo = INFINITY, hi = -INFINITY;
    size_t x = 0;
    for (size_t e = e0; e < ne; e++) {
        for (size_t k = 0; k < c->nv; k++) {
            const ts_eval_summary *es = &VS(c, k)->evals[e];
            const ts_stat *s = &es->metrics[0];
            char *lab = c->nv > 1 ? ts_xasprintf("%s %s", es->date + 5, vname(c, k)) : ts_xstrdup(es->date);
            ts_buf_printf(d, "%zu ", x);
            sb_datstr(d, lab);
            ts_buf_printf(d, " %zu ", k);
            double v[4] = {s->mean * c->scale, s->p5 * c->scale, s->p50 * c->scale, s->p95 * c->scale};
            for (int j = 0; j < 4; j++) {
                dat_num(d, v[j]);
                ts_buf_puts(d, j < 3 ? " " : "\n");
                if (isfinite(v[j])) {
                    lo = fmin(lo, v[j]);
                    hi = fmax(hi, v[j]);
                }
            }
            free(lab);
            x++;
        }
        x++; /* a gap between evaluation days */
    }
    double ylo, yhi;
    value_range(c, lo, hi, thr, nthr, m->kind == TS_METRIC_RATE, &ylo, &yhi);
    ts_buf_printf(&ch->settings, "y_min = %.6g\ny_max = %.6g\nx_max = %zu\n", ylo, yhi, x > 0 ? x - 1 : 0);
    for (size_t i = 0; i < nthr; i++) {
        if (thr[i].v < ylo || thr[i].v > yhi)
            continue;
        ts_buf_printf(&ch->decor, "set arrow from graph 0, first %.6g to graph 1, first %.6g nohead dt 2 lw 2 lc rgb '%s' front\n",
                  thr[i].v, thr[i].v, thr[i].color);
        char dark[8];
        darker(thr[i].color, dark);
        ts_buf_puts(&ch->decor, "set label ");
        sb_gpstr(&ch->decor, thr[i].text);
        ts_buf_printf(&ch->decor, " at graph 0.995, first %.6g right offset 0, char 0.6 tc rgb '%s' front\n",
                  thr[i].v, dark);
    }
    if (c->nv > 1)
        ts_buf_puts(&ch->decor, "set xtics rotate by 30 right\n");
    thresholds_free(thr, nthr);
}

/* Index of the last evaluation, or SIZE_MAX without evaluations. */
static size_t last_eval(const ctx *c)
{
    return c->base->n_evaluations ? c->base->n_evaluations - 1 : SIZE_MAX;
}

/* Whether some variant spends on gifts (else the trade-off chart says nothing). */
static bool any_gift_cost(const ctx *c)
{
    for (size_t k = 0; k < c->nv; k++) {
        const ts_variant_summary *vs = VS(c, k);
        if (vs->n_money > TS_MONEY_GIFT_COST && vs->money[TS_MONEY_GIFT_COST].mean > 0.0)
            return true;
    }
    return false;
}

/* 5. Gift cost against the top-tier probability, one point per variant (tradeoff.gp). */
static void chart_tradeoff(const ctx *c, chart *ch)
{
    size_t e = last_eval(c);
    const ts_tier *top = &c->rb->tiers[0];
    char date[11];
    date_of(c->base, c->base->evaluations[e], date);
    const char *cur = c->base->order_value.currency ? c->base->order_value.currency : "";
    char *title = FILL(c, TS_W_TRADEOFF_TITLE, tier_label(c, top), date, c->who);
    char *xl = FILL(c, TS_W_TRADEOFF_XLABEL, cur);
    char *yl = FILL(c, TS_W_PROBABILITY_OF, tier_label(c, top));
    sb_setstr(&ch->settings, "title_text", title);
    sb_setstr(&ch->settings, "xlabel_text", xl);
    sb_setstr(&ch->settings, "ylabel_text", yl);
    sb_setstr(&ch->settings, "legend_text", W(c, TS_W_TRADEOFF_LEGEND));
    free(title);
    free(xl);
    free(yl);
    double xmax = 0.0, ylo = 100.0, yhi = 0.0;
    for (size_t k = 0; k < c->nv; k++) {
        const ts_variant_summary *vs = VS(c, k);
        double cost = vs->n_money > TS_MONEY_GIFT_COST ? vs->money[TS_MONEY_GIFT_COST].mean : (double)NAN;
        if (isfinite(cost) && cost > xmax)
            xmax = cost;
        const ts_prob *pt = &vs->evals[e].tiers[0];
        if (isfinite(pt->low))
            ylo = fmin(ylo, pt->low * 100.0);
        if (isfinite(pt->high))
            yhi = fmax(yhi, pt->high * 100.0);
    }
    if (!(yhi > ylo)) {
        ylo = 0.0;
        yhi = 100.0;
    }
    double pad = fmax((yhi - ylo) * 0.12, 2.0);
    /* the labels sit right of the points: room on the right */
    double xr = xmax > 0.0 ? xmax : 1.0;
    ts_buf_printf(&ch->settings, "x_min = %.6g\nx_max = %.6g\ny_min = %.6g\ny_max = %.6g\n",
              -0.04 * xr, xr * 1.3, fmax(0.0, ylo - pad), fmin(100.0, yhi + pad));
    ts_buf *d = &ch->data;
    ts_buf_printf(d, "# tradeoff.dat — tiersim: mean gift cost (%s) and probability (%%) of tier %s on %s\n"
                 "# columns:\n# variant gift_cost p_top p_top_low p_top_high\n", cur, top->name, date);
    for (size_t k = 0; k < c->nv; k++) {
        const ts_variant_summary *vs = VS(c, k);
        const ts_prob *pt = &vs->evals[e].tiers[0];
        double cost = vs->n_money > TS_MONEY_GIFT_COST ? vs->money[TS_MONEY_GIFT_COST].mean : (double)NAN;
        sb_datstr(d, vname(c, k));
        double v[4] = {cost, pt->p * 100.0, pt->low * 100.0, pt->high * 100.0};
        for (int j = 0; j < 4; j++) {
            ts_buf_puts(d, " ");
            dat_num(d, v[j]);
        }
        ts_buf_puts(d, "\n");
    }
}

/* A sweep: every variant but the base named PATH=NUMBER with one PATH. */
static char *sweep_path(const ctx *c)
{
    if (c->nv < 3)
        return NULL;
    char *path = NULL;
    for (size_t k = 1; k < c->nv; k++) {
        const char *n = vname(c, k);
        const char *eq = strrchr(n, '=');
        if (eq == NULL || eq == n || eq[1] == '\0')
            goto no;
        char *end = NULL;
        double v = strtod(eq + 1, &end);
        if (*end != '\0' || !isfinite(v))
            goto no;
        if (path == NULL)
            path = ts_xasprintf("%.*s", (int)(eq - n), n);
        else if (strlen(path) != (size_t)(eq - n) || strncmp(path, n, (size_t)(eq - n)) != 0)
            goto no;
    }
    return path;
no:
    free(path);
    return NULL;
}

static int cmp_pair(const void *a, const void *b)
{
    double x = ((const double *)a)[0], y = ((const double *)b)[0];
    return (x > y) - (x < y);
}

/* 5b. The headline metric and the top-tier probability against the swept value (sweep.gp). */
static void chart_sweep(const ctx *c, chart *ch, const char *path)
{
    size_t e = last_eval(c);
    const ts_metric *m = &c->rb->metrics[0];
    const ts_tier *top = &c->rb->tiers[0];
    char date[11];
    date_of(c->base, c->base->evaluations[e], date);
    char *title = FILL(c, TS_W_SWEEP_TITLE, path, metric_label(c, m), tier_label(c, top), date);
    char *yl = FILL(c, TS_W_VALUE_IN_UNIT, metric_label(c, m), c->axis_unit);
    char *y2 = FILL(c, TS_W_PROBABILITY_OF, tier_label(c, top));
    char *mt = FILL(c, TS_W_SWEEP_METRIC, metric_label(c, m));
    sb_setstr(&ch->settings, "title_text", title);
    sb_setstr(&ch->settings, "xlabel_text", path);
    sb_setstr(&ch->settings, "ylabel_text", yl);
    sb_setstr(&ch->settings, "y2label_text", y2);
    sb_setstr(&ch->settings, "metric_text", mt);
    sb_setstr(&ch->settings, "top_text", y2);
    free(title);
    free(yl);
    free(y2);
    free(mt);
    ts_buf *d = &ch->data;
    ts_buf_printf(d, "# sweep.dat — tiersim: swept %s (the base is left out) on %s\n"
                 "# columns:\n# value mean p5 p95 (of %s, display units %s) p_top p_top_low p_top_high (%%)\n",
              path, date, m->name, c->axis_unit);
    double *rows = ts_xcalloc((c->nv - 1) * 8, sizeof *rows);
    for (size_t k = 1; k < c->nv; k++) {
        const ts_eval_summary *es = &VS(c, k)->evals[e];
        double *r = rows + (k - 1) * 8;
        r[0] = strtod(strrchr(vname(c, k), '=') + 1, NULL);
        r[1] = es->metrics[0].mean * c->scale;
        r[2] = es->metrics[0].p5 * c->scale;
        r[3] = es->metrics[0].p95 * c->scale;
        r[4] = es->tiers[0].p * 100.0;
        r[5] = es->tiers[0].low * 100.0;
        r[6] = es->tiers[0].high * 100.0;
    }
    qsort(rows, c->nv - 1, 8 * sizeof *rows, cmp_pair);
    for (size_t k = 0; k + 1 < c->nv; k++) {
        for (int j = 0; j < 7; j++) {
            dat_num(d, rows[k * 8 + (size_t)j]);
            ts_buf_puts(d, j < 6 ? " " : "\n");
        }
    }
    free(rows);
}

/* ------------------------------------------------------------------ */
/* 6. Across rulebooks: each variant's standing (standing.gp).         */

/*
** text broken at spaces into lines of at most max columns each
** (ts_present_width), joined by `"\n"` as a gnuplot expression of
** single-quoted pieces, appended to b. Returns the widest line's columns.
*/
static size_t sb_gplines(ts_buf *b, const char *text, size_t max)
{
    char *copy = ts_xstrdup(text ? text : "");
    size_t widest = 0, line = 0;
    ts_buf cur = {0};
    ts_buf_puts(&cur, "");
    bool first_line = true;
    char *save = NULL;
    for (char *w = strtok_r(copy, " ", &save); ; w = strtok_r(NULL, " ", &save)) {
        size_t u = w ? ts_present_width(w) : 0;
        if (w == NULL || (line > 0 && line + 1 + u > max)) {
            if (!first_line)
                ts_buf_puts(b, " . \"\\n\" . ");
            sb_gpstr(b, cur.s);
            first_line = false;
            widest = line > widest ? line : widest;
            cur.len = 0;
            cur.s[0] = '\0';
            line = 0;
            if (w == NULL)
                break;
        }
        if (line > 0) {
            ts_buf_puts(&cur, " ");
            line++;
        }
        ts_buf_puts(&cur, w);
        line += u;
    }
    free(cur.s);
    free(copy);
    return widest;
}

static const char *rulebook_title(const ctx *c, const ts_rulebook *rb)
{
    const char *t = ts_present_rulebook_title(rb, c->zh);
    return t ? t : rb->name ? rb->name : "?";
}

/* Dark text on light colours, white on dark ones (Rec. 601 luma). */
static long text_color_on(const char *color)
{
    unsigned r = 0, g = 0, b = 0;
    if (sscanf(color, "#%2x%2x%2x", &r, &g, &b) != 3)
        return 0x1a1a1a;
    return 0.299 * r + 0.587 * g + 0.114 * b < 140.0 ? 0xffffff : 0x1a1a1a;
}

/*
** One horizontal stacked bar per variant (c->vi, any rulebook) on its last
** evaluation day within the horizon: segments are the tiers best first,
** then not assessed and unclassified; colours rank the tiers of the
** variant's own rulebook; labels only where the text fits.
*/
static void chart_standing(const ctx *c, chart *ch)
{
    ts_buf *s = &ch->settings, *d = &ch->data, *o = &ch->decor;
    /* the axis: variant, rulebook title (wrapped), evaluation day */
    size_t widest = 0;
    ts_buf_puts(o, "set ytics (");
    for (size_t k = 0; k < c->nv; k++) {
        const ts_variant_summary *vs = VS(c, k);
        const ts_rulebook *rb = vs->variant->scenario->rules;
        char *var = ts_xasprintf("ytic_%zu", k + 1);
        ts_buf_printf(s, "%s = ", var);
        size_t w = sb_gplines(s, vname(c, k), 60);
        ts_buf_puts(s, " . \"\\n\" . ");
        size_t w2 = sb_gplines(s, rulebook_title(c, rb), c->zh ? 30 : 34);
        w = w2 > w ? w2 : w;
        char *when = vs->n_eval > 0 ? FILL(c, TS_W_EVALUATED_AT, vs->evals[vs->n_eval - 1].date)
                                    : ts_xstrdup(W(c, TS_W_NO_EVAL_DAY));
        ts_buf_puts(s, " . \"\\n\" . ");
        sb_gpstr(s, when);
        ts_buf_puts(s, "\n");
        w = ts_present_width(when) > w ? ts_present_width(when) : w;
        widest = w > widest ? w : widest;
        ts_buf_printf(o, "%s%s %zu", k ? ", " : "", var, c->nv - k);
        free(when);
        free(var);
    }
    ts_buf_puts(o, ")\n");
    size_t lmargin = widest + 3;
    ts_buf_printf(s, "left_margin = %zu\nbars = %zu\n", lmargin, c->nv);
    char *sub = FILL(c, TS_W_STANDING_SUBTITLE, c->base->name ? c->base->name : "");
    ts_buf_puts(s, "title_text = ");
    sb_gpstr(s, W(c, TS_W_STANDING_TITLE));
    ts_buf_puts(s, "\n");
    sb_setstr(s, "subtitle_text", sub);
    sb_setstr(s, "note_text", W(c, TS_W_STANDING_NOTE));
    free(sub);
    sb_setstr(s, "xlabel_text", W(c, TS_W_PROBABILITY_AXIS));

    /* plot width in pixels, to decide which segment labels fit (Sans 12:
       about 8 px per ASCII character, 15 per CJK one) */
    double plot_px = (double)c->width - 8.0 * (double)(lmargin + 4);
    if (plot_px < 200.0)
        plot_px = 200.0;
    ts_buf labels = {0}, pcts = {0}, narrow = {0};
    ts_buf_puts(&labels, "");
    ts_buf_puts(&pcts, "");
    ts_buf_puts(&narrow, "");
    ts_buf_printf(d, "# standing.dat — tiersim: probability (%%) of each tier on each variant's last evaluation day\n"
                 "# block 0, one row per segment:\n"
                 "# bar x_from x_to p color variant rulebook date tier\n");
    for (size_t k = 0; k < c->nv; k++) {
        const ts_variant_summary *vs = VS(c, k);
        const ts_rulebook *rb = vs->variant->scenario->rules;
        if (vs->n_eval == 0)
            continue;
        const ts_eval_summary *es = &vs->evals[vs->n_eval - 1];
        size_t nt = vs->n_tiers < rb->n_tiers ? vs->n_tiers : rb->n_tiers;
        double x = 0.0;
        ts_buf note = {0};
        for (size_t j = 0; j < nt + 2; j++) {
            size_t src = j < nt ? j : vs->n_tiers + (j - nt);
            double p = es->tiers[src].p * 100.0;
            if (!(p > 0.0))
                continue;
            char col[8];
            ts_present_slot_color(j, nt, col);
            const char *label = j < nt ? tier_label(c, &rb->tiers[j])
                                       : W(c, j == nt ? TS_W_NOT_ASSESSED : TS_W_UNCLASSIFIED);
            const char *key = j < nt ? rb->tiers[j].name : j == nt ? "not_assessed" : "unclassified";
            unsigned r = 0, g = 0, bl = 0;
            sscanf(col, "#%2x%2x%2x", &r, &g, &bl);
            ts_buf_printf(d, "%zu ", c->nv - k);
            dat_num(d, x);
            ts_buf_puts(d, " ");
            dat_num(d, x + p);
            ts_buf_puts(d, " ");
            dat_num(d, p);
            ts_buf_printf(d, " %ld ", (long)(r << 16 | g << 8 | bl));
            sb_datstr(d, vname(c, k));
            ts_buf_puts(d, " ");
            sb_datstr(d, rb->name);
            ts_buf_printf(d, " %s %s\n", es->date, key);
            /* labels: the tier's name above its percentage, when they fit */
            char pt[TS_PRESENT_NUM];
            ts_present_prob(pt, es->tiers[src].p, true);
            double seg_px = p / 100.0 * plot_px;
            double need_label = 8.0 * (double)ts_present_width(label) + 10.0;
            double need_pct = 8.0 * (double)ts_present_width(pt) + 8.0;
            long tc = text_color_on(col);
            if (seg_px >= need_label) {
                ts_buf_printf(&labels, "%.6g %zu ", x + p / 2.0, c->nv - k);
                sb_datstr(&labels, label);
                ts_buf_printf(&labels, " %ld\n", tc);
            } else {
                ts_buf_printf(&note, "%s%s %s", note.len ? W(c, TS_W_LIST_SEP) : "", label, pt);
            }
            if (seg_px >= need_pct) {
                ts_buf_printf(&pcts, "%.6g %zu ", x + p / 2.0, c->nv - k);
                sb_datstr(&pcts, pt);
                ts_buf_printf(&pcts, " %ld\n", tc);
            }
            x += p;
        }
        if (note.len > 0) {
            /* the segments too narrow to name, in the gap below the bar */
            char *text = FILL(c, TS_W_STANDING_NARROW, note.s);
            ts_buf_printf(&narrow, "0 %.6g ", (double)(c->nv - k) - 0.5);
            sb_datstr(&narrow, text);
            ts_buf_puts(&narrow, "\n");
            free(text);
        }
        free(note.s);
    }
    /* gnuplot cannot plot an empty block: a dummy row outside the range */
    ts_buf_printf(d, "\n\n# block 1: tier labels that fit their segment\n# x bar label text_color\n%s-100 -100 \"\" 0\n",
              labels.s);
    ts_buf_printf(d, "\n\n# block 2: percentages that fit their segment\n# x bar text text_color\n%s-100 -100 \"\" 0\n",
              pcts.s);
    ts_buf_printf(d, "\n\n# block 3: tiers too narrow to name, below their bar\n# x y text\n%s-100 -100 \"\"\n",
              narrow.s);
    free(labels.s);
    free(pcts.s);
    free(narrow.s);
}

/* ------------------------------------------------------------------ */
/* The driver.                                                         */

void ts_plot_options_init(ts_plot_options *opt)
{
    opt->lang = TS_PLOT_EN;
    opt->gnuplot = NULL;
    opt->render = true;
    opt->width = 1280;
    opt->height = 720;
}

void ts_plot_outcome_release(ts_plot_outcome *o)
{
    if (o == NULL)
        return;
    free(o->plots_dir);
    for (size_t i = 0; i < o->n_charts; i++)
        free(o->charts[i]);
    free(o->charts);
    free(o->font);
    for (size_t i = 0; i < o->n_warnings; i++)
        free(o->warnings[i]);
    free(o->warnings);
    free(o->hint);
    memset(o, 0, sizeof *o);
}

/*
** Same rulebook shape: the same metrics (names, kinds), events (names,
** kinds, stars, dimensions), tiers (names) and number of evaluation days.
** Variants of one shape are drawn together, on the first one's labels and
** thresholds, so a rulebook whose events mean something else (the strict
** DSR reading) is another shape; a changed parameter (threshold) is not.
*/
static bool same_shape(const ts_variant_summary *a, const ts_variant_summary *b)
{
    const ts_scenario *sa = a->variant->scenario, *sb_ = b->variant->scenario;
    if (!(a->n_metrics == b->n_metrics && a->n_events == b->n_events && a->n_tiers == b->n_tiers
          && a->n_eval == b->n_eval && sa->rules && sb_->rules
          && sa->rules->n_tiers == sb_->rules->n_tiers))
        return false;
    const ts_rulebook *ra = sa->rules, *rb = sb_->rules;
    if (ra->n_metrics != rb->n_metrics || ra->n_events != rb->n_events)
        return false;
    for (size_t m = 0; m < ra->n_metrics; m++)
        if (strcmp(ra->metrics[m].name, rb->metrics[m].name) != 0 || ra->metrics[m].kind != rb->metrics[m].kind)
            return false;
    for (size_t k = 0; k < ra->n_events; k++) {
        const ts_rule_event *x = &ra->events[k], *y = &rb->events[k];
        if (strcmp(x->name, y->name) != 0 || x->kind != y->kind || x->max_stars != y->max_stars
            || x->dimension != y->dimension)
            return false;
    }
    for (size_t t = 0; t < ra->n_tiers; t++)
        if (strcmp(ra->tiers[t].name, rb->tiers[t].name) != 0)
            return false;
    return true;
}

/* The display scale and units of the group's headline metric. */
static void set_units(ctx *c)
{
    c->scale = 1.0;
    c->axis_unit = ts_present_axis_unit(TS_METRIC_COUNT, c->zh);
    if (c->rb->n_metrics == 0)
        return;
    c->scale = ts_present_scale(c->rb->metrics[0].kind);
    c->axis_unit = ts_present_axis_unit(c->rb->metrics[0].kind, c->zh);
}

/* A file-name piece: letters, digits, '.', '_', '-' kept, others '_'. */
static char *file_piece(const char *s)
{
    char *out = ts_xstrdup(s && s[0] ? s : "group");
    for (char *p = out; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9')
              || *p == '.' || *p == '_' || *p == '-'))
            *p = '_';
    return out;
}

/*
** Write one chart as its name (with "-suffix" unless suffix is NULL) from
** template tmpl (NULL: the template of the chart's name).
*/
static ts_status write_named(const char *plots, ts_chart which, const char *suffix, const char *tmpl,
                             const char *font_spec, const ctx *c, chart *ch,
                             ts_plot_outcome *o, ts_error *err)
{
    const char *name = ts_present_chart_name(which);
    if (tmpl == NULL)
        tmpl = name;
    char *full = suffix ? ts_xasprintf("%s-%s", name, suffix) : ts_xstrdup(name);
    ts_status st = chart_write(plots, full, tmpl, font_spec, c, ch, o, err);
    free(full);
    return st;
}

/*
** The charts of one group of variants (c->vi, c->nv, c->res set): fan,
** tiers, causes, distribution; for the base's group (suffix NULL) also the
** trade-off and the sweep.
*/
static ts_status draw_group(const ctx *c, const char *plots, const char *suffix, const char *font_spec,
                            ts_plot_outcome *o, ts_error *err)
{
    ts_status st = TS_OK;
    bool have_eval = c->base->n_evaluations > 0 && c->rb->n_tiers > 0;
    bool have_metric = c->rb->n_metrics > 0;
    if (have_metric) {
        chart ch = {0};
        chart_fan(c, &ch);
        st = write_named(plots, TS_CHART_FAN, suffix, NULL, font_spec, c, &ch, o, err);
        chart_free(&ch);
    }
    if (st == TS_OK && have_eval) {
        chart ch = {0};
        chart_tiers(c, &ch);
        st = write_named(plots, TS_CHART_TIERS, suffix, NULL, font_spec, c, &ch, o, err);
        chart_free(&ch);
    }
    if (st == TS_OK && have_eval && c->rb->n_events > 0) {
        chart ch = {0};
        chart_causes(c, &ch);
        st = write_named(plots, TS_CHART_CAUSES, suffix, NULL, font_spec, c, &ch, o, err);
        chart_free(&ch);
    }
    if (st == TS_OK && have_eval && have_metric) {
        chart ch = {0};
        if (c->res != NULL) {
            st = chart_distribution(c, &ch, c->res, err);
            if (st == TS_OK)
                st = write_named(plots, TS_CHART_DISTRIBUTION, suffix, NULL, font_spec, c, &ch, o, err);
        } else {
            chart_distribution_pct(c, &ch);
            st = write_named(plots, TS_CHART_DISTRIBUTION, suffix, "distribution_pct", font_spec, c, &ch, o, err);
        }
        chart_free(&ch);
    }
    if (suffix != NULL)
        return st;
    if (st == TS_OK && have_eval && c->nv >= 2 && any_gift_cost(c)) {
        chart ch = {0};
        chart_tradeoff(c, &ch);
        st = write_named(plots, TS_CHART_TRADEOFF, NULL, NULL, font_spec, c, &ch, o, err);
        chart_free(&ch);
    }
    char *path = st == TS_OK && have_eval && have_metric ? sweep_path(c) : NULL;
    if (path != NULL) {
        chart ch = {0};
        chart_sweep(c, &ch, path);
        st = write_named(plots, TS_CHART_SWEEP, NULL, NULL, font_spec, c, &ch, o, err);
        chart_free(&ch);
    }
    free(path);
    return st;
}

/* The per-replication values of res when they fit every variant of the group, else NULL. */
static const ts_results *group_results(const ctx *c, const ts_results *res)
{
    if (res == NULL || res->variants == NULL)
        return NULL;
    for (size_t k = 0; k < c->nv; k++) {
        const ts_variant_results *vr = &res->variants[c->vi[k]];
        if (vr->n_eval != VS(c, k)->n_eval || vr->n_metrics != VS(c, k)->n_metrics || vr->metrics == NULL)
            return NULL;
    }
    return res;
}

/* Render every script with gnuplot; see ts_plot_render. */
static ts_status render_all(const char *gnuplot, const char *plots, ts_plot_outcome *o, ts_error *err)
{
    for (size_t i = 0; i < o->n_charts; i++) {
        char *script = ts_xasprintf("%s.gp", o->charts[i]);
        char *argv[] = {(char *)(uintptr_t)gnuplot, script, NULL};
        char *errtext = NULL;
        int status = 0;
        int e = run_program(argv, plots, 2, &errtext, &status);
        if (e == ENOENT || e == EACCES || e == ENOTDIR) {
            o->gnuplot_missing = true;
            free(script);
            return TS_OK;
        }
        if (e != 0) {
            ts_error_add(err, "%s/%s: cannot run %s: %s", plots, script, gnuplot, strerror(e));
            free(script);
            return TS_EIO;
        }
        if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
            size_t n = strlen(errtext);
            while (n > 0 && (errtext[n - 1] == '\n' || errtext[n - 1] == ' '))
                errtext[--n] = '\0';
            if (WIFEXITED(status))
                ts_error_add(err, "%s/%s: gnuplot failed (exit %d): %s", plots, script,
                             WEXITSTATUS(status), n ? errtext : "(no message)");
            else
                ts_error_add(err, "%s/%s: gnuplot was killed by signal %d: %s", plots, script,
                             WTERMSIG(status), n ? errtext : "(no message)");
            free(errtext);
            free(script);
            return TS_EIO;
        }
        free(errtext);
        free(script);
    }
    o->rendered = o->n_charts > 0;
    return TS_OK;
}

ts_status ts_plot_render(const ts_summary *sum, const ts_results *res, const char *dir,
                         const ts_plot_options *opt, ts_plot_outcome *outcome,
                         ts_error *err)
{
    memset(outcome, 0, sizeof *outcome);
    ts_plot_options defaults;
    if (opt == NULL) {
        ts_plot_options_init(&defaults);
        opt = &defaults;
    }
    const char *gnuplot = opt->gnuplot && opt->gnuplot[0] ? opt->gnuplot : "gnuplot";
    outcome->plots_dir = ts_xasprintf("%s/plots", dir);
    const char *plots = outcome->plots_dir;
    outcome->hint = ts_xasprintf("cd '%s' && for f in *.gp; do %s \"$f\"; done", plots, gnuplot);

    if (sum == NULL || sum->n_variants == 0 || sum->variants[0].variant == NULL
        || sum->variants[0].variant->scenario == NULL || sum->variants[0].variant->scenario->rules == NULL) {
        ts_error_add(err, "plots: nothing to plot (no variant with a rulebook)");
        return TS_EINVAL;
    }
    if (res == NULL)
        res = sum->results;

    /* group the variants by rulebook shape, in order of first appearance;
       group[v] = SIZE_MAX: no rulebook, nothing to draw */
    size_t nvar = sum->n_variants;
    size_t *group = ts_xcalloc(nvar, sizeof *group);
    size_t *first = ts_xcalloc(nvar, sizeof *first); /* a group's first variant */
    size_t ngroups = 0;
    for (size_t v = 0; v < nvar; v++) {
        const ts_variant_summary *vs = &sum->variants[v];
        group[v] = SIZE_MAX;
        if (vs->variant == NULL || vs->variant->scenario == NULL || vs->variant->scenario->rules == NULL) {
            outcome_add_warning(outcome, ts_xasprintf("variant %s is left out of the plots: it has no rulebook",
                                                      vs->variant && vs->variant->name ? vs->variant->name : "?"));
            continue;
        }
        for (size_t g = 0; g < ngroups && group[v] == SIZE_MAX; g++)
            if (same_shape(&sum->variants[first[g]], vs))
                group[v] = g;
        if (group[v] == SIZE_MAX) {
            first[ngroups] = v;
            group[v] = ngroups++;
        }
    }

    bool zh = opt->lang == TS_PLOT_ZH;
    char *font_spec;
    if (zh) {
        char *family = find_cjk_font();
        if (family == NULL) {
            outcome_add_warning(outcome, ts_xstrdup("no Chinese font found: install fonts-noto-cjk"));
            family = ts_xstrdup("Sans");
        }
        outcome->font = family;
    } else {
        outcome->font = ts_xstrdup("Sans");
    }
    font_spec = ts_xasprintf("%s,12", outcome->font);

    ts_status st = ts_file_mkdirs(dir, err);
    if (st == TS_OK)
        st = ts_file_mkdirs(plots, err);

    ctx c = {0};
    c.sum = sum;
    c.zh = zh;
    c.width = opt->width > 0 ? opt->width : 1280;
    c.height = opt->height > 0 ? opt->height : 720;
    c.vi = ts_xcalloc(nvar, sizeof *c.vi);
    c.who = sum->variants[0].variant->scenario->name ? sum->variants[0].variant->scenario->name : "";

    /* across rulebooks: every drawable variant in one chart, first */
    if (st == TS_OK && ngroups > 1) {
        c.base = sum->variants[0].variant->scenario;
        c.rb = c.base->rules;
        c.nv = 0;
        for (size_t v = 0; v < nvar; v++)
            if (group[v] != SIZE_MAX)
                c.vi[c.nv++] = v;
        chart ch = {0};
        chart_standing(&c, &ch);
        st = write_named(plots, TS_CHART_STANDING, NULL, NULL, font_spec, &c, &ch, outcome, err);
        chart_free(&ch);
    }

    /* each group: the base's keeps the plain names, the others get "-RULEBOOK" */
    char **suffixes = ts_xcalloc(ngroups, sizeof *suffixes);
    for (size_t g = 0; g < ngroups && st == TS_OK; g++) {
        c.base = sum->variants[first[g]].variant->scenario;
        c.rb = c.base->rules;
        c.nv = 0;
        for (size_t v = 0; v < nvar; v++)
            if (group[v] == g)
                c.vi[c.nv++] = v;
        c.res = group_results(&c, res);
        set_units(&c);
        if (g > 0) {
            /* a rulebook name already used (same rulebook, other evaluation
               days) is told apart by the group's first variant */
            char *sfx = file_piece(c.rb->name);
            const ts_rulebook *rb0 = sum->variants[first[0]].variant->scenario->rules;
            bool taken = rb0->name && c.rb->name && strcmp(rb0->name, c.rb->name) == 0;
            for (size_t h = 1; h < g && !taken; h++)
                taken = strcmp(suffixes[h], sfx) == 0;
            if (taken) {
                char *v = file_piece(vname(&c, 0));
                char *both = ts_xasprintf("%s-%s", sfx, v);
                free(v);
                free(sfx);
                sfx = both;
            }
            suffixes[g] = sfx;
        }
        char *line = ngroups > 1 ? FILL(&c, TS_W_RULEBOOK_LINE, rulebook_title(&c, c.rb)) : NULL;
        c.who = c.base->name ? c.base->name : "";
        c.rb_line = line;
        st = draw_group(&c, plots, suffixes[g], font_spec, outcome, err);
        c.rb_line = NULL;
        free(line);
    }
    for (size_t g = 0; g < ngroups; g++)
        free(suffixes[g]);
    free(suffixes);
    free(font_spec);
    free(c.vi);
    free(group);
    free(first);

    if (st == TS_OK && opt->render)
        st = render_all(gnuplot, plots, outcome, err);
    return st;
}
