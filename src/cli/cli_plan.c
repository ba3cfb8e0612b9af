/*
** cli_plan.c: stepdown plan (an exact taper schedule) and stepdown plan
** adjust (the revision after withdrawal). The plan comes from options or
** from a request in JSON (--request); it is printed as text, a table, CSV,
** JSON, iCalendar or FHIR. With --output the file is written whole or not
** at all (a temporary file renamed into place).
*/
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "stepdown/date.h"
#include "stepdown/taper_export.h"
#include "stepdown/taper_json.h"

static const char plan_usage[] =
    "usage: stepdown plan --regimen MG-MG-... (--tablets MG[/2|/4],... |\n"
    "                     --liquid MG_PER_ML --min-ml ML) [options]\n"
    "       stepdown plan --request FILE|-  [--format F] [--output FILE]\n"
    "       stepdown plan adjust PLAN.json --withdrawal-on DATE [--hold-days N]\n"
    "Regimen and formulation:\n"
    "  --regimen 20-20-20    current dose of each administration, in mg\n"
    "  --times 08:00,14:00,22:00\n"
    "                        times of day (defaults for 1 to 4 doses a day)\n"
    "  --tablets 10/2,5      strengths the patient has; /2 halves, /4 quarters\n"
    "                        (only along a score line)\n"
    "  --liquid 1 --min-ml 0.5  a liquid: mg per mL and the smallest volume\n"
    "  --bedtime N           the dose (1 = first) lowered last (default: last)\n"
    "Patient (the default speed follows the risk):\n"
    "  --days-on-drug N  --age N  --egfr N  --previous-withdrawal\n"
    "  --alcohol-use-disorder  --indication TEXT\n"
    "  --reason elective|side-effects|serious-adverse-reaction\n"
    "  --clinician-approved  a clinician orders the rapid speed or the stop\n"
    "Speed:\n"
    "  --speed NAME          very-slow, slow, standard, two-weeks, rapid, stop\n"
    "  --percent P           cut P %% of the current daily dose per step\n"
    "  --cut-mg N            or cut N mg per step\n"
    "  --min-cut-mg N        never cut less than N mg\n"
    "  --days-per-step N     days on each step\n"
    "  --hold-days N         extra days on the lowest dose before stopping\n"
    "  --start DATE          first day (default: today)\n"
    "Output:\n"
    "  --format text|lines|table|csv|json|ics|fhir   (default: text)\n"
    "  --output FILE         write there (whole or not at all)\n";

static const char adjust_usage[] =
    "usage: stepdown plan adjust PLAN.json --withdrawal-on DATE\n"
    "                            [--hold-days N] [--format F] [--output FILE]\n"
    "  PLAN.json             a plan from 'stepdown plan --format json'\n"
    "  --withdrawal-on DATE  the first day of withdrawal signs\n"
    "  --hold-days N         days on the last tolerated dose, once free of\n"
    "                        signs, before cutting again (default 7)\n";

enum { F_TEXT, F_LINES, F_TABLE, F_CSV, F_JSON, F_ICS, F_FHIR };
static const char *const formats[] = {"text", "lines", "table", "csv",
                                      "json", "ics", "fhir", NULL};

struct out_opts {
    int format;
    const char *output;
};

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

/* Options shared by plan and adjust: --format and --output. Returns 1 if
** a was one of them (and consumed v), 0 if not, or an exit status + 10. */
static int out_option(const char *a, const char *v, struct out_opts *o)
{
    if(!strcmp(a, "--output") || !strcmp(a, "-o")) {
        o->output = v;
        return 1;
    }
    if(strcmp(a, "--format"))
        return 0;
    for(int i = 0; formats[i]; i++)
        if(!strcmp(formats[i], v)) {
            o->format = i;
            return 1;
        }
    cli_error("--format '%s': use text, lines, table, csv, json, ics or "
              "fhir", v);
    return 10 + CLI_EXIT_USAGE;
}

int cli_read_file(const char *path, char **buf, size_t *len)
{
    FILE *f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
    size_t cap = 1 << 16, n = 0;
    char *b;

    if(!f) {
        cli_error("%s: %s", path, strerror(errno));
        return CLI_EXIT_IO;
    }
    b = malloc(cap);
    while(b) {
        n += fread(b + n, 1, cap - n, f);
        if(n < cap || cap >= (16u << 20))
            break;
        char *nb = realloc(b, cap *= 2);
        if(!nb) {
            free(b);
            b = NULL;
        }
        b = nb;
    }
    int bad = ferror(f), big = b && n == cap;
    if(f != stdin)
        fclose(f);
    if(!b) {
        cli_error("out of memory");
        return CLI_EXIT_NOMEM;
    }
    if(bad || big) {
        free(b);
        cli_error("%s: %s", path, bad ? "read error" : "larger than 16 MiB");
        return bad ? CLI_EXIT_IO : CLI_EXIT_USAGE;
    }
    *buf = b;
    *len = n;
    return CLI_EXIT_OK;
}

