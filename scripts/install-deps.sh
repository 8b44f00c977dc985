#!/usr/bin/env bash
# install-deps.sh — installs the Debian packages tiersim needs, only the
# missing ones; explains what to install when it cannot (not root, not Debian).
set -euo pipefail

PACKAGES=(build-essential cmake pkg-config libgsl-dev libcjson-dev libcmocka-dev
          librandom123-dev gnuplot-nox fonts-noto-cjk fontconfig)

say() { printf 'tiersim setup: %s\n' "$*" >&2; }

if ! command -v dpkg-query >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
    say "this is not a Debian-like system (no dpkg/apt-get)."
    say "install by hand: a C11 compiler, CMake >= 3.25, pkg-config, GSL, cJSON (with its CMake package),"
    say "cmocka, Random123 headers, and gnuplot (optional, for plots); then run this again."
    exit 1
fi

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
