/*
** srv_main.c: `stepdown serve`, the libmicrohttpd daemon.
**
** The daemon runs a pool of threads on epoll (one per core unless
** --threads says). A request's body is gathered into memory, at most
** SRV_BODY_MAX bytes: a larger Content-Length is refused before the body
** is read (413), a larger chunked body is read and dropped, then refused.
** The whole request is then handed to srv_dispatch() (srv_route.c).
**
** SIGTERM or SIGINT: stop accepting, let the requests in flight finish (up
** to 10 s), close every store connection, exit 0.
**
** Access log: one JSON object per line (time, client, method, path,
** status, bytes, duration, account) to stderr or --access-log FILE.
*/
#define _DEFAULT_SOURCE /* tm_gmtoff */
#include <arpa/inet.h>
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <netdb.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <microhttpd.h>

#include "../cli/cli.h"
#include "server.h"
#include "stepdown/date.h"
#include "stepdown/demo.h"
#include "stepdown/taper_export.h"

static const char serve_usage[] =
    "usage: stepdown serve [options]\n"
    "  --listen ADDR:PORT   where to listen (default 127.0.0.1:8080; port 0\n"
    "                       takes a free one; [::1]:8080 for IPv6)\n"
    "  --db PATH            the database (as for every command; created when\n"
    "                       missing)\n"
    "  --demo               add a demo clinician and two demo patients with\n"
    "                       60 days of diary, and print their logins\n"
    "  --web DIR            the web app's files (default: " SD_WEBDIR ")\n"
    "  --threads N          worker threads (default: one per core)\n"
    "  --max-connections N  open connections at most (default 1000)\n"
    "  --idle-timeout S     close a connection idle for S seconds (default 30)\n"
    "  --access-log FILE    the access log (default: stderr; 'off': none)\n"
    "  --secure-cookies     mark cookies Secure (behind a TLS proxy; also\n"
    "                       done for requests with X-Forwarded-Proto: https)\n"
    "The first start prints a one-time link to create the first admin.\n";

struct srv *srv_g;

/* ---- per-thread store connections ---- */

static _Thread_local sd_store *tl_store;
static pthread_mutex_t stores_lock = PTHREAD_MUTEX_INITIALIZER;
static sd_store **stores;
static size_t nstores, capstores;

sd_store *srv_store(void)
{
    if(tl_store)
        return tl_store;
    sd_error err;
    char msg[512];
    sd_store *st;
    if(sd_store_open(srv_g->db_path, &st, &err)) {
        fprintf(stderr, "stepdown serve: %s\n",
                sd_error_format(&err, msg, sizeof(msg)));
        return NULL;
    }
    pthread_mutex_lock(&stores_lock);
    if(nstores == capstores) {
        size_t c = capstores ? capstores * 2 : 16;
        sd_store **m = realloc(stores, c * sizeof(*m));
        if(!m) {
            pthread_mutex_unlock(&stores_lock);
            sd_store_close(st);
            return NULL;
        }
        stores = m;
        capstores = c;
    }
    stores[nstores++] = st;
    pthread_mutex_unlock(&stores_lock);
    return tl_store = st;
}

static void stores_close(void)
{
    for(size_t i = 0; i < nstores; i++)
        sd_store_close(stores[i]);
    free(stores);
    stores = NULL;
    nstores = capstores = 0;
}

int64_t srv_now(int *tz_min)
{
    time_t t = time(NULL);
    int64_t now = (int64_t)t;
    if(srv_g && srv_g->clock_base)
        now = srv_g->clock_base + (now - srv_g->clock_start);
    if(tz_min) {
        struct tm tm;
        time_t tt = (time_t)now;
        localtime_r(&tt, &tm);
        *tz_min = (int)(tm.tm_gmtoff / 60);
    }
    return now;
}

/* ---- drugs ---- */

/* A generic or brand name of m, any case. */
const struct srv_drug *srv_drug_find(const char *id)
{
    if(!id)
        return &srv_g->drugs[srv_g->default_drug];
    for(size_t i = 0; i < srv_g->ndrugs; i++)
        if(sd_monograph_names(srv_g->drugs[i].m, id))
            return &srv_g->drugs[i];
    return NULL;
}

