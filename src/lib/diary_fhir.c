/*
** diary_fhir.c: a diary as an HL7 FHIR R4 Bundle (diary_export.h).
**
** The Bundle (type "collection") holds, in this order:
**
**   - one Patient: the pseudonym as an identifier, the year of birth as
**     birthDate ("1950") when known; no names;
**   - a MedicationStatement per prescription (status "active", "intended"
**     before its start, "completed" after its last day; one Dosage per
**     distinct dose amount with its times of day, in mg);
**   - a MedicationStatement per dose entry (status "completed" for a dose
**     taken, extra or as needed, "not-taken" for a skipped one; the dose
**     in mg; a note for an extra dose, a dose as needed and an entry made
**     after the fact; dateAsserted is when it was recorded);
**   - an Observation per symptom report (the patient's words, the severity
**     and each recognised concept as components, what the checker found as
**     a note), withdrawal score (category survey, the total and a
**     component per rated item), alcohol (category social-history, in
**     standard drinks), other sedative (social-history, what) and eGFR
**     reading (category laboratory, mL/min/{1.73_m2} in UCUM);
**   - a DetectedIssue per alert (severity high from call-now, moderate for
**     contact-soon and call-today, low below; the entry behind it as
**     implicated; the acknowledgement as a mitigation).
**
** Supply entries have no resource: they are in the JSON export only (a
** MedicationDispense would need the pharmacy's data). Plan versions are
** not in the Bundle either: sd_taper_fhir() exports a plan.
**
** Every resource's id is a UUID made from the patient and the item (its
** kind, id and idempotency key; its position when it has no id), so that
** exporting again gives the same ids, and its fullUrl is "urn:uuid:" and
** that id; references inside the Bundle use the fullUrl. Every time with
** hours carries the entry's offset (FHIR requires one); times of things
** without one (prescriptions, alerts) take the offset of the entry before
** them. Dump with JSON_REAL_PRECISION(15) (mg with three decimals).
*/
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diary_export_int.h"
#include "json_build.h"
#include "stepdown/date.h"
#include "stepdown/triage.h"
#include "stepdown/wscore.h"
#include "taper_int.h"

#define UCUM "http://unitsofmeasure.org"
#define RXNORM "http://www.nlm.nih.gov/research/umls/rxnorm"
#define SNOMED "http://snomed.info/sct"
#define OBS_CATEGORY "http://terminology.hl7.org/CodeSystem/" \
                     "observation-category"
#define SID "https://stepdown.example/fhir/sid/"
#define WSCORE_SYSTEM "https://stepdown.example/fhir/CodeSystem/wscore-item"

/* FHIR has no empty strings: put s only when it has a character. */
static void put_text(json_t *o, const char *key, const char *s, int *bad)
{
    if(s && *s)
        put(o, key, json_string(s), bad);
}

static void put_time(json_t *o, const char *key, int64_t at, int tz,
                     int *bad)
{
    char b[SD__ISO_MAX];
    put(o, key, json_string(sd__iso_time(at, tz, b, sizeof(b))), bad);
}

static void put_ref(json_t *o, const char *key, const char *url, int *bad)
{
    put(put_new(o, key, json_object(), bad), "reference", json_string(url),
        bad);
}

static void add_note(json_t *res, const char *text, int *bad)
{
    json_t *notes = json_object_get(res, "note");
    if(!notes)
        notes = put_new(res, "note", json_array(), bad);
    put(push_new(notes, json_object(), bad), "text", json_string(text), bad);
}

static void put_identifier(json_t *res, const char *system, const char *value,
                           int *bad)
{
    if(!value || !*value)
        return;
    json_t *id = push_new(put_new(res, "identifier", json_array(), bad),
                          json_object(), bad);
    put(id, "system", json_string(system), bad);
    put(id, "value", json_string(value), bad);
}

static void put_quantity(json_t *o, const char *key, json_t *value,
                         const char *unit, const char *code, int *bad)
{
    json_t *q = put_new(o, key, json_object(), bad);
    put(q, "value", value, bad);
    put(q, "unit", json_string(unit), bad);
    put(q, "system", json_string(UCUM), bad);
    put(q, "code", json_string(code), bad);
}

