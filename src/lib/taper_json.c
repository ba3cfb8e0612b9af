/*
** taper_json.c: plan requests and plans as JSON (taper_json.h).
**
** Reading: every refusal names the JSON path and says what to write.
** Amounts in mg are JSON numbers with at most three decimals (whole
** micrograms); times are "HH:MM", dates "YYYY-MM-DD". Writing: each amount
** appears in mg for people and, where a program needs it exactly, in ug.
*/
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "stepdown/date.h"
#include "stepdown/taper_json.h"
#include "jsonw.h"
#include "taper_int.h"

#define fail(err, ...) (sd_error_setf((err), __VA_ARGS__), SD_ERR_USAGE)

static const char *const reasons[] = {"elective", "side-effects",
                                      "serious-adverse-reaction"};

/* ---- reading ---- */

/* Refuse keys of o that are not in the NULL-terminated list. */
static int only_keys(json_t *o, const char *path, const char *const *keys,
                     sd_error *err)
{
    const char *k;
    json_t *v;
    json_object_foreach(o, k, v) {
        size_t i = 0;
        while(keys[i] && strcmp(keys[i], k))
            i++;
        if(!keys[i]) {
            char list[256];
            size_t n = 0;
            for(i = 0; keys[i] && n < sizeof(list); i++)
                n += (size_t)snprintf(list + n, sizeof(list) - n, "%s%s",
                                      i ? ", " : "", keys[i]);
            return fail(err, "%s: unknown key \"%.40s\"; the keys are %s",
                        path, k, list);
        }
    }
    return SD_OK;
}

/* A number of mg as whole micrograms in [lo, hi]. */
static int get_mg(json_t *v, const char *path, int64_t lo, int64_t hi,
                  int64_t *ug, sd_error *err)
{
    if(!json_is_number(v))
        return fail(err, "%s: give milligrams as a number, e.g. 20 or 2.5",
                    path);
    double x = json_number_value(v) * 1000.0;
    if(!(x >= (double)lo && x <= (double)hi))
        return fail(err, "%s: %g mg is outside %g to %g mg", path,
                    json_number_value(v), (double)lo / 1000,
                    (double)hi / 1000);
    double r = floor(x + 0.5);
    if(fabs(x - r) > 1e-6)
        return fail(err, "%s: at most 3 decimals (whole micrograms)", path);
    *ug = (int64_t)r;
    return SD_OK;
}

static int get_int(json_t *v, const char *path, long lo, long hi, int *out,
                   sd_error *err)
{
    if(!json_is_integer(v) || json_integer_value(v) < lo ||
       json_integer_value(v) > hi)
        return fail(err, "%s: give a whole number from %ld to %ld", path, lo,
                    hi);
    *out = (int)json_integer_value(v);
    return SD_OK;
}

static int get_bool(json_t *v, const char *path, int *out, sd_error *err)
{
    if(!json_is_boolean(v))
        return fail(err, "%s: give true or false", path);
    *out = json_is_true(v);
    return SD_OK;
}

static int get_date(json_t *v, const char *path, long *day, sd_error *err)
{
    if(!json_is_string(v) || sd_date_parse(json_string_value(v), day))
        return fail(err, "%s: give a date as \"YYYY-MM-DD\", e.g. "
                    "\"2026-11-24\"", path);
    return SD_OK;
}

static int get_text(json_t *v, const char *path, char *out, size_t n,
                    sd_error *err)
{
    if(!json_is_string(v) || json_string_length(v) >= n)
        return fail(err, "%s: give a text of at most %zu bytes", path, n - 1);
    memcpy(out, json_string_value(v), json_string_length(v) + 1);
    if(strlen(out) != json_string_length(v))
        return fail(err, "%s: the text contains a NUL character", path);
    return SD_OK;
}

static int read_regimen(json_t *a, sd_taper_request *r, sd_error *err)
{
    static const char *const keys[] = {"mg", "time", NULL};
    char path[64];
    int rc, ntimes = 0;

    if(!json_is_array(a) || !json_array_size(a) ||
       json_array_size(a) > SD_TAPER_MAX_ADMIN)
        return fail(err, "$.regimen: give 1 to %d doses, e.g. [{\"mg\": 20, "
                    "\"time\": \"08:00\"}]", SD_TAPER_MAX_ADMIN);
    r->nadmin = (int)json_array_size(a);
    for(int i = 0; i < r->nadmin; i++) {
        json_t *d = json_array_get(a, (size_t)i), *t;
        snprintf(path, sizeof(path), "$.regimen[%d]", i);
        if(!json_is_object(d))
            return fail(err, "%s: give {\"mg\": 20, \"time\": \"08:00\"}",
                        path);
        if((rc = only_keys(d, path, keys, err)))
            return rc;
        snprintf(path, sizeof(path), "$.regimen[%d].mg", i);
        if((rc = get_mg(json_object_get(d, "mg"), path, 1, 10000000,
                        &r->dose_ug[i], err)))
            return rc;
        if((t = json_object_get(d, "time"))) {
            snprintf(path, sizeof(path), "$.regimen[%d].time", i);
            if(!json_is_string(t) ||
               sd_time_parse(json_string_value(t), &r->minute[i]))
                return fail(err, "%s: give a time as \"HH:MM\", e.g. "
                            "\"08:00\"", path);
            if(i && r->minute[i] <= r->minute[i - 1])
                return fail(err, "%s: the doses must be in order through "
                            "the day", path);
            ntimes++;
        }
    }
    if(ntimes && ntimes != r->nadmin)
        return fail(err, "$.regimen: give a time for every dose, or for "
                    "none");
    if(!ntimes && sd_taper_default_times(r->nadmin, r->minute))
        return fail(err, "$.regimen: give the times of %d doses a day",
                    r->nadmin);
    return SD_OK;
}

