/*
** diary_json.c: a whole diary as JSON and back (diary_export.h), in the
** format docs/schema/diary.schema.json describes ("stepdown-diary/1").
**
** Writing: times are ISO 8601 local times with their offset (an entry's
** own offset; for prescriptions, plans and alerts, which carry none, the
** offset of the diary's entry nearest before them), amounts whole
** micrograms, kinds and levels by name, comma-separated lists as arrays.
** Every field the reader needs is written, so writing what was read gives
** the same bytes again. A plan version's JSON is embedded as an object.
**
** Reading is strict: every key is known, required keys are there, types
** and ranges are checked, ids are unique, the lists are in the diary's
** order, an alert's entry is in the file and a plan's steps are those of
** its plan. A refusal names the JSON path (err->path) and says what to
** write instead. What the reader cannot know is not checked: whether a
** dose could be made from the tablets, or whether a time was in the
** future when it was recorded (sd_entry_check() checked both when it was
** entered).
*/
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diary_export_int.h"
#include "json_build.h"
#include "stepdown/date.h"
#include "stepdown/taper_json.h"
#include "stepdown/triage.h"
#include "stepdown/wscore.h"

#define FORMAT "stepdown-diary/1"

/* Largest amount of one entry, as sd_entry_check() allows. */
#define DOSE_MAX_UG ((int64_t)5000 * 1000)
/* Largest supply: a data check (a year of the largest tablets). */
#define SUPPLY_MAX_UG ((int64_t)1000000 * 1000 * 1000)
#define TEXT_MAX ((size_t)64 * 1024)
#define NAME_MAX_LEN 256
#define NOTE_MAX 4096

/* ==== Writing ==== */

static json_t *time_json(int64_t at, int tz_min)
{
    char b[SD__ISO_MAX];
    return json_string(sd__iso_time(at, tz_min, b, sizeof(b)));
}

static json_t *date_json(long day)
{
    char b[24];
    return day < 0 ? json_null()
                   : json_string(sd_date_format(day, b, sizeof(b)));
}

/* "a,b,,c" as ["a", "b", "c"]; NULL as []. */
static json_t *list_json(const char *s)
{
    json_t *a = json_array();
    const char *item;
    size_t len;
    while(a && sd__list_next(&s, &item, &len))
        if(json_array_append_new(a, json_stringn(item, len))) {
            json_decref(a);
            return NULL;
        }
    return a;
}

static void rx_json(const sd_diary *d, const sd_rx *rx, json_t *o, int *bad)
{
    char hhmm[8];
    int n = rx->nadmin < 0 ? 0 : rx->nadmin > SD_TAPER_MAX_ADMIN
                                     ? SD_TAPER_MAX_ADMIN : rx->nadmin;

    put(o, "id", json_integer(rx->id), bad);
    put(o, "key", str_or_null(rx->key), bad);
    put(o, "drug", str_or_null(rx->drug), bad);
    put(o, "formulation", str_or_null(rx->formulation), bad);
    put(o, "route", str_or_null(rx->route), bad);
    put(o, "unit_ug", json_integer(rx->unit_ug), bad);
    put(o, "ug_per_ml", json_integer(rx->ug_per_ml), bad);
    put(o, "pieces", json_integer(rx->pieces), bad);
    json_t *doses = put_new(o, "doses", json_array(), bad);
    for(int i = 0; i < n; i++) {
        json_t *x = push_new(doses, json_object(), bad);
        int m = rx->minute[i];
        snprintf(hhmm, sizeof(hhmm), "%02d:%02d", m / 60 % 100, m % 60);
        put(x, "time", json_string(hhmm), bad);
        put(x, "amount_ug", json_integer(rx->dose_ug[i]), bad);
    }
    put(o, "start", date_json(rx->start_day), bad);
    put(o, "end", date_json(rx->end_day), bad);
    put(o, "since", date_json(rx->since_day), bad);
    put(o, "prescriber", str_or_null(rx->prescriber), bad);
    put(o, "entered", time_json(rx->entered, sd__diary_tz_at(d, rx->entered)),
        bad);
}

static void plan_json(const sd_diary *d, const sd_plan_version *pv,
                      json_t *o, int *bad)
{
    json_t *plan = pv->json ? json_loads(pv->json, 0, NULL) : NULL;

    put(o, "id", json_integer(pv->id), bad);
    put(o, "version", json_integer(pv->version), bad);
    put(o, "key", str_or_null(pv->key), bad);
    put(o, "entered", time_json(pv->entered, sd__diary_tz_at(d, pv->entered)),
        bad);
    /* Text that is not a JSON object cannot be embedded: null. */
    if(plan && !json_is_object(plan)) {
        json_decref(plan);
        plan = NULL;
    }
    put(o, "plan", plan ? plan : json_null(), bad);
    json_t *steps = put_new(o, "steps", json_array(), bad);
    for(size_t i = 0; i < pv->nsteps; i++) {
        const sd_plan_brief *s = &pv->steps[i];
        json_t *x = push_new(steps, json_object(), bad);
        put(x, "first", date_json(s->first_day), bad);
        put(x, "last", date_json(s->last_day), bad);
        put(x, "total_ug", json_integer(s->total_ug), bad);
        put(x, "step_back", json_boolean(s->step_back), bad);
        put(x, "max_gap_min", json_integer(s->max_gap_min), bad);
    }
}

