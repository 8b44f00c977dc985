/*
** commands.h — what the commands share: exit codes, the --lang choices,
** the error printer, and the commands themselves (one cmd_NAME.c each).
*/
#ifndef TS_COMMANDS_H
#define TS_COMMANDS_H

#include "options.h"
#include "tiersim.h"

/* The exit codes of every command, as the main help lists them. */
enum { TS_EXIT_OK = 0, TS_EXIT_RUNTIME = 1, TS_EXIT_USAGE = 2, TS_EXIT_INTERRUPTED = 130 };

/* --lang's values as TS_OPT_ENUM choices ("en", "zh"); the stored index is a ts_cli_lang. */
typedef enum { TS_CLI_EN, TS_CLI_ZH } ts_cli_lang;
extern const char *const ts_cli_langs[];

/* Print every message of err on a line of its own on stderr. */
void ts_cli_print_errors(const ts_error *err);

/* A scenario name made safe as one path component (malloc'd): the default results/<name>. */
char *ts_cli_safe_component(const char *name);

/*
** Every command's output folder, before any work: made (mkdir -p), refused
** when it holds any of files[0..n_files) unless force, and writable. Prints
** the problem; TS_EXIT_OK, TS_EXIT_USAGE (results there) or TS_EXIT_RUNTIME.
*/
int ts_cli_output_dir(const char *dir, const char *const *files, size_t n_files, bool force);

/* The commands; cli.c lists them in its command table. */
extern const ts_command ts_cmd_run;
extern const ts_command ts_cmd_validate;
extern const ts_command ts_cmd_rules;
extern const ts_command ts_cmd_init;
extern const ts_command ts_cmd_bench;
extern const ts_command ts_cmd_sensitivity;
extern const ts_command ts_cmd_solve;
extern const ts_command ts_cmd_batch;
extern const ts_command ts_cmd_fit;

#endif
