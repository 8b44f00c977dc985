#!/usr/bin/env bash
# layout.sh — keeps the source tree's layering and its citations honest.
# Usage: layout.sh TIERSIM SOURCE_DIR (ctest passes both; only SOURCE_DIR is used).
#
# 1. The include graph. The folders are libraries, ranked
#        sim/base 0 < models 1 < sim/load 2 < sim/run 3 < sim/report 4 < sim/cli 5
#    (docs/ARCHITECTURE.md). For every .c/.h under sim/ and models/:
#    - each #include "NAME.h" (or <NAME.h> naming a project header) is resolved to
#      the one folder that holds NAME.h; a file may include only from its own folder
#      or a lower one;
#    - an include may not use a path ("../x.h", "sim/base/x.h"): every folder's only
#      include directory is the folder itself;
#    - a header name may exist in one folder only (tests/ counts as a folder, ranked
#      above all: only tests may include test headers);
#    - every function a header declares is defined in the header's folder or a lower
#      one: a declaration in models/ of a function defined in sim/load is an upward
#      edge too (whoever includes the header can call up through it).
#    tests/ may include anything.
# 2. Citations. In every .c, .h, .gp, .cmake, CMakeLists.txt and .sh file (comments
#    and strings alike), and in README.md, docs/*.md and scenarios/**/*.md:
#    - every document named, as a path (docs/NAME.md, scenarios/teaching/README.md)
#      or a bare file name (NAME.md: the citing file's folder, the top folder or
#      docs/), must exist in the repository;
#    - "DOC.md §N" and "DOC.md §N.M" must match a heading of DOC.md that starts
#      with that §N / §N.M;
#    - a bare §N or §N.M (no document before it) means a section of docs/model.md
#      (the convention docs/model.md's introduction states), and must match one of
#      its headings. A § right after a standard's name (FIPS 180-4 §6.2, RFC 8259 §7)
#      is not checked; a § after a separator (-, –, ",", "and", "or", "/") belongs
#      to the same document as the § before it (docs/model.md §2-§9);
#    - DOC.md "Heading" (also DOC.md "A", "B") must match a heading of DOC.md,
#      case-insensitively (the heading's text, with or without its § number);
#    - markdown links [text](path) in the .md files must point at a file that exists.
#    This file is not scanned for citations (its comments name patterns, not files).
# Every failure names FILE:LINE and what is missing; the exit status is 1 when
# anything failed.
set -uo pipefail
export LC_ALL=C

src=${2:-${1:-}}
[ -n "$src" ] && [ -d "$src" ] || { echo "usage: layout.sh TIERSIM SOURCE_DIR" >&2; exit 2; }
cd "$src" || exit 2

failures=0
report() { printf '%s\n' "$*"; failures=$((failures + 1)); }

# ------------------------------------------------------------- include graph

folders=(sim/base models sim/load sim/run sim/report sim/cli)
declare -A rank=([sim/base]=0 [models]=1 [sim/load]=2 [sim/run]=3 [sim/report]=4 [sim/cli]=5 [tests]=6)
declare -A home  # header name -> folder

for dir in "${folders[@]}" tests; do
    [ -d "$dir" ] || { report "layout.sh: folder $dir is missing"; continue; }
    for h in "$dir"/*.h; do
        [ -e "$h" ] || continue
        name=${h##*/}
        if [ -n "${home[$name]:-}" ]; then
            report "$h:1: header name $name also exists in ${home[$name]}/ (a header name may exist in one folder only)"
        else
            home[$name]=$dir
        fi
    done
done

