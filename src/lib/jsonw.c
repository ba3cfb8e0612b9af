/*
** jsonw.c: JSON text written straight into a buffer (jsonw.h).
*/
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <utf8proc.h>

#include "jsonw.h"
#include "stepdown/date.h"
#include "stepdown/stepdown.h"

static void grow(sd_jw *w, size_t n)
{
    size_t cap = w->cap ? w->cap : 8192; /* most answers fit */
    if(n > SIZE_MAX / 4 - w->n) {   /* cap would overflow doubling */
        w->bad = 1;
        return;
    }
    while(cap < w->n + n + 1)
        cap *= 2;
    char *p = sd_realloc(w->p, cap);
    if(!p) {
        w->bad = 1;
        return;
    }
    w->p = p;
    w->cap = cap;
}

/* Room is kept for the final NUL. */
static inline void put(sd_jw *w, const char *s, size_t n)
{
    if(w->n + n + 1 > w->cap)
        grow(w, n);
    if(w->bad)
        return;
    memcpy(w->p + w->n, s, n);
    w->n += n;
}

static inline void put_c(sd_jw *w, char c)
{
    put(w, &c, 1);
}

/* Before a value: a comma after a value, none after a key or a bracket. */
static inline void sep(sd_jw *w)
{
    if(w->comma)
        put_c(w, ',');
    w->comma = 1;
}

void sd_jw_open(sd_jw *w, char bracket)
{
    sep(w);
    put_c(w, bracket);
    w->comma = 0;
}

void sd_jw_close(sd_jw *w, char bracket)
{
    put_c(w, bracket);
    w->comma = 1;
}

/* The bytes a string cannot hold as they are: 1 for a control character,
** '"' and '\\', 2 for the start of a multibyte character (checked). */
static const unsigned char special[256] = {
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* '"' */
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, /* '\\' */
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
    2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
    2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
    2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
    2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
    2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
    2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
    2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
};

/* jansson's escapes without JSON_ENSURE_ASCII: '"', '\\' and the control
** characters; other bytes as they are, once their UTF-8 is checked. */
static void put_string(sd_jw *w, const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t run = 0, i = 0;
    put_c(w, '"');
    for(;;) {
        while(i < n && !special[u[i]])
            i++;
        if(i == n)
            break;
        if(special[u[i]] == 2) {
            utf8proc_int32_t cp;
            utf8proc_ssize_t k = utf8proc_iterate(u + i,
                                                  (utf8proc_ssize_t)(n - i),
                                                  &cp);
            if(k < 1) {
                w->bad = 1;   /* json_string() refuses it too */
                return;
            }
            i += (size_t)k;
            continue;
        }
        unsigned char c = u[i];
        put(w, s + run, i - run);
        run = ++i;
        char e[8];
        switch(c) {
        case '"': put(w, "\\\"", 2); break;
        case '\\': put(w, "\\\\", 2); break;
        case '\b': put(w, "\\b", 2); break;
        case '\f': put(w, "\\f", 2); break;
        case '\n': put(w, "\\n", 2); break;
        case '\r': put(w, "\\r", 2); break;
        case '\t': put(w, "\\t", 2); break;
        default:
            snprintf(e, sizeof(e), "\\u%04X", c);
            put(w, e, 6);
        }
    }
    put(w, s + run, n - run);
    put_c(w, '"');
}

void sd_jw_key(sd_jw *w, const char *key)
{
    if(w->comma)
        put_c(w, ',');
    put_string(w, key, strlen(key));
    put_c(w, ':');
    w->comma = 0;
}

void sd_jw_strn(sd_jw *w, const char *s, size_t n)
{
    sep(w);
    if(!s) {
        w->bad = 1;
        return;
    }
    put_string(w, s, n);
}

void sd_jw_str(sd_jw *w, const char *s)
{
    sd_jw_strn(w, s, s ? strlen(s) : 0);
}

/* Digits of v, right to left, into the end of buf; the first one. */
static char *digits(unsigned long long v, char *end)
{
    do
        *--end = (char)('0' + v % 10);
    while(v /= 10);
    return end;
}

void sd_jw_int(sd_jw *w, long long v)
{
    char buf[24], *end = buf + sizeof(buf), *s;
    sep(w);
    s = digits(v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v,
               end);
    if(v < 0)
        *--s = '-';
    put(w, s, (size_t)(end - s));
}

/* jansson's jsonp_dtostr() at precision 15. */
void sd_jw_real(sd_jw *w, double x)
{
    char s[64];
    sep(w);
    if(!isfinite(x)) {   /* json_real() refuses it too */
        w->bad = 1;
        return;
    }
    int len = snprintf(s, sizeof(s), "%.15g", x);
    if(len < 0 || (size_t)len >= sizeof(s) - 3) {
        w->bad = 1;
        return;
    }
    for(char *p = s; *p; p++)
        if(*p == ',')
            *p = '.';   /* a locale's decimal comma */
    if(!strchr(s, '.') && !strchr(s, 'e')) {
        memcpy(s + len, ".0", 3);
        len += 2;
    }
    char *e = strchr(s, 'e');
    if(e) {
        char *start = e + 1, *end = start + 1;
        if(*start == '-')
            start++;
        while(*end == '0')
            end++;
        if(end != start) {
            memmove(start, end, (size_t)len - (size_t)(end - s) + 1);
            len -= (int)(end - start);
        }
    }
    put(w, s, (size_t)len);
}

