/*
** cmd_fit.c — `tiersim fit`: read an order export, estimate the scenario
** (docs/data-format.md "Fitting (tiersim fit)"), write it with fit.json
** beside it, and print the table of estimates.
*/
#define _XOPEN_SOURCE 700 /* realpath (XSI) */
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "commands.h"
#include "date.h"
#include "files.h"
#include "fit.h"
#include "orders.h"
#include "plot.h"
#include "present.h"

typedef struct {
    const char *out;     /* -o SCENARIO.json */
    const char *columns; /* --columns MAP */
    const char *start;   /* --start DATE */
    long long days;      /* --days N */
    const char *rules;   /* --rules NAME */
    const char *name;    /* --name TEXT */
    int lang;
    bool no_history;     /* --no-history */
    bool no_plots;       /* --no-plots */
} fit_args;

static bool is_date(const char *s)
{
    ts_civil d;
    return ts_date_parse(s, &d);
}

static const ts_option FIT_OPTIONS[] = {
    {.name = "output", .letter = 'o', .type = TS_OPT_STRING, .arg = "SCENARIO.json", .what = "a file name",
     .offset = offsetof(fit_args, out),
     .help = "the fitted scenario (default fitted.json), or a folder\n"
             "(DIR/ or an existing one) for DIR/scenario.json; fit.json\n"
             "and plots/ are written beside it"},
    {.name = "columns", .type = TS_OPT_STRING, .arg = "MAP", .what = "a column map",
     .offset = offsetof(fit_args, columns),
     .help = "the export's headers: a shipped map (aliexpress, taobao)\n"
             "or a JSON file (docs/data-format.md \"Column maps\")"},
    {.name = "start", .type = TS_OPT_STRING, .arg = "DATE", .what = "a date YYYY-MM-DD", .valid = is_date,
     .offset = offsetof(fit_args, start),
     .help = "the fitted scenario's start (default: the day after the\n"
             "export's last date); growth is measured from it"},
    {.name = "days", .type = TS_OPT_INT, .arg = "N", .min = 1, .max = 3660, .offset = offsetof(fit_args, days),
     .help = "the fitted scenario's horizon in days (default 90)"},
    {.name = "rules", .type = TS_OPT_STRING, .arg = "NAME", .what = "a rulebook name",
     .offset = offsetof(fit_args, rules), .help = "the fitted scenario's rulebook (default aliexpress-2015)"},
    {.name = "name", .type = TS_OPT_STRING, .arg = "TEXT", .what = "a name", .offset = offsetof(fit_args, name),
     .help = "the fitted scenario's name (default \"fitted from FILE\")"},
    {.name = "no-history", .type = TS_OPT_FLAG, .offset = offsetof(fit_args, no_history),
     .help = "leave `history` out of the scenario: it then starts from\n"
             "simulated warm-up instead of the export's orders"},
    {.name = "no-plots", .type = TS_OPT_FLAG, .offset = offsetof(fit_args, no_plots),
     .help = "do not draw the diagnostic charts (plots/fit_*.png)"},
    {.name = "lang", .type = TS_OPT_ENUM, .choices = ts_cli_langs, .offset = offsetof(fit_args, lang),
     .help = "the table, its notes and warnings, and the chart labels in\n"
             "English (default) or Chinese; fit.json stays in English"},
    {0},
};

static const ts_option_group FIT_GROUPS[] = {{FIT_OPTIONS, 0}, {0}};

static ts_word method_word(ts_fit_method m)
{
    static const ts_word W[] = {TS_W_FIT_DEFAULT, TS_W_FIT_ML, TS_W_FIT_BETA, TS_W_FIT_EXACT, TS_W_FIT_MODE};
    return W[m];
}

/* A cell padded to width display columns (Chinese counts two). */
static void cell(const char *s, size_t width)
{
    fputs(s, stdout);
    for (size_t w = ts_present_width(s); w < width; w++)
        fputc(' ', stdout);
}

/* A section's heading, after a blank line: "Warnings:" / "警告：". */
static void heading(ts_word w, bool zh)
{
    char *h = ts_present_fill(TS_W_FIT_HEADING, zh, ts_present_word(w, zh), NULL);
    printf("\n%s\n", h);
    free(h);
}

/* A share as "12.34%", or "—" when there is none (no order's promise has run out). */
static void percent(char *out, size_t size, double share)
{
    if (isfinite(share))
        snprintf(out, size, "%.2f%%", 100 * share);
    else
        snprintf(out, size, "—");
}