static void put_category(json_t *res, const char *code, const char *display,
                         int *bad)
{
    json_t *cat = push_new(put_new(res, "category", json_array(), bad),
                           json_object(), bad);
    json_t *c = push_new(put_new(cat, "coding", json_array(), bad),
                         json_object(), bad);
    put(c, "system", json_string(OBS_CATEGORY), bad);
    put(c, "code", json_string(code), bad);
    put(c, "display", json_string(display), bad);
}

/* ---- identities ---- */

static uint64_t fnv1a(uint64_t h, const char *s, size_t n)
{
    for(size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 0x100000001b3ULL;
    }
    return h;
}

/* A UUID (RFC 9562 version 8: made by the application) from 128 bits of
** two FNV-1a hashes of the item's identity. */
static void make_uuid(const sd_diary *d, const char *kind, int64_t id,
                      const char *key, size_t index, char *out, size_t n)
{
    char seed[512];
    size_t len;
    if(id)
        len = (size_t)snprintf(seed, sizeof(seed), "stepdown|%.64s|%" PRId64
                               "|%s|%" PRId64 "|%s", d->patient.pseudonym,
                               d->patient.id, kind, id, key ? key : "");
    else
        len = (size_t)snprintf(seed, sizeof(seed), "stepdown|%.64s|%" PRId64
                               "|%s|#%zu|%s", d->patient.pseudonym,
                               d->patient.id, kind, index, key ? key : "");
    if(len >= sizeof(seed))
        len = sizeof(seed) - 1;
    uint64_t a = fnv1a(0xcbf29ce484222325ULL, seed, len);
    uint64_t b = fnv1a(0x84222325cbf29ce4ULL, seed, len);
    b = fnv1a(b, "/", 1);
    snprintf(out, n, "%08" PRIx64 "-%04" PRIx64 "-8%03" PRIx64 "-%04" PRIx64
             "-%012" PRIx64, a >> 32, (a >> 16) & 0xffff, a & 0xfff,
             (uint64_t)0x8000 | ((b >> 48) & 0x3fff),
             b & (uint64_t)0xffffffffffff);
}

/* ---- medication ---- */

static const sd_formulation *find_formulation(const sd_monograph *m,
                                              const char *id)
{
    for(size_t i = 0; m && id && i < sd_monograph_nformulations(m); i++)
        if(!strcmp(sd_monograph_formulation(m, i)->id, id))
            return sd_monograph_formulation(m, i);
    return NULL;
}

/* The drug of rx (the prescription in force, or NULL): RxNorm when the
** monograph is its drug, and a text. */
static void put_medication(json_t *res, const sd_monograph *m,
                           const sd_rx *rx, int *bad)
{
    const char *mono = m ? sd_monograph_id(m) : NULL;
    const char *name = m ? sd_monograph_name(m) : NULL;
    const char *rxnorm = m ? sd_monograph_code(m, "rxnorm", NULL) : NULL;
    const sd_formulation *f = rx ? find_formulation(m, rx->formulation)
                                 : NULL;
    int same = mono && (!rx || (rx->drug && !strcmp(rx->drug, mono)));
    sd__buf text = {0};
    json_t *med = put_new(res, "medicationCodeableConcept", json_object(),
                          bad);

    if(same && rxnorm) {
        json_t *c = push_new(put_new(med, "coding", json_array(), bad),
                             json_object(), bad);
        put(c, "system", json_string(RXNORM), bad);
        put(c, "code", json_string(rxnorm), bad);
        put_text(c, "display", name, bad);
    }
    sd__buf_add(&text, "%s%s%s",
                same && name ? name : rx && rx->drug && *rx->drug
                                          ? rx->drug : "the drug",
                f ? " " : rx && rx->formulation && *rx->formulation ? ", "
                                                                     : "",
                f ? f->name : rx && rx->formulation ? rx->formulation : "");
    put(med, "text", text.bad ? NULL : json_string(text.s), bad);
    sd__buf_free(&text);
}

static void put_mg(json_t *o, const char *key, int64_t ug, int *bad)
{
    put_quantity(o, key, sd__json_milli(ug), "mg", "mg", bad);
}

/* ---- resources ---- */

struct ctx {
    const sd_monograph *m;
    const sd_diary *d;
    json_t *entries;          /* Bundle.entry */
    char patient_url[64];
    int64_t *ids;             /* pairs: entry id, its index; by id */
    size_t nids;
    int bad;
};

