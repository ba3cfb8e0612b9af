/*
** srv_http.c: filling responses (server.h). The libmicrohttpd side of a
** response is in srv_main.c.
*/
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "server.h"

void srv_resp_free(struct srv_resp *r)
{
    free(r->body);
    for(int i = 0; i < r->nheaders; i++)
        free(r->hval[i]);
    memset(r, 0, sizeof(*r));
}

int srv_header_add(struct srv_resp *r, const char *name, const char *fmt,
                   ...)
{
    char buf[512];
    va_list ap;
    if(r->nheaders == SRV_MAX_HEADERS)
        return -1;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    char *v = strdup(buf);
    if(!v)
        return -1;
    r->hname[r->nheaders] = name;
    r->hval[r->nheaders++] = v;
    return 0;
}

/* Replace the body. */
static void set_body(struct srv_resp *r, int status, const char *type,
                     char *body, size_t len)
{
    free(r->body);
    r->status = status;
    r->type = type;
    r->body = body;
    r->len = len;
}

/* The answer when memory runs out: a constant, so it cannot fail. */
static int out_of_memory(struct srv_resp *r)
{
    static const char msg[] = "{\"error\":{\"code\":\"internal\",\"message\":"
                              "\"out of memory; try again\"}}";
    char *b = malloc(sizeof(msg));
    if(b)
        memcpy(b, msg, sizeof(msg));
    set_body(r, 500, "application/json", b, b ? sizeof(msg) - 1 : 0);
    return 500;
}

/* ---- srv_dump: json_dumps(v, JSON_COMPACT | JSON_REAL_PRECISION(15)),
** byte for byte, without jansson 2.14's loop check (a hash table insert
** and an snprintf of the pointer for every object and array), which was
** a third of the server's time on POST /check. Values built by the
** handlers have no loops. ---- */

struct dbuf {
    char *p;
    size_t n, cap;
    int bad;
};

static void put(struct dbuf *b, const char *s, size_t n)
{
    if(b->bad)
        return;
    if(b->n + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 8192; /* most answers fit */
        while(cap < b->n + n + 1)
            cap *= 2;
        char *p = realloc(b->p, cap);
        if(!p) {
            b->bad = 1;
            return;
        }
        b->p = p;
        b->cap = cap;
    }
    memcpy(b->p + b->n, s, n);
    b->n += n;
}

static void put_string(struct dbuf *b, const char *s, size_t n)
{
    size_t run = 0;
    put(b, "\"", 1);
    for(size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if(c >= 0x20 && c != '"' && c != '\\')
            continue;
        put(b, s + run, i - run);
        run = i + 1;
        char e[8];
        switch(c) {
        case '"': put(b, "\\\"", 2); break;
        case '\\': put(b, "\\\\", 2); break;
        case '\b': put(b, "\\b", 2); break;
        case '\f': put(b, "\\f", 2); break;
        case '\n': put(b, "\\n", 2); break;
        case '\r': put(b, "\\r", 2); break;
        case '\t': put(b, "\\t", 2); break;
        default:
            snprintf(e, sizeof(e), "\\u%04X", c);
            put(b, e, 6);
        }
    }
    put(b, s + run, n - run);
    put(b, "\"", 1);
}

