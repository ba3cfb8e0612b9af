/*
** test_pump.c: the intrathecal pump refill calculator. Worked examples with
** dates computed by hand, rounding down, the label checks and the warnings,
** every refused input with its message, a property test over 20,000
** random requests, the JSON view under allocation failure, and the
** optional "pump" monograph section.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "stepdown/date.h"
#include "stepdown/kb.h"
#include "stepdown/pump.h"

#define BACLOFEN SD_DATADIR "/baclofen.json"
#define FIXTURE SD_TESTDATA "/drugs/examplamine.json"

/* A fictional drug given by pump: two labelled concentrations, two
** maintenance ranges with a gap between them, a fractional lead. */
static const char pumpamine[] =
    "{\"format\": \"stepdown-monograph/1\", \"id\": \"pumpamine\","
    " \"name\": \"pumpamine\", \"updated\": \"2026-11-24\","
    " \"identity\": {\"class\": \"fictional\", \"source\": \"F\"},"
    " \"formulations\": ["
    "  {\"id\": \"it\", \"name\": \"Pumpamine IT\", \"route\": \"intrathecal\","
    "   \"form\": \"injection\", \"source\": \"F\","
    "   \"strengths\": [{\"ug_per_ml\": 1000}, {\"ug_per_ml\": 250}]},"
    "  {\"id\": \"it2\", \"name\": \"Pumpamine IT 2\", \"route\": \"intrathecal\","
    "   \"form\": \"injection\", \"source\": \"G\","
    "   \"strengths\": [{\"ug_per_ml\": 250}]},"
    "  {\"id\": \"oral\", \"name\": \"tablets\", \"route\": \"oral\","
    "   \"form\": \"tablet\", \"source\": \"F\","
    "   \"strengths\": [{\"amount_ug\": 5000}]}],"
    " \"symptoms\": [{\"id\": \"x\", \"name\": \"X\", \"roles\": [\"side_effect\"],"
    "   \"tier\": \"common\", \"source\": \"F\","
    "   \"disposition\": {\"level\": \"self-care\", \"advice\": \"rest\","
    "   \"source\": \"F\"}}],"
    " \"dosing\": {\"source\": \"F\", \"params\": ["
    "   {\"name\": \"intrathecal maintenance, low\", \"min\": 10, \"max\": 20,"
    "    \"unit\": \"mcg/day\"},"
    "   {\"name\": \"intrathecal maintenance, high\", \"min\": 30, \"max\": 40,"
    "    \"unit\": \"mcg/day\"},"
    "   {\"name\": \"intrathecal maintenance, wrong unit\", \"min\": 1,"
    "    \"max\": 1000, \"unit\": \"mg/day\"}]},"
    " \"withdrawal\": {\"source\": \"F\", \"params\": ["
    "   {\"name\": \"onset\", \"min\": 1, \"max\": 2, \"unit\": \"h\"}],"
    "   \"statements\": [{\"topic\": \"management\", \"text\": \"restart\"},"
    "   {\"topic\": \"oral\", \"text\": \"not a red flag for pumps\"}]},"
    " \"pump\": {\"source\": \"G\", \"params\": ["
    "   {\"name\": \"refill lead\", \"min\": 1, \"max\": 2.5, \"unit\": \"days\"},"
    "   {\"name\": \"refill lead\", \"min\": 1, \"max\": 40, \"unit\": \"h\"}],"
    "   \"statements\": [{\"topic\": \"two-tone alarm\", \"text\": \"call\"},"
    "   {\"topic\": \"running out\", \"text\": \"withdrawal\"}]},"
    " \"sources\": [{\"id\": \"F\", \"title\": \"fixture\", \"kind\": \"fixture\","
    "   \"url\": \"tests/unit/test_pump.c\"},"
    "  {\"id\": \"G\", \"title\": \"fixture 2\", \"kind\": \"fixture\","
    "   \"url\": \"tests/unit/test_pump.c\"}]}";

static sd_monograph *load(const char *path)
{
    sd_monograph *m = NULL;
    sd_error err;
    char msg[1024];
    int rc = sd_monograph_load_file(path, &m, &err);

    if(rc)
        fail_msg("%s", sd_error_format(&err, msg, sizeof(msg)));
    return m;
}

static sd_monograph *load_pumpamine(void)
{
    sd_monograph *m = NULL;
    sd_error err;
    char msg[1024];

    if(sd_monograph_load_buffer(pumpamine, strlen(pumpamine), "pumpamine",
                                &m, &err))
        fail_msg("%s", sd_error_format(&err, msg, sizeof(msg)));
    return m;
}

static long day_of(const char *iso)
{
    long d;
    assert_int_equal(sd_date_parse(iso, &d), 0);
    return d;
}

