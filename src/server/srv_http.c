/*
** srv_http.c: filling responses (server.h). The libmicrohttpd side of a
** response is in srv_main.c.
*/
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonw.h"
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

/* srv_dump: json_dumps(v, JSON_COMPACT | JSON_REAL_PRECISION(15)), byte
** for byte, without jansson 2.14's loop check (a hash table insert and an
** snprintf of the pointer for every object and array), which was a third
** of the server's time on POST /check. Values built by the handlers have
** no loops. */
char *srv_dump(json_t *v, size_t *len)
{
    sd_jw w = SD_JW_INIT;
    sd_jw_value(&w, v);
    return sd_jw_finish(&w, len);
}

int srv_json_text(struct srv_resp *r, int status, char *s, size_t n)
{
    if(!s)
        return out_of_memory(r);
    set_body(r, status, "application/json", s, n);
    return status;
}

int srv_json(struct srv_resp *r, int status, json_t *v)
{
    size_t n = 0;
    char *s = srv_dump(v, &n);
    json_decref(v);
    return srv_json_text(r, status, s, n);
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
    sd_utf8_fix(msg);
    json_t *e = json_pack("{s:s, s:s}", "code", code, "message", msg);
    if(e && where && *where) {
        snprintf(w, sizeof(w), "%s", where);
        sd_utf8_fix(w);
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