static json_t *add_resource(struct ctx *c, const char *type,
                            const char *uuid)
{
    char url[64];
    json_t *e = push_new(c->entries, json_object(), &c->bad);
    snprintf(url, sizeof(url), "urn:uuid:%s", uuid);
    put(e, "fullUrl", json_string(url), &c->bad);
    json_t *r = put_new(e, "resource", json_object(), &c->bad);
    put(r, "resourceType", json_string(type), &c->bad);
    put(r, "id", json_string(uuid), &c->bad);
    return r;
}

static void entry_uuid(const sd_diary *d, size_t i, char *out, size_t n)
{
    make_uuid(d, "entry", d->e[i].id, d->e[i].key, i, out, n);
}

static void add_patient(struct ctx *c)
{
    const sd_patient *p = &c->d->patient;
    char uuid[40], year[8];
    make_uuid(c->d, "patient", 0, "", 0, uuid, sizeof(uuid));
    snprintf(c->patient_url, sizeof(c->patient_url), "urn:uuid:%s", uuid);
    json_t *r = add_resource(c, "Patient", uuid);
    put_identifier(r, SID "patient-pseudonym", p->pseudonym, &c->bad);
    if(p->birth_year >= 1000 && p->birth_year <= 9999) {
        snprintf(year, sizeof(year), "%04d", p->birth_year);
        put(r, "birthDate", json_string(year), &c->bad);
    }
}

static void add_rx(struct ctx *c, size_t i, long today)
{
    const sd_rx *rx = &c->d->rx[i];
    char uuid[40], mg[32], tod[16], times[SD_TAPER_MAX_ADMIN * 8 + 16];
    char text[512], from[16], to[16];
    int *bad = &c->bad;
    int n = rx->nadmin < 0 ? 0 : rx->nadmin > SD_TAPER_MAX_ADMIN
                                     ? SD_TAPER_MAX_ADMIN : rx->nadmin;

    make_uuid(c->d, "rx", rx->id, rx->key, i, uuid, sizeof(uuid));
    json_t *r = add_resource(c, "MedicationStatement", uuid);
    put_identifier(r, SID "prescription-key", rx->key, bad);
    put(r, "status", json_string(rx->end_day >= 0 && rx->end_day < today
                                     ? "completed"
                                     : rx->start_day > today ? "intended"
                                                             : "active"),
        bad);
    put_medication(r, c->m, rx, bad);
    put_ref(r, "subject", c->patient_url, bad);
    json_t *per = put_new(r, "effectivePeriod", json_object(), bad);
    put(per, "start", json_string(sd_date_format(rx->start_day, from,
                                                 sizeof(from))), bad);
    if(rx->end_day >= 0)
        put(per, "end", json_string(sd_date_format(rx->end_day, to,
                                                   sizeof(to))), bad);
    put_time(r, "dateAsserted", rx->entered,
             sd__diary_tz_at(c->d, rx->entered), bad);
    if(rx->prescriber && *rx->prescriber)
        put(put_new(r, "informationSource", json_object(), bad), "display",
            json_string(rx->prescriber), bad);
    if(rx->since_day >= 0 && rx->since_day < rx->start_day) {
        snprintf(text, sizeof(text), "On the drug since %s.",
                 sd_date_format(rx->since_day, from, sizeof(from)));
        add_note(r, text, bad);
    }

    /* One Dosage per distinct amount, with its times. */
    json_t *dosage = json_array();
    unsigned done = 0;
    for(int a = 0; a < n; a++) {
        if(done & 1u << a || rx->dose_ug[a] <= 0)
            continue;
        int group[SD_TAPER_MAX_ADMIN], k = 0;
        size_t len = 0;
        for(int b = a; b < n; b++)
            if(!(done & 1u << b) && rx->dose_ug[b] == rx->dose_ug[a]) {
                done |= 1u << b;
                group[k++] = b;
            }
        times[0] = '\0';
        for(int j = 0; j < k; j++) {
            int mi = rx->minute[group[j]];
            len += (size_t)snprintf(times + len, sizeof(times) - len,
                                    "%s%02d:%02d",
                                    !j ? "" : j + 1 == k ? " and " : ", ",
                                    mi / 60 % 24, mi % 60);
        }
        snprintf(text, sizeof(text), "%s at %s",
                 sd_taper_mg(rx->dose_ug[a], mg, sizeof(mg)), times);
        json_t *ds = push_new(dosage, json_object(), bad);
        put(ds, "text", json_string(text), bad);
        json_t *rep = put_new(put_new(ds, "timing", json_object(), bad),
                              "repeat", json_object(), bad);
        put(rep, "frequency", json_integer(k), bad);
        put(rep, "period", json_integer(1), bad);
        put(rep, "periodUnit", json_string("d"), bad);
        json_t *tods = put_new(rep, "timeOfDay", json_array(), bad);
        for(int j = 0; j < k; j++) {
            int mi = rx->minute[group[j]];
            snprintf(tod, sizeof(tod), "%02d:%02d:00", mi / 60 % 24, mi % 60);
            push_new(tods, json_string(tod), bad);
        }
        if(rx->route && *rx->route)
            put(put_new(ds, "route", json_object(), bad), "text",
                json_string(rx->route), bad);
        put_mg(push_new(put_new(ds, "doseAndRate", json_array(), bad),
                        json_object(), bad),
               "doseQuantity", rx->dose_ug[a], bad);
    }
    if(json_array_size(dosage))
        put(r, "dosage", dosage, bad);
    else
        json_decref(dosage);
}

