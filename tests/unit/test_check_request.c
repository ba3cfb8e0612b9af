/*
** test_check_request.c: sd_check_request_from_json(), the reader of a check
** request (POST /api/v1/check, `stepdown check --batch`). Every field
** read into the context, context.today, the answers, the "id" flag, and
** every refusal with its path and message, paths cut inside a multibyte
** key included.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "stepdown/date.h"
#include "stepdown/triage.h"
#include "stepdown/triage_json.h"

static long day_of(const char *s)
{
    long d = 0;
    assert_int_equal(sd_date_parse(s, &d), 0);
    return d;
}

/* Read the JSON text s with flags; the tree is returned for the caller
** to release (req borrows from it). */
static json_t *read_req(const char *s, unsigned flags, sd_check_request *req,
                        sd_error *err, int *rc)
{
    json_error_t je;
    json_t *root = json_loads(s, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY,
                              &je);
    if(!root)
        fail_msg("test JSON does not parse: %s: %s", s, je.text);
    *rc = sd_check_request_from_json(root, day_of("2026-11-24"), flags, req,
                                     err);
    return root;
}

static void test_minimal(void **state)
{
    sd_check_request req;
    sd_error err;
    int rc;

    (void)state;
    json_t *root = read_req("{\"text\": \"so dizzy\"}", 0, &req, &err, &rc);
    assert_int_equal(rc, SD_OK);
    assert_string_equal(req.text, "so dizzy");
    assert_int_equal(req.len, 8);
    assert_null(req.drug);
    assert_null(req.id);
    assert_int_equal(req.today, day_of("2026-11-24"));
    assert_int_equal(req.ctx.route, SD_ROUTE_UNKNOWN);
    assert_int_equal(req.ctx.dose_ug_day, -1);
    assert_int_equal(req.ctx.nevents, 0);
    assert_true(req.ctx.egfr == -1);
    assert_int_equal(req.ctx.age, -1);
    assert_int_equal(req.ctx.alcohol, -1);
    assert_int_equal(req.ctx.nanswers, 0);
    json_decref(root);

    /* null is the same as absent */
    root = read_req("{\"text\": \"x\", \"drug\": null, \"context\": null, "
                    "\"answers\": null}", 0, &req, &err, &rc);
    assert_int_equal(rc, SD_OK);
    assert_null(req.drug);
    assert_int_equal(req.ctx.nanswers, 0);
    json_decref(root);
}

static void test_context(void **state)
{
    sd_check_request req;
    sd_error err;
    int rc;

    (void)state;
    json_t *root = read_req(
        "{\"text\": \"seeing things\", \"drug\": \"Lioresal\", \"context\": {"
        "\"route\": \"intrathecal\", \"dose_mg_day\": \"12.5\", "
        "\"reduced_on\": [\"2026-11-22\", \"2026-11-24\"], "
        "\"stopped_on\": [\"2026-11-01\"], \"increased_on\": [], "
        "\"hours_since_dose\": 30.5, \"days_on_drug\": 365, \"egfr\": 42.5, "
        "\"age\": 81, \"alcohol\": true, \"sedatives\": false}}",
        0, &req, &err, &rc);
    assert_int_equal(rc, SD_OK);
    assert_string_equal(req.drug, "Lioresal");
    const sd_context *c = &req.ctx;
    assert_int_equal(c->route, SD_ROUTE_INTRATHECAL);
    assert_int_equal(c->dose_ug_day, 12500);
    assert_int_equal(c->nevents, 3);
    assert_int_equal(c->events[0].kind, SD_CUE_REDUCED);
    assert_true(c->events[0].hours_ago == 48);
    assert_true(c->events[0].slack == 24);
    assert_true(c->events[1].hours_ago == 0);
    assert_int_equal(c->events[2].kind, SD_CUE_STOPPED);
    assert_true(c->events[2].hours_ago == 23 * 24);
    assert_true(c->hours_since_dose == 30.5);
    assert_int_equal(c->days_on_drug, 365);
    assert_true(c->egfr == 42.5);
    assert_int_equal(c->age, 81);
    assert_int_equal(c->alcohol, 1);
    assert_int_equal(c->sedatives, 0);
    json_decref(root);

    /* doses as numbers: whole and with decimals */
    root = read_req("{\"text\": \"x\", \"context\": {\"route\": \"oral\", "
                    "\"dose_mg_day\": 60}}", 0, &req, &err, &rc);
    assert_int_equal(rc, SD_OK);
    assert_int_equal(req.ctx.route, SD_ROUTE_ORAL);
    assert_int_equal(req.ctx.dose_ug_day, 60000);
    json_decref(root);
    root = read_req("{\"text\": \"x\", \"context\": {\"dose_mg_day\": 7.25}}",
                    0, &req, &err, &rc);
    assert_int_equal(rc, SD_OK);
    assert_int_equal(req.ctx.dose_ug_day, 7250);
    json_decref(root);
}

