/*
** taper_fhir.c: a taper plan as an HL7 FHIR R4 MedicationRequest
** (taper_export.h).
**
** The request is a proposal (intent "proposal", status "draft"): stepdown
** proposes a schedule, the prescriber decides. Each step becomes one
** Dosage per distinct dose amount, all with the step's number as
** `sequence`, so a consumer reads the Dosages of one sequence as taken
** together and the sequences one after the other (R4 Dosage.sequence).
** A step of 0 mg has no Dosage: the request never says to take nothing.
** Every step is exported, those before an adjustment included; the
** dispensed quantity counts the days from p->dispense_from_day.
**
** Decimal quantities are ug/1000 as JSON reals. Dump the result with
** JSON_REAL_PRECISION(15) (or fewer digits than 17) so that 0.05 prints
** as 0.05: jansson's default of 17 digits prints the double's noise.
*/
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "json_build.h"
#include "stepdown/date.h"
#include "stepdown/taper_export.h"
#include "taper_int.h"

#define UCUM "http://unitsofmeasure.org"
#define RXNORM "http://www.nlm.nih.gov/research/umls/rxnorm"
#define ORDERABLE_FORM "http://terminology.hl7.org/CodeSystem/" \
                       "v3-orderableDrugForm"

static int same_dose(const sd_taper_request *r, const sd_taper_dose *a,
                     const sd_taper_dose *b)
{
    if(a->ug != b->ug || a->ul != b->ul)
        return 0;
    for(int k = 0; k < r->nstrengths; k++)
        if(a->count[k] != b->count[k])
            return 0;
    return 1;
}

static void put_quantity(json_t *o, const char *key, json_t *value,
                         const char *unit, const char *system,
                         const char *code, int *bad)
{
    json_t *q = put_new(o, key, json_object(), bad);

    put(q, "value", value, bad);
    put(q, "unit", json_string(unit), bad);
    put(q, "system", json_string(system), bad);
    put(q, "code", json_string(code), bad);
}

/* Append to `list` the Dosage of the administrations of step i whose dose
** equals that of administration a, among those whose bit is set in *mask;
** clears their bits. */
static void add_dosage(json_t *list, const sd_taper_plan *p, size_t i,
                       int a, unsigned *mask, int *bad)
{
    const sd_taper_request *r = &p->req;
    const sd_taper_step *s = &p->steps[i];
    const sd_taper_dose *d = &s->dose[a];
    char mg[32], words[128], from[16], to[16], tod[16];
    char times[SD_TAPER_MAX_ADMIN * 8 + 16], text[384];
    int group[SD_TAPER_MAX_ADMIN], n = 0;
    size_t len = 0;

    for(int b = a; b < r->nadmin; b++)
        if((*mask & 1u << b) && same_dose(r, d, &s->dose[b])) {
            *mask &= ~(1u << b);
            group[n++] = b;
        }
    sd_date_format(s->first_day, from, sizeof(from));
    sd_date_format(s->last_day, to, sizeof(to));

    times[0] = '\0';
    for(int k = 0; k < n; k++) {
        int m = r->minute[group[k]];
        len += (size_t)snprintf(times + len, sizeof(times) - len,
                                "%s%02d:%02d",
                                !k ? "" : k + 1 == n ? " and " : ", ",
                                m / 60, m % 60);
    }
    sd_taper_mg(d->ug, mg, sizeof(mg));
    sd_taper_dose_words(r, d, words, sizeof(words));
    snprintf(text, sizeof(text), "%s (%s) at %s from %s to %s", mg, words,
             times, from, to);

    json_t *dosage = push_new(list, json_object(), bad);
    put(dosage, "sequence", json_integer((json_int_t)i + 1), bad);
    put(dosage, "text", json_string(text), bad);
    json_t *repeat = put_new(put_new(dosage, "timing", json_object(), bad),
                             "repeat", json_object(), bad);
    json_t *bounds = put_new(repeat, "boundsPeriod", json_object(), bad);
    put(bounds, "start", json_string(from), bad);
    put(bounds, "end", json_string(to), bad);
    put(repeat, "frequency", json_integer(n), bad);
    put(repeat, "period", json_integer(1), bad);
    put(repeat, "periodUnit", json_string("d"), bad);
    json_t *tods = put_new(repeat, "timeOfDay", json_array(), bad);
    for(int k = 0; k < n; k++) {
        int m = r->minute[group[k]];
        snprintf(tod, sizeof(tod), "%02d:%02d:00", m / 60, m % 60);
        push(tods, json_string(tod), bad);
    }
    put_quantity(push_new(put_new(dosage, "doseAndRate", json_array(), bad),
                          json_object(), bad),
                 "doseQuantity", sd__json_milli(d->ug), "mg", UCUM, "mg", bad);
}

