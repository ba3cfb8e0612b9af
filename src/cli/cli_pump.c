/*
** cli_pump.c: stepdown pump, the intrathecal pump refill calculator.
**
** The dates come from sd_pump_compute() (pump.h, docs/PUMP.md); what the
** alarms mean and the withdrawal red flags come from the monograph, each
** with its source tags. Bad input gets an error naming the option, exit 2,
** and nothing on stdout.
*/
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "stepdown/date.h"
#include "stepdown/pump.h"

static const char pump_usage[] =
    "usage: stepdown pump --reservoir-ml ML --concentration MCG_PER_ML\n"
    "                     --dose-mcg-day MCG --filled DATE[THH:MM]\n"
    "                     --alarm-ml ML [options]\n"
    "  --reservoir-ml 20      drug in the reservoir after the refill, in mL\n"
    "  --concentration 500    micrograms per mL\n"
    "  --dose-mcg-day 300     the programmed daily dose, in micrograms\n"
    "  --filled 2026-11-24    the fill date; add THH:MM for the time\n"
    "                         (2026-11-24T09:30); without it, 00:00\n"
    "  --alarm-ml 2           the low-reservoir alarm volume, in mL\n"
    "  --lead-days N          refill N days before the alarm (0 to 90;\n"
    "                         default: the longest lead the sources give)\n"
    "  --today DATE           warn about dates already past as of DATE\n"
    "                         (default: today)\n"
    "  --drug NAME            the drug (default: " SD_DEFAULT_DRUG ")\n"
    "  --json                 JSON output (docs/schema/pump.schema.json)\n"
    "Volumes and the dose take up to 3 decimals.\n";

/* The options, in the order they are asked for, and the request field
** each one fills (the library's error path). */
static const struct {
    const char *opt, *field, *what;
} options[] = {
    {"--reservoir-ml", "reservoir",
     "the volume of drug in the reservoir after the refill, in mL"},
    {"--concentration", "concentration", "micrograms per mL"},
    {"--dose-mcg-day", "dose", "the programmed daily dose in micrograms"},
    {"--filled", "filled", "the fill date, YYYY-MM-DD"},
    {"--alarm-ml", "alarm", "the low-reservoir alarm volume in mL"},
    {"--lead-days", "lead", NULL},
    {"--today", "today", NULL},
};
#define NOPTS (sizeof(options) / sizeof(options[0]))
#define NREQUIRED 5

struct pump_args {
    const char *val[NOPTS];
    const char *drug;
    int json;
};

/* "Tue 8 Dec 2026", with " 14:24" when the time is known. */
static char *when_words(sd_pump_when w, int time_known, char *out, size_t n)
{
    char d[32];

    if(time_known)
        snprintf(out, n, "%s %02d:%02d", sd_date_words(w.day, 1, d, sizeof(d)),
                 w.minute / 60, w.minute % 60);
    else
        snprintf(out, n, "%s", sd_date_words(w.day, 1, d, sizeof(d)));
    return out;
}

/* "33 days 8 hours" from minutes. */
static char *span_words(int64_t minutes, char *out, size_t n)
{
    int64_t d = minutes / 1440, h = minutes % 1440 / 60;

    if(h)
        snprintf(out, n, "%" PRId64 " day%s %" PRId64 " hour%s", d,
                 d == 1 ? "" : "s", h, h == 1 ? "" : "s");
    else
        snprintf(out, n, "%" PRId64 " day%s", d, d == 1 ? "" : "s");
    return out;
}

/* An exact thousandth-unit amount: "20", "0.5", "112.25". */
static char *milli_words(int64_t v, char *out, size_t n)
{
    char frac[4];
    int k = 3;

    if(v % 1000 == 0) {
        snprintf(out, n, "%" PRId64, v / 1000);
        return out;
    }
    snprintf(frac, sizeof(frac), "%03" PRId64, v % 1000);
    while(k > 0 && frac[k - 1] == '0')
        frac[--k] = '\0';
    snprintf(out, n, "%" PRId64 ".%s", v / 1000, frac);
    return out;
}