static int add_drug(struct srv *s, sd_monograph *m, sd_error *err)
{
    struct srv_drug *d = realloc(s->drugs, (s->ndrugs + 1) * sizeof(*d));
    if(!d) {
        sd_monograph_free(m);
        sd_error_setf(err, "out of memory");
        return SD_ERR_NOMEM;
    }
    s->drugs = d;
    const char *wl = access(SD_WORDLIST_DEFAULT, R_OK) == 0
                         ? SD_WORDLIST_DEFAULT : NULL;
    int rc = sd_lexicon_build(m, wl, &d[s->ndrugs].lx, err);
    if(rc) {
        sd_monograph_free(m);
        return rc;
    }
    d[s->ndrugs++].m = m;
    return SD_OK;
}

int srv_load_drugs(const char *data_dir, const char *monograph,
                   struct srv *s, sd_error *err)
{
    sd_monograph *m;
    int rc;
    if(monograph) {
        if((rc = sd_monograph_load_file(monograph, &m, err)))
            return rc;
        return add_drug(s, m, err);
    }
    if((rc = sd_monograph_find(data_dir, SD_DEFAULT_DRUG, &m, err)) ||
       (rc = add_drug(s, m, err)))
        return rc;
    s->default_drug = 0;
    return SD_OK;
}

/* ---- the access log ---- */

static FILE *access_log;
static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;

/* Append s to b as a JSON string body (quotes escaped). */
static size_t json_escape(char *b, size_t n, const char *s)
{
    size_t k = 0;
    for(; s && *s && k + 7 < n; s++) {
        unsigned char c = (unsigned char)*s;
        if(c == '"' || c == '\\') {
            b[k++] = '\\';
            b[k++] = (char)c;
        } else if(c < 0x20) {
            k += (size_t)snprintf(b + k, n - k, "\\u%04x", c);
        } else {
            b[k++] = (char)c;
        }
    }
    b[k] = '\0';
    return k;
}

/* ---- requests ---- */

static atomic_int in_flight;
static atomic_int stopping;

struct conn_req {
    struct timespec t0;
    char *body;
    size_t len, cap;
    int too_big;
    int answered;          /* a response was queued at the first call */
    int status;
    size_t out_len;
    int64_t account;
    char method[12];
    char path[256];
    char remote[64];
};

static const char *get_header(void *ctx, const char *name)
{
    return MHD_lookup_connection_value(ctx, MHD_HEADER_KIND, name);
}

static const char *get_query(void *ctx, const char *name)
{
    return MHD_lookup_connection_value(ctx, MHD_GET_ARGUMENT_KIND, name);
}

static const char csp[] =
    "default-src 'self'; script-src 'self'; style-src 'self'; "
    "img-src 'self' data:; connect-src 'self'; font-src 'self'; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'";