static void assert_day(long day, const char *iso)
{
    char buf[16];
    assert_string_equal(sd_date_format(day, buf, sizeof(buf)), iso);
}

/* 20 mL of 500 mcg/mL at 300 mcg/day, alarm at 2 mL, filled 2026-11-24. */
static void base_request(sd_pump_request *r)
{
    sd_pump_request_init(r);
    r->reservoir_ul = 20000;
    r->alarm_ul = 2000;
    r->ug_per_ml = 500;
    r->dose_ng_day = 300000;
    r->filled_day = day_of("2026-11-24");
    r->today = day_of("2026-11-24");
}

/* ==== Worked examples ==== */

static void test_worked_example(void **state)
{
    sd_monograph *m = load(BACLOFEN);
    sd_pump_request r;
    sd_pump_plan p;
    sd_error err;

    (void)state;
    base_request(&r);
    assert_int_equal(sd_pump_compute(m, &r, &p, &err), SD_OK);
    /* 20,000 uL x 500 mcg/mL = 10,000 mcg; 18 mL to the alarm is 9,000
    ** mcg, 30 days at 300 mcg/day exactly; empty after 33 1/3 days. */
    assert_int_equal(p.ng_total, 10000000);
    assert_int_equal(p.ng_at_alarm, 1000000);
    assert_int_equal(p.minutes_to_alarm, 30 * 1440);
    assert_int_equal(p.minutes_to_empty, 33 * 1440 + 8 * 60);
    assert_day(p.alarm.day, "2026-12-24");
    assert_int_equal(p.alarm.minute, 0);
    assert_day(p.empty.day, "2026-12-27");
    assert_int_equal(p.empty.minute, 8 * 60);
    /* 1,000 mcg left at 300 mcg/day: 80 hours. */
    assert_int_equal(p.hours_at_alarm, 80);
    /* The default lead is the longest the sources give: 7-10 days -> 10. */
    assert_int_equal(p.lead_days, 10);
    assert_true(p.lead_is_default);
    assert_int_equal(p.nleads, 2);
    assert_day(p.refill_by_day, "2026-12-14");
    /* 500 mcg/mL is labelled; 300 mcg/day is within the labelled ranges. */
    assert_true(p.concentration_labelled);
    assert_int_equal(p.nlabelled, 4);
    assert_int_equal(p.labelled_ug_per_ml[0], 50);
    assert_int_equal(p.labelled_ug_per_ml[3], 2000);
    assert_int_equal(p.nranges, 3);
    assert_int_equal(p.in_range, 7);
    assert_int_equal(p.nwarnings, 0);
    assert_int_equal(p.level, SD_DISP_INFO);

    /* A given lead replaces the default. */
    r.lead_days = 3;
    assert_int_equal(sd_pump_compute(m, &r, &p, &err), SD_OK);
    assert_false(p.lead_is_default);
    assert_day(p.refill_by_day, "2026-12-21");
    r.lead_days = 0;
    assert_int_equal(sd_pump_compute(m, &r, &p, &err), SD_OK);
    assert_int_equal(p.refill_by_day, p.alarm.day);
    sd_monograph_free(m);
}

static void test_rounding_down(void **state)
{
    sd_monograph *m = load(BACLOFEN);
    sd_pump_request r;
    sd_pump_plan p;

    (void)state;
    /* 20 mL of 2000 mcg/mL at 700 mcg/day, filled 2026-01-01 at 18:00.
    ** To the alarm: 36,000 mcg x 1440 / 700 = 74,057.14 min -> 74,057
    ** (51 d 10:17), so 2026-02-22 04:17; to empty: 40,000 mcg -> 82,285.71
    ** min -> 82,285, so 2026-02-27 21:25; at the alarm 4,000 mcg is
    ** 137.14 h -> 137. */
    sd_pump_request_init(&r);
    r.reservoir_ul = 20000;
    r.alarm_ul = 2000;
    r.ug_per_ml = 2000;
    r.dose_ng_day = 700000;
    r.filled_day = day_of("2026-01-01");
    r.filled_minute = 18 * 60;
    r.lead_days = 5;
    r.today = day_of("2026-01-01");
    assert_int_equal(sd_pump_compute(m, &r, &p, NULL), SD_OK);
    assert_int_equal(p.minutes_to_alarm, 74057);
    assert_int_equal(p.minutes_to_empty, 82285);
    assert_day(p.alarm.day, "2026-02-22");
    assert_int_equal(p.alarm.minute, 4 * 60 + 17);
    assert_day(p.empty.day, "2026-02-27");
    assert_int_equal(p.empty.minute, 21 * 60 + 25);
    assert_int_equal(p.hours_at_alarm, 137);
    assert_day(p.refill_by_day, "2026-02-17");

    /* A fractional dose is exact: 112.5 mcg/day, 9,000 mcg to the alarm
    ** is 80 days to the minute. */
    base_request(&r);
    r.dose_ng_day = 112500;
    assert_int_equal(sd_pump_compute(m, &r, &p, NULL), SD_OK);
    assert_int_equal(p.minutes_to_alarm, 80 * 1440);
    assert_day(p.alarm.day, "2027-02-12");

    /* One nanogram a day more and the alarm is one minute earlier:
    ** 9e6 x 1440 / 112501 = 115198.97 -> 115198. */
    r.dose_ng_day = 112501;
    assert_int_equal(sd_pump_compute(m, &r, &p, NULL), SD_OK);
    assert_int_equal(p.minutes_to_alarm, 115198);
    assert_day(p.alarm.day, "2027-02-11");
    assert_int_equal(p.alarm.minute, 1438);

    /* Dates before 1970 divide down too. */
    base_request(&r);
    r.filled_day = day_of("1969-12-31");
    r.filled_minute = 23 * 60;
    r.today = r.filled_day;
    assert_int_equal(sd_pump_compute(m, &r, &p, NULL), SD_OK);
    assert_day(p.alarm.day, "1970-01-30");
    assert_int_equal(p.alarm.minute, 23 * 60);
    sd_monograph_free(m);
}

