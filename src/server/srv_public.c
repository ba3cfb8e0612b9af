/*
** srv_public.c: the routes anyone may use: health, the OpenAPI document,
** the drug facts, the symptom checker, the taper planner and its exports,
** and the pump calculator. None of them stores anything.
*/
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "server.h"
#include "stepdown/date.h"
#include "stepdown/kb_json.h"
#include "stepdown/pump.h"
#include "stepdown/taper_export.h"
#include "stepdown/taper_json.h"
#include "stepdown/taper_policy.h"
#include "stepdown/triage.h"
#include "stepdown/triage_json.h"

int h_health(struct srv_req *q, struct srv_resp *r)
{
    (void)q;
    return srv_json(r, 200, json_pack("{s:s, s:s, s:i, s:s}", "status", "ok",
                                      "version", SD_VERSION, "schema",
                                      SD_STORE_SCHEMA_VERSION, "notice",
                                      SD_SUPPORT_NOTICE));
}

int h_openapi(struct srv_req *q, struct srv_resp *r)
{
    (void)q;
    if(!srv_static("/openapi.json", r))
        return srv_error(r, 404, "not_found", NULL,
                         "the OpenAPI document is missing from the web "
                         "directory");
    return 200;
}

int h_drugs(struct srv_req *q, struct srv_resp *r)
{
    json_t *a = json_array();
    (void)q;
    for(size_t i = 0; a && i < srv_g->ndrugs; i++) {
        const sd_monograph *m = srv_g->drugs[i].m;
        json_t *forms = json_array();
        for(size_t k = 0; forms && k < sd_monograph_nformulations(m); k++) {
            const sd_formulation *f = sd_monograph_formulation(m, k);
            json_t *st = json_array();
            for(size_t j = 0; st && j < f->nstrengths; j++)
                json_array_append_new(
                    st, json_pack("{s:I, s:I}", "amount_ug",
                                  (json_int_t)f->strengths[j].amount_ug,
                                  "ug_per_ml",
                                  (json_int_t)f->strengths[j].ug_per_ml));
            json_array_append_new(forms, json_pack("{s:s, s:s, s:s, s:o*}",
                                                   "id", f->id, "name",
                                                   f->name, "route",
                                                   f->route, "strengths",
                                                   st));
        }
        json_array_append_new(a, json_pack("{s:s, s:s, s:b, s:o*}", "id",
                                           sd_monograph_id(m), "name",
                                           sd_monograph_name(m), "default",
                                           i == srv_g->default_drug,
                                           "formulations", forms));
    }
    return srv_json(r, 200, a ? json_pack("{s:o}", "drugs", a) : NULL);
}

static const struct srv_drug *drug_param(struct srv_req *q,
                                         struct srv_resp *r)
{
    const struct srv_drug *d = srv_drug_find(q->params[0]);
    if(!d)
        srv_error(r, 404, "not_found", NULL, "no drug '%.64s' here (GET "
                  "/api/v1/drugs lists them)", q->params[0]);
    return d;
}

int h_side_effects(struct srv_req *q, struct srv_resp *r)
{
    const struct srv_drug *d = drug_param(q, r);
    unsigned mask = 0;
    if(!d)
        return 404;
    const char *tier = q->query(q->ctx, "tier");
    if(!tier || !*tier) {
        mask = SD_TIERMASK_ALL;
    } else {
        const char *p = tier;
        while(*p) {
            size_t n = strcspn(p, ",");
            if(n == 6 && !strncmp(p, "common", 6))
                mask |= SD_TIERMASK_COMMON;
            else if(n == 4 && !strncmp(p, "rare", 4))
                mask |= SD_TIERMASK_RARE;
            else if(n == 7 && !strncmp(p, "serious", 7))
                mask |= SD_TIERMASK_SERIOUS;
            else
                return srv_error(r, 400, "invalid", "tier", "give tier as "
                                 "common, rare and serious, comma-separated");
            p += n + (p[n] == ',');
        }
    }
    return srv_json(r, 200, sd_side_effects_json(d->m, mask));
}

int h_sources(struct srv_req *q, struct srv_resp *r)
{
    const struct srv_drug *d = drug_param(q, r);
    return d ? srv_json(r, 200, sd_sources_json(d->m)) : 404;
}

int h_check(struct srv_req *q, struct srv_resp *r)
{
    struct srv_fault f;
    sd_check_request req;
    int tz;
    int64_t now = srv_now(&tz);
    json_t *root = srv_body_object(q->body, q->len, &f);
    if(!root)
        return srv_fault_send(r, &f);
    if(srv_parse_check(root, sd_local_day(now, tz), &req, &f)) {
        json_decref(root);
        return srv_fault_send(r, &f);
    }
    const struct srv_drug *d = srv_drug_find(req.drug);
    if(!d) {
        /* drug lives in root: answer first */
        int e = srv_error(r, 400, "invalid", "$.drug", "no drug '%.64s' "
                          "here (GET /api/v1/drugs lists them)", req.drug);
        json_decref(root);
        return e;
    }
    sd_assessment a;
    sd_error err;
    sd_assessment_init(&a);
    /* the assessment points into the text, which lives in root */
    int rc = sd_check(d->lx, &req.ctx, req.text, req.len, &a, &err);
    if(rc) {
        rc = srv_invalid(r, "$.text", &err);
    } else {
        size_t n = 0;
        char *s = sd_assessment_json_text(d->lx, &a, &n);
        rc = srv_json_text(r, 200, s, n);
    }
    sd_assessment_release(&a);
    json_decref(root);
    return rc;
}

