/*
** triage.h: the symptom checker. A patient's words and context in,
** recognised symptoms, their likely explanations and one disposition out.
**
** sd_check() reads the text with the lexicon (lexicon.h), merges the
** context the caller gives with the context the text gives (a flag wins
** over the same kind of cue in the text), and applies the triage rules of
** src/lib/triage_rules.c, one table that docs/TRIAGE.md explains. Every
** rule that fires leaves an sd_reason naming the rule, the fact it rests
** on and that fact's sources in the monograph. The overall disposition is
** the highest of all reasons. The functions are pure: same lexicon, text
** and context give the same result.
*/
#ifndef STEPDOWN_TRIAGE_H
#define STEPDOWN_TRIAGE_H

#include <stddef.h>
#include <stdint.h>

#include "kb.h"
#include "lexicon.h"

enum sd_route {
    SD_ROUTE_UNKNOWN = 0,
    SD_ROUTE_ORAL = 1,
    SD_ROUTE_INTRATHECAL = 2
};

/* Likely explanations of a finding (bit flags). */
#define SD_EXPL_SIDE_EFFECT (1u << 0)
#define SD_EXPL_WITHDRAWAL (1u << 1)
#define SD_EXPL_OVERDOSE (1u << 2)
#define SD_EXPL_TOXICITY (1u << 3)
#define SD_EXPL_INTERACTION (1u << 4)
#define SD_EXPL_COUNT 5

/* A dose event the caller knows of. */
typedef struct sd_dose_event {
    int kind;             /* SD_CUE_REDUCED, _STOPPED, _MISSED, _INCREASED,
                          ** _EXTRA or _PUMP */
    double hours_ago;     /* >= 0, or -1 when unknown */
    double slack;         /* uncertainty in hours: 24 for a date */
} sd_dose_event;

#define SD_CONTEXT_MAX_EVENTS 16
#define SD_CONTEXT_MAX_ANSWERS 16
#define SD_QUESTION_ID_MAX 32

/* A yes/no answer to one of the checker's questions (sd_triage_question):
** "can-wake" = no. sd_context_answer() adds one. */
typedef struct sd_answer {
    char id[SD_QUESTION_ID_MAX];
    int yes;                  /* 1 yes, 0 no */
} sd_answer;

/* What the caller knows. sd_context_init() sets everything to unknown. */
typedef struct sd_context {
    int route;                /* enum sd_route */
    int64_t dose_ug_day;      /* current daily dose, -1 unknown */
    sd_dose_event events[SD_CONTEXT_MAX_EVENTS];
    size_t nevents;
    double hours_since_dose;  /* -1 unknown */
    int days_on_drug;         /* -1 unknown */
    double egfr;              /* mL/min/1.73 m2, -1 unknown */
    int age;                  /* years, -1 unknown */
    int alcohol;              /* 1 yes, 0 no, -1 unknown */
    int sedatives;            /* 1 yes, 0 no, -1 unknown */
    sd_answer answers[SD_CONTEXT_MAX_ANSWERS];
    size_t nanswers;
} sd_context;

void sd_context_init(sd_context *c);

/* Record the answer to question id (one of sd_triage_question()'s ids):
** yes is 1 or 0. A second answer to the same question replaces the first.
** SD_ERR_USAGE for an unknown id (err lists the known ones) or too many
** answers. */
int sd_context_answer(sd_context *c, const char *id, int yes, sd_error *err);

/* Parse "ID=yes" or "ID=no" (as `stepdown check --answer` takes it) into
** c. SD_ERR_USAGE with a message that says how to write it. */
int sd_context_answer_spec(sd_context *c, const char *spec, sd_error *err);

/* A red-flag question the checker asks when it is not sure: a "yes" (or
** a "no" for questions whose safe answer is yes, like "Can they be
** woken?") raises the answer to `level`. */
typedef struct sd_question {
    const char *id;           /* stable id, e.g. "can-wake" */
    const char *text;         /* the question in plain words */
    int worrying_answer;      /* 1: "yes" is the worrying answer; 0: "no" */
    int level;                /* the disposition the worrying answer gives */
    const char *why;          /* what it rules out */
    const char *policy;       /* where the rule comes from */
} sd_question;

