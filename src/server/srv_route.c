/*
** srv_route.c: the route table and the dispatcher.
**
** A pattern's "{name}" part matches one non-empty path segment; handlers
** read the parts in order from q->params. The dispatcher answers, before
** any handler runs: 404 for an unknown path, 405 (with Allow) for a known
** path and another method, 415 for a body that is not JSON, 401 without
** a valid session or token, 403 for a role the route is not for, and 403
** for a state-changing request made with the session cookie and without
** the session's CSRF token.
*/
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <sodium.h>

#include "server.h"

#define CLIN SRV_ROLE(SD_ROLE_CLINICIAN)
#define ADMIN SRV_ROLE(SD_ROLE_ADMIN)

static const struct srv_route routes[] = {
    {"GET", "/api/v1/health", h_health, SRV_PUBLIC},
    {"GET", "/api/v1/openapi.json", h_openapi, SRV_PUBLIC},
    {"GET", "/api/v1/drugs", h_drugs, SRV_PUBLIC},
    {"GET", "/api/v1/drugs/{drug}/side-effects", h_side_effects, SRV_PUBLIC},
    {"GET", "/api/v1/drugs/{drug}/sources", h_sources, SRV_PUBLIC},
    {"POST", "/api/v1/check", h_check, SRV_PUBLIC},
    {"POST", "/api/v1/plans", h_plan, SRV_PUBLIC},
    {"POST", "/api/v1/plans/adjust", h_plan_adjust, SRV_PUBLIC},
    {"POST", "/api/v1/plans/export", h_plan_export, SRV_PUBLIC},
    {"POST", "/api/v1/pump", h_pump, SRV_PUBLIC},

    {"POST", "/api/v1/auth/setup", h_setup, SRV_PUBLIC},
    {"POST", "/api/v1/auth/login", h_login, SRV_PUBLIC},
    {"POST", "/api/v1/auth/logout", h_logout, SRV_ANY},
    {"GET", "/api/v1/auth/session", h_session, SRV_ANY},
    {"POST", "/api/v1/auth/password", h_password, SRV_ANY},
    {"GET", "/api/v1/tokens", h_tokens, SRV_STAFF},
    {"POST", "/api/v1/tokens", h_token_new, SRV_STAFF},
    {"DELETE", "/api/v1/tokens/{id}", h_token_revoke, SRV_STAFF},
    {"GET", "/api/v1/accounts", h_accounts, ADMIN},
    {"POST", "/api/v1/accounts", h_account_new, ADMIN},
    {"PATCH", "/api/v1/accounts/{id}", h_account_patch, ADMIN},
    {"PUT", "/api/v1/accounts/{id}/patients/{pid}", h_link, ADMIN},
    {"DELETE", "/api/v1/accounts/{id}/patients/{pid}", h_link, ADMIN},
    {"GET", "/api/v1/audit", h_audit, ADMIN},

    {"GET", "/api/v1/patients", h_patients, SRV_ANY},
    {"POST", "/api/v1/patients", h_patient_new, CLIN},
    {"GET", "/api/v1/patients/{id}", h_patient, SRV_ANY},
    {"GET", "/api/v1/patients/{id}/diary", h_diary, SRV_ANY},
    {"POST", "/api/v1/patients/{id}/prescriptions", h_rx_new, CLIN},
    {"POST", "/api/v1/patients/{id}/plans", h_plan_save, CLIN},
    {"POST", "/api/v1/patients/{id}/plans/adjust", h_plan_adjust_patient,
     CLIN},
    {"POST", "/api/v1/patients/{id}/entries", h_entry_new, SRV_ANY},
    {"GET", "/api/v1/patients/{id}/alerts", h_alerts, SRV_ANY},
    {"POST", "/api/v1/patients/{id}/alerts/{aid}/ack", h_alert_ack, CLIN},
    {"GET", "/api/v1/patients/{id}/report", h_report, SRV_ANY},
    {"GET", "/api/v1/patients/{id}/fhir", h_fhir, SRV_ANY},
};
#define NROUTES (sizeof(routes) / sizeof(routes[0]))

size_t srv_nroutes(void)
{
    return NROUTES;
}

const struct srv_route *srv_route_at(size_t i)
{
    return i < NROUTES ? &routes[i] : NULL;
}