/* ==== Warnings ==== */

static const sd_pump_warning *find_warning(const sd_pump_plan *p,
                                           unsigned code)
{
    for(size_t i = 0; i < p->nwarnings; i++)
        if(p->warnings[i].code == code)
            return &p->warnings[i];
    return NULL;
}

/* The warning with this code; fails the test when there is none. */
static const sd_pump_warning *need_warning(const sd_pump_plan *p,
                                           unsigned code)
{
    static const sd_pump_warning none;
    const sd_pump_warning *w = find_warning(p, code);

    if(!w) {
        fail_msg("no warning %#x", code);
        return &none;
    }
    return w;
}

static void test_warnings(void **state)
{
    sd_monograph *m = load(BACLOFEN);
    sd_pump_request r;
    sd_pump_plan p;
    const sd_pump_warning *w;

    (void)state;
    /* Concentration and dose outside the label; alarm volume 0 (empty
    ** after 8 days, so a short lead). */
    base_request(&r);
    r.ug_per_ml = 600;
    r.dose_ng_day = 1500000;
    r.alarm_ul = 0;
    r.lead_days = 1;
    assert_int_equal(sd_pump_compute(m, &r, &p, NULL), SD_OK);
    assert_int_equal(p.warned, SD_PUMP_W_CONCENTRATION | SD_PUMP_W_DOSE |
                               SD_PUMP_W_ALARM_ZERO);
    w = need_warning(&p, SD_PUMP_W_CONCENTRATION);
    assert_int_equal(w->level, SD_DISP_CONTACT_SOON);
    assert_non_null(strstr(w->text, "600 mcg/mL is not a labelled intrathecal "
                                    "concentration (50, 500, 1000, 2000"));
    assert_int_equal(w->nsrc, 1);
    assert_string_equal(sd_monograph_source(m, w->src[0])->id, "IT");
    w = need_warning(&p, SD_PUMP_W_DOSE);
    assert_non_null(strstr(w->text, "1500 mcg/day is above the highest "
                                    "labelled intrathecal maintenance dose "
                                    "(1199 mcg/day)"));
    w = need_warning(&p, SD_PUMP_W_ALARM_ZERO);
    assert_non_null(strstr(w->text, "alarm volume is 0 mL"));
    assert_true(w->nsrc > 0);
    /* The alarm at 0 mL is the empty date; no hours left at it. */
    assert_int_equal(p.alarm.day, p.empty.day);
    assert_int_equal(p.hours_at_alarm, 0);

    r.dose_ng_day = 20000;   /* 20 mcg/day */
    r.ug_per_ml = 50;
    r.alarm_ul = 2000;
    assert_int_equal(sd_pump_compute(m, &r, &p, NULL), SD_OK);
    w = need_warning(&p, SD_PUMP_W_DOSE);
    assert_non_null(strstr(w->text, "20 mcg/day is below the lowest labelled "
                                    "intrathecal maintenance dose (24 "
                                    "mcg/day)"));
    assert_null(find_warning(&p, SD_PUMP_W_CONCENTRATION));

    /* Relative to today: refill-by past, then the alarm, then empty; only
    ** the most pressing is raised. Alarm 2026-12-24, empty 2026-12-27,
    ** refill by 2026-12-14. */
    base_request(&r);
    r.today = day_of("2026-12-14");
    assert_int_equal(sd_pump_compute(m, &r, &p, NULL), SD_OK);
    assert_int_equal(p.nwarnings, 0);
    r.today = day_of("2026-12-15");
    assert_int_equal(sd_pump_compute(m, &r, &p, NULL), SD_OK);
    assert_int_equal(p.warned, SD_PUMP_W_REFILL_PAST);
    assert_int_equal(p.level, SD_DISP_CALL_TODAY);
    assert_non_null(strstr(p.warnings[0].text, "already past"));
    r.today = day_of("2026-12-24");
    assert_int_equal(sd_pump_compute(m, &r, &p, NULL), SD_OK);
    assert_int_equal(p.warned, SD_PUMP_W_ALARM_PAST);
    assert_non_null(strstr(p.warnings[0].text, "about 80 hours"));
    r.today = day_of("2026-12-27");
    assert_int_equal(sd_pump_compute(m, &r, &p, NULL), SD_OK);
    assert_int_equal(p.warned, SD_PUMP_W_EMPTY_PAST);
    assert_int_equal(p.level, SD_DISP_CALL_NOW);
    assert_true(p.warnings[0].nsrc > 0);

    /* A lead longer than the time to the alarm. 2 mL above a 1 mL alarm
    ** at 500 mcg/mL and 300 mcg/day: 1,000 mcg, 3 days 8 hours. */
    base_request(&r);
    r.reservoir_ul = 3000;
    r.alarm_ul = 1000;
    r.today = day_of("2026-11-20");
    assert_int_equal(sd_pump_compute(m, &r, &p, NULL), SD_OK);
    w = need_warning(&p, SD_PUMP_W_LEAD_LONG);
    assert_non_null(strstr(w->text, "lasts 3 days to the alarm, less than "
                                    "the 10-day lead time"));
    assert_true(p.refill_by_day < r.filled_day);

    /* Warnings come highest level first. */
    base_request(&r);
    r.ug_per_ml = 600;
    r.today = day_of("2027-06-01");
    assert_int_equal(sd_pump_compute(m, &r, &p, NULL), SD_OK);
    assert_int_equal(p.nwarnings, 2);
    assert_int_equal(p.warnings[0].code, SD_PUMP_W_EMPTY_PAST);
    assert_int_equal(p.warnings[1].code, SD_PUMP_W_CONCENTRATION);
    sd_monograph_free(m);
}

