#!/usr/bin/env bash
# install-deps.sh — installs the Debian packages tiersim needs, only the
# missing ones; explains what to install when it cannot (not root, not Debian).
set -euo pipefail

# Usage: install-deps.sh [--test]. --test adds what only the test suite needs:
# chromium (the report check), and clang with its libFuzzer runtime for the
# fuzz run of ./build.sh test (not with TS_SKIP_FUZZ=1, which skips fuzzing).
# help2man makes the man page; build-essential brings dpkg-dev, whose
# dpkg-shlibdeps gives the .deb its Depends.
PACKAGES=(build-essential cmake pkg-config libgsl-dev libcjson-dev libcmocka-dev
          librandom123-dev libcsv-dev gnuplot-nox fonts-noto-cjk fontconfig help2man
          openmpi-bin libopenmpi-dev)
test=false
if [ "${1:-}" = "--test" ]; then
    test=true
    PACKAGES+=(chromium) # the headless-browser check of report.html
    [ "${TS_SKIP_FUZZ:-0}" = 1 ] || PACKAGES+=(clang) # scripts/fuzz.sh
fi

say() { printf 'tiersim setup: %s\n' "$*" >&2; }

if ! command -v dpkg-query >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
    say "this is not a Debian-like system (no dpkg/apt-get)."
    say "install by hand: a C11 compiler, CMake >= 3.25, pkg-config, GSL, cJSON (with its CMake package), libcsv,"
    say "cmocka, Random123 headers, gnuplot (optional, for plots) and help2man (optional, the man page);"
    say "for the tests also clang with libFuzzer; then run this again."
    exit 1
fi

can_install=true
if [ "$(id -u)" -eq 0 ]; then
    SUDO=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    SUDO=(sudo -n)
else
    SUDO=()
    can_install=false
fi
export DEBIAN_FRONTEND=noninteractive
updated=false
apt_update() {
    $updated && return 0
    updated=true
    "${SUDO[@]}" apt-get update -q >/dev/null
}

# install_missing PACKAGE...: apt-get install those not installed yet (after
# apt-get update when the package lists are missing or stale).
install_missing() {
    local p status missing=()
    for p in "$@"; do
        status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
        [ "$status" = "install ok installed" ] || missing+=("$p")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    say "installing missing packages: ${missing[*]}"
    if ! $can_install; then
        say "cannot install: not root and no password-less sudo. Run:"
        say "  sudo apt-get update && sudo apt-get install -y ${missing[*]}"
        exit 1
    fi
    if ! "${SUDO[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null 2>&1; then
        apt_update
        "${SUDO[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
    fi
    say "done."
}

# Can clang build a libFuzzer program (as scripts/fuzz.sh does)?
clang_fuzzes() {
    local dir ok=1
    dir=$(mktemp -d)
    printf 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n);\nint LLVMFuzzerTestOneInput(const char *d, unsigned long n) { (void)d; (void)n; return 0; }\n' \
        > "$dir/probe.c"
    clang -fsanitize=fuzzer,address,undefined "$dir/probe.c" -o "$dir/probe" >/dev/null 2>&1 && ok=0
    rm -rf "$dir"
    return $ok
}

# The Debian package with libFuzzer for the installed clang N: libclang-rt-N-dev
# (bookworm: clang 14, libclang-rt-14-dev); else libclang-rt-dev, the one of
# Debian's default clang; else libclang-common-N-dev, which held it before
# Debian split the runtime off.
fuzzer_runtime() {
    local major p candidate attempt
    major=$(clang --version 2>/dev/null | sed -n 's/.*clang version \([0-9][0-9]*\)\..*/\1/p' | head -1)
    if [ -z "$major" ]; then
        say "cannot tell the version of clang ($(command -v clang || echo 'not installed'))"
        return 1
    fi
    for attempt in 1 2; do
        for p in "libclang-rt-$major-dev" libclang-rt-dev "libclang-common-$major-dev"; do
            candidate=$(apt-cache policy "$p" 2>/dev/null | sed -n 's/^ *Candidate: *//p')
            if [ -n "$candidate" ] && [ "$candidate" != "(none)" ]; then
                echo "$p"
                return 0
            fi
        done
        [ "$attempt" = 1 ] && $can_install && ! $updated || break
        apt_update # no package lists yet (a fresh machine)
    done
    say "no package found with libFuzzer for clang $major (libclang-rt-$major-dev)"
    return 1
}

install_missing "${PACKAGES[@]}"
if $test && [ "${TS_SKIP_FUZZ:-0}" != 1 ] && ! clang_fuzzes; then
    runtime=$(fuzzer_runtime) ||
        { say "cannot install libFuzzer; TS_SKIP_FUZZ=1 runs the tests without fuzzing"; exit 1; }
    install_missing "$runtime"
    if ! clang_fuzzes; then
        say "clang still cannot build libFuzzer programs after installing $runtime"
        exit 1
    fi
fi
exit 0
