/*
** cli_check.c: stepdown check, the symptom checker.
*/
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <jansson.h>

#include "cli.h"
#include "stepdown/date.h"
#include "stepdown/lexicon.h"
#include "stepdown/triage.h"
#include "stepdown/triage_json.h"

static const char check_usage[] =
    "usage: stepdown check \"TEXT\" | - [options]\n"
    "       stepdown check --batch [FILE|-] [--drug NAME] [--today DATE]\n"
    "  TEXT                 the symptoms in your own words; - reads stdin\n"
    "  --drug NAME          the drug (default: " SD_DEFAULT_DRUG ")\n"
    "  --route oral|intrathecal\n"
    "  --dose-mg-day N      current daily dose in mg\n"
    "  --reduced-on DATE    the dose was cut on DATE (YYYY-MM-DD); repeatable\n"
    "  --stopped-on DATE    the drug was stopped on DATE\n"
    "  --increased-on DATE  the dose went up on DATE\n"
    "  --hours-since-dose H hours since the last dose\n"
    "  --days-on-drug N     days on the drug\n"
    "  --egfr N             kidney function, eGFR in mL/min/1.73 m2\n"
    "  --age N              age in years\n"
    "  --alcohol            alcohol was taken (--no-alcohol: it was not)\n"
    "  --sedatives          another sedative was taken (--no-sedatives)\n"
    "  --answer ID=yes|no   the answer to one of the checker's questions, e.g.\n"
    "                       can-wake=no; repeatable (a wrong ID lists them)\n"
    "  --today DATE         check as of DATE (default: today)\n"
    "  --wordlist FILE      English word list guarding spelling correction\n"
    "                       (default: $STEPDOWN_WORDLIST, else "
    SD_WORDLIST_DEFAULT ")\n"
    "  --json               JSON output (docs/schema/check.schema.json); errors\n"
    "                       too, as {\"error\": {\"code\", \"message\", \"where\"}}\n"
    "  --batch [FILE|-]     JSON Lines: one request per line, as the body of\n"
    "                       POST /api/v1/check with an optional \"id\"; one\n"
    "                       answer per line (docs/CLI.md); stdin without FILE\n"
    "exit status: 0 ok, 2 usage error or (--batch) a line refused, 3 out of\n"
    "memory, 4 file error\n";

static int parse_num(const char *opt, const char *s, double lo, double hi,
                     double *out)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if(!*s || *end || errno || v != v || v < lo || v > hi) {
        cli_error("%s '%s' must be a number from %g to %g", opt, s, lo, hi);
        return CLI_EXIT_USAGE;
    }
    *out = v;
    return CLI_EXIT_OK;
}

static char *read_stdin(size_t *len)
{
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap);

    if(!buf)
        return NULL;
    for(;;) {
        if(n == cap) {
            if(cap > SD_CHECK_MAX_TEXT) {
                break;   /* enough to know it is too long */
            }
            char *p = realloc(buf, cap * 2);
            if(!p) {
                free(buf);
                return NULL;
            }
            buf = p;
            cap *= 2;
        }
        size_t r = fread(buf + n, 1, cap - n, stdin);
        n += r;
        if(r == 0)
            break;
    }
    *len = n;
    return buf;
}

static void upper_name(int level, char *out, size_t n)
{
    const char *s = sd_disposition_name(level);
    size_t i = 0;
    for(; s[i] && i + 1 < n; i++)
        out[i] = s[i] == '-' ? ' '
                             : (char)(s[i] >= 'a' && s[i] <= 'z' ? s[i] - 32
                                                                 : s[i]);
    out[i] = '\0';
}