static int read_tablets(json_t *a, sd_taper_request *r, sd_error *err)
{
    static const char *const keys[] = {"mg", "split", NULL};
    char path[64];
    int rc;

    if(!json_is_array(a) || !json_array_size(a) ||
       json_array_size(a) > SD_TAPER_MAX_STRENGTHS)
        return fail(err, "$.tablets: give 1 to %d strengths, e.g. "
                    "[{\"mg\": 10, \"split\": 2}]", SD_TAPER_MAX_STRENGTHS);
    r->nstrengths = (int)json_array_size(a);
    for(int i = 0; i < r->nstrengths; i++) {
        json_t *d = json_array_get(a, (size_t)i), *v;
        snprintf(path, sizeof(path), "$.tablets[%d]", i);
        if(!json_is_object(d))
            return fail(err, "%s: give {\"mg\": 10, \"split\": 2}", path);
        if((rc = only_keys(d, path, keys, err)))
            return rc;
        snprintf(path, sizeof(path), "$.tablets[%d].mg", i);
        if((rc = get_mg(json_object_get(d, "mg"), path, 1, 1000000,
                        &r->strengths[i].ug, err)))
            return rc;
        r->strengths[i].pieces = 1;
        if((v = json_object_get(d, "split"))) {
            snprintf(path, sizeof(path), "$.tablets[%d].split", i);
            if((rc = get_int(v, path, 1, 4, &r->strengths[i].pieces, err)))
                return rc;
            if(r->strengths[i].pieces == 3)
                return fail(err, "%s: 1 (whole), 2 (halves) or 4 "
                            "(quarters)", path);
        }
    }
    return SD_OK;
}

static int read_liquid(json_t *o, sd_taper_request *r, sd_error *err)
{
    static const char *const keys[] = {"mg_per_ml", "min_ml", NULL};
    int rc;
    if(!json_is_object(o))
        return fail(err, "$.liquid: give {\"mg_per_ml\": 1, \"min_ml\": "
                    "0.5}");
    if((rc = only_keys(o, "$.liquid", keys, err)) ||
       (rc = get_mg(json_object_get(o, "mg_per_ml"), "$.liquid.mg_per_ml", 1,
                    100000, &r->ug_per_ml, err)) ||
       (rc = get_mg(json_object_get(o, "min_ml"), "$.liquid.min_ml", 1,
                    100000, &r->min_ul, err)))
        return rc;
    return SD_OK;
}

static int read_patient(json_t *o, sd_taper_spec *s, sd_error *err)
{
    static const char *const keys[] = {
        "days_on_drug", "age", "egfr", "previous_withdrawal",
        "alcohol_use_disorder", "indication", NULL};
    sd_taper_patient *pt = &s->patient;
    json_t *v;
    int rc;

    if(!json_is_object(o))
        return fail(err, "$.patient: give an object, e.g. {\"age\": 70}");
    if((rc = only_keys(o, "$.patient", keys, err)))
        return rc;
    if((v = json_object_get(o, "days_on_drug")) &&
       (rc = get_int(v, "$.patient.days_on_drug", 0, 36500,
                     &pt->days_on_drug, err)))
        return rc;
    if((v = json_object_get(o, "age")) &&
       (rc = get_int(v, "$.patient.age", 0, 130, &pt->age, err)))
        return rc;
    if((v = json_object_get(o, "egfr")) &&
       (rc = get_int(v, "$.patient.egfr", 0, 250, &pt->egfr, err)))
        return rc;
    if((v = json_object_get(o, "previous_withdrawal")) &&
       (rc = get_bool(v, "$.patient.previous_withdrawal",
                      &pt->previous_withdrawal, err)))
        return rc;
    if((v = json_object_get(o, "alcohol_use_disorder")) &&
       (rc = get_bool(v, "$.patient.alcohol_use_disorder",
                      &pt->alcohol_use_disorder, err)))
        return rc;
    if((v = json_object_get(o, "indication")) &&
       (rc = get_text(v, "$.patient.indication", s->indication,
                      sizeof(s->indication), err)))
        return rc;
    return SD_OK;
}