/* Split "a,b,c" or "a-b-c" and parse each with cli_parse_mg. */
int cli_parse_regimen(const char *opt, const char *v, sd_taper_request *r)
{
    const char *e;
    int rc;
    r->nadmin = 0;
    for(const char *p = v;;) {
        if(r->nadmin == SD_TAPER_MAX_ADMIN) {
            cli_error("%s: at most %d doses a day", opt, SD_TAPER_MAX_ADMIN);
            return CLI_EXIT_USAGE;
        }
        if((rc = cli_parse_mg(opt, p, &e, &r->dose_ug[r->nadmin++])))
            return rc;
        if(!*e)
            return CLI_EXIT_OK;
        if(*e != '-') {
            cli_error("%s '%s': write the doses as 20-20-20", opt, v);
            return CLI_EXIT_USAGE;
        }
        p = e + 1;
    }
}

int cli_parse_tablets(const char *opt, const char *v, sd_taper_request *r)
{
    const char *e;
    int rc;
    r->nstrengths = 0;
    for(const char *p = v;;) {
        if(r->nstrengths == SD_TAPER_MAX_STRENGTHS) {
            cli_error("%s: at most %d strengths", opt,
                      SD_TAPER_MAX_STRENGTHS);
            return CLI_EXIT_USAGE;
        }
        sd_taper_strength *s = &r->strengths[r->nstrengths++];
        if((rc = cli_parse_mg(opt, p, &e, &s->ug)))
            return rc;
        s->pieces = 1;
        if(*e == '/' && (e[1] == '2' || e[1] == '4')) {
            s->pieces = e[1] - '0';
            e += 2;
        }
        if(*e && *e != ',') {
            cli_error("%s '%s': write strengths as 10/2,5 (/2 halves, /4 "
                      "quarters)", opt, v);
            return CLI_EXIT_USAGE;
        }
        if(!*e)
            return CLI_EXIT_OK;
        p = e + 1;
    }
}

int cli_parse_times(const char *v, sd_taper_request *r)
{
    int k = 0;
    char t[8];
    for(const char *p = v;;) {
        size_t n = strcspn(p, ",");
        if(k == r->nadmin || n != 5 || (memcpy(t, p, 5), t[5] = '\0',
                                        sd_time_parse(t, &r->minute[k]))) {
            cli_error("--times '%s': give %d times as HH:MM,HH:MM", v,
                      r->nadmin);
            return CLI_EXIT_USAGE;
        }
        k++;
        p += n;
        if(!*p++)
            break;
    }
    if(k != r->nadmin) {
        cli_error("--times gives %d times for %d doses", k, r->nadmin);
        return CLI_EXIT_USAGE;
    }
    return CLI_EXIT_OK;
}

static int parse_plan(int argc, char **argv, sd_taper_spec *s,
                      struct out_opts *o, const char **request)
{
    sd_taper_request *r = &s->req;
    const char *times = NULL, *e;
    int have_start = 0, rc, nplan = 0;
    long n;