static void test_other_monographs(void **state)
{
    sd_monograph *m = load_pumpamine();
    sd_pump_request r;
    sd_pump_plan p;
    sd_error err;
    const sd_pump_warning *w;

    (void)state;
    base_request(&r);
    r.ug_per_ml = 250;
    r.dose_ng_day = 25000;  /* in the gap between 10-20 and 30-40 */
    assert_int_equal(sd_pump_compute(m, &r, &p, &err), SD_OK);
    /* Only the 'days' lead counts; 2.5 days rounds up to 3. */
    assert_int_equal(p.nleads, 1);
    assert_int_equal(p.lead_days, 3);
    /* Concentrations sorted and unique across formulations; the oral one
    ** and the range in mg/day are ignored. */
    assert_int_equal(p.nlabelled, 2);
    assert_int_equal(p.labelled_ug_per_ml[0], 250);
    assert_int_equal(p.labelled_ug_per_ml[1], 1000);
    assert_int_equal(p.nit_forms, 2);
    assert_int_equal(p.nranges, 2);
    assert_true(p.concentration_labelled);
    w = need_warning(&p, SD_PUMP_W_DOSE);
    assert_non_null(strstr(w->text, "25 mcg/day lies outside every labelled"));
    r.dose_ng_day = 40000;
    assert_int_equal(sd_pump_compute(m, &r, &p, &err), SD_OK);
    assert_int_equal(p.in_range, 2);
    r.ug_per_ml = 500;
    assert_int_equal(sd_pump_compute(m, &r, &p, &err), SD_OK);
    w = need_warning(&p, SD_PUMP_W_CONCENTRATION);
    /* Both formulations are cited, once each. */
    assert_int_equal(w->nsrc, 2);
    sd_monograph_free(m);

    /* A monograph without a pump section or intrathecal forms loads; the
    ** lead must then be given, and nothing is checked against a label. */
    m = load(FIXTURE);
    assert_int_equal(sd_monograph_nparams(m, "pump"), 0);
    assert_int_equal(sd_monograph_nstatements(m, "pump"), 0);
    base_request(&r);
    assert_int_equal(sd_pump_compute(m, &r, &p, &err), SD_ERR_USAGE);
    assert_string_equal(err.path, "lead");
    assert_non_null(strstr(err.text, "the monograph gives no refill lead "
                                     "time"));
    r.lead_days = 7;
    assert_int_equal(sd_pump_compute(m, &r, &p, &err), SD_OK);
    assert_int_equal(p.warned, SD_PUMP_W_UNCHECKED);
    assert_int_equal(p.level, SD_DISP_INFO);
    assert_non_null(strstr(p.warnings[0].text, "concentrations or maintenance "
                                               "doses"));
    json_t *j = sd_pump_json(m, &r, &p, 0);
    assert_non_null(j);
    assert_int_equal(json_array_size(json_object_get(j, "pump_statements")),
                     0);
    assert_int_equal(json_array_size(json_object_get(j, "red_flags")), 1);
    assert_true(json_is_null(json_object_get(
        json_object_get(j, "labelled_concentrations"),
        "concentration_labelled")));
    json_decref(j);
    sd_monograph_free(m);

    /* No monograph at all: arithmetic only. */
    base_request(&r);
    r.lead_days = 1;
    assert_int_equal(sd_pump_compute(NULL, &r, &p, &err), SD_OK);
    assert_int_equal(p.nwarnings, 0);
    assert_day(p.refill_by_day, "2026-12-23");
}

