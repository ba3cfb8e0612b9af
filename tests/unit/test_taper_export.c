/*
** test_taper_export.c: the iCalendar and FHIR exports of a taper plan
** (taper_export.h). Every file is read back (libical's parser and
** restriction check; the JSON tree) and compared with the plan's own
** numbers: a worked example, an uneven regimen, one dose a day, a liquid,
** allocation failures, and a property test over 10,000 random requests.
**
** SD_EXPORT_ITER=N runs N random requests instead of 10,000 (valgrind).
** SD_FHIR_JSONL=path writes every FHIR document, one per line, for
** tests/js/fhir-validate.mjs (`make fhir-test`); the worked example comes
** first. SD_FHIR_GOLDEN=path writes the worked example alone, indented.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <libical/ical.h>

#include "stepdown/taper_export.h"

#define DUMP_FLAGS (JSON_COMPACT | JSON_REAL_PRECISION(15))

static FILE *jsonl;   /* SD_FHIR_JSONL, or NULL */
static sd_taper_plan plan;

static const sd_taper_label label = {
    "baclofen", "baclofen", "1292", "tablet",
    1795507200LL,   /* 2026-11-24T08:00:00Z */
};

/* Days since 1970-01-01 of a civil date (H. Hinnant's days_from_civil),
** written apart from the library's own conversion. */
static long days_from_civil(long y, long m, long d)
{
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static long parse_date(const char *s)
{
    long y, m, d;
    assert_int_equal(sscanf(s, "%4ld-%2ld-%2ld", &y, &m, &d), 3);
    assert_int_equal(strlen(s), 10);
    return days_from_civil(y, m, d);
}

static int64_t step_days(const sd_taper_step *s)
{
    return s->last_day - s->first_day + 1;
}

/* The plan's total dose over its steps, micrograms. */
static int64_t plan_total(const sd_taper_plan *p)
{
    int64_t t = 0;
    for(size_t i = 0; i < p->nsteps; i++)
        t += p->steps[i].total_ug * step_days(&p->steps[i]);
    return t;
}

static int64_t mg_to_ug(double mg)
{
    return (int64_t)(mg * 1000 + (mg >= 0 ? 0.5 : -0.5));
}

/* ==== iCalendar ==== */

struct ics_result {
    int events;         /* dose events */
    int stops;          /* all-day stop events */
    int64_t dose_sum;   /* sum of dose x COUNT, micrograms */
    char hash[17];      /* the UIDs' plan hash */
};

/* Parse text back, check it against p, and fill *res. */
static void check_ics(const sd_taper_plan *p, const sd_taper_label *l,
                      const char *text, struct ics_result *res)
{
    const sd_taper_request *r = &p->req;
    icalcomponent *cal = icalparser_parse_string(text), *ev;
    int seen[SD_TAPER_MAX_STEPS][SD_TAPER_MAX_ADMIN];
    int want = 0;

    memset(res, 0, sizeof(*res));
    memset(seen, 0, sizeof(seen));
    assert_non_null(cal);
    assert_int_equal(icalcomponent_isa(cal), ICAL_VCALENDAR_COMPONENT);
    assert_int_equal(icalcomponent_count_errors(cal), 0);
    assert_int_equal(icalrestriction_check(cal), 1);
    assert_int_equal(icalcomponent_count_errors(cal), 0);
    assert_null(strstr(text, "TZID"));
    assert_null(strstr(text, "METHOD"));
    assert_non_null(strstr(text, "VERSION:2.0\r\n"));
    assert_non_null(strstr(text, "PRODID:"));
    /* Lines end in CRLF and are folded at 75 octets (RFC 5545 3.1). */
    for(const char *line = text; *line;) {
        const char *end = strstr(line, "\r\n");
        assert_non_null(end);
        assert_true(end - line <= 75);
        assert_null(memchr(line, '\n', (size_t)(end - line)));
        line = end + 2;
    }

    for(ev = icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT);
        ev;
        ev = icalcomponent_get_next_component(cal, ICAL_VEVENT_COMPONENT)) {
        struct icaltimetype t = icalcomponent_get_dtstart(ev);
        const char *uid = icalcomponent_get_uid(ev);
        const char *sum = icalcomponent_get_summary(ev);
        icalproperty *rp = icalcomponent_get_first_property(
            ev, ICAL_RRULE_PROPERTY);
        unsigned step, admin;
        char hash[17];

        assert_non_null(uid);
        assert_non_null(sum);
        assert_null(strstr(sum, " 0 mg"));
        assert_null(strstr(sum, "none"));
        assert_null(t.zone);                     /* floating or a date */
        assert_false(icaltime_is_utc(t));
        assert_non_null(icalcomponent_get_first_property(
            ev, ICAL_DTSTAMP_PROPERTY));
        assert_non_null(icalcomponent_get_first_property(
            ev, ICAL_DESCRIPTION_PROPERTY));
        assert_non_null(icalcomponent_get_first_component(
            ev, ICAL_VALARM_COMPONENT));
        assert_int_equal(strncmp(uid, "stepdown-", 9), 0);
        memcpy(hash, uid + 9, 16);
        hash[16] = '\0';
        if(!res->hash[0])
            memcpy(res->hash, hash, sizeof(hash));
        assert_string_equal(hash, res->hash);    /* one plan, one hash */
        long day = days_from_civil(t.year, t.month, t.day);

        if(t.is_date) {                          /* the stop event */
            const sd_taper_step *last = &p->steps[p->nsteps - 1];
            assert_string_equal(uid + 25, "-stop@stepdown.local");
            assert_int_equal(day, last->first_day);
            assert_null(rp);
            assert_non_null(strstr(sum, "withdrawal"));
            res->stops++;
            continue;
        }
        assert_int_equal(sscanf(uid + 25, "-s%u-d%u@", &step, &admin), 2);
        assert_true(step >= 1 && step < p->nsteps);
        assert_true(admin >= 1 && (int)admin <= r->nadmin);
        const sd_taper_step *s = &p->steps[step - 1];
        assert_int_equal(seen[step - 1][admin - 1]++, 0);
        assert_int_equal(day, s->first_day);
        assert_int_equal(t.hour * 60 + t.minute, r->minute[admin - 1]);
        assert_int_equal(t.second, 0);
        assert_non_null(rp);
        struct icalrecurrencetype rule = icalproperty_get_rrule(rp);
        assert_int_equal(rule.freq, ICAL_DAILY_RECURRENCE);
        assert_int_equal(rule.count, step_days(s));
        /* "<drug> <mg> mg (<how>)": the amount is the plan's. */
        size_t dl = strlen(l->drug);
        assert_int_equal(strncmp(sum, l->drug, dl), 0);
        int64_t ug = mg_to_ug(strtod(sum + dl, NULL));
        assert_int_equal(ug, s->dose[admin - 1].ug);
        assert_true(ug > 0);
        res->dose_sum += ug * rule.count;
        res->events++;
    }
    for(size_t i = 0; i + 1 < p->nsteps; i++)
        for(int a = 0; a < r->nadmin; a++)
            want += p->steps[i].dose[a].ug > 0;
    assert_int_equal(res->events, want);
    assert_int_equal(res->stops, 1);
    assert_int_equal(res->dose_sum, plan_total(p));
    icalcomponent_free(cal);
}

