/*
** taper_policy.h: how fast a taper goes, and why.
**
** Named presets carry their numbers and their sources. Without a preset
** the speed follows the patient's risk: longer use, a higher dose, older
** age, reduced kidney function, a previous withdrawal and alcohol use
** disorder each add points, and more points choose a slower preset. The
** label's minimum duration comes from the monograph and is never
** undercut, except that a serious adverse reaction, with a clinician's
** explicit order, allows the rapid preset or an immediate stop; those
** plans carry the withdrawal watch instructions.
*/
#ifndef STEPDOWN_TAPER_POLICY_H
#define STEPDOWN_TAPER_POLICY_H

#include <stddef.h>
#include <stdint.h>

#include "kb.h"
#include "stepdown.h"
#include "taper.h"

enum sd_taper_reason {
    SD_TAPER_ELECTIVE,
    SD_TAPER_SIDE_EFFECTS,
    SD_TAPER_SERIOUS_ADR
};

/* What is known of the patient; -1 for a number not known. */
typedef struct sd_taper_patient {
    int days_on_drug;
    int age;
    int egfr;
    int previous_withdrawal;   /* 0 no, 1 yes */
    int alcohol_use_disorder;  /* 0 no, 1 yes */
    int reason;                /* enum sd_taper_reason */
    int clinician_approved;    /* a clinician ordered a rapid taper or stop */
} sd_taper_patient;

void sd_taper_patient_init(sd_taper_patient *pt);

typedef struct sd_taper_preset {
    const char *name;          /* "standard" */
    const char *summary;       /* "10 % of the daily dose every week ..." */
    int percent_milli;         /* of the current daily dose */
    int64_t min_cut_ug;
    int linear_steps;          /* > 0: cut the starting dose in this many
                               ** equal steps (fixed_ug) */
    int days_per_step;
    int minimum_days;          /* -1: the label's minimum; else this */
    int clinician_only;        /* serious adverse reaction + clinician */
    int stop;                  /* no taper at all */
    const char *basis;         /* where the numbers come from */
    const char *sources;       /* source tags, space-separated */
} sd_taper_preset;

size_t sd_taper_npresets(void);
const sd_taper_preset *sd_taper_preset_at(size_t i);
const sd_taper_preset *sd_taper_preset_find(const char *name);

#define SD_TAPER_MAX_FACTORS 8

/* One risk factor that slowed the default speed. */
typedef struct sd_taper_factor {
    char text[128];            /* "on the drug for 365 days (5 months or more)" */
    int points;
    char sources[96];          /* source tags, space-separated */
} sd_taper_factor;

typedef struct sd_taper_policy {
    const sd_taper_preset *preset;
    int by_risk;               /* 1: the default for the risk; 0: named */
    const sd_taper_preset *risk_preset;   /* the default for the risk */
    int points;
    sd_taper_factor factors[SD_TAPER_MAX_FACTORS];
    int nfactors;
    int min_total_days;        /* applied to the plan */
    int label_min_days;        /* the monograph's label minimum */
    char label_min_sources[96];
    int watch;                 /* withdrawal watch instructions required */
    int custom;                /* custom numbers replaced the preset's */
    int faster_than_risk;      /* a named or custom speed faster than the
                               ** default for this patient */
} sd_taper_policy;

/* Choose the speed for a patient on daily_ug a day. preset is a name, or
** NULL for the default by risk. Refuses (SD_ERR_USAGE, err says what to
** change) an unknown preset, and the rapid preset or a stop without both
** a serious adverse reaction and a clinician's approval. */
int sd_taper_policy_choose(const sd_monograph *m, const sd_taper_patient *pt,
                           const char *preset, int64_t daily_ug,
                           sd_taper_policy *pol, sd_error *err);

/* Set r's speed, minimum duration and stop from the policy. r's doses
** must be set first (the linear presets cut a share of them). */
void sd_taper_policy_apply(const sd_taper_policy *pol, sd_taper_request *r);

/* Whether the speed in r is faster than preset q for the same dose:
** a larger cut per day on the first step. */
int sd_taper_faster_than(const sd_taper_request *r, const sd_taper_preset *q);

/* Everything a plan is made from: the regimen and formulation (in req),
** the patient, and the speed (a preset name or none, and custom numbers
** that replace the preset's; -1 for a number not given). */
typedef struct sd_taper_spec {
    char drug[64];             /* name or id as given; "" for the default */
    char indication[64];
    sd_taper_request req;      /* speed and minimum filled by the policy */
    sd_taper_patient patient;
    char preset[24];           /* "" for the default by risk */
    int percent_milli;         /* custom speed, -1 when not given */
    int64_t cut_ug;
    int64_t min_cut_ug;
    int days_per_step;
} sd_taper_spec;

void sd_taper_spec_init(sd_taper_spec *s);

/* Refuse tablets the monograph does not list for oral use, and halves or
** quarters of a tablet without a score line that allows them. */
int sd_taper_check_tablets(const sd_monograph *m, const sd_taper_request *r,
                           sd_error *err);

/* The policy a plan read back (sd_taper_plan_from_json) was made under,
** for the record: chosen again from its request's patient, preset and
** starting daily dose. */
int sd_taper_policy_of(const sd_monograph *m, const sd_taper_spec *spec,
                       sd_taper_policy *pol, sd_error *err);

/* Choose the policy for spec, apply it and the custom numbers, and build
** the plan. Warns through pol (faster_than_risk); refuses as
** sd_taper_policy_choose() and sd_taper_build() do. */

int sd_taper_make(const sd_monograph *m, const sd_taper_spec *spec,
                  sd_taper_policy *pol, sd_taper_plan *p, sd_error *err);

#endif /* STEPDOWN_TAPER_POLICY_H */
