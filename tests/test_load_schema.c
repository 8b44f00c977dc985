/*
** test_load_schema.c — scenarios/tiersim.schema.json describes exactly the
** keys the loader accepts (ts_scenario_known_key), and forbids all others.
*/
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cjson/cJSON.h>

#include "study.h"

typedef struct {
    char **paths;
    size_t n, cap;
    size_t open_objects; /* object schemas with properties but no additionalProperties: false */
} walk;

static void add(walk *w, const char *p)
{
    if (w->n == w->cap) {
        w->cap = w->cap ? 2 * w->cap : 64;
        w->paths = realloc(w->paths, w->cap * sizeof *w->paths);
        assert_non_null(w->paths);
    }
    w->paths[w->n++] = strdup(p);
}

/* Property paths: "a.b" for properties, "[]" through items, "{}" through additionalProperties. */
static void visit(walk *w, const cJSON *node, const char *prefix)
{
    if (!cJSON_IsObject(node))
        return;
    const cJSON *props = cJSON_GetObjectItemCaseSensitive(node, "properties");
    const cJSON *addl = cJSON_GetObjectItemCaseSensitive(node, "additionalProperties");
    char path[512];
    if (cJSON_IsObject(props)) {
        if (!cJSON_IsFalse(addl))
            w->open_objects++;
        for (const cJSON *p = props->child; p != NULL; p = p->next) {
            snprintf(path, sizeof path, "%s%s%s", prefix, *prefix ? "." : "", p->string);
            add(w, path);
            visit(w, p, path);
        }
    }
    const cJSON *items = cJSON_GetObjectItemCaseSensitive(node, "items");
    if (cJSON_IsObject(items)) {
        snprintf(path, sizeof path, "%s[]", prefix);
        visit(w, items, path);
    }
    if (cJSON_IsObject(addl)) {
        snprintf(path, sizeof path, "%s{}", prefix);
        visit(w, addl, path);
    }
}

static bool contains(char *const *list, size_t n, const char *s)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(list[i], s) == 0)
            return true;
    return false;
}

static void test_schema_matches_loader(void **state)
{
    (void)state;
    size_t len = 0;
    char *text = ts_test_read_file(TS_SOURCE_DIR "/scenarios/tiersim.schema.json", &len);
    assert_non_null(text);
    cJSON *root = cJSON_ParseWithLength(text, len);
    assert_non_null(root);
    const cJSON *draft = cJSON_GetObjectItemCaseSensitive(root, "$schema");
    assert_true(cJSON_IsString(draft));
    assert_string_equal(draft->valuestring, "https://json-schema.org/draft/2020-12/schema");

    walk w = {0};
    visit(&w, root, "");
    size_t nk = 0;
    while (ts_scenario_known_key(nk) != NULL)
        nk++;
    assert_true(nk > 100);
    size_t problems = 0;
    for (size_t i = 0; i < nk; i++) {
        if (!contains(w.paths, w.n, ts_scenario_known_key(i))) {
            print_error("the loader accepts %s but the schema does not describe it\n", ts_scenario_known_key(i));
            problems++;
        }
    }
    for (size_t i = 0; i < w.n; i++) {
        bool found = false;
        for (size_t k = 0; k < nk && !found; k++)
            found = strcmp(ts_scenario_known_key(k), w.paths[i]) == 0;
        if (!found) {
            print_error("the schema describes %s but the loader does not accept it\n", w.paths[i]);
            problems++;
        }
    }
    assert_int_equal(problems, 0);
    assert_int_equal(w.n, nk); /* no duplicates either side */
    assert_int_equal(w.open_objects, 0); /* additionalProperties: false everywhere */

    for (size_t i = 0; i < w.n; i++)
        free(w.paths[i]);
    free(w.paths);
    cJSON_Delete(root);
    free(text);
}

/* Every key the registry lists is really accepted: a scenario setting a few deep ones loads. */
static void test_registry_spot_checks(void **state)
{
    (void)state;
    static const char *const must[] = {
        "volume.events[].multiplier", "buyers.low_dsr.description.quality", "rules.events{}.kind",
        "fulfilment.carriers[].share", "gifts.tiers[].min_order", "service.revision.auto_success_factor",
        "variants[].set", "gifts.topup.window",
    };
    for (size_t i = 0; i < sizeof must / sizeof *must; i++) {
        bool found = false;
        for (size_t k = 0; ts_scenario_known_key(k) != NULL && !found; k++)
            found = strcmp(ts_scenario_known_key(k), must[i]) == 0;
        assert_true(found);
    }
}

int main(void)
{
    gsl_set_error_handler_off(); /* as the program does (sim/cli/main.c) */
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_schema_matches_loader),
        cmocka_unit_test(test_registry_spot_checks),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
