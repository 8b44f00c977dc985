/*
** service.c — the customer-service team (docs/model.md §13): shifts on duty
** by hour of the week, arrival and handling times, and the first-come,
** first-served queue over the slots on duty.
*/
#include "models.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void ts_team_release(ts_team *t)
{
    for (size_t i = 0; i < t->n_shifts; i++)
        free(t->shifts[i].name);
    free(t->shifts);
    t->shifts = NULL;
    t->n_shifts = 0;
}

void ts_team_copy(ts_team *dst, const ts_team *src)
{
    dst->shifts = NULL;
    if (src->n_shifts > 0) {
        dst->shifts = ts_xcalloc(src->n_shifts, sizeof *dst->shifts);
        memcpy(dst->shifts, src->shifts, src->n_shifts * sizeof *src->shifts);
        for (size_t i = 0; i < src->n_shifts; i++)
            dst->shifts[i].name = ts_xstrdup(src->shifts[i].name);
    }
    dst->n_shifts = src->n_shifts;
}

void ts_desk_init(ts_desk *d, const ts_team *team, ts_civil start)
{
    memset(d, 0, sizeof *d);
    d->weekday0 = ts_date_weekday(start);
    double sum = 0.0, acc = 0.0;
    for (int h = 0; h < 24; h++)
        sum += team->hourly_profile[h];
    for (int h = 0; h < 24; h++) {
        acc += team->hourly_profile[h];
        d->profile_cdf[h] = sum > 0.0 ? acc / sum : (h + 1) / 24.0;
    }
    /* the last hour with weight ends the day: rounding never leaves u >= cdf[23] */
    for (int h = 23; h >= 0; h--) {
        d->profile_cdf[h] = 1.0;
        if (team->hourly_profile[h] > 0.0 || sum <= 0.0)
            break;
    }
    for (int g = 0, k = 0; g < 64; g++) {
        while (k < 23 && !(d->profile_cdf[k] > g / 64.0))
            k++;
        d->profile_guide[g] = (uint8_t)k;
    }
    d->handling = team->handling;
    d->mean = team->handling_mean;
    if (team->handling == TS_HANDLING_LOGNORMAL) {
        /* mean m and sd s of the lognormal: sigma^2 = ln(1 + s^2/m^2), mu = ln m - sigma^2/2 */
        double cv2 = (team->handling_sd / team->handling_mean) * (team->handling_sd / team->handling_mean);
        double s2 = log1p(cv2);
        d->sigma = sqrt(s2);
        d->mu = log(team->handling_mean) - s2 / 2.0;
    }
    d->shifts = ts_xcalloc(team->n_shifts + 1, sizeof *d->shifts);
    for (size_t i = 0; i < team->n_shifts; i++) {
        const ts_shift *s = &team->shifts[i];
        ts_desk_shift *ds = &d->shifts[d->n_shifts];
        int n_on = 0;
        for (int h = 0; h < TS_WEEK_HOURS; h++) {
            int wd = h / 24, hour = h % 24;
            ds->on[h] = (s->weekdays >> wd & 1u) && hour >= s->start_hour && hour < s->end_hour;
            n_on += ds->on[h];
        }
        size_t slots = (size_t)s->agents * (size_t)s->concurrency;
        if (slots == 0 || n_on == 0)
            continue; /* never on duty: serves nothing */
        /* gap[h]: hours from the start of h to the next hour on duty (0 when on) */
        for (int h = 0; h < TS_WEEK_HOURS; h++) {
            int k = 0;
            while (!ds->on[(h + k) % TS_WEEK_HOURS])
                k++;
            ds->gap[h] = (uint16_t)k;
        }
        ds->slots = slots;
        ds->free_at = ts_xcalloc(slots + 3, sizeof *ds->free_at);
        for (size_t k = slots; k < slots + 3; k++)
            ds->free_at[k] = HUGE_VAL; /* heap_replace_top's children past the end */
        d->n_shifts++;
    }
    d->duty = ts_xcalloc((size_t)TS_WEEK_HOURS * d->n_shifts + 1, sizeof *d->duty);
    size_t k = 0;
    for (int h = 0; h < TS_WEEK_HOURS; h++) {
        d->duty_at[h] = (uint16_t)k;
        for (size_t i = 0; i < d->n_shifts; i++)
            if (d->shifts[i].on[h])
                d->duty[k++] = (uint8_t)i; /* at most 100 shifts (docs/scenario-format.md) */
    }
    d->duty_at[TS_WEEK_HOURS] = (uint16_t)k;
    ts_desk_reset(d);
}