/* Parse a number with at most 3 decimals, an optional minus sign (the
** library then says why a negative value is wrong), into thousandths. */
static int parse_milli(const char *opt, const char *s, const char *what,
                       int decimals, int64_t *out)
{
    int64_t whole = 0, frac = 0;
    int nfrac = 0, neg = 0;
    const char *p = s;

    if(*p == '-') {
        neg = 1;
        p++;
    }
    const char *digits = p;
    for(; *p >= '0' && *p <= '9' && whole < 1000000000000LL; p++)
        whole = whole * 10 + (*p - '0');
    if(*p == '.' && decimals)
        for(p++; *p >= '0' && *p <= '9' && nfrac < 4; p++, nfrac++)
            frac = frac * 10 + (*p - '0');
    if(p == digits || (*p && *p != '.' && (*p < '0' || *p > '9')) ||
       (*p == '.' && decimals)) {
        cli_error("%s '%s' is not a number: give %s", opt, s, what);
        return CLI_EXIT_USAGE;
    }
    if(whole >= 1000000000000LL) {
        cli_error("%s '%s' is far too large: give %s", opt, s, what);
        return CLI_EXIT_USAGE;
    }
    if(*p || nfrac > 3) {
        cli_error("%s '%s': %s; give %s", opt, s,
                  decimals ? "at most 3 decimals" : "a whole number", what);
        return CLI_EXIT_USAGE;
    }
    while(nfrac++ < 3)
        frac *= 10;
    *out = (whole * 1000 + frac) * (neg ? -1 : 1);
    return CLI_EXIT_OK;
}

static int parse_args(int argc, char **argv, struct pump_args *a)
{
    memset(a, 0, sizeof(*a));
    for(int i = 1; i < argc; i++) {
        const char *s = argv[i];
        size_t k;

        if(!strcmp(s, "-h") || !strcmp(s, "--help")) {
            fputs(pump_usage, stdout);
            return -1;
        }
        if(!strcmp(s, "--json")) {
            a->json = 1;
            continue;
        }
        for(k = 0; k < NOPTS && strcmp(s, options[k].opt); k++)
            ;
        if(k == NOPTS && strcmp(s, "--drug")) {
            if(s[0] == '-')
                cli_error("pump: unknown option '%s'; see 'stepdown pump "
                          "--help'", s);
            else
                cli_error("pump: unexpected '%s'; see 'stepdown pump "
                          "--help'", s);
            return CLI_EXIT_USAGE;
        }
        if(i + 1 >= argc) {
            cli_error("pump: option '%s' needs a value", s);
            return CLI_EXIT_USAGE;
        }
        if(k == NOPTS)
            a->drug = argv[++i];
        else
            a->val[k] = argv[++i];
    }
    for(size_t k = 0; k < NREQUIRED; k++)
        if(!a->val[k]) {
            cli_error("pump: give %s: %s (see 'stepdown pump --help')",
                      options[k].opt, options[k].what);
            return CLI_EXIT_USAGE;
        }
    return CLI_EXIT_OK;
}

