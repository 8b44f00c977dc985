#!/usr/bin/env bash
# install.sh — installs the build the binary comes from into a fresh prefix
# (cmake --install) and uses the installed program from an unrelated folder:
# --version, rules, init, validate, a short run of an installed scenario; checks
# the man page and the bash completion; moves the prefix and tries again (the
# rulebooks are found relative to the binary). With cpack and dpkg-deb, also
# builds the .deb into a temporary folder and checks its fields and contents.
# Usage: install.sh TIERSIM SOURCE_DIR (the build folder is TIERSIM's folder).
# Exit 77 (skipped) when TIERSIM is not in a CMake build folder.
set -uo pipefail

tiersim=${1:?usage: install.sh TIERSIM SOURCE_DIR}
src=${2:?usage: install.sh TIERSIM SOURCE_DIR}
build=$(cd "$(dirname "$tiersim")" && pwd)
cache=$build/CMakeCache.txt
[ -f "$cache" ] || { echo "SKIP: no CMakeCache.txt next to $tiersim"; exit 77; }
cached() { sed -n "s/^$1:[A-Z]*=//p" "$cache"; }
cmake=$(cached CMAKE_COMMAND)
cpack=$(cached CMAKE_CPACK_COMMAND)

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
prefix=$tmp/prefix
mkdir -p "$tmp/elsewhere"
cd "$tmp/elsewhere" || exit 1 # nothing of the source or build tree is here
unset TIERSIM_RULES

"$cmake" --install "$build" --prefix "$prefix" >"$tmp/install.log" 2>&1 ||
    { cat "$tmp/install.log"; fail "cmake --install $build --prefix $prefix"; }
for f in bin/tiersim share/tiersim/rules/aliexpress-2015.json share/tiersim/scenarios/default.json \
         share/tiersim/scenarios/tiersim.schema.json share/tiersim/scenarios/teaching/README.md \
         share/tiersim/scenarios/templates/basic.json share/doc/tiersim/README.md \
         share/doc/tiersim/scenario-format.md share/bash-completion/completions/tiersim; do
    [ -e "$prefix/$f" ] || fail "not installed: $f"
done
bin=$prefix/bin/tiersim

# -- the installed program, from an unrelated folder
version=$("$bin" --version) || fail "tiersim --version"
[[ $version == "tiersim "[0-9]* ]] || fail "tiersim --version printed '$version'"
version=${version#tiersim }
"$bin" rules >rules.txt || fail "tiersim rules"
grep -qF "($prefix/share/tiersim/rules)" rules.txt ||
    fail "tiersim rules does not use the installed rulebooks: $(head -1 rules.txt)"
grep -q '^  aliexpress-2015 ' rules.txt || fail "tiersim rules does not list aliexpress-2015"
"$bin" rules aliexpress-2015 >rule.txt || fail "tiersim rules aliexpress-2015"
[ -s rule.txt ] || fail "tiersim rules aliexpress-2015 printed nothing"
"$bin" init basic -o x.json 2>/dev/null || fail "tiersim init basic -o x.json"
"$bin" validate x.json >/dev/null || fail "tiersim validate x.json"
"$bin" run "$prefix/share/tiersim/scenarios/default.json" -o out --replications 20 --no-plots \
    --quiet || fail "tiersim run of the installed default.json"
[ -s out/summary.json ] && [ -s out/tiers.csv ] || fail "the run wrote no results"

# -- a moved prefix still finds its rulebooks
mv "$prefix" "$tmp/moved"
"$tmp/moved/bin/tiersim" rules >moved.txt || fail "tiersim rules after moving the prefix"
grep -qF "($tmp/moved/share/tiersim/rules)" moved.txt ||
    fail "a moved prefix does not use its own rulebooks: $(head -1 moved.txt)"
mv "$tmp/moved" "$prefix"

# -- the man page (only when help2man was there at configure time)
man_page=""
if [ "$(cached TS_MANPAGE)" = OFF ]; then
    echo "SKIP (man page): configured with -DTS_MANPAGE=OFF"
elif [[ -z $(cached HELP2MAN) || $(cached HELP2MAN) == *NOTFOUND ]]; then
    echo "SKIP (man page): help2man was not found when the build was configured"
else
    for f in "$prefix"/share/man/man1/tiersim.1.gz "$prefix"/share/man/man1/tiersim.1; do
        [ -f "$f" ] && man_page=$f && break
    done
    [ -n "$man_page" ] || fail "no man page in $prefix/share/man/man1"
    # read whole before grep -q: under pipefail an early-exiting grep fails the pipeline
    case $man_page in *.gz) roff=$(gzip -dc "$man_page") ;; *) roff=$(cat "$man_page") ;; esac
    for s in NAME SYNOPSIS DESCRIPTION COMMANDS FILES; do
        grep -q "^\.SH \"\?$s" <<< "$roff" || fail "the man page has no $s section"
    done
    grep -q 'tiersim run' <<< "$roff" || fail "the man page does not describe tiersim run"
    if command -v man >/dev/null 2>&1; then
        shown=$(MANWIDTH=80 man -l "$man_page" 2>/dev/null)
        grep -q -- '--replications' <<< "$shown" ||
            fail "man -l $man_page does not show the run options"
    fi
