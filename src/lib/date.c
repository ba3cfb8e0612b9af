/*
** date.c: civil dates as day numbers (date.h). The conversions are
** Howard Hinnant's well-known days-from-civil algorithms, written out for
** C.
*/
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "stepdown/date.h"

long sd_days_from_civil(long y, unsigned m, unsigned d)
{
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    unsigned yoe = (unsigned)(y - era * 400);
    unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (long)doe - 719468;
}

void sd_civil_from_days(long z, int *y, int *m, int *d, int *wday)
{
    if(wday)
        *wday = (int)(((z % 7) + 11) % 7);  /* 1970-01-01 was a Thursday */
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    unsigned doe = (unsigned)(z - era * 146097);
    unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long yy = (long)yoe + era * 400;
    unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    unsigned mp = (5 * doy + 2) / 153;
    int mm = (int)(mp < 10 ? mp + 3 : mp - 9);
    if(d)
        *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    if(m)
        *m = mm;
    if(y)
        *y = (int)(yy + (mm <= 2));
}

int sd_date_parse(const char *s, long *day)
{
    static const unsigned mdays[] = {31, 29, 31, 30, 31, 30,
                                     31, 31, 30, 31, 30, 31};
    unsigned y = 0, m = 0, d = 0;

    if(!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return -1;
    for(int i = 0; i < 10; i++) {
        if(i == 4 || i == 7)
            continue;
        if(s[i] < '0' || s[i] > '9')
            return -1;
        unsigned v = (unsigned)(s[i] - '0');
        if(i < 4)
            y = y * 10 + v;
        else if(i < 7)
            m = m * 10 + v;
        else
            d = d * 10 + v;
    }
    if(m < 1 || m > 12 || d < 1 || d > mdays[m - 1] || y < 1900 ||
       y > 2999 ||
       (m == 2 && d == 29 && !((y % 4 == 0 && y % 100) || y % 400 == 0)))
        return -1;
    *day = sd_days_from_civil((long)y, m, d);
    return 0;
}

char *sd_date_format(long day, char *out, unsigned long outsz)
{
    int y, m, d;
    sd_civil_from_days(day, &y, &m, &d, NULL);
    snprintf(out, outsz, "%04d-%02d-%02d", y, m, d);
    return out;
}

char *sd_date_words(long day, int with_year, char *out, unsigned long outsz)
{
    static const char *const wd[] = {"Sun", "Mon", "Tue", "Wed", "Thu",
                                     "Fri", "Sat"};
    static const char *const mo[] = {"Jan", "Feb", "Mar", "Apr", "May",
                                     "Jun", "Jul", "Aug", "Sep", "Oct",
                                     "Nov", "Dec"};
    int y, m, d, w;
    sd_civil_from_days(day, &y, &m, &d, &w);
    if(with_year)
        snprintf(out, outsz, "%s %d %s %d", wd[w], d, mo[m - 1], y);
    else
        snprintf(out, outsz, "%s %d %s", wd[w], d, mo[m - 1]);
    return out;
}

int sd_time_parse(const char *s, int *minute)
{
    if(!s || strlen(s) != 5 || s[2] != ':')
        return -1;
    for(int i = 0; i < 5; i++)
        if(i != 2 && (s[i] < '0' || s[i] > '9'))
            return -1;
    int h = (s[0] - '0') * 10 + (s[1] - '0');
    int mi = (s[3] - '0') * 10 + (s[4] - '0');
    if(h > 23 || mi > 59)
        return -1;
    *minute = h * 60 + mi;
    return 0;
}

long sd_date_today(void)
{
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    return sd_days_from_civil(tm.tm_year + 1900L, (unsigned)tm.tm_mon + 1,
                              (unsigned)tm.tm_mday);
}
