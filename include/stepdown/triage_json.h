/*
** triage_json.h: an assessment as JSON (docs/schema/check.schema.json).
*/
#ifndef STEPDOWN_TRIAGE_JSON_H
#define STEPDOWN_TRIAGE_JSON_H

#include <jansson.h>

#include "triage.h"

/* The assessment a, made by sd_check() with lexicon lx, as a new JSON
** object, or NULL when out of memory. */
json_t *sd_assessment_json(const sd_lexicon *lx, const sd_assessment *a);

/* The same as compact text, *len its length (len may be NULL): what
** json_dumps(sd_assessment_json(lx, a), JSON_COMPACT |
** JSON_REAL_PRECISION(15)) writes, byte for byte, without the tree. Free
** it with sd_free(). NULL when out of memory. */
char *sd_assessment_json_text(const sd_lexicon *lx, const sd_assessment *a,
                              size_t *len);

#endif