/* The note: the notice, then what the pharmacy dispenses. */
static void note_text(const sd_taper_plan *p, char *out, size_t outsz)
{
    const sd_taper_request *r = &p->req;
    char from[16], last[16], mg[32], ml[32];
    size_t n;
    int listed = 0;

    sd_date_format(p->dispense_from_day, from, sizeof(from));
    sd_date_format(p->steps[p->nsteps - 1].first_day - 1, last,
                   sizeof(last));
    n = (size_t)snprintf(out, outsz, "%s The last dose is on %s. Pharmacy, "
                         "for the days from %s:", SD_SUPPORT_NOTICE, last,
                         from);
    for(int k = 0; k < r->nstrengths && n < outsz; k++) {
        if(!p->tablets_total[k])
            continue;
        n += (size_t)snprintf(out + n, outsz - n, "%s %lld tablet%s of %s",
                              listed++ ? "," : "",
                              (long long)p->tablets_total[k],
                              p->tablets_total[k] == 1 ? "" : "s",
                              sd_taper_mg(r->strengths[k].ug, mg,
                                          sizeof(mg)));
    }
    if(!r->nstrengths && n < outsz) {
        /* Microlitres print like micrograms: "12.5 mg" less its unit. */
        sd_taper_mg(p->ul_total, ml, sizeof(ml));
        ml[strlen(ml) - 3] = '\0';
        n += (size_t)snprintf(out + n, outsz - n, " %s mL at %s per mL", ml,
                              sd_taper_mg(r->ug_per_ml, mg, sizeof(mg)));
        listed = 1;
    }
    if(!listed && n < outsz)
        n += (size_t)snprintf(out + n, outsz - n, " nothing");
    if(n < outsz)
        snprintf(out + n, outsz - n, ".");
}

json_t *sd_taper_fhir(const sd_taper_plan *p, const sd_taper_label *l,
                      sd_error *err)
{
    const sd_taper_request *r = &p->req;
    char id[40], text[256], day[24], stamp[48], note[1024];
    long long days, secs;
    int bad = 0, used = 0, which = 0;
    json_t *root, *med, *list;

    if(!p->nsteps || p->nsteps > SD_TAPER_MAX_STEPS || !l->drug) {
        sd_error_setf(err, "no plan to export");
        return NULL;
    }
    snprintf(id, sizeof(id), "stepdown-%016" PRIx64, sd__taper_hash(p, l));
    snprintf(text, sizeof(text), "%s %s", l->drug,
             l->form ? l->form : "");
    /* Floor division: a stamp before 1970 still gives its own day. */
    days = l->stamp / 86400 - (l->stamp % 86400 < 0);
    secs = l->stamp - days * 86400;
    sd_date_format((long)days, day, sizeof(day));
    snprintf(stamp, sizeof(stamp), "%sT%02lld:%02lld:%02lldZ", day,
             secs / 3600, secs / 60 % 60, secs % 60);
    note_text(p, note, sizeof(note));

    root = json_object();
    put(root, "resourceType", json_string("MedicationRequest"), &bad);
    put(root, "id", json_string(id), &bad);
    put(root, "status", json_string("draft"), &bad);
    put(root, "intent", json_string("proposal"), &bad);
    med = put_new(root, "medicationCodeableConcept", json_object(), &bad);
    if(l->rxnorm) {
        json_t *c = push_new(put_new(med, "coding", json_array(), &bad),
                             json_object(), &bad);
        put(c, "system", json_string(RXNORM), &bad);
        put(c, "code", json_string(l->rxnorm), &bad);
        put(c, "display", json_string(l->drug), &bad);
    }
    put(med, "text", json_string(text), &bad);
    put(put_new(root, "subject", json_object(), &bad), "display",
        json_string("the patient"), &bad);
    put(root, "authoredOn", json_string(stamp), &bad);
    put(push_new(put_new(root, "note", json_array(), &bad), json_object(),
                 &bad),
        "text", json_string(note), &bad);

    /* FHIR arrays are never empty: a plan that is the stop alone has no
    ** dosageInstruction. */
    list = json_array();
    for(size_t i = 0; i < p->nsteps; i++) {
        unsigned mask = 0;
        for(int a = 0; a < r->nadmin; a++)
            if(p->steps[i].dose[a].ug > 0)
                mask |= 1u << a;
        for(int a = 0; a < r->nadmin; a++)
            if(mask & 1u << a)
                add_dosage(list, p, i, a, &mask, &bad);
    }
    if(json_array_size(list))
        put(root, "dosageInstruction", list, &bad);
    else
        json_decref(list);

    /* A tablet count is only meaningful for one strength: the resource
    ** names one medication. Several strengths: the note lists them. */
    for(int k = 0; k < r->nstrengths; k++)
        if(p->tablets_total[k]) {
            used++;
            which = k;
        }
    if(used == 1)
        put_quantity(put_new(root, "dispenseRequest", json_object(), &bad),
                     "quantity", json_integer(p->tablets_total[which]),
                     "tablet", ORDERABLE_FORM, "TAB", &bad);
    else if(!r->nstrengths && p->ul_total > 0)
        put_quantity(put_new(root, "dispenseRequest", json_object(), &bad),
                     "quantity", sd__json_milli(p->ul_total), "mL", UCUM, "mL",
                     &bad);
    if(bad || !root) {
        json_decref(root);
        sd_error_setf(err, "out of memory");
        return NULL;
    }
    return root;
}
