/*
** fit.h — `tiersim fit`: a scenario's parameters estimated from an order
** export by maximum likelihood or conjugate Bayes (docs/data-format.md
** "Fitting (tiersim fit)"), each with a 95% interval and its sample size.
*/
#ifndef TS_FIT_H
#define TS_FIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "tiersim.h"
#include "fit_text.h"
#include "history.h"
#include "scenario.h"

/* Below this many observations a parameter keeps its default (docs/data-format.md "Fitting (tiersim fit)"). */
#define TS_FIT_MIN_N 20
/* A probability whose events or non-events number fewer than this also gets an uncertain entry. */
#define TS_FIT_FEW 30
/* Volume is fitted over the export's last this many pay days at most. */
#define TS_FIT_VOLUME_DAYS 365

/* How an estimate was made. */
typedef enum {
    TS_FIT_DEFAULT,  /* not fitted: the default, with the reason */
    TS_FIT_ML,       /* maximum likelihood, observed-information interval */
    TS_FIT_BETA,     /* Jeffreys Beta(k + 1/2, n - k + 1/2) posterior, equal-tailed interval */
    TS_FIT_EXACT,    /* closed-form estimate, exact t / chi-square interval */
    TS_FIT_MODE      /* a fixed delay of the model: the most frequent observed value */
} ts_fit_method;

/* One parameter as fitted (or left at its default). */
typedef struct {
    char *path;         /* scenario path: "fulfilment.carriers[0].transit_mean" */
    double estimate;    /* or the default */
    double lo, hi;      /* the 95% interval; NAN without one */
    size_t n;           /* observations used */
    ts_fit_method method;
    ts_fit_text note;   /* why it is a default, or what the n counts */
    bool uncertain;     /* the scenario gets an uncertain entry (docs/model.md §15) */
    ts_dist_kind dist;  /* its distribution */
    double dist_p[2];
} ts_fit_param;

/*
** A diagnostic of the fit (docs/data-format.md "Diagnostic charts"): for cell
** k (a day, a delay in days, a star), the count observed in the export and
** the count the fitted law expects under the export's own censoring; lo, hi
** a 90% range of the count where one is drawn (else NULL).
*/
typedef struct {
    size_t n;
    double *observed, *expected, *lo, *hi;
} ts_fit_hist;

/* A lane: the dispatched orders of one carrier with one promise (docs/model.md §16). */
typedef struct {
    int carrier;         /* index into ts_orders.carriers; -1: orders without a carrier name */
    int promise;         /* promised days; -1: the carrier's orders whatever their promise */
    size_t n;            /* dispatched orders */
    double share;
    double mean, sd, lost; /* fitted transit gamma and loss */
    ts_fit_hist transit;   /* days from dispatch to delivery (the lanes written only) */
} ts_fit_lane;

/* What the fit found: parameters, lanes, counts, warnings. */
typedef struct {
    ts_fit_param *params;
    size_t n_params;
    ts_fit_lane *lanes;     /* the lanes written to the scenario */
    size_t n_lanes;
    bool by_promise;        /* lanes by carrier and promise (else one per carrier) */
    double late_observed;   /* share of shipped, not-lost orders past their promise, among */
    size_t late_n;          /*   those whose promise had run out by the last day */
    double late_one_lane;   /* implied by one lane per carrier at the fulfilment's promise */
    double late_lanes;      /* implied by lanes by carrier and promise */
    int32_t handling_days;  /* estimate used for lateness */
    int32_t promised_days;  /* the fulfilment's promise: the most frequent */
    ts_civil first_day, last_day; /* pay days covered; last_day: the export's last date */
    size_t rows, orders_used;
    double fitted_daily[7]; /* fitted mean by weekday, for the diagnostics */
    ts_civil daily_first;   /* the first pay day the volume was fitted over */
    ts_fit_hist daily;      /* orders by pay day, cell 0 = daily_first; lo, hi: 5% and 95% points */
    ts_fit_hist feedback;   /* days from an order's end day to its feedback, cells 1..W */
    ts_fit_hist stars;      /* scores of 1..5 stars (overall and DSR pooled), cells 1..5 */
    double feedback_prob, feedback_mean; /* as fitted (or the defaults) */
    int32_t feedback_window;
    ts_fit_text *warnings;
    size_t n_warnings;
} ts_fit;

/*
** Fit h (docs/data-format.md "Fitting (tiersim fit)"). start is the day the
** fitted scenario starts (the day after the export's last date when
** TS_NO_DATE): growth is measured from it. Returns TS_OK, or TS_EINVAL with
** a message in err when the export has no orders to fit.
*/
ts_status ts_fit_orders(const ts_orders *h, ts_civil start, ts_fit *out, ts_error *err);

/* The parameter at path, or NULL. */
const ts_fit_param *ts_fit_find(const ts_fit *f, const char *path);

/* Free what f owns. */
void ts_fit_release(ts_fit *f);

/* The method's name in fit.json ("ml", "beta", "exact", "mode", "default"). */
const char *ts_fit_method_name(ts_fit_method m);

/*
** The scenario JSON text of the fit: name, start, days, rules, the estimates,
** lanes and uncertain entries (docs/data-format.md "What fit writes"). With
** history_file (NULL: none) the scenario's `history` is that export, with
** history_columns (NULL: none) as its column map: a shipped map's name or a
** map file, both as the scenario's folder sees them.
*/
char *ts_fit_scenario_json(const ts_fit *f, const ts_orders *h, const char *name, ts_civil start,
                           int32_t days, const char *rules, const char *history_file,
                           const char *history_columns);

/* A note or warning as text, in English or Chinese (zh): ts_present_fit_text. Free with free(). */
typedef char *(*ts_fit_say)(const ts_fit_text *t, bool zh);

/*
** fit.json: every parameter, the lanes, the late shares, the counts and the
** warnings; its notes and warnings in English, as say writes them.
*/
char *ts_fit_report_json(const ts_fit *f, const ts_orders *h, ts_fit_say say);

#endif
