/*
** test_model_keys.c — the table of scenario keys (models/scenario_keys.c) is
** consistent: parents, structs, field types, ranges and defaults.
*/
#include "testutil.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "scenario_keys.h"

static bool scalar(const ts_key *k)
{
    return k->type != TS_KEY_OBJECT && k->type != TS_KEY_ARRAY && k->type != TS_KEY_RULEBOOK;
}

/* The struct a row's path puts its field in. */
static ts_key_in expected_in(const ts_key *k)
{
    static const struct {
        const char *prefix;
        ts_key_in in;
    } arrays[] = {
        {"volume.events[].", TS_IN_PEAK},
        {"fulfilment.carriers[].", TS_IN_CARRIER},
        {"gifts.tiers[].", TS_IN_GIFT_TIER},
        {"service.team.shifts[].", TS_IN_SHIFT},
        {"variants[].", TS_IN_NONE},
    };
    if (!scalar(k) || strcmp(k->path, "schema") == 0)
        return TS_IN_NONE; /* read by hand (e.g. a shift's weekdays list) */
    for (size_t i = 0; i < sizeof arrays / sizeof *arrays; i++)
        if (strncmp(k->path, arrays[i].prefix, strlen(arrays[i].prefix)) == 0)
            return arrays[i].in;
    return TS_IN_SCENARIO;
}

static size_t struct_size(ts_key_in in)
{
    switch (in) {
    case TS_IN_SCENARIO:
        return sizeof(ts_scenario);
    case TS_IN_PEAK:
        return sizeof(ts_peak);
    case TS_IN_CARRIER:
        return sizeof(ts_carrier);
    case TS_IN_GIFT_TIER:
        return sizeof(ts_gift_tier);
    case TS_IN_SHIFT:
        return sizeof(ts_shift);
    case TS_IN_NONE:
        break;
    }
    return 0;
}

/* The field types a key type may be stored in. */
static bool field_fits(const ts_key *k)
{
    if (k->in == TS_IN_NONE)
        return k->field == TS_FIELD_NONE;
    switch (k->type) {
    case TS_KEY_NUMBER:
    case TS_KEY_PROB:
        return k->field == TS_FIELD_DOUBLE;
    case TS_KEY_INTEGER:
        if (k->field == TS_FIELD_INT32)
            return k->min >= INT32_MIN && k->max <= INT32_MAX;
        if (k->field == TS_FIELD_UINT64)
            return k->min >= 0;
        return k->field == TS_FIELD_INT64;
    case TS_KEY_STRING:
    case TS_KEY_NAME:
        return k->field == TS_FIELD_STRING;
    case TS_KEY_DATE:
    case TS_KEY_DAY:
        return k->field == TS_FIELD_INT32;
    case TS_KEY_ENUM:
        return (k->field == TS_FIELD_OTHER || k->field == TS_FIELD_INT32) && k->size == sizeof(int);
    case TS_KEY_NUMBERS:
        return k->field == TS_FIELD_DOUBLES && k->size == k->count * sizeof(double);
    case TS_KEY_OBJECT:
    case TS_KEY_ARRAY:
    case TS_KEY_RULEBOOK:
        break;
    }
    return false;
}

/* Whether a row's default lies in its range (required keys have placeholders; null means the default). */
static bool default_fits(const ts_key *k)
{
    if (k->flags & (TS_KEY_REQUIRED | TS_KEY_NULLABLE))
        return true;
    const ts_key_value *d = &k->def;
    size_t n = 0;
    ts_civil day;
    switch (k->type) {
    case TS_KEY_NUMBER:
    case TS_KEY_PROB:
        return (k->lo_open ? d->num > k->lo : d->num >= k->lo) && (k->hi_open ? d->num < k->hi : d->num <= k->hi);
    case TS_KEY_INTEGER:
        return d->integer >= k->min && d->integer <= k->max;
    case TS_KEY_ENUM:
        while (k->choices[n] != NULL)
            n++;
        return d->integer >= 0 && (size_t)d->integer < n;
    case TS_KEY_NUMBERS:
        for (size_t i = 0; i < k->count; i++)
            if (!(d->numbers[i] >= 0))
                return false;
        return k->count <= TS_KEYS_MAX_NUMBERS;
    case TS_KEY_DATE:
        return ts_date_parse(d->text, &day);
    case TS_KEY_STRING:
    case TS_KEY_NAME:
        return !(k->flags & TS_KEY_NONEMPTY) || d->text == NULL || d->text[0] != '\0';
    case TS_KEY_DAY:
    case TS_KEY_OBJECT:
    case TS_KEY_ARRAY:
    case TS_KEY_RULEBOOK:
        break;
    }
    return true;
}

