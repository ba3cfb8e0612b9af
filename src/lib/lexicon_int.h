/*
** lexicon_int.h: inside the lexicon. Internal to the library.
*/
#ifndef SD_LEXICON_INT_H
#define SD_LEXICON_INT_H

#include <stdint.h>

#include "stepdown/lexicon.h"

/* Kinds of phrase. */
enum {
    SD__L_NONE = 0,
    SD__L_CONCEPT,  /* value: concept index */
    SD__L_NEG_PRE,  /* negation before the symptom */
    SD__L_NEG_POST, /* negation after the symptom */
    SD__L_PSEUDO,   /* looks like negation, is not */
    SD__L_TERM,     /* ends a clause */
    SD__L_MILD,
    SD__L_SEVERE,
    SD__L_WORSE,
    SD__L_LASTING,
    SD__L_CUE,      /* value: enum sd_cue_kind */
    SD__L_UNIT,     /* value: hours per unit */
    SD__L_NUMBER,   /* value: the number */
    SD__L_WHEN,     /* value: hours ago */
    SD__L_AGO,
    SD__L_COMMON,   /* a common word: recognised, means nothing here */
    SD__L_DRUG,     /* the drug's own name or a brand */
    SD__L_BLOCK     /* looks like a symptom of the monograph, is another
                    ** thing ("restless legs"): its words stay unrecognised */
};

struct sd__lang_entry {
    const char *phrase;
    uint8_t kind;
    int16_t value;
};

extern const struct sd__lang_entry sd__lang_en[];
extern const char sd__lang_en_common[];
extern const char *const sd__lang_en_severe_inside[];

#endif