static void entry_json(const sd_entry *e, json_t *o, int *bad)
{
    put(o, "id", json_integer(e->id), bad);
    put(o, "key", str_or_null(e->key), bad);
    put(o, "kind", json_string(sd_entry_kind_name(e->kind)), bad);
    put(o, "at", time_json(e->at, e->tz_min), bad);
    put(o, "entered", time_json(e->entered, e->tz_min), bad);
    switch(e->kind) {
    case SD_ENTRY_DOSE:
        put(o, "sub", json_string(sd_dose_kind_name(e->sub)), bad);
        put(o, "amount_ug", json_integer(e->amount_ug), bad);
        break;
    case SD_ENTRY_SYMPTOM: {
        put(o, "text", str_or_null(e->text), bad);
        put(o, "severity", e->severity >= 0 ? json_integer(e->severity)
                                            : json_null(), bad);
        put(o, "disposition", e->disposition >= 0
                                  ? json_string(sd_disposition_name(
                                        e->disposition))
                                  : json_null(), bad);
        json_t *ex = put_new(o, "explanations", json_array(), bad);
        for(int k = 0; k < SD_EXPL_COUNT; k++)
            if(e->explanations & 1u << k)
                push_new(ex, json_string(sd_explanation_name(1u << k)), bad);
        put(o, "concepts", list_json(e->concepts), bad);
        put(o, "rules", list_json(e->rules), bad);
        put(o, "sources", list_json(e->sources), bad);
        break;
    }
    case SD_ENTRY_SCORE: {
        put(o, "total", json_integer(e->score_total), bad);
        json_t *items = put_new(o, "items", json_object(), bad);
        for(size_t i = 0; i < sd_wscore_nitems() && i < SD_WSCORE_MAX_ITEMS;
            i++)
            if(e->items[i] >= 0)
                put(items, sd_wscore_item_at(i)->id,
                    json_integer(e->items[i]), bad);
        break;
    }
    case SD_ENTRY_SUBSTANCE:
        put(o, "sub", json_string(sd_substance_kind_name(e->sub)), bad);
        if(e->sub == SD_SUBST_ALCOHOL)
            put(o, "drinks", json_real(e->value), bad);
        else
            put(o, "what", str_or_null(e->text), bad);
        break;
    case SD_ENTRY_SUPPLY:
        put(o, "amount_ug", json_integer(e->amount_ug), bad);
        put(o, "units", json_real(e->value), bad);
        break;
    case SD_ENTRY_EGFR:
        put(o, "egfr", json_real(e->value), bad);
        break;
    default:
        *bad = 1;
        break;
    }
}

static void alert_json(const sd_diary *d, const sd_alert *a, json_t *o,
                       int *bad)
{
    put(o, "id", json_integer(a->id), bad);
    put(o, "rule", str_or_null(a->rule), bad);
    put(o, "key", str_or_null(a->key), bad);
    put(o, "disposition", json_string(sd_disposition_name(a->disposition)),
        bad);
    put(o, "at", time_json(a->at, sd__diary_tz_at(d, a->at)), bad);
    put(o, "entry_id", a->entry_id ? json_integer(a->entry_id) : json_null(),
        bad);
    put(o, "text", str_or_null(a->text), bad);
    put(o, "advice", str_or_null(a->advice), bad);
    put(o, "sources", list_json(a->sources), bad);
    put(o, "created", time_json(a->created, sd__diary_tz_at(d, a->created)),
        bad);
    if(!a->acked_at) {
        put(o, "acknowledged", json_null(), bad);
        return;
    }
    json_t *ack = put_new(o, "acknowledged", json_object(), bad);
    put(ack, "at", time_json(a->acked_at, sd__diary_tz_at(d, a->acked_at)),
        bad);
    put(ack, "by", str_or_null(a->acked_by), bad);
    put(ack, "note", str_or_null(a->ack_note), bad);
}

json_t *sd_diary_to_json(const sd_diary *d)
{
    int bad = 0;
    json_t *root = json_object(), *pt, *list;

    put(root, "format", json_string(FORMAT), &bad);
    pt = put_new(root, "patient", json_object(), &bad);
    put(pt, "id", json_integer(d->patient.id), &bad);
    put(pt, "pseudonym",
        json_stringn(d->patient.pseudonym,
                     strnlen(d->patient.pseudonym,
                             sizeof(d->patient.pseudonym))),
        &bad);
    put(pt, "birth_year", d->patient.birth_year
                              ? json_integer(d->patient.birth_year)
                              : json_null(), &bad);
    list = put_new(root, "prescriptions", json_array(), &bad);
    for(size_t i = 0; i < d->nrx && !bad; i++)
        rx_json(d, &d->rx[i], push_new(list, json_object(), &bad), &bad);
    list = put_new(root, "plans", json_array(), &bad);
    for(size_t i = 0; i < d->nplans && !bad; i++)
        plan_json(d, &d->plans[i], push_new(list, json_object(), &bad), &bad);
    list = put_new(root, "entries", json_array(), &bad);
    for(size_t i = 0; i < d->n && !bad; i++)
        entry_json(&d->e[i], push_new(list, json_object(), &bad), &bad);
    list = put_new(root, "alerts", json_array(), &bad);
    for(size_t i = 0; i < d->nalerts && !bad; i++)
        alert_json(d, &d->alerts[i], push_new(list, json_object(), &bad),
                   &bad);
    if(bad || !root) {
        json_decref(root);
        return NULL;
    }
    return root;
}

/* ==== Reading ==== */

/* Set err: its path and its text. */
__attribute__((format(printf, 3, 4)))
static int refuse(sd_error *err, const char *path, const char *fmt, ...)
{
    va_list ap;
    if(err) {
        sd_error_clear(err);
        snprintf(err->path, sizeof(err->path), "%s", path);
        va_start(ap, fmt);
        vsnprintf(err->text, sizeof(err->text), fmt, ap);
        va_end(ap);
    }
    return SD_ERR_USAGE;
}

/* The path of key under base. */
static const char *at_key(char *buf, size_t n, const char *base,
                          const char *key)
{
    snprintf(buf, n, "%s.%s", base, key);
    return buf;
}

/* Refuse keys of o not in keys (NULL-terminated); refuse missing ones. */
static int check_keys(json_t *o, const char *path, const char *const *keys,
                      sd_error *err)
{
    const char *k;
    json_t *v;
    char p[256], list[512];
    size_t i, n = 0;

    for(i = 0; keys[i] && n < sizeof(list); i++)
        n += (size_t)snprintf(list + n, sizeof(list) - n, "%s%s",
                              i ? ", " : "", keys[i]);
    json_object_foreach(o, k, v) {
        for(i = 0; keys[i] && strcmp(keys[i], k); i++)
            ;
        if(!keys[i])
            return refuse(err, at_key(p, sizeof(p), path, k),
                          "unknown key: remove it (or check its spelling); "
                          "the keys here are %s", list);
    }
    for(i = 0; keys[i]; i++)
        if(!json_object_get(o, keys[i]))
            return refuse(err, at_key(p, sizeof(p), path, keys[i]),
                          "missing: every object here has %s", list);
    return SD_OK;
}

static int is_control(unsigned char c, int lines)
{
    return (c < 0x20 && !(lines && (c == '\n' || c == '\t' || c == '\r'))) ||
           c == 0x7f;
}

/* A string of min..max bytes without NUL (and without control characters
** but tab and line breaks, or none at all when !lines), or null when
** nullable. *out points into v. */
static int get_str(json_t *v, const char *path, size_t min, size_t max,
                   int nullable, int lines, const char **out, sd_error *err)
{
    if(nullable && json_is_null(v)) {
        *out = NULL;
        return SD_OK;
    }
    if(!json_is_string(v) || json_string_length(v) < min ||
       json_string_length(v) > max)
        return refuse(err, path, "give a text of %zu to %zu bytes%s", min,
                      max, nullable ? ", or null" : "");
    const char *s = json_string_value(v);
    size_t n = json_string_length(v);
    for(size_t i = 0; i < n; i++)
        if(!s[i] || is_control((unsigned char)s[i], lines))
            return refuse(err, path, "the text holds a control character "
                          "(byte %zu): remove it%s", i,
                          lines ? "; tabs and line breaks are allowed" : "");
    *out = s;
    return SD_OK;
}