static int read_speed(json_t *o, sd_taper_spec *s, sd_error *err)
{
    static const char *const keys[] = {"preset", "percent", "cut_mg",
                                       "min_cut_mg", "days_per_step", NULL};
    json_t *v;
    int64_t milli;
    int rc;

    if(!json_is_object(o))
        return fail(err, "$.speed: give an object, e.g. {\"preset\": "
                    "\"slow\"}");
    if((rc = only_keys(o, "$.speed", keys, err)))
        return rc;
    if((v = json_object_get(o, "preset")) &&
       (rc = get_text(v, "$.speed.preset", s->preset, sizeof(s->preset),
                      err)))
        return rc;
    if((v = json_object_get(o, "percent"))) {
        if((rc = get_mg(v, "$.speed.percent", 0, 100000, &milli, err)))
            return rc;
        s->percent_milli = (int)milli;
    }
    if((v = json_object_get(o, "cut_mg")) &&
       (rc = get_mg(v, "$.speed.cut_mg", 0, 1000000, &s->cut_ug, err)))
        return rc;
    if((v = json_object_get(o, "min_cut_mg")) &&
       (rc = get_mg(v, "$.speed.min_cut_mg", 0, 1000000, &s->min_cut_ug,
                    err)))
        return rc;
    if((v = json_object_get(o, "days_per_step")) &&
       (rc = get_int(v, "$.speed.days_per_step", 1, 365, &s->days_per_step,
                     err)))
        return rc;
    return SD_OK;
}

static int read_spec(json_t *root, sd_taper_spec *s, sd_error *err)
{
    static const char *const keys[] = {
        "drug", "regimen", "bedtime", "tablets", "liquid", "patient",
        "reason", "clinician_approved", "speed", "start", "hold_days", NULL};
    sd_taper_request *r = &s->req;
    json_t *v;
    int rc;

    sd_taper_spec_init(s);
    if(!json_is_object(root))
        return fail(err, "$: a plan request is a JSON object");
    if((rc = only_keys(root, "$", keys, err)))
        return rc;
    if((v = json_object_get(root, "drug")) &&
       (rc = get_text(v, "$.drug", s->drug, sizeof(s->drug), err)))
        return rc;
    if(!(v = json_object_get(root, "regimen")))
        return fail(err, "$.regimen: missing; give the current doses, e.g. "
                    "[{\"mg\": 20, \"time\": \"08:00\"}]");
    if((rc = read_regimen(v, r, err)))
        return rc;
    if((v = json_object_get(root, "bedtime"))) {
        if((rc = get_int(v, "$.bedtime", 1, r->nadmin, &r->bedtime, err)))
            return rc;
        r->bedtime--;
    }
    json_t *tab = json_object_get(root, "tablets");
    json_t *liq = json_object_get(root, "liquid");
    if(!tab == !liq)
        return fail(err, "$: give either \"tablets\" or \"liquid\" (one of "
                    "them)");
    if((rc = tab ? read_tablets(tab, r, err) : read_liquid(liq, r, err)))
        return rc;
    if((v = json_object_get(root, "patient")) &&
       (rc = read_patient(v, s, err)))
        return rc;
    if((v = json_object_get(root, "reason"))) {
        const char *t = json_string_value(v);
        int k = 0;
        while(t && k < 3 && strcmp(t, reasons[k]))
            k++;
        if(!t || k == 3)
            return fail(err, "$.reason: give \"elective\", \"side-effects\" "
                        "or \"serious-adverse-reaction\"");
        s->patient.reason = k;
    }
    if((v = json_object_get(root, "clinician_approved")) &&
       (rc = get_bool(v, "$.clinician_approved",
                      &s->patient.clinician_approved, err)))
        return rc;
    if((v = json_object_get(root, "speed")) && (rc = read_speed(v, s, err)))
        return rc;
    if((v = json_object_get(root, "start"))) {
        if((rc = get_date(v, "$.start", &r->start_day, err)))
            return rc;
    } else {
        r->start_day = sd_date_today();
    }
    if((v = json_object_get(root, "hold_days")) &&
       (rc = get_int(v, "$.hold_days", 0, 3650, &r->hold_days, err)))
        return rc;
    return SD_OK;
}

static json_t *load(const char *buf, size_t len, sd_error *err)
{
    json_error_t je;
    json_t *root = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &je);
    if(!root)
        sd_error_setf(err, "line %d, column %d: %s", je.line, je.column,
                      je.text);
    return root;
}

