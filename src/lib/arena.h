/*
** arena.h: a bump allocator for data that lives and dies together (a
** loaded monograph, later one request). Internal to the library.
*/
#ifndef SD_ARENA_H
#define SD_ARENA_H

#include <stddef.h>

struct sd__arena_chunk;

struct sd__arena {
    struct sd__arena_chunk *head;
    size_t used;   /* bytes used in head */
    size_t cap;    /* capacity of head */
};

#define SD__ARENA_INIT {NULL, 0, 0}

/* Return n bytes of zeroed memory aligned for any type, owned by a, or
** NULL when memory runs out (a is left usable). */
void *sd__arena_alloc(struct sd__arena *a, size_t n);

/* Copy the NUL-terminated s into a. NULL for NULL s or no memory. */
char *sd__arena_strdup(struct sd__arena *a, const char *s);

/* Free every chunk; a is left empty and reusable. */
void sd__arena_release(struct sd__arena *a);

#endif