static int get_i64(json_t *v, const char *path, int64_t lo, int64_t hi,
                   const char *what, int64_t *out, sd_error *err)
{
    if(!json_is_integer(v) || json_integer_value(v) < lo ||
       json_integer_value(v) > hi)
        return refuse(err, path, "give %s: a whole number from %" PRId64
                      " to %" PRId64, what, lo, hi);
    *out = json_integer_value(v);
    return SD_OK;
}

static int get_int(json_t *v, const char *path, int lo, int hi,
                   const char *what, int *out, sd_error *err)
{
    int64_t x = 0;
    int rc = get_i64(v, path, lo, hi, what, &x, err);
    if(!rc)
        *out = (int)x;
    return rc;
}

/* A number in (lo, hi] when open_lo, else [lo, hi]. */
static int get_num(json_t *v, const char *path, double lo, double hi,
                   int open_lo, const char *what, double *out, sd_error *err)
{
    double x = json_number_value(v);
    if(!json_is_number(v) || !(open_lo ? x > lo : x >= lo) || !(x <= hi))
        return refuse(err, path, "give %s: a number %s %g and at most %g",
                      what, open_lo ? "more than" : "from", lo, hi);
    *out = x;
    return SD_OK;
}

static int get_time(json_t *v, const char *path, int64_t *at, int *tz,
                    sd_error *err)
{
    int dummy;
    if(!json_is_string(v) ||
       sd__iso_parse(json_string_value(v), at, tz ? tz : &dummy))
        return refuse(err, path, "give a time as \"YYYY-MM-DDTHH:MM:SS\" "
                      "and its offset, e.g. \"2026-11-24T08:00:00+01:00\" "
                      "or \"2026-11-24T07:00:00Z\" (years 1900 to 2999, "
                      "offsets -14:00 to +14:00)");
    return SD_OK;
}

static int get_date(json_t *v, const char *path, int nullable, long *day,
                    sd_error *err)
{
    if(nullable && json_is_null(v)) {
        *day = -1;
        return SD_OK;
    }
    if(!json_is_string(v) || sd_date_parse(json_string_value(v), day))
        return refuse(err, path, "give a date as \"YYYY-MM-DD\", e.g. "
                      "\"2026-11-24\"%s", nullable ? ", or null" : "");
    return SD_OK;
}

/* A list of names as one comma-separated string in *out (sd_malloc'd;
** NULL for []). */
static int get_list(json_t *v, const char *path, char **out, sd_error *err)
{
    char p[256];
    size_t total = 0, i;
    json_t *x;

    *out = NULL;
    if(!json_is_array(v))
        return refuse(err, path, "give a list of names, e.g. [\"a\", "
                      "\"b\"], or []");
    json_array_foreach(v, i, x) {
        const char *s;
        snprintf(p, sizeof(p), "%s[%zu]", path, i);
        int rc = get_str(x, p, 1, NAME_MAX_LEN, 0, 0, &s, err);
        if(rc)
            return rc;
        if(strchr(s, ','))
            return refuse(err, p, "a name holds no comma: give each name "
                          "as its own string");
        total += json_string_length(x) + 1;
    }
    if(!total)
        return SD_OK;
    char *buf = sd_malloc(total);
    if(!buf)
        return SD_ERR_NOMEM;
    size_t n = 0;
    json_array_foreach(v, i, x) {
        if(n)
            buf[n++] = ',';
        memcpy(buf + n, json_string_value(x), json_string_length(x));
        n += json_string_length(x);
    }
    buf[n] = '\0';
    *out = buf;
    return SD_OK;
}

static int get_patient(json_t *o, sd_patient *pt, sd_error *err)
{
    static const char *const keys[] = {"id", "pseudonym", "birth_year",
                                       NULL};
    const char *ps;
    json_t *v;
    int rc;

    if(!json_is_object(o))
        return refuse(err, "$.patient", "give an object, e.g. {\"id\": 1, "
                      "\"pseudonym\": \"p-0001\", \"birth_year\": 1950}");
    if((rc = check_keys(o, "$.patient", keys, err)) ||
       (rc = get_i64(json_object_get(o, "id"), "$.patient.id", 0, INT64_MAX,
                     "the patient's id", &pt->id, err)) ||
       (rc = get_str(json_object_get(o, "pseudonym"), "$.patient.pseudonym",
                     1, sizeof(pt->pseudonym) - 1, 0, 0, &ps, err)))
        return rc;
    for(const char *c = ps; *c; c++)
        if(!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
             (*c >= '0' && *c <= '9') || *c == '-' || *c == '_' ||
             *c == '.'))
            return refuse(err, "$.patient.pseudonym", "a pseudonym is "
                          "letters, digits, '-', '_' and '.': no names, "
                          "no spaces");
    memcpy(pt->pseudonym, ps, strlen(ps) + 1);
    v = json_object_get(o, "birth_year");
    pt->birth_year = 0;
    if(!json_is_null(v) &&
       (rc = get_int(v, "$.patient.birth_year", 1900, 2100,
                     "the year of birth (or null)", &pt->birth_year, err)))
        return rc;
    return SD_OK;
}