int sd_taper_spec_from_json(const char *buf, size_t len, sd_taper_spec *spec,
                            sd_error *err)
{
    json_t *root = load(buf, len, err);
    if(!root)
        return SD_ERR_PARSE;
    int rc = read_spec(root, spec, err);
    json_decref(root);
    return rc;
}

int sd_taper_spec_from_value(json_t *root, sd_taper_spec *spec,
                             sd_error *err)
{
    return read_spec(root, spec, err);
}

/* ---- writing ----
** The plan is written as text (jsonw.h), which is what a jansson tree of it
** would dump to: building that tree was most of what POST /api/v1/plans
** cost. The tree, for those who want one, is that text parsed. */

json_t *sd__json_milli(int64_t ug)
{
    return ug % 1000 ? json_real((double)ug / 1000.0)
                     : json_integer(ug / 1000);
}

#define K(key, fn, ...) SD_JW_KV(w, key, fn, __VA_ARGS__)

/* "A B C" as ["A", "B", "C"]. */
static void tag_list(sd_jw *w, const char *tags)
{
    const char *p = tags;
    sd_jw_open(w, '[');
    while(p && *p) {
        size_t n = strcspn(p, " ");
        if(n)
            sd_jw_strn(w, p, n);
        p += n;
        p += strspn(p, " ");
    }
    sd_jw_close(w, ']');
}

static void spec_write(sd_jw *w, const sd_taper_spec *s)
{
    const sd_taper_request *r = &s->req;
    const sd_taper_patient *p = &s->patient;
    sd_jw_open(w, '{');
    if(r->nstrengths) {
        sd_jw_key(w, "tablets");
        sd_jw_open(w, '[');
        for(int i = 0; i < r->nstrengths; i++) {
            sd_jw_open(w, '{');
            K("mg", sd_jw_milli, r->strengths[i].ug);
            K("split", sd_jw_int, r->strengths[i].pieces);
            sd_jw_close(w, '}');
        }
        sd_jw_close(w, ']');
    } else {
        sd_jw_key(w, "liquid");
        sd_jw_open(w, '{');
        K("mg_per_ml", sd_jw_milli, r->ug_per_ml);
        K("min_ml", sd_jw_milli, r->min_ul);
        sd_jw_close(w, '}');
    }
    if(s->drug[0])
        K("drug", sd_jw_str, s->drug);
    if(r->bedtime >= 0)
        K("bedtime", sd_jw_int, r->bedtime + 1);
    sd_jw_key(w, "regimen");
    sd_jw_open(w, '[');
    for(int i = 0; i < r->nadmin; i++) {
        sd_jw_open(w, '{');
        K("mg", sd_jw_milli, r->dose_ug[i]);
        K("time", sd_jw_hhmm, r->minute[i]);
        sd_jw_close(w, '}');
    }
    sd_jw_close(w, ']');
    sd_jw_key(w, "patient");
    sd_jw_open(w, '{');
    if(p->days_on_drug >= 0)
        K("days_on_drug", sd_jw_int, p->days_on_drug);
    if(p->age >= 0)
        K("age", sd_jw_int, p->age);
    if(p->egfr >= 0)
        K("egfr", sd_jw_int, p->egfr);
    K("previous_withdrawal", sd_jw_bool, p->previous_withdrawal);
    K("alcohol_use_disorder", sd_jw_bool, p->alcohol_use_disorder);
    if(s->indication[0])
        K("indication", sd_jw_str, s->indication);
    sd_jw_close(w, '}');
    sd_jw_key(w, "speed");
    sd_jw_open(w, '{');
    if(s->preset[0])
        K("preset", sd_jw_str, s->preset);
    if(s->percent_milli >= 0)
        K("percent", sd_jw_milli, s->percent_milli);
    if(s->cut_ug >= 0)
        K("cut_mg", sd_jw_milli, s->cut_ug);
    if(s->min_cut_ug >= 0)
        K("min_cut_mg", sd_jw_milli, s->min_cut_ug);
    if(s->days_per_step >= 0)
        K("days_per_step", sd_jw_int, s->days_per_step);
    sd_jw_close(w, '}');
    K("reason", sd_jw_str, reasons[p->reason]);
    K("clinician_approved", sd_jw_bool, p->clinician_approved);
    K("start", sd_jw_date, r->start_day);
    K("hold_days", sd_jw_int, r->hold_days);
    sd_jw_close(w, '}');
}

json_t *sd_taper_spec_to_json(const sd_taper_spec *s)
{
    sd_jw w = SD_JW_INIT;
    spec_write(&w, s);
    return sd_jw_tree(&w);
}

static void speed_write(sd_jw *w, const sd_taper_request *r)
{
    sd_jw_open(w, '{');
    K("percent", sd_jw_milli, r->percent_milli);
    K("cut_mg", sd_jw_milli, r->fixed_ug);
    K("min_cut_mg", sd_jw_milli, r->min_cut_ug);
    K("days_per_step", sd_jw_int, r->days_per_step);
    K("minimum_days", sd_jw_int, r->min_total_days);
    K("hold_days", sd_jw_int, r->hold_days);
    sd_jw_close(w, '}');
}

