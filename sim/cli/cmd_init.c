/*
** cmd_init.c — `tiersim init`: writes one of the embedded starting
** scenarios (templates.h) to standard output or to a file.
*/
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "files.h"
#include "templates.h"

typedef struct {
    const char *output; /* -o FILE; NULL: standard output */
    bool force;
} init_args;

static const ts_option INIT_OPTIONS[] = {
    {.name = "output", .letter = 'o', .type = TS_OPT_STRING, .arg = "FILE", .what = "a file name",
     .offset = offsetof(init_args, output), .help = "write the scenario to FILE (default: standard output)"},
    {.name = "force", .letter = 'f', .type = TS_OPT_FLAG, .offset = offsetof(init_args, force),
     .help = "overwrite FILE when it exists"},
    {0},
};

static const ts_option_group INIT_GROUPS[] = {{INIT_OPTIONS, 0}, {0}};

static void list_templates(FILE *out)
{
    fputs("\nTemplates:\n", out);
    for (size_t t = 0; t < ts_template_count; t++)
        fprintf(out, "  %-10s %s%s\n", ts_templates[t].name, ts_templates[t].summary, t == 0 ? " (default)" : "");
}

static const ts_template *find_template(const char *name)
{
    for (size_t i = 0; i < ts_template_count; i++)
        if (strcmp(ts_templates[i].name, name) == 0)
            return &ts_templates[i];
    fprintf(stderr, "tiersim: no template '%s'; templates:", name);
    for (size_t i = 0; i < ts_template_count; i++)
        fprintf(stderr, " %s", ts_templates[i].name);
    fputc('\n', stderr);
    return NULL;
}

/* Write template t to a.output, or to standard output. */
static int write_template(const ts_template *t, const init_args *a)
{
    if (a->output == NULL) {
        fwrite(t->text, 1, t->len, stdout);
        return TS_EXIT_OK;
    }
    if (!a->force && ts_file_exists(a->output)) {
        fprintf(stderr, "tiersim: '%s' exists; use --force to overwrite it\n", a->output);
        return TS_EXIT_USAGE;
    }
    ts_error err = {0};
    if (ts_file_write(a->output, t->text, t->len, &err) != TS_OK) {
        fprintf(stderr, "tiersim: %s\n", err.messages[0]);
        ts_error_clear(&err);
        return TS_EXIT_RUNTIME;
    }
    fprintf(stderr, "wrote %s (template %s); next: tiersim validate %s && tiersim run %s\n", a->output,
            t->name, a->output, a->output);
    return TS_EXIT_OK;
}

static int init_main(const ts_command *self, int argc, char **argv)
{
    init_args a = {0};
    ts_arglist names;
    int rc = ts_options_parse(self, argc, argv, &a, &names);
    if (rc != TS_OPTIONS_CONTINUE)
        return rc;
    const ts_template *t = find_template(names.count ? names.items[0] : "basic");
    rc = t ? write_template(t, &a) : TS_EXIT_USAGE;
    ts_options_release(self, &a, &names);
    return rc;
}

const ts_command ts_cmd_init = {
    .name = "init",
    .usage = "[TEMPLATE] [-o FILE] [--force]",
    .synopsis = "[TEMPLATE] [-o FILE]",
    .summary = "write a starting scenario (tiersim init --help)",
    .description = "Writes a starting scenario whose \"description\" fields explain each part.\n"
                   "Without -o it goes to standard output.\n",
    .help_extra = list_templates,
    .groups = INIT_GROUPS,
    .operands = {"template", 0, 1},
    .main = init_main,
};