/* context.today replaces the caller's today, for the dates too. */
static void test_today(void **state)
{
    sd_check_request req;
    sd_error err;
    int rc;

    (void)state;
    json_t *root = read_req("{\"text\": \"x\", \"context\": {\"today\": "
                            "\"2026-12-01\", \"reduced_on\": [\"2026-11-28\"]}}",
                            0, &req, &err, &rc);
    assert_int_equal(rc, SD_OK);
    assert_int_equal(req.today, day_of("2026-12-01"));
    assert_true(req.ctx.events[0].hours_ago == 72);
    json_decref(root);

    /* an earlier today makes a later date the future */
    root = read_req("{\"text\": \"x\", \"context\": {\"today\": "
                    "\"2026-11-01\", \"reduced_on\": [\"2026-11-02\"]}}",
                    0, &req, &err, &rc);
    assert_int_equal(rc, SD_ERR_INVALID);
    assert_string_equal(err.path, "$.context.reduced_on[0]");
    assert_string_equal(err.text, "this date is in the future; give the day "
                        "it happened");
    json_decref(root);
}

static void test_answers(void **state)
{
    sd_check_request req;
    sd_error err;
    int rc;

    (void)state;
    json_t *root = read_req("{\"text\": \"so sleepy\", \"answers\": "
                            "{\"can-wake\": \"no\", \"fit-now\": \"yes\"}}",
                            0, &req, &err, &rc);
    assert_int_equal(rc, SD_OK);
    assert_int_equal(req.ctx.nanswers, 2);
    assert_string_equal(req.ctx.answers[0].id, "can-wake");
    assert_int_equal(req.ctx.answers[0].yes, 0);
    assert_string_equal(req.ctx.answers[1].id, "fit-now");
    assert_int_equal(req.ctx.answers[1].yes, 1);
    json_decref(root);

    /* every question can be answered, in one request */
    json_t *ans = json_object();
    for(size_t i = 0; i < sd_triage_nquestions(); i++)
        json_object_set_new(ans, sd_triage_question(i)->id,
                            json_string(i % 2 ? "yes" : "no"));
    root = json_pack("{s:s, s:o}", "text", "dizzy", "answers", ans);
    assert_non_null(root);
    rc = sd_check_request_from_json(root, day_of("2026-11-24"), 0, &req,
                                    &err);
    assert_int_equal(rc, SD_OK);
    assert_int_equal(req.ctx.nanswers, sd_triage_nquestions());
    for(size_t i = 0; i < req.ctx.nanswers; i++) {
        assert_non_null(sd_triage_question_find(req.ctx.answers[i].id));
        assert_int_equal(req.ctx.answers[i].yes, (int)(i % 2));
    }
    json_decref(root);

    /* an empty object answers nothing */
    root = read_req("{\"text\": \"x\", \"answers\": {}}", 0, &req, &err, &rc);
    assert_int_equal(rc, SD_OK);
    assert_int_equal(req.ctx.nanswers, 0);
    json_decref(root);
}