static int get_rx(json_t *o, const char *path, sd_rx *rx, sd_error *err)
{
    static const char *const keys[] = {
        "id", "key", "drug", "formulation", "route", "unit_ug", "ug_per_ml",
        "pieces", "doses", "start", "end", "since", "prescriber", "entered",
        NULL};
    static const char *const dkeys[] = {"time", "amount_ug", NULL};
    char p[256], q[256];
    json_t *doses, *x;
    size_t i;
    int rc;

    memset(rx, 0, sizeof(*rx));
    if(!json_is_object(o))
        return refuse(err, path, "give a prescription object");
    if((rc = check_keys(o, path, keys, err)) ||
       (rc = get_i64(json_object_get(o, "id"), at_key(p, sizeof(p), path,
                     "id"), 0, INT64_MAX, "the prescription's id", &rx->id,
                     err)) ||
       (rc = get_str(json_object_get(o, "key"), at_key(p, sizeof(p), path,
                     "key"), 1, SD_KEY_MAX, 0, 0, &rx->key, err)) ||
       (rc = get_str(json_object_get(o, "drug"), at_key(p, sizeof(p), path,
                     "drug"), 1, NAME_MAX_LEN, 0, 0, &rx->drug, err)) ||
       (rc = get_str(json_object_get(o, "formulation"),
                     at_key(p, sizeof(p), path, "formulation"), 1,
                     NAME_MAX_LEN, 0, 0, &rx->formulation, err)) ||
       (rc = get_str(json_object_get(o, "route"), at_key(p, sizeof(p), path,
                     "route"), 1, NAME_MAX_LEN, 0, 0, &rx->route, err)) ||
       (rc = get_i64(json_object_get(o, "unit_ug"), at_key(p, sizeof(p),
                     path, "unit_ug"), 0, DOSE_MAX_UG,
                     "micrograms per tablet (0 for a liquid)", &rx->unit_ug,
                     err)) ||
       (rc = get_i64(json_object_get(o, "ug_per_ml"), at_key(p, sizeof(p),
                     path, "ug_per_ml"), 0, DOSE_MAX_UG,
                     "a liquid's micrograms per mL (0 for tablets)",
                     &rx->ug_per_ml, err)) ||
       (rc = get_int(json_object_get(o, "pieces"), at_key(p, sizeof(p), path,
                     "pieces"), 1, 4, "the smallest piece: 1 whole, 2 "
                     "halves, 4 quarters", &rx->pieces, err)))
        return rc;
    if(!rx->unit_ug == !rx->ug_per_ml)
        return refuse(err, at_key(p, sizeof(p), path, "unit_ug"),
                      "give either unit_ug (tablets) or ug_per_ml (a "
                      "liquid) above 0, and the other 0");
    if(rx->pieces == 3)
        return refuse(err, at_key(p, sizeof(p), path, "pieces"),
                      "give 1 (whole), 2 (halves) or 4 (quarters)");
    doses = json_object_get(o, "doses");
    at_key(p, sizeof(p), path, "doses");
    if(!json_is_array(doses) || !json_array_size(doses) ||
       json_array_size(doses) > SD_TAPER_MAX_ADMIN)
        return refuse(err, p, "give 1 to %d doses, e.g. [{\"time\": "
                      "\"08:00\", \"amount_ug\": 10000}]", SD_TAPER_MAX_ADMIN);
    rx->nadmin = (int)json_array_size(doses);
    json_array_foreach(doses, i, x) {
        snprintf(p, sizeof(p), "%s.doses[%zu]", path, i);
        if(!json_is_object(x))
            return refuse(err, p, "give {\"time\": \"08:00\", "
                          "\"amount_ug\": 10000}");
        if((rc = check_keys(x, p, dkeys, err)))
            return rc;
        json_t *t = json_object_get(x, "time");
        if(!json_is_string(t) ||
           sd_time_parse(json_string_value(t), &rx->minute[i]))
            return refuse(err, at_key(q, sizeof(q), p, "time"),
                          "give a time of day as \"HH:MM\", e.g. \"08:00\"");
        if(i && rx->minute[i] <= rx->minute[i - 1])
            return refuse(err, at_key(q, sizeof(q), p, "time"),
                          "give the doses in their order through the day");
        if((rc = get_i64(json_object_get(x, "amount_ug"),
                         at_key(q, sizeof(q), p, "amount_ug"), 1,
                         DOSE_MAX_UG, "the dose in micrograms (10 mg is "
                         "10000)", &rx->dose_ug[i], err)))
            return rc;
    }
    if((rc = get_date(json_object_get(o, "start"), at_key(p, sizeof(p), path,
                      "start"), 0, &rx->start_day, err)) ||
       (rc = get_date(json_object_get(o, "end"), at_key(p, sizeof(p), path,
                      "end"), 1, &rx->end_day, err)) ||
       (rc = get_date(json_object_get(o, "since"), at_key(p, sizeof(p), path,
                      "since"), 1, &rx->since_day, err)))
        return rc;
    if(rx->end_day >= 0 && rx->end_day < rx->start_day)
        return refuse(err, at_key(p, sizeof(p), path, "end"),
                      "the last day is before the start: give a date on or "
                      "after the start, or null");
    if(rx->since_day > rx->start_day)
        return refuse(err, at_key(p, sizeof(p), path, "since"),
                      "the first day on the drug is after this "
                      "prescription's start: give a date on or before it, "
                      "or null");
    if((rc = get_str(json_object_get(o, "prescriber"), at_key(p, sizeof(p),
                     path, "prescriber"), 1, NAME_MAX_LEN, 1, 0,
                     &rx->prescriber, err)) ||
       (rc = get_time(json_object_get(o, "entered"), at_key(p, sizeof(p),
                      path, "entered"), &rx->entered, NULL, err)))
        return rc;
    return SD_OK;
}

/* The steps of the plan in pj (an object), compared with those given;
** then the plan's own (every field of sd_plan_brief) into steps. */
static int check_plan_steps(json_t *pj, const char *path,
                            sd_plan_brief *steps, size_t nsteps,
                            sd_error *err)
{
    sd_taper_spec spec;
    sd_error perr;
    char p[256];
    char *text = json_dumps(pj, JSON_COMPACT);
    sd_taper_plan *plan = sd_malloc(sizeof(*plan));
    sd_plan_brief *brief = sd_calloc(SD_TAPER_MAX_STEPS, sizeof(*brief));
    int rc = SD_ERR_NOMEM;

    if(!text || !plan || !brief)
        goto out;
    rc = sd_taper_plan_from_json(text, strlen(text), &spec, plan, &perr);
    if(rc == SD_ERR_NOMEM)
        goto out;
    if(rc) {
        at_key(p, sizeof(p), path, "plan");
        rc = refuse(err, p, "not a stepdown plan: %s%s%s", perr.path,
                    perr.path[0] ? ": " : "", perr.text);
        goto out;
    }
    size_t n = sd_plan_brief_fill(plan, brief, SD_TAPER_MAX_STEPS);
    if(n != nsteps) {
        rc = refuse(err, at_key(p, sizeof(p), path, "steps"),
                    "the plan has %zu steps and %zu are given: give the "
                    "plan's steps", n, nsteps);
        goto out;
    }
    for(size_t i = 0; i < n; i++)
        if(brief[i].first_day != steps[i].first_day ||
           brief[i].last_day != steps[i].last_day ||
           brief[i].total_ug != steps[i].total_ug ||
           brief[i].step_back != steps[i].step_back ||
           brief[i].max_gap_min != steps[i].max_gap_min) {
            snprintf(p, sizeof(p), "%s.steps[%zu]", path, i);
            rc = refuse(err, p, "not the plan's step %zu: give its first "
                        "and last day, total, step_back and max_gap_min as "
                        "the plan has them", i + 1);
            goto out;
        }
    memcpy(steps, brief, n * sizeof(*steps));
    rc = SD_OK;
out:
    free(text);
    sd_free(plan);
    sd_free(brief);
    return rc;
}

