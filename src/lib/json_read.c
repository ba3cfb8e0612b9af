/*
** json_read.c: typed fields of a JSON request body (json_read.h).
**
** The messages are the ones the server has always sent for its bodies
** (docs/API.md): what was wrong and what to send instead.
*/
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "json_read.h"
#include "stepdown/date.h"

int sd__jr_fail(sd_error *err, const char *path, const char *fmt, ...)
{
    va_list ap;

    if(!err)
        return SD_ERR_INVALID;
    sd_error_clear(err);
    snprintf(err->path, sizeof(err->path), "%s", path ? path : "");
    va_start(ap, fmt);
    vsnprintf(err->text, sizeof(err->text), fmt, ap);
    va_end(ap);
    /* both may hold a client's key cut short */
    sd_utf8_fix(err->path);
    sd_utf8_fix(err->text);
    return SD_ERR_INVALID;
}

static void at(char *buf, size_t n, const char *path, const char *key)
{
    snprintf(buf, n, "%s.%s", path, key);
}

int sd__jr_only_keys(json_t *o, const char *path,
                     const char *const *allowed, sd_error *err)
{
    const char *k;
    json_t *v;

    json_object_foreach(o, k, v) {
        int ok = 0;
        for(size_t i = 0; allowed[i] && !ok; i++)
            ok = !strcmp(k, allowed[i]);
        if(!ok) {
            char w[SD__JR_PATH_MAX], list[256] = "";
            for(size_t i = 0; allowed[i]; i++) {
                size_t l = strlen(list);
                snprintf(list + l, sizeof(list) - l, "%s%s", i ? ", " : "",
                         allowed[i]);
            }
            at(w, sizeof(w), path, k);
            return sd__jr_fail(err, w, "unknown field; the fields here "
                               "are: %s", list);
        }
    }
    return SD_OK;
}

/* The value at key, NULL when absent or null; *rc set when it is
** required and missing. */
static json_t *field(json_t *o, const char *path, const char *key, int req,
                     const char *what, sd_error *err, int *rc)
{
    json_t *v = json_object_get(o, key);

    *rc = SD_OK;
    if(v && !json_is_null(v))
        return v;
    if(req) {
        char w[SD__JR_PATH_MAX];
        at(w, sizeof(w), path, key);
        *rc = sd__jr_fail(err, w, "missing: give %s", what);
    }
    return NULL;
}

static int no_control(const char *s, size_t n)
{
    for(size_t i = 0; i < n; i++)
        if((unsigned char)s[i] < 0x20 && s[i] != '\n' && s[i] != '\t' &&
           s[i] != '\r')
            return 0;
    return 1;
}

int sd__jr_str(json_t *o, const char *path, const char *key, int req,
               size_t min, size_t max, const char **out, sd_error *err)
{
    char w[SD__JR_PATH_MAX];
    int rc;
    json_t *v = field(o, path, key, req, "a string", err, &rc);

    if(!v)
        return rc;
    at(w, sizeof(w), path, key);
    if(!json_is_string(v))
        return sd__jr_fail(err, w, "give a string");
    size_t n = json_string_length(v);
    const char *s = json_string_value(v);
    if(n < min || n > max)
        return sd__jr_fail(err, w, "give %zu to %zu characters (got %zu)",
                           min, max, n);
    if(strlen(s) != n || !no_control(s, n))
        return sd__jr_fail(err, w, "no control characters or NUL, please");
    *out = s;
    return SD_OK;
}

int sd__jr_int(json_t *o, const char *path, const char *key, int req,
               int64_t lo, int64_t hi, int64_t *out, sd_error *err)
{
    char w[SD__JR_PATH_MAX];
    int rc;
    json_t *v = field(o, path, key, req, "a whole number", err, &rc);

    if(!v)
        return rc;
    at(w, sizeof(w), path, key);
    if(!json_is_integer(v) || json_integer_value(v) < lo ||
       json_integer_value(v) > hi)
        return sd__jr_fail(err, w, "give a whole number from %lld to %lld",
                           (long long)lo, (long long)hi);
    *out = json_integer_value(v);
    return SD_OK;
}

