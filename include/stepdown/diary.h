/*
** diary.h: what a patient's diary holds, in memory.
**
** A diary is one patient's prescriptions, taper plan versions, entries
** (doses, symptom reports, withdrawal scores, alcohol and sedatives,
** supply, eGFR readings) and the alerts raised on them. The store
** (store.h) fills one from the database, the JSON import fills one from an
** export, the tests build one by hand; the monitor (monitor.h), the report
** and the exports read it. Nothing here touches SQL.
**
** Times are UTC seconds since 1970-01-01 with the local offset in force
** when the entry was made (tz_min, minutes east of UTC): the local day of
** an entry is sd_local_day(at, tz_min). Amounts are integer micrograms.
** Strings are owned by the diary (copied in by the sd_diary_add_*
** functions) and live until sd_diary_release().
*/
#ifndef STEPDOWN_DIARY_H
#define STEPDOWN_DIARY_H

#include <stddef.h>
#include <stdint.h>

#include "kb.h"
#include "taper.h"

typedef struct sd_patient {
    int64_t id;
    char pseudonym[64];   /* no names: a pseudonymous id */
    int birth_year;       /* 0 when not given */
} sd_patient;

/* Longest idempotency key. */
#define SD_KEY_MAX 128

enum sd_entry_kind {
    SD_ENTRY_DOSE = 1,
    SD_ENTRY_SYMPTOM = 2,
    SD_ENTRY_SCORE = 3,
    SD_ENTRY_SUBSTANCE = 4,   /* alcohol or another sedative */
    SD_ENTRY_SUPPLY = 5,      /* units dispensed */
    SD_ENTRY_EGFR = 6         /* a kidney function reading */
};
#define SD_ENTRY_KIND_MAX 6

enum sd_dose_kind {
    SD_DOSE_TAKEN = 0,        /* a prescribed dose, taken */
    SD_DOSE_SKIPPED = 1,      /* a prescribed dose, not taken (amount 0) */
    SD_DOSE_EXTRA = 2,        /* more than prescribed */
    SD_DOSE_PRN = 3           /* as needed, where the prescription allows */
};

enum sd_substance_kind {
    SD_SUBST_ALCOHOL = 0,     /* value: standard drinks */
    SD_SUBST_SEDATIVE = 1     /* text: what (e.g. "diazepam"), value: 0 */
};

/* The withdrawal score's items (wscore.h); -1 means not rated. */
#define SD_WSCORE_MAX_ITEMS 16

typedef struct sd_entry {
    int64_t id;              /* the store's id, 0 before writing */
    int kind;                /* enum sd_entry_kind */
    int sub;                 /* dose: enum sd_dose_kind; substance: enum
                             ** sd_substance_kind; else 0 */
    int64_t at;              /* when it happened, UTC seconds */
    int tz_min;              /* local offset at `at`, minutes east of UTC */
    int64_t entered;         /* when it was recorded, UTC seconds: an entry
                             ** made after the fact has entered > at */
    const char *key;         /* idempotency key, 1..SD_KEY_MAX bytes */
    int64_t amount_ug;       /* dose: the amount (0 when skipped);
                             ** supply: micrograms dispensed */
    double value;            /* egfr: mL/min/1.73 m2; alcohol: standard
                             ** drinks; supply: units as dispensed
                             ** (tablets, or mL of a liquid) */
    const char *text;        /* symptom: the patient's words; substance:
                             ** what; else NULL */
    /* symptom reports: what the checker found when it was logged */
    int severity;            /* 0..4 as the patient rated it, -1 not given */
    int disposition;         /* the checker's level; -1 for other kinds */
    unsigned explanations;   /* SD_EXPL_* bits (triage.h) */
    const char *concepts;    /* concept ids found, comma-separated */
    const char *rules;       /* checker rules that fired, comma-separated */
    const char *sources;     /* their source tags, comma-separated */
    /* withdrawal scores */
    int score_total;
    signed char items[SD_WSCORE_MAX_ITEMS]; /* -1 not rated */
} sd_entry;

/* A zeroed entry of kind with every "not given" field at its marker. */
void sd_entry_init(sd_entry *e, int kind);

/* A prescription. The regimen is the dose at each time of day. */
typedef struct sd_rx {
    int64_t id;
    const char *key;
    const char *drug;        /* monograph id */
    const char *formulation; /* monograph formulation id */
    const char *route;       /* the formulation's route ("oral") */
    int64_t unit_ug;         /* per tablet or capsule; 0 for a liquid */
    int64_t ug_per_ml;       /* a liquid's concentration; 0 otherwise */
    int pieces;              /* smallest piece: 1 whole, 2 half, 4 quarter */
    int nadmin;              /* 1..SD_TAPER_MAX_ADMIN */
    int64_t dose_ug[SD_TAPER_MAX_ADMIN];
    int minute[SD_TAPER_MAX_ADMIN];  /* time of day of each dose */
    long start_day;          /* days since 1970-01-01 */
    long end_day;            /* last day, -1 open */
    long since_day;          /* first day on the drug at all (may be before
                             ** start_day), -1 unknown */
    const char *prescriber;
    int64_t entered;
} sd_rx;

int64_t sd_rx_daily_ug(const sd_rx *rx);

/* One step of a stored plan, as much as the monitor needs. */
typedef struct sd_plan_brief {
    long first_day, last_day;
    int64_t total_ug;
    int step_back;           /* a return to a higher dose (adjustment) */
    int max_gap_min;         /* longest time between two doses above zero,
                             ** across midnight too; 0 unknown */
} sd_plan_brief;