/* steps is sd_malloc'd (*nsteps of them) on success. */
static int get_plan(json_t *o, const char *path, sd_plan_version *pv,
                    char **json, sd_plan_brief **steps, sd_error *err)
{
    static const char *const keys[] = {"id", "version", "key", "entered",
                                       "plan", "steps", NULL};
    static const char *const skeys[] = {"first", "last", "total_ug",
                                        "step_back", "max_gap_min", NULL};
    char p[256], q[256];
    json_t *a, *x, *pj;
    size_t i;
    int rc;

    memset(pv, 0, sizeof(*pv));
    *json = NULL;
    *steps = NULL;
    if(!json_is_object(o))
        return refuse(err, path, "give a plan version object");
    if((rc = check_keys(o, path, keys, err)) ||
       (rc = get_i64(json_object_get(o, "id"), at_key(p, sizeof(p), path,
                     "id"), 0, INT64_MAX, "the plan version's id", &pv->id,
                     err)) ||
       (rc = get_int(json_object_get(o, "version"), at_key(p, sizeof(p),
                     path, "version"), 1, 1000000, "the version number",
                     &pv->version, err)) ||
       (rc = get_str(json_object_get(o, "key"), at_key(p, sizeof(p), path,
                     "key"), 1, SD_KEY_MAX, 0, 0, &pv->key, err)) ||
       (rc = get_time(json_object_get(o, "entered"), at_key(p, sizeof(p),
                      path, "entered"), &pv->entered, NULL, err)))
        return rc;
    pj = json_object_get(o, "plan");
    if(!json_is_null(pj) && !json_is_object(pj))
        return refuse(err, at_key(p, sizeof(p), path, "plan"),
                      "give the plan as the object stepdown plan --format "
                      "json writes, or null");
    a = json_object_get(o, "steps");
    at_key(p, sizeof(p), path, "steps");
    if(!json_is_array(a) || json_array_size(a) > SD_TAPER_MAX_STEPS)
        return refuse(err, p, "give a list of up to %d steps, e.g. "
                      "[{\"first\": \"2026-11-24\", \"last\": "
                      "\"2026-12-07\", \"total_ug\": 55000, \"step_back\": "
                      "false, \"max_gap_min\": 600}]", SD_TAPER_MAX_STEPS);
    pv->nsteps = json_array_size(a);
    if(pv->nsteps && !(*steps = sd_calloc(pv->nsteps, sizeof(**steps))))
        return SD_ERR_NOMEM;
    json_array_foreach(a, i, x) {
        sd_plan_brief *s = &(*steps)[i];
        snprintf(p, sizeof(p), "%s.steps[%zu]", path, i);
        if(!json_is_object(x))
            return refuse(err, p, "give a step object");
        json_t *sb = json_object_get(x, "step_back");
        if((rc = check_keys(x, p, skeys, err)) ||
           (rc = get_date(json_object_get(x, "first"),
                          at_key(q, sizeof(q), p, "first"), 0, &s->first_day,
                          err)) ||
           (rc = get_date(json_object_get(x, "last"),
                          at_key(q, sizeof(q), p, "last"), 0, &s->last_day,
                          err)) ||
           (rc = get_i64(json_object_get(x, "total_ug"),
                         at_key(q, sizeof(q), p, "total_ug"), 0,
                         DOSE_MAX_UG * SD_TAPER_MAX_ADMIN,
                         "the step's daily total in micrograms",
                         &s->total_ug, err)) ||
           (rc = get_int(json_object_get(x, "max_gap_min"),
                         at_key(q, sizeof(q), p, "max_gap_min"), 0, 1440,
                         "the longest gap between doses in minutes",
                         &s->max_gap_min, err)))
            return rc;
        if(!json_is_boolean(sb))
            return refuse(err, at_key(q, sizeof(q), p, "step_back"),
                          "give true or false");
        s->step_back = json_is_true(sb);
        if(s->last_day < s->first_day)
            return refuse(err, at_key(q, sizeof(q), p, "last"),
                          "the step ends before it starts: give a day on or "
                          "after \"first\"");
        if(i && s->first_day <= (*steps)[i - 1].last_day)
            return refuse(err, at_key(q, sizeof(q), p, "first"),
                          "the steps overlap: each step starts after the "
                          "one before ends");
    }
    if(!json_is_null(pj)) {
        if((rc = check_plan_steps(pj, path, *steps, pv->nsteps, err)))
            return rc;
        /* Exact reals (17 digits): the plan reads back as it was. */
        if(!(*json = json_dumps(pj, JSON_COMPACT)))
            return SD_ERR_NOMEM;
    }
    pv->json = *json;
    pv->steps = *steps;
    return SD_OK;
}

/* Strings an entry or alert being read owns until it is added. */
struct scratch {
    char *s[4];
};

static void scratch_free(struct scratch *sc)
{
    for(size_t i = 0; i < 4; i++) {
        sd_free(sc->s[i]);
        sc->s[i] = NULL;
    }
}

static int get_explanations(json_t *v, const char *path, unsigned *bits,
                            sd_error *err)
{
    char p[256];
    size_t i;
    json_t *x;

    *bits = 0;
    if(!json_is_array(v))
        return refuse(err, path, "give a list of explanations, e.g. "
                      "[\"withdrawal\"], or []");
    json_array_foreach(v, i, x) {
        const char *s = json_string_value(x);
        int k = 0;
        while(s && k < SD_EXPL_COUNT &&
              strcmp(s, sd_explanation_name(1u << k)))
            k++;
        snprintf(p, sizeof(p), "%s[%zu]", path, i);
        if(!s || k == SD_EXPL_COUNT)
            return refuse(err, p, "give one of \"side_effect\", "
                          "\"withdrawal\", \"overdose\", \"toxicity\", "
                          "\"interaction\"");
        if(*bits & 1u << k)
            return refuse(err, p, "explanation \"%s\" is given twice: give "
                          "it once", s);
        *bits |= 1u << k;
    }
    return SD_OK;
}

