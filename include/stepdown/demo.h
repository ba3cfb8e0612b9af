/*
** demo.h: two demo patients with 60 days of diary, for `stepdown serve
** --demo`, `stepdown demo` and the tests.
**
** "demo-ana" (born 1968) has been on 20 mg three times a day (10 mg scored
** tablets) for years and follows a slow taper that began 50 days ago:
** doses at her usual times (within 40 minutes), three skipped, refills
** before each box runs out, an eGFR reading, two mild side effects in her
** own words and low weekly withdrawal scores. She ends with no open alert.
**
** "demo-ben" (born 1979) was on 20 mg four times a day and follows a
** faster taper than his risk suggests. Three days ago the plan stepped
** down again; since then he missed doses, reported withdrawal signs in his
** own words, drank one evening and his withdrawal score rose to moderate:
** the monitor raises call-today alerts, so a panel ranked by the highest
** open alert puts him first.
**
** Everything goes through the public interfaces: the prescriptions and
** plans are the planner's (sd_taper_make), every symptom report is read by
** the symptom checker in its diary's context (sd_diary_check_symptom),
** every entry passes sd_entry_check, and the alerts are the monitor's,
** stored with sd_store_alert_save. The days and times follow `now` (the
** diary ends at now, in local time tz_min); the rest comes from a fixed
** seed, so the same now and tz_min give the same diaries.
**
** The monograph must list an oral 10 mg tablet scored in halves.
*/
#ifndef STEPDOWN_DEMO_H
#define STEPDOWN_DEMO_H

#include <stdint.h>

#include "kb.h"
#include "lexicon.h"
#include "stepdown.h"
#include "store.h"

/* Days of diary, ending at now (the first day is today - 59). */
#define SD_DEMO_DAYS 60
#define SD_DEMO_PATIENTS 2

/* Two demo patients with 60 days of diary ending at now. */
typedef struct sd_demo_result {
    int64_t patient_id[SD_DEMO_PATIENTS];
    const char *pseudonym[SD_DEMO_PATIENTS];  /* static strings */
} sd_demo_result;

/* Add the demo patients to st, with their prescriptions, plan, entries
** and the monitor's alerts at now, in one batch (call it outside a batch).
** Idempotency keys are "demo-PSEUDONYM-N". A demo patient whose pseudonym
** is in the database already is left as it is: its id is returned and
** nothing is written for it, so a second call adds nothing. out may be
** NULL. On an error nothing is written (SD_ERR_INVALID when the monograph
** has no 10 mg scored tablet; the store's and the checker's errors pass
** through). */
int sd_demo_fill(sd_store *st, const sd_monograph *m, const sd_lexicon *lx,
                 int64_t now, int tz_min, sd_demo_result *out, sd_error *err);

#endif /* STEPDOWN_DEMO_H */
