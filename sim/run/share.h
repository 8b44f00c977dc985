/*
** share.h — the split of a run's work between processes (docs/cluster.md
** "How the work is split"): units (a variant, or a shop's variant) that each
** run the same replications, cut into parts of nearly equal expected cost at
** replication boundaries. Pure arithmetic: every process computes every
** part's share from the same inputs and so agrees without talking.
*/
#ifndef TS_SHARE_H
#define TS_SHARE_H

#include <stddef.h>

/* Replications [lo, hi) of unit `unit`. */
typedef struct {
    size_t unit;
    size_t lo, hi;
} ts_piece;

/*
** Part `part` (0 <= part < parts) of the work "every unit u in 0..n_units-1
** runs replications [lo, hi), each costing cost[u] (> 0; NaN, infinite or
** non-positive costs count as 1)". The work is laid out unit by unit, rep by
** rep, and cut where the running cost crosses k/parts of the total, so each
** part's share is one contiguous stretch: at most one piece per unit, in
** unit order. Writes the part's pieces to out (room for n_units) and returns
** how many; a part may be empty. The parts together cover every (unit, rep)
** exactly once.
*/
size_t ts_share_pieces(const double *cost, size_t n_units, size_t lo, size_t hi, unsigned parts,
                       unsigned part, ts_piece *out);

#endif
