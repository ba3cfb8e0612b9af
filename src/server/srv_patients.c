/*
** srv_patients.c: the patient data routes: the panel, a patient's status
** and diary, prescriptions, plan versions, entries, alerts, the doctor's
** report and the FHIR Bundle.
**
** Every route that names a patient first asks srv_may_see(): a patient
** sees their own record, a clinician or admin the linked ones, and any
** other id is 404 (foreign data is not revealed). The dispatcher then
** writes the audit line. A write runs the monitor over the patient, as the
** CLI does, and answers with the alerts it raised.
*/
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "server.h"
#include "stepdown/date.h"
#include "stepdown/diary_export.h"
#include "stepdown/taper_json.h"
#include "stepdown/taper_policy.h"
#include "stepdown/triage.h"
#include "stepdown/wscore.h"

/* The patient of path parameter 0, when q may see it. */
static int patient_param(struct srv_req *q, struct srv_resp *r,
                         sd_patient *p)
{
    sd_error err;
    int64_t id = srv_param_id(q, 0);
    sd_store *st = srv_store();
    if(!st)
        return srv_no_db(r), -1;
    if(srv_may_see(q, r, id))
        return -1;
    if(sd_store_patient_get(st, id, p, &err)) {
        srv_error(r, 404, "not_found", NULL, "no patient %.20s",
                  q->params[0]);
        return -1;
    }
    return 0;
}

static int load(sd_store *st, int64_t pid, sd_diary *d, struct srv_resp *r)
{
    sd_error err;
    sd_diary_init(d);
    int rc = sd_store_diary_load(st, pid, INT64_MIN, INT64_MAX, d, &err);
    if(rc) {
        sd_diary_release(d);
        return srv_fail(r, rc, &err), -1;
    }
    return 0;
}

json_t *srv_alert_json(const sd_alert *a)
{
    return json_pack("{s:I, s:I, s:s, s:s, s:s, s:I, s:o, s:s, s:s, s:o, "
                     "s:I, s:o, s:s?, s:s?}",
                     "id", (json_int_t)a->id, "patient_id",
                     (json_int_t)a->patient_id, "rule", a->rule, "key",
                     a->key ? a->key : "", "level",
                     sd_disposition_name(a->disposition), "at",
                     (json_int_t)a->at, "entry_id",
                     a->entry_id ? json_integer(a->entry_id) : json_null(),
                     "text", a->text ? a->text : "", "advice",
                     a->advice ? a->advice : "", "sources",
                     json_string(a->sources ? a->sources : ""), "created",
                     (json_int_t)a->created, "acked_at",
                     a->acked_at ? json_integer(a->acked_at) : json_null(),
                     "acked_by", a->acked_by, "ack_note", a->ack_note);
}

static int append_alert(const sd_alert *a, void *arg)
{
    return json_array_append_new(arg, srv_alert_json(a)) ? SD_ERR_NOMEM : 0;
}

int srv_monitor(sd_store *st, const struct srv_drug *dr, int64_t pid,
                int64_t now, json_t *out, sd_error *err)
{
    int rc = sd_monitor_store(st, dr->m, &srv_g->cfg, pid, now,
                              out ? append_alert : NULL, out, err);
    if(rc == SD_ERR_NOMEM)
        sd_error_setf(err, "out of memory");
    return rc;
}

/* ---- the panel ---- */

struct row {
    sd_patient p;
    int level;              /* highest open alert, -1 none */
    int64_t oldest;         /* the oldest open alert at that level */
    int open;
};

struct panel {
    sd_store *st;
    struct row *rows;
    size_t n, cap;
};

static int open_cb(const sd_alert *a, void *arg)
{
    struct row *w = arg;
    w->open++;
    if(a->disposition > w->level ||
       (a->disposition == w->level && a->at < w->oldest)) {
        w->level = a->disposition;
        w->oldest = a->at;
    }
    return 0;
}

