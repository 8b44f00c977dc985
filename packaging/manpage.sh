#!/usr/bin/env bash
# manpage.sh — writes the man page tiersim.1 (and tiersim.1.gz with GZIP)
# from the program's own --help texts with help2man, at build time.
# Usage: manpage.sh TIERSIM HELP2MAN EXTRA.h2m OUT.1 [GZIP]
#
# tiersim's help is organised by command, which help2man alone cannot turn into
# a good page, so this script writes a help2man include file from the help
# texts first:
#   NAME         the first line of `tiersim --help` after its dash
#   SYNOPSIS     the Usage: line of every `tiersim COMMAND --help`
#   DESCRIPTION  `tiersim --help` without its first line
#   COMMANDS     every `tiersim COMMAND --help`
# The commands are the "  tiersim COMMAND ..." lines of `tiersim --help`, so a
# new command appears in the page without a change here. EXTRA.h2m
# (packaging/tiersim.h2m) adds the sections help texts do not have (FILES,
# ENVIRONMENT, SEE ALSO). help2man then adds the version and the date
# (SOURCE_DATE_EPOCH, when set, fixes the date).
set -euo pipefail
tiersim=$1 help2man=$2 extra=$3 out=$4 gzip=${5:-}
include=$out.h2m

# help text on stdin -> roff: paragraphs of plain lines are filled, runs of
# indented lines (option tables, examples, lists) are kept as they are.
to_roff() {
    awk '
    function flush_nf() { if (nf) { print ".fi"; print ".RE"; nf = 0 } }
    {
        gsub(/\\/, "\\e"); gsub(/-/, "\\-")
        if ($0 ~ /^[ \t]*$/) { flush_nf(); para = 1; next }
        if ($0 ~ /^  /) {
            if (para) { print ".PP"; para = 0 }
            if (!nf) { print ".RS 4"; print ".nf"; nf = 1 }
            line = substr($0, 3)
        } else {
            flush_nf()
            if (para || NR == 1) { print ".PP"; para = 0 }
            line = $0
        }
        # no roff request (. or \047) and no help2man include syntax ([section], /re/)
        if (line ~ /^[.\047[\/]/) line = "\\&" line
        print line
    }
    END { flush_nf() }'
}

main_help=$("$tiersim" --help)
commands=$(printf '%s\n' "$main_help" | sed -n 's/^  tiersim \([a-z][a-z0-9-]*\).*/\1/p' | awk '!seen[$0]++')
[ -n "$commands" ] || { echo "manpage.sh: no commands found in '$tiersim --help'" >&2; exit 1; }
first=$(printf '%s\n' "$main_help" | head -1) # "tiersim 1.0.0 — what it is"
name=${first#* — }
[ "$name" != "$first" ] || name=${first#* - }

{
    echo "[NAME]"
    echo "tiersim \\- $name"
    echo
    echo "[SYNOPSIS]"
    for c in $commands; do
        # the Usage: line and its indented continuation lines, as one line
        usage=$("$tiersim" "$c" --help | awk 'NR == 1 && sub(/^Usage: */, "") { u = $0; next }
            NR > 1 && u != "" && /^ / { sub(/^ +/, ""); u = u " " $0; next } { exit }
            END { print u }')
        [ -n "$usage" ] || usage="tiersim $c"
        # "tiersim run SCENARIO.json [options]" -> bold program and command
        printf '%s\n' "$usage" | sed 's/\\/\\e/g; s/-/\\-/g' |
            sed 's/^tiersim \([^ ]*\) *\(.*\)$/.B tiersim \1\n\2\n.br/'
    done
    echo ".B tiersim"
    echo "\\-\\-help | \\-\\-version"
    echo
    echo "[=DESCRIPTION]"
    printf '%s\n' "$main_help" | tail -n +3 | to_roff
    echo
    echo "[COMMANDS]"
    for c in $commands; do
        echo ".SS \"tiersim $c\""
        "$tiersim" "$c" --help | to_roff
    done
    echo
    cat "$extra"
} > "$include"

# help2man runs `tiersim --help` and `tiersim --version` itself.
"$help2man" --no-info --locale=C.UTF-8 --section=1 \
    --include="$include" --output="$out.tmp" "$tiersim"
mv "$out.tmp" "$out"
if [ -n "$gzip" ]; then # Debian installs man pages compressed
    "$gzip" -9 -n -c "$out" > "$out.gz.tmp"
    mv "$out.gz.tmp" "$out.gz"
fi
