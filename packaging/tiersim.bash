# bash completion for tiersim(1); installed as
# share/bash-completion/completions/tiersim.
#
# It hard-codes no command, option or name: it asks the program being completed
# (the first word of the line: tiersim, ./build/tiersim, ...), so it follows new
# commands, options, rulebooks and templates by itself:
#   commands   the "  tiersim COMMAND ..." lines of `tiersim --help`
#   options    every -x / --long-option word in `tiersim COMMAND --help`; one
#              written there with a value ("--threads N", "-o, --output DIR",
#              "--lang en|zh") takes one: DIR completes folders, FILE files,
#              a|b|c those words, any other placeholder nothing
#   arguments  from the first placeholder of the command's "Usage:" line:
#              TEMPLATE -> the templates listed by `tiersim init --help`,
#              NAME -> the rulebooks listed by `tiersim rules` (and *.json),
#              anything else -> *.json files and folders
# Needs only bash (not the bash-completion package).

# _tiersim_run PROGRAM ARGS...: run the program, quietly, with no input.
_tiersim_run()
{
    "$@" </dev/null 2>/dev/null
}

# _tiersim_option_table PROGRAM COMMAND: "OPTION<TAB>VALUE" lines, VALUE the
# placeholder that follows the option in the help text, or empty.
_tiersim_option_table()
{
    _tiersim_run "$1" "$2" --help | awk '
    {
        line = $0; group = ""
        while (match(line, /(^|[][ ,|(])--?[A-Za-z][A-Za-z0-9-]*/)) {
            opt = substr(line, RSTART, RLENGTH); sub(/^[^-]/, "", opt)
            line = substr(line, RSTART + RLENGTH)
            if (line ~ /^, -/) { group = group " " opt; continue } # "-o, --output DIR"
            value = ""
            if (match(line, /^ [A-Z][A-Z0-9_]*/) || match(line, /^ [a-z0-9]+(\|[a-z0-9]+)+/))
                value = substr(line, 2, RLENGTH - 1)
            n = split(group " " opt, all, " ")
            for (i = 1; i <= n; i++)
                if (!(all[i] in val) || val[all[i]] == "") val[all[i]] = value
            group = ""
        }
    }
    END { for (o in val) printf "%s\t%s\n", o, val[o] }'
}

# _tiersim_files PATTERN: complete folders and files matching PATTERN.
_tiersim_files()
{
    local IFS=$'\n' cur=${COMP_WORDS[COMP_CWORD]}
    if [ "$1" = '*' ]; then
        COMPREPLY+=($(compgen -f -- "$cur"))
    else
        COMPREPLY+=($(compgen -d -- "$cur") $(compgen -f -X "!$1" -- "$cur" | while read -r f; do
            [ -d "$f" ] || printf '%s\n' "$f"; done))
    fi
    compopt -o filenames 2>/dev/null || true
}

_tiersim()
{
    local cur=${COMP_WORDS[COMP_CWORD]} prev=""
    [ "$COMP_CWORD" -gt 0 ] && prev=${COMP_WORDS[COMP_CWORD - 1]}
    local prog=${COMP_WORDS[0]}
    [[ $prog == "~/"* ]] && prog=$HOME/${prog#"~/"}
    COMPREPLY=()
    command -v -- "$prog" >/dev/null 2>&1 || prog=tiersim

    if [ "$COMP_CWORD" -eq 1 ]; then
        local commands
        commands=$(_tiersim_run "$prog" --help | sed -n 's/^  tiersim \([a-z][a-z0-9-]*\).*/\1/p' | sort -u)
        COMPREPLY=($(compgen -W "$commands --help --version" -- "$cur"))
        return 0
    fi

    local cmd=${COMP_WORDS[1]} table value
    table=$(_tiersim_option_table "$prog" "$cmd")
    if [[ $prev == -* ]]; then
        value=$(printf '%s\n' "$table" | awk -F '\t' -v o="$prev" '$1 == o { print $2 }')
        case $value in
        "") ;;
        DIR*) local IFS=$'\n'; COMPREPLY=($(compgen -d -- "$cur")); compopt -o filenames 2>/dev/null || true; return 0 ;;
        FILE*) _tiersim_files '*'; return 0 ;;
        *"|"*) COMPREPLY=($(compgen -W "${value//|/ }" -- "$cur")); return 0 ;;
        *) return 0 ;; # a number, PATH=V1,...: nothing to offer
        esac
    fi
    if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "$(printf '%s\n' "$table" | cut -f1 | sort) --help" -- "$cur"))
        return 0
    fi

    # the first placeholder after "Usage: tiersim COMMAND", brackets removed
    local usage
    usage=$(_tiersim_run "$prog" "$cmd" --help | sed -n '1s/^Usage: *[^ ]* [^ ]* *//p')
    usage=${usage%% *}
    usage=${usage//[][]/}
    case $usage in
    TEMPLATE*)
        COMPREPLY=($(compgen -W "$(_tiersim_run "$prog" init --help |
            awk '/^[^ ].*:$/ { on = 1; next } on && /^  [a-z]/ { print $1 }')" -- "$cur"))
        ;;
    NAME*)
        COMPREPLY=($(compgen -W "$(_tiersim_run "$prog" rules |
            sed -n 's/^  \([a-z0-9][a-z0-9._-]*\) .*/\1/p')" -- "$cur"))
        [[ $usage == *.json* ]] && _tiersim_files '*.json'
        ;;
    *)
        _tiersim_files '*.json'
        ;;
    esac
    return 0
}
complete -F _tiersim tiersim