static enum MHD_Result send_resp(struct MHD_Connection *con,
                                 struct conn_req *c, struct srv_resp *r)
{
    struct MHD_Response *mr = MHD_create_response_from_buffer(
        r->len, r->body, MHD_RESPMEM_MUST_FREE);
    if(!mr) {
        srv_resp_free(r);
        return MHD_NO;
    }
    r->body = NULL;
    MHD_add_response_header(mr, "Content-Type",
                            r->type ? r->type : "application/json");
    MHD_add_response_header(mr, "Content-Security-Policy",
                            r->csp ? r->csp : csp);
    MHD_add_response_header(mr, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(mr, "X-Frame-Options", "DENY");
    MHD_add_response_header(mr, "Referrer-Policy", "no-referrer");
    MHD_add_response_header(mr, "Cross-Origin-Opener-Policy", "same-origin");
    MHD_add_response_header(mr, "Cache-Control",
                            r->cache ? "no-cache" : "no-store");
    for(int i = 0; i < r->nheaders; i++)
        MHD_add_response_header(mr, r->hname[i], r->hval[i]);
    c->status = r->status;
    c->out_len = r->len;
    enum MHD_Result ok = MHD_queue_response(con, (unsigned)r->status, mr);
    MHD_destroy_response(mr);
    srv_resp_free(r);
    return ok;
}

static void remote_of(struct MHD_Connection *con, char *buf, size_t n)
{
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(con, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    buf[0] = '\0';
    if(!ci || !ci->client_addr)
        return;
    const struct sockaddr *sa = ci->client_addr;
    if(sa->sa_family == AF_INET)
        inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)
                               ->sin_addr, buf, (socklen_t)n);
    else if(sa->sa_family == AF_INET6)
        inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)
                                ->sin6_addr, buf, (socklen_t)n);
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *con,
                              const char *url, const char *method,
                              const char *version, const char *upload,
                              size_t *upload_size, void **con_cls)
{
    struct conn_req *c = *con_cls;
    struct srv_resp r;
    (void)cls;
    (void)version;

    memset(&r, 0, sizeof(r));
    if(!c) {
        if(!(c = calloc(1, sizeof(*c))))
            return MHD_NO;
        *con_cls = c;
        atomic_fetch_add(&in_flight, 1);
        clock_gettime(CLOCK_MONOTONIC, &c->t0);
        snprintf(c->method, sizeof(c->method), "%s", method);
        snprintf(c->path, sizeof(c->path), "%s", url);
        remote_of(con, c->remote, sizeof(c->remote));
        if(atomic_load(&stopping)) {
            srv_error(&r, 503, "unavailable", NULL,
                      "the server is shutting down; try again shortly");
            c->answered = 1;
            return send_resp(con, c, &r);
        }
        const char *cl = MHD_lookup_connection_value(
            con, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
        if(cl) {
            char *end;
            errno = 0;
            unsigned long long n = strtoull(cl, &end, 10);
            if(errno || *end || n > SRV_BODY_MAX) {
                srv_error(&r, 413, "too_large", NULL,
                          "the body is larger than %d KiB; send less",
                          SRV_BODY_MAX / 1024);
                c->answered = 1;
                return send_resp(con, c, &r);
            }
        }
        return MHD_YES;
    }
    if(c->answered)
        return MHD_YES;
    if(*upload_size) {
        size_t n = *upload_size;
        *upload_size = 0;
        if(c->too_big || c->len + n > SRV_BODY_MAX) {
            c->too_big = 1;
            return MHD_YES;
        }
        if(c->len + n + 1 > c->cap) {
            size_t cap = c->cap ? c->cap : 4096;
            while(cap < c->len + n + 1)
                cap *= 2;
            char *b = realloc(c->body, cap);
            if(!b)
                return MHD_NO;
            c->body = b;
            c->cap = cap;
        }
        memcpy(c->body + c->len, upload, n);
        c->len += n;
        c->body[c->len] = '\0';
        return MHD_YES;
    }
    if(c->too_big) {
        srv_error(&r, 413, "too_large", NULL,
                  "the body is larger than %d KiB; send less",
                  SRV_BODY_MAX / 1024);
        return send_resp(con, c, &r);
    }

    struct srv_req q;
    memset(&q, 0, sizeof(q));
    q.method = method;
    q.path = url;
    q.body = c->body;
    q.len = c->len;
    q.remote = c->remote;
    q.header = get_header;
    q.query = get_query;
    q.ctx = con;
    const char *proto = get_header(con, "X-Forwarded-Proto");
    q.tls = srv_g->secure_cookies || (proto && !strcmp(proto, "https"));
    srv_dispatch(&q, &r);
    c->account = q.authed ? q.acct.id : 0;
    if(!r.status)
        srv_error(&r, 500, "internal", NULL, "no answer was made");
    return send_resp(con, c, &r);
}

static void completed(void *cls, struct MHD_Connection *con, void **con_cls,
                      enum MHD_RequestTerminationCode toe)
{
    struct conn_req *c = *con_cls;
    (void)cls;
    (void)con;
    if(!c)
        return;
    *con_cls = NULL;
    if(access_log) {
        struct timespec t1;
        char path[600], when[32];
        clock_gettime(CLOCK_MONOTONIC, &t1);
        double ms = (double)(t1.tv_sec - c->t0.tv_sec) * 1e3 +
                    (double)(t1.tv_nsec - c->t0.tv_nsec) / 1e6;
        time_t now = time(NULL);
        struct tm tm;
        gmtime_r(&now, &tm);
        strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &tm);
        json_escape(path, sizeof(path), c->path);
        pthread_mutex_lock(&log_lock);
        fprintf(access_log,
                "{\"t\":\"%s\",\"remote\":\"%s\",\"method\":\"%s\","
                "\"path\":\"%s\",\"status\":%d,\"bytes\":%zu,\"ms\":%.3f,"
                "\"account\":%" PRId64 "%s}\n",
                when, c->remote, c->method, path, c->status, c->out_len, ms,
                c->account,
                toe == MHD_REQUEST_TERMINATED_COMPLETED_OK
                    ? "" : ",\"aborted\":true");
        pthread_mutex_unlock(&log_lock);
    }
    free(c->body);
    free(c);
    atomic_fetch_sub(&in_flight, 1);
}

