/*
** cli_diary.c: the diary on the command line: patient, rx, log, status,
** alerts, report, export, import, backup, settings, and `plan save`.
**
** Every command opens the database (--db, $STEPDOWN_DB, else
** $XDG_DATA_HOME/stepdown/stepdown.db or ~/.local/share/stepdown/...),
** and every write is followed by a monitor run whose new alerts are
** stored and printed. $STEPDOWN_NOW ("YYYY-MM-DDTHH:MM", local time) sets
** the clock, for tests and demonstrations.
*/
#define _DEFAULT_SOURCE /* tm_gmtoff */
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "cli.h"
#include "stepdown/date.h"
#include "stepdown/demo.h"
#include "stepdown/diary.h"
#include "stepdown/diary_export.h"
#include "stepdown/lexicon.h"
#include "stepdown/monitor.h"
#include "stepdown/store.h"
#include "stepdown/taper_json.h"
#include "stepdown/taper_policy.h"
#include "stepdown/wscore.h"

static const char diary_usage[] =
    "usage: stepdown [--db PATH] COMMAND ...\n"
    "\n"
    "  patient add PSEUDONYM [--birth-year YYYY]\n"
    "  patient list | patient show PSEUDONYM\n"
    "  rx set PSEUDONYM --regimen MG-MG-.. (--tablets MG[/2|/4] | --liquid "
    "MG_PER_ML)\n"
    "         [--times HH:MM,..] [--start DATE] [--end DATE] [--since DATE]\n"
    "         [--prescriber NAME]\n"
    "  plan save PSEUDONYM PLAN.json      a plan from 'stepdown plan --format "
    "json'\n"
    "  log dose PSEUDONYM --dose AMOUNT [--kind taken|skipped|extra|"
    "as-needed]\n"
    "  log symptom PSEUDONYM \"WORDS\" [--severity 0-4]\n"
    "  log score PSEUDONYM ITEM=N,...  (stepdown log score --help)\n"
    "  log alcohol PSEUDONYM (--drinks N | --sedative WHAT)\n"
    "  log supply PSEUDONYM --units N      tablets, or mL of a liquid\n"
    "  log egfr PSEUDONYM --value N        mL/min/1.73 m2\n"
    "      every log takes [--at YYYY-MM-DDTHH:MM | --at HH:MM] [--key KEY]\n"
    "  status PSEUDONYM                   today's step, doses, adherence, "
    "alerts\n"
    "  alerts [PSEUDONYM] [--all] [--json]\n"
    "  alerts --ack ID --by NAME [--note TEXT]\n"
    "  report PSEUDONYM [--from DATE] [--to DATE] [--format "
    "text|html|csv|json]\n"
    "         [--output FILE]\n"
    "  export PSEUDONYM --format fhir|json [--output FILE]\n"
    "  import FILE                        a JSON export, all or nothing\n"
    "  backup FILE                        a copy of the database, while in "
    "use\n"
    "  settings [NAME VALUE]              monitor thresholds "
    "(docs/MONITOR.md)\n"
    "  demo                               two demo patients with 60 days of "
    "diary\n"
    "\n"
    "AMOUNT is 10mg, 500mcg, 1.5tab or 7.5ml (mg when no unit is given).\n"
    "The database: --db, else $STEPDOWN_DB, else "
    "$XDG_DATA_HOME/stepdown/stepdown.db\n"
    "(~/.local/share/stepdown/stepdown.db).\n";

static const char score_usage[] =
    "usage: stepdown log score PSEUDONYM ITEM=N[,ITEM=N...] [--at TIME]\n"
    "\n"
    "A withdrawal score adapted from CIWA-Ar [CIWA-VA, CIWA-WIKI, CIWA-TOC]."
    "\nItems (rate only what was assessed):\n";

/* ---- Clock and times ---- */


static int local_offset(time_t t)
{
    struct tm tm;
    localtime_r(&t, &tm);
    return (int)(tm.tm_gmtoff / 60);
}

/* "YYYY-MM-DDTHH:MM" or "YYYY-MM-DD HH:MM" (local), "HH:MM" (today), or
** "YYYY-MM-DD" (12:00 that day). */
static int parse_at(const char *opt, const char *s, int64_t *at, int *tz)
{
    long day;
    int minute = 12 * 60;
    char d[16];
    size_t n = strlen(s);

    if(n == 5 && !sd_time_parse(s, &minute)) {
        int ntz;
        int64_t now = cli_clock_now(&ntz);
        day = sd_local_day(now, ntz);
    } else if(n >= 10 && n <= 16) {
        memcpy(d, s, 10);
        d[10] = '\0';
        if(sd_date_parse(d, &day) ||
           (n > 10 && (n != 16 || (s[10] != 'T' && s[10] != ' ') ||
                       sd_time_parse(s + 11, &minute))))
            goto bad;
    } else {
        goto bad;
    }
    int y, mo, dd;
    sd_civil_from_days(day, &y, &mo, &dd, NULL);
    struct tm tm;
    memset(&tm, 0, sizeof(tm));
    tm.tm_year = y - 1900;
    tm.tm_mon = mo - 1;
    tm.tm_mday = dd;
    tm.tm_hour = minute / 60;
    tm.tm_min = minute % 60;
    tm.tm_isdst = -1;
    time_t t = mktime(&tm);
    if(t == (time_t)-1)
        goto bad;
    *at = (int64_t)t;
    *tz = (int)(tm.tm_gmtoff / 60);
    return CLI_EXIT_OK;
bad:
    cli_error("%s '%s': give YYYY-MM-DDTHH:MM, YYYY-MM-DD or HH:MM (local "
              "time)", opt, s);
    return CLI_EXIT_USAGE;
}

int64_t cli_clock_now(int *tz)
{
    const char *env = getenv("STEPDOWN_NOW");
    time_t t = time(NULL);
    if(env && *env) {
        int64_t at;
        int z;
        setenv("STEPDOWN_NOW", "", 1); /* parse_at calls us for HH:MM */
        int bad = parse_at("STEPDOWN_NOW", env, &at, &z);
        setenv("STEPDOWN_NOW", env, 1);
        if(!bad) {
            *tz = z;
            return at;
        }
    }
    *tz = local_offset(t);
    return (int64_t)t;
}

/* ---- Database ---- */

const char *cli_db_path(const struct cli_ctx *ctx, char *buf, size_t n)
{
    const char *env = getenv("STEPDOWN_DB");
    if(ctx->db)
        return ctx->db;
    if(env && *env)
        return env;
    const char *xdg = getenv("XDG_DATA_HOME"), *home = getenv("HOME");
    char dir[PATH_MAX];
    if(xdg && *xdg)
        snprintf(dir, sizeof(dir), "%s/stepdown", xdg);
    else
        snprintf(dir, sizeof(dir), "%s/.local/share/stepdown",
                 home && *home ? home : ".");
    /* create the directories (mkdir -p) */
    for(char *p = dir + 1; *p; p++) {
        if(*p == '/') {
            *p = '\0';
            mkdir(dir, 0700);
            *p = '/';
        }
    }
    mkdir(dir, 0700);
    snprintf(buf, n, "%s/stepdown.db", dir);
    return buf;
}

static int fail(int rc, const sd_error *err)
{
    char msg[640];
    cli_error("%s", sd_error_format(err, msg, sizeof(msg)));
    return cli_exit_for(rc);
}

struct session {
    struct cli_ctx *ctx;
    sd_store *st;
    sd_monograph *m;
    sd_monitor_config cfg;
    int64_t now;
    int tz;
};

static int open_session(struct cli_ctx *ctx, struct session *s, int need_m)
{
    char buf[PATH_MAX];
    sd_error err;
    int rc;
    memset(s, 0, sizeof(*s));
    s->ctx = ctx;
    s->now = cli_clock_now(&s->tz);
    if((rc = sd_store_open(cli_db_path(ctx, buf, sizeof(buf)), &s->st, &err)))
        return fail(rc, &err);
    if(need_m && (rc = cli_load(ctx, NULL, &s->m))) {
        sd_store_close(s->st);
        return rc;
    }
    sd_monitor_config_load(s->st, &s->cfg);
    return CLI_EXIT_OK;
}