/* Fill r from the arguments; *time_known says whether --filled had a
** time. Prints the error; returns an exit status. */
static int build_request(const struct pump_args *a, sd_pump_request *r,
                         int *time_known)
{
    const char *v;
    int64_t x;
    int rc;

    sd_pump_request_init(r);
    if((rc = parse_milli("--reservoir-ml", a->val[0], "the volume in mL, "
                         "e.g. 20", 1, &r->reservoir_ul)))
        return rc;
    if((rc = parse_milli("--concentration", a->val[1], "micrograms per mL, "
                         "e.g. 500", 0, &x)))
        return rc;
    r->ug_per_ml = x / 1000;
    if((rc = parse_milli("--dose-mcg-day", a->val[2], "micrograms per day, "
                         "e.g. 300", 1, &r->dose_ng_day)))
        return rc;
    if((rc = parse_milli("--alarm-ml", a->val[4], "the volume in mL, e.g. 2",
                         1, &r->alarm_ul)))
        return rc;

    v = a->val[3];
    {
        char date[11];
        size_t n = strlen(v);

        if(n >= 10) {
            memcpy(date, v, 10);
            date[10] = '\0';
        } else
            date[0] = '\0';
        *time_known = n > 10;
        if((n != 10 && (n != 16 || (v[10] != 'T' && v[10] != ' '))) ||
           sd_date_parse(date, &r->filled_day) ||
           (*time_known && sd_time_parse(v + 11, &r->filled_minute))) {
            cli_error("--filled '%s' is not a date: write YYYY-MM-DD, e.g. "
                      "2026-11-24, or with the time, 2026-11-24T09:30", v);
            return CLI_EXIT_USAGE;
        }
    }
    if(a->val[5]) {
        if((rc = parse_milli("--lead-days", a->val[5], "days, e.g. 10", 0,
                             &x)))
            return rc;
        if(x < 0 || x > (int64_t)SD_PUMP_MAX_LEAD_DAYS * 1000) {
            cli_error("--lead-days '%s': give 0 to %d days before the alarm",
                      a->val[5], SD_PUMP_MAX_LEAD_DAYS);
            return CLI_EXIT_USAGE;
        }
        r->lead_days = (int)(x / 1000);
    }
    if(a->val[6]) {
        if((rc = cli_parse_date("--today", a->val[6], &r->today)))
            return rc;
    } else
        r->today = sd_date_today();
    return CLI_EXIT_OK;
}

static void param_bullet(const sd_monograph *m, const sd_param *p)
{
    char text[1024];

    if(p->min == p->max)
        snprintf(text, sizeof(text), "%s: %g %s%s%s", p->name, p->min,
                 p->unit, p->note ? "; " : "", p->note ? p->note : "");
    else
        snprintf(text, sizeof(text), "%s: %g-%g %s%s%s", p->name, p->min,
                 p->max, p->unit, p->note ? "; " : "", p->note ? p->note : "");
    cli_bullet(m, text, p->src);
}

static void upper_name(int level, char *out, size_t n)
{
    const char *s = sd_disposition_name(level);
    size_t i = 0;

    for(; s[i] && i + 1 < n; i++)
        out[i] = s[i] == '-' ? ' '
                 : s[i] >= 'a' && s[i] <= 'z' ? (char)(s[i] - 32)
                                              : s[i];
    out[i] = '\0';
}

static void print_warnings(const sd_monograph *m, const sd_pump_plan *p)
{
    char line[2048], tags[512], name[32];

    if(!p->nwarnings)
        return;
    printf("\n");
    for(size_t i = 0; i < p->nwarnings; i++) {
        const sd_pump_warning *w = &p->warnings[i];
        struct sd_srcref ref = {w->src, w->nsrc};

        upper_name(w->level, name, sizeof(name));
        snprintf(line, sizeof(line), "%s: %s.%s%s", name, w->text,
                 w->nsrc ? " " : "",
                 w->nsrc ? cli_fmt_sources(m, ref, tags, sizeof(tags)) : "");
        cli_wrap(stdout, 0, 2, line);
        if(w->level > SD_DISP_INFO) {
            snprintf(line, sizeof(line), "What to do: %s.",
                     sd_disposition_meaning(w->level));
            line[12] = (char)(line[12] >= 'a' && line[12] <= 'z'
                                  ? line[12] - 32
                                  : line[12]);
            cli_wrap(stdout, 2, 4, line);
        }
    }
}

