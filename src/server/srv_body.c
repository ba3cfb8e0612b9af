/*
** srv_body.c: reading request bodies into the library's structures.
**
** Each parser takes the body's JSON object and fills a library struct or
** refuses with a fault naming the field ("$.context.egfr"), what was wrong
** and what to send instead. Unknown keys are refused. The parsers write
** nothing anywhere; tests/fuzz/fuzz_api.c feeds them arbitrary bytes.
*/
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "json_read.h"
#include "server.h"
#include "stepdown/date.h"
#include "stepdown/diary.h"
#include "stepdown/pump.h"
#include "stepdown/taper.h"
#include "stepdown/triage.h"
#include "stepdown/triage_json.h"
#include "stepdown/wscore.h"

int srv_faultf(struct srv_fault *f, const char *where, const char *fmt, ...)
{
    va_list ap;
    f->status = 400;
    f->code = "invalid";
    snprintf(f->where, sizeof(f->where), "%s", where ? where : "");
    va_start(ap, fmt);
    vsnprintf(f->msg, sizeof(f->msg), fmt, ap);
    va_end(ap);
    /* where and msg hold truncated client strings (keys, units) */
    sd_utf8_fix(f->where);
    sd_utf8_fix(f->msg);
    return -1;
}

int srv_fault_send(struct srv_resp *r, const struct srv_fault *f)
{
    return srv_error(r, f->status ? f->status : 400,
                     f->code ? f->code : "invalid", f->where, "%s", f->msg);
}

json_t *srv_body_object(const char *buf, size_t len, struct srv_fault *f)
{
    json_error_t je;
    if(!buf || !len) {
        srv_faultf(f, "$", "send a JSON object as the body");
        return NULL;
    }
    json_t *v = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &je);
    if(!v) {
        srv_faultf(f, "$", "the body is not JSON: %s (line %d, column %d)",
                   je.text, je.line, je.column);
        f->code = "bad_json";
        return NULL;
    }
    if(!json_is_object(v)) {
        json_decref(v);
        srv_faultf(f, "$", "send a JSON object ({...}) as the body");
        return NULL;
    }
    return v;
}

/* The typed fields are the library's (src/lib/json_read.c, shared with
** the check request reader); its refusal becomes the 400. */
static int fault_of(int rc, const sd_error *err, struct srv_fault *f)
{
    return rc ? srv_faultf(f, err->path, "%s", err->text) : 0;
}

int srv_only_keys(json_t *o, const char *path, const char *const *allowed,
                  struct srv_fault *f)
{
    sd_error err;
    return fault_of(sd__jr_only_keys(o, path, allowed, &err), &err, f);
}

int srv_get_str(json_t *o, const char *key, int req, size_t min, size_t max,
                const char **out, struct srv_fault *f)
{
    return srv_get_str_at(o, "$", key, req, min, max, out, f);
}

int srv_get_str_at(json_t *o, const char *path, const char *key, int req,
                   size_t min, size_t max, const char **out,
                   struct srv_fault *f)
{
    sd_error err;
    return fault_of(sd__jr_str(o, path, key, req, min, max, out, &err), &err,
                    f);
}

int srv_get_int(json_t *o, const char *key, int req, int64_t lo, int64_t hi,
                int64_t *out, struct srv_fault *f)
{
    return srv_get_int_at(o, "$", key, req, lo, hi, out, f);
}

int srv_get_int_at(json_t *o, const char *path, const char *key, int req,
                   int64_t lo, int64_t hi, int64_t *out, struct srv_fault *f)
{
    sd_error err;
    return fault_of(sd__jr_int(o, path, key, req, lo, hi, out, &err), &err,
                    f);
}

int srv_get_num(json_t *o, const char *key, int req, double lo, double hi,
                double *out, struct srv_fault *f)
{
    return srv_get_num_at(o, "$", key, req, lo, hi, out, f);
}

int srv_get_num_at(json_t *o, const char *path, const char *key, int req,
                   double lo, double hi, double *out, struct srv_fault *f)
{
    sd_error err;
    return fault_of(sd__jr_num(o, path, key, req, lo, hi, out, &err), &err,
                    f);
}

