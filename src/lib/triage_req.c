/*
** triage_req.c: a check request read from JSON (triage_json.h), the one
** reader of POST /api/v1/check and of `stepdown check --batch`.
**
** Each refusal names the field by its JSON path and says what to send
** instead; the server sends it as it is (docs/API.md), the CLI puts it in
** the line's "error".
*/
#include <stdio.h>
#include <string.h>

#include "json_read.h"
#include "stepdown/triage_json.h"

/* The dates of key (a list) as dose events of kind, hours before today. */
static int dates_into(json_t *o, const char *path, const char *key,
                      int kind, long today, sd_context *c, sd_error *err)
{
    char w[SD__JR_PATH_MAX], wi[SD__JR_PATH_MAX + 12];
    json_t *a = json_object_get(o, key), *v;
    size_t i;

    snprintf(w, sizeof(w), "%s.%s", path, key);
    if(!a || json_is_null(a))
        return SD_OK;
    if(!json_is_array(a))
        return sd__jr_fail(err, w, "give a list of dates, e.g. "
                           "[\"2026-11-20\"]");
    json_array_foreach(a, i, v) {
        long day;
        snprintf(wi, sizeof(wi), "%s[%zu]", w, i);
        if(sd__jr_date_value(v, wi, &day, err))
            return SD_ERR_INVALID;
        if(day > today)
            return sd__jr_fail(err, wi, "this date is in the future; give "
                               "the day it happened");
        if(c->nevents == SD_CONTEXT_MAX_EVENTS)
            return sd__jr_fail(err, wi, "at most %d dose changes in all",
                               SD_CONTEXT_MAX_EVENTS);
        c->events[c->nevents].kind = kind;
        c->events[c->nevents].hours_ago = (double)(today - day) * 24;
        c->events[c->nevents++].slack = 24;
    }
    return SD_OK;
}

static int context_of(json_t *ctx, sd_check_request *req, sd_error *err)
{
    static const char *const keys[] = {
        "route", "dose_mg_day", "reduced_on", "stopped_on", "increased_on",
        "hours_since_dose", "days_on_drug", "egfr", "age", "alcohol",
        "sedatives", "today", NULL};
    static const char P[] = "$.context";
    sd_context *c = &req->ctx;
    const char *route = NULL;
    int64_t n;

    if(!json_is_object(ctx))
        return sd__jr_fail(err, P, "give an object, e.g. "
                           "{\"dose_mg_day\": 60}");
    if(sd__jr_only_keys(ctx, P, keys, err) ||
       sd__jr_date(ctx, P, "today", 0, &req->today, err) ||
       sd__jr_str(ctx, P, "route", 0, 1, 16, &route, err))
        return SD_ERR_INVALID;
    if(route) {
        if(!strcmp(route, "oral"))
            c->route = SD_ROUTE_ORAL;
        else if(!strcmp(route, "intrathecal"))
            c->route = SD_ROUTE_INTRATHECAL;
        else
            return sd__jr_fail(err, "$.context.route", "give \"oral\" or "
                               "\"intrathecal\"");
    }
    if(sd__jr_mg(ctx, P, "dose_mg_day", 0, &c->dose_ug_day, err) ||
       dates_into(ctx, P, "reduced_on", SD_CUE_REDUCED, req->today, c,
                  err) ||
       dates_into(ctx, P, "stopped_on", SD_CUE_STOPPED, req->today, c,
                  err) ||
       dates_into(ctx, P, "increased_on", SD_CUE_INCREASED, req->today, c,
                  err) ||
       sd__jr_num(ctx, P, "hours_since_dose", 0, 0, 24 * 365,
                  &c->hours_since_dose, err) ||
       sd__jr_num(ctx, P, "egfr", 0, 0, 200, &c->egfr, err) ||
       sd__jr_bool(ctx, P, "alcohol", &c->alcohol, err) ||
       sd__jr_bool(ctx, P, "sedatives", &c->sedatives, err))
        return SD_ERR_INVALID;
    n = -1;
    if(sd__jr_int(ctx, P, "days_on_drug", 0, 0, 36500, &n, err))
        return SD_ERR_INVALID;
    if(n >= 0)
        c->days_on_drug = (int)n;
    n = -1;
    if(sd__jr_int(ctx, P, "age", 0, 0, 130, &n, err))
        return SD_ERR_INVALID;
    if(n >= 0)
        c->age = (int)n;
    return SD_OK;
}

/* "answers": {"can-wake": "no", ...}, each id one of the checker's
** questions (sd_triage_question()). */
static int answers_of(json_t *ans, sd_context *c, sd_error *err)
{
    static const char P[] = "$.answers";
    const char *k;
    json_t *v;

    if(!json_is_object(ans))
        return sd__jr_fail(err, P, "give an object of answers, e.g. "
                           "{\"can-wake\": \"no\"}");
    json_object_foreach(ans, k, v) {
        char w[SD__JR_PATH_MAX];
        sd_error e;
        snprintf(w, sizeof(w), "%s.%s", P, k);
        if(!sd_triage_question_find(k)) {
            /* its message lists the questions */
            sd_context_answer(c, k, 0, &e);
            return sd__jr_fail(err, w, "%s", e.text);
        }
        if(!json_is_string(v) || (strcmp(json_string_value(v), "yes") &&
                                  strcmp(json_string_value(v), "no")))
            return sd__jr_fail(err, w, "give \"yes\" or \"no\"");
        if(sd_context_answer(c, k, json_string_value(v)[0] == 'y', &e))
            return sd__jr_fail(err, w, "%s", e.text);
    }
    return SD_OK;
}

int sd_check_request_from_json(json_t *root, long today, unsigned flags,
                               sd_check_request *req, sd_error *err)
{
    static const char *const keys[] = {"text", "drug", "context", "answers",
                                       NULL};
    static const char *const keys_id[] = {"text", "drug", "context",
                                          "answers", "id", NULL};
    json_t *v;

    memset(req, 0, sizeof(*req));
    sd_context_init(&req->ctx);
    req->today = today;
    sd_error_clear(err);
    if(!json_is_object(root))
        return sd__jr_fail(err, "$", "give a JSON object, e.g. "
                           "{\"text\": \"so dizzy\"}");
    if(sd__jr_only_keys(root, "$", flags & SD_CHECK_REQUEST_ID ? keys_id
                                                               : keys,
                        err) ||
       sd__jr_str(root, "$", "text", 1, 1, SD_CHECK_MAX_TEXT, &req->text,
                  err) ||
       sd__jr_str(root, "$", "drug", 0, 1, 64, &req->drug, err))
        return SD_ERR_INVALID;
    req->len = strlen(req->text);
    if(flags & SD_CHECK_REQUEST_ID) {
        v = json_object_get(root, "id");
        if(v && !json_is_null(v) && !json_is_string(v) && !json_is_number(v))
            return sd__jr_fail(err, "$.id", "give a string or a number");
        req->id = v && !json_is_null(v) ? v : NULL;
    }
    v = json_object_get(root, "context");
    if(v && !json_is_null(v) && context_of(v, req, err))
        return SD_ERR_INVALID;
    v = json_object_get(root, "answers");
    if(v && !json_is_null(v) && answers_of(v, &req->ctx, err))
        return SD_ERR_INVALID;
    return SD_OK;
}
