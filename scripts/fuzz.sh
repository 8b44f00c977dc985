#!/usr/bin/env bash
# fuzz.sh — builds the libFuzzer harnesses with clang and runs each for a
# bounded time (default 30 s each) from a seed corpus of the repository's
# scenarios and test data. Usage: scripts/fuzz.sh [SECONDS_PER_HARNESS]
# A crash leaves its input as build-fuzz/crash-*; add it to tests/data/invalid/.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-30}
command -v clang >/dev/null || { echo "fuzz.sh: clang is needed (apt-get install clang)" >&2; exit 1; }
cmake -S . -B build-fuzz -DCMAKE_C_COMPILER=clang -DTS_FUZZ=ON -DTS_TESTS=OFF \
      -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build-fuzz --target fuzz_scenario fuzz_setpath -j "$(nproc)" -- --no-print-directory >/dev/null
corpus=$(mktemp -d)
trap 'rm -rf "$corpus"' EXIT
mkdir -p "$corpus/scenario" "$corpus/setpath"
find scenarios tests/data -name '*.json' -exec cp {} "$corpus/scenario/" \;
printf '%s' 'gifts.tiers[1].min_order=10,20,30' > "$corpus/setpath/a"
printf '%s' 'service.feedback_reply=immediate,auto' > "$corpus/setpath/b"
printf '%s' 'fulfilment.carriers=[{"share":1,"transit_mean":9,"transit_sd":2,"lost_prob":0}]' > "$corpus/setpath/c"
cd build-fuzz
status=0
for h in fuzz_scenario fuzz_setpath; do
    echo "== $h: ${seconds} s =="
    if ! ./"$h" -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
            -print_final_stats=1 "$corpus/${h#fuzz_}" >"$h.log" 2>&1; then
        status=1
        grep -E "ERROR|SUMMARY|crash-|timeout-|leak-" "$h.log" | head -20 >&2
    fi
    grep -E "^stat::(number_of_executed_units|average_exec_per_sec|peak_rss_mb)" "$h.log" || true
done
exit $status
