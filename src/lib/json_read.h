/*
** json_read.h: typed fields of a JSON request body, read or refused with
** an sd_error that names the field. Internal to the library and the
** server (src/server/srv_body.c wraps these for its bodies).
**
** Every reader takes the object o, the JSON path of o ("$",
** "$.context") and a key. An optional field (req = 0) that is absent or
** null leaves *out as it was; a required one (req = 1) is refused when
** absent. On refusal the reader returns SD_ERR_INVALID and fills err:
** `path` is the field's path ("$.context.egfr"), `text` says what to send
** instead; both are valid UTF-8 even when they hold a client's key cut
** short. Paths are cut at SD__JR_PATH_MAX - 1 bytes, as the server always
** cut them. The readers keep no state and write nothing but *out and err.
*/
#ifndef SD_JSON_READ_H
#define SD_JSON_READ_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "stepdown/stepdown.h"

#define SD__JR_PATH_MAX 128

/* Refuse with err at path: SD_ERR_INVALID. */
int sd__jr_fail(sd_error *err, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Refuse the first key of o that is not in allowed (NULL-terminated). */
int sd__jr_only_keys(json_t *o, const char *path,
                     const char *const *allowed, sd_error *err);

/* A string of min..max bytes without NUL or control characters other
** than tab, CR and LF. *out borrows from o. */
int sd__jr_str(json_t *o, const char *path, const char *key, int req,
               size_t min, size_t max, const char **out, sd_error *err);
/* A JSON integer from lo to hi. */
int sd__jr_int(json_t *o, const char *path, const char *key, int req,
               int64_t lo, int64_t hi, int64_t *out, sd_error *err);
/* A JSON number from lo to hi (NaN and infinities refused). */
int sd__jr_num(json_t *o, const char *path, const char *key, int req,
               double lo, double hi, double *out, sd_error *err);
/* true or false into 1 or 0 (optional only). */
int sd__jr_bool(json_t *o, const char *path, const char *key, int *out,
                sd_error *err);
/* A date "YYYY-MM-DD" into days since 1970-01-01. */
int sd__jr_date(json_t *o, const char *path, const char *key, int req,
                long *day, sd_error *err);
/* The value v itself as a date; path names v. */
int sd__jr_date_value(json_t *v, const char *path, long *day,
                      sd_error *err);
/* Milligrams with at most 3 decimals (a JSON number or a string such as
** "12.5") into exact micrograms. */
int sd__jr_mg(json_t *o, const char *path, const char *key, int req,
              int64_t *ug, sd_error *err);

/* Milligrams "12.5" (digits, at most 3 decimals) at s into micrograms;
** *end is set after the number. Returns 0, or -1 when s does not start
** with such a number or it is too large. */
int sd__mg_parse(const char *s, const char **end, int64_t *ug);

#endif