/* ==== Refused input ==== */

struct bad {
    const char *what;
    void (*mutate)(sd_pump_request *r);
    const char *field, *text;
};

static void res0(sd_pump_request *r) { r->reservoir_ul = 0; }
static void resneg(sd_pump_request *r) { r->reservoir_ul = -5000; }
static void resbig(sd_pump_request *r) { r->reservoir_ul = 100001; }
static void alarmneg(sd_pump_request *r) { r->alarm_ul = -1; }
static void alarmeq(sd_pump_request *r) { r->alarm_ul = r->reservoir_ul; }
static void alarmbig(sd_pump_request *r) { r->alarm_ul = 25500; }
static void conc0(sd_pump_request *r) { r->ug_per_ml = 0; }
static void concneg(sd_pump_request *r) { r->ug_per_ml = -500; }
static void concbig(sd_pump_request *r) { r->ug_per_ml = 1000001; }
static void dose0(sd_pump_request *r) { r->dose_ng_day = 0; }
static void doseneg(sd_pump_request *r) { r->dose_ng_day = -300000; }
static void dosebig(sd_pump_request *r) { r->dose_ng_day = SD_PUMP_MAX_NG_DAY + 1; }
static void tenyears(sd_pump_request *r) { r->dose_ng_day = 1000; }
static void fillearly(sd_pump_request *r) { r->filled_day = -25568; }
static void filllate(sd_pump_request *r) { r->filled_day = 376200; }
static void minute(sd_pump_request *r) { r->filled_minute = 1440; }
static void minneg(sd_pump_request *r) { r->filled_minute = -1; }
static void today(sd_pump_request *r) { r->today = 999999; }
static void leadneg(sd_pump_request *r) { r->lead_days = -2; }
static void leadbig(sd_pump_request *r) { r->lead_days = 91; }

static const struct bad bads[] = {
    {"reservoir 0", res0, "reservoir", "the reservoir volume must be more "
     "than 0 mL: give the volume of drug in the reservoir after the refill"},
    {"reservoir negative", resneg, "reservoir", "must be more than 0 mL"},
    {"reservoir over 100 mL", resbig, "reservoir", "a reservoir volume of "
     "100.001 mL is more than 100 mL: give the volume in mL"},
    {"alarm negative", alarmneg, "alarm", "the alarm volume cannot be "
     "negative"},
    {"alarm = reservoir", alarmeq, "alarm", "the alarm volume (20 mL) must be "
     "less than the reservoir volume (20 mL)"},
    {"alarm > reservoir", alarmbig, "alarm", "(25.5 mL) must be less than"},
    {"concentration 0", conc0, "concentration", "the concentration must be "
     "more than 0 mcg/mL"},
    {"concentration negative", concneg, "concentration", "more than 0 mcg/mL"},
    {"concentration huge", concbig, "concentration", "a concentration of "
     "1000001 mcg/mL is more than 1000000 mcg/mL"},
    {"dose 0", dose0, "dose", "the daily dose must be more than 0 mcg/day"},
    {"dose negative", doseneg, "dose", "more than 0 mcg/day"},
    {"dose huge", dosebig, "dose", "is more than 1 g a day"},
    {"empty beyond 10 years", tenyears, "dose", "at 1 mcg/day the 20 mL "
     "reservoir would last 10000 days, more than 10 years: check the dose"},
    {"fill before 1900", fillearly, "filled", "between 1900 and 2999"},
    {"fill after 2999", filllate, "filled", "between 1900 and 2999"},
    {"fill minute 1440", minute, "filled", "between 00:00 and 23:59"},
    {"fill minute negative", minneg, "filled", "between 00:00 and 23:59"},
    {"today out of range", today, "today", "between 1900 and 2999"},
    {"lead negative", leadneg, "lead", "0 to 90 days"},
    {"lead over 90", leadbig, "lead", "0 to 90 days"},
};