static void close_session(struct session *s)
{
    sd_monograph_free(s->m);
    sd_store_close(s->st);
}

static int find_patient(struct session *s, const char *name, sd_patient *p)
{
    sd_error err;
    int rc = sd_store_patient_find(s->st, name, p, &err);
    return rc ? fail(rc, &err) : CLI_EXIT_OK;
}

static int load_diary(struct session *s, int64_t id, sd_diary *d)
{
    sd_error err;
    sd_diary_init(d);
    int rc = sd_store_diary_load(s->st, id, INT64_MIN, INT64_MAX, d, &err);
    if(rc) {
        sd_diary_release(d);
        return fail(rc, &err);
    }
    return CLI_EXIT_OK;
}

static void print_alert(const sd_alert *a, int tz, int brief)
{
    char w[32], line[2048];
    sd_local_time_format(a->at, tz, w, sizeof(w));
    printf("  #%" PRId64 " %s  %s  %s%s\n", a->id,
           sd_disposition_name(a->disposition), a->rule, w,
           a->acked_at ? "  (acknowledged)" : "");
    snprintf(line, sizeof(line), "%s [%s]", a->text, a->sources);
    cli_wrap(stdout, 4, 4, line);
    if(!brief) {
        snprintf(line, sizeof(line), "What to do: %s", a->advice);
        cli_wrap(stdout, 4, 4, line);
        if(a->acked_at) {
            sd_local_time_format(a->acked_at, tz, w, sizeof(w));
            snprintf(line, sizeof(line), "Acknowledged by %s on %s%s%s",
                     a->acked_by ? a->acked_by : "?", w,
                     a->ack_note && *a->ack_note ? ": " : "",
                     a->ack_note ? a->ack_note : "");
            cli_wrap(stdout, 4, 4, line);
        }
    }
}

struct loud {
    int tz, printed;
};

static int print_new(const sd_alert *a, void *arg)
{
    struct loud *l = arg;
    if(!l->printed++)
        printf("\nnew alerts:\n");
    print_alert(a, l->tz, 0);
    return 0;
}

/* Run the monitor over one patient's diary and store its alerts; print
** the new (or escalated) ones when loud. Returns an exit status. */
static int monitor_patient(struct session *s, const sd_patient *p, int loud)
{
    struct loud l = {s->tz, 0};
    sd_error err;
    int rc = sd_monitor_store(s->st, s->m, &s->cfg, p->id, s->now,
                              loud ? print_new : NULL, &l, &err);
    return rc ? fail(rc, &err) : CLI_EXIT_OK;
}

/* A default idempotency key: the same content in the same minute is the
** same entry (a retried command is not counted twice). */
static void default_key(char *buf, size_t n, const char *kind,
                        const char *patient, int64_t at, const char *content)
{
    uint64_t h = 1469598103934665603ULL;
    char all[2048];
    snprintf(all, sizeof(all), "%s|%s|%" PRId64 "|%s", kind, patient,
             at / 60, content);
    for(const char *p = all; *p; p++)
        h = (h ^ (unsigned char)*p) * 1099511628211ULL;
    snprintf(buf, n, "cli-%s-%016" PRIx64, kind, h);
}

/* ---- patient ---- */

static int print_patient(const sd_patient *p, void *arg)
{
    (void)arg;
    if(p->birth_year)
        printf("%-24s born %d\n", p->pseudonym, p->birth_year);
    else
        printf("%s\n", p->pseudonym);
    return 0;
}

static int cmd_patient(struct cli_ctx *ctx, int argc, char **argv)
{
    struct session s;
    sd_error err;
    int rc;
    const char *sub = argc > 1 ? argv[1] : "";

    if(!strcmp(sub, "add")) {
        const char *name = NULL, *key = NULL;
        long by = 0;
        for(int i = 2; i < argc; i++) {
            if(!strcmp(argv[i], "--birth-year") && i + 1 < argc) {
                char *end;
                by = strtol(argv[++i], &end, 10);
                if(*end || by < 1900 || by > 2100) {
                    cli_error("--birth-year '%s': give a year, 1900 to 2100",
                              argv[i]);
                    return CLI_EXIT_USAGE;
                }
            } else if(!strcmp(argv[i], "--key") && i + 1 < argc) {
                key = argv[++i];
            } else if(argv[i][0] != '-' && !name) {
                name = argv[i];
            } else {
                cli_error("patient add: unexpected '%s'; see 'stepdown "
                          "patient --help'", argv[i]);
                return CLI_EXIT_USAGE;
            }
        }
        if(!name) {
            cli_error("patient add: give a pseudonym (no names)");
            return CLI_EXIT_USAGE;
        }
        char kbuf[160];
        if(!key) {
            snprintf(kbuf, sizeof(kbuf), "patient:%s", name);
            key = kbuf;
        }
        if((rc = open_session(ctx, &s, 0)))
            return rc;
        int64_t id;
        rc = sd_store_patient_add(s.st, key, name, (int)by, &id, &err);
        if(rc)
            rc = fail(rc, &err);
        else
            printf("patient %s (id %" PRId64 ")\n", name, id);
        close_session(&s);
        return rc;
    }
    if(!strcmp(sub, "list")) {
        if((rc = open_session(ctx, &s, 0)))
            return rc;
        rc = sd_store_patient_each(s.st, print_patient, NULL, &err);
        if(rc)
            rc = fail(rc, &err);
        close_session(&s);
        return rc;
    }
    if(!strcmp(sub, "show") && argc == 3) {
        sd_patient p;
        sd_diary d;
        if((rc = open_session(ctx, &s, 1)))
            return rc;
        if((rc = find_patient(&s, argv[2], &p)) ||
           (rc = monitor_patient(&s, &p, 0)) ||
           (rc = load_diary(&s, p.id, &d))) {
            close_session(&s);
            return rc;
        }
        print_patient(&p, NULL);
        long counts[SD_ENTRY_KIND_MAX + 1] = {0};
        for(size_t i = 0; i < d.n; i++)
            counts[d.e[i].kind]++;
        for(size_t i = 0; i < d.nrx; i++) {
            char a[16], b[16] = "open", line[256];
            const sd_rx *r = &d.rx[i];
            sd_date_format(r->start_day, a, sizeof(a));
            if(r->end_day >= 0)
                sd_date_format(r->end_day, b, sizeof(b));
            int off = snprintf(line, sizeof(line), "prescription %s to %s:",
                               a, b);
            for(int k = 0; k < r->nadmin; k++) {
                char mg[32];
                cli_fmt_amount(r->dose_ug[k], 0, mg, sizeof(mg));
                off += snprintf(line + off, sizeof(line) - (size_t)off,
                                "%s %s at %02d:%02d", k ? "," : "", mg,
                                r->minute[k] / 60, r->minute[k] % 60);
            }
            printf("%s (%s%s%s)\n", line, r->formulation,
                   r->prescriber ? ", " : "",
                   r->prescriber ? r->prescriber : "");
        }
        for(size_t i = 0; i < d.nplans; i++) {
            char a[16], b[16];
            const sd_plan_version *pv = &d.plans[i];
            sd_date_format(pv->steps[0].first_day, a, sizeof(a));
            sd_date_format(pv->steps[pv->nsteps - 1].first_day, b, sizeof(b));
            printf("plan version %d: %zu steps, %s to %s\n", pv->version,
                   pv->nsteps, a, b);
        }
        printf("entries: %ld doses, %ld symptom reports, %ld scores, %ld "
               "alcohol or sedatives, %ld supplies, %ld eGFR\n",
               counts[1], counts[2], counts[3], counts[4], counts[5],
               counts[6]);
        size_t open = 0;
        for(size_t i = 0; i < d.nalerts; i++)
            open += !d.alerts[i].acked_at;
        printf("alerts: %zu open, %zu in all\n", open, d.nalerts);
        sd_diary_release(&d);
        close_session(&s);
        return CLI_EXIT_OK;
    }
    cli_error("patient: use add, list or show; see 'stepdown diary --help'");
    return CLI_EXIT_USAGE;
}