/* n / 1000 at 15 significant digits is that decimal exactly while |n| <
** 10^15 (the nearest double to it is within half a unit of the 17th
** digit), so the digits are written without printf; the unit test
** compares them with jansson's. */
void sd_jw_milli(sd_jw *w, int64_t milli)
{
    char buf[32], *end = buf + sizeof(buf), *s = end;
    unsigned long long m;
    if(!(milli % 1000)) {
        sd_jw_int(w, milli / 1000);
        return;
    }
    if(milli <= -1000000000000000LL || milli >= 1000000000000000LL) {
        sd_jw_real(w, (double)milli / 1000.0);
        return;
    }
    sep(w);
    m = milli < 0 ? (unsigned long long)-milli : (unsigned long long)milli;
    unsigned frac = (unsigned)(m % 1000);
    int keep = frac % 10 ? 3 : frac % 100 ? 2 : 1; /* decimals */
    for(int k = 3; k > 0; k--, frac /= 10)
        if(k <= keep)
            *--s = (char)('0' + frac % 10);
    *--s = '.';
    s = digits(m / 1000, s);
    if(milli < 0)
        *--s = '-';
    put(w, s, (size_t)(end - s));
}

void sd_jw_bool(sd_jw *w, int b)
{
    sep(w);
    if(b)
        put(w, "true", 4);
    else
        put(w, "false", 5);
}

void sd_jw_null(sd_jw *w)
{
    sep(w);
    put(w, "null", 4);
}

void sd_jw_str_or_null(sd_jw *w, const char *s)
{
    if(s)
        sd_jw_str(w, s);
    else
        sd_jw_null(w);
}

void sd_jw_date(sd_jw *w, long day)
{
    char d[16];
    int y, m, dd;
    sd_civil_from_days(day, &y, &m, &dd, NULL);
    if(y < 0 || y > 9999) {   /* as sd_date_format writes it */
        sd_jw_str(w, sd_date_format(day, d, sizeof(d)));
        return;
    }
    d[0] = (char)('0' + y / 1000);
    d[1] = (char)('0' + y / 100 % 10);
    d[2] = (char)('0' + y / 10 % 10);
    d[3] = (char)('0' + y % 10);
    d[4] = '-';
    d[5] = (char)('0' + m / 10);
    d[6] = (char)('0' + m % 10);
    d[7] = '-';
    d[8] = (char)('0' + dd / 10);
    d[9] = (char)('0' + dd % 10);
    sd_jw_strn(w, d, 10);
}

void sd_jw_hhmm(sd_jw *w, int minute)
{
    char t[16];
    if(minute < 0) {   /* not a time of day: as snprintf writes it */
        snprintf(t, sizeof(t), "%02d:%02d", minute / 60 % 24, minute % 60);
        sd_jw_str(w, t);
        return;
    }
    t[0] = (char)('0' + minute / 60 % 24 / 10);
    t[1] = (char)('0' + minute / 60 % 24 % 10);
    t[2] = ':';
    t[3] = (char)('0' + minute % 60 / 10);
    t[4] = (char)('0' + minute % 60 % 10);
    sd_jw_strn(w, t, 5);
}

static void value(sd_jw *w, json_t *v, int depth)
{
    if(depth > 2048) {   /* jansson's JSON_PARSER_MAX_DEPTH, and no loop */
        w->bad = 1;
        return;
    }
    switch(json_typeof(v)) {
    case JSON_OBJECT: {
        const char *k;
        json_t *x;
        sd_jw_open(w, '{');
        json_object_foreach(v, k, x) {
            sd_jw_key(w, k);
            value(w, x, depth + 1);
        }
        sd_jw_close(w, '}');
        break;
    }
    case JSON_ARRAY: {
        size_t i;
        json_t *x;
        sd_jw_open(w, '[');
        json_array_foreach(v, i, x)
            value(w, x, depth + 1);
        sd_jw_close(w, ']');
        break;
    }
    case JSON_STRING:
        sep(w);
        put_string(w, json_string_value(v), json_string_length(v));
        break;
    case JSON_INTEGER:
        sd_jw_int(w, (long long)json_integer_value(v));
        break;
    case JSON_REAL:
        sd_jw_real(w, json_real_value(v));
        break;
    case JSON_TRUE:
    case JSON_FALSE:
        sd_jw_bool(w, json_is_true(v));
        break;
    default:
        sd_jw_null(w);
        break;
    }
}

void sd_jw_value(sd_jw *w, json_t *v)
{
    if(!v)
        w->bad = 1;
    else
        value(w, v, 0);
}

char *sd_jw_finish(sd_jw *w, size_t *len)
{
    if(w->bad || !w->p) {
        sd_free(w->p);
        memset(w, 0, sizeof(*w));
        return NULL;
    }
    w->p[w->n] = '\0';   /* put() keeps room for it */
    if(len)
        *len = w->n;
    char *p = w->p;
    memset(w, 0, sizeof(*w));
    return p;
}

json_t *sd_jw_tree(sd_jw *w)
{
    size_t n;
    char *t = sd_jw_finish(w, &n);
    json_t *v = t ? json_loadb(t, n, 0, NULL) : NULL;
    sd_free(t);
    return v;
}
