/*
** kb.h: drug monographs, the knowledge base.
**
** A monograph is a JSON file (format "stepdown-monograph/1", described in
** docs/MONOGRAPH.md) that holds what the sources say about one drug. The
** loader validates the whole file before it returns anything: a monograph
** that breaks a rule is refused with an sd_error naming the file, the JSON
** path and the problem, and nothing is loaded.
**
** A loaded sd_monograph is immutable. The record structs below are views
** into it: read them, never write them, and never use them after
** sd_monograph_free(). Nothing here names a particular drug.
*/
#ifndef STEPDOWN_KB_H
#define STEPDOWN_KB_H

#include <stddef.h>
#include <stdint.h>

#include "stepdown.h"

typedef struct sd_monograph sd_monograph;

/* Roles a symptom concept can play (bit flags). */
#define SD_ROLE_SIDE_EFFECT (1u << 0)   /* adverse reaction at usual doses */
#define SD_ROLE_WITHDRAWAL (1u << 1)    /* sign of withdrawal */
#define SD_ROLE_OVERDOSE (1u << 2)      /* sign of overdose */
#define SD_ROLE_TOXICITY (1u << 3)      /* sign of accumulation (kidneys) */

/* Tiers: how a side effect is classed by the sources. */
enum sd_tier {
    SD_TIER_COMMON = 0,   /* frequent and usually mild */
    SD_TIER_RARE = 1,     /* reported rarely, not in itself alarming */
    SD_TIER_SERIOUS = 2   /* "call your doctor immediately" or worse */
};

/* A list of source indices into the monograph's source list. */
struct sd_srcref {
    const size_t *idx;
    size_t n;
};

/* One entry of the monograph's source list. */
typedef struct sd_source {
    const char *id;          /* short tag, e.g. "US-TAB" */
    const char *title;
    const char *publisher;   /* may be NULL */
    const char *url;         /* URL or NULL */
    const char *doi;         /* DOI or NULL; url or doi is always set */
    const char *kind;        /* "label", "study", "review", "data", ... */
    const char *note;        /* may be NULL */
} sd_source;

/* Frequency of a reaction in the label's trials, in percent. */
typedef struct sd_frequency {
    int known;               /* 1 when min/max hold numbers */
    double min, max;         /* 0 <= min <= max <= 100 */
    int has_placebo;
    double placebo;          /* percent on placebo, when has_placebo */
    const char *category;    /* "common", "rare", ... or NULL */
    const char *note;        /* may be NULL */
    struct sd_srcref src;
} sd_frequency;

/* A code of a terminology with its term and source. */
typedef struct sd_coding {
    const char *code;
    const char *term;
    struct sd_srcref src;
} sd_coding;

/* A symptom concept. */
typedef struct sd_concept {
    const char *id;          /* stable id, e.g. "drowsiness" */
    const char *name;        /* preferred name for people */
    const char *const *synonyms; /* lay words, misspellings included */
    size_t nsynonyms;
    struct sd_srcref lexicon_src;
    const char *snomed_code; /* SNOMED CT concept id, or NULL */
    const char *snomed_term;
    struct sd_srcref snomed_src;
    const sd_coding *snomed_related; /* narrower or lay-equivalent SNOMED
                             ** findings the concept also covers */
    size_t nsnomed_related;
    const char *meddra_pt;   /* MedDRA preferred term name, or NULL */
    struct sd_srcref meddra_src;
    unsigned roles;          /* SD_ROLE_* */
    int tier;                /* enum sd_tier */
    int seed;                /* 1 when the seed text names it */
    int lab;                 /* 1 for a laboratory finding */
    sd_frequency freq;       /* freq.known == 0 and category NULL: none */
    int disposition;         /* enum sd_disposition, as a side effect */
    const char *advice;      /* what to do, for the patient */
    const char *escalate;    /* when to escalate, may be NULL */
    struct sd_srcref disposition_src;
    struct sd_srcref src;    /* why the concept is in the monograph */
} sd_concept;

/* A sourced statement: interactions, populations, misuse, ... */
typedef struct sd_statement {
    const char *topic;       /* short heading, e.g. "alcohol" */
    const char *text;
    struct sd_srcref src;
} sd_statement;

/* One marketed strength of a formulation. Amounts are integer micrograms;
** a concentration is micrograms per millilitre. */
typedef struct sd_strength {
    int64_t amount_ug;       /* per unit (tablet, packet), 0 for liquids */
    int64_t ug_per_ml;       /* concentration of liquids, 0 otherwise */
    int scored;              /* 1 if the label shows a score line */
    int min_piece;           /* smallest allowed piece: 1 whole, 2 half,
                             ** 4 quarter (only when scored) */
    const char *note;
    struct sd_srcref src;
} sd_strength;

typedef struct sd_formulation {
    const char *id;
    const char *name;        /* e.g. "tablets" */
    const char *route;       /* "oral", "intrathecal", ... */
    const char *form;        /* "tablet", "solution", "suspension", ... */
    const char *population;  /* may be NULL */
    const char *note;
    const sd_strength *strengths;
    size_t nstrengths;
    struct sd_srcref src;
} sd_formulation;

/* A maximum daily dose as one source gives it. */
typedef struct sd_dose_limit {
    int64_t max_ug_day;
    const char *population;  /* e.g. "adults", "AUD, France" */
    const char *route;
    const char *note;
    struct sd_srcref src;
} sd_dose_limit;

/* One titration step as a label gives it: from_day..to_day (to_day 0
** means "onwards"), dose_ug per administration, times_per_day. */
struct sd_titration_step {
    int from_day, to_day;
    int64_t dose_ug;
    int times_per_day;
    struct sd_srcref src;
};