static void add_dose(struct ctx *c, size_t i)
{
    const sd_entry *e = &c->d->e[i];
    const sd_rx *rx = sd_diary_rx_on(c->d, sd_local_day(e->at, e->tz_min));
    char uuid[40], mg[32], text[128], t[SD__ISO_MAX];
    int *bad = &c->bad;
    int skipped = e->sub == SD_DOSE_SKIPPED;

    entry_uuid(c->d, i, uuid, sizeof(uuid));
    json_t *r = add_resource(c, "MedicationStatement", uuid);
    put_identifier(r, SID "entry-key", e->key, bad);
    put(r, "status", json_string(skipped ? "not-taken" : "completed"), bad);
    if(skipped)
        put(push_new(put_new(r, "statusReason", json_array(), bad),
                     json_object(), bad),
            "text", json_string("skipped by the patient"), bad);
    put_medication(r, c->m, rx, bad);
    put_ref(r, "subject", c->patient_url, bad);
    put_time(r, "effectiveDateTime", e->at, e->tz_min, bad);
    put_time(r, "dateAsserted", e->entered, e->tz_min, bad);
    put_ref(r, "informationSource", c->patient_url, bad);

    json_t *ds = push_new(put_new(r, "dosage", json_array(), bad),
                          json_object(), bad);
    sd_taper_mg(e->amount_ug, mg, sizeof(mg));
    switch(e->sub) {
    case SD_DOSE_SKIPPED:
        if(e->amount_ug > 0)
            snprintf(text, sizeof(text), "%s, skipped", mg);
        else
            snprintf(text, sizeof(text), "dose skipped");
        break;
    case SD_DOSE_EXTRA:
        snprintf(text, sizeof(text), "%s taken, extra", mg);
        break;
    case SD_DOSE_PRN:
        snprintf(text, sizeof(text), "%s taken as needed", mg);
        break;
    default:
        snprintf(text, sizeof(text), "%s taken", mg);
        break;
    }
    put(ds, "text", json_string(text), bad);
    if(e->sub == SD_DOSE_PRN)
        put(ds, "asNeededBoolean", json_true(), bad);
    if(!skipped && e->amount_ug > 0)
        put_mg(push_new(put_new(ds, "doseAndRate", json_array(), bad),
                        json_object(), bad),
               "doseQuantity", e->amount_ug, bad);
    if(e->sub == SD_DOSE_EXTRA)
        add_note(r, "Extra dose: more than prescribed.", bad);
    else if(e->sub == SD_DOSE_PRN)
        add_note(r, "Dose as needed, where the prescription allows it.",
                 bad);
    if(e->entered > e->at) {
        snprintf(text, sizeof(text), "Recorded after the fact, at %s.",
                 sd__iso_time(e->entered, e->tz_min, t, sizeof(t)));
        add_note(r, text, bad);
    }
}

static json_t *observation(struct ctx *c, size_t i)
{
    const sd_entry *e = &c->d->e[i];
    char uuid[40];
    int *bad = &c->bad;

    entry_uuid(c->d, i, uuid, sizeof(uuid));
    json_t *r = add_resource(c, "Observation", uuid);
    put_identifier(r, SID "entry-key", e->key, bad);
    put(r, "status", json_string("final"), bad);
    return r;
}

