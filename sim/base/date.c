/*
** date.c — civil dates as day numbers (date.h), after H. Hinnant,
** "chrono-Compatible Low-Level Date Algorithms" (days_from_civil, civil_from_days).
*/
#include "date.h"

#include <string.h>

ts_civil ts_date_from_ymd(int year, int month, int day)
{
    int y = year - (month <= 2);
    int era = (y >= 0 ? y : y - 399) / 400;
    int yoe = y - era * 400;                                       /* [0, 399] */
    int doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1; /* [0, 365] */
    int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;               /* [0, 146096] */
    return (ts_civil)(era * 146097 + doe - 719468);
}

void ts_date_to_ymd(ts_civil z0, int *year, int *month, int *mday)
{
    int z = (int)z0 + 719468;
    int era = (z >= 0 ? z : z - 146096) / 146097;
    int doe = z - era * 146097;
    int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int y = yoe + era * 400;
    int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int mp = (5 * doy + 2) / 153;
    int d = doy - (153 * mp + 2) / 5 + 1;
    int m = mp < 10 ? mp + 3 : mp - 9;
    *year = y + (m <= 2);
    *month = m;
    *mday = d;
}

int ts_date_days_in_month(int year, int month)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month == 2 && ((year % 4 == 0 && year % 100 != 0) || year % 400 == 0))
        return 29;
    return days[month - 1];
}

int ts_date_weekday(ts_civil day)
{
    /* 1970-01-01 was a Thursday (3 when Monday is 0). */
    int w = (int)((day % 7 + 7 + 3) % 7);
    return w;
}

static int digits(const char *s, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

bool ts_date_parse(const char *text, ts_civil *out)
{
    if (text == NULL || strlen(text) != 10 || text[4] != '-' || text[7] != '-')
        return false;
    int y = digits(text, 4), m = digits(text + 5, 2), d = digits(text + 8, 2);
    if (y < 1900 || y > 2999 || m < 1 || m > 12 || d < 1 || d > ts_date_days_in_month(y, m))
        return false;
    *out = ts_date_from_ymd(y, m, d);
    return true;
}

void ts_date_format(ts_civil day, char buf[static 11])
{
    int y, m, d;
    ts_date_to_ymd(day, &y, &m, &d);
    /* years are 1900..2999 for parsed dates; clamp keeps the buffer safe */
    if (y < 0)
        y = 0;
    if (y > 9999)
        y = 9999;
    buf[0] = (char)('0' + y / 1000);
    buf[1] = (char)('0' + y / 100 % 10);
    buf[2] = (char)('0' + y / 10 % 10);
    buf[3] = (char)('0' + y % 10);
    buf[4] = '-';
    buf[5] = (char)('0' + m / 10);
    buf[6] = (char)('0' + m % 10);
    buf[7] = '-';
    buf[8] = (char)('0' + d / 10);
    buf[9] = (char)('0' + d % 10);
    buf[10] = '\0';
}
