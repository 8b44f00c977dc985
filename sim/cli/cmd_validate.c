/*
** cmd_validate.c — `tiersim validate`: loads each scenario file completely
** and prints every problem with its JSON path, or a one-line summary.
*/
#include <stdbool.h>
#include <stdio.h>

#include "commands.h"
#include "study.h"

/* Load one file; print its problems or its summary. True when it is valid. */
static bool validate_one(const char *file)
{
    ts_error err = {0};
    ts_study *st = ts_study_load(file, NULL, 0, &err);
    bool ok = st != NULL;
    if (!ok) {
        ts_cli_print_errors(&err);
        fprintf(stderr, "%s: %zu problem%s\n", file, err.count, err.count == 1 ? "" : "s");
    } else {
        const ts_scenario *sc = st->variants[0].scenario;
        printf("%s: ok — \"%s\", rules %s, %d days from ", file, sc->name, sc->rules_name, sc->days);
        char d[11];
        ts_date_format(sc->start, d);
        printf("%s, %zu evaluation day%s, %zu variant%s\n", d, sc->n_evaluations,
               sc->n_evaluations == 1 ? "" : "s", st->n_variants, st->n_variants == 1 ? "" : "s");
    }
    ts_error_clear(&err);
    ts_study_free(st);
    return ok;
}

static int validate_main(const ts_command *self, int argc, char **argv)
{
    ts_arglist files;
    int rc = ts_options_parse(self, argc, argv, NULL, &files);
    if (rc != TS_OPTIONS_CONTINUE)
        return rc;
    size_t bad = 0;
    for (size_t i = 0; i < files.count; i++)
        if (!validate_one(files.items[i]))
            bad++;
    ts_options_release(self, NULL, &files);
    return bad ? TS_EXIT_USAGE : TS_EXIT_OK;
}

const ts_command ts_cmd_validate = {
    .name = "validate",
    .usage = "SCENARIO.json...",
    .summary = "check files; print every problem with its JSON path",
    .description =
        "Checks each file completely (syntax, types, ranges, unknown keys, variants and\n"
        "the rulebook) and prints every problem with its JSON path or line:column.\n"
        "Exit code 2 when any file has a problem.\n",
    .operands = {"scenario file", 1, 0},
    .main = validate_main,
};