/* ---- rx set ---- */

static const sd_formulation *find_formulation(const sd_monograph *m,
                                              int64_t unit_ug,
                                              int64_t ug_per_ml)
{
    for(size_t i = 0; i < sd_monograph_nformulations(m); i++) {
        const sd_formulation *f = sd_monograph_formulation(m, i);
        if(strcmp(f->route, "oral"))
            continue;
        for(size_t k = 0; k < f->nstrengths; k++) {
            if((unit_ug && f->strengths[k].amount_ug == unit_ug) ||
               (ug_per_ml && f->strengths[k].ug_per_ml == ug_per_ml))
                return f;
        }
    }
    return NULL;
}

static int cmd_rx(struct cli_ctx *ctx, int argc, char **argv)
{
    sd_taper_request req;
    const char *name = NULL, *key = NULL, *prescriber = NULL, *times = NULL;
    long start = -1, end = -1, since = -1;
    int64_t ug_per_ml = 0;
    int have_regimen = 0, rc;
    struct session s;
    sd_error err;

    if(argc < 2 || strcmp(argv[1], "set")) {
        cli_error("rx: use 'stepdown rx set PSEUDONYM --regimen ...'");
        return CLI_EXIT_USAGE;
    }
    sd_taper_request_init(&req);
    req.nstrengths = 0;
    for(int i = 2; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if(a[0] != '-') {
            if(name) {
                cli_error("rx set: unexpected '%s'", a);
                return CLI_EXIT_USAGE;
            }
            name = a;
            continue;
        }
        if(!v) {
            cli_error("option '%s' needs a value", a);
            return CLI_EXIT_USAGE;
        }
        i++;
        if(!strcmp(a, "--regimen")) {
            if((rc = cli_parse_regimen(a, v, &req)))
                return rc;
            have_regimen = 1;
        } else if(!strcmp(a, "--tablets")) {
            if((rc = cli_parse_tablets(a, v, &req)))
                return rc;
            if(req.nstrengths != 1) {
                cli_error("--tablets: give the one strength prescribed");
                return CLI_EXIT_USAGE;
            }
        } else if(!strcmp(a, "--liquid")) {
            const char *e;
            if((rc = cli_parse_mg(a, v, &e, &ug_per_ml)))
                return rc;
            if(*e || ug_per_ml <= 0) {
                cli_error("--liquid '%s': give mg per mL, e.g. 1", v);
                return CLI_EXIT_USAGE;
            }
        } else if(!strcmp(a, "--times")) {
            times = v;
        } else if(!strcmp(a, "--start") || !strcmp(a, "--end") ||
                  !strcmp(a, "--since")) {
            long *dst = a[2] == 's' && a[3] == 't' ? &start
                        : a[2] == 'e' ? &end : &since;
            if((rc = cli_parse_date(a, v, dst)))
                return rc;
        } else if(!strcmp(a, "--prescriber")) {
            prescriber = v;
        } else if(!strcmp(a, "--key")) {
            key = v;
        } else {
            cli_error("rx set: unknown option '%s'", a);
            return CLI_EXIT_USAGE;
        }
    }
    if(!name || !have_regimen || (!req.nstrengths == !ug_per_ml)) {
        cli_error("rx set: give PSEUDONYM, --regimen and one of --tablets or "
                  "--liquid");
        return CLI_EXIT_USAGE;
    }
    if(times) {
        if((rc = cli_parse_times(times, &req)))
            return rc;
    } else {
        sd_taper_default_times(req.nadmin, req.minute);
    }
    if((rc = open_session(ctx, &s, 1)))
        return rc;
    sd_rx rx;
    memset(&rx, 0, sizeof(rx));
    const sd_formulation *f;
    if(req.nstrengths) {
        if((rc = sd_taper_check_tablets(s.m, &req, &err))) {
            close_session(&s);
            return fail(rc, &err);
        }
        rx.unit_ug = req.strengths[0].ug;
        rx.pieces = req.strengths[0].pieces;
        f = find_formulation(s.m, rx.unit_ug, 0);
    } else {
        rx.ug_per_ml = ug_per_ml;
        rx.pieces = 1;
        f = find_formulation(s.m, 0, ug_per_ml);
    }
    if(!f) {
        close_session(&s);
        cli_error("no oral formulation of that strength in the monograph; "
                  "see 'stepdown info'");
        return CLI_EXIT_USAGE;
    }
    for(int k = 0; k < req.nadmin; k++) {
        int64_t piece = rx.unit_ug ? rx.unit_ug / rx.pieces : rx.ug_per_ml / 10;
        if(req.dose_ug[k] <= 0 || req.dose_ug[k] % piece) {
            char a[32], b[32];
            cli_fmt_amount(req.dose_ug[k], 0, a, sizeof(a));
            cli_fmt_amount(piece, 0, b, sizeof(b));
            close_session(&s);
            cli_error("--regimen: dose %d (%s) cannot be made: give "
                      "multiples of %s", k + 1, a, b);
            return CLI_EXIT_USAGE;
        }
        rx.dose_ug[k] = req.dose_ug[k];
        rx.minute[k] = req.minute[k];
    }
    rx.nadmin = req.nadmin;
    rx.drug = sd_monograph_id(s.m);
    rx.formulation = f->id;
    rx.route = f->route;
    rx.start_day = start >= 0 ? start : sd_local_day(s.now, s.tz);
    rx.end_day = end;
    rx.since_day = since;
    rx.prescriber = prescriber;
    rx.entered = s.now;
    if(end >= 0 && end < rx.start_day) {
        close_session(&s);
        cli_error("--end is before --start");
        return CLI_EXIT_USAGE;
    }
    sd_patient p;
    if((rc = find_patient(&s, name, &p))) {
        close_session(&s);
        return rc;
    }
    char kbuf[160], content[256];
    if(!key) {
        snprintf(content, sizeof(content), "%s|%ld|%" PRId64 "|%" PRId64,
                 argv[0], rx.start_day, rx.unit_ug, sd_rx_daily_ug(&rx));
        for(int k = 0; k < rx.nadmin; k++) {
            size_t l = strlen(content);
            snprintf(content + l, sizeof(content) - l, "|%" PRId64 "@%d",
                     rx.dose_ug[k], rx.minute[k]);
        }
        default_key(kbuf, sizeof(kbuf), "rx", name, 0, content);
        key = kbuf;
    }
    rx.key = key;
    int64_t id;
    if((rc = sd_store_rx_add(s.st, p.id, &rx, &id, &err))) {
        close_session(&s);
        return fail(rc, &err);
    }
    char a[16], mg[32];
    sd_date_format(rx.start_day, a, sizeof(a));
    cli_fmt_amount(sd_rx_daily_ug(&rx), 0, mg, sizeof(mg));
    printf("prescription for %s from %s: %s a day in %d doses (%s; id %"
           PRId64 ")\n", name, a, mg, rx.nadmin, f->id, id);
    rc = monitor_patient(&s, &p, 1);
    close_session(&s);
    return rc;
}

/* ---- plan save ---- */

