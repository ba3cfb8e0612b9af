/*
** taper.h: exact, dispensable taper schedules.
**
** A plan lowers a daily regimen step by step to zero. Every dose of every
** step is made of whole allowed pieces of the tablets the patient has
** (halves or quarters only of scored tablets) or of measurable volumes of
** a liquid, in integer micrograms. The daily total never rises; no step
** cuts more than the speed allows, except that the smallest cut the
** formulation can make is always allowed; when a target cannot be made the
** planner keeps the nearest makeable dose above it (the smaller cut) and
** marks the step. The bedtime dose is lowered last. A plan never lasts
** less than the minimum the caller gives (the monograph's label minimum).
**
** When the smallest cut the formulation can make is larger than the cut
** the speed allows, the step lasts longer in proportion (up to
** SD_TAPER_MAX_STRETCH times), so that the average pace stays within the
** speed.
**
** sd_taper_adjust() revises a plan after withdrawal: back to the last
** tolerated dose, a hold, then smaller cuts and longer steps; the plan keeps
** the history of every adjustment.
*/
#ifndef STEPDOWN_TAPER_H
#define STEPDOWN_TAPER_H

#include <stddef.h>
#include <stdint.h>

#include "stepdown.h"

#define SD_TAPER_MAX_ADMIN 6      /* administrations per day */
#define SD_TAPER_MAX_STRENGTHS 8
#define SD_TAPER_MAX_STEPS 400
#define SD_TAPER_MAX_ADJUST 8     /* adjustments kept in a plan */
#define SD_TAPER_MAX_STRETCH 2    /* longest step, in days_per_step */

typedef struct sd_taper_strength {
    int64_t ug;                   /* amount per tablet */
    int pieces;                   /* 1 whole only, 2 halves, 4 quarters */
} sd_taper_strength;

typedef struct sd_taper_request {
    int nadmin;                               /* 1..SD_TAPER_MAX_ADMIN */
    int64_t dose_ug[SD_TAPER_MAX_ADMIN];      /* current dose of each */
    int minute[SD_TAPER_MAX_ADMIN];           /* time of day, 0..1439 */
    int bedtime;          /* index of the dose lowered last; -1: the last */
    /* Formulation: tablets (nstrengths > 0) or a liquid (ug_per_ml > 0). */
    sd_taper_strength strengths[SD_TAPER_MAX_STRENGTHS];
    int nstrengths;
    int64_t ug_per_ml;
    int64_t min_ul;       /* smallest measurable volume, microlitres */
    /* Speed. The cut of a step is the largest of: percent of the current
    ** daily dose, fixed_ug, min_cut_ug (and the smallest makeable cut). */
    int percent_milli;    /* thousandths of a percent: 10000 = 10 % */
    int64_t fixed_ug;
    int64_t min_cut_ug;
    int days_per_step;    /* >= 1 */
    int min_total_days;   /* the plan lasts at least this long */
    int hold_days;        /* extra days on the lowest dose before stopping */
    int first_hold_days;  /* days on the current dose before the first cut */
    int stop_now;         /* no taper: the plan is the stop alone (only
                          ** under a clinician's order; see taper_policy.h) */
    long start_day;       /* days since 1970-01-01 */
} sd_taper_request;

void sd_taper_request_init(sd_taper_request *r);

/* One dose of a step: the amount and how it is made. */
typedef struct sd_taper_dose {
    int64_t ug;
    int count[SD_TAPER_MAX_STRENGTHS];  /* pieces of each strength */
    int64_t ul;                         /* liquid volume, microlitres */
} sd_taper_dose;