folder_of() { # the ranked folder a file under sim/ or models/ belongs to
    local d=${1%/*}
    case $d in
        sim/base|models|sim/load|sim/run|sim/report|sim/cli) printf '%s' "$d" ;;
        *) printf '' ;;
    esac
}

mapfile -t code_files < <(find sim models -type f \( -name '*.c' -o -name '*.h' \) | sort)

# FILE<TAB>LINE<TAB>QUOTE<TAB>NAME for every #include
includes=$(awk '
/^[ \t]*#[ \t]*include[ \t]*["<]/ {
    s = $0
    sub(/^[ \t]*#[ \t]*include[ \t]*/, "", s)
    q = substr(s, 1, 1)
    close_q = (q == "\"") ? "\"" : ">"
    rest = substr(s, 2)
    n = index(rest, close_q)
    if (n > 0)
        printf "%s\t%d\t%s\t%s\n", FILENAME, FNR, q, substr(rest, 1, n - 1)
}' "${code_files[@]}")

while IFS=$'\t' read -r file line quote name; do
    [ -n "$file" ] || continue
    own=$(folder_of "$file")
    if [ -z "$own" ]; then
        report "$file:$line: file outside the ranked folders (${folders[*]})"
        continue
    fi
    base=${name##*/}
    if [ "$quote" = '<' ] && [ -z "${home[$base]:-}" ]; then
        continue # a system header
    fi
    if [ "$name" != "$base" ]; then
        report "$file:$line: #include \"$name\" uses a path; include \"$base\" (each folder's only include directory is the folder itself)"
        [ -n "${home[$base]:-}" ] || continue
    fi
    target=${home[$base]:-}
    if [ -z "$target" ]; then
        report "$file:$line: #include \"$name\": no folder holds $base"
        continue
    fi
    if [ "${rank[$target]}" -gt "${rank[$own]}" ]; then
        report "$file:$line: upward include: $own (rank ${rank[$own]}) includes $base from $target (rank ${rank[$target]})"
    fi
done <<< "$includes"

# Functions: NAME<TAB>FILE<TAB>LINE, declared in headers / defined in .c files.
# A declaration or definition is a line at column 0 that is not a preprocessor
# line, a comment, a typedef or static; its name is the identifier before the
# first "(". Definitions are such lines in .c files that do not end in ";".
list_functions() { # $1 = decl | def, then files
    local mode=$1
    shift
    [ $# -gt 0 ] || return 0
    awk -v mode="$mode" '
    /^[A-Za-z_]/ {
        s = $0
        while (sub(/^__attribute__[ \t]*\(\(([^()]|\([^()]*\))*\)\)[ \t]*/, "", s))
            ;
        if (s ~ /^(typedef|static|extern|struct|union|enum)([^A-Za-z0-9_]|$)/)
            next
        sub(/[ \t]*\/\*.*$/, "", s)
        p = index(s, "(")
        if (p == 0)
            next
        if (mode == "def" && s ~ /;[ \t]*$/)
            next
        head = substr(s, 1, p - 1)
        sub(/[ \t]+$/, "", head)
        if (!match(head, /[A-Za-z_][A-Za-z0-9_]*$/))
            next
        name = substr(head, RSTART, RLENGTH)
        if (head ~ /=/ || name ~ /^(void|char|short|int|long|float|double|signed|unsigned|bool|const|volatile|return|sizeof|if|for|while|switch|do|else)$/)
            next
        printf "%s\t%s\t%d\n", name, FILENAME, FNR
    }' "$@"
}

mapfile -t headers < <(printf '%s\n' "${code_files[@]}" | grep '\.h$')
mapfile -t sources < <(printf '%s\n' "${code_files[@]}" | grep '\.c$')
declare -A defined_in
while IFS=$'\t' read -r name file line; do
    [ -n "$name" ] || continue
    defined_in[$name]="$file:$line"
done < <(list_functions def "${sources[@]}")

while IFS=$'\t' read -r name file line; do
    [ -n "$name" ] || continue
    own=$(folder_of "$file")
    def=${defined_in[$name]:-}
    [ -n "$def" ] || continue # defined nowhere under sim/ or models/ (generated, or a macro)
    there=$(folder_of "${def%%:*}")
    if [ -n "$there" ] && [ "${rank[$there]}" -gt "${rank[$own]}" ]; then
        report "$file:$line: upward declaration: $name is declared in $own (rank ${rank[$own]}) but defined in $def ($there, rank ${rank[$there]})"
    fi
done < <(list_functions decl "${headers[@]}")

# ----------------------------------------------------------------- citations

self=tests/layout.sh
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    mapfile -t all_files < <(git ls-files --cached --others --exclude-standard | sort -u |
                             while read -r f; do [ -f "$f" ] && printf '%s\n' "$f"; done)
else
    mapfile -t all_files < <(find . -type f -not -path './.git/*' -not -path './build*' \
                             -not -path './results/*' | sed 's#^\./##' | sort)
fi
cite_files=()
md_files=()
for f in "${all_files[@]}"; do
    [ "$f" = "$self" ] && continue
    case $f in
        *.c|*.h|*.gp|*.cmake|CMakeLists.txt|*/CMakeLists.txt|*.sh) cite_files+=("$f") ;;
        README.md|docs/*.md|scenarios/*.md|scenarios/*/*.md|scenarios/*/*/*.md) md_files+=("$f") ;;
    esac