static void print_text(const sd_lexicon *lx, const sd_assessment *a)
{
    const sd_monograph *m = sd_lexicon_monograph(lx);
    const sd_reading *r = &a->reading;
    const sd_used_context *u = &a->used;
    char line[2048], name[32];
    int shown = 0;

    upper_name(a->disposition, name, sizeof(name));
    snprintf(line, sizeof(line), "%s: %s", name, a->headline);
    cli_wrap(stdout, 0, 2, line);

    printf("\nWhat to do:\n");
    /* Each advice once, highest level first; distinct advice is few. */
    const char *printed[64];
    size_t np = 0;
    for(int l = SD_DISP_COUNT - 1; l >= 0; l--)
        for(size_t i = 0; i < a->nreasons; i++) {
            const sd_reason *x = &a->reasons[i];
            int seen = 0;
            if(x->disposition != l || !x->advice)
                continue;
            for(size_t j = 0; j < np && !seen; j++)
                seen = printed[j] == x->advice || !strcmp(printed[j], x->advice);
            if(seen || np == sizeof(printed) / sizeof(printed[0]))
                continue;
            printed[np++] = x->advice;
            snprintf(line, sizeof(line), "- %s", x->advice);
            cli_wrap(stdout, 2, 4, line);
            shown++;
        }
    if(!shown)
        printf("  - Nothing to do now.\n");

    /* The red-flag questions that could raise the answer, with the way to
    ** give the answer back. */
    if(a->nquestions) {
        printf("\nQuestions that could change this answer:\n");
        for(size_t i = 0; i < a->nquestions; i++) {
            const sd_question *q = a->questions[i];
            snprintf(line, sizeof(line), "- %s If %s: %s. Answer with "
                     "--answer %s=yes or --answer %s=no.", q->text,
                     q->worrying_answer ? "yes" : "no",
                     sd_disposition_name(q->level), q->id, q->id);
            cli_wrap(stdout, 2, 4, line);
        }
    }

    printf("\nWhat stepdown recognised:\n");
    shown = 0;
    for(size_t i = 0; i < r->nfindings; i++) {
        const sd_finding *f = &r->findings[i];
        const sd_concept *c = sd_monograph_concept(m, f->concept);
        if(f->negated)
            continue;
        size_t n = (size_t)snprintf(line, sizeof(line), "- %s: \"%.*s\"",
                                    c->name, (int)(f->end - f->start),
                                    r->text.src + f->start);
        if(f->corrected)
            n += (size_t)snprintf(line + n, sizeof(line) - n,
                                  " (read as \"%s\")", f->phrase);
        if(f->intensity != SD_INTENSITY_UNSTATED && n < sizeof(line))
            n += (size_t)snprintf(line + n, sizeof(line) - n, ", %s",
                                  sd_intensity_name(f->intensity));
        if(f->worsening && n < sizeof(line))
            n += (size_t)snprintf(line + n, sizeof(line) - n,
                                  ", getting worse");
        if(f->lasting && n < sizeof(line))
            n += (size_t)snprintf(line + n, sizeof(line) - n, ", lasting");
        if(n < sizeof(line))
            n += (size_t)snprintf(line + n, sizeof(line) - n, " -> likely ");
        static const unsigned order[] = {
            SD_EXPL_WITHDRAWAL, SD_EXPL_OVERDOSE, SD_EXPL_TOXICITY,
            SD_EXPL_INTERACTION, SD_EXPL_SIDE_EFFECT};
        int first = 1;
        for(size_t k = 0; k < 5 && n < sizeof(line); k++)
            if(a->explanations[i] & order[k]) {
                unsigned b = order[k];
                const char *e = sd_explanation_name(b);
                n += (size_t)snprintf(line + n, sizeof(line) - n, "%s%s",
                                      first ? "" : " or ",
                                      !strcmp(e, "side_effect") ? "a side effect"
                                                                : e);
                first = 0;
            }
        if(first && n < sizeof(line))
            n += (size_t)snprintf(line + n, sizeof(line) - n,
                                  "a sign to report");
        if(n < sizeof(line))
            snprintf(line + n, sizeof(line) - n, " [%s] (bytes %zu-%zu)",
                     sd_disposition_name(a->levels[i]), f->start, f->end);
        cli_wrap(stdout, 2, 4, line);
        shown++;
    }
    if(!shown)
        printf("  - no symptom\n");
    for(size_t i = 0; i < r->nfindings; i++) {
        const sd_finding *f = &r->findings[i];
        if(!f->negated)
            continue;
        snprintf(line, sizeof(line), "- not counted, negated: %s (\"%.*s\" "
                 "... \"%.*s\")",
                 sd_monograph_concept(m, f->concept)->name,
                 (int)(f->neg_end - f->neg_start), r->text.src + f->neg_start,
                 (int)(f->end - f->start), r->text.src + f->start);
        cli_wrap(stdout, 2, 4, line);
    }
    if(r->nunrecognised) {
        size_t n = (size_t)snprintf(line, sizeof(line), "- not recognised: ");
        for(size_t i = 0; i < r->nunrecognised && n < sizeof(line); i++)
            n += (size_t)snprintf(line + n, sizeof(line) - n, "%s\"%.*s\"",
                                  i ? ", " : "",
                                  (int)(r->unrecognised[i].end -
                                        r->unrecognised[i].start),
                                  r->text.src + r->unrecognised[i].start);
        cli_wrap(stdout, 2, 4, line);
    }

    /* Context in one line. */
    {
        size_t n = (size_t)snprintf(line, sizeof(line), "Context used: route %s",
                                    u->route == SD_ROUTE_INTRATHECAL ? "intrathecal"
                                    : u->route == SD_ROUTE_ORAL      ? "oral"
                                                                     : "not given");
        if(u->interruption && n < sizeof(line)) {
            n += (size_t)snprintf(line + n, sizeof(line) - n, "; %s",
                                  sd_cue_name(u->interruption_kind));
            if(u->interruption_hours >= 0 && n < sizeof(line))
                n += (size_t)snprintf(line + n, sizeof(line) - n,
                                      " about %.0f h ago",
                                      u->interruption_hours);
            if(n < sizeof(line))
                n += (size_t)snprintf(line + n, sizeof(line) - n, " (%s; "
                                      "withdrawal onset window %g-%g h)",
                                      u->interruption_from_text ? "from the text"
                                                                : "given",
                                      u->onset_min, u->onset_max);
        }
        if(u->increase && n < sizeof(line))
            n += (size_t)snprintf(line + n, sizeof(line) - n,
                                  "; recent dose increase");
        if(u->extra && n < sizeof(line))
            n += (size_t)snprintf(line + n, sizeof(line) - n, "; took extra");
        if(u->above_max && n < sizeof(line))
            n += (size_t)snprintf(line + n, sizeof(line) - n,
                                  "; dose above the label maximum");
        if(u->kidney_level && n < sizeof(line))
            n += (size_t)snprintf(line + n, sizeof(line) - n,
                                  "; reduced kidney function");
        if((u->alcohol || u->sedatives) && n < sizeof(line))
            n += (size_t)snprintf(line + n, sizeof(line) - n, "; %s",
                                  u->alcohol ? "alcohol" : "another sedative");
        if(u->elderly && n < sizeof(line))
            snprintf(line + n, sizeof(line) - n, "; age 65 or over");
        printf("\n");
        cli_wrap(stdout, 0, 2, line);
    }

    printf("\nWhy (rule, fact, source):\n");
    for(size_t i = 0; i < a->nreasons; i++) {
        const sd_reason *x = &a->reasons[i];
        snprintf(line, sizeof(line), "- %s [%s]: %s.", x->rule,
                 sd_disposition_name(x->disposition),
                 x->detail ? x->detail : "");
        cli_wrap(stdout, 2, 4, line);
        snprintf(line, sizeof(line), "Rule: %s (%s)", x->rule_text, x->policy);
        cli_wrap(stdout, 4, 6, line);
        if(x->fact) {
            char src[512] = "";
            if(x->src.n)
                cli_fmt_sources(m, x->src, src, sizeof(src));
            snprintf(line, sizeof(line), "Fact: %s %s", x->fact, src);
            cli_wrap(stdout, 4, 6, line);
        }
    }
    if(!sd_lexicon_spelling(lx))
        printf("\nnote: spelling correction is off (no English word list "
               "found).\n");
    printf("\nSource tags: 'stepdown sources'.\n");
    cli_wrap(stdout, 0, 0, SD_SUPPORT_NOTICE);
}

