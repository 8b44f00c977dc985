/*
** solve.c — goals and the monotone search of `tiersim solve` (solve.h,
** docs/decisions.md "Solve"): a first scan of the range, the first crossing
** in the search direction refined until its sides are decided, bisection
** (integers: binary search) inside it, every value on the same random numbers.
*/
#include "solve.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "stats.h"

/* ------------------------------------------------------------ goals */

static bool goal_error(ts_error *err, const char *text, const char *what)
{
    ts_error_add(err, "--goal \"%s\": %s\n%s", text, what, TS_GOAL_GRAMMAR);
    return false;
}

/* The words of s (at most max), split at blanks, into w (each a copy). */
static size_t split_words(const char *s, char **w, size_t max)
{
    size_t n = 0;
    while (*s) {
        while (*s && isspace((unsigned char)*s))
            s++;
        if (!*s)
            break;
        const char *e = s;
        while (*e && !isspace((unsigned char)*e))
            e++;
        if (n < max) {
            w[n] = ts_xmalloc((size_t)(e - s) + 1);
            memcpy(w[n], s, (size_t)(e - s));
            w[n][e - s] = '\0';
        }
        n++;
        s = e;
    }
    return n;
}

static bool parse_number(const char *s, double *out, bool *percent)
{
    char *end;
    *out = strtod(s, &end);
    *percent = false;
    if (end == s)
        return false;
    if (*end == '%') {
        *percent = true;
        end++;
    }
    return *end == '\0' && isfinite(*out);
}

static bool find_tier(const ts_rulebook *rb, const char *w, size_t *index)
{
    for (size_t t = 0; t < rb->n_tiers; t++) {
        const ts_tier *x = &rb->tiers[t];
        if (strcmp(x->name, w) == 0 || (x->label && strcmp(x->label, w) == 0)
            || (x->label_zh && strcmp(x->label_zh, w) == 0)) {
            *index = t;
            return true;
        }
    }
    return false;
}

static bool find_metric(const ts_rulebook *rb, const char *w, size_t *index)
{
    for (size_t m = 0; m < rb->n_metrics; m++)
        if (strcmp(rb->metrics[m].name, w) == 0) {
            *index = m;
            return true;
        }
    return false;
}

/* The names a subject may be, for the message about an unknown one. */
static char *subject_names(const ts_rulebook *rb)
{
    ts_buf b = {0};
    ts_buf_puts(&b, "tiers");
    for (size_t t = 0; t < rb->n_tiers; t++)
        ts_buf_printf(&b, "%s %s", t ? "," : "", rb->tiers[t].name);
    ts_buf_puts(&b, "; metrics");
    for (size_t m = 0; m < rb->n_metrics; m++)
        ts_buf_printf(&b, "%s %s", m ? "," : "", rb->metrics[m].name);
    return b.s;
}

/* The evaluation day DATE names, with a message when it is none. */
static bool parse_date(const char *text, const char *w, const ts_scenario *sc, size_t *eval, ts_error *err)
{
    ts_civil d;
    if (!ts_date_parse(w, &d)) {
        char *m = ts_xasprintf("expected a date YYYY-MM-DD after \"on\", found \"%s\"", w);
        goal_error(err, text, m);
        free(m);
        return false;
    }
    char first[11], last[11];
    ts_date_format(sc->start, first);
    ts_date_format(sc->start + sc->days - 1, last);
    if (d < sc->start || d > sc->start + sc->days - 1) {
        char *m = ts_xasprintf("%s is outside the horizon %s..%s", w, first, last);
        goal_error(err, text, m);
        free(m);
        return false;
    }
    for (size_t e = 0; e < sc->n_evaluations; e++)
        if (sc->start + sc->evaluations[e] == d) {
            *eval = e;
            return true;
        }
    ts_buf b = {0};
    for (size_t e = 0; e < sc->n_evaluations; e++) {
        char ds[11];
        ts_date_format(sc->start + sc->evaluations[e], ds);
        ts_buf_printf(&b, "%s%s", e ? ", " : "", ds);
    }
    char *m = ts_xasprintf("%s is not an evaluation day; the evaluation days are %s", w, b.s ? b.s : "(none)");
    goal_error(err, text, m);
    free(m);
    free(b.s);
    return false;
}

