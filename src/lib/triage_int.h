/*
** triage_int.h: the triage rule table. Internal to the library.
*/
#ifndef SD_TRIAGE_INT_H
#define SD_TRIAGE_INT_H

#include "stepdown/triage.h"

enum {
    SD__R_CONCEPT,
    SD__R_SERIOUS,
    SD__R_ESCALATE,
    SD__R_SEVERE_SEDATION,
    SD__R_WITHDRAWAL,
    SD__R_WITHDRAWAL_LATE,
    SD__R_WITHDRAWAL_RED,
    SD__R_IT_WITHDRAWAL,
    SD__R_IT_RED,
    SD__R_OVERDOSE,
    SD__R_OVERDOSE_RED,
    SD__R_INCREASE,
    SD__R_KIDNEY,
    SD__R_SEDATIVES,
    SD__R_ELDERLY,
    SD__R_STOPPED,
    SD__R_PUMP,
    SD__R_EXTRA,
    SD__R_UNRECOGNISED,
    SD__R_UNRECOGNISED_EXTRA,
    SD__R_NOTHING,
    SD__R_FRAME,
    SD__R_ONGOING,
    SD__R_NOT_CURRENT,
    SD__R_IT_POSSIBLE,
    SD__R_IT_POSSIBLE_RED,
    SD__R_PUMP_CRITICAL,
    SD__R_OVERDOSE_AMOUNT,
    SD__R_NEWBORN_RED,
    SD__R_PREGNANCY,
    SD__R_UNRECOGNISED_CHANGE,
    SD__R_KIDNEY_CONTEXT,
    SD__R_ANSWER,
    SD__R_ALCOHOL_WD,
    SD__R_UNCLEAR,
    SD__R_COUNT
};

struct sd__rule {
    const char *id;
    const char *text;
    int level;             /* -1: set by the engine */
    unsigned explanation;  /* SD_EXPL_* this rule adds */
    const char *advice;    /* NULL: the concept's own advice */
    const char *section;   /* monograph section of the fact, or NULL */
    const char *topic;     /* statement topic in that section */
    const char *policy;
};

extern const struct sd__rule sd__rules[SD__R_COUNT];
extern const sd_question sd__questions[];
extern const char *const sd__red_withdrawal[];
extern const char *const sd__red_it[];
extern const char *const sd__red_overdose[];
extern const char *const sd__red_pair[2];
extern const char *const sd__red_ongoing[];
extern const char *const sd__it_early[];
extern const char *const sd__it_grave[];
extern const char *const sd__red_overdose_cns[];

#define SD__ELDERLY_AGE 65          /* stepdown policy */
#define SD__INCREASE_WINDOW_H 168.0 /* stepdown policy: a week */
/* Signs that began in the onset window last until the drug is given again
** (oral cases resolved 4-72 h after reinstatement, Leo & Baer 2005): a cut
** or a stop counts for withdrawal up to 4 days past the window's upper
** bound (72 h + 96 h = 7 days). stepdown policy. */
#define SD__WITHDRAWAL_COURSE_H 96.0

#endif