/* ---- plans ---- */

struct srv_plan *srv_plan_new(void)
{
    /* calloc's zeroing of it was 8% of POST /plans */
    struct srv_plan *in = malloc(sizeof(*in));
    if(in)
        in->d = NULL;
    return in;
}

/* After the request or plan is read (rc): its drug, then its policy
** (a plan) or the plan made (a request). */
static int plan_made(int rc, int is_plan, const char *where,
                     struct srv_plan *in, struct srv_resp *r, sd_error *err)
{
    if(rc)
        return srv_invalid(r, where, err);
    in->d = srv_drug_find(in->spec.drug[0] ? in->spec.drug : NULL);
    if(!in->d)
        return srv_error(r, 400, "invalid", "$.drug", "no drug '%.64s' here",
                         in->spec.drug);
    rc = is_plan ? sd_taper_policy_of(in->d->m, &in->spec, &in->pol, err)
                 : sd_taper_make(in->d->m, &in->spec, &in->pol, &in->p, err);
    return rc ? srv_invalid(r, where, err) : 0;
}

int srv_plan_read(const char *s, size_t len, int is_plan,
                  const char *where, struct srv_plan *in, struct srv_resp *r)
{
    sd_error err;
    int rc = is_plan ? sd_taper_plan_from_json(s, len, &in->spec, &in->p,
                                               &err)
                     : sd_taper_spec_from_json(s, len, &in->spec, &err);
    return plan_made(rc, is_plan, where, in, r, &err);
}

int srv_plan_from(json_t *v, int is_plan, const char *where,
                  struct srv_plan *in, struct srv_resp *r)
{
    sd_error err;
    int rc = is_plan ? sd_taper_plan_from_value(v, &in->spec, &in->p, &err)
                     : sd_taper_spec_from_value(v, &in->spec, &err);
    return plan_made(rc, is_plan, where, in, r, &err);
}

json_t *srv_plan_json(const struct srv_plan *in, const sd_taper_plan *p)
{
    sd_taper_label l;
    sd_taper_label_init(&l, in->d->m, p, (long long)srv_now(NULL));
    return sd_taper_plan_to_json(in->d->m, &in->spec, &in->pol, p, &l);
}

char *srv_plan_text(const struct srv_plan *in, const sd_taper_plan *p,
                    size_t *len)
{
    sd_taper_label l;
    sd_taper_label_init(&l, in->d->m, p, (long long)srv_now(NULL));
    return sd_taper_plan_json_text(in->d->m, &in->spec, &in->pol, p, &l,
                                   len);
}

/* A plan as the answer. */
static int plan_answer(struct srv_resp *r, const struct srv_plan *in,
                       const sd_taper_plan *p)
{
    size_t n = 0;
    char *s = srv_plan_text(in, p, &n);
    return srv_json_text(r, 200, s, n);
}

int h_plan(struct srv_req *q, struct srv_resp *r)
{
    struct srv_fault f;
    json_t *root = srv_body_object(q->body, q->len, &f);
    if(!root)
        return srv_fault_send(r, &f);
    struct srv_plan *in = srv_plan_new();
    int rc = in ? srv_plan_from(root, 0, "$", in, r) : srv_json(r, 500, NULL);
    if(!rc)
        rc = plan_answer(r, in, &in->p);
    free(in);
    json_decref(root);
    return rc;
}

int h_plan_adjust(struct srv_req *q, struct srv_resp *r)
{
    static const char *const keys[] = {"plan", "withdrawal_on", "hold_days",
                                       NULL};
    struct srv_fault f;
    long wday = -1;
    int64_t hold = 7;
    sd_error err;
    json_t *root = srv_body_object(q->body, q->len, &f);
    if(!root)
        return srv_fault_send(r, &f);
    if(srv_only_keys(root, "$", keys, &f) ||
       srv_get_date(root, "withdrawal_on", 1, &wday, &f) ||
       srv_get_int(root, "hold_days", 0, 1, 365, &hold, &f)) {
        json_decref(root);
        return srv_fault_send(r, &f);
    }
    json_t *pj = json_object_get(root, "plan");
    if(!json_is_object(pj)) {
        json_decref(root);
        return srv_error(r, 400, "invalid", "$.plan", "give the plan (as "
                         "POST /api/v1/plans returned it)");
    }
    struct srv_plan *in = srv_plan_new();
    int rc = in ? srv_plan_from(pj, 1, "$.plan", in, r) : srv_json(r, 500, NULL);
    if(!rc) {
        if(sd_taper_adjust(&in->p, wday, (int)hold, &in->adj, &err))
            rc = srv_invalid(r, "$.withdrawal_on", &err);
        else
            rc = plan_answer(r, in, &in->adj);
    }
    free(in);
    json_decref(root);
    return rc;
}

