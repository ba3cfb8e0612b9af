/*
** fuzz_request.c: libFuzzer harness for the check request reader,
** sd_check_request_from_json() (src/lib/triage_req.c), the one reader of
** POST /api/v1/check and of the lines of `stepdown check --batch`.
**
** The first byte of the input holds the flags: bit 0 set ('1') accepts
** "id" (SD_CHECK_REQUEST_ID, as --batch reads a line), clear ('0') is the
** API body. The rest is JSON text, any value (a line of --batch need not
** be an object); input that jansson does not take is skipped.
**
** Invariants, whatever the bytes:
**
**   - the answer is SD_OK or SD_ERR_INVALID, and reading again gives the
**     same answer, the same error and the same request;
**   - a refusal has a path that starts with "$" and fits the path buffer,
**     a non-empty message, both valid UTF-8 (they go into JSON);
**   - without the id flag, the server's srv_parse_check() refuses the same
**     body with status 400, code "invalid" and the same where and message,
**     or accepts it too (it is the same reader);
**   - an accepted request has a text of 1..SD_CHECK_MAX_TEXT bytes without
**     NUL, a drug of 1..64 bytes or none, an id only with the flag and
**     then a string or a number, a context in range (route, events at or
**     before today, age, eGFR, days, dose), answers to known questions
**     only, each once, yes being 0 or 1;
**   - sd_check() on it gives an assessment whose JSON text is what jansson
**     writes for its tree, or a documented error with a message;
**   - no crash, no leak, no undefined behaviour (ASan and UBSan).
**
** The monograph is data/drugs/baclofen.json relative to the working
** directory (run from the repository root), or $STEPDOWN_MONOGRAPH.
*/
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "server.h"
#include "stepdown/date.h"
#include "stepdown/triage.h"
#include "stepdown/triage_json.h"

#define FUZZ_NAME "fuzz_request"
#include "fuzz.h"

/* srv_body.c and srv_http.c are linked without the rest of the server. */
struct srv *srv_g;

static sd_monograph *mono;
static sd_lexicon *lex;
static sd_assessment assess;
static long today;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    const char *words = SD_WORDLIST_DEFAULT;
    sd_error err;

    (void)argc;
    (void)argv;
    mono = fuzz_monograph();
    if(access(words, R_OK))
        words = NULL;
    if(sd_lexicon_build(mono, words, &lex, &err)) {
        fprintf(stderr, FUZZ_NAME ": lexicon: %s\n", err.text);
        exit(1);
    }
    CHECK(sd_date_parse("2026-11-24", &today) == 0);
    sd_assessment_init(&assess);
    return 0;
}

static int utf8_ok(const char *a, const char *b)
{
    json_t *u = json_pack("[s, s]", a, b);
    json_decref(u);
    return u != NULL;
}

static int same_context(const sd_context *a, const sd_context *b)
{
    if(a->route != b->route || a->dose_ug_day != b->dose_ug_day ||
       a->nevents != b->nevents || a->hours_since_dose != b->hours_since_dose ||
       a->days_on_drug != b->days_on_drug || a->egfr != b->egfr ||
       a->age != b->age || a->alcohol != b->alcohol ||
       a->sedatives != b->sedatives || a->nanswers != b->nanswers)
        return 0;
    for(size_t i = 0; i < a->nevents; i++)
        if(a->events[i].kind != b->events[i].kind ||
           a->events[i].hours_ago != b->events[i].hours_ago ||
           a->events[i].slack != b->events[i].slack)
            return 0;
    for(size_t i = 0; i < a->nanswers; i++)
        if(strcmp(a->answers[i].id, b->answers[i].id) ||
           a->answers[i].yes != b->answers[i].yes)
            return 0;
    return 1;
}

static void check_refusal(json_t *root, unsigned flags, const sd_error *err)
{
    CHECK(err->path[0] == '$');
    CHECK(strlen(err->path) < 160);
    CHECK(err->text[0] != '\0');
    CHECK(utf8_ok(err->path, err->text));
    if(!(flags & SD_CHECK_REQUEST_ID) && json_is_object(root)) {
        struct srv_fault f;
        sd_check_request r2;
        memset(&f, 0, sizeof(f));
        CHECK(srv_parse_check(root, today, &r2, &f) == -1);
        CHECK(f.status == 400 && !strcmp(f.code, "invalid"));
        CHECK(!strcmp(f.where, err->path) && !strcmp(f.msg, err->text));
    }
}

