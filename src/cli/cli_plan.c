/*
** cli_plan.c: stepdown plan, an exact taper schedule (issue 4 in progress:
** text output; presets, adjustment, pump dates and exports come next).
*/
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "stepdown/taper.h"

static const char plan_usage[] =
    "usage: stepdown plan --regimen MG-MG-... (--tablets MG[/2|/4],... |\n"
    "                     --liquid MG_PER_ML --min-ml ML) [options]\n"
    "  --regimen 20-20-20    current dose of each administration, in mg\n"
    "  --times 08:00,14:00,22:00\n"
    "                        times of day (defaults for 1 to 4 doses a day)\n"
    "  --tablets 10/2,5      strengths the patient has; /2 halves, /4 quarters\n"
    "                        (only for scored tablets)\n"
    "  --liquid 1 --min-ml 0.5  a liquid: mg per mL and the smallest volume\n"
    "  --percent P           cut P %% of the current daily dose per step (10)\n"
    "  --cut-mg N            or cut N mg per step\n"
    "  --min-cut-mg N        never cut less than N mg (5)\n"
    "  --days-per-step N     days on each step (7)\n"
    "  --hold-days N         extra days on the lowest dose before stopping\n"
    "  --bedtime N           the dose (1 = first) lowered last (default: the last)\n"
    "  --start DATE          first day of the first step (default: today)\n";

static int parse_int(const char *opt, const char *s, long lo, long hi,
                     long *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if(!*s || *end || errno || v < lo || v > hi) {
        cli_error("%s '%s' must be a whole number from %ld to %ld", opt, s,
                  lo, hi);
        return CLI_EXIT_USAGE;
    }
    *out = v;
    return CLI_EXIT_OK;
}

static void day_words(long day, char *out, size_t n)
{
    static const char *const wd[] = {"Sun", "Mon", "Tue", "Wed", "Thu",
                                     "Fri", "Sat"};
    static const char *const mo[] = {"Jan", "Feb", "Mar", "Apr", "May",
                                     "Jun", "Jul", "Aug", "Sep", "Oct",
                                     "Nov", "Dec"};
    int y, m, d, w;
    cli_civil_from_days(day, &y, &m, &d, &w);
    snprintf(out, n, "%s %d %s %d", wd[w], d, mo[m - 1], y);
}

/* The label's minimum taper duration from the monograph, in days. */
static int minimum_days(const sd_monograph *m)
{
    int best = 0;
    for(size_t i = 0; i < sd_monograph_nparams(m, "tapering"); i++) {
        const sd_param *p = sd_monograph_param(m, "tapering", i);
        if(strncmp(p->name, "minimum taper duration", 22))
            continue;
        int d = !strcmp(p->unit, "weeks") ? (int)(p->max * 7)
                : !strcmp(p->unit, "days") ? (int)p->max : 0;
        if(d > best)
            best = d;
    }
    return best;
}