/* ---- start ---- */

static int parse_listen(const char *s, struct sockaddr_storage *ss,
                        socklen_t *sl)
{
    char host[128], port[16];
    const char *colon = strrchr(s, ':');
    if(!colon || colon == s || strlen(colon + 1) == 0 ||
       strlen(colon + 1) >= sizeof(port) ||
       (size_t)(colon - s) >= sizeof(host))
        return -1;
    memcpy(host, s, (size_t)(colon - s));
    host[colon - s] = '\0';
    snprintf(port, sizeof(port), "%s", colon + 1);
    if(host[0] == '[') {
        size_t n = strlen(host);
        if(n < 3 || host[n - 1] != ']')
            return -1;
        memmove(host, host + 1, n - 2);
        host[n - 2] = '\0';
    }
    char *end;
    long p = strtol(port, &end, 10);
    if(*end || p < 0 || p > 65535)
        return -1;
    struct addrinfo hints, *ai;
    memset(&hints, 0, sizeof(hints));
    hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV | AI_PASSIVE;
    hints.ai_socktype = SOCK_STREAM;
    if(getaddrinfo(host, port, &hints, &ai))
        return -1;
    memcpy(ss, ai->ai_addr, ai->ai_addrlen);
    *sl = ai->ai_addrlen;
    freeaddrinfo(ai);
    return 0;
}

static int parse_count(const char *opt, const char *v, long lo, long hi,
                       long *out)
{
    char *end;
    errno = 0;
    long n = strtol(v, &end, 10);
    if(!*v || *end || errno || n < lo || n > hi) {
        cli_error("%s '%s': give a whole number from %ld to %ld", opt, v, lo,
                  hi);
        return CLI_EXIT_USAGE;
    }
    *out = n;
    return CLI_EXIT_OK;
}

/* The first admin: while there is none, a new one-time link at each
** start. */
static int first_run(sd_store *st, const char *base)
{
    sd_error err;
    char token[SD_TOKEN_CHARS], msg[512];
    int64_t n;
    if(sd_account_count(st, SD_ROLE_ADMIN, &n, &err) ||
       (!n && sd_setup_token_new(st, srv_now(NULL), token, &err))) {
        cli_error("%s", sd_error_format(&err, msg, sizeof(msg)));
        return CLI_EXIT_IO;
    }
    if(!n)
        printf("first run: create the first admin account at\n  "
               "%s/#/setup?token=%s\n(the link works once)\n", base, token);
    return CLI_EXIT_OK;
}

