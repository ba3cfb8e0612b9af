/*
** arena.c: bump allocation in chunks obtained from sd_malloc.
*/
#include "arena.h"

#include <stdalign.h>
#include <stdint.h>
#include <string.h>

#include "stepdown/stepdown.h"

#define ARENA_CHUNK 8192

struct sd__arena_chunk {
    struct sd__arena_chunk *next;
    alignas(max_align_t) unsigned char data[];
};

void *sd__arena_alloc(struct sd__arena *a, size_t n)
{
    const size_t align = alignof(max_align_t);
    size_t off = (a->used + align - 1) & ~(align - 1);

    if(n == 0)
        n = 1;
    if(!a->head || off > a->cap || n > a->cap - off) {
        size_t cap = n > ARENA_CHUNK ? n : ARENA_CHUNK;
        struct sd__arena_chunk *c;

        if(cap > SIZE_MAX - sizeof(*c))
            return NULL;
        c = sd_malloc(sizeof(*c) + cap);
        if(!c)
            return NULL;
        c->next = a->head;
        a->head = c;
        a->cap = cap;
        off = 0;
    }
    a->used = off + n;
    memset(a->head->data + off, 0, n);
    return a->head->data + off;
}

char *sd__arena_strdup(struct sd__arena *a, const char *s)
{
    size_t n;
    char *p;

    if(!s)
        return NULL;
    n = strlen(s) + 1;
    p = sd__arena_alloc(a, n);
    if(p)
        memcpy(p, s, n);
    return p;
}

void sd__arena_release(struct sd__arena *a)
{
    struct sd__arena_chunk *c = a->head;

    while(c) {
        struct sd__arena_chunk *next = c->next;
        sd_free(c);
        c = next;
    }
    a->head = NULL;
    a->used = 0;
    a->cap = 0;
}