static void test_rows(void **state)
{
    (void)state;
    /* the loader reads rows as a ts_jkeylist: the path must come first */
    assert_int_equal(offsetof(ts_key, path), 0);
    size_t n;
    const ts_key *t = ts_keys_table(&n);
    assert_true(n > 100);
    size_t problems = 0;
    for (size_t i = 0; i < n; i++) {
        const ts_key *k = &t[i];
        const char *why = NULL;
        char parent[200];
        const char *dot = strrchr(k->path, '.');
        size_t pl = dot ? (size_t)(dot - k->path) : 0;
        snprintf(parent, sizeof parent, "%.*s", (int)pl, k->path);
        bool element = pl > 2 && strcmp(parent + pl - 2, "[]") == 0;
        if (element)
            parent[pl - 2] = '\0';
        const ts_key *p = dot ? ts_keys_find(parent) : NULL;
        size_t p_index = p ? (size_t)(p - t) : 0;
        if (ts_keys_find(k->path) != k)
            why = "path listed twice";
        else if (dot && (p == NULL || p->type != (element ? TS_KEY_ARRAY : TS_KEY_OBJECT)))
            why = element ? "no array row for its [] parent" : "no object row for its parent";
        else if (dot && p_index > i)
            why = "comes before its parent";
        else if (k->in != expected_in(k))
            why = "its field is in the wrong struct (or it has none)";
        else if (!field_fits(k))
            why = "its field's C type does not fit its type";
        else if (k->in != TS_IN_NONE && k->offset + k->size > struct_size(k->in))
            why = "field outside its struct";
        else if (k->type == TS_KEY_PROB && (k->lo != 0 || k->hi != 1 || k->lo_open || k->hi_open))
            why = "a probability not in [0, 1]";
        else if (k->type == TS_KEY_NUMBER && !(k->lo < k->hi))
            why = "empty range";
        else if (k->type == TS_KEY_INTEGER && !(k->min <= k->max))
            why = "empty range";
        else if (!default_fits(k))
            why = "default outside the range";
        else if (k->description == NULL || k->description[0] == '\0')
            why = "no description";
        else if ((k->flags & TS_KEY_NULLABLE) && k->doc_default == NULL)
            why = "a nullable key's documented default is missing";
        if (why != NULL) {
            print_error("%s: %s\n", k->path, why);
            problems++;
        }
    }
    assert_int_equal(problems, 0);
}

/* No two rows fill the same bytes of one struct. */
static void test_fields_disjoint(void **state)
{
    (void)state;
    size_t n;
    const ts_key *t = ts_keys_table(&n);
    for (size_t i = 0; i < n; i++) {
        for (size_t j = i + 1; j < n; j++) {
            const ts_key *a = &t[i], *b = &t[j];
            if (a->in == TS_IN_NONE || a->in != b->in)
                continue;
            bool apart = a->offset + a->size <= b->offset || b->offset + b->size <= a->offset;
            if (!apart)
                fail_msg("%s and %s fill the same field", a->path, b->path);
        }
    }
}

static void test_lookup(void **state)
{
    (void)state;
    const ts_key *k = ts_keys_find("fulfilment.carriers[].share");
    assert_non_null(k);
    assert_string_equal(ts_keys_leaf(k), "share");
    assert_true(ts_keys_under(k, "fulfilment.carriers[]"));
    assert_false(ts_keys_under(k, "fulfilment"));
    assert_null(ts_keys_find("fulfilment.carriers.share"));
    k = ts_keys_find("seed");
    assert_non_null(k);
    assert_string_equal(ts_keys_leaf(k), "seed");
    assert_true(ts_keys_under(k, ""));
    assert_false(ts_keys_under(ts_keys_find("gifts.topup.prob"), ""));
    assert_true(ts_keys_under(ts_keys_find("gifts.topup.prob"), "gifts.topup"));
    assert_false(ts_keys_under(ts_keys_find("gifts.topup.prob"), "gifts"));
}

/* Defaults land in their fields: a few of each kind (docs/scenario-format.md). */
static void test_defaults(void **state)
{
    (void)state;
    ts_scenario sc;
    ts_scenario_init_defaults(&sc);
    assert_string_equal(sc.name, "scenario");
    assert_string_equal(sc.order_value.currency, "USD");
    assert_int_equal(sc.seed, 1);
    assert_int_equal(sc.replications, 1000);
    assert_int_equal(sc.start, ts_date_from_ymd(2026, 1, 1));
    assert_int_equal(sc.fulfilment.capacity_per_day, -1);
    assert_int_equal(sc.fulfilment.promised_delivery_days, 45);
    assert_true(sc.fulfilment.stockout_prob == 0.005);
    assert_true(sc.buyers.dispute.coef[TS_FLAG_LOST] == 0.9);
    assert_true(sc.buyers.dispute.coef[TS_FLAG_DISPUTED] == 0.0);
    assert_true(sc.buyers.low_dsr[TS_DSR_COMMUNICATION].coef[TS_FLAG_SLOW_REPLY] == 0.4);
    assert_true(sc.buyers.low_star_weights[2] == 0.35);
    assert_true(sc.volume.weekday_factors[6] == 1.0);
    assert_int_equal(sc.service.feedback_reply, TS_REPLY_IMMEDIATE);
    assert_int_equal(sc.gifts.until_day, TS_NEVER);
    assert_true(sc.gifts.shipping_cost_per_kg == 8.0);
    assert_int_equal(sc.fulfilment.n_carriers, 1);
    assert_string_equal(sc.fulfilment.carriers[0].name, "standard");
    ts_scenario_release(&sc);

    ts_peak pk = {0};
    ts_keys_set_defaults(TS_IN_PEAK, &pk);
    assert_null(pk.name);
    assert_int_equal(pk.days, 1);
    assert_int_equal(pk.aftermath_days, 7);
    assert_true(pk.transit_factor == 1.0);
}

int main(void)
{
    gsl_set_error_handler_off(); /* as the program does (sim/cli/main.c) */
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rows),
        cmocka_unit_test(test_fields_disjoint),
        cmocka_unit_test(test_lookup),
        cmocka_unit_test(test_defaults),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
