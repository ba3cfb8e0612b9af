/*
** fuzz_api.c: libFuzzer harness for the HTTP server's request-body parsers
** (src/server/srv_body.c) and the error responses they lead to
** (src/server/srv_http.c).
**
** The first byte of the input chooses what the rest is fed to, as
** (byte % 6), so that the digits '0'..'5' are the selectors corpus files
** start with:
**
**   0  POST /api/v1/check            srv_parse_check, then sd_check
**   1  POST /api/v1/pump             srv_parse_pump, then sd_pump_compute
**   2  POST .../patients/{id}/entries srv_parse_entry against a diary with
**                                    one tablet prescription (10 mg,
**                                    halves, 10-10-10 since 2026-10-01),
**                                    then sd_entry_check
**   3  POST .../prescriptions        srv_parse_rx against the monograph
**   4  any object                    srv_body_object, srv_only_keys and
**                                    every srv_get_* helper on the keys
**                                    s, i, n, b, d, mg and o (an object,
**                                    read with the _at forms at "$.o")
**   5  a time                        srv_parse_time on the bytes as a
**                                    string
**
** Invariants, whatever the bytes:
**
**   - a refusal has a status of 400 or more, a code, a non-empty message
**     and a where that is empty or starts with "$", both valid UTF-8 even
**     when they hold a client's string cut short; its response
**     (srv_fault_send) is a JSON object {"error": {"code", "message"}}
**     with the same where;
**   - an accepted body gives values within the parser's promises: a check
**     text of 1..SD_CHECK_MAX_TEXT bytes without NUL, a context whose
**     events, route, age and eGFR are in range; a pump request with a
**     concentration and lead time in range; an entry of a valid kind with
**     its fields in range (a dose amount >= 0, a skipped dose or a
**     positive amount, items within their maxima, a symptom's severity
**     -1..4) that sd_entry_check accepts or refuses with a message; a
**     prescription with 1..SD_TAPER_MAX_ADMIN positive doses that are
**     whole pieces, times in order within the day, one of tablet or
**     liquid; a time with an offset within +-14:00 whose local day is the
**     date written;
**   - srv_dump() (srv_json's writer) gives the bytes json_dumps() gives
**     with JSON_COMPACT | JSON_REAL_PRECISION(15), for every body, every
**     assessment and every pump plan;
**   - no crash, no leak, no undefined behaviour (ASan and UBSan).
**
** The monograph is data/drugs/baclofen.json relative to the working
** directory (run from the repository root), or $STEPDOWN_MONOGRAPH.
*/
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "server.h"
#include "stepdown/date.h"
#include "stepdown/diary.h"
#include "stepdown/pump.h"
#include "stepdown/taper.h"
#include "stepdown/triage.h"
#include "stepdown/triage_json.h"
#include "stepdown/wscore.h"

#define FUZZ_NAME "fuzz_api"
#include "fuzz.h"

/* srv_body.c and srv_http.c are linked without the rest of the server. */
struct srv *srv_g;

/* 2026-11-24 07:00 UTC, 08:00 at +01:00 */
#define NOW ((int64_t)1795503600)
#define TZ 60

static sd_monograph *mono;
static sd_lexicon *lex;
static sd_diary diary;
static long today;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    const char *words = SD_WORDLIST_DEFAULT;
    sd_error err;
    sd_rx rx;

    (void)argc;
    (void)argv;
    mono = fuzz_monograph();
    if(access(words, R_OK))
        words = NULL;
    if(sd_lexicon_build(mono, words, &lex, &err)) {
        fprintf(stderr, FUZZ_NAME ": lexicon: %s\n", err.text);
        exit(1);
    }
    today = sd_local_day(NOW, TZ);
    /* one tablet prescription: 10 mg tablets, halves, 10-10-10 */
    memset(&rx, 0, sizeof(rx));
    rx.id = 1;
    rx.key = "rx-1";
    rx.drug = sd_monograph_id(mono);
    rx.formulation = "tablet";
    rx.route = "oral";
    rx.unit_ug = 10000;
    rx.pieces = 2;
    rx.nadmin = 3;
    for(int i = 0; i < 3; i++)
        rx.dose_ug[i] = 10000;
    sd_taper_default_times(3, rx.minute);
    CHECK(sd_date_parse("2026-10-01", &rx.start_day) == 0);
    rx.end_day = -1;
    rx.since_day = -1;
    rx.entered = NOW - 86400 * 60;
    sd_diary_init(&diary);
    diary.patient.id = 1;
    snprintf(diary.patient.pseudonym, sizeof(diary.patient.pseudonym),
             "fuzz-1");
    CHECK(sd_diary_add_rx(&diary, &rx) == 0);
    return 0;
}

