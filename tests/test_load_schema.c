/*
** test_load_schema.c — scenarios/tiersim.schema.json describes exactly the
** keys the loader accepts (ts_scenario_known_key), forbids all others, and
** gives each the type, range, default and description of its table row.
*/
#include "testutil.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cjson/cJSON.h>

#include "scenario_keys.h"
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

static cJSON *load_schema(char **text)
{
    size_t len = 0;
    *text = ts_test_read_file(TS_SOURCE_DIR "/scenarios/tiersim.schema.json", &len);
    assert_non_null(*text);
    cJSON *root = cJSON_ParseWithLength(*text, len);
    assert_non_null(root);
    return root;
}

/* The schema of the object holding path's key: "a.b[].c" -> properties a, b, items. */
static const cJSON *schema_parent(const cJSON *root, const char *path)
{
    const cJSON *node = root;
    char seg[128];
    const char *s = path;
    for (const char *dot = strchr(s, '.'); dot != NULL; s = dot + 1, dot = strchr(s, '.')) {
        size_t n = (size_t)(dot - s);
        bool items = n > 2 && s[n - 2] == '[' && s[n - 1] == ']';
        snprintf(seg, sizeof seg, "%.*s", (int)(items ? n - 2 : n), s);
        node = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(node, "properties"), seg);
        if (items)
            node = cJSON_GetObjectItemCaseSensitive(node, "items");
    }
    return node;
}

static bool in_string_array(const cJSON *a, const char *s)
{
    for (const cJSON *e = a ? a->child : NULL; e != NULL; e = e->next)
        if (cJSON_IsString(e) && strcmp(e->valuestring, s) == 0)
            return true;
    return false;
}

/* "number", "integer", ... the JSON Schema type of a row (before a nullable row's "null"). */
static const char *schema_type(const ts_key *k)
{
    switch (k->type) {
    case TS_KEY_OBJECT:
        return "object";
    case TS_KEY_ARRAY:
    case TS_KEY_NUMBERS:
        return "array";
    case TS_KEY_NUMBER:
    case TS_KEY_PROB:
        return "number";
    case TS_KEY_INTEGER:
        return "integer";
    case TS_KEY_RULEBOOK: /* ["string", "object"] */
    case TS_KEY_FILE:
    case TS_KEY_STRING:
    case TS_KEY_NAME:
    case TS_KEY_DATE:
    case TS_KEY_DAY:
    case TS_KEY_ENUM:
        break;
    }
    return "string";
}

/* The problem with node's "type", or NULL. */
static const char *type_problem(const ts_key *k, const cJSON *node)
{
    const cJSON *type = cJSON_GetObjectItemCaseSensitive(node, "type");
    if (k->type == TS_KEY_ENUM && type == NULL)
        return cJSON_GetObjectItemCaseSensitive(node, "const") ? NULL : "no type";
    bool two = k->type == TS_KEY_RULEBOOK || k->type == TS_KEY_FILE || (k->flags & TS_KEY_NULLABLE);
    if (!two)
        return cJSON_IsString(type) && strcmp(type->valuestring, schema_type(k)) == 0 ? NULL : "wrong type";
    const char *second = k->type == TS_KEY_RULEBOOK || k->type == TS_KEY_FILE ? "object" : "null";
    bool ok = cJSON_IsArray(type) && cJSON_GetArraySize(type) == 2 && in_string_array(type, schema_type(k))
              && in_string_array(type, second);
    return ok ? NULL : "wrong type";
}

/* Whether node's keyword is the number x (absent when x is NAN). */
static bool keyword_is(const cJSON *node, const char *keyword, double x)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(node, keyword);
    return isnan(x) ? v == NULL : cJSON_IsNumber(v) && v->valuedouble == x;
}