static void dose_write(sd_jw *w, const sd_taper_request *r,
                       const sd_taper_dose *d, int minute, const char *words)
{
    sd_jw_open(w, '{');
    K("time", sd_jw_hhmm, minute);
    K("mg", sd_jw_milli, d->ug);
    K("ug", sd_jw_int, d->ug);
    K("made_of", sd_jw_str, words);
    sd_jw_key(w, "pieces");
    sd_jw_open(w, '[');
    for(int k = 0; k < r->nstrengths; k++)
        if(d->count[k]) {
            sd_jw_open(w, '{');
            K("tablet_mg", sd_jw_milli, r->strengths[k].ug);
            K("split", sd_jw_int, r->strengths[k].pieces);
            K("pieces", sd_jw_int, d->count[k]);
            sd_jw_close(w, '}');
        }
    sd_jw_close(w, ']');
    if(!r->nstrengths)
        K("ml", sd_jw_milli, d->ul);
    sd_jw_close(w, '}');
}

static int same_dose(const sd_taper_dose *a, const sd_taper_dose *b)
{
    return a->ug == b->ug && a->ul == b->ul &&
           !memcmp(a->count, b->count, sizeof(a->count));
}

static void steps_write(sd_jw *w, const sd_taper_plan *p)
{
    /* a dose's words are made again only when it changed: most steps
    ** change one dose of the day */
    char words[SD_TAPER_MAX_ADMIN][128];
    const sd_taper_dose *had[SD_TAPER_MAX_ADMIN] = {NULL};
    sd_jw_open(w, '[');
    for(size_t i = 0; i < p->nsteps; i++) {
        const sd_taper_step *s = &p->steps[i];
        sd_jw_open(w, '{');
        K("step", sd_jw_int, (long long)(i + 1));
        K("from", sd_jw_date, s->first_day);
        K("to", sd_jw_date, s->last_day);
        K("days", sd_jw_int, s->last_day - s->first_day + 1);
        K("total_mg", sd_jw_milli, s->total_ug);
        K("total_ug", sd_jw_int, s->total_ug);
        K("cut_mg", sd_jw_milli, s->cut_ug);
        K("allowed_cut_mg", sd_jw_milli, s->allowed_ug);
        sd_jw_key(w, "flags");
        sd_jw_open(w, '[');
        if(s->rounded)
            sd_jw_str(w, "rounded");
        if(s->min_cut)
            sd_jw_str(w, "min_cut");
        if(s->hold)
            sd_jw_str(w, "hold");
        if(s->step_back)
            sd_jw_str(w, "step_back");
        sd_jw_close(w, ']');
        sd_jw_key(w, "doses");
        sd_jw_open(w, '[');
        for(int k = 0; k < p->req.nadmin; k++) {
            const sd_taper_dose *d = &s->dose[k];
            if(!had[k] || !same_dose(had[k], d))
                sd_taper_dose_words(&p->req, d, words[k], sizeof(words[k]));
            had[k] = d;
            dose_write(w, &p->req, d, p->req.minute[k], words[k]);
        }
        sd_jw_close(w, ']');
        sd_jw_close(w, '}');
    }
    sd_jw_close(w, ']');
}

static void adjust_write(sd_jw *w, const sd_taper_adjustment *d)
{
    char why[256], a[32], b[32];
    snprintf(why, sizeof(why), "withdrawal at %s a day: back to %s a day, "
             "the last tolerated dose, held %d days, then half the cuts and "
             "twice the days per step", sd_taper_mg(d->cause_ug, a, sizeof(a)),
             sd_taper_mg(d->back_to_ug, b, sizeof(b)), d->hold_days);
    sd_jw_open(w, '{');
    K("withdrawal_on", sd_jw_date, d->withdrawal_day);
    K("cause_step", sd_jw_int, d->cause_step + 1);
    K("cause_mg", sd_jw_milli, d->cause_ug);
    K("back_to_mg", sd_jw_milli, d->back_to_ug);
    K("hold_days", sd_jw_int, d->hold_days);
    sd_jw_key(w, "before");
    sd_jw_open(w, '{');
    K("percent", sd_jw_milli, d->percent_before);
    K("cut_mg", sd_jw_milli, d->fixed_before);
    K("min_cut_mg", sd_jw_milli, d->min_cut_before);
    K("days_per_step", sd_jw_int, d->days_before);
    sd_jw_close(w, '}');
    sd_jw_key(w, "after");
    sd_jw_open(w, '{');
    K("percent", sd_jw_milli, d->percent_after);
    K("cut_mg", sd_jw_milli, d->fixed_after);
    K("min_cut_mg", sd_jw_milli, d->min_cut_after);
    K("days_per_step", sd_jw_int, d->days_after);
    sd_jw_close(w, '}');
    K("why", sd_jw_str, why);
    sd_jw_close(w, '}');
}