/* SUBJECT words w[0..n-1] (before "on"), into g. */
static bool parse_subject(const char *text, char **w, size_t n, const ts_rulebook *rb, ts_goal *g, ts_error *err)
{
    if (n == 0)
        return goal_error(err, text, "expected a tier or a metric before the operator");
    if (find_tier(rb, w[0], &g->index)) {
        g->kind = TS_GOAL_TIER;
        if (n == 1 || (n == 3 && strcmp(w[1], "or") == 0 && strcmp(w[2], "better") == 0))
            return true;
        char *m = ts_xasprintf("after the tier \"%s\" expected \"or better\", \"on DATE\" or the operator, "
                               "found \"%s\"", w[0], w[1]);
        goal_error(err, text, m);
        free(m);
        return false;
    }
    if (!find_metric(rb, w[0], &g->index)) {
        char *names = subject_names(rb);
        char *m = ts_xasprintf("\"%s\" is neither a tier nor a metric of rulebook %s (%s)", w[0], rb->name, names);
        goal_error(err, text, m);
        free(m);
        free(names);
        return false;
    }
    g->kind = TS_GOAL_MEAN;
    if (n == 1 || (n == 2 && strcmp(w[1], "mean") == 0))
        return true;
    char *end;
    double q = n == 2 && w[1][0] == 'p' ? strtod(w[1] + 1, &end) : (double)NAN;
    if (n == 2 && !isnan(q) && *end == '\0' && end != w[1] + 1 && q > 0 && q < 100) {
        g->kind = TS_GOAL_QUANTILE;
        g->q = q / 100.0;
        return true;
    }
    char *m = ts_xasprintf("after the metric \"%s\" expected \"mean\" or a percentile like \"p95\", found \"%s\"",
                           w[0], w[1]);
    goal_error(err, text, m);
    free(m);
    return false;
}