fi

# -- the bash completion offers what the program says
complete_line() { # WORDS...: the completions of the last word
    PATH="$prefix/bin:$PATH" bash --norc --noprofile -c '
        source "$1" || exit 1
        fn=$(complete -p tiersim | sed -n "s/.*-F \([^ ]*\).*/\1/p")
        [ -n "$fn" ] || exit 1
        shift
        COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}
        "$fn" tiersim "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
        printf "%s\n" "${COMPREPLY[@]}"' _ "$prefix/share/bash-completion/completions/tiersim" "$@"
}
expect_completion() { # WANTED WORDS...
    local want=$1 offers; shift
    # captured first: grep -q stops reading early, and under pipefail the writer's
    # SIGPIPE would fail the pipeline even when the word is offered
    offers=$(complete_line "$@")
    grep -qx -- "$want" <<< "$offers" ||
        fail "completing '$*' does not offer $want (offers: $(tr '\n' ' ' <<< "$offers"))"
}
expect_completion run tiersim r
expect_completion rules tiersim r
expect_completion --replications tiersim run --rep
expect_completion zh tiersim run --lang ''
expect_completion aliexpress-2015-strict tiersim rules aliexpress-2015-
expect_completion peak tiersim init ''
expect_completion x.json tiersim validate x

# -- the .deb (built into $tmp; never installed here)
if [ -z "$cpack" ] || ! command -v dpkg-deb >/dev/null 2>&1; then
    echo "SKIP (.deb): cpack or dpkg-deb is not available"
else
    "$cpack" -G DEB --config "$build/CPackConfig.cmake" -B "$tmp/pkg" >"$tmp/cpack.log" 2>&1 ||
        { cat "$tmp/cpack.log"; fail "cpack -G DEB"; }
    arch=$(dpkg --print-architecture 2>/dev/null || echo amd64)
    deb=$tmp/pkg/tiersim_${version}_${arch}.deb
    [ -f "$deb" ] || fail "cpack made no $(basename "$deb"): $(ls "$tmp/pkg")"
    depends=$(dpkg-deb -f "$deb" Depends)
    for lib in libc6 libgsl libcjson libcsv; do
        [[ $depends == *"$lib"* ]] || fail "Depends has no $lib: '$depends'"
    done
    recommends=$(dpkg-deb -f "$deb" Recommends)
    [[ $recommends == *gnuplot* ]] || fail "Recommends has no gnuplot: '$recommends'"
    dpkg-deb -c "$deb" | awk '{ print $NF }' >"$tmp/contents.txt"
    want=(./usr/bin/tiersim ./usr/share/tiersim/rules/aliexpress-2015.json
          ./usr/share/tiersim/scenarios/default.json ./usr/share/bash-completion/completions/tiersim)
    [ -n "$man_page" ] && want+=("./usr/share/man/man1/$(basename "$man_page")")
    for f in "${want[@]}"; do
        grep -qxF -- "$f" "$tmp/contents.txt" || fail "the .deb does not contain $f"
    done
    echo "deb: $(basename "$deb"); Depends: $depends; Recommends: $recommends"
fi
echo "OK: installed into a temporary prefix and used from $tmp/elsewhere"