int cmd_plan_save(struct cli_ctx *ctx, int argc, char **argv)
{
    const char *name = NULL, *file = NULL, *key = NULL;
    struct session s;
    sd_error err;
    int rc;
    for(int i = 1; i < argc; i++) {
        if(!strcmp(argv[i], "--key") && i + 1 < argc)
            key = argv[++i];
        else if(!name && argv[i][0] != '-')
            name = argv[i];
        else if(!file && (argv[i][0] != '-' || !strcmp(argv[i], "-")))
            file = argv[i];
        else {
            cli_error("plan save: unexpected '%s'", argv[i]);
            return CLI_EXIT_USAGE;
        }
    }
    if(!name || !file) {
        cli_error("plan save: give PSEUDONYM and the plan's JSON file");
        return CLI_EXIT_USAGE;
    }
    char *buf;
    size_t len;
    if((rc = cli_read_file(file, &buf, &len)))
        return rc;
    /* the store keeps the JSON as a string: terminate it */
    char *nb = realloc(buf, len + 1);
    if(!nb) {
        free(buf);
        cli_error("out of memory");
        return CLI_EXIT_NOMEM;
    }
    buf = nb;
    buf[len] = '\0';
    if(memchr(buf, '\0', len)) {
        free(buf);
        cli_error("%s: a NUL byte in the plan; give the JSON that 'stepdown "
                  "plan --format json' wrote", file);
        return CLI_EXIT_USAGE;
    }
    sd_taper_spec spec;
    sd_taper_plan *plan = calloc(1, sizeof(*plan));
    sd_plan_brief *steps = calloc(SD_TAPER_MAX_STEPS, sizeof(*steps));
    if(!plan || !steps) {
        free(buf);
        free(plan);
        free(steps);
        cli_error("out of memory");
        return CLI_EXIT_NOMEM;
    }
    if((rc = sd_taper_plan_from_json(buf, len, &spec, plan, &err))) {
        char msg[640];
        cli_error("%s: %s", file, sd_error_format(&err, msg, sizeof(msg)));
        rc = cli_exit_for(rc);
        goto out;
    }
    if((rc = open_session(ctx, &s, 1)))
        goto out;
    sd_patient p;
    if(!(rc = find_patient(&s, name, &p))) {
        sd_plan_version pv;
        char kbuf[160];
        memset(&pv, 0, sizeof(pv));
        pv.json = buf;
        pv.nsteps = sd_plan_brief_fill(plan, steps, SD_TAPER_MAX_STEPS);
        pv.steps = steps;
        pv.entered = s.now;
        if(!key) {
            /* the plan's own hash is in its JSON: the content is the key */
            default_key(kbuf, sizeof(kbuf), "plan", name, 0, buf);
            key = kbuf;
        }
        pv.key = key;
        int64_t id;
        int version;
        /* the JSON is stored as given: make it a string */
        if((rc = sd_store_plan_add(s.st, p.id, &pv, &id, &version, &err))) {
            rc = fail(rc, &err);
        } else {
            char a[16], b[16];
            sd_date_format(steps[0].first_day, a, sizeof(a));
            sd_date_format(steps[pv.nsteps - 1].first_day, b, sizeof(b));
            printf("plan version %d for %s: %zu steps, %s to the stop on %s "
                   "(id %" PRId64 ")\n", version, name, pv.nsteps, a, b, id);
            rc = monitor_patient(&s, &p, 1);
        }
    }
    close_session(&s);
out:
    free(buf);
    free(plan);
    free(steps);
    return rc;
}

/* ---- log ---- */

/* "10mg", "500mcg", "1.5tab", "7.5ml", "10" (mg). */
static int parse_amount(const char *v, const sd_rx *rx, int64_t *ug)
{
    const char *e;
    int64_t x;
    int rc;
    if((rc = cli_parse_mg("--dose", v, &e, &x)))
        return rc;
    if(!*e || !strcmp(e, "mg")) {
        *ug = x;
    } else if(!strcmp(e, "mcg") || !strcmp(e, "ug") ||
              !strcmp(e, "\xc2\xb5g")) {
        if(x % 1000) {
            cli_error("--dose '%s': micrograms are whole numbers", v);
            return CLI_EXIT_USAGE;
        }
        *ug = x / 1000;
    } else if(!strcmp(e, "tab") || !strcmp(e, "tabs") ||
              !strcmp(e, "tablet") || !strcmp(e, "tablets")) {
        if(!rx || !rx->unit_ug) {
            cli_error("--dose '%s': the prescription is not for tablets", v);
            return CLI_EXIT_USAGE;
        }
        if((x * rx->unit_ug) % 1000) {
            cli_error("--dose '%s': not a whole number of micrograms", v);
            return CLI_EXIT_USAGE;
        }
        *ug = x * rx->unit_ug / 1000;
    } else if(!strcmp(e, "ml") || !strcmp(e, "mL")) {
        if(!rx || !rx->ug_per_ml) {
            cli_error("--dose '%s': the prescription is not for a liquid", v);
            return CLI_EXIT_USAGE;
        }
        if((x * rx->ug_per_ml) % 1000) {
            cli_error("--dose '%s': give the volume in 0.1 mL", v);
            return CLI_EXIT_USAGE;
        }
        *ug = x * rx->ug_per_ml / 1000;
    } else {
        cli_error("--dose '%s': unknown unit '%s'; use mg, mcg, tab or ml", v,
                  e);
        return CLI_EXIT_USAGE;
    }
    return CLI_EXIT_OK;
}

static void describe(const sd_entry *e, char *buf, size_t n)
{
    char mg[32];
    switch(e->kind) {
    case SD_ENTRY_DOSE:
        cli_fmt_amount(e->amount_ug, 0, mg, sizeof(mg));
        snprintf(buf, n, "dose %s %s", mg, sd_dose_kind_name(e->sub));
        break;
    case SD_ENTRY_SYMPTOM:
        snprintf(buf, n, "symptom report (%s)",
                 sd_disposition_name(e->disposition));
        break;
    case SD_ENTRY_SCORE:
        snprintf(buf, n, "withdrawal score %d", e->score_total);
        break;
    case SD_ENTRY_SUBSTANCE:
        if(e->sub == SD_SUBST_ALCOHOL)
            snprintf(buf, n, "alcohol, %g drinks", e->value);
        else
            snprintf(buf, n, "sedative: %s", e->text);
        break;
    case SD_ENTRY_SUPPLY:
        cli_fmt_amount(e->amount_ug, 0, mg, sizeof(mg));
        snprintf(buf, n, "supply of %g units (%s)", e->value, mg);
        break;
    default:
        snprintf(buf, n, "eGFR %g mL/min/1.73 m2", e->value);
        break;
    }
}