int srv_get_bool(json_t *o, const char *key, int *out, struct srv_fault *f)
{
    return srv_get_bool_at(o, "$", key, out, f);
}

int srv_get_bool_at(json_t *o, const char *path, const char *key, int *out,
                    struct srv_fault *f)
{
    sd_error err;
    return fault_of(sd__jr_bool(o, path, key, out, &err), &err, f);
}

int srv_get_date(json_t *o, const char *key, int req, long *day,
                 struct srv_fault *f)
{
    return srv_get_date_at(o, "$", key, req, day, f);
}

int srv_get_date_at(json_t *o, const char *path, const char *key, int req,
                    long *day, struct srv_fault *f)
{
    sd_error err;
    return fault_of(sd__jr_date(o, path, key, req, day, &err), &err, f);
}

int srv_get_mg(json_t *o, const char *key, int req, int64_t *ug,
               struct srv_fault *f)
{
    return srv_get_mg_at(o, "$", key, req, ug, f);
}

int srv_get_mg_at(json_t *o, const char *path, const char *key, int req,
                  int64_t *ug, struct srv_fault *f)
{
    sd_error err;
    return fault_of(sd__jr_mg(o, path, key, req, ug, &err), &err, f);
}

int srv_parse_time(const char *s, int64_t *at_out, int *tz_min)
{
    /* YYYY-MM-DDTHH:MM[:SS][.fff](Z|+HH:MM|-HH:MM) */
    long day;
    char d[11];
    size_t n = strlen(s);
    if(n < 17 || n > 40 || (s[10] != 'T' && s[10] != ' '))
        return -1;
    memcpy(d, s, 10);
    d[10] = '\0';
    if(sd_date_parse(d, &day))
        return -1;
    const char *p = s + 11;
    int hh, mm, ss = 0;
    if(!(p[0] >= '0' && p[0] <= '2' && p[1] >= '0' && p[1] <= '9' &&
         p[2] == ':' && p[3] >= '0' && p[3] <= '5' && p[4] >= '0' &&
         p[4] <= '9'))
        return -1;
    hh = (p[0] - '0') * 10 + p[1] - '0';
    mm = (p[3] - '0') * 10 + p[4] - '0';
    p += 5;
    if(*p == ':') {
        if(!(p[1] >= '0' && p[1] <= '5' && p[2] >= '0' && p[2] <= '9'))
            return -1;
        ss = (p[1] - '0') * 10 + p[2] - '0';
        p += 3;
        if(*p == '.') {
            p++;
            if(!(*p >= '0' && *p <= '9'))
                return -1;
            while(*p >= '0' && *p <= '9')
                p++;
        }
    }
    if(hh > 23)
        return -1;
    int tz;
    if(*p == 'Z' && !p[1]) {
        tz = 0;
    } else if((*p == '+' || *p == '-') && strlen(p) == 6 && p[3] == ':' &&
              p[1] >= '0' && p[1] <= '1' && p[2] >= '0' && p[2] <= '9' &&
              p[4] >= '0' && p[4] <= '5' && p[5] >= '0' && p[5] <= '9') {
        tz = ((p[1] - '0') * 10 + p[2] - '0') * 60 + (p[4] - '0') * 10 +
             p[5] - '0';
        if(tz > 14 * 60)
            return -1;
        if(*p == '-')
            tz = -tz;
    } else {
        return -1;
    }
    *at_out = (int64_t)day * 86400 + hh * 3600 + mm * 60 + ss -
              (int64_t)tz * 60;
    *tz_min = tz;
    return 0;
}

/* ---- POST /check ---- */

/* The library reads it (src/lib/triage_req.c); its refusal is the 400. */
int srv_parse_check(json_t *root, long today, sd_check_request *req,
                    struct srv_fault *f)
{
    sd_error err;
    if(sd_check_request_from_json(root, today, 0, req, &err))
        return srv_faultf(f, err.path, "%s", err.text);
    return 0;
}

/* ---- POST /pump ---- */

