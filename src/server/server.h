/*
** server.h: the pieces of `stepdown serve` (src/server). Internal.
**
** One libmicrohttpd daemon with a pool of threads. Each request's body is
** gathered (up to SRV_BODY_MAX), then the router (srv_route.c) finds the
** handler, which fills a struct srv_resp. Handlers never see libmicrohttpd:
** they read struct srv_req and write struct srv_resp, so that the request
** parsers can be fuzzed and the routes listed without a socket.
**
** Each pool thread opens its own store connection on first use
** (srv_store()); the monographs and lexicons are loaded once at start and
** only read afterwards.
*/
#ifndef SD_SERVER_H
#define SD_SERVER_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "stepdown/accounts.h"
#include "stepdown/kb.h"
#include "stepdown/lexicon.h"
#include "stepdown/monitor.h"
#include "stepdown/store.h"
#include "stepdown/taper_policy.h"

#define SRV_BODY_MAX (256 * 1024)   /* bytes of a request body */
#define SRV_MAX_PARAMS 4            /* {id} parts of a route */
#define SRV_LOGIN_FAILS 5           /* failed logins before a pause */
#define SRV_LOGIN_WINDOW_S (15 * 60)

/* A loaded drug: its monograph and lexicon. */
struct srv_drug {
    sd_monograph *m;
    sd_lexicon *lx;
};

/* What the whole server shares; read-only once serving starts. */
struct srv {
    const char *db_path;
    struct srv_drug *drugs;
    size_t ndrugs;
    size_t default_drug;           /* index into drugs */
    sd_monitor_config cfg;
    int secure_cookies;            /* --secure-cookies: always Secure */
    int64_t clock_base;            /* $STEPDOWN_NOW, else 0 */
    int64_t clock_start;
};

extern struct srv *srv_g;

/* A request as handlers see it. */
struct srv_req {
    const char *method;
    const char *path;              /* without the query */
    const char *body;              /* NUL-terminated; NULL when none */
    size_t len;
    const char *params[SRV_MAX_PARAMS]; /* the {..} parts of the path */
    int nparams;
    const char *remote;            /* client address */
    int tls;                       /* behind TLS (X-Forwarded-Proto) */
    /* header and query lookups (libmicrohttpd, or a test's table) */
    const char *(*header)(void *ctx, const char *name);
    const char *(*query)(void *ctx, const char *name);
    void *ctx;
    /* set by srv_auth() */
    int authed;                    /* 1 when an account is known */
    int by_cookie;                 /* the account came from the cookie */
    sd_account acct;
    char csrf[SD_TOKEN_CHARS];
    char session[SD_TOKEN_CHARS];
    int64_t patient_id;            /* the patient the request touched */
    const char *audit_action;      /* "read" or "write" when it touched
                                   ** patient data, NULL otherwise */
};

#define SRV_MAX_HEADERS 4

/* A response a handler fills. */
struct srv_resp {
    int status;
    const char *type;              /* Content-Type */
    char *body;                    /* malloc'ed, owned by the response */
    size_t len;
    const char *hname[SRV_MAX_HEADERS];
    char *hval[SRV_MAX_HEADERS];   /* malloc'ed */
    int nheaders;
    int cache;                     /* 1: static file, may be cached */
    const char *csp;               /* a Content-Security-Policy of its own
                                   ** (a document with no script), or NULL
                                   ** for the app's */
};

/* ---- srv_http.c: responses ---- */
void srv_resp_free(struct srv_resp *r);
int srv_header_add(struct srv_resp *r, const char *name, const char *fmt,
                   ...) __attribute__((format(printf, 3, 4)));
