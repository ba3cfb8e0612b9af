/*
** taper_json.h: plan requests and plans as JSON.
**
** A request (docs/PLAN.md, "Request JSON") holds the regimen, the
** formulation, the patient and the speed; stepdown plan --request reads
** it. A plan (docs/schema/plan.schema.json) holds its request, the
** policy with its sources, every step, the pharmacy totals and the history
** of adjustments; stepdown plan adjust reads it back.
*/
#ifndef STEPDOWN_TAPER_JSON_H
#define STEPDOWN_TAPER_JSON_H

#include <jansson.h>

#include "kb.h"
#include "stepdown.h"
#include "taper.h"
#include "taper_export.h"
#include "taper_policy.h"

/* Parse a request into *spec. Refuses (SD_ERR_PARSE for malformed JSON,
** SD_ERR_USAGE otherwise) with err naming the place ("$.regimen[1].mg")
** and what to write instead. Unknown keys are refused, to catch typos. */
int sd_taper_spec_from_json(const char *buf, size_t len, sd_taper_spec *spec,
                            sd_error *err);
/* The same from a value already parsed (the server has one). */
int sd_taper_spec_from_value(json_t *root, sd_taper_spec *spec,
                             sd_error *err);

/* The request as JSON (what sd_taper_spec_from_json() reads). */
json_t *sd_taper_spec_to_json(const sd_taper_spec *spec);

/* The whole plan as compact JSON text, *len its length (len may be NULL):
** what json_dumps(sd_taper_plan_to_json(...), JSON_COMPACT |
** JSON_REAL_PRECISION(15)) writes, byte for byte, several times faster.
** Free it with sd_free(). NULL when out of memory. */
char *sd_taper_plan_json_text(const sd_monograph *m,
                              const sd_taper_spec *spec,
                              const sd_taper_policy *pol,
                              const sd_taper_plan *p, const sd_taper_label *l,
                              size_t *len);

/* The whole plan (that text parsed). NULL when out of memory. */
json_t *sd_taper_plan_to_json(const sd_monograph *m, const sd_taper_spec *spec,
                              const sd_taper_policy *pol,
                              const sd_taper_plan *p, const sd_taper_label *l);

/* Read a plan written by sd_taper_plan_to_json() back: its request into
** *spec and its steps, speed and adjustments into *p, checked with
** sd_taper_verify(). */
int sd_taper_plan_from_json(const char *buf, size_t len, sd_taper_spec *spec,
                            sd_taper_plan *p, sd_error *err);
int sd_taper_plan_from_value(json_t *root, sd_taper_spec *spec,
                             sd_taper_plan *p, sd_error *err);

#endif /* STEPDOWN_TAPER_JSON_H */