/* Millilitres with up to 3 decimals into microlitres. */
static int get_ml(json_t *o, const char *key, int req, int64_t *ul,
                  struct srv_fault *f)
{
    return srv_get_mg(o, key, req, ul, f);  /* the same fixed point */
}

int srv_parse_pump(json_t *root, long today, sd_pump_request *r,
                   const char **drug, struct srv_fault *f)
{
    static const char *const keys[] = {
        "reservoir_ml", "concentration_mcg_ml", "dose_mcg_day", "filled",
        "filled_time", "alarm_ml", "lead_days", "today", "drug", NULL};
    const char *ftime = NULL;
    int64_t conc = 0, lead = SD_PUMP_LEAD_DEFAULT;
    sd_pump_request_init(r);
    r->today = today;
    *drug = NULL;
    if(srv_only_keys(root, "$", keys, f) ||
       get_ml(root, "reservoir_ml", 1, &r->reservoir_ul, f) ||
       srv_get_int(root, "concentration_mcg_ml", 1, 1, SD_PUMP_MAX_UG_PER_ML,
                   &conc, f) ||
       srv_get_mg(root, "dose_mcg_day", 1, &r->dose_ng_day, f) ||
       srv_get_date(root, "filled", 1, &r->filled_day, f) ||
       srv_get_str(root, "filled_time", 0, 5, 5, &ftime, f) ||
       get_ml(root, "alarm_ml", 1, &r->alarm_ul, f) ||
       srv_get_int(root, "lead_days", 0, 0, SD_PUMP_MAX_LEAD_DAYS, &lead,
                   f) ||
       srv_get_date(root, "today", 0, &r->today, f) ||
       srv_get_str(root, "drug", 0, 1, 64, drug, f))
        return -1;
    r->ug_per_ml = conc;
    r->lead_days = (int)lead;
    if(ftime && sd_time_parse(ftime, &r->filled_minute))
        return srv_faultf(f, "$.filled_time", "give the time as HH:MM");
    return 0;
}

/* ---- POST /patients/{id}/prescriptions ---- */

static int regimen_of(const char *s, const char *w, sd_rx *rx,
                      struct srv_fault *f)
{
    const char *p = s;
    rx->nadmin = 0;
    for(;;) {
        int64_t ug;
        const char *end;
        if(rx->nadmin == SD_TAPER_MAX_ADMIN)
            return srv_faultf(f, w, "at most %d doses a day",
                              SD_TAPER_MAX_ADMIN);
        if(sd__mg_parse(p, &end, &ug) || ug <= 0)
            return srv_faultf(f, w, "give the dose of each time of day in "
                              "mg, e.g. \"20-20-20\"");
        rx->dose_ug[rx->nadmin++] = ug;
        if(!*end)
            return 0;
        if(*end != '-')
            return srv_faultf(f, w, "give the doses as mg separated by '-', "
                              "e.g. \"20-20-20\"");
        p = end + 1;
    }
}

static int times_of(const char *s, const char *w, sd_rx *rx,
                    struct srv_fault *f)
{
    char buf[8];
    int k = 0;
    const char *p = s;
    while(*p) {
        const char *c = strchr(p, ',');
        size_t n = c ? (size_t)(c - p) : strlen(p);
        if(n != 5 || k == rx->nadmin)
            return srv_faultf(f, w, "give %d times as HH:MM separated by "
                              "commas", rx->nadmin);
        memcpy(buf, p, 5);
        buf[5] = '\0';
        if(sd_time_parse(buf, &rx->minute[k]) ||
           (k && rx->minute[k] <= rx->minute[k - 1]))
            return srv_faultf(f, w, "give the times as HH:MM in order");
        k++;
        p += n + (c ? 1 : 0);
        if(c && !*p)
            return srv_faultf(f, w, "a time is missing after the last comma");
    }
    if(k != rx->nadmin)
        return srv_faultf(f, w, "give one time per dose (%d)", rx->nadmin);
    return 0;
}