/* v as json_dumps(v, JSON_COMPACT | JSON_REAL_PRECISION(15)) would write
** it, faster (no loop check: v must have none); malloc'ed, NULL when out
** of memory. */
char *srv_dump(json_t *v, size_t *len);
/* A JSON body (stolen; NULL means out of memory: a 500). */
int srv_json(struct srv_resp *r, int status, json_t *v);
/* A JSON body already written as text of length n (stolen, freed with
** free(); NULL means out of memory: a 500). */
int srv_json_text(struct srv_resp *r, int status, char *s, size_t n);
/* The error object {"error": {"code", "message", "where"?}}; message
** and where are made valid UTF-8 (sd_utf8_fix). */
int srv_error(struct srv_resp *r, int status, const char *code,
              const char *where, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
/* An sd_* error code and message as the matching HTTP error. */
int srv_fail(struct srv_resp *r, int rc, const sd_error *err);
/* A 400 "invalid" from a library error (its path, else where). */
int srv_invalid(struct srv_resp *r, const char *where, const sd_error *err);
/* Drop from s the bytes of any cut or invalid UTF-8 sequence (a %.Ns or a
** full buffer may cut a client's character in two), in place. */
/* A 500: this thread could not open the database. */
int srv_no_db(struct srv_resp *r);
/* A body of type; copies text. */
int srv_text(struct srv_resp *r, int status, const char *type,
             const char *text, size_t len);
/* An attachment named filename. */
int srv_attach(struct srv_resp *r, const char *type, const char *filename,
               char *body, size_t len);

/* ---- srv_body.c: request bodies (fuzzed by tests/fuzz/fuzz_api.c) ---- */

/* Why a body was refused: HTTP status, code, message and where. */
struct srv_fault {
    int status;
    const char *code;
    char where[128];
    char msg[320];
};
int srv_faultf(struct srv_fault *f, const char *where, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
int srv_fault_send(struct srv_resp *r, const struct srv_fault *f);

/* The body as a JSON object, refused when it is not one. */
json_t *srv_body_object(const char *buf, size_t len, struct srv_fault *f);
/* Refuse keys of o not in allowed (NULL-terminated). */
int srv_only_keys(json_t *o, const char *path, const char *const *allowed,
                  struct srv_fault *f);
/* Typed fields of o at path ("$", "$.context"): required (req=1) or
** optional (absent or null leaves *out as it was). Return 0, or -1 with f
** set. The forms without _at read the body's top level. */
int srv_get_str_at(json_t *o, const char *path, const char *key, int req,
                   size_t min, size_t max, const char **out,
                   struct srv_fault *f);
int srv_get_int_at(json_t *o, const char *path, const char *key, int req,
                   int64_t lo, int64_t hi, int64_t *out, struct srv_fault *f);
int srv_get_num_at(json_t *o, const char *path, const char *key, int req,
                   double lo, double hi, double *out, struct srv_fault *f);
int srv_get_bool_at(json_t *o, const char *path, const char *key, int *out,
                    struct srv_fault *f);
int srv_get_date_at(json_t *o, const char *path, const char *key, int req,
                    long *day, struct srv_fault *f);
/* Milligrams with up to 3 decimals, as a JSON number or string. */
int srv_get_mg_at(json_t *o, const char *path, const char *key, int req,
                  int64_t *ug, struct srv_fault *f);
int srv_get_str(json_t *o, const char *key, int req, size_t min, size_t max,
                const char **out, struct srv_fault *f);
int srv_get_int(json_t *o, const char *key, int req, int64_t lo, int64_t hi,
                int64_t *out, struct srv_fault *f);
int srv_get_num(json_t *o, const char *key, int req, double lo, double hi,
                double *out, struct srv_fault *f);
int srv_get_bool(json_t *o, const char *key, int *out, struct srv_fault *f);
int srv_get_date(json_t *o, const char *key, int req, long *day,
                 struct srv_fault *f);
int srv_get_mg(json_t *o, const char *key, int req, int64_t *ug,
               struct srv_fault *f);

struct sd_check_request;
struct sd_pump_request;
struct sd_entry;
struct sd_rx;
struct sd_diary;
/* POST /check: sd_check_request_from_json(); req borrows from root. */
int srv_parse_check(json_t *root, long today, struct sd_check_request *req,
                    struct srv_fault *f);
/* POST /pump. */
int srv_parse_pump(json_t *root, long today, struct sd_pump_request *r,
                   const char **drug, struct srv_fault *f);
/* POST /patients/{id}/entries, against the patient's diary d (for the
** prescription a "1tab" dose means). Strings borrow from root. */
int srv_parse_entry(json_t *root, const struct sd_diary *d, int64_t now,
                    int tz_min, struct sd_entry *e, struct srv_fault *f);
/* POST /patients/{id}/prescriptions, against monograph m. */
int srv_parse_rx(json_t *root, const sd_monograph *m, long today,
                 struct sd_rx *rx, struct srv_fault *f);
/* "2026-11-24T08:00:00+01:00" (or "Z") into UTC seconds and the offset. */
int srv_parse_time(const char *s, int64_t *at, int *tz_min);

/* ---- srv_route.c ---- */
typedef int (*srv_handler)(struct srv_req *q, struct srv_resp *r);
struct srv_route {
    const char *method;
    const char *pattern;           /* "/api/v1/patients/{id}" */
    srv_handler fn;
    int auth;                      /* SRV_PUBLIC, SRV_ANY, or role bits */
};
#define SRV_PUBLIC 0
#define SRV_ROLE(r) (1 << (r))
#define SRV_ANY (SRV_ROLE(SD_ROLE_PATIENT) | SRV_ROLE(SD_ROLE_CLINICIAN) | \
                 SRV_ROLE(SD_ROLE_ADMIN))
#define SRV_STAFF (SRV_ROLE(SD_ROLE_CLINICIAN) | SRV_ROLE(SD_ROLE_ADMIN))
/* Find and run the handler of q (404, 405, 401, 403 and CSRF handled). */
void srv_dispatch(struct srv_req *q, struct srv_resp *r);
/* Every route, for `stepdown serve --routes` and the OpenAPI test. */
size_t srv_nroutes(void);
const struct srv_route *srv_route_at(size_t i);

/* ---- srv_auth.c ---- */
/* Who is asking: the session cookie or an API token. */
int srv_auth(struct srv_req *q, struct srv_resp *r);
/* Write q's audit line when it touched patient data. */
void srv_audit(struct srv_req *q, int status, const char *action);
/* 404 unless q's account may see patient pid (then q->patient_id). */
int srv_may_see(struct srv_req *q, struct srv_resp *r, int64_t pid);
int srv_rate_limited(const char *key, int64_t now, int64_t *retry);
void srv_rate_fail(const char *key, int64_t now);
void srv_rate_clear(const char *key);

/* ---- srv_main.c ---- */
sd_store *srv_store(void);         /* this thread's connection, or NULL */
int64_t srv_now(int *tz_min);      /* UTC seconds and the local offset */
const struct srv_drug *srv_drug_find(const char *id); /* NULL: default */
/* Load the drugs of data_dir (every monograph there). */
int srv_load_drugs(const char *data_dir, const char *monograph,
                   struct srv *s, sd_error *err);

/* ---- srv_static.c ---- */
int srv_static_load(const char *dir, sd_error *err);
void srv_static_free(void);
/* Serve path from the web app's files; 0 when it is not one. */
int srv_static(const char *path, struct srv_resp *r);

/* ---- the handlers (srv_public.c, srv_accounts.c, srv_patients.c) ---- */
int h_health(struct srv_req *q, struct srv_resp *r);
int h_openapi(struct srv_req *q, struct srv_resp *r);
int h_drugs(struct srv_req *q, struct srv_resp *r);
int h_side_effects(struct srv_req *q, struct srv_resp *r);
int h_sources(struct srv_req *q, struct srv_resp *r);
int h_check(struct srv_req *q, struct srv_resp *r);
int h_plan(struct srv_req *q, struct srv_resp *r);
int h_plan_adjust(struct srv_req *q, struct srv_resp *r);
int h_plan_export(struct srv_req *q, struct srv_resp *r);
int h_pump(struct srv_req *q, struct srv_resp *r);

int h_setup(struct srv_req *q, struct srv_resp *r);
int h_login(struct srv_req *q, struct srv_resp *r);
int h_logout(struct srv_req *q, struct srv_resp *r);
int h_session(struct srv_req *q, struct srv_resp *r);
int h_password(struct srv_req *q, struct srv_resp *r);
int h_tokens(struct srv_req *q, struct srv_resp *r);
int h_token_new(struct srv_req *q, struct srv_resp *r);
int h_token_revoke(struct srv_req *q, struct srv_resp *r);
int h_accounts(struct srv_req *q, struct srv_resp *r);
int h_account_new(struct srv_req *q, struct srv_resp *r);
int h_account_patch(struct srv_req *q, struct srv_resp *r);
int h_link(struct srv_req *q, struct srv_resp *r);
int h_audit(struct srv_req *q, struct srv_resp *r);

int h_patients(struct srv_req *q, struct srv_resp *r);
int h_patient_new(struct srv_req *q, struct srv_resp *r);
int h_patient(struct srv_req *q, struct srv_resp *r);
int h_diary(struct srv_req *q, struct srv_resp *r);
int h_rx_new(struct srv_req *q, struct srv_resp *r);
int h_plan_save(struct srv_req *q, struct srv_resp *r);
int h_plan_adjust_patient(struct srv_req *q, struct srv_resp *r);
int h_entry_new(struct srv_req *q, struct srv_resp *r);
int h_alerts(struct srv_req *q, struct srv_resp *r);
int h_alert_ack(struct srv_req *q, struct srv_resp *r);
int h_report(struct srv_req *q, struct srv_resp *r);
int h_fhir(struct srv_req *q, struct srv_resp *r);

/* A plan (is_plan) or a plan request as JSON, read with its drug and
** policy (srv_public.c); a 400 at where (its path when the library gives
** one) when it is refused. */
struct srv_plan {
    sd_taper_spec spec;
    sd_taper_policy pol;
    sd_taper_plan p, adj;
    const struct srv_drug *d;
};
/* A srv_plan to fill (280 KB, not zeroed: the readers set what they use);
** free() it. NULL when out of memory. */
struct srv_plan *srv_plan_new(void);
int srv_plan_read(const char *s, size_t len, int is_plan, const char *where,
                  struct srv_plan *in, struct srv_resp *r);
int srv_plan_from(json_t *v, int is_plan, const char *where,
                  struct srv_plan *in, struct srv_resp *r);
/* Plan p of in as JSON, stamped now: a tree, or compact text (*len its
** length) for an answer or the store. NULL when out of memory. */
json_t *srv_plan_json(const struct srv_plan *in, const sd_taper_plan *p);
char *srv_plan_text(const struct srv_plan *in, const sd_taper_plan *p,
                    size_t *len);

/* Shared by the handlers: json for an account; a path parameter as an
** id (0 when malformed). */
json_t *srv_account_json(const sd_account *a);
int64_t srv_param_id(const struct srv_req *q, int i);
/* Run the monitor over a patient and store its alerts; append the new
** or escalated ones to out (when not NULL). */
int srv_monitor(sd_store *st, const struct srv_drug *d, int64_t pid,
                int64_t now, json_t *out, sd_error *err);
json_t *srv_alert_json(const sd_alert *a);

#endif