static int get_items(json_t *v, const char *path, sd_entry *e, sd_error *err)
{
    char p[256];
    const char *k;
    json_t *x;

    if(!json_is_object(v) || !json_object_size(v))
        return refuse(err, path, "give the rated items, e.g. {\"tremor\": "
                      "3, \"sweats\": 2}");
    json_object_foreach(v, k, x) {
        int i = sd_wscore_find(k), r;
        snprintf(p, sizeof(p), "%s.%s", path, k);
        if(i < 0 || i >= SD_WSCORE_MAX_ITEMS)
            return refuse(err, p, "unknown score item: the items are "
                          "nausea, tremor, sweats, anxiety, agitation, "
                          "tactile, auditory, visual, headache, "
                          "orientation, spasticity, itching, fever, "
                          "hallucinations");
        int rc = get_int(x, p, 0, sd_wscore_item_at((size_t)i)->max,
                         "the rating", &r, err);
        if(rc)
            return rc;
        e->items[i] = (signed char)r;
    }
    return SD_OK;
}

static int get_entry(json_t *o, const char *path, sd_entry *e,
                     struct scratch *sc, sd_error *err)
{
    static const char *const dose[] = {"id", "key", "kind", "at", "entered",
                                       "sub", "amount_ug", NULL};
    static const char *const symptom[] = {
        "id", "key", "kind", "at", "entered", "text", "severity",
        "disposition", "explanations", "concepts", "rules", "sources", NULL};
    static const char *const score[] = {"id", "key", "kind", "at", "entered",
                                        "total", "items", NULL};
    static const char *const alcohol[] = {"id", "key", "kind", "at",
                                          "entered", "sub", "drinks", NULL};
    static const char *const sedative[] = {"id", "key", "kind", "at",
                                           "entered", "sub", "what", NULL};
    static const char *const supply[] = {"id", "key", "kind", "at",
                                         "entered", "amount_ug", "units",
                                         NULL};
    static const char *const egfr[] = {"id", "key", "kind", "at", "entered",
                                       "egfr", NULL};
    static const char *const *const keys[] = {NULL,  dose,   symptom, score,
                                              NULL, supply, egfr};
    char p[256];
    const char *const *k;
    json_t *v;
    int kind, rc;

    if(!json_is_object(o))
        return refuse(err, path, "give an entry object");
    v = json_object_get(o, "kind");
    if(!json_is_string(v) ||
       sd_entry_kind_parse(json_string_value(v), &kind))
        return refuse(err, at_key(p, sizeof(p), path, "kind"),
                      "give the entry's kind: \"dose\", \"symptom\", "
                      "\"score\", \"substance\", \"supply\" or \"egfr\"");
    sd_entry_init(e, kind);
    k = keys[kind];
    if(kind == SD_ENTRY_SUBSTANCE) {
        v = json_object_get(o, "sub");
        if(!json_is_string(v) ||
           sd_substance_kind_parse(json_string_value(v), &e->sub))
            return refuse(err, at_key(p, sizeof(p), path, "sub"),
                          "give what was taken: \"alcohol\" or "
                          "\"sedative\"");
        k = e->sub == SD_SUBST_ALCOHOL ? alcohol : sedative;
    }
    if((rc = check_keys(o, path, k, err)) ||
       (rc = get_i64(json_object_get(o, "id"), at_key(p, sizeof(p), path,
                     "id"), 0, INT64_MAX, "the entry's id (0 when not "
                     "stored)", &e->id, err)) ||
       (rc = get_str(json_object_get(o, "key"), at_key(p, sizeof(p), path,
                     "key"), 1, SD_KEY_MAX, 0, 0, &e->key, err)) ||
       (rc = get_time(json_object_get(o, "at"), at_key(p, sizeof(p), path,
                      "at"), &e->at, &e->tz_min, err)) ||
       (rc = get_time(json_object_get(o, "entered"), at_key(p, sizeof(p),
                      path, "entered"), &e->entered, NULL, err)))
        return rc;
    switch(kind) {
    case SD_ENTRY_DOSE:
        v = json_object_get(o, "sub");
        if(!json_is_string(v) ||
           sd_dose_kind_parse(json_string_value(v), &e->sub))
            return refuse(err, at_key(p, sizeof(p), path, "sub"),
                          "give \"taken\", \"skipped\", \"extra\" or "
                          "\"as-needed\"");
        return get_i64(json_object_get(o, "amount_ug"),
                       at_key(p, sizeof(p), path, "amount_ug"),
                       e->sub == SD_DOSE_SKIPPED ? 0 : 1, DOSE_MAX_UG,
                       e->sub == SD_DOSE_SKIPPED
                           ? "the dose not taken in micrograms (or 0)"
                           : "the dose in micrograms (10 mg is 10000)",
                       &e->amount_ug, err);
    case SD_ENTRY_SYMPTOM:
        if((rc = get_str(json_object_get(o, "text"), at_key(p, sizeof(p),
                         path, "text"), 1, TEXT_MAX, 0, 1, &e->text, err)))
            return rc;
        v = json_object_get(o, "severity");
        if(!json_is_null(v) &&
           (rc = get_int(v, at_key(p, sizeof(p), path, "severity"), 0, 4,
                         "the severity from 0 (none) to 4 (worst), or null",
                         &e->severity, err)))
            return rc;
        v = json_object_get(o, "disposition");
        if(!json_is_null(v) &&
           (!json_is_string(v) ||
            sd_disposition_parse(json_string_value(v), &e->disposition)))
            return refuse(err, at_key(p, sizeof(p), path, "disposition"),
                          "give the checker's level: \"info\", "
                          "\"self-care\", \"contact-soon\", \"call-today\", "
                          "\"call-now\" or \"emergency\" (or null)");
        if((rc = get_explanations(json_object_get(o, "explanations"),
                                  at_key(p, sizeof(p), path, "explanations"),
                                  &e->explanations, err)) ||
           (rc = get_list(json_object_get(o, "concepts"),
                          at_key(p, sizeof(p), path, "concepts"), &sc->s[0],
                          err)) ||
           (rc = get_list(json_object_get(o, "rules"),
                          at_key(p, sizeof(p), path, "rules"), &sc->s[1],
                          err)) ||
           (rc = get_list(json_object_get(o, "sources"),
                          at_key(p, sizeof(p), path, "sources"), &sc->s[2],
                          err)))
            return rc;
        e->concepts = sc->s[0];
        e->rules = sc->s[1];
        e->sources = sc->s[2];
        return SD_OK;
    case SD_ENTRY_SCORE:
        if((rc = get_items(json_object_get(o, "items"),
                           at_key(p, sizeof(p), path, "items"), e, err)) ||
           (rc = get_int(json_object_get(o, "total"),
                         at_key(p, sizeof(p), path, "total"), 0, 1000,
                         "the total of the items", &e->score_total, err)))
            return rc;
        if(e->score_total != sd_wscore_total(e->items))
            return refuse(err, at_key(p, sizeof(p), path, "total"),
                          "the items add up to %d: give %d",
                          sd_wscore_total(e->items),
                          sd_wscore_total(e->items));
        return SD_OK;
    case SD_ENTRY_SUBSTANCE:
        if(e->sub == SD_SUBST_ALCOHOL)
            return get_num(json_object_get(o, "drinks"),
                           at_key(p, sizeof(p), path, "drinks"), 0, 100, 1,
                           "the standard drinks", &e->value, err);
        return get_str(json_object_get(o, "what"), at_key(p, sizeof(p), path,
                       "what"), 1, NAME_MAX_LEN, 0, 0, &e->text, err);
    case SD_ENTRY_SUPPLY:
        if((rc = get_i64(json_object_get(o, "amount_ug"),
                         at_key(p, sizeof(p), path, "amount_ug"), 1,
                         SUPPLY_MAX_UG, "the micrograms dispensed",
                         &e->amount_ug, err)))
            return rc;
        return get_num(json_object_get(o, "units"), at_key(p, sizeof(p), path,
                       "units"), 0, 100000, 1, "the units dispensed "
                       "(tablets, or mL of a liquid)", &e->value, err);
    case SD_ENTRY_EGFR:
        return get_num(json_object_get(o, "egfr"), at_key(p, sizeof(p), path,
                       "egfr"), 1, 200, 0, "the eGFR in mL/min/1.73 m2",
                       &e->value, err);
    }
    return SD_OK;
}

