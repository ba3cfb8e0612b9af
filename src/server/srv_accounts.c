/*
** srv_accounts.c: the first admin, login and logout, the session, password
** changes, API tokens, accounts, care links and the audit log.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "server.h"

json_t *srv_account_json(const sd_account *a)
{
    return json_pack("{s:I, s:s, s:s, s:o, s:b, s:I}", "id",
                     (json_int_t)a->id, "username", a->username, "role",
                     sd_account_role_name(a->role), "patient_id",
                     a->patient_id ? json_integer(a->patient_id)
                                   : json_null(),
                     "disabled", a->disabled, "created",
                     (json_int_t)a->created);
}

int64_t srv_param_id(const struct srv_req *q, int i)
{
    const char *s = i < q->nparams ? q->params[i] : NULL;
    int64_t v = 0;
    if(!s || !*s || strlen(s) > 15)
        return 0;
    for(; *s; s++) {
        if(*s < '0' || *s > '9')
            return 0;
        v = v * 10 + (*s - '0');
    }
    return v;
}

/* Open a session for a and answer with the account, the CSRF token and
** the cookie. */
static int start_session(struct srv_req *q, struct srv_resp *r,
                         sd_store *st, const sd_account *a, int status)
{
    char token[SD_TOKEN_CHARS], csrf[SD_TOKEN_CHARS];
    sd_error err;
    int rc;
    if((rc = sd_session_open(st, a->id, srv_now(NULL), token, csrf, &err)))
        return srv_fail(r, rc, &err);
    srv_header_add(r, "Set-Cookie",
                   "sd_session=%s; Path=/; HttpOnly; SameSite=Strict; "
                   "Max-Age=%d%s", token, SD_SESSION_MAX_S,
                   q->tls ? "; Secure" : "");
    return srv_json(r, status, json_pack("{s:o, s:s}", "account",
                                         srv_account_json(a), "csrf", csrf));
}

int h_setup(struct srv_req *q, struct srv_resp *r)
{
    static const char *const keys[] = {"token", "username", "password", NULL};
    struct srv_fault f;
    const char *token = NULL, *user = NULL, *pw = NULL;
    sd_store *st = srv_store();
    sd_error err;
    sd_account a;
    int ok, rc;
    int64_t id, now = srv_now(NULL), retry;
    if(!st)
        return srv_no_db(r);
    if(srv_rate_limited(q->remote, now, &retry)) {
        srv_header_add(r, "Retry-After", "%lld", (long long)retry);
        return srv_error(r, 429, "rate_limited", NULL, "too many failed "
                         "attempts; try again in %lld s", (long long)retry);
    }
    json_t *root = srv_body_object(q->body, q->len, &f);
    if(!root || srv_only_keys(root, "$", keys, &f) ||
       srv_get_str(root, "token", 1, 1, SD_TOKEN_CHARS - 1, &token, &f) ||
       srv_get_str(root, "username", 1, 1, SD_USERNAME_MAX, &user, &f) ||
       srv_get_str(root, "password", 1, 1, SD_PASSWORD_MAX, &pw, &f)) {
        json_decref(root);
        return srv_fault_send(r, &f);
    }
    if((rc = sd_username_check(user, &err)) ||
       (rc = sd_password_check(pw, &err))) {
        json_decref(root);
        return srv_invalid(r, rc == SD_ERR_INVALID && strstr(err.text,
                           "password") ? "$.password" : "$.username", &err);
    }
    /* One transaction: spend the token and make the admin, or neither. */
    if((rc = sd_store_begin(st, &err)))
        goto fail;
    if((rc = sd_setup_token_use(st, token, now, &ok, &err)))
        goto fail;
    if(!ok) {
        sd_store_rollback(st);
        json_decref(root);
        srv_rate_fail(q->remote, now);
        return srv_error(r, 401, "unauthorized", "$.token", "the setup link "
                         "is used or unknown; restart the server for a new "
                         "one while there is no admin");
    }
    if((rc = sd_account_create(st, user, pw, SD_ROLE_ADMIN, 0, now, &id,
                               &err)) ||
       (rc = sd_account_get(st, id, &a, &err)) ||
       (rc = sd_store_commit(st, &err)))
        goto fail;
    json_decref(root);
    q->authed = 1;
    q->acct = a;
    srv_audit(q, 201, "setup");
    return start_session(q, r, st, &a, 201);
fail:
    sd_store_rollback(st);
    json_decref(root);
    return rc == SD_ERR_INVALID ? srv_invalid(r, "$.username", &err)
                                : srv_fail(r, rc, &err);
}

