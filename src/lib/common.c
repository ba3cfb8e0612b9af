/*
** common.c: return codes, error records, disposition levels and the
** allocation wrappers with their failure-injection hook.
*/
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stepdown/stepdown.h"

const char *sd_strerror(int rc)
{
    switch(rc) {
    case SD_OK: return "ok";
    case SD_ERR_USAGE: return "usage or data error";
    case SD_ERR_NOMEM: return "out of memory";
    case SD_ERR_IO: return "input/output error";
    case SD_ERR_PARSE: return "malformed input";
    case SD_ERR_INVALID: return "invalid input";
    case SD_ERR_NOTFOUND: return "not found";
    default: return "unknown error";
    }
}

const char *sd_rc_name(int rc)
{
    switch(rc) {
    case SD_OK: return "ok";
    case SD_ERR_USAGE: return "usage";
    case SD_ERR_NOMEM: return "nomem";
    case SD_ERR_IO: return "io";
    case SD_ERR_PARSE: return "parse";
    case SD_ERR_INVALID: return "invalid";
    case SD_ERR_NOTFOUND: return "not_found";
    default: return "error";
    }
}

/* Length of the well-formed UTF-8 sequence at p (RFC 3629: no overlong
** form, no surrogate, nothing above U+10FFFF), or 0. */
static size_t utf8_len(const unsigned char *p)
{
    size_t n;
    unsigned char lo = 0x80, hi = 0xbf;

    if(p[0] < 0x80)
        return 1;
    if(p[0] < 0xc2 || p[0] > 0xf4)
        return 0;
    n = p[0] < 0xe0 ? 2 : p[0] < 0xf0 ? 3 : 4;
    if(p[0] == 0xe0)
        lo = 0xa0;
    else if(p[0] == 0xed)
        hi = 0x9f;
    else if(p[0] == 0xf0)
        lo = 0x90;
    else if(p[0] == 0xf4)
        hi = 0x8f;
    if(p[1] < lo || p[1] > hi)
        return 0;
    for(size_t k = 2; k < n; k++)
        if((p[k] & 0xc0) != 0x80)
            return 0;
    return n;
}

void sd_utf8_fix(char *s)
{
    unsigned char *p = (unsigned char *)s, *o = p;

    while(*p) {
        size_t n = utf8_len(p);
        if(!n) {
            p++;  /* a cut or stray sequence: dropped byte by byte */
            continue;
        }
        while(n--)
            *o++ = *p++;
    }
    *o = '\0';
}

void sd_error_clear(sd_error *err)
{
    if(err)
        memset(err, 0, sizeof(*err));
}

void sd_error_setf(sd_error *err, const char *fmt, ...)
{
    va_list ap;

    if(!err)
        return;
    sd_error_clear(err);
    va_start(ap, fmt);
    vsnprintf(err->text, sizeof(err->text), fmt, ap);
    va_end(ap);
}

char *sd_error_format(const sd_error *err, char *out, size_t outsz)
{
    size_t n = 0;

    if(!outsz)
        return out;
    out[0] = '\0';
    if(err->file[0])
        n += (size_t)snprintf(out + n, outsz - n, "%s: ", err->file);
    if(n < outsz && err->line > 0)
        n += (size_t)snprintf(out + n, outsz - n, "line %d, column %d: ",
                              err->line, err->column);
    if(n < outsz && err->path[0])
        n += (size_t)snprintf(out + n, outsz - n, "%s: ", err->path);
    if(n < outsz)
        snprintf(out + n, outsz - n, "%s",
                 err->text[0] ? err->text : "unknown error");
    return out;
}

static const char *const disp_names[SD_DISP_COUNT] = {
    "info", "self-care", "contact-soon", "call-today", "call-now", "emergency"
};

static const char *const disp_meanings[SD_DISP_COUNT] = {
    "nothing to do",
    "self-care helps; mention it at your next visit if it persists",
    "tell your prescriber within a few days",
    "call your prescriber today; do not change the dose on your own",
    "call your prescriber immediately; urgent care if you cannot reach them",
    "call emergency services now"
};

const char *sd_disposition_name(int level)
{
    if(level < 0 || level >= SD_DISP_COUNT)
        return NULL;
    return disp_names[level];
}

const char *sd_disposition_meaning(int level)
{
    if(level < 0 || level >= SD_DISP_COUNT)
        return "unknown level";
    return disp_meanings[level];
}

int sd_disposition_parse(const char *name, int *level)
{
    for(int i = 0; name && i < SD_DISP_COUNT; i++) {
        if(!strcmp(name, disp_names[i])) {
            *level = i;
            return SD_OK;
        }
    }
    return SD_ERR_INVALID;
}

/* ==== Allocation ==== */

/* The count is per thread: a global that every thread wrote on every
** allocation (jansson's too, through json_set_alloc_funcs) was a data race
** and a cache line the server's threads passed back and forth (7% of the
** time making a plan). The tests that arm a failure run on one thread. */
static _Thread_local unsigned long alloc_count;
static unsigned long alloc_fail_at; /* 0: never fail */

unsigned long sd_alloc_fail_after(unsigned long n)
{
    unsigned long made = alloc_count;

    alloc_count = 0;
    alloc_fail_at = n;
    return made;
}

static int alloc_should_fail(void)
{
    alloc_count++;
    return alloc_fail_at && alloc_count == alloc_fail_at;
}

void *sd_malloc(size_t n)
{
    if(alloc_should_fail())
        return NULL;
    return malloc(n ? n : 1);
}

void *sd_calloc(size_t count, size_t n)
{
    if(alloc_should_fail())
        return NULL;
    return calloc(count ? count : 1, n ? n : 1);
}

void *sd_realloc(void *p, size_t n)
{
    if(alloc_should_fail())
        return NULL;
    return realloc(p, n ? n : 1);
}

char *sd_strdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = sd_malloc(n);

    if(p)
        memcpy(p, s, n);
    return p;
}

void sd_free(void *p)
{
    free(p);
}
