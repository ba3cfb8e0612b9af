/*
** test_diary_export.c: the diary's exports (diary_export.h): the JSON
** export read back byte for byte, its strict reader's refusals, the FHIR
** Bundle's structure, adherence on a worked example, and the report in its
** four formats (escaping, quoting, the notice); allocation failures; a
** property test over random diaries.
**
** SD_DIARY_ITER=N runs N random diaries instead of 500 (valgrind).
** SD_DIARY_FHIR_JSONL=path writes every Bundle, one per line, for
** tests/js/fhir-bundle-validate.mjs (`make fhir-test`).
** SD_DIARY_JSON_DIR=dir writes a few diary exports there (diary-N.json),
** for the JSON Schema check.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "stepdown/date.h"
#include "stepdown/diary_export.h"
#include "stepdown/taper_json.h"
#include "stepdown/triage.h"
#include "stepdown/wscore.h"

#define DUMP (JSON_COMPACT | JSON_REAL_PRECISION(15))

static sd_monograph *mono;
static FILE *jsonl;              /* SD_DIARY_FHIR_JSONL, or NULL */
static const char *json_dir;     /* SD_DIARY_JSON_DIR, or NULL */
static int json_written;
static char *plan_text[2];       /* plan.json and plan-adjusted.json */
static sd_plan_brief plan_steps[2][SD_TAPER_MAX_STEPS];
static size_t plan_nsteps[2];

/* 2026-11-24T08:00:00+01:00 is 07:00 UTC. */
#define T0 ((int64_t)1795503600)
#define HOUR 3600
#define DAY 86400

static long day_of(int y, int m, int d)
{
    return sd_days_from_civil(y, (unsigned)m, (unsigned)d);
}

/* ==== Setup ==== */