static void print_table(const ts_fit *f, const ts_orders *h, bool zh)
{
    char d0[11], d1[11], n[24];
    ts_date_format(f->first_day, d0);
    ts_date_format(f->last_day, d1);
    snprintf(n, sizeof n, "%zu", h->n_orders);
    char *title = ts_present_fill(TS_W_FIT_TITLE, zh, h->file, n, d0, d1, NULL);
    printf("%s\n\n", title);
    free(title);
    cell(ts_present_word(TS_W_FIT_PARAMETER, zh), 38);
    cell(ts_present_word(TS_W_FIT_ESTIMATE, zh), 12);
    cell(ts_present_word(TS_W_FIT_INTERVAL, zh), 24);
    cell(ts_present_word(TS_W_FIT_N, zh), 9);
    printf("%s\n", ts_present_word(TS_W_FIT_METHOD, zh));
    for (size_t i = 0; i < f->n_params; i++) {
        const ts_fit_param *p = &f->params[i];
        if (p->method == TS_FIT_DEFAULT)
            continue;
        char e[32], iv[48], nn[24];
        snprintf(e, sizeof e, "%.4g", p->estimate);
        if (isfinite(p->lo))
            snprintf(iv, sizeof iv, "%.4g – %.4g", p->lo, p->hi);
        else
            snprintf(iv, sizeof iv, "—");
        snprintf(nn, sizeof nn, "%zu", p->n);
        cell(p->path, 38);
        cell(e, 12);
        cell(iv, 24);
        cell(nn, 9);
        printf("%s%s%s\n", ts_present_word(method_word(p->method), zh), p->uncertain ? ", " : "",
               p->uncertain ? ts_present_word(TS_W_FIT_UNCERTAIN, zh) : "");
    }
    heading(TS_W_FIT_DEFAULTS, zh);
    for (size_t i = 0; i < f->n_params; i++)
        if (f->params[i].method == TS_FIT_DEFAULT) {
            char v[32], *note = ts_present_fit_text(&f->params[i].note, zh);
            snprintf(v, sizeof v, "%g", f->params[i].estimate);
            char *line = ts_present_fill(TS_W_FIT_DEFAULT_LINE, zh, f->params[i].path, v, note, NULL);
            printf("  %s\n", line);
            free(line);
            free(note);
        }
    char obs[16], imp[16], ln[24];
    percent(obs, sizeof obs, f->late_observed);
    percent(imp, sizeof imp, f->by_promise ? f->late_lanes : f->late_one_lane);
    snprintf(ln, sizeof ln, "%zu", f->late_n);
    char *late = ts_present_fill(TS_W_FIT_LATE, zh, obs, imp, ln, NULL);
    char *lanes = ts_present_fill(TS_W_FIT_LANES_LINE, zh,
                                  ts_present_word(f->by_promise ? TS_W_FIT_LANES_PROMISE : TS_W_FIT_LANES_CARRIER, zh),
                                  late, NULL);
    printf("\n%s\n", lanes);
    free(lanes);
    free(late);
    if (f->n_warnings) {
        heading(TS_W_FIT_WARNINGS, zh);
        for (size_t i = 0; i < f->n_warnings; i++) {
            char *w = ts_present_fit_text(&f->warnings[i], zh);
            printf("  %s\n", w);
            free(w);
        }
    }
}

/* dir and base name of path */
static void split_path(const char *path, char **dir, const char **base)
{
    const char *slash = strrchr(path, '/');
    if (!slash) {
        *dir = ts_xstrdup(".");
        *base = path;
    } else {
        *dir = slash == path ? ts_xstrdup("/") : ts_xasprintf("%.*s", (int)(slash - path), path);
        *base = slash + 1;
    }
}

/* -o as a scenario file: a folder (ending in '/', or one that exists) gets scenario.json in it. */
static char *scenario_path(const char *out)
{
    size_t n = strlen(out);
    struct stat st;
    bool folder = (n > 0 && out[n - 1] == '/') || (stat(out, &st) == 0 && S_ISDIR(st.st_mode));
    if (!folder)
        return ts_xstrdup(out);
    while (n > 1 && out[n - 1] == '/')
        n--;
    return ts_xasprintf("%.*s%sscenario.json", (int)n, out, out[n - 1] == '/' ? "" : "/");
}

/*
** path as the folder dir sees it (docs/data-format.md "What fit writes"):
** relative when the two share more than the root, else absolute; both are
** resolved first (symbolic links, "..") so the result holds whatever the
** current folder. NULL when either cannot be resolved.
*/
static char *path_from(const char *dir, const char *path)
{
    char *ad = realpath(dir, NULL), *ap = realpath(path, NULL);
    if (ad == NULL || ap == NULL) {
        free(ad);
        free(ap);
        return NULL;
    }
    size_t j = 0;
    while (ad[j] && ad[j] == ap[j])
        j++;
    size_t common = j;
    if (!(ad[j] == '\0' && ap[j] == '/')) {
        while (common > 0 && ad[common - 1] != '/')
            common--;
        if (common > 0)
            common--; /* the '/' both have */
    }
    if (common == 0) { /* only the root in common: the absolute path */
        free(ad);
        return ap;
    }
    ts_buf b = {0};
    ts_buf_puts(&b, "");
    for (const char *p = ad + common; *p; p++)
        if (*p == '/')
            ts_buf_puts(&b, "../");
    ts_buf_puts(&b, ap + common + 1);
    free(ad);
    free(ap);
    return b.s;
}