static int parse_request(int argc, char **argv, sd_taper_request *r,
                         const char **drug)
{
    int have_pct = 0, have_start = 0, rc;
    const char *times = NULL;

    sd_taper_request_init(r);
    r->percent_milli = 10000;
    r->min_cut_ug = 5000;
    for(int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL, *e;
        long n;
        if(!strcmp(a, "-h") || !strcmp(a, "--help")) {
            fputs(plan_usage, stdout);
            return -1;
        }
        if(!v || a[0] != '-') {
            cli_error(v ? "unexpected '%s'; see 'stepdown plan --help'"
                        : "option '%s' needs a value", a);
            return CLI_EXIT_USAGE;
        }
        i++;
        if(!strcmp(a, "--drug")) {
            *drug = v;
        } else if(!strcmp(a, "--regimen")) {
            r->nadmin = 0;
            for(const char *p = v;;) {
                if(r->nadmin == SD_TAPER_MAX_ADMIN) {
                    cli_error("--regimen: at most %d doses a day",
                              SD_TAPER_MAX_ADMIN);
                    return CLI_EXIT_USAGE;
                }
                if((rc = cli_parse_mg(a, p, &e, &r->dose_ug[r->nadmin++])))
                    return rc;
                if(!*e)
                    break;
                if(*e != '-') {
                    cli_error("--regimen '%s': write the doses as 20-20-20",
                              v);
                    return CLI_EXIT_USAGE;
                }
                p = e + 1;
            }
        } else if(!strcmp(a, "--times")) {
            times = v;
        } else if(!strcmp(a, "--tablets")) {
            r->nstrengths = 0;
            for(const char *p = v;;) {
                if(r->nstrengths == SD_TAPER_MAX_STRENGTHS) {
                    cli_error("--tablets: at most %d strengths",
                              SD_TAPER_MAX_STRENGTHS);
                    return CLI_EXIT_USAGE;
                }
                sd_taper_strength *s = &r->strengths[r->nstrengths++];
                if((rc = cli_parse_mg(a, p, &e, &s->ug)))
                    return rc;
                s->pieces = 1;
                if(*e == '/') {
                    s->pieces = e[1] - '0';
                    e += 2;
                }
                if(*e && *e != ',') {
                    cli_error("--tablets '%s': write strengths as 10/2,5 (/2 "
                              "halves, /4 quarters)", v);
                    return CLI_EXIT_USAGE;
                }
                if(!*e)
                    break;
                p = e + 1;
            }
        } else if(!strcmp(a, "--liquid")) {
            if((rc = cli_parse_mg(a, v, &e, &r->ug_per_ml)) || (*e && (cli_error(
                    "--liquid '%s': mg per mL", v), 1)))
                return rc ? rc : CLI_EXIT_USAGE;
        } else if(!strcmp(a, "--min-ml")) {
            if((rc = cli_parse_mg(a, v, &e, &r->min_ul)) || (*e && (cli_error(
                    "--min-ml '%s': a volume in mL", v), 1)))
                return rc ? rc : CLI_EXIT_USAGE;
        } else if(!strcmp(a, "--percent")) {
            int64_t milli;
            if((rc = cli_parse_mg(a, v, &e, &milli)) || *e || milli > 100000) {
                cli_error("--percent '%s': 0 to 100", v);
                return CLI_EXIT_USAGE;
            }
            r->percent_milli = (int)milli;
            have_pct = 1;
        } else if(!strcmp(a, "--cut-mg")) {
            if((rc = cli_parse_mg(a, v, &e, &r->fixed_ug)) || *e)
                return rc ? rc : CLI_EXIT_USAGE;
            if(!have_pct)
                r->percent_milli = 0;
        } else if(!strcmp(a, "--min-cut-mg")) {
            if((rc = cli_parse_mg(a, v, &e, &r->min_cut_ug)) || *e)
                return rc ? rc : CLI_EXIT_USAGE;
        } else if(!strcmp(a, "--days-per-step")) {
            if((rc = parse_int(a, v, 1, 365, &n)))
                return rc;
            r->days_per_step = (int)n;
        } else if(!strcmp(a, "--hold-days")) {
            if((rc = parse_int(a, v, 0, 3650, &n)))
                return rc;
            r->hold_days = (int)n;
        } else if(!strcmp(a, "--bedtime")) {
            if((rc = parse_int(a, v, 1, SD_TAPER_MAX_ADMIN, &n)))
                return rc;
            r->bedtime = (int)n - 1;
        } else if(!strcmp(a, "--start")) {
            if((rc = cli_parse_date(a, v, &r->start_day)))
                return rc;
            have_start = 1;
        } else {
            cli_error("unknown option '%s'; see 'stepdown plan --help'", a);
            return CLI_EXIT_USAGE;
        }
    }
    if(!r->nadmin) {
        cli_error("give the current regimen, e.g. --regimen 20-20-20");
        return CLI_EXIT_USAGE;
    }
    static const int defaults[5][4] = {{0}, {480}, {480, 1200},
                                       {480, 840, 1320},
                                       {480, 720, 960, 1320}};
    if(times) {
        int k = 0;
        const char *p = times;
        for(;;) {
            int hh, mm, used = 0;
            if(k == r->nadmin || sscanf(p, "%2d:%2d%n", &hh, &mm, &used) != 2 ||
               hh > 23 || mm > 59 || hh < 0 || mm < 0) {
                cli_error("--times '%s': give %d times as HH:MM,HH:MM", times,
                          r->nadmin);
                return CLI_EXIT_USAGE;
            }
            r->minute[k++] = hh * 60 + mm;
            p += used;
            if(!*p)
                break;
            if(*p++ != ',') {
                cli_error("--times '%s': separate the times with commas",
                          times);
                return CLI_EXIT_USAGE;
            }
        }
        if(k != r->nadmin) {
            cli_error("--times gives %d times for %d doses", k, r->nadmin);
            return CLI_EXIT_USAGE;
        }
    } else if(r->nadmin <= 4) {
        for(int i = 0; i < r->nadmin; i++)
            r->minute[i] = defaults[r->nadmin][i];
    } else {
        cli_error("give --times for %d doses a day", r->nadmin);
        return CLI_EXIT_USAGE;
    }
    if(!have_start) {
        time_t now = time(NULL);
        struct tm tm;
        localtime_r(&now, &tm);
        r->start_day = cli_days_from_civil(tm.tm_year + 1900,
                                           (unsigned)tm.tm_mon + 1,
                                           (unsigned)tm.tm_mday);
    }
    return CLI_EXIT_OK;
}