/* A refusal's invariants, and its response. */
static void check_fault(const struct srv_fault *f)
{
    CHECK(f->status >= 400 && f->status < 600);
    CHECK(f->code != NULL && f->code[0] != '\0');
    CHECK(f->msg[0] != '\0');
    CHECK(f->where[0] == '\0' || f->where[0] == '$');
    CHECK(memchr(f->msg, '\0', sizeof(f->msg)) != NULL);
    CHECK(memchr(f->where, '\0', sizeof(f->where)) != NULL);
    /* valid UTF-8, so that the response can carry them */
    json_t *u = json_pack("[s, s]", f->msg, f->where);
    CHECK(u != NULL);
    json_decref(u);

    struct srv_resp r;
    memset(&r, 0, sizeof(r));
    CHECK(srv_fault_send(&r, f) == f->status);
    CHECK(r.status == f->status);
    CHECK(r.body != NULL && r.len == strlen(r.body));
    json_t *j = json_loadb(r.body, r.len, 0, NULL);
    CHECK(j != NULL);
    json_t *e = json_object_get(j, "error");
    CHECK(json_is_object(e));
    CHECK(json_is_string(json_object_get(e, "code")));
    CHECK(json_string_length(json_object_get(e, "message")) > 0);
    json_t *w = json_object_get(e, "where");
    if(f->where[0])
        CHECK(json_is_string(w) && !strcmp(json_string_value(w), f->where));
    else
        CHECK(w == NULL);
    json_decref(j);
    srv_resp_free(&r);
}

/* srv_dump() writes what json_dumps() writes (srv_json's fast path). */
static void check_dump(json_t *v)
{
    size_t n = 0;
    char *a = json_dumps(v, JSON_COMPACT | JSON_REAL_PRECISION(15));
    char *b = srv_dump(v, &n);
    CHECK((a == NULL) == (b == NULL));
    if(a) {
        CHECK(n == strlen(a));
        CHECK(memcmp(a, b, n) == 0);
    }
    free(a);
    free(b);
}

static void fault_reset(struct srv_fault *f)
{
    memset(f, 0, sizeof(*f));
}

/* ---- 0: check ---- */
static void do_check(json_t *root)
{
    struct srv_fault f;
    sd_check_request req;
    const sd_context *c = &req.ctx;
    sd_assessment a;
    sd_error err;

    fault_reset(&f);
    if(srv_parse_check(root, today, &req, &f)) {
        check_fault(&f);
        return;
    }
    CHECK(req.text != NULL);
    CHECK(req.len >= 1 && req.len <= SD_CHECK_MAX_TEXT &&
          strlen(req.text) == req.len);
    CHECK(!req.drug || (strlen(req.drug) >= 1 && strlen(req.drug) <= 64));
    CHECK(c->nevents <= SD_CONTEXT_MAX_EVENTS);
    for(size_t i = 0; i < (size_t)c->nevents; i++)
        CHECK(c->events[i].hours_ago >= 0);
    CHECK(c->route == SD_ROUTE_UNKNOWN || c->route == SD_ROUTE_ORAL ||
          c->route == SD_ROUTE_INTRATHECAL);
    CHECK(c->age >= -1 && c->age <= 130);
    CHECK(c->egfr == -1 || (c->egfr >= 0 && c->egfr <= 200));
    CHECK(c->days_on_drug >= -1 && c->days_on_drug <= 36500);
    CHECK(c->dose_ug_day >= -1);
    /* what the handler does next */
    sd_assessment_init(&a);
    memset(&err, 0, sizeof(err));
    if(sd_check(lex, c, req.text, req.len, &a, &err)) {
        CHECK(err.text[0] != '\0');
    } else {
        json_t *j = sd_assessment_json(lex, &a);
        CHECK(j != NULL);
        check_dump(j);
        json_decref(j);
    }
    sd_assessment_release(&a);
}