static int cmd_log(struct cli_ctx *ctx, int argc, char **argv)
{
    const char *what = argc > 1 ? argv[1] : "";
    const char *name = NULL, *text = NULL, *key = NULL, *at_s = NULL;
    const char *dose_s = NULL, *kind_s = "taken", *drinks_s = NULL;
    const char *sedative = NULL, *units_s = NULL, *value_s = NULL;
    long severity = -1;
    int kind, rc;

    if(!strcmp(what, "score") && argc > 2 &&
       (!strcmp(argv[2], "--help") || !strcmp(argv[2], "-h"))) {
        fputs(score_usage, stdout);
        for(size_t i = 0; i < sd_wscore_nitems(); i++) {
            const sd_wscore_item *it = sd_wscore_item_at(i);
            printf("  %-15s %s, 0-%d (%s): %s\n", it->id, it->label, it->max,
                   it->origin, it->anchors);
        }
        return CLI_EXIT_OK;
    }
    if(sd_entry_kind_parse(what, &kind) && strcmp(what, "alcohol")) {
        cli_error("log: use dose, symptom, score, alcohol, supply or egfr");
        return CLI_EXIT_USAGE;
    }
    if(!strcmp(what, "alcohol"))
        kind = SD_ENTRY_SUBSTANCE;
    else if(kind == SD_ENTRY_SUBSTANCE) {
        cli_error("log: use 'log alcohol' for alcohol and sedatives");
        return CLI_EXIT_USAGE;
    }
    for(int i = 2; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if(a[0] != '-') {
            if(!name)
                name = a;
            else if(!text && (kind == SD_ENTRY_SYMPTOM ||
                              kind == SD_ENTRY_SCORE))
                text = a;
            else {
                cli_error("log %s: unexpected '%s'", what, a);
                return CLI_EXIT_USAGE;
            }
            continue;
        }
        if(!v) {
            cli_error("option '%s' needs a value", a);
            return CLI_EXIT_USAGE;
        }
        i++;
        if(!strcmp(a, "--at") || !strcmp(a, "--on"))
            at_s = v;
        else if(!strcmp(a, "--key"))
            key = v;
        else if(!strcmp(a, "--dose") && kind == SD_ENTRY_DOSE)
            dose_s = v;
        else if(!strcmp(a, "--kind") && kind == SD_ENTRY_DOSE)
            kind_s = v;
        else if(!strcmp(a, "--severity") && kind == SD_ENTRY_SYMPTOM) {
            char *end;
            severity = strtol(v, &end, 10);
            if(*end || !*v || severity < 0 || severity > 4) {
                cli_error("--severity '%s': give 0 (none) to 4 (worst)", v);
                return CLI_EXIT_USAGE;
            }
        } else if(!strcmp(a, "--drinks") && kind == SD_ENTRY_SUBSTANCE)
            drinks_s = v;
        else if(!strcmp(a, "--sedative") && kind == SD_ENTRY_SUBSTANCE)
            sedative = v;
        else if(!strcmp(a, "--units") && kind == SD_ENTRY_SUPPLY)
            units_s = v;
        else if(!strcmp(a, "--value") && kind == SD_ENTRY_EGFR)
            value_s = v;
        else {
            cli_error("log %s: unknown option '%s'; see 'stepdown diary "
                      "--help'", what, a);
            return CLI_EXIT_USAGE;
        }
    }
    if(!name) {
        cli_error("log %s: give the patient's pseudonym", what);
        return CLI_EXIT_USAGE;
    }

    struct session s;
    sd_patient p;
    sd_diary d;
    sd_entry e;
    sd_error err;
    sd_symptom_fill fill;
    char content[1024] = "", kbuf[160];
    if((rc = open_session(ctx, &s, 1)))
        return rc;
    if((rc = find_patient(&s, name, &p)) ||
       (rc = load_diary(&s, p.id, &d))) {
        close_session(&s);
        return rc;
    }
    sd_entry_init(&e, kind);
    e.at = s.now;
    e.tz_min = s.tz;
    e.entered = s.now;
    if(at_s && (rc = parse_at("--at", at_s, &e.at, &e.tz_min)))
        goto out;
    long day = sd_local_day(e.at, e.tz_min);
    const sd_rx *rx = sd_diary_rx_on(&d, day);
    if(!rx && d.nrx)
        rx = &d.rx[d.nrx - 1];
    switch(kind) {
    case SD_ENTRY_DOSE:
        if(sd_dose_kind_parse(kind_s, &e.sub)) {
            cli_error("--kind '%s': taken, skipped, extra or as-needed",
                      kind_s);
            rc = CLI_EXIT_USAGE;
            goto out;
        }
        if(!dose_s && e.sub != SD_DOSE_SKIPPED) {
            cli_error("log dose: give --dose, e.g. --dose 10mg or --dose "
                      "1.5tab");
            rc = CLI_EXIT_USAGE;
            goto out;
        }
        if(dose_s && (rc = parse_amount(dose_s, rx, &e.amount_ug)))
            goto out;
        snprintf(content, sizeof(content), "%d|%" PRId64, e.sub,
                 e.amount_ug);
        break;
    case SD_ENTRY_SYMPTOM:
        if(!text) {
            cli_error("log symptom: give the patient's words in quotes");
            rc = CLI_EXIT_USAGE;
            goto out;
        }
        e.text = text;
        e.severity = (int)severity;
        {
            sd_lexicon *lx;
            if((rc = sd_lexicon_build(s.m, NULL, &lx, &err))) {
                rc = fail(rc, &err);
                goto out;
            }
            rc = sd_diary_check_symptom(lx, &d, &e, &fill, &err);
            sd_lexicon_free(lx);
            if(rc) {
                rc = fail(rc, &err);
                goto out;
            }
        }
        snprintf(content, sizeof(content), "%ld|%s", severity, text);
        break;
    case SD_ENTRY_SCORE:
        if(!text) {
            cli_error("log score: give the items, e.g. tremor=3,sweats=2 "
                      "(stepdown log score --help)");
            rc = CLI_EXIT_USAGE;
            goto out;
        }
        if((rc = sd_wscore_parse(text, e.items, &err))) {
            rc = fail(rc, &err);
            goto out;
        }
        e.score_total = sd_wscore_total(e.items);
        snprintf(content, sizeof(content), "%s", text);
        break;
    case SD_ENTRY_SUBSTANCE:
        if(!drinks_s == !sedative) {
            cli_error("log alcohol: give --drinks N or --sedative WHAT");
            rc = CLI_EXIT_USAGE;
            goto out;
        }
        if(drinks_s) {
            char *end;
            e.sub = SD_SUBST_ALCOHOL;
            e.value = strtod(drinks_s, &end);
            if(*end || !*drinks_s) {
                cli_error("--drinks '%s': give the number of standard "
                          "drinks", drinks_s);
                rc = CLI_EXIT_USAGE;
                goto out;
            }
        } else {
            e.sub = SD_SUBST_SEDATIVE;
            e.text = sedative;
        }
        snprintf(content, sizeof(content), "%d|%g|%s", e.sub, e.value,
                 sedative ? sedative : "");
        break;
    case SD_ENTRY_SUPPLY: {
        char *end;
        if(!units_s) {
            cli_error("log supply: give --units N (tablets, or mL of a "
                      "liquid)");
            rc = CLI_EXIT_USAGE;
            goto out;
        }
        if(!rx) {
            cli_error("log supply: record the prescription first ('stepdown "
                      "rx set')");
            rc = CLI_EXIT_USAGE;
            goto out;
        }
        e.value = strtod(units_s, &end);
        if(*end || !*units_s || !(e.value > 0 && e.value <= 100000)) {
            cli_error("--units '%s': give the units dispensed, more than 0",
                      units_s);
            rc = CLI_EXIT_USAGE;
            goto out;
        }
        double ug = rx->unit_ug ? e.value * (double)rx->unit_ug
                                : e.value * (double)rx->ug_per_ml;
        if(rx->unit_ug && e.value != (double)(long)e.value) {
            cli_error("--units '%s': tablets are dispensed whole", units_s);
            rc = CLI_EXIT_USAGE;
            goto out;
        }
        e.amount_ug = (int64_t)(ug + 0.5);
        snprintf(content, sizeof(content), "%g", e.value);
        break;
    }
    default: {
        char *end;
        if(!value_s) {
            cli_error("log egfr: give --value N (mL/min/1.73 m2)");
            rc = CLI_EXIT_USAGE;
            goto out;
        }
        e.value = strtod(value_s, &end);
        if(*end || !*value_s) {
            cli_error("--value '%s': give a number", value_s);
            rc = CLI_EXIT_USAGE;
            goto out;
        }
        snprintf(content, sizeof(content), "%g", e.value);
        break;
    }
    }
    if(!key) {
        default_key(kbuf, sizeof(kbuf), what, name, e.at, content);
        key = kbuf;
    }
    e.key = key;
    if((rc = sd_entry_check(&d, &e, s.now, &err))) {
        rc = fail(rc, &err);
        goto out;
    }
    int64_t id;
    if((rc = sd_store_entry_add(s.st, p.id, &e, &id, &err))) {
        rc = fail(rc, &err);
        goto out;
    }
    char desc[256], w[32];
    describe(&e, desc, sizeof(desc));
    sd_local_time_format(e.at, e.tz_min, w, sizeof(w));
    printf("recorded %s at %s for %s (entry %" PRId64 ")\n", desc, w, name,
           id);
    if(kind == SD_ENTRY_SYMPTOM) {
        printf("\n");
        cli_wrap(stdout, 0, 0, SD_SUPPORT_NOTICE);
        printf("\n%s: %s\n", sd_disposition_name(e.disposition),
               sd_disposition_meaning(e.disposition));
        if(*fill.concepts)
            printf("found: %s\n", fill.concepts);
        if(*fill.rules)
            printf("rules: %s [%s]\n", fill.rules, fill.sources);
    } else if(kind == SD_ENTRY_SCORE) {
        printf("band: %s (moderate from %d, severe from %d) [%s]\n",
               sd_wscore_band_name(sd_wscore_band(&s.cfg.score,
                                                  e.score_total)),
               s.cfg.score.moderate, s.cfg.score.severe, SD_WSCORE_SOURCES);
    }
    rc = monitor_patient(&s, &p, 1);
out:
    sd_diary_release(&d);
    close_session(&s);
    return rc;
}

/* ---- status ---- */