static int panel_cb(int64_t pid, void *arg)
{
    struct panel *pl = arg;
    sd_error err;
    if(pl->n == pl->cap) {
        size_t c = pl->cap ? pl->cap * 2 : 16;
        struct row *m = realloc(pl->rows, c * sizeof(*m));
        if(!m)
            return SD_ERR_NOMEM;
        pl->rows = m;
        pl->cap = c;
    }
    struct row *w = &pl->rows[pl->n];
    memset(w, 0, sizeof(*w));
    w->level = -1;
    if(sd_store_patient_get(pl->st, pid, &w->p, &err))
        return 0;
    int rc = sd_store_alert_each(pl->st, pid, 1, open_cb, w, &err);
    if(rc)
        return rc;
    pl->n++;
    return 0;
}

static int by_urgency(const void *a, const void *b)
{
    const struct row *x = a, *y = b;
    if(x->level != y->level)
        return y->level - x->level;
    if(x->level >= 0 && x->oldest != y->oldest)
        return x->oldest < y->oldest ? -1 : 1;
    return strcmp(x->p.pseudonym, y->p.pseudonym);
}

int h_patients(struct srv_req *q, struct srv_resp *r)
{
    struct panel pl = {srv_store(), NULL, 0, 0};
    sd_error err;
    int rc;
    if(!pl.st)
        return srv_no_db(r);
    q->audit_action = "read";
    if((rc = sd_link_each(pl.st, &q->acct, panel_cb, &pl, &err))) {
        free(pl.rows);
        if(rc == SD_ERR_NOMEM)
            return srv_json(r, 500, NULL);
        return srv_fail(r, rc, &err);
    }
    if(pl.n)    /* rows is NULL when there are none: not for qsort */
        qsort(pl.rows, pl.n, sizeof(*pl.rows), by_urgency);
    json_t *a = json_array();
    for(size_t i = 0; a && i < pl.n; i++) {
        const struct row *w = &pl.rows[i];
        json_array_append_new(
            a, json_pack("{s:I, s:s, s:o, s:o, s:i, s:o}", "id",
                         (json_int_t)w->p.id, "pseudonym", w->p.pseudonym,
                         "birth_year",
                         w->p.birth_year ? json_integer(w->p.birth_year)
                                         : json_null(),
                         "highest_open",
                         w->level >= 0
                             ? json_string(sd_disposition_name(w->level))
                             : json_null(),
                         "open_alerts", w->open, "oldest_open_at",
                         w->level >= 0 ? json_integer(w->oldest)
                                       : json_null()));
    }
    free(pl.rows);
    return srv_json(r, 200, a ? json_pack("{s:o}", "patients", a) : NULL);
}

int h_patient_new(struct srv_req *q, struct srv_resp *r)
{
    static const char *const keys[] = {"pseudonym", "birth_year", "login",
                                       NULL};
    static const char *const lkeys[] = {"username", "password", NULL};
    struct srv_fault f;
    /* f.msg tells below whether a parser set f */
    const char *name = NULL, *user = NULL, *pw = NULL;
    int64_t year = 0, pid, aid = 0;
    sd_store *st = srv_store();
    sd_error err;
    sd_patient p;
    int rc;
    char key[160];
    if(!st)
        return srv_no_db(r);
    memset(&f, 0, sizeof(f));
    json_t *root = srv_body_object(q->body, q->len, &f);
    if(!root || srv_only_keys(root, "$", keys, &f) ||
       srv_get_str(root, "pseudonym", 1, 1, 63, &name, &f) ||
       srv_get_int(root, "birth_year", 0, 1900, 2100, &year, &f)) {
        json_decref(root);
        return srv_fault_send(r, &f);
    }
    json_t *login = json_object_get(root, "login");
    if(login && !json_is_null(login) &&
       (!json_is_object(login) ||
        srv_only_keys(login, "$.login", lkeys, &f) ||
        srv_get_str_at(login, "$.login", "username", 1, 1, SD_USERNAME_MAX,
                       &user, &f) ||
        srv_get_str_at(login, "$.login", "password", 1, 1, SD_PASSWORD_MAX,
                       &pw, &f))) {
        if(!f.msg[0])
            srv_faultf(&f, "$.login", "give {\"username\", \"password\"}");
        json_decref(root);
        return srv_fault_send(r, &f);
    }
    if(sd_store_patient_find(st, name, &p, &err) == SD_OK) {
        /* name lives in root: answer first */
        rc = srv_error(r, 409, "conflict", "$.pseudonym", "the pseudonym "
                       "'%s' is taken; choose another", name);
        json_decref(root);
        return rc;
    }
    int64_t now = srv_now(NULL);
    snprintf(key, sizeof(key), "api-patient-%s", name);
    if((rc = sd_store_begin(st, &err)) ||
       (rc = sd_store_patient_add(st, key, name, (int)year, &pid, &err)) ||
       (rc = sd_link_set(st, q->acct.id, pid, 1, now, &err)) ||
       (user && (rc = sd_account_create(st, user, pw, SD_ROLE_PATIENT, pid,
                                        now, &aid, &err))) ||
       (rc = sd_store_commit(st, &err))) {
        sd_store_rollback(st);
        json_decref(root);
        if(rc == SD_ERR_INVALID && strstr(err.text, "taken"))
            return srv_error(r, 409, "conflict", "$.login.username", "%s",
                             err.text);
        return rc == SD_ERR_INVALID || rc == SD_ERR_USAGE
                   ? srv_invalid(r, user ? "$.login" : "$", &err)
                   : srv_fail(r, rc, &err);
    }
    q->patient_id = pid;
    q->audit_action = "write";
    /* name borrows from root: pack the answer before root goes */
    json_t *out = json_pack("{s:I, s:s, s:o, s:o}", "id", (json_int_t)pid,
                            "pseudonym", name, "birth_year",
                            year ? json_integer(year) : json_null(),
                            "account_id",
                            aid ? json_integer(aid) : json_null());
    json_decref(root);
    return srv_json(r, 201, out);
}