static char *read_all(const char *path)
{
    FILE *f = fopen(path, "rb");
    char *buf;
    long n;
    assert_non_null(f);
    assert_int_equal(fseek(f, 0, SEEK_END), 0);
    n = ftell(f);
    assert_true(n > 0);
    rewind(f);
    buf = malloc((size_t)n + 1);
    assert_non_null(buf);
    assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

static int setup(void **state)
{
    static const char *const plans[2] = {"plan.json", "plan-adjusted.json"};
    static sd_taper_plan p;
    sd_taper_spec spec;
    sd_error err;
    char path[512];

    (void)state;
    if(sd_monograph_find(SD_DATADIR, SD_DEFAULT_DRUG, &mono, &err)) {
        fprintf(stderr, "monograph: %s\n", err.text);
        return 1;
    }
    for(int i = 0; i < 2; i++) {
        snprintf(path, sizeof(path), "%s/../fuzz/plan/corpus/%s",
                 SD_TESTDATA, plans[i]);
        plan_text[i] = read_all(path);
        if(sd_taper_plan_from_json(plan_text[i], strlen(plan_text[i]), &spec,
                                   &p, &err)) {
            fprintf(stderr, "%s: %s: %s\n", path, err.path, err.text);
            return 1;
        }
        plan_nsteps[i] = sd_plan_brief_fill(&p, plan_steps[i],
                                            SD_TAPER_MAX_STEPS);
    }
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    sd_monograph_free(mono);
    free(plan_text[0]);
    free(plan_text[1]);
    return 0;
}

/* ==== Building diaries ==== */

static void add_rx(sd_diary *d, int64_t id, long start, long end,
                   int64_t ug, int nadmin)
{
    static const int minutes[3] = {8 * 60, 14 * 60, 22 * 60};
    char key[32];
    sd_rx rx;
    memset(&rx, 0, sizeof(rx));
    snprintf(key, sizeof(key), "rx-%lld", (long long)id);
    rx.id = id;
    rx.key = key;
    rx.drug = sd_monograph_id(mono);
    rx.formulation = "tablet";
    rx.route = "oral";
    rx.unit_ug = 10000;
    rx.pieces = 2;
    rx.nadmin = nadmin;
    for(int i = 0; i < nadmin; i++) {
        rx.dose_ug[i] = ug;
        rx.minute[i] = minutes[i];
    }
    rx.start_day = start;
    rx.end_day = end;
    rx.since_day = start - 400;
    rx.prescriber = "Dr \"Quote\", <b>";
    rx.entered = (int64_t)start * DAY;
    assert_int_equal(sd_diary_add_rx(d, &rx), SD_OK);
}

static void add_plan(sd_diary *d, int64_t id, int version, int which)
{
    char key[32];
    sd_plan_version pv;
    memset(&pv, 0, sizeof(pv));
    snprintf(key, sizeof(key), "plan-%d", version);
    pv.id = id;
    pv.key = key;
    pv.version = version;
    pv.entered = T0 - DAY;
    pv.json = plan_text[which];
    pv.steps = plan_steps[which];
    pv.nsteps = plan_nsteps[which];
    assert_int_equal(sd_diary_add_plan(d, &pv), SD_OK);
}

static void add_dose(sd_diary *d, int64_t id, int64_t at, int sub,
                     int64_t ug)
{
    char key[32];
    sd_entry e;
    sd_entry_init(&e, SD_ENTRY_DOSE);
    snprintf(key, sizeof(key), "dose-%lld", (long long)id);
    e.id = id;
    e.key = key;
    e.sub = sub;
    e.at = at;
    e.tz_min = 60;
    e.entered = at;
    e.amount_ug = ug;
    assert_int_equal(sd_diary_add_entry(d, &e), SD_OK);
}

static const char *const odd[] = {
    "shaky, \"jittery\" and <script>alert(1)</script> & more",
    "=HYPERLINK(\"http://evil.example\",\"x\")",
    "+1 dizzy\nsecond line, with a comma",
    "-2 \xc3\xa9tourdi, na\xc3\xafve \xe2\x80\x94 \xe6\x97\xa5\xe6\x9c\xac "
    "\xf0\x9f\x98\xb5",
    "@SUM(A1) 'quoted' \\ backslash\ttab",
    "a very long line of words that goes on and on well beyond the width of "
    "seventy-nine columns so that the text report has to wrap it onto more "
    "than one line without breaking any word in the middle, "
    "antidisestablishmentarianismantidisestablishmentarianismantidisestab"
    "lishmentarianismantidisestablishmentarianism",
};
#define NODD (sizeof(odd) / sizeof(odd[0]))

/* The worked diary: a prescription of 3 x 20 mg from 2026-11-01 and 3 x
** 10 mg from 2026-11-24, plan version 1, every kind of entry, three
** alerts (one acknowledged). */
static void sample_diary(sd_diary *d)
{
    sd_entry e;
    sd_alert a;

    sd_diary_init(d);
    d->patient.id = 7;
    snprintf(d->patient.pseudonym, sizeof(d->patient.pseudonym), "p-0007");
    d->patient.birth_year = 1950;
    add_rx(d, 1, day_of(2026, 11, 1), day_of(2026, 11, 23), 20000, 3);
    add_rx(d, 2, day_of(2026, 11, 24), -1, 10000, 3);
    add_plan(d, 1, 1, 0);

    add_dose(d, 1, T0, SD_DOSE_TAKEN, 15000);
    add_dose(d, 2, T0 + 6 * HOUR, SD_DOSE_SKIPPED, 0);
    add_dose(d, 3, T0 + 14 * HOUR, SD_DOSE_EXTRA, 5000);
    add_dose(d, 4, T0 + 15 * HOUR, SD_DOSE_PRN, 10000);
    d->e[3].entered = T0 + 30 * HOUR;   /* after the fact */

    sd_entry_init(&e, SD_ENTRY_SYMPTOM);
    e.id = 5;
    e.key = "sym-5";
    e.at = T0 + 16 * HOUR;
    e.tz_min = 60;
    e.entered = e.at;
    e.text = odd[0];
    e.severity = 3;
    e.disposition = SD_DISP_CALL_TODAY;
    e.explanations = SD_EXPL_WITHDRAWAL | SD_EXPL_SIDE_EFFECT;
    e.concepts = "tremor,anxiety";
    e.rules = "withdrawal-window";
    e.sources = "US-TAB,SEED";
    assert_int_equal(sd_diary_add_entry(d, &e), SD_OK);

    e.id = 6;
    e.key = "sym-6";
    e.at += HOUR;
    e.text = odd[2];
    e.severity = -1;
    e.disposition = SD_DISP_CALL_NOW;
    e.explanations = 0;
    e.concepts = NULL;
    e.rules = NULL;
    e.sources = NULL;
    assert_int_equal(sd_diary_add_entry(d, &e), SD_OK);

    sd_entry_init(&e, SD_ENTRY_SCORE);
    e.id = 7;
    e.key = "score-7";
    e.at = T0 + DAY;
    e.tz_min = 60;
    e.entered = e.at;
    e.items[sd_wscore_find("tremor")] = 3;
    e.items[sd_wscore_find("sweats")] = 2;
    e.items[sd_wscore_find("anxiety")] = 4;
    e.score_total = sd_wscore_total(e.items);
    assert_int_equal(sd_diary_add_entry(d, &e), SD_OK);

    sd_entry_init(&e, SD_ENTRY_SUBSTANCE);
    e.id = 8;
    e.key = "alc-8";
    e.at = T0 + DAY + HOUR;
    e.tz_min = 60;
    e.entered = e.at;
    e.sub = SD_SUBST_ALCOHOL;
    e.value = 2.5;
    assert_int_equal(sd_diary_add_entry(d, &e), SD_OK);
    e.id = 9;
    e.key = "sed-9";
    e.at += HOUR;
    e.sub = SD_SUBST_SEDATIVE;
    e.value = 0;
    e.text = odd[1];
    assert_int_equal(sd_diary_add_entry(d, &e), SD_OK);

    sd_entry_init(&e, SD_ENTRY_SUPPLY);
    e.id = 10;
    e.key = "supply-10";
    e.at = T0 + 2 * DAY;
    e.tz_min = 60;
    e.entered = e.at;
    e.amount_ug = 900000;
    e.value = 90;
    assert_int_equal(sd_diary_add_entry(d, &e), SD_OK);

    sd_entry_init(&e, SD_ENTRY_EGFR);
    e.id = 11;
    e.key = "egfr-11";
    e.at = T0 + 2 * DAY + HOUR;
    e.tz_min = 60;
    e.entered = e.at;
    e.value = 45.5;
    assert_int_equal(sd_diary_add_entry(d, &e), SD_OK);

    memset(&a, 0, sizeof(a));
    a.id = 1;
    a.patient_id = 7;
    a.rule = "extra-doses";
    a.key = "2026-11-24";
    a.disposition = SD_DISP_CONTACT_SOON;
    a.at = T0 + 14 * HOUR;
    a.entry_id = 3;
    a.text = odd[4];
    a.advice = "tell your prescriber, \"soon\"";
    a.sources = "US-TAB";
    a.created = a.at + 60;
    a.acked_at = a.at + DAY;
    a.acked_by = "dr-a";
    a.ack_note = odd[3];
    assert_int_equal(sd_diary_add_alert(d, &a), SD_OK);
    memset(&a, 0, sizeof(a));
    a.id = 2;
    a.patient_id = 7;
    a.rule = "withdrawal-signs";
    a.key = "sym-6";
    a.disposition = SD_DISP_CALL_NOW;
    a.at = T0 + 17 * HOUR;
    a.entry_id = 6;
    a.text = "call-now symptoms after a missed dose";
    a.advice = odd[3];
    a.sources = NULL;
    a.created = a.at;
    assert_int_equal(sd_diary_add_alert(d, &a), SD_OK);
    a.id = 3;
    a.rule = "early-refill";
    a.key = "supply-10";
    a.disposition = SD_DISP_INFO;
    a.at = T0 + 2 * DAY;
    a.entry_id = 10;       /* a supply entry: not in the Bundle */
    a.text = "a refill while 40 days should remain";
    a.advice = odd[5];
    a.created = a.at;
    assert_int_equal(sd_diary_add_alert(d, &a), SD_OK);
}

/* ==== JSON ==== */

static char *dump(const sd_diary *d, size_t flags)
{
    json_t *j = sd_diary_to_json(d);
    assert_non_null(j);
    char *s = json_dumps(j, flags);
    json_decref(j);
    assert_non_null(s);
    return s;
}

static void write_json_file(const char *text)
{
    char path[512];
    FILE *f;
    if(!json_dir || json_written >= 20)
        return;
    snprintf(path, sizeof(path), "%s/diary-%d.json", json_dir,
             json_written++);
    f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    assert_int_equal(fclose(f), 0);
}

/* to_json(from_json(to_json(d))) is to_json(d), byte for byte, in three
** layouts. */
static void check_round_trip(const sd_diary *d)
{
    static const size_t layouts[3] = {
        DUMP, JSON_INDENT(2) | JSON_REAL_PRECISION(15),
        JSON_COMPACT | JSON_SORT_KEYS};
    for(int k = 0; k < 3; k++) {
        char *a = dump(d, layouts[k]);
        sd_diary back;
        sd_error err;
        sd_diary_init(&back);
        int rc = sd_diary_from_json(a, strlen(a), &back, &err);
        if(rc)
            fprintf(stderr, "read back: %s: %s\n", err.path, err.text);
        assert_int_equal(rc, SD_OK);
        char *b = dump(&back, layouts[k]);
        if(strcmp(a, b))
            fprintf(stderr, "first:  %.2000s\nsecond: %.2000s\n", a, b);
        assert_string_equal(a, b);
        assert_int_equal(back.n, d->n);
        assert_int_equal(back.nalerts, d->nalerts);
        if(!k)
            write_json_file(a);
        sd_diary_release(&back);
        free(a);
        free(b);
    }
}

static void test_json_round_trip(void **state)
{
    sd_diary d;
    (void)state;
    sample_diary(&d);
    check_round_trip(&d);

    json_t *j = sd_diary_to_json(&d);
    assert_non_null(j);
    assert_string_equal(json_string_value(json_object_get(j, "format")),
                        "stepdown-diary/1");
    json_t *e0 = json_array_get(json_object_get(j, "entries"), 0);
    assert_string_equal(json_string_value(json_object_get(e0, "at")),
                        "2026-11-24T08:00:00+01:00");
    assert_string_equal(json_string_value(json_object_get(e0, "kind")),
                        "dose");
    assert_string_equal(json_string_value(json_object_get(e0, "sub")),
                        "taken");
    assert_int_equal(json_integer_value(json_object_get(e0, "amount_ug")),
                     15000);
    json_t *score = json_array_get(json_object_get(j, "entries"), 6);
    json_t *items = json_object_get(score, "items");
    assert_int_equal(json_object_size(items), 3);
    assert_int_equal(json_integer_value(json_object_get(items, "anxiety")),
                     4);
    assert_int_equal(json_integer_value(json_object_get(score, "total")), 9);
    json_t *plan = json_array_get(json_object_get(j, "plans"), 0);
    assert_true(json_is_object(json_object_get(plan, "plan")));
    assert_int_equal(json_array_size(json_object_get(plan, "steps")),
                     plan_nsteps[0]);
    json_t *al = json_array_get(json_object_get(j, "alerts"), 0);
    assert_int_equal(json_integer_value(json_object_get(al, "entry_id")), 3);
    assert_string_equal(json_string_value(json_object_get(
                            json_object_get(al, "acknowledged"), "by")),
                        "dr-a");
    json_decref(j);

    /* An empty diary too. */
    sd_diary_release(&d);
    sd_diary_init(&d);
    snprintf(d.patient.pseudonym, sizeof(d.patient.pseudonym), "p-empty");
    check_round_trip(&d);
    sd_diary_release(&d);
}

/* Offsets: both signs, minutes, and UTC. */
static void test_json_times(void **state)
{
    static const int tz[] = {0, 60, -300, 330, 345, -570, 840, -840};
    sd_diary d;
    (void)state;
    sd_diary_init(&d);
    snprintf(d.patient.pseudonym, sizeof(d.patient.pseudonym), "p-tz");
    for(size_t i = 0; i < sizeof(tz) / sizeof(tz[0]); i++) {
        add_dose(&d, (int64_t)i + 1, T0 + (int64_t)i * 7919, SD_DOSE_TAKEN,
                 10000);
        d.e[i].tz_min = tz[i];
        d.e[i].entered = d.e[i].at + 59;
    }
    json_t *j = sd_diary_to_json(&d);
    json_t *es = json_object_get(j, "entries");
    assert_string_equal(json_string_value(json_object_get(
                            json_array_get(es, 0), "at")),
                        "2026-11-24T07:00:00Z");
    assert_string_equal(json_string_value(json_object_get(
                            json_array_get(es, 2), "at")),
                        "2026-11-24T06:23:58-05:00");
    assert_string_equal(json_string_value(json_object_get(
                            json_array_get(es, 4), "at")),
                        "2026-11-24T21:32:56+05:45");
    assert_string_equal(json_string_value(json_object_get(
                            json_array_get(es, 7), "at")),
                        "2026-11-24T08:23:53-14:00");
    json_decref(j);
    check_round_trip(&d);
    sd_diary_release(&d);
}

/* ---- refusals ---- */

/* Set (or with v NULL, delete) the member at a path like
** "entries/3/amount_ug" of root. */
static void mutate(json_t *root, const char *where, json_t *v)
{
    char buf[256], *save = NULL, *tok, *next;
    json_t *node = root;
    snprintf(buf, sizeof(buf), "%s", where);
    tok = buf;
    for(;;) {
        next = strchr(tok, '/');
        if(next)
            *next++ = '\0';
        if(!next)
            break;
        node = json_is_array(node) ? json_array_get(node, strtoul(tok, NULL,
                                                                  10))
                                   : json_object_get(node, tok);
        assert_non_null(node);
        tok = next;
    }
    (void)save;
    if(json_is_array(node)) {
        size_t i = strtoul(tok, NULL, 10);
        if(v)
            assert_int_equal(json_array_set_new(node, i, v), 0);
        else
            assert_int_equal(json_array_remove(node, i), 0);
    } else if(v) {
        assert_int_equal(json_object_set_new(node, tok, v), 0);
    } else {
        assert_int_equal(json_object_del(node, tok), 0);
    }
}

struct bad_case {
    const char *where;       /* what to change */
    const char *value;       /* its new JSON value; NULL deletes it */
    const char *path;        /* the err->path expected */
};

static void test_json_refusals(void **state)
{
    /* Entries of the sample: 0-3 doses, 4-5 symptoms, 6 score, 7 alcohol,
    ** 8 sedative, 9 supply, 10 egfr. */
    static const struct bad_case cases[] = {
        {"format", "\"stepdown-diary/2\"", "$.format"},
        {"extra", "1", "$.extra"},
        {"patient/pseudonym", "\"Jane Doe\"", "$.patient.pseudonym"},
        {"patient/pseudonym", "\"\"", "$.patient.pseudonym"},
        {"patient/birth_year", "1850", "$.patient.birth_year"},
        {"patient/birth_year", "\"1950\"", "$.patient.birth_year"},
        {"patient/name", "\"x\"", "$.patient.name"},
        {"prescriptions", "{}", "$.prescriptions"},
        {"prescriptions/0/pieces", "3", "$.prescriptions[0].pieces"},
        {"prescriptions/0/ug_per_ml", "1000", "$.prescriptions[0].unit_ug"},
        {"prescriptions/0/doses/1/time", "\"07:00\"",
         "$.prescriptions[0].doses[1].time"},
        {"prescriptions/0/doses/0/amount_ug", "0",
         "$.prescriptions[0].doses[0].amount_ug"},
        {"prescriptions/0/doses", "[]", "$.prescriptions[0].doses"},
        {"prescriptions/0/end", "\"2026-10-01\"", "$.prescriptions[0].end"},
        {"prescriptions/0/start", "\"2026-02-30\"",
         "$.prescriptions[0].start"},
        {"prescriptions/1/start", "\"2026-10-01\"", "$.prescriptions[1]"},
        {"prescriptions/0/entered", "\"2026-11-24 08:00\"",
         "$.prescriptions[0].entered"},
        {"plans/0/version", "0", "$.plans[0].version"},
        {"plans/0/plan", "[]", "$.plans[0].plan"},
        {"plans/0/plan/format", "\"other\"", "$.plans[0].plan"},
        {"plans/0/plan/steps/0/doses/0/ug", "1", "$.plans[0].plan"},
        {"plans/0/steps/1/total_ug", "49000", "$.plans[0].steps[1]"},
        {"plans/0/steps/0/step_back", "0", "$.plans[0].steps[0].step_back"},
        {"plans/0/steps/0/last", "\"2026-11-01\"", "$.plans[0].steps[0].last"},
        {"entries/0/kind", "\"injection\"", "$.entries[0].kind"},
        {"entries/0/sub", "\"half\"", "$.entries[0].sub"},
        {"entries/3/amount_ug", "0", "$.entries[3].amount_ug"},
        {"entries/3/amount_ug", "12.5", "$.entries[3].amount_ug"},
        {"entries/3/amount_ug", "5000001", "$.entries[3].amount_ug"},
        {"entries/1/amount_ug", "-1", "$.entries[1].amount_ug"},
        {"entries/0/text", "\"x\"", "$.entries[0].text"},
        {"entries/0/key", "\"\"", "$.entries[0].key"},
        {"entries/0/id", "-3", "$.entries[0].id"},
        {"entries/1/id", "1", "$.entries"},
        {"entries/0/at", "\"2026-11-24T08:00:00+15:00\"", "$.entries[0].at"},
        {"entries/0/at", "\"2026-11-24T08:00:00\"", "$.entries[0].at"},
        {"entries/0/at", "\"2026-11-24T24:00:00Z\"", "$.entries[0].at"},
        {"entries/1/at", "\"2026-11-23T08:00:00+01:00\"", "$.entries[1].at"},
        {"entries/0/entered", NULL, "$.entries[0].entered"},
        {"entries/4/severity", "5", "$.entries[4].severity"},
        {"entries/4/disposition", "\"urgent\"", "$.entries[4].disposition"},
        {"entries/4/explanations", "[\"withdrawal\",\"withdrawal\"]",
         "$.entries[4].explanations[1]"},
        {"entries/4/explanations/0", "\"boredom\"",
         "$.entries[4].explanations[0]"},
        {"entries/4/concepts/1", "\"a,b\"", "$.entries[4].concepts[1]"},
        {"entries/4/concepts/0", "\"\"", "$.entries[4].concepts[0]"},
        {"entries/4/text", "\"bell\\u0007\"", "$.entries[4].text"},
        {"entries/4/text", "\"\"", "$.entries[4].text"},
        {"entries/6/items/tremor", "8", "$.entries[6].items.tremor"},
        {"entries/6/items/shivers", "1", "$.entries[6].items.shivers"},
        {"entries/6/items", "{}", "$.entries[6].items"},
        {"entries/6/total", "10", "$.entries[6].total"},
        {"entries/7/drinks", "0", "$.entries[7].drinks"},
        {"entries/7/drinks", "\"2\"", "$.entries[7].drinks"},
        {"entries/7/what", "\"beer\"", "$.entries[7].what"},
        {"entries/8/sub", "\"opioid\"", "$.entries[8].sub"},
        {"entries/9/units", "0", "$.entries[9].units"},
        {"entries/10/egfr", "250", "$.entries[10].egfr"},
        {"entries/10/egfr", "null", "$.entries[10].egfr"},
        {"alerts/0/disposition", "\"panic\"", "$.alerts[0].disposition"},
        {"alerts/0/entry_id", "99", "$.alerts[0].entry_id"},
        {"alerts/0/entry_id", "0", "$.alerts[0].entry_id"},
        {"alerts/0/acknowledged/by", "3", "$.alerts[0].acknowledged.by"},
        {"alerts/0/acknowledged/when", "\"x\"",
         "$.alerts[0].acknowledged.when"},
        {"alerts/1/at", "\"2026-11-20T00:00:00Z\"", "$.alerts[1].at"},
        {"alerts/0/rule", NULL, "$.alerts[0].rule"},
        {"alerts/0/id", "2", "$.alerts"},
    };
    sd_diary d;
    (void)state;
    sample_diary(&d);
    json_t *base = sd_diary_to_json(&d);
    assert_non_null(base);
    sd_diary_release(&d);

    for(size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        const struct bad_case *c = &cases[i];
        json_t *j = json_deep_copy(base);
        json_error_t je;
        json_t *v = NULL;
        sd_error err;
        if(c->value) {
            v = json_loads(c->value, JSON_DECODE_ANY, &je);
            assert_non_null(v);
        }
        mutate(j, c->where, v);
        char *text = json_dumps(j, DUMP);
        json_decref(j);
        sd_diary_init(&d);
        int rc = sd_diary_from_json(text, strlen(text), &d, &err);
        if(rc != SD_ERR_USAGE || strcmp(err.path, c->path))
            fprintf(stderr, "case %zu (%s = %s): rc %d, path \"%s\": %s\n",
                    i, c->where, c->value ? c->value : "(deleted)", rc,
                    err.path, err.text);
        assert_int_equal(rc, SD_ERR_USAGE);
        assert_string_equal(err.path, c->path);
        /* Lowercase, no final period, says what to do. */
        assert_true(err.text[0] >= 'a' && err.text[0] <= 'z');
        assert_true(err.text[strlen(err.text) - 1] != '.');
        sd_diary_release(&d);
        free(text);
    }
    json_decref(base);
}

static void test_json_malformed(void **state)
{
    static const char *const bad[] = {
        "", "{", "[1,2", "{\"format\": }", "{\"a\":1,\"a\":2}", "nul",
        "{\"format\":\"stepdown-diary/1\"} x", "\"\\u0000\"",
    };
    (void)state;
    for(size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        sd_diary d;
        sd_error err;
        sd_diary_init(&d);
        assert_int_equal(sd_diary_from_json(bad[i], strlen(bad[i]), &d, &err),
                         SD_ERR_PARSE);
        assert_true(err.text[0] != '\0');
        sd_diary_release(&d);
    }
    /* Well-formed but not a diary. */
    static const char *const wrong[] = {"[]", "{}",
                                        "{\"format\":\"stepdown-plan\"}"};
    for(size_t i = 0; i < sizeof(wrong) / sizeof(wrong[0]); i++) {
        sd_diary d;
        sd_error err;
        sd_diary_init(&d);
        assert_int_equal(sd_diary_from_json(wrong[i], strlen(wrong[i]), &d,
                                            &err),
                         SD_ERR_USAGE);
        sd_diary_release(&d);
    }
}

/* The fuzz harness's regression inputs (tests/fuzz/diary/regression):
** aliases.json is read ("prn", "+00:00", "-00:00") and written in the
** canonical form; every other one is refused with a path or as malformed. */
static void test_json_regressions(void **state)
{
    static const char *const names[] = {
        "aliases.json", "bad-offset.json", "big-int.json",
        "dangling-entry.json", "deep.json", "duplicate-id.json",
        "duplicate-key.json", "latin1.json", "leap.json",
        "lone-surrogate.json", "nul.json", "out-of-order.json",
        "plan-mismatch.json", "plan-tampered.json", "real-severity.json",
        "score-range.json", "truncated.json", "year-3000.json"};
    char path[512];
    (void)state;
    for(size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        sd_diary d;
        sd_error err;
        snprintf(path, sizeof(path), "%s/../fuzz/diary/regression/%s",
                 SD_TESTDATA, names[i]);
        char *text = read_all(path);
        sd_diary_init(&d);
        int rc = sd_diary_from_json(text, strlen(text), &d, &err);
        if(!i) {
            assert_int_equal(rc, SD_OK);
            char *out = dump(&d, DUMP);
            assert_non_null(strstr(out, "\"sub\":\"as-needed\""));
            assert_null(strstr(out, "\"prn\""));
            assert_null(strstr(out, "+00:00"));
            free(out);
            check_round_trip(&d);
        } else {
            if(rc == SD_OK)
                fprintf(stderr, "%s: accepted\n", names[i]);
            assert_true(rc == SD_ERR_PARSE || rc == SD_ERR_USAGE);
            assert_true(err.text[0] != '\0');
            if(rc == SD_ERR_USAGE)
                assert_int_equal(err.path[0], '$');
        }
        sd_diary_release(&d);
        free(text);
    }
}

/* ==== FHIR ==== */

struct fhir_counts {
    int patient, statement, observation, issue, other;
    int taken, not_taken;
};

/* Every string under v that looks like a time with hours has an offset. */
static void check_times(json_t *v, const char *key)
{
    if(json_is_object(v)) {
        const char *k;
        json_t *x;
        json_object_foreach(v, k, x)
            check_times(x, k);
    } else if(json_is_array(v)) {
        size_t i;
        json_t *x;
        json_array_foreach(v, i, x)
            check_times(x, key);
    } else if(json_is_string(v) && key &&
              (strstr(key, "DateTime") || !strcmp(key, "dateAsserted") ||
               !strcmp(key, "issued") || !strcmp(key, "timestamp") ||
               !strcmp(key, "date") || !strcmp(key, "start") ||
               !strcmp(key, "end"))) {
        const char *s = json_string_value(v);
        size_t n = strlen(s);
        if(strchr(s, 'T')) {
            assert_true(n == 20 || n == 25);
            assert_true(s[n - 1] == 'Z' || s[n - 6] == '+' ||
                        s[n - 6] == '-');
        } else {
            assert_true(n == 10);   /* a date */
        }
    }
}

/* Every "reference" under v names a fullUrl of the Bundle. */
static void check_refs(json_t *v, json_t *bundle_entries)
{
    if(json_is_object(v)) {
        const char *k;
        json_t *x;
        json_object_foreach(v, k, x) {
            if(!strcmp(k, "reference")) {
                const char *ref = json_string_value(x);
                size_t i;
                json_t *e;
                int found = 0;
                assert_non_null(ref);
                assert_memory_equal(ref, "urn:uuid:", 9);
                json_array_foreach(bundle_entries, i, e)
                    found += !strcmp(ref, json_string_value(json_object_get(
                                              e, "fullUrl")));
                assert_int_equal(found, 1);
            } else {
                check_refs(x, bundle_entries);
            }
        }
    } else if(json_is_array(v)) {
        size_t i;
        json_t *x;
        json_array_foreach(v, i, x)
            check_refs(x, bundle_entries);
    }
}

/* Check b's shape and count its resources. */
static void check_bundle(json_t *b, struct fhir_counts *n)
{
    json_t *entries = json_object_get(b, "entry"), *e;
    size_t i;

    memset(n, 0, sizeof(*n));
    assert_string_equal(json_string_value(json_object_get(b,
                                                          "resourceType")),
                        "Bundle");
    assert_string_equal(json_string_value(json_object_get(b, "type")),
                        "collection");
    check_times(b, NULL);
    check_refs(b, entries);
    json_array_foreach(entries, i, e) {
        json_t *r = json_object_get(e, "resource");
        const char *type = json_string_value(json_object_get(r,
                                                             "resourceType"));
        const char *id = json_string_value(json_object_get(r, "id"));
        const char *url = json_string_value(json_object_get(e, "fullUrl"));
        char want[64];
        assert_non_null(type);
        assert_non_null(id);
        assert_int_equal(strlen(id), 36);
        assert_int_equal(id[14], '8');
        snprintf(want, sizeof(want), "urn:uuid:%s", id);
        assert_string_equal(url, want);
        for(size_t k = 0; k < i; k++)
            assert_string_not_equal(url, json_string_value(json_object_get(
                                             json_array_get(entries, k),
                                             "fullUrl")));
        if(!strcmp(type, "Patient")) {
            n->patient++;
        } else if(!strcmp(type, "MedicationStatement")) {
            const char *st = json_string_value(json_object_get(r, "status"));
            n->statement++;
            n->taken += !strcmp(st, "completed") &&
                        json_object_get(r, "effectiveDateTime");
            n->not_taken += !strcmp(st, "not-taken");
            assert_non_null(json_object_get(r,
                                            "medicationCodeableConcept"));
        } else if(!strcmp(type, "Observation")) {
            n->observation++;
            assert_string_equal(json_string_value(json_object_get(r,
                                                                  "status")),
                                "final");
        } else if(!strcmp(type, "DetectedIssue")) {
            n->issue++;
        } else {
            n->other++;
        }
    }
}

static void write_bundle(json_t *b)
{
    if(!jsonl)
        return;
    char *s = json_dumps(b, DUMP);
    assert_non_null(s);
    fprintf(jsonl, "%s\n", s);
    free(s);
}

/* Find the resource of entry i of the Bundle. */
static json_t *resource(json_t *b, size_t i)
{
    return json_object_get(json_array_get(json_object_get(b, "entry"), i),
                           "resource");
}

static void test_fhir(void **state)
{
    sd_diary d;
    struct fhir_counts n;
    (void)state;
    sample_diary(&d);
    json_t *b = sd_diary_fhir(mono, &d, T0 + 3 * DAY);
    assert_non_null(b);
    write_bundle(b);
    check_bundle(b, &n);
    assert_int_equal(n.patient, 1);
    assert_int_equal(n.statement, 2 + 4);     /* prescriptions, doses */
    assert_int_equal(n.observation, 2 + 1 + 2 + 1);
    assert_int_equal(n.issue, 3);
    assert_int_equal(n.other, 0);
    assert_int_equal(n.taken, 3);
    assert_int_equal(n.not_taken, 1);
    assert_string_equal(json_string_value(json_object_get(b, "timestamp")),
                        "2026-11-27T07:00:00Z");

    /* The same diary gives the same ids. */
    json_t *again = sd_diary_fhir(mono, &d, T0 + 3 * DAY);
    assert_true(json_equal(b, again));
    json_decref(again);

    json_t *pt = resource(b, 0);
    assert_string_equal(json_string_value(json_object_get(pt, "birthDate")),
                        "1950");
    assert_string_equal(json_string_value(json_object_get(
                            json_array_get(json_object_get(pt, "identifier"),
                                           0), "value")),
                        "p-0007");
    /* The first prescription ended before now; the second is active. */
    assert_string_equal(json_string_value(json_object_get(resource(b, 1),
                                                          "status")),
                        "completed");
    json_t *rx = resource(b, 2);
    assert_string_equal(json_string_value(json_object_get(rx, "status")),
                        "active");
    json_t *coding = json_array_get(json_object_get(json_object_get(
                         rx, "medicationCodeableConcept"), "coding"), 0);
    assert_string_equal(json_string_value(json_object_get(coding, "code")),
                        sd_monograph_code(mono, "rxnorm", NULL));
    json_t *dosage = json_array_get(json_object_get(rx, "dosage"), 0);
    assert_int_equal(json_integer_value(json_object_get(json_object_get(
                         json_object_get(dosage, "timing"), "repeat"),
                         "frequency")), 3);
    /* The first dose: 15 mg at 08:00 local. */
    json_t *dose = resource(b, 3);
    assert_string_equal(json_string_value(json_object_get(
                            dose, "effectiveDateTime")),
                        "2026-11-24T08:00:00+01:00");
    json_t *q = json_object_get(json_array_get(json_object_get(
                    json_array_get(json_object_get(dose, "dosage"), 0),
                    "doseAndRate"), 0), "doseQuantity");
    assert_int_equal(json_integer_value(json_object_get(q, "value")), 15);
    assert_string_equal(json_string_value(json_object_get(q, "system")),
                        "http://unitsofmeasure.org");
    /* Extra, as needed and after the fact carry notes. */
    assert_non_null(json_object_get(resource(b, 5), "note"));
    assert_int_equal(json_array_size(json_object_get(resource(b, 6),
                                                     "note")), 2);
    /* The symptom: words, severity and concepts as components. */
    json_t *sym = resource(b, 7);
    assert_string_equal(json_string_value(json_object_get(sym,
                                                          "valueString")),
                        odd[0]);
    assert_int_equal(json_array_size(json_object_get(sym, "component")), 3);
    /* eGFR in UCUM. */
    json_t *egfr = resource(b, 12);
    assert_string_equal(json_string_value(json_object_get(json_object_get(
                            egfr, "valueQuantity"), "code")),
                        "mL/min/{1.73_m2}");
    /* Alerts: severity from the level; the acknowledgement; the entry. */
    json_t *al = resource(b, 13);
    assert_string_equal(json_string_value(json_object_get(al, "severity")),
                        "moderate");
    assert_non_null(json_object_get(al, "mitigation"));
    assert_string_equal(json_string_value(json_object_get(
                            json_array_get(json_object_get(al, "implicated"),
                                           0), "reference")),
                        json_string_value(json_object_get(
                            json_array_get(json_object_get(b, "entry"), 5),
                            "fullUrl")));
    assert_string_equal(json_string_value(json_object_get(resource(b, 14),
                                                          "severity")),
                        "high");
    assert_string_equal(json_string_value(json_object_get(resource(b, 15),
                                                          "severity")),
                        "low");
    assert_null(json_object_get(resource(b, 15), "implicated"));
    json_decref(b);

    /* Without a monograph: text only, no code. */
    b = sd_diary_fhir(NULL, &d, T0);
    assert_non_null(b);
    check_bundle(b, &n);
    assert_null(json_object_get(json_object_get(resource(b, 2),
                                                "medicationCodeableConcept"),
                                "coding"));
    json_decref(b);
    sd_diary_release(&d);
}

/* ==== Adherence ==== */

/* 3 x 10 mg a day from 2026-11-24 (tz +01:00):
**   day 1: 3 taken                      expected 3, missing 0
**   day 2: 2 taken, 1 skipped           expected 3, missing 0
**   day 3: 1 taken, 1 extra (5 mg)      expected 3, missing 2
**   day 4: nothing                      expected 3, missing 3
**   day 5: 3 taken and 1 as needed      expected 3, missing 0
** expected 15, taken 10 (100 mg), skipped 1, missing 5, extra 1, 66.7 %.
** A dose at 23:30 local on day 5 is 22:30 UTC: it counts on day 5; one
** at 00:30 local on day 6 (23:30 UTC on day 5) is outside. */
static void adherence_diary(sd_diary *d)
{
    int64_t day0 = (int64_t)day_of(2026, 11, 24) * DAY - HOUR;  /* 00:00 */
    static const int subs[5][4] = {
        {0, 0, 0, -1}, {0, 0, 1, -1}, {0, 2, -1, -1}, {-1, -1, -1, -1},
        {0, 0, 0, 3}};
    int64_t id = 1;

    sd_diary_init(d);
    snprintf(d->patient.pseudonym, sizeof(d->patient.pseudonym), "p-adh");
    add_rx(d, 1, day_of(2026, 11, 24), -1, 10000, 3);
    for(int k = 0; k < 5; k++)
        for(int j = 0; j < 4; j++) {
            if(subs[k][j] < 0)
                continue;
            int64_t at = day0 + k * DAY + (8 + 6 * j) * HOUR;
            if(k == 4 && j == 3)
                at = day0 + k * DAY + 23 * HOUR + 30 * 60;
            add_dose(d, id++, at, subs[k][j],
                     subs[k][j] == SD_DOSE_SKIPPED ? 0
                     : subs[k][j] == SD_DOSE_EXTRA ? 5000 : 10000);
        }
    add_dose(d, id++, day0 + 5 * DAY + 30 * 60, SD_DOSE_TAKEN, 10000);
    sd_diary_sort(d);
}

static void test_adherence(void **state)
{
    sd_diary d;
    sd_adherence a;
    long first = day_of(2026, 11, 24);
    (void)state;

    adherence_diary(&d);
    sd_diary_adherence(&d, first, first + 4, &a);
    assert_int_equal(a.days, 5);
    assert_int_equal(a.expected, 15);
    assert_int_equal(a.taken, 10);
    assert_int_equal(a.skipped, 1);
    assert_int_equal(a.missing, 5);
    assert_int_equal(a.extra, 1);
    assert_int_equal(a.expected_ug, 150000);
    assert_int_equal(a.taken_ug, 100000);
    assert_true(a.percent > 66.66 && a.percent < 66.67);

    /* One day alone, a day before the prescription, an empty period. */
    sd_diary_adherence(&d, first + 2, first + 2, &a);
    assert_int_equal(a.expected, 3);
    assert_int_equal(a.missing, 2);
    assert_int_equal(a.extra, 1);
    sd_diary_adherence(&d, first - 1, first - 1, &a);
    assert_int_equal(a.expected, 0);
    assert_true(a.percent < 0);
    sd_diary_adherence(&d, first, first - 1, &a);
    assert_int_equal(a.days, 0);
    sd_diary_release(&d);

    /* A plan: 3 x 20 mg prescribed; the plan from 2026-11-24 asks for
    ** 15 + 20 + 20 mg (3 doses), from 2027-01-21 for 0 + 15 + 20 mg (2
    ** doses), and nothing from the stop on 2027-07-14. */
    sd_diary_init(&d);
    snprintf(d.patient.pseudonym, sizeof(d.patient.pseudonym), "p-plan");
    add_rx(&d, 1, day_of(2026, 11, 1), -1, 20000, 3);
    add_plan(&d, 1, 1, 0);
    sd_diary_adherence(&d, day_of(2026, 11, 23), day_of(2026, 11, 23), &a);
    assert_int_equal(a.expected, 3);
    assert_int_equal(a.expected_ug, 60000);
    sd_diary_adherence(&d, first, first, &a);
    assert_int_equal(a.expected, 3);
    assert_int_equal(a.expected_ug, 55000);
    sd_diary_adherence(&d, day_of(2027, 1, 21), day_of(2027, 1, 22), &a);
    assert_int_equal(a.expected, 4);
    assert_int_equal(a.expected_ug, 70000);
    assert_int_equal(a.missing, 4);
    sd_diary_adherence(&d, day_of(2027, 7, 14), day_of(2027, 8, 1), &a);
    assert_int_equal(a.expected, 0);
    assert_int_equal(a.expected_ug, 0);
    sd_diary_release(&d);
}

/* ==== The report ==== */

static char *report(const sd_diary *d, long from, long to, int format,
                    size_t *len)
{
    sd_report_opts o = {from, to, T0 + 3 * DAY, format};
    sd_error err;
    char *buf = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&buf, &n);
    assert_non_null(f);
    int rc = sd_report_write(f, mono, d, &o, &err);
    if(rc)
        fprintf(stderr, "report: %s\n", err.text);
    assert_int_equal(rc, SD_OK);
    assert_int_equal(fclose(f), 0);
    if(len)
        *len = n;
    return buf;
}