static void policy_write(sd_jw *w, const sd_taper_policy *pol)
{
    const sd_taper_preset *q = pol->preset;
    sd_jw_open(w, '{');
    K("speed", sd_jw_str, q->name);
    K("custom", sd_jw_bool, pol->custom);
    K("summary", sd_jw_str, q->summary);
    K("basis", sd_jw_str, q->basis);
    K("sources", tag_list, q->sources);
    K("chosen_by", sd_jw_str, pol->by_risk ? "risk" : "request");
    K("risk_points", sd_jw_int, pol->points);
    sd_jw_key(w, "risk_factors");
    sd_jw_open(w, '[');
    for(int i = 0; i < pol->nfactors; i++) {
        sd_jw_open(w, '{');
        K("text", sd_jw_str, pol->factors[i].text);
        K("points", sd_jw_int, pol->factors[i].points);
        K("sources", tag_list, pol->factors[i].sources);
        sd_jw_close(w, '}');
    }
    sd_jw_close(w, ']');
    K("default_for_risk", sd_jw_str, pol->risk_preset->name);
    K("faster_than_default", sd_jw_bool, pol->faster_than_risk);
    K("minimum_days", sd_jw_int, pol->min_total_days);
    K("label_minimum_days", sd_jw_int, pol->label_min_days);
    K("label_minimum_sources", tag_list, pol->label_min_sources);
    K("watch", sd_jw_bool, pol->watch);
    sd_jw_close(w, '}');
}

static void pharmacy_write(sd_jw *w, const sd_taper_plan *p)
{
    sd_jw_open(w, '{');
    K("from", sd_jw_date, p->dispense_from_day);
    sd_jw_key(w, "tablets");
    sd_jw_open(w, '[');
    for(int k = 0; k < p->req.nstrengths; k++) {
        sd_jw_open(w, '{');
        K("mg", sd_jw_milli, p->req.strengths[k].ug);
        K("split", sd_jw_int, p->req.strengths[k].pieces);
        K("pieces", sd_jw_int, p->pieces_total[k]);
        K("tablets", sd_jw_int, p->tablets_total[k]);
        sd_jw_close(w, '}');
    }
    sd_jw_close(w, ']');
    if(!p->req.nstrengths)
        K("ml", sd_jw_milli, p->ul_total);
    sd_jw_close(w, '}');
}

static void plan_write(sd_jw *w, const sd_monograph *m,
                       const sd_taper_spec *spec, const sd_taper_policy *pol,
                       const sd_taper_plan *p, const sd_taper_label *l)
{
    char notes[8][SD_TAPER_NOTE_MAX], watch[2048];
    size_t nn = sd_taper_notes(m, spec, pol, p, notes, 8);
    sd_jw_open(w, '{');
    K("format", sd_jw_str, "stepdown-plan");
    K("version", sd_jw_int, 1);
    sd_jw_key(w, "drug");
    sd_jw_open(w, '{');
    K("id", sd_jw_str, l->drug_id);
    K("name", sd_jw_str, l->drug);
    if(l->rxnorm)
        K("rxnorm", sd_jw_str, l->rxnorm);
    sd_jw_close(w, '}');
    K("notice", sd_jw_str, SD_SUPPORT_NOTICE);
    K("request", spec_write, spec);
    K("policy", policy_write, pol);
    K("speed", speed_write, &p->req);
    K("start", sd_jw_date, p->steps[0].first_day);
    K("stop", sd_jw_date, p->steps[p->nsteps - 1].first_day);
    K("steps", steps_write, p);
    K("pharmacy", pharmacy_write, p);
    sd_jw_key(w, "adjustments");
    sd_jw_open(w, '[');
    for(int i = 0; i < p->nadj; i++)
        adjust_write(w, &p->adj[i]);
    sd_jw_close(w, ']');
    sd_jw_key(w, "notes");
    sd_jw_open(w, '[');
    for(size_t i = 0; i < nn; i++)
        sd_jw_str(w, notes[i]);
    sd_jw_close(w, ']');
    sd_jw_key(w, "watch");
    sd_jw_open(w, '{');
    K("required", sd_jw_bool, pol->watch);
    K("text", sd_jw_str, sd_taper_watch(m, watch, sizeof(watch)));
    sd_jw_close(w, '}');
    sd_jw_close(w, '}');
}

char *sd_taper_plan_json_text(const sd_monograph *m,
                              const sd_taper_spec *spec,
                              const sd_taper_policy *pol,
                              const sd_taper_plan *p, const sd_taper_label *l,
                              size_t *len)
{
    sd_jw w = SD_JW_INIT;
    plan_write(&w, m, spec, pol, p, l);
    return sd_jw_finish(&w, len);
}