size_t sd_triage_nquestions(void);
/* Question i, or NULL past the last. */
const sd_question *sd_triage_question(size_t i);
/* The question with this id, or NULL. */
const sd_question *sd_triage_question_find(const char *id);

/* Why a level was given. */
typedef struct sd_reason {
    const char *rule;         /* rule id, e.g. "withdrawal-window" */
    const char *rule_text;    /* the rule in words */
    int disposition;          /* the level this reason asks for */
    int explanation;          /* SD_EXPL_* bit this reason adds, or 0 */
    long finding;             /* index into findings, -1: the whole report */
    const char *detail;       /* what in this report made it fire */
    const char *advice;       /* what to do */
    const char *fact;         /* the fact it rests on, or NULL */
    struct sd_srcref src;     /* the fact's sources (monograph indices) */
    const char *policy;       /* where the rule comes from */
} sd_reason;

/* The context the checker used, after merging flags and text. */
typedef struct sd_used_context {
    int route;
    int route_from_text;
    int interruption;         /* a cut, stop, missed doses or pump problem */
    int interruption_kind;    /* the sd_cue_kind of the nearest one */
    double interruption_hours;/* -1 unknown */
    int interruption_in_window; /* within the onset window (or unknown) */
    int interruption_from_text;
    int increase;             /* recent increase */
    int extra;                /* took extra */
    int extra_amount;         /* 1 one extra dose, 2 an overdose or 3-9
                              ** tablets, 3 a large amount */
    int interruption_ongoing; /* not ended: ran out, stopped, pump empty */
    int pump_critical;        /* the pump stopped or alarms critically */
    int above_max;            /* daily dose above the label maximum */
    int64_t max_ug_day;       /* that maximum, 0 when none applies */
    int kidney_level;         /* 0 none/unknown, 1 mild, 2 moderate, 3 severe */
    int kidney_from_text;
    int alcohol, sedatives;   /* 1 when known to be taken */
    int elderly;
    double onset_min, onset_max; /* withdrawal onset window, hours */
} sd_used_context;

typedef struct sd_assessment {
    int disposition;          /* highest of the reasons */
    sd_reading reading;       /* findings, cues, unrecognised words */
    unsigned *explanations;   /* per finding: SD_EXPL_* */
    int *levels;              /* per finding: its disposition (-1 negated) */
    sd_reason *reasons;
    size_t nreasons;
    sd_used_context used;
    const char *headline;     /* the disposition in plain words */
    const sd_question **questions; /* questions that could change the
                              ** answer, not yet answered */
    size_t nquestions;
    /* internal */
    void *priv;
    size_t cap, rcap;
} sd_assessment;

void sd_assessment_init(sd_assessment *a);
void sd_assessment_release(sd_assessment *a);

/* Largest text sd_check() reads (one report, not a document). */
#define SD_CHECK_MAX_TEXT ((size_t)64 * 1024)

/* Check len bytes of text with lexicon lx and context ctx (NULL: nothing
** known). Returns SD_OK; SD_ERR_USAGE for an empty or whitespace-only
** text or one longer than SD_CHECK_MAX_TEXT; SD_ERR_PARSE for invalid
** UTF-8 or control characters; SD_ERR_NOMEM. err says what and where.
** The text must outlive a. */
int sd_check(const sd_lexicon *lx, const sd_context *ctx, const char *text,
             size_t len, sd_assessment *a, sd_error *err);

const char *sd_explanation_name(unsigned bit);

/* The rule table, for documentation and tests: the id of rule i (NULL
** past the last), its text and its policy source. */
size_t sd_triage_nrules(void);
const char *sd_triage_rule(size_t i, const char **text, const char **policy);

#endif /* STEPDOWN_TRIAGE_H */