static int get_alert(json_t *o, const char *path, int64_t patient_id,
                     sd_alert *a, struct scratch *sc, sd_error *err)
{
    static const char *const keys[] = {
        "id", "rule", "key", "disposition", "at", "entry_id", "text",
        "advice", "sources", "created", "acknowledged", NULL};
    static const char *const akeys[] = {"at", "by", "note", NULL};
    char p[256], q[256];
    json_t *v;
    int rc;

    memset(a, 0, sizeof(*a));
    a->patient_id = patient_id;
    if(!json_is_object(o))
        return refuse(err, path, "give an alert object");
    if((rc = check_keys(o, path, keys, err)) ||
       (rc = get_i64(json_object_get(o, "id"), at_key(p, sizeof(p), path,
                     "id"), 0, INT64_MAX, "the alert's id", &a->id, err)) ||
       (rc = get_str(json_object_get(o, "rule"), at_key(p, sizeof(p), path,
                     "rule"), 1, NAME_MAX_LEN, 0, 0, &a->rule, err)) ||
       (rc = get_str(json_object_get(o, "key"), at_key(p, sizeof(p), path,
                     "key"), 1, NAME_MAX_LEN, 0, 0, &a->key, err)))
        return rc;
    v = json_object_get(o, "disposition");
    if(!json_is_string(v) ||
       sd_disposition_parse(json_string_value(v), &a->disposition))
        return refuse(err, at_key(p, sizeof(p), path, "disposition"),
                      "give the level: \"info\", \"self-care\", "
                      "\"contact-soon\", \"call-today\", \"call-now\" or "
                      "\"emergency\"");
    if((rc = get_time(json_object_get(o, "at"), at_key(p, sizeof(p), path,
                      "at"), &a->at, NULL, err)))
        return rc;
    v = json_object_get(o, "entry_id");
    if(!json_is_null(v) &&
       (rc = get_i64(v, at_key(p, sizeof(p), path, "entry_id"), 1,
                     INT64_MAX, "the id of the entry behind the alert "
                     "(or null)", &a->entry_id, err)))
        return rc;
    if((rc = get_str(json_object_get(o, "text"), at_key(p, sizeof(p), path,
                     "text"), 1, NOTE_MAX, 0, 1, &a->text, err)) ||
       (rc = get_str(json_object_get(o, "advice"), at_key(p, sizeof(p), path,
                     "advice"), 1, NOTE_MAX, 1, 1, &a->advice, err)) ||
       (rc = get_list(json_object_get(o, "sources"), at_key(p, sizeof(p),
                      path, "sources"), &sc->s[0], err)) ||
       (rc = get_time(json_object_get(o, "created"), at_key(p, sizeof(p),
                      path, "created"), &a->created, NULL, err)))
        return rc;
    a->sources = sc->s[0];
    v = json_object_get(o, "acknowledged");
    if(json_is_null(v))
        return SD_OK;
    at_key(p, sizeof(p), path, "acknowledged");
    if(!json_is_object(v))
        return refuse(err, p, "give {\"at\": \"2026-11-24T10:00:00+01:00\", "
                      "\"by\": \"dr-a\", \"note\": null}, or null while "
                      "open");
    if((rc = check_keys(v, p, akeys, err)) ||
       (rc = get_time(json_object_get(v, "at"), at_key(q, sizeof(q), p,
                      "at"), &a->acked_at, NULL, err)) ||
       (rc = get_str(json_object_get(v, "by"), at_key(q, sizeof(q), p, "by"),
                     1, NAME_MAX_LEN, 1, 0, &a->acked_by, err)) ||
       (rc = get_str(json_object_get(v, "note"), at_key(q, sizeof(q), p,
                     "note"), 1, NOTE_MAX, 1, 1, &a->ack_note, err)))
        return rc;
    if(!a->acked_at)
        return refuse(err, at_key(q, sizeof(q), p, "at"),
                      "give a time after 1970-01-01T00:00:00Z");
    return SD_OK;
}

static int cmp_id(const void *pa, const void *pb)
{
    int64_t a = *(const int64_t *)pa, b = *(const int64_t *)pb;
    return a < b ? -1 : a > b;
}

/* (a1, b1) comes before or with (a2, b2). */
static int in_order(int64_t a1, int64_t b1, int64_t a2, int64_t b2)
{
    return a1 < a2 || (a1 == a2 && b1 <= b2);
}

static json_t *get_array(json_t *root, const char *key, sd_error *err)
{
    char p[64];
    json_t *a = json_object_get(root, key);
    if(!json_is_array(a)) {
        snprintf(p, sizeof(p), "$.%s", key);
        refuse(err, p, "give a list, [] when there is nothing");
        return NULL;
    }
    return a;
}

/* Unique non-zero ids, sorted into ids (room for n). */
static int unique_ids(int64_t *ids, size_t n, const char *what,
                      size_t *nids, sd_error *err)
{
    size_t k = 0;
    for(size_t i = 0; i < n; i++)
        if(ids[i])
            ids[k++] = ids[i];
    qsort(ids, k, sizeof(*ids), cmp_id);
    for(size_t i = 1; i < k; i++)
        if(ids[i] == ids[i - 1]) {
            char p[64];
            snprintf(p, sizeof(p), "$.%s", what);
            return refuse(err, p, "id %" PRId64 " is given twice: every "
                          "id is unique (0 for items not stored)", ids[i]);
        }
    *nids = k;
    return SD_OK;
}