/* ==== FHIR ==== */

static const char *str_at(json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    assert_true(json_is_string(v));
    return json_string_value(v);
}

static int64_t milli_at(json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    assert_true(json_is_number(v));
    return mg_to_ug(json_number_value(v));
}

/* Check a FHIR document against p; returns the number of Dosages. */
static size_t check_fhir(const sd_taper_plan *p, const sd_taper_label *l,
                         json_t *j)
{
    const sd_taper_request *r = &p->req;
    json_t *list, *d, *med, *disp;
    size_t k, want = 0;
    int64_t sum = 0, step_sum[SD_TAPER_MAX_STEPS] = {0};
    long long prev_seq = 0;

    assert_true(json_is_object(j));
    assert_string_equal(str_at(j, "resourceType"), "MedicationRequest");
    assert_string_equal(str_at(j, "status"), "draft");
    assert_string_equal(str_at(j, "intent"), "proposal");
    assert_int_equal(strncmp(str_at(j, "id"), "stepdown-", 9), 0);
    assert_string_equal(str_at(json_object_get(j, "subject"), "display"),
                        "the patient");
    assert_int_equal(strlen(str_at(j, "authoredOn")), 20);
    med = json_object_get(j, "medicationCodeableConcept");
    assert_non_null(strstr(str_at(med, "text"), l->drug));
    if(l->rxnorm)
        assert_string_equal(str_at(json_array_get(json_object_get(
                                med, "coding"), 0), "code"), l->rxnorm);
    else
        assert_null(json_object_get(med, "coding"));
    assert_non_null(strstr(str_at(json_array_get(json_object_get(j, "note"),
                                                 0), "text"),
                           "does not replace"));

    list = json_object_get(j, "dosageInstruction");   /* never empty */
    assert_true(!list || (json_is_array(list) && json_array_size(list)));
    json_array_foreach(list, k, d) {
        json_t *rep = json_object_get(json_object_get(d, "timing"), "repeat");
        json_t *bounds = json_object_get(rep, "boundsPeriod");
        json_t *tod = json_object_get(rep, "timeOfDay");
        json_t *q = json_object_get(json_array_get(
            json_object_get(d, "doseAndRate"), 0), "doseQuantity");
        long long seq = json_integer_value(json_object_get(d, "sequence"));
        long long freq = json_integer_value(json_object_get(rep, "frequency"));
        size_t t;
        json_t *v;

        assert_true(seq >= prev_seq && seq >= 1 && (size_t)seq < p->nsteps);
        prev_seq = seq;
        const sd_taper_step *s = &p->steps[seq - 1];
        long from = parse_date(str_at(bounds, "start"));
        long to = parse_date(str_at(bounds, "end"));
        assert_int_equal(from, s->first_day);
        assert_int_equal(to, s->last_day);
        assert_int_equal(json_integer_value(json_object_get(rep, "period")), 1);
        assert_string_equal(str_at(rep, "periodUnit"), "d");
        assert_string_equal(str_at(q, "unit"), "mg");
        assert_string_equal(str_at(q, "code"), "mg");
        assert_string_equal(str_at(q, "system"), "http://unitsofmeasure.org");
        assert_non_null(json_object_get(d, "text"));
        int64_t ug = milli_at(q, "value");
        assert_true(ug > 0);
        assert_true(freq >= 1);
        assert_int_equal(json_array_size(tod), (size_t)freq);
        /* Each time of day is an administration of exactly this dose. */
        json_array_foreach(tod, t, v) {
            unsigned hh, mm, ss;
            int found = 0;
            assert_int_equal(sscanf(json_string_value(v), "%2u:%2u:%2u", &hh,
                                    &mm, &ss), 3);
            for(int a = 0; a < r->nadmin; a++)
                if(r->minute[a] == (int)(hh * 60 + mm)) {
                    assert_int_equal(s->dose[a].ug, ug);
                    found = 1;
                }
            assert_true(found);
        }
        step_sum[seq - 1] += ug * freq;
        sum += ug * freq * (to - from + 1);
    }
    /* One Dosage per step and distinct nonzero dose. */
    for(size_t i = 0; i < p->nsteps; i++) {
        assert_int_equal(step_sum[i], p->steps[i].total_ug);
        for(int a = 0; a < r->nadmin; a++) {
            int first = p->steps[i].dose[a].ug > 0;
            for(int b = 0; b < a && first; b++)
                first = p->steps[i].dose[b].ug != p->steps[i].dose[a].ug;
            want += (size_t)first;
        }
    }
    assert_int_equal(json_array_size(list), want);
    assert_int_equal(sum, plan_total(p));

    disp = json_object_get(j, "dispenseRequest");
    int used = 0, which = -1;
    for(int s = 0; s < r->nstrengths; s++)
        if(p->tablets_total[s]) {
            used++;
            which = s;
        }
    if(used == 1) {
        json_t *q = json_object_get(disp, "quantity");
        assert_int_equal(json_integer_value(json_object_get(q, "value")),
                         p->tablets_total[which]);
        assert_string_equal(str_at(q, "code"), "TAB");
    } else if(!r->nstrengths && p->ul_total > 0) {
        json_t *q = json_object_get(disp, "quantity");
        assert_int_equal(milli_at(q, "value"), p->ul_total);
        assert_string_equal(str_at(q, "code"), "mL");
    } else {
        assert_null(disp);
    }
    return json_array_size(list);
}

