/*
** json_build.h: the builders of jansson trees shared by the library's
** JSON views (the exports, the monograph, the pump).
**
** Each new node goes into its parent at once, so the root owns everything
** built so far and one json_decref(root) releases it on any failure.
** jansson's _new setters take a NULL value and release the value when they
** fail; a failure sets *bad and the next calls do nothing harmful (a NULL
** parent refuses every value and releases it).
*/
#ifndef SD_JSON_BUILD_H
#define SD_JSON_BUILD_H

#include <jansson.h>

static inline void put(json_t *o, const char *key, json_t *v, int *bad)
{
    if(json_object_set_new(o, key, v))
        *bad = 1;
}

static inline void push(json_t *a, json_t *v, int *bad)
{
    if(json_array_append_new(a, v))
        *bad = 1;
}

/* The same, returning v to fill in (NULL after a failure). */
static inline json_t *put_new(json_t *o, const char *key, json_t *v,
                              int *bad)
{
    if(json_object_set_new(o, key, v)) {
        *bad = 1;
        return NULL;
    }
    return v;
}

static inline json_t *push_new(json_t *a, json_t *v, int *bad)
{
    if(json_array_append_new(a, v)) {
        *bad = 1;
        return NULL;
    }
    return v;
}

/* A string, or JSON null for NULL. */
static inline json_t *str_or_null(const char *s)
{
    return s ? json_string(s) : json_null();
}

#endif
