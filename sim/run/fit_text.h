/*
** fit_text.h — the notes and warnings of `tiersim fit` as a message and its
** arguments, so that fit.c stays language-neutral: the glossary
** (sim/report/present.c, ts_present_fit_text) says them in English or
** Chinese when they are printed; fit.json has them in English
** (docs/data-format.md "What fit writes").
*/
#ifndef TS_FIT_TEXT_H
#define TS_FIT_TEXT_H

/* A note on a parameter, or a warning; each has one glossary entry. */
typedef enum {
    TS_FIT_MSG_NONE,
    /* notes */
    TS_FIT_MSG_TOO_FEW,          /* n, what, the minimum */
    TS_FIT_MSG_K_OF_N,           /* k, n, what */
    TS_FIT_MSG_COUNTED,          /* what */
    TS_FIT_MSG_PAY_DAYS,
    TS_FIT_MSG_WEEKDAYS_FEW,     /* days */
    TS_FIT_MSG_WEEKDAY,
    TS_FIT_MSG_GROWTH_FEW,       /* days */
    TS_FIT_MSG_GROWTH_WILD,
    TS_FIT_MSG_POISSON,
    TS_FIT_MSG_NONE_SEEN,        /* what */
    TS_FIT_MSG_MODE_OF,          /* n, what */
    TS_FIT_MSG_NO_DISPATCHED_AT,
    TS_FIT_MSG_NO_WAIT,          /* the most dispatched on a day */
    TS_FIT_MSG_CAPACITY,         /* agreeing days, busy days */
    TS_FIT_MSG_CAPACITY_VARIES,  /* busy days */
    TS_FIT_MSG_NO_CLOSING,
    TS_FIT_MSG_HANDLING_CAPACITY,
    TS_FIT_MSG_TRANSIT,
    TS_FIT_MSG_ONLY_LANE,
    TS_FIT_MSG_NO_DISPATCH,
    TS_FIT_MSG_CONFIRM,
    TS_FIT_MSG_NO_CONFIRM,
    TS_FIT_MSG_NOT_IDENTIFIED,
    TS_FIT_MSG_FEEDBACK_PROB,
    TS_FIT_MSG_FEEDBACK_DELAY,
    TS_FIT_MSG_NO_REVISION,      /* low overall feedbacks */
    TS_FIT_MSG_REVISION,         /* revised, low overall feedbacks */
    TS_FIT_MSG_COMM_BASE,
    TS_FIT_MSG_NO_DISPUTE_COLUMNS,
    TS_FIT_MSG_FLAGS,            /* what, disputes */
    TS_FIT_MSG_NOT_IN_EXPORT,
    /* warnings */
    TS_FIT_MSG_W_FEW_ORDERS,     /* file, orders */
    TS_FIT_MSG_W_TOO_FEW,        /* path, n, what, the default */
    TS_FIT_MSG_W_NONE,           /* path, what, the default */
    TS_FIT_MSG_W_SINGULAR,       /* path */
    TS_FIT_MSG_W_ZERO_VALUE,     /* orders */
    TS_FIT_MSG_W_OLD_ORDERS,     /* orders, the first day fitted, the days */
    TS_FIT_MSG_W_CAPACITY,       /* busy days, agreeing, capacity, most */
    TS_FIT_MSG_W_UNEXPLAINED,    /* orders */
    TS_FIT_MSG_W_NO_CARRIER,
    TS_FIT_MSG_W_FEEDBACK_OUTSIDE, /* feedbacks, the window */
    TS_FIT_MSG_W_GIFTS,          /* reviews */
    TS_FIT_MSG_W_FLAT,           /* path, estimate */
    TS_FIT_MSG_W_GROWTH_WILD,    /* path */
    TS_FIT_MSG_COUNT
} ts_fit_msg;

/* What a note or warning counts. */
typedef enum {
    TS_FIT_WHAT_NONE,
    TS_FIT_WHAT_POSITIVE_VALUES,
    TS_FIT_WHAT_HANDLING_DELAYS,
    TS_FIT_WHAT_PROMISES,
    TS_FIT_WHAT_CLOSINGS,
    TS_FIT_WHAT_STOCKOUT_ORDERS,
    TS_FIT_WHAT_LOSS_ORDERS,
    TS_FIT_WHAT_DELIVERIES,
    TS_FIT_WHAT_DISPATCHED,
    TS_FIT_WHAT_OPEN_DELAYS,
    TS_FIT_WHAT_ESCALATION_DELAYS,
    TS_FIT_WHAT_RULING_DELAYS,
    TS_FIT_WHAT_CLOSE_DELAYS,
    TS_FIT_WHAT_OLD_DISPUTES,
    TS_FIT_WHAT_ESCALABLE,
    TS_FIT_WHAT_RULINGS,
    TS_FIT_WHAT_FEEDBACKS,
    TS_FIT_WHAT_HIGH_SCORES,
    TS_FIT_WHAT_LOW_SCORES,
    TS_FIT_WHAT_REVISION_DELAYS,
    TS_FIT_WHAT_LOW_FEEDBACKS,
    TS_FIT_WHAT_DEFECT_ORDERS,
    TS_FIT_WHAT_SLOW_ORDERS,
    TS_FIT_WHAT_DISPUTE_ORDERS,
    TS_FIT_WHAT_OVERALL_SCORES,
    TS_FIT_WHAT_DESCRIPTION_SCORES,
    TS_FIT_WHAT_COMMUNICATION_SCORES,
    TS_FIT_WHAT_SHIPPING_SCORES,
    TS_FIT_WHAT_COUNT
} ts_fit_what;

#define TS_FIT_TEXT_ARGS 4

/*
** A message and its arguments {1}..{4}: each is arg[k] (a number or a path,
** written alike in every language), or, where what[k] is not NONE, a counted
** thing said in the reader's language.
*/
typedef struct {
    ts_fit_msg msg;
    char *arg[TS_FIT_TEXT_ARGS];
    ts_fit_what what[TS_FIT_TEXT_ARGS];
} ts_fit_text;

#endif