    sd_taper_spec_init(s);
    for(int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if(!strcmp(a, "-h") || !strcmp(a, "--help")) {
            fputs(plan_usage, stdout);
            return -1;
        }
        /* Flags without a value. */
        if(!strcmp(a, "--previous-withdrawal")) {
            s->patient.previous_withdrawal = 1;
            continue;
        } else if(!strcmp(a, "--alcohol-use-disorder")) {
            s->patient.alcohol_use_disorder = 1;
            continue;
        } else if(!strcmp(a, "--clinician-approved")) {
            s->patient.clinician_approved = 1;
            continue;
        }
        if(!v || a[0] != '-') {
            cli_error(a[0] != '-' ? "unexpected '%s'; see 'stepdown plan "
                                    "--help'"
                                  : "option '%s' needs a value", a);
            return CLI_EXIT_USAGE;
        }
        i++;
        /* Every option but these describes the plan. */
        if(strcmp(a, "--request") && strcmp(a, "--format") &&
           strcmp(a, "--output") && strcmp(a, "-o"))
            nplan++;
        if((rc = out_option(a, v, o))) {
            if(rc > 1)
                return rc - 10;
        } else if(!strcmp(a, "--drug")) {
            snprintf(s->drug, sizeof(s->drug), "%s", v);
        } else if(!strcmp(a, "--request")) {
            *request = v;
        } else if(!strcmp(a, "--regimen")) {
            if((rc = cli_parse_regimen(a, v, r)))
                return rc;
        } else if(!strcmp(a, "--times")) {
            times = v;
        } else if(!strcmp(a, "--tablets")) {
            if((rc = cli_parse_tablets(a, v, r)))
                return rc;
        } else if(!strcmp(a, "--liquid") || !strcmp(a, "--min-ml")) {
            int64_t *dst = a[2] == 'l' ? &r->ug_per_ml : &r->min_ul;
            if((rc = cli_parse_mg(a, v, &e, dst)))
                return rc;
            if(*e) {
                cli_error("%s '%s': give a number, e.g. 1 or 0.5", a, v);
                return CLI_EXIT_USAGE;
            }
        } else if(!strcmp(a, "--percent")) {
            int64_t milli;
            if((rc = cli_parse_mg(a, v, &e, &milli)) || *e ||
               milli > 100000) {
                if(!rc)
                    cli_error("--percent '%s': a number from 0 to 100", v);
                return CLI_EXIT_USAGE;
            }
            s->percent_milli = (int)milli;
        } else if(!strcmp(a, "--cut-mg") || !strcmp(a, "--min-cut-mg")) {
            int64_t *dst = a[2] == 'c' ? &s->cut_ug : &s->min_cut_ug;
            if((rc = cli_parse_mg(a, v, &e, dst)))
                return rc;
            if(*e) {
                cli_error("%s '%s': give milligrams, e.g. 5 or 2.5", a, v);
                return CLI_EXIT_USAGE;
            }
        } else if(!strcmp(a, "--days-per-step")) {
            if((rc = parse_int(a, v, 1, 365, &n)))
                return rc;
            s->days_per_step = (int)n;
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
        } else if(!strcmp(a, "--speed") || !strcmp(a, "--preset")) {
            snprintf(s->preset, sizeof(s->preset), "%s", v);
        } else if(!strcmp(a, "--days-on-drug")) {
            if((rc = parse_int(a, v, 0, 36500, &n)))
                return rc;
            s->patient.days_on_drug = (int)n;
        } else if(!strcmp(a, "--age")) {
            if((rc = parse_int(a, v, 0, 130, &n)))
                return rc;
            s->patient.age = (int)n;
        } else if(!strcmp(a, "--egfr")) {
            if((rc = parse_int(a, v, 0, 250, &n)))
                return rc;
            s->patient.egfr = (int)n;
        } else if(!strcmp(a, "--indication")) {
            snprintf(s->indication, sizeof(s->indication), "%s", v);
        } else if(!strcmp(a, "--reason")) {
            static const char *const reasons[] = {
                "elective", "side-effects", "serious-adverse-reaction"};
            int k = 0;
            while(k < 3 && strcmp(reasons[k], v))
                k++;
            if(k == 3) {
                cli_error("--reason '%s': elective, side-effects or "
                          "serious-adverse-reaction", v);
                return CLI_EXIT_USAGE;
            }
            s->patient.reason = k;
        } else {
            cli_error("unknown option '%s'; see 'stepdown plan --help'", a);
            return CLI_EXIT_USAGE;
        }
    }
    if(*request && (nplan || s->patient.previous_withdrawal ||
                    s->patient.alcohol_use_disorder ||
                    s->patient.clinician_approved)) {
        cli_error("--request holds the whole plan request: give the other "
                  "plan options in the JSON instead");
        return CLI_EXIT_USAGE;
    }
    if(*request)
        return CLI_EXIT_OK;
    if(!r->nadmin) {
        cli_error("give the current regimen, e.g. --regimen 20-20-20");
        return CLI_EXIT_USAGE;
    }
    if(times) {
        if((rc = cli_parse_times(times, r)))
            return rc;
    } else if(sd_taper_default_times(r->nadmin, r->minute)) {
        cli_error("give --times for %d doses a day", r->nadmin);
        return CLI_EXIT_USAGE;
    }
    if(!have_start)
        r->start_day = sd_date_today();
    return CLI_EXIT_OK;
}