static int count(const char *hay, const char *needle)
{
    int n = 0;
    for(const char *p = hay; (p = strstr(p, needle)); p++)
        n++;
    return n;
}

/* Display columns of a UTF-8 line (every code point one column, the
** wide ones two: only CJK and emoji here). */
static int columns(const char *s, size_t n)
{
    int w = 0;
    for(size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if((c & 0xc0) == 0x80)
            continue;
        w += c >= 0xe4 ? 2 : 1;
    }
    return w;
}

static void test_report_text(void **state)
{
    sd_diary d;
    (void)state;
    sample_diary(&d);
    char *t = report(&d, day_of(2026, 11, 20), day_of(2026, 11, 27),
                     SD_REPORT_TEXT, NULL);
    if(getenv("SD_SHOW_REPORT"))
        fputs(t, stdout);
    assert_int_equal(count(t, SD_SUPPORT_NOTICE), 0);  /* wrapped */
    assert_int_equal(count(t, "stepdown supports your prescriber"), 1);
    assert_int_equal(count(t, "emergency services."), 1);
    assert_non_null(strstr(t, "p-0007"));
    assert_non_null(strstr(t, "Doses by day"));
    assert_non_null(strstr(t, "2026-11-24"));
    assert_non_null(strstr(t, "25 mg"));
    assert_non_null(strstr(t, "55 mg"));
    assert_non_null(strstr(t, "Symptom reports"));
    assert_non_null(strstr(t, "call-today"));
    assert_non_null(strstr(t, "moderate"));
    assert_non_null(strstr(t, "45.5"));
    assert_non_null(strstr(t, "extra-doses"));
    assert_non_null(strstr(t, "by dr-a on 2026-11-25"));
    /* No line wider than 79 columns; no control characters but line
    ** breaks. */
    for(const char *line = t; *line;) {
        const char *end = strchr(line, '\n');
        assert_non_null(end);
        if(columns(line, (size_t)(end - line)) > 79)
            fprintf(stderr, "too wide: %.*s\n", (int)(end - line), line);
        assert_true(columns(line, (size_t)(end - line)) <= 79);
        for(const char *p = line; p < end; p++)
            assert_true((unsigned char)*p >= 0x20 && *p != 0x7f);
        line = end + 1;
    }
    free(t);
    sd_diary_release(&d);
}