static void put_code_text(json_t *r, const char *text, int *bad)
{
    put(put_new(r, "code", json_object(), bad), "text", json_string(text),
        bad);
}

static void obs_tail(struct ctx *c, json_t *r, const sd_entry *e,
                     int by_patient)
{
    int *bad = &c->bad;
    put_ref(r, "subject", c->patient_url, bad);
    put_time(r, "effectiveDateTime", e->at, e->tz_min, bad);
    put_time(r, "issued", e->entered, e->tz_min, bad);
    if(by_patient) {
        json_t *perf = push_new(put_new(r, "performer", json_array(), bad),
                                json_object(), bad);
        put(perf, "reference", json_string(c->patient_url), bad);
    }
}

/* "a,b" as head and "a, b" (nothing for an empty list). */
static void list_words(sd__buf *b, const char *head, const char *list)
{
    const char *item;
    size_t len;
    int first = 1;
    while(sd__list_next(&list, &item, &len)) {
        sd__buf_add(b, "%s", first ? head : ", ");
        sd__buf_addn(b, item, len);
        first = 0;
    }
}

static void add_symptom(struct ctx *c, size_t i)
{
    const sd_entry *e = &c->d->e[i];
    int *bad = &c->bad;
    sd__buf note = {0};
    const char *disp = sd_disposition_name(e->disposition);

    json_t *r = observation(c, i);
    put_code_text(r, "Patient-reported symptom", bad);
    obs_tail(c, r, e, 1);
    if(e->text && *e->text)
        put(r, "valueString", json_string(e->text), bad);
    else
        put(put_new(r, "dataAbsentReason", json_object(), bad), "text",
            json_string("no words recorded"), bad);

    json_t *comps = json_array();
    if(e->severity >= 0) {
        json_t *sc = push_new(comps, json_object(), bad);
        put_code_text(sc, "Severity, as the patient rated it: 0 (none) to 4 "
                      "(worst)", bad);
        put(sc, "valueInteger", json_integer(e->severity), bad);
    }
    const char *list = e->concepts, *item;
    size_t len;
    while(sd__list_next(&list, &item, &len)) {
        sd__buf cid = {0};
        sd__buf_addn(&cid, item, len);
        if(cid.bad) {
            c->bad = 1;
            break;
        }
        const sd_concept *con = c->m ? sd_monograph_concept_by_id(c->m,
                                                                  cid.s)
                                     : NULL;
        json_t *cc = push_new(comps, json_object(), bad);
        json_t *code = put_new(cc, "code", json_object(), bad);
        if(con && con->snomed_code) {
            json_t *cd = push_new(put_new(code, "coding", json_array(), bad),
                                  json_object(), bad);
            put(cd, "system", json_string(SNOMED), bad);
            put(cd, "code", json_string(con->snomed_code), bad);
            put_text(cd, "display", con->snomed_term, bad);
        }
        put(code, "text", json_string(con && con->name ? con->name : cid.s),
            bad);
        put(cc, "valueBoolean", json_true(), bad);
        sd__buf_free(&cid);
    }
    if(json_array_size(comps))
        put(r, "component", comps, bad);
    else
        json_decref(comps);

    sd__buf_add(&note, "stepdown's symptom checker: %s",
                disp ? disp : "not checked");
    for(int b = 0, first = 1; b < SD_EXPL_COUNT; b++)
        if(e->explanations & 1u << b) {
            sd__buf_add(&note, "%s %s", first ? "; likely:" : ",",
                        sd_explanation_name(1u << b));
            first = 0;
        }
    list_words(&note, "; concepts: ", e->concepts);
    list_words(&note, "; rules: ", e->rules);
    list_words(&note, "; sources: ", e->sources);
    if(note.bad)
        c->bad = 1;
    else
        add_note(r, note.s, bad);
    sd__buf_free(&note);
}

