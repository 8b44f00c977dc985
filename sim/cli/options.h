/*
** options.h — the one option parser of every command, and the command
** record it works from: options, operands and help text kept together.
*/
#ifndef TS_OPTIONS_H
#define TS_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* What an option's value is, and where it is stored (at its offset). */
typedef enum {
    TS_OPT_FLAG,   /* no value; bool, set to true */
    TS_OPT_INT,    /* a decimal integer in min..max; long long */
    TS_OPT_NUMBER, /* a finite number in min..max (min excluded when min_open); double */
    TS_OPT_STRING, /* any text, or what valid() accepts; const char * (borrowed from argv) */
    TS_OPT_ENUM,   /* one of choices; int, its index in choices */
    TS_OPT_LIST    /* like TS_OPT_STRING, each repetition appended; ts_arglist */
} ts_option_type;

/* A growing list of words borrowed from argv: the operands, or a TS_OPT_LIST option's values. */
typedef struct {
    const char **items;
    size_t count;
} ts_arglist;

/*
** One option. Given as --NAME VALUE or --NAME=VALUE (and -L VALUE or -L=VALUE
** when it has a letter); a flag takes no value. Repeated, a TS_OPT_LIST
** option collects every value and any other option keeps the last one.
*/
typedef struct {
    const char *name;           /* long name without the dashes; NULL ends a table */
    char letter;                /* the short form's letter, or 0 */
    ts_option_type type;
    size_t offset;              /* of the value in the group's struct: offsetof() */
    const char *arg;            /* the value in the help ("N", "DIR"); NULL for a flag or an enum's choices */
    const char *what;           /* STRING, LIST: the value in messages ("a directory") */
    double min, max;            /* INT, NUMBER: the range, inclusive (max may be INFINITY) */
    bool min_open;              /* NUMBER: min itself is refused */
    const char *const *choices; /* ENUM: the values, NULL-terminated */
    bool (*valid)(const char *value); /* STRING, LIST: the check of a value, NULL for any */
    const char *help;           /* its lines in the help, '\n' between them */
} ts_option;

/*
** A table of options whose values live in one struct, and where that struct
** sits in the command's: a command reuses a shared set (sim_args.h) by
** listing its group next to its own.
*/
typedef struct {
    const ts_option *options; /* ended by an entry whose name is NULL */
    size_t offset;            /* offsetof(the command's struct, the set's member); 0 for the whole */
} ts_option_group;

/* The words a command takes besides options. */
typedef struct {
    const char *noun; /* for messages, without article: "scenario file" */
    size_t min, max;  /* how many; max 0 is no limit */
} ts_operands;

/*
** A command: its name, its help and its options, as the dispatcher (cli.c)
** and the parser see it. The help is generated from these fields:
**     Usage: tiersim NAME USAGE / DESCRIPTION / [help_extra] / Options: ... / EPILOG
*/
typedef struct ts_command {
    const char *name;        /* "run" */
    const char *usage;       /* after "tiersim NAME" in its help: "SCENARIO.json [options]" */
    const char *synopsis;    /* after "tiersim NAME" in the main help; NULL: usage */
    const char *summary;     /* the main help's one line about it */
    const char *description; /* the paragraphs under Usage, each line ending in '\n' */
    void (*help_extra)(FILE *out); /* printed after the description (init: its templates), or NULL */
    const ts_option_group *groups; /* ended by an entry whose options are NULL */
    ts_operands operands;
    const char *epilog;      /* after the options (result files, examples), or NULL */
    /* Run the command on the words after its name; returns the exit code. */
    int (*main)(const struct ts_command *self, int argc, char **argv);
} ts_command;

/* ts_options_parse's "not finished yet": the command goes on. */
#define TS_OPTIONS_CONTINUE (-1)

typedef enum {
    TS_OPTIONS_OK,   /* parsed: the values are stored, the operands listed */
    TS_OPTIONS_HELP, /* -h or --help was given */
    TS_OPTIONS_BAD   /* a usage error, described in *message */
} ts_options_result;

/*
** Parse argv (the argc words after the command's name) against cmd's
** options without printing anything: each value goes to its option's place
** in the struct at args, every other word to *operands (after "--", every
** word). The struct keeps the defaults the caller set for what is not given.
** On TS_OPTIONS_BAD, *message holds what is wrong, e.g. "--threads: expected
** an integer in 1..1024, found 'x'" (free() it); on TS_OPTIONS_HELP and
** TS_OPTIONS_BAD, everything the parse allocated is already released. The
** form for a caller that decides itself where messages go (one rank of
** several); most commands call ts_options_parse.
*/
ts_options_result ts_options_scan(const ts_command *cmd, int argc, char **argv, void *args,
                                  ts_arglist *operands, char **message);

/*
** ts_options_scan, printing its outcome: the command's help on stdout (and
** returns 0), or "tiersim NAME: MESSAGE" and "Try 'tiersim NAME --help'." on
** stderr (and returns 2). Returns TS_OPTIONS_CONTINUE when parsed; the
** caller then releases with ts_options_release.
*/
int ts_options_parse(const ts_command *cmd, int argc, char **argv, void *args,
                     ts_arglist *operands);

/* Release what a successful parse allocated: the lists in args, and the operands. */
void ts_options_release(const ts_command *cmd, void *args, ts_arglist *operands);

/* Print cmd's help (Usage, description, options, epilog) to out. */
void ts_options_help(FILE *out, const ts_command *cmd);

/*
** The name among names[0..n-1] that word most likely meant: the only one it
** begins, else the nearest within two edits (one for short words); NULL when
** none is close. For "did you mean" in messages.
*/
const char *ts_options_nearest(const char *word, const char *const *names, size_t n);

#endif
