#!/usr/bin/env bash
# valgrind.sh — runs a small scenario on 2 threads under valgrind's memcheck
# (leaks, invalid reads and writes, uninitialised values); exit 1 on any error.
# Usage: scripts/valgrind.sh [BUILD_DIR] [SCENARIO]  (defaults: build-valgrind, tests/data/e2e/small.json)
# Not part of ./build.sh test: about 1 min on 2 cores. Needs an unsanitised build.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${1:-build-valgrind}
scenario=${2:-tests/data/e2e/small.json}
command -v valgrind >/dev/null || { echo "valgrind.sh: valgrind is needed (apt-get install valgrind)" >&2; exit 1; }
if [ ! -x "$dir/tiersim" ] || [ "$dir" = build-valgrind ]; then
    cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DTS_TESTS=OFF >/dev/null
    cmake --build "$dir" --target tiersim -j 2 -- --no-print-directory >/dev/null
fi
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
status=0
for cmd in "run $scenario --threads 2 -o $out/r --force --no-plots --quiet" \
           "run $scenario --threads 2 -o $out/p --force --quiet" \
           "validate $scenario tests/data/invalid/many-problems.json" \
           "rules aliexpress-2015"; do
    echo "== valgrind tiersim $cmd"
    # shellcheck disable=SC2086
    valgrind -q --leak-check=full --show-leak-kinds=definite,indirect,possible \
        --errors-for-leak-kinds=definite,indirect,possible --error-exitcode=101 \
        "$dir/tiersim" $cmd >/dev/null 2>"$out/log" || rc=$?
    rc=${rc:-0}
    if [ "$rc" -eq 101 ] || grep -q "^==[0-9]*==" "$out/log"; then
        cat "$out/log" >&2
        status=1
    fi
    unset rc
done
[ $status -eq 0 ] && echo "valgrind: no errors, no leaks"
exit $status