/* ---- one patient ---- */

/* Today's doses: the plan step's (when a plan is in force) or the
** prescription's, at the prescription's times, with what was logged. */
static json_t *today_json(const sd_diary *d, long today, int tz)
{
    const sd_plan_brief *step = NULL;
    const sd_plan_version *pv = sd_diary_plan_on(d, today, &step);
    const sd_rx *rx = sd_diary_rx_on(d, today);
    json_t *doses = json_array();
    int64_t amount[SD_TAPER_MAX_ADMIN];
    int n = 0;
    (void)tz;
    if(!doses)
        return NULL;
    if(rx) {
        n = rx->nadmin;
        for(int k = 0; k < n; k++)
            amount[k] = rx->dose_ug[k];
    }
    if(pv && pv->json) {
        sd_taper_spec spec;
        sd_taper_plan *p = calloc(1, sizeof(*p));
        sd_error err;
        if(p && !sd_taper_plan_from_json(pv->json, strlen(pv->json), &spec, p,
                                         &err)) {
            int s = sd_taper_step_on(p, today);
            if(s >= 0) {
                if(!rx || rx->nadmin != p->req.nadmin)
                    n = p->req.nadmin;
                for(int k = 0; k < n; k++)
                    amount[k] = p->steps[s].dose[k].ug;
            }
            if(!rx)
                for(int k = 0; k < n; k++)
                    amount[k] = p->steps[s >= 0 ? s : 0].dose[k].ug;
        }
        free(p);
    }
    for(int k = 0; k < n; k++) {
        char hhmm[8];
        int minute = rx && k < rx->nadmin ? rx->minute[k] : 0;
        snprintf(hhmm, sizeof(hhmm), "%02d:%02d", minute / 60, minute % 60);
        json_array_append_new(doses, json_pack("{s:i, s:s, s:I}", "slot",
                                               k + 1, "time", hhmm, "ug",
                                               (json_int_t)amount[k]));
    }
    json_t *logged = json_array();
    for(size_t i = 0; logged && i < d->n; i++) {
        const sd_entry *e = &d->e[i];
        if(e->kind != SD_ENTRY_DOSE || sd_local_day(e->at, e->tz_min) != today)
            continue;
        json_array_append_new(logged, json_pack("{s:I, s:s, s:I, s:I}", "id",
                                                (json_int_t)e->id, "sub",
                                                sd_dose_kind_name(e->sub),
                                                "ug",
                                                (json_int_t)e->amount_ug,
                                                "at", (json_int_t)e->at));
    }
    char date[16];
    sd_date_format(today, date, sizeof(date));
    return json_pack("{s:s, s:o, s:o*, s:o}", "date", date, "doses", doses,
                     "plan_daily_ug",
                     step ? json_integer(step->total_ug) : json_null(),
                     "logged", logged ? logged : json_array());
}

