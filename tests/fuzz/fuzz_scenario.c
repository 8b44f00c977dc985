/*
** fuzz_scenario.c — libFuzzer harness: any bytes as a scenario file (with
** inline rulebooks and variants). Loading must never crash, leak or hang;
** it either succeeds or reports at least one message.
*/
#include <stdint.h>
#include <stdlib.h>

#include "study.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    ts_error err = {0};
    ts_study *st = ts_study_load_buffer("fuzz.json", (const char *)data, size, NULL, 0, &err);
    if (st == NULL && err.count == 0)
        abort(); /* a failure must say why */
    if (st != NULL && err.count != 0)
        abort(); /* success carries no messages */
    ts_study_free(st);
    ts_error_clear(&err);
    return 0;
}