static void print_labels(const sd_monograph *m, const sd_pump_request *r,
                         const sd_pump_plan *p)
{
    char line[2048], tags[512], a[64];
    size_t n;

    if(!p->nlabelled && !p->nranges)
        return;
    cli_heading("Against the label");
    if(p->nlabelled) {
        n = (size_t)snprintf(line, sizeof(line), "- %" PRId64 " mcg/mL is %s "
                             "labelled intrathecal concentration (labelled: ",
                             r->ug_per_ml,
                             p->concentration_labelled ? "a" : "NOT a");
        for(size_t k = 0; k < p->nlabelled && n < sizeof(line); k++)
            n += (size_t)snprintf(line + n, sizeof(line) - n, "%s%" PRId64,
                                  k ? ", " : "", p->labelled_ug_per_ml[k]);
        for(size_t k = 0; k < p->nit_forms && n < sizeof(line); k++)
            n += (size_t)snprintf(line + n, sizeof(line) - n, "%s%s %s",
                                  k ? "; " : " mcg/mL: ",
                                  p->it_forms[k]->name,
                                  cli_fmt_sources(m, p->it_forms[k]->src,
                                                  tags, sizeof(tags)));
        if(n < sizeof(line))
            snprintf(line + n, sizeof(line) - n, ")");
        cli_wrap(stdout, 2, 4, line);
    }
    if(p->nranges) {
        snprintf(line, sizeof(line), "- %s mcg/day against the labelled "
                 "maintenance doses:",
                 milli_words(r->dose_ng_day, a, sizeof(a)));
        cli_wrap(stdout, 2, 4, line);
        for(size_t k = 0; k < p->nranges; k++) {
            const sd_param *q = p->ranges[k];
            snprintf(line, sizeof(line), "%s %s: %g-%g %s %s",
                     p->in_range & (1u << k) ? "within " : "outside",
                     q->name, q->min, q->max, q->unit,
                     cli_fmt_sources(m, q->src, tags, sizeof(tags)));
            cli_wrap(stdout, 4, 6, line);
        }
    }
}