int srv_parse_rx(json_t *root, const sd_monograph *m, long today, sd_rx *rx,
                 struct srv_fault *f)
{
    static const char *const keys[] = {
        "regimen", "tablet_mg", "pieces", "liquid_mg_per_ml", "times",
        "start", "end", "since", "prescriber", "key", NULL};
    const char *reg = NULL, *times = NULL;
    int64_t tab = 0, liq = 0, pieces = 1;
    memset(rx, 0, sizeof(*rx));
    rx->start_day = today;
    rx->end_day = -1;
    rx->since_day = -1;
    if(srv_only_keys(root, "$", keys, f) ||
       srv_get_str(root, "regimen", 1, 1, 64, &reg, f) ||
       srv_get_mg(root, "tablet_mg", 0, &tab, f) ||
       srv_get_int(root, "pieces", 0, 1, 4, &pieces, f) ||
       srv_get_mg(root, "liquid_mg_per_ml", 0, &liq, f) ||
       srv_get_str(root, "times", 0, 5, 64, &times, f) ||
       srv_get_date(root, "start", 0, &rx->start_day, f) ||
       srv_get_date(root, "end", 0, &rx->end_day, f) ||
       srv_get_date(root, "since", 0, &rx->since_day, f) ||
       srv_get_str(root, "prescriber", 0, 1, 128, &rx->prescriber, f) ||
       srv_get_str(root, "key", 0, 1, SD_KEY_MAX, &rx->key, f) ||
       regimen_of(reg, "$.regimen", rx, f))
        return -1;
    if(!tab == !liq)
        return srv_faultf(f, "$.tablet_mg", "give one of tablet_mg (with "
                          "pieces: 1, 2 or 4) or liquid_mg_per_ml");
    if(pieces == 3)
        return srv_faultf(f, "$.pieces", "give 1 (whole), 2 (halves) or 4 "
                          "(quarters)");
    if(times) {
        if(times_of(times, "$.times", rx, f))
            return -1;
    } else if(sd_taper_default_times(rx->nadmin, rx->minute)) {
        /* usual times are known for 1 to 4 doses a day only */
        return srv_faultf(f, "$.times", "give the time of each of the %d "
                          "doses, e.g. \"07:00,10:00,13:00,16:00,19:00\"",
                          rx->nadmin);
    }
    if(rx->end_day >= 0 && rx->end_day < rx->start_day)
        return srv_faultf(f, "$.end", "the end is before the start");
    /* the oral formulation of that strength */
    const sd_formulation *fm = NULL;
    for(size_t i = 0; !fm && i < sd_monograph_nformulations(m); i++) {
        const sd_formulation *x = sd_monograph_formulation(m, i);
        if(strcmp(x->route, "oral"))
            continue;
        for(size_t k = 0; k < x->nstrengths; k++)
            if((tab && x->strengths[k].amount_ug == tab) ||
               (liq && x->strengths[k].ug_per_ml == liq))
                fm = x;
    }
    if(!fm)
        return srv_faultf(f, tab ? "$.tablet_mg" : "$.liquid_mg_per_ml",
                          "no oral formulation of that strength in the "
                          "monograph (GET /api/v1/drugs lists them)");
    rx->unit_ug = tab;
    rx->ug_per_ml = liq;
    rx->pieces = tab ? (int)pieces : 1;
    int64_t piece = tab ? tab / pieces : liq / 10;
    if(piece <= 0 || (tab && tab % pieces))
        return srv_faultf(f, "$.pieces", "that tablet cannot be split so");
    for(int k = 0; k < rx->nadmin; k++)
        if(rx->dose_ug[k] % piece) {
            char w[64];
            snprintf(w, sizeof(w), "$.regimen");
            return srv_faultf(f, w, "dose %d cannot be made from these "
                              "tablets: give multiples of %lld.%03lld mg", k + 1,
                              (long long)(piece / 1000),
                              (long long)(piece % 1000));
        }
    rx->drug = sd_monograph_id(m);
    rx->formulation = fm->id;
    rx->route = fm->route;
    return 0;
}

/* ---- POST /patients/{id}/entries ---- */

