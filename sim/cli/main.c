/*
** main.c — the tiersim program: hands the command line to the CLI.
*/
#include "cli.h"

int main(int argc, char **argv)
{
    return ts_cli_main(argc, argv);
}