/* --demo: the demo accounts over the demo patients. */
static int demo(sd_store *st)
{
    static const char clin_user[] = "dr.demo", clin_pw[] = "demo-clinician-1";
    static const char *const pat_pw[2] = {"demo-patient-ana", "demo-patient-ben"};
    const struct srv_drug *d = srv_drug_find(NULL);
    sd_demo_result res;
    sd_account a;
    sd_error err;
    char msg[512];
    int tz, ok, rc;
    int64_t now = srv_now(&tz), cid, id;

    if((rc = sd_demo_fill(st, d->m, d->lx, now, tz, &res, &err)))
        goto fail;
    rc = sd_account_login(st, clin_user, clin_pw, &a, &ok, &err);
    if(rc)
        goto fail;
    if(ok) {
        cid = a.id;
    } else if((rc = sd_account_create(st, clin_user, clin_pw,
                                      SD_ROLE_CLINICIAN, 0, now, &cid,
                                      &err))) {
        goto fail;
    }
    printf("demo clinician: username %s password %s\n", clin_user, clin_pw);
    for(int i = 0; i < 2; i++) {
        if((rc = sd_link_set(st, cid, res.patient_id[i], 1, now, &err)))
            goto fail;
        if((rc = sd_account_login(st, res.pseudonym[i], pat_pw[i], &a, &ok,
                                  &err)))
            goto fail;
        if(!ok && (rc = sd_account_create(st, res.pseudonym[i], pat_pw[i],
                                          SD_ROLE_PATIENT,
                                          res.patient_id[i], now, &id,
                                          &err)))
            goto fail;
        printf("demo patient:   username %s password %s\n", res.pseudonym[i],
               pat_pw[i]);
    }
    return CLI_EXIT_OK;
fail:
    cli_error("--demo: %s", sd_error_format(&err, msg, sizeof(msg)));
    return cli_exit_for(rc);
}