static void test_report_html(void **state)
{
    sd_diary d;
    (void)state;
    sample_diary(&d);
    char *h = report(&d, day_of(2026, 11, 20), day_of(2026, 11, 27),
                     SD_REPORT_HTML, NULL);
    if(getenv("SD_SHOW_REPORT"))
        fputs(h, stdout);
    assert_memory_equal(h, "<!DOCTYPE html>\n<html lang=\"en\">", 31);
    assert_int_equal(count(h, SD_SUPPORT_NOTICE), 1);
    /* Every user string escaped: no markup but ours. */
    assert_null(strstr(h, "<script"));
    assert_null(strstr(h, "<b>"));
    assert_non_null(strstr(h, "&lt;script&gt;alert(1)&lt;/script&gt; "
                              "&amp; more"));
    assert_non_null(strstr(h, "&quot;jittery&quot;"));
    assert_non_null(strstr(h, "Dr &quot;Quote&quot;, &lt;b&gt;"));
    assert_non_null(strstr(h, "&#39;quoted&#39;"));
    assert_non_null(strstr(h, "\xe6\x97\xa5\xe6\x9c\xac"));
    /* A table with a caption per section; balanced. */
    assert_int_equal(count(h, "<table>"), 10);
    assert_int_equal(count(h, "<caption>"), 10);
    assert_int_equal(count(h, "</table>"), 10);
    assert_int_equal(count(h, "<tr>"), count(h, "</tr>"));
    assert_int_equal(count(h, "<td"), count(h, "</td>"));
    assert_int_equal(count(h, "<th scope="), count(h, "</th>"));
    assert_int_equal(count(h, "<"), count(h, ">"));
    assert_non_null(strstr(h, "</body>\n</html>\n"));
    free(h);
    sd_diary_release(&d);
}