bool ts_goal_parse(const char *text, const ts_scenario *sc, ts_goal *g, ts_error *err)
{
    memset(g, 0, sizeof *g);
    const ts_rulebook *rb = sc->rules;
    const char *op = strpbrk(text, "<>=");
    if (op == NULL || *op == '=')
        return goal_error(err, text, "expected an operator >=, >, <= or <");
    g->op = op[0] == '<' ? (op[1] == '=' ? TS_OP_LE : TS_OP_LT) : (op[1] == '=' ? TS_OP_GE : TS_OP_GT);
    const char *rhs = op + (op[1] == '=' ? 2 : 1);
    char *left = ts_xmalloc((size_t)(op - text) + 1);
    memcpy(left, text, (size_t)(op - text));
    left[op - text] = '\0';
    char *w[8] = {0}, *r[4] = {0};
    size_t n = split_words(left, w, 8), nr = split_words(rhs, r, 4);
    free(left);
    bool ok = true;
    if (n > 8 || nr != 1) {
        ok = nr == 0 ? goal_error(err, text, "expected a number after the operator")
                     : goal_error(err, text, "expected one number after the operator, then nothing");
    }
    bool percent = false;
    if (ok && !parse_number(r[0], &g->target, &percent)) {
        char *m = ts_xasprintf("expected a number after the operator, found \"%s\"", r[0]);
        ok = goal_error(err, text, m);
        free(m);
    }
    if (percent)
        g->target /= 100.0;
    size_t on = n;
    for (size_t i = 0; ok && i < n && i < 8; i++)
        if (strcmp(w[i], "on") == 0) {
            on = i;
            break;
        }
    if (ok && on < n && on + 2 != n)
        ok = goal_error(err, text, "expected one date after \"on\", then the operator");
    if (ok)
        ok = parse_subject(text, w, on, rb, g, err);
    g->eval = sc->n_evaluations ? sc->n_evaluations - 1 : 0;
    if (ok && sc->n_evaluations == 0)
        ok = goal_error(err, text, "the scenario has no evaluation day in its horizon");
    if (ok && on < n)
        ok = parse_date(text, w[on + 1], sc, &g->eval, err);
    if (ok && g->kind == TS_GOAL_TIER && (g->target < 0.0 || g->target > 1.0)) {
        char *m = ts_xasprintf("a tier's probability is in [0, 1] (or 0%%..100%%), found %s", r[0]);
        ok = goal_error(err, text, m);
        free(m);
    }
    for (size_t i = 0; i < 8 && i < n; i++)
        free(w[i]);
    for (size_t i = 0; i < 4 && i < nr; i++)
        free(r[i]);
    return ok;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* Type-7 quantile of sorted x[0..n-1]. */
static double quantile7(const double *x, size_t n, double q)
{
    double h = (double)(n - 1) * q;
    size_t lo = (size_t)floor(h);
    if (lo + 1 >= n)
        return x[n - 1];
    return x[lo] + (h - (double)lo) * (x[lo + 1] - x[lo]);
}

ts_goal_stat ts_goal_measure(const ts_goal *g, const ts_outcome *o)
{
    ts_goal_stat s = {NAN, NAN, NAN, 0};
    if (g->kind == TS_GOAL_TIER) {
        size_t k = 0;
        for (size_t r = 0; r < o->reps; r++)
            k += ts_outcome_tier(o, r, g->index) > 0.0;
        ts_prob p = ts_stats_wilson(k, o->reps);
        s.est = p.p;
        s.low = p.low;
        s.high = p.high;
        s.n = o->reps;
        return s;
    }
    double *x = ts_xcalloc(o->reps + 1, sizeof *x);
    size_t n = 0;
    for (size_t r = 0; r < o->reps; r++) {
        double v = o->metrics[r * o->n_metrics + g->index];
        if (!isnan(v))
            x[n++] = v;
    }
    s.n = n;
    if (g->kind == TS_GOAL_MEAN) {
        ts_stat st = ts_stats_describe(x, n, 1, NULL);
        s.est = st.mean;
        if (n >= 2) {
            s.low = st.mean - TS_Z95 * st.se;
            s.high = st.mean + TS_Z95 * st.se;
        }
    } else if (n > 0) {
        qsort(x, n, sizeof *x, cmp_double);
        s.est = quantile7(x, n, g->q);
        /* distribution-free interval from order statistics (docs/decisions.md) */
        double c = (double)n * g->q, w = TS_Z95 * sqrt((double)n * g->q * (1.0 - g->q));
        double j = floor(c - w), k = ceil(c + w);
        if (n >= 2) {
            s.low = x[j < 1.0 ? 0 : (size_t)j - 1];
            s.high = x[k > (double)n ? n - 1 : (size_t)k - 1];
        }
    }
    free(x);
    return s;
}

bool ts_goal_holds(const ts_goal *g, double est)
{
    switch (g->op) {
    case TS_OP_LT:
        return est < g->target;
    case TS_OP_LE:
        return est <= g->target;
    case TS_OP_GT:
        return est > g->target;
    case TS_OP_GE:
        return est >= g->target;
    }
    return false;
}

bool ts_goal_decided(const ts_goal *g, const ts_goal_stat *s)
{
    if (isnan(s->low) || isnan(s->high))
        return false;
    return g->target <= s->low || g->target >= s->high;
}

/* ----------------------------------------------------------- search */

typedef struct {
    ts_decide *d;
    ts_solve *s;
    ts_error *err;
    size_t cap;
} search;

static double pos(const ts_solve *s, double v)
{
    return s->maximize ? -v : v;
}

static ts_status evaluate(search *S, size_t i, size_t reps)
{
    ts_solve_point *p = &S->s->points[i];
    ts_point pt = {S->s->lever, p->value};
    ts_outcome o;
    ts_status st = ts_decide_run(S->d, &pt, 1, reps, &o, S->err);
    if (st != TS_OK)
        return st;
    p->reps = reps;
    p->stat = ts_goal_measure(&S->s->goal, &o);
    p->holds = ts_goal_holds(&S->s->goal, p->stat.est);
    p->decided = ts_goal_decided(&S->s->goal, &p->stat);
    ts_outcome_release(&o);
    return TS_OK;
}

/* The tried value v (added and run at the first count when new): its index in *i. */
static ts_status try_value(search *S, double v, size_t *i)
{
    ts_solve *s = S->s;
    for (size_t k = 0; k < s->n_points; k++)
        if (s->points[k].value == v) {
            *i = k;
            return TS_OK;
        }
    if (s->n_points == S->cap) {
        S->cap = S->cap ? 2 * S->cap : 32;
        s->points = ts_xrealloc(s->points, S->cap * sizeof *s->points);
    }
    *i = s->n_points++;
    memset(&s->points[*i], 0, sizeof s->points[*i]);
    s->points[*i].value = v;
    return evaluate(S, *i, s->reps);
}

/* More replications at point i (doubling) until its side is decided or the cap is reached. */
static ts_status refine(search *S, size_t i)
{
    ts_status st = TS_OK;
    while (st == TS_OK && !S->s->points[i].decided && S->s->points[i].reps < S->s->reps_cap) {
        size_t next = 2 * S->s->points[i].reps;
        st = evaluate(S, i, next < S->s->reps_cap ? next : S->s->reps_cap);
    }
    return st;
}

/* The first scan: grid values from lo to hi (integers rounded, repeats dropped), in one run. */
static ts_status scan(search *S, size_t **order, size_t *n)
{
    ts_solve *s = S->s;
    size_t k = s->grid < 2 ? 2 : s->grid;
    ts_point *pts = ts_xcalloc(k, sizeof *pts);
    *order = ts_xcalloc(k, sizeof **order);
    *n = 0;
    for (size_t j = 0; j < k; j++) {
        double v = s->lo + (s->hi - s->lo) * (double)j / (double)(k - 1);
        if (s->lever->integer)
            v = floor(v + 0.5);
        if (j == k - 1)
            v = s->hi;
        if (*n > 0 && pts[*n - 1].value == v)
            continue;
        pts[*n].lever = s->lever;
        pts[*n].value = v;
        (*n)++;
    }
    ts_outcome *out = ts_xcalloc(*n, sizeof *out);
    ts_status st = ts_decide_run(S->d, pts, *n, s->reps, out, S->err);
    for (size_t j = 0; j < *n && st == TS_OK; j++) {
        if (s->n_points == S->cap) {
            S->cap = S->cap ? 2 * S->cap : 32;
            s->points = ts_xrealloc(s->points, S->cap * sizeof *s->points);
        }
        ts_solve_point *p = &s->points[s->n_points];
        p->value = pts[j].value;
        p->reps = s->reps;
        p->stat = ts_goal_measure(&s->goal, &out[j]);
        p->holds = ts_goal_holds(&s->goal, p->stat.est);
        p->decided = ts_goal_decided(&s->goal, &p->stat);
        ts_outcome_release(&out[j]);
        /* in search order: from the end the search starts at */
        (*order)[s->maximize ? *n - 1 - j : j] = s->n_points++;
    }
    free(out);
    free(pts);
    return st;
}

/* The first crossing of the scan, refined: sets *a (fails) and *b (holds) or the status. */
static ts_status crossing(search *S, const size_t *order, size_t n, size_t *a, size_t *b, bool *done)
{
    ts_solve *s = S->s;
    *done = false;
    for (;;) {
        size_t i = n;
        for (size_t j = 0; j < n && i == n; j++)
            if (s->points[order[j]].holds)
                i = j;
        if (i == n) {
            size_t last = order[n - 1];
            bool was = s->points[last].decided || s->points[last].reps >= s->reps_cap;
            ts_status st = refine(S, last);
            if (st != TS_OK)
                return st;
            if (was || !s->points[last].holds) {
                s->status = TS_SOLVE_NOT_REACHED;
                *done = true;
                return TS_OK;
            }
            continue;
        }
        ts_status st = refine(S, order[i]);
        if (st != TS_OK)
            return st;
        if (!s->points[order[i]].holds)
            continue;
        if (i == 0) {
            s->status = TS_SOLVE_AT_BOUND;
            s->answer = s->points[order[0]].value;
            s->noisy = !s->points[order[0]].decided;
            *done = true;
            return TS_OK;
        }
        st = refine(S, order[i - 1]);
        if (st != TS_OK)
            return st;
        if (s->points[order[i - 1]].holds)
            continue;
        *a = order[i - 1];
        *b = order[i];
        return TS_OK;
    }
}

static int by_value(const void *pa, const void *pb)
{
    const ts_solve_point *a = pa, *b = pb;
    return a->value < b->value ? -1 : a->value > b->value;
}

/* Not monotone: a decided hold before a decided fail in the search direction. */
static void check_monotone(ts_solve *s)
{
    s->monotone = true;
    for (size_t i = 0; i < s->n_points && s->monotone; i++)
        for (size_t j = 0; j < s->n_points && s->monotone; j++) {
            const ts_solve_point *h = &s->points[i], *f = &s->points[j];
            if (h->decided && h->holds && f->decided && !f->holds && pos(s, h->value) < pos(s, f->value)) {
                s->monotone = false;
                s->witness_hold = h->value;
                s->witness_fail = f->value;
            }
        }
}

ts_status ts_solve_run(ts_decide *d, ts_solve *s, ts_error *err)
{
    search S = {d, s, err, 0};
    s->answer = NAN;
    s->noise_lo = s->noise_hi = NAN;
    s->witness_hold = s->witness_fail = NAN;
    s->status = TS_SOLVE_FOUND;
    size_t *order = NULL, n = 0, a = 0, b = 0;
    bool done = false;
    ts_status st = scan(&S, &order, &n);
    if (st == TS_OK)
        st = crossing(&S, order, n, &a, &b, &done);
    free(order);
    if (st == TS_OK && !done) {
        double va = s->points[a].value, vb = s->points[b].value;
        s->noisy = !s->points[a].decided || !s->points[b].decided;
        while (st == TS_OK && !s->noisy
               && (s->lever->integer ? fabs(vb - va) > 1.0 : fabs(vb - va) > s->tolerance)) {
            double m = s->lever->integer ? floor(0.5 * (va + vb)) : 0.5 * (va + vb);
            if (m == va || m == vb)
                break;
            size_t i;
            st = try_value(&S, m, &i);
            if (st == TS_OK)
                st = refine(&S, i);
            if (st != TS_OK)
                break;
            if (!s->points[i].decided)
                s->noisy = true;
            else if (s->points[i].holds)
                vb = m;
            else
                va = m;
        }
        s->answer = vb;
        if (s->noisy) {
            s->noise_lo = va < vb ? va : vb;
            s->noise_hi = va < vb ? vb : va;
        }
    }
    if (st == TS_OK) {
        qsort(s->points, s->n_points, sizeof *s->points, by_value);
        check_monotone(s);
    }
    return st;
}

void ts_solve_free(ts_solve *s)
{
    free(s->points);
    s->points = NULL;
    s->n_points = 0;
}