void ts_desk_release(ts_desk *d)
{
    if (d == NULL)
        return;
    for (size_t i = 0; i < d->n_shifts; i++)
        free(d->shifts[i].free_at);
    free(d->shifts);
    free(d->duty);
    memset(d, 0, sizeof *d);
}

void ts_desk_reset(ts_desk *d)
{
    for (size_t i = 0; i < d->n_shifts; i++)
        for (size_t k = 0; k < d->shifts[i].slots; k++)
            d->shifts[i].free_at[k] = -HUGE_VAL;
    d->hour_lo = HUGE_VAL; /* no arrival hour cached */
    d->hour_hi = -HUGE_VAL;
}

bool ts_desk_staffed(const ts_desk *d)
{
    return d->n_shifts > 0;
}

size_t ts_desk_slots_on(const ts_desk *d, int h)
{
    size_t n = 0;
    for (size_t i = 0; i < d->n_shifts; i++)
        if (d->shifts[i].on[h])
            n += d->shifts[i].slots;
    return n;
}

void ts_team_week_slots(const ts_scenario *sc, size_t slots[168])
{
    ts_desk d;
    ts_desk_init(&d, &sc->service.team, sc->start);
    for (int h = 0; h < TS_WEEK_HOURS; h++)
        slots[h] = sc->service.team.present ? ts_desk_slots_on(&d, h) : 0;
    ts_desk_release(&d);
}

/* The hour of the week (0 = Monday 00-01) of whole hour `hour` since day 0, 00:00. */
static int week_hour(const ts_desk *d, double hour)
{
    int64_t h = ((int64_t)hour + (int64_t)d->weekday0 * 24) % TS_WEEK_HOURS;
    return (int)(h < 0 ? h + TS_WEEK_HOURS : h);
}

int ts_desk_hour_of_week(const ts_desk *d, double minute)
{
    return week_hour(d, floor(minute / 60.0));
}

/* The earliest time >= t at which shift s is on duty. */
static double next_on(const ts_desk *d, const ts_desk_shift *s, double t)
{
    double hour = floor(t / 60.0);
    int h = week_hour(d, hour);
    if (s->on[h])
        return t;
    return (hour + (double)s->gap[h]) * 60.0;
}

/*
** Replace the heap's smallest free time by v and restore the heap order. A
** 4-ary heap (children of i: 4i + 1 .. 4i + 4): half the levels of a binary
** one, and each level's four loads independent of each other, so the chain of
** dependent loads a conversation waits on is half as long. h has room for
** n + 3 and h[n .. n + 2] are +inf (ts_desk_init), so every node with a child
** has four and the smallest is chosen without a branch. Only the smallest
** value is ever read, so the layout does not change any result.
*/
static void heap_replace_top(double *h, size_t n, double v)
{
    size_t i = 0;
    for (size_t l = 1; l < n; l = 4 * i + 1) {
        double x0 = h[l], x1 = h[l + 1], x2 = h[l + 2], x3 = h[l + 3];
        bool b01 = x1 < x0, b23 = x3 < x2;
        double y01 = b01 ? x1 : x0, y23 = b23 ? x3 : x2;
        size_t m01 = l + b01, m23 = l + 2 + b23;
        bool b = y23 < y01;
        double y = b ? y23 : y01;
        if (!(y < v))
            break;
        h[i] = y;
        i = b ? m23 : m01;
    }
    h[i] = v;
}

/*
** Cache the arrival hour of minute a: hour = floor(a / 60) and its hour of the
** week, with [hour_lo, hour_hi) the doubles whose floor(x / 60) is hour (the
** division rounds, so the bounds are found by stepping from 60 hour; x / 60
** rounds monotonically, so the set is an interval).
*/
static void cache_hour(ts_desk *d, double a)
{
    double h = floor(a / 60.0), lo = h * 60.0, hi = (h + 1.0) * 60.0;
    while (floor(nextafter(lo, -HUGE_VAL) / 60.0) >= h)
        lo = nextafter(lo, -HUGE_VAL);
    while (floor(lo / 60.0) < h)
        lo = nextafter(lo, HUGE_VAL);
    while (floor(nextafter(hi, -HUGE_VAL) / 60.0) > h)
        hi = nextafter(hi, -HUGE_VAL);
    while (!(floor(hi / 60.0) > h))
        hi = nextafter(hi, HUGE_VAL);
    d->hour = h;
    d->hour_lo = lo;
    d->hour_hi = hi;
    d->hour_week = week_hour(d, h);
}