/* jansson's jsonp_dtostr() at precision 15 */
static void put_real(struct dbuf *b, double x)
{
    char s[64];
    int len = snprintf(s, sizeof(s), "%.15g", x);
    if(len < 0 || (size_t)len >= sizeof(s) - 3) {
        b->bad = 1;
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
    put(b, s, (size_t)len);
}

static void put_value(struct dbuf *b, json_t *v, int depth)
{
    char num[32];
    if(depth > 2048) {   /* jansson's JSON_PARSER_MAX_DEPTH, and no loop */
        b->bad = 1;
        return;
    }
    switch(json_typeof(v)) {
    case JSON_OBJECT: {
        const char *k;
        json_t *x;
        int first = 1;
        put(b, "{", 1);
        json_object_foreach(v, k, x) {
            if(!first)
                put(b, ",", 1);
            first = 0;
            put_string(b, k, strlen(k));
            put(b, ":", 1);
            put_value(b, x, depth + 1);
        }
        put(b, "}", 1);
        break;
    }
    case JSON_ARRAY: {
        size_t i;
        json_t *x;
        put(b, "[", 1);
        json_array_foreach(v, i, x) {
            if(i)
                put(b, ",", 1);
            put_value(b, x, depth + 1);
        }
        put(b, "]", 1);
        break;
    }
    case JSON_STRING:
        put_string(b, json_string_value(v), json_string_length(v));
        break;
    case JSON_INTEGER:
        put(b, num, (size_t)snprintf(num, sizeof(num), "%" JSON_INTEGER_FORMAT,
                                     json_integer_value(v)));
        break;
    case JSON_REAL:
        put_real(b, json_real_value(v));
        break;
    case JSON_TRUE:
        put(b, "true", 4);
        break;
    case JSON_FALSE:
        put(b, "false", 5);
        break;
    default:
        put(b, "null", 4);
        break;
    }
}

char *srv_dump(json_t *v, size_t *len)
{
    struct dbuf b = {NULL, 0, 0, 0};
    if(!v)
        return NULL;
    put_value(&b, v, 0);
    if(b.bad || !b.p) {
        free(b.p);
        return NULL;
    }
    b.p[b.n] = '\0';   /* put() keeps room for it */
    if(len)
        *len = b.n;
    return b.p;
}

int srv_json(struct srv_resp *r, int status, json_t *v)
{
    size_t n = 0;
    char *s = srv_dump(v, &n);
    json_decref(v);
    if(!s)
        return out_of_memory(r);
    set_body(r, status, "application/json", s, n);
    return status;
}

void srv_utf8_fix(char *s)
{
    unsigned char *p = (unsigned char *)s, *o = p;
    while(*p) {
        size_t n = *p < 0x80                ? 1
                   : (*p & 0xe0) == 0xc0 ? 2
                   : (*p & 0xf0) == 0xe0 ? 3
                   : (*p & 0xf8) == 0xf0 ? 4
                                           : 0;
        size_t k = 1;
        while(k < n && (p[k] & 0xc0) == 0x80)
            k++;
        if(n && k == n) {
            while(k--)
                *o++ = *p++;
        } else {
            p += n ? k : 1; /* a cut or stray sequence: dropped */
        }
    }
    *o = '\0';
}

int srv_error(struct srv_resp *r, int status, const char *code,
              const char *where, const char *fmt, ...)
{
    char msg[640], w[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    /* a %.Ns of a client's string may have cut a character in two */
    srv_utf8_fix(msg);
    json_t *e = json_pack("{s:s, s:s}", "code", code, "message", msg);
    if(e && where && *where) {
        snprintf(w, sizeof(w), "%s", where);
        srv_utf8_fix(w);
        json_object_set_new(e, "where", json_string(w));
    }
    return srv_json(r, status, e ? json_pack("{s:o}", "error", e) : NULL);
}

int srv_fail(struct srv_resp *r, int rc, const sd_error *err)
{
    char msg[640];
    sd_error_format(err, msg, sizeof(msg));
    switch(rc) {
    case SD_ERR_NOMEM:
        return out_of_memory(r);
    case SD_ERR_IO:
        return srv_error(r, 500, "internal", NULL, "%s", msg);
    case SD_ERR_NOTFOUND:
        return srv_error(r, 404, "not_found", NULL, "%s", msg);
    case SD_ERR_PARSE:
        return srv_error(r, 400, "bad_json", NULL, "%s", msg);
    default:
        return srv_error(r, 400, "invalid", NULL, "%s", msg);
    }
}

int srv_text(struct srv_resp *r, int status, const char *type,
             const char *text, size_t len)
{
    char *b = malloc(len + 1);
    if(!b)
        return out_of_memory(r);
    memcpy(b, text, len);
    b[len] = '\0';
    set_body(r, status, type, b, len);
    return status;
}

int srv_attach(struct srv_resp *r, const char *type, const char *filename,
               char *body, size_t len)
{
    set_body(r, 200, type, body, len);
    srv_header_add(r, "Content-Disposition", "attachment; filename=\"%s\"",
                   filename);
    return 200;
}

int srv_invalid(struct srv_resp *r, const char *where, const sd_error *err)
{
    return srv_error(r, 400, "invalid", err->path[0] ? err->path : where,
                     "%s", err->text);
}

int srv_no_db(struct srv_resp *r)
{
    return srv_error(r, 500, "internal", NULL, "the database is not "
                     "available");
}
