/*
** diary_export.h: a patient's diary out of stepdown and back in.
**
**  - JSON: the whole diary (patient, prescriptions, plan versions,
**    entries, alerts) as docs/schema/diary.schema.json describes it;
**    sd_diary_from_json() reads it back, and writing the result again
**    gives the same JSON (a lossless round trip).
**  - FHIR R4: a Bundle (type collection) of a Patient, MedicationStatement
**    (prescriptions and dose events), Observation (symptom reports,
**    withdrawal scores, alcohol and sedatives, eGFR) and DetectedIssue
**    (alerts) resources.
**  - The report for the doctor over a period: adherence, the dose timeline
**    by day, symptom reports, scores and alerts, as text, HTML, CSV or
**    JSON.
*/
#ifndef STEPDOWN_DIARY_EXPORT_H
#define STEPDOWN_DIARY_EXPORT_H

#include <jansson.h>
#include <stdint.h>
#include <stdio.h>

#include "diary.h"
#include "kb.h"

/* The diary as JSON. NULL when out of memory, or when a string is not
** valid UTF-8 or a kind, sub-kind or level has no name. The export must
** hold every entry an alert refers to (a whole diary, not a window). */
json_t *sd_diary_to_json(const sd_diary *d);

/* Read an export back into d (initialised by the caller). Ids are kept as
** they were (the importer maps them). SD_ERR_PARSE for malformed JSON,
** SD_ERR_USAGE for a wrong field, with err naming its path. */
int sd_diary_from_json(const char *buf, size_t len, sd_diary *d,
                       sd_error *err);

/* The diary as a FHIR R4 Bundle. m names the drug (RxNorm code) and the
** monograph's sources; now is the Bundle's timestamp. NULL as for
** sd_diary_to_json(). Supplies and plan versions are not in the Bundle. */
json_t *sd_diary_fhir(const sd_monograph *m, const sd_diary *d, int64_t now);

enum sd_report_format {
    SD_REPORT_TEXT = 0,
    SD_REPORT_HTML = 1,
    SD_REPORT_CSV = 2,
    SD_REPORT_JSON = 3
};

typedef struct sd_report_opts {
    long from_day, to_day;   /* local days, inclusive */
    int64_t now;             /* when the report is made */
    int format;              /* enum sd_report_format */
} sd_report_opts;

/* Adherence over a period: prescribed (or planned) doses, taken on time,
** skipped, missing (no entry), extra. */
typedef struct sd_adherence {
    long days;
    long expected;           /* doses the prescription or plan asks for */
    long taken, skipped, missing, extra;
    int64_t expected_ug, taken_ug;
    double percent;          /* taken / expected * 100, -1 when expected 0 */
} sd_adherence;

void sd_diary_adherence(const sd_diary *d, long from_day, long to_day,
                        sd_adherence *out);

/* Write the report to out. The alerts are d->alerts (stored ones). */
int sd_report_write(FILE *out, const sd_monograph *m, const sd_diary *d,
                    const sd_report_opts *o, sd_error *err);

#endif /* STEPDOWN_DIARY_EXPORT_H */