int h_patient(struct srv_req *q, struct srv_resp *r)
{
    sd_patient p;
    sd_diary d;
    if(patient_param(q, r, &p) || load(srv_store(), p.id, &d, r))
        return r->status;
    int tz;
    int64_t now = srv_now(&tz);
    long today = sd_local_day(now, tz);
    const sd_rx *rx = sd_diary_rx_on(&d, today);
    const sd_plan_brief *step = NULL;
    const sd_plan_version *pv = sd_diary_plan_on(&d, today, &step);
    json_t *alerts = json_array();
    for(int lvl = SD_DISP_COUNT - 1; alerts && lvl >= 0; lvl--)
        for(size_t i = 0; i < d.nalerts; i++)
            if(!d.alerts[i].acked_at && d.alerts[i].disposition == lvl)
                json_array_append_new(alerts, srv_alert_json(&d.alerts[i]));
    sd_adherence ad;
    sd_diary_adherence(&d, today - 7, today - 1, &ad);
    json_t *o = json_pack(
        "{s:I, s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:s}", "id",
        (json_int_t)p.id, "pseudonym", p.pseudonym, "birth_year",
        p.birth_year ? json_integer(p.birth_year) : json_null(),
        "prescription",
        rx ? json_pack("{s:s, s:I, s:I, s:i}", "formulation", rx->formulation,
                       "unit_ug", (json_int_t)rx->unit_ug, "daily_ug",
                       (json_int_t)sd_rx_daily_ug(rx), "pieces", rx->pieces)
           : json_null(),
        "plan",
        pv ? json_pack("{s:i, s:i, s:i, s:I}", "version", pv->version,
                       "step", (int)(step - pv->steps) + 1, "steps",
                       (int)pv->nsteps, "daily_ug",
                       (json_int_t)step->total_ug)
           : json_null(),
        "today", today_json(&d, today, tz), "open_alerts", alerts,
        "adherence_7d",
        ad.expected > 0 ? json_pack("{s:f, s:i, s:i, s:i, s:i}", "percent",
                                    ad.percent, "taken", (int)ad.taken,
                                    "expected", (int)ad.expected, "skipped",
                                    (int)ad.skipped, "missing",
                                    (int)ad.missing)
                        : json_null(),
        "notice", SD_SUPPORT_NOTICE);
    sd_diary_release(&d);
    return srv_json(r, 200, o);
}

static int day_query(struct srv_req *q, struct srv_resp *r, const char *name,
                     long *day)
{
    const char *s = q->query(q->ctx, name);
    if(!s)
        return 0;
    if(strlen(s) != 10 || sd_date_parse(s, day)) {
        srv_error(r, 400, "invalid", name, "give %s as YYYY-MM-DD", name);
        return -1;
    }
    return 1;
}

int h_diary(struct srv_req *q, struct srv_resp *r)
{
    sd_patient p;
    sd_diary d;
    sd_error err;
    long from = 0, to = 0;
    int hf, ht;
    if(patient_param(q, r, &p) || (hf = day_query(q, r, "from", &from)) < 0 ||
       (ht = day_query(q, r, "to", &to)) < 0)
        return r->status;
    sd_diary_init(&d);
    int rc = sd_store_diary_load(srv_store(), p.id,
                                 hf ? (int64_t)(from - 1) * 86400 : INT64_MIN,
                                 ht ? (int64_t)(to + 2) * 86400 : INT64_MAX,
                                 &d, &err);
    if(rc) {
        sd_diary_release(&d);
        return srv_fail(r, rc, &err);
    }
    rc = srv_json(r, 200, sd_diary_to_json(&d));
    sd_diary_release(&d);
    return rc;
}

/* A key from the content when the body gave none: a retried request is
** stored once. */
static const char *content_key(char *buf, size_t n, const char *kind,
                               int64_t pid, const char *body, size_t len)
{
    uint64_t h = 1469598103934665603ULL;
    for(size_t i = 0; i < len; i++)
        h = (h ^ (unsigned char)body[i]) * 1099511628211ULL;
    snprintf(buf, n, "api-%s-%" PRId64 "-%016" PRIx64, kind, pid, h);
    return buf;
}