/* Split one CSV record (RFC 4180) at *p into fields; returns their
** number, or -1 at the end. */
static int csv_record(const char **p, char fields[][512], int max)
{
    const char *s = *p;
    int n = 0;
    if(!*s)
        return -1;
    for(;;) {
        char *out = fields[n];
        size_t k = 0;
        if(*s == '"') {
            s++;
            for(;;) {
                assert_true(*s != '\0');
                if(*s == '"' && s[1] == '"') {
                    out[k++] = '"';
                    s += 2;
                } else if(*s == '"') {
                    s++;
                    break;
                } else {
                    out[k++] = *s++;
                }
                assert_true(k < 511);
            }
        } else {
            while(*s && *s != ',' && *s != '\r') {
                assert_true(*s != '"' && *s != '\n');
                out[k++] = *s++;
                assert_true(k < 511);
            }
        }
        out[k] = '\0';
        n++;
        assert_true(n < max);
        if(*s == ',') {
            s++;
            continue;
        }
        assert_memory_equal(s, "\r\n", 2);
        *p = s + 2;
        return n;
    }
}

static void test_report_csv(void **state)
{
    static char f[64][512];
    sd_diary d;
    int ncols = 0, rows = 0, days = 0, symptoms = 0, alerts = 0;
    int notice = 0, formula = 0;
    (void)state;
    sample_diary(&d);
    char *c = report(&d, day_of(2026, 11, 20), day_of(2026, 11, 27),
                     SD_REPORT_CSV, NULL);
    if(getenv("SD_SHOW_REPORT"))
        fputs(c, stdout);
    const char *p = c;
    int n;
    while((n = csv_record(&p, f, 64)) >= 0) {
        if(!rows++) {
            ncols = n;
            assert_string_equal(f[0], "section");
            continue;
        }
        assert_int_equal(n, ncols);
        days += !strcmp(f[0], "days");
        symptoms += !strcmp(f[0], "symptoms");
        alerts += !strcmp(f[0], "alerts");
        for(int k = 0; k < n; k++) {
            notice += !strcmp(f[k], SD_SUPPORT_NOTICE);
            /* No field starts a formula. */
            assert_true(!strchr("=+-@\t\r", f[k][0]) || !f[k][0]);
            formula += f[k][0] == '\'' && strchr("=+-@", f[k][1]);
            if(strstr(f[k], "HYPERLINK"))
                assert_string_equal(f[k], "'=HYPERLINK(\"http://evil."
                                          "example\",\"x\")");
        }
    }
    assert_int_equal(days, 8);
    assert_int_equal(symptoms, 2);
    assert_int_equal(alerts, 3);
    assert_int_equal(notice, 1);
    assert_true(formula >= 4);   /* =, +, -, @ */
    assert_non_null(strstr(c, "\"'+1 dizzy\nsecond line, with a comma\""));
    free(c);
    sd_diary_release(&d);
}