static void print_text(FILE *out, const sd_monograph *m,
                       const sd_taper_spec *spec, const sd_taper_policy *pol,
                       const sd_taper_plan *p, const sd_taper_label *l)
{
    char a[32], b[32], line[2048];
    char notes[8][SD_TAPER_NOTE_MAX];
    const sd_taper_preset *q = pol->preset;
    int64_t total = 0;
    const sd_taper_step *stop = &p->steps[p->nsteps - 1];

    for(int i = 0; i < p->req.nadmin; i++)
        total += spec->req.dose_ug[i];
    snprintf(line, sizeof(line), "Taper plan for %s: from %s a day to none "
             "in %zu step%s, %ld days.", l->drug,
             sd_taper_mg(total, a, sizeof(a)), p->nsteps - 1,
             p->nsteps == 2 ? "" : "s", stop->first_day - p->steps[0].first_day);
    cli_wrap(out, 0, 0, line);
    cli_wrap(out, 0, 0, SD_SUPPORT_NOTICE);
    fputc('\n', out);
    snprintf(line, sizeof(line), "Speed: %s%s: %s. Basis: %s [%s].",
             q->name, pol->custom ? " with custom numbers" : "", q->summary,
             q->basis, q->sources);
    cli_wrap(out, 0, 2, line);
    if(pol->custom || p->nadj) {
        char pct[32];
        size_t k = 0;
        sd_taper_mg(p->req.percent_milli, pct, sizeof(pct));
        pct[strlen(pct) - 3] = '\0';
        k += (size_t)snprintf(line + k, sizeof(line) - k, "%s: cut %s %% of "
                              "the daily dose", p->nadj ? "Speed now, after "
                              "adjustment" : "Custom speed", pct);
        if(p->req.fixed_ug)
            k += (size_t)snprintf(line + k, sizeof(line) - k, " or %s",
                                  sd_taper_mg(p->req.fixed_ug, a, sizeof(a)));
        snprintf(line + k, sizeof(line) - k, ", at least %s, every %d days.",
                 sd_taper_mg(p->req.min_cut_ug, b, sizeof(b)),
                 p->req.days_per_step);
        cli_wrap(out, 0, 2, line);
    }
    if(pol->by_risk) {
        snprintf(line, sizeof(line), "Chosen by risk (%d point%s):",
                 pol->points, pol->points == 1 ? "" : "s");
        cli_wrap(out, 0, 2, line);
        if(!pol->nfactors)
            cli_wrap(out, 2, 4, "- no risk factor given: the standard "
                                "speed [TAPER-POLICY]");
    } else if(pol->nfactors) {
        snprintf(line, sizeof(line), "Risk factors (the default would be "
                 "%s):", pol->risk_preset->name);
        cli_wrap(out, 0, 2, line);
    }
    for(int i = 0; i < pol->nfactors; i++) {
        snprintf(line, sizeof(line), "- %s (+%d) [%s]", pol->factors[i].text,
                 pol->factors[i].points, pol->factors[i].sources);
        cli_wrap(out, 2, 4, line);
    }
    if(pol->min_total_days) {
        snprintf(line, sizeof(line), "Never shorter than %d days: the "
                 "label's minimum of 1-2 weeks, its long end [%s].",
                 pol->min_total_days, pol->label_min_sources);
        if(pol->min_total_days != pol->label_min_days)
            snprintf(line, sizeof(line), "Never shorter than %d days (the "
                     "%s speed); the label's minimum otherwise is %d days "
                     "[%s].", pol->min_total_days, q->name,
                     pol->label_min_days, pol->label_min_sources);
        cli_wrap(out, 0, 2, line);
    }
    size_t nn = sd_taper_notes(m, spec, pol, p, notes, 8);
    for(size_t i = 0; i < nn; i++) {
        snprintf(line, sizeof(line), "Note: %s", notes[i]);
        cli_wrap(out, 0, 2, line);
    }
    for(int i = 0; i < p->nadj; i++) {
        const sd_taper_adjustment *d = &p->adj[i];
        char day[32];
        sd_date_format(d->withdrawal_day, day, sizeof(day));
        snprintf(line, sizeof(line), "Adjusted %s: withdrawal at %s a day "
                 "(step %d); back to %s a day, held %d days, then cuts of "
                 "half the size every %d days instead of %d.", day,
                 sd_taper_mg(d->cause_ug, a, sizeof(a)), d->cause_step + 1,
                 sd_taper_mg(d->back_to_ug, b, sizeof(b)), d->hold_days,
                 d->days_after, d->days_before);
        cli_wrap(out, 0, 2, line);
    }
    fputc('\n', out);
    /* The patient lines, wrapped for the terminal. */
    char *mem = NULL;
    size_t memlen = 0;
    FILE *ms = open_memstream(&mem, &memlen);
    if(ms) {
        sd_taper_write_lines(ms, p, l);
        fclose(ms);
        for(char *ln = mem, *nl; ln && *ln; ln = nl + 1) {
            nl = strchr(ln, '\n');
            if(!nl)
                break;
            *nl = '\0';
            cli_wrap(out, ln[0] == ' ' ? 2 : 0, ln[0] == ' ' ? 3 : 2,
                     ln + strspn(ln, " "));
        }
        free(mem);
    }
    fprintf(out, "\nTo dispense from %s:", sd_date_format(
                                               p->dispense_from_day, a,
                                               sizeof(a)));
    if(p->req.nstrengths)
        for(int k = 0; k < p->req.nstrengths; k++)
            fprintf(out, "%s %lld x %s tablets", k ? "," : "",
                    (long long)p->tablets_total[k],
                    sd_taper_mg(p->req.strengths[k].ug, b, sizeof(b)));
    else
        fprintf(out, " %lld.%03lld mL", (long long)(p->ul_total / 1000),
                (long long)(p->ul_total % 1000));
    fprintf(out, "\n\n");
    snprintf(line, sizeof(line), "%sWithdrawal watch: ",
             pol->watch ? "IMPORTANT. " : "");
    size_t k = strlen(line);
    sd_taper_watch(m, line + k, sizeof(line) - k);
    cli_wrap(out, 0, 0, line);
}