static void check_request(json_t *root, unsigned flags,
                          const sd_check_request *req)
{
    const sd_context *c = &req->ctx;

    CHECK(req->text != NULL);
    CHECK(req->len >= 1 && req->len <= SD_CHECK_MAX_TEXT);
    CHECK(strlen(req->text) == req->len);
    CHECK(!req->drug || (strlen(req->drug) >= 1 && strlen(req->drug) <= 64));
    if(flags & SD_CHECK_REQUEST_ID)
        CHECK(!req->id || json_is_string(req->id) || json_is_number(req->id));
    else
        CHECK(req->id == NULL);
    CHECK(c->route == SD_ROUTE_UNKNOWN || c->route == SD_ROUTE_ORAL ||
          c->route == SD_ROUTE_INTRATHECAL);
    CHECK(c->nevents <= SD_CONTEXT_MAX_EVENTS);
    for(size_t i = 0; i < c->nevents; i++) {
        CHECK(c->events[i].hours_ago >= 0);
        CHECK(c->events[i].slack == 24);
        CHECK(c->events[i].kind == SD_CUE_REDUCED ||
              c->events[i].kind == SD_CUE_STOPPED ||
              c->events[i].kind == SD_CUE_INCREASED);
    }
    CHECK(c->age >= -1 && c->age <= 130);
    CHECK(c->egfr == -1 || (c->egfr >= 0 && c->egfr <= 200));
    CHECK(c->days_on_drug >= -1 && c->days_on_drug <= 36500);
    CHECK(c->hours_since_dose == -1 ||
          (c->hours_since_dose >= 0 && c->hours_since_dose <= 24 * 365));
    CHECK(c->dose_ug_day >= -1);
    CHECK(c->alcohol >= -1 && c->alcohol <= 1);
    CHECK(c->sedatives >= -1 && c->sedatives <= 1);
    CHECK(c->nanswers <= sd_triage_nquestions());
    for(size_t i = 0; i < c->nanswers; i++) {
        CHECK(sd_triage_question_find(c->answers[i].id) != NULL);
        CHECK(c->answers[i].yes == 0 || c->answers[i].yes == 1);
        for(size_t k = 0; k < i; k++)
            CHECK(strcmp(c->answers[i].id, c->answers[k].id) != 0);
    }
    /* the server reads the same request */
    if(!(flags & SD_CHECK_REQUEST_ID)) {
        struct srv_fault f;
        sd_check_request r2;
        memset(&f, 0, sizeof(f));
        CHECK(srv_parse_check(root, today, &r2, &f) == 0);
        CHECK(r2.text == req->text && same_context(&r2.ctx, c));
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    sd_check_request req, again;
    sd_error err, err2;
    json_error_t je;

    if(size == 0 || size - 1 > SD_CHECK_REQUEST_MAX)
        return 0;
    unsigned flags = data[0] & 1 ? SD_CHECK_REQUEST_ID : 0;
    json_t *root = json_loadb((const char *)data + 1, size - 1,
                              JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, &je);
    if(!root)
        return 0;
    memset(&err, 0, sizeof(err));
    int rc = sd_check_request_from_json(root, today, flags, &req, &err);
    CHECK(rc == SD_OK || rc == SD_ERR_INVALID);
    int rc2 = sd_check_request_from_json(root, today, flags, &again, &err2);
    CHECK(rc2 == rc);
    if(rc) {
        CHECK(!strcmp(err.path, err2.path) && !strcmp(err.text, err2.text));
        check_refusal(root, flags, &err);
        json_decref(root);
        return 0;
    }
    CHECK(again.text == req.text && again.today == req.today &&
          again.id == req.id && same_context(&again.ctx, &req.ctx));
    check_request(root, flags, &req);

    /* what the front ends do next */
    memset(&err, 0, sizeof(err));
    rc = sd_check(lex, &req.ctx, req.text, req.len, &assess, &err);
    if(rc) {
        CHECK(rc == SD_ERR_USAGE || rc == SD_ERR_PARSE || rc == SD_ERR_NOMEM);
        CHECK(err.text[0] != '\0');
    } else {
        json_t *j = sd_assessment_json(lex, &assess);
        CHECK(j != NULL);
        char *s = json_dumps(j, JSON_COMPACT | JSON_REAL_PRECISION(15));
        CHECK(s != NULL);
        json_decref(j);
        size_t n = 0;
        char *t = sd_assessment_json_text(lex, &assess, &n);
        CHECK(t != NULL && n == strlen(t) && !strcmp(t, s));
        sd_free(t);
        free(s);
    }
    json_decref(root);
    return 0;
}