static int cmd_status(struct cli_ctx *ctx, int argc, char **argv)
{
    struct session s;
    sd_patient p;
    sd_diary d;
    int rc;
    if(argc != 2 || argv[1][0] == '-') {
        cli_error("status: give the patient's pseudonym");
        return CLI_EXIT_USAGE;
    }
    if((rc = open_session(ctx, &s, 1)))
        return rc;
    if((rc = find_patient(&s, argv[1], &p)) ||
       (rc = monitor_patient(&s, &p, 0)) ||
       (rc = load_diary(&s, p.id, &d))) {
        close_session(&s);
        return rc;
    }
    long today = sd_local_day(s.now, s.tz);
    char dw[32], mg[32], line[512];
    sd_date_words(today, 1, dw, sizeof(dw));
    cli_wrap(stdout, 0, 0, SD_SUPPORT_NOTICE);
    printf("\n%s, %s\n", p.pseudonym, dw);
    const sd_plan_brief *step;
    const sd_plan_version *pv = sd_diary_plan_on(&d, today, &step);
    const sd_rx *rx = sd_diary_rx_on(&d, today);
    if(pv) {
        cli_fmt_amount(step->total_ug, 0, mg, sizeof(mg));
        char until[32];
        sd_date_words(step->last_day, 1, until, sizeof(until));
        printf("today: step %ld of %zu of plan version %d: %s a day%s%s\n",
               (long)(step - pv->steps) + 1, pv->nsteps, pv->version, mg,
               step->total_ug ? ", until " : " (stopped)",
               step->total_ug ? until : "");
    } else if(rx) {
        cli_fmt_amount(sd_rx_daily_ug(rx), 0, mg, sizeof(mg));
        printf("today: the prescription, %s a day\n", mg);
    } else {
        printf("today: no prescription in force\n");
    }
    if(rx) {
        int off = snprintf(line, sizeof(line), "prescribed times:");
        for(int k = 0; k < rx->nadmin; k++)
            off += snprintf(line + off, sizeof(line) - (size_t)off,
                            "%s %02d:%02d", k ? "," : "", rx->minute[k] / 60,
                            rx->minute[k] % 60);
        printf("%s\n", line);
    }
    int any = 0;
    for(size_t i = 0; i < d.n; i++) {
        const sd_entry *e = &d.e[i];
        if(e->kind != SD_ENTRY_DOSE || sd_local_day(e->at, e->tz_min) != today)
            continue;
        char w[32];
        sd_local_time_format(e->at, e->tz_min, w, sizeof(w));
        cli_fmt_amount(e->amount_ug, 0, mg, sizeof(mg));
        printf("%s %s %s at %s\n", any++ ? "      " : "logged today:", mg,
               sd_dose_kind_name(e->sub), w + 11);
    }
    if(!any)
        printf("logged today: no dose yet\n");
    sd_adherence a;
    sd_diary_adherence(&d, today - 7, today - 1, &a);
    if(a.expected > 0)
        printf("last 7 days: %.0f %% of doses taken (%ld of %ld; %ld "
               "skipped, %ld not logged, %ld extra)\n", a.percent, a.taken,
               a.expected, a.skipped, a.missing, a.extra);
    size_t open = 0;
    for(size_t i = 0; i < d.nalerts; i++)
        open += !d.alerts[i].acked_at;
    printf("\nopen alerts: %zu\n", open);
    /* highest first */
    for(int lvl = SD_DISP_EMERGENCY; lvl >= 0; lvl--)
        for(size_t i = 0; i < d.nalerts; i++)
            if(!d.alerts[i].acked_at && d.alerts[i].disposition == lvl)
                print_alert(&d.alerts[i], s.tz, 0);
    sd_diary_release(&d);
    close_session(&s);
    return CLI_EXIT_OK;
}

/* ---- alerts ---- */

struct alerts_out {
    struct session *s;
    json_t *arr;
    size_t n;
    const char *filter;  /* pseudonym for the heading, or NULL */
};

static int alert_cb(const sd_alert *a, void *arg)
{
    struct alerts_out *o = arg;
    o->n++;
    if(o->arr) {
        json_t *j = json_object();
        sd_patient p;
        sd_error err;
        json_object_set_new(j, "id", json_integer(a->id));
        if(!sd_store_patient_get(o->s->st, a->patient_id, &p, &err))
            json_object_set_new(j, "patient", json_string(p.pseudonym));
        json_object_set_new(j, "rule", json_string(a->rule));
        json_object_set_new(j, "key", json_string(a->key));
        json_object_set_new(j, "disposition",
                            json_string(sd_disposition_name(a->disposition)));
        json_object_set_new(j, "at", json_integer(a->at));
        json_object_set_new(j, "text", json_string(a->text));
        json_object_set_new(j, "advice", json_string(a->advice));
        json_object_set_new(j, "sources", json_string(a->sources));
        json_object_set_new(j, "acknowledged", json_boolean(a->acked_at));
        if(a->acked_at) {
            json_object_set_new(j, "acked_at", json_integer(a->acked_at));
            json_object_set_new(j, "acked_by", json_string(a->acked_by));
        }
        json_array_append_new(o->arr, j);
    } else {
        if(!o->filter) {
            sd_patient p;
            sd_error err;
            if(!sd_store_patient_get(o->s->st, a->patient_id, &p, &err))
                printf("%s:\n", p.pseudonym);
        }
        print_alert(a, o->s->tz, 0);
    }
    return 0;
}

static int monitor_each(const sd_patient *p, void *arg)
{
    return monitor_patient(arg, p, 0) ? 1 : 0;
}

static int cmd_alerts(struct cli_ctx *ctx, int argc, char **argv)
{
    const char *name = NULL, *by = NULL, *note = NULL;
    long long ack = 0;
    int all = 0, json = 0, rc;
    struct session s;
    sd_error err;
    for(int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if(!strcmp(a, "--all"))
            all = 1;
        else if(!strcmp(a, "--json"))
            json = 1;
        else if(!strcmp(a, "--ack") && i + 1 < argc) {
            char *end;
            ack = strtoll(argv[++i], &end, 10);
            if(*end || ack <= 0) {
                cli_error("--ack '%s': give the alert's number", argv[i]);
                return CLI_EXIT_USAGE;
            }
        } else if(!strcmp(a, "--by") && i + 1 < argc)
            by = argv[++i];
        else if(!strcmp(a, "--note") && i + 1 < argc)
            note = argv[++i];
        else if(a[0] != '-' && !name)
            name = a;
        else {
            cli_error("alerts: unexpected '%s'", a);
            return CLI_EXIT_USAGE;
        }
    }
    if(ack) {
        if(!by || !*by) {
            cli_error("alerts --ack: give --by NAME, the clinician who "
                      "acknowledges");
            return CLI_EXIT_USAGE;
        }
        if((rc = open_session(ctx, &s, 0)))
            return rc;
        rc = sd_store_alert_ack(s.st, ack, by, note, s.now, &err);
        if(rc)
            rc = fail(rc, &err);
        else
            printf("alert #%lld acknowledged by %s\n", ack, by);
        close_session(&s);
        return rc;
    }
    if((rc = open_session(ctx, &s, 1)))
        return rc;
    sd_patient p;
    int64_t pid = 0;
    if(name) {
        if((rc = find_patient(&s, name, &p)) ||
           (rc = monitor_patient(&s, &p, 0))) {
            close_session(&s);
            return rc;
        }
        pid = p.id;
    } else {
        /* everyone's alerts in one transaction */
        if((rc = sd_store_begin(s.st, &err)) ||
           (rc = sd_store_patient_each(s.st, monitor_each, &s, &err)) ||
           (rc = sd_store_commit(s.st, &err))) {
            sd_store_rollback(s.st);
            close_session(&s);
            return fail(rc, &err);
        }
    }
    struct alerts_out o = {&s, json ? json_array() : NULL, 0, name};
    rc = sd_store_alert_each(s.st, pid, !all, alert_cb, &o, &err);
    if(rc) {
        json_decref(o.arr);
        close_session(&s);
        return fail(rc, &err);
    }
    if(json)
        rc = cli_print_json(o.arr);
    else if(!o.n)
        printf("no %salerts\n", all ? "" : "open ");
    close_session(&s);
    return rc;
}

