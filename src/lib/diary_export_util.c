/*
** diary_export_util.c: what the diary's exports share (diary_export_int.h):
** ISO 8601 times with their offset, the offset of a time without one,
** comma-separated lists and a growing text buffer.
*/
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "diary_export_int.h"
#include "stepdown/date.h"

char *sd__iso_time(int64_t at, int tz_min, char *out, size_t outsz)
{
    int64_t t = at + (int64_t)tz_min * 60;
    int64_t day = t / 86400 - (t % 86400 < 0);
    int64_t s = t - day * 86400;
    char date[24];
    int off = tz_min < 0 ? -tz_min : tz_min;

    sd_date_format((long)day, date, sizeof(date));
    if(!tz_min)
        snprintf(out, outsz, "%sT%02d:%02d:%02dZ", date, (int)(s / 3600),
                 (int)(s / 60 % 60), (int)(s % 60));
    else
        snprintf(out, outsz, "%sT%02d:%02d:%02d%c%02d:%02d", date,
                 (int)(s / 3600), (int)(s / 60 % 60), (int)(s % 60),
                 tz_min < 0 ? '-' : '+', off / 60, off % 60);
    return out;
}

static int digits(const char *s, int n, int *v)
{
    *v = 0;
    for(int i = 0; i < n; i++) {
        if(s[i] < '0' || s[i] > '9')
            return -1;
        *v = *v * 10 + (s[i] - '0');
    }
    return 0;
}

int sd__iso_parse(const char *s, int64_t *at, int *tz_min)
{
    char date[11];
    long day;
    int h, mi, sec, oh, om, tz;
    size_t n = s ? strlen(s) : 0;

    if(n != 20 && n != 25)
        return -1;
    memcpy(date, s, 10);
    date[10] = '\0';
    if(sd_date_parse(date, &day) || s[10] != 'T' || s[13] != ':' ||
       s[16] != ':' || digits(s + 11, 2, &h) || digits(s + 14, 2, &mi) ||
       digits(s + 17, 2, &sec) || h > 23 || mi > 59 || sec > 59)
        return -1;
    if(n == 20) {
        if(s[19] != 'Z')
            return -1;
        tz = 0;
    } else {
        if((s[19] != '+' && s[19] != '-') || s[22] != ':' ||
           digits(s + 20, 2, &oh) || digits(s + 23, 2, &om) || om > 59)
            return -1;
        tz = oh * 60 + om;
        if(s[19] == '-')
            tz = -tz;
        if(tz < SD__TZ_MIN || tz > SD__TZ_MAX)
            return -1;
    }
    *at = (int64_t)day * 86400 + h * 3600 + mi * 60 + sec - (int64_t)tz * 60;
    *tz_min = tz;
    return 0;
}

int sd__diary_tz_at(const sd_diary *d, int64_t t)
{
    size_t lo = 0, hi = d->n;

    if(!d->n)
        return 0;
    /* The first entry after t; entries are by time. */
    while(lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if(d->e[mid].at <= t)
            lo = mid + 1;
        else
            hi = mid;
    }
    return d->e[lo ? lo - 1 : 0].tz_min;
}

int sd__list_next(const char **p, const char **item, size_t *len)
{
    const char *s = *p;
    while(s && *s == ',')
        s++;
    if(!s || !*s)
        return 0;
    *item = s;
    *len = strcspn(s, ",");
    *p = s + *len;
    return 1;
}

void sd__buf_addn(sd__buf *b, const char *s, size_t n)
{
    if(b->bad)
        return;
    if(b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 64;
        while(cap < b->len + n + 1)
            cap *= 2;
        char *p = sd_realloc(b->s, cap);
        if(!p) {
            b->bad = 1;
            return;
        }
        b->s = p;
        b->cap = cap;
    }
    memcpy(b->s + b->len, s, n);
    b->len += n;
    b->s[b->len] = '\0';
}

void sd__buf_add(sd__buf *b, const char *fmt, ...)
{
    char small[256];
    va_list ap;
    int n;

    if(b->bad)
        return;
    va_start(ap, fmt);
    n = vsnprintf(small, sizeof(small), fmt, ap);
    va_end(ap);
    if(n < 0) {
        b->bad = 1;
        return;
    }
    if((size_t)n < sizeof(small)) {
        sd__buf_addn(b, small, (size_t)n);
        return;
    }
    char *big = sd_malloc((size_t)n + 1);
    if(!big) {
        b->bad = 1;
        return;
    }
    va_start(ap, fmt);
    vsnprintf(big, (size_t)n + 1, fmt, ap);
    va_end(ap);
    sd__buf_addn(b, big, (size_t)n);
    sd_free(big);
}

const char *sd__buf_str(const sd__buf *b)
{
    return b->s && !b->bad ? b->s : "";
}

void sd__buf_free(sd__buf *b)
{
    sd_free(b->s);
    memset(b, 0, sizeof(*b));
}