/* Both exports of p, checked; returns the FHIR document. */
static json_t *export_checked(const sd_taper_plan *p,
                              const sd_taper_label *l,
                              struct ics_result *res)
{
    sd_error err;
    char *ics = sd_taper_ics(p, l, &err);
    json_t *j;

    assert_non_null(ics);
    check_ics(p, l, ics, res);
    sd_free(ics);
    j = sd_taper_fhir(p, l, &err);
    assert_non_null(j);
    check_fhir(p, l, j);
    /* The UIDs and the resource id come from the same plan hash. */
    assert_string_equal(str_at(j, "id") + 9, res->hash);
    if(jsonl) {
        assert_int_equal(json_dumpf(j, jsonl, DUMP_FLAGS), 0);
        fputc('\n', jsonl);
    }
    return j;
}

static void request_3x(sd_taper_request *r, int64_t a, int64_t b, int64_t c)
{
    sd_taper_request_init(r);
    r->nadmin = 3;
    r->dose_ug[0] = a;
    r->dose_ug[1] = b;
    r->dose_ug[2] = c;
    r->minute[0] = 8 * 60;
    r->minute[1] = 14 * 60;
    r->minute[2] = 22 * 60;
    r->strengths[0].ug = 10000;
    r->strengths[0].pieces = 2;
    r->nstrengths = 1;
    r->percent_milli = 10000;
    r->min_cut_ug = 5000;
    r->days_per_step = 7;
    r->start_day = days_from_civil(2026, 11, 24);
}