static void test_id(void **state)
{
    sd_check_request req;
    sd_error err;
    int rc;

    (void)state;
    json_t *root = read_req("{\"id\": \"a-7\", \"text\": \"x\"}",
                            SD_CHECK_REQUEST_ID, &req, &err, &rc);
    assert_int_equal(rc, SD_OK);
    assert_true(json_is_string(req.id));
    assert_string_equal(json_string_value(req.id), "a-7");
    json_decref(root);
    root = read_req("{\"id\": 12.5, \"text\": \"x\"}", SD_CHECK_REQUEST_ID,
                    &req, &err, &rc);
    assert_int_equal(rc, SD_OK);
    assert_true(json_is_real(req.id));
    json_decref(root);
    root = read_req("{\"id\": null, \"text\": \"x\"}", SD_CHECK_REQUEST_ID,
                    &req, &err, &rc);
    assert_int_equal(rc, SD_OK);
    assert_null(req.id);
    json_decref(root);
}

/* Every refusal: the request, the flags, the path and the message. */
static const struct {
    const char *json;
    unsigned flags;
    const char *path, *text;
} refused[] = {
    {"[\"dizzy\"]", 0, "$", "give a JSON object, e.g. {\"text\": \"so dizzy\"}"},
    {"\"dizzy\"", 0, "$", "give a JSON object, e.g. {\"text\": \"so dizzy\"}"},
    {"{\"text\": \"x\", \"mood\": 1}", 0, "$.mood",
     "unknown field; the fields here are: text, drug, context, answers"},
    {"{\"text\": \"x\", \"id\": 1}", 0, "$.id",
     "unknown field; the fields here are: text, drug, context, answers"},
    {"{\"text\": \"x\", \"ID\": 1}", SD_CHECK_REQUEST_ID, "$.ID",
     "unknown field; the fields here are: text, drug, context, answers, id"},
    {"{\"text\": \"x\", \"id\": [1]}", SD_CHECK_REQUEST_ID, "$.id",
     "give a string or a number"},
    {"{\"text\": \"x\", \"id\": true}", SD_CHECK_REQUEST_ID, "$.id",
     "give a string or a number"},
    {"{}", 0, "$.text", "missing: give a string"},
    {"{\"text\": null}", 0, "$.text", "missing: give a string"},
    {"{\"text\": 7}", 0, "$.text", "give a string"},
    {"{\"text\": \"\"}", 0, "$.text", "give 1 to 65536 characters (got 0)"},
    {"{\"text\": \"a\\u0001b\"}", 0, "$.text",
     "no control characters or NUL, please"},
    {"{\"text\": \"x\", \"drug\": 3}", 0, "$.drug", "give a string"},
    {"{\"text\": \"x\", \"drug\": \"\"}", 0, "$.drug",
     "give 1 to 64 characters (got 0)"},
    {"{\"text\": \"x\", \"context\": [1]}", 0, "$.context",
     "give an object, e.g. {\"dose_mg_day\": 60}"},
    {"{\"text\": \"x\", \"context\": {\"mood\": 1}}", 0, "$.context.mood",
     "unknown field; the fields here are: route, dose_mg_day, reduced_on, "
     "stopped_on, increased_on, hours_since_dose, days_on_drug, egfr, age, "
     "alcohol, sedatives, today"},
    {"{\"text\": \"x\", \"context\": {\"answers\": {}}}", 0,
     "$.context.answers", "unknown field; the fields here are: route, "
     "dose_mg_day, reduced_on, stopped_on, increased_on, hours_since_dose, "
     "days_on_drug, egfr, age, alcohol, sedatives, today"},
    {"{\"text\": \"x\", \"context\": {\"today\": \"2026-02-30\"}}", 0,
     "$.context.today", "give a date as YYYY-MM-DD"},
    {"{\"text\": \"x\", \"context\": {\"today\": 20261124}}", 0,
     "$.context.today", "give a date as YYYY-MM-DD"},
    {"{\"text\": \"x\", \"context\": {\"route\": 1}}", 0, "$.context.route",
     "give a string"},
    {"{\"text\": \"x\", \"context\": {\"route\": \"nasal\"}}", 0,
     "$.context.route", "give \"oral\" or \"intrathecal\""},
    {"{\"text\": \"x\", \"context\": {\"route\": \"intrathecal-pump-x\"}}", 0,
     "$.context.route", "give 1 to 16 characters (got 18)"},
    {"{\"text\": \"x\", \"context\": {\"dose_mg_day\": \"12.5555\"}}", 0,
     "$.context.dose_mg_day",
     "give milligrams, e.g. 60 or 12.5 (at most 3 decimals)"},
    {"{\"text\": \"x\", \"context\": {\"dose_mg_day\": -5}}", 0,
     "$.context.dose_mg_day",
     "give milligrams, e.g. 60 or 12.5 (at most 3 decimals)"},
    {"{\"text\": \"x\", \"context\": {\"dose_mg_day\": true}}", 0,
     "$.context.dose_mg_day",
     "give milligrams, e.g. 60 or 12.5 (at most 3 decimals)"},
    {"{\"text\": \"x\", \"context\": {\"reduced_on\": \"2026-11-20\"}}", 0,
     "$.context.reduced_on", "give a list of dates, e.g. [\"2026-11-20\"]"},
    {"{\"text\": \"x\", \"context\": {\"stopped_on\": [\"2026-11-20\", 5]}}",
     0, "$.context.stopped_on[1]", "give a date as YYYY-MM-DD"},
    {"{\"text\": \"x\", \"context\": {\"increased_on\": [\"2026-11-25\"]}}", 0,
     "$.context.increased_on[0]",
     "this date is in the future; give the day it happened"},
    {"{\"text\": \"x\", \"context\": {\"hours_since_dose\": -1}}", 0,
     "$.context.hours_since_dose", "give a number from 0 to 8760"},
    {"{\"text\": \"x\", \"context\": {\"days_on_drug\": 1.5}}", 0,
     "$.context.days_on_drug", "give a whole number from 0 to 36500"},
    {"{\"text\": \"x\", \"context\": {\"egfr\": \"low\"}}", 0,
     "$.context.egfr", "give a number from 0 to 200"},
    {"{\"text\": \"x\", \"context\": {\"egfr\": 201}}", 0, "$.context.egfr",
     "give a number from 0 to 200"},
    {"{\"text\": \"x\", \"context\": {\"age\": 131}}", 0, "$.context.age",
     "give a whole number from 0 to 130"},
    {"{\"text\": \"x\", \"context\": {\"alcohol\": \"yes\"}}", 0,
     "$.context.alcohol", "give true or false"},
    {"{\"text\": \"x\", \"context\": {\"sedatives\": 1}}", 0,
     "$.context.sedatives", "give true or false"},
    {"{\"text\": \"x\", \"answers\": [\"can-wake=no\"]}", 0, "$.answers",
     "give an object of answers, e.g. {\"can-wake\": \"no\"}"},
    {"{\"text\": \"x\", \"answers\": \"can-wake=no\"}", 0, "$.answers",
     "give an object of answers, e.g. {\"can-wake\": \"no\"}"},
    {"{\"text\": \"x\", \"answers\": {\"can-wake\": \"maybe\"}}", 0,
     "$.answers.can-wake", "give \"yes\" or \"no\""},
    {"{\"text\": \"x\", \"answers\": {\"can-wake\": false}}", 0,
     "$.answers.can-wake", "give \"yes\" or \"no\""},
    {"{\"text\": \"x\", \"answers\": {\"fit-now\": \"yes\", \"can-walk\": "
     "\"no\"}}", 0, "$.answers.can-walk", NULL},
};

