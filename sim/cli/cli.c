/*
** cli.c — the tiersim command line: the command table, the main help
** generated from it, the dispatch to a command's own file (cmd_NAME.c), and
** what the commands share (commands.h).
*/
#include "cli.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "commands.h"
#include "files.h"

/* The commands in the main help's order; each one's options and help live in its cmd_NAME.c. */
static const ts_command *const COMMANDS[] = {
    &ts_cmd_run, &ts_cmd_sensitivity, &ts_cmd_solve, &ts_cmd_batch, &ts_cmd_validate, &ts_cmd_fit,
    &ts_cmd_rules, &ts_cmd_init, &ts_cmd_bench,
};
enum { N_COMMANDS = sizeof COMMANDS / sizeof *COMMANDS };

const char *const ts_cli_langs[] = {"en", "zh", NULL};

void ts_cli_print_errors(const ts_error *err)
{
    for (size_t i = 0; i < err->count; i++)
        fprintf(stderr, "%s\n", err->messages[i]);
}

char *ts_cli_safe_component(const char *name)
{
    char *s = ts_xstrdup(name && *name ? name : "scenario");
    for (char *p = s; *p; p++) {
        unsigned char c = (unsigned char)*p;
        if (c < 0x80 && !((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.'
                          || c == '_' || c == '-'))
            *p = '-';
    }
    if (s[0] == '.')
        s[0] = '_';
    return s;
}

int ts_cli_output_dir(const char *dir, const char *const *files, size_t n_files, bool force)
{
    ts_error err = {0};
    if (ts_file_mkdirs(dir, &err) != TS_OK) {
        fprintf(stderr, "tiersim: cannot use '%s' as the output folder: %s\n", dir, err.messages[0]);
        ts_error_clear(&err);
        return TS_EXIT_RUNTIME;
    }
    for (size_t i = 0; i < n_files && !force; i++) {
        char *p = ts_xasprintf("%s/%s", dir, files[i]);
        bool exists = ts_file_exists(p);
        free(p);
        if (exists) {
            fprintf(stderr, "tiersim: '%s' already holds results; nothing was changed.\n"
                            "Use --force to overwrite them, or -o DIR to write elsewhere.\n", dir);
            return TS_EXIT_USAGE;
        }
    }
    if (access(dir, W_OK) != 0) {
        fprintf(stderr, "tiersim: cannot write to '%s': %s\n", dir, strerror(errno));
        return TS_EXIT_RUNTIME;
    }
    return TS_EXIT_OK;
}

static void main_help(FILE *out)
{
    fputs("tiersim " TS_VERSION " — Monte Carlo what-if simulator for marketplace seller service tiers\n"
          "\n"
          "tiersim reads a JSON scenario (order volume and peaks, order values and gift tiers,\n"
          "fulfilment capacity and carriers, defect and dispute probabilities, feedback timing\n"
          "and revision outreach), simulates it thousands of times, and tells you the\n"
          "bad-experience order rate and the probability of each service tier on every\n"
          "evaluation day.\n"
          "\n"
          "Usage:\n",
          out);
    for (size_t i = 0; i < N_COMMANDS; i++) {
        const ts_command *c = COMMANDS[i];
        char line[128];
        snprintf(line, sizeof line, "tiersim %s %s", c->name, c->synopsis ? c->synopsis : c->usage);
        fprintf(out, "  %-37s %s\n", line, c->summary);
    }
    fputs("  tiersim --help | --version\n"
          "\n"
          "Start here:\n"
          "  tiersim init peak -o my-shop.json     a seller through an 11.11 peak\n"
          "  tiersim validate my-shop.json\n"
          "  tiersim run my-shop.json              table on screen, files in results/<name>/\n"
          "\n"
          "Exit codes: 0 ok, 1 runtime or I/O failure, 2 usage or scenario error, 130 interrupted.\n",
          out);
}

/* "unknown command 'WORD'", with the nearest command when one is close. */
static int unknown_command(const char *word)
{
    const char *names[N_COMMANDS];
    for (size_t i = 0; i < N_COMMANDS; i++)
        names[i] = COMMANDS[i]->name;
    const char *near = ts_options_nearest(word, names, N_COMMANDS);
    fprintf(stderr, "tiersim: unknown command '%s'", word);
    if (near)
        fprintf(stderr, "; did you mean '%s'?", near);
    fputs("\nTry 'tiersim --help'.\n", stderr);
    return TS_EXIT_USAGE;
}

int ts_cli_main(int argc, char **argv)
{
    if (argc < 2) {
        main_help(stderr);
        return TS_EXIT_USAGE;
    }
    const char *word = argv[1];
    if (strcmp(word, "--help") == 0 || strcmp(word, "-h") == 0 || strcmp(word, "help") == 0) {
        main_help(stdout);
        return TS_EXIT_OK;
    }
    if (strcmp(word, "--version") == 0 || strcmp(word, "version") == 0) {
        printf("tiersim %s\n", TS_VERSION);
        return TS_EXIT_OK;
    }
    for (size_t i = 0; i < N_COMMANDS; i++)
        if (strcmp(word, COMMANDS[i]->name) == 0)
            return COMMANDS[i]->main(COMMANDS[i], argc - 2, argv + 2);
    return unknown_command(word);
}
