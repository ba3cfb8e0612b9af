/*
** pump.h: the intrathecal pump refill calculator.
**
** From the volume of drug in an implanted pump's reservoir after a refill,
** its concentration, the programmed daily dose, the fill date and the
** programmed low-reservoir alarm volume, sd_pump_compute() gives the date
** (and, when the fill time is known, the time) at which the low-reservoir
** alarm will sound and the pump will run empty, the date by which to refill
** (the alarm date less a lead time), and the hours of drug left when the
** alarm sounds. It checks the concentration and the dose against the
** labelled intrathecal formulations and maintenance doses of the monograph
** and warns, with a disposition level, about what needs attention.
**
** The arithmetic is integer and exact: volumes in microlitres, a
** concentration in micrograms per mL, so that volume x concentration is an
** amount in nanograms, and the daily dose in nanograms per day (1 mcg =
** 1000 ng, so a dose of 112.5 mcg/day is exact). Every time is rounded
** down: the dates come out on the early, safe side. docs/PUMP.md has the
** formulas. The calculator does not program a pump; that is the
** specialist's work.
*/
#ifndef STEPDOWN_PUMP_H
#define STEPDOWN_PUMP_H

#include <stdint.h>

#include "kb.h"
#include "stepdown.h"

/* The notice the pump outputs carry, once, near the top. */
#define SD_PUMP_NOTICE                                                      \
    "stepdown supports the specialist who programs and refills the pump; "  \
    "it does not replace them. The alarm date on the pump printout comes "  \
    "first: if this calculation disagrees with it, ask the pump clinic."

/* Where the warning levels come from (docs/PUMP.md). */
#define SD_PUMP_POLICY "stepdown pump policy (docs/PUMP.md: warnings)"

/* Limits of a request; anything beyond is refused as nonsense. */
#define SD_PUMP_MAX_RESERVOIR_UL 100000     /* 100 mL */
#define SD_PUMP_MAX_UG_PER_ML 1000000       /* 1 g per mL */
#define SD_PUMP_MAX_NG_DAY 1000000000000LL  /* 1 g a day */
#define SD_PUMP_MAX_DAYS 3653               /* 10 years to empty */
#define SD_PUMP_MAX_LEAD_DAYS 90
#define SD_PUMP_LEAD_DEFAULT (-1)           /* lead_days: the monograph's */

/* Warning codes (bit flags of sd_pump_plan.warned). */
#define SD_PUMP_W_CONCENTRATION (1u << 0) /* not a labelled concentration */
#define SD_PUMP_W_DOSE (1u << 1)          /* outside every labelled range */
#define SD_PUMP_W_UNCHECKED (1u << 2)     /* the monograph gives no label
                                          ** to check against */
#define SD_PUMP_W_ALARM_ZERO (1u << 3)    /* alarm volume 0: no early alarm */
#define SD_PUMP_W_LEAD_LONG (1u << 4)     /* refill-by falls before the fill */
#define SD_PUMP_W_REFILL_PAST (1u << 5)   /* refill-by date before today */
#define SD_PUMP_W_ALARM_PAST (1u << 6)    /* alarm date today or earlier */
#define SD_PUMP_W_EMPTY_PAST (1u << 7)    /* empty date today or earlier */

#define SD_PUMP_MAX_WARNINGS 8
#define SD_PUMP_MAX_WSRC 16   /* sources cited by one warning */
#define SD_PUMP_MAX_LIST 16   /* labelled concentrations, ranges, leads */

typedef struct sd_pump_request {
    int64_t reservoir_ul; /* drug in the reservoir after the fill, uL:
                          ** 1 to SD_PUMP_MAX_RESERVOIR_UL */
    int64_t alarm_ul;     /* programmed low-reservoir alarm volume, uL:
                          ** 0 (warned) to reservoir_ul - 1 */
    int64_t ug_per_ml;    /* concentration: 1 to SD_PUMP_MAX_UG_PER_ML */
    int64_t dose_ng_day;  /* daily dose in ng (mcg x 1000): 1 to
                          ** SD_PUMP_MAX_NG_DAY */
    long filled_day;      /* fill date, days since 1970-01-01 */
    int filled_minute;    /* minute of the day the fill ended, 0-1439; when
                          ** unknown give 0, the earliest it can have been */
    int lead_days;        /* days before the alarm to refill, 0 to
                          ** SD_PUMP_MAX_LEAD_DAYS, or SD_PUMP_LEAD_DEFAULT */
    long today;           /* the "already past" warnings are relative to
                          ** this day */
} sd_pump_request;

