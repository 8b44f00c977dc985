/*
** cli.c — the tiersim command line (CLI.md): run, validate, rules, init.
** The only place that prints errors and decides exit codes.
*/
#include "cli.h"

#include <stdio.h>
#include <string.h>

#include "commands.h"

/* ---------------------------------------------------------------- help */

static const char MAIN_HELP[] =
    "tiersim " TS_VERSION " — Monte Carlo what-if simulator for marketplace seller service tiers\n"
    "\n"
    "tiersim reads a JSON scenario (order volume and peaks, order values and gift tiers,\n"
    "fulfilment capacity and carriers, defect and dispute probabilities, feedback timing\n"
    "and revision outreach), simulates it thousands of times, and tells you the\n"
    "bad-experience order rate and the probability of each service tier on every\n"
    "evaluation day.\n"
    "\n"
    "Usage:\n"
    "  tiersim run SCENARIO.json [options]   simulate and write results (tiersim run --help)\n"
    "  tiersim validate SCENARIO.json...     check files; print every problem with its JSON path\n"
    "  tiersim rules [NAME] [--lang zh]      list the rulebooks, or show one as a table\n"
    "  tiersim init [TEMPLATE] [-o FILE]     write a starting scenario (tiersim init --help)\n"
    "  tiersim bench [SCENARIO.json]         measure the engine's speed (tiersim bench --help)\n"
    "  tiersim --help | --version\n"
    "\n"
    "Start here:\n"
    "  tiersim init peak -o my-shop.json     a seller through an 11.11 peak\n"
    "  tiersim validate my-shop.json\n"
    "  tiersim run my-shop.json              table on screen, files in results/<name>/\n"
    "\n"
    "Exit codes: 0 ok, 1 runtime or I/O failure, 2 usage or scenario error, 130 interrupted.\n";

/* ------------------------------------------------------------ helpers */

const char *const ts_cli_langs[] = {"en", "zh", NULL};

void ts_cli_print_errors(const ts_error *err)
{
    for (size_t i = 0; i < err->count; i++)
        fprintf(stderr, "%s\n", err->messages[i]);
}

/* --------------------------------------------------------------- main */

int ts_cli_main(int argc, char **argv)
{
    if (argc < 2) {
        fputs(MAIN_HELP, stderr);
        return TS_EXIT_USAGE;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
        fputs(MAIN_HELP, stdout);
        return TS_EXIT_OK;
    }
    if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "version") == 0) {
        printf("tiersim %s\n", TS_VERSION);
        return TS_EXIT_OK;
    }
    const ts_command *const moved[] = {&ts_cmd_run, &ts_cmd_validate, &ts_cmd_rules, &ts_cmd_init, &ts_cmd_bench};
    for (size_t i = 0; i < sizeof moved / sizeof *moved; i++)
        if (strcmp(cmd, moved[i]->name) == 0)
            return moved[i]->main(moved[i], argc - 2, argv + 2);
    fprintf(stderr, "tiersim: unknown command '%s'\nTry 'tiersim --help'.\n", cmd);
    return TS_EXIT_USAGE;
}