static void test_report_json(void **state)
{
    sd_diary d;
    size_t len;
    json_error_t je;
    (void)state;
    sample_diary(&d);
    char *s = report(&d, day_of(2026, 11, 24), day_of(2026, 11, 26),
                     SD_REPORT_JSON, &len);
    json_t *j = json_loadb(s, len, JSON_REJECT_DUPLICATES, &je);
    assert_non_null(j);
    json_t *rep = json_object_get(j, "report");
    assert_string_equal(json_string_value(json_object_get(rep, "notice")),
                        SD_SUPPORT_NOTICE);
    assert_string_equal(json_string_value(json_object_get(rep, "patient")),
                        "p-0007");
    assert_int_equal(json_array_size(json_object_get(j, "days")), 3);
    json_t *d0 = json_array_get(json_object_get(j, "days"), 0);
    assert_string_equal(json_string_value(json_object_get(d0, "date")),
                        "2026-11-24");
    assert_int_equal(json_integer_value(json_object_get(d0, "expected_mg")),
                     55);
    assert_int_equal(json_integer_value(json_object_get(d0, "taken_mg")), 25);
    assert_int_equal(json_integer_value(json_object_get(d0, "extra_mg")), 5);
    assert_int_equal(json_integer_value(json_object_get(d0,
                                                        "doses_skipped")), 1);
    assert_int_equal(json_array_size(json_object_get(j, "symptoms")), 2);
    assert_int_equal(json_array_size(json_object_get(j, "alerts")), 3);
    assert_int_equal(json_array_size(json_object_get(j, "egfr")), 1);
    json_t *adh = json_object_get(j, "adherence");
    assert_int_equal(json_integer_value(json_object_get(adh, "days")), 3);
    json_decref(j);
    free(s);

    /* Refusals. */
    sd_report_opts o = {10, 9, 0, SD_REPORT_TEXT};
    sd_error err;
    assert_int_equal(sd_report_write(stdout, mono, &d, &o, &err),
                     SD_ERR_USAGE);
    o.to_day = 10;
    o.format = 7;
    assert_int_equal(sd_report_write(stdout, mono, &d, &o, &err),
                     SD_ERR_USAGE);
    o.format = SD_REPORT_TEXT;
    o.to_day = 10 + 40000;
    assert_int_equal(sd_report_write(stdout, mono, &d, &o, &err),
                     SD_ERR_USAGE);
    sd_diary_release(&d);
}