/* 20-20-20 mg at 08:00, 14:00 and 22:00, scored 10 mg tablets, 10 % or
** 5 mg a week from 2026-11-24. */
static void test_worked_example(void **state)
{
    sd_taper_request r;
    sd_taper_plan *p = &plan;
    sd_error err;
    struct ics_result res;
    char *ics, *again, *golden;
    json_t *j, *j2, *d;
    const char *path;

    (void)state;
    request_3x(&r, 20000, 20000, 20000);
    assert_int_equal(sd_taper_build(&r, p, &err), SD_OK);
    j = export_checked(p, &label, &res);

    ics = sd_taper_ics(p, &label, &err);
    assert_non_null(ics);
    assert_non_null(strstr(ics, "DTSTART:20261124T080000\r\n"));
    assert_non_null(strstr(ics, "DTSTAMP:20261124T080000Z\r\n"));
    assert_non_null(strstr(ics, "RRULE:FREQ=DAILY;COUNT=7\r\n"));
    assert_non_null(strstr(ics, "DTSTART;VALUE=DATE:"));
    assert_non_null(strstr(ics, "ACTION:DISPLAY\r\n"));
    /* The first event is step 1's 08:00 dose, as the plan makes it. */
    char want[128], mg[32], words[64];
    snprintf(want, sizeof(want), "SUMMARY:baclofen %s (%s)",
             sd_taper_mg(p->steps[0].dose[0].ug, mg, sizeof(mg)),
             sd_taper_dose_words(&r, &p->steps[0].dose[0], words,
                                 sizeof(words)));
    const char *ev = strstr(ics, "BEGIN:VEVENT");
    assert_non_null(ev);
    assert_non_null(strstr(ev, want));
    assert_true(strstr(ev, want) < strstr(ev, "END:VEVENT"));
    assert_true(strstr(ev, "DTSTART:20261124T080000") <
                strstr(ev, "END:VEVENT"));
    /* Identical plans give identical files. */
    again = sd_taper_ics(p, &label, &err);
    assert_string_equal(ics, again);
    sd_free(again);
    sd_free(ics);
    j2 = sd_taper_fhir(p, &label, &err);
    assert_true(json_equal(j, j2));
    json_decref(j2);

    /* FHIR: sequences 1..n in order, the doses and dates of the plan. */
    json_t *list = json_object_get(j, "dosageInstruction");
    size_t k;
    long long seq = 0;
    json_array_foreach(list, k, d) {
        long long s = json_integer_value(json_object_get(d, "sequence"));
        assert_true(s == seq || s == seq + 1);
        seq = s;
    }
    assert_int_equal(seq, (long long)p->nsteps - 1);
    d = json_array_get(list, 0);
    json_t *q = json_object_get(json_array_get(
        json_object_get(d, "doseAndRate"), 0), "doseQuantity");
    assert_int_equal(milli_at(q, "value"), p->steps[0].dose[0].ug);
    json_t *b = json_object_get(json_object_get(json_object_get(
        d, "timing"), "repeat"), "boundsPeriod");
    assert_string_equal(str_at(b, "start"), "2026-11-24");
    assert_string_equal(str_at(b, "end"), "2026-11-30");
    assert_string_equal(str_at(j, "authoredOn"), "2026-11-24T08:00:00Z");
    snprintf(want, sizeof(want), "%s (%s) at 08:00 from 2026-11-24 to "
             "2026-11-30", sd_taper_mg(p->steps[0].dose[0].ug, mg,
                                       sizeof(mg)), words);
    if(p->steps[0].dose[1].ug != p->steps[0].dose[0].ug)
        assert_string_equal(str_at(d, "text"), want);

    path = getenv("SD_FHIR_GOLDEN");
    if(path && *path) {
        golden = json_dumps(j, JSON_INDENT(2) | JSON_REAL_PRECISION(15));
        FILE *f = fopen(path, "w");
        assert_non_null(golden);
        assert_non_null(f);
        fputs(golden, f);
        fputc('\n', f);
        assert_int_equal(fclose(f), 0);
        free(golden);
    }
    json_decref(j);
}