json_t *sd_taper_plan_to_json(const sd_monograph *m, const sd_taper_spec *spec,
                              const sd_taper_policy *pol,
                              const sd_taper_plan *p, const sd_taper_label *l)
{
    sd_jw w = SD_JW_INIT;
    plan_write(&w, m, spec, pol, p, l);
    return sd_jw_tree(&w);
}

#undef K

/* ---- reading a plan back ---- */

static int read_plan_speed(json_t *o, sd_taper_request *r, sd_error *err)
{
    int64_t v;
    int rc;
    if(!json_is_object(o))
        return fail(err, "$.speed: missing; the plan was not written by "
                    "stepdown plan --format json");
    if((rc = get_mg(json_object_get(o, "percent"), "$.speed.percent", 0,
                    100000, &v, err)))
        return rc;
    r->percent_milli = (int)v;
    if((rc = get_mg(json_object_get(o, "cut_mg"), "$.speed.cut_mg", 0,
                    10000000, &r->fixed_ug, err)) ||
       (rc = get_mg(json_object_get(o, "min_cut_mg"), "$.speed.min_cut_mg",
                    0, 10000000, &r->min_cut_ug, err)) ||
       (rc = get_int(json_object_get(o, "days_per_step"),
                     "$.speed.days_per_step", 1, 365, &r->days_per_step,
                     err)) ||
       (rc = get_int(json_object_get(o, "minimum_days"),
                     "$.speed.minimum_days", 0, 3650, &r->min_total_days,
                     err)) ||
       (rc = get_int(json_object_get(o, "hold_days"), "$.speed.hold_days",
                     0, 3650, &r->hold_days, err)))
        return rc;
    return SD_OK;
}

static int read_steps(json_t *a, sd_taper_plan *p, sd_error *err)
{
    char path[80];
    int rc;
    if(!json_is_array(a) || !json_array_size(a) ||
       json_array_size(a) > SD_TAPER_MAX_STEPS)
        return fail(err, "$.steps: give 1 to %d steps", SD_TAPER_MAX_STEPS);
    p->nsteps = json_array_size(a);
    for(size_t i = 0; i < p->nsteps; i++) {
        json_t *s = json_array_get(a, i), *doses, *flags, *f;
        sd_taper_step *st = &p->steps[i];
        size_t k;
        memset(st, 0, sizeof(*st));
        snprintf(path, sizeof(path), "$.steps[%zu]", i);
        if(!json_is_object(s))
            return fail(err, "%s: a step is an object", path);
        snprintf(path, sizeof(path), "$.steps[%zu].from", i);
        if((rc = get_date(json_object_get(s, "from"), path, &st->first_day,
                          err)))
            return rc;
        snprintf(path, sizeof(path), "$.steps[%zu].to", i);
        if((rc = get_date(json_object_get(s, "to"), path, &st->last_day,
                          err)))
            return rc;
        snprintf(path, sizeof(path), "$.steps[%zu].allowed_cut_mg", i);
        if((rc = get_mg(json_object_get(s, "allowed_cut_mg"), path, 0,
                        100000000, &st->allowed_ug, err)))
            return rc;
        snprintf(path, sizeof(path), "$.steps[%zu].cut_mg", i);
        if((rc = get_mg(json_object_get(s, "cut_mg"), path, -100000000,
                        100000000, &st->cut_ug, err)))
            return rc;
        flags = json_object_get(s, "flags");
        if(!json_is_array(flags))
            return fail(err, "$.steps[%zu].flags: give a list", i);
        json_array_foreach(flags, k, f) {
            const char *t = json_string_value(f);
            if(!t)
                return fail(err, "$.steps[%zu].flags[%zu]: a text", i, k);
            if(!strcmp(t, "rounded"))
                st->rounded = 1;
            else if(!strcmp(t, "min_cut"))
                st->min_cut = 1;
            else if(!strcmp(t, "hold"))
                st->hold = 1;
            else if(!strcmp(t, "step_back"))
                st->step_back = 1;
            else
                return fail(err, "$.steps[%zu].flags[%zu]: unknown flag "
                            "\"%.20s\"", i, k, t);
        }
        doses = json_object_get(s, "doses");
        if(!json_is_array(doses) ||
           json_array_size(doses) != (size_t)p->req.nadmin)
            return fail(err, "$.steps[%zu].doses: give the %d doses of the "
                        "regimen", i, p->req.nadmin);
        for(int d = 0; d < p->req.nadmin; d++) {
            json_t *o = json_array_get(doses, (size_t)d);
            snprintf(path, sizeof(path), "$.steps[%zu].doses[%d].ug", i, d);
            json_t *ug = json_is_object(o) ? json_object_get(o, "ug") : NULL;
            if(!json_is_integer(ug) || json_integer_value(ug) < 0 ||
               json_integer_value(ug) > 10000000)
                return fail(err, "%s: give whole micrograms, 0 to "
                            "10000000", path);
            st->dose[d].ug = json_integer_value(ug);
        }
    }
    return SD_OK;
}