done

# heading_cache[FILE]: the headings of a markdown file, one a line, lowercased
# (outside fenced code blocks).
declare -A heading_cache
load_headings() {
    if [ -z "${heading_cache[$1]+x}" ]; then
        heading_cache[$1]=$(awk '
            /^```/ { fence = !fence; next }
            !fence && /^#+[ \t]/ {
                s = $0
                sub(/^#+[ \t]+/, "", s); sub(/[ \t#]+$/, "", s)
                print tolower(s)
            }' "$1")
    fi
}

resolve_doc() { # citing file, document token -> the path that exists, or nothing
    local from=$1 doc=$2 dir
    doc=${doc#./}
    dir=${from%/*}
    [ "$dir" = "$from" ] && dir=.
    if [[ $doc == */* ]]; then
        for cand in "$doc" "$dir/$doc"; do
            [ -f "$cand" ] && { printf '%s' "${cand#./}"; return; }
        done
    else
        for cand in "$dir/$doc" "$doc" "docs/$doc"; do
            [ -f "$cand" ] && { printf '%s' "${cand#./}"; return; }
        done
    fi
}

# One record per citation, fields separated by \037 (a tab would collapse an
# empty field in read): KIND FILE LINE DOC WHAT
#   DOC  -  (a document named)
#   SEC  §N[.M] (DOC "" for a bare §: docs/model.md)
#   HEAD "Heading"
#   LINK (a markdown link target)
scan() {
    awk -v md="$1" '
    function emit(kind, doc, what) { printf "%s\037%s\037%d\037%s\037%s\n", kind, FILENAME, FNR, doc, what }
    FNR == 1 { fence = 0 }
    md == 1 && /^```/ { fence = !fence }
    {
        s = $0
        gsub(/[A-Za-z][A-Za-z0-9+.-]*:\/\/[^ \t)"'"'"'>]*/, "", s)   # URLs
        if (md == 1) {                       # [text](target) links
            t = s
            while (match(t, /\]\([^) \t]+\)/)) {
                target = substr(t, RSTART + 2, RLENGTH - 3)
                t = substr(t, RSTART + RLENGTH)
                if (target ~ /^(#|mailto:)/)
                    continue
                sub(/#.*$/, "", target)
                if (target != "")
                    emit("LINK", target, "")
            }
        }
        # documents, and what follows them: "Heading" lists or a §
        t = s
        while (match(t, /[A-Za-z0-9_.\/-]*[A-Za-z0-9_-]\.md/)) {
            doc = substr(t, RSTART, RLENGTH)
            t = substr(t, RSTART + RLENGTH)
            if (t ~ /^[A-Za-z0-9_]/)
                continue
            if (doc ~ /(^|\/)share\//)   # an installed copy (share/doc/tiersim/...), not a citation
                continue
            emit("DOC", doc, "")
            u = t
            if (u ~ /^ "/) {
                u = substr(u, 2)
                while (u ~ /^"[^"]+"/) {
                    n = index(substr(u, 2), "\"")
                    emit("HEAD", doc, substr(u, 2, n - 1))
                    u = substr(u, n + 2)
                    if (u ~ /^, "/) u = substr(u, 3); else break
                }
            }
        }
        # § citations, left to right, each with the document it belongs to
        t = s; prev_doc = ""; have_prev = 0
        while (match(t, /§[0-9]+(\.[0-9]+)*/)) {
            sec = substr(t, RSTART + 2, RLENGTH - 2)   # § is two bytes in UTF-8
            before = substr(t, 1, RSTART - 1)
            t = substr(t, RSTART + RLENGTH)
            if (have_prev && before ~ /^[ \t]*(-|–|,|\/|and|or|to)?[ \t]*$/)
                doc = prev_doc
            else if (match(before, /[A-Za-z0-9_.\/-]*[A-Za-z0-9_-]\.md[ \t]+$/)) {
                doc = substr(before, RSTART, RLENGTH)
                sub(/[ \t]+$/, "", doc)
            } else if (before ~ /(FIPS|RFC|ISO|IEC|IEEE|POSIX|ECMA|C99|C11|C17)[ \t0-9.:-]*$/)
                doc = "-"
            else
                doc = ""
            prev_doc = doc; have_prev = 1
            if (doc != "-" && (md == 0 || fence == 0))
                emit("SEC", doc, sec)
        }
    }' "${@:2}"
}

check_records() {
    local kind file line doc what path want
    while IFS=$'\037' read -r kind file line doc what; do
        [ -n "$kind" ] || continue
        case $kind in
            DOC)
                [ -n "$(resolve_doc "$file" "$doc")" ] ||
                    report "$file:$line: names $doc, which is not in the repository"
                ;;
            LINK)
                dir=${file%/*}; [ "$dir" = "$file" ] && dir=.
                [ -e "$dir/$doc" ] ||
                    report "$file:$line: links to $doc, which does not exist (from $dir/)"
                ;;
            SEC)
                if [ -z "$doc" ]; then
                    path=docs/model.md
                else
                    path=$(resolve_doc "$file" "$doc")
                    [ -n "$path" ] || continue # reported as DOC
                fi
                if [ ! -f "$path" ]; then
                    report "$file:$line: cites §$what of $path, which does not exist"
                elif load_headings "$path"; ! grep -qE "^§${what//./\\.}([^0-9.]|$)" <<< "${heading_cache[$path]}"; then
                    if [ -n "$doc" ]; then
                        report "$file:$line: cites $doc §$what, but $path has no heading §$what"
                    else
                        report "$file:$line: cites §$what (a bare §: docs/model.md), but docs/model.md has no heading §$what"
                    fi
                fi
                ;;
            HEAD)
                path=$(resolve_doc "$file" "$doc")
                [ -n "$path" ] || continue
                want=$(printf '%s' "$what" | tr '[:upper:]' '[:lower:]')
                load_headings "$path"
                if ! awk -v w="$want" '
                        { h = $0; if (h == w) f = 1; sub(/^§[0-9.]+[ \t]+/, "", h); if (h == w) f = 1 }
                        END { exit !f }' <<< "${heading_cache[$path]}"; then
                    report "$file:$line: cites $doc \"$what\", but $path has no such heading"
                fi
                ;;
        esac
    done
}

[ ${#cite_files[@]} -eq 0 ] || check_records < <(scan 0 "${cite_files[@]}")
[ ${#md_files[@]} -eq 0 ] || check_records < <(scan 1 "${md_files[@]}")

if [ "$failures" -gt 0 ]; then
    echo "layout.sh: $failures problem(s)"
    exit 1
fi
echo "layout.sh: include graph and citations ok"