void ts_desk_serve(ts_desk *d, const ts_conv *c, size_t n, double *wait)
{
    for (size_t i = 0; i < n; i++) {
        double a = c[i].arrival, best = HUGE_VAL;
        size_t bs = 0;
        if (!(a >= d->hour_lo && a < d->hour_hi))
            cache_hour(d, a);
        double hour_a = d->hour; /* the arrival's hour since day 0 and of the week */
        int ha = d->hour_week;
        /* the first shift on duty now with a slot free: served at arrival, no shift does better */
        for (size_t k = d->duty_at[ha]; k < d->duty_at[ha + 1]; k++) {
            size_t s = d->duty[k];
            if (d->shifts[s].free_at[0] <= a) {
                best = a;
                bs = s;
                goto serve;
            }
        }
        for (size_t s = 0; s < d->n_shifts; s++) { /* else the earliest start, ties the earlier shift */
            const ts_desk_shift *sh = &d->shifts[s];
            double f = sh->free_at[0], t;
            if (f <= a) /* free at arrival, off duty (else served above): the next hour on duty */
                t = (hour_a + (double)sh->gap[ha]) * 60.0;
            else
                t = next_on(d, sh, f);
            if (t < best) {
                best = t;
                bs = s;
            }
        }
    serve:
        wait[i] = best - a;
        heap_replace_top(d->shifts[bs].free_at, d->shifts[bs].slots, best + c[i].handling);
    }
}

static bool conv_before(const ts_conv *x, const ts_conv *y)
{
    return x->arrival < y->arrival || (x->arrival == y->arrival && x->seq < y->seq);
}

static void conv_swap(ts_conv *x, ts_conv *y)
{
    ts_conv t = *x;
    *x = *y;
    *y = t;
}

/* Quicksort (median of three, insertion sort below 16), recursing on the smaller side. */
static void quicksort(ts_conv *c, size_t n)
{
    while (n > 16) {
        size_t mid = n / 2;
        if (conv_before(&c[mid], &c[0]))
            conv_swap(&c[mid], &c[0]);
        if (conv_before(&c[n - 1], &c[0]))
            conv_swap(&c[n - 1], &c[0]);
        if (conv_before(&c[n - 1], &c[mid]))
            conv_swap(&c[n - 1], &c[mid]);
        ts_conv pivot = c[mid];
        size_t i = 0, j = n - 1;
        for (;;) {
            while (conv_before(&c[i], &pivot))
                i++;
            while (conv_before(&pivot, &c[j]))
                j--;
            if (i >= j)
                break;
            conv_swap(&c[i], &c[j]);
            i++;
            j--;
        }
        size_t left = j + 1; /* [0, left) <= pivot <= [left, n) */
        if (left < n - left) {
            quicksort(c, left);
            c += left;
            n -= left;
        } else {
            quicksort(c + left, n - left);
            n = left;
        }
    }
    for (size_t i = 1; i < n; i++) {
        ts_conv x = c[i];
        size_t j = i;
        while (j > 0 && conv_before(&x, &c[j - 1])) {
            c[j] = c[j - 1];
            j--;
        }
        c[j] = x;
    }
}

/* Minutes a day's conversations may span for the counting sort (one day is 1440). */
#define SORT_SPAN 4096

ts_conv *ts_conv_sort(ts_conv *c, size_t n, ts_conv *scratch)
{
    if (n < 2)
        return c;
    double lo = c[0].arrival, hi = lo;
    for (size_t i = 1; i < n; i++) {
        lo = c[i].arrival < lo ? c[i].arrival : lo;
        hi = c[i].arrival > hi ? c[i].arrival : hi;
    }
    double base = floor(lo);
    if (scratch == NULL || !(hi - base < SORT_SPAN)) {
        quicksort(c, n);
        return c;
    }
    /* counting sort by whole minute (stable), then insertion sort inside each minute */
    uint32_t start[SORT_SPAN + 1];
    size_t span = (size_t)(hi - base) + 1;
    memset(start, 0, (span + 1) * sizeof *start);
    for (size_t i = 0; i < n; i++)
        start[(size_t)(c[i].arrival - base) + 1]++;
    for (size_t k = 0; k < span; k++)
        start[k + 1] += start[k];
    for (size_t i = 0; i < n; i++)
        scratch[start[(size_t)(c[i].arrival - base)]++] = c[i];
    c = scratch;
    for (size_t i = 1; i < n; i++) {
        if (!conv_before(&c[i], &c[i - 1]))
            continue;
        ts_conv x = c[i];
        size_t j = i;
        for (; j > 0 && conv_before(&x, &c[j - 1]); j--)
            c[j] = c[j - 1];
        c[j] = x;
    }
    return c;
}
