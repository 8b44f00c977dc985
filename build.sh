#!/usr/bin/env bash
# build.sh — the two quick-start commands:
#   ./build.sh run [SCENARIO] [tiersim run options]   set up, build, run (default scenarios/default.json)
#   ./build.sh test                                    set up, build, run every test (also under ASan+UBSan),
#                                                      then fuzz (scripts/fuzz.sh)
# ./build.sh test fails when fuzzing cannot run (no clang with libFuzzer);
# TS_SKIP_FUZZ=1 skips fuzzing on purpose (and the clang packages with it).
# TS_FUZZ_SECONDS sets the fuzz time per harness (default 30).
set -euo pipefail
cd "$(dirname "$0")"

jobs=$(nproc 2>/dev/null || echo 2)
build() { # build DIR [cmake options]
    local dir=$1; shift
    cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >/dev/null
    cmake --build "$dir" -j "$jobs" -- --no-print-directory >/dev/null
}

cmd=${1:-run}
[ $# -gt 0 ] && shift
case "$cmd" in
run)
    bash scripts/install-deps.sh
    build build -DTS_TESTS=OFF
    scenario=scenarios/default.json
    if [ $# -gt 0 ] && [[ $1 != -* ]]; then scenario=$1; shift; fi
    exec ./build/tiersim run "$scenario" --force "$@"
    ;;
test)
    bash scripts/install-deps.sh --test
    echo "== build (warnings are errors) and tests =="
    build build-test -DTS_WERROR=ON
    (cd build-test && ctest --output-on-failure -j "$jobs")
    echo "== AddressSanitizer + UndefinedBehaviorSanitizer build and tests =="
    # optimised (-O2 -g): the statistical tests run thousands of replications; ASan and UBSan
    # check the same code paths at -O2, with frame pointers kept for the reports
    build build-asan -DTS_WERROR=ON -DTS_SANITIZE=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo
    (cd build-asan && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
        ctest --output-on-failure -j "$jobs")
    if [ "${TS_SKIP_FUZZ:-0}" = 1 ]; then
        echo "== fuzzing skipped: TS_SKIP_FUZZ=1 =="
        exit 0
    fi
    echo "== fuzzing: the scenario loader, --sweep paths, the order export reader and fit, ${TS_FUZZ_SECONDS:-30} s each (scripts/fuzz.sh) =="
    fuzz_rc=0
    bash scripts/fuzz.sh "${TS_FUZZ_SECONDS:-30}" || fuzz_rc=$?
    if [ "$fuzz_rc" -eq 77 ]; then
        echo "fuzzing cannot run here: clang with libFuzzer is needed (scripts/install-deps.sh --test" \
             "installs clang and libclang-rt-N-dev); TS_SKIP_FUZZ=1 ./build.sh test skips fuzzing" >&2
        exit 1
    elif [ "$fuzz_rc" -ne 0 ]; then
        echo "fuzzing found a problem: see build-fuzz/artifacts/ and build-fuzz/*.log" >&2
        exit 1
    fi
    ;;
*)
    echo "usage: ./build.sh run [SCENARIO] [options] | ./build.sh test" >&2
    exit 2
    ;;
esac