typedef struct sd_taper_step {
    long first_day, last_day;           /* inclusive, days since epoch */
    sd_taper_dose dose[SD_TAPER_MAX_ADMIN];
    int64_t total_ug;
    int64_t cut_ug;                     /* from the step before */
    int rounded;          /* the target could not be made: smaller cut */
    int min_cut;          /* the smallest makeable cut exceeded the speed */
    int hold;             /* the current dose kept: the only cut the
                          ** formulation can make goes to zero, or a
                          ** hold before the first cut */
    int step_back;        /* the daily total rose: back to the last
                          ** tolerated dose after withdrawal */
    int64_t allowed_ug;   /* the largest cut the speed allowed here */
} sd_taper_step;

/* One adjustment after withdrawal, kept in the revised plan. */
typedef struct sd_taper_adjustment {
    long withdrawal_day;      /* first day of symptoms */
    int cause_step;           /* index of the step in effect (old plan) */
    int64_t cause_ug;         /* its daily total */
    int64_t back_to_ug;       /* the last tolerated daily total */
    int hold_days;            /* days held before cutting again */
    int percent_before, percent_after;    /* thousandths of a percent */
    int64_t min_cut_before, min_cut_after, fixed_before, fixed_after;
    int days_before, days_after;          /* days per step */
} sd_taper_adjustment;

typedef struct sd_taper_plan {
    sd_taper_request req;
    sd_taper_step steps[SD_TAPER_MAX_STEPS];  /* the last one is 0 mg */
    size_t nsteps;
    int64_t pieces_total[SD_TAPER_MAX_STRENGTHS]; /* pieces over the plan */
    int64_t tablets_total[SD_TAPER_MAX_STRENGTHS];/* whole tablets to dispense */
    int64_t ul_total;                          /* liquid over the plan */
    long dispense_from_day;   /* the totals count days from this one: the
                              ** start, or the last adjustment's day */
    sd_taper_adjustment adj[SD_TAPER_MAX_ADJUST];
    int nadj;
} sd_taper_plan;

/* Build the plan for r into *p. A dose of r may be 0 (already stopped)
** as long as the day's total is not. Returns SD_OK, or SD_ERR_USAGE with
** err saying what to change (a negative dose or a total of 0, a dose the
** formulation cannot make, a step of 0 days, no formulation, too many
** steps). */
int sd_taper_build(const sd_taper_request *r, sd_taper_plan *p,
                   sd_error *err);

/* Revise plan p after withdrawal that began on day withdrawal_day: keep
** the steps before that day, go back to the last tolerated daily total
** (the nearest earlier step with a higher total than the one in effect),
** hold it for hold_days, then continue with half the cuts and twice the
** days per step. Returns SD_ERR_USAGE with err saying why when no cut had
** been made by that day, or the day is before the plan, or the plan was
** adjusted SD_TAPER_MAX_ADJUST times already. out may not alias p. */
int sd_taper_adjust(const sd_taper_plan *p, long withdrawal_day,
                    int hold_days, sd_taper_plan *out, sd_error *err);

/* Check a plan read from outside (steps, doses and req set; counts,
** volumes and totals are recomputed): contiguous days, every dose makeable
** from the formulation, totals that match the doses, no rise except a
** step back, a final step of 0 mg. */
int sd_taper_verify(sd_taper_plan *p, sd_error *err);

/* Usual dose times for 1 to 4 doses a day (08:00; 08:00 20:00; 08:00
** 14:00 22:00; 08:00 12:00 16:00 22:00). Returns 0, or -1 for another
** count. */
int sd_taper_default_times(int nadmin, int *minute);

/* The index of the step in effect on day, or -1 before the plan. */
int sd_taper_step_on(const sd_taper_plan *p, long day);

/* "1½ × 10 mg", "2 × 10 mg + ¼ × 5 mg", "7.5 mL", "none": how dose d is
** made. Returns out. */
char *sd_taper_dose_words(const sd_taper_request *r, const sd_taper_dose *d,
                          char *out, size_t outsz);

/* A microgram amount as "15 mg", "2.5 mg", "0.05 mg". Returns out. */
char *sd_taper_mg(int64_t ug, char *out, size_t outsz);

#endif /* STEPDOWN_TAPER_H */