/* 10-10-20: each step has two dose amounts, so two Dosages share its
** sequence until the doses meet. */
static void test_uneven(void **state)
{
    sd_taper_request r;
    sd_taper_plan *p = &plan;
    sd_error err;
    struct ics_result res;
    json_t *j, *d;
    size_t k, shared = 0;
    long long prev = 0;

    (void)state;
    request_3x(&r, 10000, 10000, 20000);
    assert_int_equal(sd_taper_build(&r, p, &err), SD_OK);
    j = export_checked(p, &label, &res);
    json_array_foreach(json_object_get(j, "dosageInstruction"), k, d) {
        long long s = json_integer_value(json_object_get(d, "sequence"));
        shared += s == prev;
        prev = s;
    }
    assert_true(shared >= 1);
    /* Step 1 here: 10 mg at 08:00 and 14:00... as the plan says. */
    d = json_array_get(json_object_get(j, "dosageInstruction"), 0);
    json_t *rep = json_object_get(json_object_get(d, "timing"), "repeat");
    int64_t first = p->steps[0].dose[0].ug;
    long long n = 0;
    for(int a = 0; a < r.nadmin; a++)
        n += p->steps[0].dose[a].ug == first;
    assert_int_equal(json_integer_value(json_object_get(rep, "frequency")), n);
    json_decref(j);
}