int h_rx_new(struct srv_req *q, struct srv_resp *r)
{
    struct srv_fault f;
    sd_patient p;
    sd_rx rx;
    sd_error err;
    char key[160];
    int tz, rc;
    int64_t now = srv_now(&tz), id;
    if(patient_param(q, r, &p))
        return r->status;
    const struct srv_drug *dr = srv_drug_find(NULL);
    json_t *root = srv_body_object(q->body, q->len, &f);
    if(!root || srv_parse_rx(root, dr->m, sd_local_day(now, tz), &rx, &f)) {
        json_decref(root);
        return srv_fault_send(r, &f);
    }
    if(!rx.key)
        rx.key = content_key(key, sizeof(key), "rx", p.id, q->body, q->len);
    rx.entered = now;
    json_t *alerts = json_array();
    sd_store *st = srv_store();
    rc = sd_store_rx_add(st, p.id, &rx, &id, &err);
    if(!rc)
        rc = srv_monitor(st, dr, p.id, now, alerts, &err);
    json_decref(root);
    if(rc) {
        json_decref(alerts);
        return rc == SD_ERR_USAGE ? srv_error(r, 409, "conflict", "$.key",
                                              "%s", err.text)
                                  : srv_fail(r, rc, &err);
    }
    return srv_json(r, 201, json_pack("{s:I, s:o}", "id", (json_int_t)id,
                                      "alerts", alerts));
}

/* Store plan p of in (its JSON made here) as the patient's next version. */
static int store_plan(struct srv_resp *r, int64_t pid,
                      const struct srv_plan *in, const sd_taper_plan *p)
{
    sd_error err;
    char key[160];
    int64_t now = srv_now(NULL), id;
    int version, rc;
    char *js = srv_plan_text(in, p, NULL);
    sd_plan_brief *steps = calloc(SD_TAPER_MAX_STEPS, sizeof(*steps));
    if(!js || !steps) {
        free(js);
        free(steps);
        return srv_json(r, 500, NULL);
    }
    sd_plan_version pv;
    memset(&pv, 0, sizeof(pv));
    pv.json = js;
    pv.nsteps = sd_plan_brief_fill(p, steps, SD_TAPER_MAX_STEPS);
    pv.steps = steps;
    pv.entered = now;
    pv.key = content_key(key, sizeof(key), "plan", pid, js, strlen(js));
    json_t *alerts = json_array();
    sd_store *st = srv_store();
    rc = sd_store_plan_add(st, pid, &pv, &id, &version, &err);
    if(!rc)
        rc = srv_monitor(st, in->d, pid, now, alerts, &err);
    json_t *pj = rc ? NULL : json_loads(js, 0, NULL);
    free(js);
    free(steps);
    if(rc) {
        json_decref(alerts);
        return srv_fail(r, rc, &err);
    }
    return srv_json(r, 201, json_pack("{s:I, s:i, s:o, s:o}", "id",
                                      (json_int_t)id, "version", version,
                                      "plan", pj, "alerts", alerts));
}

int h_plan_save(struct srv_req *q, struct srv_resp *r)
{
    static const char *const keys[] = {"plan", "request", NULL};
    struct srv_fault f;
    sd_patient p;
    if(patient_param(q, r, &p))
        return r->status;
    json_t *root = srv_body_object(q->body, q->len, &f);
    if(!root || srv_only_keys(root, "$", keys, &f)) {
        json_decref(root);
        return srv_fault_send(r, &f);
    }
    json_t *pj = json_object_get(root, "plan"), *rq = json_object_get(root,
                                                                     "request");
    if(!json_is_object(pj) == !json_is_object(rq)) {
        json_decref(root);
        return srv_error(r, 400, "invalid", "$", "give one of \"plan\" (a "
                         "plan from POST /api/v1/plans) or \"request\"");
    }
    struct srv_plan *in = srv_plan_new();
    int rc = !in ? srv_json(r, 500, NULL)
                 : srv_plan_from(pj ? pj : rq, pj != NULL,
                                 pj ? "$.plan" : "$.request", in, r);
    json_decref(root);
    if(!rc)
        rc = store_plan(r, p.id, in, &in->p);
    free(in);
    return rc;
}

