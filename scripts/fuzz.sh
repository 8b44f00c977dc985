#!/usr/bin/env bash
# fuzz.sh — builds the libFuzzer harnesses (tests/fuzz) with clang and runs each
# for a bounded time from a seed corpus of the repository's scenarios and test data.
# Usage: scripts/fuzz.sh [SECONDS_PER_HARNESS] (default 30). FUZZ_DIR=build-fuzz.
# A finding is left in $FUZZ_DIR/artifacts/; turn it into a tests/data/invalid/ case.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-30}
dir=${FUZZ_DIR:-build-fuzz}
# Exit 77 ("cannot fuzz here", a failure of ./build.sh test unless TS_SKIP_FUZZ=1)
# without clang or its libFuzzer runtime (scripts/install-deps.sh --test installs
# both); 1 when a harness finds a crash, leak or timeout.
command -v clang >/dev/null || { echo "fuzz.sh: clang is needed (apt-get install clang)" >&2; exit 77; }
mkdir -p "$dir"
printf 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n);\nint LLVMFuzzerTestOneInput(const char *d, unsigned long n) { (void)d; (void)n; return 0; }\n' \
    > "$dir/probe.c"
if ! clang -fsanitize=fuzzer,address,undefined "$dir/probe.c" -o "$dir/probe" >/dev/null 2>&1; then
    echo "fuzz.sh: clang cannot build libFuzzer programs here (is libFuzzer installed? on Debian:" \
         "libclang-rt-N-dev for clang N, e.g. libclang-rt-14-dev on bookworm)" >&2
    exit 77
fi
# The whole loader is instrumented for coverage (fuzzer-no-link), not only the
# harness; undefined behaviour aborts so that libFuzzer records it as a crash.
san="-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer"
cmake -S . -B "$dir" -DCMAKE_C_COMPILER=clang -DTS_FUZZ=ON -DTS_TESTS=OFF \
      -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_C_FLAGS="-fsanitize=fuzzer-no-link $san" >/dev/null
if ! cmake --build "$dir" --target fuzz_scenario fuzz_setpath fuzz_orders fuzz_fit -j "$(nproc)" -- --no-print-directory \
        >"$dir/build.log" 2>&1; then
    cat "$dir/build.log" >&2
    exit 1
fi

# persistent corpora (grow across runs), seeded from the repository every time
mkdir -p "$dir/corpus/scenario" "$dir/corpus/setpath" "$dir/corpus/orders" "$dir/corpus/fit" "$dir/artifacts"
for f in $(find tests/data/orders tests/data/fit scenarios/examples -name '*.csv' 2>/dev/null); do
    cp "$f" "$dir/corpus/orders/seed-$(echo "$f" | tr '/' '_')"
    cp "$f" "$dir/corpus/fit/seed-$(echo "$f" | tr '/' '_')"
done
for f in $(find scenarios tests/data models/rules -name '*.json'); do
    cp "$f" "$dir/corpus/scenario/seed-$(echo "$f" | tr '/' '_')"
done
printf '%s' 'gifts.tiers[1].min_order=10,20,30' > "$dir/corpus/setpath/seed-a"
printf '%s' 'service.feedback_reply=immediate,auto' > "$dir/corpus/setpath/seed-b"
printf '%s' 'fulfilment.carriers=[{"share":1,"transit_mean":9,"transit_sd":2,"lost_prob":0}]' > "$dir/corpus/setpath/seed-c"
printf '%s' 'volume.events[0].days=1,2,"x",null,[1],{"a":1}' > "$dir/corpus/setpath/seed-d"
printf '%s' 'buyers.low_dsr.description.quality=0.5,1e308,-0' > "$dir/corpus/setpath/seed-e"

# dictionary: JSON tokens and every key the loader knows
dict="$dir/scenario.dict"
{
    for t in '{' '}' '[' ']' ':' ',' '"' 'true' 'false' 'null' '1e308' '-1' '0.5' '\\u0000' \
             '""' '2027-01-01 23:59' '2027/01/01 00:00:00' 'yes' 'seller' 'buyer' \
             '2027-02-29' '2028-02-29' 'aliexpress-2015' 'immediate' 'auto' 'base' 'month_end' \
             'beta' 'gamma' 'normal' 'lognormal' 'uniform' 'triangular' 'pert' \
             '$' '$top_score' 'aliexpress-service-score' 'pinduoduo-experience-stars' 'taobao-experience-score'; do
        printf '"%s"\n' "$(printf '%s' "$t" | sed 's/\\/\\\\/g; s/"/\\"/g')"
    done
    # every segment of every key path: the scenario's table and the rulebook's list, and every
    # word of the rulebook format (event and metric kinds, reasons, moments, ...: models/rulebook_data.c)
    grep -hv '^#include' models/scenario_keys.c sim/load/rulebook.c models/history.c models/rulebook_data.c |
        grep -o '"[a-z_][a-z_0-9.{}]*[][]*[a-z_0-9.{}]*"' | tr -d '"[]{}' | tr '.' '\n' | grep -v '^$' | sort -u | sed 's/.*/"\\"&\\""/'
} > "$dict"

status=0
for h in fuzz_scenario fuzz_setpath fuzz_orders fuzz_fit; do
    echo "== $h: ${seconds} s =="
    if ! (cd "$dir" && ASAN_OPTIONS=detect_leaks=1 ./"$h" -max_total_time="$seconds" \
            -max_len=65536 -timeout=10 -rss_limit_mb=2048 -dict=scenario.dict \
            -artifact_prefix=artifacts/ -print_final_stats=1 "corpus/${h#fuzz_}" >"$h.log" 2>&1); then
        status=1
        grep -E "ERROR|SUMMARY|Test unit written|crash-|timeout-|leak-|oom-" "$dir/$h.log" | head -20 >&2
    fi
    grep -E "^stat::(number_of_executed_units|average_exec_per_sec|peak_rss_mb)" "$dir/$h.log" || true
done
exit $status