/* A numeric kinetic or clinical parameter as a range, with its unit. */
typedef struct sd_param {
    const char *name;        /* e.g. "half_life" */
    double min, max;
    const char *unit;        /* "h", "%", ... */
    const char *note;
    struct sd_srcref src;
} sd_param;

/* Kidney-function guidance: one band of one source. Bounds are in
** mL/min (eGFR or creatinine clearance, as `measure` says); a bound of
** -1 is open. keep_num/keep_den is the fraction of the usual dose to keep
** (0/0 when the source gives no number). */
typedef struct sd_kidney_band {
    const char *measure;     /* "eGFR" or "CrCl" */
    double lower, upper;     /* lower <= value < upper */
    const char *action;      /* "caution", "reduce", "avoid" */
    int keep_num, keep_den;
    const char *text;
    struct sd_srcref src;
} sd_kidney_band;

/* ==== Loading ==== */

/* Load and validate the monograph at path. On success *out is a new
** monograph, freed with sd_monograph_free(), and SD_OK is returned. On
** error *out is NULL, err (if not NULL) says what and where, and one of
** SD_ERR_IO, SD_ERR_PARSE, SD_ERR_INVALID or SD_ERR_NOMEM is returned. */
int sd_monograph_load_file(const char *path, sd_monograph **out,
                           sd_error *err);

/* As sd_monograph_load_file(), from len bytes of buf; name is used as the
** file name in errors. buf need not be NUL-terminated. */
int sd_monograph_load_buffer(const char *buf, size_t len, const char *name,
                             sd_monograph **out, sd_error *err);

/* Find the monograph for drug (a generic or brand name, any case) in the
** directory dir, load it, and return it in *out. Returns SD_ERR_NOTFOUND
** when no monograph in dir names the drug, and the loader's error when the
** matching file is bad. */
int sd_monograph_find(const char *dir, const char *drug, sd_monograph **out,
                      sd_error *err);

/* 1 when drug is the id, the name or a brand name of m (ASCII case
** ignored), else 0: the match sd_monograph_find() makes. */
int sd_monograph_names(const sd_monograph *m, const char *drug);

/* Free m and everything it owns. Accepts NULL. */
void sd_monograph_free(sd_monograph *m);

/* ==== Reading (all results are borrowed from m) ==== */

const char *sd_monograph_id(const sd_monograph *m);
const char *sd_monograph_name(const sd_monograph *m);
const char *sd_monograph_file(const sd_monograph *m);
const char *sd_monograph_updated(const sd_monograph *m);
const char *sd_monograph_drug_class(const sd_monograph *m);
size_t sd_monograph_brands(const sd_monograph *m, const char *const **names);
/* A code of the drug ("rxnorm", "atc"); NULL when absent. */
const char *sd_monograph_code(const sd_monograph *m, const char *system,
                              struct sd_srcref *src);

size_t sd_monograph_nsources(const sd_monograph *m);
const sd_source *sd_monograph_source(const sd_monograph *m, size_t i);
/* Index of the source with this id, or (size_t)-1. */
size_t sd_monograph_source_index(const sd_monograph *m, const char *id);

size_t sd_monograph_nconcepts(const sd_monograph *m);
const sd_concept *sd_monograph_concept(const sd_monograph *m, size_t i);
/* The concept with this id, or NULL. */
const sd_concept *sd_monograph_concept_by_id(const sd_monograph *m,
                                             const char *id);

size_t sd_monograph_nformulations(const sd_monograph *m);
const sd_formulation *sd_monograph_formulation(const sd_monograph *m,
                                               size_t i);

size_t sd_monograph_ndose_limits(const sd_monograph *m);
const sd_dose_limit *sd_monograph_dose_limit(const sd_monograph *m, size_t i);

/* The label maximum for adults by route ("oral"): the lowest maximum of
** the entries whose population starts with "adults", where sources
** disagree. 0 when the monograph gives none. */
int64_t sd_monograph_adult_max(const sd_monograph *m, const char *route);

size_t sd_monograph_ntitration(const sd_monograph *m);
const struct sd_titration_step *sd_monograph_titration(const sd_monograph *m,
                                                       size_t i);

size_t sd_monograph_nkidney_bands(const sd_monograph *m);
const sd_kidney_band *sd_monograph_kidney_band(const sd_monograph *m,
                                               size_t i);

/* Named parameters: section is "kinetics", "withdrawal", ... and name the
** parameter ("half_life", "onset"). Returns the count of entries for that
** pair (sources may disagree) and stores the first in *first, or 0. */
size_t sd_monograph_params(const sd_monograph *m, const char *section,
                           const char *name, const sd_param **first);
size_t sd_monograph_nparams(const sd_monograph *m, const char *section);
const sd_param *sd_monograph_param(const sd_monograph *m, const char *section,
                                   size_t i);

/* Sourced statements of a section: "indications", "dosing", "kinetics",
** "kidney", "interactions", "populations", "misuse", "overdose",
** "withdrawal", "tapering", "pump" (an intrathecal pump: alarms, refill
** lead time). Returns their number. */
size_t sd_monograph_nstatements(const sd_monograph *m, const char *section);
const sd_statement *sd_monograph_statement(const sd_monograph *m,
                                           const char *section, size_t i);

/* The name of the i-th statement section in display order, or NULL past
** the last one. */
const char *sd_monograph_section_name(int i);

/* Names of enum values, for output. */
const char *sd_tier_name(int tier);
int sd_tier_parse(const char *name, int *tier);
const char *sd_role_name(unsigned role);

#endif /* STEPDOWN_KB_H */