/*
** The fitted scenario's history (docs/model.md §14): the export, and the
** --columns map as given (a shipped name) or as a path from the scenario's
** folder. Returns false, with *why set (TS_W_COUNT: no reason to say), when
** the scenario gets none.
*/
static bool history_key(const fit_args *a, const char *dir, const char *file, ts_civil start, ts_civil last,
                        char **hfile, char **hcols, ts_word *why)
{
    *hfile = *hcols = NULL;
    *why = TS_W_COUNT;
    if (a->no_history)
        return false;
    if (start <= last) {
        *why = TS_W_FIT_NO_HISTORY_START;
        return false;
    }
    *hfile = path_from(dir, file);
    if (*hfile == NULL) {
        *why = TS_W_FIT_NO_HISTORY_EXPORT;
        return false;
    }
    if (a->columns) {
        bool shipped = false;
        for (size_t k = 0; k < ts_export_map_count; k++)
            shipped = shipped || strcmp(a->columns, ts_export_maps[k].name) == 0;
        if (shipped) {
            *hcols = ts_xstrdup(a->columns);
        } else {
            char *rel = path_from(dir, a->columns);
            size_t n = rel ? strlen(rel) : 0;
            /* the loader takes a name with a '/' or ending in .json for a file */
            if (rel && !strchr(rel, '/') && !(n > 5 && strcmp(rel + n - 5, ".json") == 0)) {
                char *dot = ts_xasprintf("./%s", rel);
                free(rel);
                rel = dot;
            }
            *hcols = rel;
            if (rel == NULL) {
                free(*hfile);
                *hfile = NULL;
                *why = TS_W_FIT_NO_HISTORY_COLUMNS;
                return false;
            }
        }
    }
    return true;
}

/* The diagnostic charts into dir/plots (docs/plots.md "Fit charts"); false when they failed. */
static bool fit_plots(const ts_fit *f, const ts_orders *h, const char *dir, bool zh)
{
    ts_plot_options po;
    ts_plot_options_init(&po);
    po.lang = zh ? TS_PLOT_ZH : TS_PLOT_EN;
    ts_plot_outcome outcome;
    ts_error err = {0};
    const char *slash = strrchr(h->file, '/');
    ts_status st = ts_plot_render_fit(f, h, slash ? slash + 1 : h->file, dir, &po, &outcome, &err);
    bool ok = st == TS_OK;
    if (!ok) {
        ts_cli_print_errors(&err);
    } else {
        for (size_t w = 0; w < outcome.n_warnings; w++)
            fprintf(stderr, "warning: %s\n", outcome.warnings[w]);
        if (outcome.gnuplot_missing)
            fprintf(stderr, "plots: gnuplot is not installed; scripts and data are in %s; render them later "
                    "with:\n  %s\n", outcome.plots_dir, outcome.hint);
        else if (outcome.rendered)
            printf("plots:    %s/fit_*.png, .svg\n", outcome.plots_dir);
    }
    ts_error_clear(&err);
    ts_plot_outcome_release(&outcome);
    return ok;
}