/* ---- 1: pump ---- */
static void do_pump(json_t *root)
{
    struct srv_fault f;
    sd_pump_request pr;
    const char *drug = NULL;
    sd_error err;

    fault_reset(&f);
    if(srv_parse_pump(root, today, &pr, &drug, &f)) {
        check_fault(&f);
        return;
    }
    CHECK(pr.reservoir_ul >= 0 && pr.alarm_ul >= 0 && pr.dose_ng_day >= 0);
    CHECK(pr.ug_per_ml >= 1 && pr.ug_per_ml <= SD_PUMP_MAX_UG_PER_ML);
    CHECK(pr.lead_days == SD_PUMP_LEAD_DEFAULT ||
          (pr.lead_days >= 0 && pr.lead_days <= SD_PUMP_MAX_LEAD_DAYS));
    CHECK(!drug || (strlen(drug) >= 1 && strlen(drug) <= 64));
    sd_pump_plan *pp = calloc(1, sizeof(*pp));
    CHECK(pp != NULL);
    memset(&err, 0, sizeof(err));
    if(sd_pump_compute(mono, &pr, pp, &err)) {
        CHECK(err.text[0] != '\0');
    } else {
        json_t *j = sd_pump_json(mono, &pr, pp, 1);
        CHECK(j != NULL);
        check_dump(j);
        json_decref(j);
    }
    free(pp);
}

/* ---- 2: entry ---- */
static void do_entry(json_t *root)
{
    struct srv_fault f;
    sd_entry e;
    sd_error err;

    fault_reset(&f);
    if(srv_parse_entry(root, &diary, NOW, TZ, &e, &f)) {
        check_fault(&f);
        return;
    }
    CHECK(e.kind >= 1 && e.kind <= SD_ENTRY_KIND_MAX);
    CHECK(e.tz_min >= -840 && e.tz_min <= 840);
    CHECK(e.entered == NOW);
    CHECK(!e.key || (strlen(e.key) >= 1 && strlen(e.key) <= SD_KEY_MAX));
    switch(e.kind) {
    case SD_ENTRY_DOSE:
        CHECK(e.sub >= SD_DOSE_TAKEN && e.sub <= SD_DOSE_PRN);
        CHECK(e.amount_ug >= 0 && e.amount_ug <= (int64_t)2e13);
        CHECK(e.sub == SD_DOSE_SKIPPED || e.amount_ug >= 0);
        break;
    case SD_ENTRY_SYMPTOM:
        CHECK(e.text && strlen(e.text) >= 1 && strlen(e.text) <= 4000);
        CHECK(e.severity >= -1 && e.severity <= 4);
        break;
    case SD_ENTRY_SCORE: {
        int rated = 0;
        for(size_t i = 0; i < sd_wscore_nitems(); i++) {
            CHECK(e.items[i] >= -1 &&
                  e.items[i] <= sd_wscore_item_at(i)->max);
            rated += e.items[i] >= 0;
        }
        CHECK(rated > 0);
        CHECK(e.score_total >= 0);
        break;
    }
    case SD_ENTRY_SUBSTANCE:
        CHECK(e.sub == SD_SUBST_ALCOHOL || e.sub == SD_SUBST_SEDATIVE);
        if(e.sub == SD_SUBST_ALCOHOL)
            CHECK(e.value >= 0 && e.value <= 100);
        else
            CHECK(e.text && strlen(e.text) >= 1);
        break;
    case SD_ENTRY_SUPPLY:
        CHECK(e.value >= 0.1 && e.value <= 100000);
        CHECK(e.value == floor(e.value)); /* tablets */
        CHECK(e.amount_ug > 0);
        break;
    case SD_ENTRY_EGFR:
        CHECK(e.value >= 1 && e.value <= 200);
        break;
    }
    /* what the handler does next (a symptom's disposition faked) */
    if(!e.key)
        e.key = "fuzz-key";
    if(e.kind == SD_ENTRY_SYMPTOM)
        e.disposition = SD_DISP_INFO;
    memset(&err, 0, sizeof(err));
    if(sd_entry_check(&diary, &e, NOW, &err))
        CHECK(err.text[0] != '\0');
}

/* ---- 3: prescription ---- */
static void do_rx(json_t *root)
{
    struct srv_fault f;
    sd_rx rx;

    fault_reset(&f);
    if(srv_parse_rx(root, mono, today, &rx, &f)) {
        check_fault(&f);
        return;
    }
    CHECK(rx.nadmin >= 1 && rx.nadmin <= SD_TAPER_MAX_ADMIN);
    CHECK(!rx.unit_ug != !rx.ug_per_ml);
    CHECK(rx.pieces == 1 || rx.pieces == 2 || rx.pieces == 4);
    int64_t piece = rx.unit_ug ? rx.unit_ug / rx.pieces : rx.ug_per_ml / 10;
    CHECK(piece > 0);
    for(int k = 0; k < rx.nadmin; k++) {
        CHECK(rx.dose_ug[k] > 0 && rx.dose_ug[k] % piece == 0);
        CHECK(rx.minute[k] >= 0 && rx.minute[k] < 1440);
        if(k)
            CHECK(rx.minute[k] > rx.minute[k - 1]);
    }
    CHECK(rx.end_day < 0 || rx.end_day >= rx.start_day);
    CHECK(rx.drug && rx.formulation && rx.route);
    CHECK(!strcmp(rx.route, "oral"));
    CHECK(sd_rx_daily_ug(&rx) > 0);
}