int cmd_plan(struct cli_ctx *ctx, int argc, char **argv)
{
    sd_taper_request r;
    const char *drug = NULL;
    sd_monograph *m;
    sd_error err;
    int rc;

    if((rc = parse_request(argc, argv, &r, &drug)))
        return rc < 0 ? CLI_EXIT_OK : rc;
    if((rc = cli_load(ctx, drug, &m)))
        return rc;
    r.min_total_days = minimum_days(m);
    sd_taper_plan *p = calloc(1, sizeof(*p));
    if(!p) {
        sd_monograph_free(m);
        cli_error("out of memory");
        return CLI_EXIT_NOMEM;
    }
    if((rc = sd_taper_build(&r, p, &err))) {
        char msg[512];
        cli_error("%s", sd_error_format(&err, msg, sizeof(msg)));
        free(p);
        sd_monograph_free(m);
        return cli_exit_for(rc);
    }

    char a[32], b[32], w[128], line[1024];
    int64_t total = 0, max_ug = sd_monograph_adult_max(m, "oral");
    for(int i = 0; i < r.nadmin; i++)
        total += r.dose_ug[i];
    printf("Taper plan for %s: from %s a day to none in %zu steps\n",
           sd_monograph_name(m), sd_taper_mg(total, a, sizeof(a)),
           p->nsteps - 1);
    cli_wrap(stdout, 0, 0, SD_SUPPORT_NOTICE);
    if(max_ug && total > max_ug)
        printf("warning: %s a day is above the label maximum of %s a day\n",
               sd_taper_mg(total, a, sizeof(a)), sd_taper_mg(max_ug, b, sizeof(b)));
    printf("\n");
    for(size_t k = 0; k < p->nsteps; k++) {
        const sd_taper_step *s = &p->steps[k];
        char d1[32], d2[32];
        day_words(s->first_day, d1, sizeof(d1));
        day_words(s->last_day, d2, sizeof(d2));
        if(!s->total_ug) {
            snprintf(line, sizeof(line), "From %s: no more %s. Keep watching "
                     "for withdrawal signs for 3 days.", d1,
                     sd_monograph_name(m));
            cli_wrap(stdout, 0, 2, line);
            break;
        }
        size_t n = (size_t)snprintf(line, sizeof(line), "%s - %s: %s a day:",
                                    d1, d2, sd_taper_mg(s->total_ug, a,
                                                        sizeof(a)));
        int first = 1;
        for(int i = 0; i < r.nadmin && n < sizeof(line); i++) {
            if(!s->dose[i].ug)
                continue;   /* a dose already stopped is not listed */
            n += (size_t)snprintf(line + n, sizeof(line) - n,
                                  "%s %s (%s) at %02d:%02d",
                                  first ? "" : ",",
                                  sd_taper_mg(s->dose[i].ug, a, sizeof(a)),
                                  sd_taper_dose_words(&r, &s->dose[i], w,
                                                      sizeof(w)),
                                  r.minute[i] / 60, r.minute[i] % 60);
            first = 0;
        }
        if(s->rounded && n < sizeof(line))
            n += (size_t)snprintf(line + n, sizeof(line) - n,
                                  " [the target could not be made: the "
                                  "smaller cut]");
        if(s->min_cut && n < sizeof(line))
            n += (size_t)snprintf(line + n, sizeof(line) - n,
                                  " [the smallest cut the tablets allow]");
        if(s->hold && n < sizeof(line))
            snprintf(line + n, sizeof(line) - n,
                     " [the current dose, held: the only cut left is to "
                     "none]");
        cli_wrap(stdout, 0, 2, line);
    }
    printf("\nTo dispense:");
    if(r.nstrengths)
        for(int k = 0; k < r.nstrengths; k++)
            printf("%s %lld x %s tablets", k ? "," : "",
                   (long long)p->tablets_total[k],
                   sd_taper_mg(r.strengths[k].ug, a, sizeof(a)));
    else
        printf(" %lld.%03lld mL", (long long)(p->ul_total / 1000),
               (long long)(p->ul_total % 1000));
    printf("\nIf withdrawal signs appear (seeing things, fever, stiffness, "
           "agitation, seizures),\ndo not cut further: call your prescriber "
           "('stepdown check' explains the signs).\n");
    free(p);
    sd_monograph_free(m);
    return CLI_EXIT_OK;
}