/* A failing write is an I/O error. */
static void test_report_io(void **state)
{
    sd_diary d;
    sd_report_opts o = {day_of(2026, 11, 24), day_of(2026, 11, 24), T0,
                        SD_REPORT_TEXT};
    sd_error err;
    (void)state;
    FILE *f = fopen("/dev/full", "w");
    if(!f)
        skip();
    sample_diary(&d);
    assert_int_equal(sd_report_write(f, mono, &d, &o, &err), SD_ERR_IO);
    assert_true(err.text[0] != '\0');
    fclose(f);
    sd_diary_release(&d);
}

/* ==== Allocation failures ==== */

static void test_nomem(void **state)
{
    sd_diary d, back;
    sd_error err;
    unsigned long n;
    (void)state;

    sample_diary(&d);
    char *text = dump(&d, DUMP);
    json_set_alloc_funcs(sd_malloc, sd_free);
    int done[4] = {0};
    /* Every allocation up to 1000, then every 17th (reading the plan back
    ** makes thousands). */
    for(n = 1; n < 200000 && !(done[0] && done[1] && done[2] && done[3]);
        n += n < 1000 ? 1 : 17) {
        if(!done[0]) {
            sd_alloc_fail_after(n);
            json_t *j = sd_diary_to_json(&d);
            done[0] = j && sd_alloc_fail_after(0) < n;
            sd_alloc_fail_after(0);
            json_decref(j);
        }
        if(!done[1]) {
            sd_diary_init(&back);
            sd_alloc_fail_after(n);
            int rc = sd_diary_from_json(text, strlen(text), &back, &err);
            done[1] = !rc && sd_alloc_fail_after(0) < n;
            sd_alloc_fail_after(0);
            assert_true(rc == SD_OK || err.text[0]);
            sd_diary_release(&back);
        }
        if(!done[2]) {
            sd_alloc_fail_after(n);
            json_t *j = sd_diary_fhir(mono, &d, T0);
            done[2] = j && sd_alloc_fail_after(0) < n;
            sd_alloc_fail_after(0);
            json_decref(j);
        }
        if(!done[3]) {
            for(int fmt = 0; fmt < 4; fmt++) {
                sd_report_opts o = {day_of(2026, 11, 20),
                                    day_of(2026, 11, 27), T0, fmt};
                char *buf = NULL;
                size_t len = 0;
                FILE *f = open_memstream(&buf, &len);
                sd_alloc_fail_after(n);
                int rc = sd_report_write(f, mono, &d, &o, &err);
                done[3] |= !rc && fmt == 3 && sd_alloc_fail_after(0) < n;
                sd_alloc_fail_after(0);
                assert_true(rc == SD_OK || rc == SD_ERR_NOMEM);
                fclose(f);
                free(buf);
            }
        }
    }
    json_set_alloc_funcs(malloc, free);
    printf("allocation failures: up to the %luth allocation\n", n);
    assert_true(done[0] && done[1] && done[2] && done[3]);
    assert_true(n > 100);
    free(text);
    sd_diary_release(&d);
}

/* ==== Property test ==== */

static uint64_t rng = 0x5eed20261124ULL;

static unsigned rnd(unsigned n)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (unsigned)(rng % n);
}

/* Text: pieces of the odd strings and random code points. */
static void random_text(char *out, size_t cap)
{
    static const char *const bits[] = {
        "a", " ", ",", "\"", "<", ">", "&", "'", "=", "+", "-", "@", "\n",
        "\t", "\xc3\xa9", "\xe2\x80\x94", "\xf0\x9f\x98\xb5", "tremor",
        "dizzy", "\\", "/", "\xe6\x97\xa5"};
    size_t n = 0;
    int parts = 1 + (int)rnd(12);
    out[0] = '\0';
    if(!rnd(4)) {
        snprintf(out, cap, "%s", odd[rnd(NODD)]);
        return;
    }
    for(int i = 0; i < parts; i++) {
        const char *b = bits[rnd(sizeof(bits) / sizeof(bits[0]))];
        size_t k = strlen(b);
        if(n + k + 1 >= cap)
            break;
        memcpy(out + n, b, k + 1);
        n += k;
    }
    if(!out[0] || !strcmp(out, "\n") || !strcmp(out, "\t"))
        snprintf(out, cap, "x");
}

static void random_list(char *out, size_t cap, const char *const *names,
                        size_t nnames)
{
    size_t n = 0;
    int k = (int)rnd(4);
    out[0] = '\0';
    for(int i = 0; i < k; i++)
        n += (size_t)snprintf(out + n, cap - n, "%s%s", i ? "," : "",
                              names[rnd((unsigned)nnames)]);
}