/* Set r to an empty request: every number 0 and the default lead. */
void sd_pump_request_init(sd_pump_request *r);

/* A moment: a day and a minute of that day. */
typedef struct sd_pump_when {
    long day;             /* days since 1970-01-01 */
    int minute;           /* 0-1439 */
} sd_pump_when;

typedef struct sd_pump_warning {
    unsigned code;        /* one SD_PUMP_W_* bit */
    const char *name;     /* its machine name: "concentration", ... */
    int level;            /* enum sd_disposition */
    char text[320];       /* what is wrong, for people; names no date */
    size_t src[SD_PUMP_MAX_WSRC]; /* monograph source indices behind it */
    size_t nsrc;
} sd_pump_warning;

typedef struct sd_pump_plan {
    int64_t ng_total;      /* drug in the reservoir: reservoir x conc. */
    int64_t ng_at_alarm;   /* drug left when the alarm sounds */
    int64_t minutes_to_alarm; /* from the fill, rounded down */
    int64_t minutes_to_empty; /* from the fill, rounded down */
    sd_pump_when alarm;    /* when the low-reservoir alarm sounds */
    sd_pump_when empty;    /* when the reservoir runs dry */
    long refill_by_day;    /* alarm.day - lead_days */
    int64_t hours_at_alarm; /* hours of drug left at the alarm, rounded
                           ** down */
    int lead_days;         /* the lead used */
    int lead_is_default;   /* 1 when it is the monograph's longest lead */

    /* What the monograph says, borrowed from it (valid while it lives). */
    const sd_param *leads[SD_PUMP_MAX_LIST]; /* pump 'refill lead' params */
    size_t nleads;
    int64_t labelled_ug_per_ml[SD_PUMP_MAX_LIST]; /* ascending, unique */
    size_t nlabelled;
    const sd_formulation *it_forms[SD_PUMP_MAX_LIST]; /* route intrathecal */
    size_t nit_forms;
    const sd_param *ranges[SD_PUMP_MAX_LIST]; /* maintenance ranges */
    size_t nranges;
    unsigned in_range;     /* bit i: the dose lies within ranges[i] */
    int concentration_labelled; /* 1 when one of labelled_ug_per_ml */

    sd_pump_warning warnings[SD_PUMP_MAX_WARNINGS]; /* highest level
                                                    ** first */
    size_t nwarnings;
    unsigned warned;       /* SD_PUMP_W_* bits of the warnings */
    int level;             /* the highest warning level; info when none */
} sd_pump_plan;

/* Compute the plan for r with the facts of m into *p. m gives the default
** lead and the labels to check against; it may be NULL, and then no label
** is checked and r->lead_days must be given. Returns SD_OK, or
** SD_ERR_USAGE with err (if not NULL) saying what to change: err->path
** names the request field at fault ("reservoir", "alarm",
** "concentration", "dose", "filled", "lead", "today") and err->text says
** what is wrong and what to give instead. *p is then undefined. Nothing is
** allocated. */
int sd_pump_compute(const sd_monograph *m, const sd_pump_request *r,
                    sd_pump_plan *p, sd_error *err);

/* The plan as JSON (docs/schema/pump.schema.json), with the pump section's
** statements, the intrathecal withdrawal red flags and every source cited.
** fill_time_known says whether r->filled_minute was given (times are
** null otherwise). Returns a new reference, or NULL when memory runs
** out. */
struct json_t;
struct json_t *sd_pump_json(const sd_monograph *m, const sd_pump_request *r,
                            const sd_pump_plan *p, int fill_time_known);

/* The withdrawal facts a pump user must know, by topic, in print order:
** the i-th topic of the monograph's withdrawal statements, or NULL past
** the last. */
const char *sd_pump_red_flag_topic(size_t i);

#endif /* STEPDOWN_PUMP_H */
