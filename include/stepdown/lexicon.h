/*
** lexicon.h: from a patient's words to symptom concepts and context cues.
**
** An sd_lexicon is compiled once from a monograph's concepts (their lay
** synonyms and names) and from stepdown's English function-word table
** (negation, intensity, course, context cues, time words, common words:
** src/lib/lang_en.c). It is immutable and may be shared between threads;
** each thread reads with its own sd_reading.
**
** sd_read() tokenises a text (text.h), maps each word to the lexicon's
** vocabulary (exactly, as a plural, or by spelling correction), finds the
** longest phrases left to right, and then reads them: which concepts are
** reported, which are negated ("no headache", "not dizzy anymore",
** "denies seizures", "headache is gone"), how strongly ("a little",
** "severe", "can't ..."), whether worsening or lasting, which context
** cues the text gives ("since I stopped taking it", "I ran out two days
** ago", "I took extra", "my pump alarm is beeping"), and which words it
** did not recognise. Nothing is dropped silently.
**
** Spelling correction: a word of 5 letters or more that is not in the
** vocabulary, not a plural of a vocabulary word and not an English word
** (the system word list, see sd_lexicon_build) is corrected to the only
** symptom word within 1 edit (2 edits for 8 letters or more) that starts
** with the same letter. A real English word is never corrected, so
** "tires" never becomes "tired".
*/
#ifndef STEPDOWN_LEXICON_H
#define STEPDOWN_LEXICON_H

#include <stddef.h>

#include "kb.h"
#include "text.h"

typedef struct sd_lexicon sd_lexicon;

/* Default location of the English word list that guards spelling
** correction (Debian package wamerican). */
#define SD_WORDLIST_DEFAULT "/usr/share/dict/american-english"

/* Compile the lexicon of monograph m (which must outlive it). wordlist is
** the path of a word list, one word per line; NULL means no list, and then
** spelling correction is off (sd_lexicon_spelling() says so). A list that
** cannot be read is an error (SD_ERR_IO). A phrase that names two concepts
** is SD_ERR_INVALID. */
int sd_lexicon_build(const sd_monograph *m, const char *wordlist,
                     sd_lexicon **out, sd_error *err);
void sd_lexicon_free(sd_lexicon *lx);

const sd_monograph *sd_lexicon_monograph(const sd_lexicon *lx);
/* 1 when spelling correction is on (a word list was loaded). */
int sd_lexicon_spelling(const sd_lexicon *lx);
/* Number of phrases and of distinct words compiled. */
size_t sd_lexicon_nphrases(const sd_lexicon *lx);
size_t sd_lexicon_nwords(const sd_lexicon *lx);

enum sd_intensity {
    SD_INTENSITY_UNSTATED = 0,
    SD_INTENSITY_MILD = 1,    /* "a little", "slightly", "not too bad" */
    SD_INTENSITY_SEVERE = 2   /* "very", "severe", "can't stay awake" */
};

/* Whether a finding is happening to the patient now. A finding that is
** only in the past ("a seizure years ago", "on another drug") or in a
** question or a "what if" ("can it cause seizures?") is marked and does
** not count as a current finding. */
enum sd_status {
    SD_STATUS_CURRENT = 0,
    SD_STATUS_PAST = 1,
    SD_STATUS_HYPOTHETICAL = 2
};

/* A concept the text names. */
typedef struct sd_finding {
    size_t concept;           /* index of the monograph concept */
    size_t start, end;        /* byte span of the words in the input */
    const char *phrase;       /* the lexicon phrase it matched */
    int corrected;            /* words corrected for spelling (0: exact) */
    int negated;              /* 1: "no headache" - not a finding */
    size_t neg_start, neg_end;/* span of the negating words, if negated */
    int intensity;            /* enum sd_intensity */
    int worsening;            /* "getting worse" */
    int lasting;              /* "for weeks", "won't go away", "still" */
    int status;               /* enum sd_status */
    int ongoing;              /* "right now", "still", "for 3 minutes",
                              ** "he's fitting": happening as they write */
    int frame;                /* the red-flag frame that found it
                              ** (sd_frame()), -1: a lexicon phrase */
} sd_finding;

/* A red-flag frame: a red flag recognised from its parts in the
** patient's own words ("can't" + "wake him"; "breathing" + "slow";
** "lips" + "blue"; a child + "swallowed"), or from a measurement
** ("temp 39.2", "HR 150", "RR 8"). The table is in src/lib/frames_en.c;
** docs/TRIAGE.md lists it. */
typedef struct sd_frame_info {
    const char *id;           /* e.g. "cannot-wake" */
    const char *what;         /* the red flag in words */
    const char *concept;      /* the monograph concept it names, or NULL */
    int level;                /* the disposition it asks for, -1: the
                              ** concept's own */
    const char *question;     /* question id (triage.h) that rules it in
                              ** or out, or NULL */
    const char *policy;       /* the source of its level */
} sd_frame_info;

size_t sd_nframes(void);
/* Frame i, or NULL past the last. */
const sd_frame_info *sd_frame(size_t i);

