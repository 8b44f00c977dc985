/*
** main.c — the tiersim program: starts MPI when launched by mpirun or srun,
** hands the command line to the CLI.
*/
#include <gsl/gsl_errno.h>

#include "cli.h"
#include "dist.h"

int main(int argc, char **argv)
{
    /* Library code never sets process-wide state: the program does, once. GSL's
       default handler aborts on an error; tiersim checks GSL's results instead. */
    gsl_set_error_handler_off();
    ts_dist_init(&argc, &argv); /* under mpirun or srun only (docs/cluster.md) */
    int rc = ts_cli_main(argc, argv);
    ts_dist_finalize();
    return rc;
}