static void add_score(struct ctx *c, size_t i)
{
    const sd_entry *e = &c->d->e[i];
    int *bad = &c->bad;
    sd_wscore_thresholds th;
    char note[256];

    json_t *r = observation(c, i);
    put_category(r, "survey", "Survey", bad);
    put_code_text(r, "Withdrawal score (adapted from CIWA-Ar)", bad);
    obs_tail(c, r, e, 0);
    put(r, "valueInteger", json_integer(e->score_total), bad);
    json_t *comps = json_array();
    for(size_t k = 0; k < sd_wscore_nitems() && k < SD_WSCORE_MAX_ITEMS; k++) {
        const sd_wscore_item *it = sd_wscore_item_at(k);
        if(e->items[k] < 0)
            continue;
        json_t *cc = push_new(comps, json_object(), bad);
        json_t *code = put_new(cc, "code", json_object(), bad);
        json_t *cd = push_new(put_new(code, "coding", json_array(), bad),
                              json_object(), bad);
        put(cd, "system", json_string(WSCORE_SYSTEM), bad);
        put(cd, "code", json_string(it->id), bad);
        put(code, "text", json_string(it->label), bad);
        put(cc, "valueInteger", json_integer(e->items[k]), bad);
    }
    if(json_array_size(comps))
        put(r, "component", comps, bad);
    else
        json_decref(comps);
    sd_wscore_thresholds_default(&th);
    snprintf(note, sizeof(note), "Band: %s (moderate from %d, severe from "
             "%d; %s).",
             sd_wscore_band_name(sd_wscore_band(&th, e->score_total)),
             th.moderate, th.severe, SD_WSCORE_SOURCES);
    add_note(r, note, bad);
}

static void add_substance(struct ctx *c, size_t i)
{
    const sd_entry *e = &c->d->e[i];
    int *bad = &c->bad;
    json_t *r = observation(c, i);

    put_category(r, "social-history", "Social History", bad);
    if(e->sub == SD_SUBST_ALCOHOL) {
        put_code_text(r, "Alcohol intake", bad);
        obs_tail(c, r, e, 1);
        put_quantity(r, "valueQuantity", json_real(e->value),
                     "standard drinks", "{drink}", bad);
    } else {
        put_code_text(r, "Other sedative taken", bad);
        obs_tail(c, r, e, 1);
        if(e->text && *e->text)
            put(r, "valueString", json_string(e->text), bad);
        else
            put(put_new(r, "dataAbsentReason", json_object(), bad), "text",
                json_string("not named"), bad);
    }
}

static void add_egfr(struct ctx *c, size_t i)
{
    const sd_entry *e = &c->d->e[i];
    int *bad = &c->bad;
    json_t *r = observation(c, i);

    put_category(r, "laboratory", "Laboratory", bad);
    put_code_text(r, "eGFR (estimated glomerular filtration rate)", bad);
    obs_tail(c, r, e, 0);
    put_quantity(r, "valueQuantity", json_real(e->value), "mL/min/1.73 m2",
                 "mL/min/{1.73_m2}", bad);
}

static int cmp_pair(const void *pa, const void *pb)
{
    const int64_t *a = pa, *b = pb;
    return a[0] < b[0] ? -1 : a[0] > b[0];
}

/* The index of the entry with id, or -1. */
static long entry_index(const struct ctx *c, int64_t id)
{
    int64_t key[2] = {id, 0};
    const int64_t *hit = bsearch(key, c->ids, c->nids, 2 * sizeof(int64_t),
                                 cmp_pair);
    return hit ? (long)hit[1] : -1;
}

