/*
** cli.c — the tiersim command line (CLI.md).
*/
#include "cli.h"

#include <stdio.h>

int ts_cli_main(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fputs("tiersim: not built yet\n", stderr);
    return 1;
}
