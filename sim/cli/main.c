/*
** main.c — the tiersim program: hands the command line to the CLI.
*/
#include <gsl/gsl_errno.h>

#include "cli.h"

int main(int argc, char **argv)
{
    /* Library code never sets process-wide state: the program does, once. GSL's
       default handler aborts on an error; tiersim checks GSL's results instead. */
    gsl_set_error_handler_off();
    return ts_cli_main(argc, argv);
}
