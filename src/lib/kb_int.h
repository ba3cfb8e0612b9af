/*
** kb_int.h: the inside of a loaded monograph. Internal to the library.
*/
#ifndef SD_KB_INT_H
#define SD_KB_INT_H

#include "arena.h"
#include "stepdown/kb.h"

#define SD__MONOGRAPH_FORMAT "stepdown-monograph/1"

enum {
    SD__SEC_INDICATIONS,
    SD__SEC_DOSING,
    SD__SEC_KINETICS,
    SD__SEC_KIDNEY,
    SD__SEC_INTERACTIONS,
    SD__SEC_POPULATIONS,
    SD__SEC_MISUSE,
    SD__SEC_OVERDOSE,
    SD__SEC_WITHDRAWAL,
    SD__SEC_TAPERING,
    SD__SEC_PUMP,
    SD__NSECTIONS
};

struct sd__code {
    const char *system;
    const char *code;
    struct sd_srcref src;
};

struct sd__section {
    sd_param *params;
    size_t nparams;
    sd_statement *statements;
    size_t nstatements;
    struct sd_srcref src;   /* inherited by entries without their own */
};

struct sd_monograph {
    struct sd__arena arena; /* owns everything below */
    const char *file;
    const char *id, *name, *updated, *drug_class;
    struct sd_srcref identity_src;
    const char *const *brands;
    size_t nbrands;
    struct sd__code *codes;
    size_t ncodes;
    sd_source *sources;
    size_t nsources;
    sd_concept *concepts;
    size_t nconcepts;
    sd_formulation *formulations;
    size_t nformulations;
    sd_dose_limit *limits;
    size_t nlimits;
    struct sd_titration_step *titration;
    size_t ntitration;
    sd_kidney_band *bands;
    size_t nbands;
    struct sd__section sections[SD__NSECTIONS];
};

#endif