/* Number the export's records 1, 2, ... in their order, so that it does not
** depend on the database's ids: an export, imported into another
** database and exported again, is the same file. */
static void canonical_ids(sd_diary *d)
{
    d->patient.id = 1;
    for(size_t i = 0; i < d->nrx; i++)
        d->rx[i].id = (int64_t)i + 1;
    for(size_t i = 0; i < d->nplans; i++)
        d->plans[i].id = (int64_t)i + 1;
    for(size_t i = 0; i < d->nalerts; i++) {
        sd_alert *a = &d->alerts[i];
        a->id = (int64_t)i + 1;
        a->patient_id = 1;
        int64_t ref = 0;
        for(size_t k = 0; k < d->n && a->entry_id; k++)
            if(d->e[k].id == a->entry_id)
                ref = (int64_t)k + 1;
        a->entry_id = ref;
    }
    for(size_t i = 0; i < d->n; i++)
        d->e[i].id = (int64_t)i + 1;
}

/* ---- report, export ---- */

static FILE *open_out(const char *path, char *tmp, size_t n)
{
    if(!path)
        return stdout;
    snprintf(tmp, n, "%s.tmp-%ld", path, (long)getpid());
    FILE *f = fopen(tmp, "wb");
    if(!f)
        cli_error("%s: %s", tmp, strerror(errno));
    return f;
}

static int close_out(FILE *f, const char *path, const char *tmp, int ok)
{
    if(f == stdout)
        return fflush(stdout) ? CLI_EXIT_IO : CLI_EXIT_OK;
    int bad = ferror(f) | fclose(f);
    if(!ok || bad || rename(tmp, path)) {
        if(ok)
            cli_error("%s: %s", path, strerror(errno));
        remove(tmp);
        return ok ? CLI_EXIT_IO : CLI_EXIT_USAGE;
    }
    return CLI_EXIT_OK;
}

static int cmd_report(struct cli_ctx *ctx, int argc, char **argv, int export)
{
    const char *name = NULL, *output = NULL, *format = export ? NULL : "text";
    long from = LONG_MIN, to = LONG_MIN;
    int rc;
    for(int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if(a[0] != '-' && !name) {
            name = a;
            continue;
        }
        if(!v || a[0] != '-') {
            cli_error("%s: unexpected '%s'", argv[0], a);
            return CLI_EXIT_USAGE;
        }
        i++;
        if(!strcmp(a, "--format"))
            format = v;
        else if(!strcmp(a, "--output") || !strcmp(a, "-o"))
            output = v;
        else if(!export && !strcmp(a, "--from")) {
            if((rc = cli_parse_date(a, v, &from)))
                return rc;
        } else if(!export && !strcmp(a, "--to")) {
            if((rc = cli_parse_date(a, v, &to)))
                return rc;
        } else {
            cli_error("%s: unknown option '%s'", argv[0], a);
            return CLI_EXIT_USAGE;
        }
    }
    static const char *const rformats[] = {"text", "html", "csv", "json"};
    int fmt_i = -1;
    for(int k = 0; k < 4 && format; k++)
        if(!strcmp(format, rformats[k]))
            fmt_i = k;
    if(!name || (export ? !format || (strcmp(format, "fhir") &&
                                      strcmp(format, "json"))
                        : fmt_i < 0)) {
        cli_error(export ? "export: give PSEUDONYM and --format fhir or json"
                         : "report: give PSEUDONYM; --format is text, html, "
                           "csv or json");
        return CLI_EXIT_USAGE;
    }
    struct session s;
    sd_patient p;
    sd_diary d;
    sd_error err;
    if((rc = open_session(ctx, &s, 1)))
        return rc;
    if((rc = find_patient(&s, name, &p)) ||
       (rc = monitor_patient(&s, &p, 0)) ||
       (rc = load_diary(&s, p.id, &d))) {
        close_session(&s);
        return rc;
    }
    char tmp[PATH_MAX];
    FILE *f = open_out(output, tmp, sizeof(tmp));
    if(!f) {
        sd_diary_release(&d);
        close_session(&s);
        return CLI_EXIT_IO;
    }
    int ok = 1;
    if(export) {
        if(!strcmp(format, "json"))
            canonical_ids(&d);
        json_t *j = !strcmp(format, "fhir") ? sd_diary_fhir(s.m, &d, s.now)
                                            : sd_diary_to_json(&d);
        ok = j && !json_dumpf(j, f, JSON_INDENT(2) | JSON_SORT_KEYS) &&
             fputc('\n', f) != EOF;
        json_decref(j);
        if(!ok)
            cli_error("export failed (out of memory or a write error)");
    } else {
        sd_report_opts o;
        long today = sd_local_day(s.now, s.tz);
        o.to_day = to != LONG_MIN ? to : today;
        o.from_day = from != LONG_MIN ? from : o.to_day - 27;
        o.now = s.now;
        o.format = fmt_i;
        if(o.from_day > o.to_day) {
            cli_error("report: --from is after --to");
            ok = 0;
        } else if((rc = sd_report_write(f, s.m, &d, &o, &err))) {
            fail(rc, &err);
            ok = 0;
        }
    }
    rc = close_out(f, output, tmp, ok);
    if(!ok && rc == CLI_EXIT_OK)
        rc = CLI_EXIT_USAGE;
    sd_diary_release(&d);
    close_session(&s);
    return rc;
}

/* ---- import ---- */

static int cmd_import(struct cli_ctx *ctx, int argc, char **argv)
{
    char *buf;
    size_t len;
    sd_diary d;
    sd_error err;
    struct session s;
    int rc;
    if(argc != 2) {
        cli_error("import: give one JSON export file ('-' for stdin)");
        return CLI_EXIT_USAGE;
    }
    if((rc = cli_read_file(argv[1], &buf, &len)))
        return rc;
    sd_diary_init(&d);
    rc = sd_diary_from_json(buf, len, &d, &err);
    free(buf);
    if(rc) {
        char msg[640];
        cli_error("%s: %s", argv[1], sd_error_format(&err, msg, sizeof(msg)));
        sd_diary_release(&d);
        return cli_exit_for(rc);
    }
    if((rc = open_session(ctx, &s, 0))) {
        sd_diary_release(&d);
        return rc;
    }
    int64_t *map = calloc(d.n + 1, sizeof(*map));
    sd_patient p;
    int64_t pid = 0, id;
    size_t added = 0;
    char key[160];
    if(!map || (rc = sd_store_begin(s.st, &err)))
        goto fail;
    if(sd_store_patient_find(s.st, d.patient.pseudonym, &p, &err) == SD_OK) {
        if(p.birth_year != d.patient.birth_year) {
            sd_error_setf(&err, "patient '%s' exists with another birth year; "
                          "nothing imported", p.pseudonym);
            rc = SD_ERR_USAGE;
            goto fail;
        }
        pid = p.id;
    } else {
        snprintf(key, sizeof(key), "patient:%s", d.patient.pseudonym);
        if((rc = sd_store_patient_add(s.st, key, d.patient.pseudonym,
                                      d.patient.birth_year, &pid, &err)))
            goto fail;
    }
    for(size_t i = 0; i < d.nrx; i++)
        if((rc = sd_store_rx_add(s.st, pid, &d.rx[i], &id, &err)))
            goto fail;
    for(size_t i = 0; i < d.nplans; i++) {
        int v;
        if((rc = sd_store_plan_add(s.st, pid, &d.plans[i], &id, &v, &err)))
            goto fail;
    }
    for(size_t i = 0; i < d.n; i++) {
        if((rc = sd_store_entry_add(s.st, pid, &d.e[i], &map[i], &err)))
            goto fail;
        added++;
    }
    for(size_t i = 0; i < d.nalerts; i++) {
        sd_alert a = d.alerts[i];
        int is_new;
        int64_t old = a.entry_id;
        a.entry_id = 0;
        for(size_t k = 0; k < d.n && old; k++)
            if(d.e[k].id == old)
                a.entry_id = map[k];
        if((rc = sd_store_alert_save(s.st, pid, &a, a.created ? a.created
                                                              : s.now,
                                     &id, &is_new, &err)))
            goto fail;
        if(a.acked_at && is_new == 1 &&
           (rc = sd_store_alert_ack(s.st, id, a.acked_by ? a.acked_by : "?",
                                    a.ack_note, a.acked_at, &err)))
            goto fail;
    }
    if((rc = sd_store_commit(s.st, &err)))
        goto fail;
    printf("imported %s: %zu prescriptions, %zu plan versions, %zu entries, "
           "%zu alerts\n", d.patient.pseudonym, d.nrx, d.nplans, added,
           d.nalerts);
    free(map);
    sd_diary_release(&d);
    close_session(&s);
    return CLI_EXIT_OK;
fail:
    sd_store_rollback(s.st);
    free(map);
    sd_diary_release(&d);
    close_session(&s);
    if(!rc) {
        cli_error("out of memory");
        return CLI_EXIT_NOMEM;
    }
    {
        char msg[640];
        cli_error("import: %s; nothing imported",
                  sd_error_format(&err, msg, sizeof(msg)));
    }
    return cli_exit_for(rc);
}

