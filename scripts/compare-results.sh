#!/usr/bin/env bash
# compare-results.sh — checks that a change keeps results byte-identical: builds
# REF (default: origin/main, else HEAD~1) in a scratch worktree, runs every shipped
# scenario with both binaries at the same seed, and compares summary.json and
# every CSV. Usage: scripts/compare-results.sh [REF] [REPLICATIONS (default 200)]
# Exit 0 when every file is identical, 1 otherwise (the differing files listed).
set -euo pipefail
cd "$(dirname "$0")/.."
ref=${1:-}
reps=${2:-200}
if [ -z "$ref" ]; then
    if git rev-parse -q --verify origin/main >/dev/null; then ref=origin/main; else ref=HEAD~1; fi
fi
work=${COMPARE_DIR:-$(mktemp -d /tmp/tiersim-compare.XXXXXX)}
jobs=$(nproc 2>/dev/null || echo 2)
build() { # build SRC DIR
    cmake -S "$1" -B "$2" -DCMAKE_BUILD_TYPE=Release -DTS_TESTS=OFF >/dev/null
    cmake --build "$2" -j "$jobs" -- --no-print-directory >/dev/null
}
rev=$(git rev-parse "$ref")
if [ ! -x "$work/ref-build/tiersim" ] || [ "$(cat "$work/ref-rev" 2>/dev/null)" != "$rev" ]; then
    rm -rf "$work/ref-src" "$work/ref-build"
    git worktree add -f --detach "$work/ref-src" "$rev" >/dev/null 2>&1
    build "$work/ref-src" "$work/ref-build"
    echo "$rev" > "$work/ref-rev"
    git worktree remove --force "$work/ref-src" >/dev/null 2>&1 || true
fi
build . "$work/new-build"
status=0
count=0
for sc in scenarios/*.json scenarios/teaching/*.json scenarios/bench/*.json scenarios/templates/*.json; do
    case "$sc" in *.schema.json) continue ;; esac
    name=$(echo "$sc" | tr '/' '_')
    for side in ref new; do
        bin="$work/$side-build/tiersim"
        [ "$side" = ref ] && bin="$work/ref-build/tiersim"
        TIERSIM_RULES="$PWD/models/rules" "$bin" run "$sc" -o "$work/out-$side/$name" --force --no-plots \
            --quiet --replications "$reps" --threads "$jobs" >/dev/null 2>"$work/$side-$name.err" || {
            echo "$side binary failed on $sc:" >&2; cat "$work/$side-$name.err" >&2; status=1; }
    done
    for f in "$work/out-ref/$name"/*.json "$work/out-ref/$name"/*.csv; do
        b=$(basename "$f")
        [ "$b" = timing.json ] && continue
        count=$((count + 1))
        if ! cmp -s "$f" "$work/out-new/$name/$b"; then
            echo "DIFFERENT: $sc $b"
            status=1
        fi
    done
done
echo "compared $count result files of $(git rev-parse --short "$rev") and the working tree ($reps replications): $([ $status -eq 0 ] && echo identical || echo 'see above')"
exit $status