/* One dose a day: exactly one Dosage per step. A plan without an RxNorm
** code has no coding. */
static void test_once_daily(void **state)
{
    sd_taper_request r;
    sd_taper_plan *p = &plan;
    sd_taper_label l = label;
    sd_error err;
    struct ics_result res;
    json_t *j;

    (void)state;
    request_3x(&r, 30000, 0, 0);
    r.nadmin = 1;
    r.minute[0] = 21 * 60 + 30;
    l.rxnorm = NULL;
    assert_int_equal(sd_taper_build(&r, p, &err), SD_OK);
    j = export_checked(p, &l, &res);
    assert_int_equal(json_array_size(json_object_get(j, "dosageInstruction")),
                     p->nsteps - 1);
    assert_int_equal(res.events, (int)p->nsteps - 1);
    json_decref(j);
}

/* A liquid: the volume is in the text, the dispensed quantity in mL. */
static void test_liquid(void **state)
{
    sd_taper_request r;
    sd_taper_plan *p = &plan;
    sd_taper_label l = label;
    sd_error err;
    struct ics_result res;
    json_t *j, *d;
    char ml[32];

    (void)state;
    request_3x(&r, 5000, 5000, 10000);
    r.nstrengths = 0;
    r.ug_per_ml = 1000;
    r.min_ul = 500;
    l.form = "oral solution";
    assert_int_equal(sd_taper_build(&r, p, &err), SD_OK);
    j = export_checked(p, &l, &res);
    d = json_array_get(json_object_get(j, "dosageInstruction"), 0);
    sd_taper_dose_words(&r, &p->steps[0].dose[0], ml, sizeof(ml));
    assert_non_null(strstr(ml, " mL"));
    assert_non_null(strstr(str_at(d, "text"), ml));
    json_decref(j);
}

/* Every allocation failure gives NULL, "out of memory" and no leak (run
** under valgrind or ASan). */
static void test_nomem(void **state)
{
    sd_taper_request r;
    sd_taper_plan *p = &plan;
    sd_error err;
    unsigned long n;
    json_t *j = NULL;

    (void)state;
    request_3x(&r, 10000, 10000, 20000);
    assert_int_equal(sd_taper_build(&r, p, &err), SD_OK);
    json_set_alloc_funcs(sd_malloc, sd_free);
    for(n = 1; n < 100000; n++) {
        sd_alloc_fail_after(n);
        j = sd_taper_fhir(p, &label, &err);
        unsigned long made = sd_alloc_fail_after(0);
        if(j && made < n)
            break;
        if(j) {     /* a failure jansson swallowed: not ours to see */
            json_decref(j);
            j = NULL;
            continue;
        }
        assert_string_equal(err.text, "out of memory");
    }
    assert_non_null(j);
    assert_true(n > 50);
    json_decref(j);
    json_set_alloc_funcs(malloc, free);
    /* libical allocates with malloc; the copy we return is ours. */
    sd_alloc_fail_after(1);
    char *ics = sd_taper_ics(p, &label, &err);
    sd_alloc_fail_after(0);
    assert_null(ics);
    assert_string_equal(err.text, "out of memory");
}

/* xorshift64: the same sequence on every platform. */
static uint64_t rng = 0x5eed20261124ULL;

static unsigned rnd(unsigned n)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (unsigned)(rng % n);
}