int h_plan_adjust_patient(struct srv_req *q, struct srv_resp *r)
{
    static const char *const keys[] = {"withdrawal_on", "hold_days", NULL};
    struct srv_fault f;
    sd_patient p;
    sd_diary d;
    sd_error err;
    long wday = -1;
    int64_t hold = 7;
    int rc;
    if(patient_param(q, r, &p))
        return r->status;
    json_t *root = srv_body_object(q->body, q->len, &f);
    if(!root || srv_only_keys(root, "$", keys, &f) ||
       srv_get_date(root, "withdrawal_on", 1, &wday, &f) ||
       srv_get_int(root, "hold_days", 0, 1, 365, &hold, &f)) {
        json_decref(root);
        return srv_fault_send(r, &f);
    }
    json_decref(root);
    if(load(srv_store(), p.id, &d, r))
        return r->status;
    if(!d.nplans || !d.plans[d.nplans - 1].json) {
        sd_diary_release(&d);
        return srv_error(r, 400, "invalid", NULL, "the patient has no plan "
                         "to adjust; save one first");
    }
    struct srv_plan *in = srv_plan_new();
    const char *js = d.plans[d.nplans - 1].json;
    rc = !in ? srv_json(r, 500, NULL)
             : srv_plan_read(js, strlen(js), 1, "$", in, r);
    sd_diary_release(&d);
    if(!rc) {
        if(sd_taper_adjust(&in->p, wday, (int)hold, &in->adj, &err))
            rc = srv_invalid(r, "$.withdrawal_on", &err);
        else
            rc = store_plan(r, p.id, in, &in->adj);
    }
    free(in);
    return rc;
}

/* ---- entries ---- */

static json_t *entry_json(const sd_entry *e, int64_t id)
{
    json_t *o = json_pack("{s:I, s:s, s:I, s:i}", "id", (json_int_t)id,
                          "kind", sd_entry_kind_name(e->kind), "at",
                          (json_int_t)e->at, "tz_min", e->tz_min);
    if(!o)
        return NULL;
    switch(e->kind) {
    case SD_ENTRY_DOSE:
        json_object_set_new(o, "sub", json_string(sd_dose_kind_name(e->sub)));
        json_object_set_new(o, "amount_ug", json_integer(e->amount_ug));
        break;
    case SD_ENTRY_SYMPTOM:
        json_object_set_new(o, "text", json_string(e->text));
        json_object_set_new(o, "level", json_string(sd_disposition_name(
                                            e->disposition)));
        json_object_set_new(o, "meaning", json_string(sd_disposition_meaning(
                                              e->disposition)));
        json_object_set_new(o, "concepts", json_string(e->concepts));
        json_object_set_new(o, "rules", json_string(e->rules));
        json_object_set_new(o, "sources", json_string(e->sources));
        break;
    case SD_ENTRY_SCORE: {
        json_object_set_new(o, "total", json_integer(e->score_total));
        sd_wscore_thresholds t = srv_g->cfg.score;
        json_object_set_new(o, "band", json_string(sd_wscore_band_name(
                                           sd_wscore_band(&t,
                                                          e->score_total))));
        json_object_set_new(o, "sources", json_string(SD_WSCORE_SOURCES));
        break;
    }
    case SD_ENTRY_SUBSTANCE:
        json_object_set_new(o, "sub", json_string(sd_substance_kind_name(
                                          e->sub)));
        if(e->sub == SD_SUBST_ALCOHOL)
            json_object_set_new(o, "drinks", json_real(e->value));
        else
            json_object_set_new(o, "what", json_string(e->text));
        break;
    case SD_ENTRY_SUPPLY:
        json_object_set_new(o, "units", json_real(e->value));
        json_object_set_new(o, "amount_ug", json_integer(e->amount_ug));
        break;
    default:
        json_object_set_new(o, "egfr", json_real(e->value));
        break;
    }
    return o;
}

