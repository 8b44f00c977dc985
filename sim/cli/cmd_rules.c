/*
** cmd_rules.c — `tiersim rules`: lists the shipped rulebooks, or shows one
** (by name or file) as a table.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "rulebook_load.h"
#include "rulebook_print.h"

typedef struct {
    int lang; /* ts_cli_lang */
} rules_args;

static const ts_option RULES_OPTIONS[] = {
    {.name = "lang", .type = TS_OPT_ENUM, .choices = ts_cli_langs, .offset = offsetof(rules_args, lang),
     .help = "titles and tables in English (default) or Chinese"},
    {0},
};

static const ts_option_group RULES_GROUPS[] = {{RULES_OPTIONS, 0}, {0}};

/* The shipped rulebooks with their titles; exit 2 when one of them does not load. */
static int list_rulebooks(bool zh)
{
    ts_error err = {0};
    size_t n = 0;
    char **names = ts_rulebook_list(&n);
    char *dir = ts_rules_dir();
    printf(zh ? "规则手册（%s）：\n" : "Rulebooks (%s):\n", dir);
    free(dir);
    for (size_t i = 0; i < n; i++) {
        ts_rulebook *rb = ts_rulebook_load_name(names[i], &err);
        if (rb) {
            printf("  %-26s %s\n", names[i], zh && rb->title_zh ? rb->title_zh : (rb->title ? rb->title : ""));
            ts_rulebook_free(rb);
        } else {
            printf("  %-26s %s\n", names[i], zh ? "（无效，见下）" : "(invalid, see below)");
        }
    }
    ts_strings_free(names, n);
    printf(zh ? "\n查看一个：tiersim rules 名称 --lang zh\n" : "\nShow one: tiersim rules NAME\n");
    int rc = err.count ? TS_EXIT_USAGE : TS_EXIT_OK;
    ts_cli_print_errors(&err);
    ts_error_clear(&err);
    return rc;
}

/* One rulebook, by name or as a FILE.json, as a table. */
static int show_rulebook(const char *name, bool zh)
{
    ts_error err = {0};
    size_t len = strlen(name);
    ts_rulebook *rb = (len > 5 && strcmp(name + len - 5, ".json") == 0) ? ts_rulebook_load_file(name, &err)
                                                                         : ts_rulebook_load_name(name, &err);
    if (rb == NULL) {
        ts_cli_print_errors(&err);
        ts_error_clear(&err);
        return TS_EXIT_USAGE;
    }
    ts_rulebook_print(stdout, rb, zh);
    ts_rulebook_free(rb);
    return TS_EXIT_OK;
}

static int rules_main(const ts_command *self, int argc, char **argv)
{
    rules_args a = {.lang = TS_CLI_EN};
    ts_arglist names;
    int rc = ts_options_parse(self, argc, argv, &a, &names);
    if (rc != TS_OPTIONS_CONTINUE)
        return rc;
    bool zh = a.lang == TS_CLI_ZH;
    rc = names.count ? show_rulebook(names.items[0], zh) : list_rulebooks(zh);
    ts_options_release(self, &a, &names);
    return rc;
}

const ts_command ts_cmd_rules = {
    .name = "rules",
    .usage = "[NAME|FILE.json] [--lang en|zh]",
    .synopsis = "[NAME] [--lang zh]",
    .summary = "list the rulebooks, or show one as a table",
    .description =
        "Without NAME, lists the shipped rulebooks. With NAME, shows its events, metrics\n"
        "and tiers as a table. A scenario selects a rulebook with \"rules\": \"NAME\".\n",
    .groups = RULES_GROUPS,
    .operands = {"rulebook", 0, 1},
    .main = rules_main,
};