static void add_alert(struct ctx *c, size_t i)
{
    const sd_alert *a = &c->d->alerts[i];
    int *bad = &c->bad;
    char uuid[40], url[64];
    sd__buf key = {0}, detail = {0}, action = {0};

    make_uuid(c->d, "alert", a->id, a->key, i, uuid, sizeof(uuid));
    json_t *r = add_resource(c, "DetectedIssue", uuid);
    sd__buf_add(&key, "%s/%s", a->rule ? a->rule : "", a->key ? a->key : "");
    put_identifier(r, SID "alert-key", sd__buf_str(&key), bad);
    put(r, "status", json_string("final"), bad);
    put_code_text(r, a->rule && *a->rule ? a->rule : "alert", bad);
    put(r, "severity", json_string(a->disposition >= SD_DISP_CALL_NOW
                                       ? "high"
                                       : a->disposition >= SD_DISP_CONTACT_SOON
                                             ? "moderate" : "low"), bad);
    put_ref(r, "patient", c->patient_url, bad);
    put_time(r, "identifiedDateTime", a->at, sd__diary_tz_at(c->d, a->at),
             bad);
    put(put_new(r, "author", json_object(), bad), "display",
        json_string("stepdown safety monitor"), bad);
    long k = a->entry_id ? entry_index(c, a->entry_id) : -1;
    if(k >= 0 && c->d->e[k].kind != SD_ENTRY_SUPPLY) {
        entry_uuid(c->d, (size_t)k, uuid, sizeof(uuid));
        snprintf(url, sizeof(url), "urn:uuid:%s", uuid);
        json_t *imp = push_new(put_new(r, "implicated", json_array(), bad),
                               json_object(), bad);
        put(imp, "reference", json_string(url), bad);
    }
    sd__buf_add(&detail, "%s: %s",
                sd_disposition_name(a->disposition)
                    ? sd_disposition_name(a->disposition) : "alert",
                a->text ? a->text : "");
    if(a->advice && *a->advice)
        sd__buf_add(&detail, " Advice: %s", a->advice);
    if(a->sources && *a->sources)
        sd__buf_add(&detail, " Sources: %s.", a->sources);
    put(r, "detail", detail.bad ? NULL : json_string(detail.s), bad);
    if(a->acked_at) {
        json_t *mit = push_new(put_new(r, "mitigation", json_array(), bad),
                               json_object(), bad);
        sd__buf_add(&action, "Acknowledged%s%s",
                    a->ack_note && *a->ack_note ? ": " : "",
                    a->ack_note ? a->ack_note : "");
        put(put_new(mit, "action", json_object(), bad), "text",
            action.bad ? NULL : json_string(action.s), bad);
        put_time(mit, "date", a->acked_at,
                 sd__diary_tz_at(c->d, a->acked_at), bad);
        if(a->acked_by && *a->acked_by)
            put(put_new(mit, "author", json_object(), bad), "display",
                json_string(a->acked_by), bad);
    }
    if(key.bad)
        c->bad = 1;
    sd__buf_free(&key);
    sd__buf_free(&detail);
    sd__buf_free(&action);
}

json_t *sd_diary_fhir(const sd_monograph *m, const sd_diary *d, int64_t now)
{
    struct ctx c = {m, d, NULL, "", NULL, 0, 0};
    char uuid[40], seed[64];
    json_t *root = json_object();

    put(root, "resourceType", json_string("Bundle"), &c.bad);
    snprintf(seed, sizeof(seed), "bundle-%" PRId64, now);
    make_uuid(d, seed, 0, "", 0, uuid, sizeof(uuid));
    put(root, "id", json_string(uuid), &c.bad);
    put(root, "type", json_string("collection"), &c.bad);
    put_time(root, "timestamp", now, 0, &c.bad);
    c.entries = put_new(root, "entry", json_array(), &c.bad);

    /* Entry ids, sorted, to find an alert's entry. */
    c.ids = sd_malloc((d->n ? d->n : 1) * 2 * sizeof(int64_t));
    if(!c.ids)
        c.bad = 1;
    for(size_t i = 0; !c.bad && i < d->n; i++)
        if(d->e[i].id) {
            c.ids[2 * c.nids] = d->e[i].id;
            c.ids[2 * c.nids + 1] = (int64_t)i;
            c.nids++;
        }
    if(!c.bad)
        qsort(c.ids, c.nids, 2 * sizeof(int64_t), cmp_pair);

    add_patient(&c);
    long today = sd_local_day(now, sd__diary_tz_at(d, now));
    for(size_t i = 0; i < d->nrx && !c.bad; i++)
        add_rx(&c, i, today);
    for(size_t i = 0; i < d->n && !c.bad; i++) {
        switch(d->e[i].kind) {
        case SD_ENTRY_DOSE: add_dose(&c, i); break;
        case SD_ENTRY_SYMPTOM: add_symptom(&c, i); break;
        case SD_ENTRY_SCORE: add_score(&c, i); break;
        case SD_ENTRY_SUBSTANCE: add_substance(&c, i); break;
        case SD_ENTRY_EGFR: add_egfr(&c, i); break;
        default: break;   /* supply: in the JSON export only */
        }
    }
    for(size_t i = 0; i < d->nalerts && !c.bad; i++)
        add_alert(&c, i);
    sd_free(c.ids);
    if(c.bad || !root) {
        json_decref(root);
        return NULL;
    }
    return root;
}