static void random_request(sd_taper_request *r)
{
    static const sd_taper_strength kinds[] = {
        {5000, 1}, {10000, 2}, {20000, 2}, {10000, 4}};

    sd_taper_request_init(r);
    r->nadmin = 1 + (int)rnd(4);
    for(int i = 0; i < r->nadmin; i++) {
        r->dose_ug[i] = 2500 * (1 + (int64_t)rnd(16));
        /* Increasing times from 06:00, 15 min to 4 h 45 apart. */
        r->minute[i] = (i ? r->minute[i - 1] + 15 * (1 + (int)rnd(19))
                          : 6 * 60);
    }
    if(rnd(5)) {
        int ns = 1 + (int)rnd(2);
        for(int k = 0; k < ns; k++)
            r->strengths[r->nstrengths++] = kinds[rnd(4)];
    } else {
        r->ug_per_ml = rnd(2) ? 1000 : 2000;
        r->min_ul = rnd(2) ? 500 : 1000;
    }
    r->percent_milli = 5000 + (int)rnd(20001);
    r->min_cut_ug = (int64_t)rnd(5001);
    r->days_per_step = 1 + (int)rnd(28);
    r->bedtime = rnd(2) ? -1 : (int)rnd((unsigned)r->nadmin);
    r->hold_days = rnd(4) ? 0 : (int)rnd(10);
    r->first_hold_days = rnd(5) ? 0 : 1 + (int)rnd(14);
    r->stop_now = !rnd(50);
    r->start_day = days_from_civil(2026, 1, 1) + (long)rnd(1500);
}

/* Adjust plan after withdrawal on a random day, up to twice; keeps plan
** as it is when sd_taper_adjust refuses (no cut made by then, ...).
** Returns the number of adjustments made. */
static int random_adjust(void)
{
    static sd_taper_plan out;
    int made = 0;

    for(int k = 0; k < 2 && !rnd(3); k++) {
        long span = plan.steps[plan.nsteps - 1].first_day -
                    plan.steps[0].first_day + 3;
        long day = plan.steps[0].first_day + (long)rnd((unsigned)span);
        sd_error err;
        if(sd_taper_adjust(&plan, day, 1 + (int)rnd(14), &out, &err))
            continue;
        memcpy(&plan, &out, sizeof(plan));
        made++;
    }
    return made;
}

/* Random requests until `want` plans are built (SD_EXPORT_ITER, 10,000
** by default); the requests sd_taper_build refuses (most: a dose the
** formulation cannot make) are skipped. */
static void test_properties(void **state)
{
    const char *env = getenv("SD_EXPORT_ITER");
    long want = env && *env ? strtol(env, NULL, 10) : 10000;
    long built = 0, tried = 0, events = 0, dosages = 0, adjusted = 0;

    (void)state;
    while(built < want && tried < 20 * want) {
        sd_taper_request r;
        sd_error err;
        struct ics_result res;
        json_t *j;

        tried++;
        random_request(&r);
        if(sd_taper_build(&r, &plan, &err))
            continue;
        built++;
        adjusted += random_adjust() > 0;
        j = export_checked(&plan, &label, &res);
        events += res.events;
        dosages += (long)json_array_size(json_object_get(j,
                                                         "dosageInstruction"));
        json_decref(j);
    }
    printf("taper exports: %ld plans from %ld random requests (the rest "
           "refused), %ld of them adjusted after withdrawal; %ld calendar "
           "events, %ld FHIR dosages checked\n", built, tried, adjusted,
           events, dosages);
    assert_int_equal(built, want);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_worked_example),
        cmocka_unit_test(test_uneven),
        cmocka_unit_test(test_once_daily),
        cmocka_unit_test(test_liquid),
        cmocka_unit_test(test_nomem),
        cmocka_unit_test(test_properties),
    };
    const char *path = getenv("SD_FHIR_JSONL");
    int rc;

    if(path && *path) {
        jsonl = fopen(path, "w");
        if(!jsonl) {
            perror(path);
            return 1;
        }
    }
    rc = cmocka_run_group_tests(tests, NULL, NULL);
    if(jsonl && fclose(jsonl))
        rc = 1;
    /* libical's per-thread ring buffer and built-in UTC zone: released so
    ** that valgrind reports only our own leaks. */
    icalmemory_free_ring();
    icaltimezone_free_builtin_timezones();
    return rc;
}