static void test_refused(void **state)
{
    sd_monograph *m = load(BACLOFEN);
    sd_pump_request r;
    sd_pump_plan p;
    sd_error err;

    (void)state;
    for(size_t i = 0; i < sizeof(bads) / sizeof(bads[0]); i++) {
        base_request(&r);
        bads[i].mutate(&r);
        if(sd_pump_compute(m, &r, &p, &err) != SD_ERR_USAGE)
            fail_msg("%s: not refused", bads[i].what);
        if(strcmp(err.path, bads[i].field) || !strstr(err.text, bads[i].text))
            fail_msg("%s: got '%s: %s', want '%s: ...%s...'", bads[i].what,
                     err.path, err.text, bads[i].field, bads[i].text);
        /* err may be NULL. */
        assert_int_equal(sd_pump_compute(m, &r, &p, NULL), SD_ERR_USAGE);
    }
    /* The boundaries themselves are accepted. */
    base_request(&r);
    r.reservoir_ul = 100000;
    r.alarm_ul = 99999;
    r.lead_days = 90;
    assert_int_equal(sd_pump_compute(m, &r, &p, &err), SD_OK);
    base_request(&r);
    r.alarm_ul = 0;
    r.reservoir_ul = 1;
    r.ug_per_ml = 1;
    r.dose_ng_day = 1;   /* 1 ng over 1 ng a day: one day */
    assert_int_equal(sd_pump_compute(m, &r, &p, &err), SD_OK);
    assert_int_equal(p.minutes_to_empty, 1440);
    sd_monograph_free(m);
}

/* ==== Properties ==== */

static uint64_t rng = 0x9e3779b97f4a7c15ULL;

