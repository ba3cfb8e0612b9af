/*
** taper_export.h: a taper plan as text, CSV, JSON, iCalendar and FHIR.
**
** Every export is generated from the same plan numbers (taper.h); none
** invents a dose. An administration of 0 mg is never written as a dose to
** take: the text says the dose stops, the calendar has no event for it.
*/
#ifndef STEPDOWN_TAPER_EXPORT_H
#define STEPDOWN_TAPER_EXPORT_H

#include <stdio.h>

#include <jansson.h>

#include "kb.h"
#include "stepdown.h"
#include "taper.h"
#include "taper_policy.h"

/* What the exports say about the plan besides its numbers. */
typedef struct sd_taper_label {
    const char *drug;       /* display name of the drug */
    const char *drug_id;    /* monograph id */
    const char *rxnorm;     /* RxNorm ingredient code, or NULL */
    const char *form;       /* "tablet" or "oral solution" */
    long long stamp;        /* creation time, seconds since the epoch (UTC):
                            ** DTSTAMP, authoredOn; fixed for golden tests */
} sd_taper_label;

/* The label of plan p made from monograph m, stamped at stamp. */
void sd_taper_label_init(sd_taper_label *l, const sd_monograph *m,
                         const sd_taper_plan *p, long long stamp);

/* iCalendar (RFC 5545) built with libical: one daily event per dose time
** and step, floating local times, a reminder at the dose time. Returns a
** string to release with sd_free(), or NULL with err set. */
char *sd_taper_ics(const sd_taper_plan *p, const sd_taper_label *l,
                   sd_error *err);

/* Release what libical keeps for the process after sd_taper_ics() (its
** built-in time zones). Call once before exiting; not while another
** thread writes a calendar. */
void sd_taper_ics_cleanup(void);

/* HL7 FHIR R4 MedicationRequest (status draft, intent proposal): one
** dosageInstruction per step and dose amount, sequence = step number,
** timing.repeat with boundsPeriod and timeOfDay, doseAndRate in mg.
** Returns a new reference, or NULL with err set. */
json_t *sd_taper_fhir(const sd_taper_plan *p, const sd_taper_label *l,
                      sd_error *err);

/* Patient instructions, one line per step: "Tue 24 Nov - Mon 30 Nov 2026:
** 15 mg (1½ × 10 mg tablets) at 8:00, 14:00 and 22:00" (an en dash
** between the dates); doses of equal amount share a group, groups are
** separated by "; "; 0 mg doses are left out; a step's notes follow on
** lines indented by two spaces; the last line is the stop. */
void sd_taper_write_lines(FILE *out, const sd_taper_plan *p,
                          const sd_taper_label *l);

/* A table for the prescriber: step, dates, days, daily total, cut, and
** each dose time. */
void sd_taper_write_table(FILE *out, const sd_taper_plan *p);

/* CSV (RFC 4180), one row per step and dose above 0, then the stop. */
void sd_taper_write_csv(FILE *out, const sd_taper_plan *p);

/* Plain-language notes about the plan: the label maximum, a speed faster
** than the default, the smallest cut, a serious adverse reaction without a
** clinician's order. Returns the count written into notes. */
#define SD_TAPER_NOTE_MAX 400
size_t sd_taper_notes(const sd_monograph *m, const sd_taper_spec *spec,
                      const sd_taper_policy *pol, const sd_taper_plan *p,
                      char (*notes)[SD_TAPER_NOTE_MAX], size_t max);

/* The withdrawal watch instructions from the monograph (onset window,
** signs, what to do) with source tags in brackets. Returns out. */
char *sd_taper_watch(const sd_monograph *m, char *out, size_t n);

#endif /* STEPDOWN_TAPER_EXPORT_H */