int h_login(struct srv_req *q, struct srv_resp *r)
{
    static const char *const keys[] = {"username", "password", NULL};
    struct srv_fault f;
    const char *user = NULL, *pw = NULL;
    sd_store *st = srv_store();
    sd_error err;
    sd_account a;
    char ukey[96];
    int ok, rc;
    int64_t now = srv_now(NULL), retry;
    if(!st)
        return srv_no_db(r);
    json_t *root = srv_body_object(q->body, q->len, &f);
    if(!root || srv_only_keys(root, "$", keys, &f) ||
       srv_get_str(root, "username", 1, 1, SD_USERNAME_MAX, &user, &f) ||
       srv_get_str(root, "password", 1, 1, SD_PASSWORD_MAX, &pw, &f)) {
        json_decref(root);
        return srv_fault_send(r, &f);
    }
    snprintf(ukey, sizeof(ukey), "user:%s", user);
    if(srv_rate_limited(ukey, now, &retry) ||
       srv_rate_limited(q->remote, now, &retry)) {
        json_decref(root);
        srv_header_add(r, "Retry-After", "%lld", (long long)retry);
        return srv_error(r, 429, "rate_limited", NULL, "too many failed "
                         "logins; try again in %lld s", (long long)retry);
    }
    rc = sd_account_login(st, user, pw, &a, &ok, &err);
    json_decref(root);
    if(rc)
        return srv_fail(r, rc, &err);
    if(!ok) {
        srv_rate_fail(ukey, now);
        srv_rate_fail(q->remote, now);
        srv_audit(q, 401, "login-failed");
        return srv_error(r, 401, "unauthorized", NULL,
                         "wrong username or password");
    }
    srv_rate_clear(ukey);
    q->authed = 1;
    q->acct = a;
    srv_audit(q, 200, "login");
    return start_session(q, r, st, &a, 200);
}

int h_logout(struct srv_req *q, struct srv_resp *r)
{
    sd_error err;
    sd_store *st = srv_store();
    if(q->by_cookie && st)
        sd_session_close(st, q->session, &err);
    srv_header_add(r, "Set-Cookie", "sd_session=; Path=/; HttpOnly; "
                   "SameSite=Strict; Max-Age=0%s", q->tls ? "; Secure" : "");
    srv_audit(q, 204, "logout");
    return srv_text(r, 204, "application/json", "", 0);
}

int h_session(struct srv_req *q, struct srv_resp *r)
{
    return srv_json(r, 200, json_pack("{s:o, s:s?}", "account",
                                      srv_account_json(&q->acct), "csrf",
                                      q->by_cookie ? q->csrf : NULL));
}

int h_password(struct srv_req *q, struct srv_resp *r)
{
    static const char *const keys[] = {"old", "new", NULL};
    struct srv_fault f;
    const char *old = NULL, *nw = NULL;
    sd_store *st = srv_store();
    sd_error err;
    int ok, rc;
    if(!st)
        return srv_no_db(r);
    json_t *root = srv_body_object(q->body, q->len, &f);
    if(!root || srv_only_keys(root, "$", keys, &f) ||
       srv_get_str(root, "old", 1, 1, SD_PASSWORD_MAX, &old, &f) ||
       srv_get_str(root, "new", 1, 1, SD_PASSWORD_MAX, &nw, &f)) {
        json_decref(root);
        return srv_fault_send(r, &f);
    }
    if((rc = sd_account_verify(st, q->acct.id, old, &ok, &err))) {
        json_decref(root);
        return srv_fail(r, rc, &err);
    }
    if(!ok) {
        json_decref(root);
        return srv_error(r, 401, "unauthorized", "$.old", "the current "
                         "password is wrong");
    }
    rc = sd_account_set_password(st, q->acct.id, nw, &err);
    json_decref(root);
    if(rc)
        return rc == SD_ERR_INVALID ? srv_invalid(r, "$.new", &err)
                                    : srv_fail(r, rc, &err);
    srv_audit(q, 204, "account");
    return srv_text(r, 204, "application/json", "", 0);
}

/* ---- API tokens ---- */

static int token_cb(const sd_api_token *t, void *arg)
{
    return json_array_append_new(
               arg, json_pack("{s:I, s:s, s:I, s:o, s:o}", "id",
                              (json_int_t)t->id, "name", t->name, "created",
                              (json_int_t)t->created, "last_used",
                              t->last_used ? json_integer(t->last_used)
                                           : json_null(),
                              "revoked",
                              t->revoked ? json_integer(t->revoked)
                                         : json_null()))
               ? SD_ERR_NOMEM : 0;
}

int h_tokens(struct srv_req *q, struct srv_resp *r)
{
    sd_store *st = srv_store();
    sd_error err;
    json_t *a = json_array();
    int rc;
    if(!st || !a) {
        json_decref(a);
        return srv_no_db(r);
    }
    if((rc = sd_token_each(st, q->acct.id, token_cb, a, &err))) {
        json_decref(a);
        return srv_fail(r, rc, &err);
    }
    return srv_json(r, 200, json_pack("{s:o}", "tokens", a));
}