static int fit_main(const ts_command *self, int argc, char **argv)
{
    fit_args a = {.out = "fitted.json", .days = 90, .rules = "aliexpress-2015"};
    ts_arglist files;
    int rc = ts_options_parse(self, argc, argv, &a, &files);
    if (rc != TS_OPTIONS_CONTINUE)
        return rc;
    const char *file = files.items[0];
    ts_error err = {0};
    ts_colmap map = {0}, *mp = NULL;
    ts_orders h = {0};
    ts_fit f = {0};
    char *out = scenario_path(a.out);
    rc = TS_EXIT_USAGE;
    if (a.columns) {
        if (ts_colmap_load(a.columns, &map, &err) != TS_OK)
            goto done;
        mp = &map;
    }
    ts_status st = ts_orders_read(file, mp, &h, &err);
    if (st != TS_OK) {
        rc = st == TS_EIO ? TS_EXIT_RUNTIME : TS_EXIT_USAGE;
        goto done;
    }
    ts_civil start = TS_NO_DATE;
    if (a.start)
        ts_date_parse(a.start, &start);
    if (ts_fit_orders(&h, start, &f, &err) != TS_OK)
        goto done;
    if (start == TS_NO_DATE)
        start = f.last_day + 1;
    char *dir;
    const char *base;
    split_path(out, &dir, &base);
    st = ts_file_mkdirs(dir, &err);
    if (st != TS_OK) {
        free(dir);
        rc = TS_EXIT_RUNTIME;
        goto done;
    }
    char *hfile, *hcols;
    ts_word why;
    bool with_history = history_key(&a, dir, file, start, f.last_day, &hfile, &hcols, &why);
    char *name = a.name ? ts_xstrdup(a.name) : ts_xasprintf("fitted from %s", file);
    char *scen = ts_fit_scenario_json(&f, &h, name, start, (int32_t)a.days, a.rules, hfile, hcols);
    char *report = ts_fit_report_json(&f, &h, ts_present_fit_text);
    free(name);
    const char *names[2] = {base, strcmp(base, "fit.json") == 0 ? "fit-report.json" : "fit.json"};
    const char *data[2] = {scen, report};
    size_t lens[2] = {strlen(scen), strlen(report)};
    st = ts_file_write_all(dir, 2, names, data, lens, &err);
    free(scen);
    free(report);
    if (st == TS_OK) {
        print_table(&f, &h, a.lang == TS_CLI_ZH);
        printf("\nscenario: %s\nreport:   %s/%s\n", out, dir, names[1]);
        if (with_history)
            printf("history:  %s%s%s%s\n", hfile, hcols ? ", columns " : "", hcols ? hcols : "",
                   hfile[0] == '/' ? "" : ts_present_word(TS_W_FIT_FROM_FOLDER, a.lang == TS_CLI_ZH));
        else if (why != TS_W_COUNT) {
            bool zh = a.lang == TS_CLI_ZH;
            char *what = ts_present_fill(TS_W_FIT_NO_HISTORY, zh, ts_present_word(why, zh), (const char *)NULL);
            char *line = ts_present_fill(TS_W_FIT_WARNING, zh, what, (const char *)NULL);
            fprintf(stderr, "%s\n", line);
            free(line);
            free(what);
        }
        rc = TS_EXIT_OK;
        if (!a.no_plots && !fit_plots(&f, &h, dir, a.lang == TS_CLI_ZH))
            rc = TS_EXIT_RUNTIME;
    } else {
        rc = TS_EXIT_RUNTIME;
    }
    free(hfile);
    free(hcols);
    free(dir);
done:
    ts_cli_print_errors(&err);
    ts_error_clear(&err);
    ts_fit_release(&f);
    ts_orders_release(&h);
    if (mp)
        ts_colmap_release(&map);
    free(out);
    ts_options_release(self, &a, &files);
    return rc;
}

const ts_command ts_cmd_fit = {
    .name = "fit",
    .usage = "ORDERS.csv [-o SCENARIO.json] [options]",
    .synopsis = "ORDERS.csv [-o FILE]",
    .summary = "estimate a scenario from a seller's order export",
    .description =
        "Reads an order export (docs/data-format.md) and estimates every parameter the\n"
        "orders identify: volume (mean, weekday factors, dispersion, growth), order\n"
        "values, stock-outs, a dispatch capacity and its deadline when orders waited,\n"
        "carriers and lanes (share, transit gamma, loss), the dispute course, feedback\n"
        "probability and delay, stars and revisions, and from the disputes by reason\n"
        "and the low scores the defect and slow-reply probabilities and the bases of\n"
        "disputes and low scores (the noisy-or coefficients kept at defaults). Orders\n"
        "too recent to have been delivered or reviewed count as \"not yet\", never as\n"
        "\"never\". Each estimate has a 95% interval and its sample size; parameters\n"
        "with fewer than 20 observations keep their defaults with a warning, and\n"
        "probabilities known only roughly become `uncertain` entries.\n",
    .groups = FIT_GROUPS,
    .operands = {"order export", 1, 1},
    .epilog = "Writes SCENARIO.json, fit.json beside it (every parameter: estimate,\n"
              "interval, n, method; the lanes' late shares; the warnings) and the\n"
              "diagnostic charts in plots/ (daily volume, transit days per lane, feedback\n"
              "delays, stars: observed against the fitted laws). The scenario's `history`\n"
              "is the export itself (a path from the scenario's folder), so a run of it\n"
              "starts from the shop's real rating window.\n"
              "\n"
              "Examples:\n"
              "  tiersim run shop.json --replications 1 --export-orders orders.csv\n"
              "  tiersim fit orders.csv -o fitted/            fit it back: fitted/scenario.json\n"
              "  tiersim run fitted/scenario.json             forecast from the real window\n"
              "  tiersim fit 订单.csv --columns taobao --lang zh\n",
    .main = fit_main,
};