static void test_refused(void **state)
{
    sd_check_request req;
    sd_error err;
    int rc;

    (void)state;
    for(size_t i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
        json_t *root = read_req(refused[i].json, refused[i].flags, &req, &err,
                                &rc);
        if(rc != SD_ERR_INVALID || strcmp(err.path, refused[i].path) ||
           (refused[i].text && strcmp(err.text, refused[i].text)))
            fail_msg("%s: got %d %s: %s; want %s: %s", refused[i].json, rc,
                     err.path, err.text, refused[i].path,
                     refused[i].text ? refused[i].text : "(any)");
        json_decref(root);
    }

    /* an unknown question: the message lists every question */
    json_t *root = read_req("{\"text\": \"x\", \"answers\": {\"can-walk\": "
                            "\"no\"}}", 0, &req, &err, &rc);
    assert_int_equal(rc, SD_ERR_INVALID);
    assert_non_null(strstr(err.text, "unknown question 'can-walk'"));
    for(size_t i = 0; i < sd_triage_nquestions(); i++)
        assert_non_null(strstr(err.text, sd_triage_question(i)->id));
    json_decref(root);

    /* NUL inside the text */
    root = json_object();
    json_object_set_new(root, "text", json_stringn("a\0b", 3));
    rc = sd_check_request_from_json(root, 0, 0, &req, &err);
    assert_int_equal(rc, SD_ERR_INVALID);
    assert_string_equal(err.path, "$.text");
    assert_string_equal(err.text, "no control characters or NUL, please");
    json_decref(root);

    /* the longest text is read, one byte more is not */
    char *big = malloc(SD_CHECK_MAX_TEXT + 2);
    assert_non_null(big);
    memset(big, 'a', SD_CHECK_MAX_TEXT + 1);
    big[SD_CHECK_MAX_TEXT + 1] = '\0';
    root = json_pack("{s:s%}", "text", big, SD_CHECK_MAX_TEXT);
    rc = sd_check_request_from_json(root, 0, 0, &req, &err);
    assert_int_equal(rc, SD_OK);
    assert_int_equal(req.len, SD_CHECK_MAX_TEXT);
    json_decref(root);
    root = json_pack("{s:s}", "text", big);
    rc = sd_check_request_from_json(root, 0, 0, &req, &err);
    assert_int_equal(rc, SD_ERR_INVALID);
    assert_string_equal(err.text, "give 1 to 65536 characters (got 65537)");
    json_decref(root);
    free(big);

    /* 17 dose changes: the 17th is refused where it is */
    json_t *dates = json_array();
    for(int i = 0; i < 17; i++)
        json_array_append_new(dates, json_string("2026-11-01"));
    root = json_pack("{s:s, s:{s:o}}", "text", "x", "context", "reduced_on",
                     dates);
    rc = sd_check_request_from_json(root, day_of("2026-11-24"), 0, &req,
                                    &err);
    assert_int_equal(rc, SD_ERR_INVALID);
    assert_string_equal(err.path, "$.context.reduced_on[16]");
    assert_string_equal(err.text, "at most 16 dose changes in all");
    json_decref(root);
}