int h_token_new(struct srv_req *q, struct srv_resp *r)
{
    static const char *const keys[] = {"name", NULL};
    struct srv_fault f;
    const char *name = NULL;
    sd_store *st = srv_store();
    sd_error err;
    char token[SD_TOKEN_CHARS];
    int64_t id;
    int rc;
    if(!st)
        return srv_no_db(r);
    json_t *root = srv_body_object(q->body, q->len, &f);
    if(!root || srv_only_keys(root, "$", keys, &f) ||
       srv_get_str(root, "name", 1, 1, 64, &name, &f)) {
        json_decref(root);
        return srv_fault_send(r, &f);
    }
    rc = sd_token_create(st, q->acct.id, name, srv_now(NULL), token, &id,
                         &err);
    json_decref(root);
    if(rc)
        return srv_fail(r, rc, &err);
    srv_audit(q, 201, "token");
    return srv_json(r, 201, json_pack("{s:I, s:s, s:s}", "id", (json_int_t)id,
                                      "token", token, "note",
                                      "shown once: keep it secret"));
}

int h_token_revoke(struct srv_req *q, struct srv_resp *r)
{
    sd_store *st = srv_store();
    sd_error err;
    int64_t id = srv_param_id(q, 0);
    int rc;
    if(!st)
        return srv_no_db(r);
    if(!id)
        return srv_error(r, 404, "not_found", NULL, "no such token");
    if((rc = sd_token_revoke(st, q->acct.id, id, srv_now(NULL), &err)))
        return srv_fail(r, rc, &err);
    srv_audit(q, 204, "token");
    return srv_text(r, 204, "application/json", "", 0);
}

/* ---- accounts (admin) ---- */

static int account_cb(const sd_account *a, void *arg)
{
    return json_array_append_new(arg, srv_account_json(a)) ? SD_ERR_NOMEM
                                                           : 0;
}

int h_accounts(struct srv_req *q, struct srv_resp *r)
{
    sd_store *st = srv_store();
    sd_error err;
    json_t *a = json_array();
    int rc;
    (void)q;
    if(!st || !a) {
        json_decref(a);
        return srv_no_db(r);
    }
    if((rc = sd_account_each(st, account_cb, a, &err))) {
        json_decref(a);
        return srv_fail(r, rc, &err);
    }
    return srv_json(r, 200, json_pack("{s:o}", "accounts", a));
}

int h_account_new(struct srv_req *q, struct srv_resp *r)
{
    static const char *const keys[] = {"username", "password", "role",
                                       "patient_id", NULL};
    struct srv_fault f;
    const char *user = NULL, *pw = NULL, *role_s = NULL;
    int64_t pid = 0, id;
    int role, rc;
    sd_store *st = srv_store();
    sd_error err;
    sd_account a;
    if(!st)
        return srv_no_db(r);
    json_t *root = srv_body_object(q->body, q->len, &f);
    if(!root || srv_only_keys(root, "$", keys, &f) ||
       srv_get_str(root, "username", 1, 1, SD_USERNAME_MAX, &user, &f) ||
       srv_get_str(root, "password", 1, 1, SD_PASSWORD_MAX, &pw, &f) ||
       srv_get_str(root, "role", 1, 1, 16, &role_s, &f) ||
       srv_get_int(root, "patient_id", 0, 1, INT64_MAX, &pid, &f)) {
        json_decref(root);
        return srv_fault_send(r, &f);
    }
    if(sd_account_role_parse(role_s, &role)) {
        json_decref(root);
        return srv_error(r, 400, "invalid", "$.role", "give \"patient\", "
                         "\"clinician\" or \"admin\"");
    }
    rc = sd_account_create(st, user, pw, role, pid, srv_now(NULL), &id,
                           &err);
    json_decref(root);
    if(rc == SD_ERR_INVALID && strstr(err.text, "taken"))
        return srv_error(r, 409, "conflict", "$.username", "%s", err.text);
    if(rc == SD_ERR_NOTFOUND)
        return srv_error(r, 400, "invalid", "$.patient_id", "%s", err.text);
    if(rc)
        return rc == SD_ERR_INVALID ? srv_invalid(r, "$", &err)
                                    : srv_fail(r, rc, &err);
    if((rc = sd_account_get(st, id, &a, &err)))
        return srv_fail(r, rc, &err);
    srv_audit(q, 201, "account");
    return srv_json(r, 201, srv_account_json(&a));
}