/* The problem with node's bounds, or NULL. */
static const char *bounds_problem(const ts_key *k, const cJSON *node)
{
    double lo = (double)NAN, xlo = (double)NAN, hi = (double)NAN, xhi = (double)NAN;
    if (k->type == TS_KEY_NUMBER || k->type == TS_KEY_PROB) {
        if (isfinite(k->lo))
            *(k->lo_open ? &xlo : &lo) = k->lo;
        if (isfinite(k->hi))
            *(k->hi_open ? &xhi : &hi) = k->hi;
    } else if (k->type == TS_KEY_INTEGER) {
        lo = (double)k->min;
        hi = (double)k->max;
    }
    bool ok = keyword_is(node, "minimum", lo) && keyword_is(node, "exclusiveMinimum", xlo)
              && keyword_is(node, "maximum", hi) && keyword_is(node, "exclusiveMaximum", xhi);
    if (!ok)
        return "wrong bounds";
    if (k->type == TS_KEY_NUMBERS) {
        const cJSON *items = cJSON_GetObjectItemCaseSensitive(node, "items");
        double n = (double)k->count;
        ok = keyword_is(node, "minItems", n) && keyword_is(node, "maxItems", n)
             && cJSON_IsString(cJSON_GetObjectItemCaseSensitive(items, "type"))
             && strcmp(cJSON_GetObjectItemCaseSensitive(items, "type")->valuestring, "number") == 0
             && keyword_is(items, "minimum", 0.0);
        return ok ? NULL : "wrong length or items";
    }
    if (k->type == TS_KEY_STRING || k->type == TS_KEY_NAME) {
        ok = keyword_is(node, "minLength", (k->flags & TS_KEY_NONEMPTY) ? 1.0 : (double)NAN);
        return ok ? NULL : "minLength 1 exactly when non-empty";
    }
    if (k->type == TS_KEY_DATE || k->type == TS_KEY_DAY) {
        const cJSON *f = cJSON_GetObjectItemCaseSensitive(node, "format");
        return cJSON_IsString(f) && strcmp(f->valuestring, "date") == 0 ? NULL : "not format date";
    }
    if (k->type == TS_KEY_ENUM) {
        const cJSON *e = cJSON_GetObjectItemCaseSensitive(node, "enum");
        const cJSON *one = cJSON_GetObjectItemCaseSensitive(node, "const");
        size_t n = 0;
        while (k->choices[n] != NULL)
            n++;
        if (one != NULL)
            return n == 1 && cJSON_IsString(one) && strcmp(one->valuestring, k->choices[0]) == 0 ? NULL
                                                                                                : "wrong const";
        ok = cJSON_IsArray(e) && (size_t)cJSON_GetArraySize(e) == n;
        for (size_t i = 0; ok && i < n; i++)
            ok = strcmp(cJSON_GetArrayItem(e, (int)i)->valuestring, k->choices[i]) == 0;
        return ok ? NULL : "wrong enum";
    }
    return NULL;
}

/* The problem with node's "default", or NULL: the row's, when the table has one the schema can say. */
static const char *default_problem(const ts_key *k, const cJSON *node)
{
    const cJSON *d = cJSON_GetObjectItemCaseSensitive(node, "default");
    bool computed = k->doc_default != NULL || (k->flags & TS_KEY_REQUIRED);
    if (k->flags & TS_KEY_NULLABLE)
        return d == NULL || cJSON_IsNull(d) ? NULL : "a nullable key's default is null";
    if (k->type == TS_KEY_OBJECT || k->type == TS_KEY_ARRAY)
        return NULL; /* objects merge with their keys' defaults; arrays are set by hand */
    if (d == NULL)
        return computed || k->in == TS_IN_NONE ? NULL : "no default";
    if (computed)
        return "a default the loader computes (or a required key) has none in the schema";
    bool ok = false;
    switch (k->type) {
    case TS_KEY_NUMBER:
    case TS_KEY_PROB:
        ok = cJSON_IsNumber(d) && d->valuedouble == k->def.num;
        break;
    case TS_KEY_INTEGER:
        ok = cJSON_IsNumber(d) && d->valuedouble == (double)k->def.integer;
        break;
    case TS_KEY_STRING:
    case TS_KEY_NAME:
    case TS_KEY_RULEBOOK:
        ok = cJSON_IsString(d) && k->def.text != NULL && strcmp(d->valuestring, k->def.text) == 0;
        break;
    case TS_KEY_ENUM:
        ok = cJSON_IsString(d) && strcmp(d->valuestring, k->choices[k->def.integer]) == 0;
        break;
    case TS_KEY_NUMBERS:
        ok = cJSON_IsArray(d) && (size_t)cJSON_GetArraySize(d) == k->count;
        for (size_t i = 0; ok && i < k->count; i++)
            ok = cJSON_GetArrayItem(d, (int)i)->valuedouble == k->def.numbers[i];
        break;
    case TS_KEY_DATE:
    case TS_KEY_DAY:
    case TS_KEY_OBJECT:
    case TS_KEY_ARRAY:
    case TS_KEY_FILE:
        break;
    }
    return ok ? NULL : "wrong default";
}

/* Every row of the key table: its schema has its type, bounds, default, required-ness and description. */
static void test_schema_matches_table(void **state)
{
    (void)state;
    char *text;
    cJSON *root = load_schema(&text);
    size_t n, problems = 0;
    const ts_key *t = ts_keys_table(&n);
    for (size_t i = 0; i < n; i++) {
        const ts_key *k = &t[i];
        const cJSON *parent = schema_parent(root, k->path);
        const cJSON *node = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(parent, "properties"),
                                                             ts_keys_leaf(k));
        const cJSON *desc = cJSON_GetObjectItemCaseSensitive(node, "description");
        bool required = in_string_array(cJSON_GetObjectItemCaseSensitive(parent, "required"), ts_keys_leaf(k));
        const char *why = NULL;
        if (node == NULL)
            why = "missing";
        else if (required != ((k->flags & TS_KEY_REQUIRED) != 0))
            why = required ? "required in the schema only" : "required in the table only";
        else if (!cJSON_IsString(desc) || strcmp(desc->valuestring, k->description) != 0)
            why = "its description differs from the table's";
        else if ((why = type_problem(k, node)) == NULL && (why = bounds_problem(k, node)) == NULL)
            why = default_problem(k, node);
        if (why != NULL) {
            print_error("scenarios/tiersim.schema.json: %s: %s (models/scenario_keys.c)\n", k->path, why);
            problems++;
        }
    }
    assert_int_equal(problems, 0);
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
        cmocka_unit_test(test_schema_matches_table),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
