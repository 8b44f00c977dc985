/*
** plot.c — the plotting driver (plot.h): groups the variants by rulebook shape,
** fills the gnuplot templates of plots/NAME.gp with each chart, writes NAME.gp
** and NAME.dat, runs gnuplot.
*/
#include "plot_internal.h"
#include "files.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

/* ------------------------------------------------------------------ */
/* Templates: NAME.gp and NAME.dat.                                   */

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

static void chart_free(ts_plot_chart *ch)
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
                             const char *font_spec, const ts_plot_ctx *c, ts_plot_chart *ch,
                             ts_plot_outcome *outcome, ts_error *err)
{
    const char *text = template_text(tmpl);
    if (text == NULL) {
        ts_error_add(err, "plots: no embedded gnuplot template named \"%s.gp\"", tmpl);
        return TS_EINVAL;
    }
    ts_buf head = {0};
    ts_buf_printf(&head, "width = %d\nheight = %d\n", c->width, c->height);
    ts_plot_setstr(&head, "font_spec", font_spec);
    ts_plot_setstr(&head, "out_name", name);
    ts_buf_printf(&head, "data_file = '%s.dat'\n", name);
    ts_buf_puts(&head, ch->settings.s ? ch->settings.s : "");
    if (c->rb_line != NULL) {
        ts_buf_puts(&head, "title_text = title_text . \"\\n\" . ");
        ts_plot_gpstr(&head, c->rb_line);
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
/* Running gnuplot (and fc-list).                                     */

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
/* Options and outcome.                                               */

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

/* ------------------------------------------------------------------ */
/* Groups of variants, and the whole run.                             */

/*
** Same rulebook shape: the same metrics (names, kinds), events (names,
** kinds, stars, dimensions, dispute reasons), tiers (names) and number of evaluation days.
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
            || x->dimension != y->dimension || x->reason != y->reason)
            return false;
    }
    for (size_t t = 0; t < ra->n_tiers; t++)
        if (strcmp(ra->tiers[t].name, rb->tiers[t].name) != 0)
            return false;
    return true;
}

/* The display scale and units of the group's headline metric. */
static void set_units(ts_plot_ctx *c)
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
                             const char *font_spec, const ts_plot_ctx *c, ts_plot_chart *ch,
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
static ts_status draw_group(const ts_plot_ctx *c, const char *plots, const char *suffix, const char *font_spec,
                            ts_plot_outcome *o, ts_error *err)
{
    ts_status st = TS_OK;
    bool have_eval = c->base->n_evaluations > 0 && c->rb->n_tiers > 0;
    bool have_metric = c->rb->n_metrics > 0;
    if (have_metric) {
        ts_plot_chart ch = {0};
        ts_plot_fan(c, &ch);
        st = write_named(plots, TS_CHART_FAN, suffix, NULL, font_spec, c, &ch, o, err);
        chart_free(&ch);
    }
    if (st == TS_OK && have_eval) {
        ts_plot_chart ch = {0};
        ts_plot_tiers(c, &ch);
        st = write_named(plots, TS_CHART_TIERS, suffix, NULL, font_spec, c, &ch, o, err);
        chart_free(&ch);
    }
    if (st == TS_OK && have_eval && c->rb->n_events > 0) {
        ts_plot_chart ch = {0};
        ts_plot_causes(c, &ch);
        st = write_named(plots, TS_CHART_CAUSES, suffix, NULL, font_spec, c, &ch, o, err);
        chart_free(&ch);
    }
    if (st == TS_OK && have_eval && have_metric) { /* a score: points lost by component */
        ts_plot_chart ch = {0};
        if (ts_plot_points_lost(c, &ch))
            st = write_named(plots, TS_CHART_POINTS_LOST, suffix, "causes", font_spec, c, &ch, o, err);
        chart_free(&ch);
    }
    if (st == TS_OK && have_eval && have_metric) {
        ts_plot_chart ch = {0};
        if (c->res != NULL) {
            st = ts_plot_distribution(c, &ch, c->res, err);
            if (st == TS_OK)
                st = write_named(plots, TS_CHART_DISTRIBUTION, suffix, NULL, font_spec, c, &ch, o, err);
        } else {
            ts_plot_distribution_pct(c, &ch);
            st = write_named(plots, TS_CHART_DISTRIBUTION, suffix, "distribution_pct", font_spec, c, &ch, o, err);
        }
        chart_free(&ch);
    }
    if (suffix != NULL)
        return st;
    if (st == TS_OK && have_eval && c->nv >= 2 && ts_plot_has_gift_cost(c)) {
        ts_plot_chart ch = {0};
        ts_plot_tradeoff(c, &ch);
        st = write_named(plots, TS_CHART_TRADEOFF, NULL, NULL, font_spec, c, &ch, o, err);
        chart_free(&ch);
    }
    char *path = st == TS_OK && have_eval && have_metric ? ts_plot_sweep_path(c) : NULL;
    if (path != NULL) {
        ts_plot_chart ch = {0};
        ts_plot_sweep(c, &ch, path);
        st = write_named(plots, TS_CHART_SWEEP, NULL, NULL, font_spec, c, &ch, o, err);
        chart_free(&ch);
    }
    free(path);
    return st;
}

/* The per-replication values of res when they fit every variant of the group, else NULL. */
static const ts_results *group_results(const ts_plot_ctx *c, const ts_results *res)
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

/* The variants grouped by rulebook shape, in order of first appearance. */
typedef struct {
    size_t *of;     /* [n_variants]: a variant's group; SIZE_MAX: no rulebook, nothing to draw */
    size_t *first;  /* [n]: a group's first variant */
    size_t n;
} groups;

static void groups_find(const ts_summary *sum, groups *gr, ts_plot_outcome *outcome)
{
    size_t nvar = sum->n_variants;
    gr->of = ts_xcalloc(nvar, sizeof *gr->of);
    gr->first = ts_xcalloc(nvar, sizeof *gr->first);
    gr->n = 0;
    for (size_t v = 0; v < nvar; v++) {
        const ts_variant_summary *vs = &sum->variants[v];
        gr->of[v] = SIZE_MAX;
        if (vs->variant == NULL || vs->variant->scenario == NULL || vs->variant->scenario->rules == NULL) {
            outcome_add_warning(outcome, ts_xasprintf("variant %s is left out of the plots: it has no rulebook",
                                                      vs->variant && vs->variant->name ? vs->variant->name : "?"));
            continue;
        }
        for (size_t g = 0; g < gr->n && gr->of[v] == SIZE_MAX; g++)
            if (same_shape(&sum->variants[gr->first[g]], vs))
                gr->of[v] = g;
        if (gr->of[v] == SIZE_MAX) {
            gr->first[gr->n] = v;
            gr->of[v] = gr->n++;
        }
    }
}

/* The terminal font ("Family,12", free it): a CJK family for Chinese, with a warning when none is found. */
static char *choose_font(bool zh, ts_plot_outcome *outcome)
{
    char *family = zh ? find_cjk_font() : ts_xstrdup("Sans");
    if (family == NULL) {
        outcome_add_warning(outcome, ts_xstrdup("no Chinese font found: install fonts-noto-cjk"));
        family = ts_xstrdup("Sans");
    }
    outcome->font = family;
    return ts_xasprintf("%s,12", family);
}

/* Across rulebooks: every drawable variant in one chart (c->vi filled here). */
static ts_status draw_standing(ts_plot_ctx *c, const groups *gr, const char *plots, const char *font_spec,
                               ts_plot_outcome *o, ts_error *err)
{
    c->base = c->sum->variants[0].variant->scenario;
    c->rb = c->base->rules;
    c->nv = 0;
    for (size_t v = 0; v < c->sum->n_variants; v++)
        if (gr->of[v] != SIZE_MAX)
            c->vi[c->nv++] = v;
    ts_plot_chart ch = {0};
    ts_plot_standing(c, &ch);
    ts_status st = write_named(plots, TS_CHART_STANDING, NULL, NULL, font_spec, c, &ch, o, err);
    chart_free(&ch);
    return st;
}

/*
** The file-name suffix of group g > 0 (its rulebook's name; free it): a
** name already used (the base's rulebook with other evaluation days) is
** told apart by the group's first variant.
*/
static char *group_suffix(const ts_plot_ctx *c, const groups *gr, size_t g, char *const suffixes[])
{
    char *sfx = file_piece(c->rb->name);
    const ts_rulebook *rb0 = c->sum->variants[gr->first[0]].variant->scenario->rules;
    bool taken = rb0->name && c->rb->name && strcmp(rb0->name, c->rb->name) == 0;
    for (size_t h = 1; h < g && !taken; h++)
        taken = strcmp(suffixes[h], sfx) == 0;
    if (taken) {
        char *v = file_piece(vname(c, 0));
        char *both = ts_xasprintf("%s-%s", sfx, v);
        free(v);
        free(sfx);
        sfx = both;
    }
    return sfx;
}

/* Each group's charts: the base's keep the plain names, the others get "-RULEBOOK". */
static ts_status draw_groups(ts_plot_ctx *c, const groups *gr, const ts_results *res, const char *plots,
                             const char *font_spec, ts_plot_outcome *o, ts_error *err)
{
    ts_status st = TS_OK;
    char **suffixes = ts_xcalloc(gr->n, sizeof *suffixes);
    for (size_t g = 0; g < gr->n && st == TS_OK; g++) {
        c->base = c->sum->variants[gr->first[g]].variant->scenario;
        c->rb = c->base->rules;
        c->nv = 0;
        for (size_t v = 0; v < c->sum->n_variants; v++)
            if (gr->of[v] == g)
                c->vi[c->nv++] = v;
        c->res = group_results(c, res);
        set_units(c);
        if (g > 0)
            suffixes[g] = group_suffix(c, gr, g, suffixes);
        char *line = gr->n > 1 ? FILL(c, TS_W_RULEBOOK_LINE, ts_plot_rulebook_title(c, c->rb)) : NULL;
        c->who = c->base->name ? c->base->name : "";
        c->rb_line = line;
        st = draw_group(c, plots, suffixes[g], font_spec, o, err);
        c->rb_line = NULL;
        free(line);
    }
    for (size_t g = 0; g < gr->n; g++)
        free(suffixes[g]);
    free(suffixes);
    return st;
}

/*
** Customer service (docs/plots.md): a "replies" chart per variant with a
** team, the first one's as "replies", the others' as "replies-VARIANT"; and
** one "reply_daily" chart of them all. Nothing without a team.
*/
static ts_status draw_service(ts_plot_ctx *c, const char *plots, const char *font_spec, ts_plot_outcome *o,
                              ts_error *err)
{
    c->nv = 0;
    for (size_t v = 0; v < c->sum->n_variants; v++) {
        const ts_variant_summary *vs = &c->sum->variants[v];
        if (vs->reply != NULL && vs->variant != NULL && vs->variant->scenario != NULL)
            c->vi[c->nv++] = v;
    }
    if (c->nv == 0)
        return TS_OK;
    c->base = VS(c, 0)->variant->scenario;
    c->rb = c->base->rules;
    c->res = NULL;
    c->rb_line = NULL;
    c->who = c->base->name ? c->base->name : "";
    ts_status st = TS_OK;
    char **used = ts_xcalloc(c->nv, sizeof *used);
    for (size_t k = 0; k < c->nv && st == TS_OK; k++) {
        char *sfx = NULL;
        if (k > 0) { /* a name's file piece already taken is told apart by the variant's number */
            char *piece = file_piece(vname(c, k));
            bool taken = false;
            for (size_t j = 1; j < k && !taken; j++)
                taken = strcmp(used[j], piece) == 0;
            sfx = taken ? ts_xasprintf("%s-%zu", piece, c->vi[k]) : ts_xstrdup(piece);
            free(piece);
        }
        used[k] = sfx;
        ts_plot_chart ch = {0};
        ts_plot_replies(c, &ch, k);
        st = write_named(plots, TS_CHART_REPLIES, sfx, NULL, font_spec, c, &ch, o, err);
        chart_free(&ch);
    }
    for (size_t k = 0; k < c->nv; k++)
        free(used[k]);
    free(used);
    if (st == TS_OK) {
        ts_plot_chart ch = {0};
        ts_plot_reply_daily(c, &ch);
        st = write_named(plots, TS_CHART_REPLY_DAILY, NULL, NULL, font_spec, c, &ch, o, err);
        chart_free(&ch);
    }
    return st;
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
    groups gr;
    groups_find(sum, &gr, outcome);
    bool zh = opt->lang == TS_PLOT_ZH;
    char *font_spec = choose_font(zh, outcome);

    ts_status st = ts_file_mkdirs(dir, err);
    if (st == TS_OK)
        st = ts_file_mkdirs(plots, err);
    ts_plot_ctx c = {0};
    c.sum = sum;
    c.zh = zh;
    c.width = opt->width > 0 ? opt->width : 1280;
    c.height = opt->height > 0 ? opt->height : 720;
    c.vi = ts_xcalloc(sum->n_variants, sizeof *c.vi);
    c.who = sum->variants[0].variant->scenario->name ? sum->variants[0].variant->scenario->name : "";
    if (st == TS_OK && gr.n > 1)
        st = draw_standing(&c, &gr, plots, font_spec, outcome, err);
    if (st == TS_OK)
        st = draw_groups(&c, &gr, res, plots, font_spec, outcome, err);
    if (st == TS_OK)
        st = draw_service(&c, plots, font_spec, outcome, err);
    free(font_spec);
    free(c.vi);
    free(gr.of);
    free(gr.first);

    if (st == TS_OK && opt->render)
        st = render_all(gnuplot, plots, outcome, err);
    return st;
}

/* ------------------------------------------------------------------ */
/* The decision charts (plot_decide.c).                                */

/* One of the decision commands' results: which one is non-NULL. */
typedef struct {
    const ts_sens *sens;
    const ts_solve *solve;
    const ts_decide_info *info;
} decision;

static ts_status draw_decision(const ts_plot_ctx *c, const decision *w, const char *plots, const char *font_spec,
                               ts_plot_outcome *o, ts_error *err)
{
    ts_status st = TS_OK;
    if (w->solve != NULL) {
        ts_plot_chart ch = {0};
        ts_plot_solve(c, &ch, w->solve, w->info);
        st = write_named(plots, TS_CHART_SOLVE, NULL, NULL, font_spec, c, &ch, o, err);
        chart_free(&ch);
        return st;
    }
    const ts_sens *s = w->sens;
    if (s->n == 0)
        return TS_OK;
    ts_plot_chart ch = {0};
    ts_plot_tornado(c, &ch, s, w->info, s->rank_by);
    st = write_named(plots, TS_CHART_TORNADO, NULL, NULL, font_spec, c, &ch, o, err);
    chart_free(&ch);
    for (size_t m = 0; st == TS_OK && m < s->n_measures; m++)
        if (m != s->rank_by && s->measures[m].kind == TS_MEASURE_MEAN) {
            ts_plot_chart mc = {0};
            ts_plot_tornado(c, &mc, s, w->info, m);
            st = write_named(plots, TS_CHART_TORNADO, "metric", NULL, font_spec, c, &mc, o, err);
            chart_free(&mc);
            break;
        }
    if (st == TS_OK) {
        ts_plot_chart sc = {0};
        ts_plot_spider(c, &sc, s, w->info);
        st = write_named(plots, TS_CHART_SPIDER, NULL, NULL, font_spec, c, &sc, o, err);
        chart_free(&sc);
    }
    return st;
}

/* The batch charts (plot_batch.c); none without evaluation days, tiers or shops. */
static ts_status draw_batch(const ts_plot_ctx *c, const ts_batch *b, const char *plots, const char *font_spec,
                            ts_plot_outcome *o, ts_error *err)
{
    if (b->n_eval == 0 || b->n_tiers == 0 || b->n_shops == 0)
        return TS_OK;
    ts_plot_chart ch = {0};
    ts_plot_shops(c, &ch, b);
    ts_status st = write_named(plots, TS_CHART_SHOPS, NULL, NULL, font_spec, c, &ch, o, err);
    chart_free(&ch);
    if (st == TS_OK) {
        ts_plot_chart tc = {0};
        ts_plot_tier_counts(c, &tc, b);
        st = write_named(plots, TS_CHART_TIER_COUNTS, NULL, NULL, font_spec, c, &tc, o, err);
        chart_free(&tc);
    }
    return st;
}

/*
** The start every chart family but a run's shares: the outcome's folder and
** hint (the .gp files matching glob), the font, the size, the folders made.
** Returns the options to use (opt, or the defaults in *defaults).
*/
static ts_status begin_charts(const char *dir, const char *glob, const ts_plot_options **opt,
                              ts_plot_options *defaults, ts_plot_ctx *c, char **font_spec,
                              ts_plot_outcome *outcome, ts_error *err)
{
    memset(outcome, 0, sizeof *outcome);
    if (*opt == NULL) {
        ts_plot_options_init(defaults);
        *opt = defaults;
    }
    const char *gnuplot = (*opt)->gnuplot && (*opt)->gnuplot[0] ? (*opt)->gnuplot : "gnuplot";
    outcome->plots_dir = ts_xasprintf("%s/plots", dir);
    outcome->hint = ts_xasprintf("cd '%s' && for f in %s; do %s \"$f\"; done", outcome->plots_dir, glob, gnuplot);
    bool zh = (*opt)->lang == TS_PLOT_ZH;
    *font_spec = choose_font(zh, outcome);
    memset(c, 0, sizeof *c);
    c->zh = zh;
    c->width = (*opt)->width > 0 ? (*opt)->width : 1280;
    c->height = (*opt)->height > 0 ? (*opt)->height : 720;
    ts_status st = ts_file_mkdirs(dir, err);
    if (st == TS_OK)
        st = ts_file_mkdirs(outcome->plots_dir, err);
    return st;
}

/* Render what begin_charts began (when asked) and free its font. */
static ts_status end_charts(ts_status st, const ts_plot_options *opt, char *font_spec, ts_plot_outcome *outcome,
                            ts_error *err)
{
    free(font_spec);
    if (st == TS_OK && opt->render)
        st = render_all(opt->gnuplot && opt->gnuplot[0] ? opt->gnuplot : "gnuplot", outcome->plots_dir, outcome, err);
    return st;
}

/* The decision charts (w non-NULL) or the batch charts (b non-NULL), written and rendered. */
static ts_status render_charts(const decision *w, const ts_batch *b, const char *who, const char *dir,
                                 const ts_plot_options *opt, ts_plot_outcome *outcome, ts_error *err)
{
    ts_plot_options defaults;
    ts_plot_ctx c;
    char *font_spec;
    ts_status st = begin_charts(dir, "*.gp", &opt, &defaults, &c, &font_spec, outcome, err);
    if (w != NULL) {
        c.base = w->info->study->variants[0].scenario;
        c.rb = c.base->rules;
        c.who = c.base->name ? c.base->name : "";
    } else {
        c.rb = b->rules;
        c.who = who ? who : "";
    }
    if (st == TS_OK)
        st = w ? draw_decision(&c, w, outcome->plots_dir, font_spec, outcome, err)
               : draw_batch(&c, b, outcome->plots_dir, font_spec, outcome, err);
    return end_charts(st, opt, font_spec, outcome, err);
}

ts_status ts_plot_render_sensitivity(const ts_sens *s, const ts_decide_info *info, const char *dir,
                                     const ts_plot_options *opt, ts_plot_outcome *outcome, ts_error *err)
{
    decision w = {s, NULL, info};
    return render_charts(&w, NULL, NULL, dir, opt, outcome, err);
}

ts_status ts_plot_render_solve(const ts_solve *s, const ts_decide_info *info, const char *dir,
                               const ts_plot_options *opt, ts_plot_outcome *outcome, ts_error *err)
{
    decision w = {NULL, s, info};
    return render_charts(&w, NULL, NULL, dir, opt, outcome, err);
}

ts_status ts_plot_render_batch(const ts_batch *b, const char *who, const char *dir, const ts_plot_options *opt,
                               ts_plot_outcome *outcome, ts_error *err)
{
    return render_charts(NULL, b, who, dir, opt, outcome, err);
}

/* ------------------------------------------------------------------ */
/* The fit charts (plot_fit.c).                                        */

ts_status ts_plot_render_fit(const ts_fit *f, const ts_orders *h, const char *who, const char *dir,
                             const ts_plot_options *opt, ts_plot_outcome *outcome, ts_error *err)
{
    ts_plot_options defaults;
    ts_plot_ctx c;
    char *font_spec;
    ts_status st = begin_charts(dir, "fit_*.gp", &opt, &defaults, &c, &font_spec, outcome, err);
    c.who = who ? who : "";
    for (int k = 0; st == TS_OK && k < 4; k++) {
        ts_plot_chart ch = {0};
        bool drawn = true;
        const char *tmpl = "fit_hist";
        ts_chart which = TS_CHART_FIT_FEEDBACK;
        switch (k) {
        case 0:
            ts_plot_fit_volume(&c, &ch, f);
            which = TS_CHART_FIT_VOLUME;
            tmpl = "fit_volume";
            break;
        case 1:
            drawn = ts_plot_fit_transit(&c, &ch, f, h);
            which = TS_CHART_FIT_TRANSIT;
            tmpl = "fit_transit";
            break;
        case 2:
            drawn = ts_plot_fit_feedback(&c, &ch, f);
            break;
        default:
            drawn = ts_plot_fit_stars(&c, &ch, f);
            which = TS_CHART_FIT_STARS;
            break;
        }
        if (drawn)
            st = write_named(outcome->plots_dir, which, NULL, tmpl, font_spec, &c, &ch, outcome, err);
        chart_free(&ch);
    }
    return end_charts(st, opt, font_spec, outcome, err);
}
