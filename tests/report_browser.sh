#!/usr/bin/env bash
# report_browser.sh — loads the HTML report of a real run (tiersim run --report) in
# headless Chromium: no console errors, a DOM with the tables, a non-blank screenshot.
# Usage: report_browser.sh TIERSIM SOURCE_DIR. Exit 77 (skipped) without chromium.
set -uo pipefail

tiersim=${1:?usage: report_browser.sh TIERSIM SOURCE_DIR}
src=${2:?usage: report_browser.sh TIERSIM SOURCE_DIR}

browser=""
for b in chromium chromium-browser google-chrome; do
    if command -v "$b" >/dev/null 2>&1; then browser=$(command -v "$b"); break; fi
done
if [ -z "$browser" ]; then
    echo "SKIP: chromium is not installed (apt-get install chromium)"
    exit 77
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

# A small run of a teaching scenario with variants: tables, money, charts.
"$tiersim" run "$src/scenarios/teaching/gift-threshold.json" --replications 40 --threads 2 \
    -o "$tmp/out" --report --quiet || fail "tiersim run --report exited with $?"
report="$tmp/out/report.html"
[ -s "$report" ] || fail "no $report"
grep -q '</html>' "$report" || fail "the report is not complete"
grep -Eq '<(script|link|iframe)|src=|@import|url\(http' "$report" && fail "the report loads something"

chrome() {
    # each call gets its own profile; HOME too, so nothing is written outside $tmp
    local profile
    profile=$(mktemp -d "$tmp/profile.XXXXXX")
    HOME="$tmp" timeout 120 "$browser" --headless --no-sandbox --disable-gpu --disable-quic \
        --no-first-run --disable-background-networking --disable-component-update --disable-sync \
        --disable-extensions --hide-scrollbars --user-data-dir="$profile" "$@"
}

# 1. the DOM as the browser built it, and the console
chrome --enable-logging=stderr --v=0 --dump-dom "file://$report" >"$tmp/dom.html" 2>"$tmp/console.log" \
    || fail "chromium --dump-dom failed: $(tail -5 "$tmp/console.log")"
if grep -E 'Uncaught|CONSOLE' "$tmp/console.log" >/dev/null; then
    grep -E 'Uncaught|CONSOLE' "$tmp/console.log" | head -5
    fail "console messages while loading the report"
fi
for want in '<h1>gift-threshold</h1>' 'Top-rated' 'Fail' 'gift from $20' 'Average order value' '<pre>'; do
    grep -qF "$want" "$tmp/dom.html" || fail "the loaded page lacks '$want'"
done
if command -v gnuplot >/dev/null 2>&1; then
    n=$(grep -o '<svg' "$tmp/dom.html" | wc -l)
    [ "$n" -ge 4 ] || fail "expected the charts inline (at least 4 <svg>), found $n"
fi

# 2. a screenshot, against one of an empty page of the same size
printf '<!DOCTYPE html><html><head><meta charset="utf-8"><title>blank</title></head><body></body></html>\n' \
    >"$tmp/blank.html"
chrome --screenshot="$tmp/blank.png" --window-size=1280,2000 "file://$tmp/blank.html" >/dev/null 2>&1 \
    || fail "chromium could not take a screenshot of a blank page"
chrome --screenshot="$tmp/report.png" --window-size=1280,2000 "file://$report" >/dev/null 2>&1 \
    || fail "chromium could not take a screenshot of the report"
[ -s "$tmp/report.png" ] || fail "no screenshot"
[ "$(head -c 8 "$tmp/report.png" | od -An -tx1 | tr -d ' \n')" = "89504e470d0a1a0a" ] \
    || fail "the screenshot is not a PNG"
dims=$(od -An -tu1 -j16 -N8 "$tmp/report.png" | awk '{print $1*16777216+$2*65536+$3*256+$4 "x" $5*16777216+$6*65536+$7*256+$8}')
[ "$dims" = "1280x2000" ] || fail "the screenshot is $dims, not 1280x2000"
blank=$(stat -c %s "$tmp/blank.png")
shot=$(stat -c %s "$tmp/report.png")
echo "screenshot: $shot bytes; blank page: $blank bytes"
[ "$shot" -gt $((blank * 10)) ] || fail "the screenshot ($shot bytes) looks blank (a blank page is $blank bytes)"
[ -n "${TS_KEEP_SCREENSHOT:-}" ] && cp "$tmp/report.png" "$TS_KEEP_SCREENSHOT"
echo "ok: the report loads in $browser without console errors and renders"
exit 0