int sd__jr_num(json_t *o, const char *path, const char *key, int req,
               double lo, double hi, double *out, sd_error *err)
{
    char w[SD__JR_PATH_MAX];
    int rc;
    json_t *v = field(o, path, key, req, "a number", err, &rc);

    if(!v)
        return rc;
    at(w, sizeof(w), path, key);
    double x = json_is_number(v) ? json_number_value(v) : NAN;
    if(!(x >= lo && x <= hi))
        return sd__jr_fail(err, w, "give a number from %g to %g", lo, hi);
    *out = x;
    return SD_OK;
}

int sd__jr_bool(json_t *o, const char *path, const char *key, int *out,
                sd_error *err)
{
    json_t *v = json_object_get(o, key);

    if(!v || json_is_null(v))
        return SD_OK;
    if(!json_is_boolean(v)) {
        char w[SD__JR_PATH_MAX];
        at(w, sizeof(w), path, key);
        return sd__jr_fail(err, w, "give true or false");
    }
    *out = json_is_true(v);
    return SD_OK;
}

int sd__jr_date_value(json_t *v, const char *path, long *day, sd_error *err)
{
    if(!json_is_string(v) || json_string_length(v) != 10 ||
       sd_date_parse(json_string_value(v), day))
        return sd__jr_fail(err, path, "give a date as YYYY-MM-DD");
    return SD_OK;
}

int sd__jr_date(json_t *o, const char *path, const char *key, int req,
                long *day, sd_error *err)
{
    char w[SD__JR_PATH_MAX];
    int rc;
    json_t *v = field(o, path, key, req, "a date (YYYY-MM-DD)", err, &rc);

    if(!v)
        return rc;
    at(w, sizeof(w), path, key);
    return sd__jr_date_value(v, w, day, err);
}

int sd__mg_parse(const char *s, const char **end, int64_t *ug)
{
    int64_t whole = 0, frac = 0;
    int nd = 0, digits = 0;
    const char *p = s;

    while(*p >= '0' && *p <= '9') {
        if(whole > 100000000)
            return -1;
        whole = whole * 10 + (*p++ - '0');
        digits++;
    }
    if(*p == '.') {
        p++;
        while(*p >= '0' && *p <= '9') {
            if(nd == 3)
                return -1;
            frac = frac * 10 + (*p++ - '0');
            nd++;
        }
        if(!nd)
            return -1;
    }
    if(!digits)
        return -1;
    while(nd < 3) {
        frac *= 10;
        nd++;
    }
    *ug = whole * 1000 + frac;
    *end = p;
    return 0;
}

int sd__jr_mg(json_t *o, const char *path, const char *key, int req,
              int64_t *ug, sd_error *err)
{
    char w[SD__JR_PATH_MAX], buf[64];
    const char *end;
    int rc;
    json_t *v = field(o, path, key, req, "milligrams", err, &rc);

    if(!v)
        return rc;
    at(w, sizeof(w), path, key);
    if(json_is_integer(v) && json_integer_value(v) >= 0 &&
       json_integer_value(v) <= 100000000) {
        *ug = json_integer_value(v) * 1000;
        return SD_OK;
    }
    if(json_is_real(v))
        snprintf(buf, sizeof(buf), "%.6g", json_real_value(v));
    else if(json_is_string(v) && json_string_length(v) < sizeof(buf))
        snprintf(buf, sizeof(buf), "%s", json_string_value(v));
    else
        buf[0] = '\0';
    if(sd__mg_parse(buf, &end, ug) || *end)
        return sd__jr_fail(err, w, "give milligrams, e.g. 60 or 12.5 (at "
                           "most 3 decimals)");
    return SD_OK;
}
