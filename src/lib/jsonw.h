/*
** jsonw.h: writing JSON text straight into a buffer, inside the library
** and the server.
**
** The text is what json_dumps(v, JSON_COMPACT | JSON_REAL_PRECISION(15))
** writes for the same values, byte for byte: keys in the order written,
** jansson's escapes, reals at 15 significant digits. Writing a 7.5 KB plan
** this way instead of building a jansson tree and dumping it is most of
** what POST /api/v1/plans costs saved (docs/BENCHMARKS.md).
**
** Errors stick: after a failed allocation, invalid UTF-8 or a NULL string,
** every later call does nothing and sd_jw_finish() returns NULL. Commas
** are the writer's business: a value after a value gets one, a value
** after a key does not.
*/
#ifndef SD_JSONW_H
#define SD_JSONW_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

typedef struct sd_jw {
    char *p;
    size_t n, cap;
    int bad;
    int comma;   /* the next value or key needs a ',' first */
} sd_jw;

#define SD_JW_INIT {NULL, 0, 0, 0, 0}

void sd_jw_open(sd_jw *w, char bracket);  /* '{' or '[' */
void sd_jw_close(sd_jw *w, char bracket); /* '}' or ']' */
void sd_jw_key(sd_jw *w, const char *key);

/* Values. A NULL string or a real that is not finite fails the text (as
** json_string() and json_real() refuse them). */
void sd_jw_str(sd_jw *w, const char *s);
void sd_jw_strn(sd_jw *w, const char *s, size_t n);
void sd_jw_int(sd_jw *w, long long v);
void sd_jw_real(sd_jw *w, double x);
void sd_jw_bool(sd_jw *w, int b);
void sd_jw_null(sd_jw *w);
/* A string, or null for NULL. */
void sd_jw_str_or_null(sd_jw *w, const char *s);
/* An amount in thousandths (ug as mg): an integer when whole, else a
** real (sd__json_milli's rule). */
void sd_jw_milli(sd_jw *w, int64_t milli);
/* "YYYY-MM-DD" of a day number; "HH:MM" of a minute of the day. */
void sd_jw_date(sd_jw *w, long day);
void sd_jw_hhmm(sd_jw *w, int minute);
/* A jansson value, whole (at most 2,048 levels deep, as jansson parses). */
void sd_jw_value(sd_jw *w, json_t *v);

/* Key and value in one call. */
#define SD_JW_KV(w, k, fn, ...) (sd_jw_key((w), (k)), fn((w), __VA_ARGS__))

/* The text, NUL-terminated, *len its length (len may be NULL); the
** caller frees it with free(). NULL when anything failed (w is then
** reset). */
char *sd_jw_finish(sd_jw *w, size_t *len);
/* The text parsed into a jansson tree (for those who want one); NULL
** when anything failed. */
json_t *sd_jw_tree(sd_jw *w);

#endif /* SD_JSONW_H */