static int emit(const sd_monograph *m, const sd_taper_spec *spec,
                const sd_taper_policy *pol, const sd_taper_plan *p,
                const struct out_opts *o)
{
    sd_taper_label l;
    sd_error err;
    char tmp[4096];
    FILE *out = stdout;
    int rc = CLI_EXIT_OK;

    const char *epoch = getenv("SOURCE_DATE_EPOCH");
    sd_taper_label_init(&l, m, p, epoch ? strtoll(epoch, NULL, 10)
                                        : (long long)time(NULL));
    if(o->output) {
        snprintf(tmp, sizeof(tmp), "%s.tmp.%ld", o->output, (long)getpid());
        if(!(out = fopen(tmp, "wb"))) {
            cli_error("%s: %s", o->output, strerror(errno));
            return CLI_EXIT_IO;
        }
    }
    switch(o->format) {
    case F_TEXT:
        print_text(out, m, spec, pol, p, &l);
        break;
    case F_LINES:
        sd_taper_write_lines(out, p, &l);
        break;
    case F_TABLE:
        sd_taper_write_table(out, p);
        break;
    case F_CSV:
        sd_taper_write_csv(out, p);
        break;
    case F_ICS: {
        char *ics = sd_taper_ics(p, &l, &err);
        if(!ics) {
            cli_error("%s", sd_error_format(&err, tmp, sizeof(tmp)));
            rc = CLI_EXIT_NOMEM;
        } else {
            fputs(ics, out);
            sd_free(ics);
        }
        sd_taper_ics_cleanup();
        break;
    }
    case F_JSON:
    case F_FHIR: {
        json_t *j = o->format == F_JSON
                        ? sd_taper_plan_to_json(m, spec, pol, p, &l)
                        : sd_taper_fhir(p, &l, &err);
        if(!j || json_dumpf(j, out, JSON_INDENT(2) | JSON_REAL_PRECISION(15))) {
            cli_error("out of memory");
            rc = CLI_EXIT_NOMEM;
        } else {
            fputc('\n', out);
        }
        json_decref(j);
        break;
    }
    }
    if(o->output) {
        int bad = ferror(out);
        bad |= fclose(out);
        if(!rc && !bad && rename(tmp, o->output)) {
            cli_error("%s: %s", o->output, strerror(errno));
            rc = CLI_EXIT_IO;
        } else if(bad && !rc) {
            cli_error("%s: write error", o->output);
            rc = CLI_EXIT_IO;
        }
        if(rc)
            remove(tmp);
    }
    return rc;
}

static int fail_with(int rc, const sd_error *err)
{
    char msg[512];
    cli_error("%s", sd_error_format(err, msg, sizeof(msg)));
    return cli_exit_for(rc);
}