static void print_text(const sd_monograph *m, const sd_pump_request *r,
                       const sd_pump_plan *p, int time_known)
{
    char line[2048], w1[64], w2[64], a[32], b[32], c[32], d[32];

    printf("Intrathecal pump: refill dates for %s\n", sd_monograph_name(m));
    cli_wrap(stdout, 0, 0, SD_PUMP_NOTICE);

    snprintf(line, sizeof(line), "Pump: %s mL of %" PRId64 " mcg/mL (%s "
             "mcg) at %s mcg/day, filled %s; low-reservoir alarm at %s mL.",
             milli_words(r->reservoir_ul, a, sizeof(a)), r->ug_per_ml,
             milli_words(p->ng_total, b, sizeof(b)),
             milli_words(r->dose_ng_day, c, sizeof(c)),
             when_words((sd_pump_when){r->filled_day, r->filled_minute},
                        time_known, w1, sizeof(w1)),
             milli_words(r->alarm_ul, d, sizeof(d)));
    printf("\n");
    cli_wrap(stdout, 0, 0, line);
    if(!time_known)
        cli_wrap(stdout, 0, 0, "The fill time was not given: the dates count "
                 "from 00:00 on the fill day, the earliest it can have been.");

    /* At most 23 + 21 + 2 + 32 = 78 columns. */
    int wd = time_known ? 21 : 15;
    printf("\n");
    printf("  Refill by:           %-*s  %d day%s before the alarm\n", wd,
           sd_date_words(p->refill_by_day, 1, w1, sizeof(w1)), p->lead_days,
           p->lead_days == 1 ? "" : "s");
    printf("  Low-reservoir alarm: %-*s  %s after the fill\n", wd,
           when_words(p->alarm, time_known, w1, sizeof(w1)),
           span_words(p->minutes_to_alarm, w2, sizeof(w2)));
    printf("  Empty:               %-*s  %s after the fill\n", wd,
           when_words(p->empty, time_known, w1, sizeof(w1)),
           span_words(p->minutes_to_empty, w2, sizeof(w2)));
    snprintf(line, sizeof(line), "Drug left when the alarm sounds: %s mcg, "
             "%" PRId64 " hour%s at %s mcg/day%s%s%s.",
             milli_words(p->ng_at_alarm, b, sizeof(b)), p->hours_at_alarm,
             p->hours_at_alarm == 1 ? "" : "s",
             milli_words(r->dose_ng_day, a, sizeof(a)),
             p->hours_at_alarm >= 24 ? " (" : "",
             p->hours_at_alarm >= 24 ? span_words(p->hours_at_alarm * 60, w2,
                                                  sizeof(w2))
                                     : "",
             p->hours_at_alarm >= 24 ? ")" : "");
    cli_wrap(stdout, 2, 4, line);
    printf("  Times are rounded down: the dates are the earliest, the safe "
           "side.\n");

    print_warnings(m, p);

    cli_heading("Lead time");
    if(p->lead_is_default)
        snprintf(line, sizeof(line), "%d days before the alarm: the longest "
                 "lead the sources give, the safe side (--lead-days N sets "
                 "another). The sources give:", p->lead_days);
    else
        snprintf(line, sizeof(line), "%d day%s before the alarm, as given. "
                 "The sources give:", p->lead_days,
                 p->lead_days == 1 ? "" : "s");
    cli_wrap(stdout, 2, 2, line);
    for(size_t k = 0; k < p->nleads; k++)
        param_bullet(m, p->leads[k]);
    if(!p->nleads)
        cli_wrap(stdout, 2, 4, "- nothing: the monograph gives no refill lead "
                 "time.");

    print_labels(m, r, p);

    if(sd_monograph_nparams(m, "pump") || sd_monograph_nstatements(m, "pump")) {
        cli_heading("The pump and its alarms");
        for(size_t i = 0; i < sd_monograph_nstatements(m, "pump"); i++) {
            const sd_statement *s = sd_monograph_statement(m, "pump", i);
            snprintf(line, sizeof(line), "%s: %s", s->topic, s->text);
            cli_bullet(m, line, s->src);
        }
        for(size_t i = 0; i < sd_monograph_nparams(m, "pump"); i++) {
            const sd_param *q = sd_monograph_param(m, "pump", i);
            int lead = 0;
            for(size_t k = 0; k < p->nleads; k++)
                lead |= p->leads[k] == q;
            if(!lead)
                param_bullet(m, q);
        }
    }

    cli_heading("Intrathecal withdrawal: red flags");
    int any = 0;
    for(size_t t = 0; sd_pump_red_flag_topic(t); t++)
        for(size_t i = 0; i < sd_monograph_nstatements(m, "withdrawal"); i++) {
            const sd_statement *s = sd_monograph_statement(m, "withdrawal", i);
            if(strcmp(s->topic, sd_pump_red_flag_topic(t)))
                continue;
            snprintf(line, sizeof(line), "%s: %s", s->topic, s->text);
            cli_bullet(m, line, s->src);
            any = 1;
        }
    for(size_t i = 0; i < sd_monograph_nparams(m, "withdrawal"); i++) {
        const sd_param *q = sd_monograph_param(m, "withdrawal", i);
        if(!strcmp(q->name, "onset")) {
            param_bullet(m, q);
            any = 1;
        }
    }
    if(!any)
        cli_wrap(stdout, 2, 4, "- the monograph gives none; 'stepdown check' "
                 "reads symptoms.");

    snprintf(line, sizeof(line), "How the dates are computed: docs/PUMP.md. "
             "Source tags: 'stepdown sources %s'.", sd_monograph_id(m));
    printf("\n");
    cli_wrap(stdout, 0, 0, line);
}

int cmd_pump(struct cli_ctx *ctx, int argc, char **argv)
{
    struct pump_args a;
    sd_pump_request r;
    sd_pump_plan p;
    sd_monograph *m;
    sd_error err;
    int rc, time_known = 0;

    if((rc = parse_args(argc, argv, &a)))
        return rc < 0 ? CLI_EXIT_OK : rc;
    if((rc = build_request(&a, &r, &time_known)))
        return rc;
    if((rc = cli_load(ctx, a.drug, &m)))
        return rc;
    if((rc = sd_pump_compute(m, &r, &p, &err))) {
        const char *opt = "pump", *val = "";
        for(size_t k = 0; k < NOPTS; k++)
            if(!strcmp(err.path, options[k].field)) {
                opt = options[k].opt;
                val = a.val[k] ? a.val[k] : "";
            }
        cli_error("%s%s%s%s: %s", opt, *val ? " '" : "", val, *val ? "'" : "",
                  err.text);
        sd_monograph_free(m);
        return cli_exit_for(rc);
    }
    if(a.json)
        rc = cli_print_json(sd_pump_json(m, &r, &p, time_known));
    else
        print_text(m, &r, &p, time_known);
    sd_monograph_free(m);
    return rc;
}
