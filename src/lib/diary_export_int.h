/*
** diary_export_int.h: what the diary's exports (diary_json.c,
** diary_fhir.c, diary_report.c) share inside the library.
*/
#ifndef SD_DIARY_EXPORT_INT_H
#define SD_DIARY_EXPORT_INT_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "stepdown/diary_export.h"

/* Room for an ISO 8601 time with its offset, "2026-11-24T08:00:00+01:00",
** and its terminating NUL. */
#define SD__ISO_MAX 32

/* Local offsets the exports accept, minutes east of UTC (sd_entry_check()
** allows the same: -14:00 to +14:00). */
#define SD__TZ_MIN (-840)
#define SD__TZ_MAX 840

/* at as local time at offset tz_min: "2026-11-24T08:00:00+01:00", or with
** "Z" for offset 0. Returns out. */
char *sd__iso_time(int64_t at, int tz_min, char *out, size_t outsz);

/* Parse what sd__iso_time() writes ("Z", "+hh:mm" or "-hh:mm"; years
** 1900 to 2999): the instant into *at, the offset into *tz_min. 0, or -1
** when s is not such a time. */
int sd__iso_parse(const char *s, int64_t *at, int *tz_min);

/* The offset of the diary's entry nearest before t (the first entry's
** when none is before, 0 when the diary has none): the local time of
** things that carry no offset of their own (alerts, prescriptions). */
int sd__diary_tz_at(const sd_diary *d, int64_t t);

/* The next item of a comma-separated list: skips empty items; *p moves
** past it; 0 when the list is done. The item is (*item, *len). */
int sd__list_next(const char **p, const char **item, size_t *len);

/* A text that grows as it is written; bad when memory ran out (then it
** stays as it was). Start from {0}; release with sd__buf_free(). */
typedef struct sd__buf {
    char *s;
    size_t len, cap;
    int bad;
} sd__buf;

void sd__buf_addn(sd__buf *b, const char *s, size_t n);
void sd__buf_add(sd__buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* The text so far ("" when empty or bad). */
const char *sd__buf_str(const sd__buf *b);
void sd__buf_free(sd__buf *b);

#endif