int h_entry_new(struct srv_req *q, struct srv_resp *r)
{
    struct srv_fault f;
    sd_patient p;
    sd_diary d;
    sd_entry e;
    sd_error err;
    sd_symptom_fill fill;
    char key[160];
    int tz, rc;
    int64_t now = srv_now(&tz), id;
    if(patient_param(q, r, &p))
        return r->status;
    json_t *root = srv_body_object(q->body, q->len, &f);
    if(!root) {
        q->audit_action = NULL;    /* nothing was touched */
        return srv_fault_send(r, &f);
    }
    sd_store *st = srv_store();
    if(load(st, p.id, &d, r)) {
        json_decref(root);
        return r->status;
    }
    const struct srv_drug *dr = srv_drug_find(NULL);
    if(srv_parse_entry(root, &d, now, tz, &e, &f)) {
        rc = srv_fault_send(r, &f);
        goto out;
    }
    if(e.kind == SD_ENTRY_SYMPTOM &&
       (rc = sd_diary_check_symptom(dr->lx, &d, &e, &fill, &err))) {
        rc = srv_invalid(r, "$.text", &err);
        goto out;
    }
    if(!e.key) {
        /* the same body in the same minute is the same entry */
        char salted[64];
        snprintf(salted, sizeof(salted), "%" PRId64, e.at / 60);
        content_key(key, sizeof(key), sd_entry_kind_name(e.kind), p.id,
                    q->body, q->len);
        size_t k = strlen(key);
        snprintf(key + k, sizeof(key) - k, "-%s", salted);
        e.key = key;
    }
    if((rc = sd_entry_check(&d, &e, now, &err))) {
        rc = srv_invalid(r, "$", &err);
        goto out;
    }
    if((rc = sd_store_entry_add(st, p.id, &e, &id, &err))) {
        rc = rc == SD_ERR_USAGE ? srv_error(r, 409, "conflict", "$.key",
                                            "%s", err.text)
                                : srv_fail(r, rc, &err);
        goto out;
    }
    json_t *alerts = json_array();
    if((rc = srv_monitor(st, dr, p.id, now, alerts, &err))) {
        json_decref(alerts);
        rc = srv_fail(r, rc, &err);
        goto out;
    }
    rc = srv_json(r, 201, json_pack("{s:o, s:o, s:s}", "entry",
                                    entry_json(&e, id), "alerts", alerts,
                                    "notice", SD_SUPPORT_NOTICE));
out:
    sd_diary_release(&d);
    json_decref(root);
    return rc;
}

/* ---- alerts ---- */

int h_alerts(struct srv_req *q, struct srv_resp *r)
{
    sd_patient p;
    sd_diary d;
    const char *all = q->query(q->ctx, "all");
    int want_all = all && (!strcmp(all, "1") || !strcmp(all, "true"));
    if(patient_param(q, r, &p) || load(srv_store(), p.id, &d, r))
        return r->status;
    json_t *a = json_array();
    /* highest level first, then oldest */
    for(int lvl = SD_DISP_COUNT - 1; a && lvl >= 0; lvl--)
        for(size_t i = 0; i < d.nalerts; i++)
            if(d.alerts[i].disposition == lvl &&
               (want_all || !d.alerts[i].acked_at))
                json_array_append_new(a, srv_alert_json(&d.alerts[i]));
    sd_diary_release(&d);
    return srv_json(r, 200, a ? json_pack("{s:o}", "alerts", a) : NULL);
}

struct find_alert {
    int64_t id;
    int found;
};

static int find_cb(const sd_alert *a, void *arg)
{
    struct find_alert *fa = arg;
    if(a->id == fa->id)
        fa->found = 1;
    return 0;
}