static int read_diary(json_t *root, sd_diary *d, sd_error *err)
{
    static const char *const keys[] = {"format", "patient", "prescriptions",
                                       "plans", "entries", "alerts", NULL};
    json_t *rxs, *plans, *entries, *alerts, *x, *v;
    char p[256], q[256];
    size_t i;
    int rc;

    if(!json_is_object(root))
        return refuse(err, "$", "a diary is a JSON object with \"format\": "
                      "\"" FORMAT "\"");
    v = json_object_get(root, "format");
    if(!json_is_string(v) || strcmp(json_string_value(v), FORMAT))
        return refuse(err, "$.format", "give \"" FORMAT "\" (this stepdown "
                      "reads that format only)");
    if((rc = check_keys(root, "$", keys, err)) ||
       (rc = get_patient(json_object_get(root, "patient"), &d->patient,
                         err)))
        return rc;
    if(!(rxs = get_array(root, "prescriptions", err)) ||
       !(plans = get_array(root, "plans", err)) ||
       !(entries = get_array(root, "entries", err)) ||
       !(alerts = get_array(root, "alerts", err)))
        return SD_ERR_USAGE;

    json_array_foreach(rxs, i, x) {
        sd_rx rx;
        snprintf(p, sizeof(p), "$.prescriptions[%zu]", i);
        if((rc = get_rx(x, p, &rx, err)))
            return rc;
        if(i && !in_order(d->rx[i - 1].start_day, d->rx[i - 1].id,
                          rx.start_day, rx.id))
            return refuse(err, p, "the prescriptions are by start day, "
                          "then id: move this one before the one above");
        if((rc = sd_diary_add_rx(d, &rx)))
            return rc;
    }
    json_array_foreach(plans, i, x) {
        sd_plan_version pv;
        char *json;
        sd_plan_brief *steps;
        snprintf(p, sizeof(p), "$.plans[%zu]", i);
        rc = get_plan(x, p, &pv, &json, &steps, err);
        if(!rc && i && pv.version <= d->plans[i - 1].version)
            rc = refuse(err, at_key(q, sizeof(q), p, "version"),
                        "the plan versions rise one after the other: give "
                        "a version above %d", d->plans[i - 1].version);
        if(!rc)
            rc = sd_diary_add_plan(d, &pv);
        free(json);
        sd_free(steps);
        if(rc)
            return rc;
    }
    json_array_foreach(entries, i, x) {
        sd_entry e;
        struct scratch sc = {{NULL}};
        snprintf(p, sizeof(p), "$.entries[%zu]", i);
        rc = get_entry(x, p, &e, &sc, err);
        if(!rc && i &&
           !in_order(d->e[i - 1].at, d->e[i - 1].id, e.at, e.id))
            rc = refuse(err, at_key(q, sizeof(q), p, "at"),
                        "the entries are by time, then id: move this one "
                        "before the one above");
        if(!rc)
            rc = sd_diary_add_entry(d, &e);
        scratch_free(&sc);
        if(rc)
            return rc;
    }
    json_array_foreach(alerts, i, x) {
        sd_alert a;
        struct scratch sc = {{NULL}};
        snprintf(p, sizeof(p), "$.alerts[%zu]", i);
        rc = get_alert(x, p, d->patient.id, &a, &sc, err);
        if(!rc && i &&
           !in_order(d->alerts[i - 1].at, d->alerts[i - 1].id, a.at, a.id))
            rc = refuse(err, at_key(q, sizeof(q), p, "at"),
                        "the alerts are by time, then id: move this one "
                        "before the one above");
        if(!rc)
            rc = sd_diary_add_alert(d, &a);
        scratch_free(&sc);
        if(rc)
            return rc;
    }

    /* Ids: unique within their list; an alert's entry is in the file. */
    size_t most = d->n > d->nrx ? d->n : d->nrx, nids;
    most = most > d->nplans ? most : d->nplans;
    most = most > d->nalerts ? most : d->nalerts;
    int64_t *ids = sd_malloc((most ? most : 1) * sizeof(*ids));
    if(!ids)
        return SD_ERR_NOMEM;
    for(i = 0; i < d->nrx; i++)
        ids[i] = d->rx[i].id;
    rc = unique_ids(ids, d->nrx, "prescriptions", &nids, err);
    for(i = 0; !rc && i < d->nplans; i++)
        ids[i] = d->plans[i].id;
    if(!rc)
        rc = unique_ids(ids, d->nplans, "plans", &nids, err);
    for(i = 0; !rc && i < d->nalerts; i++)
        ids[i] = d->alerts[i].id;
    if(!rc)
        rc = unique_ids(ids, d->nalerts, "alerts", &nids, err);
    for(i = 0; !rc && i < d->n; i++)
        ids[i] = d->e[i].id;
    if(!rc)
        rc = unique_ids(ids, d->n, "entries", &nids, err);
    for(i = 0; !rc && i < d->nalerts; i++) {
        int64_t id = d->alerts[i].entry_id;
        if(id && !bsearch(&id, ids, nids, sizeof(*ids), cmp_id)) {
            snprintf(p, sizeof(p), "$.alerts[%zu].entry_id", i);
            rc = refuse(err, p, "no entry has id %" PRId64 ": give the id "
                        "of an entry in $.entries, or null", id);
        }
    }
    sd_free(ids);
    return rc;
}

int sd_diary_from_json(const char *buf, size_t len, sd_diary *d,
                       sd_error *err)
{
    json_error_t je;
    json_t *root;
    int rc;

    /* jansson leaves the error untouched on some allocation failures. */
    memset(&je, 0, sizeof(je));
    root = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &je);
    sd_error_clear(err);
    if(!root) {
        if(json_error_code(&je) == json_error_out_of_memory || !je.text[0]) {
            sd_error_setf(err, "out of memory");
            return SD_ERR_NOMEM;
        }
        if(err) {
            snprintf(err->text, sizeof(err->text), "not JSON: %s", je.text);
            err->line = je.line > 0 ? je.line : 0;
            err->column = je.column > 0 ? je.column : 0;
        }
        return SD_ERR_PARSE;
    }
    rc = read_diary(root, d, err);
    if(rc == SD_ERR_NOMEM)
        sd_error_setf(err, "out of memory");
    json_decref(root);
    return rc;
}
