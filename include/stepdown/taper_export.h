/*
** taper_export.h: a taper plan as text, CSV, JSON, iCalendar and FHIR.
**
** Every export is generated from the same plan numbers (taper.h); none
** invents a dose. An administration of 0 mg is never written as a dose to
** take: the text says the dose stops, the calendar has no event for it.
*/
#ifndef STEPDOWN_TAPER_EXPORT_H
#define STEPDOWN_TAPER_EXPORT_H

#include <jansson.h>

#include "stepdown.h"
#include "taper.h"

/* What the exports say about the plan besides its numbers. */
typedef struct sd_taper_label {
    const char *drug;       /* display name of the drug */
    const char *drug_id;    /* monograph id */
    const char *rxnorm;     /* RxNorm ingredient code, or NULL */
    const char *form;       /* "tablet" or "oral solution" */
    long long stamp;        /* creation time, seconds since the epoch (UTC):
                            ** DTSTAMP, authoredOn; fixed for golden tests */
} sd_taper_label;

/* iCalendar (RFC 5545) built with libical: one daily event per dose time
** and step, floating local times, a reminder at the dose time. Returns a
** string to release with sd_free(), or NULL with err set. */
char *sd_taper_ics(const sd_taper_plan *p, const sd_taper_label *l,
                   sd_error *err);

/* HL7 FHIR R4 MedicationRequest (status draft, intent proposal): one
** dosageInstruction per step and dose amount, sequence = step number,
** timing.repeat with boundsPeriod and timeOfDay, doseAndRate in mg.
** Returns a new reference, or NULL with err set. */
json_t *sd_taper_fhir(const sd_taper_plan *p, const sd_taper_label *l,
                      sd_error *err);

#endif /* STEPDOWN_TAPER_EXPORT_H */