/* Match path against pattern, segment by segment; the parameters point
** into buf, a copy of path with each parameter cut at its end. */
static int match(const char *pattern, const char *path, char *buf,
                 size_t bufsz, const char **params, int *np)
{
    size_t n = strlen(path);
    if(n >= bufsz)
        return 0;
    memcpy(buf, path, n + 1);
    *np = 0;
    const char *p = pattern;
    char *s = buf;
    for(;;) {
        const char *pe = strchr(p, '/');
        char *se = strchr(s, '/');
        size_t pl = pe ? (size_t)(pe - p) : strlen(p);
        size_t sl = se ? (size_t)(se - s) : strlen(s);
        if(pl >= 2 && p[0] == '{' && p[pl - 1] == '}') {
            if(!sl || *np == SRV_MAX_PARAMS)
                return 0;
            params[(*np)++] = s;
        } else if(pl != sl || memcmp(p, s, pl)) {
            return 0;
        }
        if(!pe || !se) {
            if(pe || se)
                return 0;
            break;
        }
        p = pe + 1;
        s = se + 1;
    }
    for(int i = 0; i < *np; i++) {
        char *e = strchr(buf + (params[i] - buf), '/');
        if(e)
            *e = '\0';
    }
    return 1;
}

static int state_changing(const char *method)
{
    return strcmp(method, "GET") && strcmp(method, "HEAD");
}

void srv_dispatch(struct srv_req *q, struct srv_resp *r)
{
    char buf[512], allow[64] = "";
    const struct srv_route *hit = NULL;

    if(strncmp(q->path, "/api/", 5)) {
        if(strcmp(q->method, "GET") && strcmp(q->method, "HEAD")) {
            srv_header_add(r, "Allow", "GET, HEAD");
            srv_error(r, 405, "method_not_allowed", NULL,
                      "%s is not allowed here; use GET", q->method);
        } else if(!srv_static(q->path, r)) {
            srv_error(r, 404, "not_found", NULL, "no page at %.200s",
                      q->path);
        }
        return;
    }
    for(size_t i = 0; i < NROUTES; i++) {
        const char *pp[SRV_MAX_PARAMS];
        int n;
        if(!match(routes[i].pattern, q->path, buf, sizeof(buf), pp, &n))
            continue;
        if(!strcmp(routes[i].method, q->method)) {
            hit = &routes[i];
            memcpy(q->params, pp, sizeof(pp));
            q->nparams = n;
            break;
        }
        size_t k = strlen(allow);
        snprintf(allow + k, sizeof(allow) - k, "%s%s", k ? ", " : "",
                 routes[i].method);
    }
    if(!hit) {
        if(*allow) {
            srv_header_add(r, "Allow", "%s", allow);
            srv_error(r, 405, "method_not_allowed", NULL,
                      "%s is not allowed on %.200s; use %s", q->method,
                      q->path, allow);
        } else {
            srv_error(r, 404, "not_found", NULL,
                      "no API route %.200s; the routes are in "
                      "/api/v1/openapi.json", q->path);
        }
        return;
    }

    if(q->len && state_changing(q->method)) {
        const char *ct = q->header(q->ctx, "Content-Type");
        if(!ct || strncasecmp(ct, "application/json", 16)) {
            srv_error(r, 415, "unsupported_media_type", NULL,
                      "send the body as JSON with Content-Type: "
                      "application/json");
            return;
        }
    }
    if(hit->auth != SRV_PUBLIC) {
        if(srv_auth(q, r))
            return;
        if(!q->authed) {
            srv_error(r, 401, "unauthorized", NULL,
                      "log in first (your session may have ended)");
            return;
        }
        if(!(hit->auth & SRV_ROLE(q->acct.role))) {
            srv_error(r, 403, "forbidden", NULL,
                      "a %s account cannot use %s %.200s",
                      sd_account_role_name(q->acct.role), q->method,
                      q->path);
            return;
        }
        if(q->by_cookie && state_changing(q->method)) {
            const char *t = q->header(q->ctx, "X-CSRF-Token");
            size_t n = strlen(q->csrf);
            if(!t || strlen(t) != n || !n ||
               sodium_memcmp(t, q->csrf, n) != 0) {
                srv_error(r, 403, "csrf", NULL,
                          "send the X-CSRF-Token header with the token "
                          "from the login or GET /api/v1/auth/session");
                return;
            }
        }
    }
    int status = hit->fn(q, r);
    if(q->audit_action)
        srv_audit(q, status ? status : r->status, q->audit_action);
}