/* libical's built-in time zones are shared by the process. */
static pthread_mutex_t ics_lock = PTHREAD_MUTEX_INITIALIZER;

int h_plan_export(struct srv_req *q, struct srv_resp *r)
{
    static const char *const keys[] = {"plan", "request", NULL};
    struct srv_fault f;
    /* f.msg tells below whether a parser set f */
    sd_error err;
    const char *fmt = q->query(q->ctx, "format");
    memset(&f, 0, sizeof(f));
    if(!fmt || (strcmp(fmt, "ics") && strcmp(fmt, "fhir") &&
                strcmp(fmt, "csv") && strcmp(fmt, "text") &&
                strcmp(fmt, "json")))
        return srv_error(r, 400, "invalid", "format", "give ?format=ics, "
                         "fhir, csv, text or json");
    json_t *root = srv_body_object(q->body, q->len, &f);
    if(!root)
        return srv_fault_send(r, &f);
    json_t *pj = json_object_get(root, "plan");
    json_t *rq = json_object_get(root, "request");
    if(srv_only_keys(root, "$", keys, &f) || (!pj == !rq)) {
        json_decref(root);
        if(!f.msg[0])
            srv_faultf(&f, "$", "give one of \"plan\" (a plan) or "
                       "\"request\" (a plan request)");
        return srv_fault_send(r, &f);
    }
    struct srv_plan *in = srv_plan_new();
    int rc = in ? srv_plan_from(pj ? pj : rq, pj != NULL,
                                  pj ? "$.plan" : "$", in, r)
                : srv_json(r, 500, NULL);
    json_decref(root);
    if(rc) {
        free(in);
        return rc;
    }
    sd_taper_label l;
    sd_taper_label_init(&l, in->d->m, &in->p, (long long)srv_now(NULL));
    char *buf = NULL;
    size_t len = 0;
    if(!strcmp(fmt, "ics")) {
        pthread_mutex_lock(&ics_lock);
        char *ics = sd_taper_ics(&in->p, &l, &err);
        pthread_mutex_unlock(&ics_lock);
        if(!ics) {
            rc = srv_fail(r, SD_ERR_NOMEM, &err);
        } else {
            len = strlen(ics);
            buf = malloc(len + 1);
            if(buf)
                memcpy(buf, ics, len + 1);
            sd_free(ics);
            rc = buf ? srv_attach(r, "text/calendar; charset=utf-8",
                                  "taper-plan.ics", buf, len)
                     : srv_json(r, 500, NULL);
        }
    } else if(!strcmp(fmt, "fhir") || !strcmp(fmt, "json")) {
        json_t *j = fmt[0] == 'f' ? sd_taper_fhir(&in->p, &l, &err)
                                  : srv_plan_json(in, &in->p);
        buf = j ? json_dumps(j, JSON_INDENT(2) | JSON_REAL_PRECISION(15))
                : NULL;
        json_decref(j);
        rc = buf ? srv_attach(r, fmt[0] == 'f' ? "application/fhir+json"
                                               : "application/json",
                              fmt[0] == 'f' ? "taper-plan.fhir.json"
                                            : "taper-plan.json",
                              buf, strlen(buf))
                 : srv_json(r, 500, NULL);
    } else {
        FILE *m = open_memstream(&buf, &len);
        if(m) {
            if(fmt[0] == 'c')
                sd_taper_write_csv(m, &in->p);
            else
                sd_taper_write_lines(m, &in->p, &l);
            fclose(m);
        }
        rc = buf ? srv_attach(r, fmt[0] == 'c' ? "text/csv; charset=utf-8"
                                               : "text/plain; charset=utf-8",
                              fmt[0] == 'c' ? "taper-plan.csv"
                                            : "taper-plan.txt",
                              buf, len)
                 : srv_json(r, 500, NULL);
    }
    free(in);
    return rc;
}

int h_pump(struct srv_req *q, struct srv_resp *r)
{
    struct srv_fault f;
    sd_pump_request pr;
    sd_pump_plan *pp;
    const char *drug;
    sd_error err;
    int tz;
    int64_t now = srv_now(&tz);
    json_t *root = srv_body_object(q->body, q->len, &f);
    if(!root)
        return srv_fault_send(r, &f);
    if(srv_parse_pump(root, sd_local_day(now, tz), &pr, &drug, &f)) {
        json_decref(root);
        return srv_fault_send(r, &f);
    }
    const struct srv_drug *d = srv_drug_find(drug);
    json_decref(root);
    if(!d)
        return srv_error(r, 400, "invalid", "$.drug", "no such drug here");
    if(!(pp = calloc(1, sizeof(*pp))))
        return srv_json(r, 500, NULL);
    int rc = sd_pump_compute(d->m, &pr, pp, &err);
    if(rc)
        rc = srv_invalid(r, "$", &err);
    else
        rc = srv_json(r, 200, sd_pump_json(d->m, &pr, pp, 1));
    free(pp);
    return rc;
}