/* One red flag the text gives. */
typedef struct sd_flag {
    int frame;                /* index for sd_frame() */
    size_t start, end;        /* byte span */
    int negated;
    int status;               /* enum sd_status */
    int ongoing;
    double value;             /* the measurement, for measured frames */
} sd_flag;

/* A number the text gives with what it measures. */
enum sd_measure_kind {
    SD_MEASURE_TEMP_C = 0,    /* body temperature, degrees Celsius */
    SD_MEASURE_HEART_RATE,    /* beats per minute */
    SD_MEASURE_RESP_RATE,     /* breaths per minute */
    SD_MEASURE_SPO2,          /* oxygen saturation, % */
    SD_MEASURE_GCS,           /* Glasgow coma scale, 3-15 */
    SD_MEASURE_TABLETS,       /* tablets (or doses) taken beyond the plan */
    SD_MEASURE_AGE,           /* someone's age in years ("my 2 year old") */
    SD_MEASURE_EGFR,          /* "egfr 28", mL/min/1.73 m2 */
    SD_MEASURE_DOSE_CHANGE,   /* "from 20mg to 10mg": the second less the
                              ** first, in the text's units */
    SD_MEASURE_EXTRA_MG,      /* "an extra 30mg": milligrams taken beyond
                              ** the plan */
    SD_MEASURE_DOSE_RATIO,    /* "took 6 instead of 2": what was taken over
                              ** what was meant */
    SD_MEASURE_COUNT
};

typedef struct sd_measure {
    int kind;                 /* enum sd_measure_kind */
    double value;
    size_t start, end;        /* byte span of the number and its words */
} sd_measure;

/* Context the text gives in words. */
enum sd_cue_kind {
    SD_CUE_REDUCED = 0,   /* "after lowering my dose" */
    SD_CUE_STOPPED,       /* "since I stopped taking it" */
    SD_CUE_MISSED,        /* "I ran out", "missed my doses" */
    SD_CUE_INCREASED,     /* "since my dose went up" */
    SD_CUE_EXTRA,         /* "I took extra" */
    SD_CUE_PUMP,          /* "my pump alarm is beeping", "pump is empty" */
    SD_CUE_INTRATHECAL,   /* "my pump", "intrathecal" */
    SD_CUE_ALCOHOL,       /* "had a few beers" */
    SD_CUE_SEDATIVE,      /* "took a sleeping pill" */
    SD_CUE_KIDNEY,        /* "kidney disease" */
    SD_CUE_KIDNEY_FAILURE,/* "on dialysis", "kidney failure" */
    SD_CUE_RESUMED,       /* "restarted it", "back on it", "pump refilled" */
    SD_CUE_PUMP_CRITICAL, /* "two-tone alarm", "critical alarm", "motor
                          ** stall": the pump has stopped or is failing */
    SD_CUE_PREGNANT,      /* "pregnant", "breastfeeding" */
    SD_CUE_ALCOHOL_STOP,  /* "stopped drinking", "3 days sober" */
    SD_CUE_COUNT
};

typedef struct sd_cue {
    int kind;                 /* enum sd_cue_kind */
    size_t start, end;        /* byte span */
    int negated;              /* "I don't drink"; also set when the cue
                              ** is only in the past or in a question */
    int status;               /* enum sd_status */
    double hours_ago;         /* when it happened, from the text; -1 unknown */
    size_t time_start, time_end; /* span of the time words, when known */
    int ongoing;              /* an interruption that has not ended: "ran
                              ** out", "haven't had any since", "refill
                              ** overdue" */
    int amount;               /* extra taken: 1 an extra dose or a double
                              ** dose, 2 "I overdosed" or 3 or more
                              ** tablets, 3 a large amount ("the whole
                              ** bottle", 10 or more tablets); 0 otherwise */
} sd_cue;

typedef struct sd_span {
    size_t start, end;
} sd_span;

/* What sd_read() found. Reusable: reading another text reuses buffers. */
typedef struct sd_reading {
    sd_finding *findings;
    size_t nfindings;
    sd_cue *cues;
    size_t ncues;
    sd_span *unrecognised;    /* words that map to nothing, merged into runs */
    size_t nunrecognised;
    sd_flag *flags;           /* red-flag frames */
    size_t nflags;
    sd_measure *measures;     /* numbers with what they measure */
    size_t nmeasures;
    size_t nwords;            /* words in the text */
    sd_text text;             /* the tokens (borrowed input) */
    void *priv;               /* scratch buffers */
    size_t fcap, ccap, ucap, flcap, mcap;
} sd_reading;

void sd_reading_init(sd_reading *r);
void sd_reading_release(sd_reading *r);

/* Read len bytes of text (which must outlive r's use) with lexicon lx.
** Returns SD_OK, or the error of sd_text_analyse(), or SD_ERR_NOMEM. An
** empty text is not an error here: r is then empty. */
int sd_read(const sd_lexicon *lx, const char *text, size_t len,
            sd_reading *r, sd_error *err);

const char *sd_cue_name(int kind);
const char *sd_intensity_name(int intensity);
const char *sd_status_name(int status);
const char *sd_measure_name(int kind);

#endif /* STEPDOWN_LEXICON_H */
