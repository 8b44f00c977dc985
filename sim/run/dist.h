/*
** dist.h — running as one of several processes under Open MPI
** (docs/cluster.md). Without MPI at build time, or when the program was not
** started by mpirun or srun, there is one process (rank 0 of 1) and every
** function here is a no-op or the identity: the program runs as it always
** did. Only the program's main thread calls these functions.
*/
#ifndef TS_DIST_H
#define TS_DIST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* True when this binary was built with MPI (it may still run alone). */
bool ts_dist_built(void);

/*
** Start MPI when the environment says a launcher started this process
** (OMPI_COMM_WORLD_SIZE, PMIX_RANK or PMI_SIZE is set); otherwise, or
** without MPI, nothing. On ranks other than 0, stdout goes to /dev/null:
** rank 0 alone prints results and tables.
*/
void ts_dist_init(int *argc, char ***argv);
/* Finish MPI when ts_dist_init started it. */
void ts_dist_finalize(void);

/* This process's rank (0 alone) and the number of processes (1 alone). */
unsigned ts_dist_rank(void);
unsigned ts_dist_size(void);

/*
** A checking step that every rank runs alike (loading a scenario, checking
** caps): between begin and end, stderr of every rank is captured. end(rc)
** collects every rank's exit code and text and prints each message once on
** rank 0's stderr: a message every rank gave alike as it is, one that only
** some ranks gave prefixed with "[rank N,M] ". Returns, on every rank, the
** exit code of the lowest failing rank (0 when none failed). Alone, begin
** and end do nothing and end returns rc.
*/
void ts_dist_section_begin(void);
int ts_dist_section_end(int rc);

/* Rank 0's v, on every rank. */
int ts_dist_bcast_int(int v);
/* True on every rank when any rank passes true. */
bool ts_dist_any(bool local);
/* The sum over ranks, on every rank. */
uint64_t ts_dist_sum_u64(uint64_t local);

/*
** Point-to-point copies of n values between this rank and peer: send when
** `send`, else receive into p. Any length (sent in pieces under INT_MAX).
** Every byte sent is added to ts_dist_bytes_sent.
*/
void ts_dist_doubles(double *p, size_t n, unsigned peer, bool send);
void ts_dist_int32s(int32_t *p, size_t n, unsigned peer, bool send);
/*
** Rank 0's n values into p on every rank (a broadcast; every rank calls it
** with the same n). Any length; the bytes rank 0 sends are not counted in
** ts_dist_bytes_sent.
*/
void ts_dist_bcast_doubles(double *p, size_t n);
void ts_dist_bcast_int32s(int32_t *p, size_t n);
/* Bytes this process has sent with ts_dist_doubles / ts_dist_int32s. */
uint64_t ts_dist_bytes_sent(void);

#endif
