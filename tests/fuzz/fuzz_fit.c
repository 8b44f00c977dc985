/*
** fuzz_fit.c — libFuzzer harness: any bytes as an order export, and when it
** reads, `tiersim fit` on it (docs/data-format.md "Fitting (tiersim fit)").
** Fitting must never crash, leak or hang, every estimate must be a number
** inside its interval's order (lo <= hi), and the scenario it writes must load.
*/
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>

#include "fit.h"
#include "orders.h"
#include "present.h"
#include "study.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* As sim/cli/main.c: GSL's abort-on-error handler off, the fit checks each
** GSL result itself (a singular information matrix leaves the interval open). */
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    gsl_set_error_handler_off();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    ts_error err = {0};
    ts_orders h;
    if (ts_orders_read_buffer("fuzz.csv", (const char *)data, size, NULL, &h, &err) != TS_OK) {
        ts_error_clear(&err);
        return 0;
    }
    ts_fit f;
    if (ts_fit_orders(&h, TS_NO_DATE, &f, &err) == TS_OK) {
        for (size_t i = 0; i < f.n_params; i++) {
            const ts_fit_param *p = &f.params[i];
            if (!isfinite(p->estimate) || (isfinite(p->lo) && !(p->lo <= p->hi)))
                abort(); /* an estimate is a number, an interval in order */
        }
        char *json = ts_fit_scenario_json(&f, &h, "fuzz", f.last_day + 1, 30, "aliexpress-2015", NULL, NULL);
        ts_error lerr = {0};
        ts_study *st = ts_study_load_buffer("fitted.json", json, strlen(json), NULL, 0, &lerr);
        if (st == NULL) {
            for (size_t i = 0; i < lerr.count; i++)
                fprintf(stderr, "%s\n", lerr.messages[i]);
            abort(); /* what fit writes is a scenario */
        }
        ts_study_free(st);
        ts_error_clear(&lerr);
        free(json);
        free(ts_fit_report_json(&f, &h, ts_present_fit_text));
        for (size_t i = 0; i < f.n_params + f.n_warnings; i++) /* every note and warning said in Chinese too */
            free(ts_present_fit_text(i < f.n_params ? &f.params[i].note : &f.warnings[i - f.n_params], true));
        ts_fit_release(&f);
    }
    ts_orders_release(&h);
    ts_error_clear(&err);
    return 0;
}