static int read_adjustments(json_t *a, sd_taper_plan *p, sd_error *err)
{
    char path[80];
    size_t i;
    json_t *o;
    int rc;

    if(!json_is_array(a) || json_array_size(a) > SD_TAPER_MAX_ADJUST)
        return fail(err, "$.adjustments: give a list of at most %d",
                    SD_TAPER_MAX_ADJUST);
    p->nadj = (int)json_array_size(a);
    json_array_foreach(a, i, o) {
        sd_taper_adjustment *d = &p->adj[i];
        json_t *b = json_object_get(o, "before"),
               *f = json_object_get(o, "after");
        int64_t v;
        memset(d, 0, sizeof(*d));
        snprintf(path, sizeof(path), "$.adjustments[%zu]", i);
        if(!json_is_object(o) || !json_is_object(b) || !json_is_object(f))
            return fail(err, "%s: an adjustment with before and after",
                        path);
        if((rc = get_date(json_object_get(o, "withdrawal_on"), path,
                          &d->withdrawal_day, err)) ||
           (rc = get_int(json_object_get(o, "cause_step"), path, 1,
                         SD_TAPER_MAX_STEPS, &d->cause_step, err)) ||
           (rc = get_mg(json_object_get(o, "cause_mg"), path, 0, 10000000,
                        &d->cause_ug, err)) ||
           (rc = get_mg(json_object_get(o, "back_to_mg"), path, 0, 10000000,
                        &d->back_to_ug, err)) ||
           (rc = get_int(json_object_get(o, "hold_days"), path, 1, 365,
                         &d->hold_days, err)) ||
           (rc = get_mg(json_object_get(b, "percent"), path, 0, 100000, &v,
                        err)))
            return rc;
        d->cause_step--;
        d->percent_before = (int)v;
        if((rc = get_mg(json_object_get(f, "percent"), path, 0, 100000, &v,
                        err)))
            return rc;
        d->percent_after = (int)v;
        if((rc = get_mg(json_object_get(b, "cut_mg"), path, 0, 10000000,
                        &d->fixed_before, err)) ||
           (rc = get_mg(json_object_get(f, "cut_mg"), path, 0, 10000000,
                        &d->fixed_after, err)) ||
           (rc = get_mg(json_object_get(b, "min_cut_mg"), path, 0, 10000000,
                        &d->min_cut_before, err)) ||
           (rc = get_mg(json_object_get(f, "min_cut_mg"), path, 0, 10000000,
                        &d->min_cut_after, err)) ||
           (rc = get_int(json_object_get(b, "days_per_step"), path, 1, 365,
                         &d->days_before, err)) ||
           (rc = get_int(json_object_get(f, "days_per_step"), path, 1, 365,
                         &d->days_after, err)))
            return rc;
    }
    return SD_OK;
}

int sd_taper_plan_from_json(const char *buf, size_t len, sd_taper_spec *spec,
                            sd_taper_plan *p, sd_error *err)
{
    json_t *root = load(buf, len, err);
    if(!root)
        return SD_ERR_PARSE;
    int rc = sd_taper_plan_from_value(root, spec, p, err);
    json_decref(root);
    return rc;
}

int sd_taper_plan_from_value(json_t *root, sd_taper_spec *spec,
                             sd_taper_plan *p, sd_error *err)
{
    json_t *v;
    int rc;

    memset(p, 0, offsetof(sd_taper_plan, steps));
    p->nsteps = 0;
    p->nadj = 0;
    if(!json_is_object(root) ||
       !json_is_string(v = json_object_get(root, "format")) ||
       strcmp(json_string_value(v), "stepdown-plan"))
        return fail(err, "$.format: not a stepdown plan; write one with "
                    "stepdown plan --format json");
    if(!(v = json_object_get(root, "request")))
        rc = fail(err, "$.request: missing");
    else if(!(rc = read_spec(v, spec, err))) {
        p->req = spec->req;
        if(!(rc = read_plan_speed(json_object_get(root, "speed"), &p->req,
                                  err)) &&
           !(rc = read_steps(json_object_get(root, "steps"), p, err)) &&
           !(rc = read_adjustments(json_object_get(root, "adjustments"), p,
                                   err))) {
            json_t *ph = json_object_get(root, "pharmacy");
            p->req.start_day = p->steps[0].first_day;
            rc = get_date(ph ? json_object_get(ph, "from") : NULL,
                          "$.pharmacy.from", &p->dispense_from_day, err);
            if(!rc)
                rc = sd_taper_verify(p, err);
        }
    }
    return rc;
}
