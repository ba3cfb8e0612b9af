/*
** date.h: calendar days as integers (days since 1970-01-01, proleptic
** Gregorian), so that date arithmetic is exact and needs no time zone.
*/
#ifndef STEPDOWN_DATE_H
#define STEPDOWN_DATE_H

long sd_days_from_civil(long y, unsigned m, unsigned d);

/* wday: 0 Sunday .. 6 Saturday. Any argument may be NULL. */
void sd_civil_from_days(long day, int *y, int *m, int *d, int *wday);

/* Parse "YYYY-MM-DD" (years 1900-2999, real dates only) into *day.
** Returns 0, or -1 when s is not such a date. */
int sd_date_parse(const char *s, long *day);

/* "YYYY-MM-DD" into out (11 bytes at least). Returns out. */
char *sd_date_format(long day, char *out, unsigned long outsz);

/* "Tue 24 Nov 2026" (with_year) or "Tue 24 Nov" into out. Returns out. */
char *sd_date_words(long day, int with_year, char *out, unsigned long outsz);

/* Parse "HH:MM" (00:00-23:59) into minutes since midnight. Returns 0 or
** -1. */
int sd_time_parse(const char *s, int *minute);

/* Today's date in local time. */
long sd_date_today(void);

#endif /* STEPDOWN_DATE_H */