/* "10mg", "500mcg", "1.5tab", "7.5ml", "10" or a number (mg). */
static int amount_of(json_t *v, const sd_rx *rx, int64_t *ug,
                     struct srv_fault *f)
{
    const char *w = "$.dose";
    char buf[64];
    const char *end;
    int64_t x;
    if(json_is_number(v)) {
        json_t *o = json_pack("{s:O}", "dose", v);
        int rc = o ? srv_get_mg(o, "dose", 1, ug, f) : -1;
        json_decref(o);
        return rc;
    }
    if(!json_is_string(v) || json_string_length(v) >= sizeof(buf))
        return srv_faultf(f, w, "give the dose, e.g. \"10mg\", \"1tab\" or "
                          "\"5ml\"");
    snprintf(buf, sizeof(buf), "%s", json_string_value(v));
    if(sd__mg_parse(buf, &end, &x))
        return srv_faultf(f, w, "give the dose, e.g. \"10mg\", \"1tab\" or "
                          "\"5ml\" (a number first, at most 3 decimals)");
    while(*end == ' ')
        end++;
    if(!*end || !strcmp(end, "mg")) {
        *ug = x;
    } else if(!strcmp(end, "mcg") || !strcmp(end, "ug")) {
        if(x % 1000)
            return srv_faultf(f, w, "micrograms are whole numbers");
        *ug = x / 1000;
    } else if(!strcmp(end, "tab") || !strcmp(end, "tabs") ||
              !strcmp(end, "tablet") || !strcmp(end, "tablets")) {
        if(!rx || !rx->unit_ug)
            return srv_faultf(f, w, "the prescription is not for tablets; "
                              "give mg");
        if((x * rx->unit_ug) % 1000)
            return srv_faultf(f, w, "not a whole number of micrograms");
        *ug = x * rx->unit_ug / 1000;
    } else if(!strcmp(end, "ml") || !strcmp(end, "mL")) {
        if(!rx || !rx->ug_per_ml)
            return srv_faultf(f, w, "the prescription is not for a liquid; "
                              "give mg");
        if((x * rx->ug_per_ml) % 1000)
            return srv_faultf(f, w, "give the volume in 0.1 mL");
        *ug = x * rx->ug_per_ml / 1000;
    } else {
        return srv_faultf(f, w, "unknown unit '%.16s'; use mg, mcg, tab or ml",
                          end);
    }
    return 0;
}

static int items_of(json_t *o, sd_entry *e, struct srv_fault *f)
{
    const char *k;
    json_t *v;
    char w[128];
    if(!json_is_object(o) || !json_object_size(o))
        return srv_faultf(f, "$.items", "give the rated items, e.g. "
                          "{\"tremor\": 3, \"sweats\": 2}");
    json_object_foreach(o, k, v) {
        int i = sd_wscore_find(k);
        snprintf(w, sizeof(w), "$.items.%.60s", k);
        if(i < 0)
            return srv_faultf(f, w, "unknown item; the items are listed by "
                              "'stepdown log score --help'");
        const sd_wscore_item *it = sd_wscore_item_at((size_t)i);
        if(!json_is_integer(v) || json_integer_value(v) < 0 ||
           json_integer_value(v) > it->max)
            return srv_faultf(f, w, "give %s from 0 to %d", it->label,
                              it->max);
        e->items[i] = (signed char)json_integer_value(v);
    }
    return 0;
}