static void random_diary(sd_diary *d, int *counts)
{
    static const char *const concepts[] = {"tremor", "anxiety", "drowsiness",
                                           "x-unknown", "fever"};
    static const char *const tags[] = {"US-TAB", "SEED", "OZO", "CIWA-VA"};
    char key[48], text[256], list[3][128];
    int64_t start = T0 - (int64_t)rnd(30) * DAY;
    size_t nent = rnd(60);

    sd_diary_init(d);
    d->patient.id = 1 + rnd(1000);
    snprintf(d->patient.pseudonym, sizeof(d->patient.pseudonym), "p-%u",
             rnd(100000));
    d->patient.birth_year = rnd(3) ? 1920 + (int)rnd(90) : 0;
    long rxday = sd_local_day(start, 0) - 1;
    /* One draw per statement: the order of arguments is unspecified. */
    long end = rnd(2) ? -1 : rxday + 10 + (long)rnd(30);
    int64_t ug = 5000 * (1 + (int64_t)rnd(4));
    int nadmin = 1 + (int)rnd(3);
    add_rx(d, 1, rxday, end, ug, nadmin);
    if(!rnd(3)) {
        long start2 = rxday + 5 + (long)rnd(10);
        add_rx(d, 2, start2, -1, 5000, 1 + (int)rnd(3));
    }
    if(!rnd(3))
        add_plan(d, 1, 1, 0);
    if(!rnd(4))
        add_plan(d, 2, 2 + (int)rnd(3), 1);
    memset(counts, 0, 8 * sizeof(int));
    for(size_t i = 0; i < nent; i++) {
        sd_entry e;
        int kind = 1 + (int)rnd(SD_ENTRY_KIND_MAX);
        sd_entry_init(&e, kind);
        snprintf(key, sizeof(key), "k-%zu-%u", i, rnd(1000));
        e.id = rnd(8) ? (int64_t)i + 1 : 0;
        e.key = key;
        e.at = start + (int64_t)rnd(40 * DAY);
        e.tz_min = (int)rnd(1681) - 840;
        e.entered = e.at + (rnd(3) ? 0 : (int64_t)rnd(3 * DAY));
        switch(kind) {
        case SD_ENTRY_DOSE:
            e.sub = (int)rnd(4);
            e.amount_ug = e.sub == SD_DOSE_SKIPPED && rnd(2)
                              ? 0 : 2500 * (1 + (int64_t)rnd(20));
            break;
        case SD_ENTRY_SYMPTOM:
            random_text(text, sizeof(text));
            e.text = text;
            e.severity = (int)rnd(6) - 1;
            e.disposition = rnd(10) ? (int)rnd(SD_DISP_COUNT) : -1;
            e.explanations = rnd(32);
            random_list(list[0], sizeof(list[0]), concepts, 5);
            random_list(list[1], sizeof(list[1]), concepts, 5);
            random_list(list[2], sizeof(list[2]), tags, 4);
            e.concepts = rnd(5) ? list[0] : NULL;
            e.rules = list[1];
            e.sources = list[2];
            break;
        case SD_ENTRY_SCORE:
            for(size_t k = 0; k < sd_wscore_nitems(); k++)
                if(!rnd(3))
                    e.items[k] = (signed char)rnd(
                        (unsigned)sd_wscore_item_at(k)->max + 1);
            e.items[rnd((unsigned)sd_wscore_nitems())] = 1;
            e.score_total = sd_wscore_total(e.items);
            break;
        case SD_ENTRY_SUBSTANCE:
            e.sub = (int)rnd(2);
            if(e.sub == SD_SUBST_ALCOHOL) {
                e.value = (1 + rnd(40)) / 4.0;
            } else {
                random_text(text, sizeof(text));
                for(char *p = text; *p; p++)
                    if(*p == '\n' || *p == '\t')
                        *p = ' ';
                e.text = text;
            }
            break;
        case SD_ENTRY_SUPPLY:
            e.amount_ug = 10000 * (1 + (int64_t)rnd(200));
            e.value = (double)(1 + rnd(200));
            break;
        default:
            e.value = 1 + rnd(1990) / 10.0;
            break;
        }
        assert_int_equal(sd_diary_add_entry(d, &e), SD_OK);
        counts[kind]++;
        if(kind == SD_ENTRY_DOSE)
            counts[7] += e.sub == SD_DOSE_SKIPPED;
    }
    size_t nal = rnd(6);
    for(size_t i = 0; i < nal; i++) {
        sd_alert a;
        char ak[32];
        memset(&a, 0, sizeof(a));
        snprintf(ak, sizeof(ak), "a-%zu", i);
        random_text(text, sizeof(text));
        a.id = (int64_t)i + 1;
        a.patient_id = d->patient.id;
        a.rule = rnd(2) ? "abrupt-stop" : "extra-doses";
        a.key = ak;
        a.disposition = (int)rnd(SD_DISP_COUNT);
        a.at = start + (int64_t)rnd(40 * DAY);
        if(d->n && rnd(2) && d->e[rnd((unsigned)d->n)].id)
            a.entry_id = d->e[rnd((unsigned)d->n)].id;
        if(a.entry_id == 0 && d->n && d->e[0].id)
            a.entry_id = d->e[0].id;
        a.text = text;
        a.advice = rnd(2) ? odd[rnd(NODD)] : NULL;
        a.sources = rnd(2) ? "US-TAB,SEED" : NULL;
        a.created = a.at + 5;
        if(rnd(2)) {
            a.acked_at = a.at + 3600;
            a.acked_by = rnd(2) ? "dr-b" : NULL;
            a.ack_note = rnd(2) ? odd[rnd(NODD)] : NULL;
        }
        assert_int_equal(sd_diary_add_alert(d, &a), SD_OK);
    }
    sd_diary_sort(d);
}

static void test_properties(void **state)
{
    const char *env = getenv("SD_DIARY_ITER");
    long want = env && *env ? strtol(env, NULL, 10) : 500;
    long entries = 0, resources = 0;
    (void)state;

    for(long it = 0; it < want; it++) {
        sd_diary d;
        int counts[8];
        struct fhir_counts n;
        random_diary(&d, counts);
        check_round_trip(&d);

        json_t *b = sd_diary_fhir(mono, &d, T0 + 60 * DAY);
        assert_non_null(b);
        check_bundle(b, &n);
        assert_int_equal(n.patient, 1);
        assert_int_equal(n.statement, (int)d.nrx + counts[SD_ENTRY_DOSE]);
        assert_int_equal(n.not_taken, counts[7]);
        assert_int_equal(n.observation,
                         counts[SD_ENTRY_SYMPTOM] + counts[SD_ENTRY_SCORE] +
                             counts[SD_ENTRY_SUBSTANCE] +
                             counts[SD_ENTRY_EGFR]);
        assert_int_equal(n.issue, (int)d.nalerts);
        assert_int_equal(n.other, 0);
        if(it < 60)
            write_bundle(b);
        resources += (long)json_array_size(json_object_get(b, "entry"));
        json_decref(b);
        entries += (long)d.n;

        if(it % 10 == 0)
            for(int fmt = 0; fmt < 4; fmt++) {
                long first = sd_local_day(T0, 0) - 30;
                free(report(&d, first, first + 70, fmt, NULL));
            }
        sd_diary_release(&d);
    }
    printf("diary exports: %ld random diaries, %ld entries read back byte "
           "for byte, %ld FHIR resources checked\n", want, entries,
           resources);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_json_round_trip),
        cmocka_unit_test(test_json_times),
        cmocka_unit_test(test_json_refusals),
        cmocka_unit_test(test_json_malformed),
        cmocka_unit_test(test_json_regressions),
        cmocka_unit_test(test_fhir),
        cmocka_unit_test(test_adherence),
        cmocka_unit_test(test_report_text),
        cmocka_unit_test(test_report_html),
        cmocka_unit_test(test_report_csv),
        cmocka_unit_test(test_report_json),
        cmocka_unit_test(test_report_io),
        cmocka_unit_test(test_nomem),
        cmocka_unit_test(test_properties),
    };
    const char *path = getenv("SD_DIARY_FHIR_JSONL");
    int rc;

    json_dir = getenv("SD_DIARY_JSON_DIR");
    if(json_dir && !*json_dir)
        json_dir = NULL;
    if(path && *path) {
        jsonl = fopen(path, "w");
        if(!jsonl) {
            perror(path);
            return 1;
        }
    }
    rc = cmocka_run_group_tests(tests, setup, teardown);
    if(jsonl && fclose(jsonl))
        rc = 1;
    return rc;
}
