/*
** srv_auth.c: who is asking (session cookie or API token), what they may
** see, the audit log and the login rate limit.
**
** The rate limit counts failed logins per key (the username, and the
** client address) in a fixed table in memory: SRV_LOGIN_FAILS failures
** within SRV_LOGIN_WINDOW_S close the key until the window ends. A
** success clears the username's count. The table is per process; it
** forgets on restart, which an attacker cannot cause.
*/
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "server.h"

/* The value of cookie name in a Cookie header, into out. */
static int cookie(const char *h, const char *name, char *out, size_t n)
{
    size_t k = strlen(name);
    while(h && *h) {
        while(*h == ' ' || *h == ';')
            h++;
        if(!strncmp(h, name, k) && h[k] == '=') {
            const char *v = h + k + 1, *e = strchr(v, ';');
            size_t len = e ? (size_t)(e - v) : strlen(v);
            if(len == 0 || len >= n)
                return 0;
            memcpy(out, v, len);
            out[len] = '\0';
            return 1;
        }
        h = strchr(h, ';');
    }
    return 0;
}

int srv_auth(struct srv_req *q, struct srv_resp *r)
{
    sd_store *st = srv_store();
    sd_error err;
    int ok = 0, rc;
    if(q->authed)
        return 0;
    if(!st)
        return srv_no_db(r), -1;
    const char *az = q->header(q->ctx, "Authorization");
    if(az && !strncasecmp(az, "Bearer ", 7)) {
        const char *t = az + 7;
        if(strlen(t) < SD_TOKEN_CHARS &&
           (rc = sd_token_find(st, t, srv_now(NULL), &q->acct, &ok, &err)))
            return srv_fail(r, rc, &err), -1;
        if(!ok) {
            srv_error(r, 401, "unauthorized", NULL,
                      "the API token is unknown or revoked");
            return -1;
        }
        q->authed = 1;
        return 0;
    }
    if(cookie(q->header(q->ctx, "Cookie"), "sd_session", q->session,
              sizeof(q->session))) {
        if((rc = sd_session_find(st, q->session, srv_now(NULL), &q->acct,
                                 q->csrf, &ok, &err)))
            return srv_fail(r, rc, &err), -1;
        q->authed = ok;
        q->by_cookie = ok;
    }
    return 0;
}

void srv_audit(struct srv_req *q, int status, const char *action)
{
    sd_store *st = srv_store();
    sd_audit a;
    sd_error err;
    char msg[512];
    if(!st)
        return;
    memset(&a, 0, sizeof(a));
    a.at = srv_now(NULL);
    if(q->authed) {
        a.account_id = q->acct.id;
        a.username = q->acct.username;
        a.role = sd_account_role_name(q->acct.role);
    }
    a.action = action;
    a.method = q->method;
    a.target = q->path;
    a.patient_id = q->patient_id;
    a.status = status;
    a.remote = q->remote;
    if(sd_audit_add(st, &a, &err))
        fprintf(stderr, "stepdown serve: audit: %s\n",
                sd_error_format(&err, msg, sizeof(msg)));
}

int srv_may_see(struct srv_req *q, struct srv_resp *r, int64_t pid)
{
    sd_error err;
    int ok = 0, rc;
    sd_store *st = srv_store();
    q->audit_action = strcmp(q->method, "GET") ? "write" : "read";
    if(!st)
        return srv_no_db(r), -1;
    if(pid > 0 && (rc = sd_link_allows(st, &q->acct, pid, &ok, &err)))
        return srv_fail(r, rc, &err), -1;
    if(!ok) {
        /* The attempt is audited too, without revealing the record. */
        q->patient_id = pid > 0 ? pid : 0;
        srv_error(r, 404, "not_found", NULL,
                  "no patient %.40s that you can see", q->params[0]);
        return -1;
    }
    q->patient_id = pid;
    return 0;
}

/* ---- the login rate limit ---- */

#define RATE_SLOTS 4096

static struct {
    char key[80];
    int fails;
    int64_t since;
} rate[RATE_SLOTS];
static pthread_mutex_t rate_lock = PTHREAD_MUTEX_INITIALIZER;

static size_t slot_of(const char *key)
{
    uint64_t h = 1469598103934665603ULL;
    for(const char *p = key; *p; p++)
        h = (h ^ (unsigned char)(*p >= 'A' && *p <= 'Z' ? *p + 32 : *p)) *
            1099511628211ULL;
    return (size_t)(h % RATE_SLOTS);
}

int srv_rate_limited(const char *key, int64_t now, int64_t *retry)
{
    size_t i = slot_of(key);
    int out = 0;
    pthread_mutex_lock(&rate_lock);
    if(!strcasecmp(rate[i].key, key) && rate[i].fails >= SRV_LOGIN_FAILS &&
       now < rate[i].since + SRV_LOGIN_WINDOW_S) {
        *retry = rate[i].since + SRV_LOGIN_WINDOW_S - now;
        out = 1;
    }
    pthread_mutex_unlock(&rate_lock);
    return out;
}

void srv_rate_fail(const char *key, int64_t now)
{
    size_t i = slot_of(key);
    pthread_mutex_lock(&rate_lock);
    if(strcasecmp(rate[i].key, key) ||
       now >= rate[i].since + SRV_LOGIN_WINDOW_S) {
        snprintf(rate[i].key, sizeof(rate[i].key), "%s", key);
        rate[i].fails = 0;
        rate[i].since = now;
    }
    rate[i].fails++;
    pthread_mutex_unlock(&rate_lock);
}

void srv_rate_clear(const char *key)
{
    size_t i = slot_of(key);
    pthread_mutex_lock(&rate_lock);
    if(!strcasecmp(rate[i].key, key))
        rate[i].fails = 0;
    pthread_mutex_unlock(&rate_lock);
}