/* A version of a patient's taper plan: the planner's JSON and its steps. */
typedef struct sd_plan_version {
    int64_t id;
    const char *key;
    int version;             /* 1, 2, ... per patient */
    int64_t entered;
    const char *json;        /* sd_taper_plan_to_json() output */
    sd_plan_brief *steps;
    size_t nsteps;
} sd_plan_version;

/* The longest time between two of the given doses above zero (minutes,
** wrapping past midnight), 1440 for one dose, 0 for none. */
int sd_dose_max_gap(int n, const int64_t *dose_ug, const int *minute);
/* Fill out[] (room for cap) with the steps of p; returns p->nsteps, or 0
** when cap is too small. */
size_t sd_plan_brief_fill(const sd_taper_plan *p, sd_plan_brief *out,
                          size_t cap);

/* An alert of the monitor (monitor.h), raised or stored. */
typedef struct sd_alert {
    int64_t id;              /* the store's id, 0 before storing */
    int64_t patient_id;
    const char *rule;        /* rule id, e.g. "abrupt-stop" */
    const char *key;         /* deduplication key within patient and rule */
    int disposition;         /* enum sd_disposition */
    int64_t at;              /* when the condition began, UTC seconds */
    int64_t entry_id;        /* the entry behind it, 0 none */
    const char *text;        /* what happened, with its numbers */
    const char *advice;      /* what to do, and who */
    const char *sources;     /* source tags, comma-separated */
    int64_t created;         /* when it was first stored */
    int64_t acked_at;        /* 0 while open */
    const char *acked_by;
    const char *ack_note;
} sd_alert;

typedef struct sd_diary {
    sd_patient patient;
    sd_rx *rx;               /* by start_day, then id */
    size_t nrx;
    sd_plan_version *plans;  /* by version */
    size_t nplans;
    sd_entry *e;             /* by at, then id */
    size_t n;
    sd_alert *alerts;        /* by at, then id */
    size_t nalerts;
    /* internal */
    void *priv;
    size_t rxcap, plancap, ecap, acap;
} sd_diary;

void sd_diary_init(sd_diary *d);
void sd_diary_release(sd_diary *d);

/* Copy an item and its strings into d (appended; call sd_diary_sort()
** after adding out of order). SD_OK or SD_ERR_NOMEM. */
int sd_diary_add_rx(sd_diary *d, const sd_rx *rx);
int sd_diary_add_plan(sd_diary *d, const sd_plan_version *pv);
int sd_diary_add_entry(sd_diary *d, const sd_entry *e);
int sd_diary_add_alert(sd_diary *d, const sd_alert *a);
/* Copy s into the diary's memory (NULL for NULL or no memory). */
const char *sd_diary_strdup(sd_diary *d, const char *s);
void sd_diary_sort(sd_diary *d);

/* The prescription in force on a local day (the latest started on or
** before it and not ended), or NULL. */
const sd_rx *sd_diary_rx_on(const sd_diary *d, long day);
/* The plan version in force on a day (the newest whose steps cover it),
** and its step in *step; NULL when none. */
const sd_plan_version *sd_diary_plan_on(const sd_diary *d, long day,
                                        const sd_plan_brief **step);
/* The daily dose expected on a day: the plan's step if a plan covers the
** day, else the prescription's total; -1 when neither. */
int64_t sd_diary_expected_ug(const sd_diary *d, long day);

/* The local day of a time. */
long sd_local_day(int64_t at, int tz_min);
/* "2026-11-24 08:00": a time in its local offset. Returns out. */
char *sd_local_time_format(int64_t at, int tz_min, char *out, size_t n);

/* Check an entry before it is written: kind-specific ranges, an amount
** the prescription's formulation can make (whole pieces of a tablet, 0.1
** mL of a liquid), a time not after now + 5 min and not before the first
** prescription (supply and eGFR may come first), an idempotency key.
** SD_ERR_USAGE with err saying what, and how to fix it. */
int sd_entry_check(const sd_diary *d, const sd_entry *e, int64_t now,
                   sd_error *err);

/* The checker's results an entry keeps, with room for their strings. */
typedef struct sd_symptom_fill {
    char concepts[1024];
    char rules[1024];
    char sources[1024];
} sd_symptom_fill;

struct sd_lexicon;
/* Check the words of symptom entry e (e->text, e->at) with the symptom
** checker in the context the diary gives at e->at: the route and daily
** dose of the prescription, the step downs and missed doses of the last
** days, hours since the last dose, days on the drug, the latest eGFR,
** alcohol and sedatives within 24 hours, the age from the birth year.
** Sets e->disposition, explanations, concepts, rules and sources (into
** f). The checker's errors (empty text, invalid UTF-8) pass through. */
int sd_diary_check_symptom(const struct sd_lexicon *lx, const sd_diary *d,
                           sd_entry *e, sd_symptom_fill *f, sd_error *err);

const char *sd_entry_kind_name(int kind);     /* "dose", ... */
int sd_entry_kind_parse(const char *name, int *kind);
const char *sd_dose_kind_name(int sub);       /* "taken", ... */
int sd_dose_kind_parse(const char *name, int *sub);
const char *sd_substance_kind_name(int sub);  /* "alcohol", "sedative" */
int sd_substance_kind_parse(const char *name, int *sub);

#endif /* STEPDOWN_DIARY_H */