static int cmd_adjust(struct cli_ctx *ctx, int argc, char **argv)
{
    struct out_opts o = {F_TEXT, NULL};
    const char *path = NULL;
    long wday = -1, hold = 7;
    sd_taper_spec spec;
    sd_taper_policy pol;
    sd_monograph *m;
    sd_error err;
    char *buf;
    size_t len;
    int rc;

    for(int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if(!strcmp(a, "-h") || !strcmp(a, "--help")) {
            fputs(adjust_usage, stdout);
            return CLI_EXIT_OK;
        }
        if(a[0] != '-' || !strcmp(a, "-")) {
            if(path) {
                cli_error("give one plan file, not '%s' too", a);
                return CLI_EXIT_USAGE;
            }
            path = a;
            continue;
        }
        if(!v) {
            cli_error("option '%s' needs a value", a);
            return CLI_EXIT_USAGE;
        }
        i++;
        if((rc = out_option(a, v, &o))) {
            if(rc > 1)
                return rc - 10;
        } else if(!strcmp(a, "--withdrawal-on")) {
            if((rc = cli_parse_date(a, v, &wday)))
                return rc;
        } else if(!strcmp(a, "--hold-days")) {
            if((rc = parse_int(a, v, 1, 365, &hold)))
                return rc;
        } else {
            cli_error("unknown option '%s'; see 'stepdown plan adjust "
                      "--help'", a);
            return CLI_EXIT_USAGE;
        }
    }
    if(!path || wday < 0) {
        cli_error("give the plan file and --withdrawal-on DATE; see "
                  "'stepdown plan adjust --help'");
        return CLI_EXIT_USAGE;
    }
    if((rc = cli_read_file(path, &buf, &len)))
        return rc;
    sd_taper_plan *p = calloc(2, sizeof(*p));
    if(!p) {
        free(buf);
        cli_error("out of memory");
        return CLI_EXIT_NOMEM;
    }
    rc = sd_taper_plan_from_json(buf, len, &spec, p, &err);
    free(buf);
    if(rc) {
        char msg[512];
        cli_error("%s: %s", path, sd_error_format(&err, msg, sizeof(msg)));
        free(p);
        return cli_exit_for(rc);
    }
    if((rc = cli_load(ctx, spec.drug[0] ? spec.drug : NULL, &m))) {
        free(p);
        return rc;
    }
    /* The policy as it was (for the record); the speed now is the plan's. */
    if((rc = sd_taper_policy_of(m, &spec, &pol, &err)) ||
       (rc = sd_taper_adjust(&p[0], wday, (int)hold, &p[1], &err))) {
        rc = fail_with(rc, &err);
    } else {
        rc = emit(m, &spec, &pol, &p[1], &o);
    }
    sd_monograph_free(m);
    free(p);
    return rc;
}

int cmd_plan(struct cli_ctx *ctx, int argc, char **argv)
{
    struct out_opts o = {F_TEXT, NULL};
    const char *request = NULL;
    sd_taper_spec spec;
    sd_taper_policy pol;
    sd_monograph *m;
    sd_error err;
    int rc;

    if(argc > 1 && !strcmp(argv[1], "adjust"))
        return cmd_adjust(ctx, argc - 1, argv + 1);
    if(argc > 1 && !strcmp(argv[1], "save"))
        return cmd_plan_save(ctx, argc - 1, argv + 1);
    if((rc = parse_plan(argc, argv, &spec, &o, &request)))
        return rc < 0 ? CLI_EXIT_OK : rc;
    if(request) {
        char *buf;
        size_t len;
        if((rc = cli_read_file(request, &buf, &len)))
            return rc;
        rc = sd_taper_spec_from_json(buf, len, &spec, &err);
        free(buf);
        if(rc) {
            char msg[512];
            cli_error("%s: %s", request,
                      sd_error_format(&err, msg, sizeof(msg)));
            return cli_exit_for(rc);
        }
    }
    if((rc = cli_load(ctx, spec.drug[0] ? spec.drug : NULL, &m)))
        return rc;
    sd_taper_plan *p = calloc(1, sizeof(*p));
    if(!p) {
        sd_monograph_free(m);
        cli_error("out of memory");
        return CLI_EXIT_NOMEM;
    }
    if((rc = sd_taper_make(m, &spec, &pol, p, &err)))
        rc = fail_with(rc, &err);
    else
        rc = emit(m, &spec, &pol, p, &o);
    free(p);
    sd_monograph_free(m);
    return rc;
}