/* ==== --batch: one request per line, one answer per line ==== */

struct batch {
    const sd_monograph *m;
    const sd_lexicon *lx;
    long today;               /* for lines without context.today */
    sd_assessment a;          /* reused from line to line */
    unsigned long answered, refused;
};

/* Write {"id", "line", "error": {"code", "message", "where"}} for line
** no (id borrowed, NULL: null). Returns an exit status: 0, or out of
** memory (write errors are seen by the caller's fflush). */
static int line_refused(struct batch *b, unsigned long no, json_t *id,
                        const char *code, const char *where,
                        const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

static int line_refused(struct batch *b, unsigned long no, json_t *id,
                        const char *code, const char *where,
                        const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    json_t *v = json_object(), *e;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    e = cli_error_json(code, where, msg);
    b->refused++;
    if(!v || !e ||
       json_object_set_new(v, "id", id ? json_incref(id) : json_null()) ||
       json_object_set_new(v, "line", json_integer((json_int_t)no)) ||
       json_object_set_new(v, "error", e)) {
        if(!v)
            json_decref(e);
        json_decref(v);
        cli_error("out of memory");
        return CLI_EXIT_NOMEM;
    }
    json_dumpf(v, stdout, JSON_COMPACT);
    json_decref(v);
    fputc('\n', stdout);
    return CLI_EXIT_OK;
}

/* Check line no (len bytes at line, NUL-terminated) and write its answer.
** A refused line is answered with its error; only running out of memory
** stops the batch (the exit status is returned). */
static int batch_line(struct batch *b, unsigned long no, const char *line,
                      size_t len)
{
    json_error_t je;
    sd_check_request req;
    sd_error err;
    json_t *id = NULL;
    int rc;

    json_t *root = json_loadb(line, len, JSON_REJECT_DUPLICATES |
                              JSON_DECODE_ANY, &je);
    if(!root)
        return line_refused(b, no, NULL, "parse", "$", "the line is not "
                            "JSON: %s (column %d)", je.text, je.column);
    if(json_is_object(root)) {
        id = json_object_get(root, "id");
        if(!json_is_string(id) && !json_is_number(id))
            id = NULL;
    }
    rc = sd_check_request_from_json(root, b->today, SD_CHECK_REQUEST_ID,
                                    &req, &err);
    if(rc) {
        rc = line_refused(b, no, id, sd_rc_name(rc), err.path, "%s",
                          err.text);
    } else if(req.drug && !sd_monograph_names(b->m, req.drug)) {
        rc = line_refused(b, no, id, "invalid", "$.drug", "this batch "
                          "checks %s (--drug); leave \"drug\" out or run "
                          "another batch with --drug '%.64s'",
                          sd_monograph_id(b->m), req.drug);
    } else if((rc = sd_check(b->lx, &req.ctx, req.text, req.len, &b->a,
                             &err))) {
        if(rc == SD_ERR_NOMEM) {
            cli_error("out of memory");
            rc = CLI_EXIT_NOMEM;
        } else {
            /* as POST /api/v1/check answers it (srv_invalid) */
            rc = line_refused(b, no, id, "invalid",
                              err.path[0] ? err.path : "$.text", "%s",
                              err.text);
        }
    } else {
        size_t n = 0;
        char *text = sd_assessment_json_text(b->lx, &b->a, &n);
        char *idt = id ? json_dumps(id, JSON_ENCODE_ANY | JSON_COMPACT)
                       : NULL;
        if(!text || (id && !idt)) {
            cli_error("out of memory");
            rc = CLI_EXIT_NOMEM;
        } else {
            printf("{\"id\":%s,\"line\":%lu,\"assessment\":", idt ? idt
                                                                  : "null",
                   no);
            fwrite(text, 1, n, stdout);
            fputs("}\n", stdout);
            b->answered++;
        }
        sd_free(text);
        free(idt);
    }
    json_decref(root);
    return rc;
}

static int blank(const char *s, size_t n)
{
    for(size_t i = 0; i < n; i++)
        if(s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
            return 0;
    return 1;
}

/* Check every line of path ("-": stdin) with lexicon lx of monograph m;
** today for the lines that do not give context.today. Returns the exit
** status: 0 when every line was answered, 2 when some line was refused. */
static int run_batch(const sd_monograph *m, const sd_lexicon *lx,
                     const char *path, long today)
{
    struct batch b;
    FILE *fp = strcmp(path, "-") ? fopen(path, "rb") : stdin;
    char *line = sd_malloc(SD_CHECK_REQUEST_MAX + 1);
    unsigned long no = 0;
    int rc = CLI_EXIT_OK, c = 0;

    if(!fp) {
        cli_error_code("io", "%s: cannot open: %s", path, strerror(errno));
        sd_free(line);
        return CLI_EXIT_IO;
    }
    if(!line) {
        cli_error("out of memory");
        if(fp != stdin)
            fclose(fp);
        return CLI_EXIT_NOMEM;
    }
    memset(&b, 0, sizeof(b));
    b.m = m;
    b.lx = lx;
    b.today = today;
    sd_assessment_init(&b.a);
    while(!rc && c != EOF) {
        size_t n = 0;
        int too_long = 0;
        while((c = getc(fp)) != EOF && c != '\n') {
            if(n < SD_CHECK_REQUEST_MAX)
                line[n++] = (char)c;
            else
                too_long = 1;
        }
        if(c == EOF && ferror(fp)) {
            cli_error_code("io", "%s: read error after line %lu: %s",
                           path, no, strerror(errno));
            rc = CLI_EXIT_IO;
            break;
        }
        if(c == EOF && !n && !too_long)
            break;
        no++;
        line[n] = '\0';
        if(too_long)
            rc = line_refused(&b, no, NULL, "too_large", "$", "the line is "
                              "longer than %zu bytes; a request holds one "
                              "report of at most %zu bytes",
                              SD_CHECK_REQUEST_MAX, SD_CHECK_MAX_TEXT);
        else if(!blank(line, n))
            rc = batch_line(&b, no, line, n);
        /* an answer as soon as it is known, for a process that waits */
        if(fflush(stdout)) {
            cli_error_code("io", "cannot write output: %s", strerror(errno));
            rc = CLI_EXIT_IO;
        }
    }
    sd_assessment_release(&b.a);
    sd_free(line);
    if(fp != stdin)
        fclose(fp);
    if(!rc && b.refused) {
        /* not an error of the command: each line says why */
        fprintf(stderr, "stepdown: %lu of %lu requests refused (see their "
                "\"error\")\n", b.refused, b.refused + b.answered);
        cli_json_errors(0);
        rc = CLI_EXIT_USAGE;
    }
    return rc;
}

/* ==== stepdown check ==== */

static int check(struct cli_ctx *ctx, int argc, char **argv)
{
    const char *text = NULL, *drug = NULL, *today_s = NULL;
    const char *wordlist = getenv("STEPDOWN_WORDLIST");
    const char *batch = NULL;       /* --batch FILE, "-" for stdin */
    const char *ctx_opt = NULL;     /* the first context option given */
    int explicit_wordlist = wordlist && *wordlist;
    int json = 0, rc;
    sd_context c;
    sd_error err;
    struct {
        int kind;
        const char *opt, *date;
    } dates[SD_CONTEXT_MAX_EVENTS];
    size_t ndates = 0;

    sd_context_init(&c);
    for(int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        double d;
        cli_error_where(a[0] == '-' && a[1] ? a : "TEXT");
        if(!strcmp(a, "-h") || !strcmp(a, "--help")) {
            fputs(check_usage, stdout);
            return CLI_EXIT_OK;
        }
        if(!strcmp(a, "--json")) {
            json = 1;
            continue;
        }
        if(!strcmp(a, "--batch")) {
            /* FILE is optional: stdin without it */
            batch = "-";
            if(v && (v[0] != '-' || !strcmp(v, "-"))) {
                batch = v;
                i++;
            }
            continue;
        }
        if(!strcmp(a, "--alcohol") || !strcmp(a, "--no-alcohol")) {
            c.alcohol = a[2] != 'n';
            ctx_opt = ctx_opt ? ctx_opt : a;
            continue;
        }
        if(!strcmp(a, "--sedatives") || !strcmp(a, "--no-sedatives")) {
            c.sedatives = a[2] != 'n';
            ctx_opt = ctx_opt ? ctx_opt : a;
            continue;
        }
        if(a[0] == '-' && a[1] == '-') {
            if(!v) {
                cli_error("option '%s' needs a value; see 'stepdown check "
                          "--help'", a);
                return CLI_EXIT_USAGE;
            }
            i++;
            if(strcmp(a, "--drug") && strcmp(a, "--today") &&
               strcmp(a, "--wordlist") && !ctx_opt)
                ctx_opt = a;
            if(!strcmp(a, "--drug"))
                drug = v;
            else if(!strcmp(a, "--today"))
                today_s = v;
            else if(!strcmp(a, "--wordlist")) {
                wordlist = v;
                explicit_wordlist = 1;
            } else if(!strcmp(a, "--answer")) {
                if((rc = sd_context_answer_spec(&c, v, &err))) {
                    cli_error("--answer: %s", err.text);
                    return cli_exit_for(rc);
                }
            } else if(!strcmp(a, "--route")) {
                if(!strcmp(v, "oral"))
                    c.route = SD_ROUTE_ORAL;
                else if(!strcmp(v, "intrathecal"))
                    c.route = SD_ROUTE_INTRATHECAL;
                else {
                    cli_error("--route '%s': use oral or intrathecal", v);
                    return CLI_EXIT_USAGE;
                }
            } else if(!strcmp(a, "--dose-mg-day")) {
                const char *e;
                if((rc = cli_parse_mg(a, v, &e, &c.dose_ug_day)))
                    return rc;
                if(*e) {
                    cli_error("%s '%s': give milligrams, e.g. 60 or 12.5 (at "
                              "most 3 decimals)", a, v);
                    return CLI_EXIT_USAGE;
                }
            } else if(!strcmp(a, "--reduced-on") || !strcmp(a, "--stopped-on") ||
                      !strcmp(a, "--increased-on")) {
                if(ndates == SD_CONTEXT_MAX_EVENTS) {
                    cli_error("at most %d dose changes", SD_CONTEXT_MAX_EVENTS);
                    return CLI_EXIT_USAGE;
                }
                dates[ndates].kind = a[2] == 'r'   ? SD_CUE_REDUCED
                                     : a[2] == 's' ? SD_CUE_STOPPED
                                                   : SD_CUE_INCREASED;
                dates[ndates].opt = a;
                dates[ndates++].date = v;
            } else if(!strcmp(a, "--hours-since-dose")) {
                if((rc = parse_num(a, v, 0, 24 * 365, &c.hours_since_dose)))
                    return rc;
            } else if(!strcmp(a, "--days-on-drug")) {
                if((rc = parse_num(a, v, 0, 36500, &d)))
                    return rc;
                c.days_on_drug = (int)d;
            } else if(!strcmp(a, "--egfr")) {
                if((rc = parse_num(a, v, 0, 200, &c.egfr)))
                    return rc;
            } else if(!strcmp(a, "--age")) {
                if((rc = parse_num(a, v, 0, 130, &d)))
                    return rc;
                c.age = (int)d;
            } else {
                cli_error("unknown option '%s'; see 'stepdown check --help'", a);
                return CLI_EXIT_USAGE;
            }
            continue;
        }
        if(text) {
            cli_error("one TEXT only (got '%s' too); quote the whole text", a);
            return CLI_EXIT_USAGE;
        }
        text = a;
    }
    if(batch && text) {
        cli_error_where("TEXT");
        cli_error("with --batch the requests are the lines of %s; give no "
                  "TEXT ('%s')", strcmp(batch, "-") ? batch : "stdin", text);
        return CLI_EXIT_USAGE;
    }
    if(batch && ctx_opt) {
        cli_error_where(ctx_opt);
        cli_error("%s is the context of one check; with --batch give it in "
                  "each line's \"context\" or \"answers\" (docs/CLI.md)",
                  ctx_opt);
        return CLI_EXIT_USAGE;
    }
    if(!batch && !text) {
        cli_error_where("TEXT");
        cli_error("no text: stepdown check \"what you feel, in your own "
                  "words\" (or - to read stdin)");
        return CLI_EXIT_USAGE;
    }

    long today;
    if(today_s) {
        cli_error_where("--today");
        if((rc = cli_parse_date("--today", today_s, &today)))
            return rc;
    } else {
        today = sd_date_today();
    }
    for(size_t i = 0; i < ndates; i++) {
        long day;
        cli_error_where(dates[i].opt);
        if((rc = cli_parse_date(dates[i].opt, dates[i].date, &day)))
            return rc;
        if(day > today) {
            cli_error("%s %s is in the future (today is taken as %ld days "
                      "after 1970-01-01); give the date it happened",
                      dates[i].opt, dates[i].date, today);
            return CLI_EXIT_USAGE;
        }
        c.events[c.nevents].kind = dates[i].kind;
        c.events[c.nevents].hours_ago = (double)(today - day) * 24;
        c.events[c.nevents++].slack = 24;
    }
    cli_error_where(NULL);

    char *buf = NULL;
    size_t len = 0;
    if(text && !strcmp(text, "-")) {
        if(!(buf = read_stdin(&len))) {
            cli_error("out of memory");
            return CLI_EXIT_NOMEM;
        }
        text = buf;
    } else if(text) {
        len = strlen(text);
    }

    sd_monograph *m;
    if((rc = cli_load(ctx, drug, &m))) {
        free(buf);
        return rc;
    }
    if(!explicit_wordlist) {
        struct stat st;
        wordlist = stat(SD_WORDLIST_DEFAULT, &st) == 0 ? SD_WORDLIST_DEFAULT
                                                        : NULL;
    }
    sd_lexicon *lx;
    char msg[1024];
    if((rc = sd_lexicon_build(m, wordlist, &lx, &err))) {
        cli_error_code(sd_rc_name(rc), "%s",
                       sd_error_format(&err, msg, sizeof(msg)));
        sd_monograph_free(m);
        free(buf);
        return cli_exit_for(rc);
    }
    if(batch) {
        rc = run_batch(m, lx, batch, today);
    } else {
        sd_assessment a;
        sd_assessment_init(&a);
        rc = sd_check(lx, &c, text, len, &a, &err);
        if(rc) {
            cli_error_where("TEXT");
            cli_error_code(sd_rc_name(rc), "%s",
                           sd_error_format(&err, msg, sizeof(msg)));
            rc = cli_exit_for(rc);
        } else if(json) {
            rc = cli_print_json(sd_assessment_json(lx, &a));
        } else {
            print_text(lx, &a);
            rc = CLI_EXIT_OK;
        }
        sd_assessment_release(&a);
    }
    sd_lexicon_free(lx);
    sd_monograph_free(m);
    free(buf);
    return rc;
}

int cmd_check(struct cli_ctx *ctx, int argc, char **argv)
{
    /* before the options are read, so that their errors are JSON too */
    for(int i = 1; i < argc; i++)
        if(!strcmp(argv[i], "--json") || !strcmp(argv[i], "--batch"))
            cli_json_errors(1);
    return cli_error_flush(check(ctx, argc, argv));
}