int srv_parse_entry(json_t *root, const sd_diary *d, int64_t now,
                    int tz_min, sd_entry *e, struct srv_fault *f)
{
    static const char *const dose[] = {"kind", "sub", "dose", "at", "key",
                                       NULL};
    static const char *const symptom[] = {"kind", "text", "severity", "at",
                                          "key", NULL};
    static const char *const score[] = {"kind", "items", "at", "key", NULL};
    static const char *const alcohol[] = {"kind", "drinks", "at", "key",
                                          NULL};
    static const char *const sedative[] = {"kind", "what", "at", "key",
                                           NULL};
    static const char *const supply[] = {"kind", "units", "at", "key", NULL};
    static const char *const egfr[] = {"kind", "egfr", "at", "key", NULL};
    const char *kind = NULL, *at_s = NULL, *sub = "taken";
    int k;

    if(srv_get_str(root, "kind", 1, 1, 16, &kind, f))
        return -1;
    if(!strcmp(kind, "alcohol") || !strcmp(kind, "sedative")) {
        sd_entry_init(e, SD_ENTRY_SUBSTANCE);
        e->sub = kind[0] == 'a' ? SD_SUBST_ALCOHOL : SD_SUBST_SEDATIVE;
    } else if(sd_entry_kind_parse(kind, &k) || k == SD_ENTRY_SUBSTANCE) {
        return srv_faultf(f, "$.kind", "give \"dose\", \"symptom\", "
                          "\"score\", \"alcohol\", \"sedative\", \"supply\" "
                          "or \"egfr\"");
    } else {
        sd_entry_init(e, k);
    }
    const char *const *keys =
        e->kind == SD_ENTRY_DOSE      ? dose
        : e->kind == SD_ENTRY_SYMPTOM ? symptom
        : e->kind == SD_ENTRY_SCORE   ? score
        : e->kind == SD_ENTRY_SUPPLY  ? supply
        : e->kind == SD_ENTRY_EGFR    ? egfr
        : e->sub == SD_SUBST_ALCOHOL  ? alcohol
                                      : sedative;
    if(srv_only_keys(root, "$", keys, f) ||
       srv_get_str(root, "at", 0, 17, 40, &at_s, f) ||
       srv_get_str(root, "key", 0, 1, SD_KEY_MAX, &e->key, f))
        return -1;
    e->at = now;
    e->tz_min = tz_min;
    e->entered = now;
    if(at_s && srv_parse_time(at_s, &e->at, &e->tz_min))
        return srv_faultf(f, "$.at", "give the time with its offset, e.g. "
                          "\"2026-11-24T08:00:00+01:00\"");
    long day = sd_local_day(e->at, e->tz_min);
    const sd_rx *rx = sd_diary_rx_on(d, day);
    if(!rx && d->nrx)
        rx = &d->rx[d->nrx - 1];
    int64_t n;
    switch(e->kind) {
    case SD_ENTRY_DOSE: {
        if(srv_get_str(root, "sub", 0, 1, 16, &sub, f))
            return -1;
        if(sd_dose_kind_parse(sub, &e->sub))
            return srv_faultf(f, "$.sub", "give \"taken\", \"skipped\", "
                              "\"extra\" or \"as-needed\"");
        json_t *v = json_object_get(root, "dose");
        if(!v || json_is_null(v)) {
            if(e->sub != SD_DOSE_SKIPPED)
                return srv_faultf(f, "$.dose", "missing: give the dose, e.g. "
                                  "\"10mg\" or \"1tab\"");
        } else if(amount_of(v, rx, &e->amount_ug, f)) {
            return -1;
        }
        break;
    }
    case SD_ENTRY_SYMPTOM:
        n = -1;
        if(srv_get_str(root, "text", 1, 1, 4000, &e->text, f) ||
           srv_get_int(root, "severity", 0, 0, 4, &n, f))
            return -1;
        e->severity = (int)n;
        break;
    case SD_ENTRY_SCORE:
        if(items_of(json_object_get(root, "items"), e, f))
            return -1;
        e->score_total = sd_wscore_total(e->items);
        break;
    case SD_ENTRY_SUBSTANCE:
        if(e->sub == SD_SUBST_ALCOHOL)
            return srv_get_num(root, "drinks", 1, 0, 100, &e->value, f);
        return srv_get_str(root, "what", 1, 1, 64, &e->text, f);
    case SD_ENTRY_SUPPLY:
        if(srv_get_num(root, "units", 1, 0.1, 100000, &e->value, f))
            return -1;
        if(!rx)
            return srv_faultf(f, "$.units", "record the prescription first");
        if(rx->unit_ug && e->value != floor(e->value))
            return srv_faultf(f, "$.units", "tablets are dispensed whole");
        e->amount_ug = (int64_t)((rx->unit_ug ? e->value * (double)rx->unit_ug
                                              : e->value *
                                                    (double)rx->ug_per_ml) +
                                 0.5);
        break;
    default:
        return srv_get_num(root, "egfr", 1, 1, 200, &e->value, f);
    }
    return 0;
}