int h_account_patch(struct srv_req *q, struct srv_resp *r)
{
    static const char *const keys[] = {"disabled", "password", NULL};
    struct srv_fault f;
    const char *pw = NULL;
    int disabled = -1, rc = 0;
    int64_t id = srv_param_id(q, 0);
    sd_store *st = srv_store();
    sd_error err;
    sd_account a;
    if(!st)
        return srv_no_db(r);
    json_t *root = srv_body_object(q->body, q->len, &f);
    if(!root || srv_only_keys(root, "$", keys, &f) ||
       srv_get_bool(root, "disabled", &disabled, &f) ||
       srv_get_str(root, "password", 0, 1, SD_PASSWORD_MAX, &pw, &f)) {
        json_decref(root);
        return srv_fault_send(r, &f);
    }
    if(!id || sd_account_get(st, id, &a, &err)) {
        json_decref(root);
        return srv_error(r, 404, "not_found", NULL, "no account %.20s",
                         q->params[0]);
    }
    if(disabled == 1 && id == q->acct.id) {
        json_decref(root);
        return srv_error(r, 400, "invalid", "$.disabled", "you cannot "
                         "disable your own account");
    }
    if((rc = sd_store_begin(st, &err)) ||
       (pw && (rc = sd_account_set_password(st, id, pw, &err))) ||
       (disabled >= 0 &&
        (rc = sd_account_set_disabled(st, id, disabled, &err))) ||
       (rc = sd_store_commit(st, &err))) {
        sd_store_rollback(st);
        json_decref(root);
        return rc == SD_ERR_INVALID ? srv_invalid(r, "$.password", &err)
                                    : srv_fail(r, rc, &err);
    }
    json_decref(root);
    if((rc = sd_account_get(st, id, &a, &err)))
        return srv_fail(r, rc, &err);
    srv_audit(q, 200, "account");
    return srv_json(r, 200, srv_account_json(&a));
}

int h_link(struct srv_req *q, struct srv_resp *r)
{
    sd_store *st = srv_store();
    sd_error err;
    sd_account a;
    sd_patient p;
    int64_t id = srv_param_id(q, 0), pid = srv_param_id(q, 1);
    int on = !strcmp(q->method, "PUT"), rc;
    if(!st)
        return srv_no_db(r);
    if(!id || sd_account_get(st, id, &a, &err))
        return srv_error(r, 404, "not_found", NULL, "no account %.20s",
                         q->params[0]);
    if(!pid || sd_store_patient_get(st, pid, &p, &err))
        return srv_error(r, 404, "not_found", NULL, "no patient %.20s",
                         q->params[1]);
    if((rc = sd_link_set(st, id, pid, on, srv_now(NULL), &err)))
        return rc == SD_ERR_INVALID ? srv_invalid(r, NULL, &err)
                                    : srv_fail(r, rc, &err);
    q->patient_id = pid;
    srv_audit(q, on ? 200 : 204, "link");
    if(!on)
        return srv_text(r, 204, "application/json", "", 0);
    return srv_json(r, 200, json_pack("{s:I, s:I, s:b}", "account_id",
                                      (json_int_t)id, "patient_id",
                                      (json_int_t)pid, "linked", 1));
}

static int audit_cb(const sd_audit *a, void *arg)
{
    return json_array_append_new(
               arg, json_pack("{s:I, s:I, s:o, s:s?, s:s?, s:s, s:s, s:s, "
                              "s:o, s:i, s:s?}",
                              "id", (json_int_t)a->id, "at",
                              (json_int_t)a->at, "account_id",
                              a->account_id ? json_integer(a->account_id)
                                            : json_null(),
                              "username", a->username, "role", a->role,
                              "action", a->action, "method", a->method,
                              "target", a->target, "patient_id",
                              a->patient_id ? json_integer(a->patient_id)
                                            : json_null(),
                              "status", a->status, "remote", a->remote))
               ? SD_ERR_NOMEM : 0;
}

int h_audit(struct srv_req *q, struct srv_resp *r)
{
    sd_store *st = srv_store();
    sd_error err;
    int64_t limit = 200, pid = 0;
    const char *ls = q->query(q->ctx, "limit");
    const char *ps = q->query(q->ctx, "patient_id");
    char *end;
    if(!st)
        return srv_no_db(r);
    if(ls) {
        limit = strtoll(ls, &end, 10);
        if(!*ls || *end || limit < 1 || limit > 10000)
            return srv_error(r, 400, "invalid", "limit", "give limit from 1 "
                             "to 10000");
    }
    if(ps) {
        pid = strtoll(ps, &end, 10);
        if(!*ps || *end || pid < 1)
            return srv_error(r, 400, "invalid", "patient_id", "give a "
                             "patient id");
    }
    json_t *a = json_array();
    int rc = a ? sd_audit_each(st, pid, (int)limit, audit_cb, a, &err)
               : SD_ERR_NOMEM;
    if(rc) {
        json_decref(a);
        return srv_fail(r, rc, &err);
    }
    return srv_json(r, 200, json_pack("{s:o}", "audit", a));
}