/* A long unknown key is cut in the path, never inside a character. */
static void test_long_key(void **state)
{
    sd_check_request req;
    sd_error err;
    char key[400];
    size_t n = 0;

    (void)state;
    while(n + 2 < sizeof(key)) {
        key[n++] = (char)0xc3;  /* "\u00e9" */
        key[n++] = (char)0xa9;
    }
    key[n] = '\0';
    for(int in_ctx = 0; in_ctx < 2; in_ctx++) {
        json_t *root = json_pack("{s:s}", "text", "x"), *holder = root;
        if(in_ctx) {
            holder = json_object();
            json_object_set_new(root, "context", holder);
        }
        json_object_set_new(holder, key, json_null());
        int rc = sd_check_request_from_json(root, 0, 0, &req, &err);
        assert_int_equal(rc, SD_ERR_INVALID);
        /* cut at 127 bytes, the half character dropped */
        assert_int_equal(strlen(err.path), 126);
        assert_int_equal(strncmp(err.path, in_ctx ? "$.context." : "$.",
                                 in_ctx ? 10 : 2), 0);
        json_t *s = json_string(err.path);  /* valid UTF-8 */
        assert_non_null(s);
        json_decref(s);
        json_decref(root);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_minimal),
        cmocka_unit_test(test_context),
        cmocka_unit_test(test_today),
        cmocka_unit_test(test_answers),
        cmocka_unit_test(test_id),
        cmocka_unit_test(test_refused),
        cmocka_unit_test(test_long_key),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
