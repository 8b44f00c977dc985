/*
** cli.h — the tiersim command line (docs/cli.md): run, validate, rules,
** init, bench.
*/
#ifndef TS_CLI_H
#define TS_CLI_H

/* Run the program; returns the exit code (0 ok, 1 runtime/I-O, 2 usage/scenario,
   130 interrupted). */
int ts_cli_main(int argc, char **argv);

#endif