/* ---- 4: the helpers ---- */
static void helpers_on(json_t *o, const char *path)
{
    static const char *const keys[] = {"s", "i", "n", "b", "d", "mg", "o",
                                       NULL};
    struct srv_fault f;
    const char *s;
    int64_t i, ug;
    double n;
    int b;
    long day;

#define TRY(call)                                                   \
    do {                                                            \
        fault_reset(&f);                                            \
        if(call)                                                    \
            check_fault(&f);                                        \
    } while(0)

    TRY(srv_only_keys(o, path, keys, &f));
    for(int req = 0; req < 2; req++) {
        s = NULL;
        fault_reset(&f);
        if(srv_get_str_at(o, path, "s", req, 1, 32, &s, &f))
            check_fault(&f);
        else if(s)
            CHECK(strlen(s) >= 1 && strlen(s) <= 32);
        else
            CHECK(!req);
        i = -7;
        fault_reset(&f);
        if(srv_get_int_at(o, path, "i", req, -5, 1000000, &i, &f))
            check_fault(&f);
        else
            CHECK(i == -7 ? !req : (i >= -5 && i <= 1000000));
        n = -7;
        fault_reset(&f);
        if(srv_get_num_at(o, path, "n", req, 0, 200, &n, &f))
            check_fault(&f);
        else
            CHECK(n == -7 || (n >= 0 && n <= 200));
        b = -7;
        TRY(srv_get_bool_at(o, path, "b", &b, &f));
        CHECK(b == -7 || b == 0 || b == 1);
        day = -7;
        fault_reset(&f);
        if(srv_get_date_at(o, path, "d", req, &day, &f))
            check_fault(&f);
        else if(day != -7) {
            char buf[16];
            CHECK(sd_date_format(day, buf, sizeof(buf)) != NULL);
        }
        ug = -7;
        fault_reset(&f);
        if(srv_get_mg_at(o, path, "mg", req, &ug, &f))
            check_fault(&f);
        else
            CHECK(ug == -7 || (ug >= 0 && ug <= (int64_t)2e12));
    }
    /* the top-level forms */
    if(!strcmp(path, "$")) {
        TRY(srv_get_str(o, "s", 0, 0, 4, &s, &f));
        TRY(srv_get_int(o, "i", 0, INT64_MIN, INT64_MAX, &i, &f));
        TRY(srv_get_num(o, "n", 0, -INFINITY, INFINITY, &n, &f));
        TRY(srv_get_bool(o, "b", &b, &f));
        TRY(srv_get_date(o, "d", 0, &day, &f));
        TRY(srv_get_mg(o, "mg", 0, &ug, &f));
    }
#undef TRY
}

static void do_helpers(json_t *root)
{
    helpers_on(root, "$");
    json_t *o = json_object_get(root, "o");
    if(json_is_object(o))
        helpers_on(o, "$.o");
}

/* ---- 5: a time ---- */
static void do_time(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    int64_t at = 0;
    int tz = 9999;
    CHECK(s != NULL);
    memcpy(s, data, size);
    s[size] = '\0';
    if(srv_parse_time(s, &at, &tz) == 0) {
        long day;
        char d[11];
        CHECK(tz >= -840 && tz <= 840);
        memcpy(d, s, 10);
        d[10] = '\0';
        CHECK(sd_date_parse(d, &day) == 0);
        CHECK(sd_local_day(at, tz) == day);
    }
    free(s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct srv_fault f;

    if(size == 0)
        return 0;
    int sel = data[0] % 6;
    const char *body = (const char *)data + 1;
    size_t len = size - 1;
    if(len > SRV_BODY_MAX)
        return 0;
    if(sel == 5) {
        do_time(data + 1, len);
        return 0;
    }
    fault_reset(&f);
    json_t *root = srv_body_object(len ? body : NULL, len, &f);
    if(!root) {
        check_fault(&f);
        return 0;
    }
    CHECK(json_is_object(root));
    check_dump(root);
    switch(sel) {
    case 0:
        do_check(root);
        break;
    case 1:
        do_pump(root);
        break;
    case 2:
        do_entry(root);
        break;
    case 3:
        do_rx(root);
        break;
    default:
        do_helpers(root);
        break;
    }
    json_decref(root);
    return 0;
}
