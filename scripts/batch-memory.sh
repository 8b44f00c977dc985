#!/usr/bin/env bash
# batch-memory.sh — the peak memory of `tiersim batch` (docs/performance.md "Memory of a
# batch", docs/cluster.md "Memory"): a batch of SHOPS shop rows made from
# scenarios/examples/shops.csv (its 200 simulated profiles repeated under distinct names), run
# at each of REPLICATIONS with one thread and no plots; prints the maximum resident set size
# (GNU time's -v, Debian package `time`) and the wall seconds.
# ORDERS, when given, sets every shop's volume.daily_orders (a short run: the stored results
# do not depend on the orders, only the simulation workspace and the time do).
# Usage: scripts/batch-memory.sh [TIERSIM] [SHOPS] [REPLICATIONS...]   (env ORDERS=N)
set -euo pipefail
tiersim=${1:-build/tiersim}
shops=${2:-1000}
shift $(($# < 2 ? $# : 2))
reps=("$@")
[ ${#reps[@]} -gt 0 ] || reps=(100 200 400)
src=$(cd "$(dirname "$0")/.." && pwd)
[ -x /usr/bin/time ] || { echo "needs GNU time: apt-get install time" >&2; exit 2; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
awk -F, -v n="$shops" -v orders="${ORDERS:-}" '
    NR == 1 { print; next }
    { row[++m] = $0 }
    END { for (i = 0; i < n; i++) {
              split(row[i % m + 1], c, ",");
              line = sprintf("copy%d-%s", int(i / m), c[1]);
              for (k = 2; k in c; k++) line = line "," (k == 2 && orders != "" ? orders : c[k]);
              print line } }' "$src/scenarios/examples/shops.csv" >"$tmp/shops.csv"
printf '%-6s %-6s %14s %10s\n' shops reps max_rss_kib wall_s
for r in "${reps[@]}"; do
    /usr/bin/time -v -o "$tmp/time.txt" "$tiersim" batch "$tmp/shops.csv" --base "$src/scenarios/examples/shops-base.json" \
        --replications "$r" --threads 1 --no-plots --quiet --force -o "$tmp/out" >/dev/null
    rss=$(sed -n 's/^[[:space:]]*Maximum resident set size (kbytes): //p' "$tmp/time.txt")
    wall=$(sed -n 's/^[[:space:]]*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$tmp/time.txt")
    printf '%-6s %-6s %14s %10s\n' "$shops" "$r" "$rss" "$wall"
done
