/*
** triage_json.h: the checker and JSON: a check request read from JSON
** (POST /api/v1/check, `stepdown check --batch`) and an assessment as JSON
** (docs/schema/check.schema.json).
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

/* ---- a check request (src/lib/triage_req.c) ---- */

/* Largest JSON request the front ends read (a body of POST
** /api/v1/check, a line of `stepdown check --batch`). */
#define SD_CHECK_REQUEST_MAX ((size_t)256 * 1024)

/* Flags of sd_check_request_from_json(). */
#define SD_CHECK_REQUEST_ID (1u << 0) /* accept "id": a string or a number
                                      ** the caller echoes back */

/* A check request: what sd_check() needs, read from JSON. */
typedef struct sd_check_request {
    const char *text;     /* the patient's words; borrowed from the JSON */
    size_t len;           /* its length in bytes (1..SD_CHECK_MAX_TEXT) */
    const char *drug;     /* "drug" as given (borrowed), NULL when absent */
    json_t *id;           /* "id" (borrowed), NULL when absent or not
                          ** allowed */
    long today;           /* the day the dates were read against: context.
                          ** today when given, else the caller's today */
    sd_context ctx;       /* the context and the answers */
} sd_check_request;

/* Read the check request root, a JSON object:
**
**   {"text": "...", "drug"?: "...", "context"?: {"route", "dose_mg_day",
**    "reduced_on": [DATE], "stopped_on": [DATE], "increased_on": [DATE],
**    "hours_since_dose", "days_on_drug", "egfr", "age", "alcohol",
**    "sedatives", "today"}, "answers"?: {"can-wake": "no", ...}}
**
** (docs/API.md), plus "id" with SD_CHECK_REQUEST_ID in flags. Dates are
** read against today (days since 1970-01-01) unless context.today is
** given, and may not lie after it. Unknown keys are refused; null is the
** same as absent. root is only read; req borrows its strings, so root
** must outlive req and the assessment made from it.
**
** Returns SD_OK, or SD_ERR_INVALID with err->path naming the field
** ("$.context.egfr", "$.answers.can-wake") and err->text saying what to
** send instead (the server's 400 answer, byte for byte). On error req
** holds what was read so far and should not be used. */
int sd_check_request_from_json(json_t *root, long today, unsigned flags,
                               sd_check_request *req, sd_error *err);

#endif