int h_alert_ack(struct srv_req *q, struct srv_resp *r)
{
    static const char *const keys[] = {"note", NULL};
    struct srv_fault f;
    sd_patient p;
    sd_diary d;
    sd_error err;
    const char *note = NULL;
    char *copy = NULL;
    struct find_alert fa = {srv_param_id(q, 1), 0};
    int rc;
    if(patient_param(q, r, &p))
        return r->status;
    sd_store *st = srv_store();
    if(q->len) {
        json_t *root = srv_body_object(q->body, q->len, &f);
        if(!root || srv_only_keys(root, "$", keys, &f) ||
           srv_get_str(root, "note", 0, 0, 1000, &note, &f)) {
            json_decref(root);
            return srv_fault_send(r, &f);
        }
        /* keep the note past the JSON's life */
        note = copy = note ? strdup(note) : NULL;
        json_decref(root);
    }
    if((rc = sd_store_alert_each(st, p.id, 0, find_cb, &fa, &err))) {
        free(copy);
        return srv_fail(r, rc, &err);
    }
    if(!fa.id || !fa.found) {
        free(copy);
        return srv_error(r, 404, "not_found", NULL, "no alert %.20s for this "
                         "patient", q->params[1]);
    }
    rc = sd_store_alert_ack(st, fa.id, q->acct.username, note, srv_now(NULL),
                            &err);
    free(copy);
    if(rc)
        return srv_fail(r, rc, &err);
    if(load(st, p.id, &d, r))
        return r->status;
    json_t *o = NULL;
    for(size_t i = 0; i < d.nalerts; i++)
        if(d.alerts[i].id == fa.id)
            o = srv_alert_json(&d.alerts[i]);
    sd_diary_release(&d);
    return srv_json(r, 200, o);
}

/* ---- report and FHIR ---- */

int h_report(struct srv_req *q, struct srv_resp *r)
{
    sd_patient p;
    sd_diary d;
    sd_error err;
    sd_report_opts o;
    long from = 0, to = 0;
    int hf, ht, tz;
    int64_t now = srv_now(&tz);
    const char *fmt = q->query(q->ctx, "format");
    static const char *const names[] = {"text", "html", "csv", "json"};
    static const char *const types[] = {
        "text/plain; charset=utf-8", "text/html; charset=utf-8",
        "text/csv; charset=utf-8", "application/json"};
    memset(&o, 0, sizeof(o));
    o.format = SD_REPORT_HTML;
    if(fmt) {
        o.format = -1;
        for(int i = 0; i < 4; i++)
            if(!strcmp(fmt, names[i]))
                o.format = i;
        if(o.format < 0)
            return srv_error(r, 400, "invalid", "format", "give format=html, "
                             "text, csv or json");
    }
    if(patient_param(q, r, &p) || (hf = day_query(q, r, "from", &from)) < 0 ||
       (ht = day_query(q, r, "to", &to)) < 0 || load(srv_store(), p.id, &d, r))
        return r->status;
    o.now = now;
    o.to_day = ht ? to : sd_local_day(now, tz);
    o.from_day = hf ? from : o.to_day - 27;
    if(o.from_day > o.to_day) {
        sd_diary_release(&d);
        return srv_error(r, 400, "invalid", "from", "from is after to");
    }
    char *buf = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&buf, &len);
    int rc = m ? sd_report_write(m, srv_drug_find(NULL)->m, &d, &o, &err)
               : SD_ERR_NOMEM;
    if(m)
        fclose(m);
    sd_diary_release(&d);
    if(rc || !buf) {
        free(buf);
        return rc ? srv_fail(r, rc, &err) : srv_json(r, 500, NULL);
    }
    char name[96];
    snprintf(name, sizeof(name), "report-%s.%s", p.pseudonym,
             o.format == SD_REPORT_TEXT ? "txt" : names[o.format]);
    if(o.format == SD_REPORT_HTML) {
        /* shown in the browser, not downloaded; the report is a document
        ** with its own inline style and no script at all */
        r->csp = "default-src 'none'; style-src 'unsafe-inline'; "
                 "img-src data:; base-uri 'none'; form-action 'none'; "
                 "frame-ancestors 'none'";
        free(r->body);
        r->status = 200;
        r->type = types[o.format];
        r->body = buf;
        r->len = len;
        return 200;
    }
    return srv_attach(r, types[o.format], name, buf, len);
}

int h_fhir(struct srv_req *q, struct srv_resp *r)
{
    sd_patient p;
    sd_diary d;
    if(patient_param(q, r, &p) || load(srv_store(), p.id, &d, r))
        return r->status;
    json_t *b = sd_diary_fhir(srv_drug_find(NULL)->m, &d, srv_now(NULL));
    sd_diary_release(&d);
    int rc = srv_json(r, 200, b);
    r->type = "application/fhir+json";
    return rc;
}