static uint64_t next(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

static int64_t between(int64_t lo, int64_t hi)
{
    return lo + (int64_t)(next() % (uint64_t)(hi - lo + 1));
}

static int64_t abs_minute(sd_pump_when w)
{
    return (int64_t)w.day * 1440 + w.minute;
}

static void test_properties(void **state)
{
    sd_monograph *m = load(BACLOFEN);
    int ok = 0, refused = 0;

    (void)state;
    for(int n = 0; n < 20000; n++) {
        sd_pump_request r;
        sd_pump_plan p, q;
        sd_error err;
        int rc;

        sd_pump_request_init(&r);
        r.reservoir_ul = between(1, SD_PUMP_MAX_RESERVOIR_UL);
        r.alarm_ul = between(0, r.reservoir_ul - 1);
        r.ug_per_ml = between(1, 4000);
        r.dose_ng_day = next() % 2 ? between(1, 2000000)
                                   : between(1, SD_PUMP_MAX_NG_DAY);
        r.filled_day = between(-25567, 370000);
        r.filled_minute = (int)between(0, 1439);
        r.lead_days = next() % 3 ? (int)between(0, 90) : SD_PUMP_LEAD_DEFAULT;
        r.today = between(-25567, 376199);
        rc = sd_pump_compute(m, &r, &p, &err);

        int64_t ng = r.reservoir_ul * r.ug_per_ml;
        int64_t days = ng * 1440 / r.dose_ng_day / 1440;
        if(rc) {
            /* Only the 10-year bound refuses a request built this way. */
            assert_int_equal(rc, SD_ERR_USAGE);
            assert_string_equal(err.path, "dose");
            assert_true(days >= SD_PUMP_MAX_DAYS);
            refused++;
            continue;
        }
        ok++;
        assert_true(days < SD_PUMP_MAX_DAYS);
        int64_t to_alarm = (r.reservoir_ul - r.alarm_ul) * r.ug_per_ml;
        int64_t at_alarm = r.alarm_ul * r.ug_per_ml;
        /* Rounded down: never later than the exact time, and less than a
        ** minute (an hour) early. */
        assert_true(p.minutes_to_alarm * r.dose_ng_day <= to_alarm * 1440);
        assert_true((p.minutes_to_alarm + 1) * r.dose_ng_day > to_alarm * 1440);
        assert_true(p.minutes_to_empty * r.dose_ng_day <= ng * 1440);
        assert_true((p.minutes_to_empty + 1) * r.dose_ng_day > ng * 1440);
        assert_true(p.hours_at_alarm * r.dose_ng_day <= at_alarm * 24);
        assert_true((p.hours_at_alarm + 1) * r.dose_ng_day > at_alarm * 24);
        /* The order of events. */
        int64_t start = (int64_t)r.filled_day * 1440 + r.filled_minute;
        assert_int_equal(abs_minute(p.alarm), start + p.minutes_to_alarm);
        assert_int_equal(abs_minute(p.empty), start + p.minutes_to_empty);
        assert_true(p.alarm.minute >= 0 && p.alarm.minute < 1440);
        assert_true(start <= abs_minute(p.alarm));
        assert_true(abs_minute(p.alarm) <= abs_minute(p.empty));
        assert_true(p.refill_by_day <= p.alarm.day);
        assert_int_equal(p.alarm.day - p.refill_by_day, p.lead_days);
        if(r.lead_days == SD_PUMP_LEAD_DEFAULT)
            assert_int_equal(p.lead_days, 10);
        assert_true(p.nwarnings <= SD_PUMP_MAX_WARNINGS);
        for(size_t i = 1; i < p.nwarnings; i++)
            assert_true(p.warnings[i - 1].level >= p.warnings[i].level);
        assert_int_equal(!!(p.warned & SD_PUMP_W_EMPTY_PAST),
                         p.empty.day <= r.today);

        /* Monotone in the dose: more drug a day, no later dates. */
        sd_pump_request s = r;
        s.dose_ng_day = r.dose_ng_day + between(1, r.dose_ng_day);
        if(s.dose_ng_day <= SD_PUMP_MAX_NG_DAY) {
            assert_int_equal(sd_pump_compute(m, &s, &q, NULL), SD_OK);
            assert_true(abs_minute(q.alarm) <= abs_minute(p.alarm));
            assert_true(abs_minute(q.empty) <= abs_minute(p.empty));
            assert_true(q.refill_by_day <= p.refill_by_day);
            assert_true(q.hours_at_alarm <= p.hours_at_alarm);
        }
        /* And in the alarm volume: a higher alarm sounds no later. */
        s = r;
        s.alarm_ul = between(r.alarm_ul, r.reservoir_ul - 1);
        assert_int_equal(sd_pump_compute(m, &s, &q, NULL), SD_OK);
        assert_true(abs_minute(q.alarm) <= abs_minute(p.alarm));
        assert_int_equal(abs_minute(q.empty), abs_minute(p.empty));
    }
    /* Both branches were exercised. */
    assert_true(ok > 5000);
    assert_true(refused > 100);
    sd_monograph_free(m);
}

/* ==== JSON ==== */

static void test_json(void **state)
{
    sd_monograph *m = load(BACLOFEN);
    sd_pump_request r;
    sd_pump_plan p;
    json_t *j;

    (void)state;
    /* 18 mL of 600 mcg/mL at 360 mcg/day: 30 days, as in the worked
    ** example, and 80 hours left at the alarm. */
    base_request(&r);
    r.ug_per_ml = 600;
    r.dose_ng_day = 360000;
    r.filled_minute = 9 * 60 + 30;
    r.today = day_of("2026-12-20");
    assert_int_equal(sd_pump_compute(m, &r, &p, NULL), SD_OK);
    j = sd_pump_json(m, &r, &p, 1);
    assert_non_null(j);
    assert_string_equal(json_string_value(json_object_get(j, "drug")),
                        "baclofen");
    json_t *alarm = json_object_get(j, "alarm");
    assert_string_equal(json_string_value(json_object_get(alarm, "date")),
                        "2026-12-24");
    assert_string_equal(json_string_value(json_object_get(alarm, "time")),
                        "09:30");
    assert_string_equal(json_string_value(json_object_get(
                            json_object_get(j, "refill_by"), "date")),
                        "2026-12-14");
    assert_int_equal(json_integer_value(json_object_get(j, "hours_left_at_"
                                                           "alarm")), 80);
    json_t *ws = json_object_get(j, "warnings");
    assert_int_equal(json_array_size(ws), 2);
    assert_string_equal(json_string_value(json_object_get(
                            json_array_get(ws, 0), "code")), "refill-past");
    assert_int_equal(json_integer_value(json_object_get(
                         json_object_get(j, "level"), "level")),
                     SD_DISP_CALL_TODAY);
    /* Red flags: the three intrathecal topics, in order; one onset. */
    json_t *rf = json_object_get(j, "red_flags");
    assert_int_equal(json_array_size(rf), 3);
    for(size_t t = 0; t < 3; t++)
        assert_string_equal(json_string_value(json_object_get(
                                json_array_get(rf, t), "topic")),
                            sd_pump_red_flag_topic(t));
    assert_null(sd_pump_red_flag_topic(3));
    assert_int_equal(json_array_size(json_object_get(j, "withdrawal_onset")),
                     1);
    assert_int_equal(json_array_size(json_object_get(j, "pump_statements")),
                     sd_monograph_nstatements(m, "pump"));
    /* Every cited tag is listed in sources, and only those. */
    json_t *srcs = json_object_get(j, "sources");
    char *dump = json_dumps(j, JSON_SORT_KEYS);
    assert_non_null(dump);
    for(size_t i = 0; i < json_array_size(srcs); i++) {
        char quoted[128];
        const char *id = json_string_value(
            json_object_get(json_array_get(srcs, i), "id"));
        snprintf(quoted, sizeof(quoted), "\"%s\"", id);
        /* Cited somewhere besides its own entry. */
        const char *first = strstr(dump, quoted);
        assert_non_null(first);
        assert_non_null(strstr(first + 1, quoted));
    }
    assert_non_null(strstr(dump, "\"GILLETTE-ITB-FOLLOWUP\""));
    assert_non_null(strstr(dump, "\"NATURE-SC\""));
    sd_free(dump);
    json_decref(j);

    /* Allocation failure at every point: NULL, and nothing leaks (the
    ** sanitizer and valgrind builds check the leaks). Once with this plan,
    ** once with four warnings and no fill time, once with another drug. */
    sd_monograph *x = load(FIXTURE);
    for(int round = 0; round < 3; round++) {
        const sd_monograph *mm = round == 2 ? x : m;
        unsigned long n;

        if(round == 1) {
            r.dose_ng_day = 1500000;
            r.alarm_ul = 0;
            r.lead_days = 1;
            r.today = day_of("2027-12-20");
        }
        if(round == 2)
            r.lead_days = 5;
        assert_int_equal(sd_pump_compute(mm, &r, &p, NULL), SD_OK);
        assert_int_equal(p.nwarnings, round == 1 ? 4 : round == 2 ? 3 : 2);
        for(n = 1;; n++) {
            sd_alloc_fail_after(n);
            j = sd_pump_json(mm, &r, &p, round != 1);
            sd_alloc_fail_after(0);
            if(j)
                break;
        }
        assert_true(n > 30);
        json_decref(j);
    }
    sd_monograph_free(x);
    sd_monograph_free(m);
}

/* ==== The pump section of the monograph ==== */

static void test_section(void **state)
{
    sd_monograph *m = load(BACLOFEN);
    const sd_param *first;
    int seen = 0;

    (void)state;
    for(int s = 0; sd_monograph_section_name(s); s++)
        seen |= !strcmp(sd_monograph_section_name(s), "pump");
    assert_true(seen);
    assert_int_equal(sd_monograph_params(m, "pump", "refill lead", &first), 2);
    assert_true(first->min == 3 && first->max == 5);
    const char *topics[] = {"low-reservoir alarm", "replacement alarm (ERI)",
                            "two-tone alarm", "refill lead", "running out"};
    for(size_t t = 0; t < sizeof(topics) / sizeof(topics[0]); t++) {
        int found = 0;
        for(size_t i = 0; i < sd_monograph_nstatements(m, "pump"); i++) {
            const sd_statement *st = sd_monograph_statement(m, "pump", i);
            if(strcmp(st->topic, topics[t]))
                continue;
            found = 1;
            assert_true(st->src.n > 0);
        }
        if(!found)
            fail_msg("pump statement '%s' missing", topics[t]);
    }
    /* The source of the lead times names its origin honestly. */
    size_t k = sd_monograph_source_index(m, "FEATURES-PUMPS");
    assert_true(k != (size_t)-1);
    assert_string_equal(sd_monograph_source(m, k)->url,
                        "shared/anchors/features.md");
    assert_non_null(strstr(sd_monograph_source(m, k)->note, "no URL"));
    sd_monograph_free(m);

    /* An unknown field in the section is refused like anywhere else. */
    static const char bad[] =
        "{\"format\": \"stepdown-monograph/1\", \"id\": \"b\", \"name\": \"b\","
        " \"updated\": \"x\", \"identity\": {\"class\": \"c\", \"source\": \"F\"},"
        " \"formulations\": [], \"symptoms\": [{\"id\": \"x\", \"name\": \"X\","
        " \"roles\": [\"side_effect\"], \"tier\": \"common\", \"source\": \"F\","
        " \"disposition\": {\"level\": \"info\", \"advice\": \"a\","
        " \"source\": \"F\"}}], \"pump\": {\"source\": \"F\", \"bands\": []},"
        " \"sources\": [{\"id\": \"F\", \"title\": \"t\", \"kind\": \"k\","
        " \"url\": \"u\"}]}";
    sd_error err;
    m = NULL;
    assert_int_equal(sd_monograph_load_buffer(bad, strlen(bad), "bad", &m,
                                              &err), SD_ERR_INVALID);
    assert_null(m);
    assert_string_equal(err.path, "$.pump.bands");
    assert_non_null(strstr(err.text, "unknown field 'bands'"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_worked_example),
        cmocka_unit_test(test_rounding_down),
        cmocka_unit_test(test_warnings),
        cmocka_unit_test(test_other_monographs),
        cmocka_unit_test(test_refused),
        cmocka_unit_test(test_properties),
        cmocka_unit_test(test_json),
        cmocka_unit_test(test_section),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
