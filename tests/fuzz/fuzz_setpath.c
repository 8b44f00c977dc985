/*
** fuzz_setpath.c — libFuzzer harness over `set` paths and values: the input
** is one --sweep specification "PATH=V1,V2,..." applied to a valid scenario.
*/
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "study.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char BASE[] =
    "{\"name\": \"fuzz\", \"start\": \"2027-01-01\", \"days\": 40, \"replications\": 2,"
    " \"volume\": {\"daily_orders\": 10, \"events\": [{\"name\": \"p\", \"start\": \"2027-01-05\","
    " \"days\": 2, \"multiplier\": 2}]},"
    " \"gifts\": {\"tiers\": [{\"min_order\": 0, \"cost\": 0.1, \"weight_g\": 1, \"satisfaction\": 0.1},"
    " {\"min_order\": 20, \"cost\": 0.5, \"weight_g\": 10, \"satisfaction\": 0.2}]}}";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *spec = malloc(size + 1);
    if (spec == NULL)
        return 0;
    memcpy(spec, data, size);
    spec[size] = '\0';
    ts_sweep sweep = {spec};
    ts_error err = {0};
    ts_study *st = ts_study_load_buffer("fuzz.json", BASE, sizeof BASE - 1, &sweep, 1, &err);
    if (st == NULL && err.count == 0)
        abort();
    ts_study_free(st);
    ts_error_clear(&err);
    free(spec);
    return 0;
}