int cmd_serve(struct cli_ctx *ctx, int argc, char **argv)
{
    const char *listen = "127.0.0.1:8080", *web = SD_WEBDIR;
    const char *log_path = NULL;
    long threads = sysconf(_SC_NPROCESSORS_ONLN), maxconn = 1000, idle = 30;
    int want_demo = 0, rc;
    struct srv s;
    sd_error err;
    char msg[512], dbbuf[PATH_MAX];

    memset(&s, 0, sizeof(s));
    if(threads < 1)
        threads = 1;
    for(int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if(!strcmp(a, "-h") || !strcmp(a, "--help")) {
            fputs(serve_usage, stdout);
            return CLI_EXIT_OK;
        }
        if(!strcmp(a, "--demo")) {
            want_demo = 1;
            continue;
        }
        if(!strcmp(a, "--secure-cookies")) {
            s.secure_cookies = 1;
            continue;
        }
        if(!strcmp(a, "--routes")) {
            for(size_t k = 0; k < srv_nroutes(); k++)
                printf("%s %s\n", srv_route_at(k)->method,
                       srv_route_at(k)->pattern);
            return CLI_EXIT_OK;
        }
        if(!v) {
            cli_error("option '%s' needs a value; see 'stepdown serve --help'",
                      a);
            return CLI_EXIT_USAGE;
        }
        i++;
        if(!strcmp(a, "--listen"))
            listen = v;
        else if(!strcmp(a, "--web"))
            web = v;
        else if(!strcmp(a, "--access-log"))
            log_path = v;
        else if(!strcmp(a, "--db"))
            ctx->db = v;
        else if(!strcmp(a, "--threads")) {
            if((rc = parse_count(a, v, 1, 256, &threads)))
                return rc;
        } else if(!strcmp(a, "--max-connections")) {
            if((rc = parse_count(a, v, 1, 100000, &maxconn)))
                return rc;
        } else if(!strcmp(a, "--idle-timeout")) {
            if((rc = parse_count(a, v, 1, 3600, &idle)))
                return rc;
        } else {
            cli_error("unknown option '%s'; see 'stepdown serve --help'", a);
            return CLI_EXIT_USAGE;
        }
    }
    struct sockaddr_storage ss;
    socklen_t sl;
    if(parse_listen(listen, &ss, &sl)) {
        cli_error("--listen '%s': give ADDR:PORT, e.g. 127.0.0.1:8080 or "
                  "[::1]:8080", listen);
        return CLI_EXIT_USAGE;
    }
    if(!log_path || !strcmp(log_path, "-"))
        access_log = stderr;
    else if(!strcmp(log_path, "off"))
        access_log = NULL;
    else if(!(access_log = fopen(log_path, "a"))) {
        cli_error("--access-log %s: %s", log_path, strerror(errno));
        return CLI_EXIT_IO;
    }

    s.db_path = cli_db_path(ctx, dbbuf, sizeof(dbbuf));
    int tz;
    s.clock_start = (int64_t)time(NULL);
    if(getenv("STEPDOWN_NOW") && *getenv("STEPDOWN_NOW"))
        s.clock_base = cli_clock_now(&tz);
    srv_g = &s;
    rc = CLI_EXIT_IO;
    if(sd_accounts_init(&err) ||
       srv_load_drugs(ctx->data_dir, ctx->monograph, &s, &err) ||
       srv_static_load(web, &err)) {
        cli_error("%s", sd_error_format(&err, msg, sizeof(msg)));
        goto out;
    }
    sd_store *st = srv_store();    /* creates or migrates the database */
    if(!st)
        goto out;
    sd_monitor_config_load(st, &s.cfg);   /* `stepdown settings`, at start */

    /* Signals go to sigwait() below, not to the pool's threads. */
    sigset_t sigs;
    sigemptyset(&sigs);
    sigaddset(&sigs, SIGINT);
    sigaddset(&sigs, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &sigs, NULL);
    signal(SIGPIPE, SIG_IGN);

    unsigned flags = MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_ITC |
                     MHD_USE_ERROR_LOG | MHD_USE_TURBO;
    if(ss.ss_family == AF_INET6)
        flags |= MHD_USE_IPv6;
    struct MHD_Daemon *d = MHD_start_daemon(
        flags, 0, NULL, NULL, handle, NULL,
        MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
        MHD_OPTION_THREAD_POOL_SIZE, (unsigned)threads,
        MHD_OPTION_CONNECTION_LIMIT, (unsigned)maxconn,
        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)idle,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(64 * 1024),
        MHD_OPTION_NOTIFY_COMPLETED, completed, NULL,
        MHD_OPTION_LISTEN_BACKLOG_SIZE, 1024u,
        MHD_OPTION_END);
    if(!d) {
        cli_error("cannot listen on %s: %s (is the port in use?)", listen,
                  strerror(errno));
        goto out;
    }
    const union MHD_DaemonInfo *di =
        MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
    char base[160], host[128];
    const char *colon = strrchr(listen, ':');
    snprintf(host, sizeof(host), "%.*s", (int)(colon - listen), listen);
    snprintf(base, sizeof(base), "http://%s:%u",
             !strcmp(host, "0.0.0.0") ? "127.0.0.1" : host,
             di ? (unsigned)di->port : 0);
    printf("stepdown %s serving %s (database %s, %ld threads)\n", SD_VERSION,
           base, s.db_path, threads);
    printf("stepdown supports the prescriber; it does not replace them.\n");
    if((rc = first_run(st, base)) || (want_demo && (rc = demo(st)))) {
        MHD_stop_daemon(d);
        goto out;
    }
    printf("open %s/ in a browser; stop with Ctrl-C\n", base);
    fflush(stdout);

    int sig;
    sigwait(&sigs, &sig);
    atomic_store(&stopping, 1);
    fprintf(stderr, "stepdown serve: %s, finishing the requests in flight\n",
            sig == SIGTERM ? "SIGTERM" : "SIGINT");
    MHD_quiesce_daemon(d);
    for(int waited = 0; atomic_load(&in_flight) > 0 && waited < 1000;
        waited++)
        nanosleep(&(struct timespec){0, 10000000}, NULL);
    MHD_stop_daemon(d);
    rc = CLI_EXIT_OK;
out:
    stores_close();
    srv_static_free();
    sd_taper_ics_cleanup();    /* libical's time zones, made by exports */
    for(size_t i = 0; i < s.ndrugs; i++) {
        sd_lexicon_free(s.drugs[i].lx);
        sd_monograph_free(s.drugs[i].m);
    }
    free(s.drugs);
    if(access_log && access_log != stderr)
        fclose(access_log);
    access_log = NULL;
    srv_g = NULL;
    return rc;
}
