#!/usr/bin/env bash
# install-deps.sh — installs the Debian packages tiersim needs, only the
# missing ones; explains what to install when it cannot (not root, not Debian).
set -euo pipefail

# Usage: install-deps.sh [--test]. --test adds what only the test suite needs.
PACKAGES=(build-essential cmake pkg-config libgsl-dev libcjson-dev libcmocka-dev
          librandom123-dev gnuplot-nox fonts-noto-cjk fontconfig)
# optional: installed when possible, never an error
OPTIONAL=()
if [ "${1:-}" = "--test" ]; then
    PACKAGES+=(chromium) # the headless-browser check of report.html
    OPTIONAL+=(clang)    # the bounded fuzz run (skipped without it)
fi

say() { printf 'tiersim setup: %s\n' "$*" >&2; }

if ! command -v dpkg-query >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
    say "this is not a Debian-like system (no dpkg/apt-get)."
    say "install by hand: a C11 compiler, CMake >= 3.25, pkg-config, GSL, cJSON (with its CMake package),"
    say "cmocka, Random123 headers, and gnuplot (optional, for plots); then run this again."
    exit 1
fi

for p in ${OPTIONAL[@]+"${OPTIONAL[@]}"}; do
    command -v "$p" >/dev/null 2>&1 && continue
    [ "$(id -u)" -eq 0 ] || continue
    say "installing optional package $p"
    { DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$p" ||
      { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$p"; }
    } >/dev/null 2>&1 || say "could not install $p (optional): going on without it"
done

missing=()
for p in "${PACKAGES[@]}"; do
    status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
    [ "$status" = "install ok installed" ] || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

say "installing missing packages: ${missing[*]}"
if [ "$(id -u)" -eq 0 ]; then
    SUDO=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    SUDO=(sudo -n)
else
    say "cannot install: not root and no password-less sudo. Run:"
    say "  sudo apt-get update && sudo apt-get install -y ${missing[*]}"
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive
if ! "${SUDO[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null 2>&1; then
    "${SUDO[@]}" apt-get update -q >/dev/null
    "${SUDO[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
fi
say "done."
