#!/usr/bin/env bash
# mpi-scaling.sh — the speed-up of mpirun -np 2 over one process (docs/performance.md
# "Several processes (Open MPI)"): the same run of SCENARIO with one thread per process,
# three times each, wall seconds of the simulation (timing.json) and of the whole command,
# the bytes the ranks sent rank 0, and a check that summary.json is byte-identical.
# Usage: scripts/mpi-scaling.sh [TIERSIM] [SCENARIO] [REPLICATIONS]. Run it on an idle machine.
set -euo pipefail
tiersim=${1:-build/tiersim}
scenario=${2:-scenarios/default.json}
reps=${3:-400}
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
field() { sed -n "s/^  \"$1\": \\([0-9.]*\\).*/\\1/p" "$2/timing.json"; }
args=(run "$scenario" --replications "$reps" --threads 1 --no-plots --quiet --force)
printf '%-8s %12s %12s %14s\n' run sim_s total_s bytes_to_rank0
for k in 1 2 3; do
    for np in 1 2; do
        out=$tmp/np$np
        start=$(date +%s.%N)
        if [ $np = 1 ]; then "$tiersim" "${args[@]}" -o "$out"; else mpirun --oversubscribe -np $np "$tiersim" "${args[@]}" -o "$out"; fi
        end=$(date +%s.%N)
        printf '%-8s %12s %12.3f %14s\n' "np=$np" "$(field wall_seconds "$out")" "$(echo "$end - $start" | bc)" \
            "$(field bytes_gathered "$out")"
    done
    cmp -s "$tmp/np1/summary.json" "$tmp/np2/summary.json" || { echo "summary.json differs" >&2; exit 1; }
done