/* ---- backup, settings ---- */

static int cmd_backup(struct cli_ctx *ctx, int argc, char **argv)
{
    struct session s;
    sd_error err;
    int rc;
    if(argc != 2) {
        cli_error("backup: give the new file's path");
        return CLI_EXIT_USAGE;
    }
    if((rc = open_session(ctx, &s, 0)))
        return rc;
    rc = sd_store_backup(s.st, argv[1], &err);
    if(rc)
        rc = fail(rc, &err);
    else
        printf("backup written to %s\n", argv[1]);
    close_session(&s);
    return rc;
}

static const struct {
    const char *name;
    int lo, hi;
    const char *what;
} settings[] = {
    {"score.moderate", 1, 92, "withdrawal score: moderate from (8)"},
    {"score.severe", 2, 92, "withdrawal score: severe from (15)"},
    {"refill.days", 1, 14, "refill reminder: days of supply left (3)"},
    {"weeks-on-drug.days", 1, 365, "abrupt stop after this many days on "
                                   "the drug (14)"},
    {"extra.days", 2, 14, "extra doses on this many days ... (2)"},
    {"extra.window-days", 2, 60, "... within this many days (7)"},
    {"early-refill.days", 1, 60, "early refill: more than this many days "
                                 "left (7)"},
    {"below-plan.days", 1, 14, "below the plan on this many days in a row "
                               "(2)"},
};

static int cmd_settings(struct cli_ctx *ctx, int argc, char **argv)
{
    struct session s;
    sd_error err;
    int rc;
    size_t n = sizeof(settings) / sizeof(settings[0]);
    if(argc != 1 && argc != 3) {
        cli_error("settings: give nothing (list) or NAME VALUE");
        return CLI_EXIT_USAGE;
    }
    if((rc = open_session(ctx, &s, 0)))
        return rc;
    if(argc == 1) {
        int v[8] = {s.cfg.score.moderate, s.cfg.score.severe,
                    s.cfg.refill_days, s.cfg.weeks_on_drug_days,
                    s.cfg.extra_days, s.cfg.extra_window_days,
                    s.cfg.early_refill_days, s.cfg.ahead_days};
        for(size_t i = 0; i < n; i++)
            printf("%-20s %4d   %s\n", settings[i].name, v[i],
                   settings[i].what);
        close_session(&s);
        return CLI_EXIT_OK;
    }
    rc = CLI_EXIT_USAGE;
    for(size_t i = 0; i < n; i++) {
        if(strcmp(settings[i].name, argv[1]))
            continue;
        char *end;
        long v = strtol(argv[2], &end, 10);
        if(*end || !*argv[2] || v < settings[i].lo || v > settings[i].hi) {
            cli_error("%s: give a whole number from %d to %d", argv[1],
                      settings[i].lo, settings[i].hi);
        } else if((i == 0 && v >= s.cfg.score.severe) ||
                  (i == 1 && v <= s.cfg.score.moderate)) {
            cli_error("score.moderate must stay below score.severe");
        } else if((rc = sd_store_setting_set(s.st, argv[1], argv[2], &err))) {
            rc = fail(rc, &err);
        } else {
            printf("%s = %ld\n", argv[1], v);
            rc = CLI_EXIT_OK;
        }
        close_session(&s);
        return rc;
    }
    cli_error("unknown setting '%s'; 'stepdown settings' lists them",
              argv[1]);
    close_session(&s);
    return CLI_EXIT_USAGE;
}

/* ---- demo ---- */

struct demo_top {
    int n, max;
};

static int demo_top_cb(const sd_alert *a, void *arg)
{
    struct demo_top *t = arg;
    t->n++;
    if(a->disposition > t->max)
        t->max = a->disposition;
    return 0;
}

/* Two demo patients with 60 days of diary up to now (demo.h); a second
** run adds nothing. */
static int cmd_demo(struct cli_ctx *ctx, int argc, char **argv)
{
    struct session s;
    sd_lexicon *lx;
    sd_demo_result r;
    sd_error err;
    char w[32];
    int rc;
    if(argc != 1) {
        cli_error("demo: unexpected '%s'; give only --db before it", argv[1]);
        return CLI_EXIT_USAGE;
    }
    if((rc = open_session(ctx, &s, 1)))
        return rc;
    if((rc = sd_lexicon_build(s.m, NULL, &lx, &err))) {
        close_session(&s);
        return fail(rc, &err);
    }
    rc = sd_demo_fill(s.st, s.m, lx, s.now, s.tz, &r, &err);
    sd_lexicon_free(lx);
    if(rc) {
        close_session(&s);
        return fail(rc, &err);
    }
    sd_local_time_format(s.now, s.tz, w, sizeof(w));
    printf("demo patients (%d days of diary up to %s):\n", SD_DEMO_DAYS, w);
    for(int i = 0; i < SD_DEMO_PATIENTS; i++) {
        struct demo_top t = {0, -1};
        if((rc = sd_store_alert_each(s.st, r.patient_id[i], 1, demo_top_cb,
                                     &t, &err))) {
            close_session(&s);
            return fail(rc, &err);
        }
        if(t.n)
            printf("  %-10s %d open alert%s, the highest %s\n",
                   r.pseudonym[i], t.n, t.n == 1 ? "" : "s",
                   sd_disposition_name(t.max));
        else
            printf("  %-10s no open alert\n", r.pseudonym[i]);
    }
    printf("try: stepdown alerts; stepdown status %s; stepdown report %s\n",
           r.pseudonym[1], r.pseudonym[1]);
    close_session(&s);
    return CLI_EXIT_OK;
}

int cmd_diary(struct cli_ctx *ctx, int argc, char **argv)
{
    const char *c = argv[0];
    for(int i = 1; i < argc; i++)
        if(!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            if(!strcmp(c, "log") && argc > 1 && !strcmp(argv[1], "score"))
                break;
            fputs(diary_usage, stdout);
            return CLI_EXIT_OK;
        }
    if(!strcmp(c, "patient"))
        return cmd_patient(ctx, argc, argv);
    if(!strcmp(c, "rx"))
        return cmd_rx(ctx, argc, argv);
    if(!strcmp(c, "log"))
        return cmd_log(ctx, argc, argv);
    if(!strcmp(c, "status"))
        return cmd_status(ctx, argc, argv);
    if(!strcmp(c, "alerts"))
        return cmd_alerts(ctx, argc, argv);
    if(!strcmp(c, "report"))
        return cmd_report(ctx, argc, argv, 0);
    if(!strcmp(c, "export"))
        return cmd_report(ctx, argc, argv, 1);
    if(!strcmp(c, "import"))
        return cmd_import(ctx, argc, argv);
    if(!strcmp(c, "backup"))
        return cmd_backup(ctx, argc, argv);
    if(!strcmp(c, "settings"))
        return cmd_settings(ctx, argc, argv);
    if(!strcmp(c, "demo"))
        return cmd_demo(ctx, argc, argv);
    fputs(diary_usage, stdout);
    return CLI_EXIT_OK;
}
